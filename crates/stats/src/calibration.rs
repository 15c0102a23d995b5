//! Calibration: do the model's probabilities mean what they say?
//!
//! A model can rank patients perfectly (AUC 1) and still say "90 %" for patients of whom half have
//! the event; a clinician who acts on the number is then misled. This module reports calibration
//! three ways, each matched to the peer a reviewer will check it with:
//! * the reliability curve with ECE / MCE (scikit-learn `calibration_curve`),
//! * logistic recalibration: slope, intercept and calibration-in-the-large (statsmodels GLM,
//!   R `glm`, rms `val.prob`),
//! * the Hosmer–Lemeshow test (deciles of risk as `pandas.qcut`, as the team's reference script).
//!
//! Scores must be probabilities in [0, 1]; anything else panics (the input stage must reject it).

use super::nullable;
use serde::{Deserialize, Serialize};
use statrs::distribution::{ChiSquared, ContinuousCDF};

use super::check_inputs;
use super::intervals::{clopper_pearson, z_for};

/// How the [0, 1] axis is cut into bins for the reliability curve and the ECE.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Binning {
    /// Equal-width bins: edges `linspace(0, 1, bins + 1)` (scikit-learn `strategy="uniform"`).
    Uniform,
    /// Equal-count bins: edges are the scores' percentiles at `linspace(0, 100, bins + 1)` with
    /// numpy's default linear interpolation (scikit-learn `strategy="quantile"`). Tied scores can
    /// make edges coincide; the bins between them are then empty.
    Quantile,
}

/// One bin of the reliability curve.
///
/// CONVENTION: intervals are right-closed, (lo, hi], except the first, which is [lo, hi]: a score
/// goes to the bin whose index is the number of interior edges strictly below it
/// (`np.searchsorted(edges[1:-1], p)`), exactly as scikit-learn `calibration_curve`.
///
/// Unlike scikit-learn, empty bins are kept (n = 0, with `mean_predicted`, `observed` and `ci`
/// NaN, written as JSON `null`): a report should show that no patient received a score in that
/// range rather than silently close the gap.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Bin {
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub lo: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub hi: f64,
    /// Cases in the bin.
    pub n: u64,
    /// Positives (events) among them.
    pub positives: u64,
    /// Mean score of the cases in the bin (scikit-learn's `prob_pred`).
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub mean_predicted: f64,
    /// Observed event rate, positives / n (scikit-learn's `prob_true`).
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub observed: f64,
    /// Exact (Clopper–Pearson) interval of `observed`, as statsmodels `proportion_confint(method =
    /// "beta")`. Exact because bins at the extremes hold few cases, or rates of 0 or 1.
    #[serde(with = "nullable::pair")]
    #[schemars(with = "[Option<f64>; 2]")]
    pub ci: [f64; 2],
}

/// Panics unless the inputs are valid for calibration: same length, finite, and every score a
/// probability in [0, 1].
///
/// Why panic rather than clip: a "probability" of 1.3 means the model output is not what the
/// vendor documented (a logit, a percentage); calibrating it would produce plausible-looking
/// nonsense. The input stage must reject it.
fn check_probabilities(labels: &[bool], scores: &[f64]) {
    check_inputs(labels, scores);
    if let Some(i) = scores.iter().position(|p| !(0.0..=1.0).contains(p)) {
        panic!(
            "score #{i} is not a probability ({}); calibration needs scores in [0, 1]",
            scores[i]
        );
    }
}

/// The reliability curve: `bins` bins (empty ones included), each with its observed event rate
/// and a Clopper–Pearson interval at `confidence`.
///
/// Matches scikit-learn `calibration_curve(y, p, n_bins=bins, strategy=...)` on every non-empty
/// bin. Panics if `bins == 0`, on non-finite scores or on scores outside [0, 1].
pub fn reliability(
    labels: &[bool],
    scores: &[f64],
    bins: usize,
    strategy: Binning,
    confidence: f64,
) -> Vec<Bin> {
    check_probabilities(labels, scores);
    let edges = bin_edges(scores, bins, strategy);
    tally(labels, scores, &edges)
        .into_iter()
        .enumerate()
        .map(|(b, t)| {
            let nf = t.n as f64;
            let (lo_ci, hi_ci) = clopper_pearson(t.positives, t.n, confidence);
            Bin {
                lo: edges[b],
                hi: edges[b + 1],
                n: t.n,
                positives: t.positives,
                // 0/0 = NaN for an empty bin, which is what we want to report.
                mean_predicted: t.sum_p / nf,
                observed: t.positives as f64 / nf,
                ci: [lo_ci, hi_ci],
            }
        })
        .collect()
}

