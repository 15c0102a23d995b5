//! RTSTRUCT ground truth: the structures of an RT Structure Set read through dicom-rs's generic
//! dataset access (dicom-rs has no RTSTRUCT API), and each structure rasterised onto the grid
//! of the images its contours refer to.
//!
//! The rule, decided here once: a pixel belongs to a structure when its **centre** lies inside
//! the structure's closed planar contours on that slice, by the **even–odd** rule over all of
//! them together (so a contour inside another is a hole, and one inside that an island again).
//! A pixel centre on a contour line (within 1e-6 pixel) is inside: the line belongs to the
//! structure. A contour that contains no pixel centre
//! gives nothing on its slice and is counted (`Rasterised::empty_contours`). A contour is
//! matched to an image by its Referenced SOP Instance UID, else by slice position within half
//! the slice spacing; a structure with no contour on an image is an empty mask there. Tools
//! that fill every pixel the contour touches (DicomRTTool) give a superset of these masks.

use std::collections::HashMap;
use std::path::Path;

use dicom_object::InMemDicomObject;

use crate::geometry::{GeometryError, Plane};

/// Most contours one structure set may hold, and most points one contour may hold.
pub const MAX_CONTOURS: usize = 200_000;
pub const MAX_POINTS: usize = 1_000_000;

/// A contour point may lie this far (mm) off its image's plane; farther, the contour is skipped.
pub const DEFAULT_PLANE_TOLERANCE_MM: f64 = 0.1;

#[derive(Debug, thiserror::Error)]
pub enum RtStructError {
    #[error("{path}: {detail}")]
    Open { path: String, detail: String },
    #[error("not an RT Structure Set: Modality is \"{0}\" (expected RTSTRUCT)")]
    NotRtStruct(String),
    #[error("the structure set has no {0}; export it again from the planning system")]
    Missing(&'static str),
    #[error("{keyword} in ROI {roi}: {detail}")]
    BadValue {
        keyword: &'static str,
        roi: i64,
        detail: String,
    },
    #[error("the structure set holds {count} {what}, above the limit of {limit}")]
    TooMany {
        what: &'static str,
        count: usize,
        limit: usize,
    },
    #[error("image {index}: {source}")]
    Geometry {
        index: usize,
        #[source]
        source: GeometryError,
    },
}

/// One closed planar contour, in patient mm.
#[derive(Debug, Clone, PartialEq)]
pub struct Contour {
    pub points: Vec<[f64; 3]>,
    /// The image it was drawn on (Contour Image Sequence), when given.
    pub referenced_sop_instance_uid: Option<String>,
}

/// One structure: ROI Number and Name from the Structure Set ROI Sequence, its contours
/// from the ROI Contour Sequence.
#[derive(Debug, Clone, PartialEq)]
pub struct Roi {
    pub number: i64,
    pub name: String,
    pub contours: Vec<Contour>,
    /// Contours not CLOSED_PLANAR (points, open contours) or with fewer than 3 points: not areas.
    pub skipped_not_closed: usize,
}

/// What a structure set holds.
#[derive(Debug, Clone, PartialEq)]
pub struct StructureSet {
    pub rois: Vec<Roi>,
}

impl StructureSet {
    /// The structure whose name matches `name` or one of `aliases` (by [`normalise_name`]).
    pub fn find(&self, name: &str, aliases: &[String]) -> Option<&Roi> {
        let wanted: Vec<String> = std::iter::once(name)
            .chain(aliases.iter().map(String::as_str))
            .map(normalise_name)
            .collect();
        self.rois
            .iter()
            .find(|r| wanted.contains(&normalise_name(&r.name)))
    }
}

/// A structure name as compared: lower case, without spaces, `_` or `-`, so that
/// `SpinalCord`, `Spinal Cord`, `spinal_cord` and `SPINAL-CORD` are one name.
pub fn normalise_name(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Reads the RTSTRUCT file at `path` (after the prescan, as every DICOM file).
pub fn read(path: &Path) -> Result<StructureSet, RtStructError> {
    let (obj, _) = crate::dicom::open(path, None).map_err(|(_, detail)| RtStructError::Open {
        path: path.display().to_string(),
        detail,
    })?;
    from_object(&obj)
}

fn text(obj: &InMemDicomObject, keyword: &str) -> Option<String> {
    obj.element_by_name_opt(keyword)
        .ok()
        .flatten()
        .and_then(|e| e.to_str().ok())
        .map(|s| s.trim_end_matches('\0').trim().to_string())
}

fn items<'a>(obj: &'a InMemDicomObject, keyword: &str) -> &'a [InMemDicomObject] {
    obj.element_by_name_opt(keyword)
        .ok()
        .flatten()
        .and_then(|e| e.items())
        .unwrap_or(&[])
}

