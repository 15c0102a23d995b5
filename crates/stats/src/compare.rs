//! Comparing two models, or one model on two cohorts: DeLong tests for AUCs, McNemar's exact test
//! for sensitivity/specificity at fixed thresholds, and Holm's correction for many such tests.
//!
//! Why these: a hospital that validates a vendor model usually asks "is the new model better than
//! the one we use?" (same patients, two scores: paired DeLong, McNemar) and "does it work as well
//! for this group as for the others?" (different patients: unpaired DeLong). Each function
//! reproduces one named peer exactly:
//!
//! | function | peer |
//! |---|---|
//! | [`paired_delong`] | pROC `roc.test(method = "delong", paired = TRUE)` (Z, p, CI, `cov()`) |
//! | [`unpaired_delong`] | pROC `roc.test(method = "delong", paired = FALSE)` (D, df, p) |
//! | [`mcnemar_exact`] | statsmodels `mcnemar(table, exact=True)` |
//! | [`holm`] | statsmodels `multipletests(p, method="holm")[1]` |
//!
//! CONVENTION (all tests here): two-sided; a positive difference means model/cohort A is better.
//! Inputs with fewer than 2 positives or 2 negatives give NaN statistics (a DeLong variance needs
//! a sample variance in each class), never a panic. Non-finite scores or mismatched lengths are
//! data-loading errors and panic, as everywhere in `metrics` (see `check_inputs`).

use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, Normal};
use statrs::function::beta::beta_reg;
use statrs::function::gamma::ln_gamma;

use super::intervals::z_for;
use super::roc::{auc, delong};
use super::{Bins, Proportion, check_inputs, nullable};

// ------------------------------------------------------------------------------------------------
// DeLong structural components
// ------------------------------------------------------------------------------------------------

/// DeLong's structural components of one score, per case, in input order.
///
/// V10(xᵢ) = fraction of negatives the positive xᵢ beats (ties ½); V01(yⱼ) = fraction of
/// positives that beat the negative yⱼ (ties ½): the same formulas as `roc::delong`, which sums
/// them per bin. The paired test needs them per *case*, because the covariance of two scores
/// pairs up each patient's component under score A with that patient's component under score B.
///
/// O(n log n): one sort (in [`Bins`]) and a binary search per case.
pub(crate) struct Placements {
    /// One entry per positive case, in input order.
    pub v10: Vec<f64>,
    /// One entry per negative case, in input order.
    pub v01: Vec<f64>,
}

pub(crate) fn placements(labels: &[bool], scores: &[f64]) -> Placements {
    let bins = Bins::new(labels, scores);
    let (m, n) = (bins.positives(), bins.negatives());
    let (mf, nf) = (m as f64, n as f64);
    let mut v10_bin = Vec::with_capacity(bins.value.len());
    let mut v01_bin = Vec::with_capacity(bins.value.len());
    let mut neg_below = 0u64;
    let mut pos_above = m;
    for (&p, &q) in bins.pos.iter().zip(&bins.neg) {
        pos_above -= p;
        v10_bin.push((neg_below as f64 + 0.5 * q as f64) / nf);
        v01_bin.push((pos_above as f64 + 0.5 * p as f64) / mf);
        neg_below += q;
    }
    let mut out = Placements {
        v10: Vec::with_capacity(m as usize),
        v01: Vec::with_capacity(n as usize),
    };
    for (&label, &score) in labels.iter().zip(scores) {
        // Scores are finite (checked by Bins::new), so partial_cmp never fails; `==` semantics
        // put -0.0 in the 0.0 bin exactly as Bins does.
        let b = bins
            .value
            .binary_search_by(|v| v.partial_cmp(&score).expect("finite scores"))
            .expect("every score has a bin");
        if label {
            out.v10.push(v10_bin[b]);
        } else {
            out.v01.push(v01_bin[b]);
        }
    }
    out
}

/// Σ (aᵢ − ā)(bᵢ − b̄) / (k − 1): R's `cov`/`var` with the centres given.
fn sample_cov(a: &[f64], centre_a: f64, b: &[f64], centre_b: f64) -> f64 {
    let sum: f64 = a
        .iter()
        .zip(b)
        .map(|(x, y)| (x - centre_a) * (y - centre_b))
        .sum();
    sum / (a.len() as f64 - 1.0)
}

