//! Label maps as ground truth: a NIfTI-1 (`.nii`, `.nii.gz`) or NRRD (`.nrrd` with the data
//! attached, `.nhdr` with it detached; raw or gzip) volume of whole numbers, read once
//! ([`read`]) and put onto a DICOM series' grid ([`LabelMap::masks_on`]): per label value asked
//! for, one mask per slice, as [`crate::rtstruct::rasterise`] gives one per image.
//!
//! Conventions, decided and checked here:
//! - **Patient coordinates are DICOM's LPS+** (x to the patient's left, y posterior, z
//!   superior). NIfTI's sform/qform maps voxel indices to **RAS+** mm, so
//!   x_LPS = −x_RAS, y_LPS = −y_RAS, z_LPS = z_RAS. The sform is used when its code is
//!   non-zero, else the qform, as nibabel's `get_best_affine` does; a NIfTI with neither has no
//!   known orientation and is refused. NRRD's `space` may be `left-posterior-superior` (as
//!   DICOM) or `right-anterior-superior` (flipped as NIfTI is); any other space is refused.
//!   NIfTI's and NRRD's origins are both the centre of the first voxel, as DICOM's Image
//!   Position is the centre of the first pixel.
//! - **Nearest voxel centre, never interpolation.** Each pixel centre of a slice is put into
//!   the label map's voxel index space; it takes the voxel whose centre it lies on, within
//!   [`GRID_TOLERANCE`] of a voxel in every axis. So the label map's axes must run along the
//!   series' row, column and slice axes (in any order or sign: a RAS or a sagittal-stored map is
//!   fine), and its voxel centres must fall on the pixel centres in-plane (the same spacing, or
//!   a whole fraction of it); a grid rotated, oblique, shifted or resampled with respect to the
//!   series is refused with [`LabelMapError::Oblique`] or [`LabelMapError::NeedsInterpolation`]
//!   (resample it onto the series with nearest-neighbour first).
//! - What does not map is counted, never dropped: a slice lying on no plane of the label map
//!   (between its planes or beyond them) has empty masks and is listed in
//!   [`LabelMasks::slices_without_plane`]; a pixel whose centre falls off the label map's grid
//!   is empty and counted in [`LabelMasks::pixels_outside`]; per label, the voxels no pixel of
//!   the series lies on ([`LabelOnSeries::voxels_outside`]); labels asked for and absent from the
//!   map ([`LabelOnSeries::voxels`] = 0); values present and not asked for
//!   ([`LabelMasks::other_labels`]). A label map on which no pixel of the series lies at all
//!   is refused ([`LabelMapError::NoOverlap`]): it belongs to another series.
//! - Values are whole numbers 0..=65535 (after NIfTI's scl_slope/scl_inter when the slope is
//!   set); a fraction, a negative or NaN value is refused (a probability map or an image is not
//!   a label map).
//! - Sizes come from the header and are checked (at most [`MAX_VOXELS`], no overflow) before
//!   anything is allocated; the voxels are read as they stream (16 bits each in memory).

mod nifti;
mod nrrd;
mod onto;
mod voxels;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use onto::{LabelMasks, LabelOnSeries};

/// How far (in voxels) a pixel centre may lie from the voxel centre it takes, along each axis.
pub const GRID_TOLERANCE: f64 = 0.01;

/// Most voxels a label map may hold: 512 × 512 × 2048, 1 GiB at 16 bits a voxel.
pub const MAX_VOXELS: u64 = 1 << 29;

/// Why a label map cannot be read or put onto a series. Each message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum LabelMapError {
    #[error("cannot read the file: {0}")]
    Unreadable(String),
    #[error(
        "not a label map this reader knows by its name: use .nii, .nii.gz (NIfTI-1), .nrrd or .nhdr (NRRD)"
    )]
    UnknownFormat,
    #[error("not a {format} file: {what}")]
    NotFormat { format: &'static str, what: String },
    #[error("NIfTI-2 is not read here; save the label map as NIfTI-1 (.nii.gz)")]
    Nifti2,
    #[error(
        "a NIfTI header without its data (.hdr/.img pair) is not read here; save it as one .nii.gz"
    )]
    HeaderOnly,
    #[error("{field} is unusable: {detail}")]
    BadHeader { field: &'static str, detail: String },
    #[error(
        "the label map has {dimensions} dimensions with sizes {sizes:?}; only 3-D label maps are read (one value a voxel; export the segmentation as a label map volume)"
    )]
    NotThreeD { dimensions: usize, sizes: Vec<u64> },
    #[error(
        "the voxel type {0} is not read here: save the label map as whole numbers (e.g. uint8 or int16)"
    )]
    UnsupportedType(String),
    #[error("the NRRD encoding {0:?} is not read here: save it as raw or gzip")]
    UnsupportedEncoding(String),
    #[error(
        "the orientation is unknown: {0}; save the label map with its orientation (NIfTI sform or qform, NRRD space and space directions)"
    )]
    NoOrientation(String),
    #[error(
        "the space {0:?} is not read here: only left-posterior-superior (DICOM's) and right-anterior-superior"
    )]
    UnsupportedSpace(String),
    #[error("the label map has {voxels} voxels, above the limit of {limit}")]
    TooLarge { voxels: String, limit: u64 },
    #[error(
        "the voxel data ends early: {expected} bytes are needed, {found} were read (a truncated or damaged file)"
    )]
    Truncated { expected: u64, found: u64 },
    #[error("the voxel data cannot be decompressed ({0}): the file is damaged")]
    Corrupt(String),
    #[error(
        "voxel {index} holds {value}, not a label: a label map holds whole numbers 0..=65535 (is this a probability map or an image?)"
    )]
    NotALabel { index: u64, value: f64 },
    #[error(
        "the label map's axis {axis} does not run along the series' rows, columns or slices (slice {slice}): its grid is rotated or oblique to the series and would need interpolation; resample it onto the series (nearest neighbour) first"
    )]
    Oblique { axis: usize, slice: usize },
    #[error(
        "slice {slice}: the pixel centres lie up to {offset:.3} voxel off the label map's voxel centres along its axis {axis} (another spacing or origin in-plane); nearest voxel centre is the rule here, not interpolation: resample the label map onto the series (nearest neighbour) first"
    )]
    NeedsInterpolation {
        slice: usize,
        axis: usize,
        offset: f64,
    },
    #[error(
        "no pixel of the {slices} slice(s) lies on the label map's grid: it belongs to another series or frame of reference"
    )]
    NoOverlap { slices: usize },
}

