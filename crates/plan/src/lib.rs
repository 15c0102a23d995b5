//! The validation plan: a TOML file that says everything about a validation, written down before
//! the data is seen. The GUI edits it, `batch` runs it; both get the same numbers from it.
//!
//! Key names are a contract with users' scripts: add keys freely, rename none. Unknown keys are
//! errors, because a misspelt acceptance criterion that is silently ignored would pass a model
//! that should have failed.
//!
//! A crate of its own below the engine: it reads the `[preprocess]` section the DICOM crate
//! defines and the statistics options, and knows nothing of runs, models or reports.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer, Serialize};

// The paths this file had inside the engine, from the crates below it.
use provestein_dicom as cohort;
use provestein_stats as metrics;
use provestein_types::{error, i18n, provenance, user_file};

use crate::error::{Error, Result};

pub mod detection;
pub mod findings;
pub mod segmentation;
pub use detection::{
    Coordinates, DetectionSpec, Hit, LesionsKind, LesionsSpec, MarksKind, MarksSpec,
};
pub use findings::{Activation, FindingSpec, FindingsSpec, Output};
pub use segmentation::{
    Binarise, BothEmpty, SegmentationSpec, Statistic, StructureSpec, TruthKind, TruthSpec,
};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub study: Study,
    /// The product's name, vendor and version, for the report.
    #[serde(default, skip_serializing_if = "is_default")]
    pub product: Product,
    /// The vendor's ONNX model. Exactly one of `model` and `predictions` is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<ModelSpec>,
    /// The vendor's own scores, for products that ship no model (cloud services).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predictions: Option<PredictionsSpec>,
    pub cohort: CohortSpec,
    /// DICOM: how pixels become the model's input tensor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preprocess: Option<crate::cohort::pixels::Preprocess>,
    #[serde(default)]
    pub analysis: Analysis,
    #[serde(default)]
    pub acceptance: Vec<Criterion>,
    /// Further score sources compared with the main one on the same cases (paired tests).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compare: Vec<CompareSpec>,
    /// The vendor's claimed performance, compared with the local result in the report.
    #[serde(default, skip_serializing_if = "Claims::is_empty")]
    pub claims: Claims,
    #[serde(default, skip_serializing_if = "is_default")]
    pub report: ReportSpec,
    /// Explanations: occlusion maps for image models, permutation importance for features.
    #[serde(default, skip_serializing_if = "is_default")]
    pub explain: ExplainSpec,
    /// Segmentation: the ground truth's files (`[truth]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub truth: Option<TruthSpec>,
    /// Segmentation: the structures compared (`[[structure]]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub structure: Vec<StructureSpec>,
    /// Segmentation: masks and figures (`[segmentation]`; defaults when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segmentation: Option<SegmentationSpec>,
    /// Detection: the model's marks (`[marks]`), unless a `[model]` outputs them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marks: Option<MarksSpec>,
    /// Detection: the truth lesions (`[lesions]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lesions: Option<LesionsSpec>,
    /// Detection: hit criterion and FP rates (`[detection]`; defaults when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detection: Option<DetectionSpec>,
    /// Multi-label and multi-class: the findings (`[[finding]]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub finding: Vec<FindingSpec>,
    /// Multi-label and multi-class: activation, guardrails, ordinal (`[findings]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub findings: Option<FindingsSpec>,
    /// The folder relative paths are resolved against: the plan file's folder.
    #[serde(skip)]
    pub base_dir: PathBuf,
    /// SHA-256 of the plan text as loaded (None for a plan built in memory).
    #[serde(skip)]
    pub source_sha256: Option<String>,
    /// The keys the plan's text sets, as "table.key" (and each table's name): what a vendor
    /// manifest may fill is what the plan leaves out.
    #[serde(skip)]
    pub explicit: Explicit,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Study {
    pub name: String,
    /// What kind of product is validated; binary classification when left out (and then not
    /// written back, so plans and reports from before the key stay as they were).
    #[serde(default, skip_serializing_if = "Task::is_binary")]
    pub task: Task,
    /// Free text, recorded verbatim in the report. May be left out when `[model] manifest`
    /// gives it.
    #[serde(default)]
    pub intended_use: String,
    /// How the ground truth was established (STARD 10b), e.g. "histopathology; two
    /// radiologists in consensus for benign cases". Verbatim in the report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_standard: Option<String>,
    /// Which cases were eligible (STARD 6), e.g. "adults referred for chest CT, 2024".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eligibility: Option<String>,
    /// Where and when the cases were collected (STARD 8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setting: Option<String>,
    /// How cases were selected (STARD 9): "consecutive", "random" or a description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sampling: Option<String>,
}

/// The kind of task a product performs (`[study] task`), which decides the outcomes a case
/// has and the figures an evaluation holds. Only `binary` runs in this version; the others are
/// names the plan knows so that it can say so instead of calling them unknown.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Task {
    /// A score per case against a positive/negative reference label.
    #[default]
    Binary,
    Segmentation,
    Detection,
    Multilabel,
    Multiclass,
}

impl Task {
    pub fn is_binary(&self) -> bool {
        *self == Task::Binary
    }

    /// The name as the plan writes it.
    pub fn name(self) -> &'static str {
        match self {
            Task::Binary => "binary",
            Task::Segmentation => "segmentation",
            Task::Detection => "detection",
            Task::Multilabel => "multilabel",
            Task::Multiclass => "multiclass",
        }
    }
}

/// Images per call. Measured on a 7-layer CNN at 256×256: 7.5 ms per image in batches of 32,
/// 16 ms in batches of 512 (the activations no longer fit the caches).
pub const IMAGE_BATCH: usize = 32;

/// The product validated, as the vendor names it: for the report's identity block.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Product {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

/// The vendor's claimed performance (from the IFU or a publication), set beside the local
/// result in the report. Claims are never judged: the acceptance criteria are.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Claims {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensitivity: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specificity: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ppv: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub npv: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accuracy: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auc: Option<f64>,
    /// Where the claim is published, e.g. "IFU v3.2, p. 14".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl Claims {
    /// The claimed figures, in report order.
    pub fn figures(&self) -> Vec<(Metric, f64)> {
        [
            (Metric::Sensitivity, self.sensitivity),
            (Metric::Specificity, self.specificity),
            (Metric::Ppv, self.ppv),
            (Metric::Npv, self.npv),
            (Metric::Accuracy, self.accuracy),
            (Metric::Auc, self.auc),
        ]
        .into_iter()
        .filter_map(|(m, v)| v.map(|v| (m, v)))
        .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.figures().is_empty() && self.source.is_none()
    }
}

/// The keys a plan's text spells out. Two plans that say the same are equal whether or not
/// one writes a default out, so this never takes part in comparing plans.
#[derive(Debug, Clone, Default)]
pub struct Explicit(pub std::collections::BTreeSet<String>);

