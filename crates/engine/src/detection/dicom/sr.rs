//! Truth lesions or vendor marks from DICOM SR TID 1500 (`provestein_dicom::sr`): each region
//! of each measurement group, placed in patient mm.
//!
//! - A SCOORD region lies on the image it references: its centre and box corners go through
//!   that image's plane (SCOORD pixels have the first pixel's top-left corner at (0, 0); the
//!   reader converts to pixel centres). A SCOORD3D region lies on the image its centre falls on
//!   (`place`'s rule). A region on no image of the cohort, or a group with no region, is
//!   counted as without position.
//! - Truth radius: a CIRCLE's radius; otherwise half the larger in-plane extent of its box
//!   (for a SCOORD3D region, the larger extent of its box); none for a POINT (or any region of
//!   no extent), which `[detection] hit = "centre_within_radius"` refuses. Size: twice the
//!   radius. Type: the finding's code meaning.
//! - Marks need a score (the group's probability): a mark without one is counted, not used.

use provestein_dicom::geometry::Plane;
use provestein_dicom::sr::{Geometry, Geometry2d, Point2, SrFinding, read_sr};

use super::place::Places;
use super::{File, Found, Item, sha256};
use crate::cohort::images::unit_key;
use crate::error::{Error, Result};
use crate::metrics::detection::Box3;
use crate::plan::Unit as UnitKind;

/// Most regions one SR may hold.
const MAX_FINDINGS: usize = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// Truth lesions; `needs_radius`: the hit rule reads each lesion's radius.
    Truth {
        needs_radius: bool,
    },
    Marks,
}

/// Reads one SR file into `found`. A truth POINT under a radius rule is an error naming the
/// file and item; anything else wrong with the file makes it unmatched, with its reason.
pub(super) fn read_file(
    file: &File,
    role: Role,
    unit: UnitKind,
    places: &mut Places<'_>,
    found: &mut Found,
) -> Result<()> {
    let truth = matches!(role, Role::Truth { .. });
    let unmatched = |found: &mut Found, why: String| {
        let list = if truth {
            &mut found.unmatched_truth
        } else {
            &mut found.unmatched_marks
        };
        list.push((file.rel.clone(), why));
    };
    let sha = match sha256(&file.path) {
        Ok(s) => s,
        Err(why) => {
            unmatched(found, why);
            return Ok(());
        }
    };
    let line = format!("{}\t{sha}\n", file.rel);
    if truth {
        found.truth_lines.push(line);
    } else {
        found.mark_lines.push(line);
    }
    let obj = match provestein_dicom::dicom::open(&file.path, None) {
        Ok((obj, _)) => obj,
        Err((_, why)) => {
            unmatched(found, why);
            return Ok(());
        }
    };
    let header = provestein_dicom::joins::mask_header_of(&obj);
    found.ids.merge(header.identifiers);
    let read = match read_sr(&obj) {
        Ok(r) => r,
        Err(e) => {
            unmatched(found, e.to_string());
            return Ok(());
        }
    };
    drop(obj);
    if read.findings.len() > MAX_FINDINGS {
        unmatched(
            found,
            format!(
                "{} regions, above the limit of {MAX_FINDINGS} for one report",
                read.findings.len()
            ),
        );
        return Ok(());
    }
    let mut series: Vec<String> = header
        .series
        .iter()
        .filter(|s| places.has_series(s))
        .cloned()
        .collect();
    let mut without = read.groups_without_geometry;
    let mut items = Vec::with_capacity(read.findings.len());
    for f in &read.findings {
        let Some((i, plane)) = position(f, places) else {
            without += 1;
            continue;
        };
        let h = places.header(i);
        series.push(h.series_instance_uid.clone());
        let Some(centre) = f.centre_mm(Some(&plane)) else {
            without += 1;
            continue;
        };
        let (bbox, extent, circle) = extent(f, &plane);
        let score = match (role, &f.score) {
            (Role::Marks, None) => {
                found.sources.marks_without_score += 1;
                continue;
            }
            (_, s) => s.as_ref().map_or(0.0, |s| s.value),
        };
        let radius = match role {
            Role::Marks => None,
            Role::Truth { .. } => circle.or(Some(extent / 2.0)).filter(|r| *r > 0.0),
        };
        if let (Role::Truth { needs_radius: true }, None) = (role, radius) {
            return Err(Error::Labels {
                path: file.path.clone(),
                message: format!(
                    "content item {} is a region without extent (a point), so it has no radius and [detection] hit = \"centre_within_radius\" cannot judge it; mark the lesions with circles or outlines, or use hit = {{ distance_mm = … }}",
                    f.item
                ),
            });
        }
        items.push(Item {
            key: unit_key(h, unit).to_string(),
            centre,
            radius,
            bbox: Some(bbox),
            size_mm: radius.map(|r| 2.0 * r),
            kind: f.finding.as_ref().map(|c| c.meaning.clone()),
            score,
        });
    }
    let series = places.with_referenced(series, &header.sops);
    if series.is_empty() {
        // Counted as a file: its regions are not counted again as without position.
        unmatched(found, "references no image or series of the cohort".into());
        return Ok(());
    }
    if truth {
        found.sources.truth_without_position += without;
    } else {
        found.sources.marks_without_position += without;
    }
    if truth {
        for s in &series {
            found.cover(s);
        }
        found.lesions.extend(items);
    } else {
        found.marks.extend(items);
    }
    Ok(())
}

