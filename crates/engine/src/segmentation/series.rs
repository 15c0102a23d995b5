//! One series as scoring reads it: its images' planes from their headers, sorted by position
//! along the slice normal (the first image's normal), one grid for every slice. A series whose
//! slices differ in size or orientation cannot be one volume: it is excluded with that reason.

use provestein_dicom::joins::image_place;
use provestein_dicom::rtstruct;
use provestein_dicom::seg::SourceImage;

use crate::cohort::ExclusionReason;
use crate::run::Image;

/// Slices whose normals differ by more than this (cosine) are not one volume.
const ORIENTATION_TOLERANCE: f64 = 1e-3;

/// Most voxels one series may have (slices × rows × columns): each structure's truth and
/// prediction masks are held for a whole series, a byte a voxel. 2³⁰ is 4 096 slices of 512².
pub(crate) const MAX_SERIES_VOXELS: u64 = 1 << 30;

/// A series' geometry, slices in order along the normal.
#[derive(Debug, Clone)]
pub(crate) struct Series {
    /// For each sorted slice, its index in the unit's `images` (scan order).
    pub order: Vec<usize>,
    /// The sorted slices as the RTSTRUCT rasteriser takes them.
    pub slices: Vec<rtstruct::Image>,
    /// The sorted slices as the SEG reader takes them.
    pub sources: Vec<SourceImage>,
    pub rows: usize,
    pub columns: usize,
    /// Distance between adjacent slice centres (mm): the median gap, or SliceThickness for a
    /// single slice (1 mm when the header has neither).
    pub slice_spacing: f64,
    pub row_spacing: f64,
    pub column_spacing: f64,
}

impl Series {
    pub fn voxels_per_slice(&self) -> usize {
        self.rows * self.columns
    }

    pub fn len(&self) -> usize {
        self.slices.len()
    }
}

/// Reads the planes of `images` and sorts them; an image without a usable plane, or one that
/// does not fit the others, excludes the series.
pub(crate) fn read(images: &[Image]) -> Result<Series, (ExclusionReason, String)> {
    let mut places = Vec::with_capacity(images.len());
    for (i, image) in images.iter().enumerate() {
        let place = image_place(&image.path)
            .map_err(|(reason, detail)| (reason, format!("slice {}: {detail}", i + 1)))?;
        places.push((i, place));
    }
    let Some((_, first)) = places.first() else {
        return Err((
            ExclusionReason::Unscorable,
            "the series has no image".into(),
        ));
    };
    let normal = first.plane.normal;
    let (rows, columns) = (first.plane.rows, first.plane.columns);
    let (row_spacing, column_spacing) = (first.plane.row_spacing, first.plane.column_spacing);
    for (i, p) in &places {
        let cos: f64 = (0..3).map(|k| p.plane.normal[k] * normal[k]).sum();
        if (cos.abs() - 1.0).abs() > ORIENTATION_TOLERANCE {
            return Err((
                ExclusionReason::Unscorable,
                format!(
                    "slice {} is oriented differently from the first: not one volume",
                    i + 1
                ),
            ));
        }
        if (p.plane.rows, p.plane.columns) != (rows, columns)
            || (p.plane.row_spacing - row_spacing).abs() > 1e-4
            || (p.plane.column_spacing - column_spacing).abs() > 1e-4
        {
            return Err((
                ExclusionReason::Unscorable,
                format!(
                    "slice {} has another size or pixel spacing than the first: not one grid",
                    i + 1
                ),
            ));
        }
    }
    let voxels = places.len() as u64 * u64::from(rows) * u64::from(columns);
    if voxels > MAX_SERIES_VOXELS {
        return Err((
            ExclusionReason::TooLarge,
            format!(
                "{} slices of {rows} × {columns} are {voxels} voxels, above the limit of {MAX_SERIES_VOXELS} for one series",
                places.len()
            ),
        ));
    }
    let along = |p: &[f64; 3]| p[0] * normal[0] + p[1] * normal[1] + p[2] * normal[2];
    places.sort_by(|a, b| {
        along(&a.1.plane.origin)
            .total_cmp(&along(&b.1.plane.origin))
            .then(a.0.cmp(&b.0))
    });
    let positions: Vec<f64> = places.iter().map(|(_, p)| along(&p.plane.origin)).collect();
    let mut gaps: Vec<f64> = positions.windows(2).map(|w| w[1] - w[0]).collect();
    gaps.sort_by(f64::total_cmp);
    let slice_spacing = match gaps.get(gaps.len() / 2) {
        Some(&g) if g > 1e-6 => g,
        Some(_) => {
            return Err((
                ExclusionReason::Unscorable,
                "two slices lie at the same position: the series is not one volume".into(),
            ));
        }
        None => places[0].1.slice_thickness.unwrap_or(1.0),
    };
    Ok(Series {
        order: places.iter().map(|(i, _)| *i).collect(),
        sources: places
            .iter()
            .map(|(_, p)| SourceImage {
                sop_instance_uid: p.sop_instance_uid.clone(),
                position: Some(p.plane.origin),
                frame_of_reference_uid: p.frame_of_reference_uid.clone(),
                rows: p.plane.rows,
                columns: p.plane.columns,
            })
            .collect(),
        slices: places
            .into_iter()
            .map(|(_, p)| rtstruct::Image {
                sop_instance_uid: p.sop_instance_uid,
                plane: p.plane,
            })
            .collect(),
        rows: rows as usize,
        columns: columns as usize,
        slice_spacing,
        row_spacing,
        column_spacing,
    })
}
