//! Patient-bootstrap replicates of the multi-class and multi-label figures.
//!
//! Why weights instead of resampled copies: a replicate only counts how often each patient was
//! drawn (`crate::bootstrap::patient_replicates`, from the stream of (seed, r) alone, as
//! the FROC and the segmentation summaries), and every figure is swept once over units sorted by score at the
//! start, each unit weighing its patient's draw count. Same seed → the same replicates
//! whatever the thread count. Tested against the figure recomputed on the explicit resample.

use crate::intervals::quantile_type7;

/// Entries (units, or unit × finding pairs) sorted by ascending score, with the end
/// (exclusive) of each run of equal scores.
pub(super) struct Sorted {
    entries: Vec<u32>,
    bin_end: Vec<u32>,
}

impl Sorted {
    /// The entries `0..scores.len()` for which `keep` holds, by ascending score.
    pub(super) fn new(scores: &[f64], keep: impl Fn(usize) -> bool) -> Sorted {
        assert!(scores.len() < u32::MAX as usize, "cohort too large");
        let mut entries: Vec<u32> = (0..scores.len() as u32)
            .filter(|&e| keep(e as usize))
            .collect();
        entries.sort_by(|&a, &b| scores[a as usize].total_cmp(&scores[b as usize]));
        let mut bin_end = Vec::new();
        for w in 1..entries.len() {
            // `!=` (not total_cmp): -0.0 and 0.0 are one tie, as in `Bins`.
            if scores[entries[w] as usize] != scores[entries[w - 1] as usize] {
                bin_end.push(w as u32);
            }
        }
        if !entries.is_empty() {
            bin_end.push(entries.len() as u32);
        }
        Sorted { entries, bin_end }
    }

    /// The weighted AUC (ties ½) of the entries with `class(e) = Some(true)` (positives)
    /// against those with `Some(false)`; `None` entries take no part. NaN when a side weighs 0.
    /// With every weight 1 this is [`crate::roc::auc`] exactly (integer U, one division).
    pub(super) fn auc(
        &self,
        class: impl Fn(usize) -> Option<bool>,
        weight: impl Fn(usize) -> u64,
    ) -> f64 {
        let (mut twice_u, mut neg_below, mut pos_total) = (0u128, 0u64, 0u64);
        let mut start = 0usize;
        for &end in &self.bin_end {
            let (mut pos, mut neg) = (0u64, 0u64);
            for &e in &self.entries[start..end as usize] {
                let e = e as usize;
                match class(e) {
                    Some(true) => pos += weight(e),
                    Some(false) => neg += weight(e),
                    None => {}
                }
            }
            twice_u += u128::from(pos) * u128::from(2 * neg_below + neg);
            neg_below += neg;
            pos_total += pos;
            start = end as usize;
        }
        if pos_total == 0 || neg_below == 0 {
            return f64::NAN;
        }
        twice_u as f64 / (2.0 * pos_total as f64 * neg_below as f64)
    }
    /// A(i|j) for every class j at once, in one sweep over this column (the scores for class
    /// i): the weighted AUC (ties ½) of the entries of class i against those of class j;
    /// NaN when either weighs 0 (and for j = i). O(entries + k), where one AUC per pair would
    /// cost O(entries · k).
    pub(super) fn directed_aucs(
        &self,
        i: usize,
        k: usize,
        class_of: impl Fn(usize) -> usize,
        weight: impl Fn(usize) -> u64,
    ) -> Vec<f64> {
        let pos_total: u64 = self
            .entries
            .iter()
            .filter(|&&e| class_of(e as usize) == i)
            .map(|&e| weight(e as usize))
            .sum();
        let mut twice_u = vec![0u128; k];
        let mut neg = vec![0u64; k];
        let (mut pos_le, mut start) = (0u64, 0usize);
        for &end in &self.bin_end {
            let bin = &self.entries[start..end as usize];
            let pos_bin: u64 = bin
                .iter()
                .filter(|&&e| class_of(e as usize) == i)
                .map(|&e| weight(e as usize))
                .sum();
            pos_le += pos_bin;
            // Each unit of another class beats nothing and is beaten by the positives above
            // it (1 each) and tied with this bin's (½ each): 2U += w·(2·above + tied).
            let twice_beaten = u128::from(2 * (pos_total - pos_le) + pos_bin);
            for &e in bin {
                let c = class_of(e as usize);
                if c != i {
                    let w = weight(e as usize);
                    twice_u[c] += u128::from(w) * twice_beaten;
                    neg[c] += w;
                }
            }
            start = end as usize;
        }
        (0..k)
            .map(|j| {
                if j == i || pos_total == 0 || neg[j] == 0 {
                    f64::NAN
                } else {
                    twice_u[j] as f64 / (2.0 * pos_total as f64 * neg[j] as f64)
                }
            })
            .collect()
    }
}

/// Type-7 percentile interval of the defined (non-NaN) values and how many were NaN.
pub(super) fn percentile(values: impl Iterator<Item = f64>, confidence: f64) -> ([f64; 2], usize) {
    let mut kept = Vec::new();
    let mut skipped = 0;
    for v in values {
        if v.is_nan() {
            skipped += 1;
        } else {
            kept.push(v);
        }
    }
    kept.sort_unstable_by(f64::total_cmp);
    let tail = (1.0 - confidence) / 2.0;
    (
        [
            quantile_type7(&kept, tail),
            quantile_type7(&kept, 1.0 - tail),
        ],
        skipped,
    )
}
