//! The detection report's DICOM parts: where marks and lesions came from and every file,
//! component, item and output row left out of them (`DetectionSources`, one sentence each),
//! and the worst misses and false marks as image tiles. A CSV study has neither; the report
//! says why there are no tiles.

use std::sync::Arc;

use super::Builder;
use crate::detection::figures::{DetectionFigures, DetectionSources, DetectionTile, TileKind};
use crate::plan::CohortKind;
use crate::{text, words};
use provestein_report::doc::{Block, Row, Table};
use provestein_report::figures::{self, TileImage, TileWords};
use provestein_report::raster;

impl Builder<'_> {
    /// "Sources" (DICOM studies) and the two tile figures, or why there are none.
    pub(super) fn detection_images(&mut self, det: &DetectionFigures) {
        let l = self.lang;
        if let Some(s) = &det.sources {
            self.h2(text!(l, "det-sources").into(), "detection-sources".into());
            let mut t = Table::text(vec![text!(l, "det-sources-what").into()], vec![1.0]);
            t.rows = self
                .source_sentences(s)
                .into_iter()
                .map(|s| Row::new(vec![s]))
                .collect();
            t.note = Some(text!(l, "det-sources-note").into());
            self.table(t);
        }
        self.h2(text!(l, "det-tiles").into(), "detection-tiles".into());
        if self.eval.plan.cohort.kind != CohortKind::Dicom {
            self.para(text!(l, "det-tiles-csv"));
            return;
        }
        self.para(text!(l, "det-tiles-intro"));
        for (kind, none, all_found) in [
            (
                TileKind::Miss,
                text!(l, "det-tiles-no-miss"),
                det.lesions.missed == 0,
            ),
            (
                TileKind::FalseMark,
                text!(l, "det-tiles-no-false"),
                det.marks.false_positive == 0,
            ),
        ] {
            let tiles: Vec<TileImage> = det
                .tiles
                .iter()
                .filter(|t| t.kind == kind)
                .filter_map(|t| self.detection_tile(t))
                .collect();
            if tiles.is_empty() {
                self.para(if all_found {
                    none
                } else {
                    text!(l, "det-tiles-unreadable")
                });
                continue;
            }
            let n = tiles.len();
            let caption = match kind {
                TileKind::Miss => words!(
                    l,
                    "det-tiles-miss-caption",
                    n = n,
                    missed = det.lesions.missed
                ),
                TileKind::FalseMark => words!(
                    l,
                    "det-tiles-false-caption",
                    n = n,
                    false_marks = det.marks.false_positive
                ),
            };
            let fig = figures::tiles(
                &tiles,
                TileWords {
                    truth: text!(l, "det-tile-truth").into(),
                    prediction: text!(l, "det-tile-mark").into(),
                    caption,
                },
            );
            self.blocks.push(Block::Figure(fig));
        }
    }

    /// One sentence per count of `DetectionSources`, in the order a reader follows the data:
    /// files read, then what was left out of them.
    fn source_sentences(&self, s: &DetectionSources) -> Vec<String> {
        let l = self.lang;
        let mut out = Vec::new();
        let truth_from = if s.lesions == "seg" {
            text!(l, "det-src-from-seg")
        } else {
            text!(l, "det-src-from-sr")
        };
        out.push(words!(
            l,
            "det-src-truth-files",
            from = truth_from,
            n = s.truth_files,
            unmatched = s.truth_files_unmatched
        ));
        if s.marks == "model" {
            out.push(text!(l, "det-src-marks-model").into());
        } else {
            out.push(words!(
                l,
                "det-src-mark-files",
                n = s.mark_files,
                unmatched = s.mark_files_unmatched
            ));
        }
        if s.lesions == "seg" {
            out.push(words!(
                l,
                "det-src-specks",
                n = s.specks,
                min = s.min_voxels
            ));
            out.push(words!(l, "det-src-empty-segments", n = s.empty_segments));
        } else {
            out.push(words!(
                l,
                "det-src-truth-no-position",
                n = s.truth_without_position
            ));
        }
        if s.marks == "model" {
            let min = self
                .eval
                .plan
                .marks
                .as_ref()
                .and_then(|m| m.min_score)
                .map(|v| self.f.plain(v))
                .unwrap_or_else(|| "–".into());
            out.push(words!(l, "det-src-padding", n = s.padding_rows, min = min));
        } else {
            out.push(words!(
                l,
                "det-src-marks-no-position",
                n = s.marks_without_position
            ));
            out.push(words!(
                l,
                "det-src-marks-no-score",
                n = s.marks_without_score
            ));
        }
        out
    }

    /// One tile with both outlines and the lines under it: unit, image, size or score.
    fn detection_tile(&self, t: &DetectionTile) -> Option<TileImage> {
        let o = raster::overlay(
            t.width,
            t.height,
            &t.pixels,
            &t.truth,
            &t.marks,
            figures::CONTOURS,
        )?;
        let l = self.lang;
        let what = match t.kind {
            TileKind::Miss => words!(l, "det-tile-size", size = self.f.num(t.value, 1)),
            TileKind::FalseMark => words!(l, "det-tile-score", score = self.f.p3(t.value)),
        };
        Some(TileImage {
            png: Arc::new(raster::png(&o)),
            width: o.width,
            height: o.height,
            label: vec![
                t.unit.clone(),
                format!("{} {} · {what}", text!(l, "det-tile-image"), t.image + 1),
            ],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::report::content::build;
    use crate::run::{Control, run};

    /// The CSV detection demo, run in-process.
    fn demo() -> crate::evaluation::Evaluation {
        let plan = crate::Plan::load(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../sample-studies/detection-demo/plan.toml"),
        )
        .unwrap();
        run(&plan, &Control::silent()).unwrap()
    }

    fn det(eval: &mut crate::evaluation::Evaluation) -> &mut DetectionFigures {
        match &mut eval.task {
            crate::evaluation::TaskEvaluation::Detection(d) => &mut d.detection,
            _ => panic!("not a detection run"),
        }
    }

    fn tile(kind: TileKind, unit: &str, image: usize, value: f64) -> DetectionTile {
        let (w, h) = (40, 30);
        let disc = |cx: f64, cy: f64, r: f64| -> Vec<bool> {
            (0..w * h)
                .map(|i| ((i % w) as f64 - cx).hypot((i / w) as f64 - cy) <= r)
                .collect()
        };
        DetectionTile {
            kind,
            unit: unit.into(),
            image,
            value,
            width: w,
            height: h,
            pixels: (0..w * h).map(|i| (i % 256) as u8).collect(),
            truth: disc(20.0, 15.0, 8.0),
            marks: disc(10.0, 10.0, 3.0),
        }
    }

    fn figure_captions(doc: &provestein_report::doc::Document) -> Vec<String> {
        doc.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Figure(f) => Some(f.caption.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_csv_study_says_why_it_has_no_tiles_and_has_no_sources() {
        let eval = demo();
        let html = provestein_report::html::render(&build(&eval, Lang::En));
        assert!(html.contains(
            "No image tiles: the marks and lesions of this study are coordinates in CSV files"
        ));
        assert!(!html.contains("Where marks and lesions came from"));
    }

    #[test]
    fn a_dicom_study_shows_every_source_count_and_both_tile_figures() {
        let mut eval = demo();
        eval.plan.cohort.kind = CohortKind::Dicom;
        let before = figure_captions(&build(&eval, Lang::En)).len();
        let d = det(&mut eval);
        d.sources = Some(DetectionSources {
            marks: "sr".into(),
            lesions: "seg".into(),
            truth_files: 12,
            truth_files_unmatched: 1,
            mark_files: 11,
            mark_files_unmatched: 2,
            specks: 3,
            min_voxels: 10,
            empty_segments: 1,
            truth_without_position: 0,
            marks_without_position: 4,
            marks_without_score: 5,
            padding_rows: 0,
        });
        d.tiles = vec![
            tile(TileKind::Miss, "P-0007", 4, 12.5),
            tile(TileKind::Miss, "P-0002", 0, 6.0),
            tile(TileKind::FalseMark, "P-0009", 1, 0.953),
        ];
        let doc = build(&eval, Lang::En);
        let html = provestein_report::html::render(&doc);
        for s in [
            "Where marks and lesions came from",
            "Truth lesions are read from DICOM SEG objects (each connected component of a segment is one lesion): 12 files read",
            "11 files read, of which 2 reference no unit",
            "12 files read, of which one references no unit",
            "3 SEG components are smaller than 10 voxels",
            "One SEG segment holds no voxel",
            "4 marks have no usable position",
            "5 marks have no score",
            "P-0007",
            "image 5 · 12.5 mm",
            "image 2 · score 0.953",
            "Truth lesion",
            "Model mark",
        ] {
            assert!(html.contains(s), "{s:?} not in the report");
        }
        let captions = figure_captions(&doc);
        assert_eq!(captions.len(), before + 2, "{captions:?}");
        assert!(
            captions
                .iter()
                .any(|c| c.starts_with("The 2 largest missed lesions (of "))
        );
        assert!(
            captions
                .iter()
                .any(|c| c.starts_with("The highest-scored false mark (of "))
        );
        // Bokmål has every word too (a missing key would print its id).
        let nb = provestein_report::html::render(&build(&eval, Lang::Nb));
        assert!(nb.contains("Hvor markeringer og lesjoner kom fra") && nb.contains("Fasitlesjon"));
        assert!(!nb.contains("det-src") && !nb.contains("det-tile"));
    }

    #[test]
    fn a_dicom_study_without_misses_says_so_rather_than_drawing_nothing() {
        let mut eval = demo();
        eval.plan.cohort.kind = CohortKind::Dicom;
        let d = det(&mut eval);
        d.lesions.missed = 0;
        d.tiles = vec![tile(TileKind::FalseMark, "P-0009", 1, 0.5)];
        let html = provestein_report::html::render(&build(&eval, Lang::En));
        assert!(html.contains("Every lesion is hit by a mark: there is no miss to show."));
        assert!(!html.contains("None of these could be drawn"));
    }
}
