//! Stratified percentile bootstrap of the AUC and the Brier score, as pROC
//! `ci.auc(method = "bootstrap", boot.stratified = TRUE)`.
//!
//! Why stratified: every replicate keeps the cohort's m positives and n negatives, so no replicate
//! lacks a class (and the AUC is always defined), exactly as pROC does by default.
//!
//! Why this shape: 2000 replicates of 100 000 cases must run in a fraction of a second, and a
//! validation must be reproducible bit for bit on any machine. So
//! * the scores are ranked once; a replicate only counts how often each case was drawn and sweeps
//!   those counts in score order (no sort per replicate);
//! * replicate r draws from its own generator, seeded from (seed, r) alone, so the result does not
//!   depend on the number of threads or on how rayon schedules the work.

use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};

use super::brier::squared_error;
use super::check_inputs;
use super::clustered::Clusters;
use super::intervals::quantile_type7;
use super::watch::{self, Cancelled, Unwatched, Watch};

/// Percentile bootstrap intervals and what is needed to reproduce them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct BootstrapCi {
    pub replicates: usize,
    pub seed: u64,
    pub auc: (f64, f64),
    pub brier: (f64, f64),
}

/// Stratified percentile bootstrap CIs of the AUC and the Brier score.
///
/// Each replicate resamples the m positives and the n negatives separately, with replacement.
/// The interval is the R type-7 quantile of the replicate values at α/2 and 1 − α/2 (pROC's
/// percentile rule). Same `seed` → bit-identical result, whatever the thread count.
///
/// Without positives, without negatives, or with 0 replicates the intervals are NaN.
///
/// # Panics
/// On mismatched lengths or non-finite scores (see the module docs of `metrics`).
pub fn stratified_bootstrap(
    labels: &[bool],
    scores: &[f64],
    replicates: usize,
    seed: u64,
    confidence: f64,
) -> BootstrapCi {
    watch::unwatched(stratified_bootstrap_watched(
        labels, scores, replicates, seed, confidence, &Unwatched,
    ))
}

/// [`stratified_bootstrap`] asking `watch` before each replicate whether to stop: the same
/// result when it does not, [`Cancelled`] when it does.
pub fn stratified_bootstrap_watched(
    labels: &[bool],
    scores: &[f64],
    replicates: usize,
    seed: u64,
    confidence: f64,
    watch: &dyn Watch,
) -> Result<BootstrapCi, Cancelled> {
    let values = watched_replicates(labels, scores, replicates, seed, watch)?;
    Ok(percentile_ci(values, replicates, seed, confidence))
}

/// The (AUC, Brier) of every replicate, in replicate order. Empty when a class is missing.
///
/// Exposed so that a report can show the bootstrap distribution and so that determinism can be
/// tested replicate by replicate.
pub fn bootstrap_replicates(
    labels: &[bool],
    scores: &[f64],
    replicates: usize,
    seed: u64,
) -> Vec<(f64, f64)> {
    watch::unwatched(watched_replicates(
        labels, scores, replicates, seed, &Unwatched,
    ))
}

fn watched_replicates(
    labels: &[bool],
    scores: &[f64],
    replicates: usize,
    seed: u64,
    watch: &dyn Watch,
) -> Result<Vec<(f64, f64)>, Cancelled> {
    check_inputs(labels, scores);
    let ranked = Ranked::new(labels, scores);
    if ranked.pos_sq_err.is_empty() || ranked.neg_sq_err.is_empty() {
        return Ok(Vec::new());
    }
    watch::replicates(
        replicates,
        watch,
        || Scratch::new(&ranked),
        |scratch, r| ranked.replicate(scratch, &mut replicate_rng(seed, r)),
    )
}

/// Everything a replicate needs, computed once. Positives and negatives are each sorted by score,
/// so "case k of the positives" means the k-th lowest-scoring positive.
struct Ranked {
    /// (p − 1)² of each positive, ascending score order.
    pos_sq_err: Vec<f64>,
    /// p² of each negative, ascending score order.
    neg_sq_err: Vec<f64>,
    /// For positive k: how many negatives score strictly lower, and lower or equal.
    neg_lt_le: Vec<(u32, u32)>,
}

