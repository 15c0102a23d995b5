//! The report's sections for a detection product (`TaskEvaluation::Detection`): the FROC curve
//! with intervals, sensitivity at each FP rate and the CPM, lesions by size and type, marks
//! and "right unit, wrong place"; and what the shared sections say for this kind of task. The
//! unit-level figures are the binary sections, read from `DetectionEvaluation::unit_level`.
//!
//! CONTRACT (issue 17): the detection helper fills these in.

use super::Builder;
use crate::detection::DetectionEvaluation;

impl Builder<'_> {
    pub(super) fn detection_sections(&mut self, d: &DetectionEvaluation) {
        let _ = d;
    }

    pub(super) fn detection_not_covered(&mut self, d: &DetectionEvaluation) {
        let _ = d;
    }

    pub(super) fn detection_truth(&self, d: &DetectionEvaluation) -> String {
        let _ = d;
        String::new()
    }

    pub(super) fn detection_conventions(&self, d: &DetectionEvaluation) -> Vec<String> {
        let _ = d;
        Vec::new()
    }
}
