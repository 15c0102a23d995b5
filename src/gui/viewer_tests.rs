//! A segmentation run in the app, driven headless with egui_kittest: the Results step's
//! structure table and plots, the cases worst first, and the viewer on real CT with real
//! contours (../shared/fixtures/real-ct-contours: an Eclipse RTSTRUCT on 4 neck slices, and
//! two DICOM SEGs of one abdomen, skipped with a message when the folder is absent): slices by
//! slider, wheel and keys, window/level by a right-button drag, the fill's opacity, the
//! structure selector, and masks equal to an independent rasteriser's.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use provestein::Evaluation;
use provestein::evaluation::TaskEvaluation;
use provestein::metrics::clustered::ratio_proportion;
use provestein::metrics::confusion::Proportion;
use provestein::metrics::segmentation::Presence;
use provestein::metrics::segmentation::summary::{
    Detection, Direction, FigureSummary, ShareWithin,
};
use provestein::run::{Input, Prepared};
use provestein::segmentation::SegmentationEvaluation;
use provestein::segmentation::figures::{
    BothEmpty, Conventions, SegmentationCase, SegmentationFigures, StructureFigures,
    StructureSummary,
};

use super::App;
use super::state::Step;
use super::tests::Settle;

/// The real CT with contours beside the project (or `$PROVESTEIN_REAL_CT`), if it is there.
fn real_ct() -> Option<PathBuf> {
    let dir = std::env::var_os("PROVESTEIN_REAL_CT")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/real-ct-contours")
        });
    if dir.join("vhm/RS_Body_SpinalCord.dcm").is_file() && dir.join("janct/liver_seg.dcm").is_file()
    {
        Some(dir)
    } else {
        eprintln!(
            "skipped: the real CT test data is not at {} (set PROVESTEIN_REAL_CT to the real-ct-contours folder)",
            dir.display()
        );
        None
    }
}

fn summary_of(values: &[f64]) -> FigureSummary {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    let mean = v.iter().sum::<f64>() / v.len() as f64;
    let median = v[v.len() / 2];
    FigureSummary {
        n: v.len(),
        patients: v.len(),
        mean,
        mean_ci: [mean - 0.05, mean + 0.05],
        median,
        median_ci: [median - 0.05, median + 0.05],
        sd: 0.1,
        min: v[0],
        max: v[v.len() - 1],
        replicates: 0,
        seed: 1,
    }
}

fn case(id: &str, dice: f64, hd95: f64, presence: Presence) -> SegmentationCase {
    SegmentationCase {
        case: id.into(),
        presence,
        dice,
        iou: dice / (2.0 - dice),
        hd: hd95 * 1.5,
        hd95,
        assd: hd95 / 3.0,
        nsd: dice * 0.9,
        volume_truth: 10.0,
        volume_pred: 10.0 * dice,
        volume_difference: 10.0 * (dice - 1.0),
        truth_empty: presence == Presence::FalseAlarm,
        pred_empty: presence == Presence::Missed,
        subgroups: Vec::new(),
    }
}

/// A structure's figures over `cases`, counted as the engine counts them (values invented).
fn structure(cases: Vec<SegmentationCase>) -> StructureFigures {
    let values = |f: &str| -> Vec<f64> { cases.iter().map(|c| c.figure(f).unwrap()).collect() };
    let count = |p: Presence| cases.iter().filter(|c| c.presence == p).count();
    let (found, missed) = (count(Presence::Both), count(Presence::Missed));
    let (false_alarm, both_empty) = (count(Presence::FalseAlarm), count(Presence::BothEmpty));
    let prop = |x: usize, n: usize| {
        ratio_proportion(
            &[Proportion {
                x: x as u64,
                n: n as u64,
            }],
            0.95,
        )
    };
    let within = cases.iter().filter(|c| c.dice >= 0.8).count();
    StructureFigures {
        matched_names: Vec::new(),
        summary: StructureSummary {
            cases: cases.len(),
            patients: cases.len(),
            both_empty,
            missed,
            false_alarm,
            dice: summary_of(&values("dice")),
            iou: summary_of(&values("iou")),
            hd: summary_of(&values("hd")),
            hd95: summary_of(&values("hd95")),
            assd: summary_of(&values("assd")),
            nsd: summary_of(&values("nsd")),
            volume_difference: summary_of(&values("volume_difference")),
            share_within: vec![ShareWithin {
                figure: "dice".into(),
                tolerance: 0.8,
                direction: Direction::AtLeast,
                proportion: prop(within, cases.len()),
            }],
            detection: Detection {
                found: found as u64,
                missed: missed as u64,
                false_alarm: false_alarm as u64,
                both_empty: both_empty as u64,
                sensitivity: prop(found, found + missed),
                specificity: prop(both_empty, both_empty + false_alarm),
            },
        },
        worst: Vec::new(),
        subgroups: Vec::new(),
        cases,
    }
}

