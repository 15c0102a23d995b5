//! Where a run stands, as the `runs.status` column stores it. The strings are the ones older
//! histories hold, so they read unchanged; a string that is none of them is an error when read
//! back, never taken for one of the four.

use std::fmt;

/// A run's status in the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RunStatus {
    /// Begun, not ended: being run, or interrupted (killed, power loss) and resumable.
    Running,
    /// Finished with an evaluation, stored and in the hash chain.
    Done,
    /// Ended by an error, which the row keeps.
    Failed,
    /// Stopped by the user.
    Cancelled,
}

impl RunStatus {
    pub const ALL: [RunStatus; 4] = [
        RunStatus::Running,
        RunStatus::Done,
        RunStatus::Failed,
        RunStatus::Cancelled,
    ];

    /// The stored string ("running", "done", "failed", "cancelled").
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Running => "running",
            RunStatus::Done => "done",
            RunStatus::Failed => "failed",
            RunStatus::Cancelled => "cancelled",
        }
    }

    /// How a run that ended with `error` is recorded: cancelled by the user, or failed.
    pub fn of_error(error: &crate::Error) -> RunStatus {
        if matches!(error, crate::Error::Cancelled) {
            RunStatus::Cancelled
        } else {
            RunStatus::Failed
        }
    }
}

impl fmt::Display for RunStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad`, so that `{:<10}` lines up `history list` as the plain strings did.
        f.pad(self.as_str())
    }
}

/// A stored status that is none of the four.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown run status \"{0}\" (expected running, done, failed or cancelled)")]
pub struct UnknownStatus(pub String);

impl std::str::FromStr for RunStatus {
    type Err = UnknownStatus;

    fn from_str(s: &str) -> Result<RunStatus, UnknownStatus> {
        RunStatus::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownStatus(s.to_string()))
    }
}

impl rusqlite::types::ToSql for RunStatus {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(self.as_str().into())
    }
}

impl rusqlite::types::FromSql for RunStatus {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        value
            .as_str()?
            .parse()
            .map_err(|e| rusqlite::types::FromSqlError::Other(Box::new(e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_reads_back_as_itself_and_prints_as_stored() {
        for s in RunStatus::ALL {
            assert_eq!(s.as_str().parse::<RunStatus>(), Ok(s));
            assert_eq!(format!("{s:<10}|"), format!("{:<10}|", s.as_str()));
        }
        assert_eq!(
            "Done".parse::<RunStatus>(),
            Err(UnknownStatus("Done".into()))
        );
        assert_eq!(
            RunStatus::of_error(&crate::Error::Cancelled),
            RunStatus::Cancelled
        );
        assert_eq!(
            RunStatus::of_error(&crate::Error::Explain("x".into())),
            RunStatus::Failed
        );
    }

    #[test]
    fn a_status_round_trips_through_the_database_and_an_unknown_one_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.sqlite");
        let h = crate::history::History::open(&path).unwrap();
        let id = h
            .begin(
                &crate::Plan::draft(),
                std::path::Path::new("plan.toml"),
                "tester",
            )
            .unwrap();
        assert_eq!(h.list().unwrap()[0].status, RunStatus::Running);
        for s in [RunStatus::Cancelled, RunStatus::Failed] {
            h.abandon(id, s, "why").unwrap();
            assert_eq!(h.list().unwrap()[0].status, s);
        }
        // Stored as the strings older histories hold.
        let db = rusqlite::Connection::open(&path).unwrap();
        let stored: String = db
            .query_row("SELECT status FROM runs WHERE id = ?1", [id], |r| r.get(0))
            .unwrap();
        assert_eq!(stored, "failed");
        db.execute("UPDATE runs SET status = 'paused' WHERE id = ?1", [id])
            .unwrap();
        let err = h.list().unwrap_err().to_string();
        assert!(err.contains("unknown run status \"paused\""), "{err}");
        assert!(h.get(id).is_err());
    }
}
