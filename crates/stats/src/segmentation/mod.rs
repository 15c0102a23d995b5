//! Segmentation figures for one case: overlap (Dice, IoU), surface distances (Hausdorff, HD95,
//! average symmetric surface distance, normalised surface Dice) and volumes, for a binary truth
//! and prediction mask on the same 2-D or 3-D grid with a physical spacing per axis (mm).
//!
//! Conventions, decided here once (each pinned against MONAI 1.x in `tests/peers/segmentation_peers.rs`):
//! * **Surface**: the border voxels of each mask — mask voxels with a face neighbour
//!   (4-connectivity in 2-D, 6 in 3-D) outside the mask or beyond the image (`surface.rs`).
//!   This is MONAI's `get_mask_edges` (no `spacing` argument) and medpy's; DeepMind's
//!   surface-distance instead places area-weighted surfels between voxels, which no report
//!   reader can count, while border voxels are the same units as the volumes.
//! * **Distances** from each border voxel of one mask to the nearest border voxel of the other,
//!   between voxel centres, by an exact Euclidean distance transform in mm (`edt.rs`).
//! * **HD95**: the 95th percentile (linear interpolation, numpy's default and R's type 7) of each
//!   directed distance set, then the larger of the two — MONAI's `compute_hausdorff_distance(
//!   percentile=95)`. A percentile of the pooled set (medpy, seg-metrics) lets the larger surface
//!   outvote the smaller one; the directed maximum keeps HD95 symmetric in what it penalises, as
//!   the Hausdorff distance itself. [`SurfaceDistances::pooled_percentile`] gives the other.
//! * **ASSD**: the mean of both directed sets pooled (MONAI's `compute_average_surface_distance(
//!   symmetric=True)`); [`SurfaceDistances::mean_of_directed_means`] gives the older two-mean ASSD some tools report.
//! * **NSD** at tolerance τ: border voxels of both masks within τ of the other surface, divided by
//!   all border voxels (MONAI's `compute_surface_dice`, `use_subvoxels=False`).
//! * **Empty masks** (issue 16 Deliver 3), never NaN: both empty → Dice = IoU = NSD = 1, distances
//!   0, [`Presence::BothEmpty`]; truth only → [`Presence::Missed`], prediction only →
//!   [`Presence::FalseAlarm`]: Dice = IoU = NSD = 0 and every distance is the image's physical
//!   diagonal `√Σ(nᵢ·sᵢ)²`, longer than any distance between two voxels of the image, so a miss
//!   always scores worse than any hit.

mod edt;
pub mod summary;
mod surface;

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::intervals::quantile_type7;

/// Why the figures could not be computed; every case names what to fix in the caller's data.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SegmentationError {
    #[error("a segmentation grid must have 2 or 3 axes, got {0}")]
    Dimensions(usize),
    #[error("the spacing has {spacing} values for a grid of {axes} axes; give one per axis (mm)")]
    SpacingCount { axes: usize, spacing: usize },
    #[error(
        "spacing {value} mm on axis {axis} must be finite and positive; check PixelSpacing / slice spacing"
    )]
    Spacing { axis: usize, value: f64 },
    #[error("grid {shape:?} has a zero-length axis or more voxels than memory can address")]
    Shape { shape: Vec<usize> },
    #[error(
        "the {which} mask has {len} voxels but grid {shape:?} has {expected}; resample both masks onto one grid"
    )]
    Length {
        which: &'static str,
        len: usize,
        shape: Vec<usize>,
        expected: usize,
    },
    #[error("surface Dice tolerance {0} mm must be finite and ≥ 0")]
    Tolerance(f64),
}

/// The voxel grid both masks share: C order (last axis fastest, as numpy), spacing in mm per axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    shape: Vec<usize>,
    spacing: Vec<f64>,
    len: usize,
}

