//! One run past one machine (issue 18): `prepare_dir` writes a work folder on shared storage,
//! `score_shard` scores shard K of N on any node into its own files, `merge` checks that the
//! shards cover every unit exactly once and evaluates them as a single-node run would.
//!
//! Files, not SQLite: shared file systems (NFS, Lustre) do not keep SQLite's locks, so each
//! shard writes only its own two files, atomically (written beside, then renamed). The layout:
//!
//! ```text
//! DIR/plan.toml                       the plan as given, byte for byte
//! DIR/prepared.json                   run key, cohort/model SHA-256, ONNX Runtime, unit ids
//! DIR/pseudonym.key                   the key DICOM case ids are pseudonymised with
//! DIR/shards/K-of-N.outcomes.json     the shard's `Outcomes`
//! DIR/shards/K-of-N.manifest.json     host, runtime, CPU features, timing, outcomes SHA-256
//! ```
//!
//! A unit's shard is a stable hash of its patient key (or, without one, of its id), never its
//! place in a directory listing: a re-run or a node that fails and restarts gets the same
//! units, and a patient's units stay in one shard.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::control::Control;
use super::listing::CohortIndex;
use super::outcomes::Outcomes;
use super::prepare::{Part, Prepared, prepare, prepare_listed, prepare_part};
use crate::error::{Error, Result};
use crate::evaluation::Evaluation;
use crate::plan::Plan;
use crate::provenance::{ShardHash, sha256_hex};

/// The work folder's plan file.
pub const PLAN: &str = "plan.toml";
/// The work folder's index of the prepared run.
pub const PREPARED: &str = "prepared.json";
/// The work folder's pseudonym key.
pub const KEY: &str = "pseudonym.key";
/// The folder of the shards' files.
pub const SHARDS: &str = "shards";
/// Version of prepared.json and the shard manifests (2: a DICOM cohort's index).
const LAYOUT: u32 = 2;

/// The shard (0..n) a unit belongs to: [`shard_hash`] of its patient key (or id) modulo `n`.
pub fn shard_of(key: &str, n: usize) -> usize {
    (shard_hash(key) % n.max(1) as u64) as usize
}

/// SHA-256 of a unit's patient key (or id), its first 8 bytes big endian.
pub fn shard_hash(key: &str) -> u64 {
    let digest = Sha256::digest(key.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first)
}

/// What a unit's shard is taken from: its patient key, or its id without one.
pub fn shard_key(unit: &super::Unit) -> &str {
    unit.patient.as_deref().unwrap_or(&unit.id)
}

/// The units of shard `k` of `n`, in cohort order (indices into `prepared.units`).
pub fn selection(prepared: &Prepared, k: usize, n: usize) -> Vec<usize> {
    prepared
        .units
        .iter()
        .enumerate()
        .filter(|(_, u)| shard_of(shard_key(u), n) == k)
        .map(|(i, _)| i)
        .collect()
}

/// DIR/prepared.json: what every shard and the merge compare themselves against. Pseudonyms
/// and hashes only: no path, no patient key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreparedFile {
    pub layout: u32,
    /// The folder the plan's relative paths are relative to (the original plan's).
    pub plan_dir: PathBuf,
    pub run_key: String,
    pub cohort_sha256: String,
    pub model_sha256: Option<String>,
    pub onnxruntime: Option<String>,
    pub units: usize,
    /// `Unit::id` of every unit, in cohort order (pseudonyms for DICOM cohorts).
    pub unit_ids: Vec<String>,
    /// A DICOM cohort's folder as listed: a shard reads only its own files (`run::listing`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<CohortIndex>,
}

/// DIR/shards/K-of-N.manifest.json: where and how a shard was scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardManifest {
    pub layout: u32,
    pub shard: usize,
    pub shards: usize,
    pub host: String,
    pub onnxruntime: Option<String>,
    /// The run key the shard was scored under.
    pub run_key: String,
    /// x86-64 features that change ONNX Runtime's kernels (avx2, avx512f) found on the node.
    pub cpu_features: Vec<String>,
    pub units: usize,
    pub seconds: f64,
    /// SHA-256 of the outcomes file, as written.
    pub outcomes_sha256: String,
    /// The fidelity self-test run on this node (plans with a vendor manifest).
    #[serde(default)]
    pub fidelity: Option<serde_json::Value>,
}

