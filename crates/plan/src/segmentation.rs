//! The plan keys of a segmentation study (`[study] task = "segmentation"`): where the ground
//! truth is (`[truth]`), the structures compared (`[[structure]]`), how masks are made and
//! measured (`[segmentation]`), and the checks that refuse a key of the other kind of task.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::{Bound, CohortKind, Criterion, IntervalKind, Metric, Plan, PredictionsKind, Unit};

/// `[truth]`: the reference contours or masks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TruthSpec {
    pub kind: TruthKind,
    /// A file or a folder (searched recursively); each file is joined to the cohort's series
    /// by the UIDs it references (RTSTRUCT, SEG) or by its grid (label maps).
    pub path: PathBuf,
}

/// What the truth files are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TruthKind {
    /// DICOM RT Structure Sets (contours, rasterised onto the referenced images).
    Rtstruct,
    /// DICOM Segmentation objects (BINARY or FRACTIONAL).
    Seg,
    /// NIfTI or NRRD label maps, `[[structure]] label` naming each structure's value.
    Labelmap,
}

impl TruthKind {
    pub fn name(self) -> &'static str {
        match self {
            TruthKind::Rtstruct => "rtstruct",
            TruthKind::Seg => "seg",
            TruthKind::Labelmap => "labelmap",
        }
    }
}

/// `[[structure]]`: one structure compared, by the name the report uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StructureSpec {
    pub name: String,
    /// Other spellings in RTSTRUCT ROI names and SEG segment labels; compared without case,
    /// spaces, `_` and `-` (`Spinal Cord` = `spinal_cord`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The model output's channel holding this structure's probabilities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<usize>,
    /// The value in a label map (truth or model output), or the segment number in a SEG.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<u32>,
}

/// `[segmentation]`: how masks are made and measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct SegmentationSpec {
    /// A voxel is in the structure when its probability is ≥ this (and for FRACTIONAL SEGs).
    pub threshold: f64,
    /// "threshold" (each channel on its own) or "argmax" (channels compete, 0 = background).
    pub binarise: Binarise,
    /// Normalised surface Dice tolerance, mm.
    pub nsd_tolerance_mm: f64,
    /// "reported" (Dice 1, distances 0, in the means) or "left_out"; counted apart either way.
    pub both_empty: BothEmpty,
    /// Clinical tolerances whose shares of cases are reported, e.g. `{ dice = 0.8, hd95 = 3.0 }`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub tolerances: BTreeMap<String, f64>,
}

