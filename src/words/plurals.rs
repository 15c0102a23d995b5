//! Every message that takes an argument, rendered with each argument in turn 1 and then 2 (the
//! others 7), in every language and in both catalogues (the app's and the report's): a count
//! next to a noun must agree with it ("1 acceptance criteria" and "1 labels matched no image"
//! were seen). Nouns are found by lists of each language's singular and plural forms: after a
//! 1, a plural within the next three words; after a 2, a singular right after it.

use std::collections::{BTreeSet, HashMap};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use i18n_embed::fluent::FluentLanguageLoader;
use provestein::i18n::Lang;

/// Nouns as (singular, plural); a word in neither list is not judged.
const EN: &[(&str, &str)] = &[
    ("criterion", "criteria"),
    ("case", "cases"),
    ("label", "labels"),
    ("row", "rows"),
    ("file", "files"),
    ("image", "images"),
    ("study", "studies"),
    ("unit", "units"),
    ("patient", "patients"),
    ("lesion", "lesions"),
    ("replicate", "replicates"),
    ("finding", "findings"),
    ("class", "classes"),
    ("mark", "marks"),
    ("score", "scores"),
    ("frame", "frames"),
    ("input", "inputs"),
    ("structure", "structures"),
    ("quarter", "quarters"),
    ("month", "months"),
    ("year", "years"),
    ("time", "times"),
    ("bin", "bins"),
    ("warning", "warnings"),
    ("shard", "shards"),
    ("column", "columns"),
    ("position", "positions"),
    ("map", "maps"),
    ("permutation", "permutations"),
    ("feature", "features"),
    ("group", "groups"),
    ("subgroup", "subgroups"),
    ("period", "periods"),
    ("run", "runs"),
    ("journal", "journals"),
    ("value", "values"),
    ("error", "errors"),
    ("point", "points"),
    ("tile", "tiles"),
    ("slice", "slices"),
    ("segment", "segments"),
    ("contour", "contours"),
    ("second", "seconds"),
    ("minute", "minutes"),
    ("hour", "hours"),
    ("day", "days"),
    ("thread", "threads"),
    ("entry", "entries"),
    ("judgement", "judgements"),
    ("plan", "plans"),
    ("threshold", "thresholds"),
    ("metric", "metrics"),
    ("folder", "folders"),
    ("voxel", "voxels"),
    ("pixel", "pixels"),
    ("attempt", "attempts"),
    ("pseudonym", "pseudonyms"),
    ("reader", "readers"),
    ("signer", "signers"),
];

const NB: &[(&str, &str)] = &[
    ("kriterium", "kriterier"),
    ("akseptkriterium", "akseptkriterier"),
    ("tilfelle", "tilfeller"),
    ("rad", "rader"),
    ("fasitrad", "fasitrader"),
    ("fil", "filer"),
    ("bilde", "bilder"),
    ("studie", "studier"),
    ("enhet", "enheter"),
    ("pasient", "pasienter"),
    ("lesjon", "lesjoner"),
    ("replikat", "replikater"),
    ("klasse", "klasser"),
    ("markering", "markeringer"),
    ("skår", "skårer"),
    ("ramme", "rammer"),
    ("struktur", "strukturer"),
    ("kvartal", "kvartaler"),
    ("måned", "måneder"),
    ("gang", "ganger"),
    ("gruppe", "grupper"),
    ("undergruppe", "undergrupper"),
    ("periode", "perioder"),
    ("kjøring", "kjøringer"),
    ("journal", "journaler"),
    ("verdi", "verdier"),
    ("punkt", "punkter"),
    ("etikett", "etiketter"),
    ("kolonne", "kolonner"),
    ("posisjon", "posisjoner"),
    ("permutasjon", "permutasjoner"),
    ("variabel", "variabler"),
    ("advarsel", "advarsler"),
    ("sekund", "sekunder"),
    ("minutt", "minutter"),
    ("dag", "dager"),
    ("tråd", "tråder"),
    ("mappe", "mapper"),
    ("plan", "planer"),
    ("terskel", "terskler"),
    ("kode", "koder"),
    ("segment", "segmenter"),
    ("snittbilde", "snittbilder"),
    ("vurdering", "vurderinger"),
    ("voksel", "voksler"),
    ("intervall", "intervaller"),
];

/// Used as adjectives too ("2 positive and 2 negative"): judged after a 1 only.
const EN_PLURAL_ONLY: &[&str] = &["positives", "negatives", "outputs"];

/// Arguments that are never counts but stand where a count could ("the { $metric } criterion",
/// "share of { $structure } cases", "`provestein score { $dir } --shard`").
const NOT_COUNTS: &[&str] = &[
    "metric",
    "structure",
    "id",
    "dir",
    "pct_conf",
    "binning",
    "level",
    "confidence",
];

/// Plural verbs: "1 are hit" or "1 case were" disagree too.
const PLURAL_VERBS: &[&str] = &["are", "were", "come"];

/// Words that end the look for a noun after a number ("1 of the 3 units": not "1 … units").
const STOP: &[&str] = &[
    "of", "in", "is", "was", "are", "were", "with", "and", "or", "at", "to", "per", "for", "from",
    "on", "by", "than", "the", "a", "an", "no", "not", "has", "have", "av", "i", "er", "var",
    "med", "og", "eller", "på", "til", "fra", "enn", "har", "ikke",
];

