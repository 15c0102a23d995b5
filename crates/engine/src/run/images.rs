//! Scoring an imaging cohort. Worker threads read, decode and preprocess images while this
//! thread runs ONNX Runtime on batches of equal-shaped tensors, so decoding and inference
//! overlap. Memory is bounded by the queue and the batch size, not by the cohort size.
//!
//! Unless the plan or the model fixes it, a batch holds as many images as make
//! [`BATCH_BYTES`] of input: one 256² slice, 16 of 64². Measured on the imaging benchmark
//! (docs/scale.md), batches of 32 slices of 256² took ONNX Runtime twice the CPU time of
//! single slices, with the same scores: its buffers for a batch of 32 (tens of MB) no longer
//! fit the caches, and were mapped afresh page by page (100 000 page faults in 2000 images).

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::sync_channel;

use super::batch::score_units;
use super::control::{Control, Outcome, Progress};
use super::unit::Image;
use crate::cohort::ExclusionReason;
use crate::cohort::dicom::open_within;
use crate::cohort::pixels::{PixelError, Preprocess, Tensor, to_tensor};
use crate::error::Result;
use crate::model::onnx::OnnxModel;

/// A score, or why an image has none.
pub type ImageResult = Outcome;

/// Input bytes per ONNX Runtime call when neither the plan (`[model] batch`) nor the model
/// fixes the batch size: about what a core's L2 cache holds.
pub const BATCH_BYTES: usize = 256 << 10;

/// Decoded tensors waiting for inference when the batch is chosen by size ([`BATCH_BYTES`]).
const QUEUE: usize = 16;

/// Results recorded in the journal at a time, at least: small batches are not each a
/// transaction.
const JOURNAL_EVERY: usize = 32;

/// Images per call for tensors of this per-case shape: `planned` (the plan's or the model's
/// own), else as many as fit [`BATCH_BYTES`], from 1 to `IMAGE_BATCH`.
pub fn batch_for(shape: [usize; 3], planned: Option<usize>) -> usize {
    let bytes = shape.iter().product::<usize>() * std::mem::size_of::<f32>();
    planned
        .unwrap_or_else(|| BATCH_BYTES / bytes.max(1))
        .clamp(1, planned.unwrap_or(crate::model::onnx::IMAGE_BATCH))
}

/// Reads and preprocesses one image within the plan's pixel budget (the file's structure is
/// checked first, `cohort::prescan`; decoder panics are caught quietly inside `to_tensor`).
pub fn decode(
    path: &std::path::Path,
    pre: &Preprocess,
) -> std::result::Result<Tensor, (ExclusionReason, String)> {
    let (obj, _) = open_within(path, None, pre.max_pixels)?;
    to_tensor(&obj, pre).map_err(PixelError::into_exclusion)
}

/// Scores every image; the result at index i belongs to `images[i]`. Images the journal
/// already holds (a resumed run) are not read again; new results are recorded at least every
/// [`JOURNAL_EVERY`] images, after the batch that scored them. `batch`: images per call as
/// the plan or the model fixes it (None: by size, [`batch_for`]).
pub fn score(
    images: &[&Image],
    pre: &Preprocess,
    model: &mut OnnxModel,
    batch: Option<usize>,
    ctl: &Control,
    source: &str,
) -> Result<Vec<ImageResult>> {
    ctl.report(Progress::Stage {
        name: "Decoding and scoring",
        total: images.len() as u64,
    });
    let mut recorded = ctl.recorded(source)?;
    let mut results: Vec<Option<ImageResult>> = images
        .iter()
        .map(|h| recorded.remove(&h.rel_path))
        .collect();
    let todo: Vec<usize> = (0..images.len())
        .filter(|&i| results[i].is_none())
        .collect();
    ctl.report(Progress::Reused((images.len() - todo.len()) as u64));
    let next = AtomicUsize::new(0);
    let workers = rayon::current_num_threads().max(1);
    std::thread::scope(|s| -> Result<()> {
        // Decoded tensors waiting for inference, at most: memory is bounded by this and the
        // batches pending per image shape, whatever the cohort's size.
        let (tx, rx) = sync_channel(batch.map_or(QUEUE, |b| 2 * b));
        for _ in 0..workers {
            let tx = tx.clone();
            let (next, todo) = (&next, &todo);
            s.spawn(move || {
                loop {
                    if ctl.is_cancelled() {
                        break;
                    }
                    let Some(&i) = todo.get(next.fetch_add(1, Ordering::Relaxed)) else {
                        break;
                    };
                    let h = images[i];
                    if tx.send((i, decode(&h.path, pre))).is_err() {
                        break; // the scorer stopped (error or cancel)
                    }
                }
            });
        }
        drop(tx);
        // Tensors are batched by shape: a model with dynamic H/W can take a cohort of mixed
        // image sizes, each batch of one size.
        let mut pending: HashMap<[usize; 3], Vec<(usize, Tensor)>> = HashMap::new();
        // Images with a result not yet in the journal (scored, or not decodable).
        let mut unrecorded: Vec<usize> = Vec::new();
        // One batch's input, reused: a large batch (32 images of 512² are 32 MB) allocated
        // afresh each time is zeroed by the system page by page.
        let mut input: Vec<f32> = Vec::new();
        for (i, decoded) in rx {
            ctl.check()?;
            match decoded {
                Err(reason) => {
                    results[i] = Some(Err(reason));
                    unrecorded.push(i);
                    ctl.report(Progress::Advance(1));
                }
                Ok(t) => {
                    let shape = t.shape;
                    if let Some(excluded) = unscorable(model, &t) {
                        results[i] = Some(Err(excluded));
                        unrecorded.push(i);
                        ctl.report(Progress::Advance(1));
                        continue;
                    }
                    let queue = pending.entry(shape).or_default();
                    queue.push((i, t));
                    if queue.len() >= batch_for(shape, batch) {
                        let full = std::mem::take(queue);
                        let mut done =
                            run_batch(model, shape, full, &mut input, &mut results, ctl)?;
                        unrecorded.append(&mut done);
                        if unrecorded.len() >= JOURNAL_EVERY {
                            record(images, &results, &unrecorded, ctl, source)?;
                            unrecorded.clear();
                        }
                    }
                }
            }
        }
        ctl.check()?;
        for (shape, rest) in pending {
            if !rest.is_empty() {
                let mut done = run_batch(model, shape, rest, &mut input, &mut results, ctl)?;
                unrecorded.append(&mut done);
            }
        }
        record(images, &results, &unrecorded, ctl, source)
    })?;
    Ok(results
        .into_iter()
        .map(|r| r.expect("every image is decoded or excluded"))
        .collect())
}

