//! The report of a segmentation run (issue 16, Deliver 6), from a `SegmentationEvaluation`
//! built by hand in the shape the engine fills: every section, number, empty-mask count and
//! worst-case tile reaches the Document, the PDF (pdftotext) and the HTML page (inline PNGs),
//! in English and bokmål; the CLI summary and predictions.csv work for this kind of task.
//! Set SEG_REPORT_OUT=<dir> to keep the PDFs and HTML pages for looking at them.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use crate::common;

use provestein::evaluation::TaskEvaluation;
use provestein::i18n::Lang;
use provestein::metrics::segmentation::Presence;
use provestein::metrics::segmentation::summary::{
    Detection, Direction, FigureSummary, ShareWithin,
};
use provestein::metrics::{ClusteredProportion, confusion::Proportion, ratio_proportion};
use provestein::report::doc::Block;
use provestein::report::figures::Shape;
use provestein::report::{content, html, pdf, predictions, summary};
use provestein::segmentation::SegmentationEvaluation;
use provestein::segmentation::figures::{
    BothEmpty, Conventions, SegmentationCase, SegmentationFigures, SegmentationSubgroup,
    StructureFigures, StructureSummary, Tile,
};
use provestein::{Control, Plan};

const PATIENTS: usize = 6;

/// A figure summary of the finite `values`, its intervals a fixed ±0.02 / ±0.5 mm for the test.
fn summary_of(values: &[f64], half: f64) -> FigureSummary {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let mean = v.iter().sum::<f64>() / n as f64;
    let median = if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    };
    FigureSummary {
        n,
        patients: PATIENTS,
        mean,
        mean_ci: [mean - half, mean + half],
        median,
        median_ci: [median - half, median + half],
        sd: 0.1,
        min: v[0],
        max: v[n - 1],
        replicates: 2000,
        seed: 42,
    }
}

/// (x, n) per patient as a clustered proportion.
fn clustered(per_case: &[(bool, bool)]) -> ClusteredProportion {
    let mut per_patient = vec![Proportion { x: 0, n: 0 }; PATIENTS];
    for (i, &(counts, success)) in per_case.iter().enumerate() {
        if counts {
            per_patient[i % PATIENTS].n += 1;
            per_patient[i % PATIENTS].x += u64::from(success);
        }
    }
    ratio_proportion(&per_patient, 0.95)
}

fn case(id: &str, presence: Presence, dice: f64, hd95: f64, group: &str) -> SegmentationCase {
    let diagonal = 724.1;
    let (hd95, truth_empty, pred_empty) = match presence {
        Presence::Both => (hd95, false, false),
        Presence::BothEmpty => (0.0, true, true),
        Presence::Missed => (diagonal, false, true),
        Presence::FalseAlarm => (diagonal, true, false),
    };
    let dice = match presence {
        Presence::Both => dice,
        Presence::BothEmpty => 1.0,
        _ => 0.0,
    };
    SegmentationCase {
        case: id.into(),
        presence,
        dice,
        iou: dice / (2.0 - dice),
        hd: hd95 * 1.4,
        hd95,
        assd: hd95 / 3.0,
        nsd: dice.min(1.0),
        volume_truth: if truth_empty { 0.0 } else { 12.5 },
        volume_pred: if pred_empty { 0.0 } else { 11.0 },
        volume_difference: if truth_empty && pred_empty { 0.0 } else { -1.5 },
        truth_empty,
        pred_empty,
        subgroups: vec![group.into()],
    }
}

/// A 48×40 slice: a grey body with a bright disc, the truth a disc and the prediction the
/// same disc shifted by `shift` pixels; either mask empty for a miss or a false alarm.
fn tile(structure: &str, case: &str, slice: usize, dice: f64, shift: i64, p: Presence) -> Tile {
    let (w, h) = (48usize, 40usize);
    let mut pixels = vec![0u8; w * h];
    let mut truth = vec![false; w * h];
    let mut prediction = vec![false; w * h];
    for y in 0..h {
        for x in 0..w {
            let (dx, dy) = (x as f64 - 24.0, y as f64 - 20.0);
            let body = (dx / 22.0).powi(2) + (dy / 18.0).powi(2) < 1.0;
            pixels[y * w + x] = if body {
                90 + ((x * 3 + y * 5) % 40) as u8
            } else {
                5
            };
            let r2 = |cx: f64| (x as f64 - cx).powi(2) + (y as f64 - 20.0).powi(2);
            truth[y * w + x] = r2(24.0) < 49.0 && p != Presence::FalseAlarm;
            prediction[y * w + x] = r2(24.0 + shift as f64) < 42.0 && p != Presence::Missed;
            if truth[y * w + x] {
                pixels[y * w + x] = 200;
            }
        }
    }
    Tile {
        structure: structure.into(),
        case: case.into(),
        slice,
        dice,
        width: w,
        height: h,
        pixels,
        truth,
        prediction,
    }
}

