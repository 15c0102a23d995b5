//! Cases with ground truth and attributes, read from where the hospital keeps them. Rows that
//! cannot be used become [`Exclusion`]s with a reason; none is dropped silently.
//!
//! Invariant: patient identifiers never leave this module. A case carries only the id column
//! the plan names (a pseudonym), its label, its model inputs and its subgroup attributes.

pub mod csv;
pub mod dicom;
pub mod images;
pub mod pixels;
pub mod survey;
pub mod table;
pub mod view;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// One case that can be scored.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub id: String,
    /// Line in the cohort file, for messages.
    pub line: u64,
    /// Ground truth: true for the positive class.
    pub label: bool,
    /// Model inputs in the plan's feature order (empty when the vendor's scores are used).
    pub features: Vec<f32>,
    /// Attribute values in the plan's subgroup order; empty text when missing.
    pub subgroups: Vec<String>,
}

/// Why a row could not be evaluated. The names are stable: report.json counts by them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExclusionReason {
    /// The id column is empty.
    MissingId,
    /// The label column is empty or NA.
    MissingLabel,
    /// The label is neither the positive nor the negative value.
    UnknownLabel,
    /// A model input is empty, not a number, or infinite.
    BadFeature,
    /// The vendor's predictions have no row for this id.
    NoScore,
    /// The score (vendor's or model's) is not a finite number.
    BadScore,
    /// A file in a DICOM cohort folder that is not a DICOM file.
    NotDicom,
    /// A DICOM file that cannot be parsed (truncated, damaged).
    Unreadable,
    /// A DICOM object without an image (report, plan, waveform…).
    NoPixelData,
    /// Pixel data in an encoding the decoders do not support (e.g. 12-bit JPEG extended).
    UnsupportedSyntax,
    /// Pixel data that the decoder or the preprocessing could not turn into a tensor.
    DecodeError,
    /// An image with no row in the labels file.
    NoLabel,
    /// An image left out by the plan's `include` filter.
    Filtered,
    /// Images of one series or study whose labels disagree.
    ConflictingLabels,
    /// A file a DICOMDIR lists that is not in the folder.
    MissingFile,
}

impl ExclusionReason {
    pub fn describe(self) -> &'static str {
        match self {
            ExclusionReason::MissingId => "no id",
            ExclusionReason::MissingLabel => "no label",
            ExclusionReason::UnknownLabel => "label is neither class",
            ExclusionReason::BadFeature => "model input not a number",
            ExclusionReason::NoScore => "no vendor score",
            ExclusionReason::BadScore => "score not a finite number",
            ExclusionReason::NotDicom => "not DICOM",
            ExclusionReason::Unreadable => "unreadable DICOM",
            ExclusionReason::NoPixelData => "no pixel data",
            ExclusionReason::UnsupportedSyntax => "unsupported transfer syntax",
            ExclusionReason::DecodeError => "pixel data could not be decoded",
            ExclusionReason::NoLabel => "no label",
            ExclusionReason::Filtered => "left out by the include filter",
            ExclusionReason::ConflictingLabels => "conflicting labels in one unit",
            ExclusionReason::MissingFile => "listed in DICOMDIR but missing",
        }
    }
}

/// A row or file left out of the analysis, with enough detail to find and fix it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exclusion {
    pub id: String,
    /// Line in the cohort CSV (CSV cohorts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// File relative to the cohort folder (DICOM cohorts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    pub reason: ExclusionReason,
    pub detail: String,
}

/// The cohort as read: usable cases plus excluded rows.
#[derive(Debug, Clone)]
pub struct Cohort {
    pub path: PathBuf,
    /// Data rows in the file (blank lines not counted).
    pub rows: usize,
    pub cases: Vec<Case>,
    pub excluded: Vec<Exclusion>,
    pub subgroup_names: Vec<String>,
    /// The label values that mean positive and negative, as resolved from the plan and data.
    pub positive: String,
    pub negative: String,
}

/// Counts per reason, for summaries.
pub fn count_by_reason(excluded: &[Exclusion]) -> BTreeMap<ExclusionReason, usize> {
    let mut counts = BTreeMap::new();
    for e in excluded {
        *counts.entry(e.reason).or_default() += 1;
    }
    counts
}
