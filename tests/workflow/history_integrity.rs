//! A history you can audit (issue 14): an interrupted run's journal edited before `--resume`
//! is caught by `history verify` and refused by `--resume`; a removed last run is caught
//! through the anchor beside the history; a second `--resume` of a run that a live process is
//! running is refused with who and since when; a schema-2 history still opens and verifies.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{onnxruntime, output_text as text, root, with_history as provestein};
use provestein::history::History;

/// The breast-cancer plan in `dir` with absolute paths and batches of 16 (11 journal records).
fn csv_plan(dir: &Path) -> PathBuf {
    let demo = root().join("sample-studies/breast-cancer");
    let plan = std::fs::read_to_string(demo.join("plan.toml"))
        .unwrap()
        .replace(
            "path = \"../../models/",
            &format!("path = \"{}/", root().join("models").display()),
        )
        .replace(
            "path = \"cohort.csv\"",
            &format!("path = \"{}\"", demo.join("cohort.csv").display()),
        )
        .replace("positive_index = 1", "positive_index = 1\nbatch = 16");
    common::write_plan(dir, &plan)
}

/// A run of `plan` interrupted after every model output was recorded, as a process that was
/// then killed leaves it: status "running", the outputs in the journal, the claim of a
/// process that is gone.
fn interrupted_run(plan: &Path, h: &Path) -> i64 {
    let p = provestein::Plan::load(plan).unwrap();
    let history = std::sync::Arc::new(History::open(h).unwrap());
    let id = history.begin(&p, plan, "tester").unwrap();
    let mut ctl = common::control();
    ctl.journal = Some(history.journal(id));
    provestein::run(&p, &ctl).unwrap();
    let mut gone = Command::new("true").spawn().unwrap();
    let pid = gone.id();
    gone.wait().unwrap();
    let db = rusqlite::Connection::open(h).unwrap();
    // (Before claims existed there was no column: the same test then shows the reproduction.)
    let _ = db.execute("UPDATE runs SET claim_pid = ?1 WHERE id = ?2", (pid, id));
    id
}

fn verify(h: &Path) -> (Option<i32>, String) {
    let o = provestein(&["history", "verify"], h);
    (o.status.code(), text(&o))
}

fn report(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("report.json")).unwrap()).unwrap()
}

