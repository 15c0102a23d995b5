//! Each structure's mask on one series from RTSTRUCT or SEG files (the truth, or the vendor's
//! output), slice-major in the series' sorted order. A structure none of the files has is an
//! empty mask (counted by the figures as truth empty or prediction empty), never an exclusion;
//! a file that cannot be read excludes the series with the reason.

use std::path::PathBuf;

use provestein_dicom::rtstruct::{self, normalise_name};
use provestein_dicom::{labelmap, seg};

use super::cohort::MaskKind;
use super::series::Series;
use crate::cohort::ExclusionReason;
use crate::plan::StructureSpec;

/// One structure's mask on the series, and the name it was found under.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StructureMask {
    /// `slices × rows × columns`, row-major, in the series' sorted slice order.
    pub mask: Vec<bool>,
    pub matched: Option<String>,
}

/// The masks of every structure of the plan, in its order. `what` names the files in
/// messages ("truth", "prediction"); paths are never written.
pub(crate) fn read(
    kind: MaskKind,
    files: &[PathBuf],
    series: &Series,
    structures: &[StructureSpec],
    threshold: f64,
    what: &str,
) -> Result<Vec<StructureMask>, (ExclusionReason, String)> {
    let len = series.len() * series.voxels_per_slice();
    let mut out: Vec<StructureMask> = structures
        .iter()
        .map(|_| StructureMask {
            mask: vec![false; len],
            matched: None,
        })
        .collect();
    let unreadable = |i: usize, detail: String| {
        (
            ExclusionReason::Unreadable,
            format!("{what} file {} of this series: {detail}", i + 1),
        )
    };
    for (i, path) in files.iter().enumerate() {
        match kind {
            MaskKind::Rtstruct => {
                let set = rtstruct::read(path).map_err(|e| match e {
                    // Its message names the path.
                    rtstruct::RtStructError::Open { .. } => {
                        unreadable(i, "not a readable DICOM file".into())
                    }
                    e => unreadable(i, e.to_string()),
                })?;
                for (s, slot) in structures.iter().zip(out.iter_mut()) {
                    if slot.matched.is_some() {
                        continue;
                    }
                    let Some(roi) = set.find(&s.name, &s.aliases) else {
                        continue;
                    };
                    let r = rtstruct::rasterise(
                        roi,
                        &series.slices,
                        rtstruct::DEFAULT_PLANE_TOLERANCE_MM,
                    );
                    for (k, m) in r.masks.iter().enumerate() {
                        let at = k * series.voxels_per_slice();
                        for (v, &b) in m.iter().enumerate() {
                            slot.mask[at + v] = b != 0;
                        }
                    }
                    slot.matched = Some(roi.name.clone());
                }
            }
            MaskKind::Labelmap => {
                let map = labelmap::read(path).map_err(|e| unreadable(i, e.error.to_string()))?;
                let planes: Vec<_> = series.slices.iter().map(|s| s.plane.clone()).collect();
                let labels: Vec<u32> = structures.iter().filter_map(|s| s.label).collect();
                let on = map
                    .masks_on(&planes, &labels)
                    .map_err(|e| unreadable(i, e.error.to_string()))?;
                for (s, slot) in structures.iter().zip(out.iter_mut()) {
                    if slot.matched.is_some() {
                        continue;
                    }
                    let Some(found) = s.label.and_then(|l| on.label(l)) else {
                        continue;
                    };
                    for (k, m) in found.masks.iter().enumerate() {
                        let at = k * series.voxels_per_slice();
                        for (v, &b) in m.iter().enumerate() {
                            slot.mask[at + v] = b != 0;
                        }
                    }
                    if found.voxels > 0 {
                        slot.matched = Some(format!("label {}", found.label));
                    }
                }
            }
            MaskKind::Seg => {
                let read = seg::read_seg_file(path, &series.sources, threshold)
                    .map_err(|e| unreadable(i, e.error.to_string()))?;
                for (s, slot) in structures.iter().zip(out.iter_mut()) {
                    if slot.matched.is_some() {
                        continue;
                    }
                    let Some(segment) = find_segment(&read, s) else {
                        continue;
                    };
                    for (k, source) in series.sources.iter().enumerate() {
                        let Some(m) = read.mask(segment.number, &source.sop_instance_uid) else {
                            continue;
                        };
                        if m.len() != series.voxels_per_slice() {
                            return Err(unreadable(
                                i,
                                format!("segment {} does not fit the image grid", segment.number),
                            ));
                        }
                        let at = k * series.voxels_per_slice();
                        for (v, &b) in m.iter().enumerate() {
                            slot.mask[at + v] = b;
                        }
                    }
                    slot.matched = Some(segment.label.clone());
                }
            }
        }
    }
    Ok(out)
}

/// A structure's segment: by its label (name or alias, compared as structure names are),
/// else by number (`[[structure]] label`).
fn find_segment<'a>(read: &'a seg::SegRead, s: &StructureSpec) -> Option<&'a seg::Segment> {
    let wanted: Vec<String> = std::iter::once(&s.name)
        .chain(&s.aliases)
        .map(|n| normalise_name(n))
        .collect();
    read.segments
        .iter()
        .find(|seg| wanted.contains(&normalise_name(&seg.label)))
        .or_else(|| {
            s.label
                .and_then(|l| read.segments.iter().find(|seg| u32::from(seg.number) == l))
        })
}
