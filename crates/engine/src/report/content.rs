//! What the validation report says, in order, built from one `Evaluation` in one language.
//! Every number printed here is read from the evaluation; nothing is computed but layout
//! (percentages of counts, positions on a plot). The PDF and HTML renderers draw this same
//! `Document`, so they cannot disagree with each other or with report.json.
//!
//! The order follows what a procurement board reads first: the verdict against the criteria
//! fixed in advance, then the evidence in STARD 2015 order (flow, 2×2 table, accuracy with
//! intervals), calibration, subgroups, comparisons, the vendor's claims, methods and
//! limitations, the STARD checklist and the sign-off.
//!
//! Privacy: cases are named only by the plan's pseudonymous id (or, for DICOM, the file path
//! inside the cohort folder); no header value but those the plan named as subgroups and the
//! equipment keywords the drift analysis follows reaches the evaluation, so none other can
//! reach the report. Dates reach it only as months and quarters (`metrics::drift`).

use crate::acceptance::{ClaimStatus, CriterionResult, Verdict};
use crate::cohort::ExclusionReason;
use crate::evaluation::{
    BinaryEvaluation, CaseResult, Evaluation, ProportionMetric, SubgroupEntry, TaskEvaluation,
};
use crate::i18n::Lang;
use crate::metrics::Status;
use crate::plan::{Bound, CohortKind, IntervalKind, Metric};
use provestein_report::doc::{
    Align, Block, Document, Row, RowStyle, SignOffLabels, Signatory, Table, TextStyle,
};
use provestein_report::figures::{self, ForestRow, PlotWords};

mod detection;
mod detection_images;
mod findings;
mod importance;
mod occlusion;
mod segmentation;
mod vendor;

use crate::i18n::Numbers as Fmt;
use crate::metric::{interval_name, name as metric_name};
use crate::{text, words};

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

pub fn verdict_word(lang: Lang, v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => text!(lang, "verdict-word-pass"),
        Verdict::Fail => text!(lang, "verdict-word-fail"),
        Verdict::Inconclusive => text!(lang, "verdict-word-inconclusive"),
    }
}

/// Why a row or file was left out, in `lang` (English as `ExclusionReason::describe`).
fn reason_text(lang: Lang, r: ExclusionReason) -> &'static str {
    use ExclusionReason as E;
    match r {
        E::MissingId => text!(lang, "exclusion-missing-id"),
        E::MissingLabel => text!(lang, "exclusion-missing-label"),
        E::UnknownLabel => text!(lang, "exclusion-unknown-label"),
        E::BadFeature => text!(lang, "exclusion-bad-feature"),
        E::NoScore => text!(lang, "exclusion-no-score"),
        E::BadScore => text!(lang, "exclusion-bad-score"),
        E::NotDicom => text!(lang, "exclusion-not-dicom"),
        E::Unreadable => text!(lang, "exclusion-unreadable"),
        E::NoPixelData => text!(lang, "exclusion-no-pixel-data"),
        E::UnsupportedSyntax => text!(lang, "exclusion-unsupported-syntax"),
        E::DecodeError => text!(lang, "exclusion-decode-error"),
        E::NoLabel => text!(lang, "exclusion-no-label"),
        E::Filtered => text!(lang, "exclusion-filtered"),
        E::ConflictingLabels => text!(lang, "exclusion-conflicting-labels"),
        E::MissingFile => text!(lang, "exclusion-missing-file"),
        E::InferenceFailed => text!(lang, "exclusion-inference-failed"),
        E::Timeout => text!(lang, "exclusion-timeout"),
        E::Unscorable => text!(lang, "exclusion-unscorable"),
        E::SpecialFile => text!(lang, "exclusion-special-file"),
        E::TooLarge => text!(lang, "exclusion-too-large"),
        E::BadHeader => text!(lang, "exclusion-bad-header"),
    }
}

/// The whole report for `eval`, in `lang`.
pub fn build(eval: &Evaluation, lang: Lang) -> Document {
    let mut b = Builder {
        eval,
        lang,
        f: Fmt(lang),
        blocks: Vec::new(),
        section: 0,
        numbers: Vec::new(),
    };
    b.summary();
    b.cohort();
    // The task's own sections: another task kind adds its arm here.
    match &eval.task {
        TaskEvaluation::Binary(bin) => b.binary_sections(bin),
        TaskEvaluation::Segmentation(seg) => b.segmentation_sections(&seg.segmentation),
        // The lesion level is what a detection product is bought for: it comes first.
        TaskEvaluation::Detection(d) => {
            b.detection_sections(d);
            b.binary_sections(&d.unit_level);
        }
        TaskEvaluation::Multilabel(f) | TaskEvaluation::Multiclass(f) => b.findings_sections(f),
    }
    b.vendor_package();
    b.methods();
    b.stard();
    b.sign_off();
    b.appendix();
    let p = &eval.provenance;
    let date = p.finished.get(..10).unwrap_or(&p.finished);
    let plan_hash = p
        .plan_sha256
        .as_deref()
        .map(|h| format!(" · {} {}", text!(lang, "build-plan"), &h[..h.len().min(12)]))
        .unwrap_or_default();
    Document {
        lang,
        title: text!(lang, "build-validation-report").into(),
        subtitle: eval.study.name.clone(),
        footer: format!("{}{plan_hash} · {date}", p.software),
        created: p.finished.clone(),
        blocks: b.blocks,
    }
}

struct Builder<'a> {
    eval: &'a Evaluation,
    lang: Lang,
    f: Fmt,
    blocks: Vec<Block>,
    section: usize,
    /// (id, number) of each numbered section written so far.
    numbers: Vec<(String, usize)>,
}

