//! Prøvestein's engine: validate a vendor's AI model on a hospital's own cases.
//!
//! The flow is **Plan → Run → Evaluation → Report**:
//!
//! ```no_run
//! # fn main() -> Result<(), provestein_engine::Error> {
//! let plan = provestein_engine::Plan::load("sample-studies/breast-cancer/plan.toml".as_ref())?;
//! let eval = provestein_engine::run(&plan, &provestein_engine::Control::silent())?;
//! provestein_engine::report::write_all(&eval, "out".as_ref())?;
//! println!("{}", eval.acceptance.verdict.label());
//! # Ok(()) }
//! ```
//!
//! The statistics (`metrics`), the shared types (`error`, `i18n`, `provenance`, the cohort's
//! types), the DICOM readers (`cohort::dicom`, `cohort::pixels` …) and the report's layout
//! (`report::doc`, `report::pdf`, `report::html`) are crates of their own, re-exported here
//! under the paths they always had.
//!
//! This crate has no GUI dependency and opens no network connection; the desktop app and the
//! `batch` command are thin clients of this API.

pub mod acceptance;
pub mod adjudication;
pub mod cohort;
pub mod detection;
pub mod evaluation;
pub mod explain;
pub mod findings;
pub mod flags;
pub mod history;
pub mod metric;
pub mod model;
pub mod plan_files;
pub mod privacy;
pub mod report;
pub mod results;
pub mod run;
pub mod sample_size;
pub mod segmentation;
pub mod session;
pub mod words;

pub use provestein_plan as plan;
pub use provestein_stats as metrics;
pub use provestein_types::{Id, error, i18n, id, provenance, user_file};

pub use acceptance::Verdict;
pub use error::{Error, Result};
pub use evaluation::Evaluation;
pub use plan::Plan;
pub use run::{Control, Progress, run};
