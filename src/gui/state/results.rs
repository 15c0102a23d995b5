//! What the Results step holds between frames: the tab, the threshold being explored, the
//! forest plot's metric, the finding opened. Below the step that draws it and the `App` that
//! holds it.

use provestein::Evaluation;
use provestein::evaluation::BinaryEvaluation;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Summary,
    /// A detection run's lesions: by size and type, the worst, "right unit, wrong place".
    Lesions,
    /// A detection run's unit-level score, or a multi-finding run's opened finding, with a
    /// binary study's summary.
    Binary,
    Threshold,
    Calibration,
    /// Permutation importance (feature models only).
    Importance,
    Subgroups,
    /// The vendor's validation package (plans with a manifest only).
    Vendor,
    Exclusions,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ForestMetric {
    #[default]
    Sensitivity,
    Specificity,
    Auc,
}

#[derive(Default)]
pub struct ResultsState {
    pub tab: Tab,
    /// The threshold being explored (starts at the plan's).
    pub threshold: f64,
    pub forest: ForestMetric,
    /// The structure whose figures a segmentation run's summary shows (index into its
    /// structures, in name order).
    pub structure: usize,
    /// The finding of a multi-finding run whose binary figures the binary tabs show (None:
    /// the first in the plan's order).
    pub finding: Option<String>,
}

impl ResultsState {
    pub fn reset(&mut self, eval: &Evaluation) {
        *self = ResultsState {
            threshold: binary_of(eval, None)
                .map_or(eval.plan.analysis.threshold, |b| b.overall.threshold),
            ..Default::default()
        };
    }

    /// The binary figures the binary tabs and the Cases step show: see [`binary_of`].
    pub fn binary<'a>(&self, eval: &'a Evaluation) -> Option<&'a BinaryEvaluation> {
        binary_of(eval, self.finding.as_deref())
    }

    /// The finding shown, by name (a multi-finding run only).
    pub fn finding_shown<'a>(&self, eval: &'a Evaluation) -> Option<&'a str> {
        let f = eval.findings()?;
        let name = self
            .finding
            .as_deref()
            .filter(|n| f.findings.contains_key(*n))
            .or_else(|| f.findings_summary.order.first().map(String::as_str))
            .or_else(|| f.findings.keys().next().map(String::as_str))?;
        f.findings.get_key_value(name).map(|(k, _)| k.as_str())
    }

    /// Opens `finding`'s binary figures (the threshold explorer starts at its threshold).
    pub fn open_finding(&mut self, eval: &Evaluation, finding: &str) {
        self.finding = Some(finding.to_string());
        if let Some(b) = self.binary(eval) {
            self.threshold = b.overall.threshold;
        }
    }
}

/// A run's binary figures, where it has some: a binary run's own, a detection run's unit
/// level, a multi-finding run's `finding` (or its first in the plan's order); None for a
/// segmentation run.
pub fn binary_of<'a>(eval: &'a Evaluation, finding: Option<&str>) -> Option<&'a BinaryEvaluation> {
    if let Some(b) = eval.binary() {
        return Some(b);
    }
    if let Some(d) = eval.detection() {
        return Some(&d.unit_level);
    }
    let f = eval.findings()?;
    finding
        .and_then(|n| f.findings.get(n))
        .or_else(|| {
            f.findings_summary
                .order
                .iter()
                .find_map(|n| f.findings.get(n))
        })
        .or_else(|| f.findings.values().next())
}
