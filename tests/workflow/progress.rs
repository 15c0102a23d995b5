//! Progress and Cancel inside the statistics: the bootstrap's replicates move the statistics
//! stage's bar, and a run cancelled while they are drawn stops within a bounded time.

use crate::common;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use provestein::Error;
use provestein::{Control, Progress};

/// A CSV of `n` cases with the id, the label (a third positive) and a vendor's score that
/// separates the classes imperfectly (a fixed pseudo-random sequence).
fn scores_csv(dir: &Path, n: usize) -> PathBuf {
    let mut text = String::with_capacity(n * 24);
    text.push_str("id,label,score\n");
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    for i in 0..n {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let label = i % 3 == 0;
        let noise = (x >> 11) as f64 / (1u64 << 53) as f64;
        let score = (0.35 * noise + if label { 0.45 } else { 0.2 }).min(1.0);
        text.push_str(&format!("c{i},{},{score:.4}\n", u8::from(label)));
    }
    let path = dir.join("scores.csv");
    std::fs::write(&path, text).unwrap();
    path
}

/// The plan of `n` generated cases with `bootstrap` replicates.
fn plan(dir: &Path, n: usize, bootstrap: usize) -> provestein::Plan {
    let csv = scores_csv(dir, n);
    let text = format!(
        "{}\n[analysis]\nthreshold = 0.5\nbootstrap = {bootstrap}\nseed = 3\n\n\
         [[acceptance]]\nmetric = \"auc\"\nbound = \"ci_low\"\nmin = 0.8\n",
        common::scores_plan("progress", &csv, "")
    );
    provestein::Plan::load(&common::write_plan(dir, &text)).unwrap()
}

/// The statistics stage counts one step per bootstrap replicate, and the replicates are told
/// as they are drawn: its bar moves through the bootstrap and ends at its total.
#[test]
fn the_bootstrap_moves_the_statistics_bar() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan(dir.path(), 2_000, 1_000);
    let seen: Arc<Mutex<Vec<Progress>>> = Arc::default();
    let s = seen.clone();
    let ctl = Control::new(move |p| s.lock().unwrap().push(p));
    provestein::run(&plan, &ctl).unwrap();
    let seen = seen.lock().unwrap();
    let at = seen
        .iter()
        .position(|p| {
            *p == Progress::Stage {
                name: "Computing statistics",
                total: 1_001,
            }
        })
        .expect("the statistics stage, one step per replicate and one for the rest");
    let steps: Vec<u64> = seen[at + 1..]
        .iter()
        .map_while(|p| match p {
            Progress::Advance(n) => Some(*n),
            _ => None,
        })
        .collect();
    assert_eq!(steps.iter().sum::<u64>(), 1_001, "{steps:?}");
    assert!(
        steps.len() > 10,
        "the bar moves during the bootstrap: {steps:?}"
    );
}

/// The stages a session announces (`Progress::Stages`, what the one bar is weighed by) are the
/// stages that then run, in order, for a vendor-scored plan and for a model with permutation
/// importance; each weighs something.
#[test]
fn the_announced_stages_are_the_stages_that_run() {
    let dir = tempfile::tempdir().unwrap();
    let vendor = plan(dir.path(), 500, 200);
    let mut model =
        provestein::Plan::load(&common::root().join("sample-studies/breast-cancer/plan.toml"))
            .unwrap();
    model.analysis.bootstrap = 200;
    for (what, plan) in [("vendor", vendor), ("model", model)] {
        let seen: Arc<Mutex<Vec<Progress>>> = Arc::default();
        let s = seen.clone();
        let mut ctl = Control::new(move |p| s.lock().unwrap().push(p));
        ctl.onnxruntime = Some(common::onnxruntime());
        let out = dir.path().join(what);
        let options = provestein::session::Options {
            history: out.join("history.sqlite"),
            record: provestein::session::Record::Off,
            out: out.clone(),
            write: false,
            report: provestein::report::Options {
                lang: provestein::i18n::Lang::En,
                pdf: true,
                html: false,
            },
            explain: None,
        };
        let plan_file = plan.base_dir.join("plan.toml");
        provestein::session::Session::start(plan, &plan_file, ctl, options)
            .unwrap()
            .run(&mut |_| {})
            .unwrap();
        let seen = seen.lock().unwrap();
        let (at, announced) = seen
            .iter()
            .enumerate()
            .find_map(|(k, p)| match p {
                Progress::Stages(s) => Some((k, s.clone())),
                _ => None,
            })
            .expect("the stages announced");
        let current = seen[..at].iter().rev().find_map(|p| match p {
            Progress::Stage { name, .. } => Some(*name),
            _ => None,
        });
        let ran: Vec<&str> = current
            .into_iter()
            .chain(seen[at..].iter().filter_map(|p| match p {
                Progress::Stage { name, .. } => Some(*name),
                _ => None,
            }))
            .collect();
        let names: Vec<&str> = announced.iter().map(|s| s.name).collect();
        assert_eq!(names, ran, "{what}");
        assert!(
            announced.iter().all(|s| s.weight > 0.0),
            "{what}: {announced:?}"
        );
        if what == "model" {
            assert!(names.contains(&provestein::explain::tabular::STAGE_IMPORTANCE));
        }
    }
}

