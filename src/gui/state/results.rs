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
    /// The structure whose figures a segmentation run's summary shows (index into its
    /// structures, in name order).
    pub structure: usize,
}

impl ResultsState {
    pub fn reset(&mut self, eval: &Evaluation) {
        *self = ResultsState {
            threshold: eval
                .binary()
                .map_or(eval.plan.analysis.threshold, |b| b.overall.threshold),
            ..Default::default()
        };
    }
}
