//! Detection as a task kind (`[study] task = "detection"`): the model's marks matched to truth
//! lesions, lesion-level figures (FROC, sensitivity at FP rates, CPM) and the unit-level score
//! analysed as a binary classifier's.

pub mod figures;

pub use figures::DetectionEvaluation;
