//! The words of the app and the CLI: Fluent catalogues i18n/<language>/provestein.ftl in the
//! root package, with named arguments and each language's plural rules, so that "1 case" /
//! "2 cases" is the catalogue's business and a new language is a new directory (plus a `Lang`
//! variant). `tr!` goes through `i18n_embed_fl::fl!`, which checks at compile time that the
//! message exists and that its arguments are the ones named. Numbers go in already written by
//! `Numbers` (0.912 / 0,912), so the app, the CLI and the report write them alike; counts go
//! in as numbers, for the plural rules.
//!
//! The language is chosen per call: the app switches at run time and the CLI speaks English.

use std::sync::LazyLock;

use i18n_embed::LanguageLoader;
use i18n_embed::fluent::FluentLanguageLoader;
use provestein::i18n::Lang;
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "i18n"]
struct Catalogues;

/// `fl!` reads the English file when it expands and cargo does not know that: naming the file
/// here makes an edit to it rebuild this crate, so the compile-time checks are never stale.
const _: &str = include_str!("../i18n/en/provestein.ftl");

/// One loader per language, each holding that language only, so that a message missing in a
/// language shows as its id instead of silently in English (the completeness test in
/// `tests` keeps that from happening).
pub fn loader(lang: Lang) -> &'static FluentLanguageLoader {
    static LOADERS: LazyLock<Vec<FluentLanguageLoader>> =
        LazyLock::new(|| Lang::ALL.iter().map(|&l| load(l)).collect());
    let i = Lang::ALL.iter().position(|&l| l == lang).unwrap_or(0);
    &LOADERS[i]
}

fn load(lang: Lang) -> FluentLanguageLoader {
    let id: i18n_embed::unic_langid::LanguageIdentifier =
        lang.tag().parse().expect("a Lang tag is a language id");
    let loader = FluentLanguageLoader::new("provestein", id.clone());
    // The catalogues are compiled in and checked by the tests: a failure here is a build
    // defect, not something a user can meet.
    loader
        .load_languages(&Catalogues, &[id])
        .expect("the embedded catalogues load");
    // No Unicode isolation marks around arguments: egui, the terminal and the tests see plain
    // text.
    loader.set_use_isolating(false);
    loader
}

/// `tr!(lang, "message-id")` or `tr!(lang, "message-id", name = value, …)`: the message in
/// `lang`, its id and argument names checked against the English catalogue at compile time.
macro_rules! tr {
    ($lang:expr, $id:tt $(, $k:ident = $v:expr)* $(,)?) => {
        i18n_embed_fl::fl!($crate::words::loader($lang), $id $(, $k = $v)*)
    };
}
pub(crate) use tr;

#[cfg(test)]
mod plurals;

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::plurals::messages;
    use super::*;

    /// Message id → the names of the arguments it uses, from one language's file.
    fn catalogue(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
        let path = format!(
            "{}/i18n/{}/provestein.ftl",
            env!("CARGO_MANIFEST_DIR"),
            lang.tag()
        );
        let mut out = BTreeMap::new();
        for (id, args) in messages(&path) {
            assert!(out.insert(id.clone(), args).is_none(), "{path}: {id} twice");
        }
        out
    }

    #[test]
    fn every_language_has_every_message_with_the_same_arguments() {
        let english = catalogue(Lang::En);
        assert!(english.len() > 300, "the English catalogue is read");
        for lang in Lang::ALL {
            let other = catalogue(lang);
            for (id, args) in &english {
                let theirs = other
                    .get(id)
                    .unwrap_or_else(|| panic!("{}: {id} is missing", lang.tag()));
                assert_eq!(theirs, args, "{}: {id} has other arguments", lang.tag());
            }
            for id in other.keys() {
                assert!(
                    english.contains_key(id),
                    "{}: {id} is not in English",
                    lang.tag()
                );
            }
            // And the embedded catalogue the app loads has them too.
            for id in english.keys() {
                assert!(loader(lang).has(id), "{}: {id} is not loaded", lang.tag());
            }
        }
        // Every directory is a language the app offers, and the other way round.
        let dirs: BTreeSet<String> =
            std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/i18n"))
                .unwrap()
                .map(|d| d.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
        let langs: BTreeSet<String> = Lang::ALL.iter().map(|l| l.tag().to_string()).collect();
        assert_eq!(dirs, langs);
    }

    #[test]
    fn counts_take_the_languages_plural_forms() {
        assert_eq!(
            tr!(Lang::En, "unmatched", scores = 1, labels = 1),
            "1 score matched no case; 1 label matched no image."
        );
        assert_eq!(
            tr!(Lang::En, "unmatched", scores = 0, labels = 2),
            "0 scores matched no case; 2 labels matched no image."
        );
        assert_eq!(
            tr!(Lang::Nb, "unmatched", scores = 1, labels = 3),
            "1 skår passet ikke til noe kasus; 3 fasitrader passet ikke til noe bilde."
        );
        assert_eq!(
            tr!(
                Lang::En,
                "cli-chain-intact",
                path = "h.sqlite",
                runs = 1,
                journals = 0,
                head = "ab12"
            ),
            "h.sqlite: the audit chain of 1 finished run is intact. Head hash: ab12"
        );
        assert_eq!(
            tr!(
                Lang::En,
                "cli-chain-intact",
                path = "h.sqlite",
                runs = 2,
                journals = 3,
                head = "ab12"
            ),
            "h.sqlite: the audit chain of 2 finished runs is intact, and the journals of 3 unfinished runs. Head hash: ab12"
        );
    }
}
