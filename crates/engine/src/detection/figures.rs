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
    /// DICOM cohorts: where marks and lesions came from and everything left out of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<DetectionSources>,
    /// DICOM cohorts: the worst misses and false marks drawn on their images (in memory only:
    /// pixels never go to report.json).
    #[serde(skip)]
    pub tiles: Vec<DetectionTile>,
}

/// What a DICOM detection study read its marks and lesions from, and every file, component,
/// item or output row left out of them, counted (nothing is dropped silently).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DetectionSources {
    /// "sr" or "model".
    pub marks: String,
    /// "seg" or "sr".
    pub lesions: String,
    /// Truth files read, and those that reference no unit of the cohort (or cannot be read).
    pub truth_files: usize,
    pub truth_files_unmatched: usize,
    /// Vendor mark files (SR) read, and those unmatched; 0 for a model.
    pub mark_files: usize,
    pub mark_files_unmatched: usize,
    /// SEG components below `[lesions] min_voxels`: not lesions, counted here.
    pub specks: usize,
    pub min_voxels: u64,
    /// SEG segments with no voxel.
    pub empty_segments: usize,
    /// SR findings without a usable position (no geometry, or an image not in the cohort).
    pub truth_without_position: usize,
    pub marks_without_position: usize,
    /// SR marks without a score (they cannot be ranked; left out).
    pub marks_without_score: usize,
    /// Model output rows below `[marks] min_score` (padding).
    pub padding_rows: usize,
}

/// A worst miss or false mark drawn for the report and the app: the image (or slice) windowed
/// to 8 bits and cropped around the item, with the truth lesions' and the marks' outlines as
/// masks on the same pixels (row-major, `width`×`height`).
#[derive(Debug, Clone, PartialEq)]
pub struct DetectionTile {
    /// "miss" (a lesion no mark hit) or "false_mark" (a mark that hit no lesion).
    pub kind: TileKind,
    /// The unit's pseudonym.
    pub unit: String,
    /// The image's index in the unit.
    pub image: usize,
    /// The missed lesion's size (mm) or the false mark's score.
    pub value: f64,
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
    pub truth: Vec<bool>,
    pub marks: Vec<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TileKind {
    Miss,
    FalseMark,
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