/// 2·P(Z > |z|) for a standard normal Z.
///
/// Uses statrs' `erfc`, whose relative error reaches 1e-10 (near |z| = 0.7); p-values therefore
/// agree with R/scipy to ~5e-11 absolute, not to the last digit.
pub(crate) fn two_sided_normal_p(z: f64) -> f64 {
    2.0 * Normal::standard().cdf(-z.abs())
}

// ------------------------------------------------------------------------------------------------
// Paired DeLong
// ------------------------------------------------------------------------------------------------

/// DeLong's test of two correlated AUCs (same patients, two scores).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PairedDelong {
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub auc_a: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub auc_b: f64,
    /// `auc_a − auc_b`.
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub difference: f64,
    /// Standard error of the difference, √(var_a + var_b − 2·cov).
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub se: f64,
    /// `difference / se`; 0 when both are 0 (as pROC).
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub z: f64,
    /// Two-sided, normal reference distribution.
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub p_value: f64,
    /// Wald interval of the difference, `difference ± z_{1−α/2}·se`, not clipped (as pROC).
    #[serde(with = "nullable::pair")]
    #[schemars(with = "[Option<f64>; 2]")]
    pub ci: [f64; 2],
    /// DeLong covariance of the two AUCs, as pROC `cov(roc_a, roc_b)`.
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub covariance: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub confidence: f64,
}

/// Paired DeLong test, exactly as pROC `roc.test(roc_a, roc_b, method = "delong", paired = TRUE)`
/// with both curves in direction "<".
///
/// S = S10/m + S01/n with S10, S01 the 2×2 sample covariance matrices (denominators m−1, n−1) of
/// the per-case structural components under the two scores; se² = S₁₁ + S₂₂ − 2·S₁₂. All three
/// entries come from the same per-case sums, so two identical scores give se = 0 exactly (and
/// then z = 0, p = 1 by pROC's rule for 0/0). O(n log n).
///
/// # Panics
/// If lengths differ or a score is not finite.
pub fn paired_delong(
    labels: &[bool],
    scores_a: &[f64],
    scores_b: &[f64],
    confidence: f64,
) -> PairedDelong {
    check_inputs(labels, scores_a);
    check_inputs(labels, scores_b);
    let auc_a = auc(labels, scores_a);
    let auc_b = auc(labels, scores_b);
    let pa = placements(labels, scores_a);
    let pb = placements(labels, scores_b);
    let (m, n) = (pa.v10.len() as f64, pa.v01.len() as f64);
    let s = |x10: &[f64], ca: f64, y10: &[f64], cb: f64, x01: &[f64], y01: &[f64]| {
        sample_cov(x10, ca, y10, cb) / m + sample_cov(x01, ca, y01, cb) / n
    };
    let var_a = s(&pa.v10, auc_a, &pa.v10, auc_a, &pa.v01, &pa.v01);
    let var_b = s(&pb.v10, auc_b, &pb.v10, auc_b, &pb.v01, &pb.v01);
    let covariance = s(&pa.v10, auc_a, &pb.v10, auc_b, &pa.v01, &pb.v01);
    paired_test(auc_a, auc_b, var_a, var_b, covariance, confidence)
}

/// The z test of two correlated AUCs from their variances and covariance (DeLong's, or
/// Obuchowski's clustered ones): difference a − b, its standard error, z, p and interval.
pub(crate) fn paired_test(
    auc_a: f64,
    auc_b: f64,
    var_a: f64,
    var_b: f64,
    covariance: f64,
    confidence: f64,
) -> PairedDelong {
    let difference = auc_a - auc_b;
    // A variance that rounding pushed a hair below 0 is 0 (NaN stays NaN: `max` would drop it).
    let var_diff = var_a + var_b - 2.0 * covariance;
    let se = if var_diff < 0.0 { 0.0 } else { var_diff.sqrt() };
    // CONVENTION (pROC): 0/0 (identical AUCs with zero variance) is z = 0, not NaN.
    let z = if difference == 0.0 && se == 0.0 {
        0.0
    } else {
        difference / se
    };
    let half = z_for(confidence) * se;
    PairedDelong {
        auc_a,
        auc_b,
        difference,
        se,
        z,
        p_value: two_sided_normal_p(z),
        ci: [difference - half, difference + half],
        covariance,
        confidence,
    }
}