/// Why the model cannot take this tensor, if it cannot: a shape its input does not accept (a
/// fixed-size model and an image of another size), or values that are not finite numbers in
/// float32. One such image is an exclusion, never a failed run.
pub(crate) fn unscorable(model: &OnnxModel, t: &Tensor) -> Option<(ExclusionReason, String)> {
    let [a, b, c] = t.shape;
    if !model.takes_image(t.shape) {
        return Some((
            ExclusionReason::Unscorable,
            format!(
                "after [preprocess] the image is a tensor of shape [N, {a}, {b}, {c}], which the model's input {} does not take; set [preprocess] resize, channels or layout to match the model",
                model.input_shape_text()
            ),
        ));
    }
    if !all_finite(&t.data) {
        return Some((
            ExclusionReason::BadFeature,
            "after [preprocess] the image holds values that are not finite in float32 (overflow)"
                .to_string(),
        ));
    }
    None
}

/// Whether every value is a finite float32. An exponent of all ones is infinity or NaN; OR-ing
/// the test over a block has no early exit, so it vectorises (`any(!is_finite)` was 2 % of a
/// light model's run, one compare and branch per pixel).
fn all_finite(values: &[f32]) -> bool {
    const EXPONENT: u32 = 0x7f80_0000;
    values.chunks(4096).all(|block| {
        block.iter().fold(0u32, |bad, v| {
            bad | u32::from(v.to_bits() & EXPONENT == EXPONENT)
        }) == 0
    })
}

/// Makes the results of images `done` durable in the run's journal.
fn record(
    images: &[&Image],
    results: &[Option<ImageResult>],
    done: &[usize],
    ctl: &Control,
    source: &str,
) -> Result<()> {
    let outcomes: Vec<(String, Outcome)> = done
        .iter()
        .filter_map(|&i| results[i].clone().map(|r| (images[i].rel_path.clone(), r)))
        .collect();
    ctl.record(source, &outcomes)
}

/// Runs one batch of equal-shaped tensors (laid out in `input`, whose memory is reused) and
/// files the scores under their image indices; returns those indices.
fn run_batch(
    model: &mut OnnxModel,
    shape: [usize; 3],
    batch: Vec<(usize, Tensor)>,
    input: &mut Vec<f32>,
    results: &mut [Option<ImageResult>],
    ctl: &Control,
) -> Result<Vec<usize>> {
    input.clear();
    for (_, t) in &batch {
        input.extend_from_slice(&t.data);
    }
    let outcomes = score_units(model, &[batch.len(), shape[0], shape[1], shape[2]], input)?;
    for ((i, _), outcome) in batch.iter().zip(outcomes) {
        results[*i] = Some(outcome);
    }
    ctl.report(Progress::Advance(batch.len() as u64));
    Ok(batch.iter().map(|(i, _)| *i).collect())
}

#[cfg(test)]
mod tests {
    use super::{all_finite, batch_for};

    /// As `is_finite` on every value: each special value, anywhere in a block or past one.
    #[test]
    fn all_finite_is_is_finite_everywhere() {
        let specials = [f32::NAN, f32::INFINITY, f32::NEG_INFINITY, -f32::NAN];
        let ordinary = [0.0, -0.0, 1.0, f32::MAX, f32::MIN, f32::MIN_POSITIVE, 1e-45];
        assert!(all_finite(&ordinary));
        assert!(all_finite(&[]));
        for len in [1, 7, 4096, 4097, 10_000] {
            for at in [0, len / 2, len - 1] {
                for s in specials {
                    let mut v: Vec<f32> = (0..len).map(|i| ordinary[i % ordinary.len()]).collect();
                    assert!(all_finite(&v));
                    v[at] = s;
                    assert!(!all_finite(&v), "{s} at {at} of {len}");
                }
            }
        }
    }

    #[test]
    fn a_batch_is_chosen_by_size_unless_planned() {
        // 256 KB of float32 input: one 256² slice, 16 of 64², never fewer than 1 nor more than 32.
        assert_eq!(batch_for([1, 256, 256], None), 1);
        assert_eq!(batch_for([1, 64, 64], None), 16);
        assert_eq!(batch_for([3, 512, 512], None), 1);
        assert_eq!(batch_for([1, 8, 8], None), 32);
        assert_eq!(batch_for([1, 128, 128], None), 4);
        // The plan's (or the model's fixed) size is taken as it is.
        assert_eq!(batch_for([1, 256, 256], Some(7)), 7);
        assert_eq!(batch_for([1, 8, 8], Some(100)), 100);
    }
}
