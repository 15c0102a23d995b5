//! Hostile text from users' files (issue 14): an unbroken string of megabytes in the report,
//! special files named as inputs, messages that would repeat a file's contents or a join key.

use crate::common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use provestein::report::doc::{Align, Block, Document, Lang, Row, RowStyle, Table, TextStyle};

/// A report with `text` as a paragraph (as `intended_use` is printed) and as a cell of a
/// narrow column (as an exclusion's detail is listed).
fn document(text: &str) -> Document {
    Document {
        lang: Lang::En,
        title: "Validation report".into(),
        subtitle: "hostile".into(),
        footer: "provestein test".into(),
        created: "2026-12-02T03:00:00Z".into(),
        blocks: vec![
            Block::Paragraph {
                text: text.to_string(),
                style: TextStyle::Normal,
            },
            Block::Table(Table {
                header: vec!["id".into(), "reason".into(), "detail".into()],
                rows: vec![Row {
                    cells: vec![
                        "7".into(),
                        "label is neither class".into(),
                        text.to_string(),
                    ],
                    style: RowStyle::Normal,
                }],
                widths: vec![1.0, 2.0, 4.0],
                align: vec![Align::Left; 3],
                note: None,
            }),
        ],
    }
}

/// An unbroken run of `n` bytes (no space, no break opportunity), with some non-ASCII.
fn unbroken(n: usize) -> String {
    "abcdefghijklmnopqrstuvwxyzæøå0123456789"
        .chars()
        .cycle()
        .scan(0, |len, c| {
            *len += c.len_utf8();
            (*len <= n).then_some(c)
        })
        .collect()
}

/// The quickest of `runs` renderings of the PDF.
fn pdf_time(text: &str, runs: usize) -> Duration {
    let doc = document(text);
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            let pdf = provestein::report::pdf::render(&doc).unwrap();
            assert!(pdf.starts_with(b"%PDF"));
            t.elapsed()
        })
        .min()
        .unwrap()
}

/// Line breaking was quadratic in an unbroken string (a 100 KB cell: 80 s; 10 MB: never).
/// Linear work makes 8× the text take about 8× the time (less, with the fixed cost of a
/// report); quadratic would take 64×. The bound is wide so that a loaded CI machine does not
/// fail it, and still far below 64; a regression fails at the bound instead of running on.
#[test]
fn pdf_line_breaking_is_linear_in_an_unbroken_string() {
    const RATIO: f64 = 24.0;
    let small = unbroken(12_500);
    pdf_time(&small, 1); // warm up: fonts, shape plans
    let t1 = pdf_time(&small, 3);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(pdf_time(&unbroken(100_000), 1));
    });
    let bound = t1.mul_f64(RATIO);
    let t8 = rx
        .recv_timeout(bound)
        .unwrap_or_else(|_| panic!("8x the text took over {RATIO}x the time ({t1:?} for 12.5 KB)"));
    eprintln!("12.5 KB: {t1:?}; 100 KB: {t8:?}");
}

/// Every piece of a long unbroken string is kept, in order, within the page.
#[test]
fn html_wraps_long_unbroken_strings() {
    let text = unbroken(2_000_000);
    let t = Instant::now();
    let html = provestein::report::html::render(&document(&text));
    let elapsed = t.elapsed();
    assert!(html.contains("overflow-wrap"), "no CSS wrapping rule");
    assert!(html.contains(&text[..1000]));
    assert!(elapsed < Duration::from_secs(20), "{elapsed:?}");
}

