//! What a newcomer meets first (issue 20): the README's sample command keeps its run out of the
//! user's audit trail and puts `provestein` on PATH.

use std::process::Command;

use crate::common::{onnxruntime, root};

/// `scripts/sample.sh` as the README runs it (the binary built by cargo for this test instead of
/// a release build; a home folder of its own): PASS, its run in a history under its output
/// folder, none in the default history, and the binary linked into ~/.local/bin.
#[test]
fn sample_script_keeps_the_default_history_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&home).unwrap();
    let exe = env!("CARGO_BIN_EXE_provestein");
    let run = Command::new("bash")
        .arg(root().join("scripts/sample.sh"))
        .arg("--quiet")
        .env("HOME", &home)
        .env_remove("XDG_DATA_HOME")
        .env_remove("PROVESTEIN_HISTORY")
        .env_remove("PROVESTEIN_BIN_DIR")
        .env("PROVESTEIN_EXE", exe)
        .env("PROVESTEIN_SAMPLE_OUT", &out)
        .env("ORT_DYLIB_PATH", onnxruntime())
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(run.status.code(), Some(0), "sample.sh: {said}");
    assert!(out.join("breast-cancer/report.pdf").is_file(), "{said}");

    // The default history (HOME/.local/share/provestein) was never created…
    let default = home.join(".local/share/provestein");
    assert!(
        !default.exists(),
        "the sample wrote into the default history folder {}: {said}",
        default.display()
    );
    // …and the run is in the samples' own.
    let history = out.join("history.sqlite");
    let list = Command::new(exe)
        .args(["history", "list", "--json", "--history"])
        .arg(&history)
        .output()
        .unwrap();
    assert!(list.status.success(), "{list:?}");
    let runs: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(runs.as_array().map(Vec::len), Some(1), "{runs}");

    // The binary is on the conventional PATH folder, pointing at the build.
    let link = home.join(".local/bin/provestein");
    assert_eq!(
        std::fs::canonicalize(&link).unwrap(),
        std::fs::canonicalize(exe).unwrap()
    );
    assert!(said.contains("not on your PATH"), "{said}");
}

