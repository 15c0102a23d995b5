//! The start screen, the in-app file picker, the settings kept between starts and the Plan
//! step's report settings, driven by clicks as a user would (issue 19, deliver 1–4).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use super::App;
use super::i18n::Lang;
use super::picker::system_dialog_available;
use super::state::Step;
use super::tests::Settle;
use super::tests::wait_until;

fn repo(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

fn harness(app: App) -> Harness<'static, App> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut App| app.ui(ui), app)
}

/// The same for egui_file's dialog, whose two text fields have no accessible name. (Its
/// symbols, 📂 🗀 🗋 ⬆ ⟲, are drawn: the harness would fail on a glyph no font has.)
fn picker_harness(app: App) -> Harness<'static, App> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_accessibility_check(false)
        .build_ui_state(|ui, app: &mut App| app.ui(ui), app)
}

/// The button labelled exactly `label` (the same words may also be a heading).
fn button<'a>(h: &'a Harness<'_, App>, label: &'a str) -> egui_kittest::Node<'a> {
    h.get_all_by_label(label)
        .find(|n| n.accesskit_node().role() == Role::Button)
        .unwrap_or_else(|| panic!("no button {label:?}"))
}

fn run_to_verdict(h: &mut Harness<'_, App>) {
    // Below the report settings: scrolled into view first.
    button(h, "Go to Run").scroll_to_me();
    h.settle();
    button(h, "Go to Run").click();
    h.settle();
    button(h, "Fix the plan and run").click();
    wait_until(h, 180, "the verdict", |h| {
        h.query_by_label_contains("Verdict:").is_some()
    });
}

/// The breast-cancer sample as a plan file of its own in `dir` (paths rebased), with a small
/// bootstrap so that a debug build runs it in seconds, and no site or reference standard.
fn breast_cancer_in(dir: &Path) -> PathBuf {
    let mut plan = provestein::Plan::load(&repo("sample-studies/breast-cancer/plan.toml")).unwrap();
    plan.analysis.bootstrap = 200;
    // Left out, so that the report has to say so in words.
    plan.study.setting = None;
    plan.study.reference_standard = None;
    let path = dir.join("plan.toml");
    plan.save(&path).unwrap();
    path
}

/// No words of the plan's syntax in the report: what is missing is a sentence.
fn assert_no_plan_syntax(eval: &provestein::Evaluation) {
    for lang in Lang::ALL {
        let text = provestein::report::content::build(eval, lang)
            .text()
            .join("\n");
        for syntax in [
            "[analysis]",
            "[cohort]",
            "[claims]",
            "[report]",
            "study.",
            "Set [",
            "Angi [",
        ] {
            assert!(!text.contains(syntax), "{syntax:?} in the {lang:?} report");
        }
    }
}

