//! The engine's typed errors. Each one names the file, row, column or tensor at fault and says
//! what to do, because the reader is a physicist at a workstation, not the author of this code.

use std::path::PathBuf;

/// Everything that stops a validation run. Rows that merely cannot be scored are not errors:
/// they become [`crate::cohort::Exclusion`]s and are counted in the report.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "cannot read {what} {path}: {source}. Check that the path is right (relative paths in a plan are relative to the plan file)."
    )]
    Read {
        what: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },

    /// A user-named file that is not a regular file (a named pipe would block the run for ever).
    #[error("{what} {path} is {kind}, not a file. Name a regular file saved on disk.")]
    NotAFile {
        what: &'static str,
        path: PathBuf,
        kind: &'static str,
    },

    #[error("plan {path} is not valid TOML for a validation plan:\n{message}")]
    PlanSyntax { path: PathBuf, message: String },

    #[error("plan {path}: {message}")]
    PlanInvalid { path: PathBuf, message: String },

    #[error("{path}: {message}")]
    Csv { path: PathBuf, message: String },

    /// `available` lists every column name (quoted, bounded in length), or is empty when the
    /// first line does not look like a table header: then nothing of the file is repeated.
    #[error(
        "{path} has no column \"{column}\" (named as the {role} in the plan). {}",
        columns_advice(.available)
    )]
    MissingColumn {
        path: PathBuf,
        column: String,
        role: String,
        available: String,
    },

    /// The id itself is not repeated: it is a join key (an accession number, a patient's).
    #[error(
        "{path}: lines {first_line} and {second_line} have the same id. Each case needs a unique id; remove or rename the duplicate."
    )]
    DuplicateId {
        path: PathBuf,
        first_line: u64,
        second_line: u64,
    },

    #[error("{path}: {message}")]
    Labels { path: PathBuf, message: String },

    /// A DICOM cohort folder that holds no DICOM file `check` can read.
    #[error("{path}: {message}")]
    DicomFolder { path: PathBuf, message: String },

    #[error(
        "no case in {path} can be evaluated ({rows} rows read, {excluded} excluded{reasons}). A validation needs cases of both classes."
    )]
    EmptyCohort {
        path: PathBuf,
        rows: usize,
        excluded: usize,
        reasons: String,
    },

    #[error("{0}")]
    Runtime(String),

    #[error("model {path}: {message}")]
    Model { path: PathBuf, message: String },

    #[error("the run was cancelled")]
    Cancelled,

    #[error(
        "cannot write {path}: {source}. Check that the output folder is writable and has space."
    )]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },

    /// A sharded run's work folder (`provestein prepare/score/merge`): a file missing, changed
    /// or from another run, named.
    #[error("{path}: {message}")]
    Shard { path: PathBuf, message: String },

    #[error("vendor manifest {path}: {message}")]
    Manifest { path: PathBuf, message: String },

    #[error("{0}")]
    Fidelity(String),

    #[error(
        "run history {path}: {message}. Choose another file with --history PATH, or run without one (--no-history)."
    )]
    History { path: PathBuf, message: String },

    /// The history refuses a step to keep its record trustworthy (a run claimed by another
    /// process, an edited journal): the message says what to do, and another file would not help.
    #[error("run history {path}: {message}.")]
    HistoryRefused { path: PathBuf, message: String },

    #[error(
        "cannot make the {format} report: {message}. This is a bug in Prøvestein; report.json was still written, please send it with this message."
    )]
    Render {
        format: &'static str,
        message: String,
    },

    /// An explanation (occlusion map) that cannot be made: the plan has no image model, or an
    /// image cannot be decoded or scored.
    #[error("{0}")]
    Explain(String),

    /// An output would carry a patient identifier met in the DICOM headers (`privacy::guard`);
    /// the value itself is never repeated.
    #[error(
        "{path} was not written: its text contains the value of {keyword} from a DICOM header of the cohort. Remove it from the plan (study name, subgroups, labels) or rename the cohort's folders and files; no output may carry a patient identifier."
    )]
    Identifier {
        path: PathBuf,
        keyword: &'static str,
    },

    /// A report.json whose layout version this version of Prøvestein does not know: it is
    /// refused rather than read with defaults in place of what it holds.
    #[error(
        "{what} has schema_version {found}; this version of Prøvestein reads schema_version {supported:?}. Open it with the version of Prøvestein that wrote it (its provenance names it)."
    )]
    ReportVersion {
        what: String,
        found: String,
        supported: &'static [u32],
    },

    /// A report.json of a known version whose keys or values are not what that version writes
    /// (a renamed, missing or extra key, a value of the wrong type).
    #[error("{what} does not read as a Prøvestein report: {message}.")]
    Report { what: String, message: String },

    #[error(
        "pseudonym key {path} {message}. Case ids of DICOM cohorts are pseudonyms made with this key."
    )]
    PseudonymKey { path: PathBuf, message: String },

    /// `evaluate` was given outcomes that leave units of the prepared cohort unscored: never
    /// scored silently, named by their pseudonymous ids (the first few).
    #[error(
        "{count} unit(s) of the cohort have no outcome ({}); score them and merge their outcomes before evaluating",
        .ids.join(", ")
    )]
    Unscored { count: usize, ids: Vec<String> },

    /// `evaluate` was given a unit's outcome twice (overlapping parts).
    #[error(
        "{count} unit(s) of the cohort were scored more than once ({}); score each unit in one part only",
        .ids.join(", ")
    )]
    ScoredTwice { count: usize, ids: Vec<String> },

    /// Outcomes that do not belong to the prepared run (another run key, an unknown unit or
    /// source, a selection outside the cohort).
    #[error("{0}")]
    Outcomes(String),
}

