//! AFL target: one input is one plan file, parsed and validated exactly as `check` does
//! (`Plan::parse`). Any crash, abort or hang is a finding; an `Err` is the right answer.

use std::path::{Path, PathBuf};

fn main() {
    afl::fuzz!(|data: &[u8]| {
        if let Ok(text) = std::str::from_utf8(data) {
            let _ = provestein::Plan::parse(text, Path::new("plan.toml"), PathBuf::from("."));
        }
    });
}
