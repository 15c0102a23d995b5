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

/// A small cohort: 12 units of 3 classes from 6 patients (two units each), scores per class.
fn cohort() -> (Vec<usize>, Vec<usize>, Vec<f64>, Clusters) {
    let truth = vec![0, 0, 1, 1, 2, 2, 0, 1, 2, 0, 1, 2];
    let scores = rows(&[
        &[0.7, 0.2, 0.1],
        &[0.5, 0.3, 0.2],
        &[0.2, 0.6, 0.2],
        &[0.4, 0.4, 0.2],
        &[0.1, 0.3, 0.6],
        &[0.3, 0.3, 0.4],
        &[0.3, 0.5, 0.2],
        &[0.2, 0.2, 0.6],
        &[0.2, 0.5, 0.3],
        &[0.6, 0.1, 0.3],
        &[0.1, 0.7, 0.2],
        &[0.2, 0.2, 0.6],
    ]);
    let predicted: Vec<usize> = scores
        .chunks(3)
        .map(|s| (0..3).max_by(|&a, &b| s[a].total_cmp(&s[b])).unwrap())
        .collect();
    let keys: Vec<String> = (0..12).map(|u| format!("p{}", u / 2)).collect();
    (truth, predicted, scores, Clusters::from_keys(&keys))
}

/// The weighted sweeps of a replicate equal the figures recomputed on the explicit resample
/// (each unit repeated as often as its patient was drawn) from the same stream.
#[test]
fn replicate_equals_explicit_resample() {
    use crate::bootstrap::{draw_counts, replicate_rng};
    let (truth, predicted, scores, clusters) = cohort();
    let k = 3;
    let present = present_classes(&truth, k);
    let columns: Vec<bootstrap::Sorted> = (0..k)
        .map(|i| bootstrap::Sorted::new(&scores, |e| e % k == i))
        .collect();
    let labels: Vec<Vec<bool>> = (0..k)
        .map(|c| truth.iter().map(|&t| t == c).collect())
        .collect();
    let by_class: Vec<Vec<f64>> = (0..k)
        .map(|c| scores.chunks(k).map(|s| s[c]).collect())
        .collect();
    let mut compared = 0;
    for r in 0..200 {
        let mut w = vec![0u32; clusters.count];
        draw_counts(&mut replicate_rng(7, r), &mut w);
        let weight = |u: usize| u64::from(w[clusters.of[u] as usize]);
        let units: Vec<usize> = (0..truth.len())
            .flat_map(|u| std::iter::repeat_n(u, weight(u) as usize))
            .collect();
        let t: Vec<usize> = units.iter().map(|&u| truth[u]).collect();
        let p: Vec<usize> = units.iter().map(|&u| predicted[u]).collect();
        let s: Vec<f64> = units
            .iter()
            .flat_map(|&u| scores[u * k..u * k + k].iter().copied())
            .collect();
        let swept = hand_till_weighted(&truth, &present, &columns, k, &weight);
        if present_classes(&t, k).len() == 3 {
            assert!((swept - hand_till_auc(&t, &s, k)).abs() < 1e-12, "r {r}");
            compared += 1;
        } else {
            assert!(swept.is_nan(), "r {r}: a class is missing");
        }
        let mut counts = vec![vec![0u64; k]; k];
        for (u, (&a, &b)) in truth.iter().zip(&predicted).enumerate() {
            counts[a][b] += weight(u);
        }
        for wt in [Weights::None, Weights::Quadratic] {
            let a = kappa_of_counts(&counts, wt);
            let b = kappa(&t, &p, k, wt);
            assert!(a == b || (a - b).abs() < 1e-12 || (a.is_nan() && b.is_nan()));
        }
        for c in 0..k {
            let sorted = bootstrap::Sorted::new(&by_class[c], |_| true);
            let swept = sorted.auc(|u| Some(labels[c][u]), weight);
            let l: Vec<bool> = units.iter().map(|&u| labels[c][u]).collect();
            let sc: Vec<f64> = units.iter().map(|&u| by_class[c][u]).collect();
            let direct = auc(&l, &sc);
            assert!(swept == direct || (swept.is_nan() && direct.is_nan()));
        }
    }
    assert!(compared > 100, "{compared}");
}

