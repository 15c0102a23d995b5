//! `provestein`: the desktop app when run without arguments, and `batch` for scripts. Both are
//! thin shells over the engine in lib.rs.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use provestein::i18n::Lang;
use provestein::{Control, Plan, Progress};

#[cfg(feature = "gui")]
mod gui;
mod words;

/// mimalloc keeps freed memory for the next allocation of the same size, where glibc's
/// allocator returns it and faults it back in page by page: decoding a cohort allocates and
/// frees the same few large buffers for every image (Cargo.toml says more).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turns transparent huge pages off for this process. mimalloc asks for them on its arenas
/// (madvise), and where the kernel's `defrag` setting is `madvise` (Debian's default) each
/// first touch of a 2 MB page may stop to compact memory: on a busy node a 1M-case CSV run
/// spent 2–3 s of system time there for 0.6 s without (docs/scale.md). Pages are then 4 kB
/// and mimalloc's reuse of freed memory is unchanged.
fn no_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes integer arguments only and changes a process flag.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

const AFTER_HELP: &str = "\
Exit codes of `batch`:
  0  every acceptance criterion passed
  1  a criterion failed (its interval lies wholly on the wrong side of the limit)
  2  a criterion is inconclusive (its interval straddles the limit) and none failed
  3  the plan or the input data is invalid (the message names the file, line or column)
  4  ONNX Runtime or the model could not be used
  5  the outputs (or the run history) could not be written
  6  the vendor manifest's fidelity self-test failed: the local pipeline does not reproduce
     the vendor's test-vector outputs, or the model file is not the one the manifest names
The desktop app (`provestein`, `provestein gui`) exits 7 when there is no display to open its
window on (no graphical session: use `batch`).

Examples:
  provestein                                   open the desktop app
  provestein gui plan.toml                     open the desktop app with a plan
  provestein batch plan.toml --out results/    run a validation plan headless: report.pdf,
                                               report.html, report.json, predictions.csv
  provestein batch plan.toml -o results/ --lang nb   the same, the report in Norwegian
  provestein check plan.toml                   check a plan and open the files it names
  provestein columns cohort.csv                every column of a CSV file
  provestein prepare plan.toml --work /shared/run1    a run in shards (docs/scale.md):
  provestein score /shared/run1 --shard 0/3           on any node, each K of 0..N-1
  provestein merge /shared/run1 --out results/        the report of every shard; exit as batch

A plan is a TOML file: see docs/plan.md, and sample-studies/ for complete examples.";

