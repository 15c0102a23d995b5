#!/usr/bin/env python3
"""Small synthetic DICOM SEGs written by highdicom, for crates/dicom/tests/seg.rs: three 5 × 7 CT
slices (35 bits a frame, so BINARY frames straddle byte boundaries), two segments, one BINARY
and one FRACTIONAL (MaximumFractionalValue 255) SEG, and highdicom's own reading of them (per
segment, per source image, pixel count and SHA-256 of the packed mask, as scripts/peers_seg.py).
The CT slices come from pydicom's bundled CT_small.dcm with pixels and identity replaced: no
patient data. The fractional SEG is read back at threshold 0.5 of the maximum (value ≥ 127.5).

Usage: python3 scripts/make_seg_synthetic.py   (writes into tests/fixtures/segmentation/)
"""
import copy
import hashlib
import json
from pathlib import Path

import highdicom as hd
import numpy as np
import pydicom
from pydicom.data import get_testdata_file
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "segmentation"
PREFIX = "1.2.826.0.1.3680043.10.1134."  # fixed, so the files regenerate identically in UIDs
ROWS, COLUMNS = 5, 7


def uid(name):
    return generate_uid(prefix=PREFIX, entropy_srcs=[name])


def sources():
    base = pydicom.dcmread(get_testdata_file("CT_small.dcm"))
    images = []
    for k in range(3):
        ds = copy.deepcopy(base)
        ds.PatientName = "Synthetic^Seg"
        ds.PatientID = "SYNTH-SEG"
        ds.StudyInstanceUID = uid("study")
        ds.SeriesInstanceUID = uid("series")
        ds.FrameOfReferenceUID = uid("frame-of-reference")
        ds.SOPInstanceUID = uid(f"image-{k}")
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        ds.InstanceNumber = k + 1
        ds.Rows, ds.Columns = ROWS, COLUMNS
        ds.PixelSpacing = [0.5, 0.75]
        ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
        ds.ImagePositionPatient = [-10.0, -20.0, 30.0 + 2.5 * k]
        ds.SliceThickness = 2.5
        ds.PixelData = np.arange(ROWS * COLUMNS, dtype=np.int16).tobytes()
        images.append(ds)
    return images


def digest(mask):
    mask = np.ascontiguousarray(mask.astype(bool))
    return {
        "pixels": int(mask.sum()),
        "sha256": hashlib.sha256(np.packbits(mask.ravel(), bitorder="little").tobytes()).hexdigest(),
    }


def main():
    images = sources()
    rng = np.random.default_rng(16)
    # (slices, rows, columns, segments); the fractional one in [0, 1].
    fractions = rng.random((3, ROWS, COLUMNS, 2)).astype(np.float32)
    fractions[1, :, :, 1] = 0.0  # segment 2 absent on the middle slice
    binary = fractions >= 0.5
    descriptions = [
        hd.seg.SegmentDescription(
            segment_number=n,
            segment_label=label,
            segmented_property_category=hd.sr.CodedConcept("91723000", "SCT", "Anatomical Structure"),
            segmented_property_type=hd.sr.CodedConcept(code, "SCT", meaning),
            algorithm_type=hd.seg.SegmentAlgorithmTypeValues.MANUAL,
        )
        for n, label, code, meaning in [(1, "Liver", "10200004", "Liver"), (2, "Spinal Cord", "2748008", "Spinal cord")]
    ]
    out = {"tools": {"highdicom": hd.__version__, "pydicom": pydicom.__version__, "numpy": np.__version__},
           "images": [{"sop_instance_uid": ds.SOPInstanceUID, "position": [float(v) for v in ds.ImagePositionPatient]}
                      for ds in images],
           "files": {}}
    for name, kind, array in [
        ("synthetic_binary_5x7.dcm", hd.seg.SegmentationTypeValues.BINARY, binary),
        ("synthetic_fractional_5x7.dcm", hd.seg.SegmentationTypeValues.FRACTIONAL, fractions),
    ]:
        seg = hd.seg.Segmentation(
            source_images=images,
            pixel_array=array,
            segmentation_type=kind,
            segment_descriptions=descriptions,
            series_instance_uid=uid(name + "-series"),
            series_number=100,
            sop_instance_uid=uid(name),
            instance_number=1,
            manufacturer="Prøvestein tests",
            manufacturer_model_name="make_seg_synthetic.py",
            software_versions="1",
            device_serial_number="0",
            max_fractional_value=255,
            transfer_syntax_uid=ExplicitVRLittleEndian,
        )
        seg.ContentDate = "20261202"
        seg.ContentTime = "000000"
        seg.SeriesDate, seg.SeriesTime = seg.ContentDate, seg.ContentTime
        seg.save_as(OUT / name, enforce_file_format=True)
        back = hd.seg.segread(OUT / name)
        uids = [ds.SOPInstanceUID for ds in images]
        arr = back.get_pixels_by_source_instance(
            source_sop_instance_uids=uids, segment_numbers=[1, 2], combine_segments=False,
            skip_overlap_checks=True, ignore_spatial_locations=True,
        )
        if kind == hd.seg.SegmentationTypeValues.FRACTIONAL:
            arr = arr >= 0.5  # highdicom rescales to value / MaximumFractionalValue
        segments = {}
        for si, number in enumerate([1, 2]):
            segments[str(number)] = {"images": {u: digest(arr[ii, :, :, si] > 0) for ii, u in enumerate(uids)}}
        out["files"][name] = {"peer": "highdicom", "frames": int(back.NumberOfFrames), "segments": segments}
    (OUT / "synthetic_seg_peers.json").write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
