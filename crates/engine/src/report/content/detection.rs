//! The report's sections for a detection product (`TaskEvaluation::Detection`): the FROC curve
//! with intervals, sensitivity at each FP rate and the CPM, lesions by size and type, marks
//! and "right unit, wrong place"; and what the shared sections say for this kind of task. The
//! unit-level figures are the binary sections, read from `DetectionEvaluation::unit_level`.
//! Every number is read from `DetectionFigures`, never recomputed.

use super::{Builder, Fmt};
use crate::detection::DetectionEvaluation;
use crate::detection::figures::{LesionRow, Stratum};
use crate::plan::IntervalKind;
use crate::{text, words};
use provestein_report::doc::{Block, Row, RowStyle, Table};
use provestein_report::figures::{self, PlotWords, RatePoint};

/// Units listed by name in "right unit, wrong place" (report.json lists them all).
const MAX_LISTED: usize = 40;

impl Builder<'_> {
    /// Section "Lesion-level detection", before the unit-level (binary) sections.
    pub(super) fn detection_sections(&mut self, d: &DetectionEvaluation) {
        let l = self.lang;
        let det = &d.detection;
        self.h1("detection", text!(l, "det-section"));
        let conv = crate::detection::evaluate::conventions(&self.eval.plan, l);
        self.para(format!("{} {}", conv[0], conv[1]));
        self.para(words!(
            l,
            "det-counts",
            units = det.units,
            with_lesions = det.units_with_lesions,
            patients = det.patients,
            lesions = det.lesions.total,
            hit = det.lesions.hit,
            missed = det.lesions.missed
        ));
        let curve: Vec<(f64, f64)> = det
            .froc
            .iter()
            .map(|p| (p.fp_per_unit, p.sensitivity))
            .collect();
        let rates: Vec<RatePoint> = det
            .sensitivity_at
            .iter()
            .map(|s| {
                (
                    s.fp_rate,
                    s.sensitivity.estimate,
                    [s.sensitivity.ci_low, s.sensitivity.ci_high],
                )
            })
            .collect();
        self.blocks.push(Block::Figure(figures::froc(
            &curve,
            &rates,
            PlotWords {
                x: text!(l, "det-froc-x"),
                y: text!(l, "det-froc-y"),
                legend: vec![
                    text!(l, "det-froc-curve").into(),
                    words!(l, "det-froc-at", pct_conf = self.pct_conf()),
                ],
                caption: words!(
                    l,
                    "det-froc-caption",
                    pct_conf = self.pct_conf(),
                    replicates = det.replicates
                ),
            },
            &|x| Fmt(l).num(x, 1),
        )));
        let mut t = Table::numeric(
            vec![
                text!(l, "det-fp-per-unit").into(),
                words!(l, "det-sensitivity-ci", pct_conf = self.pct_conf()),
            ],
            vec![2.0, 3.0],
        );
        for s in &det.sensitivity_at {
            t.rows.push(Row::new(vec![
                self.f.plain(s.fp_rate),
                self.estimate_ci(
                    s.sensitivity.estimate,
                    [s.sensitivity.ci_low, s.sensitivity.ci_high],
                ),
            ]));
        }
        t.rows.push(Row::styled(
            vec![
                text!(l, "det-cpm").into(),
                self.estimate_ci(det.cpm.estimate, [det.cpm.ci_low, det.cpm.ci_high]),
            ],
            RowStyle::Strong,
        ));
        t.note = Some(words!(
            l,
            "det-table-note",
            replicates = det.replicates,
            seed = det.seed.to_string()
        ));
        self.table(t);

        if !det.lesions.by_size.is_empty() {
            self.h2(text!(l, "det-by-size").into(), "detection-size".into());
            self.strata(&det.lesions.by_size);
        }
        if !det.lesions.by_type.is_empty() {
            self.h2(text!(l, "det-by-type").into(), "detection-type".into());
            self.strata(&det.lesions.by_type);
        }

        self.h2(text!(l, "det-marks").into(), "detection-marks".into());
        let m = &det.marks;
        let mut t = Table::numeric(
            vec![text!(l, "det-marks-what").into(), "n".into()],
            vec![4.0, 1.0],
        );
        for (key, n) in [
            (text!(l, "det-marks-total"), m.total),
            (text!(l, "det-marks-tp"), m.true_positive),
            (text!(l, "det-marks-fp"), m.false_positive),
            (text!(l, "det-marks-fp-free"), m.on_lesion_free_units),
            (text!(l, "det-marks-extra"), m.extra),
            (text!(l, "det-marks-unknown"), m.unknown_unit),
        ] {
            t.rows.push(Row::new(vec![key.into(), n.to_string()]));
        }
        t.note = Some(text!(l, "det-marks-note").into());
        self.table(t);

        self.h2(
            text!(l, "det-wrong-place-title").into(),
            "detection-wrong-place".into(),
        );
        let w = &det.wrong_place;
        self.para(words!(
            l,
            "det-wrong-place-count",
            n = w.count,
            threshold = self.f.plain(w.threshold)
        ));
        if !w.units.is_empty() {
            let mut listed: Vec<String> = w.units.iter().take(MAX_LISTED).cloned().collect();
            if w.units.len() > MAX_LISTED {
                listed.push(words!(l, "det-more", n = w.units.len() - MAX_LISTED));
            }
            self.para(listed.join(", "));
        }

        if !det.lesions.worst.is_empty() {
            self.h2(text!(l, "det-worst").into(), "detection-worst".into());
            self.lesion_rows(&det.lesions.worst);
        }
        self.detection_images(det);
    }

    /// "0.875 [0.763, 0.971]"; "–" when not estimable.
    fn estimate_ci(&self, est: f64, ci: [f64; 2]) -> String {
        if est.is_finite() {
            self.f.est_ci(est, ci)
        } else {
            "–".into()
        }
    }

    /// Lesion sensitivity (at any score) per stratum, clustered by patient.
    fn strata(&mut self, strata: &[Stratum]) {
        let l = self.lang;
        let mut t = Table::numeric(
            vec![
                text!(l, "det-stratum").into(),
                text!(l, "det-lesions").into(),
                text!(l, "det-hit").into(),
                words!(l, "det-sensitivity-ci", pct_conf = self.pct_conf()),
            ],
            vec![2.0, 1.0, 1.0, 2.4],
        );
        let clopper = self.eval.plan.analysis.proportion_interval == IntervalKind::ClopperPearson;
        for s in strata {
            let p = &s.sensitivity;
            let ci = if clopper { p.clopper_pearson } else { p.wilson };
            t.rows.push(Row::new(vec![
                s.name.clone(),
                s.lesions.to_string(),
                s.hit.to_string(),
                self.estimate_ci(p.estimate, ci),
            ]));
        }
        t.note = Some(text!(l, "det-strata-note").into());
        self.table(t);
    }

    /// The missed lesions and the lowest-scored hits.
    fn lesion_rows(&mut self, rows: &[LesionRow]) {
        let l = self.lang;
        let mut t = Table::text(
            vec![
                text!(l, "det-unit").into(),
                text!(l, "det-centre").into(),
                text!(l, "det-size").into(),
                text!(l, "det-type").into(),
                text!(l, "det-score").into(),
            ],
            vec![1.6, 2.4, 1.0, 1.4, 1.4],
        );
        for r in rows {
            let style = if r.score.is_none() {
                RowStyle::Flag
            } else {
                RowStyle::Normal
            };
            t.rows.push(Row::styled(
                vec![
                    r.unit.clone(),
                    format!(
                        "{}, {}, {}",
                        self.f.num(r.centre[0], 1),
                        self.f.num(r.centre[1], 1),
                        self.f.num(r.centre[2], 1)
                    ),
                    r.size_mm.map_or("–".into(), |s| self.f.num(s, 1)),
                    r.kind.clone().unwrap_or_else(|| "–".into()),
                    r.score
                        .map_or_else(|| text!(l, "det-missed").into(), |s| self.f.num(s, 3)),
                ],
                style,
            ));
        }
        t.note = Some(text!(l, "det-worst-note").into());
        self.table(t);
    }

    /// Page 1, under the criteria: what lesion sensitivity and the CPM do not show, one
    /// sentence each when not zero.
    pub(super) fn detection_not_covered(&mut self, d: &DetectionEvaluation) {
        let l = self.lang;
        let det = &d.detection;
        let mut rows: Vec<Row> = Vec::new();
        if det.lesions.missed > 0 {
            rows.push(Row::styled(
                vec![words!(
                    l,
                    "det-page1-missed",
                    n = det.lesions.missed,
                    total = det.lesions.total
                )],
                RowStyle::Flag,
            ));
        }
        if det.wrong_place.count > 0 {
            rows.push(Row::styled(
                vec![words!(
                    l,
                    "det-page1-wrong-place",
                    n = det.wrong_place.count,
                    threshold = self.f.plain(det.wrong_place.threshold)
                )],
                RowStyle::Flag,
            ));
        }
        if det.marks.on_lesion_free_units > 0 {
            rows.push(Row::new(vec![words!(
                l,
                "det-page1-fp-free",
                n = det.marks.on_lesion_free_units,
                units = det.units - det.units_with_lesions
            )]));
        }
        if det.marks.extra > 0 {
            rows.push(Row::new(vec![words!(
                l,
                "det-page1-extra",
                n = det.marks.extra
            )]));
        }
        if det.marks.unknown_unit > 0 {
            rows.push(Row::styled(
                vec![words!(l, "det-page1-unknown", n = det.marks.unknown_unit)],
                RowStyle::Flag,
            ));
        }
        if rows.is_empty() {
            return;
        }
        let mut t = Table::text(
            vec![text!(l, "flags-list-not-covered-by-the").into()],
            vec![1.0],
        );
        t.rows = rows;
        t.note = Some(text!(l, "flags-list-these-do-not-change").into());
        self.table(t);
    }

    /// "Reference standard": the lesions file, and what makes a unit positive.
    pub(super) fn detection_truth(&self, d: &DetectionEvaluation) -> String {
        let path = self
            .eval
            .plan
            .lesions
            .as_ref()
            .map(|s| s.path.display().to_string())
            .unwrap_or_default();
        words!(
            self.lang,
            "det-truth",
            path = path,
            lesions = d.detection.lesions.total,
            units = d.detection.units_with_lesions
        )
    }

    /// The binary conventions (of the unit level) and the detection ones.
    pub(super) fn detection_conventions(&self, d: &DetectionEvaluation) -> Vec<String> {
        let _ = d;
        let e = self.eval;
        let mut conv = crate::evaluation::conventions(&e.plan, self.lang);
        let a = &e.plan.analysis;
        conv.push(words!(
            self.lang,
            "methods-criteria-on-proportions-are",
            proportion_interval = self.interval_name(a.proportion_interval),
            auc_interval = self.interval_name(a.auc_interval)
        ));
        conv.extend(crate::detection::evaluate::conventions(&e.plan, self.lang));
        conv
    }
}
