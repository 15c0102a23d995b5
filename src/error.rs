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

    #[error("plan {path} is not valid TOML for a validation plan:\n{message}")]
    PlanSyntax { path: PathBuf, message: String },

    #[error("plan {path}: {message}")]
    PlanInvalid { path: PathBuf, message: String },

    #[error("{path}: {message}")]
    Csv { path: PathBuf, message: String },

    #[error(
        "{path} has no column \"{column}\" (named as the {role} in the plan). Columns present: {available}. Fix the name in the plan or the header in the file."
    )]
    MissingColumn {
        path: PathBuf,
        column: String,
        role: String,
        available: String,
    },

    #[error(
        "{path}: id \"{id}\" appears twice (lines {first_line} and {second_line}). Each case needs a unique id; remove or rename the duplicate."
    )]
    DuplicateId {
        path: PathBuf,
        id: String,
        first_line: u64,
        second_line: u64,
    },

    #[error("{path}: {message}")]
    Labels { path: PathBuf, message: String },

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

    #[error("vendor manifest {path}: {message}")]
    Manifest { path: PathBuf, message: String },

    #[error("{0}")]
    Fidelity(String),

    #[error(
        "run history {path}: {message}. Choose another file with --history PATH, or run without one (--no-history)."
    )]
    History { path: PathBuf, message: String },

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

    #[error(
        "pseudonym key {path} {message}. Case ids of DICOM cohorts are pseudonyms made with this key."
    )]
    PseudonymKey { path: PathBuf, message: String },
}

impl Error {
    /// The process exit code `provestein batch` uses for this error (0–2 are verdicts).
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Runtime(_) | Error::Model { .. } => 4,
            Error::Write { .. }
            | Error::Render { .. }
            | Error::History { .. }
            | Error::Identifier { .. }
            | Error::PseudonymKey { .. } => 5,
            Error::Fidelity(_) => 6,
            Error::Cancelled => 130,
            _ => 3,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
