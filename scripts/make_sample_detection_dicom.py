#!/usr/bin/env python3
"""Generates the SYNTHETIC DICOM detection demo in sample-studies/detection-dicom-demo/ and its
toy point detector models/point_detector.onnx.

Nothing here comes from a person: every pixel is drawn from a fixed-seed random generator and the
names, IDs, birth dates and accession numbers are made up. They look real on purpose (Norwegian-
looking names, 11-digit IDs in the synthetic-number style: month + 80, as the Norwegian test
numbers are written) so that Prøvestein's tests can grep its outputs for them: none may appear.

Writes:
  sample-studies/detection-dicom-demo/images/   PACS-style export, 30 patients x 1 CT study x
      1 series of 3 axial slices (128 x 128, 0.8 mm pixels, 5 mm apart), in folders
      SURNAME^GIVEN_<PatientID>/<StudyDate>_<AccessionNumber>/<SeriesNumber>_<SeriesDescription>/IM000k.dcm
  sample-studies/detection-dicom-demo/truth/    one DICOM SEG per series (BINARY, segment "Lesion"),
      the lesion discs plus a few specks of 1-3 pixels
  sample-studies/detection-dicom-demo/vendor/   the vendor's marks: one DICOM SR TID 1500 per series
      (Comprehensive 3D SR), plus one SR for a series that is not in the export
  sample-studies/detection-dicom-demo/plan.toml         vendor SR marks vs SEG truth
  sample-studies/detection-dicom-demo/plan-model.toml   the ONNX point detector's marks vs SEG truth
  sample-studies/detection-dicom-demo/README.md
  models/point_detector.onnx

The expected values are NOT computed here: scripts/peers_detection_dicom_sample.py reads the
written files back and computes them independently (expected.json).

Usage:  python3 scripts/make_sample_detection_dicom.py [--seed 20261202]
Needs:  pydicom, highdicom, numpy, scipy, onnx, onnxruntime.
Reruns with the same arguments produce byte-identical files (the dates highdicom stamps with
"now" are overwritten with the study's dates).
"""
import argparse
import shutil
import sys
from pathlib import Path

try:
    import highdicom as hd
    import numpy as np
    import onnx
    import pydicom
    from highdicom.sr import (
        Comprehensive3DSR,
        ImageRegion,
        Measurement,
        MeasurementReport,
        ObservationContext,
        ObserverContext,
        PersonObserverIdentifyingAttributes,
        PlanarROIMeasurementsAndQualitativeEvaluations,
        SourceImageForRegion,
        TrackingIdentifier,
    )
    from onnx import TensorProto, helper
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.sr.codedict import codes
    from pydicom.uid import DeflatedExplicitVRLittleEndian, ExplicitVRLittleEndian, generate_uid
    from scipy import ndimage
except ImportError as e:  # pragma: no cover
    sys.exit(f"{e}\nInstall the Python packages first: pip install pydicom highdicom numpy scipy onnx onnxruntime")

ROOT = Path(__file__).resolve().parent.parent
DEMO_DIR = ROOT / "sample-studies" / "detection-dicom-demo"
MODEL_PATH = ROOT / "models" / "point_detector.onnx"
DEFAULT_SEED = 20261202

UID_PREFIX = "1.2.826.0.1.3680043.8.498."
CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2"

# Geometry of every series.
N_PATIENTS = 30
SLICES = 3
SIZE = 128
SPACING = 0.8          # mm, rows and columns
SLICE_GAP = 5.0        # mm
ORIGIN = (-50.8, -72.4)  # x, y of the first pixel's centre (mm); z varies per patient

# CT values: stored = HU + 1024.
RESCALE_INTERCEPT = -1024.0
WINDOW_CENTER = 40.0
WINDOW_WIDTH = 400.0

# Lesions: discs, radius in mm, contrast in HU.
LESION_COUNTS = (0, 1, 2, 3)
LESION_COUNT_P = (0.42, 0.54, 0.025, 0.015)
LESION_RADIUS_MM = (3.0, 10.0)
LESION_CONTRAST = (25.0, 120.0)
POINTS_PER_SLICE = (0, 1, 2, 3)
POINT_SIGMA = (0.6, 1.1)       # px
POINT_AMP = (120.0, 420.0)      # HU
NOISE_SD = {"ACME Medical": 10.0, "Nordlys Imaging": 14.0}
MANUFACTURERS = list(NOISE_SD)
N_SPECKS = 4

# The point detector (ONNX): contract with the plan.
INPUT_NAME = "image"   # float32 [N, 1, H, W], window 40/400 to [0, 1]
OUTPUT_NAME = "marks"  # float32 [N, 8, 3]: x (column), y (row), score
TOPK = 8
KERNEL = 25            # odd, "same" padding
CENTRE_SIGMA = 3.0     # px
SURROUND_SIGMA = 7.0   # px
BACKGROUND = 0.5       # windowed soft tissue (40 HU), subtracted so that zero padding is neutral
LOGIT_CENTER = 35.0    # HU of estimated contrast at which the score is 0.5
LOGIT_SCALE = 6.0
LOW = -1.0e4           # what non-maxima become (their score is sigmoid(...) = 0)

