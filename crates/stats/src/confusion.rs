//! The confusion matrix at one operating threshold, and the proportions read from it.
//!
//! Proportions are kept as counts (`x` of `n`) rather than as ratios, because the confidence
//! intervals (Wilson, Clopper–Pearson) need the counts and a report should show them.

use serde::{Deserialize, Serialize};

use super::check_inputs;
use super::intervals::{clopper_pearson, wilson};

/// Counts of true/false positives/negatives at one threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Confusion {
    pub tp: u64,
    pub fp: u64,
    pub tn: u64,
    /// `fn` is a Rust keyword; serialised as `"fn"` to match the peers' tables.
    #[serde(rename = "fn")]
    pub fn_: u64,
}

/// `x` successes out of `n` trials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Proportion {
    pub x: u64,
    pub n: u64,
}

impl Proportion {
    /// x / n, or NaN when n == 0 (e.g. PPV when nothing is predicted positive): undefined, not 0.
    pub fn estimate(&self) -> f64 {
        if self.n == 0 {
            f64::NAN
        } else {
            self.x as f64 / self.n as f64
        }
    }

    /// Wilson score interval, see [`wilson`].
    pub fn wilson(&self, confidence: f64) -> (f64, f64) {
        wilson(self.x, self.n, confidence)
    }

    /// Exact (Clopper–Pearson) interval, see [`clopper_pearson`].
    pub fn clopper_pearson(&self, confidence: f64) -> (f64, f64) {
        clopper_pearson(self.x, self.n, confidence)
    }
}

impl Confusion {
    /// Confusion matrix when a case is called positive iff `score >= threshold`.
    ///
    /// CONVENTION: `>=` (not `>`). This is pROC's rule for direction "<" and the rule of
    /// scikit-learn's `roc_curve`, and it makes "threshold = an observed score" include that case.
    ///
    /// # Panics
    /// If the slices differ in length or a score is not finite (see the module docs).
    pub fn at_threshold(labels: &[bool], scores: &[f64], threshold: f64) -> Confusion {
        check_inputs(labels, scores);
        let mut c = Confusion {
            tp: 0,
            fp: 0,
            tn: 0,
            fn_: 0,
        };
        for (&label, &score) in labels.iter().zip(scores) {
            let predicted_positive = score >= threshold;
            match (label, predicted_positive) {
                (true, true) => c.tp += 1,
                (false, true) => c.fp += 1,
                (false, false) => c.tn += 1,
                (true, false) => c.fn_ += 1,
            }
        }
        c
    }

    /// Sensitivity (recall, TPR) = tp / (tp + fn).
    pub fn sensitivity(&self) -> Proportion {
        Proportion {
            x: self.tp,
            n: self.tp + self.fn_,
        }
    }

    /// Specificity (TNR) = tn / (tn + fp).
    pub fn specificity(&self) -> Proportion {
        Proportion {
            x: self.tn,
            n: self.tn + self.fp,
        }
    }

    /// Positive predictive value (precision) = tp / (tp + fp).
    pub fn ppv(&self) -> Proportion {
        Proportion {
            x: self.tp,
            n: self.tp + self.fp,
        }
    }

    /// Negative predictive value = tn / (tn + fn).
    pub fn npv(&self) -> Proportion {
        Proportion {
            x: self.tn,
            n: self.tn + self.fn_,
        }
    }

    /// Accuracy = (tp + tn) / all.
    pub fn accuracy(&self) -> Proportion {
        Proportion {
            x: self.tp + self.tn,
            n: self.tp + self.fp + self.tn + self.fn_,
        }
    }
}
