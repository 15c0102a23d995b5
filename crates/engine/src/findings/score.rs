//! Scoring a multi-finding cohort: K scores per unit, from the vendor's CSV (one column per
//! finding, joined by id) or from the model's `[N, K]` output (one column per finding), with
//! `[findings] activation` applied. Model outputs are journaled per finding as they come, so
//! an interrupted run resumes without scoring a unit twice.

use std::collections::HashMap;

use crate::cohort::ExclusionReason;
use crate::cohort::table::{Table, field};
use crate::error::{Error, Result, quote};
use crate::model::onnx::BATCH;
use crate::plan::{Activation, Output, Plan};
use crate::run::control::{Control, MAIN, Outcome, Progress, journal_key};
use crate::run::source::Model;
use crate::run::{Input, Prepared, Scored, Source, Unit};

/// Each unit's K scores (in `[[finding]]` order) as a `Scored` with `findings` set, or the
/// reason it has none in `outcomes`.
pub(crate) fn score(prepared: &Prepared, units: &[&Unit], ctl: &Control) -> Result<Vec<Scored>> {
    let plan = &prepared.plan;
    let per_unit = if let Some(spec) = &plan.model {
        let mut m = match prepared.opened.take() {
            Some(m) => m,
            None => Model::open(plan, spec, ctl, None)?,
        };
        if prepared.model_sha256.as_deref() != Some(m.sha256.as_str()) {
            return Err(Error::Model {
                path: plan.resolve(&spec.path),
                message: "the file changed after the run was prepared (its SHA-256 differs); prepare the run again".into(),
            });
        }
        let scored = score_model(prepared, units, ctl, &mut m);
        prepared.opened.put(m);
        scored?
    } else {
        score_vendor(prepared, units, ctl)?
    };
    let activation = plan.findings_spec().activation;
    Ok(units
        .iter()
        .zip(per_unit)
        .map(|(unit, scores)| {
            let (outcome, findings) = match scores {
                Ok(raw) => {
                    let s = activate(activation, &raw);
                    match s.iter().position(|v| !v.is_finite()) {
                        Some(j) => (
                            Err((
                                ExclusionReason::BadScore,
                                format!(
                                    "the score of finding \"{}\" is {} after {:?} activation",
                                    plan.finding[j].name, s[j], activation
                                ),
                            )),
                            None,
                        ),
                        None => (
                            Ok(s.iter().copied().fold(f64::NEG_INFINITY, f64::max)),
                            Some(s),
                        ),
                    }
                }
                Err(e) => (Err(e), None),
            };
            let scored = Scored::new(Source::Main, unit.id.clone(), [outcome]);
            match findings {
                Some(f) => scored.with_findings(f),
                None => scored,
            }
        })
        .collect())
}

/// `[findings] activation` on one unit's raw scores: sigmoid per finding, softmax across the
/// K (max-shifted, so large logits do not overflow).
pub(crate) fn activate(activation: Activation, raw: &[f64]) -> Vec<f64> {
    match activation {
        Activation::None => raw.to_vec(),
        Activation::Sigmoid => raw.iter().map(|x| 1.0 / (1.0 + (-x).exp())).collect(),
        Activation::Softmax => {
            let max = raw.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let e: Vec<f64> = raw.iter().map(|x| (x - max).exp()).collect();
            let sum: f64 = e.iter().sum();
            e.iter().map(|x| x / sum).collect()
        }
    }
}

type Scores = std::result::Result<Vec<f64>, (ExclusionReason, String)>;

