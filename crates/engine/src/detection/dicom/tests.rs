//! The DICOM detection cohort on the synthetic fixtures of `crates/dicom/tests/fixtures/detection`
//! (a 4-slice CT series, a SEG of two segments, a TID 1500 SR; see its README): the join of
//! lesions and marks to units and every count of what is left out. The expected component
//! sizes per slice come from scipy.ndimage.label on the SEG's frames (face connectivity):
//! segment 1 has 4 | 4, 1 | – | 10, 1 voxels on slices 1–4, segment 2 has 1 | – | 7 | 1; in 3-D
//! the components are 8, 1, 10, 1 (segment 1) and 1, 8 (segment 2).

use std::path::{Path, PathBuf};

use super::*;
use crate::run::{Control, Input};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../dicom/tests/fixtures/detection")
        .join(name)
}

/// A study folder: the CT series under a folder named like a patient, the truth and mark files
/// in their folders; returns the folder and its control (own pseudonym key).
fn study(truth: &[&str], marks: &[&str]) -> (tempfile::TempDir, Control) {
    study_of(4, truth, marks)
}

/// `study` with the first `slices` images of the series only.
fn study_of(slices: usize, truth: &[&str], marks: &[&str]) -> (tempfile::TempDir, Control) {
    let dir = tempfile::tempdir().unwrap();
    let series = dir.path().join("cohort/Nordmann^Kari_0101");
    std::fs::create_dir_all(&series).unwrap();
    for k in 1..=slices {
        let name = format!("ct_{k}.dcm");
        std::fs::copy(fixture(&name), series.join(name)).unwrap();
    }
    for (folder, files) in [("truth", truth), ("marks", marks)] {
        std::fs::create_dir_all(dir.path().join(folder)).unwrap();
        for f in files {
            std::fs::copy(fixture(f), dir.path().join(folder).join(f)).unwrap();
        }
    }
    let mut ctl = Control::silent();
    ctl.pseudonym_key = Some(dir.path().join("pseudonym.key"));
    (dir, ctl)
}

fn plan(dir: &Path, unit: &str, lesions: &str, min_voxels: Option<u64>, hit: &str) -> Plan {
    let min = min_voxels.map_or(String::new(), |m| format!("min_voxels = {m}\n"));
    let text = format!(
        "[study]\nname = \"t\"\nintended_use = \"t\"\ntask = \"detection\"\n\
         [cohort]\nkind = \"dicom\"\npath = \"cohort\"\nunit = \"{unit}\"\n\
         [marks]\nkind = \"sr\"\npath = \"marks\"\n\
         [lesions]\nkind = \"{lesions}\"\npath = \"truth\"\n{min}\
         [detection]\nhit = {hit}\n\
         [[acceptance]]\nmetric = \"cpm\"\nbound = \"ci_low\"\nmin = 0.5\n"
    );
    // Parsing checks the plan (Plan::parse validates).
    Plan::parse(&text, &dir.join("plan.toml"), dir.to_path_buf()).unwrap()
}

fn sources(index: &Index) -> DetectionSources {
    index.detection.as_ref().unwrap().sources.clone().unwrap()
}

#[test]
fn a_series_unit_takes_the_seg_components_in_3d_and_the_sr_marks_with_a_score() {
    let (dir, ctl) = study(&["seg_lesions.dcm"], &["sr_tid1500.dcm"]);
    let plan = plan(dir.path(), "series", "seg", Some(2), "{ distance_mm = 5 }");
    let index = index(&plan, &ctl).unwrap();
    assert_eq!(index.units.len(), 1);
    assert!(index.units[0].label);
    assert!(index.excluded.is_empty(), "{:?}", index.excluded);
    let input = index.detection.as_ref().unwrap();
    // 3-D components of at least 2 voxels: 8 and 10 (Nodule), 8 (Mass).
    assert_eq!(input.lesions.len(), 3);
    let kinds: Vec<&str> = input
        .lesions
        .iter()
        .map(|l| l.kind.as_deref().unwrap())
        .collect();
    assert_eq!(kinds, ["Nodule", "Nodule", "Mass"]);
    // The first lesion is scipy's component 1 of segment 1: its centroid and equivalent radius.
    let first = &input.lesions[0].lesion;
    for (a, b) in first.centre.iter().zip([-27.75, -18.75, 101.25]) {
        assert!((a - b).abs() < 1e-9, "{:?}", first.centre);
    }
    assert!((first.radius.unwrap() - 1.443534978975948).abs() < 1e-9);
    // 10 regions: two without a score (lesions 3 and 7), and a group without a region.
    assert_eq!(input.marks.len(), 8);
    assert!(input.marks.iter().all(|m| m.unit == 0));
    let s = sources(&index);
    assert_eq!(
        (
            s.specks,
            s.empty_segments,
            s.truth_files,
            s.truth_files_unmatched
        ),
        (3, 0, 1, 0)
    );
    assert_eq!(
        (
            s.mark_files,
            s.mark_files_unmatched,
            s.marks_without_score,
            s.marks_without_position
        ),
        (1, 0, 2, 1)
    );
    assert_eq!(
        (s.marks.as_str(), s.lesions.as_str(), s.min_voxels),
        ("sr", "seg", 2)
    );
    // The unit is named by a pseudonym, never by its UID or its folder.
    assert!(
        index.units[0]
            .id
            .starts_with(|c: char| c.is_ascii_alphanumeric())
    );
    assert!(!index.units[0].id.contains("1.2.826"));
    assert!(!index.units[0].id.contains("Nordmann"));
}

