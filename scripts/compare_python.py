#!/usr/bin/env python3
"""Times Prøvestein against "the Python way" on the same input, and checks they agree.

The Python way is what an analyst would write today: pandas to read the cohort, onnxruntime to
run the model, scikit-learn for the AUC and Brier score, and a loop of roc_auc_score calls for a
2000-replicate stratified bootstrap (the pROC method). Prøvestein runs the equivalent plan with
`provestein batch`, end to end (read, score, all statistics, write the report).

With --patients P the cohort has a patient key (P patients, ~n/P units each, 1 + Poisson, units
of a patient sharing a random effect in label and score, rows shuffled) and the plan has
`[cohort] patient = "patient"`. The Python way is then the vectorised clustered analysis:
Obuchowski's (1997) AUC variance from DeLong's structural components by midranks
(scipy.stats.rankdata) summed per patient with np.bincount; the five proportions at the
threshold with the cluster ratio estimator (sandwich variance, design effect, Wilson and
Clopper–Pearson at the effective sample size, Korn & Graubard 1998); and a patient bootstrap of
the AUC and Brier score (patients drawn with replacement within the strata all-positive,
all-negative and mixed, as Prøvestein does; roc_auc_score per replicate). Only the vendor-score
plan is run (the clustered statistics do not depend on how the scores were made).

Usage:  python3 scripts/compare_python.py [--n 100000] [--replicates 2000] [--repeat 3]
                                          [--patients 38000]
        ... --mode prepare   writes the inputs and plans only, and prints the two commands, so
                             that an external timer (/usr/bin/time -v, hyperfine) can time them
        ... --mode python    runs the Python way once on prepared inputs and prints its figures
Needs:  scripts/setup.sh done; creates .bench-venv/ with numpy, pandas, scikit-learn, onnxruntime.
        The release binary is built in $CARGO_TARGET_DIR (default target/), or given with --exe.
Prints a table of wall times and ratios (Python / Prøvestein).
"""
import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".bench-venv"
PY_PKGS = ["numpy", "pandas", "scikit-learn", "onnxruntime==1.32.0"]


def ensure_venv():
    """Re-runs this script inside a venv that has the Python stack."""
    if Path(sys.prefix).resolve() == VENV.resolve():
        return
    py = VENV / "bin" / "python"
    if not py.exists():
        subprocess.check_call([sys.executable, "-m", "venv", str(VENV)])
        subprocess.check_call([str(py), "-m", "pip", "install", "-q", *PY_PKGS])
    os.execv(str(py), [str(py), __file__, *sys.argv[1:]])


