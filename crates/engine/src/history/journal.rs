//! The journal of a run in the hash chain. `batch --resume` takes an interrupted run's
//! recorded model outputs as they are, so an edited journal would change the numbers of the
//! run it finishes; each `record` (one batch of outputs) is therefore a journal record whose
//! hash covers the previous record's hash and the batch's rows as stored, and the first
//! record links to the run's begin record (its start, user, study and plan). `verify` walks
//! every unfinished run's journal and `resume` refuses one that no longer matches.
//!
//! What it does not catch: the last records removed with their rows (the resumed run then
//! scores those units again, to the same numbers), or a journal rewritten with every hash
//! recomputed (as for the chain; the anchor covers finished runs only).

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use super::chain::{canonical, hex};

/// The begin record's hash: the start of run `id`'s journal.
pub fn root(conn: &Connection, id: i64) -> rusqlite::Result<String> {
    let fields: Vec<serde_json::Value> = conn.query_row(
        "SELECT id, started, user, study, plan_path, plan_toml, plan_sha256, software
         FROM runs WHERE id = ?1",
        [id],
        |r| (0..8).map(|i| Ok(canonical(r.get_ref(i)?))).collect(),
    )?;
    let mut h = Sha256::new();
    h.update(b"provestein journal 1\n");
    h.update(serde_json::to_string(&fields).expect("json").as_bytes());
    Ok(hex(h))
}

/// The hash of journal record `seq` before its rows.
fn record_hasher(prev: &str, seq: i64) -> Sha256 {
    let mut h = Sha256::new();
    h.update(format!("{prev}\n{seq}\n").as_bytes());
    h
}

/// One stored row in a record's canonical text: each value tagged with its type, texts and
/// blobs length-prefixed, reals by their bits (written directly: `verify` hashes every row).
fn row_bytes(r: &rusqlite::Row<'_>) -> rusqlite::Result<Vec<u8>> {
    use rusqlite::types::ValueRef;
    let mut line = Vec::with_capacity(96);
    for i in 0..5 {
        match r.get_ref(i)? {
            ValueRef::Null => line.extend_from_slice(b"N"),
            ValueRef::Integer(n) => line.extend_from_slice(format!("I{n}").as_bytes()),
            ValueRef::Real(x) => {
                line.extend_from_slice(format!("R{:016x}", x.to_bits()).as_bytes())
            }
            ValueRef::Text(t) | ValueRef::Blob(t) => {
                line.extend_from_slice(format!("T{}:", t.len()).as_bytes());
                line.extend_from_slice(t);
            }
        }
        line.push(b'\t');
    }
    line.push(b'\n');
    Ok(line)
}

/// Links the rows of `source` just written for `units` (batch number `seq`) into run `id`'s
/// journal, inside the caller's transaction. The rows are read back as stored, so that
/// `verify` hashes exactly what `record` hashed.
pub fn link(
    conn: &Connection,
    id: i64,
    source: &str,
    units: &[&str],
    seq: i64,
    prev: &str,
) -> rusqlite::Result<()> {
    let mut units = units.to_vec();
    units.sort_unstable();
    units.dedup();
    let mut h = record_hasher(prev, seq);
    let mut q = conn.prepare_cached(
        "SELECT source, unit, score, reason, detail FROM outcomes
         WHERE run_id = ?1 AND source = ?2 AND unit = ?3",
    )?;
    for unit in &units {
        h.update(q.query_row(params![id, source, unit], row_bytes)?);
    }
    conn.execute(
        "INSERT INTO journal (run_id, seq, n, hash) VALUES (?1, ?2, ?3, ?4)",
        params![id, seq, units.len() as i64, hex(h)],
    )?;
    Ok(())
}

/// The next record's number and the hash it links to; None for a run begun by a version
/// whose journal was not chained.
pub fn head(conn: &Connection, id: i64) -> rusqlite::Result<Option<(i64, String)>> {
    let root: Option<String> = conn
        .query_row("SELECT journal_root FROM runs WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?
        .flatten();
    let Some(root) = root else { return Ok(None) };
    let last: Option<(i64, String)> = conn
        .query_row(
            "SELECT seq, hash FROM journal WHERE run_id = ?1 ORDER BY seq DESC LIMIT 1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(Some(last.map_or((1, root), |(s, h)| (s + 1, h))))
}

/// What a run's journal is.
#[derive(Debug, Clone, PartialEq)]
pub enum State {
    /// Its records verify; this many.
    Intact(usize),
    /// Begun by a version that did not chain the journal (history schema 2 or older).
    Unchained,
    /// Why it does not verify (a sentence naming the record).
    Broken(String),
}

/// Checks run `id`'s journal: the begin record, then every record's rows in one ordered pass.
pub fn verify(conn: &Connection, id: i64) -> rusqlite::Result<State> {
    let stored_root: Option<String> = conn
        .query_row("SELECT journal_root FROM runs WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?
        .flatten();
    let Some(stored_root) = stored_root else {
        return Ok(State::Unchained);
    };
    if root(conn, id)? != stored_root {
        return Ok(State::Broken(format!(
            "run #{id}'s begin record (start, user, study or plan) was changed after the run started"
        )));
    }
    // The records and the rows are read side by side, each in order: memory stays constant
    // however long the journal (a batch-1 model has a record per output).
    let mut jq = conn.prepare("SELECT seq, n, hash FROM journal WHERE run_id = ?1 ORDER BY seq")?;
    let mut records = jq.query([id])?;
    let mut oq = conn.prepare(
        "SELECT source, unit, score, reason, detail, batch FROM outcomes WHERE run_id = ?1
         ORDER BY batch, source, unit",
    )?;
    let mut rows = oq.query([id])?;
    let mut next_row = || -> rusqlite::Result<Option<(Option<i64>, Vec<u8>)>> {
        match rows.next()? {
            Some(r) => Ok(Some((r.get(5)?, row_bytes(r)?))),
            None => Ok(None),
        }
    };
    let mut pending = next_row()?;
    // Rows of no record (NULL sorts first) or of a record before the first.
    if let Some((batch, _)) = &pending
        && batch.is_none_or(|b| b < 1)
    {
        return Ok(State::Broken(format!(
            "run #{id}'s journal holds model outputs that are in no journal record (added directly?)"
        )));
    }
    let mut prev = stored_root;
    let mut k = 0i64;
    while let Some(r) = records.next()? {
        k += 1;
        let (seq, want_n, want): (i64, i64, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        if seq != k {
            return Ok(State::Broken(format!(
                "run #{id}'s journal record {k} is missing (deleted?)"
            )));
        }
        let mut h = record_hasher(&prev, k);
        let mut n = 0i64;
        while let Some((Some(batch), line)) = &pending
            && *batch == k
        {
            h.update(line);
            n += 1;
            pending = next_row()?;
        }
        let got = hex(h);
        if got != want {
            return Ok(State::Broken(format!(
                "run #{id}'s journal record {k} was changed after it was recorded \
                 ({want_n} model outputs recorded, {n} there now)"
            )));
        }
        prev = got;
    }
    if let Some((batch, _)) = pending {
        return Ok(State::Broken(format!(
            "run #{id}'s journal holds model outputs of record {}, which the journal does not have (added directly?)",
            batch.unwrap_or_default()
        )));
    }
    Ok(State::Intact(k as usize))
}
