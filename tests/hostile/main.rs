//! Hostile and unusual input: DICOM files, scores and text that must end in exclusions or errors,
//! never a panic or hang; DICOM cohorts and pixel decoding.
//!
//! One test binary for these modules (linking the library once, not once per file: issue 15).

#[path = "../common/mod.rs"]
mod common;

mod dicom_cohort;
mod dicom_pixels;
mod hostile_dicom;
mod hostile_scores;
mod hostile_text;
