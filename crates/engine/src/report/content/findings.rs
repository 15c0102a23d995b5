//! The report's sections for a multi-finding product (`TaskEvaluation::Multilabel` and
//! `Multiclass`): the per-finding table and forest plot, macro and micro AUC, and for classes
//! the confusion matrix, per-class one-vs-rest figures, Hand & Till AUC and kappas; and what
//! the shared sections (page 1, cohort, flow, conventions, limitations) say.

use super::Builder;
use crate::acceptance::CriterionResult;
use crate::evaluation::BinaryEvaluation;
use crate::findings::FindingsEvaluation;
use crate::findings::figures::MulticlassFigures;
use crate::metrics::detection::Estimate;
use crate::plan::{Metric, Task};
use crate::{text, words};
use provestein_report::doc::{Block, Row, RowStyle, Table};
use provestein_report::figures::{self, Figure, ForestRow};

/// The patients the units come from, when the plan names a patient key.
pub(super) fn patients(f: &FindingsEvaluation) -> Option<(usize, usize)> {
    let first = f.findings.values().next()?;
    first.overall.n_patients.map(|m| (first.overall.n, m))
}

/// The findings in the plan's order with their figures.
fn ordered(f: &FindingsEvaluation) -> Vec<(&str, &BinaryEvaluation)> {
    f.findings_summary
        .order
        .iter()
        .filter_map(|n| f.findings.get(n).map(|b| (n.as_str(), b)))
        .collect()
}

