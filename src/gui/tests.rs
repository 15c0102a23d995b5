//! The workflow driven headless with egui_kittest: open the sample plan, run it, read the verdict.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use super::App;

fn sample_plan() -> String {
    format!(
        "{}/sample-studies/breast-cancer/plan.toml",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn opening_a_missing_plan_shows_the_error_in_words() {
    let mut app = App::default();
    app.plan_path = "/nonexistent/plan.toml".into();
    app.open_plan();
    let message = app.message.clone().unwrap();
    assert!(message.contains("cannot read plan") && message.contains("/nonexistent/plan.toml"));
    let mut h = Harness::builder().build_ui(|ui| app.ui(ui));
    h.run();
    h.get_by_label_contains("cannot read plan");
}

#[test]
fn the_sample_plan_runs_in_the_background_and_shows_pass() {
    let mut app = App::default();
    app.plan_path = sample_plan();
    {
        let mut h = Harness::builder()
            .with_size(egui::vec2(1280.0, 800.0))
            .build_ui(|ui| app.ui(ui));
        h.run();
        h.get_by_label("Open plan").click();
        h.run();
        h.get_by_label("Breast cancer classifier, local validation");
        h.get_by_label("Run validation").click();
        // Frames keep coming while the run works; the verdict appears when it is done.
        let start = std::time::Instant::now();
        while h.query_by_label("Verdict: PASS").is_none() {
            assert!(start.elapsed().as_secs() < 120, "the run did not finish");
            h.step();
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert!(
            h.query_all_by_label_contains("sensitivity lower wilson bound")
                .count()
                == 1
        );
        h.get_by_label("ROC AUC");
    }
    assert!(!app.is_running());
    let eval = app.eval.as_ref().unwrap();
    assert_eq!(eval.overall.n, 171);
    assert_eq!(eval.acceptance.verdict, provestein::Verdict::Pass);
}
