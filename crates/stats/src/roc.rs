//! ROC curve, AUC and DeLong's variance of the AUC.
//!
//! All three work on the distinct-score bins of [`Bins`](super::Bins): one sort, then linear
//! sweeps, so they stay O(n log n) on cohorts of 100 000 cases.

use super::nullable;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Bins;
use super::intervals::z_for;

/// Area under the ROC curve = P(score of a random positive > score of a random negative),
/// with ties counting ½ (Mann–Whitney U / (m·n)), as pROC, scikit-learn and R `wilcox.test`.
///
/// NaN if there are no positives or no negatives. Panics on non-finite scores.
pub fn auc(labels: &[bool], scores: &[f64]) -> f64 {
    auc_of_bins(&Bins::new(labels, scores))
}

fn auc_of_bins(bins: &Bins) -> f64 {
    let (m, n) = (bins.positives(), bins.negatives());
    // CONVENTION: ties count ½. Exact in integers: 2U = Σ_bins pos·(2·neg_below + neg_tied).
    let mut twice_u: u128 = 0;
    let mut neg_below: u64 = 0;
    for (&p, &q) in bins.pos.iter().zip(&bins.neg) {
        twice_u += u128::from(p) * u128::from(2 * neg_below + q);
        neg_below += q;
    }
    twice_u as f64 / (2.0 * m as f64 * n as f64)
}

/// One operating point of the ROC curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RocPoint {
    /// Cases with `score >= threshold` are called positive. The first point has threshold +∞
    /// (nothing positive). JSON has no infinity, so +∞ is written as `null` and `null` is read
    /// back as +∞; since scores must be finite, the curve's end point is the only null.
    #[serde(
        serialize_with = "finite_or_null",
        deserialize_with = "null_is_infinity"
    )]
    #[schemars(with = "Option<f64>")]
    pub threshold: f64,
    pub tp: u64,
    pub fp: u64,
    pub tn: u64,
    #[serde(rename = "fn")]
    pub fn_: u64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub sensitivity: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub specificity: f64,
}

fn finite_or_null<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    if v.is_finite() {
        s.serialize_f64(*v)
    } else {
        s.serialize_none()
    }
}

fn null_is_infinity<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::INFINITY))
}

/// The empirical ROC curve: one point per distinct observed score, used as threshold with the
/// rule `score >= threshold`, sorted by descending threshold, preceded by the point at +∞
/// (sensitivity 0, specificity 1). The last point is the lowest score (sensitivity 1,
/// specificity 0).
///
/// CONVENTION: thresholds are observed scores (like scikit-learn), not pROC's midpoints between
/// consecutive scores. Both give the same sequence of confusion matrices; ours can be shown to a
/// clinician as "a score of at least 0.22", a value the model actually produced.
pub fn roc_curve(labels: &[bool], scores: &[f64]) -> Vec<RocPoint> {
    roc_curve_of(&Bins::new(labels, scores))
}

/// [`roc_curve`] of cases already binned.
pub fn roc_curve_of(bins: &Bins) -> Vec<RocPoint> {
    let (m, n) = (bins.positives(), bins.negatives());
    let point = |threshold: f64, tp: u64, fp: u64| RocPoint {
        threshold,
        tp,
        fp,
        tn: n - fp,
        fn_: m - tp,
        sensitivity: tp as f64 / m as f64, // NaN without positives: undefined, not 0
        specificity: (n - fp) as f64 / n as f64,
    };
    let mut curve = Vec::with_capacity(bins.value.len() + 1);
    curve.push(point(f64::INFINITY, 0, 0));
    let (mut tp, mut fp) = (0, 0);
    for b in (0..bins.value.len()).rev() {
        tp += bins.pos[b];
        fp += bins.neg[b];
        curve.push(point(bins.value[b], tp, fp));
    }
    curve
}

/// AUC with DeLong's (1988) nonparametric variance.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DeLong {
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub auc: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub variance: f64,
    /// Standard error = √variance.
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub se: f64,
}

