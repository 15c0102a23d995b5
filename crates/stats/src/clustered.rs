//! Patient-level (clustered) statistics: intervals that hold when one patient contributes several
//! units (images, exams, lesions) and the units of a patient are not independent.
//!
//! A *cluster* is a patient; a *unit* is what the model scores. Units of one patient share
//! anatomy, equipment and reader, so treating them as independent makes every interval too
//! narrow. Each function here reduces exactly to its unclustered counterpart when every patient
//! has one unit (tested), so a patient key never changes the figures of a cohort that has none
//! to account for.
//!
//! * AUC: Obuchowski's nonparametric clustered variance, [`obuchowski`] (Obuchowski NA. Nonparametric
//!   analysis of clustered ROC curve data. Biometrics 1997;53:567–578), the clustered form of
//!   DeLong's structural components; two AUCs on the same units: [`obuchowski_paired`].
//! * Proportions: the ratio estimator p = Σyᵢ/Σnᵢ with the cluster (sandwich) variance, a design
//!   effect and an effective sample size, [`ratio_proportion`] (Rao JNK, Scott AJ. A simple method
//!   for the analysis of clustered binary data. Biometrics 1992;48:577–585; Korn EL, Graubard BI.
//!   Confidence intervals for proportions with small expected number of positive counts estimated
//!   from survey data. Survey Methodology 1998;24:193–201).
//!
//! Pure functions; no I/O. Patients are dense indices `0..count` ([`Clusters`]), never ids.

use serde::{Deserialize, Serialize};

use super::compare::{PairedDelong, placements, two_sided_normal_p};
use super::confusion::{Confusion, Proportion};
use super::intervals::{clopper_pearson_effective, wilson_effective};
use super::roc::{DeLong, auc};
use super::{check_inputs, nullable};

/// Which patient each unit belongs to, as dense indices in order of first appearance.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Clusters {
    /// `of[u]` = the patient of unit u, in `0..count`.
    pub of: Vec<u32>,
    /// Number of distinct patients.
    pub count: usize,
}

impl Clusters {
    /// Patients from each unit's key. An empty key cannot be matched with anything, so such a
    /// unit is a patient of its own (the conservative reading would be impossible to state).
    pub fn from_keys<S: AsRef<str>>(keys: &[S]) -> Clusters {
        // foldhash: a million patient keys hashed with SipHash took a third of a second.
        let mut index: foldhash::HashMap<&str, u32> =
            foldhash::HashMap::with_capacity_and_hasher(keys.len() / 2, Default::default());
        let mut of = Vec::with_capacity(keys.len());
        let mut count = 0u32;
        for k in keys {
            let k = k.as_ref();
            let id = if k.is_empty() {
                count += 1;
                count - 1
            } else {
                *index.entry(k).or_insert_with(|| {
                    count += 1;
                    count - 1
                })
            };
            of.push(id);
        }
        Clusters {
            of,
            count: count as usize,
        }
    }

    /// One patient per unit: the unclustered case.
    pub fn singletons(n: usize) -> Clusters {
        Clusters {
            of: (0..n as u32).collect(),
            count: n,
        }
    }

    /// The units where `keep` is true, patients renumbered densely (a subgroup or a period).
    pub fn select(&self, keep: &[bool]) -> Clusters {
        assert_eq!(keep.len(), self.of.len(), "one flag per unit");
        let mut renumber = vec![u32::MAX; self.count];
        let mut of = Vec::new();
        let mut count = 0u32;
        for (&c, _) in self.of.iter().zip(keep).filter(|(_, k)| **k) {
            if renumber[c as usize] == u32::MAX {
                renumber[c as usize] = count;
                count += 1;
            }
            of.push(renumber[c as usize]);
        }
        Clusters {
            of,
            count: count as usize,
        }
    }

    /// Number of units.
    pub fn units(&self) -> usize {
        self.of.len()
    }

    /// True when no patient has more than one unit.
    pub fn all_singletons(&self) -> bool {
        self.count == self.of.len()
    }
}

// ------------------------------------------------------------------------------------------------
// AUC
// ------------------------------------------------------------------------------------------------

