//! A DICOM cohort's folder as `prepare` found it, for the shards of a run past one machine
//! (`shard`): every entry named by a keyed token (never by its path, which a PACS export fills
//! with names and IDs), with its content's SHA-256 and the unit it belongs to. A shard lists
//! the folder without opening a file, checks that the listing is the prepared one, and reads
//! only its own units' files, each checked against its SHA-256; the merge alone reads the whole
//! cohort again. Reading every header on every shard made a run's work grow as N × cohort.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::prepare::Prepared;
use super::unit::Input;
use crate::error::{Error, Result};
use crate::privacy::Pseudonymizer;

/// The token's HMAC domain: a token is not a case's pseudonym.
const DOMAIN: &str = "provestein listed file";

/// What `prepare` keeps of a DICOM cohort's listing, in memory only (it holds paths).
#[derive(Debug, Clone, Default)]
pub(crate) struct Listed {
    /// Every listed entry's path relative to the cohort folder and, for an image, the SHA-256
    /// of its contents (None: a DICOMDIR, or a file that was refused).
    pub(crate) entries: Vec<(String, Option<String>)>,
    pub(crate) labels_sha256: String,
}

/// prepared.json's index of a DICOM cohort: tokens and hashes, no path and no patient key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CohortIndex {
    /// SHA-256 of the labels file.
    pub labels_sha256: String,
    /// Per unit, in prepared.json's unit order, the hash its shard is taken from
    /// (`shard::shard_hash` of its patient key or id).
    pub shard_hash: Vec<u64>,
    /// Every entry of the cohort folder, in listing order.
    pub entries: Vec<Entry>,
}

/// One listed entry of the cohort folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// HMAC-SHA256 of its relative path with the work folder's pseudonym key, 16 bytes in hex.
    pub token: String,
    /// The SHA-256 of an image file's contents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// The unit (its place in prepared.json's units) whose image it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<u32>,
}

impl CohortIndex {
    /// The index of a prepared DICOM cohort; None for other cohorts, which a shard prepares
    /// whole (reading a CSV is cheap beside scoring it).
    pub(crate) fn of(prepared: &Prepared) -> Option<CohortIndex> {
        let listed = prepared.listed.as_ref()?;
        let pseudo = prepared.pseudonyms.as_ref()?;
        let mut unit_of: HashMap<&str, u32> = HashMap::new();
        for (i, unit) in prepared.units.iter().enumerate() {
            if let Input::Images(case) = &unit.input {
                for image in &case.images {
                    unit_of.insert(image.rel_path.as_str(), i as u32);
                }
            }
        }
        Some(CohortIndex {
            labels_sha256: listed.labels_sha256.clone(),
            shard_hash: prepared
                .units
                .iter()
                .map(|u| super::shard::shard_hash(super::shard::shard_key(u)))
                .collect(),
            entries: listed
                .entries
                .iter()
                .map(|(rel, sha)| Entry {
                    token: pseudo.token(DOMAIN, rel),
                    sha256: sha.clone(),
                    unit: unit_of.get(rel.as_str()).copied(),
                })
                .collect(),
        })
    }

    /// The units of shard `k` of `n`, as places in prepared.json's units, in order.
    pub fn units_of(&self, k: usize, n: usize) -> Vec<usize> {
        self.shard_hash
            .iter()
            .enumerate()
            .filter(|(_, h)| (**h % n.max(1) as u64) as usize == k)
            .map(|(i, _)| i)
            .collect()
    }

    /// The files of shard `k` of `n` (relative path → SHA-256), after checking that `listed`
    /// (the folder's entries now) is the prepared listing: an entry new or gone since is an
    /// error saying how many, the first named by its pseudonym.
    pub(crate) fn files_of<'a>(
        &self,
        root: &Path,
        listed: impl Iterator<Item = &'a str>,
        pseudo: &Pseudonymizer,
        k: usize,
        n: usize,
    ) -> Result<HashMap<String, String>> {
        let by_token: HashMap<&str, &Entry> =
            self.entries.iter().map(|e| (e.token.as_str(), e)).collect();
        let mine: HashSet<usize> = self.units_of(k, n).into_iter().collect();
        let mut files = HashMap::new();
        let mut seen = 0usize;
        let mut new = Vec::new();
        for rel in listed {
            match by_token.get(pseudo.token(DOMAIN, rel).as_str()) {
                Some(entry) => {
                    seen += 1;
                    if let (Some(unit), Some(sha)) = (entry.unit, &entry.sha256)
                        && mine.contains(&(unit as usize))
                    {
                        files.insert(rel.to_string(), sha.clone());
                    }
                }
                None => new.push(rel),
            }
        }
        let gone = self.entries.len() - seen.min(self.entries.len());
        if !new.is_empty() || gone > 0 {
            let first = new
                .first()
                .map(|rel| format!(" (the first new one: {})", pseudo.pseudonym(rel)))
                .unwrap_or_default();
            return Err(Error::Shard {
                path: root.to_path_buf(),
                message: format!(
                    "the cohort folder changed since `provestein prepare`: {} new and {gone} missing entries{first}; restore it, or prepare a new work folder",
                    new.len()
                ),
            });
        }
        Ok(files)
    }
}