/// Validate a vendor's AI model on your own patients, against acceptance criteria written down
/// before the data is seen. Nothing leaves this machine.
#[derive(Parser)]
#[command(name = "provestein", version, after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run a validation plan headless: writes DIR/report.pdf, report.html, report.json and
    /// predictions.csv, prints a summary, and exits with the verdict (0 pass, 1 fail, 2
    /// inconclusive).
    Batch {
        /// The validation plan (TOML). Relative paths inside it are relative to this file.
        plan: PathBuf,
        /// Folder for report.pdf, report.html, report.json and predictions.csv (created if
        /// missing; files already there are replaced).
        #[arg(long, short)]
        out: PathBuf,
        /// Print nothing but errors; the exit code carries the verdict.
        #[arg(long, short)]
        quiet: bool,
        /// ONNX Runtime library (libonnxruntime.so). Default: $ORT_DYLIB_PATH, then .ort/ as
        /// installed by scripts/setup.sh.
        #[arg(long, value_name = "PATH")]
        onnxruntime: Option<PathBuf>,
        /// Worker threads for the bootstrap (default: all cores). Results do not depend on it.
        #[arg(long)]
        threads: Option<usize>,
        /// Language of report.pdf and report.html: en (English) or nb (Norwegian bokmål).
        /// Default: the plan's [report] language, else English. report.json is always English.
        #[arg(long, value_name = "LANG", value_parser = parse_lang)]
        lang: Option<provestein::i18n::Lang>,
        /// After the run, draw occlusion maps for the cases of these outcome classes at the
        /// plan's threshold: tp, fp, fn, tn or all, separated by commas (e.g. fn,fp). A map
        /// shows how much the model's score falls when a square patch of its input is covered
        /// (the plan's [explain] patch, stride and baseline: mean or blur), over the image in
        /// grey. Each is DIR/explain/<case id>_<outcome>.png; DIR/explain/index.csv lists
        /// them and the report names them. Needs a DICOM cohort and an ONNX image model (not
        /// vendor scores, not a feature model); a series or study is shown by its first
        /// image. A map is an aid to interpretation, not proof of reasoning. The PNGs hold the
        /// images' pixels (and any text burned into them): keep them as patient images.
        #[arg(long, value_name = "CLASSES", value_parser = parse_explain)]
        explain: Option<ExplainClasses>,
        #[command(flatten)]
        history: HistoryArgs,
        /// Continue the latest run of this plan that was interrupted (killed, power loss):
        /// the model's outputs it had recorded are not computed again.
        #[arg(long)]
        resume: bool,
        /// Do not record this run in the history.
        #[arg(long, conflicts_with = "resume")]
        no_history: bool,
    },
    /// Prepare a run to be scored in shards on several machines (docs/scale.md): copies the
    /// plan into DIR (a folder on shared storage), indexes the cohort, runs the fidelity
    /// self-test and writes DIR/prepared.json (run key, hashes, the units' pseudonymous ids;
    /// for a DICOM cohort, its folder's entries as keyed tokens with their SHA-256, so that a
    /// shard reads only its own files).
    Prepare {
        /// The validation plan (TOML).
        plan: PathBuf,
        /// The work folder (created if missing) that every shard and the merge read.
        #[arg(long, value_name = "DIR")]
        work: PathBuf,
        #[arg(long, short)]
        quiet: bool,
        /// ONNX Runtime library (default: $ORT_DYLIB_PATH, then .ort/).
        #[arg(long, value_name = "PATH")]
        onnxruntime: Option<PathBuf>,
        /// Where the pseudonym key is taken from: the one beside this history file, as `batch`
        /// uses, so that the merged report names cases as a `batch` here would.
        #[command(flatten)]
        history: HistoryArgs,
    },
    /// Score one shard of a prepared work folder: writes DIR/shards/K-of-N.outcomes.json and
    /// its manifest. A DICOM cohort's shard reads only its own units' files, checked against
    /// prepared.json. A shard already scored (its outcomes verify) is skipped. Without --shard,
    /// K and N come from SLURM_ARRAY_TASK_ID (minus SLURM_ARRAY_TASK_MIN) and
    /// SLURM_ARRAY_TASK_COUNT, or JOB_COMPLETION_INDEX (Kubernetes) with --shards N. That holds
    /// for a whole array only: to score some indices again, pass --shard K/N (as
    /// deploy/slurm/score.sbatch does), or a re-submitted task would score them as 0-of-1.
    Score {
        /// The work folder made by `provestein prepare`.
        dir: PathBuf,
        /// The shard as K/N, K from 0 to N-1.
        #[arg(long, value_name = "K/N")]
        shard: Option<String>,
        /// N, when K comes from the scheduler's environment.
        #[arg(long, value_name = "N")]
        shards: Option<usize>,
        #[arg(long, short)]
        quiet: bool,
        #[arg(long, value_name = "PATH")]
        onnxruntime: Option<PathBuf>,
    },
    /// Merge the shards of a work folder: checks that they cover every unit exactly once and
    /// come from the prepared run and runtime, evaluates, writes the report files as `batch`
    /// does and records one history entry listing the shards' hashes. Exit codes as `batch`.
    Merge {
        /// The work folder.
        dir: PathBuf,
        /// Folder for the report files.
        #[arg(long, short)]
        out: PathBuf,
        #[arg(long, short)]
        quiet: bool,
        #[arg(long, value_name = "PATH")]
        onnxruntime: Option<PathBuf>,
        /// Language of report.pdf and report.html (en or nb).
        #[arg(long, value_name = "LANG", value_parser = parse_lang)]
        lang: Option<provestein::i18n::Lang>,
        /// Merge shards of different splits, ONNX Runtime versions or run keys (each is still
        /// listed in the report with its runtime; coverage is still checked unit by unit).
        #[arg(long)]
        allow_mixed: bool,
        #[command(flatten)]
        history: HistoryArgs,
        /// Do not record the merged run in the history.
        #[arg(long)]
        no_history: bool,
    },
    /// Vendor validation packages: pin a vendor's public key, check a manifest's signature;
    /// for vendors (and demos): make a key pair, sign a manifest.
    Vendor {
        #[command(subcommand)]
        command: VendorCommand,
    },
    /// The local history of runs: list, verify the audit chain, compare two runs, export one.
    History {
        #[command(subcommand)]
        command: HistoryCommand,
        #[command(flatten)]
        history: HistoryArgs,
    },
    /// Every column of a CSV file (its header only), numbered, one per line: the names a plan
    /// can use.
    Columns { file: PathBuf },
    /// Check a plan (syntax, keys, criteria) and open every file it names far enough to prove
    /// it is what the plan says (the model loads with its tensors, each CSV has the columns, the
    /// DICOM folder holds DICOM files), without reading cohort data beyond headers.
    Check {
        plan: PathBuf,
        /// ONNX Runtime library (libonnxruntime.so). Default: $ORT_DYLIB_PATH, then .ort/ as
        /// installed by scripts/setup.sh.
        #[arg(long, value_name = "PATH")]
        onnxruntime: Option<PathBuf>,
    },
    /// Open the desktop app, optionally with a plan file already opened (the same as running
    /// `provestein` with no arguments).
    Gui {
        /// A plan to open (TOML).
        plan: Option<PathBuf>,
    },
}

#[derive(clap::Args)]
struct HistoryArgs {
    /// The history file (SQLite). Default: $PROVESTEIN_HISTORY, else
    /// ~/.local/share/provestein/history.sqlite ($XDG_DATA_HOME if set).
    #[arg(long, value_name = "PATH", global = true)]
    history: Option<PathBuf>,
}

impl HistoryArgs {
    fn path(&self) -> PathBuf {
        self.history
            .clone()
            .unwrap_or_else(provestein::history::default_path)
    }
}

