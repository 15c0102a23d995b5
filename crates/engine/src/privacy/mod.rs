//! No identifier in any output, by construction and by check (docs/privacy.md).
//!
//! * [`annex_e`]: DICOM PS3.15 Annex E Table E.1-1, generated into the code; its attributes
//!   are never a subgroup, filter or output value.
//! * [`pseudonym`]: case ids taken from paths or UIDs become keyed-hash pseudonyms.
//! * [`guard`]: identifier values met in the headers are searched for in every output before
//!   it is written.
//! * [`ids`]: CSV ids that look like identifiers (fødselsnummer, a header's PatientID) warned of.

pub mod ids;
pub mod pseudonym;

pub use provestein_dicom::privacy::{Collector, Guard, annex_e, guard};
pub use pseudonym::Pseudonymizer;
