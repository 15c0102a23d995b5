//! Truth lesions from a DICOM SEG: each connected component of each segment on each cohort
//! series the SEG covers is a lesion (`provestein_dicom::lesions`), measured in patient mm.
//! Components found on each image alone (4 face neighbours) when the unit is an image, in 3-D
//! (6 face neighbours) otherwise. A FRACTIONAL SEG is binarised at 0.5.
//!
//! Each lesion: centre = centroid (mm), radius = equivalent radius (of the sphere of its
//! volume, or of the circle of its area on one slice), box = its bounding box (mm), size = its
//! largest in-plane diameter, type = its segment's label. Components of fewer voxels than
//! `[lesions] min_voxels` are specks: counted, not lesions. A SEG with frames on no image of
//! the cohort (a slice missing from the export) leaves its series out, with that reason: part
//! of a lesion would be lost unseen.

use provestein_dicom::joins::mask_header;
use std::collections::BTreeSet;

use provestein_dicom::lesions::{Connectivity, LesionFileError, read_lesions_file};

use super::place::Places;
use super::{File, Found, Item, sha256};
use crate::cohort::images::unit_key;
use crate::plan::Unit as UnitKind;

/// A FRACTIONAL SEG's voxels at or above this are in the segment.
const THRESHOLD: f64 = 0.5;

/// Reads one SEG file into `found`: its lesions, specks and empty segments, the series it
/// covers, or why it is an unmatched truth file.
pub(super) fn read_file(
    file: &File,
    unit: UnitKind,
    min_voxels: u64,
    places: &mut Places<'_>,
    found: &mut Found,
) {
    let unmatched = |found: &mut Found, why: String| {
        found.unmatched_truth.push((file.rel.clone(), why));
    };
    let sha = match sha256(&file.path) {
        Ok(s) => s,
        Err(why) => return unmatched(found, why),
    };
    found.truth_lines.push(format!("{}\t{sha}\n", file.rel));
    let header = match mask_header(&file.path) {
        Ok(h) => h,
        Err((_, why)) => return unmatched(found, why),
    };
    found.ids.merge(header.identifiers);
    if header.modality != "SEG" {
        return unmatched(
            found,
            format!(
                "its Modality is \"{}\", not SEG as [lesions] kind = \"seg\" says",
                header.modality
            ),
        );
    }
    let series: Vec<String> = header
        .series
        .iter()
        .filter(|s| places.has_series(s))
        .cloned()
        .collect();
    let series = places.with_referenced(series, &header.sops);
    if series.is_empty() {
        return unmatched(found, "references no image or series of the cohort".into());
    }
    let connectivity = (unit == UnitKind::Image).then_some(Connectivity::Face2d);
    // Each series read, and the frames that lie on none of its images.
    let mut reads = Vec::with_capacity(series.len());
    for s in &series {
        let slices = match places.slices(s) {
            Ok(slices) => slices,
            Err(why) => {
                found.cover_failed(s, format!("its truth SEG cannot be measured: {why}"));
                continue;
            }
        };
        match read_lesions_file(&file.path, &slices, THRESHOLD, connectivity) {
            Ok((read, off)) => {
                let off: BTreeSet<u32> = off.iter().map(|f| f.frame).collect();
                reads.push((s, read, off));
            }
            Err(e) => {
                // The error names the file's path: kept out of what reaches the report.
                let why = match e {
                    LesionFileError::Seg(e) => e.error.to_string(),
                    LesionFileError::Lesions { error, .. } => error.to_string(),
                };
                found.cover_failed(s, format!("its truth SEG cannot be read: {why}"));
            }
        }
    }
    // A frame on no image of the cohort (a slice missing from the export, say) would take part
    // of a lesion away unseen: the series it belongs with cannot be judged.
    let mut off: Option<BTreeSet<u32>> = None;
    for (_, _, o) in &reads {
        off = Some(match off {
            None => o.clone(),
            Some(before) => before.intersection(o).copied().collect(),
        });
    }
    let off = off.map_or(0, |o| o.len());
    if off > 0 {
        for (s, _, _) in &reads {
            found.cover_failed(
                s,
                format!(
                    "{off} frame{} of its truth SEG lie on no image of the cohort folder (the export may be incomplete), so its lesions cannot be measured",
                    if off == 1 { "" } else { "s" }
                ),
            );
        }
        return;
    }
    for (s, read, _) in reads {
        found.cover(s);
        found.sources.empty_segments += read.empty_segments.len();
        for l in read.lesions {
            if l.voxels < min_voxels {
                found.sources.specks += 1;
                continue;
            }
            let Some(i) = l.slices.first().and_then(|sop| places.image(sop)) else {
                continue;
            };
            found.lesions.push(Item {
                key: unit_key(places.header(i), unit).to_string(),
                centre: l.centroid_mm,
                radius: Some(l.equivalent_radius_mm),
                bbox: Some([l.bbox_min_mm, l.bbox_max_mm]),
                size_mm: Some(l.largest_diameter_mm),
                kind: Some(l.label),
                score: 0.0,
            });
        }
    }
}
