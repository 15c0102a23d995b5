//! The app's state and its three steps so far: open a plan, run it, read the results. The run
//! works on a background thread and reports over a channel, so the window never freezes.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use eframe::egui;
use provestein::{Control, Evaluation, Plan, Progress, Verdict};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Plan,
    Run,
    Results,
}

/// What the run thread sends.
enum Msg {
    Progress(Progress),
    Done(Result<Box<Evaluation>, String>),
}

/// A run in progress.
struct Job {
    rx: Receiver<Msg>,
    cancel: Arc<AtomicBool>,
    stage: String,
    done: u64,
    total: u64,
}

pub struct App {
    pub step: Step,
    /// Path typed or dropped in; the fallback that works where no file dialog runs.
    pub plan_path: String,
    pub plan: Option<Plan>,
    /// The last error, in words for the user.
    pub message: Option<String>,
    job: Option<Job>,
    pub eval: Option<Evaluation>,
    pub out_dir: String,
}

impl Default for App {
    fn default() -> Self {
        App {
            step: Step::Plan,
            plan_path: String::new(),
            plan: None,
            message: None,
            job: None,
            eval: None,
            out_dir: "out".into(),
        }
    }
}

impl App {
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        self.poll(ui.ctx());
        egui::Panel::top("steps").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.heading("Prøvestein");
                ui.separator();
                for (step, label) in [
                    (Step::Plan, "1 Plan"),
                    (Step::Run, "2 Run"),
                    (Step::Results, "3 Results"),
                ] {
                    let enabled = match step {
                        Step::Plan => true,
                        Step::Run => self.job.is_some(),
                        Step::Results => self.eval.is_some(),
                    };
                    if ui
                        .add_enabled(enabled, egui::Button::selectable(self.step == step, label))
                        .clicked()
                    {
                        self.step = step;
                    }
                }
            });
        });
        egui::CentralPanel::default().show(ui, |ui| {
            if let Some(m) = &self.message {
                ui.colored_label(ui.visuals().error_fg_color, m);
                ui.separator();
            }
            match self.step {
                Step::Plan => self.plan_step(ui),
                Step::Run => self.run_step(ui),
                Step::Results => self.results_step(ui),
            }
        });
    }

    fn plan_step(&mut self, ui: &mut egui::Ui) {
        ui.label("A validation plan fixes the model, the cohort and the acceptance criteria before any result is seen.");
        ui.horizontal(|ui| {
            ui.label("Plan file");
            ui.add(
                egui::TextEdit::singleline(&mut self.plan_path)
                    .desired_width(480.0)
                    .hint_text("sample-studies/breast-cancer/plan.toml"),
            )
            .labelled_by(ui.label("").id);
            if ui.button("Open plan").clicked() {
                self.open_plan();
            }
        });
        let dropped: Vec<PathBuf> = ui.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if let Some(p) = dropped.first() {
            self.plan_path = p.display().to_string();
            self.open_plan();
        }
        let Some(plan) = &self.plan else {
            ui.label("Type the path of a plan file, or drop one on the window.");
            return;
        };
        ui.separator();
        egui::Grid::new("plan")
            .num_columns(2)
            .striped(true)
            .show(ui, |ui| {
                ui.label("Study");
                ui.label(&plan.study.name);
                ui.end_row();
                ui.label("Intended use");
                ui.label(&plan.study.intended_use);
                ui.end_row();
                ui.label("Scores from");
                ui.label(match (&plan.model, &plan.predictions) {
                    (Some(m), _) => format!("ONNX model {}", m.path.display()),
                    (_, Some(p)) => format!("vendor scores {}", p.path.display()),
                    _ => String::new(),
                });
                ui.end_row();
                ui.label("Cohort");
                ui.label(plan.cohort.path.display().to_string());
                ui.end_row();
                ui.label("Threshold");
                ui.label(format!("score ≥ {}", plan.analysis.threshold));
                ui.end_row();
            });
        ui.label(format!(
            "{} acceptance criteria, fixed in the plan:",
            plan.acceptance.len()
        ));
        for c in &plan.acceptance {
            let limit = c
                .min
                .map(|m| format!("≥ {m}"))
                .or(c.max.map(|m| format!("≤ {m}")));
            ui.label(format!(
                "• {} {:?} {}",
                c.metric,
                c.bound,
                limit.unwrap_or_default()
            ));
        }
        ui.add_space(8.0);
        if ui.button("Run validation").clicked() {
            self.start_run();
        }
    }

    fn run_step(&mut self, ui: &mut egui::Ui) {
        let Some(job) = &self.job else {
            ui.label("No run in progress.");
            return;
        };
        ui.label(&job.stage);
        let fraction = if job.total > 0 {
            job.done as f32 / job.total as f32
        } else {
            0.0
        };
        ui.add(
            egui::ProgressBar::new(fraction)
                .text(format!("{} / {}", job.done, job.total))
                .show_percentage(),
        );
        if ui.button("Cancel").clicked() {
            job.cancel.store(true, Ordering::Relaxed);
        }
    }

    fn results_step(&mut self, ui: &mut egui::Ui) {
        let Some(eval) = &self.eval else {
            return;
        };
        let verdict = eval.acceptance.verdict;
        // The word carries the verdict; colour only repeats it (Okabe–Ito colours, safe for
        // colour-blind readers). Only glyphs of egui's bundled font are used.
        let colour = match verdict {
            Verdict::Pass => egui::Color32::from_rgb(0, 114, 178),
            Verdict::Fail => egui::Color32::from_rgb(213, 94, 0),
            Verdict::Inconclusive => egui::Color32::from_rgb(230, 159, 0),
        };
        ui.heading(
            egui::RichText::new(format!("Verdict: {}", verdict.label()))
                .color(colour)
                .strong(),
        );
        for c in &eval.acceptance.criteria {
            ui.label(format!("{}  {}", c.verdict.label(), c.explanation));
        }
        ui.separator();
        let o = &eval.overall;
        ui.label(format!(
            "{} cases ({} positive, {} negative), {} excluded; threshold {}; {}% intervals",
            o.n,
            o.n_positive,
            o.n_negative,
            eval.cohort.excluded.len(),
            o.threshold,
            o.confidence * 100.0
        ));
        egui::Grid::new("metrics")
            .num_columns(3)
            .striped(true)
            .show(ui, |ui| {
                ui.strong("Metric");
                ui.strong("Estimate");
                ui.strong("Interval");
                ui.end_row();
                let m = &o.metrics;
                for (name, p) in [
                    ("Sensitivity", &m.sensitivity),
                    ("Specificity", &m.specificity),
                    ("PPV", &m.ppv),
                    ("NPV", &m.npv),
                    ("Accuracy", &m.accuracy),
                ] {
                    ui.label(name);
                    ui.label(format!("{:.4}", p.estimate));
                    ui.label(format!("[{:.4}, {:.4}] Wilson", p.wilson[0], p.wilson[1]));
                    ui.end_row();
                }
                ui.label("ROC AUC");
                ui.label(format!("{:.4}", m.auc.estimate));
                ui.label(format!(
                    "[{:.4}, {:.4}] DeLong",
                    m.auc.delong[0], m.auc.delong[1]
                ));
                ui.end_row();
                ui.label("Brier score");
                ui.label(format!("{:.4}", m.brier.estimate));
                ui.label(format!(
                    "[{:.4}, {:.4}] bootstrap",
                    m.brier.bootstrap[0], m.brier.bootstrap[1]
                ));
                ui.end_row();
            });
        ui.separator();
        ui.horizontal(|ui| {
            ui.label("Save report to folder");
            ui.text_edit_singleline(&mut self.out_dir)
                .labelled_by(ui.label("").id);
            if ui.button("Save report").clicked() {
                let result = provestein::report::write_all(eval, self.out_dir.as_ref());
                self.message = match result {
                    Ok(files) => Some(format!("Saved {} files to {}", files.len(), self.out_dir)),
                    Err(e) => Some(e.to_string()),
                };
            }
        });
    }

    pub fn open_plan(&mut self) {
        if self.plan_path.trim().is_empty() {
            self.message =
                Some("Type the path of a plan file first, or drop one on the window.".into());
            return;
        }
        match Plan::load(self.plan_path.trim().as_ref()) {
            Ok(p) => {
                self.plan = Some(p);
                self.message = None;
            }
            Err(e) => {
                self.plan = None;
                self.message = Some(e.to_string());
            }
        }
    }

    /// Starts the run on a worker thread; progress and the result come back over a channel.
    pub fn start_run(&mut self) {
        let Some(plan) = self.plan.clone() else {
            return;
        };
        let (tx, rx) = channel();
        let progress_tx = tx.clone();
        let control = Control::new(move |p| {
            let _ = progress_tx.send(Msg::Progress(p));
        });
        let cancel = control.cancel_flag();
        std::thread::spawn(move || {
            let result = provestein::run(&plan, &control)
                .map(Box::new)
                .map_err(|e| e.to_string());
            let _ = tx.send(Msg::Done(result));
        });
        self.job = Some(Job {
            rx,
            cancel,
            stage: "Starting".into(),
            done: 0,
            total: 0,
        });
        self.eval = None;
        self.message = None;
        self.step = Step::Run;
    }

    #[cfg(test)]
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    /// Takes what the run thread sent since the last frame.
    fn poll(&mut self, ctx: &egui::Context) {
        let Some(job) = &mut self.job else {
            return;
        };
        loop {
            match job.rx.try_recv() {
                Ok(Msg::Progress(Progress::Stage { name, total })) => {
                    job.stage = name.to_string();
                    job.total = total;
                    job.done = 0;
                }
                Ok(Msg::Progress(Progress::Advance(n))) => job.done += n,
                Ok(Msg::Done(result)) => {
                    match result {
                        Ok(eval) => {
                            self.eval = Some(*eval);
                            self.step = Step::Results;
                        }
                        Err(e) => {
                            self.message = Some(e);
                            self.step = Step::Plan;
                        }
                    }
                    self.job = None;
                    return;
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.message = Some("the run stopped unexpectedly".into());
                    self.job = None;
                    return;
                }
            }
        }
        ctx.request_repaint_after(std::time::Duration::from_millis(50));
    }
}