impl PartialEq for Explicit {
    fn eq(&self, _: &Explicit) -> bool {
        true
    }
}

impl Explicit {
    pub fn contains(&self, key: &str) -> bool {
        self.0.contains(key)
    }
}

/// How explanations are made. None of them changes a figure or the verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ExplainSpec {
    /// Occlusion: side of the square patch, in pixels of the model's input (default 16).
    pub patch: usize,
    /// Occlusion: step between patch positions, in pixels (default 8).
    pub stride: usize,
    /// Occlusion: what replaces the patch: the image's mean ("mean", default) or a blurred
    /// copy of the image ("blur").
    pub baseline: OcclusionBaseline,
    /// Permutation importance (feature models): shuffles per feature (default 10; 0 = off).
    pub permutations: usize,
}

impl Default for ExplainSpec {
    fn default() -> Self {
        ExplainSpec {
            patch: 16,
            stride: 8,
            baseline: OcclusionBaseline::Mean,
            permutations: 10,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum OcclusionBaseline {
    Mean,
    Blur,
}

/// How the report is written (not what it computes).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ReportSpec {
    /// "en" (default) or "nb" (Norwegian bokmål); `batch --lang` overrides it.
    pub language: crate::i18n::Lang,
    /// Who signs the report. Default: a reviewing medical physicist and a clinical lead, with
    /// names left blank to fill in by hand.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sign_off: Vec<SignOff>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignOff {
    pub role: String,
    #[serde(default)]
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ModelSpec {
    pub path: PathBuf,
    /// Name of the model's input tensor, e.g. "X".
    pub input: String,
    /// Name of the output tensor that holds class probabilities, e.g. "probabilities".
    pub output: String,
    /// Column of a [N, k] output that is the positive class. Ignored for a [N] output.
    #[serde(default = "default_positive_index")]
    pub positive_index: usize,
    /// Cases per ONNX Runtime call (default: 512 feature rows, 32 images). Large image batches
    /// overflow the CPU caches and run slower per image; a GPU may want more.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<usize>,
    /// Longest one ONNX Runtime call (one batch) may take, in seconds (default 600, at most
    /// [`limits::TIMEOUT_SECONDS`]); a batch past it is stopped and its units excluded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<u64>,
    /// The vendor's validation package (TOML) shipped beside the model: identity, intended
    /// use, threshold, claims, preprocessing and test vectors (see docs/manifest.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PredictionsSpec {
    /// What the vendor's output is: a CSV of scores (default), or segmentation masks as
    /// RTSTRUCT or DICOM SEG files joined to the series they reference.
    #[serde(default, skip_serializing_if = "is_default")]
    pub kind: PredictionsKind,
    /// A CSV with one row per case (may be the cohort file itself); for masks, a file or folder.
    pub path: PathBuf,
    /// Column holding the case id (matched against the cohort's id column); CSV only.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Column holding the vendor's score; higher means more likely positive. CSV only.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub score: String,
}

/// `[predictions] kind`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum PredictionsKind {
    #[default]
    Csv,
    Rtstruct,
    Seg,
}

impl PredictionsKind {
    pub fn name(self) -> &'static str {
        match self {
            PredictionsKind::Csv => "csv",
            PredictionsKind::Rtstruct => "rtstruct",
            PredictionsKind::Seg => "seg",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CohortKind {
    /// One CSV table: a row per case.
    Csv,
    /// A folder of DICOM files with labels in a CSV.
    Dicom,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CohortSpec {
    pub kind: CohortKind,
    /// The CSV table (csv) or the folder scanned recursively (dicom).
    pub path: PathBuf,
    /// Column with a unique case id (csv; required). Ids are written to predictions.csv, so use
    /// a pseudonym, never a patient identifier. DICOM cases are named by their file path
    /// (image), SeriesInstanceUID (series) or StudyInstanceUID (study).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Column with the ground truth (in the cohort CSV, or in `labels` for DICOM). Required
    /// for binary studies; a segmentation study's truth is `[truth]`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// The label value that means positive (disease present). `1` and `"1"` are the same.
    /// Required for binary studies.
    #[serde(
        default,
        deserialize_with = "string_or_number",
        skip_serializing_if = "String::is_empty"
    )]
    pub positive: String,
    /// The label value that means negative. When absent, the labels must have exactly one
    /// other value, which is taken as negative.
    #[serde(
        default,
        deserialize_with = "opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub negative: Option<String>,
    /// Model input columns, in the order the model expects them (csv with a model).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<String>,
    /// Attributes carried to the outputs: CSV columns, or DICOM keywords and age-band names.
    #[serde(default)]
    pub subgroups: Vec<String>,
    /// CSV: the column with each case's date (`YYYY-MM-DD` or `YYYYMMDD`), for the analysis
    /// over time. Dates are kept in memory only: reports carry periods and counts, never a
    /// date. DICOM cohorts read the image's StudyDate instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Which patient each case belongs to, so that intervals account for several cases per
    /// patient (`metrics::clustered`): a CSV column, or "PatientID" for DICOM cohorts (read
    /// from the headers in memory only). The values are never written to any output.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient: Option<String>,
    /// DICOM: the CSV with ground truth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<PathBuf>,
    /// DICOM: what joins an image to its label row (default: its path).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub join: Option<JoinKey>,
    /// DICOM: the column of `labels` holding the join key (default: the join key's name, or
    /// "file" for paths).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub join_column: Option<String>,
    /// DICOM: what one case is (default: image).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Unit>,
    /// DICOM, series or study: how image scores combine into the case's score (default: max).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aggregate: Option<Aggregate>,
    /// DICOM: age bands from PatientAge in years, by name: `age_band = [0, 18, 40, 65]`
    /// gives "<18", "18-39", "40-64", ">=65".
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub age_bands: BTreeMap<String, Vec<f64>>,
    /// DICOM: which images count, by keyword: `include = { Modality = ["CT"] }`. Images with
    /// other values are excluded and counted as `filtered`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub include: BTreeMap<String, Vec<String>>,
}

/// The one patient key a DICOM cohort may name: read in memory to group units by patient.
pub const PATIENT_ID: &str = "PatientID";

/// How a DICOM image finds its label row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub enum JoinKey {
    /// The file's path relative to the cohort folder, with `/` separators.
    #[serde(rename = "path")]
    Path,
    #[serde(rename = "SOPInstanceUID")]
    SopInstanceUid,
    #[serde(rename = "SeriesInstanceUID")]
    SeriesInstanceUid,
    #[serde(rename = "StudyInstanceUID")]
    StudyInstanceUid,
    #[serde(rename = "AccessionNumber")]
    AccessionNumber,
}

impl JoinKey {
    pub fn name(self) -> &'static str {
        match self {
            JoinKey::Path => "path",
            JoinKey::SopInstanceUid => "SOPInstanceUID",
            JoinKey::SeriesInstanceUid => "SeriesInstanceUID",
            JoinKey::StudyInstanceUid => "StudyInstanceUID",
            JoinKey::AccessionNumber => "AccessionNumber",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    Image,
    Series,
    Study,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Aggregate {
    Max,
    Mean,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Analysis {
    /// A case is predicted positive when its score >= threshold.
    pub threshold: f64,
    /// Two-sided confidence level of every interval.
    pub confidence: f64,
    /// Stratified bootstrap replicates for the AUC and Brier intervals (0 turns them off).
    pub bootstrap: usize,
    /// Seed of the bootstrap: the same seed gives the same numbers on any machine.
    pub seed: u64,
    /// Interval judged for sensitivity, specificity, PPV, NPV and accuracy.
    pub proportion_interval: IntervalKind,
    /// Interval judged for the AUC.
    pub auc_interval: IntervalKind,
    /// Subgroups smaller than this are reported as "insufficient", never tested or flagged.
    pub min_group_n: u64,
    /// Fewest positives for a group's sensitivity and AUC to be tested.
    pub min_group_positives: u64,
    /// Fewest negatives for a group's specificity and AUC to be tested.
    pub min_group_negatives: u64,
    /// Combinations of subgroup attributes analysed together, e.g. [["sex", "age_group"]].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub intersections: Vec<Vec<String>>,
    /// The local prevalence, for PPV and NPV as they will be in clinical use.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prevalence: Option<f64>,
    /// Report the operating point that reaches this sensitivity (or specificity).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_sensitivity: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_specificity: Option<f64>,
    /// Reliability-curve bins (default 10) and how they are cut (default "uniform").
    pub calibration_bins: usize,
    pub calibration_binning: crate::metrics::calibration::Binning,
    /// The period of the analysis over time, when cases have dates: "month" or "quarter".
    pub drift_period: crate::metrics::drift::Period,
    /// The largest share of the cohort's units the model itself may leave unscored (output not
    /// a finite number, inference failed or timed out, an input it cannot take) before the
    /// verdict is INCONCLUSIVE: past it the figures describe only the cases the model could
    /// handle. 0 to 1, default 0.05.
    #[serde(skip_serializing_if = "is_default_share")]
    pub max_model_exclusions: f64,
}

/// Default of `[analysis] max_model_exclusions`.
pub const MAX_MODEL_EXCLUSIONS: f64 = 0.05;

fn is_default_share(v: &f64) -> bool {
    *v == MAX_MODEL_EXCLUSIONS
}

impl Default for Analysis {
    fn default() -> Self {
        Analysis {
            threshold: 0.5,
            confidence: 0.95,
            bootstrap: 2000,
            seed: 42,
            proportion_interval: IntervalKind::Wilson,
            auc_interval: IntervalKind::Delong,
            min_group_n: 30,
            min_group_positives: 5,
            min_group_negatives: 5,
            intersections: Vec::new(),
            prevalence: None,
            target_sensitivity: None,
            target_specificity: None,
            calibration_bins: 10,
            calibration_binning: crate::metrics::calibration::Binning::Uniform,
            drift_period: crate::metrics::drift::Period::Quarter,
            max_model_exclusions: MAX_MODEL_EXCLUSIONS,
        }
    }
}

/// Another score source on the same cohort: a second model or version, or a reader's scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CompareSpec {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<ModelSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predictions: Option<PredictionsSpec>,
    /// Its operating threshold (default: `analysis.threshold`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
}

/// A criterion fixed before the data is seen, e.g. "the lower 95% bound of sensitivity is at
/// least 0.85".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub metric: Metric,
    #[serde(default = "default_bound")]
    pub bound: Bound,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Which interval to judge; defaults to `analysis.proportion_interval` / `auc_interval`,
    /// and to the bootstrap for the Brier score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<IntervalKind>,
    /// "worst": judge the worst subgroup (over every attribute and intersection) that has
    /// enough data for this metric, instead of the whole cohort.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subgroup: Option<String>,
    /// Segmentation: the `[[structure]]` judged (may be left out when there is one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub structure: Option<String>,
    /// Segmentation figures: the mean (default) or the median over cases.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statistic: Option<Statistic>,
    /// `share_within`: the figure whose tolerance is judged ("dice", "hd95", …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figure: Option<String>,
    /// `share_within`: the tolerance (at least it for overlaps, at most it for distances).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<f64>,
    /// Detection, `lesion_sensitivity`: the false-positive marks per unit it is read at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fp_rate: Option<f64>,
    /// Multi-label and multi-class: the `[[finding]]` a binary figure is judged for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finding: Option<String>,
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    Sensitivity,
    Specificity,
    Ppv,
    Npv,
    Accuracy,
    Auc,
    Brier,
    /// Slope of the logistic recalibration fit (1 is ideal).
    CalibrationSlope,
    /// Calibration-in-the-large (0 is ideal).
    CalibrationInTheLarge,
    /// Segmentation figures (`[study] task = "segmentation"`), per structure.
    Dice,
    Iou,
    Hd,
    Hd95,
    Assd,
    Nsd,
    VolumeDifference,
    /// The share of cases within a tolerance of one figure.
    ShareWithin,
    /// Detection: lesion sensitivity at `fp_rate` false-positive marks per unit.
    LesionSensitivity,
    /// Detection: the competition performance metric (mean sensitivity over the FP rates).
    Cpm,
    /// Multi-label: the mean of the findings' AUCs.
    MacroAuc,
    /// Multi-label: one AUC over every unit × finding.
    MicroAuc,
    /// Multi-class: Hand & Till's M.
    HandTillAuc,
    /// Multi-class: Cohen's kappa.
    Kappa,
    /// Multi-class, ordinal: quadratic-weighted kappa.
    WeightedKappa,
}

impl Metric {
    pub const ALL: [Metric; 9] = [
        Metric::Sensitivity,
        Metric::Specificity,
        Metric::Ppv,
        Metric::Npv,
        Metric::Accuracy,
        Metric::Auc,
        Metric::Brier,
        Metric::CalibrationSlope,
        Metric::CalibrationInTheLarge,
    ];

    /// The segmentation figures a criterion may judge (not in [`Metric::ALL`], which the
    /// binary registry, tables and editor iterate).
    pub const SEGMENTATION: [Metric; 8] = [
        Metric::Dice,
        Metric::Iou,
        Metric::Hd,
        Metric::Hd95,
        Metric::Assd,
        Metric::Nsd,
        Metric::VolumeDifference,
        Metric::ShareWithin,
    ];

    pub fn is_segmentation(self) -> bool {
        Metric::SEGMENTATION.contains(&self)
    }

    /// The lesion-level figures of a detection study (its unit-level figures are [`Metric::ALL`]).
    pub const DETECTION: [Metric; 2] = [Metric::LesionSensitivity, Metric::Cpm];

    /// The figures over every finding of a multi-finding study (per finding: [`Metric::ALL`]).
    pub const FINDINGS: [Metric; 5] = [
        Metric::MacroAuc,
        Metric::MicroAuc,
        Metric::HandTillAuc,
        Metric::Kappa,
        Metric::WeightedKappa,
    ];

    pub fn is_detection(self) -> bool {
        Metric::DETECTION.contains(&self)
    }

    pub fn is_findings(self) -> bool {
        Metric::FINDINGS.contains(&self)
    }

    pub fn name(self) -> &'static str {
        match self {
            Metric::Dice => "dice",
            Metric::Iou => "iou",
            Metric::Hd => "hd",
            Metric::Hd95 => "hd95",
            Metric::Assd => "assd",
            Metric::Nsd => "nsd",
            Metric::VolumeDifference => "volume_difference",
            Metric::ShareWithin => "share_within",
            Metric::LesionSensitivity => "lesion_sensitivity",
            Metric::Cpm => "cpm",
            Metric::MacroAuc => "macro_auc",
            Metric::MicroAuc => "micro_auc",
            Metric::HandTillAuc => "hand_till_auc",
            Metric::Kappa => "kappa",
            Metric::WeightedKappa => "weighted_kappa",
            Metric::Sensitivity => "sensitivity",
            Metric::Specificity => "specificity",
            Metric::Ppv => "ppv",
            Metric::Npv => "npv",
            Metric::Accuracy => "accuracy",
            Metric::Auc => "auc",
            Metric::Brier => "brier",
            Metric::CalibrationSlope => "calibration_slope",
            Metric::CalibrationInTheLarge => "calibration_in_the_large",
        }
    }

    pub fn is_proportion(self) -> bool {
        matches!(
            self,
            Metric::Sensitivity
                | Metric::Specificity
                | Metric::Ppv
                | Metric::Npv
                | Metric::Accuracy
        )
    }

    /// The intervals this metric has, so a plan cannot ask for one that is never computed.
    pub fn intervals(self) -> &'static [IntervalKind] {
        match self {
            Metric::Auc => &[IntervalKind::Delong, IntervalKind::Bootstrap],
            Metric::Brier => &[IntervalKind::Bootstrap],
            Metric::CalibrationSlope | Metric::CalibrationInTheLarge => &[IntervalKind::Wald],
            Metric::ShareWithin => &[IntervalKind::Wilson, IntervalKind::ClopperPearson],
            m if m.is_segmentation() || m.is_detection() || m.is_findings() => {
                &[IntervalKind::Bootstrap]
            }
            _ => &[IntervalKind::Wilson, IntervalKind::ClopperPearson],
        }
    }
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    Estimate,
    CiLow,
    CiHigh,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IntervalKind {
    Wilson,
    ClopperPearson,
    Delong,
    Bootstrap,
    Wald,
}

impl IntervalKind {
    pub fn name(self) -> &'static str {
        match self {
            IntervalKind::Wilson => "wilson",
            IntervalKind::ClopperPearson => "clopper_pearson",
            IntervalKind::Delong => "delong",
            IntervalKind::Bootstrap => "bootstrap",
            IntervalKind::Wald => "wald",
        }
    }
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

fn default_positive_index() -> usize {
    1
}

fn default_bound() -> Bound {
    Bound::CiLow
}

/// Accepts `positive = 1` as well as `positive = "1"`: label values are compared as text.
fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        S(String),
        I(i64),
        B(bool),
    }
    Ok(match Raw::deserialize(d)? {
        Raw::S(s) => s,
        Raw::I(i) => i.to_string(),
        Raw::B(b) => b.to_string(),
    })
}