/// A finished run (a small vendor-scores run, for everything every task has) whose task part
/// is a segmentation product's figures over `structures`.
fn seg_eval(structures: Vec<(&str, Vec<SegmentationCase>)>) -> Evaluation {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("id,label,score\n");
    for i in 0..20 {
        csv.push_str(&format!("c{i},{},{}\n", i % 2, (i % 10) as f64 / 10.0));
    }
    let data = dir.path().join("cohort.csv");
    std::fs::write(&data, csv).unwrap();
    let plan = dir.path().join("plan.toml");
    std::fs::write(
        &plan,
        format!(
            "[study]\nname = \"Contours\"\nintended_use = \"test\"\n\n\
             [predictions]\npath = \"{p}\"\nid = \"id\"\nscore = \"score\"\n\n\
             [cohort]\nkind = \"csv\"\npath = \"{p}\"\nid = \"id\"\nlabel = \"label\"\npositive = 1\n\n\
             [analysis]\nbootstrap = 2000\n\n\
             [[acceptance]]\nmetric = \"auc\"\nmin = 0.5\n",
            p = data.display()
        ),
    )
    .unwrap();
    let plan = provestein::Plan::load(&plan).unwrap();
    let mut eval = provestein::run(&plan, &provestein::Control::silent()).unwrap();
    eval.task = TaskEvaluation::Segmentation(SegmentationEvaluation {
        segmentation: SegmentationFigures {
            unit: "image".into(),
            conventions: Conventions {
                binarise: "0.5".into(),
                nsd_tolerance_mm: 2.0,
                both_empty: BothEmpty::Reported,
                worst_distance: "the image diagonal".into(),
                rasterisation: "pixel centres inside, even-odd".into(),
                surface: "border voxels".into(),
                intervals: "patient bootstrap".into(),
            },
            structures: structures
                .into_iter()
                .map(|(n, c)| (n.to_string(), structure(c)))
                .collect::<BTreeMap<_, _>>(),
            tiles: Vec::new(),
        },
    });
    eval
}

/// janct's SeriesInstanceUID: the name a label map of it has (`segmentation::cohort`).
const JANCT_SERIES: &str = "1.2.392.200103.20080913.113635.1.2009.6.22.21.43.10.23430.1";

/// A segmentation plan on `cohort` (unit = "image") with `rest` (truth, predictions,
/// structures), prepared as the run prepares it; the folder holds the plan and the pseudonym key.
/// Paths in `rest` are absolute.
fn prepare_fixture(cohort: &std::path::Path, rest: &str) -> (tempfile::TempDir, Arc<Prepared>) {
    let dir = tempfile::tempdir().unwrap();
    // "{uid}.nrrd": a label map joins its series by name; copied here under it.
    let labelmap = dir.path().join(format!("{JANCT_SERIES}.nrrd"));
    let rest = rest.replace("{labelmap}", &labelmap.display().to_string());
    if rest.contains(&*labelmap.display().to_string()) {
        std::fs::copy(
            cohort.join("../source_labels/janct_liver_spine_seg.nrrd"),
            &labelmap,
        )
        .unwrap();
    }
    let plan = dir.path().join("plan.toml");
    std::fs::write(
        &plan,
        format!(
            "[study]\nname = \"Contours\"\nintended_use = \"test\"\ntask = \"segmentation\"\n\n\
             [cohort]\nkind = \"dicom\"\npath = \"{}\"\nunit = \"image\"\n\n{rest}\n\n\
             [analysis]\nbootstrap = 2000\n\n\
             [[acceptance]]\nmetric = \"dice\"\nstructure = \"{}\"\nstatistic = \"mean\"\nmin = 0.5\n",
            cohort.display(),
            rest.split("name = \"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .unwrap()
        ),
    )
    .unwrap();
    let plan = provestein::Plan::load(&plan).unwrap();
    let mut control = provestein::Control::silent();
    control.pseudonym_key = Some(dir.path().join("key"));
    let prepared = provestein::run::prepare(&plan, &control).unwrap();
    (dir, Arc::new(prepared))
}

/// The id (pseudonym) of the unit that is the image `file` of the cohort.
fn id_of(prepared: &Prepared, file: &str) -> String {
    prepared
        .units
        .iter()
        .find(|u| match &u.input {
            Input::Segmentation(s) => s
                .slice
                .is_some_and(|i| s.images[i].rel_path.ends_with(file)),
            _ => false,
        })
        .unwrap_or_else(|| {
            panic!(
                "no unit is {file}: {} unit(s), left out {:?}",
                prepared.units.len(),
                prepared.excluded
            )
        })
        .id
        .to_string()
}

fn app_with(eval: Evaluation, step: Step, prepared: Option<Arc<Prepared>>) -> App {
    let mut app = App::default();
    app.results.reset(&eval);
    app.eval = Some(eval);
    app.step = step;
    app.cases.seg.prepared = prepared.map(Ok);
    app
}

fn harness(app: App) -> Harness<'static, App> {
    Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .build_ui_state(|ui, app: &mut App| app.ui(ui), app)
}

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

/// The viewer's image, whose accessible label is its caption ("Slice k of n …").
/// The slider labelled `label` (not its number field, which carries the same label).
fn slider<'h>(h: &'h Harness<'_, App>, label: &str) -> egui_kittest::Node<'h> {
    h.get_all_by_role(Role::Slider)
        .find(|n| n.accesskit_node().label().as_deref() == Some(label))
        .unwrap_or_else(|| panic!("no slider {label}"))
}

fn image_label(h: &Harness<'_, App>) -> String {
    h.get_all_by_role(Role::Image)
        .filter_map(|n| n.accesskit_node().label())
        .find(|l| l.starts_with("Slice "))
        .expect("the viewer's image")
}

fn image_rect(h: &Harness<'_, App>) -> egui::Rect {
    h.get_all_by_role(Role::Image)
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with("Slice "))
        })
        .expect("the viewer's image")
        .rect()
}

fn slice(h: &Harness<'_, App>) -> usize {
    h.state().cases.seg.slice
}