impl Default for SegmentationSpec {
    fn default() -> Self {
        SegmentationSpec {
            threshold: 0.5,
            binarise: Binarise::Threshold,
            nsd_tolerance_mm: 2.0,
            both_empty: BothEmpty::Reported,
            tolerances: BTreeMap::new(),
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Binarise {
    #[default]
    Threshold,
    Argmax,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum BothEmpty {
    #[default]
    Reported,
    LeftOut,
}

/// Which cohort statistic of a figure a criterion judges.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Statistic {
    #[default]
    Mean,
    Median,
}

impl Statistic {
    pub fn name(self) -> &'static str {
        match self {
            Statistic::Mean => "mean",
            Statistic::Median => "median",
        }
    }
}

/// The segmentation figures by their report.json and criterion names.
pub const FIGURES: [&str; 7] = [
    "dice",
    "iou",
    "hd",
    "hd95",
    "assd",
    "nsd",
    "volume_difference",
];

/// Overlaps are "at least" figures; distances and volume errors "at most" ones.
pub fn higher_is_better(figure: &str) -> bool {
    matches!(figure, "dice" | "iou" | "nsd")
}

impl Plan {
    /// The `[segmentation]` section, or its defaults.
    pub fn segmentation_spec(&self) -> SegmentationSpec {
        self.segmentation.clone().unwrap_or_default()
    }

    /// The structure a segmentation criterion names (the only one when it names none).
    pub fn criterion_structure<'a>(&'a self, c: &'a Criterion) -> Option<&'a str> {
        match &c.structure {
            Some(s) => Some(s.as_str()),
            None if self.structure.len() == 1 => Some(self.structure[0].name.as_str()),
            None => None,
        }
    }

    /// Keys of a segmentation study in a binary plan, and the reverse.
    pub(crate) fn validate_task_keys(&self) -> Result<(), String> {
        let seg_keys = [
            ("[truth]", self.truth.is_some()),
            ("[[structure]]", !self.structure.is_empty()),
            ("[segmentation]", self.segmentation.is_some()),
        ];
        if self.study.task.is_binary() {
            if let Some((key, _)) = seg_keys.iter().find(|(_, set)| *set) {
                return Err(format!(
                    "{key} is for [study] task = \"segmentation\"; this plan validates a binary classifier"
                ));
            }
            if let Some(p) = &self.predictions {
                if p.kind != PredictionsKind::Csv {
                    return Err(format!(
                        "[predictions] kind = \"{}\" holds segmentation masks; a binary plan reads a CSV of scores (kind = \"csv\", id and score columns)",
                        p.kind.name()
                    ));
                }
                for (key, v) in [("id", &p.id), ("score", &p.score)] {
                    if v.is_empty() {
                        return Err(format!(
                            "[predictions] {key} is missing: name the CSV column with the case {}",
                            if key == "id" { "id" } else { "score" }
                        ));
                    }
                }
            }
            if self.cohort.label.is_empty() {
                return Err("[cohort] label is missing: name the column with the ground truth (the reference standard's result)".into());
            }
            if self.cohort.positive.is_empty() {
                return Err("[cohort] positive is missing: give the label value that means positive, e.g. positive = 1".into());
            }
            if let Some(c) = self.acceptance.iter().find(|c| c.metric.is_segmentation()) {
                return Err(format!(
                    "[[acceptance]] metric = \"{}\" is a segmentation figure; this plan validates a binary classifier ([study] task = \"binary\")",
                    c.metric
                ));
            }
            if let Some(c) = self.acceptance.iter().find(|c| {
                c.structure.is_some()
                    || c.statistic.is_some()
                    || c.figure.is_some()
                    || c.tolerance.is_some()
            }) {
                return Err(format!(
                    "[[acceptance]] metric = \"{}\": structure, statistic, figure and tolerance are for segmentation criteria",
                    c.metric
                ));
            }
        }
        Ok(())
    }

    /// What a segmentation plan needs beyond the common keys.
    pub(crate) fn validate_segmentation(&self) -> Result<(), String> {
        let c = &self.cohort;
        if c.kind != CohortKind::Dicom {
            return Err(
                "a segmentation study reads a DICOM cohort: [cohort] kind = \"dicom\"".into(),
            );
        }
        if matches!(c.unit, Some(Unit::Study)) {
            return Err("[cohort] unit = \"study\" is not a segmentation unit; use \"series\" (3-D figures) or \"image\" (a slice, 2-D figures)".into());
        }
        for (key, set) in [
            ("labels", c.labels.is_some()),
            ("join", c.join.is_some()),
            ("join_column", c.join_column.is_some()),
            ("aggregate", c.aggregate.is_some()),
            ("label", !c.label.is_empty()),
            ("negative", c.negative.is_some()),
        ] {
            if set {
                return Err(format!(
                    "[cohort] {key} is for binary studies; a segmentation study's ground truth is [truth]"
                ));
            }
        }
        if !self.compare.is_empty() {
            return Err("[[compare]] is not available for segmentation studies yet; run one plan per product".into());
        }
        if self.model.is_some() && self.preprocess.is_none() {
            return Err("[preprocess] is missing: a segmentation model's input is made from each slice as [preprocess] says".into());
        }
        let Some(truth) = &self.truth else {
            return Err("[truth] is missing: name the ground truth, e.g.\n  [truth]\n  kind = \"rtstruct\"\n  path = \"truth/\"".into());
        };
        if self.structure.is_empty() {
            return Err("the plan has no [[structure]]: name each structure compared, e.g.\n  [[structure]]\n  name = \"SpinalCord\"\n  aliases = [\"Spinal Cord\"]".into());
        }
        let mut seen: Vec<String> = Vec::new();
        for s in &self.structure {
            if s.name.trim().is_empty() {
                return Err("[[structure]] name is empty".into());
            }
            let mut own: Vec<String> = Vec::new();
            for n in std::iter::once(&s.name).chain(&s.aliases) {
                let key = crate::cohort::rtstruct::normalise_name(n);
                if seen.contains(&key) {
                    return Err(format!(
                        "[[structure]] \"{}\": the name or alias \"{n}\" is also another structure's (names are compared without case, spaces, _ and -)",
                        s.name
                    ));
                }
                own.push(key);
            }
            seen.extend(own);
            if truth.kind == TruthKind::Labelmap && s.label.is_none() {
                return Err(format!(
                    "[[structure]] \"{}\" has no label: a label map's structures are found by value (label = 1, …)",
                    s.name
                ));
            }
            if s.label == Some(0) {
                return Err(format!(
                    "[[structure]] \"{}\": label 0 is the background; number structures from 1",
                    s.name
                ));
            }
            if self.model.is_some() && s.channel.is_none() && s.label.is_none() {
                return Err(format!(
                    "[[structure]] \"{}\" needs channel (the model output's channel of its probabilities) or label (its value in a label-map output)",
                    s.name
                ));
            }
        }
        if let Some(p) = &self.predictions {
            if p.kind == PredictionsKind::Csv {
                return Err("[predictions] of a segmentation study are the vendor's masks: kind = \"rtstruct\" or \"seg\" with path = the file or folder".into());
            }
            if !p.id.is_empty() || !p.score.is_empty() {
                return Err(format!(
                    "[predictions] id and score are for CSV score files, not kind = \"{}\"",
                    p.kind.name()
                ));
            }
        }
        let s = self.segmentation_spec();
        if !(s.threshold > 0.0 && s.threshold <= 1.0) {
            return Err(format!(
                "[segmentation] threshold = {} must lie in (0, 1]",
                s.threshold
            ));
        }
        if !(s.nsd_tolerance_mm.is_finite() && s.nsd_tolerance_mm >= 0.0) {
            return Err(format!(
                "[segmentation] nsd_tolerance_mm = {} must be a finite number of mm, 0 or more",
                s.nsd_tolerance_mm
            ));
        }
        for (figure, v) in &s.tolerances {
            check_figure(figure, "[segmentation] tolerances")?;
            if !v.is_finite() {
                return Err(format!(
                    "[segmentation] tolerances: {figure} = {v} must be a finite number"
                ));
            }
        }
        for (i, c) in self.acceptance.iter().enumerate() {
            self.validate_segmentation_criterion(i, c)?;
        }
        Ok(())
    }

    fn validate_segmentation_criterion(&self, i: usize, c: &Criterion) -> Result<(), String> {
        let at = format!("[[acceptance]] #{} ({})", i + 1, c.metric);
        if !c.metric.is_segmentation() {
            return Err(format!(
                "{at} is a binary classifier's figure; a segmentation study judges {}",
                Metric::SEGMENTATION
                    .iter()
                    .map(|m| format!("\"{m}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if c.subgroup.is_some() {
            return Err(format!(
                "{at}: subgroup = \"worst\" is for binary criteria; segmentation subgroups are reported, not judged"
            ));
        }
        match &c.structure {
            Some(s) if !self.structure.iter().any(|x| &x.name == s) => {
                return Err(format!(
                    "{at}: structure = \"{s}\" is not among the [[structure]] names ({})",
                    self.structure
                        .iter()
                        .map(|x| format!("\"{}\"", x.name))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            None if self.structure.len() > 1 => {
                return Err(format!(
                    "{at} needs structure = \"…\": the plan compares {} structures",
                    self.structure.len()
                ));
            }
            _ => {}
        }
        if c.metric == Metric::ShareWithin {
            let Some(figure) = &c.figure else {
                return Err(format!(
                    "{at} needs figure = \"dice\", \"hd95\", …: the figure whose tolerance is judged"
                ));
            };
            check_figure(figure, &at)?;
            if !c.tolerance.is_some_and(f64::is_finite) {
                return Err(format!(
                    "{at} needs tolerance = a finite number, e.g. tolerance = 3.0 (mm) for hd95"
                ));
            }
            if c.statistic.is_some() {
                return Err(format!(
                    "{at}: statistic is for figure criteria; share_within judges a share of cases"
                ));
            }
        } else {
            if c.figure.is_some() || c.tolerance.is_some() {
                return Err(format!(
                    "{at}: figure and tolerance are for metric = \"share_within\""
                ));
            }
            if self.analysis.bootstrap == 0 && c.bound != Bound::Estimate {
                return Err(format!(
                    "{at} judges a bootstrap interval but [analysis] bootstrap = 0: set bootstrap = 2000"
                ));
            }
        }
        let interval = self.interval_for(c);
        if !c.metric.intervals().contains(&interval) {
            return Err(format!(
                "{at}: interval \"{}\" is not computed for {}; choose one of {}",
                interval.name(),
                c.metric,
                super::names(c.metric.intervals())
            ));
        }
        Ok(())
    }
}

fn check_figure(figure: &str, at: &str) -> Result<(), String> {
    if FIGURES.contains(&figure) {
        Ok(())
    } else {
        Err(format!(
            "{at}: \"{figure}\" is not a segmentation figure; use one of {}",
            FIGURES
                .iter()
                .map(|f| format!("\"{f}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }
}

/// The interval a segmentation criterion is judged on by default.
pub(crate) fn default_interval(metric: Metric, proportion: IntervalKind) -> IntervalKind {
    if metric == Metric::ShareWithin {
        proportion
    } else {
        IntervalKind::Bootstrap
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;

    const SEG: &str = r#"
        [study]
        name = "t"
        intended_use = "u"
        task = "segmentation"
        [predictions]
        kind = "seg"
        path = "vendor"
        [cohort]
        kind = "dicom"
        path = "ct"
        unit = "series"
        patient = "PatientID"
        [truth]
        kind = "rtstruct"
        path = "truth"
        [[structure]]
        name = "SpinalCord"
        aliases = ["Spinal Cord", "spinal_cord"]
        label = 1
        [[structure]]
        name = "Liver"
        label = 2
        [segmentation]
        tolerances = { dice = 0.8, hd95 = 3.0 }
        [[acceptance]]
        metric = "dice"
        structure = "SpinalCord"
        min = 0.8
        [[acceptance]]
        metric = "share_within"
        structure = "Liver"
        figure = "hd95"
        tolerance = 3.0
        min = 0.5
    "#;

    fn parse(text: &str) -> crate::error::Result<Plan> {
        Plan::parse(text, Path::new("plan.toml"), PathBuf::from("/base"))
    }

    fn refused(text: &str, expected: &str) {
        let e = parse(text).unwrap_err().to_string();
        assert!(e.contains(expected), "expected {expected:?} in: {e}");
    }

    #[test]
    fn a_segmentation_plan_reads_with_its_defaults_and_round_trips() {
        let p = parse(SEG).unwrap();
        assert_eq!(p.study.task, crate::Task::Segmentation);
        assert_eq!(p.structure.len(), 2);
        let s = p.segmentation_spec();
        assert_eq!(s.threshold, 0.5);
        assert_eq!(s.nsd_tolerance_mm, 2.0);
        assert_eq!(s.both_empty, BothEmpty::Reported);
        assert_eq!(s.binarise, Binarise::Threshold);
        assert_eq!(p.interval_for(&p.acceptance[0]), IntervalKind::Bootstrap);
        assert_eq!(p.interval_for(&p.acceptance[1]), IntervalKind::Wilson);
        assert_eq!(p.criterion_structure(&p.acceptance[0]), Some("SpinalCord"));
        let mut again = parse(&p.to_toml()).unwrap();
        again.source_sha256 = p.source_sha256.clone();
        assert_eq!(again, p);
    }

    #[test]
    fn each_new_key_is_checked_with_a_message_that_says_what_to_do() {
        let cases: Vec<(String, &str)> = vec![
            (
                SEG.replace(
                    "name = \"Liver\"\n        label = 2",
                    "name = \"Liver\"\n        label = 2\n        colour = 3",
                ),
                "unknown field `colour`",
            ),
            (
                SEG.replace("kind = \"rtstruct\"", "kind = \"nifti\""),
                "unknown variant `nifti`",
            ),
            (
                SEG.replace("structure = \"SpinalCord\"", "structure = \"Cord\""),
                "structure = \"Cord\" is not among the [[structure]] names",
            ),
            (
                SEG.replace("figure = \"hd95\"\n", ""),
                "needs figure = \"dice\", \"hd95\"",
            ),
            (
                SEG.replace("figure = \"hd95\"", "figure = \"hd99\""),
                "\"hd99\" is not a segmentation figure",
            ),
            (
                SEG.replace("tolerance = 3.0\n        min", "min"),
                "needs tolerance = a finite number",
            ),
            (
                SEG.replace("structure = \"SpinalCord\"\n        min", "min"),
                "needs structure = \"…\": the plan compares 2 structures",
            ),
            (
                SEG.replace("metric = \"dice\"", "metric = \"sensitivity\""),
                "is a binary classifier's figure",
            ),
            (
                SEG.replace("tolerances = {", "threshold = 1.5\n        tolerances = {"),
                "threshold = 1.5 must lie in (0, 1]",
            ),
            (
                SEG.replace("dice = 0.8, hd95", "dice = 0.8, hd96"),
                "\"hd96\" is not a segmentation figure",
            ),
            (
                SEG.replace("both_empty", "x")
                    .replace("tolerances", "both_empty = \"dropped\"\n        tolerances"),
                "unknown variant `dropped`",
            ),
            (
                SEG.replace(
                    "kind = \"seg\"\n        path = \"vendor\"",
                    "path = \"v.csv\"\n        id = \"id\"\n        score = \"s\"",
                ),
                "kind = \"rtstruct\" or \"seg\"",
            ),
            (
                SEG.replace(
                    "[truth]\n        kind = \"rtstruct\"\n        path = \"truth\"",
                    "",
                ),
                "[truth] is missing",
            ),
            (
                SEG.replace("kind = \"rtstruct\"", "kind = \"labelmap\"")
                    .replace("label = 2", ""),
                "\"Liver\" has no label",
            ),
            (
                SEG.replace(
                    "aliases = [\"Spinal Cord\", \"spinal_cord\"]",
                    "aliases = [\"LIVER\"]",
                ),
                "also another structure's",
            ),
            (
                SEG.replace("unit = \"series\"", "unit = \"study\""),
                "not a segmentation unit",
            ),
            (
                SEG.replace("kind = \"dicom\"", "kind = \"csv\"\n        id = \"id\""),
                "reads a DICOM cohort",
            ),
            (
                SEG.replace(
                    "metric = \"dice\"",
                    "metric = \"dice\"\n        subgroup = \"worst\"",
                ),
                "segmentation subgroups are reported, not judged",
            ),
            (
                SEG.replace(
                    "structure = \"Liver\"\n        figure",
                    "statistic = \"median\"\n        structure = \"Liver\"\n        figure",
                ),
                "statistic is for figure criteria",
            ),
        ];
        for (text, expected) in cases {
            refused(&text, expected);
        }
    }

    #[test]
    fn a_binary_plan_refuses_segmentation_keys_and_still_needs_its_label() {
        const BINARY: &str = r#"
            [study]
            name = "t"
            intended_use = "u"
            [predictions]
            path = "c.csv"
            id = "id"
            score = "s"
            [cohort]
            kind = "csv"
            path = "c.csv"
            id = "id"
            label = "y"
            positive = 1
            [[acceptance]]
            metric = "auc"
            min = 0.7
        "#;
        parse(BINARY).unwrap();
        refused(
            &BINARY.replace("metric = \"auc\"", "metric = \"dice\""),
            "metric = \"dice\" is a segmentation figure",
        );
        refused(
            &format!("{BINARY}\n[truth]\nkind = \"seg\"\npath = \"t\"\n"),
            "[truth] is for [study] task = \"segmentation\"",
        );
        refused(
            &format!("{BINARY}\n[[structure]]\nname = \"Liver\"\n"),
            "[[structure]] is for [study] task = \"segmentation\"",
        );
        refused(
            &BINARY.replace("min = 0.7", "min = 0.7\nstructure = \"Liver\""),
            "structure, statistic, figure and tolerance are for segmentation criteria",
        );
        refused(
            &BINARY.replace("label = \"y\"", ""),
            "[cohort] label is missing",
        );
        refused(
            &BINARY.replace("positive = 1", ""),
            "[cohort] positive is missing",
        );
        refused(
            &BINARY.replace("score = \"s\"", "score = \"s\"\nkind = \"seg\""),
            "[predictions] kind = \"seg\" holds segmentation masks",
        );
        refused(
            &BINARY.replace("id = \"id\"\n            score", "score"),
            "[predictions] id is missing",
        );
    }
}
