//! The workflow driven headless with egui_kittest, as a user would: open the model, map the
//! cohort's columns, set a criterion, run, move the threshold slider, open a case; and a plan
//! saved by the app gives `batch` the same numbers.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use super::App;
use super::i18n::Lang;
use super::state::Step;

fn repo(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

fn harness(app: &mut App) -> Harness<'_> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui(|ui| app.ui(ui))
}

/// How many times its nominal time a wait may take: a newcomer's first `scripts/test.sh` may run
/// beside a build, and the debug app on 2 busy cores is that much slower (seen: a 120 s wait for
/// the imaging demo's verdict ran out at load 8). Waiting longer costs time only when a test
/// fails anyway.
pub(crate) const LOAD_ALLOWANCE: u64 = 5;

/// `Harness::run` that waits out the app's background work: a frame repaints while a worker
/// (a survey, an image load, a history read) is in flight, and on 2 busy cores that outlasts the
/// harness's few steps. Fails only if the app is still repainting after 30 s × [`LOAD_ALLOWANCE`].
pub(crate) trait Settle {
    fn settle(&mut self);
}

impl<S> Settle for Harness<'_, S> {
    fn settle(&mut self) {
        let start = Instant::now();
        while self.run_ok().is_none() {
            assert!(
                start.elapsed().as_secs() < 30 * LOAD_ALLOWANCE,
                "the app never stopped repainting"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// Steps frames until `done` holds, failing after `secs` × [`LOAD_ALLOWANCE`] (any harness
/// state: the app tests' borrowed `App` and the start tests' owned one).
pub(crate) fn wait_until<S>(
    h: &mut Harness<'_, S>,
    secs: u64,
    what: &str,
    done: impl Fn(&Harness<'_, S>) -> bool,
) {
    let start = Instant::now();
    while !done(h) {
        assert!(
            start.elapsed().as_secs() < secs * LOAD_ALLOWANCE,
            "gave up waiting for {what}"
        );
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    // Settle if the UI can; background work landing now (a survey, a stored PDF) may keep a
    // grid re-laying out for a few more frames, which is not a failure of what was awaited.
    h.run_ok();
}

/// Fixes the plan and runs it from the Run step, waiting for the verdict.
fn run_to_verdict(h: &mut Harness<'_>) {
    h.get_by_label("Fix the plan and run").click();
    wait_until(h, 120, "the verdict", |h| {
        h.query_by_label_contains("Verdict:").is_some()
    });
}

/// Clicks the first case in the Cases list (named "#n" while ids are hidden).
fn open_first_case(h: &Harness<'_>) {
    h.get_all_by_role(Role::Button)
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with('#'))
        })
        .expect("a case in the list")
        .click();
}

/// Opens a combo box (found by its label) and picks an entry.
fn choose(h: &mut Harness<'_>, combo: &str, entry: &str) {
    h.get_all_by_label(combo)
        .find(|n| n.accesskit_node().role() == Role::ComboBox)
        .unwrap_or_else(|| panic!("no combo box labelled {combo:?}"))
        .click();
    h.settle();
    // The entry in the popup (the same word may also be in the preview table), scrolled into
    // view: a long list of columns scrolls.
    fn entry_node<'a>(h: &'a Harness<'_>, entry: &'a str) -> egui_kittest::Node<'a> {
        h.get_all_by_label(entry)
            .find(|n| n.accesskit_node().role() == Role::Button)
            .unwrap_or_else(|| panic!("no entry {entry:?} in the open combo box"))
    }
    entry_node(h, entry).scroll_to_me();
    h.settle();
    entry_node(h, entry).click();
    h.settle();
    // The combo box now shows the entry (unless choosing it renamed the combo box).
    if let Some(shown) = h
        .query_all_by_label(combo)
        .find(|n| n.accesskit_node().role() == Role::ComboBox)
    {
        assert_eq!(shown.accesskit_node().value().as_deref(), Some(entry));
    }
}

/// The app tests' per-user folder sheds the files of test processes that are gone, and keeps
/// this process's files and the shared pseudonym key.
#[test]
fn the_app_tests_folder_keeps_only_live_processes_files() {
    let dir = tempfile::tempdir().unwrap();
    // Above any pid_max (at most 2^22), so never a running process.
    let gone = dir.path().join("history-999999999-0.sqlite");
    let gone_samples = dir.path().join("samples-999999999-3");
    let mine = dir
        .path()
        .join(format!("history-{}-0.sqlite", std::process::id()));
    let key = dir.path().join("pseudonym.key");
    for f in [&gone, &mine, &key] {
        std::fs::write(f, b"x").unwrap();
    }
    std::fs::create_dir(&gone_samples).unwrap();
    std::fs::write(gone_samples.join("plan.toml"), b"x").unwrap();
    super::state::sweep(dir.path());
    assert!(!gone.exists() && !gone_samples.exists());
    assert!(mine.exists() && key.exists());
}

#[test]
fn opening_a_missing_plan_shows_the_error_in_words() {
    let mut app = App {
        plan_path: "/nonexistent/plan.toml".into(),
        ..App::default()
    };
    app.open_plan();
    let message = app.notice.clone().unwrap().text;
    assert!(message.contains("cannot read plan") && message.contains("/nonexistent/plan.toml"));
    let mut h = harness(&mut app);
    h.settle();
    h.get_by_label_contains("cannot read plan");
}

