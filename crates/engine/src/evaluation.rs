//! Everything a run computed, in one serialisable value. report.json *is* this struct, and
//! every exported file is written from it, never recomputed, so that all outputs agree.

use serde::{Deserialize, Serialize};

use crate::acceptance::Acceptance;
use crate::cohort::{Exclusion, ExclusionReason};
use crate::metrics::bootstrap::{self, BootstrapCi};
use crate::metrics::brier::brier;
use crate::metrics::calibration::{
    self, Binning, Estimate, calibration_fit, hosmer_lemeshow, reliability,
};
use crate::metrics::confusion::{Confusion, Proportion};
use crate::metrics::decision::net_benefit;
use crate::metrics::roc;
use crate::metrics::thresholds::{self, Bounded};
use crate::metrics::{Cancelled, Unwatched, Watch};
use crate::plan::{Analysis, Plan, Study};
use crate::provenance::Provenance;
use crate::{text, words};

pub use crate::results::{
    AucClustering, AucMetric, BrierMetric, CLUSTER_AUC_METHOD, CLUSTER_PROPORTION_METHOD,
    Calibration, CaseResult, LocalPrevalence, Metrics, Overall, PrecisionRecall,
    ProportionClustering, ProportionMetric, RepeatedPatients, Thresholds,
};

/// The layout of report.json, as a name; it changes with [`SCHEMA_VERSION`].
pub const SCHEMA: &str = "provestein.report/1";

/// Version of the report.json layout, bumped when a key is renamed or removed, or its meaning
/// changes; a reader refuses a version it does not know (`report::json::read`).
pub const SCHEMA_VERSION: u32 = 1;

/// Everything a run computed (report.json, read back by `report::json::read`): what every
/// kind of task has (study, cohort, acceptance, flags, provenance, plan …) and, in `task`, the
/// part that depends on the kind of task. NaN figures are written as null and read back as NaN.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Evaluation {
    pub schema: String,
    /// [`SCHEMA_VERSION`] of the code that wrote it.
    pub schema_version: u32,
    pub study: Study,
    /// The conventions every figure follows, in words, for the report's Methods section.
    pub conventions: Vec<String>,
    pub cohort: CohortSummary,
    /// The figures of the plan's `[study] task`, as `"task": "binary"` and that kind's keys.
    #[serde(flatten)]
    pub task: TaskEvaluation,
    pub acceptance: Acceptance,
    /// What the criteria do not cover, for page 1 (`flags`); `{ id, text }` in report.json.
    /// Not read back: `report::json::read` rebuilds them from the figures (`flags::refresh`).
    #[serde(skip_deserializing)]
    pub flags: Vec<crate::flags::flag::Flag>,
    /// The vendor's claims from the plan's `[claims]` beside the local figures (not judged).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<crate::acceptance::ClaimCheck>,
    /// The vendor's validation package, when the plan names one: identity, signature, what it
    /// filled and what the plan overrode, the fidelity self-test, and the cohort against its
    /// intended use and population.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest: Option<crate::model::manifest::ManifestReport>,
    /// Occlusion maps `batch --explain` wrote beside the report (`explain::occlusion`); a run
    /// leaves this empty, and report.json has no such key then.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub occlusion_maps: Vec<crate::explain::occlusion::entry::OcclusionEntry>,
    /// The occlusion maps `batch --explain` asked for and could not make, each as the run's
    /// warning said it (English); report.json has no such key when every map was made.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub occlusion_failures: Vec<String>,
    /// The figures with labels adjudicated after the run (`adjudication`): a sensitivity
    /// analysis beside the pre-specified result, in reports exported after a review; a run
    /// leaves it empty, and report.json has no such key then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adjudication: Option<crate::adjudication::AdjudicatedAnalysis>,
    pub provenance: Provenance,
    /// The plan as run (paths as written in it).
    pub plan: Plan,
    /// The identifier values met in the cohort's DICOM headers, checked against every output
    /// before it is written (`privacy::guard`); in memory only.
    #[serde(skip)]
    pub guard: crate::privacy::Guard,
    /// DICOM cohorts: (pseudonym, path or UID) of every case and file named in the outputs,
    /// sorted by pseudonym; kept in the local history only (`history::History::original`) and
    /// shown by the app when case ids are asked for.
    #[serde(skip)]
    pub pseudonyms: Vec<(String, String)>,
}