#[derive(Subcommand)]
enum VendorCommand {
    /// Pin a vendor's Ed25519 public key: manifests signed with it then show as verified.
    Trust {
        key: PathBuf,
        /// Name it is pinned under (default: the file's name).
        #[arg(long)]
        name: Option<String>,
    },
    /// Check a manifest's detached signature (MANIFEST.sig) against the pinned keys; exits 0
    /// when verified, 1 otherwise.
    Verify { manifest: PathBuf },
    /// Make a key pair: PREFIX.pub (give it to hospitals) and PREFIX.secret (keep it).
    Keygen {
        prefix: PathBuf,
        /// A label written into both files, e.g. the vendor's name.
        #[arg(long, default_value = "vendor key")]
        label: String,
    },
    /// Sign a manifest with a secret key: writes MANIFEST.sig beside it.
    Sign {
        manifest: PathBuf,
        #[arg(long)]
        key: PathBuf,
    },
}

#[derive(Subcommand)]
enum HistoryCommand {
    /// Every run recorded: id, status, date, user, verdict, cases, the plan's SHA-256 (short),
    /// threshold, whether it was post hoc, study.
    List {
        /// As JSON (one array), for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Recompute the audit chain; exits 0 when every record is intact, 1 naming the first
    /// record that was changed, removed or reordered.
    Verify,
    /// Run B against run A (the baseline): metrics side by side with the change and its test
    /// (on the same cases paired DeLong and exact McNemar, else unpaired DeLong and
    /// two-proportion tests), what differs between the plans, and changes in who the cohort is.
    Compare {
        a: i64,
        b: i64,
        #[arg(long)]
        json: bool,
    },
    /// The DICOM file path or UID behind a pseudonymous case id (case-…), as this
    /// installation's runs recorded it. The map stays in the history; nothing exports it.
    Original { pseudonym: String },
    /// Write a stored run's report.pdf, report.json, plan.toml and predictions.csv into a
    /// folder, as they were when the run ended.
    Export {
        run: i64,
        #[arg(long, short)]
        out: PathBuf,
    },
    /// Mark a run as a test run (a first try, a rehearsal): a label beside the record, which
    /// stays as it was and in the audit chain; `history list` shows the mark.
    Mark {
        run: i64,
        /// Why, in a few words.
        #[arg(long, default_value = "")]
        note: String,
        /// Take the mark off instead.
        #[arg(long)]
        clear: bool,
    },
    /// Record a reviewer's judgement on a false positive or negative of a finished run: the
    /// reference standard was wrong, the model right, the model wrong, or it cannot be told.
    /// Kept beside the run (who, when, comment), which never changes; reports exported from
    /// the app then show a sensitivity analysis with the adjudicated labels.
    Adjudicate {
        run: i64,
        /// The case id, as the run's predictions.csv names it.
        case: String,
        /// reference-wrong, model-right, model-wrong or cannot-tell.
        #[arg(long = "as", value_name = "JUDGEMENT")]
        judgement: provestein::adjudication::Judgement,
        #[arg(long, default_value = "")]
        comment: String,
    },
    /// The judgements that stand for a run's adjudicated cases (the latest per case).
    Adjudications {
        run: i64,
        #[arg(long)]
        json: bool,
    },
    /// Remove a run that never finished (interrupted, failed or cancelled) and what it
    /// recorded. Finished runs are part of the audit chain and cannot be removed; the removal
    /// itself is listed by `history list`.
    Remove { run: i64 },
}

fn main() -> ExitCode {
    no_transparent_huge_pages();
    // A decoder that panics on a damaged image costs that image (an exclusion), caught by
    // `cohort::pixels::quietly`: nothing is printed for it, so cron mails no backtrace. Any
    // other panic is a bug and is reported as usual.
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !provestein::cohort::pixels::in_quiet_catch() {
            report(info);
        }
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // clap uses exit code 2 for usage errors, which would read as "inconclusive".
            return ExitCode::from(if e.use_stderr() { 3 } else { 0 });
        }
    };
    match cli.command {
        None => gui_or_hint(None),
        Some(Command::Gui { plan }) => gui_or_hint(plan),
        Some(Command::Columns { file }) => match provestein::plan_files::columns(&file) {
            Ok(names) => {
                for (i, name) in names.iter().enumerate() {
                    println!("{:>4}  {name}", i + 1);
                }
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e.to_string(), e.exit_code()),
        },
        Some(Command::Check { plan, onnxruntime }) => match Plan::load(&plan) {
            Ok(p) => {
                println!(
                    "{}",
                    words::tr!(
                        Lang::En,
                        "cli-check-valid",
                        path = plan.display().to_string(),
                        study = p.study.name.as_str(),
                        count = p.acceptance.len()
                    )
                );
                if p.cohort.kind == provestein::plan::CohortKind::Dicom
                    && p.cohort.patient.is_none()
                {
                    println!(
                        "hint: if a patient has several {}, add patient = \"PatientID\" to [cohort] so that the intervals account for it (the run reports how many patients the cases come from)",
                        match p.cohort.unit {
                            Some(provestein::plan::Unit::Series) => "series",
                            Some(provestein::plan::Unit::Study) => "studies",
                            _ => "images",
                        }
                    );
                }
                // Ids that look like identifiers: a warning, not an error (the hospital decides).
                match provestein::privacy::ids::check_plan(&p) {
                    Ok(warnings) => warnings.iter().for_each(|w| eprintln!("warning: {w}")),
                    Err(e) => eprintln!("warning: the ids were not checked: {e}"),
                }
                check_files(&p, onnxruntime.as_deref())
            }
            Err(e) => fail(&e.to_string(), e.exit_code()),
        },
        Some(Command::Batch {
            plan,
            out,
            quiet,
            onnxruntime,
            threads,
            lang,
            explain,
            history,
            resume,
            no_history,
        }) => {
            let record = if no_history {
                provestein::session::Record::Off
            } else if resume {
                provestein::session::Record::Resume
            } else {
                provestein::session::Record::New
            };
            batch(
                plan,
                out,
                quiet,
                onnxruntime,
                threads,
                lang,
                explain,
                history.path(),
                record,
            )
        }
        Some(Command::Prepare {
            plan,
            work,
            quiet,
            onnxruntime,
            history,
        }) => prepare(plan, work, quiet, onnxruntime, history.path()),
        Some(Command::Score {
            dir,
            shard,
            shards,
            quiet,
            onnxruntime,
        }) => score(dir, shard, shards, quiet, onnxruntime),
        Some(Command::Merge {
            dir,
            out,
            quiet,
            onnxruntime,
            lang,
            allow_mixed,
            history,
            no_history,
        }) => merge(
            dir,
            out,
            quiet,
            onnxruntime,
            lang,
            allow_mixed,
            history.path(),
            no_history,
        ),
        Some(Command::History { command, history }) => history_command(command, &history.path()),
        Some(Command::Vendor { command }) => vendor_command(command),
    }
}

