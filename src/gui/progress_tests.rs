//! A run's progress in the app, driven headless with egui_kittest on generated cohorts: Cancel
//! during the bootstrap ends the run, the one bar across stages only moves forward and never
//! says 100 % before the end, and the frames stay short on a 100 000-row cohort.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use super::App;
use super::state::Step;
use super::tests::Settle;
use super::tests::wait_until;

/// The app in a harness that owns it, so that a test can read the run's state between frames.
fn harness(app: App) -> Harness<'static, App> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut App| app.ui(ui), app)
}

/// The running stage's steps done, 0 without a run.
fn done(h: &Harness<'_, App>) -> u64 {
    h.state().job.as_ref().map_or(0, |j| j.done)
}

/// The vendor-scores sample plan over `n` generated cases in `dir` (scores.csv: the id, the
/// label, a third positive, and a score that separates the classes imperfectly), with
/// `bootstrap` replicates; the app opened on it, ready to run.
fn generated(dir: &Path, n: usize, bootstrap: usize) -> App {
    let mut text = String::with_capacity(n * 24);
    text.push_str("sample_id,label,score\n");
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    for i in 0..n {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let label = i % 3 == 0;
        let noise = (x >> 11) as f64 / (1u64 << 53) as f64;
        let score = (0.35 * noise + if label { 0.45 } else { 0.2 }).min(1.0);
        text.push_str(&format!("s{i},{},{score:.4}\n", u8::from(label)));
    }
    std::fs::write(dir.join("scores.csv"), text).unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-studies/breast-cancer/plan-vendor-scores.toml");
    let plan = std::fs::read_to_string(sample)
        .unwrap()
        .replace("\"vendor_scores.csv\"", "\"scores.csv\"")
        .replace("\"cohort.csv\"", "\"scores.csv\"");
    let path: PathBuf = dir.join("plan.toml");
    std::fs::write(&path, plan).unwrap();
    let mut app = App::with_plan(&path);
    // The run saves the plan: here, in the test's own folder.
    app.plan_path = path.display().to_string();
    app.draft.analysis.bootstrap = bootstrap;
    app.step = Step::Run;
    app
}

/// Must show (issue 19): Cancel pressed while the bootstrap draws (100 000 replicates of
/// 20 000 cases: minutes unoptimised) ends the run as cancelled within seconds.
#[test]
fn cancel_during_the_bootstrap_ends_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(generated(dir.path(), 20_000, 100_000));
    h.settle();
    h.get_by_label("Fix the plan and run").click();
    wait_until(&mut h, 120, "the bootstrap to draw", |h| {
        h.query_by_label("Computing the statistics").is_some() && done(h) > 0
    });
    h.get_by_label("Cancel").click();
    let pressed = Instant::now();
    h.step();
    let replicates = done(&h);
    wait_until(&mut h, 60, "the run to stop", |h| {
        h.query_by_label("Cancel").is_none() && h.query_by_label("Cancelling…").is_none()
    });
    let stopped = pressed.elapsed();
    h.get_by_label(crate::gui::i18n::t::RUN_CANCELLED.get(crate::gui::i18n::Lang::En));
    assert!(
        stopped < Duration::from_secs(15),
        "the run took {stopped:?} to stop after Cancel"
    );
    assert!(replicates < 50_000, "Cancel came late: {replicates}");
    let app = h.state();
    assert!(app.eval.is_none(), "a cancelled run shows no results");
    assert!(app.notice.as_ref().is_some_and(|n| n.error));
    let runs = provestein::history::History::open(&app.recorded_in())
        .unwrap()
        .list()
        .unwrap();
    assert_eq!(
        runs.last().map(|r| r.status),
        Some(provestein::history::RunStatus::Cancelled),
        "the history records the run as cancelled"
    );
}

