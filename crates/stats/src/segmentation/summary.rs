//! Cohort figures of one structure from its per-case figures: mean and median with percentile
//! bootstrap intervals over patients, the share of cases within a clinical tolerance, and the
//! detection 2×2 table (structure present in the truth against found by the model).
//!
//! CONTRACT (issue 16): the types below are what the engine stores in report.json. Proven against
//! numpy, statsmodels and an independent numpy patient bootstrap in
//! `crates/stats/tests/segmentation_summary_peers.rs`.

use serde::{Deserialize, Serialize};

use crate::bootstrap::patient_replicates;
use crate::clustered::{ClusteredProportion, Clusters, ratio_proportion};
use crate::confusion::Proportion;
use crate::intervals::quantile_type7;
use crate::nullable;
use crate::watch::{Cancelled, Watch};

/// Mean and median of one figure over the cases that have it, with percentile bootstrap
/// intervals that resample patients (every case of a drawn patient comes along).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FigureSummary {
    /// Cases with a finite value (the mean and median are over these).
    pub n: usize,
    /// Patients those cases come from.
    pub patients: usize,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub mean: f64,
    #[serde(with = "nullable::pair")]
    #[schemars(with = "[Option<f64>; 2]")]
    pub mean_ci: [f64; 2],
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub median: f64,
    #[serde(with = "nullable::pair")]
    #[schemars(with = "[Option<f64>; 2]")]
    pub median_ci: [f64; 2],
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub sd: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub min: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub max: f64,
    /// Bootstrap replicates and seed, to reproduce the intervals.
    pub replicates: usize,
    pub seed: u64,
}

/// Which side of a tolerance counts as within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Overlaps (Dice, IoU, NSD): a case is within when its value is at least the tolerance.
    AtLeast,
    /// Distances and volume errors: within when the value is at most the tolerance.
    AtMost,
}

/// The share of cases whose figure is within a tolerance, with intervals that account for
/// several cases per patient (`clustered::ratio_proportion`; with one case per patient these
/// are the Wilson and Clopper–Pearson intervals bit for bit).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ShareWithin {
    /// The figure's report.json name (`dice`, `hd95`, …).
    pub figure: String,
    pub tolerance: f64,
    pub direction: Direction,
    pub proportion: ClusteredProportion,
}

/// Structure present in the truth against present in the prediction, counted over cases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Detection {
    /// Truth present, prediction present.
    pub found: u64,
    /// Truth present, prediction empty.
    pub missed: u64,
    /// Truth empty, prediction present.
    pub false_alarm: u64,
    /// Both empty.
    pub both_empty: u64,
    /// found / (found + missed), clustered by patient.
    pub sensitivity: ClusteredProportion,
    /// both_empty / (both_empty + false_alarm), clustered by patient.
    pub specificity: ClusteredProportion,
}

/// Mean and median of `values` with patient-bootstrap intervals. NaN values (a figure left out
/// for a case) are not part of the summary and not counted in `n`; `clusters` gives the
/// patient of each value (same length as `values`).
///
/// Over the finite values: the mean, the median (type 7, as numpy's default), the sample
/// standard deviation (n − 1), min and max. The intervals are percentile bootstrap intervals
/// (type-7 quantiles of the replicates at α/2 and 1 − α/2) where each replicate draws as many
/// patients as there are, with replacement, and pools every finite value of each drawn patient
/// (Davison & Hinkley 1997, §3.8): cases of one patient are not independent, so drawing cases
/// would make the interval too narrow. Replicate r draws from a stream seeded by (seed, r)
/// alone, as in `bootstrap.rs`, so the interval is the same whatever the thread count.
///
/// Edge cases, never a panic: n = 0 gives NaN for every figure; n = 1 gives no sd (NaN); a
/// single patient (or n = 1) gives the estimates but NaN intervals, since resampling one patient
/// only ever returns the sample itself; 0 replicates gives NaN intervals. Infinite values are
/// left out like NaN (no figure of `segmentation_metrics` is infinite).
///
/// # Panics
/// If `clusters` does not have one patient per value (a caller's bug, not bad input).
pub fn summarize(
    values: &[f64],
    clusters: &Clusters,
    replicates: usize,
    seed: u64,
    confidence: f64,
) -> FigureSummary {
    crate::watch::unwatched(summarize_watched(
        values,
        clusters,
        replicates,
        seed,
        confidence,
        &crate::watch::Unwatched,
    ))
}

