#!/usr/bin/env python3
"""Peer masks for Prøvestein's RTSTRUCT rasteriser (crates/dicom/src/rtstruct.rs).

Reads ../shared/fixtures/real-ct-contours/vhm (4 CT slices + an Eclipse RTSTRUCT) with pydicom and
rasterises each ROI independently of our code: contour points to pixel (column, row) through
ImagePositionPatient / ImageOrientationPatient / PixelSpacing (IPP = centre of the first pixel),
then matplotlib.path.Path.contains_points on the pixel centres, one contour at a time, XORed
(= even-odd over all contours of the slice). Also records how DicomRTTool's mask (fills boundary
pixels) and rt-utils's mask (cv2.fillPoly) differ from it.

Writes tests/fixtures/segmentation/vhm_rtstruct_masks.json. Run from the project root:
    python3 scripts/peers_segmentation.py
Needs: pydicom, numpy, matplotlib, nibabel, rt-utils (pip install --user ...).
"""

import hashlib
import json
import os
import sys

import matplotlib
import matplotlib.path
import nibabel
import numpy as np
import pydicom

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# PROVESTEIN_REAL_CT overrides where the data is (e.g. from a git worktree).
DATA = os.environ.get("PROVESTEIN_REAL_CT") or os.path.join(ROOT, "..", "shared", "fixtures", "real-ct-contours")
VHM = os.path.join(DATA, "vhm")
OUT = os.path.join(ROOT, "tests", "fixtures", "segmentation", "vhm_rtstruct_masks.json")


def packed_sha256(mask):
    """SHA-256 of the mask row-major, 8 pixels a byte, first pixel in the high bit."""
    return hashlib.sha256(np.packbits(mask.astype(np.uint8).ravel(), bitorder="big").tobytes()).hexdigest()


def plane(ds):
    ipp = np.array([float(v) for v in ds.ImagePositionPatient])
    iop = np.array([float(v) for v in ds.ImageOrientationPatient])
    row_dir, col_dir = iop[:3], iop[3:]
    dr, dc = (float(v) for v in ds.PixelSpacing)  # between rows, between columns
    return ipp, row_dir, col_dir, dr, dc


def main():
    if not os.path.isdir(VHM):
        sys.exit(f"no test data at {VHM}")
    images = []
    for name in sorted(f for f in os.listdir(VHM) if f.startswith("CT_")):
        ds = pydicom.dcmread(os.path.join(VHM, name))
        images.append((name, ds))
    rs = pydicom.dcmread(os.path.join(VHM, "RS_Body_SpinalCord.dcm"))
    names = {int(r.ROINumber): str(r.ROIName) for r in rs.StructureSetROISequence}
    by_uid = {ds.SOPInstanceUID: i for i, (_, ds) in enumerate(images)}

    # DicomRTTool: nibabel index [i, j, k] = column i, row j, slice k (affine diag(-1, -1, 1):
    # LPS x = i, y = j, z = 1000 + k). Label 1 = SpinalCord, 2 = BODY; the cord inside the body
    # carries label 1 only, so BODY there is label > 0.
    rtt = np.asarray(nibabel.load(os.path.join(DATA, "source_labels", "vhm_DicomRTTool_Mask.nii.gz")).dataobj)
    rtt_masks = {"SpinalCord": rtt == 1, "BODY": rtt > 0}
    z_first = min(float(ds.ImagePositionPatient[2]) for _, ds in images)  # the affine: z = 1000 + k

    try:
        import rt_utils
        from rt_utils import RTStructBuilder

        rtu = RTStructBuilder.create_from(dicom_series_path=VHM, rt_struct_path=os.path.join(VHM, "RS_Body_SpinalCord.dcm"))
        rtu_version = rt_utils.__version__ if hasattr(rt_utils, "__version__") else "1.2.7"
        # rt-utils orders its slices by ImagePositionPatient z (its series loader sorts them).
        rtu_z = sorted(float(ds.ImagePositionPatient[2]) for _, ds in images)
    except Exception as e:  # noqa: BLE001 - the record says why it is missing
        rtu, rtu_version, rtu_z = None, f"not run: {e}", []

    result = {
        "tool": f"pydicom {pydicom.__version__}, numpy {np.__version__}, matplotlib {matplotlib.__version__} "
        "Path.contains_points on pixel centres, XOR of contours (even-odd)",
        "dicomrttool": "source_labels/vhm_DicomRTTool_Mask.nii.gz read with nibabel " + nibabel.__version__,
        "rt_utils": rtu_version,
        "mask_hash": "sha256 of the row-major mask packed 8 pixels a byte, first pixel in the high bit",
        "structures": {},
    }
    for rc in rs.ROIContourSequence:
        name = names[int(rc.ReferencedROINumber)]
        masks = [np.zeros((int(ds.Rows), int(ds.Columns)), bool) for _, ds in images]
        for c in rc.ContourSequence:
            assert c.ContourGeometricType == "CLOSED_PLANAR"
            index = by_uid[c.ContourImageSequence[0].ReferencedSOPInstanceUID]
            ds = images[index][1]
            ipp, row_dir, col_dir, dr, dc = plane(ds)
            pts = np.array([float(v) for v in c.ContourData]).reshape(-1, 3) - ipp
            cols, rows = pts @ row_dir / dc, pts @ col_dir / dr
            rr, cc = np.mgrid[0 : int(ds.Rows), 0 : int(ds.Columns)]
            centres = np.column_stack([cc.ravel(), rr.ravel()]).astype(float)
            inside = matplotlib.path.Path(np.column_stack([cols, rows])).contains_points(centres)
            masks[index] ^= inside.reshape(masks[index].shape)
        slices = []
        for (file, ds), mask in zip(images, masks):
            k = int(round(float(ds.ImagePositionPatient[2]) - z_first))
            theirs = rtt_masks[name][:, :, k].T  # to [row, column]
            entry = {
                "file": file,
                "count": int(mask.sum()),
                "sha256": packed_sha256(mask),
                "dicomrttool_count": int(theirs.sum()),
                "ours_not_dicomrttool": int((mask & ~theirs).sum()),
                "dicomrttool_not_ours": int((theirs & ~mask).sum()),
            }
            if rtu is not None:
                m = rtu.get_roi_mask_by_name(name)
                r = m[:, :, rtu_z.index(float(ds.ImagePositionPatient[2]))]
                entry.update(
                    rt_utils_count=int(r.sum()),
                    ours_not_rt_utils=int((mask & ~r).sum()),
                    rt_utils_not_ours=int((r & ~mask).sum()),
                )
            slices.append(entry)
        result["structures"][name] = slices
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    for name, slices in result["structures"].items():
        print(name, [(s["count"], s["dicomrttool_count"], s.get("rt_utils_count")) for s in slices])


if __name__ == "__main__":
    main()
