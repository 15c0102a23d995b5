//! Step 5 for a detection run: the FROC curve with the sensitivity at each of the plan's
//! false-positive rates and their intervals, the CPM, what became of every mark, "right unit,
//! wrong place", and the lesions by size and type. Everything is read from
//! `Evaluation::detection()`, never recomputed; the unit-level score has the binary tabs.

use eframe::egui;
use provestein::Evaluation;
use provestein::detection::figures::{DetectionFigures, LesionRow, Stratum};
use provestein::metrics::detection::{Estimate, HitRule};
use provestein::plan::Metric;

use crate::gui::i18n::{Lang, Numbers, t, tr};
use crate::gui::plots;
use crate::gui::widgets::table;

/// "0.812 [0.754, 0.861]", or "–" when the figure has no value.
pub fn estimate_text(lang: Lang, e: &Estimate) -> String {
    let n = Numbers(lang);
    if !e.estimate.is_finite() {
        return "–".into();
    }
    format!(
        "{} {}",
        n.p3(e.estimate),
        n.interval([e.ci_low, e.ci_high], 3)
    )
}

/// The plan's hit criterion in words.
pub fn hit_text(lang: Lang, hit: HitRule) -> String {
    let n = Numbers(lang);
    match hit {
        HitRule::CentreWithinRadius => t::HIT_CENTRE_WITHIN_RADIUS.get(lang).to_string(),
        HitRule::DistanceMm(d) => tr!(lang, "hit-distance", distance = n.plain(d)),
        HitRule::Iou(x) => tr!(lang, "hit-iou", iou = n.plain(x)),
    }
}

/// The verdicts of the run's criteria on `metric` (at `fp_rate`, for lesion sensitivity).
fn verdicts(lang: Lang, eval: &Evaluation, metric: Metric, fp_rate: Option<f64>) -> String {
    eval.acceptance
        .criteria
        .iter()
        .filter(|c| {
            c.metric == metric
                && fp_rate.is_none_or(|r| c.fp_rate.is_some_and(|f| (f - r).abs() < 1e-12))
        })
        .map(|c| provestein::report::content::verdict_word(lang, c.verdict))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The sensitivity-at table's rows: each FP rate, then the CPM (their mean).
pub(crate) fn sensitivity_rows(
    lang: Lang,
    eval: &Evaluation,
    d: &DetectionFigures,
) -> Vec<[String; 4]> {
    let n = Numbers(lang);
    let mut rows: Vec<[String; 4]> = d
        .sensitivity_at
        .iter()
        .map(|s| {
            let e = &s.sensitivity;
            [
                plots::fp_rate_text(lang, s.fp_rate),
                n.p3(e.estimate),
                n.interval([e.ci_low, e.ci_high], 3),
                verdicts(lang, eval, Metric::LesionSensitivity, Some(s.fp_rate)),
            ]
        })
        .collect();
    rows.push([
        t::CPM.get(lang).to_string(),
        n.p3(d.cpm.estimate),
        n.interval([d.cpm.ci_low, d.cpm.ci_high], 3),
        verdicts(lang, eval, Metric::Cpm, None),
    ]);
    rows
}

/// What became of every mark read: nothing is dropped silently.
pub(crate) fn mark_rows(lang: Lang, d: &DetectionFigures) -> Vec<[String; 2]> {
    let m = &d.marks;
    [
        (t::MARKS_TOTAL, m.total),
        (t::MARKS_TP, m.true_positive),
        (t::MARKS_FP, m.false_positive),
        (t::MARKS_FP_LESION_FREE, m.on_lesion_free_units),
        (t::MARKS_EXTRA, m.extra),
        (t::MARKS_UNKNOWN_UNIT, m.unknown_unit),
    ]
    .into_iter()
    .map(|(label, count)| [label.get(lang).to_string(), count.to_string()])
    .collect()
}

/// The Summary tab of a detection run.
pub fn summary(ui: &mut egui::Ui, lang: Lang, eval: &Evaluation) {
    let Some(det) = eval.detection() else {
        return;
    };
    let d = &det.detection;
    let l = &d.lesions;
    ui.label(tr!(
        lang,
        "det-counts",
        units = d.units,
        with_lesions = d.units_with_lesions,
        patients = d.patients,
        lesions = l.total,
        hit = l.hit,
        missed = l.missed,
        excluded = eval.cohort.excluded.len()
    ));
    ui.label(tr!(lang, "det-hit-rule", rule = hit_text(lang, d.hit)));
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(440.0);
            ui.strong(t::DET_SENSITIVITY_AT.get(lang));
            table(
                ui,
                "det-sensitivity-at",
                [
                    t::FP_PER_UNIT.get(lang),
                    t::LESION_SENSITIVITY.get(lang),
                    t::INTERVAL.get(lang),
                    t::CRITERION.get(lang),
                ],
                &sensitivity_rows(lang, eval, d),
                lang,
            );
            ui.weak(tr!(
                lang,
                "det-intervals",
                replicates = d.replicates,
                seed = d.seed.to_string()
            ));
            ui.add_space(8.0);
            ui.strong(t::DET_MARKS.get(lang));
            table(
                ui,
                "det-marks",
                [t::DET_MARKS_WHAT.get(lang), t::COUNT.get(lang)],
                &mark_rows(lang, d),
                lang,
            );
            ui.add_space(8.0);
            wrong_place(ui, lang, d);
        });
        ui.vertical(|ui| {
            ui.strong(t::FROC_TITLE.get(lang));
            plots::froc(ui, lang, d, 520.0, 400.0);
        });
    });
}

