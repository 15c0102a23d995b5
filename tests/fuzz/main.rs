//! The fuzz harness (issue 14): seeded mutations of real DICOM files, the tabular sample
//! cohort, plans and small ONNX models, each run through the real `provestein` binary under a
//! memory limit (`prlimit --as`) and a time limit. Every case must end in a report with the bad
//! units excluded by reason (exit 0–2) or in an error (exit ≥ 3) with a short message — never a
//! signal, a panic, a hang or a backtrace.
//!
//! `FUZZ_SEED` (default 14) fixes every mutation; `FUZZ_CASES` scales the run (default 2 000
//! DICOM files, and CSVs, plans and models in proportion). A failure prints the seed, the case
//! and its mutations; a crashing DICOM file is narrowed down by bisection to one file, saved
//! under target/tmp/fuzz-failures/. `scripts/fuzz.sh N SEED` runs long campaigns;
//! docs/fuzz.md says how.

#[path = "../common/mod.rs"]
mod common;

mod dicom;
mod rng;
mod run;
mod text;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::root;
use rng::Rng;
use run::{End, Outcome};

fn seed() -> u64 {
    std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(14)
}

/// DICOM files per run; CSVs, plans and models scale with it.
fn scale() -> usize {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000)
}

/// Counts for one kind of input, printed at the end and checked.
#[derive(Default)]
struct Tally {
    name: &'static str,
    cases: usize,
    runs: usize,
    reports: usize,
    exclusions: usize,
    errors: usize,
    crashes: usize,
    hangs: usize,
    peak_kib: u64,
    peak_case: String,
    cpu_secs: f64,
    started: Option<Instant>,
    /// Cases done when the time budget stopped the run early.
    stopped: Option<usize>,
    /// Failure class → the cases that ended in it.
    failures: BTreeMap<String, Vec<String>>,
}

impl Tally {
    fn new(name: &'static str) -> Tally {
        Tally {
            name,
            started: Some(Instant::now()),
            ..Tally::default()
        }
    }

    fn record(&mut self, case: &str, o: &Outcome) {
        self.runs += 1;
        self.cpu_secs += o.cpu_secs;
        if o.peak_kib > self.peak_kib {
            self.peak_kib = o.peak_kib;
            self.peak_case = case.to_string();
        }
        match &o.end {
            End::Report(_) => self.reports += 1,
            End::Error(_) => self.errors += 1,
            End::Crash(_) | End::Bad(_) => self.crashes += 1,
            End::Hang => self.hangs += 1,
        }
        if o.end.is_failure() {
            let size = format!("{} bytes of stderr", o.stderr.len());
            self.fail(&o.end.class(), format!("{case}: {o} ({size})"));
        }
    }

    /// True (and said once) when the time budget is spent.
    fn over_budget(&mut self) -> bool {
        let over = self.started.is_some_and(|s| s.elapsed() > budget());
        if over && self.stopped.is_none() {
            self.stopped = Some(self.cases);
        }
        over
    }

    fn fail(&mut self, class: &str, what: String) {
        self.failures
            .entry(class.to_string())
            .or_default()
            .push(what);
    }

    /// Prints the counts and fails the test naming every failure, grouped, with the seed.
    fn finish(self) {
        let secs = self.started.map_or(0.0, |s| s.elapsed().as_secs_f64());
        eprintln!(
            "fuzz {} (seed {}): {} cases in {} runs, {} reports, {} exclusions, {} errors, {} crashes or bad ends, {} hangs; peak memory {} MiB ({}); {:.1} s, {:.1} CPU s in the binary",
            self.name,
            seed(),
            self.cases,
            self.runs,
            self.reports,
            self.exclusions,
            self.errors,
            self.crashes,
            self.hangs,
            self.peak_kib / 1024,
            self.peak_case,
            secs,
            self.cpu_secs,
        );
        if let Some(n) = self.stopped {
            eprintln!(
                "fuzz {}: FUZZ_BUDGET spent, stopped after {n} cases",
                self.name
            );
        }
        if self.failures.is_empty() {
            return;
        }
        let mut text = String::new();
        for (class, cases) in &self.failures {
            text.push_str(&format!("\n  {class}: {} case(s)", cases.len()));
            for c in cases.iter().take(8) {
                text.push_str(&format!("\n    {c}"));
            }
        }
        panic!(
            "fuzz {}: failures with FUZZ_SEED={} (rerun: FUZZ_SEED={} cargo test --test fuzz {}):{text}",
            self.name,
            seed(),
            seed(),
            self.name
        );
    }
}

