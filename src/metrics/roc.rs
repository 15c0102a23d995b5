//! ROC curve, AUC and DeLong's variance of the AUC.
//!
//! All three work on the distinct-score bins of [`Bins`](super::Bins): one sort, then linear
//! sweeps, so they stay O(n log n) on cohorts of 100 000 cases.

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
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RocPoint {
    /// Cases with `score >= threshold` are called positive. The first point has threshold +∞
    /// (nothing positive). JSON has no infinity, so +∞ is written as `null` and `null` is read
    /// back as +∞; since scores must be finite, the curve's end point is the only null.
    #[serde(
        serialize_with = "finite_or_null",
        deserialize_with = "null_is_infinity"
    )]
    pub threshold: f64,
    pub tp: u64,
    pub fp: u64,
    pub tn: u64,
    #[serde(rename = "fn")]
    pub fn_: u64,
    pub sensitivity: f64,
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
    let bins = Bins::new(labels, scores);
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
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DeLong {
    pub auc: f64,
    pub variance: f64,
    /// Standard error = √variance.
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
    let bins = Bins::new(labels, scores);
    let (m, n) = (bins.positives(), bins.negatives());
    let auc = auc_of_bins(&bins);
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
