//! Figures of a model that scores several findings or classes per unit: the K×K confusion
//! matrix, Hand & Till's multi-class AUC, Cohen's kappa (unweighted, linear, quadratic), macro
//! and micro AUC over findings, each with a patient-bootstrap interval.
//!
//! CONTRACT (issue 17): signatures the engine builds on; proven against scikit-learn and pROC in
//! `crates/stats/tests/multiclass_peers.rs` (wine, digits, aSAH; to 1e-9, and the bootstrap
//! against an independent numpy patient bootstrap within Monte-Carlo error).
//!
//! Conventions, each stated where it is decided:
//! * every AUC is [`auc`]: ties count ½, higher score = more likely the class/finding;
//! * Hand & Till = pROC `multiclass.roc(response, matrix)`: column i for class i against j; a
//!   class absent from the truth is left out (pROC drops the empty level) — [`hand_till_auc`];
//! * kappa = scikit-learn `cohen_kappa_score(labels = 0..k)`, NaN when the expected
//!   disagreement is 0; `weighted_kappa` is quadratic — [`kappa`];
//! * macro leaves out (NaN) a finding without both classes, where scikit-learn raises; micro
//!   pools every unit × finding as scikit-learn does — [`macro_micro_auc`];
//! * intervals: percentile (type 7) over patient-bootstrap replicates seeded by (seed, r);
//!   replicates in which a figure is undefined are skipped and counted — [`multiclass`],
//!   [`macro_micro_bootstrap`].
//!
//! Holm across findings needs nothing new: `crate::compare::holm` already treats a NaN p-value
//! (a finding left out) as not tested, outside the family.

use serde::{Deserialize, Serialize};

use crate::clustered::Clusters;
use crate::detection::Estimate;
use crate::roc::auc;
use crate::watch::{Cancelled, Unwatched, Watch, unwatched};

mod bootstrap;

/// Agreement weights of Cohen's kappa.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Weights {
    None,
    Linear,
    Quadratic,
}

/// `counts[t][p]`: units of true class t predicted as p, over classes `0..k` (a class that no
/// unit has, in the truth or the prediction, keeps its row and column of zeros, as
/// scikit-learn `confusion_matrix(labels=range(k))`).
///
/// # Panics
/// On mismatched lengths or a class ≥ k (the caller maps categories to `0..k` and rejects
/// unknown ones at input, naming the row).
pub fn confusion(truth: &[usize], predicted: &[usize], k: usize) -> Vec<Vec<u64>> {
    check_classes(truth, predicted, k);
    let mut counts = vec![vec![0u64; k]; k];
    for (&t, &p) in truth.iter().zip(predicted) {
        counts[t][p] += 1;
    }
    counts
}

/// Hand & Till (2001) M: the mean over class pairs of the pairwise AUCs, as pROC `multiclass.roc`.
/// `scores[i * k + c]` is unit i's score for class c.
///
/// For each unordered pair {i, j} of classes, A(i|j) is the AUC of column i (the score for
/// class i) separating the units of class i (higher expected) from the units of class j, ties
/// counting ½ ([`auc`]); the pair contributes (A(i|j) + A(j|i)) / 2 and M is the mean over the
/// pairs. This is pROC 1.18 `multiclass.roc(response, predictor = matrix)`
/// (`compute.pair.AUC` with its default `direction = ">"`: controls are class i, whose own
/// column is expected higher), which is Hand & Till's  Â(i, j) = (Â(i|j) + Â(j|i)) / 2.
///
/// CONVENTION (absent class): a class no unit has in the truth has no pairwise AUC; it is left
/// out and M is the mean over the pairs of the c classes present, as pROC does for a factor
/// level without observations (it warns and drops the level). Fewer than 2 classes present:
/// NaN. With k = 2 (both present) M is the AUC of column 1 for class 1 against class 0 when the
/// columns are complementary (tested).
///
/// # Panics
/// If `scores.len() != truth.len() * k`, on a class ≥ k or on a non-finite score.
pub fn hand_till_auc(truth: &[usize], scores: &[f64], k: usize) -> f64 {
    check_scores(truth, scores, k);
    let present = present_classes(truth, k);
    if present.len() < 2 {
        return f64::NAN;
    }
    let mut total = 0.0;
    let mut pairs = 0usize;
    for (a, &i) in present.iter().enumerate() {
        for &j in &present[a + 1..] {
            total += 0.5 * (pair_auc(truth, scores, k, i, j) + pair_auc(truth, scores, k, j, i));
            pairs += 1;
        }
    }
    total / pairs as f64
}

