//! Drift within a cohort: the model's figures per calendar period, each period tested against
//! the rest, and equipment (scanner, software) that first appears part-way through.
//!
//! Why: a model that was fine at procurement can degrade when the scanner software changes or
//! the population shifts. A cohort collected over months already holds the evidence, if its
//! cases are laid out in time.
//!
//! Conventions, decided here and nowhere else:
//!
//! * **Dates** are civil dates (`jiff::civil::Date`, no time zone), as the cohort file or the
//!   image's StudyDate states them (`cohort::parse_date` reads them). A case without a readable
//!   date is *undated*: it stays in every other analysis, is counted in [`Drift::undated`] and
//!   is left out of this one only. Every figure here is over the dated cases.
//! * **Implausible dates** are left out of this analysis only, each counted by its reason
//!   ([`ExcludedDates`]): a DICOM placeholder ([`PLACEHOLDER_DATES`]: 0001-01-01, 1900-01-01,
//!   1970-01-01, …, checked first), a date before [`EARLIEST`] (1985-01-01: before digital
//!   imaging archives, so a typo or a default, not a study), or a date after the run's own
//!   date. Such a case stays in every other analysis, as an undated one does.
//! * **Periods.** A case's period is the calendar month ("2024-03") or quarter ("2024-Q1" =
//!   January–March, "2024-Q2" = April–June, …) of its date ([`Period::label`]); labels sort in
//!   time order as text. Every period from the first dated case's to the last one's is listed,
//!   in time order, an empty one with n = 0 (shown, never tested), so that a gap in the data is
//!   a gap on the chart. A run of two or more empty periods is one row
//!   ([`PeriodReport::span`] periods, labelled "2019-03 – 2023-10"), so that a long gap never
//!   makes hundreds of rows.
//! * **Per period**, as for a subgroup (`metrics::subgroups`, the period being the attribute):
//!   the confusion matrix at score ≥ threshold, sensitivity and specificity with Wilson and
//!   Clopper–Pearson intervals, the AUC with its DeLong interval (clipped to [0, 1]).
//! * **Tests**: each period against the rest of the dated cohort, by
//!   [`subgroup_report`](super::subgroups::subgroup_report) itself: the guardrails
//!   (`min_group_n`, `min_group_positives`, `min_group_negatives`), Newcombe's interval and the
//!   pooled z-test for sensitivity and specificity, the unpaired DeLong test for the AUC, Holm's
//!   correction across the periods per metric, and "significantly worse" only when the Holm
//!   p < 1 − confidence *and* the period is below the rest. A period below the guardrails is
//!   shown and never tested or flagged. A period is flagged
//!   ([`PeriodReport::significantly_worse`]) when any of its three metrics is.
//! * **The centre line** of the control chart ([`Drift::overall`]) is the figure over all dated
//!   cases.
//! * **New equipment**: for each attribute followed (DICOM: Manufacturer,
//!   ManufacturerModelName and SoftwareVersions of the case's first image; CSV: the plan's
//!   subgroup columns), each non-empty value's first and last month among the dated cases and
//!   its number of dated cases. A value whose first date lies in a later period than the
//!   cohort's first period is *new mid-cohort* ([`EquipmentValue::new_mid_cohort`]).
//! * **Privacy**: an exact date never leaves this module. Only period labels, months
//!   ("2024-03") and counts are in a [`Drift`], so none reaches report.json or the report.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::subgroups::{AucEstimate, PerMetric, Rate, Status, SubgroupOptions, Tested};
use super::{Confusion, check_inputs, delong};

/// How cases are grouped in time (`[analysis] drift_period`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// Calendar months: "2024-03".
    Month,
    /// Calendar quarters: "2024-Q1" (January–March).
    #[default]
    Quarter,
}

impl Period {
    /// The period a date falls in, as its label: "2024-03" or "2024-Q1".
    pub fn label(self, date: Date) -> String {
        self.label_of(self.index(date))
    }

    /// Consecutive periods have consecutive indices.
    fn index(self, date: Date) -> i32 {
        let (y, m) = (i32::from(date.year()), i32::from(date.month()) - 1);
        match self {
            Period::Month => y * 12 + m,
            Period::Quarter => y * 4 + m / 3,
        }
    }

    fn label_of(self, index: i32) -> String {
        match self {
            Period::Month => format!(
                "{:04}-{:02}",
                index.div_euclid(12),
                index.rem_euclid(12) + 1
            ),
            Period::Quarter => format!("{:04}-Q{}", index.div_euclid(4), index.rem_euclid(4) + 1),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Period::Month => "month",
            Period::Quarter => "quarter",
        }
    }
}

