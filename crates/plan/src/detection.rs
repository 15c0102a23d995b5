//! The plan keys of a detection study (`[study] task = "detection"`): the model's marks
//! (`[marks]`), the truth lesions (`[lesions]`) and how they are matched and counted
//! (`[detection]`). The units (scans, exams) are the `[cohort]` rows, those with no mark and
//! no lesion included.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// `[marks]`: the model's findings, one row per mark.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MarksSpec {
    /// What holds the marks: a CSV (default), DICOM SR TID 1500 files, or the `[model]`'s
    /// output (an ONNX detector run on each image of a DICOM cohort).
    #[serde(default, skip_serializing_if = "is_csv")]
    pub kind: MarksKind,
    /// The CSV file, or the folder of SR files; empty for `kind = "model"`.
    #[serde(default, skip_serializing_if = "path_is_empty")]
    pub path: PathBuf,
    /// CSV: the column naming the unit (matched against the cohort's id column).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub x: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub y: String,
    /// Left out for 2-D units (radiographs, mammograms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub z: Option<String>,
    /// The mark's score; higher means more sure.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub score: String,
    /// Columns of a box: x0, y0, x1, y1 (2-D) or x0, y0, z0, x1, y1, z1 (3-D).
    #[serde(default, rename = "box", skip_serializing_if = "Vec::is_empty")]
    pub bbox: Vec<String>,
    /// Whether x, y, z (and boxes) are in mm (default) or pixels.
    #[serde(default, skip_serializing_if = "is_mm")]
    pub coordinates: Coordinates,
    /// `kind = "model"`: what each row of the `[model] output` tensor (`[N, M, C]` or `[M, C]`)
    /// holds, one name per column: `x`, `y` (a point) or `x0`, `y0`, `x1`, `y1` (a box), and
    /// `score`; `-` for a column to ignore. Coordinates are pixels of the model's input.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub layout: Vec<String>,
    /// `kind = "model"`: rows scoring below this are padding, not marks (counted, not used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_score: Option<f64>,
}

fn path_is_empty(p: &std::path::Path) -> bool {
    p.as_os_str().is_empty()
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum MarksKind {
    #[default]
    Csv,
    /// DICOM Structured Reports, TID 1500 measurement reports (planar ROIs and points).
    Sr,
    /// The `[model]`'s output, run on the images of a DICOM cohort.
    Model,
}

fn is_csv(k: &MarksKind) -> bool {
    *k == MarksKind::Csv
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Coordinates {
    #[default]
    Mm,
    Pixels,
}

fn is_mm(c: &Coordinates) -> bool {
    *c == Coordinates::Mm
}

/// `[lesions]`: the truth, one row per lesion (units without a row have none).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LesionsSpec {
    /// A CSV (default), DICOM SEG (each connected component a lesion) or DICOM SR TID 1500.
    #[serde(default, skip_serializing_if = "is_lesions_csv")]
    pub kind: LesionsKind,
    pub path: PathBuf,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub x: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub y: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub z: Option<String>,
    /// The lesion's radius (needed by `hit = "centre_within_radius"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub radius: Option<String>,
    /// Box columns, as `[marks] box` (needed by `hit = { iou = … }`).
    #[serde(default, rename = "box", skip_serializing_if = "Vec::is_empty")]
    pub bbox: Vec<String>,
    /// The lesion's size (mm), for sensitivity by size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
    /// The lesion's type, for sensitivity by type.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind_column: Option<String>,
    #[serde(default, skip_serializing_if = "is_mm")]
    pub coordinates: Coordinates,
    /// SEG: connected components of fewer voxels are specks, not lesions (counted and shown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_voxels: Option<u64>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum LesionsKind {
    #[default]
    Csv,
    Seg,
    Sr,
}

fn is_lesions_csv(k: &LesionsKind) -> bool {
    *k == LesionsKind::Csv
}

/// `[detection]`: how marks hit lesions and which false-positive rates are reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct DetectionSpec {
    /// `"centre_within_radius"`, `{ distance_mm = 10 }` or `{ iou = 0.3 }`.
    pub hit: Hit,
    /// False-positive marks per unit at which sensitivity is reported; their mean is the CPM.
    pub fp_rates: Vec<f64>,
    /// The unit-level score: a cohort column with the model's own unit score; left out, the
    /// highest mark score of the unit (0 for a unit without marks).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_score: Option<String>,
    /// Size strata edges (mm) for sensitivity by size, e.g. [6, 10, 20].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub size_strata: Vec<f64>,
    /// Pixels only: mm per pixel, so that `distance_mm` and sizes mean mm.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pixel_mm: Option<f64>,
}