/// [`summarize`] asking `watch` before each replicate whether to stop: the same result when it
/// does not, [`Cancelled`] when it does.
pub fn summarize_watched(
    values: &[f64],
    clusters: &Clusters,
    replicates: usize,
    seed: u64,
    confidence: f64,
    watch: &dyn Watch,
) -> Result<FigureSummary, Cancelled> {
    assert_eq!(values.len(), clusters.units(), "one patient per value");
    let pool = Pool::new(values, clusters);
    let n = pool.sorted.len();
    let nan = f64::NAN;
    let mut summary = FigureSummary {
        n,
        patients: pool.patients(),
        mean: nan,
        mean_ci: [nan, nan],
        median: nan,
        median_ci: [nan, nan],
        sd: nan,
        min: nan,
        max: nan,
        replicates,
        seed,
    };
    if n == 0 {
        return Ok(summary);
    }
    let sorted: Vec<f64> = pool.sorted.iter().map(|&(v, _)| v).collect();
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let mean = finite.iter().sum::<f64>() / n as f64;
    summary.mean = mean;
    summary.median = quantile_type7(&sorted, 0.5);
    summary.min = sorted[0];
    summary.max = sorted[n - 1];
    if n > 1 {
        let ss: f64 = finite.iter().map(|v| (v - mean) * (v - mean)).sum();
        summary.sd = (ss / (n - 1) as f64).sqrt();
    }
    if n > 1 && summary.patients > 1 && replicates > 0 {
        let (means, medians) = pool.replicates(replicates, seed, watch)?;
        summary.mean_ci = percentile_interval(means, confidence);
        summary.median_ci = percentile_interval(medians, confidence);
    }
    Ok(summary)
}

/// The finite values sorted once, each with its patient (renumbered densely over the patients
/// that have one), and each patient's count and sum: what a replicate needs.
struct Pool {
    /// (value, patient) ascending by value.
    sorted: Vec<(f64, u32)>,
    /// Finite values of each patient.
    count: Vec<u64>,
    /// Their sum, in input order.
    sum: Vec<f64>,
}

impl Pool {
    fn new(values: &[f64], clusters: &Clusters) -> Pool {
        let mut renumber = vec![u32::MAX; clusters.count];
        let (mut count, mut sum) = (Vec::new(), Vec::new());
        let mut sorted = Vec::new();
        for (&v, &c) in values.iter().zip(&clusters.of) {
            if !v.is_finite() {
                continue;
            }
            let slot = &mut renumber[c as usize];
            if *slot == u32::MAX {
                *slot = count.len() as u32;
                count.push(0);
                sum.push(0.0);
            }
            count[*slot as usize] += 1;
            sum[*slot as usize] += v;
            sorted.push((v, *slot));
        }
        sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
        Pool { sorted, count, sum }
    }

    fn patients(&self) -> usize {
        self.count.len()
    }

    /// The (mean, median) of each replicate's pooled values, in replicate order.
    fn replicates(
        &self,
        replicates: usize,
        seed: u64,
        watch: &dyn Watch,
    ) -> Result<(Vec<f64>, Vec<f64>), Cancelled> {
        let pairs = patient_replicates(self.patients(), replicates, seed, watch, |weight| {
            self.replicate(weight)
        })?;
        Ok(pairs.into_iter().unzip())
    }