/// The month of a date, "2024-03": how a first or last appearance is written (never a date).
pub fn month_label(date: Date) -> String {
    Period::Month.label(date)
}

/// Settings of [`drift`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DriftOptions {
    pub period: Period,
    /// Threshold, confidence and guardrails, as for subgroups.
    pub groups: SubgroupOptions,
    /// The run's date: a case dated after it is left out (None: no such check).
    pub run_date: Option<Date>,
}

/// Dates before this are not studies of this era: a typo, a default or a placeholder.
pub const EARLIEST: Date = Date::constant(1985, 1, 1);

/// Dates that DICOM writers and databases put where the real date is unknown.
pub const PLACEHOLDER_DATES: [Date; 8] = [
    Date::constant(1, 1, 1),
    Date::constant(1800, 1, 1),
    Date::constant(1899, 12, 30),
    Date::constant(1899, 12, 31),
    Date::constant(1900, 1, 1),
    Date::constant(1901, 1, 1),
    Date::constant(1970, 1, 1),
    Date::constant(9999, 12, 31),
];

/// Dated cases left out of the analysis over time because their date cannot be a real study
/// date, by reason (see the module docs).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct ExcludedDates {
    pub before_1985: u64,
    pub after_run: u64,
    pub placeholder: u64,
}

impl ExcludedDates {
    pub fn total(&self) -> u64 {
        self.before_1985 + self.after_run + self.placeholder
    }
}

/// Why a date is implausible, or None for a plausible one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Implausible {
    Placeholder,
    Before1985,
    AfterRun,
}

/// The rule of the module docs: a placeholder first, then before 1985, then after the run.
pub fn implausible(date: Date, run_date: Option<Date>) -> Option<Implausible> {
    if PLACEHOLDER_DATES.contains(&date) {
        Some(Implausible::Placeholder)
    } else if date < EARLIEST {
        Some(Implausible::Before1985)
    } else if run_date.is_some_and(|r| date > r) {
        Some(Implausible::AfterRun)
    } else {
        None
    }
}

/// The figures of one period, and how it compares with the rest of the dated cohort.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PeriodReport {
    /// "2024-03" or "2024-Q1".
    pub period: String,
    pub n: u64,
    pub n_positive: u64,
    pub n_negative: u64,
    /// "ok" iff all guardrails hold; an empty period is "insufficient".
    pub status: Status,
    /// Which metrics are tested against the rest.
    pub gates: PerMetric<Status>,
    /// One sentence per failed guardrail.
    pub reasons: Vec<String>,
    pub confusion: Confusion,
    pub sensitivity: Rate,
    pub specificity: Rate,
    pub auc: AucEstimate,
    /// The period against the rest of the dated cohort (None when not tested).
    pub vs_rest: PerMetric<Option<Tested>>,
    /// Any of sensitivity, specificity and AUC significantly worse than the rest (Holm).
    pub significantly_worse: bool,
    /// Calendar periods this row covers: 1, or more for a run of empty periods collapsed into
    /// one row ("2019-03 – 2023-10", n = 0).
    #[serde(default = "one")]
    pub span: u32,
}

fn one() -> u32 {
    1
}

/// Whole-dated-cohort figures: the control chart's centre line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DriftOverall {
    pub n: u64,
    pub sensitivity: Rate,
    pub specificity: Rate,
    pub auc: AucEstimate,
}

/// One value of a followed attribute (a manufacturer, a model, a software version) in time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EquipmentValue {
    pub attribute: String,
    pub value: String,
    /// Month of its first and last dated case: "2024-10".
    pub first_seen: String,
    pub last_seen: String,
    /// The period of its first dated case.
    pub first_period: String,
    /// Dated cases with this value.
    pub cases: u64,
    /// First seen in a later period than the cohort's first.
    pub new_mid_cohort: bool,
}

/// The drift analysis of one cohort (see the module docs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Drift {
    pub period: Period,
    /// Cases with a readable, plausible date (analysed here) and without (left out of this
    /// analysis only); `undated` does not count the implausible dates.
    pub dated: u64,
    pub undated: u64,
    /// Readable dates left out as implausible, by reason.
    #[serde(default)]
    pub excluded_dates: ExcludedDates,
    pub overall: DriftOverall,
    /// Every period from the first to the last, in time order.
    pub periods: Vec<PeriodReport>,
    /// The attributes whose values were followed in time, in the order given.
    pub attributes: Vec<String>,
    /// Their values, by attribute, then by first appearance.
    pub equipment: Vec<EquipmentValue>,
}

