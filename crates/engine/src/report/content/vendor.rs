//! The report's section on the vendor's validation package: who signed it, what it filled
//! in, what the plan overrode, whether the local pipeline reproduced the vendor's outputs,
//! and how this cohort stands to the intended use and the population the vendor reports.

use super::{Builder, Fmt};
use crate::i18n::Lang;
use crate::model::manifest::{ManifestReport, Outside};
use crate::{text, words};
use provestein_report::doc::{Block, Row, RowStyle, Table, TextStyle};

impl Builder<'_> {
    pub(super) fn vendor_package(&mut self) {
        let Some(m) = &self.eval.manifest else {
            return;
        };
        let lang = self.lang;
        let f = Fmt(lang);
        self.h1("vendor", text!(lang, "section-vendor"));
        let id = &m.used.model;
        let none = || text!(self.lang, "vendor-package-not-given").to_string();
        let kv = vec![
            (
                text!(self.lang, "vendor-package-manifest").into(),
                format!("{}\nSHA-256 {}", m.used.path, m.used.sha256),
            ),
            (
                text!(self.lang, "sign-off-signature").into(),
                signature_text(lang, &m.used.signature),
            ),
            (
                text!(self.lang, "identity-product").into(),
                format!("{} {} ({})", id.name, id.version, id.vendor),
            ),
            (
                text!(self.lang, "vendor-package-ce-class-certificate").into(),
                format!(
                    "{}; {}",
                    id.ce_class.clone().unwrap_or_else(none),
                    id.certificate.clone().unwrap_or_else(none)
                ),
            ),
            (
                text!(self.lang, "vendor-package-taken-from-the-manifest").into(),
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
            self.para(text!(self.lang, "vendor-package-the-plan-sets-these"));
            let mut t = Table::text(
                vec![
                    text!(self.lang, "vendor-package-key").into(),
                    text!(self.lang, "vendor-package-plan-used").into(),
                    text!(self.lang, "vendor-package-manifest").into(),
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
            text!(self.lang, "vendor-fidelity-fidelity-self-test").into(),
            "fidelity".into(),
        );
        let Some(fi) = &m.fidelity else {
            self.para(text!(self.lang, "vendor-fidelity-not-run-the-manifest"));
            return;
        };
        self.para(words!(
            self.lang,
            "vendor-fidelity-result",
            passed = fi.passed.to_string(),
            total = fi.total,
            gives_no = (match fi.model_sha256_matches {
                Some(true) => text!(self.lang, "vendor-fidelity-the-model-file-s"),
                Some(false) => text!(self.lang, "vendor-fidelity-the-model-file-s-2"),
                None => text!(self.lang, "vendor-fidelity-the-manifest-gives-no"),
            })
            .to_string()
        ));
        let mut t = Table::numeric(
            vec![
                text!(self.lang, "vendor-fidelity-test-vector").into(),
                text!(self.lang, "vendor-fidelity-through").into(),
                text!(self.lang, "vendor-fidelity-vendor-s-output").into(),
                text!(self.lang, "vendor-fidelity-local-output").into(),
                text!(self.lang, "comparisons-difference").into(),
                text!(self.lang, "summary-result").into(),
            ],
            vec![2.0, 1.3, 1.2, 1.2, 1.0, 0.9],
        );
        t.align[1] = provestein_report::doc::Align::Left;
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
                        text!(self.lang, "vendor-fidelity-reproduced")
                    } else {
                        text!(self.lang, "vendor-fidelity-not-reproduced")
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
        t.note = Some(text!(self.lang, "vendor-fidelity-a-dicom-vector-is").into());
        self.table(t);
    }

    fn representativeness(&mut self, m: &ManifestReport, f: &Fmt) {
        let r = &m.representativeness;
        let p = &m.used.model.population;
        self.h2(
            text!(
                self.lang,
                "vendor-representativeness-intended-use-and-representativeness"
            )
            .into(),
            "representativeness".into(),
        );
        let mut t = Table::numeric(
            vec![
                text!(self.lang, "vendor-representativeness-the-vendor-names").into(),
                text!(self.lang, "vendor-representativeness-cases-known").into(),
                text!(self.lang, "vendor-representativeness-outside").into(),
                text!(self.lang, "vendor-representativeness-values-outside-cases").into(),
            ],
            vec![2.3, 0.9, 0.8, 2.6],
        );
        t.align[3] = provestein_report::doc::Align::Left;
        let rows: [(String, &Option<Outside>); 5] = [
            (
                match p.age_years {
                    Some([lo, hi]) => words!(
                        self.lang,
                        "vendor-representativeness-age-lo-hi-years",
                        lo = f.plain(lo),
                        hi = f.plain(hi)
                    ),
                    None => text!(self.lang, "vendor-representativeness-age").into(),
                },
                &r.age_outside,
            ),
            (
                words!(
                    self.lang,
                    "vendor-representativeness-modality-modalities-join",
                    modalities = (p.modalities.join(", ")).to_string()
                ),
                &r.modality_outside,
            ),
            (
                words!(
                    self.lang,
                    "vendor-representativeness-body-part-body-parts",
                    body_parts = (p.body_parts.join(", ")).to_string()
                ),
                &r.body_part_outside,
            ),
            (
                words!(
                    self.lang,
                    "vendor-representativeness-view-views-join",
                    views = (p.views.join(", ")).to_string()
                ),
                &r.view_outside,
            ),
            (
                words!(
                    self.lang,
                    "vendor-representativeness-manufacturers-manufacturers-join",
                    manufacturers = (p.manufacturers.join(", ")).to_string()
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
            self.para(text!(
                self.lang,
                "vendor-representativeness-the-manifest-names-no"
            ));
        } else {
            t.note = Some(
                text!(
                    self.lang,
                    "vendor-representativeness-cases-outside-what-the"
                )
                .into(),
            );
            self.table(t);
        }
        if !r.sex.is_empty() {
            let mut t = Table::numeric(
                vec![
                    text!(self.lang, "vendor-representativeness-sex").into(),
                    "n".into(),
                    text!(self.lang, "vendor-representativeness-here").into(),
                    text!(self.lang, "vendor-representativeness-vendor-s-population").into(),
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
    match s {
        Status::Verified { key } => words!(lang, "signature-verified", key = key.as_str()),
        Status::Unsigned => text!(lang, "signature-unsigned").into(),
        Status::NotVerified { pinned_keys } => {
            words!(lang, "signature-not-verified", keys = *pinned_keys)
        }
        Status::Malformed { message } => {
            words!(lang, "signature-malformed", message = message.as_str())
        }
    }
}
