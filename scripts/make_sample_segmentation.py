#!/usr/bin/env python3
"""Generates the SYNTHETIC segmentation demo study in sample-studies/segmentation-demo/ and its
model models/organ_seg.onnx (issue 16, Deliver 8).

Nothing here comes from a patient. Every image is drawn from a fixed-seed random generator; the
names, the fødselsnummer-looking IDs (synthetic numbers: month + 80, the Norwegian convention for
test persons, with valid check digits so that Prøvestein's identifier warning fires on them),
birth dates and study dates are made up. They sit in the DICOM headers and in the folder names,
as in a PACS export, so that the product's de-identification can be tested: none of them may
appear in its output.

The anatomy of each slice is a set of polygons in patient coordinates (LPS, mm): BODY (an
ellipse of soft tissue over air), a Vertebra (bone, an outer contour with the spinal canal as a
hole), the SpinalCord (a small disc inside the canal) and the Liver (a lobed blob on the
patient's right, on the lower slices only). The truth masks are these polygons rasterised by the
rule of crates/dicom/src/rtstruct.rs (pixel centres inside, even-odd), and the RTSTRUCT holds the
same polygons, so reading the RTSTRUCT gives back the truth masks exactly; the images are the
polygons rendered with partial volume (4 x 4 subpixels), CT-like HU and noise.

Deliberate cases (see README.md written beside the study):
  patient 03  the Liver's upper part is low-contrast: the model misses it there (partial miss)
  patient 05  no Liver in the scanned range: truth and model both empty (both_empty)
  patient 06  an aortic calcification that the model calls Vertebra (false-positive voxels)
  patient 08  no Liver, but an enhancing liver-like blob on the left: a Liver false alarm
  patient 09  a steatotic (fatty, low-HU) liver the model does not find at all (missed)
and two defects: a localizer series with no truth (patient 01) and a structure set of an earlier
series that is not in the export (patient 02).

Writes:
  sample-studies/segmentation-demo/ct/<NAME>_<ID>/CT_Thorax_<n>/IM000001.dcm ...  the CT series
  sample-studies/segmentation-demo/truth/<NAME>_<ID>/RS_CT_Thorax_<n>.dcm         RTSTRUCT truth
  sample-studies/segmentation-demo/vendor/SEG_<ID>_<n>.dcm                         vendor DICOM SEG
  sample-studies/segmentation-demo/expected_figures.json   figures per series and structure
  sample-studies/segmentation-demo/plan.toml, plan-vendor.toml, README.md
  models/organ_seg.onnx                                    the hand-built slice model

Usage:  python3 scripts/make_sample_segmentation.py
Needs:  pydicom, numpy, scipy, matplotlib, onnx, onnxruntime==1.32.0, highdicom, torch, monai
        (pip install --user ...). Reruns produce byte-identical files.
"""
import argparse
import io
import warnings
import zlib
import json
import re
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

try:
    import numpy as np
    import onnx
    import pydicom
    import scipy
    import scipy.ndimage as ndi
    from matplotlib.path import Path as MplPath
    from onnx import TensorProto, helper
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian, generate_uid
except ImportError as e:  # pragma: no cover
    sys.exit(f"{e}\nInstall the Python packages first: pip install --user pydicom numpy scipy matplotlib onnx "
             "onnxruntime==1.32.0 highdicom torch monai")

ROOT = Path(__file__).resolve().parent.parent
DEMO_DIR = ROOT / "sample-studies" / "segmentation-demo"
MODEL_PATH = ROOT / "models" / "organ_seg.onnx"
SEED = 20261202

# The grid: 64 x 64 pixels of 1.5 mm, 24 axial slices 3 mm apart.
SIZE = 64
SLICES = 24
PIXEL_MM = 1.5
SLICE_MM = 3.0
SUB = 4  # subpixels per pixel side when rendering partial volume

# The contract with the Rust side (the plan's [preprocess] and [model]).
INPUT_NAME = "image"           # float32 [N, 1, H, W]: HU windowed 40/400 to [0, 1]
OUTPUT_NAME = "probabilities"  # float32 [N, 4, H, W]: background, SpinalCord, Liver, Vertebra
WINDOW_CENTER = 40.0
WINDOW_WIDTH = 400.0
RESCALE_INTERCEPT = -1024.0
THRESHOLD = 0.5
NSD_TOLERANCE_MM = 2.0
STRUCTURES = ["SpinalCord", "Liver", "Vertebra"]  # model channels 1, 2, 3 = SEG segments 1, 2, 3

UID_PREFIX = "1.2.826.0.1.3680043.8.498."
CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2"
RT_STRUCTURE_SET_STORAGE = "1.2.840.10008.5.1.4.1.1.481.3"

# Manufacturer, model, software, station, noise SD (HU).
VENDORS = [
    ("ACME Medical", "Acme CT 64", "VA20A", "ACME-CT01", 12.0),
    ("Nordlys Imaging", "Aurora 128", "3.1.4", "NORDLYS-CT2", 16.0),
]

# Made-up people. (name, sex, vendor index, birth date, special case)
PATIENTS = [
    ("NORDMANN^KARI", "F", 0, date(1970, 1, 1), None),
    ("HANSEN^OLA", "M", 1, date(1958, 3, 14), None),
    ("JOHANSEN^INGRID", "F", 0, date(1949, 11, 2), "liver_partial_miss"),
    ("OLSEN^PER", "M", 1, date(1981, 6, 23), None),
    ("LARSEN^SIGRID", "F", 1, date(1966, 9, 9), "liver_absent"),
    ("ANDERSEN^ERIK", "M", 0, date(1944, 2, 28), "calcification"),
    ("PEDERSEN^LIV", "F", 0, date(1990, 7, 17), None),
    ("NILSEN^JONAS", "M", 1, date(1975, 12, 5), "liver_false_alarm"),
    ("KRISTIANSEN^MARI", "F", 1, date(1953, 4, 30), "fatty_liver"),
    ("BAKKE^ARNE", "M", 0, date(1962, 10, 11), None),
]

# TPS spellings of the ROIs, per patient in turn. Case, spaces, "_" and "-" are normalised away
# by crates/dicom/src/rtstruct.rs (normalise_name); the Norwegian names need the plan's aliases.
ROI_SPELLINGS = [
    {"BODY": "BODY", "SpinalCord": "SpinalCord", "Liver": "Liver", "Vertebra": "Vertebra"},
    {"BODY": "External", "SpinalCord": "Spinal Cord", "Liver": "LIVER", "Vertebra": "Vertebra"},
    {"BODY": "BODY", "SpinalCord": "spinal_cord", "Liver": "Liver", "Vertebra": "VERTEBRA"},
    {"BODY": "Ytre", "SpinalCord": "Medulla", "Liver": "Lever", "Vertebra": "Virvel"},
]
ROI_COLOURS = {"BODY": [0, 128, 0], "SpinalCord": [255, 255, 0], "Liver": [165, 80, 55], "Vertebra": [230, 230, 255]}

# HU of the tissues.
HU_AIR = -1000.0
HU_SOFT = 40.0
HU_LIVER = 95.0        # portal venous phase
HU_LIVER_LOW = 55.0    # patient 03's upper liver (poorly enhancing)
HU_LIVER_FATTY = 8.0   # patient 09 (steatosis)
HU_SPLEEN = 48.0       # a left-sided soft-tissue organ that is no structure of the plan
HU_SPLEEN_ENHANCING = 100.0  # patient 08: liver-like
HU_CSF = 8.0
HU_CORD = 34.0
HU_BONE = (380.0, 460.0)
HU_CALCIFICATION = 700.0


def uid(*parts):
    return generate_uid(prefix=UID_PREFIX, entropy_srcs=["provestein-segmentation-demo", str(SEED), *map(str, parts)])


# ---------------------------------------------------------------------------------------------
# Synthetic identities


def fodselsnummer(birth, individual):
    """A synthetic fødselsnummer: DDMMYY with month + 80 (reserved for test persons, never a real
    person), a three-digit individual number and the two mod-11 check digits."""
    d = [int(c) for c in f"{birth.day:02d}{birth.month + 80:02d}{birth.year % 100:02d}{individual:03d}"]
    w1 = [3, 7, 6, 1, 8, 9, 4, 5, 2]
    w2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
    for weights in (w1, w2):
        k = 11 - sum(a * b for a, b in zip(weights, d)) % 11
        if k == 11:
            k = 0
        if k == 10:
            return None
        d.append(k)
    return "".join(map(str, d))


def patient_id(birth, start):
    for individual in range(start, start + 200):
        fnr = fodselsnummer(birth, individual % 1000)
        if fnr is not None:
            return fnr
    raise AssertionError("no valid synthetic number")


# ---------------------------------------------------------------------------------------------
# Geometry: pixel (row, column) centre <-> patient mm. IOP = [1,0,0, 0,1,0]: columns along +x
# (patient left), rows along +y (posterior); IPP is the centre of the first pixel.

ORIGIN = -0.5 * (SIZE - 1) * PIXEL_MM  # x and y of the first pixel centre: the image centred on 0


