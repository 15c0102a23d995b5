//! Was the plan fixed before the data was seen? Decided from the record, not from an app
//! session: the earlier runs of the same model (or vendor score file) on the same cohort content
//! are looked up in the history, and the plan file as run is compared with the plan file of the
//! first of them.
//!
//! * **Which runs count.** Only finished runs (status `done`): a finished run wrote its report,
//!   so its results could be seen. A run that failed, was cancelled or is still running (or was
//!   killed) produced no statistics anyone saw.
//! * **Earlier** means begun before this run (a smaller run id): a run's plan file is stored
//!   when it begins, so a resumed run keeps the place it had.
//! * **Same model, same cohort.** The model's SHA-256 (or the vendor score file's) and the
//!   cohort's (`provenance.cohort_sha256`) must both match: a new model version or a new export
//!   is a new validation.
//! * **What is compared.** The plan *files* as written (the history's `plan_toml`), parsed, so
//!   comments, key order and a default written out do not count; a vendor manifest's filling in
//!   is not part of the file, so a manifest-filled plan run again unchanged is unchanged. Only
//!   what alters a figure or the verdict counts ([`PlanPart`]): threshold, criteria, analysis
//!   settings, cohort selection, how the model is read, preprocessing, comparisons. Study text,
//!   product, report language, sign-off names, vendor claims, explanations and file locations
//!   do not.
//! * **Compared with the first earlier run**, whose plan is the one fixed before any result:
//!   a plan changed after run 1 and changed back is pre-specified again.

use rusqlite::params;
use serde_json::Value;

use super::History;
use crate::error::Result;
use crate::provenance::{PlanPart, Prespecification, Provenance};

/// One key that differs between two plans, with its values as compact text (None: not set).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct KeyChange {
    /// Dotted TOML path, e.g. `analysis.threshold`, `acceptance[0].min`.
    pub key: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl KeyChange {
    /// "analysis.threshold: 0.5 → 0.3".
    pub fn describe(&self) -> String {
        let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "(not set)".into());
        format!(
            "{}: {} → {}",
            self.key,
            show(&self.before),
            show(&self.after)
        )
    }
}

/// What differs between two plan files, in the parts that alter results.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct PlanDiff {
    pub parts: Vec<PlanPart>,
    pub keys: Vec<KeyChange>,
}

impl PlanDiff {
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }
}

/// Compares two plan files' texts (TOML) in what they analyse.
pub fn diff(before: &str, after: &str) -> PlanDiff {
    // Both as plans (defaults filled) when both parse as this version's plan, else both as
    // plain TOML, so that defaults filled on one side only are never a difference.
    let parse = |text: &str| toml::from_str::<crate::Plan>(text).ok();
    let plans = match (parse(before), parse(after)) {
        (Some(a), Some(b)) => serde_json::to_value(a)
            .ok()
            .zip(serde_json::to_value(b).ok()),
        _ => None,
    };
    let raw = |text: &str| {
        text.parse::<toml::Table>()
            .ok()
            .and_then(|t| serde_json::to_value(t).ok())
    };
    let values = plans.or_else(|| raw(before).zip(raw(after)));
    let (a, b) = match values {
        Some((a, b)) => (analysed(a), analysed(b)),
        // Text that is not TOML (it cannot have run): compared as text, and any difference is
        // a change of the analysis.
        None if before.trim() == after.trim() => return PlanDiff::default(),
        None => {
            return PlanDiff {
                parts: vec![PlanPart::Analysis],
                keys: vec![KeyChange {
                    key: "(plan text)".into(),
                    before: None,
                    after: None,
                }],
            };
        }
    };
    let mut out = PlanDiff::default();
    for ((part, prefix, va), (_, _, vb)) in a.into_iter().zip(b) {
        if va == vb {
            continue;
        }
        out.parts.push(part);
        let (mut fa, mut fb) = (Vec::new(), Vec::new());
        flatten(&va, prefix.into(), &mut fa);
        flatten(&vb, prefix.into(), &mut fb);
        let keys: std::collections::BTreeSet<&String> = fa
            .iter()
            .map(|(k, _)| k)
            .chain(fb.iter().map(|(k, _)| k))
            .collect();
        let find = |f: &[(String, String)], k: &str| {
            f.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone())
        };
        for k in keys {
            let (x, y) = (find(&fa, k), find(&fb, k));
            if x != y {
                out.keys.push(KeyChange {
                    key: k.clone(),
                    before: x,
                    after: y,
                });
            }
        }
    }
    out
}