/// Per-thread buffers, reused across replicates (allocating 100 000 counters per replicate would
/// cost more than the replicate itself).
struct Scratch {
    pos_count: Vec<u32>,
    /// n + 1 slots: the extra one holds the total once the counts become prefix sums.
    neg_count: Vec<u32>,
}

impl Scratch {
    fn new(ranked: &Ranked) -> Scratch {
        let n = ranked.neg_sq_err.len();
        Scratch {
            pos_count: vec![0; ranked.pos_sq_err.len()],
            neg_count: vec![0; n + 1],
        }
    }
}

impl Ranked {
    fn new(labels: &[bool], scores: &[f64]) -> Ranked {
        assert!(
            scores.len() < u32::MAX as usize,
            "bootstrap counters are u32; cohort too large"
        );
        let sorted_class = |class: bool| {
            let mut s: Vec<f64> = labels
                .iter()
                .zip(scores)
                .filter(|&(&y, _)| y == class)
                .map(|(_, &p)| p)
                .collect();
            s.sort_unstable_by(f64::total_cmp);
            s
        };
        let pos = sorted_class(true);
        let neg = sorted_class(false);
        // Merge once: where each positive falls among the sorted negatives.
        let (mut lt, mut le) = (0usize, 0usize);
        let mut neg_lt_le = Vec::with_capacity(pos.len());
        for &p in &pos {
            while lt < neg.len() && neg[lt] < p {
                lt += 1;
            }
            le = le.max(lt);
            while le < neg.len() && neg[le] <= p {
                le += 1;
            }
            neg_lt_le.push((lt as u32, le as u32));
        }
        Ranked {
            pos_sq_err: pos.iter().map(|&p| squared_error(true, p)).collect(),
            neg_sq_err: neg.iter().map(|&p| squared_error(false, p)).collect(),
            neg_lt_le,
        }
    }

    /// One replicate: draw m positives and n negatives with replacement, return (AUC, Brier).
    fn replicate(&self, s: &mut Scratch, rng: &mut Xoshiro256PlusPlus) -> (f64, f64) {
        let (m, n) = (self.pos_sq_err.len(), self.neg_sq_err.len());
        draw_counts(rng, &mut s.pos_count);
        draw_counts(rng, &mut s.neg_count[..n]);
        // Brier numerator: Σ draws·(p − y)², per class in score order.
        let sq_err_sum = weighted_sum(&s.pos_count, &self.pos_sq_err)
            + weighted_sum(&s.neg_count[..n], &self.neg_sq_err);
        // Negatives in score order: turn the counts, in place, into exclusive prefix sums:
        // neg_count[j] = drawn negatives among the j lowest-scoring ones (the last slot, never
        // drawn, receives the total). In place because the sweep is memory-bound (-13% time).
        let mut drawn = 0u32;
        for count in &mut s.neg_count {
            drawn += std::mem::replace(count, drawn);
        }
        // Positives. CONVENTION (ties ½): 2·below + tied = prefix[lt] + prefix[le].
        let prefix = &s.neg_count;
        let mut twice_u = 0u64;
        for (count, &(lt, le)) in s.pos_count.iter_mut().zip(&self.neg_lt_le) {
            let c = std::mem::take(count);
            let beaten = u64::from(prefix[lt as usize]) + u64::from(prefix[le as usize]);
            twice_u += u64::from(c) * beaten;
        }
        s.neg_count.fill(0);
        let auc = twice_u as f64 / (2.0 * m as f64 * n as f64);
        (auc, sq_err_sum / (m + n) as f64)
    }
}

