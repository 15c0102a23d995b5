//! Drift within a cohort (`metrics::drift`): periods by month and quarter, a quarter much worse
//! than the rest flagged and a stable cohort not, insufficient periods never flagged, equipment
//! new mid-cohort with its month, undated cases counted, the per-period Wilson intervals against
//! statsmodels, and no exact date in any output.
//!
//! Fixtures (tests/fixtures/drift/, made by make_drift_fixtures.py): two synthetic CSV cohorts,
//! identical except that the positives of 2024-Q2 score low in `cohort_worse.csv`; the software
//! changes from VA10 to VA20 on 2024-04-15; a tiny 2025-Q1 in which every case is wrong; twelve
//! rows whose date is missing or not a date.

use crate::common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{assert_close, fixture, onnxruntime, root};
use provestein::metrics::drift::{Drift, DriftOptions, Period, PeriodReport};
use provestein::metrics::{Status, SubgroupOptions};
use provestein::{Control, Plan};

fn csv_plan(cohort: &str, period: &str) -> String {
    let path = fixture(&format!("drift/{cohort}"));
    let head = common::scores_plan(
        "Drift test",
        &path,
        "subgroups = [\"software\", \"site\"]\ndate = \"date\"",
    );
    format!(
        r#"{head}
[analysis]
bootstrap = 0
drift_period = "{period}"

[[acceptance]]
metric = "auc"
min = 0.5
"#
    )
}

fn run_text(text: &str) -> provestein::Evaluation {
    let plan = Plan::parse(text, Path::new("plan.toml"), root()).unwrap();
    let mut ctl = Control::silent();
    ctl.onnxruntime = Some(onnxruntime());
    ctl.pseudonym_key = Some(common::pseudonym_key());
    provestein::run(&plan, &ctl).unwrap()
}

fn drift_of(cohort: &str, period: &str) -> (provestein::Evaluation, Drift) {
    let eval = run_text(&csv_plan(cohort, period));
    let d = eval
        .binary()
        .unwrap()
        .drift
        .clone()
        .expect("the cohort has dates");
    (eval, d)
}

fn demo() -> PathBuf {
    root().join("sample-studies/imaging-demo")
}

fn run_demo() -> provestein::Evaluation {
    let mut plan = Plan::load(&demo().join("plan.toml")).unwrap();
    // The statsmodels fixture holds unit-level Wilson intervals per period; the demo's
    // patient-level ones are tested in tests/peers/clustered_peers.rs.
    plan.cohort.patient = None;
    let mut ctl = Control::silent();
    ctl.onnxruntime = Some(onnxruntime());
    ctl.pseudonym_key = Some(common::pseudonym_key());
    provestein::run(&plan, &ctl).unwrap()
}

fn labels(d: &Drift) -> Vec<&str> {
    d.periods.iter().map(|p| p.period.as_str()).collect()
}

fn period<'a>(d: &'a Drift, label: &str) -> &'a PeriodReport {
    d.periods
        .iter()
        .find(|p| p.period == label)
        .unwrap_or_else(|| panic!("no period {label} in {:?}", labels(d)))
}

/// Rust's periods against the statsmodels fixture: same periods (Rust also lists the empty
/// ones between, with n = 0), same x/n, Wilson bounds to 1e-9. Returns the largest difference.
fn check_against_statsmodels(d: &Drift, table: &serde_json::Value, what: &str) -> f64 {
    let rows = table.as_array().unwrap();
    let mut worst: f64 = 0.0;
    let theirs: BTreeSet<&str> = rows.iter().map(|r| r["period"].as_str().unwrap()).collect();
    for p in &d.periods {
        if !theirs.contains(p.period.as_str()) {
            assert_eq!(
                p.n, 0,
                "{what} {}: a period Python has no case in",
                p.period
            );
        }
    }
    for r in rows {
        let label = r["period"].as_str().unwrap();
        let p = period(d, label);
        assert_eq!(p.n, r["n"].as_u64().unwrap(), "{what} {label} n");
        for (name, rate) in [
            ("sensitivity", &p.sensitivity),
            ("specificity", &p.specificity),
        ] {
            let peer = &r[name];
            assert_eq!(
                rate.x,
                peer["x"].as_u64().unwrap(),
                "{what} {label} {name} x"
            );
            assert_eq!(
                rate.n,
                peer["n"].as_u64().unwrap(),
                "{what} {label} {name} n"
            );
            if peer["wilson"].is_null() {
                assert!(
                    rate.wilson.iter().all(|v| v.is_nan()),
                    "{what} {label} {name}"
                );
                continue;
            }
            for k in 0..2 {
                let want = peer["wilson"][k].as_f64().unwrap();
                assert_close(
                    &format!("{what} {label} {name} wilson[{k}]"),
                    rate.wilson[k],
                    want,
                    1e-9,
                );
                worst = worst.max((rate.wilson[k] - want).abs());
            }
        }
    }
    worst
}