def pixel_centres(sub=1):
    """(x, y) in mm of the (sub-)pixel centres, row-major, shape [(SIZE*sub)^2, 2]."""
    n = SIZE * sub
    step = PIXEL_MM / sub
    first = ORIGIN - 0.5 * PIXEL_MM + 0.5 * step
    v = first + step * np.arange(n)
    yy, xx = np.meshgrid(v, v, indexing="ij")
    return np.column_stack([xx.ravel(), yy.ravel()])


CENTRES = pixel_centres(1)
SUBCENTRES = pixel_centres(SUB)


def blob_polygon(cx, cy, ax, ay, rot, n, harmonics=()):
    """A closed polygon (n vertices, counter-clockwise, no repeated first point) of an ellipse with
    semi-axes ax, ay (mm) rotated by rot, its radius modulated by (k, amplitude, phase) harmonics;
    vertices rounded to 0.01 mm as written into ContourData."""
    t = np.linspace(0.0, 2 * np.pi, n, endpoint=False)
    r = np.ones_like(t)
    for k, amp, phase in harmonics:
        r += amp * np.cos(k * t + phase)
    x, y = ax * r * np.cos(t), ay * r * np.sin(t)
    c, s = np.cos(rot), np.sin(rot)
    pts = np.column_stack([cx + c * x - s * y, cy + s * x + c * y])
    return np.round(pts, 2)


def inside(poly, points):
    return MplPath(poly).contains_points(points)


def rasterise(polys, points=CENTRES):
    """Even-odd over all polygons: the rule of crates/dicom/src/rtstruct.rs."""
    m = np.zeros(len(points), bool)
    for p in polys:
        m ^= inside(p, points)
    return m


def clearance(poly, points=CENTRES):
    """Smallest distance (mm) from any point to the polygon's edges."""
    a = poly
    b = np.roll(poly, -1, axis=0)
    best = np.inf
    for (ax_, ay_), (bx, by) in zip(a, b):
        dx, dy = bx - ax_, by - ay_
        t = np.clip(((points[:, 0] - ax_) * dx + (points[:, 1] - ay_) * dy) / (dx * dx + dy * dy), 0, 1)
        d = np.hypot(points[:, 0] - ax_ - t * dx, points[:, 1] - ay_ - t * dy)
        best = min(best, float(d.min()))
    return best


def clear_polygon(make, rng):
    """A polygon from make(dx, dy) whose edges pass no pixel centre closer than 0.005 mm, so that
    rasterisers that differ only on the line agree; shifted by a few hundredths of a mm if not."""
    dx = dy = 0.0
    for _ in range(50):
        p = make(dx, dy)
        if clearance(p) > 0.005:
            return p
        dx, dy = np.round(rng.uniform(-0.05, 0.05, 2), 2)
    raise AssertionError("no clear polygon")


# ---------------------------------------------------------------------------------------------
# Anatomy of one series


def anatomy(rng, special):
    """Per slice: {structure: [polygons]} (truth) and the extra, unlabelled objects to render."""
    body = dict(cx=rng.uniform(-1.5, 1.5), cy=rng.uniform(-1, 2), ax=rng.uniform(40, 44), ay=rng.uniform(31, 35),
                rot=rng.uniform(-0.05, 0.05), h=[(2, rng.uniform(0.0, 0.04), rng.uniform(0, 6.28)),
                                                 (3, rng.uniform(0.0, 0.03), rng.uniform(0, 6.28))])
    vert = dict(cx=rng.uniform(-1.5, 1.5), cy=body["cy"] + rng.uniform(13, 15), ax=rng.uniform(10, 11.5),
                ay=rng.uniform(13, 14.5))
    canal = dict(r=rng.uniform(4.3, 5.0), dy=rng.uniform(2.5, 3.5))
    cord_r = rng.uniform(2.8, 3.4)
    liver = dict(cx=rng.uniform(-25, -22.5), cy=body["cy"] + rng.uniform(-8, -4), ax=rng.uniform(11, 13),
                 ay=rng.uniform(15, 18), rot=rng.uniform(-0.4, 0.1),
                 h=[(2, rng.uniform(0.05, 0.12), rng.uniform(0, 6.28)), (3, rng.uniform(0.03, 0.08), rng.uniform(0, 6.28))],
                 top=int(rng.integers(12, 16)))
    spleen = dict(cx=rng.uniform(22, 26), cy=body["cy"] + rng.uniform(4, 9), ax=rng.uniform(6, 8), ay=rng.uniform(9, 11),
                  rot=rng.uniform(-0.6, -0.2), top=int(rng.integers(8, 13)))
    aorta = dict(cx=vert["cx"] + rng.uniform(9, 11), cy=vert["cy"] - vert["ay"] - rng.uniform(10, 12))
    bone_hu = rng.uniform(*HU_BONE)
    slices = []
    for k in range(SLICES):
        # slice k is k * 3 mm below the first (instance k + 1); the liver sits on the lower slices
        drift = 0.15 * (k - SLICES / 2)
        truth = {}
        extra = []  # (polygon, HU) rendered but not in the truth
        truth["BODY"] = [clear_polygon(lambda dx, dy: blob_polygon(body["cx"] + dx, body["cy"] + dy, body["ax"] + 0.05 * drift,
                                                                    body["ay"], body["rot"], 36, body["h"]), rng)]
        vx, vy = vert["cx"] + 0.1 * drift, vert["cy"]
        outer = clear_polygon(lambda dx, dy: blob_polygon(vx + dx, vy + dy, vert["ax"], vert["ay"], 0.0, 28,
                                                          [(2, 0.06, 0.0)]), rng)
        hole = clear_polygon(lambda dx, dy: blob_polygon(vx + dx, vy + canal["dy"] + dy, canal["r"], canal["r"] * 1.1,
                                                         0.0, 20), rng)
        truth["Vertebra"] = [outer, hole]
        truth["SpinalCord"] = [clear_polygon(lambda dx, dy: blob_polygon(vx + dx, vy + canal["dy"] + 0.4 + dy, cord_r,
                                                                          cord_r * 0.9, 0.0, 16), rng)]
        # Liver: full size at the bottom, a dome tapering to nothing at slice `top` from the bottom.
        from_bottom = SLICES - 1 - k
        truth["Liver"] = []
        liver_hu = None
        if special not in ("liver_absent", "liver_false_alarm") and from_bottom < liver["top"]:
            f = np.sqrt(max(0.0, 1.0 - (from_bottom / liver["top"]) ** 2))
            f = 0.35 + 0.65 * f
            truth["Liver"] = [clear_polygon(lambda dx, dy: blob_polygon(
                liver["cx"] + (1 - f) * 6 + dx, liver["cy"] + dy, liver["ax"] * f, liver["ay"] * f, liver["rot"], 32,
                liver["h"]), rng)]
            liver_hu = HU_LIVER
            if special == "fatty_liver":
                liver_hu = HU_LIVER_FATTY
            if special == "liver_partial_miss" and from_bottom >= liver["top"] // 2 - 1:
                liver_hu = HU_LIVER_LOW
        # Spleen on the left (not a structure of the plan); liver-like in patient 08.
        if from_bottom < spleen["top"] + (6 if special == "liver_false_alarm" else 0):
            hu = HU_SPLEEN_ENHANCING if special == "liver_false_alarm" else HU_SPLEEN
            extra.append((blob_polygon(spleen["cx"], spleen["cy"], spleen["ax"], spleen["ay"], spleen["rot"], 24), hu))
        if special == "calcification" and 4 <= k <= 19:
            extra.append((blob_polygon(aorta["cx"], aorta["cy"], 3.6, 3.0, 0.3, 12), HU_CALCIFICATION))
        slices.append({"truth": truth, "extra": extra, "liver_hu": liver_hu, "bone_hu": bone_hu})
    return slices


def render(rng, sl, noise_sd, texture):
    """HU of one slice: polygons at SUB x SUB subpixels averaged (partial volume), texture, noise."""
    n = SIZE * SUB
    hu = np.full(n * n, HU_AIR)
    t = sl["truth"]
    hu[rasterise(t["BODY"], SUBCENTRES)] = HU_SOFT
    for poly, value in sl["extra"]:
        if value < 200:
            hu[inside(poly, SUBCENTRES)] = value
    if t["Liver"]:
        hu[rasterise(t["Liver"], SUBCENTRES)] = sl["liver_hu"]
    hu[inside(t["Vertebra"][0], SUBCENTRES)] = sl["bone_hu"]
    hu[inside(t["Vertebra"][1], SUBCENTRES)] = HU_CSF
    hu[rasterise(t["SpinalCord"], SUBCENTRES)] = HU_CORD
    for poly, value in sl["extra"]:
        if value >= 200:
            hu[inside(poly, SUBCENTRES)] = value
    img = hu.reshape(SIZE, SUB, SIZE, SUB).mean(axis=(1, 3))
    body = img > -500
    img = img + np.where(body, texture, 0.0)
    white = rng.normal(0.0, 1.0, (SIZE, SIZE))
    corr = ndi.gaussian_filter(white, 0.7, mode="reflect")
    corr /= corr.std()
    img += noise_sd * (0.6 * white + 0.8 * corr)
    return img


