//! Segmentation as a task kind (`[study] task = "segmentation"`): ground truth from RTSTRUCT,
//! DICOM SEG or label maps, predictions from an ONNX model or the vendor's own files, figures
//! per structure and case, and their cohort summaries.
//!
//! The run's three steps dispatch here: `cohort` indexes series and joins the mask files to
//! them (prepare), `score` reads one series at a time (`series`, `masks`, `predict`, `tile`)
//! and `evaluate` summarises.

pub(crate) mod cohort;
pub(crate) mod evaluate;
pub mod figures;
pub(crate) mod masks;
pub mod outcome;
pub(crate) mod predict;
pub(crate) mod score;
pub(crate) mod series;
pub(crate) mod tile;
pub mod view;

pub use figures::SegmentationEvaluation;
