//! Choosing an operating threshold, and what it means for the patients at the hospital.
//!
//! A vendor model outputs a score; the hospital must decide from which score on it acts. This
//! module finds the classic "best" thresholds (Youden, closest to top-left), the threshold that
//! achieves a required sensitivity or specificity, the predictive values at the hospital's own
//! prevalence, and the precision–recall curve with its average precision.
//!
//! CONVENTION (the project's, see [`roc_curve`]): a case is positive when `score >= threshold`,
//! and a threshold is reported as the observed score where the operating point starts
//! (scikit-learn style, "a score of at least 0.22"). pROC reports instead the midpoint between
//! that score and the next lower one (0.205). Both name the same confusion matrix, so every
//! operating point carries both numbers.

use super::nullable;
use serde::{Deserialize, Serialize};

use super::intervals::{clopper_pearson, wilson};
use super::roc::{RocPoint, roc_curve};

/// `x` of `n` with its estimate and both interval kinds a reviewer may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Rate {
    pub x: u64,
    pub n: u64,
    /// x / n; NaN when n == 0.
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub estimate: f64,
    /// Wilson score interval (statsmodels `method="wilson"`).
    #[serde(with = "nullable::pair")]
    #[schemars(with = "[Option<f64>; 2]")]
    pub wilson: [f64; 2],
    /// Exact interval (statsmodels `method="beta"`).
    #[serde(with = "nullable::pair")]
    #[schemars(with = "[Option<f64>; 2]")]
    pub clopper_pearson: [f64; 2],
}

impl Rate {
    fn new(x: u64, n: u64, confidence: f64) -> Rate {
        let (wl, wh) = wilson(x, n, confidence);
        let (cl, ch) = clopper_pearson(x, n, confidence);
        Rate {
            x,
            n,
            estimate: x as f64 / n as f64,
            wilson: [wl, wh],
            clopper_pearson: [cl, ch],
        }
    }

    /// The estimate with its Wilson interval, e.g. as input to [`ppv_npv_at_prevalence`].
    pub fn with_wilson(&self) -> Bounded {
        Bounded {
            estimate: self.estimate,
            ci: self.wilson,
        }
    }

    /// The estimate with its Clopper–Pearson interval.
    pub fn with_clopper_pearson(&self) -> Bounded {
        Bounded {
            estimate: self.estimate,
            ci: self.clopper_pearson,
        }
    }
}

/// One operating point of the ROC curve with both threshold conventions.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OperatingPoint {
    /// Observed score: cases with `score >= threshold` are positive. +∞ (JSON `null`) is the
    /// point where nothing is called positive.
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub threshold: f64,
    /// pROC's threshold for the same point: the midpoint between `threshold` and the next lower
    /// distinct score, −∞ (JSON `null`) at the lowest score, +∞ (`null`) at the +∞ point.
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub threshold_midpoint: f64,
    pub tp: u64,
    pub fp: u64,
    pub tn: u64,
    #[serde(rename = "fn")]
    pub fn_: u64,
    pub sensitivity: Rate,
    pub specificity: Rate,
}

/// The optimum of a threshold criterion, with every criterion's value at that point.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct BestThreshold {
    #[serde(flatten)]
    pub point: OperatingPoint,
    /// Youden's J = sensitivity + specificity − 1 (computed as TPR − FPR, scikit-learn's arithmetic).
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub youden_j: f64,
    /// sensitivity + specificity: what pROC's `coords(ret = "youden")` reports (J + 1).
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub se_plus_sp: f64,
    /// (1 − sensitivity)² + (1 − specificity)², pROC's `ret = "closest.topleft"`.
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub closest_topleft: f64,
    /// How many operating points share the optimum exactly (1 = unique). pROC returns all of them;
    /// we return the one with the highest threshold and say how many there were.
    pub tied: usize,
}

/// pROC's midpoint threshold of point `k` of a ROC curve (by descending threshold): between
/// its threshold and the next lower one.
fn midpoint_at(curve: &[RocPoint], k: usize) -> f64 {
    let lower = curve.get(k + 1).map_or(f64::NEG_INFINITY, |p| p.threshold);
    proc_midpoint(lower, curve[k].threshold)
}

