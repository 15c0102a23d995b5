//! Cases with ground truth and attributes, read from where the hospital keeps them. Rows that
//! cannot be used become [`Exclusion`]s with a reason; none is dropped silently.
//!
//! Invariant: patient identifiers never leave this module. A case carries only the id column
//! the plan names (a pseudonym), its label, its model inputs, its subgroup attributes and, in
//! memory only, its date (for the analysis over time, which reports months and quarters).
//!
//! The types (`Case`, `Exclusion`, `ExclusionReason`) are `provestein_types::cohort`; the
//! DICOM readers are the `provestein_dicom` crate.

pub mod csv;
pub mod images;
pub mod table;

pub use provestein_dicom::{codestream, dicom, pixels, prescan, rle, survey, view};
pub use provestein_types::cohort::*;
