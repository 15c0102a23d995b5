//! Performance per subgroup (sex, age band, site, scanner …), disparities between groups, and
//! fairness summaries.
//!
//! Why: a vendor model validated on the whole cohort can still fail one group of patients; a
//! hospital must see each group's figures with their uncertainty, and which gaps are larger than
//! chance, without being misled by groups too small to say anything.
//!
//! Conventions, decided here and nowhere else:
//!
//! * **Groups.** One group per distinct attribute value. An empty (or whitespace-only) value is
//!   its own group, [`MISSING_GROUP`] = "(missing)"; a real value spelled "(missing)" joins it.
//!   Groups are listed in byte order of their names, "(missing)" last. Intersections of several
//!   attributes are built with [`intersect`] ("Female × 40-59").
//! * **Per-group figures** are always computed and reported, for every group, whatever its size:
//!   the confusion matrix at `score >= threshold` (as `Confusion::at_threshold`); TPR, FPR, TNR,
//!   FNR, PPV, NPV, accuracy and selection rate, each with Wilson and Clopper–Pearson intervals;
//!   AUC with its DeLong interval (clipped to [0, 1], as pROC); the Brier score. A figure with an
//!   empty denominator is NaN (JSON null), never 0: TPR/FNR without positives, FPR/TNR without
//!   negatives, PPV without predicted positives, NPV without predicted negatives, AUC without
//!   both classes; the DeLong variance/interval also needs ≥ 2 cases of each class.
//! * **Guardrails** ([`SubgroupOptions`]) decide which figures may be *tested* (compared with
//!   another group, flagged, chosen as the best group). They never hide a figure.
//!
//!   | guardrail (default) | gates | because |
//!   |---|---|---|
//!   | `min_group_n` (30) | every comparison of the group: sensitivity, specificity, AUC | any rate on fewer cases is too noisy to act on |
//!   | `min_group_positives` (5) | sensitivity-type comparisons: sensitivity (TPR, and FNR = 1 − TPR) and AUC | their denominator (or the DeLong V10 sum) is the positives |
//!   | `min_group_negatives` (5) | specificity-type comparisons: specificity (TNR, and FPR = 1 − TNR) and AUC | their denominator (or the V01 sum) is the negatives |
//!
//!   A group's `status` is "ok" only when all three hold; `gates` says per metric family whether
//!   that family is tested, and `reasons` names each failed guardrail. So a group of 200 cases with
//!   3 positives is "insufficient", yet its specificity is still compared with the rest.
//!   Selection rate, PPV, NPV, accuracy and Brier are descriptive only (never tested), and the
//!   fairness summaries use every group (with the insufficient ones listed next to them).
//! * **Disparities** (group − reference; negative = the group does worse):
//!   - *vs the rest*: the group against all other cases of the cohort (independent samples).
//!     Sensitivity and specificity: the difference of two independent proportions with
//!     Newcombe's hybrid score interval (Newcombe 1998, method 10: Wilson limits of each
//!     proportion combined by square-and-add; statsmodels `confint_proportions_2indep(...,
//!     method="newcomb")`), and the p-value of the pooled two-proportion z-test (statsmodels
//!     `proportions_ztest`, = Pearson χ² without continuity correction). When both proportions
//!     are equal and the pooled variance is 0 (e.g. 100 % vs 100 %) we set p = 1 where statsmodels
//!     gives NaN. AUC: unpaired DeLong test with Welch-type df (pROC), interval on the same t
//!     reference.
//!   - *vs the best group*: the same methods against the tested group with the highest estimate
//!     (first in group order on ties). Descriptive: not flagged, no Holm correction.
//! * **"Significantly worse"**: for each metric family, the vs-rest p-values of the groups tested
//!   for it form one Holm family (per attribute, per metric); a group is flagged when its
//!   Holm-adjusted p < α = 1 − confidence *and* its difference is negative. Two-sided tests.
//! * **Fairness** ([`Fairness`]): demographic parity and equalized odds as in fairlearn with
//!   agg="worst_case" and method="between_groups": difference = max over groups − min over groups,
//!   ratio = min / max, equalized odds = worst of {TPR, FPR}. CONVENTION: a group without
//!   positives has no TPR (without negatives, no FPR). fairlearn sets such a rate to 0; we leave
//!   the group out of that rate and list it in `excluded`. Both numbers are reported:
//!   `Fairness::{…}` is ours, `Fairness::fairlearn_compatible` reproduces fairlearn exactly.
//!   Ours: a difference/ratio needs ≥ 2 groups with the rate defined (else NaN); a ratio of
//!   equal rates is 1 (so 0/0 = 1: no group is treated differently); equalized odds is NaN if
//!   either of its two terms is.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::clustered::{Clusters, confusion_by_patient, obuchowski, ratio_proportion};
use super::compare::{holm, unpaired_of};
use super::intervals::wilson_effective;
use super::roc::delong;
use super::{Confusion, Proportion, brier, check_inputs, nullable};
use statrs::distribution::{ContinuousCDF, Normal};

