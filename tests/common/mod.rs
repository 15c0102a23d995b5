//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

pub fn json(rel: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(fixture(rel)).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The ONNX Runtime library the tests run models with. Missing is a failure, not a skip:
/// `bash scripts/test.sh` installs it, and a test that silently skips cannot fail.
pub fn onnxruntime() -> PathBuf {
    let p = std::env::var_os("ORT_DYLIB_PATH")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join(".ort/libonnxruntime.so"));
    assert!(
        p.exists(),
        "ONNX Runtime not found at {}: run `bash scripts/setup.sh` first",
        p.display()
    );
    p
}

/// Writes `text` as plan.toml in `dir` and returns its path.
pub fn write_plan(dir: &Path, text: &str) -> PathBuf {
    let p = dir.join("plan.toml");
    std::fs::write(&p, text).unwrap();
    p
}

pub fn assert_close(what: &str, got: f64, want: f64, tol: f64) {
    assert!(
        (got - want).abs() <= tol,
        "{what}: got {got:.15}, peer {want:.15}, diff {:.3e} > {tol:e}",
        (got - want).abs()
    );
}

/// The 30 feature names of the breast-cancer model, in model order, as TOML array text.
pub fn bc_features() -> String {
    let header = std::fs::read_to_string(root().join("sample-studies/breast-cancer/cohort.csv"))
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();
    let names: Vec<String> = header
        .split(',')
        .skip(1)
        .take(30)
        .map(|s| format!("\"{s}\""))
        .collect();
    format!("[{}]", names.join(", "))
}

/// `provestein` as the tests run it: its run history in a file of this test process, never in
/// the developer's own (~/.local/share/provestein).
pub fn cli() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_provestein"));
    let history = user_dir().join(format!("history-{}.sqlite", std::process::id()));
    c.env("PROVESTEIN_HISTORY", history);
    c
}

/// The binary with `args` and `--history history`, run to completion.
pub fn with_history(args: &[&str], history: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_provestein"))
        .args(args)
        .arg("--history")
        .arg(history)
        .env("ORT_DYLIB_PATH", onnxruntime())
        .output()
        .unwrap()
}

/// `provestein batch PLAN --out OUT --no-history`, run to completion: its exit code and what it
/// printed (stdout then stderr).
pub fn batch(plan: &Path, out: &Path) -> (Option<i32>, String) {
    let o = cli()
        .args(["batch"])
        .arg(plan)
        .arg("--out")
        .arg(out)
        .arg("--no-history")
        .env("ORT_DYLIB_PATH", onnxruntime())
        .output()
        .unwrap();
    (o.status.code(), output_text(&o))
}