/// The mask packed 8 pixels a byte, first pixel in the high bit (numpy.packbits), hashed.
fn packed_sha256(mask: &[bool]) -> String {
    let packed: Vec<u8> = mask
        .chunks(8)
        .map(|c| {
            c.iter()
                .enumerate()
                .fold(0u8, |b, (i, v)| b | (u8::from(*v) << (7 - i)))
        })
        .collect();
    provestein::provenance::sha256_hex(&packed)
}

/// One notch of the mouse wheel (dy < 0: towards the user, the next slice).
fn wheel(h: &mut Harness<'_, App>, dy: f32) {
    h.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Line,
        delta: egui::vec2(0.0, dy),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
        modifiers: egui::Modifiers::NONE,
    });
    h.settle();
}

/// The right mouse button pressed or released at `pos`.
fn button(h: &mut Harness<'_, App>, pos: egui::Pos2, pressed: bool) {
    h.event(egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Secondary,
        pressed,
        modifiers: egui::Modifiers::NONE,
    });
    h.settle();
}

#[test]
fn a_segmentation_run_shows_its_structure_table_and_plots_and_no_binary_screen_panics() {
    let cases = vec![
        case("a", 0.9, 1.2, Presence::Both),
        case("b", 0.0, 140.0, Presence::Missed),
        case("c", 0.7, 3.5, Presence::Both),
        case("d", 1.0, 0.0, Presence::BothEmpty),
    ];
    let eval = seg_eval(vec![("Liver", cases.clone()), ("SpinalCord", cases)]);
    let mut h = harness(app_with(eval, Step::Results, None));
    h.settle();
    for label in [
        "HD95 (mm)",
        "Surface Dice (NSD)",
        "Mean [interval]",
        "Median [interval]",
        "Found when present (detection)",
    ] {
        h.get_by_label(label);
    }
    // The counts say how many were missed, false alarms and both empty.
    h.get_by_label_contains(
        "4 cases from 4 patients: 2 found, 1 missed, 0 false alarms, 1 both empty",
    );
    // Dice's mean over all four cases (the missed case counts as 0): 0.65.
    h.get_by_label_contains("0.650 [0.600, 0.700]");
    // Every step a segmentation run can reach draws without the binary figures.
    for step in [Step::Cases, Step::Report, Step::History, Step::Results] {
        h.state_mut().step = step;
        h.settle();
    }
    // The cases, worst first: the missed case (Dice 0) on top, the both-empty one last.
    h.state_mut().step = Step::Cases;
    h.settle();
    let listed: Vec<String> = h
        .get_all_by_role(Role::Button)
        .filter_map(|n| n.accesskit_node().label())
        .filter(|l| l.starts_with('#'))
        .collect();
    assert_eq!(listed.len(), 4, "{listed:?}");
    assert!(listed[0].starts_with("#2 b  Dice 0.000"), "{listed:?}");
    assert!(listed[1].starts_with("#3 c"), "{listed:?}");
    assert!(listed[3].starts_with("#4 d  Dice 1.000"), "{listed:?}");
}