/// pROC's threshold between consecutive distinct scores `lo < hi` (`roc.utils.thresholds`):
/// (lo + hi)/2, or lo/2 + hi/2 when the former exceeds 1e100 in magnitude (overflow guard, which
/// also yields ±∞ at the ends). When lo and hi are adjacent doubles the mean rounds to lo; pROC
/// then uses hi, so that `>=` still separates the two scores — and so do we.
fn proc_midpoint(lo: f64, hi: f64) -> f64 {
    let mut m = (lo + hi) / 2.0;
    if m.abs() > 1e100 {
        m = lo / 2.0 + hi / 2.0;
    }
    // (−∞ is not a score, so pROC's near-tie fix never applies to it.)
    if m == lo && lo.is_finite() { hi } else { m }
}

fn operating_point(p: &RocPoint, midpoint: f64, confidence: f64) -> OperatingPoint {
    OperatingPoint {
        threshold: p.threshold,
        threshold_midpoint: midpoint,
        tp: p.tp,
        fp: p.fp,
        tn: p.tn,
        fn_: p.fn_,
        sensitivity: Rate::new(p.tp, p.tp + p.fn_, confidence),
        specificity: Rate::new(p.tn, p.tn + p.fp, confidence),
    }
}

/// The point maximising `key` (an exact integer criterion), ties going to the highest threshold.
fn best_by(
    points: &[RocPoint],
    confidence: f64,
    key: impl Fn(&RocPoint, u64, u64) -> i128,
) -> Option<BestThreshold> {
    let first = points.first()?;
    let (m, n) = (first.fn_, first.tn); // at +∞ every positive is a FN, every negative a TN
    if m == 0 || n == 0 {
        return None;
    }
    let mut best = 0;
    let mut best_key = key(&points[0], m, n);
    let mut tied = 1;
    for (k, p) in points.iter().enumerate().skip(1) {
        let v = key(p, m, n);
        if v > best_key {
            (best, best_key, tied) = (k, v, 1);
        } else if v == best_key {
            tied += 1;
        }
    }
    let p = &points[best];
    let se = p.sensitivity;
    let sp = p.specificity;
    Some(BestThreshold {
        point: operating_point(p, midpoint_at(points, best), confidence),
        youden_j: se - p.fp as f64 / n as f64,
        se_plus_sp: se + sp,
        closest_topleft: (1.0 - se).powi(2) + (1.0 - sp).powi(2),
        tied,
    })
}

/// The threshold maximising Youden's J = sensitivity + specificity − 1, with Wilson and
/// Clopper–Pearson intervals at `confidence` for its sensitivity and specificity.
///
/// CONVENTION: J is compared exactly (as tp·n − fp·m in integers), so two thresholds tie only if
/// their J is mathematically equal; the tie goes to the highest threshold, as the reference
/// script's `argmax` over scikit-learn's descending `roc_curve`. (Peers compare rounded doubles, so
/// on an exact tie they may pick by an ulp; `tied` flags the case.) Candidates include the
/// "nothing positive" point (J = 0). `None` without positives or negatives.
///
/// The intervals ignore that the threshold was chosen on the same data, so they are optimistic.
pub fn youden(labels: &[bool], scores: &[f64], confidence: f64) -> Option<BestThreshold> {
    youden_of(&roc_curve(labels, scores), confidence)
}

/// [`youden`] on the ROC curve of the same cases ([`roc_curve`]), computed once for all the
/// figures read off it.
pub fn youden_of(curve: &[RocPoint], confidence: f64) -> Option<BestThreshold> {
    best_by(curve, confidence, |p, m, n| {
        i128::from(p.tp) * i128::from(n) - i128::from(p.fp) * i128::from(m)
    })
}

/// The threshold closest to the ROC plot's top-left corner: minimal (1 − se)² + (1 − sp)²,
/// as pROC `coords(x = "best", best.method = "closest.topleft")`.
///
/// Compared exactly as fn²·n² + fp²·m² (exact for up to ~2·10⁹ cases per class); ties, intervals
/// and `None` as in [`youden`].
pub fn closest_topleft(labels: &[bool], scores: &[f64], confidence: f64) -> Option<BestThreshold> {
    closest_topleft_of(&roc_curve(labels, scores), confidence)
}