def hu_to_stored(hu):
    return np.clip(np.rint(hu - RESCALE_INTERCEPT), 0, 65535).astype(np.uint16)


# ---------------------------------------------------------------------------------------------
# DICOM writing


def write_dicom(ds, path):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = ds.SOPClassUID
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = UID_PREFIX + "16.1"
    meta.ImplementationVersionName = "PROVESTEIN_DEMO"
    ds.file_meta = meta
    buf = io.BytesIO()
    pydicom.dcmwrite(buf, ds, enforce_file_format=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())


def z_of(k):
    return -40.0 - SLICE_MM * k


def ct_dataset(pt, k, stored):
    ds = Dataset()
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
    ds.SOPClassUID = CT_IMAGE_STORAGE
    ds.SOPInstanceUID = pt["sops"][k]
    ds.StudyDate = ds.SeriesDate = ds.ContentDate = pt["date"]
    ds.StudyTime = ds.SeriesTime = ds.ContentTime = pt["time"]
    ds.AccessionNumber = pt["accession"]
    ds.Modality = "CT"
    ds.Manufacturer = pt["vendor"][0]
    ds.InstitutionName = "Demo Hospital (synthetic data)"
    ds.ReferringPhysicianName = "LEGE^DEMO"
    ds.StationName = pt["vendor"][3]
    ds.StudyDescription = "CT THORAX/ABDOMEN - SYNTHETIC DEMO"
    ds.SeriesDescription = f"CT Thorax {pt['series_no']} SYNTHETIC"
    ds.ManufacturerModelName = pt["vendor"][1]
    ds.PatientName = pt["name"]
    ds.PatientID = pt["id"]
    ds.PatientBirthDate = pt["birth"].strftime("%Y%m%d")
    ds.PatientSex = pt["sex"]
    ds.PatientAge = f"{pt['age']:03d}Y"
    ds.BodyPartExamined = "CHEST"
    ds.SliceThickness = f"{SLICE_MM:.1f}"
    ds.KVP = "120"
    ds.SoftwareVersions = pt["vendor"][2]
    ds.PatientPosition = "HFS"
    ds.StudyInstanceUID = pt["study_uid"]
    ds.SeriesInstanceUID = pt["series_uid"]
    ds.StudyID = pt["accession"][-4:]
    ds.SeriesNumber = pt["series_no"]
    ds.InstanceNumber = k + 1
    ds.ImagePositionPatient = [f"{ORIGIN:.2f}", f"{ORIGIN:.2f}", f"{z_of(k):.1f}"]
    ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    ds.FrameOfReferenceUID = pt["frame_uid"]
    ds.PositionReferenceIndicator = ""
    ds.SliceLocation = f"{z_of(k):.1f}"
    ds.ImageComments = "SYNTHETIC DEMO IMAGE - NOT A PATIENT (scripts/make_sample_segmentation.py)"
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows = SIZE
    ds.Columns = SIZE
    ds.PixelSpacing = [PIXEL_MM, PIXEL_MM]
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 0
    ds.WindowCenter = int(WINDOW_CENTER)
    ds.WindowWidth = int(WINDOW_WIDTH)
    ds.RescaleIntercept = int(RESCALE_INTERCEPT)
    ds.RescaleSlope = 1
    ds.RescaleType = "HU"
    ds.PixelData = stored.tobytes()
    return ds


def contour_text(poly, z):
    pts = np.column_stack([poly, np.full(len(poly), z)])
    return [f"{v:.2f}" for v in pts.ravel()]


def rtstruct_dataset(pt, slices):
    """An RT Structure Set as a TPS exports one: every ROI's contours per slice, each referring
    to its CT image; the ROI names in this patient's spelling."""
    spelling = pt["spelling"]
    ds = Dataset()
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.InstanceCreationDate = pt["date"]
    ds.InstanceCreationTime = "160000"
    ds.SOPClassUID = RT_STRUCTURE_SET_STORAGE
    ds.SOPInstanceUID = uid(pt["index"], "rtstruct")
    ds.StudyDate = ds.SeriesDate = pt["date"]
    ds.StudyTime = ds.SeriesTime = pt["time"]
    ds.AccessionNumber = pt["accession"]
    ds.Modality = "RTSTRUCT"
    ds.Manufacturer = "Demo TPS"
    ds.ReferringPhysicianName = "LEGE^DEMO"
    ds.StationName = "DEMO-TPS"
    ds.StudyDescription = "CT THORAX/ABDOMEN - SYNTHETIC DEMO"
    ds.SeriesDescription = "Structure set (synthetic truth)"
    ds.OperatorsName = "DOSIMETRIST^DEMO"
    ds.ManufacturerModelName = "Demo Planner"
    ds.PatientName = pt["name"]
    ds.PatientID = pt["id"]
    ds.PatientBirthDate = pt["birth"].strftime("%Y%m%d")
    ds.PatientSex = pt["sex"]
    ds.SoftwareVersions = "1.0"
    ds.StudyInstanceUID = pt["study_uid"]
    ds.SeriesInstanceUID = uid(pt["index"], "rtstruct-series")
    ds.StudyID = pt["accession"][-4:]
    ds.SeriesNumber = 900 + pt["series_no"]
    ds.InstanceNumber = 1
    ds.StructureSetLabel = "Organs"
    ds.StructureSetName = "Organs (synthetic)"
    ds.StructureSetDate = pt["date"]
    ds.StructureSetTime = "160000"

    def image_ref(k):
        r = Dataset()
        r.ReferencedSOPClassUID = CT_IMAGE_STORAGE
        r.ReferencedSOPInstanceUID = pt["sops"][k]
        return r

    series = Dataset()
    series.SeriesInstanceUID = pt["series_uid"]
    series.ContourImageSequence = [image_ref(k) for k in range(SLICES)]
    study = Dataset()
    study.ReferencedSOPClassUID = "1.2.840.10008.3.1.2.3.1"  # Detached Study Management (retired, as TPSs write)
    study.ReferencedSOPInstanceUID = pt["study_uid"]
    study.RTReferencedSeriesSequence = [series]
    frame = Dataset()
    frame.FrameOfReferenceUID = pt["frame_uid"]
    frame.RTReferencedStudySequence = [study]
    ds.ReferencedFrameOfReferenceSequence = [frame]

    order = ["BODY", "Vertebra", "SpinalCord", "Liver"]
    rois, contours, observations = [], [], []
    for number, key in enumerate(order, start=1):
        r = Dataset()
        r.ROINumber = number
        r.ReferencedFrameOfReferenceUID = pt["frame_uid"]
        r.ROIName = spelling[key]
        r.ROIGenerationAlgorithm = "MANUAL"
        rois.append(r)
        c = Dataset()
        c.ROIDisplayColor = ROI_COLOURS[key]
        c.ReferencedROINumber = number
        items = []
        for k, sl in enumerate(slices):
            for poly in sl["truth"][key]:
                item = Dataset()
                item.ContourImageSequence = [image_ref(k)]
                item.ContourGeometricType = "CLOSED_PLANAR"
                item.NumberOfContourPoints = len(poly)
                item.ContourData = contour_text(poly, z_of(k))
                items.append(item)
        if items:  # a structure set lists an ROI without contours with no ContourSequence
            c.ContourSequence = items
        contours.append(c)
        o = Dataset()
        o.ObservationNumber = number
        o.ReferencedROINumber = number
        o.RTROIInterpretedType = "EXTERNAL" if key == "BODY" else "ORGAN"
        o.ROIInterpreter = ""
        observations.append(o)
    ds.StructureSetROISequence = rois
    ds.ROIContourSequence = contours
    ds.RTROIObservationsSequence = observations
    ds.ApprovalStatus = "UNAPPROVED"
    return ds


def seg_dataset(pt, ct_datasets, masks):
    """The vendor's DICOM SEG (BINARY) of the model's thresholded output, written by highdicom."""
    import highdicom as hd
    from pydicom.sr.codedict import codes

    algorithm = hd.AlgorithmIdentificationSequence(
        name="Demo organ_seg (synthetic)", family=codes.cid7162.ArtificialIntelligence, version="1.0")
    types = {"SpinalCord": codes.SCT.SpinalCord, "Liver": codes.SCT.Liver, "Vertebra": codes.SCT.Vertebra}
    descriptions = [
        hd.seg.SegmentDescription(
            segment_number=i + 1, segment_label=name,
            segmented_property_category=codes.SCT.Organ if name != "Vertebra" else codes.SCT.Bone,
            segmented_property_type=types[name], algorithm_type=hd.seg.SegmentAlgorithmTypeValues.AUTOMATIC,
            algorithm_identification=algorithm,
            tracking_uid=uid(pt["index"], "seg-tracking", name), tracking_id=name)
        for i, name in enumerate(STRUCTURES)
    ]
    # [slice, row, column, segment]
    array = np.stack([masks[name] for name in STRUCTURES], axis=-1).astype(np.uint8)
    seg = hd.seg.Segmentation(
        source_images=ct_datasets, pixel_array=array, segmentation_type=hd.seg.SegmentationTypeValues.BINARY,
        segment_descriptions=descriptions, series_instance_uid=uid(pt["index"], "seg-series"), series_number=300,
        sop_instance_uid=uid(pt["index"], "seg"), instance_number=1, manufacturer="Demo Cloud AI",
        manufacturer_model_name="Demo organ_seg", software_versions="1.0", device_serial_number="DEMO-0001",
        content_description="Organ segmentation (synthetic demo)", content_label="ORGANS",
        content_creator_name="DEMO^CLOUD", omit_empty_frames=True, workers=0)
    # Fixed dates and times (highdicom stamps the present), so that reruns are byte-identical.
    for kw in ("SeriesDate", "ContentDate", "InstanceCreationDate"):
        if kw in seg:
            setattr(seg, kw, pt["date"])
    for kw in ("SeriesTime", "ContentTime", "InstanceCreationTime"):
        if kw in seg:
            setattr(seg, kw, "170000")
    for item in seg.get("ContributingEquipmentSequence", []):
        if "ContributionDateTime" in item:
            item.ContributionDateTime = pt["date"] + "170000"
    dim_uid = uid(pt["index"], "seg-dimension-organization")
    for kw in ("DimensionOrganizationSequence", "DimensionIndexSequence"):
        for item in seg.get(kw, []):
            item.DimensionOrganizationUID = dim_uid
    return seg


