//! A flag as data: what page 1 lists under "not covered by the criteria", with its figures
//! and its words in each language. `flags` decides which are raised; `Evaluation` holds them.

use serde::{Serialize, Serializer};

use crate::i18n::Lang;
use crate::metrics::calibration::{Estimate, HosmerLemeshow};
use crate::model::manifest::Outside;
use crate::model::signature::Status as Signature;
use crate::plan::{IntervalKind, Metric};
use crate::provenance::PlanPart;
use crate::results::RepeatedPatients;

/// A lower bound under this is no better than a coin for the cases it should find.
pub const COIN: f64 = 0.5;

#[derive(Debug, Clone, PartialEq)]
pub struct PostHoc {
    /// This run's attempt on the model and cohort (1 = the first).
    pub attempt: usize,
    /// What changed since the first earlier run (`provenance.prespecification.changed`).
    pub changed: Vec<PlanPart>,
}

/// One thing the criteria miss, with the figures that show it.
#[derive(Debug, Clone, PartialEq)]
pub enum Flag {
    UnconstrainedOperatingPoint {
        metric: Metric,
        threshold: f64,
        estimate: f64,
        ci: [f64; 2],
        interval: IntervalKind,
        /// The lower bound is under [`COIN`].
        under_coin: bool,
        /// The vendor's claim, when the lower bound is under it.
        under_claim: Option<f64>,
    },
    CalibrationRejected {
        /// Hosmer–Lemeshow, when it rejects.
        hosmer_lemeshow: Option<HosmerLemeshow>,
        /// The slope, when its interval excludes 1.
        slope: Option<Estimate>,
        alpha: f64,
    },
    /// Every claim the data cannot test, one flag: (metric, claimed, interval).
    ClaimNotTestable {
        claims: Vec<(Metric, f64, [f64; 2])>,
        margin: f64,
    },
    SignatureUnverified(Signature),
    OutsideIntendedUse {
        /// Evaluated cases.
        n: usize,
        /// What the vendor names that cases fall outside, with the counts.
        aspects: Vec<(Aspect, Outside)>,
    },
    PostHoc(PostHoc),
    ClusteredWithoutKey(RepeatedPatients),
    /// The model left more units unscored than the plan allows (the verdict is INCONCLUSIVE).
    ModelExclusions(crate::acceptance::ModelExclusions),
}

/// Which part of the vendor's intended use or population a case falls outside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aspect {
    Age,
    Modality,
    BodyPart,
    View,
    Manufacturer,
}