fn opt_string_or_number<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<String>, D::Error> {
    string_or_number(d).map(Some)
}

impl Plan {
    /// Reads, parses and checks a plan file.
    pub fn load(path: &Path) -> Result<Plan> {
        let text = crate::user_file::read_to_string(path, "plan")?;
        let base_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Plan::parse(&text, path, base_dir)
    }

    /// Parses plan text; `origin` names it in messages, `base_dir` anchors relative paths.
    pub fn parse(text: &str, origin: &Path, base_dir: PathBuf) -> Result<Plan> {
        let mut plan: Plan = toml::from_str(text).map_err(|e| Error::PlanSyntax {
            path: origin.to_path_buf(),
            message: bounded_lines(&e.to_string()),
        })?;
        plan.base_dir = base_dir;
        plan.source_sha256 = Some(crate::provenance::sha256_hex(text.as_bytes()));
        if let Ok(table) = text.parse::<toml::Table>() {
            for (k, v) in &table {
                plan.explicit.0.insert(k.clone());
                if let Some(t) = v.as_table() {
                    plan.explicit
                        .0
                        .extend(t.keys().map(|sub| format!("{k}.{sub}")));
                }
            }
        }
        plan.validate().map_err(|message| Error::PlanInvalid {
            path: origin.to_path_buf(),
            message,
        })?;
        Ok(plan)
    }

