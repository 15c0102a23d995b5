//! What a caller hands a run: the progress callback, the cancel flag, the ONNX Runtime path and
//! the `Journal` model outputs are recorded in as they are produced.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use crate::cohort::ExclusionReason;
use crate::error::{Error, Result};
use crate::metrics::{Cancelled, Watch};

/// What a run reports while it works.
#[derive(Debug, Clone, PartialEq)]
pub enum Progress {
    /// A new stage begins; `total` units of work follow (0 when unknown).
    Stage { name: &'static str, total: u64 },
    /// `n` more units of the current stage are done.
    Advance(u64),
    /// `n` units of the current stage taken as an interrupted run recorded them (a resumed
    /// run): done, but not this run's work, so a rate leaves them out.
    Reused(u64),
    /// The stages still to come, in order, each with what it is expected to cost (its
    /// `Stage` messages follow; the current stage is the first): announced once the cohort is
    /// read, so that one bar can span the run (`crate::run::cost`). Not every run announces it.
    Stages(Vec<Planned>),
}

/// A stage a run expects to go through and its weight: the seconds it took per unit on the
/// machine the costs were measured on, times its units. Only the ratios mean anything here.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub name: &'static str,
    pub weight: f64,
}

/// A model's score for one unit (a CSV case, or one DICOM image), or why it has none.
pub type Outcome = std::result::Result<f64, (ExclusionReason, String)>;

/// Where a run makes each model output durable as soon as it is produced, and where a resumed
/// run finds what an interrupted one had already scored, so that a run killed half-way (power
/// loss, `kill -9`) goes on from there and ends with the same numbers. `history` implements it
/// on SQLite. Units are keyed by case id (CSV) or by file path in the cohort folder (DICOM);
/// `source` is "main" or a `[[compare]]` name.
pub trait Journal: Send + Sync {
    fn recorded(&self, source: &str) -> Result<HashMap<String, Outcome>>;
    fn record(&self, source: &str, outcomes: &[(String, Outcome)]) -> Result<()>;
}

/// Progress callback, cancel flag and run-time settings for one run.
pub struct Control {
    sink: Box<dyn Fn(Progress) + Send + Sync>,
    cancel: Arc<AtomicBool>,
    /// Explicit ONNX Runtime library (CLI flag or GUI setting); see `model::runtime::load`.
    pub onnxruntime: Option<PathBuf>,
    /// Model outputs are recorded here as they are produced; already recorded units are not
    /// scored again.
    pub journal: Option<Arc<dyn Journal>>,
    /// The key DICOM case ids are pseudonymised with (`privacy::pseudonym`); None: the one
    /// beside the default history. Made on first use.
    pub pseudonym_key: Option<PathBuf>,
    /// The caller writes a report after the evaluation (the session does): its stage is
    /// announced with the run's own in `Progress::Stages`.
    pub report_after: bool,
}

impl Control {
    pub fn new(sink: impl Fn(Progress) + Send + Sync + 'static) -> Self {
        Control {
            sink: Box::new(sink),
            cancel: Arc::new(AtomicBool::new(false)),
            onnxruntime: None,
            journal: None,
            pseudonym_key: None,
            report_after: false,
        }
    }

    /// No progress reporting (tests, scripts).
    pub fn silent() -> Self {
        Control::new(|_| {})
    }

    /// Set this flag from any thread to stop the run at the next batch.
    pub fn cancel_flag(&self) -> Arc<AtomicBool> {
        self.cancel.clone()
    }

    pub(crate) fn report(&self, p: Progress) {
        (self.sink)(p)
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// What the journal holds for `source` (nothing without a journal).
    pub(crate) fn recorded(&self, source: &str) -> Result<HashMap<String, Outcome>> {
        match &self.journal {
            Some(j) => j.recorded(source),
            None => Ok(HashMap::new()),
        }
    }

    pub(crate) fn record(&self, source: &str, outcomes: &[(String, Outcome)]) -> Result<()> {
        match &self.journal {
            Some(j) if !outcomes.is_empty() => j.record(source, outcomes),
            _ => Ok(()),
        }
    }

    /// The pseudonymizer of this installation (or of `pseudonym_key`).
    pub(crate) fn pseudonymizer(&self) -> Result<crate::privacy::Pseudonymizer> {
        let path = self
            .pseudonym_key
            .clone()
            .unwrap_or_else(crate::privacy::pseudonym::default_key_path);
        crate::privacy::Pseudonymizer::load_or_create(&path)
    }

    pub(crate) fn check(&self) -> Result<()> {
        if self.is_cancelled() {
            Err(Error::Cancelled)
        } else {
            Ok(())
        }
    }
}

/// The statistics stop when the run is cancelled (a bootstrap asks before each replicate);
/// nothing is reported. For loops whose replicates the stage's total does not count.
impl Watch for Control {
    fn stopped(&self) -> bool {
        self.is_cancelled()
    }
    fn done(&self, _: u64) {}
}

/// The run's cancel error for a computation the statistics stopped.
pub(crate) fn cancelled(_: Cancelled) -> Error {
    Error::Cancelled
}

/// Bootstrap replicates reported as the current stage's progress (its total counts them), in
/// steps of [`Replicates::STEP`]: a replicate of a small cohort takes microseconds, less than
/// a message about it. Cancel is asked before each replicate; what is pending when it is
/// dropped is reported then.
pub(crate) struct Replicates<'a> {
    ctl: &'a Control,
    pending: AtomicU64,
}

impl<'a> Replicates<'a> {
    const STEP: u64 = 16;

    pub(crate) fn new(ctl: &'a Control) -> Self {
        Replicates {
            ctl,
            pending: AtomicU64::new(0),
        }
    }

    fn flush(&self) {
        let n = self.pending.swap(0, Ordering::Relaxed);
        if n > 0 {
            self.ctl.report(Progress::Advance(n));
        }
    }
}

impl Watch for Replicates<'_> {
    fn stopped(&self) -> bool {
        self.ctl.is_cancelled()
    }
    fn done(&self, n: u64) {
        if self.pending.fetch_add(n, Ordering::Relaxed) + n >= Self::STEP {
            self.flush();
        }
    }
}

impl Drop for Replicates<'_> {
    fn drop(&mut self) {
        self.flush();
    }
}

/// The journal's name for the plan's own score source.
pub const MAIN: &str = "main";

/// A journal key names the source and the exact cohort and model files it scored, so that a
/// resumed run never reuses outputs of a changed cohort or model.
pub(crate) fn journal_key(source: &str, cohort_sha256: &str, model_sha256: &str) -> String {
    format!("{source} {cohort_sha256} {model_sha256}")
}
