//! The third step of a run: the outcomes of every unit, from however many parts, turned into
//! the figures, comparisons, acceptance and flags of one `Evaluation`.
//!
//! Permutation importance stays here rather than being a step of its own: it re-scores the
//! whole cohort with permuted features, so it is a figure of all units at once (like the AUC),
//! not a per-unit outcome that could be scored in parts; it is a function of the plan, the
//! index and the model file (its SHA-256 checked against the prepared one), so a machine that
//! merges parts computes it as `run` does. It uses the run's session when this process opened
//! one, else opens the model again.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;

use super::control::{Control, Outcome, Progress, Replicates, cancelled};
use super::outcomes::{Outcomes, Source, UnitOutcomes, short};
use super::prepare::{Prepared, row_exclusion};
use super::source::Model;
use super::unit::{Image, Input, Unit};
use crate::acceptance;
use crate::cohort::{self, Exclusion};
use crate::error::{Error, Result};
use crate::evaluation::{self, CaseResult, CohortSummary, Evaluation};
use crate::metrics::{Cancelled, Watch};
use crate::plan::{Aggregate, Plan};
use crate::provenance::{self, Provenance};

/// Most ids an error about missing or repeated outcomes names.
const IDS_NAMED: usize = 5;

/// Computes the evaluation of a prepared run from its units' outcomes. Refuses, naming them,
/// units without an outcome (or with two) for any score source: scoring is `score`'s, never
/// done here silently. The order of the outcomes does not matter. `ctl` reports progress,
/// cancels, and names the ONNX Runtime permutation importance runs the model with.
pub fn evaluate(prepared: &Prepared, outcomes: &Outcomes, ctl: &Control) -> Result<Evaluation> {
    evaluate_outcomes(Cow::Borrowed(prepared), Cow::Borrowed(outcomes), ctl)
}

/// [`evaluate`] of a run and outcomes no longer needed after it: the outcomes are dropped once
/// each unit's result is made, and the units once every source's results are, before the
/// figures (a million of each were a fifth and a third of the run's peak memory).
pub(crate) fn evaluate_owned(
    prepared: Prepared,
    outcomes: Outcomes,
    ctl: &Control,
) -> Result<Evaluation> {
    evaluate_outcomes(Cow::Owned(prepared), Cow::Owned(outcomes), ctl)
}

