//! Occlusion maps for the cases of chosen outcome classes after a run (`batch --explain`):
//! one PNG per case in `DIR/explain/`, and `DIR/explain/index.csv` listing them.

use std::collections::HashSet;
use std::path::Path;

use super::entry::{ExplainOutcome, OcclusionEntry};
use super::map::{Occluder, check_plan};
use super::render::render_png;
use crate::error::{Error, Result};
use crate::evaluation::Evaluation;

/// "fn,fp" (any of tp, fp, fn, tn, or all) → the classes, in that order, each once.
pub fn parse_outcomes(s: &str) -> std::result::Result<Vec<ExplainOutcome>, String> {
    let mut out = Vec::new();
    for word in s.split(',').map(|w| w.trim().to_lowercase()) {
        let add: Vec<ExplainOutcome> = match word.as_str() {
            "all" => ExplainOutcome::ALL.to_vec(),
            w => match ExplainOutcome::ALL.iter().find(|o| o.code() == w) {
                Some(o) => vec![*o],
                None => {
                    return Err(format!(
                        "\"{word}\" is not an outcome class: give tp, fp, fn, tn or all, separated by commas (e.g. fn,fp)"
                    ));
                }
            },
        };
        for o in add {
            if !out.contains(&o) {
                out.push(o);
            }
        }
    }
    Ok(out)
}

/// Longest file stem made from a case id, in bytes: with "-99_fn.png" after it a name stays far
/// below the 255 bytes file systems allow, so a long id never loses the output.
const STEM_MAX: usize = 120;

/// A file name from a case id: path separators and characters file systems refuse become
/// "_"; a long id is cut and ends in 12 hex digits of its SHA-256.
fn file_stem(id: &str) -> String {
    let stem: String = id
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c.is_control() || ":*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    if stem.len() <= STEM_MAX {
        return stem;
    }
    // Cut on a character boundary, then a hash of the whole id keeps long ids apart.
    let mut cut = STEM_MAX - 13;
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    let hash = crate::provenance::sha256_hex(id.as_bytes());
    format!("{}-{}", &stem[..cut], &hash[..12])
}

/// Computes and writes the occlusion maps of every case of `eval` in one of `outcomes` (in
/// cohort order): `out/explain/<id>_<outcome>.png` and `out/explain/index.csv`. A series or
/// study case is explained by its first image (the first that decodes, if the first does
/// not). `written` is told each file as soon as it is on disk. A case whose map cannot be
/// made (no image decodes, the model fails on an occluded copy) is left out and `skipped` is
/// told its id and why, so one bad case costs its own map only; an identifier in a map's text
/// or a file that cannot be written still ends the step with the error.
pub fn write_maps(
    eval: &Evaluation,
    out: &Path,
    outcomes: &[ExplainOutcome],
    onnxruntime: Option<&Path>,
    written: &mut dyn FnMut(&Path),
    skipped: &mut dyn FnMut(&str, &Error),
) -> Result<Vec<OcclusionEntry>> {
    check_plan(&eval.plan).map_err(Error::Explain)?;
    let mut occ = Occluder::open(&eval.plan, onnxruntime)?;
    let dir = out.join("explain");
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    std::fs::create_dir_all(&dir).map_err(write_err(&dir))?;
    let Some(binary) = eval.binary() else {
        return Ok(Vec::new()); // occlusion maps explain a binary score
    };
    let threshold = binary.overall.threshold;
    let mut used: HashSet<String> = HashSet::new();
    let mut entries = Vec::new();
    for case in &binary.cases {
        let outcome = ExplainOutcome::of(case.label, case.score, threshold);
        if !outcomes.contains(&outcome) {
            continue;
        }
        let mut last_err = None;
        let mut found = None;
        for (k, f) in case.files().iter().enumerate() {
            match occ.tensor(f) {
                Ok(t) => {
                    found = Some((k, t));
                    break;
                }
                Err(e) => last_err = Some(e),
            }
        }
        let Some((k, tensor)) = found else {
            let e = last_err.unwrap_or_else(|| {
                Error::Explain(format!("case {} has no image file to explain", case.id))
            });
            skipped(&case.id, &e);
            continue;
        };
        let spec = occ.spec.clone();
        let map = match occ.map(&tensor, &spec) {
            Ok(map) => map,
            Err(e) => {
                skipped(&case.id, &e);
                continue;
            }
        };
        let stem = file_stem(&case.id);
        let mut name = format!("{stem}_{}.png", outcome.code());
        let mut n = 2;
        while !used.insert(name.clone()) {
            name = format!("{stem}-{n}_{}.png", outcome.code());
            n += 1;
        }
        let title = format!("{} \u{b7} {}", case.id, outcome.name());
        let bytes = match render_png(&map, &tensor, occ.layout(), Some(&title)) {
            Ok(bytes) => bytes,
            Err(e) => {
                skipped(&case.id, &e);
                continue;
            }
        };
        let path = dir.join(&name);
        // The file's name, the title drawn into it and its tEXt chunks, against the identifier
        // values of the cohort's headers (`privacy::guard`).
        let text = format!(
            "{name}\n{title}\n{}",
            super::render::text_chunks(&bytes).join("\n")
        );
        eval.guard.check(&path, &text)?;
        std::fs::write(&path, bytes).map_err(write_err(&path))?;
        written(&path);
        entries.push(OcclusionEntry {
            id: case.id.to_string(),
            outcome,
            score: case.score,
            image_score: map.score,
            score_drop_max: map.max_drop(),
            file: format!("explain/{name}"),
            image: k + 1,
            images: case.files().len(),
            positions: map.positions.len(),
        });
    }
    let index = dir.join("index.csv");
    write_index(&index, &entries).map_err(|e| match e.into_kind() {
        csv::ErrorKind::Io(source) => Error::Write {
            path: index.clone(),
            source,
        },
        other => Error::Write {
            path: index.clone(),
            source: std::io::Error::other(format!("{other:?}")),
        },
    })?;
    written(&index);
    Ok(entries)
}