/// `history mark` labels a finished run as a test run without touching the chain; `history
/// remove` takes an unfinished run away (listed as removed, the chain still verifying), refuses
/// a finished one and one a live process holds.
#[test]
fn a_test_run_is_marked_and_an_unfinished_run_removed_with_the_chain_intact() {
    use crate::common::{output_text as text, with_history as provestein};
    use provestein::history::{History, RunStatus};

    let dir = tempfile::tempdir().unwrap();
    let h = dir.path().join("history.sqlite");
    let plan = root().join("sample-studies/breast-cancer/plan.toml");
    let o = provestein(
        &[
            "batch",
            plan.to_str().unwrap(),
            "--out",
            dir.path().join("a").to_str().unwrap(),
            "--quiet",
        ],
        &h,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // Run 2: cancelled after recording outputs; run 3: held by this (live) test process.
    let loaded = provestein::Plan::load(&plan).unwrap();
    let history = std::sync::Arc::new(History::open(&h).unwrap());
    let cancelled = history.begin(&loaded, &plan, "tester").unwrap();
    let mut ctl = crate::common::control();
    ctl.journal = Some(history.journal(cancelled));
    provestein::run(&loaded, &ctl).unwrap();
    history
        .abandon(cancelled, RunStatus::Cancelled, "stopped by the user")
        .unwrap();
    let held = history.begin(&loaded, &plan, "tester").unwrap();
    drop(history);

    let ok = |args: &[&str]| {
        let o = provestein(args, &h);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", text(&o));
        text(&o)
    };
    let said = ok(&["history", "mark", "1", "--note", "my first try"]);
    assert!(said.contains("Run #1 is marked as a test run"), "{said}");
    let runs: serde_json::Value =
        serde_json::from_str(&ok(&["history", "list", "--json"])).unwrap();
    assert_eq!(runs[0]["test"]["note"], "my first try", "{runs}");
    assert!(runs[1].get("test").is_none(), "{runs}");
    let list = ok(&["history", "list"]);
    assert!(list.contains("test run: #1, marked by"), "{list}");
    assert!(ok(&["history", "verify"]).contains("is intact"));

    // A finished run stays: it is a link of the chain.
    let o = provestein(&["history", "remove", "1"], &h);
    assert_eq!(o.status.code(), Some(5), "{}", text(&o));
    assert!(text(&o).contains("part of the audit chain"), "{}", text(&o));
    // A run a live process holds stays.
    let o = provestein(&["history", "remove", &held.to_string()], &h);
    assert_eq!(o.status.code(), Some(5), "{}", text(&o));
    assert!(text(&o).contains("may still be running it"), "{}", text(&o));

    // The cancelled run goes, with its journal; its removal is listed; the chain holds.
    let said = ok(&["history", "remove", &cancelled.to_string()]);
    assert!(
        said.contains(&format!("Removed run #{cancelled} (cancelled")),
        "{said}"
    );
    assert!(said.contains("171 model outputs recorded"), "{said}");
    let runs: serde_json::Value =
        serde_json::from_str(&ok(&["history", "list", "--json"])).unwrap();
    let ids: Vec<i64> = runs
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![1, held], "{runs}");
    let list = ok(&["history", "list"]);
    assert!(
        list.contains(&format!("removed: run #{cancelled} (cancelled")),
        "{list}"
    );
    let verified = ok(&["history", "verify"]);
    assert!(verified.contains("is intact"), "{verified}");
    let db = rusqlite::Connection::open(&h).unwrap();
    let left: i64 = db
        .query_row(
            "SELECT (SELECT count(*) FROM outcomes WHERE run_id = ?1) + (SELECT count(*) FROM journal WHERE run_id = ?1)",
            [cancelled],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0);

    let said = ok(&["history", "mark", "1", "--clear"]);
    assert!(said.contains("no longer marked"), "{said}");
    let o = provestein(&["history", "mark", "99"], &h);
    assert_eq!(o.status.code(), Some(5), "{}", text(&o));
}

/// The imaging demo's plan in `dir`, with absolute paths and `edit` applied to its text.
fn imaging_plan(dir: &std::path::Path, edit: impl Fn(String) -> String) -> std::path::PathBuf {
    crate::common::write_plan(dir, &edit(crate::common::imaging_demo_plan()))
}

