//! What a report must say about how it was made, so that a result can be traced to the exact
//! model, cohort and plan files and re-run to the same numbers.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
    /// Whether the plan was fixed before this model had been run on this cohort, decided from
    /// the run history (`history::prespec`) by `batch` and the app alike. None (null) when the
    /// run was not recorded in a history (`--no-history`, the library's `run`): then it is not
    /// known. Reports written before this existed carried a session-based `plan_fixed` instead;
    /// it is ignored when read back.
    #[serde(default)]
    pub prespecification: Option<Prespecification>,
    /// A run scored as shards on several machines and merged (`provestein merge`): each
    /// shard's outcomes file and its SHA-256, so that the report names exactly what it was
    /// computed from. Absent (empty) for a run on one machine; an addition that older readers
    /// ignore, so the schema version is unchanged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shards: Vec<ShardHash>,
}

/// One shard of a merged run, as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ShardHash {
    /// The shard's outcomes file in the work folder's `shards/`, e.g. "2-of-7.outcomes.json".
    pub file: String,
    /// SHA-256 of that file, as its manifest recorded it and the merge verified it.
    pub sha256: String,
    /// Units the shard scored.
    pub units: usize,
    /// The ONNX Runtime version the shard ran (plans with a model).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub onnxruntime: Option<String>,
}

/// The run's place among the runs of the same model on the same cohort content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Prespecification {
    /// 1 for the first finished run of this model (or score file) on this cohort, k + 1 after k.
    pub attempt: usize,
    /// The history ids of those earlier finished runs, oldest first.
    pub earlier_runs: Vec<i64>,
    /// The plan differs, in what it analyses, from the plan of the first earlier run: it may
    /// have been chosen knowing that run's results.
    pub post_hoc: bool,
    /// What differs from the first earlier run's plan (empty when not post hoc).
    pub changed: Vec<PlanPart>,
}

impl Prespecification {
    /// The run the plan was changed after (the first earlier run), when post hoc.
    pub fn changed_after(&self) -> Option<i64> {
        self.earlier_runs.first().copied().filter(|_| self.post_hoc)
    }
}

/// A part of a plan whose change alters a figure or the verdict. Study text, the product's
/// name, the report's language and sign-off names, the vendor's claims (the vendor's words,
/// never judged), explanations (never a figure) and file locations (the data are matched by
/// their SHA-256) are not among them.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PlanPart {
    /// `[analysis] threshold`.
    Threshold,
    /// `[[acceptance]]`.
    Criteria,
    /// The rest of `[analysis]`: confidence, intervals, bootstrap, seed, group guardrails…
    Analysis,
    /// Who and what the cohort is: id, label, positive value, include, unit, subgroups, dates…
    Cohort,
    /// How the model is read: input, output, positive index; the vendor score file's columns.
    Model,
    /// `[preprocess]`: how pixels become the model's input.
    Preprocess,
    /// `[[compare]]`: the comparisons shown beside the verdict (they never change it, but a
    /// comparator chosen after the results is selective reporting all the same).
    Compare,
}

impl PlanPart {
    /// The name report.json uses.
    pub fn name(self) -> &'static str {
        match self {
            PlanPart::Threshold => "threshold",
            PlanPart::Criteria => "criteria",
            PlanPart::Analysis => "analysis",
            PlanPart::Cohort => "cohort",
            PlanPart::Model => "model",
            PlanPart::Preprocess => "preprocess",
            PlanPart::Compare => "compare",
        }
    }
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
    /// report.json from before the history decided pre-specification carried `plan_fixed`:
    /// it still reads, as not known.
    #[test]
    fn an_older_provenance_with_plan_fixed_still_reads() {
        let old = r#"{"started": "2026-11-22T22:35:06Z", "finished": "2026-11-22T22:35:09Z",
            "software": "provestein 0.1.0", "plan_sha256": "ab", "cohort_sha256": "cd",
            "model_sha256": null, "predictions_sha256": "ef", "onnxruntime": null, "seed": 42,
            "bootstrap_replicates": 2000, "plan_fixed": {"plan_file": "plan.toml",
            "plan_sha256": "ab", "at": "2026-11-22T22:35:05Z", "results_seen_before": true}}"#;
        let p: super::Provenance = serde_json::from_str(old).unwrap();
        assert_eq!(p.prespecification, None);
        let json = serde_json::to_value(&p).unwrap();
        assert!(json["prespecification"].is_null() && json.get("plan_fixed").is_none());
    }

    #[test]
    fn sha256_of_abc_is_the_fips_test_vector() {
        assert_eq!(
            super::sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
