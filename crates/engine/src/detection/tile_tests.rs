//! Tiles drawn on the imaging demo's 64×64 CT-like slices (0.7 mm pixels, origin −22.4 mm,
//! slices 2.5 mm apart) with hand-made lesions and marks in patient mm.

use std::path::PathBuf;

use super::*;
use crate::detection::read::LesionInfo;
use crate::metrics::detection::{self, HitRule, Lesion, Mark};
use crate::run::{DicomCase, Image, Input};

fn demo(rel: &str) -> Image {
    let root =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../sample-studies/imaging-demo/images");
    Image {
        rel_path: rel.into(),
        path: root.join(rel),
    }
}

pub(crate) fn unit(id: &str, images: Vec<Image>) -> Unit {
    Unit {
        id: id.into(),
        label: true,
        subgroups: Box::default(),
        date: None,
        patient: None,
        input: Input::Images(Box::new(DicomCase {
            key: format!("key-{id}").into(),
            images: images.into(),
            equipment: Box::default(),
        })),
    }
}

/// Unit 0: two slices (z −102.5 in scan order first, −105 second); unit 1: one image.
pub(crate) fn units() -> Vec<Unit> {
    vec![
        unit(
            "P-0001",
            vec![
                demo("study-02/series-2/IM0001.dcm"),
                demo("study-02/series-2/IM0002.dcm"),
            ],
        ),
        unit("P-0002", vec![demo("study-01/series-1/IM0002.dcm")]),
    ]
}

/// Pixel (column, row) at height z → patient mm.
pub(crate) fn mm(column: f64, row: f64, z: f64) -> [f64; 3] {
    [-22.4 + 0.7 * column, -22.4 + 0.7 * row, z]
}

pub(crate) fn lesion(unit: usize, centre: [f64; 3], size: f64) -> LesionInfo {
    LesionInfo {
        lesion: Lesion {
            unit,
            centre,
            radius: None,
            bbox: None,
        },
        size_mm: Some(size),
        kind: None,
    }
}

pub(crate) fn mark(unit: usize, centre: [f64; 3], score: f64) -> Mark {
    Mark {
        unit,
        centre,
        score,
        bbox: None,
    }
}

/// Two missed lesions on unit 0 (one per slice), one hit on unit 1, two false marks on unit 0.
pub(crate) fn input() -> DetectionInput {
    DetectionInput {
        lesions: vec![
            lesion(0, mm(20.0, 30.0, -105.0), 6.0),
            lesion(0, mm(40.0, 40.0, -102.5), 10.0),
            lesion(1, mm(32.0, 32.0, -105.0), 8.0),
        ],
        marks: vec![
            mark(1, mm(33.0, 32.0, -105.0), 0.9),
            mark(0, mm(10.0, 10.0, -105.0), 0.8),
            mark(0, mm(50.0, 12.0, -102.5), 0.95),
        ],
        ..Default::default()
    }
}

fn run(units: &[Unit], input: &DetectionInput) -> Vec<DetectionTile> {
    let m = detection::match_marks(&input.marks, &input.lesions(), HitRule::DistanceMm(5.0));
    draw_tiles(units, None, input, &m)
}

#[test]
fn misses_largest_first_and_false_marks_highest_score_first() {
    let input = input();
    let t = run(&units(), &input);
    let kinds: Vec<(TileKind, &str, usize, f64)> = t
        .iter()
        .map(|t| (t.kind, t.unit.as_str(), t.image, t.value))
        .collect();
    // Sorted along the normal, −105 is image 0 and −102.5 image 1.
    assert_eq!(
        kinds,
        vec![
            (TileKind::Miss, "P-0001", 1, 10.0),
            (TileKind::Miss, "P-0001", 0, 6.0),
            (TileKind::FalseMark, "P-0001", 1, 0.95),
            (TileKind::FalseMark, "P-0001", 0, 0.8),
        ]
    );
}

