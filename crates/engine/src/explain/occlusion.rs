//! Occlusion maps for any ONNX image model: which parts of the model's input its score
//! depends on.
//!
//! A square patch (`[explain] patch`, in pixels of the model's input) slides over the image
//! in steps of `[explain] stride`. At each position the patch is replaced by a baseline (the
//! image's mean per channel, or a blurred copy of the image), the occluded copy is scored,
//! and the drop in score (original − occluded) is recorded. A pixel's value in the map is the
//! mean drop over every position whose patch covers it.
//!
//! The map is of exactly what the model sees: the image goes through the cohort's own
//! `[preprocess]` ([`crate::cohort::pixels::to_tensor`], as a run decodes it), and the
//! occluded copies are scored through the same [`OnnxModel`](crate::model::onnx::OnnxModel) in batches of the plan's
//! `[model] batch`. The map is an aid to interpretation, not proof of reasoning: a model can
//! depend on a region for reasons no one would accept, and a patch-sized occlusion says
//! nothing about features larger than the patch.

mod cases;
pub mod entry;
mod map;
mod render;
mod text;

pub use cases::{copy_maps, parse_outcomes, write_maps};
pub use entry::{ExplainOutcome, OcclusionEntry};
pub use map::{
    Occluder, OcclusionMap, Position, blur, blur_sigma, check_plan, compute, grey, starts,
};
pub use render::{CAPTION, OPACITY, colour, overlay_rgb, range, render_png};