impl Grid {
    pub fn new(shape: &[usize], spacing: &[f64]) -> Result<Self, SegmentationError> {
        if !(2..=3).contains(&shape.len()) {
            return Err(SegmentationError::Dimensions(shape.len()));
        }
        if spacing.len() != shape.len() {
            return Err(SegmentationError::SpacingCount {
                axes: shape.len(),
                spacing: spacing.len(),
            });
        }
        if let Some((axis, &value)) = spacing
            .iter()
            .enumerate()
            .find(|(_, s)| !(s.is_finite() && **s > 0.0))
        {
            return Err(SegmentationError::Spacing { axis, value });
        }
        let len = shape
            .iter()
            .try_fold(1usize, |acc, &n| acc.checked_mul(n))
            .filter(|&n| n > 0 && n <= isize::MAX as usize / 8)
            .ok_or_else(|| SegmentationError::Shape {
                shape: shape.to_vec(),
            })?;
        Ok(Grid {
            shape: shape.to_vec(),
            spacing: spacing.to_vec(),
            len,
        })
    }

    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    pub fn spacing(&self) -> &[f64] {
        &self.spacing
    }

    /// One voxel's volume (mm³ in 3-D, mm² in 2-D).
    pub fn voxel_volume(&self) -> f64 {
        self.spacing.iter().product()
    }

    /// `√Σ(nᵢ·sᵢ)²`: the worst-case distance given when one mask is empty.
    pub fn diagonal(&self) -> f64 {
        self.shape
            .iter()
            .zip(&self.spacing)
            .map(|(&n, &s)| (n as f64 * s).powi(2))
            .sum::<f64>()
            .sqrt()
    }

    fn check(&self, which: &'static str, mask: &[bool]) -> Result<(), SegmentationError> {
        if mask.len() == self.len {
            Ok(())
        } else {
            Err(SegmentationError::Length {
                which,
                len: mask.len(),
                shape: self.shape.clone(),
                expected: self.len,
            })
        }
    }
}

/// Which masks hold any voxel; decides the empty-mask conventions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    /// Both masks non-empty: every figure is measured.
    Both,
    /// Neither mask has a voxel: a correct negative.
    BothEmpty,
    /// Truth has voxels, the prediction none.
    Missed,
    /// The prediction has voxels, the truth none.
    FalseAlarm,
}

/// The figures for one case (distances in mm, volumes in mm³ — mm² for a 2-D grid).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SegmentationMetrics {
    pub presence: Presence,
    pub dice: f64,
    pub iou: f64,
    pub hausdorff_mm: f64,
    pub hd95_mm: f64,
    pub assd_mm: f64,
    /// Normalised surface Dice at `nsd_tolerance_mm`.
    pub nsd: f64,
    pub nsd_tolerance_mm: f64,
    pub volume_truth: f64,
    pub volume_prediction: f64,
    /// Prediction minus truth.
    pub volume_difference: f64,
}

/// Directed border-to-border distances (mm), each sorted ascending and non-empty.
#[derive(Debug, Clone, PartialEq)]
pub struct SurfaceDistances {
    /// From each prediction border voxel to the nearest truth border voxel.
    pub prediction_to_truth: Vec<f64>,
    /// From each truth border voxel to the nearest prediction border voxel.
    pub truth_to_prediction: Vec<f64>,
}

impl SurfaceDistances {
    /// The Hausdorff distance: the largest distance in either direction.
    pub fn hausdorff(&self) -> f64 {
        self.directed_max_percentile(1.0)
    }

    /// `q`-quantile (0..=1, type 7) of each directed set, the larger of the two (MONAI; HD95 at 0.95).
    pub fn directed_max_percentile(&self, q: f64) -> f64 {
        quantile_type7(&self.prediction_to_truth, q)
            .max(quantile_type7(&self.truth_to_prediction, q))
    }

    /// `q`-quantile (type 7) of both sets pooled (medpy's and seg-metrics' HD95 at 0.95).
    pub fn pooled_percentile(&self, q: f64) -> f64 {
        let mut all: Vec<f64> = self
            .prediction_to_truth
            .iter()
            .chain(&self.truth_to_prediction)
            .copied()
            .collect();
        all.sort_by(f64::total_cmp);
        quantile_type7(&all, q)
    }

