//! Where a lesion or mark (patient mm) lies on a DICOM detection unit's images: the slice
//! nearest its centre along the normal, and its centre, radius or box in that slice's pixels.
//! Shared by the report's tiles and the app's viewer, so both put an item on the same image
//! at the same place. An item belongs to a slice when its centre lies within half the slice
//! spacing of the slice's plane; a one-image unit holds every item of the unit.

use super::read::LesionInfo;
use crate::metrics::detection::{Box3, Mark};
use crate::run::{Image, Input, Unit};
use crate::segmentation::series::{self, Series};

/// Radius a mark without a box is drawn with (mm): small, so it marks a point.
pub(crate) const MARK_RADIUS_MM: f64 = 3.0;
/// Radius a lesion without radius, size or box is drawn with (mm).
pub(crate) const LESION_RADIUS_MM: f64 = 5.0;
/// Smallest radius drawn (pixels), so that an item stays visible on a coarse image.
const MIN_RADIUS_PX: f64 = 2.0;

/// A unit's images (scan order) and, for a one-image unit of a series, which one it is.
pub(crate) fn unit_images(unit: &Unit) -> Option<(&[Image], Option<usize>)> {
    match &unit.input {
        Input::Images(case) => Some((&case.images[..], None)),
        Input::Segmentation(s) => Some((s.images.as_slice(), s.slice)),
        Input::Row { .. } => None,
    }
}

/// The images a unit is measured on, sorted along the normal: the whole series, or the one
/// image of a one-image unit. Err: why the unit's images are not one grid.
pub(crate) fn unit_series(unit: &Unit) -> Result<Series, String> {
    let (images, slice) = unit_images(unit).ok_or("the unit has no images")?;
    match slice {
        Some(i) => {
            let one = images.get(i).ok_or("the unit's image is missing")?;
            let mut s = series::read(std::slice::from_ref(one)).map_err(|(_, d)| d)?;
            s.order = vec![i];
            Ok(s)
        }
        None => series::read(images).map_err(|(_, d)| d),
    }
}

/// An item drawn on one slice, in pixels (column, row; pixel centres at integers).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
    Disc {
        column: f64,
        row: f64,
        /// Radii along the columns and along the rows (they differ when the pixels are not
        /// square).
        radius: (f64, f64),
    },
    Rect {
        column0: f64,
        row0: f64,
        column1: f64,
        row1: f64,
    },
}

impl Shape {
    /// The centre (column, row).
    pub fn centre(&self) -> (f64, f64) {
        match *self {
            Shape::Disc { column, row, .. } => (column, row),
            Shape::Rect {
                column0,
                row0,
                column1,
                row1,
            } => ((column0 + column1) / 2.0, (row0 + row1) / 2.0),
        }
    }

    /// Half the extent (columns, rows) around the centre.
    pub fn half(&self) -> (f64, f64) {
        match *self {
            Shape::Disc { radius, .. } => radius,
            Shape::Rect {
                column0,
                row0,
                column1,
                row1,
            } => ((column1 - column0) / 2.0, (row1 - row0) / 2.0),
        }
    }

    /// Whether the pixel (column, row) is inside (the filled disc or box).
    pub fn contains(&self, column: f64, row: f64) -> bool {
        match *self {
            Shape::Disc {
                column: c,
                row: r,
                radius: (rc, rr),
            } => {
                let (dc, dr) = ((column - c) / rc, (row - r) / rr);
                dc * dc + dr * dr <= 1.0
            }
            Shape::Rect {
                column0,
                row0,
                column1,
                row1,
            } => (column0..=column1).contains(&column) && (row0..=row1).contains(&row),
        }
    }
}

/// The slice (index into the sorted `series`) nearest `point` along the normal.
pub(crate) fn nearest_slice(series: &Series, point: [f64; 3]) -> usize {
    series
        .slices
        .iter()
        .enumerate()
        .min_by(|a, b| {
            let d = |p: &provestein_dicom::rtstruct::Image| {
                (p.plane.position_of(point) - p.plane.position()).abs()
            };
            d(a.1).total_cmp(&d(b.1)).then(a.0.cmp(&b.0))
        })
        .map_or(0, |(i, _)| i)
}

/// Whether `point` lies on slice `z`: within half the slice spacing of its plane, or always for
/// a one-image unit.
pub(crate) fn on_slice(series: &Series, z: usize, point: [f64; 3]) -> bool {
    if series.len() == 1 {
        return true;
    }
    series.slices.get(z).is_some_and(|s| {
        (s.plane.position_of(point) - s.plane.position()).abs() <= series.slice_spacing / 2.0
    })
}

/// A disc of `radius_mm` around `centre`, or the box `bbox` projected, on slice `z`.
fn shape(series: &Series, z: usize, centre: [f64; 3], radius_mm: f64, bbox: Option<Box3>) -> Shape {
    let plane = &series.slices[z].plane;
    if let Some([lo, hi]) = bbox {
        let (c0, r0, _) = plane.to_pixel(lo);
        let (c1, r1, _) = plane.to_pixel(hi);
        return Shape::Rect {
            column0: c0.min(c1),
            row0: r0.min(r1),
            column1: c0.max(c1),
            row1: r0.max(r1),
        };
    }
    let (column, row, _) = plane.to_pixel(centre);
    Shape::Disc {
        column,
        row,
        radius: (
            (radius_mm / series.column_spacing).max(MIN_RADIUS_PX),
            (radius_mm / series.row_spacing).max(MIN_RADIUS_PX),
        ),
    }
}

/// A lesion's radius (mm) when drawn as a disc: its radius, else half its size, else
/// [`LESION_RADIUS_MM`].
pub(crate) fn lesion_radius(l: &LesionInfo) -> f64 {
    l.lesion
        .radius
        .or(l.size_mm.map(|s| s / 2.0))
        .filter(|r| r.is_finite() && *r > 0.0)
        .unwrap_or(LESION_RADIUS_MM)
}

/// A lesion on slice `z`: its box, else a disc of its radius.
pub(crate) fn lesion_shape(series: &Series, z: usize, l: &LesionInfo) -> Shape {
    shape(series, z, l.lesion.centre, lesion_radius(l), l.lesion.bbox)
}

/// A mark on slice `z`: its box, else a small disc.
pub(crate) fn mark_shape(series: &Series, z: usize, m: &Mark) -> Shape {
    shape(series, z, m.centre, MARK_RADIUS_MM, m.bbox)
}