/// The vendor's K columns per unit, joined by id (the file must be the one prepared).
fn score_vendor(prepared: &Prepared, units: &[&Unit], ctl: &Control) -> Result<Vec<Scores>> {
    let plan = &prepared.plan;
    let spec = plan
        .predictions
        .as_ref()
        .expect("validated: [model] or [predictions]");
    let table = Table::read(&plan.resolve(&spec.path), "vendor predictions")?;
    if prepared.predictions_sha256.as_deref() != Some(table.sha256.as_str()) {
        return Err(Error::Csv {
            path: table.path.clone(),
            message: "the file changed after the run was prepared (its SHA-256 differs); prepare the run again".into(),
        });
    }
    ctl.report(Progress::Stage {
        name: "Joining vendor scores",
        total: units.len() as u64,
    });
    let rows = vendor_rows(plan, &table)?;
    let cols = vendor_columns(plan, &table)?;
    let out = units
        .iter()
        .map(|u| {
            let line = match &u.input {
                Input::Row { line, .. } => *line,
                _ => 0,
            };
            let Some(&(vline, i)) = rows.get(u.id.as_str()) else {
                return Err((
                    ExclusionReason::NoScore,
                    format!(
                        "line {line}: {} has no row with {} \"{}\"",
                        table.path.display(),
                        spec.id,
                        u.id
                    ),
                ));
            };
            let record = table.rows.record(i);
            cols.iter()
                .zip(&plan.finding)
                .map(|(&c, f)| {
                    let text = field(record, c);
                    match table.number(text) {
                        Some(v) if v.is_finite() => Ok(v),
                        _ => Err((
                            ExclusionReason::BadScore,
                            format!(
                                "line {line}: {} line {vline}: score {} of finding \"{}\" in column {} is not a finite number",
                                table.path.display(),
                                quote(text),
                                f.name,
                                quote(column_name(&f.output))
                            ),
                        )),
                    }
                })
                .collect()
        })
        .collect();
    ctl.report(Progress::Advance(units.len() as u64));
    Ok(out)
}

fn column_name(o: &Output) -> &str {
    match o {
        Output::Column(c) => c,
        Output::Index(_) => "",
    }
}

/// The vendor table's score column of each finding.
pub(crate) fn vendor_columns(plan: &Plan, table: &Table) -> Result<Vec<usize>> {
    plan.finding
        .iter()
        .map(|f| table.column(column_name(&f.output), "finding score column"))
        .collect()
}

/// The vendor table's rows by id: (line, row index). A repeated id is an error.
pub(crate) fn vendor_rows<'t>(
    plan: &Plan,
    table: &'t Table,
) -> Result<HashMap<&'t str, (u64, usize)>> {
    let spec = plan.predictions.as_ref().expect("vendor-scored plan");
    let id_col = table.column(&spec.id, "predictions id column")?;
    let mut rows: HashMap<&str, (u64, usize)> = HashMap::with_capacity(table.rows.len());
    for (i, (line, record)) in table.rows.iter().enumerate() {
        let id = field(record, id_col);
        if id.is_empty() {
            continue;
        }
        if let Some((first_line, _)) = rows.insert(id, (line, i)) {
            return Err(Error::DuplicateId {
                path: table.path.clone(),
                first_line,
                second_line: line,
            });
        }
    }
    Ok(rows)
}

/// Ids of the vendor's file that match no cohort row, sorted, then its rows without an id.
pub(crate) fn unmatched(
    plan: &Plan,
    table: &Table,
    cohort_ids: &crate::run::prepare::IdSet,
) -> Result<Vec<String>> {
    let spec = plan.predictions.as_ref().expect("vendor-scored plan");
    let id_col = table.column(&spec.id, "predictions id column")?;
    vendor_columns(plan, table)?;
    let mut ids: Vec<String> = Vec::new();
    let mut empty = Vec::new();
    for (line, record) in &table.rows {
        let id = field(record, id_col);
        if id.is_empty() {
            empty.push(format!("(no id, line {line})"));
        } else if !cohort_ids.contains(id) {
            ids.push(id.to_string());
        }
    }
    ids.sort();
    ids.extend(empty);
    Ok(ids)
}