/// The workflow, from nothing to a verdict and a case, all by clicks.
#[test]
fn a_user_builds_the_sample_validation_by_hand_runs_it_and_reviews_a_case() {
    let dir = tempfile::tempdir().unwrap();
    let plan_file = dir.path().join("plan.toml");
    let mut app = App::default();
    app.model.path = repo("models/bc_logreg.onnx").display().to_string();
    app.cohort.csv_path = repo("sample-studies/breast-cancer/cohort.csv")
        .display()
        .to_string();
    {
        let mut h = harness(&mut app);
        h.settle();
        // The app opens on its start screen; the Model step is the first of the bar.
        h.get_by_label("1 Model").click();
        h.settle();
        // Model: inspect it; its input and output tensors are listed and chosen.
        h.get_by_label("Study name").focus();
        h.settle();
        h.get_by_label("Study name").type_text("Sample validation");
        h.settle();
        h.get_by_label("Inspect").click();
        wait_until(&mut h, 60, "the model inspection", |h| {
            h.query_by_label("probabilities").is_some()
        });
        h.get_by_label("[N, 30]");
        // Cohort: open the CSV and map its columns from the preview.
        h.get_by_label("2 Cohort").click();
        h.settle();
        h.get_by_label("Open").click();
        h.settle();
        h.get_by_label_contains("171 rows in the file");
        choose(&mut h, "Case id column", "sample_id");
        choose(&mut h, "Ground-truth column", "label");
        h.get_by_label("All other numeric columns").click();
        h.settle();
        h.get_by_label_contains("30 chosen");
        // Plan: a criterion, then run.
        h.get_by_label("3 Plan").click();
        h.settle();
        h.get_by_label_contains("The plan is not complete yet");
        h.get_by_label("Add criterion").click();
        h.settle();
        h.get_by_label_contains("The lower 95 % bound of sensitivity must be at least 0.8");
        h.get_by_label("Go to Run").scroll_to_me();
        h.settle();
        h.get_by_label("Go to Run").click();
        h.settle();
    }
    // The positive value defaulted to "1"; the mapping is what the sample plan says.
    assert_eq!(app.draft.cohort.id.as_deref(), Some("sample_id"));
    assert_eq!(app.draft.cohort.label, "label");
    assert_eq!(app.draft.cohort.positive, "1");
    let sample = provestein::Plan::load(&repo("sample-studies/breast-cancer/plan.toml")).unwrap();
    assert_eq!(app.draft.cohort.features, sample.cohort.features);
    app.plan_path = plan_file.display().to_string();
    {
        let mut h = harness(&mut app);
        h.settle();
        run_to_verdict(&mut h);
        h.get_by_label("Verdict: PASS");
        // Threshold explorer: moving the slider changes the live figures, not the verdict.
        h.get_by_label("Threshold explorer").click();
        h.settle();
        h.get_by_label("At score ≥ 0.500");
        h.get_by_role(Role::Slider).set_value_accesskit(0.9);
        h.settle();
        h.get_by_label("At score ≥ 0.900");
        h.get_by_label("Verdict: PASS");
        // Cases: false positives and negatives first; opening one shows its row, id hidden.
        h.get_by_label("6 Cases").click();
        h.settle();
        open_first_case(&h);
        // The cohort's row is read on a worker.
        wait_until(&mut h, 30, "the case's row", |h| {
            h.query_by_label("mean_radius").is_some()
        });
        assert!(h.query_by_label("sample_id").is_none(), "the id is hidden");
    }
    let eval = app.eval.as_ref().unwrap();
    assert_eq!(eval.binary().unwrap().overall.n, 171);
    assert!((app.results.threshold - 0.9).abs() < 1e-9);
    let c = super::step::results::confusion_at(eval, 0.9);
    assert_ne!(
        c,
        eval.binary().unwrap().overall.confusion,
        "0.9 must call fewer positives"
    );
    let fixed = app.fixed.as_ref().unwrap();
    assert_eq!(Some(&fixed.plan_sha256), app.draft.source_sha256.as_ref());
    assert!(
        eval.provenance
            .prespecification
            .as_ref()
            .is_some_and(|p| !p.post_hoc),
        "decided from the history, and not post hoc"
    );
    assert!(app.cases.opened.is_some());
}

/// A plan saved from the app runs unchanged in `batch` and gives the same report.json figures.
#[test]
fn a_plan_saved_by_the_app_gives_batch_the_same_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::with_plan(&repo(
        "sample-studies/breast-cancer/plan-vendor-scores.toml",
    ));
    assert!(app.notice.as_ref().is_some_and(|n| !n.error));
    // An edit in the app: the threshold.
    app.draft.analysis.threshold = 0.4;
    app.plan_path = dir.path().join("edited/plan.toml").display().to_string();
    {
        let mut h = harness(&mut app);
        h.settle();
        h.get_by_label("3 Plan").click();
        h.settle();
        // Below the report settings.
        h.get_by_label("Go to Run").scroll_to_me();
        h.settle();
        h.get_by_label("Go to Run").click();
        h.settle();
        run_to_verdict(&mut h);
        h.get_by_label("7 Report").click();
        h.settle();
    }
    app.out_dir = dir.path().join("app-report").display().to_string();
    app.export();
    assert_eq!(
        app.exported.len(),
        4,
        "report.json, predictions.csv, report.html, report.pdf"
    );
    // `provestein batch` itself, in this process.
    let code = crate::batch(
        dir.path().join("edited/plan.toml"),
        dir.path().join("batch-report"),
        true,
        None,
        None,
        None,
        None,
        dir.path().join("history.sqlite"),
        provestein::session::Record::Off,
    );
    let verdict = app.eval.as_ref().unwrap().acceptance.verdict;
    assert_eq!(
        format!("{code:?}"),
        format!(
            "{:?}",
            std::process::ExitCode::from(verdict.exit_code() as u8)
        )
    );
    let read = |d: &str| -> serde_json::Value {
        serde_json::from_str(
            &std::fs::read_to_string(dir.path().join(d).join("report.json")).unwrap(),
        )
        .unwrap()
    };
    let (a, b) = (read("app-report"), read("batch-report"));
    for key in [
        "overall",
        "subgroups",
        "fairness",
        "cohort",
        "acceptance",
        "plan",
        "sample_size",
    ] {
        assert_eq!(a[key], b[key], "report.json {key} differs");
    }
    assert_eq!(a["overall"]["threshold"], 0.4);
    assert_eq!(
        a["provenance"]["plan_sha256"],
        b["provenance"]["plan_sha256"]
    );
    // The app records every run, so it knows the attempt; this `batch` ran without a history.
    assert_eq!(a["provenance"]["prespecification"]["post_hoc"], false);
    assert!(b["provenance"]["prespecification"].is_null());
    assert_eq!(
        std::fs::read(dir.path().join("app-report/predictions.csv")).unwrap(),
        std::fs::read(dir.path().join("batch-report/predictions.csv")).unwrap()
    );
}

#[test]
fn the_language_switches_at_run_time() {
    let mut app = App::with_plan(&repo("sample-studies/breast-cancer/plan.toml"));
    app.step = Step::Plan;
    {
        let mut h = harness(&mut app);
        h.settle();
        h.get_by_label("Acceptance criteria");
        choose(&mut h, "Language", "Norsk (bokmål)");
        h.settle();
        h.get_by_label("Akseptkriterier");
        h.get_by_label("3 Plan");
        h.get_by_label("2 Kohort");
    }
    assert_eq!(app.lang, Lang::Nb);
}