/// Name of the group of cases whose attribute value is empty.
pub const MISSING_GROUP: &str = "(missing)";

/// Joins attribute values in the name of an intersection group.
pub const INTERSECTION_SEPARATOR: &str = " × ";

/// Settings of [`subgroup_report`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SubgroupOptions {
    /// Positive call when `score >= threshold`.
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub threshold: f64,
    /// Level of every interval; the significance level of the flags is α = 1 − confidence.
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub confidence: f64,
    /// Smallest group that is tested at all.
    pub min_group_n: u64,
    /// Fewest positives for sensitivity-type (TPR, FNR) and AUC comparisons.
    pub min_group_positives: u64,
    /// Fewest negatives for specificity-type (TNR, FPR) and AUC comparisons.
    pub min_group_negatives: u64,
}

impl Default for SubgroupOptions {
    fn default() -> Self {
        SubgroupOptions {
            threshold: 0.5,
            confidence: 0.95,
            min_group_n: 30,
            min_group_positives: 5,
            min_group_negatives: 5,
        }
    }
}

/// Whether a group (or one metric family of it) passes the guardrails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Insufficient,
}

impl Status {
    fn of(ok: bool) -> Status {
        if ok { Status::Ok } else { Status::Insufficient }
    }

    pub fn is_ok(self) -> bool {
        self == Status::Ok
    }
}

/// One value per tested metric family.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PerMetric<T> {
    pub sensitivity: T,
    pub specificity: T,
    pub auc: T,
}

impl<T> PerMetric<T> {
    /// Sensitivity, specificity, AUC, in that order.
    fn each_mut(&mut self) -> [&mut T; 3] {
        [&mut self.sensitivity, &mut self.specificity, &mut self.auc]
    }
}

/// A proportion with its two intervals (NaN when `n == 0`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Rate {
    pub x: u64,
    pub n: u64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub estimate: f64,
    #[serde(with = "nullable::pair")]
    #[schemars(with = "[Option<f64>; 2]")]
    pub wilson: [f64; 2],
    #[serde(with = "nullable::pair")]
    #[schemars(with = "[Option<f64>; 2]")]
    pub clopper_pearson: [f64; 2],
}

impl Rate {
    /// A clustered proportion's figures (`metrics::clustered::ratio_proportion`): the intervals
    /// at the effective sample size.
    pub fn clustered(c: &super::ClusteredProportion) -> Rate {
        Rate {
            x: c.x,
            n: c.n,
            estimate: c.estimate,
            wilson: c.wilson,
            clopper_pearson: c.clopper_pearson,
        }
    }

    /// x/n with its Wilson and Clopper–Pearson intervals at `confidence`.
    pub fn of(x: u64, n: u64, confidence: f64) -> Rate {
        let p = Proportion { x, n };
        let (wl, wh) = p.wilson(confidence);
        let (cl, ch) = p.clopper_pearson(confidence);
        Rate {
            x,
            n,
            estimate: p.estimate(),
            wilson: [wl, wh],
            clopper_pearson: [cl, ch],
        }
    }
}

/// AUC with DeLong variance and interval (as `roc::delong` / `DeLong::ci`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AucEstimate {
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub auc: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub variance: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub se: f64,
    #[serde(with = "nullable::pair")]
    #[schemars(with = "[Option<f64>; 2]")]
    pub ci: [f64; 2],
}

/// A difference between a group and a reference (the rest, or the best group).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Comparison {
    /// The group's figure.
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub estimate: f64,
    /// The reference's figure.
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub reference: f64,
    /// estimate − reference.
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub difference: f64,
    /// Newcombe hybrid score interval (proportions) or DeLong/Welch-t interval (AUC).
    #[serde(with = "nullable::pair")]
    #[schemars(with = "[Option<f64>; 2]")]
    pub ci: [f64; 2],
    /// Two-sided, unadjusted: pooled z-test (proportions) or unpaired DeLong (AUC).
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub p_value: f64,
}

