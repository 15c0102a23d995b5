//! The STARD 2015 checklist (Bossuyt et al., BMJ 2015;351:h5527): 30 items, each marked as
//! answered by a section of this report or left for the user, who knows what no file says
//! (the study's registration, funding, how readers were blinded…). An item the plan can
//! answer (reference standard, eligibility, setting, sampling) counts as answered only when
//! the plan records it.

use crate::evaluation::Evaluation;
use crate::i18n::Lang;

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
    User(&'static str, &'static str),
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
    let en = lang == Lang::En;
    let t = |a: &'static str, b: &'static str| if en { a } else { b };
    // "section 3, Thresholds": the number as the report numbered the section with this id.
    let section = |id: &str, name: &str| match (number_of(id), en) {
        (Some(n), true) => format!("section {n}, {name}"),
        (Some(n), false) => format!("avsnitt {n}, {name}"),
        (None, _) => name.to_string(),
    };
    let locate = |w: Where| -> (String, bool) {
        match w {
            Where::Title => (t("title page", "forsiden").into(), true),
            Where::Summary => (section("summary", t("Summary", "Sammendrag")), true),
            Where::Identity => (
                section("summary", t("What was validated", "Hva som ble validert")),
                true,
            ),
            Where::Cohort => (
                section("cohort", t("Cohort and flow", "Kohort og flyt")),
                true,
            ),
            Where::Distribution if eval.cohort.subgroups.is_empty() => (
                t(
                    "for the user: name attributes such as sex and age in [cohort] subgroups",
                    "for brukeren: angi egenskaper som kjønn og alder i [cohort] subgroups",
                )
                .into(),
                false,
            ),
            Where::Distribution => (
                section(
                    "cohort",
                    t("Who is in the cohort", "Hvem kohorten består av"),
                ),
                true,
            ),
            Where::Accuracy => (
                section(
                    "accuracy",
                    t("Diagnostic accuracy", "Diagnostisk nøyaktighet"),
                ),
                true,
            ),
            Where::Thresholds => (section("accuracy", t("Thresholds", "Terskler")), true),
            Where::Subgroups if eval.binary().subgroups.is_empty() => (
                t(
                    "for the user: the plan names no subgroups ([cohort] subgroups)",
                    "for brukeren: planen nevner ingen undergrupper ([cohort] subgroups)",
                )
                .into(),
                false,
            ),
            Where::Subgroups => (section("subgroups", t("Subgroups", "Undergrupper")), true),
            Where::Methods => (
                section(
                    "methods",
                    t(
                        "Methods, conventions and limitations",
                        "Metoder, konvensjoner og begrensninger",
                    ),
                ),
                true,
            ),
            Where::Limitations => (section("methods", t("Limitations", "Begrensninger")), true),
            Where::Plan(key, _) if has(key) => {
                (section("cohort", t("Study design", "Studiedesign")), true)
            }
            Where::Plan(key, hint) => {
                let mut s = if en {
                    format!("for the user: record study.{key} in the plan")
                } else {
                    format!("for brukeren: registrer study.{key} i planen")
                };
                if let Some(h) = hint {
                    s.push_str(" (");
                    s.push_str(h);
                    s.push(')');
                }
                (s, false)
            }
            Where::User(a, b) => (t(a, b).into(), false),
        }
    };
    let user = |a, b| Where::User(a, b);
    let list: Vec<(&'static str, &'static str, &'static str, Where)> = vec![
        (
            "1",
            "Identification as a study of diagnostic accuracy using at least one measure of accuracy",
            "Identifisert som en studie av diagnostisk nøyaktighet med minst ett mål på nøyaktighet",
            Where::Title,
        ),
        (
            "2",
            "Structured summary of design, methods, results and conclusions",
            "Strukturert sammendrag av design, metoder, resultater og konklusjoner",
            Where::Summary,
        ),
        (
            "3",
            "Scientific and clinical background, including the intended use and clinical role of the index test",
            "Vitenskapelig og klinisk bakgrunn, med tiltenkt bruk og klinisk rolle for indekstesten",
            Where::Identity,
        ),
        (
            "4",
            "Study objectives and hypotheses",
            "Studiens mål og hypoteser",
            Where::Summary,
        ),
        (
            "5",
            "Whether data collection was planned before the index test and reference standard were performed (prospective) or after (retrospective)",
            "Om datainnsamlingen ble planlagt før indekstest og referansestandard ble utført (prospektiv) eller etter (retrospektiv)",
            Where::Plan("sampling", Some("prospective or retrospective")),
        ),
        (
            "6",
            "Eligibility criteria",
            "Inklusjonskriterier",
            Where::Plan("eligibility", None),
        ),
        (
            "7",
            "On what basis potentially eligible participants were identified",
            "Hvordan mulige deltakere ble identifisert",
            Where::Plan("eligibility", None),
        ),
        (
            "8",
            "Where and when potentially eligible participants were identified (setting, location and dates)",
            "Hvor og når mulige deltakere ble identifisert (sted og tidsrom)",
            Where::Plan("setting", None),
        ),
        (
            "9",
            "Whether participants formed a consecutive, random or convenience series",
            "Om deltakerne var en fortløpende, tilfeldig eller bekvemmelighetsserie",
            Where::Plan("sampling", None),
        ),
        (
            "10a",
            "Index test, in sufficient detail to allow replication",
            "Indekstesten, detaljert nok til å kunne gjentas",
            Where::Identity,
        ),
        (
            "10b",
            "Reference standard, in sufficient detail to allow replication",
            "Referansestandarden, detaljert nok til å kunne gjentas",
            Where::Plan("reference_standard", None),
        ),
        (
            "11",
            "Rationale for choosing the reference standard (if alternatives exist)",
            "Begrunnelse for valg av referansestandard (hvis det finnes alternativer)",
            user("for the user", "for brukeren"),
        ),
        (
            "12a",
            "Definition of and rationale for test positivity cut-offs of the index test, distinguishing pre-specified from exploratory",
            "Definisjon av og begrunnelse for indekstestens terskler, med skille mellom forhåndsbestemte og utforskende",
            Where::Thresholds,
        ),
        (
            "12b",
            "Definition of and rationale for positivity cut-offs of the reference standard",
            "Definisjon av og begrunnelse for referansestandardens terskler",
            Where::Plan("reference_standard", None),
        ),
        (
            "13a",
            "Whether clinical information and reference standard results were available to the performers or readers of the index test",
            "Om klinisk informasjon og resultater fra referansestandarden var tilgjengelige for dem som utførte eller tolket indekstesten",
            user(
                "for the user (a model reads only its inputs; state what the labels' readers knew)",
                "for brukeren (en modell leser bare sine inndata; oppgi hva de som satte fasiten visste)",
            ),
        ),
        (
            "13b",
            "Whether clinical information and index test results were available to the assessors of the reference standard",
            "Om klinisk informasjon og indekstestens resultater var tilgjengelige for dem som vurderte referansestandarden",
            user("for the user", "for brukeren"),
        ),
        (
            "14",
            "Methods for estimating or comparing measures of diagnostic accuracy",
            "Metoder for å estimere eller sammenligne mål på diagnostisk nøyaktighet",
            Where::Methods,
        ),
        (
            "15",
            "How indeterminate index test or reference standard results were handled",
            "Hvordan uavklarte resultater av indekstest eller referansestandard ble håndtert",
            Where::Cohort,
        ),
        (
            "16",
            "How missing data on the index test and reference standard were handled",
            "Hvordan manglende data for indekstest og referansestandard ble håndtert",
            Where::Cohort,
        ),
        (
            "17",
            "Any analyses of variability in diagnostic accuracy, distinguishing pre-specified from exploratory",
            "Analyser av variasjon i diagnostisk nøyaktighet, med skille mellom forhåndsbestemte og utforskende",
            Where::Subgroups,
        ),
        (
            "18",
            "Intended sample size and how it was determined",
            "Planlagt utvalgsstørrelse og hvordan den ble bestemt",
            Where::Limitations,
        ),
        (
            "19",
            "Flow of participants, using a diagram",
            "Flyt av deltakere, med diagram",
            Where::Cohort,
        ),
        (
            "20",
            "Baseline demographic and clinical characteristics of participants",
            "Demografiske og kliniske kjennetegn ved deltakerne",
            Where::Distribution,
        ),
        (
            "21a",
            "Distribution of severity of disease in those with the target condition",
            "Fordeling av sykdommens alvorlighet blant dem med tilstanden",
            user("for the user", "for brukeren"),
        ),
        (
            "21b",
            "Distribution of alternative diagnoses in those without the target condition",
            "Fordeling av andre diagnoser blant dem uten tilstanden",
            user("for the user", "for brukeren"),
        ),
        (
            "22",
            "Time interval and any clinical interventions between index test and reference standard",
            "Tid og eventuelle kliniske tiltak mellom indekstest og referansestandard",
            user("for the user", "for brukeren"),
        ),
        (
            "23",
            "Cross tabulation of the index test results by the results of the reference standard",
            "Krysstabell av indekstestens resultater mot referansestandardens",
            Where::Accuracy,
        ),
        (
            "24",
            "Estimates of diagnostic accuracy and their precision (such as 95 % confidence intervals)",
            "Estimater av diagnostisk nøyaktighet med presisjon (som 95 %-konfidensintervaller)",
            Where::Accuracy,
        ),
        (
            "25",
            "Any adverse events from performing the index test or the reference standard",
            "Uønskede hendelser ved indekstest eller referansestandard",
            user(
                "not applicable to a retrospective model validation; otherwise for the user",
                "ikke relevant for en retrospektiv modellvalidering; ellers for brukeren",
            ),
        ),
        (
            "26",
            "Study limitations, including sources of potential bias, statistical uncertainty and generalisability",
            "Studiens begrensninger, med mulige skjevheter, statistisk usikkerhet og overførbarhet",
            Where::Limitations,
        ),
        (
            "27",
            "Implications for practice, including the intended use and clinical role of the index test",
            "Betydning for praksis, med tiltenkt bruk og klinisk rolle for indekstesten",
            user(
                "for the user (section 1 gives the verdict against the intended use)",
                "for brukeren (avsnitt 1 gir resultatet mot tiltenkt bruk)",
            ),
        ),
        (
            "28",
            "Registration number and name of registry",
            "Registreringsnummer og navn på register",
            user("for the user", "for brukeren"),
        ),
        (
            "29",
            "Where the full study protocol can be accessed",
            "Hvor hele studieprotokollen finnes",
            Where::Identity,
        ),
        (
            "30",
            "Sources of funding and other support; role of funders",
            "Finansiering og annen støtte; finansiørenes rolle",
            user("for the user", "for brukeren"),
        ),
    ];
    list.into_iter()
        .map(|(number, topic_en, topic_nb, w)| {
            let (mut answer, mut filled) = locate(w);
            // Variability in accuracy: over time too, when the cases have dates.
            if number == "17" && eval.binary().drift.is_some() {
                let drift = section("drift", t("Drift over time", "Endring over tid"));
                answer = if filled {
                    format!("{answer}; {drift}")
                } else {
                    drift
                };
                filled = true;
            }
            if number == "29" {
                answer = t(
                    "the plan is the protocol: its SHA-256 is under What was validated; report.json holds it whole",
                    "planen er protokollen: SHA-256 står under Hva som ble validert; report.json inneholder den i sin helhet",
                )
                .into();
            }
            Item {
                number,
                topic: t(topic_en, topic_nb),
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
    let en = lang == Lang::En;
    let t = |a: &'static str, b: &'static str| if en { a } else { b };
    let section = |id: &str, name: &str| match (number_of(id), en) {
        (Some(n), true) => format!("section {n}, {name}"),
        (Some(n), false) => format!("avsnitt {n}, {name}"),
        (None, _) => name.to_string(),
    };
    let dicom = eval.plan.preprocess.is_some();
    vec![
        (
            t("Model identity: name, version, file hash, runtime", "Modellens identitet: navn, versjon, filens hash, kjøremiljø").into(),
            section("summary", t("What was validated", "Hva som ble validert")),
            true,
        ),
        (
            t("Data preprocessing from raw input to model input", "Forbehandling fra rådata til modellens inndata").into(),
            if dicom {
                t("the plan's [preprocess], in report.json (plan)", "planens [preprocess], i report.json (plan)").into()
            } else {
                t("the plan's features, in report.json (plan)", "planens variabler, i report.json (plan)").into()
            },
            true,
        ),
        (
            t("De-identification of the data", "Avidentifisering av dataene").into(),
            t(
                "cases by pseudonymous id only; no patient name, id, birth date or accession number in any output",
                "kasus bare med pseudonym id; ingen pasientnavn, -id, fødselsdato eller aksesjonsnummer i noen utdata",
            )
            .into(),
            true,
        ),
        (
            t("Missing and unusable data", "Manglende og ubrukelige data").into(),
            section("cohort", t("Cohort and flow", "Kohort og flyt")),
            true,
        ),
        (
            t("Discrimination and calibration with uncertainty", "Diskriminering og kalibrering med usikkerhet").into(),
            format!(
                "{}; {}",
                section("accuracy", t("Diagnostic accuracy", "Diagnostisk nøyaktighet")),
                section("calibration", t("Calibration", "Kalibrering"))
            ),
            eval.binary().overall.calibration.is_some(),
        ),
        (
            t("Performance across subgroups (fairness)", "Ytelse på tvers av undergrupper (rettferdighet)").into(),
            if eval.binary().subgroups.is_empty() {
                t("for the user: the plan names no subgroups", "for brukeren: planen nevner ingen undergrupper").into()
            } else {
                section("subgroups", t("Subgroups", "Undergrupper"))
            },
            !eval.binary().subgroups.is_empty(),
        ),
        (
            t("Performance over time and after equipment changes", "Ytelse over tid og etter utstyrsendringer").into(),
            if eval.binary().drift.is_some() {
                section("drift", t("Drift over time", "Endring over tid"))
            } else {
                t(
                    "for the user: the cases carry no date ([cohort] date, or StudyDate in DICOM)",
                    "for brukeren: kasusene har ingen dato ([cohort] date, eller StudyDate i DICOM)",
                )
                .into()
            },
            eval.binary().drift.is_some(),
        ),
        (
            t("Failure analysis of misclassified cases", "Feilanalyse av feilklassifiserte kasus").into(),
            t("Appendix A (cases to review in the app's case viewer)", "Vedlegg A (kasus til gjennomgang i programmets kasusvisning)").into(),
            true,
        ),
        (
            t("Intended use and the population validated on", "Tiltenkt bruk og populasjonen det er validert på").into(),
            section("summary", t("What was validated", "Hva som ble validert")),
            true,
        ),
    ]
}