/// Patient-level (cluster) percentile bootstrap of the AUC and the Brier score: each replicate
/// resamples patients with replacement, each bringing all its units (Davison & Hinkley 1997,
/// §3.8, resampling the first stage of a two-stage sample; Obuchowski 1997 uses the same for
/// clustered ROC data).
///
/// CONVENTION (strata): patients are stratified as pROC stratifies cases, by class, read at the
/// patient level: patients whose units are all positive, all negative, or mixed are resampled
/// within their stratum, each stratum keeping its size. So every replicate holds both classes
/// (a mixed patient has both; without mixed patients both pure strata are non-empty), and with
/// one unit per patient this is [`stratified_bootstrap`]: the patient sweep makes the same draws
/// from the same per-replicate streams (tested: the same AUCs, Brier within 1e-15), and such a
/// cohort is handed to the case bootstrap itself, so a key changes no bit.
/// Same `seed` → the same result whatever the thread count.
pub fn cluster_bootstrap(
    labels: &[bool],
    scores: &[f64],
    clusters: &Clusters,
    replicates: usize,
    seed: u64,
    confidence: f64,
) -> BootstrapCi {
    watch::unwatched(cluster_bootstrap_watched(
        labels, scores, clusters, replicates, seed, confidence, &Unwatched,
    ))
}

/// [`cluster_bootstrap`] asking `watch` before each replicate whether to stop: the same
/// result when it does not, [`Cancelled`] when it does.
pub fn cluster_bootstrap_watched(
    labels: &[bool],
    scores: &[f64],
    clusters: &Clusters,
    replicates: usize,
    seed: u64,
    confidence: f64,
    watch: &dyn Watch,
) -> Result<BootstrapCi, Cancelled> {
    let values = watched_cluster_replicates(labels, scores, clusters, replicates, seed, watch)?;
    Ok(percentile_ci(values, replicates, seed, confidence))
}

/// The (AUC, Brier) of every patient-level replicate, in replicate order; empty when a class
/// is missing. See [`cluster_bootstrap`].
pub fn cluster_bootstrap_replicates(
    labels: &[bool],
    scores: &[f64],
    clusters: &Clusters,
    replicates: usize,
    seed: u64,
) -> Vec<(f64, f64)> {
    watch::unwatched(watched_cluster_replicates(
        labels, scores, clusters, replicates, seed, &Unwatched,
    ))
}

fn watched_cluster_replicates(
    labels: &[bool],
    scores: &[f64],
    clusters: &Clusters,
    replicates: usize,
    seed: u64,
    watch: &dyn Watch,
) -> Result<Vec<(f64, f64)>, Cancelled> {
    check_inputs(labels, scores);
    assert_eq!(labels.len(), clusters.units(), "one patient per unit");
    if clusters.all_singletons() {
        // The same draws (tested); the case bootstrap's arithmetic keeps the Brier bit for bit.
        return watched_replicates(labels, scores, replicates, seed, watch);
    }
    let ranked = ClusterRanked::new(labels, scores, clusters);
    if !labels.iter().any(|&l| l) || labels.iter().all(|&l| l) {
        return Ok(Vec::new());
    }
    watch::replicates(
        replicates,
        watch,
        || ClusterScratch {
            weight: vec![0; clusters.count],
            counts: ranked.strata.iter().map(|s| vec![0; s.len()]).collect(),
        },
        |scratch, r| ranked.replicate(scratch, &mut replicate_rng(seed, r)),
    )
}

/// Units in ascending score order with their patient, and the patients by stratum.
struct ClusterRanked {
    /// Positive-only, negative-only and mixed patients, each ordered by its lowest unit score
    /// (then first appearance): with one unit per patient, the order of `Ranked`'s classes.
    strata: [Vec<u32>; 3],
    /// (patient, label, squared error) of each unit, ascending score.
    units: Vec<(u32, bool, f64)>,
    /// End (exclusive) of each distinct-score run in `units`.
    bin_end: Vec<usize>,
}

struct ClusterScratch {
    /// Times each patient was drawn in this replicate.
    weight: Vec<u32>,
    /// Draw counts per stratum position.
    counts: Vec<Vec<u32>>,
}

