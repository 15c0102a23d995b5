//! Every file a plan names, opened just far enough to prove it is what the plan says — the
//! model loads in ONNX Runtime with the named tensors, each CSV has the named columns, the DICOM
//! folder holds a readable DICOM file — without reading cohort data beyond headers. `check`
//! runs this so that a wrong path or a text file named as the model is found before a run,
//! not half-way into one.

use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

use crate::cohort::table::Table;
use crate::error::{Error, Result};
use crate::model::onnx::OnnxModel;
use crate::model::runtime::Runtime;
use crate::plan::{CohortKind, JoinKey, ModelSpec, Plan, PredictionsKind, PredictionsSpec};

/// One file (or folder) of the plan and what opening it showed.
#[derive(Debug)]
pub struct Opened {
    /// What the plan uses it for ("model", "cohort", "labels", "predictions"…).
    pub what: &'static str,
    pub path: PathBuf,
    /// What was found, or why it is not what the plan needs.
    pub result: Result<Found>,
}

/// What a file turned out to be (the CLI words it from the catalogue).
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// An ONNX model with the plan's tensors: the input's shape ("[N, 30]").
    Model {
        input: String,
        shape: String,
        output: String,
    },
    /// A model not opened because ONNX Runtime is not available.
    ModelNotOpened,
    Manifest,
    /// A CSV whose header names every column the plan uses.
    Csv {
        columns: usize,
    },
    DicomFolder,
    Folder,
    File,
}

/// Opens every file `plan` names. `runtime` is None when ONNX Runtime could not be loaded:
/// models are then reported as not checked (that error is the caller's to show once).
pub fn open_all(plan: &Plan, runtime: Option<&Runtime>) -> Vec<Opened> {
    let mut out = Vec::new();
    let mut open = |what: &'static str, path: PathBuf, check: &dyn Fn(&Path) -> Result<Found>| {
        let result = check(&path);
        out.push(Opened { what, path, result });
    };
    if let Some(m) = &plan.model {
        open("model", plan.resolve(&m.path), &|p| model(runtime, m, p));
        if let Some(manifest) = &m.manifest {
            open("manifest", plan.resolve(manifest), &|p| {
                crate::model::manifest::load(p).map(|_| Found::Manifest)
            });
        }
    }
    if let Some(p) = &plan.predictions {
        open("predictions", plan.resolve(&p.path), &|path| {
            predictions(p, path)
        });
    }
    for c in &plan.compare {
        if let Some(m) = &c.model {
            open("compared model", plan.resolve(&m.path), &|p| {
                model(runtime, m, p)
            });
        }
        if let Some(p) = &c.predictions {
            open("compared predictions", plan.resolve(&p.path), &|path| {
                predictions(p, path)
            });
        }
    }
    let spec = &plan.cohort;
    match spec.kind {
        CohortKind::Csv => open("cohort", plan.resolve(&spec.path), &|p| {
            let mut columns: Vec<(&str, &str)> = Vec::new();
            if let Some(id) = &spec.id {
                columns.push((id, "cohort id column"));
            }
            if !spec.label.is_empty() {
                columns.push((&spec.label, "cohort label column"));
            }
            columns.extend(spec.features.iter().map(|f| (f.as_str(), "model feature")));
            columns.extend(
                spec.subgroups
                    .iter()
                    .map(|s| (s.as_str(), "subgroup column")),
            );
            if let Some(d) = &spec.date {
                columns.push((d, "cohort date column"));
            }
            if let Some(p) = &spec.patient {
                columns.push((p, "cohort patient column"));
            }
            csv_columns(p, "cohort", &columns)
        }),
        CohortKind::Dicom => {
            open("cohort folder", plan.resolve(&spec.path), &dicom_folder);
            if let Some(labels) = &spec.labels {
                let join = spec.join.unwrap_or(JoinKey::Path);
                let join_column = spec.join_column.clone().unwrap_or_else(|| match join {
                    JoinKey::Path => "file".to_string(),
                    other => other.name().to_string(),
                });
                open("labels", plan.resolve(labels), &|p| {
                    let mut columns =
                        vec![(join_column.as_str(), "labels join column (join_column)")];
                    if !spec.label.is_empty() {
                        columns.push((spec.label.as_str(), "label column"));
                    }
                    csv_columns(p, "labels", &columns)
                });
            }
        }
    }
    if let Some(t) = &plan.truth {
        open("truth", plan.resolve(&t.path), &exists);
    }
    if let Some(m) = plan
        .marks
        .as_ref()
        .filter(|m| !m.path.as_os_str().is_empty())
    {
        open("marks", plan.resolve(&m.path), &exists);
    }
    if let Some(l) = &plan.lesions {
        open("lesions", plan.resolve(&l.path), &exists);
    }
    out
}

