#!/usr/bin/env python3
"""MONAI's HD95 (compute_hausdorff_distance, percentile=95, CPU) on the masks of
crates/stats/benches/segmentation.rs: 100x512x512, spacing 2.5/0.8/0.8 mm, two offset ellipsoids.
Prints the median wall and CPU (process) time of --runs calls, in process (imports and mask building
excluded). --save DIR writes the two masks as DIR/truth.npy and DIR/prediction.npy (bool, C order) for
the Rust side (cargo run --release -p provestein-stats --example segmentation_timing -- DIR), so both
time the very same masks."""
import argparse
import os
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
    ap.add_argument("--save", help="write truth.npy and prediction.npy here")
    args = ap.parse_args()
    torch.set_num_threads(2)
    t = ellipsoid((50, 256, 256), (45, 230, 200))
    p = ellipsoid((52, 250, 262), (44, 225, 205))
    if args.save:
        os.makedirs(args.save, exist_ok=True)
        np.save(os.path.join(args.save, "truth.npy"), np.ascontiguousarray(t))
        np.save(os.path.join(args.save, "prediction.npy"), np.ascontiguousarray(p))
    truth = torch.as_tensor(t)[None, None]
    pred = torch.as_tensor(p)[None, None]
    wall, cpu = [], []
    for _ in range(args.runs):
        t0, c0 = time.perf_counter(), time.process_time()
        hd95 = compute_hausdorff_distance(pred, truth, include_background=True, percentile=95, spacing=SPACING)
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    print(f"monai hd95 {float(hd95[0, 0]):.6f} mm; median wall {statistics.median(wall):.3f} s, "
          f"cpu {statistics.median(cpu):.3f} s over {args.runs} runs; wall {wall}; cpu {cpu}")


if __name__ == "__main__":
    main()