/// A fresh folder for one case under the system temp dir (removed when dropped).
fn scratch() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("provestein-fuzz-")
        .tempdir()
        .unwrap()
}

fn failures_dir() -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures");
    std::fs::create_dir_all(&d).unwrap();
    d
}

// ---------------------------------------------------------------- DICOM

/// The real DICOM files mutations start from: the pydicom test files (many transfer syntaxes)
/// and the synthetic imaging demo's CT slices (plain and gzip).
fn dicom_seeds() -> Vec<(String, Vec<u8>)> {
    let mut seeds = Vec::new();
    let dirs = [
        root().join("tests/fixtures/dicom"),
        root().join("sample-studies/imaging-demo/images"),
    ];
    for dir in dirs {
        for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            if !e.file_type().is_file()
                || name.ends_with(".f32")
                || name.ends_with(".f64")
                || name.ends_with(".md")
                || name.ends_with(".py")
                || name.ends_with(".txt")
            {
                continue;
            }
            seeds.push((name, std::fs::read(e.path()).unwrap()));
        }
    }
    assert!(seeds.len() > 40, "DICOM seeds found: {}", seeds.len());
    seeds
}

/// A file of a DICOM cohort case: its name in the folder, bytes, and how it was made.
#[derive(Clone)]
struct DicomFile {
    name: String,
    bytes: Vec<u8>,
    log: String,
}

/// The mutated file `index` of batch `batch`.
fn dicom_case(seeds: &[(String, Vec<u8>)], batch: usize, index: usize) -> DicomFile {
    let mut rng = Rng::for_case(seed(), 1 + batch as u64, index as u64);
    let (origin, bytes) = rng.pick(seeds);
    let gz = bytes.starts_with(&[0x1f, 0x8b]);
    let (bytes, log) = match (gz, dicom::gunzip(bytes)) {
        (true, Some(inner)) if rng.chance(0.8) => {
            let (m, log) = dicom::mutate(&mut rng, &inner);
            (dicom::gzip(&m), format!("gzip({log})"))
        }
        _ => dicom::mutate(&mut rng, bytes),
    };
    DicomFile {
        name: format!("b{batch}-{index:04}{}", if gz { ".dcm.gz" } else { ".dcm" }),
        bytes,
        log: format!("{origin}: {log}"),
    }
}

/// Bombs: a Deflated file and a gzip file inflating to GiBs.
fn bombs(batch: usize) -> Vec<DicomFile> {
    let ct = std::fs::read(root().join("tests/fixtures/dicom/CT_small.dcm")).unwrap();
    let mib = if batch.is_multiple_of(3) { 4095 } else { 1024 };
    vec![
        DicomFile {
            name: format!("b{batch}-deflate-bomb.dcm"),
            bytes: dicom::deflated_bomb(&ct, mib),
            log: format!("CT_small.dcm: Deflated, Pixel Data of {mib} MiB zeros"),
        },
        DicomFile {
            name: format!("b{batch}-gzip-bomb.dcm.gz"),
            bytes: dicom::gzip_bomb(&ct, mib),
            log: format!("CT_small.dcm + {mib} MiB zeros, gzip"),
        },
    ]
}

/// Clean files so that every run has cases of both classes.
fn clean_files(seeds: &[(String, Vec<u8>)]) -> Vec<DicomFile> {
    seeds
        .iter()
        .filter(|(n, b)| n.starts_with("IM") && !b.starts_with(&[0x1f, 0x8b]))
        .take(6)
        .enumerate()
        .map(|(i, (n, b))| DicomFile {
            name: format!("clean-{i}.dcm"),
            bytes: b.clone(),
            log: format!("{n} unchanged"),
        })
        .collect()
}

