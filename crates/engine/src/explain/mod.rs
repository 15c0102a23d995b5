//! Explanations of a model's scores. None of them changes a figure or the verdict: they are
//! aids to interpretation for the reviewer, made after the run from the plan's `[explain]`.

pub mod occlusion;
pub mod tabular;