/// What `score_shard` did.
#[derive(Debug, Clone, PartialEq)]
pub enum ShardDone {
    /// Scored now; `rescored` says the files there did not verify and were replaced.
    Scored {
        units: usize,
        seconds: f64,
        rescored: bool,
    },
    /// Its files were there and verified: nothing done.
    Skipped { units: usize },
}

/// A shard's file names, "K-of-N".
fn stem(k: usize, n: usize) -> String {
    format!("{k}-of-{n}")
}

pub fn outcomes_path(dir: &Path, k: usize, n: usize) -> PathBuf {
    dir.join(SHARDS)
        .join(format!("{}.outcomes.json", stem(k, n)))
}

pub fn manifest_path(dir: &Path, k: usize, n: usize) -> PathBuf {
    dir.join(SHARDS)
        .join(format!("{}.manifest.json", stem(k, n)))
}

fn shard_err(path: &Path, message: impl Into<String>) -> Error {
    Error::Shard {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// Writes `bytes` to `path` atomically: beside it first, then renamed, so that a reader on a
/// shared file system never sees half a file.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    let write = |p: &Path| std::fs::write(p, bytes);
    write(&tmp)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        })
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path, what: &str) -> Result<T> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        shard_err(
            path,
            format!(
                "cannot read the {what} ({e}); is this a work folder made by `provestein prepare`?"
            ),
        )
    })?;
    serde_json::from_str(&text)
        .map_err(|e| shard_err(path, format!("the {what} does not read ({e})")))
}

/// The plan of a work folder, its relative paths anchored where the original plan was.
fn load_plan(dir: &Path, prepared: &PreparedFile) -> Result<Plan> {
    let path = dir.join(PLAN);
    let text = crate::user_file::read_to_string(&path, "plan")?;
    Plan::parse(&text, &path, prepared.plan_dir.clone())
}

/// The plan's folder as an absolute path; a bare file name ("plan.toml", whose parent is the
/// empty path) is in the current folder.
fn plan_folder(plan_path: &Path) -> std::io::Result<PathBuf> {
    let parent = plan_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::path::absolute(parent)
}

/// `provestein prepare`: copies the plan into `dir`, prepares the run (the fidelity self-test
/// included) and writes prepared.json. The pseudonym key `ctl` names (the one beside the
/// history by default) is copied into `dir`, so that every shard and the merge name cases
/// as a `batch` on this machine does.
pub fn prepare_dir(plan_path: &Path, dir: &Path, ctl: &mut Control) -> Result<PreparedFile> {
    let text = crate::user_file::read(plan_path, "plan")?;
    let plan_dir = plan_folder(plan_path)
        .map_err(|e| shard_err(plan_path, format!("cannot resolve its folder: {e}")))?;
    let mkdir = |p: &Path| {
        std::fs::create_dir_all(p).map_err(|source| Error::Write {
            path: p.to_path_buf(),
            source,
        })
    };
    let plan = Plan::parse(
        std::str::from_utf8(&text).map_err(|_| shard_err(plan_path, "is not UTF-8 text"))?,
        plan_path,
        plan_dir.clone(),
    )?;
    // A work folder inside a DICOM cohort's folder would change the cohort as the shards
    // write their files: refused before anything is written.
    if plan.cohort.kind == crate::plan::CohortKind::Dicom {
        let cohort = std::path::absolute(plan.resolve(&plan.cohort.path));
        let work = std::path::absolute(dir);
        if let (Ok(cohort), Ok(work)) = (cohort, work)
            && work.starts_with(&cohort)
        {
            return Err(shard_err(
                dir,
                format!(
                    "is inside the cohort folder {}: the shards' files would become part of the cohort; choose a work folder outside it",
                    cohort.display()
                ),
            ));
        }
    }
    mkdir(&dir.join(SHARDS))?;
    // The key: the caller's (made there if new), copied into the folder.
    let key = ctl
        .pseudonym_key
        .clone()
        .unwrap_or_else(crate::privacy::pseudonym::default_key_path);
    crate::privacy::Pseudonymizer::load_or_create(&key)?;
    let key_bytes = crate::user_file::read(&key, "pseudonym key")?;
    write_atomic(&dir.join(KEY), &key_bytes)?;
    write_atomic(&dir.join(PLAN), &text)?;
    ctl.pseudonym_key = Some(dir.join(KEY));
    let prepared = prepare_listed(&plan, ctl)?;
    let file = PreparedFile {
        layout: LAYOUT,
        plan_dir,
        run_key: prepared.run_key.clone(),
        cohort_sha256: prepared.cohort_sha256.clone(),
        model_sha256: prepared.model_sha256.clone(),
        onnxruntime: prepared.onnxruntime.clone(),
        units: prepared.units.len(),
        unit_ids: prepared.units.iter().map(|u| u.id.to_string()).collect(),
        index: CohortIndex::of(&prepared),
    };
    let json = serde_json::to_string_pretty(&file).expect("plain data serialises");
    prepared.guard.check(&dir.join(PREPARED), &json)?;
    write_atomic(&dir.join(PREPARED), json.as_bytes())?;
    Ok(file)
}

