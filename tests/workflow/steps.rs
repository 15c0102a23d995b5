//! A run as three steps (`prepare`, `score`, `evaluate`): a cohort scored in parts and
//! evaluated once gives the report `run` gives, in whatever order the parts come; outcomes
//! that leave a unit unscored or score one twice are refused, naming the unit.

use provestein::run::{Outcomes, Prepared, evaluate, prepare, score};
use provestein::{Error, Evaluation, Plan};

use crate::common::{control, root};

/// A sample plan with fewer bootstrap replicates (the figures' equality does not need 2,000).
fn plan(rel: &str) -> Plan {
    let mut plan = Plan::load(&root().join(rel)).unwrap();
    plan.analysis.bootstrap = 200;
    plan
}

/// report.json with the run's timestamps blanked.
fn report(mut eval: Evaluation) -> String {
    eval.provenance.started = String::new();
    eval.provenance.finished = String::new();
    provestein::report::json::to_string(&eval)
}

/// Three disjoint parts of the cohort, interleaved (every third unit), so that each part
/// holds positives and negatives from everywhere in the file.
fn parts(prepared: &Prepared) -> [Vec<usize>; 3] {
    let all = prepared.all();
    [0, 1, 2].map(|k| all.iter().copied().filter(|i| i % 3 == k).collect())
}

/// Scores the three parts apart and evaluates them merged in two orders; both must give
/// `run`'s report.json.
fn three_parts_give_the_run(rel: &str) {
    let plan = plan(rel);
    let ctl = control();
    let whole = report(provestein::run(&plan, &ctl).unwrap());
    let prepared = prepare(&plan, &ctl).unwrap();
    assert_eq!(prepared.run_key.len(), 64, "a SHA-256 in hex");
    // The second part prepared apart, as another machine would: the same key, its own session.
    let elsewhere = prepare(&plan, &ctl).unwrap();
    assert_eq!(elsewhere.run_key, prepared.run_key);
    let [a, b, c] = parts(&prepared);
    let (a, b, c) = (
        score(&prepared, &a, &ctl).unwrap(),
        score(&elsewhere, &b, &ctl).unwrap(),
        score(&prepared, &c, &ctl).unwrap(),
    );
    assert!(!a.scored.is_empty() && !b.scored.is_empty() && !c.scored.is_empty());
    let forward = Outcomes::default()
        .merge(a.clone())
        .and_then(|o| o.merge(b.clone()))
        .and_then(|o| o.merge(c.clone()))
        .unwrap();
    let backward = c.merge(a).and_then(|o| o.merge(b)).unwrap();
    assert_ne!(forward, backward, "the parts came in another order");
    let merged = report(evaluate(&prepared, &forward, &ctl).unwrap());
    assert!(
        merged == whole,
        "{rel}: three parts differ from the run:\n{}",
        first_difference(&merged, &whole)
    );
    // Evaluated elsewhere, the model closed (permutation importance opens it again).
    elsewhere.close_model();
    let reordered = report(evaluate(&elsewhere, &backward, &ctl).unwrap());
    assert!(
        reordered == whole,
        "{rel}: parts in another order differ:\n{}",
        first_difference(&reordered, &whole)
    );
}

fn first_difference(a: &str, b: &str) -> String {
    let at = a
        .bytes()
        .zip(b.bytes())
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let from = at.saturating_sub(200);
    format!(
        "…{}…\nagainst\n…{}…",
        &a[from..(at + 200).min(a.len())],
        &b[from..(at + 200).min(b.len())]
    )
}

#[test]
fn csv_cohort_with_its_model_in_three_parts_gives_the_run() {
    three_parts_give_the_run("sample-studies/breast-cancer/plan.toml");
}

#[test]
fn vendor_scores_in_three_parts_give_the_run() {
    three_parts_give_the_run("sample-studies/breast-cancer/plan-vendor-scores.toml");
}

#[test]
fn dicom_cohort_in_three_parts_gives_the_run() {
    three_parts_give_the_run("sample-studies/imaging-demo/plan.toml");
}