    /// Mean of both directed sets pooled (MONAI's symmetric ASSD).
    pub fn average_symmetric(&self) -> f64 {
        let n = self.prediction_to_truth.len() + self.truth_to_prediction.len();
        (self.prediction_to_truth.iter().sum::<f64>()
            + self.truth_to_prediction.iter().sum::<f64>())
            / n as f64
    }

    /// Mean of the two directed means (the older two-mean ASSD some tools report).
    pub fn mean_of_directed_means(&self) -> f64 {
        let mean = |d: &[f64]| d.iter().sum::<f64>() / d.len() as f64;
        0.5 * (mean(&self.prediction_to_truth) + mean(&self.truth_to_prediction))
    }

    /// Share of all border voxels within `tolerance_mm` of the other surface.
    pub fn surface_dice(&self, tolerance_mm: f64) -> f64 {
        let within = |d: &[f64]| d.iter().filter(|&&x| x <= tolerance_mm).count();
        let n = self.prediction_to_truth.len() + self.truth_to_prediction.len();
        (within(&self.prediction_to_truth) + within(&self.truth_to_prediction)) as f64 / n as f64
    }
}

/// Border-to-border distances, or `None` when either mask is empty (the conventions above apply).
pub fn surface_distances(
    truth: &[bool],
    prediction: &[bool],
    grid: &Grid,
) -> Result<Option<SurfaceDistances>, SegmentationError> {
    grid.check("truth", truth)?;
    grid.check("prediction", prediction)?;
    if !truth.contains(&true) || !prediction.contains(&true) {
        return Ok(None);
    }
    Ok(Some(distances(truth, prediction, grid, true)))
}

/// Border-to-border distances of two non-empty masks, in the box of their union (`boxed`) or
/// on the whole grid: the same bits either way (tested), the box being the faster.
fn distances(truth: &[bool], prediction: &[bool], grid: &Grid, boxed: bool) -> SurfaceDistances {
    // Both masks are background outside the box of their union, so the box gives the same
    // borders and nearest distances as the whole image, at a fraction of the work.
    let (lo, hi) = if boxed {
        surface::union_box(truth, prediction, &grid.shape).expect("both masks hold voxels")
    } else {
        (vec![0; grid.shape.len()], grid.shape.clone())
    };
    let shape: Vec<usize> = lo.iter().zip(&hi).map(|(l, h)| h - l).collect();
    let (truth, prediction) = (
        cut(truth, grid, &lo, &hi, &shape),
        cut(prediction, grid, &lo, &hi, &shape),
    );
    let (truth_border, prediction_border) = rayon::join(
        || surface::border(&truth, &shape),
        || surface::border(&prediction, &shape),
    );
    let block = edt::Block::new(&shape, &grid.spacing, &lo);
    let directed = |from: &[bool], to: &[bool]| {
        let mut d = edt::directed_distances(to, from, &block);
        d.sort_unstable_by(f64::total_cmp);
        d
    };
    let (prediction_to_truth, truth_to_prediction) = rayon::join(
        || directed(&prediction_border, &truth_border),
        || directed(&truth_border, &prediction_border),
    );
    SurfaceDistances {
        prediction_to_truth,
        truth_to_prediction,
    }
}

/// The mask inside `[lo, hi)`, borrowed when that is the whole grid.
fn cut<'a>(
    mask: &'a [bool],
    grid: &Grid,
    lo: &[usize],
    hi: &[usize],
    shape: &[usize],
) -> Cow<'a, [bool]> {
    if shape == grid.shape {
        Cow::Borrowed(mask)
    } else {
        Cow::Owned(surface::crop(mask, &grid.shape, lo, hi))
    }
}