/// The LUNA16 / CAMELYON rates.
pub const DEFAULT_FP_RATES: [f64; 7] = [0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0];

impl Default for DetectionSpec {
    fn default() -> Self {
        DetectionSpec {
            hit: Hit::default(),
            fp_rates: DEFAULT_FP_RATES.to_vec(),
            unit_score: None,
            size_strata: Vec::new(),
            pixel_mm: None,
        }
    }
}

/// The hit criterion as the plan writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Hit {
    Rule(HitName),
    Distance(DistanceHit),
    Iou(IouHit),
}

impl Default for Hit {
    fn default() -> Self {
        Hit::Rule(HitName::CentreWithinRadius)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HitName {
    CentreWithinRadius,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DistanceHit {
    pub distance_mm: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IouHit {
    pub iou: f64,
}

impl Hit {
    /// The rule as the statistics take it.
    pub fn rule(&self) -> crate::metrics::detection::HitRule {
        use crate::metrics::detection::HitRule;
        match self {
            Hit::Rule(HitName::CentreWithinRadius) => HitRule::CentreWithinRadius,
            Hit::Distance(d) => HitRule::DistanceMm(d.distance_mm),
            Hit::Iou(i) => HitRule::Iou(i.iou),
        }
    }
}

use crate::{CohortKind, Metric, Plan, Task};

impl Plan {
    /// `[detection]` with its defaults filled in.
    pub fn detection_spec(&self) -> DetectionSpec {
        self.detection.clone().unwrap_or_default()
    }

    /// Whether the unit scores may be read as probabilities (calibration, Brier, net benefit)
    /// when they lie in [0, 1]. Not a detection study's highest mark score: the top of several
    /// marks' scores, and 0 for a unit without marks, is no unit probability (a run of the
    /// detection demo gave calibration-in-the-large −2e15 from the units without marks). Its
    /// own `[detection] unit_score` column may be one.
    pub fn unit_scores_are_probabilities(&self) -> bool {
        self.study.task != crate::Task::Detection || self.detection_spec().unit_score.is_some()
    }

    /// The detection keys in a plan of another kind of task.
    pub(crate) fn validate_detection_keys(&self) -> Result<(), String> {
        if self.study.task == Task::Detection {
            return Ok(());
        }
        for (key, set) in [
            ("[marks]", self.marks.is_some()),
            ("[lesions]", self.lesions.is_some()),
            ("[detection]", self.detection.is_some()),
        ] {
            if set {
                return Err(format!(
                    "{key} is for [study] task = \"detection\"; this plan validates task = \"{}\"",
                    self.study.task.name()
                ));
            }
        }
        if let Some(c) = self
            .acceptance
            .iter()
            .find(|c| c.metric.is_detection() || c.fp_rate.is_some())
        {
            return Err(format!(
                "[[acceptance]] metric = \"{}\": lesion_sensitivity, cpm and fp_rate are for [study] task = \"detection\"",
                c.metric
            ));
        }
        Ok(())
    }

    /// What a detection plan needs beyond the common keys. This version reads marks and
    /// lesions from CSV files and the units from a CSV cohort.
    pub(crate) fn validate_detection(&self) -> Result<(), String> {
        if self.predictions.is_some() {
            return Err("[predictions] is for binary and segmentation studies; a detection study reads the model's marks from [marks] (and a unit score from [detection] unit_score)".into());
        }
        for (key, set) in [
            ("[truth]", self.truth.is_some()),
            ("[[structure]]", !self.structure.is_empty()),
            ("[segmentation]", self.segmentation.is_some()),
            ("[[finding]]", !self.finding.is_empty()),
            ("[findings]", self.findings.is_some()),
            ("[[compare]]", !self.compare.is_empty()),
        ] {
            if set {
                return Err(format!(
                    "{key} is not available in a detection study ([study] task = \"detection\")"
                ));
            }
        }
        let c = &self.cohort;
        let dicom = c.kind == CohortKind::Dicom;
        if !c.label.is_empty() {
            return Err("[cohort] label is not used in a detection study: a detection study's truth is [lesions] (a unit is positive when it has at least one lesion); remove label".into());
        }
        if !c.features.is_empty() {
            return Err("[cohort] features is for a [model] that scores feature columns; a detection study reads the model's marks from [marks]: remove features".into());
        }
        if !c.positive.is_empty() || c.negative.is_some() {
            return Err("[cohort] positive and negative are not used in a detection study: a detection study's truth is [lesions]".into());
        }
        if dicom && (c.labels.is_some() || c.join.is_some() || c.join_column.is_some()) {
            return Err("[cohort] labels, join and join_column are not used in a detection study on a DICOM cohort: its truth is [lesions] (DICOM SEG or SR), joined to the images by the UIDs the files reference; remove them".into());
        }
        let Some(marks) = &self.marks else {
            return Err("[marks] is missing: name the CSV of the model's marks, e.g.\n  [marks]\n  path = \"marks.csv\"\n  unit = \"scan\"\n  x = \"x_mm\"\n  y = \"y_mm\"\n  score = \"score\"".into());
        };
        let Some(lesions) = &self.lesions else {
            return Err("[lesions] is missing: name the CSV of the truth lesions, e.g.\n  [lesions]\n  path = \"truth.csv\"\n  unit = \"scan\"\n  x = \"x_mm\"\n  y = \"y_mm\"\n  radius = \"radius_mm\"".into());
        };
        let marks_kind = match marks.kind {
            MarksKind::Csv => "csv",
            MarksKind::Sr => "sr",
            MarksKind::Model => "model",
        };
        let lesions_kind = match lesions.kind {
            LesionsKind::Csv => "csv",
            LesionsKind::Seg => "seg",
            LesionsKind::Sr => "sr",
        };
        if dicom {
            if marks.kind == MarksKind::Csv || lesions.kind == LesionsKind::Csv {
                return Err(format!(
                    "a detection study on a DICOM cohort reads marks from DICOM SR or the [model] ([marks] kind = \"sr\" or \"model\") and lesions from DICOM SEG or SR ([lesions] kind = \"seg\" or \"sr\"): its units have no ids a CSV could name; this plan has [marks] kind = \"{marks_kind}\", [lesions] kind = \"{lesions_kind}\""
                ));
            }
        } else if marks.kind != MarksKind::Csv || lesions.kind != LesionsKind::Csv {
            return Err(format!(
                "[marks] kind = \"{marks_kind}\" and [lesions] kind = \"{lesions_kind}\" need the images: set [cohort] kind = \"dicom\" (a CSV cohort reads marks and lesions from CSV files)"
            ));
        }
        match (marks.kind, &self.model) {
            (MarksKind::Model, None) => {
                return Err("[marks] kind = \"model\" needs a [model]: the ONNX detector whose output holds the marks".into());
            }
            (MarksKind::Model, Some(_)) => {
                if marks.layout.is_empty() {
                    return Err("[marks] layout is missing: name each column of the model's output rows, e.g. layout = [\"x\", \"y\", \"score\"] or [\"x0\", \"y0\", \"x1\", \"y1\", \"score\"]".into());
                }
                let has = |n: &str| marks.layout.iter().any(|c| c == n);
                if let Some(bad) = marks.layout.iter().find(|c| {
                    !["x", "y", "x0", "y0", "x1", "y1", "score", "-"].contains(&c.as_str())
                }) {
                    return Err(format!(
                        "[marks] layout: \"{bad}\" is not a column name; use x, y, x0, y0, x1, y1, score, or - for a column to ignore"
                    ));
                }
                let point = has("x") && has("y");
                let bbox = ["x0", "y0", "x1", "y1"].iter().all(|n| has(n));
                if !has("score") || !(point || bbox) {
                    return Err("[marks] layout needs score and either x, y (a point) or x0, y0, x1, y1 (a box)".into());
                }
                for n in ["x", "y", "x0", "y0", "x1", "y1", "score"] {
                    if marks.layout.iter().filter(|c| *c == n).count() > 1 {
                        return Err(format!("[marks] layout names {n} twice"));
                    }
                }
                if !marks.path.as_os_str().is_empty() {
                    return Err("[marks] path is not used with kind = \"model\": the marks are the [model]'s output; remove path".into());
                }
            }
            (_, Some(_)) => {
                return Err("[model] in a detection study runs the detector: set [marks] kind = \"model\" and its layout, or remove [model] to read the vendor's marks".into());
            }
            (_, None) => {}
        }
        if marks.kind != MarksKind::Model && (!marks.layout.is_empty() || marks.min_score.is_some())
        {
            return Err("[marks] layout and min_score are for kind = \"model\"".into());
        }
        if marks.kind != MarksKind::Model && marks.path.as_os_str().is_empty() {
            return Err(format!(
                "[marks] path is missing: name the {}",
                if marks.kind == MarksKind::Csv {
                    "CSV of the model's marks"
                } else {
                    "folder of the vendor's SR files"
                }
            ));
        }
        if lesions.min_voxels.is_some() && lesions.kind != LesionsKind::Seg {
            return Err(
                "[lesions] min_voxels is for kind = \"seg\" (connected components of a DICOM SEG)"
                    .into(),
            );
        }
        if marks.kind == MarksKind::Csv {
            for (key, value) in [
                ("unit", &marks.unit),
                ("x", &marks.x),
                ("y", &marks.y),
                ("score", &marks.score),
            ] {
                if value.trim().is_empty() {
                    return Err(format!("[marks] {key} is missing: name its CSV column"));
                }
            }
        } else if !marks.unit.is_empty()
            || !marks.x.is_empty()
            || !marks.y.is_empty()
            || marks.z.is_some()
            || !marks.score.is_empty()
            || !marks.bbox.is_empty()
            || marks.coordinates != Coordinates::Mm
        {
            return Err(format!(
                "[marks] unit, x, y, z, score, box and coordinates name CSV columns; kind = \"{marks_kind}\" reads them from the DICOM files: remove them"
            ));
        }
        if lesions.kind == LesionsKind::Csv {
            for (key, value) in [
                ("unit", &lesions.unit),
                ("x", &lesions.x),
                ("y", &lesions.y),
            ] {
                if value.trim().is_empty() {
                    return Err(format!("[lesions] {key} is missing: name its CSV column"));
                }
            }
        } else if !lesions.unit.is_empty()
            || !lesions.x.is_empty()
            || !lesions.y.is_empty()
            || lesions.z.is_some()
            || lesions.radius.is_some()
            || !lesions.bbox.is_empty()
            || lesions.size.is_some()
            || lesions.kind_column.is_some()
            || lesions.coordinates != Coordinates::Mm
        {
            return Err(format!(
                "[lesions] unit, x, y, z, radius, box, size, type and coordinates name CSV columns; kind = \"{lesions_kind}\" reads lesions from the DICOM files: remove them"
            ));
        }
        if marks.kind == MarksKind::Csv {
            if marks.z.is_some() != lesions.z.is_some() {
                return Err("[marks] and [lesions] must both name a z column (3-D units) or neither (2-D units)".into());
            }
            if marks.coordinates != lesions.coordinates {
                return Err("[marks] and [lesions] coordinates differ (mm and pixels): give both in the same unit".into());
            }
            let dims = if marks.z.is_some() { 6 } else { 4 };
            for (table, bbox) in [("[marks]", &marks.bbox), ("[lesions]", &lesions.bbox)] {
                if !bbox.is_empty() && bbox.len() != dims {
                    return Err(format!(
                        "{table} box names {} columns; it needs {dims}: {}",
                        bbox.len(),
                        if dims == 4 {
                            "x0, y0, x1, y1"
                        } else {
                            "x0, y0, z0, x1, y1, z1"
                        }
                    ));
                }
            }
        }
        let d = self.detection_spec();
        match &d.hit {
            Hit::Rule(HitName::CentreWithinRadius)
                if lesions.kind == LesionsKind::Csv && lesions.radius.is_none() =>
            {
                return Err("[detection] hit = \"centre_within_radius\" needs the lesions' radius: name its column in [lesions] radius".into());
            }
            Hit::Distance(h) if !(h.distance_mm.is_finite() && h.distance_mm > 0.0) => {
                return Err(format!(
                    "[detection] hit = {{ distance_mm = {} }} must be a positive number of mm",
                    h.distance_mm
                ));
            }
            Hit::Iou(h) if !(h.iou > 0.0 && h.iou <= 1.0) => {
                return Err(format!(
                    "[detection] hit = {{ iou = {} }} must lie in (0, 1]",
                    h.iou
                ));
            }
            Hit::Iou(_)
                if (marks.kind == MarksKind::Csv && marks.bbox.is_empty())
                    || (marks.kind == MarksKind::Model
                        && !marks.layout.iter().any(|c| c == "x0"))
                    || (lesions.kind == LesionsKind::Csv && lesions.bbox.is_empty()) =>
            {
                return Err("[detection] hit = { iou = … } needs boxes on both sides: name the box columns in [marks] box and [lesions] box".into());
            }
            _ => {}
        }
        if d.fp_rates.is_empty() {
            return Err("[detection] fp_rates is empty: list the false-positive marks per unit at which sensitivity is read, e.g. [0.125, 0.25, 0.5, 1, 2, 4, 8]".into());
        }
        if let Some(r) = d.fp_rates.iter().find(|r| !(r.is_finite() && **r > 0.0)) {
            return Err(format!(
                "[detection] fp_rates: {r} is not a positive finite number of false-positive marks per unit"
            ));
        }
        if d.fp_rates.windows(2).any(|w| w[0] >= w[1]) {
            return Err("[detection] fp_rates must increase, each rate once".into());
        }
        if !d.size_strata.is_empty() {
            if lesions.kind == LesionsKind::Csv && lesions.size.is_none() {
                return Err("[detection] size_strata needs the lesions' size: name its column in [lesions] size".into());
            }
            if d.size_strata.iter().any(|s| !(s.is_finite() && *s > 0.0))
                || d.size_strata.windows(2).any(|w| w[0] >= w[1])
            {
                return Err("[detection] size_strata lists increasing positive sizes in mm, e.g. [6, 10, 20]".into());
            }
        }
        if let Some(p) = d.pixel_mm {
            if marks.coordinates != Coordinates::Pixels {
                return Err(
                    "[detection] pixel_mm is for coordinates = \"pixels\"; these marks are in mm"
                        .into(),
                );
            }
            if !(p.is_finite() && p > 0.0) {
                return Err(format!(
                    "[detection] pixel_mm = {p} must be a positive number"
                ));
            }
        }
        if d.unit_score.as_ref().is_some_and(|s| s.trim().is_empty()) {
            return Err("[detection] unit_score is empty: name the cohort column with the model's own unit score, or remove the key to use the highest mark score".into());
        }
        for (i, c) in self.acceptance.iter().enumerate() {
            let at = format!("[[acceptance]] #{} ({})", i + 1, c.metric);
            if c.metric.is_segmentation() || c.metric.is_findings() {
                return Err(format!(
                    "{at} is not a detection figure; a detection study judges lesion_sensitivity, cpm, or a unit-level binary figure (auc, sensitivity, …)"
                ));
            }
            if c.structure.is_some()
                || c.statistic.is_some()
                || c.figure.is_some()
                || c.tolerance.is_some()
                || c.finding.is_some()
            {
                return Err(format!(
                    "{at}: structure, statistic, figure, tolerance and finding are not detection keys"
                ));
            }
            match c.metric {
                Metric::LesionSensitivity => match c.fp_rate {
                    None => {
                        return Err(format!(
                            "{at} needs fp_rate: the false-positive marks per unit it is read at, one of [detection] fp_rates"
                        ));
                    }
                    Some(r) if !d.fp_rates.contains(&r) => {
                        return Err(format!(
                            "{at}: fp_rate = {r} is not in [detection] fp_rates ({})",
                            d.fp_rates
                                .iter()
                                .map(|r| r.to_string())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ));
                    }
                    _ => {}
                },
                _ if c.fp_rate.is_some() => {
                    return Err(format!(
                        "{at}: fp_rate is for metric = \"lesion_sensitivity\""
                    ));
                }
                _ => {}
            }
            if c.metric.is_detection() && c.subgroup.is_some() {
                return Err(format!(
                    "{at}: lesion-level figures are judged on the whole cohort, not a subgroup"
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    //! Every refusal of a DICOM detection plan (and of a DICOM key on a CSV cohort), each with
    //! the words that tell the user what to do, and the plans that are accepted.

    use std::path::{Path, PathBuf};

    use crate::Plan;

    /// A DICOM detection plan: SEG truth, the vendor's SR marks.
    const DICOM: &str = r#"
[study]
name = "t"
intended_use = "t"
task = "detection"
[cohort]
kind = "dicom"
path = "images"
unit = "series"
[marks]
kind = "sr"
path = "marks"
[lesions]
kind = "seg"
path = "truth"
min_voxels = 3
[[acceptance]]
metric = "cpm"
min = 0.5
"#;

    /// The same plan with the marks from an ONNX detector.
    fn model(layout: &str) -> String {
        DICOM.replace(
            "[marks]\nkind = \"sr\"\npath = \"marks\"\n",
            &format!(
                "[marks]\nkind = \"model\"\nlayout = {layout}\nmin_score = 0.05\n[model]\npath = \"m.onnx\"\ninput = \"x\"\noutput = \"marks\"\n"
            ),
        )
    }

    fn parse(text: &str) -> crate::Result<Plan> {
        Plan::parse(text, Path::new("plan.toml"), PathBuf::from("/base"))
    }

    #[track_caller]
    fn refused(text: &str, want: &[&str]) {
        let e = match parse(text) {
            Ok(_) => panic!("accepted, expected a refusal with {want:?}:\n{text}"),
            Err(e) => e.to_string(),
        };
        for w in want {
            assert!(e.contains(w), "{w:?} not in: {e}");
        }
    }

    #[test]
    fn dicom_seg_sr_and_model_plans_are_accepted() {
        let plan = parse(DICOM).unwrap();
        assert_eq!(plan.lesions.as_ref().unwrap().min_voxels, Some(3));
        let sr = DICOM
            .replace("kind = \"seg\"", "kind = \"sr\"")
            .replace("min_voxels = 3\n", "");
        parse(&sr).unwrap();
        let plan = parse(&model("[\"x0\", \"y0\", \"x1\", \"y1\", \"score\", \"-\"]")).unwrap();
        let marks = plan.marks.unwrap();
        assert_eq!(marks.kind, super::MarksKind::Model);
        assert_eq!(marks.min_score, Some(0.05));
        assert!(marks.path.as_os_str().is_empty());
    }

    #[test]
    fn a_dicom_cohort_refuses_csv_marks_or_lesions() {
        let csv_marks = DICOM.replace(
            "[marks]\nkind = \"sr\"\npath = \"marks\"\n",
            "[marks]\npath = \"marks.csv\"\nunit = \"u\"\nx = \"x\"\ny = \"y\"\nscore = \"s\"\n",
        );
        refused(&csv_marks, &["DICOM cohort", "[marks] kind = \"csv\""]);
        let csv_lesions = DICOM.replace(
            "[lesions]\nkind = \"seg\"\npath = \"truth\"\nmin_voxels = 3\n",
            "[lesions]\npath = \"truth.csv\"\nunit = \"u\"\nx = \"x\"\ny = \"y\"\n",
        );
        refused(&csv_lesions, &["DICOM cohort", "[lesions] kind = \"csv\""]);
    }

    #[test]
    fn a_csv_cohort_refuses_dicom_marks_and_lesions() {
        let csv = DICOM.replace(
            "kind = \"dicom\"\npath = \"images\"\nunit = \"series\"\n",
            "kind = \"csv\"\npath = \"units.csv\"\nid = \"u\"\n",
        );
        refused(&csv, &["need the images", "set [cohort] kind = \"dicom\""]);
    }

    #[test]
    fn model_marks_need_a_model_and_a_layout_of_known_columns() {
        refused(
            &model("[\"x\", \"y\", \"score\"]").replace(
                "[model]\npath = \"m.onnx\"\ninput = \"x\"\noutput = \"marks\"\n",
                "",
            ),
            &["kind = \"model\" needs a [model]"],
        );
        refused(
            &model("[\"x\", \"y\", \"score\"]").replace("layout = [\"x\", \"y\", \"score\"]\n", ""),
            &["[marks] layout is missing"],
        );
        refused(&model("[]"), &["[marks] layout is missing"]);
        refused(
            &model("[\"x\", \"y\", \"prob\"]"),
            &["\"prob\" is not a column name", "score"],
        );
        refused(&model("[\"x\", \"y\"]"), &["needs score"]);
        refused(&model("[\"x\", \"score\"]"), &["x, y (a point)"]);
        refused(
            &model("[\"x0\", \"y0\", \"x1\", \"score\"]"),
            &["x0, y0, x1, y1 (a box)"],
        );
        refused(
            &model("[\"x\", \"y\", \"score\", \"score\"]"),
            &["layout names score twice"],
        );
        refused(
            &model("[\"x\", \"y\", \"score\"]")
                .replace("kind = \"model\"\n", "kind = \"model\"\npath = \"marks\"\n"),
            &["[marks] path is not used with kind = \"model\""],
        );
    }

    #[test]
    fn a_model_without_model_marks_and_model_keys_without_a_model_are_refused() {
        refused(
            &format!("{DICOM}[model]\npath = \"m.onnx\"\ninput = \"x\"\noutput = \"marks\"\n"),
            &["set [marks] kind = \"model\""],
        );
        refused(
            &DICOM.replace("path = \"marks\"\n", "path = \"marks\"\nmin_score = 0.1\n"),
            &["layout and min_score are for kind = \"model\""],
        );
        refused(
            &DICOM.replace(
                "path = \"marks\"\n",
                "path = \"marks\"\nlayout = [\"x\", \"y\", \"score\"]\n",
            ),
            &["layout and min_score are for kind = \"model\""],
        );
    }

    #[test]
    fn a_dicom_cohort_takes_no_labels_file_or_join() {
        for key in [
            "labels = \"labels.csv\"",
            "join = \"SOPInstanceUID\"",
            "join_column = \"uid\"",
        ] {
            refused(
                &DICOM.replace(
                    "unit = \"series\"\n",
                    &format!("unit = \"series\"\n{key}\n"),
                ),
                &["labels, join and join_column are not used", "[lesions]"],
            );
        }
    }

    #[test]
    fn sr_marks_need_their_folder() {
        refused(
            &DICOM.replace("kind = \"sr\"\npath = \"marks\"\n", "kind = \"sr\"\n"),
            &["[marks] path is missing", "SR files"],
        );
    }

    #[test]
    fn min_voxels_is_for_seg_lesions() {
        refused(
            &DICOM.replace("kind = \"seg\"", "kind = \"sr\""),
            &["min_voxels is for kind = \"seg\""],
        );
    }

    #[test]
    fn csv_column_keys_are_refused_with_dicom_marks_and_lesions() {
        refused(
            &DICOM.replace("path = \"marks\"\n", "path = \"marks\"\nscore = \"p\"\n"),
            &[
                "[marks] unit, x, y",
                "kind = \"sr\" reads them from the DICOM files",
            ],
        );
        refused(
            &DICOM.replace("path = \"truth\"\n", "path = \"truth\"\nradius = \"r\"\n"),
            &[
                "[lesions] unit, x, y",
                "kind = \"seg\" reads lesions from the DICOM files",
            ],
        );
        refused(
            &DICOM.replace(
                "path = \"truth\"\n",
                "path = \"truth\"\ncoordinates = \"pixels\"\n",
            ),
            &["[lesions] unit, x, y", "remove them"],
        );
    }

    #[test]
    fn an_iou_rule_needs_boxes_from_the_model() {
        let point = model("[\"x\", \"y\", \"score\"]");
        refused(
            &format!("{point}[detection]\nhit = {{ iou = 0.3 }}\n"),
            &["needs boxes on both sides"],
        );
        let boxes = model("[\"x0\", \"y0\", \"x1\", \"y1\", \"score\"]");
        parse(&format!("{boxes}[detection]\nhit = {{ iou = 0.3 }}\n")).unwrap();
        // SEG and SR lesions have boxes; SR marks too.
        parse(&format!("{DICOM}[detection]\nhit = {{ iou = 0.3 }}\n")).unwrap();
    }

    #[test]
    fn size_strata_and_a_radius_rule_need_no_columns_for_dicom_lesions() {
        parse(&format!(
            "{DICOM}[detection]\nhit = \"centre_within_radius\"\nsize_strata = [5, 10]\n"
        ))
        .unwrap();
    }
}
