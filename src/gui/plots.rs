//! The evidence as pictures: ROC curve with the operating point and its interval, score
//! distributions with the thresholds, reliability diagram with bin intervals, and the subgroup
//! forest plot. Colours are Okabe–Ito (distinguishable with the common colour-vision
//! deficiencies) and every series also differs by marker or line style, never by colour alone.

mod legend;
mod ticks;

use eframe::egui::{self, Color32};
use egui_plot::{
    Bar, BarChart, HoverPosition, Line, LineStyle, MarkerShape, Plot, PlotPoints, Points, VLine,
};
use provestein::evaluation::BinaryEvaluation;
use provestein::metrics::confusion::Confusion;

use super::i18n::{Lang, Numbers, t, tr};
use legend::Key;
use ticks::{
    X_LABEL_PX, Y_LABEL_PX, category_axis, category_marks, nice_marks, numeric_axis, tick,
};

pub const BLUE: Color32 = Color32::from_rgb(0, 114, 178);
pub const ORANGE: Color32 = Color32::from_rgb(230, 159, 0);
pub const VERMILLION: Color32 = Color32::from_rgb(213, 94, 0);
pub const GREY: Color32 = Color32::from_rgb(150, 150, 150);

/// A line drawn point to point. egui_plot otherwise merges points that share an x into a
/// filled band, which turns a ROC curve's vertical steps into a blue smear.
fn line<'a>(name: impl Into<String>, points: impl Into<PlotPoints<'a>>) -> Line<'a> {
    Line::new(name, points).allow_band(false)
}

/// A plot whose axes are labelled at nice steps (`ticks`), and whose ticks and hover text
/// are written by `Numbers` (0,5 in bokmål), as the tables and the report write them. No
/// legend inside: each plot writes its keys under itself (`legend::row`).
fn plot<'a>(id: &str, lang: Lang) -> Plot<'a> {
    Plot::new(id)
        .custom_x_axes(vec![numeric_axis(true, X_LABEL_PX)])
        .custom_y_axes(vec![numeric_axis(false, Y_LABEL_PX)])
        .grid_spacing(ticks::grid_spacing())
        .x_grid_spacer(nice_marks(X_LABEL_PX))
        .y_grid_spacer(nice_marks(Y_LABEL_PX))
        .x_axis_formatter(move |mark, _| tick(lang, mark))
        .y_axis_formatter(move |mark, _| tick(lang, mark))
        .label_formatter(move |pos| Some(hover(lang, pos)))
}

/// The hover text: the series' name and the point's coordinates, three decimals.
fn hover(lang: Lang, pos: &HoverPosition<'_>) -> String {
    let n = Numbers(lang);
    match pos {
        HoverPosition::NearDataPoint {
            plot_name,
            position,
            ..
        } => format!(
            "{plot_name}\nx = {}\ny = {}",
            n.p3(position.x),
            n.p3(position.y)
        ),
        HoverPosition::Elsewhere { position } => {
            format!("x = {}\ny = {}", n.p3(position.x), n.p3(position.y))
        }
    }
}

/// A square plot of [0, 1] × [0, 1] (ROC and reliability), ticked alike on both axes.
fn unit_square<'a>(id: &str, lang: Lang, size: f32, x: &str, y: &str) -> Plot<'a> {
    plot(id, lang)
        .custom_y_axes(vec![numeric_axis(false, X_LABEL_PX)])
        .y_grid_spacer(nice_marks(X_LABEL_PX))
        .y_axis_formatter(move |mark, _| tick(lang, mark))
        .width(size)
        .height(size)
        .data_aspect(1.0)
        .include_x(0.0)
        .include_x(1.0)
        .include_y(0.0)
        .include_y(1.0)
        .x_axis_label(x.to_string())
        .y_axis_label(y.to_string())
        .allow_scroll(false)
}