/// Prepares the work folder's run again on this node for shard `k` of `n` and checks it is the
/// one prepared. Returns the units to score: a DICOM cohort's shard prepares only its own
/// (`run::listing`), any other cohort is prepared whole and its shard selected.
fn reprepare(
    dir: &Path,
    k: usize,
    n: usize,
    ctl: &mut Control,
) -> Result<(PreparedFile, Prepared, Vec<usize>)> {
    let file: PreparedFile = read_json(&dir.join(PREPARED), "prepared run")?;
    if file.layout != LAYOUT {
        return Err(shard_err(
            &dir.join(PREPARED),
            format!(
                "layout {} is not this version's ({LAYOUT}); prepare the folder again",
                file.layout
            ),
        ));
    }
    let plan = load_plan(dir, &file)?;
    ctl.pseudonym_key = Some(dir.join(KEY));
    let (prepared, wanted) = match &file.index {
        Some(index) => {
            if index.shard_hash.len() != file.unit_ids.len() {
                return Err(shard_err(
                    &dir.join(PREPARED),
                    "its index and its units disagree; prepare a new work folder",
                ));
            }
            let part = Part {
                index,
                cohort_sha256: &file.cohort_sha256,
                k,
                n,
            };
            let wanted: Vec<&str> = index
                .units_of(k, n)
                .into_iter()
                .map(|i| file.unit_ids[i].as_str())
                .collect();
            (prepare_part(&plan, ctl, &part)?, wanted)
        }
        None => (
            prepare(&plan, ctl)?,
            file.unit_ids.iter().map(String::as_str).collect(),
        ),
    };
    if prepared.run_key != file.run_key {
        return Err(shard_err(
            &dir.join(PREPARED),
            format!(
                "this node prepares another run (run key {} against {}): the cohort, model, preprocessing or ONNX Runtime version (here {}, prepared {}) changed since `provestein prepare`; restore them or prepare a new work folder",
                super::outcomes::short(&prepared.run_key),
                super::outcomes::short(&file.run_key),
                prepared.onnxruntime.as_deref().unwrap_or("none"),
                file.onnxruntime.as_deref().unwrap_or("none"),
            ),
        ));
    }
    let ids: Vec<&str> = prepared.units.iter().map(|u| u.id.as_str()).collect();
    if ids != wanted {
        return Err(shard_err(
            &dir.join(PREPARED),
            "the units indexed here are not those prepared (another pseudonym key?); prepare a new work folder",
        ));
    }
    let selection = match &file.index {
        Some(_) => prepared.all(),
        None => selection(&prepared, k, n),
    };
    Ok((file, prepared, selection))
}

