#!/usr/bin/env python3
"""Independent peer for src/metrics/clustered.rs and the patient bootstrap, written from the papers.

Reads the real multi-unit-per-patient cohorts in tests/fixtures/clustered/ (made by
make_fixtures.R) and writes tests/fixtures/clustered/peer.json, which tests/peers/clustered_peers.rs
compares with the engine.

* AUC variance: Obuchowski NA (1997) Nonparametric analysis of clustered ROC curve data.
  Biometrics 53:567-578, eqs. for V10/V01 (unit components), their cluster sums, I10/I01, and
  S10, S01, S11; var = S10/M + S01/N + 2 S11/(M N). Computed here by the O(M N) double loop
  over all (positive, negative) pairs, not by ranking. The covariance of two AUCs on the same
  units is the same sums taken across the two scores (her section 3).
* Proportions: the ratio estimator p = sum y_i / sum n_i with the robust (sandwich) variance of
  an intercept-only GEE with independence working correlation, checked here against statsmodels
  GEE (Gaussian identity and Binomial logit + delta method); design effect
  deff = var / (p(1-p)/n) truncated below at 1 (Korn & Graubard 1998), effective n = n/deff;
  Wilson on (p, n_eff) and Clopper-Pearson beta quantiles on (p n_eff, n_eff) (scipy).
* Clustered McNemar: Durkalski et al. (2003) Stat Med 22:2417-2428:
  X2 = (sum_k (b_k - c_k))^2 / sum_k (b_k - c_k)^2, chi-square 1 df.
* Patient bootstrap: resample patients with replacement within three strata (all units positive,
  all negative, mixed), numpy's generator; percentile interval (R type 7 = numpy "linear").

Run: python3 tests/peers/clustered.py   (numpy, scipy, statsmodels)
"""

import csv
import json
import math
import os
import sys

import numpy as np
import scipy
import statsmodels
import statsmodels.api as sm
from scipy.stats import beta, norm

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures", "clustered")
CONF = 0.95
THRESHOLD = 0.5
REPLICATES = 4000


def read(name):
    with open(os.path.join(FIXTURES, name), newline="") as f:
        rows = list(csv.DictReader(f))
    return (
        [r["patient"] for r in rows],
        np.array([int(r["label"]) for r in rows]),
        np.array([float(r["score"]) for r in rows]),
        np.array([float(r["score2"]) for r in rows]),
    )


def psi(x, y):
    return np.where(x > y, 1.0, np.where(x == y, 0.5, 0.0))


def obuchowski_parts(patients, y, s):
    ids = sorted(set(patients))
    pos = np.where(y == 1)[0]
    neg = np.where(y == 0)[0]
    M, N = len(pos), len(neg)
    pair = psi(s[pos][:, None], s[neg][None, :])  # M x N
    v10 = pair.sum(axis=1) / N  # per positive unit
    v01 = pair.sum(axis=0) / M  # per negative unit
    theta = v10.sum() / M
    index = {p: k for k, p in enumerate(ids)}
    I = len(ids)
    V10 = np.zeros(I)
    V01 = np.zeros(I)
    m = np.zeros(I)
    n = np.zeros(I)
    for k, u in enumerate(pos):
        V10[index[patients[u]]] += v10[k]
        m[index[patients[u]]] += 1
    for k, u in enumerate(neg):
        V01[index[patients[u]]] += v01[k]
        n[index[patients[u]]] += 1
    return dict(theta=theta, M=M, N=N, I=I, I10=int((m > 0).sum()), I01=int((n > 0).sum()),
                r10=V10 - m * theta, r01=V01 - n * theta)


def obuchowski_cov(a, b):
    M, N, I, I10, I01 = a["M"], a["N"], a["I"], a["I10"], a["I01"]
    S10 = I10 / ((I10 - 1) * M) * np.sum(a["r10"] * b["r10"])
    S01 = I01 / ((I01 - 1) * N) * np.sum(a["r01"] * b["r01"])
    S11_ab = I / (I - 1) * np.sum(a["r10"] * b["r01"])
    S11_ba = I / (I - 1) * np.sum(b["r10"] * a["r01"])
    return S10 / M + S01 / N + (S11_ab + S11_ba) / (M * N)