impl DeLong {
    /// Wald interval auc ± z·se, clipped to [0, 1], as pROC `ci.auc(method = "delong")`.
    pub fn ci(&self, confidence: f64) -> (f64, f64) {
        let half = z_for(confidence) * self.se;
        // CONVENTION: clip to [0, 1] like pROC (`clamp` keeps NaN, e.g. with < 2 cases per class).
        (
            (self.auc - half).clamp(0.0, 1.0),
            (self.auc + half).clamp(0.0, 1.0),
        )
    }
}

/// DeLong's variance of the AUC, as pROC `var(roc, method = "delong")`.
///
/// Structural components: V10(xᵢ) = fraction of negatives a positive xᵢ beats (ties ½), and
/// V01(yⱼ) = fraction of positives that beat a negative yⱼ. Then
/// var = S10/m + S01/n with S the *sample* variances (denominators m−1 and n−1, as R's `var`).
/// All cases in one score bin share the same component, so the sums run over bins: O(n log n)
/// overall instead of the textbook O(m·n).
///
/// Variance is NaN with fewer than 2 positives or 2 negatives (a sample variance needs 2).
pub fn delong(labels: &[bool], scores: &[f64]) -> DeLong {
    delong_of(&Bins::new(labels, scores))
}

/// [`delong`] of cases already binned.
pub fn delong_of(bins: &Bins) -> DeLong {
    let (m, n) = (bins.positives(), bins.negatives());
    let auc = auc_of_bins(bins);
    let (mf, nf) = (m as f64, n as f64);

    let mut ss10 = 0.0; // Σ over positives of (V10 − auc)²
    let mut ss01 = 0.0; // Σ over negatives of (V01 − auc)²
    let mut neg_below = 0u64;
    let mut pos_above = m;
    for (&p, &q) in bins.pos.iter().zip(&bins.neg) {
        pos_above -= p;
        let v10 = (neg_below as f64 + 0.5 * q as f64) / nf;
        let v01 = (pos_above as f64 + 0.5 * p as f64) / mf;
        ss10 += p as f64 * (v10 - auc).powi(2);
        ss01 += q as f64 * (v01 - auc).powi(2);
        neg_below += q;
    }
    // CONVENTION: sample variances (m−1, n−1), as pROC / R `var`.
    let variance = ss10 / (mf - 1.0) / mf + ss01 / (nf - 1.0) / nf;
    DeLong {
        auc,
        variance,
        se: variance.sqrt(),
    }
}

/// The most points a curve in report.json holds (`overall.roc`, `overall.precision_recall`):
/// enough for any plot, and a 2-million-case run's report.json stays a few MB.
pub const MAX_CURVE_POINTS: usize = 2_000;

/// Which of `xy`'s points to keep so that at most `max` remain (unless more are locked):
/// Visvalingam–Whyatt, repeatedly dropping the point whose triangle with its two neighbours
/// has the least area, so straight runs (a staircase's steps, collinear points) go first and
/// the shape stays. The first and last points and every `locked` one are always kept; ties
/// go to the lower index, so the result is deterministic. Returns kept indices, ascending.
///
/// A large curve is mostly a staircase whose flat points (zero area) the heap would pop first,
/// lowest index first, each pop possibly making a neighbour flat. One pass does the same:
/// points are stacked left to right, and while the one under the top is flat between its
/// neighbours it goes (the lowest flat point at that moment, as the heap would take it). The
/// heap then works on the corners alone. If fewer than `max` corners remain, the heap would
/// have stopped among the flat points, so the whole curve goes through it.
pub fn thin_indices(xy: &[(f64, f64)], locked: &[bool], max: usize) -> Vec<usize> {
    let n = xy.len();
    if n <= max.max(2) {
        return (0..n).collect();
    }
    let fixed = |i: usize| i == 0 || i == n - 1 || locked.get(i).copied().unwrap_or(false);
    let mut corners: Vec<usize> = Vec::with_capacity(n);
    for i in 0..n {
        corners.push(i);
        while let [.., a, b, c] = corners[..] {
            if fixed(b) || area(xy, a, b, c) != 0.0 {
                break;
            }
            corners.remove(corners.len() - 2);
        }
    }
    if corners.len() < n && corners.len() >= max {
        let sub: Vec<(f64, f64)> = corners.iter().map(|&i| xy[i]).collect();
        let sub_fixed: Vec<bool> = corners.iter().map(|&i| fixed(i)).collect();
        let kept = visvalingam(&sub, &sub_fixed, max);
        return kept.into_iter().map(|k| corners[k]).collect();
    }
    visvalingam(xy, locked, max)
}