/// Obuchowski's (1997) cluster-level structural components of one score.
struct Components {
    auc: f64,
    /// M, N: positive and negative units.
    m: f64,
    n: f64,
    /// I10, I01: patients with at least one positive / negative unit; I: all patients.
    i10: f64,
    i01: f64,
    i: f64,
    /// Per patient: V10ᵢ − mᵢθ (the sum of its positives' components, centred).
    r10: Vec<f64>,
    /// Per patient: V01ᵢ − nᵢθ.
    r01: Vec<f64>,
}

fn components(labels: &[bool], scores: &[f64], clusters: &Clusters) -> Components {
    check_inputs(labels, scores);
    assert_eq!(labels.len(), clusters.units(), "one patient per unit");
    // Unit-level components V10(X_ik) = (1/N)·Σ ψ(X_ik, Y), V01(Y_jl) = (1/M)·Σ ψ(X, Y_jl),
    // ψ = 1, ½, 0 for >, =, <: DeLong's, per unit in input order.
    let p = placements(labels, scores);
    // θ = Σᵢ V10ᵢ / M is the Mann–Whitney AUC; taken exactly from `roc::auc`.
    let theta = auc(labels, scores);
    let k = clusters.count;
    let mut v10 = vec![0.0; k];
    let mut v01 = vec![0.0; k];
    let mut m_i = vec![0u64; k];
    let mut n_i = vec![0u64; k];
    let (mut next10, mut next01) = (0, 0);
    for (&label, &c) in labels.iter().zip(&clusters.of) {
        let c = c as usize;
        if label {
            v10[c] += p.v10[next10];
            m_i[c] += 1;
            next10 += 1;
        } else {
            v01[c] += p.v01[next01];
            n_i[c] += 1;
            next01 += 1;
        }
    }
    let nonempty = |counts: &[u64]| counts.iter().filter(|&&x| x > 0).count() as f64;
    Components {
        auc: theta,
        m: p.v10.len() as f64,
        n: p.v01.len() as f64,
        i10: nonempty(&m_i),
        i01: nonempty(&n_i),
        i: nonempty(&m_i.iter().zip(&n_i).map(|(a, b)| a + b).collect::<Vec<_>>()),
        r10: v10
            .iter()
            .zip(&m_i)
            .map(|(v, &m)| v - m as f64 * theta)
            .collect(),
        r01: v01
            .iter()
            .zip(&n_i)
            .map(|(v, &n)| v - n as f64 * theta)
            .collect(),
    }
}

/// Obuchowski's covariance of the AUCs of two scores on the same units (a = b: the variance):
///
/// cov = S10/M + S01/N + (S11ᵃᵇ + S11ᵇᵃ)/(M·N), with
/// S10 = I10/((I10−1)·M)·Σᵢ(V10ᵢᵃ − mᵢθᵃ)(V10ᵢᵇ − mᵢθᵇ),
/// S01 = I01/((I01−1)·N)·Σᵢ(V01ᵢᵃ − nᵢθᵃ)(V01ᵢᵇ − nᵢθᵇ),
/// S11ᵃᵇ = I/(I−1)·Σᵢ(V10ᵢᵃ − mᵢθᵃ)(V01ᵢᵇ − nᵢθᵇ)
/// (Obuchowski 1997, eqs. 3–5; the two-test form as in her section 3). The factor I10/(I10−1)
/// is applied as (Σ/(I10−1))·(I10/M)/M so that with one unit per patient (I10 = M, I01 = N,
/// S11 = 0) the arithmetic is DeLong's Σ/(m−1)/m.
fn covariance(a: &Components, b: &Components) -> f64 {
    let dot = |x: &[f64], y: &[f64]| -> f64 { x.iter().zip(y).map(|(p, q)| p * q).sum() };
    let s10 = dot(&a.r10, &b.r10) / (a.i10 - 1.0) * (a.i10 / a.m) / a.m;
    let s01 = dot(&a.r01, &b.r01) / (a.i01 - 1.0) * (a.i01 / a.n) / a.n;
    let s11 = (dot(&a.r10, &b.r01) + dot(&b.r10, &a.r01)) / (a.i - 1.0) * a.i / (a.m * a.n);
    s10 + s01 + s11
}

