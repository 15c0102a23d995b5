//! The worst false negatives (lowest scores among the diseased) and false positives (highest
//! among the healthy) of a binary DICOM run, as small windowed images for the report's
//! appendix, beside their pseudonymous ids: what a reviewer looks at first. The case's first
//! image, windowed as the segmentation tiles are (`segmentation::tile::grey8_of`), shrunk by an
//! integer stride to at most `MAX_SIDE` a side. An image that cannot be decoded, or whose pixels
//! may show text (Burned In Annotation), is left out and the next case drawn: tiles illustrate,
//! the figures stand without them.

use crate::Plan;
use crate::plan::CohortKind;
use crate::results::CaseResult;
use crate::segmentation::tile::{MAX_SIDE, grey8_of};

/// Tiles of each kind drawn per run.
pub const KEEP: usize = 6;

/// One error drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorTile {
    /// True for a false negative, false for a false positive.
    pub false_negative: bool,
    /// The case's id as every output names it (a pseudonym for DICOM cases).
    pub case: String,
    pub score: f64,
    pub width: usize,
    pub height: usize,
    /// Grey, 8 bits, row-major.
    pub pixels: Vec<u8>,
}

/// The tiles of a binary run's errors at `threshold`, worst first, at most [`KEEP`] of each
/// kind; none for a CSV cohort.
pub(crate) fn tiles(plan: &Plan, cases: &[CaseResult], threshold: f64) -> Vec<ErrorTile> {
    if plan.cohort.kind != CohortKind::Dicom {
        return Vec::new();
    }
    let mut out = Vec::new();
    for false_negative in [true, false] {
        let mut errors: Vec<&CaseResult> = cases
            .iter()
            .filter(|c| c.label == false_negative && (c.score >= threshold) != c.label)
            .collect();
        // Worst first: a missed case with the lowest score, a false alarm with the highest.
        errors.sort_by(|a, b| {
            let order = a.score.total_cmp(&b.score);
            if false_negative {
                order
            } else {
                order.reverse()
            }
        });
        let drawn = errors
            .iter()
            .filter_map(|c| tile(plan, c, false_negative))
            .take(KEEP);
        out.extend(drawn);
    }
    out
}

fn tile(plan: &Plan, c: &CaseResult, false_negative: bool) -> Option<ErrorTile> {
    let path = c.files.first()?;
    let (grey, rows, columns) = grey8_of(path, plan.preprocess.as_ref())?;
    let stride = rows.max(columns).div_ceil(MAX_SIDE).max(1);
    let (height, width) = (rows.div_ceil(stride), columns.div_ceil(stride));
    let mut pixels = Vec::with_capacity(width * height);
    for y in 0..height {
        for x in 0..width {
            pixels.push(grey[y * stride * columns + x * stride]);
        }
    }
    Some(ErrorTile {
        false_negative,
        case: c.id.to_string(),
        score: c.score,
        width,
        height,
        pixels,
    })
}