/// A [`LabelMapError`] with the file it came from.
#[derive(Debug, thiserror::Error)]
#[error("label map {}: {error}", path.display())]
pub struct LabelMapFileError {
    pub path: PathBuf,
    #[source]
    pub error: LabelMapError,
}

/// Which file format, and where its orientation came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// NIfTI-1 with its sform (code > 0).
    NiftiSform,
    /// NIfTI-1 with its qform (sform code 0, qform code > 0).
    NiftiQform,
    /// NRRD in left-posterior-superior space.
    NrrdLps,
    /// NRRD in right-anterior-superior space.
    NrrdRas,
}

/// A label map read into memory: its grid in DICOM patient coordinates (LPS mm) and its values.
#[derive(Debug, Clone)]
pub struct LabelMap {
    pub path: PathBuf,
    pub source: Source,
    /// Number of voxels along index axes 0, 1, 2 (axis 0 varies fastest in memory).
    pub sizes: [usize; 3],
    /// Centre of voxel (0, 0, 0) in LPS mm.
    pub origin: [f64; 3],
    /// One voxel step along each index axis, in LPS mm (direction × spacing).
    pub axes: [[f64; 3]; 3],
    values: Vec<u16>,
    /// Voxels per value, for every value present (0 included).
    counts: BTreeMap<u16, u64>,
}

/// The grid and values a format reader hands over.
struct Volume {
    source: Source,
    sizes: [usize; 3],
    origin: [f64; 3],
    axes: [[f64; 3]; 3],
    values: Vec<u16>,
    counts: BTreeMap<u16, u64>,
}

/// Reads a label map: NIfTI-1 by `.nii`/`.nii.gz`, NRRD by `.nrrd`/`.nhdr`. The file (and a
/// detached NRRD's data file) must be a regular file.
pub fn read(path: &Path) -> Result<LabelMap, LabelMapFileError> {
    let wrap = |error| LabelMapFileError {
        path: path.to_path_buf(),
        error,
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let volume = if name.ends_with(".nii") || name.ends_with(".nii.gz") {
        nifti::read(path)
    } else if name.ends_with(".nrrd") || name.ends_with(".nhdr") {
        nrrd::read(path)
    } else {
        Err(LabelMapError::UnknownFormat)
    }
    .map_err(wrap)?;
    if invert(volume.axes).is_none() {
        return Err(wrap(LabelMapError::NoOrientation(
            "the voxel axes are degenerate (zero spacing or parallel directions)".into(),
        )));
    }
    Ok(LabelMap {
        path: path.to_path_buf(),
        source: volume.source,
        sizes: volume.sizes,
        origin: volume.origin,
        axes: volume.axes,
        values: volume.values,
        counts: volume.counts,
    })
}

impl LabelMap {
    /// The value of voxel (i, j, k), axis 0 first; `None` off the grid.
    pub fn value(&self, index: [usize; 3]) -> Option<u16> {
        let [n0, n1, n2] = self.sizes;
        (index[0] < n0 && index[1] < n1 && index[2] < n2)
            .then(|| self.values[index[0] + n0 * (index[1] + n1 * index[2])])
    }

    /// Voxels per value present in the map (0, the background, included).
    pub fn counts(&self) -> &BTreeMap<u16, u64> {
        &self.counts
    }

    /// The centre of voxel (i, j, k) in LPS mm.
    pub fn to_patient(&self, index: [f64; 3]) -> [f64; 3] {
        std::array::from_fn(|d| {
            self.origin[d]
                + index[0] * self.axes[0][d]
                + index[1] * self.axes[1][d]
                + index[2] * self.axes[2][d]
        })
    }
}

/// The inverse of the matrix whose columns are `axes`, as rows: `inverse[a] · p` is the index
/// along axis `a` of the LPS vector `p`. `None` when the axes are degenerate.
fn invert(axes: [[f64; 3]; 3]) -> Option<[[f64; 3]; 3]> {
    let [a, b, c] = axes;
    let cross = |u: [f64; 3], v: [f64; 3]| {
        [
            u[1] * v[2] - u[2] * v[1],
            u[2] * v[0] - u[0] * v[2],
            u[0] * v[1] - u[1] * v[0],
        ]
    };
    let dot = |u: [f64; 3], v: [f64; 3]| u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
    let bc = cross(b, c);
    let det = dot(a, bc);
    let scale = (dot(a, a) * dot(b, b) * dot(c, c)).sqrt();
    if !det.is_finite() || scale == 0.0 || det.abs() < 1e-9 * scale {
        return None;
    }
    let ca = cross(c, a);
    let ab = cross(a, b);
    Some([
        bc.map(|v| v / det),
        ca.map(|v| v / det),
        ab.map(|v| v / det),
    ])
}
