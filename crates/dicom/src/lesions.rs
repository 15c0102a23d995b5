//! Lesions from a DICOM SEG read by [`crate::seg`]: each connected component of each segment is
//! one lesion, measured in patient millimetres through the slices' [`Plane`]s.
//!
//! Conventions, decided here:
//! - Connectivity is by faces: in 3-D a voxel touches the 6 that share a face with it (neighbours
//!   along a row, a column, and on the adjacent slice of the series at the same row and column);
//!   voxels meeting only along an edge or at a corner are separate lesions. This is
//!   scipy.ndimage.label's default structure. With one slice (an X-ray, a mammogram, one frame),
//!   or when asked, components are found on each slice alone with its 4 face neighbours.
//! - Slices are the series' images ordered by position along the first image's normal; the
//!   series must share one orientation and grid and be evenly spaced (within 1 %) for 3-D; the
//!   slice spacing is the mean distance between adjacent positions (not SliceThickness).
//! - Components are numbered 1, 2, … per segment in the order of their first voxel in
//!   (slice, row, column) raster order, as scipy.ndimage.label numbers them.
//! - Voxel count exact; area = voxels × row × column spacing (mm²); volume = area × slice
//!   spacing (mm³), `None` with one slice.
//! - Centroid: the mean of the voxel centres in patient mm, each voxel centre from its own
//!   slice's plane (Image Position the first pixel's centre).
//! - Bounding box: the axis-aligned box in patient mm of the lesion's index box widened by half a
//!   voxel on each side (its 8 corners mapped and their extremes taken: exact for axial, sagittal
//!   or coronal series, a box around the lesion for oblique ones); no slice extent with one slice.
//! - Equivalent radius: of the sphere of the lesion's volume, (3V/4π)^⅓; with one slice, of the
//!   circle of its area, √(A/π).
//! - Largest in-plane diameter: the largest distance in mm between two voxel centres of the
//!   lesion on one slice, over its slices (found among the convex hull's vertices); 0 for a
//!   lesion of one voxel a slice.
//! - Labelling is a breadth-first flood fill over a bitmap of the segment's slice range (no
//!   recursion); the voxels of that range are bounded by the pixel budget before allocating.
//!   No well-kept crate fits: imageproc's `region_labelling::connected_components` is 2-D only
//!   (and would bring the `image` crate), cc3d is C++ for Python; a flood fill is twenty lines.

use std::collections::{BTreeMap, VecDeque};
use std::path::{Path, PathBuf};

use crate::geometry::Plane;
use crate::seg::{SegFileError, SegRead, SourceImage, UnmatchedFrame, read_seg_file};

/// How voxels join into one lesion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Connectivity {
    /// 6 face neighbours across adjacent slices.
    Face3d,
    /// 4 face neighbours on each slice alone.
    Face2d,
}

/// Largest relative difference between adjacent slice gaps for 3-D lesions.
pub const SPACING_TOLERANCE: f64 = 0.01;

/// One image of the series the SEG lies on.
#[derive(Debug, Clone, PartialEq)]
pub struct SliceImage {
    pub sop_instance_uid: String,
    pub plane: Plane,
    /// FrameOfReferenceUID, for SEG frames matched by position (see [`crate::seg`]).
    pub frame_of_reference_uid: Option<String>,
}

impl SliceImage {
    /// The image as the SEG reader wants it.
    pub fn source_image(&self) -> SourceImage {
        SourceImage {
            sop_instance_uid: self.sop_instance_uid.clone(),
            position: Some(self.plane.origin),
            frame_of_reference_uid: self.frame_of_reference_uid.clone(),
            rows: self.plane.rows,
            columns: self.plane.columns,
        }
    }
}

