//! The app's state: the `App` that every step reads and changes, and its plain data (the step
//! shown, a notice, the plan as fixed for a run, the run in progress). Each step's own state
//! is a module here. Below the frame (`app`) and the steps, which import it and never each
//! other's state holders; it draws nothing.

pub mod cases;
pub mod cohort;
pub mod history;
pub mod model;
pub mod progress;
pub mod results;
pub mod samples;
pub mod settings;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;
use std::time::Instant;

use provestein::history::Resumed;
use provestein::{Evaluation, Plan, Progress};

use super::i18n::Lang;
use super::picker::Picker;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The start screen: open a plan or a sample, begin a new validation, recent work.
    Start,
    Model,
    Cohort,
    Plan,
    Run,
    Results,
    Cases,
    Report,
    History,
}

impl Step {
    pub const ALL: [Step; 8] = [
        Step::Model,
        Step::Cohort,
        Step::Plan,
        Step::Run,
        Step::Results,
        Step::Cases,
        Step::Report,
        Step::History,
    ];
}

/// A message for the user: an error in words, or a confirmation.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub error: bool,
    pub text: String,
}

/// What the run thread sends.
pub(crate) enum Msg {
    Progress(Progress),
    /// The session began: a resumed run says what it reuses.
    Note(String),
    /// A warning that does not change the run (an occlusion map that could not be made).
    Warning(String),
    /// The evaluation, and the run's id in the history.
    Done(Result<(Box<Evaluation>, Option<i64>), String>),
}

/// The plan file as fixed for the last run: where, its hash, when, and the plan as the file
/// says it (before a vendor manifest fills anything), for telling whether it was edited since.
#[derive(Debug, Clone)]
pub struct FixedPlan {
    pub plan_file: String,
    pub plan_sha256: String,
    /// RFC 3339 UTC.
    pub at: String,
    pub plan: Plan,
}

/// The history file and plan SHA-256 a resume offer was looked up for.
pub type ResumeKey = (String, String);

/// A run in progress.
pub(crate) struct Job {
    pub(crate) rx: Receiver<Msg>,
    pub cancel: Arc<AtomicBool>,
    pub stage: String,
    pub done: u64,
    pub total: u64,
    /// Of `done`, the units a resumed run took from its journal (not this run's work: the
    /// rate leaves them out).
    pub reused: u64,
    pub stage_started: Instant,
    pub started: Instant,
    /// Where the run is among the stages it announced: the one bar's share and time left.
    pub overall: progress::Overall,
}

impl Job {
    /// The running stage's counts.
    pub(crate) fn count(&self) -> progress::StageCount {
        progress::StageCount {
            done: self.done,
            total: self.total,
            reused: self.reused,
        }
    }
}

pub struct App {
    pub lang: Lang,
    pub step: Step,
    /// Where the plan is opened from and saved to. A typed path is the fallback that works
    /// where no file dialog runs.
    pub plan_path: String,
    /// The plan as edited; it becomes a file before it runs.
    pub draft: Plan,
    /// The plan as last read from or written to `plan_path`: when the draft still equals it,
    /// a run uses the file as it is (comments and all) instead of rewriting it.
    pub on_disk: Option<Plan>,
    /// That file's text, for showing what an edit changes.
    pub on_disk_text: Option<String>,
    /// `save_target` as last looked up (the history is not opened every frame), by its key.
    pub target_cache: std::cell::RefCell<Option<(String, PathBuf)>>,
    pub notice: Option<Notice>,
    pub model: model::ModelState,
    pub cohort: cohort::CohortState,
    pub(crate) job: Option<Job>,
    pub eval: Option<Evaluation>,
    /// `eval`'s run in the history (`history_path`), for what is recorded beside it later.
    pub run_id: Option<i64>,
    /// The history the last run was recorded in (`App::history_for`).
    pub run_history: PathBuf,
    /// The plan as fixed for the last run.
    pub fixed: Option<FixedPlan>,
    /// Results have been shown in this session (the Results step's done mark). Whether a plan
    /// is post hoc is decided from the history, not from this.
    pub results_seen: bool,
    pub results: results::ResultsState,
    pub cases: cases::CasesState,
    pub out_dir: String,
    /// Files the last export wrote.
    pub exported: Vec<PathBuf>,
    /// Language of the exported PDF and HTML; None follows the app's language.
    pub report_lang: Option<Lang>,
    /// The run history every run is recorded in (the same file `batch` uses by default).
    pub history_path: String,
    pub history: history::HistoryState,
    /// Occlusion maps of the cases in `explain_outcomes` after a run (the Run step's
    /// checkbox), into the report folder's explain/.
    pub occlusion_maps: bool,
    /// The interrupted run of the plan on disk the Run step offers to resume, as last looked
    /// up by (history, plan SHA-256): the history is not opened every frame.
    pub resume_cache: std::cell::RefCell<Option<(ResumeKey, Option<Resumed>)>>,
    /// Warnings of the last run (maps that could not be made).
    pub run_warnings: Vec<String>,
    /// The report folder the last run's occlusion maps were made in (explain/).
    pub maps_dir: Option<PathBuf>,
    /// The file and folder dialogs: the desktop's or the in-app one.
    pub picker: Picker,
    /// Plan files opened or saved, most recent first (kept between starts).
    pub recent_plans: Vec<String>,
    /// `out_dir` was chosen by the user (kept between starts), not derived from the plan.
    pub out_dir_chosen: bool,
    /// The sample studies found, once looked for.
    pub samples: Option<Vec<samples::Sample>>,
    /// Where an opened sample's plan is copied to, so that an edit or a run never writes into
    /// the shipped samples.
    pub samples_dir: PathBuf,
    /// Which cases get occlusion maps when they are asked for (the Plan step's explanations).
    pub explain_outcomes: Vec<provestein::explain::occlusion::ExplainOutcome>,
}