    /// Mean and type-7 median of the values of the drawn patients, each patient's values taken
    /// `weight` times.
    fn replicate(&self, weight: &[u32]) -> (f64, f64) {
        let (mut total, mut sum) = (0u64, 0.0);
        for ((&w, &c), &s) in weight.iter().zip(&self.count).zip(&self.sum) {
            total += u64::from(w) * c;
            sum += f64::from(w) * s;
        }
        let mean = sum / total as f64;
        // Type 7 at ½: order statistics ⌊(N−1)/2⌋ and ⌈(N−1)/2⌉ (0-based) of the pooled values.
        let (lo_rank, hi_rank) = ((total - 1) / 2, total / 2);
        let (mut lo, mut hi) = (f64::NAN, f64::NAN);
        let mut seen = 0u64;
        for &(v, c) in &self.sorted {
            seen += u64::from(weight[c as usize]);
            if lo.is_nan() && seen > lo_rank {
                lo = v;
            }
            if seen > hi_rank {
                hi = v;
                break;
            }
        }
        // As `quantile_type7`: the lower value unless the rank falls between two different ones.
        let median = if hi_rank > lo_rank && hi != lo {
            0.5 * lo + 0.5 * hi
        } else {
            lo
        };
        (mean, median)
    }
}

/// Type-7 quantiles of the replicates at α/2 and 1 − α/2.
fn percentile_interval(mut replicates: Vec<f64>, confidence: f64) -> [f64; 2] {
    replicates.sort_unstable_by(f64::total_cmp);
    let tail = (1.0 - confidence) / 2.0;
    [
        quantile_type7(&replicates, tail),
        quantile_type7(&replicates, 1.0 - tail),
    ]
}

/// The share of finite `values` within `tolerance` in `direction`, clustered by patient.
///
/// Per patient, xᵢ of its nᵢ finite values are within (AtLeast: value ≥ tolerance; AtMost:
/// value ≤ tolerance); the share and its intervals are `clustered::ratio_proportion` of those,
/// which with one case per patient are the Wilson and Clopper–Pearson intervals bit for bit.
/// NaN (and infinite) values are left out of both counts, as in [`summarize`] (the caller
/// counts them).
///
/// # Panics
/// If `clusters` does not have one patient per value.
pub fn share_within(
    figure: &str,
    values: &[f64],
    tolerance: f64,
    direction: Direction,
    clusters: &Clusters,
    confidence: f64,
) -> ShareWithin {
    assert_eq!(values.len(), clusters.units(), "one patient per value");
    let mut per_patient = vec![Proportion { x: 0, n: 0 }; clusters.count];
    for (&v, &c) in values.iter().zip(&clusters.of) {
        if !v.is_finite() {
            continue;
        }
        let within = match direction {
            Direction::AtLeast => v >= tolerance,
            Direction::AtMost => v <= tolerance,
        };
        let p = &mut per_patient[c as usize];
        p.n += 1;
        p.x += u64::from(within);
    }
    ShareWithin {
        figure: figure.to_string(),
        tolerance,
        direction,
        proportion: ratio_proportion(&per_patient, confidence),
    }
}

