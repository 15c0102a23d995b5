#!/usr/bin/env python3
"""Independent expected values for sample-studies/detection-dicom-demo (issue 17, detection on a
DICOM cohort), written to sample-studies/detection-dicom-demo/expected.json.

Independent of the generator (scripts/make_sample_detection_dicom.py): nothing is imported from
it; every value comes from reading the written files back with pydicom / highdicom, the ONNX
model run with onnxruntime, and the plans' TOML.

* Units: every CT image under images/ (unit = "image"), in the order of (StudyInstanceUID,
  SeriesInstanceUID, InstanceNumber); the matching is per unit, so the order changes nothing.
* Lesions ([lesions] kind = "seg"): each SEG's segment read per source image with highdicom
  (get_pixels_by_source_instance), each image's mask labelled with scipy.ndimage.label (its
  default structure: face connectivity, 2-D per image since unit = "image"); components of
  fewer than min_voxels pixels are specks (counted, not lesions). Centre = mean of the pixel
  centres mapped to patient mm (ImagePositionPatient is the first pixel's centre:
  p = IPP + col * dc * rowdir + row * dr * coldir, PixelSpacing = [dr, dc]); radius =
  sqrt(area / pi), area = pixels * dr * dc.
* SR marks ([marks] kind = "sr"): highdicom srread, every planar ROI measurement group: CIRCLE's
  centre is its first point, POINT the point; SCOORD (column, row) puts the top-left pixel's
  corner at (0, 0), so the pixel index is coordinate - 0.5, then mapped to mm as above. Score =
  the group's Probability NUM (DCM 122157). Groups without an image region are counted. An SR
  whose images are all outside the export is an unmatched file.
* Model marks ([marks] kind = "model"): models/point_detector.onnx with onnxruntime on every
  image, one image per run, float32 [1, 1, H, W] prepared as crates/dicom/src/pixels.rs does:
  stored values -> modality LUT (RescaleSlope, RescaleIntercept) in f64 -> DICOM PS3.3
  C.11.2.1.2.1 LINEAR window (x - (c - 0.5)) / (w - 1) + 0.5 clamped to [0, 1] -> f32.
  Output rows (x, y, score) with score < min_score are padding (counted); x, y are the pixel's
  column and row (pixel centres on integers) -> mm as above.
* Matching and FROC as crates/stats/src/detection/mod.rs documents (LUNA16 with ≤): greedy by
  descending score (ties: lower mark index), each mark takes the nearest not-yet-hit lesion of
  its unit whose radius contains it; a mark whose hit lesions are all taken is extra (neither TP
  nor FP); FP per unit = FP / units; the curve starts at the origin, then one point per distinct
  counted score, highest first; sensitivity at each fp rate by np.interp; CPM their mean.

Usage: python3 scripts/peers_detection_dicom_sample.py
"""
import json
import math
import tomllib
from pathlib import Path

import highdicom as hd
import numpy as np
import onnxruntime as ort
import pydicom
from pydicom.sr.codedict import codes
from scipy import ndimage

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "sample-studies" / "detection-dicom-demo"
CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2"


# ---------------------------------------------------------------------------------------------
# Units


def read_units(folder):
    units = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        ds = pydicom.dcmread(path)
        if ds.SOPClassUID != CT_IMAGE_STORAGE:
            continue
        units.append({"path": path, "ds": ds, "sop": ds.SOPInstanceUID})
    units.sort(key=lambda u: (u["ds"].StudyInstanceUID, u["ds"].SeriesInstanceUID, int(u["ds"].InstanceNumber)))
    return units


def to_mm(ds, col, row):
    """Pixel (column, row) indices, pixel centres on integers -> patient mm."""
    ipp = np.array(ds.ImagePositionPatient, dtype=float)
    iop = np.array(ds.ImageOrientationPatient, dtype=float)
    rowdir, coldir = iop[:3], iop[3:]
    dr, dc = (float(v) for v in ds.PixelSpacing)
    return ipp + col * dc * rowdir + row * dr * coldir


