//! Predicted masks from the vendor's ONNX model on one series: each slice through the plan's
//! `[preprocess]`, fed as `[N, C, H, W]` batches of slices or as one `[1, C, D, H, W]` volume
//! (decided by the model input's rank), the output read as probabilities per channel
//! (thresholded, or argmax when `[segmentation] binarise = "argmax"`) or, when it is an integer
//! tensor, as a label map (`[[structure]] label`, else `channel`).
//!
//! When `[preprocess] resize` changed a slice's size, the output is mapped back to the image
//! grid by nearest neighbour (output pixel ⌊(r + ½)·h/rows⌋ for image row r, columns alike), so
//! every figure is measured on the image's own grid and spacing.

use super::series::Series;
use crate::cohort::ExclusionReason;
use crate::cohort::pixels::{Layout, Preprocess};
use crate::error::{Error, Result};
use crate::model::onnx::{OnnxModel, RawOutput};
use crate::plan::{Binarise, SegmentationSpec, StructureSpec};
use crate::run::Image;

/// The series' masks per structure (slice-major, sorted order), or why the series has none.
pub(crate) type Predicted = std::result::Result<Vec<Vec<bool>>, (ExclusionReason, String)>;

/// Runs the model on the series. `Err` is a model that cannot be used at all (an output of
/// a shape or channel count the plan does not fit); `Ok(Err(_))` excludes this series.
pub(crate) fn predict(
    model: &mut OnnxModel,
    pre: &Preprocess,
    images: &[Image],
    series: &Series,
    structures: &[StructureSpec],
    spec: &SegmentationSpec,
    batch: usize,
) -> Result<Predicted> {
    let rank = model.input_rank();
    if !(rank == 4 || rank == 5) {
        return Err(model_error(
            model,
            format!(
                "input {} is not [N, C, H, W] (slices) or [N, C, D, H, W] (a volume): a segmentation model needs one of these",
                model.input_shape_text()
            ),
        ));
    }
    if rank == 5 && pre.layout != Layout::Nchw {
        return Err(model_error(
            model,
            "a volume input [N, C, D, H, W] needs [preprocess] layout = \"NCHW\"".into(),
        ));
    }
    let plane = series.voxels_per_slice();
    let mut masks: Vec<Vec<bool>> = vec![vec![false; series.len() * plane]; structures.len()];
    let mut tensors = Vec::with_capacity(series.len());
    for (k, &i) in series.order.iter().enumerate() {
        match crate::run::images::decode(&images[i].path, pre) {
            Ok(t) => tensors.push(t),
            Err((reason, detail)) => {
                return Ok(Err((reason, format!("slice {}: {detail}", k + 1))));
            }
        }
    }
    let shape = tensors[0].shape;
    if tensors.iter().any(|t| t.shape != shape) {
        return Ok(Err((
            ExclusionReason::Unscorable,
            "the slices become tensors of different shapes after [preprocess]".into(),
        )));
    }
    if rank == 4 {
        let per = shape.iter().product::<usize>();
        for (b, chunk) in tensors.chunks(batch.max(1)).enumerate() {
            let mut data = Vec::with_capacity(chunk.len() * per);
            for t in chunk {
                data.extend_from_slice(&t.data);
            }
            // A model exported for a fixed batch size gets the last batch padded with copies
            // of its last slice; their outputs are dropped.
            let n = model.fixed_batch().unwrap_or(chunk.len()).max(chunk.len());
            for _ in chunk.len()..n {
                data.extend_from_slice(&chunk[chunk.len() - 1].data);
            }
            let input = [n, shape[0], shape[1], shape[2]];
            let mut out = match model.run_raw(&input, &data)? {
                Ok(o) => o,
                Err(failure) => return Ok(Err(failure_exclusion(&failure))),
            };
            if n > chunk.len() && out.shape.first() == Some(&n) {
                let per_case: usize = out.shape[1..].iter().product();
                out.values.truncate(chunk.len() * per_case);
                out.shape[0] = chunk.len();
            }
            let first = b * batch.max(1);
            write_slices(
                model,
                &out,
                chunk.len(),
                first,
                series,
                structures,
                spec,
                &mut masks,
            )?;
        }
    } else {
        let [c, h, w] = shape;
        let d = tensors.len();
        let mut data = vec![0f32; c * d * h * w];
        for (z, t) in tensors.iter().enumerate() {
            for ch in 0..c {
                let src = &t.data[ch * h * w..(ch + 1) * h * w];
                let at = ((ch * d) + z) * h * w;
                data[at..at + h * w].copy_from_slice(src);
            }
        }
        drop(tensors);
        let out = match model.run_raw(&[1, c, d, h, w], &data)? {
            Ok(o) => o,
            Err(failure) => return Ok(Err(failure_exclusion(&failure))),
        };
        // [1, K, D, h, w] or [1, D, h, w]: as D slices of one batch.
        let out = match out.shape.as_slice() {
            [1, k, dd, oh, ow] if *dd == d => RawOutput {
                // Channel-major volume → slice-major planes per channel.
                values: {
                    let mut v = vec![0f32; out.values.len()];
                    for ch in 0..*k {
                        for z in 0..d {
                            let src = ((ch * d) + z) * oh * ow;
                            let dst = ((z * k) + ch) * oh * ow;
                            v[dst..dst + oh * ow].copy_from_slice(&out.values[src..src + oh * ow]);
                        }
                    }
                    v
                },
                shape: vec![d, *k, *oh, *ow],
                integer: out.integer,
            },
            [1, dd, oh, ow] if *dd == d => RawOutput {
                shape: vec![d, *oh, *ow],
                values: out.values,
                integer: out.integer,
            },
            other => {
                return Err(model_error(
                    model,
                    format!(
                        "the output has shape {other:?} for a volume of {d} slices; expected [1, channels, {d}, H, W] or [1, {d}, H, W]"
                    ),
                ));
            }
        };
        write_slices(model, &out, d, 0, series, structures, spec, &mut masks)?;
    }
    Ok(Ok(masks))
}

