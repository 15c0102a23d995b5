//! Judging the plan's acceptance criteria against the computed figures: PASS, FAIL or
//! INCONCLUSIVE. The rule is decided here and only here:
//!
//! * pass: the judged value (the estimate, or the interval bound the criterion names) meets
//!   the limit (`>= min`, `<= max`);
//! * fail: the whole interval lies on the wrong side of the limit;
//! * inconclusive: anything else (the interval straddles the limit, or the figure cannot be
//!   estimated, e.g. PPV when no case was predicted positive).

use serde::{Deserialize, Serialize};

use crate::metrics::subgroups::{AttributeReport, GroupReport, Status};
use crate::plan::{Bound, Criterion, IntervalKind, Metric, Plan};
use crate::results::Overall;

pub use provestein_types::Verdict;

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Acceptance {
    /// Fail if any criterion fails, else inconclusive if any is, else pass; inconclusive
    /// whatever the criteria say when the model left too many units unscored
    /// (`model_exclusions.over_limit`).
    pub verdict: Verdict,
    pub criteria: Vec<CriterionResult>,
    /// Units the model (or the vendor's score file) left without a trustworthy score; absent
    /// when there are none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_exclusions: Option<ModelExclusions>,
}

/// How many of the units handed to the model it left without a score it could be judged on:
/// output not a finite number, inference failed or timed out, an input it cannot take. Past
/// the plan's `[analysis] max_model_exclusions` the figures describe only the cases the model
/// could handle, which may be the easy ones, so no criterion can be trusted to pass.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ModelExclusions {
    /// Units (CSV cases, DICOM images) handed to the model or looked up in the score file.
    pub units: usize,
    /// Of them, excluded for a model-caused reason ([`is_model_caused`]).
    pub excluded: usize,
    /// excluded / units.
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub share: f64,
    /// The plan's `[analysis] max_model_exclusions`.
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub limit: f64,
    /// share > limit: the verdict is INCONCLUSIVE.
    pub over_limit: bool,
}

/// Exclusions the model is the cause of, counted against `[analysis] max_model_exclusions`.
/// A missing vendor row (`no_score`) and the cohort's own problems (labels, features, DICOM
/// files) are not: they say nothing about the model.
pub fn is_model_caused(reason: crate::cohort::ExclusionReason) -> bool {
    use crate::cohort::ExclusionReason as R;
    matches!(
        reason,
        R::BadScore | R::InferenceFailed | R::Timeout | R::Unscorable
    )
}