/// AUC with Obuchowski's (1997) clustered nonparametric variance; its interval is
/// [`DeLong::ci`] (AUC ± z·se clipped to [0, 1]), as for DeLong's.
///
/// With one unit per patient this is DeLong's variance (same formula, S11 = 0). NaN variance
/// with fewer than 2 patients holding a positive unit, or 2 holding a negative one.
///
/// # Panics
/// If lengths differ or a score is not finite (see `metrics::check_inputs`).
pub fn obuchowski(labels: &[bool], scores: &[f64], clusters: &Clusters) -> DeLong {
    if clusters.all_singletons() {
        // The same formula (tested below); DeLong's own arithmetic keeps a patient key on a
        // cohort of one unit per patient bit for bit without effect.
        return super::roc::delong(labels, scores);
    }
    let c = components(labels, scores, clusters);
    let variance = covariance(&c, &c);
    DeLong {
        auc: c.auc,
        variance,
        se: variance.sqrt(),
    }
}

/// Two AUCs on the same units (and patients) compared with Obuchowski's clustered covariance,
/// in the shape of the paired DeLong test (difference = a − b, normal reference, Wald interval).
/// With one unit per patient it is `compare::paired_delong` up to rounding.
pub fn obuchowski_paired(
    labels: &[bool],
    scores_a: &[f64],
    scores_b: &[f64],
    clusters: &Clusters,
    confidence: f64,
) -> PairedDelong {
    if clusters.all_singletons() {
        return super::compare::paired_delong(labels, scores_a, scores_b, confidence);
    }
    let a = components(labels, scores_a, clusters);
    let b = components(labels, scores_b, clusters);
    super::compare::paired_test(
        a.auc,
        b.auc,
        covariance(&a, &a),
        covariance(&b, &b),
        covariance(&a, &b),
        confidence,
    )
}

// ------------------------------------------------------------------------------------------------
// Proportions
// ------------------------------------------------------------------------------------------------

/// A proportion over units whose patients may contribute several, with intervals that account
/// for it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ClusteredProportion {
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub estimate: f64,
    /// Units: successes and trials.
    pub x: u64,
    pub n: u64,
    /// Patients with at least one unit in the denominator.
    pub patients: u64,
    /// Ratio-estimator (sandwich) variance Σ(yᵢ − p·nᵢ)²/(Σnᵢ)².
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub variance: f64,
    /// variance / (p(1−p)/n), truncated below at 1; 1 when p is 0 or 1.
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub design_effect: f64,
    /// n / design effect.
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub n_effective: f64,
    #[serde(with = "nullable::pair")]
    #[schemars(with = "[Option<f64>; 2]")]
    pub wilson: [f64; 2],
    #[serde(with = "nullable::pair")]
    #[schemars(with = "[Option<f64>; 2]")]
    pub clopper_pearson: [f64; 2],
}

/// The cluster ratio estimator of a proportion from each patient's (xᵢ successes of nᵢ units).
///
/// p = Σxᵢ/Σnᵢ; its variance is the robust (sandwich) variance of an intercept-only GEE with
/// independence working correlation, Σ(xᵢ − p·nᵢ)²/(Σnᵢ)² (Rao & Scott 1992 without their
/// I/(I−1) factor, which would make a cohort of one unit per patient differ from the binomial).
/// The design effect deff = variance/(p(1−p)/n) is truncated below at 1 (a cluster design is
/// never credited with more information than independent units), and the intervals are
/// Korn & Graubard's (1998): the Wilson interval at the effective sample size n/deff, and the
/// Clopper–Pearson interval of x/deff successes in n/deff trials (beta quantiles at non-integer
/// counts), without their degrees-of-freedom correction. When p is 0 or 1 the variance is 0 and
/// deff is 1 (the binomial intervals are kept, as Korn & Graubard do).
///
/// Computed in integers (Σ(n·xᵢ − x·nᵢ)², exact in u128), so with one unit per patient deff is
/// exactly 1 and the intervals are bit for bit `intervals::wilson` / `clopper_pearson`.
pub fn ratio_proportion(per_patient: &[Proportion], confidence: f64) -> ClusteredProportion {
    let x: u64 = per_patient.iter().map(|p| p.x).sum();
    let n: u64 = per_patient.iter().map(|p| p.n).sum();
    let patients = per_patient.iter().filter(|p| p.n > 0).count() as u64;
    let (xw, nw) = (u128::from(x), u128::from(n));
    // A = Σ(n·xᵢ − x·nᵢ)² = n²·Σ(xᵢ − p·nᵢ)².
    let a: u128 = per_patient
        .iter()
        .map(|p| {
            let d = (nw * u128::from(p.x)).abs_diff(xw * u128::from(p.n));
            d * d
        })
        .sum();
    let nf = n as f64;
    let variance = if n == 0 {
        f64::NAN
    } else {
        a as f64 / (nf * nf) / (nf * nf)
    };
    // deff = var / (p(1−p)/n) = A / (n·x·(n−x)).
    let design_effect = if n == 0 {
        f64::NAN
    } else if x == 0 || x == n {
        1.0
    } else {
        (a as f64 / (nw * xw * (nw - xw)) as f64).max(1.0)
    };
    let (x_eff, n_eff) = (x as f64 / design_effect, nf / design_effect);
    let (wl, wh) = if n == 0 {
        (f64::NAN, f64::NAN)
    } else {
        wilson_effective(x_eff, n_eff, confidence)
    };
    let (cl, ch) = if n == 0 {
        (f64::NAN, f64::NAN)
    } else {
        clopper_pearson_effective(x_eff, n_eff, confidence)
    };
    ClusteredProportion {
        estimate: Proportion { x, n }.estimate(),
        x,
        n,
        patients,
        variance,
        design_effect,
        n_effective: n_eff,
        wilson: [wl, wh],
        clopper_pearson: [cl, ch],
    }
}

