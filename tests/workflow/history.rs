//! The run history as an auditor and an IT script use it: every `batch` run recorded, the audit
//! chain that exposes a record edited directly in the database, two runs compared, and a run
//! killed with SIGKILL half-way that resumes to the same numbers as one never interrupted.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{onnxruntime, output_text as text, root, with_history as provestein};

fn sample(rel: &str) -> String {
    root()
        .join("sample-studies")
        .join(rel)
        .display()
        .to_string()
}

fn report(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("report.json")).unwrap()).unwrap()
}

/// Two runs of the sample plans into a fresh history.
fn two_runs(dir: &Path) -> PathBuf {
    let h = dir.join("history.sqlite");
    for (plan, out) in [
        ("breast-cancer/plan.toml", "a"),
        ("breast-cancer/plan-vendor-scores.toml", "b"),
    ] {
        let o = provestein(
            &[
                "batch",
                &sample(plan),
                "--out",
                dir.join(out).to_str().unwrap(),
                "--quiet",
            ],
            &h,
        );
        assert!(o.status.code().unwrap() <= 2, "{}", text(&o));
    }
    h
}

#[test]
fn every_batch_run_is_recorded_with_its_report_and_cases() {
    let dir = tempfile::tempdir().unwrap();
    let h = two_runs(dir.path());
    let o = provestein(&["history", "list", "--json"], &h);
    assert!(o.status.success(), "{}", text(&o));
    let runs: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let runs = runs.as_array().unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0]["status"], "done");
    assert_eq!(runs[0]["verdict"], "PASS");
    assert_eq!(runs[1]["verdict"], "INCONCLUSIVE");
    assert_eq!(runs[0]["n"], 171);
    let written = report(&dir.path().join("a"));
    assert_eq!(runs[0]["plan_sha256"], written["provenance"]["plan_sha256"]);
    assert_eq!(
        runs[0]["model_sha256"],
        written["provenance"]["model_sha256"]
    );
    // The stored run exports to the very files batch wrote.
    let out = dir.path().join("export");
    let o = provestein(
        &["history", "export", "1", "--out", out.to_str().unwrap()],
        &h,
    );
    assert!(o.status.success(), "{}", text(&o));
    for f in ["report.json", "predictions.csv", "report.pdf"] {
        assert!(
            std::fs::read(out.join(f)).unwrap()
                == std::fs::read(dir.path().join("a").join(f)).unwrap(),
            "{f} differs from what batch wrote"
        );
    }
    assert_eq!(
        std::fs::read_to_string(out.join("plan.toml")).unwrap(),
        std::fs::read_to_string(sample("breast-cancer/plan.toml")).unwrap()
    );
    // Compare: the same cases, two score sources; every metric with its test.
    let o = provestein(&["history", "compare", "1", "2", "--json"], &h);
    assert!(o.status.success(), "{}", text(&o));
    let c: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let auc = c["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["metric"] == "auc")
        .unwrap();
    let (a, b) = (
        written["overall"]["metrics"]["auc"]["estimate"]
            .as_f64()
            .unwrap(),
        report(&dir.path().join("b"))["overall"]["metrics"]["auc"]["estimate"]
            .as_f64()
            .unwrap(),
    );
    assert!((auc["a"].as_f64().unwrap() - a).abs() < 1e-12);
    assert!((auc["difference"].as_f64().unwrap() - (b - a)).abs() < 1e-12);
    assert_eq!(c["same_model"], false);
    // The same cohort file and case ids: paired tests, with the numbers of the paired functions
    // (proven against pROC and statsmodels in tests/peers/metrics_peers.rs) on the two
    // predictions.csv files, matched by id.
    assert_eq!(c["paired"], true);
    assert_eq!(
        auc["test"],
        "paired DeLong test (pROC roc.test, paired = TRUE)"
    );
    let read = |d: &str| -> std::collections::HashMap<String, (bool, f64)> {
        let text = std::fs::read_to_string(dir.path().join(d).join("predictions.csv")).unwrap();
        text.lines()
            .skip(1)
            .map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                (f[0].to_string(), (f[1] == "1", f[2].parse().unwrap()))
            })
            .collect()
    };
    let (pa, pb) = (read("a"), read("b"));
    let ids: Vec<&String> = pa.keys().collect();
    let labels: Vec<bool> = ids.iter().map(|i| pa[*i].0).collect();
    let sa: Vec<f64> = ids.iter().map(|i| pa[*i].1).collect();
    let sb: Vec<f64> = ids.iter().map(|i| pb[*i].1).collect();
    let want = provestein::metrics::paired_delong(&labels, &sb, &sa, 0.95);
    let close = |v: &serde_json::Value, w: f64| (v.as_f64().unwrap() - w).abs() < 1e-12;
    assert!(close(&auc["difference"], want.difference), "{auc}");
    assert!(close(&auc["p_value"], want.p_value), "{auc}");
    assert!(close(&auc["ci"][0], want.ci[0]) && close(&auc["ci"][1], want.ci[1]));
    let pairs = provestein::metrics::discordant_pairs(&labels, &sa, 0.5, &sb, 0.5);
    let metric = |name: &str| {
        c["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["metric"] == name)
            .unwrap()
            .clone()
    };
    let se = metric("sensitivity");
    assert_eq!(
        se["test"],
        "exact McNemar test on the discordant cases (paired)"
    );
    assert!(
        close(&se["p_value"], pairs.sensitivity.mcnemar.p_value),
        "{se}"
    );
    assert!(close(
        &se["difference"],
        pairs.sensitivity.b().estimate() - pairs.sensitivity.a().estimate()
    ));
    assert!(close(
        &metric("specificity")["p_value"],
        pairs.specificity.mcnemar.p_value
    ));
    assert!(
        metric("ppv")["p_value"].is_null(),
        "PPV is not tested on paired cases"
    );
    // What differs between the two plans is named; the text says the tests are paired.
    let parts = c["plan_changes"]["parts"].as_array().unwrap();
    for p in ["criteria", "cohort", "model"] {
        assert!(parts.contains(&p.into()), "{parts:?}");
    }
    assert!(!parts.contains(&"threshold".into()), "{parts:?}");
    let o = provestein(&["history", "compare", "1", "2"], &h);
    let out = text(&o);
    assert!(out.contains("paired tests"), "{out}");
    assert!(
        out.contains("The plans differ in: criteria, cohort, model"),
        "{out}"
    );
    assert!(
        out.contains("acceptance[1].metric: \"specificity\" → \"auc\""),
        "{out}"
    );
}