#[test]
fn an_imaging_case_opens_in_the_viewer_with_its_window() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::with_plan(&repo("sample-studies/imaging-demo/plan.toml"));
    // Saved elsewhere, so that the sample's own file is never rewritten.
    app.plan_path = dir.path().join("plan.toml").display().to_string();
    app.draft.analysis.bootstrap = 200;
    {
        let mut h = harness(&mut app);
        h.settle();
        h.get_by_label("4 Run").click();
        h.settle();
        run_to_verdict(&mut h);
        h.get_by_label("6 Cases").click();
        h.settle();
        h.get_by_label("True negative").click();
        h.get_by_label("True positive").click();
        h.settle();
        open_first_case(&h);
        wait_until(&mut h, 30, "the image", |h| {
            h.query_by_label("Reset window").is_some()
        });
        h.get_by_label_contains("MONOCHROME");
        // Ids hidden: "#n" and the case's pseudonym, never its path.
        let names: Vec<String> = h
            .get_all_by_role(Role::Button)
            .filter_map(|n| n.accesskit_node().label())
            .filter(|l| l.starts_with('#'))
            .collect();
        assert!(
            !names.is_empty()
                && names
                    .iter()
                    .all(|l| l.contains(" case-") && !l.contains('/')),
            "{names:?}"
        );
        // Asked for, each case by its path in the cohort folder, from memory.
        h.get_by_label("Show case ids").click();
        h.settle();
        let names: Vec<String> = h
            .get_all_by_role(Role::Button)
            .filter_map(|n| n.accesskit_node().label())
            .filter(|l| l.starts_with("study-"))
            .collect();
        assert!(!names.is_empty(), "no case named by its path");
    }
    let v = app.cases.viewer.as_ref().unwrap();
    assert!(v.width > 0.0);
    let eval = app.eval.as_ref().unwrap();
    assert!(
        eval.binary()
            .unwrap()
            .cases
            .iter()
            .all(|c| c.files().iter().all(|f| f.is_file()))
    );
}

/// A DICOM case of the imaging demo: the occlusion map is computed on a worker thread while
/// the window goes on drawing, then shown over the image with its opacity and caption.
#[test]
fn an_imaging_case_gets_an_occlusion_map_from_a_worker() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::with_plan(&repo("sample-studies/imaging-demo/plan.toml"));
    app.plan_path = dir.path().join("plan.toml").display().to_string();
    app.draft.analysis.bootstrap = 200;
    {
        let mut h = harness(&mut app);
        h.settle();
        h.get_by_label("4 Run").click();
        h.settle();
        run_to_verdict(&mut h);
        h.get_by_label("6 Cases").click();
        h.settle();
        open_first_case(&h);
        wait_until(&mut h, 30, "the image", |h| {
            h.query_by_label("Reset window").is_some()
        });
        // Patch and stride start from the plan's [explain].
        h.get_by_label("Patch (pixels)");
        h.get_by_label("Stride (pixels)");
        assert!(
            h.query_by_label("An aid to interpretation, not proof of reasoning")
                .is_none()
        );
        h.get_by_label("Occlusion map").click();
        h.step();
        wait_until(&mut h, 60, "the occlusion map", |h| {
            h.query_by_label("An aid to interpretation, not proof of reasoning")
                .is_some()
        });
        h.get_by_label_contains("49 positions");
        // Beside the controls and the map's legend, the image keeps the pane's height: stacked
        // under them it had 150 points of this 800-point window.
        let image = h.get_by_label("Case image").rect();
        assert!(image.height() > 350.0, "{image:?}");
        h.get_all_by_label("Opacity")
            .find(|n| n.accesskit_node().role() == Role::Slider)
            .expect("an opacity slider")
            .set_value_accesskit(0.8);
        h.settle();
    }
    let v = app.cases.viewer.as_ref().unwrap();
    assert_eq!(v.occlusion.opacity, 0.8);
    let map = v.occlusion.map.as_ref().unwrap().as_ref().unwrap();
    assert_eq!((map.patch, map.stride), (16, 8));
    assert_eq!((map.height, map.width, map.positions.len()), (64, 64, 49));
}

/// The key screens as reviewed (PNG snapshots in tests/snapshots/, rendered by wgpu on the CPU).
/// A change that moves or hides something shows as a diff image beside the snapshot. The
/// status bar (times, hashes) is masked.
#[test]
fn key_screens_look_as_reviewed() {
    let mut app = App::with_plan(Path::new("sample-studies/breast-cancer/plan.toml"));
    app.step = Step::Plan;
    let mut h = harness(&mut app);
    h.settle();
    snap(&mut h, "plan");
    h.get_by_label("4 Run").click();
    h.settle();
    h.get_by_label("Fix the plan and run").click();
    wait_until(&mut h, 120, "the verdict", |h| {
        h.query_by_label("Verdict: PASS").is_some()
    });
    snap(&mut h, "results");
    h.get_by_label("Threshold explorer").click();
    h.settle();
    h.get_by_role(Role::Slider).set_value_accesskit(0.3);
    h.settle();
    snap(&mut h, "threshold");
    h.get_by_label("6 Cases").click();
    h.settle();
    open_first_case(&h);
    h.settle();
    snap(&mut h, "cases");
}

/// A snapshot with the status bar (times, hashes) masked and no mouse pointer.
fn snap(h: &mut Harness<'_>, name: &str) {
    h.remove_cursor();
    h.settle();
    h.mask(egui::Rect::from_min_max(
        egui::pos2(0.0, 760.0),
        egui::pos2(1280.0, 800.0),
    ));
    h.snapshot(name);
}