#[test]
fn per_period_counts_and_wilson_intervals_match_statsmodels() {
    let peer = common::json("drift/wilson_statsmodels.json");
    let (_, quarters) = drift_of("cohort_worse.csv", "quarter");
    let (_, months) = drift_of("cohort_worse.csv", "month");
    let demo = run_demo()
        .binary()
        .unwrap()
        .drift
        .clone()
        .expect("the demo's images have StudyDates");
    let worst = [
        check_against_statsmodels(&quarters, &peer["cohort_worse_quarter"], "quarters"),
        check_against_statsmodels(&months, &peer["cohort_worse_month"], "months"),
        check_against_statsmodels(&demo, &peer["imaging_demo_quarter"], "imaging demo"),
    ]
    .into_iter()
    .fold(0.0, f64::max);
    eprintln!("largest difference from statsmodels' Wilson bounds: {worst:.3e}");
}

#[test]
fn periods_are_months_or_quarters_in_time_order_with_empty_ones_between() {
    let (_, q) = drift_of("cohort_worse.csv", "quarter");
    assert_eq!(q.period, Period::Quarter);
    assert_eq!(
        labels(&q),
        [
            "2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4",
            "2025-Q1"
        ]
    );
    let (_, m) = drift_of("cohort_worse.csv", "month");
    assert_eq!(m.period, Period::Month);
    assert_eq!(m.periods.len(), 27, "2023-01 … 2025-03");
    assert_eq!(m.periods[0].period, "2023-01");
    assert_eq!(m.periods[12].period, "2024-01");
    assert_eq!(m.periods[26].period, "2025-03");
    // Every month of a quarter adds up to the quarter.
    for qp in &q.periods {
        let (year, n) = qp.period.split_once("-Q").unwrap();
        let n: u32 = n.parse().unwrap();
        let months: u64 = (3 * n - 2..=3 * n)
            .map(|mo| period(&m, &format!("{year}-{mo:02}")).n)
            .sum();
        assert_eq!(months, qp.n, "{}", qp.period);
    }

    // Gaps are periods with no case, shown and never tested.
    let o = DriftOptions {
        period: Period::Month,
        groups: SubgroupOptions::default(),
        run_date: None,
    };
    let date = |y, m, d| Some(jiff::civil::Date::new(y, m, d).unwrap());
    let d = provestein::metrics::drift::drift(
        &[true, false, true, false],
        &[0.9, 0.2, 0.8, 0.3],
        &[
            date(2024, 11, 30),
            date(2024, 11, 1),
            date(2025, 2, 1),
            None,
        ],
        &[],
        &o,
    )
    .unwrap();
    // Two empty months in a row are one row.
    assert_eq!(labels(&d), ["2024-11", "2024-12 – 2025-01", "2025-02"]);
    assert_eq!(
        (d.periods[1].n, d.periods[1].status, d.periods[1].span),
        (0, Status::Insufficient, 2)
    );
}