fn dicom_plan(dir: &Path) -> String {
    format!(
        r#"[study]
name = "fuzz"
intended_use = "fuzz harness"
[model]
path = "{model}"
input = "image"
output = "probability"
positive_index = 0
[cohort]
kind = "dicom"
path = "images"
labels = "labels.csv"
label = "label"
positive = "1"
negative = "0"
subgroups = ["Modality"]
[preprocess]
resize = [64, 64]
normalize = "minmax"
[analysis]
bootstrap = 0
[[acceptance]]
metric = "auc"
bound = "estimate"
min = 0.0
"#,
        model = root().join("models/blob_detector.onnx").display()
    )
    .replace(
        "\"images\"",
        &format!("\"{}\"", dir.join("images").display()),
    )
}

/// One cohort folder holding `files`, run through `batch`.
fn run_dicom(files: &[DicomFile], limit: Duration) -> (Outcome, tempfile::TempDir) {
    let dir = scratch();
    let images = dir.path().join("images");
    std::fs::create_dir_all(&images).unwrap();
    let mut labels = String::from("file,label\n");
    for (i, f) in files.iter().enumerate() {
        std::fs::write(images.join(&f.name), &f.bytes).unwrap();
        labels.push_str(&format!("{},{}\n", f.name, i % 2));
    }
    std::fs::write(dir.path().join("labels.csv"), labels).unwrap();
    std::fs::write(dir.path().join("plan.toml"), dicom_plan(dir.path())).unwrap();
    let o = run::batch(dir.path(), limit);
    (o, dir)
}

/// What is wrong with a DICOM run of `files` (None: a report accounting for every file).
fn dicom_problem(o: &Outcome, files: &[DicomFile]) -> Option<String> {
    if o.end.is_failure() {
        return Some(o.end.class());
    }
    if o.peak_kib > MEMORY_BOUND_KIB {
        return Some("memory over 2 GiB".into());
    }
    let End::Report(_) = o.end else {
        return Some(format!(
            "the run failed instead of excluding: {}",
            o.message()
        ));
    };
    let r = o.report()?;
    let included = r["cohort"]["included"].as_u64().unwrap_or(0) as usize;
    let excluded = r["cohort"]["excluded"].as_array().map_or(0, Vec::len);
    (included + excluded < files.len()).then(|| {
        format!(
            "files unaccounted for: {} files, {included} cases, {excluded} exclusions",
            files.len()
        )
    })
}

/// The issue's bound for a fuzzed folder's run (KiB).
const MEMORY_BOUND_KIB: u64 = 2 << 20;

/// The smallest set of mutated files (run with the clean ones) that still fails, found by
/// halving; when only a combination fails (memory of several files at once), each file alone,
/// keeping those that fail or need over 512 MiB or 10 s by themselves.
fn bisect(files: &[DicomFile], clean: &[DicomFile], limit: Duration) -> Vec<(DicomFile, String)> {
    let fails = |set: &[DicomFile]| {
        let set: Vec<DicomFile> = clean.iter().chain(set).cloned().collect();
        let (o, _dir) = run_dicom(&set, limit);
        let heavy = o.peak_kib > 512 << 10 || o.secs > 10.0;
        eprintln!(
            "fuzz_dicom bisect: {} file(s): {o}",
            set.len() - clean.len()
        );
        dicom_problem(&o, &set)
            .or_else(|| heavy.then(|| "heavy alone".to_string()))
            .map(|p| format!("{p}; alone: {o}"))
    };
    let mut suspects = files.to_vec();
    while suspects.len() > 1 {
        let (a, b) = suspects.split_at(suspects.len() / 2);
        if fails(a).is_some() {
            suspects = a.to_vec();
        } else if fails(b).is_some() {
            suspects = b.to_vec();
        } else {
            break;
        }
    }
    suspects
        .iter()
        .take(16)
        .filter_map(|f| fails(std::slice::from_ref(f)).map(|why| (f.clone(), why)))
        .collect()
}

