//! Marks from the plan's ONNX detector (`[marks] kind = "model"`): each image of a unit
//! preprocessed as `[preprocess]` says, run, and each row of the `[model] output` tensor read by
//! `[marks] layout` (points or boxes in the model input's pixels, and a score), mapped back to
//! the image's pixels (undoing the resize) and to patient millimetres through the image's plane.
//! Rows below `[marks] min_score` are padding, counted. Runs in the score step, so sharded
//! scoring and the journal keep the marks as they keep scores.

use super::read::UnitMark;
use crate::run::{Prepared, Unit};

/// The marks of one unit and the padding rows left out, or why the unit could not be scored.
pub(crate) fn unit_marks(
    prepared: &Prepared,
    unit: &Unit,
) -> std::result::Result<(Vec<UnitMark>, usize), String> {
    let _ = (prepared, unit);
    unimplemented!("detection::predict::unit_marks")
}
