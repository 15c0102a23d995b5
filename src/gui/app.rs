//! The app's frame: a bar of steps on top, the current step in the middle, the plan's state at
//! the bottom, and what orchestrates a run (the state itself is in `state`). Each step draws
//! itself in `step/`; anything slow (a run, a model inspection, a folder scan) works on a
//! background thread and reports over a channel, so the window never freezes.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::mpsc::{TryRecvError, channel};
use std::time::Instant;

use eframe::egui;
use provestein::history::Resumed;
use provestein::provenance::Prespecification;
use provestein::{Control, Evaluation, Plan, Progress};

use super::i18n::{Lang, t, tr};
use super::state::{App, FixedPlan, Job, Msg, Notice, Step};
use super::text::{short_hash, short_time};

impl App {
    /// The app with a plan file opened and shown in the Plan step (tests; the window starts
    /// from its stored settings, `gui::run`).
    #[cfg(test)]
    pub fn with_plan(path: &Path) -> Self {
        let mut app = App {
            plan_path: path.display().to_string(),
            ..App::default()
        };
        app.open_plan();
        app.step = Step::Plan;
        app
    }

    pub fn ui(&mut self, ui: &mut egui::Ui) {
        self.poll(ui.ctx());
        self.model.poll();
        self.cohort.poll();
        self.take_dropped_files(ui);
        egui::Panel::top("steps").show(ui, |ui| {
            ui.add_space(4.0);
            ui.horizontal(|ui| {
                ui.heading("Prøvestein");
                ui.separator();
                if ui
                    .add(egui::Button::selectable(
                        self.step == Step::Start,
                        self.step_name(Step::Start),
                    ))
                    .clicked()
                {
                    self.step = Step::Start;
                }
                for (i, step) in Step::ALL.into_iter().enumerate() {
                    let enabled = self.step_enabled(step);
                    let done = self.step_done(step);
                    let label = format!("{} {}", i + 1, self.step_name(step));
                    let r =
                        ui.add_enabled(enabled, egui::Button::selectable(self.step == step, label));
                    step_mark(ui, done, r.rect);
                    let r = r.on_hover_text(if done {
                        t::STEP_DONE.get(self.lang)
                    } else {
                        t::STEP_NOT_DONE.get(self.lang)
                    });
                    if r.clicked() {
                        self.step = step;
                    }
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.horizontal(|ui| {
                        let l = ui.label(t::LANGUAGE_SHORT.get(self.lang));
                        egui::ComboBox::from_id_salt("language")
                            .selected_text(self.lang.name())
                            .show_ui(ui, |ui| {
                                for l in Lang::ALL {
                                    ui.selectable_value(&mut self.lang, l, l.name());
                                }
                            })
                            .response
                            .labelled_by(l.id)
                            .on_hover_text(t::LANGUAGE.get(self.lang));
                    });
                });
            });
            ui.add_space(2.0);
        });
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| self.status_bar(ui));
        });
        egui::CentralPanel::default().show(ui, |ui| {
            if let Some(n) = &self.notice {
                let colour = if n.error {
                    ui.visuals().error_fg_color
                } else {
                    ui.visuals().strong_text_color()
                };
                let mut close = false;
                ui.horizontal_wrapped(|ui| {
                    ui.colored_label(colour, &n.text);
                    close = ui.small_button(t::DISMISS.get(self.lang)).clicked();
                });
                if close {
                    self.notice = None;
                }
                ui.separator();
            }
            egui::ScrollArea::vertical()
                .id_salt(("step", self.step as u8))
                .auto_shrink([false, false])
                .show(ui, |ui| match self.step {
                    Step::Start => self.start_step(ui),
                    Step::Model => self.model_step(ui),
                    Step::Cohort => self.cohort_step(ui),
                    Step::Plan => self.plan_step(ui),
                    Step::Run => self.run_step(ui),
                    Step::Results => self.results_step(ui),
                    Step::Cases => self.cases_step(ui),
                    Step::Report => self.report_step(ui),
                    Step::History => self.history_step(ui),
                });
        });
        self.picker.show(ui.ctx());
    }

    pub fn step_name(&self, step: Step) -> &'static str {
        match step {
            Step::Start => t::STEP_START,
            Step::Model => t::STEP_MODEL,
            Step::Cohort => t::STEP_COHORT,
            Step::Plan => t::STEP_PLAN,
            Step::Run => t::STEP_RUN,
            Step::Results => t::STEP_RESULTS,
            Step::Cases => t::STEP_CASES,
            Step::Report => t::STEP_REPORT,
            Step::History => t::STEP_HISTORY,
        }
        .get(self.lang)
    }

    fn step_enabled(&self, step: Step) -> bool {
        match step {
            Step::Start | Step::Model | Step::Cohort | Step::Plan | Step::Run | Step::History => {
                true
            }
            Step::Results | Step::Cases | Step::Report => self.eval.is_some(),
        }
    }

    /// Whether a step has what it needs; shown as a filled or hollow dot on its button.
    pub fn step_done(&self, step: Step) -> bool {
        match step {
            Step::Start => true,
            Step::Model => self.model_done(),
            Step::Cohort => self.cohort_done(),
            Step::Plan => self.check_draft().is_ok(),
            Step::Run => self.eval.is_some(),
            Step::Results => self.results_seen,
            Step::Cases => self.cases.opened.is_some() || self.cases.seg.opened.is_some(),
            Step::Report => !self.exported.is_empty(),
            Step::History => self.history.seen(),
        }
    }

    fn status_bar(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        let path = if self.plan_path.is_empty() {
            t::PLAN_UNSAVED.get(lang).to_string()
        } else {
            self.plan_path.clone()
        };
        ui.label(tr!(lang, "status-plan", path = path));
        if let Some(f) = &self.fixed {
            ui.separator();
            ui.label(tr!(
                lang,
                "status-fixed",
                hash = short_hash(&f.plan_sha256),
                time = short_time(&f.at)
            ));
            if let Some(after) = self
                .eval
                .as_ref()
                .and_then(|e| e.provenance.prespecification.as_ref())
                .and_then(Prespecification::changed_after)
            {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    tr!(lang, "status-post-hoc", run = after),
                );
            }
        }
        if self.fixed_plan_changed() {
            ui.separator();
            ui.colored_label(ui.visuals().warn_fg_color, t::STATUS_EDITED.get(lang));
        }
    }

    /// The draft differs from the plan file the shown results came from (as the file says it,
    /// not as a vendor manifest filled it).
    pub fn fixed_plan_changed(&self) -> bool {
        match (&self.eval, &self.fixed) {
            (Some(_), Some(f)) => !same_plan(&f.plan, &self.draft),
            _ => false,
        }
    }

    /// Where an edit of the plan is saved: the plan file itself while it has never been run;
    /// once a finished run in the history (or this session) used it, a new version beside it
    /// (plan-v2.toml, plan-v3.toml…), so that what was run stays on disk as it was.
    pub fn save_target(&self) -> PathBuf {
        let key = format!(
            "{}|{:?}|{:?}|{}",
            self.plan_path.trim(),
            self.on_disk.as_ref().and_then(|p| p.source_sha256.as_ref()),
            self.fixed.as_ref().map(|f| &f.plan_sha256),
            self.history_path
        );
        if let Some((k, p)) = &*self.target_cache.borrow()
            && *k == key
        {
            return p.clone();
        }
        let target = self.find_save_target();
        *self.target_cache.borrow_mut() = Some((key, target.clone()));
        target
    }

    fn find_save_target(&self) -> PathBuf {
        let path = PathBuf::from(self.plan_path.trim());
        let Ok(bytes) = std::fs::read(&path) else {
            return path;
        };
        let sha = provestein::provenance::sha256_hex(&bytes);
        let run_here = self.fixed.as_ref().is_some_and(|f| f.plan_sha256 == sha);
        // A history that cannot be read cannot vouch that the file was never run: then the
        // edit goes beside it too.
        let run_before = || {
            let file = self.history_for(&path);
            file.exists()
                && !matches!(
                    provestein::history::History::open(&file).and_then(|h| h.run_of_plan(&sha)),
                    Ok(None)
                )
        };
        if run_here || run_before() {
            next_version(&path)
        } else {
            path
        }
    }

    /// What the draft changes from the plan file on disk, in what is analysed.
    pub fn draft_changes(&self) -> Option<provestein::history::prespec::PlanDiff> {
        let text = self.on_disk_text.as_ref()?;
        Some(provestein::history::prespec::diff(
            text,
            &self.draft.to_toml(),
        ))
    }

    /// The draft as `batch` would see it: serialised, parsed and checked. Err in words.
    pub fn check_draft(&self) -> Result<Plan, String> {
        Plan::parse(
            &self.draft.to_toml(),
            Path::new(t::PLAN_DRAFT_ORIGIN.get(self.lang)),
            self.draft.base_dir.clone(),
        )
        .map_err(|e| e.to_string())
    }

    pub fn set_error(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            error: true,
            text: text.into(),
        });
    }

    pub fn set_info(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            error: false,
            text: text.into(),
        });
    }

    pub fn open_plan(&mut self) {
        let path = self.plan_path.trim().to_string();
        if path.is_empty() {
            self.set_error(t::TYPE_PLAN_PATH.get(self.lang));
            return;
        }
        match Plan::load(path.as_ref()) {
            Ok(p) => {
                self.draft = p.clone();
                self.on_disk = Some(p);
                self.on_disk_text = std::fs::read_to_string(&path).ok();
                self.notice = None;
                self.model.sync_from(&self.draft);
                self.cohort.sync_from(&self.draft);
                self.remember_plan(&path);
                self.set_info(tr!(self.lang, "plan-opened", path = path));
            }
            Err(e) => self.set_error(e.to_string()),
        }
    }

    /// Saves the draft to the plan path, or beside it as a new version when that file has been
    /// run (`save_target`); the saved file is read back and becomes the draft. A draft equal to
    /// the file is not written again, so the file keeps its comments.
    pub fn save_plan(&mut self) -> Option<Plan> {
        if self.plan_path.trim().is_empty() {
            self.set_error(t::TYPE_PLAN_PATH.get(self.lang));
            return None;
        }
        if self
            .on_disk
            .as_ref()
            .is_some_and(|d| same_plan(d, &self.draft))
            && let Ok(p) = Plan::load(self.plan_path.trim().as_ref())
            && same_plan(&p, &self.draft)
        {
            return Some(p);
        }
        let path = self.find_save_target().display().to_string();
        match self.draft.save(path.as_ref()) {
            Ok(p) => {
                self.draft = p.clone();
                self.on_disk = Some(p.clone());
                self.on_disk_text = std::fs::read_to_string(&path).ok();
                self.plan_path = path.clone();
                self.remember_plan(&path);
                self.set_info(tr!(self.lang, "plan-saved", path = path));
                Some(p)
            }
            Err(e) => {
                self.set_error(e.to_string());
                None
            }
        }
    }

    /// Fixes the plan (saves it; its hash and the time are recorded) and starts the run on a
    /// worker thread; progress and the result come back over a channel.
    pub fn start_run(&mut self, ctx: &egui::Context) {
        self.start_session(ctx, false);
    }

    /// Continues the interrupted run of the plan on disk (`resumable_run`), reusing the model
    /// outputs it recorded, as `batch --resume` does.
    pub fn resume_run(&mut self, ctx: &egui::Context) {
        self.start_session(ctx, true);
    }

    /// The history a run of `plan_file` is recorded in: the samples' own for a copy of a sample
    /// study (a first try must not start the user's audit trail), else the one chosen.
    /// A path comparison only, no I/O: it runs every frame (the resume offer's key), and a
    /// sample's copy is always opened by the path the app made under `samples_dir`.
    pub fn history_for(&self, plan_file: &Path) -> PathBuf {
        if plan_file.starts_with(&self.samples_dir) {
            self.samples_dir.join("history.sqlite")
        } else {
            PathBuf::from(self.history_path.trim())
        }
    }

    /// The history the evaluation shown was recorded in (the one chosen when it was not made
    /// by a run of this session).
    pub fn recorded_in(&self) -> PathBuf {
        if self.run_history.as_os_str().is_empty() {
            PathBuf::from(self.history_path.trim())
        } else {
            self.run_history.clone()
        }
    }

    /// A silent control naming cases as the shown run did: its pseudonym key lies beside the
    /// history it was recorded in. The case viewers prepare the run's plan with it.
    pub fn run_control(&self) -> provestein::Control {
        let mut control = provestein::Control::silent();
        control.pseudonym_key = Some(provestein::privacy::pseudonym::key_path_beside(
            &self.recorded_in(),
        ));
        control
    }

    /// The run the Run step offers to resume: the latest unfinished run of the plan file as it
    /// is on disk (unedited), whose process is gone. None when the history cannot be read.
    pub fn resumable_run(&self) -> Option<Resumed> {
        if self.on_disk.as_ref() != Some(&self.draft) {
            return None;
        }
        let sha = self.on_disk.as_ref()?.source_sha256.clone()?;
        let key = (
            self.history_for(Path::new(self.plan_path.trim()))
                .display()
                .to_string(),
            sha,
        );
        if let Some((k, found)) = &*self.resume_cache.borrow()
            && *k == key
        {
            return *found;
        }
        // Looking does not create a history that is not there yet.
        let found = Path::new(&key.0)
            .is_file()
            .then(|| provestein::history::History::open(Path::new(&key.0)))
            .and_then(|h| h.and_then(|h| h.interrupted(&key.1)).ok())
            .flatten();
        *self.resume_cache.borrow_mut() = Some((key, found));
        found
    }

    /// Whether the plan can have occlusion maps (a DICOM cohort and an ONNX image model).
    pub fn can_explain(&self) -> bool {
        provestein::explain::occlusion::check_plan(&self.draft).is_ok()
    }

    fn start_session(&mut self, ctx: &egui::Context, resume: bool) {
        if let Err(e) = self.check_draft() {
            self.set_error(e);
            return;
        }
        // What runs is the file as it is on disk, as `batch` would read it: the unchanged file
        // read again, or the edit saved (beside the file, once that has been run).
        let Some(plan) = self.save_plan() else {
            return;
        };
        self.remember_plan(&self.plan_path.clone());
        let fixed = FixedPlan {
            plan_file: self.plan_path.trim().to_string(),
            plan_sha256: plan.source_sha256.clone().unwrap_or_default(),
            at: provestein::provenance::now(),
            plan: plan.clone(),
        };
        let (tx, rx) = channel();
        let progress_tx = tx.clone();
        let repaint = ctx.clone();
        let control = Control::new(move |p| {
            let _ = progress_tx.send(Msg::Progress(p));
            repaint.request_repaint();
        });
        let cancel = control.cancel_flag();
        let done_ctx = ctx.clone();
        let plan_file = PathBuf::from(self.plan_path.trim());
        // The maps go where the report is exported by default (`poll` sets the same folder).
        if self.exported.is_empty() && !self.out_dir_chosen {
            self.out_dir = plan
                .base_dir
                .join("provestein-report")
                .display()
                .to_string();
        }
        let history = self.history_for(&plan_file);
        self.run_history = history.clone();
        let sample_note = (history != Path::new(self.history_path.trim())).then(|| {
            tr!(
                self.lang,
                "sample-history-note",
                path = history.display().to_string()
            )
        });
        let options = provestein::session::Options {
            history,
            record: if resume {
                provestein::session::Record::Resume
            } else {
                provestein::session::Record::New
            },
            out: App::chosen(&self.out_dir),
            write: false,
            report: provestein::report::Options {
                // As `batch` without --lang: the plan's report language.
                lang: self.report_lang.unwrap_or(plan.report.language),
                pdf: true,
                html: false,
            },
            explain: (self.occlusion_maps
                && self.can_explain()
                && !self.explain_outcomes.is_empty())
            .then(|| {
                use provestein::explain::occlusion::ExplainOutcome;
                ExplainOutcome::ALL
                    .into_iter()
                    .filter(|o| self.explain_outcomes.contains(o))
                    .collect()
            }),
        };
        *self.resume_cache.borrow_mut() = None;
        self.run_warnings.clear();
        self.maps_dir = options.explain.is_some().then(|| options.out.clone());
        let lang = self.lang;
        std::thread::spawn(move || {
            crate::gui::priority::background();
            let result = recorded_run(plan, &plan_file, control, options, lang, &tx);
            let _ = tx.send(Msg::Done(result));
            done_ctx.request_repaint();
        });
        self.fixed = Some(fixed);
        self.job = Some(Job {
            rx,
            cancel,
            stage: t::STARTING.get(self.lang).into(),
            done: 0,
            total: 0,
            reused: 0,
            stage_started: Instant::now(),
            started: Instant::now(),
            overall: Default::default(),
        });
        self.notice = sample_note.map(|text| Notice { error: false, text });
        self.step = Step::Run;
    }

    pub fn cancel_run(&self) {
        if let Some(job) = &self.job {
            job.cancel.store(true, Ordering::Relaxed);
        }
    }

    /// Takes what the run thread sent since the last frame.
    fn poll(&mut self, ctx: &egui::Context) {
        let Some(job) = &mut self.job else {
            return;
        };
        loop {
            match job.rx.try_recv() {
                Ok(Msg::Progress(Progress::Stage { name, total })) => {
                    job.overall.enter(name, job.count());
                    job.stage = name.to_string();
                    job.total = total;
                    job.done = 0;
                    job.reused = 0;
                    job.stage_started = Instant::now();
                }
                Ok(Msg::Progress(Progress::Advance(n))) => job.done += n,
                Ok(Msg::Progress(Progress::Reused(n))) => {
                    job.done += n;
                    job.reused += n;
                }
                Ok(Msg::Progress(Progress::Stages(stages))) => {
                    job.overall.announce(stages, &job.stage)
                }
                Ok(Msg::Note(note)) => {
                    self.notice = Some(Notice {
                        error: false,
                        text: note,
                    })
                }
                Ok(Msg::Warning(w)) => self.run_warnings.push(w),
                Ok(Msg::Done(result)) => {
                    self.job = None;
                    *self.resume_cache.borrow_mut() = None;
                    // The history has a new run: read it again where it is shown.
                    self.history.runs = None;
                    match result {
                        Ok((eval, run_id)) => {
                            self.run_id = run_id;
                            self.results.reset(&eval);
                            if self.exported.is_empty() && !self.out_dir_chosen {
                                self.out_dir = eval
                                    .plan
                                    .base_dir
                                    .join("provestein-report")
                                    .display()
                                    .to_string();
                            }
                            self.cases = Default::default();
                            self.eval = Some(*eval);
                            self.exported.clear();
                            self.step = Step::Results;
                        }
                        Err(e) => {
                            self.set_error(e);
                            self.step = Step::Run;
                        }
                    }
                    return;
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.set_error(t::RUN_STOPPED.get(self.lang));
                    self.job = None;
                    return;
                }
            }
        }
        ctx.request_repaint_after(std::time::Duration::from_millis(100));
    }

    /// Files dropped on the window go where they fit: a plan, a model, a CSV or a folder.
    fn take_dropped_files(&mut self, ui: &egui::Ui) {
        let dropped: Vec<PathBuf> = ui.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        for p in dropped {
            self.accept_path(&p);
        }
    }

    /// Routes a path by its kind: `.toml` opens a plan, `.onnx` sets the model, a folder the
    /// DICOM cohort, a CSV the cohort (or the vendor's scores on the model step).
    pub fn accept_path(&mut self, p: &Path) {
        let ext = p
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default()
            .to_ascii_lowercase();
        let text = p.display().to_string();
        match ext.as_str() {
            // From the start screen a plan opens in the Plan step; elsewhere the step stays.
            "toml" if self.step == Step::Start => self.open_plan_file(&text),
            "toml" => {
                self.plan_path = text;
                self.open_plan();
            }
            "onnx" => {
                self.step = Step::Model;
                self.set_model_path(text);
            }
            "csv" | "tsv" | "txt" if self.step == Step::Model => self.set_vendor_path(text),
            "csv" | "tsv" | "txt" => {
                self.step = Step::Cohort;
                self.set_cohort_csv(text);
            }
            _ if p.is_dir() => {
                self.step = Step::Cohort;
                self.set_dicom_folder(text);
            }
            _ => self.set_error(tr!(self.lang, "drop-unknown", file = text)),
        }
    }

    /// A path the user chose, made absolute so that the plan can be saved anywhere.
    pub fn chosen(text: &str) -> PathBuf {
        let p = PathBuf::from(text.trim());
        std::path::absolute(&p).unwrap_or(p)
    }
}