# ---------------------------------------------------------------------------------------------
# Lesions from SEG


def read_lesions(folder, units, min_voxels):
    by_sop = {u["sop"]: i for i, u in enumerate(units)}
    lesions, specks, unmatched, files = [], 0, 0, 0
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        files += 1
        seg = hd.seg.segread(path)
        sources = [item.ReferencedSOPInstanceUID
                   for s in seg.ReferencedSeriesSequence for item in s.ReferencedInstanceSequence]
        known = [s for s in sources if s in by_sop]
        if not known:
            unmatched += 1
            continue
        numbers = [int(d.SegmentNumber) for d in seg.SegmentSequence]
        pixels = seg.get_pixels_by_source_instance(
            source_sop_instance_uids=known, segment_numbers=numbers,
            assert_missing_frames_are_empty=True, ignore_spatial_locations=True,
        )
        for k, sop in enumerate(known):
            unit = by_sop[sop]
            ds = units[unit]["ds"]
            dr, dc = (float(v) for v in ds.PixelSpacing)
            for j, _number in enumerate(numbers):
                mask = pixels[k, :, :, j] > 0
                lab, n = ndimage.label(mask)
                for c in range(1, n + 1):
                    rows, cols = np.nonzero(lab == c)
                    if len(rows) < min_voxels:
                        specks += 1
                        continue
                    centre = to_mm(ds, cols.mean(), rows.mean())
                    lesions.append({
                        "unit": unit,
                        "centre": centre,
                        "radius": math.sqrt(len(rows) * dr * dc / math.pi),
                        "pixels": int(len(rows)),
                    })
    return lesions, {"seg_files": files, "specks": specks, "unmatched_truth_files": unmatched}


# ---------------------------------------------------------------------------------------------
# Marks from SR


