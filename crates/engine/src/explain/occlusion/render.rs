//! An occlusion map drawn over its image, as a PNG: the model's input in grey on the left
//! and again on the right with the map over it at a fixed opacity, in ColorBrewer's RdBu
//! (diverging, marked colour-blind safe): red where covering the patch lowers the score,
//! blue where it raises it, near-white where it changes nothing. Drops have either sign, so
//! the scale is symmetric about 0 and "no change" is the same colour on every map. Beside it
//! a colour bar with its range; under it a strip with the caption "An aid to interpretation,
//! not proof of reasoning" and how the map was made. The caption is also in the file's tEXt
//! chunk (Description), for viewers that show metadata. The bytes depend only on the map and
//! the image (no time stamp).

use super::map::{OcclusionMap, grey};
use super::text::{self, Canvas, Weight};
use crate::cohort::pixels::{Layout, Tensor};
use crate::error::{Error, Result};
use crate::plan::OcclusionBaseline;

/// What every occlusion map says about itself, in the PNG, the report and the app.
pub const CAPTION: &str = "An aid to interpretation, not proof of reasoning";

/// The map's weight over the grey image.
pub const OPACITY: f32 = 0.45;

/// ColorBrewer RdBu, 11 classes, from blue (most negative) through #f7f7f7 (0) to red.
const RDBU: [[u8; 3]; 11] = [
    [0x05, 0x30, 0x61],
    [0x21, 0x66, 0xac],
    [0x43, 0x93, 0xc3],
    [0x92, 0xc5, 0xde],
    [0xd1, 0xe5, 0xf0],
    [0xf7, 0xf7, 0xf7],
    [0xfd, 0xdb, 0xc7],
    [0xf4, 0xa5, 0x82],
    [0xd6, 0x60, 0x4d],
    [0xb2, 0x18, 0x2b],
    [0x67, 0x00, 0x1f],
];

/// The colour scale at `t` in [0, 1] (clamped), interpolated linearly: dark blue at 0,
/// near-white at ½ (no change), dark red at 1.
pub fn colour(t: f32) -> [u8; 3] {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.5
    };
    let f = t * (RDBU.len() - 1) as f32;
    let i = (f.floor() as usize).min(RDBU.len() - 2);
    let u = f - i as f32;
    let (a, b) = (RDBU[i], RDBU[i + 1]);
    std::array::from_fn(|k| {
        (f32::from(a[k]) + (f32::from(b[k]) - f32::from(a[k])) * u).round() as u8
    })
}

/// The colour scale's ends: ±(the map's largest absolute value), so that 0 is the middle.
pub fn range(map: &OcclusionMap) -> (f32, f32) {
    let m = map.min.abs().max(map.max.abs());
    (-m, m)
}

/// Position of `v` on the colour scale, 0 to 1 (½ everywhere for a flat map).
fn unit(lo: f32, hi: f32, v: f32) -> f32 {
    if hi - lo > 1e-12 {
        (v - lo) / (hi - lo)
    } else {
        0.5
    }
}

/// The map's colour per pixel, RGB8, row-major (the app's overlay texture).
pub fn overlay_rgb(map: &OcclusionMap) -> Vec<[u8; 3]> {
    let (lo, hi) = range(map);
    map.map.iter().map(|&v| colour(unit(lo, hi, v))).collect()
}

/// A tick label of the PNG's colour scale (the PNG's words are English).
fn number(v: f32) -> String {
    crate::i18n::Numbers(crate::i18n::Lang::En).short(f64::from(v))
}

fn baseline_words(b: OcclusionBaseline, patch: usize) -> String {
    match b {
        OcclusionBaseline::Mean => "the image's mean".into(),
        OcclusionBaseline::Blur => format!(
            "a blurred copy (Gaussian \u{3c3} {} px)",
            super::map::blur_sigma(patch)
        ),
    }
}

