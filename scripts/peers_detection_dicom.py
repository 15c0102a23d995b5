#!/usr/bin/env python3
"""Fixtures and peer values for crates/dicom/tests/detection_dicom.rs (issue 17, detection truth
and marks from DICOM).

Writes, into crates/dicom/tests/fixtures/detection/ (all generated, synthetic, no person):
- ct_1.dcm … ct_4.dcm: a small synthetic CT series (4 slices, 12 × 10, pixel spacing 0.7 × 0.9
  mm, 2.5 mm apart, a non-zero origin);
- sr_tid1500.dcm: a highdicom Comprehensive 3D SR, TID 1500, with planar ROIs (POINT, POLYLINE,
  POLYGON, CIRCLE, ELLIPSE) on the slices, 3-D ROIs (POINT, POLYGON, ELLIPSOID) in patient mm,
  probability measurements on some groups and a group with no geometry;
- seg_lesions.dcm: a highdicom BINARY SEG with two segments and several connected components,
  two of which touch only along an edge (diagonally), so face connectivity keeps them apart;
- bad_*.dcm: SRs that must be refused (odd SCOORD values, a tree nested too deep, not TID 1500);
- peers.json: what highdicom's own SR parsing reads back, and what scipy.ndimage.label
  (its default structure: face connectivity) and center_of_mass give for the SEG, mapped to
  patient mm with pydicom's geometry (ImagePositionPatient is the first pixel's centre).

With `--real DIR` (the real-ct-contours folder) it prints instead the components of janct's
two-segment SEG on the three janct slices, for the test's real-data case (written to
crates/dicom/tests/fixtures/detection/janct_lesions.json).

Run: python3 scripts/peers_detection_dicom.py            (fixtures)
     python3 scripts/peers_detection_dicom.py --real ../shared/fixtures/real-ct-contours
"""

import json
import math
import sys
from pathlib import Path

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
from pydicom.sr.codedict import codes
from scipy import ndimage
from scipy.spatial import ConvexHull

import highdicom as hd
from highdicom.sr import (
    CodedConcept,
    Comprehensive3DSR,
    ImageRegion,
    ImageRegion3D,
    Measurement,
    MeasurementReport,
    ObservationContext,
    ObserverContext,
    PersonObserverIdentifyingAttributes,
    PlanarROIMeasurementsAndQualitativeEvaluations,
    SourceImageForRegion,
    TrackingIdentifier,
)

OUT = Path(__file__).resolve().parent.parent / "crates/dicom/tests/fixtures/detection"
ROOT = "1.2.826.0.1.3680043.10.1417."  # fixed UIDs so the fixtures are reproducible

ROWS, COLS = 10, 12
SPACING = (0.7, 0.9)  # between rows, between columns
ORIGIN = (-30.0, -20.5, 100.0)
SLICE_GAP = 2.5


def uid(n):
    return f"{ROOT}{n}"


def write_series():
    images = []
    for k in range(4):
        ds = Dataset()
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
        meta.MediaStorageSOPInstanceUID = uid(100 + k)
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds.file_meta = meta
        ds.SOPClassUID = meta.MediaStorageSOPClassUID
        ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
        ds.StudyInstanceUID = uid(1)
        ds.SeriesInstanceUID = uid(2)
        ds.FrameOfReferenceUID = uid(3)
        ds.PatientID = "SYNTH-1"
        ds.PatientName = "Synthetic^Phantom"
        ds.PatientBirthDate = ""
        ds.PatientSex = "O"
        ds.StudyDate = "20261202"
        ds.StudyTime = "120000"
        ds.AccessionNumber = ""
        ds.ReferringPhysicianName = ""
        ds.StudyID = "1"
        ds.SeriesNumber = 1
        ds.InstanceNumber = k + 1
        ds.Modality = "CT"
        ds.Manufacturer = "synthetic"
        ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
        ds.ImagePositionPatient = [ORIGIN[0], ORIGIN[1], ORIGIN[2] + SLICE_GAP * k]
        ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
        ds.PixelSpacing = list(SPACING)
        ds.SliceThickness = SLICE_GAP
        ds.Rows, ds.Columns = ROWS, COLS
        ds.SamplesPerPixel = 1
        ds.PhotometricInterpretation = "MONOCHROME2"
        ds.BitsAllocated = 16
        ds.BitsStored = 16
        ds.HighBit = 15
        ds.PixelRepresentation = 1
        ds.RescaleIntercept = 0
        ds.RescaleSlope = 1
        ds.PixelData = (np.arange(ROWS * COLS, dtype=np.int16) * (k + 1)).tobytes()
        ds.is_little_endian, ds.is_implicit_VR = True, False
        ds.save_as(OUT / f"ct_{k + 1}.dcm", enforce_file_format=True)
        images.append(pydicom.dcmread(OUT / f"ct_{k + 1}.dcm"))
    return images


