//! Detection as a task kind (`[study] task = "detection"`): the model's marks matched to truth
//! lesions, lesion-level figures (FROC, sensitivity at FP rates, CPM) and the unit-level score
//! analysed as a binary classifier's.

pub(crate) mod dicom;
pub mod evaluate;
pub mod figures;
pub(crate) mod found;
pub mod place;
pub(crate) mod predict;
pub mod read;
pub(crate) mod score;
pub(crate) mod tile;
pub mod view;

pub use figures::DetectionEvaluation;