impl Drift {
    /// The periods flagged as significantly worse than the rest.
    pub fn flagged(&self) -> impl Iterator<Item = &PeriodReport> {
        self.periods.iter().filter(|p| p.significantly_worse)
    }

    /// The values that first appear after the first period.
    pub fn new_mid_cohort(&self) -> impl Iterator<Item = &EquipmentValue> {
        self.equipment.iter().filter(|e| e.new_mid_cohort)
    }
}

/// Per-period figures and tests, and the values of `attributes` in time. `dates[i]` is case
/// i's date, `attributes` are (name, one value per case). None when no case has a date; with
/// dates that are all implausible, a `Drift` with no period that counts them (`dated` = 0).
///
/// # Panics
/// If the slices differ in length or a score is not finite.
pub fn drift(
    labels: &[bool],
    scores: &[f64],
    dates: &[Option<Date>],
    attributes: &[(String, Vec<String>)],
    options: &DriftOptions,
) -> Option<Drift> {
    drift_clustered(labels, scores, dates, attributes, None, options)
}

/// [`drift`] with each case's patient: periods are tested as patient-level subgroups
/// (`subgroups::subgroup_report_clustered`).
pub fn drift_clustered(
    labels: &[bool],
    scores: &[f64],
    dates: &[Option<Date>],
    attributes: &[(String, Vec<String>)],
    clusters: Option<&super::Clusters>,
    options: &DriftOptions,
) -> Option<Drift> {
    check_inputs(labels, scores);
    assert_eq!(dates.len(), labels.len(), "one date (or None) per case");
    for (name, values) in attributes {
        assert_eq!(values.len(), labels.len(), "one value of {name} per case");
    }
    let mut excluded_dates = ExcludedDates::default();
    let dates: Vec<Option<Date>> = dates
        .iter()
        .map(|d| {
            let d = (*d)?;
            match implausible(d, options.run_date) {
                None => Some(d),
                Some(why) => {
                    *match why {
                        Implausible::Placeholder => &mut excluded_dates.placeholder,
                        Implausible::Before1985 => &mut excluded_dates.before_1985,
                        Implausible::AfterRun => &mut excluded_dates.after_run,
                    } += 1;
                    None
                }
            }
        })
        .collect();
    let dated: Vec<usize> = (0..labels.len()).filter(|&i| dates[i].is_some()).collect();
    let p = options.period;
    let o = &options.groups;
    let (Some(first), Some(last)) = (
        dated.iter().filter_map(|&i| dates[i]).min(),
        dated.iter().filter_map(|&i| dates[i]).max(),
    ) else {
        // Every readable date implausible (an anonymiser's 19000101 everywhere): nothing to
        // lay out in time, but the dates left out are still counted and said.
        return (excluded_dates.total() > 0).then(|| Drift {
            period: p,
            dated: 0,
            undated: labels.len() as u64 - excluded_dates.total(),
            excluded_dates,
            overall: DriftOverall {
                n: 0,
                sensitivity: Rate::of(0, 0, o.confidence),
                specificity: Rate::of(0, 0, o.confidence),
                auc: AucEstimate {
                    auc: f64::NAN,
                    variance: f64::NAN,
                    se: f64::NAN,
                    ci: [f64::NAN; 2],
                },
            },
            periods: Vec::new(),
            attributes: attributes.iter().map(|a| a.0.clone()).collect(),
            equipment: Vec::new(),
        });
    };

    let d_labels: Vec<bool> = dated.iter().map(|&i| labels[i]).collect();
    let d_scores: Vec<f64> = dated.iter().map(|&i| scores[i]).collect();
    let d_periods: Vec<String> = dated
        .iter()
        .map(|&i| p.label(dates[i].expect("dated")))
        .collect();
    let d_clusters = clusters.map(|k| {
        let mut keep = vec![false; labels.len()];
        dated.iter().for_each(|&i| keep[i] = true);
        k.select(&keep)
    });
    let report = super::subgroups::subgroup_report_clustered(
        "period",
        &d_labels,
        &d_scores,
        &d_periods,
        d_clusters.as_ref(),
        o,
    );
    let mut by_label: BTreeMap<String, PeriodReport> = report
        .groups
        .into_iter()
        .map(|g| {
            let significantly_worse = [
                &g.vs_rest.sensitivity,
                &g.vs_rest.specificity,
                &g.vs_rest.auc,
            ]
            .into_iter()
            .any(|t| t.is_some_and(|t| t.significantly_worse));
            let r = PeriodReport {
                period: g.group.clone(),
                n: g.n,
                n_positive: g.n_positive,
                n_negative: g.n_negative,
                status: g.status,
                gates: g.gates,
                reasons: g.reasons,
                confusion: g.confusion,
                sensitivity: g.tpr,
                specificity: g.tnr,
                auc: g.auc,
                vs_rest: g.vs_rest,
                significantly_worse,
                span: 1,
            };
            (g.group, r)
        })
        .collect();
    let mut periods: Vec<PeriodReport> = Vec::new();
    for k in p.index(first)..=p.index(last) {
        let label = p.label_of(k);
        match by_label.remove(&label) {
            Some(r) => periods.push(r),
            None => match periods.last_mut() {
                // A run of empty periods is one row, "first – last".
                Some(prev) if prev.n == 0 => {
                    let start = prev.period.split(" – ").next().unwrap_or_default();
                    prev.period = format!("{start} – {label}");
                    prev.span += 1;
                }
                _ => periods.push(empty_period(label, o.confidence)),
            },
        }
    }

    let c = Confusion::at_threshold(&d_labels, &d_scores, o.threshold);
    let d = match &d_clusters {
        Some(k) => super::obuchowski(&d_labels, &d_scores, k),
        None => delong(&d_labels, &d_scores),
    };
    let (lo, hi) = d.ci(o.confidence);
    let rates = d_clusters.as_ref().map(|k| {
        super::clustered::clustered_rates(&d_labels, &d_scores, o.threshold, k, o.confidence)
    });
    let overall = DriftOverall {
        n: dated.len() as u64,
        sensitivity: rates.as_ref().map_or_else(
            || Rate::of(c.tp, c.tp + c.fn_, o.confidence),
            |r| Rate::clustered(&r.sensitivity),
        ),
        specificity: rates.as_ref().map_or_else(
            || Rate::of(c.tn, c.tn + c.fp, o.confidence),
            |r| Rate::clustered(&r.specificity),
        ),
        auc: AucEstimate {
            auc: d.auc,
            variance: d.variance,
            se: d.se,
            ci: [lo, hi],
        },
    };

    let first_index = p.index(first);
    let mut equipment = Vec::new();
    for (name, values) in attributes {
        // value → (first date, last date, cases)
        let mut seen: BTreeMap<&str, (Date, Date, u64)> = BTreeMap::new();
        for &i in &dated {
            let v = values[i].trim();
            if v.is_empty() {
                continue;
            }
            let date = dates[i].expect("dated");
            let e = seen.entry(v).or_insert((date, date, 0));
            e.0 = e.0.min(date);
            e.1 = e.1.max(date);
            e.2 += 1;
        }
        let mut rows: Vec<(Date, EquipmentValue)> = seen
            .into_iter()
            .map(|(v, (f, l, n))| {
                let value = EquipmentValue {
                    attribute: name.clone(),
                    value: v.to_string(),
                    first_seen: month_label(f),
                    last_seen: month_label(l),
                    first_period: p.label(f),
                    cases: n,
                    new_mid_cohort: p.index(f) > first_index,
                };
                (f, value)
            })
            .collect();
        // By first appearance; the BTreeMap already ordered equal dates by value.
        rows.sort_by_key(|r| r.0);
        equipment.extend(rows.into_iter().map(|r| r.1));
    }

    Some(Drift {
        period: p,
        dated: dated.len() as u64,
        undated: (labels.len() - dated.len()) as u64 - excluded_dates.total(),
        excluded_dates,
        overall,
        periods,
        attributes: attributes.iter().map(|a| a.0.clone()).collect(),
        equipment,
    })
}