/// `batch`: the session the app runs too, with a progress bar, and its outcome printed.
#[allow(clippy::too_many_arguments)]
fn batch(
    plan_path: PathBuf,
    out: PathBuf,
    quiet: bool,
    onnxruntime: Option<PathBuf>,
    threads: Option<usize>,
    lang: Option<provestein::i18n::Lang>,
    explain: Option<ExplainClasses>,
    history: PathBuf,
    record: provestein::session::Record,
) -> ExitCode {
    if let Some(n) = threads
        && let Err(e) = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
    {
        let error = e.to_string();
        return fail(
            &words::tr!(
                Lang::En,
                "cli-threads-failed",
                n = n,
                error = error.as_str()
            ),
            3,
        );
    }
    let plan = match Plan::load(&plan_path) {
        Ok(p) => p,
        Err(e) => return fail(&e.to_string(), e.exit_code()),
    };
    let bar = progress_bar(quiet);
    let control = bar_control(&bar, onnxruntime);
    let mut options = provestein::report::Options::for_plan(&plan);
    if let Some(lang) = lang {
        options.lang = lang;
    }
    let options = provestein::session::Options {
        history,
        record,
        out,
        write: true,
        report: options,
        explain: explain.map(|e| e.0),
    };
    let session = match provestein::session::Session::start(plan, &plan_path, control, options) {
        Ok(s) => s,
        Err(e @ provestein::Error::Explain(_)) => return fail(&format!("--explain: {e}"), 3),
        Err(e) => return fail(&e.to_string(), e.exit_code()),
    };
    finish(session, &bar, quiet, &|plan, control| {
        provestein::run::run(plan, control)
    })
}

/// Runs a started session (batch's run, or merge's evaluation of shards), prints its outcome
/// and returns the verdict's exit code.
fn finish(
    session: provestein::session::Session,
    bar: &ProgressBar,
    quiet: bool,
    produce: &dyn Fn(&Plan, &Control) -> provestein::Result<provestein::evaluation::Evaluation>,
) -> ExitCode {
    if !quiet && let Some(note) = session.note() {
        eprintln!("{note}");
    }
    let stored = session
        .history_path()
        .zip(session.id())
        .map(|(path, id)| format!("Recorded as run #{id} in {}", path.display()));
    let result = session.run_with(
        &mut |event| match event {
            provestein::session::Event::Explaining { cases } => {
                bar.set_message(provestein::session::STAGE_OCCLUSION);
                bar.set_length(cases);
                bar.set_position(0);
            }
            provestein::session::Event::Wrote(path) => {
                if !quiet {
                    bar.suspend(|| println!("Wrote {}", path.display()));
                }
                if path.extension().is_some_and(|e| e == "png") {
                    bar.inc(1);
                }
            }
            provestein::session::Event::Warning(text) => {
                bar.suspend(|| eprintln!("warning: {text}"));
                bar.inc(1);
            }
        },
        produce,
    );
    bar.finish_and_clear();
    let finished = match result {
        Ok(f) => f,
        Err(e) => return fail(&e.to_string(), e.exit_code()),
    };
    let eval = &finished.eval;
    if !quiet {
        for w in &eval.cohort.identifier_warnings {
            eprintln!("warning: {w}");
        }
        print!("{}", finished.summary);
        println!("{}", prespecification_line(&eval.provenance));
        for w in &finished.files {
            println!("Wrote {}", w.display());
        }
        if let Some(s) = stored {
            println!("{s}");
        }
    }
    ExitCode::from(eval.acceptance.verdict.exit_code() as u8)
}

