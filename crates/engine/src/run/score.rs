//! The second step of a run: score any subset of the prepared units with every score source
//! of the plan (its model or vendor scores, and each `[[compare]]`). Model outputs go to the
//! journal in `Control` as they are produced, so an interrupted part resumes where it stopped.

use super::batch::score_units;
use super::control::{Control, Outcome, Progress, journal_key};
use super::images;
use super::outcomes::{Outcomes, Scored, Source, UnitOutcomes};
use super::prepare::Prepared;
use super::source::{Model, Vendor, read_vendor};
use super::unit::{Image, Input, Unit};
use crate::cohort::ExclusionReason;
use crate::error::{Error, Result};
use crate::model::onnx::BATCH;
use crate::plan::{CohortKind, PredictionsSpec, Task};

/// Scores the units at `selection` (indices into `prepared.units`, e.g. `prepared.all()` or
/// one shard of them) with every score source of the plan. Outcomes of several calls over
/// disjoint selections merge (`Outcomes::merge`) into those of one call over all.
pub fn score(prepared: &Prepared, selection: &[usize], ctl: &Control) -> Result<Outcomes> {
    let plan = &prepared.plan;
    let mut units = Vec::with_capacity(selection.len());
    for &i in selection {
        units.push(prepared.units.get(i).ok_or_else(|| {
            Error::Outcomes(format!(
                "unit {i} is not in the cohort, which has {} units",
                prepared.units.len()
            ))
        })?);
    }
    let mut out = Outcomes {
        run_key: prepared.run_key.clone(),
        scored: Vec::new(),
    };
    if plan.study.task == Task::Segmentation {
        out.scored = score_segmentation(prepared, &units, ctl)?;
        return Ok(out);
    }
    if plan.is_findings() {
        out.scored = crate::findings::score::score(prepared, &units, ctl)?;
        return Ok(out);
    }
    if plan.study.task == Task::Detection {
        return crate::detection::score::score(prepared, selection, ctl);
    }
    let sources =
        std::iter::once((
            Source::Main,
            plan.model.as_ref(),
            plan.predictions.as_ref(),
            prepared
                .model_sha256
                .as_deref()
                .or(prepared.predictions_sha256.as_deref()),
        ))
        .chain(plan.compare.iter().zip(&prepared.compare_sha256).map(
            |(spec, (_, sha))| {
                (
                    Source::compare(&spec.name),
                    spec.model.as_ref(),
                    spec.predictions.as_ref(),
                    Some(sha.as_str()),
                )
            },
        ));
    for (source, model, predictions, sha) in sources {
        ctl.check()?;
        let scored = if let Some(spec) = model {
            let lent = if source == Source::Main {
                prepared.opened.take()
            } else {
                None
            };
            let mut m = match lent {
                Some(m) => m,
                None => Model::open(plan, spec, ctl, None)?,
            };
            unchanged(sha, &m.sha256, || Error::Model {
                path: plan.resolve(&spec.path),
                message: changed(),
            })?;
            let outcomes = score_model(prepared, &units, ctl, source.journal_name(), &mut m)?;
            if source == Source::Main {
                prepared.opened.put(m);
            }
            units
                .iter()
                .zip(outcomes)
                .map(|(unit, outcomes)| Scored::new(source.clone(), unit.id.clone(), outcomes))
                .collect()
        } else if let Some(spec) = predictions {
            let lent = if source == Source::Main {
                prepared.vendor.take()
            } else {
                None
            };
            let vendor = match lent {
                Some(v) => v,
                None => read_vendor(plan, spec)?,
            };
            unchanged(sha, &vendor.1, || Error::Csv {
                path: vendor.2.clone(),
                message: changed(),
            })?;
            score_vendor(plan.cohort.kind, &units, ctl, &vendor, spec, &source)
        } else {
            continue;
        };
        if out.scored.is_empty() {
            out.scored = scored;
        } else {
            out.scored.extend(scored);
        }
    }
    Ok(out)
}

