//! What a multi-finding run computed (report.json `findings`, `findings_summary` and, for
//! multi-class, `multiclass`), as data below the code that computes it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::evaluation::BinaryEvaluation;
use crate::metrics::detection::Estimate;

/// The figures of a multi-label or multi-class product.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FindingsEvaluation {
    /// Per finding (one-vs-rest for classes), by `[[finding]] name`: a binary study's figures.
    pub findings: BTreeMap<String, BinaryEvaluation>,
    pub findings_summary: FindingsSummary,
    /// Multi-class only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multiclass: Option<MulticlassFigures>,
}

/// report.json `findings_summary`.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FindingsSummary {
    /// The findings in the plan's order (the order of tables, plots and ordinal scales).
    pub order: Vec<String>,
    pub macro_auc: Estimate,
    pub micro_auc: Estimate,
    /// Findings with fewer positives than `[findings] min_positives`: reported, not judged.
    pub insufficient: Vec<String>,
    /// Whether per-finding criteria were judged with Holm's step-down across findings.
    pub holm: bool,
    pub replicates: usize,
    pub seed: u64,
    /// Findings without both classes in the cohort: no AUC, left out of the macro mean.
    #[serde(default)]
    pub left_out_of_macro: Vec<String>,
    /// Bootstrap replicates left out of the macro / micro interval (a finding lacked a class).
    #[serde(default)]
    pub skipped_macro: usize,
    #[serde(default)]
    pub skipped_micro: usize,
}

/// report.json `multiclass`.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MulticlassFigures {
    /// `confusion[t][p]`: units of true class t (plan order) predicted as p.
    pub confusion: Vec<Vec<u64>>,
    pub hand_till_auc: Estimate,
    pub kappa: Estimate,
    /// Quadratic weights; reported when `[findings] ordinal = true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weighted_kappa: Option<Estimate>,
    /// How the predicted class was made: "argmax" or the column named.
    pub predicted: String,
    /// Bootstrap replicates left out of each interval (the figure was undefined in them).
    #[serde(default)]
    pub skipped: crate::metrics::multiclass::MulticlassSkipped,
    /// Per class (plan order), one-vs-rest from the predicted class.
    #[serde(default)]
    pub per_class: Vec<ClassFigures>,
}

/// One class against the rest, from the predicted class: sensitivity (its units predicted as
/// it) and specificity (other units predicted as another class), with patient-clustered Wilson
/// intervals (ratio estimator, Korn & Graubard).
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ClassFigures {
    pub class: String,
    /// Units of this class.
    pub n: u64,
    pub sensitivity: Estimate,
    pub specificity: Estimate,
}
