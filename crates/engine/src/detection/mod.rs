//! Detection as a task kind (`[study] task = "detection"`): the model's marks matched to truth
//! lesions, lesion-level figures (FROC, sensitivity at FP rates, CPM) and the unit-level score
//! analysed as a binary classifier's.

pub mod evaluate;
pub mod figures;
pub mod read;
pub(crate) mod score;

pub use figures::DetectionEvaluation;
