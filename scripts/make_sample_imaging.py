#!/usr/bin/env python3
"""Generates the SYNTHETIC imaging demo study in sample-studies/imaging-demo/ and its model.

Nothing here comes from a patient: every image is drawn from a fixed-seed random generator, and
the names, IDs and dates in the DICOM headers are made up (they are there so that Prøvestein's
de-identification can be tested: "Demo^Patient^NN" / "DEMO-NN" must never appear in its output).

The task is a toy "lesion detection" on 64×64 CT-like slices (stored values + RescaleIntercept
-1024 = HU): positives hold a faint Gaussian blob, negatives only soft-tissue background, noise
and small bright point structures (vessels, calcifications) that fool the model now and then.

Writes:
  sample-studies/imaging-demo/images/...          the DICOM files (mixed transfer syntaxes,
                                                  nested folders, .dcm / no extension / .dcm.gz)
                                                  plus two deliberately bad files
  sample-studies/imaging-demo/labels.csv          file, SOPInstanceUID, StudyInstanceUID, label
  sample-studies/imaging-demo/plan.toml           the validation plan
  sample-studies/imaging-demo/expected_scores.csv the model's scores computed here (Python)
  sample-studies/imaging-demo/README.md
  models/blob_detector.onnx                       Gaussian matched filter -> max -> sigmoid

Usage:  python3 scripts/make_sample_imaging.py [--n 48] [--seed 20260301]
Needs:  pydicom==3.0.2, numpy, onnx, onnxruntime (e.g. in a venv:
        python3 -m venv /tmp/venv-imaging &&
        /tmp/venv-imaging/bin/pip install pydicom==3.0.2 numpy onnx onnxruntime==1.32.0)
Reruns with the same arguments produce byte-identical files.

scripts/bench_dicom.py imports `generate`, `blob_detector_model`, `heavy_model` and
`read_windowed` from here.
"""
import argparse
import csv
import gzip
import io
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

try:
    import numpy as np
    import onnx
    import pydicom
    from onnx import TensorProto, helper
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import (
        DeflatedExplicitVRLittleEndian,
        ExplicitVRLittleEndian,
        ImplicitVRLittleEndian,
        RLELossless,
        generate_uid,
    )
except ImportError as e:  # pragma: no cover
    sys.exit(f"{e}\nInstall the Python packages first: pip install pydicom==3.0.2 numpy onnx onnxruntime==1.32.0")

ROOT = Path(__file__).resolve().parent.parent
DEMO_DIR = ROOT / "sample-studies" / "imaging-demo"
MODEL_PATH = ROOT / "models" / "blob_detector.onnx"
DEFAULT_SEED = 20260301
DEFAULT_N = 48

# The contract with the Rust side: tensor names, window and layout.
INPUT_NAME = "image"        # float32 [N, 1, H, W], windowed to [0, 1]
OUTPUT_NAME = "probability"  # float32 [N, 1]
WINDOW_CENTER = 40.0
WINDOW_WIDTH = 400.0
RESCALE_INTERCEPT = -1024.0
RESCALE_SLOPE = 1.0

# pydicom's own root for generated UIDs; with fixed entropy sources the UIDs are reproducible.
UID_PREFIX = "1.2.826.0.1.3680043.8.498."
CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2"
BASIC_TEXT_SR = "1.2.840.10008.5.1.4.1.1.88.11"

SYNTAXES = {
    "explicit": ExplicitVRLittleEndian,
    "implicit": ImplicitVRLittleEndian,
    "deflated": DeflatedExplicitVRLittleEndian,
    "rle": RLELossless,
}
SYNTAX_NAMES = {
    "explicit": "Explicit VR Little Endian (1.2.840.10008.1.2.1)",
    "implicit": "Implicit VR Little Endian (1.2.840.10008.1.2)",
    "deflated": "Deflated Explicit VR Little Endian (1.2.840.10008.1.2.1.99)",
    "rle": "RLE Lossless (1.2.840.10008.1.2.5)",
}

# Manufacturer, model, software, station, noise SD in HU (the vendors differ a little, so the
# per-manufacturer subgroups are not identical).
VENDORS = [
    ("ACME Medical", "Acme CT 64", "VA20A", "ACME-CT01", 11.0),
    ("Nordlys Imaging", "Aurora 128", "3.1.4", "NORDLYS-CT2", 13.0),
    ("Fjord Systems", "Fjord Helix S", "FS-2.0.7", "FJORD-CT3", 16.0),
]

# The synthetic anatomy (HU, pixels).
POINTS_PER_SLICE = (0, 0, 1, 2)
POINT_SIGMA = (0.6, 1.0)
POINT_AMP = (50.0, 160.0)
LESION_AMP = (25.0, 90.0)
AGE_RANGES = [(20, 39), (40, 64), (65, 85)]  # the plan's age bands are [0, 40), [40, 65), [65, ...)
POSITIVE_FRACTION = 0.4  # of the images; whole studies are positive or negative

