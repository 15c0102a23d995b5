#!/usr/bin/env python3
"""Peer values for crates/stats/src/segmentation (tests/peers/segmentation_peers.rs).

Writes tests/fixtures/segmentation/metrics.json: for each case the masks (C-order runs of set
voxels: [start, length] pairs), grid, spacing, NSD tolerance and
  monai     - float64 figures from MONAI's own border voxels (monai.metrics.utils.get_mask_edges) and
              scipy's EDT (as MONAI's get_surface_distance, before its float32 cast), reduced as
              MONAI reduces them:
              HD = max, HD95 = max over directions of torch.quantile(d, 0.95), ASSD = mean of both
              sets concatenated, NSD = share of both sets <= tolerance.
  monai_f32 - MONAI's public functions (compute_hausdorff_distance, compute_average_surface_distance
              (symmetric), compute_surface_dice, compute_dice, compute_iou); they return float32.
  medpy     - medpy.metric.binary hd, hd95 (pooled percentile), assd (mean of directed means), dc.
Usage: python3 scripts/peers_segmentation_metrics.py [path to real-ct-contours]
"""
import json
import sys
from pathlib import Path

import numpy as np
import scipy
import scipy.ndimage as ndi
import torch
import monai
from monai.metrics import (compute_hausdorff_distance, compute_average_surface_distance,
                           compute_surface_dice, compute_dice, compute_iou)
from monai.metrics.utils import get_mask_edges

try:
    import medpy
    from medpy.metric import binary as mb
    from importlib.metadata import version as _v
    MEDPY = _v("medpy")
except ImportError:
    MEDPY = None

ROOT = Path(__file__).resolve().parent.parent


def runs(mask):
    flat = mask.ravel(order="C").astype(np.int8)
    d = np.diff(np.concatenate([[0], flat, [0]]))
    starts = np.flatnonzero(d == 1)
    ends = np.flatnonzero(d == -1)
    return [[int(s), int(e - s)] for s, e in zip(starts, ends)]


def monai64(truth, pred, spacing, tol):
    # MONAI's own border voxels (get_mask_edges); MONAI then takes scipy's float64 EDT and casts
    # the distances to float32, so the distances are taken here from the same EDT before the cast.
    edges_pred, edges_gt = get_mask_edges(pred, truth, crop=True)
    edges_pred, edges_gt = np.asarray(edges_pred, bool), np.asarray(edges_gt, bool)
    d_pg = ndi.distance_transform_edt(~edges_gt, sampling=spacing)[edges_pred]
    d_gp = ndi.distance_transform_edt(~edges_pred, sampling=spacing)[edges_gt]
    d = [torch.as_tensor(d_pg, dtype=torch.float64), torch.as_tensor(d_gp, dtype=torch.float64)]
    both = torch.cat(d)
    return {
        "hausdorff": float(max(x.max() for x in d)),
        "hd95": float(max(torch.quantile(x, 0.95) for x in d)),
        "assd": float(both.mean()),
        "nsd": float((both <= tol).double().mean()),
        "n_border_pred": int(d[0].numel()),
        "n_border_truth": int(d[1].numel()),
        "hd95_pooled": float(np.percentile(both.numpy(), 95)),
        "assd_mean_of_directed_means": float(0.5 * (d[0].mean() + d[1].mean())),
    }


def monai32(truth, pred, spacing, tol):
    # one-hot, batch and channel first: channel 0 background, 1 foreground.
    def onehot(m):
        m = torch.as_tensor(m)
        return torch.stack([~m, m]).unsqueeze(0).float()
    yp, yt = onehot(pred), onehot(truth)
    sp = list(spacing)
    return {
        "hausdorff": float(compute_hausdorff_distance(yp, yt, spacing=sp)[0, 0]),
        "hd95": float(compute_hausdorff_distance(yp, yt, percentile=95, spacing=sp)[0, 0]),
        "assd": float(compute_average_surface_distance(yp, yt, symmetric=True, spacing=sp)[0, 0]),
        "nsd": float(compute_surface_dice(yp, yt, [tol], spacing=sp)[0, 0]),
        # compute_dice / compute_iou include the background channel by default: [0, 1] is the mask.
        "dice": float(compute_dice(yp, yt)[0, 1]),
        "iou": float(compute_iou(yp, yt)[0, 1]),
    }


def medpy_values(truth, pred, spacing):
    if MEDPY is None:
        return None
    return {
        "hausdorff": float(mb.hd(pred, truth, voxelspacing=spacing)),
        "hd95": float(mb.hd95(pred, truth, voxelspacing=spacing)),
        "assd": float(mb.assd(pred, truth, voxelspacing=spacing)),
        "dice": float(mb.dc(pred, truth)),
    }