/// Expected calibration error: Σ_b n_b/N · |observed_b − mean_predicted_b| over the non-empty bins.
///
/// CONVENTION: the positive-class ECE (the gap between predicted probability of the event and its
/// rate), not the "top-label" ECE of multi-class papers, which uses max(p, 1 − p). With
/// `Binning::Uniform` and 10 bins it equals mapie's `expected_calibration_error(y, p,
/// num_bins=11, split_strategy="uniform")` (mapie counts edges, not bins). NaN for an empty cohort.
pub fn ece(labels: &[bool], scores: &[f64], bins: usize, strategy: Binning) -> f64 {
    check_probabilities(labels, scores);
    if labels.is_empty() {
        return f64::NAN;
    }
    let edges = bin_edges(scores, bins, strategy);
    let total = labels.len() as f64;
    tally(labels, scores, &edges)
        .iter()
        .filter(|t| t.n > 0)
        .map(|t| t.n as f64 / total * t.gap())
        .sum()
}

/// Maximum calibration error: the largest |observed − mean_predicted| over the non-empty bins.
///
/// A single sparsely populated bin can dominate it, which is why it is reported next to the
/// per-bin counts and never alone. NaN for an empty cohort.
pub fn mce(labels: &[bool], scores: &[f64], bins: usize, strategy: Binning) -> f64 {
    check_probabilities(labels, scores);
    let edges = bin_edges(scores, bins, strategy);
    tally(labels, scores, &edges)
        .iter()
        .filter(|t| t.n > 0)
        .map(BinTally::gap)
        .fold(f64::NAN, f64::max)
}

/// Per-bin sums, accumulated in data order (the order numpy's `bincount` uses, so the means
/// round identically).
#[derive(Debug, Clone, Copy, Default)]
struct BinTally {
    n: u64,
    positives: u64,
    sum_p: f64,
}

impl BinTally {
    /// |observed − mean predicted|, in the reference script's arithmetic.
    fn gap(&self) -> f64 {
        let nf = self.n as f64;
        (self.positives as f64 / nf - self.sum_p / nf).abs()
    }
}

fn tally(labels: &[bool], scores: &[f64], edges: &[f64]) -> Vec<BinTally> {
    let bins = edges.len() - 1;
    let interior = &edges[1..bins];
    let mut tallies = vec![BinTally::default(); bins];
    for (&y, &p) in labels.iter().zip(scores) {
        // CONVENTION (scikit-learn): bin index = number of interior edges strictly below p,
        // i.e. np.searchsorted(edges[1:-1], p, side="left"): intervals (a, b], first [0, b].
        let b = interior.partition_point(|&e| e < p);
        let t = &mut tallies[b];
        t.n += 1;
        t.positives += u64::from(y);
        t.sum_p += p;
    }
    tallies
}

/// The `bins + 1` edges, computed with numpy's arithmetic so that a score lying exactly on an
/// edge lands in the same bin as in scikit-learn.
fn bin_edges(scores: &[f64], bins: usize, strategy: Binning) -> Vec<f64> {
    assert!(bins >= 1, "at least one bin is needed");
    let grid = linspace01(bins);
    match strategy {
        Binning::Uniform => grid,
        Binning::Quantile => {
            let mut sorted = scores.to_vec();
            sorted.sort_unstable_by(f64::total_cmp);
            // sklearn passes `quantiles * 100` to np.percentile, which divides by 100 again;
            // the round trip can move a quantile by an ulp, so it is reproduced.
            grid.iter()
                .map(|&q| numpy_percentile(&sorted, q * 100.0))
                .collect()
        }
    }
}

/// `np.linspace(0, 1, bins + 1)`: i · (1/bins), with the last edge set to exactly 1.
fn linspace01(bins: usize) -> Vec<f64> {
    let step = 1.0 / bins as f64;
    let mut grid: Vec<f64> = (0..=bins).map(|i| i as f64 * step).collect();
    grid[bins] = 1.0;
    grid
}