/// The detection table from each case's (truth present, prediction present).
///
/// Sensitivity = found / (found + missed) over cases with the structure in the truth,
/// specificity = both empty / (both empty + false alarm) over cases without it, each with
/// `clustered::ratio_proportion` intervals over patients (NaN when its denominator is 0).
///
/// # Panics
/// If `clusters` does not have one patient per case.
pub fn detection(present: &[(bool, bool)], clusters: &Clusters, confidence: f64) -> Detection {
    assert_eq!(present.len(), clusters.units(), "one patient per case");
    let zero = Proportion { x: 0, n: 0 };
    let mut sensitivity = vec![zero; clusters.count];
    let mut specificity = vec![zero; clusters.count];
    let (mut found, mut missed, mut false_alarm, mut both_empty) = (0, 0, 0, 0);
    for (&(truth, prediction), &c) in present.iter().zip(&clusters.of) {
        let c = c as usize;
        match (truth, prediction) {
            (true, true) => found += 1,
            (true, false) => missed += 1,
            (false, true) => false_alarm += 1,
            (false, false) => both_empty += 1,
        }
        let p = if truth {
            &mut sensitivity[c]
        } else {
            &mut specificity[c]
        };
        p.n += 1;
        p.x += u64::from(truth == prediction);
    }
    Detection {
        found,
        missed,
        false_alarm,
        both_empty,
        sensitivity: ratio_proportion(&sensitivity, confidence),
        specificity: ratio_proportion(&specificity, confidence),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bootstrap::{draw_counts, replicate_rng};

    fn keys(k: &[&str]) -> Clusters {
        Clusters::from_keys(k)
    }

    #[test]
    fn no_finite_value_gives_nan_figures_and_one_gives_estimates_without_intervals() {
        let none = summarize(&[f64::NAN, f64::NAN], &keys(&["a", "b"]), 200, 1, 0.95);
        assert_eq!((none.n, none.patients), (0, 0));
        for v in [none.mean, none.median, none.sd, none.min, none.max] {
            assert!(v.is_nan());
        }
        assert!(
            none.mean_ci
                .iter()
                .chain(&none.median_ci)
                .all(|v| v.is_nan())
        );
        let empty = summarize(&[], &keys(&[]), 200, 1, 0.95);
        assert_eq!(empty.n, 0);

        let one = summarize(&[0.7, f64::NAN], &keys(&["a", "b"]), 200, 1, 0.95);
        assert_eq!((one.n, one.patients), (1, 1));
        assert_eq!(
            (one.mean, one.median, one.min, one.max),
            (0.7, 0.7, 0.7, 0.7)
        );
        assert!(one.sd.is_nan() && one.mean_ci[0].is_nan() && one.median_ci[1].is_nan());
    }

    #[test]
    fn one_patient_has_estimates_but_no_interval() {
        let s = summarize(&[0.5, 0.9, 0.7], &keys(&["p", "p", "p"]), 500, 3, 0.95);
        assert_eq!((s.n, s.patients), (3, 1));
        assert!((s.mean - 0.7).abs() < 1e-15);
        assert_eq!(s.median, 0.7);
        assert!((s.sd - 0.2).abs() < 1e-15);
        assert!(s.mean_ci.iter().chain(&s.median_ci).all(|v| v.is_nan()));
    }

    #[test]
    fn ties_and_even_counts_follow_type_7() {
        let v = [3.0, 1.0, 3.0, 3.0, 2.0, 8.0];
        let s = summarize(&v, &Clusters::singletons(6), 300, 9, 0.95);
        assert_eq!(s.median, 3.0);
        assert_eq!((s.min, s.max), (1.0, 8.0));
        let s = summarize(
            &[1.0, 2.0, 4.0, 10.0],
            &Clusters::singletons(4),
            300,
            9,
            0.95,
        );
        assert_eq!(s.median, 3.0);
        // All equal: every replicate is that value.
        let s = summarize(&[2.5; 5], &Clusters::singletons(5), 300, 9, 0.95);
        assert_eq!(
            (s.mean_ci, s.median_ci, s.sd),
            ([2.5, 2.5], [2.5, 2.5], 0.0)
        );
    }

    /// The weighted sweep equals the mean and type-7 median of the explicitly pooled resample
    /// drawn from the same stream.
    #[test]
    fn a_replicate_equals_the_explicit_resample() {
        let values = [
            0.91,
            0.84,
            f64::NAN,
            0.62,
            0.88,
            0.88,
            0.35,
            0.97,
            0.71,
            0.80,
        ];
        let k = keys(&["a", "a", "a", "b", "c", "c", "d", "e", "e", "f"]);
        let pool = Pool::new(&values, &k);
        assert_eq!(pool.patients(), 6);
        let (means, medians) = pool.replicates(300, 17, &crate::watch::Unwatched).unwrap();
        for r in 0..300u64 {
            let mut weight = vec![0u32; pool.patients()];
            draw_counts(&mut replicate_rng(17, r), &mut weight);
            let mut pooled = Vec::new();
            for &(v, c) in &pool.sorted {
                for _ in 0..weight[c as usize] {
                    pooled.push(v);
                }
            }
            let mean = pooled.iter().sum::<f64>() / pooled.len() as f64;
            assert!((means[r as usize] - mean).abs() < 1e-12);
            assert_eq!(
                medians[r as usize],
                quantile_type7(&pooled, 0.5),
                "replicate {r}"
            );
        }
    }

    #[test]
    fn same_seed_same_interval_whatever_the_thread_count() {
        let values: Vec<f64> = (0..200).map(|i| ((i * 37 % 101) as f64).sqrt()).collect();
        let k: Vec<String> = (0..200).map(|i| (i / 3).to_string()).collect();
        let k = Clusters::from_keys(&k);
        let run = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| summarize(&values, &k, 2000, 42, 0.95))
        };
        let one = run(1);
        assert_eq!(one, run(3));
        assert_ne!(one.mean_ci, summarize(&values, &k, 2000, 43, 0.95).mean_ci);
    }

    /// Cases of one patient that move together: the patient bootstrap sees fewer independent
    /// units than cases, so its interval is wider than the one that treats cases as patients.
    #[test]
    fn several_cases_per_patient_widen_the_interval() {
        let mut values = Vec::new();
        let mut k = Vec::new();
        for p in 0..12 {
            let level = 0.6 + 0.03 * p as f64;
            for c in 0..5 {
                values.push(level + 0.001 * c as f64);
                k.push(p.to_string());
            }
        }
        let clustered = summarize(&values, &Clusters::from_keys(&k), 4000, 5, 0.95);
        let naive = summarize(&values, &Clusters::singletons(values.len()), 4000, 5, 0.95);
        assert_eq!(
            (clustered.mean, clustered.median),
            (naive.mean, naive.median)
        );
        let width = |ci: [f64; 2]| ci[1] - ci[0];
        assert!(width(clustered.mean_ci) > 1.8 * width(naive.mean_ci));
        assert!(width(clustered.median_ci) > width(naive.median_ci));

        let dice = share_within(
            "dice",
            &values,
            0.8,
            Direction::AtLeast,
            &Clusters::from_keys(&k),
            0.95,
        );
        let flat = share_within(
            "dice",
            &values,
            0.8,
            Direction::AtLeast,
            &Clusters::singletons(60),
            0.95,
        );
        assert_eq!(
            (dice.proportion.x, dice.proportion.n),
            (flat.proportion.x, flat.proportion.n)
        );
        assert!(dice.proportion.design_effect > 4.0);
        assert!(width(dice.proportion.wilson) > width(flat.proportion.wilson));
    }

    #[test]
    fn share_within_counts_each_side_and_leaves_nan_out() {
        let v = [2.0, 3.0, 3.5, f64::NAN, 1.0];
        let at_most = share_within(
            "hd95",
            &v,
            3.0,
            Direction::AtMost,
            &Clusters::singletons(5),
            0.95,
        );
        assert_eq!((at_most.proportion.x, at_most.proportion.n), (3, 4));
        assert_eq!(at_most.proportion.wilson, {
            let (l, h) = crate::intervals::wilson(3, 4, 0.95);
            [l, h]
        });
        let at_least = share_within(
            "hd95",
            &v,
            3.0,
            Direction::AtLeast,
            &Clusters::singletons(5),
            0.95,
        );
        assert_eq!((at_least.proportion.x, at_least.proportion.n), (2, 4));
        assert_eq!(at_least.figure, "hd95");
    }

    #[test]
    fn detection_counts_the_table() {
        let present = [
            (true, true),
            (true, true),
            (true, false),
            (false, true),
            (false, false),
            (false, false),
            (false, false),
        ];
        let d = detection(&present, &Clusters::singletons(7), 0.95);
        assert_eq!(
            (d.found, d.missed, d.false_alarm, d.both_empty),
            (2, 1, 1, 3)
        );
        assert_eq!((d.sensitivity.x, d.sensitivity.n), (2, 3));
        assert_eq!((d.specificity.x, d.specificity.n), (3, 4));
        let none = detection(&[(false, false)], &Clusters::singletons(1), 0.95);
        assert!(none.sensitivity.estimate.is_nan() && none.sensitivity.wilson[0].is_nan());
    }
}