/// The sample plan run in the app: the Results step's importance chart names the input with
/// the largest AUC drop, and a CSV case lists its inputs by median substitution.
#[test]
fn the_importance_chart_names_the_top_input_and_a_case_its_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::with_plan(&repo("sample-studies/breast-cancer/plan.toml"));
    app.plan_path = dir.path().join("plan.toml").display().to_string();
    app.draft.analysis.bootstrap = 200;
    app.step = Step::Run;
    {
        let mut h = harness(&mut app);
        h.settle();
        run_to_verdict(&mut h);
    }
    let imp = app
        .eval
        .as_ref()
        .unwrap()
        .binary()
        .unwrap()
        .importance
        .clone()
        .unwrap();
    let top = imp.features[0].feature.clone();
    {
        let mut h = harness(&mut app);
        h.settle();
        h.get_by_label("What the model relies on").click();
        h.settle();
        let chart = h
            .get_all_by_role(Role::Image)
            .find(|n| {
                n.accesskit_node()
                    .label()
                    .is_some_and(|l| l.starts_with("Permutation importance chart: "))
            })
            .expect("the importance chart");
        let label = chart.accesskit_node().label().unwrap();
        let first = label
            .trim_start_matches("Permutation importance chart: ")
            .split(' ')
            .next()
            .unwrap()
            .to_string();
        assert_eq!(first, top, "{label}");
        assert!(
            h.query_all_by_label(&top).count() >= 1,
            "{top} in the table"
        );
        // A case: its inputs by the change at the median.
        h.get_by_label("6 Cases").click();
        h.settle();
        open_first_case(&h);
        h.settle();
        h.get_by_label("What moved this score: each input set to the cohort median");
    }
    let i = app.cases.opened.unwrap();
    let case = imp.case(i).unwrap();
    assert!(!case.top.is_empty());
    let mut h = harness(&mut app);
    h.settle();
    assert!(h.query_all_by_label(&case.top[0].feature).count() >= 1);
}

/// Cancel stops a run at the next batch of images; the window says so and keeps no results.
#[test]
fn a_run_can_be_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::with_plan(&repo("sample-studies/imaging-demo/plan.toml"));
    app.plan_path = dir.path().join("plan.toml").display().to_string();
    app.step = Step::Run;
    {
        let mut h = harness(&mut app);
        h.settle();
        h.get_by_label("Fix the plan and run").click();
        h.step();
        h.step();
        h.get_by_label("Cancel").click();
        wait_until(&mut h, 120, "the run to stop", |h| {
            h.query_by_label("Cancel").is_none() && h.query_by_label("Cancelling…").is_none()
        });
        h.get_by_label_contains("cancelled");
    }
    assert!(app.eval.is_none());
    assert!(app.notice.as_ref().is_some_and(|n| n.error));
}

#[test]
fn the_report_step_exports_a_norwegian_pdf_with_what_the_plan_step_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::with_plan(&repo("sample-studies/breast-cancer/plan.toml"));
    app.plan_path = dir.path().join("plan.toml").display().to_string();
    app.draft.analysis.bootstrap = 200;
    app.step = Step::Plan;
    {
        let mut h = harness(&mut app);
        h.settle();
        h.get_by_label("For the report: product, study design, vendor's claims")
            .scroll_to_me();
        h.settle();
        h.get_by_label("For the report: product, study design, vendor's claims")
            .click();
        h.settle();
        h.get_by_label("Source of the claims").scroll_to_me();
        h.settle();
        h.get_by_label("Source of the claims").focus();
        h.settle();
        h.get_by_label("Source of the claims")
            .type_text("IFU 2.1, s. 7");
        // By role: the spin box beside it is labelled by the checkbox too. It sits below the
        // fold of the Plan step, so it is scrolled into view first.
        fn claim_box<'a>(h: &'a Harness<'_>) -> egui_kittest::Node<'a> {
            h.get_all_by_role(Role::CheckBox)
                .find(|n| n.accesskit_node().label().as_deref() == Some("Specificity"))
                .expect("the specificity claim's checkbox")
        }
        claim_box(&h).scroll_to_me();
        h.settle();
        claim_box(&h).click();
        h.settle();
        h.get_by_label("4 Run").click();
        h.settle();
        run_to_verdict(&mut h);
        h.get_by_label("7 Report").click();
        h.settle();
        choose(&mut h, "Language of the report", "Norsk (bokmål)");
        h.settle();
    }
    assert_eq!(app.report_lang, Some(Lang::Nb));
    assert_eq!(app.lang, Lang::En, "only the report's language changed");
    app.out_dir = dir.path().join("out").display().to_string();
    app.export();
    let pdf = dir.path().join("out/report.pdf");
    assert!(app.exported.contains(&pdf), "{:?}", app.exported);
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils, installed by scripts/setup.sh)");
    let text = String::from_utf8(text.stdout).unwrap();
    for e in [
        "Valideringsrapport",
        "IFU 2.1, s. 7",
        "Spesifisitet",
        "forenlig",
    ] {
        assert!(text.contains(e), "the exported PDF lacks {e:?}");
    }
    // The claim went into the plan file that was run, as the user entered it.
    let saved = std::fs::read_to_string(dir.path().join("plan.toml")).unwrap();
    assert!(
        saved.contains("[claims]") && saved.contains("IFU 2.1, s. 7"),
        "{saved}"
    );
}

