//! Text into an RGB pixel buffer, for the captions of occlusion map PNGs: the report's own
//! DejaVu Sans (embedded for the PDF), shaped by rustybuzz as the PDF is, each glyph's outline
//! (ttf-parser, re-exported by rustybuzz) filled with the non-zero rule and anti-aliased by
//! exact horizontal coverage on 5 sub-scanlines per pixel row. No rasteriser crate: a few
//! lines of captions do not justify one.

use rustybuzz::ttf_parser::{GlyphId, OutlineBuilder};

use provestein_report::pdf::{BOLD_TTF, REGULAR_TTF};

/// An RGB8 image, row-major.
pub struct Canvas {
    pub width: usize,
    pub height: usize,
    pub rgb: Vec<u8>,
}

impl Canvas {
    pub fn new(width: usize, height: usize, background: [u8; 3]) -> Canvas {
        Canvas {
            width,
            height,
            rgb: background.repeat(width * height),
        }
    }

    pub fn set(&mut self, x: usize, y: usize, c: [u8; 3]) {
        if x < self.width && y < self.height {
            let i = 3 * (y * self.width + x);
            self.rgb[i..i + 3].copy_from_slice(&c);
        }
    }

    pub fn fill(&mut self, x: usize, y: usize, w: usize, h: usize, c: [u8; 3]) {
        for yy in y..y + h {
            for xx in x..x + w {
                self.set(xx, yy, c);
            }
        }
    }