impl ClusterRanked {
    fn new(labels: &[bool], scores: &[f64], clusters: &Clusters) -> ClusterRanked {
        assert!(
            scores.len() < u32::MAX as usize,
            "bootstrap counters are u32; cohort too large"
        );
        let mut order: Vec<usize> = (0..scores.len()).collect();
        order.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
        let units: Vec<(u32, bool, f64)> = order
            .iter()
            .map(|&u| {
                (
                    clusters.of[u],
                    labels[u],
                    squared_error(labels[u], scores[u]),
                )
            })
            .collect();
        let mut bin_end = Vec::new();
        for w in 1..order.len() {
            // `!=` (not total_cmp): -0.0 and 0.0 are one tie, as in `Bins`.
            if scores[order[w]] != scores[order[w - 1]] {
                bin_end.push(w);
            }
        }
        bin_end.push(order.len());
        // Per patient: has a positive, has a negative, lowest score (first seen in `order`).
        let mut kind = vec![(false, false); clusters.count];
        let mut rank = vec![usize::MAX; clusters.count];
        for (i, &(c, label, _)) in units.iter().enumerate() {
            let c = c as usize;
            if label {
                kind[c].0 = true;
            } else {
                kind[c].1 = true;
            }
            rank[c] = rank[c].min(i);
        }
        let mut strata: [Vec<u32>; 3] = Default::default();
        let mut by_rank: Vec<u32> = (0..clusters.count as u32).collect();
        by_rank.sort_by_key(|&c| rank[c as usize]);
        for c in by_rank {
            let s = match kind[c as usize] {
                (true, false) => 0,
                (false, true) => 1,
                _ => 2,
            };
            strata[s].push(c);
        }
        ClusterRanked {
            strata,
            units,
            bin_end,
        }
    }

    fn replicate(&self, s: &mut ClusterScratch, rng: &mut Xoshiro256PlusPlus) -> (f64, f64) {
        for (stratum, counts) in self.strata.iter().zip(&mut s.counts) {
            counts.fill(0);
            draw_counts(rng, counts);
            for (&c, &k) in stratum.iter().zip(counts.iter()) {
                s.weight[c as usize] = k;
            }
        }
        let (mut m, mut n, mut neg_below, mut twice_u) = (0u64, 0u64, 0u64, 0u64);
        let mut sq_err_sum = 0.0;
        let mut start = 0;
        for &end in &self.bin_end {
            let (mut wp, mut wn) = (0u64, 0u64);
            for &(c, label, sq) in &self.units[start..end] {
                let w = s.weight[c as usize];
                if label {
                    wp += u64::from(w);
                } else {
                    wn += u64::from(w);
                }
                sq_err_sum += f64::from(w) * sq;
            }
            // CONVENTION (ties ½): 2U gains wp·(2·below + tied).
            twice_u += wp * (2 * neg_below + wn);
            neg_below += wn;
            m += wp;
            n += wn;
            start = end;
        }
        let auc = twice_u as f64 / (2.0 * m as f64 * n as f64);
        (auc, sq_err_sum / (m + n) as f64)
    }
}

/// Σ counts[i]·weights[i], in a fixed order of 8 interleaved partial sums: still bit-for-bit
/// reproducible, but not one long latency-bound chain of dependent float additions (and the
/// compiler can vectorise it).
fn weighted_sum(counts: &[u32], weights: &[f64]) -> f64 {
    const LANES: usize = 8;
    assert_eq!(counts.len(), weights.len());
    let mut acc = [0.0; LANES];
    let (c_chunks, w_chunks) = (counts.chunks_exact(LANES), weights.chunks_exact(LANES));
    let tail: f64 = c_chunks
        .remainder()
        .iter()
        .zip(w_chunks.remainder())
        .map(|(&c, &w)| f64::from(c) * w)
        .sum();
    for (c, w) in c_chunks.zip(w_chunks) {
        for lane in 0..LANES {
            acc[lane] += f64::from(c[lane]) * w[lane];
        }
    }
    acc.iter().sum::<f64>() + tail
}

/// SplitMix64's output function (Steele, Lea & Flood 2014): a bijective 64-bit mixer.
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Runs `replicate(weights)` for replicates `0..replicates` of a patient bootstrap, `weights[p]`
/// being how often patient p of `patients` was drawn; results in replicate order, unless `watch`
/// stops it. Every patient-weighted figure (multi-class, FROC, segmentation summaries) draws
/// through here, so one (seed, r) gives them all the same patients.
pub(crate) fn patient_replicates<T: Send>(
    patients: usize,
    replicates: usize,
    seed: u64,
    watch: &dyn Watch,
    replicate: impl Fn(&[u32]) -> T + Sync + Send,
) -> Result<Vec<T>, Cancelled> {
    watch::replicates(
        replicates,
        watch,
        || vec![0u32; patients],
        |weight, r| {
            weight.fill(0);
            draw_counts(&mut replicate_rng(seed, r), weight);
            replicate(weight)
        },
    )
}