/// A vs-rest comparison that took part in the Holm family of its metric.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Tested {
    pub comparison: Comparison,
    /// Holm-adjusted p-value across the groups tested for this metric (NaN if p is NaN).
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub p_holm: f64,
    /// `p_holm < 1 − confidence` and `difference < 0`.
    pub significantly_worse: bool,
}

/// Everything about one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GroupReport {
    pub group: String,
    pub n: u64,
    pub n_positive: u64,
    pub n_negative: u64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub prevalence: f64,
    pub confusion: Confusion,
    /// Sensitivity, tp / positives.
    pub tpr: Rate,
    /// fp / negatives.
    pub fpr: Rate,
    /// Specificity, tn / negatives.
    pub tnr: Rate,
    /// fn / positives.
    pub fnr: Rate,
    pub ppv: Rate,
    pub npv: Rate,
    pub accuracy: Rate,
    /// Predicted positive / n.
    pub selection_rate: Rate,
    pub auc: AucEstimate,
    /// Meaningful only when scores are probabilities.
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub brier: f64,
    /// "ok" iff all guardrails hold.
    pub status: Status,
    /// Which metric families are tested (see the module docs).
    pub gates: PerMetric<Status>,
    /// One sentence per failed guardrail.
    pub reasons: Vec<String>,
    /// None when the family is gated.
    pub vs_rest: PerMetric<Option<Tested>>,
    /// None when the family is gated, or for the best group itself.
    pub vs_best: PerMetric<Option<Comparison>>,
}

/// A group left out of one rate of our fairness figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Excluded {
    pub group: String,
    /// "tpr" (no positives) or "fpr" (no negatives).
    pub rate: String,
}

/// fairlearn's figures, reproduced exactly (undefined TPR/FPR counted as 0).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FairlearnFairness {
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub demographic_parity_difference: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub demographic_parity_ratio: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub equal_opportunity_difference: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub equalized_odds_difference: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub equalized_odds_ratio: f64,
}

/// Fairness summaries of one attribute at the threshold (see the module docs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Fairness {
    /// max − min selection rate over groups.
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub demographic_parity_difference: f64,
    /// min / max selection rate.
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub demographic_parity_ratio: f64,
    /// max − min TPR over groups with positives.
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub equal_opportunity_difference: f64,
    /// max(TPR difference, FPR difference).
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub equalized_odds_difference: f64,
    /// min(TPR ratio, FPR ratio).
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub equalized_odds_ratio: f64,
    /// Groups left out of a rate because it is undefined for them.
    pub excluded: Vec<Excluded>,
    /// Groups included although their status is "insufficient".
    pub insufficient_groups: Vec<String>,
    pub fairlearn_compatible: FairlearnFairness,
}

/// Per-group figures, disparities and fairness for one attribute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AttributeReport {
    pub attribute: String,
    pub options: SubgroupOptions,
    pub groups: Vec<GroupReport>,
    /// The reference group of `vs_best`, per metric (None if no group is tested).
    pub best: PerMetric<Option<String>>,
    pub fairness: Fairness,
}

/// Combined group values of several attribute columns, e.g. "Female × 40-59"; an empty
/// component becomes "(missing)" inside the name. No columns gives an empty vector.
///
/// # Panics
/// If the columns differ in length.
pub fn intersect(columns: &[&[String]]) -> Vec<String> {
    let Some(first) = columns.first() else {
        return Vec::new();
    };
    assert!(
        columns.iter().all(|c| c.len() == first.len()),
        "attribute columns must have the same length"
    );
    (0..first.len())
        .map(|i| {
            columns
                .iter()
                .map(|c| group_name(&c[i]))
                .collect::<Vec<_>>()
                .join(INTERSECTION_SEPARATOR)
        })
        .collect()
}

fn group_name(value: &str) -> &str {
    if value.trim().is_empty() {
        MISSING_GROUP
    } else {
        value
    }
}

/// Cases of one group, and of everyone else (with their patients, when clustered).
struct Split {
    labels: Vec<bool>,
    scores: Vec<f64>,
    rest_labels: Vec<bool>,
    rest_scores: Vec<f64>,
    clusters: Option<Clusters>,
    rest_clusters: Option<Clusters>,
}

