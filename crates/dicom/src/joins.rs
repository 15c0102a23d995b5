//! What joins a mask file (RTSTRUCT, SEG) to the cohort's images: the UIDs it references, and
//! where each image of a series lies (its plane, for sorting slices along the normal and for
//! rasterising contours). Headers only: pixel data are never read here.

use std::path::Path;

use dicom_dictionary_std::tags;
use dicom_object::InMemDicomObject;

use crate::ExclusionReason;
use crate::geometry::Plane;

/// A mask file's header as the join needs it.
#[derive(Debug, Clone, Default)]
pub struct MaskHeader {
    pub modality: String,
    /// SeriesInstanceUIDs named inside sequences (the referenced series; never the file's own).
    pub series: Vec<String>,
    /// Every Referenced SOP Instance UID (contour images, source images).
    pub sops: Vec<String>,
    /// Identifying values met, for the output guard.
    pub identifiers: crate::privacy::Collector,
}

/// Reads a mask file's header up to its pixel data (after the prescan).
pub fn mask_header(path: &Path) -> Result<MaskHeader, (ExclusionReason, String)> {
    let (obj, _) = crate::dicom::open(path, Some(tags::PIXEL_DATA))?;
    Ok(mask_header_of(&obj))
}

/// What [`mask_header`] reads, of an object already open (an SR read whole, once).
pub fn mask_header_of(obj: &dicom_object::DefaultDicomObject) -> MaskHeader {
    let mut out = MaskHeader {
        modality: crate::dicom::text(obj, "Modality"),
        identifiers: crate::dicom::identifiers_of(obj),
        ..MaskHeader::default()
    };
    references(obj, 0, &mut out);
    out
}

fn references(obj: &InMemDicomObject, depth: usize, out: &mut MaskHeader) {
    for e in obj.iter() {
        let tag = dicom_core::header::Header::tag(e);
        if let Some(items) = e.items() {
            if depth < 16 {
                for item in items {
                    references(item, depth + 1, out);
                }
            }
            continue;
        }
        let text = || {
            e.to_str()
                .ok()
                .map(|s| s.trim_end_matches('\0').trim().to_string())
        };
        if tag == tags::SERIES_INSTANCE_UID && depth > 0 {
            out.series.extend(text());
        } else if tag == tags::REFERENCED_SOP_INSTANCE_UID {
            out.sops.extend(text());
        }
    }
}

/// Where one image lies: what sorting a series and rasterising onto it need.
#[derive(Debug, Clone)]
pub struct ImagePlace {
    pub sop_instance_uid: String,
    pub frame_of_reference_uid: Option<String>,
    pub plane: Plane,
    /// SliceThickness, mm (the slice spacing of a one-slice series).
    pub slice_thickness: Option<f64>,
}

/// Reads an image's plane from its header.
pub fn image_place(path: &Path) -> Result<ImagePlace, (ExclusionReason, String)> {
    let (obj, _) = crate::dicom::open(path, Some(tags::PIXEL_DATA))?;
    let plane = Plane::from_object(&obj)
        .map_err(|e| (ExclusionReason::Unscorable, format!("its geometry: {e}")))?;
    let for_uid = crate::dicom::text(&obj, "FrameOfReferenceUID");
    Ok(ImagePlace {
        sop_instance_uid: crate::dicom::text(&obj, "SOPInstanceUID"),
        frame_of_reference_uid: Some(for_uid).filter(|s| !s.is_empty()),
        plane,
        slice_thickness: crate::dicom::text(&obj, "SliceThickness")
            .parse::<f64>()
            .ok()
            .filter(|t| t.is_finite() && *t > 0.0),
    })
}
