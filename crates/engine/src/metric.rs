//! One registry of the metrics a plan can judge: the id (as in report.json and the plan's
//! acceptance criteria), the name people read (from the catalogue, per language), which
//! intervals apply and which direction is better. The report's tables and the acceptance
//! criteria's text iterate it instead of matching metric names in several places; the app and
//! the CLI can use it too.

use crate::i18n::Lang;
use crate::metrics::confusion::{Confusion, Proportion};
use crate::plan::{Analysis, IntervalKind, Metric};
use crate::results::{Calibration, Metrics, Overall, ProportionMetric};
use crate::text;

/// Which way a metric is better.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Direction {
    Higher,
    Lower,
    /// Closest to an ideal value (calibration slope 1, calibration-in-the-large 0).
    Towards(f64),
}

/// What the registry knows about one metric.
#[derive(Debug, Clone, Copy)]
pub struct MetricInfo {
    pub metric: Metric,
    pub direction: Direction,
    /// With a patient key its interval is patient-level (effective sample size, Obuchowski's
    /// variance, or patients resampled); calibration is fitted on cases either way.
    pub clustered: bool,
}

impl MetricInfo {
    /// The id in report.json and in `[[acceptance]] metric = "…"`.
    pub fn id(&self) -> &'static str {
        self.metric.name()
    }

    /// The intervals computed for it (a plan cannot ask for another).
    pub fn intervals(&self) -> &'static [IntervalKind] {
        self.metric.intervals()
    }

    /// A count over a count (x / n), with Wilson and Clopper–Pearson intervals.
    pub fn is_proportion(&self) -> bool {
        self.metric.is_proportion()
    }

    /// The name in running text, in `lang` ("sensitivity", "ROC AUC").
    pub fn name(&self, lang: Lang) -> &'static str {
        name(lang, self.metric)
    }

    /// The name at the start of a table row or a label, in `lang` ("Sensitivity").
    pub fn label(&self, lang: Lang) -> String {
        label(lang, self.metric)
    }

    /// The interval tables show for it: the plan's choice for proportions and the AUC, the
    /// only one for the others.
    pub fn interval_in(&self, analysis: &Analysis) -> IntervalKind {
        let chosen = match self.metric {
            _ if self.is_proportion() => analysis.proportion_interval,
            Metric::Auc => analysis.auc_interval,
            _ => self.intervals()[0],
        };
        if self.intervals().contains(&chosen) {
            chosen
        } else {
            self.intervals()[0]
        }
    }

    /// Its figure in `overall` under `interval` (one it has; another falls back to its
    /// first). NaN where it was not computed: calibration and Brier of scores that are not
    /// probabilities, or an interval the run left out.
    pub fn figure(&self, overall: &Overall, interval: IntervalKind) -> Figure {
        self.figure_of(&overall.metrics, overall.calibration.as_ref(), interval)
    }

    /// [`MetricInfo::figure`] from the metrics at the threshold and the calibration fit.
    pub fn figure_of(
        &self,
        m: &Metrics,
        calibration: Option<&Calibration>,
        interval: IntervalKind,
    ) -> Figure {
        let interval = if self.intervals().contains(&interval) {
            interval
        } else {
            self.intervals()[0]
        };
        let missing = [f64::NAN; 2];
        let (estimate, ci, method, count) = if let Some(p) = proportion(m, self.metric) {
            let ci = match interval {
                IntervalKind::ClopperPearson => p.clopper_pearson,
                _ => p.wilson,
            };
            (p.estimate, ci, interval_name(interval), Some((p.x, p.n)))
        } else {
            match (self.metric, interval) {
                (Metric::Auc, IntervalKind::Bootstrap) => (
                    m.auc.estimate,
                    m.auc.bootstrap,
                    interval_name(interval),
                    None,
                ),
                (Metric::Auc, _) => (m.auc.estimate, m.auc.delong, m.auc.analytic_name(), None),
                // Without an estimate (scores that are not probabilities) no interval is judged.
                (Metric::Brier, _) if !m.brier.estimate.is_finite() => {
                    (f64::NAN, missing, interval_name(interval), None)
                }
                (Metric::Brier, _) => (
                    m.brier.estimate,
                    m.brier.bootstrap,
                    interval_name(interval),
                    None,
                ),
                (Metric::CalibrationSlope | Metric::CalibrationInTheLarge, _) => {
                    let e = calibration.map(|c| {
                        if self.metric == Metric::CalibrationSlope {
                            c.slope
                        } else {
                            c.citl
                        }
                    });
                    let (estimate, ci) = e.map_or((f64::NAN, missing), |e| (e.estimate, e.ci));
                    (estimate, ci, interval_name(interval), None)
                }
                _ => (f64::NAN, missing, interval_name(interval), None),
            }
        };
        Figure {
            estimate,
            interval: ci,
            method,
            count,
        }
    }
}

/// A metric's figure under one interval, as tables show it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figure {
    pub estimate: f64,
    pub interval: [f64; 2],
    /// The interval's method as tables name it ("Wilson", "DeLong", "Obuchowski", "bootstrap").
    pub method: &'static str,
    /// x / n for a proportion.
    pub count: Option<(u64, u64)>,
}