/// Sensitivity and specificity as (successes, trials) for the tests: the counts, or with
/// patients Rao & Scott's (1992) effective counts (x/deff, n/deff), on which the usual
/// independent-sample methods are then applied.
fn effective(
    labels: &[bool],
    scores: &[f64],
    clusters: Option<&Clusters>,
    o: &SubgroupOptions,
) -> [(f64, f64); 2] {
    match clusters {
        None => {
            let c = Confusion::at_threshold(labels, scores, o.threshold);
            let f = |p: Proportion| (p.x as f64, p.n as f64);
            [f(c.sensitivity()), f(c.specificity())]
        }
        Some(k) => {
            let per = confusion_by_patient(labels, scores, o.threshold, k);
            let f = |g: fn(&Confusion) -> Proportion| {
                let parts: Vec<Proportion> = per.iter().map(g).collect();
                let r = ratio_proportion(&parts, o.confidence);
                (r.x as f64 / r.design_effect, r.n_effective)
            };
            [f(Confusion::sensitivity), f(Confusion::specificity)]
        }
    }
}

/// AUC with DeLong's variance, or Obuchowski's with patients, and the sample size the
/// unpaired test's df counts (cases, or patients).
fn auc_of(labels: &[bool], scores: &[f64], clusters: Option<&Clusters>) -> (super::DeLong, f64) {
    match clusters {
        None => (delong(labels, scores), labels.len() as f64),
        Some(k) => (obuchowski(labels, scores, k), k.count as f64),
    }
}

/// Per-group figures, disparities vs the rest and vs the best group, Holm-corrected flags and
/// fairness summaries for one attribute (see the module docs for every convention).
///
/// `groups[i]` is case i's value of the attribute. Never panics on small or one-class groups
/// (their figures are NaN); an empty cohort gives no groups and NaN fairness figures.
///
/// # Panics
/// If the three slices differ in length or a score is not finite.
pub fn subgroup_report(
    attribute: &str,
    labels: &[bool],
    scores: &[f64],
    groups: &[String],
    options: &SubgroupOptions,
) -> AttributeReport {
    subgroup_report_clustered(attribute, labels, scores, groups, None, options)
}

