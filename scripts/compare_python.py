#!/usr/bin/env python3
"""Times Prøvestein against "the Python way" on the same input, and checks they agree.

The Python way is what an analyst would write today: pandas to read the cohort, onnxruntime to
run the model, scikit-learn for the AUC and Brier score, and a loop of roc_auc_score calls for a
2000-replicate stratified bootstrap (the pROC method). Prøvestein runs the equivalent plan with
`provestein batch`, end to end (read, score, all statistics, write the report).

Usage:  python3 scripts/compare_python.py [--n 100000] [--replicates 2000] [--repeat 3]
Needs:  scripts/setup.sh done; creates .bench-venv/ with numpy, pandas, scikit-learn, onnxruntime.
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
    args = ap.parse_args()
    ensure_venv()

    out = ROOT / "out" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    features = make_inputs(out, args.n)
    write_plans(out, features, args.replicates)
    subprocess.check_call(["cargo", "build", "--release", "--locked", "-q"], cwd=ROOT)
    exe = ROOT / "target/release/provestein"
    env = dict(os.environ, ORT_DYLIB_PATH=str(ROOT / ".ort/libonnxruntime.so"))

    rows = []
    for name, plan, py in [
        ("vendor scores", "plan-scores.toml", lambda: python_way(out / "scores.csv", args.replicates)),
        ("ONNX model", "plan-model.toml",
         lambda: python_way(out / "cohort.csv", args.replicates, ROOT / "models/bc_logreg.onnx", features)),
    ]:
        report = out / f"report-{plan[:-5]}"

        def ours():
            subprocess.run([str(exe), "batch", str(out / plan), "--out", str(report), "--quiet"],
                           env=env, check=False)
            return json.loads((report / "report.json").read_text())

        t_rs, rep = best_of(args.repeat, ours)
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