fn evaluate_outcomes(
    mut prepared: Cow<'_, Prepared>,
    outcomes: Cow<'_, Outcomes>,
    ctl: &Control,
) -> Result<Evaluation> {
    let (mut out, others, explain) = {
        let prepared = &*prepared;
        let plan = &prepared.plan;
        let by_source = check(prepared, &outcomes)?;
        if plan.study.task == crate::plan::Task::Segmentation {
            return evaluate_segmentation(prepared, &outcomes, ctl);
        }
        if plan.is_findings() {
            let provenance = run_provenance(prepared);
            return crate::findings::evaluate::evaluate(
                prepared,
                &outcomes,
                ctl,
                provenance,
                binary_evaluation,
            );
        }
        if plan.study.task == crate::plan::Task::Detection {
            return crate::detection::evaluate::evaluate(prepared, &outcomes, ctl);
        }
        // Outcomes this step owns are taken out of their `Scored` and the rest freed before the
        // results are made: a million of them were the largest allocation at the run's peak.
        let (borrowed, taken): (Option<&Outcomes>, HashMap<Source, Vec<UnitOutcomes>>) =
            match outcomes {
                Cow::Borrowed(o) => (Some(o), HashMap::new()),
                Cow::Owned(mut o) => {
                    let taken = by_source
                        .iter()
                        .map(|(source, at)| {
                            let outcomes = at
                                .iter()
                                .map(|&k| std::mem::take(&mut o.scored[k].outcomes))
                                .collect();
                            (source.clone(), outcomes)
                        })
                        .collect();
                    (None, taken)
                }
            };
        let of = |source: &Source| {
            let (at, taken) = (by_source.get(source), taken.get(source));
            move |i: usize| -> &[Outcome] {
                match (borrowed, at, taken) {
                    (Some(o), Some(at), _) => &o.scored[at[i]].outcomes,
                    (None, _, Some(taken)) => &taken[i],
                    _ => &[],
                }
            }
        };
        let explain = crate::explain::tabular::Settings::of(plan);
        let out = results(
            prepared,
            of(&Source::Main),
            &Source::Main,
            explain.is_some(),
        );
        let others: Vec<Results> = plan
            .compare
            .iter()
            .map(|spec| {
                let source = Source::compare(&spec.name);
                results(prepared, of(&source), &source, false)
            })
            .collect();
        drop(taken);
        (out, others, explain)
    };
    if let Cow::Owned(owned) = &mut prepared {
        owned.units = Vec::new();
    }
    let prepared = &*prepared;
    let plan = &prepared.plan;
    out.excluded
        .sort_by(|a, b| (a.line, &a.file).cmp(&(b.line, &b.file)));

    let labels: Vec<bool> = out.results.iter().map(|r| r.label).collect();
    let n_pos = labels.iter().filter(|&&l| l).count();
    if n_pos == 0 || n_pos == labels.len() {
        let counts = cohort::count_by_reason(&out.excluded);
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
            path: plan.resolve(&plan.cohort.path),
            rows: prepared.rows,
            excluded: out.excluded.len(),
            reasons,
        });
    }

    // A patient key that groups nothing (an anonymised export without PatientID, an empty
    // column) would silently report case-level intervals as patient-level ones.
    if let Some(key) = &plan.cohort.patient
        && out
            .results
            .iter()
            .all(|r| r.patient.as_deref().unwrap_or_default().is_empty())
    {
        return Err(Error::Csv {
            path: plan.resolve(&plan.cohort.path),
            message: format!(
                "the patient key \"{key}\" is empty for every case, so the cases cannot be grouped by patient; fill it in, or remove patient from [cohort] to report case-level intervals"
            ),
        });
    }

    // What the model relies on (CSV cohorts with a model): re-scored with the run's model.
    let importance = match (explain, &plan.model) {
        (Some(settings), Some(spec)) => {
            let mut m = match prepared.opened.take() {
                Some(m) => m,
                None => Model::open(plan, spec, ctl, None)?,
            };
            if prepared.model_sha256.as_deref() != Some(m.sha256.as_str()) {
                return Err(Error::Model {
                    path: plan.resolve(&spec.path),
                    message: "the file changed after the run was prepared (its SHA-256 differs); prepare the run again".to_string(),
                });
            }
            let importance = crate::explain::tabular::explain(
                &plan.cohort.features,
                &out.features,
                &out.results,
                &settings,
                &mut |rows| m.onnx.score_rows(rows),
                &|p| ctl.report(p),
                &|| ctl.is_cancelled(),
            )?;
            prepared.opened.put(m);
            Some(importance)
        }
        _ => None,
    };
    out.features = Vec::new();

    ctl.check()?;
    // One step for the figures, one per bootstrap replicate (reported as they are drawn).
    ctl.report(Progress::Stage {
        name: "Computing statistics",
        total: plan.analysis.bootstrap as u64 + 1,
    });
    let mut comparisons = Vec::with_capacity(plan.compare.len());
    for (spec, other) in plan.compare.iter().zip(others) {
        ctl.check()?;
        comparisons.push(evaluation::compare(
            plan,
            spec,
            &out.results,
            &other.results,
        ));
    }
    let mut binary = binary_evaluation(
        plan,
        out.results,
        importance,
        comparisons,
        &Replicates::new(ctl),
    )
    .map_err(cancelled)?;
    (binary.error_tiles, binary.error_tiles_left_out) =
        super::error_tiles::tiles(plan, &binary.cases, binary.overall.threshold);
    ctl.report(Progress::Advance(1));
    let mut acceptance = acceptance::judge(plan, &binary.overall, &binary.subgroups);
    acceptance::limit_model_exclusions(&mut acceptance, plan, out.units, &out.excluded);
    let claims = acceptance::check_claims(plan, &binary.overall);
    let vendor_package = vendor_package(prepared, plan, &binary.cases);

    let repeated_patients = evaluation::repeated_patients(plan, &binary.cases);
    Ok(assemble(
        prepared,
        Parts {
            conventions: evaluation::conventions(plan, crate::i18n::Lang::En),
            included: binary.cases.len(),
            excluded: out.excluded,
            labels: (plan.cohort.positive.clone(), prepared.negative.clone()),
            repeated_patients,
            task: evaluation::TaskEvaluation::Binary(binary),
            acceptance,
            claims,
            manifest: vendor_package,
            provenance: run_provenance(prepared),
        },
    ))
}