SURNAMES = ["HANSEN", "JOHANSEN", "OLSEN", "LARSEN", "ANDERSEN", "PEDERSEN", "NILSEN", "KRISTIANSEN",
            "JENSEN", "KARLSEN", "JOHNSEN", "PETTERSEN", "ERIKSEN", "BERG", "HAUGEN", "HAGEN",
            "JOHANNESSEN", "ANDREASSEN", "JACOBSEN", "DAHL", "HALVORSEN", "SOLBERG", "LUNDE", "MOEN",
            "STRAND", "BAKKE", "SOLHEIM", "AAS", "NYGAARD", "BERGE"]
GIVEN_F = ["KARI", "INGRID", "ANNE", "SOLVEIG", "MARIT", "LIV", "RANDI", "SIRI", "HILDE", "TONE"]
GIVEN_M = ["OLA", "KNUT", "TROND", "BJORN", "ARNE", "LARS", "SVEIN", "EIRIK", "HAKON", "GEIR"]


def uid(seed, *parts):
    return generate_uid(prefix=UID_PREFIX, entropy_srcs=["provestein-detection-dicom-demo", str(seed),
                                                          *map(str, parts)])


# ---------------------------------------------------------------------------------------------
# Images


def _blob(yy, xx, cy, cx, sigma, amp):
    return amp * np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * sigma * sigma))


def disc_mask(cy, cx, r_px):
    """Pixels whose centre lies within r_px of (cy, cx) (pixel indices)."""
    yy, xx = np.mgrid[0:SIZE, 0:SIZE].astype(np.float64)
    return (yy - cy) ** 2 + (xx - cx) ** 2 <= r_px * r_px


def place_lesions(rng, n):
    out = []
    for _ in range(n):
        for _attempt in range(200):
            r_mm = rng.uniform(*LESION_RADIUS_MM)
            r = r_mm / SPACING
            cy, cx = rng.uniform(r + 8, SIZE - r - 8, 2)
            if all(np.hypot(cy - o["cy"], cx - o["cx"]) > r + o["r_px"] + 6 for o in out):
                out.append({"cy": cy, "cx": cx, "r_px": r, "r_mm": r_mm,
                            "contrast": rng.uniform(*LESION_CONTRAST)})
                break
    return out


def synth_slice(rng, lesions, noise_sd):
    """One slice in HU and its bright point structures (vessels, calcifications)."""
    yy, xx = np.mgrid[0:SIZE, 0:SIZE].astype(np.float64)
    img = np.full((SIZE, SIZE), rng.uniform(30.0, 50.0))
    for _ in range(3):  # broad, smooth variation
        cy, cx = rng.uniform(0, SIZE, 2)
        img += _blob(yy, xx, cy, cx, rng.uniform(0.2, 0.4) * SIZE, rng.uniform(-15.0, 15.0))
    points = []
    for _ in range(int(rng.choice(POINTS_PER_SLICE))):
        for _attempt in range(100):
            cy, cx = rng.uniform(6, SIZE - 6, 2)
            if all(np.hypot(cy - l["cy"], cx - l["cx"]) > l["r_px"] + 6 for l in lesions):
                break
        amp = rng.uniform(*POINT_AMP)
        img += _blob(yy, xx, cy, cx, rng.uniform(*POINT_SIGMA), amp)
        points.append({"cy": cy, "cx": cx, "amp": amp})
    for l in lesions:
        # a disc with a one-pixel soft edge
        d = np.hypot(yy - l["cy"], xx - l["cx"]) - l["r_px"]
        img += l["contrast"] * np.clip(0.5 - d, 0.0, 1.0)
    img += rng.normal(0.0, noise_sd, (SIZE, SIZE))
    return img, points


def hu_to_stored(hu):
    return np.clip(np.rint(hu - RESCALE_INTERCEPT), 0, 65535).astype(np.uint16)


def fake_patient(rng, i):
    female = bool(i % 2)
    given = (GIVEN_F if female else GIVEN_M)[int(rng.integers(0, 10))]
    surname = SURNAMES[i]
    year = int(rng.integers(1940, 2000))
    month = int(rng.integers(1, 13))
    day = int(rng.integers(1, 29))
    # synthetic-number style: month + 80 (no real person carries such a number)
    pid = f"{day:02d}{month + 80:02d}{year % 100:02d}{int(rng.integers(0, 100000)):05d}"
    return {
        "name": f"{surname}^{given}",
        "id": pid,
        "birth": f"{year:04d}{month:02d}{day:02d}",
        "sex": "F" if female else "M",
    }


