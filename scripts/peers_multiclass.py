#!/usr/bin/env python3
"""Independent peers for crates/stats/src/multiclass (issue 17, Deliver 7-8 statistics).

Real data, offline:
* scikit-learn's bundled `load_wine` (178 wines, 3 cultivars, 13 chemical measurements; UCI,
  Forina et al.; distributed with scikit-learn under BSD-3) and `load_digits` (1797 8x8 images of
  handwritten digits, 10 classes; UCI, Alpaydin & Kaynak; same licence). A deterministic model:
  StandardScaler + LogisticRegression(lbfgs, C=1, max_iter=5000) on a few features only (wine:
  alcohol and malic acid; digits: the 8 pixels of image row 4), so that the figures are not at 1
  and the intervals have width, fitted on the units with an even index and scored on those with
  an odd index (89 wines, 898 digits); predict_proba gives the k scores of each test unit, the
  argmax the predicted class.
* pROC's aSAH data (../shared/reference/asah/asah.csv, 113 patients with aneurysmal subarachnoid
  haemorrhage; GPL-3 via pROC): the WFNS grade at admission (1-5, 1 best) against the Glasgow
  outcome scale at 6 months, gos6 (1-5, 5 best; level 2 never occurs), both mapped to one 5-level
  scale 0..4 with 0 best: wfns -> wfns - 1, gos6 -> 5 - gos6. Kappa of wfns (predicted) against
  gos6 (truth) over classes 0..4 (class 3 = gos6 2 is absent from the truth).

Peers, none derived from the Rust code:
* Hand & Till M: pROC 1.18 multiclass.roc(factor(truth), predictor = matrix) run by
  scripts/peers_multiclass.R on the CSV files written here; cross-checked with scikit-learn
  roc_auc_score(multi_class="ovo", average="macro") (Hand & Till too).
* Kappa: scikit-learn cohen_kappa_score(labels=range(k), weights=None|"linear"|"quadratic").
* Macro / micro AUC: scikit-learn roc_auc_score(Y, S, average="macro"|"micro") on the one-vs-rest
  indicator of each test unit's class (wine: 3 findings, digits: 10). A case with a finding that
  has no positive unit: the digit test units of classes 0..8 only, so finding "9" has none;
  scikit-learn raises for macro, so macro is roc_auc_score over the 9 findings with both classes
  (the convention of macro_micro_auc), micro over all 10.
* Patient bootstrap of aSAH (113 real patients, one unit each; Hand & Till on the one-hot WFNS
  grade): kappas, Hand & Till and how many replicates lacked a class of the truth.
* Patient bootstrap (wine test half; a "patient" is two consecutive test units, index // 2,
  45 patients, the last with one unit: a grouping made up on real data so that patients have
  several units): numpy Generator(PCG64, BOOT_SEED), each replicate draws 45 patients with
  replacement and pools all their units; kappas with cohen_kappa_score, the AUCs (Hand & Till
  pairs, each finding, the pooled micro) as Mann-Whitney U from scipy rankdata average ranks
  (scikit-learn per replicate was too slow; the two agree on the point values, checked
  below); a replicate where a figure is
  undefined (a class present in the sample missing from the replicate; kappa's expected
  disagreement 0; a finding of the sample without both classes in the replicate) is skipped for
  that figure and counted. Percentile interval by np.quantile(method="linear") (type 7). Another
  generator than the Rust one, so the intervals agree within Monte-Carlo error only: the tolerance
  per endpoint is the larger distance from the estimate to the order statistics at
  B*p -/+ 4*sqrt(B*p*(1-p)), times sqrt(2) (both sides are B-replicate Monte-Carlo estimates).

Run from the repository root:
  python3 scripts/peers_multiclass.py > crates/stats/tests/fixtures/multiclass/peers.json
(writes crates/stats/tests/fixtures/multiclass/{wine,digits}_scores.csv and runs Rscript.)
"""

import csv
import json
import math
import os
import subprocess
import sys
import warnings

import numpy as np
from scipy.stats import rankdata
import sklearn
from sklearn.datasets import load_digits, load_wine
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import cohen_kappa_score, roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "crates/stats/tests/fixtures/multiclass")
ASAH = os.environ.get("ASAH_CSV", "/work/shared/reference/asah/asah.csv")
BOOT_SEED = 20261202
REPLICATES = 10000
CONF = 0.95
# A deliberately modest model, so that no figure sits at 1 and the intervals have width:
# wine on alcohol and malic acid only, digits on the 8 pixels of image row 4 (of 8).
WINE_FEATURES = [0, 1]
DIGITS_FEATURES = list(range(32, 40))
WEIGHTS = {"none": None, "linear": "linear", "quadratic": "quadratic"}