/// [`subgroup_report`] with each case's patient: every group's intervals are patient-level
/// (`metrics::clustered`: Obuchowski's AUC variance, the ratio estimator's Wilson and
/// Clopper–Pearson at the effective sample size) and the tests against the rest and the best
/// group use Rao & Scott's (1992) effective counts (proportions) and Obuchowski's variances with
/// patients as the df's sample sizes (AUC). A patient with units in two groups is counted in
/// both, and the two sides are treated as independent, as the unclustered tests do.
/// `None` is exactly [`subgroup_report`].
pub fn subgroup_report_clustered(
    attribute: &str,
    labels: &[bool],
    scores: &[f64],
    groups: &[String],
    clusters: Option<&Clusters>,
    options: &SubgroupOptions,
) -> AttributeReport {
    check_inputs(labels, scores);
    assert_eq!(
        groups.len(),
        labels.len(),
        "one group value per case is needed"
    );
    let conf = options.confidence;

    // Group membership, in report order.
    let mut members: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, g) in groups.iter().enumerate() {
        members.entry(group_name(g)).or_default().push(i);
    }
    let mut names: Vec<&str> = members.keys().copied().collect();
    if let Some(pos) = names.iter().position(|&g| g == MISSING_GROUP) {
        let missing = names.remove(pos);
        names.push(missing);
    }

    let mut reports = Vec::with_capacity(names.len());
    let mut splits = Vec::with_capacity(names.len());
    for &name in &names {
        let idx = &members[name];
        let mut inside = vec![false; labels.len()];
        for &i in idx {
            inside[i] = true;
        }
        let mut s = Split {
            labels: Vec::with_capacity(idx.len()),
            scores: Vec::with_capacity(idx.len()),
            rest_labels: Vec::with_capacity(labels.len() - idx.len()),
            rest_scores: Vec::with_capacity(labels.len() - idx.len()),
            clusters: clusters.map(|k| k.select(&inside)),
            rest_clusters: clusters
                .map(|k| k.select(&inside.iter().map(|i| !i).collect::<Vec<_>>())),
        };
        for i in 0..labels.len() {
            if inside[i] {
                s.labels.push(labels[i]);
                s.scores.push(scores[i]);
            } else {
                s.rest_labels.push(labels[i]);
                s.rest_scores.push(scores[i]);
            }
        }
        reports.push(describe(name, &s, options));
        splits.push(s);
    }

    // vs the rest, per metric, then Holm per metric over the tested groups.
    let counts: Vec<[(f64, f64); 2]> = splits
        .iter()
        .map(|s| effective(&s.labels, &s.scores, s.clusters.as_ref(), options))
        .collect();
    for ((r, s), c) in reports.iter_mut().zip(&splits).zip(&counts) {
        let rest = effective(
            &s.rest_labels,
            &s.rest_scores,
            s.rest_clusters.as_ref(),
            options,
        );
        let untested = |c| Tested {
            comparison: c,
            p_holm: f64::NAN,
            significantly_worse: false,
        };
        if r.gates.sensitivity.is_ok() {
            let cmp = compare_effective(c[0], rest[0], conf);
            r.vs_rest.sensitivity = Some(untested(cmp));
        }
        if r.gates.specificity.is_ok() {
            let cmp = compare_effective(c[1], rest[1], conf);
            r.vs_rest.specificity = Some(untested(cmp));
        }
        if r.gates.auc.is_ok() {
            let cmp = compare_aucs(
                auc_of(&s.labels, &s.scores, s.clusters.as_ref()),
                auc_of(&s.rest_labels, &s.rest_scores, s.rest_clusters.as_ref()),
                conf,
            );
            r.vs_rest.auc = Some(untested(cmp));
        }
    }
    let alpha = 1.0 - conf;
    for k in 0..3 {
        let p: Vec<f64> = reports
            .iter_mut()
            .map(|r| r.vs_rest.each_mut()[k].map_or(f64::NAN, |t| t.comparison.p_value))
            .collect();
        let adjusted = holm(&p);
        for (r, q) in reports.iter_mut().zip(adjusted) {
            if let Some(t) = r.vs_rest.each_mut()[k] {
                t.p_holm = q;
                t.significantly_worse = q < alpha && t.comparison.difference < 0.0;
            }
        }
    }

    // vs the best tested group.
    let best_of = |value: &dyn Fn(&GroupReport) -> f64, gate: &dyn Fn(&GroupReport) -> Status| {
        let mut best: Option<usize> = None;
        for (i, r) in reports.iter().enumerate() {
            let v = value(r);
            if gate(r).is_ok() && !v.is_nan() && best.is_none_or(|b| v > value(&reports[b])) {
                best = Some(i);
            }
        }
        best
    };
    let best = PerMetric {
        sensitivity: best_of(&|r| r.tpr.estimate, &|r| r.gates.sensitivity),
        specificity: best_of(&|r| r.tnr.estimate, &|r| r.gates.specificity),
        auc: best_of(&|r| r.auc.auc, &|r| r.gates.auc),
    };
    let aucs: Vec<(super::DeLong, f64)> = splits
        .iter()
        .map(|s| auc_of(&s.labels, &s.scores, s.clusters.as_ref()))
        .collect();
    for i in 0..reports.len() {
        let r = &reports[i];
        let sensitivity = match best.sensitivity {
            Some(b) if b != i && r.gates.sensitivity.is_ok() => {
                Some(compare_effective(counts[i][0], counts[b][0], conf))
            }
            _ => None,
        };
        let specificity = match best.specificity {
            Some(b) if b != i && r.gates.specificity.is_ok() => {
                Some(compare_effective(counts[i][1], counts[b][1], conf))
            }
            _ => None,
        };
        let auc = match best.auc {
            Some(b) if b != i && r.gates.auc.is_ok() => Some(compare_aucs(aucs[i], aucs[b], conf)),
            _ => None,
        };
        reports[i].vs_best = PerMetric {
            sensitivity,
            specificity,
            auc,
        };
    }
    let name_of = |b: Option<usize>| b.map(|b| reports[b].group.clone());
    let best = PerMetric {
        sensitivity: name_of(best.sensitivity),
        specificity: name_of(best.specificity),
        auc: name_of(best.auc),
    };

    let fairness = fairness(&reports);
    AttributeReport {
        attribute: attribute.to_string(),
        options: *options,
        groups: reports,
        best,
        fairness,
    }
}

