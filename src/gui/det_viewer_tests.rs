//! A DICOM detection run in the app, driven headless with egui_kittest on the sample
//! (sample-studies/detection-dicom-demo, vendor SR marks against SEG lesions): the Cases step
//! lists the units with missed lesions first, then those with false marks; opening one loads
//! its image on a worker with the run's own matching, and the viewer's caption and item labels
//! say what is drawn (lesions hit or missed, marks true positive, false positive or extra).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use provestein::detection::view::{self, MarkStatus};

use super::App;
use super::state::Step;

fn wait_for(h: &mut Harness<'_, App>, secs: u64, what: &str, done: impl Fn(&App) -> bool) {
    let start = Instant::now();
    while !done(h.state()) {
        assert!(
            start.elapsed().as_secs() < secs * super::tests::LOAD_ALLOWANCE,
            "gave up waiting for {what}"
        );
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    h.run_ok();
}

fn labels(h: &Harness<'_, App>) -> Vec<String> {
    // Every text label on screen, whichever of label or value egui gives it.
    h.get_all_by_role(Role::Label)
        .filter_map(|n| {
            let n = n.accesskit_node();
            n.label().or_else(|| n.value())
        })
        .collect()
}

fn click_unit(h: &mut Harness<'_, App>, prefix: &str) {
    h.get_all_by_role(Role::Button)
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("no unit listed as {prefix}"))
        .click();
}

#[test]
fn the_cases_step_lists_misses_first_and_the_viewer_says_what_it_draws() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut plan =
        provestein::Plan::load(&root.join("sample-studies/detection-dicom-demo/plan.toml"))
            .unwrap();
    plan.analysis.bootstrap = 0;
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("h.sqlite");
    let mut control = provestein::Control::silent();
    control.pseudonym_key = Some(provestein::privacy::pseudonym::key_path_beside(&history));
    let eval = provestein::run(&plan, &control).unwrap();
    // The engine's own answer, to compare what the app shows with.
    let prepared = provestein::run::prepare(&plan, &control).unwrap();
    let marks = view::viewer_marks(&prepared, &control).unwrap();
    let units = view::summaries(&prepared, &marks);
    assert!(units[0].missed > 0);

    let mut app = App::default();
    app.results.reset(&eval);
    app.eval = Some(eval);
    app.step = Step::Cases;
    app.history_path = history.display().to_string();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .build_ui_state(|ui, app: &mut App| app.ui(ui), app);
    // Not `run`: the spinner repaints while the run is prepared.
    h.step();
    wait_for(&mut h, 120, "the run prepared", |a| {
        a.cases.det.prepared.is_some()
    });
    let listed: Vec<String> = h
        .state()
        .cases
        .det
        .prepared
        .as_ref()
        .unwrap()
        .as_ref()
        .unwrap()
        .units
        .iter()
        .map(|u| u.id.clone())
        .collect();
    assert_eq!(
        listed,
        units.iter().map(|u| u.id.clone()).collect::<Vec<_>>()
    );
    assert!(
        labels(&h)
            .iter()
            .any(|l| l.starts_with("90 units: those with a missed lesion first"))
    );

    // The first unit: a missed lesion, on its (only) image.
    click_unit(&mut h, &format!("#1 {}", units[0].id));
    wait_for(&mut h, 60, "the unit", |a| a.cases.det.view.is_some());
    let v = match &h.state().cases.det.view {
        Some(Ok(v)) => v.clone(),
        other => panic!(
            "the unit did not load: {:?}",
            other.as_ref().map(|r| r.as_ref().err())
        ),
    };
    let expected = view::case_by_id(&prepared, &units[0].id, &marks, &control).unwrap();
    assert!(v == expected, "the app's view differs from the engine's");
    let img = &v.images[0];
    let missed = img.lesions.iter().filter(|l| l.score.is_none()).count();
    assert_eq!(missed, units[0].missed);
    let caption = h
        .get_all_by_role(Role::Image)
        .filter_map(|n| n.accesskit_node().label())
        .find(|l| l.starts_with("Image 1 of 1"))
        .expect("the viewer's image");
    assert!(caption.contains(&format!("({missed} missed)")), "{caption}");
    let shown = labels(&h);
    assert_eq!(
        shown
            .iter()
            .filter(|l| l.starts_with("Truth lesion") && l.ends_with("missed"))
            .count(),
        missed
    );

    // A unit with false marks: each mark's status in words, as many as drawn.
    let (k, fp_unit) = units
        .iter()
        .enumerate()
        .find(|(_, u)| u.false_marks > 0 && u.marks > u.false_marks)
        .or_else(|| units.iter().enumerate().find(|(_, u)| u.false_marks > 0))
        .expect("a unit with a false mark");
    click_unit(&mut h, &format!("#{} {}", k + 1, fp_unit.id));
    wait_for(&mut h, 60, "the second unit", |a| {
        matches!(&a.cases.det.view, Some(Ok(_)))
            && a.cases.det.opened.as_deref() == Some(fp_unit.id.as_str())
    });
    let v = match &h.state().cases.det.view {
        Some(Ok(v)) => v.clone(),
        _ => unreachable!(),
    };
    let img = &v.images[0];
    let count = |s: MarkStatus| img.marks.iter().filter(|m| m.status == s).count();
    assert_eq!(count(MarkStatus::FalsePositive), fp_unit.false_marks);
    let shown = labels(&h);
    let said = |word: &str| {
        shown
            .iter()
            .filter(|l| l.starts_with("Mark, score") && l.ends_with(word))
            .count()
    };
    assert_eq!(said(": false positive"), fp_unit.false_marks);
    assert_eq!(said(": true positive"), count(MarkStatus::TruePositive));
    let caption = h
        .get_all_by_role(Role::Image)
        .filter_map(|n| n.accesskit_node().label())
        .find(|l| l.starts_with("Image 1 of 1"))
        .unwrap();
    assert!(
        caption.contains(&format!(
            "{} true positive, {} false positive, {} extra",
            count(MarkStatus::TruePositive),
            fp_unit.false_marks,
            count(MarkStatus::Extra)
        )),
        "{caption}"
    );
}
