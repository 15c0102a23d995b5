//! The segmentation figures: each case's figure as a dot on a strip (Dice, HD95) with the
//! mean and median marked, and the worst cases as image tiles with both contours.

use std::sync::Arc;

use super::{
    Anchor, Axes, Color, Figure, LABEL, LegendMark, Shape, Stroke, TICK, legend, square, text,
};

/// The contours' colours: truth Okabe–Ito sky blue, prediction orange, as the app's viewer
/// draws them (apart for colour-blind readers, and both light enough to read over a dark CT).
pub const CONTOURS: (Color, Color) = (Color::SKY, Color::ORANGE);

/// How a case is drawn on a strip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StripMark {
    /// Truth and prediction both present: a hollow blue circle.
    Case,
    /// A missed structure or a false alarm, at its worst value: a vermillion square.
    Worst,
}

/// One figure over the cases of one structure: a strip from `range.0` to `range.1` (values
/// beyond it are drawn at its edge), the mean (solid) and the median (dashed).
#[derive(Debug, Clone)]
pub struct StripPanel {
    pub title: String,
    pub range: (f64, f64),
    pub ticks: Vec<f64>,
    pub values: Vec<(f64, StripMark)>,
    pub mean: f64,
    pub median: f64,
}

/// The legend words: [a case, a missed structure or false alarm, mean, median].
pub struct StripWords {
    pub legend: [String; 4],
    pub caption: String,
}

/// Panels stacked on one figure, one per figure of the structure (Dice, HD95). Dots spread
/// vertically by a fixed sequence (the golden ratio's), so the same cases draw the same.
pub fn strips(panels: &[StripPanel], words: StripWords, fmt: &dyn Fn(f64) -> String) -> Figure {
    const LEFT: f32 = 20.0;
    const WIDTH: f32 = 440.0;
    const STRIP_H: f32 = 42.0;
    const PANEL_H: f32 = STRIP_H + 38.0;
    let mut s = Vec::new();
    let mut y = 4.0;
    for p in panels {
        s.push(Shape::Text {
            x: LEFT,
            y: y + 9.0,
            text: p.title.clone(),
            size: LABEL,
            anchor: Anchor::Start,
            color: Color::BLACK,
            bold: true,
            vertical: false,
        });
        let (lo, hi) = if p.range.1 > p.range.0 && p.range.0.is_finite() && p.range.1.is_finite() {
            p.range
        } else {
            (0.0, 1.0)
        };
        let a = Axes {
            x: LEFT,
            y: y + 14.0,
            w: WIDTH,
            h: STRIP_H,
            xr: (lo, hi),
            yr: (0.0, 1.0),
        };
        for &t in p.ticks.iter().filter(|t| (lo..=hi).contains(*t)) {
            let gx = a.px(t);
            s.push(Shape::Line {
                points: vec![(gx, a.y), (gx, a.y + a.h)],
                stroke: Stroke::solid(Color::LIGHT, 0.5),
            });
            s.push(text(gx, a.y + a.h + 10.0, fmt(t), TICK, Anchor::Middle));
        }
        s.push(Shape::Rect {
            x: a.x,
            y: a.y,
            w: a.w,
            h: a.h,
            fill: None,
            stroke: Some(Stroke::solid(Color::GREY, 0.7)),
        });
        for (i, &(v, mark)) in p.values.iter().enumerate() {
            if !v.is_finite() {
                continue;
            }
            let cx = a.px(v.clamp(lo, hi));
            let spread = (i as f64 * 0.618_033_988_75).fract() as f32;
            let cy = a.y + 6.0 + spread * (a.h - 12.0);
            s.push(match mark {
                StripMark::Case => Shape::Circle {
                    cx,
                    cy,
                    r: 2.6,
                    fill: None,
                    stroke: Some(Stroke::solid(Color::BLUE, 0.9)),
                },
                StripMark::Worst => square(cx, cy, Color::VERMILLION),
            });
        }
        for (v, line) in [
            (p.mean, Stroke::solid(Color::BLACK, 1.3)),
            (p.median, Stroke::dashed(Color::BLACK, 1.1)),
        ] {
            if v.is_finite() {
                let gx = a.px(v.clamp(lo, hi));
                s.push(Shape::Line {
                    points: vec![(gx, a.y - 3.0), (gx, a.y + a.h + 3.0)],
                    stroke: line,
                });
            }
        }
        y += PANEL_H;
    }
    let [case, worst, mean, median] = &words.legend;
    let rows = [
        (LegendMark::Dot(Color::BLUE, false), case.clone()),
        (LegendMark::Square(Color::VERMILLION), worst.clone()),
        (
            LegendMark::Line(Stroke::solid(Color::BLACK, 1.3)),
            mean.clone(),
        ),
        (
            LegendMark::Line(Stroke::dashed(Color::BLACK, 1.1)),
            median.clone(),
        ),
    ];
    legend(&mut s, LEFT, y + 2.0, &rows[..2]);
    legend(&mut s, LEFT + WIDTH * 0.72, y + 2.0, &rows[2..]);
    Figure {
        width: 483.0,
        height: y + 26.0,
        caption: words.caption,
        shapes: s,
    }
}