/// Why the lesions of a SEG file cannot be had: the SEG, or the series it is measured on.
#[derive(Debug, thiserror::Error)]
pub enum LesionFileError {
    #[error(transparent)]
    Seg(#[from] SegFileError),
    #[error("{}: {error}", path.display())]
    Lesions {
        path: PathBuf,
        #[source]
        error: LesionError,
    },
}

/// Reads a SEG file onto a series and finds its lesions; the SEG's frames off the series are
/// returned beside them (counted, never dropped silently). `threshold` as in
/// [`crate::seg::read_seg_file`] (FRACTIONAL SEGs only).
pub fn read_lesions_file(
    path: &Path,
    series: &[SliceImage],
    threshold: f64,
    connectivity: Option<Connectivity>,
) -> Result<(Lesions, Vec<UnmatchedFrame>), LesionFileError> {
    let images: Vec<SourceImage> = series.iter().map(SliceImage::source_image).collect();
    let seg = read_seg_file(path, &images, threshold)?;
    let found = lesions(&seg, series, connectivity).map_err(|error| LesionFileError::Lesions {
        path: path.to_path_buf(),
        error,
    })?;
    Ok((found, seg.unmatched))
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LesionError {
    #[error("the series has no image: lesions need the images the SEG lies on")]
    NoSlices,
    #[error(
        "image {sop_instance_uid} is not parallel to the first image of the series, or its grid differs: {what}; lesions are measured on one stack of slices"
    )]
    NotOneStack {
        sop_instance_uid: String,
        what: String,
    },
    #[error(
        "images {first} and {second} lie at the same position: a series with two images at one place cannot be stacked"
    )]
    SamePosition { first: String, second: String },
    #[error(
        "the slices are not evenly spaced (gaps from {min_mm:.4} to {max_mm:.4} mm): 3-D lesions need an even spacing; read the lesions per slice instead"
    )]
    UnevenSpacing { min_mm: f64, max_mm: f64 },
    #[error("segment {segment}: {voxels} voxels to label, above the {limit}-voxel budget")]
    TooLarge {
        segment: u16,
        voxels: u64,
        limit: u64,
    },
}

/// One connected component of one segment.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Lesion {
    pub segment: u16,
    pub label: String,
    /// 1-based, per segment, in raster order of first voxels.
    pub component: u32,
    pub voxels: u64,
    pub area_mm2: f64,
    pub volume_mm3: Option<f64>,
    pub centroid_mm: [f64; 3],
    pub bbox_min_mm: [f64; 3],
    pub bbox_max_mm: [f64; 3],
    pub equivalent_radius_mm: f64,
    pub largest_diameter_mm: f64,
    /// The SOP Instance UIDs of the slices it lies on, in slice order.
    pub slices: Vec<String>,
}

/// The lesions of a SEG on a series, with what was not used.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Lesions {
    pub connectivity: Connectivity,
    /// Mean distance between adjacent slices (mm); `None` with one slice.
    pub slice_spacing_mm: Option<f64>,
    pub lesions: Vec<Lesion>,
    /// Segments with no voxel on the series.
    pub empty_segments: Vec<u16>,
    /// (segment, SOP Instance UID) masks of the SEG on images not in the series given: not used.
    pub masks_off_series: Vec<(u16, String)>,
}

/// The lesions of `seg` on `series` (its images in any order). `connectivity` `None` chooses
/// [`Connectivity::Face3d`] for a series of several slices, [`Connectivity::Face2d`] for one.
pub fn lesions(
    seg: &SegRead,
    series: &[SliceImage],
    connectivity: Option<Connectivity>,
) -> Result<Lesions, LesionError> {
    let first = series.first().ok_or(LesionError::NoSlices)?;
    let reference = &first.plane;
    for s in series {
        let p = &s.plane;
        let what = if (p.rows, p.columns) != (reference.rows, reference.columns) {
            Some(format!(
                "{} × {} against {} × {}",
                p.rows, p.columns, reference.rows, reference.columns
            ))
        } else if !close(p.row_direction, reference.row_direction)
            || !close(p.column_direction, reference.column_direction)
        {
            Some("another ImageOrientationPatient".to_string())
        } else if (p.row_spacing - reference.row_spacing).abs() > 1e-6
            || (p.column_spacing - reference.column_spacing).abs() > 1e-6
        {
            Some("another PixelSpacing".to_string())
        } else {
            None
        };
        if let Some(what) = what {
            return Err(LesionError::NotOneStack {
                sop_instance_uid: s.sop_instance_uid.clone(),
                what,
            });
        }
    }
    let mut order: Vec<&SliceImage> = series.iter().collect();
    let position = |s: &SliceImage| reference.position_of(s.plane.origin);
    order.sort_by(|a, b| position(a).total_cmp(&position(b)));
    let gaps: Vec<f64> = order
        .windows(2)
        .map(|w| position(w[1]) - position(w[0]))
        .collect();
    for (w, gap) in order.windows(2).zip(&gaps) {
        if *gap <= 1e-6 {
            return Err(LesionError::SamePosition {
                first: w[0].sop_instance_uid.clone(),
                second: w[1].sop_instance_uid.clone(),
            });
        }
    }
    let spacing = (!gaps.is_empty()).then(|| gaps.iter().sum::<f64>() / gaps.len() as f64);
    let connectivity = connectivity.unwrap_or(if order.len() > 1 {
        Connectivity::Face3d
    } else {
        Connectivity::Face2d
    });
    if let (Connectivity::Face3d, Some(mean)) = (connectivity, spacing) {
        let (min, max) = gaps
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), g| {
                (a.min(*g), b.max(*g))
            });
        if (max - min) > SPACING_TOLERANCE * mean {
            return Err(LesionError::UnevenSpacing {
                min_mm: min,
                max_mm: max,
            });
        }
    }
    let index: BTreeMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(k, s)| (s.sop_instance_uid.as_str(), k))
        .collect();
    let masks_off_series = seg
        .masks
        .keys()
        .filter(|(_, uid)| !index.contains_key(uid.as_str()))
        .cloned()
        .collect();
    let mut out = Vec::new();
    let mut empty_segments = Vec::new();
    for segment in &seg.segments {
        let found = label_segment(seg, segment.number, &order, &index, connectivity)?;
        if found.is_empty() {
            empty_segments.push(segment.number);
        }
        out.extend(found.into_iter().enumerate().map(|(k, c)| {
            measure(
                c,
                segment.number,
                &segment.label,
                k as u32 + 1,
                &order,
                spacing,
            )
        }));
    }
    Ok(Lesions {
        connectivity,
        slice_spacing_mm: spacing,
        lesions: out,
        empty_segments,
        masks_off_series,
    })
}