#[test]
fn a_tile_is_the_windowed_image_cropped_around_the_item_with_its_outlines() {
    let units = units();
    let input = input();
    let t = run(&units, &input);
    let miss = &t[0];
    // Lesion 1 at (40, 40): radius 5 mm = 7.14 px, + 16 px margin → columns 16..64, rows 16..64.
    assert_eq!((miss.width, miss.height), (48, 48));
    assert_eq!(miss.pixels.len(), 48 * 48);
    let grey = grey8(&demo("study-02/series-2/IM0001.dcm"), None, 64, 64).unwrap();
    for (y, row) in miss.pixels.chunks(48).enumerate() {
        assert_eq!(row, &grey[(16 + y) * 64 + 16..(16 + y) * 64 + 64]);
    }
    let at = |m: &[bool], c: usize, r: usize| m[(r - 16) * 48 + (c - 16)];
    assert!(at(&miss.truth, 40, 40));
    assert!(
        at(&miss.truth, 47, 40),
        "7 px from the centre is inside 7.14"
    );
    assert!(!at(&miss.truth, 48, 40));
    // The false mark at (50, 12) lies on the same slice: drawn in `marks`, not in `truth`.
    assert!(at(&miss.marks, 50, 17) || at(&miss.marks, 50, 16));
    assert!(!miss.truth.iter().zip(&miss.marks).all(|(a, b)| a == b));
    // Lesion 0 (slice 0) is not on this slice, though it would be inside the crop.
    assert!(!at(&miss.truth, 20, 30));
}

#[test]
fn only_items_within_half_the_spacing_are_on_a_slice() {
    let s = place::unit_series(&units()[0]).unwrap();
    assert_eq!(s.len(), 2);
    assert_eq!(s.order, vec![1, 0], "sorted along +z: −105 first");
    assert!((s.slice_spacing - 2.5).abs() < 1e-9);
    assert_eq!(place::nearest_slice(&s, mm(0.0, 0.0, -104.0)), 0);
    assert_eq!(place::nearest_slice(&s, mm(0.0, 0.0, -103.0)), 1);
    assert!(place::on_slice(&s, 0, mm(0.0, 0.0, -103.75)));
    assert!(!place::on_slice(&s, 0, mm(0.0, 0.0, -103.7)));
    assert!(!place::on_slice(&s, 1, mm(0.0, 0.0, -99.9)));
    // A one-image unit holds every item of the unit.
    let one = place::unit_series(&units()[1]).unwrap();
    assert!(place::on_slice(&one, 0, mm(0.0, 0.0, 40.0)));
}

#[test]
fn at_most_keep_of_each_kind_and_unreadable_units_are_skipped() {
    let mut units = units();
    units.push(unit("P-0003", vec![demo("no/such/file.dcm")]));
    let mut input = input();
    // A miss on the unreadable unit, larger than every other: skipped, not drawn.
    input.lesions.push(lesion(2, mm(5.0, 5.0, 0.0), 50.0));
    for k in 0..10 {
        input.marks.push(mark(
            1,
            mm(5.0 + k as f64, 60.0, -105.0),
            0.1 + 0.01 * k as f64,
        ));
    }
    let t = run(&units, &input);
    let misses: Vec<f64> = t
        .iter()
        .filter(|t| t.kind == TileKind::Miss)
        .map(|t| t.value)
        .collect();
    assert_eq!(misses, vec![10.0, 6.0]);
    let false_marks: Vec<f64> = t
        .iter()
        .filter(|t| t.kind == TileKind::FalseMark)
        .map(|t| t.value)
        .collect();
    assert_eq!(false_marks.len(), KEEP);
    assert_eq!(&false_marks[..2], &[0.95, 0.8]);
    assert!((false_marks[2] - 0.19).abs() < 1e-9);
}

#[test]
fn a_box_is_drawn_as_a_box() {
    let s = place::unit_series(&units()[1]).unwrap();
    let mut m = mark(1, mm(30.0, 30.0, -105.0), 0.5);
    m.bbox = Some([mm(25.0, 28.0, -105.0), mm(35.0, 32.0, -105.0)]);
    let shape = place::mark_shape(&s, 0, &m);
    assert!(shape.contains(25.0, 28.0) && shape.contains(35.0, 32.0));
    assert!(!shape.contains(36.0, 30.0) && !shape.contains(30.0, 33.0));
    assert_eq!(shape.half(), (5.0, 2.0));
}

#[test]
fn a_unit_without_images_gives_no_tile() {
    let mut units = units();
    units[0].input = Input::Row {
        line: 2,
        features: Default::default(),
    };
    let t = run(&units, &input());
    assert!(t.iter().all(|t| t.unit != "P-0001"));
}