/// Every figure for one case; `nsd_tolerance_mm` is the surface Dice tolerance.
pub fn segmentation_metrics(
    truth: &[bool],
    prediction: &[bool],
    grid: &Grid,
    nsd_tolerance_mm: f64,
) -> Result<SegmentationMetrics, SegmentationError> {
    if !(nsd_tolerance_mm.is_finite() && nsd_tolerance_mm >= 0.0) {
        return Err(SegmentationError::Tolerance(nsd_tolerance_mm));
    }
    grid.check("truth", truth)?;
    grid.check("prediction", prediction)?;
    let (mut t, mut p, mut both) = (0usize, 0usize, 0usize);
    for (&a, &b) in truth.iter().zip(prediction) {
        t += usize::from(a);
        p += usize::from(b);
        both += usize::from(a && b);
    }
    let voxel = grid.voxel_volume();
    let volumes = (t as f64 * voxel, p as f64 * voxel);
    let metrics = |presence, dice, iou, hd, hd95, assd, nsd| SegmentationMetrics {
        presence,
        dice,
        iou,
        hausdorff_mm: hd,
        hd95_mm: hd95,
        assd_mm: assd,
        nsd,
        nsd_tolerance_mm,
        volume_truth: volumes.0,
        volume_prediction: volumes.1,
        volume_difference: volumes.1 - volumes.0,
    };
    let worst = grid.diagonal();
    Ok(match (t > 0, p > 0) {
        (false, false) => metrics(Presence::BothEmpty, 1.0, 1.0, 0.0, 0.0, 0.0, 1.0),
        (true, false) => metrics(Presence::Missed, 0.0, 0.0, worst, worst, worst, 0.0),
        (false, true) => metrics(Presence::FalseAlarm, 0.0, 0.0, worst, worst, worst, 0.0),
        (true, true) => {
            let d = surface_distances(truth, prediction, grid)?
                .expect("both masks hold voxels, so both have border voxels");
            let dice = 2.0 * both as f64 / (t + p) as f64;
            let iou = both as f64 / (t + p - both) as f64;
            metrics(
                Presence::Both,
                dice,
                iou,
                d.hausdorff(),
                d.directed_max_percentile(0.95),
                d.average_symmetric(),
                d.surface_dice(nsd_tolerance_mm),
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> Grid {
        Grid::new(&[4, 6], &[2.0, 1.5]).unwrap()
    }

    #[test]
    fn empty_masks_follow_the_stated_conventions_and_never_give_nan() {
        let g = grid();
        let none = vec![false; 24];
        let mut some = vec![false; 24];
        some[7] = true;
        some[8] = true;
        let diagonal = (8.0f64.powi(2) + 9.0f64.powi(2)).sqrt();

        let both = segmentation_metrics(&none, &none, &g, 1.0).unwrap();
        assert_eq!(both.presence, Presence::BothEmpty);
        assert_eq!((both.dice, both.iou, both.nsd), (1.0, 1.0, 1.0));
        assert_eq!(
            (both.hausdorff_mm, both.hd95_mm, both.assd_mm),
            (0.0, 0.0, 0.0)
        );

        let missed = segmentation_metrics(&some, &none, &g, 1.0).unwrap();
        assert_eq!(missed.presence, Presence::Missed);
        assert_eq!((missed.dice, missed.iou, missed.nsd), (0.0, 0.0, 0.0));
        assert_eq!(
            (missed.hausdorff_mm, missed.hd95_mm, missed.assd_mm),
            (diagonal, diagonal, diagonal)
        );
        assert_eq!(missed.volume_truth, 6.0);
        assert_eq!(missed.volume_difference, -6.0);

        let alarm = segmentation_metrics(&none, &some, &g, 1.0).unwrap();
        assert_eq!(alarm.presence, Presence::FalseAlarm);
        assert_eq!(alarm.hd95_mm, diagonal);
        assert_eq!(alarm.volume_difference, 6.0);
        assert!(surface_distances(&none, &some, &g).unwrap().is_none());
    }

    #[test]
    fn identical_masks_score_perfectly_and_a_shift_by_one_row_is_one_spacing() {
        let g = grid();
        let mut t = vec![false; 24];
        t[7..11].fill(true); // row 1, columns 1..5
        let m = segmentation_metrics(&t, &t, &g, 0.0).unwrap();
        assert_eq!((m.dice, m.iou, m.hausdorff_mm, m.nsd), (1.0, 1.0, 0.0, 1.0));
        let mut p = vec![false; 24];
        p[13..17].fill(true); // row 2: 2.0 mm away
        let m = segmentation_metrics(&t, &p, &g, 1.9).unwrap();
        assert_eq!(
            (m.dice, m.hausdorff_mm, m.hd95_mm, m.assd_mm, m.nsd),
            (0.0, 2.0, 2.0, 2.0, 0.0)
        );
        assert_eq!(segmentation_metrics(&t, &p, &g, 2.0).unwrap().nsd, 1.0);
    }

    /// Issue 16 Deliver 7: the union box changes no bit of any distance.
    #[test]
    fn boxed_and_whole_grid_distances_are_bit_identical() {
        let mut state = 77u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as f64 / (1u64 << 31) as f64
        };
        for (shape, spacing) in [
            (vec![14, 33, 29], vec![2.5, 0.8, 0.8]),
            (vec![40, 37], vec![0.7, 1.3]),
            (vec![6, 20, 50], vec![1.0, 3.0, 0.5]),
        ] {
            for _ in 0..4 {
                // A blob (a random box) with random holes and specks, in part of the grid.
                let n: usize = shape.iter().product();
                let mut blob = || {
                    let corner: Vec<(usize, usize)> = shape
                        .iter()
                        .map(|&s| {
                            let a = (next() * s as f64 * 0.6) as usize;
                            (a, (a + 1 + (next() * s as f64 * 0.4) as usize).min(s))
                        })
                        .collect();
                    (0..n)
                        .map(|mut i| {
                            let mut inside = true;
                            for (a, &s) in shape.iter().enumerate().rev() {
                                let c = i % s;
                                i /= s;
                                inside &= corner[a].0 <= c && c < corner[a].1;
                            }
                            (inside && next() > 0.1) || next() < 0.002
                        })
                        .collect::<Vec<bool>>()
                };
                let (t, p) = (blob(), blob());
                if !t.contains(&true) || !p.contains(&true) {
                    continue;
                }
                let g = Grid::new(&shape, &spacing).unwrap();
                let boxed = distances(&t, &p, &g, true);
                let whole = distances(&t, &p, &g, false);
                let bits = |d: &[f64]| d.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(
                    bits(&boxed.prediction_to_truth),
                    bits(&whole.prediction_to_truth)
                );
                assert_eq!(
                    bits(&boxed.truth_to_prediction),
                    bits(&whole.truth_to_prediction)
                );
            }
        }
    }

    #[test]
    fn bad_input_is_an_error_that_names_it() {
        assert_eq!(
            Grid::new(&[4], &[1.0]),
            Err(SegmentationError::Dimensions(1))
        );
        assert_eq!(
            Grid::new(&[4, 4], &[1.0, 0.0]),
            Err(SegmentationError::Spacing {
                axis: 1,
                value: 0.0
            })
        );
        assert!(matches!(
            Grid::new(&[4, 4], &[1.0]),
            Err(SegmentationError::SpacingCount { .. })
        ));
        assert!(matches!(
            Grid::new(&[usize::MAX, 4, 2], &[1.0; 3]),
            Err(SegmentationError::Shape { .. })
        ));
        let g = grid();
        let err = segmentation_metrics(&[false; 23], &[false; 24], &g, 1.0).unwrap_err();
        assert!(
            err.to_string().contains("truth mask has 23 voxels"),
            "{err}"
        );
        assert!(matches!(
            segmentation_metrics(&[false; 24], &[false; 24], &g, f64::NAN),
            Err(SegmentationError::Tolerance(t)) if t.is_nan()
        ));
    }
}
