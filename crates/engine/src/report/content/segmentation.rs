//! The report's sections for a segmentation product (`TaskEvaluation::Segmentation`): per
//! structure the figures with their intervals, the shares within the clinical tolerances, the
//! detection table and a strip of every case; subgroups; the worst cases as image tiles with
//! both contours; and what the shared sections (page 1, cohort, methods, appendix) say for
//! this kind of task. Every number is read from `SegmentationFigures`, never recomputed.

use std::sync::Arc;

use super::{Builder, Fmt, slug};
use crate::acceptance::CriterionResult;
use crate::metric::name as metric_name;
use crate::metrics::segmentation::Presence;
use crate::metrics::segmentation::summary::{Direction, FigureSummary, ShareWithin};
use crate::plan::{IntervalKind, Metric, Plan, Statistic};
use crate::segmentation::figures::{
    BothEmpty, Conventions, FIGURES, SegmentationFigures, StructureFigures,
};
use crate::{text, words};
use provestein_report::doc::{Align, Block, Row, RowStyle, Table, TextStyle};
use provestein_report::figures::{self, StripMark, StripPanel, StripWords, TileImage, TileWords};
use provestein_report::raster;

/// Tiles per structure in the report (the evaluation may keep more for the app).
const MAX_TILES: usize = 6;
/// Cases listed per structure in Appendix A.
const MAX_REVIEW: usize = 40;

/// The patients the cases come from, when the plan names a patient key: the most any
/// structure was evaluated on (each structure is evaluated on every included case).
pub(super) fn patients(plan: &Plan, seg: &SegmentationFigures) -> Option<usize> {
    plan.cohort.patient.as_ref()?;
    seg.structures.values().map(|s| s.summary.patients).max()
}

/// Whether a figure is an overlap (unitless, three decimals) or a length or volume.
fn is_overlap(figure: &str) -> bool {
    matches!(figure, "dice" | "iou" | "nsd")
}