/// The part of an [`Evaluation`] that depends on the plan's `[study] task`: one variant per
/// kind of task, each with its own outcomes and figures. A new kind of task is a new variant
/// (and its arm where the report, the app and the history dispatch on it).
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "task", rename_all = "snake_case")]
// One per run: the size of the larger variant costs nothing, a Box would cost every reader.
#[allow(clippy::large_enum_variant)]
pub enum TaskEvaluation {
    /// A binary classifier: a score per case against a positive/negative label.
    Binary(BinaryEvaluation),
    /// A segmentation product: masks per structure against the truth's.
    Segmentation(crate::segmentation::SegmentationEvaluation),
    /// A detection product: marks against truth lesions, and the unit-level score.
    Detection(crate::detection::DetectionEvaluation),
    /// K findings per unit, each present or absent.
    Multilabel(crate::findings::FindingsEvaluation),
    /// One of K classes per unit (ordinal when the plan says so).
    Multiclass(crate::findings::FindingsEvaluation),
}

/// The figures of a binary classifier (`[study] task = "binary"`).
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct BinaryEvaluation {
    pub overall: Overall,
    /// What the cohort's size allows for each proportion criterion (see `sample_size`).
    pub sample_size: Vec<crate::sample_size::SampleSize>,
    /// One report per subgroup attribute (and per intersection the plan asks for); in
    /// report.json as the flat `subgroups` list and `fairness` below, so empty in an
    /// evaluation read back from report.json.
    #[serde(skip)]
    pub subgroups: Vec<crate::metrics::AttributeReport>,
    /// Every group of every attribute, metrics shaped as `overall.metrics`.
    #[serde(rename = "subgroups")]
    pub subgroup_entries: Vec<SubgroupEntry>,
    /// Demographic parity and equalized odds per attribute.
    pub fairness: std::collections::BTreeMap<String, crate::metrics::Fairness>,
    /// Figures per month or quarter and equipment new mid-cohort (`metrics::drift`); null
    /// when no case has a date. Periods and months only, never a date.
    pub drift: Option<crate::metrics::drift::Drift>,
    /// What a feature model relies on (`explain::tabular`): permutation importance per input
    /// and, per case, the score change at the cohort median; null for vendor scores, imaging
    /// cohorts and `[explain] permutations = 0`.
    pub importance: Option<crate::explain::tabular::Importance>,
    /// Paired comparisons of the main score with each `[[compare]]` source.
    pub comparisons: Vec<Comparison>,
    /// Every evaluated case; written to predictions.csv, not to report.json (so empty in an
    /// evaluation read back from report.json; the history keeps them beside it).
    #[serde(skip)]
    pub cases: Vec<CaseResult>,
    /// The worst errors of a DICOM run as small images for the report's appendix
    /// (`run::error_tiles`); in memory only, like `cases`.
    #[serde(skip)]
    pub error_tiles: Vec<crate::run::error_tiles::ErrorTile>,
    /// The errors passed over on the way to those tiles, with why; the report counts them.
    #[serde(skip)]
    pub error_tiles_left_out: Vec<crate::run::error_tiles::LeftOut>,
}

impl Evaluation {
    /// The binary classifier's figures: a binary study's, or a detection study's unit level
    /// (the unit score against "has a lesion"); None for another kind of task. Code that reads
    /// this is binary-only (the report's and the app's binary sections, flags, predictions.csv);
    /// code that must not treat a detection run as a binary one checks `study.task` too
    /// (`history compare`, occlusion maps).
    pub fn binary(&self) -> Option<&BinaryEvaluation> {
        match &self.task {
            TaskEvaluation::Binary(b) => Some(b),
            // A detection study's unit level is a binary classifier's (ARCHITECTURE.md).
            TaskEvaluation::Detection(d) => Some(&d.unit_level),
            _ => None,
        }
    }

    /// [`Evaluation::binary`], to fill in or amend (the run, `flags`, tests).
    pub fn binary_mut(&mut self) -> Option<&mut BinaryEvaluation> {
        match &mut self.task {
            TaskEvaluation::Binary(b) => Some(b),
            TaskEvaluation::Detection(d) => Some(&mut d.unit_level),
            _ => None,
        }
    }

    /// The detection figures; None for another kind of task.
    pub fn detection(&self) -> Option<&crate::detection::DetectionEvaluation> {
        match &self.task {
            TaskEvaluation::Detection(d) => Some(d),
            _ => None,
        }
    }

    /// The multi-finding figures (multi-label or multi-class); None for another kind of task.
    pub fn findings(&self) -> Option<&crate::findings::FindingsEvaluation> {
        match &self.task {
            TaskEvaluation::Multilabel(f) | TaskEvaluation::Multiclass(f) => Some(f),
            _ => None,
        }
    }

