//! What each stage of a binary run will cost, so that one bar can span the run: a stage's
//! weight is its units times the seconds one unit took on the machine these were measured on
//! (`Progress::Stages`, announced once the cohort is read). Only the ratios matter for the
//! bar; the app scales them by this run's own pace for a time left.
//!
//! Measured with the release build on the 2-core development VM (2026-12-03, load 2.5–3.8 from
//! other work) from the stage times the app test `frames_on_a_100000_row_cohort_stay_under_50_ms`
//! prints (src/gui/progress_tests.rs: 20 000 and 100 000 generated vendor-scored cases with 0,
//! 2000 and 20 000 replicates, stages timed to a frame, about 20 ms); `stage_costs` in
//! tests/workflow/progress.rs prints the same from a session alone. The model, header and image
//! costs are not measured here: the image cost is docs/scale.md's, the other two are estimates.
//! Other tasks (segmentation, detection, findings) announce no stages: their bars stay per stage.

use super::control::{Planned, Progress};
use super::prepare::Prepared;
use crate::explain::tabular::{self, STAGE_CASES, STAGE_IMPORTANCE};
use crate::plan::{CohortKind, Task};

/// Reading, hashing and indexing one CSV row (with its vendor file, when that is the cohort
/// file): 0.12–0.34 s for 100 000 rows.
pub const READ_ROW: f64 = 2.0e-6;
/// Finding one unit's score in the vendor's table: 0.02–0.14 s for 100 000.
pub const JOIN_UNIT: f64 = 0.5e-6;
/// One CSV row through a small tabular ONNX model, in batches (an estimate).
pub const MODEL_ROW: f64 = 1.5e-6;
/// Reading one DICOM file's header while the cohort is indexed (an estimate).
pub const HEADER: f64 = 0.1e-3;
/// Decoding, preprocessing and scoring one image (docs/scale.md: 3.15 ms per 512² image).
pub const IMAGE: f64 = 3.2e-3;
/// Every figure but the bootstrap (DeLong, curves, calibration, subgroups), per case: 0.09 s
/// for 100 000 cases without a bootstrap.
pub const FIGURES_CASE: f64 = 1.0e-6;
/// One case in one bootstrap replicate (drawn, counted and swept): 4.6–5.2 s for 20 000
/// replicates of 100 000 cases, 0.5–0.7 s for 2000.
pub const REPLICATE_CASE: f64 = 2.5e-9;
/// The report (the PDF, the history's record): a part whatever the cohort's size, and per case
/// what is hashed and stored: 0.07–0.15 s at 20 000 cases, 0.11–0.18 s at 100 000.
pub const REPORT: f64 = 0.08;
pub const REPORT_CASE: f64 = 0.8e-6;

/// The stage name of the session's report (rendered and recorded).
pub const STAGE_REPORT: &str = "Writing the report";

/// The stages of `prepared`'s run from the reading of the cohort (just done) to the end of
/// the evaluation, each weighed; empty for a task this does not know the costs of.
pub fn stages(prepared: &Prepared) -> Vec<Planned> {
    let plan = &prepared.plan;
    if plan.study.task != Task::Binary || plan.is_findings() {
        return Vec::new();
    }
    let n = prepared.units.len() as f64;
    let stage = |name: &'static str, weight: f64| Planned { name, weight };
    let mut out = Vec::new();
    let csv = plan.cohort.kind == CohortKind::Csv;
    let images: f64 = prepared
        .units
        .iter()
        .map(|u| match &u.input {
            super::Input::Images(case) => case.images.len() as f64,
            _ => 0.0,
        })
        .sum();
    out.push(stage(
        "Reading cohort",
        if csv {
            prepared.rows as f64 * READ_ROW
        } else {
            prepared.rows as f64 * HEADER
        },
    ));
    let sources = std::iter::once((plan.model.is_some(), plan.predictions.is_some())).chain(
        plan.compare
            .iter()
            .map(|c| (c.model.is_some(), c.predictions.is_some())),
    );
    for (model, predictions) in sources {
        match (model, csv) {
            (true, true) => out.push(stage("Scoring with the model", n * MODEL_ROW)),
            (true, false) => out.push(stage("Decoding and scoring", images * IMAGE)),
            // A DICOM cohort's vendor scores are joined without a stage of their own.
            (false, true) if predictions => out.push(stage("Joining vendor scores", n * JOIN_UNIT)),
            _ => {}
        }
    }
    if let Some(settings) = tabular::Settings::of(plan) {
        let width = plan.cohort.features.len() as f64;
        let sampled = n.min(tabular::MAX_ROWS as f64);
        let rows = sampled * (width * settings.permutations as f64 + 1.0);
        out.push(stage(STAGE_IMPORTANCE, rows * MODEL_ROW));
        let cases = (n * (width + 1.0)).min(tabular::CASE_BUDGET as f64);
        out.push(stage(STAGE_CASES, cases * MODEL_ROW));
    }
    out.push(stage(
        "Computing statistics",
        n * (FIGURES_CASE + plan.analysis.bootstrap as f64 * REPLICATE_CASE),
    ));
    out
}

/// The session's report stage after a run of `units` cases.
pub fn report(units: usize) -> Planned {
    Planned {
        name: STAGE_REPORT,
        weight: REPORT + units as f64 * REPORT_CASE,
    }
}

/// `Progress::Stages` for `prepared`, with the report's stage when the caller writes one
/// after; None when the run's own stages are not known.
pub(crate) fn announce(prepared: &Prepared, report_after: bool) -> Option<Progress> {
    let mut stages = stages(prepared);
    if stages.is_empty() {
        return None;
    }
    if report_after {
        stages.push(report(prepared.units.len()));
    }
    Some(Progress::Stages(stages))
}