/// One bar across the stages: its share only grows, is never 100 % while the run works, moves
/// during the bootstrap (the statistics stage, weighted by its replicates) and holds through
/// the report's stage, which has no count of its own.
#[test]
fn the_one_bar_only_moves_forward_and_stops_short_of_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(generated(dir.path(), 20_000, 2_000));
    h.settle();
    h.get_by_label("Fix the plan and run").click();
    h.step();
    assert!(h.state().job.is_some(), "the run started");
    let mut shares: Vec<(String, f64)> = Vec::new();
    let start = Instant::now();
    while let Some(job) = &h.state().job {
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "the run did not end"
        );
        match job.overall.fraction(job.count()) {
            Some(f) => {
                assert!(f < 1.0, "{f} in {}", job.stage);
                if let Some((stage, last)) = shares.last() {
                    assert!(
                        f >= *last,
                        "the bar went back from {last} ({stage}) to {f} ({})",
                        job.stage
                    );
                }
                shares.push((job.stage.clone(), f));
            }
            None => assert!(
                shares.is_empty(),
                "the share was lost in {} after {:?}",
                job.stage,
                shares.last()
            ),
        }
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    h.run_ok();
    assert!(h.state().eval.is_some(), "{:?}", h.state().notice);
    h.get_by_label_contains("Verdict:");
    let during = |stage: &str| -> Vec<f64> {
        let mut v: Vec<f64> = shares
            .iter()
            .filter(|(s, _)| s == stage)
            .map(|(_, f)| *f)
            .collect();
        v.dedup();
        v
    };
    let statistics = during("Computing statistics");
    assert!(
        statistics.len() >= 3,
        "the bar moves during the bootstrap: {statistics:?}"
    );
    let report = during(provestein::run::cost::STAGE_REPORT);
    assert_eq!(
        report.len(),
        1,
        "the report's stage holds the bar: {report:?}"
    );
}

/// A frame's cost: wall time, and the CPU time of the thread that made it (what the frame
/// itself costs, whatever else the machine runs: the run's own threads share its cores).
#[derive(Debug, Default, Clone, Copy)]
struct Cost {
    wall: Duration,
    cpu: Duration,
}

/// The CPU time this thread has used.
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec we own.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) } == 0;
    assert!(ok, "the thread's CPU clock");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// One frame as eframe makes it before the GPU draws: the UI built and laid out (with its
/// accessibility tree, which kittest always asks for), then tessellated.
fn timed_frame(h: &mut Harness<'_, App>) -> Cost {
    let (t, c) = (Instant::now(), thread_cpu());
    h.step();
    let shapes = h.output().shapes.clone();
    let ppp = h.output().pixels_per_point;
    std::hint::black_box(h.ctx.tessellate(shapes, ppp));
    Cost {
        wall: t.elapsed(),
        cpu: thread_cpu() - c,
    }
}

/// The slowest frames of one phase: by wall time and by CPU time, and how many frames.
#[derive(Debug, Default, Clone, Copy)]
struct Slowest {
    wall: Duration,
    cpu: Duration,
    frames: usize,
}

impl Slowest {
    fn add(&mut self, c: Cost) {
        self.wall = self.wall.max(c.wall);
        self.cpu = self.cpu.max(c.cpu);
        self.frames += 1;
    }
}

