//! What a segmentation run computed, as data below the code that computes it (report.json's
//! `segmentation` object when `[study] task = "segmentation"`). The report and the app read
//! these; `segmentation::evaluate` fills them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::metrics::nullable;
use crate::metrics::segmentation::Presence;
use crate::metrics::segmentation::summary::{Detection, FigureSummary, ShareWithin};

/// The figures of a segmentation product (`TaskEvaluation::Segmentation`), flattened into
/// report.json beside `"task": "segmentation"`.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SegmentationEvaluation {
    pub segmentation: SegmentationFigures,
}

/// report.json `segmentation`: the conventions and, per structure, every case and the summary.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SegmentationFigures {
    /// What one case is: "image" (a slice, 2-D figures) or "series" (3-D figures).
    pub unit: String,
    pub conventions: Conventions,
    /// By the plan's structure name (`[[structure]] name`), in report.json as an object.
    pub structures: BTreeMap<String, StructureFigures>,
    /// The worst cases of each structure as image tiles for the report and the app (in memory
    /// only: pixels never go to report.json).
    #[serde(skip)]
    pub tiles: Vec<Tile>,
}

/// How both-empty cases enter the means (`[segmentation] both_empty`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BothEmpty {
    /// Dice = IoU = NSD = 1 and distances 0, in every mean; counted apart as well.
    Reported,
    /// Left out of the figures' means and medians (null per case); counted apart.
    LeftOut,
}

/// The conventions every figure follows, stated in the report's Methods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Conventions {
    /// Probability threshold (or "argmax" when the model's channels compete).
    pub binarise: String,
    pub nsd_tolerance_mm: f64,
    pub both_empty: BothEmpty,
    /// A missed structure or a false alarm: Dice 0 and every distance this long (the image's
    /// physical diagonal), never left out of a mean.
    pub worst_distance: String,
    /// How an RTSTRUCT polygon becomes a mask (pixel centres inside, even–odd).
    pub rasterisation: String,
    /// Surface and HD95 conventions (border voxels, face connectivity, max of directed 95th).
    pub surface: String,
    /// The interval method of the means and medians, and of the shares within a tolerance.
    pub intervals: String,
}

/// One structure: every case and the summary.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct StructureFigures {
    /// Names the truth used for this structure (after alias matching), as found in the files.
    pub matched_names: Vec<String>,
    pub cases: Vec<SegmentationCase>,
    pub summary: StructureSummary,
    /// Figures per subgroup (attribute, group), with the guardrails of the binary subgroups.
    pub subgroups: Vec<SegmentationSubgroup>,
    /// Case ids of the worst cases (lowest Dice, then highest HD95), worst first: the tiles.
    pub worst: Vec<String>,
}

/// One case of one structure (report.json `segmentation.structures.<name>.cases[]`).
/// Figures are null when left out (both empty under `both_empty = "left_out"`). Volumes in mL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SegmentationCase {
    /// The case id (a pseudonym for DICOM cases).
    pub case: String,
    pub presence: Presence,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub dice: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub iou: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub hd: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub hd95: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub assd: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub nsd: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub volume_truth: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub volume_pred: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub volume_difference: f64,
    pub truth_empty: bool,
    pub pred_empty: bool,
    /// Attribute values in the plan's subgroup order.
    pub subgroups: Vec<String>,
}

/// report.json `segmentation.structures.<name>.summary`.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct StructureSummary {
    /// Cases evaluated for this structure, and the patients they come from.
    pub cases: usize,
    pub patients: usize,
    pub both_empty: usize,
    /// Truth present, prediction empty.
    pub missed: usize,
    /// Truth empty, prediction present.
    pub false_alarm: usize,
    pub dice: FigureSummary,
    pub iou: FigureSummary,
    pub hd: FigureSummary,
    pub hd95: FigureSummary,
    pub assd: FigureSummary,
    pub nsd: FigureSummary,
    pub volume_difference: FigureSummary,
    /// The shares within the tolerances of `[segmentation] tolerances` and of the criteria.
    pub share_within: Vec<ShareWithin>,
    pub detection: Detection,
}

/// A subgroup's figures for one structure.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SegmentationSubgroup {
    pub attribute: String,
    pub group: String,
    pub cases: usize,
    pub patients: usize,
    /// False when the group is below `[analysis] min_group_n` (figures shown, not judged).
    pub sufficient: bool,
    pub dice: FigureSummary,
    pub hd95: FigureSummary,
}

/// A worst case drawn for the report: the slice where truth and prediction disagree most,
/// windowed to 8 bits, with both masks on the same pixels (row-major, `width`×`height`).
#[derive(Debug, Clone, PartialEq)]
pub struct Tile {
    pub structure: String,
    pub case: String,
    /// The slice's index in the case (0 for an image unit).
    pub slice: usize,
    pub dice: f64,
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
    pub truth: Vec<bool>,
    pub prediction: Vec<bool>,
}

/// Figure names as report.json and the plan's criteria write them, in report order.
pub const FIGURES: [&str; 7] = [
    "dice",
    "iou",
    "hd",
    "hd95",
    "assd",
    "nsd",
    "volume_difference",
];

impl StructureSummary {
    /// The summary of a figure by its report.json name.
    pub fn figure(&self, name: &str) -> Option<&FigureSummary> {
        Some(match name {
            "dice" => &self.dice,
            "iou" => &self.iou,
            "hd" => &self.hd,
            "hd95" => &self.hd95,
            "assd" => &self.assd,
            "nsd" => &self.nsd,
            "volume_difference" => &self.volume_difference,
            _ => return None,
        })
    }
}

impl SegmentationCase {
    /// A figure of this case by its report.json name.
    pub fn figure(&self, name: &str) -> Option<f64> {
        Some(match name {
            "dice" => self.dice,
            "iou" => self.iou,
            "hd" => self.hd,
            "hd95" => self.hd95,
            "assd" => self.assd,
            "nsd" => self.nsd,
            "volume_difference" => self.volume_difference,
            _ => return None,
        })
    }
}