#[test]
fn a_much_worse_quarter_is_flagged_and_an_unchanged_cohort_is_not() {
    let (_, worse) = drift_of("cohort_worse.csv", "quarter");
    let flagged: Vec<&str> = worse.flagged().map(|p| p.period.as_str()).collect();
    assert_eq!(flagged, ["2024-Q2"]);
    let q2 = period(&worse, "2024-Q2");
    let t = q2.vs_rest.sensitivity.as_ref().unwrap();
    assert!(t.significantly_worse && t.comparison.difference < 0.0);
    assert!(t.p_holm < 0.05, "{}", t.p_holm);
    assert!(q2.sensitivity.estimate < worse.overall.sensitivity.estimate - 0.3);

    let (eval, stable) = drift_of("cohort_stable.csv", "quarter");
    assert_eq!(stable.flagged().count(), 0);
    // The periods are tested, not merely left out: the eight full quarters pass the guardrails.
    let tested = stable
        .periods
        .iter()
        .filter(|p| p.vs_rest.sensitivity.is_some() && p.vs_rest.specificity.is_some())
        .count();
    assert_eq!(tested, 8);
    // In the report: a flag sentence for the worse cohort, none for the stable one.
    let text = |e: &provestein::Evaluation| {
        provestein::report::content::build(e, provestein::i18n::Lang::En)
            .text()
            .join("\n")
    };
    let (worse_eval, _) = drift_of("cohort_worse.csv", "quarter");
    assert!(text(&worse_eval).contains("Significantly worse than the rest of the cohort: 2024-Q2"));
    assert!(text(&eval).contains("No period is significantly worse than the rest of the cohort."));
}

#[test]
fn an_insufficient_period_is_never_flagged() {
    // 2025-Q1: ten cases, every one wrong.
    let (_, d) = drift_of("cohort_worse.csv", "quarter");
    let tiny = period(&d, "2025-Q1");
    assert_eq!((tiny.n, tiny.sensitivity.x, tiny.specificity.x), (10, 0, 0));
    assert_eq!(tiny.status, Status::Insufficient);
    assert!(!tiny.significantly_worse);
    assert!(tiny.vs_rest.sensitivity.is_none() && tiny.vs_rest.auc.is_none());
    assert!(!tiny.reasons.is_empty());

    // The same ten cases are flagged once the guardrails let them be tested: it is the
    // guardrail, not the data, that keeps them unflagged.
    let (labels, scores, dates) = bad_period(10);
    let opts = |min_group_n| DriftOptions {
        period: Period::Quarter,
        groups: SubgroupOptions {
            min_group_n,
            ..SubgroupOptions::default()
        },
        run_date: None,
    };
    let strict = provestein::metrics::drift::drift(&labels, &scores, &dates, &[], &opts(30));
    let strict = strict.unwrap();
    assert_eq!(strict.flagged().count(), 0);
    assert_eq!(period(&strict, "2024-Q3").status, Status::Insufficient);
    let loose = provestein::metrics::drift::drift(&labels, &scores, &dates, &[], &opts(10));
    let flagged: Vec<String> = loose.unwrap().flagged().map(|p| p.period.clone()).collect();
    assert_eq!(flagged, ["2024-Q3"]);
}

/// Two good quarters of 100 cases and, between them, `n` cases all called wrongly.
fn bad_period(n: usize) -> (Vec<bool>, Vec<f64>, Vec<Option<jiff::civil::Date>>) {
    let (mut l, mut s, mut d) = (Vec::new(), Vec::new(), Vec::new());
    let date = |m| Some(jiff::civil::Date::new(2024, m, 10).unwrap());
    for (month, count, good) in [(2, 100, true), (8, n, false), (11, 100, true)] {
        for i in 0..count {
            let y = i % 2 == 0;
            l.push(y);
            // Good: positives 0.6–0.99, negatives 0.01–0.4; bad: the other way round.
            let v = 0.01 + 0.39 * (i as f64 / count as f64);
            s.push(if y == good { 1.0 - v } else { v });
            d.push(date(month));
        }
    }
    (l, s, d)
}