/// vhm: 4 CT slices with an Eclipse RTSTRUCT (BODY, SpinalCord), as truth and as prediction.
#[test]
fn the_viewer_scrolls_windows_fills_and_switches_structures_on_real_ct() {
    let Some(dir) = real_ct() else {
        return;
    };
    let vhm = dir.join("vhm");
    let (_dir, prepared) = prepare_fixture(
        &vhm,
        &format!(
            "[truth]\nkind = \"rtstruct\"\npath = \"{}\"\n\n\
             [predictions]\nkind = \"rtstruct\"\npath = \"{0}\"\n\n\
             [[structure]]\nname = \"BODY\"\n\n[[structure]]\nname = \"SpinalCord\"",
            vhm.join("RS_Body_SpinalCord.dcm").display()
        ),
        // The truth as the "vendor's" output too: a plan needs predictions.
    );
    let ct3 = id_of(&prepared, "CT_3.dcm");
    let cases = vec![
        case(&id_of(&prepared, "CT_1.dcm"), 0.93, 1.0, Presence::Both),
        case(&ct3, 0.52, 6.0, Presence::Both),
    ];
    let eval = seg_eval(vec![("BODY", cases.clone()), ("SpinalCord", cases)]);
    let mut h = harness(app_with(eval, Step::Cases, Some(prepared)));
    h.settle();
    // Worst first: CT_3 (Dice 0.52) above CT_1.
    h.get_all_by_role(Role::Button)
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with(&format!("#2 {ct3}")))
        })
        .expect("the worst case on top")
        .click();
    wait_for(&mut h, 120, "the series", |a| a.cases.seg.view.is_some());
    let view = match &h.state().cases.seg.view {
        Some(Ok(v)) => v.clone(),
        other => panic!(
            "the case did not load: {:?}",
            other.as_ref().map(|r| r.as_ref().err())
        ),
    };
    assert_eq!(view.slices.len(), 4);
    assert_eq!(view.structures, ["BODY", "SpinalCord"]);
    // The truth file is the prediction too: the two are the same masks.
    assert!(view.has_prediction);
    assert!(view.slices.iter().all(|s| s.truth == s.prediction));
    // The masks are matplotlib's pixel-centre even–odd masks, slice for slice (the peer file
    // of the RTSTRUCT reader's test), in order of position.
    let peers: serde_json::Value = serde_json::from_str(include_str!(
        "../../tests/fixtures/segmentation/vhm_rtstruct_masks.json"
    ))
    .unwrap();
    for (k, name) in ["BODY", "SpinalCord"].iter().enumerate() {
        let mut ours: Vec<(u64, String)> = view
            .slices
            .iter()
            .map(|s| {
                let m = s.truth[k].as_deref().expect("a mask on every slice");
                (m.iter().filter(|v| **v).count() as u64, packed_sha256(m))
            })
            .collect();
        let mut theirs: Vec<(u64, String)> = peers["structures"][name]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["count"].as_u64().unwrap(),
                    e["sha256"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        ours.sort();
        theirs.sort();
        assert_eq!(ours, theirs, "{name}");
    }
    // A case that is one slice opens on it (the slice the run measured: CT_3, z = 1003 mm,
    // the fourth by position after CT_2, CT_4 and CT_1 at 1000, 1001 and 1002); at the
    // header's window.
    let start = slice(&h);
    assert_eq!(view.measured, Some(3));
    assert_eq!(start, 3);
    // With none disagreeing, the worst slice is where BODY is largest.
    assert_eq!(view.worst_slice(0), view.fullest_slice(0));
    assert_eq!(
        (h.state().cases.seg.center, h.state().cases.seg.width),
        view.default_window()
    );
    let label = image_label(&h);
    let body = view.slices[start].truth[0]
        .as_ref()
        .unwrap()
        .iter()
        .filter(|v| **v)
        .count();
    assert!(
        label.starts_with(&format!("Slice {} of 4", start + 1))
            && label.contains(&format!("truth {body} px")),
        "{label}"
    );

    // The slider: to slice 1.
    slider(&h, "Slice").set_value_accesskit(1.0);
    h.settle();
    assert_eq!(slice(&h), 0);
    assert!(image_label(&h).starts_with("Slice 1 of 4"));
    // The wheel over the image: one notch down, the next slice; up, back.
    let centre = image_rect(&h).center();
    h.hover_at(centre);
    h.settle();
    wheel(&mut h, -1.0);
    assert_eq!(slice(&h), 1);
    wheel(&mut h, -1.0);
    assert_eq!(slice(&h), 2);
    wheel(&mut h, 1.0);
    assert_eq!(slice(&h), 1);
    // The keys: down, and Page Down to the last slice (clamped).
    h.key_press(egui::Key::ArrowDown);
    h.settle();
    assert_eq!(slice(&h), 2);
    h.key_press(egui::Key::PageDown);
    h.settle();
    assert_eq!(slice(&h), 3);
    h.key_press(egui::Key::ArrowUp);
    h.settle();
    assert_eq!(slice(&h), 2);

    // A right-button drag: right widens the window, down raises the level.
    let (c0, w0) = (h.state().cases.seg.center, h.state().cases.seg.width);
    button(&mut h, centre, true);
    for k in 1..=4 {
        h.event(egui::Event::PointerMoved(
            centre + egui::vec2(20.0, 10.0) * k as f32,
        ));
        h.settle();
    }
    button(&mut h, centre + egui::vec2(80.0, 40.0), false);
    let (c1, w1) = (h.state().cases.seg.center, h.state().cases.seg.width);
    let sens = f64::from(view.range.1 - view.range.0) / 1000.0;
    assert!(
        w1 > w0 + 40.0 * sens && w1 <= w0 + 80.0 * sens + 1e-9,
        "width {w0} → {w1}"
    );
    assert!(
        c1 > c0 + 20.0 * sens && c1 <= c0 + 40.0 * sens + 1e-9,
        "centre {c0} → {c1}"
    );
    // The image was windowed again with the new values.
    let made = h.state().cases.seg.image.as_ref().map(|(_, k)| *k);
    assert_eq!(made, Some((2, c1, w1)));
    // A left click does not change the window.
    h.get_all_by_role(Role::Image)
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with("Slice "))
        })
        .unwrap()
        .click();
    h.settle();
    assert_eq!(
        (h.state().cases.seg.center, h.state().cases.seg.width),
        (c1, w1)
    );
    // Reset goes back to the header's window.
    h.get_by_label("Reset window").click();
    h.settle();
    assert_eq!(
        (h.state().cases.seg.center, h.state().cases.seg.width),
        view.default_window()
    );

    // The fill's opacity: the fill texture is made at the new alpha.
    slider(&h, "Fill opacity").set_value_accesskit(0.75);
    h.settle();
    assert_eq!(h.state().cases.seg.opacity, 0.75);
    let fill = h.state().cases.seg.fill.as_ref().map(|(_, k)| *k);
    assert_eq!(fill, Some((2, 0, true, true, 191)));
    slider(&h, "Fill opacity").set_value_accesskit(0.0);
    h.settle();
    assert_eq!(h.state().cases.seg.opacity, 0.0);

    // The structure selector: SpinalCord, whose truth on this slice is the peer's count.
    h.get_all_by_label("Structure")
        .find(|n| n.accesskit_node().role() == Role::ComboBox)
        .expect("the structure selector")
        .click();
    h.settle();
    h.get_all_by_label("SpinalCord")
        .find(|n| n.accesskit_node().role() == Role::Button)
        .expect("SpinalCord in the list")
        .click();
    h.settle();
    assert_eq!(h.state().cases.seg.structure, 1);
    let cord = view.slices[2].truth[1]
        .as_ref()
        .unwrap()
        .iter()
        .filter(|v| **v)
        .count();
    assert!(cord > 0 && cord < body / 10);
    let label = image_label(&h);
    assert!(label.contains(&format!("truth {cord} px")), "{label}");
    // Hiding the truth hides its outline and fill.
    h.get_by_label("Truth").click();
    h.settle();
    assert!(image_label(&h).contains("truth 0 px"));
}

