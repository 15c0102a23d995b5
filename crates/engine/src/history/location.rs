//! Where the history file lives by default; the pseudonym key and the pinned vendor keys sit
//! beside it.

use std::path::PathBuf;

/// Where the history lives unless `--history` says otherwise: `$PROVESTEIN_HISTORY`, else
/// `$XDG_DATA_HOME/provestein/history.sqlite`, else `~/.local/share/provestein/history.sqlite`.
pub fn default_path() -> PathBuf {
    if let Some(p) = std::env::var_os("PROVESTEIN_HISTORY") {
        return PathBuf::from(p);
    }
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    data.join("provestein/history.sqlite")
}
