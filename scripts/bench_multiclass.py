"""The scikit-learn way of the multi-class figures with patient-bootstrap intervals, timed against
`cargo run --release -p provestein-stats --example multiclass_timing -- COPIES REPLICATES` on the
same digits fixture copied COPIES times (two units per patient): each replicate draws patients
with replacement and calls roc_auc_score (ovo = Hand & Till; macro and micro over one-vs-rest
findings) and cohen_kappa_score (unweighted and quadratic), as an analyst would.

python3 scripts/bench_multiclass.py COPIES REPLICATES
"""
import sys
from pathlib import Path

import numpy as np
from sklearn.metrics import cohen_kappa_score, roc_auc_score

FIXTURE = Path(__file__).resolve().parent.parent / "crates/stats/tests/fixtures/multiclass/digits_scores.csv"


def figures(t, s, p, k):
    y = np.eye(k, dtype=int)[t]
    return (roc_auc_score(t, s, multi_class="ovo", labels=range(k)),
            cohen_kappa_score(t, p, labels=range(k)),
            cohen_kappa_score(t, p, labels=range(k), weights="quadratic"),
            roc_auc_score(y, s, average="macro"),
            roc_auc_score(y, s, average="micro"))


def main(copies, reps):
    d = np.loadtxt(FIXTURE, delimiter=",", skiprows=1)
    t = np.tile(d[:, 0].astype(int), copies)
    s = np.tile(d[:, 1:], (copies, 1))
    k = s.shape[1]
    p = s.argmax(axis=1)
    n = len(t)
    patient = np.arange(n) // 2
    n_pat = patient.max() + 1
    units_of = [np.flatnonzero(patient == q) for q in range(n_pat)]
    est = figures(t, s, p, k)
    rng = np.random.default_rng(7)
    out = []
    for _ in range(reps):
        idx = np.concatenate([units_of[q] for q in rng.integers(0, n_pat, n_pat)])
        try:
            out.append(figures(t[idx], s[idx], p[idx], k))
        except ValueError:
            continue
    out = np.array(out)
    lo, hi = np.quantile(out, [0.025, 0.975], axis=0)
    print(f"units {n} M {est[0]:.6f} [{lo[0]:.4f}, {hi[0]:.4f}] kappa {est[1]:.6f} qwk {est[2]:.6f} "
          f"macro {est[3]:.6f} [{lo[3]:.4f}, {hi[3]:.4f}] micro {est[4]:.6f}")


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
