//! Statistics core: every figure Prøvestein reports about a binary classifier.
//!
//! Each function is checked against an established peer (pROC, statsmodels, scikit-learn) in
//! `tests/peers/metrics_peers.rs`; the convention that makes the numbers agree is written next to the one place
//! where it is decided.
//!
//! Shared conventions:
//! * `labels[i] == true` is the positive class (the event the vendor model predicts).
//! * Higher scores mean "more likely positive". We never flip the direction the way pROC's
//!   `direction = "auto"` can: an AUC below 0.5 is a finding to report, not to hide. (All peer
//!   values we compare against were computed with pROC's direction `"<"`, i.e. the same thing.)
//! * Scores must be finite. A NaN has no rank and a ±∞ would collide with the ROC curve's end
//!   point; both are data errors the input stage must reject, so here they panic loudly instead of
//!   silently changing the cohort.

pub mod bootstrap;
pub mod brier;
pub mod calibration;
pub mod clustered;
pub mod compare;
pub mod confusion;
pub mod decision;
pub mod detection;
pub mod drift;
pub mod intervals;
pub mod multiclass;
pub mod nullable;
pub mod roc;
pub mod segmentation;
pub mod subgroups;
pub mod thresholds;
pub mod watch;

pub use bootstrap::{
    BootstrapCi, bootstrap_replicates, cluster_bootstrap, cluster_bootstrap_replicates,
    cluster_bootstrap_watched, stratified_bootstrap, stratified_bootstrap_watched,
};
pub use brier::brier;
pub use clustered::{
    ClusteredProportion, Clusters, obuchowski, obuchowski_paired, ratio_proportion,
};
pub use compare::{
    DiscordantPairs, McNemar, PairedDelong, PairedOutcomes, UnpairedDelong, discordant_pairs, holm,
    mcnemar_exact, paired_delong, unpaired_delong,
};
pub use confusion::{Confusion, Proportion};
pub use intervals::{clopper_pearson, quantile_type7, wilson, z_for};
pub use roc::{DeLong, RocPoint, auc, delong, roc_curve};
pub use subgroups::{
    AttributeReport, Comparison, Fairness, GroupReport, MISSING_GROUP, Status, SubgroupOptions,
    compare_proportions, intersect, subgroup_report,
};
pub use watch::{Cancelled, Unwatched, Watch, unwatched};

/// Panics unless `labels` and `scores` describe the same cases and every score is finite.
///
/// Why panic: these are programming/data-loading errors, and a statistic computed on a silently
/// altered cohort is worse than no statistic in a validation report.
pub(crate) fn check_inputs(labels: &[bool], scores: &[f64]) {
    assert_eq!(
        labels.len(),
        scores.len(),
        "labels and scores must have the same length"
    );
    if let Some(i) = scores.iter().position(|s| !s.is_finite()) {
        panic!(
            "score #{i} is not finite ({}); reject it at input",
            scores[i]
        );
    }
}

/// Scores paired with labels, sorted ascending by score, grouped into distinct-score bins.
///
/// Ranking once and working on bins is what makes AUC, DeLong and the ROC curve O(n log n)
/// and handles ties exactly (a tie is simply a bin holding both classes). Public so that a
/// caller that wants several of them sorts the cases once (`roc::roc_curve_of`,
/// `roc::delong_of`).
pub struct Bins {
    /// Distinct scores, ascending.
    pub value: Vec<f64>,
    /// Number of positives with exactly this score.
    pub pos: Vec<u64>,
    /// Number of negatives with exactly this score.
    pub neg: Vec<u64>,
}

/// Cases from which [`Bins::new`] sorts on rayon's threads.
const PARALLEL_SORT_FROM: usize = 1 << 16;

impl Bins {
    pub fn new(labels: &[bool], scores: &[f64]) -> Bins {
        check_inputs(labels, scores);
        let mut pairs: Vec<(f64, bool)> =
            scores.iter().copied().zip(labels.iter().copied()).collect();
        // The order of equal scores does not matter (a bin counts its classes), so an unstable
        // sort, on rayon's threads for a large cohort.
        if pairs.len() >= PARALLEL_SORT_FROM {
            use rayon::slice::ParallelSliceMut;
            pairs.par_sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        } else {
            pairs.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        }
        // `==` (not total_cmp) so that -0.0 and 0.0 are one tie, as in R and numpy. Sized
        // once: grown by doubling, a million cases' bins held a third more than they needed
        // and freed each smaller copy on the way.
        let tied = |a: &(f64, bool), b: &(f64, bool)| a.0 == b.0;
        let distinct = pairs.chunk_by(tied).count();
        let mut bins = Bins {
            value: Vec::with_capacity(distinct),
            pos: Vec::with_capacity(distinct),
            neg: Vec::with_capacity(distinct),
        };
        for tie in pairs.chunk_by(tied) {
            let pos = tie.iter().filter(|(_, label)| *label).count() as u64;
            bins.value.push(tie[0].0);
            bins.pos.push(pos);
            bins.neg.push(tie.len() as u64 - pos);
        }
        bins
    }

    pub fn positives(&self) -> u64 {
        self.pos.iter().sum()
    }

    pub fn negatives(&self) -> u64 {
        self.neg.iter().sum()
    }
}

#[cfg(test)]
mod bins_tests {
    use super::Bins;
    use rand::{RngExt, SeedableRng};

    /// Above the parallel-sort size, with many ties and both zeros: each distinct score once,
    /// ascending, with its classes counted, as a plain count by value gives them; and sized
    /// exactly.
    #[test]
    fn bins_of_a_large_cohort_count_each_distinct_score_once() {
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(11);
        let n = 3 * super::PARALLEL_SORT_FROM;
        let labels: Vec<bool> = (0..n).map(|_| rng.random::<f64>() < 0.3).collect();
        let scores: Vec<f64> = (0..n)
            .map(|i| match i % 97 {
                0 => 0.0,
                1 => -0.0,
                _ => ((rng.random::<f64>() * 2e3).round() - 1e3) / 1e3,
            })
            .collect();
        let bins = Bins::new(&labels, &scores);
        let mut want: std::collections::BTreeMap<i64, (u64, u64)> = Default::default();
        for (&l, &s) in labels.iter().zip(&scores) {
            let e = want.entry((s * 1e3).round() as i64).or_default();
            if l { e.0 += 1 } else { e.1 += 1 }
        }
        assert_eq!(bins.value.len(), want.len());
        assert_eq!(bins.value.capacity(), want.len());
        for (k, ((key, (p, q)), v)) in want.iter().zip(&bins.value).enumerate() {
            assert_eq!(*key as f64 / 1e3, *v, "bin {k}");
            assert_eq!((bins.pos[k], bins.neg[k]), (*p, *q), "bin {k}");
        }
    }
}
