//! report.json as a versioned contract: the sample studies' reports read back into an
//! `Evaluation` and written again give the same bytes and validate against the JSON Schema
//! published in docs/report.schema.json, which is generated from the types; an unknown
//! `schema_version`, or a key the types do not know, is an error, never a default.

use crate::common;

use std::path::PathBuf;

use common::root;
use provestein::report::json;
use provestein::{Evaluation, Plan};

const SCHEMA_FILE: &str = "docs/report.schema.json";

/// The report.json of a sample plan, as `batch` writes it.
fn sample_report(rel: &str) -> String {
    let path = root().join("sample-studies").join(rel);
    let plan = Plan::load(&path).unwrap();
    json::to_string(&provestein::run(&plan, &common::control()).unwrap())
}

fn read(text: &str) -> provestein::Result<Evaluation> {
    json::read(text, "report.json")
}

fn validator() -> (boon::Schemas, boon::SchemaIndex) {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join(SCHEMA_FILE)).unwrap()).unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("report.schema.json", schema).unwrap();
    let index = compiler
        .compile("report.schema.json", &mut schemas)
        .unwrap();
    (schemas, index)
}

/// The three sample studies (a feature model, the vendor's scores, the imaging demo): each
/// report reads back into the bytes it was written as, and the published schema accepts it.
#[test]
fn sample_reports_read_back_to_the_same_bytes_and_match_the_schema() {
    let (schemas, index) = validator();
    for rel in [
        "breast-cancer/plan.toml",
        "breast-cancer/plan-vendor-scores.toml",
        "imaging-demo/plan.toml",
    ] {
        let text = sample_report(rel);
        let eval = read(&text).unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert_eq!(
            json::to_string(&eval),
            text,
            "{rel}: written back differently"
        );
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["task"], "binary", "{rel}");
        assert_eq!(value["schema_version"], 1, "{rel}");
        if let Err(e) = schemas.validate(&value, index) {
            panic!("{rel} does not match {SCHEMA_FILE}: {e:#}");
        }
        // The schema is not a blank cheque: a figure as text, or no version, does not match.
        let mut wrong = value.clone();
        wrong["overall"]["n"] = "171".into();
        assert!(schemas.validate(&wrong, index).is_err(), "{rel}");
        wrong = value.clone();
        wrong.as_object_mut().unwrap().remove("schema_version");
        assert!(schemas.validate(&wrong, index).is_err(), "{rel}");
        // A renamed key does not match either, at the top or inside the task's figures.
        for (at, from, to) in [
            ("", "cohort", "cohorts"),
            ("", "overall", "overall_figures"),
            ("overall", "threshold", "cut"),
        ] {
            wrong = value.clone();
            let o = if at.is_empty() {
                &mut wrong
            } else {
                &mut wrong[at]
            };
            let o = o.as_object_mut().unwrap();
            let v = o.remove(from).unwrap();
            o.insert(to.into(), v);
            assert!(schemas.validate(&wrong, index).is_err(), "{rel}: {to}");
        }
    }
}

/// docs/report.schema.json is what the types generate. Set PROVESTEIN_UPDATE_SCHEMA=1 to
/// rewrite it after changing a type in report.json.
#[test]
fn the_published_schema_is_generated_from_the_types() {
    let path: PathBuf = root().join(SCHEMA_FILE);
    let generated = json::schema();
    if std::env::var_os("PROVESTEIN_UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let published = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        published == generated,
        "{SCHEMA_FILE} is not what the types generate (a type in report.json changed). Update it \
         with `PROVESTEIN_UPDATE_SCHEMA=1 cargo test --test workflow published_schema`, and bump \
         evaluation::SCHEMA_VERSION if a key was renamed or removed or changed its meaning."
    );
    // The schema says what a reader needs: the version is required, null figures allowed.
    let schema: serde_json::Value = serde_json::from_str(&generated).unwrap();
    let required = schema["required"].as_array().unwrap();
    assert!(required.contains(&"schema_version".into()), "{required:?}");
}

/// What a reader must not do with a report it does not know: default. A version it does not
/// know is refused naming both versions; a report of version 1 from before `schema_version`
/// and `task` reads as version 1 of a binary task and is written back with those two keys.
#[test]
fn an_unknown_schema_version_is_refused_and_a_report_from_before_the_key_reads_as_version_1() {
    let text = sample_report("breast-cancer/plan-vendor-scores.toml");
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();

    let mut newer = value.clone();
    newer["schema_version"] = 2.into();
    match read(&newer.to_string()) {
        Err(e @ provestein::Error::ReportVersion { .. }) => {
            let m = e.to_string();
            assert!(
                m.contains("schema_version 2") && m.contains("reads schema_version [1]"),
                "{m}"
            );
        }
        other => panic!("version 2 must be refused, got {other:?}"),
    }

    let mut older = value.clone();
    let object = older.as_object_mut().unwrap();
    object.remove("schema_version");
    object.remove("task");
    object.insert("schema".into(), "provestein.report/1".into());
    let old_text = serde_json::to_string_pretty(&older).unwrap();
    let eval = read(&old_text).unwrap();
    assert_eq!(eval.schema_version, 1);
    assert!(matches!(
        eval.task,
        provestein::evaluation::TaskEvaluation::Binary(_)
    ));
    assert_eq!(json::to_string(&eval), text);

    // A figure that could not be estimated is null, and reads back as NaN (then null again).
    let mut nan = value.clone();
    nan["overall"]["metrics"]["ppv"]["estimate"] = serde_json::Value::Null;
    nan["overall"]["calibration"]["slope"]["se"] = serde_json::Value::Null;
    let eval = read(&serde_json::to_string_pretty(&nan).unwrap()).unwrap();
    let o = &eval.binary().unwrap().overall;
    assert!(o.metrics.ppv.estimate.is_nan());
    assert!(o.calibration.as_ref().unwrap().slope.se.is_nan());
    let back: serde_json::Value = serde_json::from_str(&json::to_string(&eval)).unwrap();
    assert!(back == nan, "NaN is written back as null");

    // Without either key and under another schema name, it is not version 1 either.
    older["schema"] = "provestein.report/0".into();
    let e = read(&serde_json::to_string(&older).unwrap()).unwrap_err();
    assert!(matches!(e, provestein::Error::ReportVersion { .. }), "{e}");
}