def wilson(x, n, conf=CONF):
    z = norm.isf((1 - conf) / 2)
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return [max(0.0, centre - half), min(1.0, centre + half)]


def clopper_pearson(x, n, conf=CONF):
    a = (1 - conf) / 2
    lo = 0.0 if x == 0 else beta.ppf(a, x, n - x + 1)
    hi = 1.0 if x == n else beta.isf(a, x + 1, n - x)
    return [float(lo), float(hi)]


def gee_variance(groups, yy):
    """Robust variance of the mean from statsmodels GEE (independence), two ways."""
    exog = np.ones((len(yy), 1))
    ind = sm.cov_struct.Independence()
    g = sm.GEE(yy.astype(float), exog, groups=groups, family=sm.families.Gaussian(), cov_struct=ind)
    r = g.fit()
    var_identity = float(r.cov_robust[0, 0]) if hasattr(r, "cov_robust") else float(r.cov_params()[0, 0])
    if 0 < yy.mean() < 1:
        gb = sm.GEE(yy.astype(float), exog, groups=groups, family=sm.families.Binomial(), cov_struct=ind)
        rb = gb.fit()
        p = 1 / (1 + math.exp(-rb.params[0]))
        var_logit = float(rb.cov_params()[0, 0]) * (p * (1 - p)) ** 2
    else:
        var_logit = 0.0
    return var_identity, var_logit


def proportion(patients, success, member):
    """success/member: per-unit booleans; the proportion over member units."""
    ids = sorted(set(patients))
    index = {p: k for k, p in enumerate(ids)}
    xi = np.zeros(len(ids))
    ni = np.zeros(len(ids))
    for u in range(len(patients)):
        if member[u]:
            ni[index[patients[u]]] += 1
            xi[index[patients[u]]] += success[u]
    x, n = xi.sum(), ni.sum()
    p = x / n
    var = np.sum((xi - p * ni) ** 2) / n ** 2
    groups = np.array([index[patients[u]] for u in range(len(patients)) if member[u]])
    yy = np.array([success[u] for u in range(len(patients)) if member[u]])
    var_gee, var_gee_logit = gee_variance(groups, yy)
    deff = 1.0 if x in (0, n) else max(1.0, var / (p * (1 - p) / n))
    n_eff = n / deff
    return dict(
        x=int(x), n=int(n), patients=int((ni > 0).sum()), estimate=p, variance=var,
        variance_gee=var_gee, variance_gee_logit=var_gee_logit, design_effect=deff,
        n_effective=n_eff, wilson=wilson(p * n_eff, n_eff), clopper_pearson=clopper_pearson(p * n_eff, n_eff),
        wilson_unclustered=wilson(x, n), clopper_pearson_unclustered=clopper_pearson(x, n),
    )


def durkalski(patients, y, a, ta, b, tb, cls):
    ids = sorted(set(patients))
    index = {p: k for k, p in enumerate(ids)}
    bk = np.zeros(len(ids))
    ck = np.zeros(len(ids))
    for u in range(len(y)):
        if y[u] != cls:
            continue
        ac = (a[u] >= ta) == bool(y[u])
        bc = (b[u] >= tb) == bool(y[u])
        if ac and not bc:
            bk[index[patients[u]]] += 1
        if bc and not ac:
            ck[index[patients[u]]] += 1
    den = np.sum((bk - ck) ** 2)
    x2 = 0.0 if den == 0 else (bk.sum() - ck.sum()) ** 2 / den
    return dict(b=int(bk.sum()), c=int(ck.sum()), statistic=float(x2), p_value=float(scipy.stats.chi2.sf(x2, 1)))


def auc_brier(y, s, w):
    pos, neg = y == 1, y == 0
    wp, wn = w[pos], w[neg]
    pair = psi(s[pos][:, None], s[neg][None, :])
    auc = float(wp @ pair @ wn / (wp.sum() * wn.sum()))
    brier = float(np.sum(w * (s - y) ** 2) / w.sum())
    return auc, brier