/// The descriptive figures and guardrail status of one group.
fn describe(name: &str, s: &Split, o: &SubgroupOptions) -> GroupReport {
    let conf = o.confidence;
    let c = Confusion::at_threshold(&s.labels, &s.scores, o.threshold);
    let n = s.labels.len() as u64;
    let (pos, neg) = (c.tp + c.fn_, c.tn + c.fp);
    let (d, _) = auc_of(&s.labels, &s.scores, s.clusters.as_ref());
    let (lo, hi) = d.ci(conf);
    // With patients, every rate is the ratio estimator over the group's patients.
    let per = s
        .clusters
        .as_ref()
        .map(|k| confusion_by_patient(&s.labels, &s.scores, o.threshold, k));
    let rate = |x: u64, n: u64, part: fn(&Confusion) -> (u64, u64)| match &per {
        None => Rate::of(x, n, conf),
        Some(per) => {
            let parts: Vec<Proportion> = per
                .iter()
                .map(|k| {
                    let (x, n) = part(k);
                    Proportion { x, n }
                })
                .collect();
            Rate::clustered(&ratio_proportion(&parts, conf))
        }
    };

    let mut reasons = Vec::new();
    let enough_n = n >= o.min_group_n;
    if !enough_n {
        reasons.push(format!(
            "n = {n} < min_group_n = {}: no comparison is tested",
            o.min_group_n
        ));
    }
    let enough_pos = pos >= o.min_group_positives;
    if !enough_pos {
        reasons.push(format!(
            "positives = {pos} < min_group_positives = {}: sensitivity (TPR, FNR) and AUC are not tested",
            o.min_group_positives
        ));
    }
    let enough_neg = neg >= o.min_group_negatives;
    if !enough_neg {
        reasons.push(format!(
            "negatives = {neg} < min_group_negatives = {}: specificity (TNR, FPR) and AUC are not tested",
            o.min_group_negatives
        ));
    }

    GroupReport {
        group: name.to_string(),
        n,
        n_positive: pos,
        n_negative: neg,
        prevalence: Proportion { x: pos, n }.estimate(),
        confusion: c,
        tpr: rate(c.tp, pos, |k| (k.tp, k.tp + k.fn_)),
        fpr: rate(c.fp, neg, |k| (k.fp, k.fp + k.tn)),
        tnr: rate(c.tn, neg, |k| (k.tn, k.tn + k.fp)),
        fnr: rate(c.fn_, pos, |k| (k.fn_, k.tp + k.fn_)),
        ppv: rate(c.tp, c.tp + c.fp, |k| (k.tp, k.tp + k.fp)),
        npv: rate(c.tn, c.tn + c.fn_, |k| (k.tn, k.tn + k.fn_)),
        accuracy: rate(c.tp + c.tn, n, |k| {
            (k.tp + k.tn, k.tp + k.tn + k.fp + k.fn_)
        }),
        selection_rate: rate(c.tp + c.fp, n, |k| {
            (k.tp + k.fp, k.tp + k.tn + k.fp + k.fn_)
        }),
        auc: AucEstimate {
            auc: d.auc,
            variance: d.variance,
            se: d.se,
            ci: [lo, hi],
        },
        brier: brier(&s.labels, &s.scores),
        status: Status::of(enough_n && enough_pos && enough_neg),
        gates: PerMetric {
            sensitivity: Status::of(enough_n && enough_pos),
            specificity: Status::of(enough_n && enough_neg),
            auc: Status::of(enough_n && enough_pos && enough_neg),
        },
        reasons,
        vs_rest: PerMetric {
            sensitivity: None,
            specificity: None,
            auc: None,
        },
        vs_best: PerMetric {
            sensitivity: None,
            specificity: None,
            auc: None,
        },
    }
}

/// p₁ − p₂ of two independent proportions: Newcombe's hybrid score interval and the pooled
/// two-proportion z-test (see the module docs). NaN if either denominator is 0.
pub fn compare_proportions(a: Proportion, b: Proportion, confidence: f64) -> Comparison {
    compare_effective(
        (a.x as f64, a.n as f64),
        (b.x as f64, b.n as f64),
        confidence,
    )
}

/// [`compare_proportions`] on real-valued (successes, trials): Rao & Scott's (1992) effective
/// counts of clustered data. Integer counts give exactly `compare_proportions`.
fn compare_effective(a: (f64, f64), b: (f64, f64), confidence: f64) -> Comparison {
    let estimate = |(x, n): (f64, f64)| if n == 0.0 { f64::NAN } else { x / n };
    let (p1, p2) = (estimate(a), estimate(b));
    let difference = p1 - p2;
    let (l1, u1) = wilson_or_nan(a, confidence);
    let (l2, u2) = wilson_or_nan(b, confidence);
    // statsmodels' arithmetic order (proportion.py, method "newcomb").
    let d_low = ((p1 - l1).powi(2) + (u2 - p2).powi(2)).sqrt();
    let d_upp = ((p2 - l2).powi(2) + (u1 - p1).powi(2)).sqrt();
    Comparison {
        estimate: p1,
        reference: p2,
        difference,
        ci: [difference - d_low, difference + d_upp],
        p_value: pooled_z_p(a, b),
    }
}