/// A(i|j): the AUC of column i, units of class i (positives) against units of class j.
fn pair_auc(truth: &[usize], scores: &[f64], k: usize, i: usize, j: usize) -> f64 {
    let (mut labels, mut column) = (Vec::new(), Vec::new());
    for (u, &t) in truth.iter().enumerate() {
        if t == i || t == j {
            labels.push(t == i);
            column.push(scores[u * k + i]);
        }
    }
    auc(&labels, &column)
}

/// The classes in `0..k` that at least one unit has in the truth, ascending.
fn present_classes(truth: &[usize], k: usize) -> Vec<usize> {
    let mut seen = vec![false; k];
    for &t in truth {
        seen[t] = true;
    }
    (0..k).filter(|&c| seen[c]).collect()
}

/// Cohen's kappa as scikit-learn `cohen_kappa_score(weights=…)`.
///
/// κ = 1 − Σ wₜₚ Oₜₚ / Σ wₜₚ Eₜₚ over the k×k [`confusion`] matrix O of classes `0..k` (classes
/// absent from both sides included, as `labels=range(k)`), E the product of its margins over N,
/// and disagreement weights w = 1 − [t = p] (None), |t − p| (Linear) or (t − p)² (Quadratic),
/// the class indices being the ordinal scale for the weighted forms.
///
/// CONVENTION: undefined (NaN) when there are no units or when the expected disagreement is 0
/// (both sides put every unit in one and the same class), as scikit-learn's default
/// `replace_undefined_by=nan`. Perfect agreement over ≥ 2 classes is 1.
///
/// # Panics
/// On mismatched lengths or a class ≥ k.
pub fn kappa(truth: &[usize], predicted: &[usize], k: usize, weights: Weights) -> f64 {
    kappa_of_counts(&confusion(truth, predicted, k), weights)
}

/// κ of a confusion matrix (counts may be bootstrap-weighted).
fn kappa_of_counts(counts: &[Vec<u64>], weights: Weights) -> f64 {
    let k = counts.len();
    let rows: Vec<f64> = counts
        .iter()
        .map(|r| r.iter().sum::<u64>() as f64)
        .collect();
    let cols: Vec<f64> = (0..k)
        .map(|p| counts.iter().map(|r| r[p]).sum::<u64>() as f64)
        .collect();
    let n: f64 = rows.iter().sum();
    if n == 0.0 {
        return f64::NAN;
    }
    let weight = |t: usize, p: usize| -> f64 {
        let d = t.abs_diff(p) as f64;
        match weights {
            Weights::None => f64::from(u8::from(t != p)),
            Weights::Linear => d,
            Weights::Quadratic => d * d,
        }
    };
    let (mut observed, mut expected) = (0.0, 0.0);
    for t in 0..k {
        for p in 0..k {
            let w = weight(t, p);
            observed += w * counts[t][p] as f64;
            expected += w * rows[t] * cols[p] / n;
        }
    }
    if expected == 0.0 {
        return f64::NAN;
    }
    1.0 - observed / expected
}

