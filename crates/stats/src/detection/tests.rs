//! Edge cases of the matching and the FROC; the peers on real data are in
//! `crates/stats/tests/detection_peers.rs`.

use super::*;

fn mark(unit: usize, x: f64, score: f64) -> Mark {
    Mark {
        unit,
        centre: [x, 0.0, 0.0],
        score,
        bbox: None,
    }
}

fn lesion(unit: usize, x: f64, radius: f64) -> Lesion {
    Lesion {
        unit,
        centre: [x, 0.0, 0.0],
        radius: Some(radius),
        bbox: None,
    }
}

const RATES: [f64; 7] = [0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0];

#[test]
fn centre_within_radius_is_inclusive_and_needs_a_radius() {
    let lesions = [
        lesion(0, 0.0, 2.0),
        Lesion {
            radius: None,
            ..lesion(0, 10.0, 2.0)
        },
    ];
    let marks = [
        mark(0, 2.0, 0.9),
        mark(0, 2.0 + 1e-9, 0.8),
        mark(0, 10.0, 0.7),
    ];
    let m = match_marks(&marks, &lesions, HitRule::CentreWithinRadius);
    assert_eq!(m.lesion_of_mark, vec![Some(0), None, None]);
    // The second mark is past the surface: a false positive, not extra; the third lesion has no
    // radius, so it is never hit.
    assert_eq!(m.extra, vec![false, false, false]);
    assert_eq!(m.lesion_score, vec![Some(0.9), None]);
}

#[test]
fn distance_rule_ignores_the_radius() {
    let lesions = [Lesion {
        radius: None,
        ..lesion(0, 0.0, 0.0)
    }];
    let marks = [mark(0, 5.0, 0.4), mark(0, 5.5, 0.6)];
    let m = match_marks(&marks, &lesions, HitRule::DistanceMm(5.0));
    assert_eq!(m.lesion_of_mark, vec![Some(0), None]);
    assert_eq!(m.extra, vec![false, false]);
}

#[test]
fn iou_rule_uses_boxes_and_2d_boxes_are_areas() {
    let b = |x0: f64, x1: f64| -> Box3 { [[x0, 0.0, 3.0], [x1, 2.0, 3.0]] };
    // Area IoU of [0,2]x[0,2] and [1,3]x[0,2]: 2 / 6.
    assert!((matching::iou(&b(0.0, 2.0), &b(1.0, 3.0)) - 1.0 / 3.0).abs() < 1e-15);
    // Different slices never overlap.
    let other_slice: Box3 = [[0.0, 0.0, 4.0], [2.0, 2.0, 4.0]];
    assert_eq!(matching::iou(&b(0.0, 2.0), &other_slice), 0.0);
    let l = Lesion {
        bbox: Some(b(0.0, 2.0)),
        ..lesion(0, 1.0, 100.0)
    };
    let with_box = |x0, x1, score| Mark {
        bbox: Some(b(x0, x1)),
        ..mark(0, 1.0, score)
    };
    let marks = [
        with_box(1.0, 3.0, 0.9), // IoU 1/3 < 0.5: FP
        with_box(0.0, 2.0, 0.5), // IoU 1: hit
        mark(0, 1.0, 0.95),      // no box: never hits, whatever its centre
        with_box(0.5, 2.0, 0.4), // IoU 0.75, lesion taken: extra
    ];
    let m = match_marks(&marks, &[l], HitRule::Iou(0.5));
    assert_eq!(m.lesion_of_mark, vec![None, Some(0), None, None]);
    assert_eq!(m.extra, vec![false, false, false, true]);
}

#[test]
fn greedy_by_score_then_index_takes_the_nearest_free_lesion() {
    // Two lesions 2 mm apart, radius 3: a mark between them hits both.
    let lesions = [lesion(0, 0.0, 3.0), lesion(0, 2.0, 3.0)];
    let marks = [
        mark(0, 0.5, 0.7), // nearest lesion 0, but lesion 0 is taken by mark 2 first
        mark(0, 1.0, 0.7), // equidistant: lower lesion index... both taken by then: extra
        mark(0, 0.1, 0.9), // highest score: takes lesion 0
    ];
    let m = match_marks(&marks, &lesions, HitRule::CentreWithinRadius);
    assert_eq!(m.lesion_of_mark, vec![Some(1), None, Some(0)]);
    assert_eq!(m.extra, vec![false, true, false]);
    assert_eq!(m.lesion_score, vec![Some(0.9), Some(0.7)]);
    // Equal scores: the lower mark index chooses first; equidistant: the lower lesion index.
    let marks = [mark(0, 1.0, 0.5), mark(0, 1.0, 0.5)];
    let m = match_marks(&marks, &lesions, HitRule::CentreWithinRadius);
    assert_eq!(m.lesion_of_mark, vec![Some(0), Some(1)]);
}