#[test]
fn a_software_version_introduced_mid_cohort_is_flagged_with_its_month() {
    let (_, d) = drift_of("cohort_worse.csv", "quarter");
    assert_eq!(d.attributes, ["software", "site"]);
    let value = |a: &str, v: &str| {
        d.equipment
            .iter()
            .find(|e| e.attribute == a && e.value == v)
            .unwrap_or_else(|| panic!("{a} = {v}: {:?}", d.equipment))
    };
    let va20 = value("software", "VA20");
    assert!(va20.new_mid_cohort);
    assert_eq!(va20.first_seen, "2024-04");
    assert_eq!(va20.first_period, "2024-Q2");
    assert_eq!(va20.last_seen, "2025-03");
    // Its cases, counted from the file: dated rows with VA20.
    let mut r = csv::Reader::from_path(fixture("drift/cohort_worse.csv")).unwrap();
    let mut n = 0;
    for row in r.records() {
        let row = row.unwrap();
        if &row[4] == "VA20" && provestein::cohort::parse_date(&row[3]).is_some() {
            n += 1;
        }
    }
    assert_eq!(va20.cases, n);
    let va10 = value("software", "VA10");
    assert!(!va10.new_mid_cohort);
    assert_eq!(va10.first_seen, "2023-01");
    assert!(!value("site", "A").new_mid_cohort && !value("site", "B").new_mid_cohort);
    assert_eq!(
        d.new_mid_cohort()
            .map(|e| e.value.as_str())
            .collect::<Vec<_>>(),
        ["VA20"]
    );

    // DICOM: Manufacturer, ManufacturerModelName and SoftwareVersions are followed although
    // the demo's plan names only Manufacturer as a subgroup. ACME's scanner arrives in 2024-10.
    let demo = run_demo().binary().unwrap().drift.clone().unwrap();
    assert_eq!(
        demo.attributes,
        ["Manufacturer", "ManufacturerModelName", "SoftwareVersions"]
    );
    let new: Vec<(&str, &str, &str, u64)> = demo
        .new_mid_cohort()
        .map(|e| {
            (
                e.attribute.as_str(),
                e.value.as_str(),
                e.first_seen.as_str(),
                e.cases,
            )
        })
        .collect();
    assert_eq!(
        new,
        [
            ("Manufacturer", "ACME Medical", "2024-10", 20),
            ("ManufacturerModelName", "Acme CT 64", "2024-10", 20),
            ("SoftwareVersions", "VA20A", "2024-10", 20),
        ]
    );
}

#[test]
fn undated_cases_are_counted_and_stay_in_every_other_analysis() {
    let (eval, d) = drift_of("cohort_worse.csv", "quarter");
    assert_eq!(
        d.undated, 12,
        "blank, NA, unknown, 2024-02-30, 20241301, 31.12.2023 …"
    );
    assert_eq!(d.dated, 910);
    assert_eq!(
        eval.cohort.included, 922,
        "no case is excluded for its date"
    );
    assert_eq!(eval.binary().unwrap().overall.n, 922);
    assert_eq!(d.overall.n, 910);
    assert_eq!(d.periods.iter().map(|p| p.n).sum::<u64>(), 910);
    let json = serde_json::to_value(&eval).unwrap();
    assert_eq!(json["drift"]["undated"], 12);

    // No date column at all: no drift, and the report says so in words (no plan syntax).
    let plan =
        Plan::load(&root().join("sample-studies/breast-cancer/plan-vendor-scores.toml")).unwrap();
    let eval = provestein::run(&plan, &Control::silent()).unwrap();
    assert!(eval.binary().unwrap().drift.is_none());
    assert!(serde_json::to_value(&eval).unwrap()["drift"].is_null());
    let text = provestein::report::content::build(&eval, provestein::i18n::Lang::En)
        .text()
        .join("\n");
    assert!(text.contains("Drift over time"));
    assert!(
        text.contains("Had the plan named a date for each case"),
        "{text}"
    );
    assert!(!text.contains("[cohort]"), "{text}");
}