#[test]
fn runs_are_recorded_and_the_history_step_opens_compares_and_verifies_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::with_plan(&repo(
        "sample-studies/breast-cancer/plan-vendor-scores.toml",
    ));
    app.history_path = dir.path().join("h.sqlite").display().to_string();
    {
        let mut h = harness(&mut app);
        // The folder survey of the imaging demo runs in the background (a spinner): step
        // frames rather than wait for a settled UI.
        wait_until(&mut h, 60, "the steps", |h| {
            h.query_by_label("4 Run").is_some()
        });
        for _ in 0..2 {
            h.get_by_label("4 Run").click();
            // The finished run may still be storing its PDF in the history (a spinner).
            wait_until(&mut h, 60, "the Run step", |h| {
                h.query_by_label("Fix the plan and run").is_some()
            });
            run_to_verdict(&mut h);
        }
        h.get_by_label("8 History").click();
        wait_until(&mut h, 30, "the list of runs", |h| {
            h.query_by_label("#2").is_some()
        });
        h.get_by_label("#1");
        // Open run 1: its verdict and criteria.
        h.get_all_by_role(Role::CheckBox).last().unwrap().click();
        wait_until(&mut h, 30, "run #1 opened", |h| {
            h.query_by_label_contains("Run #1: Breast cancer, vendor-delivered scores")
                .is_some()
        });
        h.get_by_label_contains("auc lower delong bound");
        h.get_by_label_contains("Attempt 1 on this cohort");
        // Tick run 2 as well: the two are compared, the same scores so no change.
        h.get_all_by_role(Role::CheckBox).next().unwrap().click();
        wait_until(&mut h, 30, "the comparison", |h| {
            h.query_by_label_contains("Run #2 against run #1").is_some()
        });
        h.get_by_label("No significant change.");
        // The same cases twice: paired tests, and the plans analyse the same.
        h.get_by_label_contains("so the tests are paired: AUC: paired DeLong test");
        h.get_by_label_contains("The two plans analyse the same");
        h.get_by_label("Verify the audit chain").click();
        wait_until(&mut h, 30, "the chain verified", |h| {
            h.query_by_label_contains("The audit chain of 2 finished runs is intact")
                .is_some()
        });
    }
    // The app's runs are in the file as batch's are: fixed plan, PDF and all.
    let history = provestein::history::History::open(&dir.path().join("h.sqlite")).unwrap();
    let run = history.get(1).unwrap();
    assert_eq!(run.summary.verdict.as_deref(), Some("INCONCLUSIVE"));
    assert!(
        run.report_pdf
            .as_ref()
            .is_some_and(|p| p.starts_with(b"%PDF-"))
    );
    let prespec = |r: &provestein::history::StoredRun| {
        r.evaluation().unwrap().provenance.prespecification.unwrap()
    };
    assert_eq!(prespec(&run).attempt, 1);
    let again = prespec(&history.get(2).unwrap());
    assert_eq!(again.attempt, 2);
    assert!(!again.post_hoc);
    assert_eq!(run.cases.len(), 171);
}

/// A stored report the app cannot read (here a renamed key, as a later format might have) is
/// an error on the History step naming the run, not a list with blanks or an "ok" drift.
#[test]
fn the_history_step_shows_a_report_it_cannot_read_as_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::with_plan(&repo(
        "sample-studies/breast-cancer/plan-vendor-scores.toml",
    ));
    let file = dir.path().join("h.sqlite");
    app.history_path = file.display().to_string();
    let mut h = harness(&mut app);
    wait_until(&mut h, 60, "the steps", |h| {
        h.query_by_label("4 Run").is_some()
    });
    h.get_by_label("4 Run").click();
    wait_until(&mut h, 60, "the Run step", |h| {
        h.query_by_label("Fix the plan and run").is_some()
    });
    run_to_verdict(&mut h);
    let changed = rusqlite::Connection::open(&file)
        .unwrap()
        .execute(
            "UPDATE runs SET report_json = replace(report_json, '\"drift\": null', \
             '\"drift_by_period\": null') WHERE id = 1",
            [],
        )
        .unwrap();
    assert_eq!(changed, 1);
    h.get_by_label("8 History").click();
    wait_until(&mut h, 30, "the error", |h| {
        h.query_by_label_contains(
            "report.json of run #1 does not read as a Prøvestein report: the key drift_by_period",
        )
        .is_some()
    });
}

#[test]
fn the_vendor_package_tab_shows_the_fidelity_self_test_and_the_unreported_scanners() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::with_plan(&repo("sample-studies/imaging-demo/plan.toml"));
    app.plan_path = dir.path().join("plan.toml").display().to_string();
    app.history_path = dir.path().join("h.sqlite").display().to_string();
    app.draft.analysis.bootstrap = 200;
    {
        let mut h = harness(&mut app);
        h.settle();
        h.get_by_label("4 Run").click();
        h.settle();
        run_to_verdict(&mut h);
        h.get_by_label("Vendor package").click();
        h.settle();
        h.get_by_label_contains("fidelity: 3/3 outputs reproduced within tolerance");
        h.get_by_label_contains("Outside the vendor's Fjord Systems, Nordlys Imaging: 20 of 47 cases (ACME Medical (20))");
        // Said in the package tab and again among the verdict's flags.
        assert!(
            h.query_all_by_label_contains("no vendor key is pinned here")
                .count()
                >= 1
        );
    }
}

#[test]
fn the_model_step_shows_the_plans_vendor_manifest_and_an_emptied_field_removes_it() {
    let mut app = App::with_plan(&repo("sample-studies/imaging-demo/plan.toml"));
    assert!(
        app.model.manifest.ends_with("vendor/manifest.toml"),
        "{}",
        app.model.manifest
    );
    app.step = Step::Model;
    app.model.manifest.clear(); // as if the field were emptied
    {
        let mut h = harness(&mut app);
        h.settle();
        h.get_by_label("Use").click();
        h.settle();
    }
    assert_eq!(app.model.manifest, "");
    assert_eq!(app.draft.model.as_ref().unwrap().manifest, None);
}

/// The breast-cancer vendor-scores plan with absolute data paths and a comment, in `dir`.
fn vendor_plan_in(dir: &Path) -> (PathBuf, String) {
    let bc = repo("sample-studies/breast-cancer");
    let text = std::fs::read_to_string(bc.join("plan-vendor-scores.toml"))
        .unwrap()
        .replace(
            "path = \"vendor_scores.csv\"",
            &format!("path = \"{}\"", bc.join("vendor_scores.csv").display()),
        )
        .replace(
            "path = \"cohort.csv\"",
            &format!("path = \"{}\"", bc.join("cohort.csv").display()),
        )
        + "\n# Fixed by the validation group before the data was seen.\n";
    let plan = dir.join("plan.toml");
    std::fs::write(&plan, &text).unwrap();
    (plan, text)
}