/// "Right unit, wrong place": units called positive whose marks miss every lesion.
fn wrong_place(ui: &mut egui::Ui, lang: Lang, d: &DetectionFigures) {
    let w = &d.wrong_place;
    ui.strong(tr!(
        lang,
        "det-wrong-place",
        count = w.count,
        threshold = Numbers(lang).plain(w.threshold)
    ));
    if !w.units.is_empty() {
        egui::ScrollArea::vertical()
            .id_salt("det-wrong-place-units")
            .max_height(120.0)
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    for u in &w.units {
                        ui.monospace(u);
                    }
                });
            });
    }
}

/// A stratum table's rows: name, lesions hit of lesions, sensitivity, its Wilson interval
/// (clustered by patient).
pub(crate) fn stratum_rows(lang: Lang, strata: &[Stratum]) -> Vec<[String; 4]> {
    let n = Numbers(lang);
    strata
        .iter()
        .map(|s| {
            [
                s.name.clone(),
                format!("{}/{}", s.hit, s.lesions),
                n.p3(s.sensitivity.estimate),
                n.interval(s.sensitivity.wilson, 3),
            ]
        })
        .collect()
}

fn lesion_row(lang: Lang, r: &LesionRow) -> [String; 5] {
    let n = Numbers(lang);
    let [x, y, z] = r.centre;
    [
        r.unit.clone(),
        format!("{}, {}, {}", n.num(x, 1), n.num(y, 1), n.num(z, 1)),
        r.size_mm.map_or("–".into(), |s| n.num(s, 1)),
        r.kind.clone().unwrap_or_else(|| "–".into()),
        match r.score {
            Some(s) => n.p3(s),
            None => t::LESION_MISSED.get(lang).to_string(),
        },
    ]
}

/// The Lesions tab: sensitivity by size and by type, the worst lesions, the wrong places.
pub fn lesions(ui: &mut egui::Ui, lang: Lang, eval: &Evaluation) {
    let Some(det) = eval.detection() else {
        return;
    };
    let d = &det.detection;
    let l = &d.lesions;
    let header = [
        t::STRATUM.get(lang),
        t::LESIONS_HIT.get(lang),
        t::LESION_SENSITIVITY.get(lang),
        t::INTERVAL.get(lang),
    ];
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(440.0);
            for (title, strata, id) in [
                (t::BY_SIZE, &l.by_size, "det-by-size"),
                (t::BY_TYPE, &l.by_type, "det-by-type"),
            ] {
                ui.strong(title.get(lang));
                if strata.is_empty() {
                    ui.weak(t::NO_STRATA.get(lang));
                } else {
                    table(ui, id, header, &stratum_rows(lang, strata), lang);
                }
                ui.add_space(8.0);
            }
            wrong_place(ui, lang, d);
        });
        ui.vertical(|ui| {
            ui.strong(tr!(lang, "det-worst", missed = l.missed, total = l.total));
            let rows: Vec<[String; 5]> = l.worst.iter().map(|r| lesion_row(lang, r)).collect();
            egui::ScrollArea::vertical()
                .id_salt("det-worst")
                .max_height(520.0)
                .show(ui, |ui| {
                    table(
                        ui,
                        "det-worst-table",
                        [
                            t::DET_UNIT.get(lang),
                            t::CENTRE.get(lang),
                            t::SIZE_MM.get(lang),
                            t::LESION_TYPE.get(lang),
                            t::MARK_SCORE.get(lang),
                        ],
                        &rows,
                        lang,
                    );
                });
        });
    });
}

/// What the detection figures say of one unit (opened in the Cases step): its lesions among
/// the worst (missed, or hit by a low score), and whether it is a "right unit, wrong place".
pub fn unit_lesions(ui: &mut egui::Ui, lang: Lang, eval: &Evaluation, unit: &str) {
    let Some(det) = eval.detection() else {
        return;
    };
    let d = &det.detection;
    if d.wrong_place.units.iter().any(|u| u == unit) {
        ui.colored_label(ui.visuals().warn_fg_color, t::UNIT_WRONG_PLACE.get(lang));
    }
    // The unit is the one opened: its id stays hidden, as the Cases step hides it.
    let rows: Vec<[String; 4]> = d
        .lesions
        .worst
        .iter()
        .filter(|r| r.unit == unit)
        .map(|r| {
            let [_, centre, size, kind, score] = lesion_row(lang, r);
            [centre, size, kind, score]
        })
        .collect();
    if rows.is_empty() {
        return;
    }
    ui.strong(t::UNIT_WORST_LESIONS.get(lang));
    table(
        ui,
        "unit-lesions",
        [
            t::CENTRE.get(lang),
            t::SIZE_MM.get(lang),
            t::LESION_TYPE.get(lang),
            t::MARK_SCORE.get(lang),
        ],
        &rows,
        lang,
    );
}
