//! The report's sections for a multi-finding product (`TaskEvaluation::Multilabel` and
//! `Multiclass`): the per-finding table and forest plot, macro and micro AUC, and for classes
//! the confusion matrix, Hand & Till AUC and kappas; and what the shared sections say.
//!
//! CONTRACT (issue 17): the multi-finding helper fills these in.

use super::Builder;
use crate::findings::FindingsEvaluation;
use provestein_report::figures::Figure;

/// The patients the units come from, when the plan names a patient key.
pub(super) fn patients(f: &FindingsEvaluation) -> Option<(usize, usize)> {
    let first = f.findings.values().next()?;
    first.overall.n_patients.map(|m| (first.overall.n, m))
}

impl Builder<'_> {
    pub(super) fn findings_sections(&mut self, f: &FindingsEvaluation) {
        let _ = f;
    }

    pub(super) fn findings_not_covered(&mut self, f: &FindingsEvaluation) {
        let _ = f;
    }

    pub(super) fn findings_cohort(&self, f: &FindingsEvaluation) -> String {
        let _ = f;
        String::new()
    }

    pub(super) fn findings_identity(&self, f: &FindingsEvaluation) -> Vec<(String, String)> {
        let _ = f;
        Vec::new()
    }

    pub(super) fn findings_flow(
        &self,
        f: &FindingsEvaluation,
        kind_word: &str,
        excluded: Vec<String>,
    ) -> Figure {
        let _ = (f, kind_word, excluded);
        unimplemented!("issue 17: multi-finding helper")
    }

    pub(super) fn findings_truth(&self, f: &FindingsEvaluation) -> String {
        let _ = f;
        String::new()
    }

    pub(super) fn findings_conventions(&self, f: &FindingsEvaluation) -> Vec<String> {
        let _ = f;
        Vec::new()
    }

    pub(super) fn findings_limitations(&self, f: &FindingsEvaluation, lim: &mut Vec<String>) {
        let _ = (f, lim);
    }
}