def ct_dataset(p, s, k, stored):
    ds = Dataset()
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = CT_IMAGE_STORAGE
    meta.MediaStorageSOPInstanceUID = s["sops"][k]
    # every second patient's images deflated: the sample stays small, and both syntaxes are read
    meta.TransferSyntaxUID = DeflatedExplicitVRLittleEndian if s.get("deflate") else ExplicitVRLittleEndian
    ds.file_meta = meta
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
    ds.SOPClassUID = CT_IMAGE_STORAGE
    ds.SOPInstanceUID = s["sops"][k]
    for key in ("StudyDate", "SeriesDate", "ContentDate", "AcquisitionDate"):
        setattr(ds, key, s["date"])
    for key in ("StudyTime", "SeriesTime", "ContentTime", "AcquisitionTime"):
        setattr(ds, key, s["time"])
    ds.AccessionNumber = s["accession"]
    ds.Modality = "CT"
    ds.Manufacturer = s["manufacturer"]
    ds.ManufacturerModelName = "Synthetic CT"
    ds.InstitutionName = "Demo Hospital (synthetic data)"
    ds.ReferringPhysicianName = ""
    ds.StudyDescription = "CT THORAX - SYNTHETIC DEMO"
    ds.SeriesDescription = s["description"]
    ds.PatientName = p["name"]
    ds.PatientID = p["id"]
    ds.PatientBirthDate = p["birth"]
    ds.PatientSex = p["sex"]
    ds.BodyPartExamined = "CHEST"
    ds.SliceThickness = str(SLICE_GAP)
    ds.SpacingBetweenSlices = str(SLICE_GAP)
    ds.KVP = "120"
    ds.PatientPosition = "HFS"
    ds.StudyInstanceUID = s["study_uid"]
    ds.SeriesInstanceUID = s["series_uid"]
    ds.StudyID = "1"
    ds.SeriesNumber = s["series_no"]
    ds.InstanceNumber = k + 1
    z = s["z0"] + SLICE_GAP * k
    ds.ImagePositionPatient = [ORIGIN[0], ORIGIN[1], z]
    ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    ds.FrameOfReferenceUID = s["frame_uid"]
    ds.PositionReferenceIndicator = ""
    ds.SliceLocation = z
    ds.ImageComments = "SYNTHETIC DEMO IMAGE - NOT A PATIENT (scripts/make_sample_detection_dicom.py)"
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows = SIZE
    ds.Columns = SIZE
    ds.PixelSpacing = [SPACING, SPACING]
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


def fix_dates(ds, date, time):
    """highdicom stamps "now" on what it writes; the study's date keeps reruns byte-identical."""
    for key in ("ContentDate", "SeriesDate", "InstanceCreationDate"):
        if key in ds:
            setattr(ds, key, date)
    for key in ("ContentTime", "SeriesTime", "InstanceCreationTime"):
        if key in ds:
            setattr(ds, key, time)
    for item in ds.get("ContributingEquipmentSequence", []):
        if "ContributionDateTime" in item:
            item.ContributionDateTime = date + time
    # and a random DimensionOrganizationUID: derived from the SEG's own UID instead
    if "DimensionOrganizationSequence" in ds:
        dim = generate_uid(prefix=UID_PREFIX, entropy_srcs=["dimension", ds.SOPInstanceUID])
        for seq in ("DimensionOrganizationSequence", "DimensionIndexSequence"):
            for item in ds[seq].value:
                item.DimensionOrganizationUID = dim
    return ds


# ---------------------------------------------------------------------------------------------
# Truth (SEG) and vendor marks (SR)


def write_seg(path, images, masks, s, seed):
    algo_desc = hd.seg.SegmentDescription(
        segment_number=1,
        segment_label="Lesion",
        segmented_property_category=codes.SCT.MorphologicallyAbnormalStructure,
        segmented_property_type=codes.SCT.Lesion,
        algorithm_type=hd.seg.SegmentAlgorithmTypeValues.MANUAL,
    )
    empty = not masks.any()
    seg = hd.seg.Segmentation(
        source_images=images,
        pixel_array=masks.astype(np.uint8),
        segmentation_type=hd.seg.SegmentationTypeValues.BINARY,
        segment_descriptions=[algo_desc],
        series_instance_uid=uid(seed, "seg-series", s["index"]),
        series_number=100,
        sop_instance_uid=uid(seed, "seg", s["index"]),
        instance_number=1,
        manufacturer="Demo Hospital (synthetic truth)",
        manufacturer_model_name="make_sample_detection_dicom.py",
        software_versions="1",
        device_serial_number="0",
        content_label="LESIONS",
        # highdicom refuses a SEG whose frames are all empty when it may omit them
        omit_empty_frames=not empty,
    )
    fix_dates(seg, s["date"], s["time"])
    seg.save_as(path, enforce_file_format=True)
    return empty


def probability(p):
    return Measurement(name=codes.DCM.Probability, value=float(p), unit=codes.UCUM.NoUnits)


def write_sr(path, images, marks, s, seed, tag, no_geometry=False):
    """marks: dicts with slice, col, row (pixel indices of the centre), r_px, kind, score."""
    groups = []
    for n, m in enumerate(marks, start=1):
        c, r = m["col"] + 0.5, m["row"] + 0.5  # SCOORD: the top-left pixel's corner is (0, 0)
        if m["kind"] == "CIRCLE":
            data = [[c, r], [c + m["r_px"], r]]
        else:
            data = [[c, r]]
        groups.append(PlanarROIMeasurementsAndQualitativeEvaluations(
            tracking_identifier=TrackingIdentifier(uid=uid(seed, tag, "track", n), identifier=f"Finding {n}"),
            referenced_region=ImageRegion(
                graphic_type=m["kind"],
                graphic_data=np.array(data, dtype=float),
                source_image=SourceImageForRegion.from_source_image(images[m["slice"]]),
            ),
            finding_type=codes.SCT.Lesion,
            measurements=[probability(m["score"])],
        ))
    if no_geometry:
        groups.append(hd.sr.MeasurementsAndQualitativeEvaluations(
            tracking_identifier=TrackingIdentifier(uid=uid(seed, tag, "track", "nogeo"),
                                                   identifier="Finding without region"),
            finding_type=codes.SCT.Lesion,
            measurements=[probability(0.9)],
        ))
    if not groups:
        # highdicom refuses a TID 1500 report without a measurement group ("must contain at
        # least one item"): a series the vendor found nothing on gets no SR, as from many vendors.
        return False
    observer = ObserverContext(
        observer_type=codes.DCM.Device,
        observer_identifying_attributes=hd.sr.DeviceObserverIdentifyingAttributes(
            uid=uid(seed, "vendor-device"), name="Vendor AI (synthetic)"),
    )
    report = MeasurementReport(
        observation_context=ObservationContext(observer_device_context=observer),
        procedure_reported=codes.LN.CTUnspecifiedBodyRegion,
        imaging_measurements=groups or None,
    )
    sr = Comprehensive3DSR(
        evidence=images,
        content=report,
        series_instance_uid=uid(seed, tag, "sr-series"),
        series_number=200,
        sop_instance_uid=uid(seed, tag, "sr"),
        instance_number=1,
        manufacturer="Vendor AI (synthetic)",
    )
    fix_dates(sr, s["date"], s["time"])
    sr.save_as(path, enforce_file_format=True)
    return True


