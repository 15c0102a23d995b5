#!/usr/bin/env python3
"""MONAI's HD95 (compute_hausdorff_distance, percentile=95, CPU) on the masks of
crates/stats/benches/segmentation.rs: 100x512x512, spacing 2.5/0.8/0.8 mm, two offset ellipsoids.
Prints the median wall time of --runs calls, in process (imports and mask building excluded)."""
import argparse
import statistics
import time

import numpy as np
import torch
from monai.metrics import compute_hausdorff_distance

SHAPE = (100, 512, 512)
SPACING = [2.5, 0.8, 0.8]


def ellipsoid(centre, radii):
    z, y, x = np.ogrid[: SHAPE[0], : SHAPE[1], : SHAPE[2]]
    return ((z - centre[0]) / radii[0]) ** 2 + ((y - centre[1]) / radii[1]) ** 2 + ((x - centre[2]) / radii[2]) ** 2 <= 1.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    torch.set_num_threads(2)
    truth = torch.as_tensor(ellipsoid((50, 256, 256), (45, 230, 200)))[None, None]
    pred = torch.as_tensor(ellipsoid((52, 250, 262), (44, 225, 205)))[None, None]
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        hd95 = compute_hausdorff_distance(pred, truth, include_background=True, percentile=95, spacing=SPACING)
        times.append(time.perf_counter() - t0)
    print(f"monai hd95 {float(hd95[0, 0]):.6f} mm; median {statistics.median(times):.3f} s over {args.runs} runs: {times}")


if __name__ == "__main__":
    main()
