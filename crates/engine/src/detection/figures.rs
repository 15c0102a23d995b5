//! What a detection run computed, as data below the code that computes it (report.json's
//! `detection` object, and the unit-level binary figures beside it, when
//! `[study] task = "detection"`).

use serde::{Deserialize, Serialize};

use crate::evaluation::BinaryEvaluation;
use crate::metrics::clustered::ClusteredProportion;
use crate::metrics::detection::{Estimate, FrocPoint, HitRule, SensitivityAt};

/// The figures of a detection product (`TaskEvaluation::Detection`).
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DetectionEvaluation {
    /// The unit score (highest mark, or the model's own) against "the unit has a lesion",
    /// with every figure of a binary study.
    pub unit_level: BinaryEvaluation,
    pub detection: DetectionFigures,
}

/// report.json `detection`.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DetectionFigures {
    /// The hit criterion the plan chose.
    pub hit: HitRule,
    /// The FROC curve, one point per distinct mark score (highest first).
    pub froc: Vec<FrocPoint>,
    pub sensitivity_at: Vec<SensitivityAt>,
    pub cpm: Estimate,
    pub lesions: LesionFigures,
    pub marks: MarkCounts,
    pub wrong_place: WrongPlace,
    /// Units in the cohort (the FP-rate denominator), and those with at least one lesion.
    pub units: usize,
    pub units_with_lesions: usize,
    pub patients: usize,
    /// Bootstrap replicates and seed of every interval here.
    pub replicates: usize,
    pub seed: u64,
}

/// Lesions found and missed, overall and by stratum.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LesionFigures {
    pub total: usize,
    /// Hit by a mark at any score.
    pub hit: usize,
    pub missed: usize,
    pub by_size: Vec<Stratum>,
    pub by_type: Vec<Stratum>,
    /// The missed lesions and the lowest-scored hits, worst first (unit pseudonyms only).
    pub worst: Vec<LesionRow>,
}

/// Lesion sensitivity (at any score) within one stratum, clustered by patient.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Stratum {
    pub name: String,
    pub lesions: usize,
    pub hit: usize,
    pub sensitivity: ClusteredProportion,
}

/// One lesion in the lesion table.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LesionRow {
    pub unit: String,
    pub centre: [f64; 3],
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_mm: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Score of the mark that hit it; None: missed.
    pub score: Option<f64>,
}

/// Every mark read, and what became of it: nothing is dropped silently.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MarkCounts {
    pub total: usize,
    pub true_positive: usize,
    pub false_positive: usize,
    /// False positives on units with no lesion.
    pub on_lesion_free_units: usize,
    /// Further marks on a lesion a higher-scored mark already hit (neither TP nor FP).
    pub extra: usize,
    /// Marks naming a unit that is not in the cohort (not counted anywhere else).
    pub unknown_unit: usize,
}

/// "Right unit, wrong place": units called positive at the operating threshold whose marks
/// miss every lesion of the unit.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct WrongPlace {
    pub threshold: f64,
    pub count: usize,
    /// Pseudonymous unit ids.
    pub units: Vec<String>,
}