/// Half the area of the triangle of points `a`, `b`, `c` (∞ when a coordinate is NaN).
fn area(xy: &[(f64, f64)], a: usize, b: usize, c: usize) -> f64 {
    let ((xa, ya), (xb, yb), (xc, yc)) = (xy[a], xy[b], xy[c]);
    let twice = ((xb - xa) * (yc - ya) - (xc - xa) * (yb - ya)).abs();
    if twice.is_nan() {
        f64::INFINITY
    } else {
        0.5 * twice
    }
}

/// Visvalingam–Whyatt proper (see [`thin_indices`]).
fn visvalingam(xy: &[(f64, f64)], locked: &[bool], max: usize) -> Vec<usize> {
    let n = xy.len();
    if n <= max.max(2) {
        return (0..n).collect();
    }
    let fixed = |i: usize| i == 0 || i == n - 1 || locked.get(i).copied().unwrap_or(false);
    let mut prev: Vec<usize> = (0..n).map(|i| i.saturating_sub(1)).collect();
    let mut next: Vec<usize> = (0..n).map(|i| (i + 1).min(n - 1)).collect();
    let mut alive = vec![true; n];
    let mut key = vec![f64::INFINITY; n];
    for i in (1..n - 1).filter(|&i| !fixed(i)) {
        key[i] = area(xy, i - 1, i, i + 1);
    }
    // An indexed heap of the removable points by (area, index): each point once, its key
    // updated in place when a neighbour goes (a heap of stale entries held three times as
    // many and was a quarter of a million-case run).
    let mut heap = AreaHeap::new(&key, (1..n - 1).filter(|&i| !fixed(i)).collect());
    let mut count = n;
    while count > max {
        let Some((i, a)) = heap.pop() else {
            break; // only locked points are left
        };
        alive[i] = false;
        count -= 1;
        let (p, q) = (prev[i], next[i]);
        next[p] = q;
        prev[q] = p;
        for j in [p, q] {
            if !fixed(j) {
                // Never below the area just removed: elimination order stays monotone.
                heap.update(j, area(xy, prev[j], j, next[j]).max(a));
            }
        }
    }
    (0..n).filter(|&i| alive[i]).collect()
}

/// A 4-ary min-heap of point indices ordered by (key, index), keys totally ordered (NaN
/// last), with each index's place kept so that its key can change in place. Each entry holds
/// its key beside its index, so that a comparison reads the heap's own memory: reading keys
/// by index from a second array missed the cache at every step of a million-point curve.
/// Four children per node halve the levels a removal walks (a node's children share a cache
/// line); (key, index) is a strict total order, so any heap pops the same points in the same
/// order.
const ARITY: usize = 4;

struct AreaHeap {
    heap: Vec<(f64, usize)>,
    /// Where each index is in `heap`; `usize::MAX` when it is not.
    at: Vec<usize>,
}

impl AreaHeap {
    fn new(key: &[f64], items: Vec<usize>) -> AreaHeap {
        let mut at = vec![usize::MAX; key.len()];
        for (k, &i) in items.iter().enumerate() {
            at[i] = k;
        }
        let mut h = AreaHeap {
            heap: items.into_iter().map(|i| (key[i], i)).collect(),
            at,
        };
        for k in (0..h.heap.len().div_ceil(ARITY)).rev() {
            h.down(k);
        }
        h
    }