def model_scores(loader, features):
    x, y = loader(return_X_y=True)
    x = x[:, features]
    train = np.arange(len(y)) % 2 == 0
    model = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=5000))
    model.fit(x[train], y[train])
    proba = model.predict_proba(x[~train])
    return y[~train].astype(int), proba


def write_csv(name, truth, proba):
    path = os.path.join(FIXTURES, f"{name}_scores.csv")
    k = proba.shape[1]
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["truth"] + [f"p{c}" for c in range(k)])
        for t, row in zip(truth, proba):
            w.writerow([int(t)] + [repr(float(v)) for v in row])
    return path


def read_back(path):
    """The scores exactly as the CSV holds them (what pROC and the Rust test read)."""
    with open(path) as f:
        rows = list(csv.reader(f))[1:]
    truth = np.array([int(r[0]) for r in rows])
    proba = np.array([[float(v) for v in r[1:]] for r in rows])
    return truth, proba


def kappas(truth, predicted, k):
    return {name: float(cohen_kappa_score(truth, predicted, labels=list(range(k)), weights=w))
            for name, w in WEIGHTS.items()}


def indicator(truth, k):
    return np.array([[int(t == c) for c in range(k)] for t in truth])


def point_figures(name, truth, proba):
    k = proba.shape[1]
    predicted = proba.argmax(axis=1)
    y = indicator(truth, k)
    return dict(
        csv=f"{name}_scores.csv", k=k, units=int(len(truth)),
        predicted=[int(p) for p in predicted],
        hand_till_sklearn_ovo=float(roc_auc_score(truth, proba, multi_class="ovo",
                                                  average="macro", labels=list(range(k)))),
        kappa=kappas(truth, predicted, k),
        macro_auc=float(roc_auc_score(y, proba, average="macro")),
        micro_auc=float(roc_auc_score(y, proba, average="micro")),
        confusion=[[int(np.sum((truth == t) & (predicted == p))) for p in range(k)]
                   for t in range(k)],
    )


def band(reps, p):
    """Estimate at p and a Monte-Carlo tolerance for comparing with another B-replicate run."""
    s = np.sort(np.asarray(reps, dtype=float))
    b = len(s)
    est = float(np.quantile(s, p, method="linear"))
    half = 4.0 * math.sqrt(b * p * (1 - p))
    lo = s[max(0, int(math.floor(b * p - half)))]
    hi = s[min(b - 1, int(math.ceil(b * p + half)))]
    return est, math.sqrt(2.0) * float(max(est - lo, hi - est))


def interval(reps):
    tail = (1 - CONF) / 2
    (lo, tol_lo), (hi, tol_hi) = band(reps, tail), band(reps, 1 - tail)
    return dict(ci=[lo, hi], tolerance=[tol_lo, tol_hi], kept=len(reps))


def mw_auc(y, s):
    """Mann-Whitney AUC from average ranks (ties 1/2); NaN without both classes."""
    y = np.asarray(y, dtype=bool)
    m, n = int(y.sum()), int((~y).sum())
    if m == 0 or n == 0:
        return float("nan")
    r = rankdata(s)
    return float((r[y].sum() - m * (m + 1) / 2) / (m * n))


def hand_till(t, s, present):
    """Hand & Till M from its definition (pairwise Mann-Whitney AUCs of each class's column)."""
    total, pairs = 0.0, 0
    for a, i in enumerate(present):
        for j in present[a + 1:]:
            sel = (t == i) | (t == j)
            total += 0.5 * (mw_auc(t[sel] == i, s[sel, i]) + mw_auc(t[sel] == j, s[sel, j]))
            pairs += 1
    return total / pairs


def patient_bootstrap(truth, proba, patients):
    k = proba.shape[1]
    predicted = proba.argmax(axis=1)
    y = indicator(truth, k)
    present = sorted(set(truth.tolist()))
    defined = [f for f in range(k) if 0 < y[:, f].sum() < len(truth)]
    ids = sorted(set(patients))
    groups = [np.array([i for i, p in enumerate(patients) if p == q]) for q in ids]
    rng = np.random.default_rng(BOOT_SEED)
    reps = {n: [] for n in ("hand_till_auc", "kappa", "weighted_kappa", "macro_auc", "micro_auc")}
    for _ in range(REPLICATES):
        drawn = rng.integers(0, len(groups), size=len(groups))
        units = np.concatenate([groups[i] for i in drawn])
        t, s, p, yy = truth[units], proba[units], predicted[units], y[units]
        if sorted(set(t.tolist())) == present:
            # ovo over the classes present (all of them here) = pROC's rule.
            reps["hand_till_auc"].append(hand_till(t, s, present))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for name, w in (("kappa", None), ("weighted_kappa", "quadratic")):
                v = cohen_kappa_score(t, p, labels=list(range(k)), weights=w)
                if not math.isnan(v):
                    reps[name].append(v)
        if all(0 < yy[:, f].sum() < len(t) for f in defined):
            reps["macro_auc"].append(np.mean([mw_auc(yy[:, f], s[:, f]) for f in defined]))
        if 0 < yy.sum() < yy.size:
            reps["micro_auc"].append(mw_auc(yy.ravel(), s.ravel()))
    out = {name: interval(v) for name, v in reps.items()}
    out.update(replicates=REPLICATES, patients=len(groups), confidence=CONF)
    return out


