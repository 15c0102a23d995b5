//! Judgements on a finished run's errors (`crate::adjudication`), kept beside the run: every
//! one recorded (who, when, comment), never edited; a later judgement of the same case stands
//! for it. The run, its report and the chain are untouched.

use rusqlite::params;

use super::History;
use crate::adjudication::{Adjudication, Judgement, is_error};
use crate::error::Result;

/// The table, created with the others when a history is opened.
pub(super) const TABLES: &str = "
CREATE TABLE IF NOT EXISTS adjudications ( -- judgements on a run's errors, append-only
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    case_id TEXT NOT NULL,
    judgement TEXT NOT NULL,               -- adjudication::Judgement::as_str
    comment TEXT NOT NULL,
    user TEXT NOT NULL,
    at TEXT NOT NULL                       -- RFC 3339 UTC
);
CREATE INDEX IF NOT EXISTS adjudications_by_run ON adjudications (run_id, case_id);
";

impl History {
    /// Records a judgement on case `case` of finished run `run`, which must be one of its
    /// false positives or negatives.
    pub fn adjudicate(
        &self,
        run: i64,
        case: &str,
        judgement: Judgement,
        comment: &str,
        user: &str,
    ) -> Result<Adjudication> {
        let stored = self.get(run)?;
        let eval = stored.evaluation()?;
        let Some(binary) = eval.binary() else {
            return Err(self.refused(format!(
                "run #{run} is not a binary classification: its cases cannot be adjudicated"
            )));
        };
        let threshold = binary.overall.threshold;
        let Some(c) = stored.cases.iter().find(|c| c.id == case) else {
            return Err(self.refused(format!(
                "run #{run} has no case \"{case}\"; the case ids are those of its predictions.csv"
            )));
        };
        if !is_error(c.label, c.score, threshold) {
            return Err(self.refused(format!(
                "case \"{case}\" of run #{run} agrees with the reference standard at the threshold {threshold}: only false positives and negatives are adjudicated"
            )));
        }
        let a = Adjudication {
            case: case.to_string(),
            judgement,
            comment: comment.trim().to_string(),
            user: user.to_string(),
            at: crate::provenance::now(),
        };
        self.conn()
            .execute(
                "INSERT INTO adjudications (run_id, case_id, judgement, comment, user, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![run, a.case, a.judgement.as_str(), a.comment, a.user, a.at],
            )
            .map_err(|e| self.err(e))?;
        Ok(a)
    }

    /// The judgement that stands for each adjudicated case of run `run` (the latest), in the
    /// order they were recorded.
    pub fn adjudications(&self, run: i64) -> Result<Vec<Adjudication>> {
        let conn = self.conn();
        let mut q = conn
            .prepare(
                "SELECT case_id, judgement, comment, user, at FROM adjudications a
                 WHERE run_id = ?1 AND id = (SELECT max(id) FROM adjudications b
                     WHERE b.run_id = a.run_id AND b.case_id = a.case_id)
                 ORDER BY id",
            )
            .map_err(|e| self.err(e))?;
        let rows = q
            .query_map([run], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| self.err(e))?;
        rows.into_iter()
            .map(|(case, judgement, comment, user, at)| {
                Ok(Adjudication {
                    case,
                    judgement: judgement.parse().map_err(|e: String| self.err(e))?,
                    comment,
                    user,
                    at,
                })
            })
            .collect()
    }
}
