//! Languages for what people read: the report and the desktop app, in English and Norwegian
//! (bokmål). The words are in each crate's Fluent catalogue (`i18n/<tag>/*.ftl`); this module
//! holds the language itself and `Numbers`, the one way numbers are written.
//!
//! Engine errors and report.json stay English: they are what `batch` prints, what scripts
//! parse and what a support request quotes.

use serde::{Deserialize, Serialize};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
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
    /// The English or the Norwegian of a pair of words.
    pub fn pick(self, en: &'static str, nb: &'static str) -> &'static str {
        match self {
            Lang::En => en,
            Lang::Nb => nb,
        }
    }

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

/// 1, 2 or 5 times a power of ten at or above `x` (1 when `x` is not a positive number): an
/// axis end or tick step a reader can count in, in the app's plots and the report's alike.
pub fn nice_ceiling(x: f64) -> f64 {
    if !(x.is_finite() && x > 0.0) {
        return 1.0;
    }
    let p = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * p)
        .find(|v| *v >= x)
        .unwrap_or(10.0 * p)
}

/// Numbers as each language writes them: 0.912 / 0,912, and "–" for a figure that could not be
/// computed; the report and the page-1 flags share it, so they never disagree.
pub struct Numbers(pub Lang);

impl Numbers {
    pub fn num(&self, x: f64, digits: usize) -> String {
        if !x.is_finite() {
            return "–".into();
        }
        let s = format!("{x:.digits$}").replace('-', "−");
        match self.0 {
            Lang::En => s,
            Lang::Nb => s.replace('.', ","),
        }
    }

    /// A scale's tick label: "0", three decimals, or one significant decimal in scientific
    /// notation under 0.01 (1.2e−4), "–" if not finite.
    pub fn short(&self, x: f64) -> String {
        if !x.is_finite() {
            return "–".into();
        }
        let s = if x == 0.0 {
            "0".to_string()
        } else if x.abs() < 0.01 {
            format!("{x:.1e}")
        } else {
            format!("{x:.3}")
        };
        let s = s.replace('-', "\u{2212}");
        match self.0 {
            Lang::En => s,
            Lang::Nb => s.replace('.', ","),
        }
    }

    pub fn p3(&self, x: f64) -> String {
        self.num(x, 3)
    }

    /// An interval: [0.871, 0.942] / [0,871; 0,942].
    pub fn ci(&self, [lo, hi]: [f64; 2]) -> String {
        if !(lo.is_finite() && hi.is_finite()) {
            return self.0.pick("not computed", "ikke beregnet").into();
        }
        let sep = self.0.pick(", ", "; ");
        format!("[{}{sep}{}]", self.p3(lo), self.p3(hi))
    }

    /// An interval to `digits` decimals, "–" if an end is missing: [0.0041, 0.0069] /
    /// [0,0041; 0,0069].
    pub fn interval(&self, [lo, hi]: [f64; 2], digits: usize) -> String {
        if !(lo.is_finite() && hi.is_finite()) {
            return "–".into();
        }
        let sep = self.0.pick(", ", "; ");
        format!("[{}{sep}{}]", self.num(lo, digits), self.num(hi, digits))
    }

    pub fn est_ci(&self, est: f64, ci: [f64; 2]) -> String {
        if !est.is_finite() {
            return "–".into();
        }
        format!("{} {}", self.p3(est), self.ci(ci))
    }

    pub fn opt_ci(&self, ci: [Option<f64>; 2]) -> String {
        self.ci([ci[0].unwrap_or(f64::NAN), ci[1].unwrap_or(f64::NAN)])
    }

    pub fn pct(&self, x: f64) -> String {
        if !x.is_finite() {
            return "–".into();
        }
        // A no-break space keeps "93.8 %" on one line.
        format!("{}\u{a0}%", self.num(100.0 * x, 1))
    }

    /// A plan value (threshold, limit) as written, with the language's decimal mark.
    pub fn plain(&self, x: f64) -> String {
        let s = format!("{x}");
        match self.0 {
            Lang::En => s,
            Lang::Nb => s.replace('.', ","),
        }
    }

    pub fn p_value(&self, p: f64) -> String {
        if !p.is_finite() {
            "–".into()
        } else if p < 0.001 {
            self.0.pick("< 0.001", "< 0,001").into()
        } else {
            self.p3(p)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_and_ticks_follow_the_language() {
        let (en, nb) = (Numbers(Lang::En), Numbers(Lang::Nb));
        assert_eq!(en.interval([0.0041, 0.0069], 4), "[0.0041, 0.0069]");
        assert_eq!(nb.interval([0.0041, 0.0069], 4), "[0,0041; 0,0069]");
        assert_eq!(en.interval([f64::NAN, 0.5], 4), "–");
        assert_eq!(en.short(-0.5), "\u{2212}0.500");
        assert_eq!(nb.short(0.00012), "1,2e\u{2212}4");
        assert_eq!(en.short(0.0), "0");
    }
}