/// Every figure of a binary classifier from its cases (label, score, patient, subgroups,
/// date): overall with intervals, subgroups and fairness, drift, what the cohort's size allows.
/// Detection (the unit level) and multi-finding runs (one per finding) build theirs here too.
/// `watch` (the run's Cancel and progress) is asked and told between bootstrap replicates.
pub(crate) fn binary_evaluation(
    plan: &Plan,
    cases: Vec<CaseResult>,
    importance: Option<crate::explain::tabular::Importance>,
    comparisons: Vec<evaluation::Comparison>,
    watch: &dyn Watch,
) -> std::result::Result<evaluation::BinaryEvaluation, Cancelled> {
    let labels: Vec<bool> = cases.iter().map(|r| r.label).collect();
    let scores: Vec<f64> = cases.iter().map(|r| r.score).collect();
    let clusters = evaluation::clusters(plan, &cases);
    // Independent of one another: on rayon's threads side by side.
    let (overall, (subgroups, drift)) = rayon::join(
        || {
            evaluation::overall_watched(
                &labels,
                &scores,
                &plan.analysis,
                clusters.as_ref(),
                plan.unit_scores_are_probabilities(),
                watch,
            )
        },
        || {
            rayon::join(
                || evaluation::subgroups_clustered(plan, &cases, clusters.as_ref()),
                || evaluation::drift(plan, &cases),
            )
        },
    );
    let overall = overall?;
    Ok(evaluation::BinaryEvaluation {
        sample_size: crate::sample_size::assess(
            plan,
            overall.n_positive as u64,
            overall.n_negative as u64,
        ),
        overall,
        subgroups: subgroups.reports,
        subgroup_entries: subgroups.entries,
        fairness: subgroups.fairness,
        drift,
        importance,
        comparisons,
        cases,
        error_tiles: Vec::new(),
        error_tiles_left_out: Vec::new(),
    })
}

/// Where each source's outcome of each unit is in `outcomes.scored`, by unit in cohort order,
/// once the outcomes are found to cover every unit exactly once for every source of the plan.
fn check(prepared: &Prepared, outcomes: &Outcomes) -> Result<HashMap<Source, Vec<usize>>> {
    if outcomes.run_key != prepared.run_key {
        return Err(Error::Outcomes(format!(
            "these outcomes were scored for another run (run key {} against {}): the cohort, model, preprocessing or ONNX Runtime differ; score them from this prepared run",
            short(&outcomes.run_key),
            short(&prepared.run_key)
        )));
    }
    let plan = &prepared.plan;
    // Outcomes scored in one part come in cohort order, each source after the other: a unit
    // is then found where the previous one was, and the index of every id (a hash of each of
    // a million ids) is built only when one is not there.
    let mut index: Option<foldhash::HashMap<&str, usize>> = None;
    let mut next = 0usize;
    let mut find = |id: &crate::Id| -> Option<usize> {
        if next >= prepared.units.len() {
            next = 0;
        }
        if prepared.units.get(next).is_some_and(|u| u.id == *id) {
            next += 1;
            return Some(next - 1);
        }
        let index = index.get_or_insert_with(|| {
            prepared
                .units
                .iter()
                .enumerate()
                .map(|(i, u)| (u.id.as_str(), i))
                .collect()
        });
        let i = index.get(id.as_str()).copied()?;
        next = i + 1;
        Some(i)
    };
    let sources = std::iter::once(Source::Main)
        .filter(|_| plan.model.is_some() || plan.predictions.is_some() || plan.marks.is_some())
        .chain(
            plan.compare
                .iter()
                .filter(|c| c.model.is_some() || c.predictions.is_some())
                .map(|c| Source::compare(&c.name)),
        );
    const NONE: usize = usize::MAX;
    let mut by_source: HashMap<Source, Vec<usize>> = sources
        .map(|s| (s, vec![NONE; prepared.units.len()]))
        .collect();
    let mut twice: Vec<usize> = Vec::new();
    for (k, scored) in outcomes.scored.iter().enumerate() {
        let (Some(slots), Some(i)) = (by_source.get_mut(&scored.source), find(&scored.unit)) else {
            return Err(Error::Outcomes(format!(
                "an outcome names a unit or score source this run does not have (unit {}, source {:?})",
                scored.unit, scored.source
            )));
        };
        let expected = match (&prepared.units[i].input, model_of(plan, &scored.source)) {
            (Input::Images(case), true) => case.images.len(),
            _ => 1,
        };
        if scored.outcomes.len() != expected {
            return Err(Error::Outcomes(format!(
                "unit {} has {} outcomes from {:?}, not {expected}",
                scored.unit,
                scored.outcomes.len(),
                scored.source
            )));
        }
        if std::mem::replace(&mut slots[i], k) != NONE {
            twice.push(i);
        }
    }
    if !twice.is_empty() {
        twice.sort_unstable();
        twice.dedup();
        return Err(Error::ScoredTwice {
            count: twice.len(),
            ids: named(prepared, &twice),
        });
    }
    let mut missing: Vec<usize> = by_source
        .values()
        .flat_map(|slots| slots.iter().enumerate().filter(|(_, s)| **s == NONE))
        .map(|(i, _)| i)
        .collect();
    if !missing.is_empty() {
        missing.sort_unstable();
        missing.dedup();
        return Err(Error::Unscored {
            count: missing.len(),
            ids: named(prepared, &missing),
        });
    }
    Ok(by_source)
}

