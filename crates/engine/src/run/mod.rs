//! One validation run, in three public steps: `prepare` (the plan as run, the cohort indexed
//! into units, the run key), `score` (any subset of units, with every score source of the
//! plan; model outputs journalled as they come) and `evaluate` (the figures, comparisons,
//! acceptance and flags, from the outcomes of every unit). `run` is the three in a row.
//! Progress goes to a callback (a terminal bar in `batch`, a channel in the GUI); a shared
//! flag cancels between batches.

pub mod control;
mod evaluate;
mod images;
pub mod outcomes;
mod prepare;
mod score;

use crate::error::Result;
use crate::evaluation::Evaluation;
use crate::plan::Plan;

pub use control::{Control, Journal, Outcome, Progress};
pub use evaluate::evaluate;
pub use outcomes::{Outcomes, Scored, Source};
pub use prepare::{Image, Input, Prepared, Unit, prepare};
pub use score::score;

/// Runs a validation plan end to end: every unit scored in one part, then evaluated.
pub fn run(plan: &Plan, ctl: &Control) -> Result<Evaluation> {
    let prepared = prepare(plan, ctl)?;
    let outcomes = score(&prepared, &prepared.all(), ctl)?;
    evaluate(&prepared, &outcomes, ctl)
}

/// A journal key names the source and the exact cohort and model files it scored, so that a
/// resumed run never reuses outputs of a changed cohort or model.
fn journal_key(source: &str, cohort_sha256: &str, model_sha256: &str) -> String {
    format!("{source} {cohort_sha256} {model_sha256}")
}

/// The journal's name for the plan's own score source.
pub const MAIN: &str = "main";