/// janct: 3 CT slices; the truth a 3D Slicer SEG (Liver), the "vendor's" output a highdicom SEG
/// with Liver and Vertebra, found by segment number and label.
#[test]
fn the_viewer_draws_a_vendors_seg_beside_the_truth_and_counts_what_is_missing() {
    let Some(dir) = real_ct() else {
        return;
    };
    let janct = dir.join("janct");
    let (_dir, prepared) = prepare_fixture(
        &janct,
        &format!(
            "[truth]\nkind = \"seg\"\npath = \"{}\"\n\n\
             [predictions]\nkind = \"seg\"\npath = \"{}\"\n\n\
             [[structure]]\nname = \"Liver\"\n\n[[structure]]\nname = \"Vertebra\"\nlabel = 2",
            janct.join("liver_seg.dcm").display(),
            janct.join("janct_liver_vertebra_seg.dcm").display()
        ),
    );
    let first = id_of(&prepared, "01.dcm");
    let cases = vec![case(&first, 0.8, 2.0, Presence::Both)];
    let eval = seg_eval(vec![("Liver", cases.clone()), ("Vertebra", cases)]);
    let mut h = harness(app_with(eval, Step::Cases, Some(prepared)));
    h.settle();
    h.get_all_by_role(Role::Button)
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with(&format!("#1 {first}")))
        })
        .unwrap()
        .click();
    wait_for(&mut h, 120, "the series", |a| a.cases.seg.view.is_some());
    let view = match &h.state().cases.seg.view {
        Some(Ok(v)) => v.clone(),
        other => panic!(
            "the case did not load: {:?}",
            other.as_ref().map(|r| r.as_ref().err())
        ),
    };
    assert_eq!(view.slices.len(), 3);
    assert!(view.has_prediction);
    // Slices in order of position along the normal.
    assert!(
        view.slices
            .windows(2)
            .all(|w| w[0].position < w[1].position)
    );
    let count = |m: &Option<Vec<bool>>| m.as_ref().map_or(0, |m| m.iter().filter(|v| **v).count());
    // Opens on the slice where the two livers disagree most.
    let s = slice(&h);
    let disagree = |k: usize| {
        let (t, p) = (&view.slices[k].truth[0], &view.slices[k].prediction[0]);
        let at = |m: &Option<Vec<bool>>, i: usize| m.as_ref().is_some_and(|m| m[i]);
        (0..view.slices[k].values.len())
            .filter(|&i| at(t, i) != at(p, i))
            .count()
    };
    assert!((0..3).all(|k| disagree(k) <= disagree(s)));
    let (t, p) = (
        count(&view.slices[s].truth[0]),
        count(&view.slices[s].prediction[0]),
    );
    assert!(t > 1000 && p > 1000, "liver: truth {t}, prediction {p}");
    assert!(image_label(&h).contains(&format!("truth {t} px, prediction {p} px")));
    // The truth file has no Vertebra: counted, in words.
    assert!(
        view.notes
            .iter()
            .any(|n| n == "truth: no structure named Vertebra (or an alias) in this series' files"),
        "{:?}",
        view.notes
    );
    // The prediction's vertebra (segment 2) is there on some slice.
    assert!(view.slices.iter().any(|s| count(&s.prediction[1]) > 100));
    // Hiding the prediction layer.
    h.get_by_label("Prediction").click();
    h.settle();
    assert!(image_label(&h).contains("prediction 0 px"));
}

/// janct's label map (NRRD, label 1 liver, 2 vertebra) as the truth and the SEG highdicom wrote
/// from it as the prediction: the viewer reads both onto the series, pixel for pixel the same.
#[test]
fn a_label_map_truth_lands_on_the_series_as_the_seg_written_from_it() {
    let Some(dir) = real_ct() else {
        return;
    };
    let janct = dir.join("janct");
    let (_dir, prepared) = prepare_fixture(
        &janct,
        &format!(
            "[truth]\nkind = \"labelmap\"\npath = \"{{labelmap}}\"\n\n\
             [predictions]\nkind = \"seg\"\npath = \"{}\"\n\n\
             [[structure]]\nname = \"Liver\"\nlabel = 1\n\n[[structure]]\nname = \"Vertebra\"\nlabel = 2",
            janct.join("janct_liver_vertebra_seg.dcm").display()
        ),
    );
    let view = provestein::segmentation::view::case_by_id(
        &prepared,
        &id_of(&prepared, "01.dcm"),
        &provestein::Control::silent(),
    )
    .unwrap();
    assert_eq!(view.slices.len(), 3);
    assert!(view.notes.is_empty(), "{:?}", view.notes);
    let mut voxels = [0usize; 2];
    for s in &view.slices {
        for (k, n) in voxels.iter_mut().enumerate() {
            assert_eq!(s.truth[k], s.prediction[k], "structure {k}");
            *n += s.truth[k]
                .as_ref()
                .map_or(0, |m| m.iter().filter(|v| **v).count());
        }
    }
    assert!(voxels[0] > 10_000 && voxels[1] > 1_000, "{voxels:?}");
}

