//! One validation run: read the cohort, score it (ONNX model or vendor scores), compute the
//! figures and judge the criteria. Progress goes to a callback (a terminal bar in `batch`, a
//! channel in the GUI); a shared flag cancels between batches.

pub mod control;
mod images;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::acceptance;
use crate::cohort::table::Table;
use crate::cohort::{self, Exclusion, ExclusionReason};
use crate::error::{Error, Result};
use crate::evaluation::{self, CaseResult, CohortSummary, Evaluation};
use crate::model::onnx::{BATCH, IMAGE_BATCH, OnnxModel};
use crate::model::runtime;
use crate::model::vendor::VendorScores;
use crate::plan::{Aggregate, CohortKind, ModelSpec, Plan};
use crate::provenance::{self, Provenance};

pub use control::{Control, Journal, Outcome, Progress};

/// Runs a validation plan end to end.
pub fn run(plan: &Plan, ctl: &Control) -> Result<Evaluation> {
    let started = provenance::now();
    // What the vendor's manifest gives and the plan leaves out fills the plan as it runs.
    let (effective, manifest) = crate::model::manifest::apply(plan)?;
    let plan = &effective;
    ctl.report(Progress::Stage {
        name: "Reading cohort",
        total: 0,
    });
    let (mut out, mut model, vendor) = score_source(
        plan,
        ctl,
        MAIN,
        plan.model.as_ref(),
        plan.predictions.as_ref(),
        manifest.as_ref().map(|(loaded, _)| loaded),
    )
    .map_err(|e| match (e, &manifest) {
        // Name what the plan changed from the vendor's package: the likeliest cause.
        (Error::Fidelity(m), Some((_, used))) if !used.overrides.is_empty() => {
            let keys: Vec<&str> = used.overrides.iter().map(|o| o.key.as_str()).collect();
            Error::Fidelity(format!(
                "{m}. The plan overrides the manifest's {}",
                keys.join(", ")
            ))
        }
        (e, _) => e,
    })?;
    out.excluded
        .sort_by(|a, b| (a.line, &a.file).cmp(&(b.line, &b.file)));

    let labels: Vec<bool> = out.results.iter().map(|r| r.label).collect();
    let scores: Vec<f64> = out.results.iter().map(|r| r.score).collect();
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
            rows: out.rows,
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

    // What the model relies on (CSV cohorts with a model): re-scored with this run's session.
    let importance = match (crate::explain::tabular::Settings::of(plan), model.as_mut()) {
        (Some(settings), Some(m)) => Some(crate::explain::tabular::explain(
            &plan.cohort.features,
            &out.features,
            &out.results,
            &settings,
            &mut |rows| m.onnx.score_rows(rows),
            &|p| ctl.report(p),
            &|| ctl.is_cancelled(),
        )?),
        _ => None,
    };
    out.features = Vec::new();

    ctl.check()?;
    ctl.report(Progress::Stage {
        name: "Computing statistics",
        total: 1,
    });
    let clusters = evaluation::clusters(plan, &out.results);
    let overall = evaluation::overall(&labels, &scores, &plan.analysis, clusters.as_ref());
    ctl.report(Progress::Advance(1));
    let subgroups = evaluation::subgroups(plan, &out.results);
    let drift = evaluation::drift(plan, &out.results);
    let mut comparisons = Vec::with_capacity(plan.compare.len());
    for spec in &plan.compare {
        ctl.check()?;
        let (other, _, _) = score_source(
            plan,
            ctl,
            &spec.name,
            spec.model.as_ref(),
            spec.predictions.as_ref(),
            None,
        )?;
        comparisons.push(evaluation::compare(
            plan,
            spec,
            &out.results,
            &other.results,
        ));
    }
    let pseudonyms = out.pseudonyms.clone();
    let mut acceptance = acceptance::judge(plan, &overall, &subgroups.reports);
    acceptance::limit_model_exclusions(&mut acceptance, plan, out.units, &out.excluded);
    let claims = acceptance::check_claims(plan, &overall);
    let vendor_package = manifest.map(|(loaded, used)| crate::model::manifest::ManifestReport {
        used,
        fidelity: model.as_ref().and_then(|m| m.fidelity.clone()),
        representativeness: crate::model::manifest::representativeness(
            &loaded.manifest,
            plan,
            &out.results,
        ),
    });

    let mut eval = Evaluation {
        schema: evaluation::SCHEMA.to_string(),
        schema_version: evaluation::SCHEMA_VERSION,
        study: plan.study.clone(),
        conventions: evaluation::conventions(plan, crate::i18n::Lang::En),
        cohort: CohortSummary {
            rows: out.rows,
            included: out.results.len(),
            excluded_by_reason: cohort::count_by_reason(&out.excluded),
            excluded: out.excluded,
            unmatched_predictions: vendor
                .as_ref()
                .map(|(v, _, _)| v.unmatched(&out.ids))
                .unwrap_or_default()
                .into_iter()
                .map(|id| match &out.pseudonyms {
                    // A DICOM cohort's vendor ids are paths or UIDs: named by pseudonym.
                    Some(p) if !id.starts_with("(no id, line ") => p.pseudonym(&id),
                    _ => id,
                })
                .collect(),
            unmatched_labels: out.unmatched_labels,
            subgroups: plan.cohort.subgroups.clone(),
            positive_label: plan.cohort.positive.clone(),
            negative_label: out.negative,
            repeated_patients: evaluation::repeated_patients(plan, &out.results),
            identifier_warnings: out.identifier_warnings,
        },
        task: evaluation::TaskEvaluation::Binary(evaluation::BinaryEvaluation {
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
            cases: out.results,
        }),
        acceptance,
        flags: Vec::new(),
        claims,
        manifest: vendor_package,
        occlusion_maps: Vec::new(),
        provenance: Provenance {
            started,
            finished: provenance::now(),
            software: provenance::software(),
            plan_sha256: plan.source_sha256.clone(),
            cohort_sha256: out.cohort_sha256,
            model_sha256: model.as_ref().map(|m| m.sha256.clone()),
            predictions_sha256: vendor.as_ref().map(|(_, sha, _)| sha.clone()),
            onnxruntime: model.as_ref().map(|m| m.runtime_version.clone()),
            seed: plan.analysis.seed,
            bootstrap_replicates: plan.analysis.bootstrap,
            prespecification: None,
        },
        plan: plan.clone(),
        guard: out.guard,
        pseudonyms: pseudonyms.map(|p| p.issued()).unwrap_or_default(),
    };
    crate::flags::refresh(&mut eval);
    Ok(eval)
}

