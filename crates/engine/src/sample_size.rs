//! What the cohort's size allows, worked out from its positives and negatives alone: how
//! narrow the intervals can be, and whether each proportion criterion can be decided at all.
//! A criterion "lower bound of sensitivity ≥ 0.95" cannot pass with 40 positives even if the
//! model finds every one; the report says so instead of letting a run end INCONCLUSIVE unexplained.

use serde::{Deserialize, Serialize};

use crate::metrics::intervals::{clopper_pearson, wilson};
use crate::plan::{Bound, IntervalKind, Metric, Plan};

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SampleSize {
    pub metric: Metric,
    /// Cases the proportion is computed on (positives for sensitivity, negatives for
    /// specificity, all for accuracy).
    pub n: u64,
    /// Half-width of the interval if the estimate equalled the criterion's limit.
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub half_width_at_limit: f64,
    /// The best value the judged bound can take at this n (every case right).
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub best_possible: f64,
    /// False when the criterion cannot pass at this size whatever the model does.
    pub can_pass: bool,
    /// The smallest n at which it could pass (None when it already can, or never can).
    pub n_needed: Option<u64>,
    pub note: String,
}

/// One entry per whole-cohort proportion criterion whose denominator is known before scoring
/// (sensitivity, specificity, accuracy) and whose judged value is an interval bound.
pub fn assess(plan: &Plan, n_positive: u64, n_negative: u64) -> Vec<SampleSize> {
    let conf = plan.analysis.confidence;
    plan.acceptance
        .iter()
        .filter(|c| c.subgroup.is_none() && c.bound != Bound::Estimate)
        .filter_map(|c| {
            let (n, cases) = match c.metric {
                Metric::Sensitivity => (n_positive, "positives"),
                Metric::Specificity => (n_negative, "negatives"),
                Metric::Accuracy => (n_positive + n_negative, "cases"),
                _ => return None,
            };
            let interval = plan.interval_for(c);
            let ci = |x: u64, n: u64| match interval {
                IntervalKind::ClopperPearson => clopper_pearson(x, n, conf),
                _ => wilson(x, n, conf),
            };
            // The most favourable outcome: every case right for a `min`, every case wrong for
            // a `max` (an error-type use of a proportion).
            let best = |n: u64| {
                let (lo, hi) = if c.min.is_some() { ci(n, n) } else { ci(0, n) };
                match c.bound {
                    Bound::CiLow => lo,
                    _ => hi,
                }
            };
            let meets = |v: f64| match (c.min, c.max) {
                (Some(m), _) => v >= m,
                (_, Some(m)) => v <= m,
                _ => true,
            };
            let limit = c.min.or(c.max).unwrap_or(0.5);
            let x = (limit * n as f64).round() as u64;
            let (lo, hi) = ci(x.min(n), n);
            let best_possible = best(n);
            let can_pass = n > 0 && meets(best_possible);
            let n_needed = if can_pass {
                None
            } else {
                (1..=1_000_000u64).find(|&m| meets(best(m)))
            };
            let note = if can_pass {
                format!(
                    "{n} {cases}: at an estimate of {limit} the {} interval is ±{:.3}",
                    interval.name(),
                    (hi - lo) / 2.0
                )
            } else {
                format!(
                    "{n} {cases} are too few: even if every one were right the {} bound would be {best_possible:.3}, so this criterion cannot pass{}",
                    interval.name(),
                    n_needed.map_or(String::new(), |m| format!("; it needs at least {m} {cases}"))
                )
            };
            Some(SampleSize {
                metric: c.metric,
                n,
                half_width_at_limit: (hi - lo) / 2.0,
                best_possible,
                can_pass,
                n_needed,
                note,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    fn plan(criterion: &str) -> Plan {
        let text = format!(
            "[study]\nname = \"t\"\nintended_use = \"t\"\n[predictions]\npath = \"c.csv\"\nid = \"id\"\nscore = \"s\"\n\
             [cohort]\nkind = \"csv\"\npath = \"c.csv\"\nid = \"id\"\nlabel = \"y\"\npositive = 1\n{criterion}"
        );
        Plan::parse(&text, Path::new("p.toml"), PathBuf::new()).unwrap()
    }

    #[test]
    fn a_limit_out_of_reach_is_reported_with_the_size_needed() {
        let p = plan("[[acceptance]]\nmetric = \"sensitivity\"\nbound = \"ci_low\"\nmin = 0.95\n");
        let s = &assess(&p, 40, 100)[0];
        // Wilson lower bound at 40/40 is 40/(40+z²) ≈ 0.9124 < 0.95.
        assert!((s.best_possible - 40.0 / (40.0 + 1.959963984540054f64.powi(2))).abs() < 1e-12);
        assert!(!s.can_pass);
        // n/(n+z²) ≥ 0.95 ⇔ n ≥ 19·z² ≈ 72.99
        assert_eq!(s.n_needed, Some(73));
        assert!(s.note.contains("cannot pass"), "{}", s.note);
        let ok = &assess(&p, 80, 100)[0];
        assert!(ok.can_pass && ok.n_needed.is_none());
    }

    #[test]
    fn only_criteria_with_a_known_denominator_are_assessed() {
        let p = plan(
            "[[acceptance]]\nmetric = \"ppv\"\nmin = 0.5\n[[acceptance]]\nmetric = \"specificity\"\nmin = 0.5\n",
        );
        let s = assess(&p, 10, 20);
        assert_eq!(s.len(), 1);
        assert_eq!((s[0].metric, s[0].n), (Metric::Specificity, 20));
    }
}