def probability(p):
    return Measurement(name=codes.DCM.Probability, value=p, unit=codes.UCUM.NoUnits)


def write_sr(images):
    nodule = codes.SCT.Nodule
    mass = codes.SCT.Mass
    groups = []

    def planar(n, graphic_type, data, image, finding, score=None):
        groups.append(
            PlanarROIMeasurementsAndQualitativeEvaluations(
                tracking_identifier=TrackingIdentifier(uid=uid(500 + n), identifier=f"lesion {n}"),
                referenced_region=ImageRegion(
                    graphic_type=graphic_type,
                    graphic_data=np.array(data, dtype=float),
                    source_image=SourceImageForRegion.from_source_image(image),
                ),
                finding_type=finding,
                measurements=[probability(score)] if score is not None else None,
            )
        )

    def volumetric(n, graphic_type, data, finding, score=None):
        groups.append(
            PlanarROIMeasurementsAndQualitativeEvaluations(
                tracking_identifier=TrackingIdentifier(uid=uid(500 + n), identifier=f"lesion {n}"),
                referenced_region=ImageRegion3D(
                    graphic_type=graphic_type,
                    graphic_data=np.array(data, dtype=float),
                    frame_of_reference_uid=uid(3),
                ),
                finding_type=finding,
                measurements=[probability(score)] if score is not None else None,
            )
        )

    planar(1, "POINT", [[3.5, 4.25]], images[0], nodule, 0.875)
    planar(2, "POLYLINE", [[1.0, 1.0], [5.5, 2.0], [6.0, 7.5]], images[1], mass, 0.25)
    planar(3, "POLYLINE", [[2.0, 2.0], [8.0, 2.0], [8.0, 6.0], [2.0, 6.0], [2.0, 2.0]], images[2], nodule)
    planar(4, "CIRCLE", [[6.0, 5.0], [9.0, 5.0]], images[3], nodule, 0.5)
    planar(5, "ELLIPSE", [[2.0, 3.0], [10.0, 7.0], [5.0, 6.0], [7.0, 2.0]], images[1], mass, 0.125)
    volumetric(6, "POINT", [[-27.25, -17.0, 102.5]], nodule, 0.9375)
    volumetric(7, "POLYGON", [[-28.0, -19.0, 105.0], [-24.0, -19.0, 105.0], [-24.0, -15.0, 105.0], [-28.0, -19.0, 105.0]], mass)
    volumetric(8, "ELLIPSE", [[-30.0, -15.0, 103.0], [-20.0, -15.0, 103.0], [-25.0, -18.0, 103.0], [-25.0, -12.0, 103.0]], nodule, 0.75)
    # A group without geometry (a finding with a measurement only): counted, never a mark.
    groups.append(
        hd.sr.MeasurementsAndQualitativeEvaluations(
            tracking_identifier=TrackingIdentifier(uid=uid(509), identifier="lesion 9"),
            finding_type=nodule,
            measurements=[probability(0.5)],
        )
    )
    # A TID 1411 volumetric ROI of two planar regions on adjacent slices: one finding a region,
    # both of group 10.
    groups.append(
        hd.sr.VolumetricROIMeasurementsAndQualitativeEvaluations(
            tracking_identifier=TrackingIdentifier(uid=uid(510), identifier="lesion 10"),
            referenced_regions=[
                ImageRegion(
                    graphic_type="POLYLINE",
                    graphic_data=np.array(data, dtype=float),
                    source_image=SourceImageForRegion.from_source_image(image),
                )
                for data, image in (
                    ([[1.0, 1.0], [3.0, 1.0], [3.0, 4.0], [1.0, 1.0]], images[2]),
                    ([[1.5, 1.0], [3.5, 1.0], [3.5, 4.5], [1.5, 1.0]], images[3]),
                )
            ],
            finding_type=mass,
            measurements=[probability(0.625)],
        )
    )
    observer = ObserverContext(
        observer_type=codes.DCM.Person,
        observer_identifying_attributes=PersonObserverIdentifyingAttributes(name="Synthetic^Reader"),
    )
    report = MeasurementReport(
        observation_context=ObservationContext(observer_person_context=observer),
        procedure_reported=codes.LN.CTUnspecifiedBodyRegion,
        imaging_measurements=groups,
    )
    sr = Comprehensive3DSR(
        evidence=images,
        content=report,
        series_instance_uid=uid(10),
        series_number=10,
        sop_instance_uid=uid(11),
        instance_number=1,
        manufacturer="synthetic",
    )
    sr.save_as(OUT / "sr_tid1500.dcm", enforce_file_format=True)
    return sr


