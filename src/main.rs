//! `provestein`: the desktop app when run without arguments, and `batch` for scripts. Both are
//! thin shells over the engine in lib.rs.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use provestein::{Control, Plan, Progress};

#[cfg(feature = "gui")]
mod gui;

const AFTER_HELP: &str = "\
Exit codes of `batch`:
  0  every acceptance criterion passed
  1  a criterion failed (its interval lies wholly on the wrong side of the limit)
  2  a criterion is inconclusive (its interval straddles the limit) and none failed
  3  the plan or the input data is invalid (the message names the file, line or column)
  4  ONNX Runtime or the model could not be used
  5  the outputs could not be written

Examples:
  provestein                                   open the desktop app
  provestein gui plan.toml                     open the desktop app with a plan
  provestein batch plan.toml --out results/    run a validation plan headless: report.pdf,
                                               report.html, report.json, predictions.csv
  provestein batch plan.toml -o results/ --lang nb   the same, the report in Norwegian
  provestein check plan.toml                   check a plan without running it

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
    },
    /// Check a plan (syntax, keys, criteria) without reading any data.
    Check { plan: PathBuf },
    /// Open the desktop app, optionally with a plan file already opened (the same as running
    /// `provestein` with no arguments).
    Gui {
        /// A plan to open (TOML).
        plan: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
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
        Some(Command::Check { plan }) => match Plan::load(&plan) {
            Ok(p) => {
                println!(
                    "{}: valid plan \"{}\" with {} acceptance criteria",
                    plan.display(),
                    p.study.name,
                    p.acceptance.len()
                );
                ExitCode::SUCCESS
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
        }) => batch(plan, out, quiet, onnxruntime, threads, lang),
    }
}

fn batch(
    plan_path: PathBuf,
    out: PathBuf,
    quiet: bool,
    onnxruntime: Option<PathBuf>,
    threads: Option<usize>,
    lang: Option<provestein::i18n::Lang>,
) -> ExitCode {
    if let Some(n) = threads
        && let Err(e) = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
    {
        return fail(&format!("cannot set up {n} threads: {e}"), 3);
    }
    let plan = match Plan::load(&plan_path) {
        Ok(p) => p,
        Err(e) => return fail(&e.to_string(), e.exit_code()),
    };
    let bar = progress_bar(quiet);
    let sink = bar.clone();
    let mut control = Control::new(move |p| match p {
        Progress::Stage { name, total } => {
            sink.set_message(name);
            sink.set_length(total);
            sink.set_position(0);
        }
        Progress::Advance(n) => sink.inc(n),
    });
    control.onnxruntime = onnxruntime;
    let result = provestein::run(&plan, &control);
    bar.finish_and_clear();
    let eval = match result {
        Ok(e) => e,
        Err(e) => return fail(&e.to_string(), e.exit_code()),
    };
    let mut options = provestein::report::Options::for_plan(&plan);
    if let Some(lang) = lang {
        options.lang = lang;
    }
    let written = match provestein::report::write(&eval, &out, options) {
        Ok(w) => w,
        Err(e) => return fail(&e.to_string(), e.exit_code()),
    };
    if !quiet {
        print!("{}", provestein::report::summary::text(&eval));
        for w in written {
            println!("Wrote {}", w.display());
        }
    }
    ExitCode::from(eval.acceptance.verdict.exit_code() as u8)
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
    match gui::run(plan).context("desktop app") {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&format!("{e:#}"), 3),
    }
}

#[cfg(not(feature = "gui"))]
fn gui_or_hint(_plan: Option<PathBuf>) -> ExitCode {
    fail(
        "this build has no desktop app (built without the `gui` feature); run `provestein batch PLAN --out DIR`, see --help",
        3,
    )
}