def vendor_marks(rng, lesions_by_slice, points_by_slice):
    """The vendor's marks on one series: most lesions, a score rising with contrast; false marks
    on bright point structures and on lesion-free slices."""
    marks = []
    for k, lesions in enumerate(lesions_by_slice):
        for l in lesions:
            p_find = 0.55 + 0.45 * (l["contrast"] - LESION_CONTRAST[0]) / (LESION_CONTRAST[1] - LESION_CONTRAST[0])
            if rng.random() > p_find:
                continue
            jitter = rng.uniform(1.0, 3.0) / SPACING
            angle = rng.uniform(0, 2 * np.pi)
            logit = (l["contrast"] - 45.0) / 20.0 + rng.normal(0, 0.6)
            marks.append({
                "slice": k, "col": l["cx"] + jitter * np.cos(angle), "row": l["cy"] + jitter * np.sin(angle),
                "r_px": l["r_px"] * rng.uniform(0.8, 1.2), "kind": "POINT" if rng.random() < 0.2 else "CIRCLE",
                "score": round(float(1 / (1 + np.exp(-logit))), 3), "truth": "lesion",
                "lesion_cx": l["cx"], "lesion_cy": l["cy"],
            })
        for pt in points_by_slice[k]:
            if rng.random() < 0.1:
                marks.append({
                    "slice": k, "col": pt["cx"] + rng.normal(0, 0.5), "row": pt["cy"] + rng.normal(0, 0.5),
                    "r_px": rng.uniform(2.5, 4.0), "kind": "CIRCLE",
                    "score": round(float(rng.uniform(0.05, 0.6)), 3), "truth": "bright point",
                })
        if not lesions and rng.random() < 0.2:
            marks.append({
                "slice": k, "col": rng.uniform(15, SIZE - 15), "row": rng.uniform(15, SIZE - 15),
                "r_px": rng.uniform(3.0, 6.0), "kind": "POINT" if rng.random() < 0.3 else "CIRCLE",
                "score": round(float(rng.uniform(0.02, 0.45)), 3), "truth": "nothing",
            })
    for m in marks:
        m["col"] = round(float(m["col"]), 2)
        m["row"] = round(float(m["row"]), 2)
        m["r_px"] = round(float(m["r_px"]), 2)
    return marks


# ---------------------------------------------------------------------------------------------
# The point detector


def detector_kernel():
    """Zero-mean difference of Gaussians, scaled so that the response at the centre of a disc of
    radius 6 px and contrast 1 HU (after the 40/400 window) is 1: the output estimates contrast in HU."""
    r = KERNEL // 2
    y, x = np.mgrid[-r:r + 1, -r:r + 1].astype(np.float64)
    g1 = np.exp(-(x * x + y * y) / (2 * CENTRE_SIGMA ** 2))
    g2 = np.exp(-(x * x + y * y) / (2 * SURROUND_SIGMA ** 2))
    k = g1 / g1.sum() - g2 / g2.sum()
    disc = ((x * x + y * y) <= 36.0) / (WINDOW_WIDTH - 1)
    return k / np.sum(k * disc)


