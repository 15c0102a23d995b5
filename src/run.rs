//! One validation run: read the cohort, score it (ONNX model or vendor scores), compute the
//! figures and judge the criteria. Progress goes to a callback (a terminal bar in `batch`, a
//! channel in the GUI); a shared flag cancels between batches.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::acceptance;
use crate::cohort::table::Table;
use crate::cohort::{self, Exclusion, ExclusionReason};
use crate::error::{Error, Result};
use crate::evaluation::{self, CaseResult, CohortSummary, Evaluation};
use crate::model::onnx::{BATCH, OnnxModel};
use crate::model::runtime;
use crate::model::vendor::VendorScores;
use crate::plan::Plan;
use crate::provenance::{self, Provenance};

/// What a run reports while it works.
#[derive(Debug, Clone, PartialEq)]
pub enum Progress {
    /// A new stage begins; `total` units of work follow (0 when unknown).
    Stage { name: &'static str, total: u64 },
    /// `n` more units of the current stage are done.
    Advance(u64),
}

/// Progress callback, cancel flag and run-time settings for one run.
pub struct Control {
    sink: Box<dyn Fn(Progress) + Send + Sync>,
    cancel: Arc<AtomicBool>,
    /// Explicit ONNX Runtime library (CLI flag or GUI setting); see `model::runtime::load`.
    pub onnxruntime: Option<PathBuf>,
}

impl Control {
    pub fn new(sink: impl Fn(Progress) + Send + Sync + 'static) -> Self {
        Control {
            sink: Box::new(sink),
            cancel: Arc::new(AtomicBool::new(false)),
            onnxruntime: None,
        }
    }

    /// No progress reporting (tests, scripts).
    pub fn silent() -> Self {
        Control::new(|_| {})
    }

    /// Set this flag from any thread to stop the run at the next batch.
    pub fn cancel_flag(&self) -> Arc<AtomicBool> {
        self.cancel.clone()
    }

    fn report(&self, p: Progress) {
        (self.sink)(p)
    }

