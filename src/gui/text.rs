//! Words more than one step writes: the run's pre-specification, a plan part's name, short
//! times and hashes. Below the steps and the app's frame, which both use them.

use provestein::provenance::{PlanPart, Prespecification};

use super::i18n::{Lang, t, tr};

/// The run's pre-specification in words (from the history), and whether it is post hoc.
pub fn prespecification_text(lang: Lang, p: Option<&Prespecification>) -> (String, bool) {
    let Some(p) = p else {
        return (t::PRESPEC_UNKNOWN.get(lang).into(), false);
    };
    let runs = p
        .earlier_runs
        .iter()
        .map(|i| format!("#{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    match (p.changed_after(), p.earlier_runs.first()) {
        (Some(after), _) => {
            let parts: Vec<&str> = p.changed.iter().map(|c| part_name(lang, *c)).collect();
            let parts = match parts.split_last() {
                Some((last, rest)) if !rest.is_empty() => {
                    format!("{} {} {last}", rest.join(", "), t::AND.get(lang))
                }
                _ => parts.join(""),
            };
            (
                tr!(
                    lang,
                    "prespec-post-hoc",
                    parts = parts,
                    run = after,
                    attempt = p.attempt,
                    runs = runs
                ),
                true,
            )
        }
        (None, Some(first)) => (
            tr!(
                lang,
                "prespec-again",
                attempt = p.attempt,
                runs = runs,
                first = first
            ),
            false,
        ),
        (None, None) => (t::PRESPEC_FIRST.get(lang).into(), false),
    }
}

pub fn part_name(lang: Lang, part: PlanPart) -> &'static str {
    match part {
        PlanPart::Threshold => t::PART_THRESHOLD,
        PlanPart::Criteria => t::PART_CRITERIA,
        PlanPart::Analysis => t::PART_ANALYSIS,
        PlanPart::Cohort => t::PART_COHORT,
        PlanPart::Model => t::PART_MODEL,
        PlanPart::Preprocess => t::PART_PREPROCESS,
        PlanPart::Compare => t::PART_COMPARE,
    }
    .get(lang)
}

/// "2026-11-22T22:35:06.359Z" → "2026-11-22 22:35:06 UTC".
pub fn short_time(t: &str) -> String {
    match t.get(..19) {
        Some(s) => format!("{} UTC", s.replace('T', " ")),
        None => t.to_string(),
    }
}

pub fn short_hash(h: &str) -> &str {
    &h[..h.len().min(12)]
}

/// Cases the run evaluated: the binary run's n, a segmentation run's cases (of its first
/// structure, which every structure shares), a detection run's units, a multi-finding run's
/// units (the most any finding has).
pub fn evaluated_cases(eval: &provestein::Evaluation) -> usize {
    if let Some(d) = eval.detection() {
        return d.unit_level.overall.n;
    }
    if let Some(f) = eval.findings() {
        return f.findings.values().map(|b| b.overall.n).max().unwrap_or(0);
    }
    match (eval.binary(), eval.segmentation()) {
        (Some(b), _) => b.overall.n,
        (None, Some(s)) => s
            .structures
            .values()
            .map(|f| f.summary.cases)
            .max()
            .unwrap_or(0),
        (None, None) => 0,
    }
}
