//! The Slurm glue on a real Slurm (issue 18): deploy/slurm/submit.sh prepares the imaging demo,
//! submits the score array (N = 3) and the merge that depends on it, on the one-node cluster
//! of scripts/slurm-test-cluster.sh; the merged report.json must equal a single-node `batch` of
//! the same plan but for what tests/workflow/shard.rs leaves out (common::merge_normalised).
//!
//! Where no cluster answers, the test prints `skipped: <why>` and passes, unless
//! PROVESTEIN_SLURM_REQUIRED=1 (scripts/test.sh sets it when it started the cluster, as in
//! CI): then a missing cluster is a failure.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{merge_normalised, onnxruntime, output_text, report_json, root};

/// How long the array and the merge may take before the test gives up (cancelling both).
const BOUND: Duration = Duration::from_secs(600);

/// The slurm.conf to use: $SLURM_CONF, else the one scripts/slurm-test-cluster.sh writes.
fn slurm_conf() -> Option<PathBuf> {
    if let Some(c) = std::env::var_os("SLURM_CONF") {
        return Some(PathBuf::from(c));
    }
    let dir = std::env::var_os("PROVESTEIN_SLURM_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp/provestein-slurm"));
    let c = dir.join("slurm.conf");
    c.exists().then_some(c)
}

fn slurm(program: &str, conf: &Path) -> Command {
    let mut c = Command::new(program);
    c.env("SLURM_CONF", conf);
    c
}

/// Why the cluster cannot be used, if it cannot.
fn unavailable() -> Result<PathBuf, String> {
    let conf = slurm_conf().ok_or(
        "no SLURM_CONF and no /tmp/provestein-slurm/slurm.conf: start the cluster with `bash scripts/slurm-test-cluster.sh start`",
    )?;
    if !conf.exists() {
        return Err(format!(
            "SLURM_CONF names {}, which does not exist",
            conf.display()
        ));
    }
    // Bounded: sinfo retries a controller that does not answer.
    let o = slurm("timeout", &conf)
        .args(["20", "sinfo", "-h", "-o", "%T"])
        .output()
        .map_err(|e| format!("timeout(1) cannot be run: {e}"))?;
    if o.status.code() == Some(127) {
        return Err("sinfo is not installed (Debian: slurm-client)".into());
    }
    let state = String::from_utf8_lossy(&o.stdout).trim().to_string();
    if !o.status.success() {
        return Err(format!(
            "sinfo ({}) failed: {}",
            conf.display(),
            String::from_utf8_lossy(&o.stderr).trim()
        ));
    }
    if !matches!(state.trim_end_matches('*'), "idle" | "mixed" | "allocated") {
        return Err(format!("the node is '{state}', not idle"));
    }
    Ok(conf)
}

/// `scontrol show job -o ID`'s field, for the job or each task of an array.
fn job_states(conf: &Path, id: &str) -> Result<Vec<String>, String> {
    let o = slurm("scontrol", conf)
        .args(["show", "job", "-o", id])
        .output()
        .unwrap();
    if !o.status.success() {
        return Err(String::from_utf8_lossy(&o.stderr).into_owned());
    }
    Ok(String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter_map(|l| {
            l.split_whitespace()
                .find_map(|f| f.strip_prefix("JobState="))
                .map(str::to_string)
        })
        .collect())
}

/// Waits until the job is no longer pending or running; its final state.
fn wait(conf: &Path, id: &str, logs: &Path) -> String {
    let start = Instant::now();
    loop {
        let states = job_states(conf, id)
            .unwrap_or_else(|e| panic!("scontrol lost job {id}: {e}\n{}", job_logs(logs)));
        match states.as_slice() {
            [s] if !matches!(
                s.as_str(),
                "PENDING" | "RUNNING" | "CONFIGURING" | "COMPLETING"
            ) =>
            {
                return s.clone();
            }
            _ => {}
        }
        if start.elapsed() > BOUND {
            let _ = slurm("scancel", conf).arg(id).status();
            panic!(
                "job {id} still {states:?} after {BOUND:?}: cancelled\n{}",
                job_logs(logs)
            );
        }
        std::thread::sleep(Duration::from_millis(500));
    }
}