#[test]
fn bootstrap_is_the_same_whatever_the_thread_count() {
    let (truth, predicted, scores, clusters) = cohort();
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| multiclass(&truth, &predicted, &scores, 3, &clusters, 500, 42, 0.95))
    };
    let one = run(1);
    assert_eq!(one, run(3));
    assert_eq!(one.replicates, 500);
    assert_eq!(
        one.hand_till_auc.estimate,
        hand_till_auc(&truth, &scores, 3)
    );
    assert_eq!(
        one.kappa.estimate,
        kappa(&truth, &predicted, 3, Weights::None)
    );
    assert_eq!(
        one.weighted_kappa.estimate,
        kappa(&truth, &predicted, 3, Weights::Quadratic)
    );
    for e in [one.hand_till_auc, one.kappa, one.weighted_kappa] {
        assert!(e.ci_low <= e.estimate && e.estimate <= e.ci_high, "{e:?}");
        assert!(e.ci_low < e.ci_high, "{e:?}");
    }
    // Another seed: another interval.
    let other = multiclass(&truth, &predicted, &scores, 3, &clusters, 500, 43, 0.95);
    assert_ne!(one.hand_till_auc.ci_low, other.hand_till_auc.ci_low);
}

#[test]
fn one_patient_or_no_replicate_gives_nan_intervals() {
    let (truth, predicted, scores, _) = cohort();
    let one_patient = Clusters::from_keys(&["p"; 12]);
    for (clusters, replicates) in [(one_patient, 200), (Clusters::singletons(12), 0)] {
        let m = multiclass(
            &truth, &predicted, &scores, 3, &clusters, replicates, 1, 0.95,
        );
        for e in [m.hand_till_auc, m.kappa, m.weighted_kappa] {
            assert!(!e.estimate.is_nan() && e.ci_low.is_nan() && e.ci_high.is_nan());
        }
        assert_eq!(m.skipped, MulticlassSkipped::default());
        let labels: Vec<Vec<bool>> = (0..3)
            .map(|c| truth.iter().map(|&t| t == c).collect())
            .collect();
        let s: Vec<Vec<f64>> = (0..3)
            .map(|c| scores.chunks(3).map(|r| r[c]).collect())
            .collect();
        let (ma, mi) = macro_micro_auc_ci(&labels, &s, &clusters, replicates, 1, 0.95);
        assert!(!ma.estimate.is_nan() && ma.ci_low.is_nan() && mi.ci_high.is_nan());
    }
}

/// A class held by one unit of one patient goes missing from about a third of the replicates
/// ((1 − 1/n)ⁿ): those are skipped for Hand & Till and counted, never averaged over 2 classes.
#[test]
fn replicates_missing_a_class_are_skipped_and_counted() {
    let truth = [0, 0, 0, 0, 1, 1, 1, 1, 2];
    let mut scores = Vec::new();
    for (u, &t) in truth.iter().enumerate() {
        let mut s = [0.2, 0.2, 0.2];
        s[t] = 0.5 + 0.03 * u as f64;
        scores.extend(s);
    }
    let predicted = [0, 1, 0, 0, 1, 1, 0, 1, 2];
    let clusters = Clusters::singletons(9);
    let m = multiclass(&truth, &predicted, &scores, 3, &clusters, 2000, 5, 0.95);
    let share = m.skipped.hand_till_auc as f64 / 2000.0;
    assert!((share - (8.0f64 / 9.0).powi(9)).abs() < 0.04, "{share}");
    // Perfectly separated in every replicate that has all classes.
    assert_eq!(
        (m.hand_till_auc.ci_low, m.hand_till_auc.ci_high),
        (1.0, 1.0)
    );
    // Macro: finding 2 is in the cohort's macro mean, so replicates without it are skipped.
    let labels: Vec<Vec<bool>> = (0..3)
        .map(|c| truth.iter().map(|&t| t == c).collect())
        .collect();
    let s: Vec<Vec<f64>> = (0..3)
        .map(|c| scores.chunks(3).map(|r| r[c]).collect())
        .collect();
    let mm = macro_micro_bootstrap(&labels, &s, &clusters, 2000, 5, 0.95);
    assert_eq!(mm.skipped_macro, m.skipped.hand_till_auc);
    assert_eq!(mm.skipped_micro, 0);
    assert!(mm.left_out.is_empty());
    // A finding without positives is left out, named, and does not skip replicates.
    let mut labels2 = labels.clone();
    labels2.push(vec![false; 9]);
    let mut s2 = s.clone();
    s2.push(vec![0.3; 9]);
    let mm2 = macro_micro_bootstrap(&labels2, &s2, &clusters, 2000, 5, 0.95);
    assert_eq!(mm2.left_out, vec![3]);
    assert_eq!(mm2.macro_auc.estimate, mm.macro_auc.estimate);
    assert_eq!(mm2.skipped_macro, mm.skipped_macro);
}

