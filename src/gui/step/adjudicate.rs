//! The Cases step's adjudication panel: on a false positive or negative of a run recorded in
//! the history, the reviewer records a judgement with a comment. The history keeps it beside
//! the run (`History::adjudicate`, on a worker); the analysis with the adjudicated labels is
//! recomputed on the same worker and put into the evaluation, so that the Report step's export
//! shows it beside the pre-specified result. The run and its verdict never change.

use eframe::egui;
use provestein::adjudication::{Judgement, analyse_cases};
use provestein::evaluation::CaseResult;

use crate::gui::App;
use crate::gui::i18n::{t, tr};
use crate::gui::state::cases::Outcome;
use crate::gui::task::Task;

/// A judgement's words in the app.
fn label(lang: provestein::i18n::Lang, j: Judgement) -> &'static str {
    match j {
        Judgement::ReferenceWrong => t::ADJUDICATE_REFERENCE_WRONG.get(lang),
        Judgement::ModelRight => t::ADJUDICATE_MODEL_RIGHT.get(lang),
        Judgement::ModelWrong => t::ADJUDICATE_MODEL_WRONG.get(lang),
        Judgement::CannotTell => t::ADJUDICATE_CANNOT_TELL.get(lang),
    }
}

impl App {
    /// Picks up what the adjudication workers finished; starts reading this run's judgements
    /// from the history the first time the step is shown.
    pub(crate) fn poll_adjudication(&mut self, ctx: &egui::Context) {
        let a = &mut self.cases.adjudication;
        if let Some(result) = a.loading.as_ref().and_then(Task::poll) {
            a.loading = None;
            match result {
                Ok(list) => a.by_case = list.into_iter().map(|j| (j.case.clone(), j)).collect(),
                Err(e) => a.error = Some(e),
            }
        }
        if let Some(result) = a.recording.as_ref().and_then(Task::poll) {
            a.recording = None;
            match result {
                Ok((list, analysis)) => {
                    a.by_case = list.into_iter().map(|j| (j.case.clone(), j)).collect();
                    a.comment.clear();
                    a.error = None;
                    if let Some(eval) = &mut self.eval {
                        eval.adjudication = analysis;
                    }
                }
                Err(e) => a.error = Some(e),
            }
        }
        let path = self.recorded_in();
        let a = &mut self.cases.adjudication;
        if let (Some(run), false) = (self.run_id, a.loaded) {
            a.loaded = true;
            a.loading = Some(Task::spawn(ctx, move || {
                provestein::history::History::open(&path)
                    .and_then(|h| h.adjudications(run))
                    .map_err(|e| e.to_string())
            }));
        }
    }

    /// The panel under an opened case: nothing for a case the model got right, or a run not in
    /// the history; the standing judgement and the four choices for an error.
    pub(crate) fn adjudication_panel(
        &mut self,
        ui: &mut egui::Ui,
        eval: &provestein::Evaluation,
        c: &CaseResult,
    ) {
        let lang = self.lang;
        let Some(bin) = eval.binary() else {
            return;
        };
        let threshold = bin.overall.threshold;
        if !matches!(Outcome::of(c, threshold), Outcome::Fp | Outcome::Fn) {
            return;
        }
        let Some(run) = self.run_id else {
            ui.weak(t::ADJUDICATE_NOT_RECORDED.get(lang));
            return;
        };
        ui.add_space(6.0);
        ui.separator();
        ui.strong(t::ADJUDICATE_HEADING.get(lang));
        let path = self.recorded_in();
        let a = &mut self.cases.adjudication;
        if let Some(j) = a.by_case.get(&*c.id) {
            ui.label(tr!(
                lang,
                "adjudicate-standing",
                judgement = label(lang, j.judgement),
                user = j.user.as_str(),
                at = j.at.get(..16).unwrap_or(&j.at).replace('T', " ")
            ));
            if !j.comment.is_empty() {
                ui.weak(&j.comment);
            }
        }
        ui.add(
            egui::TextEdit::singleline(&mut a.comment)
                .hint_text(t::ADJUDICATE_COMMENT.get(lang))
                .desired_width(360.0),
        );
        let busy = a.recording.is_some();
        let mut chosen = None;
        ui.horizontal_wrapped(|ui| {
            for j in Judgement::ALL {
                if ui
                    .add_enabled(!busy, egui::Button::new(label(lang, j)))
                    .clicked()
                {
                    chosen = Some(j);
                }
            }
            if busy {
                ui.spinner();
            }
        });
        if let Some(e) = &a.error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        ui.weak(t::ADJUDICATE_HELP.get(lang));
        ui.separator();
        if let Some(judgement) = chosen {
            let case = c.id.to_string();
            let comment = a.comment.clone();
            let plan = eval.plan.clone();
            let cases = bin.cases.clone();
            a.recording = Some(Task::spawn(ui.ctx(), move || {
                let history =
                    provestein::history::History::open(&path).map_err(|e| e.to_string())?;
                history
                    .adjudicate(
                        run,
                        &case,
                        judgement,
                        &comment,
                        &provestein::history::user_name(),
                    )
                    .map_err(|e| e.to_string())?;
                let list = history.adjudications(run).map_err(|e| e.to_string())?;
                let analysis = analyse_cases(&plan, threshold, &cases, &list);
                Ok((list, analysis))
            }));
        }
    }
}
