//! Cases with ground truth and attributes, read from where the hospital keeps them. Rows that
//! cannot be used become [`Exclusion`]s with a reason; none is dropped silently.
//!
//! Invariant: patient identifiers never leave this module. A case carries only the id column
//! the plan names (a pseudonym), its label, its model inputs, its subgroup attributes and, in
//! memory only, its date (for the analysis over time, which reports months and quarters).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// One case that can be scored.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub id: crate::Id,
    /// Line in the cohort file, for messages.
    pub line: u64,
    /// Ground truth: true for the positive class.
    pub label: bool,
    /// Model inputs in the plan's feature order (empty when the vendor's scores are used).
    pub features: Vec<f32>,
    /// Attribute values in the plan's subgroup order; empty text when missing.
    pub subgroups: Vec<crate::Id>,
    /// The case's date from the plan's `date` column, for the analysis over time; None when
    /// the plan names none or the value is not a date. Kept in memory only, never written.
    pub date: Option<jiff::civil::Date>,
    /// The case's patient from the plan's `patient` column (DICOM: PatientID), so that
    /// intervals account for several cases per patient (`metrics::clustered`); None without
    /// a patient key. Kept in memory only, never written.
    pub patient: Option<crate::Id>,
}

/// A date as cohorts write it: ISO 8601 `YYYY-MM-DD` (a time after it, following `T` or a
/// space, is ignored) or DICOM's `YYYYMMDD` (the DA value representation). Anything else,
/// including an impossible date such as 2024-02-30, is None: the case is then undated, which
/// excludes it from the analysis over time only.
pub fn parse_date(text: &str) -> Option<jiff::civil::Date> {
    let b = text.trim().as_bytes();
    let number = |from: usize, to: usize| -> Option<i32> {
        b.get(from..to)?.iter().try_fold(0i32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + i32::from(c - b'0'))
        })
    };
    let (y, m, d) = match b.len() {
        8 => (number(0, 4)?, number(4, 6)?, number(6, 8)?),
        n if n >= 10
            && b[4] == b'-'
            && b[7] == b'-'
            && (n == 10 || b[10] == b'T' || b[10] == b' ') =>
        {
            (number(0, 4)?, number(5, 7)?, number(8, 10)?)
        }
        _ => return None,
    };
    // Four digits each fit i16; two fit i8.
    jiff::civil::Date::new(y as i16, m as i8, d as i8).ok()
}

/// Why a row could not be evaluated. The names are stable: report.json counts by them.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
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
    /// ONNX Runtime failed on this unit (its batch, then the unit alone).
    InferenceFailed,
    /// The unit's batch ran past `[model] timeout_seconds` and was stopped.
    Timeout,
    /// The model cannot take this unit's input (e.g. an image size a fixed-size model refuses).
    Unscorable,
    /// A named pipe, device or socket in a DICOM cohort folder: refused unopened.
    SpecialFile,
    /// An image above the size limits: the plan's pixel budget, or compressed data that
    /// inflate beyond what the header says the image needs.
    TooLarge,
    /// A header value the image is read with (Rescale, Window, Bits, Rows/Columns against the
    /// pixel data) that is present but cannot be used.
    BadHeader,
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
            ExclusionReason::InferenceFailed => "the model failed on it",
            ExclusionReason::Timeout => "the model ran past the time limit",
            ExclusionReason::Unscorable => "cannot be scored by the model (input size or shape)",
            ExclusionReason::SpecialFile => "not a regular file",
            ExclusionReason::TooLarge => "image above the size limits",
            ExclusionReason::BadHeader => "unusable header value",
        }
    }
}

/// A row or file left out of the analysis, with enough detail to find and fix it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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

/// Longest exclusion detail, in characters: a value quoted in it is already cut to
/// [`crate::error::QUOTE_MAX`], so only a detail built carelessly reaches this.
pub const DETAIL_MAX: usize = 400;

impl Exclusion {
    /// An exclusion whose detail is at most [`DETAIL_MAX`] characters (cut with an ellipsis):
    /// details are printed, listed in the report and stored in the history, so a hostile cell
    /// quoted in one must not make any of them large. Quote user values with
    /// [`crate::error::quote`].
    pub fn new(
        id: &str,
        line: Option<u64>,
        file: Option<String>,
        reason: ExclusionReason,
        detail: String,
    ) -> Exclusion {
        let detail = match detail.char_indices().nth(DETAIL_MAX) {
            Some((cut, _)) => format!("{}…", &detail[..cut]),
            None => detail,
        };
        Exclusion {
            id: id.to_string(),
            line,
            file,
            reason,
            detail,
        }
    }
}

/// The cohort as read: usable cases plus excluded rows.
#[derive(Debug, Clone)]
pub struct Cohort<C = Case> {
    pub path: PathBuf,
    /// Data rows in the file (blank lines not counted).
    pub rows: usize,
    /// Each admitted row, as the reader's caller makes it from its `Case` (a run's units are
    /// made row by row: a million `Case`s held beside a million units were a third of the
    /// run's peak memory).
    pub cases: Vec<C>,
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

#[cfg(test)]
mod tests {
    use super::parse_date;
    use jiff::civil::Date;

    #[test]
    fn dates_are_read_as_iso_or_dicom_and_nothing_else() {
        let want = Some(Date::new(2024, 3, 7).unwrap());
        assert_eq!(parse_date("2024-03-07"), want);
        assert_eq!(parse_date("20240307"), want);
        assert_eq!(parse_date(" 20240307 "), want);
        assert_eq!(parse_date("2024-03-07T10:15:00"), want);
        assert_eq!(parse_date("2024-03-07 10:15"), want);
        for bad in [
            "",
            "NA",
            "2024-3-7",
            "07.03.2024",
            "03/07/2024",
            "2024-02-30",
            "20241301",
            "00000000",
            "2024-03-07x",
            "2024_03_07",
            "202403070",
            "2024-03-0é",
        ] {
            assert_eq!(parse_date(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn an_exclusion_detail_is_bounded() {
        use super::{DETAIL_MAX, Exclusion, ExclusionReason};
        let e = Exclusion::new(
            "a",
            Some(2),
            None,
            ExclusionReason::BadFeature,
            "x".repeat(100_000),
        );
        assert_eq!(e.detail.chars().count(), DETAIL_MAX + 1);
        assert!(e.detail.ends_with('…'));
        let short = Exclusion::new("a", None, None, ExclusionReason::MissingId, "é".into());
        assert_eq!(short.detail, "é");
    }
}