fn wilson_or_nan((x, n): (f64, f64), confidence: f64) -> (f64, f64) {
    if n == 0.0 {
        (f64::NAN, f64::NAN)
    } else {
        wilson_effective(x, n, confidence)
    }
}

/// Two-sided p of the pooled z-test, as statsmodels `proportions_ztest([x1, x2], [n1, n2])`,
/// except that equal proportions with zero pooled variance give 1 instead of NaN.
fn pooled_z_p(a: (f64, f64), b: (f64, f64)) -> f64 {
    if a.1 == 0.0 || b.1 == 0.0 {
        return f64::NAN;
    }
    let diff = a.0 / a.1 - b.0 / b.1;
    let pooled = (a.0 + b.0) / (a.1 + b.1);
    let var = pooled * (1.0 - pooled) * (1.0 / a.1 + 1.0 / b.1);
    if var == 0.0 && diff == 0.0 {
        return 1.0;
    }
    let z = diff / var.sqrt();
    2.0 * Normal::standard().cdf(-z.abs())
}

/// AUC of the group − AUC of the reference cases, unpaired DeLong (pROC) with its t interval;
/// each side as (AUC with variance, sample size) from `auc_of`.
fn compare_aucs(
    (da, na): (super::DeLong, f64),
    (db, nb): (super::DeLong, f64),
    confidence: f64,
) -> Comparison {
    let t = unpaired_of(da, db, na, nb);
    Comparison {
        estimate: t.auc_a,
        reference: t.auc_b,
        difference: t.difference,
        ci: t.ci(confidence),
        p_value: t.p_value,
    }
}

/// (max − min, min / max) over defined values; our convention (see the module docs).
fn spread(values: &[f64]) -> (f64, f64) {
    if values.len() < 2 {
        return (f64::NAN, f64::NAN);
    }
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let ratio = if max == min { 1.0 } else { min / max };
    (max - min, ratio)
}

/// fairlearn's (group_max − group_min, group_min / group_max); 0/0 stays NaN as in pandas.
/// fairlearn reports 0 difference and NaN/1 ratio for a single group; no groups give NaN.
fn spread_fairlearn(values: &[f64]) -> (f64, f64) {
    if values.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    (max - min, min / max)
}

/// Python's builtin `max([a, b])` / `min([a, b])` as fairlearn's worst_case aggregation uses
/// them: the first element wins unless the second compares greater (smaller); NaN never does.
fn python_max2(a: f64, b: f64) -> f64 {
    if b > a { b } else { a }
}

fn python_min2(a: f64, b: f64) -> f64 {
    if b < a { b } else { a }
}