/// Holds the verdict to the plan's limit on model-caused exclusions: `units` were handed to
/// the model, `excluded` are every exclusion of the run. Over the limit the verdict is
/// INCONCLUSIVE (a FAIL too: a failure measured on a subset the model chose is not a
/// measurement of the model either).
pub fn limit_model_exclusions(
    acceptance: &mut Acceptance,
    plan: &Plan,
    units: usize,
    excluded: &[crate::cohort::Exclusion],
) {
    let n = excluded
        .iter()
        .filter(|e| is_model_caused(e.reason))
        .count();
    if n == 0 || units == 0 {
        acceptance.model_exclusions = None;
        return;
    }
    let limit = plan.analysis.max_model_exclusions;
    let share = n as f64 / units as f64;
    let over_limit = share > limit;
    if over_limit {
        acceptance.verdict = Verdict::Inconclusive;
    }
    acceptance.model_exclusions = Some(ModelExclusions {
        units,
        excluded: n,
        share,
        limit,
        over_limit,
    });
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CriterionResult {
    pub metric: Metric,
    /// For a `subgroup = "worst"` criterion: the group judged, e.g. "sex = F".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subgroup: Option<String>,
    pub bound: Bound,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    pub interval: IntervalKind,
    /// The figure's point estimate and the interval judged (null when not estimable).
    pub estimate: Option<f64>,
    pub ci: [Option<f64>; 2],
    /// The value compared with the limit.
    pub judged: Option<f64>,
    pub verdict: Verdict,
    /// One sentence a procurement board can read.
    pub explanation: String,
    /// Segmentation criteria: the structure judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub structure: Option<String>,
    /// Segmentation figures: the statistic judged (mean or median over cases).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statistic: Option<crate::plan::Statistic>,
    /// `share_within`: the figure and the tolerance whose share of cases is judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figure: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<f64>,
    /// Detection, `lesion_sensitivity`: the FP marks per unit it was read at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fp_rate: Option<f64>,
    /// Multi-finding: the finding judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finding: Option<String>,
    /// The confidence of the interval judged when it is not the plan's: a per-finding
    /// criterion judged at its step of Holm's step-down (e.g. 0.975 with two criteria left).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
}

pub fn judge(plan: &Plan, overall: &Overall, subgroups: &[AttributeReport]) -> Acceptance {
    let criteria: Vec<CriterionResult> = plan
        .acceptance
        .iter()
        .map(|c| {
            let interval = plan.interval_for(c);
            if c.subgroup.is_some() {
                judge_worst_subgroup(c, interval, subgroups)
            } else {
                let (estimate, ci) = figure(overall, c.metric, interval);
                let mut r = judge_figure(c, interval, estimate, ci);
                if r.judged.is_none() && needs_probabilities(c.metric) && overall.calibration.is_none() {
                    r.explanation = format!(
                        "{} is not computed: some scores lie outside [0, 1], so they are not probabilities",
                        c.metric
                    );
                }
                r
            }
        })
        .collect();
    let verdict = criteria
        .iter()
        .map(|c| c.verdict)
        .max()
        .unwrap_or(Verdict::Inconclusive);
    Acceptance {
        verdict,
        criteria,
        model_exclusions: None,
    }
}

/// Figures that read the scores as probabilities: computed only when every score lies in
/// [0, 1] (`evaluation::as_probabilities`), so a 0–100 score is never judged on them.
pub fn needs_probabilities(metric: Metric) -> bool {
    matches!(
        metric,
        Metric::Brier | Metric::CalibrationSlope | Metric::CalibrationInTheLarge
    )
}

/// (estimate, [lo, hi]) of a whole-cohort metric under the chosen interval, read through the
/// metric registry; NaN when it cannot be estimated (e.g. calibration of scores that are not
/// probabilities).
fn figure(overall: &Overall, metric: Metric, interval: IntervalKind) -> (f64, [f64; 2]) {
    let f = crate::metric::info(metric).figure(overall, interval);
    (f.estimate, f.interval)
}

/// How the local interval stands to a claimed value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClaimStatus {
    /// The claimed value lies inside the local interval, and the interval excludes a value
    /// [`CLAIM_MARGIN`] below it: these data would have shown a shortfall of that size.
    Compatible,
    /// The claimed value lies inside the local interval, but so does the claim minus
    /// [`CLAIM_MARGIN`]: "not testable at this n", the interval is wider than the claim allows.
    NotTestable,
    /// The whole local interval lies below the claim: locally the model does worse.
    BelowClaim,
    /// The whole local interval lies above the claim.
    AboveClaim,
    /// The figure cannot be estimated on this cohort.
    NotEstimable,
}

/// One vendor claim beside the local figure. Claims are reported, never judged: the verdict
/// comes from the acceptance criteria only.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ClaimCheck {
    pub metric: Metric,
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub claimed: f64,
    pub estimate: Option<f64>,
    pub ci: [Option<f64>; 2],
    pub interval: IntervalKind,
    pub status: ClaimStatus,
    /// The shortfall a testable claim must let the data detect ([`CLAIM_MARGIN`]); 0 in a
    /// report.json written before the margin existed.
    #[serde(default)]
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub margin: f64,
}

/// How far below a claim the local interval must end for the claim to count as tested: a
/// claim whose interval also contains the claim minus this is `not_testable`. 0.05 on the
/// probability scale of every claimable figure (proportions and the AUC, all higher-is-better):
/// the smallest shortfall a procurement board would act on (a sensitivity of 0.75 against a
/// claimed 0.80 misses one lesion in four instead of one in five).
pub const CLAIM_MARGIN: f64 = 0.05;