/// `np.percentile(sorted, percent)` with numpy's default `method="linear"`, on ascending data.
///
/// numpy's arithmetic: q = percent/100, virtual index h = (n−1)·q, g = h − ⌊h⌋, and the lerp
/// a + (b−a)·g, written as b − (b−a)·(1−g) when g ≥ 0.5. NaN on empty input.
fn numpy_percentile(sorted: &[f64], percent: f64) -> f64 {
    let n = sorted.len();
    if n == 0 {
        return f64::NAN;
    }
    let q = percent / 100.0;
    let h = (n - 1) as f64 * q;
    if h >= (n - 1) as f64 {
        return sorted[n - 1];
    }
    if h <= 0.0 {
        return sorted[0];
    }
    let below = h.floor();
    let g = h - below;
    let a = sorted[below as usize];
    let b = sorted[below as usize + 1];
    let diff = b - a;
    if g >= 0.5 {
        b - diff * (1.0 - g)
    } else {
        a + diff * g
    }
}

/// A coefficient with its standard error and two-sided Wald interval estimate ± z·se.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Estimate {
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub estimate: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub se: f64,
    #[serde(with = "nullable::pair")]
    #[schemars(with = "[Option<f64>; 2]")]
    pub ci: [f64; 2],
}

impl Estimate {
    fn wald(estimate: f64, se: f64, confidence: f64) -> Estimate {
        let half = z_for(confidence) * se;
        Estimate {
            estimate,
            se,
            ci: [estimate - half, estimate + half],
        }
    }

    fn undefined() -> Estimate {
        Estimate {
            estimate: f64::NAN,
            se: f64::NAN,
            ci: [f64::NAN, f64::NAN],
        }
    }
}

/// Logistic recalibration of the model's probabilities on the local cohort.
///
/// Ideal values: slope 1, intercept 0, CITL 0. Slope < 1 means the predictions are too extreme
/// (typical of overfitting at the vendor), slope > 1 too timid; CITL > 0 means the model
/// under-predicts the local event rate on average.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CalibrationFit {
    /// β1 of the GLM `y ~ 1 + logit(p)` (binomial, logit link).
    pub slope: Estimate,
    /// β0 of that same fit; rms `val.prob` calls it "Intercept". It is *not* the
    /// calibration-in-the-large, since it depends on the slope fitted alongside it.
    pub intercept: Estimate,
    /// Calibration-in-the-large: β0 of `y ~ 1 + offset(logit(p))`, the slope held at 1.
    pub citl: Estimate,
}

/// Calibration slope, joint intercept and calibration-in-the-large, with Wald intervals at
/// `confidence`, as statsmodels `GLM(y, [1, logit(p)], Binomial())` / R `glm`.
///
/// CONVENTION: logit(p) = ln(p / (1 − p)) with p clipped to [1e-15, 1 − 1e-15], so that models
/// which output exactly 0 or 1 (float32 saturation) keep all their patients. rms `val.prob` drops
/// such patients instead; the fitted slope is the same to many digits because a saturated
/// prediction that is right carries almost no information, but val.prob's other statistics
/// (its "C (ROC)") then describe a smaller cohort.
///
/// The fit is IRLS, step by step as statsmodels (convergence: deviance change ≤ 1e-8; standard
/// errors from the last weighted least-squares step, as statsmodels `bse`). Estimates are NaN when
/// the maximum-likelihood estimate does not exist: no positives or no negatives; for slope and
/// intercept also when a threshold on the score separates the classes (a perfect ranker has no
/// finite slope) or all scores are identical. CITL exists whenever both classes are present.
pub fn calibration_fit(labels: &[bool], scores: &[f64], confidence: f64) -> CalibrationFit {
    check_probabilities(labels, scores);
    let lp: Vec<f64> = scores.iter().map(|&p| logit(p)).collect();
    let (slope, intercept) = match fit_logistic(labels, &lp, Model::InterceptAndSlope) {
        Some(f) => (
            Estimate::wald(f.beta[1], f.se[1], confidence),
            Estimate::wald(f.beta[0], f.se[0], confidence),
        ),
        None => (Estimate::undefined(), Estimate::undefined()),
    };
    let citl = match fit_logistic(labels, &lp, Model::InterceptWithOffset) {
        Some(f) => Estimate::wald(f.beta[0], f.se[0], confidence),
        None => Estimate::undefined(),
    };
    CalibrationFit {
        slope,
        intercept,
        citl,
    }
}

/// Smallest and largest probability fed to the logit, as the reference (statsmodels-based) script.
const LOGIT_CLIP: f64 = 1e-15;