/// The PNG file of `map` over `tensor` (the image it was computed on, laid out as `layout`);
/// `title` (e.g. the case and its outcome) heads the strip under the image.
pub fn render_png(
    map: &OcclusionMap,
    tensor: &Tensor,
    layout: Layout,
    title: Option<&str>,
) -> Result<Vec<u8>> {
    let (h, w, grey) = grey(tensor, layout);
    if (h, w) != (map.height, map.width) {
        return Err(Error::Explain(format!(
            "the map is {}×{} but the image is {h}×{w}",
            map.height, map.width
        )));
    }
    let side = h.max(w).max(1);
    // Small inputs are enlarged (nearest neighbour, so pixels stay visible) to about 320 px.
    let s = 320usize.div_ceil(side).max(1);
    let (pw, ph) = (w * s, h * s);
    const PAD: usize = 10;
    const BAR_GAP: usize = 12;
    const BAR_W: usize = 14;
    const TICK_PX: f32 = 11.0;
    let (lo, hi) = range(map);
    let ticks = [(hi, 0.0f32), (0.0, 0.5), (lo, 1.0)];
    let tick_w = ticks
        .iter()
        .map(|(v, _)| text::width(&number(*v), TICK_PX, Weight::Regular))
        .fold(0.0, f32::max)
        .ceil() as usize;

    let mut lines: Vec<(String, f32, Weight)> = Vec::new();
    if let Some(t) = title {
        lines.push((t.to_string(), 12.0, Weight::Bold));
    }
    lines.push((CAPTION.to_string(), 14.0, Weight::Bold));
    lines.push((
        "Left: the model's input, grey from its minimum to its maximum".into(),
        12.0,
        Weight::Regular,
    ));
    lines.push((
        format!(
            "Right: score drop when a {0}\u{d7}{0} patch is occluded (red: falls, blue: rises)",
            map.patch
        ),
        12.0,
        Weight::Regular,
    ));
    lines.push((
        format!(
            "(stride {}, baseline {}, {} positions)",
            map.stride,
            baseline_words(map.baseline, map.patch),
            map.positions.len()
        ),
        12.0,
        Weight::Regular,
    ));
    lines.push((
        format!(
            "Model score {:.3}; largest drop {:.3}; bar: mean drop per pixel",
            map.score,
            map.max_drop()
        ),
        12.0,
        Weight::Regular,
    ));
    let text_w = lines
        .iter()
        .map(|(t, px, wt)| text::width(t, *px, *wt))
        .fold(0.0, f32::max)
        .ceil() as usize;
    // The image as the model sees it on the left, the map over it on the right.
    let map_x = PAD + pw + PAD;
    let bar_x = map_x + pw + BAR_GAP;
    let width = (bar_x + BAR_W + 8 + tick_w + PAD).max(2 * PAD + text_w);
    let strip: f32 = lines.iter().map(|(_, px, _)| px * 1.45).sum();
    let height = PAD + ph + 8 + strip.ceil() as usize + PAD;

    let mut c = Canvas::new(width, height, [255, 255, 255]);
    let colours = overlay_rgb(map);
    for y in 0..ph {
        for x in 0..pw {
            let i = (y / s) * w + x / s;
            let g = grey[i].clamp(0.0, 1.0) * 255.0;
            let col = colours[i];
            let px: [u8; 3] = std::array::from_fn(|k| {
                (g * (1.0 - OPACITY) + f32::from(col[k]) * OPACITY).round() as u8
            });
            let g = g.round() as u8;
            c.set(PAD + x, PAD + y, [g, g, g]);
            c.set(map_x + x, PAD + y, px);
        }
    }
    for y in 0..ph {
        let t = 1.0 - (y as f32 + 0.5) / ph as f32;
        c.fill(bar_x, PAD + y, BAR_W, 1, colour(t));
    }
    for (v, at) in &ticks {
        let y = PAD as f32 + at * (ph as f32 - 1.0);
        c.fill(bar_x + BAR_W, y.round() as usize, 3, 1, [0, 0, 0]);
        let baseline = (y + TICK_PX * 0.36).clamp(PAD as f32 + TICK_PX * 0.72, (PAD + ph) as f32);
        text::draw(
            &mut c,
            &number(*v),
            (bar_x + BAR_W + 8) as f32,
            baseline,
            TICK_PX,
            Weight::Regular,
            [0, 0, 0],
        );
    }
    let mut y = (PAD + ph + 8) as f32;
    for (t, px, wt) in &lines {
        y += px * 1.45;
        text::draw(&mut c, t, PAD as f32, y - px * 0.35, *px, *wt, [0, 0, 0]);
    }
    encode(&c, map)
}