// ------------------------------------------------------------------------------------------------
// Unpaired DeLong
// ------------------------------------------------------------------------------------------------

/// DeLong's test of two independent AUCs (different patients), with a Welch-type t reference.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct UnpairedDelong {
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub auc_a: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub auc_b: f64,
    /// DeLong variances of each AUC (as `roc::delong`).
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub variance_a: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub variance_b: f64,
    /// `auc_a − auc_b`.
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub difference: f64,
    /// √(variance_a + variance_b).
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub se: f64,
    /// pROC's statistic "D" = difference / se; 0 when both are 0.
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub t: f64,
    /// Welch–Satterthwaite-type degrees of freedom (pROC): (v_a + v_b)² / (v_a²/(N_a − 1) +
    /// v_b²/(N_b − 1)), N = all cases of that cohort.
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub df: f64,
    /// Two-sided, Student t with `df` degrees of freedom.
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub p_value: f64,
}

/// Unpaired DeLong test, as pROC `roc.test(roc_a, roc_b, method = "delong", paired = FALSE)`
/// (pROC's `delong.unpaired.test`), both curves in direction "<".
///
/// pROC gives no interval for this test; [`UnpairedDelong::ci`] adds one on the same t
/// reference so that the interval excludes 0 exactly when p < 1 − confidence.
///
/// # Panics
/// If a cohort's lengths differ or a score is not finite.
pub fn unpaired_delong(
    labels_a: &[bool],
    scores_a: &[f64],
    labels_b: &[bool],
    scores_b: &[f64],
) -> UnpairedDelong {
    let da = delong(labels_a, scores_a);
    let db = delong(labels_b, scores_b);
    unpaired_of(da, db, labels_a.len() as f64, labels_b.len() as f64)
}

/// The unpaired test from two AUCs with their variances and sample sizes (cases; with
/// patient-level variances, patients: `subgroups` passes Obuchowski's variances and patient
/// counts, so the Welch-type df counts independent units).
pub(crate) fn unpaired_of(
    da: super::roc::DeLong,
    db: super::roc::DeLong,
    na: f64,
    nb: f64,
) -> UnpairedDelong {
    let (va, vb) = (da.variance, db.variance);
    let difference = da.auc - db.auc;
    let se = (va + vb).sqrt();
    let t = if difference == 0.0 && se == 0.0 {
        0.0
    } else {
        difference / se
    };
    let df = (va + vb).powi(2) / (va * va / (na - 1.0) + vb * vb / (nb - 1.0));
    let p_value = if t == 0.0 {
        1.0 // also covers df = 0/0 when both variances are 0
    } else {
        two_sided_t_p(t, df)
    };
    UnpairedDelong {
        auc_a: da.auc,
        auc_b: db.auc,
        variance_a: va,
        variance_b: vb,
        difference,
        se,
        t,
        df,
        p_value,
    }
}

impl UnpairedDelong {
    /// `difference ± t_{df, 1−α/2}·se`, not clipped. NaN where the test is NaN.
    pub fn ci(&self, confidence: f64) -> [f64; 2] {
        let half = t_critical(self.df, confidence) * self.se;
        [self.difference - half, self.difference + half]
    }
}

/// 2·P(T > |t|), T ~ Student t(df): I_{df/(df+t²)}(df/2, ½). NaN for NaN input or df ≤ 0.
///
/// Accuracy is statrs' `beta_reg`: measured against scipy `2·t.sf`, relative error 5e-12 at
/// df = 1.2e4, 8e-11 at 1e5, 9e-10 at 1e6 (its log-gamma prefactor loses digits as df grows).
fn two_sided_t_p(t: f64, df: f64) -> f64 {
    let df_ok = df > 0.0; // false for NaN too
    if t.is_nan() || !df_ok {
        return f64::NAN;
    }
    if t.is_infinite() {
        return 0.0;
    }
    let x = df / (df + t * t);
    beta_reg(df / 2.0, 0.5, x)
}

