//! The one session `batch` and the app run (`provestein::session`): both call it and nothing
//! else begins, finishes or abandons a run; an explanation that fails leaves the verdict, the
//! exit code and the history entry as they are.

use crate::common;

use std::path::Path;

use common::{output_text as text, root, with_history as provestein};
use provestein::i18n::Lang;

fn report(dir: &Path) -> serde_json::Value {
    let mut r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("report.json")).unwrap()).unwrap();
    r.as_object_mut().unwrap().remove("provenance");
    r
}

fn runs(h: &Path) -> serde_json::Value {
    let o = provestein(&["history", "list", "--json"], h);
    assert!(o.status.success(), "{}", text(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// The occlusion maps cannot be written (a file where their folder would be): a warning, and
/// everything else exactly as in the run without maps.
#[test]
fn a_failing_explanation_leaves_verdict_exit_code_and_status_alone() {
    let dir = tempfile::tempdir().unwrap();
    let plan = common::write_plan(dir.path(), &common::imaging_demo_plan());
    let plan = plan.to_str().unwrap();

    let plain = dir.path().join("plain");
    let h_plain = dir.path().join("plain.sqlite");
    let o = provestein(
        &["batch", plan, "--out", plain.to_str().unwrap(), "-q"],
        &h_plain,
    );
    let code = o.status.code();
    assert!(code.is_some_and(|c| c <= 2), "{}", text(&o));

    let out = dir.path().join("explained");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("explain"), "a file, not a folder").unwrap();
    let h = dir.path().join("h.sqlite");
    let o = provestein(
        &[
            "batch",
            plan,
            "--out",
            out.to_str().unwrap(),
            "--explain",
            "fn,fp",
        ],
        &h,
    );
    let said = text(&o);
    assert_eq!(o.status.code(), code, "the exit code stands: {said}");
    assert!(
        said.contains("warning: no occlusion maps were made (cannot write"),
        "{said}"
    );
    assert!(said.contains("Recorded as run #1"), "{said}");
    // report.json is as without --explain but for the failure, which the report states in
    // each language (the reason as the run's English warning gave it).
    let mut explained = report(&out);
    let failures = explained
        .as_object_mut()
        .unwrap()
        .remove("occlusion_failures")
        .unwrap_or_else(|| panic!("no occlusion_failures in report.json: {said}"));
    assert_eq!(failures.as_array().map(Vec::len), Some(1), "{failures}");
    let reason = failures[0].as_str().unwrap();
    assert!(
        reason.starts_with("no occlusion maps were made (cannot write") && said.contains(reason),
        "{reason}"
    );
    assert_eq!(
        explained,
        report(&plain),
        "report.json (verdict included) as without --explain"
    );
    assert!(report(&plain).get("occlusion_failures").is_none());
    let eval = provestein::report::json::read(
        &std::fs::read_to_string(out.join("report.json")).unwrap(),
        "report.json",
    )
    .unwrap();
    for (lang, words) in [
        (Lang::En, "Not every occlusion map asked for could be made;"),
        (
            Lang::Nb,
            "Ikke alle okklusjonskart som ble bestilt, kunne lages;",
        ),
    ] {
        let text = crate::plurals::report_text(&eval, lang);
        let at = text
            .find(words)
            .unwrap_or_else(|| panic!("{lang:?}: {words}"));
        assert!(
            text[at..].contains("): no occlusion maps were made (cannot write"),
            "{lang:?}: {}",
            &text[at..]
        );
    }
    assert!(out.join("report.pdf").exists());
    let (a, b) = (runs(&h), runs(&h_plain));
    assert_eq!(a[0]["status"], "done", "{a}");
    assert_eq!(a[0]["verdict"], b[0]["verdict"]);
    assert_eq!(a[0]["n"], b[0]["n"]);
    // The history keeps the very report.pdf written, not a second rendering.
    let stored = provestein::history::History::open(&h)
        .unwrap()
        .get(1)
        .unwrap()
        .report_pdf;
    assert_eq!(stored, Some(std::fs::read(out.join("report.pdf")).unwrap()));
}

/// `batch` and the app begin, resume, finish and abandon runs only through the session: the
/// steps it owns are called nowhere else in the binary.
#[test]
fn batch_and_the_app_share_one_session() {
    let read = |rel: &str| std::fs::read_to_string(root().join(rel)).unwrap();
    let (main, app) = (read("src/main.rs"), read("src/gui/app.rs"));
    for (name, text) in [("src/main.rs", &main), ("src/gui/app.rs", &app)] {
        assert!(text.contains("Session::start("), "{name} starts no session");
        for own in [
            "provestein::run(",
            ".begin(",
            ".resume(",
            ".abandon(",
            ".finish(",
            "decide_prespecification",
            "write_maps(",
        ] {
            assert!(
                !text.contains(own),
                "{name} calls {own} itself: that is the session's (crates/engine/src/session.rs)"
            );
        }
    }
}