impl Flag {
    /// The stable id report.json carries.
    pub fn id(&self) -> &'static str {
        match self {
            Flag::UnconstrainedOperatingPoint { .. } => "unconstrained_operating_point",
            Flag::CalibrationRejected { .. } => "calibration_rejected",
            Flag::ClaimNotTestable { .. } => "claim_not_testable",
            Flag::SignatureUnverified(_) => "signature_unverified",
            Flag::OutsideIntendedUse { .. } => "outside_intended_use",
            Flag::PostHoc(_) => "post_hoc",
            Flag::ClusteredWithoutKey(_) => "clustered_without_key",
            Flag::ModelExclusions(_) => "model_exclusions",
        }
    }

    /// A few words naming the flag, for a table's first column.
    pub fn title(&self, lang: Lang) -> &'static str {
        let (en, nb) = match self {
            Flag::UnconstrainedOperatingPoint {
                metric: Metric::Specificity,
                ..
            } => ("Specificity not covered", "Spesifisitet ikke dekket"),
            Flag::UnconstrainedOperatingPoint { .. } => {
                ("Sensitivity not covered", "Sensitivitet ikke dekket")
            }
            Flag::CalibrationRejected { .. } => ("Calibration rejected", "Kalibrering forkastet"),
            Flag::ClaimNotTestable { claims, .. } if claims.len() > 1 => (
                "Vendor claims not testable",
                "Leverandørpåstander ikke testbare",
            ),
            Flag::ClaimNotTestable { .. } => (
                "Vendor claim not testable",
                "Leverandørpåstand ikke testbar",
            ),
            Flag::SignatureUnverified(_) => ("Signature not verified", "Signatur ikke kontrollert"),
            Flag::OutsideIntendedUse { .. } => ("Outside intended use", "Utenfor tiltenkt bruk"),
            Flag::PostHoc(_) => ("Post hoc", "Post hoc"),
            Flag::ClusteredWithoutKey(_) => (
                "Patients not accounted for",
                "Pasienter ikke tatt hensyn til",
            ),
            Flag::ModelExclusions(_) => (
                "Cases the model could not score",
                "Kasus modellen ikke kunne skåre",
            ),
        };
        pick(lang, en, nb)
    }

    /// The flag in a sentence with its figures, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let f = crate::i18n::Numbers(lang);
        match self {
            Flag::UnconstrainedOperatingPoint {
                metric,
                threshold,
                estimate,
                ci,
                interval,
                under_coin,
                under_claim,
            } => {
                let name = capitalised(metric_name(lang, *metric));
                let what = format!("{name} {} {}", f.p3(*estimate), f.ci(*ci),);
                let iv = if *interval == IntervalKind::ClopperPearson {
                    "Clopper–Pearson"
                } else {
                    "Wilson"
                };
                let under = match (under_coin, under_claim, lang) {
                    (true, Some(c), Lang::En) => format!(
                        "under {} and under the vendor's claimed {}",
                        f.plain(COIN),
                        f.plain(*c)
                    ),
                    (true, Some(c), Lang::Nb) => format!(
                        "under {} og under leverandørens oppgitte {}",
                        f.plain(COIN),
                        f.plain(*c)
                    ),
                    (true, None, _) => format!("under {}", f.plain(COIN)),
                    (false, Some(c), Lang::En) => {
                        format!("under the vendor's claimed {}", f.plain(*c))
                    }
                    (false, Some(c), Lang::Nb) => {
                        format!("under leverandørens oppgitte {}", f.plain(*c))
                    }
                    (false, None, _) => String::new(),
                };
                match lang {
                    Lang::En => format!(
                        "{what} at the plan threshold {} has no acceptance criterion, and its lower {iv} bound is {under}.",
                        f.plain(*threshold)
                    ),
                    Lang::Nb => format!(
                        "{what} ved planens terskel {} har intet akseptkriterium, og den nedre {iv}-grensen er {under}.",
                        f.plain(*threshold)
                    ),
                }
            }
            Flag::CalibrationRejected {
                hosmer_lemeshow,
                slope,
                alpha,
            } => {
                let mut parts = Vec::new();
                if let Some(h) = hosmer_lemeshow {
                    parts.push(match lang {
                        Lang::En => format!(
                            "Hosmer–Lemeshow p = {} < {} (χ² = {}, {} df)",
                            f.p3(h.p),
                            f.plain(*alpha),
                            f.num(h.chi2, 2),
                            h.df
                        ),
                        Lang::Nb => format!(
                            "Hosmer–Lemeshow p = {} < {} (χ² = {}, {} frihetsgrader)",
                            f.p3(h.p),
                            f.plain(*alpha),
                            f.num(h.chi2, 2),
                            h.df
                        ),
                    });
                }
                if let Some(s) = slope {
                    parts.push(format!(
                        "{} {} {} {}",
                        pick(lang, "calibration slope", "kalibreringsstigning"),
                        f.p3(s.estimate),
                        f.ci(s.ci),
                        pick(lang, "excludes 1", "utelukker 1"),
                    ));
                }
                let joined = parts.join("; ");
                match lang {
                    Lang::En => format!(
                        "The scores are not calibrated on this cohort: {joined}. No criterion judges this."
                    ),
                    Lang::Nb => format!(
                        "Skårene er ikke kalibrert i denne kohorten: {joined}. Intet kriterium vurderer dette."
                    ),
                }
            }
            Flag::ClaimNotTestable { claims, margin } => {
                let m = f.plain(*margin);
                if let [(metric, claimed, ci)] = claims.as_slice() {
                    let name = metric_name(lang, *metric);
                    return match lang {
                        Lang::En => format!(
                            "The vendor's claimed {name} {} is not testable at this n: the interval {} is wider than the claim minus {m} ({}), so these data cannot tell the claim from a model {m} worse.",
                            f.plain(*claimed),
                            f.ci(*ci),
                            f.p3(claimed - margin),
                        ),
                        Lang::Nb => format!(
                            "Leverandørens oppgitte {name} {} kan ikke testes med dette antallet: intervallet {} er videre enn påstanden minus {m} ({}), så dataene kan ikke skille påstanden fra en modell som er {m} dårligere.",
                            f.plain(*claimed),
                            f.ci(*ci),
                            f.p3(claimed - margin),
                        ),
                    };
                }
                let list: Vec<String> = claims
                    .iter()
                    .map(|(metric, claimed, ci)| {
                        format!(
                            "{} {} {}",
                            metric_name(lang, *metric),
                            f.plain(*claimed),
                            f.ci(*ci)
                        )
                    })
                    .collect();
                let list = list.join("; ");
                match lang {
                    Lang::En => format!(
                        "The vendor's claims are not testable at this n (claim, local interval): {list}. Each interval is wider than the claim minus {m}, so these data cannot tell a claim from a model {m} worse."
                    ),
                    Lang::Nb => format!(
                        "Leverandørens påstander kan ikke testes med dette antallet (påstand, lokalt intervall): {list}. Hvert intervall er videre enn påstanden minus {m}, så dataene kan ikke skille en påstand fra en modell som er {m} dårligere."
                    ),
                }
            }
            Flag::SignatureUnverified(s) => signature_text(lang, s),
            Flag::OutsideIntendedUse { n, aspects } => {
                let parts: Vec<String> = aspects
                    .iter()
                    .map(|(a, o)| {
                        let values: Vec<String> = o
                            .values
                            .iter()
                            .take(3)
                            .map(|(v, k)| format!("{v}: {k}"))
                            .collect();
                        let more = if o.values.len() > 3 { ", …" } else { "" };
                        format!(
                            "{}: {} {} {} ({}{more})",
                            aspect_name(lang, *a),
                            o.outside,
                            pick(lang, "of", "av"),
                            o.known,
                            values.join(", ")
                        )
                    })
                    .collect();
                let total = aspects.iter().map(|(_, o)| o.outside).max().unwrap_or(0);
                match lang {
                    Lang::En => format!(
                        "At least {total} of {n} cases lie outside the vendor's intended use or reported population: {}.",
                        parts.join("; ")
                    ),
                    Lang::Nb => format!(
                        "Minst {total} av {n} kasus ligger utenfor leverandørens tiltenkte bruk eller oppgitte populasjon: {}.",
                        parts.join("; ")
                    ),
                }
            }
            Flag::PostHoc(p) => {
                let changed: Vec<&str> = p.changed.iter().map(|c| changed_word(lang, *c)).collect();
                let changed = if changed.is_empty() {
                    pick(lang, "the plan", "planen").to_string()
                } else {
                    let and = pick(lang, " and ", " og ");
                    match changed.split_last() {
                        Some((last, [])) => last.to_string(),
                        Some((last, rest)) => format!("{}{and}{last}", rest.join(", ")),
                        None => String::new(),
                    }
                };
                match lang {
                    Lang::En => format!(
                        "Attempt {} on this model and cohort, and {changed} changed after an earlier run, so the criteria may have been chosen knowing results.",
                        p.attempt
                    ),
                    Lang::Nb => format!(
                        "Forsøk {} med denne modellen og kohorten, og {changed} ble endret etter en tidligere kjøring, så kriteriene kan være valgt med kjennskap til resultatene.",
                        p.attempt
                    ),
                }
            }
            Flag::ClusteredWithoutKey(r) => match lang {
                Lang::En => format!(
                    "{} units come from {} patients, and the plan names no patient key ([cohort] patient): every interval treats a patient's units as independent, so the intervals are too narrow.",
                    r.units, r.patients
                ),
                Lang::Nb => format!(
                    "{} enheter kommer fra {} pasienter, og planen angir ingen pasientnøkkel ([cohort] patient): alle intervaller behandler en pasients enheter som uavhengige, så intervallene er for smale.",
                    r.units, r.patients
                ),
            },
            Flag::ModelExclusions(m) => match lang {
                Lang::En => format!(
                    "The model left {} of the {} units it was given ({}) without a usable score (output not a finite number, inference failed or ran past the time limit, or an input it cannot take), more than the plan's limit of {} ([analysis] max_model_exclusions). The figures describe only the cases it could score, so the verdict is INCONCLUSIVE whatever the criteria say.",
                    m.excluded,
                    m.units,
                    f.pct(m.share),
                    f.pct(m.limit)
                ),
                Lang::Nb => format!(
                    "Modellen ga ikke brukbar skår for {} av de {} enhetene den fikk ({}) (utdata som ikke er et endelig tall, inferens som feilet eller gikk over tidsgrensen, eller inndata den ikke kan ta), mer enn planens grense på {} ([analysis] max_model_exclusions). Tallene beskriver bare kasusene den kunne skåre, så resultatet er UAVKLART uansett hva kriteriene sier.",
                    m.excluded,
                    m.units,
                    f.pct(m.share),
                    f.pct(m.limit)
                ),
            },
        }
    }
}