impl Builder<'_> {
    /// A binary classifier's sections, in the report's order.
    fn binary_sections(&mut self, bin: &BinaryEvaluation) {
        self.accuracy(bin);
        self.importance(bin);
        self.calibration(bin);
        self.subgroups(bin);
        self.drift(bin);
        self.comparisons(bin);
        self.adjudication(bin);
        self.claims();
    }

    fn h1(&mut self, id: &str, title: &str) {
        self.section += 1;
        self.numbers.push((id.to_string(), self.section));
        let text = format!("{} {title}", self.section);
        self.blocks.push(Block::Heading {
            level: 1,
            text,
            id: id.into(),
        });
    }

    fn h2(&mut self, text: String, id: String) {
        self.blocks.push(Block::Heading { level: 2, text, id });
    }

    fn para(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Paragraph {
            text: text.into(),
            style: TextStyle::Normal,
        });
    }

    fn note(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Paragraph {
            text: text.into(),
            style: TextStyle::Note,
        });
    }

    fn table(&mut self, t: Table) {
        self.blocks.push(Block::Table(t));
    }

    fn proportion_interval(&self) -> IntervalKind {
        self.eval.plan.analysis.proportion_interval
    }

    /// A proportion with the plan's interval.
    fn prop(&self, p: &ProportionMetric) -> String {
        let ci = match self.proportion_interval() {
            IntervalKind::ClopperPearson => p.clopper_pearson,
            _ => p.wilson,
        };
        self.f.est_ci(p.estimate, ci)
    }

    fn pct_conf(&self) -> String {
        format!(
            "{} %",
            self.f.plain(self.eval.plan.analysis.confidence * 100.0)
        )
    }

    /// An interval kind by name; the `delong` kind is Obuchowski's with a patient key.
    fn interval_name(&self, k: IntervalKind) -> &'static str {
        match k {
            IntervalKind::Delong => match self.eval.binary() {
                Some(b) => b.overall.metrics.auc.analytic_name(),
                None => interval_name(k),
            },
            k => interval_name(k),
        }
    }

    /// "The lower 95 % Wilson bound of sensitivity ≥ 0.80 (worst subgroup)".
    fn criterion_sentence(&self, c: &CriterionResult, worst: bool) -> String {
        let metric = self.finding_subject(c, self.criterion_subject(c));
        let metric = metric.as_str();
        // Holm's step-down judges at its own level: the sentence names it.
        let conf = match c.confidence {
            Some(level) => format!("{} %", self.f.plain(level * 100.0)),
            None => self.pct_conf(),
        };
        let iv = self.interval_name(c.interval);
        let lang = self.lang;
        let what = match c.bound {
            Bound::Estimate => words!(lang, "criterion-estimate", metric = metric),
            Bound::CiLow => words!(
                lang,
                "criterion-lower-bound",
                metric = metric,
                confidence = conf,
                interval = iv
            ),
            Bound::CiHigh => words!(
                lang,
                "criterion-upper-bound",
                metric = metric,
                confidence = conf,
                interval = iv
            ),
        };
        let limit = match (c.min, c.max) {
            (Some(m), _) => format!("≥ {}", self.f.plain(m)),
            (_, Some(m)) => format!("≤ {}", self.f.plain(m)),
            _ => String::new(),
        };
        let mut s = format!("{what} {limit}{}", self.holm_suffix(c));
        if worst {
            let which = c.subgroup.as_deref().unwrap_or("–");
            s.push_str(&format!(
                " ({}: {which})",
                text!(self.lang, "criterion-sentence-worst-subgroup")
            ));
        }
        s
    }

    /// Why the criterion ended as it did, in words.
    fn criterion_reason(&self, c: &CriterionResult) -> String {
        let limit = c.min.or(c.max).unwrap_or(f64::NAN);
        match (c.verdict, self.lang) {
            (_, _) if self.finding_insufficient(c) => {
                text!(self.lang, "mf-criterion-insufficient").into()
            }
            (_, _)
                if c.judged.is_none()
                    && crate::acceptance::needs_probabilities(c.metric)
                    && self
                        .eval
                        .binary()
                        .is_some_and(|b| b.overall.calibration.is_none()) =>
            {
                text!(self.lang, "criterion-reason-not-computed-some-scores").into()
            }
            (_, _) if c.judged.is_none() => {
                text!(self.lang, "criterion-reason-cannot-be-estimated-on").into()
            }
            (Verdict::Pass, _) => text!(self.lang, "criterion-reason-pass").into(),
            (Verdict::Fail, _) => {
                words!(
                    self.lang,
                    "criterion-reason-fail",
                    limit = self.f.plain(limit)
                )
            }
            (Verdict::Inconclusive, _) => words!(
                self.lang,
                "criterion-reason-inconclusive",
                limit = self.f.plain(limit)
            ),
        }
    }

    fn summary(&mut self) {
        let e = self.eval;
        let lang = self.lang;
        self.h1("summary", text!(self.lang, "section-summary"));
        let v = e.acceptance.verdict;
        let prespecified = e
            .provenance
            .prespecification
            .as_ref()
            .is_some_and(|p| !p.post_hoc);
        // Over `[analysis] max_model_exclusions` the verdict is INCONCLUSIVE whatever the
        // criteria say; page 1 says so under the banner, with the counts.
        let model_exclusions = e
            .flags
            .iter()
            .find(|f| matches!(f, crate::flags::Flag::ModelExclusions(_)));
        let text = match v {
            // Only a plan the history shows unchanged since the first run on this cohort may be
            // called fixed before the data was seen.
            Verdict::Pass if prespecified => {
                text!(self.lang, "summary-every-acceptance-criterion-fixed")
            }
            Verdict::Pass => text!(self.lang, "summary-every-acceptance-criterion-in"),
            Verdict::Fail if prespecified => text!(self.lang, "summary-at-least-one-acceptance"),
            Verdict::Fail => text!(self.lang, "summary-at-least-one-acceptance-2"),
            Verdict::Inconclusive if model_exclusions.is_some() => {
                text!(self.lang, "summary-the-model-left-more")
            }
            Verdict::Inconclusive => text!(self.lang, "summary-at-least-one-acceptance-3"),
        };
        self.blocks.push(Block::Verdict {
            verdict: v,
            text: format!("{}: {text}", verdict_word(lang, v)),
        });
        if let Some(f) = model_exclusions {
            self.blocks.push(Block::Caution(f.text(lang)));
        }
        if let Some(text) = self.post_hoc_caution() {
            self.blocks.push(Block::Caution(text));
        }
        self.flags_list();
        let mut t = Table::text(
            vec![
                text!(self.lang, "summary-criterion-fixed-in-the").into(),
                text!(self.lang, "summary-measured").into(),
                text!(self.lang, "summary-judged-value").into(),
                text!(self.lang, "summary-result").into(),
            ],
            vec![3.2, 2.0, 1.1, 2.3],
        );
        t.align[2] = Align::Right;
        for (c, spec) in e.acceptance.criteria.iter().zip(&e.plan.acceptance) {
            let measured = match c.estimate {
                Some(est) => format!("{} {}", self.f.p3(est), self.f.opt_ci(c.ci)),
                None => "–".into(),
            };
            let style = match c.verdict {
                Verdict::Pass => RowStyle::Normal,
                Verdict::Fail => RowStyle::Flag,
                Verdict::Inconclusive => RowStyle::Strong,
            };
            t.rows.push(Row::styled(
                vec![
                    self.criterion_sentence(c, spec.subgroup.is_some()),
                    measured,
                    c.judged.map_or("–".into(), |j| self.f.p3(j)),
                    format!(
                        "{}: {}",
                        verdict_word(lang, c.verdict),
                        self.criterion_reason(c)
                    ),
                ],
                style,
            ));
        }
        t.note = Some(format!(
            "{} {}",
            text!(self.lang, "summary-measured-estimate-interval-judged"),
            self.prespecification_sentence()
        ));
        self.table(t);
        match &e.task {
            TaskEvaluation::Binary(bin) => {
                self.plain_words(bin);
                for w in bin.sample_size.iter().filter(|w| !w.can_pass) {
                    let text = self.sample_size_warning(w);
                    self.blocks.push(Block::Paragraph {
                        text,
                        style: TextStyle::Bold,
                    });
                }
            }
            TaskEvaluation::Segmentation(seg) => self.segmentation_not_covered(&seg.segmentation),
            TaskEvaluation::Detection(d) => {
                self.plain_words(&d.unit_level);
                self.detection_not_covered(d);
            }
            TaskEvaluation::Multilabel(f) | TaskEvaluation::Multiclass(f) => {
                self.findings_not_covered(f)
            }
        }
        self.h2(
            text!(self.lang, "summary-what-was-validated").into(),
            "identity".into(),
        );
        let kv = self.identity();
        self.blocks.push(Block::KeyValues(kv));
    }

    /// What the criteria do not cover (`flags`), right under the verdict, tinted as a warning.
    fn flags_list(&mut self) {
        // The model-exclusion flag changes the verdict (through `acceptance`), so it stands
        // under the banner, not among what the criteria do not cover.
        let flags: Vec<&crate::flags::Flag> = self
            .eval
            .flags
            .iter()
            .filter(|f| !matches!(f, crate::flags::Flag::ModelExclusions(_)))
            .collect();
        if flags.is_empty() {
            return;
        }
        let mut t = Table::text(
            vec![
                text!(self.lang, "flags-list-not-covered-by-the").into(),
                text!(self.lang, "flags-list-what-the-data-show").into(),
            ],
            vec![1.6, 6.0],
        );
        for f in flags {
            t.rows.push(Row::styled(
                vec![f.title(self.lang).into(), f.text(self.lang)],
                RowStyle::Flag,
            ));
        }
        t.note = Some(text!(self.lang, "flags-list-these-do-not-change").into());
        self.table(t);
    }

    /// Where this run stands among the runs of this model on this cohort (from the history).
    fn prespecification_sentence(&self) -> String {
        let Some(p) = &self.eval.provenance.prespecification else {
            return text!(self.lang, "prespecification-sentence-this-run-was-not").into();
        };
        let attempt = words!(
            self.lang,
            "prespecification-sentence-attempt-attempt-on-this",
            attempt = p.attempt.to_string()
        );
        if p.earlier_runs.is_empty() {
            return format!(
                "{attempt}: {}",
                text!(self.lang, "prespecification-sentence-the-run-history-holds")
            );
        }
        let runs = run_list(&p.earlier_runs);
        if p.post_hoc {
            words!(
                self.lang,
                "prespecification-sentence-attempt-earlier-runs-runs",
                attempt = attempt.to_string(),
                runs = runs.to_string()
            )
        } else {
            words!(
                self.lang,
                "prespecification-sentence-attempt-earlier-runs-runs-2",
                attempt = attempt.to_string(),
                runs = runs.to_string(),
                earlier_runs = p.earlier_runs[0].to_string()
            )
        }
    }

    /// The amber box of a post-hoc run: what changed, after which run; None otherwise.
    fn post_hoc_caution(&self) -> Option<String> {
        let p = self.eval.provenance.prespecification.as_ref()?;
        let after = p.changed_after()?;
        let parts: Vec<&str> = p.changed.iter().map(|c| self.plan_part(*c)).collect();
        let parts = match parts.split_last() {
            Some((last, rest)) if !rest.is_empty() => {
                format!(
                    "{} {} {last}",
                    rest.join(", "),
                    text!(self.lang, "post-hoc-caution-and")
                )
            }
            _ => parts.join(""),
        };
        Some(words!(
            self.lang,
            "post-hoc-caution-post-hoc-parts-changed",
            parts = parts.to_string(),
            after = after.to_string(),
            attempt = p.attempt.to_string(),
            earlier_runs = run_list(&p.earlier_runs)
        ))
    }

    fn plan_part(&self, part: crate::provenance::PlanPart) -> &'static str {
        use crate::provenance::PlanPart as P;
        match part {
            P::Threshold => text!(self.lang, "plan-part-the-threshold"),
            P::Criteria => text!(self.lang, "plan-part-the-acceptance-criteria"),
            P::Analysis => text!(self.lang, "plan-part-the-analysis-settings"),
            P::Cohort => text!(self.lang, "plan-part-the-cohort-selection"),
            P::Model => text!(self.lang, "plan-part-how-the-model-is"),
            P::Preprocess => text!(self.lang, "plan-part-the-image-preprocessing"),
            P::Compare => text!(self.lang, "plan-part-the-comparisons"),
        }
    }

    /// Sensitivity and specificity as counts a clinician can picture.
    fn plain_words(&mut self, bin: &BinaryEvaluation) {
        let m = &bin.overall.metrics;
        let (se, sp) = (&m.sensitivity, &m.specificity);
        let text = words!(
            self.lang,
            "plain-words",
            positives = se.n,
            flagged_positives = se.x.to_string(),
            sensitivity = self.f.pct(se.estimate),
            negatives = sp.n,
            unflagged_negatives = sp.x.to_string(),
            specificity = self.f.pct(sp.estimate),
            flagged = m.ppv.n,
            flagged_with_condition = m.ppv.x.to_string(),
            ppv = self.f.pct(m.ppv.estimate)
        );
        self.para(text);
    }

    fn sample_size_warning(&self, w: &crate::sample_size::SampleSize) -> String {
        let metric = metric_name(self.lang, w.metric);
        let needed = w
            .n_needed
            .map(|n| n.to_string())
            .unwrap_or_else(|| "–".into());
        words!(
            self.lang,
            "sample-size-cannot-pass",
            metric = metric,
            n = w.n,
            best = self.f.p3(w.best_possible),
            needed = needed
        )
    }

    fn cohort_sentence(&self) -> String {
        let e = self.eval;
        let c = &e.cohort;
        let o = match &e.task {
            TaskEvaluation::Binary(b) => &b.overall,
            TaskEvaluation::Segmentation(s) => return self.segmentation_cohort(&s.segmentation),
            TaskEvaluation::Detection(d) => &d.unit_level.overall,
            TaskEvaluation::Multilabel(f) | TaskEvaluation::Multiclass(f) => {
                return self.findings_cohort(f);
            }
        };
        let path = e.plan.cohort.path.display();
        let path = path.to_string();
        let lang = self.lang;
        match e.plan.cohort.kind {
            CohortKind::Csv => words!(
                lang,
                "cohort-csv",
                cases = c.included,
                rows = c.rows,
                path = path,
                positive = o.n_positive,
                negative = o.n_negative,
                excluded = c.excluded.len()
            ),
            CohortKind::Dicom => words!(
                lang,
                "cohort-dicom",
                cases = c.included,
                unit = self.unit_word(),
                files = c.rows,
                path = path,
                positive = o.n_positive,
                negative = o.n_negative,
                excluded = c.excluded.len()
            ),
        }
    }

    /// Units against patients: with a patient key, what the intervals account for; without
    /// one, a DICOM cohort whose PatientID repeats, whose intervals are then too narrow.
    fn patients_sentence(&self) -> Option<String> {
        let e = self.eval;
        let with_key = match &e.task {
            TaskEvaluation::Binary(b) => b.overall.n_patients.map(|m| (b.overall.n, m)),
            TaskEvaluation::Segmentation(s) => {
                segmentation::patients(&e.plan, &s.segmentation).map(|m| (e.cohort.included, m))
            }
            TaskEvaluation::Detection(d) => d
                .unit_level
                .overall
                .n_patients
                .map(|m| (d.unit_level.overall.n, m)),
            TaskEvaluation::Multilabel(f) | TaskEvaluation::Multiclass(f) => findings::patients(f),
        };
        if let Some((n, m)) = with_key {
            return Some(words!(
                self.lang,
                "patients-with-key",
                cases = n,
                patients = m
            ));
        }
        e.cohort.repeated_patients.map(|r| {
            words!(
                self.lang,
                "patients-repeat-without-key",
                units = r.units,
                patients = r.patients
            )
        })
    }

    /// Appended to a table note whose intervals are patient-level (empty without a key).
    fn patient_level_note(&self) -> &'static str {
        if self
            .eval
            .binary()
            .is_some_and(|b| b.overall.n_patients.is_some())
        {
            text!(self.lang, "patient-level-note-with-the-patient-key")
        } else {
            ""
        }
    }

    fn unit_word(&self) -> &'static str {
        use crate::plan::Unit;
        match self.eval.plan.cohort.unit.unwrap_or(Unit::Image) {
            Unit::Image => text!(self.lang, "unit-word-one-image-each"),
            Unit::Series => text!(self.lang, "unit-word-one-series-each"),
            Unit::Study => text!(self.lang, "unit-word-one-study-each"),
        }
    }

    fn identity(&self) -> Vec<(String, String)> {
        let e = self.eval;
        let p = &e.provenance;
        let pr = &e.plan.product;
        let unset = || text!(self.lang, "identity-not-given-in-the").to_string();
        let mut kv = vec![
            (
                text!(self.lang, "identity-product").into(),
                pr.name.clone().unwrap_or_else(unset),
            ),
            (
                text!(self.lang, "identity-vendor").into(),
                pr.vendor.clone().unwrap_or_else(unset),
            ),
            (
                text!(self.lang, "identity-version").into(),
                pr.version.clone().unwrap_or_else(unset),
            ),
        ];
        if let (Some(m), Some(sha)) = (&e.plan.model, &p.model_sha256) {
            kv.push((
                text!(self.lang, "identity-model-file").into(),
                format!("{}\nSHA-256 {sha}", file_name(&m.path)),
            ));
        }
        if let (Some(v), Some(sha)) = (&e.plan.predictions, &p.predictions_sha256) {
            kv.push((
                text!(self.lang, "identity-vendor-s-score-file").into(),
                format!("{}\nSHA-256 {sha}", file_name(&v.path)),
            ));
        }
        kv.push((
            text!(self.lang, "identity-intended-use-as-recorded").into(),
            e.study.intended_use.clone(),
        ));
        kv.push((
            text!(self.lang, "identity-cohort").into(),
            self.cohort_sentence(),
        ));
        match &e.task {
            TaskEvaluation::Binary(b) => kv.push((
                text!(self.lang, "identity-operating-threshold").into(),
                format!(
                    "{} ({})",
                    self.f.plain(b.overall.threshold),
                    text!(self.lang, "identity-score-threshold-is-positive")
                ),
            )),
            TaskEvaluation::Segmentation(s) => kv.push((
                text!(self.lang, "seg-identity-binarisation").into(),
                self.binarisation(&s.segmentation.conventions),
            )),
            TaskEvaluation::Detection(d) => kv.push((
                text!(self.lang, "identity-operating-threshold").into(),
                format!(
                    "{} ({})",
                    self.f.plain(d.unit_level.overall.threshold),
                    text!(self.lang, "identity-score-threshold-is-positive")
                ),
            )),
            TaskEvaluation::Multilabel(f) | TaskEvaluation::Multiclass(f) => {
                kv.extend(self.findings_identity(f))
            }
        }
        kv.push((
            text!(self.lang, "identity-run").into(),
            format!("{} – {}", short_time(&p.started), short_time(&p.finished)),
        ));
        let mut software = p.software.clone();
        if let Some(ort) = &p.onnxruntime {
            software.push_str(&format!(", ONNX Runtime {ort}"));
        }
        kv.push((text!(self.lang, "identity-software").into(), software));
        kv.push((
            text!(self.lang, "identity-plan-file").into(),
            p.plan_sha256
                .as_ref()
                .map(|h| format!("SHA-256 {h}"))
                .unwrap_or_else(|| "–".into()),
        ));
        kv.push((
            text!(self.lang, "identity-cohort-file").into(),
            format!("SHA-256 {}", p.cohort_sha256),
        ));
        kv
    }

    fn cohort(&mut self) {
        let e = self.eval;
        let c = &e.cohort;
        let lang = self.lang;
        self.h1("cohort", text!(self.lang, "section-cohort"));
        self.para(self.cohort_sentence());
        if let Some(text) = self.patients_sentence() {
            self.para(text);
        }
        if !e.cohort.identifier_warnings.is_empty() {
            // The lines are in report.json (`cohort.identifier_warnings`) and on stderr.
            self.para(text!(self.lang, "cohort-warning-some-values-of"));
        }
        let kind_word = match e.plan.cohort.kind {
            CohortKind::Csv => text!(self.lang, "cohort-rows-in-the-cohort"),
            CohortKind::Dicom => text!(self.lang, "cohort-files-in-the-dicom"),
        };
        let mut excluded = vec![format!(
            "{}: {}",
            text!(self.lang, "cohort-excluded"),
            c.excluded.len()
        )];
        for (r, n) in &c.excluded_by_reason {
            excluded.push(format!("{}: {n}", reason_text(lang, *r)));
        }
        let flow = match &e.task {
            TaskEvaluation::Binary(b) => self.binary_flow(&b.overall, kind_word, excluded),
            TaskEvaluation::Segmentation(s) => {
                self.segmentation_flow(&s.segmentation, kind_word, excluded)
            }
            TaskEvaluation::Detection(d) => {
                self.binary_flow(&d.unit_level.overall, kind_word, excluded)
            }
            TaskEvaluation::Multilabel(f) | TaskEvaluation::Multiclass(f) => {
                self.findings_flow(f, kind_word, excluded)
            }
        };
        self.blocks.push(Block::Figure(flow));
        if c.excluded.is_empty() {
            self.para(text!(self.lang, "cohort-no-case-was-excluded"));
        } else {
            let mut t = Table::numeric(
                vec![
                    text!(self.lang, "cohort-reason-for-exclusion").into(),
                    text!(self.lang, "cohort-cases-2").into(),
                ],
                vec![4.0, 1.0],
            );
            for (r, n) in &c.excluded_by_reason {
                t.rows.push(Row::new(vec![
                    capitalised(reason_text(lang, *r)),
                    n.to_string(),
                ]));
            }
            t.note = Some(text!(self.lang, "cohort-each-excluded-case-is").into());
            self.table(t);
        }
        if !c.unmatched_predictions.is_empty() {
            self.para(format!(
                "{}: {} ({})",
                text!(self.lang, "cohort-rows-of-the-vendor"),
                c.unmatched_predictions.len(),
                text!(self.lang, "cohort-listed-in-report-json")
            ));
        }
        if !c.unmatched_labels.is_empty() {
            self.para(format!(
                "{}: {} ({})",
                text!(self.lang, "cohort-rows-of-the-labels"),
                c.unmatched_labels.len(),
                text!(self.lang, "cohort-listed-in-report-json")
            ));
        }
        self.h2(
            text!(self.lang, "cohort-study-design").into(),
            "design".into(),
        );
        let s = &e.study;
        let missing = |_key: &str| text!(lang, "study-not-recorded").to_string();
        let kv = vec![
            (
                text!(self.lang, "cohort-reference-standard").into(),
                s.reference_standard
                    .clone()
                    .unwrap_or_else(|| missing("reference_standard")),
            ),
            (
                text!(self.lang, "cohort-eligibility").into(),
                s.eligibility
                    .clone()
                    .unwrap_or_else(|| missing("eligibility")),
            ),
            (
                text!(self.lang, "cohort-setting-and-dates").into(),
                s.setting.clone().unwrap_or_else(|| missing("setting")),
            ),
            (
                text!(self.lang, "cohort-sampling").into(),
                s.sampling.clone().unwrap_or_else(|| missing("sampling")),
            ),
            (
                text!(self.lang, "cohort-ground-truth").into(),
                match &e.task {
                    TaskEvaluation::Binary(_) => words!(
                        lang,
                        "cohort-column-cohort-label-positive",
                        cohort_label = e.plan.cohort.label.to_string(),
                        positive_label = c.positive_label.to_string(),
                        negative_label = c.negative_label.to_string()
                    ),
                    TaskEvaluation::Segmentation(s) => self.segmentation_truth(&s.segmentation),
                    TaskEvaluation::Detection(d) => self.detection_truth(d),
                    TaskEvaluation::Multilabel(f) | TaskEvaluation::Multiclass(f) => {
                        self.findings_truth(f)
                    }
                },
            ),
        ];
        self.blocks.push(Block::KeyValues(kv));
        if let Some(bin) = e.binary() {
            self.distributions(bin);
        }
    }

    /// Figure 1 of a binary run: found → excluded → analysed → model positive / negative.
    fn binary_flow(
        &self,
        o: &crate::evaluation::Overall,
        kind_word: &str,
        excluded: Vec<String>,
    ) -> figures::Figure {
        let c = &self.eval.cohort;
        let cf = &o.confusion;
        figures::flow(
            vec![
                text!(self.lang, "cohort-found").into(),
                format!("{} {kind_word}", c.rows),
            ],
            excluded,
            [
                text!(self.lang, "cohort-analysed").into(),
                format!(
                    "{} {} ({} {}, {} {})",
                    c.included,
                    text!(self.lang, "cohort-cases"),
                    o.n_positive,
                    text!(self.lang, "cohort-pos"),
                    o.n_negative,
                    text!(self.lang, "cohort-neg")
                ),
            ]
            .into_iter()
            .chain(
                o.n_patients
                    .map(|m| words!(self.lang, "cohort-from-value-patients", value = m)),
            )
            .collect(),
            vec![
                format!(
                    "{} ({})",
                    text!(self.lang, "cohort-model-positive"),
                    cf.tp + cf.fp
                ),
                format!(
                    "{}: {}",
                    text!(self.lang, "cohort-reference-positive"),
                    cf.tp
                ),
                format!(
                    "{}: {}",
                    text!(self.lang, "cohort-reference-negative"),
                    cf.fp
                ),
            ],
            vec![
                format!(
                    "{} ({})",
                    text!(self.lang, "cohort-model-negative"),
                    cf.tn + cf.fn_
                ),
                format!(
                    "{}: {}",
                    text!(self.lang, "cohort-reference-positive"),
                    cf.fn_
                ),
                format!(
                    "{}: {}",
                    text!(self.lang, "cohort-reference-negative"),
                    cf.tn
                ),
            ],
            text!(self.lang, "cohort-figure-1-flow-of").into(),
        )
    }

    /// Each subgroup attribute's groups with their sizes and prevalence (STARD 20).
    fn distributions(&mut self, bin: &BinaryEvaluation) {
        let e = self.eval;
        if e.cohort.subgroups.is_empty() {
            return;
        }
        self.h2(
            text!(self.lang, "distributions-who-is-in-the").into(),
            "distribution".into(),
        );
        let mut t = Table::numeric(
            vec![
                text!(self.lang, "distributions-attribute-value").into(),
                "n".into(),
                text!(self.lang, "distributions-share").into(),
                text!(self.lang, "distributions-positive").into(),
                text!(self.lang, "distributions-negative").into(),
                text!(self.lang, "distributions-prevalence").into(),
            ],
            vec![3.0, 1.0, 1.1, 1.1, 1.1, 1.2],
        );
        let n = bin.overall.n as f64;
        for g in bin
            .subgroup_entries
            .iter()
            .filter(|g| e.cohort.subgroups.contains(&g.attribute))
        {
            t.rows.push(Row::new(vec![
                format!("{} = {}", g.attribute, g.value),
                g.n.to_string(),
                self.f.pct(g.n as f64 / n),
                g.n_positive.to_string(),
                g.n_negative.to_string(),
                self.f.pct(g.n_positive as f64 / g.n as f64),
            ]));
        }
        self.table(t);
    }

    fn accuracy(&mut self, bin: &BinaryEvaluation) {
        let e = self.eval;
        let o = &bin.overall;
        let m = &o.metrics;
        let f = Fmt(self.lang);
        self.h1("accuracy", text!(self.lang, "section-accuracy"));
        self.para(words!(
            self.lang,
            "accuracy-at-the-operating-threshold",
            threshold = f.plain(o.threshold),
            pct_conf = self.pct_conf()
        ));
        let cf = &o.confusion;
        let mut t = Table::numeric(
            vec![
                String::new(),
                text!(self.lang, "cohort-reference-positive").into(),
                text!(self.lang, "cohort-reference-negative").into(),
                text!(self.lang, "accuracy-total").into(),
            ],
            vec![2.0, 1.5, 1.5, 1.0],
        );
        t.rows.push(Row::new(vec![
            text!(self.lang, "cohort-model-positive").into(),
            format!("{} ({})", cf.tp, text!(self.lang, "accuracy-tp")),
            format!("{} ({})", cf.fp, "FP"),
            (cf.tp + cf.fp).to_string(),
        ]));
        t.rows.push(Row::new(vec![
            text!(self.lang, "cohort-model-negative").into(),
            format!("{} ({})", cf.fn_, "FN"),
            format!("{} ({})", cf.tn, text!(self.lang, "accuracy-tn")),
            (cf.tn + cf.fn_).to_string(),
        ]));
        t.rows.push(Row::styled(
            vec![
                text!(self.lang, "accuracy-total").into(),
                o.n_positive.to_string(),
                o.n_negative.to_string(),
                o.n.to_string(),
            ],
            RowStyle::Strong,
        ));
        t.note = Some(text!(self.lang, "accuracy-table-cross-tabulation-of").into());
        self.table(t);

        let mut t = Table::numeric(
            vec![
                text!(self.lang, "accuracy-measure").into(),
                text!(self.lang, "accuracy-estimate").into(),
                "x / n".into(),
                "Wilson".into(),
                "Clopper–Pearson".into(),
            ],
            vec![1.6, 1.0, 1.0, 1.6, 1.6],
        );
        // The proportions in the registry's order (crate::metric).
        for (info, p) in crate::metric::proportions()
            .filter_map(|i| Some((i, crate::metric::proportion(m, i.metric)?)))
        {
            t.rows.push(Row::new(vec![
                capitalised(info.name(self.lang)),
                f.p3(p.estimate),
                format!("{} / {}", p.x, p.n),
                f.ci(p.wilson),
                f.ci(p.clopper_pearson),
            ]));
        }
        if let Some(patients) = o.n_patients {
            let deff = |p: &crate::evaluation::ProportionMetric| {
                p.clustering
                    .as_ref()
                    .map_or("–".to_string(), |c| f.num(c.design_effect, 2))
            };
            t.note = Some(words!(
                self.lang,
                "accuracy-patient-level-intervals-n",
                n = o.n,
                patients = patients,
                deff_sensitivity = deff(&m.sensitivity),
                deff_specificity = deff(&m.specificity),
                deff_ppv = deff(&m.ppv),
                deff_npv = deff(&m.npv),
                deff_accuracy = deff(&m.accuracy)
            ));
        }
        self.table(t);
        let mut t = Table::numeric(
            vec![
                text!(self.lang, "accuracy-measure").into(),
                text!(self.lang, "accuracy-estimate").into(),
                bin.overall.metrics.auc.analytic_name().into(),
                "Bootstrap".into(),
            ],
            vec![1.6, 1.0, 1.6, 1.6],
        );
        t.rows.push(Row::new(vec![
            "ROC AUC".into(),
            f.p3(m.auc.estimate),
            f.ci(m.auc.delong),
            f.ci(m.auc.bootstrap),
        ]));
        t.rows.push(Row::new(vec![
            capitalised(metric_name(self.lang, Metric::Brier)),
            f.p3(m.brier.estimate),
            "–".into(),
            f.ci(m.brier.bootstrap),
        ]));
        let brier_missing = !m.brier.estimate.is_finite() && bin.overall.calibration.is_none();
        t.note = Some(match &m.auc.clustering {
            None => words!(
                self.lang,
                "accuracy-bootstrap-provenance-bootstrap-replicates",
                bootstrap_replicates = e.provenance.bootstrap_replicates,
                seed = e.provenance.seed.to_string()
            ),
            Some(c) => words!(
                self.lang,
                "accuracy-patient-level-the-obuchowski",
                unclustered_delong = f.ci(c.unclustered_delong),
                bootstrap_replicates = e.provenance.bootstrap_replicates,
                seed = e.provenance.seed.to_string()
            ),
        });
        if brier_missing && let Some(note) = t.note.as_mut() {
            note.push(' ');
            note.push_str(text!(self.lang, "accuracy-brier-not-computed-some"));
        }
        self.table(t);

        let curve: Vec<(f64, f64)> = o
            .roc
            .iter()
            .map(|p| (1.0 - p.specificity, p.sensitivity))
            .collect();
        let (se, sp) = (&m.sensitivity, &m.specificity);
        let youden = o.thresholds.youden.as_ref().map(|y| {
            (
                1.0 - y.point.specificity.estimate,
                y.point.sensitivity.estimate,
            )
        });
        let roc = figures::roc(
            &curve,
            (
                1.0 - sp.estimate,
                [1.0 - sp.wilson[1], 1.0 - sp.wilson[0]],
                se.estimate,
                se.wilson,
            ),
            youden,
            PlotWords {
                x: text!(self.lang, "accuracy-1-specificity"),
                y: text!(self.lang, "accuracy-sensitivity"),
                legend: vec![
                    format!("ROC (AUC {})", f.p3(m.auc.estimate)),
                    format!(
                        "{} {} ({} Wilson)",
                        text!(self.lang, "accuracy-threshold"),
                        f.plain(o.threshold),
                        self.pct_conf()
                    ),
                    text!(self.lang, "accuracy-youden-optimal-point").into(),
                    text!(self.lang, "accuracy-chance").into(),
                ],
                caption: text!(self.lang, "accuracy-figure-2-roc-curve").into(),
            },
            &|x| f.num(x, 1),
        );
        self.blocks.push(Block::Figure(roc));
        self.thresholds(bin);
        self.local_prevalence(bin);
        let pr: Vec<(f64, f64)> = o
            .precision_recall
            .curve
            .iter()
            .map(|p| (p.recall, p.precision))
            .collect();
        let prevalence = o.n_positive as f64 / o.n as f64;
        let fig = figures::precision_recall(
            &pr,
            prevalence,
            PlotWords {
                x: text!(self.lang, "accuracy-recall-sensitivity"),
                y: text!(self.lang, "accuracy-precision-ppv"),
                legend: vec![
                    format!(
                        "{} {}",
                        text!(self.lang, "accuracy-average-precision"),
                        f.p3(o.precision_recall.average_precision)
                    ),
                    format!(
                        "{} ({})",
                        text!(self.lang, "accuracy-prevalence"),
                        f.p3(prevalence)
                    ),
                ],
                caption: text!(self.lang, "accuracy-figure-3-precision-recall").into(),
            },
            &|x| f.num(x, 1),
        );
        self.blocks.push(Block::Figure(fig));
    }

    fn thresholds(&mut self, bin: &BinaryEvaluation) {
        let e = self.eval;
        let o = &bin.overall;
        let f = Fmt(self.lang);
        self.h2(
            text!(self.lang, "thresholds-thresholds").into(),
            "thresholds".into(),
        );
        let mut t = Table::numeric(
            vec![
                text!(self.lang, "thresholds-operating-point").into(),
                text!(self.lang, "thresholds-threshold").into(),
                text!(self.lang, "accuracy-sensitivity").into(),
                text!(self.lang, "thresholds-specificity").into(),
            ],
            vec![2.2, 1.0, 1.9, 1.9],
        );
        let m = &o.metrics;
        t.rows.push(Row::styled(
            vec![
                text!(self.lang, "thresholds-plan-vendor-s-threshold").into(),
                f.plain(o.threshold),
                f.est_ci(m.sensitivity.estimate, m.sensitivity.wilson),
                f.est_ci(m.specificity.estimate, m.specificity.wilson),
            ],
            RowStyle::Strong,
        ));
        let point = |label: String, p: &crate::metrics::thresholds::OperatingPoint| {
            Row::new(vec![
                label,
                f.p3(p.threshold),
                f.est_ci(p.sensitivity.estimate, p.sensitivity.wilson),
                f.est_ci(p.specificity.estimate, p.specificity.wilson),
            ])
        };
        let th = &o.thresholds;
        if let Some(y) = &th.youden {
            t.rows.push(point(
                text!(self.lang, "thresholds-youden-optimal-max-sensitivity").into(),
                &y.point,
            ));
        }
        if let Some(y) = &th.closest_topleft {
            t.rows.push(point(
                text!(self.lang, "thresholds-closest-to-the-top").into(),
                &y.point,
            ));
        }
        if let (Some(p), Some(target)) = (
            &th.at_target_sensitivity,
            e.plan.analysis.target_sensitivity,
        ) {
            t.rows.push(point(
                format!(
                    "{} {}",
                    text!(self.lang, "thresholds-at-target-sensitivity"),
                    f.plain(target)
                ),
                p,
            ));
        }
        if let (Some(p), Some(target)) = (
            &th.at_target_specificity,
            e.plan.analysis.target_specificity,
        ) {
            t.rows.push(point(
                format!(
                    "{} {}",
                    text!(self.lang, "thresholds-at-target-specificity"),
                    f.plain(target)
                ),
                p,
            ));
        }
        t.note = Some(text!(self.lang, "thresholds-only-the-plan-s").into());
        self.table(t);
    }

    fn local_prevalence(&mut self, bin: &BinaryEvaluation) {
        let f = Fmt(self.lang);
        let Some(lp) = &bin.overall.thresholds.at_local_prevalence else {
            self.note(text!(self.lang, "local-prevalence-ppv-and-npv-above"));
            return;
        };
        let pv = &lp.predictive_values;
        let k = &lp.per_1000;
        self.para(words!(
            self.lang,
            "local-prevalence-at-the-local-prevalence",
            prevalence = f.pct(pv.prevalence),
            ppv = f.est_ci(pv.ppv.estimate, pv.ppv.ci),
            npv = f.est_ci(pv.npv.estimate, pv.npv.ci),
            flagged = f.num(k.flagged, 0),
            true_positives = f.num(k.true_positives, 0),
            false_positives = f.num(k.false_positives, 0),
            false_negatives = f.num(k.false_negatives, 0)
        ));
    }

    fn calibration(&mut self, bin: &BinaryEvaluation) {
        let f = Fmt(self.lang);
        self.h1("calibration", text!(self.lang, "section-calibration"));
        let Some(c) = &bin.overall.calibration else {
            self.para(text!(self.lang, "calibration-not-computed-some-scores"));
            return;
        };
        self.para(text!(self.lang, "calibration-does-a-score-of"));
        let bins: Vec<(f64, f64, [f64; 2])> = c
            .bins
            .iter()
            .filter(|b| b.n > 0)
            .map(|b| (b.mean_predicted, b.observed, b.ci))
            .collect();
        let fig = figures::reliability(
            &bins,
            PlotWords {
                x: text!(self.lang, "calibration-mean-predicted-probability"),
                y: text!(self.lang, "calibration-observed-frequency"),
                legend: vec![
                    format!("{} (Clopper–Pearson)", text!(self.lang, "calibration-bins")),
                    text!(self.lang, "calibration-perfect-calibration").into(),
                ],
                caption: text!(self.lang, "calibration-figure-4-reliability-diagram").into(),
            },
            &|x| f.num(x, 1),
        );
        self.blocks.push(Block::Figure(fig));
        let mut t = Table::numeric(
            vec![
                text!(self.lang, "accuracy-measure").into(),
                text!(self.lang, "calibration-value").into(),
                text!(self.lang, "calibration-ideal").into(),
            ],
            vec![2.5, 2.0, 0.8],
        );
        let hl = &c.hosmer_lemeshow;
        let rows = [
            (
                text!(self.lang, "calibration-slope-wald"),
                f.est_ci(c.slope.estimate, c.slope.ci),
                "1",
            ),
            (
                text!(self.lang, "calibration-intercept-joint-fit-wald"),
                f.est_ci(c.intercept.estimate, c.intercept.ci),
                "0",
            ),
            (
                text!(self.lang, "calibration-in-the-large"),
                f.est_ci(c.citl.estimate, c.citl.ci),
                "0",
            ),
            ("ECE", f.p3(c.ece), "0"),
            ("MCE", f.p3(c.mce), "0"),
            (
                metric_name(self.lang, Metric::Brier),
                f.p3(bin.overall.metrics.brier.estimate),
                "0",
            ),
            (
                "Hosmer–Lemeshow",
                format!(
                    "χ² = {}, df = {}, p = {}",
                    f.num(hl.chi2, 2),
                    hl.df,
                    f.p_value(hl.p)
                ),
                "",
            ),
        ];
        for (a, b, c) in rows {
            t.rows.push(Row::new(vec![a.into(), b, c.into()]));
        }
        t.note = Some(text!(self.lang, "calibration-a-slope-below-1").into());
        self.table(t);
    }

    fn subgroups(&mut self, bin: &BinaryEvaluation) {
        let e = self.eval;
        let f = Fmt(self.lang);
        self.h1("subgroups", text!(self.lang, "section-subgroups"));
        if bin.subgroups.is_empty() {
            self.para(text!(self.lang, "subgroups-the-plan-names-no"));
            return;
        }
        let a = &e.plan.analysis;
        self.para(words!(
            self.lang,
            "subgroups-each-group-is-compared",
            min_group_n = a.min_group_n,
            min_group_positives = a.min_group_positives,
            min_group_negatives = a.min_group_negatives
        ));
        for (figure_no, report) in (5..).zip(&bin.subgroups) {
            let attr = report.attribute.clone();
            self.h2(
                format!("{} {attr}", text!(self.lang, "subgroups-by")),
                format!("subgroup-{}", slug(&attr)),
            );
            let entries: Vec<&SubgroupEntry> = bin
                .subgroup_entries
                .iter()
                .filter(|g| g.attribute == attr)
                .collect();
            let mut t = Table::numeric(
                vec![
                    text!(self.lang, "subgroups-group").into(),
                    "n".into(),
                    text!(self.lang, "subgroups-pos").into(),
                    text!(self.lang, "accuracy-sensitivity").into(),
                    text!(self.lang, "thresholds-specificity").into(),
                    "AUC".into(),
                    text!(self.lang, "subgroups-finding").into(),
                ],
                vec![1.0, 0.5, 0.6, 2.15, 2.15, 2.15, 1.45],
            );
            t.align[6] = Align::Left;
            for g in &entries {
                let (finding, style) = self.group_finding(g);
                let m = &g.metrics;
                let gate = |s: Status, text: String| gated(g.status, s, text);
                t.rows.push(Row::styled(
                    vec![
                        g.value.clone(),
                        g.n.to_string(),
                        g.n_positive.to_string(),
                        gate(g.gates.sensitivity, self.prop(&m.sensitivity)),
                        gate(g.gates.specificity, self.prop(&m.specificity)),
                        gate(g.gates.auc, f.est_ci(m.auc.estimate, m.auc.delong)),
                        finding,
                    ],
                    style,
                ));
            }
            t.note = Some(format!(
                "{}{}",
                text!(self.lang, "subgroups-grey-rows-too-few"),
                self.patient_level_note()
            ));
            self.table(t);
            let rows = |pick: fn(&SubgroupEntry) -> (&ProportionMetric, Status)| -> Vec<ForestRow> {
                entries
                    .iter()
                    .map(|g| {
                        let (p, s) = pick(g);
                        ForestRow {
                            label: if s == Status::Ok {
                                format!("{} (n {})", g.value, g.n)
                            } else {
                                format!(
                                    "{} (n {}, {})",
                                    g.value,
                                    g.n,
                                    text!(self.lang, "subgroups-insufficient")
                                )
                            },
                            estimate: p.estimate,
                            ci: p.wilson,
                            sufficient: s == Status::Ok,
                        }
                    })
                    .collect()
            };
            let m = &bin.overall.metrics;
            let fig = figures::forest(
                &[
                    (
                        text!(self.lang, "accuracy-sensitivity").into(),
                        m.sensitivity.estimate,
                        rows(|g| (&g.metrics.sensitivity, g.gates.sensitivity)),
                    ),
                    (
                        text!(self.lang, "thresholds-specificity").into(),
                        m.specificity.estimate,
                        rows(|g| (&g.metrics.specificity, g.gates.specificity)),
                    ),
                ],
                words!(
                    self.lang,
                    "subgroups-forest-caption",
                    figure = figure_no,
                    attribute = attr.to_string()
                ),
                &|x| f.num(x, 1),
            );
            self.blocks.push(Block::Figure(fig));
            self.fairness(&report.fairness);
        }
    }

    fn group_finding(&self, g: &SubgroupEntry) -> (String, RowStyle) {
        if g.status == Status::Insufficient {
            return (
                text!(self.lang, "group-finding-too-few-cases-not").into(),
                RowStyle::Muted,
            );
        }
        let worse: Vec<String> = [
            (Metric::Sensitivity, &g.disparity.vs_rest.sensitivity),
            (Metric::Specificity, &g.disparity.vs_rest.specificity),
            (Metric::Auc, &g.disparity.vs_rest.auc),
        ]
        .into_iter()
        .filter_map(|(m, t)| {
            t.as_ref().filter(|t| t.significantly_worse).map(|t| {
                format!(
                    "{} (Holm p {})",
                    metric_name(self.lang, m),
                    self.f.p_value(t.p_holm)
                )
            })
        })
        .collect();
        if worse.is_empty() {
            (
                text!(self.lang, "group-finding-no-significant-difference-from").into(),
                RowStyle::Normal,
            )
        } else {
            (
                format!(
                    "{}: {}",
                    text!(self.lang, "group-finding-significantly-worse"),
                    worse.join(", ")
                ),
                RowStyle::Flag,
            )
        }
    }

    fn fairness(&mut self, fr: &crate::metrics::Fairness) {
        let f = Fmt(self.lang);
        let fl = &fr.fairlearn_compatible;
        let mut t = Table::numeric(
            vec![
                text!(self.lang, "fairness-measure").into(),
                text!(self.lang, "calibration-value").into(),
                "fairlearn".into(),
                text!(self.lang, "calibration-ideal").into(),
            ],
            vec![3.0, 1.0, 1.0, 0.7],
        );
        for (name, ours, theirs, ideal) in [
            (
                text!(self.lang, "fairness-demographic-parity-difference"),
                fr.demographic_parity_difference,
                fl.demographic_parity_difference,
                "0",
            ),
            (
                text!(self.lang, "fairness-demographic-parity-ratio"),
                fr.demographic_parity_ratio,
                fl.demographic_parity_ratio,
                "1",
            ),
            (
                text!(self.lang, "fairness-equal-opportunity-difference-tpr"),
                fr.equal_opportunity_difference,
                fl.equal_opportunity_difference,
                "0",
            ),
            (
                text!(self.lang, "fairness-equalized-odds-difference"),
                fr.equalized_odds_difference,
                fl.equalized_odds_difference,
                "0",
            ),
            (
                text!(self.lang, "fairness-equalized-odds-ratio"),
                fr.equalized_odds_ratio,
                fl.equalized_odds_ratio,
                "1",
            ),
        ] {
            t.rows.push(Row::new(vec![
                name.into(),
                f.p3(ours),
                f.p3(theirs),
                ideal.into(),
            ]));
        }
        let mut note: String = text!(self.lang, "fairness-differences-are-max-min").into();
        if !fr.excluded.is_empty() {
            let names: Vec<String> = fr
                .excluded
                .iter()
                .map(|x| format!("{} ({})", x.group, x.rate))
                .collect();
            note.push_str(&format!(
                " {} {}.",
                text!(self.lang, "fairness-left-out-where-undefined"),
                names.join(", ")
            ));
        }
        if !fr.insufficient_groups.is_empty() {
            note.push_str(&format!(
                " {} {}.",
                text!(self.lang, "fairness-included-although-insufficient"),
                fr.insufficient_groups.join(", ")
            ));
        }
        t.note = Some(note);
        self.table(t);
    }

    /// A rate with the plan's proportion interval.
    fn rate(&self, r: &crate::metrics::subgroups::Rate) -> String {
        let ci = match self.proportion_interval() {
            IntervalKind::ClopperPearson => r.clopper_pearson,
            _ => r.wilson,
        };
        self.f.est_ci(r.estimate, ci)
    }

    /// Figures per month or quarter as a control chart and a table, and the equipment that
    /// appeared part-way through (`metrics::drift`). Periods and months only, never a date.
    fn drift(&mut self, bin: &BinaryEvaluation) {
        let e = self.eval;
        let f = Fmt(self.lang);
        self.h1("drift", text!(self.lang, "section-drift"));
        let Some(d) = &bin.drift else {
            let text = match (e.plan.cohort.kind, &e.plan.cohort.date) {
                (CohortKind::Dicom, _) => {
                    text!(self.lang, "drift-not-assessed-no-image").to_string()
                }
                (CohortKind::Csv, None) => {
                    text!(self.lang, "drift-not-assessed-the-cases").to_string()
                }
                (CohortKind::Csv, Some(column)) => words!(
                    self.lang,
                    "drift-not-assessed-no-value",
                    column = column.to_string()
                ),
            };
            self.para(text);
            return;
        };
        if d.dated == 0 {
            let x = &d.excluded_dates;
            self.para(words!(
                self.lang,
                "drift-not-assessed-implausible",
                placeholder = x.placeholder,
                before_1985 = x.before_1985,
                after_run = x.after_run,
                undated = d.undated
            ));
            return;
        }
        let a = &e.plan.analysis;
        let quarter = d.period == crate::metrics::drift::Period::Quarter;
        // Fluent selects on this: "quarter" or "month".
        let period_kind = if quarter { "quarter" } else { "month" };
        let period_word = words!(self.lang, "drift-period-name", kind = period_kind);
        let source = match e.plan.cohort.kind {
            CohortKind::Dicom => text!(self.lang, "drift-source-dicom").to_string(),
            CohortKind::Csv => words!(
                self.lang,
                "drift-source-column",
                column = e.plan.cohort.date.as_deref().unwrap_or_default()
            ),
        };
        let (first, last) = (
            d.periods.first().map_or("–", |p| p.period.as_str()),
            d.periods.last().map_or("–", |p| p.period.as_str()),
        );
        let periods = words!(
            self.lang,
            "drift-period-count",
            kind = period_kind,
            n = d.periods.iter().map(|p| p.span).sum::<u32>()
        );
        let mut intro = words!(
            self.lang,
            "drift-intro",
            dated = d.dated,
            period = period_word.as_str(),
            source = source,
            periods = periods,
            first = first,
            last = last,
            min_n = a.min_group_n,
            min_positives = a.min_group_positives,
            min_negatives = a.min_group_negatives
        );
        if d.undated > 0 {
            intro.push(' ');
            intro.push_str(&words!(self.lang, "drift-undated", n = d.undated));
        }
        let x = &d.excluded_dates;
        if x.total() > 0 {
            intro.push(' ');
            intro.push_str(&words!(
                self.lang,
                "drift-implausible-dates",
                n = x.total(),
                placeholder = x.placeholder,
                before_1985 = x.before_1985,
                after_run = x.after_run
            ));
        }
        self.para(intro);
        let flagged: Vec<String> = d
            .flagged()
            .map(|p| {
                format!(
                    "{} ({})",
                    p.period,
                    self.worse_metrics(&p.vs_rest).join(", ")
                )
            })
            .collect();
        let tested = d.periods.iter().any(|p| {
            p.gates.sensitivity.is_ok() || p.gates.specificity.is_ok() || p.gates.auc.is_ok()
        });
        if !flagged.is_empty() {
            let text = format!(
                "{}: {}.",
                text!(self.lang, "drift-significantly-worse-than-the"),
                flagged.join("; ")
            );
            self.blocks.push(Block::Paragraph {
                text,
                style: TextStyle::Bold,
            });
        } else if tested {
            self.para(text!(self.lang, "drift-no-period-is-significantly"));
        } else {
            self.para(text!(self.lang, "drift-no-period-has-enough"));
        }

        // A run of empty periods is one slot on the chart, labelled "…" (the table names it).
        let labels: Vec<String> = d
            .periods
            .iter()
            .map(|p| {
                if p.span > 1 {
                    figures::GAP.into()
                } else {
                    p.period.clone()
                }
            })
            .collect();
        let collapsed = d.periods.iter().any(|p| p.span > 1);
        let points = |pick: fn(
            &crate::metrics::drift::PeriodReport,
        ) -> (&crate::metrics::subgroups::Rate, Status, bool)| {
            d.periods
                .iter()
                .map(|p| {
                    let (r, gate, worse) = pick(p);
                    figures::ChartPoint {
                        estimate: r.estimate,
                        ci: r.wilson,
                        mark: if worse {
                            figures::ChartMark::Flagged
                        } else if gate.is_ok() {
                            figures::ChartMark::Tested
                        } else {
                            figures::ChartMark::Insufficient
                        },
                    }
                })
                .collect::<Vec<_>>()
        };
        let figure_no = 5 + bin.subgroups.len();
        let fig = figures::control_chart(
            &[
                (
                    text!(self.lang, "accuracy-sensitivity").into(),
                    d.overall.sensitivity.estimate,
                    points(|p| {
                        (
                            &p.sensitivity,
                            p.gates.sensitivity,
                            p.vs_rest.sensitivity.is_some_and(|t| t.significantly_worse),
                        )
                    }),
                ),
                (
                    text!(self.lang, "thresholds-specificity").into(),
                    d.overall.specificity.estimate,
                    points(|p| {
                        (
                            &p.specificity,
                            p.gates.specificity,
                            p.vs_rest.specificity.is_some_and(|t| t.significantly_worse),
                        )
                    }),
                ),
            ],
            &labels,
            &[
                text!(self.lang, "drift-tested").into(),
                text!(self.lang, "group-finding-significantly-worse").into(),
                text!(self.lang, "drift-too-few-not-tested").into(),
                text!(self.lang, "drift-whole-dated-cohort").into(),
            ],
            words!(
                self.lang,
                "drift-figure-caption",
                figure = figure_no,
                period = period_word.as_str(),
                collapsed = if collapsed { "yes" } else { "no" }
            ),
            &|x| f.num(x, 1),
        );
        self.blocks.push(Block::Figure(fig));

        let mut t = Table::numeric(
            vec![
                text!(self.lang, "drift-period").into(),
                "n".into(),
                text!(self.lang, "subgroups-pos").into(),
                text!(self.lang, "accuracy-sensitivity").into(),
                text!(self.lang, "thresholds-specificity").into(),
                "AUC".into(),
                text!(self.lang, "subgroups-finding").into(),
            ],
            vec![
                if collapsed { 1.4 } else { 1.0 },
                0.75,
                0.7,
                2.05,
                2.05,
                2.05,
                1.45,
            ],
        );
        t.align[6] = Align::Left;
        for p in &d.periods {
            let (finding, style) = if p.n == 0 {
                (
                    text!(self.lang, "drift-no-cases").to_string(),
                    RowStyle::Muted,
                )
            } else if p.status == Status::Insufficient && !p.significantly_worse {
                (
                    text!(self.lang, "group-finding-too-few-cases-not").into(),
                    RowStyle::Muted,
                )
            } else if p.significantly_worse {
                (
                    format!(
                        "{}: {}",
                        text!(self.lang, "group-finding-significantly-worse"),
                        self.worse_metrics(&p.vs_rest).join(", ")
                    ),
                    RowStyle::Flag,
                )
            } else {
                (
                    text!(self.lang, "drift-no-significant-difference").into(),
                    RowStyle::Normal,
                )
            };
            let gate = |s: Status, text: String| gated(p.status, s, text);
            t.rows.push(Row::styled(
                vec![
                    // "2019-04 –" / "2022-12" when it wraps, never the dash alone.
                    p.period.replace(" – ", "\u{a0}– "),
                    p.n.to_string(),
                    p.n_positive.to_string(),
                    gate(p.gates.sensitivity, self.rate(&p.sensitivity)),
                    gate(p.gates.specificity, self.rate(&p.specificity)),
                    gate(p.gates.auc, f.est_ci(p.auc.auc, p.auc.ci)),
                    finding,
                ],
                style,
            ));
        }
        t.rows.push(Row::styled(
            vec![
                text!(self.lang, "drift-all-dated").into(),
                d.overall.n.to_string(),
                d.overall.sensitivity.n.to_string(),
                self.rate(&d.overall.sensitivity),
                self.rate(&d.overall.specificity),
                f.est_ci(d.overall.auc.auc, d.overall.auc.ci),
                String::new(),
            ],
            RowStyle::Strong,
        ));
        t.note = Some(format!(
            "{}{}",
            text!(self.lang, "drift-grey-rows-too-few"),
            self.patient_level_note()
        ));
        self.table(t);
        self.drift_equipment(d);
    }

    /// "sensitivity (Holm p 0.012)" for each metric significantly worse than the rest.
    fn worse_metrics(
        &self,
        vs_rest: &crate::metrics::subgroups::PerMetric<Option<crate::metrics::subgroups::Tested>>,
    ) -> Vec<String> {
        [
            (Metric::Sensitivity, &vs_rest.sensitivity),
            (Metric::Specificity, &vs_rest.specificity),
            (Metric::Auc, &vs_rest.auc),
        ]
        .into_iter()
        .filter_map(|(m, t)| {
            t.as_ref().filter(|t| t.significantly_worse).map(|t| {
                format!(
                    "{} (Holm p {})",
                    metric_name(self.lang, m),
                    self.f.p_value(t.p_holm)
                )
            })
        })
        .collect()
    }

    /// When each followed attribute value (scanner, software) first and last appears.
    fn drift_equipment(&mut self, d: &crate::metrics::drift::Drift) {
        let e = self.eval;
        self.h2(
            text!(self.lang, "drift-equipment-equipment-over-time").into(),
            "drift-equipment".into(),
        );
        if d.attributes.is_empty() {
            self.para(text!(self.lang, "drift-equipment-no-attribute-is-followed"));
            return;
        }
        let names = d.attributes.join(", ");
        if d.equipment.is_empty() {
            self.para(words!(
                self.lang,
                "drift-equipment-no-dated-case-states",
                names = names.to_string()
            ));
            return;
        }
        let first = d.periods.first().map_or("–", |p| p.period.as_str());
        self.para(words!(
            self.lang,
            "drift-equipment-the-month-each-value",
            names = names.to_string(),
            first = first.to_string()
        ));
        let new: Vec<String> = d
            .new_mid_cohort()
            .map(|v| {
                words!(
                    self.lang,
                    "drift-new-equipment",
                    attribute = v.attribute.to_string(),
                    value = v.value.to_string(),
                    first_seen = v.first_seen.to_string(),
                    cases = v.cases
                )
            })
            .collect();
        if !new.is_empty() {
            let text = format!(
                "{}: {}.",
                text!(self.lang, "drift-equipment-new-mid-cohort"),
                new.join("; ")
            );
            self.blocks.push(Block::Paragraph {
                text,
                style: TextStyle::Bold,
            });
        }
        let mut t = Table::text(
            vec![
                text!(self.lang, "drift-equipment-attribute").into(),
                text!(self.lang, "calibration-value").into(),
                text!(self.lang, "drift-equipment-first-seen").into(),
                text!(self.lang, "drift-equipment-last-seen").into(),
                text!(self.lang, "cohort-cases-2").into(),
                text!(self.lang, "subgroups-finding").into(),
            ],
            vec![2.4, 1.7, 0.9, 0.9, 0.6, 1.6],
        );
        t.align[4] = Align::Right;
        for v in &d.equipment {
            let (finding, style) = if v.new_mid_cohort {
                (
                    text!(self.lang, "drift-equipment-new-mid-cohort-2"),
                    RowStyle::Flag,
                )
            } else {
                (
                    text!(self.lang, "drift-equipment-from-the-first-period"),
                    RowStyle::Normal,
                )
            };
            t.rows.push(Row::styled(
                vec![
                    v.attribute.clone(),
                    v.value.clone(),
                    v.first_seen.clone(),
                    v.last_seen.clone(),
                    v.cases.to_string(),
                    finding.into(),
                ],
                style,
            ));
        }
        t.note = Some(
            match e.plan.cohort.kind {
                CohortKind::Dicom => text!(self.lang, "drift-equipment-values-of-each-case"),
                CohortKind::Csv => text!(self.lang, "drift-equipment-values-of-the-plan"),
            }
            .into(),
        );
        self.table(t);
    }

    fn comparisons(&mut self, bin: &BinaryEvaluation) {
        if bin.comparisons.is_empty() {
            return;
        }
        let f = Fmt(self.lang);
        self.h1("comparisons", text!(self.lang, "section-comparisons"));
        self.para(text!(self.lang, "comparisons-the-main-score-against"));
        let mut t = Table::numeric(
            vec![
                text!(self.lang, "comparisons-source").into(),
                "n".into(),
                text!(self.lang, "comparisons-auc-main").into(),
                text!(self.lang, "comparisons-auc-other").into(),
                text!(self.lang, "comparisons-difference").into(),
                "DeLong p".into(),
                text!(self.lang, "comparisons-mcnemar-p-sens").into(),
                text!(self.lang, "comparisons-mcnemar-p-spec").into(),
            ],
            vec![1.6, 0.6, 0.9, 0.9, 1.9, 0.9, 1.0, 1.0],
        );
        for c in &bin.comparisons {
            t.rows.push(Row::new(vec![
                c.name.clone(),
                c.n.to_string(),
                f.p3(c.delong.auc_a),
                f.p3(c.delong.auc_b),
                f.est_ci(c.delong.difference, c.delong.ci),
                f.p_value(c.delong.p_value),
                f.p_value(c.mcnemar.sensitivity.mcnemar.p_value),
                f.p_value(c.mcnemar.specificity.mcnemar.p_value),
            ]));
        }
        self.table(t);
    }

    /// Beside the pre-specified figures, the same with the labels a reviewer adjudicated after
    /// the run (`crate::adjudication`): a sensitivity analysis, never the verdict.
    fn adjudication(&mut self, bin: &BinaryEvaluation) {
        let Some(a) = &self.eval.adjudication else {
            return;
        };
        let f = Fmt(self.lang);
        self.h1("adjudication", text!(self.lang, "section-adjudication"));
        self.para(words!(
            self.lang,
            "adjudication-what-was-reviewed",
            errors = a.errors,
            adjudicated = a.adjudicated(),
            reference_wrong = a.reference_wrong,
            model_right = a.model_right,
            model_wrong = a.model_wrong,
            cannot_tell = a.cannot_tell,
        ));
        let mut t = Table::numeric(
            vec![
                text!(self.lang, "accuracy-measure").into(),
                text!(self.lang, "adjudication-pre-specified").into(),
                text!(self.lang, "adjudication-adjudicated").into(),
                text!(self.lang, "adjudication-interval").into(),
            ],
            vec![1.6, 1.9, 1.9, 1.2],
        );
        let analysis = &self.eval.plan.analysis;
        for metric in [
            Metric::Sensitivity,
            Metric::Specificity,
            Metric::Ppv,
            Metric::Npv,
            Metric::Accuracy,
            Metric::Auc,
        ] {
            let info = crate::metric::info(metric);
            let interval = info.interval_in(analysis);
            let before = info.figure_of(&bin.overall.metrics, None, interval);
            let after = info.figure_of(&a.metrics, None, interval);
            t.rows.push(Row::new(vec![
                capitalised(info.name(self.lang)),
                f.est_ci(before.estimate, before.interval),
                f.est_ci(after.estimate, after.interval),
                before.method.to_string(),
            ]));
        }
        t.note = Some(text!(self.lang, "adjudication-convention").into());
        self.table(t);
    }

    fn claims(&mut self) {
        let e = self.eval;
        let f = Fmt(self.lang);
        self.h1("claims", text!(self.lang, "section-claims"));
        if e.claims.is_empty() {
            self.para(text!(self.lang, "claims-the-plan-records-no"));
            return;
        }
        if let Some(src) = &e.plan.claims.source {
            self.para(format!(
                "{}: {src}",
                text!(self.lang, "claims-source-of-the-claims")
            ));
        }
        let mut t = Table::numeric(
            vec![
                text!(self.lang, "accuracy-measure").into(),
                text!(self.lang, "claims-claimed").into(),
                text!(self.lang, "claims-local-result").into(),
                text!(self.lang, "claims-assessment").into(),
            ],
            vec![1.4, 0.9, 2.0, 3.0],
        );
        t.align[3] = Align::Left;
        for c in &e.claims {
            let (text, style) = match c.status {
                ClaimStatus::Compatible => (
                    words!(
                        self.lang,
                        "claims-compatible-the-claim-lies",
                        margin = f.plain(c.margin)
                    ),
                    RowStyle::Normal,
                ),
                ClaimStatus::NotTestable => (
                    words!(
                        self.lang,
                        "claims-not-testable-at-this",
                        margin = f.plain(c.margin),
                        claimed_margin = f.p3(c.claimed - c.margin)
                    ),
                    RowStyle::Strong,
                ),
                ClaimStatus::BelowClaim => (
                    text!(self.lang, "claims-lower-than-claimed-the").into(),
                    RowStyle::Flag,
                ),
                ClaimStatus::AboveClaim => (
                    text!(self.lang, "claims-higher-than-claimed-the").into(),
                    RowStyle::Normal,
                ),
                ClaimStatus::NotEstimable => (
                    text!(self.lang, "criterion-reason-cannot-be-estimated-on").into(),
                    RowStyle::Muted,
                ),
            };
            t.rows.push(Row::styled(
                vec![
                    capitalised(metric_name(self.lang, c.metric)),
                    f.plain(c.claimed),
                    format!(
                        "{} {}",
                        c.estimate.map_or("–".into(), |x| f.p3(x)),
                        f.opt_ci(c.ci)
                    ),
                    text,
                ],
                style,
            ));
        }
        let margin = f.plain(crate::acceptance::CLAIM_MARGIN);
        t.note = Some(format!(
            "{} {}",
            text!(self.lang, "claims-local-intervals-as-the"),
            words!(
                self.lang,
                "claims-compatible-a-two-sided",
                margin = margin.to_string(),
                margin2 = margin.to_string(),
                margin3 = margin.to_string()
            )
        ));
        self.table(t);
    }

    fn methods(&mut self) {
        let e = self.eval;
        self.h1("methods", text!(self.lang, "section-methods"));
        self.h2(
            text!(self.lang, "methods-conventions").into(),
            "conventions".into(),
        );
        let conv = match &e.task {
            TaskEvaluation::Binary(_) => {
                let mut conv = crate::evaluation::conventions(&e.plan, self.lang);
                let a = &e.plan.analysis;
                conv.push(words!(
                    self.lang,
                    "methods-criteria-on-proportions-are",
                    proportion_interval = self.interval_name(a.proportion_interval),
                    auc_interval = self.interval_name(a.auc_interval)
                ));
                conv.push(text!(self.lang, "methods-every-figure-in-this").into());
                conv
            }
            TaskEvaluation::Segmentation(s) => self.segmentation_conventions(&s.segmentation),
            TaskEvaluation::Detection(d) => self.detection_conventions(d),
            TaskEvaluation::Multilabel(f) | TaskEvaluation::Multiclass(f) => {
                self.findings_conventions(f)
            }
        };
        self.blocks.push(Block::List(conv));
        self.h2(
            text!(self.lang, "methods-limitations").into(),
            "limitations".into(),
        );
        let mut lim: Vec<String> = Vec::new();
        let bin = e.binary();
        let sample_size = bin.map_or(&[][..], |b| b.sample_size.as_slice());
        for w in sample_size.iter().filter(|w| !w.can_pass) {
            lim.push(self.sample_size_warning(w));
        }
        for w in sample_size.iter().filter(|w| w.can_pass) {
            lim.push(words!(
                self.lang,
                "methods-precision-metric-name-metric",
                metric = metric_name(self.lang, w.metric),
                n = w.n,
                half_width_at_limit = self.f.p3(w.half_width_at_limit)
            ));
        }
        let c = &e.cohort;
        if c.rows > 0 && !c.excluded.is_empty() {
            lim.push(words!(
                self.lang,
                "methods-excluded-share",
                excluded = c.excluded.len(),
                rows = c.rows,
                share = self.f.pct(c.excluded.len() as f64 / c.rows as f64)
            ));
        }
        if bin.is_some_and(|b| b.overall.n_patients.is_some()) && !sample_size.is_empty() {
            lim.push(text!(self.lang, "methods-the-precision-notes-above").into());
        }
        if let Some(r) = c.repeated_patients {
            lim.push(words!(
                self.lang,
                "methods-clustered-without-key",
                units = r.units,
                patients = r.patients
            ));
        }
        let unit_level = match &e.task {
            TaskEvaluation::Binary(bin) => Some(bin),
            TaskEvaluation::Detection(d) => Some(&d.unit_level),
            _ => None,
        };
        match &e.task {
            TaskEvaluation::Binary(_) | TaskEvaluation::Detection(_) => {
                let bin = unit_level.expect("binary figures");
                let insufficient: Vec<String> = bin
                    .subgroup_entries
                    .iter()
                    .filter(|g| g.status == Status::Insufficient)
                    .map(|g| format!("{} = {}", g.attribute, g.value))
                    .collect();
                if !insufficient.is_empty() {
                    lim.push(format!(
                        "{} {}.",
                        text!(self.lang, "methods-too-few-cases-to"),
                        insufficient.join(", ")
                    ));
                }
                if bin.subgroups.is_empty() {
                    lim.push(text!(self.lang, "methods-no-subgroup-analysis-the").into());
                }
                match &bin.drift {
                    None => lim.push(text!(self.lang, "methods-no-analysis-over-time").into()),
                    Some(d) => {
                        if d.undated > 0 {
                            lim.push(words!(
                                self.lang,
                                "methods-undated",
                                undated = d.undated,
                                cases = d.dated + d.undated
                            ));
                        }
                        let new: Vec<String> = d
                            .new_mid_cohort()
                            .map(|v| {
                                words!(
                                    self.lang,
                                    "methods-v-attribute-v-value",
                                    attribute = v.attribute.to_string(),
                                    value = v.value.to_string(),
                                    first_seen = v.first_seen.to_string()
                                )
                            })
                            .collect();
                        if !new.is_empty() {
                            lim.push(words!(
                                self.lang,
                                "methods-equipment-changed-during-the",
                                new = (new.join(", ")).to_string()
                            ));
                        }
                    }
                }
                if bin.overall.calibration.is_none() {
                    lim.push(text!(self.lang, "methods-calibration-not-assessed-the").into());
                }
            }
            TaskEvaluation::Segmentation(s) => {
                self.segmentation_limitations(&s.segmentation, &mut lim);
            }
            TaskEvaluation::Multilabel(f) | TaskEvaluation::Multiclass(f) => {
                self.findings_limitations(f, &mut lim);
            }
        }
        if e.study.reference_standard.is_none() {
            lim.push(text!(self.lang, "methods-the-plan-does-not").into());
        }
        lim.push(text!(self.lang, "methods-a-retrospective-validation-on").into());
        self.blocks.push(Block::List(lim));
    }

    fn stard(&mut self) {
        self.blocks.push(Block::PageBreak);
        self.h1("stard", text!(self.lang, "section-stard"));
        self.para(text!(self.lang, "stard-each-item-of-the"));
        let numbers = self.numbers.clone();
        let number_of = |id: &str| numbers.iter().find(|(i, _)| i == id).map(|(_, n)| *n);
        let items = crate::report::stard::items(self.eval, self.lang, &number_of);
        let mut t = Table::text(
            vec![
                text!(self.lang, "stard-item").into(),
                text!(self.lang, "stard-what-stard-asks").into(),
                text!(self.lang, "stard-where-answered").into(),
            ],
            vec![0.5, 3.2, 2.2],
        );
        for it in items {
            t.rows.push(Row::styled(
                vec![it.number.into(), it.topic.into(), it.answer],
                if it.filled {
                    RowStyle::Normal
                } else {
                    RowStyle::Strong
                },
            ));
        }
        t.note = Some(text!(self.lang, "stard-bold-rows-are-for").into());
        self.table(t);
        self.h2(
            text!(self.lang, "stard-ai-specific-topics-claim").into(),
            "ai-topics".into(),
        );
        let mut t = Table::text(
            vec![
                text!(self.lang, "stard-topic").into(),
                text!(self.lang, "stard-where-answered").into(),
            ],
            vec![3.2, 2.7],
        );
        for (topic, answer, filled) in
            crate::report::stard::ai_topics(self.eval, self.lang, &number_of)
        {
            t.rows.push(Row::styled(
                vec![topic, answer],
                if filled {
                    RowStyle::Normal
                } else {
                    RowStyle::Strong
                },
            ));
        }
        self.table(t);
    }

    fn sign_off(&mut self) {
        let e = self.eval;
        self.h1("signoff", text!(self.lang, "section-signoff"));
        let rows: Vec<Signatory> = if e.plan.report.sign_off.is_empty() {
            vec![
                Signatory {
                    role: text!(self.lang, "sign-off-reviewing-medical-physicist").into(),
                    name: String::new(),
                },
                Signatory {
                    role: text!(self.lang, "sign-off-clinical-lead").into(),
                    name: String::new(),
                },
            ]
        } else {
            e.plan
                .report
                .sign_off
                .iter()
                .map(|s| Signatory {
                    role: s.role.clone(),
                    name: s.name.clone(),
                })
                .collect()
        };
        let intro = words!(
            self.lang,
            "sign-off-we-have-reviewed-this",
            study_name = e.study.name.to_string(),
            acceptance_verdict = verdict_word(self.lang, e.acceptance.verdict)
        );
        self.blocks.push(Block::SignOff {
            intro,
            rows,
            labels: SignOffLabels {
                role: text!(self.lang, "sign-off-role").into(),
                name: text!(self.lang, "sign-off-name").into(),
                date: text!(self.lang, "sign-off-date").into(),
                signature: text!(self.lang, "sign-off-signature").into(),
            },
        });
    }

    /// Cases for review and excluded cases, by pseudonymous id only.
    fn appendix(&mut self) {
        let e = self.eval;
        self.blocks.push(Block::PageBreak);
        self.blocks.push(Block::Heading {
            level: 1,
            text: text!(self.lang, "appendix-a-cases-for").into(),
            id: "appendix-a".into(),
        });
        if let Some(seg) = e.segmentation() {
            self.segmentation_review(seg);
        } else {
            self.binary_errors();
        }
        self.occlusion_maps();
        self.excluded_appendix();
    }

    /// Appendix A of a binary run: the false negatives and false positives.
    fn binary_errors(&mut self) {
        const MAX: usize = APPENDIX_ERRORS;
        let e = self.eval;
        let f = Fmt(self.lang);
        self.para(text!(self.lang, "appendix-false-negatives-and-false"));
        for (positive, title) in [
            (true, text!(self.lang, "appendix-false-negatives")),
            (false, text!(self.lang, "appendix-false-positives")),
        ] {
            let (count, errs) = errors(e, positive, MAX);
            self.h2(format!("{title} ({count})"), format!("errors-{positive}"));
            if errs.is_empty() {
                self.para(text!(self.lang, "appendix-none"));
                continue;
            }
            self.error_tiles(positive, count);
            let mut header = vec![
                text!(self.lang, "appendix-case-id").to_string(),
                text!(self.lang, "appendix-score").into(),
            ];
            header.extend(e.cohort.subgroups.iter().cloned());
            let n = header.len();
            let mut widths = vec![2.5, 1.0];
            widths.extend(std::iter::repeat_n(1.2, n - 2));
            let mut t = Table::text(header, widths);
            t.align[1] = Align::Right;
            for (_, c) in &errs {
                let mut cells = vec![c.id.to_string(), f.num(c.score, 4)];
                cells.extend(c.subgroups.iter().map(|s| s.to_string()));
                t.rows.push(Row::new(cells));
            }
            if count > MAX {
                t.note = Some(words!(
                    self.lang,
                    "appendix-the-first-max-of",
                    errs = count.to_string()
                ));
            }
            self.table(t);
        }
    }

    /// The worst false negatives (`false_negative`) or false positives of a DICOM run as
    /// images, with their pseudonymous ids and scores (`run::error_tiles`); nothing for a CSV
    /// cohort or when no image could be drawn.
    fn error_tiles(&mut self, false_negative: bool, errors: usize) {
        let Some(bin) = self.eval.binary() else {
            return;
        };
        let l = self.lang;
        let tiles: Vec<figures::TileImage> = bin
            .error_tiles
            .iter()
            .filter(|t| t.false_negative == false_negative)
            .filter_map(|t| {
                let none = vec![false; t.pixels.len()];
                let o = provestein_report::raster::overlay(
                    t.width,
                    t.height,
                    &t.pixels,
                    &none,
                    &none,
                    figures::CONTOURS,
                )?;
                Some(figures::TileImage {
                    png: std::sync::Arc::new(provestein_report::raster::png(&o)),
                    width: o.width,
                    height: o.height,
                    label: vec![
                        t.case.clone(),
                        words!(l, "appendix-tile-score", score = self.f.num(t.score, 3)),
                    ],
                })
            })
            .collect();
        let left_out = |reason| {
            bin.error_tiles_left_out
                .iter()
                .filter(|o| o.false_negative == false_negative && o.reason == reason)
                .count()
        };
        let (burned, undecodable) = (
            left_out(crate::run::error_tiles::NotDrawn::MayShowText),
            left_out(crate::run::error_tiles::NotDrawn::Undecodable),
        );
        let mut notes = Vec::new();
        if burned > 0 {
            notes.push(words!(l, "appendix-tiles-left-out-text", n = burned));
        }
        if undecodable > 0 {
            notes.push(words!(
                l,
                "appendix-tiles-left-out-undecodable",
                n = undecodable
            ));
        }
        if tiles.is_empty() {
            for note in notes {
                self.note(note);
            }
            return;
        }
        let caption = if false_negative {
            words!(
                l,
                "appendix-tiles-fn-caption",
                n = tiles.len(),
                errors = errors
            )
        } else {
            words!(
                l,
                "appendix-tiles-fp-caption",
                n = tiles.len(),
                errors = errors
            )
        };
        let fig = figures::tiles(
            &tiles,
            figures::TileWords {
                truth: String::new(),
                prediction: String::new(),
                caption,
            },
        );
        self.blocks.push(Block::Figure(fig));
        for note in notes {
            self.note(note);
        }
    }

    /// Appendix B: every excluded case, file or line with its reason.
    fn excluded_appendix(&mut self) {
        const MAX: usize = 40;
        let e = self.eval;
        if e.cohort.excluded.is_empty() {
            return;
        }
        self.blocks.push(Block::Heading {
            level: 1,
            text: text!(self.lang, "appendix-b-excluded-cases").into(),
            id: "appendix-b".into(),
        });
        let mut t = Table::text(
            vec![
                text!(self.lang, "appendix-case-line-or-file").into(),
                text!(self.lang, "appendix-reason").into(),
                text!(self.lang, "appendix-detail").into(),
            ],
            vec![2.2, 1.6, 3.0],
        );
        for x in e.cohort.excluded.iter().take(MAX * 2) {
            let place = match (&x.file, x.line) {
                (Some(file), _) => file.clone(),
                (None, Some(line)) if x.id.is_empty() => {
                    format!("{} {line}", text!(self.lang, "appendix-line"))
                }
                (None, Some(line)) => {
                    format!("{} ({} {line})", x.id, text!(self.lang, "appendix-line"))
                }
                (None, None) => x.id.clone(),
            };
            t.rows.push(Row::new(vec![
                place,
                capitalised(reason_text(self.lang, x.reason)),
                x.detail.clone(),
            ]));
        }
        if e.cohort.excluded.len() > MAX * 2 {
            t.note = Some(words!(
                self.lang,
                "appendix-the-first-max-of-2",
                max = (MAX * 2).to_string(),
                cohort_excluded = (e.cohort.excluded.len()).to_string()
            ));
        } else {
            t.note = Some(text!(self.lang, "appendix-details-are-the-engine").into());
        }
        self.table(t);
    }
}