# ---------------------------------------------------------------------------------------------
# The model


def window(hu):
    """DICOM PS3.3 C.11.2.1.2.1 linear VOI function to [0, 1] (crates/dicom/src/pixels.rs Window)."""
    return np.clip((hu - (WINDOW_CENTER - 0.5)) / (WINDOW_WIDTH - 1) + 0.5, 0.0, 1.0)


def w(hu):
    """An HU level in windowed units."""
    return (hu - (WINDOW_CENTER - 0.5)) / (WINDOW_WIDTH - 1) + 0.5


# Model bands (HU) and softness (HU).
# The levels avoid multiples of 1/9 and 1/49 HU, so that no input lands exactly on 0.5.
BONE_HU, BONE_SOFT = 170.37, 15.0
LIVER_LO, LIVER_HI, LIVER_SOFT = 66.37, 150.37, 4.0
LIVER_CONTEXT_LO, LIVER_CONTEXT_HI = 63.37, 130.37  # on the 7 x 7 mean
BONE_CLEARANCE = 9  # pixels: no liver where a 9 x 9 window holds bone
CORD_LO, CORD_HI, CORD_SOFT = 19.37, 80.37, 3.0
REACH = 6  # pixels: the cord must have bone this close on all four sides


def organ_seg_model():
    t = lambda name, a: helper.make_tensor(name, TensorProto.FLOAT, np.shape(a), np.asarray(a, np.float32).ravel())
    scale = 1.0 / (WINDOW_WIDTH - 1)  # windowed units per HU
    inits = [
        t("mean3", np.full((1, 1, 3, 3), 1.0 / 9.0)),
        t("mean7", np.full((1, 1, 7, 7), 1.0 / 49.0)),
        t("one", [1.0]),
    ]
    nodes = [
        helper.make_node("Conv", [INPUT_NAME, "mean3"], ["s"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Conv", [INPUT_NAME, "mean7"], ["m"], kernel_shape=[7, 7], pads=[3, 3, 3, 3]),
    ]

    def step(x, level_hu, soft_hu, out, rising=True):
        """sigmoid((x - level) / soft) (rising) or sigmoid((level - x) / soft), in windowed units."""
        k = (1.0 if rising else -1.0) / (soft_hu * scale)
        inits.extend([t(out + "_k", [k]), t(out + "_b", [-k * w(level_hu)])])
        nodes.extend([
            helper.make_node("Mul", [x, out + "_k"], [out + "_kx"]),
            helper.make_node("Add", [out + "_kx", out + "_b"], [out + "_z"]),
            helper.make_node("Sigmoid", [out + "_z"], [out]),
        ])
        return out

    def mul(a, b, out):
        nodes.append(helper.make_node("Mul", [a, b], [out]))
        return out

    bone = step("s", BONE_HU, BONE_SOFT, "vertebra")
    # Liver: its HU band on the 3 x 3 mean and, as context, on the 7 x 7 mean (no edges of bone or air).
    liver = mul(mul(step("s", LIVER_LO, LIVER_SOFT, "liv_lo"), step("s", LIVER_HI, LIVER_SOFT, "liv_hi", False), "liv_a"),
                mul(step("m", LIVER_CONTEXT_LO, LIVER_SOFT, "liv_ctx_lo"),
                    step("m", LIVER_CONTEXT_HI, LIVER_SOFT, "liv_ctx_hi", False), "liv_ctx"), "liver_near_bone")
    nodes += [
        helper.make_node("MaxPool", [bone], ["bone_near"], kernel_shape=[BONE_CLEARANCE] * 2,
                         pads=[BONE_CLEARANCE // 2] * 4),
        helper.make_node("Sub", ["one", "bone_near"], ["bone_far"]),
    ]
    # A 3 x 3 opening (min-pool, then max-pool) takes out specks of noise.
    nodes += [
        helper.make_node("Mul", ["liver_near_bone", "bone_far"], ["liver_raw"]),
        helper.make_node("Neg", ["liver_raw"], ["liver_neg"]),
        helper.make_node("MaxPool", ["liver_neg"], ["liver_eroded_neg"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Neg", ["liver_eroded_neg"], ["liver_eroded"]),
        helper.make_node("MaxPool", ["liver_eroded"], ["liver"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
    ]
    liver = "liver"
    # Spinal cord: soft tissue enclosed by bone (bone within REACH pixels left, right, above, below).
    reach = []
    for name, kernel, pads in [("left", [1, REACH + 1], [0, REACH, 0, 0]), ("right", [1, REACH + 1], [0, 0, 0, REACH]),
                               ("up", [REACH + 1, 1], [REACH, 0, 0, 0]), ("down", [REACH + 1, 1], [0, 0, REACH, 0])]:
        nodes.append(helper.make_node("MaxPool", [bone], ["bone_" + name], kernel_shape=kernel, pads=pads))
        reach.append("bone_" + name)
    enclosed = mul(mul(reach[0], reach[1], "enc_lr"), mul(reach[2], reach[3], "enc_ud"), "enclosed")
    band = mul(step("s", CORD_LO, CORD_SOFT, "cord_lo"), step("s", CORD_HI, CORD_SOFT, "cord_hi", False), "cord_band")
    cord = mul(band, enclosed, "cord")
    nodes += [
        helper.make_node("Max", [cord, liver, bone], ["foreground"]),
        helper.make_node("Sub", ["one", "foreground"], ["background"]),
        helper.make_node("Concat", ["background", cord, liver, bone], [OUTPUT_NAME], axis=1),
    ]
    x = helper.make_tensor_value_info(INPUT_NAME, TensorProto.FLOAT, ["N", 1, "H", "W"])
    y = helper.make_tensor_value_info(OUTPUT_NAME, TensorProto.FLOAT, ["N", 4, "H", "W"])
    graph = helper.make_graph(nodes, "organ_seg", [x], [y], initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)],
                              producer_name="provestein/scripts/make_sample_segmentation.py", producer_version="1")
    model.ir_version = 8
    model.doc_string = (
        "SYNTHETIC DEMO MODEL for Prøvestein's segmentation demo (not a medical device; hand-built, no training). "
        "Input 'image': float32 [N,1,H,W], a CT slice after the modality LUT (HU) and the DICOM linear window "
        "centre 40 / width 400, values in [0,1]. Output 'probabilities': float32 [N,4,H,W], channel 0 background "
        "(1 - max of the others), 1 SpinalCord (soft tissue with bone within 6 px on all four sides), 2 Liver "
        f"({LIVER_LO:g}-{LIVER_HI:g} HU on a 3x3 mean, {LIVER_CONTEXT_LO:g}-{LIVER_CONTEXT_HI:g} HU on a 7x7 mean, "
        f"no bone within {BONE_CLEARANCE // 2} px, opened 3x3), 3 Vertebra "
        f"(> {BONE_HU:g} HU on a 3x3 mean); soft bands by sigmoids. Threshold 0.5 per channel.")
    onnx.checker.check_model(model, full_check=True)
    return model


def read_windowed(path):
    """Stored values -> RescaleSlope/Intercept (HU, float64) -> window -> float32, as the engine."""
    ds = pydicom.dcmread(path)
    hu = ds.pixel_array.astype(np.float64) * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
    return window(hu).astype(np.float32)


# ---------------------------------------------------------------------------------------------
# Figures (the conventions of crates/stats/src/segmentation/mod.rs, computed by MONAI)


def figures(truth, pred, spacing, tol, peer=True):
    """Per-case figures on a [slice, row, column] grid: MONAI's border voxels and scipy's EDT in
    float64 (as scripts/peers_segmentation_metrics.py), MONAI's public float32 functions beside
    them, and the empty-mask convention of the stats crate (never NaN)."""
    import torch
    from monai.metrics import (compute_average_surface_distance, compute_dice, compute_hausdorff_distance,
                               compute_iou, compute_surface_dice)
    from monai.metrics.utils import get_mask_edges

    voxel = float(np.prod(spacing))
    out = {
        "truth_empty": not truth.any(), "pred_empty": not pred.any(),
        "truth_voxels": int(truth.sum()), "pred_voxels": int(pred.sum()),
        "volume_truth_mm3": float(truth.sum() * voxel), "volume_pred_mm3": float(pred.sum() * voxel),
    }
    # report.json's volumes are in mL; the difference is prediction minus truth.
    out["volume_truth"] = out["volume_truth_mm3"] / 1000.0
    out["volume_pred"] = out["volume_pred_mm3"] / 1000.0
    out["volume_difference"] = out["volume_pred"] - out["volume_truth"]
    if out["truth_empty"] or out["pred_empty"]:
        both = out["truth_empty"] and out["pred_empty"]
        diagonal = float(np.sqrt(sum((n * s) ** 2 for n, s in zip(truth.shape, spacing))))
        out.update(presence="both_empty" if both else "missed" if out["pred_empty"] else "false_alarm",
                   dice=1.0 if both else 0.0, iou=1.0 if both else 0.0, nsd=1.0 if both else 0.0,
                   hd=0.0 if both else diagonal, hd95=0.0 if both else diagonal, assd=0.0 if both else diagonal,
                   monai_f32=None)
        return out
    inter = int((truth & pred).sum())
    out["presence"] = "both_present"
    out["dice"] = 2.0 * inter / (truth.sum() + pred.sum())
    out["iou"] = inter / int((truth | pred).sum())
    edges_pred, edges_gt = get_mask_edges(pred, truth, crop=True)
    edges_pred, edges_gt = np.asarray(edges_pred, bool), np.asarray(edges_gt, bool)
    d_pg = ndi.distance_transform_edt(~edges_gt, sampling=spacing)[edges_pred]
    d_gp = ndi.distance_transform_edt(~edges_pred, sampling=spacing)[edges_gt]
    d = [torch.as_tensor(d_pg, dtype=torch.float64), torch.as_tensor(d_gp, dtype=torch.float64)]
    pooled = torch.cat(d)
    out["hd"] = float(max(x.max() for x in d))
    out["hd95"] = float(max(torch.quantile(x, 0.95) for x in d))
    out["assd"] = float(pooled.mean())
    out["nsd"] = float((pooled <= tol).double().mean())

    if not peer:
        return out

    def onehot(m):
        m = torch.as_tensor(m)
        return torch.stack([~m, m]).unsqueeze(0).float()

    yp, yt = onehot(pred), onehot(truth)
    sp = list(spacing)
    # compute_dice / compute_iou keep the background channel ([0, 1] is the structure); the
    # distance functions leave it out ([0, 0] is the structure).
    out["monai_f32"] = {
        "dice": float(compute_dice(yp, yt)[0, 1]),
        "iou": float(compute_iou(yp, yt)[0, 1]),
        "hd": float(compute_hausdorff_distance(yp, yt, spacing=sp)[0, 0]),
        "hd95": float(compute_hausdorff_distance(yp, yt, percentile=95, spacing=sp)[0, 0]),
        "assd": float(compute_average_surface_distance(yp, yt, symmetric=True, spacing=sp)[0, 0]),
        "nsd": float(compute_surface_dice(yp, yt, [tol], spacing=sp)[0, 0]),
    }
    return out


# ---------------------------------------------------------------------------------------------
# The demo study


def people():
    rng = np.random.default_rng(SEED)
    base = date(2025, 1, 6)
    out = []
    for i, (name, sex, vendor, birth, special) in enumerate(PATIENTS):
        index = i + 1
        day = base + timedelta(days=int(rng.integers(0, 300)))
        age = day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
        out.append({
            "index": index, "name": name, "sex": sex, "vendor": VENDORS[vendor], "birth": birth, "age": age,
            "special": special, "id": patient_id(birth, int(rng.integers(100, 500))),
            "date": day.strftime("%Y%m%d"), "time": f"{8 + int(rng.integers(9)):02d}{int(rng.integers(60)):02d}00",
            "accession": f"ACC{2025000 + index * 37:08d}", "series_no": int(rng.integers(2, 6)),
            "study_uid": uid(index, "study"), "series_uid": uid(index, "series"), "frame_uid": uid(index, "frame"),
            "sops": [uid(index, "image", k) for k in range(SLICES)],
            "spelling": ROI_SPELLINGS[i % len(ROI_SPELLINGS)],
        })
    return out


def make_demo():
    import onnxruntime as ort

    for sub in ("ct", "truth", "vendor"):
        if (DEMO_DIR / sub).exists():
            shutil.rmtree(DEMO_DIR / sub)
    DEMO_DIR.mkdir(parents=True, exist_ok=True)
    model = organ_seg_model()
    MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
    MODEL_PATH.write_bytes(model.SerializeToString())
    so = ort.SessionOptions()
    so.log_severity_level = 3
    so.intra_op_num_threads = 1
    sess = ort.InferenceSession(str(MODEL_PATH), so, providers=["CPUExecutionProvider"])

    spacing = (SLICE_MM, PIXEL_MM, PIXEL_MM)  # [slice, row, column]
    series_out, raster_check = [], []
    min_margin = np.inf
    for pt in people():
        rng = np.random.default_rng([SEED, pt["index"]])
        slices = anatomy(rng, pt["special"])
        texture = ndi.gaussian_filter(rng.normal(0.0, 1.0, (SIZE, SIZE)), 3.0)
        texture *= 3.0 / texture.std()
        rel_dir = Path("ct") / f"{pt['name']}_{pt['id']}" / f"CT_Thorax_{pt['series_no']}"
        cts = []
        for k, sl in enumerate(slices):
            hu = render(rng, sl, pt["vendor"][4], texture)
            ds = ct_dataset(pt, k, hu_to_stored(hu))
            path = DEMO_DIR / rel_dir / f"IM{k + 1:06d}.dcm"
            write_dicom(ds, path)
            cts.append(path)
        truth = {name: np.stack([rasterise(sl["truth"][name]).reshape(SIZE, SIZE) for sl in slices])
                 for name in STRUCTURES}
        rs = rtstruct_dataset(pt, slices)
        rs_path = DEMO_DIR / "truth" / f"{pt['name']}_{pt['id']}" / f"RS_CT_Thorax_{pt['series_no']}.dcm"
        write_dicom(rs, rs_path)
        raster_check.append(check_rtstruct(rs_path, cts, truth, pt["spelling"]))

        x = np.stack([read_windowed(p) for p in cts])[:, None]
        prob = sess.run([OUTPUT_NAME], {INPUT_NAME: x})[0]
        pred = {name: prob[:, i + 1] >= THRESHOLD for i, name in enumerate(STRUCTURES)}
        min_margin = min(min_margin, float(np.abs(prob[:, 1:] - THRESHOLD).min()))

        ct_ds = [pydicom.dcmread(p) for p in cts]
        seg = seg_dataset(pt, ct_ds, pred)
        seg_path = DEMO_DIR / "vendor" / f"SEG_{pt['id']}_{pt['series_no']}.dcm"
        seg_path.parent.mkdir(parents=True, exist_ok=True)
        buf = io.BytesIO()
        seg.save_as(buf, enforce_file_format=True)
        seg_path.write_bytes(buf.getvalue())
        check_seg(seg_path, ct_ds, pred)

        figs = {name: figures(truth[name], pred[name], spacing, NSD_TOLERANCE_MM) for name in STRUCTURES}
        for name in STRUCTURES:
            per = [figures(truth[name][k], pred[name][k], spacing[1:], NSD_TOLERANCE_MM, peer=False)
                   for k in range(SLICES)]
            figs[name]["slices"] = {f: [c[f] for c in per] for f in ("presence", "dice", "hd95", "nsd")}
        series_out.append({
            "series_dir": rel_dir.as_posix(), "series_instance_uid": pt["series_uid"],
            "truth_file": rs_path.relative_to(DEMO_DIR).as_posix(), "vendor_file": seg_path.relative_to(DEMO_DIR).as_posix(),
            "manufacturer": pt["vendor"][0], "sex": pt["sex"], "deliberate": pt["special"],
            "roi_names": {name: pt["spelling"][name] for name in STRUCTURES},
            "structures": figs,
        })
    write_defects(people())
    return series_out, raster_check, min_margin


# Deliberate defects, so that the exclusion and unmatched counts show (README.md).
LOCALIZER_DIR = "CT_Localizer_1"
OLD_STRUCTURE_SET = "RS_CT_Thorax_1_2024.dcm"


def write_defects(pts):
    """A localizer series without truth (patient 01: excluded, no truth) and a structure set of
    an earlier series that is not in the export (patient 02: a truth file that matches nothing)."""
    pt = pts[0]
    rng = np.random.default_rng([SEED, 1000])
    # A coronal scout: a projection-like image of the trunk, 64 x 64 pixels of 3 mm.
    yy, xx = np.mgrid[0:SIZE, 0:SIZE]
    trunk = (np.abs(xx - 31.5) / 22.0) ** 2 < 1.0
    hu = np.where(trunk, 20.0 - 60.0 * (np.abs(xx - 31.5) / 22.0) ** 2, HU_AIR)
    hu[np.abs(xx - 31.5) < 2.5] += 300.0  # the spine
    hu += rng.normal(0.0, 10.0, hu.shape)
    meta = dict(pt, series_uid=uid(1, "localizer-series"), series_no=1, sops=[uid(1, "localizer-image")])
    ds = ct_dataset(meta, 0, hu_to_stored(hu))
    ds.ImageType = ["ORIGINAL", "PRIMARY", "LOCALIZER"]
    ds.SeriesDescription = "Topogram SYNTHETIC"
    ds.ImageOrientationPatient = [1, 0, 0, 0, 0, -1]
    ds.ImagePositionPatient = [f"{ORIGIN:.2f}", "0.0", "20.0"]
    ds.PixelSpacing = [3.0, 1.5]
    ds.SliceThickness = "1.0"
    del ds.SliceLocation
    write_dicom(ds, DEMO_DIR / "ct" / f"{pt['name']}_{pt['id']}" / LOCALIZER_DIR / "IM000001.dcm")

    pt = pts[1]
    old = dict(pt, index=f"{pt['index']}-2024", study_uid=uid(2, "study-2024"), series_uid=uid(2, "series-2024"),
               frame_uid=uid(2, "frame-2024"), sops=[uid(2, "image-2024", k) for k in range(SLICES)],
               date="20240611", accession=f"ACC{2024000 + 2 * 37:08d}", series_no=1)
    body = blob_polygon(0.0, 1.0, 41.0, 32.0, 0.0, 36)
    slices = [{"truth": {"BODY": [body] if k in (10, 11) else [], "Vertebra": [], "SpinalCord": [], "Liver": []}}
              for k in range(SLICES)]
    rs = rtstruct_dataset(old, slices)
    rs.SeriesDescription = "Structure set of an earlier CT (not in this export)"
    write_dicom(rs, DEMO_DIR / "truth" / f"{pt['name']}_{pt['id']}" / OLD_STRUCTURE_SET)


def check_rtstruct(rs_path, ct_paths, truth, spelling):
    """Reads the RTSTRUCT back with pydicom and rasterises it independently of the generator's
    polygons (contour points -> pixel coordinates through IPP/IOP/PixelSpacing, matplotlib on
    pixel centres, even-odd over the slice's contours); returns the pixel differences per ROI."""
    rs = pydicom.dcmread(rs_path)
    cts = [pydicom.dcmread(p, stop_before_pixels=True) for p in ct_paths]
    by_uid = {ds.SOPInstanceUID: i for i, ds in enumerate(cts)}
    names = {int(r.ROINumber): str(r.ROIName) for r in rs.StructureSetROISequence}
    rr, cc = np.mgrid[0:SIZE, 0:SIZE]
    centres = np.column_stack([cc.ravel(), rr.ravel()]).astype(float)
    diffs = {}
    for rc in rs.ROIContourSequence:
        name = names[int(rc.ReferencedROINumber)]
        key = next((k for k, v in spelling.items() if v == name), None)
        if key not in STRUCTURES:
            continue
        masks = np.zeros((len(cts), SIZE, SIZE), bool)
        for c in rc.get("ContourSequence", []):
            i = by_uid[c.ContourImageSequence[0].ReferencedSOPInstanceUID]
            ds = cts[i]
            ipp = np.array([float(v) for v in ds.ImagePositionPatient])
            iop = np.array([float(v) for v in ds.ImageOrientationPatient])
            dr, dc = (float(v) for v in ds.PixelSpacing)
            pts = np.array([float(v) for v in c.ContourData]).reshape(-1, 3) - ipp
            assert np.all(np.abs(pts @ np.cross(iop[:3], iop[3:])) < 1e-6), "contour off its image plane"
            cols, rows = pts @ iop[:3] / dc, pts @ iop[3:] / dr
            masks[i] ^= MplPath(np.column_stack([cols, rows])).contains_points(centres).reshape(SIZE, SIZE)
        diffs[key] = int((masks != truth[key]).sum())
    return diffs


def check_seg(seg_path, ct_ds, pred):
    """highdicom reads the SEG back to the model's masks, per segment and source image."""
    import highdicom as hd

    seg = hd.seg.segread(seg_path)
    uids = [ds.SOPInstanceUID for ds in ct_ds]
    arr = seg.get_pixels_by_source_instance(source_sop_instance_uids=uids, segment_numbers=[1, 2, 3],
                                            combine_segments=False, skip_overlap_checks=True)
    for i, name in enumerate(STRUCTURES):
        assert np.array_equal(arr[..., i] > 0, pred[name]), (seg_path, name)


def summary(series_out):
    out = {}
    for name in STRUCTURES:
        cases = [s["structures"][name] for s in series_out]
        counts = {p: sum(c["presence"] == p for c in cases) for p in ("both_present", "both_empty", "missed", "false_alarm")}
        fig = {}
        for f in ("dice", "iou", "hd", "hd95", "assd", "nsd", "volume_difference"):
            v = np.array([c[f] for c in cases])
            fig[f] = {"mean": float(v.mean()), "median": float(np.median(v)), "min": float(v.min()), "max": float(v.max())}
        slices = [p for c in cases for p in c["slices"]["presence"]]
        counts_2d = {p: slices.count(p) for p in ("both_present", "both_empty", "missed", "false_alarm")}
        out[name] = {"cases": len(cases), **counts, "figures": fig, "slices": counts_2d,
                     "share_dice_ge_0.8": sum(c["dice"] >= 0.8 for c in cases) / len(cases),
                     "share_hd95_le_5": sum(c["hd95"] <= 5.0 for c in cases) / len(cases)}
    return out


def write_expected(series_out, min_margin):
    import monai
    import onnxruntime
    import torch

    p0, p1 = people()[:2]
    doc = {
        "what": "SYNTHETIC demo: figures of models/organ_seg.onnx (threshold 0.5 per channel; the same masks "
                "are the vendor SEGs in vendor/) against the RTSTRUCT truth, per series (3-D) and structure",
        "script": "scripts/make_sample_segmentation.py",
        "grid": "[slice, row, column], spacing_mm [3.0, 1.5, 1.5]; slices in instance order (instance 1, "
                "the most superior, first). structures.<name>.slices: presence, dice, hd95 and nsd of each slice "
                "on its own (2-D, spacing [1.5, 1.5], diagonal 135.76 mm), as with unit = \"image\"",

        "spacing_mm": [SLICE_MM, PIXEL_MM, PIXEL_MM],
        "threshold": THRESHOLD,
        "nsd_tolerance_mm": NSD_TOLERANCE_MM,
        "conventions": "border voxels by face connectivity (MONAI get_mask_edges), distances by scipy "
                       "distance_transform_edt with the spacing, in float64; hd95 = max over both directions of "
                       "the 95th percentile (linear); assd = mean of both directed sets pooled; nsd at the "
                       "tolerance over both sets; volume_truth, volume_pred and volume_difference (prediction "
                       "minus truth) in mL as in report.json, the *_mm3 in mm3. Empty masks (crates/stats/src/segmentation): "
                       "both empty -> dice = iou = nsd = 1, distances 0; one empty -> dice = iou = nsd = 0, "
                       "distances = the volume's diagonal sqrt(sum (n*s)^2). monai_f32: MONAI's public "
                       "float32 functions on the same masks (absent when a mask is empty: MONAI gives NaN/inf).",
        "min_probability_margin": min_margin,
        "min_probability_margin_note": "smallest |p - 0.5| over every voxel of the three structure channels: "
                                       "float differences in preprocessing below this cannot flip a voxel",
        "tools": {"monai": monai.__version__, "torch": torch.__version__, "numpy": np.__version__,
                  "scipy": scipy.__version__, "onnxruntime": onnxruntime.__version__, "pydicom": pydicom.__version__},
        "cases": len(series_out),
        "excluded_series": [{
            "series_dir": f"ct/{p0['name']}_{p0['id']}/{LOCALIZER_DIR}", "series_instance_uid": uid(1, "localizer-series"),
            "why": "a localizer: no structure set (and no vendor SEG) references it"}],
        "unmatched_truth_files": [{
            "file": f"truth/{p1['name']}_{p1['id']}/{OLD_STRUCTURE_SET}",
            "why": "the structure set of an earlier CT that is not in the export"}],
        "summary": summary(series_out),
        "series": series_out,
    }

    def clean(o):
        if isinstance(o, float):
            return float(f"{o:.12g}")
        if isinstance(o, (bool, np.bool_)):
            return bool(o)
        if isinstance(o, dict):
            return {k: clean(v) for k, v in o.items()}
        if isinstance(o, list):
            return [clean(v) for v in o]
        return o

    text = json.dumps(clean(doc), indent=1, ensure_ascii=False)
    # Lists of numbers or strings on one line each (the per-slice arrays).
    text = re.sub(r"\[\n\s*([^\[\]{}]*?)\n\s*\]", lambda m: "[" + re.sub(r",\n\s*", ", ", m.group(1)) + "]", text)
    (DEMO_DIR / "expected_figures.json").write_text(text + "\n")
    return doc


PLAN_HEAD = """# SYNTHETIC demo (see README.md): a hand-built organ segmentation model on generated CT series.
# Generated by scripts/make_sample_segmentation.py. Run it with:
#   provestein batch sample-studies/segmentation-demo/{plan_file} --out out/segmentation-demo{out_suffix}

[study]
name = "Segmentation demo: synthetic organ contouring ({source})"
intended_use = "Demonstration only (synthetic data, toy model): contours the spinal cord, liver and vertebra on CT for review by a dosimetrist before radiotherapy planning."
task = "segmentation"

{source_section}
[cohort]
kind = "dicom"
path = "ct"
unit = "series"                            # one 3-D case per CT series
patient = "PatientID"
subgroups = ["Manufacturer", "PatientSex"]

[truth]
kind = "rtstruct"
path = "truth"                             # one RTSTRUCT per series, joined by referenced SOP Instance UIDs

[[structure]]
name = "SpinalCord"
aliases = ["Spinal Cord", "spinal_cord", "Medulla"]
channel = 1                                # model output channel
label = 1                                  # segment number in the vendor's SEG

[[structure]]
name = "Liver"
aliases = ["Lever"]
channel = 2
label = 2

[[structure]]
name = "Vertebra"
aliases = ["Virvel"]
channel = 3
label = 3

[segmentation]
threshold = 0.5
nsd_tolerance_mm = 2.0
both_empty = "reported"
tolerances = {{ dice = 0.8, hd95 = 5.0 }}

[preprocess]
modality_lut = true
window = {{ center = 40, width = 400 }}
resize = "none"
channels = 1
normalize = "none"
layout = "NCHW"

[analysis]
bootstrap = 2000
seed = 42

# The criteria, chosen against expected_figures.json (README.md, "Figures"). Each passes.
[[acceptance]]
metric = "dice"
structure = "SpinalCord"
statistic = "mean"
bound = "ci_low"
min = 0.65

[[acceptance]]
metric = "dice"
structure = "Vertebra"
statistic = "mean"
bound = "ci_low"
min = 0.9

[[acceptance]]
metric = "hd95"
structure = "Vertebra"
statistic = "median"
bound = "ci_high"
max = 3.0

# The share of series whose Liver HD95 is within 10 mm (both empty counts as within).
[[acceptance]]
metric = "share_within"
structure = "Liver"
figure = "hd95"
tolerance = 10.0
bound = "ci_low"
min = 0.3

# Not a criterion here: with 10 patients, three of them liver failures on purpose, the median
# Liver HD95 (4.2 mm) has a bootstrap interval reaching ~80 mm, so this would be INCONCLUSIVE:
# [[acceptance]]
# metric = "hd95"
# structure = "Liver"
# statistic = "median"
# bound = "ci_high"
# max = 10.0
"""

MODEL_SECTION = """[model]
path = "../../models/organ_seg.onnx"       # relative to this file
input = "image"                            # float32 [N, 1, H, W], windowed to [0, 1]
output = "probabilities"                   # float32 [N, 4, H, W]: background, SpinalCord, Liver, Vertebra
"""

VENDOR_SECTION = """[product]
name = "Demo organ contouring (synthetic)"
vendor = "Demo Cloud AI"
version = "1.0"

[predictions]
kind = "seg"                               # the cloud product's own DICOM SEG files
path = "vendor"                            # joined to the CT series by ReferencedSeriesSequence
"""


def write_plans_and_readme(out_dir, doc, raster_check):
    (out_dir / "plan.toml").write_text(PLAN_HEAD.format(
        plan_file="plan.toml", out_suffix="", source="model", source_section=MODEL_SECTION))
    (out_dir / "plan-vendor.toml").write_text(PLAN_HEAD.format(
        plan_file="plan-vendor.toml", out_suffix="-vendor", source="vendor SEG", source_section=VENDOR_SECTION))
    write_readme(out_dir, doc, raster_check)


def criteria_table(doc):
    """The README's rows: each criterion's estimate and interval, computed here."""
    rng = np.random.default_rng(42)

    def values(name, figure):
        return np.array([s["structures"][name][figure] for s in doc["series"]])

    def boot(v, stat):
        idx = rng.integers(0, len(v), (2000, len(v)))
        b = stat(v[idx], axis=1)
        return stat(v), np.percentile(b, 2.5), np.percentile(b, 97.5)

    def wilson(k, n, z=1.959964):
        p = k / n
        c = (p + z * z / (2 * n)) / (1 + z * z / n)
        h = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        return c - h, c + h

    from scipy.stats import beta
    rows = []
    for name, figure, stat, bound, op, limit in [
        ("SpinalCord", "dice", np.mean, 1, "≥", 0.65), ("Vertebra", "dice", np.mean, 1, "≥", 0.9),
        ("Vertebra", "hd95", np.median, 2, "≤", 3.0)]:
        est, lo, hi = boot(values(name, figure), stat)
        judged = (est, lo, hi)[bound]
        ok = judged >= limit if op == "≥" else judged <= limit
        rows.append(f"| {name} {figure}, {stat.__name__}, {'lower' if bound == 1 else 'upper'} bound {op} {limit:g} | "
                    f"{est:.3f} | {lo:.3f}–{hi:.3f} | {limit:g} | {'PASS' if ok else 'not met'} |")
    v = values("Liver", "hd95")
    k, n = int((v <= 10.0).sum()), len(v)
    w = wilson(k, n)
    cp = (beta.ppf(0.025, k, n - k + 1), beta.ppf(0.975, k + 1, n - k))
    rows.append(f"| Liver share with HD95 ≤ 10 mm, lower bound ≥ 0.3 | {k}/{n} | Wilson {w[0]:.3f}–{w[1]:.3f}, "
                f"Clopper–Pearson {cp[0]:.3f}–{cp[1]:.3f} | 0.3 | {'PASS' if w[0] >= 0.3 and cp[0] >= 0.3 else 'not met'} |")
    est, lo, hi = boot(v, np.median)
    rows.append(f"| (Liver hd95, median, upper bound ≤ 10) | {est:.3f} | {lo:.3f}–{hi:.3f} | 10 | "
                f"{'PASS' if hi <= 10 else 'inconclusive' if est <= 10 else 'FAIL'} |")
    return rows


def write_readme(out_dir, doc, raster_check):
    series = doc["series"]
    raster_total = sum(sum(d.values()) for d in raster_check)
    files = {sub: [p for p in (out_dir / sub).rglob("*") if p.is_file()] for sub in ("ct", "truth", "vendor")}
    sizes = {sub: sum(p.stat().st_size for p in fs) for sub, fs in files.items()}
    packed = sum(len(zlib.compress(p.read_bytes())) for fs in files.values() for p in fs)
    rows = []
    for i, s in enumerate(series):
        f = s["structures"]
        cells = []
        for name in STRUCTURES:
            c = f[name]
            tag = {"both_empty": " (both empty)", "missed": " (missed)", "false_alarm": " (false alarm)"}.get(
                c["presence"], "")
            cells.append(f"{c['dice']:.3f} / {c['hd95']:.1f}{tag}")
        rows.append(f"| {i + 1:02d} | {s['manufacturer']} | {s['sex']} | {' | '.join(cells)} |")
    summ = []
    for name, x in doc["summary"].items():
        g = x["figures"]
        summ.append(f"| {name} | {g['dice']['mean']:.3f} | {g['dice']['median']:.3f} | {g['hd95']['mean']:.2f} | "
                    f"{g['hd95']['median']:.2f} | {g['nsd']['mean']:.3f} | {x['both_present']} | {x['both_empty']} | "
                    f"{x['missed']} | {x['false_alarm']} |")
    criteria_rows = "\n".join(criteria_table(doc))
    spellings = "; ".join(" / ".join(f"`{v}`" for v in sp.values()) for sp in ROI_SPELLINGS)
    text = f"""# Segmentation demo: SYNTHETIC data

**Everything in this folder is synthetic.** It was generated by `scripts/make_sample_segmentation.py`
(seed {SEED}) and contains no patient data: no real CT with permissively licensed contours could be
had offline, so the study is drawn. The patient names (`NORDMANN^KARI` …), the fødselsnummer-like
IDs, birth dates, study dates and accession numbers in the DICOM headers **and in the folder and
file names** are made up, as a PACS export would carry real ones; they are there so that
Prøvestein's de-identification can be tested: none of them may appear in its output. The IDs are
*synthetic* fødselsnummer (month + 80, the convention for test persons, so they belong to nobody)
with valid check digits, so that a check for fødselsnummer-like values finds them.

## The task

A toy organ-contouring model (`models/organ_seg.onnx`, built by the script from ONNX operators,
no training, {MODEL_PATH.stat().st_size} bytes) reads each 64×64 CT slice (16-bit unsigned,
RescaleIntercept −1024, so HU; window 40/400 to [0, 1]) and gives per pixel the probability of
background, SpinalCord, Liver and Vertebra (`probabilities`, float32 [N, 4, 64, 64]): a 3×3 and a
7×7 mean, then sigmoid bands on intensity (bone > {BONE_HU:.0f} HU; liver {LIVER_LO:.0f}–{LIVER_HI:.0f} HU
away from bone, opened 3×3; cord = soft tissue with bone within {REACH} pixels on all four sides).
Thresholded at 0.5 per channel and compared in 3-D per series with the truth.

The same thresholded masks are the "cloud product's" output in `vendor/` as DICOM SEG, so
`plan.toml` (runs the model) and `plan-vendor.toml` (reads the SEGs) give the same figures.

## Contents

- `ct/<NAME>_<ID>/CT_Thorax_<n>/IM000001.dcm` … `IM000024.dcm`: {len(series)} patients, one axial
  series each of {SLICES} slices, 64×64 pixels of {PIXEL_MM} mm, {SLICE_MM:g} mm apart (ImagePositionPatient =
  centre of the first pixel, ImageOrientationPatient 1\\0\\0\\0\\1\\0, LPS; instance 1 is the most
  superior slice). Explicit VR Little Endian. Two manufacturers ({VENDORS[0][0]}, noise SD
  {VENDORS[0][4]:g} HU; {VENDORS[1][0]}, {VENDORS[1][4]:g} HU), five women and five men.
  Anatomy, varied per patient: BODY (soft tissue {HU_SOFT:g} HU over air), a Vertebra (bone, about
  {HU_BONE[0]:.0f}–{HU_BONE[1]:.0f} HU, with the spinal canal as a hole, CSF {HU_CSF:g} HU), the SpinalCord
  ({HU_CORD:g} HU) in the canal, the Liver ({HU_LIVER:g} HU, portal venous phase) on the patient's right on
  the lower 12–15 slices (so the upper slices have empty truth), and a soft-tissue organ on the left
  that is no structure of the plan.
- `truth/<NAME>_<ID>/RS_CT_Thorax_<n>.dcm`: one RTSTRUCT per series (ROIs BODY/External,
  Vertebra, SpinalCord, Liver), spelt per patient in turn as different TPSs would: {spellings}.
  Case, spaces, `_` and `-` are normalised away by Prøvestein; the Norwegian names need the plan's
  aliases. Every contour is CLOSED_PLANAR in patient mm with a Contour Image Sequence naming its CT
  slice; a series without a liver lists the Liver ROI with no contours.
- `vendor/SEG_<ID>_<n>.dcm`: the model's masks as BINARY DICOM SEG (highdicom; segments 1
  SpinalCord, 2 Liver, 3 Vertebra; empty frames left out; ReferencedSeriesSequence to the CT).
- `plan.toml` (the model), `plan-vendor.toml` (the vendor's SEGs).
- `expected_figures.json`: per series and structure the figures computed in Python (below), and
  per slice (2-D, as with `unit = "image"`) presence, Dice, HD95 and NSD. Per slice the Liver is
  found on {doc['summary']['Liver']['slices']['both_present']}, both empty on {doc['summary']['Liver']['slices']['both_empty']}, missed on {doc['summary']['Liver']['slices']['missed']} and a false alarm on
  {doc['summary']['Liver']['slices']['false_alarm']} of the {len(series) * SLICES} slices.

Sizes: ct {sizes['ct'] / 1024:.0f} KiB, truth {sizes['truth'] / 1024:.0f} KiB, vendor {sizes['vendor'] / 1024:.0f} KiB
({packed / 1024:.0f} KiB zlib-compressed file by file, as git stores them; the CT's uncompressed pixels
alone are {len(series) * SLICES * SIZE * SIZE * 2 / 1024:.0f} KiB).

### How the truth is made, and checked

Each structure on each slice is a polygon in patient mm (vertices rounded to 0.01 mm, as written
in ContourData); the truth mask is that polygon rasterised by Prøvestein's rule (pixel centres
inside, even–odd over the slice's contours, so the canal is a hole in the Vertebra). The image is
rendered from the same polygons at 4×4 subpixels (partial volume), plus a smooth texture and
correlated noise. No pixel centre lies within 0.005 mm of a contour line, so rasterisers that
differ only on the line agree. The script reads every RTSTRUCT back with pydicom, maps the points
to pixels through ImagePositionPatient / ImageOrientationPatient / PixelSpacing and rasterises them
with matplotlib's `Path.contains_points` on the pixel centres: **{raster_total} pixels differ** from
the generator's masks over all {len(series)} series and three structures. highdicom reads every SEG
back to exactly the model's masks.

## Deliberate defects

Nothing may be dropped silently, so the export holds two files that are no case:

- `ct/<patient 01>/{LOCALIZER_DIR}/IM000001.dcm`: a coronal localizer (topogram), its own series with
  no structure set and no vendor SEG: a series without truth, to be excluded with its reason.
- `truth/<patient 02>/{OLD_STRUCTURE_SET}`: the structure set of an earlier CT of that patient
  (June 2024), which is not in the export: a truth file that references no series of the cohort,
  to be counted as unmatched.

## Deliberate cases

| patient | what | shows |
|---|---|---|
| 03 | the upper half of the liver enhances poorly ({HU_LIVER_LOW:g} HU) | the model misses the Liver there: low Dice, high HD95 |
| 05 | no liver in the scanned range | Liver both empty (Dice 1, distances 0, counted apart) |
| 06 | an aortic calcification ({HU_CALCIFICATION:g} HU) anterior to the spine | the bone channel calls it Vertebra: HD95 up |
| 08 | no liver, but an enhancing liver-like organ ({HU_SPLEEN_ENHANCING:g} HU) on the left | a Liver false alarm |
| 09 | a steatotic liver ({HU_LIVER_FATTY:g} HU) | the model finds no Liver at all: missed |

## Figures (expected_figures.json)

Per series (3-D, spacing 3.0 × 1.5 × 1.5 mm), Dice / HD95 (mm):

| patient | manufacturer | sex | SpinalCord | Liver | Vertebra |
|---|---|---|---|---|---|
{chr(10).join(rows)}

| structure | mean Dice | median Dice | mean HD95 | median HD95 | mean NSD (2 mm) | found | both empty | missed | false alarm |
|---|---|---|---|---|---|---|---|---|---|
{chr(10).join(summ)}

Computed by the script with MONAI {doc['tools']['monai']} conventions in float64 (MONAI's
`get_mask_edges` border voxels, scipy's `distance_transform_edt` with the spacing; HD95 the larger
of the two directed 95th percentiles; ASSD over both directed sets pooled; NSD at 2 mm), MONAI's
own float32 `compute_*` functions beside them (`monai_f32`), and the empty-mask convention of
`crates/stats/src/segmentation/mod.rs`: both empty → Dice = IoU = NSD = 1 and distances 0; one
empty → Dice = IoU = NSD = 0 and distances = the volume's diagonal (153.7 mm), never NaN.
`min_probability_margin` ({doc['min_probability_margin']:.2g}) is the smallest |p − 0.5| of any voxel: a
preprocessing difference smaller than that cannot change a mask.

The plans' criteria on these figures, with 95% intervals computed here (percentile bootstrap over
patients, numpy, 2000 replicates; Prøvestein draws its own replicates, so its bounds differ a
little; Wilson and Clopper–Pearson for the share):

| criterion | estimate | interval | limit | |
|---|---|---|---|---|
{criteria_rows}

The last is not in the plans (it is in `plan.toml`, commented out): three of ten patients are
liver failures on purpose, and with ten patients the interval of the median reaches far above
10 mm, so it would be inconclusive, and the verdict with it.

## Running it

```sh
provestein batch sample-studies/segmentation-demo/plan.toml --out out/segmentation-demo
provestein batch sample-studies/segmentation-demo/plan-vendor.toml --out out/segmentation-demo-vendor
```

To regenerate (byte-identical): `python3 scripts/make_sample_segmentation.py` (needs pydicom, numpy,
scipy, matplotlib, onnx, onnxruntime 1.32.0, highdicom, torch and monai: `pip install --user …`).
"""
    (out_dir / "README.md").write_text(text)


def main():
    warnings.filterwarnings("ignore", category=FutureWarning)  # MONAI's deprecation notes
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.parse_args()
    series_out, raster_check, min_margin = make_demo()
    doc = write_expected(series_out, min_margin)
    write_plans_and_readme(DEMO_DIR, doc, raster_check)
    print(f"wrote {DEMO_DIR.relative_to(ROOT)}/ and {MODEL_PATH.relative_to(ROOT)} ({MODEL_PATH.stat().st_size} bytes)")
    print("RTSTRUCT read back vs truth masks, differing pixels per series:", raster_check)
    print(f"smallest |p - 0.5|: {min_margin:.3g}")
    for name, s in doc["summary"].items():
        f = s["figures"]
        print(f"{name:10s} dice mean {f['dice']['mean']:.3f} median {f['dice']['median']:.3f} | hd95 mean "
              f"{f['hd95']['mean']:.2f} median {f['hd95']['median']:.2f} | both_empty {s['both_empty']} missed "
              f"{s['missed']} false_alarm {s['false_alarm']}")
    for s in series_out:
        print(s["series_dir"].split("/")[1][:12], s["deliberate"] or "",
              " ".join(f"{n}: {s['structures'][n]['dice']:.3f}/{s['structures'][n]['hd95']:.1f}" for n in STRUCTURES))
    total = sum(p.stat().st_size for p in DEMO_DIR.rglob("*") if p.is_file()) + MODEL_PATH.stat().st_size
    print(f"size on disk (demo folder + model): {total / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
