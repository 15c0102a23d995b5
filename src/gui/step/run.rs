//! Step 4: fix the plan and run it. The plan is saved (its hash and the time recorded) before
//! the first case is read; progress shows rate and time left, and cancel stops at the next
//! batch.

use eframe::egui;

use crate::gui::i18n::{Lang, Numbers, t, tr};
use crate::gui::state::App;
use crate::gui::text::{short_hash, short_time};

impl App {
    pub fn run_step(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        ui.heading(t::RUN_HEADING.get(lang));
        if let Some(job) = &self.job {
            ui.label(stage_name(lang, &job.stage));
            let elapsed = Numbers(lang).num(job.started.elapsed().as_secs_f64(), 0);
            let count = job.count();
            match job.overall.fraction(count) {
                // One bar for the whole run, the stage's own count beside it, and a time
                // left only when it can be told.
                Some(fraction) => {
                    ui.add(
                        egui::ProgressBar::new(fraction as f32)
                            .text(tr!(
                                lang,
                                "run-share",
                                percent = Numbers(lang).num(100.0 * fraction, 0)
                            ))
                            .animate(!count.determinate())
                            .desired_width(640.0),
                    );
                    if count.determinate() {
                        ui.label(tr!(lang, "stage-count", done = job.done, total = job.total));
                    }
                    let secs = job.started.elapsed().as_secs_f64();
                    match job.overall.seconds_left(count, secs) {
                        Some(left) => ui.label(tr!(
                            lang,
                            "run-left",
                            left = Numbers(lang).num(left, 0),
                            elapsed = elapsed
                        )),
                        None => ui.label(tr!(lang, "elapsed", elapsed = elapsed)),
                    };
                }
                None => self.stage_bar(ui, job, elapsed),
            }
            if job.cancel.load(std::sync::atomic::Ordering::Relaxed) {
                ui.label(t::CANCELLING.get(lang));
            } else if ui.button(t::CANCEL.get(lang)).clicked() {
                self.cancel_run();
            }
            return;
        }
        ui.label(t::RUN_INTRO.get(lang));
        let ready = self.check_draft();
        if let Err(e) = &ready {
            ui.colored_label(ui.visuals().warn_fg_color, t::PLAN_NOT_READY.get(lang));
            ui.label(e);
        }
        if self.plan_path.trim().is_empty() {
            ui.horizontal(|ui| {
                let l = ui.label(t::PLAN_FILE.get(lang));
                ui.add(
                    egui::TextEdit::singleline(&mut self.plan_path)
                        .desired_width(520.0)
                        .hint_text("my-validation/plan.toml"),
                )
                .labelled_by(l.id);
            });
            ui.label(t::RUN_NEEDS_PATH.get(lang));
        } else {
            let unchanged = self.on_disk.as_ref() == Some(&self.draft);
            if unchanged {
                ui.label(tr!(lang, "run-as-is", path = self.plan_path.to_string()));
            } else {
                let target = self.save_target().display().to_string();
                ui.label(if target == self.plan_path.trim() {
                    tr!(lang, "run-will-save", path = self.plan_path.to_string())
                } else {
                    tr!(
                        lang,
                        "run-will-save-version",
                        path = self.plan_path.to_string(),
                        target = target
                    )
                });
                self.draft_changes_list(ui);
            }
        }
        if self.fixed_plan_changed() {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                t::EDITED_AFTER_RESULTS.get(lang),
            );
        }
        let can = ready.is_ok() && !self.plan_path.trim().is_empty();
        if self.can_explain() {
            ui.checkbox(&mut self.occlusion_maps, t::OCCLUSION_MAPS.get(lang));
        }
        let resumable = if can { self.resumable_run() } else { None };
        if let Some(r) = resumable {
            ui.label(tr!(lang, "resume-offer", run = r.id, kept = r.recorded));
        }
        ui.horizontal(|ui| {
            if ui
                .add_enabled(can, egui::Button::new(t::FIX_AND_RUN.get(lang)))
                .clicked()
            {
                self.start_run(ui.ctx());
            }
            if let Some(r) = resumable
                && ui.button(tr!(lang, "resume-run", run = r.id)).clicked()
            {
                self.resume_run(ui.ctx());
            }
        });
        for w in &self.run_warnings {
            ui.colored_label(ui.visuals().warn_fg_color, w);
        }
        if let Some(f) = &self.fixed {
            ui.add_space(8.0);
            ui.label(tr!(
                lang,
                "last-fixed",
                path = f.plan_file.to_string(),
                hash = short_hash(&f.plan_sha256),
                time = short_time(&f.at)
            ));
        }
    }
}

