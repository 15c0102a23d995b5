//! A run past one machine (issue 18): `prepare`, `score --shard K/N` in any order, `merge`.
//! The merged report.json equals a single-node `batch --no-history` of the same plan except
//! `provenance.started`, `provenance.finished` (timestamps) and `provenance.shards` (the
//! list of shard files, which a single-node run has not): those three keys are removed from
//! both before comparing; everything else, every figure and interval included, must be equal.
//! The plan is given by its absolute path to both, so that the messages that quote the
//! cohort's files (an exclusion's detail) name them alike.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{cli, merge_normalised, onnxruntime, output_text, report_json, root};

fn run(args: &[&std::ffi::OsStr]) -> Output {
    cli()
        .args(args)
        .env("ORT_DYLIB_PATH", onnxruntime())
        .env_remove("SLURM_ARRAY_TASK_ID")
        .env_remove("JOB_COMPLETION_INDEX")
        .output()
        .unwrap()
}

fn os(s: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(s)
}

fn prepare(plan: &Path, work: &Path) {
    let o = run(&[
        os("prepare"),
        plan.as_os_str(),
        os("--work"),
        work.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", output_text(&o));
}

fn score(work: &Path, k: usize, n: usize) -> Output {
    run(&[
        os("score"),
        work.as_os_str(),
        os("--shard"),
        os(&format!("{k}/{n}")),
    ])
}

fn merge(work: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        os("merge"),
        work.as_os_str(),
        os("--out"),
        out.as_os_str(),
        os("--no-history"),
    ];
    args.extend(extra.iter().map(|s| os(s)));
    run(&args)
}

/// Prepares, scores N shards from the last to the first, merges: the report and predictions
/// are those of one `batch`, for N = 1, 3 and 7. Returns that `batch`'s report.json.
fn merged_equals_batch(plan: &Path) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let single = dir.path().join("single");
    let o = run(&[
        os("batch"),
        plan.as_os_str(),
        os("--out"),
        single.as_os_str(),
        os("--no-history"),
    ]);
    let verdict = o.status.code();
    assert!(matches!(verdict, Some(0..=2)), "{}", output_text(&o));
    let want = report_json(&single);
    assert!(
        want["provenance"].get("shards").is_none(),
        "a batch lists no shards"
    );
    let predictions = std::fs::read_to_string(single.join("predictions.csv")).unwrap();
    for n in [1, 3, 7] {
        let work = dir.path().join(format!("work-{n}"));
        prepare(plan, &work);
        for k in (0..n).rev() {
            let o = score(&work, k, n);
            assert_eq!(o.status.code(), Some(0), "{}", output_text(&o));
        }
        let out = dir.path().join(format!("merged-{n}"));
        let o = merge(&work, &out, &[]);
        assert_eq!(
            o.status.code(),
            verdict,
            "the verdict's exit code: {}",
            output_text(&o)
        );
        let got = report_json(&out);
        let shards = got["provenance"]["shards"].as_array().unwrap();
        let files: Vec<&str> = shards.iter().map(|s| s["file"].as_str().unwrap()).collect();
        let expected: Vec<String> = (0..n)
            .map(|k| format!("{k}-of-{n}.outcomes.json"))
            .collect();
        assert_eq!(
            files, expected,
            "the shards in order, whatever order they ran in"
        );
        let units: u64 = shards.iter().map(|s| s["units"].as_u64().unwrap()).sum();
        let prepared: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(work.join("prepared.json")).unwrap())
                .unwrap();
        assert_eq!(
            units,
            prepared["units"].as_u64().unwrap(),
            "every unit scored once"
        );
        assert!(
            shards
                .iter()
                .all(|s| s["sha256"].as_str().unwrap().len() == 64)
        );
        assert_eq!(
            merge_normalised(got),
            merge_normalised(want.clone()),
            "N = {n}"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("predictions.csv")).unwrap(),
            predictions,
            "N = {n}"
        );
    }
    want
}

