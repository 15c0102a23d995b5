//! The worst misses (missed lesions, largest first) and false marks (highest score first) of a
//! DICOM detection run drawn as tiles: the image a lesion or mark lies on, windowed to 8 bits,
//! cropped around it, with the truth lesions' outlines and the marks' outlines as masks, for
//! the report (`raster::overlay`) and the app.
//!
//! The image is the slice nearest the item's centre along the normal (`place`); the truth
//! lesions and marks drawn are those of the unit that lie on that slice (within half the slice
//! spacing), as filled discs or boxes, so the overlay draws their outlines. Windowing is the
//! segmentation tiles' (`segmentation::tile::grey8`). A unit whose images cannot be read as one
//! grid, or an image that cannot be decoded, gives no tile and the next item is drawn instead:
//! tiles illustrate, the figures stand without them.

use std::collections::HashMap;

use super::figures::{DetectionTile, TileKind};
use super::place::{self, Shape};
use super::read::DetectionInput;
use crate::cohort::pixels::Preprocess;
use crate::metrics::detection::Matching;
use crate::plan::CohortKind;
use crate::run::{Prepared, Unit};
use crate::segmentation::series::Series;
use crate::segmentation::tile::{MAX_SIDE, grey8};

/// Tiles of each kind drawn per run.
pub(crate) const KEEP: usize = 6;
/// Pixels of context around the item.
const MARGIN: f64 = 16.0;

/// The tiles of a run whose marks have been matched (`lesion_of_mark`, `lesion_score` as
/// `metrics::detection::Matching` gives them); empty for a CSV cohort (no images).
pub(crate) fn tiles(
    prepared: &Prepared,
    input: &DetectionInput,
    matching: &Matching,
) -> Vec<DetectionTile> {
    if prepared.plan.cohort.kind != CohortKind::Dicom {
        return Vec::new();
    }
    draw_tiles(
        &prepared.units,
        prepared.plan.preprocess.as_ref(),
        input,
        matching,
    )
}

/// [`tiles`] on the units' images, windowed by `pre`.
fn draw_tiles(
    units: &[Unit],
    pre: Option<&Preprocess>,
    input: &DetectionInput,
    matching: &Matching,
) -> Vec<DetectionTile> {
    let mut drawer = Drawer {
        units,
        pre,
        input,
        series: HashMap::new(),
    };
    let mut out = Vec::with_capacity(2 * KEEP);
    // Misses: largest first (ties: input order).
    let mut misses: Vec<usize> = (0..input.lesions.len())
        .filter(|&i| matching.lesion_score.get(i).is_some_and(Option::is_none))
        .collect();
    misses.sort_by(|&a, &b| size(input, b).total_cmp(&size(input, a)).then(a.cmp(&b)));
    out.extend(
        misses
            .into_iter()
            .filter_map(|i| {
                let l = &input.lesions[i];
                drawer.draw(
                    l.lesion.unit,
                    l.lesion.centre,
                    TileKind::Miss,
                    size(input, i),
                )
            })
            .take(KEEP),
    );
    // False marks: neither counted for a lesion nor extra; highest score first.
    let mut false_marks: Vec<usize> = (0..input.marks.len())
        .filter(|&i| {
            matching.lesion_of_mark.get(i).is_some_and(Option::is_none)
                && !matching.extra.get(i).copied().unwrap_or(false)
        })
        .collect();
    false_marks.sort_by(|&a, &b| {
        input.marks[b]
            .score
            .total_cmp(&input.marks[a].score)
            .then(a.cmp(&b))
    });
    out.extend(
        false_marks
            .into_iter()
            .filter_map(|i| {
                let m = &input.marks[i];
                drawer.draw(m.unit, m.centre, TileKind::FalseMark, m.score)
            })
            .take(KEEP),
    );
    out
}

/// A lesion's size for ranking and the tile's label (mm): its size, else its diameter from
/// the radius, else the box's largest side, else 0.
fn size(input: &DetectionInput, i: usize) -> f64 {
    let l = &input.lesions[i];
    l.size_mm
        .or(l.lesion.radius.map(|r| 2.0 * r))
        .or(l
            .lesion
            .bbox
            .map(|[lo, hi]| (0..3).map(|k| hi[k] - lo[k]).fold(0.0, f64::max)))
        .filter(|s| s.is_finite())
        .unwrap_or(0.0)
}

/// Draws tiles, reading each unit's geometry once.
struct Drawer<'a> {
    units: &'a [Unit],
    pre: Option<&'a Preprocess>,
    input: &'a DetectionInput,
    series: HashMap<usize, Option<Series>>,
}

