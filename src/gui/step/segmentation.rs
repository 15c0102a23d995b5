//! Step 5 for a segmentation run: per structure, each figure's mean and median with their
//! intervals over patients, the empty-mask counts (both empty, missed, false alarm), the shares
//! within the plan's tolerances and the detection table; beside it each case's Dice and HD95 per
//! structure. Everything is read from `Evaluation::segmentation()`, never recomputed.

use eframe::egui;
use provestein::Evaluation;
use provestein::metrics::segmentation::summary::{Direction, FigureSummary};
use provestein::segmentation::figures::{FIGURES, SegmentationFigures, StructureFigures};

use crate::gui::i18n::{Lang, Numbers, t, tr};
use crate::gui::plots;
use crate::gui::widgets::table;

/// A figure's name for a table, in the app's language.
pub fn figure_label(lang: Lang, figure: &str) -> &'static str {
    match figure {
        "dice" => t::FIG_DICE,
        "iou" => t::FIG_IOU,
        "hd" => t::FIG_HD,
        "hd95" => t::FIG_HD95,
        "assd" => t::FIG_ASSD,
        "nsd" => t::FIG_NSD,
        _ => t::FIG_VOLUME_DIFFERENCE,
    }
    .get(lang)
}

/// Decimals a figure is written with: overlaps to 3, distances and volumes (mm, mL) to 2.
pub fn digits(figure: &str) -> usize {
    match figure {
        "dice" | "iou" | "nsd" => 3,
        _ => 2,
    }
}

/// "0.812 [0.754, 0.861]", or "–" when the figure has no value.
fn with_interval(lang: Lang, estimate: f64, ci: [f64; 2], d: usize) -> String {
    let n = Numbers(lang);
    if !estimate.is_finite() {
        return "–".into();
    }
    format!("{} {}", n.num(estimate, d), n.interval(ci, d))
}

/// The structure table's rows: per figure, the cases it covers, mean [CI], median [CI].
pub(crate) fn structure_rows(lang: Lang, s: &StructureFigures) -> Vec<[String; 4]> {
    FIGURES
        .iter()
        .filter_map(|f| Some((*f, s.summary.figure(f)?)))
        .map(|(f, fs): (&str, &FigureSummary)| {
            let d = digits(f);
            [
                figure_label(lang, f).to_string(),
                format!("{} ({})", fs.n, fs.patients),
                with_interval(lang, fs.mean, fs.mean_ci, d),
                with_interval(lang, fs.median, fs.median_ci, d),
            ]
        })
        .collect()
}

/// The structure names in the run's order (report.json's, by name).
pub fn structure_names(seg: &SegmentationFigures) -> Vec<&str> {
    seg.structures.keys().map(String::as_str).collect()
}

/// The structure picker (a combo box named "Structure"); returns the structure chosen.
pub fn structure_picker<'a>(
    ui: &mut egui::Ui,
    lang: Lang,
    id: &str,
    seg: &'a SegmentationFigures,
    chosen: &mut usize,
) -> Option<(&'a str, &'a StructureFigures)> {
    let names = structure_names(seg);
    if names.is_empty() {
        ui.label(t::SEG_NO_STRUCTURES.get(lang));
        return None;
    }
    *chosen = (*chosen).min(names.len() - 1);
    let label = ui.label(t::SEG_STRUCTURE.get(lang));
    egui::ComboBox::from_id_salt(id)
        .selected_text(names[*chosen])
        .show_ui(ui, |ui| {
            for (k, name) in names.iter().enumerate() {
                ui.selectable_value(chosen, k, *name);
            }
        })
        .response
        .labelled_by(label.id);
    let name = names[*chosen];
    Some((name, &seg.structures[name]))
}