    /// The segmentation figures; None for another kind of task.
    pub fn segmentation(&self) -> Option<&crate::segmentation::figures::SegmentationFigures> {
        match &self.task {
            TaskEvaluation::Segmentation(s) => Some(&s.segmentation),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CohortSummary {
    /// Rows read from the cohort CSV, or files found in the DICOM folder.
    pub rows: usize,
    /// Cases evaluated (rows − excluded).
    pub included: usize,
    pub excluded: Vec<Exclusion>,
    pub excluded_by_reason: std::collections::BTreeMap<ExclusionReason, usize>,
    /// Ids in the vendor's score file that match no cohort row (they are not evaluated).
    pub unmatched_predictions: Vec<String>,
    /// Label rows (DICOM cohorts) whose join key matches no image.
    #[serde(default)]
    pub unmatched_labels: Vec<String>,
    pub subgroups: Vec<String>,
    pub positive_label: String,
    pub negative_label: String,
    /// DICOM without a patient key: the cases come from fewer patients (PatientID repeats),
    /// so the intervals, which assume independent cases, are too narrow. Counts only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeated_patients: Option<RepeatedPatients>,
    /// Case ids that look like patient identifiers (a fødselsnummer), named by line
    /// (`privacy::ids`); absent when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identifier_warnings: Vec<String>,
}

/// The patient of each case, as [`Clusters`](crate::metrics::Clusters), when the plan names a
/// patient key; None otherwise (every case its own patient, today's intervals).
pub fn clusters(plan: &Plan, cases: &[CaseResult]) -> Option<crate::metrics::Clusters> {
    plan.cohort.patient.as_ref()?;
    let keys: Vec<&str> = cases
        .iter()
        .map(|c| c.patient.as_deref().unwrap_or_default())
        .collect();
    Some(crate::metrics::Clusters::from_keys(&keys))
}

/// A DICOM cohort run without a patient key whose PatientID repeats across its cases:
/// patients against units, for the warning that the intervals are too narrow. None when a key
/// is given, for CSV cohorts, and when every case has a patient of its own.
pub fn repeated_patients(plan: &Plan, cases: &[CaseResult]) -> Option<RepeatedPatients> {
    if plan.cohort.patient.is_some() || plan.cohort.kind != crate::plan::CohortKind::Dicom {
        return None;
    }
    let keys: Vec<&str> = cases
        .iter()
        .map(|c| c.patient.as_deref().unwrap_or_default())
        .collect();
    let patients = crate::metrics::Clusters::from_keys(&keys).count;
    (patients < cases.len()).then_some(RepeatedPatients {
        patients,
        units: cases.len(),
    })
}

/// Scores read as probabilities, for calibration and net benefit: every score in [0, 1] up to
/// float32 rounding (a softmax output of 1.0000001 is 1), clamped to [0, 1]. None when some
/// score is plainly not a probability, such as a vendor's 0–100 score.
pub fn as_probabilities(scores: &[f64]) -> Option<Vec<f64>> {
    crate::metrics::brier::are_probabilities(scores)
        .then(|| scores.iter().map(|s| s.clamp(0.0, 1.0)).collect())
}

/// The bootstrap intervals of the AUC and Brier score: stratified, or over patients with a
/// patient key; none (NaN) with `bootstrap = 0`. `watch` may stop it between replicates.
fn bootstrap_ci(
    labels: &[bool],
    scores: &[f64],
    analysis: &Analysis,
    clusters: Option<&crate::metrics::Clusters>,
    watch: &dyn Watch,
) -> Result<BootstrapCi, Cancelled> {
    let (b, seed, conf) = (analysis.bootstrap, analysis.seed, analysis.confidence);
    match clusters {
        _ if b == 0 => Ok(BootstrapCi {
            replicates: 0,
            seed,
            auc: (f64::NAN, f64::NAN),
            brier: (f64::NAN, f64::NAN),
        }),
        Some(c) => bootstrap::cluster_bootstrap_watched(labels, scores, c, b, seed, conf, watch),
        None => bootstrap::stratified_bootstrap_watched(labels, scores, b, seed, conf, watch),
    }
}

/// Computes every overall figure from labels and scores. Both classes must be present (the
/// run checks that first, with a message for the user).
///
/// With `clusters` (the plan's patient key), the intervals in `metrics` are patient-level:
/// Obuchowski's AUC variance, the cluster ratio estimator's Wilson and Clopper–Pearson at the
/// effective sample size, and the bootstrap of patients (`metrics::clustered`); the
/// independent-unit intervals are kept beside them for comparison.
pub fn overall(
    labels: &[bool],
    scores: &[f64],
    analysis: &Analysis,
    clusters: Option<&crate::metrics::Clusters>,
    probabilities: bool,
) -> Overall {
    crate::metrics::unwatched(overall_watched(
        labels,
        scores,
        analysis,
        clusters,
        probabilities,
        &Unwatched,
    ))
}

/// [`overall`], its bootstrap asking `watch` before each replicate whether to stop (a run's
/// Cancel) and telling it each one done (the run's progress).
pub fn overall_watched(
    labels: &[bool],
    scores: &[f64],
    analysis: &Analysis,
    clusters: Option<&crate::metrics::Clusters>,
    probabilities: bool,
    watch: &dyn Watch,
) -> Result<Overall, Cancelled> {
    let conf = analysis.confidence;
    // The figures below are independent functions of the same slices: computed on rayon's
    // threads side by side (each is the same sequential code, so the results do not depend
    // on the thread count).
    let mut confusion = None;
    let mut unclustered = None;
    let mut clustered_auc = None;
    let mut boot = None;
    let mut fit = None;
    let mut rates = None;
    let mut roc_curve = None;
    let mut calibration_bins = None;
    let mut decision_curve = None;
    let mut brier_estimate = None;
    // Calibration and net benefit read scores as probabilities; a vendor's 0–100 score is not.
    let probs = as_probabilities(scores).filter(|_| probabilities);
    let p = probs.as_deref();
    // The cases sorted once for the ROC curve and DeLong (each sorted them on its own).
    let bins = crate::metrics::Bins::new(labels, scores);
    rayon::scope(|s| {
        s.spawn(|_| confusion = Some(Confusion::at_threshold(labels, scores, analysis.threshold)));
        s.spawn(|_| unclustered = Some(roc::delong_of(&bins)));
        s.spawn(|_| {
            clustered_auc = clusters.map(|c| crate::metrics::obuchowski(labels, scores, c))
        });
        s.spawn(|_| boot = Some(bootstrap_ci(labels, scores, analysis, clusters, watch)));
        s.spawn(|_| fit = p.map(|p| calibration_fit(labels, p, conf)));
        s.spawn(|_| {
            rates = clusters.map(|c| {
                crate::metrics::clustered::clustered_rates(
                    labels,
                    scores,
                    analysis.threshold,
                    c,
                    conf,
                )
            })
        });
        s.spawn(|_| roc_curve = Some(roc::roc_curve_of(&bins)));
        s.spawn(|_| {
            calibration_bins = p.map(|p| {
                let (bins, binning) = (analysis.calibration_bins, analysis.calibration_binning);
                (
                    reliability(labels, p, bins, binning, conf),
                    calibration::ece(labels, p, bins, binning),
                    calibration::mce(labels, p, bins, binning),
                    hosmer_lemeshow(labels, p, 10),
                )
            })
        });
        s.spawn(|_| {
            decision_curve = p.map(|p| {
                let ts: Vec<f64> = (1..100).map(|i| f64::from(i) / 100.0).collect();
                net_benefit(labels, p, &ts)
            })
        });
        s.spawn(|_| brier_estimate = p.map(|_| brier(labels, scores)));
    });
    drop(bins);
    let computed = "computed in the scope above";
    // The figures read off the ROC curve, from the one curve (each sorted the cases again).
    let roc_curve = roc_curve.expect(computed);
    let youden = thresholds::youden_of(&roc_curve, conf);
    let closest_topleft = thresholds::closest_topleft_of(&roc_curve, conf);
    let at_sensitivity = analysis
        .target_sensitivity
        .and_then(|t| thresholds::at_sensitivity_of(&roc_curve, t, conf));
    let at_specificity = analysis
        .target_specificity
        .and_then(|t| thresholds::at_specificity_of(&roc_curve, t, conf));
    let average_precision = thresholds::average_precision_of_roc(&roc_curve);
    let confusion = confusion.expect(computed);
    let unclustered = unclustered.expect(computed);
    let delong = clustered_auc.unwrap_or(unclustered);
    let boot = boot.expect(computed)?;
    let (dl, dh) = delong.ci(conf);
    let n_positive = labels.iter().filter(|&&l| l).count();
    let fit = probs.as_ref().zip(fit);
    let proportion =
        |plain: Proportion, clustered: Option<&crate::metrics::ClusteredProportion>| match clustered
        {
            Some(c) => ProportionMetric::clustered(c, conf),
            None => ProportionMetric::of(plain, conf),
        };
    let metrics = Metrics {
        sensitivity: proportion(
            confusion.sensitivity(),
            rates.as_ref().map(|r| &r.sensitivity),
        ),
        specificity: proportion(
            confusion.specificity(),
            rates.as_ref().map(|r| &r.specificity),
        ),
        ppv: proportion(confusion.ppv(), rates.as_ref().map(|r| &r.ppv)),
        npv: proportion(confusion.npv(), rates.as_ref().map(|r| &r.npv)),
        accuracy: proportion(confusion.accuracy(), rates.as_ref().map(|r| &r.accuracy)),
        auc: AucMetric {
            estimate: delong.auc,
            se: delong.se,
            delong: [dl, dh],
            bootstrap: [boot.auc.0, boot.auc.1],
            interval_method: clusters.map(|_| CLUSTER_AUC_METHOD.into()),
            clustering: clusters.map(|c| {
                let (ul, uh) = unclustered.ci(conf);
                AucClustering {
                    patients: c.count as u64,
                    unclustered_se: unclustered.se,
                    unclustered_delong: [ul, uh],
                    bootstrap_resamples: "patients".into(),
                }
            }),
        },
        // Like calibration, Brier reads scores as probabilities: not computed on 0–100 scores.
        brier: match brier_estimate {
            Some(estimate) => BrierMetric {
                estimate,
                bootstrap: [boot.brier.0, boot.brier.1],
            },
            None => BrierMetric {
                estimate: f64::NAN,
                bootstrap: [f64::NAN; 2],
            },
        },
    };
    let at_local_prevalence = analysis.prevalence.map(|prevalence| {
        // The Wilson bounds of `metrics` (patient-level with a patient key).
        let bounded = |p: &ProportionMetric| Bounded {
            estimate: p.estimate,
            ci: p.wilson,
        };
        let (se, sp) = (bounded(&metrics.sensitivity), bounded(&metrics.specificity));
        LocalPrevalence {
            predictive_values: thresholds::ppv_npv_at_prevalence(se, sp, prevalence),
            per_1000: thresholds::flags_per_1000(se.estimate, sp.estimate, prevalence),
        }
    });
    let mut o = Overall {
        n: labels.len(),
        n_patients: clusters.map(|c| c.count),
        n_positive,
        n_negative: labels.len() - n_positive,
        threshold: analysis.threshold,
        confidence: conf,
        confusion,
        metrics,
        roc: roc_curve,
        calibration: fit
            .zip(calibration_bins)
            .map(|((_, fit), (bins, ece, mce, hl))| Calibration {
                binning: analysis.calibration_binning,
                bins,
                ece,
                mce,
                slope: fit.slope,
                intercept: fit.intercept,
                citl: fit.citl,
                hosmer_lemeshow: hl,
            }),
        thresholds: Thresholds {
            plan: analysis.threshold,
            youden,
            closest_topleft,
            at_target_sensitivity: at_sensitivity,
            at_target_specificity: at_specificity,
            at_local_prevalence,
        },
        precision_recall: PrecisionRecall {
            average_precision,
            curve: Vec::new(), // made by `thin_curves` from the full ROC curve
        },
        decision_curve,
    };
    thin_curves(&mut o);
    Ok(o)
}

/// report.json's curves thinned to `roc::MAX_CURVE_POINTS`, every operating point the report
/// names (plan threshold, Youden, closest-top-left, target sensitivity and specificity) kept
/// exactly. Every figure was computed from the cases before this; nothing reads a curve back.
fn thin_curves(o: &mut Overall) {
    let t = &o.thresholds;
    let keep: Vec<f64> = [
        Some(roc::operating_threshold(&o.roc, t.plan)),
        t.youden.map(|b| b.point.threshold),
        t.closest_topleft.map(|b| b.point.threshold),
        t.at_target_sensitivity.map(|p| p.threshold),
        t.at_target_specificity.map(|p| p.threshold),
    ]
    .into_iter()
    .flatten()
    .collect();
    // The two thinnings are the costliest step of a large run's statistics: side by side,
    // both from the one full ROC curve (the full PR curve is never made).
    let full = std::mem::take(&mut o.roc);
    (o.roc, o.precision_recall.curve) = rayon::join(
        || roc::thin_curve(&full, &keep, roc::MAX_CURVE_POINTS),
        || thresholds::thin_pr_of(&full, &keep, roc::MAX_CURVE_POINTS),
    );
}

/// The main score against another source on the cases both scored.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Comparison {
    pub name: String,
    /// Cases scored by both (the paired tests use these).
    pub n: usize,
    /// Cases the main source scored but this one did not (excluded from the comparison).
    pub missing: usize,
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub threshold: f64,
    /// DeLong's paired test of the two AUCs (difference = main − other), as pROC roc.test.
    pub delong: crate::metrics::PairedDelong,
    /// McNemar's exact test of sensitivity (positives) and specificity (negatives) at the
    /// two thresholds.
    pub mcnemar: crate::metrics::DiscordantPairs,
    /// With a patient key: patients of the paired cases; `delong` is then Obuchowski's
    /// clustered paired test ("obuchowski_1997").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n_patients: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval_method: Option<String>,
    /// With a patient key: Durkalski et al.'s (2003) clustered McNemar test beside the exact one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mcnemar_clustered: Option<crate::metrics::clustered::ClusteredDiscordance>,
}

/// Pairs the main results with another source's by case id and tests the differences.
pub fn compare(
    plan: &Plan,
    spec: &crate::plan::CompareSpec,
    main: &[CaseResult],
    other: &[CaseResult],
) -> Comparison {
    let by_id: std::collections::HashMap<&str, f64> =
        other.iter().map(|c| (c.id.as_str(), c.score)).collect();
    let paired_cases: Vec<(&CaseResult, f64)> = main
        .iter()
        .filter_map(|c| by_id.get(c.id.as_str()).map(|&o| (c, o)))
        .collect();
    let paired: Vec<(bool, f64, f64)> = paired_cases
        .iter()
        .map(|(c, o)| (c.label, c.score, *o))
        .collect();
    let clusters = plan.cohort.patient.as_ref().map(|_| {
        let keys: Vec<&str> = paired_cases
            .iter()
            .map(|(c, _)| c.patient.as_deref().unwrap_or_default())
            .collect();
        crate::metrics::Clusters::from_keys(&keys)
    });
    let labels: Vec<bool> = paired.iter().map(|p| p.0).collect();
    let a: Vec<f64> = paired.iter().map(|p| p.1).collect();
    let b: Vec<f64> = paired.iter().map(|p| p.2).collect();
    let threshold = spec.threshold.unwrap_or(plan.analysis.threshold);
    Comparison {
        name: spec.name.clone(),
        n: paired.len(),
        missing: main.len() - paired.len(),
        threshold,
        delong: match &clusters {
            Some(k) => {
                crate::metrics::obuchowski_paired(&labels, &a, &b, k, plan.analysis.confidence)
            }
            None => crate::metrics::paired_delong(&labels, &a, &b, plan.analysis.confidence),
        },
        mcnemar: crate::metrics::discordant_pairs(
            &labels,
            &a,
            plan.analysis.threshold,
            &b,
            threshold,
        ),
        n_patients: clusters.as_ref().map(|k| k.count),
        interval_method: clusters.as_ref().map(|_| CLUSTER_AUC_METHOD.into()),
        mcnemar_clustered: clusters.as_ref().map(|k| {
            crate::metrics::clustered::clustered_discordance(
                &labels,
                &a,
                plan.analysis.threshold,
                &b,
                threshold,
                k,
            )
        }),
    }
}

/// Subgroup reports for every attribute the plan names and every intersection it asks for.
pub fn subgroups(plan: &Plan, cases: &[CaseResult]) -> Subgroups {
    subgroups_clustered(plan, cases, clusters(plan, cases).as_ref())
}

/// [`subgroups`] with the cases' patients (`clusters(plan, cases)`) found once by the caller.
pub fn subgroups_clustered(
    plan: &Plan,
    cases: &[CaseResult],
    clusters: Option<&crate::metrics::Clusters>,
) -> Subgroups {
    let a = &plan.analysis;
    let options = crate::metrics::SubgroupOptions {
        threshold: a.threshold,
        confidence: a.confidence,
        min_group_n: a.min_group_n,
        min_group_positives: a.min_group_positives,
        min_group_negatives: a.min_group_negatives,
    };
    let labels: Vec<bool> = cases.iter().map(|c| c.label).collect();
    let scores: Vec<f64> = cases.iter().map(|c| c.score).collect();
    let names = &plan.cohort.subgroups;
    let column =
        |i: usize| -> Vec<String> { cases.iter().map(|c| c.subgroups[i].to_string()).collect() };
    let mut attributes: Vec<(String, Vec<String>)> = (0..names.len())
        .map(|i| (names[i].clone(), column(i)))
        .collect();
    for combo in &a.intersections {
        let columns: Vec<Vec<String>> = combo
            .iter()
            .map(|n| column(names.iter().position(|m| m == n).expect("validated")))
            .collect();
        let refs: Vec<&[String]> = columns.iter().map(Vec::as_slice).collect();
        attributes.push((combo.join(" × "), crate::metrics::intersect(&refs)));
    }
    let probs = as_probabilities(&scores).filter(|_| plan.unit_scores_are_probabilities());
    // Each attribute, and each group's calibration, on rayon's threads; collected in order.
    use rayon::prelude::*;
    let per_attribute: Vec<_> = attributes
        .par_iter()
        .map(|(name, values)| {
            let mut report = crate::metrics::subgroups::subgroup_report_clustered(
                name, &labels, &scores, values, clusters, &options,
            );
            // Brier reads scores as probabilities, as overall: not on 0–100 scores.
            if probs.is_none() {
                report.groups.iter_mut().for_each(|g| g.brier = f64::NAN);
            }
            let entries: Vec<SubgroupEntry> = report
                .groups
                .par_iter()
                .map(|g| {
                    // Calibration where n allows: a group that passes the guardrails, probabilities.
                    let calibration = probs
                        .as_ref()
                        .filter(|_| g.status == crate::metrics::Status::Ok)
                        .map(|probs| {
                            let member = |v: &String| {
                                *v == g.group
                                    || (v.is_empty() && g.group == crate::metrics::MISSING_GROUP)
                            };
                            let (gl, gs): (Vec<bool>, Vec<f64>) = values
                                .iter()
                                .zip(labels.iter().zip(probs))
                                .filter(|(v, _)| member(v))
                                .map(|(_, (l, s))| (*l, *s))
                                .unzip();
                            let fit = calibration_fit(&gl, &gs, a.confidence);
                            GroupCalibration {
                                slope: fit.slope,
                                citl: fit.citl,
                            }
                        });
                    SubgroupEntry::of(name, g, calibration, clusters.is_some())
                })
                .collect();
            (name, entries, report)
        })
        .collect();
    let mut out = Subgroups::default();
    for (name, entries, report) in per_attribute {
        out.entries.extend(entries);
        out.fairness.insert(name.clone(), report.fairness.clone());
        out.reports.push(report);
    }
    out
}

/// The analysis over time, when any case has a date: per `[analysis] drift_period`, with the
/// subgroup guardrails and tests, and the first appearance of each equipment value (DICOM:
/// Manufacturer, ManufacturerModelName, SoftwareVersions; CSV: the subgroup columns).
pub fn drift(plan: &Plan, cases: &[CaseResult]) -> Option<crate::metrics::drift::Drift> {
    let a = &plan.analysis;
    let options = crate::metrics::drift::DriftOptions {
        period: a.drift_period,
        groups: crate::metrics::SubgroupOptions {
            threshold: a.threshold,
            confidence: a.confidence,
            min_group_n: a.min_group_n,
            min_group_positives: a.min_group_positives,
            min_group_negatives: a.min_group_negatives,
        },
        run_date: Some(
            jiff::Timestamp::now()
                .to_zoned(jiff::tz::TimeZone::UTC)
                .date(),
        ),
    };
    let labels: Vec<bool> = cases.iter().map(|c| c.label).collect();
    let scores: Vec<f64> = cases.iter().map(|c| c.score).collect();
    let dates: Vec<Option<jiff::civil::Date>> = cases.iter().map(|c| c.date).collect();
    let attributes: Vec<(String, Vec<String>)> = match plan.cohort.kind {
        crate::plan::CohortKind::Dicom => crate::cohort::dicom::EQUIPMENT
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let values = cases
                    .iter()
                    .map(|c| c.equipment().get(i).cloned().unwrap_or_default())
                    .collect();
                (name.to_string(), values)
            })
            .collect(),
        crate::plan::CohortKind::Csv => plan
            .cohort
            .subgroups
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let values = cases.iter().map(|c| c.subgroups[i].to_string()).collect();
                (name.clone(), values)
            })
            .collect(),
    };
    crate::metrics::drift::drift_clustered(
        &labels,
        &scores,
        &dates,
        &attributes,
        clusters(plan, cases).as_ref(),
        &options,
    )
}