/// Pre-specification in the app comes from the history as in `batch`: a first run, the same
/// plan again (attempt 2, not post hoc), then the threshold edited after those runs: the edit
/// is saved beside the plan as plan-v2.toml (the original untouched, comments and all), the Run
/// step shows what changed, and the verdict says post hoc.
#[test]
fn an_edit_after_a_run_is_a_new_plan_file_and_the_run_is_post_hoc() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, original) = vendor_plan_in(dir.path());
    let mut app = App::with_plan(&plan);
    app.history_path = dir.path().join("h.sqlite").display().to_string();
    {
        let mut h = harness(&mut app);
        h.settle();
        h.get_by_label("4 Run").click();
        h.settle();
        run_to_verdict(&mut h);
        h.get_by_label_contains("Attempt 1 on this cohort");
        h.get_by_label("4 Run").click();
        h.settle();
        h.get_by_label_contains("is unchanged: it runs as it is");
        run_to_verdict(&mut h);
        h.get_by_label_contains("Attempt 2 on this cohort (earlier runs #1)");
        assert!(h.query_by_label("edited since the shown results").is_none());
    }
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), original);
    // The threshold edited after the runs.
    app.draft.analysis.threshold = 0.3;
    {
        let mut h = harness(&mut app);
        h.settle();
        h.get_by_label("4 Run").click();
        h.settle();
        h.get_by_label_contains("has been run, so it is kept as it is");
        h.get_by_label_contains("plan-v2.toml and fixed");
        h.get_by_label_contains("analysis.threshold: 0.5 → 0.3");
        run_to_verdict(&mut h);
        h.get_by_label_contains("POST HOC: the threshold changed after run #1");
    }
    assert_eq!(
        std::fs::read_to_string(&plan).unwrap(),
        original,
        "the plan that was run is kept as it was"
    );
    let v2 = dir.path().join("plan-v2.toml");
    assert_eq!(app.plan_path, v2.display().to_string());
    let saved = provestein::Plan::load(&v2).unwrap();
    assert_eq!(saved.analysis.threshold, 0.3);
    let p = app
        .eval
        .as_ref()
        .unwrap()
        .provenance
        .prespecification
        .clone()
        .unwrap();
    assert_eq!(
        (p.attempt, p.earlier_runs, p.post_hoc, p.changed),
        (
            3,
            vec![1, 2],
            true,
            vec![provestein::provenance::PlanPart::Threshold]
        )
    );
    // A further edit of the post-hoc version goes beside it again.
    assert_eq!(
        super::app::next_version(&v2),
        dir.path().join("plan-v3.toml")
    );
    // The app restarted (a new session, nothing remembered) with the original plan, the
    // threshold changed again: still post hoc, because the history says so.
    let mut again = App::with_plan(&plan);
    again.history_path = app.history_path.clone();
    again.draft.analysis.threshold = 0.25;
    {
        let mut h = harness(&mut again);
        h.settle();
        h.get_by_label("4 Run").click();
        h.settle();
        h.get_by_label_contains("plan-v3.toml and fixed");
        run_to_verdict(&mut h);
        h.get_by_label_contains("POST HOC: the threshold changed after run #1");
    }
    let p = again.eval.unwrap().provenance.prespecification.unwrap();
    assert_eq!((p.attempt, p.post_hoc), (4, true));
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), original);
}

/// The imaging demo's plan leaves preprocessing and claims to the vendor manifest. Run twice in
/// the app it is attempt 2 and not post hoc, and never "edited since the shown results".
#[test]
fn a_manifest_filled_plan_run_again_in_the_app_is_not_post_hoc() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::with_plan(&repo("sample-studies/imaging-demo/plan.toml"));
    app.plan_path = dir.path().join("plan.toml").display().to_string();
    app.history_path = dir.path().join("h.sqlite").display().to_string();
    app.draft.analysis.bootstrap = 200;
    {
        let mut h = harness(&mut app);
        // The folder survey of the imaging demo runs in the background (a spinner): step
        // frames rather than wait for a settled UI.
        wait_until(&mut h, 60, "the steps", |h| {
            h.query_by_label("4 Run").is_some()
        });
        for _ in 0..2 {
            h.get_by_label("4 Run").click();
            // The finished run may still be storing its PDF in the history (a spinner).
            wait_until(&mut h, 60, "the Run step", |h| {
                h.query_by_label("Fix the plan and run").is_some()
            });
            run_to_verdict(&mut h);
        }
        h.get_by_label_contains("Attempt 2 on this cohort (earlier runs #1)");
        assert!(h.query_by_label("edited since the shown results").is_none());
    }
    let p = app
        .eval
        .as_ref()
        .unwrap()
        .provenance
        .prespecification
        .clone();
    assert_eq!(p.map(|p| (p.attempt, p.post_hoc)), Some((2, false)));
    assert!(!dir.path().join("plan-v2.toml").exists());
}

/// The imaging demo passes on AUC alone: the verdict panel lists what its criterion does not
/// cover, as page 1 of the report does, in the user's language.
#[test]
fn the_verdict_panel_lists_the_flags() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::with_plan(&repo("sample-studies/imaging-demo/plan.toml"));
    app.plan_path = dir.path().join("plan.toml").display().to_string();
    app.draft.analysis.bootstrap = 0;
    app.step = Step::Run;
    {
        let mut h = harness(&mut app);
        h.settle();
        run_to_verdict(&mut h);
        assert!(h.query_by_label("Verdict: PASS").is_some());
        assert!(h.query_by_label("Not covered by the criteria").is_some());
        assert!(
            h.query_by_label_contains("Sensitivity 0.667 [0.400, 0.857] at the plan threshold 0.5 has no acceptance criterion")
                .is_some()
        );
    }
    let flags = app.eval.as_ref().unwrap().flags.clone();
    assert!(flags.iter().any(|f| f.id() == "calibration_rejected"));
    app.lang = Lang::Nb;
    let mut h = harness(&mut app);
    h.settle();
    assert!(h.query_by_label("Ikke dekket av kriteriene").is_some());
    assert!(
        h.query_by_label_contains("Sensitivitet 0,667 [0,400; 0,857]")
            .is_some()
    );
}