def asah():
    with open(ASAH) as f:
        rows = list(csv.DictReader(f))
    truth = np.array([5 - int(r["gos6"]) for r in rows])
    predicted = np.array([int(r["wfns"]) - 1 for r in rows])
    # Patient bootstrap on real patients (one unit each); the scores of Hand & Till are the
    # one-hot WFNS grade (ties everywhere), so a replicate missing a class of the truth (gos6 = 4
    # has 6 patients) is skipped: the skipped count is compared too.
    onehot = np.eye(5)[predicted]
    present = sorted(set(truth.tolist()))
    rng = np.random.default_rng(BOOT_SEED + 1)
    reps = {n: [] for n in ("hand_till_auc", "kappa", "weighted_kappa")}
    n = len(truth)
    for _ in range(REPLICATES):
        units = rng.integers(0, n, size=n)
        t, p = truth[units], predicted[units]
        if sorted(set(t.tolist())) == present:
            reps["hand_till_auc"].append(hand_till(t, onehot[units], present))
        for name, w in (("kappa", None), ("weighted_kappa", "quadratic")):
            reps[name].append(cohen_kappa_score(t, p, labels=list(range(5)), weights=w))
    boot = {name: interval(v) for name, v in reps.items()}
    boot.update(replicates=REPLICATES, patients=n, confidence=CONF,
                hand_till_auc_point=hand_till(truth, onehot, present),
                scores="one-hot of the predicted class (wfns - 1)")
    return dict(
        bootstrap=boot,
        source="../shared/reference/asah/asah.csv (pROC aSAH, GPL-3)",
        mapping="truth = 5 - gos6, predicted = wfns - 1, classes 0..4 (0 best)",
        truth=[int(t) for t in truth], predicted=[int(p) for p in predicted],
        kappa=kappas(truth, predicted, 5),
        confusion=[[int(np.sum((truth == t) & (predicted == p))) for p in range(5)]
                   for t in range(5)],
    )


def main():
    out = dict(
        generated_by="scripts/peers_multiclass.py",
        versions=dict(sklearn=sklearn.__version__, numpy=np.__version__),
        licence="wine, digits: scikit-learn bundled data (BSD-3); aSAH: pROC (GPL-3)",
        model="StandardScaler + LogisticRegression(C=1, lbfgs, max_iter=5000) on wine features "
              f"{WINE_FEATURES}, digits pixels {DIGITS_FEATURES}; fit on even indices, scored on "
              "odd indices",
    )
    paths = {}
    for name, loader, features in (("wine", load_wine, WINE_FEATURES),
                                   ("digits", load_digits, DIGITS_FEATURES)):
        truth, proba = model_scores(loader, features)
        paths[name] = write_csv(name, truth, proba)
        truth, proba = read_back(paths[name])
        out[name] = point_figures(name, truth, proba)
        present = sorted(set(truth.tolist()))
        assert abs(hand_till(truth, proba, present) - out[name]["hand_till_sklearn_ovo"]) < 1e-12
        if name == "digits":
            keep = truth != 9
            t9, p9 = truth[keep], proba[keep]
            y9 = indicator(t9, 10)
            out["digits_without_9"] = dict(
                note="digit test units of classes 0..8 (finding 9 has no positive)",
                units=int(keep.sum()),
                macro_auc=float(roc_auc_score(y9[:, :9], p9[:, :9], average="macro")),
                micro_auc=float(roc_auc_score(y9, p9, average="micro")),
            )
        if name == "wine":
            patients = [i // 2 for i in range(len(truth))]
            out["wine_bootstrap"] = patient_bootstrap(truth, proba, patients)
            out["wine_bootstrap"]["patient_of_unit"] = "test-unit index // 2"
    r = subprocess.run(["Rscript", os.path.join(ROOT, "scripts/peers_multiclass.R"),
                        paths["wine"], paths["digits"]], capture_output=True, text=True, check=True)
    proc = json.loads(r.stdout)
    out["pROC"] = proc
    out["wine"]["hand_till_proc"] = proc["wine_scores.csv"]
    out["digits"]["hand_till_proc"] = proc["digits_scores.csv"]
    out["asah"] = asah()
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