# The matched filter of the demo model.
KERNEL = 13          # odd; the Conv is "valid" (no padding), so images must be >= KERNEL
KERNEL_SIGMA = 2.5   # pixels
# score = sigmoid((estimated blob contrast in HU - LOGIT_CENTER) / LOGIT_SCALE)
LOGIT_CENTER = 42.0
LOGIT_SCALE = 6.0


def uid(seed, *parts):
    return generate_uid(prefix=UID_PREFIX, entropy_srcs=["provestein-imaging-demo", str(seed), *map(str, parts)])


# ---------------------------------------------------------------------------------------------
# Images


def _gauss1d(sigma):
    r = max(1, int(np.ceil(3 * sigma)))
    x = np.arange(-r, r + 1, dtype=np.float64)
    k = np.exp(-x * x / (2 * sigma * sigma))
    return k / k.sum()


def _blur(img, sigma):
    """Separable Gaussian blur with reflected borders."""
    k = _gauss1d(sigma)
    r = len(k) // 2
    out = img
    for axis in (0, 1):
        pad = [(0, 0), (0, 0)]
        pad[axis] = (r, r)
        p = np.pad(out, pad, mode="reflect")
        n = out.shape[axis]
        acc = np.zeros_like(out)
        for i, w in enumerate(k):
            acc += w * (p[i:i + n, :] if axis == 0 else p[:, i:i + n])
        out = acc
    return out


def _blob(yy, xx, cy, cx, sigma, amp):
    return amp * np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * sigma * sigma))


def _add_blob_near(img, yy, xx, cy, cx, sigma, amp):
    """_blob added within 8 sigma of its centre only (beyond, it is below 1e-12 of amp): a
    1024x1024 slice holds 500 points, and the whole grid for each took seconds per slice."""
    r = int(np.ceil(8 * sigma))
    y0, y1 = max(0, int(cy) - r), min(img.shape[0], int(cy) + r + 2)
    x0, x1 = max(0, int(cx) - r), min(img.shape[1], int(cx) + r + 2)
    img[y0:y1, x0:x1] += _blob(yy[y0:y1, x0:x1], xx[y0:y1, x0:x1], cy, cx, sigma, amp)