/// What a command printed, stdout then stderr.
pub fn output_text(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The imaging demo's plan with every path in it made absolute (images, labels, model,
/// manifest), so a test can write a variant of it anywhere.
pub fn imaging_demo_plan() -> String {
    let demo = root().join("sample-studies/imaging-demo");
    std::fs::read_to_string(demo.join("plan.toml"))
        .unwrap()
        .replace(
            "path = \"images\"",
            &format!("path = \"{}\"", demo.join("images").display()),
        )
        .replace(
            "labels = \"labels.csv\"",
            &format!("labels = \"{}\"", demo.join("labels.csv").display()),
        )
        .replace(
            "path = \"../../models/",
            &format!("path = \"{}/", root().join("models").display()),
        )
        .replace(
            "manifest = \"vendor/",
            &format!("manifest = \"{}/", demo.join("vendor").display()),
        )
}

/// An imaging plan's text with the vendor's scores (`scores`, joined on `file`) in place of its
/// model: its [model] and [preprocess] sections go, a [predictions] section comes.
pub fn vendor_scored(plan: &str, scores: &Path) -> String {
    let model = plan.find("[model]").unwrap();
    let cohort = plan.find("[cohort]").unwrap();
    let pre = plan.find("[preprocess]").unwrap();
    let analysis = plan.find("[analysis]").unwrap();
    format!(
        "{}[predictions]\npath = \"{}\"\nid = \"file\"\nscore = \"score\"\n\n{}{}",
        &plan[..model],
        scores.display(),
        &plan[cohort..pre],
        &plan[analysis..]
    )
}

/// The pseudonym key the tests use: beside the history `cli()` gives the binary (so a test's
/// library runs and its `batch` runs name cases alike), never the developer's own.
pub fn pseudonym_key() -> PathBuf {
    user_dir().join(provestein::privacy::pseudonym::KEY_FILE)
}

/// This user's folder for the tests' histories, pseudonym key and kept reports. Per user: a key
/// that another user's test run left in /tmp is theirs alone (0600), and every imaging test of a
/// second user then failed on it (seen with a newcomer's account beside root's runs).
pub fn user_dir() -> PathBuf {
    // SAFETY: getuid has no preconditions and cannot fail.
    let uid = unsafe { libc::getuid() };
    let dir = std::env::temp_dir().join(format!("provestein-tests-{uid}"));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

/// How outputs name a DICOM case whose path or UID is `original`.
pub fn pseudonym(original: &str) -> String {
    provestein::privacy::Pseudonymizer::load_or_create(&pseudonym_key())
        .unwrap()
        .pseudonym(original)
}

/// A silent run control with the tests' pseudonym key and ONNX Runtime.
pub fn control() -> provestein::Control {
    let mut ctl = provestein::Control::silent();
    ctl.onnxruntime = Some(onnxruntime());
    ctl.pseudonym_key = Some(pseudonym_key());
    ctl
}

/// The line (1 = header) of the labels CSV row whose first column is `key`.
pub fn labels_line(labels: &Path, key: &str) -> u64 {
    let text = std::fs::read_to_string(labels).unwrap();
    text.lines()
        .position(|l| l.split(',').next() == Some(key))
        .unwrap_or_else(|| panic!("{key} not in {}", labels.display())) as u64
        + 1
}

/// The imaging demo copied `copies` times, scored in batches of 4: a cohort large enough that
/// a run can be killed, resumed or verified while the model is still scoring it.
pub fn big_imaging_cohort(dir: &Path, copies: usize) -> PathBuf {
    let demo = root().join("sample-studies/imaging-demo");
    let images = dir.join("images");
    let labels = std::fs::read_to_string(demo.join("labels.csv")).unwrap();
    let mut rows = vec![labels.lines().next().unwrap().to_string()];
    for k in 0..copies {
        let to = images.join(format!("copy-{k:02}"));
        for e in walkdir::WalkDir::new(demo.join("images")) {
            let e = e.unwrap();
            if e.file_type().is_file() {
                let rel = e.path().strip_prefix(demo.join("images")).unwrap();
                std::fs::create_dir_all(to.join(rel).parent().unwrap()).unwrap();
                std::fs::copy(e.path(), to.join(rel)).unwrap();
            }
        }
        for l in labels.lines().skip(1) {
            rows.push(format!("copy-{k:02}/{l}"));
        }
    }
    std::fs::write(dir.join("labels.csv"), rows.join("\n") + "\n").unwrap();
    let plan = imaging_demo_plan()
        .replace(
            &format!(
                "path = \"{}\"",
                root().join("sample-studies/imaging-demo/images").display()
            ),
            &format!("path = \"{}\"", images.display()),
        )
        .replace(
            &format!(
                "labels = \"{}\"",
                root()
                    .join("sample-studies/imaging-demo/labels.csv")
                    .display()
            ),
            &format!("labels = \"{}\"", dir.join("labels.csv").display()),
        )
        .replace("positive_index = 0", "positive_index = 0\nbatch = 4")
        .replace("bootstrap = 2000", "bootstrap = 200");
    write_plan(dir, &plan)
}

/// Model outputs recorded in the history so far (0 before the file exists).
pub fn outcomes_recorded(h: &Path) -> i64 {
    let Ok(db) =
        rusqlite::Connection::open_with_flags(h, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
    else {
        return 0;
    };
    db.query_row("SELECT count(*) FROM outcomes", [], |r| r.get(0))
        .unwrap_or(0)
}

/// The `[study]`, `[predictions]` and `[cohort]` tables of a plan whose CSV holds the id, the
/// label (positive = 1) and the vendor's score; `cohort_extra` adds lines to `[cohort]`.
pub fn scores_plan(name: &str, csv: &Path, cohort_extra: &str) -> String {
    format!(
        r#"[study]
name = "{name}"
intended_use = "test"

[predictions]
path = "{p}"
id = "id"
score = "score"

[cohort]
kind = "csv"
path = "{p}"
id = "id"
label = "label"
positive = 1
{cohort_extra}
"#,
        p = csv.display()
    )
}

/// `batch PLAN --out OUT --resume` on `history`: it must resume run #`run` with `kept` model
/// outputs already recorded, and exit with a verdict (0). Returns the output for more checks.
pub fn resume_and_expect(
    plan: &Path,
    out: &Path,
    history: &Path,
    run: i64,
    kept: i64,
) -> std::process::Output {
    let o = with_history(
        &[
            "batch",
            plan.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--resume",
        ],
        history,
    );
    let said = output_text(&o);
    assert_eq!(o.status.code(), Some(0), "{said}");
    assert!(
        said.contains(&format!(
            "Resuming run #{run}: {kept} model outputs already recorded"
        )),
        "{said}"
    );
    o
}

/// OUT/report.json, parsed.
pub fn report_json(out: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap()
}

/// report.json without the keys a merge of shards may change against a single-node `batch`:
/// the timestamps and the shard list (tests/workflow/shard.rs, tests/workflow/slurm.rs).
pub fn merge_normalised(mut v: serde_json::Value) -> serde_json::Value {
    let p = v["provenance"].as_object_mut().unwrap();
    for key in ["started", "finished", "shards"] {
        p.remove(key);
    }
    v
}

/// Copies a folder tree (the demos' image folders, for tests that change a file).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}