/// Each patient's confusion matrix at `threshold` (score ≥ threshold is positive, as
/// `Confusion::at_threshold`), indexed by patient.
pub fn confusion_by_patient(
    labels: &[bool],
    scores: &[f64],
    threshold: f64,
    clusters: &Clusters,
) -> Vec<Confusion> {
    check_inputs(labels, scores);
    assert_eq!(labels.len(), clusters.units(), "one patient per unit");
    let mut out = vec![
        Confusion {
            tp: 0,
            fp: 0,
            tn: 0,
            fn_: 0
        };
        clusters.count
    ];
    for ((&label, &score), &c) in labels.iter().zip(scores).zip(&clusters.of) {
        let k = &mut out[c as usize];
        match (label, score >= threshold) {
            (true, true) => k.tp += 1,
            (false, true) => k.fp += 1,
            (false, false) => k.tn += 1,
            (true, false) => k.fn_ += 1,
        }
    }
    out
}

/// The five proportions of a confusion matrix, clustered by patient.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ClusteredRates {
    pub sensitivity: ClusteredProportion,
    pub specificity: ClusteredProportion,
    pub ppv: ClusteredProportion,
    pub npv: ClusteredProportion,
    pub accuracy: ClusteredProportion,
}

/// Sensitivity, specificity, PPV, NPV and accuracy at `threshold` with [`ratio_proportion`].
pub fn clustered_rates(
    labels: &[bool],
    scores: &[f64],
    threshold: f64,
    clusters: &Clusters,
    confidence: f64,
) -> ClusteredRates {
    let per = confusion_by_patient(labels, scores, threshold, clusters);
    let rate = |f: fn(&Confusion) -> Proportion| {
        let parts: Vec<Proportion> = per.iter().map(f).collect();
        ratio_proportion(&parts, confidence)
    };
    ClusteredRates {
        sensitivity: rate(Confusion::sensitivity),
        specificity: rate(Confusion::specificity),
        ppv: rate(Confusion::ppv),
        npv: rate(Confusion::npv),
        accuracy: rate(Confusion::accuracy),
    }
}

// ------------------------------------------------------------------------------------------------
// McNemar
// ------------------------------------------------------------------------------------------------

/// McNemar's test for clustered matched pairs (Durkalski VL, Palesch YY, Lipsitz SR, Rust PF.
/// Analysis of clustered matched-pair data. Statistics in Medicine 2003;22:2417–2428).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ClusteredMcNemar {
    /// Units where A is right and B wrong, and the reverse (as `McNemar::b`, `c`).
    pub b: u64,
    pub c: u64,
    /// Patients with at least one discordant unit.
    pub patients: u64,
    /// X² = (Σₖ(bₖ − cₖ))² / Σₖ(bₖ − cₖ)², referred to χ² with 1 df.
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub statistic: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub p_value: f64,
}