    /// The plan as TOML, for saving what the GUI edited.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).expect("a plan always serialises")
    }

    /// An empty plan for the app to fill in: a CSV cohort, default analysis, no criteria yet.
    /// It does not validate until a score source, a cohort and a criterion are given.
    pub fn draft() -> Plan {
        Plan {
            study: Study {
                name: String::new(),
                task: Task::Binary,
                intended_use: String::new(),
                reference_standard: None,
                eligibility: None,
                setting: None,
                sampling: None,
            },
            product: Product::default(),
            model: None,
            predictions: None,
            cohort: CohortSpec {
                kind: CohortKind::Csv,
                path: PathBuf::new(),
                id: None,
                label: String::new(),
                positive: "1".into(),
                negative: None,
                features: Vec::new(),
                subgroups: Vec::new(),
                date: None,
                patient: None,
                labels: None,
                join: None,
                join_column: None,
                unit: None,
                aggregate: None,
                age_bands: BTreeMap::new(),
                include: BTreeMap::new(),
            },
            preprocess: None,
            analysis: Analysis::default(),
            acceptance: Vec::new(),
            compare: Vec::new(),
            claims: Claims::default(),
            report: ReportSpec::default(),
            explain: ExplainSpec::default(),
            truth: None,
            structure: Vec::new(),
            segmentation: None,
            marks: None,
            lesions: None,
            detection: None,
            finding: Vec::new(),
            findings: None,
            base_dir: PathBuf::new(),
            source_sha256: None,
            explicit: Default::default(),
        }
    }

    /// Writes the plan to `path` and reads it back, so that what runs is exactly what `batch`
    /// would run from that file (and its SHA-256 is the file's). Relative paths are rewritten
    /// to stay relative to the new file's folder; a plan saved beside its data stays portable.
    pub fn save(&self, path: &Path) -> Result<Plan> {
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let dir_abs = std::path::absolute(&dir).unwrap_or(dir);
        let mut out = self.clone();
        out.map_paths(|p| {
            if p.as_os_str().is_empty() {
                return p.to_path_buf();
            }
            let abs = std::path::absolute(self.resolve(p)).unwrap_or_else(|_| self.resolve(p));
            pathdiff::diff_paths(&abs, &dir_abs).unwrap_or(abs)
        });
        let write_err = |source| Error::Write {
            path: path.to_path_buf(),
            source,
        };
        std::fs::create_dir_all(&dir_abs).map_err(write_err)?;
        std::fs::write(path, out.to_toml()).map_err(write_err)?;
        Plan::load(path)
    }

    /// Every file path the plan names, for rebasing them.
    fn map_paths(&mut self, mut f: impl FnMut(&Path) -> PathBuf) {
        if let Some(m) = &mut self.model {
            m.path = f(&m.path);
            if let Some(manifest) = &mut m.manifest {
                *manifest = f(manifest);
            }
        }
        if let Some(p) = &mut self.predictions {
            p.path = f(&p.path);
        }
        self.cohort.path = f(&self.cohort.path);
        if let Some(t) = &mut self.truth {
            t.path = f(&t.path);
        }
        if let Some(l) = &mut self.cohort.labels {
            *l = f(l);
        }
        for c in &mut self.compare {
            if let Some(m) = &mut c.model {
                m.path = f(&m.path);
            }
            if let Some(p) = &mut c.predictions {
                p.path = f(&p.path);
            }
        }
    }

    /// A path from the plan, resolved against the plan file's folder.
    pub fn resolve(&self, p: &Path) -> PathBuf {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.base_dir.join(p)
        }
    }

    /// Checks what TOML types cannot: one message for the first problem found.
    fn validate(&self) -> std::result::Result<(), String> {
        if !matches!(
            self.study.task,
            Task::Binary | Task::Segmentation | Task::Multilabel | Task::Multiclass
        ) {
            return Err(format!(
                "[study] task = \"{}\" is not supported yet; this version validates binary classification (task = \"binary\") and segmentation (task = \"segmentation\")",
                self.study.task.name()
            ));
        }
        match (&self.model, &self.predictions) {
            (Some(_), Some(_)) => {
                return Err("give either [model] (run an ONNX model) or [predictions] (the vendor's own scores), not both".into());
            }
            (None, None) if self.study.task == Task::Segmentation => {
                return Err("the plan needs a [model] section (an ONNX file) or a [predictions] section (the vendor's RTSTRUCT or SEG files)".into());
            }
            (None, None) => {
                return Err("the plan needs a [model] section (an ONNX file) or a [predictions] section (a CSV of the vendor's scores)".into());
            }
            _ => {}
        }
        self.validate_task_keys()?;
        if self.study.task == Task::Segmentation {
            self.validate_segmentation()?;
        }
        self.validate_findings_keys()?;
        self.validate_cohort()?;
        for (i, c) in self.compare.iter().enumerate() {
            if c.model.is_some() == c.predictions.is_some() {
                return Err(format!(
                    "[[compare]] \"{}\" needs exactly one of model = {{ … }} or predictions = {{ … }}",
                    c.name
                ));
            }
            if self.compare[..i].iter().any(|o| o.name == c.name) || c.name.trim().is_empty() {
                return Err(format!(
                    "[[compare]] names must be unique and not empty (\"{}\")",
                    c.name
                ));
            }
            if c.threshold.is_some_and(|t| !t.is_finite()) {
                return Err(format!(
                    "[[compare]] \"{}\": threshold must be a finite number",
                    c.name
                ));
            }
        }
        if self.model.as_ref().and_then(|m| m.batch) == Some(0) {
            return Err("[model] batch must be at least 1".into());
        }
        if self.model.as_ref().and_then(|m| m.timeout_seconds) == Some(0) {
            return Err("[model] timeout_seconds must be at least 1".into());
        }
        let share = self.analysis.max_model_exclusions;
        if !(0.0..=1.0).contains(&share) {
            return Err(format!(
                "[analysis] max_model_exclusions = {share} must lie between 0 and 1 (write 0.05 for 5 %)"
            ));
        }
        if self.explain.patch == 0 || self.explain.stride == 0 {
            return Err(
                "[explain] patch and stride must be at least 1 (pixels of the model's input)"
                    .into(),
            );
        }
        self.check_limits()?;
        for (m, v) in self.claims.figures() {
            if !(0.0..=1.0).contains(&v) {
                return Err(format!(
                    "[claims] {m} = {v} must lie between 0 and 1 (write 0.92 for 92 %)"
                ));
            }
        }
        if let Some(s) = self
            .report
            .sign_off
            .iter()
            .find(|s| s.role.trim().is_empty())
        {
            return Err(format!(
                "[[report.sign_off]] with name \"{}\" needs a role, e.g. role = \"Medical physicist\"",
                s.name
            ));
        }
        if self.study.name.trim().is_empty() {
            return Err("[study] name is empty: give the validation a name for the report".into());
        }
        let a = &self.analysis;
        if !a.threshold.is_finite() {
            return Err("[analysis] threshold must be a finite number".into());
        }
        if !(a.confidence > 0.5 && a.confidence < 1.0) {
            return Err(format!(
                "[analysis] confidence = {} must lie between 0.5 and 1 (0.95 for 95% intervals)",
                a.confidence
            ));
        }
        if a.bootstrap != 0 && a.bootstrap < 100 {
            return Err(format!(
                "[analysis] bootstrap = {} is too few replicates for a stable interval: use at least 1000 (2000 is the default), or 0 to turn the bootstrap off",
                a.bootstrap
            ));
        }
        for (name, kind, metric) in [
            (
                "proportion_interval",
                a.proportion_interval,
                Metric::Sensitivity,
            ),
            ("auc_interval", a.auc_interval, Metric::Auc),
        ] {
            if !metric.intervals().contains(&kind) {
                return Err(format!(
                    "[analysis] {name} = \"{}\" is not available; choose one of {}",
                    kind.name(),
                    names(metric.intervals())
                ));
            }
        }
        for (key, v) in [
            ("prevalence", a.prevalence),
            ("target_sensitivity", a.target_sensitivity),
            ("target_specificity", a.target_specificity),
        ] {
            if let Some(v) = v.filter(|v| !(*v > 0.0 && *v < 1.0)) {
                return Err(format!(
                    "[analysis] {key} = {v} must lie strictly between 0 and 1"
                ));
            }
        }
        if a.calibration_bins < 2 {
            return Err("[analysis] calibration_bins must be at least 2 (10 is usual)".into());
        }
        for combo in &a.intersections {
            if combo.len() < 2 {
                return Err("[analysis] intersections lists combinations of two or more subgroup attributes, e.g. [[\"sex\", \"age_group\"]]".into());
            }
            if let Some(name) = combo.iter().find(|n| !self.cohort.subgroups.contains(n)) {
                return Err(format!(
                    "[analysis] intersections names \"{name}\", which is not in [cohort] subgroups"
                ));
            }
        }
        if self.acceptance.is_empty() {
            return Err("the plan has no [[acceptance]] criteria. Write them down before the data is seen, e.g.\n  [[acceptance]]\n  metric = \"sensitivity\"\n  bound = \"ci_low\"\n  min = 0.85".into());
        }
        for (i, c) in self.acceptance.iter().enumerate() {
            let at = format!("[[acceptance]] #{} ({})", i + 1, c.metric);
            match (c.min, c.max) {
                (Some(_), Some(_)) => {
                    return Err(format!(
                        "{at} has both min and max: write two criteria instead"
                    ));
                }
                (None, None) => return Err(format!("{at} needs min or max")),
                (Some(v), None) | (None, Some(v)) if !v.is_finite() => {
                    return Err(format!("{at}: the limit must be a finite number"));
                }
                _ => {}
            }
            if c.metric.is_segmentation() || (c.metric.is_findings() && self.is_findings()) {
                continue; // checked by `validate_segmentation` / `validate_findings`
            }
            let interval = self.interval_for(c);
            if !c.metric.intervals().contains(&interval) {
                return Err(format!(
                    "{at}: interval \"{}\" is not computed for {}; choose one of {}",
                    interval.name(),
                    c.metric,
                    names(c.metric.intervals())
                ));
            }
            if let Some(sub) = &c.subgroup {
                if sub != "worst" {
                    return Err(format!(
                        "{at}: subgroup = \"{sub}\" is not known; use subgroup = \"worst\""
                    ));
                }
                if self.cohort.subgroups.is_empty() {
                    return Err(format!(
                        "{at} judges the worst subgroup, but [cohort] subgroups is empty"
                    ));
                }
                if !(c.metric.is_proportion() || c.metric == Metric::Auc)
                    || interval == IntervalKind::Bootstrap
                {
                    return Err(format!(
                        "{at}: subgroups are judged on sensitivity, specificity, ppv, npv, accuracy, or auc with its DeLong interval"
                    ));
                }
            }
            if interval == IntervalKind::Bootstrap && a.bootstrap == 0 && c.bound != Bound::Estimate
            {
                return Err(format!(
                    "{at} judges a bootstrap interval but [analysis] bootstrap = 0: set bootstrap = 2000"
                ));
            }
        }
        Ok(())
    }

    /// The plan's counts and sizes against [`limits`], and the memory one batch of image tensors
    /// needs, so that `check` refuses what would make `batch` abort or fill memory. Also called
    /// by the run on the plan a vendor manifest has filled.
    pub fn check_limits(&self) -> std::result::Result<(), String> {
        let a = &self.analysis;
        let e = &self.explain;
        let batch = self.model.as_ref().and_then(|m| m.batch);
        for (key, value, max) in [
            ("[analysis] bootstrap", a.bootstrap, limits::BOOTSTRAP),
            (
                "[analysis] calibration_bins",
                a.calibration_bins,
                limits::CALIBRATION_BINS,
            ),
            (
                "[explain] permutations",
                e.permutations,
                limits::PERMUTATIONS,
            ),
            ("[explain] patch", e.patch, limits::PATCH),
            ("[explain] stride", e.stride, limits::PATCH),
            ("[model] batch", batch.unwrap_or(1), limits::MODEL_BATCH),
            (
                "[model] timeout_seconds",
                self.model
                    .as_ref()
                    .and_then(|m| m.timeout_seconds)
                    .map_or(1, |t| usize::try_from(t).unwrap_or(usize::MAX)),
                limits::TIMEOUT_SECONDS,
            ),
        ] {
            if value > max {
                return Err(format!(
                    "{key} = {value} is above the limit of {max}; see docs/plan.md (limits)"
                ));
            }
        }
        self.check_text_and_lists()?;
        if let Some(pre) = &self.preprocess
            && pre.max_pixels > crate::cohort::pixels::MAX_PIXELS_LIMIT
        {
            return Err(format!(
                "[preprocess] max_pixels = {} is above the limit of {}; see docs/plan.md (limits)",
                pre.max_pixels,
                crate::cohort::pixels::MAX_PIXELS_LIMIT
            ));
        }
        if let Some(pre) = &self.preprocess
            && let crate::cohort::pixels::Resize::To { height, width } = pre.resize
        {
            let images = batch.unwrap_or(IMAGE_BATCH) as u64;
            let bytes = images * u64::from(height) * u64::from(width) * u64::from(pre.channels) * 4;
            if bytes > limits::BATCH_BYTES {
                return Err(format!(
                    "a batch of {images} images resized to [{height}, {width}] with {} channel(s) needs {:.1} GB of float32 tensors, above the limit of {} GB: lower [model] batch or the resize",
                    pre.channels,
                    bytes as f64 / 1e9,
                    limits::BATCH_BYTES >> 30
                ));
            }
        }
        Ok(())
    }

    /// Every string and list in the plan against [`limits`], found by walking the plan as
    /// data, so that a key added later is bounded too: a 10 MB `intended_use` or 10 000
    /// criteria are a typo or an attack, and would otherwise cost minutes in the report.
    fn check_text_and_lists(&self) -> std::result::Result<(), String> {
        fn walk(key: &str, v: &serde_json::Value) -> std::result::Result<(), String> {
            use serde_json::Value;
            let leaf = key.rsplit(['.', ']']).next().unwrap_or(key);
            match v {
                Value::String(s) => {
                    let (max, unit) = if limits::PATH_KEYS.contains(&leaf) {
                        (limits::PATH_BYTES, "bytes")
                    } else {
                        (limits::TEXT_CHARS, "characters")
                    };
                    let len = if unit == "bytes" {
                        s.len()
                    } else {
                        s.chars().count()
                    };
                    if len > max {
                        return Err(format!(
                            "{key} is {len} {unit} long, above the limit of {max}; see docs/plan.md (limits)"
                        ));
                    }
                }
                Value::Array(items) => {
                    let max = limits::LISTS
                        .iter()
                        .find(|(k, _)| *k == leaf)
                        .map_or(limits::LIST_ENTRIES, |(_, m)| *m);
                    if items.len() > max {
                        return Err(format!(
                            "{key} has {} entries, above the limit of {max}; see docs/plan.md (limits)",
                            items.len()
                        ));
                    }
                    for (i, item) in items.iter().enumerate() {
                        walk(&format!("{key}[{i}]"), item)?;
                    }
                }
                Value::Object(map) => {
                    if map.len() > limits::LIST_ENTRIES {
                        return Err(format!(
                            "{key} has {} keys, above the limit of {}; see docs/plan.md (limits)",
                            map.len(),
                            limits::LIST_ENTRIES
                        ));
                    }
                    for (k, item) in map {
                        let sub = if key.is_empty() {
                            k.clone()
                        } else {
                            format!("{key}.{k}")
                        };
                        walk(&sub, item)?;
                    }
                }
                _ => {}
            }
            Ok(())
        }
        let value = serde_json::to_value(self).map_err(|e| e.to_string())?;
        walk("", &value)
    }

    /// Cohort keys that depend on the kind of cohort.
    fn validate_cohort(&self) -> std::result::Result<(), String> {
        let c = &self.cohort;
        let dicom_only: [(&str, bool); 7] = [
            ("labels", c.labels.is_some()),
            ("join", c.join.is_some()),
            ("join_column", c.join_column.is_some()),
            ("unit", c.unit.is_some()),
            ("aggregate", c.aggregate.is_some()),
            ("age_bands", !c.age_bands.is_empty()),
            ("include", !c.include.is_empty()),
        ];
        match c.kind {
            CohortKind::Csv => {
                if let Some((key, _)) = dicom_only.iter().find(|(_, set)| *set) {
                    return Err(format!(
                        "[cohort] {key} is for kind = \"dicom\" cohorts only"
                    ));
                }
                if self.preprocess.is_some() {
                    return Err("[preprocess] is for kind = \"dicom\" cohorts only".into());
                }
                if c.id.is_none() {
                    return Err("[cohort] id is missing: name the column with a unique (pseudonymous) case id".into());
                }
                if self.model.is_some() && c.features.is_empty() {
                    return Err("[cohort] features is empty: list the model's input columns in the order the model expects them".into());
                }
                if let Some(patient) = c.patient.as_ref().filter(|p| {
                    c.subgroups.contains(p)
                        || c.id.as_ref() == Some(p)
                        || c.date.as_ref() == Some(p)
                }) {
                    return Err(format!(
                        "[cohort] the patient column \"{patient}\" is also the id, date or a subgroup, which would write it to the outputs; name it only as patient (it is kept in memory)"
                    ));
                }
                if let Some(date) = c.date.as_ref().filter(|d| c.subgroups.contains(d)) {
                    return Err(format!(
                        "[cohort] the date column \"{date}\" is also in subgroups, which would write every exact date to predictions.csv; the analysis over time reports it by month or quarter without that"
                    ));
                }
            }
            CohortKind::Dicom => {
                if c.labels.is_none() && self.study.task.is_binary() {
                    return Err("[cohort] labels is missing: a DICOM cohort takes its ground truth from a CSV (labels = \"labels.csv\")".into());
                }
                if c.date.is_some() {
                    return Err("[cohort] date is for CSV cohorts; a DICOM cohort's dates are the images' StudyDate, read without asking".into());
                }
                if let Some(p) = c.patient.as_ref().filter(|p| p.as_str() != PATIENT_ID) {
                    return Err(format!(
                        "[cohort] patient = \"{p}\": a DICOM cohort's patient key is read from the headers; write patient = \"{PATIENT_ID}\""
                    ));
                }
                if !c.features.is_empty() {
                    return Err("[cohort] features is for CSV cohorts; a DICOM cohort's model input is set in [preprocess]".into());
                }
                for (band, edges) in &c.age_bands {
                    if edges.len() < 2 || edges.windows(2).any(|w| w[0] >= w[1] || w[0].is_nan()) {
                        return Err(format!(
                            "[cohort.age_bands] {band} needs at least two increasing ages in years, e.g. [0, 18, 40, 65]"
                        ));
                    }
                }
                for name in c.subgroups.iter().filter(|s| !c.age_bands.contains_key(*s)) {
                    crate::cohort::dicom::check_keyword(name)
                        .map_err(|e| format!("[cohort] subgroups: {e}"))?;
                }
                for name in c.include.keys() {
                    crate::cohort::dicom::check_keyword(name)
                        .map_err(|e| format!("[cohort] include: {e}"))?;
                }
                if let Some(pre) = &self.preprocess {
                    pre.validate().map_err(|e| format!("[preprocess] {e}"))?;
                }
                if c.aggregate.is_some() && matches!(c.unit, None | Some(Unit::Image)) {
                    return Err("[cohort] aggregate combines image scores for unit = \"series\" or \"study\"; with unit = \"image\" remove it".into());
                }
            }
        }
        Ok(())
    }

    /// The interval a criterion is judged on, after defaults.
    pub fn interval_for(&self, c: &Criterion) -> IntervalKind {
        c.interval.unwrap_or(match c.metric {
            m if m.is_segmentation() => {
                segmentation::default_interval(m, self.analysis.proportion_interval)
            }
            Metric::Auc if c.subgroup.is_some() => IntervalKind::Delong,
            Metric::Auc => self.analysis.auc_interval,
            Metric::Brier => IntervalKind::Bootstrap,
            Metric::CalibrationSlope | Metric::CalibrationInTheLarge => IntervalKind::Wald,
            _ => self.analysis.proportion_interval,
        })
    }
}