/// A flag as report.json holds it (its JSON Schema). Reading a report rebuilds the flags from
/// its figures (`flags::refresh`) rather than from this text.
#[derive(schemars::JsonSchema)]
#[allow(dead_code)]
struct Written {
    /// The stable id (`Flag::id`).
    id: String,
    /// The flag in a sentence, in English.
    text: String,
}

impl schemars::JsonSchema for Flag {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Flag".into()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        Written::json_schema(g)
    }
}

/// report.json: `{ "id": …, "text": … }`, the text in English.
impl Serialize for Flag {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Flag", 2)?;
        st.serialize_field("id", self.id())?;
        st.serialize_field("text", &self.text(Lang::En))?;
        st.end()
    }
}

fn pick(lang: Lang, en: &'static str, nb: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Nb => nb,
    }
}

fn metric_name(lang: Lang, m: Metric) -> &'static str {
    match m {
        Metric::Sensitivity => pick(lang, "sensitivity", "sensitivitet"),
        Metric::Specificity => pick(lang, "specificity", "spesifisitet"),
        Metric::Ppv => "PPV",
        Metric::Npv => "NPV",
        Metric::Accuracy => pick(lang, "accuracy", "treffsikkerhet"),
        Metric::Auc => "ROC AUC",
        Metric::Brier => pick(lang, "Brier score", "Brier-skår"),
        Metric::CalibrationSlope => pick(lang, "calibration slope", "kalibreringsstigning"),
        Metric::CalibrationInTheLarge => {
            pick(lang, "calibration-in-the-large", "kalibrering i det store")
        }
    }
}