def point_detector_model():
    t = lambda name, a, dt=TensorProto.FLOAT: helper.make_tensor(
        name, dt, np.shape(a), np.asarray(a).ravel().tolist() if dt != TensorProto.FLOAT
        else np.asarray(a, np.float32).ravel())
    k = detector_kernel()
    inits = [
        t("kernel", k.reshape(1, 1, KERNEL, KERNEL)),
        t("background", np.array(BACKGROUND)),
        t("low", np.array(LOW)),
        t("flat_shape", np.array([0, -1]), TensorProto.INT64),
        t("width_index", np.array(3), TensorProto.INT64),
        t("k", np.array([TOPK]), TensorProto.INT64),
        t("last_axis", np.array([2]), TensorProto.INT64),
        t("inv_scale", np.array(1.0 / LOGIT_SCALE)),
        t("centre", np.array(LOGIT_CENTER)),
    ]
    pad = KERNEL // 2
    nodes = [
        helper.make_node("Sub", [INPUT_NAME, "background"], ["centred"]),
        helper.make_node("Conv", ["centred", "kernel"], ["contrast"], kernel_shape=[KERNEL, KERNEL],
                         pads=[pad] * 4, strides=[1, 1]),
        helper.make_node("MaxPool", ["contrast"], ["pooled"], kernel_shape=[7, 7], pads=[3] * 4, strides=[1, 1]),
        helper.make_node("Equal", ["contrast", "pooled"], ["is_peak"]),
        helper.make_node("Where", ["is_peak", "contrast", "low"], ["peaks"]),
        helper.make_node("Reshape", ["peaks", "flat_shape"], ["flat"]),
        helper.make_node("TopK", ["flat", "k"], ["top", "index"], axis=1, largest=1, sorted=1),
        helper.make_node("Shape", [INPUT_NAME], ["shape"]),
        helper.make_node("Gather", ["shape", "width_index"], ["width"], axis=0),
        helper.make_node("Mod", ["index", "width"], ["col"]),
        helper.make_node("Div", ["index", "width"], ["row"]),
        helper.make_node("Cast", ["col"], ["x"], to=TensorProto.FLOAT),
        helper.make_node("Cast", ["row"], ["y"], to=TensorProto.FLOAT),
        helper.make_node("Sub", ["top", "centre"], ["shifted"]),
        helper.make_node("Mul", ["shifted", "inv_scale"], ["logit"]),
        helper.make_node("Sigmoid", ["logit"], ["score"]),
        helper.make_node("Unsqueeze", ["x", "last_axis"], ["x3"]),
        helper.make_node("Unsqueeze", ["y", "last_axis"], ["y3"]),
        helper.make_node("Unsqueeze", ["score", "last_axis"], ["s3"]),
        helper.make_node("Concat", ["x3", "y3", "s3"], [OUTPUT_NAME], axis=2),
    ]
    graph = helper.make_graph(
        nodes, "point_detector",
        [helper.make_tensor_value_info(INPUT_NAME, TensorProto.FLOAT, ["N", 1, "H", "W"])],
        [helper.make_tensor_value_info(OUTPUT_NAME, TensorProto.FLOAT, ["N", TOPK, 3])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)],
                              producer_name="provestein/scripts/make_sample_detection_dicom.py",
                              producer_version="1")
    model.ir_version = 8
    model.doc_string = (
        "SYNTHETIC DEMO MODEL for Prøvestein's DICOM detection demo (not a medical device). Input 'image': "
        "float32 [N,1,H,W], CT slice after the modality LUT (HU) and the DICOM linear window centre 40 / "
        f"width 400, values in [0,1]. Minus {BACKGROUND} (soft tissue), zero-mean difference-of-Gaussians "
        f"matched filter ({KERNEL}x{KERNEL}, sigma {CENTRE_SIGMA}/{SURROUND_SIGMA} px, same padding) estimating "
        "contrast in HU; local maxima (MaxPool 7x7 stride 1, Equal); the top 8 by value. Output 'marks' "
        "float32 [N,8,3]: x = column, y = row of the pixel (pixel centres on integers), score = "
        f"sigmoid((value - {LOGIT_CENTER}) / {LOGIT_SCALE}); rows that are no local maximum score 0.")
    onnx.checker.check_model(model, full_check=True)
    return model


def window(hu):
    """DICOM PS3.3 C.11.2.1.2.1 linear VOI function, output range [0, 1]."""
    return np.clip((hu - (WINDOW_CENTER - 0.5)) / (WINDOW_WIDTH - 1) + 0.5, 0.0, 1.0)


# ---------------------------------------------------------------------------------------------
# The study


