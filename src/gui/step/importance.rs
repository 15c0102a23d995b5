//! What a feature model relies on, in the Results step (permutation importance as horizontal
//! bars with the range over the shuffles as whiskers, and the full table) and in the Cases step
//! (a CSV case's inputs by the score change when each is set to the cohort median). The
//! figures are the run's (`Evaluation::importance`), never recomputed here.

use eframe::egui;
use egui_plot::{Bar, BarChart, Corner, Legend, Line, LineStyle, Plot, PlotPoints, VLine};
use provestein::Evaluation;

use crate::gui::i18n::{Lang, Numbers, range, t, tr};
use crate::gui::plots::{BLUE, GREY};
use crate::gui::widgets::table;

/// Bars drawn; the table beside them lists every input.
const CHART_MAX: usize = 15;

/// The Results tab.
pub fn importance_tab(ui: &mut egui::Ui, lang: Lang, eval: &Evaluation) {
    let Some(imp) = eval.binary().and_then(|b| b.importance.as_ref()) else {
        ui.label(t::IMPORTANCE_NONE.get(lang));
        return;
    };
    ui.label(tr!(
        lang,
        "importance-intro",
        cases = imp.n,
        repeats = imp.permutations,
        level = Numbers(lang).num(imp.confidence * 100.0, 0)
    ));
    if imp.subsampled {
        ui.label(tr!(
            lang,
            "importance-subsample",
            sample = imp.n,
            cases = eval.binary().map_or(0, |b| b.cases.len())
        ));
    }
    ui.add_space(4.0);
    let rows: Vec<[String; 4]> = imp
        .features
        .iter()
        .enumerate()
        .map(|(k, f)| {
            [
                (k + 1).to_string(),
                f.feature.clone(),
                Numbers(lang).num(f.mean_drop, 4),
                range(lang, f.interval, 4),
            ]
        })
        .collect();
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            chart(ui, lang, eval, 640.0);
            if imp.features.len() > CHART_MAX {
                ui.weak(tr!(
                    lang,
                    "importance-top",
                    shown = CHART_MAX,
                    inputs = imp.features.len()
                ));
            }
        });
        ui.vertical(|ui| {
            egui::ScrollArea::vertical()
                .id_salt("importance-table")
                .max_height(520.0)
                .show(ui, |ui| {
                    table(
                        ui,
                        "importance-table-grid",
                        [
                            "#",
                            t::MODEL_INPUT_NAME.get(lang),
                            t::MEAN_DROP.get(lang),
                            t::IMPORTANCE_RANGE.get(lang),
                        ],
                        &rows,
                        lang,
                    );
                });
        });
    });
}

