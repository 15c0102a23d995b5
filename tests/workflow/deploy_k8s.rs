//! deploy/k8s/ read into the Kubernetes API types (k8s-openapi, as `kubectl apply` would
//! validate them against the API): unknown or misspelt fields fail, and so does a manifest that
//! drifts from the others or from the CLI — an Indexed score Job whose `completions` is not its
//! `--shards N`, a volume that is not ReadWriteMany, a merge on another claim or folder.

use crate::common::root;

use k8s_openapi::api::batch::v1::{Job, JobSpec};
use k8s_openapi::api::core::v1::{Container, PersistentVolumeClaim, PodSpec};
use serde::Deserialize;
use serde::de::DeserializeOwned;

/// Every YAML document of deploy/k8s/NAME as T. k8s-openapi, like the API server's lenient
/// decoding, ignores a field it does not know, so each document is also written back and
/// compared: a misspelt or misplaced field is named.
fn documents<T: DeserializeOwned + serde::Serialize>(name: &str) -> Vec<T> {
    let path = root().join("deploy/k8s").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    serde_norway::Deserializer::from_str(&text)
        .map(|doc| {
            let value = serde_json::Value::deserialize(doc).unwrap();
            let back: T = serde_json::from_value(value.clone())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            if let Some(field) = unknown(&value, &serde_json::to_value(&back).unwrap()) {
                panic!(
                    "{}: {field} is not a field of the Kubernetes API here",
                    path.display()
                );
            }
            back
        })
        .collect()
}

/// The first member of `given` that did not survive the API type (`read`), as a dotted path.
fn unknown(given: &serde_json::Value, read: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    match (given, read) {
        (Value::Object(g), Value::Object(r)) => g.iter().find_map(|(k, v)| match r.get(k) {
            None | Some(Value::Null) => Some(k.clone()),
            Some(w) => unknown(v, w).map(|rest| format!("{k}.{rest}")),
        }),
        (Value::Array(g), Value::Array(r)) => g
            .iter()
            .zip(r)
            .enumerate()
            .find_map(|(i, (v, w))| unknown(v, w).map(|rest| format!("{i}.{rest}"))),
        _ => None,
    }
}

fn job(name: &str) -> Job {
    let mut jobs = documents::<Job>(name);
    assert_eq!(jobs.len(), 1, "{name}: one Job");
    jobs.remove(0)
}

fn spec(job: &Job) -> &JobSpec {
    job.spec.as_ref().unwrap()
}

fn pod(job: &Job) -> &PodSpec {
    spec(job).template.spec.as_ref().unwrap()
}

fn container(job: &Job) -> &Container {
    let pod = pod(job);
    assert_eq!(pod.containers.len(), 1);
    assert_eq!(
        pod.restart_policy.as_deref(),
        Some("Never"),
        "a failed pod is a failed (index of the) Job, retried by the Job"
    );
    &pod.containers[0]
}

fn command(job: &Job) -> Vec<&str> {
    container(job)
        .command
        .as_ref()
        .unwrap()
        .iter()
        .map(String::as_str)
        .collect()
}

/// The claim mounted at `path` in the job's container.
fn claim_at<'a>(job: &'a Job, path: &str) -> &'a str {
    let mount = container(job)
        .volume_mounts
        .as_ref()
        .unwrap()
        .iter()
        .find(|m| m.mount_path == path)
        .unwrap_or_else(|| panic!("nothing mounted at {path}"));
    let volume = pod(job)
        .volumes
        .as_ref()
        .unwrap()
        .iter()
        .find(|v| v.name == mount.name)
        .unwrap();
    &volume.persistent_volume_claim.as_ref().unwrap().claim_name
}

/// The value after `flag` in a command.
fn after<'a>(cmd: &[&'a str], flag: &str) -> &'a str {
    let i = cmd.iter().position(|a| *a == flag).unwrap();
    cmd[i + 1]
}

#[test]
fn manifests_are_kubernetes_objects_and_agree_with_each_other_and_the_cli() {
    let claims = documents::<PersistentVolumeClaim>("volumes.yaml");
    let modes = |name: &str| -> Vec<String> {
        let c = claims
            .iter()
            .find(|c| c.metadata.name.as_deref() == Some(name))
            .unwrap_or_else(|| panic!("no claim {name}"));
        c.spec.as_ref().unwrap().access_modes.clone().unwrap()
    };
    assert_eq!(
        modes("provestein-shared"),
        ["ReadWriteMany"],
        "every shard's pod writes the work folder"
    );
    assert_eq!(
        modes("provestein-history"),
        ["ReadWriteOnce"],
        "SQLite is not put on a network filesystem"
    );

    let prepare = job("prepare-job.yaml");
    let score = job("score-job.yaml");
    let merge = job("merge-job.yaml");

    // Score: an Indexed Job of N completions, each `score WORK --shards N`.
    let s = spec(&score);
    assert_eq!(s.completion_mode.as_deref(), Some("Indexed"));
    let cmd = command(&score);
    assert_eq!(&cmd[..2], ["provestein", "score"]);
    assert!(
        !cmd.contains(&"--shard"),
        "K comes from JOB_COMPLETION_INDEX"
    );
    let n: i32 = after(&cmd, "--shards").parse().unwrap();
    assert_eq!(s.completions, Some(n), "completions = --shards N");
    let parallelism = s.parallelism.unwrap();
    assert!((1..=n).contains(&parallelism));
    let work = cmd[2];

    // Prepare writes that work folder; merge reads it and writes the report beside.
    let p = command(&prepare);
    assert_eq!(&p[..2], ["provestein", "prepare"]);
    assert_eq!(after(&p, "--work"), work);
    let m = command(&merge);
    assert_eq!(&m[..3], ["provestein", "merge", work]);
    assert!(after(&m, "--out").starts_with(work));
    assert!(!m.contains(&"--allow-mixed"), "mixed runtimes are refused");
    for j in [&prepare, &merge] {
        assert_eq!(spec(j).completion_mode, None, "one pod");
        assert_eq!(spec(j).completions, None);
    }

    // One shared claim under the work folder in all three, the history only in prepare and
    // merge, and the same history in both (the pseudonym key is taken from beside it).
    let shared = "/shared";
    assert!(work.starts_with(shared));
    for j in [&prepare, &score, &merge] {
        assert_eq!(claim_at(j, shared), "provestein-shared");
        assert_eq!(
            container(j).image,
            container(&score).image,
            "one image, one runtime"
        );
    }
    let history = after(&p, "--history");
    assert_eq!(after(&m, "--history"), history);
    let folder = std::path::Path::new(history).parent().unwrap();
    assert_eq!(
        claim_at(&prepare, folder.to_str().unwrap()),
        "provestein-history"
    );
    assert_eq!(
        claim_at(&merge, folder.to_str().unwrap()),
        "provestein-history"
    );
    assert!(
        !pod(&score)
            .volumes
            .as_ref()
            .unwrap()
            .iter()
            .any(|v| v.name == "history"),
        "shards never open the history"
    );
}
