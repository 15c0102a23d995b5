#!/usr/bin/env python3
"""The Python way of sample-studies/detection-dicom-demo/plan-model.toml, timed against
`provestein batch` on the same plan: the images and SEGs read with pydicom / highdicom
(scipy.ndimage.label for the components), the detector run once per image with onnxruntime,
the marks mapped to mm and matched, the FROC, sensitivity at the rates and CPM with numpy
(no bootstrap intervals, no report). The readers and the FROC are those of
scripts/peers_detection_dicom_sample.py; only its extra batch-against-single check (two more
passes of the model) is left out here.

python3 scripts/bench_detection_dicom_model.py
"""
import sys
import tomllib
from pathlib import Path

import numpy as np
import onnxruntime as ort

sys.path.insert(0, str(Path(__file__).resolve().parent))
import peers_detection_dicom_sample as peers  # noqa: E402


def main():
    plan_path = peers.DEMO / "plan-model.toml"
    plan = tomllib.loads(plan_path.read_text())
    base = plan_path.parent
    units = peers.read_units(base / plan["cohort"]["path"])
    lesions, _ = peers.read_lesions(base / plan["lesions"]["path"], units,
                                    int(plan["lesions"].get("min_voxels", 1)))
    so = ort.SessionOptions()
    so.log_severity_level = 3
    sess = ort.InferenceSession(str((base / plan["model"]["path"]).resolve()), so,
                                providers=["CPUExecutionProvider"])
    win, layout = plan["preprocess"]["window"], plan["marks"]["layout"]
    ix, iy, isc = layout.index("x"), layout.index("y"), layout.index("score")
    marks = []
    for unit, u in enumerate(units):
        x = peers.windowed(u["ds"], float(win["center"]), float(win["width"]))[None, None]
        out = sess.run([plan["model"]["output"]], {plan["model"]["input"]: x})[0]
        for r in out[0]:
            if float(r[isc]) >= plan["marks"]["min_score"]:
                marks.append({"unit": unit, "centre": peers.to_mm(u["ds"], float(r[ix]), float(r[iy])),
                              "score": float(r[isc])})
    result = peers.froc(marks, lesions, len(units), [float(r) for r in plan["detection"]["fp_rates"]], units)
    print(f"marks {len(marks)}, lesions {len(lesions)}, CPM {result['cpm']:.6f}")


if __name__ == "__main__":
    main()
