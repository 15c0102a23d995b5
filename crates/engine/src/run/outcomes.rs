//! What `score` yields and `evaluate` reads: each unit's outcome per score source, from one
//! part of the cohort or from several merged. Data only, below both steps.

use serde::{Deserialize, Serialize};

use super::control::{MAIN, Outcome};
use crate::error::{Error, Result};

/// Outcomes of scored units, tagged with the run key of the `Prepared` they were scored from.
/// Parts merge in any order; a unit scored in two parts is kept twice, so that `evaluate`
/// refuses it instead of choosing one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Outcomes {
    /// `Prepared::run_key` of the run these belong to (empty: no part yet).
    pub run_key: String,
    pub scored: Vec<Scored>,
}

/// One unit scored by one source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scored {
    pub source: Source,
    /// The unit's id (`Unit::id`: pseudonymous for DICOM cases).
    pub unit: crate::Id,
    /// A score or why there is none: one for a CSV row or a vendor score, one per image (in
    /// the case's image order) for a DICOM case scored by a model; one for a segmentation
    /// case (Ok when its figures are in `segmentation`).
    pub outcomes: Vec<Outcome>,
    /// A segmentation case's figures per structure (absent in binary runs and old journals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// Boxed, as `findings` and `marks` are short: a binary run holds a million of these.
    pub segmentation: Option<Box<crate::segmentation::outcome::SegmentationOutcome>>,
    /// A multi-finding unit's K scores in `[[finding]]` order, activation applied (absent in
    /// other runs and old journals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub findings: Option<Vec<f64>>,
    /// A detection unit's marks found by the model (`[marks] kind = "model"`), in patient mm
    /// (absent in other runs and old journals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marks: Option<Vec<crate::detection::read::UnitMark>>,
    /// With `marks`: the model's output rows below `[marks] min_score` (padding), counted in
    /// `detection.sources.padding_rows`.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub padding_rows: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// A score source of the plan: its own model or vendor scores, or a `[[compare]]` (by name,
/// which may be anything, "main" too).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Main,
    Compare(String),
}

impl Source {
    /// The name the journal records this source's outcomes under.
    pub fn journal_name(&self) -> &str {
        match self {
            Source::Main => MAIN,
            Source::Compare(name) => name,
        }
    }
}

impl Outcomes {
    /// Combines two parts of one run. Parts of different runs (another cohort, model,
    /// preprocessing or runtime) are refused.
    pub fn merge(mut self, other: Outcomes) -> Result<Outcomes> {
        if self.run_key.is_empty() {
            self.run_key = other.run_key;
        } else if !other.run_key.is_empty() && other.run_key != self.run_key {
            return Err(Error::Outcomes(format!(
                "these outcomes were scored for another run (run key {} against {}): the cohort, model, preprocessing or ONNX Runtime differ; score every part from the same prepared run",
                short(&other.run_key),
                short(&self.run_key)
            )));
        }
        self.scored.extend(other.scored);
        Ok(self)
    }
}

/// The first 12 hex digits of a key, for messages.
pub(super) fn short(key: &str) -> &str {
    key.get(..12).unwrap_or(key)
}
