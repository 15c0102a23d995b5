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

use std::collections::{BTreeMap, HashMap};
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
/// The shortest UID collected (real ones are 20 to 64 characters; a software version such as
/// "3.1.4" is shorter).
pub const MIN_UID: usize = 8;

/// Values collected while headers are read: value → the keyword it came from. UIDs are kept
/// apart: there are several per image, too many for one automaton at scale, and their syntax
/// (digits and dots) lets them be found by lookup instead.
#[derive(Default, Clone)]
pub struct Collector {
    values: BTreeMap<String, &'static str>,
    uids: HashMap<String, &'static str>,
}

impl std::fmt::Debug for Collector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Collector({} values, {} UIDs)",
            self.values.len(),
            self.uids.len()
        )
    }
}

fn worth_keeping(v: &str) -> bool {
    let n = v.chars().count();
    n >= MIN_LEN
        && !(v.chars().all(|c| c.is_ascii_digit()) && n < MIN_DIGITS)
        && !PLACEHOLDERS.contains(&v.to_lowercase().as_str())
}

/// How a value is to be read: a UID (UI), a PersonName (split into its components) or text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Uid,
    PersonName,
    Text,
}

impl Collector {
    /// Adds one attribute's value (every value of a multi-valued one).
    pub fn add(&mut self, keyword: &'static str, value: &str, kind: Kind) {
        for v in value.split('\\') {
            let v = v.trim_matches(|c: char| c == '\0' || c.is_whitespace());
            if kind == Kind::Uid && is_uid_like(v) {
                if v.len() >= MIN_UID {
                    self.uids.entry(v.to_string()).or_insert(keyword);
                }
                continue;
            }
            self.insert(keyword, v);
            if kind == Kind::PersonName && v.contains('^') {
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
        for (v, k) in other.uids {
            self.uids.entry(v).or_insert(k);
        }
    }

    /// Values and UIDs collected.
    pub fn len(&self) -> usize {
        self.values.len() + self.uids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds every component of these `/`-separated relative paths that contains a collected
    /// value (case-insensitively) where the guard would not find it: run into letters or
    /// digits, as PatientID 12345678 in "PID12345678". A component that holds the value at word
    /// boundaries (a file named by its SOPInstanceUID) needs no entry of its own.
    pub fn add_path_components<'a>(&mut self, paths: impl Iterator<Item = &'a str>) {
        let guard = self.guard();
        let Some(inner) = guard.inner.as_deref() else {
            return;
        };
        let mut found = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for path in paths {
            for component in path.split('/') {
                if !seen.insert(component) || guard.find(component).is_some() {
                    continue;
                }
                if let Some(keyword) = inner.find_anywhere(component) {
                    found.push((component.to_string(), keyword));
                }
            }
        }
        for (c, k) in found {
            self.insert(k, &c);
        }
    }

    /// Each value in its matching forms, with its keyword: ASCII values once (the automaton
    /// ignores ASCII case), others also in lower and upper case.
    fn patterns(&self) -> Vec<(String, &'static str)> {
        let mut out = Vec::with_capacity(self.values.len());
        for (v, k) in &self.values {
            out.push((v.clone(), *k));
            if !v.is_ascii() {
                for f in [v.to_lowercase(), v.to_uppercase()] {
                    if f != *v {
                        out.push((f, *k));
                    }
                }
            }
        }
        out
    }

    /// The guard over what was collected.
    pub fn guard(&self) -> Guard {
        if self.is_empty() {
            return Guard::default();
        }
        let patterns = self.patterns();
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(patterns.iter().map(|(p, _)| p));
        Guard {
            inner: Some(Arc::new(Inner {
                // An automaton too large to build falls back to a plain search: slower, never
                // open.
                ac: ac.ok(),
                patterns,
                uids: self.uids.clone(),
            })),
        }
    }
}

/// Digits and at least two dots: a UID's syntax (a decimal number has one dot).
fn is_uid_like(v: &str) -> bool {
    v.matches('.').count() >= 2 && v.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

struct Inner {
    ac: Option<AhoCorasick>,
    /// Pattern (index as in the automaton) and its attribute keyword.
    patterns: Vec<(String, &'static str)>,
    uids: HashMap<String, &'static str>,
}

impl Inner {
    /// Every (start, end, keyword) of a value in `text`, at boundaries or not.
    fn hits<'a>(
        &'a self,
        text: &'a str,
    ) -> Box<dyn Iterator<Item = (usize, usize, &'static str)> + 'a> {
        match &self.ac {
            Some(ac) => Box::new(
                ac.find_overlapping_iter(text)
                    .map(|m| (m.start(), m.end(), self.patterns[m.pattern().as_usize()].1)),
            ),
            None => Box::new(self.patterns.iter().flat_map(move |(p, k)| {
                let p = p.as_bytes();
                text.as_bytes()
                    .windows(p.len())
                    .enumerate()
                    .filter(move |(_, w)| w.eq_ignore_ascii_case(p))
                    .map(move |(i, _)| (i, i + p.len(), *k))
                    .filter(|&(i, j, _)| text.is_char_boundary(i) && text.is_char_boundary(j))
            })),
        }
    }

    /// A UID in `text`: every run of digits and dots, and each part of it between dots, is
    /// looked up (no boundary needed: a UID run into other text is still that UID).
    fn find_uid(&self, text: &str) -> Option<&'static str> {
        if self.uids.is_empty() {
            return None;
        }
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if !(b[i].is_ascii_digit() || b[i] == b'.') {
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                i += 1;
            }
            let run = &text[start..i];
            if run.len() < MIN_UID || !is_uid_like(run) {
                continue;
            }
            let cuts: Vec<usize> = std::iter::once(0)
                .chain(run.match_indices('.').map(|(j, _)| j))
                .chain(std::iter::once(run.len()))
                .collect();
            for (a, &from) in cuts.iter().enumerate() {
                let from = if a == 0 { from } else { from + 1 };
                for &to in &cuts[a + 1..] {
                    if to > from
                        && let Some(k) = self.uids.get(&run[from..to])
                    {
                        return Some(k);
                    }
                }
            }
        }
        None
    }

    fn find_anywhere(&self, text: &str) -> Option<&'static str> {
        self.hits(text)
            .next()
            .map(|h| h.2)
            .or_else(|| self.find_uid(text))
    }
}

/// The compiled check; empty (passes everything) for CSV cohorts. Cheap to clone.
#[derive(Clone, Default)]
pub struct Guard {
    inner: Option<Arc<Inner>>,
}

impl std::fmt::Debug for Guard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.inner {
            Some(i) => write!(
                f,
                "Guard({} patterns, {} UIDs)",
                i.patterns.len(),
                i.uids.len()
            ),
            None => f.write_str("Guard(empty)"),
        }
    }
}

