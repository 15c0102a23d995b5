//! The last check before any output file is written: the values of identifying attributes met
//! while reading DICOM headers, and every folder or file name under the cohort folder that
//! contains one, are held in memory (never serialised) and searched for in each output's text.
//! A hit stops that output with an error naming the file and the attribute, never the value.
//!
//! What is collected ([`Collector::add`]): values of Annex E attributes that the profile's
//! retain options do not keep and that are not free-text descriptions (`annex_e::Row::guarded`),
//! for string value representations other than times, numbers and ages; a PersonName also as
//! its components split on `^` and as the name with spaces. A value is skipped when it is
//! shorter than 4 characters, all digits and shorter than 6 (both would match counts and
//! numbers in any report), or a placeholder word ([`PLACEHOLDERS`]: "patient", "demo",
//! "anonymous"…).
//!
//! How it matches ([`Guard::check`]): case-insensitively (ASCII, plus the value's own lower-
//! and upper-case forms), at word boundaries: a hit is not preceded or followed by a letter or
//! digit, so PatientID 123456 is not found inside the score 0.91234567.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::error::{Error, Result};

/// Name components that anonymisers and test data put in PatientName; they identify no one and
/// are words a report may use.
pub const PLACEHOLDERS: [&str; 14] = [
    "patient",
    "pasient",
    "demo",
    "test",
    "anonymous",
    "anonymized",
    "anonymised",
    "anon",
    "unknown",
    "ukjent",
    "phantom",
    "fantom",
    "none",
    "removed",
];

/// The shortest value collected.
pub const MIN_LEN: usize = 4;
/// The shortest all-digit value collected.
pub const MIN_DIGITS: usize = 6;

/// Values collected while headers are read: value → the keyword it came from.
#[derive(Default, Clone)]
pub struct Collector {
    values: BTreeMap<String, &'static str>,
}

impl std::fmt::Debug for Collector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Collector({} values)", self.values.len())
    }
}

fn worth_keeping(v: &str) -> bool {
    let n = v.chars().count();
    n >= MIN_LEN
        && !(v.chars().all(|c| c.is_ascii_digit()) && n < MIN_DIGITS)
        && !PLACEHOLDERS.contains(&v.to_lowercase().as_str())
}

impl Collector {
    /// Adds one attribute's value (a PersonName with its components).
    pub fn add(&mut self, keyword: &'static str, value: &str, person_name: bool) {
        for v in value.split('\\') {
            let v = v.trim_matches(|c: char| c == '\0' || c.is_whitespace());
            self.insert(keyword, v);
            if person_name && v.contains('^') {
                let parts: Vec<&str> = v
                    .split('^')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .collect();
                self.insert(keyword, &parts.join(" "));
                for p in parts {
                    self.insert(keyword, p);
                }
            }
        }
    }

    fn insert(&mut self, keyword: &'static str, v: &str) {
        if worth_keeping(v) {
            self.values.entry(v.to_string()).or_insert(keyword);
        }
    }

    /// Adds another file's values.
    pub fn merge(&mut self, other: Collector) {
        for (v, k) in other.values {
            self.values.entry(v).or_insert(k);
        }
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Whether `value` equals a collected value of `keyword` (case-insensitively).
    pub fn has(&self, keyword: &str, value: &str) -> bool {
        let value = value.trim();
        self.values
            .iter()
            .any(|(v, k)| *k == keyword && v.eq_ignore_ascii_case(value))
    }

    /// Adds every component of these `/`-separated relative paths that contains a collected
    /// value (as a substring, case-insensitively), under the keyword of the value it contains.
    pub fn add_path_components<'a>(&mut self, paths: impl Iterator<Item = &'a str>) {
        let Some(ac) = self.automaton() else {
            return;
        };
        let keywords: Vec<&'static str> = self.patterns().map(|(_, k)| k).collect();
        let mut found = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for path in paths {
            for component in path.split('/') {
                if !seen.insert(component) {
                    continue;
                }
                if let Some(m) = ac.find_overlapping_iter(component).next() {
                    found.push((component.to_string(), keywords[m.pattern().as_usize()]));
                }
            }
        }
        for (c, k) in found {
            self.insert(k, &c);
        }
    }

