//! The plan keys of a multi-finding study (`[study] task = "multilabel"` or `"multiclass"`):
//! the findings (`[[finding]]`) with the model output or score column of each, and how scores
//! are read and judged (`[findings]`).

use serde::{Deserialize, Serialize};

/// `[[finding]]`: one finding (multi-label) or class (multi-class).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FindingSpec {
    pub name: String,
    /// The model output's column (a number) or the vendor CSV's score column (a name).
    pub output: Output,
    /// Multi-label: the cohort column with this finding's truth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Multi-label: the label value meaning present (default: the cohort's `positive`, or 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub positive: Option<String>,
    /// Multi-class: the value of the cohort's `label` column that is this class (default: name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// This finding's operating threshold (default: `[analysis] threshold` or the manifest's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
}

/// A model output column or a CSV column name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Output {
    Index(usize),
    Column(String),
}

/// `[findings]`: how scores are made and judged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct FindingsSpec {
    /// Applied to the model's raw outputs: "none" (they are probabilities), "sigmoid"
    /// (multi-label logits) or "softmax" (multi-class logits).
    pub activation: Activation,
    /// A finding with fewer positives than this is marked insufficient and not judged.
    pub min_positives: usize,
    /// Multi-class: the classes are ordered as listed (report weighted kappa).
    pub ordinal: bool,
    /// Multi-class: a cohort or vendor column with the predicted class (else the argmax).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub predicted: Option<String>,
}

impl Default for FindingsSpec {
    fn default() -> Self {
        FindingsSpec {
            activation: Activation::None,
            min_positives: 10,
            ordinal: false,
            predicted: None,
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Activation {
    #[default]
    None,
    Sigmoid,
    Softmax,
}
