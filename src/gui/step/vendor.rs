//! The Results step's "Vendor package" tab: the manifest's signature and identity, what it
//! filled and what the plan overrode, the fidelity self-test and the cohort against the
//! vendor's intended use and population, as the report gives them.

use eframe::egui;
use provestein::Evaluation;
use provestein::model::manifest::Outside;

use crate::gui::i18n::{Lang, Numbers, t, tr};

pub fn vendor_tab(ui: &mut egui::Ui, lang: Lang, eval: &Evaluation) {
    let Some(m) = &eval.manifest else {
        ui.label(t::VENDOR_NO_MANIFEST.get(lang));
        return;
    };
    let id = &m.used.model;
    ui.strong(format!("{} {} ({})", id.name, id.version, id.vendor));
    let sig = m.used.signature.describe();
    if m.used.signature.is_verified() {
        ui.label(format!("{}: {sig}", t::VENDOR_SIGNATURE.get(lang)));
    } else {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!("{}: {sig}", t::VENDOR_SIGNATURE.get(lang)),
        );
    }
    ui.weak(format!("{}  SHA-256 {}", m.used.path, m.used.sha256));
    if !m.used.filled.is_empty() {
        ui.label(tr!(lang, "vendor-filled", keys = m.used.filled.join(", ")));
    }
    for o in &m.used.overrides {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            tr!(
                lang,
                "vendor-override",
                key = o.key.to_string(),
                plan = o.plan.to_string(),
                manifest = o.manifest.to_string()
            ),
        );
    }
    ui.separator();
    match &m.fidelity {
        Some(f) => {
            ui.strong(f.summary());
            egui::Grid::new("fidelity")
                .num_columns(5)
                .striped(true)
                .show(ui, |ui| {
                    for h in [
                        t::VENDOR_VECTOR,
                        t::VENDOR_EXPECTED,
                        t::VENDOR_ACTUAL,
                        t::VENDOR_TOLERANCE,
                        t::VENDOR_RESULT,
                    ] {
                        ui.strong(h.get(lang));
                    }
                    ui.end_row();
                    for v in &f.vectors {
                        ui.label(format!("{} ({})", v.input, v.kind));
                        ui.label(Numbers(lang).num(v.expected, 6));
                        ui.label(v.actual.map_or_else(
                            || v.error.clone().unwrap_or_default(),
                            |a| Numbers(lang).num(a, 6),
                        ));
                        ui.label(format!("{}", v.tolerance));
                        // egui's bundled font has no check marks: words.
                        ui.label(if v.ok {
                            t::VENDOR_OK.get(lang)
                        } else {
                            t::VENDOR_NOT_OK.get(lang)
                        });
                        ui.end_row();
                    }
                });
        }
        None => {
            ui.label(t::VENDOR_NO_VECTORS.get(lang));
        }
    }
    ui.separator();
    ui.strong(t::VENDOR_REPRESENTATIVE.get(lang));
    let r = &m.representativeness;
    let p = &id.population;
    let row = |ui: &mut egui::Ui, what: String, o: &Option<Outside>| {
        let Some(o) = o else { return };
        let values: Vec<String> = o.values.iter().map(|(v, n)| format!("{v} ({n})")).collect();
        let text = tr!(
            lang,
            "vendor-outside",
            attribute = what,
            outside = o.outside,
            cases = o.known,
            values = (if values.is_empty() {
                "–".into()
            } else {
                values.join(", ")
            })
            .to_string()
        );
        if o.outside > 0 {
            ui.colored_label(ui.visuals().warn_fg_color, text);
        } else {
            ui.label(text);
        }
    };
    if let Some([lo, hi]) = p.age_years {
        row(ui, format!("{lo}–{hi} y"), &r.age_outside);
    }
    row(ui, p.modalities.join(", "), &r.modality_outside);
    row(ui, p.body_parts.join(", "), &r.body_part_outside);
    row(ui, p.views.join(", "), &r.view_outside);
    row(ui, p.manufacturers.join(", "), &r.unreported_manufacturers);
    for s in &r.sex {
        ui.label(tr!(
            lang,
            "vendor-sex",
            sex = s.value.to_string(),
            here = Numbers(lang).pct(s.local),
            vendor = (s.vendor.map_or("–".into(), |v| Numbers(lang).pct(v)))
        ));
    }
}