/// The demo's model plan (models/organ_seg.onnx on synthetic CT): the viewer's masks are the
/// ones the run scored, so Dice computed from them is each case's Dice in the evaluation.
#[test]
fn a_model_plans_viewer_shows_the_masks_the_run_scored() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut plan =
        provestein::Plan::load(&root.join("sample-studies/segmentation-demo/plan.toml")).unwrap();
    plan.analysis.bootstrap = 0;
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("h.sqlite");
    let mut control = provestein::Control::silent();
    control.pseudonym_key = Some(provestein::privacy::pseudonym::key_path_beside(&history));
    let eval = provestein::run(&plan, &control).unwrap();
    let figures = eval.segmentation().expect("a segmentation run");
    let prepared = provestein::run::prepare(&plan, &control).unwrap();
    let cases = &figures.structures["Liver"].cases;
    assert!(cases.len() >= 2);
    // Every case, every structure.
    let mut predicted = 0;
    for case in cases {
        let view =
            provestein::segmentation::view::case_by_id(&prepared, &case.case, &control).unwrap();
        assert!(view.has_prediction, "{:?}", view.prediction_note);
        assert_eq!(view.prediction_note, None);
        for (k, name) in view.structures.iter().enumerate() {
            let (mut t, mut p, mut both) = (0usize, 0usize, 0usize);
            for s in &view.slices {
                let at = |m: &Option<Vec<bool>>, i: usize| m.as_ref().is_some_and(|m| m[i]);
                for i in 0..s.width * s.height {
                    let (a, b) = (at(&s.truth[k], i), at(&s.prediction[k], i));
                    t += usize::from(a);
                    p += usize::from(b);
                    both += usize::from(a && b);
                }
            }
            let scored = figures.structures[name]
                .cases
                .iter()
                .find(|c| c.case == case.case)
                .unwrap();
            if t + p == 0 {
                assert!(scored.presence == Presence::BothEmpty, "{name}");
                continue;
            }
            let dice = 2.0 * both as f64 / (t + p) as f64;
            assert!(
                (dice - scored.dice).abs() < 1e-9,
                "{name} of {}: viewer {dice}, run {}",
                case.case,
                scored.dice
            );
            predicted += p;
        }
    }
    assert!(predicted > 0, "the model's masks are shown");

    // The app, as a user opens the case: the plan prepared on its worker (the pseudonym key
    // beside the history), the case loaded on another, the model's masks those above.
    let first = cases[0].case.clone();
    let expected = provestein::segmentation::view::case_by_id(&prepared, &first, &control).unwrap();
    let mut app = app_with(eval, Step::Cases, None);
    app.history_path = history.display().to_string();
    let mut h = harness(app);
    h.settle();
    h.get_all_by_role(Role::Button)
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with(&format!("#1 {first}")))
        })
        .expect("the first case listed")
        .click();
    wait_for(&mut h, 300, "the case", |a| a.cases.seg.view.is_some());
    match &h.state().cases.seg.view {
        Some(Ok(v)) => assert!(v == &expected, "the app's view differs from the engine's"),
        other => panic!(
            "the case did not load: {:?}",
            other.as_ref().map(|r| r.as_ref().err())
        ),
    }
}

/// The imaging demo run in the app and its first error case opened in the binary case viewer.
fn imaging_case_opened(dir: &std::path::Path) -> Harness<'static, App> {
    let mut app = App::with_plan(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sample-studies/imaging-demo/plan.toml"),
    );
    app.plan_path = dir.join("plan.toml").display().to_string();
    app.draft.analysis.bootstrap = 200;
    let mut h = harness(app);
    h.settle();
    h.get_by_label("4 Run").click();
    h.settle();
    h.get_by_label("Fix the plan and run").click();
    wait_for(&mut h, 120, "the verdict", |app| app.eval.is_some());
    h.get_by_label("6 Cases").click();
    h.settle();
    h.get_all_by_role(Role::Button)
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with('#'))
        })
        .expect("a case in the list")
        .click();
    h.settle();
    wait_for(&mut h, 30, "the image", |app| {
        app.cases
            .viewer
            .as_ref()
            .is_some_and(|v| matches!(v.frame, Some(Ok(_))))
    });
    h
}

fn case_image_rect(h: &Harness<'_, App>) -> egui::Rect {
    h.get_by_label("Case image").rect()
}

fn window_of(h: &Harness<'_, App>) -> (f64, f64) {
    let v = h.state().cases.viewer.as_ref().unwrap();
    (v.center, v.width)
}