impl Builder<'_> {
    /// The segmentation sections, in the report's order.
    pub(super) fn segmentation_sections(&mut self, seg: &SegmentationFigures) {
        self.structures(seg);
        self.segmentation_subgroups(seg);
        self.worst_cases(seg);
    }

    /// A figure's name for a table or sentence: "Dice", "HD95 (mm)", "NSD at 2 mm"…
    fn figure_label(&self, figure: &str, conv: &Conventions) -> String {
        let l = self.lang;
        match figure {
            "dice" => text!(l, "seg-figure-dice").into(),
            "iou" => text!(l, "seg-figure-iou").into(),
            "hd" => text!(l, "seg-figure-hd").into(),
            "hd95" => text!(l, "seg-figure-hd95").into(),
            "assd" => text!(l, "seg-figure-assd").into(),
            "nsd" => words!(
                l,
                "seg-figure-nsd",
                tolerance = self.f.plain(conv.nsd_tolerance_mm)
            ),
            "volume_difference" => text!(l, "seg-figure-volume-difference").into(),
            other => other.to_string(),
        }
    }

    /// A value of `figure`: three decimals for an overlap, two for millimetres and millilitres.
    fn figure_value(&self, figure: &str, x: f64) -> String {
        self.f.num(x, if is_overlap(figure) { 3 } else { 2 })
    }

    /// "0.871 [0.842, 0.899]" at the figure's precision; "–" when not estimable.
    fn figure_ci(&self, figure: &str, est: f64, ci: [f64; 2]) -> String {
        if !est.is_finite() {
            return "–".into();
        }
        let digits = if is_overlap(figure) { 3 } else { 2 };
        format!(
            "{} {}",
            self.f.num(est, digits),
            self.f.interval(ci, digits)
        )
    }

    /// A clustered proportion with the plan's proportion interval.
    fn clustered(&self, p: &crate::metrics::ClusteredProportion) -> String {
        let ci = match self.eval.plan.analysis.proportion_interval {
            IntervalKind::ClopperPearson => p.clopper_pearson,
            _ => p.wilson,
        };
        self.f.est_ci(p.estimate, ci)
    }

    fn proportion_interval_name(&self) -> &'static str {
        match self.eval.plan.analysis.proportion_interval {
            IntervalKind::ClopperPearson => "Clopper–Pearson",
            _ => "Wilson",
        }
    }

    /// The cohort sentence of a segmentation run (identity and the cohort section).
    pub(super) fn segmentation_cohort(&self, seg: &SegmentationFigures) -> String {
        let e = self.eval;
        let c = &e.cohort;
        words!(
            self.lang,
            "seg-cohort",
            cases = c.included,
            unit = self.unit_word(),
            files = c.rows,
            path = e.plan.cohort.path.display().to_string(),
            structures = seg.structures.len(),
            excluded = c.excluded.len()
        )
    }

    /// How probabilities became masks, for "What was validated".
    pub(super) fn binarisation(&self, conv: &Conventions) -> String {
        match conv.binarise.trim().parse::<f64>() {
            Ok(t) => words!(
                self.lang,
                "seg-binarise-threshold",
                threshold = self.f.plain(t)
            ),
            Err(_) if conv.binarise.to_lowercase().contains("argmax") => {
                text!(self.lang, "seg-binarise-argmax").into()
            }
            Err(_) => conv.binarise.clone(),
        }
    }

    /// "Reference standard" of the study design: the structures and the names they were
    /// found under in the truth files.
    pub(super) fn segmentation_truth(&self, seg: &SegmentationFigures) -> String {
        let names: Vec<String> = seg
            .structures
            .iter()
            .map(|(name, s)| {
                let found: Vec<&str> = s
                    .matched_names
                    .iter()
                    .map(String::as_str)
                    .filter(|m| m != name)
                    .collect();
                if found.is_empty() {
                    name.clone()
                } else {
                    format!("{name} ({})", found.join(", "))
                }
            })
            .collect();
        words!(
            self.lang,
            "seg-truth",
            structures = names.join("; "),
            rule = text!(self.lang, "seg-rasterisation-short")
        )
    }

    /// Figure 1 of a segmentation run: found → excluded → analysed, then over every (case,
    /// structure) pair, truth present (found / missed) and truth empty (false alarm / both).
    pub(super) fn segmentation_flow(
        &self,
        seg: &SegmentationFigures,
        kind_word: &str,
        excluded: Vec<String>,
    ) -> figures::Figure {
        let l = self.lang;
        let c = &self.eval.cohort;
        let d = seg
            .structures
            .values()
            .map(|s| &s.summary.detection)
            .fold([0u64; 4], |a, d| {
                [
                    a[0] + d.found,
                    a[1] + d.missed,
                    a[2] + d.false_alarm,
                    a[3] + d.both_empty,
                ]
            });
        let mut analysed = vec![
            text!(l, "cohort-analysed").to_string(),
            format!("{} {}", c.included, text!(l, "cohort-cases")),
        ];
        if let Some(m) = patients(&self.eval.plan, seg) {
            analysed.push(words!(l, "cohort-from-value-patients", value = m));
        }
        analysed.push(words!(l, "seg-flow-structures", n = seg.structures.len()));
        figures::flow(
            vec![
                text!(l, "cohort-found").into(),
                format!("{} {kind_word}", c.rows),
            ],
            excluded,
            analysed,
            vec![
                text!(l, "seg-flow-truth-present").into(),
                words!(l, "seg-flow-pairs", n = d[0] + d[1]),
                format!("{}: {}", text!(l, "seg-found"), d[0]),
                format!("{}: {}", text!(l, "seg-missed"), d[1]),
            ],
            vec![
                text!(l, "seg-flow-truth-empty").into(),
                words!(l, "seg-flow-pairs", n = d[2] + d[3]),
                format!("{}: {}", text!(l, "seg-false-alarm"), d[2]),
                format!("{}: {}", text!(l, "seg-both-empty"), d[3]),
            ],
            text!(l, "seg-flow-caption").into(),
        )
    }

    /// Page 1, under the criteria: what they do not cover. Structures no criterion names, and
    /// per structure the empty-mask counts, one sentence each when not zero.
    pub(super) fn segmentation_not_covered(&mut self, seg: &SegmentationFigures) {
        let l = self.lang;
        let mut rows: Vec<Row> = Vec::new();
        let judged = self.judged_structures();
        for name in seg.structures.keys() {
            if judged.as_ref().is_some_and(|j| !j.contains(name)) {
                rows.push(Row::styled(
                    vec![name.clone(), text!(l, "seg-no-criterion").into()],
                    RowStyle::Flag,
                ));
            }
        }
        for (name, s) in &seg.structures {
            let sm = &s.summary;
            let both = match seg.conventions.both_empty {
                BothEmpty::Reported => "reported",
                BothEmpty::LeftOut => "left_out",
            };
            if sm.both_empty > 0 {
                rows.push(Row::new(vec![
                    name.clone(),
                    words!(l, "seg-page1-both-empty", n = sm.both_empty, rule = both),
                ]));
            }
            if sm.missed > 0 {
                rows.push(Row::styled(
                    vec![
                        name.clone(),
                        words!(l, "seg-page1-missed", n = sm.missed, cases = sm.cases),
                    ],
                    RowStyle::Flag,
                ));
            }
            if sm.false_alarm > 0 {
                rows.push(Row::styled(
                    vec![
                        name.clone(),
                        words!(
                            l,
                            "seg-page1-false-alarm",
                            n = sm.false_alarm,
                            cases = sm.cases
                        ),
                    ],
                    RowStyle::Flag,
                ));
            }
        }
        if rows.is_empty() {
            return;
        }
        let mut t = Table::text(
            vec![
                text!(l, "seg-structure").into(),
                text!(l, "flags-list-not-covered-by-the").into(),
            ],
            vec![1.6, 6.0],
        );
        t.rows = rows;
        t.note = Some(text!(l, "flags-list-these-do-not-change").into());
        self.table(t);
    }

    /// The structures the criteria judge (a criterion without one judges the only structure);
    /// None when no criterion is a segmentation one, so no structure is called uncovered by
    /// criteria that could not name it.
    fn judged_structures(&self) -> Option<Vec<String>> {
        let names: Vec<String> = self
            .eval
            .acceptance
            .criteria
            .iter()
            .filter(|c| c.metric.is_segmentation())
            .filter_map(|c| self.criterion_structure(c))
            .collect();
        (!names.is_empty()).then_some(names)
    }

    /// The structure a criterion judges: its own, or the plan's only one.
    fn criterion_structure(&self, c: &CriterionResult) -> Option<String> {
        let seg = self.eval.segmentation()?;
        c.structure.clone().or_else(|| {
            (seg.structures.len() == 1)
                .then(|| seg.structures.keys().next().cloned())
                .flatten()
        })
    }

    /// What a criterion judges, in words: "mean Dice of SpinalCord", "share of SpinalCord
    /// cases with HD95 (mm) ≤ 3"; a binary metric's name otherwise.
    pub(super) fn criterion_subject(&self, c: &CriterionResult) -> String {
        let l = self.lang;
        if let Some(rate) = c.fp_rate {
            return words!(
                l,
                "det-criterion-at",
                metric = metric_name(l, c.metric),
                rate = self.f.plain(rate)
            );
        }
        if self.eval.detection().is_some() && !c.metric.is_detection() {
            return words!(
                l,
                "det-criterion-unit-level",
                metric = metric_name(l, c.metric)
            );
        }
        let Some(seg) = self
            .eval
            .segmentation()
            .filter(|_| c.metric.is_segmentation())
        else {
            return metric_name(l, c.metric).to_string();
        };
        let structure = self.criterion_structure(c).unwrap_or_else(|| "–".into());
        if c.metric == Metric::ShareWithin {
            let figure = c.figure.as_deref().unwrap_or("dice");
            let sign = if is_overlap(figure) { "≥" } else { "≤" };
            return words!(
                l,
                "seg-criterion-share",
                structure = structure,
                figure = self.figure_label(figure, &seg.conventions),
                sign = sign,
                tolerance = c.tolerance.map_or("–".into(), |t| self.f.plain(t))
            );
        }
        let statistic = match c.statistic.unwrap_or_default() {
            Statistic::Mean => "mean",
            Statistic::Median => "median",
        };
        words!(
            l,
            "seg-criterion-figure",
            statistic = statistic,
            figure = self.figure_label(c.metric.name(), &seg.conventions),
            structure = structure
        )
    }

    /// Section "Segmentation accuracy": one subsection per structure.
    fn structures(&mut self, seg: &SegmentationFigures) {
        let l = self.lang;
        self.h1("accuracy", text!(l, "seg-section-accuracy"));
        self.para(words!(
            l,
            "seg-accuracy-intro",
            pct_conf = self.pct_conf(),
            unit = seg.unit.as_str()
        ));
        for (figure_no, (name, s)) in (2..).zip(&seg.structures) {
            self.structure(name, s, &seg.conventions, figure_no);
        }
    }

    fn structure(
        &mut self,
        name: &str,
        s: &StructureFigures,
        conv: &Conventions,
        figure_no: usize,
    ) {
        let l = self.lang;
        let sm = &s.summary;
        self.h2(name.to_string(), format!("structure-{}", slug(name)));
        self.para(words!(
            l,
            "seg-structure-counts",
            cases = sm.cases,
            patients = sm.patients,
            present = sm.detection.found + sm.detection.missed,
            both_empty = sm.both_empty,
            missed = sm.missed,
            false_alarm = sm.false_alarm
        ));
        let mut t = Table::numeric(
            vec![
                text!(l, "seg-figure").into(),
                "n".into(),
                text!(l, "seg-mean-ci").into(),
                text!(l, "seg-median-ci").into(),
                text!(l, "seg-range").into(),
            ],
            vec![1.7, 0.5, 1.9, 1.9, 1.4],
        );
        for figure in FIGURES {
            let Some(fs) = sm.figure(figure) else {
                continue;
            };
            t.rows.push(Row::new(vec![
                self.figure_label(figure, conv),
                fs.n.to_string(),
                self.figure_ci(figure, fs.mean, fs.mean_ci),
                self.figure_ci(figure, fs.median, fs.median_ci),
                self.range(figure, fs),
            ]));
        }
        let left_out = match conv.both_empty {
            BothEmpty::Reported => words!(l, "seg-both-empty-in", n = sm.both_empty),
            BothEmpty::LeftOut => words!(l, "seg-both-empty-out", n = sm.both_empty),
        };
        t.note = Some(format!(
            "{} {} {}",
            words!(
                l,
                "seg-figures-note",
                replicates = sm.dice.replicates,
                seed = sm.dice.seed.to_string()
            ),
            left_out,
            words!(l, "seg-worst-in-means", n = sm.missed + sm.false_alarm)
        ));
        self.table(t);
        self.shares(&sm.share_within, conv);
        self.detection(s);
        self.strip_figure(name, s, conv, figure_no);
    }

    fn range(&self, figure: &str, fs: &FigureSummary) -> String {
        if !(fs.min.is_finite() && fs.max.is_finite()) {
            return "–".into();
        }
        format!(
            "{} – {}",
            self.figure_value(figure, fs.min),
            self.figure_value(figure, fs.max)
        )
    }

    /// The share of cases within each tolerance, with its clustered interval.
    fn shares(&mut self, shares: &[ShareWithin], conv: &Conventions) {
        if shares.is_empty() {
            return;
        }
        let l = self.lang;
        let mut t = Table::numeric(
            vec![
                text!(l, "seg-tolerance").into(),
                "x / n".into(),
                format!(
                    "{} [{}]",
                    text!(l, "seg-share-within"),
                    self.proportion_interval_name()
                ),
            ],
            vec![2.6, 1.0, 2.2],
        );
        for sh in shares {
            let sign = match sh.direction {
                Direction::AtLeast => "≥",
                Direction::AtMost => "≤",
            };
            let p = &sh.proportion;
            t.rows.push(Row::new(vec![
                format!(
                    "{} {sign} {}",
                    self.figure_label(&sh.figure, conv),
                    self.f.plain(sh.tolerance)
                ),
                format!("{} / {}", p.x, p.n),
                self.clustered(p),
            ]));
        }
        t.note = Some(text!(l, "seg-share-note").into());
        self.table(t);
    }

    /// The detection 2×2 table (structure in the truth against in the prediction) with
    /// sensitivity and specificity.
    fn detection(&mut self, s: &StructureFigures) {
        let l = self.lang;
        let d = &s.summary.detection;
        let mut t = Table::numeric(
            vec![
                String::new(),
                text!(l, "seg-truth-present").into(),
                text!(l, "seg-truth-empty").into(),
                text!(l, "accuracy-total").into(),
            ],
            vec![2.0, 1.6, 1.6, 1.0],
        );
        t.rows.push(Row::new(vec![
            text!(l, "seg-prediction-present").into(),
            format!("{} ({})", d.found, text!(l, "seg-found")),
            format!("{} ({})", d.false_alarm, text!(l, "seg-false-alarm")),
            (d.found + d.false_alarm).to_string(),
        ]));
        t.rows.push(Row::new(vec![
            text!(l, "seg-prediction-empty").into(),
            format!("{} ({})", d.missed, text!(l, "seg-missed")),
            format!("{} ({})", d.both_empty, text!(l, "seg-both-empty")),
            (d.missed + d.both_empty).to_string(),
        ]));
        t.rows.push(Row::styled(
            vec![
                text!(l, "accuracy-total").into(),
                (d.found + d.missed).to_string(),
                (d.false_alarm + d.both_empty).to_string(),
                (d.found + d.missed + d.false_alarm + d.both_empty).to_string(),
            ],
            RowStyle::Strong,
        ));
        t.rows.push(Row::new(vec![
            text!(l, "accuracy-sensitivity").into(),
            format!("{} / {}", d.sensitivity.x, d.sensitivity.n),
            self.clustered(&d.sensitivity),
            String::new(),
        ]));
        t.rows.push(Row::new(vec![
            text!(l, "thresholds-specificity").into(),
            format!("{} / {}", d.specificity.x, d.specificity.n),
            self.clustered(&d.specificity),
            String::new(),
        ]));
        t.note = Some(words!(
            l,
            "seg-detection-note",
            interval = self.proportion_interval_name()
        ));
        self.table(t);
    }

    /// Dice and HD95 of every case as dots on two strips, mean and median marked; missed
    /// structures and false alarms at their worst value, drawn at the edge.
    fn strip_figure(
        &mut self,
        name: &str,
        s: &StructureFigures,
        conv: &Conventions,
        figure_no: usize,
    ) {
        let l = self.lang;
        let mark = |p: Presence| match p {
            Presence::Missed | Presence::FalseAlarm => StripMark::Worst,
            _ => StripMark::Case,
        };
        let values = |figure: &str| -> Vec<(f64, StripMark)> {
            s.cases
                .iter()
                .filter_map(|c| Some((c.figure(figure)?, mark(c.presence))))
                .filter(|(v, _)| v.is_finite())
                .collect()
        };
        // HD95's axis ends past the largest measured distance, not at the image diagonal a
        // miss is given (it would flatten every other case against 0).
        let measured_max = s
            .cases
            .iter()
            .filter(|c| c.presence == Presence::Both && c.hd95.is_finite())
            .map(|c| c.hd95)
            .fold(0.0f64, f64::max);
        let hd_max = crate::i18n::nice_ceiling(measured_max.max(1.0) * 1.1);
        let panels = [
            StripPanel {
                title: self.figure_label("dice", conv),
                range: (0.0, 1.0),
                ticks: vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0],
                values: values("dice"),
                mean: s.summary.dice.mean,
                median: s.summary.dice.median,
            },
            StripPanel {
                title: self.figure_label("hd95", conv),
                range: (0.0, hd_max),
                ticks: (0..=5).map(|i| hd_max * i as f64 / 5.0).collect(),
                values: values("hd95"),
                mean: s.summary.hd95.mean,
                median: s.summary.hd95.median,
            },
        ];
        let f = Fmt(l);
        let fig = figures::strips(
            &panels,
            StripWords {
                legend: [
                    text!(l, "seg-strip-case").into(),
                    text!(l, "seg-strip-worst").into(),
                    text!(l, "seg-strip-mean").into(),
                    text!(l, "seg-strip-median").into(),
                ],
                caption: words!(l, "seg-strip-caption", figure = figure_no, structure = name),
            },
            &|x| f.num(x, if x.fract() == 0.0 || x >= 10.0 { 0 } else { 1 }),
        );
        self.blocks.push(Block::Figure(fig));
    }

    /// Section "Subgroups": per structure, Dice and HD95 by group; groups below the
    /// guardrails are shown and marked, never judged.
    fn segmentation_subgroups(&mut self, seg: &SegmentationFigures) {
        let l = self.lang;
        self.h1("subgroups", text!(l, "section-subgroups"));
        if seg.structures.values().all(|s| s.subgroups.is_empty()) {
            self.para(text!(l, "subgroups-the-plan-names-no"));
            return;
        }
        self.para(words!(
            l,
            "seg-subgroups-intro",
            min_group_n = self.eval.plan.analysis.min_group_n
        ));
        for (name, s) in &seg.structures {
            if s.subgroups.is_empty() {
                continue;
            }
            self.h2(name.clone(), format!("subgroups-structure-{}", slug(name)));
            let mut t = Table::numeric(
                vec![
                    text!(l, "subgroups-group").into(),
                    text!(l, "cohort-cases-2").into(),
                    text!(l, "seg-patients").into(),
                    format!(
                        "{} {}",
                        self.figure_label("dice", &seg.conventions),
                        text!(l, "seg-mean-ci")
                    ),
                    format!(
                        "{} {}",
                        self.figure_label("hd95", &seg.conventions),
                        text!(l, "seg-mean-ci")
                    ),
                    text!(l, "subgroups-finding").into(),
                ],
                vec![1.5, 0.6, 0.8, 1.9, 1.9, 1.3],
            );
            t.align[5] = Align::Left;
            for g in &s.subgroups {
                let (finding, style) = if g.sufficient {
                    (String::new(), RowStyle::Normal)
                } else {
                    (
                        text!(l, "group-finding-too-few-cases-not").to_string(),
                        RowStyle::Muted,
                    )
                };
                t.rows.push(Row::styled(
                    vec![
                        format!("{} = {}", g.attribute, g.group),
                        g.cases.to_string(),
                        g.patients.to_string(),
                        self.figure_ci("dice", g.dice.mean, g.dice.mean_ci),
                        self.figure_ci("hd95", g.hd95.mean, g.hd95.mean_ci),
                        finding,
                    ],
                    style,
                ));
            }
            t.note = Some(text!(l, "seg-subgroups-note").into());
            self.table(t);
        }
    }

    /// Section "Worst cases": per structure, the slices where truth and prediction disagree
    /// most, with both contours over the windowed image.
    fn worst_cases(&mut self, seg: &SegmentationFigures) {
        let l = self.lang;
        self.h1("worst-cases", text!(l, "seg-section-worst"));
        self.para(text!(l, "seg-worst-intro"));
        let figure_base = 2 + seg.structures.len();
        for (figure_no, (name, s)) in (figure_base..).zip(&seg.structures) {
            self.h2(name.clone(), format!("worst-{}", slug(name)));
            let tiles: Vec<TileImage> = s
                .worst
                .iter()
                .filter_map(|case| {
                    seg.tiles
                        .iter()
                        .find(|t| &t.structure == name && &t.case == case)
                })
                .take(MAX_TILES)
                .filter_map(|t| self.tile(t))
                .collect();
            if tiles.is_empty() {
                self.para(text!(l, "seg-no-tiles"));
                continue;
            }
            let fig = figures::tiles(
                &tiles,
                TileWords {
                    truth: text!(l, "seg-tile-truth").into(),
                    prediction: text!(l, "seg-tile-prediction").into(),
                    caption: words!(
                        l,
                        "seg-tiles-caption",
                        figure = figure_no,
                        structure = name.as_str(),
                        n = tiles.len()
                    ),
                },
            );
            self.blocks.push(Block::Figure(fig));
        }
    }

    /// One tile as an image with its contours and the lines under it; None when its pixels
    /// and masks disagree in size (the evaluation's defect, shown as a missing tile).
    fn tile(&self, t: &crate::segmentation::figures::Tile) -> Option<TileImage> {
        let o = raster::overlay(
            t.width,
            t.height,
            &t.pixels,
            &t.truth,
            &t.prediction,
            figures::CONTOURS,
        )?;
        Some(TileImage {
            png: Arc::new(raster::png(&o)),
            width: o.width,
            height: o.height,
            label: vec![
                t.case.clone(),
                format!(
                    "{} {} · Dice {}",
                    text!(self.lang, "seg-slice"),
                    t.slice,
                    self.f.p3(t.dice)
                ),
            ],
        })
    }

    /// Methods for a segmentation run: each convention in a sentence, with its source.
    pub(super) fn segmentation_conventions(&self, seg: &SegmentationFigures) -> Vec<String> {
        let l = self.lang;
        let e = self.eval;
        let c = &seg.conventions;
        let a = &e.plan.analysis;
        let mut v = vec![
            words!(l, "seg-method-binarise", rule = self.binarisation(c)),
            text!(l, "seg-method-rasterisation").to_string(),
            text!(l, "seg-method-overlap").to_string(),
            text!(l, "seg-method-surface").to_string(),
            text!(l, "seg-method-hd95").to_string(),
            words!(
                l,
                "seg-method-nsd",
                tolerance = self.f.plain(c.nsd_tolerance_mm)
            ),
            match c.both_empty {
                BothEmpty::Reported => text!(l, "seg-method-both-empty-reported"),
                BothEmpty::LeftOut => text!(l, "seg-method-both-empty-left-out"),
            }
            .to_string(),
            text!(l, "seg-method-worst").to_string(),
            text!(l, "seg-method-volume").to_string(),
            words!(
                l,
                "seg-method-bootstrap",
                confidence = self.f.plain(a.confidence * 100.0),
                replicates = a.bootstrap,
                seed = a.seed.to_string()
            ),
            words!(
                l,
                "seg-method-shares",
                interval = self.proportion_interval_name()
            ),
            words!(l, "seg-method-subgroups", min_n = a.min_group_n),
            text!(l, "convention-acceptance").to_string(),
            text!(l, "seg-method-sources").to_string(),
        ];
        if e.plan.cohort.patient.is_none() {
            v.push(text!(l, "seg-method-no-patient-key").to_string());
        }
        v
    }

    /// Limitations of a segmentation run: structures with few cases, insufficient groups.
    pub(super) fn segmentation_limitations(
        &self,
        seg: &SegmentationFigures,
        lim: &mut Vec<String>,
    ) {
        let l = self.lang;
        let insufficient: Vec<String> = seg
            .structures
            .iter()
            .flat_map(|(name, s)| {
                s.subgroups
                    .iter()
                    .filter(|g| !g.sufficient)
                    .map(move |g| format!("{name}: {} = {}", g.attribute, g.group))
            })
            .collect();
        if !insufficient.is_empty() {
            lim.push(format!(
                "{} {}.",
                text!(l, "methods-too-few-cases-to"),
                insufficient.join(", ")
            ));
        }
        if seg.structures.values().all(|s| s.subgroups.is_empty()) {
            lim.push(text!(l, "methods-no-subgroup-analysis-the").into());
        }
        lim.push(text!(l, "seg-limitation-reference").into());
    }

    /// Appendix A of a segmentation run: per structure, the missed structures and false
    /// alarms, then the lowest Dice, by case id only.
    pub(super) fn segmentation_review(&mut self, seg: &SegmentationFigures) {
        let l = self.lang;
        self.para(text!(l, "seg-appendix-intro"));
        for (name, s) in &seg.structures {
            let mut cases: Vec<&crate::segmentation::figures::SegmentationCase> = s
                .cases
                .iter()
                .filter(|c| c.presence != Presence::BothEmpty)
                .collect();
            // Misses and false alarms first, then by Dice, lowest first; ties by case id.
            cases.sort_by(|a, b| {
                let rank = |c: &crate::segmentation::figures::SegmentationCase| {
                    u8::from(c.presence == Presence::Both)
                };
                rank(a)
                    .cmp(&rank(b))
                    .then(a.dice.total_cmp(&b.dice))
                    .then_with(|| a.case.cmp(&b.case))
            });
            self.h2(
                format!("{name} ({})", cases.len()),
                format!("review-{}", slug(name)),
            );
            if cases.is_empty() {
                self.para(text!(l, "appendix-none"));
                continue;
            }
            let mut t = Table::numeric(
                vec![
                    text!(l, "appendix-case-id").into(),
                    text!(l, "seg-presence").into(),
                    text!(l, "seg-figure-dice").into(),
                    text!(l, "seg-figure-hd95").into(),
                    text!(l, "seg-figure-volume-difference").into(),
                ],
                vec![2.4, 1.6, 0.9, 1.1, 1.4],
            );
            t.align[1] = Align::Left;
            for c in cases.iter().take(MAX_REVIEW) {
                let style = if c.presence == Presence::Both {
                    RowStyle::Normal
                } else {
                    RowStyle::Flag
                };
                t.rows.push(Row::styled(
                    vec![
                        c.case.clone(),
                        self.presence_word(c.presence).into(),
                        self.figure_value("dice", c.dice),
                        self.figure_value("hd95", c.hd95),
                        self.figure_value("volume_difference", c.volume_difference),
                    ],
                    style,
                ));
            }
            if cases.len() > MAX_REVIEW {
                t.note = Some(words!(
                    l,
                    "seg-appendix-first",
                    max = MAX_REVIEW,
                    n = cases.len()
                ));
            }
            self.table(t);
        }
        self.blocks.push(Block::Paragraph {
            text: text!(l, "seg-appendix-json").into(),
            style: TextStyle::Note,
        });
    }

    fn presence_word(&self, p: Presence) -> &'static str {
        let l = self.lang;
        match p {
            Presence::Both => text!(l, "seg-found"),
            Presence::BothEmpty => text!(l, "seg-both-empty"),
            Presence::Missed => text!(l, "seg-missed"),
            Presence::FalseAlarm => text!(l, "seg-false-alarm"),
        }
    }
}
