//! Peer comparisons: every figure against pROC, statsmodels and scikit-learn on real data
//! (tests/fixtures/SOURCES.md).
//!
//! One test binary for these modules (linking the library once, not once per file: issue 15).

#[path = "../common/mod.rs"]
mod common;
mod peer;

mod calibration_peers;
mod clustered_peers;
mod groups_peers;
mod metrics_peers;
mod peers_engine;
mod segmentation_peers;