/// Cancel pressed while the bootstrap draws (100 000 replicates of 20 000 cases, a minute and
/// more unoptimised): the run ends `Cancelled` within seconds, most replicates never drawn.
#[test]
fn cancel_during_the_bootstrap_stops_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan(dir.path(), 20_000, 100_000);
    let flag: Arc<OnceLock<Arc<AtomicBool>>> = Arc::default();
    let cancelled_at: Arc<OnceLock<Instant>> = Arc::default();
    let in_stats = Arc::new(AtomicBool::new(false));
    let drawn = Arc::new(AtomicU64::new(0));
    let (f, at, inside, d) = (
        flag.clone(),
        cancelled_at.clone(),
        in_stats.clone(),
        drawn.clone(),
    );
    let ctl = Control::new(move |p| match p {
        Progress::Stage { name, .. } => {
            inside.store(name == "Computing statistics", Ordering::SeqCst)
        }
        Progress::Advance(n) if inside.load(Ordering::SeqCst) => {
            // Cancel once replicates are being drawn.
            if d.fetch_add(n, Ordering::SeqCst) + n >= 64 && at.set(Instant::now()).is_ok() {
                f.get().unwrap().store(true, Ordering::SeqCst);
            }
        }
        Progress::Advance(_) | Progress::Reused(_) | Progress::Stages(_) => {}
    });
    flag.set(ctl.cancel_flag()).unwrap();
    let result = provestein::run(&plan, &ctl);
    let stopped_in = cancelled_at
        .get()
        .expect("cancelled during the bootstrap")
        .elapsed();
    assert!(matches!(result, Err(Error::Cancelled)), "{result:?}");
    assert!(
        stopped_in < Duration::from_secs(10),
        "the run took {stopped_in:?} to stop"
    );
    let drawn = drawn.load(Ordering::SeqCst);
    assert!(
        drawn < 10_000,
        "{drawn} of 100 000 replicates drawn: the bootstrap went on after Cancel"
    );
}

/// The per-unit costs `provestein::run::cost` weighs a binary run's stages with, measured as
/// the app runs a plan (a recorded session, the PDF made for the history) on generated
/// vendor-scored cohorts: each stage's seconds over its units, and the report's fixed part
/// from two sizes. Prints the figures; run on a quiet machine with
/// `cargo test --release --test workflow stage_costs -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement for run/cost.rs, meaningful only in a release build on a quiet machine"]
fn stage_costs() {
    let mut report = Vec::new();
    for (n, b) in [(20_000usize, 2_000usize), (100_000, 2_000), (100_000, 0)] {
        let dir = tempfile::tempdir().unwrap();
        let plan = plan(dir.path(), n, b);
        let times: Arc<Mutex<Vec<(&'static str, Instant)>>> = Arc::default();
        let t = times.clone();
        let ctl = Control::new(move |p| {
            if let Progress::Stage { name, .. } = p {
                t.lock().unwrap().push((name, Instant::now()));
            }
        });
        let options = provestein::session::Options {
            history: dir.path().join("history.sqlite"),
            record: provestein::session::Record::New,
            out: dir.path().join("out"),
            write: false,
            report: provestein::report::Options {
                lang: provestein::i18n::Lang::En,
                pdf: true,
                html: false,
            },
            explain: None,
        };
        let path = dir.path().join("plan.toml");
        let session = provestein::session::Session::start(plan, &path, ctl, options).unwrap();
        session.run(&mut |_| {}).unwrap();
        let end = Instant::now();
        let times = times.lock().unwrap();
        let mut line = format!("{n} cases, {b} replicates:");
        for (k, (name, at)) in times.iter().enumerate() {
            let until = times.get(k + 1).map_or(end, |(_, t)| *t);
            let secs = (until - *at).as_secs_f64();
            line.push_str(&format!(
                " {name} {secs:.3} s ({:.3e} s/case);",
                secs / n as f64
            ));
            if *name == provestein::run::cost::STAGE_REPORT {
                report.push((n, secs));
            }
        }
        println!("{line}");
    }
    println!("report stage: {report:?}");
}