fn int(obj: &InMemDicomObject, keyword: &str) -> Option<i64> {
    obj.element_by_name_opt(keyword)
        .ok()
        .flatten()
        .and_then(|e| e.to_int::<i64>().ok())
}

/// The structures of an RTSTRUCT already read by dicom-object.
pub fn from_object(obj: &InMemDicomObject) -> Result<StructureSet, RtStructError> {
    let modality = text(obj, "Modality").unwrap_or_default();
    if modality != "RTSTRUCT" {
        return Err(RtStructError::NotRtStruct(modality));
    }
    if obj
        .element_by_name_opt("StructureSetROISequence")
        .ok()
        .flatten()
        .is_none()
    {
        return Err(RtStructError::Missing(
            "StructureSetROISequence (3006,0020)",
        ));
    }
    let mut rois = Vec::new();
    for item in items(obj, "StructureSetROISequence") {
        let number =
            int(item, "ROINumber").ok_or(RtStructError::Missing("ROINumber (3006,0022)"))?;
        rois.push(Roi {
            number,
            name: text(item, "ROIName").unwrap_or_default(),
            contours: Vec::new(),
            skipped_not_closed: 0,
        });
    }
    let mut total = 0usize;
    for item in items(obj, "ROIContourSequence") {
        let number = int(item, "ReferencedROINumber")
            .ok_or(RtStructError::Missing("ReferencedROINumber (3006,0084)"))?;
        let Some(roi) = rois.iter_mut().find(|r| r.number == number) else {
            return Err(RtStructError::BadValue {
                keyword: "ReferencedROINumber",
                roi: number,
                detail: "no structure of this number in the Structure Set ROI Sequence".into(),
            });
        };
        let contours = items(item, "ContourSequence");
        total += contours.len();
        if total > MAX_CONTOURS {
            return Err(RtStructError::TooMany {
                what: "contours",
                count: total,
                limit: MAX_CONTOURS,
            });
        }
        for contour in contours {
            if text(contour, "ContourGeometricType").as_deref() != Some("CLOSED_PLANAR") {
                roi.skipped_not_closed += 1;
                continue;
            }
            let points = contour_points(contour, number)?;
            if points.len() < 3 {
                roi.skipped_not_closed += 1;
                continue;
            }
            let referenced = items(contour, "ContourImageSequence")
                .first()
                .and_then(|i| text(i, "ReferencedSOPInstanceUID"))
                .filter(|u| !u.is_empty());
            roi.contours.push(Contour {
                points,
                referenced_sop_instance_uid: referenced,
            });
        }
    }
    Ok(StructureSet { rois })
}

