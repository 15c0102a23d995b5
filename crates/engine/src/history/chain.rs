//! The hash chain over finished runs. Record k's hash is SHA-256 of the previous record's hash
//! and a canonical text of record k: every stored field of the run (plan text, hashes, user,
//! times, verdict, the whole report.json) and a digest of its cases (one canonical line per
//! case, whether stored as rows or as one blob). Editing any field or any
//! case, deleting or reordering a record, changes a hash that a later record (or the head)
//! fixes, and `verify` names the first record where the chain no longer holds.

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

/// The chain's start: the "previous hash" of the first record.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

const FIELDS: &str =
    "id, status, started, finished, user, study, plan_path, plan_toml, plan_sha256,
    model_sha256, cohort_sha256, predictions_sha256, software, onnxruntime, verdict, report_json,
    error, chain_seq, report_pdf";

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Verification {
    /// Finished runs in the chain.
    pub records: usize,
    /// The last record's hash: write it down (or into a signed report) to detect a rewritten
    /// file later.
    pub head: Option<String>,
    /// The first record at which the chain breaks, if any: a finished run, the anchor
    /// (`anchor.rs`), or an unfinished run's journal (`journal.rs`).
    pub broken: Option<Broken>,
    /// Unfinished runs whose journal verified.
    pub journals: usize,
    /// Something `verify` did that the user should know (an anchor made for an older history).
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Broken {
    /// The run id of the first record that does not verify.
    pub run: i64,
    pub reason: String,
}

/// Links finished run `id` to the chain's head and stores its hash (inside the caller's
/// transaction): its place in the chain and its hash. `stored`: the cases its blob was just
/// made from, hashed from memory as the blob decodes (the same lines; `cases::tests` checks
/// the round trip): decoding a million cases again was a third of the history's write.
pub fn link(
    conn: &Connection,
    id: i64,
    stored: Option<&[crate::evaluation::CaseResult]>,
) -> rusqlite::Result<(i64, String)> {
    let head: Option<(i64, String)> = conn
        .query_row(
            "SELECT chain_seq, hash FROM runs WHERE chain_seq IS NOT NULL
             ORDER BY chain_seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (seq, prev) = head.map_or((1, GENESIS.to_string()), |(s, h)| (s + 1, h));
    conn.execute(
        "UPDATE runs SET chain_seq = ?2, prev_hash = ?3 WHERE id = ?1",
        params![id, seq, prev],
    )?;
    let hash = record_hash(conn, id, &prev, stored)?;
    conn.execute("UPDATE runs SET hash = ?2 WHERE id = ?1", params![id, hash])?;
    Ok((seq, hash))
}

/// The canonical line of each case (id, label, score, subgroups) in order, into `h`: the same
/// lines whether the cases come from memory or from a stored blob.
fn hash_cases<'a, S: serde::Serialize + 'a>(
    h: &mut Sha256,
    line: &mut String,
    cases: impl Iterator<Item = (&'a str, bool, f64, &'a [S])>,
) {
    for (seq, (id, label, score, subgroups)) in cases.enumerate() {
        let groups = serde_json::to_string(subgroups).expect("strings serialise");
        case_line(h, line, seq as i64, id, i64::from(label), score, &groups);
    }
}

/// SHA-256 of `prev` and run `id`'s canonical text.
fn record_hash(
    conn: &Connection,
    id: i64,
    prev: &str,
    stored: Option<&[crate::evaluation::CaseResult]>,
) -> rusqlite::Result<String> {
    let fields: Vec<serde_json::Value> = conn.query_row(
        &format!("SELECT {FIELDS} FROM runs WHERE id = ?1"),
        [id],
        |r| (0..19).map(|i| Ok(canonical(r.get_ref(i)?))).collect(),
    )?;
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    h.update(b"\n");
    h.update(serde_json::to_string(&fields).expect("json").as_bytes());
    h.update(b"\n");
    let mut q = conn.prepare(
        "SELECT seq, case_id, label, score, subgroups FROM cases WHERE run_id = ?1 ORDER BY seq",
    )?;
    let mut rows = q.query([id])?;
    let mut line = String::new();
    while let Some(r) = rows.next()? {
        let (seq, case, label, score, groups): (i64, String, i64, f64, String) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
        case_line(&mut h, &mut line, seq, &case, label, score, &groups);
    }
    // Cases stored as one blob (schema 2) are hashed as the same lines, decoded: the hash does
    // not depend on how the cases are stored, and a blob that no longer decodes cannot match.
    if let Some(cases) = stored {
        hash_cases(
            &mut h,
            &mut line,
            cases
                .iter()
                .map(|c| (&*c.id, c.label, c.score, &c.subgroups[..])),
        );
        return Ok(hex(h));
    }
    let blob: Option<(String, Vec<u8>)> = conn
        .query_row(
            "SELECT format, data FROM case_blobs WHERE run_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((_format, data)) = blob {
        match super::cases::decode(&data) {
            Ok(cases) => hash_cases(
                &mut h,
                &mut line,
                cases
                    .iter()
                    .map(|c| (c.id.as_str(), c.label, c.score, &c.subgroups[..])),
            ),
            Err(e) => h.update(format!("unreadable: {e}\n").as_bytes()),
        }
    }
    Ok(hex(h))
}

/// A stored value in a record's canonical text: blobs by their SHA-256, reals by their bits.
pub(super) fn canonical(v: rusqlite::types::ValueRef<'_>) -> serde_json::Value {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Null => serde_json::Value::Null,
        ValueRef::Integer(n) => n.into(),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
        ValueRef::Blob(b) => crate::provenance::sha256_hex(b).into(),
        ValueRef::Real(x) => format!("{:016x}", x.to_bits()).into(),
    }
}

pub(super) fn hex(h: Sha256) -> String {
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// One case in the record's canonical text; the score by its bits, so that a change in the
/// last digit is a change. Written into `line`, reused: a run hashes millions of them.
fn case_line(
    h: &mut Sha256,
    line: &mut String,
    seq: i64,
    case: &str,
    label: i64,
    score: f64,
    groups: &str,
) {
    use std::fmt::Write;
    line.clear();
    let _ = writeln!(
        line,
        "{seq}\t{case}\t{label}\t{:016x}\t{groups}",
        score.to_bits()
    );
    h.update(line.as_bytes());
}

/// (run id, status, chain position, stored previous hash, stored hash).
type ChainRow = (i64, String, Option<i64>, Option<String>, Option<String>);

/// Walks the chain from its start; the first record whose link or content does not match,
/// and the (run id, hash) of every record that verified, in chain order.
pub fn verify(conn: &Connection) -> rusqlite::Result<(Verification, Vec<(i64, String)>)> {
    let mut q = conn.prepare(
        "SELECT id, status, chain_seq, prev_hash, hash FROM runs
         WHERE chain_seq IS NOT NULL OR status = 'done' ORDER BY chain_seq, id",
    )?;
    let records: Vec<ChainRow> = q
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut prev = GENESIS.to_string();
    let mut head = None;
    let mut verified = Vec::with_capacity(records.len());
    let broken = |run: i64, reason: String| Broken { run, reason };
    // Records outside the chain (a finished run without a place in it) sort first.
    for (k, (id, status, seq, stored_prev, stored_hash)) in records.iter().enumerate() {
        let fail = |reason: String| {
            Ok((
                Verification {
                    records: records.len(),
                    head: head.clone(),
                    broken: Some(broken(*id, reason)),
                    journals: 0,
                    note: None,
                },
                Vec::new(),
            ))
        };
        let Some(seq) = seq else {
            return fail(format!("run #{id} is finished but not in the chain"));
        };
        if status != "done" {
            return fail(format!(
                "run #{id} is in the chain but its status is now \"{status}\""
            ));
        }
        if *seq != k as i64 + 1 {
            return fail(format!(
                "run #{id} is record {seq} of the chain, but record {} is missing before it (deleted?)",
                k + 1
            ));
        }
        if stored_prev.as_deref() != Some(prev.as_str()) {
            return fail(format!(
                "run #{id} does not link to the record before it (a record was removed, replaced or reordered)"
            ));
        }
        let hash = record_hash(conn, *id, &prev, None)?;
        if stored_hash.as_deref() != Some(hash.as_str()) {
            return fail(format!(
                "run #{id} was changed after it was recorded: its content no longer matches its hash"
            ));
        }
        prev = hash.clone();
        verified.push((*id, hash.clone()));
        head = Some(hash);
    }
    Ok((
        Verification {
            records: records.len(),
            head,
            broken: None,
            journals: 0,
            note: None,
        },
        verified,
    ))
}