/// ln(p / (1 − p)) with p clipped to [1e-15, 1 − 1e-15] (same arithmetic as numpy
/// `np.log(p / (1 - p))`, so the GLM sees bit-identical covariates).
pub fn logit(p: f64) -> f64 {
    let p = p.clamp(LOGIT_CLIP, 1.0 - LOGIT_CLIP);
    (p / (1.0 - p)).ln()
}

/// Which logistic model to fit on the covariate x = logit(p).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Model {
    /// η = β0 + β1·x
    InterceptAndSlope,
    /// η = β0 + x (x is an offset with coefficient fixed at 1)
    InterceptWithOffset,
}

/// Maximum-likelihood fit: coefficients (β0, β1) and their standard errors. For
/// `InterceptWithOffset` only index 0 is meaningful (index 1 is 0: the offset enters separately).
#[derive(Debug, Clone, Copy)]
struct LogisticFit {
    beta: [f64; 2],
    se: [f64; 2],
}

/// IRLS stops once the deviance changes by at most this much (absolute): statsmodels' default
/// `tol`. IRLS converges quadratically, so the coefficients are then within ~1e-9 of the exact
/// maximum (the peers agree with each other to 1e-13).
const DEVIANCE_TOL: f64 = 1e-8;
/// An MLE that exists is reached in well under 30 iterations; more means it is diverging.
const MAX_ITERATIONS: usize = 100;
/// statsmodels' `FLOAT_EPS` (machine epsilon): μ is clipped to [ε, 1 − ε] in weights and working
/// response, so that saturated predictions keep a tiny positive weight instead of 0/0.
const EPS: f64 = f64::EPSILON;

/// Logistic regression of `y` on x = `lp` by iteratively reweighted least squares, following
/// statsmodels `GLM(..., Binomial()).fit()` step by step so that its numbers are reproduced, not
/// just approximated:
/// 1. start from μ = (y + ½)/2, η = logit(μ) (also R `glm`'s start);
/// 2. weights w = c(1 − c) with c = μ clipped to [ε, 1 − ε], working response
///    z = η + (y − μ)/w − offset; weighted least squares gives β; η = Xβ + offset, μ = 1/(1 + e^−η);
/// 3. convergence rule: stop when the binomial deviance (statsmodels' formula) changes by
///    ≤ 1e-8; otherwise repeat step 2, at most 100 times.
///
/// Standard errors are √diag((XᵀWX)⁻¹) with W the weights of that *last* least-squares step, i.e.
/// of the iterate before the returned β. That is what statsmodels `bse` (and R `summary.glm`,
/// with its own stopping rule) report; the information at the exact maximum would give an SE that
/// differs by up to ~1e-4 relative: statistically immaterial, but visible against the peers.
///
/// Returns `None` when the MLE does not exist: a class is absent; for the slope model, the x of
/// positives and negatives do not overlap (complete or quasi-complete separation, which includes
/// all-identical x); or no convergence within 100 iterations.
fn fit_logistic(y: &[bool], lp: &[f64], model: Model) -> Option<LogisticFit> {
    let positives = y.iter().filter(|&&v| v).count();
    if positives == 0 || positives == y.len() {
        return None;
    }
    if model == Model::InterceptAndSlope && separated(y, lp) {
        return None;
    }
    let offset = |x: f64| match model {
        Model::InterceptAndSlope => 0.0,
        Model::InterceptWithOffset => x,
    };
    let yv = |i: usize| f64::from(u8::from(y[i]));
    let mut mu: Vec<f64> = (0..y.len()).map(|i| (yv(i) + 0.5) / 2.0).collect();
    // η is not kept per case: the start's is ln(μ/(1 − μ)) of the starting μ, and each step's
    // is the linear predictor of the last β (the same bits as a stored η; three arrays of a
    // million cases instead of five).
    let linear = |b: [f64; 2], i: usize| b[0] + b[1] * lp[i] + offset(lp[i]);
    let mut beta: Option<[f64; 2]> = None;
    let mut w = vec![0.0; y.len()];
    let mut z = vec![0.0; y.len()];
    // `z` holds each case's deviance term until the next step overwrites it.
    let mut deviance = binomial_deviance(y, &mu, &mut z);
    for _ in 0..MAX_ITERATIONS {
        let clipped = |m: f64| m.clamp(EPS, 1.0 - EPS);
        let eta = |i: usize| match beta {
            None => (mu[i] / (1.0 - mu[i])).ln(),
            Some(b) => linear(b, i),
        };
        each(&mut w, |i| clipped(mu[i]) * (1.0 - clipped(mu[i])));
        each(&mut z, |i| {
            let c = clipped(mu[i]);
            eta(i) + 1.0 / (c * (1.0 - c)) * (yv(i) - mu[i]) - offset(lp[i])
        });
        let wls = weighted_least_squares(&w, &z, lp, model)?;
        let b = wls.beta;
        beta = Some(b);
        each(&mut mu, |i| 1.0 / (1.0 + (-linear(b, i)).exp()));
        let new_deviance = binomial_deviance(y, &mu, &mut z);
        let converged = (new_deviance - deviance).abs() <= DEVIANCE_TOL;
        deviance = new_deviance;
        if converged {
            return Some(wls);
        }
    }
    None
}

