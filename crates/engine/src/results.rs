//! What a run produced, as data below the code that computes and judges it: each unit's
//! result ([`CaseResult`]) and the overall figures ([`Overall`] and its parts). `evaluation`
//! computes them and re-exports them; `acceptance`, `explain` and `model::manifest` read them.

use serde::{Deserialize, Serialize};

use crate::metrics::calibration::{Bin, Binning, Estimate, HosmerLemeshow};
use crate::metrics::confusion::{Confusion, Proportion};
use crate::metrics::decision::NetBenefit;
use crate::metrics::intervals::{clopper_pearson, wilson};
use crate::metrics::roc::RocPoint;
use crate::metrics::thresholds::{
    BestThreshold, OperatingPoint, PerThousand, PrPoint, PredictiveValues,
};

/// How many patients the evaluated units come from (no identifier, counts only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RepeatedPatients {
    pub patients: usize,
    pub units: usize,
}

/// One evaluated case, as written to predictions.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseResult {
    /// Shared with the unit and its outcome (one allocation per case).
    pub id: crate::Id,
    pub label: bool,
    pub score: f64,
    pub subgroups: Box<[crate::Id]>,
    /// The case's date (CSV: the plan's `date` column; DICOM: StudyDate), for the analysis over
    /// time. Kept in memory only: no output writes it, only its month or quarter.
    pub date: Option<jiff::civil::Date>,
    /// The case's patient (CSV: the plan's `patient` column; DICOM: an index standing for its
    /// PatientID, never the ID), for patient-level intervals. In memory only: never written.
    pub patient: Option<crate::Id>,
    /// A DICOM case's files and equipment (None for CSV rows): boxed, so that a CSV case is
    /// 72 bytes, no larger than the outcome it is made from, whose freed memory it then reuses.
    pub images: Option<Box<CaseImages>>,
}

/// What a DICOM case's result carries beside its figures.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CaseImages {
    /// Absolute paths of the case's DICOM files (all its images, including any that could not
    /// be scored), for the app's case viewer. Never written to a report.
    pub files: Box<[std::path::PathBuf]>,
    /// The `cohort::images::EQUIPMENT` values of the case's first image, followed in time by
    /// the drift analysis. Never written to a report.
    pub equipment: Box<[String]>,
}

impl CaseImages {
    /// None when there is neither (a CSV row).
    pub fn boxed(
        files: Box<[std::path::PathBuf]>,
        equipment: Box<[String]>,
    ) -> Option<Box<CaseImages>> {
        (!files.is_empty() || !equipment.is_empty())
            .then(|| Box::new(CaseImages { files, equipment }))
    }
}

impl CaseResult {
    /// The case's DICOM files (empty for CSV cohorts).
    pub fn files(&self) -> &[std::path::PathBuf] {
        self.images.as_ref().map_or(&[], |i| &i.files)
    }