/// The slowest frames of a run of `n` generated cases in the app: while it works (a frame
/// every 16 ms), then on the Results step (from the frame that takes the evaluation), then
/// on the Cases step (the list shown, scrolled far down, a case opened and its row read).
fn frame_times(n: usize, bootstrap: usize) -> [Slowest; 3] {
    // As `gui::run` starts the window (false when another test made the pool first: its
    // workers then share the cores with this thread as equals, so the wall times are worse).
    super::priority::workers();
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(generated(dir.path(), n, bootstrap));
    h.settle();
    h.get_by_label("Fix the plan and run").click();
    let [mut running, mut results, mut cases] = [Slowest::default(); 3];
    // The click's frame saves the plan and starts the run.
    running.add(timed_frame(&mut h));
    assert!(h.state().job.is_some(), "the run started");
    let start = Instant::now();
    // When each stage was first seen: what `run/cost.rs` weighs them by, as the app runs.
    let mut stages: Vec<(String, Instant)> = Vec::new();
    while let Some(job) = &h.state().job {
        assert!(
            start.elapsed() < Duration::from_secs(600),
            "the run did not end"
        );
        if stages.last().is_none_or(|(s, _)| *s != job.stage) {
            stages.push((job.stage.clone(), Instant::now()));
        }
        let c = timed_frame(&mut h);
        if h.state().job.is_some() {
            running.add(c);
        } else {
            results.add(c);
        }
        std::thread::sleep(Duration::from_millis(16));
    }
    assert!(h.state().eval.is_some(), "{:?}", h.state().notice);
    let ended = Instant::now();
    let seen: Vec<String> = stages
        .iter()
        .enumerate()
        .map(|(k, (s, at))| {
            let until = stages.get(k + 1).map_or(ended, |(_, t)| *t);
            format!("{s} {:.3} s", (until - *at).as_secs_f64())
        })
        .collect();
    println!(
        "{n} rows, {bootstrap} replicates, stages: {}",
        seen.join(", ")
    );
    for _ in 0..30 {
        results.add(timed_frame(&mut h));
    }
    h.get_by_label_contains("Verdict:");
    h.get_by_label("6 Cases").click();
    for i in 0..60 {
        if i == 20 {
            h.event(egui::Event::PointerMoved(egui::pos2(200.0, 450.0)));
            h.event(egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: egui::vec2(0.0, -40_000.0),
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Wheel,
                modifiers: egui::Modifiers::NONE,
            });
        }
        if i == 40 {
            h.get_all_by_role(egui::accesskit::Role::Button)
                .find(|b| {
                    egui_kittest::kittest::NodeT::accesskit_node(b)
                        .label()
                        .is_some_and(|l| l.starts_with('#'))
                })
                .expect("a case in the list")
                .click();
        }
        cases.add(timed_frame(&mut h));
        std::thread::sleep(Duration::from_millis(16));
    }
    assert!(h.state().cases.opened.is_some(), "a case opened");
    println!(
        "{n} rows, {bootstrap} replicates: slowest frame (wall, CPU) while running {:?}, on \
         Results {:?}, on Cases {:?}",
        (running.wall, running.cpu),
        (results.wall, results.cpu),
        (cases.wall, cases.cpu)
    );
    [running, results, cases]
}

/// Issue 19's target, no frame over 50 ms on a 100 000-row cohort, as users run the app:
/// `cargo test --release --bin provestein frames_on_a_100000 -- --ignored --nocapture`.
/// Judged on each frame's own CPU time: its wall time also holds the waits for a core that
/// the run's threads (and whatever else the machine runs) keep busy, and is printed beside.
#[test]
#[ignore = "a release measurement: unoptimised, frames are several times slower (the debug variant below runs in CI)"]
fn frames_on_a_100000_row_cohort_stay_under_50_ms() {
    let limit = Duration::from_millis(50);
    // The default 2000 replicates, and 20 000 for seconds of a bootstrap on every core.
    for bootstrap in [2_000, 20_000] {
        for (phase, s) in ["running", "Results", "Cases"]
            .into_iter()
            .zip(frame_times(100_000, bootstrap))
        {
            assert!(s.cpu < limit, "{phase}: {s:?}");
        }
    }
}

/// The same in an unoptimised build, with a bound loose enough for one (200 ms of a frame's
/// CPU time) yet tight enough to catch work per frame that grows with the cohort: listing and
/// sorting 100 000 cases every frame took 500–700 ms here.
#[test]
fn frames_on_a_100000_row_cohort_stay_short_unoptimised() {
    let limit = Duration::from_millis(200);
    for (phase, s) in ["running", "Results", "Cases"]
        .into_iter()
        .zip(frame_times(100_000, 200))
    {
        assert!(s.cpu < limit, "{phase}: {s:?}");
    }
}