#[test]
fn history_verify_detects_a_record_edited_directly_in_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let h = two_runs(dir.path());
    let o = provestein(&["history", "verify"], &h);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("intact"), "{}", text(&o));

    // Someone turns the inconclusive run into a pass behind the tool's back.
    let db = rusqlite::Connection::open(&h).unwrap();
    db.execute("UPDATE runs SET verdict = 'PASS' WHERE id = 2", [])
        .unwrap();
    let o = provestein(&["history", "verify"], &h);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("BROKEN at run #2") && text(&o).contains("changed"),
        "{}",
        text(&o)
    );
    db.execute("UPDATE runs SET verdict = 'INCONCLUSIVE' WHERE id = 2", [])
        .unwrap();
    assert_eq!(
        provestein(&["history", "verify"], &h).status.code(),
        Some(0),
        "restored"
    );

    // One case's score, in its last digits (the cases are one compressed blob per run).
    let blob: Vec<u8> = db
        .query_row("SELECT data FROM case_blobs WHERE run_id = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let mut cases = provestein::history::cases::decode(&blob).unwrap();
    cases[7].score += 1e-12;
    let edited = provestein::history::cases::encode(
        cases
            .iter()
            .map(|c| (c.id.as_str(), c.label, c.score, c.subgroups.as_slice())),
    );
    db.execute("UPDATE case_blobs SET data = ?1 WHERE run_id = 1", [edited])
        .unwrap();
    let o = provestein(&["history", "verify"], &h);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("BROKEN at run #1"), "{}", text(&o));

    // A record removed: the next one no longer links.
    let dir = tempfile::tempdir().unwrap();
    let h = two_runs(dir.path());
    let db = rusqlite::Connection::open(&h).unwrap();
    db.execute_batch("PRAGMA foreign_keys = OFF; DELETE FROM case_blobs WHERE run_id = 1; DELETE FROM runs WHERE id = 1;")
        .unwrap();
    let o = provestein(&["history", "verify"], &h);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).contains("BROKEN at run #2") && text(&o).contains("missing"),
        "{}",
        text(&o)
    );
}

