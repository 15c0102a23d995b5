#!/usr/bin/env python3
"""Peer values for crates/dicom/src/labelmap.rs: label maps read by nibabel (NIfTI) and pynrrd
(NRRD) and put onto the DICOM slices by nearest voxel centre, independently of the Rust code.

For each CT slice (pydicom: ImagePositionPatient, ImageOrientationPatient, PixelSpacing), every
pixel centre is turned into patient LPS mm, then into the label map's world (RAS for NIfTI:
x and y negated; NRRD in its `space`), then into voxel indices with the inverse affine; a pixel
takes the voxel whose centre is within 0.01 voxel on every axis (else it is off the grid, or the
slice lies on no plane of the map). Each mask is given as its pixel count and the SHA-256 of
the mask packed 1 bit a pixel, row-major, least significant bit first (numpy.packbits
bitorder="little"), as in seg_peers.json.

Usage:
  python3 scripts/peers_labelmap.py [FIXTURES] > crates/dicom/tests/fixtures/labelmap_peers.json
  python3 scripts/peers_labelmap.py --variants DIR [FIXTURES]
FIXTURES defaults to ../shared/fixtures/real-ct-contours (from the project root). --variants
writes janct_liver_spine_seg.nrrd again in other forms into DIR, for
crates/dicom/tests/labelmap.rs to read with both readers: NIfTI with a RAS sform (nibabel),
NIfTI with only a qform, the same NIfTI with its axes permuted and one flipped (nibabel
as_reoriented; with sform and qform, and with only a qform), NRRD in right-anterior-superior space (pynrrd), and a detached big-endian
NRRD header with raw data.
"""
import hashlib
import json
import sys
from pathlib import Path

import nibabel as nib
import nrrd
import numpy as np
import pydicom

TOLERANCE = 0.01
LPS_TO_RAS = np.diag([-1.0, -1.0, 1.0])


def digest(mask):
    mask = np.ascontiguousarray(mask.astype(bool))
    return {
        "pixels": int(mask.sum()),
        "sha256": hashlib.sha256(np.packbits(mask.ravel(), bitorder="little").tobytes()).hexdigest(),
    }


def slices(folder, pattern):
    out = []
    for f in sorted(folder.glob(pattern)):
        ds = pydicom.dcmread(f, stop_before_pixels=True)
        if ds.get("Modality") != "CT":
            continue
        out.append(
            {
                "file": f.name,
                "origin": np.array([float(v) for v in ds.ImagePositionPatient]),
                "row_dir": np.array([float(v) for v in ds.ImageOrientationPatient[:3]]),
                "col_dir": np.array([float(v) for v in ds.ImageOrientationPatient[3:]]),
                "spacing": [float(v) for v in ds.PixelSpacing],  # (between rows, between columns)
                "rows": int(ds.Rows),
                "columns": int(ds.Columns),
            }
        )
    return out


def onto(data, world_to_voxel, world_of_lps, images, labels):
    """Masks of `labels` on the images, with what did not map."""
    out = {str(l): {"images": {}} for l in labels}
    pixels_outside = 0
    without_plane = []
    hit = np.zeros(data.shape, dtype=bool)
    for image in images:
        rows, columns = image["rows"], image["columns"]
        r, c = np.meshgrid(np.arange(rows), np.arange(columns), indexing="ij")
        lps = (
            image["origin"][None, None, :]
            + c[..., None] * image["spacing"][1] * image["row_dir"][None, None, :]
            + r[..., None] * image["spacing"][0] * image["col_dir"][None, None, :]
        )
        world = lps @ world_of_lps.T
        vox = world @ world_to_voxel[:3, :3].T + world_to_voxel[:3, 3]
        nearest = np.rint(vox)
        on_grid = np.all(np.abs(vox - nearest) <= TOLERANCE, axis=-1)
        idx = nearest.astype(np.int64)
        inside = on_grid & np.all((idx >= 0) & (idx < np.array(data.shape)), axis=-1)
        if not inside.any():
            without_plane.append(image["file"])
            masks = {l: np.zeros((rows, columns), bool) for l in labels}
        else:
            pixels_outside += int((~inside).sum())
            values = np.zeros((rows, columns), dtype=np.int64)
            i, j, k = idx[inside].T
            values[inside] = data[i, j, k]
            for l in labels:
                hit[i[data[i, j, k] == l], j[data[i, j, k] == l], k[data[i, j, k] == l]] = True
            masks = {l: values == l for l in labels}
        for l in labels:
            d = digest(masks[l] & inside)
            out[str(l)]["images"][image["file"]] = d
    for l in labels:
        total = int((data == l).sum())
        out[str(l)]["voxels"] = total
        out[str(l)]["voxels_outside"] = total - int((hit & (data == l)).sum())
    return {
        "labels": out,
        "pixels_outside": pixels_outside,
        "slices_without_plane": without_plane,
    }


