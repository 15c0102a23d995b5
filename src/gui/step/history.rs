//! Step 8: the run history. Every run (from this app or `batch`) with its verdict; the audit
//! chain checked on request; one run opened (its verdict, figures and stored report saved
//! again); two runs compared, as `provestein history compare` does. Reading the file happens
//! on a worker thread, like everything else that touches the disk.

use eframe::egui;
use provestein::history::compare::RunComparison;
use provestein::history::{History, StoredRun};

use crate::gui::i18n::{Numbers, signed, t, tr};
use crate::gui::picker::Pick;
use crate::gui::state::App;
use crate::gui::state::history::Opened;
use crate::gui::task::Task;
use crate::gui::widgets::path_row;

impl App {
    pub fn history_step(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        self.history.poll();
        ui.heading(t::HISTORY_HEADING.get(lang));
        ui.label(t::HISTORY_INTRO.get(lang));
        let mut path = self.history_path.clone();
        let open = path_row(
            ui,
            lang,
            t::HISTORY_FILE.get(lang),
            &mut path,
            "history.sqlite",
            &mut self.picker,
            Pick::File("SQLite", &["sqlite", "db"]),
            t::HISTORY_OPEN.get(lang),
        );
        self.history_path = path;
        if open || (self.history.runs.is_none() && self.history.listing.is_none()) {
            self.load_history(ui.ctx());
        }
        ui.horizontal(|ui| {
            if ui.button(t::HISTORY_VERIFY.get(lang)).clicked() {
                let file = App::chosen(&self.history_path);
                self.history.verifying = Some(Task::spawn(ui.ctx(), move || {
                    History::open(&file)
                        .and_then(|h| h.verify())
                        .map_err(|e| e.to_string())
                }));
            }
            if ui.button(t::HISTORY_REFRESH.get(lang)).clicked() {
                self.load_history(ui.ctx());
            }
            if self.history.is_busy() {
                ui.spinner();
            }
        });
        match &self.history.verification {
            Some(Ok(v)) => match &v.broken {
                None => {
                    ui.label(tr!(
                        lang,
                        "chain-intact",
                        runs = v.records,
                        head = v.head.clone().unwrap_or_else(|| "–".into())
                    ));
                }
                Some(b) => {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        tr!(
                            lang,
                            "chain-broken",
                            run = b.run,
                            reason = b.reason.to_string()
                        ),
                    );
                }
            },
            Some(Err(e)) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            None => {}
        }
        ui.separator();
        let runs = match &self.history.runs {
            Some(Ok(runs)) => runs.clone(),
            Some(Err(e)) => {
                ui.colored_label(ui.visuals().error_fg_color, e.clone());
                return;
            }
            None => return,
        };
        if runs.is_empty() {
            ui.label(t::HISTORY_EMPTY.get(lang));
            return;
        }
        ui.label(t::HISTORY_SELECT.get(lang));
        let before = self.history.selected.clone();
        egui::Grid::new("runs")
            .num_columns(11)
            .striped(true)
            .show(ui, |ui| {
                let heads = [
                    t::HISTORY_RUN,
                    t::HISTORY_STATUS,
                    t::HISTORY_STARTED,
                    t::HISTORY_USER,
                    t::VERDICT,
                    t::STEP_CASES,
                    t::HISTORY_PLAN,
                    t::THRESHOLD,
                    t::HISTORY_POST_HOC,
                    t::STUDY_NAME,
                ];
                ui.label("");
                for h in heads {
                    ui.strong(h.get(lang));
                }
                ui.end_row();
                for r in runs.iter().rev() {
                    let mut on = self.history.selected.contains(&r.id);
                    if ui
                        .checkbox(&mut on, "")
                        .on_hover_text(t::HISTORY_SELECT.get(lang))
                        .changed()
                    {
                        self.history.selected.retain(|&i| i != r.id);
                        if on {
                            self.history.selected.push(r.id);
                            if self.history.selected.len() > 2 {
                                self.history.selected.remove(0);
                            }
                        }
                    }
                    ui.label(format!("#{}", r.id));
                    ui.label(r.status.as_str());
                    ui.label(crate::gui::text::short_time(&r.started));
                    ui.label(&r.user);
                    ui.strong(r.verdict.clone().unwrap_or_else(|| "–".into()));
                    ui.label(r.n.to_string());
                    ui.monospace(crate::gui::text::short_hash(&r.plan_sha256));
                    ui.label(r.threshold.map_or("–".into(), |t| t.to_string()));
                    match r.post_hoc {
                        Some(true) => {
                            ui.colored_label(ui.visuals().warn_fg_color, t::YES.get(lang));
                        }
                        Some(false) => {
                            ui.label(t::NO.get(lang));
                        }
                        None => {
                            ui.label("–");
                        }
                    }
                    ui.label(&r.study);
                    ui.end_row();
                }
            });
        if self.history.selected != before {
            self.open_selected(ui.ctx());
        }
        ui.separator();
        match &self.history.opened {
            Some(Ok(Opened::One(run))) => {
                let run = run.clone();
                self.stored_run(ui, &run.0, &run.1);
            }
            Some(Ok(Opened::Two(c))) => comparison(ui, lang, c),
            Some(Err(e)) => {
                ui.colored_label(ui.visuals().error_fg_color, e.clone());
            }
            None => {}
        }
    }

    pub(crate) fn load_history(&mut self, ctx: &egui::Context) {
        let file = App::chosen(&self.history_path);
        self.history.listing = Some(Task::spawn(ctx, move || {
            if !file.exists() {
                return Ok(Vec::new()); // nothing recorded yet: no file is created by looking
            }
            History::open(&file)
                .and_then(|h| h.list())
                .map_err(|e| e.to_string())
        }));
        self.history.opened = None;
        self.history.selected.clear();
    }

    pub(crate) fn open_selected(&mut self, ctx: &egui::Context) {
        let file = App::chosen(&self.history_path);
        let ids = self.history.selected.clone();
        self.history.exported = None;
        if ids.is_empty() {
            self.history.opened = None;
            return;
        }
        self.history.opening = Some(Task::spawn(ctx, move || {
            let h = History::open(&file).map_err(|e| e.to_string())?;
            let get = |id| h.get(id).map_err(|e| e.to_string());
            match ids.as_slice() {
                [one] => {
                    let run = get(*one)?;
                    let eval = run.evaluation().map_err(|e| e.to_string())?;
                    Ok(Opened::One(std::sync::Arc::new((run, eval))))
                }
                [a, b] => {
                    let (a, b) = (get(*a)?, get(*b)?);
                    Ok(Opened::Two(Box::new(
                        provestein::history::compare::compare(&a, &b).map_err(|e| e.to_string())?,
                    )))
                }
                _ => Err("select one run or two".into()),
            }
        }));
    }

    /// One stored run: its verdict and criteria, its main figures, and saving its report.
    fn stored_run(&mut self, ui: &mut egui::Ui, run: &StoredRun, eval: &provestein::Evaluation) {
        let lang = self.lang;
        ui.strong(tr!(
            lang,
            "history-run-title",
            run = run.summary.id,
            study = run.summary.study.to_string(),
            started = crate::gui::text::short_time(&run.summary.started)
        ));
        ui.label(format!(
            "{}: {}",
            t::VERDICT.get(lang),
            provestein::report::content::verdict_word(lang, eval.acceptance.verdict)
        ));
        // Pre-specification as recorded (absent from runs recorded before it was).
        let prespec = eval.provenance.prespecification.as_ref();
        let (text, post_hoc) = crate::gui::text::prespecification_text(lang, prespec);
        if post_hoc {
            ui.colored_label(ui.visuals().warn_fg_color, text);
        } else {
            ui.label(text);
        }
        for c in &eval.acceptance.criteria {
            ui.label(format!(
                "• {}  {}",
                provestein::report::content::verdict_word(lang, c.verdict),
                c.explanation
            ));
        }
        if let Some(b) = eval.binary() {
            let o = &b.overall;
            egui::Grid::new("stored-metrics")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    for info in &provestein::metric::ALL {
                        let f = info.figure(o, info.interval_in(&eval.plan.analysis));
                        ui.label(info.label(lang));
                        ui.label(Numbers(lang).est_ci(f.estimate, f.interval));
                        ui.end_row();
                    }
                });
            drift_charts(ui, lang, b.drift.as_ref());
        }
        let rows = task_rows(lang, eval);
        if !rows.is_empty() {
            egui::Grid::new("stored-task-figures")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    for [name, value] in &rows {
                        ui.label(name);
                        ui.label(value);
                        ui.end_row();
                    }
                });
        }
        ui.add_space(4.0);
        if self.history.export_dir.is_empty() {
            self.history.export_dir = format!("provestein-run-{}", run.summary.id);
        }
        let mut dir = self.history.export_dir.clone();
        let go = path_row(
            ui,
            lang,
            t::OUTPUT_FOLDER.get(lang),
            &mut dir,
            "provestein-run",
            &mut self.picker,
            Pick::Folder,
            t::HISTORY_SAVE.get(lang),
        );
        self.history.export_dir = dir;
        if go {
            let out = App::chosen(&self.history.export_dir);
            self.history.exported = Some(save_run(run, &out));
        }
        match &self.history.exported {
            Some(Ok(s)) => {
                ui.label(s);
            }
            Some(Err(e)) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            None => {}
        }
    }
}