/// `path` made a named pipe, or false when mkfifo is missing.
#[cfg(unix)]
fn mkfifo(path: &Path) -> bool {
    std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

/// `provestein batch plan --out out`, killed after a minute: a run that blocks on a named pipe
/// fails the test instead of hanging it. (exit code, stdout + stderr)
fn batch(plan: &Path, out: &Path) -> (i32, String) {
    let mut child = common::cli()
        .arg("batch")
        .arg(plan)
        .arg("--out")
        .arg(out)
        .env("ORT_DYLIB_PATH", common::onnxruntime())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("provestein batch still running after 60 s (blocked on a special file?)");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

fn breast_cancer(name: &str) -> PathBuf {
    common::root()
        .join("sample-studies/breast-cancer")
        .join(name)
}

/// The vendor-scores sample plan with its cohort and score file at the given paths.
fn vendor_plan(dir: &Path, cohort: &Path, scores: &Path) -> PathBuf {
    let text = std::fs::read_to_string(breast_cancer("plan-vendor-scores.toml"))
        .unwrap()
        .replace(
            "path = \"vendor_scores.csv\"",
            &format!("path = {:?}", scores.display().to_string()),
        )
        .replace(
            "path = \"cohort.csv\"",
            &format!("path = {:?}", cohort.display().to_string()),
        );
    common::write_plan(dir, &text)
}

/// A named pipe as the cohort, the vendor's scores or the labels blocked the run for ever;
/// each is refused by type, naming the path.
#[cfg(unix)]
#[test]
fn named_pipes_are_refused_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.csv");
    if !mkfifo(&fifo) {
        eprintln!("mkfifo unavailable; skipped");
        return;
    }
    let cohort = breast_cancer("cohort.csv");
    let scores = breast_cancer("vendor_scores.csv");
    for (c, s) in [(&fifo, &scores), (&cohort, &fifo)] {
        let plan = vendor_plan(dir.path(), c, s);
        let (code, text) = batch(&plan, &dir.path().join("out"));
        assert_eq!(code, 3, "{text}");
        assert!(
            text.contains(&format!("{} is a named pipe, not a file", fifo.display())),
            "{text}"
        );
    }
    let demo = common::root().join("sample-studies/imaging-demo");
    let text = std::fs::read_to_string(demo.join("plan.toml"))
        .unwrap()
        .replace(
            "../../models/",
            &format!("{}/models/", common::root().display()),
        )
        .replace("manifest = \"vendor/manifest.toml\"", "")
        .replace(
            "path = \"images\"",
            &format!("path = {:?}", demo.join("images").display().to_string()),
        )
        .replace(
            "labels = \"labels.csv\"",
            &format!("labels = {:?}", fifo.display().to_string()),
        );
    let plan = common::write_plan(dir.path(), &text);
    let (code, text) = batch(&plan, &dir.path().join("out"));
    assert_ne!(code, 0, "{text}");
    assert!(
        text.contains(&format!(
            "labels {} is a named pipe, not a file",
            fifo.display()
        )),
        "{text}"
    );
}

/// A cohort path pointing at /etc/passwd printed its first line ("Columns present: ...").
#[cfg(unix)]
#[test]
fn a_file_that_is_not_a_table_is_never_quoted() {
    let dir = tempfile::tempdir().unwrap();
    let passwd = dir.path().join("passwd");
    std::fs::write(
        &passwd,
        "root:x:0:0:root:/root:/bin/bash\nkari:x:1000:1000:Kari Nordmann:/home/kari:/bin/bash\n",
    )
    .unwrap();
    let plan = vendor_plan(dir.path(), &passwd, &breast_cancer("vendor_scores.csv"));
    let (code, text) = batch(&plan, &dir.path().join("out"));
    assert_eq!(code, 3, "{text}");
    assert!(text.contains("does not look like a CSV table"), "{text}");
    for secret in ["root:x", "/bin/bash", "Kari", "1000"] {
        assert!(!text.contains(secret), "{secret:?} echoed: {text}");
    }
}

/// A 100 KB label cell was echoed whole into the exclusion list (and took 80 s to lay out);
/// the detail now quotes 80 characters of it, and the run is quick.
#[test]
fn a_huge_cell_is_quoted_short_and_the_report_is_quick() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(breast_cancer("cohort.csv")).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let label = lines[0].split(',').position(|h| h == "label").unwrap();
    let mut fields: Vec<String> = lines[3].split(',').map(str::to_string).collect();
    fields[label] = "x".repeat(100_000);
    lines[3] = fields.join(",");
    let cohort = dir.path().join("cohort.csv");
    std::fs::write(&cohort, lines.join("\n") + "\n").unwrap();
    let plan = vendor_plan(dir.path(), &cohort, &breast_cancer("vendor_scores.csv"));
    let out = dir.path().join("out");
    let t = Instant::now();
    let (code, output) = batch(&plan, &out);
    assert!(matches!(code, 0..=2), "{output}");
    eprintln!("batch with a 100 KB cell: {:?}", t.elapsed());
    let long = "x".repeat(81);
    for file in ["report.json", "report.html"] {
        let written = std::fs::read_to_string(out.join(file)).unwrap();
        assert!(
            written.contains(&format!("{}…", "x".repeat(80))),
            "{file}: not quoted"
        );
        assert!(!written.contains(&long), "{file} echoes the whole cell");
    }
    assert!(!output.contains(&long), "{output}");
}
