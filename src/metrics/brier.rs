//! Brier score: the mean squared error of the predicted probabilities.
//!
//! It is the one headline number that punishes miscalibration as well as poor ranking, which is
//! why a validation reports it next to the AUC.

use super::check_inputs;

/// Mean of (p − y)² with y = 1 for positives, as scikit-learn `brier_score_loss` and rms
/// `val.prob`. NaN for an empty cohort. Scores are taken as probabilities; values outside
/// [0, 1] are not clipped (the caller decides whether such a model output is acceptable).
pub fn brier(labels: &[bool], scores: &[f64]) -> f64 {
    check_inputs(labels, scores);
    let sum: f64 = labels
        .iter()
        .zip(scores)
        .map(|(&y, &p)| squared_error(y, p))
        .sum();
    sum / labels.len() as f64
}

/// (p − y)² for one case; shared with the bootstrap so both use the same arithmetic.
pub(crate) fn squared_error(label: bool, p: f64) -> f64 {
    let y = if label { 1.0 } else { 0.0 };
    (p - y) * (p - y)
}