fn aspect_name(lang: Lang, a: Aspect) -> &'static str {
    match a {
        Aspect::Age => pick(lang, "age", "alder"),
        Aspect::Modality => pick(lang, "modality", "modalitet"),
        Aspect::BodyPart => pick(lang, "body part", "kroppsdel"),
        Aspect::View => pick(lang, "view", "projeksjon"),
        Aspect::Manufacturer => pick(
            lang,
            "manufacturer not reported by the vendor",
            "produsent leverandøren ikke oppgir",
        ),
    }
}

/// The pre-specification's names of what changed, in the report's language.
fn changed_word(lang: Lang, c: PlanPart) -> &'static str {
    match c {
        PlanPart::Threshold => pick(lang, "the threshold", "terskelen"),
        PlanPart::Criteria => pick(lang, "the criteria", "kriteriene"),
        PlanPart::Analysis => pick(lang, "the analysis", "analysen"),
        PlanPart::Cohort => pick(lang, "the cohort selection", "kohortutvalget"),
        PlanPart::Model => pick(lang, "how the model is read", "hvordan modellen leses"),
        PlanPart::Preprocess => pick(lang, "the preprocessing", "forbehandlingen"),
        PlanPart::Compare => pick(lang, "the comparisons", "sammenligningene"),
    }
}

fn signature_text(lang: Lang, s: &Signature) -> String {
    match (lang, s) {
        (Lang::En, Signature::Unsigned) => "The vendor manifest is not signed: nothing shows that the claims, threshold and preprocessing it filled in are the vendor's, unchanged.".into(),
        (Lang::Nb, Signature::Unsigned) => "Leverandørmanifestet er ikke signert: ingenting viser at påstandene, terskelen og forbehandlingen det fylte inn er leverandørens og uendret.".into(),
        (Lang::En, Signature::NotVerified { pinned_keys: 0 }) => "The vendor manifest is signed, but no vendor key is pinned here, so its signature is not verified (`provestein vendor trust KEYFILE`).".into(),
        (Lang::Nb, Signature::NotVerified { pinned_keys: 0 }) => "Leverandørmanifestet er signert, men ingen leverandørnøkkel er festet her, så signaturen er ikke kontrollert (`provestein vendor trust KEYFILE`).".into(),
        (Lang::En, Signature::NotVerified { pinned_keys }) => format!("The vendor manifest's signature does NOT verify with any of the {pinned_keys} pinned vendor keys: it was changed after signing, or signed with another key."),
        (Lang::Nb, Signature::NotVerified { pinned_keys }) => format!("Signaturen på leverandørmanifestet stemmer IKKE med noen av de {pinned_keys} festede leverandørnøklene: det er endret etter signering, eller signert med en annen nøkkel."),
        (Lang::En, Signature::Malformed { message }) => format!("The vendor manifest's signature file cannot be read, so it is not verified: {message}"),
        (Lang::Nb, Signature::Malformed { message }) => format!("Signaturfilen til leverandørmanifestet kan ikke leses, så den er ikke kontrollert: {message}"),
        (_, Signature::Verified { .. }) => String::new(),
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