/// The dashed y = x line: chance for a ROC curve, perfect calibration for a reliability plot.
/// A confidence interval drawn as a bar from `from` to `to` in the plot's ink.
fn interval<'a>(name: impl Into<String>, from: [f64; 2], to: [f64; 2], ink: Color32) -> Line<'a> {
    line(name, PlotPoints::from(vec![from, to]))
        .color(ink)
        .width(1.5)
}

fn diagonal<'a>(name: &str) -> Line<'a> {
    line(name, PlotPoints::from(vec![[0.0, 0.0], [1.0, 1.0]]))
        .color(GREY)
        .style(LineStyle::dashed_dense())
}

fn ink(ui: &egui::Ui) -> Color32 {
    ui.visuals().strong_text_color()
}

/// ROC curve; the plan's operating point with its sensitivity and specificity intervals as a
/// cross, and the explored threshold as a diamond. Returns the plot area.
pub fn roc(
    ui: &mut egui::Ui,
    lang: Lang,
    b: &BinaryEvaluation,
    explored: Option<&Confusion>,
    size: f32,
) -> egui::Rect {
    let o = &b.overall;
    let curve: Vec<[f64; 2]> = o
        .roc
        .iter()
        .map(|p| [1.0 - p.specificity, p.sensitivity])
        .collect();
    let m = &o.metrics;
    let (se, sp) = (&m.sensitivity, &m.specificity);
    let x = 1.0 - sp.estimate;
    let ink = ink(ui);
    let curve_name = tr!(lang, "roc-legend", auc = Numbers(lang).p3(m.auc.estimate));
    let op = tr!(
        lang,
        "operating-point",
        threshold = Numbers(lang).plain(o.threshold)
    );
    let mut keys = vec![
        (Key::Dashed(GREY), t::CHANCE.get(lang).to_string()),
        (Key::Line(BLUE), curve_name.clone()),
        (Key::Marker(ink, MarkerShape::Circle, true), op.clone()),
    ];
    if explored.is_some() {
        keys.push((
            Key::Marker(VERMILLION, MarkerShape::Diamond, true),
            t::EXPLORED_POINT.get(lang).to_string(),
        ));
    }
    let shown = ui.vertical(|ui| {
        let shown = unit_square(
            "roc",
            lang,
            size,
            t::AXIS_FPR.get(lang),
            t::AXIS_TPR.get(lang),
        )
        .show(ui, |p| {
            p.line(diagonal(t::CHANCE.get(lang)));
            p.line(
                line(curve_name, PlotPoints::from(curve))
                    .color(BLUE)
                    .width(2.0),
            );
            p.line(interval(
                op.clone(),
                [x, se.wilson[0]],
                [x, se.wilson[1]],
                ink,
            ));
            p.line(interval(
                op.clone(),
                [1.0 - sp.wilson[1], se.estimate],
                [1.0 - sp.wilson[0], se.estimate],
                ink,
            ));
            p.points(
                Points::new(op, PlotPoints::from(vec![[x, se.estimate]]))
                    .shape(MarkerShape::Circle)
                    .radius(5.0)
                    .filled(true)
                    .color(ink),
            );
            let Some(explored) = explored else {
                return;
            };
            let (es, ep) = (explored.sensitivity(), explored.specificity());
            p.points(
                Points::new(
                    t::EXPLORED_POINT.get(lang),
                    PlotPoints::from(vec![[1.0 - ep.estimate(), es.estimate()]]),
                )
                .shape(MarkerShape::Diamond)
                .radius(6.0)
                .filled(true)
                .color(VERMILLION),
            );
        });
        legend::row(ui, size, &keys);
        shown.response.rect
    });
    shown.inner
}