/// The Summary tab of a segmentation run.
pub fn summary(ui: &mut egui::Ui, lang: Lang, eval: &Evaluation, chosen: &mut usize) {
    let Some(seg) = eval.segmentation() else {
        return;
    };
    let picked = ui
        .horizontal(|ui| structure_picker(ui, lang, "seg-structure", seg, chosen))
        .inner;
    let Some((name, s)) = picked else {
        return;
    };
    let sm = &s.summary;
    ui.label(tr!(
        lang,
        "seg-counts",
        cases = sm.cases,
        patients = sm.patients,
        found = sm.detection.found,
        missed = sm.missed,
        false_alarm = sm.false_alarm,
        both_empty = sm.both_empty,
        excluded = eval.cohort.excluded.len()
    ));
    if !s.matched_names.is_empty() {
        ui.weak(tr!(
            lang,
            "seg-matched-names",
            names = s.matched_names.join(", ")
        ));
    }
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(560.0);
            table(
                ui,
                "seg-figures",
                [
                    t::METRIC.get(lang),
                    t::SEG_CASES_PATIENTS.get(lang),
                    t::SEG_MEAN_CI.get(lang),
                    t::SEG_MEDIAN_CI.get(lang),
                ],
                &structure_rows(lang, s),
                lang,
            );
            ui.add_space(8.0);
            let n = Numbers(lang);
            let mut rows: Vec<[String; 3]> = sm
                .share_within
                .iter()
                .map(|w| {
                    let sign = match w.direction {
                        Direction::AtLeast => "≥",
                        Direction::AtMost => "≤",
                    };
                    let p = &w.proportion;
                    [
                        format!(
                            "{} {sign} {}",
                            figure_label(lang, &w.figure),
                            n.plain(w.tolerance)
                        ),
                        format!("{} ({}/{})", n.pct(p.estimate), p.x, p.n),
                        n.interval(p.wilson, 3),
                    ]
                })
                .collect();
            let d = &sm.detection;
            for (label, p) in [
                (t::SEG_FOUND_WHEN_PRESENT, &d.sensitivity),
                (t::SEG_EMPTY_WHEN_ABSENT, &d.specificity),
            ] {
                rows.push([
                    label.get(lang).to_string(),
                    format!("{} ({}/{})", n.pct(p.estimate), p.x, p.n),
                    n.interval(p.wilson, 3),
                ]);
            }
            table(
                ui,
                "seg-shares",
                [
                    t::SEG_SHARE.get(lang),
                    t::ESTIMATE.get(lang),
                    t::INTERVAL.get(lang),
                ],
                &rows,
                lang,
            );
            ui.add_space(4.0);
            ui.weak(tr!(
                lang,
                "seg-conventions",
                tolerance = n.plain(seg.conventions.nsd_tolerance_mm),
                structure = name
            ));
        });
        ui.vertical(|ui| {
            ui.strong(t::SEG_DISTRIBUTION.get(lang));
            for (figure, axis) in [("dice", t::FIG_DICE), ("hd95", t::FIG_HD95)] {
                let values: Vec<(&str, Vec<f64>)> = seg
                    .structures
                    .iter()
                    .map(|(n, s)| {
                        (
                            n.as_str(),
                            s.cases
                                .iter()
                                .map(|c| c.figure(figure).unwrap_or(f64::NAN))
                                .collect(),
                        )
                    })
                    .collect();
                plots::segmentation_strip(
                    ui,
                    lang,
                    &format!("seg-strip-{figure}"),
                    axis.get(lang),
                    &values,
                    460.0,
                    220.0,
                );
            }
        });
    });
}

/// The Subgroups tab of a segmentation run: Dice and HD95 per group and structure.
pub fn subgroups(ui: &mut egui::Ui, lang: Lang, eval: &Evaluation) {
    let Some(seg) = eval.segmentation() else {
        return;
    };
    let rows: Vec<[String; 5]> = seg
        .structures
        .iter()
        .flat_map(|(name, s)| {
            s.subgroups.iter().map(move |g| {
                [
                    format!("{name}: {} = {}", g.attribute, g.group),
                    format!("{} ({})", g.cases, g.patients),
                    with_interval(lang, g.dice.mean, g.dice.mean_ci, 3),
                    with_interval(lang, g.hd95.median, g.hd95.median_ci, 2),
                    if g.sufficient {
                        t::TESTED.get(lang).into()
                    } else {
                        t::INSUFFICIENT.get(lang).into()
                    },
                ]
            })
        })
        .collect();
    if rows.is_empty() {
        ui.label(t::NO_SUBGROUPS.get(lang));
        return;
    }
    table(
        ui,
        "seg-subgroups",
        [
            t::GROUP.get(lang),
            t::SEG_CASES_PATIENTS.get(lang),
            t::SEG_DICE_MEAN.get(lang),
            t::SEG_HD95_MEDIAN.get(lang),
            t::STATUS.get(lang),
        ],
        &rows,
        lang,
    );
}