/// Twelve cases of one structure over six patients: one missed, one false alarm, two both
/// empty, eight hits; scanner A (9 cases) and B (3, below the guardrail).
fn structure(name: &str, offset: f64) -> (StructureFigures, Vec<Tile>) {
    use Presence::*;
    let presences = [
        Both, Both, Both, Missed, Both, Both, BothEmpty, Both, FalseAlarm, Both, BothEmpty, Both,
    ];
    let cases: Vec<SegmentationCase> = presences
        .iter()
        .enumerate()
        .map(|(i, &p)| {
            let dice = 0.95 - offset - 0.03 * i as f64;
            let hd95 = 1.0 + offset * 10.0 + 0.4 * i as f64;
            let group = if i < 9 { "A" } else { "B" };
            case(&format!("case-{i:02}"), p, dice, hd95, group)
        })
        .collect();
    let col = |f: &str| -> Vec<f64> { cases.iter().map(|c| c.figure(f).unwrap()).collect() };
    let hd_half = 0.5;
    let dice_within: Vec<(bool, bool)> = cases.iter().map(|c| (true, c.dice >= 0.8)).collect();
    let hd_within: Vec<(bool, bool)> = cases.iter().map(|c| (true, c.hd95 <= 3.0)).collect();
    let sens: Vec<(bool, bool)> = cases
        .iter()
        .map(|c| (!c.truth_empty, !c.pred_empty))
        .collect();
    let spec: Vec<(bool, bool)> = cases
        .iter()
        .map(|c| (c.truth_empty, c.pred_empty))
        .collect();
    let count = |p: Presence| cases.iter().filter(|c| c.presence == p).count();
    let summary = StructureSummary {
        cases: cases.len(),
        patients: PATIENTS,
        both_empty: count(BothEmpty),
        missed: count(Missed),
        false_alarm: count(FalseAlarm),
        dice: summary_of(&col("dice"), 0.02),
        iou: summary_of(&col("iou"), 0.02),
        hd: summary_of(&col("hd"), hd_half),
        hd95: summary_of(&col("hd95"), hd_half),
        assd: summary_of(&col("assd"), hd_half),
        nsd: summary_of(&col("nsd"), 0.02),
        volume_difference: summary_of(&col("volume_difference"), 0.3),
        share_within: vec![
            ShareWithin {
                figure: "dice".into(),
                tolerance: 0.8,
                direction: Direction::AtLeast,
                proportion: clustered(&dice_within),
            },
            ShareWithin {
                figure: "hd95".into(),
                tolerance: 3.0,
                direction: Direction::AtMost,
                proportion: clustered(&hd_within),
            },
        ],
        detection: Detection {
            found: count(Both) as u64,
            missed: count(Missed) as u64,
            false_alarm: count(FalseAlarm) as u64,
            both_empty: count(BothEmpty) as u64,
            sensitivity: clustered(&sens),
            specificity: clustered(&spec),
        },
    };
    let group = |g: &str, sufficient: bool| {
        let idx: Vec<usize> = (0..cases.len())
            .filter(|&i| cases[i].subgroups[0] == g)
            .collect();
        let pick =
            |f: &str| -> Vec<f64> { idx.iter().map(|&i| cases[i].figure(f).unwrap()).collect() };
        SegmentationSubgroup {
            attribute: "scanner".into(),
            group: g.into(),
            cases: idx.len(),
            patients: idx.len().min(PATIENTS),
            sufficient,
            dice: summary_of(&pick("dice"), 0.03),
            hd95: summary_of(&pick("hd95"), 0.6),
        }
    };
    let subgroups = vec![group("A", true), group("B", false)];
    let worst = vec!["case-03".to_string(), "case-08".into(), "case-11".into()];
    let tiles = vec![
        tile(name, "case-03", 41, 0.0, 0, Missed),
        tile(name, "case-08", 7, 0.0, 0, FalseAlarm),
        tile(name, "case-11", 12, cases[11].dice, 3, Both),
    ];
    (
        StructureFigures {
            matched_names: vec![name.to_string(), name.replace("Cord", " Cord")],
            cases,
            summary,
            subgroups,
            worst,
        },
        tiles,
    )
}

