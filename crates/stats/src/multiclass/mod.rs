//! Figures of a model that scores several findings or classes per unit: the K×K confusion
//! matrix, Hand & Till's multi-class AUC, Cohen's kappa (unweighted, linear, quadratic), macro
//! and micro AUC over findings, each with a patient-bootstrap interval.
//!
//! CONTRACT (issue 17): signatures the engine builds on; proven against scikit-learn and pROC in
//! `crates/stats/tests/multiclass_peers.rs`.

use serde::{Deserialize, Serialize};

use crate::clustered::Clusters;
use crate::detection::Estimate;

/// Agreement weights of Cohen's kappa.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Weights {
    None,
    Linear,
    Quadratic,
}

/// `counts[t][p]`: units of true class t predicted as p.
pub fn confusion(truth: &[usize], predicted: &[usize], k: usize) -> Vec<Vec<u64>> {
    let _ = (truth, predicted, k);
    unimplemented!("issue 17: stats helper")
}

/// Hand & Till (2001) M: the mean over class pairs of the pairwise AUCs, as pROC `multiclass.roc`.
/// `scores[i * k + c]` is unit i's score for class c.
pub fn hand_till_auc(truth: &[usize], scores: &[f64], k: usize) -> f64 {
    let _ = (truth, scores, k);
    unimplemented!("issue 17: stats helper")
}

/// Cohen's kappa as scikit-learn `cohen_kappa_score(weights=…)`.
pub fn kappa(truth: &[usize], predicted: &[usize], k: usize, weights: Weights) -> f64 {
    let _ = (truth, predicted, k, weights);
    unimplemented!("issue 17: stats helper")
}

/// Macro AUC (mean of per-finding AUCs) and micro AUC (one AUC over every unit × finding), as
/// scikit-learn `roc_auc_score(average=…)`. `labels[f]`, `scores[f]`: finding f over units.
pub fn macro_micro_auc(labels: &[Vec<bool>], scores: &[Vec<f64>]) -> (f64, f64) {
    let _ = (labels, scores);
    unimplemented!("issue 17: stats helper")
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