def code(c):
    return {"value": c.value, "scheme": c.scheme_designator, "meaning": c.meaning}


def sr_peers(path):
    """What highdicom reads back from the SR it wrote (its own parser, not our writer's memory)."""
    sr = hd.sr.srread(path)
    out = []
    for kind in ("planar", "volumetric", "none"):
        pass
    groups = sr.content.get_planar_roi_measurement_groups()
    for g in groups:
        region = g.roi
        entry = {
            "tracking_identifier": g.tracking_identifier,
            "tracking_uid": g.tracking_uid,
            "finding": code(g.finding_type),
            "graphic_type": region.graphic_type.value,
            "data": np.asarray(region.value, dtype=float).tolist(),
        }
        if region.value_type.value == "SCOORD":
            entry["kind"] = "2d"
            entry["referenced_sop"] = region.ContentSequence[0].ReferencedSOPSequence[0].ReferencedSOPInstanceUID
        else:
            entry["kind"] = "3d"
            entry["frame_of_reference"] = region.frame_of_reference_uid
        scores = [m.value for m in g.get_measurements(name=codes.DCM.Probability)]
        entry["score"] = float(scores[0]) if scores else None
        out.append(entry)
    for g in sr.content.get_volumetric_roi_measurement_groups():
        scores = [m.value for m in g.get_measurements(name=codes.DCM.Probability)]
        for region in g.roi:
            out.append(
                {
                    "tracking_identifier": g.tracking_identifier,
                    "tracking_uid": g.tracking_uid,
                    "finding": code(g.finding_type),
                    "graphic_type": region.graphic_type.value,
                    "data": np.asarray(region.value, dtype=float).tolist(),
                    "kind": "2d",
                    "referenced_sop": region.ContentSequence[0].ReferencedSOPSequence[0].ReferencedSOPInstanceUID,
                    "score": float(scores[0]) if scores else None,
                }
            )
    others = sr.content.get_image_measurement_groups()
    return {"findings": out, "groups_without_geometry": len(others)}


ELLIPSOID = [[-30.0, -15.0, 103.0], [-20.0, -15.0, 103.0], [-25.0, -18.0, 103.0], [-25.0, -12.0, 103.0], [-25.0, -15.0, 101.0], [-25.0, -15.0, 105.0]]


def write_ellipsoid():
    """highdicom writes no ELLIPSOID in a TID 1410 region: the 3-D ellipse of lesion 8 becomes one
    here with pydicom (a third axis along z), for the reader's ELLIPSOID branch."""
    ds = pydicom.dcmread(OUT / "sr_tid1500.dcm")
    scoords = []

    def walk(node):
        for item in getattr(node, "ContentSequence", []):
            if item.ValueType == "SCOORD3D" and item.GraphicType == "ELLIPSE":
                scoords.append(item)
            walk(item)

    walk(ds)
    (item,) = scoords
    item.GraphicType = "ELLIPSOID"
    item.GraphicData = [v for p in ELLIPSOID for v in p]
    ds.save_as(OUT / "sr_ellipsoid.dcm")