/// Whether shard K-of-N's files are there and its outcomes match the hash its manifest holds:
/// the manifest and the outcomes file's bytes as read. None: not there. Some(Err(why)): there
/// but not verified.
fn verified(
    dir: &Path,
    k: usize,
    n: usize,
) -> Option<std::result::Result<(ShardManifest, Vec<u8>), String>> {
    let (op, mp) = (outcomes_path(dir, k, n), manifest_path(dir, k, n));
    if !op.exists() && !mp.exists() {
        return None;
    }
    let manifest: ShardManifest = match read_json(&mp, "shard manifest") {
        Ok(m) => m,
        Err(e) => return Some(Err(e.to_string())),
    };
    let bytes = match std::fs::read(&op) {
        Ok(b) => b,
        Err(e) => return Some(Err(format!("{}: {e}", op.display()))),
    };
    let sha = sha256_hex(&bytes);
    if sha != manifest.outcomes_sha256 {
        return Some(Err(format!(
            "{} has SHA-256 {}…, its manifest says {}… (changed after it was written)",
            op.display(),
            &sha[..12],
            super::outcomes::short(&manifest.outcomes_sha256)
        )));
    }
    Some(Ok((manifest, bytes)))
}

/// x86-64 features that select ONNX Runtime's kernels, as found on this node.
fn cpu_features() -> Vec<String> {
    #[allow(unused_mut)]
    let mut out = Vec::new();
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx2") {
            out.push("avx2".to_string());
        }
        if std::arch::is_x86_feature_detected!("avx512f") {
            out.push("avx512f".to_string());
        }
    }
    out
}

fn host() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "unknown".to_string())
}

/// `provestein score DIR --shard K/N`: scores shard `k` of `n` into its two files. A shard
/// whose files are there and verify is skipped (resumable). One whose outcomes no longer match
/// their manifest's hash (changed, half-copied) is scored again and replaced: its outcomes are
/// a function of the prepared run, so scoring again restores them, and `merge` refuses any
/// file that does not verify.
pub fn score_shard(dir: &Path, k: usize, n: usize, ctl: &mut Control) -> Result<ShardDone> {
    if n == 0 || k >= n {
        return Err(shard_err(
            dir,
            format!("shard {k}/{n} does not exist: K runs from 0 to N−1 and N is at least 1"),
        ));
    }
    let file: PreparedFile = read_json(&dir.join(PREPARED), "prepared run")?;
    let rescored = match verified(dir, k, n) {
        Some(Ok((m, _))) if m.run_key == file.run_key => {
            return Ok(ShardDone::Skipped { units: m.units });
        }
        Some(_) => true,
        None => false,
    };
    let started = std::time::Instant::now();
    let (file, prepared, selection) = reprepare(dir, k, n, ctl)?;
    let outcomes = super::score::score(&prepared, &selection, ctl)?;
    let op = outcomes_path(dir, k, n);
    let text = serde_json::to_string(&outcomes).expect("outcomes serialise");
    prepared.guard.check(&op, &text)?;
    write_atomic(&op, text.as_bytes())?;
    let seconds = started.elapsed().as_secs_f64();
    let manifest = ShardManifest {
        layout: LAYOUT,
        shard: k,
        shards: n,
        host: host(),
        onnxruntime: prepared.onnxruntime.clone(),
        run_key: file.run_key.clone(),
        cpu_features: cpu_features(),
        units: selection.len(),
        seconds,
        outcomes_sha256: sha256_hex(text.as_bytes()),
        fidelity: prepared
            .fidelity
            .as_ref()
            .and_then(|f| serde_json::to_value(f).ok()),
    };
    let json = serde_json::to_string_pretty(&manifest).expect("plain data serialises");
    write_atomic(&manifest_path(dir, k, n), json.as_bytes())?;
    Ok(ShardDone::Scored {
        units: selection.len(),
        seconds,
        rescored,
    })
}