/// Sets each claimed figure beside the local estimate and its interval (the plan's
/// `proportion_interval` or `auc_interval`), [lo, hi], claim c, margin δ = [`CLAIM_MARGIN`]:
///
/// * below claim: hi < c; above claim: lo > c (a two-sided test at the plan's confidence
///   rejects the claim);
/// * not testable: lo ≤ c − δ ≤ c ≤ hi, the interval also holds a value δ worse than claimed,
///   so these data cannot tell the claim from a materially worse model;
/// * compatible: c − δ < lo ≤ c ≤ hi, the claim is not rejected and a shortfall of δ would
///   have been.
pub fn check_claims(plan: &Plan, overall: &Overall) -> Vec<ClaimCheck> {
    plan.claims
        .figures()
        .into_iter()
        .map(|(metric, claimed)| {
            let interval = if metric == Metric::Auc {
                plan.analysis.auc_interval
            } else {
                plan.analysis.proportion_interval
            };
            let (estimate, [lo, hi]) = figure(overall, metric, interval);
            let status = claim_status(claimed, [lo, hi]);
            let finite = |x: f64| x.is_finite().then_some(x);
            ClaimCheck {
                metric,
                claimed,
                estimate: finite(estimate),
                ci: [finite(lo), finite(hi)],
                interval,
                status,
                margin: CLAIM_MARGIN,
            }
        })
        .collect()
}

/// The rule of [`check_claims`] for one claim and its interval.
pub fn claim_status(claimed: f64, [lo, hi]: [f64; 2]) -> ClaimStatus {
    if !(lo.is_finite() && hi.is_finite()) {
        ClaimStatus::NotEstimable
    } else if hi < claimed {
        ClaimStatus::BelowClaim
    } else if lo > claimed {
        ClaimStatus::AboveClaim
    } else if lo <= claimed - CLAIM_MARGIN {
        ClaimStatus::NotTestable
    } else {
        ClaimStatus::Compatible
    }
}

/// A group's figure, or None when the guardrails say the group has too little data for it.
fn group_figure(
    g: &GroupReport,
    metric: Metric,
    interval: IntervalKind,
) -> Option<(f64, [f64; 2])> {
    let rate = |r: &crate::metrics::subgroups::Rate| {
        let ci = match interval {
            IntervalKind::ClopperPearson => r.clopper_pearson,
            _ => r.wilson,
        };
        (r.estimate, ci)
    };
    let (gate, figure) = match metric {
        Metric::Sensitivity => (g.gates.sensitivity, rate(&g.tpr)),
        Metric::Specificity => (g.gates.specificity, rate(&g.tnr)),
        Metric::Ppv => (g.status, rate(&g.ppv)),
        Metric::Npv => (g.status, rate(&g.npv)),
        Metric::Accuracy => (g.status, rate(&g.accuracy)),
        Metric::Auc => (g.gates.auc, (g.auc.auc, g.auc.ci)),
        _ => return None, // refused by Plan::validate
    };
    (gate == Status::Ok).then_some(figure)
}

/// Judges the worst subgroup with enough data: the lowest judged value for a `min` criterion,
/// the highest for a `max`. Groups below the guardrails are never judged, so a small group can
/// neither pass nor fail a criterion; if no group qualifies the criterion is inconclusive.
fn judge_worst_subgroup(
    c: &Criterion,
    interval: IntervalKind,
    subgroups: &[AttributeReport],
) -> CriterionResult {
    let judged_value = |(estimate, [lo, hi]): (f64, [f64; 2])| match c.bound {
        Bound::Estimate => estimate,
        Bound::CiLow => lo,
        Bound::CiHigh => hi,
    };
    let candidates = subgroups.iter().flat_map(|a| {
        a.groups
            .iter()
            .filter_map(move |g| group_figure(g, c.metric, interval).map(|f| (a, g, f)))
    });
    let worst = if c.min.is_some() {
        candidates.min_by(|x, y| judged_value(x.2).total_cmp(&judged_value(y.2)))
    } else {
        candidates.max_by(|x, y| judged_value(x.2).total_cmp(&judged_value(y.2)))
    };
    match worst {
        Some((a, g, (estimate, ci))) => {
            let mut r = judge_figure(c, interval, estimate, ci);
            r.explanation = format!(
                "worst subgroup {} = {}: {}",
                a.attribute, g.group, r.explanation
            );
            r.subgroup = Some(format!("{} = {}", a.attribute, g.group));
            r
        }
        None => {
            let mut r = judge_figure(c, interval, f64::NAN, [f64::NAN; 2]);
            r.explanation = format!(
                "no subgroup has enough data to judge {} (see the guardrails min_group_n, min_group_positives, min_group_negatives)",
                c.metric
            );
            r
        }
    }
}