/// Each number 1 or 2 followed, within three words, by a noun of the other number:
/// (number, noun).
fn disagreements(text: &str, nouns: &[(&str, &str)]) -> Vec<(String, String)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let number = w
            .trim_start_matches(['(', '[', '«', '“'])
            .trim_end_matches([',', ';', ':', '.', ')', ']']);
        let one = number == "1";
        // "column 2:" or "(2)": the number ends its phrase; "0 to 1 years": a range is plural.
        let ends_phrase = number.len() < w.trim_start_matches(['(', '[', '«', '“']).len();
        let range_end = i > 0 && ["to", "til", "–"].contains(&words[i - 1]);
        if !(one || number == "2") || ends_phrase || range_end {
            continue;
        }
        for (j, next) in words
            .iter()
            .enumerate()
            .skip(i + 1)
            .take(if one { 3 } else { 1 })
        {
            if next.starts_with(['(', '[']) {
                break;
            }
            let bare: String = next
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            // "1 are missed", or "1 case were": the verb after the count or its noun.
            let verb_after = |k: usize| {
                words
                    .get(k)
                    .is_some_and(|v| PLURAL_VERBS.contains(v) && !w.ends_with([',', ';']))
            };
            if one && (verb_after(i + 1) && j == i + 1) {
                out.push((number.to_string(), words[i + 1].to_string()));
            }
            if STOP.contains(&bare.as_str()) {
                break;
            }
            // "fewer than 1 case are shown": the verb is the groups'.
            let subject = i == 0 || !["than", "under", "of", "enn", "av"].contains(&words[i - 1]);
            let singular = nouns.iter().any(|(sg, _)| bare == *sg);
            if one
                && subject
                && singular
                && !next.ends_with([',', ';', ':', '.', ')'])
                && verb_after(j + 1)
            {
                out.push((number.to_string(), format!("{bare} {}", words[j + 1])));
            }
            let wrong = nouns
                .iter()
                .any(|(sg, pl)| bare == if one { *pl } else { *sg })
                || (one && EN_PLURAL_ONLY.contains(&bare.as_str()));
            let noun = nouns.iter().any(|(sg, pl)| bare == *sg || bare == *pl);
            if wrong {
                out.push((number.to_string(), bare.clone()));
            }
            if noun || next.ends_with([',', ';', ':', '.', ')', ']']) {
                break;
            }
        }
    }
    out
}

/// Message id → its arguments, from one .ftl file.
pub(super) fn messages(path: &str) -> Vec<(String, BTreeSet<String>)> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let resource = fluent_syntax::parser::parse(text.as_str())
        .unwrap_or_else(|(_, errors)| panic!("{path} does not parse: {errors:?}"));
    let mut out = Vec::new();
    for entry in resource.body {
        if let Entry::Message(m) = entry {
            let mut args = BTreeSet::new();
            if let Some(p) = &m.value {
                pattern_args(p, &mut args);
            }
            out.push((m.id.name.to_string(), args));
        }
    }
    out
}

/// Adds the variables `p` reads (selectors and variants included) to `out`; also used by the
/// catalogue test beside this module.
pub(super) fn pattern_args(p: &Pattern<&str>, out: &mut BTreeSet<String>) {
    for e in &p.elements {
        if let PatternElement::Placeable { expression } = e {
            expression_args(expression, out);
        }
    }
}

fn expression_args(e: &Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        Expression::Select { selector, variants } => {
            inline_args(selector, out);
            for v in variants {
                pattern_args(&v.value, out);
            }
        }
        Expression::Inline(i) => inline_args(i, out),
    }
}

fn inline_args(e: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match e {
        InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        InlineExpression::Placeable { expression } => expression_args(expression, out),
        _ => {}
    }
}

/// Every message of `file` with arguments, each set to `n`, in `lang`: what disagrees.
fn check(
    file: &str,
    loader: &FluentLanguageLoader,
    lang: Lang,
    n: i64,
    nouns: &[(&str, &str)],
) -> Vec<String> {
    let mut out = Vec::new();
    for (id, args) in messages(file) {
        for arg in args.iter().filter(|a| !NOT_COUNTS.contains(&a.as_str())) {
            let values: HashMap<String, i64> = args
                .iter()
                .map(|a| (a.clone(), if a == arg { n } else { 7 }))
                .collect();
            let text = loader.get_args(&id, values);
            for (number, noun) in disagreements(&text, nouns) {
                out.push(format!(
                    "{} {id} (${arg} = {n}): \"{number} … {noun}\" in \"{text}\"",
                    lang.tag()
                ));
            }
        }
    }
    out
}

#[test]
fn the_checker_catches_the_sentences_the_issue_saw() {
    assert_eq!(
        disagreements("1 acceptance criteria", EN),
        [("1".to_string(), "criteria".to_string())]
    );
    assert_eq!(disagreements("1 labels matched no image.", EN).len(), 1);
    assert_eq!(disagreements("2 label matched no image.", EN).len(), 1);
    assert!(disagreements("1 of the 2 units, 1 case; 2 cases", EN).is_empty());
    assert!(disagreements("0.1 cases and 21 case", EN).is_empty());
    assert_eq!(disagreements("1 tilfeller", NB).len(), 1);
    assert_eq!(disagreements("of which 1 are hit", EN).len(), 1);
    assert_eq!(disagreements("1 case were excluded", EN).len(), 1);
    assert!(disagreements("1 case was excluded; 2 cases were", EN).is_empty());
}

#[test]
fn every_count_agrees_with_its_noun_in_every_language() {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut wrong = Vec::new();
    for lang in Lang::ALL {
        let nouns = match lang {
            Lang::En => EN,
            Lang::Nb => NB,
        };
        let app = format!("{root}/i18n/{}/provestein.ftl", lang.tag());
        let report = format!("{root}/crates/engine/i18n/{}/report.ftl", lang.tag());
        for n in [1, 2] {
            wrong.extend(check(&app, super::loader(lang), lang, n, nouns));
            wrong.extend(check(
                &report,
                provestein::words::loader(lang),
                lang,
                n,
                nouns,
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} sentences where a count disagrees with its noun:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