/// The imaging demo with absolute paths, a small bootstrap and batches of 8 images, as a plan
/// file in `dir` (the file as it is run: the app resumes only the plan on disk).
fn imaging_plan_in(dir: &Path) -> PathBuf {
    let demo = repo("sample-studies/imaging-demo");
    let text = std::fs::read_to_string(demo.join("plan.toml"))
        .unwrap()
        .replace(
            "path = \"images\"",
            &format!("path = \"{}\"", demo.join("images").display()),
        )
        .replace(
            "labels = \"labels.csv\"",
            &format!("labels = \"{}\"", demo.join("labels.csv").display()),
        )
        .replace(
            "path = \"../../models/",
            &format!("path = \"{}/", repo("models").display()),
        )
        .replace(
            "manifest = \"vendor/",
            &format!("manifest = \"{}/", demo.join("vendor").display()),
        )
        .replace("bootstrap = 2000", "bootstrap = 200")
        .replace("positive_index = 0", "positive_index = 0\nbatch = 8");
    let path = dir.join("plan.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// A run of `plan` in history `h` stopped after its first batch of model outputs, left as a
/// killed process leaves it: status running, the outputs in its journal, the claim of a
/// process that is gone. Returns the outputs kept.
fn killed_run(plan: &Path, h: &Path) -> i64 {
    use provestein::history::History;
    use provestein::run::control::{Journal, Outcome};
    use std::sync::{Arc, atomic::AtomicBool, atomic::Ordering};
    /// The history's journal, stopping the run once a batch is recorded.
    struct StopAfterOne(Arc<dyn Journal>, Arc<AtomicBool>);
    impl Journal for StopAfterOne {
        fn recorded(
            &self,
            source: &str,
        ) -> provestein::Result<std::collections::HashMap<String, Outcome>> {
            self.0.recorded(source)
        }
        fn record(&self, source: &str, outcomes: &[(String, Outcome)]) -> provestein::Result<()> {
            self.0.record(source, outcomes)?;
            self.1.store(true, Ordering::Relaxed);
            Ok(())
        }
    }
    let p = provestein::Plan::load(plan).unwrap();
    let history = Arc::new(History::open(h).unwrap());
    let id = history.begin(&p, plan, "tester").unwrap();
    let mut ctl = provestein::Control::silent();
    ctl.journal = Some(Arc::new(StopAfterOne(
        history.journal(id),
        ctl.cancel_flag(),
    )));
    ctl.pseudonym_key = Some(provestein::privacy::pseudonym::key_path_beside(h));
    assert!(matches!(
        provestein::run(&p, &ctl),
        Err(provestein::Error::Cancelled)
    ));
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    let pid = gone.id();
    gone.wait().unwrap();
    rusqlite::Connection::open(h)
        .unwrap()
        .execute("UPDATE runs SET claim_pid = ?1 WHERE id = ?2", (pid, id))
        .unwrap();
    history.recorded_count(id).unwrap()
}

/// A run killed half-way is offered for resuming beside Run, resumed with the outputs it had
/// kept, and recorded as done, its report with occlusion maps of the demo's misclassified
/// images; an export to another folder takes the maps along.
#[test]
fn the_app_resumes_a_killed_run_and_makes_occlusion_maps() {
    let dir = tempfile::tempdir().unwrap();
    let plan = imaging_plan_in(dir.path());
    let h = dir.path().join("h.sqlite");
    let kept = killed_run(&plan, &h);
    assert!((8..47).contains(&kept), "{kept} outputs kept");
    let mut app = App::with_plan(&plan);
    app.history_path = h.display().to_string();
    app.step = Step::Run;
    {
        let mut h = harness(&mut app);
        wait_until(&mut h, 60, "the resume offer", |h| {
            h.query_by_label("Resume run #1").is_some()
        });
        h.get_by_label_contains(&format!(
            "Run #1 of this plan was interrupted with {kept} model outputs recorded"
        ));
        h.get_by_label_contains("Make occlusion maps after the run")
            .click();
        h.settle();
        h.get_by_label("Resume run #1").click();
        wait_until(&mut h, 120, "the verdict", |h| {
            h.query_by_label_contains("Verdict:").is_some()
        });
        h.get_by_label_contains(&format!(
            "Resuming run #1: {kept} model outputs already recorded"
        ));
        h.get_by_label("4 Run").click();
        h.settle();
        assert!(
            h.query_by_label("Resume run #1").is_none(),
            "nothing left to resume"
        );
    }
    let history = provestein::history::History::open(&h).unwrap();
    let runs = history.list().unwrap();
    assert_eq!(runs.len(), 1, "resumed in place, not a new run");
    assert_eq!(runs[0].status, provestein::history::RunStatus::Done);
    assert_eq!(runs[0].n, 47);
    let maps = app.eval.as_ref().unwrap().occlusion_maps.clone();
    assert!(!maps.is_empty(), "no occlusion map made");
    assert!(
        maps.iter()
            .all(|m| m.outcome.code() == "fn" || m.outcome.code() == "fp")
    );
    let made = PathBuf::from(&app.out_dir);
    assert!(maps.iter().all(|m| made.join(&m.file).is_file()));
    let stored = history.get(1).unwrap().evaluation().unwrap();
    assert_eq!(stored.occlusion_maps.len(), maps.len());
    // Exported elsewhere: the report and the maps it lists.
    app.out_dir = dir.path().join("exported").display().to_string();
    app.export();
    let exported = dir.path().join("exported");
    assert!(maps.iter().all(|m| exported.join(&m.file).is_file()));
    assert!(exported.join("explain/index.csv").is_file());
    // The PDF the history keeps is the one the user exports (same language, same bytes).
    assert_eq!(
        history.get(1).unwrap().report_pdf,
        Some(std::fs::read(exported.join("report.pdf")).unwrap())
    );
}

/// Every text the app shows that holds a label (buttons, labels, table cells).
fn all_labels(h: &Harness<'_>) -> Vec<String> {
    h.query_all(egui_kittest::kittest::by().predicate(|_| true))
        .filter_map(|n| {
            let n = n.accesskit_node();
            n.label().or_else(|| n.value())
        })
        .collect()
}

/// A digit, a full stop and a digit: a number written the English way.
fn has_decimal_point(s: &str) -> bool {
    let c: Vec<char> = s.chars().collect();
    c.windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == '.' && w[2].is_ascii_digit())
}

/// In bokmål the Results step writes every figure with a decimal comma, as the PDF does: the
/// summary table, the plans' threshold, the calibration table and the case list.
#[test]
fn in_bokmal_the_results_write_decimal_commas() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::with_plan(&repo("sample-studies/breast-cancer/plan.toml"));
    app.plan_path = dir.path().join("plan.toml").display().to_string();
    app.draft.analysis.bootstrap = 200;
    app.step = Step::Run;
    app.lang = Lang::Nb;
    {
        let mut h = harness(&mut app);
        h.settle();
        h.get_by_label("Lås planen og kjør").click();
        wait_until(&mut h, 120, "the verdict", |h| {
            h.query_by_label_contains("Konklusjon:").is_some()
        });
        h.get_by_label("Alle 4 akseptkriteriene er oppfylt.");
        for tab in ["Sammendrag og ROC", "Utforsk terskel", "Kalibrering"] {
            h.get_by_label(tab).click();
            h.settle();
            let english: Vec<String> = all_labels(&h)
                .into_iter()
                .filter(|l| has_decimal_point(l))
                .collect();
            assert!(english.is_empty(), "{tab}: {english:?}");
        }
        h.get_by_label("6 Kasus").click();
        h.settle();
        assert!(all_labels(&h).iter().all(|l| !has_decimal_point(l)));
    }
    let eval = app.eval.as_ref().unwrap();
    let n = provestein::i18n::Numbers(Lang::Nb);
    let auc = n.num(eval.binary().unwrap().overall.metrics.auc.estimate, 4);
    assert!(auc.contains(','), "{auc}");
    let mut h = harness(&mut app);
    h.settle();
    h.get_by_label("5 Resultater").click();
    h.settle();
    h.get_by_label("Sammendrag og ROC").click();
    h.settle();
    h.get_by_label(&auc);
    h.get_by_label_contains("positiv når skår ≥ 0,5;");
}