/// One component's voxels as (slice, row, column), in the order found.
type Component = Vec<(usize, usize, usize)>;

fn label_segment(
    seg: &SegRead,
    number: u16,
    order: &[&SliceImage],
    index: &BTreeMap<&str, usize>,
    connectivity: Connectivity,
) -> Result<Vec<Component>, LesionError> {
    let slices: BTreeMap<usize, &ndarray::Array2<bool>> = seg
        .masks
        .range((number, String::new())..)
        .take_while(|((n, _), _)| *n == number)
        .filter_map(|((_, uid), mask)| index.get(uid.as_str()).map(|k| (*k, mask)))
        .collect();
    let (Some(&lo), Some(&hi)) = (slices.keys().next(), slices.keys().next_back()) else {
        return Ok(Vec::new());
    };
    let (rows, cols) = (
        order[0].plane.rows as usize,
        order[0].plane.columns as usize,
    );
    let depth = hi - lo + 1;
    let voxels = (depth as u64) * (rows as u64) * (cols as u64);
    let limit = crate::pixels::DEFAULT_MAX_PIXELS;
    if voxels > limit {
        return Err(LesionError::TooLarge {
            segment: number,
            voxels,
            limit,
        });
    }
    // A mask whose grid is not the series' was already left out by the SEG reader
    // (`Unmatched::GridDiffers`); one of another shape here is skipped voxel by voxel safely.
    let mut set = vec![false; voxels as usize];
    let at = |s: usize, r: usize, c: usize| ((s - lo) * rows + r) * cols + c;
    for (&s, mask) in &slices {
        for ((r, c), &v) in mask.indexed_iter() {
            if v && r < rows && c < cols {
                set[at(s, r, c)] = true;
            }
        }
    }
    let mut components = Vec::new();
    let mut queue = VecDeque::new();
    for s in lo..=hi {
        for r in 0..rows {
            for c in 0..cols {
                if !set[at(s, r, c)] {
                    continue;
                }
                set[at(s, r, c)] = false;
                queue.push_back((s, r, c));
                let mut component = Vec::new();
                while let Some((s, r, c)) = queue.pop_front() {
                    component.push((s, r, c));
                    let mut visit = |s: usize, r: usize, c: usize| {
                        if set[at(s, r, c)] {
                            set[at(s, r, c)] = false;
                            queue.push_back((s, r, c));
                        }
                    };
                    if r > 0 {
                        visit(s, r - 1, c);
                    }
                    if r + 1 < rows {
                        visit(s, r + 1, c);
                    }
                    if c > 0 {
                        visit(s, r, c - 1);
                    }
                    if c + 1 < cols {
                        visit(s, r, c + 1);
                    }
                    if connectivity == Connectivity::Face3d {
                        if s > lo {
                            visit(s - 1, r, c);
                        }
                        if s < hi {
                            visit(s + 1, r, c);
                        }
                    }
                }
                components.push(component);
            }
        }
    }
    Ok(components)
}

