//! The report's subsection "What the model relies on", at the end of Diagnostic accuracy: the
//! permutation importance of a feature model's inputs (`explain::tabular`) and, for the cases
//! Appendix A lists, the inputs whose setting to the cohort median moves the score the most.

use super::{Builder, Fmt};
use crate::explain::tabular::{CaseScope, Importance};
use crate::report::doc::{Align, Row, RowStyle, Table};

/// Inputs in the importance table; per case in the review table.
const TOP_FEATURES: usize = 10;
const TOP_PER_CASE: usize = 3;
/// Appendix A's own cap per kind of error.
const APPENDIX_MAX: usize = 40;

impl Builder<'_> {
    pub(super) fn importance(&mut self) {
        let Some(imp) = &self.eval.binary().importance else {
            return;
        };
        let f = Fmt(self.lang);
        self.h2(
            self.tr("What the model relies on", "Hva modellen bygger på")
                .into(),
            "importance".into(),
        );
        self.para(self.say(
"Permutation importance: each input's values were shuffled across the {} cases, {} times, and the cases scored again by the same model. The drop in ROC AUC shows how much the model's discrimination on this cohort depends on that input. It is an aid to interpretation, not proof of causation: it says what the model uses, not what causes the condition, and inputs that carry the same information share or hide each other's importance.",
"Permutasjonsviktighet: verdiene til hver inngang ble stokket om mellom de {} kasusene, {} ganger, og kasusene skåret på nytt av den samme modellen. Fallet i ROC AUC viser hvor mye modellens evne til å skille i denne kohorten avhenger av inngangen. Det er et hjelpemiddel til tolkning, ikke bevis for årsakssammenheng: det sier hva modellen bruker, ikke hva som forårsaker tilstanden, og innganger som bærer den samme informasjonen, deler eller skjuler hverandres viktighet.",
&[&imp.n, &imp.permutations],
));
        if imp.subsampled {
            self.note(self.say(
                "Computed on a seeded random subsample of {} of the {} evaluated cases ({} positive), drawn within each class, to bound the time it takes.",
                "Beregnet på et tilfeldig utvalg med frø på {} av de {} vurderte kasusene ({} positive), trukket innen hver klasse, for å begrense tiden det tar.",
                &[&imp.n, &self.eval.binary().cases.len(), &imp.n_positive],
            ));
        }
        let mut t = Table::numeric(
            vec![
                "#".into(),
                self.tr("Model input", "Modellinngang").into(),
                self.tr("Mean drop in AUC", "Gjennomsnittlig fall i AUC")
                    .into(),
                self.say(
                    "{} range over the shuffles",
                    "{}-område over omstokkingene",
                    &[&self.pct_conf()],
                ),
            ],
            vec![0.4, 2.6, 1.4, 2.0],
        );
        t.align[1] = Align::Left;
        for (rank, feature) in imp.features.iter().take(TOP_FEATURES).enumerate() {
            let style = if feature.interval[0] > 0.0 {
                RowStyle::Normal
            } else {
                RowStyle::Muted
            };
            t.rows.push(Row::styled(
                vec![
                    (rank + 1).to_string(),
                    feature.feature.clone(),
                    f.num(feature.mean_drop, 4),
                    interval4(&f, feature.interval),
                ],
                style,
            ));
        }
        let which = if imp.features.len() > TOP_FEATURES {
            self.say(
                "The {} inputs of {} with the largest mean drop; all are in report.json.",
                "De {} inngangene av {} med størst gjennomsnittlig fall; alle står i report.json.",
                &[&TOP_FEATURES, &imp.features.len()],
            )
        } else {
            self.tr(
                "Every input, the largest mean drop first.",
                "Alle inngangene, størst gjennomsnittlig fall først.",
            )
            .into()
        };
        let note = self.say(
"{} AUC on these cases as scored: {}. Drop = that AUC − the AUC after shuffling the input; the range is the percentile range of the {} drops. Grey: the range reaches 0 or below, so on this cohort the model's AUC does not clearly depend on that input alone.",
"{} AUC i disse kasusene som skåret: {}. Fall = denne AUC − AUC etter omstokking av inngangen; området er persentilområdet for de {} fallene. Grått: området når 0 eller lavere, så i denne kohorten avhenger modellens AUC ikke klart av den inngangen alene.",
&[&which, &f.num(imp.auc, 4), &imp.permutations],
);
        t.note = Some(note);
        self.table(t);
        self.review_cases(imp);
    }

    /// Appendix A's cases (false negatives, then false positives, the most confident first, at
    /// most 40 of each, as `appendix` lists them) with their top inputs by median substitution.
    fn review_cases(&mut self, imp: &Importance) {
        let e = self.eval;
        let f = Fmt(self.lang);
        let mut listed: Vec<(usize, &'static str)> = Vec::new();
        for (positive, kind) in [(true, "FN"), (false, "FP")] {
            let errs = super::errors(e, positive);
            listed.extend(errs.iter().take(APPENDIX_MAX).map(|(i, _)| (*i, kind)));
        }
        if listed.is_empty() {
            return;
        }
        self.para(self.say(
"For the cases listed in Appendix A: the {} inputs whose setting to the cohort median changes the score the most. The change is the score with the median − the case's score; a negative change means the case's own value raised its score.",
"For kasusene i vedlegg A: de {} inngangene der det å sette verdien til kohortens median endrer skåren mest. Endringen er skåren med medianen − kasusets skår; en negativ endring betyr at kasusets egen verdi økte skåren.",
&[&TOP_PER_CASE],
));
        let mut t = Table::text(
            vec![
                self.tr("Case id", "Kasus-id").into(),
                self.tr("Error", "Feil").into(),
                self.tr("Score", "Skår").into(),
                self.tr(
                    "Inputs by change at the median",
                    "Innganger etter endring ved medianen",
                )
                .into(),
            ],
            vec![1.6, 0.6, 0.8, 4.4],
        );
        t.align[2] = Align::Right;
        for (i, kind) in listed {
            let c = &e.binary().cases[i];
            let top = match imp.case(i) {
                Some(x) if !x.top.is_empty() => x
                    .top
                    .iter()
                    .take(TOP_PER_CASE)
                    .map(|t| format!("{} ({})", t.feature, signed(&f, t.change)))
                    .collect::<Vec<_>>()
                    .join("; "),
                Some(_) => self
                    .tr("no input changes the score", "ingen inngang endrer skåren")
                    .into(),
                None => "–".into(),
            };
            t.rows.push(Row::new(vec![
                c.id.clone(),
                kind.into(),
                f.num(c.score, 4),
                top,
            ]));
        }
        if imp.case_scope == CaseScope::Errors {
            t.note = Some(
                self.tr(
                    "For this large cohort only the errors were explained, the most confident first; a case marked – was beyond that budget.",
                    "I denne store kohorten ble bare feilene forklart, de sikreste først; et kasus merket – lå utenfor dette budsjettet.",
                )
                .into(),
            );
        }
        self.table(t);
    }
}

/// An interval with four decimals: [0.0041, 0.0069] / [0,0041; 0,0069].
fn interval4(f: &Fmt, [lo, hi]: [f64; 2]) -> String {
    if !(lo.is_finite() && hi.is_finite()) {
        return "–".into();
    }
    let sep = match f.0 {
        crate::i18n::Lang::En => ", ",
        crate::i18n::Lang::Nb => "; ",
    };
    format!("[{}{sep}{}]", f.num(lo, 4), f.num(hi, 4))
}

/// A change with its sign: +0.012 / −0.390.
fn signed(f: &Fmt, x: f64) -> String {
    if x > 0.0 {
        format!("+{}", f.num(x, 3))
    } else {
        f.num(x, 3)
    }
}