/// Issue 19 Deliver 5 on the binary case viewer: CT presets, window/level by a right-button
/// drag, zoom by Ctrl and the wheel or the buttons, pan by a left drag, and the pixel under
/// the pointer with its stored and Hounsfield value.
#[test]
fn the_case_viewer_has_presets_drag_window_zoom_pan_and_the_pixel_value() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = imaging_case_opened(dir.path());
    let frame = match &h.state().cases.viewer.as_ref().unwrap().frame {
        Some(Ok(f)) => f.clone(),
        _ => unreachable!(),
    };
    assert_eq!(frame.modality, "CT");

    // Presets set their values, and a CT has all five.
    h.get_by_label("Lung").click();
    h.settle();
    assert_eq!(window_of(&h), (-600.0, 1500.0));
    for (name, window) in [
        ("Brain", (40.0, 80.0)),
        ("Mediastinum", (50.0, 350.0)),
        ("Bone", (400.0, 1800.0)),
        ("Abdomen", (40.0, 400.0)),
        ("Header", frame.default_window()),
    ] {
        h.get_by_label(name).click();
        h.settle();
        assert_eq!(window_of(&h), window, "{name}");
    }
    h.get_by_label("Brain").click();
    h.settle();

    // A right-button drag: right widens the window, down raises the level.
    let centre = case_image_rect(&h).center();
    let (c0, w0) = window_of(&h);
    h.hover_at(centre);
    h.settle();
    button(&mut h, centre, true);
    for k in 1..=4 {
        h.event(egui::Event::PointerMoved(
            centre + egui::vec2(20.0, 10.0) * k as f32,
        ));
        h.settle();
    }
    button(&mut h, centre + egui::vec2(80.0, 40.0), false);
    let (c1, w1) = window_of(&h);
    let sens = (f64::from(frame.max - frame.min) / 1000.0).max(0.05);
    assert!(
        w1 > w0 + 40.0 * sens && w1 <= w0 + 80.0 * sens + 1e-9,
        "width {w0} → {w1}"
    );
    assert!(
        c1 > c0 + 20.0 * sens && c1 <= c0 + 40.0 * sens + 1e-9,
        "centre {c0} → {c1}"
    );
    let drawn = h.state().cases.viewer.as_ref().unwrap().drawn;
    assert_eq!(drawn, Some((c1, w1)), "the image windowed again");

    // The pixel under the pointer (not zoomed): row and column, stored and HU value.
    let rect = case_image_rect(&h);
    let px = rect.width() / frame.width as f32;
    let (row, column) = (10u32, 40u32);
    h.hover_at(rect.min + egui::vec2(column as f32 + 0.5, row as f32 + 0.5) * px);
    h.settle();
    let Some(provestein::cohort::view::PixelValue::Grey { value, stored }) =
        frame.pixel(row, column)
    else {
        panic!("a grey pixel");
    };
    let stored = stored.expect("the rescale of a CT");
    assert_eq!(
        f64::from(value),
        stored * frame.rescale.unwrap().0 + frame.rescale.unwrap().1
    );
    h.get_by_label_contains(&format!(
        "Row {row}, column {column}: stored {stored}, value {value} HU"
    ));

    // Ctrl and the wheel zoom about the pointer (and do not move through images); the
    // pixel under the pointer stays the same one.
    h.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Line,
        delta: egui::vec2(0.0, 3.0),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
        modifiers: egui::Modifiers::COMMAND,
    });
    h.settle();
    let zoom = h.state().cases.viewer.as_ref().unwrap().zoom;
    assert!(zoom.factor > 1.0, "zoomed: {zoom:?}");
    h.get_by_label_contains(&format!("Row {row}, column {column}:"));
    // "+" magnifies by half again; a left drag moves the image with the pointer.
    h.get_by_label("+").click();
    h.settle();
    let z1 = h.state().cases.viewer.as_ref().unwrap().zoom;
    assert!(
        (z1.factor - zoom.factor * 1.5).abs() < 1e-4,
        "{zoom:?} → {z1:?}"
    );
    let centre = case_image_rect(&h).center();
    h.drag_at(centre);
    h.settle();
    for k in 1..=3 {
        h.event(egui::Event::PointerMoved(
            centre + egui::vec2(10.0, 0.0) * k as f32,
        ));
        h.settle();
    }
    h.drop_at(centre + egui::vec2(30.0, 0.0));
    h.settle();
    let z2 = h.state().cases.viewer.as_ref().unwrap().zoom;
    assert!(z2.center.x < z1.center.x, "panned left of {z1:?}: {z2:?}");
    assert_eq!(z2.center.y, z1.center.y);
    assert_eq!(window_of(&h), (c1, w1), "a left drag does not window");
    h.get_by_label("Fit").click();
    h.settle();
    let z3 = h.state().cases.viewer.as_ref().unwrap().zoom;
    assert_eq!(z3, crate::gui::step::zoom::Zoom::default());
}

/// Waits until the viewer shows image (file, frame), loaded.
fn wait_for_image(h: &mut Harness<'_, App>, file: usize, frame: u32) {
    wait_for(h, 30, "the next image", |app| {
        let v = app.cases.viewer.as_ref().unwrap();
        (v.file, v.frame_no) == (file, frame)
            && v.loading.is_none()
            && matches!(v.frame, Some(Ok(_)))
    });
}

/// Every file of a case and every frame of a multi-frame file, one image at a time by the
/// wheel, "image k of n" counting frames as the files open; the reader's window is kept.
#[test]
fn the_case_viewer_scrolls_through_every_file_and_frame_of_a_case() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = imaging_case_opened(dir.path());
    let i = h.state().cases.opened.unwrap();
    let ct = h.state().eval.as_ref().unwrap().binary().unwrap().cases[i].files()[0].clone();
    let two = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/dicom/SC_rgb_rle_2frame.dcm");
    // The case made of a CT slice, a 2-frame RGB file and the slice again; opened anew.
    h.state_mut()
        .eval
        .as_mut()
        .unwrap()
        .binary_mut()
        .unwrap()
        .cases[i]
        .images
        .as_mut()
        .expect("a DICOM case")
        .files = vec![ct.clone(), two.clone(), ct.clone()].into();
    h.get_all_by_role(Role::Button)
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with('#'))
        })
        .unwrap()
        .click();
    h.settle();
    wait_for_image(&mut h, 0, 0);
    h.get_by_label("Image 1 of 3");
    h.get_by_label("Brain").click();
    h.settle();
    // Stepped, not run: a spinner repaints while the next image loads.
    let scroll = |h: &mut Harness<'_, App>, dy: f32| {
        h.hover_at(case_image_rect(h).center());
        h.step();
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Line,
            delta: egui::vec2(0.0, dy),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
            modifiers: egui::Modifiers::NONE,
        });
        h.step();
    };
    scroll(&mut h, -1.0);
    wait_for_image(&mut h, 1, 0);
    // The second file has two frames: now four images.
    assert_eq!(h.state().cases.viewer.as_ref().unwrap().frames, [1, 2, 1]);
    h.get_by_label("Image 2 of 4");
    scroll(&mut h, -1.0);
    wait_for_image(&mut h, 1, 1);
    h.get_by_label("Image 3 of 4");
    let shown = match &h.state().cases.viewer.as_ref().unwrap().frame {
        Some(Ok(f)) => f.values.clone(),
        _ => unreachable!(),
    };
    let frame1 = provestein::cohort::view::load_frame(&two, 1).unwrap();
    let frame0 = provestein::cohort::view::load_frame(&two, 0).unwrap();
    assert_eq!(shown, frame1.values);
    assert_ne!(frame0.values, frame1.values, "the fixture's frames differ");
    scroll(&mut h, -1.0);
    wait_for_image(&mut h, 2, 0);
    h.get_by_label("Image 4 of 4");
    // The last image: the wheel stops there. The window chosen on the first image is kept.
    scroll(&mut h, -1.0);
    h.run_ok();
    assert_eq!(h.state().cases.viewer.as_ref().unwrap().index(), 3);
    assert_eq!(window_of(&h), (40.0, 80.0));
    // Back up: the previous file's last frame, then its first.
    scroll(&mut h, 1.0);
    wait_for_image(&mut h, 1, 1);
    scroll(&mut h, 1.0);
    wait_for_image(&mut h, 1, 0);
    // The buttons move too.
    h.get_by_label("<").click();
    h.step();
    wait_for_image(&mut h, 0, 0);
}