impl App {
    /// The running stage's own bar, for a run that announced no stages (or whose planned work
    /// is all counted while it still works).
    fn stage_bar(&self, ui: &mut egui::Ui, job: &crate::gui::state::Job, elapsed: String) {
        let lang = self.lang;
        match progress_of(job) {
            // A stage of one step (the statistics, the bootstrap in them) or one whose
            // steps are all done while work goes on (writing the report): no fraction and
            // no time left can be told, so none is shown.
            None => {
                ui.add(
                    egui::ProgressBar::new(0.0)
                        .animate(true)
                        .text(t::PROGRESS_WORKING.get(lang))
                        .desired_width(640.0),
                );
                ui.label(tr!(lang, "elapsed", elapsed = elapsed));
            }
            Some((fraction, rate, left)) => {
                ui.add(
                    egui::ProgressBar::new(fraction)
                        .text(tr!(lang, "progress", done = job.done, total = job.total))
                        .show_percentage()
                        .desired_width(640.0),
                );
                match (rate, left) {
                    (Some(rate), Some(left)) => ui.label(tr!(
                        lang,
                        "rate",
                        rate = Numbers(lang).num(rate, 0),
                        left = Numbers(lang).num(left, 0),
                        elapsed = elapsed
                    )),
                    _ => ui.label(tr!(lang, "elapsed", elapsed = elapsed)),
                };
            }
        }
    }
}

impl App {
    /// What the draft changes from the file on disk, key by key (e.g. "analysis.threshold:
    /// 0.5 → 0.3"), under the parts that alter results.
    fn draft_changes_list(&self, ui: &mut egui::Ui) {
        let lang = self.lang;
        let Some(d) = self.draft_changes() else {
            return;
        };
        if d.is_empty() {
            ui.label(t::RUN_NO_ANALYSIS_CHANGE.get(lang));
            return;
        }
        let parts: Vec<&str> = d
            .parts
            .iter()
            .map(|p| crate::gui::text::part_name(lang, *p))
            .collect();
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!(
                "{} {}",
                tr!(lang, "run-changes", path = self.plan_path.to_string()),
                parts.join(", ")
            ),
        );
        for k in d.keys.iter().take(12) {
            ui.monospace(format!("  {}", k.describe()));
        }
    }
}

/// The engine names its stages in English; the app shows them in the user's language.
/// The current stage's fraction done, and (once this run has done some of its own work) its
/// rate per second and seconds left, both over this run's own work only (a resumed run's
/// reused units are not counted); None when no fraction can be told.
pub(crate) fn progress_of(job: &crate::gui::state::Job) -> Option<(f32, Option<f64>, Option<f64>)> {
    if job.total <= 1 || job.done >= job.total {
        return None;
    }
    let fraction = job.done as f32 / job.total as f32;
    let own = job.done.saturating_sub(job.reused);
    let secs = job.stage_started.elapsed().as_secs_f64();
    if own == 0 || secs <= 0.0 {
        return Some((fraction, None, None));
    }
    let rate = own as f64 / secs;
    Some((
        fraction,
        Some(rate),
        Some((job.total - job.done) as f64 / rate),
    ))
}

fn stage_name(lang: Lang, stage: &str) -> String {
    match stage {
        "Reading cohort" => t::STAGE_READING.get(lang).into(),
        "Computing statistics" => t::STAGE_STATISTICS.get(lang).into(),
        "Scoring with the model" => t::STAGE_SCORING.get(lang).into(),
        "Joining vendor scores" => t::STAGE_JOINING.get(lang).into(),
        "Decoding and scoring" => t::STAGE_DECODING.get(lang).into(),
        provestein::run::cost::STAGE_REPORT => t::STAGE_REPORT.get(lang).into(),
        provestein::explain::tabular::STAGE_IMPORTANCE => t::STAGE_IMPORTANCE.get(lang).into(),
        provestein::explain::tabular::STAGE_CASES => t::STAGE_EXPLAIN_CASES.get(lang).into(),
        provestein::session::STAGE_OCCLUSION => t::STAGE_OCCLUSION.get(lang).into(),
        other => other.into(),
    }
}