fn check(plan: &std::path::Path) -> (Option<i32>, String, String) {
    let o = crate::common::cli()
        .arg("check")
        .arg(plan)
        .env("ORT_DYLIB_PATH", onnxruntime())
        .output()
        .unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// `check` opens what the plan names: the demos pass with each file described; a missing
/// cohort, a text file named as the model, a labels column that is not there and a folder
/// without DICOM files are each named, with `batch`'s exit code for them.
#[test]
fn check_opens_every_file_the_plan_names() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = check(&imaging_plan(dir.path(), |t| t));
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(
        out.contains("model ") && out.contains("loads in ONNX Runtime; input \"image\""),
        "{out}"
    );
    assert!(
        out.contains("manifest ") && out.contains("a vendor manifest"),
        "{out}"
    );
    assert!(
        out.contains("cohort folder ") && out.contains("holds DICOM files"),
        "{out}"
    );
    assert!(
        out.contains("labels ") && out.contains("with every column the plan names"),
        "{out}"
    );
    let (code, out, err) = check(&root().join("sample-studies/breast-cancer/plan.toml"));
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(
        out.contains("cohort ") && out.contains("a table of 33 columns"),
        "{out}"
    );

    // A missing labels column: named, with the columns there are.
    let (code, out, err) = check(&imaging_plan(dir.path(), |t| {
        t.replace("label = \"label\"", "label = \"diagnosis\"")
    }));
    assert_eq!(code, Some(3), "{out}{err}");
    assert!(out.contains("valid plan"), "{out}");
    assert!(err.contains("has no column \"diagnosis\""), "{err}");
    assert!(
        err.contains("\"label\""),
        "the columns present are listed: {err}"
    );

    // A text file named as the model: ONNX Runtime cannot open it (exit 4, as batch).
    let fake = dir.path().join("model.onnx");
    std::fs::write(&fake, "this is not a model\n").unwrap();
    let (code, out, err) = check(&imaging_plan(dir.path(), |t| {
        t.replace(
            &format!("\"{}\"", root().join("models/blob_detector.onnx").display()),
            &format!("\"{}\"", fake.display()),
        )
    }));
    assert_eq!(code, Some(4), "{out}{err}");
    assert!(
        err.contains("model.onnx") && err.contains("cannot open it"),
        "{err}"
    );

    // A missing cohort folder, and one holding no DICOM file.
    let (code, _, err) = check(&imaging_plan(dir.path(), |t| {
        t.replace("imaging-demo/images\"", "imaging-demo/no-such-folder\"")
    }));
    assert_eq!(code, Some(3), "{err}");
    assert!(
        err.contains("cannot read cohort folder") && err.contains("no-such-folder"),
        "{err}"
    );
    let texts = dir.path().join("texts");
    std::fs::create_dir_all(&texts).unwrap();
    std::fs::write(texts.join("README.txt"), "exported by PACS\n").unwrap();
    let (code, _, err) = check(&imaging_plan(dir.path(), |t| {
        t.replace(
            &format!(
                "\"{}\"",
                root().join("sample-studies/imaging-demo/images").display()
            ),
            &format!("\"{}\"", texts.display()),
        )
    }));
    assert_eq!(code, Some(3), "{err}");
    assert!(
        err.contains("reads as DICOM") && err.contains("README.txt"),
        "{err}"
    );

    // A missing cohort CSV.
    let bc = std::fs::read_to_string(root().join("sample-studies/breast-cancer/plan.toml"))
        .unwrap()
        .replace(
            "\"../../models/",
            &format!("\"{}/", root().join("models").display()),
        )
        .replace("path = \"cohort.csv\"", "path = \"missing.csv\"");
    let (code, out, err) = check(&crate::common::write_plan(dir.path(), &bc));
    assert_eq!(code, Some(3), "{out}{err}");
    assert!(
        err.contains("cannot read cohort") && err.contains("missing.csv"),
        "{err}"
    );
    assert!(
        out.contains("loads in ONNX Runtime"),
        "the model is still checked: {out}"
    );
}

/// `batch` finds an output folder it cannot write before it reads a case: the cohort here does
/// not exist, and the error is the output folder's, with exit 5 and nothing recorded.
#[test]
fn batch_refuses_an_unwritable_out_before_reading_a_case() {
    let dir = tempfile::tempdir().unwrap();
    let bc = std::fs::read_to_string(root().join("sample-studies/breast-cancer/plan.toml"))
        .unwrap()
        .replace(
            "\"../../models/",
            &format!("\"{}/", root().join("models").display()),
        )
        .replace("path = \"cohort.csv\"", "path = \"missing.csv\"");
    let plan = crate::common::write_plan(dir.path(), &bc);
    // A folder under a regular file cannot be made, by root either.
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "x").unwrap();
    let history = dir.path().join("history.sqlite");
    let o = crate::common::with_history(
        &[
            "batch",
            plan.to_str().unwrap(),
            "--out",
            blocker.join("out").to_str().unwrap(),
            "--quiet",
        ],
        &history,
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(5), "{err}");
    assert!(
        err.contains("cannot write") && err.contains("not-a-folder"),
        "{err}"
    );
    assert!(
        !err.contains("missing.csv"),
        "the cohort was not opened first: {err}"
    );
    assert!(
        !history.exists(),
        "no run was begun: the history was not even opened"
    );
}

/// The desktop app without a display: its own exit code (7) and a message saying what to do,
/// with no source path of a dependency in it.
#[test]
fn the_app_without_a_display_says_so_with_its_own_exit_code() {
    let o = crate::common::cli()
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(7), "{err}");
    assert!(
        err.contains("no display") && err.contains("provestein batch PLAN --out DIR"),
        "{err}"
    );
    assert!(!err.contains(".rs:") && !err.contains("/.cargo/"), "{err}");
}
