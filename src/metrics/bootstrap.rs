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
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::brier::squared_error;
use super::check_inputs;
use super::intervals::quantile_type7;

/// Percentile bootstrap intervals and what is needed to reproduce them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
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
    let values = bootstrap_replicates(labels, scores, replicates, seed);
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
    check_inputs(labels, scores);
    let ranked = Ranked::new(labels, scores);
    if ranked.pos_sq_err.is_empty() || ranked.neg_sq_err.is_empty() {
        return Vec::new();
    }
    (0..replicates as u64)
        .into_par_iter()
        .map_init(
            || Scratch::new(&ranked),
            |scratch, r| ranked.replicate(scratch, &mut replicate_rng(seed, r)),
        )
        .collect()
}

/// Everything a replicate needs, computed once. Positives and negatives are each sorted by score,
/// so "case k of the positives" means the k-th lowest-scoring positive.
struct Ranked {
    /// (p − 1)² of each positive, ascending score order.
    pos_sq_err: Vec<f64>,
    /// p² of each negative, ascending score order.
    neg_sq_err: Vec<f64>,
    /// For positive k: how many negatives score strictly lower.
    neg_lt: Vec<u32>,
    /// For positive k: how many negatives score lower or equal.
    neg_le: Vec<u32>,
}

/// Per-thread buffers, reused across replicates (allocating 100 000 counters per replicate would
/// cost more than the replicate itself).
struct Scratch {
    pos_count: Vec<u32>,
    neg_count: Vec<u32>,
    /// neg_prefix[j] = number of drawn negatives among the j lowest-scoring negatives.
    neg_prefix: Vec<u32>,
}

impl Scratch {
    fn new(ranked: &Ranked) -> Scratch {
        let n = ranked.neg_sq_err.len();
        Scratch {
            pos_count: vec![0; ranked.pos_sq_err.len()],
            neg_count: vec![0; n],
            neg_prefix: vec![0; n + 1],
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
        let (mut neg_lt, mut neg_le) =
            (Vec::with_capacity(pos.len()), Vec::with_capacity(pos.len()));
        for &p in &pos {
            while lt < neg.len() && neg[lt] < p {
                lt += 1;
            }
            le = le.max(lt);
            while le < neg.len() && neg[le] <= p {
                le += 1;
            }
            neg_lt.push(lt as u32);
            neg_le.push(le as u32);
        }
        Ranked {
            pos_sq_err: pos.iter().map(|&p| squared_error(true, p)).collect(),
            neg_sq_err: neg.iter().map(|&p| squared_error(false, p)).collect(),
            neg_lt,
            neg_le,
        }
    }

    /// One replicate: draw m positives and n negatives with replacement, return (AUC, Brier).
    fn replicate(&self, s: &mut Scratch, rng: &mut Xoshiro256PlusPlus) -> (f64, f64) {
        let (m, n) = (self.pos_sq_err.len(), self.neg_sq_err.len());
        for _ in 0..m {
            s.pos_count[below(rng, m as u64) as usize] += 1;
        }
        for _ in 0..n {
            s.neg_count[below(rng, n as u64) as usize] += 1;
        }
        // Sweep negatives in score order: prefix counts, their squared errors; reset counters.
        let mut sq_err_sum = 0.0;
        let mut drawn = 0u32;
        for j in 0..n {
            let c = std::mem::take(&mut s.neg_count[j]);
            sq_err_sum += f64::from(c) * self.neg_sq_err[j];
            drawn += c;
            s.neg_prefix[j + 1] = drawn;
        }
        // Sweep positives. CONVENTION (ties ½): 2·below + tied = prefix[lt] + prefix[le].
        let mut twice_u = 0u64;
        for k in 0..m {
            let c = std::mem::take(&mut s.pos_count[k]);
            sq_err_sum += f64::from(c) * self.pos_sq_err[k];
            let beaten =
                s.neg_prefix[self.neg_lt[k] as usize] + s.neg_prefix[self.neg_le[k] as usize];
            twice_u += u64::from(c) * u64::from(beaten);
        }
        let auc = twice_u as f64 / (2.0 * m as f64 * n as f64);
        (auc, sq_err_sum / (m + n) as f64)
    }
}

/// SplitMix64's output function (Steele, Lea & Flood 2014): a bijective 64-bit mixer.
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The generator of replicate `r`: Xoshiro256++ whose 256-bit state is four SplitMix64 outputs
/// started from a key derived from (seed, r).
///
/// CONVENTION (reproducibility): the stream depends only on (seed, r) and on three fixed,
/// published algorithms (SplitMix64, Xoshiro256++, Lemire's bounded integers); nothing depends on
/// `rand`'s internal sampling algorithms, which may change between releases.
fn replicate_rng(seed: u64, r: u64) -> Xoshiro256PlusPlus {
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

/// Uniform integer in [0, range), unbiased: Lemire (2019) multiply-shift with rejection.
fn below(rng: &mut impl Rng, range: u64) -> u64 {
    let mut wide = u128::from(rng.next_u64()) * u128::from(range);
    if (wide as u64) < range {
        let threshold = range.wrapping_neg() % range;
        while (wide as u64) < threshold {
            wide = u128::from(rng.next_u64()) * u128::from(range);
        }
    }
    (wide >> 64) as u64
}