    /// Mixes `c` into pixel (x, y) with weight `a` in [0, 1].
    fn blend(&mut self, x: usize, y: usize, c: [u8; 3], a: f32) {
        if x < self.width && y < self.height {
            let i = 3 * (y * self.width + x);
            for (px, &target) in self.rgb[i..i + 3].iter_mut().zip(&c) {
                let old = f32::from(*px);
                *px = (old + (f32::from(target) - old) * a).round() as u8;
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

fn face(weight: Weight) -> rustybuzz::Face<'static> {
    let bytes = match weight {
        Weight::Regular => REGULAR_TTF,
        Weight::Bold => BOLD_TTF,
    };
    rustybuzz::Face::from_slice(bytes, 0).expect("bundled font parses")
}

/// Glyph ids and pen positions (in pixels from the start) of `text` at `px` pixels per em.
fn shape(face: &rustybuzz::Face<'_>, text: &str, px: f32) -> (Vec<(u16, f32)>, f32) {
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    let out = rustybuzz::shape(face, &[], buffer);
    let scale = px / face.units_per_em() as f32;
    let mut pen = 0.0;
    let glyphs = out
        .glyph_infos()
        .iter()
        .zip(out.glyph_positions())
        .map(|(info, pos)| {
            let at = pen + pos.x_offset as f32 * scale;
            pen += pos.x_advance as f32 * scale;
            (info.glyph_id as u16, at)
        })
        .collect();
    (glyphs, pen)
}

/// The advance width of `text` in pixels.
pub fn width(text: &str, px: f32, weight: Weight) -> f32 {
    shape(&face(weight), text, px).1
}

/// Draws `text` with its baseline at `baseline` and its start at `x`, `px` pixels per em.
pub fn draw(
    canvas: &mut Canvas,
    text: &str,
    x: f32,
    baseline: f32,
    px: f32,
    weight: Weight,
    colour: [u8; 3],
) {
    let face = face(weight);
    let (glyphs, _) = shape(&face, text, px);
    let scale = px / face.units_per_em() as f32;
    let mut edges = Edges {
        lines: Vec::new(),
        start: (0.0, 0.0),
        last: (0.0, 0.0),
        origin: (0.0, baseline),
        scale,
    };
    for (id, at) in glyphs {
        edges.origin.0 = x + at;
        face.outline_glyph(GlyphId(id), &mut edges);
    }
    fill(canvas, &edges.lines, colour);
}

/// An outline flattened to line segments in pixel coordinates (y down).
struct Edges {
    lines: Vec<[f32; 4]>,
    start: (f32, f32),
    last: (f32, f32),
    origin: (f32, f32),
    scale: f32,
}

impl Edges {
    fn point(&self, x: f32, y: f32) -> (f32, f32) {
        (
            self.origin.0 + x * self.scale,
            self.origin.1 - y * self.scale,
        )
    }

    fn to(&mut self, p: (f32, f32)) {
        self.lines.push([self.last.0, self.last.1, p.0, p.1]);
        self.last = p;
    }
}

impl OutlineBuilder for Edges {
    fn move_to(&mut self, x: f32, y: f32) {
        self.start = self.point(x, y);
        self.last = self.start;
    }

    fn line_to(&mut self, x: f32, y: f32) {
        let p = self.point(x, y);
        self.to(p);
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (p0, p1, p2) = (self.last, self.point(x1, y1), self.point(x, y));
        const N: usize = 8;
        for k in 1..=N {
            let t = k as f32 / N as f32;
            let u = 1.0 - t;
            self.to((
                u * u * p0.0 + 2.0 * u * t * p1.0 + t * t * p2.0,
                u * u * p0.1 + 2.0 * u * t * p1.1 + t * t * p2.1,
            ));
        }
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (p0, p1, p2, p3) = (
            self.last,
            self.point(x1, y1),
            self.point(x2, y2),
            self.point(x, y),
        );
        const N: usize = 12;
        for k in 1..=N {
            let t = k as f32 / N as f32;
            let u = 1.0 - t;
            let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
            self.to((
                a * p0.0 + b * p1.0 + c * p2.0 + d * p3.0,
                a * p0.1 + b * p1.1 + c * p2.1 + d * p3.1,
            ));
        }
    }

    fn close(&mut self) {
        if self.last != self.start {
            let s = self.start;
            self.to(s);
        }
    }
}

/// Fills the region the segments enclose (non-zero winding) in `colour`.
fn fill(canvas: &mut Canvas, lines: &[[f32; 4]], colour: [u8; 3]) {
    const SUB: usize = 5;
    if lines.is_empty() {
        return;
    }
    let (mut y_lo, mut y_hi) = (f32::INFINITY, f32::NEG_INFINITY);
    for l in lines {
        y_lo = y_lo.min(l[1].min(l[3]));
        y_hi = y_hi.max(l[1].max(l[3]));
    }
    let y0 = y_lo.floor().max(0.0) as usize;
    let y1 = (y_hi.ceil().max(0.0) as usize).min(canvas.height);
    let mut cover = vec![0.0f32; canvas.width + 1];
    let mut crossings: Vec<(f32, i32)> = Vec::new();
    for y in y0..y1 {
        cover.iter_mut().for_each(|c| *c = 0.0);
        for k in 0..SUB {
            let sy = y as f32 + (k as f32 + 0.5) / SUB as f32;
            crossings.clear();
            for l in lines {
                let (ya, yb) = (l[1], l[3]);
                if (ya <= sy && sy < yb) || (yb <= sy && sy < ya) {
                    let x = l[0] + (sy - ya) * (l[2] - l[0]) / (yb - ya);
                    crossings.push((x, if yb > ya { 1 } else { -1 }));
                }
            }
            crossings.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut winding = 0;
            for pair in crossings.windows(2) {
                winding += pair[0].1;
                if winding != 0 {
                    span(&mut cover, pair[0].0, pair[1].0, 1.0 / SUB as f32);
                }
            }
        }
        for (x, &c) in cover.iter().enumerate().take(canvas.width) {
            if c > 0.0 {
                canvas.blend(x, y, colour, c.min(1.0));
            }
        }
    }
}

/// Adds `weight` × the covered length of [a, b) to each pixel of the row.
fn span(cover: &mut [f32], a: f32, b: f32, weight: f32) {
    let n = cover.len() as f32;
    let (a, b) = (a.clamp(0.0, n), b.clamp(0.0, n));
    if b <= a {
        return;
    }
    let (first, last) = (a.floor() as usize, (b.ceil() as usize).min(cover.len()));
    for (px, c) in cover.iter_mut().enumerate().take(last).skip(first) {
        let overlap = b.min(px as f32 + 1.0) - a.max(px as f32);
        if overlap > 0.0 {
            *c += overlap * weight;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_drawn_where_it_is_placed() {
        let mut c = Canvas::new(120, 30, [255, 255, 255]);
        let w = width("Aid", 20.0, Weight::Regular);
        assert!(w > 20.0 && w < 45.0, "{w}");
        draw(&mut c, "Aid", 10.0, 22.0, 20.0, Weight::Regular, [0, 0, 0]);
        let dark = |x0: usize, x1: usize| {
            (0..30)
                .flat_map(|y| (x0..x1).map(move |x| (x, y)))
                .filter(|&(x, y)| c.rgb[3 * (y * 120 + x)] < 128)
                .count()
        };
        assert!(dark(10, 10 + w as usize) > 40);
        assert_eq!(dark(0, 9), 0);
        assert_eq!(dark(12 + w as usize, 120), 0);
    }
}