    /// The equipment values of the case's first image (empty for CSV cohorts).
    pub fn equipment(&self) -> &[String] {
        self.images.as_ref().map_or(&[], |i| &i.equipment)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Overall {
    pub n: usize,
    /// Patients the `n` units come from, with a patient key (`[cohort] patient`); the
    /// intervals in `metrics` then account for several units per patient.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n_patients: Option<usize>,
    pub n_positive: usize,
    pub n_negative: usize,
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub threshold: f64,
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub confidence: f64,
    pub confusion: Confusion,
    pub metrics: Metrics,
    /// ROC curve, one point per distinct score, highest threshold first; above
    /// `roc::MAX_CURVE_POINTS` points thinned to that many (operating points kept exactly).
    pub roc: Vec<RocPoint>,
    /// Null when the scores are not probabilities (some fall outside [0, 1]).
    pub calibration: Option<Calibration>,
    pub thresholds: Thresholds,
    pub precision_recall: PrecisionRecall,
    /// Net benefit of the model, treat-all and treat-none at thresholds 0.01 … 0.99
    /// (null when the scores are not probabilities).
    pub decision_curve: Option<Vec<NetBenefit>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Calibration {
    pub binning: Binning,
    pub bins: Vec<Bin>,
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub ece: f64,
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub mce: f64,
    /// Logistic recalibration y ~ 1 + logit(p): slope (1 is ideal) and joint intercept.
    pub slope: Estimate,
    pub intercept: Estimate,
    /// Calibration-in-the-large: intercept of y ~ 1 + offset(logit(p)) (0 is ideal).
    pub citl: Estimate,
    pub hosmer_lemeshow: HosmerLemeshow,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Thresholds {
    /// The plan's (the vendor's) threshold, as judged above; repeated for reference.
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub plan: f64,
    pub youden: Option<BestThreshold>,
    pub closest_topleft: Option<BestThreshold>,
    /// The highest threshold reaching `analysis.target_sensitivity`, with the specificity there.
    pub at_target_sensitivity: Option<OperatingPoint>,
    pub at_target_specificity: Option<OperatingPoint>,
    /// PPV and NPV at `analysis.prevalence` (the local prevalence), from the plan threshold's
    /// sensitivity and specificity intervals; and what 1000 such studies would bring.
    pub at_local_prevalence: Option<LocalPrevalence>,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LocalPrevalence {
    pub predictive_values: PredictiveValues,
    pub per_1000: PerThousand,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PrecisionRecall {
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub average_precision: f64,
    pub curve: Vec<PrPoint>,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Metrics {
    pub sensitivity: ProportionMetric,
    pub specificity: ProportionMetric,
    pub ppv: ProportionMetric,
    pub npv: ProportionMetric,
    pub accuracy: ProportionMetric,
    pub auc: AucMetric,
    pub brier: BrierMetric,
}

/// A proportion x/n with its two intervals. NaN (JSON null) when n = 0, e.g. PPV when no case
/// is predicted positive.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ProportionMetric {
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub estimate: f64,
    pub x: u64,
    pub n: u64,
    #[serde(with = "crate::metrics::nullable::pair")]
    #[schemars(with = "[Option<f64>; 2]")]
    pub wilson: [f64; 2],
    #[serde(with = "crate::metrics::nullable::pair")]
    #[schemars(with = "[Option<f64>; 2]")]
    pub clopper_pearson: [f64; 2],
    /// With a patient key: "cluster_wilson_korn_graubard" (the two intervals above are then
    /// Wilson and Clopper–Pearson at the effective sample size, `metrics::clustered`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval_method: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clustering: Option<ProportionClustering>,
}

/// How a proportion's intervals account for patients, and what they would be without.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ProportionClustering {
    /// Patients with at least one unit in the denominator.
    pub patients: u64,
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub design_effect: f64,
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub n_effective: f64,
    /// The intervals if units were independent (for comparison only; never judged).
    #[serde(with = "crate::metrics::nullable::pair")]
    #[schemars(with = "[Option<f64>; 2]")]
    pub unclustered_wilson: [f64; 2],
    #[serde(with = "crate::metrics::nullable::pair")]
    #[schemars(with = "[Option<f64>; 2]")]
    pub unclustered_clopper_pearson: [f64; 2],
}

/// How the AUC's intervals account for patients, and what DeLong's would be without.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AucClustering {
    pub patients: u64,
    /// DeLong (independent units), for comparison only; never judged.
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub unclustered_se: f64,
    #[serde(with = "crate::metrics::nullable::pair")]
    #[schemars(with = "[Option<f64>; 2]")]
    pub unclustered_delong: [f64; 2],
    /// "patients": the bootstrap resamples patients (`bootstrap::cluster_bootstrap`).
    pub bootstrap_resamples: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AucMetric {
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub estimate: f64,
    /// DeLong standard error (with a patient key: Obuchowski's).
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub se: f64,
    /// AUC ± z·se clipped to [0, 1]; with a patient key, se is Obuchowski's clustered one.
    #[serde(with = "crate::metrics::nullable::pair")]
    #[schemars(with = "[Option<f64>; 2]")]
    pub delong: [f64; 2],
    /// Stratified percentile bootstrap (with a patient key, of patients); null when the plan
    /// turns the bootstrap off.
    #[serde(with = "crate::metrics::nullable::pair")]
    #[schemars(with = "[Option<f64>; 2]")]
    pub bootstrap: [f64; 2],
    /// With a patient key: "obuchowski_1997" (the `delong` interval then uses Obuchowski's
    /// clustered variance).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval_method: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clustering: Option<AucClustering>,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct BrierMetric {
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub estimate: f64,
    #[serde(with = "crate::metrics::nullable::pair")]
    #[schemars(with = "[Option<f64>; 2]")]
    pub bootstrap: [f64; 2],
}

/// The method name report.json gives proportions' intervals with a patient key.
pub const CLUSTER_PROPORTION_METHOD: &str = "cluster_wilson_korn_graubard";
/// The method name report.json gives the AUC's interval with a patient key.
pub const CLUSTER_AUC_METHOD: &str = "obuchowski_1997";

impl AucMetric {
    /// What the analytic interval in `delong` is: DeLong's, or with a patient key Obuchowski's
    /// clustered one (the plan's `delong` interval kind names this slot either way).
    pub fn analytic_name(&self) -> &'static str {
        if self.interval_method.is_some() {
            "Obuchowski"
        } else {
            "DeLong"
        }
    }
}

impl ProportionMetric {
    pub(crate) fn of(p: Proportion, confidence: f64) -> Self {
        let (wl, wh) = wilson(p.x, p.n, confidence);
        let (cl, ch) = clopper_pearson(p.x, p.n, confidence);
        ProportionMetric {
            estimate: p.estimate(),
            x: p.x,
            n: p.n,
            wilson: [wl, wh],
            clopper_pearson: [cl, ch],
            interval_method: None,
            clustering: None,
        }
    }

    /// The clustered proportion's intervals, the independent ones kept beside them.
    pub fn clustered(c: &crate::metrics::ClusteredProportion, confidence: f64) -> Self {
        let plain = Self::of(Proportion { x: c.x, n: c.n }, confidence);
        ProportionMetric {
            estimate: c.estimate,
            x: c.x,
            n: c.n,
            wilson: c.wilson,
            clopper_pearson: c.clopper_pearson,
            interval_method: Some(CLUSTER_PROPORTION_METHOD.into()),
            clustering: Some(ProportionClustering {
                patients: c.patients,
                design_effect: c.design_effect,
                n_effective: c.n_effective,
                unclustered_wilson: plain.wilson,
                unclustered_clopper_pearson: plain.clopper_pearson,
            }),
        }
    }
}

#[cfg(test)]
mod size_tests {
    /// A million-case run frees its outcomes just before it makes its results: a result no
    /// larger than an outcome fits the memory they leave (the run's peak was the two apart).
    #[test]
    fn a_case_result_fits_where_its_outcome_was() {
        assert_eq!(std::mem::size_of::<super::CaseResult>(), 72);
        assert!(
            std::mem::size_of::<super::CaseResult>() <= std::mem::size_of::<crate::run::Scored>()
        );
    }
}
