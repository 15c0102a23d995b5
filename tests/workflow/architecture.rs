//! ARCHITECTURE.md names files and folders in backticks; a rename that leaves the map behind
//! fails here, so the map stays true.

use std::path::Path;

/// Backticked spans of `text` that name a path (no space, and a `/` or a source-file ending),
/// each with the folder it may be relative to: the last backticked folder (ending in `/`) of
/// its paragraph or table row, so that a code map can say `crates/x/src/`: `a.rs`, `b.rs`.
fn named_paths(text: &str) -> Vec<(String, String)> {
    let mut paths = Vec::new();
    let mut in_code_block = false;
    let mut context = String::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code_block = !in_code_block;
            continue;
        }
        if in_code_block {
            continue;
        }
        if line.trim().is_empty() || line.starts_with('|') {
            context.clear();
        }
        for (i, span) in line.split('`').enumerate() {
            let looks_like_path = span.contains('/')
                || [".rs", ".md", ".toml", ".sh", ".py"]
                    .iter()
                    .any(|ext| span.ends_with(ext));
            if i % 2 == 1 && looks_like_path && !span.contains(' ') && !span.contains("::") {
                paths.push((span.trim_end_matches('/').to_string(), context.clone()));
                if span.ends_with('/') {
                    context = span.to_string();
                }
            }
        }
    }
    paths
}

#[test]
fn every_path_in_architecture_md_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let paths = named_paths(&text);
    assert!(
        paths.len() > 30,
        "only {} paths found: the parser lost the map",
        paths.len()
    );
    let missing: Vec<&String> = paths
        .iter()
        .filter(|(p, context)| !root.join(p).exists() && !root.join(context).join(p).exists())
        .map(|(p, _)| p)
        .collect();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md names paths that do not exist: {missing:?}"
    );
}

#[test]
fn the_parser_finds_paths_and_skips_words() {
    let found =
        named_paths("`crates/a/` and `b.rs`, not `Plan::load` or `a b/c` or `run`.\n\n`c.rs`");
    let found: Vec<(&str, &str)> = found
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_str()))
        .collect();
    assert_eq!(
        found,
        [("crates/a", ""), ("b.rs", "crates/a/"), ("c.rs", "")]
    );
}