fn encode(c: &Canvas, map: &OcclusionMap) -> Result<Vec<u8>> {
    let err = |e: ::png::EncodingError| Error::Explain(format!("cannot encode the PNG: {e}"));
    let mut out = Vec::new();
    {
        let mut enc = ::png::Encoder::new(&mut out, c.width as u32, c.height as u32);
        enc.set_color(::png::ColorType::Rgb);
        enc.set_depth(::png::BitDepth::Eight);
        // tEXt is Latin-1: ASCII only here.
        enc.add_text_chunk("Title".into(), "Occlusion map".into())
            .map_err(err)?;
        enc.add_text_chunk("Description".into(), CAPTION.into())
            .map_err(err)?;
        let baseline = match map.baseline {
            OcclusionBaseline::Mean => "mean",
            OcclusionBaseline::Blur => "blur",
        };
        enc.add_text_chunk(
            "Comment".into(),
            format!(
                "score drop (original - occluded) per pixel, mean over covering patches; patch {} stride {} baseline {baseline} positions {} score {} map min {} max {}",
                map.patch,
                map.stride,
                map.positions.len(),
                map.score,
                map.min,
                map.max
            ),
        )
        .map_err(err)?;
        enc.add_text_chunk(
            "Software".into(),
            format!("Provestein {}", env!("CARGO_PKG_VERSION")),
        )
        .map_err(err)?;
        let mut w = enc.write_header().map_err(err)?;
        w.write_image_data(&c.rgb).map_err(err)?;
        w.finish().map_err(err)?;
    }
    Ok(out)
}

/// The text of every tEXt chunk of a PNG ("keyword: text", Latin-1 read as such), for the
/// output guard: what a viewer shows as the file's properties.
pub fn text_chunks(png: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut at = 8; // the signature
    while let Some(head) = png.get(at..at + 8) {
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let Some(data) = png.get(at + 8..at + 8 + len) else {
            break;
        };
        if &head[4..8] == b"tEXt" {
            out.push(
                data.iter()
                    .map(|&b| if b == 0 { ':' } else { b as char })
                    .collect(),
            );
        }
        at += 12 + len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_chunks_are_read_back() {
        let map = OcclusionMap {
            width: 2,
            height: 2,
            patch: 1,
            stride: 1,
            baseline: OcclusionBaseline::Mean,
            positions: Vec::new(),
            score: 0.5,
            map: vec![0.0; 4],
            min: 0.0,
            max: 0.0,
        };
        let c = Canvas::new(4, 4, [255, 255, 255]);
        let chunks = text_chunks(&encode(&c, &map).unwrap());
        assert_eq!(chunks.len(), 4, "{chunks:?}");
        assert_eq!(chunks[0], "Title:Occlusion map");
        assert!(chunks[2].starts_with("Comment:score drop"), "{chunks:?}");
    }

    #[test]
    fn the_scale_is_blue_white_red() {
        assert_eq!(colour(0.0), [0x05, 0x30, 0x61]);
        assert_eq!(colour(0.5), [0xf7, 0xf7, 0xf7]);
        assert_eq!(colour(1.0), [0x67, 0x00, 0x1f]);
        assert_eq!(colour(f32::NAN), colour(0.5));
        // Lightness falls away from 0 on both sides (the sign reads in greyscale by hue only,
        // the size by lightness).
        let luma = |c: [u8; 3]| 0.299 * c[0] as f32 + 0.587 * c[1] as f32 + 0.114 * c[2] as f32;
        for k in 0..25 {
            let (a, b) = (k as f32 / 50.0, (k + 1) as f32 / 50.0);
            assert!(luma(colour(a)) < luma(colour(b)));
            assert!(luma(colour(1.0 - a)) < luma(colour(1.0 - b)));
        }
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(number(0.0), "0");
        assert_eq!(number(0.41234), "0.412");
        assert_eq!(number(-0.5), "\u{2212}0.500");
        assert_eq!(number(0.00012), "1.2e\u{2212}4");
    }
}
