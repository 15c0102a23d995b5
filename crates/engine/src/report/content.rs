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
use crate::evaluation::{CaseResult, Evaluation, ProportionMetric, SubgroupEntry};
use crate::i18n::Lang;
use crate::metrics::Status;
use crate::plan::{Bound, CohortKind, IntervalKind, Metric};
use crate::report::doc::{
    Align, Block, Document, Row, RowStyle, SignOffLabels, Signatory, Table, TextStyle,
};
use crate::report::figures::{self, ForestRow, PlotWords};

mod importance;
mod occlusion;
mod vendor;

/// English or Norwegian, chosen once per call site: `tr(lang, "English", "norsk")`.
use crate::i18n::Numbers as Fmt;

fn tr(lang: Lang, en: &'static str, nb: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Nb => nb,
    }
}

/// One sentence in `lang`: both versions take the same values, in the same order, at `{}`.
fn say(lang: Lang, en: &'static str, nb: &'static str, args: &[&dyn std::fmt::Display]) -> String {
    crate::i18n::Text { en, nb }.fill(lang, args)
}

fn metric_name(lang: Lang, m: Metric) -> &'static str {
    match m {
        Metric::Sensitivity => tr(lang, "sensitivity", "sensitivitet"),
        Metric::Specificity => tr(lang, "specificity", "spesifisitet"),
        Metric::Ppv => "PPV",
        Metric::Npv => "NPV",
        Metric::Accuracy => tr(lang, "accuracy", "treffsikkerhet"),
        Metric::Auc => "ROC AUC",
        Metric::Brier => tr(lang, "Brier score", "Brier-skår"),
        Metric::CalibrationSlope => tr(lang, "calibration slope", "kalibreringsstigning"),
        Metric::CalibrationInTheLarge => {
            tr(lang, "calibration-in-the-large", "kalibrering i det store")
        }
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

fn interval_name(k: IntervalKind) -> &'static str {
    match k {
        IntervalKind::Wilson => "Wilson",
        IntervalKind::ClopperPearson => "Clopper–Pearson",
        IntervalKind::Delong => "DeLong",
        IntervalKind::Bootstrap => "bootstrap",
        IntervalKind::Wald => "Wald",
    }
}

pub fn verdict_word(lang: Lang, v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => tr(lang, "PASS", "BESTÅTT"),
        Verdict::Fail => tr(lang, "FAIL", "IKKE BESTÅTT"),
        Verdict::Inconclusive => tr(lang, "INCONCLUSIVE", "UAVKLART"),
    }
}