#[test]
fn imaging_demo_in_1_3_7_shards_merges_to_the_single_node_report() {
    merged_equals_batch(&root().join("sample-studies/imaging-demo/plan.toml"));
}

#[test]
fn csv_cohort_in_1_3_7_shards_merges_to_the_single_node_report() {
    merged_equals_batch(&root().join("sample-studies/breast-cancer/plan.toml"));
}

/// A work folder of the imaging demo scored in 3 shards.
fn scored_imaging(dir: &Path) -> PathBuf {
    let work = dir.join("work");
    prepare(&root().join("sample-studies/imaging-demo/plan.toml"), &work);
    for k in 0..3 {
        let o = score(&work, k, 3);
        assert_eq!(o.status.code(), Some(0), "{}", output_text(&o));
        assert!(output_text(&o).contains("scored"), "{}", output_text(&o));
    }
    work
}

#[test]
fn a_deleted_shard_makes_merge_fail_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let work = scored_imaging(dir.path());
    std::fs::remove_file(work.join("shards/1-of-3.outcomes.json")).unwrap();
    let o = merge(&work, &dir.path().join("out"), &[]);
    let text = output_text(&o);
    assert_eq!(o.status.code(), Some(3), "{text}");
    assert!(
        text.contains("shards/1-of-3.outcomes.json") && text.contains("is missing"),
        "{text}"
    );
    assert!(text.contains("--shard 1/3"), "says how to make it: {text}");
    assert!(!dir.path().join("out/report.json").exists());
}

#[test]
fn a_shard_of_another_runtime_or_run_key_is_refused_unless_mixed_is_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let work = scored_imaging(dir.path());
    let manifest = work.join("shards/2-of-3.manifest.json");
    let original = std::fs::read_to_string(&manifest).unwrap();
    let mut m: serde_json::Value = serde_json::from_str(&original).unwrap();
    let ort = m["onnxruntime"].as_str().unwrap().to_string();
    m["onnxruntime"] = "0.99.0".into();
    std::fs::write(&manifest, m.to_string()).unwrap();
    let o = merge(&work, &dir.path().join("out"), &[]);
    let text = output_text(&o);
    assert_eq!(o.status.code(), Some(3), "{text}");
    assert!(
        text.contains("2-of-3.manifest.json")
            && text.contains("ONNX Runtime 0.99.0")
            && text.contains(&ort),
        "{text}"
    );
    // Told otherwise, the merge runs and the report says which shard ran what.
    let o = merge(&work, &dir.path().join("mixed"), &["--allow-mixed"]);
    assert_eq!(o.status.code(), Some(0), "{}", output_text(&o));
    let shards = report_json(&dir.path().join("mixed"))["provenance"]["shards"].clone();
    assert_eq!(shards[2]["onnxruntime"], "0.99.0");
    assert_eq!(shards[0]["onnxruntime"], ort.as_str());

    // Another run key (scored from another cohort, model or preprocessing): refused.
    let mut m: serde_json::Value = serde_json::from_str(&original).unwrap();
    m["run_key"] = "0".repeat(64).into();
    std::fs::write(&manifest, m.to_string()).unwrap();
    let o = merge(&work, &dir.path().join("out"), &[]);
    let text = output_text(&o);
    assert_eq!(o.status.code(), Some(3), "{text}");
    assert!(
        text.contains("2-of-3.manifest.json") && text.contains("another run"),
        "{text}"
    );
}

