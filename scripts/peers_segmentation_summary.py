#!/usr/bin/env python3
"""Independent peer for crates/stats/src/segmentation/summary.rs (issue 16, Deliver 4).

Per-case figures: the real contours of ../shared/fixtures/real-ct-contours (janct liver and
vertebra, source_labels/janct_liver_spine_seg.nrrd, 0.810547 mm pixels; vhm BODY and SpinalCord,
source_labels/vhm_DicomRTTool_Mask.nii.gz, 1.0 mm pixels) on each of their 7 CT slices are the
truth; four predictions of each are made from it by seeded morphological changes (dilation,
erosion, a shift, a shift with dilation or erosion; numpy seed SEED), and MONAI's compute_dice
and compute_hausdorff_distance(percentile=95, spacing) give Dice and HD95 per 2-D case.
A "patient" is one structure on one slice (14 patients of 4 cases each), so the patient
bootstrap and the clustered shares have correlated cases to account for.

Peers, all written here from their definitions, none from the Rust code:
* n, mean, median, sd (ddof=1), min, max: numpy (exact; compared to 1e-9).
* Patient bootstrap: numpy Generator(PCG64); each replicate draws P patients with replacement,
  pools every value of each drawn patient, takes np.mean / np.median; percentile interval by
  np.quantile(method="linear") (type 7) at 0.025 / 0.975. Another generator than the Rust one,
  so the intervals agree within Monte-Carlo error only. The tolerance stored per endpoint is
  derived from this run's replicates: the quantile estimator's spread is read from the order
  statistics at B*p -/+ 4*sqrt(B*p*(1-p)) (a 4-sigma binomial band of ranks around the
  endpoint), the larger distance of either to the estimate; times sqrt(2) because both sides
  are Monte-Carlo estimates with B replicates.
* Shares within a tolerance: statsmodels proportion_confint(method="wilson"/"beta") for one
  case per patient; with 4 cases per patient, tests/peers/clustered.py's `proportion` (ratio
  estimator, sandwich variance cross-checked there against statsmodels GEE, Korn-Graubard
  Wilson / Clopper-Pearson at the effective n).
* Detection: the 2x2 counts of the (truth present, prediction present) pairs built below and
  the same two peers for sensitivity and specificity.

Run: python3 scripts/peers_segmentation_summary.py ../shared/fixtures/real-ct-contours \
       > tests/fixtures/segmentation/summary_peers.json
"""

import importlib.util
import json
import math
import os
import sys

import monai
import nibabel
import nrrd
import numpy as np
import scipy
import statsmodels
import torch
from monai.metrics import compute_dice, compute_hausdorff_distance
from scipy import ndimage
from statsmodels.stats.proportion import proportion_confint

SEED = 20261202
REPLICATES = 20000
BOOT_SEED = 7
CONF = 0.95
HERE = os.path.dirname(os.path.abspath(__file__))


