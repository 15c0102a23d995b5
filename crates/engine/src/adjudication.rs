//! A reviewer's second look at a finished run's errors. On a false positive or negative the
//! reviewer records whether the reference standard was wrong, the model right, the model wrong,
//! or that it cannot be told; the history keeps every judgement (who, when, why) beside the run,
//! which never changes. The report then shows, beside the pre-specified result and clearly
//! apart from it, the same figures with the adjudicated labels: a sensitivity analysis, never a
//! new verdict.
//!
//! Convention: "reference standard wrong" and "model right" turn the case's label to the
//! model's call; "model wrong" and "cannot tell" keep the reference label. Only errors at the
//! run's threshold can be adjudicated, so an adjudication can only move a case from error to
//! agreement: the analysis is an upper bound on what a better reference standard would show,
//! which is why it never replaces the pre-specified result.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::Plan;
use crate::evaluation::{self, Evaluation};
use crate::results::{CaseResult, Metrics};

/// What the reviewer concluded about one error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Judgement {
    /// The reference standard is wrong for this case (the label was an error).
    ReferenceWrong,
    /// The model's call is right, the reference label notwithstanding.
    ModelRight,
    /// The model is wrong: the reference label stands.
    ModelWrong,
    /// It cannot be told from what the reviewer has.
    CannotTell,
}

impl Judgement {
    pub const ALL: [Judgement; 4] = [
        Judgement::ReferenceWrong,
        Judgement::ModelRight,
        Judgement::ModelWrong,
        Judgement::CannotTell,
    ];

    /// The stored and command-line name ("reference_wrong", …).
    pub fn as_str(self) -> &'static str {
        match self {
            Judgement::ReferenceWrong => "reference_wrong",
            Judgement::ModelRight => "model_right",
            Judgement::ModelWrong => "model_wrong",
            Judgement::CannotTell => "cannot_tell",
        }
    }

    /// Whether the adjudicated label is the model's call rather than the reference's.
    pub fn flips(self) -> bool {
        matches!(self, Judgement::ReferenceWrong | Judgement::ModelRight)
    }
}

impl std::str::FromStr for Judgement {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim().replace('-', "_");
        Judgement::ALL
            .into_iter()
            .find(|j| j.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown judgement \"{s}\" (expected reference_wrong, model_right, model_wrong or cannot_tell)"
                )
            })
    }
}

/// One recorded judgement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Adjudication {
    /// The case id as the run's outputs name it (pseudonymous for DICOM cases).
    pub case: String,
    pub judgement: Judgement,
    pub comment: String,
    pub user: String,
    /// RFC 3339 UTC.
    pub at: String,
}

/// report.json `adjudication`: the figures with adjudicated labels, beside (never instead of)
/// the pre-specified ones.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AdjudicatedAnalysis {
    /// False positives and negatives at the run's threshold: what could be adjudicated.
    pub errors: usize,
    /// Of those, how many were adjudicated, by judgement.
    pub reference_wrong: usize,
    pub model_right: usize,
    pub model_wrong: usize,
    pub cannot_tell: usize,
    /// Cases whose label the analysis takes as the model's call.
    pub flipped: usize,
    pub n_positive: usize,
    pub n_negative: usize,
    pub confusion: crate::metrics::confusion::Confusion,
    /// Every metric, with intervals computed as the run's (the patient key included).
    pub metrics: Metrics,
}

impl AdjudicatedAnalysis {
    pub fn adjudicated(&self) -> usize {
        self.reference_wrong + self.model_right + self.model_wrong + self.cannot_tell
    }
}

/// Whether a case of this label and score is an error (a false positive or negative) at
/// `threshold`.
pub fn is_error(label: bool, score: f64, threshold: f64) -> bool {
    (score >= threshold) != label
}

/// The analysis for a binary (or detection unit-level) evaluation with its cases, given the
/// latest judgement per case; None when nothing was adjudicated, the run has no binary
/// figures, or its intervals are patient-level and the cases no longer carry their patient
/// (a run read back from the history: patient keys are never stored), since case-level
/// intervals would then pass for patient-level ones. Judgements of cases that are not errors
/// (or not in the run) are left out.
pub fn analyse(eval: &Evaluation, judgements: &[Adjudication]) -> Option<AdjudicatedAnalysis> {
    let binary = eval.binary()?;
    analyse_cases(
        &eval.plan,
        binary.overall.threshold,
        &binary.cases,
        judgements,
    )
}

/// [`analyse`] from the parts it reads: the plan as run, the run's threshold and its cases (the
/// app hands these to a worker).
pub fn analyse_cases(
    plan: &Plan,
    threshold: f64,
    cases: &[CaseResult],
    judgements: &[Adjudication],
) -> Option<AdjudicatedAnalysis> {
    if plan.cohort.patient.is_some() && cases.iter().all(|c| c.patient.is_none()) {
        return None;
    }
    let by_case: HashMap<&str, Judgement> = judgements
        .iter()
        .map(|a| (a.case.as_str(), a.judgement))
        .collect();
    let mut counts = [0usize; 4];
    let mut errors = 0;
    let labels: Vec<bool> = cases
        .iter()
        .map(|c| {
            if !is_error(c.label, c.score, threshold) {
                return c.label;
            }
            errors += 1;
            match by_case.get(&*c.id) {
                Some(&j) => {
                    counts[Judgement::ALL
                        .iter()
                        .position(|x| *x == j)
                        .expect("one of ALL")] += 1;
                    if j.flips() { !c.label } else { c.label }
                }
                None => c.label,
            }
        })
        .collect();
    if counts.iter().sum::<usize>() == 0 {
        return None;
    }
    let scores: Vec<f64> = cases.iter().map(|c| c.score).collect();
    let mut analysis = plan.analysis.clone();
    analysis.threshold = threshold;
    let clusters = evaluation::clusters(plan, cases);
    let probabilities = evaluation::as_probabilities(&scores).is_some();
    let overall = evaluation::overall(
        &labels,
        &scores,
        &analysis,
        clusters.as_ref(),
        probabilities,
    );
    Some(AdjudicatedAnalysis {
        errors,
        reference_wrong: counts[0],
        model_right: counts[1],
        model_wrong: counts[2],
        cannot_tell: counts[3],
        flipped: counts[0] + counts[1],
        n_positive: overall.n_positive,
        n_negative: overall.n_negative,
        confusion: overall.confusion,
        metrics: overall.metrics,
    })
}