def bootstrap(patients, y, s, replicates=REPLICATES, seed=2024):
    ids = sorted(set(patients))
    index = np.array([ids.index(p) for p in patients])
    kinds = {}
    for u, k in enumerate(index):
        kinds.setdefault(k, set()).add(int(y[u]))
    strata = [[k for k in range(len(ids)) if kinds[k] == want] for want in ({1}, {0}, {0, 1})]
    rng = np.random.default_rng(seed)
    aucs, briers = [], []
    for _ in range(replicates):
        weight = np.zeros(len(ids))
        for st in strata:
            if st:
                drawn = rng.choice(st, size=len(st), replace=True)
                np.add.at(weight, drawn, 1)
        a, b = auc_brier(y, s, weight[index])
        aucs.append(a)
        briers.append(b)
    q = [(1 - CONF) / 2, 1 - (1 - CONF) / 2]
    return dict(replicates=replicates, seed=seed,
                auc=[float(v) for v in np.quantile(aucs, q)], brier=[float(v) for v in np.quantile(briers, q)],
                auc_sd=float(np.std(aucs, ddof=1)), brier_sd=float(np.std(briers, ddof=1)))


def effective_counts(patients, success, member):
    """Rao & Scott (1992): the clustered proportion as (x/deff, n/deff)."""
    p = proportion(patients, success, member)
    return p["x"] / p["design_effect"], p["n_effective"]


def newcombe_pooled(a, b, conf=CONF):
    """Newcombe (1998) hybrid score interval and the pooled z-test on (x, n) pairs."""
    p1, p2 = a[0] / a[1], b[0] / b[1]
    l1, u1 = wilson(a[0], a[1], conf)
    l2, u2 = wilson(b[0], b[1], conf)
    d = p1 - p2
    ci = [d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)]
    pooled = (a[0] + b[0]) / (a[1] + b[1])
    z = d / math.sqrt(pooled * (1 - pooled) * (1 / a[1] + 1 / b[1]))
    return dict(difference=d, ci=ci, p_value=float(2 * norm.sf(abs(z))))


def subgroups(patients, y, s, groups):
    """Each group against the rest: per-group patient-level intervals; Rao-Scott effective counts
    for sensitivity/specificity; Obuchowski variances with a Welch-type df over patients (AUC)."""
    out = {}
    pred = s >= THRESHOLD
    for g in sorted(set(groups)):
        inside = np.array([v == g for v in groups])
        res = {}
        for part, mask in (("group", inside), ("rest", ~inside)):
            pp = [patients[u] for u in range(len(y)) if mask[u]]
            yy, ss = y[mask], s[mask]
            o = obuchowski_parts(pp, yy, ss)
            var = obuchowski_cov(o, o)
            pr = pred[mask]
            res[part] = dict(
                auc=o["theta"], variance=var, patients=len(set(pp)),
                sensitivity=effective_counts(pp, pr, yy == 1),
                specificity=effective_counts(pp, ~pr, yy == 0),
                sens=proportion(pp, pr, yy == 1), spec=proportion(pp, ~pr, yy == 0),
            )
        a, b = res["group"], res["rest"]
        z = norm.isf((1 - CONF) / 2)
        va, vb = a["variance"], b["variance"]
        t = (a["auc"] - b["auc"]) / math.sqrt(va + vb)
        df = (va + vb) ** 2 / (va ** 2 / (a["patients"] - 1) + vb ** 2 / (b["patients"] - 1))
        half = scipy.stats.t.isf((1 - CONF) / 2, df) * math.sqrt(va + vb)
        d = a["auc"] - b["auc"]
        out[g] = dict(
            auc=a["auc"], auc_ci=[max(0.0, a["auc"] - z * math.sqrt(va)), min(1.0, a["auc"] + z * math.sqrt(va))],
            sensitivity_wilson=a["sens"]["wilson"], specificity_wilson=a["spec"]["wilson"],
            vs_rest=dict(
                sensitivity=newcombe_pooled(a["sensitivity"], b["sensitivity"]),
                specificity=newcombe_pooled(a["specificity"], b["specificity"]),
                auc=dict(difference=d, ci=[d - half, d + half], df=df,
                         p_value=float(2 * scipy.stats.t.sf(abs(t), df))),
            ),
        )
    return out