/// A journal key names the source and the exact cohort and model files it scored, so that a
/// resumed run never reuses outputs of a changed cohort or model.
fn journal_key(source: &str, cohort_sha256: &str, model_sha256: &str) -> String {
    format!("{source} {cohort_sha256} {model_sha256}")
}

/// The journal's name for the plan's own score source.
pub const MAIN: &str = "main";

/// Scores the plan's cohort with one source (a model or a vendor's score file).
fn score_source(
    plan: &Plan,
    ctl: &Control,
    source: &str,
    model: Option<&ModelSpec>,
    predictions: Option<&crate::plan::PredictionsSpec>,
    manifest: Option<&crate::model::manifest::Loaded>,
) -> Result<(Scored, Option<Model>, Option<Vendor>)> {
    let mut model = match model {
        Some(spec) => Some(Model::open(plan, spec, ctl, manifest)?),
        None => None,
    };
    let vendor = match predictions {
        Some(spec) => {
            let path = plan.resolve(&spec.path);
            let table = Table::read(&path, "vendor predictions")?;
            Some((VendorScores::read(&table, spec)?, table.sha256, path))
        }
        None => None,
    };
    let out = match plan.cohort.kind {
        CohortKind::Csv => score_csv(
            plan,
            ctl,
            source,
            model.as_mut(),
            vendor.as_ref(),
            predictions,
        )?,
        CohortKind::Dicom => score_dicom(
            plan,
            ctl,
            source,
            model.as_mut(),
            vendor.as_ref(),
            predictions,
        )?,
    };
    Ok((out, model, vendor))
}

