//! The local history of validation runs, in one SQLite file: what was validated, on what, by
//! whom and when, the full report.json and every case's prediction, so that a model can be
//! re-validated and compared years later (the EU AI Act asks deployers to keep logs at least
//! six months) and drift between runs shown.
//!
//! * **Tamper evidence.** Each finished run carries a SHA-256 over its own fields and cases,
//!   chained to the previous finished run's (`chain.rs`); `verify` names the first record that
//!   no longer matches. The chain shows edits; it cannot stop someone who can rewrite the whole
//!   file and recompute every hash, so the head hash is printed for writing down elsewhere.
//! * **The journal is chained too** (`journal.rs`): an interrupted run's recorded outputs, which
//!   `--resume` takes as they are, are hash-linked records from the run's begin record on;
//!   `verify` names an edited one and `resume` refuses the run.
//! * **The head outside the file** (`anchor.rs`): `history.sqlite.anchor` holds the last
//!   finished run and its hash, so a deleted last run is detected.
//! * **One process per run** (`claim.rs`): a run is claimed by the process running it; a second
//!   `--resume` of it is refused while that process lives.
//! * **Crash safety.** A run is a row from its start; the model's outputs are written to it as
//!   they are produced (the [`Journal`] the engine calls), each batch in its own transaction
//!   (WAL, `synchronous = NORMAL`: a committed batch survives a killed process). A run killed
//!   half-way is resumed from what it recorded (`resumable`).
//! * **Nothing leaves the machine**: the file is local; no identifier is stored beyond what
//!   report.json and predictions.csv already hold.

mod adjudications;
pub mod anchor;
pub mod cases;
mod chain;
mod claim;
pub mod compare;
mod journal;
pub mod location;
mod marks;
pub mod prespec;
mod status;

pub use location::default_path;
pub use marks::{RemovedRun, TestMark};
pub use status::{RunStatus, UnknownStatus};

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OptionalExtension, params};

use crate::cohort::ExclusionReason;
use crate::error::{Error, Result};
use crate::evaluation::Evaluation;
use crate::run::control::{Journal, Outcome};

pub use cases::StoredCase;
pub use chain::{Broken, Verification};

/// Version of the tables below; a newer file is refused rather than misread. 2: a finished
/// run's cases are one blob in `case_blobs` (`cases.rs`); schema-1 runs keep their `cases` rows.
/// 3: the journal is chained (`journal`, `outcomes.batch`, `runs.journal_root`) and a run is
/// claimed by its process (`runs.claim_*`); older files get the columns, their runs none.
const SCHEMA: i64 = 3;