fn fairness(groups: &[GroupReport]) -> Fairness {
    let selection: Vec<f64> = groups.iter().map(|g| g.selection_rate.estimate).collect();
    let mut excluded = Vec::new();
    let mut tpr = Vec::new();
    let mut fpr = Vec::new();
    for g in groups {
        if g.n_positive > 0 {
            tpr.push(g.tpr.estimate);
        } else {
            excluded.push(Excluded {
                group: g.group.clone(),
                rate: "tpr".into(),
            });
        }
        if g.n_negative > 0 {
            fpr.push(g.fpr.estimate);
        } else {
            excluded.push(Excluded {
                group: g.group.clone(),
                rate: "fpr".into(),
            });
        }
    }
    let (dpd, dpr) = spread(&selection);
    let (tpr_d, tpr_r) = spread(&tpr);
    let (fpr_d, fpr_r) = spread(&fpr);
    let either_nan = |a: f64, b: f64, f: fn(f64, f64) -> f64| {
        if a.is_nan() || b.is_nan() {
            f64::NAN
        } else {
            f(a, b)
        }
    };

    // fairlearn: an undefined rate is 0 (sklearn confusion_matrix(normalize="true") → nan_to_num).
    let or_zero = |r: &Rate| if r.n == 0 { 0.0 } else { r.estimate };
    let fl_tpr: Vec<f64> = groups.iter().map(|g| or_zero(&g.tpr)).collect();
    let fl_fpr: Vec<f64> = groups.iter().map(|g| or_zero(&g.fpr)).collect();
    let (fl_dpd, fl_dpr) = spread_fairlearn(&selection);
    let (fl_tpr_d, fl_tpr_r) = spread_fairlearn(&fl_tpr);
    let (fl_fpr_d, fl_fpr_r) = spread_fairlearn(&fl_fpr);

    Fairness {
        demographic_parity_difference: dpd,
        demographic_parity_ratio: dpr,
        equal_opportunity_difference: tpr_d,
        equalized_odds_difference: either_nan(tpr_d, fpr_d, f64::max),
        equalized_odds_ratio: either_nan(tpr_r, fpr_r, f64::min),
        excluded,
        insufficient_groups: groups
            .iter()
            .filter(|g| !g.status.is_ok())
            .map(|g| g.group.clone())
            .collect(),
        fairlearn_compatible: FairlearnFairness {
            demographic_parity_difference: fl_dpd,
            demographic_parity_ratio: fl_dpr,
            equal_opportunity_difference: fl_tpr_d,
            // fairlearn's eo MetricFrame lists tpr before fpr.
            equalized_odds_difference: python_max2(fl_tpr_d, fl_fpr_d),
            equalized_odds_ratio: python_min2(fl_tpr_r, fl_fpr_r),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cohort() -> (Vec<bool>, Vec<f64>, Vec<String>) {
        // 120 cases in three groups, scores loosely separating the classes.
        let mut state = 7u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as f64 / (1u64 << 31) as f64
        };
        let (mut y, mut s, mut g) = (Vec::new(), Vec::new(), Vec::new());
        for i in 0..120 {
            let label = next() < 0.4;
            y.push(label);
            s.push(((if label { 0.3 } else { 0.0 }) + 0.7 * next() * 100.0).round() / 100.0);
            g.push(["a", "b", "c"][i % 3].to_string());
        }
        (y, s, g)
    }

    fn close(a: f64, b: f64, what: &str) {
        assert!(
            (a.is_nan() && b.is_nan()) || (a - b).abs() <= 1e-12,
            "{what}: {a} vs {b}"
        );
    }

    /// Every case copied within its own patient: the patient-level report has the original's
    /// intervals and tests (deff = 2 exactly, n_eff = n; Obuchowski = DeLong; df by patients).
    #[test]
    fn duplicated_cases_give_the_original_report() {
        let (y, s, g) = cohort();
        let o = SubgroupOptions {
            min_group_n: 10,
            ..SubgroupOptions::default()
        };
        let plain = subgroup_report("g", &y, &s, &g, &o);
        let same = subgroup_report_clustered("g", &y, &s, &g, None, &o);
        assert_eq!(plain, same);
        let yy: Vec<bool> = y.iter().flat_map(|&v| [v, v]).collect();
        let ss: Vec<f64> = s.iter().flat_map(|&v| [v, v]).collect();
        let gg: Vec<String> = g.iter().flat_map(|v| [v.clone(), v.clone()]).collect();
        let keys: Vec<String> = (0..y.len())
            .flat_map(|i| [i, i])
            .map(|i| i.to_string())
            .collect();
        let k = Clusters::from_keys(&keys);
        let twice = subgroup_report_clustered("g", &yy, &ss, &gg, Some(&k), &o);
        for (a, b) in plain.groups.iter().zip(&twice.groups) {
            assert_eq!(2 * a.n, b.n);
            for (ra, rb, what) in [
                (&a.tpr, &b.tpr, "tpr"),
                (&a.tnr, &b.tnr, "tnr"),
                (&a.ppv, &b.ppv, "ppv"),
                (&a.accuracy, &b.accuracy, "accuracy"),
            ] {
                close(ra.wilson[0], rb.wilson[0], what);
                close(ra.wilson[1], rb.wilson[1], what);
                close(ra.clopper_pearson[0], rb.clopper_pearson[0], what);
                close(ra.clopper_pearson[1], rb.clopper_pearson[1], what);
            }
            close(a.auc.se, b.auc.se, "auc se");
            for (ta, tb) in [
                (&a.vs_rest.sensitivity, &b.vs_rest.sensitivity),
                (&a.vs_rest.specificity, &b.vs_rest.specificity),
                (&a.vs_rest.auc, &b.vs_rest.auc),
            ] {
                let (ta, tb) = (ta.expect("tested"), tb.expect("tested"));
                close(ta.comparison.p_value, tb.comparison.p_value, "p");
                close(ta.comparison.ci[0], tb.comparison.ci[0], "ci");
                close(ta.p_holm, tb.p_holm, "holm");
            }
        }
        // Without the patients, the doubled cohort looks twice as precise.
        let naive = subgroup_report("g", &yy, &ss, &gg, &o);
        assert!(naive.groups[0].auc.se < 0.8 * plain.groups[0].auc.se);
    }
}