/// Contour Data as points, checked: a multiple of three finite numbers, as many points as
/// Number of Contour Points says (when it says), at most [`MAX_POINTS`].
fn contour_points(contour: &InMemDicomObject, roi: i64) -> Result<Vec<[f64; 3]>, RtStructError> {
    let bad = |detail: String| RtStructError::BadValue {
        keyword: "ContourData",
        roi,
        detail,
    };
    let element = contour
        .element_by_name_opt("ContourData")
        .ok()
        .flatten()
        .ok_or(RtStructError::Missing("ContourData (3006,0050)"))?;
    let values = element
        .to_multi_float64()
        .map_err(|_| bad("not a list of numbers".into()))?;
    if values.len() % 3 != 0 {
        return Err(bad(format!(
            "{} values, not a multiple of three (x, y, z per point)",
            values.len()
        )));
    }
    let n = values.len() / 3;
    if n > MAX_POINTS {
        return Err(RtStructError::TooMany {
            what: "points in one contour",
            count: n,
            limit: MAX_POINTS,
        });
    }
    if let Some(declared) = int(contour, "NumberOfContourPoints")
        && declared != n as i64
    {
        return Err(bad(format!(
            "{n} points where Number of Contour Points says {declared}"
        )));
    }
    if values.iter().any(|v| !v.is_finite()) {
        return Err(bad("a coordinate is not a finite number".into()));
    }
    Ok(values.chunks_exact(3).map(|p| [p[0], p[1], p[2]]).collect())
}

/// An image a structure is rasterised onto.
#[derive(Debug, Clone)]
pub struct Image {
    pub sop_instance_uid: String,
    pub plane: Plane,
}

impl Image {
    /// The image's UID and plane from its header.
    pub fn from_object(obj: &InMemDicomObject, index: usize) -> Result<Image, RtStructError> {
        Ok(Image {
            sop_instance_uid: text(obj, "SOPInstanceUID").unwrap_or_default(),
            plane: Plane::from_object(obj)
                .map_err(|source| RtStructError::Geometry { index, source })?,
        })
    }
}

/// One structure on a series of images.
#[derive(Debug, Clone, PartialEq)]
pub struct Rasterised {
    /// One mask per image, in the order given, row-major (`rows × columns`, 1 = inside).
    pub masks: Vec<Vec<u8>>,
    /// Contours matched to an image that contain no pixel centre.
    pub empty_contours: usize,
    /// Contours matched to no image (neither by UID nor by position).
    pub unmatched_contours: usize,
    /// Contours with a point farther than the tolerance from their image's plane.
    pub off_plane_contours: usize,
}

/// Rasterises `roi` onto `images` by the rule in this module's head. `plane_tolerance_mm` is
/// how far a point may lie off its image's plane ([`DEFAULT_PLANE_TOLERANCE_MM`], also used
/// when the value given is negative or not a number).
pub fn rasterise(roi: &Roi, images: &[Image], plane_tolerance_mm: f64) -> Rasterised {
    let plane_tolerance_mm = if plane_tolerance_mm.is_finite() && plane_tolerance_mm >= 0.0 {
        plane_tolerance_mm
    } else {
        DEFAULT_PLANE_TOLERANCE_MM
    };
    let half_spacing = slice_spacing(images) / 2.0;
    let mut per_image: Vec<Vec<Vec<(f64, f64)>>> = vec![Vec::new(); images.len()];
    let mut out = Rasterised {
        masks: Vec::with_capacity(images.len()),
        empty_contours: 0,
        unmatched_contours: 0,
        off_plane_contours: 0,
    };
    let uids: HashMap<&str, usize> = images
        .iter()
        .enumerate()
        .filter(|(_, i)| !i.sop_instance_uid.is_empty())
        .map(|(n, i)| (i.sop_instance_uid.as_str(), n))
        .collect();
    for contour in &roi.contours {
        let by_uid = contour
            .referenced_sop_instance_uid
            .as_deref()
            .and_then(|uid| uids.get(uid).copied());
        let index = by_uid.or_else(|| by_position(contour, images, half_spacing));
        let Some(index) = index else {
            out.unmatched_contours += 1;
            continue;
        };
        let plane = &images[index].plane;
        let mut polygon = Vec::with_capacity(contour.points.len());
        let mut off_plane = false;
        for p in &contour.points {
            let (c, r, d) = plane.to_pixel(*p);
            off_plane |= (d.abs() > plane_tolerance_mm) || !d.is_finite();
            polygon.push((c, r));
        }
        if off_plane {
            out.off_plane_contours += 1;
            continue;
        }
        per_image[index].push(polygon);
    }
    for (image, polygons) in images.iter().zip(&per_image) {
        let (rows, columns) = (image.plane.rows as usize, image.plane.columns as usize);
        for polygon in polygons {
            if fill_even_odd(std::slice::from_ref(polygon), rows, columns, None) == 0 {
                out.empty_contours += 1;
            }
        }
        let mut mask = vec![0u8; rows * columns];
        fill_even_odd(polygons, rows, columns, Some(&mut mask));
        out.masks.push(mask);
    }
    out
}