#[test]
fn the_plan_keys_are_checked() {
    let ok = csv_plan("cohort_worse.csv", "month");
    assert!(Plan::parse(&ok, Path::new("p.toml"), root()).is_ok());
    let week = csv_plan("cohort_worse.csv", "week");
    let e = Plan::parse(&week, Path::new("p.toml"), root()).unwrap_err();
    assert!(e.to_string().contains("week"), "{e}");
    // The date column as a subgroup would write every date to predictions.csv.
    let leak = ok.replace(r#"["software", "site"]"#, r#"["software", "date"]"#);
    let e = Plan::parse(&leak, Path::new("p.toml"), root()).unwrap_err();
    assert!(e.to_string().contains("predictions.csv"), "{e}");
    // DICOM: StudyDate is read without asking, and refused as a subgroup or filter.
    let dicom = std::fs::read_to_string(demo().join("plan.toml")).unwrap();
    for (from, to) in [
        (r#""age_band"]"#, r#""age_band", "StudyDate"]"#),
        (
            "unit = \"image\"",
            "unit = \"image\"\ninclude = { AcquisitionDate = [\"20240101\"] }",
        ),
        ("unit = \"image\"", "unit = \"image\"\ndate = \"StudyDate\""),
    ] {
        let text = dicom.replace(from, to);
        assert_ne!(text, dicom);
        let e = Plan::parse(&text, Path::new("p.toml"), demo()).unwrap_err();
        assert!(e.to_string().contains("date"), "{e}");
    }
}

/// Every StudyDate (and SeriesDate, ContentDate…) the demo's files carry, in the forms a report
/// could print it: 20240422 and 2024-04-22.
fn demo_dates() -> BTreeSet<String> {
    use dicom_dictionary_std::tags;
    let mut out = BTreeSet::new();
    for entry in walkdir::WalkDir::new(demo().join("images")) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        // Gzipped files are skipped: each shares its study's date with a plain sibling.
        let Ok(obj) = dicom_object::open_file(entry.path()) else {
            continue; // notes.txt, the .dcm.gz files
        };
        for tag in [
            tags::STUDY_DATE,
            tags::SERIES_DATE,
            tags::CONTENT_DATE,
            tags::ACQUISITION_DATE,
        ] {
            if let Ok(e) = obj.element(tag)
                && let Ok(v) = e.to_str()
            {
                let v = v.trim().to_string();
                if v.len() == 8 {
                    out.insert(format!("{}-{}-{}", &v[..4], &v[4..6], &v[6..]));
                    out.insert(v);
                }
            }
        }
    }
    out
}

/// `token` in `text` as a token of its own: not inside a longer run of digits (an 8-digit date
/// can occur by chance among a float's 17 digits).
fn contains_token(text: &str, token: &str) -> bool {
    text.match_indices(token).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + token.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_digit())
    })
}

fn pdf_text(pdf: &Path) -> String {
    let o = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext not found ({e}): run `bash scripts/setup.sh`"));
    assert!(o.status.success());
    String::from_utf8(o.stdout).unwrap()
}

