//! The worst false negatives (lowest scores among the diseased) and false positives (highest
//! among the healthy) of a binary DICOM run, as small windowed images for the report's
//! appendix, beside their pseudonymous ids: what a reviewer looks at first. The case's first
//! image, windowed as the segmentation tiles are (`segmentation::tile::grey8_of`), shrunk by an
//! integer stride to at most `MAX_SIDE` a side. An image that cannot be decoded, or whose pixels
//! may show text (Burned In Annotation), is left out and the next case drawn: tiles illustrate,
//! the figures stand without them. What is left out is counted with its reason (`LeftOut`), so
//! that the report says so: nothing is dropped silently.

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

/// Why an error worse than the last one drawn has no tile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotDrawn {
    /// Its header says text may be burned into the pixels, or cannot tell.
    MayShowText,
    /// No image, or one that could not be decoded.
    Undecodable,
}

/// An error passed over on the way to [`KEEP`] tiles of its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeftOut {
    pub false_negative: bool,
    pub reason: NotDrawn,
}

/// The tiles of a binary run's errors at `threshold`, worst first, at most [`KEEP`] of each
/// kind, and the errors passed over among the worst; none for a CSV cohort.
pub(crate) fn tiles(
    plan: &Plan,
    cases: &[CaseResult],
    threshold: f64,
) -> (Vec<ErrorTile>, Vec<LeftOut>) {
    if plan.cohort.kind != CohortKind::Dicom {
        return (Vec::new(), Vec::new());
    }
    let mut out = Vec::new();
    let mut left_out = Vec::new();
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
        let mut drawn = 0;
        for c in errors {
            if drawn == KEEP {
                break;
            }
            match tile(plan, c, false_negative) {
                Ok(t) => {
                    out.push(t);
                    drawn += 1;
                }
                Err(reason) => left_out.push(LeftOut {
                    false_negative,
                    reason,
                }),
            }
        }
    }
    (out, left_out)
}

fn tile(plan: &Plan, c: &CaseResult, false_negative: bool) -> Result<ErrorTile, NotDrawn> {
    let path = c.files().first().ok_or(NotDrawn::Undecodable)?;
    if provestein_dicom::privacy::burned_in::may_show_text(path) {
        return Err(NotDrawn::MayShowText);
    }
    let (grey, rows, columns) =
        grey8_of(path, plan.preprocess.as_ref()).ok_or(NotDrawn::Undecodable)?;
    let stride = rows.max(columns).div_ceil(MAX_SIDE).max(1);
    let (height, width) = (rows.div_ceil(stride), columns.div_ceil(stride));
    let mut pixels = Vec::with_capacity(width * height);
    for y in 0..height {
        for x in 0..width {
            pixels.push(grey[y * stride * columns + x * stride]);
        }
    }
    Ok(ErrorTile {
        false_negative,
        case: c.id.to_string(),
        score: c.score,
        width,
        height,
        pixels,
    })
}