/// Decides a run's pre-specification from its plan text and the earlier finished runs of the
/// same model on the same cohort (id and plan text, oldest first).
pub fn decide(plan_toml: &str, earlier: &[(i64, String)]) -> Prespecification {
    let changed = earlier
        .first()
        .map(|(_, first)| diff(first, plan_toml).parts)
        .unwrap_or_default();
    Prespecification {
        attempt: earlier.len() + 1,
        earlier_runs: earlier.iter().map(|(id, _)| *id).collect(),
        post_hoc: !changed.is_empty(),
        changed,
    }
}

impl History {
    /// Decides run `run`'s pre-specification from the record and sets it on `eval`, with the
    /// page-1 flags that depend on it: the one call `batch` and the app make after the
    /// statistics and before the report is written.
    pub fn decide_prespecification(&self, run: i64, eval: &mut crate::Evaluation) -> Result<()> {
        eval.provenance.prespecification = Some(self.prespecification(run, &eval.provenance)?);
        crate::flags::refresh(eval);
        Ok(())
    }

    /// The pre-specification of run `run` (begun, with its plan file stored) whose evaluation
    /// has `provenance`: the same call for `batch` and the app, made after the statistics and
    /// before the report is written.
    pub fn prespecification(&self, run: i64, provenance: &Provenance) -> Result<Prespecification> {
        let conn = self.conn();
        let plan: String = conn
            .query_row("SELECT plan_toml FROM runs WHERE id = ?1", [run], |r| {
                r.get(0)
            })
            .map_err(|e| self.err(format!("run #{run}: {e}")))?;
        let mut q = conn
            .prepare(
                "SELECT id, plan_toml FROM runs WHERE status = 'done' AND id < ?1
                 AND cohort_sha256 = ?2 AND model_sha256 IS ?3 AND predictions_sha256 IS ?4
                 ORDER BY id",
            )
            .map_err(|e| self.err(e))?;
        let earlier = q
            .query_map(
                params![
                    run,
                    provenance.cohort_sha256,
                    provenance.model_sha256,
                    provenance.predictions_sha256
                ],
                |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
            )
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))?;
        Ok(decide(&plan, &earlier))
    }

    /// The first finished run of a plan file with this SHA-256, if any: the app then saves an
    /// edit as a new file beside it rather than overwriting what was run.
    pub fn run_of_plan(&self, plan_sha256: &str) -> Result<Option<i64>> {
        use rusqlite::OptionalExtension;
        self.conn()
            .query_row(
                "SELECT min(id) FROM runs WHERE status = 'done' AND plan_sha256 = ?1",
                [plan_sha256],
                |r| r.get::<_, Option<i64>>(0),
            )
            .optional()
            .map(Option::flatten)
            .map_err(|e| self.err(e))
    }
}

/// A plan's parts that alter results (the plan as JSON), in a fixed order, with file locations
/// removed.
fn analysed(mut v: Value) -> Vec<(PlanPart, &'static str, Value)> {
    let mut take = |key: &str| v.get_mut(key).map(Value::take).unwrap_or(Value::Null);
    let mut analysis = take("analysis");
    let threshold = remove(&mut analysis, "threshold");
    let mut cohort = take("cohort");
    for k in ["path", "labels"] {
        remove(&mut cohort, k);
    }
    let mut model = Value::Object(Default::default());
    for source in ["model", "predictions"] {
        let mut s = take(source);
        strip_source(&mut s);
        if !s.is_null() {
            model[source] = s;
        }
    }
    let mut compare = take("compare");
    if let Some(list) = compare.as_array_mut() {
        for c in list {
            for source in ["model", "predictions"] {
                if let Some(s) = c.get_mut(source) {
                    strip_source(s);
                }
            }
        }
    }
    vec![
        (PlanPart::Threshold, "analysis.threshold", threshold),
        (PlanPart::Criteria, "acceptance", take("acceptance")),
        (PlanPart::Analysis, "analysis", analysis),
        (PlanPart::Cohort, "cohort", cohort),
        (PlanPart::Model, "", model),
        (PlanPart::Preprocess, "preprocess", take("preprocess")),
        (PlanPart::Compare, "compare", compare),
    ]
}

/// A score source without where its files are (their SHA-256 identify them) or the batch size
/// (which changes no score).
fn strip_source(s: &mut Value) {
    for k in ["path", "manifest", "batch"] {
        remove(s, k);
    }
}

fn remove(v: &mut Value, key: &str) -> Value {
    v.as_object_mut()
        .and_then(|o| o.remove(key))
        .unwrap_or(Value::Null)
}

