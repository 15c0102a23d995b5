//! The report's list of the occlusion maps `batch --explain` wrote beside it (in Appendix A,
//! after the cases for review). The maps themselves are PNG files; the report names them.

use super::{Builder, Fmt};
use crate::explain::occlusion::ExplainOutcome;
use crate::i18n::Lang;
use crate::plan::OcclusionBaseline;
use crate::{text, words};
use provestein_report::doc::{Align, Row, Table};

impl Builder<'_> {
    pub(super) fn occlusion_maps(&mut self) {
        let maps = &self.eval.occlusion_maps;
        let failures = &self.eval.occlusion_failures;
        if maps.is_empty() && failures.is_empty() {
            return;
        }
        let lang = self.lang;
        let f = Fmt(lang);
        let spec = &self.eval.plan.explain;
        self.h2(
            text!(self.lang, "occlusion-maps-explanations").into(),
            "explanations".into(),
        );
        if !failures.is_empty() {
            // The reasons are the engine's warnings as the run gave them (English).
            self.note(words!(
                self.lang,
                "occlusion-maps-failed",
                failures = failures.len(),
                reasons = failures.join("; ")
            ));
        }
        if maps.is_empty() {
            return;
        }
        let baseline = match spec.baseline {
            OcclusionBaseline::Mean => {
                text!(self.lang, "occlusion-maps-the-image-s-mean")
            }
            OcclusionBaseline::Blur => {
                text!(self.lang, "occlusion-maps-a-blurred-copy-of")
            }
        };
        self.para(words!(
            self.lang,
            "occlusion-maps-intro",
            maps = maps.len(),
            patch = spec.patch.to_string(),
            stride = spec.stride.to_string(),
            baseline = baseline.to_string()
        ));
        let mut t = Table::text(
            vec![
                text!(self.lang, "appendix-case-id").into(),
                text!(self.lang, "occlusion-maps-outcome").into(),
                text!(self.lang, "appendix-score").into(),
                text!(self.lang, "occlusion-maps-file-in-explain").into(),
            ],
            vec![2.5, 1.2, 0.7, 3.6],
        );
        t.align[2] = Align::Right;
        for m in maps {
            t.rows.push(Row::new(vec![
                m.id.clone(),
                outcome_name(lang, m.outcome).into(),
                f.num(m.score, 4),
                m.file.trim_start_matches("explain/").to_string(),
            ]));
        }
        self.table(t);
    }
}

fn outcome_name(lang: Lang, o: ExplainOutcome) -> &'static str {
    match o {
        ExplainOutcome::Tp => text!(lang, "outcome-true-positive"),
        ExplainOutcome::Fp => text!(lang, "outcome-false-positive"),
        ExplainOutcome::Fn => text!(lang, "outcome-false-negative"),
        ExplainOutcome::Tn => text!(lang, "outcome-true-negative"),
    }
}
