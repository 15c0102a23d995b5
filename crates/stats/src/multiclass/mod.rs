//! Figures of a model that scores several findings or classes per unit: the K×K confusion
//! matrix, Hand & Till's multi-class AUC, Cohen's kappa (unweighted, linear, quadratic), macro
//! and micro AUC over findings, each with a patient-bootstrap interval.
//!
//! CONTRACT (issue 17): signatures the engine builds on; proven against scikit-learn and pROC in
//! `crates/stats/tests/multiclass_peers.rs`.

use serde::{Deserialize, Serialize};

use crate::clustered::Clusters;
use crate::detection::Estimate;
use crate::roc::auc;

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
    pub weighted_kappa: Estimate,
    pub replicates: usize,
    pub seed: u64,
}

/// Every multi-class figure with its interval (`predicted` may come from an argmax of
/// `scores` or from the vendor's own category).
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
    let _ = (
        truth, predicted, scores, k, clusters, replicates, seed, confidence,
    );
    unimplemented!("issue 17: stats helper")
}

/// Macro and micro AUC with patient-bootstrap intervals.
pub fn macro_micro_auc_ci(
    labels: &[Vec<bool>],
    scores: &[Vec<f64>],
    clusters: &Clusters,
    replicates: usize,
    seed: u64,
    confidence: f64,
) -> (Estimate, Estimate) {
    let _ = (labels, scores, clusters, replicates, seed, confidence);
    unimplemented!("issue 17: stats helper")
}

#[cfg(test)]
mod tests;
