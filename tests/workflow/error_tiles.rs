//! The report's images of the worst errors (issue 19, Deliver 9): on the imaging demo, the
//! false negatives with the lowest scores and the false positives with the highest, drawn small
//! with their pseudonymous ids; an image whose header says its pixels show text (Burned In
//! Annotation) is never drawn, the next error is, and the report counts what it passed over.

use crate::common::{self, root};
use provestein::run::error_tiles::KEEP;

/// The imaging demo copied into `dir` (so that a file can be changed), its plan with absolute
/// model and manifest paths.
fn demo_in(dir: &std::path::Path) -> provestein::Plan {
    let demo = root().join("sample-studies/imaging-demo");
    common::copy_dir(&demo.join("images"), &dir.join("images"));
    std::fs::copy(demo.join("labels.csv"), dir.join("labels.csv")).unwrap();
    // The copied images and labels, the shipped model and manifest.
    let text = common::imaging_demo_plan()
        .replace(
            &demo.join("images").display().to_string(),
            &dir.join("images").display().to_string(),
        )
        .replace(
            &demo.join("labels.csv").display().to_string(),
            &dir.join("labels.csv").display().to_string(),
        )
        .replace("bootstrap = 2000", "bootstrap = 0");
    provestein::Plan::load(&common::write_plan(dir, &text)).unwrap()
}

#[test]
fn the_worst_errors_are_drawn_with_pseudonyms_and_burned_in_text_never() {
    let dir = tempfile::tempdir().unwrap();
    let plan = demo_in(dir.path());
    let eval = provestein::run(&plan, &common::control()).unwrap();
    let bin = eval.binary().unwrap();
    let t = bin.overall.threshold;
    let mut fns: Vec<_> = bin
        .cases
        .iter()
        .filter(|c| c.label && c.score < t)
        .collect();
    fns.sort_by(|a, b| a.score.total_cmp(&b.score));
    let mut fps: Vec<_> = bin
        .cases
        .iter()
        .filter(|c| !c.label && c.score >= t)
        .collect();
    fps.sort_by(|a, b| b.score.total_cmp(&a.score));
    assert!(
        fns.len() > KEEP && !fps.is_empty(),
        "the demo has errors to draw"
    );

    let drawn = |eval: &provestein::Evaluation, fn_: bool| -> Vec<String> {
        eval.binary()
            .unwrap()
            .error_tiles
            .iter()
            .filter(|t| t.false_negative == fn_)
            .map(|t| t.case.clone())
            .collect()
    };
    // Worst first, at most KEEP, named as every output names them, small.
    let want: Vec<String> = fns.iter().take(KEEP).map(|c| c.id.to_string()).collect();
    assert_eq!(drawn(&eval, true), want);
    let want: Vec<String> = fps.iter().take(KEEP).map(|c| c.id.to_string()).collect();
    assert_eq!(drawn(&eval, false), want);
    for tile in &bin.error_tiles {
        assert!(tile.case.starts_with("case-"), "{}", tile.case);
        assert!(tile.width <= 128 && tile.height <= 128);
        assert_eq!(tile.pixels.len(), tile.width * tile.height);
        assert!(
            tile.pixels.iter().any(|&p| p != tile.pixels[0]),
            "an image, not a blank"
        );
    }

    // The worst false negative's image now says its pixels show text: it is left out, and the
    // next false negative drawn instead.
    let worst = &fns[0].files()[0];
    let mut obj = provestein::cohort::dicom::open(worst, None).unwrap().0;
    obj.put(dicom_core::DataElement::new(
        dicom_dictionary_std::tags::BURNED_IN_ANNOTATION,
        dicom_core::VR::CS,
        dicom_core::PrimitiveValue::from("YES"),
    ));
    let plain = worst.with_extension("");
    std::fs::remove_file(worst).unwrap();
    // (A .dcm.gz becomes .dcm: the labels join on the path, so both are renamed.)
    let renamed = if worst.extension().is_some_and(|e| e == "gz") {
        plain
    } else {
        worst.clone()
    };
    obj.write_to_file(&renamed).unwrap();
    let rel = |p: &std::path::Path| {
        p.strip_prefix(dir.path().join("images"))
            .unwrap()
            .display()
            .to_string()
    };
    let labels = std::fs::read_to_string(dir.path().join("labels.csv"))
        .unwrap()
        .replace(&rel(worst), &rel(&renamed));
    std::fs::write(dir.path().join("labels.csv"), labels).unwrap();
    let again = provestein::run(&plan, &common::control()).unwrap();
    let drawn_now = drawn(&again, true);
    assert!(!drawn_now.contains(&fns[0].id.to_string()), "{drawn_now:?}");
    let want: Vec<String> = fns
        .iter()
        .skip(1)
        .take(KEEP)
        .map(|c| c.id.to_string())
        .collect();
    assert_eq!(drawn_now, want);
    // Counted, with why: one false negative passed over for burned-in text, none else.
    use provestein::run::error_tiles::{LeftOut, NotDrawn};
    assert_eq!(
        again.binary().unwrap().error_tiles_left_out,
        [LeftOut {
            false_negative: true,
            reason: NotDrawn::MayShowText
        }]
    );
    assert!(eval.binary().unwrap().error_tiles_left_out.is_empty());
    // And the report says so, in both languages.
    let paragraphs = |lang| -> String {
        provestein::report::content::build(&again, lang)
            .blocks
            .iter()
            .filter_map(|b| match b {
                provestein::report::doc::Block::Paragraph { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let en = paragraphs(provestein::i18n::Lang::En);
    assert!(
        en.contains(
            "One case among the worst was passed over, the next one drawn instead: its image's \
             header says text may be burned into its pixels, or cannot tell."
        ),
        "{en}"
    );
    assert!(!en.contains("could not be decoded"), "{en}");
    let nb = paragraphs(provestein::i18n::Lang::Nb);
    assert!(
        nb.contains("Ett kasus blant de verste ble hoppet over og det neste vist i stedet"),
        "{nb}"
    );

    // The PDF shows them under their caption.
    let out = dir.path().join("out");
    provestein::report::write_all(&again, &out).unwrap();
    let text = std::process::Command::new("pdftotext")
        .arg(out.join("report.pdf"))
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("false negatives with the lowest scores"),
        "{text}"
    );
    assert!(text.contains("Burned In Annotation"));
}