def generate(seed=DEFAULT_SEED, out_dir=DEMO_DIR):
    rng = np.random.default_rng(seed)
    out_dir = Path(out_dir)
    for sub in ("images", "truth", "vendor"):
        if (out_dir / sub).exists():
            shutil.rmtree(out_dir / sub)
        (out_dir / sub).mkdir(parents=True)
    series, all_marks = [], []
    day0 = np.datetime64("2025-01-06")
    speck_slices = set(int(i) for i in rng.choice(N_PATIENTS * SLICES, N_SPECKS, replace=False))
    extra_done = False
    nogeo_series = 11
    for i in range(N_PATIENTS):
        p = fake_patient(rng, i)
        date = str(day0 + np.timedelta64(int(i * 11.5 + rng.integers(0, 8)), "D")).replace("-", "")
        s = {
            "index": i,
            "date": date,
            "time": f"{int(rng.integers(7, 16)):02d}{int(rng.integers(0, 60)):02d}00",
            "accession": f"NOR{int(rng.integers(10**7, 10**8))}",
            "manufacturer": MANUFACTURERS[int(rng.random() < 0.45)],
            "description": "THORAX_5MM",
            "deflate": i % 2 == 1,
            "series_no": int(rng.integers(2, 6)),
            "study_uid": uid(seed, i, "study"),
            "series_uid": uid(seed, i, "series"),
            "frame_uid": uid(seed, i, "frame"),
            "sops": [uid(seed, i, "sop", k) for k in range(SLICES)],
            "z0": float(-160.0 + rng.integers(0, 20) * SLICE_GAP),
        }
        folder = (out_dir / "images" / f"{p['name']}_{p['id']}" / f"{s['date']}_{s['accession']}"
                  / f"{s['series_no']}_{s['description']}")
        folder.mkdir(parents=True)
        images, masks, lesions_by_slice, points_by_slice = [], [], [], []
        for k in range(SLICES):
            n = int(rng.choice(LESION_COUNTS, p=LESION_COUNT_P))
            lesions = place_lesions(rng, n)
            hu, points = synth_slice(rng, lesions, NOISE_SD[s["manufacturer"]])
            mask = np.zeros((SIZE, SIZE), bool)
            for l in lesions:
                mask |= disc_mask(l["cy"], l["cx"], l["r_px"])
            if i * SLICES + k in speck_slices:
                # a speck of 1-3 pixels, well away from the lesions (not touching them)
                size = 1 + len([x for x in speck_slices if x < i * SLICES + k]) % 3
                for _attempt in range(100):
                    r0, c0 = (int(v) for v in rng.integers(10, SIZE - 10, 2))
                    if not mask[r0 - 3:r0 + 4, c0 - 3:c0 + 5].any():
                        break
                mask[r0, c0:c0 + size] = True
            ds = ct_dataset(p, s, k, hu_to_stored(hu))
            path = folder / f"IM{k + 1:04d}.dcm"
            ds.save_as(path, enforce_file_format=True)
            images.append(pydicom.dcmread(path))
            masks.append(mask)
            lesions_by_slice.append(lesions)
            points_by_slice.append(points)
        s["seg_empty"] = write_seg(out_dir / "truth" / f"seg_{i + 1:02d}.dcm", images, np.stack(masks), s, seed)
        marks = vendor_marks(rng, lesions_by_slice, points_by_slice)
        if not extra_done:
            found = [m for m in marks if m["truth"] == "lesion"]
            if found:
                m = found[0]
                # a second mark on the same lesion, close to its centre: neither hit nor false mark
                marks.append(dict(m, col=round(m["lesion_cx"] + 0.6, 2), row=round(m["lesion_cy"] - 0.45, 2),
                                  score=round(m["score"] * 0.6, 3), kind="POINT", truth="extra"))
                extra_done = True
        s["sr_written"] = write_sr(out_dir / "vendor" / f"sr_{i + 1:02d}.dcm", images, marks, s, seed, i,
                                   no_geometry=(i == nogeo_series))
        s.update(lesions=lesions_by_slice, points=points_by_slice, marks=marks, patient=p, images=images)
        series.append(s)
        all_marks.extend(marks)
    # An SR on a series that is not in the export (another study of patient 1): unmatched.
    p, s0 = series[0]["patient"], series[0]
    ghost = dict(s0, index="ghost", study_uid=uid(seed, "ghost", "study"), series_uid=uid(seed, "ghost", "series"),
                 frame_uid=uid(seed, "ghost", "frame"), sops=[uid(seed, "ghost", "sop", k) for k in range(SLICES)],
                 date="20251215", accession="NOR00000001", deflate=False)
    ghost_images = [ct_dataset(p, ghost, k, np.zeros((SIZE, SIZE), np.uint16)) for k in range(SLICES)]
    write_sr(out_dir / "vendor" / "sr_other_study.dcm", ghost_images,
             [{"slice": 1, "col": 60.0, "row": 64.0, "r_px": 5.0, "kind": "CIRCLE", "score": 0.7}],
             ghost, seed, "ghost")
    return series


def check_and_score_model(series, model_path):
    """Runs the detector on every image (as the engine is to: modality LUT, window 40/400) and
    reports how many lesions it finds; the independent expected values come from
    scripts/peers_detection_dicom_sample.py."""
    import onnxruntime as ort
    so = ort.SessionOptions()
    so.log_severity_level = 3
    sess = ort.InferenceSession(str(model_path), so, providers=["CPUExecutionProvider"])
    x = np.stack([window(im.pixel_array.astype(np.float64) + RESCALE_INTERCEPT).astype(np.float32)
                  for s in series for im in s["images"]])[:, None]
    out = sess.run([OUTPUT_NAME], {INPUT_NAME: x})[0]
    one = sess.run([OUTPUT_NAME], {INPUT_NAME: x[:1]})[0]
    assert np.allclose(out[:1], one), "batch and single runs differ"
    found = total = fp = 0
    i = 0
    for s in series:
        for k in range(SLICES):
            rows = [r for r in out[i] if r[2] >= 0.05]
            hit = set()
            for r in rows:
                ok = False
                for j, l in enumerate(s["lesions"][k]):
                    if np.hypot(r[0] - l["cx"], r[1] - l["cy"]) <= l["r_px"]:
                        ok = True
                        hit.add(j)
                fp += not ok
            found += len(hit)
            total += len(s["lesions"][k])
            i += 1
    return found, total, fp, out


PLAN_COMMON = """
[cohort]
kind = "dicom"
path = "images"
unit = "image"
patient = "PatientID"
subgroups = ["Manufacturer"]

[lesions]
kind = "seg"
path = "truth"
min_voxels = 5          # the four specks of 1-3 pixels in truth/ are counted, not lesions

[detection]
hit = "centre_within_radius"
fp_rates = [0.125, 0.25, 0.5, 1, 2, 4, 8]
"""