/// Whether a source is scored by a model (per image, for DICOM cases).
fn model_of(plan: &Plan, source: &Source) -> bool {
    match source {
        Source::Main => plan.model.is_some(),
        Source::Compare(name) => plan
            .compare
            .iter()
            .any(|c| &c.name == name && c.model.is_some()),
    }
}

/// The first ids of `units`, and "…" when there are more.
fn named(prepared: &Prepared, units: &[usize]) -> Vec<String> {
    let mut ids: Vec<String> = units
        .iter()
        .take(IDS_NAMED)
        .map(|&i| prepared.units[i].id.to_string())
        .collect();
    if units.len() > IDS_NAMED {
        ids.push("…".to_string());
    }
    ids
}

/// A source's results, in cohort order.
struct Results {
    results: Vec<CaseResult>,
    /// The index's exclusions, then those met while scoring (the main source only).
    excluded: Vec<Exclusion>,
    /// Units handed to the model or looked up in the vendor's file (CSV cases, DICOM images;
    /// vendor scores of a DICOM cohort: cases): the base of `[analysis] max_model_exclusions`.
    units: usize,
    /// The model inputs of each result, in `results` order (when asked for).
    features: Vec<Vec<f32>>,
}

/// Turns one source's outcomes (one per unit, in cohort order) into results and exclusions.
/// Only the main source's exclusions are kept (and their pseudonyms issued).
/// `scored(i)`: unit i's outcomes.
fn results<'o>(
    prepared: &Prepared,
    scored: impl Fn(usize) -> &'o [Outcome],
    source: &Source,
    features: bool,
) -> Results {
    let main = *source == Source::Main;
    let by_model = model_of(&prepared.plan, source);
    let plan = &prepared.plan;
    let aggregate = plan.cohort.aggregate.unwrap_or(Aggregate::Max);
    let mut out = Results {
        results: Vec::with_capacity(prepared.units.len()),
        excluded: if main {
            prepared.excluded.clone()
        } else {
            Vec::new()
        },
        units: 0,
        features: Vec::new(),
    };
    for (i, unit) in prepared.units.iter().enumerate() {
        let outcomes = scored(i);
        out.units += outcomes.len();
        let (score, files) = match &unit.input {
            Input::Row { .. } | Input::Segmentation(_) => (outcomes[0].clone(), Vec::new()),
            Input::Images(case) if !by_model => (outcomes[0].clone(), case_files(&case.images)),
            Input::Images(case) => {
                let images = &case.images;
                let mut scores = Vec::with_capacity(images.len());
                for (image, outcome) in images.iter().zip(outcomes.iter()) {
                    match outcome {
                        Ok(s) => scores.push(*s),
                        Err((reason, detail)) if main => {
                            out.excluded.push(cohort::images::file_exclusion(
                                prepared
                                    .pseudonyms
                                    .as_ref()
                                    .expect("a DICOM cohort has pseudonyms"),
                                &image.rel_path,
                                *reason,
                                detail.clone(),
                            ))
                        }
                        Err(_) => {}
                    }
                }
                if scores.is_empty() {
                    continue; // every image of the case is listed in `excluded` with its reason
                }
                let score = match aggregate {
                    Aggregate::Max => scores.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                    Aggregate::Mean => scores.iter().sum::<f64>() / scores.len() as f64,
                };
                (Ok(score), case_files(images))
            }
        };
        match score {
            Ok(score) => {
                if features
                    && let Input::Row { features: f, .. } = &unit.input
                    && let Ok(f) = f.get()
                {
                    out.features.push(f.to_vec());
                }
                out.results.push(result(unit, score, files));
            }
            Err((reason, detail)) if main => {
                out.excluded.push(row_exclusion(unit, reason, detail));
            }
            Err(_) => {}
        }
    }
    out
}

