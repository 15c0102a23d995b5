//! The report's subsection "What the model relies on", at the end of Diagnostic accuracy: the
//! permutation importance of a feature model's inputs (`explain::tabular`) and, for the cases
//! Appendix A lists, the inputs whose setting to the cohort median moves the score the most.

use super::{Builder, Fmt};
use crate::evaluation::BinaryEvaluation;
use crate::explain::tabular::{CaseScope, Importance};
use crate::{text, words};
use provestein_report::doc::{Align, Row, RowStyle, Table};

/// Inputs in the importance table; per case in the review table.
const TOP_FEATURES: usize = 10;
const TOP_PER_CASE: usize = 3;

impl Builder<'_> {
    pub(super) fn importance(&mut self, bin: &BinaryEvaluation) {
        let Some(imp) = &bin.importance else {
            return;
        };
        let f = Fmt(self.lang);
        self.h2(
            text!(self.lang, "importance-what-the-model-relies").into(),
            "importance".into(),
        );
        self.para(words!(
            self.lang,
            "importance-permutation-importance-each-input",
            n = imp.n,
            permutations = imp.permutations
        ));
        if imp.subsampled {
            self.note(words!(
                self.lang,
                "importance-computed-on-a-seeded",
                n = imp.n,
                cases = bin.cases.len(),
                n_positive = imp.n_positive
            ));
        }
        let mut t = Table::numeric(
            vec![
                "#".into(),
                text!(self.lang, "importance-model-input").into(),
                text!(self.lang, "importance-mean-drop-in-auc").into(),
                words!(
                    self.lang,
                    "importance-pct-conf-range-over",
                    pct_conf = self.pct_conf()
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
            words!(
                self.lang,
                "importance-the-top-features-inputs",
                top_features = TOP_FEATURES,
                features = imp.features.len()
            )
        } else {
            text!(self.lang, "importance-every-input-the-largest").into()
        };
        let note = words!(
            self.lang,
            "importance-which-auc-on-these",
            which = which.to_string(),
            auc = f.num(imp.auc, 4),
            permutations = imp.permutations
        );
        t.note = Some(note);
        self.table(t);
        self.review_cases(bin, imp);
    }

    /// Appendix A's cases (false negatives, then false positives, the most confident first, at
    /// most 40 of each, as `appendix` lists them) with their top inputs by median substitution.
    fn review_cases(&mut self, bin: &BinaryEvaluation, imp: &Importance) {
        let e = self.eval;
        let f = Fmt(self.lang);
        let mut listed: Vec<(usize, &'static str)> = Vec::new();
        for (positive, kind) in [(true, "FN"), (false, "FP")] {
            let (_, errs) = super::errors(e, positive, super::APPENDIX_ERRORS);
            listed.extend(errs.iter().map(|(i, _)| (*i, kind)));
        }
        if listed.is_empty() {
            return;
        }
        self.para(words!(
            self.lang,
            "importance-review-cases-for-the-cases-listed",
            top_per_case = TOP_PER_CASE
        ));
        let mut t = Table::text(
            vec![
                text!(self.lang, "appendix-case-id").into(),
                text!(self.lang, "importance-review-cases-error").into(),
                text!(self.lang, "appendix-score").into(),
                text!(self.lang, "importance-review-cases-inputs-by-change-at").into(),
            ],
            vec![1.6, 0.6, 0.8, 4.4],
        );
        t.align[2] = Align::Right;
        for (i, kind) in listed {
            let c = &bin.cases[i];
            let top = match imp.case(i) {
                Some(x) if !x.top.is_empty() => x
                    .top
                    .iter()
                    .take(TOP_PER_CASE)
                    .map(|t| format!("{} ({})", t.feature, signed(&f, t.change)))
                    .collect::<Vec<_>>()
                    .join("; "),
                Some(_) => text!(self.lang, "importance-review-cases-no-input-changes-the").into(),
                None => "–".into(),
            };
            t.rows.push(Row::new(vec![
                c.id.to_string(),
                kind.into(),
                f.num(c.score, 4),
                top,
            ]));
        }
        if imp.case_scope == CaseScope::Errors {
            t.note = Some(text!(self.lang, "importance-review-cases-for-this-large-cohort").into());
        }
        self.table(t);
    }
}

/// An interval with four decimals: [0.0041, 0.0069] / [0,0041; 0,0069].
fn interval4(f: &Fmt, [lo, hi]: [f64; 2]) -> String {
    f.interval([lo, hi], 4)
}

/// A change with its sign: +0.012 / −0.390.
fn signed(f: &Fmt, x: f64) -> String {
    if x > 0.0 {
        format!("+{}", f.num(x, 3))
    } else {
        f.num(x, 3)
    }
}