/// A renamed key reads as an error naming it, not as an absent figure: the drift of the
/// imaging demo (which has dates) under another name, and the threshold `history compare`
/// judges at.
#[test]
fn a_report_with_a_renamed_key_is_an_error_not_a_default() {
    let text = sample_report("imaging-demo/plan.toml");
    assert!(text.contains("\n  \"drift\": {"), "the demo has dates");
    let renamed = text.replacen("\n  \"drift\": {", "\n  \"drift_by_period\": {", 1);
    let e = read(&renamed).unwrap_err().to_string();
    assert!(
        e.contains("the key drift_by_period is not one this version knows"),
        "{e}"
    );
    let missing = text.replacen("\"threshold\": 0.", "\"operating_threshold\": 0.", 1);
    let e = read(&missing).unwrap_err().to_string();
    assert!(e.contains("threshold"), "{e}");
    // The name and the number of the layout must agree.
    let e = read(&text.replacen("provestein.report/1", "provestein.report/2", 1)).unwrap_err();
    assert!(e.to_string().contains("not \"provestein.report/1\""), "{e}");
    // A value of the wrong type is an error too.
    let e =
        read(&text.replacen("\"schema_version\": 1", "\"schema_version\": \"1\"", 1)).unwrap_err();
    assert!(matches!(e, provestein::Error::ReportVersion { .. }), "{e}");
}

/// `history compare` reads both runs' reports: a stored report whose `overall.threshold` was
/// renamed (it would have been compared at 0.5) stops the command with the key named.
#[test]
fn history_compare_refuses_a_stored_report_with_a_renamed_key() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path().join("h.sqlite");
    let plan = root().join("sample-studies/breast-cancer/plan-vendor-scores.toml");
    for out in ["a", "b"] {
        let o = common::with_history(
            &[
                "batch",
                plan.to_str().unwrap(),
                "--out",
                dir.path().join(out).to_str().unwrap(),
                "--quiet",
            ],
            &h,
        );
        assert!(o.status.code().unwrap() <= 2, "{}", common::output_text(&o));
    }
    let o = common::with_history(&["history", "compare", "1", "2"], &h);
    assert!(o.status.success(), "{}", common::output_text(&o));
    // A run read from the history is written back as it was stored.
    let run = provestein::history::History::open(&h)
        .unwrap()
        .get(2)
        .unwrap();
    assert_eq!(json::to_string(&run.evaluation().unwrap()), run.report_json);
    let conn = rusqlite::Connection::open(&h).unwrap();
    conn.execute(
        "UPDATE runs SET report_json = replace(report_json, '\"threshold\": 0.5,\n    \"confidence\"', \
         '\"operating_threshold\": 0.5,\n    \"confidence\"') WHERE id = 2",
        [],
    )
    .unwrap();
    let stored: String = conn
        .query_row("SELECT report_json FROM runs WHERE id = 2", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(
        stored.contains("\"operating_threshold\""),
        "the test renamed nothing"
    );
    let o = common::with_history(&["history", "compare", "1", "2"], &h);
    assert!(!o.status.success(), "{}", common::output_text(&o));
    let out = common::output_text(&o);
    assert!(
        out.contains("report.json of run #2 does not read as a Prøvestein report")
            && out.contains("missing field `threshold`"),
        "{out}"
    );
}

/// `[study] task = "binary"` is the default: the report is the one without the key (but for
/// the plan file's SHA-256 and the timestamps).
#[test]
fn task_binary_and_no_task_give_the_same_report() {
    let dir = root().join("sample-studies/breast-cancer");
    let text = std::fs::read_to_string(dir.join("plan-vendor-scores.toml")).unwrap();
    let with = text.replacen("[study]\n", "[study]\ntask = \"binary\"\n", 1);
    assert_ne!(with, text);
    let report = |t: &str| {
        let plan = Plan::parse(t, &dir.join("plan.toml"), dir.clone()).unwrap();
        let mut v: serde_json::Value = serde_json::from_str(&json::to_string(
            &provestein::run(&plan, &common::control()).unwrap(),
        ))
        .unwrap();
        let p = v["provenance"].as_object_mut().unwrap();
        for k in ["started", "finished", "plan_sha256"] {
            p.remove(k);
        }
        v
    };
    let (a, b) = (report(&text), report(&with));
    assert_eq!(a["task"], "binary");
    assert!(a == b, "the reports differ");
}
