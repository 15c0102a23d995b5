//! The viewer's cases of the DICOM detection sample (vendor SR marks against SEG lesions):
//! summed over every unit, the statuses drawn are the counts expected.json holds from pydicom,
//! highdicom and scipy (44 true positives, 19 false positives, 1 extra, 11 missed lesions).

use super::*;
use crate::run::prepare;

fn prepared() -> Prepared {
    let plan = crate::Plan::load(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../sample-studies/detection-dicom-demo/plan.toml"),
    )
    .unwrap();
    prepare(&plan, &Control::silent()).unwrap()
}

#[test]
fn every_unit_shows_its_lesions_and_marks_with_the_runs_statuses() {
    let p = prepared();
    let marks = run_marks(&p, None);
    assert_eq!(marks.len(), 64);
    let (mut tp, mut fp, mut extra, mut hit, mut missed) = (0, 0, 0, 0, 0);
    let mut drawn = (0, 0);
    for unit in 0..p.units.len() {
        let v = case(&p, unit, &marks, &Control::silent()).unwrap();
        assert_eq!(v.images.len(), 1, "unit = \"image\"");
        assert_eq!(v.off_image, 0, "a one-image unit holds all its items");
        let img = &v.images[0];
        assert_eq!(img.values.len(), img.width * img.height);
        assert_eq!(v.lesions, img.lesions.len());
        assert_eq!(v.marks, img.marks.len());
        assert_eq!(p.units[unit].label, !img.lesions.is_empty());
        for m in &img.marks {
            match m.status {
                MarkStatus::TruePositive => tp += 1,
                MarkStatus::FalsePositive => fp += 1,
                MarkStatus::Extra => extra += 1,
            }
            let (c, r) = m.shape.centre();
            assert!(c > -1.0 && r > -1.0 && c < img.width as f64 && r < img.height as f64);
        }
        for l in &img.lesions {
            if l.score.is_some() {
                hit += 1
            } else {
                missed += 1
            }
        }
        drawn.0 += img.lesions.len();
        drawn.1 += img.marks.len();
    }
    assert_eq!(drawn, (55, 64));
    assert_eq!((tp, fp, extra), (44, 19, 1));
    assert_eq!((hit, missed), (44, 11));
}

#[test]
fn the_viewer_opens_on_a_miss_and_names_an_unknown_case() {
    let p = prepared();
    let marks = run_marks(&p, None);
    let input = p.detection.as_deref().unwrap();
    let m = detection::match_marks(
        &input.marks,
        &input.lesions(),
        p.plan.detection_spec().hit.rule(),
    );
    let missed = m.lesion_score.iter().position(Option::is_none).unwrap();
    let unit = input.lesions[missed].lesion.unit;
    let v = case_by_id(&p, &p.units[unit].id, &marks, &Control::silent()).unwrap();
    let first = v.first_of_interest();
    assert!(v.images[first].lesions.iter().any(|l| l.score.is_none()));
    let (c, w) = v.default_window();
    assert!(c.is_finite() && w > 0.0);
    assert!(matches!(
        case_by_id(&p, "no-such-case", &marks, &Control::silent()),
        Err(ViewError::NoCase(_))
    ));
    // Without the marks, every lesion of the unit is missed.
    let bare = case(&p, unit, &[], &Control::silent()).unwrap();
    assert!(bare.images[0].lesions.iter().all(|l| l.score.is_none()));
    assert!(bare.images[0].marks.is_empty());
}

#[test]
fn the_case_list_puts_misses_then_false_marks_first_and_counts_every_item() {
    let p = prepared();
    let marks = viewer_marks(&p, &Control::silent()).unwrap();
    let s = summaries(&p, &marks);
    assert_eq!(s.len(), 90);
    let sum = |f: fn(&UnitSummary) -> usize| s.iter().map(f).sum::<usize>();
    assert_eq!((sum(|u| u.lesions), sum(|u| u.missed)), (55, 11));
    assert_eq!((sum(|u| u.marks), sum(|u| u.false_marks)), (64, 19));
    let with_miss = s.iter().take_while(|u| u.missed > 0).count();
    assert!(with_miss > 0 && s[with_miss..].iter().all(|u| u.missed == 0));
    let then_false = s[with_miss..]
        .iter()
        .take_while(|u| u.false_marks > 0)
        .count();
    assert!(then_false > 0);
    assert!(
        s[with_miss + then_false..]
            .iter()
            .all(|u| u.false_marks == 0)
    );
}
