"""The numpy way of a lesion-level analysis, timed against
`cargo run --release -p provestein-stats --example detection_timing -- COPIES REPLICATES` on the
same LIDC-IDRI fixture copied COPIES times: greedy one-to-one matching by score (LUNA16 hit
rule, the nearest free lesion), the MONAI/LUNA16 FROC (np.interp at the seven FP rates, CPM) and
a patient bootstrap vectorised with numpy (weighted cumulative counts per replicate).

python3 scripts/bench_detection.py COPIES REPLICATES
"""
import json
import sys
from pathlib import Path

import numpy as np

FIXTURE = Path(__file__).resolve().parent.parent / "crates/stats/tests/fixtures/detection/lidc_froc.json"


def load(copies):
    d = json.loads(FIXTURE.read_text())
    n = len(d["units"])
    marks = np.array(d["marks"], float)
    lesions = np.array(d["lesions"], float)
    m = np.concatenate([marks + [c * n, 0, 0, 0, 0] for c in range(copies)])
    l = np.concatenate([lesions + [c * n, 0, 0, 0, 0] for c in range(copies)])
    patients = {}
    p_of_unit = np.array([patients.setdefault((c, u), len(patients))
                          for c in range(copies) for u in d["units"]])
    return d["rates"], m, l, p_of_unit, n * copies


def greedy(m, l):
    """Status per mark: 1 TP, 0 FP, -1 extra."""
    status = np.zeros(len(m), int)
    taken = np.zeros(len(l), bool)
    by_unit = {}
    for k, u in enumerate(l[:, 0].astype(int)):
        by_unit.setdefault(u, []).append(k)
    for i in np.lexsort((np.arange(len(m)), -m[:, 4])):
        ks = by_unit.get(int(m[i, 0]), [])
        if not ks:
            continue
        d = np.sqrt(((l[ks, 1:4] - m[i, 1:4]) ** 2).sum(axis=1))
        hit = [(d[j], k) for j, k in enumerate(ks) if d[j] <= l[k, 4]]
        free = [h for h in hit if not taken[h[1]]]
        if free:
            taken[min(free)[1]] = True
            status[i] = 1
        elif hit:
            status[i] = -1
    return status


def cpm_of(scores, is_tp, weight, n_lesions, n_units, rates):
    order = np.argsort(-scores, kind="stable")
    s, t, w = scores[order], is_tp[order], weight[order]
    tp = np.cumsum(w * t)
    fp = np.cumsum(w * ~t)
    last = np.r_[s[1:] != s[:-1], True]
    fps = np.r_[0.0, fp[last] / n_units]
    sens = np.r_[0.0, tp[last] / n_lesions]
    at = np.interp(rates, fps, sens)
    return at.mean()


def main(copies, reps):
    rates, m, l, p_of_unit, n_units = load(copies)
    status = greedy(m, l)
    keep = status >= 0
    scores, is_tp = m[keep, 4], status[keep] == 1
    mark_patient = p_of_unit[m[keep, 0].astype(int)]
    n_pat = p_of_unit.max() + 1
    units_per = np.bincount(p_of_unit, minlength=n_pat)
    lesions_per = np.bincount(p_of_unit[l[:, 0].astype(int)], minlength=n_pat)
    cpm = cpm_of(scores, is_tp, np.ones(len(scores)), len(l), n_units, rates)
    rng = np.random.default_rng(20261202)
    out = []
    for _ in range(reps):
        w = np.bincount(rng.integers(0, n_pat, n_pat), minlength=n_pat)
        L = (w * lesions_per).sum()
        if L == 0:
            continue
        out.append(cpm_of(scores, is_tp, w[mark_patient], L, (w * units_per).sum(), rates))
    lo, hi = np.quantile(out, [0.025, 0.975])
    print(f"units {n_units} marks {len(m)} lesions {len(l)} cpm {cpm:.6f} [{lo:.4f}, {hi:.4f}]")


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