/// The run's drift over time (report.json `drift`), sensitivity and specificity per period as
/// control charts, and equipment that first appeared mid-cohort.
fn drift_charts(
    ui: &mut egui::Ui,
    lang: crate::gui::i18n::Lang,
    drift: Option<&provestein::metrics::drift::Drift>,
) {
    let Some(drift) = drift else {
        ui.weak(t::DRIFT_NONE.get(lang));
        return;
    };
    ui.add_space(4.0);
    let period = match drift.period {
        provestein::metrics::drift::Period::Month => "month",
        provestein::metrics::drift::Period::Quarter => "quarter",
    };
    ui.strong(tr!(lang, "drift-heading", period = period));
    let x = &drift.excluded_dates;
    let (placeholder, before, after) = (x.placeholder, x.before_1985, x.after_run);
    if placeholder + before + after > 0 {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            tr!(
                lang,
                "drift-excluded-dates",
                cases = (placeholder + before + after),
                placeholder = placeholder,
                early = before,
                future = after
            ),
        );
    }
    use provestein::metrics::Status;
    for (key, name, sensitivity) in [
        ("sensitivity", provestein::plan::Metric::Sensitivity, true),
        ("specificity", provestein::plan::Metric::Specificity, false),
    ] {
        fn either<T>(sensitivity: bool, se: T, sp: T) -> T {
            if sensitivity { se } else { sp }
        }
        let points: Vec<crate::gui::plots::PeriodPoint> = drift
            .periods
            .iter()
            .map(|p| {
                let r = either(sensitivity, &p.sensitivity, &p.specificity);
                crate::gui::plots::PeriodPoint {
                    label: p.period.clone(),
                    estimate: r.estimate,
                    ci: r.wilson,
                    ok: *either(sensitivity, &p.gates.sensitivity, &p.gates.specificity)
                        == Status::Ok
                        && p.status == Status::Ok,
                    worse: either(sensitivity, &p.vs_rest.sensitivity, &p.vs_rest.specificity)
                        .as_ref()
                        .is_some_and(|t| t.significantly_worse),
                }
            })
            .collect();
        crate::gui::plots::drift(
            ui,
            lang,
            &format!("drift-{key}"),
            &points,
            either(
                sensitivity,
                &drift.overall.sensitivity,
                &drift.overall.specificity,
            )
            .estimate,
            &provestein::metric::label(lang, name),
            620.0,
        );
    }
    ui.weak(t::DRIFT_KEY.get(lang));
    for e in drift.new_mid_cohort() {
        ui.label(tr!(
            lang,
            "drift-new-equipment",
            attribute = e.attribute.clone(),
            value = e.value.clone(),
            first = e.first_seen.clone(),
            cases = e.cases
        ));
    }
}