impl Drawer<'_> {
    /// The tile of the item at `centre` of `unit`; None when the unit's images cannot be read.
    fn draw(
        &mut self,
        unit: usize,
        centre: [f64; 3],
        kind: TileKind,
        value: f64,
    ) -> Option<DetectionTile> {
        let u = self.units.get(unit)?;
        let series = self
            .series
            .entry(unit)
            .or_insert_with(|| place::unit_series(u).ok())
            .as_ref()?;
        let (images, _) = place::unit_images(u)?;
        let z = place::nearest_slice(series, centre);
        let grey = grey8(
            images.get(*series.order.get(z)?)?,
            self.pre,
            series.rows,
            series.columns,
        )?;
        let truth: Vec<Shape> = self
            .input
            .lesions
            .iter()
            .filter(|l| l.lesion.unit == unit && place::on_slice(series, z, l.lesion.centre))
            .map(|l| place::lesion_shape(series, z, l))
            .collect();
        let marks: Vec<Shape> = self
            .input
            .marks
            .iter()
            .filter(|m| m.unit == unit && place::on_slice(series, z, m.centre))
            .map(|m| place::mark_shape(series, z, m))
            .collect();
        // The item itself: its shape sets the crop.
        let (column, row, _) = series.slices[z].plane.to_pixel(centre);
        let own = match kind {
            TileKind::Miss => truth.iter(),
            TileKind::FalseMark => marks.iter(),
        }
        .min_by(|a, b| {
            let d = |s: &&Shape| {
                let (c, r) = s.centre();
                (c - column).powi(2) + (r - row).powi(2)
            };
            d(a).total_cmp(&d(b))
        })
        .copied();
        let (hc, hr) = own.map_or((0.0, 0.0), |s| s.half());
        let crop = Crop::around(
            (column, row),
            (hc + MARGIN, hr + MARGIN),
            series.columns,
            series.rows,
        )?;
        Some(crop.tile(
            &grey,
            series.columns,
            &truth,
            &marks,
            kind,
            u.id.to_string(),
            z,
            value,
        ))
    }
}

/// A window of the image (pixel ranges, end exclusive) and the stride that brings it within
/// [`MAX_SIDE`].
#[derive(Debug, Clone, Copy, PartialEq)]
struct Crop {
    c0: usize,
    c1: usize,
    r0: usize,
    r1: usize,
    stride: usize,
}

impl Crop {
    /// The window of half-size `half` around `centre`, clipped to the image; None when that
    /// leaves nothing (the item lies off the image).
    fn around(centre: (f64, f64), half: (f64, f64), columns: usize, rows: usize) -> Option<Crop> {
        let span = |c: f64, h: f64, n: usize| -> Option<(usize, usize)> {
            let lo = (c - h).floor().max(0.0);
            let hi = (c + h).ceil().min(n as f64 - 1.0);
            (lo.is_finite() && hi.is_finite() && lo <= hi).then(|| (lo as usize, hi as usize + 1))
        };
        let (c0, c1) = span(centre.0, half.0, columns)?;
        let (r0, r1) = span(centre.1, half.1, rows)?;
        let side = (c1 - c0).max(r1 - r0);
        Some(Crop {
            c0,
            c1,
            r0,
            r1,
            stride: side.div_ceil(MAX_SIDE).max(1),
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn tile(
        &self,
        grey: &[u8],
        columns: usize,
        truth: &[Shape],
        marks: &[Shape],
        kind: TileKind,
        unit: String,
        image: usize,
        value: f64,
    ) -> DetectionTile {
        let width = (self.c1 - self.c0).div_ceil(self.stride);
        let height = (self.r1 - self.r0).div_ceil(self.stride);
        let n = width * height;
        let mut t = DetectionTile {
            kind,
            unit,
            image,
            value,
            width,
            height,
            pixels: Vec::with_capacity(n),
            truth: Vec::with_capacity(n),
            marks: Vec::with_capacity(n),
        };
        for y in 0..height {
            for x in 0..width {
                let (c, r) = (self.c0 + x * self.stride, self.r0 + y * self.stride);
                t.pixels.push(grey[r * columns + c]);
                let inside = |s: &Shape| s.contains(c as f64, r as f64);
                t.truth.push(truth.iter().any(inside));
                t.marks.push(marks.iter().any(inside));
            }
        }
        t
    }
}

#[cfg(test)]
#[path = "tile_tests.rs"]
mod tests;