    fn check(&self) -> Result<()> {
        if self.cancel.load(Ordering::Relaxed) {
            Err(Error::Cancelled)
        } else {
            Ok(())
        }
    }
}

/// Runs a validation plan end to end.
pub fn run(plan: &Plan, ctl: &Control) -> Result<Evaluation> {
    let started = provenance::now();
    ctl.report(Progress::Stage {
        name: "Reading cohort",
        total: 0,
    });
    let cohort_path = plan.resolve(&plan.cohort.path);
    let table = Table::read(&cohort_path, "cohort")?;
    let cohort = cohort::csv::read(&table, &plan.cohort, plan.model.is_some())?;
    ctl.check()?;

    let mut excluded = cohort.excluded.clone();
    let mut results = Vec::with_capacity(cohort.cases.len());
    let mut unmatched_predictions = Vec::new();
    let mut model_sha256 = None;
    let mut predictions_sha256 = None;
    let mut onnxruntime = None;
    let total = cohort.cases.len() as u64;

    let mut keep =
        |case: &cohort::Case, scored: std::result::Result<f64, (ExclusionReason, String)>| {
            match scored {
                Ok(score) => results.push(CaseResult {
                    id: case.id.clone(),
                    label: case.label,
                    score,
                    subgroups: case.subgroups.clone(),
                }),
                Err((reason, detail)) => excluded.push(Exclusion {
                    id: case.id.clone(),
                    line: case.line,
                    reason,
                    detail,
                }),
            }
        };

    if let Some(spec) = &plan.model {
        let rt = runtime::load(ctl.onnxruntime.as_deref())?;
        onnxruntime = Some(rt.version.clone());
        let model_path = plan.resolve(&spec.path);
        let bytes = std::fs::read(&model_path).map_err(|source| Error::Read {
            what: "model",
            path: model_path.clone(),
            source,
        })?;
        model_sha256 = Some(provenance::sha256_hex(&bytes));
        let mut model = OnnxModel::load(rt, spec, &model_path, plan.cohort.features.len())?;
        ctl.report(Progress::Stage {
            name: "Scoring with the model",
            total,
        });
        for chunk in cohort.cases.chunks(BATCH) {
            ctl.check()?;
            let rows: Vec<&[f32]> = chunk.iter().map(|c| c.features.as_slice()).collect();
            let scores = model.score(&rows)?;
            for (case, s) in chunk.iter().zip(scores) {
                let scored = if s.is_finite() {
                    Ok(s)
                } else {
                    Err((
                        ExclusionReason::BadScore,
                        format!("line {}: the model's output is {s}", case.line),
                    ))
                };
                keep(case, scored);
            }
            ctl.report(Progress::Advance(chunk.len() as u64));
        }
    } else if let Some(spec) = &plan.predictions {
        let path = plan.resolve(&spec.path);
        let scores_table = if path == cohort_path {
            None
        } else {
            Some(Table::read(&path, "vendor predictions")?)
        };
        let scores_table = scores_table.as_ref().unwrap_or(&table);
        predictions_sha256 = Some(scores_table.sha256.clone());
        let vendor = VendorScores::read(scores_table, spec)?;
        ctl.report(Progress::Stage {
            name: "Joining vendor scores",
            total,
        });
        for case in &cohort.cases {
            let scored = match vendor.get(&case.id) {
                Some(Ok(s)) => Ok(*s),
                Some(Err(detail)) => Err((ExclusionReason::BadScore, detail.clone())),
                None => Err((
                    ExclusionReason::NoScore,
                    format!(
                        "line {}: {} has no row with {} \"{}\"",
                        case.line,
                        path.display(),
                        spec.id,
                        case.id
                    ),
                )),
            };
            keep(case, scored);
        }
        ctl.report(Progress::Advance(total));
        let ids: HashSet<&str> = cohort
            .cases
            .iter()
            .map(|c| c.id.as_str())
            .chain(cohort.excluded.iter().map(|e| e.id.as_str()))
            .collect();
        unmatched_predictions = vendor.unmatched(&ids);
    }
    excluded.sort_by_key(|e| e.line);

    let labels: Vec<bool> = results.iter().map(|r| r.label).collect();
    let scores: Vec<f64> = results.iter().map(|r| r.score).collect();
    let n_pos = labels.iter().filter(|&&l| l).count();
    if n_pos == 0 || n_pos == labels.len() {
        let counts = cohort::count_by_reason(&excluded);
        let mut reasons: String = counts
            .iter()
            .map(|(r, n)| format!(", {n} {}", r.describe()))
            .collect();
        if !labels.is_empty() {
            let class = if n_pos == 0 { "negative" } else { "positive" };
            reasons.push_str(&format!(
                "; all {} remaining cases are {class}",
                labels.len()
            ));
        }
        return Err(Error::EmptyCohort {
            path: cohort_path,
            rows: cohort.rows,
            excluded: excluded.len(),
            reasons,
        });
    }

    ctl.check()?;
    ctl.report(Progress::Stage {
        name: "Computing statistics",
        total: 1,
    });
    let overall = evaluation::overall(&labels, &scores, &plan.analysis);
    ctl.report(Progress::Advance(1));
    let acceptance = acceptance::judge(plan, &overall.metrics);

    Ok(Evaluation {
        schema: evaluation::SCHEMA.to_string(),
        study: plan.study.clone(),
        conventions: evaluation::conventions(plan),
        cohort: CohortSummary {
            rows: cohort.rows,
            included: results.len(),
            excluded_by_reason: cohort::count_by_reason(&excluded),
            excluded,
            unmatched_predictions,
            subgroups: cohort.subgroup_names.clone(),
            positive_label: cohort.positive.clone(),
            negative_label: cohort.negative.clone(),
        },
        overall,
        acceptance,
        provenance: Provenance {
            started,
            finished: provenance::now(),
            software: provenance::software(),
            plan_sha256: plan.source_sha256.clone(),
            cohort_sha256: table.sha256.clone(),
            model_sha256,
            predictions_sha256,
            onnxruntime,
            seed: plan.analysis.seed,
            bootstrap_replicates: plan.analysis.bootstrap,
        },
        plan: plan.clone(),
        cases: results,
    })
}