/// Writes a stored run's files as they were when it ended; what was written, in words.
fn save_run(run: &StoredRun, out: &std::path::Path) -> Result<String, String> {
    let files = provestein::history::export(run, out).map_err(|e| e.to_string())?;
    let names: Vec<String> = files
        .iter()
        .filter_map(|f| f.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    Ok(format!("{}: {}", out.display(), names.join(", ")))
}

/// Two runs side by side, as `history compare` prints them.
fn comparison(ui: &mut egui::Ui, lang: crate::gui::i18n::Lang, c: &RunComparison) {
    ui.strong(tr!(lang, "history-compare-title", b = c.b, a = c.a));
    if !c.same_model {
        ui.label(t::HISTORY_OTHER_MODEL.get(lang));
    }
    if c.plan_changes.is_empty() {
        ui.label(t::HISTORY_SAME_PLAN.get(lang));
    } else {
        let parts: Vec<&str> = c
            .plan_changes
            .parts
            .iter()
            .map(|p| crate::gui::text::part_name(lang, *p))
            .collect();
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!("{} {}", t::HISTORY_PLAN_DIFF.get(lang), parts.join(", ")),
        );
        for k in &c.plan_changes.keys {
            ui.monospace(format!("  {}", k.describe()));
        }
    }
    egui::Grid::new("compare")
        .num_columns(6)
        .striped(true)
        .show(ui, |ui| {
            for h in [
                t::CRIT_METRIC.get(lang).to_string(),
                format!("A #{}", c.a),
                format!("B #{}", c.b),
                "B − A".into(),
                tr!(
                    lang,
                    "history-compare-ci",
                    level = Numbers(lang).num(c.confidence * 100.0, 0)
                ),
                "p".into(),
            ] {
                ui.strong(h);
            }
            ui.end_row();
            for m in &c.metrics {
                ui.label(&m.metric);
                ui.label(Numbers(lang).num(m.a, 3));
                ui.label(Numbers(lang).num(m.b, 3));
                if m.significant {
                    ui.strong(format!("{} *", signed(lang, m.difference, 3)));
                } else {
                    ui.label(signed(lang, m.difference, 3));
                }
                if m.ci[0].is_finite() {
                    ui.label(Numbers(lang).ci(m.ci));
                } else {
                    ui.label("–");
                }
                if m.p_value.is_finite() {
                    ui.label(Numbers(lang).num(m.p_value, 4));
                } else {
                    ui.label("–");
                }
                ui.end_row();
            }
        });
    ui.weak(if c.paired {
        t::HISTORY_TESTS_PAIRED.get(lang)
    } else {
        t::HISTORY_TESTS.get(lang)
    });
    if c.flags.is_empty() {
        ui.label(t::HISTORY_NO_CHANGE.get(lang));
    } else {
        ui.strong(t::HISTORY_CHANGES.get(lang));
        for f in &c.flags {
            ui.label(format!("• {f}"));
        }
    }
}