impl Error {
    /// The process exit code `provestein batch` uses for this error (0–2 are verdicts).
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Runtime(_) | Error::Model { .. } => 4,
            Error::Write { .. }
            | Error::Render { .. }
            | Error::History { .. }
            | Error::HistoryRefused { .. }
            | Error::Identifier { .. }
            | Error::PseudonymKey { .. } => 5,
            Error::Fidelity(_) => 6,
            Error::Cancelled => 130,
            _ => 3,
        }
    }
}

/// What a missing-column message says about the columns there are.
fn columns_advice(available: &str) -> String {
    if available.is_empty() {
        "The file does not look like a CSV table: its first line does not name columns. Check that the plan names the right file.".to_string()
    } else {
        format!("Columns present: {available}. Fix the name in the plan or the header in the file.")
    }
}

/// Longest user value (a CSV cell, a label) a message or an exclusion quotes, in characters.
pub const QUOTE_MAX: usize = 80;

/// A value from a user's file as a message quotes it: in double quotes, cut to [`QUOTE_MAX`]
/// characters with an ellipsis, control characters shown as U+FFFD, so that a hostile cell can
/// neither flood a terminal or a report nor break a line.
pub fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len().min(4 * QUOTE_MAX) + 5);
    out.push('"');
    for (n, c) in value.chars().enumerate() {
        if n == QUOTE_MAX {
            out.push('…');
            break;
        }
        out.push(if c.is_control() { '\u{fffd}' } else { c });
    }
    out.push('"');
    out
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_quoted_short_and_on_one_line() {
        assert_eq!(quote("neg"), "\"neg\"");
        let long = "å".repeat(QUOTE_MAX + 1);
        assert_eq!(quote(&long), format!("\"{}…\"", "å".repeat(QUOTE_MAX)));
        assert_eq!(
            quote(&"å".repeat(QUOTE_MAX)),
            format!("\"{}\"", "å".repeat(QUOTE_MAX))
        );
        assert_eq!(quote("a\nb\x1b[2J"), "\"a\u{fffd}b\u{fffd}[2J\"");
    }
}