#[test]
fn a_run_killed_half_way_resumes_to_the_same_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let plan = common::big_imaging_cohort(dir.path(), 24);
    let plan = plan.to_str().unwrap();

    // The run never interrupted.
    let whole = dir.path().join("whole");
    let o = provestein(
        &["batch", plan, "--out", whole.to_str().unwrap(), "--quiet"],
        &dir.path().join("h-whole.sqlite"),
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    // The same run, killed with SIGKILL once some outputs are committed.
    let h = dir.path().join("h.sqlite");
    let resumed = dir.path().join("resumed");
    let mut child = Command::new(env!("CARGO_BIN_EXE_provestein"))
        .args([
            "batch",
            plan,
            "--out",
            resumed.to_str().unwrap(),
            "--quiet",
            "--history",
        ])
        .arg(&h)
        .env("ORT_DYLIB_PATH", onnxruntime())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let mut killed_at = 0;
    while start.elapsed() < Duration::from_secs(120) {
        let n = common::outcomes_recorded(&h);
        if n >= 40 {
            child.kill().unwrap(); // SIGKILL: no destructor, no flush, no clean-up
            killed_at = n;
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run finished before it could be killed; make the cohort larger"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.wait().unwrap();
    assert!(killed_at > 0, "no output was recorded in time");
    assert!(
        !resumed.join("report.json").exists(),
        "killed before any report"
    );
    let kept = common::outcomes_recorded(&h);
    assert!(
        kept >= killed_at && kept < 24 * 50,
        "{kept} outputs survived the kill"
    );

    let o = provestein(&["history", "list", "--json"], &h);
    let runs: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(runs[0]["status"], "running", "the killed run is still open");

    common::resume_and_expect(Path::new(plan), &resumed, &h, 1, kept);
    let (mut a, mut b) = (report(&whole), report(&resumed));
    for r in [&mut a, &mut b] {
        r.as_object_mut().unwrap().remove("provenance");
    }
    assert!(
        a == b,
        "the resumed run's report.json differs beyond its provenance"
    );
    assert_eq!(
        std::fs::read(whole.join("predictions.csv")).unwrap(),
        std::fs::read(resumed.join("predictions.csv")).unwrap()
    );
    let o = provestein(&["history", "list", "--json"], &h);
    let runs: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        runs.as_array().unwrap().len(),
        1,
        "resumed in place, not a new run"
    );
    assert_eq!(runs[0]["status"], "done");
    assert_eq!(
        provestein(&["history", "verify"], &h).status.code(),
        Some(0)
    );
    // Nothing left to resume.
    let o = provestein(
        &[
            "batch",
            plan,
            "--out",
            resumed.to_str().unwrap(),
            "--resume",
        ],
        &h,
    );
    assert_eq!(o.status.code(), Some(5), "{}", text(&o));
    assert!(text(&o).contains("no interrupted run"), "{}", text(&o));
}

/// Re-validation after the department stopped using one scanner: the comparison says so.
#[test]
fn compare_flags_equipment_seen_in_only_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let plan_text = common::imaging_demo_plan().replace("bootstrap = 2000", "bootstrap = 200");
    let all = dir.path().join("all.toml");
    std::fs::write(&all, &plan_text).unwrap();
    let some = dir.path().join("some.toml");
    std::fs::write(
        &some,
        plan_text.replace(
            "[preprocess]",
            "[cohort.include]\nManufacturer = [\"Fjord Systems\", \"Nordlys Imaging\"]\n\n[preprocess]",
        ),
    )
    .unwrap();
    let h = dir.path().join("h.sqlite");
    for (plan, out) in [(&all, "a"), (&some, "b")] {
        let o = provestein(
            &[
                "batch",
                plan.to_str().unwrap(),
                "--out",
                dir.path().join(out).to_str().unwrap(),
                "--quiet",
            ],
            &h,
        );
        assert!(o.status.code().unwrap() <= 2, "{}", text(&o));
    }
    let o = provestein(&["history", "compare", "1", "2"], &h);
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    assert!(
        out.contains("Manufacturer = ACME Medical is no longer seen in run #2"),
        "{out}"
    );
    assert!(out.contains("The plans differ in: cohort"), "{out}");
    assert!(
        out.contains(
            "cohort.include.Manufacturer: (not set) → [\"Fjord Systems\",\"Nordlys Imaging\"]"
        ),
        "{out}"
    );
    assert!(
        !out.contains("paired tests"),
        "other cases: unpaired, {out}"
    );
    // Its share of the cohort, per subgroup value, is tested too.
    assert!(out.contains("Manufacturer = ACME Medical"), "{out}");
}

