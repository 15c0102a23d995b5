//! The start screen, what the app opens on: open a plan, open a sample study, begin a new
//! validation from the model or from the cohort, the plans opened last and the runs the
//! history holds; and the file-picker setting. Dropping a plan or a folder on the window works
//! here as on every step.

use eframe::egui;
use provestein::Plan;

use crate::gui::i18n::{t, tr};
use crate::gui::picker::{Backend, Pick};
use crate::gui::state::samples::Sample;
use crate::gui::state::{App, Step};

/// How many runs of the history the start screen lists.
const RECENT_RUNS: usize = 6;

impl App {
    pub fn start_step(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        self.history.poll();
        ui.heading(t::START_HEADING.get(lang));
        ui.label(t::START_INTRO.get(lang));
        ui.add_space(8.0);
        ui.columns(2, |cols| {
            self.start_actions(&mut cols[0]);
            self.start_recent(&mut cols[1]);
        });
    }

    /// The left column: open a plan, the samples, a new validation, the picker setting.
    fn start_actions(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        ui.strong(t::START_OPEN.get(lang));
        let open_id = egui::Id::unique("start-open-plan");
        if ui
            .horizontal(|ui| ui.button(t::START_OPEN_PLAN.get(lang)).clicked())
            .inner
        {
            let start = self.plan_path.clone();
            self.picker
                .open(lang, open_id, Pick::File("TOML", &["toml"]), &start);
        }
        if let Some(p) = self.picker.take(open_id) {
            self.open_plan_file(&p.display().to_string());
        }
        ui.weak(t::START_DROP.get(lang));
        ui.add_space(10.0);
        ui.strong(t::START_SAMPLES.get(lang));
        let samples = self
            .samples
            .get_or_insert_with(crate::gui::state::samples::find);
        if samples.is_empty() {
            ui.weak(t::START_NO_SAMPLES.get(lang));
        }
        let mut open = None;
        for s in samples.iter() {
            ui.horizontal_wrapped(|ui| {
                if ui
                    .button(s.title.get(lang))
                    .on_hover_text(s.plan.display().to_string())
                    .clicked()
                {
                    open = Some(s.clone());
                }
                ui.weak(s.about.get(lang));
            });
        }
        if let Some(s) = open {
            self.open_sample(&s);
        }
        ui.add_space(10.0);
        ui.strong(t::START_NEW.get(lang));
        ui.horizontal_wrapped(|ui| {
            if ui.button(t::START_MODEL_FIRST.get(lang)).clicked() {
                self.new_validation(Step::Model);
            }
            if ui.button(t::START_COHORT_FIRST.get(lang)).clicked() {
                self.new_validation(Step::Cohort);
            }
        });
        ui.weak(t::START_NEW_HELP.get(lang));
        ui.add_space(10.0);
        ui.strong(t::START_SETTINGS.get(lang));
        let mut builtin = self.picker.backend() == Backend::BuiltIn;
        if ui
            .checkbox(&mut builtin, t::BUILTIN_PICKER.get(lang))
            .changed()
        {
            self.picker.builtin_setting = Some(builtin);
        }
        ui.weak(match self.picker.system_available {
            Some(true) => t::PICKER_SYSTEM_FOUND.get(lang),
            Some(false) => t::PICKER_SYSTEM_MISSING.get(lang),
            None => t::PICKER_SYSTEM_UNKNOWN.get(lang),
        });
    }