/// With every weight 1 the one-sweep directed AUCs give Hand & Till's M bit for bit, on scores
/// with many ties (rounded to a tenth) and a class absent.
#[test]
fn unit_weights_give_the_point_estimate_exactly() {
    let k = 4;
    let truth: Vec<usize> = (0..60).map(|u| [0, 1, 3][(u * 7 + u / 5) % 3]).collect();
    let scores: Vec<f64> = (0..60 * k)
        .map(|e| {
            let own = if e % k == truth[e / k] { 0.2 } else { 0.0 };
            ((e * 37 % 11) as f64 / 10.0 + own) * 10.0
        })
        .map(|s: f64| s.round() / 10.0)
        .collect();
    let present = present_classes(&truth, k);
    assert_eq!(present, vec![0, 1, 3]);
    let columns: Vec<bootstrap::Sorted> = (0..k)
        .map(|i| bootstrap::Sorted::new(&scores, |e| e % k == i))
        .collect();
    let m = hand_till_auc(&truth, &scores, k);
    assert!(m > 0.5 && m < 1.0, "{m}");
    assert_eq!(hand_till_weighted(&truth, &present, &columns, k, &|_| 1), m);
    // Doubling every weight is the same cohort twice: the same M.
    assert_eq!(hand_till_weighted(&truth, &present, &columns, k, &|_| 2), m);
}

#[test]
fn class_rates_equal_the_binary_clustered_rates_of_each_one_vs_rest_problem() {
    // 9 units of 4 patients, 3 classes; patients with several units of one class, so the
    // design effect is above 1 for some rates. Each class's rates must be what the binary
    // clustered path gives for "truth is c" scored by "predicted is c" at threshold 0.5.
    let truth = [0, 0, 1, 1, 2, 2, 2, 0, 1];
    let predicted = [0, 1, 1, 1, 2, 0, 0, 0, 2];
    let clusters = Clusters::from_keys(&["a", "a", "b", "b", "c", "c", "c", "d", "d"]);
    let rates = class_rates(&truth, &predicted, 3, &clusters, 0.95);
    for (c, r) in rates.iter().enumerate() {
        let labels: Vec<bool> = truth.iter().map(|&t| t == c).collect();
        let scores: Vec<f64> = predicted
            .iter()
            .map(|&p| f64::from(u8::from(p == c)))
            .collect();
        let b = crate::clustered::clustered_rates(&labels, &scores, 0.5, &clusters, 0.95);
        assert_eq!(r.sensitivity, b.sensitivity, "class {c} sensitivity");
        assert_eq!(r.specificity, b.specificity, "class {c} specificity");
    }
    // Class 2: 3 units of patient c, 1 predicted right: 1/3 with a design effect > 1 would be
    // the clustered case; here all of the class is one patient, so the variance is 0 … and
    // the interval must still be the binomial one (deff truncated at 1), not a point.
    let s = rates[2].sensitivity;
    assert_eq!((s.x, s.n, s.patients), (1, 3, 1));
    assert!(s.wilson[0] < 1.0 / 3.0 && s.wilson[1] > 1.0 / 3.0);
    // Class 0 specificity: units of classes 1, 2 (6 units over patients b, c, d) predicted
    // not 0: b 2/2, c 1/3, d 1/1 → 4/6, spread unevenly over patients, so deff > 1 and the
    // interval is wider than the units' Wilson interval.
    let sp = rates[0].specificity;
    assert_eq!((sp.x, sp.n), (4, 6));
    assert!(sp.design_effect > 1.0);
    let (lo, hi) = crate::intervals::wilson(4, 6, 0.95);
    assert!(sp.wilson[0] < lo && sp.wilson[1] > hi);
}

#[test]
fn class_rates_with_one_unit_per_patient_are_the_units_wilson_intervals() {
    let truth = [0, 1, 2, 0, 1, 2, 0];
    let predicted = [0, 1, 1, 0, 2, 2, 1];
    let rates = class_rates(&truth, &predicted, 3, &Clusters::singletons(7), 0.9);
    let (lo, hi) = crate::intervals::wilson(2, 3, 0.9);
    assert_eq!(rates[0].sensitivity.wilson, [lo, hi]);
    assert_eq!(rates[0].sensitivity.design_effect, 1.0);
}