/// The vendor's model, opened and hashed.
struct Model {
    onnx: OnnxModel,
    sha256: String,
    runtime_version: String,
    /// The fidelity self-test's result (the main model, with a manifest).
    fidelity: Option<crate::model::fidelity::Fidelity>,
}

impl Model {
    /// Opens the model; with the vendor's manifest, the fidelity self-test runs before any
    /// case is scored and stops the run if it fails.
    fn open(
        plan: &Plan,
        spec: &ModelSpec,
        ctl: &Control,
        manifest: Option<&crate::model::manifest::Loaded>,
    ) -> Result<Model> {
        let rt = runtime::load(ctl.onnxruntime.as_deref())?;
        let path = plan.resolve(&spec.path);
        let bytes = crate::user_file::read(&path, "model")?;
        let mut onnx = OnnxModel::load(rt, spec, &path)?;
        let sha256 = provenance::sha256_hex(&bytes);
        let fidelity = match manifest {
            Some(m) => {
                ctl.report(Progress::Stage {
                    name: "Fidelity self-test",
                    total: m.manifest.test_vectors.len() as u64,
                });
                let f = crate::model::fidelity::check(
                    m,
                    &mut onnx,
                    &sha256,
                    plan.preprocess.as_ref(),
                    spec.positive_index,
                )?;
                ctl.report(Progress::Advance(f.total as u64));
                Some(f)
            }
            None => None,
        };
        Ok(Model {
            onnx,
            sha256,
            runtime_version: rt.version.clone(),
            fidelity,
        })
    }
}

type Vendor = (VendorScores, String, PathBuf);

/// What scoring a cohort yields, whatever its kind.
struct Scored {
    /// CSV rows or DICOM files read.
    rows: usize,
    /// Units handed to the model or looked up in the vendor's file (CSV cases, DICOM images;
    /// vendor scores of a DICOM cohort: cases): the base of `[analysis] max_model_exclusions`.
    units: usize,
    results: Vec<CaseResult>,
    excluded: Vec<Exclusion>,
    /// Every id the cohort has (scored or not), to find vendor scores that match none.
    ids: HashSet<String>,
    unmatched_labels: Vec<String>,
    negative: String,
    cohort_sha256: String,
    /// The model inputs of each result, in `results` order (CSV cohorts with a model, when the
    /// plan asks for explanations; else empty).
    features: Vec<Vec<f32>>,
    /// The identifier values the DICOM headers held (empty for CSV cohorts).
    guard: crate::privacy::Guard,
    /// CSV ids that look like identifiers (`privacy::ids`), by line.
    identifier_warnings: Vec<String>,
    /// DICOM cohorts: how ids are named in outputs.
    pseudonyms: Option<crate::privacy::Pseudonymizer>,
}

/// What a scored case carries besides its id, label and score: its subgroup values and, in
/// memory only, its date and equipment (for the analysis over time).
struct Carried<'a> {
    subgroups: &'a [String],
    date: Option<jiff::civil::Date>,
    equipment: &'a [String],
    /// The case's patient (CSV: the plan's patient column; DICOM: an index of PatientID), in
    /// memory only.
    patient: Option<&'a str>,
}

impl<'a> Carried<'a> {
    fn csv(case: &'a cohort::Case) -> Self {
        Carried {
            subgroups: &case.subgroups,
            date: case.date,
            equipment: &[],
            patient: case.patient.as_deref(),
        }
    }

    fn image(case: &'a cohort::images::ImageCase) -> Self {
        Carried {
            subgroups: &case.subgroups,
            date: case.date,
            equipment: &case.equipment,
            patient: case.patient.as_deref(),
        }
    }
}

impl Scored {
    fn keep(
        &mut self,
        id: &str,
        label: bool,
        carried: Carried,
        at: (Option<u64>, Option<String>),
        scored: std::result::Result<f64, (ExclusionReason, String)>,
        files: Vec<PathBuf>,
    ) {
        match scored {
            Ok(score) => self.results.push(CaseResult {
                id: id.to_string(),
                label,
                score,
                subgroups: carried.subgroups.to_vec(),
                files,
                date: carried.date,
                equipment: carried.equipment.to_vec(),
                patient: carried.patient.map(str::to_string),
            }),
            Err((reason, detail)) => self.excluded.push(Exclusion {
                id: id.to_string(),
                line: at.0,
                file: at.1,
                reason,
                detail,
            }),
        }
    }
}

