//! Prøvestein: validate a vendor's AI model on a hospital's own cases.
//!
//! The library is the workspace's engine (`crates/engine`, with the statistics, DICOM, report
//! layout and shared types beneath it), re-exported whole so that `provestein::run`,
//! `provestein::Plan`, `provestein::report::…` and `provestein::metrics::…` are the paths the
//! binary, the app, the tests and the benches use.
//!
//! ```no_run
//! # fn main() -> Result<(), provestein::Error> {
//! let plan = provestein::Plan::load("sample-studies/breast-cancer/plan.toml".as_ref())?;
//! let eval = provestein::run(&plan, &provestein::Control::silent())?;
//! provestein::report::write_all(&eval, "out".as_ref())?;
//! println!("{}", eval.acceptance.verdict.label());
//! # Ok(()) }
//! ```

pub use provestein_engine::*;
