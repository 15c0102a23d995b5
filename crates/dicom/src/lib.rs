//! DICOM for Prøvestein: a first pass over each file (`prescan`), header scans of a folder
//! (`dicom`), pixels to a model's float32 tensor (`pixels`), one frame for the app's viewer
//! (`view`), what a folder holds before any run (`survey`), what of a header identifies a
//! person (`privacy`: the PS3.15 Annex E table and the output guard's collector), where an
//! image sits in the patient (`geometry`), and ground truth as masks on the images' grid:
//! RTSTRUCT contours rasterised (`rtstruct`), DICOM SEG frames (`seg`) and NIfTI/NRRD label maps
//! (`labelmap`); detection truth and marks: a SEG's connected components as lesions (`lesions`)
//! and SR TID 1500 measurement groups as findings with geometry and score (`sr`).
//!
//! Knows nothing of plans, models, runs or reports; unreadable files become
//! [`ExclusionReason`]s, never panics.

pub mod codestream;
pub mod dicom;
pub mod geometry;
pub mod joins;
pub mod labelmap;
pub mod lesions;
pub mod pixel_error;
pub mod pixels;
pub mod prescan;
pub mod privacy;
pub mod rle;
pub mod rtstruct;
pub mod seg;
pub mod sr;
pub mod survey;
pub mod view;

use provestein_types::cohort::ExclusionReason;
use provestein_types::{error, provenance};