/// The shards of a work folder, checked to cover every unit exactly once, and the hashes the
/// report lists; their outcomes are read as one by [`Gathered::outcomes`].
#[derive(Debug)]
pub struct Gathered {
    pub prepared: PreparedFile,
    /// Each outcomes file checked, with its SHA-256: read by [`Gathered::outcomes`].
    pub parts: Vec<(PathBuf, String)>,
    pub shards: Vec<ShardHash>,
}

/// Reads every shard of `dir` and checks them: each verifies against its manifest; one N for
/// all and every K of it present; one run key and ONNX Runtime version, that of prepared.json
/// (unless `allow_mixed`); every unit in exactly one shard. Errors name the file.
pub fn gather(dir: &Path, allow_mixed: bool) -> Result<Gathered> {
    let prepared: PreparedFile = read_json(&dir.join(PREPARED), "prepared run")?;
    let shards_dir = dir.join(SHARDS);
    let listing = std::fs::read_dir(&shards_dir)
        .map_err(|e| shard_err(&shards_dir, format!("cannot list the shards ({e})")))?;
    // (n, k) of every outcomes file.
    let mut found: Vec<(usize, usize)> = Vec::new();
    for entry in listing.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".outcomes.json") else {
            continue;
        };
        let parsed = stem
            .split_once("-of-")
            .and_then(|(k, n)| Some((n.parse::<usize>().ok()?, k.parse::<usize>().ok()?)));
        match parsed {
            Some((n, k)) if k < n => found.push((n, k)),
            _ => {
                return Err(shard_err(
                    &entry.path(),
                    "is not named K-of-N.outcomes.json with K < N; remove it from the shards folder",
                ));
            }
        }
    }
    found.sort();
    if found.is_empty() {
        return Err(shard_err(
            &shards_dir,
            "holds no shard outcomes; run `provestein score DIR --shard K/N` for every K first",
        ));
    }
    let ns: std::collections::BTreeSet<usize> = found.iter().map(|(n, _)| *n).collect();
    if ns.len() > 1 && !allow_mixed {
        let list: Vec<String> = ns.iter().map(|n| format!("N = {n}")).collect();
        return Err(shard_err(
            &shards_dir,
            format!(
                "holds shards of different splits ({}); remove those of the other runs, or merge with --allow-mixed (coverage is still checked unit by unit)",
                list.join(", ")
            ),
        ));
    }
    if ns.len() == 1 {
        let n = found[0].0;
        for k in 0..n {
            if !found.contains(&(n, k)) {
                return Err(shard_err(
                    &outcomes_path(dir, k, n),
                    format!(
                        "is missing: shard {k} of {n} has not been scored (or its output was lost); run `provestein score DIR --shard {k}/{n}` and merge again"
                    ),
                ));
            }
        }
    }
    let mut parts = Vec::with_capacity(found.len());
    let mut shards = Vec::with_capacity(found.len());
    // Each unit's place in prepared.json, and which shard file (its place in `found`) scores
    // it: two small numbers a unit, where a map of ids to file paths was hundreds of MB at
    // two million units.
    const NONE: u32 = u32::MAX;
    let place: HashMap<&str, u32, foldhash::fast::RandomState> = prepared
        .unit_ids
        .iter()
        .enumerate()
        .map(|(i, u)| (u.as_str(), i as u32))
        .collect();
    let mut owner: Vec<u32> = vec![NONE; prepared.unit_ids.len()];
    for (file, &(n, k)) in found.iter().enumerate() {
        let op = outcomes_path(dir, k, n);
        let (manifest, bytes) = match verified(dir, k, n) {
            Some(Ok(verified)) => verified,
            Some(Err(why)) => {
                return Err(shard_err(
                    &op,
                    format!(
                        "does not verify: {why}; score the shard again (`provestein score DIR --shard {k}/{n}`)"
                    ),
                ));
            }
            None => unreachable!("listed above"),
        };
        if !allow_mixed {
            if manifest.onnxruntime != prepared.onnxruntime {
                return Err(shard_err(
                    &manifest_path(dir, k, n),
                    format!(
                        "was scored with ONNX Runtime {} where the run was prepared with {}; score it again on a node with the prepared runtime, or merge with --allow-mixed",
                        manifest.onnxruntime.as_deref().unwrap_or("none"),
                        prepared.onnxruntime.as_deref().unwrap_or("none")
                    ),
                ));
            }
            if manifest.run_key != prepared.run_key {
                return Err(shard_err(
                    &manifest_path(dir, k, n),
                    format!(
                        "belongs to another run (run key {} against the prepared {}): another cohort, model or preprocessing; score it again, or merge with --allow-mixed",
                        super::outcomes::short(&manifest.run_key),
                        super::outcomes::short(&prepared.run_key)
                    ),
                ));
            }
        }
        // The bytes just verified, read for their ids (the outcomes are read once the merging
        // node has prepared the run).
        let part: Covered = serde_json::from_slice(&bytes)
            .map_err(|e| shard_err(&op, format!("the shard outcomes do not read ({e})")))?;
        drop(bytes);
        if !allow_mixed && part.run_key != prepared.run_key {
            return Err(shard_err(
                &op,
                format!(
                    "holds outcomes of another run (run key {}); score it again",
                    super::outcomes::short(&part.run_key)
                ),
            ));
        }
        let mut units: Vec<&str> = part.scored.iter().map(|s| s.unit.as_str()).collect();
        units.sort_unstable();
        units.dedup();
        for u in &units {
            let Some(&i) = place.get(u) else {
                return Err(shard_err(
                    &op,
                    format!("holds unit {u}, which the prepared run does not have"),
                ));
            };
            let first = std::mem::replace(&mut owner[i as usize], file as u32);
            if first != NONE {
                let (n1, k1) = found[first as usize];
                return Err(shard_err(
                    &op,
                    format!(
                        "scores unit {u}, which {} scores too: a unit must be in exactly one shard; remove the shards of the other split",
                        outcomes_path(dir, k1, n1).display()
                    ),
                ));
            }
        }
        drop(units);
        shards.push(ShardHash {
            file: op
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default(),
            sha256: manifest.outcomes_sha256.clone(),
            units: manifest.units,
            onnxruntime: manifest.onnxruntime.clone(),
        });
        parts.push((op, manifest.outcomes_sha256.clone()));
    }
    drop(place);
    let missing: Vec<&str> = prepared
        .unit_ids
        .iter()
        .zip(&owner)
        .filter(|(_, o)| **o == NONE)
        .map(|(u, _)| u.as_str())
        .collect();
    if !missing.is_empty() {
        return Err(shard_err(
            &shards_dir,
            format!(
                "{} unit(s) are in no shard (first: {}); score the shards they belong to",
                missing.len(),
                missing[..missing.len().min(5)].join(", ")
            ),
        ));
    }
    // Files in a stable order, whatever order the shards finished in.
    let order: BTreeMap<(usize, usize), ShardHash> = found.iter().copied().zip(shards).collect();
    Ok(Gathered {
        prepared,
        parts,
        shards: order.into_values().collect(),
    })
}

