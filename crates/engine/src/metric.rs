//! One registry of the metrics a plan can judge: the id (as in report.json and the plan's
//! acceptance criteria), the name people read (from the catalogue, per language), which
//! intervals apply and which direction is better. The report's tables and the acceptance
//! criteria's text iterate it instead of matching metric names in several places; the app and
//! the CLI can use it too.

use crate::i18n::Lang;
use crate::plan::{IntervalKind, Metric};
use crate::results::{Metrics, ProportionMetric};
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
    }
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