fn segmentation() -> SegmentationFigures {
    let (cord, mut tiles) = structure("SpinalCord", 0.0);
    let (eso, more) = structure("Esophagus", 0.12);
    tiles.extend(more);
    SegmentationFigures {
        unit: "series".into(),
        conventions: Conventions {
            binarise: "0.5".into(),
            nsd_tolerance_mm: 2.0,
            both_empty: BothEmpty::Reported,
            worst_distance: "image diagonal".into(),
            rasterisation: "pixel centres inside, even–odd".into(),
            surface: "border voxels, face connectivity; HD95 max of directed 95th".into(),
            intervals: "patient bootstrap; clustered Wilson".into(),
        },
        structures: BTreeMap::from([("SpinalCord".into(), cord), ("Esophagus".into(), eso)]),
        tiles,
    }
}

/// A real evaluation (the vendor-scores sample, the fastest run) with its task swapped for the
/// segmentation figures: every shared part (study, cohort, acceptance, provenance, plan) is as
/// a run writes it.
fn evaluation() -> provestein::Evaluation {
    let plan =
        Plan::load(&common::root().join("sample-studies/breast-cancer/plan-vendor-scores.toml"))
            .unwrap();
    let mut ctl = Control::silent();
    ctl.pseudonym_key = Some(common::pseudonym_key());
    let mut eval = provestein::run(&plan, &ctl).unwrap();
    eval.task = TaskEvaluation::Segmentation(SegmentationEvaluation {
        segmentation: segmentation(),
    });
    eval.flags.clear();
    eval.cohort.subgroups = vec!["scanner".into()];
    eval
}

fn out_dir() -> Option<PathBuf> {
    std::env::var_os("SEG_REPORT_OUT").map(PathBuf::from)
}

fn images(doc: &provestein::report::doc::Document) -> usize {
    doc.blocks
        .iter()
        .map(|b| match b {
            Block::Figure(f) => f
                .shapes
                .iter()
                .filter(|s| matches!(s, Shape::Image { .. }))
                .count(),
            _ => 0,
        })
        .sum()
}

#[test]
fn a_segmentation_report_has_its_sections_numbers_counts_and_tiles() {
    let eval = evaluation();
    let doc = content::build(&eval, Lang::En);
    let text = doc.text().join("\n");
    for needed in [
        "Segmentation accuracy",
        "SpinalCord",
        "Esophagus",
        "Worst cases",
        "HD95 (mm)",
        "NSD at 2 mm",
        "Volume difference (mL)",
        // Page 1: the empty-mask counts, one sentence each.
        "The product missed the structure in 1 of 12 cases",
        "The product drew the structure in 1 of 12 cases where the reference has none",
        "In 2 cases neither the reference nor the product contains the structure",
        // Per structure: the counts, the detection table and the shares.
        "12 cases from 6 patients; the structure is in the reference in 9. Both empty: 2; missed: 1; false alarms: 1.",
        "8 (found)",
        "1 (missed)",
        "1 (false alarm)",
        "2 (both empty)",
        "Dice ≥ 0.8",
        "HD95 (mm) ≤ 3",
        // Methods: the conventions as sentences, with their sources.
        "MONAI's get_mask_edges",
        "compute_hausdorff_distance(percentile = 95)",
        "Efron 1979",
        "Cardoso et al. 2022",
        "image's physical diagonal",
        "pixel centre on the line counts as inside",
        // Subgroups with the guardrail mark, and the worst-case captions.
        "scanner = B",
        "too few cases: not tested",
        "Reference contour (truth)",
        "Product's contour (prediction)",
        "case-03",
        "slice 41 · Dice 0.000",
    ] {
        assert!(text.contains(needed), "the report lacks {needed:?}");
    }
    // Means exactly as the summary holds them: SpinalCord's Dice over its 12 cases.
    let cord = &eval.segmentation().unwrap().structures["SpinalCord"].summary;
    let mean = format!(
        "{:.3} [{:.3}, {:.3}]",
        cord.dice.mean, cord.dice.mean_ci[0], cord.dice.mean_ci[1]
    );
    assert!(
        text.contains(&mean),
        "the Dice mean {mean} is not in the report"
    );
    let sens = &cord.detection.sensitivity;
    assert_eq!((sens.x, sens.n), (8, 9));
    assert!(text.contains("8 / 9"));
    // Three tiles per structure, each an image in a figure; two strips (one per structure).
    assert_eq!(images(&doc), 6);
    assert!(text.contains("Figure 2. Esophagus: Dice and HD95 of every case"));
    assert!(text.contains("Figure 3. SpinalCord: Dice and HD95 of every case"));
    assert!(text.contains("Figure 4. Esophagus: the 3 worst cases"));

    // Bokmål: the same sections in the catalogue's words, decimal commas.
    let nb = content::build(&eval, Lang::Nb).text().join("\n");
    for needed in [
        "Segmenteringsnøyaktighet",
        "Dårligste kasus",
        "Produktet oversåg strukturen i 1 av 12 kasus",
        "Referansekontur (fasit)",
        &mean.replace('.', ",").replace(", ", "; "),
    ] {
        assert!(nb.contains(needed), "the bokmål report lacks {needed:?}");
    }

    // The PDF: its text carries the figures; the HTML inlines every tile as a PNG.
    let bytes = pdf::render(&doc).unwrap();
    let page = html::render(&doc);
    assert_eq!(page.matches("href=\"data:image/png;base64,").count(), 6);
    crate::report::assert_self_contained(&page, "the segmentation report");
    let dir = out_dir().unwrap_or_else(|| common::user_dir().join("seg-report"));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("segmentation-report.pdf");
    std::fs::write(&path, &bytes).unwrap();
    std::fs::write(dir.join("segmentation-report.html"), &page).unwrap();
    std::fs::write(
        dir.join("segmentation-report-nb.pdf"),
        pdf::render(&content::build(&eval, Lang::Nb)).unwrap(),
    )
    .unwrap();
    let o = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils, scripts/setup.sh)");
    let pdf_text = String::from_utf8(o.stdout).unwrap();
    let squashed = pdf_text.split_whitespace().collect::<Vec<_>>().join(" ");
    for needed in [
        "Worst cases",
        "Segmentation accuracy",
        "case-08",
        mean.as_str(),
    ] {
        assert!(squashed.contains(needed), "the PDF's text lacks {needed:?}");
    }
    let o = Command::new("pdfimages")
        .arg("-list")
        .arg(&path)
        .output()
        .unwrap();
    let list = String::from_utf8(o.stdout).unwrap();
    assert_eq!(
        list.lines()
            .skip(2)
            .filter(|l| l.contains(" image "))
            .count(),
        6,
        "six raster tiles in the PDF: {list}"
    );
    // The same document, the same bytes.
    assert_eq!(bytes, pdf::render(&doc).unwrap());
}

