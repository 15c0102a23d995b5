//! Segmentation as a task kind (`[study] task = "segmentation"`): ground truth from RTSTRUCT,
//! DICOM SEG or label maps, predictions from an ONNX model or the vendor's own files, figures
//! per structure and case, and their cohort summaries.

pub mod figures;
pub mod view;

pub use figures::SegmentationEvaluation;