/// A vendor score for a case id, or why there is none. `shown` names the id in the message
/// (None: a DICOM case's path or UID, which is never written).
fn vendor_score(
    vendor: &Vendor,
    id: &str,
    spec_id: &str,
    shown: Option<&str>,
) -> std::result::Result<f64, (ExclusionReason, String)> {
    let (scores, _, path) = vendor;
    match scores.get(id) {
        Some(Ok(s)) => Ok(*s),
        Some(Err(detail)) if shown.is_some() => Err((ExclusionReason::BadScore, detail.clone())),
        Some(Err(_)) => Err((
            ExclusionReason::BadScore,
            format!(
                "{}: this case's score is not a finite number",
                path.display()
            ),
        )),
        None => Err((
            ExclusionReason::NoScore,
            match shown {
                Some(id) => format!("{} has no row with {spec_id} \"{id}\"", path.display()),
                None => format!("{} has no row for this case's {spec_id}", path.display()),
            },
        )),
    }
}

fn score_csv(
    plan: &Plan,
    ctl: &Control,
    source: &str,
    model: Option<&mut Model>,
    vendor: Option<&Vendor>,
    predictions: Option<&crate::plan::PredictionsSpec>,
) -> Result<Scored> {
    let table = Table::read(&plan.resolve(&plan.cohort.path), "cohort")?;
    let cohort = cohort::csv::read(&table, &plan.cohort, model.is_some())?;
    ctl.check()?;
    let identifier_warnings = crate::privacy::ids::warnings(
        cohort.cases.iter().map(|c| (c.line, c.id.as_str())).chain(
            cohort
                .excluded
                .iter()
                .map(|e| (e.line.unwrap_or(0), e.id.as_str())),
        ),
        |_| false,
        &format!("\"{}\"", plan.cohort.id.as_deref().unwrap_or("id")),
    );
    let mut out = Scored {
        rows: cohort.rows,
        units: cohort.cases.len(),
        results: Vec::with_capacity(cohort.cases.len()),
        ids: cohort
            .cases
            .iter()
            .map(|c| c.id.clone())
            .chain(cohort.excluded.iter().map(|e| e.id.clone()))
            .collect(),
        excluded: cohort.excluded,
        unmatched_labels: Vec::new(),
        negative: cohort.negative,
        cohort_sha256: table.sha256.clone(),
        features: Vec::new(),
        guard: crate::privacy::Guard::default(),
        identifier_warnings,
        pseudonyms: None,
    };
    let total = cohort.cases.len() as u64;
    if let Some(m) = model {
        m.onnx.expect_features(plan.cohort.features.len())?;
        ctl.report(Progress::Stage {
            name: "Scoring with the model",
            total,
        });
        let batch = m
            .onnx
            .batch_size(plan.model.as_ref().and_then(|s| s.batch), BATCH);
        // A resumed run scores only what the interrupted one had not recorded, and only if
        // the cohort and the model are the same files (else the key finds nothing).
        let source = &journal_key(source, &out.cohort_sha256, &m.sha256);
        let mut outcomes = ctl.recorded(source)?;
        let todo: Vec<&cohort::Case> = cohort
            .cases
            .iter()
            .filter(|c| !outcomes.contains_key(&c.id))
            .collect();
        ctl.report(Progress::Advance((cohort.cases.len() - todo.len()) as u64));
        let width = plan.cohort.features.len();
        for chunk in todo.chunks(batch) {
            ctl.check()?;
            // A feature the CSV holds as a finite number but the model's input type cannot
            // (1e300 is infinity in float32) excludes its case instead of being scored.
            let (fit, overflow): (Vec<&cohort::Case>, Vec<&cohort::Case>) = chunk
                .iter()
                .partition(|c| c.features.iter().all(|v| v.is_finite()));
            let mut done: Vec<(String, Outcome)> = overflow
                .iter()
                .map(|case| {
                    let column = case
                        .features
                        .iter()
                        .position(|v| !v.is_finite())
                        .and_then(|j| plan.cohort.features.get(j))
                        .map_or("?", String::as_str);
                    let detail = format!(
                        "line {}: feature \"{column}\" does not fit the model's input type {} (overflow)",
                        case.line,
                        m.onnx.input_type_name()
                    );
                    (case.id.clone(), Err((ExclusionReason::BadFeature, detail)))
                })
                .collect();
            if !fit.is_empty() {
                let flat: Vec<f32> = fit
                    .iter()
                    .flat_map(|c| c.features.iter().copied())
                    .collect();
                let scored = score_units(&mut m.onnx, &[fit.len(), width], &flat)?;
                done.extend(fit.iter().zip(scored).map(|(case, outcome)| {
                    let outcome = outcome.map_err(|(r, d)| (r, format!("line {}: {d}", case.line)));
                    (case.id.clone(), outcome)
                }));
            }
            ctl.record(source, &done)?;
            outcomes.extend(done);
            ctl.report(Progress::Advance(chunk.len() as u64));
        }
        // In cohort order, so that a resumed run's results are the uninterrupted run's.
        let explain = crate::explain::tabular::Settings::of(plan).is_some();
        for case in &cohort.cases {
            let scored = outcomes
                .remove(&case.id)
                .expect("every case is scored or recorded");
            if explain && scored.is_ok() {
                out.features.push(case.features.clone());
            }
            out.keep(
                &case.id,
                case.label,
                Carried::csv(case),
                (Some(case.line), None),
                scored,
                Vec::new(),
            );
        }
    } else if let (Some(v), Some(spec)) = (vendor, predictions) {
        ctl.report(Progress::Stage {
            name: "Joining vendor scores",
            total,
        });
        for case in &cohort.cases {
            let scored = vendor_score(v, &case.id, &spec.id, Some(&case.id))
                .map_err(|(r, d)| (r, format!("line {}: {d}", case.line)));
            out.keep(
                &case.id,
                case.label,
                Carried::csv(case),
                (Some(case.line), None),
                scored,
                Vec::new(),
            );
        }
        ctl.report(Progress::Advance(total));
    }
    Ok(out)
}

