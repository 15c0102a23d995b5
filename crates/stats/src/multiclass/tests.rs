//! Edge cases and hand-computed values of the multi-class figures (the peers on real data are
//! in `crates/stats/tests/multiclass_peers.rs`).

use super::*;

#[test]
fn confusion_keeps_rows_and_columns_of_absent_classes() {
    let m = confusion(&[0, 0, 2, 2, 2], &[0, 2, 2, 2, 0], 4);
    assert_eq!(
        m,
        vec![
            vec![1, 0, 1, 0],
            vec![0, 0, 0, 0],
            vec![1, 0, 2, 0],
            vec![0, 0, 0, 0]
        ]
    );
}

#[test]
#[should_panic(expected = "class 3 is not in 0..3")]
fn a_class_outside_k_is_a_caller_bug() {
    confusion(&[0, 1], &[3, 1], 3);
}

#[test]
fn kappa_by_hand() {
    // O = [[1,1],[0,2]], margins rows (2,2) cols (1,3), N = 4: expected disagreement 2,
    // observed 1, κ = 0.5 (every weighting agrees with k = 2: |d| = d² = [t≠p]).
    for w in [Weights::None, Weights::Linear, Weights::Quadratic] {
        assert!((kappa(&[0, 0, 1, 1], &[0, 1, 1, 1], 2, w) - 0.5).abs() < 1e-15);
    }
    // Three ordered classes, one off-by-two error weighs 4× an off-by-one one when quadratic.
    let truth = [0, 0, 1, 1, 2, 2];
    let near = [0, 0, 1, 1, 2, 1];
    let far = [0, 0, 1, 1, 2, 0];
    let q_near = kappa(&truth, &near, 3, Weights::Quadratic);
    let q_far = kappa(&truth, &far, 3, Weights::Quadratic);
    assert!(q_near > q_far, "{q_near} {q_far}");
    assert_eq!(
        kappa(&truth, &near, 3, Weights::None),
        kappa(&truth, &far, 3, Weights::None)
    );
}

#[test]
fn perfect_agreement_is_one_and_a_single_shared_class_is_undefined() {
    let t = [0, 1, 2, 2, 1, 0, 3];
    for w in [Weights::None, Weights::Linear, Weights::Quadratic] {
        assert_eq!(kappa(&t, &t, 5, w), 1.0);
        assert!(kappa(&[1, 1, 1], &[1, 1, 1], 3, w).is_nan());
        assert!(kappa(&[], &[], 3, w).is_nan());
    }
}

#[test]
fn a_class_never_predicted_still_counts_in_kappa() {
    // Class 2 is in the truth but never predicted: its units are all disagreements.
    let truth = [0, 0, 1, 1, 2, 2];
    let predicted = [0, 0, 1, 1, 1, 1];
    let k = kappa(&truth, &predicted, 3, Weights::None);
    // O: rows (2,2,2), cols (2,4,0); observed disagreement 2; expected 6 − (2·2 + 2·4)/6 = 4.
    assert!((k - 0.5).abs() < 1e-15, "{k}");
    assert_eq!(confusion(&truth, &predicted, 3)[2], vec![0, 2, 0]);
}

/// Scores of unit i for classes 0..k, row-major.
fn rows(r: &[&[f64]]) -> Vec<f64> {
    r.iter().flat_map(|s| s.iter().copied()).collect()
}

#[test]
fn hand_till_with_two_classes_is_the_auc() {
    let truth = [0, 1, 1, 0, 1, 0, 0, 1];
    let p = [0.2, 0.7, 0.4, 0.4, 0.9, 0.1, 0.6, 0.3];
    let labels: Vec<bool> = truth.iter().map(|&t| t == 1).collect();
    let scores: Vec<f64> = p.iter().flat_map(|&p| [1.0 - p, p]).collect();
    assert_eq!(hand_till_auc(&truth, &scores, 2), auc(&labels, &p));
    // Non-complementary columns: the mean of the two directed AUCs.
    let own = [0.9, 0.1, 0.5, 0.5, 0.2, 0.8, 0.3, 0.4];
    let scores: Vec<f64> = p.iter().zip(&own).flat_map(|(&p, &o)| [o, p]).collect();
    let zero: Vec<bool> = labels.iter().map(|&l| !l).collect();
    let want = 0.5 * (auc(&labels, &p) + auc(&zero, &own));
    assert!((hand_till_auc(&truth, &scores, 2) - want).abs() < 1e-15);
}

#[test]
fn hand_till_by_hand_and_an_absent_class_is_left_out() {
    // Three classes, one unit each: every directed pair separates (1) except A(2|0) whose
    // column-2 scores tie (½): pairs {0,1}: 1, {0,2}: ¾, {1,2}: 1 → M = 11/12.
    let truth = [0, 1, 2];
    let scores = rows(&[&[0.8, 0.1, 0.3], &[0.1, 0.8, 0.1], &[0.1, 0.1, 0.3]]);
    assert!((hand_till_auc(&truth, &scores, 3) - 11.0 / 12.0).abs() < 1e-15);
    // A fourth class without units: same M (its column and its pairs are not used).
    let scores4 = rows(&[
        &[0.8, 0.1, 0.3, 0.9],
        &[0.1, 0.8, 0.1, 0.0],
        &[0.1, 0.1, 0.3, 0.5],
    ]);
    assert_eq!(
        hand_till_auc(&truth, &scores4, 4),
        hand_till_auc(&truth, &scores, 3)
    );
    // One class present: undefined.
    assert!(hand_till_auc(&[1, 1], &rows(&[&[0.5, 0.5], &[0.2, 0.8]]), 2).is_nan());
}

#[test]
fn macro_leaves_out_a_finding_with_one_class_and_micro_pools_everything() {
    let labels = vec![
        vec![true, false, true, false],
        vec![false, false, false, false],
        vec![true, true, false, false],
    ];
    let scores = vec![
        vec![0.9, 0.2, 0.6, 0.4],
        vec![0.3, 0.1, 0.2, 0.5],
        vec![0.5, 0.3, 0.4, 0.1],
    ];
    let per = finding_aucs(&labels, &scores);
    assert_eq!(per[0], 1.0);
    assert!(per[1].is_nan());
    assert_eq!(per[2], 0.75);
    let (macro_auc, micro_auc) = macro_micro_auc(&labels, &scores);
    assert_eq!(macro_auc, 0.875);
    let pooled_l: Vec<bool> = labels.iter().flatten().copied().collect();
    let pooled_s: Vec<f64> = scores.iter().flatten().copied().collect();
    assert_eq!(micro_auc, auc(&pooled_l, &pooled_s));
    // No finding with both classes: both undefined.
    let (m, u) = macro_micro_auc(&[vec![false, false]], &[vec![0.1, 0.2]]);
    assert!(m.is_nan() && u.is_nan());
}