/// Seconds after which a fuzz test starts no new run (`FUZZ_BUDGET`, default 900): a branch
/// with many hangs still ends.
fn budget() -> Duration {
    Duration::from_secs(
        std::env::var("FUZZ_BUDGET")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(900),
    )
}

#[test]
fn fuzz_dicom() {
    let seeds = dicom_seeds();
    let clean = clean_files(&seeds);
    let total = scale();
    let per_batch = 250.min(total.max(1));
    let batches = total.div_ceil(per_batch);
    let limit = Duration::from_secs(60);
    let mut t = Tally::new("fuzz_dicom");
    let mut bisected = 0;
    // FUZZ_BATCH=N runs that batch only (a failure names its batch).
    let only: Option<usize> = std::env::var("FUZZ_BATCH")
        .ok()
        .and_then(|s| s.parse().ok());
    for b in 0..batches {
        if t.over_budget() {
            break;
        }
        if only.is_some_and(|o| o != b) {
            continue;
        }
        let mutated: Vec<DicomFile> = (0..per_batch)
            .map(|i| dicom_case(&seeds, b, i))
            .chain(if b.is_multiple_of(2) {
                bombs(b)
            } else {
                Vec::new()
            })
            .collect();
        let files: Vec<DicomFile> = clean.iter().chain(&mutated).cloned().collect();
        t.cases += mutated.len();
        let (o, dir) = run_dicom(&files, limit);
        t.record(&format!("batch {b}"), &o);
        if let Some(r) = o.report() {
            t.exclusions += r["cohort"]["excluded"].as_array().map_or(0, Vec::len);
        }
        let Some(problem) = dicom_problem(&o, &files) else {
            continue;
        };
        if !o.end.is_failure() {
            t.fail(&problem, format!("batch {b}: {o}"));
        }
        // The whole folder is kept, with each file's mutations, to rerun by hand.
        let keep = failures_dir().join(format!("seed{}-batch{b}", seed()));
        let _ = std::fs::remove_dir_all(&keep);
        std::fs::create_dir_all(keep.join("images")).unwrap();
        let mut logs = String::new();
        for f in &files {
            std::fs::write(keep.join("images").join(&f.name), &f.bytes).unwrap();
            logs.push_str(&format!("{}: {}\n", f.name, f.log));
        }
        std::fs::write(keep.join("mutations.txt"), logs).unwrap();
        std::fs::write(keep.join("plan.toml"), dicom_plan(&keep)).unwrap();
        std::fs::copy(dir.path().join("labels.csv"), keep.join("labels.csv")).unwrap();
        t.fail(
            &format!("folder of batch {b}"),
            format!("kept as {}", keep.display()),
        );
        // Narrow the first failing batches down to the file(s) that cause it and keep them.
        bisected += 1;
        if bisected > 2 {
            continue;
        }
        for (f, why) in bisect(&mutated, &clean, limit) {
            let keep = failures_dir().join(format!("seed{}-{}", seed(), f.name));
            std::fs::write(&keep, &f.bytes).unwrap();
            t.fail(
                &format!("culprit of batch {b}"),
                format!(
                    "{} ({} bytes, {}): {why}; saved as {}",
                    f.name,
                    f.bytes.len(),
                    f.log,
                    keep.display()
                ),
            );
        }
    }
    t.finish();
}

// ---------------------------------------------------------------- CSV

fn csv_plan(cohort: &Path) -> String {
    format!(
        r#"[study]
name = "fuzz"
intended_use = "fuzz harness"
[model]
path = "{model}"
input = "X"
output = "probabilities"
positive_index = 1
[cohort]
kind = "csv"
path = "{cohort}"
id = "sample_id"
label = "label"
positive = "1"
negative = "0"
features = {features}
[analysis]
bootstrap = 0
[explain]
permutations = 2
[[acceptance]]
metric = "auc"
bound = "estimate"
min = 0.5
"#,
        model = root().join("models/bc_logreg.onnx").display(),
        cohort = cohort.display(),
        features = common::bc_features(),
    )
}