fn model_error(model: &OnnxModel, message: String) -> Error {
    Error::Model {
        path: model.path().to_path_buf(),
        message,
    }
}

fn failure_exclusion(f: &crate::model::onnx::BatchFailure) -> (ExclusionReason, String) {
    match f {
        crate::model::onnx::BatchFailure::TimedOut(_) => (ExclusionReason::Timeout, f.describe()),
        crate::model::onnx::BatchFailure::Failed(_) => {
            (ExclusionReason::InferenceFailed, f.describe())
        }
    }
}

/// Writes `n` output slices (the batch's, from sorted slice `first` on) into the masks.
#[allow(clippy::too_many_arguments)]
fn write_slices(
    model: &OnnxModel,
    out: &RawOutput,
    n: usize,
    first: usize,
    series: &Series,
    structures: &[StructureSpec],
    spec: &SegmentationSpec,
    masks: &mut [Vec<bool>],
) -> Result<()> {
    // [n, K, h, w] with channels, or [n, h, w] (a label map or one probability channel).
    let (k, oh, ow, channels) = match out.shape.as_slice() {
        [m, k, oh, ow] if *m == n => (*k, *oh, *ow, true),
        [m, oh, ow] if *m == n => (1, *oh, *ow, false),
        other => {
            return Err(model_error(
                model,
                format!(
                    "the output has shape {other:?} for {n} slices; expected [{n}, channels, H, W] or [{n}, H, W]"
                ),
            ));
        }
    };
    let labels = out.integer;
    let _ = channels;
    for s in structures {
        if labels {
            continue;
        }
        match s.channel {
            Some(c) if c < k => {}
            Some(c) => {
                return Err(model_error(
                    model,
                    format!(
                        "[[structure]] \"{}\" reads channel {c}, but the output has {k} channel(s) (0-based)",
                        s.name
                    ),
                ));
            }
            None => {
                return Err(model_error(
                    model,
                    format!(
                        "[[structure]] \"{}\" has no channel, and the output holds probabilities per channel, not a label map",
                        s.name
                    ),
                ));
            }
        }
    }
    let (rows, cols) = (series.rows, series.columns);
    let plane = rows * cols;
    let src_row: Vec<usize> = (0..rows)
        .map(|r| (((r as f64 + 0.5) * oh as f64 / rows as f64) as usize).min(oh - 1))
        .collect();
    let src_col: Vec<usize> = (0..cols)
        .map(|c| (((c as f64 + 0.5) * ow as f64 / cols as f64) as usize).min(ow - 1))
        .collect();
    let per_slice = k * oh * ow;
    for z in 0..n {
        let slice = &out.values[z * per_slice..(z + 1) * per_slice];
        let at = (first + z) * plane;
        for r in 0..rows {
            for c in 0..cols {
                let o = src_row[r] * ow + src_col[c];
                let value = |ch: usize| slice[ch * oh * ow + o];
                let winner = if !labels && spec.binarise == Binarise::Argmax {
                    (0..k).max_by(|&a, &b| value(a).total_cmp(&value(b)).then(b.cmp(&a)))
                } else {
                    None
                };
                for (s, mask) in structures.iter().zip(masks.iter_mut()) {
                    let inside = if labels {
                        let want = s.label.or(s.channel.map(|c| c as u32)).unwrap_or(0);
                        value(0).round() == want as f32
                    } else {
                        let ch = s.channel.expect("checked above");
                        match spec.binarise {
                            Binarise::Threshold => f64::from(value(ch)) >= spec.threshold,
                            Binarise::Argmax => winner == Some(ch),
                        }
                    };
                    mask[at + r * cols + c] = inside;
                }
            }
        }
    }
    Ok(())
}
