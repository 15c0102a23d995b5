//! Plan to report: the engine and the `provestein` binary end to end (batch, history, report,
//! privacy, manifests, explanations, drift, flags, scale).
//!
//! One test binary for these modules (linking the library once, not once per file: issue 15).

#[path = "../common/mod.rs"]
mod common;

mod adjudication;
mod architecture;
mod batch_cli;
mod contract;
mod deploy_k8s;
mod detection;
mod detection_dicom;
mod detection_model;
mod drift;
mod error_tiles;
mod explain_occlusion;
mod explain_tabular;
mod findings;
mod flags;
mod history;
mod history_integrity;
mod manifest;
mod metric_tables;
mod model_inspect;
mod newcomer;
mod onnx_model;
mod plurals;
mod prespecification;
mod privacy;
mod progress;
mod report;
mod scale;
mod segmentation;
mod segmentation_report;
mod session;
mod shard;
mod slurm;
mod steps;