def read_sr_marks(folder, units):
    by_sop = {u["sop"]: i for i, u in enumerate(units)}
    marks, files, unmatched, no_geometry, kinds = [], 0, 0, 0, {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        files += 1
        sr = hd.sr.srread(path)
        groups = sr.content.get_planar_roi_measurement_groups()
        no_geo = len(sr.content.get_image_measurement_groups())
        refs = []
        for g in groups:
            region = g.roi
            image = region.ContentSequence[0].ReferencedSOPSequence[0].ReferencedSOPInstanceUID
            refs.append(image)
        if groups and not any(r in by_sop for r in refs):
            unmatched += 1
            continue
        no_geometry += no_geo
        for g, image in zip(groups, refs):
            region = g.roi
            gt = region.graphic_type.value
            kinds[gt] = kinds.get(gt, 0) + 1
            data = np.asarray(region.value, dtype=float)  # as stored: FL (float32) -> float64
            col, row = data[0, 0] - 0.5, data[0, 1] - 0.5
            unit = by_sop[image]
            scores = [m.value for m in g.get_measurements(name=codes.DCM.Probability)]
            marks.append({"unit": unit, "centre": to_mm(units[unit]["ds"], col, row),
                          "score": float(scores[0])})
    return marks, {"sr_files": files, "unmatched_mark_files": unmatched,
                   "groups_without_geometry": no_geometry, "graphic_types": kinds}


# ---------------------------------------------------------------------------------------------
# Marks from the ONNX model


def windowed(ds, center, width):
    hu = ds.pixel_array.astype(np.float64) * float(ds.get("RescaleSlope", 1)) + float(ds.get("RescaleIntercept", 0))
    lo, hi = center - 0.5 - (width - 1) / 2, center - 0.5 + (width - 1) / 2
    out = (hu - (center - 0.5)) / (width - 1) + 0.5
    out = np.where(hu <= lo, 0.0, np.where(hu > hi, 1.0, out))
    return out.astype(np.float32)


def model_marks(plan, plan_dir, units):
    model = (plan_dir / plan["model"]["path"]).resolve()
    so = ort.SessionOptions()
    so.log_severity_level = 3
    sess = ort.InferenceSession(str(model), so, providers=["CPUExecutionProvider"])
    win = plan["preprocess"]["window"]
    layout = plan["marks"]["layout"]
    min_score = plan["marks"]["min_score"]
    ix, iy, isc = layout.index("x"), layout.index("y"), layout.index("score")
    marks, padding, rows_total, near, highest_padding = [], 0, 0, [], -math.inf
    batch = []
    for unit, u in enumerate(units):
        x = windowed(u["ds"], float(win["center"]), float(win["width"]))[None, None]
        batch.append(x)
        out = sess.run([plan["model"]["output"]], {plan["model"]["input"]: x})[0]
        for r in out[0]:
            rows_total += 1
            score = float(r[isc])
            if abs(score - min_score) < 1e-4:
                near.append(score)
            if score < min_score:
                padding += 1
                highest_padding = max(highest_padding, score)
                continue
            marks.append({"unit": unit, "centre": to_mm(u["ds"], float(r[ix]), float(r[iy])), "score": score})
    # The batch of all images gives the same rows (the engine may batch).
    whole = sess.run([plan["model"]["output"]], {plan["model"]["input"]: np.concatenate(batch)})[0]
    single = np.stack([sess.run([plan["model"]["output"]], {plan["model"]["input"]: b})[0][0] for b in batch])
    batch_diff = float(np.max(np.abs(whole - single)))
    return marks, {"rows": rows_total, "padding_rows": padding, "rows_within_1e-4_of_min_score": len(near),
                   "highest_padding_score": highest_padding,
                   "max_abs_difference_batch_vs_single": batch_diff}


# ---------------------------------------------------------------------------------------------
# Matching and FROC (crates/stats/src/detection/mod.rs)


def dist(a, b):
    return float(np.sqrt(((np.asarray(a) - np.asarray(b)) ** 2).sum()))


def greedy(marks, lesions):
    order = sorted(range(len(marks)), key=lambda m: (-marks[m]["score"], m))
    taken = [None] * len(lesions)
    status = ["fp"] * len(marks)
    by_unit = {}
    for l, le in enumerate(lesions):
        by_unit.setdefault(le["unit"], []).append(l)
    for m in order:
        mk = marks[m]
        hit = [l for l in by_unit.get(mk["unit"], []) if dist(mk["centre"], lesions[l]["centre"]) <= lesions[l]["radius"]]
        free = [l for l in hit if taken[l] is None]
        if free:
            best = min(free, key=lambda l: (dist(mk["centre"], lesions[l]["centre"]), l))
            taken[best] = mk["score"]
            status[m] = "tp"
        elif hit:
            status[m] = "extra"
    return status, taken


def froc(marks, lesions, n_units, rates, units):
    status, taken = greedy(marks, lesions)
    tp = np.array([m["score"] for m, s in zip(marks, status) if s == "tp"], dtype=float)
    fp = np.array([m["score"] for m, s in zip(marks, status) if s == "fp"], dtype=float)
    points = [{"threshold": None, "fp_per_unit": 0.0, "sensitivity": 0.0}]
    for t in sorted(set(tp.tolist()) | set(fp.tolist()), reverse=True):
        points.append({"threshold": t, "fp_per_unit": float((fp >= t).sum()) / n_units,
                       "sensitivity": float((tp >= t).sum()) / len(lesions)})
    fps = np.array([p["fp_per_unit"] for p in points])
    sens = np.array([p["sensitivity"] for p in points])
    at = [float(np.interp(r, fps, sens)) for r in rates]
    return {
        "marks": len(marks),
        "tp": int((np.array(status) == "tp").sum()),
        "fp": int((np.array(status) == "fp").sum()),
        "extra": int((np.array(status) == "extra").sum()),
        "lesions_hit": int(sum(t is not None for t in taken)),
        "units_with_marks": len({m["unit"] for m in marks}),
        "froc": points,
        "sensitivity_at": [{"fp_rate": r, "sensitivity": s} for r, s in zip(rates, at)],
        "cpm": float(np.mean(at)),
        # for debugging a disagreement: every lesion and counted mark, by the (synthetic) image's
        # SOPInstanceUID; a test fixture, never a product output
        "detail": {
            "lesions": [{"sop": units[l["unit"]]["sop"], "centre_mm": [float(v) for v in l["centre"]],
                         "radius_mm": l["radius"], "pixels": l["pixels"], "hit_by_score": t}
                        for l, t in zip(lesions, taken)],
            "marks": [{"sop": units[m["unit"]]["sop"], "centre_mm": [float(v) for v in m["centre"]],
                       "score": m["score"], "status": st} for m, st in zip(marks, status)],
        },
    }


def evaluate(plan_name):
    plan_path = DEMO / plan_name
    plan = tomllib.loads(plan_path.read_text())
    base = plan_path.parent
    units = read_units(base / plan["cohort"]["path"])
    lesions, lesion_counts = read_lesions(base / plan["lesions"]["path"], units, int(plan["lesions"].get("min_voxels", 1)))
    if plan["marks"]["kind"] == "sr":
        marks, mark_counts = read_sr_marks(base / plan["marks"]["path"], units)
    else:
        marks, mark_counts = model_marks(plan, base, units)
    rates = plan.get("detection", {}).get("fp_rates", [0.125, 0.25, 0.5, 1, 2, 4, 8])
    result = {
        "plan": plan_name,
        "units": len(units),
        "patients": len({u["ds"].PatientID for u in units}),
        "units_with_lesions": len({l["unit"] for l in lesions}),
        "lesions": len(lesions),
        **lesion_counts,
        **mark_counts,
    }
    result.update(froc(marks, lesions, len(units), [float(r) for r in rates], units))
    # the smallest margin of any mark to any lesion radius (how far from a tie the hits are)
    detail = result.pop("detail")
    margins = [abs(dist(m["centre"], l["centre"]) - l["radius"]) for m in marks for l in lesions if m["unit"] == l["unit"]]
    result["smallest_hit_margin_mm"] = min(margins) if margins else None
    # equal scores within a unit make the tie rule (lower mark index first) matter
    per_unit = {}
    for m in marks:
        per_unit.setdefault(m["unit"], []).append(m["score"])
    # how far a true and a false positive's scores are apart at the closest (a score noise below
    # this cannot reorder them, so the FROC's fp/sensitivity values and the CPM cannot move)
    tp = [m["score"] for m, st in zip(marks, detail["marks"]) if st["status"] == "tp"]
    fp = [m["score"] for m, st in zip(marks, detail["marks"]) if st["status"] == "fp"]
    result["smallest_tp_fp_score_gap"] = min((abs(a - b) for a in tp for b in fp), default=None)
    result["units_with_tied_mark_scores"] = sum(len(v) != len(set(v)) for v in per_unit.values())
    result["detail"] = detail
    return result


def main():
    out = {
        "source": "scripts/peers_detection_dicom_sample.py: the files read back with pydicom "
                  f"{pydicom.__version__}, highdicom {hd.__version__}, scipy.ndimage.label, onnxruntime "
                  f"{ort.__version__}; matching and FROC as crates/stats/src/detection/mod.rs documents",
        "sr": evaluate("plan.toml"),
        "model": evaluate("plan-model.toml"),
    }
    (DEMO / "expected.json").write_text(json.dumps(out, indent=1) + "\n")
    for k in ("sr", "model"):
        r = out[k]
        s1 = next(s["sensitivity"] for s in r["sensitivity_at"] if s["fp_rate"] == 1.0)
        print(f"{k}: units {r['units']}, lesions {r['lesions']} (specks {r['specks']}), marks {r['marks']} "
              f"(tp {r['tp']}, fp {r['fp']}, extra {r['extra']}), sens@1 {s1:.4f}, CPM {r['cpm']:.4f}, "
              f"margin {r['smallest_hit_margin_mm']:.4f} mm")


if __name__ == "__main__":
    main()
