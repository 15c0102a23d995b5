//! The report's section on the vendor's validation package: who signed it, what it filled
//! in, what the plan overrode, whether the local pipeline reproduced the vendor's outputs,
//! and how this cohort stands to the intended use and the population the vendor reports.

use super::{Builder, Fmt};
use crate::i18n::Lang;
use crate::model::manifest::{ManifestReport, Outside};
use crate::report::doc::{Block, Row, RowStyle, Table, TextStyle};

impl Builder<'_> {
    pub(super) fn vendor_package(&mut self) {
        let Some(m) = &self.eval.manifest else {
            return;
        };
        let lang = self.lang;
        let f = Fmt(lang);
        self.h1(
            "vendor",
            "The vendor's validation package",
            "Leverandørens valideringspakke",
        );
        let id = &m.used.model;
        let none = || self.tr("not given", "ikke oppgitt").to_string();
        let kv = vec![
            (
                self.tr("Manifest", "Manifest").into(),
                format!("{}\nSHA-256 {}", m.used.path, m.used.sha256),
            ),
            (
                self.tr("Signature", "Signatur").into(),
                signature_text(lang, &m.used.signature),
            ),
            (
                self.tr("Product", "Produkt").into(),
                format!("{} {} ({})", id.name, id.version, id.vendor),
            ),
            (
                self.tr("CE class, certificate", "CE-klasse, sertifikat")
                    .into(),
                format!(
                    "{}; {}",
                    id.ce_class.clone().unwrap_or_else(none),
                    id.certificate.clone().unwrap_or_else(none)
                ),
            ),
            (
                self.tr("Taken from the manifest", "Hentet fra manifestet")
                    .into(),
                if m.used.filled.is_empty() {
                    "–".into()
                } else {
                    m.used.filled.join(", ")
                },
            ),
        ];
        self.blocks.push(Block::KeyValues(kv));
        if !m.used.signature.is_verified() {
            self.blocks.push(Block::Paragraph {
                text: signature_text(lang, &m.used.signature),
                style: TextStyle::Bold,
            });
        }
        if !m.used.overrides.is_empty() {
            self.para(self.tr(
                "The plan sets these differently from the manifest; the plan's value was used:",
                "Planen setter disse annerledes enn manifestet; planens verdi ble brukt:",
            ));
            let mut t = Table::text(
                vec![
                    self.tr("Key", "Nøkkel").into(),
                    self.tr("Plan (used)", "Plan (brukt)").into(),
                    self.tr("Manifest", "Manifest").into(),
                ],
                vec![1.3, 2.5, 2.5],
            );
            for o in &m.used.overrides {
                t.rows.push(Row::styled(
                    vec![o.key.clone(), o.plan.clone(), o.manifest.clone()],
                    RowStyle::Flag,
                ));
            }
            self.table(t);
        }
        self.fidelity(m, &f);
        self.representativeness(m, &f);
    }

    fn fidelity(&mut self, m: &ManifestReport, f: &Fmt) {
        self.h2(
            self.tr("Fidelity self-test", "Kontroll av gjengivelse")
                .into(),
            "fidelity".into(),
        );
        let Some(fi) = &m.fidelity else {
            self.para(self.tr(
                "Not run: the manifest has no test vectors.",
                "Ikke kjørt: manifestet har ingen testvektorer.",
            ));
            return;
        };
        self.para(self.say(
            "Before any case was scored, the vendor's test vectors went through the same pipeline as the cohort: {} of {} outputs were reproduced within tolerance. {}",
            "Før noe kasus ble skåret, gikk leverandørens testvektorer gjennom den samme kjeden som kohorten: {} av {} utdata ble gjengitt innenfor toleransen. {}",
            &[
                &fi.passed,
                &fi.total,
                &match fi.model_sha256_matches {
                    Some(true) => self.tr(
                        "The model file's SHA-256 is the one the manifest names.",
                        "Modellfilens SHA-256 er den manifestet oppgir.",
                    ),
                    Some(false) => self.tr(
                        "The model file's SHA-256 differs from the manifest's.",
                        "Modellfilens SHA-256 avviker fra manifestets.",
                    ),
                    None => self.tr(
                        "The manifest gives no SHA-256 of the model file.",
                        "Manifestet oppgir ingen SHA-256 for modellfilen.",
                    ),
                },
            ],
        ));
        let mut t = Table::numeric(
            vec![
                self.tr("Test vector", "Testvektor").into(),
                self.tr("Through", "Gjennom").into(),
                self.tr("Vendor's output", "Leverandørens utdata").into(),
                self.tr("Local output", "Lokalt utdata").into(),
                self.tr("Difference", "Forskjell").into(),
                self.tr("Result", "Resultat").into(),
            ],
            vec![2.0, 1.3, 1.2, 1.2, 1.0, 0.9],
        );
        t.align[1] = crate::report::doc::Align::Left;
        for v in &fi.vectors {
            let (actual, diff) = match v.actual {
                Some(a) => (f.num(a, 6), format!("{:.1e}", (a - v.expected).abs())),
                None => (v.error.clone().unwrap_or_else(|| "–".into()), "–".into()),
            };
            t.rows.push(Row::styled(
                vec![
                    v.input.clone(),
                    v.kind.clone(),
                    f.num(v.expected, 6),
                    actual,
                    diff,
                    if v.ok {
                        self.tr("reproduced", "gjengitt")
                    } else {
                        self.tr("NOT reproduced", "IKKE gjengitt")
                    }
                    .into(),
                ],
                if v.ok {
                    RowStyle::Normal
                } else {
                    RowStyle::Flag
                },
            ));
        }
        t.note = Some(self.tr(
            "A DICOM vector is decoded and preprocessed exactly as the cohort's images are; a .npy tensor is fed to the model as it is (it tests the model and runtime, not the pipeline).",
            "En DICOM-vektor dekodes og forbehandles nøyaktig som kohortens bilder; en .npy-tensor mates rett inn i modellen (den tester modellen og kjøremiljøet, ikke kjeden).",
        ).into());
        self.table(t);
    }

    fn representativeness(&mut self, m: &ManifestReport, f: &Fmt) {
        let r = &m.representativeness;
        let p = &m.used.model.population;
        self.h2(
            self.tr(
                "Intended use and representativeness",
                "Tiltenkt bruk og representativitet",
            )
            .into(),
            "representativeness".into(),
        );
        let mut t = Table::numeric(
            vec![
                self.tr("The vendor names", "Leverandøren oppgir").into(),
                self.tr("Cases known", "Kasus kjent").into(),
                self.tr("Outside", "Utenfor").into(),
                self.tr("Values outside (cases)", "Verdier utenfor (kasus)")
                    .into(),
            ],
            vec![2.3, 0.9, 0.8, 2.6],
        );
        t.align[3] = crate::report::doc::Align::Left;
        let rows: [(String, &Option<Outside>); 5] = [
            (
                match p.age_years {
                    Some([lo, hi]) => self.say(
                        "age {}–{} years",
                        "alder {}–{} år",
                        &[&f.plain(lo), &f.plain(hi)],
                    ),
                    None => self.tr("age", "alder").into(),
                },
                &r.age_outside,
            ),
            (
                self.say("modality: {}", "modalitet: {}", &[&p.modalities.join(", ")]),
                &r.modality_outside,
            ),
            (
                self.say(
                    "body part: {}",
                    "kroppsdel: {}",
                    &[&p.body_parts.join(", ")],
                ),
                &r.body_part_outside,
            ),
            (
                self.say("view: {}", "projeksjon: {}", &[&p.views.join(", ")]),
                &r.view_outside,
            ),
            (
                self.say(
                    "manufacturers: {}",
                    "produsenter: {}",
                    &[&p.manufacturers.join(", ")],
                ),
                &r.unreported_manufacturers,
            ),
        ];
        for (what, o) in rows {
            let Some(o) = o else { continue };
            let values: Vec<String> = o.values.iter().map(|(v, n)| format!("{v} ({n})")).collect();
            t.rows.push(Row::styled(
                vec![
                    what,
                    o.known.to_string(),
                    o.outside.to_string(),
                    if values.is_empty() {
                        "–".into()
                    } else {
                        values.join(", ")
                    },
                ],
                if o.outside > 0 {
                    RowStyle::Flag
                } else {
                    RowStyle::Normal
                },
            ));
        }
        if t.rows.is_empty() {
            self.para(self.tr(
                "The manifest names no age range, modality, body part, view or manufacturer to compare the cohort with.",
                "Manifestet oppgir ingen aldersgrense, modalitet, kroppsdel, projeksjon eller produsent å sammenligne kohorten med.",
            ));
        } else {
            t.note = Some(self.tr(
                "Cases outside what the vendor reports are analysed with the rest: a high share means the vendor's evidence may not carry over to this population.",
                "Kasus utenfor det leverandøren oppgir, analyseres sammen med resten: en høy andel betyr at leverandørens dokumentasjon kanskje ikke gjelder for denne populasjonen.",
            ).into());
            self.table(t);
        }
        if !r.sex.is_empty() {
            let mut t = Table::numeric(
                vec![
                    self.tr("Sex", "Kjønn").into(),
                    "n".into(),
                    self.tr("Here", "Her").into(),
                    self.tr("Vendor's population", "Leverandørens populasjon")
                        .into(),
                ],
                vec![1.0, 0.8, 1.0, 1.6],
            );
            for s in &r.sex {
                t.rows.push(Row::new(vec![
                    s.value.clone(),
                    s.n.to_string(),
                    f.pct(s.local),
                    s.vendor.map_or("–".into(), |v| f.pct(v)),
                ]));
            }
            self.table(t);
        }
    }
}

/// The signature's status in the report's language.
pub(super) fn signature_text(lang: Lang, s: &crate::model::signature::Status) -> String {
    use crate::model::signature::Status;
    match (lang, s) {
        (Lang::En, _) => s.describe(),
        (Lang::Nb, Status::Verified { key }) => {
            format!("signert, og signaturen stemmer med den festede leverandørnøkkelen «{key}»")
        }
        (Lang::Nb, Status::Unsigned) => "ikke signert: ingenting viser at manifestet er leverandørens og uendret".into(),
        (Lang::Nb, Status::NotVerified { pinned_keys: 0 }) => "signert, men ingen leverandørnøkkel er festet her, så signaturen kan ikke kontrolleres: fest leverandørens offentlige nøkkel med `provestein vendor trust KEYFILE`".into(),
        (Lang::Nb, Status::NotVerified { pinned_keys }) => format!("signert, men signaturen stemmer IKKE med noen av de {pinned_keys} festede leverandørnøklene: manifestet er endret etter signering, eller signert med en annen nøkkel"),
        (Lang::Nb, Status::Malformed { message }) => format!("signaturfilen kan ikke leses: {message}"),
    }
}