#[test]
fn from_the_start_screen_a_sample_runs_to_its_verdict_without_touching_a_plan_file() {
    let shipped = repo("sample-studies/breast-cancer/plan.toml");
    let before = std::fs::read(&shipped).unwrap();
    let mut h = harness(App::default());
    h.settle();
    assert_eq!(h.state().step, Step::Start);
    h.get_by_label("Validate an AI model on your own patients");
    button(&h, "CT lesion detector (synthetic)");
    button(&h, "Breast cancer cytology").click();
    h.settle();
    assert_eq!(h.state().step, Step::Plan);
    h.get_by_label_contains("Opened the sample \"Breast cancer cytology\"");
    // The run works on the app's own copy, beside nothing that was shipped.
    let copy = PathBuf::from(h.state().plan_path.clone());
    assert!(copy.starts_with(&h.state().samples_dir), "{copy:?}");
    assert!(copy.is_file());
    assert_eq!(h.state().recent_plans, vec![copy.display().to_string()]);
    assert_eq!(
        h.state().draft.study.name,
        "Breast cancer classifier, local validation"
    );
    run_to_verdict(&mut h);
    h.get_by_label_contains("Verdict: PASS");
    let app = h.into_state();
    let eval = app.eval.as_ref().expect("a verdict");
    assert_eq!(eval.plan.analysis.bootstrap, 2000, "the sample as shipped");
    assert_eq!(
        std::fs::read(&shipped).unwrap(),
        before,
        "the shipped plan is untouched"
    );
    // Opened again, the same copy is reused, not rewritten.
    let written = std::fs::metadata(&copy).unwrap().modified().unwrap();
    let mut app = app;
    let sample = app.samples.clone().unwrap()[0].clone();
    app.open_sample(&sample);
    assert_eq!(PathBuf::from(&app.plan_path), copy);
    assert_eq!(
        std::fs::metadata(&copy).unwrap().modified().unwrap(),
        written
    );
    // The report says what the plan leaves out in sentences, in both languages.
    let eval = app.eval.as_ref().unwrap();
    let text = provestein::report::content::build(eval, Lang::En)
        .text()
        .join("\n");
    assert!(
        text.contains(
            "Local prevalence was not given; PPV and NPV are shown at the cohort's own prevalence."
        ),
        "{text}"
    );
    assert_no_plan_syntax(eval);
    // The sample's run went to the samples' own history, never to the user's audit trail.
    let samples_history = app.samples_dir.join("history.sqlite");
    assert_eq!(app.recorded_in(), samples_history);
    assert!(samples_history.is_file());
    assert!(
        !Path::new(&app.history_path).exists(),
        "the user's history was not even created"
    );
    // With that history chosen, the run is listed on the start screen and opens in the History
    // step.
    let mut app = app;
    app.history_path = samples_history.display().to_string();
    let mut h = harness(app);
    h.get_by_label("1 Model").click();
    h.settle();
    h.get_by_label("Start").click();
    wait_until(&mut h, 30, "the recent runs", |h| {
        h.query_by_label_contains("#1 Breast cancer classifier, local validation: PASS")
            .is_some()
    });
    h.get_by_label_contains("#1 Breast cancer classifier")
        .click();
    wait_until(&mut h, 30, "the run opened", |h| {
        h.state().history.opened.is_some()
    });
    assert_eq!(h.state().step, Step::History);
    h.get_by_label_contains("Run #1");
    assert_eq!(h.state().history.selected, vec![1]);
}

#[test]
fn with_no_desktop_dialog_browse_opens_the_in_app_picker() {
    let dir = tempfile::tempdir().unwrap();
    let plan = breast_cancer_in(dir.path());
    // What the start-up check finds on a machine with neither a portal nor zenity.
    let bus = format!("unix:path={}", dir.path().join("no-bus").display());
    let found = system_dialog_available(Some(&bus), Some(dir.path().as_os_str()));
    assert!(!found);
    let mut app = App::default();
    app.picker.system_available = Some(found);
    // The field names the folder the dialog starts in.
    app.plan_path = dir.path().join("other.toml").display().to_string();
    app.step = Step::Plan;
    let mut h = picker_harness(app);
    h.settle();
    button(&h, "Browse…").click();
    h.settle();
    assert!(h.state().picker.is_open(), "the in-app picker is open");
    h.get_by_label_contains("Choose a file");
    // The folder's plan, listed by the picker (TOML files only), chosen and opened.
    h.get_by_label_contains("plan.toml").click();
    h.settle();
    button(&h, "Open").click();
    h.settle();
    h.settle();
    assert!(!h.state().picker.is_open());
    assert_eq!(PathBuf::from(&h.state().plan_path), plan);
    assert!(h.state().on_disk.is_some(), "the chosen plan was opened");
    h.get_by_label_contains("Opened");
    // Cancel closes it and changes nothing.
    button(&h, "Browse…").click();
    h.settle();
    assert!(h.state().picker.is_open());
    button(&h, "Cancel").click();
    h.settle();
    assert!(!h.state().picker.is_open());
    assert_eq!(PathBuf::from(&h.state().plan_path), plan);
}

/// eframe's storage, in memory: what eframe writes to its RON file.
#[derive(Default)]
struct TestStorage(HashMap<String, String>);

