//! The report's words: a Fluent catalogue per language (`crates/engine/i18n/<lang>/report.ftl`),
//! with named arguments and CLDR plural rules, so that "1 case" / "2 cases" is the catalogue's
//! business and a third language is a directory of its own (plus a `Lang` variant).
//!
//! The language is chosen per call, not globally: a report may be written in bokmål while the
//! app shows English, so there is one loader per language. `fl!` checks message ids and
//! argument names against the English file at compile time; `tests` checks the other languages.
//!
//! Fluent's Unicode isolation marks are off: the report's text goes to a PDF and an HTML page
//! whose own layout handles direction, and the marks would change the PDF's text.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use i18n_embed::LanguageLoader;
use i18n_embed::fluent::FluentLanguageLoader;
use i18n_embed::unic_langid::LanguageIdentifier;

use crate::i18n::Lang;

/// The .ftl files, embedded in the binary.
#[derive(rust_embed::RustEmbed)]
#[folder = "i18n/"]
struct Catalogue;

/// The catalogue's domain: the files are `<lang>/report.ftl` (as in i18n.toml).
const DOMAIN: &str = "report";

/// The loader for `lang`, loaded once; messages missing in `lang` fall back to English.
pub fn loader(lang: Lang) -> &'static FluentLanguageLoader {
    static LOADERS: OnceLock<Vec<FluentLanguageLoader>> = OnceLock::new();
    let loaders = LOADERS.get_or_init(|| Lang::ALL.iter().map(|&l| load(l)).collect());
    let i = Lang::ALL.iter().position(|&l| l == lang).unwrap_or(0);
    &loaders[i]
}

fn load(lang: Lang) -> FluentLanguageLoader {
    let english: LanguageIdentifier = "en".parse().expect("a valid language tag");
    let id: LanguageIdentifier = lang.tag().parse().expect("a valid language tag");
    let loader = FluentLanguageLoader::new(DOMAIN, english);
    // The catalogue is compiled in and checked by the tests below: a failure here is a
    // build defect, not a condition a user can meet.
    loader
        .load_languages(&Catalogue, &[id])
        .expect("the embedded catalogue loads");
    loader.set_use_isolating(false);
    loader
}

/// A message without arguments as a `&'static str`: looked up once per language and kept for
/// the life of the process (the catalogue is fixed, so this is bounded by its size).
pub fn cached(
    lang: Lang,
    id: &'static str,
    look_up: fn(&FluentLanguageLoader) -> String,
) -> &'static str {
    type Cache = HashMap<(&'static str, &'static str), &'static str>;
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    cache
        .entry((lang.tag(), id))
        .or_insert_with(|| look_up(loader(lang)).leak())
}

/// A message without arguments in `lang`, as a `&'static str`; the id is checked at compile
/// time: `text!(lang, "verdict-pass")`.
#[macro_export]
macro_rules! text {
    ($lang:expr, $id:literal) => {
        $crate::words::cached($lang, $id, |l| i18n_embed_fl::fl!(l, $id))
    };
}

/// A message with named arguments in `lang`, as a `String`; ids and argument names are checked
/// at compile time: `words!(lang, "cases-excluded", n = 3)`.
#[macro_export]
macro_rules! words {
    ($lang:expr, $id:literal $(, $k:ident = $v:expr)* $(,)?) => {
        i18n_embed_fl::fl!($crate::words::loader($lang), $id $(, $k = ($v))*)
    };
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    use fluent_syntax::ast;

    use super::*;

    type Messages = BTreeMap<String, BTreeSet<String>>;

    /// Every message id of one language's file with the variables it uses.
    fn messages(lang_dir: &Path) -> Messages {
        let path = lang_dir.join(format!("{DOMAIN}.ftl"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        let res = fluent_syntax::parser::parse(text.as_str())
            .unwrap_or_else(|(_, errs)| panic!("{path:?} does not parse: {errs:?}"));
        let mut out = Messages::new();
        for entry in res.body {
            match entry {
                ast::Entry::Message(m) => {
                    let mut vars = BTreeSet::new();
                    if let Some(p) = &m.value {
                        pattern_vars(p, &mut vars);
                    }
                    let id = m.id.name.to_string();
                    assert!(
                        out.insert(id.clone(), vars).is_none(),
                        "{path:?}: {id} twice"
                    );
                }
                ast::Entry::Junk { content } => panic!("{path:?}: junk {content:?}"),
                _ => {}
            }
        }
        out
    }

    fn pattern_vars(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
        for el in &p.elements {
            if let ast::PatternElement::Placeable { expression } = el {
                expression_vars(expression, vars);
            }
        }
    }

    fn expression_vars(e: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
        match e {
            ast::Expression::Select { selector, variants } => {
                inline_vars(selector, vars);
                for v in variants {
                    pattern_vars(&v.value, vars);
                }
            }
            ast::Expression::Inline(i) => inline_vars(i, vars),
        }
    }

    fn inline_vars(i: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
        match i {
            ast::InlineExpression::VariableReference { id } => {
                vars.insert(id.name.to_string());
            }
            ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars),
            _ => {}
        }
    }

    fn catalogue_dir() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("i18n")
    }

    #[test]
    fn every_language_has_every_message_with_the_same_arguments() {
        let english = messages(&catalogue_dir().join("en"));
        assert!(english.len() > 50, "the English catalogue is nearly empty");
        let mut dirs = 0;
        for dir in std::fs::read_dir(catalogue_dir()).unwrap() {
            let dir = dir.unwrap().path();
            if !dir.is_dir() {
                continue;
            }
            dirs += 1;
            let other = messages(&dir);
            for (id, vars) in &english {
                let theirs = other
                    .get(id)
                    .unwrap_or_else(|| panic!("{dir:?} lacks {id}"));
                assert_eq!(
                    theirs, vars,
                    "{dir:?}: {id} has other arguments than English"
                );
            }
            for id in other.keys() {
                assert!(english.contains_key(id), "{dir:?}: {id} is not in English");
            }
        }
        // Each `Lang` has its directory, and each directory its `Lang`.
        assert_eq!(dirs, Lang::ALL.len());
        for lang in Lang::ALL {
            assert!(
                catalogue_dir().join(lang.tag()).is_dir(),
                "no catalogue for {lang:?}"
            );
        }
    }

    #[test]
    fn loaders_are_per_language_without_isolation_marks() {
        assert_eq!(text!(Lang::En, "verdict-word-pass"), "PASS");
        assert_eq!(text!(Lang::Nb, "verdict-word-pass"), "BESTÅTT");
        let s = words!(
            Lang::Nb,
            "flag-post-hoc",
            attempt = 2,
            changed = "terskelen"
        );
        assert!(s.starts_with("Forsøk 2 med"), "{s:?}");
        assert!(!s.contains('\u{2068}') && !s.contains('\u{2069}'), "{s:?}");
    }
}