/// Durkalski's clustered McNemar statistic from each patient's discordant counts (bₖ, cₖ):
/// X² = (Σ(bₖ − cₖ))² / Σ(bₖ − cₖ)², χ²(1). With one unit per patient it is McNemar's
/// asymptotic statistic (b − c)²/(b + c) without continuity correction, not the exact test used
/// without a patient key. No discordant unit: X² = 0, p = 1.
pub fn durkalski(per_patient: &[(u64, u64)]) -> ClusteredMcNemar {
    let (b, c) = per_patient
        .iter()
        .fold((0, 0), |(b, c), &(x, y)| (b + x, c + y));
    let denominator: f64 = per_patient
        .iter()
        .map(|&(x, y)| (x as f64 - y as f64).powi(2))
        .sum();
    let statistic = if denominator == 0.0 {
        0.0
    } else {
        (b as f64 - c as f64).powi(2) / denominator
    };
    ClusteredMcNemar {
        b,
        c,
        patients: per_patient.iter().filter(|&&(x, y)| x + y > 0).count() as u64,
        statistic,
        // χ²(1) upper tail = two-sided normal tail at √X².
        p_value: two_sided_normal_p(statistic.sqrt()),
    }
}

/// Durkalski's test on the positives (sensitivity) and on the negatives (specificity).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ClusteredDiscordance {
    pub sensitivity: ClusteredMcNemar,
    pub specificity: ClusteredMcNemar,
}

