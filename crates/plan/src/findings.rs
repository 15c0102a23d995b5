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

use crate::{Bound, CohortKind, Criterion, IntervalKind, Metric, Plan, PredictionsKind, Task};

/// The metrics judged over all findings, by task (the per-finding figures are [`Metric::ALL`]).
pub fn summary_metrics(task: Task) -> &'static [Metric] {
    match task {
        Task::Multilabel => &[Metric::MacroAuc, Metric::MicroAuc],
        Task::Multiclass => &[Metric::HandTillAuc, Metric::Kappa, Metric::WeightedKappa],
        _ => &[],
    }
}

impl Plan {
    /// Whether the plan validates a multi-label or multi-class product.
    pub fn is_findings(&self) -> bool {
        matches!(self.study.task, Task::Multilabel | Task::Multiclass)
    }

    /// `[findings]` after defaults.
    pub fn findings_spec(&self) -> FindingsSpec {
        self.findings.clone().unwrap_or_default()
    }

    /// The threshold a finding's binary figures are computed at: its own, else the plan's.
    pub fn finding_threshold(&self, f: &FindingSpec) -> f64 {
        f.threshold.unwrap_or(self.analysis.threshold)
    }

    /// Multi-label: the label value meaning present (the finding's, the cohort's, or "1").
    pub fn finding_positive(&self, f: &FindingSpec) -> String {
        match (&f.positive, self.cohort.positive.is_empty()) {
            (Some(p), _) => p.clone(),
            (None, false) => self.cohort.positive.clone(),
            (None, true) => "1".to_string(),
        }
    }