/// A shard's outcomes as the coverage check reads them: the run key and each unit's id.
#[derive(Deserialize)]
struct Covered {
    run_key: String,
    scored: Vec<CoveredUnit>,
}

#[derive(Deserialize)]
struct CoveredUnit {
    unit: String,
}

impl Gathered {
    /// The shards' outcomes as one, each file read again and checked against the SHA-256 its
    /// manifest held when [`gather`] checked it. Read after the merging node has prepared the
    /// run, so that the outcomes are not held while the cohort is read (a third of a
    /// 2-million-case merge's peak memory). Mixed runs allowed, the parts count as the
    /// prepared run's.
    pub fn outcomes(&self) -> Result<Outcomes> {
        let mut all = Outcomes {
            run_key: self.prepared.run_key.clone(),
            // One outcome a unit for the plan's own source: grown part by part, the list
            // was copied as it doubled.
            scored: Vec::with_capacity(self.prepared.units),
        };
        for (path, sha) in &self.parts {
            let bytes = std::fs::read(path)
                .map_err(|e| shard_err(path, format!("cannot read it again ({e})")))?;
            if sha256_hex(&bytes) != *sha {
                return Err(shard_err(
                    path,
                    "changed while the merge ran; score the shard again and merge again",
                ));
            }
            let part: Outcomes = serde_json::from_slice(&bytes)
                .map_err(|e| shard_err(path, format!("the shard outcomes do not read ({e})")))?;
            drop(bytes);
            all.scored.extend(part.scored);
        }
        Ok(all)
    }
}