/// The generator of replicate `r`: Xoshiro256++ whose 256-bit state is four SplitMix64 outputs
/// started from a key derived from (seed, r).
///
/// CONVENTION (reproducibility): the stream depends only on (seed, r) and on three fixed,
/// published algorithms (SplitMix64, Xoshiro256++, Lemire's bounded integers); nothing depends on
/// `rand`'s internal sampling algorithms, which may change between releases.
pub(crate) fn replicate_rng(seed: u64, r: u64) -> Xoshiro256PlusPlus {
    const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;
    // Keys of replicates of one seed differ only in low bits; SplitMix64 steps by GOLDEN, so
    // their four-word windows never overlap.
    let mut state = mix64(seed.wrapping_add(GOLDEN)) ^ r;
    let mut bytes = [0u8; 32];
    for word in bytes.chunks_exact_mut(8) {
        state = state.wrapping_add(GOLDEN);
        word.copy_from_slice(&mix64(state).to_le_bytes());
    }
    Xoshiro256PlusPlus::from_seed(bytes)
}

/// Draws `counts.len()` cases uniformly with replacement and counts how often each was drawn.
///
/// Each 64-bit output yields two 32-bit candidates (the population is < 2³², see
/// `Ranked::new`): drawing is the largest cost of a replicate and this made it ~25% faster.
pub(crate) fn draw_counts(rng: &mut impl Rng, counts: &mut [u32]) {
    let range = counts.len() as u32;
    let mut remaining = counts.len();
    while remaining > 0 {
        let bits = rng.next_u64();
        for half in [bits as u32, (bits >> 32) as u32] {
            if remaining > 0
                && let Some(i) = below(half, range)
            {
                counts[i as usize] += 1;
                remaining -= 1;
            }
        }
    }
}

/// Maps 32 random bits to [0, range) without bias: Lemire (2019) multiply-shift, rejecting the
/// few inputs (fewer than range / 2³²) that would over-represent some outputs; the caller then
/// moves on to fresh bits.
fn below(bits: u32, range: u32) -> Option<u32> {
    let wide = u64::from(bits) * u64::from(range);
    let low = wide as u32;
    // `range.wrapping_neg() % range` = 2³² mod range, computed only in the rare low < range case.
    if low < range && low < range.wrapping_neg() % range {
        None
    } else {
        Some((wide >> 32) as u32)
    }
}