/// The model loads and has the plan's input and output tensors.
fn model(runtime: Option<&Runtime>, spec: &ModelSpec, path: &Path) -> Result<Found> {
    crate::user_file::check(path, "model")?;
    let Some(rt) = runtime else {
        return Ok(Found::ModelNotOpened);
    };
    let onnx = OnnxModel::load(rt, spec, path)?;
    Ok(Found::Model {
        input: spec.input.clone(),
        shape: onnx.input_shape_text(),
        output: onnx.output_name().to_string(),
    })
}

fn predictions(spec: &PredictionsSpec, path: &Path) -> Result<Found> {
    match spec.kind {
        PredictionsKind::Csv => csv_columns(
            path,
            "predictions",
            &[
                (spec.id.as_str(), "predictions id column"),
                (spec.score.as_str(), "predictions score column"),
            ],
        ),
        PredictionsKind::Rtstruct | PredictionsKind::Seg => exists(path),
    }
}

/// Every column name of a CSV file; only its first line is read (`provestein columns`).
pub fn columns(path: &Path) -> Result<Vec<String>> {
    header(path, "CSV file").map(|t| t.headers)
}

/// The CSV's header names every column in `columns` (name, role); only the first line is read.
fn csv_columns(path: &Path, what: &'static str, columns: &[(&str, &str)]) -> Result<Found> {
    let table = header(path, what)?;
    for (name, role) in columns.iter().filter(|(n, _)| !n.is_empty()) {
        table.column(name, role)?;
    }
    Ok(Found::Csv {
        columns: table.headers.len(),
    })
}

/// A table of the file's header and no rows.
fn header(path: &Path, what: &'static str) -> Result<Table> {
    let file = crate::user_file::open(path, what)?;
    let mut first = Vec::new();
    // One line, at most 1 MiB of it (a binary file named as a CSV may have no newline).
    std::io::BufReader::new(file.take(1 << 20))
        .read_until(b'\n', &mut first)
        .map_err(|source| Error::Read {
            what,
            path: path.to_path_buf(),
            source,
        })?;
    Table::from_header(path, &first)
}

/// How many files `check` tries before it says a folder holds no DICOM (a PACS export may
/// start with a DICOMDIR, a README or a damaged file).
const DICOM_TRIES: usize = 16;

/// A DICOM folder holds at least one file, and one of the first few (in name order) reads as
/// DICOM. Only headers are read, never pixel data.
fn dicom_folder(path: &Path) -> Result<Found> {
    let read_err = |source| Error::Read {
        what: "cohort folder",
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(read_err)?;
    if !meta.is_dir() {
        return Err(read_err(std::io::Error::new(
            std::io::ErrorKind::NotADirectory,
            "not a folder: a DICOM cohort's path names the folder its files are in",
        )));
    }
    let files = walkdir::WalkDir::new(path)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_map(std::result::Result::ok)
        .filter(|e| e.file_type().is_file())
        .take(DICOM_TRIES);
    let mut first_refusal = None;
    for file in files {
        match crate::cohort::prescan::check(file.path(), u64::MAX, false) {
            Ok(_) => return Ok(Found::DicomFolder),
            Err((_, why)) => {
                first_refusal.get_or_insert((file.into_path(), why));
            }
        }
    }
    Err(match first_refusal {
        None => read_err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "the folder holds no files: export the studies from PACS into it",
        )),
        Some((file, why)) => Error::DicomFolder {
            path: path.to_path_buf(),
            message: format!(
                "none of the first files in the folder reads as DICOM ({}: {why}); check that [cohort] path names the folder PACS exported",
                file.strip_prefix(path).unwrap_or(&file).display()
            ),
        },
    })
}

/// The path exists (a file or a folder), for inputs read only by the run.
fn exists(path: &Path) -> Result<Found> {
    let meta = std::fs::metadata(path).map_err(|source| Error::Read {
        what: "file",
        path: path.to_path_buf(),
        source,
    })?;
    Ok(if meta.is_dir() {
        Found::Folder
    } else {
        Found::File
    })
}