#[test]
fn a_done_shard_is_skipped_and_a_tampered_one_refused_by_merge_and_scored_again() {
    let dir = tempfile::tempdir().unwrap();
    let work = scored_imaging(dir.path());
    let outcomes = work.join("shards/0-of-3.outcomes.json");
    let before = std::fs::read(&outcomes).unwrap();
    let o = score(&work, 0, 3);
    let text = output_text(&o);
    assert_eq!(o.status.code(), Some(0), "{text}");
    assert!(text.contains("Shard 0/3: skipped"), "{text}");
    assert_eq!(std::fs::read(&outcomes).unwrap(), before, "not rewritten");

    // One outcome changed by hand: the hash no longer verifies.
    let mut v: serde_json::Value = serde_json::from_slice(&before).unwrap();
    v["scored"][0]["outcomes"][0] = serde_json::json!({"Ok": 0.123});
    std::fs::write(&outcomes, v.to_string()).unwrap();
    let o = merge(&work, &dir.path().join("out"), &[]);
    let text = output_text(&o);
    assert_eq!(o.status.code(), Some(3), "{text}");
    assert!(
        text.contains("0-of-3.outcomes.json") && text.contains("does not verify"),
        "{text}"
    );
    // `score` scores it again (the outcomes are a function of the prepared run) and says so.
    let o = score(&work, 0, 3);
    let text = output_text(&o);
    assert_eq!(o.status.code(), Some(0), "{text}");
    assert!(text.contains("scored") && text.contains("again"), "{text}");
    assert_eq!(
        std::fs::read(&outcomes).unwrap(),
        before,
        "restored exactly"
    );
    let o = merge(&work, &dir.path().join("out"), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", output_text(&o));
}

#[test]
fn a_changed_cohort_is_refused_by_the_next_shard() {
    let dir = tempfile::tempdir().unwrap();
    let study = dir.path().join("study");
    std::fs::create_dir(&study).unwrap();
    let src = root().join("sample-studies/breast-cancer");
    std::fs::copy(src.join("cohort.csv"), study.join("cohort.csv")).unwrap();
    let plan = std::fs::read_to_string(src.join("plan.toml"))
        .unwrap()
        .replace(
            "path = \"../../models/",
            &format!("path = \"{}/", root().join("models").display()),
        );
    std::fs::write(study.join("plan.toml"), plan).unwrap();
    let work = dir.path().join("work");
    prepare(&study.join("plan.toml"), &work);
    assert_eq!(score(&work, 0, 2).status.code(), Some(0));
    // One row's last character changed after `prepare`.
    let text = std::fs::read_to_string(study.join("cohort.csv")).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    lines[5] = lines[5].replacen(',', ",9", 1);
    std::fs::write(study.join("cohort.csv"), lines.join("\n") + "\n").unwrap();
    let o = score(&work, 1, 2);
    let text = output_text(&o);
    assert_eq!(o.status.code(), Some(3), "{text}");
    assert!(
        text.contains("prepared.json") && text.contains("another run"),
        "{text}"
    );
    assert!(!work.join("shards/1-of-2.outcomes.json").exists());
}

/// The shard of a unit is a hash of its patient: on the imaging demo (47 images of 20
/// patients) no patient's images are in two shards, and the shards partition the units.
#[test]
fn patients_are_never_split_across_shards() {
    let dir = tempfile::tempdir().unwrap();
    let plan = common::write_plan(dir.path(), &common::imaging_demo_plan());
    let plan = provestein::Plan::load(&plan).unwrap();
    let prepared = provestein::run::prepare(&plan, &common::control()).unwrap();
    let patients: std::collections::HashSet<_> = prepared
        .units
        .iter()
        .map(|u| u.patient.clone().unwrap())
        .collect();
    assert!(
        patients.len() < prepared.units.len(),
        "several images per patient"
    );
    for n in [2, 3, 7] {
        let mut shard_of = std::collections::HashMap::new();
        let mut seen = vec![0usize; prepared.units.len()];
        for k in 0..n {
            for i in provestein::run::shard::selection(&prepared, k, n) {
                seen[i] += 1;
                let p = prepared.units[i].patient.clone().unwrap();
                let first = *shard_of.entry(p.clone()).or_insert(k);
                assert_eq!(first, k, "patient {p} in shards {first} and {k} of {n}");
            }
        }
        assert!(
            seen.iter().all(|&c| c == 1),
            "every unit in exactly one shard"
        );
        let used: std::collections::HashSet<_> = shard_of.values().collect();
        assert!(
            used.len() > 1,
            "the patients spread over the shards (N = {n})"
        );
    }
}

/// Without --shard, K and N come from a Slurm array (its first index subtracted, so
/// `--array=1-3` works) or from a Kubernetes Indexed Job's index with --shards N.
#[test]
fn the_shard_comes_from_slurm_or_an_indexed_job() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work");
    prepare(
        &root().join("sample-studies/breast-cancer/plan.toml"),
        &work,
    );
    let o = cli()
        .args([os("score"), work.as_os_str()])
        .env("ORT_DYLIB_PATH", onnxruntime())
        .env_remove("JOB_COMPLETION_INDEX")
        .env("SLURM_ARRAY_TASK_ID", "1")
        .env("SLURM_ARRAY_TASK_MIN", "1")
        .env("SLURM_ARRAY_TASK_COUNT", "3")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", output_text(&o));
    assert!(output_text(&o).contains("Shard 0/3"), "{}", output_text(&o));
    assert!(work.join("shards/0-of-3.outcomes.json").exists());
    let o = cli()
        .args([os("score"), work.as_os_str(), os("--shards"), os("3")])
        .env("ORT_DYLIB_PATH", onnxruntime())
        .env_remove("SLURM_ARRAY_TASK_ID")
        .env("JOB_COMPLETION_INDEX", "2")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", output_text(&o));
    assert!(work.join("shards/2-of-3.outcomes.json").exists());
    // Neither: an error that says how to name the shard.
    let o = run(&[os("score"), work.as_os_str()]);
    assert_eq!(o.status.code(), Some(3));
    assert!(
        output_text(&o).contains("--shard K/N"),
        "{}",
        output_text(&o)
    );
}

