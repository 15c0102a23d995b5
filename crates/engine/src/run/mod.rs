//! One validation run, in three public steps: `prepare` (the plan as run, the cohort indexed
//! into units, the run key), `score` (any subset of units, with every score source of the
//! plan; model outputs journalled as they come) and `evaluate` (the figures, comparisons,
//! acceptance and flags, from the outcomes of every unit). `run` is the three in a row.
//! Progress goes to a callback (a terminal bar in `batch`, a channel in the GUI); a shared
//! flag cancels between batches.

mod batch;
pub mod control;
pub mod cost;
pub mod error_tiles;
pub(crate) mod evaluate;
pub(crate) mod images;
pub mod listing;
pub mod outcomes;
pub(crate) mod prepare;
mod score;
pub mod shard;
pub(crate) mod source;
mod unit;

use crate::error::Result;
use crate::evaluation::Evaluation;
use crate::plan::Plan;

pub use control::{Control, Journal, MAIN, Outcome, Planned, Progress};
pub use evaluate::evaluate;
pub use outcomes::{Outcomes, Scored, Source};
pub use prepare::{Prepared, prepare};
pub use score::score;
pub use unit::{DicomCase, Features, Image, Input, SegmentationInput, Unit};

/// Runs a validation plan end to end: every unit scored in one part, then evaluated.
pub fn run(plan: &Plan, ctl: &Control) -> Result<Evaluation> {
    let prepared = prepare(plan, ctl)?;
    if let Some(stages) = cost::announce(&prepared, ctl.report_after) {
        ctl.report(stages);
    }
    let outcomes = score(&prepared, &prepared.all(), ctl)?;
    evaluate::evaluate_owned(prepared, outcomes, ctl)
}