/// Each patient's discordant units of two classifiers (A right and B wrong, and the reverse)
/// among its positives and its negatives, tested with [`durkalski`].
pub fn clustered_discordance(
    labels: &[bool],
    scores_a: &[f64],
    threshold_a: f64,
    scores_b: &[f64],
    threshold_b: f64,
    clusters: &Clusters,
) -> ClusteredDiscordance {
    check_inputs(labels, scores_a);
    check_inputs(labels, scores_b);
    assert_eq!(labels.len(), clusters.units(), "one patient per unit");
    // [class][patient] = (b, c)
    let mut t = [
        vec![(0u64, 0u64); clusters.count],
        vec![(0u64, 0u64); clusters.count],
    ];
    for (((&y, &sa), &sb), &k) in labels.iter().zip(scores_a).zip(scores_b).zip(&clusters.of) {
        let a_correct = (sa >= threshold_a) == y;
        let b_correct = (sb >= threshold_b) == y;
        let cell = &mut t[usize::from(y)][k as usize];
        match (a_correct, b_correct) {
            (true, false) => cell.0 += 1,
            (false, true) => cell.1 += 1,
            _ => {}
        }
    }
    ClusteredDiscordance {
        sensitivity: durkalski(&t[1]),
        specificity: durkalski(&t[0]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{clopper_pearson, delong, paired_delong, wilson};

    fn cohort() -> (Vec<bool>, Vec<f64>, Vec<f64>) {
        let labels = vec![
            true, false, true, true, false, false, false, true, false, false, true, false,
        ];
        let a = vec![0.9, 0.2, 0.4, 0.4, 0.4, 0.1, 0.7, 0.3, 0.3, 0.05, 0.8, 0.6];
        let b = vec![0.5, 0.3, 0.6, 0.2, 0.1, 0.4, 0.7, 0.9, 0.2, 0.3, 0.7, 0.6];
        (labels, a, b)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-14 * b.abs().max(1e-300)
    }

    #[test]
    fn one_unit_per_patient_is_delong() {
        let (y, a, b) = cohort();
        let c = Clusters::singletons(y.len());
        // The formula itself (the public functions return DeLong's arithmetic for singletons).
        let (ca, cb) = (components(&y, &a, &c), components(&y, &b, &c));
        let d = delong(&y, &a);
        assert_eq!(ca.auc, d.auc);
        assert!(close(covariance(&ca, &ca), d.variance), "{d:?}");
        let pd = paired_delong(&y, &a, &b, 0.95);
        assert!(close(covariance(&ca, &cb), pd.covariance));
        assert_eq!(obuchowski(&y, &a, &c), d);
        assert_eq!(obuchowski_paired(&y, &a, &b, &c, 0.95), pd);
        // Keys all distinct: the same as singletons.
        let keys: Vec<String> = (0..y.len()).map(|i| format!("p{i}")).collect();
        assert_eq!(Clusters::from_keys(&keys), c);
    }

    #[test]
    fn one_unit_per_patient_is_binomial_bit_for_bit() {
        let (y, a, _) = cohort();
        let c = Clusters::singletons(y.len());
        let r = clustered_rates(&y, &a, 0.35, &c, 0.95);
        let k = Confusion::at_threshold(&y, &a, 0.35);
        for (got, p) in [
            (r.sensitivity, k.sensitivity()),
            (r.specificity, k.specificity()),
            (r.ppv, k.ppv()),
            (r.npv, k.npv()),
            (r.accuracy, k.accuracy()),
        ] {
            assert_eq!(got.design_effect, 1.0);
            assert_eq!(got.n_effective, p.n as f64);
            let (wl, wh) = wilson(p.x, p.n, 0.95);
            let (cl, ch) = clopper_pearson(p.x, p.n, 0.95);
            assert_eq!(got.wilson, [wl, wh]);
            assert_eq!(got.clopper_pearson, [cl, ch]);
        }
    }

    #[test]
    fn durkalski_is_mcnemar_without_clusters_and_wider_with() {
        // Singletons: (b − c)²/(b + c).
        let parts: Vec<(u64, u64)> = [(1, 0); 7].into_iter().chain([(0, 1); 2]).collect();
        let d = durkalski(&parts);
        assert_eq!((d.b, d.c, d.patients), (7, 2, 9));
        assert!((d.statistic - 25.0 / 9.0).abs() < 1e-15);
        // The same discordances bunched in two patients: much less evidence.
        let d2 = durkalski(&[(5, 0), (2, 2)]);
        assert!((d2.statistic - 25.0 / 25.0).abs() < 1e-15);
        assert!(d2.p_value > d.p_value);
        assert_eq!(durkalski(&[(0, 0)]).p_value, 1.0);
    }

    #[test]
    fn correlated_units_widen_the_intervals() {
        // Four patients of three identical units each: deff = 3, n_eff = 4.
        let parts = [
            Proportion { x: 3, n: 3 },
            Proportion { x: 3, n: 3 },
            Proportion { x: 0, n: 3 },
            Proportion { x: 3, n: 3 },
        ];
        let r = ratio_proportion(&parts, 0.95);
        assert_eq!(r.estimate, 0.75);
        // Σ(xᵢ − p nᵢ)² = 3·0.75² + 2.25² = 6.75; /12² = 0.046875; p(1−p)/n = 0.015625.
        assert!((r.variance - 0.046875).abs() < 1e-15);
        assert!((r.design_effect - 3.0).abs() < 1e-15);
        let (wl, wh) = wilson(3, 4, 0.95);
        assert!((r.wilson[0] - wl).abs() < 1e-12 && (r.wilson[1] - wh).abs() < 1e-12);
        let (cl, ch) = clopper_pearson(3, 4, 0.95);
        assert!((r.clopper_pearson[0] - cl).abs() < 1e-9);
        assert!((r.clopper_pearson[1] - ch).abs() < 1e-9);
        // Units less alike than independent ones: truncated at 1.
        let r = ratio_proportion(
            &[Proportion { x: 1, n: 2 }, Proportion { x: 1, n: 2 }],
            0.95,
        );
        assert_eq!(r.design_effect, 1.0);
    }

    #[test]
    fn duplicated_patients_inflate_the_auc_variance() {
        // Every unit copied within its patient: the same AUC, DeLong on the doubled data is
        // too narrow, Obuchowski's is (nearly) the original's.
        let (y, a, _) = cohort();
        let yy: Vec<bool> = y.iter().flat_map(|&l| [l, l]).collect();
        let aa: Vec<f64> = a.iter().flat_map(|&s| [s, s]).collect();
        let keys: Vec<usize> = (0..y.len()).flat_map(|i| [i, i]).collect();
        let keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
        let c = Clusters::from_keys(&keys);
        assert_eq!(c.count, y.len());
        let o = obuchowski(&yy, &aa, &c);
        let once = delong(&y, &a);
        let naive = delong(&yy, &aa);
        assert_eq!(o.auc, once.auc);
        assert!(naive.variance < 0.6 * once.variance);
        assert!(
            (o.variance / once.variance - 1.0).abs() < 1e-12,
            "{o:?} {once:?}"
        );
        let sel = c.select(&(0..yy.len()).map(|u| u % 4 < 2).collect::<Vec<_>>());
        assert_eq!(sel.count, y.len() / 2);
    }
}