fn score_dicom(
    plan: &Plan,
    ctl: &Control,
    source: &str,
    model: Option<&mut Model>,
    vendor: Option<&Vendor>,
    predictions: Option<&crate::plan::PredictionsSpec>,
) -> Result<Scored> {
    let spec = &plan.cohort;
    let root = plan.resolve(&spec.path);
    let scan = cohort::dicom::scan(&root, &cohort::images::keywords(spec)).map_err(|source| {
        Error::Read {
            what: "DICOM folder",
            path: root.clone(),
            source,
        }
    })?;
    let manifest = scan.manifest_sha256();
    let guard = scan.identifiers.guard();
    let pseudo = ctl.pseudonymizer()?;
    let labels_path = plan.resolve(spec.labels.as_deref().unwrap_or(Path::new("labels.csv")));
    let labels = Table::read(&labels_path, "labels")?;
    let cohort = cohort::images::build(scan, &labels, spec, &pseudo)?;
    ctl.check()?;
    let mut out = Scored {
        rows: cohort.files,
        units: cohort.cases.len(),
        results: Vec::with_capacity(cohort.cases.len()),
        ids: cohort.cases.iter().map(|c| c.key.clone()).collect(),
        excluded: cohort.excluded,
        unmatched_labels: cohort.unmatched_labels,
        negative: cohort.negative,
        cohort_sha256: provenance::sha256_hex(format!("{}{manifest}", labels.sha256).as_bytes()),
        features: Vec::new(),
        guard,
        identifier_warnings: Vec::new(),
        pseudonyms: Some(pseudo.clone()),
    };
    if let Some(m) = model {
        let pre = plan.preprocess.clone().unwrap_or_default();
        let images: Vec<&cohort::dicom::Header> =
            cohort.cases.iter().flat_map(|c| &c.images).collect();
        out.units = images.len();
        let batch = m
            .onnx
            .batch_size(plan.model.as_ref().and_then(|s| s.batch), IMAGE_BATCH);
        let key = journal_key(source, &out.cohort_sha256, &m.sha256);
        let mut results = images::score(&images, &pre, &mut m.onnx, batch, ctl, &key)?.into_iter();
        let aggregate = spec.aggregate.unwrap_or(Aggregate::Max);
        for case in &cohort.cases {
            let mut scores = Vec::with_capacity(case.images.len());
            for h in &case.images {
                match results.next().expect("one result per image") {
                    Ok(s) => scores.push(s),
                    Err((reason, detail)) => out.excluded.push(cohort::images::file_exclusion(
                        &pseudo,
                        &h.rel_path,
                        reason,
                        detail,
                    )),
                }
            }
            if scores.is_empty() {
                continue; // every image of the case is listed in `excluded` with its reason
            }
            let score = match aggregate {
                Aggregate::Max => scores.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                Aggregate::Mean => scores.iter().sum::<f64>() / scores.len() as f64,
            };
            out.keep(
                &case.id,
                case.label,
                Carried::image(case),
                (None, None),
                Ok(score),
                case_files(case),
            );
        }
    } else if let (Some(v), Some(pspec)) = (vendor, predictions) {
        for case in &cohort.cases {
            let scored = vendor_score(v, &case.key, &pspec.id, None);
            let files = case_files(case);
            out.keep(
                &case.id,
                case.label,
                Carried::image(case),
                (None, None),
                scored,
                files,
            );
        }
    }
    Ok(out)
}