#[test]
fn an_image_unit_takes_the_seg_components_per_slice_and_negative_images_stay() {
    let (dir, ctl) = study(&["seg_lesions.dcm"], &["sr_tid1500.dcm"]);
    // Per slice, components of at least 5 voxels: 10 (slice 4, Nodule) and 7 (slice 3, Mass).
    let plan = plan(dir.path(), "image", "seg", Some(5), "{ distance_mm = 5 }");
    let index = index(&plan, &ctl).unwrap();
    assert_eq!(index.units.len(), 4);
    let input = index.detection.as_ref().unwrap();
    assert_eq!(input.lesions.len(), 2);
    // Each lesion lies on one image: the unit whose image holds its z.
    for l in &input.lesions {
        let unit = &index.units[l.lesion.unit];
        let Input::Images(case) = &unit.input else {
            panic!("an image unit")
        };
        let images = &case.images;
        let k: f64 = images[0].rel_path[images[0].rel_path.len() - 5..][..1]
            .parse()
            .unwrap();
        assert!((l.lesion.centre[2] - (100.0 + 2.5 * (k - 1.0))).abs() < 1e-9);
    }
    assert_eq!(index.units.iter().filter(|u| u.label).count(), 2);
    let s = sources(&index);
    // 4 + 4 + 1 + 10 + 1 and 1 + 7 + 1: eight components, two lesions, six specks.
    assert_eq!(s.specks, 6);
    // Every mark lands on the image it references (or whose plane holds its point).
    assert_eq!(input.marks.len(), 8);
    assert_eq!(input.unknown_unit, 0);
    let on: std::collections::BTreeSet<usize> = input.marks.iter().map(|m| m.unit).collect();
    assert_eq!(on.len(), 4);
}

#[test]
fn images_no_truth_file_covers_are_excluded_and_stray_files_are_unmatched_with_their_reason() {
    // The truth folder holds an SR (not a SEG); the marks folder a report that is no TID 1500.
    let (dir, ctl) = study(&["sr_tid1500.dcm"], &["bad_not_tid1500.dcm"]);
    let plan = plan(dir.path(), "image", "seg", None, "{ distance_mm = 5 }");
    let index = index(&plan, &ctl).unwrap();
    assert!(index.units.is_empty());
    assert_eq!(index.excluded.len(), 4);
    assert!(
        index
            .excluded
            .iter()
            .all(|e| e.reason == ExclusionReason::NoLabel
                && e.detail == "no truth file references this image")
    );
    let s = sources(&index);
    assert_eq!((s.truth_files, s.truth_files_unmatched), (1, 1));
    assert_eq!((s.mark_files, s.mark_files_unmatched), (1, 1));
    assert_eq!(index.unmatched_labels.len(), 1);
    assert!(
        index.unmatched_labels[0].contains("not SEG"),
        "{:?}",
        index.unmatched_labels
    );
    assert!(!index.unmatched_labels[0].contains("sr_tid1500"));
    assert_eq!(index.unmatched_predictions, ["bad_not_tid1500.dcm"]);
}

#[test]
fn sr_truth_gives_radii_from_circles_and_boxes_and_refuses_points_under_a_radius_rule() {
    let (dir, ctl) = study(&["sr_tid1500.dcm"], &["sr_tid1500.dcm"]);
    let plan_distance = plan(dir.path(), "series", "sr", None, "{ distance_mm = 5 }");
    let index = index(&plan_distance, &ctl).unwrap();
    let input = index.detection.as_ref().unwrap();
    // Truth keeps the regions without a score: 10 regions, 1 group without one.
    assert_eq!(input.lesions.len(), 10);
    let s = sources(&index);
    assert_eq!((s.truth_without_position, s.marks_without_score), (1, 2));
    // Lesion 4 is a CIRCLE centred on pixel (6, 5) of slice 4 (corner convention: the centre
    // of pixel (5.5, 4.5)), its edge 3 pixels along the row: radius 3 × 0.9 mm.
    let circle = input
        .lesions
        .iter()
        .find(|l| {
            let c = l.lesion.centre;
            (c[0] + 25.05).abs() < 1e-9
                && (c[1] + 17.35).abs() < 1e-9
                && (c[2] - 107.5).abs() < 1e-9
        })
        .expect("the circle's lesion");
    assert!((circle.lesion.radius.unwrap() - 2.7).abs() < 1e-9);
    // Lesion 3, a closed outline 6 × 4 pixels: half its larger extent, 6 × 0.9 / 2 mm.
    assert!(
        input
            .lesions
            .iter()
            .filter(|l| l.lesion.radius.is_some_and(|r| (r - 2.7).abs() < 1e-9))
            .count()
            == 2
    );
    // The POINTs (lesions 1 and 6) have no radius.
    assert_eq!(
        input
            .lesions
            .iter()
            .filter(|l| l.lesion.radius.is_none())
            .count(),
        2
    );
    let plan_radius = plan(dir.path(), "series", "sr", None, "\"centre_within_radius\"");
    let err = index_err(&plan_radius, &ctl);
    assert!(
        err.contains("content item") && err.contains("centre_within_radius"),
        "{err}"
    );
}

