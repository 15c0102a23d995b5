//! Cohort figures of one structure from its per-case figures: mean and median with percentile
//! bootstrap intervals over patients, the share of cases within a clinical tolerance, and the
//! detection 2×2 table (structure present in the truth against found by the model).
//!
//! CONTRACT (issue 16): the types below are what the engine stores in report.json; the
//! functions are filled in by the statistics work and proven against peers.

use serde::{Deserialize, Serialize};

use crate::clustered::{ClusteredProportion, Clusters};
use crate::nullable;

/// Mean and median of one figure over the cases that have it, with percentile bootstrap
/// intervals that resample patients (every case of a drawn patient comes along).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FigureSummary {
    /// Cases with a finite value (the mean and median are over these).
    pub n: usize,
    /// Patients those cases come from.
    pub patients: usize,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub mean: f64,
    #[serde(with = "nullable::pair")]
    #[schemars(with = "[Option<f64>; 2]")]
    pub mean_ci: [f64; 2],
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub median: f64,
    #[serde(with = "nullable::pair")]
    #[schemars(with = "[Option<f64>; 2]")]
    pub median_ci: [f64; 2],
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub sd: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub min: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub max: f64,
    /// Bootstrap replicates and seed, to reproduce the intervals.
    pub replicates: usize,
    pub seed: u64,
}

/// Which side of a tolerance counts as within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Overlaps (Dice, IoU, NSD): a case is within when its value is at least the tolerance.
    AtLeast,
    /// Distances and volume errors: within when the value is at most the tolerance.
    AtMost,
}

/// The share of cases whose figure is within a tolerance, with intervals that account for
/// several cases per patient (`clustered::ratio_proportion`; with one case per patient these
/// are the Wilson and Clopper–Pearson intervals bit for bit).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ShareWithin {
    /// The figure's report.json name (`dice`, `hd95`, …).
    pub figure: String,
    pub tolerance: f64,
    pub direction: Direction,
    pub proportion: ClusteredProportion,
}

/// Structure present in the truth against present in the prediction, counted over cases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Detection {
    /// Truth present, prediction present.
    pub found: u64,
    /// Truth present, prediction empty.
    pub missed: u64,
    /// Truth empty, prediction present.
    pub false_alarm: u64,
    /// Both empty.
    pub both_empty: u64,
    /// found / (found + missed), clustered by patient.
    pub sensitivity: ClusteredProportion,
    /// both_empty / (both_empty + false_alarm), clustered by patient.
    pub specificity: ClusteredProportion,
}

/// Mean and median of `values` with patient-bootstrap intervals. NaN values (a figure left out
/// for a case) are not part of the summary and not counted in `n`; `clusters` gives the
/// patient of each value (same length as `values`).
pub fn summarize(
    values: &[f64],
    clusters: &Clusters,
    replicates: usize,
    seed: u64,
    confidence: f64,
) -> FigureSummary {
    let _ = (values, clusters, replicates, seed, confidence);
    todo!("issue 16: statistics helper")
}

/// The share of finite `values` within `tolerance` in `direction`, clustered by patient.
pub fn share_within(
    figure: &str,
    values: &[f64],
    tolerance: f64,
    direction: Direction,
    clusters: &Clusters,
    confidence: f64,
) -> ShareWithin {
    let _ = (figure, values, tolerance, direction, clusters, confidence);
    todo!("issue 16: statistics helper")
}

/// The detection table from each case's (truth present, prediction present).
pub fn detection(present: &[(bool, bool)], clusters: &Clusters, confidence: f64) -> Detection {
    let _ = (present, clusters, confidence);
    todo!("issue 16: statistics helper")
}