/// A history written before runs kept their PDF opens, records and verifies.
#[test]
fn an_older_history_file_gets_the_pdf_column() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path().join("old.sqlite");
    let db = rusqlite::Connection::open(&h).unwrap();
    db.execute_batch(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
         INSERT INTO meta VALUES ('schema', '1');
         CREATE TABLE runs (id INTEGER PRIMARY KEY, status TEXT NOT NULL, started TEXT NOT NULL,
            finished TEXT, user TEXT NOT NULL, study TEXT NOT NULL, plan_path TEXT NOT NULL,
            plan_toml TEXT NOT NULL, plan_sha256 TEXT NOT NULL, model_sha256 TEXT,
            cohort_sha256 TEXT, predictions_sha256 TEXT, software TEXT NOT NULL, onnxruntime TEXT,
            verdict TEXT, report_json TEXT, error TEXT, chain_seq INTEGER UNIQUE, prev_hash TEXT,
            hash TEXT);",
    )
    .unwrap();
    drop(db);
    let o = provestein(
        &[
            "batch",
            &sample("breast-cancer/plan-vendor-scores.toml"),
            "--out",
            dir.path().join("o").to_str().unwrap(),
            "--quiet",
        ],
        &h,
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert_eq!(
        provestein(&["history", "verify"], &h).status.code(),
        Some(0)
    );
}

/// A history written by the version that stored a row per case (schema 1: two runs of a
/// 40-case cohort with two subgroups, made by `batch` at 54d44f5; tests/fixtures/SOURCES.md)
/// still lists, exports and verifies with the same head hash; a new run into it stores its
/// cases as one blob, and the chain covers both.
#[test]
fn a_history_with_case_rows_still_reads_verifies_and_takes_new_runs() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path().join("v1.sqlite");
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(
        std::fs::File::open(common::fixture("history/v1.sqlite.gz")).unwrap(),
    )
    .read_to_end(&mut bytes)
    .unwrap();
    std::fs::write(&h, bytes).unwrap();
    const HEAD: &str = "49ebf57e469cf538d92cf4635d0949661c94906901b7b882d38cef452795c018";

    let o = provestein(&["history", "verify"], &h);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains(HEAD), "{}", text(&o));
    let out = dir.path().join("export");
    let o = provestein(
        &["history", "export", "1", "--out", out.to_str().unwrap()],
        &h,
    );
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(
        std::fs::read(out.join("predictions.csv")).unwrap(),
        std::fs::read(common::fixture("history/v1_run1_predictions.csv")).unwrap(),
        "the old rows export byte for byte"
    );

    // A new run of the same cohort goes into the blob table.
    let cohort = dir.path().join("cohort.csv");
    std::fs::copy(common::fixture("history/v1_cohort.csv"), &cohort).unwrap();
    let plan = common::write_plan(
        dir.path(),
        &std::fs::read_to_string(common::fixture("history/v1_plan_run2.toml")).unwrap(),
    );
    let o = provestein(
        &[
            "batch",
            plan.to_str().unwrap(),
            "--out",
            dir.path().join("o").to_str().unwrap(),
            "--quiet",
        ],
        &h,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let db = rusqlite::Connection::open(&h).unwrap();
    let count = |sql: &str| -> i64 { db.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM cases WHERE run_id = 3"), 0);
    assert_eq!(count("SELECT n FROM case_blobs WHERE run_id = 3"), 40);
    assert_eq!(count("SELECT count(*) FROM cases WHERE run_id < 3"), 80);
    assert_eq!(
        count("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'schema'"),
        3
    );

    let o = provestein(&["history", "list", "--json"], &h);
    let runs: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let n: Vec<i64> = runs
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["n"].as_i64().unwrap())
        .collect();
    assert_eq!(n, [40, 40, 40]);
    let o = provestein(&["history", "verify"], &h);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("3 finished runs"), "{}", text(&o));
    // Run 3 exports the predictions.csv batch wrote, and compares with run 2 on the same cases.
    let out = dir.path().join("export3");
    let o = provestein(
        &["history", "export", "3", "--out", out.to_str().unwrap()],
        &h,
    );
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(
        std::fs::read(out.join("predictions.csv")).unwrap(),
        std::fs::read(dir.path().join("o/predictions.csv")).unwrap()
    );
    // An old row edited is still caught.
    db.execute(
        "UPDATE cases SET label = 1 - label WHERE run_id = 1 AND seq = 3",
        [],
    )
    .unwrap();
    let o = provestein(&["history", "verify"], &h);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("BROKEN at run #1"), "{}", text(&o));
}