def write_bad(sr):
    # A SCOORD with an odd number of values.
    odd = pydicom.dcmread(OUT / "sr_tid1500.dcm")
    scoord = find_scoord(odd, "SCOORD")
    scoord.GraphicData = [1.0, 2.0, 3.0]
    scoord.GraphicType = "POLYLINE"
    odd.save_as(OUT / "bad_odd_scoord.dcm")
    # Not TID 1500: the template and the root concept changed.
    other = pydicom.dcmread(OUT / "sr_tid1500.dcm")
    other.ContentTemplateSequence[0].TemplateIdentifier = "2000"
    other.ConceptNameCodeSequence[0].CodeValue = "18748-4"
    other.ConceptNameCodeSequence[0].CodingSchemeDesignator = "LN"
    other.ConceptNameCodeSequence[0].CodeMeaning = "Diagnostic imaging report"
    other.save_as(OUT / "bad_not_tid1500.dcm")
    # A content tree 40 containers deep (within the prescan's 64 dataset levels? each container
    # is one item of ContentSequence: 40 levels of items).
    deep = pydicom.dcmread(OUT / "sr_tid1500.dcm")
    node = deep
    for _ in range(40):
        item = Dataset()
        item.RelationshipType = "CONTAINS"
        item.ValueType = "CONTAINER"
        item.ContinuityOfContent = "SEPARATE"
        c = Dataset()
        c.CodeValue, c.CodingSchemeDesignator, c.CodeMeaning = "125007", "DCM", "Measurement Group"
        item.ConceptNameCodeSequence = Sequence([c])
        node.ContentSequence = Sequence(list(getattr(node, "ContentSequence", [])) + [item])
        node = item
    deep.save_as(OUT / "bad_deep.dcm")
    # Frames: lesion 1's image reference names frame 2 (read), then frames 1 and 2 (refused).
    for name, frames in (("sr_frame.dcm", 2), ("bad_two_frames.dcm", [1, 2])):
        ds = pydicom.dcmread(OUT / "sr_tid1500.dcm")
        image = find_scoord(ds, "SCOORD").ContentSequence[0]
        image.ReferencedSOPSequence[0].ReferencedFrameNumber = frames
        ds.save_as(OUT / name)


def find_scoord(ds, value_type):
    for item in getattr(ds, "ContentSequence", []):
        if item.ValueType == value_type:
            return item
        found = find_scoord(item, value_type)
        if found is not None:
            return found
    return None


def write_seg(images):
    """Two segments; components in 3-D with face connectivity.

    segment 1: A a 2×2×2 block on slices 0–1; B a single voxel on slice 1 touching A only along an
    edge (diagonal in-plane); C a bar on slice 3 (its own component: slice 2 is empty there);
    segment 2: D an L shape on slices 2–3; E one voxel on slice 0.
    """
    vol1 = np.zeros((4, ROWS, COLS), dtype=bool)
    vol1[0:2, 2:4, 2:4] = True  # A
    vol1[1, 4, 4] = True  # B: touches A at (1, 3, 3) along an edge only
    vol1[3, 1:3, 6:11] = True  # C
    vol1[3, 7, 1] = True  # F: one voxel, touches nothing
    vol2 = np.zeros((4, ROWS, COLS), dtype=bool)
    vol2[2, 5:9, 6] = True  # D
    vol2[2, 8, 7:10] = True
    vol2[3, 8, 9] = True
    vol2[0, 9, 11] = True  # E
    pixels = np.stack([vol1, vol2], axis=-1).astype(np.uint8)
    algo = hd.AlgorithmIdentificationSequence(
        name="synthetic", version="1", family=codes.DCM.ArtificialIntelligence
    )
    descriptions = [
        hd.seg.SegmentDescription(
            segment_number=n,
            segment_label=label,
            segmented_property_category=codes.SCT.MorphologicallyAbnormalStructure,
            segmented_property_type=prop,
            algorithm_type=hd.seg.SegmentAlgorithmTypeValues.MANUAL,
        )
        for n, label, prop in [(1, "Nodule", codes.SCT.Nodule), (2, "Mass", codes.SCT.Mass)]
    ]
    seg = hd.seg.Segmentation(
        source_images=images,
        pixel_array=pixels,
        segmentation_type=hd.seg.SegmentationTypeValues.BINARY,
        segment_descriptions=descriptions,
        series_instance_uid=uid(20),
        series_number=20,
        sop_instance_uid=uid(21),
        instance_number=1,
        manufacturer="synthetic",
        manufacturer_model_name="peers_detection_dicom.py",
        software_versions="1",
        device_serial_number="0",
        omit_empty_frames=True,
    )
    seg.save_as(OUT / "seg_lesions.dcm", enforce_file_format=True)
    return {1: vol1, 2: vol2}


def affine(images):
    """Index (slice, row, column) → patient mm, through pydicom's header values."""
    first = images[0]
    o = np.array(first.ImagePositionPatient, dtype=float)
    iop = np.array(first.ImageOrientationPatient, dtype=float)
    r, c = iop[:3], iop[3:]
    dr, dc = (float(v) for v in first.PixelSpacing)
    positions = [np.array(i.ImagePositionPatient, dtype=float) for i in images]
    normal = np.cross(r, c)
    return o, r, c, dr, dc, positions, normal