/// The q > 0 with 2·P(T > q) = 1 − confidence, by bisection on x = df/(df+q²) in (0, 1) (the
/// same robust approach as `intervals::clopper_pearson`; statrs' `inverse_cdf` is AS 64 + Newton).
fn t_critical(df: f64, confidence: f64) -> f64 {
    let valid = df > 0.0 && confidence > 0.0 && confidence < 1.0; // false for NaN too
    if !valid {
        return f64::NAN;
    }
    let alpha = 1.0 - confidence;
    // I_x(df/2, ½) increases with x; find x with I_x = α.
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    for _ in 0..1100 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if beta_reg(df / 2.0, 0.5, mid) < alpha {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let x = 0.5 * (lo + hi);
    (df * (1.0 - x) / x).sqrt()
}

// ------------------------------------------------------------------------------------------------
// McNemar
// ------------------------------------------------------------------------------------------------

/// Result of [`mcnemar_exact`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct McNemar {
    /// Pairs where A is right and B wrong (statsmodels `table[0, 1]`).
    pub b: u64,
    /// Pairs where A is wrong and B right (statsmodels `table[1, 0]`).
    pub c: u64,
    /// min(b, c), statsmodels' `statistic` for the exact test.
    pub statistic: u64,
    /// Two-sided exact p-value: min(1, 2·P(X ≤ min(b, c))), X ~ Binomial(b + c, ½).
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub p_value: f64,
}

/// McNemar's exact test, as statsmodels `mcnemar([[·, b], [c, ·]], exact=True)`.
///
/// Why exact: the discordant counts of a validation cohort are often small, where the χ²
/// approximation is poor; the exact test is what statsmodels recommends then. b = c = 0 gives
/// p = 1 (no evidence either way).
pub fn mcnemar_exact(b: u64, c: u64) -> McNemar {
    let k = b.min(c);
    let p_value = (2.0 * binomial_half_cdf(k, b + c)).min(1.0);
    McNemar {
        b,
        c,
        statistic: k,
        p_value,
    }
}

/// P(X ≤ k) for X ~ Binomial(n, ½), summed exactly from the terms C(n, i)/2ⁿ, i = k, k−1, …, 0.
///
/// Why not statrs' `beta_reg`: its continued fraction stops after 140 iterations, too few for
/// the n of a large cohort, and it loses the tail's relative digits near 1. The terms here come
/// from one log-space binomial coefficient (statrs `ln_gamma`, relative error ~1e-15 · ln C),
/// then exact ratios; the sum stops when the terms no longer change it.
fn binomial_half_cdf(k: u64, n: u64) -> f64 {
    if k >= n {
        return 1.0;
    }
    let (kf, nf) = (k as f64, n as f64);
    let ln_term_k = ln_gamma(nf + 1.0)
        - ln_gamma(kf + 1.0)
        - ln_gamma(nf - kf + 1.0)
        - nf * std::f64::consts::LN_2;
    // Σ_{i ≤ k} term_i / term_k, adding from the largest term down.
    let mut sum = 1.0;
    let mut ratio = 1.0;
    let mut i = k;
    while i > 0 {
        ratio *= i as f64 / (nf - i as f64 + 1.0);
        let before = sum;
        sum += ratio;
        if sum == before {
            break;
        }
        i -= 1;
    }
    (ln_term_k.exp() * sum).min(1.0)
}

/// Two classifiers' calls on the same cases of one class, as a paired 2×2 table.
///
/// "Correct" means predicted positive for a positive case (sensitivity) and predicted negative
/// for a negative case (specificity).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PairedOutcomes {
    pub both_correct: u64,
    /// A correct, B wrong: McNemar's b.
    pub only_a_correct: u64,
    /// A wrong, B correct: McNemar's c.
    pub only_b_correct: u64,
    pub both_wrong: u64,
    /// McNemar's exact test on (only_a_correct, only_b_correct).
    pub mcnemar: McNemar,
}