#[test]
fn fuzz_csv() {
    let base =
        std::fs::read_to_string(root().join("sample-studies/breast-cancer/cohort.csv")).unwrap();
    let runs = (scale() / 50).max(4);
    let mut t = Tally::new("fuzz_csv");
    for i in 0..runs {
        if t.over_budget() {
            break;
        }
        let mut rng = Rng::for_case(seed(), 100, i as u64);
        let case = if i % 2 == 0 {
            text::bad_features(&mut rng, &base)
        } else {
            text::chaos(&mut rng, &base)
        };
        let dir = scratch();
        let cohort = dir.path().join("cohort.csv");
        std::fs::write(&cohort, &case.bytes).unwrap();
        std::fs::write(dir.path().join("plan.toml"), csv_plan(&cohort)).unwrap();
        let o = run::batch(dir.path(), Duration::from_secs(30));
        t.cases += 1;
        let name = format!("csv {i} ({})", case.log);
        t.record(&name, &o);
        if let Some(r) = o.report() {
            let lines: Vec<u64> = r["cohort"]["excluded"]
                .as_array()
                .map(|a| a.iter().filter_map(|e| e["line"].as_u64()).collect())
                .unwrap_or_default();
            t.exclusions += lines.len();
            let scored: Vec<&u64> = case
                .must_exclude
                .iter()
                .filter(|l| !lines.contains(l))
                .collect();
            if !scored.is_empty() {
                t.fail(
                    "bad model input scored",
                    format!("{name}: lines {scored:?} not excluded"),
                );
            }
        } else if !case.must_exclude.is_empty() && !o.end.is_failure() {
            t.fail(
                "run failed instead of excluding bad inputs",
                format!("{name}: {o}"),
            );
        }
    }
    t.finish();
}

// ---------------------------------------------------------------- plans

#[test]
fn fuzz_plans() {
    let runs = (scale() / 15).max(10);
    let mut t = Tally::new("fuzz_plans");
    for i in 0..runs {
        if t.over_budget() {
            break;
        }
        let mut rng = Rng::for_case(seed(), 200, i as u64);
        let dir = scratch();
        let base = if rng.chance(0.75) {
            csv_plan(&root().join("sample-studies/breast-cancer/cohort.csv"))
        } else {
            std::fs::create_dir_all(dir.path().join("images")).unwrap();
            let mut labels = String::from("file,label\n");
            for (j, f) in [
                "CT_small.dcm",
                "MR_small.dcm",
                "693_J2KI.dcm",
                "SC_rgb_rle.dcm",
            ]
            .iter()
            .enumerate()
            {
                std::fs::copy(
                    root().join("tests/fixtures/dicom").join(f),
                    dir.path().join("images").join(f),
                )
                .unwrap();
                labels.push_str(&format!("{f},{}\n", j % 2));
            }
            std::fs::write(dir.path().join("labels.csv"), labels).unwrap();
            dicom_plan(dir.path())
        };
        let (plan, log) = text::plan(&mut rng, &base);
        std::fs::write(dir.path().join("plan.toml"), &plan).unwrap();
        t.cases += 1;
        let name = format!("plan {i} ({log})");
        let check = run::run_as(
            dir.path(),
            &["check", "plan.toml"],
            Duration::from_secs(10),
            false,
        );
        t.record(&format!("{name} check"), &check);
        if check.end != End::Report(0) {
            continue;
        }
        let o = run::batch(dir.path(), Duration::from_secs(30));
        t.record(&format!("{name} batch"), &o);
        if o.end.is_failure() {
            let keep = failures_dir().join(format!("seed{}-plan{i}.toml", seed()));
            std::fs::write(&keep, &plan).unwrap();
        }
    }
    t.finish();
}

// ---------------------------------------------------------------- ONNX models