#[test]
fn the_cli_summary_and_predictions_csv_of_a_segmentation_run() {
    let eval = evaluation();
    let s = summary::text(&eval);
    assert!(
        s.contains("SpinalCord: 12 cases from 6 patients; both empty 2, missed 1, false alarm 1")
    );
    assert!(s.contains("Verdict:"));
    let csv = String::from_utf8(predictions::to_bytes(&eval)).unwrap();
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("id,structure,presence,dice,iou,hd,hd95,assd,nsd,volume_difference,volume_truth,volume_pred,truth_empty,pred_empty"));
    assert_eq!(lines.count(), 24, "one row per case and structure");
    assert!(csv.contains("case-03,Esophagus,missed,0,"));
    assert!(header.ends_with(",scanner"));
    assert!(csv.lines().nth(1).unwrap().ends_with(",A"));
}

#[test]
fn the_sample_segmentation_study_reports_its_criteria_counts_and_tiles() {
    let out = tempfile::tempdir().unwrap();
    let o = common::cli()
        .arg("batch")
        .arg(common::root().join("sample-studies/segmentation-demo/plan.toml"))
        .arg("--out")
        .arg(out.path())
        .args(["--quiet", "--no-history"])
        .env("ORT_DYLIB_PATH", common::onnxruntime())
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let pdf = out.path().join("report.pdf");
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap()
        .stdout;
    let text = String::from_utf8(text).unwrap();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for needed in [
        "Lower 95 % bootstrap bound of mean Dice of SpinalCord ≥ 0.65",
        "share of Liver cases with HD95 (mm) ≤ 10",
        "The product missed the structure in 1 of 10 cases",
        "Worst cases",
    ] {
        assert!(text.contains(needed), "the sample's PDF lacks {needed:?}");
    }
    // Six worst-case tiles per structure, three structures, in the PDF and the HTML.
    let list = Command::new("pdfimages")
        .arg("-list")
        .arg(&pdf)
        .output()
        .unwrap()
        .stdout;
    let images = String::from_utf8(list)
        .unwrap()
        .lines()
        .skip(2)
        .filter(|l| l.contains(" image "))
        .count();
    assert_eq!(images, 18);
    let page = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    assert_eq!(page.matches("data:image/png;base64,").count(), 18);
    crate::report::assert_self_contained(&page, "the sample's segmentation report");
}
