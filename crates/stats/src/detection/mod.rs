//! Lesion-level figures of a detection product: marks matched to truth lesions by a hit
//! criterion, the FROC curve, sensitivity at stated false-positive rates, the competition
//! performance metric (CPM), and their patient-bootstrap intervals.
//!
//! CONTRACT (issue 17): these types and signatures are what the engine builds on; the bodies are
//! proven against MONAI's FROC functions and a plain LUNA16 implementation in
//! `crates/stats/tests/detection_peers.rs` (real LIDC-IDRI reader marks).
//!
//! CONVENTIONS (each decided here, once):
//! * **Hit rules.** `CentreWithinRadius`: Euclidean distance(mark centre, lesion centre) ≤ lesion
//!   radius (LUNA16; LUNA16's script writes `<`, the issue asks for ≤: they differ only on the
//!   sphere's surface). `DistanceMm(d)`: distance ≤ d. `Iou(t)`: axis-aligned box IoU ≥ t; an
//!   axis on which both boxes are flat (2-D units: z min = max) is left out of the volumes, so a
//!   2-D IoU is an area ratio. A lesion or mark without what the rule needs (radius, boxes) never
//!   hits: the engine refuses such plans before they get here.
//! * **Matching.** One mark counts for at most one lesion, each lesion at most once. Marks are
//!   taken greedily by descending score (ties: lower mark index first); each takes the *nearest*
//!   not-yet-taken lesion of its unit that it hits, nearest by centre distance whatever the rule
//!   (ties: lower lesion index). A mark whose hit lesions are all taken is `extra`: neither a true
//!   nor a false positive, as in LUNA16's evaluation and MONAI's `compute_fp_tp_probs` (only the
//!   highest-scored mark on a lesion counts). A mark that hits nothing is a false positive on any
//!   unit, lesion-free units included. (Peers differ only when one mark hits two lesions: LUNA16
//!   then counts the mark for both, MONAI's label mask gives the mark one label, its nearest
//!   nodule even when that one is taken; we never count a mark twice and let it take the nearest
//!   free one. On LIDC under a 30 mm rule, 103 such marks move the CPM by 3.7e-3 from MONAI's.)
//! * **FROC.** Thresholds are the distinct scores of the *counted* marks (true and false
//!   positives), highest first; an extra mark's score adds no threshold because it changes no
//!   count (MONAI's `compute_froc_curve_data` builds its thresholds from the same two lists). At
//!   threshold t: sensitivity = lesions whose counted mark scores ≥ t / all lesions; FP per unit =
//!   false-positive marks scoring ≥ t / all units. Like MONAI, the curve starts with the point
//!   (FP 0, sensitivity 0) at threshold +∞ (written as `null` in JSON), so that rates below the
//!   first false positive interpolate from the origin. MONAI skips the lowest probability of its
//!   list (meant to drop the 0 it stores for missed lesions); we keep every score and a missed
//!   lesion is simply never counted, so scores need not be positive.
//! * **Sensitivity at FP rate r**: `np.interp(r, fp, sensitivity)` on the curve in ascending FP
//!   order (the order above), as MONAI `compute_froc_score`: between points linear, at a run of
//!   equal FP values the last (highest-sensitivity) point, beyond the last point the last
//!   sensitivity. **CPM** = mean over the rates.
//! * **Intervals**: percentile bootstrap over patients (every unit of a drawn patient, with its
//!   marks and lesions, comes along; the matching is not redone, it is per unit), replicate r
//!   drawn from `replicate_rng(seed, r)` exactly as the binary and segmentation bootstraps, R
//!   type-7 quantiles at α/2 and 1 − α/2. A replicate that drew no lesion has no sensitivity and
//!   is left out of the quantiles (counted in `Froc::replicates_without_lesions`). NaN
//!   intervals with no lesions, one patient or 0 replicates; NaN estimates with no lesions.

use serde::{Deserialize, Serialize};

use crate::clustered::Clusters;
use crate::nullable;

mod froc;
mod matching;

pub use froc::interp;

/// A point (x, y, z) in mm (or pixels, when the plan says so); z = 0 for 2-D units.
pub type Point = [f64; 3];

/// An axis-aligned box: min corner, max corner (z equal for 2-D units).
pub type Box3 = [[f64; 3]; 2];

/// One mark of the model: where, how sure, and its extent when it has one.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// Index of the unit (scan, exam) in the cohort.
    pub unit: usize,
    pub centre: Point,
    pub score: f64,
    pub bbox: Option<Box3>,
}