/// Leaves of a value as (dotted path, compact JSON); arrays of plain values are one leaf.
fn flatten(v: &Value, path: String, out: &mut Vec<(String, String)>) {
    match v {
        Value::Null => {}
        Value::Object(o) => {
            for (k, x) in o {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                flatten(x, p, out);
            }
        }
        Value::Array(a) if a.iter().any(|x| x.is_object()) => {
            for (i, x) in a.iter().enumerate() {
                flatten(x, format!("{path}[{i}]"), out);
            }
        }
        other => out.push((path, other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = r#"
# The plan as the hospital wrote it.
[study]
name = "Demo"
intended_use = "screening"

[predictions]
path = "scores.csv"
id = "id"
score = "p"

[cohort]
kind = "csv"
path = "cohort.csv"
id = "id"
label = "y"
positive = 1
subgroups = ["sex"]

[analysis]
threshold = 0.5

[[acceptance]]
metric = "auc"
min = 0.8
"#;

    fn parts(a: &str, b: &str) -> Vec<&'static str> {
        diff(a, b).parts.into_iter().map(PlanPart::name).collect()
    }

    #[test]
    fn comments_key_order_defaults_and_words_are_not_changes() {
        let reordered = r#"
[analysis]
confidence = 0.95
threshold = 0.5
[[acceptance]]
min = 0.8
metric = "auc"
[cohort]
label = "y"
positive = "1"
id = "id"
subgroups = ["sex"]
path = "../elsewhere/cohort.csv"
kind = "csv"
[predictions]
id = "id"
score = "p"
path = "/data/scores.csv"
[study]
name = "Demo, renamed"
intended_use = "screening of everyone"
[report]
language = "nb"
"#;
        assert!(
            parts(PLAN, reordered).is_empty(),
            "{:?}",
            diff(PLAN, reordered)
        );
    }

    #[test]
    fn threshold_criteria_analysis_and_cohort_changes_are_named() {
        let t = PLAN.replace("threshold = 0.5", "threshold = 0.3");
        assert_eq!(parts(PLAN, &t), ["threshold"]);
        let d = diff(PLAN, &t);
        assert_eq!(d.keys[0].describe(), "analysis.threshold: 0.5 → 0.3");
        let c = PLAN.replace("min = 0.8", "min = 0.7");
        assert_eq!(parts(PLAN, &c), ["criteria"]);
        assert_eq!(diff(PLAN, &c).keys[0].key, "acceptance[0].min");
        let a = PLAN.replace("threshold = 0.5", "threshold = 0.5\nconfidence = 0.9");
        assert_eq!(parts(PLAN, &a), ["analysis"]);
        let s = PLAN.replace(r#"subgroups = ["sex"]"#, r#"subgroups = ["sex", "age"]"#);
        assert_eq!(parts(PLAN, &s), ["cohort"]);
        let m = PLAN.replace(r#"score = "p""#, r#"score = "q""#);
        assert_eq!(parts(PLAN, &m), ["model"]);
        let both = t.replace("min = 0.8", "min = 0.7");
        assert_eq!(parts(PLAN, &both), ["threshold", "criteria"]);
    }

    #[test]
    fn attempts_count_earlier_runs_and_compare_with_the_first() {
        let first = decide(PLAN, &[]);
        assert_eq!(
            first,
            Prespecification {
                attempt: 1,
                earlier_runs: vec![],
                post_hoc: false,
                changed: vec![]
            }
        );
        let again = decide(PLAN, &[(1, PLAN.into())]);
        assert_eq!((again.attempt, again.post_hoc), (2, false));
        assert_eq!(again.earlier_runs, [1]);
        let t = PLAN.replace("threshold = 0.5", "threshold = 0.3");
        let changed = decide(&t, &[(1, PLAN.into()), (4, PLAN.into())]);
        assert_eq!(changed.attempt, 3);
        assert!(changed.post_hoc);
        assert_eq!(changed.changed, [PlanPart::Threshold]);
        assert_eq!(changed.changed_after(), Some(1));
        // Changed back to the first plan: pre-specified again, whatever came between.
        let back = decide(PLAN, &[(1, PLAN.into()), (2, t.clone())]);
        assert!(!back.post_hoc);
    }

    /// A plan from another version (a key this one does not know) is compared as plain TOML
    /// on both sides: the default this version would fill in is not a difference.
    #[test]
    fn a_plan_of_another_version_is_compared_key_by_key() {
        let newer = PLAN.replace("threshold = 0.5", "threshold = 0.5\nsome_future_key = 1");
        assert_eq!(parts(PLAN, &newer), ["analysis"]);
        let d = diff(PLAN, &newer);
        assert_eq!(d.keys.len(), 1, "{d:?}");
        assert_eq!(d.keys[0].key, "analysis.some_future_key");
        let lowered = newer.replace("threshold = 0.5", "threshold = 0.4");
        assert_eq!(parts(&newer, &lowered), ["threshold"]);
    }

    #[test]
    fn text_that_is_not_a_plan_is_compared_as_text() {
        assert!(diff("not = [toml", "not = [toml").is_empty());
        assert_eq!(parts("not = [toml", PLAN), ["analysis"]);
    }
}
