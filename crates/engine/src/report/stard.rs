//! The STARD 2015 checklist (Bossuyt et al., BMJ 2015;351:h5527): 30 items, each marked as
//! answered by a section of this report or left for the user, who knows what no file says
//! (the study's registration, funding, how readers were blinded…). An item the plan can
//! answer (reference standard, eligibility, setting, sampling) counts as answered only when
//! the plan records it.

use crate::evaluation::Evaluation;
use crate::i18n::Lang;
use crate::{text, words};

pub struct Item {
    pub number: &'static str,
    pub topic: &'static str,
    /// Where the report answers it, or what the user must add.
    pub answer: String,
    pub filled: bool,
}

/// Where an item is answered: the section number and name as `content.rs` numbers them.
#[derive(Clone, Copy)]
enum Where {
    Title,
    Summary,
    Identity,
    Cohort,
    Distribution,
    Accuracy,
    Thresholds,
    Subgroups,
    Methods,
    Limitations,
    /// Filled only when the plan records `study.<key>`.
    Plan(&'static str, Option<&'static str>),
    User(&'static str),
}

/// The checklist for `eval`; `number_of` gives the number the report gave the section with
/// this id (content.rs numbers sections as it writes them, so a report without comparisons
/// is numbered differently from one with).
pub fn items(
    eval: &Evaluation,
    lang: Lang,
    number_of: &dyn Fn(&str) -> Option<usize>,
) -> Vec<Item> {
    let s = &eval.study;
    let has = |k: &str| match k {
        "reference_standard" => s.reference_standard.is_some(),
        "eligibility" => s.eligibility.is_some(),
        "setting" => s.setting.is_some(),
        "sampling" => s.sampling.is_some(),
        _ => false,
    };
    // "section 3, Thresholds": the number as the report numbered the section with this id.
    let section = |id: &str, name: &str| match number_of(id) {
        Some(n) => words!(lang, "stard-section", number = n, name = name),
        None => name.to_string(),
    };
    let locate = |w: Where| -> (String, bool) {
        match w {
            Where::Title => (text!(lang, "stard-title-page").into(), true),
            Where::Summary => (section("summary", text!(lang, "stard-summary")), true),
            Where::Identity => (
                section("summary", text!(lang, "summary-what-was-validated")),
                true,
            ),
            Where::Cohort => (
                section("cohort", text!(lang, "stard-cohort-and-flow")),
                true,
            ),
            Where::Distribution if eval.cohort.subgroups.is_empty() => {
                (text!(lang, "stard-for-the-user-name").into(), false)
            }
            // A segmentation report gives each group's size in its subgroup tables.
            Where::Distribution if eval.binary().is_none() => {
                (section("subgroups", text!(lang, "stard-subgroups")), true)
            }
            Where::Distribution => (
                section("cohort", text!(lang, "distributions-who-is-in-the")),
                true,
            ),
            Where::Accuracy => (
                section("accuracy", text!(lang, "stard-diagnostic-accuracy")),
                true,
            ),
            Where::Thresholds => (
                section("accuracy", text!(lang, "thresholds-thresholds")),
                true,
            ),
            Where::Subgroups if !has_subgroups(eval) => {
                (text!(lang, "stard-for-the-user-the").into(), false)
            }
            Where::Subgroups => (section("subgroups", text!(lang, "stard-subgroups")), true),
            Where::Methods => (
                section(
                    "methods",
                    text!(lang, "stard-methods-conventions-and-limitations"),
                ),
                true,
            ),
            Where::Limitations => (section("methods", text!(lang, "methods-limitations")), true),
            Where::Plan(key, _) if has(key) => {
                (section("cohort", text!(lang, "cohort-study-design")), true)
            }
            Where::Plan(_, hint) => {
                let mut s = text!(lang, "stard-record-in-plan").to_string();
                if let Some(h) = hint {
                    s.push_str(" (");
                    s.push_str(h);
                    s.push(')');
                }
                (s, false)
            }
            Where::User(what) => (what.into(), false),
        }
    };
    let list: Vec<(&'static str, &'static str, Where)> = vec![
        ("1", text!(lang, "stard-item-1"), Where::Title),
        ("2", text!(lang, "stard-item-2"), Where::Summary),
        ("3", text!(lang, "stard-item-3"), Where::Identity),
        ("4", text!(lang, "stard-item-4"), Where::Summary),
        (
            "5",
            text!(lang, "stard-item-5"),
            Where::Plan("sampling", Some(text!(lang, "stard-hint-prospective"))),
        ),
        (
            "6",
            text!(lang, "stard-item-6"),
            Where::Plan("eligibility", None),
        ),
        (
            "7",
            text!(lang, "stard-item-7"),
            Where::Plan("eligibility", None),
        ),
        (
            "8",
            text!(lang, "stard-item-8"),
            Where::Plan("setting", None),
        ),
        (
            "9",
            text!(lang, "stard-item-9"),
            Where::Plan("sampling", None),
        ),
        ("10a", text!(lang, "stard-item-10a"), Where::Identity),
        (
            "10b",
            text!(lang, "stard-item-10b"),
            Where::Plan("reference_standard", None),
        ),
        (
            "11",
            text!(lang, "stard-item-11"),
            Where::User(text!(lang, "stard-user-for-the-user")),
        ),
        ("12a", text!(lang, "stard-item-12a"), Where::Thresholds),
        (
            "12b",
            text!(lang, "stard-item-12b"),
            Where::Plan("reference_standard", None),
        ),
        (
            "13a",
            text!(lang, "stard-item-13a"),
            Where::User(text!(lang, "stard-user-for-the-user-a")),
        ),
        (
            "13b",
            text!(lang, "stard-item-13b"),
            Where::User(text!(lang, "stard-user-for-the-user")),
        ),
        ("14", text!(lang, "stard-item-14"), Where::Methods),
        ("15", text!(lang, "stard-item-15"), Where::Cohort),
        ("16", text!(lang, "stard-item-16"), Where::Cohort),
        ("17", text!(lang, "stard-item-17"), Where::Subgroups),
        ("18", text!(lang, "stard-item-18"), Where::Limitations),
        ("19", text!(lang, "stard-item-19"), Where::Cohort),
        ("20", text!(lang, "stard-item-20"), Where::Distribution),
        (
            "21a",
            text!(lang, "stard-item-21a"),
            Where::User(text!(lang, "stard-user-for-the-user")),
        ),
        (
            "21b",
            text!(lang, "stard-item-21b"),
            Where::User(text!(lang, "stard-user-for-the-user")),
        ),
        (
            "22",
            text!(lang, "stard-item-22"),
            Where::User(text!(lang, "stard-user-for-the-user")),
        ),
        ("23", text!(lang, "stard-item-23"), Where::Accuracy),
        ("24", text!(lang, "stard-item-24"), Where::Accuracy),
        (
            "25",
            text!(lang, "stard-item-25"),
            Where::User(text!(lang, "stard-user-not-applicable-to-a")),
        ),
        ("26", text!(lang, "stard-item-26"), Where::Limitations),
        (
            "27",
            text!(lang, "stard-item-27"),
            Where::User(text!(lang, "stard-user-for-the-user-section")),
        ),
        (
            "28",
            text!(lang, "stard-item-28"),
            Where::User(text!(lang, "stard-user-for-the-user")),
        ),
        ("29", text!(lang, "stard-item-29"), Where::Identity),
        (
            "30",
            text!(lang, "stard-item-30"),
            Where::User(text!(lang, "stard-user-for-the-user")),
        ),
    ];
    list.into_iter()
        .map(|(number, topic, w)| {
            let (mut answer, mut filled) = locate(w);
            // Variability in accuracy: over time too, when the cases have dates.
            if number == "17" && has_drift(eval) {
                let drift = section("drift", text!(lang, "stard-drift-over-time"));
                answer = if filled {
                    format!("{answer}; {drift}")
                } else {
                    drift
                };
                filled = true;
            }
            if number == "29" {
                answer = text!(lang, "stard-the-plan-is-the").into();
            }
            Item {
                number,
                topic,
                answer,
                filled,
            }
        })
        .collect()
}

/// Topics that the AI reporting guidelines (CLAIM 2024 for medical imaging AI, TRIPOD+AI 2024
/// for prediction models) add to STARD, named by topic rather than item number, with where
/// this report answers them.
pub fn ai_topics(
    eval: &Evaluation,
    lang: Lang,
    number_of: &dyn Fn(&str) -> Option<usize>,
) -> Vec<(String, String, bool)> {
    let section = |id: &str, name: &str| match number_of(id) {
        Some(n) => words!(lang, "stard-section", number = n, name = name),
        None => name.to_string(),
    };
    let dicom = eval.plan.preprocess.is_some();
    vec![
        (
            text!(lang, "stard-model-identity-name-version").into(),
            section("summary", text!(lang, "summary-what-was-validated")),
            true,
        ),
        (
            text!(lang, "stard-data-preprocessing-from-raw").into(),
            if dicom {
                text!(lang, "stard-the-plan-s-preprocess").into()
            } else {
                text!(lang, "stard-the-plan-s-features").into()
            },
            true,
        ),
        (
            text!(lang, "stard-de-identification-of-the").into(),
            text!(lang, "stard-cases-by-pseudonymous-id").into(),
            true,
        ),
        (
            text!(lang, "stard-missing-and-unusable-data").into(),
            section("cohort", text!(lang, "stard-cohort-and-flow")),
            true,
        ),
        (
            text!(lang, "stard-discrimination-and-calibration-with").into(),
            format!(
                "{}; {}",
                section("accuracy", text!(lang, "stard-diagnostic-accuracy")),
                section("calibration", text!(lang, "stard-calibration"))
            ),
            eval.binary()
                .is_some_and(|b| b.overall.calibration.is_some()),
        ),
        (
            text!(lang, "stard-performance-across-subgroups-fairness").into(),
            if has_subgroups(eval) {
                section("subgroups", text!(lang, "stard-subgroups"))
            } else {
                text!(lang, "stard-for-the-user-the-2").into()
            },
            has_subgroups(eval),
        ),
        (
            text!(lang, "stard-performance-over-time-and").into(),
            if has_drift(eval) {
                section("drift", text!(lang, "stard-drift-over-time"))
            } else {
                text!(lang, "stard-for-the-user-the-3").into()
            },
            has_drift(eval),
        ),
        (
            text!(lang, "stard-failure-analysis-of-misclassified").into(),
            text!(lang, "stard-appendix-a-cases-to").into(),
            true,
        ),
        (
            text!(lang, "stard-intended-use-and-the").into(),
            section("summary", text!(lang, "summary-what-was-validated")),
            true,
        ),
    ]
}

/// Whether the report has a subgroup section with groups in it (binary: attributes analysed;
/// segmentation: any structure with subgroup figures).
fn has_subgroups(eval: &Evaluation) -> bool {
    match (eval.binary(), eval.segmentation()) {
        (Some(b), _) => !b.subgroups.is_empty(),
        (_, Some(s)) => s.structures.values().any(|st| !st.subgroups.is_empty()),
        _ => false,
    }
}

/// Whether the report has an analysis over time (binary runs with dated cases only).
fn has_drift(eval: &Evaluation) -> bool {
    eval.binary().is_some_and(|b| b.drift.is_some())
}