#[test]
fn evaluate_refuses_a_unit_without_outcome_or_with_two() {
    let plan = plan("sample-studies/breast-cancer/plan-vendor-scores.toml");
    let ctl = control();
    let prepared = prepare(&plan, &ctl).unwrap();
    let [a, b, c] = parts(&prepared);
    let scored = |p: &[usize]| score(&prepared, p, &ctl).unwrap();

    // The third part never scored: its units are counted and the first named.
    let two = scored(&a).merge(scored(&b)).unwrap();
    match evaluate(&prepared, &two, &ctl) {
        Err(Error::Unscored { count, ids }) => {
            assert_eq!(count, c.len());
            assert_eq!(ids[0], prepared.units[c[0]].id);
            let message = Error::Unscored { count, ids }.to_string();
            assert!(
                message.contains(prepared.units[c[0]].id.as_str()),
                "{message}"
            );
            assert!(message.contains(&c.len().to_string()), "{message}");
        }
        other => panic!("expected Unscored, got {:?}", other.map(|_| ())),
    }

    // One unit left out of an otherwise whole cohort: named alone.
    let all = prepared.all();
    let left_out = all[all.len() / 2];
    let but_one: Vec<usize> = all.iter().copied().filter(|&i| i != left_out).collect();
    match evaluate(&prepared, &scored(&but_one), &ctl) {
        Err(Error::Unscored { count: 1, ids }) => {
            assert_eq!(ids, vec![prepared.units[left_out].id.clone()])
        }
        other => panic!("expected one unscored unit, got {:?}", other.map(|_| ())),
    }

    // Overlapping parts: the unit scored twice is refused, not chosen.
    let twice = scored(&all).merge(scored(&[left_out])).unwrap();
    match evaluate(&prepared, &twice, &ctl) {
        Err(Error::ScoredTwice { count: 1, ids }) => {
            assert_eq!(ids, vec![prepared.units[left_out].id.clone()])
        }
        other => panic!("expected a unit scored twice, got {:?}", other.map(|_| ())),
    }

    // Outcomes under another run key (another cohort, model, preprocessing or runtime) are
    // refused when merged; a selection outside the cohort is refused by `score`.
    let mut foreign = scored(&a);
    foreign.run_key = "0".repeat(64);
    assert!(matches!(scored(&b).merge(foreign), Err(Error::Outcomes(_))));
    assert!(matches!(
        score(&prepared, &[prepared.units.len()], &ctl),
        Err(Error::Outcomes(_))
    ));
}

#[test]
fn outcomes_and_units_serialise() {
    let plan = plan("sample-studies/breast-cancer/plan-vendor-scores.toml");
    let ctl = control();
    let prepared = prepare(&plan, &ctl).unwrap();
    let outcomes = score(&prepared, &[0, 1, 2], &ctl).unwrap();
    let text = serde_json::to_string(&outcomes).unwrap();
    assert_eq!(
        serde_json::from_str::<Outcomes>(&text).unwrap(),
        outcomes,
        "{text}"
    );
    let unit = &prepared.units[0];
    let text = serde_json::to_string(unit).unwrap();
    assert_eq!(
        &serde_json::from_str::<provestein::run::Unit>(&text).unwrap(),
        unit
    );
}

#[test]
fn a_compare_model_beside_vendor_scores_in_three_parts_gives_the_run() {
    // The vendor's scores judged, the model beside them (named "main", as the journal names
    // the plan's own source: the two stay apart); one row's feature cannot be read, which
    // leaves it out of the comparison only.
    let demo = root().join("sample-studies/breast-cancer");
    let dir = tempfile::tempdir().unwrap();
    let cohort = std::fs::read_to_string(demo.join("cohort.csv")).unwrap();
    let mut lines: Vec<String> = cohort.lines().map(str::to_string).collect();
    let (id, rest) = lines[7].split_once(',').unwrap();
    let (id, rest) = (id.to_string(), rest.split_once(',').unwrap().1.to_string());
    lines[7] = format!("{id},x,{rest}");
    std::fs::write(dir.path().join("cohort.csv"), lines.join("\n") + "\n").unwrap();
    std::fs::copy(
        demo.join("vendor_scores.csv"),
        dir.path().join("vendor_scores.csv"),
    )
    .unwrap();
    let text = std::fs::read_to_string(demo.join("plan-vendor-scores.toml"))
        .unwrap()
        .replace(
            "id = \"sample_id\"\nlabel",
            &format!(
                "id = \"sample_id\"\nfeatures = {}\nlabel",
                crate::common::bc_features()
            ),
        )
        + &format!(
            "\n[[compare]]\nname = \"main\"\nmodel = {{ path = \"{}\", input = \"X\", output = \"probabilities\", positive_index = 1 }}\n",
            root().join("models/bc_logreg.onnx").display()
        );
    let plan_path = crate::common::write_plan(dir.path(), &text);
    let mut plan = Plan::load(&plan_path).unwrap();
    plan.analysis.bootstrap = 200;
    let ctl = control();
    let eval = provestein::run(&plan, &ctl).unwrap();
    assert_eq!(
        eval.cohort.included,
        lines.len() - 1,
        "the vendor scores every row"
    );
    assert_eq!(eval.binary().unwrap().comparisons.len(), 1);
    assert_eq!(
        (
            eval.binary().unwrap().comparisons[0].n,
            eval.binary().unwrap().comparisons[0].missing
        ),
        (lines.len() - 2, 1),
        "the row the model cannot read is the one case not compared"
    );
    let whole = report(eval);
    let prepared = prepare(&plan, &ctl).unwrap();
    let [a, b, c] = parts(&prepared).map(|p| score(&prepared, &p, &ctl).unwrap());
    let merged = b.merge(c).and_then(|o| o.merge(a)).unwrap();
    let parted = report(evaluate(&prepared, &merged, &ctl).unwrap());
    assert!(parted == whole, "{}", first_difference(&parted, &whole));
    let skipped = merged
        .scored
        .iter()
        .find(|s| s.source == provestein::run::Source::Compare("main".into()) && s.unit == id)
        .unwrap();
    assert!(
        matches!(
            &skipped.outcomes[..],
            [Err((provestein::cohort::ExclusionReason::BadFeature, _))]
        ),
        "{skipped:?}"
    );
}