def nrrd_affine(header):
    """Voxel → LPS mm (4 × 4) of an NRRD, and the space's LPS → world matrix."""
    space = header["space"]
    flip = {"left-posterior-superior": np.eye(3), "right-anterior-superior": LPS_TO_RAS}[space]
    a = np.eye(4)
    a[:3, :3] = np.asarray(header["space directions"], float).T
    a[:3, 3] = np.asarray(header["space origin"], float)
    return a, flip


def peers(root):
    out = {
        "tools": {
            "nibabel": nib.__version__,
            "pynrrd": nrrd.__version__,
            "pydicom": pydicom.__version__,
            "numpy": np.__version__,
        },
        "packing": "row-major, 1 bit a pixel, least significant bit first (numpy.packbits bitorder=little)",
        "rule": "nearest voxel centre within 0.01 voxel on every axis; NIfTI affine RAS (nibabel get_best_affine), LPS = diag(-1,-1,1) RAS",
    }
    img = nib.load(str(root / "source_labels" / "vhm_DicomRTTool_Mask.nii.gz"))
    data = np.asarray(img.dataobj)
    result = onto(data, np.linalg.inv(img.affine), LPS_TO_RAS, slices(root / "vhm", "CT_*.dcm"), [1, 2, 3])
    result["file"] = "source_labels/vhm_DicomRTTool_Mask.nii.gz"
    result["peer"] = "nibabel"
    out["vhm_nifti"] = result

    data, header = nrrd.read(str(root / "source_labels" / "janct_liver_spine_seg.nrrd"))
    affine, flip = nrrd_affine(header)
    result = onto(data, np.linalg.inv(affine), flip, slices(root / "janct", "0*.dcm"), [1, 2])
    result["file"] = "source_labels/janct_liver_spine_seg.nrrd"
    result["peer"] = "pynrrd"
    out["janct_nrrd"] = result
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    print()


def variants(root, folder):
    folder.mkdir(parents=True, exist_ok=True)
    data, header = nrrd.read(str(root / "source_labels" / "janct_liver_spine_seg.nrrd"))
    lps, _ = nrrd_affine(header)
    ras = np.eye(4)
    ras[:3, :] = LPS_TO_RAS @ lps[:3, :]
    labels = data.astype(np.int16)

    img = nib.Nifti1Image(labels, ras)
    img.set_sform(ras, code=1)
    img.set_qform(ras, code=1)
    nib.save(img, str(folder / "janct_ras.nii.gz"))

    q = nib.Nifti1Image(labels.astype(np.uint8), ras)
    q.set_qform(ras, code=1)
    q.set_sform(None, code=0)
    nib.save(q, str(folder / "janct_qform.nii"))

    # Axes permuted (new axis 0 = old axis 2, flipped; then old 0; then old 1).
    reoriented = img.as_reoriented(np.array([[1, 1], [2, 1], [0, -1]]))
    reoriented.set_qform(reoriented.affine, code=1)
    reoriented.set_sform(reoriented.affine, code=1)
    nib.save(reoriented, str(folder / "janct_permuted.nii.gz"))
    only_q = nib.Nifti1Image(np.asarray(reoriented.dataobj), reoriented.affine)
    only_q.set_qform(reoriented.affine, code=1)
    only_q.set_sform(None, code=0)
    nib.save(only_q, str(folder / "janct_permuted_qform.nii.gz"))

    h = {
        "space": "right-anterior-superior",
        "space directions": (LPS_TO_RAS @ lps[:3, :3]).T,
        "space origin": LPS_TO_RAS @ lps[:3, 3],
        "kinds": ["domain"] * 3,
        "encoding": "gzip",
        "endian": "little",
    }
    nrrd.write(str(folder / "janct_ras.nrrd"), labels, h)

    h = {
        "space": "left-posterior-superior",
        "space directions": lps[:3, :3].T,
        "space origin": lps[:3, 3],
        "kinds": ["domain"] * 3,
        "encoding": "raw",
        "endian": "big",
    }
    nrrd.write(str(folder / "janct_detached.nhdr"), labels.astype(">i4"), h, detached_header=True)

    # Each variant, read back by its own peer reader, gives the original's masks.
    images = slices(root / "janct", "0*.dcm")
    want = onto(data, np.linalg.inv(lps), np.eye(3), images, [1, 2])
    for name in ["janct_ras.nii.gz", "janct_qform.nii", "janct_permuted.nii.gz", "janct_permuted_qform.nii.gz"]:
        v = nib.load(str(folder / name))
        got = onto(np.asarray(v.dataobj), np.linalg.inv(v.affine), LPS_TO_RAS, images, [1, 2])
        assert got == want, name
    for name in ["janct_ras.nrrd", "janct_detached.nhdr"]:
        d, h = nrrd.read(str(folder / name))
        a, flip = nrrd_affine(h)
        assert onto(d, np.linalg.inv(a), flip, images, [1, 2]) == want, name


def main():
    args = sys.argv[1:]
    if args and args[0] == "--variants":
        folder = Path(args[1])
        root = Path(args[2] if len(args) > 2 else "../shared/fixtures/real-ct-contours")
        variants(root, folder)
    else:
        peers(Path(args[0] if args else "../shared/fixtures/real-ct-contours"))


if __name__ == "__main__":
    main()