/// The image a region lies on, and its plane.
fn position(f: &SrFinding, places: &mut Places<'_>) -> Option<(usize, Plane)> {
    match &f.geometry {
        Geometry::Image(_) => {
            if f.frame.is_some_and(|n| n > 1) {
                // A later frame of a multi-frame image: its plane is not the header's.
                return None;
            }
            let i = places.image(f.referenced_sop.as_deref()?)?;
            places.place(i).ok().map(|p| (i, p.plane))
        }
        Geometry::Patient {
            frame_of_reference, ..
        } => {
            let centre = [f.centre[0], f.centre[1], f.centre[2]];
            places
                .locate(frame_of_reference, centre)
                .map(|(i, p)| (i, p.plane))
        }
    }
}

/// The region's box in patient mm, its larger in-plane extent (mm) and, for a CIRCLE, its
/// radius (mm).
fn extent(f: &SrFinding, plane: &Plane) -> (Box3, f64, Option<f64>) {
    let (lo, hi) = (&f.bbox.min, &f.bbox.max);
    match &f.geometry {
        Geometry::Image(g) => {
            let at = |column: f64, row: f64| plane.to_patient(column, row);
            let corner = |column, row| {
                let (c, r) = Point2 { column, row }.to_plane();
                at(c, r)
            };
            let corners = [
                corner(lo[0], lo[1]),
                corner(hi[0], lo[1]),
                corner(lo[0], hi[1]),
                corner(hi[0], hi[1]),
            ];
            let mut bbox = [corners[0], corners[0]];
            for c in &corners[1..] {
                for k in 0..3 {
                    bbox[0][k] = bbox[0][k].min(c[k]);
                    bbox[1][k] = bbox[1][k].max(c[k]);
                }
            }
            let width = distance(corners[0], corners[1]);
            let height = distance(corners[0], corners[2]);
            let circle = match g {
                Geometry2d::Circle { centre, edge } => {
                    let (a, b) = (centre.to_plane(), edge.to_plane());
                    Some(distance(at(a.0, a.1), at(b.0, b.1)))
                }
                _ => None,
            };
            (bbox, width.max(height), circle)
        }
        Geometry::Patient { .. } => {
            let bbox = [[lo[0], lo[1], lo[2]], [hi[0], hi[1], hi[2]]];
            let extent = (0..3).map(|k| hi[k] - lo[k]).fold(0.0, f64::max);
            (bbox, extent, None)
        }
    }
}

fn distance(a: [f64; 3], b: [f64; 3]) -> f64 {
    (0..3).map(|k| (a[k] - b[k]).powi(2)).sum::<f64>().sqrt()
}
