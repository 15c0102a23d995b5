//! The second step of a detection run: each unit's score, the model's own (`[detection]
//! unit_score`) or the highest of its marks (0 without marks), as the outcome of the unit from
//! the main source, so that parts scored apart merge and are checked as any other run's.
//!
//! `[marks] kind = "model"`: the marks are found here, unit by unit, by the plan's detector
//! (`predict`), and travel in `Scored::marks` (with the padding rows counted), so a sharded run
//! merges them as it merges scores. A unit with an image that cannot be read, decoded or run
//! is an `Err` outcome with the reason. Journal: marks are not recorded, so a resumed run
//! finds them again (as a segmentation run measures its cases again); the figures are the same.

use super::predict::{self, RowLayout};
use crate::cohort::ExclusionReason;
use crate::error::{Error, Result};
use crate::model::onnx::IMAGE_BATCH;
use crate::plan::MarksKind;
use crate::run::control::Progress;
use crate::run::source::Model;
use crate::run::{Control, Input, Outcomes, Prepared, Scored, Source};

/// The outcomes of the units at `units` (indices into `prepared.units`).
pub(crate) fn score(prepared: &Prepared, units: &[usize], ctl: &Control) -> Result<Outcomes> {
    let plan = &prepared.plan;
    if plan
        .marks
        .as_ref()
        .is_some_and(|m| m.kind == MarksKind::Model)
    {
        return score_model(prepared, units, ctl);
    }
    let scores = prepared
        .detection
        .as_ref()
        .map(|d| d.unit_score(prepared.units.len()))
        .unwrap_or_default();
    Ok(Outcomes {
        run_key: prepared.run_key.clone(),
        scored: units
            .iter()
            .map(|&i| {
                Scored::new(
                    Source::Main,
                    prepared.units[i].id.clone(),
                    [Ok(scores.get(i).copied().unwrap_or(0.0))],
                )
            })
            .collect(),
    })
}

/// The detector run on the units' images: their marks, and as each unit's outcome its highest
/// mark score (0 without marks). Uses the session `prepare` opened (after its self-test), or
/// opens the model again in a part that finds it lent out.
fn score_model(prepared: &Prepared, units: &[usize], ctl: &Control) -> Result<Outcomes> {
    let plan = &prepared.plan;
    let (Some(spec), Some(marks)) = (&plan.model, &plan.marks) else {
        return Err(Error::Outcomes(
            "[marks] kind = \"model\" without a [model]".into(),
        ));
    };
    let layout = RowLayout::parse(&marks.layout).map_err(|message| Error::Model {
        path: plan.resolve(&spec.path),
        message,
    })?;
    let pre = plan.preprocess.clone().unwrap_or_default();
    let mut model = match prepared.opened.take() {
        Some(m) => m,
        None => Model::open(plan, spec, ctl, None)?,
    };
    if let Some(sha) = prepared.model_sha256.as_deref()
        && sha != model.sha256
    {
        return Err(Error::Model {
            path: plan.resolve(&spec.path),
            message: "the file changed after the run was prepared (its SHA-256 differs); prepare the run again".into(),
        });
    }
    ctl.report(Progress::Stage {
        name: "Detecting marks",
        total: units.len() as u64,
    });
    let batch = model.onnx.batch_size(spec.batch, IMAGE_BATCH);
    let mut scored = Vec::with_capacity(units.len());
    let mut failed = None;
    for &i in units {
        if let Err(e) = ctl.check() {
            failed = Some(e);
            break;
        }
        let unit = &prepared.units[i];
        let predicted = match &unit.input {
            Input::Images(case) => predict::unit_marks(
                &mut model.onnx,
                &pre,
                &layout,
                marks.min_score,
                &case.images,
                batch,
            ),
            _ => Ok(Err((
                ExclusionReason::Unscorable,
                "not a DICOM unit: a detector runs on images".into(),
            ))),
        };
        let predicted = match predicted {
            Ok(p) => p,
            Err(e) => {
                failed = Some(e);
                break;
            }
        };
        scored.push(match predicted {
            Ok(found) => Scored::new(
                Source::Main,
                unit.id.clone(),
                [Ok(unit_score(&found.marks))],
            )
            .with_marks(found.marks, found.padding),
            Err(why) => Scored::new(Source::Main, unit.id.clone(), [Err(why)]),
        });
        ctl.report(Progress::Advance(1));
    }
    // The session goes back for the next part or step, whatever happened.
    prepared.opened.put(model);
    if let Some(e) = failed {
        return Err(e);
    }
    Ok(Outcomes {
        run_key: prepared.run_key.clone(),
        scored,
    })
}

/// A unit's score: its highest mark's score, 0 for a unit without marks (as for marks read
/// from a file, `DetectionInput::unit_score`).
fn unit_score(marks: &[crate::detection::read::UnitMark]) -> f64 {
    marks
        .iter()
        .map(|m| m.score)
        .reduce(f64::max)
        .unwrap_or(0.0)
}