/// [`closest_topleft`] on the ROC curve of the same cases.
pub fn closest_topleft_of(curve: &[RocPoint], confidence: f64) -> Option<BestThreshold> {
    best_by(curve, confidence, |p, m, n| {
        let a = u128::from(p.fn_) * u128::from(n);
        let b = u128::from(p.fp) * u128::from(m);
        // Negated so that larger is better; a² + b² < 2¹²⁷ for counts below ~2·10⁹.
        -((a * a + b * b) as i128)
    })
}

/// The highest threshold whose sensitivity is at least `target`, i.e. the most specific operating
/// point that still finds the required share of positives, with intervals at `confidence`.
///
/// Sensitivity is tp/m as a double, compared with `>=` (so a target of 0.9 is met by 9 of 10).
/// `None` without positives or negatives. Panics unless 0 ≤ target ≤ 1.
pub fn at_sensitivity(
    labels: &[bool],
    scores: &[f64],
    target: f64,
    confidence: f64,
) -> Option<OperatingPoint> {
    at_sensitivity_of(&roc_curve(labels, scores), target, confidence)
}

/// [`at_sensitivity`] on the ROC curve of the same cases.
pub fn at_sensitivity_of(
    points: &[RocPoint],
    target: f64,
    confidence: f64,
) -> Option<OperatingPoint> {
    assert!(
        (0.0..=1.0).contains(&target),
        "target sensitivity must be in [0, 1]"
    );
    let first = points.first()?;
    if first.fn_ == 0 || first.tn == 0 {
        return None;
    }
    // Descending thresholds: sensitivity only grows, so the first hit is the highest threshold.
    points
        .iter()
        .position(|p| p.sensitivity >= target)
        .map(|k| operating_point(&points[k], midpoint_at(points, k), confidence))
}

/// The lowest threshold whose specificity is at least `target`: the most sensitive operating point
/// that keeps false alarms within the required limit. The mirror image of [`at_sensitivity`]; the
/// answer can be the "nothing positive" point (threshold +∞) when only it reaches the target.
pub fn at_specificity(
    labels: &[bool],
    scores: &[f64],
    target: f64,
    confidence: f64,
) -> Option<OperatingPoint> {
    at_specificity_of(&roc_curve(labels, scores), target, confidence)
}

/// [`at_specificity`] on the ROC curve of the same cases.
pub fn at_specificity_of(
    points: &[RocPoint],
    target: f64,
    confidence: f64,
) -> Option<OperatingPoint> {
    assert!(
        (0.0..=1.0).contains(&target),
        "target specificity must be in [0, 1]"
    );
    let first = points.first()?;
    if first.fn_ == 0 || first.tn == 0 {
        return None;
    }
    // Ascending thresholds: specificity only grows, so the first hit is the lowest threshold.
    points
        .iter()
        .rposition(|p| p.specificity >= target)
        .map(|k| operating_point(&points[k], midpoint_at(points, k), confidence))
}

/// An estimate with a two-sided interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Bounded {
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub estimate: f64,
    #[serde(with = "nullable::pair")]
    #[schemars(with = "[Option<f64>; 2]")]
    pub ci: [f64; 2],
}

/// PPV and NPV at an assumed prevalence.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PredictiveValues {
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub prevalence: f64,
    pub ppv: Bounded,
    pub npv: Bounded,
}

/// Positive and negative predictive values at `prevalence`, by Bayes' theorem:
/// PPV = se·π / (se·π + (1 − sp)(1 − π)), NPV = sp(1 − π) / (sp(1 − π) + (1 − se)π).
///
/// Why: a validation cohort is often enriched with positives, so its raw PPV overstates what the
/// hospital will see; predictive values must be recomputed at the prevalence of the population the
/// model will run on.
///
/// Interval method (plug-in bounds): both PPV and NPV increase in se and in sp, so the lower
/// bound is the formula at (se_lo, sp_lo) and the upper at (se_hi, sp_hi). The prevalence is taken
/// as known (it is the hospital's assumption, not estimated here). This is not an exact interval
/// of the stated level: se and sp come from disjoint patients (positives, negatives), so whenever
/// both input intervals cover, this one does, giving coverage ≥ c² (≈ 90 % for two 95 %
/// Clopper–Pearson intervals; about that for Wilson) and usually more. Reports should call it a
/// range derived from the sensitivity and specificity intervals.
///
/// 0/0 (e.g. PPV with se = 0 and sp = 1) gives NaN. Panics unless 0 ≤ prevalence ≤ 1.
pub fn ppv_npv_at_prevalence(sens: Bounded, spec: Bounded, prevalence: f64) -> PredictiveValues {
    assert!(
        (0.0..=1.0).contains(&prevalence),
        "prevalence must be in [0, 1]"
    );
    let pi = prevalence;
    let ppv = |se: f64, sp: f64| se * pi / (se * pi + (1.0 - sp) * (1.0 - pi));
    let npv = |se: f64, sp: f64| sp * (1.0 - pi) / (sp * (1.0 - pi) + (1.0 - se) * pi);
    PredictiveValues {
        prevalence,
        ppv: Bounded {
            estimate: ppv(sens.estimate, spec.estimate),
            ci: [ppv(sens.ci[0], spec.ci[0]), ppv(sens.ci[1], spec.ci[1])],
        },
        npv: Bounded {
            estimate: npv(sens.estimate, spec.estimate),
            ci: [npv(sens.ci[0], spec.ci[0]), npv(sens.ci[1], spec.ci[1])],
        },
    }
}

