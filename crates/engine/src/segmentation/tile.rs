//! A worst-case tile: the slice where truth and prediction disagree most, windowed to 8 bits
//! (the plan's `[preprocess]` window, else the header's, else the slice's own range), cropped
//! around both masks with a margin and shrunk by an integer stride (nearest pixel) to at most
//! [`MAX_SIDE`] pixels a side. Only the [`KEEP`] worst cases per structure of a `score` call
//! are drawn, so memory stays bounded whatever the cohort's size.

use std::path::Path;

use super::figures::Tile;
use crate::cohort::pixels::{Normalize, Preprocess, Resize, Window};
use crate::run::Image;

/// Tiles kept per structure per `score` call, and shown per structure in the report.
pub(crate) const KEEP: usize = 6;
/// Largest side of a tile, in pixels.
pub(crate) const MAX_SIDE: usize = 128;
/// Pixels of context around the masks.
const MARGIN: usize = 16;

/// Orders cases worst first: lowest Dice, then highest HD95 (NaN last).
pub(crate) fn worse(a: (f64, f64), b: (f64, f64)) -> std::cmp::Ordering {
    let key = |(dice, hd95): (f64, f64)| {
        (
            if dice.is_nan() { f64::INFINITY } else { dice },
            if hd95.is_nan() {
                f64::NEG_INFINITY
            } else {
                -hd95
            },
        )
    };
    let (ka, kb) = (key(a), key(b));
    ka.0.total_cmp(&kb.0).then(ka.1.total_cmp(&kb.1))
}

/// The slice (index into `slices`) where the masks disagree most, None when they agree.
pub(crate) fn worst_slice(
    truth: &[bool],
    prediction: &[bool],
    slices: usize,
    plane: usize,
) -> Option<usize> {
    (0..slices)
        .map(|z| {
            let r = z * plane..(z + 1) * plane;
            let diff = truth[r.clone()]
                .iter()
                .zip(&prediction[r])
                .filter(|(a, b)| a != b)
                .count();
            (z, diff)
        })
        .filter(|(_, d)| *d > 0)
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(z, _)| z)
}

/// Draws a tile of one slice; None when the image cannot be decoded (the figures stand).
#[allow(clippy::too_many_arguments)]
pub(crate) fn draw(
    image: &Image,
    pre: Option<&Preprocess>,
    truth: &[bool],
    prediction: &[bool],
    rows: usize,
    columns: usize,
    structure: &str,
    case: &str,
    slice: usize,
    dice: f64,
) -> Option<Tile> {
    let grey = grey8(image, pre, rows, columns)?;
    // The box of both masks, with a margin.
    let (mut r0, mut r1, mut c0, mut c1) = (rows, 0, columns, 0);
    for r in 0..rows {
        for c in 0..columns {
            let i = r * columns + c;
            if truth[i] || prediction[i] {
                r0 = r0.min(r);
                r1 = r1.max(r + 1);
                c0 = c0.min(c);
                c1 = c1.max(c + 1);
            }
        }
    }
    if r0 >= r1 {
        return None;
    }
    let r0 = r0.saturating_sub(MARGIN);
    let c0 = c0.saturating_sub(MARGIN);
    let r1 = (r1 + MARGIN).min(rows);
    let c1 = (c1 + MARGIN).min(columns);
    let side = (r1 - r0).max(c1 - c0);
    let stride = side.div_ceil(MAX_SIDE).max(1);
    let height = (r1 - r0).div_ceil(stride);
    let width = (c1 - c0).div_ceil(stride);
    let mut tile = Tile {
        structure: structure.to_string(),
        case: case.to_string(),
        slice,
        dice,
        width,
        height,
        pixels: Vec::with_capacity(width * height),
        truth: Vec::with_capacity(width * height),
        prediction: Vec::with_capacity(width * height),
    };
    for y in 0..height {
        for x in 0..width {
            let i = (r0 + y * stride) * columns + c0 + x * stride;
            tile.pixels.push(grey[i]);
            tile.truth.push(truth[i]);
            tile.prediction.push(prediction[i]);
        }
    }
    Some(tile)
}

/// One image decoded and windowed to 8 bits, row-major: the plan's `[preprocess]` window, else
/// the header's, else the image's own value range (the first that decodes). None when the image
/// cannot be decoded or is not `rows × columns` grey pixels (a tile is then left out; the
/// figures stand). Shared by the segmentation and detection tiles, so both look alike.
pub(crate) fn grey8(
    image: &Image,
    pre: Option<&Preprocess>,
    rows: usize,
    columns: usize,
) -> Option<Vec<u8>> {
    grey8_of(&image.path, pre)
        .filter(|(_, r, c)| (*r, *c) == (rows, columns))
        .map(|(grey, _, _)| grey)
}

/// [`grey8`] of the image at `path`, whatever its size: (pixels, rows, columns). None also for
/// an image whose pixels may show text (Burned In Annotation "YES", or a header that cannot
/// tell): a report never draws those (`dicom::privacy::burned_in`).
pub(crate) fn grey8_of(path: &Path, pre: Option<&Preprocess>) -> Option<(Vec<u8>, usize, usize)> {
    if provestein_dicom::privacy::burned_in::may_show_text(path) {
        return None;
    }
    let plan_window = pre.map(|p| p.window).unwrap_or(Window::None);
    let base = Preprocess {
        frame: 0,
        modality_lut: true,
        window: Window::None,
        invert_monochrome1: true,
        resize: Resize::None,
        channels: 1,
        normalize: Normalize::None,
        layout: Default::default(),
        max_pixels: pre.map_or(crate::cohort::pixels::DEFAULT_MAX_PIXELS, |p| p.max_pixels),
    };
    let windows = [plan_window, Window::Header, Window::None];
    let mut decoded = None;
    for w in windows {
        let p = Preprocess {
            window: w,
            ..base.clone()
        };
        if let Ok(t) = crate::run::images::decode(path, &p) {
            decoded = Some((t, w));
            break;
        }
    }
    let (tensor, window) = decoded?;
    // One channel: [1, rows, columns] in either layout.
    let [a, b, c] = tensor.shape;
    let (rows, columns) = if a == 1 { (b, c) } else { (a, b) };
    if rows * columns != tensor.data.len() {
        return None;
    }
    let values = tensor.data;
    let (lo, hi) = if window == Window::None {
        let lo = values.iter().copied().fold(f32::INFINITY, f32::min);
        let hi = values.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        (lo, hi)
    } else {
        (0.0, 1.0)
    };
    let span = if hi > lo { hi - lo } else { 1.0 };
    Some((
        values
            .iter()
            .map(|v| (((v - lo) / span).clamp(0.0, 1.0) * 255.0).round() as u8)
            .collect(),
        rows,
        columns,
    ))
}