def plan_text(kind, sens_min, cpm_min):
    head = f"""# SYNTHETIC demo (see README.md): {'the vendor' + chr(39) + 's marks (DICOM SR TID 1500)' if kind == 'sr' else 'a toy ONNX point detector run by the engine'}
# against lesions from DICOM SEG, on generated CT-like slices. Generated by
# scripts/make_sample_detection_dicom.py; expected values in expected.json
# (scripts/peers_detection_dicom_sample.py). Run it with:
#   provestein batch sample-studies/detection-dicom-demo/{'plan.toml' if kind == 'sr' else 'plan-model.toml'} --out out/{'detection-dicom' if kind == 'sr' else 'detection-dicom-model'}

[study]
name = "DICOM detection demo: {'vendor SR marks' if kind == 'sr' else 'ONNX point detector'}"
task = "detection"
intended_use = "Demonstration only (synthetic data): marks focal hyperdense lesions on CT slices for review by a radiologist."
reference_standard = "Synthetic truth: the lesions the generator drew, as DICOM SEG (scripts/make_sample_detection_dicom.py)"

[product]
name = "{'Lesion marker (synthetic vendor, SR output)' if kind == 'sr' else 'Point detector (toy model)'}"
vendor = "Prøvestein demo"
version = "0.1"
"""
    if kind == "sr":
        marks = """
[marks]
kind = "sr"
path = "vendor"
"""
        model = ""
    else:
        model = """
[model]
path = "../../models/point_detector.onnx"   # relative to this file
input = "image"                             # float32 [N, 1, H, W], windowed to [0, 1]
output = "marks"                            # float32 [N, 8, 3]: x, y (pixels), score

[preprocess]
modality_lut = true
window = { center = 40, width = 400 }
resize = "none"
channels = 1
normalize = "none"
layout = "NCHW"
"""
        marks = """
[marks]
kind = "model"
layout = ["x", "y", "score"]
min_score = 0.05        # the detector fills its 8 rows; rows below this are padding (counted)
"""
    tail = f"""
[analysis]
bootstrap = 1000
seed = 42

# The thresholds are set for this demo so that it passes (they sit below what the synthetic data
# give); they are not a clinical requirement.
[[acceptance]]
metric = "lesion_sensitivity"
fp_rate = 1
bound = "ci_low"
min = {sens_min}

[[acceptance]]
metric = "cpm"
bound = "ci_low"
min = {cpm_min}
"""
    return head + model + PLAN_COMMON + marks + tail