def components(volumes, images, labels):
    """scipy.ndimage.label with its default (face) structure; every figure per component."""
    o, r, c, dr, dc, positions, normal = affine(images)
    gaps = np.diff([p @ normal for p in positions])
    slice_mm = float(gaps.mean()) if len(gaps) else None
    out = []
    for number in sorted(volumes):
        vol = volumes[number]
        structure = None if vol.shape[0] > 1 else None
        lab, n = ndimage.label(vol) if vol.shape[0] > 1 else ndimage.label(vol[0])
        if vol.shape[0] == 1:
            lab = lab[None]
        for k in range(1, n + 1):
            m = lab == k
            voxels = int(m.sum())
            s, rr, cc = ndimage.center_of_mass(m)
            # Slices are equally spaced in these series: the centroid's slice position is a
            # linear interpolation between the image positions.
            s0 = int(math.floor(s))
            s1 = min(s0 + 1, len(positions) - 1)
            base = positions[s0] + (s - s0) * (positions[s1] - positions[s0]) if s1 != s0 else positions[s0]
            centroid = base + cc * dc * r + rr * dr * c
            idx = np.argwhere(m)
            lo, hi = idx.min(axis=0), idx.max(axis=0)
            corners = []
            for ks in (lo[0] - 0.5, hi[0] + 0.5):
                for kr in (lo[1] - 0.5, hi[1] + 0.5):
                    for kc in (lo[2] - 0.5, hi[2] + 0.5):
                        p = positions[0] + ks * (slice_mm or 0.0) * normal + kc * dc * r + kr * dr * c
                        corners.append(p)
            corners = np.array(corners)
            volume = voxels * dr * dc * slice_mm if slice_mm else None
            diameter = 0.0
            for z in np.unique(idx[:, 0]):
                pts = idx[idx[:, 0] == z][:, 1:].astype(float) * np.array([dr, dc])
                if len(pts) > 2:
                    try:
                        pts = pts[ConvexHull(pts).vertices]
                    except Exception:
                        pass  # collinear: every point
                d = np.sqrt(((pts[:, None, :] - pts[None, :, :]) ** 2).sum(-1)).max()
                diameter = max(diameter, float(d))
            out.append(
                {
                    "segment": number,
                    "label": labels[number],
                    "component": k,
                    "voxels": voxels,
                    "volume_mm3": volume,
                    "centroid_mm": [float(v) for v in centroid],
                    "bbox_min_mm": corners.min(axis=0).tolist(),
                    "bbox_max_mm": corners.max(axis=0).tolist(),
                    "equivalent_radius_mm": (3 * volume / (4 * math.pi)) ** (1 / 3) if volume else None,
                    "largest_diameter_mm": diameter,
                    "slices": sorted({int(z) for z in idx[:, 0]}),
                }
            )
    return out


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--real":
        real = Path(sys.argv[2]) / "janct"
        images = [pydicom.dcmread(real / f"0{k}.dcm") for k in (1, 2, 3)]
        images.sort(key=lambda i: float(np.array(i.ImagePositionPatient) @ np.cross(
            np.array(i.ImageOrientationPatient[:3], dtype=float), np.array(i.ImageOrientationPatient[3:], dtype=float))))
        seg = hd.seg.segread(real / "janct_liver_vertebra_seg.dcm")
        uids = [i.SOPInstanceUID for i in images]
        volumes, labels = {}, {}
        for d in seg.SegmentSequence:
            n = int(d.SegmentNumber)
            labels[n] = d.SegmentLabel
            vol = seg.get_pixels_by_source_instance(
                source_sop_instance_uids=uids, segment_numbers=[n], ignore_spatial_locations=True,
                assert_missing_frames_are_empty=True,
            )
            volumes[n] = vol[..., 0].astype(bool)
        json.dump({"sop_instance_uids": uids, "lesions": components(volumes, images, labels)},
                  sys.stdout, indent=1)
        print()
        return
    OUT.mkdir(parents=True, exist_ok=True)
    images = write_series()
    sr = write_sr(images)
    write_bad(sr)
    write_ellipsoid()
    volumes = write_seg(images)
    peers = {
        "source": "generated by scripts/peers_detection_dicom.py (synthetic; highdicom "
        f"{hd.__version__}, pydicom {pydicom.__version__}, scipy)",
        "sr": sr_peers(OUT / "sr_tid1500.dcm"),
        "series": [i.SOPInstanceUID for i in images],
        "seg": components(volumes, images, {1: "Nodule", 2: "Mass"}),
    }
    (OUT / "peers.json").write_text(json.dumps(peers, indent=1) + "\n")


if __name__ == "__main__":
    main()