/// Returns what the last stage freed to the system. mimalloc holds freed pages for a while
/// (its purge delay) before giving them back, and the next stage allocates other sizes, so it
/// does not reuse them: a 1M-case CSV run's peak held the CSV's text and the scored outcomes,
/// both freed just before. Called between stages, it cut that peak from 376 to 317 MB at no
/// measurable CPU cost (docs/scale.md); the engine knows nothing of the allocator.
fn give_back_freed_memory() {
    // SAFETY: mi_collect takes a flag and walks the allocator's own structures only.
    unsafe { libmimalloc_sys::mi_collect(true) }
}

/// A run control that draws on `bar`, and gives memory back between stages.
fn bar_control(bar: &ProgressBar, onnxruntime: Option<PathBuf>) -> Control {
    let sink = bar.clone();
    let mut control = Control::new(move |p| match p {
        Progress::Stage { name, total } => {
            give_back_freed_memory();
            sink.set_message(name);
            sink.set_length(total);
            sink.set_position(0);
        }
        Progress::Advance(n) => sink.inc(n),
        // Taken from the journal: shown as done, but the rate and time left restart from here.
        Progress::Reused(n) => {
            sink.inc(n);
            sink.reset_eta();
        }
        // The terminal's bar stays per stage, with indicatif's own rate and time left.
        Progress::Stages(_) => {}
    });
    control.onnxruntime = onnxruntime;
    control
}