    /// Each value in its matching forms, with its keyword.
    fn patterns(&self) -> impl Iterator<Item = (String, &'static str)> + '_ {
        self.values.iter().flat_map(|(v, k)| {
            let mut forms = vec![v.clone(), v.to_lowercase(), v.to_uppercase()];
            forms.sort();
            forms.dedup();
            forms.into_iter().map(move |f| (f, *k))
        })
    }

    fn automaton(&self) -> Option<AhoCorasick> {
        if self.values.is_empty() {
            return None;
        }
        let patterns: Vec<String> = self.patterns().map(|(p, _)| p).collect();
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .ok()
    }

    /// The guard over what was collected.
    pub fn guard(&self) -> Guard {
        Guard {
            inner: self.automaton().map(|ac| {
                Arc::new(Inner {
                    ac,
                    keywords: self.patterns().map(|(_, k)| k).collect(),
                })
            }),
        }
    }
}

struct Inner {
    ac: AhoCorasick,
    /// Pattern index → attribute keyword.
    keywords: Vec<&'static str>,
}

/// The compiled check; empty (passes everything) for CSV cohorts. Cheap to clone.
#[derive(Clone, Default)]
pub struct Guard {
    inner: Option<Arc<Inner>>,
}

impl std::fmt::Debug for Guard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.inner {
            Some(i) => write!(f, "Guard({} patterns)", i.keywords.len()),
            None => f.write_str("Guard(empty)"),
        }
    }
}

impl Guard {
    /// The keyword of the first collected value that `text` contains at word boundaries.
    pub fn find(&self, text: &str) -> Option<&'static str> {
        let inner = self.inner.as_ref()?;
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        inner
            .ac
            .find_overlapping_iter(text)
            .find(|m| {
                !word(text[..m.start()].chars().next_back())
                    && !word(text[m.end()..].chars().next())
            })
            .map(|m| inner.keywords[m.pattern().as_usize()])
    }

    /// `Err(Error::Identifier)` naming `path` and the attribute when `text` holds a value.
    pub fn check(&self, path: &Path, text: &str) -> Result<()> {
        match self.find(text) {
            Some(keyword) => Err(Error::Identifier {
                path: path.to_path_buf(),
                keyword,
            }),
            None => Ok(()),
        }
    }

    /// As [`Guard::check`] for bytes that are text (report.json, predictions.csv, HTML);
    /// anything not UTF-8 is read lossily.
    pub fn check_bytes(&self, path: &Path, bytes: &[u8]) -> Result<()> {
        if self.inner.is_none() {
            return Ok(());
        }
        self.check(path, &String::from_utf8_lossy(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Collector {
        let mut c = Collector::default();
        c.add("PatientName", "Demo^Patient^03", true);
        c.add("PatientName", "Nordmann^Kari", true);
        c.add("PatientID", "DEMO-03", false);
        c.add("PatientID", "123", false);
        c.add("PatientID", "12345", false);
        c.add("OtherPatientIDs", "A77\\987654321", false);
        c.add("AccessionNumber", "ACC20240003", false);
        c.add("PatientBirthDate", "19800101", false);
        c
    }

    #[test]
    fn values_are_found_at_word_boundaries_in_any_case() {
        let g = demo().guard();
        assert_eq!(g.find("case DEMO-03 here"), Some("PatientID"));
        assert_eq!(g.find("\"demo-03\""), Some("PatientID"));
        assert_eq!(g.find("Demo Patient 03"), Some("PatientName"));
        assert_eq!(g.find("signed: KARI NORDMANN"), Some("PatientName"));
        assert_eq!(g.find("x/Demo^Patient^03_ACC"), Some("PatientName"));
        assert_eq!(g.find("acc20240003"), Some("AccessionNumber"));
        assert_eq!(g.find("born 19800101."), Some("PatientBirthDate"));
        assert_eq!(g.find("ids 987654321"), Some("OtherPatientIDs"));
        // Not at a boundary, too short, placeholders, or all-digit and short.
        assert_eq!(g.find("score 0.1980010123 and 0.9198001014"), None);
        assert_eq!(g.find("Nordmannsen, DEMO-030"), None);
        assert_eq!(
            g.find("a demo report on 123 patient cases, 12345 images"),
            None
        );
        assert_eq!(Guard::default().find("anything"), None);
    }

    #[test]
    fn path_components_with_a_value_are_collected() {
        let mut c = demo();
        c.add_path_components(
            [
                "PID-DEMO-03xyz/SER9/IMG1.dcm",
                "other/x19800101y.dcm",
                "plain/IM2",
            ]
            .into_iter(),
        );
        let g = c.guard();
        assert_eq!(g.find("in PID-DEMO-03xyz"), Some("PatientID"));
        assert_eq!(g.find("x19800101y.dcm"), Some("PatientBirthDate"));
        assert_eq!(g.find("plain SER9 IM2 other"), None);
    }

    #[test]
    fn a_hit_names_the_file_and_attribute_not_the_value() {
        let e = demo()
            .guard()
            .check(Path::new("out/report.json"), "{\"name\": \"DEMO-03\"}")
            .unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("report.json") && msg.contains("PatientID"),
            "{msg}"
        );
        assert!(!msg.to_lowercase().contains("demo-03"), "{msg}");
        assert_eq!(e.exit_code(), 5);
    }
}