/// The app tests' folder, one per user: the pseudonym key lies beside the histories in it, and
/// a key in /tmp itself belonged to whoever ran the tests first (0600), failing everyone else.
fn test_dir() -> PathBuf {
    // SAFETY: getuid has no preconditions and cannot fail.
    let uid = unsafe { libc::getuid() };
    let dir = std::env::temp_dir().join(format!("provestein-app-tests-{uid}"));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        panic!("{}: {e}", dir.display());
    }
    static SWEPT: std::sync::Once = std::sync::Once::new();
    SWEPT.call_once(|| sweep(&dir));
    dir
}

/// Removes the histories and sample folders of test processes that are gone (their names carry
/// the process id), so that the folder holds one run's files, not every run's (25 MB each).
pub(crate) fn sweep(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let pid = name
            .to_str()
            .and_then(|n| n.strip_prefix("history-").or(n.strip_prefix("samples-")))
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<libc::pid_t>().ok());
        let gone = pid.is_some_and(|pid| {
            // SAFETY: signal 0 sends nothing; kill only says whether the process exists.
            let asked = unsafe { libc::kill(pid, 0) };
            asked != 0 && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
        });
        if gone {
            let path = entry.path();
            let _ = if path.is_dir() {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
        }
    }
}

impl Default for App {
    fn default() -> Self {
        App {
            lang: Lang::En,
            step: Step::Start,
            plan_path: String::new(),
            draft: Plan::draft(),
            on_disk: None,
            on_disk_text: None,
            target_cache: Default::default(),
            notice: None,
            model: Default::default(),
            cohort: Default::default(),
            job: None,
            eval: None,
            run_id: None,
            run_history: PathBuf::new(),
            fixed: None,
            results_seen: false,
            results: Default::default(),
            cases: Default::default(),
            out_dir: "provestein-report".into(),
            exported: Vec::new(),
            report_lang: None,
            // Tests never write into the user's own history, and each app has its own, so
            // that the attempt a test's run is does not depend on which tests ran before.
            history_path: if cfg!(test) {
                static APPS: std::sync::atomic::AtomicUsize =
                    std::sync::atomic::AtomicUsize::new(0);
                let n = APPS.fetch_add(1, Ordering::Relaxed);
                test_dir()
                    .join(format!("history-{}-{n}.sqlite", std::process::id()))
                    .display()
                    .to_string()
            } else {
                provestein::history::default_path().display().to_string()
            },
            history: Default::default(),
            occlusion_maps: false,
            resume_cache: Default::default(),
            run_warnings: Vec::new(),
            maps_dir: None,
            picker: Picker::default(),
            recent_plans: Vec::new(),
            out_dir_chosen: false,
            samples: None,
            // As the history: tests copy samples into a folder of their own.
            samples_dir: if cfg!(test) {
                static SAMPLES: std::sync::atomic::AtomicUsize =
                    std::sync::atomic::AtomicUsize::new(0);
                test_dir().join(format!(
                    "samples-{}-{}",
                    std::process::id(),
                    SAMPLES.fetch_add(1, Ordering::Relaxed)
                ))
            } else {
                provestein::history::default_path()
                    .parent()
                    .map_or_else(|| PathBuf::from("samples"), |d| d.join("samples"))
            },
            explain_outcomes: vec![
                provestein::explain::occlusion::ExplainOutcome::Fn,
                provestein::explain::occlusion::ExplainOutcome::Fp,
            ],
        }
    }
}