/// Score distributions of positives and negatives, with the plan's threshold (solid) and the
/// explored one (dashed). Returns the plot area (None without cases).
pub fn scores(
    ui: &mut egui::Ui,
    lang: Lang,
    b: &BinaryEvaluation,
    explored: f64,
    w: f32,
    h: f32,
) -> Option<egui::Rect> {
    let (lo, hi) = b
        .cases
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), c| {
            (a.min(c.score), b.max(c.score))
        });
    if !lo.is_finite() {
        return None;
    }
    let bins = 25;
    let width = ((hi - lo) / bins as f64).max(1e-9);
    let mut pos = vec![0u32; bins];
    let mut neg = vec![0u32; bins];
    for c in &b.cases {
        let i = (((c.score - lo) / width) as usize).min(bins - 1);
        if c.label { pos[i] += 1 } else { neg[i] += 1 }
    }
    let bars = |counts: &[u32], shift: f64| -> Vec<Bar> {
        counts
            .iter()
            .enumerate()
            .map(|(i, &n)| {
                Bar::new(lo + (i as f64 + 0.25 + shift) * width, n as f64).width(width * 0.45)
            })
            .collect()
    };
    let ink = ink(ui);
    let plan_threshold = tr!(
        lang,
        "plan-threshold",
        threshold = Numbers(lang).plain(b.overall.threshold)
    );
    let keys = [
        (Key::Bar(BLUE), t::NEGATIVES.get(lang).to_string()),
        (Key::Bar(ORANGE), t::POSITIVES.get(lang).to_string()),
        (Key::Line(ink), plan_threshold.clone()),
        (
            Key::Dashed(VERMILLION),
            t::EXPLORED_THRESHOLD.get(lang).to_string(),
        ),
    ];
    let shown = ui.vertical(|ui| {
        let shown = plot("scores", lang)
            .width(w)
            .height(h)
            .x_axis_label(t::AXIS_SCORE.get(lang))
            .y_axis_label(t::AXIS_CASES.get(lang))
            .include_y(0.0)
            .allow_scroll(false)
            .show(ui, |p| {
                p.bar_chart(BarChart::new(t::NEGATIVES.get(lang), bars(&neg, 0.0)).color(BLUE));
                p.bar_chart(BarChart::new(t::POSITIVES.get(lang), bars(&pos, 0.5)).color(ORANGE));
                p.vline(
                    VLine::new(plan_threshold, b.overall.threshold)
                        .color(ink)
                        .width(2.0),
                );
                p.vline(
                    VLine::new(t::EXPLORED_THRESHOLD.get(lang), explored)
                        .color(VERMILLION)
                        .style(LineStyle::dashed_loose())
                        .width(2.0),
                );
            });
        legend::row(ui, w, &keys);
        shown.response.rect
    });
    Some(shown.inner)
}

/// Reliability diagram: observed fraction positive per bin with its exact interval, against
/// the mean predicted probability; the diagonal is perfect calibration.
pub fn reliability(ui: &mut egui::Ui, lang: Lang, b: &BinaryEvaluation, size: f32) {
    let Some(cal) = b.overall.calibration.as_ref() else {
        ui.label(t::NO_CALIBRATION.get(lang));
        return;
    };
    let ink = ink(ui);
    let keys = [
        (Key::Dashed(GREY), t::PERFECT.get(lang).to_string()),
        (
            Key::Marker(BLUE, MarkerShape::Square, true),
            t::BINS.get(lang).to_string(),
        ),
    ];
    ui.vertical(|ui| {
        unit_square(
            "reliability",
            lang,
            size,
            t::AXIS_PREDICTED.get(lang),
            t::AXIS_OBSERVED.get(lang),
        )
        .show(ui, |p| {
            p.line(diagonal(t::PERFECT.get(lang)));
            let name = t::BINS.get(lang);
            for b in cal.bins.iter().filter(|b| b.n > 0) {
                p.line(interval(
                    name,
                    [b.mean_predicted, b.ci[0]],
                    [b.mean_predicted, b.ci[1]],
                    ink,
                ));
            }
            p.points(
                Points::new(
                    name,
                    PlotPoints::from(
                        cal.bins
                            .iter()
                            .filter(|b| b.n > 0)
                            .map(|b| [b.mean_predicted, b.observed])
                            .collect::<Vec<_>>(),
                    ),
                )
                .shape(MarkerShape::Square)
                .radius(4.0)
                .filled(true)
                .color(BLUE),
            );
        });
        legend::row(ui, size, &keys);
    });
}

