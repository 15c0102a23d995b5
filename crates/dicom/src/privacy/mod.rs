//! What of a DICOM header identifies a person: the Annex E table, and the guard that checks
//! every output for the identifier values the headers held.

pub mod annex_e;
pub mod guard;

pub use guard::{Collector, Guard};