def synth_hu(rng, size, noise_sd, lesion=None):
    """One slice in HU: soft tissue, broad structure, point structures, optional lesion, noise."""
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float64)
    img = np.full((size, size), rng.uniform(25.0, 45.0))
    for _ in range(3):  # broad, smooth variation (organs, beam hardening)
        cy, cx = rng.uniform(0, size, 2)
        img += _blob(yy, xx, cy, cx, rng.uniform(0.2, 0.4) * size, rng.uniform(-20.0, 20.0))
    n_points = int(rng.choice(POINTS_PER_SLICE)) * max(1, (size // 64) ** 2)
    for _ in range(n_points):  # vessels in cross-section, calcifications: small and bright
        cy, cx = rng.uniform(4, size - 4, 2)
        sigma, amp = rng.uniform(*POINT_SIGMA), rng.uniform(*POINT_AMP)
        if size > 64:  # benchmark sizes: hundreds of points, each added where it is not ~0
            _add_blob_near(img, yy, xx, cy, cx, sigma, amp)
        else:  # the demo: the whole grid, as its byte-identical files were made
            img += _blob(yy, xx, cy, cx, sigma, amp)
    if lesion is not None:
        cy, cx, sigma, amp = lesion
        img += _blob(yy, xx, cy, cx, sigma, amp)
    white = rng.normal(0.0, 1.0, (size, size))
    k = _gauss1d(0.7)
    corr = _blur(white, 0.7) / np.sum(k * k)  # unit-SD, slightly correlated noise
    img += noise_sd * (0.5 * white + 0.866 * corr)
    return img


def hu_to_stored(hu):
    return np.clip(np.rint((hu - RESCALE_INTERCEPT) / RESCALE_SLOPE), 0, 65535).astype(np.uint16)


# ---------------------------------------------------------------------------------------------
# Layout: patients -> one study each -> 1 or 2 series -> 1 or 2 images


def plan_layout(n, rng):
    """Returns a list of studies; each is a list of series sizes, summing to n images overall."""
    studies, left = [], n
    while left > 0:
        series = []
        for _ in range(2 if rng.random() < 0.35 else 1):
            if left == 0:
                break
            k = min(left, 1 if rng.random() < 0.2 else 2)
            series.append(k)
            left -= k
        studies.append(series)
    return studies


def _age_string(age):
    return f"{age:03d}Y"


def ct_dataset(meta, img_stored, size):
    ds = Dataset()
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
    ds.SOPClassUID = CT_IMAGE_STORAGE
    ds.SOPInstanceUID = meta["sop"]
    for k in ("StudyDate", "SeriesDate", "ContentDate"):
        setattr(ds, k, meta["date"])
    for k in ("StudyTime", "SeriesTime", "ContentTime"):
        setattr(ds, k, meta["time"])
    ds.AccessionNumber = meta["accession"]
    ds.Modality = "CT"
    ds.Manufacturer = meta["vendor"][0]
    ds.InstitutionName = "Demo Hospital (synthetic data)"
    ds.ReferringPhysicianName = ""
    ds.StationName = meta["vendor"][3]
    ds.StudyDescription = "CT CHEST - SYNTHETIC DEMO"
    ds.SeriesDescription = f"SYNTHETIC {meta['series_no']}"
    ds.ManufacturerModelName = meta["vendor"][1]
    ds.PatientName = meta["patient_name"]
    ds.PatientID = meta["patient_id"]
    ds.PatientBirthDate = meta["birth_date"]
    ds.PatientSex = meta["sex"]
    ds.PatientAge = _age_string(meta["age"])
    ds.BodyPartExamined = "CHEST"
    ds.SliceThickness = "2.5"
    ds.KVP = "120"
    ds.SoftwareVersions = meta["vendor"][2]
    ds.PatientPosition = "HFS"
    ds.StudyInstanceUID = meta["study_uid"]
    ds.SeriesInstanceUID = meta["series_uid"]
    ds.StudyID = str(meta["study_no"])
    ds.SeriesNumber = meta["series_no"]
    ds.InstanceNumber = meta["instance_no"]
    z = -100.0 - 2.5 * meta["instance_no"]
    ds.ImagePositionPatient = [-0.5 * size * 0.7, -0.5 * size * 0.7, z]
    ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    ds.FrameOfReferenceUID = meta["frame_uid"]
    ds.SliceLocation = z
    ds.ImageComments = "SYNTHETIC DEMO IMAGE - NOT A PATIENT (scripts/make_sample_imaging.py)"
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows = size
    ds.Columns = size
    ds.PixelSpacing = [0.7, 0.7]
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 0
    ds.WindowCenter = int(WINDOW_CENTER)
    ds.WindowWidth = int(WINDOW_WIDTH)
    ds.RescaleIntercept = int(RESCALE_INTERCEPT)
    ds.RescaleSlope = int(RESCALE_SLOPE)
    ds.RescaleType = "HU"
    ds.PixelData = img_stored.tobytes()
    return ds


def sr_dataset(meta, seed):
    """A minimal Basic Text SR document: valid DICOM, but no pixel data."""
    ds = Dataset()
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.SOPClassUID = BASIC_TEXT_SR
    ds.SOPInstanceUID = uid(seed, "sr")
    ds.StudyDate = ds.ContentDate = meta["date"]
    ds.StudyTime = ds.ContentTime = meta["time"]
    ds.AccessionNumber = meta["accession"]
    ds.Modality = "SR"
    ds.Manufacturer = "Demo Reporting"
    ds.ReferringPhysicianName = ""
    ds.PatientName = meta["patient_name"]
    ds.PatientID = meta["patient_id"]
    ds.PatientBirthDate = meta["birth_date"]
    ds.PatientSex = meta["sex"]
    ds.StudyInstanceUID = meta["study_uid"]
    ds.SeriesInstanceUID = uid(seed, "sr-series")
    ds.StudyID = str(meta["study_no"])
    ds.SeriesNumber = 99
    ds.InstanceNumber = 1
    ds.ValueType = "CONTAINER"
    ds.ContinuityOfContent = "SEPARATE"
    ds.CompletionFlag = "COMPLETE"
    ds.VerificationFlag = "UNVERIFIED"
    concept = Dataset()
    concept.CodeValue = "18782-3"
    concept.CodingSchemeDesignator = "LN"
    concept.CodeMeaning = "Radiology Study observation"
    ds.ConceptNameCodeSequence = [concept]
    item = Dataset()
    item.RelationshipType = "CONTAINS"
    item.ValueType = "TEXT"
    name = Dataset()
    name.CodeValue = "121071"
    name.CodingSchemeDesignator = "DCM"
    name.CodeMeaning = "Finding"
    item.ConceptNameCodeSequence = [name]
    item.TextValue = "Synthetic demo report. This object has no pixel data on purpose."
    ds.ContentSequence = [item]
    return ds


def write_dicom(ds, path, syntax_uid, gz=False):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = ds.SOPClassUID
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta = meta
    if syntax_uid == RLELossless:
        ds.compress(RLELossless, generate_instance_uid=False)  # pydicom's own RLE encoder
    else:
        meta.TransferSyntaxUID = syntax_uid
    buf = io.BytesIO()
    pydicom.dcmwrite(buf, ds, enforce_file_format=True)
    data = buf.getvalue()
    path.parent.mkdir(parents=True, exist_ok=True)
    if gz:
        with open(path, "wb") as f, gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0) as g:
            g.write(data)
    else:
        path.write_bytes(data)


def generate(out_dir, n=DEFAULT_N, size=64, seed=DEFAULT_SEED, *, syntaxes=("explicit",), gzip_files=0,
             bad_files=False, label_quirks=False):
    """Writes out_dir/images/** and out_dir/labels.csv; returns one dict per written image.

    syntaxes: keys of SYNTAXES, assigned to the series in turn. gzip_files: how many images (from
    Explicit VR LE series) to store gzipped as .dcm.gz. bad_files: add images/notes.txt and an SR
    document without pixel data. label_quirks: leave one image without a label row and add one
    row for a file that does not exist.
    """
    out_dir = Path(out_dir)
    if size < KERNEL + 12:
        raise ValueError(f"size must be at least {KERNEL + 12}")
    images = out_dir / "images"
    if images.exists():
        shutil.rmtree(images)
    images.mkdir(parents=True)
    rng = np.random.default_rng(seed)
    layout = plan_layout(n, rng)
    # Positive studies: drawn in random order until POSITIVE_FRACTION of the images are positive.
    positive_studies, n_pos = set(), 0
    for s_idx in rng.permutation(len(layout)):
        if n_pos >= round(POSITIVE_FRACTION * n):
            break
        positive_studies.add(int(s_idx))
        n_pos += sum(layout[s_idx])
    # Manufacturer, sex and age band are balanced (independently shuffled) within each class, so
    # every subgroup has positives and negatives.
    attrs = {}
    for cls in (True, False):
        idx = [i for i in range(len(layout)) if (i in positive_studies) == cls]

        def balanced(values):
            return [values[j] for j in rng.permutation(np.resize(np.arange(len(values)), len(idx)))]

        for i, v, sx, band in zip(idx, balanced(VENDORS), balanced(["F", "M"]), balanced(AGE_RANGES)):
            attrs[i] = (v, sx, band)
    base_date = date(2024, 1, 8)
    records, series_counter, gz_left = [], 0, gzip_files
    sr_meta = None
    for s_idx, series_sizes in enumerate(layout):
        p = s_idx + 1
        vendor, sex, (lo, hi) = attrs[s_idx]
        age = int(rng.integers(lo, hi + 1))
        positive = s_idx in positive_studies
        study_day = base_date + timedelta(days=int(rng.integers(0, 700)))
        birth = date(study_day.year - age, 1 + int(rng.integers(12)), 1 + int(rng.integers(28)))
        if (study_day.month, study_day.day) < (birth.month, birth.day):
            birth = birth.replace(year=birth.year - 1)
        study = {
            "patient_name": f"Demo^Patient^{p:02d}",
            "patient_id": f"DEMO-{p:02d}",
            "accession": f"ACC{20240000 + p:08d}",
            "sex": sex,
            "age": age,
            "birth_date": birth.strftime("%Y%m%d"),
            "date": study_day.strftime("%Y%m%d"),
            "time": f"{8 + int(rng.integers(10)):02d}{int(rng.integers(60)):02d}00",
            "vendor": vendor,
            "study_no": p,
            "study_uid": uid(seed, n, size, "study", p),
            "frame_uid": uid(seed, n, size, "frame", p),
        }
        if sr_meta is None and len(series_sizes) == 1:
            sr_meta = study
        # The lesion is the same structure in every slice of a positive study, seen slightly
        # differently (position jitter, partial volume).
        lesion = None
        if positive:
            lesion = (rng.uniform(12, size - 13), rng.uniform(12, size - 13),
                      rng.uniform(2.0, 3.5), rng.uniform(*LESION_AMP))
        for se_idx, k in enumerate(series_sizes):
            se = se_idx + 1
            syntax = syntaxes[series_counter % len(syntaxes)]
            series_counter += 1
            series_uid = uid(seed, n, size, "series", p, se)
            for i in range(k):
                inst = i + 1
                les = None
                if lesion is not None:
                    cy, cx, sg, amp = lesion
                    les = (cy + rng.uniform(-1, 1), cx + rng.uniform(-1, 1), sg * rng.uniform(0.9, 1.1),
                           amp * rng.uniform(0.8, 1.1))
                hu = synth_hu(rng, size, vendor[4], les)
                meta = dict(study, series_uid=series_uid, series_no=se, instance_no=inst,
                            sop=uid(seed, n, size, "image", p, se, inst))
                gz = syntax == "explicit" and gz_left > 0 and inst == 1
                stem = f"IM{inst:04d}"
                name = stem + (".dcm.gz" if gz else ".dcm" if (p + se) % 2 == 0 else "")
                rel = f"study-{p:02d}/series-{se}/{name}"
                write_dicom(ct_dataset(meta, hu_to_stored(hu), size), images / rel, SYNTAXES[syntax], gz)
                gz_left -= gz
                records.append({
                    "file": rel, "SOPInstanceUID": meta["sop"], "StudyInstanceUID": study["study_uid"],
                    "SeriesInstanceUID": series_uid, "label": int(positive), "labelled": True,
                    "syntax": syntax, "gz": gz, "Manufacturer": vendor[0], "PatientSex": sex, "age": age,
                })
    bad = []
    if bad_files:
        (images / "notes.txt").write_text(
            "Not a DICOM file. Put here on purpose: Prøvestein should skip and count it.\n")
        bad.append("notes.txt")
        sr_rel = f"study-{sr_meta['study_no']:02d}/report/SR0001.dcm"
        write_dicom(sr_dataset(sr_meta, seed), images / sr_rel, ExplicitVRLittleEndian)
        bad.append(sr_rel)
    rows = [[r["file"], r["SOPInstanceUID"], r["StudyInstanceUID"], r["label"]] for r in records]
    if label_quirks:
        # One negative image from a two-image series loses its label row...
        victim = next(r for r in reversed(records) if r["label"] == 0 and r["file"].endswith("IM0002.dcm"))
        victim["labelled"] = False
        rows = [row for row in rows if row[0] != victim["file"]]
        # ...and one label row points at a slice that was never exported.
        ghost = records[len(records) // 2]
        ghost_file = ghost["file"].rsplit("/", 1)[0] + "/IM0003.dcm"
        rows.append([ghost_file, uid(seed, n, size, "ghost"), ghost["StudyInstanceUID"], ghost["label"]])
    rows.sort(key=lambda r: r[0])
    with open(out_dir / "labels.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["file", "SOPInstanceUID", "StudyInstanceUID", "label"])
        w.writerows(rows)
    generate.bad_files = bad
    generate.layout = layout
    return records


# ---------------------------------------------------------------------------------------------
# Models


def _model(nodes, inits, name, doc):
    x = helper.make_tensor_value_info(INPUT_NAME, TensorProto.FLOAT, ["N", 1, "H", "W"])
    y = helper.make_tensor_value_info(OUTPUT_NAME, TensorProto.FLOAT, ["N", 1])
    graph = helper.make_graph(nodes, name, [x], [y], initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)],
                              producer_name="provestein/scripts/make_sample_imaging.py", producer_version="1")
    model.ir_version = 8
    model.doc_string = doc
    onnx.checker.check_model(model, full_check=True)
    return model


def matched_factors():
    """The matched filter as a rank-2 separable kernel: s * (outer(g, g) - outer(u, u)), where g is a
    normalized 1-D Gaussian of sigma KERNEL_SIGMA and u = 1/KERNEL (so the 2-D kernel sums to 0,
    i.e. it ignores the background level). s scales it so that the peak response to a centred
    Gaussian blob of sigma KERNEL_SIGMA and contrast A HU (after the 40/400 window) is A."""
    r = KERNEL // 2
    x = np.arange(-r, r + 1, dtype=np.float64)
    g = np.exp(-x * x / (2 * KERNEL_SIGMA ** 2))
    g /= g.sum()
    u = np.full(KERNEL, 1.0 / KERNEL)
    k = np.outer(g, g) - np.outer(u, u)
    unit_blob = np.outer(g, g) / g.max() ** 2 / (WINDOW_WIDTH - 1)  # a 1 HU blob in windowed units
    return g, u, 1.0 / np.sum(k * unit_blob)


def matched_kernel():
    """The same filter as a 2-D KERNEL x KERNEL array (for checks in numpy)."""
    g, u, s = matched_factors()
    return s * (np.outer(g, g) - np.outer(u, u))


def blob_detector_model():
    t = lambda name, a: helper.make_tensor(name, TensorProto.FLOAT, a.shape, a.astype(np.float32).ravel())
    g, u, s = matched_factors()
    inits = [
        # column pass: channel 0 Gaussian, channel 1 box mean
        t("filter_rows", np.stack([g, u]).reshape(2, 1, KERNEL, 1)),
        # row pass, combining: s * Gaussian - s * box mean
        t("filter_cols", np.stack([s * g, -s * u]).reshape(1, 2, 1, KERNEL)),
        t("centre", np.array([LOGIT_CENTER])),
        t("inv_scale", np.array([1.0 / LOGIT_SCALE])),
    ]
    nodes = [
        helper.make_node("Conv", [INPUT_NAME, "filter_rows"], ["smoothed_rows"], kernel_shape=[KERNEL, 1],
                         pads=[0, 0, 0, 0], strides=[1, 1]),
        helper.make_node("Conv", ["smoothed_rows", "filter_cols"], ["contrast_map"], kernel_shape=[1, KERNEL],
                         pads=[0, 0, 0, 0], strides=[1, 1]),
        helper.make_node("GlobalMaxPool", ["contrast_map"], ["peak"]),
        helper.make_node("Flatten", ["peak"], ["peak_hu"], axis=1),
        helper.make_node("Sub", ["peak_hu", "centre"], ["shifted"]),
        helper.make_node("Mul", ["shifted", "inv_scale"], ["logit"]),
        helper.make_node("Sigmoid", ["logit"], [OUTPUT_NAME]),
    ]
    doc = ("SYNTHETIC DEMO MODEL for Prøvestein's imaging demo (not a medical device). Input 'image': float32 "
           "[N,1,H,W], CT slice after the modality LUT (HU) and the DICOM linear window centre 40 / width 400, "
           f"values in [0,1], H and W >= {KERNEL}. Zero-mean Gaussian matched filter ({KERNEL}x{KERNEL}, "
           f"sigma {KERNEL_SIGMA} px, no padding, as two separable Conv passes) estimating blob contrast in HU; "
           f"global max; output 'probability' float32 [N,1] = sigmoid((max - {LOGIT_CENTER}) / {LOGIT_SCALE}).")
    return _model(nodes, inits, "blob_detector", doc)


def heavy_model(seed=7):
    """A heavier CNN (random fixed weights) whose inference dominates the run time; for benchmarks."""
    rng = np.random.default_rng(seed)
    t = lambda name, a: helper.make_tensor(name, TensorProto.FLOAT, a.shape, a.astype(np.float32).ravel())
    # (in, out, kernel, stride): about 610 M multiply-adds for a 256x256 image, 2.5 G at 512x512
    layers = [(1, 16, 3, 1), (16, 32, 3, 2), (32, 32, 3, 1), (32, 32, 3, 1), (32, 64, 3, 2), (64, 64, 3, 1),
              (64, 1, 1, 1)]
    nodes, inits, x = [], [], INPUT_NAME
    for i, (cin, cout, k, stride) in enumerate(layers):
        w = rng.normal(0, np.sqrt(2.0 / (cin * k * k)), (cout, cin, k, k))
        b = rng.normal(0, 0.01, cout)
        inits += [t(f"w{i}", w), t(f"b{i}", b)]
        y = f"conv{i}"
        nodes.append(helper.make_node("Conv", [x, f"w{i}", f"b{i}"], [y], kernel_shape=[k, k],
                                      pads=[k // 2] * 4, strides=[stride, stride]))
        if i < len(layers) - 1:
            nodes.append(helper.make_node("Relu", [y], [f"relu{i}"]))
            y = f"relu{i}"
        x = y
    nodes += [
        helper.make_node("GlobalMaxPool", [x], ["peak"]),
        helper.make_node("Flatten", ["peak"], ["logit"], axis=1),
        helper.make_node("Sigmoid", ["logit"], [OUTPUT_NAME]),
    ]
    return _model(nodes, inits, "heavy_bench_cnn", "Benchmark-only CNN with random weights; meaningless scores.")


def save_model(model, path):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(model.SerializeToString())


# ---------------------------------------------------------------------------------------------
# Reading back, exactly as Prøvestein is to preprocess


def window(hu, center=WINDOW_CENTER, width=WINDOW_WIDTH):
    """DICOM PS3.3 C.11.2.1.2.1 linear VOI function, output range [0, 1]."""
    return np.clip((hu - (center - 0.5)) / (width - 1) + 0.5, 0.0, 1.0)


def read_dataset(path):
    path = Path(path)
    if path.name.endswith(".gz"):
        with gzip.open(path, "rb") as f:
            return pydicom.dcmread(io.BytesIO(f.read()))
    return pydicom.dcmread(path)


def read_windowed(path, center=WINDOW_CENTER, width=WINDOW_WIDTH):
    """Stored values -> modality LUT (HU, float64) -> window -> float32 [H, W] in [0, 1]."""
    ds = read_dataset(path)
    hu = ds.pixel_array.astype(np.float64) * float(ds.get("RescaleSlope", 1)) + float(ds.get("RescaleIntercept", 0))
    return window(hu, center, width).astype(np.float32)


def auc(scores, labels):
    """Mann-Whitney AUC with ties counted 1/2."""
    s, y = np.asarray(scores, np.float64), np.asarray(labels)
    pos, neg = s[y == 1], s[y == 0]
    gt = (pos[:, None] > neg[None, :]).sum()
    eq = (pos[:, None] == neg[None, :]).sum()
    return (gt + 0.5 * eq) / (len(pos) * len(neg))


# ---------------------------------------------------------------------------------------------
# The demo study


PLAN = """# SYNTHETIC demo (see README.md): a toy lesion detector on generated CT-like DICOM slices.
# Generated by scripts/make_sample_imaging.py. Run it with:
#   provestein batch sample-studies/imaging-demo/plan.toml --out out/imaging-demo

[study]
name = "Imaging demo: synthetic lesion detector"
intended_use = "Demonstration only (synthetic data, toy model): flags CT chest slices that contain a focal hyperdense lesion, for review by a radiologist."

[model]
path = "../../models/blob_detector.onnx"   # relative to this file
input = "image"                            # float32 [N, 1, H, W], windowed to [0, 1]
output = "probability"                     # float32 [N, 1]: P(lesion)
positive_index = 0

[cohort]
kind = "dicom"
path = "images"
labels = "labels.csv"
label = "label"
positive = "1"                             # 1 = lesion present
negative = "0"
join = "path"
join_column = "file"                       # path relative to images/, forward slashes
unit = "image"
subgroups = ["PatientSex", "Manufacturer", "age_band"]

[cohort.age_bands]
age_band = [0, 40, 65]

[preprocess]
modality_lut = true
window = { center = 40, width = 400 }
resize = "none"
channels = 1
normalize = "none"
layout = "NCHW"

[analysis]
threshold = 0.5
bootstrap = 2000
seed = 42
# The images' StudyDates span April 2024 to November 2025 (47 images): by month most periods
# would hold 0-2 images, by quarter 1-14. Every quarter is still below min_group_n, so the
# report shows the periods without testing them; ACME Medical first appears in 2024-10.
drift_period = "quarter"

[[acceptance]]
metric = "auc"
bound = "ci_low"
min = 0.7
"""


def write_readme(out_dir, records, n, seed, auc_value, bad):
    lab = [r for r in records if r["labelled"]]
    npos = sum(r["label"] for r in lab)
    nneg = len(lab) - npos
    unl = [r["file"] for r in records if not r["labelled"]]
    with open(out_dir / "labels.csv") as f:
        files = {r["file"] for r in records}
        ghost = [row["file"] for row in csv.DictReader(f) if row["file"] not in files]
    studies = len({r["StudyInstanceUID"] for r in records})
    series = len({r["SeriesInstanceUID"] for r in records})
    by_syntax = {k: sum(r["syntax"] == k for r in records) for k in SYNTAXES}
    gz = [r["file"] for r in records if r["gz"]]
    syn = "\n".join(f"    - {SYNTAX_NAMES[k]}: {v} images" for k, v in by_syntax.items() if v)
    vend = "\n".join(
        f"    - {v[0]} ({v[1]}): {sum(r['Manufacturer'] == v[0] for r in records)} images" for v in VENDORS)
    text = f"""# Imaging demo: SYNTHETIC data

**Everything in this folder is synthetic.** It was generated by `scripts/make_sample_imaging.py`
(seed {seed}) and contains no patient data. The patient names (`Demo^Patient^NN`), IDs (`DEMO-NN`),
birth dates and accession numbers in the DICOM headers are made up; they are there so that
Prøvestein's de-identification can be tested: none of them may appear in its output.

## The task

A toy lesion detector (`models/blob_detector.onnx`, also generated by the script) looks at 64×64
CT-like slices (16-bit unsigned, RescaleIntercept −1024, so values are HU; window 40/400) and
gives the probability that a slice holds a focal hyperdense lesion. Positive slices contain a
faint Gaussian blob (contrast {LESION_AMP[0] * 0.8:.0f}–{LESION_AMP[1] * 1.1:.0f} HU); negative ones only soft-tissue background, noise and
small bright point structures (vessels, calcifications) that sometimes fool the model. The model
is a Gaussian matched filter followed by a global maximum and a sigmoid; on these images its AUC
is {auc_value:.3f} (computed in Python; `expected_scores.csv` holds its score for every image).

## Contents

- `images/`: {len(records)} CT images of {studies} synthetic patients (one study each, {series}
  series of 1–2 images), in nested `study-NN/series-N/` folders; file names without extension,
  with `.dcm`, and gzipped as `.dcm.gz` ({len(gz)}: {', '.join(f'`{g}`' for g in gz)}).
  Transfer syntaxes:
{syn}
  Manufacturers:
{vend}
- `labels.csv`: `file` (path relative to `images/`), `SOPInstanceUID`, `StudyInstanceUID`,
  `label` (1 = lesion, 0 = none). {npos} positive and {nneg} negative labelled images.
- Deliberate defects, so that the exclusion counts show:
  - `images/{bad[0]}`: not a DICOM file;
  - `images/{bad[1]}`: a DICOM Basic Text SR document with no pixel data;
  - `{unl[0]}` has no row in `labels.csv` (an image without a label);
  - `labels.csv` has a row for `{ghost[0]}`, which does not exist (a label without an image).
- `plan.toml`: the validation plan (AUC lower 95% bound ≥ 0.7).
- `expected_scores.csv`: `file`, `score`: the model's output for every image, computed with
  pydicom + numpy + onnxruntime by the script (stored values → RescaleSlope/Intercept → linear
  window 40/400 to [0, 1] → float32 [1, 1, 64, 64]).

## Running it

```sh
provestein batch sample-studies/imaging-demo/plan.toml --out out/imaging-demo
```

To regenerate (byte-identical):
`python3 scripts/make_sample_imaging.py` (needs `pydicom==3.0.2 numpy onnx onnxruntime`).
"""
    (out_dir / "README.md").write_text(text)


def make_demo(n=DEFAULT_N, seed=DEFAULT_SEED, out_dir=DEMO_DIR, model_path=MODEL_PATH):
    import onnxruntime as ort

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    records = generate(out_dir, n, 64, seed, syntaxes=("explicit", "implicit", "deflated", "rle"), gzip_files=2,
                       bad_files=True, label_quirks=True)
    bad = generate.bad_files
    save_model(blob_detector_model(), model_path)

    # Score every image exactly as Prøvestein is to: decode -> modality LUT -> window -> NCHW.
    so = ort.SessionOptions()
    so.log_severity_level = 3
    sess = ort.InferenceSession(str(model_path), so, providers=["CPUExecutionProvider"])
    files = sorted(r["file"] for r in records)
    x = np.stack([read_windowed(out_dir / "images" / f) for f in files])[:, None]
    scores = sess.run([OUTPUT_NAME], {INPUT_NAME: x})[0][:, 0]
    one_by_one = np.array([sess.run([OUTPUT_NAME], {INPUT_NAME: x[i:i + 1]})[0][0, 0] for i in range(len(x))])
    assert np.allclose(scores, one_by_one, atol=1e-6)
    # ...and the graph is the filter it claims to be: a plain 2-D correlation in float64 agrees.
    from numpy.lib.stride_tricks import sliding_window_view
    peak = (sliding_window_view(x[:, 0].astype(np.float64), (KERNEL, KERNEL), axis=(1, 2))
            * matched_kernel()).sum(axis=(3, 4)).max(axis=(1, 2))
    reference = 1 / (1 + np.exp(-(peak - LOGIT_CENTER) / LOGIT_SCALE))
    assert np.max(np.abs(reference - scores)) < 1e-4, np.max(np.abs(reference - scores))
    with open(out_dir / "expected_scores.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["file", "score"])
        for fname, s in zip(files, scores):
            w.writerow([fname, f"{float(s):.9g}"])

    # Check the round trip: what we read back is what we wrote, for every syntax.
    by_file = {r["file"]: r for r in records}
    for f in files:
        ds = read_dataset(out_dir / "images" / f)
        expect = SYNTAXES[by_file[f]["syntax"]]
        assert ds.file_meta.TransferSyntaxUID == expect, (f, ds.file_meta.TransferSyntaxUID)
        assert ds.SOPInstanceUID == by_file[f]["SOPInstanceUID"]

    score_of = dict(zip(files, scores))
    lab = [r for r in records if r["labelled"]]
    a = auc([score_of[r["file"]] for r in lab], [r["label"] for r in lab])
    (out_dir / "plan.toml").write_text(PLAN)
    write_readme(out_dir, records, n, seed, a, bad)
    return records, scores, files, a


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=DEFAULT_N, help="number of images (default %(default)s)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args()
    records, scores, files, a = make_demo(args.n, args.seed)
    lab = [r for r in records if r["labelled"]]
    npos = sum(r["label"] for r in lab)
    score_of = dict(zip(files, scores))
    y = np.array([r["label"] for r in lab])
    s = np.array([score_of[r["file"]] for r in lab])
    pred = s >= 0.5
    print(f"wrote {DEMO_DIR.relative_to(ROOT)}/ and {MODEL_PATH.relative_to(ROOT)}")
    print(f"images {len(records)} in {len(generate.layout)} studies; labelled {len(lab)}: "
          f"{npos} positive, {len(lab) - npos} negative; bad files: {', '.join(generate.bad_files)}")
    print("syntaxes: " + ", ".join(f"{k} {sum(r['syntax'] == k for r in records)}" for k in SYNTAXES)
          + f"; gzipped {sum(r['gz'] for r in records)}")
    print(f"AUC {a:.4f}; at 0.5: sensitivity {pred[y == 1].mean():.3f}, specificity {(~pred[y == 0]).mean():.3f}")
    total = sum(p.stat().st_size for p in DEMO_DIR.rglob("*") if p.is_file()) + MODEL_PATH.stat().st_size
    print(f"size on disk (demo folder + model): {total / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