def clustered_peer():
    spec = importlib.util.spec_from_file_location(
        "clustered", os.path.join(HERE, "..", "tests", "peers", "clustered.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def slices(root):
    """(name, 2-D truth mask, spacing) for every real structure on every slice."""
    out = []
    labels, header = nrrd.read(os.path.join(root, "source_labels", "janct_liver_spine_seg.nrrd"))
    px = float(header["space directions"][0][0])
    for k in range(labels.shape[2]):
        out.append((f"janct_liver_{k}", labels[:, :, k] == 1, [px, px]))
        out.append((f"janct_vertebra_{k}", labels[:, :, k] == 2, [px, px]))
    vhm = nibabel.load(os.path.join(root, "source_labels", "vhm_DicomRTTool_Mask.nii.gz"))
    data = np.asarray(vhm.get_fdata())
    zoom = [float(z) for z in vhm.header.get_zooms()[:2]]
    for k in range(data.shape[2]):
        out.append((f"vhm_body_{k}", data[:, :, k] > 0, zoom))
        out.append((f"vhm_spinalcord_{k}", data[:, :, k] == 1, zoom))
    return out


def predictions(truth, rng):
    cross = ndimage.generate_binary_structure(2, 1)
    grow = lambda m, k: ndimage.binary_dilation(m, cross, iterations=k)
    shrink = lambda m, k: ndimage.binary_erosion(m, cross, iterations=k)
    shift = lambda m, dy, dx: np.roll(np.roll(m, dy, axis=0), dx, axis=1)
    dy, dx = (int(v) for v in rng.integers(-4, 5, size=2))
    k1, k2, k3 = (int(v) for v in rng.integers(1, 4, size=3))
    combined = grow(shift(truth, dy, dx), k3) if rng.random() < 0.5 else shrink(shift(truth, dx, dy), 1)
    return [grow(truth, k1), shrink(truth, min(k2, 2)), shift(truth, dy, dx), combined]


def monai_figures(truth, pred, spacing):
    t = torch.as_tensor(truth[None, None].astype(np.float32))
    p = torch.as_tensor(pred[None, None].astype(np.float32))
    dice = float(compute_dice(p, t, include_background=True)[0, 0])
    hd95 = float(compute_hausdorff_distance(p, t, include_background=True, percentile=95,
                                            spacing=spacing)[0, 0])
    return dice, hd95


def describe(values):
    v = np.asarray(values, dtype=float)
    return dict(n=int(v.size), mean=float(np.mean(v)), median=float(np.median(v)),
                sd=float(np.std(v, ddof=1)), min=float(np.min(v)), max=float(np.max(v)))


def band(reps, p):
    """Estimate at p and a Monte-Carlo tolerance for comparing with another B-replicate run."""
    s = np.sort(reps)
    b = len(s)
    est = float(np.quantile(s, p, method="linear"))
    half = 4.0 * math.sqrt(b * p * (1 - p))
    lo = s[max(0, int(math.floor(b * p - half)))]
    hi = s[min(b - 1, int(math.ceil(b * p + half)))]
    return est, math.sqrt(2.0) * float(max(est - lo, hi - est))


def patient_bootstrap(values, patients):
    v = np.asarray(values, dtype=float)
    ids = sorted(set(patients))
    groups = [v[[i for i, p in enumerate(patients) if p == q]] for q in ids]
    rng = np.random.default_rng(BOOT_SEED)
    means = np.empty(REPLICATES)
    medians = np.empty(REPLICATES)
    for r in range(REPLICATES):
        drawn = rng.integers(0, len(groups), size=len(groups))
        pooled = np.concatenate([groups[i] for i in drawn])
        means[r] = pooled.mean()
        medians[r] = np.median(pooled)
    tail = (1 - CONF) / 2
    out = {}
    for name, reps in (("mean", means), ("median", medians)):
        (lo, tol_lo), (hi, tol_hi) = band(reps, tail), band(reps, 1 - tail)
        out[f"{name}_ci"] = [lo, hi]
        out[f"{name}_ci_tolerance"] = [tol_lo, tol_hi]
    out["replicates"] = REPLICATES
    return out


def shares(values, patients, tolerance, at_least, peer):
    within = [(v >= tolerance) if at_least else (v <= tolerance) for v in values]
    x, n = int(sum(within)), len(values)
    wl, wh = proportion_confint(x, n, alpha=1 - CONF, method="wilson")
    cl, ch = proportion_confint(x, n, alpha=1 - CONF, method="beta")
    clustered = peer.proportion(patients, [int(w) for w in within], [True] * n)
    return dict(tolerance=tolerance, direction="at_least" if at_least else "at_most", x=x, n=n,
                wilson_statsmodels=[wl, wh], clopper_pearson_statsmodels=[cl, ch],
                clustered={k: clustered[k] for k in ("x", "n", "patients", "estimate", "variance",
                                                     "variance_gee", "design_effect", "n_effective",
                                                     "wilson", "clopper_pearson")})


def detection(present, patients, peer):
    found = sum(t and p for t, p in present)
    missed = sum(t and not p for t, p in present)
    alarm = sum(p and not t for t, p in present)
    both = sum(not t and not p for t, p in present)
    out = dict(found=found, missed=missed, false_alarm=alarm, both_empty=both)
    for name, member, success in (
        ("sensitivity", [t for t, _ in present], [int(p) for _, p in present]),
        ("specificity", [not t for t, _ in present], [int(not p) for _, p in present]),
    ):
        x = sum(s for s, m in zip(success, member) if m)
        n = sum(member)
        c = peer.proportion(patients, success, member)
        out[name] = dict(x=x, n=n, wilson_statsmodels=list(proportion_confint(x, n, alpha=1 - CONF, method="wilson")),
                         clustered_wilson=c["wilson"], clustered_clopper_pearson=c["clopper_pearson"],
                         design_effect=c["design_effect"])
    return out


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "shared", "fixtures", "real-ct-contours")
    torch.set_num_threads(1)
    peer = clustered_peer()
    rng = np.random.default_rng(SEED)
    cases = []
    for name, truth, spacing in slices(root):
        for k, pred in enumerate(predictions(truth, rng)):
            assert pred.any(), name
            dice, hd95 = monai_figures(truth, pred, spacing)
            cases.append(dict(case=f"{name}_p{k}", patient=name, dice=dice, hd95=hd95))
    patients = [c["patient"] for c in cases]
    singletons = [c["case"] for c in cases]
    figures = {}
    for figure in ("dice", "hd95"):
        values = [c[figure] for c in cases]
        figures[figure] = dict(
            describe(values),
            patients=len(set(patients)),
            clustered=patient_bootstrap(values, patients),
            unclustered=patient_bootstrap(values, singletons),
        )
    dice = [c["dice"] for c in cases]
    hd95 = [c["hd95"] for c in cases]
    within = dict(
        dice_at_least_0_9=shares(dice, patients, 0.9, True, peer),
        hd95_at_most_2=shares(hd95, patients, 2.0, False, peer),
        hd95_at_most_2_singletons=shares(hd95, singletons, 2.0, False, peer),
    )
    # Detection: a made-up reading of the real figures, to fill all four cells with clusters:
    # "truth present" when the case's HD95 is at most 3 mm, "found" when its Dice is at least 0.9.
    present = [(c["hd95"] <= 3.0, c["dice"] >= 0.9) for c in cases]
    out = dict(
        source=("scripts/peers_segmentation_summary.py on ../shared/fixtures/real-ct-contours "
                "(janct_liver_spine_seg.nrrd, vhm_DicomRTTool_Mask.nii.gz)"),
        versions=dict(numpy=np.__version__, scipy=scipy.__version__, statsmodels=statsmodels.__version__,
                      monai=monai.__version__, torch=torch.__version__),
        seed=SEED, bootstrap_seed=BOOT_SEED, confidence=CONF,
        cases=cases, figures=figures, share_within=within,
        detection=dict(present=[list(p) for p in present], result=detection(present, patients, peer)),
    )
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