/// Percentile intervals (R type-7 quantiles) of the replicates' (AUC, Brier) pairs.
fn percentile_ci(
    values: Vec<(f64, f64)>,
    replicates: usize,
    seed: u64,
    confidence: f64,
) -> BootstrapCi {
    let tail = (1.0 - confidence) / 2.0;
    let interval = |mut v: Vec<f64>| {
        v.sort_unstable_by(f64::total_cmp);
        (quantile_type7(&v, tail), quantile_type7(&v, 1.0 - tail))
    };
    let (aucs, briers) = values.into_iter().unzip();
    BootstrapCi {
        replicates,
        seed,
        auc: interval(aucs),
        brier: interval(briers),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{auc, brier};

    /// A replicate's binned AUC/Brier equal auc()/brier() recomputed on the very same resample.
    #[test]
    fn replicate_equals_explicit_resample() {
        let labels = [
            true, false, true, true, false, false, false, true, false, false,
        ];
        let scores = [0.9, 0.2, 0.4, 0.4, 0.4, 0.1, 0.7, 0.3, 0.3, 0.05];
        let ranked = Ranked::new(&labels, &scores);
        let sorted = |class: bool| {
            let mut v: Vec<f64> = labels
                .iter()
                .zip(&scores)
                .filter(|(y, _)| **y == class)
                .map(|(_, s)| *s)
                .collect();
            v.sort_by(f64::total_cmp);
            v
        };
        let (pos, neg) = (sorted(true), sorted(false));
        let mut scratch = Scratch::new(&ranked);
        for r in 0..50 {
            let got = ranked.replicate(&mut scratch, &mut replicate_rng(11, r));
            let mut rng = replicate_rng(11, r);
            let (mut y, mut s) = (Vec::new(), Vec::new());
            for (class, pool) in [(true, &pos), (false, &neg)] {
                let mut counts = vec![0; pool.len()];
                draw_counts(&mut rng, &mut counts);
                for (&score, &c) in pool.iter().zip(&counts) {
                    for _ in 0..c {
                        y.push(class);
                        s.push(score);
                    }
                }
            }
            assert_eq!(got.0, auc(&y, &s));
            assert!((got.1 - brier(&y, &s)).abs() < 1e-15);
        }
        assert!(
            scratch
                .pos_count
                .iter()
                .chain(&scratch.neg_count)
                .all(|&c| c == 0)
        );
    }

    /// One unit per patient: the patient bootstrap draws exactly the stratified bootstrap's
    /// resamples; several units per patient: patients are drawn whole.
    #[test]
    fn cluster_bootstrap_reduces_to_the_stratified_one() {
        let labels = [
            true, false, true, true, false, false, false, true, false, false,
        ];
        let scores = [0.9, 0.2, 0.4, 0.4, 0.4, 0.1, 0.7, 0.3, 0.3, 0.05];
        let plain = bootstrap_replicates(&labels, &scores, 200, 5);
        // The patient sweep itself on singletons (the public function hands singletons to the
        // case bootstrap).
        let single_ranked =
            ClusterRanked::new(&labels, &scores, &Clusters::singletons(labels.len()));
        let mut scratch = ClusterScratch {
            weight: vec![0; labels.len()],
            counts: single_ranked
                .strata
                .iter()
                .map(|s| vec![0; s.len()])
                .collect(),
        };
        let single: Vec<(f64, f64)> = (0..200)
            .map(|r| single_ranked.replicate(&mut scratch, &mut replicate_rng(5, r)))
            .collect();
        assert_eq!(plain.len(), single.len());
        for (a, b) in plain.iter().zip(&single) {
            assert_eq!(a.0, b.0);
            assert!((a.1 - b.1).abs() < 1e-15);
        }
        // Each unit doubled within its patient: every replicate is the doubled resample of
        // the original's, so the same AUC and Brier.
        let l2: Vec<bool> = labels.iter().flat_map(|&l| [l, l]).collect();
        let s2: Vec<f64> = scores.iter().flat_map(|&s| [s, s]).collect();
        let keys: Vec<String> = (0..labels.len())
            .flat_map(|i| [i, i])
            .map(|i| i.to_string())
            .collect();
        let doubled = cluster_bootstrap_replicates(&l2, &s2, &Clusters::from_keys(&keys), 200, 5);
        for (a, b) in plain.iter().zip(&doubled) {
            assert_eq!(a.0, b.0);
            assert!((a.1 - b.1).abs() < 1e-15);
        }
    }

    #[test]
    fn lemire_below_maps_and_rejects_as_designed() {
        // range 3: 2^32 mod 3 = 1, so exactly the one input whose low product is 0 is rejected.
        assert_eq!(below(0, 3), None);
        assert_eq!(below(1, 3), Some(0));
        assert_eq!(below(u32::MAX, 3), Some(2));
        // range 7: 2^32 mod 7 = 4. The input 613566757 gives 7·x = 2^32 + 3 (low part 3 < 4):
        // rejected. Inputs one past ⌈k·2^32/7⌉ are accepted and map to k.
        assert_eq!(below(613_566_757, 7), None);
        for k in 0..7u64 {
            let bits = ((k << 32).div_ceil(7) + 1) as u32;
            assert_eq!(below(bits, 7), Some(k as u32), "k = {k}");
        }
        let mut rng = replicate_rng(1, 2);
        let mut counts = [0u32; 7];
        for _ in 0..1000 {
            draw_counts(&mut rng, &mut counts);
        }
        assert_eq!(counts.iter().sum::<u32>(), 7000);
        assert!(
            counts.iter().all(|&c| (850..1150).contains(&c)),
            "{counts:?}"
        );
    }
}