/// A DICOM cohort's shard reads only its own files (`run::listing`): prepared.json names no
/// file; with an image of shard 1 changed after `prepare`, shard 0 still scores (before, every
/// shard read the whole cohort and refused) while shard 1 refuses, naming the image by its
/// pseudonym; a file added to or removed from the folder stops every shard.
#[test]
fn a_dicom_shard_reads_only_its_own_files() {
    let dir = tempfile::tempdir().unwrap();
    let plan = common::big_imaging_cohort(dir.path(), 1);
    let work = dir.path().join("work");
    prepare(&plan, &work);
    let prepared = std::fs::read_to_string(work.join("prepared.json")).unwrap();
    for name in ["copy-00", "study-", "IM0001", ".dcm"] {
        assert!(!prepared.contains(name), "prepared.json names {name}");
    }
    let index: serde_json::Value = serde_json::from_str(&prepared).unwrap();
    let files = walkdir::WalkDir::new(dir.path().join("images"))
        .into_iter()
        .filter(|e| e.as_ref().unwrap().file_type().is_file())
        .count();
    assert_eq!(index["index"]["entries"].as_array().unwrap().len(), files);

    // An image of a unit in shard 1 of 2.
    let loaded = provestein::Plan::load(&plan).unwrap();
    let units = provestein::run::prepare(&loaded, &common::control())
        .unwrap()
        .units;
    let unit = units
        .iter()
        .find(|u| provestein::run::shard::shard_of(u.patient.as_deref().unwrap(), 2) == 1)
        .unwrap();
    let provestein::run::Input::Images(case) = &unit.input else {
        panic!("an imaging unit")
    };
    let image = case.images[0].path.clone();
    let original = std::fs::read(&image).unwrap();
    let mut changed = original.clone();
    *changed.last_mut().unwrap() ^= 1;
    std::fs::write(&image, &changed).unwrap();

    let o = score(&work, 0, 2);
    assert_eq!(o.status.code(), Some(0), "{}", output_text(&o));
    let o = score(&work, 1, 2);
    let text = output_text(&o);
    assert_eq!(o.status.code(), Some(3), "{text}");
    assert!(
        text.contains("a file of this shard changed since `provestein prepare` (the first: case-"),
        "{text}"
    );
    assert!(!text.contains("copy-00/"), "no path in the message: {text}");
    assert!(!work.join("shards/1-of-2.outcomes.json").exists());

    std::fs::write(&image, &original).unwrap();
    let o = score(&work, 1, 2);
    assert_eq!(o.status.code(), Some(0), "{}", output_text(&o));

    // A file added, then one removed: the listing is not the prepared one.
    let extra = image.with_file_name("EXTRA.dcm");
    std::fs::write(&extra, &original).unwrap();
    let o = score(&work, 0, 3);
    let text = output_text(&o);
    assert_eq!(o.status.code(), Some(3), "{text}");
    assert!(
        text.contains(
            "the cohort folder changed since `provestein prepare`: 1 new and 0 missing entries (the first new one: case-"
        ),
        "{text}"
    );
    std::fs::remove_file(&extra).unwrap();
    std::fs::remove_file(&image).unwrap();
    let text = output_text(&score(&work, 0, 3));
    assert!(
        text.contains("0 new and 1 missing entries; restore it"),
        "{text}"
    );
    std::fs::write(&image, &original).unwrap();
    let o = merge(&work, &dir.path().join("out"), &[]);
    assert!(
        matches!(o.status.code(), Some(0..=2)),
        "{}",
        output_text(&o)
    );
}

