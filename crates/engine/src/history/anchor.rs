//! The chain's head kept outside the database: `history.sqlite.anchor` beside the history
//! holds the number of finished runs, the last one's id and its hash, written atomically
//! (temporary file, fsync, rename) after each run is committed. The chain alone cannot show
//! that its last records were deleted (what remains still links); the anchor can.
//!
//! It protects against the history edited or truncated on its own (a run deleted, a copy
//! restored from an older backup). It does not protect against someone who rewrites both
//! files; for that, write the head hash down elsewhere. An anchor may lag behind the chain (a
//! process killed between commit and anchor, two runs finishing at once): `verify` accepts a
//! longer chain whose record at the anchor matches, and moves the anchor forward.

use std::io::Write;
use std::path::{Path, PathBuf};

const MAGIC: &str = "Prøvestein history anchor 1";

#[derive(Debug, Clone, PartialEq)]
pub struct Anchor {
    /// Finished runs in the chain.
    pub records: usize,
    /// The last one's run id and hash.
    pub run: i64,
    pub head: String,
}

/// `history.sqlite` → `history.sqlite.anchor`.
pub fn path_of(history: &Path) -> PathBuf {
    let mut name = history.file_name().unwrap_or_default().to_os_string();
    name.push(".anchor");
    history.with_file_name(name)
}

/// The anchor beside `history`: None when there is none; Err says why it cannot be read.
pub fn read(history: &Path) -> Result<Option<Anchor>, String> {
    let path = path_of(history);
    let text = match std::fs::read(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("it cannot be read: {e}")),
    };
    // Small and of a fixed form; anything else was not written by Prøvestein.
    let bad = || "it is not an anchor Prøvestein wrote (damaged or replaced)".to_string();
    let text = String::from_utf8(text).map_err(|_| bad())?;
    let mut lines = text.lines();
    if lines.next() != Some(MAGIC) {
        return Err(bad());
    }
    let mut field = |key: &str| {
        lines
            .next()
            .and_then(|l| l.strip_prefix(key))
            .and_then(|v| v.strip_prefix(' '))
            .map(str::to_string)
            .ok_or_else(bad)
    };
    let records = field("records")?.parse().map_err(|_| bad())?;
    let run = field("run")?.parse().map_err(|_| bad())?;
    let head = field("head")?;
    if head.len() != 64 || !head.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad());
    }
    Ok(Some(Anchor { records, run, head }))
}

/// Replaces the anchor beside `history` atomically: a reader sees the old or the new one.
pub fn write(history: &Path, a: &Anchor) -> std::io::Result<()> {
    let path = path_of(history);
    let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(format!(".tmp-{}", std::process::id()));
    let tmp = path.with_file_name(tmp_name);
    let text = format!(
        "{MAGIC}\nrecords {}\nrun {}\nhead {}\n",
        a.records, a.run, a.head
    );
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, &path)?;
        // The rename itself is durable once the folder is synced (where folders can be opened).
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && let Ok(d) = std::fs::File::open(dir)
        {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Moves the anchor to `a` unless the one there is already further along (another process
/// finished a later run first).
pub fn advance(history: &Path, a: &Anchor) -> std::io::Result<()> {
    match read(history) {
        Ok(Some(there)) if there.records >= a.records => Ok(()),
        _ => write(history, a),
    }
}

/// How the chain (the (run id, hash) of each record, in order) stands against `anchor`: Ok
/// when it holds at least the anchored record unchanged, else why not.
pub fn check(anchor: &Anchor, chain: &[(i64, String)], file: &Path) -> Result<(), String> {
    let file = file.display();
    if anchor.records == 0 {
        return Ok(());
    }
    if chain.len() < anchor.records {
        return Err(format!(
            "the anchor {file} records {} finished runs up to run #{}, but the history holds {}: \
             the last run(s) were removed, or the history was replaced by an older copy",
            anchor.records,
            anchor.run,
            chain.len()
        ));
    }
    let (id, hash) = &chain[anchor.records - 1];
    if *id != anchor.run || *hash != anchor.head {
        return Err(format!(
            "record {} of the chain is run #{id} with hash {}…, but the anchor {file} says run #{} \
             with hash {}…: the history was rewritten (or the anchor belongs to another history)",
            anchor.records,
            &hash[..12.min(hash.len())],
            anchor.run,
            &anchor.head[..12]
        ));
    }
    Ok(())
}