def case(name, truth, pred, spacing, tol):
    truth = truth.astype(bool)
    pred = pred.astype(bool)
    assert truth.any() and pred.any(), name
    return {
        "name": name,
        "shape": list(truth.shape),
        "spacing": [float(s) for s in spacing],
        "tolerance_mm": tol,
        "truth": runs(truth),
        "prediction": runs(pred),
        "monai": monai64(truth, pred, spacing, tol),
        "monai_f32": monai32(truth, pred, spacing, tol),
        "medpy": medpy_values(truth, pred, spacing),
    }


def blobs(rng, shape, sigma, level):
    return ndi.gaussian_filter(rng.standard_normal(shape), sigma) > level


def ellipsoid(shape, centre, radii):
    grid = np.indices(shape).astype(float)
    r = sum(((g - c) / a) ** 2 for g, c, a in zip(grid, centre, radii))
    return r <= 1.0


def synthetic():
    rng = np.random.default_rng(20261202)
    out = []
    t = blobs(rng, (64, 80), 4.0, 0.05)
    p = ndi.binary_dilation(np.roll(t, (2, -1), axis=(0, 1)), iterations=1) ^ (rng.random(t.shape) < 0.01)
    out.append(case("blobs_2d", t, p, (0.7, 1.3), 1.5))
    t = ellipsoid((40, 48, 32), (20, 24, 16), (12, 15, 9))
    p = ellipsoid((40, 48, 32), (22, 22, 17), (10, 17, 8))
    out.append(case("ellipsoids_3d", t, p, (2.5, 0.8, 0.8), 2.0))
    t = blobs(rng, (24, 40, 36), 3.0, 0.0)
    p = blobs(rng, (24, 40, 36), 3.0, 0.0) | t & (rng.random(t.shape) < 0.5)
    out.append(case("random_blobs_3d", t, p, (3.0, 0.6, 0.9), 3.0))
    t = rng.random((20, 20, 12)) < 0.03
    p = rng.random((20, 20, 12)) < 0.03
    out.append(case("salt_3d", t, p, (1.2, 0.5, 2.0), 1.0))
    # Touching the image edge: the edge counts as outside.
    t = np.zeros((30, 25), bool)
    t[:12, :] = True
    p = np.zeros((30, 25), bool)
    p[3:15, 2:] = True
    out.append(case("edge_2d", t, p, (0.9, 1.1), 0.5))
    t = np.zeros((9, 11), bool)
    t[4, 5] = True
    p = np.zeros((9, 11), bool)
    p[1, 9] = True
    out.append(case("single_voxels_2d", t, p, (1.5, 0.4), 2.0))
    t = np.zeros((3, 16, 16), bool)
    t[:, 4:12, 4:12] = True
    p = np.zeros((3, 16, 16), bool)
    p[1, 5:13, 3:10] = True
    out.append(case("thin_slab_3d", t, p, (5.0, 0.7, 0.7), 1.0))
    return out


def real(fixtures):
    """Liver of janct: the highdicom 2-segment SEG (truth) against 3D Slicer's liver SEG."""
    try:
        import highdicom as hd
        import pydicom
    except ImportError:
        return []
    out = []
    janct = fixtures / "janct"
    seg2 = hd.seg.segread(janct / "janct_liver_vertebra_seg.dcm")
    vol = seg2.get_volume(segment_numbers=[1, 2], combine_segments=False)
    liver, vertebra = vol.array[..., 0] > 0, vol.array[..., 1] > 0
    spacing = tuple(float(s) for s in vol.spacing)
    out.append(case("janct_liver_vs_liver_dilated", liver, ndi.binary_dilation(liver, iterations=2), spacing, 2.0))
    out.append(case("janct_liver_vs_vertebra", liver, vertebra, spacing, 2.0))
    return out


def _hd_version():
    try:
        import highdicom
        return highdicom.__version__
    except ImportError:
        return None


def main():
    fixtures = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/fixtures/real-ct-contours"
    cases = synthetic()
    try:
        cases += real(fixtures)
    except Exception as e:  # the real part is optional; say why it is missing
        print(f"real SEG cases skipped: {e!r}", file=sys.stderr)
    meta = {
        "tools": {"monai": monai.__version__, "torch": torch.__version__, "numpy": np.__version__,
                  "scipy": scipy.__version__, "medpy": MEDPY,
                  "highdicom": _hd_version()},
        "script": "scripts/peers_segmentation_metrics.py",
        "cases": cases,
    }
    path = ROOT / "tests/fixtures/segmentation/metrics.json"
    # One line per case (the masks' runs make long lines; diffs stay one line per case).
    head = json.dumps({k: v for k, v in meta.items() if k != "cases"}, indent=1)[:-2]
    body = ",\n".join(json.dumps(c, separators=(",", ":")) for c in cases)
    path.write_text(f'{head},\n "cases": [\n{body}\n ]\n}}\n')
    print(f"wrote {path}: {len(cases)} cases")


if __name__ == "__main__":
    main()