impl Builder<'_> {
    fn multiclass_task(&self) -> bool {
        self.eval.plan.study.task == Task::Multiclass
    }

    /// "0.871 [0.842, 0.899]", or "–" when not estimable.
    fn estimate(&self, e: &Estimate) -> String {
        if e.estimate.is_finite() {
            self.f.est_ci(e.estimate, [e.ci_low, e.ci_high])
        } else {
            "–".into()
        }
    }

    fn finding_figure(&self, b: &BinaryEvaluation, m: Metric) -> crate::metric::Figure {
        let a = &self.eval.plan.analysis;
        let kind = if m == Metric::Auc {
            a.auc_interval
        } else {
            a.proportion_interval
        };
        crate::metric::info(m).figure(&b.overall, kind)
    }

    fn figure_text(&self, fig: &crate::metric::Figure) -> String {
        if fig.estimate.is_finite() {
            self.f.est_ci(fig.estimate, fig.interval)
        } else {
            "–".into()
        }
    }

    /// A per-finding criterion's subject names its finding: "sensitivity of effusion".
    pub(super) fn finding_subject(&self, c: &CriterionResult, metric: String) -> String {
        match &c.finding {
            Some(f) => words!(
                self.lang,
                "mf-criterion-subject",
                metric = metric,
                finding = f.clone()
            ),
            None => metric,
        }
    }

    /// Whether a criterion names a finding below the guardrail (not judged).
    pub(super) fn finding_insufficient(&self, c: &CriterionResult) -> bool {
        match (&c.finding, self.eval.findings()) {
            (Some(name), Some(f)) => f.findings_summary.insufficient.contains(name),
            _ => false,
        }
    }

    /// " (Holm …)" after a criterion judged in Holm's step-down, whose interval is wider than
    /// the plan's confidence says.
    pub(super) fn holm_suffix(&self, c: &CriterionResult) -> String {
        let holm = self
            .eval
            .findings()
            .is_some_and(|f| f.findings_summary.holm);
        if holm && c.finding.is_some() && c.confidence.is_some() {
            format!(" ({})", text!(self.lang, "mf-criterion-holm"))
        } else {
            String::new()
        }
    }

    pub(super) fn findings_sections(&mut self, f: &FindingsEvaluation) {
        let l = self.lang;
        let sum = &f.findings_summary;
        self.h1("findings", text!(l, "mf-section-findings"));
        self.para(words!(
            l,
            "mf-intro",
            n = sum.order.len(),
            pct_conf = self.pct_conf()
        ));
        let mut t = Table::numeric(
            vec![
                text!(l, "mf-finding").into(),
                text!(l, "mf-positives").into(),
                text!(l, "mf-auc-ci").into(),
                text!(l, "mf-sensitivity-ci").into(),
                text!(l, "mf-specificity-ci").into(),
                text!(l, "mf-verdicts").into(),
            ],
            vec![1.8, 1.3, 2.6, 2.6, 2.6, 1.4],
        );
        let mut forest = Vec::new();
        for (name, b) in ordered(f) {
            let o = &b.overall;
            let insufficient = sum.insufficient.iter().any(|n| n == name);
            let auc = self.finding_figure(b, Metric::Auc);
            let verdicts: Vec<&str> = self
                .eval
                .acceptance
                .criteria
                .iter()
                .filter(|c| c.finding.as_deref() == Some(name))
                .map(|c| super::verdict_word(l, c.verdict))
                .collect();
            let label = if insufficient {
                format!("{name} ({})", text!(l, "mf-insufficient"))
            } else {
                name.to_string()
            };
            t.rows.push(Row::styled(
                vec![
                    format!("{label}, ≥ {}", self.f.plain(o.threshold)),
                    format!("{} / {}", o.n_positive, o.n),
                    self.figure_text(&auc),
                    self.figure_text(&self.finding_figure(b, Metric::Sensitivity)),
                    self.figure_text(&self.finding_figure(b, Metric::Specificity)),
                    if verdicts.is_empty() {
                        "–".into()
                    } else {
                        verdicts.join(", ")
                    },
                ],
                if insufficient {
                    RowStyle::Muted
                } else {
                    RowStyle::Normal
                },
            ));
            forest.push(ForestRow {
                label: format!("{label} (n+ {})", o.n_positive),
                estimate: auc.estimate,
                ci: auc.interval,
                sufficient: !insufficient,
            });
        }
        t.note = Some(words!(
            l,
            "mf-table-note",
            min = self.eval.plan.findings_spec().min_positives
        ));
        self.table(t);
        let fig = figures::forest(
            &[(
                text!(l, "mf-forest-panel").into(),
                sum.macro_auc.estimate,
                forest,
            )],
            text!(l, "mf-forest-caption").into(),
            &|x| self.f.num(x, 1),
        );
        self.blocks.push(Block::Figure(fig));
        self.para(words!(
            l,
            "mf-macro-micro",
            macro_auc = self.estimate(&sum.macro_auc),
            micro_auc = self.estimate(&sum.micro_auc),
            replicates = sum.replicates
        ));
        if !sum.left_out_of_macro.is_empty() || sum.skipped_macro + sum.skipped_micro > 0 {
            self.note(words!(
                l,
                "mf-macro-left-out",
                findings = if sum.left_out_of_macro.is_empty() {
                    "–".to_string()
                } else {
                    sum.left_out_of_macro.join(", ")
                },
                skipped_macro = sum.skipped_macro,
                skipped_micro = sum.skipped_micro
            ));
        }
        if sum.holm {
            self.note(text!(l, "mf-holm-note"));
        }
        if let Some(m) = &f.multiclass {
            self.multiclass_section(f, m);
        }
    }

    fn multiclass_section(&mut self, f: &FindingsEvaluation, m: &MulticlassFigures) {
        let l = self.lang;
        let names = &f.findings_summary.order;
        self.h2(text!(l, "mf-multiclass").into(), "multiclass".into());
        self.para(if m.predicted == "argmax" {
            text!(l, "mf-predicted-argmax").to_string()
        } else {
            words!(l, "mf-predicted-column", column = m.predicted.clone())
        });
        let mut header = vec![text!(l, "mf-truth-predicted").to_string()];
        header.extend(names.iter().cloned());
        header.push(text!(l, "mf-total").into());
        let mut widths = vec![1.6];
        widths.extend(std::iter::repeat_n(1.0, names.len() + 1));
        let mut t = Table::numeric(header, widths);
        for (name, row) in names.iter().zip(&m.confusion) {
            let mut cells = vec![name.clone()];
            cells.extend(row.iter().map(u64::to_string));
            cells.push(row.iter().sum::<u64>().to_string());
            t.rows.push(Row::new(cells));
        }
        t.note = Some(text!(l, "mf-confusion-note").into());
        self.table(t);
        let mut pc = Table::numeric(
            vec![
                text!(l, "mf-class").into(),
                "n".into(),
                text!(l, "mf-sensitivity-ci").into(),
                text!(l, "mf-specificity-ci").into(),
            ],
            vec![1.6, 0.8, 2.2, 2.2],
        );
        for c in &m.per_class {
            pc.rows.push(Row::new(vec![
                c.class.clone(),
                c.n.to_string(),
                self.estimate(&c.sensitivity),
                self.estimate(&c.specificity),
            ]));
        }
        pc.note = Some(text!(l, "mf-per-class-note").into());
        self.table(pc);
        self.para(words!(
            l,
            "mf-agreement",
            hand_till = self.estimate(&m.hand_till_auc),
            kappa = self.estimate(&m.kappa)
        ));
        if let Some(w) = &m.weighted_kappa {
            self.para(words!(l, "mf-weighted-kappa", weighted = self.estimate(w)));
        }
        let sk = &m.skipped;
        if sk.hand_till_auc + sk.kappa + sk.weighted_kappa > 0 {
            self.note(words!(
                l,
                "mf-multiclass-skipped",
                hand_till = sk.hand_till_auc,
                kappa = sk.kappa,
                weighted = sk.weighted_kappa
            ));
        }
    }

    pub(super) fn findings_not_covered(&mut self, f: &FindingsEvaluation) {
        let l = self.lang;
        let min = self.eval.plan.findings_spec().min_positives;
        let mut rows = Vec::new();
        for (name, b) in ordered(f) {
            if f.findings_summary.insufficient.iter().any(|n| n == name) {
                rows.push(Row::styled(
                    vec![
                        name.to_string(),
                        words!(
                            l,
                            "mf-page1-insufficient",
                            positives = b.overall.n_positive,
                            negatives = b.overall.n_negative,
                            min = min
                        ),
                    ],
                    RowStyle::Flag,
                ));
            }
            if !self
                .eval
                .acceptance
                .criteria
                .iter()
                .any(|c| c.finding.as_deref() == Some(name))
            {
                rows.push(Row::new(vec![
                    name.to_string(),
                    text!(l, "mf-no-criterion").into(),
                ]));
            }
        }
        if rows.is_empty() {
            return;
        }
        let mut t = Table::text(
            vec![
                text!(l, "mf-finding").into(),
                text!(l, "flags-list-not-covered-by-the").into(),
            ],
            vec![1.6, 6.0],
        );
        t.rows = rows;
        t.note = Some(text!(l, "flags-list-these-do-not-change").into());
        self.table(t);
    }

    pub(super) fn findings_cohort(&self, f: &FindingsEvaluation) -> String {
        let e = self.eval;
        let c = &e.cohort;
        words!(
            self.lang,
            "mf-cohort",
            units = c.included,
            rows = c.rows,
            path = e.plan.cohort.path.display().to_string(),
            findings = f.findings_summary.order.len(),
            excluded = c.excluded.len()
        )
    }

    pub(super) fn findings_identity(&self, f: &FindingsEvaluation) -> Vec<(String, String)> {
        let l = self.lang;
        let thresholds: Vec<String> = ordered(f)
            .iter()
            .map(|(n, b)| format!("{n} {}", self.f.plain(b.overall.threshold)))
            .collect();
        vec![
            (
                text!(l, "mf-identity-findings").into(),
                f.findings_summary.order.join(", "),
            ),
            (
                text!(l, "identity-operating-threshold").into(),
                format!(
                    "{} ({})",
                    thresholds.join(", "),
                    text!(l, "identity-score-threshold-is-positive")
                ),
            ),
        ]
    }

    pub(super) fn findings_flow(
        &self,
        f: &FindingsEvaluation,
        kind_word: &str,
        excluded: Vec<String>,
    ) -> Figure {
        let l = self.lang;
        let c = &self.eval.cohort;
        let per = ordered(f);
        let n = per.first().map_or(0, |(_, b)| b.cases.len());
        let mut analysed = vec![
            text!(l, "cohort-analysed").to_string(),
            format!("{} {}", c.included, text!(l, "mf-units")),
        ];
        if let Some((_, m)) = patients(f) {
            analysed.push(words!(l, "cohort-from-value-patients", value = m));
        }
        analysed.push(words!(l, "mf-flow-findings", n = per.len()));
        let (left, right) = match &f.multiclass {
            Some(m) => {
                let correct: u64 = (0..m.confusion.len()).map(|i| m.confusion[i][i]).sum();
                let total: u64 = m.confusion.iter().flatten().sum();
                let mut left = vec![text!(l, "mf-flow-by-class").to_string()];
                left.extend(
                    per.iter()
                        .zip(&m.confusion)
                        .map(|((name, _), row)| format!("{name}: {}", row.iter().sum::<u64>())),
                );
                (
                    left,
                    vec![
                        text!(l, "mf-flow-predicted").to_string(),
                        words!(l, "mf-flow-correct", n = correct),
                        words!(l, "mf-flow-wrong", n = total - correct),
                    ],
                )
            }
            None => {
                let any = (0..n)
                    .filter(|&i| per.iter().any(|(_, b)| b.cases[i].label))
                    .count();
                let mut left = vec![words!(l, "mf-flow-any", n = any)];
                left.extend(
                    per.iter()
                        .map(|(name, b)| format!("{name}: {}", b.overall.n_positive)),
                );
                (left, vec![words!(l, "mf-flow-none", n = n - any)])
            }
        };
        figures::flow(
            vec![
                text!(l, "cohort-found").into(),
                format!("{} {kind_word}", c.rows),
            ],
            excluded,
            analysed,
            left,
            right,
            text!(l, "mf-flow-caption").into(),
        )
    }

    pub(super) fn findings_truth(&self, f: &FindingsEvaluation) -> String {
        let l = self.lang;
        let plan = &self.eval.plan;
        if self.multiclass_task() {
            words!(
                l,
                "mf-truth-multiclass",
                column = plan.cohort.label.clone(),
                classes = plan
                    .finding
                    .iter()
                    .map(|x| plan.finding_value(x).to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        } else {
            let cols: Vec<String> = plan
                .finding
                .iter()
                .map(|x| {
                    format!(
                        "{} ({} = {})",
                        x.name,
                        x.label.as_deref().unwrap_or_default(),
                        plan.finding_positive(x)
                    )
                })
                .collect();
            let _ = f;
            words!(l, "mf-truth-multilabel", columns = cols.join("; "))
        }
    }

    pub(super) fn findings_conventions(&self, f: &FindingsEvaluation) -> Vec<String> {
        let l = self.lang;
        let e = self.eval;
        let spec = e.plan.findings_spec();
        let mut conv = crate::evaluation::conventions(&e.plan, l);
        conv.push(words!(l, "mf-conv-per-finding", min = spec.min_positives));
        conv.push(words!(
            l,
            "mf-conv-activation",
            activation = match spec.activation {
                crate::plan::Activation::None => "none",
                crate::plan::Activation::Sigmoid => "sigmoid",
                crate::plan::Activation::Softmax => "softmax",
            }
        ));
        conv.push(text!(l, "mf-conv-macro-micro").into());
        conv.push(if f.findings_summary.holm {
            text!(l, "mf-conv-holm").to_string()
        } else {
            text!(l, "mf-conv-holm-not-needed").to_string()
        });
        if let Some(m) = &f.multiclass {
            conv.push(if m.predicted == "argmax" {
                text!(l, "mf-predicted-argmax").to_string()
            } else {
                words!(l, "mf-predicted-column", column = m.predicted.clone())
            });
            conv.push(text!(l, "mf-per-class-note").into());
        }
        conv
    }

    pub(super) fn findings_limitations(&self, f: &FindingsEvaluation, lim: &mut Vec<String>) {
        let sum = &f.findings_summary;
        if !sum.insufficient.is_empty() {
            lim.push(words!(
                self.lang,
                "mf-limit-insufficient",
                findings = sum.insufficient.join(", "),
                min = self.eval.plan.findings_spec().min_positives
            ));
        }
    }
}