/// Rewrites shard K-of-N's outcomes with `change` and its manifest's hash to match, as a
/// shard that scored other units would have written them.
fn rewrite_outcomes(work: &Path, stem: &str, change: impl FnOnce(&mut Vec<serde_json::Value>)) {
    use sha2::Digest;
    let path = work.join(format!("shards/{stem}.outcomes.json"));
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut scored = v["scored"].as_array().unwrap().clone();
    change(&mut scored);
    v["scored"] = scored.into();
    let text = v.to_string();
    std::fs::write(&path, &text).unwrap();
    let manifest = work.join(format!("shards/{stem}.manifest.json"));
    let mut m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
    let sha: String = sha2::Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    m["outcomes_sha256"] = sha.into();
    std::fs::write(&manifest, m.to_string()).unwrap();
}

/// Coverage is checked unit by unit, whatever the manifests say: a unit in no shard, a unit
/// the prepared run does not have, and a unit in two shards each stop the merge, naming the
/// unit and the files.
#[test]
fn merge_refuses_a_unit_in_no_shard_an_unknown_unit_and_a_unit_in_two() {
    let dir = tempfile::tempdir().unwrap();
    let work = scored_imaging(dir.path());
    let out = dir.path().join("out");
    let first_unit = |stem: &str| -> String {
        let v: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(work.join(format!("shards/{stem}.outcomes.json"))).unwrap(),
        )
        .unwrap();
        v["scored"][0]["unit"].as_str().unwrap().to_string()
    };
    let gone = first_unit("1-of-3");
    let kept = std::fs::read(work.join("shards/1-of-3.outcomes.json")).unwrap();
    let kept_manifest = std::fs::read(work.join("shards/1-of-3.manifest.json")).unwrap();
    let restore = || {
        std::fs::write(work.join("shards/1-of-3.outcomes.json"), &kept).unwrap();
        std::fs::write(work.join("shards/1-of-3.manifest.json"), &kept_manifest).unwrap();
    };

    rewrite_outcomes(&work, "1-of-3", |s| {
        s.remove(0);
    });
    let text = output_text(&merge(&work, &out, &[]));
    assert!(
        text.contains("1 unit(s) are in no shard") && text.contains(&gone),
        "{text}"
    );
    restore();

    rewrite_outcomes(&work, "1-of-3", |s| {
        s[0]["unit"] = "case-notinthisrun".into();
    });
    let text = output_text(&merge(&work, &out, &[]));
    assert!(
        text.contains("1-of-3.outcomes.json")
            && text.contains("holds unit case-notinthisrun, which the prepared run does not have"),
        "{text}"
    );
    restore();

    let twice = first_unit("0-of-3");
    rewrite_outcomes(&work, "1-of-3", |s| {
        s[0]["unit"] = twice.clone().into();
    });
    let o = merge(&work, &out, &[]);
    let text = output_text(&o);
    assert_eq!(o.status.code(), Some(3), "{text}");
    assert!(
        text.contains(&format!("1-of-3.outcomes.json: scores unit {twice}, which"))
            && text.contains("0-of-3.outcomes.json scores too"),
        "{text}"
    );
    assert!(!out.join("report.json").exists());
    restore();
    let o = merge(&work, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", output_text(&o));
}