    /// Multi-class: the value of `[cohort] label` that is this class (default: its name).
    pub fn finding_value<'a>(&self, f: &'a FindingSpec) -> &'a str {
        f.value.as_deref().unwrap_or(&f.name)
    }

    /// Multi-finding keys in a plan of another task are refused; a multi-finding plan is
    /// checked whole (cohort, findings, scores, criteria).
    pub(crate) fn validate_findings_keys(&self) -> Result<(), String> {
        if !self.is_findings() {
            if !self.finding.is_empty() || self.findings.is_some() {
                return Err(format!(
                    "[[finding]] and [findings] are for [study] task = \"multilabel\" or \"multiclass\"; this plan's task is \"{}\"",
                    self.study.task.name()
                ));
            }
            if let Some(c) = self
                .acceptance
                .iter()
                .find(|c| c.metric.is_findings() || c.finding.is_some())
            {
                return Err(format!(
                    "[[acceptance]] metric = \"{}\": macro_auc, micro_auc, hand_till_auc, kappa, weighted_kappa and finding = … are for multi-finding studies (task = \"multilabel\" or \"multiclass\")",
                    c.metric
                ));
            }
            return Ok(());
        }
        self.validate_findings()
    }

    fn validate_findings(&self) -> Result<(), String> {
        let task = self.study.task.name();
        let multiclass = self.study.task == Task::Multiclass;
        let c = &self.cohort;
        if c.kind != CohortKind::Csv {
            return Err(format!(
                "[study] task = \"{task}\" with a DICOM cohort is not supported yet; give the units as a CSV cohort ([cohort] kind = \"csv\") with the vendor's scores as a CSV or a model over feature columns"
            ));
        }
        for (key, set) in [
            ("[truth]", self.truth.is_some()),
            ("[[structure]]", !self.structure.is_empty()),
            ("[segmentation]", self.segmentation.is_some()),
            ("[marks]", self.marks.is_some()),
            ("[lesions]", self.lesions.is_some()),
            ("[detection]", self.detection.is_some()),
        ] {
            if set {
                return Err(format!(
                    "{key} is not for a multi-finding study ([study] task = \"{task}\")"
                ));
            }
        }
        if !self.compare.is_empty() {
            return Err("[[compare]] is not available for multi-finding studies yet; run one plan per product".into());
        }
        if self.finding.is_empty() {
            return Err("the plan has no [[finding]]: name each finding and its score, e.g.\n  [[finding]]\n  name = \"effusion\"\n  output = \"effusion_score\"\n  label = \"effusion\"".into());
        }
        if multiclass && self.finding.len() < 2 {
            return Err("a multi-class study needs at least two [[finding]] classes".into());
        }
        let spec = self.findings_spec();
        if spec.min_positives == 0 {
            return Err("[findings] min_positives must be at least 1 (10 is the default)".into());
        }
        if multiclass {
            if c.label.is_empty() {
                return Err("[cohort] label is missing: a multi-class study names the column with each unit's true class".into());
            }
            if !c.positive.is_empty() || c.negative.is_some() {
                return Err("[cohort] positive and negative are for binary and multi-label studies; a multi-class study's classes are the [[finding]] values".into());
            }
            if spec.activation == Activation::Sigmoid {
                return Err("[findings] activation = \"sigmoid\" is for multi-label outputs; a multi-class model's logits take \"softmax\" (or \"none\" for probabilities)".into());
            }
        } else {
            if !c.label.is_empty() {
                return Err("[cohort] label is for binary and multi-class studies; a multi-label study names each finding's truth column in [[finding]] label".into());
            }
            if spec.activation == Activation::Softmax {
                return Err("[findings] activation = \"softmax\" makes the findings exclude each other; a multi-label output takes \"sigmoid\" (logits) or \"none\" (probabilities)".into());
            }
            if spec.ordinal {
                return Err(
                    "[findings] ordinal is for multi-class studies (ordered classes)".into(),
                );
            }
            if spec.predicted.is_some() {
                return Err("[findings] predicted is for multi-class studies (the vendor's predicted class)".into());
            }
        }
        for (i, f) in self.finding.iter().enumerate() {
            let at = format!("[[finding]] \"{}\"", f.name);
            if f.name.trim().is_empty() {
                return Err(format!("[[finding]] #{} has an empty name", i + 1));
            }
            if self.finding[..i].iter().any(|o| o.name == f.name) {
                return Err(format!("{at}: finding names must be unique"));
            }
            if f.threshold.is_some_and(|t| !t.is_finite()) {
                return Err(format!("{at}: threshold must be a finite number"));
            }
            if multiclass {
                if f.label.is_some() || f.positive.is_some() {
                    return Err(format!(
                        "{at}: label and positive are for multi-label findings; a class is a value of [cohort] label (value = …, default its name)"
                    ));
                }
                let v = self.finding_value(f);
                if self.finding[..i].iter().any(|o| self.finding_value(o) == v) {
                    return Err(format!(
                        "{at}: the class value \"{v}\" is also another finding's"
                    ));
                }
            } else {
                if f.value.is_some() {
                    return Err(format!(
                        "{at}: value is for multi-class studies; a multi-label finding's truth is its label column"
                    ));
                }
                match &f.label {
                    None => {
                        return Err(format!(
                            "{at} has no label: name the cohort column with this finding's truth (label = \"…\")"
                        ));
                    }
                    Some(l) if l.trim().is_empty() => {
                        return Err(format!("{at}: label is empty"));
                    }
                    Some(_) => {}
                }
            }
            match (&f.output, self.model.is_some()) {
                (Output::Column(_), true) => {
                    return Err(format!(
                        "{at}: output must be the model output's column (a number, 0 for the first), not a name"
                    ));
                }
                (Output::Index(_), false) => {
                    return Err(format!(
                        "{at}: output must name the vendor CSV's score column (output = \"…\"), not a number"
                    ));
                }
                (Output::Index(k), true)
                    if self.finding[..i]
                        .iter()
                        .any(|o| o.output == Output::Index(*k)) =>
                {
                    return Err(format!("{at}: output {k} is also another finding's column"));
                }
                (Output::Column(col), false) if col.trim().is_empty() => {
                    return Err(format!("{at}: output is an empty column name"));
                }
                _ => {}
            }
        }
        if let Some(p) = &self.predictions {
            if p.kind != PredictionsKind::Csv {
                return Err(format!(
                    "[predictions] kind = \"{}\" holds masks; a multi-finding study reads a CSV of scores (kind = \"csv\")",
                    p.kind.name()
                ));
            }
            if p.id.is_empty() {
                return Err(
                    "[predictions] id is missing: name the CSV column with the unit id".into(),
                );
            }
            if !p.score.is_empty() {
                return Err("[predictions] score is for binary plans; each [[finding]] output names its own score column".into());
            }
        }
        for (i, c) in self.acceptance.iter().enumerate() {
            self.validate_findings_criterion(i, c)?;
        }
        Ok(())
    }

    fn validate_findings_criterion(&self, i: usize, c: &Criterion) -> Result<(), String> {
        let at = format!("[[acceptance]] #{} ({})", i + 1, c.metric);
        let task = self.study.task;
        let allowed_summary = summary_metrics(task);
        let list = || {
            let names: Vec<String> = allowed_summary
                .iter()
                .map(|m| format!("\"{m}\""))
                .chain(std::iter::once(
                    "a binary figure (sensitivity, specificity, ppv, npv, accuracy, auc, brier, calibration_slope, calibration_in_the_large) with finding = \"<name>\"".to_string(),
                ))
                .collect();
            names.join(", ")
        };
        if c.structure.is_some()
            || c.statistic.is_some()
            || c.figure.is_some()
            || c.tolerance.is_some()
            || c.fp_rate.is_some()
        {
            return Err(format!(
                "{at}: structure, statistic, figure, tolerance and fp_rate are not for multi-finding criteria"
            ));
        }
        if c.metric.is_findings() {
            if !allowed_summary.contains(&c.metric) {
                return Err(format!(
                    "{at} is not a figure of a {} study; allowed: {}",
                    task.name(),
                    list()
                ));
            }
            if c.metric == Metric::WeightedKappa && !self.findings_spec().ordinal {
                return Err(format!(
                    "{at}: weighted kappa needs ordered classes: set [findings] ordinal = true (the [[finding]] order is the scale)"
                ));
            }
            if let Some(f) = &c.finding {
                return Err(format!(
                    "{at} is a figure over every finding; remove finding = \"{f}\""
                ));
            }
            if c.subgroup.is_some() {
                return Err(format!("{at}: subgroup is for per-finding criteria"));
            }
            if c.interval.is_some_and(|k| k != IntervalKind::Bootstrap) {
                return Err(format!(
                    "{at}: its interval is the patient bootstrap (interval = \"bootstrap\")"
                ));
            }
            if self.analysis.bootstrap == 0 && c.bound != Bound::Estimate {
                return Err(format!(
                    "{at} judges a bootstrap interval but [analysis] bootstrap = 0: set bootstrap = 2000"
                ));
            }
            return Ok(());
        }
        if !Metric::ALL.contains(&c.metric) {
            return Err(format!(
                "{at} is not a figure of a {} study; allowed: {}",
                task.name(),
                list()
            ));
        }
        match &c.finding {
            None => Err(format!(
                "{at} needs finding = \"<name>\": a binary figure is judged on one finding's figures ({})",
                self.finding
                    .iter()
                    .map(|f| format!("\"{}\"", f.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            Some(f) if !self.finding.iter().any(|x| &x.name == f) => Err(format!(
                "{at}: finding = \"{f}\" is not a [[finding]] of this plan"
            )),
            Some(_) => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;

    const MULTILABEL: &str = r#"
        [study]
        name = "cxr"
        task = "multilabel"
        [cohort]
        kind = "csv"
        path = "cohort.csv"
        id = "id"
        patient = "patient"
        [predictions]
        path = "scores.csv"
        id = "id"
        [[finding]]
        name = "effusion"
        output = "p_effusion"
        label = "effusion"
        threshold = 0.3
        [[finding]]
        name = "nodule"
        output = "p_nodule"
        label = "nodule"
        positive = "yes"
        [[acceptance]]
        metric = "sensitivity"
        finding = "effusion"
        min = 0.8
        [[acceptance]]
        metric = "macro_auc"
        min = 0.8
    "#;

    const MULTICLASS: &str = r#"
        [study]
        name = "density"
        task = "multiclass"
        [cohort]
        kind = "csv"
        path = "cohort.csv"
        id = "id"
        label = "density"
        [predictions]
        path = "scores.csv"
        id = "id"
        [findings]
        ordinal = true
        [[finding]]
        name = "A"
        output = "pA"
        [[finding]]
        name = "B"
        output = "pB"
        value = "b"
        [[acceptance]]
        metric = "weighted_kappa"
        min = 0.6
    "#;

    fn parse(text: &str) -> crate::error::Result<Plan> {
        Plan::parse(text, Path::new("plan.toml"), PathBuf::from("/base"))
    }

    fn refused(text: &str, expected: &str) {
        let e = parse(text).unwrap_err().to_string();
        assert!(e.contains(expected), "expected {expected:?} in: {e}");
    }

    #[test]
    fn multi_finding_plans_read_with_their_defaults() {
        let p = parse(MULTILABEL).unwrap();
        assert!(p.is_findings());
        assert_eq!(p.finding_threshold(&p.finding[0]), 0.3);
        assert_eq!(p.finding_threshold(&p.finding[1]), 0.5);
        assert_eq!(p.finding_positive(&p.finding[0]), "1");
        assert_eq!(p.finding_positive(&p.finding[1]), "yes");
        assert_eq!(p.findings_spec().min_positives, 10);
        let c = parse(MULTICLASS).unwrap();
        assert_eq!(c.finding_value(&c.finding[0]), "A");
        assert_eq!(c.finding_value(&c.finding[1]), "b");
        assert!(c.findings_spec().ordinal);
    }

    #[test]
    fn a_dicom_multi_finding_cohort_is_not_supported_yet() {
        refused(
            &MULTILABEL.replace(
                "kind = \"csv\"\n        path = \"cohort.csv\"",
                "kind = \"dicom\"\n        path = \"images\"",
            ),
            "[study] task = \"multilabel\" with a DICOM cohort is not supported yet",
        );
    }

    #[test]
    fn criteria_must_fit_the_task_and_name_a_finding() {
        refused(
            &MULTILABEL.replace("finding = \"effusion\"\n", ""),
            "needs finding = \"<name>\"",
        );
        refused(
            &MULTILABEL.replace("finding = \"effusion\"", "finding = \"pneumothorax\""),
            "finding = \"pneumothorax\" is not a [[finding]]",
        );
        let e = parse(&MULTILABEL.replace("metric = \"macro_auc\"", "metric = \"kappa\""))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains(
                "is not a figure of a multilabel study; allowed: \"macro_auc\", \"micro_auc\""
            ),
            "{e}"
        );
        refused(
            &MULTICLASS.replace("ordinal = true", "ordinal = false"),
            "weighted kappa needs ordered classes",
        );
        refused(
            &MULTICLASS.replace("metric = \"weighted_kappa\"", "metric = \"dice\""),
            "is not a figure of a multiclass study",
        );
    }

    #[test]
    fn keys_of_the_other_kind_are_refused() {
        refused(
            &MULTILABEL.replace("label = \"nodule\"\n", ""),
            "[[finding]] \"nodule\" has no label",
        );
        refused(
            &MULTILABEL.replace(
                "id = \"id\"\n        [[finding]]",
                "id = \"id\"\n        score = \"p\"\n        [[finding]]",
            ),
            "[predictions] score is for binary plans",
        );
        refused(
            &MULTICLASS.replace("label = \"density\"\n", ""),
            "[cohort] label is missing",
        );
        refused(
            &MULTICLASS.replace("value = \"b\"", "value = \"A\""),
            "the class value \"A\" is also another finding's",
        );
        refused(
            &MULTILABEL.replace("output = \"p_nodule\"", "output = 2"),
            "output must name the vendor CSV's score column",
        );
        refused(
            &format!("{MULTILABEL}\n[findings]\nactivation = \"softmax\"\n"),
            "activation = \"softmax\" makes the findings exclude each other",
        );
        let binary = r#"
            [study]
            name = "b"
            [cohort]
            kind = "csv"
            path = "c.csv"
            id = "id"
            label = "y"
            positive = 1
            [predictions]
            path = "s.csv"
            id = "id"
            score = "s"
            [[acceptance]]
            metric = "macro_auc"
            min = 0.8
        "#;
        refused(binary, "are for multi-finding studies");
    }
}