    /// The right column: recent plans, recent runs.
    fn start_recent(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        ui.strong(t::START_RECENT_PLANS.get(lang));
        if self.recent_plans.is_empty() {
            ui.weak(t::START_NO_RECENT.get(lang));
        }
        let mut open = None;
        for p in &self.recent_plans {
            let path = std::path::Path::new(p);
            let there = path.is_file();
            let name = path
                .parent()
                .and_then(|d| d.file_name())
                .map(|d| format!("{}/", d.to_string_lossy()))
                .unwrap_or_default()
                + &path
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default();
            ui.horizontal(|ui| {
                let r = ui
                    .add_enabled(there, egui::Button::new(name))
                    .on_hover_text(p.as_str())
                    .on_disabled_hover_text(tr!(lang, "start-plan-gone", path = p.clone()));
                if r.clicked() {
                    open = Some(p.clone());
                }
            });
        }
        if let Some(p) = open {
            self.open_plan_file(&p);
        }
        ui.add_space(10.0);
        ui.strong(t::START_RECENT_RUNS.get(lang));
        if self.history.runs.is_none() && self.history.listing.is_none() {
            self.load_history(ui.ctx());
        }
        let runs = match &self.history.runs {
            Some(Ok(runs)) => runs.clone(),
            Some(Err(e)) => {
                ui.colored_label(ui.visuals().error_fg_color, e.clone());
                return;
            }
            None => {
                ui.spinner();
                return;
            }
        };
        if runs.is_empty() {
            ui.weak(t::HISTORY_EMPTY.get(lang));
        }
        let mut chosen = None;
        for r in runs.iter().rev().take(RECENT_RUNS) {
            let label = tr!(
                lang,
                "start-run",
                run = r.id,
                study = r.study.clone(),
                verdict = r
                    .verdict
                    .clone()
                    .unwrap_or_else(|| r.status.as_str().into()),
                started = crate::gui::text::short_time(&r.started)
            );
            if ui.horizontal(|ui| ui.button(label).clicked()).inner {
                chosen = Some(r.id);
            }
        }
        if let Some(id) = chosen {
            self.history.selected = vec![id];
            self.open_selected(ui.ctx());
            self.step = Step::History;
        }
    }

    /// Opens a plan file and shows it in the Plan step.
    pub fn open_plan_file(&mut self, path: &str) {
        self.plan_path = path.to_string();
        self.open_plan();
        if self.notice.as_ref().is_some_and(|n| !n.error) {
            self.step = Step::Plan;
        }
    }

    /// Opens a sample study. Its plan is copied (paths rebased onto the shipped files) into
    /// the app's own folder first, so that an edit or a run never writes beside the shipped
    /// sample; a copy already there is reused while it says the same, and one that was run is
    /// never rewritten (`save_plan` puts an edit beside it).
    pub fn open_sample(&mut self, s: &Sample) {
        let plan = match Plan::load(&s.plan) {
            Ok(p) => p,
            Err(e) => {
                self.set_error(e.to_string());
                return;
            }
        };
        let file = s.plan.file_name().map_or_else(
            || std::ffi::OsString::from("plan.toml"),
            std::ffi::OsStr::to_os_string,
        );
        let copy = self.samples_dir.join(s.key).join(&file);
        // The sample as its copy would say it (paths relative to the copy's folder), staged
        // beside it, to be compared with a copy already there.
        let staged = copy.with_extension("toml.new");
        let rebased = plan.save(&staged);
        let _ = std::fs::remove_file(&staged);
        let rebased = match rebased {
            Ok(p) => p,
            Err(e) => {
                self.set_error(e.to_string());
                return;
            }
        };
        self.plan_path = copy.display().to_string();
        self.on_disk = Plan::load(&copy).ok();
        self.on_disk_text = std::fs::read_to_string(&copy).ok();
        self.draft = rebased;
        if let Some(saved) = self.save_plan() {
            self.draft = saved.clone();
            self.on_disk = Some(saved);
            self.remember_plan(&self.plan_path.clone());
            self.model.sync_from(&self.draft);
            self.cohort.sync_from(&self.draft);
            self.set_info(tr!(
                self.lang,
                "sample-opened",
                sample = s.title.get(self.lang),
                path = self.plan_path.clone()
            ));
            self.step = Step::Plan;
        }
    }

    /// An empty plan, begun from the model or from the cohort step.
    pub fn new_validation(&mut self, first: Step) {
        self.draft = Plan::draft();
        self.draft.report.language = self.lang;
        self.plan_path.clear();
        self.on_disk = None;
        self.on_disk_text = None;
        self.model = Default::default();
        self.cohort = Default::default();
        self.notice = None;
        self.step = first;
    }
}