impl PairedOutcomes {
    fn from_counts(both_correct: u64, only_a: u64, only_b: u64, both_wrong: u64) -> PairedOutcomes {
        PairedOutcomes {
            both_correct,
            only_a_correct: only_a,
            only_b_correct: only_b,
            both_wrong,
            mcnemar: mcnemar_exact(only_a, only_b),
        }
    }

    /// A's proportion correct (its sensitivity or specificity).
    pub fn a(&self) -> Proportion {
        Proportion {
            x: self.both_correct + self.only_a_correct,
            n: self.total(),
        }
    }

    /// B's proportion correct.
    pub fn b(&self) -> Proportion {
        Proportion {
            x: self.both_correct + self.only_b_correct,
            n: self.total(),
        }
    }

    /// Cases in this class.
    pub fn total(&self) -> u64 {
        self.both_correct + self.only_a_correct + self.only_b_correct + self.both_wrong
    }
}

/// Paired comparison of two classifiers at their operating thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DiscordantPairs {
    /// Among the positives: who detects them.
    pub sensitivity: PairedOutcomes,
    /// Among the negatives: who correctly rules them out.
    pub specificity: PairedOutcomes,
}

/// Builds the paired 2×2 tables for sensitivity (positives) and specificity (negatives) of two
/// classifiers on the same cases, each called positive when `score >= its threshold` (the rule
/// of `Confusion::at_threshold`), with McNemar's exact test on each.
///
/// # Panics
/// If lengths differ or a score is not finite.
pub fn discordant_pairs(
    labels: &[bool],
    scores_a: &[f64],
    threshold_a: f64,
    scores_b: &[f64],
    threshold_b: f64,
) -> DiscordantPairs {
    check_inputs(labels, scores_a);
    check_inputs(labels, scores_b);
    // [class][a correct][b correct]
    let mut t = [[[0u64; 2]; 2]; 2];
    for ((&y, &sa), &sb) in labels.iter().zip(scores_a).zip(scores_b) {
        let a_correct = (sa >= threshold_a) == y;
        let b_correct = (sb >= threshold_b) == y;
        t[usize::from(y)][usize::from(a_correct)][usize::from(b_correct)] += 1;
    }
    let table = |c: [[u64; 2]; 2]| PairedOutcomes::from_counts(c[1][1], c[1][0], c[0][1], c[0][0]);
    DiscordantPairs {
        sensitivity: table(t[1]),
        specificity: table(t[0]),
    }
}

// ------------------------------------------------------------------------------------------------
// Holm
// ------------------------------------------------------------------------------------------------

/// Holm–Bonferroni adjusted p-values, in input order, as statsmodels
/// `multipletests(p, method="holm")[1]`.
///
/// Sorted ascending p₍₁₎ ≤ … ≤ p₍ₘ₎, adjusted p₍ᵢ₎ = min(1, maxⱼ≤ᵢ (m − j + 1)·p₍ⱼ₎) (step-down,
/// made monotone). Rejecting where adjusted p < α controls the family-wise error rate at α
/// under any dependence between the tests, which is why we use it across subgroups (whose
/// tests share the "rest" of the cohort and are not independent).
///
/// CONVENTION: NaN entries are "not tested": they stay NaN and do not count in m (statsmodels
/// has no such rule; it would propagate NaN). Ties get the same adjusted value.
pub fn holm(p_values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..p_values.len())
        .filter(|&i| !p_values[i].is_nan())
        .collect();
    order.sort_by(|&i, &j| p_values[i].total_cmp(&p_values[j]));
    let m = order.len();
    let mut out = vec![f64::NAN; p_values.len()];
    let mut running = f64::NEG_INFINITY;
    for (rank, &i) in order.iter().enumerate() {
        // Same arithmetic as statsmodels: p * (m - rank), then the running maximum.
        running = running.max(p_values[i] * (m - rank) as f64);
        out[i] = running.min(1.0);
    }
    out
}