/// Segmentation cases, each with its figures per structure (`segmentation::score`), from the
/// plan's model (lent by `prepare` or opened again) or the vendor's mask files.
fn score_segmentation(prepared: &Prepared, units: &[&Unit], ctl: &Control) -> Result<Vec<Scored>> {
    let plan = &prepared.plan;
    let mut model = match &plan.model {
        Some(spec) => {
            let m = match prepared.opened.take() {
                Some(m) => m,
                None => Model::open(plan, spec, ctl, None)?,
            };
            unchanged(prepared.model_sha256.as_deref(), &m.sha256, || {
                Error::Model {
                    path: plan.resolve(&spec.path),
                    message: changed(),
                }
            })?;
            Some(m)
        }
        None => None,
    };
    let scored = crate::segmentation::score::score(plan, units, ctl, model.as_mut());
    if let Some(m) = model {
        prepared.opened.put(m);
    }
    Ok(units
        .iter()
        .zip(scored?)
        .map(|(unit, (outcome, segmentation))| {
            Scored::new(Source::Main, unit.id.clone(), [outcome]).with_segmentation(segmentation)
        })
        .collect())
}

/// A source's file must be the one the run was prepared with.
fn unchanged(prepared: Option<&str>, now: &str, err: impl FnOnce() -> Error) -> Result<()> {
    match prepared {
        Some(sha) if sha != now => Err(err()),
        _ => Ok(()),
    }
}

fn changed() -> String {
    "the file changed after the run was prepared (its SHA-256 differs); prepare the run again"
        .to_string()
}

/// Each unit's outcomes from one model, in `units` order.
fn score_model(
    prepared: &Prepared,
    units: &[&Unit],
    ctl: &Control,
    source: &str,
    m: &mut Model,
) -> Result<Vec<UnitOutcomes>> {
    let plan = &prepared.plan;
    let key = journal_key(source, &prepared.cohort_sha256, &m.sha256);
    if plan.cohort.kind == CohortKind::Csv {
        m.onnx.expect_features(plan.cohort.features.len())?;
        ctl.report(Progress::Stage {
            name: "Scoring with the model",
            total: units.len() as u64,
        });
        let batch = m
            .onnx
            .batch_size(plan.model.as_ref().and_then(|s| s.batch), BATCH);
        // A resumed run scores only what the interrupted one had not recorded, and only if
        // the cohort and the model are the same files (else the key finds nothing).
        let mut outcomes = ctl.recorded(&key)?;
        let todo: Vec<&Unit> = units
            .iter()
            .copied()
            .filter(|u| !outcomes.contains_key(u.id.as_str()))
            .collect();
        ctl.report(Progress::Reused((units.len() - todo.len()) as u64));
        let width = plan.cohort.features.len();
        for chunk in todo.chunks(batch) {
            ctl.check()?;
            let mut fit = Vec::with_capacity(chunk.len());
            let mut done: Vec<(String, Outcome)> = Vec::new();
            for unit in chunk {
                let Input::Row { line, features } = &unit.input else {
                    unreachable!("every unit is a row")
                };
                match features.get() {
                    // A row only a `[[compare]]` model reads, whose features cannot be read.
                    Err(detail) => done.push((
                        unit.id.to_string(),
                        Err((ExclusionReason::BadFeature, detail.to_string())),
                    )),
                    // A feature the CSV holds as a finite number but the model's input type
                    // cannot (1e300 is infinity in float32) excludes its case.
                    Ok(f) if !f.iter().all(|v| v.is_finite()) => {
                        let column = f
                            .iter()
                            .position(|v| !v.is_finite())
                            .and_then(|j| plan.cohort.features.get(j))
                            .map_or("?", String::as_str);
                        let detail = format!(
                            "line {line}: feature \"{column}\" does not fit the model's input type {} (overflow)",
                            m.onnx.input_type_name()
                        );
                        done.push((
                            unit.id.to_string(),
                            Err((ExclusionReason::BadFeature, detail)),
                        ));
                    }
                    Ok(f) => fit.push((unit, *line, f)),
                }
            }
            if !fit.is_empty() {
                let flat: Vec<f32> = fit.iter().flat_map(|(_, _, f)| f.iter().copied()).collect();
                let scored = score_units(&mut m.onnx, &[fit.len(), width], &flat)?;
                done.extend(fit.iter().zip(scored).map(|((unit, line, _), outcome)| {
                    let outcome = outcome.map_err(|(r, d)| (r, format!("line {line}: {d}")));
                    (unit.id.to_string(), outcome)
                }));
            }
            ctl.record(&key, &done)?;
            outcomes.extend(done);
            ctl.report(Progress::Advance(chunk.len() as u64));
        }
        Ok(units
            .iter()
            .map(|u| {
                UnitOutcomes::from_buf([outcomes
                    .remove(u.id.as_str())
                    .expect("every case is scored or recorded")])
            })
            .collect())
    } else {
        let pre = plan.preprocess.clone().unwrap_or_default();
        let per_unit: Vec<&[Image]> = units
            .iter()
            .map(|u| match &u.input {
                Input::Images(case) => &case.images[..],
                Input::Row { .. } | Input::Segmentation(_) => &[],
            })
            .collect();
        let all: Vec<&Image> = per_unit.iter().flat_map(|i| i.iter()).collect();
        let batch = m
            .onnx
            .fixed_batch()
            .or(plan.model.as_ref().and_then(|s| s.batch))
            .map(|b| b.max(1));
        let mut results = images::score(&all, &pre, &mut m.onnx, batch, ctl, &key)?.into_iter();
        Ok(per_unit
            .iter()
            .map(|imgs| results.by_ref().take(imgs.len()).collect())
            .collect())
    }
}

