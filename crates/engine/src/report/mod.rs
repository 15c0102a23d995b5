//! Files written from an [`Evaluation`]. Nothing here computes a figure: every output is a view
//! of the same evaluation, so report.json, predictions.csv, the summary and the PDF and HTML
//! reports always agree. The PDF and HTML are two layouts of one [`doc::Document`], built by
//! [`content::build`].

pub mod content;
pub mod json;
pub mod predictions;
pub mod stard;
pub mod summary;

pub use provestein_report::{doc, figures, html, pdf};

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::evaluation::Evaluation;

/// What to write besides report.json and predictions.csv, which are always written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub lang: crate::i18n::Lang,
    pub pdf: bool,
    pub html: bool,
}

impl Options {
    /// Every format, in the plan's `[report] language`.
    pub fn for_plan(plan: &crate::Plan) -> Options {
        Options {
            lang: plan.report.language,
            pdf: true,
            html: true,
        }
    }
}

/// Writes report.json, predictions.csv, report.html and report.pdf into `dir` (created if
/// missing), in the plan's report language, and returns their paths.
pub fn write_all(eval: &Evaluation, dir: &Path) -> Result<Vec<PathBuf>> {
    write(eval, dir, Options::for_plan(&eval.plan))
}

/// Writes the files `options` asks for. Each file is written to a temporary name and renamed,
/// so a crash never leaves half a report behind; report.json comes first, so that a report
/// that fails to render still leaves the figures on disk.
///
/// Every file's text is first searched for the identifier values of the cohort's DICOM headers
/// (`eval.guard`, see `privacy::guard`): a hit stops with `Error::Identifier` before that file
/// exists (an earlier file of this call already written stays; a stale one of the same name
/// from an earlier run is removed, so no output of this run can be mistaken for it). The
/// PDF's text layer is the document's text, checked before layout.
pub fn write(eval: &Evaluation, dir: &Path, options: Options) -> Result<Vec<PathBuf>> {
    written(eval, dir, options).map(|w| w.files)
}

/// What [`written`] wrote: the files, and the PDF's bytes as written (for the history, which
/// keeps the very report the user has, not a second rendering).
#[derive(Debug, Clone, Default)]
pub struct Written {
    pub files: Vec<PathBuf>,
    pub pdf: Option<Vec<u8>>,
}

/// Makes `dir` if needed and proves a file can be written in it (written and removed), so that
/// a run whose report could not be written stops before it reads a case, not after.
pub fn check_writable(dir: &Path) -> Result<()> {
    let err = |source| Error::Write {
        path: dir.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(err)?;
    let probe = dir.join(format!(".provestein-write-check-{}", std::process::id()));
    std::fs::write(&probe, b"").map_err(err)?;
    std::fs::remove_file(&probe).map_err(err)
}

/// [`write`], keeping the PDF's bytes.
pub fn written(eval: &Evaluation, dir: &Path, options: Options) -> Result<Written> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let guard = &eval.guard;
    // Each file's content is made on rayon's threads side by side; they are checked and
    // written one after the other as before, so a guard hit still stops at the first file.
    let (text, (bytes, doc)) = rayon::join(
        || json::to_string(eval),
        || {
            rayon::join(
                || predictions::to_bytes(eval),
                || (options.pdf || options.html).then(|| content::build(eval, options.lang)),
            )
        },
    );
    // report.json and predictions.csv are written while the HTML and PDF are laid out (a
    // million cases' predictions.csv is tens of MB for the kernel to copy).
    let (first, rendered) = rayon::join(
        || -> Result<Vec<PathBuf>> {
            let json = dir.join("report.json");
            guarded(guard, &json, &text)?;
            write_atomic(&json, text.as_bytes())?;
            let csv = dir.join("predictions.csv");
            guarded(guard, &csv, &String::from_utf8_lossy(&bytes))?;
            write_atomic(&csv, &bytes)?;
            Ok(vec![json, csv])
        },
        || {
            doc.map(|doc| {
                let (page, pdf) = rayon::join(
                    || options.html.then(|| html::render(&doc)),
                    || options.pdf.then(|| pdf::render(&doc)),
                );
                (doc, page, pdf)
            })
        },
    );
    let mut written = first?;
    let mut pdf_bytes = None;
    if let Some((doc, page, pdf)) = rendered {
        if let Some(page) = page {
            let path = dir.join("report.html");
            guarded(guard, &path, &page)?;
            write_atomic(&path, page.as_bytes())?;
            written.push(path);
        }
        if let Some(pdf) = pdf {
            let path = dir.join("report.pdf");
            guarded(guard, &path, &doc.text().join("\n"))?;
            let bytes = pdf?;
            write_atomic(&path, &bytes)?;
            written.push(path);
            pdf_bytes = Some(bytes);
        }
    }
    Ok(Written {
        files: written,
        pdf: pdf_bytes,
    })
}

/// The report.pdf [`write`] would write in `lang`, without writing it (the app keeps it in the
/// history and exports later); its text is checked against the cohort's identifiers first, as
/// for any output, and named `path` in the error.
pub fn render_pdf(eval: &Evaluation, lang: crate::i18n::Lang, path: &Path) -> Result<Vec<u8>> {
    let doc = content::build(eval, lang);
    eval.guard.check(path, &doc.text().join("\n"))?;
    pdf::render(&doc)
}

/// The guard's check of `path`'s text; on a hit, a file of that name left by an earlier run is
/// removed too.
fn guarded(guard: &crate::privacy::Guard, path: &Path, text: &str) -> Result<()> {
    guard.check(path, text).inspect_err(|_| {
        let _ = std::fs::remove_file(path);
    })
}

fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("partial");
    let err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    std::fs::write(&tmp, bytes).map_err(err)?;
    std::fs::rename(&tmp, path).map_err(err)
}