/// Every metric, in the order the report's tables show them.
pub const ALL: [MetricInfo; 9] = [
    MetricInfo {
        metric: Metric::Sensitivity,
        direction: Direction::Higher,
        clustered: true,
    },
    MetricInfo {
        metric: Metric::Specificity,
        direction: Direction::Higher,
        clustered: true,
    },
    MetricInfo {
        metric: Metric::Ppv,
        direction: Direction::Higher,
        clustered: true,
    },
    MetricInfo {
        metric: Metric::Npv,
        direction: Direction::Higher,
        clustered: true,
    },
    MetricInfo {
        metric: Metric::Accuracy,
        direction: Direction::Higher,
        clustered: true,
    },
    MetricInfo {
        metric: Metric::Auc,
        direction: Direction::Higher,
        clustered: true,
    },
    MetricInfo {
        metric: Metric::Brier,
        direction: Direction::Lower,
        clustered: true,
    },
    MetricInfo {
        metric: Metric::CalibrationSlope,
        direction: Direction::Towards(1.0),
        clustered: false,
    },
    MetricInfo {
        metric: Metric::CalibrationInTheLarge,
        direction: Direction::Towards(0.0),
        clustered: false,
    },
];

/// The registry's entry for `m`.
pub fn info(m: Metric) -> &'static MetricInfo {
    ALL.iter()
        .find(|i| i.metric == m)
        .expect("every metric is in the registry")
}

/// The proportions (x / n) in table order.
pub fn proportions() -> impl Iterator<Item = &'static MetricInfo> {
    ALL.iter().filter(|i| i.is_proportion())
}

/// The name of `m` in running text, in `lang`.
pub fn name(lang: Lang, m: Metric) -> &'static str {
    match m {
        Metric::Sensitivity => text!(lang, "metric-sensitivity"),
        Metric::Specificity => text!(lang, "metric-specificity"),
        Metric::Ppv => text!(lang, "metric-ppv"),
        Metric::Npv => text!(lang, "metric-npv"),
        Metric::Accuracy => text!(lang, "metric-accuracy"),
        Metric::Auc => text!(lang, "metric-auc"),
        Metric::Brier => text!(lang, "metric-brier"),
        Metric::CalibrationSlope => text!(lang, "metric-calibration-slope"),
        Metric::CalibrationInTheLarge => text!(lang, "metric-calibration-in-the-large"),
        Metric::Dice => text!(lang, "metric-dice"),
        Metric::Iou => text!(lang, "metric-iou"),
        Metric::Hd => text!(lang, "metric-hd"),
        Metric::Hd95 => text!(lang, "metric-hd95"),
        Metric::Assd => text!(lang, "metric-assd"),
        Metric::Nsd => text!(lang, "metric-nsd"),
        Metric::VolumeDifference => text!(lang, "metric-volume-difference"),
        Metric::ShareWithin => text!(lang, "metric-share-within"),
        Metric::LesionSensitivity => text!(lang, "metric-lesion-sensitivity"),
        Metric::Cpm => text!(lang, "metric-cpm"),
        Metric::MacroAuc => text!(lang, "metric-macro-auc"),
        Metric::MicroAuc => text!(lang, "metric-micro-auc"),
        Metric::HandTillAuc => text!(lang, "metric-hand-till-auc"),
        Metric::Kappa => text!(lang, "metric-kappa"),
        Metric::WeightedKappa => text!(lang, "metric-weighted-kappa"),
    }
}

/// The name of `m` at the start of a table row or a label, in `lang` ("Sensitivity").
pub fn label(lang: Lang, m: Metric) -> String {
    let name = name(lang, m);
    let mut c = name.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// The name of an interval method as the report prints it.
pub fn interval_name(k: IntervalKind) -> &'static str {
    match k {
        IntervalKind::Wilson => "Wilson",
        IntervalKind::ClopperPearson => "Clopper–Pearson",
        IntervalKind::Delong => "DeLong",
        IntervalKind::Bootstrap => "bootstrap",
        IntervalKind::Wald => "Wald",
    }
}

/// The proportion `m` counted in `c` (a confusion matrix at some threshold, e.g. the app's
/// slider), None for a metric that is not a proportion.
pub fn at(c: &Confusion, m: Metric) -> Option<Proportion> {
    match m {
        Metric::Sensitivity => Some(c.sensitivity()),
        Metric::Specificity => Some(c.specificity()),
        Metric::Ppv => Some(c.ppv()),
        Metric::Npv => Some(c.npv()),
        Metric::Accuracy => Some(c.accuracy()),
        _ => None,
    }
}

/// The proportion `m` of `metrics`, None for a metric that is not a proportion.
pub fn proportion(metrics: &Metrics, m: Metric) -> Option<&ProportionMetric> {
    match m {
        Metric::Sensitivity => Some(&metrics.sensitivity),
        Metric::Specificity => Some(&metrics.specificity),
        Metric::Ppv => Some(&metrics.ppv),
        Metric::Npv => Some(&metrics.npv),
        Metric::Accuracy => Some(&metrics.accuracy),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_holds_each_metric_once_with_a_name_in_each_language() {
        assert_eq!(ALL.len(), Metric::ALL.len());
        for m in Metric::ALL {
            assert_eq!(info(m).metric, m);
            assert_eq!(ALL.iter().filter(|i| i.metric == m).count(), 1);
            for lang in Lang::ALL {
                assert!(!info(m).name(lang).is_empty());
            }
        }
        assert_eq!(name(Lang::Nb, Metric::Sensitivity), "sensitivitet");
        assert_eq!(proportions().count(), 5);
    }
}
