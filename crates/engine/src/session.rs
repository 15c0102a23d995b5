//! One run on the record, as `batch` and the app both make it: the history row before the first
//! case (or a resumed one, its recorded model outputs reused), the run, occlusion maps, the
//! pre-specification decision, the report written and the very PDF written stored in the
//! history, and the row finished or abandoned with a typed status. The callers only say where
//! and how, and show progress (`Control`) and what the session tells them ([`Event`]).
//!
//! An explanation that fails is a warning, never a failed run: the verdict, the report and the
//! history entry stand. Only an identifier found in an output stops the session, as it does
//! for any output.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::evaluation::Evaluation;
use crate::explain::occlusion::{self, ExplainOutcome, OcclusionEntry};
use crate::history::{History, Resumed, RunStatus};
use crate::run::Control;
use crate::{Plan, report};

/// Whether and how the run is recorded in the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    /// Not recorded (`--no-history`); pre-specification is then unknown.
    Off,
    /// A new run: a row from before the first case.
    New,
    /// The latest interrupted run of this plan, its recorded model outputs reused.
    Resume,
}

/// Where and how a session runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// The history file. The pseudonym key of DICOM case ids lies beside it, also with
    /// `Record::Off`, so that ids stay the same.
    pub history: PathBuf,
    pub record: Record,
    /// The report folder: the report files when `write` is set, and the occlusion maps
    /// (`explain/`) in any case.
    pub out: PathBuf,
    /// Write report.json, predictions.csv and the formats `report` asks for into `out`. Without
    /// it (the app, which exports later) the PDF is only made for the history.
    pub write: bool,
    /// Language and formats of the report.
    pub report: report::Options,
    /// Occlusion maps, after the run, of the cases in these outcome classes (settings from
    /// the plan's `[explain]`).
    pub explain: Option<Vec<ExplainOutcome>>,
}

/// What a session tells its caller besides progress.
#[derive(Debug)]
pub enum Event<'a> {
    /// The occlusion maps of this many cases are being made, after the run (each ends in a
    /// `Wrote` of its PNG or a `Warning`).
    Explaining { cases: u64 },
    /// A file of the maps is on disk.
    Wrote(&'a Path),
    /// Something left out that does not change the run (a map that could not be made). The
    /// text is checked against the cohort's identifiers: one that would name one is cut.
    Warning(String),
}

/// A session that has begun (or resumed) its history row, ready to run.
pub struct Session {
    plan: Plan,
    control: Control,
    options: Options,
    record: Option<(Arc<History>, i64)>,
    resumed: Option<Resumed>,
}

/// What a finished session made.
#[derive(Debug)]
pub struct Finished {
    pub eval: Evaluation,
    /// The files written into `out`: the report's (with `write`), not the maps'.
    pub files: Vec<PathBuf>,
    /// The report.pdf kept in the history: the one written, or (without `write`) the one
    /// made for the history.
    pub pdf: Option<Vec<u8>>,
    /// The terminal summary, checked against the cohort's identifiers like any output.
    pub summary: String,
    /// The run's id in the history.
    pub recorded: Option<i64>,
}

impl Session {
    /// Opens the history and begins the run's row (or claims the interrupted one), before any
    /// case is read. A plan that cannot have occlusion maps, and an output folder that cannot
    /// be written (with `write`), are refused here, not after the run.
    pub fn start(
        plan: Plan,
        plan_path: &Path,
        mut control: Control,
        options: Options,
    ) -> Result<Session> {
        if options.explain.is_some() {
            occlusion::check_plan(&plan)
                .map_err(|why| Error::Explain(format!("occlusion maps: {why}")))?;
        }
        if options.write || options.explain.is_some() {
            report::check_writable(&options.out)?;
        }
        // The key beside the history, unless the caller names one (a sharded run's work
        // folder holds the key its shards were scored with).
        if control.pseudonym_key.is_none() {
            control.pseudonym_key =
                Some(crate::privacy::pseudonym::key_path_beside(&options.history));
        }
        let mut resumed = None;
        let record = match options.record {
            Record::Off => None,
            Record::New => {
                let history = Arc::new(History::open(&options.history)?);
                let id = history.begin(&plan, plan_path, &crate::history::user_name())?;
                Some((history, id))
            }
            Record::Resume => {
                let history = Arc::new(History::open(&options.history)?);
                let sha = plan.source_sha256.clone().unwrap_or_default();
                // Claimed for this process and its journal checked; refused with the reason
                // otherwise.
                let Some(r) = history.resume(&sha)? else {
                    return Err(Error::History {
                        path: options.history.clone(),
                        message: format!(
                            "no interrupted run of {} (plan SHA-256 {}…) to resume; run it without --resume",
                            plan_path.display(),
                            &sha[..sha.len().min(12)]
                        ),
                    });
                };
                resumed = Some(r);
                Some((history, r.id))
            }
        };
        if let Some((history, id)) = &record {
            control.journal = Some(history.journal(*id));
        }
        // The report and the history's record of it come after the run: on its one bar.
        control.report_after = true;
        Ok(Session {
            plan,
            control,
            options,
            record,
            resumed,
        })
    }

    /// The run's id in the history (None off the record).
    pub fn id(&self) -> Option<i64> {
        self.record.as_ref().map(|(_, id)| *id)
    }

    /// The interrupted run this session continues.
    pub fn resumed(&self) -> Option<Resumed> {
        self.resumed
    }

    /// "Resuming run #N: K model outputs already recorded", for a resumed session.
    pub fn note(&self) -> Option<String> {
        self.resumed.map(|r| resume_note(&r))
    }

