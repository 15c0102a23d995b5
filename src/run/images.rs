//! Scoring an imaging cohort. Worker threads read, decode and preprocess images while this
//! thread runs ONNX Runtime on batches of equal-shaped tensors, so decoding and inference
//! overlap. Memory is bounded by the queue and the batch size, not by the cohort size.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::sync_channel;

use super::{Control, Progress};
use crate::cohort::ExclusionReason;
use crate::cohort::dicom::{Header, open};
use crate::cohort::pixels::{PixelError, Preprocess, Tensor, to_tensor};
use crate::error::Result;
use crate::model::onnx::OnnxModel;

/// A score, or why an image has none.
pub type ImageResult = std::result::Result<f64, (ExclusionReason, String)>;

/// Reads and preprocesses one image (decoder panics are caught inside `to_tensor`).
pub fn decode(
    h: &Header,
    pre: &Preprocess,
) -> std::result::Result<Tensor, (ExclusionReason, String)> {
    let (obj, _) = open(&h.path, None)?;
    to_tensor(&obj, pre).map_err(PixelError::into_exclusion)
}

/// Scores every image; the result at index i belongs to `images[i]`.
pub fn score(
    images: &[&Header],
    pre: &Preprocess,
    model: &mut OnnxModel,
    batch_size: usize,
    ctl: &Control,
) -> Result<Vec<ImageResult>> {
    ctl.report(Progress::Stage {
        name: "Decoding and scoring",
        total: images.len() as u64,
    });
    let mut results: Vec<Option<ImageResult>> = vec![None; images.len()];
    let next = AtomicUsize::new(0);
    let workers = rayon::current_num_threads().max(1);
    std::thread::scope(|s| -> Result<()> {
        // Decoded tensors waiting for inference, at most: memory is bounded by this and the
        // batches pending per image shape, whatever the cohort's size.
        let (tx, rx) = sync_channel(2 * batch_size);
        for _ in 0..workers {
            let tx = tx.clone();
            let next = &next;
            s.spawn(move || {
                loop {
                    if ctl.is_cancelled() {
                        break;
                    }
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(h) = images.get(i) else { break };
                    if tx.send((i, decode(h, pre))).is_err() {
                        break; // the scorer stopped (error or cancel)
                    }
                }
            });
        }
        drop(tx);
        // Tensors are batched by shape: a model with dynamic H/W can take a cohort of mixed
        // image sizes, each batch of one size.
        let mut pending: HashMap<[usize; 3], Vec<(usize, Tensor)>> = HashMap::new();
        for (i, decoded) in rx {
            ctl.check()?;
            match decoded {
                Err(reason) => {
                    results[i] = Some(Err(reason));
                    ctl.report(Progress::Advance(1));
                }
                Ok(t) => {
                    let shape = t.shape;
                    if !pending.contains_key(&shape) {
                        model.expect_image(shape, &images[i].rel_path)?;
                    }
                    let queue = pending.entry(shape).or_default();
                    queue.push((i, t));
                    if queue.len() >= batch_size {
                        let batch = std::mem::take(queue);
                        run_batch(model, shape, batch, &mut results, ctl)?;
                    }
                }
            }
        }
        ctl.check()?;
        for (shape, batch) in pending {
            if !batch.is_empty() {
                run_batch(model, shape, batch, &mut results, ctl)?;
            }
        }
        Ok(())
    })?;
    Ok(results
        .into_iter()
        .map(|r| r.expect("every image is decoded or excluded"))
        .collect())
}

/// Runs one batch of equal-shaped tensors and files the scores under their image indices.
fn run_batch(
    model: &mut OnnxModel,
    shape: [usize; 3],
    batch: Vec<(usize, Tensor)>,
    results: &mut [Option<ImageResult>],
    ctl: &Control,
) -> Result<()> {
    let mut data = Vec::with_capacity(batch.len() * batch[0].1.data.len());
    for (_, t) in &batch {
        data.extend_from_slice(&t.data);
    }
    let scores = model.score(&[batch.len(), shape[0], shape[1], shape[2]], &data)?;
    for ((i, _), s) in batch.iter().zip(scores) {
        results[*i] = Some(if s.is_finite() {
            Ok(s)
        } else {
            Err((
                ExclusionReason::BadScore,
                format!("the model's output is {s}"),
            ))
        });
    }
    ctl.report(Progress::Advance(batch.len() as u64));
    Ok(())
}