/// One worst-case tile: the overlay's PNG (`raster::png`), its size in pixels, and the lines
/// printed under it (case, slice, Dice).
#[derive(Debug, Clone)]
pub struct TileImage {
    pub png: Arc<Vec<u8>>,
    pub width: usize,
    pub height: usize,
    pub label: Vec<String>,
}

/// The legend's two entries and the caption.
pub struct TileWords {
    pub truth: String,
    pub prediction: String,
    pub caption: String,
}

/// Tiles three to a row, each scaled to its cell keeping its aspect, with a legend of the two
/// contour colours above them (none when `words.truth` is empty: tiles without outlines).
pub fn tiles(tiles: &[TileImage], words: TileWords) -> Figure {
    const COLUMNS: usize = 3;
    const GAP: f32 = 12.0;
    const LINE: f32 = 10.0;
    let cell = (483.0 - GAP * (COLUMNS as f32 - 1.0)) / COLUMNS as f32;
    let mut s = Vec::new();
    let rows = [
        (
            LegendMark::Line(Stroke::solid(CONTOURS.0, 2.5)),
            words.truth,
        ),
        (
            LegendMark::Line(Stroke::solid(CONTOURS.1, 2.5)),
            words.prediction,
        ),
    ];
    // Tiles without outlines (a binary run's errors) have no legend.
    let mut y = 0.0;
    if !rows[0].1.is_empty() {
        legend(&mut s, 0.0, 10.0, &rows[..1]);
        legend(&mut s, 483.0 / 2.0, 10.0, &rows[1..]);
        y = 22.0;
    }
    for row in tiles.chunks(COLUMNS) {
        let label_lines = row.iter().map(|t| t.label.len()).max().unwrap_or(0);
        for (i, t) in row.iter().enumerate() {
            let x = i as f32 * (cell + GAP);
            let (w, h) = (t.width.max(1) as f32, t.height.max(1) as f32);
            let k = (cell / w).min(cell / h);
            let (iw, ih) = (w * k, h * k);
            s.push(Shape::Rect {
                x,
                y,
                w: cell,
                h: cell,
                fill: Some(Color::BLACK),
                stroke: None,
            });
            s.push(Shape::Image {
                x: x + (cell - iw) / 2.0,
                y: y + (cell - ih) / 2.0,
                w: iw,
                h: ih,
                png: t.png.clone(),
            });
            for (j, l) in t.label.iter().enumerate() {
                s.push(text(
                    x + cell / 2.0,
                    y + cell + 10.0 + j as f32 * LINE,
                    l.clone(),
                    TICK,
                    Anchor::Middle,
                ));
            }
        }
        y += cell + 8.0 + label_lines as f32 * LINE;
    }
    Figure {
        width: 483.0,
        height: y,
        caption: words.caption,
        shapes: s,
    }
}