/// A small dot on a step button: filled when the step is done, hollow when not. Drawn, not a
/// glyph, so it needs no font support.
fn step_mark(ui: &egui::Ui, done: bool, rect: egui::Rect) {
    let centre = egui::pos2(rect.right() - 5.0, rect.top() + 5.0);
    // Okabe–Ito bluish green: visible on the selected (blue) button too.
    let colour = egui::Color32::from_rgb(0, 158, 115);
    if done {
        ui.painter().circle_filled(centre, 3.5, colour);
    } else {
        ui.painter().circle_stroke(
            centre,
            3.0,
            egui::Stroke::new(1.0, ui.visuals().weak_text_color()),
        );
    }
}

/// Two plans the same apart from where they were read from and which keys were written out.
fn same_plan(a: &Plan, b: &Plan) -> bool {
    let norm = |p: &Plan| Plan {
        base_dir: PathBuf::new(),
        source_sha256: None,
        explicit: Default::default(),
        ..p.clone()
    };
    norm(a) == norm(b)
}

/// The next free version beside a plan file: plan.toml → plan-v2.toml; plan-v2.toml →
/// plan-v3.toml (or later, if that exists).
pub fn next_version(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "plan".into());
    let (base, from) = match stem.rsplit_once("-v") {
        Some((b, n)) if !b.is_empty() && n.parse::<u32>().is_ok() => {
            (b.to_string(), n.parse::<u32>().unwrap_or(1) + 1)
        }
        _ => (stem.clone(), 2),
    };
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_else(|| "toml".into());
    (from..)
        .map(|n| path.with_file_name(format!("{base}-v{n}.{ext}")))
        .find(|p| !p.exists())
        .expect("some version number is free")
}

