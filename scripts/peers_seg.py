#!/usr/bin/env python3
"""Peer values for crates/dicom/src/seg.rs: per segment, per source image, the pixel count and the
SHA-256 of the mask packed 1 bit a pixel, row-major, least significant bit first (DICOM BINARY
order; numpy.packbits(bitorder="little")), as read by highdicom, and for the two-segment file also
from the NRRD label map it was written from (pynrrd).

Usage: python3 scripts/peers_seg.py [FIXTURES] > tests/fixtures/segmentation/seg_peers.json
FIXTURES defaults to ../shared/fixtures/real-ct-contours (from the project root).
"""
import hashlib
import json
import sys
from pathlib import Path

import highdicom as hd
import nrrd
import numpy as np
import pydicom


def digest(mask):
    mask = np.ascontiguousarray(mask.astype(bool))
    return {
        "pixels": int(mask.sum()),
        "sha256": hashlib.sha256(np.packbits(mask.ravel(), bitorder="little").tobytes()).hexdigest(),
    }


def main():
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/fixtures/real-ct-contours")
    janct = root / "janct"
    images = {}
    for f in sorted(janct.glob("0*.dcm")):
        ds = pydicom.dcmread(f, stop_before_pixels=True)
        images[ds.SOPInstanceUID] = (f.name, [float(v) for v in ds.ImagePositionPatient])
    out = {
        "tools": {
            "highdicom": hd.__version__,
            "pydicom": pydicom.__version__,
            "pynrrd": nrrd.__version__,
            "numpy": np.__version__,
        },
        "packing": "row-major, 1 bit a pixel, least significant bit first (numpy.packbits bitorder=little)",
        "files": {},
    }
    for name in ["liver_seg.dcm", "janct_liver_vertebra_seg.dcm"]:
        seg = hd.seg.segread(janct / name)
        uids = sorted(images)
        numbers = [int(s.SegmentNumber) for s in seg.SegmentSequence]
        # (images, rows, columns, segments), one binary plane per segment and source image.
        arr = seg.get_pixels_by_source_instance(
            source_sop_instance_uids=uids,
            segment_numbers=numbers,
            combine_segments=False,
            skip_overlap_checks=True,
            # Slicer and highdicom omit SpatialLocationsPreserved; the positions match the images.
            ignore_spatial_locations=True,
        )
        segments = {}
        for si, (number, item) in enumerate(zip(numbers, seg.SegmentSequence)):
            per_image = {}
            for ii, uid in enumerate(uids):
                d = digest(arr[ii, :, :, si] > 0)
                d["file"] = images[uid][0]
                per_image[uid] = d
            segments[str(number)] = {"label": item.SegmentLabel, "images": per_image}
        out["files"][name] = {"peer": "highdicom", "segments": segments}

    # The NRRD the two-segment SEG was written from: axes (column, row, slice), LPS, origin and
    # spacing in the header; a slice k lies at origin_z + k * spacing_z.
    data, header = nrrd.read(str(root / "source_labels" / "janct_liver_spine_seg.nrrd"))
    origin = header["space origin"]
    dz = header["space directions"][2][2]
    labels = {}
    for label in (1, 2):
        per_image = {}
        for uid, (fname, pos) in images.items():
            k = int(round((pos[2] - origin[2]) / dz))
            d = digest(data[:, :, k].T == label)
            d["file"] = fname
            per_image[uid] = d
        labels[str(label)] = {"images": per_image}
    out["nrrd"] = {"file": "source_labels/janct_liver_spine_seg.nrrd", "peer": "pynrrd", "labels": labels}
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    print()


if __name__ == "__main__":
    main()