#[test]
fn fuzz_models() {
    let runs = (scale() / 100).max(4);
    let model = std::fs::read(root().join("models/bc_logreg.onnx")).unwrap();
    let mut t = Tally::new("fuzz_models");
    for i in 0..runs {
        if t.over_budget() {
            break;
        }
        let mut rng = Rng::for_case(seed(), 300, i as u64);
        let mut bytes = model.clone();
        let log = match rng.below(4) {
            0 => {
                let at = rng.below(bytes.len());
                bytes.truncate(at);
                format!("truncate@{at}")
            }
            1 => {
                // A protobuf length or tag turned into a huge varint.
                let at = rng.below(bytes.len());
                let n = rng.range(1, 9).min(bytes.len() - at);
                bytes[at..at + n].fill(0xFF);
                format!("0xFF x{n}@{at}")
            }
            _ => {
                let flips = rng.range(1, 12);
                for _ in 0..flips {
                    let at = rng.below(bytes.len());
                    bytes[at] ^= rng.range(1, 255) as u8;
                }
                format!("flip x{flips}")
            }
        };
        let dir = scratch();
        let path = dir.path().join("model.onnx");
        std::fs::write(&path, &bytes).unwrap();
        let plan = csv_plan(&root().join("sample-studies/breast-cancer/cohort.csv")).replace(
            &root().join("models/bc_logreg.onnx").display().to_string(),
            &path.display().to_string(),
        );
        std::fs::write(dir.path().join("plan.toml"), plan).unwrap();
        let o = run::batch(dir.path(), Duration::from_secs(30));
        t.cases += 1;
        t.record(&format!("model {i} ({log})"), &o);
        if o.end.is_failure() {
            std::fs::write(
                failures_dir().join(format!("seed{}-model{i}.onnx", seed())),
                &bytes,
            )
            .unwrap();
        }
    }
    t.finish();
}

// ---------------------------------------------------------------- regression fixtures

/// Every input the harness (or the issue) found crashing, kept small in tests/fixtures/fuzz/
/// (SOURCES.md says where each came from): the DICOM files in one cohort folder, each to be
/// excluded by reason with the run writing its report; the plans through `check` and `batch`.
#[test]
fn fuzz_fixtures() {
    let dir = root().join("tests/fixtures/fuzz");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    found.sort();
    let seeds = dicom_seeds();
    let clean = clean_files(&seeds);
    let files: Vec<DicomFile> = found
        .iter()
        .filter(|p| p.to_string_lossy().contains(".dcm"))
        .map(|p| DicomFile {
            name: p.file_name().unwrap().to_string_lossy().into_owned(),
            bytes: std::fs::read(p).unwrap(),
            log: "fixture".into(),
        })
        .collect();
    assert!(files.len() >= 4, "DICOM fixtures: {}", files.len());
    let mut t = Tally::new("fuzz_fixtures");
    let all: Vec<DicomFile> = clean.iter().chain(&files).cloned().collect();
    let (o, _d) = run_dicom(&all, Duration::from_secs(60));
    t.cases += files.len();
    t.record("fixtures", &o);
    if let Some(problem) = dicom_problem(&o, &all).filter(|_| !o.end.is_failure()) {
        t.fail(&problem, format!("the fixtures' folder: {o}"));
    }
    if let Some(r) = o.report() {
        let excluded = r["cohort"]["excluded"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        t.exclusions += excluded.len();
        // Each hostile file is excluded (the clean ones are the cases), every one with a reason.
        if excluded.len() < files.len() {
            t.fail(
                "hostile file scored",
                format!("{} fixtures, {} exclusions", files.len(), excluded.len()),
            );
        }
    }
    for plan in found
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
    {
        let d = scratch();
        let text = std::fs::read_to_string(plan)
            .unwrap()
            .replace("@ROOT@", &root().display().to_string());
        std::fs::write(d.path().join("plan.toml"), text).unwrap();
        t.cases += 1;
        let name = plan.file_name().unwrap().to_string_lossy().into_owned();
        let check = run::run_as(
            d.path(),
            &["check", "plan.toml"],
            Duration::from_secs(10),
            false,
        );
        t.record(&format!("{name} check"), &check);
        if check.end == End::Report(0) {
            let o = run::batch(d.path(), Duration::from_secs(30));
            t.record(&format!("{name} batch"), &o);
        }
    }
    t.finish();
}