fn batch(plan: &Path, out: &Path, lang: &str) {
    let o = common::cli()
        .arg("batch")
        .arg(plan)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .args(["--lang", lang])
        .env("ORT_DYLIB_PATH", onnxruntime())
        .output()
        .unwrap();
    assert!(
        o.status.code().is_some_and(|c| c <= 2),
        "batch failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Every output as text: report.json, predictions.csv, report.html, and the PDF via pdftotext.
fn outputs(out: &Path) -> Vec<(&'static str, String)> {
    [
        "report.json",
        "predictions.csv",
        "report.html",
        "report.pdf",
    ]
    .into_iter()
    .map(|f| {
        let p = out.join(f);
        let text = if f.ends_with(".pdf") {
            pdf_text(&p)
        } else {
            std::fs::read_to_string(&p).unwrap()
        };
        (f, text)
    })
    .collect()
}

#[test]
fn the_imaging_demo_reports_drift_in_json_and_pdf_without_an_exact_date() {
    let dates = demo_dates();
    assert!(
        dates.len() >= 30 && dates.contains("20240422") && dates.contains("2025-11-01"),
        "the demo's StudyDates: {dates:?}"
    );
    for lang in ["en", "nb"] {
        let out = tempfile::tempdir().unwrap();
        batch(&demo().join("plan.toml"), out.path(), lang);
        let files = outputs(out.path());
        let json: serde_json::Value = serde_json::from_str(&files[0].1).unwrap();
        let d = &json["drift"];
        assert_eq!(d["period"], "quarter");
        let periods: Vec<&str> = d["periods"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["period"].as_str().unwrap())
            .collect();
        assert_eq!(
            periods,
            [
                "2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"
            ]
        );
        assert_eq!(d["dated"], 47);
        assert_eq!(d["undated"], 0);
        let pdf = files[3].1.split_whitespace().collect::<Vec<_>>().join(" ");
        let (section, equipment) = if lang == "en" {
            ("6 Drift over time", "Equipment over time")
        } else {
            ("6 Endring over tid", "Utstyr over tid")
        };
        for want in [
            section,
            equipment,
            "2024-Q2",
            "2025-Q4",
            "ACME Medical",
            "2024-10",
        ] {
            assert!(pdf.contains(want), "{lang}: the PDF lacks {want:?}");
        }
        for (f, text) in &files {
            for date in &dates {
                assert!(
                    !contains_token(text, date),
                    "{lang}: {f} contains the date {date}"
                );
            }
        }
    }
}

#[test]
fn no_date_of_a_csv_cohort_reaches_any_output() {
    let mut dates = BTreeSet::new();
    let mut r = csv::Reader::from_path(fixture("drift/cohort_worse.csv")).unwrap();
    for row in r.records() {
        let row = row.unwrap();
        if let Some(d) = provestein::cohort::parse_date(&row[3]) {
            dates.insert(d.to_string()); // 2024-04-15
            dates.insert(d.strftime("%Y%m%d").to_string());
        }
    }
    assert!(dates.len() > 1000);
    let dir = tempfile::tempdir().unwrap();
    let plan = common::write_plan(dir.path(), &csv_plan("cohort_worse.csv", "month"));
    let out = dir.path().join("out");
    batch(&plan, &out, "en");
    for (f, text) in outputs(&out) {
        for date in &dates {
            assert!(!contains_token(&text, date), "{f} contains the date {date}");
        }
        if f == "report.json" {
            assert!(text.contains("\"2024-04\""), "months are written");
        }
    }
}

#[test]
fn the_stard_checklist_points_item_17_at_the_drift_section() {
    let eval = run_demo();
    let doc = provestein::report::content::build(&eval, provestein::i18n::Lang::En);
    let table = |first: &str| {
        doc.blocks
            .iter()
            .find_map(|b| match b {
                provestein::report::doc::Block::Table(t) if t.header[0] == first => Some(t),
                _ => None,
            })
            .unwrap()
    };
    let stard = table("Item");
    let item = |n: &str| &stard.rows.iter().find(|r| r.cells[0] == n).unwrap().cells[2];
    assert_eq!(
        item("17"),
        "section 5, Subgroups; section 6, Drift over time"
    );
    assert_eq!(
        item("14"),
        "section 9, Methods, conventions and limitations"
    );
    let ai = table("Topic");
    assert!(
        ai.rows
            .iter()
            .any(|r| r.cells[1] == "section 6, Drift over time"),
        "{:?}",
        ai.rows
    );
}

/// The stable cohort with `edits` (row index → new date text) applied, in `dir`.
fn cohort_with_dates(dir: &Path, edits: &[(usize, &str)]) -> PathBuf {
    let text = std::fs::read_to_string(fixture("drift/cohort_stable.csv")).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for &(row, date) in edits {
        let mut f: Vec<String> = lines[row + 1].split(',').map(str::to_string).collect();
        assert!(
            provestein::cohort::parse_date(&f[3]).is_some(),
            "row {row} was dated"
        );
        f[3] = date.to_string();
        lines[row + 1] = f.join(",");
    }
    let p = dir.join("cohort.csv");
    std::fs::write(&p, lines.join("\n") + "\n").unwrap();
    p
}

fn plan_for(cohort: &Path, period: &str) -> String {
    csv_plan("cohort_stable.csv", period).replace(
        &fixture("drift/cohort_stable.csv").display().to_string(),
        &cohort.display().to_string(),
    )
}

/// A 1900 placeholder (both spellings), 0001-01-01, a 1980 date and one in 2099 are left out
/// with their reasons counted, the periods stay 2023-01 … 2025-03, and the report says so.
#[test]
fn implausible_dates_are_left_out_with_the_reason_counted() {
    let dir = tempfile::tempdir().unwrap();
    let edits = [
        (0, "19000101"),
        (1, "1900-01-01"),
        (2, "00010101"),
        (3, "1980-05-05"),
        (4, "2099-01-01"),
    ];
    let cohort = cohort_with_dates(dir.path(), &edits);
    let eval = run_text(&plan_for(&cohort, "month"));
    let d = eval.binary().unwrap().drift.as_ref().unwrap();
    assert_eq!(
        (
            d.excluded_dates.placeholder,
            d.excluded_dates.before_1985,
            d.excluded_dates.after_run
        ),
        (3, 1, 1)
    );
    assert_eq!((d.dated, d.undated), (905, 12));
    assert_eq!(
        eval.binary().unwrap().overall.n,
        922,
        "they stay in every other analysis"
    );
    assert_eq!(labels(d).first(), Some(&"2023-01"));
    assert_eq!(labels(d).last(), Some(&"2025-03"));
    assert_eq!(d.periods.iter().map(|p| p.span).sum::<u32>(), 27);
    let json = serde_json::to_value(&eval).unwrap();
    assert_eq!(
        json["drift"]["excluded_dates"],
        serde_json::json!({"before_1985": 1, "after_run": 1, "placeholder": 3})
    );
    for (lang, words) in [
        (
            provestein::i18n::Lang::En,
            "5 cases have a date that cannot be a real study date and are left out of this analysis only: 3 placeholder dates (such as 1900-01-01), 1 before 1985, 1 after the run.",
        ),
        (
            provestein::i18n::Lang::Nb,
            "5 kasus har en dato som ikke kan være en reell undersøkelsesdato, og er utelatt bare fra denne analysen: 3 plassholderdatoer (som 1900-01-01), 1 før 1985, 1 etter kjøringen.",
        ),
    ] {
        let doc = provestein::report::content::build(&eval, lang);
        assert!(
            doc.text().iter().any(|t| t.contains(words)),
            "{lang:?}: the drift section counts the dates left out"
        );
    }
}

/// One plausible case years before the rest: the empty months between are one row (and one
/// slot on the chart), not dozens.
#[test]
fn a_long_gap_is_one_row() {
    let dir = tempfile::tempdir().unwrap();
    let cohort = cohort_with_dates(dir.path(), &[(0, "2015-06-15")]);
    let eval = run_text(&plan_for(&cohort, "month"));
    let d = eval.binary().unwrap().drift.as_ref().unwrap();
    assert_eq!(d.excluded_dates.total(), 0);
    let l = labels(d);
    assert_eq!(&l[..3], ["2015-06", "2015-07 – 2022-12", "2023-01"]);
    assert_eq!(d.periods[1].span, 90);
    assert_eq!(d.periods[1].n, 0);
    assert_eq!(d.periods.len(), 2 + 27);
    let doc = provestein::report::content::build(&eval, provestein::i18n::Lang::En);
    let table_row = doc.blocks.iter().any(|b| match b {
        provestein::report::doc::Block::Table(t) => t.rows.iter().any(|r| {
            r.cells[0] == "2015-07\u{a0}– 2022-12" && r.cells.last().unwrap() == "no cases"
        }),
        _ => false,
    });
    assert!(
        table_row,
        "the drift table names the run of empty months once"
    );
}

/// An anonymiser that wrote 19000101 into every date: no period, and the report says why.
#[test]
fn a_cohort_whose_every_date_is_a_placeholder_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("drift/cohort_stable.csv")).unwrap();
    let mut lines: Vec<String> = Vec::new();
    for (i, l) in text.lines().enumerate() {
        let mut f: Vec<String> = l.split(',').map(str::to_string).collect();
        if i > 0 && provestein::cohort::parse_date(&f[3]).is_some() {
            f[3] = "19000101".into();
        }
        lines.push(f.join(","));
    }
    let cohort = dir.path().join("cohort.csv");
    std::fs::write(&cohort, lines.join("\n") + "\n").unwrap();
    let eval = run_text(&plan_for(&cohort, "quarter"));
    let d = eval
        .binary()
        .unwrap()
        .drift
        .as_ref()
        .expect("the dates left out are still reported");
    assert_eq!(
        (d.dated, d.undated, d.excluded_dates.placeholder),
        (0, 12, 910)
    );
    assert!(d.periods.is_empty());
    let doc = provestein::report::content::build(&eval, provestein::i18n::Lang::En);
    assert!(doc.text().iter().any(|t| t.starts_with(
        "Not assessed: every readable date is implausible, so the cases could not be placed in time (910 placeholder dates"
    )));
    // The PDF and HTML lay it out (no empty chart or table to fail on).
    provestein::report::write_all(&eval, &dir.path().join("out")).unwrap();
}