/// Expected outcomes per 1000 patients screened.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PerThousand {
    /// Patients the model flags: true_positives + false_positives.
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub flagged: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub true_positives: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub false_positives: f64,
    /// Positives the model misses.
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub false_negatives: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub true_negatives: f64,
}

/// What the operating point means for 1000 patients at `prevalence`: how many are flagged, how many
/// of those are false alarms, how many cases are missed. The numbers clinicians and managers plan
/// with (workload, missed diagnoses). Panics unless 0 ≤ prevalence ≤ 1.
pub fn flags_per_1000(sens: f64, spec: f64, prevalence: f64) -> PerThousand {
    assert!(
        (0.0..=1.0).contains(&prevalence),
        "prevalence must be in [0, 1]"
    );
    let positives = 1000.0 * prevalence;
    let negatives = 1000.0 * (1.0 - prevalence);
    let true_positives = sens * positives;
    let false_positives = (1.0 - spec) * negatives;
    PerThousand {
        flagged: true_positives + false_positives,
        true_positives,
        false_positives,
        false_negatives: (1.0 - sens) * positives,
        true_negatives: spec * negatives,
    }
}

/// One point of the precision–recall curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PrPoint {
    /// Observed score; cases with `score >= threshold` are positive.
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub threshold: f64,
    pub tp: u64,
    pub fp: u64,
    /// tp / (tp + fp).
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub precision: f64,
    /// tp / positives (= sensitivity).
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub recall: f64,
}

/// Precision and recall at every distinct observed score, by descending threshold (recall
/// ascending), as scikit-learn `precision_recall_curve` read backwards.
///
/// scikit-learn also appends a point (recall 0, precision 1) with no threshold; it is a plotting
/// convention, not an operating point, so it is not included. Recall is NaN without positives.
pub fn pr_curve(labels: &[bool], scores: &[f64]) -> Vec<PrPoint> {
    pr_curve_of(&roc_curve(labels, scores))
}

/// [`pr_curve`] from the ROC curve of the same cases.
pub fn pr_curve_of(curve: &[RocPoint]) -> Vec<PrPoint> {
    pr_points(curve).collect()
}

/// The precision–recall points of a ROC curve, made as they are read: a million-case curve
/// is never held twice (its PR copy was a sixth of the statistics' memory).
fn pr_points(curve: &[RocPoint]) -> impl Iterator<Item = PrPoint> + '_ {
    // The first ROC point is the +∞ one: nothing flagged, precision undefined.
    curve.iter().skip(1).map(pr_point)
}

fn pr_point(p: &RocPoint) -> PrPoint {
    PrPoint {
        threshold: p.threshold,
        tp: p.tp,
        fp: p.fp,
        precision: p.tp as f64 / (p.tp + p.fp) as f64,
        recall: p.sensitivity,
    }
}