    fn less(a: (f64, usize), b: (f64, usize)) -> bool {
        a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)) == std::cmp::Ordering::Less
    }

    /// Puts `entry` at place `k`.
    fn set(&mut self, k: usize, entry: (f64, usize)) {
        self.heap[k] = entry;
        self.at[entry.1] = k;
    }

    fn up(&mut self, mut k: usize) {
        let entry = self.heap[k];
        while k > 0 {
            let parent = (k - 1) / ARITY;
            if !Self::less(entry, self.heap[parent]) {
                break;
            }
            self.set(k, self.heap[parent]);
            k = parent;
        }
        self.set(k, entry);
    }

    fn down(&mut self, mut k: usize) {
        let n = self.heap.len();
        let entry = self.heap[k];
        loop {
            let first = ARITY * k + 1;
            if first >= n {
                break;
            }
            let mut child = first;
            for c in first + 1..(first + ARITY).min(n) {
                if Self::less(self.heap[c], self.heap[child]) {
                    child = c;
                }
            }
            if !Self::less(self.heap[child], entry) {
                break;
            }
            self.set(k, self.heap[child]);
            k = child;
        }
        self.set(k, entry);
    }

    /// The least index and its key.
    fn pop(&mut self) -> Option<(usize, f64)> {
        let last = self.heap.pop()?;
        let top = if self.heap.is_empty() {
            last
        } else {
            let top = self.heap[0];
            self.set(0, last);
            self.down(0);
            top
        };
        self.at[top.1] = usize::MAX;
        Some((top.1, top.0))
    }

    /// Sets index `i`'s key (it must be in the heap) and restores the order.
    fn update(&mut self, i: usize, key: f64) {
        let k = self.at[i];
        self.heap[k].0 = key;
        self.up(k);
        self.down(self.at[i]);
    }
}

/// The ROC curve thinned to [`MAX_CURVE_POINTS`] in (1 − specificity, sensitivity), keeping
/// exactly every point whose threshold is in `keep` (the operating points the report names).
/// Only report.json's copy is thinned: the AUC and every other figure come from the cases.
pub fn thin_curve(curve: &[RocPoint], keep: &[f64], max: usize) -> Vec<RocPoint> {
    let xy: Vec<(f64, f64)> = curve
        .iter()
        .map(|p| (1.0 - p.specificity, p.sensitivity))
        .collect();
    let locked: Vec<bool> = curve.iter().map(|p| keep.contains(&p.threshold)).collect();
    let kept = thin_indices(&xy, &locked, max);
    kept.into_iter().map(|i| curve[i]).collect()
}

/// The observed-score threshold of the operating point at plan threshold `t` (score ≥ t): the
/// lowest observed score at or above t, or +∞ when no score reaches it.
pub fn operating_threshold(curve: &[RocPoint], t: f64) -> f64 {
    curve
        .iter()
        .rev()
        .find(|p| p.threshold >= t)
        .map_or(f64::INFINITY, |p| p.threshold)
}

#[cfg(test)]
mod thin_tests {
    use super::*;