const TABLES: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    status TEXT NOT NULL,              -- running | done | failed | cancelled
    started TEXT NOT NULL,             -- RFC 3339 UTC
    finished TEXT,
    user TEXT NOT NULL,
    study TEXT NOT NULL,
    plan_path TEXT NOT NULL,
    plan_toml TEXT NOT NULL,
    plan_sha256 TEXT NOT NULL,
    model_sha256 TEXT,
    cohort_sha256 TEXT,
    predictions_sha256 TEXT,
    software TEXT NOT NULL,
    onnxruntime TEXT,
    verdict TEXT,
    report_json TEXT,
    report_pdf BLOB,                   -- the PDF as written at the end of the run
    error TEXT,
    chain_seq INTEGER UNIQUE,          -- position in the hash chain (finished runs only)
    prev_hash TEXT,
    hash TEXT,
    journal_root TEXT,                 -- hash of the begin record (journal.rs)
    claim_pid INTEGER,                 -- the process running the run (claim.rs)
    claim_start TEXT,
    claim_host TEXT,
    claim_since TEXT
);
CREATE INDEX IF NOT EXISTS runs_by_cohort ON runs (cohort_sha256); -- earlier runs (prespec.rs)
CREATE TABLE IF NOT EXISTS outcomes (  -- model outputs as they are produced (the journal)
    run_id INTEGER NOT NULL REFERENCES runs(id),
    source TEXT NOT NULL,
    unit TEXT NOT NULL,
    score REAL,
    reason TEXT,
    detail TEXT,
    batch INTEGER,                     -- the journal record it belongs to
    PRIMARY KEY (run_id, source, unit)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS journal (   -- one record per batch of outcomes, hash-linked
    run_id INTEGER NOT NULL REFERENCES runs(id),
    seq INTEGER NOT NULL,
    n INTEGER NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS case_blobs ( -- every evaluated case of a finished run, compressed
    run_id INTEGER PRIMARY KEY REFERENCES runs(id),
    format TEXT NOT NULL,              -- cases::FORMAT
    n INTEGER NOT NULL,
    data BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS cases (     -- schema 1: a finished run's cases, a row each
    run_id INTEGER NOT NULL REFERENCES runs(id),
    seq INTEGER NOT NULL,
    case_id TEXT NOT NULL,
    label INTEGER NOT NULL,
    score REAL NOT NULL,
    subgroups TEXT NOT NULL,           -- JSON array, in the plan's subgroup order
    PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
";

/// The map from pseudonymous case ids back to DICOM paths and UIDs (`privacy::pseudonym`):
/// local only, outside the hash chain, never exported.
const PSEUDONYMS: &str = "
CREATE TABLE IF NOT EXISTS pseudonyms (pseudonym TEXT PRIMARY KEY, original TEXT NOT NULL)
    WITHOUT ROWID;
";

/// The user who ran it, as the operating system names them: `$USER` (or `$USERNAME`,
/// `$LOGNAME`), else the owner of this process looked up in /etc/passwd (services and cron
/// jobs often run without those variables).
pub fn user_name() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .or_else(process_owner)
        .unwrap_or_else(|| "unknown".into())
}

#[cfg(unix)]
fn process_owner() -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let uid = std::fs::metadata("/proc/self").ok()?.uid();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|l| {
        let f: Vec<&str> = l.split(':').collect();
        (f.len() > 2 && f[2].parse() == Ok(uid)).then(|| f[0].to_string())
    })
}

#[cfg(not(unix))]
fn process_owner() -> Option<String> {
    None
}

/// One run as `history list` shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RunSummary {
    pub id: i64,
    pub status: RunStatus,
    pub started: String,
    pub finished: Option<String>,
    pub user: String,
    pub study: String,
    pub plan_sha256: String,
    pub model_sha256: Option<String>,
    pub verdict: Option<String>,
    /// Cases evaluated (finished runs), or model outputs recorded so far (running ones).
    pub n: i64,
    /// The threshold the run judged at (finished runs).
    pub threshold: Option<f64>,
    /// From report.json `provenance.prespecification`: None for a run not finished, or
    /// finished before pre-specification was recorded.
    pub post_hoc: Option<bool>,
    pub attempt: Option<i64>,
    /// Marked as a test run (`history mark`): a label outside the chain, see `marks.rs`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub test: Option<TestMark>,
}

/// A run `resume` continues: its id and the model outputs it had recorded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Resumed {
    pub id: i64,
    pub recorded: i64,
}

/// A finished run as stored: its report.json and its cases.
#[derive(Debug, Clone)]
pub struct StoredRun {
    pub summary: RunSummary,
    pub plan_toml: String,
    pub report_json: String,
    /// The report.pdf made at the end of the run (None for a run recorded without one).
    pub report_pdf: Option<Vec<u8>>,
    pub cases: Vec<StoredCase>,
}

impl StoredRun {
    /// The stored report.json read back (`report::json::read`): an error, naming the run, when
    /// its schema version is unknown or it does not read as that version's layout. Its cases
    /// are `cases`, not read here.
    pub fn evaluation(&self) -> Result<crate::Evaluation> {
        crate::report::json::read(
            &self.report_json,
            &format!("report.json of run #{}", self.summary.id),
        )
    }
}

pub struct History {
    path: PathBuf,
    conn: Mutex<Connection>,
}