/// One row of the forest plot.
pub struct ForestRow {
    pub name: String,
    pub estimate: f64,
    pub ci: [f64; 2],
    /// Enough data to be tested; insufficient groups are drawn grey and hollow.
    pub ok: bool,
    pub n: u64,
}

/// Forest plot: each group's (or finding's) estimate and interval, the whole cohort's (or the
/// macro average) as a dashed line named `overall_name`; the axis starts at `floor` or lower
/// (0 for proportions, 0.5 — chance — for AUCs), and at 1 or higher.
#[allow(clippy::too_many_arguments)]
pub fn forest(
    ui: &mut egui::Ui,
    lang: Lang,
    id: &str,
    rows: &[ForestRow],
    overall: f64,
    overall_name: &str,
    axis: &str,
    floor: f64,
    w: f32,
) {
    if rows.is_empty() {
        ui.label(t::NO_SUBGROUPS.get(lang));
        return;
    }
    let n = rows.len();
    let names: Vec<String> = rows
        .iter()
        .map(|r| format!("{} (n={})", r.name, r.n))
        .collect();
    let y = |i: usize| (n - i) as f64;
    let ink = ink(ui);
    plot(id, lang)
        .width(w)
        .height((n as f32 * 26.0 + 70.0).clamp(140.0, 560.0))
        .include_x(floor)
        .include_x(1.0)
        .include_y(0.4)
        .include_y(n as f64 + 0.6)
        .x_axis_label(axis)
        .custom_y_axes(vec![category_axis(false)])
        .y_grid_spacer(category_marks)
        .y_axis_min_width(150.0)
        .show_grid([true, false])
        .y_axis_formatter(move |mark, _| {
            let v = mark.value;
            if (v - v.round()).abs() > 1e-6 || v < 1.0 || v > n as f64 {
                return String::new();
            }
            names[n - v.round() as usize].clone()
        })
        .allow_scroll(false)
        .allow_zoom(false)
        .show(ui, |p| {
            p.vline(
                VLine::new(overall_name, overall)
                    .color(GREY)
                    .style(LineStyle::dashed_dense()),
            );
            for (i, r) in rows.iter().enumerate() {
                if !r.estimate.is_finite() {
                    continue;
                }
                let colour = if r.ok { ink } else { GREY };
                let name = if r.ok {
                    t::TESTED_GROUP.get(lang)
                } else {
                    t::INSUFFICIENT_GROUP.get(lang)
                };
                if r.ci.iter().all(|c| c.is_finite()) {
                    p.line(
                        line(
                            name,
                            PlotPoints::from(vec![[r.ci[0], y(i)], [r.ci[1], y(i)]]),
                        )
                        .color(colour)
                        .width(if r.ok { 2.0 } else { 1.0 }),
                    );
                }
                p.points(
                    Points::new(name, PlotPoints::from(vec![[r.estimate, y(i)]]))
                        .shape(if r.ok {
                            MarkerShape::Square
                        } else {
                            MarkerShape::Circle
                        })
                        .filled(r.ok)
                        .radius(5.0)
                        .color(if r.ok { BLUE } else { GREY }),
                );
            }
        });
}

/// One period of the drift chart.
pub struct PeriodPoint {
    pub label: String,
    pub estimate: f64,
    pub ci: [f64; 2],
    /// Enough data to be tested; insufficient periods are grey and hollow.
    pub ok: bool,
    /// Significantly worse than the rest of the cohort (Holm): vermillion diamond.
    pub worse: bool,
}

