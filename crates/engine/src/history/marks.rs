//! Housekeeping a user does on the trail without rewriting it: a run marked as a test run (a
//! newcomer's first try, a rehearsal), and an unfinished run removed. Both sit outside the hash
//! chain and change no recorded run, so `verify` holds after either; both keep who and when.
//!
//! A mark is a label only. A run marked as a test still counts as an earlier attempt for
//! pre-specification (`prespec.rs`): otherwise marking a run that disappointed would make the
//! next one, with another threshold, look pre-specified. A finished run cannot be removed: it is
//! a link of the chain; only a run that never produced a report (running and abandoned, failed or
//! cancelled) can, and the removal is listed.

use rusqlite::{OptionalExtension, params};

use super::{History, RunStatus, claim};
use crate::error::Result;

/// The tables, created with the others when a history is opened (an older Prøvestein ignores
/// them: it sees no marks and the removed runs gone).
pub(super) const TABLES: &str = "
CREATE TABLE IF NOT EXISTS marks (     -- runs marked as test runs (history mark)
    run_id INTEGER PRIMARY KEY REFERENCES runs(id),
    user TEXT NOT NULL,
    at TEXT NOT NULL,                  -- RFC 3339 UTC
    note TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS removed (   -- unfinished runs removed (history remove)
    run_id INTEGER PRIMARY KEY,
    status TEXT NOT NULL,
    started TEXT NOT NULL,
    study TEXT NOT NULL,
    plan_sha256 TEXT NOT NULL,
    recorded INTEGER NOT NULL,         -- model outputs its journal held
    user TEXT NOT NULL,
    at TEXT NOT NULL
);
";

/// A run's test mark.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TestMark {
    pub user: String,
    pub at: String,
    pub note: String,
}

/// An unfinished run that was removed, as `history list` still shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RemovedRun {
    pub id: i64,
    pub status: RunStatus,
    pub started: String,
    pub study: String,
    pub plan_sha256: String,
    pub recorded: i64,
    pub user: String,
    pub at: String,
}

impl History {
    /// Marks run `id` as a test run (again: the note and time are replaced).
    pub fn mark_test(&self, id: i64, user: &str, note: &str) -> Result<()> {
        let conn = self.conn();
        let exists: bool = conn
            .query_row("SELECT count(*) FROM runs WHERE id = ?1", [id], |r| {
                r.get::<_, i64>(0).map(|n| n > 0)
            })
            .map_err(|e| self.err(e))?;
        if !exists {
            return Err(self.no_run(id));
        }
        conn.execute(
            "INSERT OR REPLACE INTO marks (run_id, user, at, note) VALUES (?1, ?2, ?3, ?4)",
            params![id, user, crate::provenance::now(), note],
        )
        .map(|_| ())
        .map_err(|e| self.err(e))
    }

    /// Takes the test mark off run `id`; false when it had none.
    pub fn unmark(&self, id: i64) -> Result<bool> {
        self.conn()
            .execute("DELETE FROM marks WHERE run_id = ?1", [id])
            .map(|n| n > 0)
            .map_err(|e| self.err(e))
    }

    /// The test mark of run `id`, if any.
    pub fn test_mark(&self, id: i64) -> Result<Option<TestMark>> {
        self.conn()
            .query_row(
                "SELECT user, at, note FROM marks WHERE run_id = ?1",
                [id],
                |r| {
                    Ok(TestMark {
                        user: r.get(0)?,
                        at: r.get(1)?,
                        note: r.get(2)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Removes run `id` and what its journal recorded, if it never finished and no live process
    /// holds it; the removal is kept in `removed`. A finished run is refused.
    pub fn remove_unfinished(&self, id: i64, user: &str) -> Result<RemovedRun> {
        let mut conn = self.conn();
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| self.err(e))?;
        type Row = (
            RunStatus,
            String,
            String,
            String,
            Option<i64>,
            Option<String>,
            Option<String>,
        );
        let row: Option<Row> = tx
            .query_row(
                "SELECT status, started, study, plan_sha256, claim_pid, claim_start, claim_host
                 FROM runs WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                    ))
                },
            )
            .optional()
            .map_err(|e| self.err(e))?;
        let Some((status, started, study, plan_sha256, pid, start, host)) = row else {
            return Err(self.no_run(id));
        };
        if status == RunStatus::Done {
            return Err(self.refused(format!(
                "run #{id} finished: it is part of the audit chain and cannot be removed. Mark it as a test run instead: provestein history mark {id}"
            )));
        }
        if let (Some(pid), Some(host)) = (pid, host) {
            let claimant = claim::Claimant { pid, start, host };
            if claimant.may_be_alive() {
                return Err(self.refused(format!(
                    "run #{id} is held by process {} on {}, which may still be running it; stop that run first",
                    claimant.pid, claimant.host
                )));
            }
        }
        let recorded: i64 = tx
            .query_row(
                "SELECT count(*) FROM outcomes WHERE run_id = ?1",
                [id],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))?;
        let removed = RemovedRun {
            id,
            status,
            started,
            study,
            plan_sha256,
            recorded,
            user: user.to_string(),
            at: crate::provenance::now(),
        };
        let run = || -> rusqlite::Result<()> {
            for table in ["outcomes", "journal", "marks"] {
                tx.execute(&format!("DELETE FROM {table} WHERE run_id = ?1"), [id])?;
            }
            tx.execute("DELETE FROM runs WHERE id = ?1", [id])?;
            tx.execute(
                "INSERT INTO removed (run_id, status, started, study, plan_sha256, recorded, user, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    removed.id,
                    removed.status,
                    removed.started,
                    removed.study,
                    removed.plan_sha256,
                    removed.recorded,
                    removed.user,
                    removed.at
                ],
            )?;
            Ok(())
        };
        run().map_err(|e| self.err(e))?;
        tx.commit().map_err(|e| self.err(e))?;
        Ok(removed)
    }

    /// Every unfinished run removed, oldest first.
    pub fn removed(&self) -> Result<Vec<RemovedRun>> {
        let conn = self.conn();
        let mut q = conn
            .prepare(
                "SELECT run_id, status, started, study, plan_sha256, recorded, user, at
                 FROM removed ORDER BY run_id",
            )
            .map_err(|e| self.err(e))?;
        q.query_map([], |r| {
            Ok(RemovedRun {
                id: r.get(0)?,
                status: r.get(1)?,
                started: r.get(2)?,
                study: r.get(3)?,
                plan_sha256: r.get(4)?,
                recorded: r.get(5)?,
                user: r.get(6)?,
                at: r.get(7)?,
            })
        })
        .and_then(|rows| rows.collect())
        .map_err(|e| self.err(e))
    }

    fn no_run(&self, id: i64) -> crate::Error {
        self.err(format!(
            "there is no run #{id}; `provestein history list` shows the runs"
        ))
    }
}