/// Each unit's vendor score, or why it has none, in `units` order.
fn score_vendor(
    kind: CohortKind,
    units: &[&Unit],
    ctl: &Control,
    vendor: &Vendor,
    spec: &PredictionsSpec,
    source: &Source,
) -> Vec<Scored> {
    let total = units.len() as u64;
    let rows = kind == CohortKind::Csv;
    if rows {
        ctl.report(Progress::Stage {
            name: "Joining vendor scores",
            total,
        });
    }
    // A million lookups in the vendor's table: on rayon's threads, collected in order.
    use rayon::prelude::*;
    let out = units
        .par_iter()
        .map(|u| {
            let outcome = match &u.input {
                Input::Row { line, .. } => {
                    vendor_score(vendor, &u.id, Some(*line), &spec.id, Some(&u.id))
                        .map_err(|(r, d)| (r, format!("line {line}: {d}")))
                }
                Input::Images(case) => vendor_score(vendor, &case.key, None, &spec.id, None),
                Input::Segmentation(_) => Err((
                    ExclusionReason::Unscorable,
                    "a segmentation case has no vendor score".into(),
                )),
            };
            Scored::new(source.clone(), u.id.clone(), [outcome])
        })
        .collect();
    if rows {
        ctl.report(Progress::Advance(total));
    }
    out
}

/// A vendor score for a case id, or why there is none. `shown` names the id in the message
/// (None: a DICOM case's path or UID, which is never written).
/// `line`: a CSV unit's line, by which scores read from the cohort file itself are found.
fn vendor_score(
    vendor: &Vendor,
    id: &str,
    line: Option<u64>,
    spec_id: &str,
    shown: Option<&str>,
) -> Outcome {
    let (scores, _, path) = vendor;
    let found = match line {
        Some(line) if scores.by_row() => scores.get_row(line),
        _ => scores.get(id),
    };
    match found {
        Some(Ok(s)) => Ok(s),
        Some(Err(detail)) if shown.is_some() => Err((ExclusionReason::BadScore, detail.into())),
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