impl History {
    /// Opens (creating if needed) the history at `path`.
    pub fn open(path: &Path) -> Result<History> {
        let err = |message: String| Error::History {
            path: path.to_path_buf(),
            message,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| err(format!("cannot create its folder: {e}")))?;
        }
        let conn = Connection::open(path).map_err(|e| err(e.to_string()))?;
        let setup = || -> rusqlite::Result<i64> {
            conn.busy_timeout(std::time::Duration::from_secs(30))?;
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            conn.pragma_update(None, "foreign_keys", "ON")?;
            conn.execute_batch(TABLES)?;
            conn.execute_batch(PSEUDONYMS)?;
            conn.execute_batch(marks::TABLES)?;
            conn.execute_batch(adjudications::TABLES)?;
            // A history made before runs kept their PDF, or before schema 3, gets the columns
            // (empty for its runs).
            for (table, column, decl) in [
                ("runs", "report_pdf", "BLOB"),
                ("runs", "journal_root", "TEXT"),
                ("runs", "claim_pid", "INTEGER"),
                ("runs", "claim_start", "TEXT"),
                ("runs", "claim_host", "TEXT"),
                ("runs", "claim_since", "TEXT"),
                ("outcomes", "batch", "INTEGER"),
            ] {
                let has: i64 = conn.query_row(
                    "SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2",
                    [table, column],
                    |r| r.get(0),
                )?;
                if has == 0 {
                    conn.execute_batch(&format!("ALTER TABLE {table} ADD COLUMN {column} {decl}"))?;
                }
            }
            conn.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', ?1)",
                [SCHEMA.to_string()],
            )?;
            // A schema-1 file is read as it is and gets `case_blobs` for new runs; from now on
            // an older Prøvestein refuses it rather than miss those runs' cases (or, from
            // schema 3, resume a run without chaining its journal).
            conn.execute(
                "UPDATE meta SET value = ?1 WHERE key = 'schema' AND CAST(value AS INTEGER) < ?1",
                [SCHEMA],
            )?;
            conn.query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| {
                r.get::<_, String>(0)
            })
            .map(|v| v.parse().unwrap_or(i64::MAX))
        };
        // Switching a new file to WAL takes a lock that SQLite's busy handler does not wait
        // for, so two runs starting at once (a cron job and the app) retry here.
        let mut tries = 0;
        let schema = loop {
            match setup() {
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if matches!(
                        e.code,
                        rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                    ) && tries < 200 =>
                {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(25));
                }
                other => break other,
            }
        }
        .map_err(|e| err(format!("not a Prøvestein history: {e}")))?;
        if schema > SCHEMA {
            return Err(err(format!(
                "written by a newer Prøvestein (history schema {schema}); use that version"
            )));
        }
        Ok(History {
            path: path.to_path_buf(),
            conn: Mutex::new(conn),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn err(&self, e: impl std::fmt::Display) -> Error {
        Error::History {
            path: self.path.clone(),
            message: e.to_string(),
        }
    }

    fn refused(&self, message: String) -> Error {
        Error::HistoryRefused {
            path: self.path.clone(),
            message,
        }
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite consistent (every change is a
        // transaction), so the connection stays usable.
        self.conn
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Starts a run of `plan` (loaded from `plan_path`): a row with status "running", claimed
    /// by this process, its journal rooted in this begin record.
    pub fn begin(&self, plan: &crate::Plan, plan_path: &Path, user: &str) -> Result<i64> {
        let toml = std::fs::read_to_string(plan_path).unwrap_or_else(|_| plan.to_toml());
        let me = claim::Claimant::me();
        let mut conn = self.conn();
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| self.err(e))?;
        let started = crate::provenance::now();
        let id = (|| {
            tx.execute(
                "INSERT INTO runs (status, started, user, study, plan_path, plan_toml, plan_sha256,
                 software, claim_pid, claim_start, claim_host, claim_since)
                 VALUES ('running', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?1)",
                params![
                    started,
                    user,
                    plan.study.name,
                    plan_path.display().to_string(),
                    toml,
                    plan.source_sha256.clone().unwrap_or_default(),
                    crate::provenance::software(),
                    me.pid,
                    me.start,
                    me.host,
                ],
            )?;
            let id = tx.last_insert_rowid();
            let root = journal::root(&tx, id)?;
            tx.execute(
                "UPDATE runs SET journal_root = ?2 WHERE id = ?1",
                params![id, root],
            )?;
            Ok(id)
        })()
        .map_err(|e: rusqlite::Error| self.err(e))?;
        tx.commit().map_err(|e| self.err(e))?;
        Ok(id)
    }

    /// Continues the latest interrupted run of the plan with this SHA-256, for `batch
    /// --resume`: claims it for this process and checks its journal. None when there is no
    /// such run; an error when another live process runs it, when its journal was edited, or
    /// when it was begun by a version that did not chain its journal.
    pub fn resume(&self, plan_sha256: &str) -> Result<Option<Resumed>> {
        let Some(id) = self.resumable(plan_sha256)? else {
            return Ok(None);
        };
        let me = claim::Claimant::me();
        {
            let mut conn = self.conn();
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(|e| self.err(e))?;
            let row = tx
                .query_row(
                    "SELECT status, started, claim_pid, claim_start, claim_host, claim_since
                     FROM runs WHERE id = ?1",
                    [id],
                    |r| {
                        Ok((
                            r.get::<_, RunStatus>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, Option<i64>>(2)?,
                            r.get::<_, Option<String>>(3)?,
                            r.get::<_, Option<String>>(4)?,
                            r.get::<_, Option<String>>(5)?,
                        ))
                    },
                )
                .map_err(|e| self.err(e))?;
            let (status, started, pid, start, host, since) = row;
            if status != RunStatus::Running {
                return Err(self.refused(format!(
                    "run #{id} was finished by another process just now (status {status}); nothing to resume"
                )));
            }
            if let Some(pid) = pid {
                let holder = claim::Claimant {
                    pid,
                    start,
                    host: host.unwrap_or_default(),
                };
                if holder.may_be_alive() {
                    let since = since.unwrap_or_default();
                    let doing = if since == started { "run" } else { "resumed" };
                    let other_host = if holder.host == me.host {
                        "wait for it to end, or stop it and resume again".to_string()
                    } else {
                        format!(
                            "wait for it to end; if that process no longer runs on {}, start a new run (without --resume)",
                            holder.host
                        )
                    };
                    return Err(self.refused(format!(
                        "run #{id} is being {doing} by process {pid} on host {} since {since}: a run is continued by one process at a time; {other_host}",
                        holder.host
                    )));
                }
            }
            tx.execute(
                "UPDATE runs SET claim_pid = ?2, claim_start = ?3, claim_host = ?4, claim_since = ?5
                 WHERE id = ?1",
                params![id, me.pid, me.start, me.host, crate::provenance::now()],
            )
            .map_err(|e| self.err(e))?;
            tx.commit().map_err(|e| self.err(e))?;
        }
        let state = journal::verify(&self.conn(), id).map_err(|e| self.err(e));
        let refuse = |why: String| {
            let _ = self.release(id);
            Err(self.refused(why))
        };
        match state? {
            journal::State::Intact(_) => {}
            journal::State::Unchained => {
                return refuse(format!(
                    "run #{id} was begun by an older Prøvestein whose journal of model outputs cannot be checked, so it is not resumed: start a new run (batch without --resume)"
                ));
            }
            journal::State::Broken(why) => {
                return refuse(format!(
                    "{why}: the model outputs it recorded can no longer be trusted, so run #{id} is not resumed. Start a new run (batch without --resume); the interrupted run stays in the history as evidence, and `provestein history verify` names it"
                ));
            }
        }
        Ok(Some(Resumed {
            id,
            recorded: self.recorded_count(id)?,
        }))
    }

    /// Gives up this process's claim on run `id`.
    fn release(&self, id: i64) -> rusqlite::Result<usize> {
        self.conn().execute(
            "UPDATE runs SET claim_pid = NULL, claim_start = NULL, claim_host = NULL,
             claim_since = NULL WHERE id = ?1",
            [id],
        )
    }

    /// The latest run of a plan with this SHA-256 that never finished (killed, or the machine
    /// lost power): the run `batch --resume` continues.
    pub fn resumable(&self, plan_sha256: &str) -> Result<Option<i64>> {
        self.conn()
            .query_row(
                "SELECT id FROM runs WHERE status = 'running' AND plan_sha256 = ?1
                 ORDER BY id DESC LIMIT 1",
                [plan_sha256],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// The run `resume` would continue, if no live process holds it: its id and the model
    /// outputs it recorded. Nothing is claimed; for offering "Resume run #N" before asking.
    pub fn interrupted(&self, plan_sha256: &str) -> Result<Option<Resumed>> {
        let Some(id) = self.resumable(plan_sha256)? else {
            return Ok(None);
        };
        let holder = self
            .conn()
            .query_row(
                "SELECT claim_pid, claim_start, claim_host FROM runs WHERE id = ?1",
                [id],
                |r| {
                    let (start, host) = (r.get(1)?, r.get::<_, Option<String>>(2)?);
                    Ok(r.get::<_, Option<i64>>(0)?.map(|pid| claim::Claimant {
                        pid,
                        start,
                        host: host.unwrap_or_default(),
                    }))
                },
            )
            .map_err(|e| self.err(e))?;
        if holder.is_some_and(|h| h.may_be_alive()) {
            return Ok(None);
        }
        Ok(Some(Resumed {
            id,
            recorded: self.recorded_count(id)?,
        }))
    }

    /// The journal of run `id`, for `Control::journal`.
    pub fn journal(self: &Arc<Self>, id: i64) -> Arc<dyn Journal> {
        Arc::new(RunJournal {
            history: self.clone(),
            run: id,
        })
    }

    /// Model outputs recorded so far for run `id`.
    pub fn recorded_count(&self, id: i64) -> Result<i64> {
        self.conn()
            .query_row(
                "SELECT count(*) FROM outcomes WHERE run_id = ?1",
                [id],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))
    }

    /// Stores the finished run: provenance, verdict, report.json, the PDF report when given,
    /// and every case, and links it into the hash chain, all in one transaction. The journal's
    /// rows are dropped: the cases hold the final scores.
    pub fn finish(&self, id: i64, eval: &Evaluation, pdf: Option<&[u8]>) -> Result<String> {
        let mut conn = self.conn();
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| self.err(e))?;
        let p = &eval.provenance;
        let report = crate::report::json::to_string(eval);
        let status: Option<RunStatus> = tx
            .query_row("SELECT status FROM runs WHERE id = ?1", [id], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(e))?;
        if status != Some(RunStatus::Running) {
            return Err(self.err(format!(
                "run #{id} cannot be recorded: it is {} (finished by another process?); its report files are written",
                status.map_or("not in the history".into(), |s| format!("\"{s}\"")),
            )));
        }
        let store = || -> rusqlite::Result<(i64, String)> {
            tx.execute(
                "UPDATE runs SET status = 'done', finished = ?2, model_sha256 = ?3,
                 cohort_sha256 = ?4, predictions_sha256 = ?5, onnxruntime = ?6, verdict = ?7,
                 report_json = ?8, report_pdf = ?9, claim_pid = NULL, claim_start = NULL,
                 claim_host = NULL, claim_since = NULL WHERE id = ?1",
                params![
                    id,
                    p.finished,
                    p.model_sha256,
                    p.cohort_sha256,
                    p.predictions_sha256,
                    p.onnxruntime,
                    eval.acceptance.verdict.label(),
                    report,
                    pdf
                ],
            )?;
            // Binary runs keep their cases beside the report; other tasks' cases are in it.
            let cases: &[crate::evaluation::CaseResult] =
                eval.binary().map_or(&[], |b| b.cases.as_slice());
            let blob = cases::encode(
                cases
                    .iter()
                    .map(|c| (c.id.as_str(), c.label, c.score, &c.subgroups[..])),
            );
            tx.execute(
                "INSERT INTO case_blobs (run_id, format, n, data) VALUES (?1, ?2, ?3, ?4)",
                params![id, cases::FORMAT, cases.len() as i64, blob],
            )?;
            {
                let mut ins = tx.prepare(
                    "INSERT OR IGNORE INTO pseudonyms (pseudonym, original) VALUES (?1, ?2)",
                )?;
                for (pseudonym, original) in &eval.pseudonyms {
                    ins.execute(params![pseudonym, original])?;
                }
            }
            tx.execute("DELETE FROM outcomes WHERE run_id = ?1", [id])?;
            tx.execute("DELETE FROM journal WHERE run_id = ?1", [id])?;
            chain::link(&tx, id, Some(cases))
        };
        let (seq, hash) = store().map_err(|e| self.err(e))?;
        tx.commit().map_err(|e| self.err(e))?;
        // After the commit: an anchor ahead of the chain would read as a removed run. A failed
        // write leaves it behind, which `verify` accepts and moves forward.
        let _ = anchor::advance(
            &self.path,
            &anchor::Anchor {
                records: seq as usize,
                run: id,
                head: hash.clone(),
            },
        );
        Ok(hash)
    }

    /// Marks a run that ended without an evaluation (`Failed` or `Cancelled`) with the error.
    pub fn abandon(&self, id: i64, status: RunStatus, error: &str) -> Result<()> {
        self.conn()
            .execute(
                "UPDATE runs SET status = ?2, finished = ?3, error = ?4, claim_pid = NULL,
                 claim_start = NULL, claim_host = NULL, claim_since = NULL WHERE id = ?1",
                params![id, status, crate::provenance::now(), error],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    pub fn list(&self) -> Result<Vec<RunSummary>> {
        let conn = self.conn();
        let mut q = conn
            .prepare(&format!("{SUMMARY} ORDER BY r.id"))
            .map_err(|e| self.err(e))?;
        let rows = q
            .query_map([], |r| Ok((summary(r)?, r.get::<_, Option<String>>(10)?)))
            .map_err(|e| self.err(e))?;
        let rows = rows
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))?;
        rows.into_iter()
            .map(|(mut s, report)| read_report(&mut s, report.as_deref()).map(|()| s))
            .collect()
    }

    /// A finished run, with its report.json and cases.
    pub fn get(&self, id: i64) -> Result<StoredRun> {
        let conn = self.conn();
        let found = conn
            .query_row(&format!("{SUMMARY} WHERE r.id = ?1"), [id], |r| {
                Ok((
                    summary(r)?,
                    r.get::<_, Option<String>>(10)?,
                    r.get::<_, String>(11)?,
                    r.get::<_, Option<Vec<u8>>>(12)?,
                ))
            })
            .optional()
            .map_err(|e| self.err(e))?;
        let Some((mut summary, report, plan_toml, report_pdf)) = found else {
            return Err(self.err(format!(
                "there is no run #{id}; `provestein history list` shows the runs"
            )));
        };
        let Some(report_json) = report else {
            return Err(self.err(format!(
                "run #{id} did not finish (status {}); only finished runs have a report",
                summary.status
            )));
        };
        read_report(&mut summary, Some(&report_json))?;
        let cases = stored_cases(&conn, id)
            .map_err(|e| self.err(e))?
            .map_err(|e| self.err(format!("run #{id}'s cases cannot be read: {e}")))?;
        Ok(StoredRun {
            summary,
            plan_toml,
            report_json,
            report_pdf,
            cases,
        })
    }

    /// The DICOM path or UID a pseudonymous case id stands for, as recorded by finished runs.
    pub fn original(&self, pseudonym: &str) -> Result<Option<String>> {
        self.conn()
            .query_row(
                "SELECT original FROM pseudonyms WHERE pseudonym = ?1",
                [pseudonym],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Recomputes every finished run's hash and its link to the one before, holds the chain
    /// against the anchor beside the file (making one for a history that has none, with a
    /// note), then checks the journal of every run not finished.
    pub fn verify(&self) -> Result<Verification> {
        let conn = self.conn();
        // The anchor first: it is written after its run is committed, so one read before the
        // chain never runs ahead of it, even while another process finishes a run.
        let anchored = anchor::read(&self.path);
        // One snapshot for the chain and the journals: a run recording a batch meanwhile is
        // seen before or after that batch, never half-way.
        let snapshot = conn.unchecked_transaction().map_err(|e| self.err(e))?;
        let conn = &*snapshot;
        let (mut v, chain) = chain::verify(conn).map_err(|e| self.err(e))?;
        if v.broken.is_some() {
            return Ok(v);
        }
        let file = anchor::path_of(&self.path);
        let last = chain.last().map(|(id, hash)| anchor::Anchor {
            records: chain.len(),
            run: *id,
            head: hash.clone(),
        });
        match anchored {
            Err(why) => {
                v.broken = Some(Broken {
                    run: last.as_ref().map_or(0, |a| a.run),
                    reason: format!(
                        "the anchor {} {why}; if it was lost, compare the head hash with one written down, then delete the anchor to make a new one",
                        file.display()
                    ),
                });
                return Ok(v);
            }
            Ok(None) => {
                if let Some(a) = &last {
                    v.note = Some(match anchor::write(&self.path, a) {
                        Ok(()) => format!(
                            "there was no anchor beside the history (made before anchors were kept, or removed): made {} at run #{}. From now on a removed last run is detected; if this history had an anchor before, compare the head hash with one written down",
                            file.display(),
                            a.run
                        ),
                        Err(e) => format!(
                            "there is no anchor beside the history and {} cannot be written ({e}): a removed last run cannot be detected",
                            file.display()
                        ),
                    });
                }
            }
            Ok(Some(a)) => {
                if let Err(why) = anchor::check(&a, &chain, &file) {
                    v.broken = Some(Broken {
                        run: a.run,
                        reason: why,
                    });
                    return Ok(v);
                }
                if let Some(last) = &last
                    && last.records > a.records
                {
                    let _ = anchor::write(&self.path, last);
                }
            }
        }
        let unfinished: Vec<i64> = conn
            .prepare(
                "SELECT id FROM runs r WHERE r.status <> 'done'
                 OR EXISTS (SELECT 1 FROM outcomes o WHERE o.run_id = r.id)
                 OR EXISTS (SELECT 1 FROM journal j WHERE j.run_id = r.id) ORDER BY id",
            )
            .and_then(|mut q| q.query_map([], |r| r.get(0))?.collect())
            .map_err(|e| self.err(e))?;
        for id in unfinished {
            match journal::verify(conn, id).map_err(|e| self.err(e))? {
                journal::State::Intact(_) => v.journals += 1,
                journal::State::Unchained => {}
                journal::State::Broken(reason) => {
                    v.broken = Some(Broken { run: id, reason });
                    return Ok(v);
                }
            }
        }
        Ok(v)
    }
}

/// Writes a stored run's files into `dir` as they were when it ended: report.pdf (when the
/// run kept one), report.json, plan.toml and predictions.csv. Returns their paths.
pub fn export(run: &StoredRun, dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<(&str, std::borrow::Cow<[u8]>)> = vec![
        ("report.json", run.report_json.as_bytes().into()),
        ("plan.toml", run.plan_toml.as_bytes().into()),
        ("predictions.csv", predictions_csv(run)?.into()),
    ];
    if let Some(pdf) = &run.report_pdf {
        files.push(("report.pdf", pdf.as_slice().into()));
    }
    let mut written = Vec::new();
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(dir)
            .and_then(|_| std::fs::write(&path, &bytes))
            .map_err(|source| Error::Write {
                path: path.clone(),
                source,
            })?;
        written.push(path);
    }
    Ok(written)
}

/// A stored run's predictions.csv, byte for byte as `batch` wrote it.
pub fn predictions_csv(run: &StoredRun) -> Result<Vec<u8>> {
    let eval = run.evaluation()?;
    Ok(crate::report::predictions::rows(
        &eval.cohort.subgroups,
        eval.binary().map_or(f64::NAN, |b| b.overall.threshold),
        run.cases
            .iter()
            .map(|c| (c.id.as_str(), c.label, c.score, &c.subgroups[..])),
    ))
}

/// Run `id`'s cases in order: schema-1 rows, then the blob (a run has one or the other). The
/// inner error says why a blob cannot be read.
fn stored_cases(
    conn: &Connection,
    id: i64,
) -> rusqlite::Result<std::result::Result<Vec<StoredCase>, String>> {
    let mut q = conn.prepare(
        "SELECT case_id, label, score, subgroups FROM cases WHERE run_id = ?1 ORDER BY seq",
    )?;
    let mut out = q
        .query_map([id], |r| {
            let groups: String = r.get(3)?;
            Ok(StoredCase {
                id: r.get(0)?,
                label: r.get(1)?,
                score: r.get(2)?,
                subgroups: serde_json::from_str(&groups).unwrap_or_default(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let blob: Option<(String, Vec<u8>)> = conn
        .query_row(
            "SELECT format, data FROM case_blobs WHERE run_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((format, data)) = blob {
        if format != cases::FORMAT {
            return Ok(Err(format!(
                "they are stored as \"{format}\", which this version cannot read"
            )));
        }
        match cases::decode(&data) {
            Ok(c) => out.extend(c),
            Err(e) => return Ok(Err(e)),
        }
    }
    Ok(Ok(out))
}

const SUMMARY: &str =
    "SELECT r.id, r.status, r.started, r.finished, r.user, r.study, r.plan_sha256,
    r.model_sha256, r.verdict,
    CASE WHEN r.status = 'done' THEN (SELECT count(*) FROM cases c WHERE c.run_id = r.id)
         + coalesce((SELECT b.n FROM case_blobs b WHERE b.run_id = r.id), 0)
         ELSE (SELECT count(*) FROM outcomes o WHERE o.run_id = r.id) END,
    r.report_json, r.plan_toml, r.report_pdf, m.user, m.at, m.note
    FROM runs r LEFT JOIN marks m ON m.run_id = r.id";

/// A run's row; its threshold, post hoc and attempt come from its report ([`read_report`]).
fn summary(r: &rusqlite::Row<'_>) -> rusqlite::Result<RunSummary> {
    Ok(RunSummary {
        id: r.get(0)?,
        status: r.get(1)?,
        started: r.get(2)?,
        finished: r.get(3)?,
        user: r.get(4)?,
        study: r.get(5)?,
        plan_sha256: r.get(6)?,
        model_sha256: r.get(7)?,
        verdict: r.get(8)?,
        n: r.get(9)?,
        threshold: None,
        post_hoc: None,
        attempt: None,
        test: match r.get::<_, Option<String>>(13)? {
            Some(user) => Some(TestMark {
                user,
                at: r.get(14)?,
                note: r.get(15)?,
            }),
            None => None,
        },
    })
}

/// Fills in what `history list` shows from a finished run's report.json, read as an
/// [`Evaluation`]: a report that does not read is an error naming the run, never a blank.
fn read_report(s: &mut RunSummary, report_json: Option<&str>) -> Result<()> {
    let Some(text) = report_json else {
        return Ok(()); // not finished: no report yet
    };
    let eval = crate::report::json::read(text, &format!("report.json of run #{}", s.id))?;
    s.threshold = eval.binary().map(|b| b.overall.threshold);
    // Only binary runs store their cases beside the report; every task's count is in it.
    s.n = eval.cohort.included as i64;
    if let Some(p) = &eval.provenance.prespecification {
        s.post_hoc = Some(p.post_hoc);
        s.attempt = Some(p.attempt as i64);
    }
    Ok(())
}

/// The engine's journal for one run, on the history's connection.
struct RunJournal {
    history: Arc<History>,
    run: i64,
}

impl Journal for RunJournal {
    fn recorded(&self, source: &str) -> Result<HashMap<String, Outcome>> {
        let conn = self.history.conn();
        let mut q = conn
            .prepare(
                "SELECT unit, score, reason, detail FROM outcomes WHERE run_id = ?1 AND source = ?2",
            )
            .map_err(|e| self.history.err(e))?;
        let rows = q
            .query_map(params![self.run, source], |r| {
                let unit: String = r.get(0)?;
                let score: Option<f64> = r.get(1)?;
                let reason: Option<String> = r.get(2)?;
                let detail: Option<String> = r.get(3)?;
                Ok((unit, score, reason, detail))
            })
            .map_err(|e| self.history.err(e))?;
        let mut out = HashMap::new();
        for row in rows {
            let (unit, score, reason, detail) = row.map_err(|e| self.history.err(e))?;
            let outcome = match (score, reason) {
                (Some(s), _) => Ok(s),
                (None, Some(r)) => {
                    let reason: ExclusionReason = serde_json::from_value(r.into())
                        .map_err(|e| self.history.err(format!("a recorded exclusion: {e}")))?;
                    Err((reason, detail.unwrap_or_default()))
                }
                (None, None) => continue,
            };
            out.insert(unit, outcome);
        }
        Ok(out)
    }

    fn record(&self, source: &str, outcomes: &[(String, Outcome)]) -> Result<()> {
        let mut conn = self.history.conn();
        // Immediate: the record reads the journal's head before it writes.
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| self.history.err(e))?;
        let head = journal::head(&tx, self.run).map_err(|e| self.history.err(e))?;
        let Some((seq, prev)) = head else {
            return Err(self.history.err(format!(
                "run #{} has no journal root: it was begun by an older Prøvestein; start a new run",
                self.run
            )));
        };
        {
            let mut ins = tx
                .prepare(
                    "INSERT OR REPLACE INTO outcomes (run_id, source, unit, score, reason, detail,
                     batch) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .map_err(|e| self.history.err(e))?;
            for (unit, outcome) in outcomes {
                let (score, reason, detail) = match outcome {
                    Ok(s) => (Some(*s), None, None),
                    Err((r, d)) => (
                        None,
                        serde_json::to_value(r)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_string)),
                        Some(d.as_str()),
                    ),
                };
                ins.execute(params![self.run, source, unit, score, reason, detail, seq])
                    .map_err(|e| self.history.err(e))?;
            }
        }
        let units: Vec<&str> = outcomes.iter().map(|(u, _)| u.as_str()).collect();
        journal::link(&tx, self.run, source, &units, seq, &prev)
            .map_err(|e| self.history.err(e))?;
        tx.commit().map_err(|e| self.history.err(e))
    }
}