    /// The history file, when the run is recorded.
    pub fn history_path(&self) -> Option<&Path> {
        self.record.as_ref().map(|(h, _)| h.path())
    }

    /// Runs the plan and everything after it; the history row ends `Done`, or `Failed` /
    /// `Cancelled` with the error, which is returned.
    pub fn run(self, events: &mut dyn FnMut(Event)) -> Result<Finished> {
        self.run_with(events, &|plan, control| crate::run::run(plan, control))
    }

    /// As [`Session::run`], the evaluation made by `produce` instead of a run of the plan on
    /// this machine: `merge` evaluates the outcomes of shards scored elsewhere, and the report,
    /// the pre-specification decision and the history row are made as for any run.
    pub fn run_with(
        self,
        events: &mut dyn FnMut(Event),
        produce: &dyn Fn(&Plan, &Control) -> Result<Evaluation>,
    ) -> Result<Finished> {
        let result = self.run_inner(events, produce);
        if let (Err(e), Some((history, id))) = (&result, &self.record) {
            let _ = history.abandon(*id, RunStatus::of_error(e), &e.to_string());
        }
        result
    }

    fn run_inner(
        &self,
        events: &mut dyn FnMut(Event),
        produce: &dyn Fn(&Plan, &Control) -> Result<Evaluation>,
    ) -> Result<Finished> {
        let mut eval = produce(&self.plan, &self.control)?;
        if let Some(classes) = &self.options.explain {
            (eval.occlusion_maps, eval.occlusion_failures) =
                self.explain(&eval, classes, events)?;
        }
        self.control.report(crate::run::Progress::Stage {
            name: crate::run::cost::STAGE_REPORT,
            total: 0,
        });
        // Whether the plan was fixed before this model had been run on this cohort: from the
        // history; unknown (null) without one.
        if let Some((history, id)) = &self.record {
            history.decide_prespecification(*id, &mut eval)?;
        }
        let (files, pdf) = if self.options.write {
            let w = report::written(&eval, &self.options.out, self.options.report)?;
            (w.files, w.pdf)
        } else if self.record.is_some() && self.options.report.pdf {
            let name = Path::new("report.pdf (kept in the run history)");
            let pdf = report::render_pdf(&eval, self.options.report.lang, name)?;
            (Vec::new(), Some(pdf))
        } else {
            (Vec::new(), None)
        };
        // The summary is an output too, checked before the run is recorded.
        let summary = report::summary::text(&eval);
        eval.guard
            .check(Path::new("the summary (standard output)"), &summary)?;
        let recorded = match &self.record {
            Some((history, id)) => {
                history.finish(*id, &eval, pdf.as_deref())?;
                Some(*id)
            }
            None => None,
        };
        Ok(Finished {
            eval,
            files,
            pdf,
            summary,
            recorded,
        })
    }

    /// The occlusion maps of the chosen cases into `out/explain/`. A map (or all of them) that
    /// cannot be made is a warning naming the case; only an identifier in a map's text is an
    /// error. Returns the maps and the warnings, which the report lists too.
    fn explain(
        &self,
        eval: &Evaluation,
        classes: &[ExplainOutcome],
        events: &mut dyn FnMut(Event),
    ) -> Result<(Vec<OcclusionEntry>, Vec<String>)> {
        let Some(binary) = eval.binary() else {
            return Ok((Vec::new(), Vec::new())); // occlusion maps explain a binary score
        };
        let threshold = binary.overall.threshold;
        let cases = binary
            .cases
            .iter()
            .filter(|c| classes.contains(&ExplainOutcome::of(c.label, c.score, threshold)))
            .count();
        events(Event::Explaining {
            cases: cases as u64,
        });
        // Both callbacks tell the caller, in the order things happen.
        let events = std::cell::RefCell::new(events);
        let failures = std::cell::RefCell::new(Vec::new());
        let warn = |text: &str| {
            let text = guarded_warning(eval, text);
            failures.borrow_mut().push(text.clone());
            (events.borrow_mut())(Event::Warning(text))
        };
        let maps = occlusion::write_maps(
            eval,
            &self.options.out,
            classes,
            self.control.onnxruntime.as_deref(),
            &mut |path| (events.borrow_mut())(Event::Wrote(path)),
            &mut |case, e| warn(&format!("no occlusion map for case {case}: {e}")),
        );
        match maps {
            Ok(maps) => Ok((maps, failures.into_inner())),
            Err(e @ Error::Identifier { .. }) => Err(e),
            Err(e) => {
                warn(&format!(
                    "no occlusion maps were made ({e}); the report lists none"
                ));
                Ok((Vec::new(), failures.into_inner()))
            }
        }
    }
}

/// The stage name progress shows while the occlusion maps are made.
pub const STAGE_OCCLUSION: &str = "Occlusion maps";

/// What a resumed run says it reuses.
pub fn resume_note(r: &Resumed) -> String {
    format!(
        "Resuming run #{}: {} model outputs already recorded",
        r.id, r.recorded
    )
}

/// A warning as it may be shown: checked against the cohort's identifiers like every output;
/// one that would name one (a file path in a decoder's error) is cut to its first clause.
pub fn guarded_warning(eval: &Evaluation, text: &str) -> String {
    if eval.guard.check(Path::new("a warning"), text).is_ok() {
        text.to_string()
    } else {
        let head = text.split(':').next().unwrap_or_default();
        format!("{head} (the details name an identifier and are not shown)")
    }
}