/// Cases from which IRLS's per-case arithmetic is spread over rayon's threads.
const PARALLEL_FROM: usize = 1 << 15;

/// `out[i] = f(i)` for every case, in pieces side by side on a large cohort: each case's `exp`
/// and `ln` are what make IRLS slow, and they do not depend on the order, so the result is the
/// same bits as one loop (the sums stay sequential, in case order).
fn each(out: &mut [f64], f: impl Fn(usize) -> f64 + Sync) {
    use rayon::prelude::*;
    const PIECE: usize = 1 << 13;
    if out.len() < PARALLEL_FROM {
        out.iter_mut().enumerate().for_each(|(i, o)| *o = f(i));
        return;
    }
    out.par_chunks_mut(PIECE)
        .enumerate()
        .for_each(|(k, piece)| {
            for (i, o) in piece.iter_mut().enumerate() {
                *o = f(k * PIECE + i);
            }
        });
}

/// True if a threshold on x separates the classes (ties at the boundary included): then the
/// likelihood of the slope model keeps increasing as the slope grows, and no finite MLE exists.
fn separated(y: &[bool], x: &[f64]) -> bool {
    let range = |class: bool| {
        y.iter()
            .zip(x)
            .filter(|(v, _)| **v == class)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (_, &v)| {
                (lo.min(v), hi.max(v))
            })
    };
    let (pos_lo, pos_hi) = range(true);
    let (neg_lo, neg_hi) = range(false);
    neg_hi <= pos_lo || pos_hi <= neg_lo
}

/// One weighted least-squares step, β and √diag((XᵀWX)⁻¹), for X = [1, x] (or [1] with offset).
///
/// Solved in centred form (weighted means, then the slope from centred sums), which is as accurate
/// as a QR decomposition for two columns and avoids the cancellation of raw normal equations.
fn weighted_least_squares(w: &[f64], z: &[f64], x: &[f64], model: Model) -> Option<LogisticFit> {
    let sw: f64 = w.iter().sum();
    let zbar = w.iter().zip(z).map(|(w, z)| w * z).sum::<f64>() / sw;
    if !(sw > 0.0 && zbar.is_finite()) {
        return None;
    }
    match model {
        Model::InterceptWithOffset => Some(LogisticFit {
            beta: [zbar, 0.0],
            se: [(1.0 / sw).sqrt(), 0.0],
        }),
        Model::InterceptAndSlope => {
            let xbar = w.iter().zip(x).map(|(w, x)| w * x).sum::<f64>() / sw;
            let (mut sxx, mut sxz) = (0.0, 0.0);
            for ((&wi, &xi), &zi) in w.iter().zip(x).zip(z) {
                sxx += wi * (xi - xbar) * (xi - xbar);
                sxz += wi * (xi - xbar) * (zi - zbar);
            }
            let slope = sxz / sxx;
            if !(sxx > 0.0 && slope.is_finite()) {
                return None;
            }
            Some(LogisticFit {
                beta: [zbar - slope * xbar, slope],
                se: [(1.0 / sw + xbar * xbar / sxx).sqrt(), (1.0 / sxx).sqrt()],
            })
        }
    }
}