/// Appendix A lists at most this many false negatives, and as many false positives.
const APPENDIX_ERRORS: usize = 40;

/// How many false negatives (`positive`) or false positives there are at the plan's threshold,
/// and the `top` most confident of them with their index in the binary run's cases, most
/// confident first (ties by id): Appendix A's lists (none for another kind of task). Only those
/// are sorted: a million-case run has a few hundred thousand errors, and sorting them all was
/// a tenth of its time.
pub(crate) fn errors(
    eval: &Evaluation,
    positive: bool,
    top: usize,
) -> (usize, Vec<(usize, &CaseResult)>) {
    let Some(bin) = eval.binary() else {
        return (0, Vec::new());
    };
    let threshold = bin.overall.threshold;
    let errs: Vec<(usize, &CaseResult)> = bin
        .cases
        .iter()
        .enumerate()
        .filter(|(_, c)| c.label == positive && (c.score >= threshold) != positive)
        .collect();
    let count = errs.len();
    let order = |(_, a): &(usize, &CaseResult), (_, b): &(usize, &CaseResult)| {
        (b.score - threshold)
            .abs()
            .total_cmp(&(a.score - threshold).abs())
            .then_with(|| a.id.cmp(&b.id))
    };
    (count, first_sorted(errs, top, order))
}