    /// The heap of stale entries this module used before the indexed heap: kept to show that
    /// both drop the same points in the same order.
    fn lazy_thin_indices(xy: &[(f64, f64)], locked: &[bool], max: usize) -> Vec<usize> {
        use std::cmp::Reverse;
        use std::collections::BinaryHeap;

        let n = xy.len();
        if n <= max.max(2) {
            return (0..n).collect();
        }
        /// An area ordered totally (NaN areas, from NaN coordinates, sort last).
        #[derive(PartialEq)]
        struct Area(f64);
        impl Eq for Area {}
        impl PartialOrd for Area {
            fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(o))
            }
        }
        impl Ord for Area {
            fn cmp(&self, o: &Self) -> std::cmp::Ordering {
                self.0.total_cmp(&o.0)
            }
        }
        // The same areas as the indexed heap: the oracle checks the heap, not the formula.
        let area = |a: usize, b: usize, c: usize| area(xy, a, b, c);
        let fixed = |i: usize| i == 0 || i == n - 1 || locked.get(i).copied().unwrap_or(false);
        let mut prev: Vec<usize> = (0..n).map(|i| i.saturating_sub(1)).collect();
        let mut next: Vec<usize> = (0..n).map(|i| (i + 1).min(n - 1)).collect();
        let mut version = vec![0u32; n];
        let mut alive = vec![true; n];
        let mut heap = BinaryHeap::with_capacity(n);
        for i in (1..n - 1).filter(|&i| !fixed(i)) {
            heap.push(Reverse((Area(area(i - 1, i, i + 1)), i, 0u32)));
        }
        let mut count = n;
        while count > max {
            let Some(Reverse((Area(a), i, v))) = heap.pop() else {
                break; // only locked points are left
            };
            if !alive[i] || v != version[i] {
                continue;
            }
            alive[i] = false;
            count -= 1;
            let (p, q) = (prev[i], next[i]);
            next[p] = q;
            prev[q] = p;
            for j in [p, q] {
                if !fixed(j) {
                    version[j] += 1;
                    // Never below the area just removed: elimination order stays monotone.
                    let aj = area(prev[j], j, next[j]).max(a);
                    heap.push(Reverse((Area(aj), j, version[j])));
                }
            }
        }
        (0..n).filter(|&i| alive[i]).collect()
    }

    #[test]
    fn the_indexed_heap_drops_what_the_lazy_heap_dropped() {
        use rand::{RngExt, SeedableRng};
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(7);
        for case in 0..300 {
            let n = rng.random_range(3..3000);
            // Staircases with ties (zero areas), jitter, and now and then a NaN.
            let mut xy = Vec::with_capacity(n);
            let (mut x, mut y) = (0.0f64, 0.0f64);
            for _ in 0..n {
                // Staircases with duplicates, jitter and diagonal steps (ties of a positive and
                // a negative: collinear, so flat, when two come in a row).
                let kinds = [0..5, 0..40, 2..6][case % 3].clone();
                match rng.random_range(kinds) {
                    0 => {}
                    1 => {
                        x += rng.random::<f64>() / n as f64;
                        y += rng.random::<f64>() / n as f64;
                    }
                    2 => {
                        x += 1.0 / n as f64;
                        y += 1.0 / n as f64;
                    }
                    k if k % 2 == 0 => x += 1.0 / n as f64,
                    _ => y += 1.0 / n as f64,
                }
                xy.push((x, y));
            }
            if case % 7 == 3 {
                xy[n / 2].1 = f64::NAN;
            }
            let locked: Vec<bool> = (0..n).map(|_| rng.random_range(0..50) == 0).collect();
            same_as_lazy(
                &xy,
                &locked,
                &[2, 10, n / 3, n - 1],
                &format!("case {case}, n {n}"),
            );
        }
    }

    /// `thin_indices` keeps what the lazy heap keeps, for each of `maxes`.
    fn same_as_lazy(xy: &[(f64, f64)], locked: &[bool], maxes: &[usize], what: &str) {
        for &max in maxes {
            assert_eq!(
                thin_indices(xy, locked, max),
                lazy_thin_indices(xy, locked, max),
                "{what}, max {max}"
            );
        }
    }

    /// Real curves with ties (scores rounded as vendors round them): ROC and precision-recall.
    #[test]
    fn tied_roc_and_pr_curves_thin_as_the_lazy_heap_thins() {
        use rand::{RngExt, SeedableRng};
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(3);
        for digits in [2, 3, 4] {
            let scale = 10f64.powi(digits);
            let labels: Vec<bool> = (0..30_000).map(|_| rng.random::<f64>() < 0.3).collect();
            let scores: Vec<f64> = labels
                .iter()
                .map(|&l| {
                    let s: f64 = rng.random::<f64>() * 0.7 + if l { 0.3 } else { 0.0 };
                    (s * scale).round() / scale
                })
                .collect();
            let curve = roc_curve(&labels, &scores);
            let roc: Vec<(f64, f64)> = curve
                .iter()
                .map(|p| (1.0 - p.specificity, p.sensitivity))
                .collect();
            let pr = crate::thresholds::pr_curve_of(&curve);
            let pr: Vec<(f64, f64)> = pr.iter().map(|p| (p.recall, p.precision)).collect();
            for xy in [roc, pr] {
                let locked: Vec<bool> = (0..xy.len()).map(|i| i % 997 == 5).collect();
                same_as_lazy(&xy, &locked, &[50, 500, 2_000], &format!("{digits} digits"));
            }
        }
    }

    #[test]
    fn a_pure_staircase_is_thinned_from_its_corners_alone() {
        // A ROC curve without ties: every step horizontal or vertical.
        let labels: Vec<bool> = (0..20_000).map(|i| (i * 7919) % 13 < 5).collect();
        let scores: Vec<f64> = (0..20_000).map(|i| f64::from(i) / 20_000.0).collect();
        let curve = roc_curve(&labels, &scores);
        let xy: Vec<(f64, f64)> = curve
            .iter()
            .map(|p| (1.0 - p.specificity, p.sensitivity))
            .collect();
        let locked = vec![false; xy.len()];
        let n = xy.len();
        let corners: Vec<usize> = (0..n)
            .filter(|&i| {
                i == 0 || i == n - 1 || {
                    let (a, b, c) = (xy[i - 1], xy[i], xy[i + 1]);
                    !((a.0 == b.0 && b.0 == c.0) || (a.1 == b.1 && b.1 == c.1))
                }
            })
            .collect();
        assert!(
            corners.len() < n / 2 + 2 && corners.len() > 2_000,
            "{} of {n}",
            corners.len()
        );
        let sub: Vec<(f64, f64)> = corners.iter().map(|&i| xy[i]).collect();
        assert!((1..sub.len() - 1).all(|k| area(&sub, k - 1, k, k + 1) > 0.0));
        let fast = visvalingam(&sub, &vec![false; sub.len()], 2_000);
        let fast: Vec<usize> = fast.into_iter().map(|k| corners[k]).collect();
        assert_eq!(fast, lazy_thin_indices(&xy, &locked, 2_000));
        assert_eq!(thin_indices(&xy, &locked, 2_000), fast);
    }

    #[test]
    fn thinning_keeps_the_ends_the_locked_points_and_the_shape() {
        // A staircase of 10 000 cases with many collinear points.
        let labels: Vec<bool> = (0..10_000).map(|i| (i * 7919) % 13 < 5).collect();
        let scores: Vec<f64> = (0..10_000)
            .map(|i| f64::from(i) / 10_000.0 + if labels[i as usize] { 0.3 } else { 0.0 })
            .collect();
        let curve = roc_curve(&labels, &scores);
        assert!(curve.len() > 5_000);
        let keep = [curve[1234].threshold, curve[4321].threshold];
        let thin = thin_curve(&curve, &keep, 500);
        assert_eq!(thin.len(), 500);
        assert_eq!(thin[0], curve[0]);
        assert_eq!(thin.last(), curve.last());
        for k in [1234, 4321] {
            assert!(thin.contains(&curve[k]), "locked point {k} kept exactly");
        }
        // Every kept point is an original point, in order.
        let mut j = 0;
        for p in &thin {
            while curve[j] != *p {
                j += 1;
            }
        }
        // The trapezoid area under the thinned curve stays within 0.001 of the full one.
        let trapezoid = |c: &[RocPoint]| {
            c.windows(2)
                .map(|w| {
                    let (x0, x1) = (1.0 - w[0].specificity, 1.0 - w[1].specificity);
                    (x1 - x0) * (w[0].sensitivity + w[1].sensitivity) / 2.0
                })
                .sum::<f64>()
        };
        let (full, thinned) = (trapezoid(&curve), trapezoid(&thin));
        assert!((full - thinned).abs() < 1e-3, "{full} vs {thinned}");
        assert!((full - auc(&labels, &scores)).abs() < 1e-12);
        // Short curves are untouched.
        assert_eq!(thin_curve(&curve[..100], &[], 500), curve[..100].to_vec());
    }

    #[test]
    fn the_operating_threshold_is_the_lowest_score_reaching_the_plan_threshold() {
        let curve = roc_curve(&[true, false, true, false], &[0.9, 0.2, 0.6, 0.5]);
        assert_eq!(operating_threshold(&curve, 0.55), 0.6);
        assert_eq!(operating_threshold(&curve, 0.5), 0.5);
        assert_eq!(operating_threshold(&curve, 0.95), f64::INFINITY);
    }
}
