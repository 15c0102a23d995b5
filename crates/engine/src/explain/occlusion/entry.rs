//! What an occlusion map run records: each case's outcome class and the map written for it.
//! Plain data, below the code that makes the maps (`cases`) and the evaluation that lists
//! them (`Evaluation::occlusion_maps`).

use serde::{Deserialize, Serialize};

/// Where a case falls at the plan's threshold (score ≥ threshold is positive, as
/// `metrics/confusion.rs` decides).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ExplainOutcome {
    Tp,
    Fp,
    Fn,
    Tn,
}

impl ExplainOutcome {
    pub const ALL: [ExplainOutcome; 4] = [
        ExplainOutcome::Tp,
        ExplainOutcome::Fp,
        ExplainOutcome::Fn,
        ExplainOutcome::Tn,
    ];

    pub fn of(label: bool, score: f64, threshold: f64) -> ExplainOutcome {
        match (label, score >= threshold) {
            (true, true) => ExplainOutcome::Tp,
            (false, true) => ExplainOutcome::Fp,
            (true, false) => ExplainOutcome::Fn,
            (false, false) => ExplainOutcome::Tn,
        }
    }

    /// "fn": in file names, index.csv and on the command line.
    pub fn code(self) -> &'static str {
        match self {
            ExplainOutcome::Tp => "tp",
            ExplainOutcome::Fp => "fp",
            ExplainOutcome::Fn => "fn",
            ExplainOutcome::Tn => "tn",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ExplainOutcome::Tp => "true positive",
            ExplainOutcome::Fp => "false positive",
            ExplainOutcome::Fn => "false negative",
            ExplainOutcome::Tn => "true negative",
        }
    }
}

/// One map written: what the report and index.csv list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OcclusionEntry {
    /// The case's id, as in predictions.csv.
    pub id: String,
    pub outcome: ExplainOutcome,
    /// The case's score (for a series or study: the aggregate of its images).
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub score: f64,
    /// The explained image's own score, the one the map's drops are taken from.
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub image_score: f64,
    /// The largest drop of any one patch position.
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub score_drop_max: f64,
    /// The PNG, relative to the output folder ("explain/…png").
    pub file: String,
    /// Which of the case's images was explained (1-based), of how many.
    pub image: usize,
    pub images: usize,
    pub positions: usize,
}

impl OcclusionEntry {
    /// For index.csv: which image this is, in words.
    pub fn image_note(&self) -> String {
        match (self.images, self.image) {
            (1, _) => "the case's only image".into(),
            (n, 1) => format!("image 1 of {n}: the case's first image"),
            (n, k) => format!("image {k} of {n}: the case's first image that could be decoded"),
        }
    }
}