/// Binomial deviance in statsmodels' arithmetic (`Binomial._resid_dev`): each case contributes
/// 2·ln(max(1/(μ + 1e-20), ε)) if positive, 2·ln(max(1/(1 − μ + 1e-20), ε)) if negative. Only
/// used for the stopping rule, so it must stop where statsmodels stops, including on saturated
/// predictions (μ rounded to exactly 0 or 1).
fn binomial_deviance(y: &[bool], mu: &[f64], terms: &mut [f64]) -> f64 {
    each(terms, |i| {
        let ratio = if y[i] {
            1.0 / (mu[i] + 1e-20)
        } else {
            1.0 / (1.0 - mu[i] + 1e-20)
        };
        2.0 * ratio.max(EPS).ln()
    });
    terms.iter().sum()
}

/// Hosmer–Lemeshow goodness-of-fit test on groups of predicted risk.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct HosmerLemeshow {
    /// Σ_g (O_g − E_g)² / (E_g·(1 − E_g/n_g)), O = events, E = Σ p in group g.
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub chi2: f64,
    /// Groups actually formed (fewer than requested when tied scores make quantiles coincide).
    pub groups: usize,
    /// groups − 2.
    pub df: usize,
    /// Upper tail of χ²(df) at `chi2`.
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub p: f64,
}

/// Hosmer–Lemeshow test with `groups` "deciles of risk".
///
/// CONVENTION (the team's reference script, `pandas.qcut(p, groups, duplicates="drop")`): edges are
/// numpy's linear percentiles of p at `linspace(0, 100, groups + 1)`; coinciding edges are merged;
/// intervals are (a, b] with the lowest edge included; groups left empty are skipped. Other tools
/// group differently (R `ResourceSelection::hoslem.test` uses type-7 quantiles with `cut`, Stata
/// sorts and splits by count), so the statistic is reported for information, with the calibration
/// slope and the reliability curve as the primary evidence: HL's verdict depends on the grouping
/// and its power on n.
///
/// chi2, df and p are NaN/0/NaN when fewer than 3 groups can be formed (df would be < 1).
/// A group whose expected count is 0 or equal to its size (all p exactly 0 or 1) makes chi2
/// infinite or NaN, as in the reference.
pub fn hosmer_lemeshow(labels: &[bool], scores: &[f64], groups: usize) -> HosmerLemeshow {
    check_probabilities(labels, scores);
    assert!(groups >= 1, "at least one group is needed");
    let mut sorted = scores.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    let mut edges: Vec<f64> = linspace01(groups)
        .iter()
        .map(|&q| numpy_percentile(&sorted, q * 100.0))
        .collect();
    // duplicates="drop": edges are ascending, so merging neighbours is pandas' `unique`.
    edges.dedup();
    let mut tallies = vec![BinTally::default(); edges.len().saturating_sub(1)];
    if !tallies.is_empty() {
        for (&y, &p) in labels.iter().zip(scores) {
            // pandas: ids = searchsorted(edges, p, side="left"), then ids[p == edges[0]] = 1.
            let id = edges.partition_point(|&e| e < p).max(1);
            let t = &mut tallies[id - 1];
            t.n += 1;
            t.positives += u64::from(y);
            t.sum_p += p;
        }
    }
    let used: Vec<&BinTally> = tallies.iter().filter(|t| t.n > 0).collect();
    if used.len() < 3 {
        return HosmerLemeshow {
            chi2: f64::NAN,
            groups: used.len(),
            df: 0,
            p: f64::NAN,
        };
    }
    let chi2: f64 = used
        .iter()
        .map(|t| {
            let (o, e, n) = (t.positives as f64, t.sum_p, t.n as f64);
            (o - e) * (o - e) / (e * (1.0 - e / n))
        })
        .sum();
    let df = used.len() - 2;
    let p = ChiSquared::new(df as f64)
        .map(|d| d.sf(chi2))
        .unwrap_or(f64::NAN);
    HosmerLemeshow {
        chi2,
        groups: used.len(),
        df,
        p,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `each` puts f(i) at every i, below and above the size where it goes parallel, at piece
    /// boundaries and between them.
    #[test]
    fn each_fills_every_case_with_its_own_value() {
        for n in [
            0,
            1,
            PARALLEL_FROM - 1,
            PARALLEL_FROM,
            PARALLEL_FROM + 8191,
            100_003,
        ] {
            let mut out = vec![f64::NAN; n];
            each(&mut out, |i| (i as f64).ln_1p());
            assert!(
                out.iter()
                    .enumerate()
                    .all(|(i, &v)| v == (i as f64).ln_1p()),
                "n = {n}"
            );
        }
    }
}