/// A stored detection or multi-finding run's main figures (a binary run's are the metric
/// registry's): lesion sensitivity at each FP rate and the CPM; macro and micro AUC, and for
/// multi-class Hand & Till's AUC and the kappas. Each with its interval.
pub(crate) fn task_rows(
    lang: crate::gui::i18n::Lang,
    eval: &provestein::Evaluation,
) -> Vec<[String; 2]> {
    use super::detection::estimate_text;
    use provestein::plan::Metric;
    let label = |m: Metric| provestein::metric::label(lang, m);
    let mut rows = Vec::new();
    if let Some(d) = eval.detection() {
        let d = &d.detection;
        for s in &d.sensitivity_at {
            rows.push([
                format!(
                    "{}{}",
                    label(Metric::LesionSensitivity),
                    tr!(
                        lang,
                        "sent-fp-rate",
                        rate = crate::gui::plots::fp_rate_text(lang, s.fp_rate)
                    )
                ),
                estimate_text(lang, &s.sensitivity),
            ]);
        }
        rows.push([label(Metric::Cpm), estimate_text(lang, &d.cpm)]);
    }
    if let Some(f) = eval.findings() {
        let s = &f.findings_summary;
        rows.push([label(Metric::MacroAuc), estimate_text(lang, &s.macro_auc)]);
        rows.push([label(Metric::MicroAuc), estimate_text(lang, &s.micro_auc)]);
        if let Some(m) = &f.multiclass {
            rows.extend(super::findings::multiclass_rows(lang, m));
        }
    }
    rows
}