def make_inputs(out: Path, n: int):
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(20261122)
    label = (rng.random(n) < 0.3).astype(int)
    # Scores with ties (rounded to 3 decimals), higher for positives.
    score = np.round(1 / (1 + np.exp(-(rng.normal(0, 1, n) + 1.5 * label - 0.5))), 3)
    pd.DataFrame({"id": np.arange(n), "label": label, "score": score}).to_csv(out / "scores.csv", index=False)

    bc = pd.read_csv(ROOT / "sample-studies/breast-cancer/cohort.csv")
    reps = -(-n // len(bc))
    big = pd.concat([bc] * reps, ignore_index=True).iloc[:n].copy()
    big["sample_id"] = np.arange(len(big))
    big.to_csv(out / "cohort.csv", index=False)
    features = list(bc.columns[1:31])
    return features


PLAN_HEAD = """[study]
name = "benchmark"
intended_use = "benchmark"
"""


def write_plans(out: Path, features, replicates):
    analysis = f"[analysis]\nbootstrap = {replicates}\nseed = 1\n[[acceptance]]\nmetric = \"auc\"\nmin = 0.5\n"
    (out / "plan-scores.toml").write_text(
        PLAN_HEAD
        + '[predictions]\npath = "scores.csv"\nid = "id"\nscore = "score"\n'
        + '[cohort]\nkind = "csv"\npath = "scores.csv"\nid = "id"\nlabel = "label"\npositive = "1"\n'
        + analysis
    )
    (out / "plan-model.toml").write_text(
        PLAN_HEAD
        + f'[model]\npath = "{ROOT / "models/bc_logreg.onnx"}"\ninput = "X"\noutput = "probabilities"\n'
        + '[cohort]\nkind = "csv"\npath = "cohort.csv"\nid = "sample_id"\nlabel = "label"\npositive = "1"\n'
        + "features = [" + ", ".join(f'"{f}"' for f in features) + "]\n"
        + analysis
    )


def python_way(csv: Path, replicates: int, model=None, features=None):
    """Returns (auc, brier, boot_lo, boot_hi)."""
    import numpy as np
    import pandas as pd
    from sklearn.metrics import brier_score_loss, roc_auc_score

    df = pd.read_csv(csv)
    y = df["label"].to_numpy()
    if model is None:
        s = df["score"].to_numpy()
    else:
        import onnxruntime as ort

        sess = ort.InferenceSession(str(model), providers=["CPUExecutionProvider"])
        x = df[features].to_numpy(dtype=np.float32)
        s = sess.run(["probabilities"], {"X": x})[0][:, 1].astype(np.float64)
    auc = roc_auc_score(y, s)
    brier = brier_score_loss(y, s)
    rng = np.random.default_rng(1)
    pos, neg = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    aucs = np.empty(replicates)
    for r in range(replicates):
        idx = np.concatenate([rng.choice(pos, len(pos)), rng.choice(neg, len(neg))])
        aucs[r] = roc_auc_score(y[idx], s[idx])
    lo, hi = np.quantile(aucs, [0.025, 0.975])
    return auc, brier, lo, hi


def make_clustered_inputs(out: Path, n: int, patients: int):
    """scores.csv with a patient column: `patients` patients of 1 + Poisson(n/patients − 1) units
    (trimmed or topped up to n units), a shared random effect per patient in both the label and
    the score (so units of a patient are alike, as images of one breast or exams of one person),
    scores rounded to 3 decimals (ties), rows shuffled."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(20261202)
    sizes = 1 + rng.poisson(max(n / patients - 1, 0), patients)
    while sizes.sum() < n:
        sizes[rng.integers(patients)] += 1
    patient = np.repeat(np.arange(patients), sizes)[:n]
    patient = patient[rng.permutation(n)]
    u = rng.normal(0, 1, patients)[patient]
    label = (rng.random(n) < 1 / (1 + np.exp(-(-1.2 + 2.0 * u)))).astype(int)
    score = np.round(1 / (1 + np.exp(-(rng.normal(0, 1, n) + 1.3 * label + 1.0 * u - 0.5))), 3)
    pd.DataFrame({"id": np.arange(n), "patient": [f"P{k:06d}" for k in patient],
                  "label": label, "score": score}).to_csv(out / "scores.csv", index=False)


def write_clustered_plan(out: Path, replicates: int):
    (out / "plan-scores.toml").write_text(
        PLAN_HEAD
        + '[predictions]\npath = "scores.csv"\nid = "id"\nscore = "score"\n'
        + '[cohort]\nkind = "csv"\npath = "scores.csv"\nid = "id"\nlabel = "label"\npositive = "1"\n'
        + 'patient = "patient"\n'
        + f"[analysis]\nbootstrap = {replicates}\nseed = 1\nthreshold = 0.5\nconfidence = 0.95\n"
        + '[[acceptance]]\nmetric = "auc"\nmin = 0.5\n'
    )


RATES = ["sensitivity", "specificity", "ppv", "npv", "accuracy"]


def python_way_clustered(csv: Path, replicates: int, threshold=0.5, confidence=0.95,
                         fast_bootstrap=False):
    """The clustered analysis, vectorised; returns a dict of the figures compared."""
    import numpy as np
    import pandas as pd
    from scipy.stats import beta, norm, rankdata
    from sklearn.metrics import roc_auc_score

    df = pd.read_csv(csv, dtype={"patient": str})
    y = df["label"].to_numpy() == 1
    s = df["score"].to_numpy(dtype=np.float64)
    code, uniques = pd.factorize(df["patient"])
    k = len(uniques)
    z = norm.isf((1 - confidence) / 2)

    # DeLong's structural components by midranks (Sun & Xu 2014), per unit.
    pos, neg = y, ~y
    m, n = int(pos.sum()), int(neg.sum())
    r_all = rankdata(s)
    v10 = (r_all[pos] - rankdata(s[pos])) / n  # (negatives below + ½ tied) / N
    v01 = 1 - (r_all[neg] - rankdata(s[neg])) / m  # (positives above + ½ tied) / M
    auc = roc_auc_score(y, s)
    # Obuchowski (1997): cluster sums, centred.
    m_i = np.bincount(code[pos], minlength=k)
    n_i = np.bincount(code[neg], minlength=k)
    r10 = np.bincount(code[pos], weights=v10, minlength=k) - m_i * auc
    r01 = np.bincount(code[neg], weights=v01, minlength=k) - n_i * auc
    i10, i01, i = (m_i > 0).sum(), (n_i > 0).sum(), ((m_i + n_i) > 0).sum()
    s10 = i10 / ((i10 - 1) * m) * (r10 @ r10)
    s01 = i01 / ((i01 - 1) * n) * (r01 @ r01)
    s11 = i / (i - 1) * (r10 @ r01)
    se = np.sqrt(s10 / m + s01 / n + 2 * s11 / (m * n))
    se_unclustered = np.sqrt(v10.var(ddof=1) / m + v01.var(ddof=1) / n)
    out = {"auc": auc, "se": se, "delong": [max(0.0, auc - z * se), min(1.0, auc + z * se)],
           "unclustered_se": se_unclustered, "patients": k}

    # Proportions: cluster ratio estimator, Korn & Graubard intervals at the effective n.
    pred = s >= threshold

    def ratio(success, member):
        x_i = np.bincount(code, weights=success & member, minlength=k)
        n_i = np.bincount(code, weights=member, minlength=k)
        x, nn = x_i.sum(), n_i.sum()
        p = x / nn
        var = ((x_i - p * n_i) ** 2).sum() / nn**2
        deff = 1.0 if x in (0, nn) else max(1.0, var / (p * (1 - p) / nn))
        xe, ne = x / deff, nn / deff
        centre = (p + z * z / (2 * ne)) / (1 + z * z / ne)
        half = z * np.sqrt(p * (1 - p) / ne + z * z / (4 * ne * ne)) / (1 + z * z / ne)
        a = (1 - confidence) / 2
        cp = [0.0 if x == 0 else beta.ppf(a, xe, ne - xe + 1), 1.0 if x == nn else beta.isf(a, xe + 1, ne - xe)]
        return {"estimate": p, "design_effect": deff, "n_effective": ne,
                "wilson": [centre - half, centre + half], "clopper_pearson": [float(c) for c in cp]}

    out["sensitivity"] = ratio(pred, y)
    out["specificity"] = ratio(~pred, ~y)
    out["ppv"] = ratio(y, pred)
    out["npv"] = ratio(~y, ~pred)
    out["accuracy"] = ratio(pred == y, np.ones_like(y))

    # Patient bootstrap, stratified by patient kind. A unit weighted by the times its patient
    # was drawn is the resample itself (same AUC and Brier), and ~1.7× faster in sklearn than
    # indexing the repeated units.
    has_pos, has_neg = m_i > 0, n_i > 0
    strata = [np.flatnonzero(has_pos & ~has_neg), np.flatnonzero(~has_pos & has_neg),
              np.flatnonzero(has_pos & has_neg)]
    sq = (s - y) ** 2
    rng = np.random.default_rng(1)
    aucs, briers = np.empty(replicates), np.empty(replicates)
    if fast_bootstrap:
        # What a numpy expert would write instead: the scores' distinct values found once, each
        # replicate's AUC the weighted Mann–Whitney statistic from per-value weight sums (ties ½).
        _, value = np.unique(s, return_inverse=True)
        bins = value.max() + 1
    for r in range(replicates):
        drawn = np.concatenate([rng.choice(st, len(st)) for st in strata if len(st)])
        w = np.bincount(drawn, minlength=k)[code]
        if fast_bootstrap:
            wp = np.bincount(value[pos], weights=w[pos], minlength=bins)
            wn = np.bincount(value[neg], weights=w[neg], minlength=bins)
            aucs[r] = wp @ (np.cumsum(wn) - wn / 2) / (wp.sum() * wn.sum())
        else:
            aucs[r] = roc_auc_score(y, s, sample_weight=w)
        briers[r] = np.average(sq, weights=w)
    q = [(1 - confidence) / 2, 1 - (1 - confidence) / 2]
    out["bootstrap"] = list(np.quantile(aucs, q))
    out["brier_bootstrap"] = list(np.quantile(briers, q))
    return out


def check_clustered(rep, py):
    """Largest differences, deterministic figures and the bootstrap (Monte Carlo) apart."""
    o = rep["overall"]
    a = o["metrics"]["auc"]
    det = {
        "AUC": abs(a["estimate"] - py["auc"]),
        "Obuchowski SE": abs(a["se"] - py["se"]),
        "AUC CI": max(abs(a["delong"][j] - py["delong"][j]) for j in range(2)),
        "unclustered SE": abs(a["clustering"]["unclustered_se"] - py["unclustered_se"]),
        "patients": abs(o["n_patients"] - py["patients"]),
    }
    for name in RATES:
        r, p = o["metrics"][name], py[name]
        det[f"{name} (est, deff, Wilson)"] = max(
            abs(r["estimate"] - p["estimate"]), abs(r["clustering"]["design_effect"] - p["design_effect"]),
            *(abs(r["wilson"][j] - p["wilson"][j]) for j in range(2)))
        det[f"{name} Clopper–Pearson"] = max(abs(r["clopper_pearson"][j] - p["clopper_pearson"][j]) for j in range(2))
    boot = {"AUC bootstrap CI": max(abs(a["bootstrap"][j] - py["bootstrap"][j]) for j in range(2)),
            "Brier bootstrap CI": max(abs(o["metrics"]["brier"]["bootstrap"][j] - py["brier_bootstrap"][j])
                                      for j in range(2))}
    return det, boot


def best_of(repeat, fn):
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--replicates", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--patients", type=int, default=0,
                    help="patients in the cohort (0: one unit per case, no patient key)")
    ap.add_argument("--fast-bootstrap", action="store_true",
                    help="with --patients: the bootstrap AUC by weighted Mann–Whitney sums in numpy "
                         "instead of sklearn's roc_auc_score per replicate")
    ap.add_argument("--mode", choices=["compare", "prepare", "python"], default="compare")
    ap.add_argument("--exe", help="provestein binary (default: built here in release mode)")
    args = ap.parse_args()
    ensure_venv()

    out = ROOT / "out" / ("bench-clustered" if args.patients else "bench")
    if args.mode == "python":
        # One run of the Python way on prepared inputs (for an external timer).
        if args.patients:
            r = python_way_clustered(out / "scores.csv", args.replicates, fast_bootstrap=args.fast_bootstrap)
            print(json.dumps(r, default=float))
        else:
            print(python_way(out / "scores.csv", args.replicates))
        return
    out.mkdir(parents=True, exist_ok=True)
    if args.patients:
        make_clustered_inputs(out, args.n, args.patients)
        write_clustered_plan(out, args.replicates)
    else:
        features = make_inputs(out, args.n)
        write_plans(out, features, args.replicates)
    if args.exe:
        exe = Path(args.exe)
    else:
        subprocess.check_call(["cargo", "build", "--release", "--locked", "-q"], cwd=ROOT)
        exe = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "release/provestein"
    env = dict(os.environ)
    env.setdefault("ORT_DYLIB_PATH", str(ROOT / ".ort/libonnxruntime.so"))
    if args.mode == "prepare":
        py = Path(sys.executable)
        print(f"Prøvestein: {exe} batch {out / 'plan-scores.toml'} --out {out / 'report-plan-scores'} --quiet")
        print(f"Python:     {py} {Path(__file__).resolve()} --mode python --n {args.n} "
              f"--replicates {args.replicates} --patients {args.patients}"
              + (" --fast-bootstrap" if args.fast_bootstrap else ""))
        return

    def batch(plan):
        report = out / f"report-{plan[:-5]}"

        def run():
            subprocess.run([str(exe), "batch", str(out / plan), "--out", str(report), "--quiet"],
                           env=env, check=False)
            return json.loads((report / "report.json").read_text())

        return run

    if args.patients:
        t_rs, rep = best_of(args.repeat, batch("plan-scores.toml"))
        t_py, py = best_of(1, lambda: python_way_clustered(out / "scores.csv", args.replicates,
                                                            fast_bootstrap=args.fast_bootstrap))
        det, boot = check_clustered(rep, py)
        print(f"n = {args.n} units of {py['patients']} patients, {args.replicates} patient bootstrap "
              f"replicates, {os.cpu_count()} cores")
        print(f"AUC {py['auc']:.6f}, Obuchowski SE {py['se']:.6f} (unclustered {py['unclustered_se']:.6f}), "
              f"sensitivity design effect {py['sensitivity']['design_effect']:.3f}")
        for name, d in det.items():
            print(f"  |Δ| {name:<34} {d:.1e}{'' if d <= 1e-9 else '   DISAGREE'}")
        for name, d in boot.items():
            print(f"  |Δ| {name:<34} {d:.4f} (Monte Carlo error: different random streams)")
        print(f"{'input':<14} {'Python (s)':>11} {'Prøvestein (s)':>15} {'ratio':>8}")
        print(f"{'clustered':<14} {t_py:>11.2f} {t_rs:>15.3f} {t_py / t_rs:>7.0f}×")
        return

    rows = []
    for name, plan, py in [
        ("vendor scores", "plan-scores.toml", lambda: python_way(out / "scores.csv", args.replicates)),
        ("ONNX model", "plan-model.toml",
         lambda: python_way(out / "cohort.csv", args.replicates, ROOT / "models/bc_logreg.onnx", features)),
    ]:
        t_rs, rep = best_of(args.repeat, batch(plan))
        t_py, (auc, brier, lo, hi) = best_of(1, py)
        m = rep["overall"]["metrics"]
        rows.append((name, t_py, t_rs, abs(m["auc"]["estimate"] - auc), abs(m["brier"]["estimate"] - brier),
                     max(abs(m["auc"]["bootstrap"][0] - lo), abs(m["auc"]["bootstrap"][1] - hi))))

    print(f"n = {args.n}, {args.replicates} stratified bootstrap replicates, {os.cpu_count()} cores")
    print(f"{'input':<14} {'Python (s)':>11} {'Prøvestein (s)':>15} {'ratio':>8}   |ΔAUC|     |ΔBrier|   |Δboot CI| (MC error)")
    for name, t_py, t_rs, da, db, dci in rows:
        print(f"{name:<14} {t_py:>11.2f} {t_rs:>15.3f} {t_py / t_rs:>7.0f}×   {da:.1e}   {db:.1e}   {dci:.4f}")


if __name__ == "__main__":
    main()
