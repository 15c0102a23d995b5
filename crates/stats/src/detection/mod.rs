//! Lesion-level figures of a detection product: marks matched to truth lesions by a hit
//! criterion, the FROC curve, sensitivity at stated false-positive rates, the competition
//! performance metric (CPM), and their patient-bootstrap intervals.
//!
//! CONTRACT (issue 17): these types and signatures are what the engine builds on; the bodies are
//! proven against MONAI's FROC functions and a plain LUNA16 implementation in
//! `crates/stats/tests/detection_peers.rs`.

use serde::{Deserialize, Serialize};

use crate::clustered::Clusters;
use crate::nullable;

/// A point (x, y, z) in mm (or pixels, when the plan says so); z = 0 for 2-D units.
pub type Point = [f64; 3];

/// An axis-aligned box: min corner, max corner (z equal for 2-D units).
pub type Box3 = [[f64; 3]; 2];

/// One mark of the model: where, how sure, and its extent when it has one.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// Index of the unit (scan, exam) in the cohort.
    pub unit: usize,
    pub centre: Point,
    pub score: f64,
    pub bbox: Option<Box3>,
}

/// One truth lesion.
#[derive(Debug, Clone, PartialEq)]
pub struct Lesion {
    pub unit: usize,
    pub centre: Point,
    /// Needed by [`HitRule::CentreWithinRadius`].
    pub radius: Option<f64>,
    /// Needed by [`HitRule::Iou`].
    pub bbox: Option<Box3>,
}

/// When a mark hits a lesion.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HitRule {
    /// The mark's centre lies within the lesion's radius (≤, LUNA16).
    CentreWithinRadius,
    /// The centres are at most this many mm apart.
    DistanceMm(f64),
    /// The boxes overlap with IoU ≥ this.
    Iou(f64),
}

/// The outcome of matching every mark of a cohort to its unit's lesions.
#[derive(Debug, Clone, PartialEq)]
pub struct Matching {
    /// Per mark: the lesion (index into the lesions given) it is counted as hitting; None when
    /// it is a false positive or a further mark on a lesion another mark hits (see `extra`).
    pub lesion_of_mark: Vec<Option<usize>>,
    /// Per mark: it hit a lesion that a higher-scoring mark already counts for; such marks are
    /// neither true nor false positives (LUNA16, MONAI), and are counted in the report.
    pub extra: Vec<bool>,
    /// Per lesion: the score of the mark counted for it (None: missed at every threshold).
    pub lesion_score: Vec<Option<f64>>,
}

/// One operating point of the FROC curve: marks with score ≥ `threshold` kept.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FrocPoint {
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub threshold: f64,
    /// False-positive marks per unit (every unit of the cohort in the denominator, lesion-free
    /// units included).
    pub fp_per_unit: f64,
    /// Lesions hit / lesions.
    pub sensitivity: f64,
}

/// An estimate with its percentile bootstrap interval over patients.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Estimate {
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub estimate: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub ci_low: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub ci_high: f64,
}

/// Sensitivity at one false-positive rate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SensitivityAt {
    pub fp_rate: f64,
    #[serde(flatten)]
    pub sensitivity: Estimate,
}

/// The FROC analysis of a cohort.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Froc {
    pub points: Vec<FrocPoint>,
    pub sensitivity_at: Vec<SensitivityAt>,
    /// Mean of `sensitivity_at` (the competition performance metric).
    pub cpm: Estimate,
    pub units: usize,
    pub lesions: usize,
    pub replicates: usize,
    pub seed: u64,
}

/// Matches marks to lesions unit by unit. Ties are broken as the module docs state.
pub fn match_marks(marks: &[Mark], lesions: &[Lesion], rule: HitRule) -> Matching {
    let _ = (marks, lesions, rule);
    unimplemented!("issue 17: stats helper")
}

/// The FROC curve, sensitivity at each FP rate, the CPM and their patient-bootstrap intervals.
/// `clusters` gives each unit's patient (`units` = `clusters.units()`).
#[allow(clippy::too_many_arguments)]
pub fn froc(
    marks: &[Mark],
    matching: &Matching,
    lesions: &[Lesion],
    clusters: &Clusters,
    fp_rates: &[f64],
    replicates: usize,
    seed: u64,
    confidence: f64,
) -> Froc {
    let _ = (
        marks, matching, lesions, clusters, fp_rates, replicates, seed, confidence,
    );
    unimplemented!("issue 17: stats helper")
}