impl Guard {
    /// The keyword of the first collected value that `text` contains: a value at word
    /// boundaries, or a UID anywhere.
    pub fn find(&self, text: &str) -> Option<&'static str> {
        let inner = self.inner.as_ref()?;
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        inner
            .hits(text)
            .find(|&(start, end, _)| {
                !word(text[..start].chars().next_back()) && !word(text[end..].chars().next())
            })
            .map(|h| h.2)
            .or_else(|| inner.find_uid(text))
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Collector {
        let mut c = Collector::default();
        c.add("PatientName", "Demo^Patient^03", Kind::PersonName);
        c.add("PatientName", "Nordmann^Kari", Kind::PersonName);
        c.add("PatientID", "DEMO-03", Kind::Text);
        c.add("PatientID", "123", Kind::Text);
        c.add("PatientID", "12345", Kind::Text);
        c.add("OtherPatientIDs", "A77\\987654321", Kind::Text);
        c.add("AccessionNumber", "ACC20240003", Kind::Text);
        c.add("PatientBirthDate", "19800101", Kind::Text);
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
    fn uids_are_found_by_lookup_anywhere_and_only_whole() {
        let mut c = demo();
        c.add("StudyInstanceUID", "1.2.826.0.1.3680043.8.498.5", Kind::Uid);
        c.add("SOPInstanceUID", "1.2.3.4.5\\2.25.777\\1.2.3", Kind::Uid);
        let g = c.guard();
        assert_eq!(
            g.find("study 1.2.826.0.1.3680043.8.498.5."),
            Some("StudyInstanceUID")
        );
        assert_eq!(g.find("IMG1.2.3.4.5.dcm"), Some("SOPInstanceUID"));
        assert_eq!(g.find("x/9.2.25.777/y"), Some("SOPInstanceUID"));
        // A longer or shorter number is another UID.
        assert_eq!(
            g.find("1.2.826.0.1.3680043.8.498.52 and 1.2.826.0.1.3680043.8.498"),
            None
        );
        assert_eq!(g.find("0.1234 1.2.3.4.55 2.25.7770 version 1.2.3"), None);
        // Without the automaton (too large to build), the plain search finds the same.
        let inner = g.inner.as_ref().unwrap();
        let plain = Guard {
            inner: Some(Arc::new(Inner {
                ac: None,
                patterns: inner.patterns.clone(),
                uids: inner.uids.clone(),
            })),
        };
        assert_eq!(plain.find("signed: KARI NORDMANN"), Some("PatientName"));
        assert_eq!(plain.find("Nordmannsen, DEMO-030"), None);
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
        // A name that holds the value at word boundaries needs no entry of its own.
        let mut d = demo();
        let before = d.len();
        d.add_path_components(["DEMO-03_x/19800101_IMG1.dcm"].into_iter());
        assert_eq!(d.len(), before);
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