#[test]
fn marks_only_hit_lesions_of_their_unit() {
    let lesions = [lesion(1, 0.0, 3.0)];
    let marks = [mark(0, 0.0, 0.9), mark(1, 0.0, 0.1)];
    let m = match_marks(&marks, &lesions, HitRule::CentreWithinRadius);
    assert_eq!(m.lesion_of_mark, vec![None, Some(0)]);
    assert_eq!(m.extra, vec![false, false]);
}

fn run(marks: &[Mark], lesions: &[Lesion], clusters: &Clusters, reps: usize) -> Froc {
    let m = match_marks(marks, lesions, HitRule::CentreWithinRadius);
    froc(marks, &m, lesions, clusters, &RATES, reps, 7, 0.95)
}

#[test]
fn froc_points_count_fps_on_every_unit_and_skip_extra_marks() {
    // Unit 0: one lesion, hit at 0.9, an extra mark at 0.85 on it, a FP at 0.6.
    // Unit 1: lesion-free, a FP at 0.8. Unit 2: one lesion, missed; a FP at 0.6.
    let lesions = [lesion(0, 0.0, 3.0), lesion(2, 0.0, 3.0)];
    let marks = [
        mark(0, 0.0, 0.9),
        mark(0, 1.0, 0.85),
        mark(0, 50.0, 0.6),
        mark(1, 0.0, 0.8),
        mark(2, 50.0, 0.6),
    ];
    let f = run(&marks, &lesions, &Clusters::singletons(3), 0);
    let got: Vec<(f64, f64, f64)> = f
        .points
        .iter()
        .map(|p| (p.threshold, p.fp_per_unit, p.sensitivity))
        .collect();
    assert_eq!(
        got,
        vec![
            (f64::INFINITY, 0.0, 0.0),
            (0.9, 0.0, 0.5),
            (0.8, 1.0 / 3.0, 0.5),
            (0.6, 1.0, 0.5),
        ]
    );
    assert_eq!((f.units, f.lesions), (3, 2));
    // The curve reaches 0.5 at FP 0 already; rates up to 8 give 0.5 (beyond the end: the last).
    for s in &f.sensitivity_at {
        assert_eq!(s.sensitivity.estimate, 0.5, "at {}", s.fp_rate);
        assert!(s.sensitivity.ci_low.is_nan(), "0 replicates: NaN interval");
    }
    assert_eq!(f.cpm.estimate, 0.5);
}

#[test]
fn sensitivity_interpolates_from_the_origin_and_between_points() {
    // Two units, one lesion each. FP at 0.95 (unit 0), lesion 0 hit at 0.9, FP at 0.5, lesion 1 at 0.4.
    let lesions = [lesion(0, 0.0, 3.0), lesion(1, 0.0, 3.0)];
    let marks = [
        mark(0, 50.0, 0.95),
        mark(0, 0.0, 0.9),
        mark(1, 50.0, 0.5),
        mark(1, 0.0, 0.4),
    ];
    let f = run(&marks, &lesions, &Clusters::singletons(2), 0);
    // Curve: (0,0) (0.5,0) (0.5,0.5) (1,0.5) (1,1).
    let at = |r: f64| {
        f.sensitivity_at
            .iter()
            .find(|s| s.fp_rate == r)
            .unwrap()
            .sensitivity
            .estimate
    };
    assert_eq!(at(0.125), 0.0);
    assert_eq!(at(0.25), 0.0);
    // At a run of equal FP values the last (highest) sensitivity, as numpy.
    assert_eq!(at(0.5), 0.5);
    assert_eq!(at(1.0), 1.0);
    assert_eq!(at(8.0), 1.0);
    let expected = (0.0 + 0.0 + 0.5 + 1.0 + 1.0 + 1.0 + 1.0) / 7.0;
    assert!((f.cpm.estimate - expected).abs() < 1e-15);
}

#[test]
fn interp_matches_numpy_on_a_rising_segment() {
    // np.interp(0.3, [0, 0.5, 1], [0, 0.4, 0.6]) = 0.24
    assert!((interp(0.3, &[0.0, 0.5, 1.0], &[0.0, 0.4, 0.6]) - 0.24).abs() < 1e-15);
    assert_eq!(interp(-1.0, &[0.0, 1.0], &[0.2, 0.6]), 0.2);
    assert_eq!(interp(2.0, &[0.0, 1.0], &[0.2, 0.6]), 0.6);
    assert!(interp(0.5, &[], &[]).is_nan());
}

