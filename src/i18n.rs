//! Languages for what people read: the report and the desktop app, in English and Norwegian
//! (bokmål). A `Text` holds one phrase in both; `{}` marks a value filled in at run time.
//!
//! Engine errors and report.json stay English: they are what `batch` prints, what scripts
//! parse and what a support request quotes.

use std::fmt::Display;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    /// Norwegian (bokmål).
    Nb,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Nb];

    /// BCP 47 tag, for the HTML `lang` attribute and the PDF's /Lang.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nb => "nb",
        }
    }

    /// The language's own name, for a language menu.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Nb => "Norsk (bokmål)",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s.to_lowercase().as_str() {
            "en" | "english" => Some(Lang::En),
            "nb" | "no" | "bokmål" | "bokmal" | "norsk" => Some(Lang::Nb),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Text {
    pub en: &'static str,
    pub nb: &'static str,
}

impl Text {
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Nb => self.nb,
        }
    }

    /// The text with each `{}` replaced by the next argument.
    pub fn fill(self, lang: Lang, args: &[&dyn Display]) -> String {
        let mut out = String::new();
        let mut args = args.iter();
        let mut parts = self.get(lang).split("{}");
        out.push_str(parts.next().unwrap_or_default());
        for p in parts {
            if let Some(a) = args.next() {
                out.push_str(&a.to_string());
            }
            out.push_str(p);
        }
        out
    }
}

/// Declares `pub mod t` with one `Text` constant per line, `NAME = "English" / "norsk";`, and
/// (in tests) `t::ALL` to check that both languages carry the same placeholders.
#[macro_export]
macro_rules! texts {
    ($($name:ident = $en:literal / $nb:literal;)*) => {
        pub mod t {
            use $crate::i18n::Text;
            $(pub const $name: Text = Text { en: $en, nb: $nb };)*
            #[cfg(test)]
            pub const ALL: &[(&str, Text)] = &[$((stringify!($name), $name)),*];
        }
    };
}

/// Panics naming the first text whose translations differ in their `{}` count or leave one
/// language empty.
pub fn check_table(all: &[(&str, Text)]) {
    for (name, t) in all {
        assert!(
            !t.en.is_empty() && !t.nb.is_empty(),
            "{name} is empty in one language"
        );
        assert_eq!(
            t.en.matches("{}").count(),
            t.nb.matches("{}").count(),
            "{name}: the languages have different placeholders"
        );
    }
}
