//! The plan keys of a detection study (`[study] task = "detection"`): the model's marks
//! (`[marks]`), the truth lesions (`[lesions]`) and how they are matched and counted
//! (`[detection]`). The units (scans, exams) are the `[cohort]` rows, those with no mark and
//! no lesion included.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// `[marks]`: the model's findings, one row per mark.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MarksSpec {
    /// What holds the marks: a CSV (default) or DICOM SR TID 1500 files.
    #[serde(default, skip_serializing_if = "is_csv")]
    pub kind: MarksKind,
    pub path: PathBuf,
    /// CSV: the column naming the unit (matched against the cohort's id column).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub x: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub y: String,
    /// Left out for 2-D units (radiographs, mammograms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub z: Option<String>,
    /// The mark's score; higher means more sure.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub score: String,
    /// Columns of a box: x0, y0, x1, y1 (2-D) or x0, y0, z0, x1, y1, z1 (3-D).
    #[serde(default, rename = "box", skip_serializing_if = "Vec::is_empty")]
    pub bbox: Vec<String>,
    /// Whether x, y, z (and boxes) are in mm (default) or pixels.
    #[serde(default, skip_serializing_if = "is_mm")]
    pub coordinates: Coordinates,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum MarksKind {
    #[default]
    Csv,
    /// DICOM Structured Reports, TID 1500 measurement reports (planar ROIs and points).
    Sr,
}

fn is_csv(k: &MarksKind) -> bool {
    *k == MarksKind::Csv
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Coordinates {
    #[default]
    Mm,
    Pixels,
}

fn is_mm(c: &Coordinates) -> bool {
    *c == Coordinates::Mm
}

/// `[lesions]`: the truth, one row per lesion (units without a row have none).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LesionsSpec {
    /// A CSV (default), DICOM SEG (each connected component a lesion) or DICOM SR TID 1500.
    #[serde(default, skip_serializing_if = "is_lesions_csv")]
    pub kind: LesionsKind,
    pub path: PathBuf,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub x: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub y: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub z: Option<String>,
    /// The lesion's radius (needed by `hit = "centre_within_radius"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub radius: Option<String>,
    /// Box columns, as `[marks] box` (needed by `hit = { iou = … }`).
    #[serde(default, rename = "box", skip_serializing_if = "Vec::is_empty")]
    pub bbox: Vec<String>,
    /// The lesion's size (mm), for sensitivity by size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
    /// The lesion's type, for sensitivity by type.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind_column: Option<String>,
    #[serde(default, skip_serializing_if = "is_mm")]
    pub coordinates: Coordinates,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum LesionsKind {
    #[default]
    Csv,
    Seg,
    Sr,
}

fn is_lesions_csv(k: &LesionsKind) -> bool {
    *k == LesionsKind::Csv
}

/// `[detection]`: how marks hit lesions and which false-positive rates are reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct DetectionSpec {
    /// `"centre_within_radius"`, `{ distance_mm = 10 }` or `{ iou = 0.3 }`.
    pub hit: Hit,
    /// False-positive marks per unit at which sensitivity is reported; their mean is the CPM.
    pub fp_rates: Vec<f64>,
    /// The unit-level score: a cohort column with the model's own unit score; left out, the
    /// highest mark score of the unit (0 for a unit without marks).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_score: Option<String>,
    /// Size strata edges (mm) for sensitivity by size, e.g. [6, 10, 20].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub size_strata: Vec<f64>,
    /// Pixels only: mm per pixel, so that `distance_mm` and sizes mean mm.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pixel_mm: Option<f64>,
}

/// The LUNA16 / CAMELYON rates.
pub const DEFAULT_FP_RATES: [f64; 7] = [0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0];

impl Default for DetectionSpec {
    fn default() -> Self {
        DetectionSpec {
            hit: Hit::default(),
            fp_rates: DEFAULT_FP_RATES.to_vec(),
            unit_score: None,
            size_strata: Vec::new(),
            pixel_mm: None,
        }
    }
}

/// The hit criterion as the plan writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Hit {
    Rule(HitName),
    Distance(DistanceHit),
    Iou(IouHit),
}

impl Default for Hit {
    fn default() -> Self {
        Hit::Rule(HitName::CentreWithinRadius)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HitName {
    CentreWithinRadius,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DistanceHit {
    pub distance_mm: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IouHit {
    pub iou: f64,
}