fn names(kinds: &[IntervalKind]) -> String {
    kinds
        .iter()
        .map(|k| format!("\"{}\"", k.name()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Upper limits on what a plan can ask for (docs/plan.md, "Limits"): far above any sensible
/// validation, low enough that a typo (`bootstrap = 1000000000`) is an error at `check`, not an
/// abort after the cohort was read.
pub mod limits {
    pub const BOOTSTRAP: usize = 100_000;
    pub const CALIBRATION_BINS: usize = 1_000;
    pub const PERMUTATIONS: usize = 1_000;
    /// Occlusion patch and stride, in pixels of the model's input.
    pub const PATCH: usize = 4_096;
    pub const MODEL_BATCH: usize = 4_096;
    /// `[model] timeout_seconds`: one day for one batch.
    pub const TIMEOUT_SECONDS: usize = 86_400;
    /// One batch of image tensors (images × height × width × channels × 4 bytes).
    pub const BATCH_BYTES: u64 = 4 << 30;
    /// Any text in a plan (intended use, names, column names…), in characters.
    pub const TEXT_CHARS: usize = 10_000;
    /// Keys whose value is a file path, and their limit in bytes (PATH_MAX is 4096; a path
    /// of over a kilobyte is a mistake, and every message that names it would repeat it).
    pub const PATH_KEYS: [&str; 3] = ["path", "labels", "manifest"];
    pub const PATH_BYTES: usize = 1_024;
    /// Any list or table in a plan (features, include values, age bands…).
    pub const LIST_ENTRIES: usize = 10_000;
    /// Lists with a lower limit: each criterion, comparison, subgroup and signer is a section
    /// or table row of the report.
    pub const LISTS: [(&str, usize); 6] = [
        ("acceptance", 100),
        ("compare", 100),
        ("subgroups", 32),
        ("sign_off", 20),
        ("structure", 100),
        ("aliases", 100),
    ];
}

/// A parser's message with each line cut to 200 characters and at most 20 lines: the TOML
/// parser quotes the offending line, which may be a megabyte long.
fn bounded_lines(message: &str) -> String {
    const LINE: usize = 200;
    const LINES: usize = 20;
    let mut out: Vec<String> = message
        .lines()
        .take(LINES)
        .map(|l| match l.char_indices().nth(LINE) {
            Some((cut, _)) => format!("{}…", &l[..cut]),
            None => l.to_string(),
        })
        .collect();
    if message.lines().nth(LINES).is_some() {
        out.push("…".into());
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
        [study]
        name = "t"
        intended_use = "u"
        [predictions]
        path = "c.csv"
        id = "id"
        score = "s"
        [cohort]
        kind = "csv"
        path = "c.csv"
        id = "id"
        label = "y"
        positive = 1
        [[acceptance]]
        metric = "auc"
        min = 0.7
    "#;

    fn parse(text: &str) -> Result<Plan> {
        Plan::parse(text, Path::new("plan.toml"), PathBuf::from("/base"))
    }

    /// `[study] task`: "binary" is the default and is not written back; the other kinds a
    /// later version validates are refused by name, anything else lists the kinds.
    #[test]
    fn the_task_kind_is_binary_unless_the_plan_names_another_which_is_refused() {
        let with = |task: &str| {
            MINIMAL.replace("name = \"t\"", &format!("name = \"t\"\n task = \"{task}\""))
        };
        let absent = parse(MINIMAL).unwrap();
        let binary = parse(&with("binary")).unwrap();
        assert_eq!(absent.study.task, Task::Binary);
        assert_eq!(binary.study, absent.study);
        assert_eq!(
            serde_json::to_string(&binary).unwrap(),
            serde_json::to_string(&absent).unwrap(),
            "the default is not written back"
        );
        let e = parse(&with("detection")).unwrap_err().to_string();
        assert!(
            e.contains("[study] task = \"detection\" is not supported yet; this version validates binary classification"),
            "{e}"
        );
        let e = parse(&with("regression")).unwrap_err().to_string();
        for kind in [
            "binary",
            "segmentation",
            "detection",
            "multilabel",
            "multiclass",
        ] {
            assert!(e.contains(kind), "{kind} not listed: {e}");
        }
    }

    #[test]
    fn a_plan_saved_elsewhere_names_the_same_files_and_otherwise_the_same_plan() {
        let sample = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../sample-studies/breast-cancer/plan.toml");
        let plan = Plan::load(&sample).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let saved = plan.save(&dir.path().join("sub/plan.toml")).unwrap();
        let model = |p: &Plan| p.resolve(&p.model.as_ref().unwrap().path);
        assert!(saved.model.as_ref().unwrap().path.is_relative());
        assert_eq!(
            model(&saved).canonicalize().unwrap(),
            model(&plan).canonicalize().unwrap()
        );
        assert_eq!(
            saved.resolve(&saved.cohort.path).canonicalize().unwrap(),
            plan.resolve(&plan.cohort.path).canonicalize().unwrap()
        );
        // Saved again beside itself, nothing changes: same text, same hash.
        let again = saved.save(&dir.path().join("sub/plan.toml")).unwrap();
        assert_eq!(again.source_sha256, saved.source_sha256);
        let strip = |p: &Plan| {
            let mut p = p.clone();
            p.map_paths(|_| PathBuf::new());
            p.base_dir = PathBuf::new();
            p.source_sha256 = None;
            p
        };
        assert_eq!(strip(&saved), strip(&plan));
    }

    #[test]
    fn a_draft_plan_does_not_validate_until_it_names_its_scores() {
        let text = Plan::draft().to_toml();
        let err = parse(&text).unwrap_err().to_string();
        assert!(err.contains("[model]"), "{err}");
    }

    #[test]
    fn defaults_fill_the_analysis_and_numbers_become_label_text() {
        let p = parse(MINIMAL).unwrap();
        assert_eq!(p.analysis, Analysis::default());
        assert_eq!(p.cohort.positive, "1");
        assert_eq!(p.acceptance[0].bound, Bound::CiLow);
        assert_eq!(p.interval_for(&p.acceptance[0]), IntervalKind::Delong);
        assert_eq!(p.resolve(Path::new("c.csv")), PathBuf::from("/base/c.csv"));
    }

    #[test]
    fn unknown_key_is_an_error_that_names_it() {
        let text = MINIMAL.replace("min = 0.7", "min = 0.7\nminimum = 0.8");
        let e = parse(&text).unwrap_err().to_string();
        assert!(e.contains("unknown field `minimum`"), "{e}");
    }

    #[test]
    fn model_and_predictions_together_are_refused() {
        let text =
            format!("{MINIMAL}\n[model]\npath = \"m.onnx\"\ninput = \"X\"\noutput = \"p\"\n");
        let e = parse(&text).unwrap_err().to_string();
        assert!(e.contains("not both"), "{e}");
    }

    #[test]
    fn a_plan_without_criteria_is_refused() {
        let text = MINIMAL.replace(
            "[[acceptance]]\n        metric = \"auc\"\n        min = 0.7",
            "",
        );
        let e = parse(&text).unwrap_err().to_string();
        assert!(e.contains("no [[acceptance]] criteria"), "{e}");
    }

    #[test]
    fn an_interval_the_metric_lacks_is_refused() {
        let text = MINIMAL.replace("min = 0.7", "min = 0.7\ninterval = \"wilson\"");
        let e = parse(&text).unwrap_err().to_string();
        assert!(e.contains("\"wilson\" is not computed for auc"), "{e}");
    }

    #[test]
    fn round_trips_through_toml() {
        let mut p = parse(MINIMAL).unwrap();
        let mut again = parse(&p.to_toml()).unwrap();
        assert_ne!(p.source_sha256, again.source_sha256, "the text differs");
        p.source_sha256 = None;
        again.source_sha256 = None;
        assert_eq!(p, again);
    }
}