/// What a criterion judges, for its explanation: the metric ("sensitivity"), a segmentation
/// figure's statistic ("mean dice"), or the share within a tolerance ("share with hd95 ≤ 10").
fn subject(c: &Criterion) -> String {
    match (c.statistic, c.figure.as_deref(), c.tolerance) {
        (_, Some(figure), Some(tolerance)) => {
            let side = if crate::plan::segmentation::higher_is_better(figure) {
                "≥"
            } else {
                "≤"
            };
            format!("share with {figure} {side} {tolerance}")
        }
        (Some(statistic), ..) => format!("{} {}", statistic.name(), c.metric),
        _ => c.metric.to_string(),
    }
}

pub(crate) fn judge_figure(
    c: &Criterion,
    interval: IntervalKind,
    estimate: f64,
    ci: [f64; 2],
) -> CriterionResult {
    let [lo, hi] = ci;
    let judged = match c.bound {
        Bound::Estimate => estimate,
        Bound::CiLow => lo,
        Bound::CiHigh => hi,
    };
    let finite = |x: f64| x.is_finite().then_some(x);
    let subject = subject(c);
    let bound_name = match c.bound {
        Bound::Estimate => "estimate".to_string(),
        Bound::CiLow => format!("lower {} bound", interval.name()),
        Bound::CiHigh => format!("upper {} bound", interval.name()),
    };
    let (verdict, explanation) = if !judged.is_finite() {
        (
            Verdict::Inconclusive,
            format!("{subject} cannot be estimated on this cohort"),
        )
    } else if let Some(min) = c.min {
        if judged >= min {
            (
                Verdict::Pass,
                format!("{subject} {bound_name} {judged:.4} ≥ {min}"),
            )
        } else if hi < min {
            (
                Verdict::Fail,
                format!("{subject} interval [{lo:.4}, {hi:.4}] lies wholly below {min}",),
            )
        } else {
            (
                Verdict::Inconclusive,
                format!(
                    "{subject} {bound_name} {judged:.4} < {min}, but the interval [{lo:.4}, {hi:.4}] reaches it: more cases are needed to decide",
                ),
            )
        }
    } else {
        let max = c.max.expect("validated: min or max");
        if judged <= max {
            (
                Verdict::Pass,
                format!("{subject} {bound_name} {judged:.4} ≤ {max}"),
            )
        } else if lo > max {
            (
                Verdict::Fail,
                format!("{subject} interval [{lo:.4}, {hi:.4}] lies wholly above {max}",),
            )
        } else {
            (
                Verdict::Inconclusive,
                format!(
                    "{subject} {bound_name} {judged:.4} > {max}, but the interval [{lo:.4}, {hi:.4}] reaches it: more cases are needed to decide",
                ),
            )
        }
    };
    CriterionResult {
        metric: c.metric,
        subgroup: None,
        bound: c.bound,
        min: c.min,
        max: c.max,
        interval,
        estimate: finite(estimate),
        ci: [finite(lo), finite(hi)],
        judged: finite(judged),
        verdict,
        explanation,
        structure: None,
        statistic: None,
        figure: None,
        tolerance: None,
        fp_rate: None,
        finding: None,
        confidence: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::{AucMetric, BrierMetric, Metrics, ProportionMetric};

    fn metrics(sens_ci: [f64; 2]) -> Metrics {
        let p = |ci: [f64; 2]| ProportionMetric {
            estimate: (ci[0] + ci[1]) / 2.0,
            x: 1,
            n: 2,
            wilson: ci,
            clopper_pearson: [ci[0] - 0.01, ci[1] + 0.01],
            interval_method: None,
            clustering: None,
        };
        Metrics {
            sensitivity: p(sens_ci),
            specificity: p([0.5, 0.6]),
            ppv: p([f64::NAN, f64::NAN]),
            npv: p([0.5, 0.6]),
            accuracy: p([0.5, 0.6]),
            auc: AucMetric {
                estimate: 0.8,
                se: 0.05,
                delong: [0.7, 0.9],
                bootstrap: [0.69, 0.91],
                interval_method: None,
                clustering: None,
            },
            brier: BrierMetric {
                estimate: 0.1,
                bootstrap: [0.08, 0.12],
            },
        }
    }

    fn crit(metric: Metric, bound: Bound, min: Option<f64>, max: Option<f64>) -> Criterion {
        Criterion {
            metric,
            bound,
            min,
            max,
            interval: None,
            subgroup: None,
            structure: None,
            statistic: None,
            figure: None,
            tolerance: None,
            fp_rate: None,
            finding: None,
        }
    }

    fn judge_one(c: &Criterion, interval: IntervalKind, m: &Metrics) -> CriterionResult {
        let f = crate::metric::info(c.metric).figure_of(m, None, interval);
        judge_figure(c, interval, f.estimate, f.interval)
    }

    fn one(c: Criterion, interval: IntervalKind, m: &Metrics) -> Verdict {
        judge_one(&c, interval, m).verdict
    }

    #[test]
    fn lower_bound_decides_pass_fail_and_inconclusive() {
        let c = || crit(Metric::Sensitivity, Bound::CiLow, Some(0.85), None);
        let w = IntervalKind::Wilson;
        assert_eq!(one(c(), w, &metrics([0.86, 0.95])), Verdict::Pass);
        assert_eq!(
            one(c(), w, &metrics([0.85, 0.95])),
            Verdict::Pass,
            "the limit itself passes"
        );
        assert_eq!(one(c(), w, &metrics([0.70, 0.84])), Verdict::Fail);
        assert_eq!(one(c(), w, &metrics([0.80, 0.90])), Verdict::Inconclusive);
        // Clopper–Pearson is wider here: 0.85 is inside [0.85, 0.96]-0.01.
        assert_eq!(
            one(c(), IntervalKind::ClopperPearson, &metrics([0.85, 0.95])),
            Verdict::Inconclusive
        );
    }

    #[test]
    fn max_criteria_mirror_min_criteria() {
        let m = metrics([0.8, 0.9]);
        let c = |max| crit(Metric::Brier, Bound::CiHigh, None, Some(max));
        let b = IntervalKind::Bootstrap;
        assert_eq!(one(c(0.12), b, &m), Verdict::Pass);
        assert_eq!(one(c(0.10), b, &m), Verdict::Inconclusive);
        assert_eq!(one(c(0.07), b, &m), Verdict::Fail);
    }

    #[test]
    fn an_estimate_below_the_limit_with_an_interval_across_it_is_inconclusive() {
        let m = metrics([0.8, 0.9]);
        let c = crit(Metric::Auc, Bound::Estimate, Some(0.85), None);
        assert_eq!(one(c, IntervalKind::Delong, &m), Verdict::Inconclusive);
        let c = crit(Metric::Auc, Bound::Estimate, Some(0.75), None);
        assert_eq!(one(c, IntervalKind::Delong, &m), Verdict::Pass);
    }

    #[test]
    fn a_figure_that_cannot_be_estimated_is_inconclusive() {
        let c = crit(Metric::Ppv, Bound::CiLow, Some(0.5), None);
        let r = judge_one(&c, IntervalKind::Wilson, &metrics([0.8, 0.9]));
        assert_eq!(r.verdict, Verdict::Inconclusive);
        assert_eq!(r.judged, None);
    }

    #[test]
    fn a_claim_inside_a_wide_interval_is_not_testable() {
        // The imaging demo: sensitivity 0.667 [0.454, 0.828] against a claimed 0.80.
        assert_eq!(claim_status(0.80, [0.454, 0.828]), ClaimStatus::NotTestable);
        // Narrow enough: 0.75 lies outside, so a shortfall of 0.05 would have shown.
        assert_eq!(claim_status(0.80, [0.76, 0.85]), ClaimStatus::Compatible);
        assert_eq!(claim_status(0.80, [0.80, 0.85]), ClaimStatus::Compatible);
        // The margin itself inside the interval: not testable.
        assert_eq!(claim_status(0.80, [0.75, 0.85]), ClaimStatus::NotTestable);
        assert_eq!(claim_status(0.80, [0.60, 0.79]), ClaimStatus::BelowClaim);
        assert_eq!(claim_status(0.80, [0.81, 0.90]), ClaimStatus::AboveClaim);
        assert_eq!(
            claim_status(0.80, [f64::NAN, 0.9]),
            ClaimStatus::NotEstimable
        );
    }

    /// A plan with `[analysis] max_model_exclusions = limit`, judged `verdict`, and `n` of
    /// `units` excluded for `reason`.
    fn limited(
        limit: f64,
        verdict: Verdict,
        units: usize,
        n: usize,
        reason: crate::cohort::ExclusionReason,
    ) -> Acceptance {
        let text = format!(
            "[study]\nname = \"t\"\nintended_use = \"u\"\n[predictions]\npath = \"c.csv\"\nid = \"id\"\nscore = \"s\"\n[cohort]\nkind = \"csv\"\npath = \"c.csv\"\nid = \"id\"\nlabel = \"y\"\npositive = 1\n[analysis]\nmax_model_exclusions = {limit}\n[[acceptance]]\nmetric = \"auc\"\nmin = 0.7\n"
        );
        let plan = Plan::parse(
            &text,
            std::path::Path::new("plan.toml"),
            std::path::PathBuf::from("/"),
        )
        .unwrap();
        let excluded: Vec<crate::cohort::Exclusion> = (0..n)
            .map(|i| crate::cohort::Exclusion {
                id: format!("c{i}"),
                line: None,
                file: None,
                reason,
                detail: String::new(),
            })
            .collect();
        let mut a = Acceptance {
            verdict,
            criteria: Vec::new(),
            model_exclusions: None,
        };
        limit_model_exclusions(&mut a, &plan, units, &excluded);
        a
    }

    #[test]
    fn model_exclusions_over_the_limit_make_any_verdict_inconclusive() {
        use crate::cohort::ExclusionReason as R;
        // 5 of 100 is the limit itself: the criteria decide.
        let a = limited(0.05, Verdict::Pass, 100, 5, R::BadScore);
        assert_eq!(a.verdict, Verdict::Pass);
        let m = a.model_exclusions.unwrap();
        assert_eq!((m.units, m.excluded, m.over_limit), (100, 5, false));
        // One more is over it, whatever the criteria said.
        for (reason, was) in [
            (R::BadScore, Verdict::Pass),
            (R::Timeout, Verdict::Fail),
            (R::InferenceFailed, Verdict::Pass),
            (R::Unscorable, Verdict::Inconclusive),
        ] {
            let a = limited(0.05, was, 100, 6, reason);
            assert_eq!(a.verdict, Verdict::Inconclusive, "{reason:?}");
            assert!(a.model_exclusions.unwrap().over_limit);
        }
        // A limit of 0 allows none; 1 allows all.
        assert_eq!(
            limited(0.0, Verdict::Pass, 1000, 1, R::BadScore).verdict,
            Verdict::Inconclusive
        );
        assert_eq!(
            limited(1.0, Verdict::Pass, 10, 9, R::BadScore).verdict,
            Verdict::Pass
        );
        // The cohort's own problems are not the model's.
        for reason in [R::BadFeature, R::NoScore, R::MissingLabel, R::DecodeError] {
            let a = limited(0.05, Verdict::Pass, 100, 50, reason);
            assert_eq!(a.verdict, Verdict::Pass, "{reason:?}");
            assert!(a.model_exclusions.is_none());
        }
    }

    #[test]
    fn fail_outranks_inconclusive_outranks_pass() {
        assert!(Verdict::Fail > Verdict::Inconclusive && Verdict::Inconclusive > Verdict::Pass);
    }
}
