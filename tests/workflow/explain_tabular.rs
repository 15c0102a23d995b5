//! Permutation importance and median substitution of a feature model (`explain::tabular`),
//! run through the engine on the sample study: against scikit-learn's
//! `permutation_importance(scoring="roc_auc")` within Monte-Carlo error, and exact properties
//! (an ignored input has drop 0, off is None, threads do not matter, a substitution is a
//! hand-edited row scored by the model).

use crate::common;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use common::{json, root};
use provestein::explain::tabular::{Importance, STAGE_IMPORTANCE, Settings};
use provestein::{Control, Error, Plan, Progress};

fn sample_plan() -> Plan {
    let mut plan = Plan::load(&root().join("sample-studies/breast-cancer/plan.toml")).unwrap();
    plan.analysis.bootstrap = 0;
    plan
}

fn control() -> Control {
    let mut ctl = Control::silent();
    ctl.onnxruntime = Some(common::onnxruntime());
    ctl
}

fn importance(plan: &Plan) -> Importance {
    provestein::run(plan, &control())
        .unwrap()
        .binary()
        .unwrap()
        .importance
        .clone()
        .expect("a CSV cohort with a model and permutations > 0 is explained")
}

/// 200 shuffles each here and in scikit-learn (different random streams): every feature's
/// mean drop agrees within 4 standard errors of the difference, and the top features agree.
#[test]
fn permutation_importance_agrees_with_scikit_learn_within_monte_carlo_error() {
    let reference = json("explain/sklearn_permutation_importance.json");
    let k = reference["n_repeats"].as_u64().unwrap() as usize;
    let mut plan = sample_plan();
    plan.explain.permutations = k;
    let got = importance(&plan);
    assert_eq!(got.n, 171);
    assert!(!got.subsampled);
    assert_eq!(got.auc, reference["baseline_auc"].as_f64().unwrap());
    let want = reference["features"].as_array().unwrap();
    assert_eq!(got.features.len(), want.len());
    let mut worst: (f64, &str) = (0.0, "");
    eprintln!("feature                     ours (sd)            scikit-learn (sd)    z");
    for w in want {
        let name = w["feature"].as_str().unwrap();
        let f = got.features.iter().find(|f| f.feature == name).unwrap();
        let (m, sd) = (w["mean_drop"].as_f64().unwrap(), w["sd"].as_f64().unwrap());
        let se = ((f.sd * f.sd + sd * sd) / k as f64).sqrt();
        let z = if se > 0.0 {
            (f.mean_drop - m) / se
        } else {
            0.0
        };
        eprintln!(
            "{name:<26} {:.5} ({:.5})    {m:.5} ({sd:.5})    {z:+.2}",
            f.mean_drop, f.sd
        );
        assert!(
            z.abs() < 4.0,
            "{name}: {} vs scikit-learn {m} is {z:.1} standard errors apart",
            f.mean_drop
        );
        if z.abs() > worst.0 {
            worst = (z.abs(), name);
        }
        assert_eq!(f.drops.len(), k);
    }
    eprintln!("largest difference: {:.2} SE ({})", worst.0, worst.1);
    // The ranking: each side's top 3 are in the other's top 5, and the top 2 are the same two.
    let ours: Vec<&str> = got.features.iter().map(|f| f.feature.as_str()).collect();
    let theirs: Vec<&str> = want
        .iter()
        .map(|w| w["feature"].as_str().unwrap())
        .collect();
    for (a, b) in [(&ours, &theirs), (&theirs, &ours)] {
        for name in &a[..3] {
            assert!(b[..5].contains(name), "{name} in {:?}", &b[..5]);
        }
    }
    let (mut a, mut b) = (ours[..2].to_vec(), theirs[..2].to_vec());
    a.sort_unstable();
    b.sort_unstable();
    assert_eq!(a, b);
}

/// A constant column cannot inform the model: shuffling it changes no input, so its drop is
/// exactly 0 and no case names it; the other inputs still count.
#[test]
fn a_constant_input_has_no_importance() {
    let dir = tempfile::tempdir().unwrap();
    let source = root().join("sample-studies/breast-cancer/cohort.csv");
    let mut r = csv::Reader::from_path(&source).unwrap();
    let header = r.headers().unwrap().clone();
    let col = header.iter().position(|h| h == "mean_symmetry").unwrap();
    let mut w = csv::Writer::from_path(dir.path().join("cohort.csv")).unwrap();
    w.write_record(&header).unwrap();
    for rec in r.records() {
        let mut rec: Vec<String> = rec.unwrap().iter().map(String::from).collect();
        rec[col] = "0.18".into();
        w.write_record(&rec).unwrap();
    }
    w.flush().unwrap();
    let mut plan = sample_plan();
    plan.cohort.path = dir.path().join("cohort.csv");
    plan.model.as_mut().unwrap().path = root().join("models/bc_logreg.onnx");
    let got = importance(&plan);
    let f = got
        .features
        .iter()
        .find(|f| f.feature == "mean_symmetry")
        .unwrap();
    assert_eq!(f.mean_drop, 0.0);
    assert_eq!(f.sd, 0.0);
    assert_eq!(f.interval, [0.0, 0.0]);
    assert_eq!(f.drops, vec![0.0; plan.explain.permutations]);
    assert_eq!(f.median, 0.18);
    assert!(got.features[0].mean_drop > 0.0);
    assert!(
        got.cases
            .iter()
            .all(|c| c.top.iter().all(|t| t.feature != "mean_symmetry"))
    );
}

