//! Detection truth and marks from DICOM (issue 17): `dicom::sr` against highdicom's own SR
//! parsing, `dicom::lesions` against scipy.ndimage.label / center_of_mass (face connectivity),
//! on the synthetic fixtures of `scripts/peers_detection_dicom.py`
//! (crates/dicom/tests/fixtures/detection/, generated, no person), and on the real janct SEG
//! (`../shared/fixtures/real-ct-contours`, or `$PROVESTEIN_REAL_CT`; skipped with a message when
//! absent). One test per error path.

mod real_ct;

use std::path::{Path, PathBuf};

use dicom_dictionary_std::tags;
use dicom_object::OpenFileOptions;
use provestein_dicom::geometry::Plane;
use provestein_dicom::lesions::{
    Connectivity, LesionError, LesionFileError, Lesions, SliceImage, lesions, read_lesions_file,
};
use provestein_dicom::seg::{SourceImage, read_seg_file};
use provestein_dicom::sr::{Geometry, Geometry2d, Geometry3d, Point2, SrError, read_sr_file};
use serde_json::Value as Json;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/detection")
}

fn peers(name: &str) -> Json {
    serde_json::from_str(&std::fs::read_to_string(fixtures().join(name)).unwrap()).unwrap()
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

fn assert_close(a: &[f64], b: &[f64], tol: f64, what: &str) {
    assert_eq!(a.len(), b.len(), "{what}: {a:?} against {b:?}");
    for (x, y) in a.iter().zip(b) {
        assert!(close(*x, *y, tol), "{what}: {a:?} against {b:?}");
    }
}

fn floats(v: &Json) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

/// An image's UID, plane and SEG source record from its header.
fn image(path: &Path) -> (SliceImage, SourceImage) {
    let obj = OpenFileOptions::new()
        .read_until(tags::PIXEL_DATA)
        .open_file(path)
        .unwrap();
    let text = |tag| {
        obj.element(tag)
            .unwrap()
            .to_str()
            .unwrap()
            .trim_end_matches('\0')
            .trim()
            .to_string()
    };
    let plane = Plane::from_object(&obj).unwrap();
    let uid = text(tags::SOP_INSTANCE_UID);
    let slice = SliceImage {
        sop_instance_uid: uid.clone(),
        plane: plane.clone(),
        frame_of_reference_uid: Some(text(tags::FRAME_OF_REFERENCE_UID)),
    };
    let source = SourceImage {
        sop_instance_uid: uid,
        position: Some(plane.origin),
        frame_of_reference_uid: Some(text(tags::FRAME_OF_REFERENCE_UID)),
        rows: plane.rows,
        columns: plane.columns,
    };
    assert_eq!(slice.source_image(), source);
    (slice, source)
}

fn synthetic_series() -> (Vec<SliceImage>, Vec<SourceImage>) {
    (1..=4)
        .map(|k| image(&fixtures().join(format!("ct_{k}.dcm"))))
        .unzip()
}

// ---- SR TID 1500 ----------------------------------------------------------------------------

#[test]
fn sr_findings_equal_highdicom() {
    let read = read_sr_file(&fixtures().join("sr_tid1500.dcm")).unwrap();
    let want = peers("peers.json");
    let expected = want["sr"]["findings"].as_array().unwrap();
    assert_eq!(read.groups, 10);
    // One finding a region: the volumetric ROI (group 10) gives two, sharing its group.
    let groups: Vec<usize> = read.findings.iter().map(|f| f.group).collect();
    assert_eq!(groups, vec![1, 2, 3, 4, 5, 6, 7, 8, 10, 10]);
    assert_eq!(
        read.groups_without_geometry as u64,
        want["sr"]["groups_without_geometry"].as_u64().unwrap()
    );
    assert_eq!(read.findings.len(), expected.len());
    for (ours, peer) in read.findings.iter().zip(expected) {
        let what = peer["tracking_identifier"].as_str().unwrap();
        assert_eq!(ours.tracking_identifier.as_deref(), Some(what));
        assert_eq!(
            ours.tracking_uid.as_deref(),
            peer["tracking_uid"].as_str(),
            "{what}"
        );
        let code = ours.finding.as_ref().unwrap();
        assert_eq!(code.value, peer["finding"]["value"].as_str().unwrap());
        assert_eq!(code.scheme, peer["finding"]["scheme"].as_str().unwrap());
        assert_eq!(code.meaning, peer["finding"]["meaning"].as_str().unwrap());
        assert_eq!(
            ours.score.as_ref().map(|s| s.value),
            peer["score"].as_f64(),
            "{what}"
        );
        let points: Vec<Vec<f64>> = peer["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(floats)
            .collect();
        let (kind, ours_points): (&str, Vec<Vec<f64>>) = match &ours.geometry {
            Geometry::Image(g) => {
                assert_eq!(peer["kind"], "2d");
                assert_eq!(
                    ours.referenced_sop.as_deref(),
                    peer["referenced_sop"].as_str()
                );
                let p = |p: &Point2| vec![p.column, p.row];
                match g {
                    Geometry2d::Point(x) => ("POINT", vec![p(x)]),
                    Geometry2d::Polyline(v) => ("POLYLINE", v.iter().map(p).collect()),
                    Geometry2d::Multipoint(v) => ("MULTIPOINT", v.iter().map(p).collect()),
                    Geometry2d::Circle { centre, edge } => ("CIRCLE", vec![p(centre), p(edge)]),
                    Geometry2d::Ellipse(a) => ("ELLIPSE", a.iter().map(p).collect()),
                }
            }
            Geometry::Patient {
                geometry,
                frame_of_reference,
            } => {
                assert_eq!(peer["kind"], "3d");
                assert_eq!(
                    Some(frame_of_reference.as_str()),
                    peer["frame_of_reference"].as_str()
                );
                assert_eq!(ours.referenced_sop, None);
                match geometry {
                    Geometry3d::Point(x) => ("POINT", vec![x.to_vec()]),
                    Geometry3d::Polyline(v) => ("POLYLINE", v.iter().map(|x| x.to_vec()).collect()),
                    Geometry3d::Polygon(v) => ("POLYGON", v.iter().map(|x| x.to_vec()).collect()),
                    Geometry3d::Multipoint(v) => {
                        ("MULTIPOINT", v.iter().map(|x| x.to_vec()).collect())
                    }
                    Geometry3d::Ellipse(a) => ("ELLIPSE", a.iter().map(|x| x.to_vec()).collect()),
                    Geometry3d::Ellipsoid(a) => {
                        ("ELLIPSOID", a.iter().map(|x| x.to_vec()).collect())
                    }
                }
            }
        };
        assert_eq!(kind, peer["graphic_type"].as_str().unwrap(), "{what}");
        // GraphicData is FL (float32): both sides read the same stored numbers.
        assert_eq!(ours_points, points, "{what}");
        assert_eq!(ours.frame, None);
    }
}

#[test]
fn sr_centres_and_boxes_follow_the_stated_rules() {
    let read = read_sr_file(&fixtures().join("sr_tid1500.dcm")).unwrap();
    let f = &read.findings;
    // POINT.
    assert_eq!(f[0].centre, vec![3.5, 4.25]);
    assert_eq!(f[0].bbox.min, vec![3.5, 4.25]);
    // Open POLYLINE: mean of the three vertices, box of the vertices.
    assert_close(&f[1].centre, &[12.5 / 3.0, 10.5 / 3.0], 1e-12, "polyline");
    assert_eq!(f[1].bbox.min, vec![1.0, 1.0]);
    assert_eq!(f[1].bbox.max, vec![6.0, 7.5]);
    // Closed POLYLINE: the closing vertex counted once.
    assert_close(&f[2].centre, &[5.0, 4.0], 1e-12, "closed polyline");
    // CIRCLE centre (6, 5) through (9, 5): radius 3.
    assert_eq!(f[3].centre, vec![6.0, 5.0]);
    assert_eq!(f[3].bbox.min, vec![3.0, 2.0]);
    assert_eq!(f[3].bbox.max, vec![9.0, 8.0]);
    // ELLIPSE: major (2,3)–(10,7), minor (5,6)–(7,2); half extents √(4²+1²), √(2²+2²).
    assert_eq!(f[4].centre, vec![6.0, 5.0]);
    assert_close(
        &f[4].bbox.min,
        &[6.0 - 17f64.sqrt(), 5.0 - 8f64.sqrt()],
        1e-12,
        "ellipse",
    );
    // 3-D POINT and closed POLYGON (three distinct vertices).
    assert_eq!(f[5].centre, vec![-27.25, -17.0, 102.5]);
    assert_close(
        &f[6].centre,
        &[-76.0 / 3.0, -53.0 / 3.0, 105.0],
        1e-12,
        "polygon",
    );
    // A SCOORD point to the image plane and patient mm: the corner convention is half a pixel
    // off the plane's (ct_1: origin (-30, -20.5, 100), columns 0.9 mm, rows 0.7 mm apart).
    let (series, _) = synthetic_series();
    let Geometry::Image(Geometry2d::Point(p)) = &f[0].geometry else {
        panic!("{:?}", f[0].geometry)
    };
    assert_eq!(
        f[0].referenced_sop.as_deref(),
        Some(series[0].sop_instance_uid.as_str())
    );
    let (c, r) = p.to_plane();
    let want = [-30.0 + 3.0 * 0.9, -20.5 + 3.75 * 0.7, 100.0];
    assert_close(
        &series[0].plane.to_patient(c, r),
        &want,
        1e-12,
        "point in mm",
    );
    assert_close(
        &f[0].centre_mm(Some(&series[0].plane)).unwrap(),
        &want,
        1e-12,
        "centre_mm",
    );
    assert_eq!(f[0].centre_mm(None), None);
    assert_eq!(f[5].centre_mm(None), Some([-27.25, -17.0, 102.5]));
}

#[test]
fn sr_names_the_frame_of_a_multiframe_image() {
    let read = read_sr_file(&fixtures().join("sr_frame.dcm")).unwrap();
    assert_eq!(read.findings[0].frame, Some(2));
    assert!(read.findings[1..].iter().all(|f| f.frame.is_none()));
}

#[test]
fn sr_ellipsoid_is_read_in_patient_mm() {
    let read = read_sr_file(&fixtures().join("sr_ellipsoid.dcm")).unwrap();
    let f = read
        .findings
        .iter()
        .find(|f| f.tracking_identifier.as_deref() == Some("lesion 8"))
        .unwrap();
    assert!(matches!(
        f.geometry,
        Geometry::Patient {
            geometry: Geometry3d::Ellipsoid(_),
            ..
        }
    ));
    assert_eq!(f.centre, vec![-25.0, -15.0, 103.0]);
    assert_eq!(f.bbox.min, vec![-30.0, -18.0, 101.0]);
    assert_eq!(f.bbox.max, vec![-20.0, -12.0, 105.0]);
    assert_eq!(f.score.as_ref().unwrap().value, 0.75);
    assert_eq!(f.score.as_ref().unwrap().concept.meaning, "Probability");
}

#[test]
fn sr_errors_name_the_file_and_the_item() {
    let odd = fixtures().join("bad_odd_scoord.dcm");
    let e = read_sr_file(&odd).unwrap_err();
    assert!(
        matches!(&e.error, SrError::BadItem { item, value_type, what }
            if item == "1.5.1.5" && value_type == "SCOORD" && what.contains("3 values")),
        "{e}"
    );
    assert!(e.to_string().contains("bad_odd_scoord.dcm"), "{e}");

    let e = read_sr_file(&fixtures().join("bad_deep.dcm")).unwrap_err();
    assert!(
        matches!(&e.error, SrError::TooDeep { item } if item.split('.').count() == 17),
        "{e}"
    );

    let e = read_sr_file(&fixtures().join("bad_not_tid1500.dcm")).unwrap_err();
    assert!(
        matches!(&e.error, SrError::NotTid1500 { template, concept }
            if template == "2000" && concept == "18748-4"),
        "{e}"
    );

    let e = read_sr_file(&fixtures().join("ct_1.dcm")).unwrap_err();
    assert!(
        matches!(&e.error, SrError::NotSr(c) if c == "1.2.840.10008.5.1.4.1.1.2"),
        "{e}"
    );

    let e = read_sr_file(&fixtures().join("bad_two_frames.dcm")).unwrap_err();
    assert!(
        matches!(&e.error, SrError::BadItem { item, what, .. }
            if item == "1.5.1.5" && what.contains("2 frames")),
        "{e}"
    );

    let e = read_sr_file(&fixtures().join("no_such_file.dcm")).unwrap_err();
    assert!(matches!(e.error, SrError::Unreadable(_)), "{e}");
    assert!(e.to_string().contains("no_such_file.dcm"), "{e}");
}

// ---- SEG lesions ----------------------------------------------------------------------------

fn assert_lesions_equal(ours: &Lesions, expected: &[Json], uids: &[String], what: &str) {
    assert_eq!(
        ours.lesions.len(),
        expected.len(),
        "{what}: number of lesions"
    );
    for (l, want) in ours.lesions.iter().zip(expected) {
        let at = format!("{what}: segment {} component {}", l.segment, l.component);
        assert_eq!(
            u64::from(l.segment),
            want["segment"].as_u64().unwrap(),
            "{at}"
        );
        assert_eq!(l.label, want["label"].as_str().unwrap(), "{at}");
        assert_eq!(
            u64::from(l.component),
            want["component"].as_u64().unwrap(),
            "{at}"
        );
        assert_eq!(l.voxels, want["voxels"].as_u64().unwrap(), "{at}");
        assert_close(&l.centroid_mm, &floats(&want["centroid_mm"]), 1e-9, &at);
        assert_close(&l.bbox_min_mm, &floats(&want["bbox_min_mm"]), 1e-9, &at);
        assert_close(&l.bbox_max_mm, &floats(&want["bbox_max_mm"]), 1e-9, &at);
        let volume = want["volume_mm3"].as_f64().unwrap();
        assert!(
            close(l.volume_mm3.unwrap(), volume, 1e-9 * volume.max(1.0)),
            "{at}"
        );
        let radius = want["equivalent_radius_mm"].as_f64().unwrap();
        assert!(close(l.equivalent_radius_mm, radius, 1e-9), "{at}");
        let diameter = want["largest_diameter_mm"].as_f64().unwrap();
        assert!(
            close(l.largest_diameter_mm, diameter, 1e-9),
            "{at}: {} against {diameter}",
            l.largest_diameter_mm
        );
        let slices: Vec<String> = want["slices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| uids[k.as_u64().unwrap() as usize].clone())
            .collect();
        assert_eq!(l.slices, slices, "{at}");
    }
}

#[test]
fn seg_components_equal_scipy_with_face_connectivity() {
    let (series, sources) = synthetic_series();
    let seg = read_seg_file(&fixtures().join("seg_lesions.dcm"), &sources, 0.5).unwrap();
    assert!(seg.unmatched.is_empty());
    let found = lesions(&seg, &series, None).unwrap();
    assert_eq!(found.connectivity, Connectivity::Face3d);
    assert!(close(found.slice_spacing_mm.unwrap(), 2.5, 1e-12));
    let want = peers("peers.json");
    let uids: Vec<String> = series.iter().map(|s| s.sop_instance_uid.clone()).collect();
    assert_lesions_equal(&found, want["seg"].as_array().unwrap(), &uids, "synthetic");
    // The voxel touching block A only along an edge is a lesion of its own.
    let nodules: Vec<u64> = found
        .lesions
        .iter()
        .filter(|l| l.segment == 1)
        .map(|l| l.voxels)
        .collect();
    assert_eq!(nodules, vec![8, 1, 10, 1]);
    assert!(found.empty_segments.is_empty() && found.masks_off_series.is_empty());
}

#[test]
fn seg_components_per_slice_when_asked_or_with_one_slice() {
    let (series, sources) = synthetic_series();
    let seg = read_seg_file(&fixtures().join("seg_lesions.dcm"), &sources, 0.5).unwrap();
    // Per slice: block A splits into its two slices, the L shape D into its two; 5 + 3.
    let flat = lesions(&seg, &series, Some(Connectivity::Face2d)).unwrap();
    let counts: Vec<u64> = flat.lesions.iter().map(|l| l.voxels).collect();
    assert_eq!(counts, vec![4, 4, 1, 10, 1, 1, 7, 1]);
    // One slice: 2-D by default, an area and no volume, the other slices' masks counted.
    let one = lesions(&seg, &series[..1], None).unwrap();
    assert_eq!(one.connectivity, Connectivity::Face2d);
    assert_eq!(one.slice_spacing_mm, None);
    assert_eq!(one.lesions.len(), 2);
    let a = &one.lesions[0];
    assert_eq!((a.voxels, a.volume_mm3), (4, None));
    assert!(close(a.area_mm2, 4.0 * 0.7 * 0.9, 1e-12));
    assert!(close(
        a.equivalent_radius_mm,
        (a.area_mm2 / std::f64::consts::PI).sqrt(),
        1e-12
    ));
    // 2 × 2 voxels: centres (2..3 columns, 2..3 rows) → (2.5, 2.5) on ct_1.
    assert_close(
        &a.centroid_mm,
        &[-30.0 + 2.5 * 0.9, -20.5 + 2.5 * 0.7, 100.0],
        1e-12,
        "2-D centroid",
    );
    assert!(close(a.largest_diameter_mm, 0.9f64.hypot(0.7), 1e-12));
    assert_eq!(one.masks_off_series.len(), 4);
}

#[test]
fn seg_file_to_lesions_in_one_call() {
    let (series, _) = synthetic_series();
    let path = fixtures().join("seg_lesions.dcm");
    let (found, unmatched) = read_lesions_file(&path, &series, 0.5, None).unwrap();
    assert_eq!(found.lesions.len(), 6);
    assert!(unmatched.is_empty());
    // Two slices only: the SEG's frames on the others are returned, not dropped.
    let (found, unmatched) = read_lesions_file(&path, &series[..2], 0.5, None).unwrap();
    assert_eq!(unmatched.len(), 3);
    assert_eq!(
        found.lesions.iter().map(|l| l.voxels).collect::<Vec<_>>(),
        vec![8, 1, 1]
    );
    // Errors name the file: a SEG that is not one, and an uneven series.
    let e = read_lesions_file(&fixtures().join("ct_1.dcm"), &series, 0.5, None).unwrap_err();
    assert!(
        matches!(e, LesionFileError::Seg(_)) && e.to_string().contains("ct_1.dcm"),
        "{e}"
    );
    let uneven = [series[0].clone(), series[1].clone(), series[3].clone()];
    let e = read_lesions_file(&path, &uneven, 0.5, None).unwrap_err();
    assert!(
        matches!(e, LesionFileError::Lesions { .. }) && e.to_string().contains("seg_lesions.dcm"),
        "{e}"
    );
}

#[test]
fn seg_lesion_errors() {
    let (series, sources) = synthetic_series();
    let seg = read_seg_file(&fixtures().join("seg_lesions.dcm"), &sources, 0.5).unwrap();
    assert_eq!(lesions(&seg, &[], None).unwrap_err(), LesionError::NoSlices);
    // ct_3 missing: gaps of 2.5 and 5 mm.
    let uneven = [series[0].clone(), series[1].clone(), series[3].clone()];
    assert!(matches!(
        lesions(&seg, &uneven, None).unwrap_err(),
        LesionError::UnevenSpacing { min_mm, max_mm } if close(min_mm, 2.5, 1e-9) && close(max_mm, 5.0, 1e-9)
    ));
    // Per slice, the same uneven series is fine.
    assert!(lesions(&seg, &uneven, Some(Connectivity::Face2d)).is_ok());
    let mut twin = series[0].clone();
    twin.sop_instance_uid = "1.2.3".into();
    assert!(matches!(
        lesions(&seg, &[series[0].clone(), twin], None).unwrap_err(),
        LesionError::SamePosition { .. }
    ));
    let mut tilted = series[1].clone();
    tilted.plane = Plane::new(
        tilted.plane.origin,
        [1.0, 0.0, 0.0, 0.0, 0.0, -1.0],
        [0.7, 0.9],
        10,
        12,
    )
    .unwrap();
    let e = lesions(&seg, &[series[0].clone(), tilted], None).unwrap_err();
    assert!(
        matches!(&e, LesionError::NotOneStack { sop_instance_uid, .. } if *sop_instance_uid == series[1].sop_instance_uid),
        "{e}"
    );
}

#[test]
fn janct_seg_components_equal_scipy() {
    if !real_ct::present() {
        return;
    }
    let dir = real_ct::dir().join("janct");
    let (series, sources): (Vec<SliceImage>, Vec<SourceImage>) = ["01.dcm", "02.dcm", "03.dcm"]
        .iter()
        .map(|f| image(&dir.join(f)))
        .unzip();
    let seg = read_seg_file(&dir.join("janct_liver_vertebra_seg.dcm"), &sources, 0.5).unwrap();
    let found = lesions(&seg, &series, None).unwrap();
    let want = peers("janct_lesions.json");
    let uids: Vec<String> = want["sop_instance_uids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u.as_str().unwrap().to_string())
        .collect();
    assert_lesions_equal(&found, want["lesions"].as_array().unwrap(), &uids, "janct");
    assert_eq!(found.lesions.len(), 11);
}

#[test]
fn damaged_srs_are_errors_never_panics() {
    let good = std::fs::read(fixtures().join("sr_tid1500.dcm")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.dcm");
    // Truncated anywhere past the preamble, then bytes changed at deterministic places.
    for cut in [200, 700, good.len() / 2, good.len() - 3] {
        std::fs::write(&path, &good[..cut]).unwrap();
        assert!(read_sr_file(&path).is_err(), "cut at {cut}");
    }
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        state >> 33
    };
    let (mut read, mut refused) = (0, 0);
    for _ in 0..300 {
        let mut bytes = good.clone();
        for _ in 0..4 {
            let at = 132 + (next() as usize) % (bytes.len() - 132);
            bytes[at] = next() as u8;
        }
        std::fs::write(&path, &bytes).unwrap();
        match read_sr_file(&path) {
            Ok(_) => read += 1,
            Err(e) => {
                assert!(e.to_string().contains("damaged.dcm"), "{e}");
                refused += 1;
            }
        }
    }
    // A panic above fails the test; here, both outcomes must occur (changed text values still
    // read, changed structure refused), or the damage did not reach the reader.
    eprintln!("damaged SRs: {read} read, {refused} refused");
    assert!(read > 0 && refused > 0, "{read} read, {refused} refused");
}
