//! What of a DICOM header identifies a person: the Annex E table, and the guard that checks
//! every output for the identifier values the headers held; and images whose pixels may show
//! text (`burned_in`), never drawn into a report.

pub mod annex_e;
pub mod burned_in;
pub mod guard;

pub use guard::{Collector, Guard};