/// `prepare`: the work folder of a sharded run.
fn prepare(
    plan: PathBuf,
    work: PathBuf,
    quiet: bool,
    onnxruntime: Option<PathBuf>,
    history: PathBuf,
) -> ExitCode {
    let bar = progress_bar(quiet);
    let mut control = bar_control(&bar, onnxruntime);
    control.pseudonym_key = Some(provestein::privacy::pseudonym::key_path_beside(&history));
    let done = provestein::run::shard::prepare_dir(&plan, &work, &mut control);
    bar.finish_and_clear();
    match done {
        Ok(p) => {
            if !quiet {
                println!(
                    "{}",
                    words::tr!(
                        Lang::En,
                        "cli-prepared",
                        dir = work.display().to_string(),
                        units = p.units,
                        key = p.run_key.get(..12).unwrap_or_default()
                    )
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e.to_string(), e.exit_code()),
    }
}

/// K and N of `score`: --shard K/N, else the scheduler's environment.
fn shard_index(shard: Option<&str>, shards: Option<usize>) -> Result<(usize, usize), String> {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let number = |name: &str, v: &str| {
        v.trim()
            .parse::<usize>()
            .map_err(|_| format!("{name} is \"{v}\", not a whole number"))
    };
    if let Some(s) = shard {
        let (k, n) = s
            .split_once('/')
            .ok_or_else(|| format!("--shard \"{s}\": write it as K/N, e.g. 0/4"))?;
        return Ok((number("K of --shard", k)?, number("N of --shard", n)?));
    }
    if let Some(id) = env("SLURM_ARRAY_TASK_ID") {
        let min = match env("SLURM_ARRAY_TASK_MIN") {
            Some(m) => number("SLURM_ARRAY_TASK_MIN", &m)?,
            None => 0,
        };
        let n = match (env("SLURM_ARRAY_TASK_COUNT"), shards) {
            (_, Some(n)) => n,
            (Some(c), None) => number("SLURM_ARRAY_TASK_COUNT", &c)?,
            (None, None) => return Err("SLURM_ARRAY_TASK_COUNT is not set: give --shards N".into()),
        };
        let k = number("SLURM_ARRAY_TASK_ID", &id)?
            .checked_sub(min)
            .ok_or("SLURM_ARRAY_TASK_ID is below SLURM_ARRAY_TASK_MIN")?;
        return Ok((k, n));
    }
    if let Some(i) = env("JOB_COMPLETION_INDEX") {
        let n = shards.ok_or("JOB_COMPLETION_INDEX is set: give the number of shards with --shards N (the Job's completions)")?;
        return Ok((number("JOB_COMPLETION_INDEX", &i)?, n));
    }
    Err("say which shard: --shard K/N, or run under a Slurm array (SLURM_ARRAY_TASK_ID) or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX with --shards N)".into())
}

/// `score`: one shard of a work folder.
fn score(
    dir: PathBuf,
    shard: Option<String>,
    shards: Option<usize>,
    quiet: bool,
    onnxruntime: Option<PathBuf>,
) -> ExitCode {
    let (k, n) = match shard_index(shard.as_deref(), shards) {
        Ok(kn) => kn,
        Err(e) => return fail(&e, 3),
    };
    let bar = progress_bar(quiet);
    let mut control = bar_control(&bar, onnxruntime);
    let done = provestein::run::shard::score_shard(&dir, k, n, &mut control);
    bar.finish_and_clear();
    let shard = format!("{k}/{n}");
    let line = match done {
        Ok(provestein::run::shard::ShardDone::Skipped { units }) => {
            words::tr!(Lang::En, "cli-shard-skipped", shard = shard, units = units)
        }
        Ok(provestein::run::shard::ShardDone::Scored {
            units,
            seconds,
            rescored,
        }) => {
            let seconds = format!("{seconds:.1}");
            if rescored {
                words::tr!(
                    Lang::En,
                    "cli-shard-rescored",
                    shard = shard,
                    units = units,
                    seconds = seconds
                )
            } else {
                words::tr!(
                    Lang::En,
                    "cli-shard-scored",
                    shard = shard,
                    units = units,
                    seconds = seconds
                )
            }
        }
        Err(e) => return fail(&e.to_string(), e.exit_code()),
    };
    if !quiet {
        println!("{line}");
    }
    ExitCode::SUCCESS
}

/// `merge`: the shards checked and evaluated in a session, as `batch` runs one.
#[allow(clippy::too_many_arguments)]
fn merge(
    dir: PathBuf,
    out: PathBuf,
    quiet: bool,
    onnxruntime: Option<PathBuf>,
    lang: Option<provestein::i18n::Lang>,
    allow_mixed: bool,
    history: PathBuf,
    no_history: bool,
) -> ExitCode {
    use provestein::run::shard;
    // Coverage first: a missing shard fails before a history row is begun.
    let gathered = match shard::gather(&dir, allow_mixed) {
        Ok(g) => g,
        Err(e) => return fail(&e.to_string(), e.exit_code()),
    };
    let plan = match shard::plan_of(&dir) {
        Ok(p) => p,
        Err(e) => return fail(&e.to_string(), e.exit_code()),
    };
    if !quiet {
        println!(
            "{}",
            words::tr!(
                Lang::En,
                "cli-merged",
                shards = gathered.shards.len(),
                dir = dir.display().to_string()
            )
        );
    }
    let bar = progress_bar(quiet);
    let mut control = bar_control(&bar, onnxruntime);
    control.pseudonym_key = Some(dir.join(shard::KEY));
    let mut report = provestein::report::Options::for_plan(&plan);
    if let Some(lang) = lang {
        report.lang = lang;
    }
    let options = provestein::session::Options {
        history,
        record: if no_history {
            provestein::session::Record::Off
        } else {
            provestein::session::Record::New
        },
        out,
        write: true,
        report,
        explain: None,
    };
    let plan_path = dir.join(shard::PLAN);
    let session = match provestein::session::Session::start(plan, &plan_path, control, options) {
        Ok(s) => s,
        Err(e) => return fail(&e.to_string(), e.exit_code()),
    };
    // Handed to the evaluation once, by value: it frees the outcomes as the results are made.
    let gathered = std::sync::Mutex::new(Some(gathered));
    finish(session, &bar, quiet, &|plan, control| {
        let taken = gathered
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        match taken {
            Some(g) => shard::evaluate_plan(plan, g, control),
            None => Err(provestein::Error::Outcomes(
                "the shards were evaluated once already".into(),
            )),
        }
    })
}

/// One line on pre-specification for the terminal, as page 1 says it.
fn prespecification_line(p: &provestein::provenance::Provenance) -> String {
    let runs = |ids: &[i64]| {
        ids.iter()
            .map(|i| format!("#{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match &p.prespecification {
        None => "Pre-specification: not checked (run without a history)".into(),
        Some(s) if s.post_hoc => format!(
            "POST HOC: attempt {} on this cohort; {} changed after run #{} (earlier runs {})",
            s.attempt,
            s.changed
                .iter()
                .map(|c| c.name())
                .collect::<Vec<_>>()
                .join(", "),
            s.earlier_runs[0],
            runs(&s.earlier_runs)
        ),
        Some(s) if s.attempt == 1 => {
            "Pre-specified: attempt 1 on this cohort (no earlier run of this model on it)".into()
        }
        Some(s) => format!(
            "Pre-specified: attempt {} on this cohort, plan unchanged since run #{} (earlier runs {})",
            s.attempt,
            s.earlier_runs[0],
            runs(&s.earlier_runs)
        ),
    }
}

/// The outcome classes `batch --explain` draws maps for.
#[derive(Clone)]
struct ExplainClasses(Vec<provestein::explain::occlusion::ExplainOutcome>);

fn parse_explain(s: &str) -> Result<ExplainClasses, String> {
    provestein::explain::occlusion::parse_outcomes(s).map(ExplainClasses)
}

fn history_command(command: HistoryCommand, path: &std::path::Path) -> ExitCode {
    use provestein::history::History;
    if !path.exists() {
        return fail(
            &format!(
                "there is no run history at {} yet: `provestein batch` records every run there (or give --history PATH)",
                path.display()
            ),
            3,
        );
    }
    let history = match History::open(path) {
        Ok(h) => h,
        Err(e) => return fail(&e.to_string(), e.exit_code()),
    };
    let result = match command {
        HistoryCommand::List { json } => history.list().and_then(|runs| Ok((runs, history.removed()?))).map(|(runs, removed)| {
            if json {
                println!("{}", serde_json::to_string_pretty(&runs).expect("json"));
            } else {
                println!(
                    "{:>4}  {:<10} {:<20} {:<12} {:<13} {:>6}  {:<12} {:>9}  {:<8} study",
                    "run",
                    "status",
                    "started (UTC)",
                    "user",
                    "verdict",
                    "cases",
                    "plan",
                    "threshold",
                    "post hoc"
                );
                for r in &runs {
                    println!(
                        "{:>4}  {:<10} {:<20} {:<12} {:<13} {:>6}  {:<12} {:>9}  {:<8} {}",
                        r.id,
                        r.status,
                        r.started.get(..19).unwrap_or(&r.started).replace('T', " "),
                        r.user,
                        r.verdict.as_deref().unwrap_or("–"),
                        r.n,
                        r.plan_sha256.get(..12).unwrap_or(&r.plan_sha256),
                        r.threshold.map_or("–".into(), |t| t.to_string()),
                        match r.post_hoc {
                            Some(true) => "yes",
                            Some(false) => "no",
                            None => "–",
                        },
                        r.study
                    );
                }
                for r in runs.iter().filter(|r| r.test.is_some()) {
                    let m = r.test.as_ref().expect("filtered");
                    println!(
                        "{}",
                        words::tr!(Lang::En, "cli-history-test-line", run = r.id, user = m.user.as_str(), at = m.at.as_str())
                    );
                    if !m.note.is_empty() {
                        println!("  {}", m.note);
                    }
                }
                for r in &removed {
                    println!(
                        "{}",
                        words::tr!(
                            Lang::En,
                            "cli-history-removed-line",
                            run = r.id,
                            status = r.status.as_str(),
                            started = r.started.as_str(),
                            study = r.study.as_str(),
                            user = r.user.as_str(),
                            at = r.at.as_str()
                        )
                    );
                }
            }
            ExitCode::SUCCESS
        }),
        HistoryCommand::Verify => history.verify().map(|v| match v.broken {
            None => {
                if let Some(note) = &v.note {
                    println!("note: {note}");
                }
                println!(
                    "{}",
                    words::tr!(
                        Lang::En,
                        "cli-chain-intact",
                        path = path.display().to_string(),
                        runs = v.records,
                        journals = v.journals,
                        head = v.head.unwrap_or_else(|| "(no finished run yet)".into())
                    )
                );
                ExitCode::SUCCESS
            }
            Some(b) => {
                println!(
                    "{}: the audit chain is BROKEN at run #{}: {}",
                    path.display(),
                    b.run,
                    b.reason
                );
                ExitCode::from(1)
            }
        }),
        HistoryCommand::Compare { a, b, json } => history.get(a).and_then(|ra| {
            let rb = history.get(b)?;
            let c = provestein::history::compare::compare(&ra, &rb)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&c).expect("json"));
            } else {
                print!("{}", provestein::history::compare::text(&c));
            }
            Ok(ExitCode::SUCCESS)
        }),
        HistoryCommand::Original { pseudonym } => {
            history.original(pseudonym.trim()).map(|o| match o {
                Some(original) => {
                    println!("{original}");
                    ExitCode::SUCCESS
                }
                None => fail(
                    &format!(
                        "{pseudonym} is not a case id recorded in {}: only finished runs of DICOM cohorts record theirs",
                        path.display()
                    ),
                    1,
                ),
            })
        }
        HistoryCommand::Export { run, out } => history.get(run).and_then(|r| {
            for f in provestein::history::export(&r, &out)? {
                println!("Wrote {}", f.display());
            }
            Ok(ExitCode::SUCCESS)
        }),
        HistoryCommand::Mark { run, clear: true, .. } => history.unmark(run).map(|had| {
            let said = if had {
                words::tr!(Lang::En, "cli-history-unmarked", run = run)
            } else {
                words::tr!(Lang::En, "cli-history-not-marked", run = run)
            };
            println!("{said}");
            ExitCode::SUCCESS
        }),
        HistoryCommand::Mark { run, note, .. } => history
            .mark_test(run, &provestein::history::user_name(), note.trim())
            .map(|()| {
                println!("{}", words::tr!(Lang::En, "cli-history-marked", run = run));
                ExitCode::SUCCESS
            }),
        HistoryCommand::Adjudicate {
            run,
            case,
            judgement,
            comment,
        } => history
            .adjudicate(run, case.trim(), judgement, &comment, &provestein::history::user_name())
            .map(|a| {
                println!(
                    "{}",
                    words::tr!(
                        Lang::En,
                        "cli-history-adjudicated",
                        run = run,
                        case = a.case.as_str(),
                        judgement = a.judgement.as_str()
                    )
                );
                ExitCode::SUCCESS
            }),
        HistoryCommand::Adjudications { run, json } => history.adjudications(run).map(|list| {
            if json {
                println!("{}", serde_json::to_string_pretty(&list).expect("json"));
            } else {
                for a in &list {
                    println!("{}  {:<16} {}  {}  {}", a.at, a.judgement.as_str(), a.user, a.case, a.comment);
                }
            }
            ExitCode::SUCCESS
        }),
        HistoryCommand::Remove { run } => history
            .remove_unfinished(run, &provestein::history::user_name())
            .map(|r| {
                println!(
                    "{}",
                    words::tr!(
                        Lang::En,
                        "cli-history-removed",
                        run = r.id,
                        status = r.status.as_str(),
                        started = r.started.as_str(),
                        recorded = r.recorded
                    )
                );
                ExitCode::SUCCESS
            }),
    };
    result.unwrap_or_else(|e| fail(&e.to_string(), e.exit_code()))
}

/// `check`'s second half: every file the plan names, opened (`plan_files`); exit 0 when all
/// are what the plan says, else the worst error's code (3 data, 4 model or ONNX Runtime).
fn check_files(plan: &Plan, onnxruntime: Option<&std::path::Path>) -> ExitCode {
    use provestein::plan_files::Found;
    let mut code = 0;
    let needs_runtime = plan.model.is_some() || plan.compare.iter().any(|c| c.model.is_some());
    let runtime = if needs_runtime {
        match provestein::model::runtime::load(onnxruntime) {
            Ok(rt) => Some(rt),
            Err(e) => {
                eprintln!("error: {e}");
                code = e.exit_code();
                None
            }
        }
    } else {
        None
    };
    for opened in provestein::plan_files::open_all(plan, runtime) {
        let path = opened.path.display().to_string();
        match opened.result {
            Ok(found) => {
                let line = match found {
                    Found::Model {
                        input,
                        shape,
                        output,
                    } => words::tr!(
                        Lang::En,
                        "cli-check-model",
                        what = opened.what,
                        path = path,
                        input = input,
                        shape = shape,
                        output = output
                    ),
                    Found::ModelNotOpened => {
                        words::tr!(
                            Lang::En,
                            "cli-check-model-unopened",
                            what = opened.what,
                            path = path
                        )
                    }
                    Found::Manifest => words::tr!(Lang::En, "cli-check-manifest", path = path),
                    Found::Csv { columns } => words::tr!(
                        Lang::En,
                        "cli-check-csv",
                        what = opened.what,
                        path = path,
                        columns = columns
                    ),
                    Found::DicomFolder => words::tr!(Lang::En, "cli-check-dicom", path = path),
                    Found::Folder | Found::File => {
                        words::tr!(
                            Lang::En,
                            "cli-check-exists",
                            what = opened.what,
                            path = path
                        )
                    }
                };
                println!("  {line}");
            }
            Err(e) => {
                eprintln!("error: {e}");
                code = code.max(e.exit_code());
            }
        }
    }
    ExitCode::from(code as u8)
}

fn vendor_command(command: VendorCommand) -> ExitCode {
    use provestein::model::signature;
    let result = match command {
        VendorCommand::Trust { key, name } => signature::trust(&key, name.as_deref()).map(|to| {
            println!("Pinned {} as {}", key.display(), to.display());
            ExitCode::SUCCESS
        }),
        VendorCommand::Verify { manifest } => {
            provestein::model::manifest::load(&manifest).map(|m| {
                println!("{}: {}", manifest.display(), m.signature.describe());
                if m.signature.is_verified() {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                }
            })
        }
        VendorCommand::Keygen { prefix, label } => {
            signature::keygen(&label).and_then(|(public, secret)| {
                let with = |ext: &str| {
                    let mut p = prefix.as_os_str().to_owned();
                    p.push(ext);
                    PathBuf::from(p)
                };
                for (path, text) in [(with(".pub"), public), (with(".secret"), secret)] {
                    std::fs::write(&path, text).map_err(|source| provestein::Error::Write {
                        path: path.clone(),
                        source,
                    })?;
                    println!("Wrote {}", path.display());
                }
                Ok(ExitCode::SUCCESS)
            })
        }
        VendorCommand::Sign { manifest, key } => signature::sign(&manifest, &key).map(|sig| {
            println!("Wrote {}", sig.display());
            ExitCode::SUCCESS
        }),
    };
    result.unwrap_or_else(|e| fail(&e.to_string(), e.exit_code()))
}

fn parse_lang(s: &str) -> Result<provestein::i18n::Lang, String> {
    provestein::i18n::Lang::parse(s).ok_or_else(|| {
        format!("\"{s}\" is not a report language: use en (English) or nb (Norwegian bokmål)")
    })
}

fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    // Drawn on stderr, and only when it is a terminal, so piped output stays clean.
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{msg:<22} [{bar:30}] {pos}/{len}  {per_sec}  ETA {eta}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    bar
}

