//! The report's list of the occlusion maps `batch --explain` wrote beside it (in Appendix A,
//! after the cases for review). The maps themselves are PNG files; the report names them.

use super::{Builder, Fmt};
use crate::explain::occlusion::ExplainOutcome;
use crate::i18n::Lang;
use crate::plan::OcclusionBaseline;
use crate::report::doc::{Align, Row, Table};

impl Builder<'_> {
    pub(super) fn occlusion_maps(&mut self) {
        let maps = &self.eval.occlusion_maps;
        if maps.is_empty() {
            return;
        }
        let lang = self.lang;
        let f = Fmt(lang);
        let spec = &self.eval.plan.explain;
        self.h2(
            self.tr("Explanations", "Forklaringer").into(),
            "explanations".into(),
        );
        let baseline = match spec.baseline {
            OcclusionBaseline::Mean => self.tr("the image's mean", "bildets middelverdi"),
            OcclusionBaseline::Blur => {
                self.tr("a blurred copy of the image", "en uskarp kopi av bildet")
            }
        };
        self.para(self.say(
            "Occlusion maps of {} cases, in the folder explain/ beside this report: a {}×{} pixel patch moved in steps of {} over the model's input and replaced by {}; the colour shows how much the score falls where the patch covers; explain/index.csv also gives each map's largest drop. A series or study is shown by its first image. Occlusion maps are an aid to interpretation, not proof of reasoning.",
            "Okklusjonskart for {} kasus, i mappen explain/ ved siden av denne rapporten: en lapp på {}×{} piksler flyttet i steg på {} over modellens input og erstattet med {}; fargen viser hvor mye skåren faller der lappen dekker; explain/index.csv gir også hvert karts største fall. En serie eller studie vises med sitt første bilde. Okklusjonskart er et hjelpemiddel til tolkning, ikke bevis for modellens resonnement.",
            &[&maps.len(), &spec.patch, &spec.patch, &spec.stride, &baseline],
        ));
        let mut t = Table::text(
            vec![
                self.tr("Case id", "Kasus-id").into(),
                self.tr("Outcome", "Utfall").into(),
                self.tr("Score", "Skår").into(),
                self.tr("File in explain/", "Fil i explain/").into(),
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
    match (o, lang) {
        (ExplainOutcome::Tp, Lang::En) => "true positive",
        (ExplainOutcome::Fp, Lang::En) => "false positive",
        (ExplainOutcome::Fn, Lang::En) => "false negative",
        (ExplainOutcome::Tn, Lang::En) => "true negative",
        (ExplainOutcome::Tp, Lang::Nb) => "sant positiv",
        (ExplainOutcome::Fp, Lang::Nb) => "falskt positiv",
        (ExplainOutcome::Fn, Lang::Nb) => "falskt negativ",
        (ExplainOutcome::Tn, Lang::Nb) => "sant negativ",
    }
}
