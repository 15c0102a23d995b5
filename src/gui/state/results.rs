//! What the Results step holds between frames: the tab, the threshold being explored, the
//! forest plot's metric. Below the step that draws it and the `App` that holds it.

use provestein::Evaluation;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Summary,
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
}

impl ResultsState {
    pub fn reset(&mut self, eval: &Evaluation) {
        *self = ResultsState {
            threshold: eval.binary_only().overall.threshold,
            ..Default::default()
        };
    }
}