/// The smallest distance between two distinct slice positions; with one image, unknown
/// or with every image at one position, zero: then only UIDs and exact positions match.
fn slice_spacing(images: &[Image]) -> f64 {
    let Some(first) = images.first() else {
        return 0.0;
    };
    let mut positions: Vec<f64> = images
        .iter()
        .map(|i| first.plane.position_of(i.plane.origin))
        .collect();
    positions.sort_by(f64::total_cmp);
    let gap = positions
        .windows(2)
        .map(|w| w[1] - w[0])
        .filter(|d| *d > 1e-6)
        .fold(f64::INFINITY, f64::min);
    if gap.is_finite() { gap } else { 0.0 }
}

/// The image whose slice position is nearest the contour's (mean of its points along the
/// image normal), if within half the slice spacing.
fn by_position(contour: &Contour, images: &[Image], half_spacing: f64) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, image) in images.iter().enumerate() {
        let n = contour.points.len() as f64;
        let position = contour
            .points
            .iter()
            .map(|p| image.plane.position_of(*p))
            .sum::<f64>()
            / n;
        let d = (position - image.plane.position()).abs();
        if d <= half_spacing && best.is_none_or(|(_, b)| d < b) {
            best = Some((i, d));
        }
    }
    best.map(|(i, _)| i)
}

/// How close (in pixels) a pixel centre must be to a contour line to lie on it.
const ON_LINE: f64 = 1e-6;