fn fail(message: &str, code: i32) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(code as u8)
}

#[cfg(feature = "gui")]
fn gui_or_hint(plan: Option<PathBuf>) -> ExitCode {
    // Without a display eframe fails deep inside its windowing crates, with their source paths
    // in the message: say what is wrong and what to do instead, with an exit code of its own.
    if cfg!(target_os = "linux")
        && ["DISPLAY", "WAYLAND_DISPLAY"]
            .iter()
            .all(|v| std::env::var_os(v).is_none_or(|s| s.is_empty()))
    {
        return fail(&words::tr!(Lang::En, "cli-no-display"), NO_DISPLAY);
    }
    match gui::run(plan) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&without_source_paths(&format!("{e:#}")), NO_DISPLAY),
    }
}

/// The exit code of the desktop app when it cannot open a window.
#[cfg(feature = "gui")]
const NO_DISPLAY: i32 = 7;

/// An error text with the words that name a source file (`/…/src/x.rs:12:5`) left out: a user
/// cannot act on a dependency's source path.
#[cfg(feature = "gui")]
fn without_source_paths(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| !(w.contains(".rs:") || w.contains("/.cargo/") || w.contains("/rustc/")))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(not(feature = "gui"))]
fn gui_or_hint(_plan: Option<PathBuf>) -> ExitCode {
    fail(
        "this build has no desktop app (built without the `gui` feature); run `provestein batch PLAN --out DIR`, see --help",
        3,
    )
}