/// "What the model saw": the tensor the run made from the file shown (the demo plan windows
/// to 40/400 and keeps 64 × 64), made on a worker and drawn beside the original.
#[test]
fn the_case_viewer_shows_the_model_input_beside_the_image() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = imaging_case_opened(dir.path());
    let alone = case_image_rect(&h);
    assert!(h.query_by_label_contains("Model input").is_none());
    h.get_by_label("What the model saw").click();
    h.step();
    wait_for(&mut h, 30, "the model input", |app| {
        matches!(app.cases.viewer.as_ref().unwrap().input.frame, Some(Ok(_)))
    });
    let app = h.state();
    let i = app.cases.opened.unwrap();
    let eval = app.eval.as_ref().unwrap();
    let file = &eval.binary().unwrap().cases[i].files()[0];
    let pre = eval.plan.preprocess.clone().unwrap();
    let expected = provestein::cohort::view::load_model_input(file, &pre).unwrap();
    let Some(Ok(shown)) = &app.cases.viewer.as_ref().unwrap().input.frame else {
        unreachable!()
    };
    assert_eq!(shown, &expected);
    assert!(
        expected.min >= 0.0 && expected.max <= 1.0,
        "windowed to 0–1"
    );
    // The image (named by its caption) and the caption.
    let named = h
        .get_all_by_label_contains("Model input 1 × 64 × 64, values")
        .filter(|n| n.accesskit_node().role() == Role::Image)
        .count();
    assert_eq!(named, 1);
    // Side by side: the original has half the room it had alone.
    let beside = case_image_rect(&h);
    assert!(
        beside.width() < alone.width() * 0.6,
        "{alone:?} then {beside:?}"
    );
}

/// The Cohort step of the imaging demo, before any run: the folder's first image as the model
/// will see it (the plan windows to 40/400 and keeps 64 × 64), made on a worker by the run's
/// own code, and made again when the plan's window changes.
#[test]
fn the_cohort_step_shows_the_first_image_as_the_model_will_see_it() {
    use provestein::cohort::pixels::Window;
    let plan = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-studies/imaging-demo/plan.toml");
    let mut h = harness(App::with_plan(&plan));
    h.settle();
    h.get_by_label("2 Cohort").click();
    h.step();
    wait_for(&mut h, 60, "the thumbnail", |app| {
        matches!(app.cohort.thumbnail.input.frame, Some(Ok(_)))
    });
    assert!(app_eval_is_none(&h), "no run was needed");
    let images =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-studies/imaging-demo/images");
    let (first_rel, first) = provestein::cohort::survey::survey(&images)
        .unwrap()
        .sample_images[0]
        .clone();
    let pre = h.state().draft.preprocess.clone().unwrap();
    let expected = provestein::cohort::view::load_model_input(&first, &pre).unwrap();
    let Some(Ok(shown)) = &h.state().cohort.thumbnail.input.frame else {
        unreachable!()
    };
    assert_eq!(shown, &expected);
    assert!(
        expected.min >= 0.0 && expected.max <= 1.0 && expected.max > expected.min,
        "windowed to 0–1"
    );
    let caption = h
        .get_all_by_label_contains("Model input 1 × 64 × 64, values")
        .filter(|n| n.accesskit_node().role() == Role::Image)
        .count();
    assert_eq!(caption, 1, "the input, named by its shape and values");
    h.get_by_label(&format!("From {first_rel}"));

    // A narrower window is another picture: the user sees what the plan's window does.
    h.state_mut().draft.preprocess.as_mut().unwrap().window = Window::Explicit {
        center: 40.0,
        width: 80.0,
    };
    h.step();
    wait_for(
        &mut h,
        60,
        "the thumbnail under the new window",
        |app| matches!(&app.cohort.thumbnail.input.frame, Some(Ok(f)) if f.values != expected.values),
    );
}

fn app_eval_is_none(h: &Harness<'_, App>) -> bool {
    h.state().eval.is_none()
}