/// Macro AUC (mean of per-finding AUCs) and micro AUC (one AUC over every unit × finding), as
/// scikit-learn `roc_auc_score(average=…)`. `labels[f]`, `scores[f]`: finding f over units.
///
/// Each AUC is [`auc`] (ties ½). Micro pools every (unit, finding) pair of every finding into
/// one AUC, as scikit-learn ravels the indicator matrix.
///
/// CONVENTION (finding with one class): scikit-learn raises for `average="macro"` when a finding
/// has no positive or no negative unit. We give that finding a NaN AUC ([`finding_aucs`]) and
/// leave it out of the macro mean (the caller counts and shows it); it still takes part in the
/// micro AUC, whose pooled pairs do not need each finding to have both classes. No finding
/// with both classes: macro NaN; no positive or no negative pair at all: micro NaN.
///
/// # Panics
/// If `labels` and `scores` differ in findings or a finding's lengths differ, or on a
/// non-finite score.
pub fn macro_micro_auc(labels: &[Vec<bool>], scores: &[Vec<f64>]) -> (f64, f64) {
    let per_finding = finding_aucs(labels, scores);
    let defined: Vec<f64> = per_finding.into_iter().filter(|a| !a.is_nan()).collect();
    let macro_auc = if defined.is_empty() {
        f64::NAN
    } else {
        defined.iter().sum::<f64>() / defined.len() as f64
    };
    let pooled_labels: Vec<bool> = labels.iter().flatten().copied().collect();
    let pooled_scores: Vec<f64> = scores.iter().flatten().copied().collect();
    (macro_auc, auc(&pooled_labels, &pooled_scores))
}

/// Each finding's AUC; NaN for a finding without both classes (left out of the macro mean).
///
/// # Panics
/// As [`macro_micro_auc`].
pub fn finding_aucs(labels: &[Vec<bool>], scores: &[Vec<f64>]) -> Vec<f64> {
    assert_eq!(labels.len(), scores.len(), "one score list per finding");
    labels.iter().zip(scores).map(|(l, s)| auc(l, s)).collect()
}

fn check_classes(truth: &[usize], predicted: &[usize], k: usize) {
    assert_eq!(
        truth.len(),
        predicted.len(),
        "truth and predicted classes must have the same length"
    );
    if let Some(c) = truth.iter().chain(predicted).find(|&&c| c >= k) {
        panic!("class {c} is not in 0..{k}; map and reject it at input");
    }
}

fn check_scores(truth: &[usize], scores: &[f64], k: usize) {
    assert_eq!(scores.len(), truth.len() * k, "k scores per unit");
    check_classes(truth, truth, k);
    if let Some(i) = scores.iter().position(|s| !s.is_finite()) {
        panic!(
            "score #{i} is not finite ({}); reject it at input",
            scores[i]
        );
    }
}

/// The multi-class figures with patient-bootstrap intervals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Multiclass {
    pub confusion: Vec<Vec<u64>>,
    pub hand_till_auc: Estimate,
    pub kappa: Estimate,
    /// Quadratic weights (the ordinal agreement).
    pub weighted_kappa: Estimate,
    pub replicates: usize,
    pub seed: u64,
    /// Replicates left out of each interval because the figure was undefined in them.
    pub skipped: MulticlassSkipped,
}

/// Bootstrap replicates where a figure was undefined, per figure (nothing dropped silently).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct MulticlassSkipped {
    /// A class of the cohort's truth had no unit in the replicate.
    pub hand_till_auc: usize,
    /// Expected disagreement 0 (one class on both sides).
    pub kappa: usize,
    pub weighted_kappa: usize,
}

