//! What the History step holds between frames: the runs listed, the checks and openings
//! under way. Below the step that draws it and the `App` that holds it.

use provestein::history::compare::RunComparison;
use provestein::history::{RunSummary, StoredRun, Verification};

use crate::gui::task::Task;

#[derive(Default)]
pub struct HistoryState {
    /// The runs as last read, and from which file.
    pub runs: Option<Result<Vec<RunSummary>, String>>,
    pub(crate) listing: Option<Task<Result<Vec<RunSummary>, String>>>,
    pub(crate) verifying: Option<Task<Result<Verification, String>>>,
    pub verification: Option<Result<Verification, String>>,
    /// Selected run ids, at most two: one opens it, two compare them (the first is A).
    pub selected: Vec<i64>,
    pub(crate) opening: Option<Task<Result<Opened, String>>>,
    pub opened: Option<Result<Opened, String>>,
    pub export_dir: String,
    pub exported: Option<Result<String, String>>,
}

/// What the panel below the list shows.
pub enum Opened {
    /// The run and its report.json, read (`StoredRun::evaluation`).
    One(std::sync::Arc<(StoredRun, provestein::Evaluation)>),
    Two(Box<RunComparison>),
}

impl HistoryState {
    pub fn seen(&self) -> bool {
        matches!(self.runs, Some(Ok(_)))
    }

    pub(crate) fn poll(&mut self) {
        if let Some(r) = self.listing.as_ref().and_then(Task::poll) {
            self.listing = None;
            self.runs = Some(r);
        }
        if let Some(r) = self.verifying.as_ref().and_then(Task::poll) {
            self.verifying = None;
            self.verification = Some(r);
        }
        if let Some(r) = self.opening.as_ref().and_then(Task::poll) {
            self.opening = None;
            self.opened = Some(r);
        }
    }

    pub fn is_busy(&self) -> bool {
        self.listing.is_some() || self.verifying.is_some() || self.opening.is_some()
    }
}