impl eframe::Storage for TestStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.into(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

#[test]
fn settings_are_restored_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let plan = breast_cancer_in(dir.path());
    let history = dir.path().join("history.sqlite").display().to_string();
    let out = dir.path().join("reports").display().to_string();
    let mut app = App {
        plan_path: plan.display().to_string(),
        history_path: history.clone(),
        ..App::default()
    };
    app.open_plan();
    app.step = Step::Start;
    // The desktop's dialog was found; the user prefers the built-in one all the same.
    app.picker.system_available = Some(true);
    let mut h = harness(app);
    h.settle();
    h.get_by_label("Use the built-in file picker").click();
    h.settle();
    // The language, chosen from the top bar.
    h.get_all_by_label("Language")
        .find(|n| n.accesskit_node().role() == Role::ComboBox)
        .unwrap()
        .click();
    h.settle();
    button(&h, "Norsk (bokmål)").click();
    h.settle();
    // An output folder chosen in the Report step is kept; one derived from a plan is not.
    let mut app = h.into_state();
    assert_eq!(app.lang, Lang::Nb);
    assert_eq!(app.picker.builtin_setting, Some(true));
    app.out_dir = out.clone();
    app.out_dir_chosen = true;
    let mut storage = TestStorage::default();
    app.save_settings(&mut storage);
    drop(app);

    let app = App::restored(Some(&storage));
    assert_eq!(app.lang, Lang::Nb);
    assert_eq!(app.recent_plans, vec![plan.display().to_string()]);
    assert_eq!(app.history_path, history);
    assert_eq!(app.out_dir, out);
    assert!(app.out_dir_chosen);
    assert_eq!(app.picker.builtin_setting, Some(true));
    assert_eq!(app.step, Step::Start);
    // The restored app lists the plan and opens it with one click.
    let mut h = harness(app);
    h.settle();
    h.get_by_label("Nylige planer");
    let name = format!(
        "{}/plan.toml",
        dir.path().file_name().unwrap().to_string_lossy()
    );
    button(&h, &name).click();
    h.settle();
    assert_eq!(h.state().step, Step::Plan);
    assert_eq!(PathBuf::from(&h.state().plan_path), plan);
    // Nothing stored: a new app as before.
    let fresh = App::restored(Some(&TestStorage::default()));
    assert_eq!(fresh.lang, Lang::En);
    assert!(fresh.recent_plans.is_empty() && !fresh.out_dir_chosen);
}

/// The local-prevalence checkbox (its spin box is labelled by it too).
fn tick<'a>(h: &'a Harness<'_, App>) -> egui_kittest::Node<'a> {
    h.get_all_by_role(Role::CheckBox)
        .find(|n| n.accesskit_node().label().as_deref() == Some("Local prevalence"))
        .expect("the prevalence checkbox")
}