/// Every multi-class figure with its interval (`predicted` may come from an argmax of
/// `scores` or from the vendor's own category).
///
/// Intervals: percentile (type 7) over patient-bootstrap replicates. Replicate r draws as many
/// patients as the cohort has, with replacement, from the stream of (seed, r) alone (so the
/// result does not depend on the thread count), and every unit of a drawn patient comes along
/// (Davison & Hinkley 1997, §3.8). Not stratified: a class may go missing in a replicate.
///
/// CONVENTION (undefined replicates): a replicate in which a figure is undefined is left out of
/// that figure's interval and counted in `skipped`: for Hand & Till, when a class present in
/// the cohort's truth has no unit in the replicate (M over fewer classes would be another
/// figure); for kappa, when the expected disagreement is 0. The interval is NaN when the
/// estimate is undefined, with fewer than 2 patients, with 0 replicates, or when every
/// replicate was skipped.
///
/// # Panics
/// On inconsistent lengths, a class ≥ k or a non-finite score (caller bugs; bad input is
/// rejected where it is read).
#[allow(clippy::too_many_arguments)]
pub fn multiclass(
    truth: &[usize],
    predicted: &[usize],
    scores: &[f64],
    k: usize,
    clusters: &Clusters,
    replicates: usize,
    seed: u64,
    confidence: f64,
) -> Multiclass {
    unwatched(multiclass_watched(
        truth, predicted, scores, k, clusters, replicates, seed, confidence, &Unwatched,
    ))
}

/// [`multiclass`] asking `watch` before each replicate whether to stop: the same result when
/// it does not, [`Cancelled`] when it does.
#[allow(clippy::too_many_arguments)]
pub fn multiclass_watched(
    truth: &[usize],
    predicted: &[usize],
    scores: &[f64],
    k: usize,
    clusters: &Clusters,
    replicates: usize,
    seed: u64,
    confidence: f64,
    watch: &dyn Watch,
) -> Result<Multiclass, Cancelled> {
    check_classes(truth, predicted, k);
    check_scores(truth, scores, k);
    assert_eq!(truth.len(), clusters.units(), "one patient per unit");
    let confusion = confusion(truth, predicted, k);
    let point = [
        hand_till_auc(truth, scores, k),
        kappa_of_counts(&confusion, Weights::None),
        kappa_of_counts(&confusion, Weights::Quadratic),
    ];
    let present = present_classes(truth, k);
    // Column i sorted once, over the units of present classes (all units).
    let columns: Vec<bootstrap::Sorted> = (0..k)
        .map(|i| {
            if present.contains(&i) {
                bootstrap::Sorted::new(scores, |e| e % k == i)
            } else {
                bootstrap::Sorted::new(&[], |_| false)
            }
        })
        .collect();
    let run = clusters.count >= 2 && replicates > 0;
    let values: Vec<[f64; 3]> = if run {
        crate::bootstrap::patient_replicates(clusters.count, replicates, seed, watch, |w| {
            let weight = |u: usize| u64::from(w[clusters.of[u] as usize]);
            let mut figures = [f64::NAN; 3];
            if !point[0].is_nan() {
                figures[0] = hand_till_weighted(truth, &present, &columns, k, &weight);
            }
            let mut counts = vec![vec![0u64; k]; k];
            for (u, (&t, &p)) in truth.iter().zip(predicted).enumerate() {
                counts[t][p] += weight(u);
            }
            if !point[1].is_nan() {
                figures[1] = kappa_of_counts(&counts, Weights::None);
            }
            if !point[2].is_nan() {
                figures[2] = kappa_of_counts(&counts, Weights::Quadratic);
            }
            figures
        })?
    } else {
        Vec::new()
    };
    let mut skipped = [0usize; 3];
    let estimates: Vec<Estimate> = (0..3)
        .map(|f| {
            let (ci, s) = bootstrap::percentile(values.iter().map(|v| v[f]), confidence);
            skipped[f] = if point[f].is_nan() { 0 } else { s };
            Estimate {
                estimate: point[f],
                ci_low: ci[0],
                ci_high: ci[1],
            }
        })
        .collect();
    Ok(Multiclass {
        confusion,
        hand_till_auc: estimates[0],
        kappa: estimates[1],
        weighted_kappa: estimates[2],
        replicates,
        seed,
        skipped: MulticlassSkipped {
            hand_till_auc: skipped[0],
            kappa: skipped[1],
            weighted_kappa: skipped[2],
        },
    })
}

