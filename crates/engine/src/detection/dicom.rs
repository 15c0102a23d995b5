//! A DICOM detection cohort indexed (the `prepare` step): the folder's images grouped into
//! units (`[cohort] unit = "image" | "series" | "study"`), the truth lesions from DICOM SEG
//! (each connected component a lesion, specks below `[lesions] min_voxels` counted) or SR TID
//! 1500, and the vendor's marks from SR TID 1500, all in patient millimetres and joined to the
//! unit whose images they reference. Every file, component and item left out is counted in
//! `DetectionSources`. UIDs, paths and PatientIDs stay in memory.

use crate::error::Result;
use crate::plan::Plan;
use crate::run::Control;

/// Indexes a DICOM detection cohort: the units (labelled by whether a lesion lies on them), and
/// the `DetectionInput` with lesions and, for SR marks, the marks (for `kind = "model"` the
/// marks come from the score step).
pub(crate) fn index(plan: &Plan, ctl: &Control) -> Result<crate::run::prepare::Index> {
    let _ = (plan, ctl);
    unimplemented!("detection::dicom::index")
}