/// A control chart over time: each period's estimate with its interval, the whole cohort as a
/// dashed centre line; a period significantly worse than the rest is a vermillion diamond, an
/// insufficient one a grey hollow circle, the others blue squares.
pub fn drift(
    ui: &mut egui::Ui,
    lang: Lang,
    id: &str,
    points: &[PeriodPoint],
    overall: f64,
    axis: &str,
    w: f32,
) {
    if points.is_empty() {
        return;
    }
    // A run of empty periods ("2019-03 – 2023-10") is one slot, labelled "…".
    let labels: Vec<String> = points
        .iter()
        .map(|p| {
            if p.label.contains(" – ") {
                "…".into()
            } else {
                p.label.clone()
            }
        })
        .collect();
    let n = labels.len();
    let ink = ink(ui);
    plot(id, lang)
        .width(w)
        .height(220.0)
        .include_x(-0.5)
        .include_x(n as f64 - 0.5)
        .include_y(0.0)
        .include_y(1.0)
        .y_axis_label(axis)
        .custom_x_axes(vec![category_axis(true)])
        .x_grid_spacer(category_marks)
        .x_axis_formatter(move |mark, _| {
            let v = mark.value;
            if (v - v.round()).abs() > 1e-6 || v < 0.0 || v >= n as f64 {
                return String::new();
            }
            labels[v.round() as usize].clone()
        })
        .show_grid([false, true])
        .allow_scroll(false)
        .allow_zoom(false)
        .show(ui, |p| {
            if overall.is_finite() {
                p.hline(
                    egui_plot::HLine::new(t::WHOLE_COHORT.get(lang), overall)
                        .color(GREY)
                        .style(LineStyle::dashed_dense()),
                );
            }
            for (i, q) in points.iter().enumerate() {
                let x = i as f64;
                if !q.estimate.is_finite() {
                    continue;
                }
                let (name, colour, shape) = if q.worse {
                    (t::PERIOD_WORSE.get(lang), VERMILLION, MarkerShape::Diamond)
                } else if q.ok {
                    (t::TESTED_GROUP.get(lang), BLUE, MarkerShape::Square)
                } else {
                    (t::INSUFFICIENT_GROUP.get(lang), GREY, MarkerShape::Circle)
                };
                if q.ci.iter().all(|c| c.is_finite()) {
                    p.line(
                        line(name, PlotPoints::from(vec![[x, q.ci[0]], [x, q.ci[1]]]))
                            .color(if q.ok { ink } else { GREY })
                            .width(if q.ok { 1.5 } else { 1.0 }),
                    );
                }
                p.points(
                    Points::new(name, PlotPoints::from(vec![[x, q.estimate]]))
                        .shape(shape)
                        .filled(q.ok)
                        .radius(5.0)
                        .color(colour),
                );
            }
        });
}

