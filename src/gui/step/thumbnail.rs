//! The Cohort step's "what the model will see": before any run, the first image of a DICOM
//! folder that a run can read, made into the model's input by the same code as a run and the
//! case viewer (`cohort::view::load_model_input`: the plan's `[preprocess]`), so that the user
//! checks the plan's window and size before running. Made on a worker, again whenever the
//! folder or the `[preprocess]` changes.

use std::path::PathBuf;

use eframe::egui;
use provestein::cohort::pixels::Preprocess;
use provestein::cohort::survey::Survey;
use provestein::cohort::view::DisplayFrame;

use crate::gui::i18n::{Lang, t, tr};
use crate::gui::step::model_input::ModelInput;
use crate::gui::task::Task;

/// The image shown and its input; `input` draws it as the case viewer draws its own.
#[derive(Default)]
pub struct Thumbnail {
    pub input: ModelInput,
    /// The image's path relative to the folder.
    pub file: Option<String>,
    /// The images and `[preprocess]` it was made for.
    made_for: Option<(Vec<PathBuf>, Preprocess)>,
    loading: Option<Task<Result<(String, DisplayFrame), String>>>,
}

/// Shown this many points wide at most (the demo's 64 × 64 input at 3×).
const SIDE: f32 = 192.0;

impl Thumbnail {
    /// Starts the input of `survey`'s first readable image under `pre` when it is not made
    /// for them yet, and picks up a finished one.
    pub fn update(&mut self, ctx: &egui::Context, survey: &Survey, pre: &Preprocess) {
        if let Some(r) = self.loading.as_ref().and_then(Task::poll) {
            self.loading = None;
            self.input.texture = None;
            match r {
                Ok((file, frame)) => {
                    self.file = Some(file);
                    self.input.frame = Some(Ok(frame));
                }
                Err(e) => {
                    self.file = None;
                    self.input.frame = Some(Err(e));
                }
            }
        }
        let images: Vec<PathBuf> = survey
            .sample_images
            .iter()
            .map(|(_, p)| p.clone())
            .collect();
        let key = (images, pre.clone());
        if key.0.is_empty() || self.made_for.as_ref() == Some(&key) {
            return;
        }
        self.made_for = Some(key);
        self.input.frame = None;
        self.input.texture = None;
        let (candidates, pre) = (survey.sample_images.clone(), pre.clone());
        self.loading = Some(Task::spawn(ctx, move || first_readable(&candidates, &pre)));
    }

    /// The heading, the input drawn at most `SIDE` wide keeping its aspect, its caption (shape
    /// and values) and the file it came from.
    pub fn show(&mut self, ui: &mut egui::Ui, lang: Lang) {
        if self.made_for.is_none() {
            return;
        }
        ui.strong(t::COHORT_THUMBNAIL.get(lang));
        ui.label(t::COHORT_THUMBNAIL_HELP.get(lang));
        let size = match &self.input.frame {
            Some(Ok(f)) => {
                let scale = SIDE / f.width.max(f.height).max(1) as f32;
                egui::vec2(f.width as f32 * scale, f.height as f32 * scale)
            }
            _ => egui::vec2(SIDE, SIDE),
        };
        let full = egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0));
        self.input.show(ui, lang, size, full);
        if let Some(file) = &self.file {
            ui.label(tr!(lang, "cohort-thumbnail-file", file = file.as_str()));
        }
    }
}

/// The input of the first of `candidates` a run can read, with its relative path; a file it
/// cannot read is passed over as a run would exclude it, and if none can be read, the first
/// one's reason.
fn first_readable(
    candidates: &[(String, PathBuf)],
    pre: &Preprocess,
) -> Result<(String, DisplayFrame), String> {
    let mut first_error = None;
    for (rel, path) in candidates {
        match provestein::cohort::view::load_model_input(path, pre) {
            Ok(frame) => return Ok((rel.clone(), frame)),
            Err((_, detail)) => {
                first_error.get_or_insert_with(|| format!("{rel}: {detail}"));
            }
        }
    }
    Err(first_error.unwrap_or_default())
}