/// The subgroup analysis in two forms: the full per-attribute reports the engine works with,
/// and the flat list of groups plus fairness per attribute that report.json carries.
#[derive(Debug, Clone, Default)]
pub struct Subgroups {
    pub reports: Vec<crate::metrics::AttributeReport>,
    pub entries: Vec<SubgroupEntry>,
    pub fairness: std::collections::BTreeMap<String, crate::metrics::Fairness>,
}

/// One group of one attribute, with its metrics in the same shape as `overall.metrics`.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SubgroupEntry {
    pub attribute: String,
    pub value: String,
    pub n: u64,
    pub n_positive: u64,
    pub n_negative: u64,
    pub status: crate::metrics::Status,
    /// Which comparisons the guardrails allow, and why not.
    pub gates: crate::metrics::subgroups::PerMetric<crate::metrics::Status>,
    pub reasons: Vec<String>,
    pub confusion: Confusion,
    pub metrics: GroupMetrics,
    pub disparity: Disparity,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GroupMetrics {
    pub sensitivity: ProportionMetric,
    pub specificity: ProportionMetric,
    pub ppv: ProportionMetric,
    pub npv: ProportionMetric,
    pub accuracy: ProportionMetric,
    pub auc: GroupAuc,
    pub brier: GroupBrier,
    /// Calibration slope and in-the-large, for groups that pass the guardrails.
    pub calibration: Option<GroupCalibration>,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GroupAuc {
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub estimate: f64,
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub se: f64,
    #[serde(with = "crate::metrics::nullable::pair")]
    #[schemars(with = "[Option<f64>; 2]")]
    pub delong: [f64; 2],
    /// With a patient key: "obuchowski_1997".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval_method: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GroupBrier {
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub estimate: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GroupCalibration {
    pub slope: Estimate,
    pub citl: Estimate,
}

/// Each group against the rest of the cohort (tested, Holm-corrected) and against the best
/// group (descriptive).
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Disparity {
    pub vs_rest: crate::metrics::subgroups::PerMetric<Option<crate::metrics::subgroups::Tested>>,
    pub vs_best: crate::metrics::subgroups::PerMetric<Option<crate::metrics::Comparison>>,
}

impl SubgroupEntry {
    fn of(
        attribute: &str,
        g: &crate::metrics::GroupReport,
        calibration: Option<GroupCalibration>,
        clustered: bool,
    ) -> Self {
        let p = |r: &crate::metrics::subgroups::Rate| ProportionMetric {
            estimate: r.estimate,
            x: r.x,
            n: r.n,
            wilson: r.wilson,
            clopper_pearson: r.clopper_pearson,
            interval_method: clustered.then(|| CLUSTER_PROPORTION_METHOD.into()),
            clustering: None,
        };
        SubgroupEntry {
            attribute: attribute.to_string(),
            value: g.group.clone(),
            n: g.n,
            n_positive: g.n_positive,
            n_negative: g.n_negative,
            status: g.status,
            gates: g.gates.clone(),
            reasons: g.reasons.clone(),
            confusion: g.confusion,
            metrics: GroupMetrics {
                sensitivity: p(&g.tpr),
                specificity: p(&g.tnr),
                ppv: p(&g.ppv),
                npv: p(&g.npv),
                accuracy: p(&g.accuracy),
                auc: GroupAuc {
                    estimate: g.auc.auc,
                    se: g.auc.se,
                    delong: g.auc.ci,
                    interval_method: clustered.then(|| CLUSTER_AUC_METHOD.into()),
                },
                brier: GroupBrier { estimate: g.brier },
                calibration,
            },
            disparity: Disparity {
                vs_rest: g.vs_rest.clone(),
                vs_best: g.vs_best.clone(),
            },
        }
    }
}

/// The conventions behind the numbers, stated once in words for every report (report.json
/// carries the English; the PDF and HTML reports their own language's).
pub fn conventions(plan: &Plan, lang: crate::i18n::Lang) -> Vec<String> {
    let a = &plan.analysis;
    let f = crate::i18n::Numbers(lang);
    let binning = match a.calibration_binning {
        Binning::Uniform => "uniform",
        Binning::Quantile => "quantile",
    };
    let binning = words!(lang, "convention-binning", kind = binning);
    let mut c = vec![
        words!(
            lang,
            "convention-threshold",
            threshold = f.plain(a.threshold)
        ),
        text!(lang, "convention-formulas").to_string(),
        words!(
            lang,
            "convention-intervals",
            confidence = f.plain(a.confidence * 100.0)
        ),
        text!(lang, "convention-auc").to_string(),
        text!(lang, "convention-delong").to_string(),
        text!(lang, "convention-brier").to_string(),
        words!(
            lang,
            "convention-subgroups",
            min_n = a.min_group_n,
            min_positives = a.min_group_positives,
            min_negatives = a.min_group_negatives
        ),
        words!(
            lang,
            "convention-calibration",
            bins = a.calibration_bins,
            binning = binning
        ),
        text!(lang, "convention-thresholds").to_string(),
        text!(lang, "convention-fairness").to_string(),
        text!(lang, "convention-acceptance").to_string(),
    ];
    let alpha = ((1.0 - a.confidence) * 1e9).round() / 1e9;
    c.push(words!(lang, "convention-flags", alpha = f.plain(alpha)));
    if !plan.claims.figures().is_empty() {
        let m = crate::acceptance::CLAIM_MARGIN;
        c.push(words!(lang, "convention-claims", margin = f.plain(m)));
    }
    if plan.cohort.patient.is_some() {
        c.push(text!(lang, "convention-patient-level").to_string());
    }
    // The seed as text: Fluent's numbers are f64, and a u64 seed would lose digits.
    if a.bootstrap > 0 && plan.cohort.patient.is_some() {
        c.push(words!(
            lang,
            "convention-bootstrap-patients",
            replicates = a.bootstrap,
            seed = a.seed.to_string()
        ));
    } else if a.bootstrap > 0 {
        c.push(words!(
            lang,
            "convention-bootstrap",
            replicates = a.bootstrap,
            seed = a.seed.to_string()
        ));
    }
    if plan.cohort.kind == crate::plan::CohortKind::Dicom || plan.cohort.date.is_some() {
        let period = match a.drift_period {
            crate::metrics::drift::Period::Month => "month",
            crate::metrics::drift::Period::Quarter => "quarter",
        };
        let period = words!(lang, "convention-period", kind = period);
        c.push(words!(lang, "convention-drift", period = period));
    }
    c.extend(crate::explain::tabular::convention(plan, lang));
    c
}

#[cfg(test)]
mod tests {
    #[test]
    fn float32_rounding_above_one_is_still_a_probability() {
        let one_up = f64::from(1.0f32 + f32::EPSILON); // a float32 softmax's 1.0000001
        let p = super::as_probabilities(&[0.2, one_up, 0.0]).expect("probabilities");
        assert_eq!(p, vec![0.2, 1.0, 0.0]);
        assert!(
            super::as_probabilities(&[0.2, 1.01]).is_none(),
            "not rounding"
        );
        assert!(
            super::as_probabilities(&[42.0, 7.0]).is_none(),
            "a 0–100 score"
        );
    }
}