/// The maps of `entries` and their index.csv, made into `from/explain/`, copied to
/// `to/explain/` (a report exported to another folder than the maps were made in lists them
/// by their path relative to it). Returns the files written.
pub fn copy_maps(
    entries: &[OcclusionEntry],
    from: &Path,
    to: &Path,
) -> Result<Vec<std::path::PathBuf>> {
    if entries.is_empty() || from == to {
        return Ok(Vec::new());
    }
    let dir = to.join("explain");
    std::fs::create_dir_all(&dir).map_err(|source| Error::Write {
        path: dir.clone(),
        source,
    })?;
    let files = entries.iter().map(|e| e.file.as_str());
    let mut copied = Vec::new();
    for rel in files.chain(["explain/index.csv"]) {
        let target = to.join(rel);
        std::fs::copy(from.join(rel), &target).map_err(|source| Error::Write {
            path: target.clone(),
            source,
        })?;
        copied.push(target);
    }
    Ok(copied)
}

fn write_index(path: &Path, entries: &[OcclusionEntry]) -> csv::Result<()> {
    let mut w = csv::Writer::from_path(path)?;
    w.write_record([
        "case_id",
        "outcome",
        "score",
        "image_score",
        "score_drop_max",
        "file",
        "image",
    ])?;
    for e in entries {
        w.write_record([
            e.id.clone(),
            e.outcome.code().to_string(),
            e.score.to_string(),
            e.image_score.to_string(),
            e.score_drop_max.to_string(),
            e.file.clone(),
            e.image_note(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcome_lists_parse() {
        use ExplainOutcome::*;
        assert_eq!(parse_outcomes("fn,fp").unwrap(), vec![Fn, Fp]);
        assert_eq!(parse_outcomes("FN, fn").unwrap(), vec![Fn]);
        assert_eq!(parse_outcomes("all").unwrap(), vec![Tp, Fp, Fn, Tn]);
        assert!(
            parse_outcomes("fn,false")
                .unwrap_err()
                .contains("tp, fp, fn, tn or all")
        );
    }

    #[test]
    fn ids_become_file_names() {
        assert_eq!(
            file_stem("study-01/series-1/IM0001.dcm"),
            "study-01_series-1_IM0001.dcm"
        );
        assert_eq!(file_stem("a:b"), "a_b");
        for id in ["x".repeat(300), "æ".repeat(200), "a/".repeat(1000)] {
            let stem = file_stem(&id);
            let name = format!("{stem}-99_fn.png");
            assert!(
                name.len() <= 255 && stem.len() <= STEM_MAX,
                "{}",
                name.len()
            );
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join(&name), b"png").unwrap();
        }
        let (a, b) = ("y".repeat(300) + "1", "y".repeat(300) + "2");
        assert_ne!(file_stem(&a), file_stem(&b), "long ids stay apart");
    }
}