/// Horizontal bars of the mean drop in AUC, the largest on top, with the range over the
/// shuffles as whiskers. Blue: the range lies above 0; grey: it reaches 0 (the model's AUC
/// does not clearly depend on the input alone).
fn chart(ui: &mut egui::Ui, lang: Lang, eval: &Evaluation, w: f32) {
    let Some(imp) = eval.binary().and_then(|b| b.importance.as_ref()) else {
        return;
    };
    let shown: Vec<_> = imp
        .features
        .iter()
        .filter(|f| f.mean_drop.is_finite())
        .take(CHART_MAX)
        .collect();
    let n = shown.len();
    if n == 0 {
        return;
    }
    let names: Vec<String> = shown.iter().map(|f| f.feature.clone()).collect();
    let y = |i: usize| (n - i) as f64;
    let (mut clear, mut unclear) = (Vec::new(), Vec::new());
    for (i, f) in shown.iter().enumerate() {
        let bar = Bar::new(y(i), f.mean_drop).width(0.6).name(&f.feature);
        if f.interval[0] > 0.0 {
            clear.push(bar.fill(BLUE.gamma_multiply(0.75)).stroke((1.0, BLUE)));
        } else {
            unclear.push(bar.fill(GREY.gamma_multiply(0.5)).stroke((1.0, GREY)));
        }
    }
    let hi = shown
        .iter()
        .map(|f| f.interval[1].max(f.mean_drop))
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::max);
    let lo = shown
        .iter()
        .map(|f| f.interval[0].min(f.mean_drop))
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::min);
    let ink = ui.visuals().strong_text_color();
    let range = t::IMPORTANCE_RANGE.get(lang);
    let response = Plot::new("importance")
        .width(w)
        .height((n as f32 * 26.0 + 80.0).clamp(160.0, 520.0))
        .include_x(lo)
        .include_x(hi * 1.05)
        .include_y(0.4)
        .include_y(n as f64 + 0.6)
        .x_axis_label(t::IMPORTANCE_AXIS.get(lang))
        .y_axis_min_width(170.0)
        .show_grid([true, false])
        .y_axis_formatter(move |mark, _| {
            let v = mark.value;
            if (v - v.round()).abs() > 1e-6 || v < 1.0 || v > n as f64 {
                return String::new();
            }
            names[n - v.round() as usize].clone()
        })
        .legend(Legend::default().position(Corner::RightBottom))
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .show(ui, |p| {
            p.vline(
                VLine::new("", 0.0)
                    .color(GREY)
                    .style(LineStyle::dashed_dense()),
            );
            p.bar_chart(
                BarChart::new(t::IMPORTANCE_CLEAR.get(lang), clear)
                    .color(BLUE)
                    .horizontal(),
            );
            p.bar_chart(
                BarChart::new(t::IMPORTANCE_UNCLEAR.get(lang), unclear)
                    .color(GREY)
                    .horizontal(),
            );
            for (i, f) in shown.iter().enumerate() {
                let [a, b] = f.interval;
                if !(a.is_finite() && b.is_finite()) {
                    continue;
                }
                let yi = y(i);
                let whisker = |points: Vec<[f64; 2]>| {
                    Line::new(range, PlotPoints::from(points))
                        .allow_band(false)
                        .color(ink)
                        .width(1.5)
                };
                p.line(whisker(vec![[a, yi], [b, yi]]));
                p.line(whisker(vec![[a, yi - 0.15], [a, yi + 0.15]]));
                p.line(whisker(vec![[b, yi - 0.15], [b, yi + 0.15]]));
            }
        });
    // The bars' names are painted, not widgets: the chart says them to assistive technology
    // (and to the tests) itself.
    let spoken: Vec<String> = shown
        .iter()
        .map(|f| format!("{} {}", f.feature, Numbers(lang).num(f.mean_drop, 4)))
        .collect();
    let label = tr!(lang, "importance-chart", bars = spoken.join(", "));
    response.response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::accesskit::Role::Image, true, label.clone())
    });
}

/// A CSV case's inputs by the score change when each is set to the cohort median.
pub fn case_features(ui: &mut egui::Ui, lang: Lang, eval: &Evaluation, case: usize) {
    let Some(imp) = eval.binary().and_then(|b| b.importance.as_ref()) else {
        return;
    };
    ui.strong(t::CASE_TOP_FEATURES.get(lang));
    match imp.case(case) {
        None => {
            ui.weak(t::CASE_NOT_EXPLAINED.get(lang));
        }
        Some(c) if c.top.is_empty() => {
            ui.weak(t::CASE_NO_CHANGE.get(lang));
        }
        Some(c) => {
            egui::Grid::new("case-top-features")
                .striped(true)
                .show(ui, |ui| {
                    ui.strong(t::MODEL_INPUT_NAME.get(lang));
                    ui.strong(t::CASE_CHANGE.get(lang));
                    ui.strong(t::COHORT_MEDIAN.get(lang));
                    ui.end_row();
                    for f in &c.top {
                        ui.label(&f.feature);
                        ui.monospace(format!("{:+.4}", f.change));
                        match imp.features.iter().find(|g| g.feature == f.feature) {
                            Some(g) => ui.monospace(g.median.to_string()),
                            None => ui.label(""),
                        };
                        ui.end_row();
                    }
                });
            ui.weak(t::CASE_TOP_HELP.get(lang));
        }
    }
    ui.add_space(6.0);
}
