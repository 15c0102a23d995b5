//! What a report must say about how it was made, so that a result can be traced to the exact
//! model, cohort and plan files and re-run to the same numbers.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// RFC 3339 UTC time the run started and finished.
    pub started: String,
    pub finished: String,
    /// "provestein 0.1.0"
    pub software: String,
    pub plan_sha256: Option<String>,
    pub cohort_sha256: String,
    /// Set when an ONNX model was run.
    pub model_sha256: Option<String>,
    /// Set when the vendor's score file was used.
    pub predictions_sha256: Option<String>,
    /// ONNX Runtime version, when a model was run.
    pub onnxruntime: Option<String>,
    pub seed: u64,
    pub bootstrap_replicates: usize,
    /// Set by the desktop app: how the plan was fixed before this run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_fixed: Option<PlanFixed>,
}

/// The desktop app saves the plan before every run and records it here: the file, its hash,
/// when, and whether results had already been shown in that session (then the criteria may
/// have been chosen knowing results, and the report says so).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanFixed {
    pub plan_file: String,
    pub plan_sha256: String,
    /// RFC 3339 UTC.
    pub at: String,
    pub results_seen_before: bool,
}

pub fn software() -> String {
    format!("provestein {}", env!("CARGO_PKG_VERSION"))
}

pub fn now() -> String {
    jiff::Timestamp::now().to_string()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn sha256_of_abc_is_the_fips_test_vector() {
        assert_eq!(
            super::sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