/// The model's output columns per unit. The output must be `[N, K]` with every finding's
/// column < K: the first batch's shape is checked and a mismatch stops the run, naming the
/// tensor and its shape.
fn score_model(
    prepared: &Prepared,
    units: &[&Unit],
    ctl: &Control,
    m: &mut Model,
) -> Result<Vec<Scores>> {
    let plan = &prepared.plan;
    let width = plan.cohort.features.len();
    m.onnx.expect_features(width)?;
    let columns: Vec<usize> = plan
        .finding
        .iter()
        .map(|f| match f.output {
            Output::Index(k) => k,
            Output::Column(_) => 0,
        })
        .collect();
    let keys: Vec<String> = (0..columns.len())
        .map(|j| {
            journal_key(
                &format!("{MAIN} finding {j}"),
                &prepared.cohort_sha256,
                &m.sha256,
            )
        })
        .collect();
    let mut recorded: Vec<HashMap<String, Outcome>> = keys
        .iter()
        .map(|k| ctl.recorded(k))
        .collect::<Result<_>>()?;
    ctl.report(Progress::Stage {
        name: "Scoring with the model",
        total: units.len() as u64,
    });
    let done = |u: &Unit, rec: &Vec<HashMap<String, Outcome>>| {
        rec.iter().all(|r| r.contains_key(u.id.as_str()))
    };
    let todo: Vec<&Unit> = units
        .iter()
        .copied()
        .filter(|u| !done(u, &recorded))
        .collect();
    ctl.report(Progress::Advance((units.len() - todo.len()) as u64));
    let batch = m
        .onnx
        .batch_size(plan.model.as_ref().and_then(|s| s.batch), BATCH);
    let output = plan
        .model
        .as_ref()
        .map(|s| s.output.clone())
        .unwrap_or_default();
    for chunk in todo.chunks(batch) {
        ctl.check()?;
        let mut fit = Vec::with_capacity(chunk.len());
        let mut per_finding: Vec<Vec<(String, Outcome)>> = vec![Vec::new(); columns.len()];
        for u in chunk {
            match &u.input {
                Input::Row { features, .. } => match features.get() {
                    Ok(f) => fit.push((u, f)),
                    Err(d) => {
                        for pf in &mut per_finding {
                            pf.push((
                                u.id.to_string(),
                                Err((ExclusionReason::BadFeature, d.to_string())),
                            ));
                        }
                    }
                },
                _ => {
                    for pf in &mut per_finding {
                        pf.push((
                            u.id.to_string(),
                            Err((ExclusionReason::Unscorable, "not a CSV row".into())),
                        ));
                    }
                }
            }
        }
        if !fit.is_empty() {
            let flat: Vec<f32> = fit.iter().flat_map(|(_, f)| f.iter().copied()).collect();
            let n = fit.len();
            match m.onnx.run_raw(&[n, width], &flat)? {
                Ok(raw) => {
                    let k = match raw.shape.as_slice() {
                        [rows, k] if *rows == n && !raw.integer => *k,
                        shape => {
                            return Err(Error::Model {
                                path: m.onnx.path().to_path_buf(),
                                message: format!(
                                    "output \"{output}\" has shape {shape:?} for {n} units; a multi-finding model's output is [N, K] float scores, one column per finding"
                                ),
                            });
                        }
                    };
                    if let Some((f, c)) = plan.finding.iter().zip(&columns).find(|(_, c)| **c >= k)
                    {
                        return Err(Error::Model {
                            path: m.onnx.path().to_path_buf(),
                            message: format!(
                                "output \"{output}\" has shape [{n}, {k}], so [[finding]] \"{}\" output = {c} does not exist (columns 0 to {})",
                                f.name,
                                k.saturating_sub(1)
                            ),
                        });
                    }
                    for (r, (u, _)) in fit.iter().enumerate() {
                        for (j, &c) in columns.iter().enumerate() {
                            let v = f64::from(raw.values[r * k + c]);
                            let o = if v.is_finite() {
                                Ok(v)
                            } else {
                                Err((
                                    ExclusionReason::BadScore,
                                    format!(
                                        "the model's output for finding \"{}\" is {v}",
                                        plan.finding[j].name
                                    ),
                                ))
                            };
                            per_finding[j].push((u.id.to_string(), o));
                        }
                    }
                }
                Err(failure) => {
                    if !m.onnx.has_run() {
                        return Err(Error::Model {
                            path: m.onnx.path().to_path_buf(),
                            message: format!(
                                "ONNX Runtime fails on the first batch ({n}): {}",
                                failure.describe()
                            ),
                        });
                    }
                    let reason = match failure {
                        crate::model::onnx::BatchFailure::TimedOut(_) => ExclusionReason::Timeout,
                        crate::model::onnx::BatchFailure::Failed(_) => {
                            ExclusionReason::InferenceFailed
                        }
                    };
                    let detail = format!("a batch of {n}: {}", failure.describe());
                    for (u, _) in &fit {
                        for pf in &mut per_finding {
                            pf.push((u.id.to_string(), Err((reason, detail.clone()))));
                        }
                    }
                }
            }
        }
        for ((key, pf), rec) in keys.iter().zip(per_finding).zip(&mut recorded) {
            ctl.record(key, &pf)?;
            rec.extend(pf);
        }
        ctl.report(Progress::Advance(chunk.len() as u64));
    }
    Ok(units
        .iter()
        .map(|u| {
            recorded
                .iter_mut()
                .map(|r| {
                    r.remove(u.id.as_str())
                        .expect("every unit is scored or recorded")
                })
                .collect::<std::result::Result<Vec<f64>, _>>()
        })
        .collect())
}