/// A period between the first and the last with no dated case.
fn empty_period(period: String, confidence: f64) -> PeriodReport {
    let none = Rate::of(0, 0, confidence);
    PeriodReport {
        period,
        n: 0,
        n_positive: 0,
        n_negative: 0,
        status: Status::Insufficient,
        gates: PerMetric {
            sensitivity: Status::Insufficient,
            specificity: Status::Insufficient,
            auc: Status::Insufficient,
        },
        reasons: vec!["no dated case in this period: nothing is tested".into()],
        confusion: Confusion {
            tp: 0,
            fp: 0,
            tn: 0,
            fn_: 0,
        },
        sensitivity: none,
        specificity: none,
        auc: AucEstimate {
            auc: f64::NAN,
            variance: f64::NAN,
            se: f64::NAN,
            ci: [f64::NAN, f64::NAN],
        },
        vs_rest: PerMetric {
            sensitivity: None,
            specificity: None,
            auc: None,
        },
        significantly_worse: false,
        span: 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i16, m: i8, d: i8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    #[test]
    fn months_and_quarters_are_labelled_in_time_order() {
        let d = date(2024, 3, 31);
        assert_eq!(Period::Month.label(d), "2024-03");
        assert_eq!(Period::Quarter.label(d), "2024-Q1");
        assert_eq!(Period::Quarter.label(date(2024, 4, 1)), "2024-Q2");
        assert_eq!(Period::Quarter.label(date(2024, 12, 31)), "2024-Q4");
        assert_eq!(Period::Month.label(date(2025, 1, 1)), "2025-01");
        assert_eq!(month_label(date(1999, 12, 5)), "1999-12");
        // Consecutive indices across a year boundary, and back to the same labels.
        for p in [Period::Month, Period::Quarter] {
            let (a, b) = (p.index(date(2024, 12, 15)), p.index(date(2025, 1, 15)));
            assert_eq!(b, a + 1);
            assert_eq!(p.label_of(a), p.label(date(2024, 12, 15)));
            assert_eq!(p.label_of(b), p.label(date(2025, 1, 15)));
        }
    }

    #[test]
    fn gaps_become_empty_periods_and_undated_cases_are_counted() {
        let labels = [true, false, true, false, true];
        let scores = [0.9, 0.1, 0.8, 0.2, 0.7];
        let dates = [
            Some(date(2024, 1, 5)),
            Some(date(2024, 1, 9)),
            None,
            Some(date(2024, 4, 1)),
            Some(date(2024, 4, 30)),
        ];
        let o = DriftOptions {
            period: Period::Month,
            groups: SubgroupOptions::default(),
            run_date: None,
        };
        let d = drift(&labels, &scores, &dates, &[], &o).unwrap();
        let names: Vec<&str> = d.periods.iter().map(|p| p.period.as_str()).collect();
        assert_eq!(names, ["2024-01", "2024-02 – 2024-03", "2024-04"]);
        assert_eq!((d.dated, d.undated), (4, 1));
        assert_eq!((d.periods[1].n, d.periods[1].span), (0, 2));
        assert!(d.periods[1].sensitivity.estimate.is_nan());
        assert!(d.periods.iter().all(|p| !p.significantly_worse));
        assert_eq!(d.overall.n, 4);
        assert!(drift(&labels, &scores, &[None; 5], &[], &o).is_none());
    }

    #[test]
    fn implausible_dates_are_counted_and_long_gaps_are_one_row() {
        let labels = [true, false, true, false, true, false, true, false];
        let scores = [0.9, 0.1, 0.8, 0.2, 0.7, 0.3, 0.6, 0.4];
        let dates = [
            Some(date(2019, 3, 5)),
            Some(date(1900, 1, 1)),   // placeholder
            Some(date(1984, 12, 31)), // before 1985
            Some(date(2030, 6, 1)),   // after the run
            None,
            Some(date(2023, 11, 2)),
            Some(date(1, 1, 1)), // placeholder
            Some(date(2024, 1, 9)),
        ];
        let o = DriftOptions {
            period: Period::Month,
            groups: SubgroupOptions::default(),
            run_date: Some(date(2026, 12, 2)),
        };
        let d = drift(&labels, &scores, &dates, &[], &o).unwrap();
        assert_eq!(
            d.excluded_dates,
            ExcludedDates {
                before_1985: 1,
                after_run: 1,
                placeholder: 2
            }
        );
        assert_eq!((d.dated, d.undated), (3, 1));
        // 2019-03, then 55 empty months as one row, 2023-11, one empty month, 2024-01.
        let rows: Vec<(&str, u64, u32)> = d
            .periods
            .iter()
            .map(|p| (p.period.as_str(), p.n, p.span))
            .collect();
        assert_eq!(
            rows,
            [
                ("2019-03", 1, 1),
                ("2019-04 – 2023-10", 0, 55),
                ("2023-11", 1, 1),
                ("2023-12", 0, 1),
                ("2024-01", 1, 1)
            ]
        );
        assert_eq!(d.periods.iter().map(|p| p.span).sum::<u32>(), 59);
        // Every date a placeholder: no period, but the count is kept.
        let all = [Some(date(1900, 1, 1)); 8];
        let d = drift(&labels, &scores, &all, &[], &o).unwrap();
        assert_eq!(
            (d.dated, d.undated, d.excluded_dates.placeholder),
            (0, 0, 8)
        );
        assert!(d.periods.is_empty());
        // Without a run date, 2030 is kept.
        let o = DriftOptions {
            run_date: None,
            ..o
        };
        let d = drift(&labels, &scores, &dates, &[], &o).unwrap();
        assert_eq!(d.excluded_dates.after_run, 0);
        assert_eq!(d.periods.last().unwrap().period, "2030-06");
    }
}