/// Scores one batch of `shape` = [N, …] so that what goes wrong excludes only the units it
/// must: an output that is not a finite number excludes its unit (`BadScore`); a batch ONNX
/// Runtime fails on is scored again unit by unit, and only the units that fail alone are
/// excluded (`InferenceFailed`); a batch past the time limit excludes its units (`Timeout`,
/// not retried: each would take as long). An `Err` is a model that cannot be used at all.
fn score_units(model: &mut OnnxModel, shape: &[usize], data: &[f32]) -> Result<Vec<Outcome>> {
    use crate::model::onnx::BatchFailure;
    let n = shape[0];
    let outcome = |s: f64| -> Outcome {
        if s.is_finite() {
            Ok(s)
        } else {
            Err((
                ExclusionReason::BadScore,
                format!("the model's output is {s}"),
            ))
        }
    };
    match model.try_score(shape, data)? {
        Ok(scores) => Ok(scores.into_iter().map(outcome).collect()),
        Err(BatchFailure::TimedOut(t)) => {
            let failure = BatchFailure::TimedOut(t);
            let detail = format!("a batch of {n}: {}", failure.describe());
            Ok(vec![Err((ExclusionReason::Timeout, detail)); n])
        }
        Err(failure) if n == 1 => Ok(vec![Err((
            ExclusionReason::InferenceFailed,
            failure.describe(),
        ))]),
        Err(failure) => {
            let per = data.len() / n.max(1);
            let mut one = shape.to_vec();
            one[0] = 1;
            let mut out = Vec::with_capacity(n);
            for unit in data.chunks(per.max(1)).take(n) {
                out.extend(score_units(model, &one, unit)?);
            }
            // A model that has not scored one unit yet and fails on each of its first batch
            // alone cannot run at all (an operator the runtime lacks, a wrong input): one
            // error saying so, not a cohort of exclusions.
            if !model.has_run() {
                return Err(Error::Model {
                    path: model.path().to_path_buf(),
                    message: format!(
                        "ONNX Runtime fails on every case of the first batch ({n}), each alone too: {}",
                        failure.describe()
                    ),
                });
            }
            Ok(out)
        }
    }
}

/// Absolute paths of an imaging case's files, in scan order. `std::path::absolute` does not
/// touch the disk, so a plan given by a relative path still yields paths the viewer can open
/// whatever its working directory later is.
fn case_files(case: &cohort::images::ImageCase) -> Vec<PathBuf> {
    case.images
        .iter()
        .map(|h| std::path::absolute(&h.path).unwrap_or_else(|_| h.path.clone()))
        .collect()
}