/// One figure's per-case values of every structure as a strip: structure k at x = k, each case
/// a point spread sideways by a fixed jitter (so the same run draws the same picture), the mean
/// as a bar across. Cases without a value (left out) are not points; the table counts them.
pub fn segmentation_strip(
    ui: &mut egui::Ui,
    lang: Lang,
    id: &str,
    axis: &str,
    structures: &[(&str, Vec<f64>)],
    w: f32,
    h: f32,
) {
    let ink = ink(ui);
    let names: Vec<String> = structures.iter().map(|(n, _)| n.to_string()).collect();
    let n_structures = names.len();
    plot(id, lang)
        .width(w)
        .height(h)
        .y_axis_label(axis.to_string())
        .custom_x_axes(vec![category_axis(true)])
        .x_grid_spacer(category_marks)
        .x_axis_formatter(move |mark, _| {
            let k = mark.value.round();
            if (mark.value - k).abs() < 1e-6 && k >= 0.0 {
                names.get(k as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .include_x(-0.5)
        .include_x(n_structures as f64 - 0.5)
        .include_y(0.0)
        .allow_scroll(false)
        .allow_drag(false)
        .show(ui, |p| {
            for (k, (name, values)) in structures.iter().enumerate() {
                let points: Vec<[f64; 2]> = values
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| v.is_finite())
                    .map(|(i, v)| {
                        // Golden-ratio spread in [-0.25, 0.25]: even, and the same every frame.
                        let jitter = ((i as f64 * 0.618_033_988_75).fract() - 0.5) * 0.5;
                        [k as f64 + jitter, *v]
                    })
                    .collect();
                let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
                p.points(
                    Points::new(name.to_string(), points)
                        .radius(2.5)
                        .shape(MarkerShape::Circle)
                        .color(BLUE),
                );
                if !finite.is_empty() {
                    let mean = finite.iter().sum::<f64>() / finite.len() as f64;
                    p.line(
                        line(
                            format!("{name}: {}", t::SEG_MEAN.get(lang)),
                            PlotPoints::from(vec![
                                [k as f64 - 0.35, mean],
                                [k as f64 + 0.35, mean],
                            ]),
                        )
                        .color(ink)
                        .width(2.0),
                    );
                }
            }
        });
}

/// An FP rate as the FROC axis and tables write it: "1/8", "1/4", "1/2", "1", "2", …
pub fn fp_rate_text(lang: Lang, rate: f64) -> String {
    let inverse = 1.0 / rate;
    if rate > 0.0 && rate < 1.0 && (inverse - inverse.round()).abs() < 1e-9 {
        format!("1/{}", inverse.round())
    } else {
        Numbers(lang).plain(rate)
    }
}

/// The FROC curve: lesion sensitivity against false-positive marks per unit on a log₂ axis
/// from 1/8 to 8 (as LUNA16 draws it), the sensitivity at each of the plan's FP rates with its
/// bootstrap interval as an error bar, and the CPM in the legend. Points at 0 FP per unit lie
/// off a log axis and are left out of the line (the table keeps every rate).
pub fn froc(
    ui: &mut egui::Ui,
    lang: Lang,
    d: &provestein::detection::figures::DetectionFigures,
    w: f32,
    h: f32,
) {
    let n = Numbers(lang);
    let curve: Vec<[f64; 2]> = d
        .froc
        .iter()
        .filter(|p| p.fp_per_unit > 0.0 && p.fp_per_unit.is_finite() && p.sensitivity.is_finite())
        .map(|p| [p.fp_per_unit.log2(), p.sensitivity])
        .collect();
    let ink = ink(ui);
    let at_rates = tr!(lang, "froc-at-rates", cpm = n.p3(d.cpm.estimate));
    let keys = [
        (Key::Line(BLUE), t::FROC_CURVE.get(lang).to_string()),
        (Key::Dashed(BLUE), t::FROC_BEYOND.get(lang).to_string()),
        (
            Key::Marker(ink, MarkerShape::Square, true),
            at_rates.clone(),
        ),
    ];
    ui.vertical(|ui| {
        plot("froc", lang)
            .width(w)
            .height(h)
            .default_x_bounds(-3.3, 3.3)
            .default_y_bounds(-0.02, 1.02)
            .x_grid_spacer(category_marks)
            .x_axis_formatter(move |mark, _| fp_rate_text(lang, mark.value.exp2()))
            .label_formatter(move |pos| {
                let n = Numbers(lang);
                let (name, p) = match pos {
                    HoverPosition::NearDataPoint {
                        plot_name,
                        position,
                        ..
                    } => (format!("{plot_name}\n"), position),
                    HoverPosition::Elsewhere { position } => (String::new(), position),
                };
                Some(format!(
                    "{name}{} = {}\n{} = {}",
                    t::AXIS_FP_PER_UNIT.get(lang),
                    n.p3(p.x.exp2()),
                    t::AXIS_LESION_SENSITIVITY.get(lang),
                    n.p3(p.y)
                ))
            })
            .x_axis_label(t::AXIS_FP_PER_UNIT.get(lang))
            .y_axis_label(t::AXIS_LESION_SENSITIVITY.get(lang))
            .allow_scroll(false)
            .show(ui, |p| {
                // Beyond the last mark no threshold adds a lesion: the sensitivity stays (as the
                // table's rates past it read), drawn dashed to the axis' end.
                if let Some(&[x, y]) = curve.last()
                    && x < 3.3
                {
                    p.line(
                        line(
                            t::FROC_BEYOND.get(lang),
                            PlotPoints::from(vec![[x, y], [3.3, y]]),
                        )
                        .color(BLUE)
                        .style(LineStyle::dashed_dense())
                        .width(1.5),
                    );
                }
                p.line(
                    line(t::FROC_CURVE.get(lang), PlotPoints::from(curve))
                        .color(BLUE)
                        .width(2.0),
                );
                let name = at_rates;
                for s in &d.sensitivity_at {
                    let e = &s.sensitivity;
                    if s.fp_rate <= 0.0 || !s.fp_rate.is_finite() || !e.estimate.is_finite() {
                        continue;
                    }
                    let x = s.fp_rate.log2();
                    if e.ci_low.is_finite() && e.ci_high.is_finite() {
                        p.line(interval(name.clone(), [x, e.ci_low], [x, e.ci_high], ink));
                    }
                    p.points(
                        Points::new(name.clone(), PlotPoints::from(vec![[x, e.estimate]]))
                            .shape(MarkerShape::Square)
                            .radius(4.0)
                            .filled(true)
                            .color(ink),
                    );
                }
            });
        legend::row(ui, w, &keys);
    });
}

#[cfg(test)]
mod tests {
    use egui::Rect;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;
    use crate::gui::results_tests::vendor_scores_run;

    /// Where the plot areas were drawn: (histogram, ROC).
    type Areas = (Option<Rect>, Option<Rect>);

    /// A run whose scores pile up at the top: the histogram's tallest bars are on the right, where
    /// egui_plot's corner legend used to sit.
    fn piled_up() -> BinaryEvaluation {
        let mut csv = String::from("id,label,score\n");
        for i in 0..200 {
            let label = usize::from(i % 2 == 0);
            let score = if i % 5 == 0 { 0.2 } else { 0.97 };
            csv.push_str(&format!("u{i},{label},{score}\n"));
        }
        vendor_scores_run("Legend", &csv).binary().unwrap().clone()
    }

    #[test]
    fn the_legends_are_under_the_plots_not_over_the_data() {
        let b = piled_up();
        let mut h = Harness::builder()
            .with_size(egui::vec2(700.0, 800.0))
            .build_ui_state(
                move |ui, areas: &mut Areas| {
                    let c = b.overall.confusion;
                    areas.0 = scores(ui, Lang::En, &b, 0.6, 560.0, 200.0);
                    areas.1 = Some(roc(ui, Lang::En, &b, Some(&c), 300.0));
                },
                (None, None),
            );
        h.run();
        let (Some(histogram), Some(roc_area)) = *h.state() else {
            panic!("both plots drawn");
        };
        let under = |label: &str, area: Rect| {
            let key = h.get_by_label(label).rect();
            assert!(
                key.min.y >= area.max.y && !key.intersects(area),
                "{label:?} at {key:?} lies over the plot area {area:?}"
            );
        };
        for label in ["No disease", "Disease", "Plan threshold 0.5"] {
            under(label, histogram);
        }
        for label in ["Chance", "Plan threshold 0.5 with intervals"] {
            under(label, roc_area);
        }
        // "Explored threshold" keys both plots: one under each.
        let explored: Vec<Rect> = h
            .get_all_by_label("Explored threshold")
            .map(|n| n.rect())
            .collect();
        assert_eq!(explored.len(), 2);
        assert!(explored[0].min.y >= histogram.max.y && explored[0].max.y <= roc_area.min.y);
        assert!(explored[1].min.y >= roc_area.max.y);
    }
}