fn reason_text(lang: Lang, r: ExclusionReason) -> &'static str {
    use ExclusionReason as E;
    match lang {
        Lang::En => r.describe(),
        Lang::Nb => match r {
            E::MissingId => "mangler id",
            E::MissingLabel => "mangler fasit",
            E::UnknownLabel => "fasiten er ingen av klassene",
            E::BadFeature => "modellinndata er ikke et tall",
            E::NoScore => "mangler leverandørskår",
            E::BadScore => "skåren er ikke et endelig tall",
            E::NotDicom => "ikke DICOM",
            E::Unreadable => "uleselig DICOM",
            E::NoPixelData => "ingen bildedata",
            E::UnsupportedSyntax => "overføringssyntaks støttes ikke",
            E::DecodeError => "bildedata kunne ikke dekodes",
            E::NoLabel => "mangler fasit",
            E::Filtered => "utelatt av include-filteret",
            E::ConflictingLabels => "motstridende fasit i én enhet",
            E::MissingFile => "oppført i DICOMDIR, men mangler",
            E::InferenceFailed => "modellen feilet på den",
            E::Timeout => "modellen brukte mer enn tidsgrensen",
            E::Unscorable => "kan ikke skåres av modellen (inndatastørrelse eller -form)",
            E::SpecialFile => "ikke en vanlig fil",
            E::TooLarge => "bildet er over størrelsesgrensene",
            E::BadHeader => "ubrukelig verdi i DICOM-hodet",
        },
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
    b.accuracy();
    b.importance();
    b.calibration();
    b.subgroups();
    b.drift();
    b.comparisons();
    b.claims();
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
        .map(|h| format!(" · {} {}", tr(lang, "plan", "plan"), &h[..h.len().min(12)]))
        .unwrap_or_default();
    Document {
        lang,
        title: tr(lang, "Validation report", "Valideringsrapport").into(),
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
    fn tr(&self, en: &'static str, nb: &'static str) -> &'static str {
        tr(self.lang, en, nb)
    }

    fn say(&self, en: &'static str, nb: &'static str, args: &[&dyn std::fmt::Display]) -> String {
        say(self.lang, en, nb, args)
    }

    fn h1(&mut self, id: &str, en: &'static str, nb: &'static str) {
        self.section += 1;
        self.numbers.push((id.to_string(), self.section));
        let text = format!("{} {}", self.section, self.tr(en, nb));
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
            IntervalKind::Delong => self.eval.binary().overall.metrics.auc.analytic_name(),
            k => interval_name(k),
        }
    }

    /// "The lower 95 % Wilson bound of sensitivity ≥ 0.80 (worst subgroup)".
    fn criterion_sentence(&self, c: &CriterionResult, worst: bool) -> String {
        let metric = metric_name(self.lang, c.metric);
        let conf = self.pct_conf();
        let iv = self.interval_name(c.interval);
        let what = match (c.bound, self.lang) {
            (Bound::Estimate, Lang::En) => format!("Estimate of {metric}"),
            (Bound::Estimate, Lang::Nb) => format!("Estimat for {metric}"),
            (Bound::CiLow, Lang::En) => format!("Lower {conf} {iv} bound of {metric}"),
            (Bound::CiLow, Lang::Nb) => format!("Nedre {conf} {iv}-grense for {metric}"),
            (Bound::CiHigh, Lang::En) => format!("Upper {conf} {iv} bound of {metric}"),
            (Bound::CiHigh, Lang::Nb) => format!("Øvre {conf} {iv}-grense for {metric}"),
        };
        let limit = match (c.min, c.max) {
            (Some(m), _) => format!("≥ {}", self.f.plain(m)),
            (_, Some(m)) => format!("≤ {}", self.f.plain(m)),
            _ => String::new(),
        };
        let mut s = format!("{what} {limit}");
        if worst {
            let which = c.subgroup.as_deref().unwrap_or("–");
            s.push_str(&format!(
                " ({}: {which})",
                self.tr("worst subgroup", "svakeste undergruppe")
            ));
        }
        s
    }

    /// Why the criterion ended as it did, in words.
    fn criterion_reason(&self, c: &CriterionResult) -> String {
        let limit = c.min.or(c.max).unwrap_or(f64::NAN);
        match (c.verdict, self.lang) {
            (_, _)
                if c.judged.is_none()
                    && crate::acceptance::needs_probabilities(c.metric)
                    && self.eval.binary().overall.calibration.is_none() =>
            {
                self.tr(
                    "not computed: some scores lie outside [0, 1], so they are not probabilities",
                    "ikke beregnet: noen skårer ligger utenfor [0, 1], så de er ikke sannsynligheter",
                )
                .into()
            }
            (_, _) if c.judged.is_none() => self
                .tr(
                    "cannot be estimated on this cohort",
                    "kan ikke estimeres i denne kohorten",
                )
                .into(),
            (Verdict::Pass, Lang::En) => "the judged value meets the limit".into(),
            (Verdict::Pass, Lang::Nb) => "den vurderte verdien når grensen".into(),
            (Verdict::Fail, Lang::En) => format!(
                "the whole interval lies on the wrong side of {}",
                self.f.plain(limit)
            ),
            (Verdict::Fail, Lang::Nb) => format!(
                "hele intervallet ligger på feil side av {}",
                self.f.plain(limit)
            ),
            (Verdict::Inconclusive, Lang::En) => format!(
                "the interval includes {}: more cases are needed to decide",
                self.f.plain(limit)
            ),
            (Verdict::Inconclusive, Lang::Nb) => format!(
                "intervallet omfatter {}: flere kasus trengs for å avgjøre",
                self.f.plain(limit)
            ),
        }
    }

    fn summary(&mut self) {
        let e = self.eval;
        let lang = self.lang;
        self.h1("summary", "Summary", "Sammendrag");
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
            Verdict::Pass if prespecified => self.tr(
                "every acceptance criterion fixed in the plan before the data was seen was met on this cohort.",
                "alle akseptkriteriene som ble fastsatt i planen før dataene ble sett, er oppfylt i denne kohorten.",
            ),
            Verdict::Pass => self.tr(
                "every acceptance criterion in the plan was met on this cohort.",
                "alle akseptkriteriene i planen er oppfylt i denne kohorten.",
            ),
            Verdict::Fail if prespecified => self.tr(
                "at least one acceptance criterion fixed in the plan was not met: on this cohort the model performs below a limit set in advance.",
                "minst ett akseptkriterium i planen er ikke oppfylt: i denne kohorten presterer modellen under en grense satt på forhånd.",
            ),
            Verdict::Fail => self.tr(
                "at least one acceptance criterion in the plan was not met: on this cohort the model performs below a limit the plan sets.",
                "minst ett akseptkriterium i planen er ikke oppfylt: i denne kohorten presterer modellen under en grense planen setter.",
            ),
            Verdict::Inconclusive if model_exclusions.is_some() => self.tr(
                "the model left more cases without a usable score than the plan allows, so the criteria cannot be judged on this cohort (see below).",
                "modellen ga ikke brukbar skår for flere kasus enn planen tillater, så kriteriene kan ikke vurderes i denne kohorten (se under).",
            ),
            Verdict::Inconclusive => self.tr(
                "at least one acceptance criterion could not be decided on this cohort: its interval includes the limit, so more cases are needed.",
                "minst ett akseptkriterium kunne ikke avgjøres i denne kohorten: intervallet omfatter grensen, så flere kasus trengs.",
            ),
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
                self.tr(
                    "Criterion (fixed in the plan)",
                    "Kriterium (fastsatt i planen)",
                )
                .into(),
                self.tr("Measured", "Målt").into(),
                self.tr("Judged value", "Vurdert verdi").into(),
                self.tr("Result", "Resultat").into(),
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
            self.tr(
                "Measured: estimate [interval judged]. The verdict is INCONCLUSIVE if the model left more units unscored than the plan allows; otherwise FAIL if any criterion fails, else INCONCLUSIVE if any is, else PASS.",
                "Målt: estimat [vurdert intervall]. Samlet resultat er UAVKLART hvis modellen lot flere enheter stå uten skår enn planen tillater; ellers IKKE BESTÅTT hvis ett kriterium ikke er bestått, ellers UAVKLART hvis ett er uavklart, ellers BESTÅTT.",
            ),
            self.prespecification_sentence()
        ));
        self.table(t);
        self.plain_words();
        for w in e.binary().sample_size.iter().filter(|w| !w.can_pass) {
            let text = self.sample_size_warning(w);
            self.blocks.push(Block::Paragraph {
                text,
                style: TextStyle::Bold,
            });
        }
        self.h2(
            self.tr("What was validated", "Hva som ble validert").into(),
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
                self.tr("Not covered by the criteria", "Ikke dekket av kriteriene")
                    .into(),
                self.tr("What the data show", "Hva dataene viser").into(),
            ],
            vec![1.6, 6.0],
        );
        for f in flags {
            t.rows.push(Row::styled(
                vec![f.title(self.lang).into(), f.text(self.lang)],
                RowStyle::Flag,
            ));
        }
        t.note = Some(
            self.tr(
                "These do not change the verdict, which comes from the acceptance criteria alone; read them before signing.",
                "Disse endrer ikke resultatet, som kommer bare fra akseptkriteriene; les dem før du signerer.",
            )
            .into(),
        );
        self.table(t);
    }

    /// Where this run stands among the runs of this model on this cohort (from the history).
    fn prespecification_sentence(&self) -> String {
        let Some(p) = &self.eval.provenance.prespecification else {
            return self
                .tr(
                    "This run was not checked against a run history (it was run without one), so whether the plan was fixed before the data was seen is not known; the plan file's SHA-256 below identifies the criteria exactly.",
                    "Denne kjøringen ble ikke kontrollert mot en kjøringshistorikk (den ble kjørt uten), så om planen ble låst før dataene ble sett, er ikke kjent; planfilens SHA-256 nedenfor identifiserer kriteriene nøyaktig.",
                )
                .into();
        };
        let attempt = self.say(
            "Attempt {} on this cohort",
            "Forsøk {} på denne kohorten",
            &[&p.attempt],
        );
        if p.earlier_runs.is_empty() {
            return format!(
                "{attempt}: {}",
                self.tr(
                    "the run history holds no earlier run of this model on this cohort, so the plan was fixed before its results were seen.",
                    "kjøringshistorikken har ingen tidligere kjøring av denne modellen på denne kohorten, så planen ble låst før resultatene var sett.",
                )
            );
        }
        let runs = run_list(&p.earlier_runs);
        if p.post_hoc {
            self.say(
                "{} (earlier runs {}): post hoc, see the amber box above.",
                "{} (tidligere kjøringer {}): post hoc, se den gule boksen over.",
                &[&attempt, &runs],
            )
        } else {
            self.say(
                "{} (earlier runs {}): the plan's analysis is unchanged since run #{}, the first, so it was fixed before any result was seen.",
                "{} (tidligere kjøringer {}): planens analyse er uendret siden kjøring #{}, den første, så den ble låst før noe resultat var sett.",
                &[&attempt, &runs, &p.earlier_runs[0]],
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
                format!("{} {} {last}", rest.join(", "), self.tr("and", "og"))
            }
            _ => parts.join(""),
        };
        Some(self.say(
            "POST HOC: {} changed after run #{} of this model on this cohort (attempt {}; earlier runs {}). The plan was not fixed before the data was seen: read the verdict as exploratory, not as a pre-specified validation.",
            "POST HOC: {} ble endret etter kjøring #{} av denne modellen på denne kohorten (forsøk {}; tidligere kjøringer {}). Planen ble ikke låst før dataene ble sett: les resultatet som utforskende, ikke som en forhåndsspesifisert validering.",
            &[&parts, &after, &p.attempt, &run_list(&p.earlier_runs)],
        ))
    }

    fn plan_part(&self, part: crate::provenance::PlanPart) -> &'static str {
        use crate::provenance::PlanPart as P;
        match part {
            P::Threshold => self.tr("the threshold", "terskelen"),
            P::Criteria => self.tr("the acceptance criteria", "akseptkriteriene"),
            P::Analysis => self.tr("the analysis settings", "analyseinnstillingene"),
            P::Cohort => self.tr("the cohort selection", "kohortutvalget"),
            P::Model => self.tr("how the model is read", "hvordan modellen leses"),
            P::Preprocess => self.tr("the image preprocessing", "bildeforbehandlingen"),
            P::Compare => self.tr("the comparisons", "sammenligningene"),
        }
    }

    /// Sensitivity and specificity as counts a clinician can picture.
    fn plain_words(&mut self) {
        let m = &self.eval.binary().overall.metrics;
        let (se, sp) = (&m.sensitivity, &m.specificity);
        let text = self.say(
"In plain words: of {} cases with the condition (by the reference standard), the model flagged {} ({}); of {} cases without it, it correctly left {} unflagged ({}). Of the {} cases it flagged, {} had the condition (PPV {}).",
"Med andre ord: av {} kasus med tilstanden (etter referansestandarden) flagget modellen {} ({}); av {} kasus uten tilstanden lot den {} være uflagget, som riktig er ({}). Av de {} kasusene den flagget, hadde {} tilstanden (PPV {}).",
&[&se.n, &se.x, &self.f.pct(se.estimate), &sp.n, &sp.x, &self.f.pct(sp.estimate), &m.ppv.n, &m.ppv.x, &self.f.pct(m.ppv.estimate)],
);
        self.para(text);
    }

    fn sample_size_warning(&self, w: &crate::sample_size::SampleSize) -> String {
        let metric = metric_name(self.lang, w.metric);
        let needed = w
            .n_needed
            .map(|n| n.to_string())
            .unwrap_or_else(|| "–".into());
        match self.lang {
            Lang::En => format!(
                "Sample size: the {metric} criterion cannot pass on this cohort whatever the model does: with n = {} even a perfect result gives a bound of {}. It needs n ≥ {needed}.",
                w.n,
                self.f.p3(w.best_possible)
            ),
            Lang::Nb => format!(
                "Utvalgsstørrelse: kriteriet for {metric} kan ikke bestås i denne kohorten uansett hva modellen gjør: med n = {} gir selv et perfekt resultat en grense på {}. Det trengs n ≥ {needed}.",
                w.n,
                self.f.p3(w.best_possible)
            ),
        }
    }

    fn cohort_sentence(&self) -> String {
        let e = self.eval;
        let c = &e.cohort;
        let o = &e.binary().overall;
        let path = e.plan.cohort.path.display();
        match (e.plan.cohort.kind, self.lang) {
            (CohortKind::Csv, Lang::En) => format!(
                "{} cases evaluated from {} rows of the table {path}: {} positive and {} negative by the reference standard; {} excluded with reasons.",
                c.included,
                c.rows,
                o.n_positive,
                o.n_negative,
                c.excluded.len()
            ),
            (CohortKind::Csv, Lang::Nb) => format!(
                "{} kasus vurdert fra {} rader i tabellen {path}: {} positive og {} negative etter referansestandarden; {} utelatt med begrunnelse.",
                c.included,
                c.rows,
                o.n_positive,
                o.n_negative,
                c.excluded.len()
            ),
            (CohortKind::Dicom, Lang::En) => format!(
                "{} cases ({}) evaluated from {} files in the DICOM folder {path}: {} positive and {} negative by the reference standard; {} excluded with reasons.",
                c.included,
                self.unit_word(),
                c.rows,
                o.n_positive,
                o.n_negative,
                c.excluded.len()
            ),
            (CohortKind::Dicom, Lang::Nb) => format!(
                "{} kasus ({}) vurdert fra {} filer i DICOM-mappen {path}: {} positive og {} negative etter referansestandarden; {} utelatt med begrunnelse.",
                c.included,
                self.unit_word(),
                c.rows,
                o.n_positive,
                o.n_negative,
                c.excluded.len()
            ),
        }
    }

    /// Units against patients: with a patient key, what the intervals account for; without
    /// one, a DICOM cohort whose PatientID repeats, whose intervals are then too narrow.
    fn patients_sentence(&self) -> Option<String> {
        let e = self.eval;
        if let Some(m) = e.binary().overall.n_patients {
            return Some(self.say(
"The {} cases come from {} patients; every interval accounts for several cases per patient (patient-level methods, see Methods).",
"De {} kasusene kommer fra {} pasienter; alle intervaller tar hensyn til at en pasient kan ha flere kasus (metoder på pasientnivå, se Metoder).",
&[&e.binary().overall.n, &m],
));
        }
        e.cohort.repeated_patients.map(|r| {
            self.say(
"The {} cases come from only {} patients (PatientID repeats), but the plan names no patient key: the intervals treat the cases as independent and are too narrow. Add patient = \"PatientID\" to [cohort].",
"De {} kasusene kommer fra bare {} pasienter (PatientID gjentas), men planen angir ingen pasientnøkkel: intervallene behandler kasusene som uavhengige og er for smale. Legg til patient = \"PatientID\" i [cohort].",
&[&r.units, &r.patients],
)
        })
    }

    /// Appended to a table note whose intervals are patient-level (empty without a key).
    fn patient_level_note(&self) -> &'static str {
        if self.eval.binary().overall.n_patients.is_some() {
            self.tr(
                " With the patient key every interval is patient-level (proportions at the effective sample size, AUC with Obuchowski's variance; see Methods).",
                " Med pasientnøkkelen er alle intervaller på pasientnivå (andeler ved den effektive utvalgsstørrelsen, AUC med Obuchowskis varians; se Metoder).",
            )
        } else {
            ""
        }
    }

    fn unit_word(&self) -> &'static str {
        use crate::plan::Unit;
        match self.eval.plan.cohort.unit.unwrap_or(Unit::Image) {
            Unit::Image => self.tr("one image each", "ett bilde hver"),
            Unit::Series => self.tr("one series each", "én serie hver"),
            Unit::Study => self.tr("one study each", "én undersøkelse hver"),
        }
    }

    fn identity(&self) -> Vec<(String, String)> {
        let e = self.eval;
        let p = &e.provenance;
        let pr = &e.plan.product;
        let unset = || {
            self.tr("not given in the plan", "ikke oppgitt i planen")
                .to_string()
        };
        let mut kv = vec![
            (
                self.tr("Product", "Produkt").into(),
                pr.name.clone().unwrap_or_else(unset),
            ),
            (
                self.tr("Vendor", "Leverandør").into(),
                pr.vendor.clone().unwrap_or_else(unset),
            ),
            (
                self.tr("Version", "Versjon").into(),
                pr.version.clone().unwrap_or_else(unset),
            ),
        ];
        if let (Some(m), Some(sha)) = (&e.plan.model, &p.model_sha256) {
            kv.push((
                self.tr("Model file", "Modellfil").into(),
                format!("{}\nSHA-256 {sha}", file_name(&m.path)),
            ));
        }
        if let (Some(v), Some(sha)) = (&e.plan.predictions, &p.predictions_sha256) {
            kv.push((
                self.tr("Vendor's score file", "Leverandørens skårfil")
                    .into(),
                format!("{}\nSHA-256 {sha}", file_name(&v.path)),
            ));
        }
        kv.push((
            self.tr(
                "Intended use (as recorded)",
                "Tiltenkt bruk (som registrert)",
            )
            .into(),
            e.study.intended_use.clone(),
        ));
        kv.push((self.tr("Cohort", "Kohort").into(), self.cohort_sentence()));
        kv.push((
            self.tr("Operating threshold", "Driftsterskel").into(),
            format!(
                "{} ({})",
                self.f.plain(e.binary().overall.threshold),
                self.tr("score ≥ threshold is positive", "skår ≥ terskel er positiv")
            ),
        ));
        kv.push((
            self.tr("Run", "Kjøring").into(),
            format!("{} – {}", short_time(&p.started), short_time(&p.finished)),
        ));
        let mut software = p.software.clone();
        if let Some(ort) = &p.onnxruntime {
            software.push_str(&format!(", ONNX Runtime {ort}"));
        }
        kv.push((self.tr("Software", "Programvare").into(), software));
        kv.push((
            self.tr("Plan file", "Planfil").into(),
            p.plan_sha256
                .as_ref()
                .map(|h| format!("SHA-256 {h}"))
                .unwrap_or_else(|| "–".into()),
        ));
        kv.push((
            self.tr("Cohort file", "Kohortfil").into(),
            format!("SHA-256 {}", p.cohort_sha256),
        ));
        kv
    }

    fn cohort(&mut self) {
        let e = self.eval;
        let c = &e.cohort;
        let o = &e.binary().overall;
        let lang = self.lang;
        self.h1("cohort", "Cohort and flow", "Kohort og flyt");
        self.para(self.cohort_sentence());
        if let Some(text) = self.patients_sentence() {
            self.para(text);
        }
        if !e.cohort.identifier_warnings.is_empty() {
            // The lines are in report.json (`cohort.identifier_warnings`) and on stderr.
            self.para(self.tr(
                "Warning: some values of the id column look like patient identifiers (Norwegian national identity numbers, or PatientIDs from DICOM headers). Ids are written to predictions.csv and this report's appendices: replace them with pseudonyms before this report leaves the hospital. report.json (cohort.identifier_warnings) names the lines.",
                "Advarsel: noen verdier i id-kolonnen ser ut som pasientidentifikatorer (fødselsnumre, eller PatientID fra DICOM-hoder). Id-er skrives til predictions.csv og rapportens vedlegg: erstatt dem med pseudonymer før rapporten forlater sykehuset. report.json (cohort.identifier_warnings) angir linjene.",
            ));
        }
        let kind_word = match e.plan.cohort.kind {
            CohortKind::Csv => self.tr("rows in the cohort table", "rader i kohorttabellen"),
            CohortKind::Dicom => self.tr("files in the DICOM folder", "filer i DICOM-mappen"),
        };
        let mut excluded = vec![format!(
            "{}: {}",
            self.tr("Excluded", "Utelatt"),
            c.excluded.len()
        )];
        for (r, n) in &c.excluded_by_reason {
            excluded.push(format!("{}: {n}", reason_text(lang, *r)));
        }
        let cf = &o.confusion;
        let flow = figures::flow(
            vec![
                self.tr("Found", "Funnet").into(),
                format!("{} {kind_word}", c.rows),
            ],
            excluded,
            [
                self.tr("Analysed", "Analysert").into(),
                format!(
                    "{} {} ({} {}, {} {})",
                    c.included,
                    self.tr("cases", "kasus"),
                    o.n_positive,
                    self.tr("pos.", "pos."),
                    o.n_negative,
                    self.tr("neg.", "neg.")
                ),
            ]
            .into_iter()
            .chain(o.n_patients.map(|m| {
                self.say("from {} patients", "fra {} pasienter", &[&m])
            }))
            .collect(),
            vec![
                format!("{} ({})", self.tr("Model positive", "Modell positiv"), cf.tp + cf.fp),
                format!("{}: {}", self.tr("Reference positive", "Referanse positiv"), cf.tp),
                format!("{}: {}", self.tr("Reference negative", "Referanse negativ"), cf.fp),
            ],
            vec![
                format!("{} ({})", self.tr("Model negative", "Modell negativ"), cf.tn + cf.fn_),
                format!("{}: {}", self.tr("Reference positive", "Referanse positiv"), cf.fn_),
                format!("{}: {}", self.tr("Reference negative", "Referanse negativ"), cf.tn),
            ],
            self.tr(
                "Figure 1. Flow of cases (STARD 2015 item 19). Model positive: score ≥ the plan's threshold.",
                "Figur 1. Flyt av kasus (STARD 2015 punkt 19). Modell positiv: skår ≥ planens terskel.",
            )
            .into(),
        );
        self.blocks.push(Block::Figure(flow));
        if c.excluded.is_empty() {
            self.para(self.tr("No case was excluded.", "Ingen kasus ble utelatt."));
        } else {
            let mut t = Table::numeric(
                vec![
                    self.tr("Reason for exclusion", "Grunn til utelatelse")
                        .into(),
                    self.tr("Cases", "Kasus").into(),
                ],
                vec![4.0, 1.0],
            );
            for (r, n) in &c.excluded_by_reason {
                t.rows.push(Row::new(vec![
                    capitalised(reason_text(lang, *r)),
                    n.to_string(),
                ]));
            }
            t.note = Some(
                self.tr(
                    "Each excluded case is listed with its line or file in Appendix B and in report.json.",
                    "Hvert utelatte kasus er listet med linje eller fil i vedlegg B og i report.json.",
                )
                .into(),
            );
            self.table(t);
        }
        if !c.unmatched_predictions.is_empty() {
            self.para(format!(
                "{}: {} ({})",
                self.tr(
                    "Rows of the vendor's score file that match no cohort case, not evaluated",
                    "Rader i leverandørens skårfil som ikke passer til noe kasus i kohorten, ikke vurdert",
                ),
                c.unmatched_predictions.len(),
                self.tr("listed in report.json", "listet i report.json")
            ));
        }
        if !c.unmatched_labels.is_empty() {
            self.para(format!(
                "{}: {} ({})",
                self.tr(
                    "Rows of the labels file that match no image, not evaluated",
                    "Rader i fasitfilen som ikke passer til noe bilde, ikke vurdert",
                ),
                c.unmatched_labels.len(),
                self.tr("listed in report.json", "listet i report.json")
            ));
        }
        self.h2(
            self.tr("Study design", "Studiedesign").into(),
            "design".into(),
        );
        let s = &e.study;
        let missing = |key: &str| match lang {
            Lang::En => format!("not recorded in the plan (study.{key})"),
            Lang::Nb => format!("ikke registrert i planen (study.{key})"),
        };
        let kv = vec![
            (
                self.tr("Reference standard", "Referansestandard").into(),
                s.reference_standard
                    .clone()
                    .unwrap_or_else(|| missing("reference_standard")),
            ),
            (
                self.tr("Eligibility", "Inklusjonskriterier").into(),
                s.eligibility
                    .clone()
                    .unwrap_or_else(|| missing("eligibility")),
            ),
            (
                self.tr("Setting and dates", "Sted og tidsrom").into(),
                s.setting.clone().unwrap_or_else(|| missing("setting")),
            ),
            (
                self.tr("Sampling", "Utvalg").into(),
                s.sampling.clone().unwrap_or_else(|| missing("sampling")),
            ),
            (
                self.tr("Ground truth", "Fasit").into(),
                say(
                    lang,
                    "column \"{}\": \"{}\" is positive, \"{}\" negative",
                    "kolonnen «{}»: «{}» er positiv, «{}» negativ",
                    &[&e.plan.cohort.label, &c.positive_label, &c.negative_label],
                ),
            ),
        ];
        self.blocks.push(Block::KeyValues(kv));
        self.distributions();
    }

    /// Each subgroup attribute's groups with their sizes and prevalence (STARD 20).
    fn distributions(&mut self) {
        let e = self.eval;
        if e.cohort.subgroups.is_empty() {
            return;
        }
        self.h2(
            self.tr("Who is in the cohort", "Hvem kohorten består av")
                .into(),
            "distribution".into(),
        );
        let mut t = Table::numeric(
            vec![
                self.tr("Attribute = value", "Egenskap = verdi").into(),
                "n".into(),
                self.tr("Share", "Andel").into(),
                self.tr("Positive", "Positive").into(),
                self.tr("Negative", "Negative").into(),
                self.tr("Prevalence", "Prevalens").into(),
            ],
            vec![3.0, 1.0, 1.1, 1.1, 1.1, 1.2],
        );
        let n = e.binary().overall.n as f64;
        for g in e
            .binary()
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

    fn accuracy(&mut self) {
        let e = self.eval;
        let o = &e.binary().overall;
        let m = &o.metrics;
        let f = Fmt(self.lang);
        self.h1("accuracy", "Diagnostic accuracy", "Diagnostisk nøyaktighet");
        self.para(self.say(
"At the operating threshold {} (score ≥ threshold is positive), with two-sided {} intervals.",
"Ved driftsterskelen {} (skår ≥ terskel er positiv), med tosidige {}-intervaller.",
&[&f.plain(o.threshold), &self.pct_conf()],
));
        let cf = &o.confusion;
        let mut t = Table::numeric(
            vec![
                String::new(),
                self.tr("Reference positive", "Referanse positiv").into(),
                self.tr("Reference negative", "Referanse negativ").into(),
                self.tr("Total", "Totalt").into(),
            ],
            vec![2.0, 1.5, 1.5, 1.0],
        );
        t.rows.push(Row::new(vec![
            self.tr("Model positive", "Modell positiv").into(),
            format!("{} ({})", cf.tp, self.tr("TP", "SP")),
            format!("{} ({})", cf.fp, "FP"),
            (cf.tp + cf.fp).to_string(),
        ]));
        t.rows.push(Row::new(vec![
            self.tr("Model negative", "Modell negativ").into(),
            format!("{} ({})", cf.fn_, "FN"),
            format!("{} ({})", cf.tn, self.tr("TN", "SN")),
            (cf.tn + cf.fn_).to_string(),
        ]));
        t.rows.push(Row::styled(
            vec![
                self.tr("Total", "Totalt").into(),
                o.n_positive.to_string(),
                o.n_negative.to_string(),
                o.n.to_string(),
            ],
            RowStyle::Strong,
        ));
        t.note = Some(
            self.tr(
                "Table: cross-tabulation of the model's result against the reference standard (STARD 23).",
                "Tabell: krysstabell av modellens resultat mot referansestandarden (STARD 23).",
            )
            .into(),
        );
        self.table(t);

        let mut t = Table::numeric(
            vec![
                self.tr("Measure", "Mål").into(),
                self.tr("Estimate", "Estimat").into(),
                "x / n".into(),
                "Wilson".into(),
                "Clopper–Pearson".into(),
            ],
            vec![1.6, 1.0, 1.0, 1.6, 1.6],
        );
        for (metric, p) in [
            (Metric::Sensitivity, &m.sensitivity),
            (Metric::Specificity, &m.specificity),
            (Metric::Ppv, &m.ppv),
            (Metric::Npv, &m.npv),
            (Metric::Accuracy, &m.accuracy),
        ] {
            t.rows.push(Row::new(vec![
                capitalised(metric_name(self.lang, metric)),
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
            t.note = Some(self.say(
"Patient-level intervals ({} cases from {} patients): Wilson and Clopper–Pearson at the effective sample size n/deff (Korn and Graubard 1998); design effect deff: sensitivity {}, specificity {}, PPV {}, NPV {}, accuracy {}.",
"Intervaller på pasientnivå ({} kasus fra {} pasienter): Wilson og Clopper–Pearson ved den effektive utvalgsstørrelsen n/deff (Korn og Graubard 1998); designeffekt deff: sensitivitet {}, spesifisitet {}, PPV {}, NPV {}, treffsikkerhet {}.",
&[&o.n, &patients, &deff(&m.sensitivity), &deff(&m.specificity), &deff(&m.ppv), &deff(&m.npv), &deff(&m.accuracy)],
));
        }
        self.table(t);
        let mut t = Table::numeric(
            vec![
                self.tr("Measure", "Mål").into(),
                self.tr("Estimate", "Estimat").into(),
                self.eval
                    .binary()
                    .overall
                    .metrics
                    .auc
                    .analytic_name()
                    .into(),
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
        let brier_missing =
            !m.brier.estimate.is_finite() && e.binary().overall.calibration.is_none();
        t.note = Some(match &m.auc.clustering {
            None => self.say(
"Bootstrap: {} stratified replicates, seed {}. Brier: lower is better (0 is perfect).",
"Bootstrap: {} stratifiserte replikater, frø {}. Brier: lavere er bedre (0 er perfekt).",
&[&e.provenance.bootstrap_replicates, &e.provenance.seed],
),
            Some(c) => self.say(
"Patient level: the Obuchowski column is AUC ± z·SE with Obuchowski's (1997) clustered variance (treating the cases as independent, DeLong's would give {}); the bootstrap resamples patients with all their cases, {} replicates, seed {}. Brier: lower is better (0 is perfect).",
"Pasientnivå: Obuchowski-kolonnen er AUC ± z·SE med Obuchowskis (1997) klyngevarians (om kasusene ble behandlet som uavhengige, ville DeLongs gi {}); bootstrap trekker pasienter med alle deres kasus, {} replikater, frø {}. Brier: lavere er bedre (0 er perfekt).",
&[&f.ci(c.unclustered_delong), &e.provenance.bootstrap_replicates, &e.provenance.seed],
),
        });
        if brier_missing && let Some(note) = t.note.as_mut() {
            note.push(' ');
            note.push_str(self.tr(
                "Brier not computed: some scores lie outside [0, 1], so they are not probabilities (a score on 0–100 would be judged as if it were one).",
                "Brier ikke beregnet: noen skårer ligger utenfor [0, 1], så de er ikke sannsynligheter (en skår på 0–100 ville blitt vurdert som om den var det).",
            ));
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
                x: self.tr("1 − specificity", "1 − spesifisitet"),
                y: self.tr("Sensitivity", "Sensitivitet"),
                legend: vec![
                    format!("ROC (AUC {})", f.p3(m.auc.estimate)),
                    format!(
                        "{} {} ({} Wilson)",
                        self.tr("threshold", "terskel"),
                        f.plain(o.threshold),
                        self.pct_conf()
                    ),
                    self.tr("Youden-optimal point", "Youden-optimalt punkt").into(),
                    self.tr("chance", "tilfeldig").into(),
                ],
                caption: self
                    .tr(
                        "Figure 2. ROC curve with the operating point and its sensitivity and specificity intervals.",
                        "Figur 2. ROC-kurve med driftspunktet og intervallene for sensitivitet og spesifisitet.",
                    )
                    .into(),
            },
            &|x| f.num(x, 1),
        );
        self.blocks.push(Block::Figure(roc));
        self.thresholds();
        self.local_prevalence();
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
                x: self.tr("Recall (sensitivity)", "Gjenkalling (sensitivitet)"),
                y: self.tr("Precision (PPV)", "Presisjon (PPV)"),
                legend: vec![
                    format!(
                        "{} {}",
                        self.tr("average precision", "gjennomsnittlig presisjon"),
                        f.p3(o.precision_recall.average_precision)
                    ),
                    format!(
                        "{} ({})",
                        self.tr("prevalence", "prevalens"),
                        f.p3(prevalence)
                    ),
                ],
                caption: self
                    .tr(
                        "Figure 3. Precision–recall curve; the dashed line is the cohort's prevalence (a model with no skill).",
                        "Figur 3. Presisjon–gjenkalling-kurve; den stiplede linjen er kohortens prevalens (en modell uten evne).",
                    )
                    .into(),
            },
            &|x| f.num(x, 1),
        );
        self.blocks.push(Block::Figure(fig));
    }

    fn thresholds(&mut self) {
        let e = self.eval;
        let o = &e.binary().overall;
        let f = Fmt(self.lang);
        self.h2(
            self.tr("Thresholds", "Terskler").into(),
            "thresholds".into(),
        );
        let mut t = Table::numeric(
            vec![
                self.tr("Operating point", "Driftspunkt").into(),
                self.tr("Threshold", "Terskel").into(),
                self.tr("Sensitivity", "Sensitivitet").into(),
                self.tr("Specificity", "Spesifisitet").into(),
            ],
            vec![2.2, 1.0, 1.9, 1.9],
        );
        let m = &o.metrics;
        t.rows.push(Row::styled(
            vec![
                self.tr(
                    "Plan (vendor's) threshold: judged",
                    "Planens (leverandørens) terskel: vurdert",
                )
                .into(),
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
                self.tr(
                    "Youden-optimal (max sensitivity + specificity)",
                    "Youden-optimal (maks sensitivitet + spesifisitet)",
                )
                .into(),
                &y.point,
            ));
        }
        if let Some(y) = &th.closest_topleft {
            t.rows.push(point(
                self.tr(
                    "Closest to the top-left corner",
                    "Nærmest øvre venstre hjørne",
                )
                .into(),
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
                    self.tr("At target sensitivity", "Ved målsensitivitet"),
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
                    self.tr("At target specificity", "Ved målspesifisitet"),
                    f.plain(target)
                ),
                p,
            ));
        }
        t.note = Some(
            self.tr(
                "Only the plan's threshold is judged (pre-specified, STARD 12a); the other points are exploratory and chosen on this cohort, so they are optimistic. Intervals: Wilson.",
                "Bare planens terskel vurderes (forhåndsbestemt, STARD 12a); de andre punktene er utforskende og valgt på denne kohorten, og derfor optimistiske. Intervaller: Wilson.",
            )
            .into(),
        );
        self.table(t);
    }

    fn local_prevalence(&mut self) {
        let e = self.eval;
        let f = Fmt(self.lang);
        let Some(lp) = &e.binary().overall.thresholds.at_local_prevalence else {
            self.note(self.tr(
                "PPV and NPV above hold at this cohort's prevalence. Set [analysis] prevalence in the plan to see them at the prevalence expected in clinical use.",
                "PPV og NPV ovenfor gjelder ved kohortens prevalens. Angi [analysis] prevalence i planen for å se dem ved prevalensen som forventes i klinisk bruk.",
            ));
            return;
        };
        let pv = &lp.predictive_values;
        let k = &lp.per_1000;
        self.para(self.say(
"At the local prevalence of {} (from the plan): PPV {}, NPV {}. Per 1000 studies the model would flag {} ({} true and {} false positives) and miss {}.",
"Ved lokal prevalens på {} (fra planen): PPV {}, NPV {}. Per 1000 undersøkelser ville modellen flagge {} ({} sant og {} falskt positive) og overse {}.",
&[&f.pct(pv.prevalence), &f.est_ci(pv.ppv.estimate, pv.ppv.ci), &f.est_ci(pv.npv.estimate, pv.npv.ci), &f.num(k.flagged, 0), &f.num(k.true_positives, 0), &f.num(k.false_positives, 0), &f.num(k.false_negatives, 0)],
));
    }

    fn calibration(&mut self) {
        let e = self.eval;
        let f = Fmt(self.lang);
        self.h1("calibration", "Calibration", "Kalibrering");
        let Some(c) = &e.binary().overall.calibration else {
            self.para(self.tr(
                "Not computed: some scores lie outside [0, 1], so they are not probabilities and calibration has no meaning for them.",
                "Ikke beregnet: noen skårer ligger utenfor [0, 1], så de er ikke sannsynligheter, og kalibrering gir ingen mening for dem.",
            ));
            return;
        };
        self.para(self.tr(
            "Does a score of 0.3 mean a 30 % risk? Each bin's observed frequency of the condition is set against its mean score; points on the diagonal are perfectly calibrated.",
            "Betyr en skår på 0,3 en risiko på 30 %? For hvert intervall settes observert hyppighet av tilstanden mot gjennomsnittlig skår; punkter på diagonalen er perfekt kalibrert.",
        ));
        let bins: Vec<(f64, f64, [f64; 2])> = c
            .bins
            .iter()
            .filter(|b| b.n > 0)
            .map(|b| (b.mean_predicted, b.observed, b.ci))
            .collect();
        let fig = figures::reliability(
            &bins,
            PlotWords {
                x: self.tr(
                    "Mean predicted probability",
                    "Gjennomsnittlig predikert sannsynlighet",
                ),
                y: self.tr("Observed frequency", "Observert hyppighet"),
                legend: vec![
                    format!("{} (Clopper–Pearson)", self.tr("bins", "intervaller")),
                    self.tr("perfect calibration", "perfekt kalibrering").into(),
                ],
                caption: self
                    .tr(
                        "Figure 4. Reliability diagram with each bin's exact interval.",
                        "Figur 4. Pålitelighetsdiagram med eksakt intervall for hvert intervall.",
                    )
                    .into(),
            },
            &|x| f.num(x, 1),
        );
        self.blocks.push(Block::Figure(fig));
        let mut t = Table::numeric(
            vec![
                self.tr("Measure", "Mål").into(),
                self.tr("Value", "Verdi").into(),
                self.tr("Ideal", "Ideelt").into(),
            ],
            vec![2.5, 2.0, 0.8],
        );
        let hl = &c.hosmer_lemeshow;
        let rows = [
            (
                self.tr("Calibration slope (Wald)", "Kalibreringsstigning (Wald)"),
                f.est_ci(c.slope.estimate, c.slope.ci),
                "1",
            ),
            (
                self.tr(
                    "Intercept, joint fit (Wald)",
                    "Konstantledd, felles tilpasning (Wald)",
                ),
                f.est_ci(c.intercept.estimate, c.intercept.ci),
                "0",
            ),
            (
                self.tr(
                    "Calibration-in-the-large (Wald)",
                    "Kalibrering i det store (Wald)",
                ),
                f.est_ci(c.citl.estimate, c.citl.ci),
                "0",
            ),
            ("ECE", f.p3(c.ece), "0"),
            ("MCE", f.p3(c.mce), "0"),
            (
                self.tr("Brier score", "Brier-skår"),
                f.p3(e.binary().overall.metrics.brier.estimate),
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
        t.note = Some(
            self.tr(
                "A slope below 1 means the scores are too extreme (over-confident); calibration-in-the-large above 0 means the model under-estimates risk on this cohort.",
                "En stigning under 1 betyr at skårene er for ytterliggående (overmodige); kalibrering i det store over 0 betyr at modellen undervurderer risikoen i denne kohorten.",
            )
            .into(),
        );
        self.table(t);
    }

    fn subgroups(&mut self) {
        let e = self.eval;
        let f = Fmt(self.lang);
        self.h1("subgroups", "Subgroups", "Undergrupper");
        if e.binary().subgroups.is_empty() {
            self.para(self.tr(
                "The plan names no subgroup attributes ([cohort] subgroups), so the model's performance could not be examined by sex, age, scanner or site. This is a limitation of the validation.",
                "Planen nevner ingen undergruppeegenskaper ([cohort] subgroups), så modellens ytelse kunne ikke undersøkes etter kjønn, alder, skanner eller sted. Dette er en begrensning ved valideringen.",
            ));
            return;
        }
        let a = &e.plan.analysis;
        self.para(self.say(
"Each group is compared with the rest of the cohort. A group with fewer than {} cases, {} positives or {} negatives is marked insufficient and is neither tested nor judged. \"Significantly worse\" uses Holm-corrected p-values across the groups of an attribute (multiplicity correction: Holm).",
"Hver gruppe sammenlignes med resten av kohorten. En gruppe med færre enn {} kasus, {} positive eller {} negative merkes som utilstrekkelig og blir verken testet eller vurdert. «Signifikant dårligere» bruker Holm-korrigerte p-verdier over gruppene i en egenskap (korreksjon for multiple tester: Holm).",
&[&a.min_group_n, &a.min_group_positives, &a.min_group_negatives],
));
        for (figure_no, report) in (5..).zip(&e.binary().subgroups) {
            let attr = report.attribute.clone();
            self.h2(
                format!("{} {attr}", self.tr("By", "Etter")),
                format!("subgroup-{}", slug(&attr)),
            );
            let entries: Vec<&SubgroupEntry> = e
                .binary()
                .subgroup_entries
                .iter()
                .filter(|g| g.attribute == attr)
                .collect();
            let mut t = Table::numeric(
                vec![
                    self.tr("Group", "Gruppe").into(),
                    "n".into(),
                    self.tr("Pos.", "Pos.").into(),
                    self.tr("Sensitivity", "Sensitivitet").into(),
                    self.tr("Specificity", "Spesifisitet").into(),
                    "AUC".into(),
                    self.tr("Finding", "Funn").into(),
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
                self.tr(
                "Grey rows: too few cases to be tested or judged; †: too few positives or negatives for this figure. Intervals: sensitivity and specificity as the plan's proportion interval, AUC DeLong.",
                "Grå rader: for få kasus til å testes eller vurderes; †: for få positive eller negative for dette tallet. Intervaller: sensitivitet og spesifisitet med planens intervall for andeler, AUC DeLong.",
                ),
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
                                    tr(self.lang, "insufficient", "for få")
                                )
                            },
                            estimate: p.estimate,
                            ci: p.wilson,
                            sufficient: s == Status::Ok,
                        }
                    })
                    .collect()
            };
            let m = &e.binary().overall.metrics;
            let fig = figures::forest(
                &[
                    (
                        self.tr("Sensitivity", "Sensitivitet").into(),
                        m.sensitivity.estimate,
                        rows(|g| (&g.metrics.sensitivity, g.gates.sensitivity)),
                    ),
                    (
                        self.tr("Specificity", "Spesifisitet").into(),
                        m.specificity.estimate,
                        rows(|g| (&g.metrics.specificity, g.gates.specificity)),
                    ),
                ],
                match self.lang {
                    Lang::En => format!(
                        "Figure {figure_no}. Sensitivity and specificity by {attr} with Wilson intervals; the dashed line is the whole cohort. Grey hollow markers: insufficient data, not tested."
                    ),
                    Lang::Nb => format!(
                        "Figur {figure_no}. Sensitivitet og spesifisitet etter {attr} med Wilson-intervaller; den stiplede linjen er hele kohorten. Grå, åpne markører: for få data, ikke testet."
                    ),
                },
                &|x| f.num(x, 2),
            );
            self.blocks.push(Block::Figure(fig));
            self.fairness(&report.fairness);
        }
    }

    fn group_finding(&self, g: &SubgroupEntry) -> (String, RowStyle) {
        if g.status == Status::Insufficient {
            return (
                self.tr("too few cases: not tested", "for få kasus: ikke testet")
                    .into(),
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
                self.tr(
                    "no significant difference from the rest",
                    "ingen signifikant forskjell fra resten",
                )
                .into(),
                RowStyle::Normal,
            )
        } else {
            (
                format!(
                    "{}: {}",
                    self.tr("significantly worse", "signifikant dårligere"),
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
                self.tr("Fairness measure", "Rettferdighetsmål").into(),
                self.tr("Value", "Verdi").into(),
                "fairlearn".into(),
                self.tr("Ideal", "Ideelt").into(),
            ],
            vec![3.0, 1.0, 1.0, 0.7],
        );
        for (name, ours, theirs, ideal) in [
            (
                self.tr(
                    "Demographic parity difference",
                    "Forskjell i demografisk paritet",
                ),
                fr.demographic_parity_difference,
                fl.demographic_parity_difference,
                "0",
            ),
            (
                self.tr(
                    "Demographic parity ratio",
                    "Forhold for demografisk paritet",
                ),
                fr.demographic_parity_ratio,
                fl.demographic_parity_ratio,
                "1",
            ),
            (
                self.tr(
                    "Equal opportunity difference (TPR)",
                    "Forskjell i lik mulighet (TPR)",
                ),
                fr.equal_opportunity_difference,
                fl.equal_opportunity_difference,
                "0",
            ),
            (
                self.tr("Equalized odds difference", "Forskjell i utjevnede odds"),
                fr.equalized_odds_difference,
                fl.equalized_odds_difference,
                "0",
            ),
            (
                self.tr("Equalized odds ratio", "Forhold for utjevnede odds"),
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
        let mut note: String = self.tr(
            "Differences are max − min over the groups at the plan's threshold. The fairlearn column counts an undefined rate as 0, as fairlearn does.",
            "Forskjellene er maks − min over gruppene ved planens terskel. fairlearn-kolonnen regner en udefinert rate som 0, slik fairlearn gjør.",
        ).into();
        if !fr.excluded.is_empty() {
            let names: Vec<String> = fr
                .excluded
                .iter()
                .map(|x| format!("{} ({})", x.group, x.rate))
                .collect();
            note.push_str(&format!(
                " {} {}.",
                self.tr("Left out where undefined:", "Utelatt der udefinert:"),
                names.join(", ")
            ));
        }
        if !fr.insufficient_groups.is_empty() {
            note.push_str(&format!(
                " {} {}.",
                self.tr(
                    "Included although insufficient:",
                    "Tatt med selv om for små:"
                ),
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
    fn drift(&mut self) {
        let e = self.eval;
        let f = Fmt(self.lang);
        self.h1("drift", "Drift over time", "Endring over tid");
        let Some(d) = &e.binary().drift else {
            let text = match (e.plan.cohort.kind, &e.plan.cohort.date) {
                (CohortKind::Dicom, _) => self.tr(
                    "Not assessed: no image has a readable StudyDate, so the cases could not be placed in time.",
                    "Ikke vurdert: ingen bilder har en lesbar StudyDate, så kasusene kunne ikke plasseres i tid.",
                ).to_string(),
                (CohortKind::Csv, None) => self.tr(
                    "Not assessed: the cases have no date; name the column with each case's date in the plan ([cohort] date = \"<column>\", written YYYY-MM-DD or YYYYMMDD) to see the figures per month or quarter.",
                    "Ikke vurdert: kasusene har ingen dato; angi kolonnen med hvert kasus' dato i planen ([cohort] date = \"<kolonne>\", skrevet ÅÅÅÅ-MM-DD eller ÅÅÅÅMMDD) for å se tallene per måned eller kvartal.",
                ).to_string(),
                (CohortKind::Csv, Some(column)) => self.say(
                    "Not assessed: no value of the date column \"{}\" reads as a date (YYYY-MM-DD or YYYYMMDD).",
                    "Ikke vurdert: ingen verdi i datokolonnen «{}» kan leses som en dato (ÅÅÅÅ-MM-DD eller ÅÅÅÅMMDD).",
                    &[column],
                ),
            };
            self.para(text);
            return;
        };
        if d.dated == 0 {
            let x = &d.excluded_dates;
            self.para(self.say(
                "Not assessed: every readable date is implausible, so the cases could not be placed in time ({} placeholder dates such as 1900-01-01, {} before 1985, {} after the run; {} cases without a readable date). Anonymised exports often replace dates this way.",
                "Ikke vurdert: alle lesbare datoer er usannsynlige, så kasusene kunne ikke plasseres i tid ({} plassholderdatoer som 1900-01-01, {} før 1985, {} etter kjøringen; {} kasus uten lesbar dato). Anonymiserte eksporter erstatter ofte datoer slik.",
                &[&x.placeholder, &x.before_1985, &x.after_run, &d.undated],
            ));
            return;
        }
        let a = &e.plan.analysis;
        let quarter = d.period == crate::metrics::drift::Period::Quarter;
        let (period_word, periods_word) = match (quarter, self.lang) {
            (true, Lang::En) => ("quarter", "quarters"),
            (false, Lang::En) => ("month", "months"),
            (true, Lang::Nb) => ("kvartal", "kvartaler"),
            (false, Lang::Nb) => ("måned", "måneder"),
        };
        let source = match (e.plan.cohort.kind, self.lang) {
            (CohortKind::Dicom, Lang::En) => "the image's StudyDate".to_string(),
            (CohortKind::Dicom, Lang::Nb) => "bildets StudyDate".to_string(),
            (CohortKind::Csv, Lang::En) => format!(
                "column \"{}\"",
                e.plan.cohort.date.as_deref().unwrap_or_default()
            ),
            (CohortKind::Csv, Lang::Nb) => format!(
                "kolonnen «{}»",
                e.plan.cohort.date.as_deref().unwrap_or_default()
            ),
        };
        let (first, last) = (
            d.periods.first().map_or("–", |p| p.period.as_str()),
            d.periods.last().map_or("–", |p| p.period.as_str()),
        );
        let mut intro = self.say(
"The {} dated cases are grouped by the {} of their date ({}): {} {} from {} to {}. Each period is compared with the rest of the dated cohort as a subgroup is: a period with fewer than {} cases, {} positives or {} negatives is shown but not tested, and \"significantly worse\" uses Holm-corrected p-values across the periods. Only months and quarters are reported, never a date.",
"De {} daterte kasusene grupperes etter {} for datoen ({}): {} {} fra {} til {}. Hver periode sammenlignes med resten av den daterte kohorten slik en undergruppe gjør: en periode med færre enn {} kasus, {} positive eller {} negative vises, men testes ikke, og «signifikant dårligere» bruker Holm-korrigerte p-verdier over periodene. Bare måneder og kvartaler rapporteres, aldri en dato.",
&[&d.dated, &period_word, &source, &d.periods.iter().map(|p| p.span).sum::<u32>(), &periods_word, &first, &last, &a.min_group_n, &a.min_group_positives, &a.min_group_negatives],
);
        if d.undated > 0 {
            intro.push(' ');
            intro.push_str(&self.say(
                "{} cases without a readable date are left out of this analysis only.",
                "{} kasus uten lesbar dato er utelatt bare fra denne analysen.",
                &[&d.undated],
            ));
        }
        let x = &d.excluded_dates;
        if x.total() > 0 {
            intro.push(' ');
            intro.push_str(&self.say(
                "{} cases have a date that cannot be a real study date and are left out of this analysis only: {} placeholder dates (such as 1900-01-01), {} before 1985, {} after the run.",
                "{} kasus har en dato som ikke kan være en reell undersøkelsesdato, og er utelatt bare fra denne analysen: {} plassholderdatoer (som 1900-01-01), {} før 1985, {} etter kjøringen.",
                &[&x.total(), &x.placeholder, &x.before_1985, &x.after_run],
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
                self.tr(
                    "Significantly worse than the rest of the cohort",
                    "Signifikant dårligere enn resten av kohorten",
                ),
                flagged.join("; ")
            );
            self.blocks.push(Block::Paragraph {
                text,
                style: TextStyle::Bold,
            });
        } else if tested {
            self.para(self.tr(
                "No period is significantly worse than the rest of the cohort.",
                "Ingen periode er signifikant dårligere enn resten av kohorten.",
            ));
        } else {
            self.para(self.tr(
                "No period has enough cases to be tested, so none can be flagged: the chart and the table describe, they do not test.",
                "Ingen periode har nok kasus til å testes, så ingen kan flagges: figuren og tabellen beskriver, de tester ikke.",
            ));
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
        let figure_no = 5 + e.binary().subgroups.len();
        let fig = figures::control_chart(
            &[
                (
                    self.tr("Sensitivity", "Sensitivitet").into(),
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
                    self.tr("Specificity", "Spesifisitet").into(),
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
                self.tr("tested", "testet").into(),
                self.tr("significantly worse", "signifikant dårligere")
                    .into(),
                self.tr("too few, not tested", "for få, ikke testet").into(),
                self.tr("whole dated cohort", "hele daterte kohorten")
                    .into(),
            ],
            match self.lang {
                Lang::En => format!(
                    "Figure {figure_no}. Sensitivity and specificity per {period_word} with Wilson intervals; the dashed line is the whole dated cohort. Vermillion squares: significantly worse than the rest; grey hollow circles: too few cases, not tested.{}",
                    if collapsed {
                        " Shaded (…): consecutive periods without a case, shown as one (see the table)."
                    } else {
                        ""
                    }
                ),
                Lang::Nb => format!(
                    "Figur {figure_no}. Sensitivitet og spesifisitet per {period_word} med Wilson-intervaller; den stiplede linjen er hele den daterte kohorten. Vermilionrøde kvadrater: signifikant dårligere enn resten; grå, åpne sirkler: for få kasus, ikke testet.{}",
                    if collapsed {
                        " Skyggelagt (…): påfølgende perioder uten kasus, vist som én (se tabellen)."
                    } else {
                        ""
                    }
                ),
            },
            &|x| f.num(x, 2),
        );
        self.blocks.push(Block::Figure(fig));

        let mut t = Table::numeric(
            vec![
                self.tr("Period", "Periode").into(),
                "n".into(),
                self.tr("Pos.", "Pos.").into(),
                self.tr("Sensitivity", "Sensitivitet").into(),
                self.tr("Specificity", "Spesifisitet").into(),
                "AUC".into(),
                self.tr("Finding", "Funn").into(),
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
                    self.tr("no cases", "ingen kasus").to_string(),
                    RowStyle::Muted,
                )
            } else if p.status == Status::Insufficient && !p.significantly_worse {
                (
                    self.tr("too few cases: not tested", "for få kasus: ikke testet")
                        .into(),
                    RowStyle::Muted,
                )
            } else if p.significantly_worse {
                (
                    format!(
                        "{}: {}",
                        self.tr("significantly worse", "signifikant dårligere"),
                        self.worse_metrics(&p.vs_rest).join(", ")
                    ),
                    RowStyle::Flag,
                )
            } else {
                (
                    self.tr("no significant difference", "ingen signifikant forskjell")
                        .into(),
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
                self.tr("All dated", "Alle daterte").into(),
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
            self.tr(
            "Grey rows: too few cases to be tested; †: too few positives or negatives for this figure. Intervals: sensitivity and specificity as the plan's proportion interval, AUC DeLong. A flagged period has a Holm-corrected p below the plan's level and is below the rest.",
            "Grå rader: for få kasus til å testes; †: for få positive eller negative for dette tallet. Intervaller: sensitivitet og spesifisitet med planens intervall for andeler, AUC DeLong. En flagget periode har Holm-korrigert p under planens nivå og ligger under resten.",
            ),
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
            self.tr("Equipment over time", "Utstyr over tid").into(),
            "drift-equipment".into(),
        );
        if d.attributes.is_empty() {
            self.para(self.tr(
                "No attribute is followed in time: name scanner or software columns in [cohort] subgroups to see when each value first appears.",
                "Ingen egenskap følges over tid: angi kolonner for skanner eller programvare i [cohort] subgroups for å se når hver verdi først forekommer.",
            ));
            return;
        }
        let names = d.attributes.join(", ");
        if d.equipment.is_empty() {
            self.para(self.say(
                "No dated case states {}.",
                "Ingen daterte kasus oppgir {}.",
                &[&names],
            ));
            return;
        }
        let first = d.periods.first().map_or("–", |p| p.period.as_str());
        self.para(self.say(
"The month each value of {} first and last appears among the dated cases. A value first seen after the first period ({}) is new mid-cohort: a new scanner, model or software version that can change the model's figures from then on; compare the periods before and after it above.",
"Måneden hver verdi av {} først og sist forekommer blant de daterte kasusene. En verdi som først ses etter den første perioden ({}), er ny underveis: en ny skanner, modell eller programvareversjon som kan endre modellens tall fra da av; sammenlign periodene før og etter ovenfor.",
&[&names, &first],
));
        let new: Vec<String> = d
            .new_mid_cohort()
            .map(|v| {
                self.say(
                    "{} = {} from {} ({} cases)",
                    "{} = {} fra {} ({} kasus)",
                    &[&v.attribute, &v.value, &v.first_seen, &v.cases],
                )
            })
            .collect();
        if !new.is_empty() {
            let text = format!(
                "{}: {}.",
                self.tr("New mid-cohort", "Nytt underveis"),
                new.join("; ")
            );
            self.blocks.push(Block::Paragraph {
                text,
                style: TextStyle::Bold,
            });
        }
        let mut t = Table::text(
            vec![
                self.tr("Attribute", "Egenskap").into(),
                self.tr("Value", "Verdi").into(),
                self.tr("First seen", "Først sett").into(),
                self.tr("Last seen", "Sist sett").into(),
                self.tr("Cases", "Kasus").into(),
                self.tr("Finding", "Funn").into(),
            ],
            vec![2.4, 1.7, 0.9, 0.9, 0.6, 1.6],
        );
        t.align[4] = Align::Right;
        for v in &d.equipment {
            let (finding, style) = if v.new_mid_cohort {
                (self.tr("new mid-cohort", "ny underveis"), RowStyle::Flag)
            } else {
                (
                    self.tr("from the first period", "fra første periode"),
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
                CohortKind::Dicom => self.tr(
                    "Values of each case's first image; months, never dates.",
                    "Verdier fra hvert kasus' første bilde; måneder, aldri datoer.",
                ),
                CohortKind::Csv => self.tr(
                    "Values of the plan's subgroup columns; months, never dates.",
                    "Verdier i planens undergruppekolonner; måneder, aldri datoer.",
                ),
            }
            .into(),
        );
        self.table(t);
    }

    fn comparisons(&mut self) {
        let e = self.eval;
        if e.binary().comparisons.is_empty() {
            return;
        }
        let f = Fmt(self.lang);
        self.h1("comparisons", "Comparisons", "Sammenligninger");
        self.para(self.tr(
            "The main score against each further source the plan names, on the cases both scored: DeLong's paired test for the AUC (difference = main − other) and McNemar's exact test at each source's threshold.",
            "Hovedskåren mot hver annen kilde planen nevner, på kasusene begge har skåret: DeLongs parede test for AUC (forskjell = hoved − annen) og McNemars eksakte test ved hver kildes terskel.",
        ));
        let mut t = Table::numeric(
            vec![
                self.tr("Source", "Kilde").into(),
                "n".into(),
                self.tr("AUC main", "AUC hoved").into(),
                self.tr("AUC other", "AUC annen").into(),
                self.tr("Difference", "Forskjell").into(),
                "DeLong p".into(),
                self.tr("McNemar p sens.", "McNemar p sens.").into(),
                self.tr("McNemar p spec.", "McNemar p spes.").into(),
            ],
            vec![1.6, 0.6, 0.9, 0.9, 1.9, 0.9, 1.0, 1.0],
        );
        for c in &e.binary().comparisons {
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

    fn claims(&mut self) {
        let e = self.eval;
        let f = Fmt(self.lang);
        self.h1("claims", "The vendor's claims", "Leverandørens påstander");
        if e.claims.is_empty() {
            self.para(self.tr(
                "The plan records no claimed performance ([claims] in the plan, e.g. sensitivity = 0.92 and source = \"IFU v3.2, p. 14\"), so the local result is not set beside the vendor's.",
                "Planen registrerer ingen påstått ytelse ([claims] i planen, f.eks. sensitivity = 0.92 og source = \"IFU v3.2, s. 14\"), så det lokale resultatet er ikke satt ved siden av leverandørens.",
            ));
            return;
        }
        if let Some(src) = &e.plan.claims.source {
            self.para(format!(
                "{}: {src}",
                self.tr("Source of the claims", "Kilde for påstandene")
            ));
        }
        let mut t = Table::numeric(
            vec![
                self.tr("Measure", "Mål").into(),
                self.tr("Claimed", "Påstått").into(),
                self.tr("Local result", "Lokalt resultat").into(),
                self.tr("Assessment", "Vurdering").into(),
            ],
            vec![1.4, 0.9, 2.0, 3.0],
        );
        t.align[3] = Align::Left;
        for c in &e.claims {
            let (text, style) = match c.status {
                ClaimStatus::Compatible => (
                    self.say(
                        "compatible: the claim lies inside the local interval, which excludes the claim minus {}",
                        "forenlig: påstanden ligger innenfor det lokale intervallet, som utelukker påstanden minus {}",
                        &[&f.plain(c.margin)],
                    ),
                    RowStyle::Normal,
                ),
                ClaimStatus::NotTestable => (
                    self.say(
                        "not testable at this n: the interval is wider than the claim minus {} ({}), so it cannot tell the claim from a model that much worse",
                        "kan ikke testes med dette antallet: intervallet er videre enn påstanden minus {} ({}), så det kan ikke skille påstanden fra en modell som er så mye dårligere",
                        &[&f.plain(c.margin), &f.p3(c.claimed - c.margin)],
                    ),
                    RowStyle::Strong,
                ),
                ClaimStatus::BelowClaim => (
                    self.tr(
                        "lower than claimed: the whole local interval lies below the claim",
                        "lavere enn påstått: hele det lokale intervallet ligger under påstanden",
                    )
                    .into(),
                    RowStyle::Flag,
                ),
                ClaimStatus::AboveClaim => (
                    self.tr(
                        "higher than claimed: the whole local interval lies above the claim",
                        "høyere enn påstått: hele det lokale intervallet ligger over påstanden",
                    )
                    .into(),
                    RowStyle::Normal,
                ),
                ClaimStatus::NotEstimable => (
                    self.tr(
                        "cannot be estimated on this cohort",
                        "kan ikke estimeres i denne kohorten",
                    )
                    .into(),
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
            self.tr(
                "Local intervals as the plan's acceptance intervals",
                "Lokale intervaller som planens akseptintervaller",
            ),
            self.say(
                "(compatible: a two-sided test at this level does not reject the claim, and the interval ends less than {} below it, so a shortfall of {} would have shown; not testable: the interval also contains the claim minus {}). Claims are reported, never judged: the verdict comes from the acceptance criteria alone.",
                "(forenlig: en tosidig test på dette nivået forkaster ikke påstanden, og intervallet slutter mindre enn {} under den, så et avvik på {} ville vist seg; kan ikke testes: intervallet inneholder også påstanden minus {}). Påstandene rapporteres, men vurderes aldri: resultatet kommer bare fra akseptkriteriene.",
                &[&margin, &margin, &margin],
            )
        ));
        self.table(t);
    }

    fn methods(&mut self) {
        let e = self.eval;
        self.h1(
            "methods",
            "Methods, conventions and limitations",
            "Metoder, konvensjoner og begrensninger",
        );
        self.h2(
            self.tr("Conventions", "Konvensjoner").into(),
            "conventions".into(),
        );
        let mut conv = crate::evaluation::conventions(&e.plan, self.lang);
        let a = &e.plan.analysis;
        conv.push(self.say(
"Criteria on proportions are judged on the {} interval and criteria on the AUC on the {} interval, unless a criterion names another.",
"Kriterier for andeler vurderes på {}-intervallet og kriterier for AUC på {}-intervallet, med mindre et kriterium angir et annet.",
&[&self.interval_name(a.proportion_interval), &self.interval_name(a.auc_interval)],
));
        conv.push(self.tr(
            "Every figure in this report is read from the same evaluation as report.json; the statistics are tested against R's pROC and rms, scikit-learn, statsmodels and fairlearn.",
            "Alle tall i rapporten er lest fra den samme evalueringen som report.json; statistikken er testet mot Rs pROC og rms, scikit-learn, statsmodels og fairlearn.",
        ).into());
        self.blocks.push(Block::List(conv));
        self.h2(
            self.tr("Limitations", "Begrensninger").into(),
            "limitations".into(),
        );
        let mut lim: Vec<String> = Vec::new();
        for w in e.binary().sample_size.iter().filter(|w| !w.can_pass) {
            lim.push(self.sample_size_warning(w));
        }
        for w in e.binary().sample_size.iter().filter(|w| w.can_pass) {
            lim.push(self.say(
                "Precision: {} rests on {} cases; at the limit its interval would be ±{}.",
                "Presisjon: {} bygger på {} kasus; ved grensen ville intervallet være ±{}.",
                &[
                    &metric_name(self.lang, w.metric),
                    &w.n,
                    &self.f.p3(w.half_width_at_limit),
                ],
            ));
        }
        let c = &e.cohort;
        if c.rows > 0 && !c.excluded.is_empty() {
            lim.push(self.say(
"{} of {} rows or files ({}) were excluded; if they differ from the analysed cases, the figures may be biased.",
"{} av {} rader eller filer ({}) ble utelatt; hvis de skiller seg fra de analyserte kasusene, kan tallene være skjeve.",
&[&c.excluded.len(), &c.rows, &self.f.pct(c.excluded.len() as f64 / c.rows as f64)],
));
        }
        if e.binary().overall.n_patients.is_some() && !e.binary().sample_size.is_empty() {
            lim.push(self.tr(
"The precision notes above count cases; with several cases per patient the information is that of fewer, independent cases (the effective sample size n/deff in the accuracy table), so the intervals at the limit would be wider.",
"Presisjonsmerknadene over teller kasus; med flere kasus per pasient tilsvarer informasjonen færre, uavhengige kasus (den effektive utvalgsstørrelsen n/deff i nøyaktighetstabellen), så intervallene ved grensen ville vært bredere.",
).into());
        }
        if let Some(r) = c.repeated_patients {
            lim.push(self.say(
"Clustered data without a patient key: {} cases come from {} patients, and the intervals assume independent cases, so they are too narrow. Name the key (patient = \"PatientID\") and run again.",
"Klyngedata uten pasientnøkkel: {} kasus kommer fra {} pasienter, og intervallene forutsetter uavhengige kasus, så de er for smale. Angi nøkkelen (patient = \"PatientID\") og kjør på nytt.",
&[&r.units, &r.patients],
));
        }
        let insufficient: Vec<String> = e
            .binary()
            .subgroup_entries
            .iter()
            .filter(|g| g.status == Status::Insufficient)
            .map(|g| format!("{} = {}", g.attribute, g.value))
            .collect();
        if !insufficient.is_empty() {
            lim.push(format!(
                "{} {}.",
                self.tr(
                    "Too few cases to examine the groups",
                    "For få kasus til å undersøke gruppene",
                ),
                insufficient.join(", ")
            ));
        }
        if e.binary().subgroups.is_empty() {
            lim.push(
                self.tr(
                    "No subgroup analysis: the plan names no attributes.",
                    "Ingen undergruppeanalyse: planen nevner ingen egenskaper.",
                )
                .into(),
            );
        }
        match &e.binary().drift {
            None => lim.push(
                self.tr(
                    "No analysis over time: the cases carry no readable date.",
                    "Ingen analyse over tid: kasusene har ingen lesbar dato.",
                )
                .into(),
            ),
            Some(d) => {
                if d.undated > 0 {
                    lim.push(self.say(
                        "{} of {} cases have no readable date and are left out of the analysis over time.",
                        "{} av {} kasus har ingen lesbar dato og er utelatt fra analysen over tid.",
                        &[&d.undated, &(d.dated + d.undated)],
                    ));
                }
                let new: Vec<String> = d
                    .new_mid_cohort()
                    .map(|v| {
                        self.say(
                            "{} = {} from {}",
                            "{} = {} fra {}",
                            &[&v.attribute, &v.value, &v.first_seen],
                        )
                    })
                    .collect();
                if !new.is_empty() {
                    lim.push(self.say(
                        "Equipment changed during the cohort ({}): the figures pool cases from before and after the change.",
                        "Utstyret endret seg i løpet av kohorten ({}): tallene samler kasus fra før og etter endringen.",
                        &[&new.join(", ")],
                    ));
                }
            }
        }
        if e.binary().overall.calibration.is_none() {
            lim.push(
                self.tr(
                    "Calibration not assessed: the scores are not probabilities.",
                    "Kalibrering ikke vurdert: skårene er ikke sannsynligheter.",
                )
                .into(),
            );
        }
        if e.study.reference_standard.is_none() {
            lim.push(self.tr(
                "The plan does not record how the reference standard was established (study.reference_standard).",
                "Planen registrerer ikke hvordan referansestandarden ble fastsatt (study.reference_standard).",
            ).into());
        }
        lim.push(self.tr(
            "A retrospective validation on one local cohort: it shows how the model performed on these cases, at this site, with this software, not how it will perform after a change of population, scanner or model version. Re-validate after any such change.",
            "En retrospektiv validering på én lokal kohort: den viser hvordan modellen presterte på disse kasusene, på dette stedet, med denne programvaren, ikke hvordan den vil prestere etter endringer i populasjon, skanner eller modellversjon. Valider på nytt etter slike endringer.",
        ).into());
        self.blocks.push(Block::List(lim));
    }

    fn stard(&mut self) {
        self.blocks.push(Block::PageBreak);
        self.h1("stard", "STARD 2015 checklist", "STARD 2015-sjekkliste");
        self.para(self.tr(
            "Each item of the STARD 2015 reporting guideline for diagnostic accuracy studies, with where this report answers it, or what the reviewer must add. CLAIM and TRIPOD+AI items that overlap are answered by the same sections.",
            "Hvert punkt i STARD 2015-retningslinjen for rapportering av studier av diagnostisk nøyaktighet, med hvor rapporten besvarer det, eller hva den som vurderer må legge til. Overlappende punkter i CLAIM og TRIPOD+AI besvares av de samme avsnittene.",
        ));
        let numbers = self.numbers.clone();
        let number_of = |id: &str| numbers.iter().find(|(i, _)| i == id).map(|(_, n)| *n);
        let items = crate::report::stard::items(self.eval, self.lang, &number_of);
        let mut t = Table::text(
            vec![
                self.tr("Item", "Punkt").into(),
                self.tr("What STARD asks", "Hva STARD ber om").into(),
                self.tr("Where answered", "Hvor besvart").into(),
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
        t.note = Some(
            self.tr(
                "Bold rows are for the user: the report cannot know the answer.",
                "Uthevede rader er for brukeren: rapporten kan ikke vite svaret.",
            )
            .into(),
        );
        self.table(t);
        self.h2(
            self.tr(
                "AI-specific topics (CLAIM, TRIPOD+AI)",
                "KI-spesifikke temaer (CLAIM, TRIPOD+AI)",
            )
            .into(),
            "ai-topics".into(),
        );
        let mut t = Table::text(
            vec![
                self.tr("Topic", "Tema").into(),
                self.tr("Where answered", "Hvor besvart").into(),
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
        self.h1("signoff", "Sign-off", "Godkjenning");
        let rows: Vec<Signatory> = if e.plan.report.sign_off.is_empty() {
            vec![
                Signatory {
                    role: self
                        .tr(
                            "Reviewing medical physicist",
                            "Medisinsk fysiker (gjennomgang)",
                        )
                        .into(),
                    name: String::new(),
                },
                Signatory {
                    role: self.tr("Clinical lead", "Klinisk ansvarlig").into(),
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
        let intro = self.say(
            "We have reviewed this validation of \"{}\" (verdict {}) and its evidence.",
            "Vi har gjennomgått denne valideringen av «{}» (resultat {}) og grunnlaget for den.",
            &[
                &e.study.name,
                &verdict_word(self.lang, e.acceptance.verdict),
            ],
        );
        self.blocks.push(Block::SignOff {
            intro,
            rows,
            labels: SignOffLabels {
                role: self.tr("Role", "Rolle").into(),
                name: self.tr("Name", "Navn").into(),
                date: self.tr("Date", "Dato").into(),
                signature: self.tr("Signature", "Signatur").into(),
            },
        });
    }

    /// Cases for review and excluded cases, by pseudonymous id only.
    fn appendix(&mut self) {
        const MAX: usize = 40;
        let e = self.eval;
        let f = Fmt(self.lang);
        self.blocks.push(Block::PageBreak);
        self.blocks.push(Block::Heading {
            level: 1,
            text: self
                .tr(
                    "Appendix A. Cases for review",
                    "Vedlegg A. Kasus til gjennomgang",
                )
                .into(),
            id: "appendix-a".into(),
        });
        self.para(self.tr(
            "False negatives and false positives at the plan's threshold, the most confident errors first. Cases are named by the plan's pseudonymous id; the full list of every case is predictions.csv.",
            "Falskt negative og falskt positive ved planens terskel, de mest sikre feilene først. Kasus navngis med planens pseudonyme id; den fullstendige listen over alle kasus er predictions.csv.",
        ));
        for (positive, title) in [
            (true, self.tr("False negatives", "Falskt negative")),
            (false, self.tr("False positives", "Falskt positive")),
        ] {
            let errs: Vec<&CaseResult> = errors(e, positive).into_iter().map(|(_, c)| c).collect();
            self.h2(
                format!("{title} ({})", errs.len()),
                format!("errors-{positive}"),
            );
            if errs.is_empty() {
                self.para(self.tr("None.", "Ingen."));
                continue;
            }
            let mut header = vec![
                self.tr("Case id", "Kasus-id").to_string(),
                self.tr("Score", "Skår").into(),
            ];
            header.extend(e.cohort.subgroups.iter().cloned());
            let n = header.len();
            let mut widths = vec![2.5, 1.0];
            widths.extend(std::iter::repeat_n(1.2, n - 2));
            let mut t = Table::text(header, widths);
            t.align[1] = Align::Right;
            for c in errs.iter().take(MAX) {
                let mut cells = vec![c.id.clone(), f.num(c.score, 4)];
                cells.extend(c.subgroups.iter().cloned());
                t.rows.push(Row::new(cells));
            }
            if errs.len() > MAX {
                t.note = Some(self.say(
                    "The first {MAX} of {}; all are in predictions.csv.",
                    "De første {MAX} av {}; alle står i predictions.csv.",
                    &[&errs.len()],
                ));
            }
            self.table(t);
        }
        self.occlusion_maps();
        if e.cohort.excluded.is_empty() {
            return;
        }
        self.blocks.push(Block::Heading {
            level: 1,
            text: self
                .tr("Appendix B. Excluded cases", "Vedlegg B. Utelatte kasus")
                .into(),
            id: "appendix-b".into(),
        });
        let mut t = Table::text(
            vec![
                self.tr("Case, line or file", "Kasus, linje eller fil")
                    .into(),
                self.tr("Reason", "Grunn").into(),
                self.tr("Detail", "Detalj").into(),
            ],
            vec![2.2, 1.6, 3.0],
        );
        for x in e.cohort.excluded.iter().take(MAX * 2) {
            let place = match (&x.file, x.line) {
                (Some(file), _) => file.clone(),
                (None, Some(line)) if x.id.is_empty() => {
                    format!("{} {line}", self.tr("line", "linje"))
                }
                (None, Some(line)) => format!("{} ({} {line})", x.id, self.tr("line", "linje")),
                (None, None) => x.id.clone(),
            };
            t.rows.push(Row::new(vec![
                place,
                capitalised(reason_text(self.lang, x.reason)),
                x.detail.clone(),
            ]));
        }
        if e.cohort.excluded.len() > MAX * 2 {
            t.note = Some(self.say(
                "The first {} of {}; all are in report.json.",
                "De første {} av {}; alle står i report.json.",
                &[&(MAX * 2), &e.cohort.excluded.len()],
            ));
        } else {
            t.note = Some(
                self.tr(
                    "Details are the engine's messages, in English.",
                    "Detaljene er programmets meldinger, på engelsk.",
                )
                .into(),
            );
        }
        self.table(t);
    }
}

/// False negatives (`positive`) or false positives at the plan's threshold, with their index in
/// `eval.binary().cases`, the most confident errors first: Appendix A's lists.
fn errors(eval: &Evaluation, positive: bool) -> Vec<(usize, &CaseResult)> {
    let threshold = eval.binary().overall.threshold;
    let mut errs: Vec<(usize, &CaseResult)> = eval
        .binary()
        .cases
        .iter()
        .enumerate()
        .filter(|(_, c)| c.label == positive && (c.score >= threshold) != positive)
        .collect();
    errs.sort_by(|(_, a), (_, b)| {
        (b.score - threshold)
            .abs()
            .total_cmp(&(a.score - threshold).abs())
            .then_with(|| a.id.cmp(&b.id))
    });
    errs
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