/// Hand & Till M of a replicate (units weighted by their patient's draws); NaN when a class of
/// `present` weighs 0. `columns[i]` holds the entries u·k + i sorted by score.
fn hand_till_weighted(
    truth: &[usize],
    present: &[usize],
    columns: &[bootstrap::Sorted],
    k: usize,
    weight: &impl Fn(usize) -> u64,
) -> f64 {
    let mut directed = vec![Vec::new(); k];
    for &i in present {
        directed[i] = columns[i].directed_aucs(i, k, |e| truth[e / k], |e| weight(e / k));
    }
    let mut total = 0.0;
    let mut pairs = 0usize;
    for (a, &i) in present.iter().enumerate() {
        for &j in &present[a + 1..] {
            total += 0.5 * (directed[i][j] + directed[j][i]);
            pairs += 1;
        }
    }
    total / pairs as f64
}

/// Macro and micro AUC with their patient-bootstrap intervals and what was left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MacroMicro {
    pub macro_auc: Estimate,
    pub micro_auc: Estimate,
    /// Findings without both classes in the cohort: NaN AUC, not in the macro mean.
    pub left_out: Vec<usize>,
    /// Replicates in which a finding of the macro mean lacked a class (macro undefined there).
    pub skipped_macro: usize,
    /// Replicates without a positive or without a negative pair.
    pub skipped_micro: usize,
    pub replicates: usize,
    pub seed: u64,
}

/// Macro and micro AUC with patient-bootstrap intervals.
///
/// See [`macro_micro_bootstrap`] for the conventions; this keeps the contract's shape.
pub fn macro_micro_auc_ci(
    labels: &[Vec<bool>],
    scores: &[Vec<f64>],
    clusters: &Clusters,
    replicates: usize,
    seed: u64,
    confidence: f64,
) -> (Estimate, Estimate) {
    let m = macro_micro_bootstrap(labels, scores, clusters, replicates, seed, confidence);
    (m.macro_auc, m.micro_auc)
}

/// Macro and micro AUC ([`macro_micro_auc`]) with percentile intervals over patient-bootstrap
/// replicates drawn as in [`multiclass`].
///
/// CONVENTION (undefined replicates): the macro mean of a replicate is over the same findings
/// as the cohort's (those with both classes); a replicate in which one of them lacks a class
/// is left out of the macro interval and counted (`skipped_macro`) rather than averaged over
/// fewer findings. A replicate without a positive or a negative pair is left out of the micro
/// interval (`skipped_micro`). NaN intervals as in [`multiclass`].
///
/// # Panics
/// As [`macro_micro_auc`], and if `clusters` does not have one patient per unit.
pub fn macro_micro_bootstrap(
    labels: &[Vec<bool>],
    scores: &[Vec<f64>],
    clusters: &Clusters,
    replicates: usize,
    seed: u64,
    confidence: f64,
) -> MacroMicro {
    unwatched(macro_micro_bootstrap_watched(
        labels, scores, clusters, replicates, seed, confidence, &Unwatched,
    ))
}

