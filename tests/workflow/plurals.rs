//! Counts in the report take the plural their number needs, in each language: a cohort with
//! one excluded case, one positive case, one flagged case, one undated case, one calendar quarter and one criterion
//! reads "1 case", never "1 cases" (the catalogue's plural selectors, crates/engine/i18n/).

use provestein::i18n::Lang;
use provestein::report::{content, html};
use provestein::{Control, Plan};

/// The words of the report as a reader sees them (its HTML without tags or entities).
pub(crate) fn report_text(eval: &provestein::Evaluation, lang: Lang) -> String {
    crate::report::html_text(&html::render(&content::build(eval, lang)))
}

/// "1 cases", "1 rader" …: a count of one before a plural noun.
fn plural_after_one(text: &str, nouns: &[&str]) -> Vec<String> {
    let words: Vec<&str> = text.split(' ').collect();
    words
        .windows(2)
        .filter(|w| w[0].trim_start_matches('(') == "1")
        .filter(|w| nouns.contains(&w[1].trim_end_matches([',', '.', ';', ')', ':'])))
        .map(|w| w.join(" "))
        .collect()
}

#[test]
fn one_of_a_kind_is_singular_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    // Eleven evaluable cases: one positive (flagged), ten negatives (not flagged), one row
    // without a label (excluded); one case has no readable date; all dates in one quarter.
    let mut cohort = String::from("id,label,date\n");
    let mut scores = String::from("id,score\n");
    for i in 0..12 {
        let label = match i {
            0 => "1",
            11 => "",
            _ => "0",
        };
        let date = if i == 5 { "unknown" } else { "2024-03-07" };
        cohort.push_str(&format!("{i},{label},{date}\n"));
        let score = if i == 0 { 0.9 } else { 0.04 * i as f64 };
        scores.push_str(&format!("{i},{score}\n"));
    }
    std::fs::write(dir.path().join("cohort.csv"), cohort).unwrap();
    std::fs::write(dir.path().join("scores.csv"), scores).unwrap();
    let plan = dir.path().join("plan.toml");
    std::fs::write(
        &plan,
        r#"[study]
name = "Plurals"
intended_use = "A test of the report's words."

[predictions]
path = "scores.csv"
id = "id"
score = "score"

[cohort]
kind = "csv"
path = "cohort.csv"
id = "id"
label = "label"
positive = "1"
negative = "0"
date = "date"

[analysis]
threshold = 0.5
bootstrap = 0

[[acceptance]]
metric = "specificity"
bound = "ci_low"
min = 0.5
"#,
    )
    .unwrap();
    let plan = Plan::load(&plan).unwrap();
    let eval = provestein::run(&plan, &Control::silent()).unwrap();
    assert_eq!(eval.cohort.excluded.len(), 1);
    assert_eq!(eval.plan.acceptance.len(), 1);

    let en = report_text(&eval, Lang::En);
    let en_nouns = [
        "cases",
        "rows",
        "files",
        "patients",
        "units",
        "criteria",
        "runs",
        "replicates",
        "months",
        "quarters",
        "keys",
        "dates",
        "positives",
        "negatives",
        "values",
        "images",
    ];
    assert_eq!(plural_after_one(&en, &en_nouns), Vec::<String>::new());
    // The selectors chose the singular, so the sentences are there to be checked.
    for s in [
        "of 1 case with the condition",
        "Of the 1 case it flagged",
        "1 excluded with reasons",
        "1 case without a readable date is left out",
        "1 quarter from",
        "1 of 12 rows or files (8.3 %) was excluded; if it differs",
    ] {
        assert!(en.contains(s), "the English report lacks {s:?}");
    }

    let nb = report_text(&eval, Lang::Nb);
    let nb_nouns = [
        "rader",
        "filer",
        "pasienter",
        "enheter",
        "kriterier",
        "kjøringer",
        "replikater",
        "måneder",
        "kvartaler",
        "nøkler",
        "datoer",
        "plassholderdatoer",
        "verdier",
        "bilder",
        "positive",
        "frihetsgrader",
    ];
    assert_eq!(plural_after_one(&nb, &nb_nouns), Vec::<String>::new());
    for s in ["1 positiv og 10 negative", "1 kvartal fra"] {
        assert!(nb.contains(s), "the Norwegian report lacks {s:?}");
    }
}