/// The `top` first of `items` under `order` (a strict order), sorted: what sorting all of them
/// and keeping `top` gives, without sorting the rest.
fn first_sorted<T>(
    mut items: Vec<T>,
    top: usize,
    order: impl Fn(&T, &T) -> std::cmp::Ordering,
) -> Vec<T> {
    if items.len() > top {
        items.select_nth_unstable_by(top, &order);
        items.truncate(top);
    }
    items.sort_by(order);
    items
}

/// A figure in a group's (or period's) row: a group insufficient as a whole is muted and says
/// so in its row; a figure gated on its own (too few positives, say) is marked †.
fn gated(group: Status, figure: Status, text: String) -> String {
    if figure == Status::Ok || group == Status::Insufficient {
        text
    } else {
        format!("{text} †")
    }
}

fn file_name(p: &std::path::Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

/// "2026-12-01T15:49:09.123Z" → "2026-12-01 15:49:09 UTC".
/// "#1, #2".
fn run_list(ids: &[i64]) -> String {
    ids.iter()
        .map(|i| format!("#{i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn short_time(t: &str) -> String {
    match (t.get(..10), t.get(11..19)) {
        (Some(d), Some(h)) => format!("{d} {h} UTC"),
        _ => t.to_string(),
    }
}

fn slug(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first `top` under a strict order are those of a full sort, for `top` below, at and
    /// above the number of items, with many ties on the first key.
    #[test]
    fn first_sorted_is_the_head_of_a_full_sort() {
        let items: Vec<(u32, u32)> = (0..5000u32).map(|i| ((i * 7919) % 101, i)).collect();
        let order = |a: &(u32, u32), b: &(u32, u32)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        let mut all = items.clone();
        all.sort_by(order);
        for top in [0, 1, 40, 4999, 5000, 6000] {
            let got = first_sorted(items.clone(), top, order);
            assert_eq!(got, all[..top.min(all.len())], "top {top}");
        }
    }

    #[test]
    fn numbers_are_written_as_each_language_writes_them() {
        let (en, nb) = (Fmt(Lang::En), Fmt(Lang::Nb));
        assert_eq!(en.p3(0.93751), "0.938");
        assert_eq!(nb.p3(0.93751), "0,938");
        assert_eq!(en.ci([0.81, 0.956]), "[0.810, 0.956]");
        assert_eq!(nb.ci([0.81, 0.956]), "[0,810; 0,956]");
        assert_eq!(en.p3(-0.0021), "−0.002", "a real minus sign");
        assert_eq!(en.p3(f64::NAN), "–");
        assert_eq!(en.ci([f64::NAN, 1.0]), "not computed");
        assert_eq!(nb.pct(0.938), "93,8\u{a0}%");
        assert_eq!(en.p_value(0.0004), "< 0.001");
        assert_eq!(nb.plain(0.05), "0,05");
    }
}