fn result(unit: &Unit, score: f64, files: Vec<PathBuf>) -> CaseResult {
    CaseResult {
        id: unit.id.clone(),
        label: unit.label,
        score,
        subgroups: unit.subgroups.clone(),
        images: crate::results::CaseImages::boxed(files.into(), unit.equipment().into()),
        date: unit.date,
        patient: unit.patient.clone(),
    }
}

/// Absolute paths of an imaging case's files, in scan order. `std::path::absolute` does not
/// touch the disk, so a plan given by a relative path still yields paths the viewer can open
/// whatever its working directory later is.
fn case_files(images: &[Image]) -> Vec<PathBuf> {
    images
        .iter()
        .map(|h| std::path::absolute(&h.path).unwrap_or_else(|_| h.path.clone()))
        .collect()
}

/// The evaluation of a segmentation run (outcomes already checked to cover every unit once):
/// exclusions met while scoring, the figures per structure, acceptance, and the common parts.
fn evaluate_segmentation(
    prepared: &Prepared,
    outcomes: &Outcomes,
    ctl: &Control,
) -> Result<Evaluation> {
    let plan = &prepared.plan;
    let by_unit: HashMap<&str, &super::outcomes::Scored> = outcomes
        .scored
        .iter()
        .filter(|s| s.source == Source::Main)
        .map(|s| (s.unit.as_str(), s))
        .collect();
    let mut excluded = prepared.excluded.clone();
    let mut cases = Vec::with_capacity(prepared.units.len());
    for unit in &prepared.units {
        let Some(scored) = by_unit.get(unit.id.as_str()) else {
            continue;
        };
        match (scored.outcomes.first(), scored.segmentation()) {
            (Some(Ok(_)), Some(seg)) => cases.push((unit, seg)),
            (Some(Err((reason, detail))), _) => {
                excluded.push(row_exclusion(unit, *reason, detail.clone()))
            }
            _ => excluded.push(row_exclusion(
                unit,
                cohort::ExclusionReason::Unscorable,
                "scored without figures (an outcome from an older version?)".into(),
            )),
        }
    }
    if cases.is_empty() {
        let counts = cohort::count_by_reason(&excluded);
        let reasons: String = counts
            .iter()
            .map(|(r, n)| format!(", {n} {}", r.describe()))
            .collect();
        return Err(Error::EmptyCohort {
            path: plan.resolve(&plan.cohort.path),
            rows: prepared.rows,
            excluded: excluded.len(),
            reasons,
        });
    }
    ctl.check()?;
    ctl.report(Progress::Stage {
        name: "Computing statistics",
        total: 1,
    });
    let figures = crate::segmentation::evaluate::figures(plan, &cases, ctl).map_err(cancelled)?;
    ctl.report(Progress::Advance(1));
    let mut acceptance = crate::segmentation::evaluate::judge(plan, &figures);
    // Units handed to the model or looked up in the vendor's files: every scored case.
    acceptance::limit_model_exclusions(&mut acceptance, plan, prepared.units.len(), &excluded);
    let included = cases.len();
    let repeated_patients = if plan.cohort.patient.is_none() {
        let keys: Vec<&str> = cases
            .iter()
            .map(|(u, _)| u.patient.as_deref().unwrap_or_default())
            .collect();
        let patients = crate::metrics::Clusters::from_keys(&keys).count;
        (patients < included).then_some(crate::results::RepeatedPatients {
            patients,
            units: included,
        })
    } else {
        None
    };
    let c = &figures.conventions;
    let conventions = vec![
        c.binarise.clone(),
        c.worst_distance.clone(),
        c.rasterisation.clone(),
        c.surface.clone(),
        c.intervals.clone(),
    ];
    excluded.sort_by(|a, b| (a.line, &a.file, &a.id).cmp(&(b.line, &b.file, &b.id)));
    Ok(assemble(
        prepared,
        Parts {
            conventions,
            included,
            excluded,
            // A segmentation study has no positive and negative label: its truth is masks.
            labels: (String::new(), String::new()),
            repeated_patients,
            task: evaluation::TaskEvaluation::Segmentation(
                crate::segmentation::SegmentationEvaluation {
                    segmentation: figures,
                },
            ),
            acceptance,
            claims: Vec::new(),
            manifest: None,
            provenance: run_provenance(prepared),
        },
    ))
}