/// The merge reads the outcomes after it has prepared the run, each file checked again
/// against the hash coverage was checked with: a file changed in between is refused by name.
#[test]
fn outcomes_changed_after_the_coverage_check_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let work = scored_imaging(dir.path());
    let gathered = provestein::run::shard::gather(&work, false).unwrap();
    let all = gathered.outcomes().unwrap();
    let units: u64 = gathered.shards.iter().map(|s| s.units as u64).sum();
    assert_eq!(
        all.scored.len() as u64,
        units,
        "every shard's outcomes read"
    );
    let path = work.join("shards/2-of-3.outcomes.json");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push(' ');
    std::fs::write(&path, text).unwrap();
    let e = gathered.outcomes().unwrap_err().to_string();
    assert!(
        e.contains("2-of-3.outcomes.json") && e.contains("changed while the merge ran"),
        "{e}"
    );
}

/// A DICOM cohort scored by the vendor (a cloud product's scores joined by path), one score
/// row missing and one for no image, in 3 shards: each shard reads its own files and the
/// vendor's scores of its units; the merge gives the single-node report, the unmatched score
/// row and the unscored image included.
#[test]
fn a_vendor_scored_dicom_cohort_in_shards_merges_to_the_single_node_report() {
    let dir = tempfile::tempdir().unwrap();
    let demo = root().join("sample-studies/imaging-demo");
    let mut scores: Vec<String> = std::fs::read_to_string(demo.join("expected_scores.csv"))
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    scores.remove(3); // one image without a score
    scores.push("study-99/series-1/IM0001.dcm,0.5".into()); // a score for no image
    let scores_path = dir.path().join("scores.csv");
    std::fs::write(&scores_path, scores.join("\n") + "\n").unwrap();
    let text = common::vendor_scored(&common::imaging_demo_plan(), &scores_path);
    let plan = common::write_plan(dir.path(), &text);
    let json = merged_equals_batch(&plan);
    let unmatched = json["cohort"]["unmatched_predictions"].as_array().unwrap();
    assert!(
        unmatched.contains(&common::pseudonym("study-99/series-1/IM0001.dcm").into()),
        "{unmatched:?}"
    );
    assert!(
        json["cohort"]["excluded"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["reason"] == "no_score"),
        "{json}"
    );
}

/// A work folder inside a DICOM cohort's folder is refused before anything is written: the
/// shards' own files would change the cohort they score.
#[test]
fn a_work_folder_inside_the_cohort_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let plan = common::big_imaging_cohort(dir.path(), 1);
    let work = dir.path().join("images/copy-00/work");
    let o = run(&[
        os("prepare"),
        plan.as_os_str(),
        os("--work"),
        work.as_os_str(),
    ]);
    let text = output_text(&o);
    assert_eq!(o.status.code(), Some(3), "{text}");
    assert!(
        text.contains("is inside the cohort folder") && text.contains("outside it"),
        "{text}"
    );
    assert!(!work.exists(), "nothing written");
}