/// A run recorded in the history by the session `batch` runs: a row from its start (or the
/// interrupted run resumed), model outputs as they come, occlusion maps when asked for, and
/// at the end report.json, the cases and the PDF (in the report language chosen in the app).
/// A history that cannot be opened stops the run before any case is read.
fn recorded_run(
    plan: Plan,
    plan_file: &Path,
    control: Control,
    options: provestein::session::Options,
    lang: Lang,
    tx: &std::sync::mpsc::Sender<Msg>,
) -> Result<(Box<Evaluation>, Option<i64>), String> {
    use provestein::session::{Event, Session};
    let session = Session::start(plan, plan_file, control, options).map_err(|e| e.to_string())?;
    if let Some(note) = session.note() {
        let _ = tx.send(Msg::Note(note));
    }
    session
        .run(&mut |event| match event {
            Event::Explaining { cases } => {
                let _ = tx.send(Msg::Progress(Progress::Stage {
                    name: provestein::session::STAGE_OCCLUSION,
                    total: cases,
                }));
            }
            Event::Wrote(path) => {
                if path.extension().is_some_and(|e| e == "png") {
                    let _ = tx.send(Msg::Progress(Progress::Advance(1)));
                }
            }
            Event::Warning(w) => {
                let _ = tx.send(Msg::Progress(Progress::Advance(1)));
                let _ = tx.send(Msg::Warning(w));
            }
        })
        .map(|f| (Box::new(f.eval), f.recorded))
        .map_err(|e| match e {
            // The user's own act, in the user's language (the engine's words are English).
            provestein::Error::Cancelled => t::RUN_CANCELLED.get(lang).to_string(),
            e => e.to_string(),
        })
}