def write_readme(series, seed, found, total, fp):
    n_les = sum(len(l) for s in series for l in s["lesions"])
    free = sum(not l for s in series for l in s["lesions"])
    marks = [m for s in series for m in s["marks"]]
    kinds = {t: sum(m["truth"] == t for m in marks) for t in ("lesion", "bright point", "nothing", "extra")}
    empty = [f"truth/seg_{s['index'] + 1:02d}.dcm" for s in series if s["seg_empty"]]
    no_sr = [f"{s['index'] + 1:02d}" for s in series if not s["sr_written"]]
    vend = ", ".join(f"{m}: {sum(s['manufacturer'] == m for s in series)} patients" for m in MANUFACTURERS)
    text = f"""# DICOM detection demo: SYNTHETIC data

**Everything in this folder is synthetic.** It was generated by
`scripts/make_sample_detection_dicom.py` (seed {seed}); no image, name or number belongs to a
person. The patient names (`SURNAME^GIVEN`), 11-digit patient IDs (written like Norwegian
synthetic test numbers: month + 80, so no real person carries one), birth dates and accession
numbers (`NOR…`) in the headers and in the folder names are made up and look real on purpose:
Prøvestein must never write any of them (its tests grep the outputs for them).

## What it is

A detection study (issue 17) on a DICOM cohort: the units are the {N_PATIENTS * SLICES} images
(`[cohort] unit = "image"`) of {N_PATIENTS} patients, the truth lesions come from DICOM SEG (each
connected component of a slice's mask one lesion), the marks either from the vendor's DICOM SR
TID 1500 reports (`plan.toml`) or from a toy ONNX point detector the engine runs on every image
(`plan-model.toml`, `models/point_detector.onnx`). `expected.json` holds the values an independent
script (`scripts/peers_detection_dicom_sample.py`) computes by reading these files back.

- `images/`: a PACS-style export,
  `SURNAME^GIVEN_<PatientID>/<StudyDate>_<AccessionNumber>/<SeriesNumber>_<SeriesDescription>/IM000k.dcm`:
  one CT study per patient (StudyDates over 2025), one series of {SLICES} axial slices,
  {SIZE} × {SIZE}, PixelSpacing {SPACING} mm, {SLICE_GAP:g} mm apart, first pixel centre at
  x = {ORIGIN[0]} mm, y = {ORIGIN[1]} mm. Stored values + RescaleIntercept −1024 = HU (window 40/400).
  Every second patient's images are Deflated Explicit VR Little Endian (the others Explicit VR
  Little Endian), which keeps the sample small and reads both syntaxes. Manufacturers: {vend}
  (noise 10 and 14 HU).
  Each slice: soft-tissue background with smooth variation, noise, 0–3 small bright point
  structures (vessels, calcifications: these draw false marks), and 0–3 round hyperdense lesions
  (discs, radius {LESION_RADIUS_MM[0]:g}–{LESION_RADIUS_MM[1]:g} mm, contrast {LESION_CONTRAST[0]:g}–{LESION_CONTRAST[1]:g} HU):
  {n_les} lesions in all, {free} slices without any.
- `truth/seg_NN.dcm`: one highdicom BINARY SEG per series, one segment "Lesion" (category
  Morphologically abnormal structure, type Lesion, SCT), referencing the series' images; the
  lesion discs (pixels whose centre lies within the radius) as masks.
- `vendor/sr_NN.dcm`: the vendor's marks, one highdicom Comprehensive 3D SR (TID 1500) per series:
  each mark a measurement group with a tracking identifier and UID, Finding = Lesion (SCT), a planar
  ROI on the referenced slice (CIRCLE: centre and a point on the circle; POINT for
  {sum(m['kind'] == 'POINT' for m in marks)} marks) and a NUM Probability (DCM 122157). Marks:
  {kinds['lesion']} on lesions (found with a chance and a score rising with contrast, centre
  jittered 1–3 mm), {kinds['bright point']} on bright point structures and {kinds['nothing']} on
  lesion-free slices (false marks).

## Deliberate defects (each must be counted and shown, never dropped silently)

- {N_SPECKS} specks of 1–3 pixels in the SEGs, apart from every lesion: `[lesions] min_voxels = 5`
  makes them specks, not lesions.
- One extra mark: a second (POINT) mark near the centre of a lesion the vendor already marked
  (neither a hit nor a false mark).
- `vendor/sr_12.dcm` holds one measurement group without geometry (a finding with a probability
  but no image region): counted, never a mark.
- `vendor/sr_other_study.dcm` references a series that is not in the export (another study of the
  first patient): an unmatched file.
- Series {', '.join(no_sr)} have no SR: the vendor marked nothing there, and highdicom refuses a
  TID 1500 report without a measurement group ("must contain at least one item"); their images
  simply have no marks.
- {', '.join(f'`{e}`' for e in empty) or 'no SEG'} covers a series without lesions or specks:
  highdicom refuses a SEG whose frames are all empty when it may omit empty frames, so that SEG
  is written with `omit_empty_frames=False` (all its frames, all zero).

## The point detector

`models/point_detector.onnx` (written by the same script with the `onnx` helper API): input
`image` float32 [N, 1, H, W] (modality LUT, then the DICOM linear window 40/400 to [0, 1], as
`[preprocess]` says), minus 0.5, a zero-mean difference-of-Gaussians matched filter (Conv,
{KERNEL} × {KERNEL}, same padding) estimating contrast in HU, local maxima (MaxPool 7 × 7 stride 1,
Equal, Where: others become −10⁴), Reshape to [N, H·W], TopK 8, x = index mod W, y = index div W
(pixel column and row, pixel centres on integers), score = Sigmoid((value − {LOGIT_CENTER:g}) / {LOGIT_SCALE:g}).
Output `marks` float32 [N, 8, 3] (x, y, score). Rows scoring below `min_score = 0.05` are padding.
With onnxruntime on this sample it finds {found} of {total} lesions, with {fp} rows ≥ 0.05 on no
lesion (false marks), mostly on the bright point structures.

## Expected values

`expected.json` (from `scripts/peers_detection_dicom_sample.py`, which imports nothing from the
generator: it reads the SEG and SR files back with highdicom, labels each image's mask with
`scipy.ndimage.label`, runs the model with onnxruntime on the images windowed as the engine does,
and matches and builds the FROC as `crates/stats/src/detection/mod.rs` documents) holds, for
`sr` (plan.toml) and `model` (plan-model.toml): units, lesions, specks, marks (TP, FP, extra),
unmatched files, groups without geometry, padding rows, every FROC point, sensitivity at each FP
rate and the CPM, full precision; then checks of how robust they are (the smallest distance of a
mark from a lesion's radius, the smallest gap between a true and a false positive's score), and
under `detail` every lesion and counted mark by the (synthetic) image's SOPInstanceUID.

## Running it

```sh
provestein batch sample-studies/detection-dicom-demo/plan.toml --out out/detection-dicom-demo
provestein batch sample-studies/detection-dicom-demo/plan-model.toml --out out/detection-dicom-demo-model
```

The acceptance thresholds in both plans are set for this demo so that it passes; they are not a
clinical requirement.

To regenerate (byte-identical): `python3 scripts/make_sample_detection_dicom.py`, then
`python3 scripts/peers_detection_dicom_sample.py` (needs pydicom, highdicom, numpy, scipy, onnx,
onnxruntime).
"""
    (DEMO_DIR / "README.md").write_text(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--sr-thresholds", nargs=2, type=float, default=(0.6, 0.6))
    ap.add_argument("--model-thresholds", nargs=2, type=float, default=(0.75, 0.7))
    args = ap.parse_args()
    series = generate(args.seed)
    MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
    MODEL_PATH.write_bytes(point_detector_model().SerializeToString())
    found, total, fp, _ = check_and_score_model(series, MODEL_PATH)
    (DEMO_DIR / "plan.toml").write_text(plan_text("sr", *args.sr_thresholds))
    (DEMO_DIR / "plan-model.toml").write_text(plan_text("model", *args.model_thresholds))
    write_readme(series, args.seed, found, total, fp)
    n_les = sum(len(l) for s in series for l in s["lesions"])
    free = sum(not l for s in series for l in s["lesions"])
    marks = [m for s in series for m in s["marks"]]
    kinds = {t: sum(m["truth"] == t for m in marks) for t in ("lesion", "bright point", "nothing", "extra")}
    print(f"images {N_PATIENTS * SLICES}, lesion-free {free}, lesions {n_les}, empty SEGs "
          f"{sum(s['seg_empty'] for s in series)}")
    print(f"series without vendor SR: {[s['index'] + 1 for s in series if not s['sr_written']]}")
    print(f"vendor marks {len(marks)}: {kinds}; POINT {sum(m['kind'] == 'POINT' for m in marks)}")
    print(f"model: lesions found {found}/{total}, false rows >= 0.05: {fp}")
    print("manufacturers: " + ", ".join(f"{m} {sum(s['manufacturer'] == m for s in series)}" for m in MANUFACTURERS))
    total_size = sum(p.stat().st_size for p in DEMO_DIR.rglob("*") if p.is_file()) + MODEL_PATH.stat().st_size
    print(f"size on disk (demo folder + model): {total_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
