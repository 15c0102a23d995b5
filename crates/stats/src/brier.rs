//! Brier score: the mean squared error of the predicted probabilities.
//!
//! It is the one headline number that punishes miscalibration as well as poor ranking, which is
//! why a validation reports it next to the AUC.

use super::check_inputs;

/// How far outside [0, 1] a score may lie and still count as a probability (float rounding in
/// a model's softmax); the same tolerance as `evaluation::as_probabilities`.
pub const ROUNDING: f64 = 1e-6;

/// Mean of (p − y)² with y = 1 for positives, as scikit-learn `brier_score_loss` and rms
/// `val.prob`. NaN for an empty cohort. The arithmetic only: values outside [0, 1] are not
/// clipped. The evaluation reports it only when [`are_probabilities`] holds for the scores (a
/// 0–100 score's squared error would be judged as if it were a probability's: 2 500 for a
/// sure positive scored 50).
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

/// Every score in [0, 1] (within [`ROUNDING`]).
pub fn are_probabilities(scores: &[f64]) -> bool {
    scores
        .iter()
        .all(|s| (-ROUNDING..=1.0 + ROUNDING).contains(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_probabilities_within_rounding_only() {
        assert!(are_probabilities(&[0.9, 0.2, 0.0, 1.0]));
        assert!(are_probabilities(&[1.0 + 1e-9, -1e-9]));
        assert!(!are_probabilities(&[90.0, 20.0]));
        assert!(!are_probabilities(&[0.9, -0.1]));
        assert!(!are_probabilities(&[f64::NAN]));
    }
}
