//! The FROC plot of a detection product: lesion sensitivity against false-positive marks per
//! unit on a log2 axis from 1/8 to 8 (the LUNA16 range), with the bootstrap interval at each
//! reported rate as an error bar.

use super::{
    Anchor, Axes, Color, Figure, LegendMark, PlotWords, Shape, Stroke, UNIT_TICKS, legend, text,
};

/// log2 of the axis ends: 1/8 and 8 false positives per unit.
const X_RANGE: (f64, f64) = (-3.0, 3.0);

/// Sensitivity at `fp` read off the curve as `np.interp` does on points in ascending FP
/// order (at a run of equal FP values the last point; beyond the ends the end values).
fn interp(points: &[(f64, f64)], fp: f64) -> f64 {
    let Some(&(x0, y0)) = points.first() else {
        return f64::NAN;
    };
    if fp < x0 {
        return y0;
    }
    for w in points.windows(2) {
        let ((xa, ya), (xb, yb)) = (w[0], w[1]);
        if fp < xb {
            return if xb > xa {
                ya + (yb - ya) * (fp - xa) / (xb - xa)
            } else {
                yb
            };
        }
    }
    points.last().map_or(f64::NAN, |p| p.1)
}

/// One reported rate: (FP per unit, sensitivity, [low, high]).
pub type RatePoint = (f64, f64, [f64; 2]);

/// The FROC curve (`curve`: (FP per unit, sensitivity) in ascending FP order) between 1/8 and
/// 8 FP per unit, and each reported rate's estimate with its interval. Legend words: [curve,
/// sensitivity at a rate with its interval].
pub fn froc(
    curve: &[(f64, f64)],
    rates: &[RatePoint],
    words: PlotWords,
    fmt: &dyn Fn(f64) -> String,
) -> Figure {
    let a = Axes {
        x: 46.0,
        y: 10.0,
        w: 260.0,
        h: 200.0,
        xr: X_RANGE,
        yr: (0.0, 1.0),
    };
    let mut s = Vec::new();
    let grid = Stroke::solid(Color::LIGHT, 0.5);
    for k in -3..=3 {
        let gx = a.px(f64::from(k));
        s.push(Shape::Line {
            points: vec![(gx, a.y), (gx, a.y + a.h)],
            stroke: grid,
        });
        let label = if k < 0 {
            format!("1/{}", 1 << -k)
        } else {
            format!("{}", 1 << k)
        };
        s.push(text(gx, a.y + a.h + 11.0, label, 7.5, Anchor::Middle));
    }
    for t in UNIT_TICKS {
        let gy = a.py(t);
        s.push(Shape::Line {
            points: vec![(a.x, gy), (a.x + a.w, gy)],
            stroke: grid,
        });
        s.push(text(a.x - 4.0, gy + 2.5, fmt(t), 7.5, Anchor::End));
    }
    s.push(Shape::Rect {
        x: a.x,
        y: a.y,
        w: a.w,
        h: a.h,
        fill: None,
        stroke: Some(Stroke::solid(Color::GREY, 0.7)),
    });
    s.push(text(
        a.x + a.w / 2.0,
        a.y + a.h + 25.0,
        words.x,
        8.5,
        Anchor::Middle,
    ));
    s.push(Shape::Text {
        x: a.x - 30.0,
        y: a.y + a.h / 2.0,
        text: words.y.into(),
        size: 8.5,
        anchor: Anchor::Middle,
        color: Color::BLACK,
        bold: false,
        vertical: true,
    });
    let (lo, hi) = (X_RANGE.0.exp2(), X_RANGE.1.exp2());
    let mut pts: Vec<(f64, f64)> = vec![(lo, interp(curve, lo))];
    pts.extend(curve.iter().copied().filter(|&(x, _)| x > lo && x < hi));
    pts.push((hi, interp(curve, hi)));
    let main = Stroke::solid(Color::BLUE, 1.6);
    if pts.iter().all(|p| p.1.is_finite()) {
        s.push(a.line(pts.iter().map(|&(x, y)| (x.log2(), y)), main));
    }
    let bar = Stroke::solid(Color::VERMILLION, 1.1);
    for &(rate, est, [l, h]) in rates {
        if !(rate > 0.0 && est.is_finite()) {
            continue;
        }
        let x = rate.log2().clamp(X_RANGE.0, X_RANGE.1);
        if l.is_finite() && h.is_finite() {
            s.push(a.line([(x, l), (x, h)], bar));
            for y in [l, h] {
                let (cx, cy) = a.pt(x, y);
                s.push(Shape::Line {
                    points: vec![(cx - 3.0, cy), (cx + 3.0, cy)],
                    stroke: bar,
                });
            }
        }
        let (cx, cy) = a.pt(x, est);
        s.push(Shape::Circle {
            cx,
            cy,
            r: 3.0,
            fill: Some(Color::VERMILLION),
            stroke: Some(Stroke::solid(Color::WHITE, 0.6)),
        });
    }
    let rows = vec![
        (LegendMark::Line(main), words.legend[0].clone()),
        (
            LegendMark::Dot(Color::VERMILLION, true),
            words.legend[1].clone(),
        ),
    ];
    legend(&mut s, a.x + a.w + 12.0, a.y + a.h - 18.0, &rows);
    Figure {
        width: 483.0,
        height: a.y + a.h + 32.0,
        caption: words.caption,
        shapes: s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// np.interp([0.1, 0.5, 1, 3, 9], [0, 0.25, 1, 1, 4], [0, 0.5, 0.6, 0.8, 0.9]) =
    /// [0.2, 0.56, 0.8, 0.8667, 0.9] (numpy 1.26, by hand: the run of FP 1 takes the last).
    #[test]
    fn the_curve_is_read_as_numpy_interp() {
        let c = [(0.0, 0.0), (0.25, 0.5), (1.0, 0.6), (1.0, 0.8), (4.0, 0.9)];
        let got: Vec<f64> = [0.1, 0.5, 1.0, 3.0, 9.0]
            .iter()
            .map(|&x| interp(&c, x))
            .collect();
        let want = [0.2, 0.5 + 0.1 / 3.0, 0.8, 0.8 + 0.1 * 2.0 / 3.0, 0.9];
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-12, "{got:?}");
        }
    }

    #[test]
    fn the_plot_has_the_log2_ticks_and_one_bar_per_rate() {
        let f = froc(
            &[(0.0, 0.0), (0.5, 0.6), (2.0, 0.9)],
            &[(0.125, 0.15, [0.05, 0.3]), (1.0, 0.7, [0.5, 0.85])],
            PlotWords {
                x: "FP per unit",
                y: "sensitivity",
                legend: vec!["FROC".into(), "at a rate".into()],
                caption: "c".into(),
            },
            &|x| format!("{x:.1}").replace('.', ","),
        );
        let texts: Vec<&str> = f.texts().collect();
        for t in [
            "1/8", "1/4", "1/2", "1", "2", "4", "8", "0,0", "0,2", "0,4", "0,6", "0,8", "1,0",
        ] {
            assert!(texts.contains(&t), "{texts:?}");
        }
        let dots = f
            .shapes
            .iter()
            .filter(|s| {
                matches!(s, Shape::Circle { fill: Some(Color::VERMILLION), stroke: Some(st), .. } if st.color == Color::WHITE)
            })
            .count();
        assert_eq!(dots, 2, "one dot per rate (the legend's has no white ring)");
    }
}
