//! Prøvestein's engine: validate a vendor's AI model on a hospital's own cases.
//!
//! The flow is **Plan → Run → Evaluation → Report**:
//!
//! ```no_run
//! # fn main() -> Result<(), provestein::Error> {
//! let plan = provestein::Plan::load("sample-studies/breast-cancer/plan.toml".as_ref())?;
//! let eval = provestein::run(&plan, &provestein::Control::silent())?;
//! provestein::report::write_all(&eval, "out".as_ref())?;
//! println!("{}", eval.acceptance.verdict.label());
//! # Ok(()) }
//! ```
//!
//! This crate has no GUI dependency and opens no network connection; the desktop app and the
//! `batch` command are thin clients of this API.

pub mod acceptance;
pub mod cohort;
pub mod error;
pub mod evaluation;
pub mod explain;
pub mod flags;
pub mod history;
pub mod i18n;
pub mod metrics;
pub mod model;
pub mod plan;
pub mod privacy;
pub mod provenance;
pub mod report;
pub mod run;
pub mod sample_size;
pub mod user_file;

pub use acceptance::Verdict;
pub use error::{Error, Result};
pub use evaluation::Evaluation;
pub use plan::Plan;
pub use run::{Control, Progress, run};
