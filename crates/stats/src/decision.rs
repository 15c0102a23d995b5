//! Decision-curve analysis: is acting on the model better than treating everyone or no one?
//!
//! AUC and calibration do not say whether using the model helps patients. Net benefit (Vickers &
//! Elkin, Med Decis Making 2006;26:565-574) does, in one unit: true positives per patient, with each
//! false positive charged at the exchange rate the clinician's threshold probability implies.

use super::nullable;
use serde::{Deserialize, Serialize};

use super::roc::roc_curve;

/// Net benefit of three strategies at one threshold probability.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NetBenefit {
    /// Threshold probability t: treating a patient is worth it when P(event) ≥ t, so one true
    /// positive is worth (1 − t)/t false positives.
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub threshold: f64,
    /// Treat the patients with `score >= threshold`: TP/n − FP/n · t/(1 − t).
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub model: f64,
    /// Treat everyone: prevalence − (1 − prevalence) · t/(1 − t).
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub treat_all: f64,
    /// Treat no one: 0 by definition (no benefit, no harm).
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub treat_none: f64,
}

/// The decision curve at each of `thresholds`, in the order given.
///
/// The model is read as a risk calculator: its score is compared with the threshold probability
/// directly (the project's `score >= threshold` rule), so the curve is only meaningful for
/// calibrated probabilities — which is why it is reported next to the calibration slope.
///
/// NaN for an empty cohort. Panics on non-finite scores or a threshold outside [0, 1): at t = 1
/// a false positive would cost infinitely much.
pub fn net_benefit(labels: &[bool], scores: &[f64], thresholds: &[f64]) -> Vec<NetBenefit> {
    // roc_curve validates the input and gives, per distinct score s, the counts with score >= s,
    // so each threshold costs one binary search instead of a pass over the cohort.
    let curve = roc_curve(labels, scores);
    let n = labels.len() as f64;
    let positives = curve[0].fn_ as f64; // at +∞ every positive is missed
    let prevalence = positives / n;
    thresholds
        .iter()
        .map(|&t| {
            assert!(
                (0.0..1.0).contains(&t),
                "threshold probability {t} is outside [0, 1)"
            );
            let odds = t / (1.0 - t);
            // Thresholds descend along the curve; the last point with threshold >= t holds the
            // counts for `score >= t` (the +∞ point always qualifies: nothing flagged).
            let k = curve.partition_point(|p| p.threshold >= t) - 1;
            let (tp, fp) = (curve[k].tp as f64, curve[k].fp as f64);
            NetBenefit {
                threshold: t,
                model: tp / n - fp / n * odds,
                treat_all: prevalence - (1.0 - prevalence) * odds,
                treat_none: 0.0,
            }
        })
        .collect()
}