/// The precision–recall curve of the ROC curve `curve`, thinned as
/// [`thin_curve`](super::roc::thin_curve) thins the ROC curve, in (recall, precision), keeping
/// exactly every point whose threshold is in `keep`. The average precision is computed from
/// the full curve ([`average_precision_of_roc`]), never from this one.
pub fn thin_pr_of(curve: &[RocPoint], keep: &[f64], max: usize) -> Vec<PrPoint> {
    let xy: Vec<(f64, f64)> = pr_points(curve).map(|p| (p.recall, p.precision)).collect();
    let locked: Vec<bool> = pr_points(curve)
        .map(|p| keep.contains(&p.threshold))
        .collect();
    let kept = super::roc::thin_indices(&xy, &locked, max);
    kept.into_iter().map(|i| pr_point(&curve[i + 1])).collect()
}

/// Average precision Σ_k (R_k − R_{k−1})·P_k over descending thresholds (R_0 = 0), as
/// scikit-learn `average_precision_score`.
///
/// CONVENTION: step-wise, no interpolation: each recall increment is credited with the precision
/// at which it was reached. This is not the trapezoidal area under the PR curve, which is
/// optimistic because precision does not vary linearly between points. NaN without positives.
pub fn average_precision(labels: &[bool], scores: &[f64]) -> f64 {
    average_precision_of_roc(&roc_curve(labels, scores))
}

/// [`average_precision`] from the full (never thinned) precision–recall curve of the same cases.
pub fn average_precision_of(points: &[PrPoint]) -> f64 {
    average_precision_over(points.iter().copied())
}

/// [`average_precision`] from the full (never thinned) ROC curve of the same cases.
pub fn average_precision_of_roc(curve: &[RocPoint]) -> f64 {
    average_precision_over(pr_points(curve))
}

/// The sum of [`average_precision`] over `points` in curve order; NaN when there are none or
/// the last recall is not finite (no positives).
fn average_precision_over(points: impl Iterator<Item = PrPoint>) -> f64 {
    let (mut previous_recall, mut ap, mut any) = (0.0, 0.0, false);
    for p in points {
        ap += (p.recall - previous_recall) * p.precision;
        previous_recall = p.recall;
        any = true;
    }
    if any && previous_recall.is_finite() {
        ap
    } else {
        f64::NAN
    }
}

#[cfg(test)]
mod pr_tests {
    use super::*;
    use rand::{RngExt, SeedableRng};

    /// The PR curve thinned and its average precision, made from the ROC curve without the full
    /// PR curve, are those of the full PR curve: the same points and the same bits.
    #[test]
    fn pr_figures_from_the_roc_curve_equal_those_of_the_full_pr_curve() {
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(7);
        let labels: Vec<bool> = (0..20_000).map(|_| rng.random::<f64>() < 0.3).collect();
        let scores: Vec<f64> = labels
            .iter()
            .map(|&l| ((rng.random::<f64>() * 0.7 + if l { 0.3 } else { 0.0 }) * 1e3).round())
            .collect();
        let roc = roc_curve(&labels, &scores);
        let pr = pr_curve_of(&roc);
        assert_eq!(pr.len(), roc.len() - 1);
        assert_eq!(
            average_precision_of_roc(&roc).to_bits(),
            average_precision_of(&pr).to_bits()
        );
        let keep = [pr[pr.len() / 3].threshold, pr[pr.len() / 2].threshold];
        for max in [10, 200, pr.len() + 5] {
            let xy: Vec<(f64, f64)> = pr.iter().map(|p| (p.recall, p.precision)).collect();
            let locked: Vec<bool> = pr.iter().map(|p| keep.contains(&p.threshold)).collect();
            let want: Vec<PrPoint> = super::super::roc::thin_indices(&xy, &locked, max)
                .into_iter()
                .map(|i| pr[i])
                .collect();
            let got = thin_pr_of(&roc, &keep, max);
            assert_eq!(got.len(), want.len(), "max {max}");
            for (g, w) in got.iter().zip(&want) {
                assert_eq!(g.threshold.to_bits(), w.threshold.to_bits());
                assert_eq!((g.tp, g.fp), (w.tp, w.fp));
                assert_eq!(g.precision.to_bits(), w.precision.to_bits());
                assert_eq!(g.recall.to_bits(), w.recall.to_bits());
            }
        }
        // No positives: NaN, as before; no cases: NaN.
        let none = roc_curve(&[false, false], &[0.1, 0.2]);
        assert!(average_precision_of_roc(&none).is_nan());
        assert!(average_precision_of(&pr_curve_of(&none)).is_nan());
        assert!(average_precision_of(&[]).is_nan());
    }
}