/// Every job log of the work folder, for a failure message.
fn job_logs(logs: &Path) -> String {
    let mut out = String::new();
    let mut files: Vec<_> = std::fs::read_dir(logs)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        out.push_str(&format!("--- {}\n{text}", f.display()));
    }
    out
}

/// Skips (passes, saying why) without a cluster unless scripts/test.sh started one.
#[test]
fn slurm_array_and_dependent_merge_equal_batch_skipped_without_a_cluster() {
    let conf = match unavailable() {
        Ok(c) => c,
        Err(why) if std::env::var("PROVESTEIN_SLURM_REQUIRED").as_deref() == Ok("1") => {
            panic!("the Slurm test cluster was started but cannot be used: {why}")
        }
        Err(why) => {
            println!("skipped: {why}");
            return;
        }
    };
    let plan = root().join("sample-studies/imaging-demo/plan.toml");
    // Under /tmp, which the jobs (root, same machine) read and write.
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history.sqlite");
    let work = dir.path().join("work");
    let out = dir.path().join("merged");

    // The single-node reference, with the pseudonym key the submission's prepare will take.
    let single = dir.path().join("single");
    let o = Command::new(env!("CARGO_BIN_EXE_provestein"))
        .arg("batch")
        .arg(&plan)
        .arg("--out")
        .arg(&single)
        .arg("--no-history")
        .env("PROVESTEIN_HISTORY", &history)
        .env("ORT_DYLIB_PATH", onnxruntime())
        .output()
        .unwrap();
    assert!(
        matches!(o.status.code(), Some(0..=2)),
        "{}",
        output_text(&o)
    );

    let started = Instant::now();
    let o = slurm("bash", &conf)
        .arg(root().join("deploy/slurm/submit.sh"))
        .env("PROVESTEIN_BIN", env!("CARGO_BIN_EXE_provestein"))
        .env("PROVESTEIN_PLAN", &plan)
        .env("PROVESTEIN_WORK", &work)
        .env("PROVESTEIN_OUT", &out)
        .env("PROVESTEIN_SHARDS", "3")
        .env("PROVESTEIN_THROTTLE", "2")
        .env("PROVESTEIN_HISTORY", &history)
        .env("PROVESTEIN_NO_HISTORY", "1")
        // One CPU a shard: two shards at once on a 2-CPU node, and a 1-CPU runner still fits.
        .env("PROVESTEIN_SCORE_SBATCH_ARGS", "--cpus-per-task=1")
        .env("PROVESTEIN_MERGE_SBATCH_ARGS", "--cpus-per-task=1")
        .env("ORT_DYLIB_PATH", onnxruntime())
        .env_remove("SLURM_ARRAY_TASK_ID")
        .env_remove("JOB_COMPLETION_INDEX")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", output_text(&o));
    let stdout = String::from_utf8_lossy(&o.stdout);
    let id = |key: &str| -> String {
        stdout
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .unwrap_or_else(|| panic!("submit.sh printed no {key}: {stdout}"))
            .to_string()
    };
    let (array, merge) = (id("array_job="), id("merge_job="));
    let logs = work.join("logs");

    let state = wait(&conf, &merge, &logs);
    println!(
        "submit → merged report: {:.1} s (array {array}, merge {merge})",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(state, "COMPLETED", "the merge job\n{}", job_logs(&logs));
    assert_eq!(
        job_states(&conf, &array).unwrap(),
        ["COMPLETED"; 3],
        "three array tasks, each done"
    );
    // Array task K scored shard K of 3, each in its own job.
    for k in 0..3 {
        let log = std::fs::read_to_string(logs.join(format!("score-{array}_{k}.out")))
            .unwrap_or_else(|e| panic!("task {k}'s log: {e}\n{}", job_logs(&logs)));
        assert!(log.contains(&format!("{k}/3")), "task {k}: {log}");
        assert!(work.join(format!("shards/{k}-of-3.outcomes.json")).exists());
    }

    let got = report_json(&out);
    let files: Vec<&str> = got["provenance"]["shards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "0-of-3.outcomes.json",
            "1-of-3.outcomes.json",
            "2-of-3.outcomes.json"
        ]
    );
    assert_eq!(
        merge_normalised(got),
        merge_normalised(report_json(&single)),
        "the merged report is the single-node one"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("predictions.csv")).unwrap(),
        std::fs::read_to_string(single.join("predictions.csv")).unwrap()
    );
}