/// A plan with one acceptance criterion says so in the singular, in both languages (the
/// catalogue's plural rules, not "1 acceptance criteria").
#[test]
fn a_one_criterion_plan_counts_its_criterion_in_the_singular() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::with_plan(&repo("sample-studies/breast-cancer/plan.toml"));
    app.plan_path = dir.path().join("plan.toml").display().to_string();
    app.draft.analysis.bootstrap = 0;
    app.draft.acceptance.truncate(1);
    app.step = Step::Run;
    {
        let mut h = harness(&mut app);
        h.settle();
        run_to_verdict(&mut h);
        h.get_by_label("1 acceptance criterion, and it passed.");
        assert!(h.query_by_label_contains("criteria").is_none());
    }
    app.lang = Lang::Nb;
    let mut h = harness(&mut app);
    h.settle();
    h.get_by_label("1 akseptkriterium, og det er oppfylt.");
}

/// A reviewer opens a false positive or negative after a run, records "reference standard
/// wrong" with a comment; the history keeps it beside the run, and the exported report shows
/// the sensitivity analysis with the adjudicated labels.
#[test]
fn an_error_is_adjudicated_recorded_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::with_plan(&repo("sample-studies/breast-cancer/plan.toml"));
    app.plan_path = dir.path().join("plan.toml").display().to_string();
    app.history_path = dir.path().join("h.sqlite").display().to_string();
    app.draft.analysis.bootstrap = 200;
    app.step = Step::Run;
    {
        let mut h = harness(&mut app);
        h.settle();
        run_to_verdict(&mut h);
        h.get_by_label("6 Cases").click();
        h.settle();
        open_first_case(&h);
        h.settle();
        h.get_by_label("Adjudicate this error").scroll_to_me();
        h.settle();
        h.get_by_role(Role::TextInput).focus();
        h.settle();
        h.get_by_role(Role::TextInput)
            .type_text("pathology re-read: benign");
        h.settle();
        h.get_by_label("Reference standard wrong").click();
        wait_until(&mut h, 60, "the judgement recorded", |h| {
            h.query_by_label_contains("Judged \"Reference standard wrong\"")
                .is_some()
        });
    }
    let a = app
        .eval
        .as_ref()
        .and_then(|e| e.adjudication.as_ref())
        .expect("the analysis");
    assert_eq!((a.reference_wrong, a.flipped), (1, 1));
    let stored = provestein::history::History::open(&app.recorded_in())
        .unwrap()
        .adjudications(app.run_id.expect("the run is recorded"))
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].comment, "pathology re-read: benign");
    app.out_dir = dir.path().join("out").display().to_string();
    app.export();
    let text = std::process::Command::new("pdftotext")
        .arg(dir.path().join("out/report.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("Sensitivity analysis: adjudicated labels")
            && text.contains("Adjudicated labels"),
        "the exported report shows the analysis"
    );
}

/// A stopped-clock job for the progress tests.
fn job(done: u64, total: u64, reused: u64, secs: u64) -> crate::gui::state::Job {
    let (tx, rx) = std::sync::mpsc::channel::<crate::gui::state::Msg>();
    // The run's end of the channel stays open, as a live run's does.
    std::mem::forget(tx);
    let then = Instant::now() - Duration::from_secs(secs);
    crate::gui::state::Job {
        rx,
        cancel: Default::default(),
        stage: "Scoring".into(),
        done,
        total,
        reused,
        stage_started: then,
        started: then,
        overall: Default::default(),
    }
}

/// Progress that tells the truth: a resumed run's reused units count as done but not in the
/// rate (it was "12005377 per second"); a one-step stage (the statistics) and a stage whose
/// steps are all done have no fraction and no time left.
#[test]
fn progress_rates_count_only_this_runs_work_and_unknown_stages_say_so() {
    use crate::gui::step::run::progress_of;
    let (fraction, rate, left) = progress_of(&job(60, 100, 50, 10)).unwrap();
    assert!((fraction - 0.6).abs() < 1e-6);
    let rate = rate.unwrap();
    assert!((rate - 1.0).abs() < 0.05, "10 own units in 10 s: {rate}");
    assert!((left.unwrap() - 40.0).abs() < 2.0, "{left:?}");
    // Nothing of its own done yet: a fraction, no rate.
    assert_eq!(progress_of(&job(50, 100, 50, 10)).map(|p| p.1), Some(None));
    assert!(
        progress_of(&job(0, 1, 0, 10)).is_none(),
        "the statistics' one step"
    );
    assert!(
        progress_of(&job(100, 100, 0, 10)).is_none(),
        "all done, still working"
    );

    // While a new run is in flight the Results step says whose results it shows.
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::with_plan(&repo(
        "sample-studies/breast-cancer/plan-vendor-scores.toml",
    ));
    // The run saves the plan: into this test's folder, never over the shipped sample.
    app.plan_path = dir.path().join("plan.toml").display().to_string();
    app.draft.analysis.bootstrap = 0;
    app.step = Step::Run;
    {
        let mut h = harness(&mut app);
        h.settle();
        run_to_verdict(&mut h);
        assert!(
            h.query_by_label_contains("results of the previous run")
                .is_none()
        );
    }
    app.job = Some(job(0, 1, 0, 1));
    app.step = Step::Results;
    let mut h = harness(&mut app);
    h.settle();
    h.get_by_label_contains("These are the results of the previous run");
}
