//! Plot geometry shared by the PDF and the HTML report: each figure is built once here as a list
//! of shapes in points (origin top-left, y down), and `pdf.rs` draws it as vector paths while
//! `html.rs` writes it as inline SVG. No figure is computed here, only drawn from the
//! evaluation's numbers.
//!
//! The segmentation figures (per-case strips, worst-case tiles) are in `figures/segmentation.rs`.
//!
//! Colours are Okabe–Ito (safe for colour-blind readers), and every series also differs by
//! marker or dash so that a grey-scale print still reads.

mod detection;
mod segmentation;

pub use detection::{RatePoint, froc};
pub use segmentation::{
    CONTOURS, StripMark, StripPanel, StripWords, TileImage, TileWords, strips, tiles,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Size in points (1/72 inch); the PDF scales it down to the text width if wider.
    pub width: f32,
    pub height: f32,
    /// Printed under the figure; also its accessible description.
    pub caption: String,
    pub shapes: Vec<Shape>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Color(pub u8, pub u8, pub u8);

impl Color {
    pub const BLACK: Color = Color(0, 0, 0);
    pub const GREY: Color = Color(120, 120, 120);
    pub const LIGHT: Color = Color(225, 225, 225);
    pub const WHITE: Color = Color(255, 255, 255);
    /// Okabe–Ito.
    pub const BLUE: Color = Color(0, 114, 178);
    pub const ORANGE: Color = Color(230, 159, 0);
    pub const GREEN: Color = Color(0, 158, 115);
    pub const VERMILLION: Color = Color(213, 94, 0);
    pub const SKY: Color = Color(86, 180, 233);
    pub const PURPLE: Color = Color(204, 121, 167);

    /// A verdict banner's background and text colours: darker shades of the Okabe–Ito hues so
    /// that the words keep a contrast of at least 4.5:1 (WCAG AA) in print and on screen.
    pub fn verdict(v: provestein_types::Verdict) -> (Color, Color) {
        use provestein_types::Verdict;
        match v {
            Verdict::Pass => (Color(0, 110, 80), Color::WHITE),
            Verdict::Fail => (Color(170, 60, 0), Color::WHITE),
            Verdict::Inconclusive => (Color::ORANGE, Color::BLACK),
        }
    }

    /// The caution box's background (light amber), its stripe (Okabe–Ito orange) and its
    /// text (black: contrast above 15:1).
    pub fn caution() -> (Color, Color, Color) {
        (Color(255, 236, 179), Color::ORANGE, Color::BLACK)
    }

    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub color: Color,
    pub width: f32,
    /// Dash and gap lengths in points; None is solid.
    pub dash: Option<(f32, f32)>,
}

impl Stroke {
    pub fn solid(color: Color, width: f32) -> Stroke {
        Stroke {
            color,
            width,
            dash: None,
        }
    }

    pub fn dashed(color: Color, width: f32) -> Stroke {
        Stroke {
            color,
            width,
            dash: Some((4.0, 3.0)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// An open polyline.
    Line {
        points: Vec<(f32, f32)>,
        stroke: Stroke,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Color>,
        stroke: Option<Stroke>,
    },
    Circle {
        cx: f32,
        cy: f32,
        r: f32,
        fill: Option<Color>,
        stroke: Option<Stroke>,
    },
    /// Text whose baseline starts (Start), is centred (Middle) or ends (End) at (x, y);
    /// `vertical` turns it 90° counter-clockwise about (x, y) (a y-axis title).
    Text {
        x: f32,
        y: f32,
        text: String,
        size: f32,
        anchor: Anchor,
        color: Color,
        bold: bool,
        vertical: bool,
    },
    /// A raster image (PNG bytes, from `raster::png`) stretched over the box (x, y, w, h):
    /// the PDF embeds it, the HTML page inlines it as a `data:` URL.
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        png: std::sync::Arc<Vec<u8>>,
    },
}

impl Figure {
    /// The words drawn in the figure (axis titles, legends, labels).
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.shapes.iter().filter_map(|s| match s {
            Shape::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
    }
}

/// A plot area: maps data coordinates to figure points and draws its frame, grid and ticks.
struct Axes {
    x: f32,
    y: f32,
    w: f32,
    h: f32,
    xr: (f64, f64),
    yr: (f64, f64),
}

const TICK: f32 = 7.5;
const LABEL: f32 = 8.5;

fn text(x: f32, y: f32, s: impl Into<String>, size: f32, anchor: Anchor) -> Shape {
    Shape::Text {
        x,
        y,
        text: s.into(),
        size,
        anchor,
        color: Color::BLACK,
        bold: false,
        vertical: false,
    }
}

impl Axes {
    fn px(&self, v: f64) -> f32 {
        self.x + ((v - self.xr.0) / (self.xr.1 - self.xr.0)) as f32 * self.w
    }

    fn py(&self, v: f64) -> f32 {
        self.y + self.h - ((v - self.yr.0) / (self.yr.1 - self.yr.0)) as f32 * self.h
    }

    fn pt(&self, x: f64, y: f64) -> (f32, f32) {
        (self.px(x), self.py(y))
    }

    /// Frame, light grid at each tick, tick labels and axis titles.
    fn draw(
        &self,
        out: &mut Vec<Shape>,
        ticks: &[f64],
        xt: &str,
        yt: &str,
        fmt: &dyn Fn(f64) -> String,
    ) {
        for &t in ticks {
            let (gx, gy) = (self.px(t), self.py(t));
            let grid = Stroke::solid(Color::LIGHT, 0.5);
            out.push(Shape::Line {
                points: vec![(gx, self.y), (gx, self.y + self.h)],
                stroke: grid,
            });
            out.push(Shape::Line {
                points: vec![(self.x, gy), (self.x + self.w, gy)],
                stroke: grid,
            });
            out.push(text(
                gx,
                self.y + self.h + 11.0,
                fmt(t),
                TICK,
                Anchor::Middle,
            ));
            out.push(text(self.x - 4.0, gy + 2.5, fmt(t), TICK, Anchor::End));
        }
        out.push(Shape::Rect {
            x: self.x,
            y: self.y,
            w: self.w,
            h: self.h,
            fill: None,
            stroke: Some(Stroke::solid(Color::GREY, 0.7)),
        });
        out.push(text(
            self.x + self.w / 2.0,
            self.y + self.h + 25.0,
            xt,
            LABEL,
            Anchor::Middle,
        ));
        out.push(Shape::Text {
            x: self.x - 30.0,
            y: self.y + self.h / 2.0,
            text: yt.into(),
            size: LABEL,
            anchor: Anchor::Middle,
            color: Color::BLACK,
            bold: false,
            vertical: true,
        });
    }

    fn line(&self, pts: impl IntoIterator<Item = (f64, f64)>, stroke: Stroke) -> Shape {
        Shape::Line {
            points: thin(pts.into_iter().map(|(x, y)| self.pt(x, y))),
            stroke,
        }
    }
}

/// Drops the points of a polyline that lie within a fifth of a point of the last one kept: a
/// ROC curve of 100 000 distinct scores draws the same but stays a few kilobytes in the PDF.
fn thin(points: impl Iterator<Item = (f32, f32)>) -> Vec<(f32, f32)> {
    const MIN: f32 = 0.2;
    let mut out: Vec<(f32, f32)> = Vec::new();
    let mut pending = None;
    for p in points {
        match out.last() {
            Some(&(x, y)) if (p.0 - x).hypot(p.1 - y) < MIN => pending = Some(p),
            _ => {
                out.push(p);
                pending = None;
            }
        }
    }
    out.extend(pending);
    out
}

/// A legend: one row per (sample shape, label), from (x, y) downwards.
fn legend(out: &mut Vec<Shape>, x: f32, y: f32, rows: &[(LegendMark, String)]) {
    for (i, (mark, label)) in rows.iter().enumerate() {
        let cy = y + i as f32 * 11.0;
        match mark {
            LegendMark::Line(s) => out.push(Shape::Line {
                points: vec![(x, cy - 2.5), (x + 16.0, cy - 2.5)],
                stroke: *s,
            }),
            LegendMark::Dot(c, filled) => out.push(Shape::Circle {
                cx: x + 8.0,
                cy: cy - 2.5,
                r: 3.0,
                fill: filled.then_some(*c),
                stroke: Some(Stroke::solid(*c, 1.0)),
            }),
            LegendMark::Square(c) => out.push(square(x + 8.0, cy - 2.5, *c)),
        }
        out.push(text(x + 20.0, cy, label.clone(), TICK, Anchor::Start));
    }
}

#[derive(Clone)]
enum LegendMark {
    Line(Stroke),
    Dot(Color, bool),
    /// A filled square: a flagged point.
    Square(Color),
}

/// A filled square marker centred on (cx, cy), the shape of a flagged point (a circle is one
/// that is not), so that a flag reads without colour too.
fn square(cx: f32, cy: f32, c: Color) -> Shape {
    const HALF: f32 = 3.4;
    Shape::Rect {
        x: cx - HALF,
        y: cy - HALF,
        w: 2.0 * HALF,
        h: 2.0 * HALF,
        fill: Some(c),
        stroke: None,
    }
}

/// The ticks of every axis from 0 to 1 (proportions, AUCs, calibration): fifths, which stay
/// readable at every size these figures take.
const UNIT_TICKS: [f64; 6] = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0];

/// Words a plot needs, in the report's language.
pub struct PlotWords<'a> {
    pub x: &'a str,
    pub y: &'a str,
    pub legend: Vec<String>,
    pub caption: String,
}

/// A point with a two-way interval: (x, [x_lo, x_hi], y, [y_lo, y_hi]).
pub type CrossPoint = (f64, [f64; 2], f64, [f64; 2]);

fn unit_axes(size: f32) -> Axes {
    Axes {
        x: 46.0,
        y: 10.0,
        w: size,
        h: size,
        xr: (0.0, 1.0),
        yr: (0.0, 1.0),
    }
}

/// A unit-square plot `size` points wide: its axes, with frame, grid, ticks and titles drawn.
fn unit_plot(size: f32, words: &PlotWords, fmt: &dyn Fn(f64) -> String) -> (Axes, Vec<Shape>) {
    let a = unit_axes(size);
    let mut s = Vec::new();
    a.draw(&mut s, &UNIT_TICKS, words.x, words.y, fmt);
    (a, s)
}

/// A unit-square plot as a figure of the text's width, room below for the x-axis title.
fn unit_figure(a: &Axes, shapes: Vec<Shape>, caption: String) -> Figure {
    Figure {
        width: 483.0,
        height: a.y + a.h + 32.0,
        caption,
        shapes,
    }
}

/// ROC curve (1 − specificity, sensitivity), chance diagonal, the operating point with its
/// sensitivity and specificity intervals as a cross, and an optional second point (Youden).
/// Legend words: [curve, operating point, other point, chance].
pub fn roc(
    curve: &[(f64, f64)],
    operating: CrossPoint,
    other: Option<(f64, f64)>,
    words: PlotWords,
    fmt: &dyn Fn(f64) -> String,
) -> Figure {
    let (a, mut s) = unit_plot(220.0, &words, fmt);
    let chance = Stroke::dashed(Color::GREY, 0.8);
    s.push(a.line([(0.0, 0.0), (1.0, 1.0)], chance));
    let main = Stroke::solid(Color::BLUE, 1.6);
    s.push(a.line(curve.iter().copied(), main));
    cross(&mut s, &a, operating, Color::VERMILLION);
    if let Some((x, y)) = other {
        let (cx, cy) = a.pt(x, y);
        s.push(Shape::Circle {
            cx,
            cy,
            r: 3.2,
            fill: None,
            stroke: Some(Stroke::solid(Color::GREEN, 1.2)),
        });
    }
    let mut rows = vec![
        (LegendMark::Line(main), words.legend[0].clone()),
        (
            LegendMark::Dot(Color::VERMILLION, true),
            words.legend[1].clone(),
        ),
    ];
    if other.is_some() {
        rows.push((
            LegendMark::Dot(Color::GREEN, false),
            words.legend[2].clone(),
        ));
    }
    rows.push((LegendMark::Line(chance), words.legend[3].clone()));
    legend(
        &mut s,
        a.x + a.w + 12.0,
        a.y + a.h - 11.0 * rows.len() as f32 + 4.0,
        &rows,
    );
    unit_figure(&a, s, words.caption)
}

/// A filled dot with horizontal and vertical interval whiskers.
fn cross(s: &mut Vec<Shape>, a: &Axes, (x, [xl, xh], y, [yl, yh]): CrossPoint, c: Color) {
    let st = Stroke::solid(c, 1.1);
    if xl.is_finite() && xh.is_finite() {
        s.push(a.line([(xl, y), (xh, y)], st));
    }
    if yl.is_finite() && yh.is_finite() {
        s.push(a.line([(x, yl), (x, yh)], st));
    }
    let (cx, cy) = a.pt(x, y);
    s.push(Shape::Circle {
        cx,
        cy,
        r: 3.2,
        fill: Some(c),
        stroke: Some(Stroke::solid(Color::WHITE, 0.6)),
    });
}

/// Precision against recall, with the prevalence as the no-skill line. Legend words: [curve,
/// no-skill].
pub fn precision_recall(
    curve: &[(f64, f64)],
    prevalence: f64,
    words: PlotWords,
    fmt: &dyn Fn(f64) -> String,
) -> Figure {
    let (a, mut s) = unit_plot(180.0, &words, fmt);
    let base = Stroke::dashed(Color::GREY, 0.8);
    s.push(a.line([(0.0, prevalence), (1.0, prevalence)], base));
    let main = Stroke::solid(Color::BLUE, 1.6);
    s.push(a.line(curve.iter().copied(), main));
    let rows = [
        (LegendMark::Line(main), words.legend[0].clone()),
        (LegendMark::Line(base), words.legend[1].clone()),
    ];
    legend(&mut s, a.x + a.w + 12.0, a.y + 12.0, &rows);
    unit_figure(&a, s, words.caption)
}

/// Reliability diagram: observed frequency against mean predicted probability per bin, each
/// bin with its interval; the diagonal is perfect calibration. Bins are (mean predicted,
/// observed, [lo, hi]). Legend words: [bins, perfect].
pub fn reliability(
    bins: &[(f64, f64, [f64; 2])],
    words: PlotWords,
    fmt: &dyn Fn(f64) -> String,
) -> Figure {
    let (a, mut s) = unit_plot(200.0, &words, fmt);
    let diag = Stroke::dashed(Color::GREY, 0.8);
    s.push(a.line([(0.0, 0.0), (1.0, 1.0)], diag));
    let st = Stroke::solid(Color::BLUE, 1.1);
    s.push(a.line(
        bins.iter().map(|b| (b.0, b.1)),
        Stroke::solid(Color::SKY, 0.8),
    ));
    for &(x, y, [lo, hi]) in bins {
        s.push(a.line([(x, lo), (x, hi)], st));
        let (cx, cy) = a.pt(x, y);
        s.push(Shape::Circle {
            cx,
            cy,
            r: 3.0,
            fill: Some(Color::BLUE),
            stroke: None,
        });
    }
    let rows = [
        (LegendMark::Dot(Color::BLUE, true), words.legend[0].clone()),
        (LegendMark::Line(diag), words.legend[1].clone()),
    ];
    legend(&mut s, a.x + a.w + 12.0, a.y + 12.0, &rows);
    unit_figure(&a, s, words.caption)
}

/// One row of a forest plot: label, estimate with interval, and whether the group has enough
/// data (an insufficient group is drawn grey and hollow, and says so in its label).
pub struct ForestRow {
    pub label: String,
    pub estimate: f64,
    pub ci: [f64; 2],
    pub sufficient: bool,
}

/// Side-by-side forest panels (e.g. sensitivity and specificity) sharing the group labels,
/// each with the whole cohort's estimate as a dashed line. `panels` is (title, overall, rows).
pub fn forest(
    panels: &[(String, f64, Vec<ForestRow>)],
    caption: String,
    fmt: &dyn Fn(f64) -> String,
) -> Figure {
    let label_w = 130.0;
    let n = panels.first().map_or(0, |p| p.2.len());
    let row_h = 15.0;
    let top = 18.0;
    let gap = 30.0;
    let panel_w = (483.0 - label_w - gap * panels.len() as f32) / panels.len().max(1) as f32;
    let h = n as f32 * row_h + 6.0;
    let mut s = Vec::new();
    if let Some((_, _, rows)) = panels.first() {
        for (i, r) in rows.iter().enumerate() {
            let y = top + 3.0 + (i as f32 + 0.5) * row_h + 3.0;
            s.push(Shape::Text {
                x: label_w - 6.0,
                y,
                text: r.label.clone(),
                size: TICK,
                anchor: Anchor::End,
                color: if r.sufficient {
                    Color::BLACK
                } else {
                    Color::GREY
                },
                bold: false,
                vertical: false,
            });
        }
    }
    for (p, (title, overall, rows)) in panels.iter().enumerate() {
        let a = Axes {
            x: label_w + gap * p as f32 + panel_w * p as f32,
            y: top,
            w: panel_w,
            h,
            xr: (0.0, 1.0),
            yr: (0.0, 1.0),
        };
        s.push(Shape::Text {
            x: a.x + a.w / 2.0,
            y: top - 6.0,
            text: title.clone(),
            size: LABEL,
            anchor: Anchor::Middle,
            color: Color::BLACK,
            bold: true,
            vertical: false,
        });
        for &t in &UNIT_TICKS {
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
        if overall.is_finite() {
            let ox = a.px(*overall);
            s.push(Shape::Line {
                points: vec![(ox, a.y), (ox, a.y + a.h)],
                stroke: Stroke::dashed(Color::GREY, 0.8),
            });
        }
        for (i, r) in rows.iter().enumerate() {
            let y = a.y + 3.0 + (i as f32 + 0.5) * row_h;
            let c = if r.sufficient {
                Color::BLUE
            } else {
                Color::GREY
            };
            if r.ci[0].is_finite() && r.ci[1].is_finite() {
                s.push(Shape::Line {
                    points: vec![(a.px(r.ci[0]), y), (a.px(r.ci[1]), y)],
                    stroke: Stroke::solid(c, 1.1),
                });
            }
            if r.estimate.is_finite() {
                s.push(Shape::Circle {
                    cx: a.px(r.estimate),
                    cy: y,
                    r: 3.0,
                    fill: r.sufficient.then_some(c),
                    stroke: Some(Stroke::solid(c, 1.0)),
                });
            }
        }
    }
    Figure {
        width: 483.0,
        height: top + h + 16.0,
        caption,
        shapes: s,
    }
}

/// How a point of a control chart is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartMark {
    /// Tested, not flagged: a filled blue circle.
    Tested,
    /// Significantly worse than the rest: a filled vermillion square.
    Flagged,
    /// Below the guardrails, not tested: a hollow grey circle.
    Insufficient,
}

/// One period of a control-chart panel: estimate with interval (NaN for an empty period, which
/// draws nothing) and how it is marked.
pub struct ChartPoint {
    pub estimate: f64,
    pub ci: [f64; 2],
    pub mark: ChartMark,
}

/// A control chart over time: one panel per metric (e.g. sensitivity above specificity), one
/// point per period with its interval bar, the whole cohort's value as a dashed centre line,
/// and the period labels under the bottom panel, thinned to every k-th when they would
/// overlap. `panels` is (title, centre, one point per period); `periods` are the x labels.
/// Legend words: [tested, flagged, insufficient, centre line].
/// The label of a control-chart slot that stands for a run of empty periods (drawn shaded).
pub const GAP: &str = "…";

pub fn control_chart(
    panels: &[(String, f64, Vec<ChartPoint>)],
    periods: &[String],
    legend_words: &[String],
    caption: String,
    fmt: &dyn Fn(f64) -> String,
) -> Figure {
    let (left, panel_h, title_h, gap) = (46.0, 96.0, 14.0, 10.0);
    let w = 483.0 - left - 6.0;
    let n = periods.len().max(1);
    let slot = w / n as f32;
    let mut s = Vec::new();
    let mut y = 0.0;
    let mut bottom = 0.0;
    for (title, centre, points) in panels {
        s.push(Shape::Text {
            x: left,
            y: y + title_h - 4.0,
            text: title.clone(),
            size: LABEL,
            anchor: Anchor::Start,
            color: Color::BLACK,
            bold: true,
            vertical: false,
        });
        let a = Axes {
            x: left,
            y: y + title_h,
            w,
            h: panel_h,
            xr: (0.0, n as f64),
            yr: (0.0, 1.0),
        };
        for &t in &UNIT_TICKS {
            let gy = a.py(t);
            s.push(Shape::Line {
                points: vec![(a.x, gy), (a.x + a.w, gy)],
                stroke: Stroke::solid(Color::LIGHT, 0.5),
            });
            s.push(text(a.x - 4.0, gy + 2.5, fmt(t), TICK, Anchor::End));
        }
        s.push(Shape::Rect {
            x: a.x,
            y: a.y,
            w: a.w,
            h: a.h,
            fill: None,
            stroke: Some(Stroke::solid(Color::GREY, 0.7)),
        });
        // A run of empty periods collapsed into one slot: a light band, so the break in time
        // shows.
        for (i, _) in periods.iter().enumerate().filter(|(_, p)| *p == GAP) {
            s.push(Shape::Rect {
                x: a.x + i as f32 * slot,
                y: a.y,
                w: slot,
                h: a.h,
                fill: Some(Color::LIGHT),
                stroke: None,
            });
        }
        if centre.is_finite() {
            s.push(a.line(
                [(0.0, *centre), (n as f64, *centre)],
                Stroke::dashed(Color::GREY, 0.8),
            ));
        }
        for (i, p) in points.iter().enumerate() {
            let x = i as f64 + 0.5;
            let c = match p.mark {
                ChartMark::Tested => Color::BLUE,
                ChartMark::Flagged => Color::VERMILLION,
                ChartMark::Insufficient => Color::GREY,
            };
            if p.ci[0].is_finite() && p.ci[1].is_finite() {
                let st = Stroke::solid(c, 1.1);
                s.push(a.line([(x, p.ci[0]), (x, p.ci[1])], st));
                // Short caps, narrower than a slot so that neighbours never touch.
                let cap = (slot * 0.2).min(3.0);
                for v in p.ci {
                    let (cx, cy) = a.pt(x, v);
                    s.push(Shape::Line {
                        points: vec![(cx - cap, cy), (cx + cap, cy)],
                        stroke: st,
                    });
                }
            }
            if !p.estimate.is_finite() {
                continue;
            }
            let (cx, cy) = a.pt(x, p.estimate);
            s.push(match p.mark {
                ChartMark::Flagged => square(cx, cy, c),
                ChartMark::Tested => Shape::Circle {
                    cx,
                    cy,
                    r: 3.0,
                    fill: Some(c),
                    stroke: Some(Stroke::solid(Color::WHITE, 0.6)),
                },
                ChartMark::Insufficient => Shape::Circle {
                    cx,
                    cy,
                    r: 3.0,
                    fill: Some(Color::WHITE),
                    stroke: Some(Stroke::solid(c, 1.0)),
                },
            });
        }
        bottom = a.y + a.h;
        y = bottom + gap;
    }
    // Period labels under the bottom panel, every k-th so that neighbours keep apart (a label
    // is about 0.6 em per character).
    let widest = periods.iter().map(|p| p.chars().count()).max().unwrap_or(0) as f32;
    let step = ((widest * TICK * 0.6 + 8.0) / slot).ceil().max(1.0) as usize;
    for (i, p) in periods.iter().enumerate() {
        let x = left + (i as f32 + 0.5) * slot;
        s.push(Shape::Line {
            points: vec![
                (x, bottom),
                (x, bottom + if i % step == 0 { 3.0 } else { 1.5 }),
            ],
            stroke: Stroke::solid(Color::GREY, 0.6),
        });
        if i % step == 0 {
            s.push(text(x, bottom + 11.0, p.clone(), TICK, Anchor::Middle));
        }
    }
    let rows = [
        (LegendMark::Dot(Color::BLUE, true), legend_words[0].clone()),
        (
            LegendMark::Square(Color::VERMILLION),
            legend_words[1].clone(),
        ),
        (LegendMark::Dot(Color::GREY, false), legend_words[2].clone()),
        (
            LegendMark::Line(Stroke::dashed(Color::GREY, 0.8)),
            legend_words[3].clone(),
        ),
    ];
    // The legend as one row under the period labels, so that the panels keep the full width.
    let ly = bottom + 28.0;
    let mut lx = left;
    for (mark, label) in &rows {
        legend(
            &mut s,
            lx,
            ly,
            std::slice::from_ref(&(mark.clone(), label.clone())),
        );
        lx += 20.0 + label.chars().count() as f32 * TICK * 0.55 + 16.0;
    }
    Figure {
        width: 483.0,
        height: ly + 6.0,
        caption,
        shapes: s,
    }
}

/// The STARD flow of cases: found → excluded (by reason) → analysed → index test positive /
/// negative → reference standard. Every box is a few short lines of text.
pub fn flow(
    found: Vec<String>,
    excluded: Vec<String>,
    analysed: Vec<String>,
    test_positive: Vec<String>,
    test_negative: Vec<String>,
    caption: String,
) -> Figure {
    let mut s = Vec::new();
    let line_h = 10.5;
    let boxed = |s: &mut Vec<Shape>, x: f32, y: f32, w: f32, lines: &[String]| -> f32 {
        let h = lines.len() as f32 * line_h + 8.0;
        s.push(Shape::Rect {
            x,
            y,
            w,
            h,
            fill: Some(Color(245, 245, 245)),
            stroke: Some(Stroke::solid(Color::GREY, 0.8)),
        });
        for (i, l) in lines.iter().enumerate() {
            s.push(Shape::Text {
                x: x + w / 2.0,
                y: y + 4.0 + (i as f32 + 1.0) * line_h - 2.5,
                text: l.clone(),
                size: TICK + 0.5,
                anchor: Anchor::Middle,
                color: Color::BLACK,
                bold: i == 0,
                vertical: false,
            });
        }
        h
    };
    let arrow = |s: &mut Vec<Shape>, (x0, y0): (f32, f32), (x1, y1): (f32, f32)| {
        let st = Stroke::solid(Color::GREY, 0.9);
        s.push(Shape::Line {
            points: vec![(x0, y0), (x1, y1)],
            stroke: st,
        });
        // Arrow head pointing along the last segment (vertical or horizontal only).
        let (dx, dy) = ((x1 - x0).signum(), (y1 - y0).signum());
        let (px, py) = (-dy, dx);
        s.push(Shape::Line {
            points: vec![
                (x1 - 5.0 * dx + 3.0 * px, y1 - 5.0 * dy + 3.0 * py),
                (x1, y1),
                (x1 - 5.0 * dx - 3.0 * px, y1 - 5.0 * dy - 3.0 * py),
            ],
            stroke: st,
        });
    };
    let (cx, w) = (190.0, 180.0);
    let x = cx - w / 2.0;
    let h1 = boxed(&mut s, x, 4.0, w, &found);
    let ex_w = 170.0;
    let ex_x = 483.0 - ex_w - 2.0;
    let ex_y = 4.0 + h1 + 10.0;
    let h_ex = boxed(&mut s, ex_x, ex_y, ex_w, &excluded);
    let mid_y = ex_y + h_ex / 2.0;
    let y2 = ex_y + h_ex + 10.0;
    s.push(Shape::Line {
        points: vec![(cx, 4.0 + h1), (cx, y2)],
        stroke: Stroke::solid(Color::GREY, 0.9),
    });
    arrow(&mut s, (cx, y2 - 6.0), (cx, y2));
    arrow(&mut s, (cx, mid_y), (ex_x, mid_y));
    let h2 = boxed(&mut s, x, y2, w, &analysed);
    let y3 = y2 + h2 + 22.0;
    let bw = 170.0;
    let (lx, rx) = (cx - bw - 8.0, cx + 8.0);
    let fork_y = y2 + h2 + 10.0;
    s.push(Shape::Line {
        points: vec![(cx, y2 + h2), (cx, fork_y)],
        stroke: Stroke::solid(Color::GREY, 0.9),
    });
    s.push(Shape::Line {
        points: vec![(lx + bw / 2.0, fork_y), (rx + bw / 2.0, fork_y)],
        stroke: Stroke::solid(Color::GREY, 0.9),
    });
    arrow(&mut s, (lx + bw / 2.0, fork_y), (lx + bw / 2.0, y3));
    arrow(&mut s, (rx + bw / 2.0, fork_y), (rx + bw / 2.0, y3));
    let h3 = boxed(&mut s, lx, y3, bw, &test_positive);
    let h4 = boxed(&mut s, rx, y3, bw, &test_negative);
    Figure {
        width: 483.0,
        height: y3 + h3.max(h4) + 4.0,
        caption,
        shapes: s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plot frames: the grey outline every plot area has.
    fn frames(f: &Figure) -> Vec<(f32, f32, f32, f32)> {
        f.shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Rect {
                    x,
                    y,
                    w,
                    h,
                    fill: None,
                    stroke: Some(st),
                } if st.color == Color::GREY => Some((*x, *y, *w, *h)),
                _ => None,
            })
            .collect()
    }

    fn words(legend: usize) -> PlotWords<'static> {
        PlotWords {
            x: "x title",
            y: "y title",
            legend: (0..legend).map(|i| format!("key {i}")).collect(),
            caption: String::new(),
        }
    }

    /// As the bokmål report writes a tick.
    fn nb(x: f64) -> String {
        format!("{x:.1}").replace('.', ",")
    }

    /// Every plot on [0, 1] labels 0, 0,2, …, 1 (the issue saw axes with only 0 and 1), and
    /// draws no word inside a plot area: legends, titles and labels stay off the data.
    #[test]
    fn every_plot_labels_fifths_and_keeps_its_words_off_the_data() {
        let curve = [(0.0, 0.0), (0.1, 0.7), (0.5, 0.95), (1.0, 1.0)];
        let row = |label: &str, sufficient| ForestRow {
            label: label.into(),
            estimate: 0.8,
            ci: [0.7, 0.9],
            sufficient,
        };
        let point = |mark| ChartPoint {
            estimate: 0.8,
            ci: [0.7, 0.9],
            mark,
        };
        let figures = [
            roc(
                &curve,
                (0.2, [0.1, 0.3], 0.8, [0.7, 0.9]),
                Some((0.3, 0.9)),
                words(4),
                &nb,
            ),
            precision_recall(&curve, 0.3, words(2), &nb),
            reliability(
                &[(0.2, 0.25, [0.1, 0.4]), (0.8, 0.7, [0.6, 0.8])],
                words(2),
                &nb,
            ),
            forest(
                &[
                    ("Se".into(), 0.8, vec![row("a", true), row("b", false)]),
                    ("Sp".into(), 0.9, vec![row("a", true), row("b", false)]),
                ],
                String::new(),
                &nb,
            ),
            control_chart(
                &[(
                    "Se".into(),
                    0.8,
                    vec![
                        point(ChartMark::Tested),
                        point(ChartMark::Flagged),
                        point(ChartMark::Insufficient),
                    ],
                )],
                &["2024-01".into(), GAP.into(), "2024-06".into()],
                &(0..4).map(|i| format!("key {i}")).collect::<Vec<_>>(),
                String::new(),
                &nb,
            ),
            froc(
                &[(0.0, 0.0), (0.5, 0.6), (2.0, 0.9)],
                &[(1.0, 0.7, [0.5, 0.85])],
                words(2),
                &nb,
            ),
        ];
        for (i, f) in figures.iter().enumerate() {
            let texts: Vec<&str> = f.texts().collect();
            for t in ["0,0", "0,2", "0,4", "0,6", "0,8", "1,0"] {
                assert!(
                    texts.contains(&t),
                    "figure {i} lacks the tick {t}: {texts:?}"
                );
            }
            let frames = frames(f);
            assert!(!frames.is_empty(), "figure {i} has a plot area");
            for shape in &f.shapes {
                let Shape::Text { x, y, text, .. } = shape else {
                    continue;
                };
                for &(fx, fy, fw, fh) in &frames {
                    let inside =
                        *x > fx + 0.5 && *x < fx + fw - 0.5 && *y > fy + 0.5 && *y < fy + fh - 0.5;
                    assert!(
                        !inside,
                        "figure {i}: {text:?} at ({x}, {y}) is drawn over the data"
                    );
                }
            }
            let keys = texts.iter().filter(|t| t.starts_with("key ")).count();
            assert!(i == 3 || keys >= 2, "figure {i} has its legend: {texts:?}");
        }
    }

    #[test]
    fn thinning_keeps_the_ends_and_the_shape_of_a_staircase() {
        // 100 001 steps up a unit-square ROC curve 220 points wide: at most a few thousand kept.
        let n = 100_000;
        let curve: Vec<(f64, f64)> = (0..=n)
            .map(|i| {
                let t = i as f64 / n as f64;
                (t, t.sqrt())
            })
            .collect();
        let fig = roc(
            &curve,
            (0.2, [0.1, 0.3], 0.8, [0.7, 0.9]),
            None,
            PlotWords {
                x: "x",
                y: "y",
                legend: vec!["a".into(), "b".into(), "c".into(), "d".into()],
                caption: String::new(),
            },
            &|x| format!("{x:.1}"),
        );
        let longest = fig
            .shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Line { points, .. } => Some(points.clone()),
                _ => None,
            })
            .max_by_key(Vec::len)
            .unwrap();
        assert!(longest.len() < 3000, "{} points", longest.len());
        let a = unit_axes(220.0);
        assert_eq!(longest[0], a.pt(0.0, 0.0));
        assert_eq!(*longest.last().unwrap(), a.pt(1.0, 1.0));
        // No kept point is further than the tolerance from where the curve really is.
        for &(x, y) in &longest {
            let t = ((x - a.x) / a.w) as f64;
            let want = a.py(t.max(0.0).sqrt());
            assert!((want - y).abs() < 1.0, "({x}, {y}) vs {want}");
        }
    }
}