fn measure(
    mut voxels: Component,
    segment: u16,
    label: &str,
    component: u32,
    order: &[&SliceImage],
    spacing: Option<f64>,
) -> Lesion {
    voxels.sort_unstable();
    let plane = &order[0].plane;
    let n = voxels.len() as u64;
    let area = n as f64 * plane.row_spacing * plane.column_spacing;
    let volume = spacing.map(|g| area * g);
    // Centroid: per slice the mean (column, row) through that slice's plane, weighted by count.
    let mut centroid = [0.0; 3];
    let mut slices = Vec::new();
    let mut diameter: f64 = 0.0;
    let mut lo = [usize::MAX; 3];
    let mut hi = [0usize; 3];
    for run in voxels.chunk_by(|a, b| a.0 == b.0) {
        let s = run[0].0;
        let count = run.len() as f64;
        let (sum_r, sum_c) = run
            .iter()
            .fold((0.0, 0.0), |(a, b), v| (a + v.1 as f64, b + v.2 as f64));
        let p = order[s].plane.to_patient(sum_c / count, sum_r / count);
        for d in 0..3 {
            centroid[d] += p[d] * count;
        }
        slices.push(order[s].sop_instance_uid.clone());
        let points: Vec<(f64, f64)> = run
            .iter()
            .map(|v| {
                (
                    v.1 as f64 * plane.row_spacing,
                    v.2 as f64 * plane.column_spacing,
                )
            })
            .collect();
        diameter = diameter.max(hull_diameter(points));
        for v in run {
            for (d, x) in [v.0, v.1, v.2].into_iter().enumerate() {
                lo[d] = lo[d].min(x);
                hi[d] = hi[d].max(x);
            }
        }
    }
    for c in &mut centroid {
        *c /= n as f64;
    }
    // Box: the index box ± half a voxel, its corners mapped from the lowest slice's plane.
    let gap = spacing.unwrap_or(0.0);
    let base = order[0].plane.clone();
    let mut bmin = [f64::INFINITY; 3];
    let mut bmax = [f64::NEG_INFINITY; 3];
    for s in [lo[0] as f64 - 0.5, hi[0] as f64 + 0.5] {
        for r in [lo[1] as f64 - 0.5, hi[1] as f64 + 0.5] {
            for c in [lo[2] as f64 - 0.5, hi[2] as f64 + 0.5] {
                let p = base.to_patient(c, r);
                for d in 0..3 {
                    let x = p[d] + s * gap * base.normal[d];
                    bmin[d] = bmin[d].min(x);
                    bmax[d] = bmax[d].max(x);
                }
            }
        }
    }
    let radius = match volume {
        Some(v) => (3.0 * v / (4.0 * std::f64::consts::PI)).cbrt(),
        None => (area / std::f64::consts::PI).sqrt(),
    };
    Lesion {
        segment,
        label: label.to_string(),
        component,
        voxels: n,
        area_mm2: area,
        volume_mm3: volume,
        centroid_mm: centroid,
        bbox_min_mm: bmin,
        bbox_max_mm: bmax,
        equivalent_radius_mm: radius,
        largest_diameter_mm: diameter,
        slices,
    }
}

/// Largest distance between two points, over the vertices of their convex hull (Andrew's
/// monotone chain; collinear points dropped from the hull, which keeps the extremes).
fn hull_diameter(mut points: Vec<(f64, f64)>) -> f64 {
    points.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    points.dedup();
    if points.len() < 2 {
        return 0.0;
    }
    let cross = |o: (f64, f64), a: (f64, f64), b: (f64, f64)| {
        (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0)
    };
    let mut hull: Vec<(f64, f64)> = Vec::with_capacity(2 * points.len());
    for pass in 0..2 {
        let start = hull.len();
        let iter: Box<dyn Iterator<Item = &(f64, f64)>> = if pass == 0 {
            Box::new(points.iter())
        } else {
            Box::new(points.iter().rev())
        };
        for &p in iter {
            while hull.len() >= start + 2
                && cross(hull[hull.len() - 2], hull[hull.len() - 1], p) <= 0.0
            {
                hull.pop();
            }
            hull.push(p);
        }
        hull.pop();
    }
    let mut best: f64 = 0.0;
    for (i, a) in hull.iter().enumerate() {
        for b in &hull[i + 1..] {
            best = best.max((a.0 - b.0).hypot(a.1 - b.1));
        }
    }
    best
}

fn close(a: [f64; 3], b: [f64; 3]) -> bool {
    a.iter().zip(&b).all(|(x, y)| (x - y).abs() <= 1e-4)
}

#[cfg(test)]
mod tests {
    use super::hull_diameter;

    #[test]
    fn hull_diameter_of_a_square_and_a_line() {
        let square = vec![(0.0, 0.0), (0.0, 3.0), (4.0, 0.0), (4.0, 3.0), (2.0, 1.0)];
        assert!((hull_diameter(square) - 5.0).abs() < 1e-12);
        let line = vec![(0.0, 0.0), (1.0, 0.0), (2.0, 0.0)];
        assert!((hull_diameter(line) - 2.0).abs() < 1e-12);
        assert_eq!(hull_diameter(vec![(1.0, 1.0)]), 0.0);
    }
}
