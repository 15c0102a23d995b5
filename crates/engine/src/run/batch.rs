//! Scoring one batch of model inputs (CSV rows or image tensors) so that a failure excludes
//! only the units it must. Below `score` and `images`, which both call it.

use super::control::Outcome;
use crate::cohort::ExclusionReason;
use crate::error::{Error, Result};
use crate::model::onnx::OnnxModel;

/// Scores one batch of `shape` = [N, …] so that what goes wrong excludes only the units it
/// must: an output that is not a finite number excludes its unit (`BadScore`); a batch ONNX
/// Runtime fails on is scored again unit by unit, and only the units that fail alone are
/// excluded (`InferenceFailed`); a batch past the time limit excludes its units (`Timeout`,
/// not retried: each would take as long). An `Err` is a model that cannot be used at all.
pub(super) fn score_units(
    model: &mut OnnxModel,
    shape: &[usize],
    data: &[f32],
) -> Result<Vec<Outcome>> {
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