/// One truth lesion.
#[derive(Debug, Clone, PartialEq)]
pub struct Lesion {
    pub unit: usize,
    pub centre: Point,
    /// Needed by [`HitRule::CentreWithinRadius`].
    pub radius: Option<f64>,
    /// Needed by [`HitRule::Iou`].
    pub bbox: Option<Box3>,
}

/// When a mark hits a lesion.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HitRule {
    /// The mark's centre lies within the lesion's radius (≤, LUNA16).
    CentreWithinRadius,
    /// The centres are at most this many mm apart.
    DistanceMm(f64),
    /// The boxes overlap with IoU ≥ this.
    Iou(f64),
}

/// The outcome of matching every mark of a cohort to its unit's lesions.
#[derive(Debug, Clone, PartialEq)]
pub struct Matching {
    /// Per mark: the lesion (index into the lesions given) it is counted as hitting; None when
    /// it is a false positive or a further mark on a lesion another mark hits (see `extra`).
    pub lesion_of_mark: Vec<Option<usize>>,
    /// Per mark: it hit a lesion that a higher-scoring mark already counts for; such marks are
    /// neither true nor false positives (LUNA16, MONAI), and are counted in the report.
    pub extra: Vec<bool>,
    /// Per lesion: the score of the mark counted for it (None: missed at every threshold).
    pub lesion_score: Vec<Option<f64>>,
}

/// One operating point of the FROC curve: marks with score ≥ `threshold` kept.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FrocPoint {
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub threshold: f64,
    /// False-positive marks per unit (every unit of the cohort in the denominator, lesion-free
    /// units included).
    pub fp_per_unit: f64,
    /// Lesions hit / lesions.
    pub sensitivity: f64,
}

/// An estimate with its percentile bootstrap interval over patients.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Estimate {
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub estimate: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub ci_low: f64,
    #[serde(with = "nullable")]
    #[schemars(with = "Option<f64>")]
    pub ci_high: f64,
}

/// Sensitivity at one false-positive rate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SensitivityAt {
    pub fp_rate: f64,
    #[serde(flatten)]
    pub sensitivity: Estimate,
}

/// The FROC analysis of a cohort.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Froc {
    pub points: Vec<FrocPoint>,
    pub sensitivity_at: Vec<SensitivityAt>,
    /// Mean of `sensitivity_at` (the competition performance metric).
    pub cpm: Estimate,
    pub units: usize,
    pub lesions: usize,
    pub replicates: usize,
    pub seed: u64,
    /// Replicates that drew only lesion-free patients (no sensitivity; left out of the quantiles).
    #[serde(default)]
    pub replicates_without_lesions: usize,
}

/// Matches marks to lesions unit by unit. Ties are broken as the module docs state.
/// Never panics: units are only compared, and non-finite scores sort by `f64::total_cmp`
/// (the input stage rejects them).
pub fn match_marks(marks: &[Mark], lesions: &[Lesion], rule: HitRule) -> Matching {
    matching::match_marks(marks, lesions, rule)
}

/// The FROC curve, sensitivity at each FP rate, the CPM and their patient-bootstrap intervals.
/// `clusters` gives each unit's patient (`units` = `clusters.units()`).
///
/// # Panics
/// When `matching` was not made from `marks` and `lesions`, or a mark or lesion names a unit
/// outside `clusters` (programming errors: the engine builds all three from one cohort).
#[allow(clippy::too_many_arguments)]
pub fn froc(
    marks: &[Mark],
    matching: &Matching,
    lesions: &[Lesion],
    clusters: &Clusters,
    fp_rates: &[f64],
    replicates: usize,
    seed: u64,
    confidence: f64,
) -> Froc {
    crate::watch::unwatched(froc_watched(
        marks,
        matching,
        lesions,
        clusters,
        fp_rates,
        replicates,
        seed,
        confidence,
        &crate::watch::Unwatched,
    ))
}

/// [`froc`] asking `watch` before each replicate whether to stop: the same result when it does
/// not, [`Cancelled`](crate::watch::Cancelled) when it does.
#[allow(clippy::too_many_arguments)]
pub fn froc_watched(
    marks: &[Mark],
    matching: &Matching,
    lesions: &[Lesion],
    clusters: &Clusters,
    fp_rates: &[f64],
    replicates: usize,
    seed: u64,
    confidence: f64,
    watch: &dyn crate::watch::Watch,
) -> Result<Froc, crate::watch::Cancelled> {
    froc::froc(
        marks, matching, lesions, clusters, fp_rates, replicates, seed, confidence, watch,
    )
}

#[cfg(test)]
mod tests;