fn index_err(plan: &Plan, ctl: &Control) -> String {
    match index(plan, ctl) {
        Ok(_) => panic!("refused expected"),
        Err(e) => e.to_string(),
    }
}

/// `bytes` with each `from` replaced by `to` (the same length: a DICOM value patched in place).
fn patched(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let mut out = bytes.to_vec();
    let mut found = 0;
    for i in 0..out.len().saturating_sub(from.len() - 1) {
        if &out[i..i + from.len()] == from {
            out[i..i + from.len()].copy_from_slice(to);
            found += 1;
        }
    }
    assert!(found > 0, "{from:?} not found");
    out
}

#[test]
fn the_truth_and_mark_files_identifiers_feed_the_output_guard() {
    let (dir, ctl) = study(&[], &[]);
    // The SEG and the SR name patients the images do not: only reading them can teach the guard.
    let seg = std::fs::read(fixture("seg_lesions.dcm")).unwrap();
    std::fs::write(
        dir.path().join("truth/seg.dcm"),
        patched(&seg, b"SYNTH-1", b"TRUTH-9"),
    )
    .unwrap();
    let sr = std::fs::read(fixture("sr_tid1500.dcm")).unwrap();
    std::fs::write(
        dir.path().join("marks/sr.dcm"),
        patched(&sr, b"SYNTH-1", b"MARKS-8"),
    )
    .unwrap();
    let plan = plan(dir.path(), "series", "seg", None, "{ distance_mm = 5 }");
    let index = index(&plan, &ctl).unwrap();
    assert_eq!(index.detection.as_ref().unwrap().lesions.len(), 6);
    assert!(index.guard.find("patient TRUTH-9 in a sentence").is_some());
    assert!(index.guard.find("patient MARKS-8 in a sentence").is_some());
    assert!(index.guard.find("patient SYNTH-1 in a sentence").is_some());
    assert!(index.guard.find("patient OTHER-7 in a sentence").is_none());
}

#[test]
fn a_study_unit_holds_its_series_lesions_and_an_unreadable_truth_file_is_counted_not_fatal() {
    let (dir, ctl) = study(&["seg_lesions.dcm"], &["sr_tid1500.dcm"]);
    std::fs::write(dir.path().join("truth/broken.dcm"), b"not a DICOM file").unwrap();
    let plan = plan(dir.path(), "study", "seg", Some(2), "{ distance_mm = 5 }");
    let index = index(&plan, &ctl).unwrap();
    assert_eq!(index.units.len(), 1);
    let input = index.detection.as_ref().unwrap();
    assert_eq!(input.lesions.len(), 3);
    assert!(input.lesions.iter().all(|l| l.lesion.unit == 0));
    let s = sources(&index);
    assert_eq!((s.truth_files, s.truth_files_unmatched), (2, 1));
    assert_eq!(index.unmatched_labels.len(), 1);
    assert!(
        index.unmatched_labels[0].starts_with("truth file case-")
            && !index.unmatched_labels[0].contains("broken"),
        "{:?}",
        index.unmatched_labels
    );
    // The files read are in the lesions' SHA-256: another truth folder is another cohort.
    let before = index.cohort_sha256.clone();
    std::fs::remove_file(dir.path().join("truth/broken.dcm")).unwrap();
    let again = super::index(&plan, &ctl).unwrap();
    assert_ne!(again.cohort_sha256, before);
    assert_eq!(sources(&again).truth_files, 1);
}

#[test]
fn a_seg_with_frames_on_an_image_missing_from_the_folder_leaves_its_series_out_with_the_reason() {
    // Slice 4 is not exported: the SEG's two frames on it (segment 1's bar and voxel, segment
    // 2's voxel and part of its L) lie on no image of the cohort.
    let (dir, ctl) = study_of(3, &["seg_lesions.dcm"], &[]);
    let plan = plan(dir.path(), "image", "seg", None, "{ distance_mm = 5 }");
    let index = index(&plan, &ctl).unwrap();
    assert!(index.units.is_empty());
    assert_eq!(index.excluded.len(), 3);
    for e in &index.excluded {
        assert_eq!(e.reason, ExclusionReason::Unscorable);
        assert!(
            e.detail
                .starts_with("2 frames of its truth SEG lie on no image of the cohort folder"),
            "{}",
            e.detail
        );
    }
    let s = sources(&index);
    assert_eq!(
        (s.truth_files, s.truth_files_unmatched, s.specks),
        (1, 0, 0)
    );
    assert!(index.detection.as_ref().unwrap().lesions.is_empty());
}