/// The evaluation of gathered shards: the run prepared again here (its key checked), the
/// outcomes evaluated as `run` evaluates its own, the shards listed in the provenance.
/// `ctl.pseudonym_key` must name the folder's key (`DIR/pseudonym.key`).
pub fn evaluate_gathered(dir: &Path, gathered: Gathered, ctl: &Control) -> Result<Evaluation> {
    let plan = load_plan(dir, &gathered.prepared)?;
    evaluate_plan(&plan, gathered, ctl)
}

/// As [`evaluate_gathered`] for a plan already loaded (the session's). Takes the outcomes, as
/// `run` does its own, so that they and the prepared units are freed as the results are made.
pub fn evaluate_plan(plan: &Plan, mut gathered: Gathered, ctl: &Control) -> Result<Evaluation> {
    // The unit ids served the coverage check: not held while the cohort is read.
    gathered.prepared.unit_ids = Vec::new();
    let run_key = gathered.prepared.run_key.clone();
    let prepared = prepare(plan, ctl)?;
    if prepared.run_key != run_key {
        return Err(Error::Outcomes(format!(
            "the merging node prepares another run (run key {} against the prepared {}): the cohort, model or ONNX Runtime changed since `provestein prepare`",
            super::outcomes::short(&prepared.run_key),
            super::outcomes::short(&run_key)
        )));
    }
    let outcomes = gathered.outcomes()?;
    let Gathered { shards, .. } = gathered;
    let mut eval = super::evaluate::evaluate_owned(prepared, outcomes, ctl)?;
    eval.provenance.shards = shards;
    Ok(eval)
}

/// The plan of a work folder, for a caller that runs the merge in a session.
pub fn plan_of(dir: &Path) -> Result<Plan> {
    let file: PreparedFile = read_json(&dir.join(PREPARED), "prepared run")?;
    load_plan(dir, &file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_plan_file_name_is_in_the_current_folder() {
        let here = std::env::current_dir().unwrap();
        // Was an error: the parent of "plan.toml" is "", which has no absolute form.
        let bare = plan_folder(Path::new("plan.toml")).unwrap();
        assert!(bare.is_absolute());
        assert_eq!(bare.canonicalize().unwrap(), here.canonicalize().unwrap());
        assert_eq!(
            plan_folder(Path::new("a/plan.toml")).unwrap(),
            here.join("a")
        );
        assert_eq!(
            plan_folder(Path::new("/x/y/plan.toml")).unwrap(),
            Path::new("/x/y")
        );
    }

    #[test]
    fn shard_of_is_the_documented_hash() {
        // Python: int.from_bytes(hashlib.sha256(b"p1").digest()[:8], "big") % 7 == 2, % 3 == 0
        // (first bytes f64551fcd6f07823); "case-abc": 6 and 1 (0998fcfcb408bff4).
        assert_eq!(shard_of("p1", 7), 2);
        assert_eq!(shard_of("p1", 3), 0);
        assert_eq!(shard_of("case-abc", 7), 6);
        assert_eq!(shard_of("case-abc", 3), 1);
        assert_eq!(shard_of("anything", 1), 0);
        // Not every key in one shard: 100 keys over 3 shards hit each.
        let mut seen = [0usize; 3];
        for i in 0..100 {
            seen[shard_of(&format!("patient-{i}"), 3)] += 1;
        }
        assert!(seen.iter().all(|&c| c > 10), "{seen:?}");
    }
}