#[test]
fn no_marks_gives_zero_sensitivity_and_no_lesions_gives_nan_without_panic() {
    let lesions = [lesion(0, 0.0, 3.0)];
    let f = run(&[], &lesions, &Clusters::from_keys(&["a", "b"]), 50);
    assert_eq!(f.points.len(), 1);
    assert_eq!(f.cpm.estimate, 0.0);
    assert_eq!((f.cpm.ci_low, f.cpm.ci_high), (0.0, 0.0));

    let marks = [mark(0, 0.0, 0.3), mark(1, 0.0, 0.2)];
    let f = run(&marks, &[], &Clusters::from_keys(&["a", "b"]), 50);
    assert_eq!(f.points.len(), 3);
    assert_eq!(f.points[2].fp_per_unit, 1.0);
    assert!(f.points[2].sensitivity.is_nan());
    assert!(f.cpm.estimate.is_nan() && f.cpm.ci_low.is_nan() && f.cpm.ci_high.is_nan());
    assert_eq!(
        f.replicates_without_lesions, 0,
        "no bootstrap without lesions"
    );

    let f = run(&[], &[], &Clusters::default(), 50);
    assert!(f.cpm.estimate.is_nan());
}

#[test]
fn one_patient_gives_nan_intervals() {
    let lesions = [lesion(0, 0.0, 3.0), lesion(1, 0.0, 3.0)];
    let marks = [mark(0, 0.0, 0.9)];
    let f = run(&marks, &lesions, &Clusters::from_keys(&["p", "p"]), 100);
    assert_eq!(f.cpm.estimate, 0.5);
    assert!(f.cpm.ci_low.is_nan() && f.cpm.ci_high.is_nan());
}

#[test]
fn a_unit_with_only_false_positives() {
    let lesions = [lesion(0, 0.0, 3.0)];
    let marks = [mark(1, 0.0, 0.9), mark(1, 5.0, 0.8), mark(0, 0.0, 0.1)];
    let f = run(&marks, &lesions, &Clusters::singletons(2), 0);
    assert_eq!(f.points[1].fp_per_unit, 0.5);
    assert_eq!(f.points[2].fp_per_unit, 1.0);
    assert_eq!(f.points[3].sensitivity, 1.0);
    // Sensitivity 0 until FP 1 per unit, then 1: at 0.5 → 0 (still on the FP run), at 1 → 1.
    assert_eq!(f.sensitivity_at[2].sensitivity.estimate, 0.0);
    assert_eq!(f.sensitivity_at[3].sensitivity.estimate, 1.0);
}

#[test]
fn a_tp_and_a_fp_with_the_same_score_make_one_point() {
    let lesions = [lesion(0, 0.0, 3.0)];
    let marks = [mark(0, 50.0, 0.7), mark(0, 0.0, 0.7), mark(1, 0.0, 0.2)];
    let f = run(&marks, &lesions, &Clusters::singletons(2), 0);
    let got: Vec<(f64, f64, f64)> = f
        .points
        .iter()
        .map(|p| (p.threshold, p.fp_per_unit, p.sensitivity))
        .collect();
    assert_eq!(
        got,
        vec![(f64::INFINITY, 0.0, 0.0), (0.7, 0.5, 1.0), (0.2, 1.0, 1.0)]
    );
    // From the origin straight to (0.5, 1): at 0.25 FP per unit, half way.
    assert_eq!(f.sensitivity_at[1].sensitivity.estimate, 0.5);
}

#[test]
fn replicates_without_lesions_are_counted_and_left_out() {
    // Patient a: one lesion, hit; patients b and c: lesion-free with a FP each. About 30% of
    // replicates draw no a.
    let lesions = [lesion(0, 0.0, 3.0)];
    let marks = [mark(0, 0.0, 0.9), mark(1, 0.0, 0.5), mark(2, 0.0, 0.4)];
    let f = run(
        &marks,
        &lesions,
        &Clusters::from_keys(&["a", "b", "c"]),
        400,
    );
    assert!(
        (60..180).contains(&f.replicates_without_lesions),
        "{}",
        f.replicates_without_lesions
    );
    // Every replicate with a lesion finds it at FP 0: sensitivity 1 everywhere.
    assert_eq!(
        (f.cpm.estimate, f.cpm.ci_low, f.cpm.ci_high),
        (1.0, 1.0, 1.0)
    );
}

#[test]
fn the_origin_threshold_is_written_as_null_and_nan_estimates_too() {
    let f = run(&[], &[], &Clusters::singletons(1), 0);
    let json = serde_json::to_value(&f).unwrap();
    assert!(json["points"][0]["threshold"].is_null());
    assert_eq!(json["points"][0]["fp_per_unit"], 0.0);
    assert!(json["cpm"]["estimate"].is_null());
    assert_eq!(json["sensitivity_at"][0]["fp_rate"], 0.125);
    assert!(json["sensitivity_at"][0]["ci_low"].is_null(), "flattened");
}