#[test]
fn report_settings_set_in_the_plan_step_reach_the_run_and_the_plan_file() {
    let dir = tempfile::tempdir().unwrap();
    let plan = breast_cancer_in(dir.path());
    let mut h = harness(App::with_plan(&plan));
    h.settle();
    assert_eq!(h.state().step, Step::Plan);
    // Local prevalence: 5 % (the default when it is ticked).
    tick(&h).scroll_to_me();
    h.settle();
    tick(&h).click();
    h.settle();
    assert_eq!(h.state().draft.analysis.prevalence, Some(0.05));
    h.get_by_label("Site and institution").focus();
    h.settle();
    h.get_by_label("Site and institution")
        .type_text("Testby sykehus");
    h.settle();
    button(&h, "Add signer").scroll_to_me();
    h.settle();
    button(&h, "Add signer").click();
    h.settle();
    h.get_all_by_label("Language of the signed report")
        .find(|n| n.accesskit_node().role() == Role::ComboBox)
        .unwrap()
        .click();
    h.settle();
    button(&h, "Norsk (bokmål)").click();
    h.settle();
    run_to_verdict(&mut h);
    {
        let eval = h.state().eval.as_ref().unwrap();
        let lp = eval
            .binary()
            .unwrap()
            .overall
            .thresholds
            .at_local_prevalence
            .as_ref()
            .expect("PPV and NPV at the local prevalence");
        assert_eq!(lp.predictive_values.prevalence, 0.05);
        assert_eq!(eval.plan.study.setting.as_deref(), Some("Testby sykehus"));
        assert_eq!(eval.plan.report.language, Lang::Nb);
        let roles: Vec<&str> = eval
            .plan
            .report
            .sign_off
            .iter()
            .map(|s| s.role.as_str())
            .collect();
        assert_eq!(roles, ["Reviewing medical physicist", "Clinical lead"]);
        let text = provestein::report::content::build(eval, Lang::En)
            .text()
            .join("\n");
        assert!(text.contains("At the local prevalence of 5"), "{text}");
        assert!(text.contains("Testby sykehus"));
        assert!(
            text.contains("The plan does not record how the reference standard was established.")
        );
        assert_no_plan_syntax(eval);
    }
    // The plan file that was run says so; an edit after the run goes beside it.
    let text = std::fs::read_to_string(&plan).unwrap();
    assert!(text.contains("prevalence = 0.05"), "{text}");
    h.get_by_label("3 Plan").click();
    h.settle();
    tick(&h).scroll_to_me();
    h.settle();
    tick(&h).click();
    h.settle();
    assert_eq!(h.state().draft.analysis.prevalence, None);
    button(&h, "Save plan").scroll_to_me();
    h.settle();
    button(&h, "Save plan").click();
    h.settle();
    assert_eq!(
        std::fs::read_to_string(&plan).unwrap(),
        text,
        "the run's plan is kept"
    );
    let v2 = std::fs::read_to_string(dir.path().join("plan-v2.toml")).unwrap();
    assert!(!v2.contains("prevalence"), "{v2}");
}

/// A file dropped on the window, as eframe hands it to egui.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn a_plan_or_a_folder_dropped_on_the_start_screen_opens_where_it_belongs() {
    let dir = tempfile::tempdir().unwrap();
    let plan = breast_cancer_in(dir.path());
    let mut h = harness(App::default());
    h.settle();
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(plan.clone())));
    h.settle();
    assert_eq!(h.state().step, Step::Plan);
    assert_eq!(PathBuf::from(&h.state().plan_path), plan);
    assert!(h.state().on_disk.is_some());
    h.get_by_label("Start").click();
    h.settle();
    let images = repo("sample-studies/imaging-demo/images");
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(images.clone())));
    h.step();
    assert_eq!(h.state().step, Step::Cohort);
    assert_eq!(h.state().draft.cohort.path, images);
}

/// Every sample offered opens: its copy's paths, rebased, still name the shipped files (images,
/// labels, masks, marks, the vendor package), and the copy checks as `batch` would check it.
#[test]
fn every_sample_offered_opens_as_a_plan_that_checks() {
    let mut app = App::default();
    let samples = crate::gui::state::samples::find();
    assert_eq!(samples.len(), 5);
    for s in &samples {
        app.open_sample(s);
        assert!(
            app.notice.as_ref().is_some_and(|n| !n.error),
            "{}: {:?}",
            s.key,
            app.notice
        );
        assert_eq!(app.step, Step::Plan);
        let copy = app.samples_dir.join(s.key);
        assert!(PathBuf::from(&app.plan_path).starts_with(&copy));
        app.check_draft()
            .unwrap_or_else(|e| panic!("{}: {e}", s.key));
        let copy = provestein::Plan::load(Path::new(&app.plan_path)).unwrap();
        let shipped = provestein::Plan::load(&s.plan).unwrap();
        let real = |p: &provestein::Plan| p.resolve(&p.cohort.path).canonicalize().unwrap();
        assert_eq!(real(&copy), real(&shipped), "{}", s.key);
    }
    assert_eq!(app.recent_plans.len(), 5);
}