/// What was run on what, for `Evaluation.provenance`; the pre-specification is decided later
/// by the history (`history::prespec`).
pub(crate) fn run_provenance(prepared: &Prepared) -> Provenance {
    let plan = &prepared.plan;
    Provenance {
        started: prepared.started.clone(),
        finished: provenance::now(),
        software: provenance::software(),
        plan_sha256: plan.source_sha256.clone(),
        cohort_sha256: prepared.cohort_sha256.clone(),
        model_sha256: prepared.model_sha256.clone(),
        predictions_sha256: prepared.predictions_sha256.clone(),
        onnxruntime: prepared.onnxruntime.clone(),
        seed: plan.analysis.seed,
        bootstrap_replicates: plan.analysis.bootstrap,
        prespecification: None,
        shards: Vec::new(),
    }
}

/// What the run used of the vendor's manifest (filled keys, overrides, fidelity) and the cohort
/// against the vendor's reported population, for report.json `manifest`; None without one.
pub(crate) fn vendor_package(
    prepared: &Prepared,
    plan: &Plan,
    cases: &[crate::evaluation::CaseResult],
) -> Option<crate::model::manifest::ManifestReport> {
    prepared
        .manifest
        .clone()
        .map(|(loaded, used)| crate::model::manifest::ManifestReport {
            used,
            fidelity: prepared.fidelity.clone(),
            representativeness: crate::model::manifest::representativeness(
                &loaded.manifest,
                plan,
                cases,
            ),
        })
}

/// What a task's evaluator computed, around which [`assemble`] builds the `Evaluation`.
pub(crate) struct Parts {
    pub conventions: Vec<String>,
    pub included: usize,
    pub excluded: Vec<Exclusion>,
    /// The values read as positive and negative ("" where the task has none).
    pub labels: (String, String),
    pub repeated_patients: Option<evaluation::RepeatedPatients>,
    pub task: evaluation::TaskEvaluation,
    pub acceptance: crate::acceptance::Acceptance,
    pub claims: Vec<crate::acceptance::ClaimCheck>,
    pub manifest: Option<crate::model::manifest::ManifestReport>,
    pub provenance: Provenance,
}

/// The evaluation of a prepared run from what its task computed: what every task kind holds
/// alike (schema, study, plan, the cohort's counts, unmatched ids by pseudonym, the privacy
/// guard, the pseudonyms issued) is filled here once, and the flags are raised on the result.
pub(crate) fn assemble(prepared: &Prepared, parts: Parts) -> Evaluation {
    let plan = &prepared.plan;
    let Parts {
        conventions,
        included,
        excluded,
        labels,
        repeated_patients,
        task,
        acceptance,
        claims,
        manifest,
        provenance,
    } = parts;
    let mut eval = Evaluation {
        schema: evaluation::SCHEMA.to_string(),
        schema_version: evaluation::SCHEMA_VERSION,
        study: plan.study.clone(),
        conventions,
        cohort: CohortSummary {
            rows: prepared.rows,
            included,
            excluded_by_reason: cohort::count_by_reason(&excluded),
            excluded,
            unmatched_predictions: prepared
                .unmatched_predictions
                .iter()
                .cloned()
                .map(|id| match &prepared.pseudonyms {
                    // A DICOM cohort's vendor ids are paths or UIDs: named by pseudonym.
                    Some(p) if !id.starts_with("(no id, line ") => p.pseudonym(&id),
                    _ => id,
                })
                .collect(),
            unmatched_labels: prepared.unmatched_labels.clone(),
            subgroups: plan.cohort.subgroups.clone(),
            positive_label: labels.0,
            negative_label: labels.1,
            repeated_patients,
            identifier_warnings: prepared.identifier_warnings.clone(),
        },
        task,
        acceptance,
        flags: Vec::new(),
        claims,
        manifest,
        occlusion_maps: Vec::new(),
        occlusion_failures: Vec::new(),
        adjudication: None,
        provenance,
        plan: plan.clone(),
        guard: prepared.guard.clone(),
        pseudonyms: prepared
            .pseudonyms
            .as_ref()
            .map(|p| p.issued())
            .unwrap_or_default(),
    };
    crate::flags::refresh(&mut eval);
    eval
}