/// Even–odd fill of pixel centres over all `polygons` (pixel coordinates) together: for each
/// row, the crossings of the horizontal line through the pixel centres with every edge
/// (half-open in y, as PNPOLY); a centre is inside when an odd number of crossings lie to its
/// right, or when it lies on a contour line (within 1e-6 pixel: the line belongs to the
/// structure, as in matplotlib's test on vhm). Writes into `mask` when given; returns the
/// number of pixels inside.
fn fill_even_odd(
    polygons: &[Vec<(f64, f64)>],
    rows: usize,
    columns: usize,
    mut mask: Option<&mut [u8]>,
) -> usize {
    let mut inside = 0usize;
    let mut crossings: Vec<f64> = Vec::new();
    // Stretches of the row a contour line runs along or through: (from, to) in columns.
    let mut on_line: Vec<(f64, f64)> = Vec::new();
    let (lo, hi) = polygons
        .iter()
        .flatten()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
            (lo.min(p.1), hi.max(p.1))
        });
    if lo > hi {
        return 0;
    }
    let first = (lo - ON_LINE).ceil().max(0.0) as usize;
    let last = (hi + ON_LINE).floor().min(rows as f64 - 1.0);
    if last < 0.0 {
        return 0;
    }
    for row in first..=(last as usize) {
        let y = row as f64;
        crossings.clear();
        on_line.clear();
        for polygon in polygons {
            let n = polygon.len();
            for i in 0..n {
                let (xi, yi) = polygon[i];
                let (xj, yj) = polygon[(i + n - 1) % n];
                if (yi > y) != (yj > y) {
                    let x = (xj - xi) * (y - yi) / (yj - yi) + xi;
                    crossings.push(x);
                    on_line.push((x, x));
                } else if (yi - y).abs() <= ON_LINE && (yj - y).abs() <= ON_LINE {
                    on_line.push((xi.min(xj), xi.max(xj)));
                } else if (yi - y).abs() <= ON_LINE {
                    on_line.push((xi, xi));
                }
            }
        }
        crossings.sort_by(f64::total_cmp);
        on_line.sort_by(|a, b| a.0.total_cmp(&b.0));
        // Both lists are swept once as the column grows: O(edges log edges + columns) a row.
        let (mut next_crossing, mut next_line, mut line_end) = (0, 0, f64::NEG_INFINITY);
        for column in 0..columns {
            let x = column as f64;
            while next_crossing < crossings.len() && crossings[next_crossing] <= x {
                next_crossing += 1;
            }
            while next_line < on_line.len() && on_line[next_line].0 - ON_LINE <= x {
                line_end = line_end.max(on_line[next_line].1);
                next_line += 1;
            }
            let right = crossings.len() - next_crossing;
            if right % 2 == 1 || x <= line_end + ON_LINE {
                inside += 1;
                if let Some(m) = mask.as_deref_mut() {
                    m[row * columns + column] = 1;
                }
            }
        }
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x0: f64, y0: f64, x1: f64, y1: f64) -> Vec<(f64, f64)> {
        vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    }

    #[test]
    fn names_match_across_spellings() {
        for n in [
            "SpinalCord",
            "Spinal Cord",
            "spinal_cord",
            "SPINAL-CORD",
            " spinal cord ",
        ] {
            assert_eq!(normalise_name(n), "spinalcord", "{n}");
        }
        assert_ne!(normalise_name("Spinal Cord PRV"), "spinalcord");
    }

    #[test]
    fn pixel_centres_inside_even_odd_with_a_hole_and_an_island() {
        // 10×10 square from 0.5 to 9.5 holds centres 1..=9 in each direction: 81 pixels.
        let outer = square(0.5, 0.5, 9.5, 9.5);
        assert_eq!(
            fill_even_odd(std::slice::from_ref(&outer), 12, 12, None),
            81
        );
        // A hole over centres 3..=6 (16 pixels), an island in it over 4..=5 (4 pixels).
        let hole = square(2.5, 2.5, 6.5, 6.5);
        let island = square(3.5, 3.5, 5.5, 5.5);
        let mut mask = vec![0u8; 144];
        let n = fill_even_odd(&[outer, hole, island], 12, 12, Some(&mut mask));
        assert_eq!(n, 81 - 16 + 4);
        assert_eq!(mask[4 * 12 + 4], 1);
        assert_eq!(mask[3 * 12 + 3], 0);
        assert_eq!(mask[12 + 1], 1);
        // A sliver between pixel centres holds none; a polygon off the image too.
        assert_eq!(
            fill_even_odd(&[square(2.1, 2.1, 2.9, 7.0)], 12, 12, None),
            0
        );
        assert_eq!(
            fill_even_odd(&[square(-9.0, -9.0, -1.0, -1.0)], 12, 12, None),
            0
        );
    }

    #[test]
    fn centres_on_the_contour_line_are_inside() {
        // Edges through centres on all four sides: 3 × 3 centres, the line included.
        assert_eq!(fill_even_odd(&[square(1.0, 1.0, 3.0, 3.0)], 6, 6, None), 9);
        // A diagonal edge through (2, 2), as on vhm BODY's CT_4 at (430, 315).
        let triangle = vec![(0.5, 0.5), (4.0, 4.0), (0.5, 4.0)];
        let mut mask = vec![0u8; 36];
        fill_even_odd(&[triangle], 6, 6, Some(&mut mask));
        assert_eq!(mask[2 * 6 + 2], 1);
        assert_eq!(mask[2 * 6 + 3], 0);
        assert_eq!(mask[2 * 6 + 1], 1);
    }
}