#[test]
fn an_edited_journal_is_caught_by_verify_and_refused_by_resume() {
    let dir = tempfile::tempdir().unwrap();
    let plan = csv_plan(dir.path());
    let h = dir.path().join("h.sqlite");
    let id = interrupted_run(&plan, &h);
    let (code, out) = verify(&h);
    assert_eq!(code, Some(0), "{out}");

    let db = rusqlite::Connection::open(&h).unwrap();
    // The reproduction: the model's outputs for ten cases turned round, which changes the AUC
    // the resumed run would report.
    let units: Vec<(String, f64)> = db
        .prepare("SELECT unit, score FROM outcomes ORDER BY unit LIMIT 10")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let set = |score: &dyn Fn(f64) -> f64| {
        for (unit, s) in &units {
            db.execute(
                "UPDATE outcomes SET score = ?1 WHERE unit = ?2",
                (score(*s), unit),
            )
            .unwrap();
        }
    };
    set(&|s| 1.0 - s);
    let (code, out) = verify(&h);
    assert_eq!(code, Some(1), "{out}");
    let records: i64 = db
        .query_row(
            "SELECT count(*) FROM journal WHERE run_id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(records, 11, "one journal record per batch of 16");
    let batch_of = |unit: &str| -> i64 {
        db.query_row("SELECT batch FROM outcomes WHERE unit = ?1", [unit], |r| {
            r.get(0)
        })
        .unwrap()
    };
    let first = units.iter().map(|u| batch_of(&u.0)).min().unwrap();
    assert!(
        out.contains(&format!("BROKEN at run #{id}"))
            && out.contains(&format!("journal record {first} was changed")),
        "{out}"
    );
    let o = provestein(
        &[
            "batch",
            plan.to_str().unwrap(),
            "--out",
            dir.path().join("resumed").to_str().unwrap(),
            "--resume",
        ],
        &h,
    );
    assert_eq!(o.status.code(), Some(5), "{}", text(&o));
    assert!(
        text(&o).contains(&format!("run #{id} is not resumed"))
            && text(&o).contains("Start a new run")
            && text(&o).contains(&format!("journal record {first}")),
        "{}",
        text(&o)
    );
    assert!(!dir.path().join("resumed/report.json").exists());

    // Put back as recorded, the journal verifies and the run resumes to the numbers of a run
    // never interrupted.
    set(&|_| 0.0);
    for (unit, s) in &units {
        db.execute("UPDATE outcomes SET score = ?1 WHERE unit = ?2", (s, unit))
            .unwrap();
    }
    let (code, out) = verify(&h);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("the journal of 1 unfinished run"), "{out}");

    // Other edits, each undone after: a row deleted, a row added outside any record, a row
    // moved to another record, an exclusion's reason, a record deleted, the begin record.
    let history = History::open(&h).unwrap();
    let broken = |why: &str| {
        let v = history.verify().unwrap();
        let b = v.broken.unwrap_or_else(|| panic!("{why}: not caught"));
        assert_eq!(b.run, id, "{why}");
        b.reason
    };
    let (unit, score) = units[0].clone();
    let batch = batch_of(&unit);
    let source: String = db
        .query_row(
            "SELECT source FROM outcomes WHERE unit = ?1",
            [&unit],
            |r| r.get(0),
        )
        .unwrap();
    db.execute("DELETE FROM outcomes WHERE unit = ?1", [&unit])
        .unwrap();
    assert!(broken("deleted row").contains("there now"));
    db.execute(
        "INSERT INTO outcomes (run_id, source, unit, score, batch) VALUES (?1, ?2, ?3, ?4, NULL)",
        (id, &source, &unit, score),
    )
    .unwrap();
    assert!(broken("row outside any record").contains("in no journal record"));
    db.execute(
        "UPDATE outcomes SET batch = ?1 WHERE unit = ?2",
        (batch % 11 + 1, &unit),
    )
    .unwrap();
    broken("row moved to another record");
    db.execute(
        "UPDATE outcomes SET batch = ?1 WHERE unit = ?2",
        (batch, &unit),
    )
    .unwrap();
    assert!(history.verify().unwrap().broken.is_none(), "restored");
    db.execute(
        "UPDATE outcomes SET score = NULL, reason = 'bad_score', detail = 'x' WHERE unit = ?1",
        [&unit],
    )
    .unwrap();
    broken("scored unit made an exclusion");
    db.execute(
        "UPDATE outcomes SET score = ?1, reason = NULL, detail = NULL WHERE unit = ?2",
        (score, &unit),
    )
    .unwrap();
    let record: (i64, String) = db
        .query_row(
            "SELECT n, hash FROM journal WHERE run_id = ?1 AND seq = 3",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    db.execute("DELETE FROM journal WHERE run_id = ?1 AND seq = 3", [id])
        .unwrap();
    assert!(broken("record deleted").contains("record 3 is missing"));
    db.execute(
        "INSERT INTO journal (run_id, seq, n, hash) VALUES (?1, 3, ?2, ?3)",
        (id, record.0, &record.1),
    )
    .unwrap();
    db.execute("UPDATE runs SET user = 'someone else' WHERE id = ?1", [id])
        .unwrap();
    assert!(broken("begin record").contains("begin record"));
    db.execute("UPDATE runs SET user = 'tester' WHERE id = ?1", [id])
        .unwrap();
    assert!(history.verify().unwrap().broken.is_none(), "all restored");
    drop(history);

    let resumed = dir.path().join("resumed");
    common::resume_and_expect(&plan, &resumed, &h, id, 171);
    let whole = dir.path().join("whole");
    let o = provestein(
        &[
            "batch",
            plan.to_str().unwrap(),
            "--out",
            whole.to_str().unwrap(),
            "--quiet",
        ],
        &dir.path().join("h2.sqlite"),
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(
        report(&resumed)["overall"],
        report(&whole)["overall"],
        "the same numbers as a run never interrupted"
    );
    let (code, out) = verify(&h);
    assert_eq!(code, Some(0), "{out}");
    let journal: i64 = db
        .query_row("SELECT count(*) FROM journal", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        journal, 0,
        "a finished run's journal is dropped with its outcomes"
    );
}

/// Two quick runs of the sample plans into a fresh history.
fn two_runs(dir: &Path) -> PathBuf {
    let h = dir.join("history.sqlite");
    for (plan, out) in [
        ("breast-cancer/plan.toml", "a"),
        ("breast-cancer/plan-vendor-scores.toml", "b"),
    ] {
        let plan = root().join("sample-studies").join(plan);
        let o = provestein(
            &[
                "batch",
                plan.to_str().unwrap(),
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

fn delete_run(h: &Path, id: i64) {
    let db = rusqlite::Connection::open(h).unwrap();
    db.execute_batch(&format!(
        "PRAGMA foreign_keys = OFF; DELETE FROM case_blobs WHERE run_id = {id};
         DELETE FROM runs WHERE id = {id};"
    ))
    .unwrap();
}

#[test]
fn a_removed_last_run_is_detected_through_the_anchor() {
    let dir = tempfile::tempdir().unwrap();
    let h = two_runs(dir.path());
    let anchor = dir.path().join("history.sqlite.anchor");
    let backup = dir.path().join("backup.sqlite");
    rusqlite::Connection::open(&h)
        .unwrap()
        .execute("VACUUM INTO ?1", [backup.to_str().unwrap()])
        .unwrap();

    // The reproduction: the last run deleted; what remains still links.
    delete_run(&h, 2);
    let (code, out) = verify(&h);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("BROKEN at run #2")
            && out.contains("records 2 finished runs up to run #2, but the history holds 1")
            && out.contains("removed"),
        "{out}"
    );

    // An anchor behind the chain (a process killed between commit and anchor) is accepted and
    // moved forward; one that names another record is not.
    std::fs::copy(&backup, &h).unwrap();
    let _ = std::fs::remove_file(dir.path().join("history.sqlite-wal"));
    let written = std::fs::read_to_string(&anchor).expect("an anchor after each run");
    assert!(written.contains("records 2\nrun 2\n"), "{written}");
    let (code, out) = verify(&h);
    assert_eq!(code, Some(0), "{out}");
    assert!(!out.contains("note:"), "{out}");
    let behind = written.replace("records 2\nrun 2\n", "records 1\nrun 1\n");
    let head1 = {
        let db = rusqlite::Connection::open(&h).unwrap();
        db.query_row("SELECT hash FROM runs WHERE id = 1", [], |r| {
            r.get::<_, String>(0)
        })
        .unwrap()
    };
    let head_line = written.lines().nth(3).unwrap().to_string();
    std::fs::write(
        &anchor,
        behind.replace(&head_line, &format!("head {head1}")),
    )
    .unwrap();
    let (code, out) = verify(&h);
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(std::fs::read_to_string(&anchor).unwrap(), written, "moved");
    std::fs::write(&anchor, written.replace("run 2\n", "run 1\n")).unwrap();
    let (code, out) = verify(&h);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("rewritten"), "{out}");
    std::fs::write(&anchor, "not an anchor").unwrap();
    let (code, out) = verify(&h);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("not an anchor Prøvestein wrote"), "{out}");

    // An older history has none: verify makes it, with a note, not an error.
    std::fs::remove_file(&anchor).unwrap();
    let (code, out) = verify(&h);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("note: there was no anchor"), "{out}");
    assert_eq!(std::fs::read_to_string(&anchor).unwrap(), written);
    // What the anchor cannot show: the last run and the anchor removed together read as an
    // older history (the note says to compare the head with one written down).
    delete_run(&h, 2);
    std::fs::remove_file(&anchor).unwrap();
    let (code, out) = verify(&h);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("compare the head hash"), "{out}");
}

fn spawn_batch(plan: &str, out: &Path, h: &Path, resume: bool) -> std::process::Child {
    let mut c = Command::new(env!("CARGO_BIN_EXE_provestein"));
    c.args(["batch", plan, "--out", out.to_str().unwrap(), "--quiet"]);
    if resume {
        c.arg("--resume");
    }
    c.arg("--history")
        .arg(h)
        .env("ORT_DYLIB_PATH", onnxruntime())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits until more than `n` outputs are recorded while `child` runs.
fn wait_for_outputs(h: &Path, child: &mut std::process::Child, n: i64) -> i64 {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(120) {
        let got = common::outcomes_recorded(h);
        if got > n {
            return got;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before the test could act; make the cohort larger"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("no output recorded in time");
}

#[test]
fn a_second_resume_of_a_run_is_refused_while_its_process_lives() {
    let dir = tempfile::tempdir().unwrap();
    let plan = common::big_imaging_cohort(dir.path(), 16);
    let plan = plan.to_str().unwrap();
    let h = dir.path().join("h.sqlite");
    let out = dir.path().join("out");

    let mut first = spawn_batch(plan, &out, &h, false);
    wait_for_outputs(&h, &mut first, 20);
    // While the first process runs it, the run is not resumed (it is not interrupted).
    let x = dir.path().join("x");
    let o = provestein(
        &["batch", plan, "--out", x.to_str().unwrap(), "--resume"],
        &h,
    );
    assert_eq!(o.status.code(), Some(5), "{}", text(&o));
    assert!(
        text(&o).contains(&format!(
            "run #1 is being run by process {} on host",
            first.id()
        )),
        "{}",
        text(&o)
    );
    first.kill().unwrap(); // SIGKILL: the claim stays in the row, stale
    first.wait().unwrap();

    let kept = common::outcomes_recorded(&h);
    let mut second = spawn_batch(plan, &out, &h, true);
    wait_for_outputs(&h, &mut second, kept);
    // The reproduction: a second --resume of the same run at the same time.
    let y = dir.path().join("y");
    let o = provestein(
        &["batch", plan, "--out", y.to_str().unwrap(), "--resume"],
        &h,
    );
    assert_eq!(o.status.code(), Some(5), "{}", text(&o));
    let said = text(&o);
    assert!(
        said.contains(&format!(
            "run #1 is being resumed by process {} on host",
            second.id()
        )) && said.contains(" since 20")
            && !said.contains("database is locked")
            && !said.contains("constraint"),
        "{said}"
    );
    // Verified while it records: one snapshot, never half a batch.
    for _ in 0..3 {
        let (code, out) = verify(&h);
        assert_eq!(code, Some(0), "{out}");
    }
    let done = second.wait_with_output().unwrap();
    assert_eq!(
        done.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let (code, out) = verify(&h);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("chain of 1 finished run is intact"), "{out}");
}

/// A history of schema 2 (before the journal was chained) with an interrupted run: it opens
/// and verifies, that run is not resumed (its journal cannot be checked), a new run goes in,
/// and the file is schema 3 after.
#[test]
fn a_schema_2_history_verifies_and_takes_new_runs() {
    let dir = tempfile::tempdir().unwrap();
    let plan = csv_plan(dir.path());
    let sha = provestein::Plan::load(&plan)
        .unwrap()
        .source_sha256
        .unwrap();
    let h = dir.path().join("v2.sqlite");
    let db = rusqlite::Connection::open(&h).unwrap();
    db.execute_batch(SCHEMA_2).unwrap();
    db.execute(
        "INSERT INTO runs (id, status, started, user, study, plan_path, plan_toml, plan_sha256,
         software) VALUES (1, 'running', '2026-01-01T00:00:00Z', 'u', 's', 'p', '', ?1, 'v')",
        [&sha],
    )
    .unwrap();
    db.execute(
        "INSERT INTO outcomes (run_id, source, unit, score) VALUES (1, 'main x y', '1', 0.5)",
        [],
    )
    .unwrap();
    drop(db);
    let (code, out) = verify(&h);
    assert_eq!(code, Some(0), "{out}");
    let o = provestein(
        &[
            "batch",
            plan.to_str().unwrap(),
            "--out",
            dir.path().join("z").to_str().unwrap(),
            "--resume",
        ],
        &h,
    );
    assert_eq!(o.status.code(), Some(5), "{}", text(&o));
    assert!(
        text(&o).contains("run #1 was begun by an older Prøvestein")
            && text(&o).contains("start a new run"),
        "{}",
        text(&o)
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
    let (code, out) = verify(&h);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("chain of 1 finished run is intact"), "{out}");
    let db = rusqlite::Connection::open(&h).unwrap();
    let schema: String = db
        .query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(schema, "3");
}

/// The tables as history schema 2 made them (src/history/mod.rs before schema 3).
const SCHEMA_2: &str = "
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES ('schema', '2');
CREATE TABLE runs (id INTEGER PRIMARY KEY, status TEXT NOT NULL, started TEXT NOT NULL,
    finished TEXT, user TEXT NOT NULL, study TEXT NOT NULL, plan_path TEXT NOT NULL,
    plan_toml TEXT NOT NULL, plan_sha256 TEXT NOT NULL, model_sha256 TEXT, cohort_sha256 TEXT,
    predictions_sha256 TEXT, software TEXT NOT NULL, onnxruntime TEXT, verdict TEXT,
    report_json TEXT, report_pdf BLOB, error TEXT, chain_seq INTEGER UNIQUE, prev_hash TEXT,
    hash TEXT);
CREATE INDEX runs_by_cohort ON runs (cohort_sha256);
CREATE TABLE outcomes (run_id INTEGER NOT NULL REFERENCES runs(id), source TEXT NOT NULL,
    unit TEXT NOT NULL, score REAL, reason TEXT, detail TEXT,
    PRIMARY KEY (run_id, source, unit)) WITHOUT ROWID;
CREATE TABLE case_blobs (run_id INTEGER PRIMARY KEY REFERENCES runs(id), format TEXT NOT NULL,
    n INTEGER NOT NULL, data BLOB NOT NULL);
CREATE TABLE cases (run_id INTEGER NOT NULL REFERENCES runs(id), seq INTEGER NOT NULL,
    case_id TEXT NOT NULL, label INTEGER NOT NULL, score REAL NOT NULL,
    subgroups TEXT NOT NULL, PRIMARY KEY (run_id, seq)) WITHOUT ROWID;
CREATE TABLE pseudonyms (pseudonym TEXT PRIMARY KEY, original TEXT NOT NULL) WITHOUT ROWID;
";