def cohort(name, file, threshold2):
    patients, y, s, s2 = read(file)
    z = norm.isf((1 - CONF) / 2)
    a = obuchowski_parts(patients, y, s)
    b = obuchowski_parts(patients, y, s2)
    single = [str(u) for u in range(len(y))]
    a1 = obuchowski_parts(single, y, s)
    var = obuchowski_cov(a, a)
    var_b = obuchowski_cov(b, b)
    cov = obuchowski_cov(a, b)
    var_delong = obuchowski_cov(a1, a1)
    se_diff = math.sqrt(var + var_b - 2 * cov)
    diff = a["theta"] - b["theta"]
    pred = s >= THRESHOLD
    correct = pred == (y == 1)
    pred_pos = pred
    props = {
        "sensitivity": proportion(patients, pred, y == 1),
        "specificity": proportion(patients, ~pred, y == 0),
        "ppv": proportion(patients, y == 1, pred_pos),
        "npv": proportion(patients, y == 0, ~pred_pos),
        "accuracy": proportion(patients, correct, np.ones(len(y), bool)),
    }
    clip = lambda lo, hi: [max(0.0, lo), min(1.0, hi)]
    return dict(
        name=name, file=file, units=int(len(y)), patients=len(set(patients)),
        positives=int(y.sum()), threshold=THRESHOLD, threshold2=threshold2, confidence=CONF,
        auc=a["theta"], auc_variance=var, auc_ci=clip(a["theta"] - z * math.sqrt(var), a["theta"] + z * math.sqrt(var)),
        auc_variance_unclustered=var_delong,
        auc_ci_unclustered=clip(a["theta"] - z * math.sqrt(var_delong), a["theta"] + z * math.sqrt(var_delong)),
        paired=dict(auc_b=b["theta"], variance_b=var_b, covariance=cov, difference=diff, se=se_diff,
                    z=diff / se_diff, p_value=float(2 * norm.sf(abs(diff / se_diff)))),
        mcnemar=dict(sensitivity=durkalski(patients, y, s, THRESHOLD, s2, threshold2, 1),
                     specificity=durkalski(patients, y, s, THRESHOLD, s2, threshold2, 0)),
        proportions=props,
        bootstrap=bootstrap(patients, y, s),
        subgroups=subgroups(patients, y, s, read_column(file, "centre")) if name == "respiratory" else None,
    )


def read_column(name, column):
    with open(os.path.join(FIXTURES, name), newline="") as f:
        return [r[column] for r in csv.DictReader(f)]


def main():
    out = dict(
        source="tests/peers/clustered.py",
        versions=dict(python=sys.version.split()[0], numpy=np.__version__, scipy=scipy.__version__,
                      statsmodels=statsmodels.__version__),
        cohorts=[cohort("breast_cancer_id", "breast_cancer_id.csv", 5.0),
                 cohort("respiratory", "respiratory.csv", 0.5)],
    )
    for c in out["cohorts"]:
        for k, p in c["proportions"].items():
            assert abs(p["variance"] - p["variance_gee"]) < 1e-12 * max(p["variance"], 1e-300) + 1e-18, (k, p)
            assert abs(p["variance"] - p["variance_gee_logit"]) < 1e-8 * max(p["variance"], 1e-300) + 1e-15, (k, p)
    with open(os.path.join(FIXTURES, "peer.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    for c in out["cohorts"]:
        w = lambda iv: iv[1] - iv[0]
        print(f"{c['name']}: {c['units']} units, {c['patients']} patients; AUC {c['auc']:.4f}, "
              f"width DeLong {w(c['auc_ci_unclustered']):.4f} -> Obuchowski {w(c['auc_ci']):.4f}")
        for k in ("sensitivity", "specificity"):
            p = c["proportions"][k]
            print(f"  {k} {p['estimate']:.4f} deff {p['design_effect']:.3f}: Wilson width "
                  f"{w(p['wilson_unclustered']):.4f} -> {w(p['wilson']):.4f}")


if __name__ == "__main__":
    main()