/// [`macro_micro_bootstrap`] asking `watch` before each replicate whether to stop: the same
/// result when it does not, [`Cancelled`] when it does.
pub fn macro_micro_bootstrap_watched(
    labels: &[Vec<bool>],
    scores: &[Vec<f64>],
    clusters: &Clusters,
    replicates: usize,
    seed: u64,
    confidence: f64,
    watch: &dyn Watch,
) -> Result<MacroMicro, Cancelled> {
    let per_finding = finding_aucs(labels, scores);
    let (macro_auc, micro_auc) = macro_micro_auc(labels, scores);
    let n = clusters.units();
    for (l, s) in labels.iter().zip(scores) {
        assert!(l.len() == n && s.len() == n, "one label and score per unit");
    }
    let left_out: Vec<usize> = (0..labels.len())
        .filter(|&f| per_finding[f].is_nan())
        .collect();
    let kept: Vec<usize> = (0..labels.len())
        .filter(|&f| !per_finding[f].is_nan())
        .collect();
    let by_finding: Vec<bootstrap::Sorted> = scores
        .iter()
        .map(|s| bootstrap::Sorted::new(s, |_| true))
        .collect();
    let pooled_scores: Vec<f64> = scores.iter().flatten().copied().collect();
    let pooled_labels: Vec<bool> = labels.iter().flatten().copied().collect();
    let pooled = bootstrap::Sorted::new(&pooled_scores, |_| true);
    let run = clusters.count >= 2 && replicates > 0;
    let values: Vec<[f64; 2]> = if run {
        crate::bootstrap::patient_replicates(clusters.count, replicates, seed, watch, |w| {
            let weight = |u: usize| u64::from(w[clusters.of[u] as usize]);
            let mut m = f64::NAN;
            if !macro_auc.is_nan() {
                let mut sum = 0.0;
                for &f in &kept {
                    sum += by_finding[f].auc(|u| Some(labels[f][u]), weight);
                }
                m = sum / kept.len() as f64;
            }
            let u = if micro_auc.is_nan() {
                f64::NAN
            } else {
                pooled.auc(|e| Some(pooled_labels[e]), |e| weight(e % n))
            };
            [m, u]
        })?
    } else {
        Vec::new()
    };
    let (macro_ci, skipped_macro) = bootstrap::percentile(values.iter().map(|v| v[0]), confidence);
    let (micro_ci, skipped_micro) = bootstrap::percentile(values.iter().map(|v| v[1]), confidence);
    Ok(MacroMicro {
        macro_auc: Estimate {
            estimate: macro_auc,
            ci_low: macro_ci[0],
            ci_high: macro_ci[1],
        },
        micro_auc: Estimate {
            estimate: micro_auc,
            ci_low: micro_ci[0],
            ci_high: micro_ci[1],
        },
        left_out,
        skipped_macro: if macro_auc.is_nan() { 0 } else { skipped_macro },
        skipped_micro: if micro_auc.is_nan() { 0 } else { skipped_micro },
        replicates,
        seed,
    })
}

/// One class's one-vs-rest rates from the predicted class.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ClassRates {
    /// Units of the class predicted as it.
    pub sensitivity: crate::clustered::ClusteredProportion,
    /// Units of the other classes predicted as another class than this one.
    pub specificity: crate::clustered::ClusteredProportion,
}

/// Per class, sensitivity and specificity one-vs-rest from the predicted class, each with the
/// patient-clustered ratio estimator and its Korn & Graubard intervals
/// ([`crate::clustered::ratio_proportion`]), as a binary study's sensitivity and specificity are:
/// a patient with several units of one class counts once in the variance, not once per unit.
pub fn class_rates(
    truth: &[usize],
    predicted: &[usize],
    k: usize,
    clusters: &Clusters,
    confidence: f64,
) -> Vec<ClassRates> {
    check_classes(truth, predicted, k);
    assert_eq!(truth.len(), clusters.units(), "one patient per unit");
    use crate::confusion::Proportion;
    (0..k)
        .map(|c| {
            let mut sens = vec![Proportion { x: 0, n: 0 }; clusters.count];
            let mut spec = vec![Proportion { x: 0, n: 0 }; clusters.count];
            for (u, (&t, &p)) in truth.iter().zip(predicted).enumerate() {
                let patient = clusters.of[u] as usize;
                if t == c {
                    sens[patient].n += 1;
                    sens[patient].x += u64::from(p == c);
                } else {
                    spec[patient].n += 1;
                    spec[patient].x += u64::from(p != c);
                }
            }
            ClassRates {
                sensitivity: crate::clustered::ratio_proportion(&sens, confidence),
                specificity: crate::clustered::ratio_proportion(&spec, confidence),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