/// `permutations = 0` turns it off; vendor scores and imaging plans never have it.
#[test]
fn off_or_not_a_feature_model_means_none() {
    let mut plan = sample_plan();
    plan.explain.permutations = 0;
    assert!(Settings::of(&plan).is_none());
    let eval = provestein::run(&plan, &control()).unwrap();
    assert!(eval.binary().unwrap().importance.is_none());
    let json = serde_json::to_value(&eval).unwrap();
    assert!(json["importance"].is_null());
    assert!(
        !eval
            .conventions
            .iter()
            .any(|c| c.contains("Permutation importance"))
    );

    let vendor =
        Plan::load(&root().join("sample-studies/breast-cancer/plan-vendor-scores.toml")).unwrap();
    assert!(Settings::of(&vendor).is_none());
    assert!(
        provestein::run(&vendor, &control())
            .unwrap()
            .binary()
            .unwrap()
            .importance
            .is_none()
    );
    let imaging = Plan::load(&root().join("sample-studies/imaging-demo/plan.toml")).unwrap();
    assert!(imaging.explain.permutations > 0 && imaging.model.is_some());
    assert!(Settings::of(&imaging).is_none());
}

/// Same seed, same numbers: with 1 and 4 threads (the bootstrap on as well).
#[test]
fn the_same_numbers_with_one_and_four_threads() {
    let mut plan = sample_plan();
    plan.analysis.bootstrap = 200;
    let on = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| importance(&plan))
    };
    let one = on(1);
    assert_eq!(one, on(4));
    assert_eq!(one.permutations, 10);
    assert_eq!(one.features[0].drops.len(), 10);
    // And another seed gives other shuffles.
    plan.analysis.seed = 7;
    assert_ne!(one.features, importance(&plan).features);
}

/// A case's change for its top input equals scoring the case's row, hand-edited to put the
/// cohort median in that input, through the model.
#[test]
fn median_substitution_is_scoring_a_hand_edited_row() {
    let plan = sample_plan();
    let eval = provestein::run(&plan, &control()).unwrap();
    let imp = eval.binary().unwrap().importance.as_ref().unwrap();
    assert_eq!(
        imp.cases.len(),
        eval.binary().unwrap().cases.len(),
        "171 cases: all explained"
    );
    let rt = provestein::model::runtime::load(Some(&common::onnxruntime())).unwrap();
    let spec = plan.model.as_ref().unwrap();
    let mut model =
        provestein::model::onnx::OnnxModel::load(rt, spec, &plan.resolve(&spec.path)).unwrap();
    let table = provestein::cohort::table::Table::read(
        &root().join("sample-studies/breast-cancer/cohort.csv"),
        "cohort",
    )
    .unwrap();
    let rows = table.rows_by_id("sample_id").unwrap();
    let features = &plan.cohort.features;
    let mut checked = 0;
    for (i, case) in eval.binary().unwrap().cases.iter().enumerate().step_by(17) {
        let explained = imp.case(i).unwrap();
        assert_eq!(explained.id, case.id);
        let fields: std::collections::HashMap<&str, &str> =
            table.fields(rows[case.id.as_str()]).into_iter().collect();
        let own: Vec<f32> = features
            .iter()
            .map(|f| fields[f.as_str()].parse().unwrap())
            .collect();
        for top in &explained.top {
            let j = features.iter().position(|f| *f == top.feature).unwrap();
            let median = imp
                .features
                .iter()
                .find(|f| f.feature == top.feature)
                .unwrap()
                .median;
            let mut edited = own.clone();
            edited[j] = median;
            let s = model.score_rows(&[&own, &edited]).unwrap();
            assert!((s[0] - case.score).abs() < 1e-6, "{}", case.id);
            assert!(
                (s[1] - s[0] - top.change).abs() < 1e-6,
                "case {} {}: {} vs {}",
                case.id,
                top.feature,
                s[1] - s[0],
                top.change
            );
            checked += 1;
        }
        // Largest |change| first.
        assert!(
            explained
                .top
                .windows(2)
                .all(|w| w[0].change.abs() >= w[1].change.abs())
        );
    }
    assert!(checked > 20, "{checked}");
}

/// The stage is reported with one unit per input, and a cancel between inputs stops the run.
#[test]
fn importance_reports_progress_and_can_be_cancelled() {
    let plan = sample_plan();
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    let mut ctl = Control::new(move |p| log.lock().unwrap().push(p));
    ctl.onnxruntime = Some(common::onnxruntime());
    provestein::run(&plan, &ctl).unwrap();
    let seen = seen.lock().unwrap();
    let at = seen
        .iter()
        .position(|p| {
            *p == Progress::Stage {
                name: STAGE_IMPORTANCE,
                total: 30,
            }
        })
        .expect("the importance stage");
    let advanced = seen[at + 1..]
        .iter()
        .take_while(|p| matches!(p, Progress::Advance(_)))
        .count();
    assert_eq!(advanced, 30);

    // Cancel as soon as the first input is done: the run stops before the next one.
    let flag: Arc<OnceLock<Arc<AtomicBool>>> = Arc::default();
    let inside = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicUsize::new(0));
    let (f, i, d) = (flag.clone(), inside.clone(), done.clone());
    let mut ctl = Control::new(move |p| match p {
        Progress::Stage { name, .. } => i.store(name == STAGE_IMPORTANCE, Ordering::SeqCst),
        Progress::Advance(_) if i.load(Ordering::SeqCst) => {
            d.fetch_add(1, Ordering::SeqCst);
            f.get().unwrap().store(true, Ordering::SeqCst);
        }
        Progress::Advance(_) | Progress::Reused(_) | Progress::Stages(_) => {}
    });
    ctl.onnxruntime = Some(common::onnxruntime());
    flag.set(ctl.cancel_flag()).unwrap();
    let result = provestein::run(&plan, &ctl);
    assert!(matches!(result, Err(Error::Cancelled)), "{result:?}");
    assert_eq!(done.load(Ordering::SeqCst), 1, "stopped between inputs");
}
