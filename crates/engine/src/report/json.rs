//! report.json: the [`Evaluation`] itself, pretty-printed, and read back. Its keys are
//! documented in docs/report-json.md and, generated from the types, docs/report.schema.json;
//! NaN figures (not estimable) are written as null and read back as NaN.
//!
//! Reading is strict, because the history, `history compare` and the app judge drift and
//! compare runs from what they read: an unknown `schema_version` is refused, and so is a key the
//! types do not know (a renamed key would otherwise read as absent) or a value that would not be
//! written back the same. A report is read back into the bytes it was written as. Its flags
//! are rebuilt from its figures (`flags::refresh`), their sentences in this version's words.

use serde_json::Value;

use crate::error::{Error, Result};
use crate::evaluation::{Evaluation, SCHEMA, SCHEMA_VERSION};

/// The `schema_version`s this version reads.
pub const SUPPORTED: &[u32] = &[SCHEMA_VERSION];

/// Keys reports of version 1 once carried and this version ignores when reading them.
const RETIRED: &[&str] = &["provenance.plan_fixed"];

pub fn to_string(eval: &Evaluation) -> String {
    let mut s = serde_json::to_string_pretty(eval).expect("an evaluation always serialises");
    s.push('\n');
    s
}

/// The JSON Schema of report.json, generated from [`Evaluation`] (docs/report.schema.json).
pub fn schema() -> String {
    let schema = schemars::schema_for!(Evaluation);
    let mut s = serde_json::to_string_pretty(&schema).expect("a schema always serialises");
    s.push('\n');
    s
}

/// Reads a report.json; `what` names it in errors ("report.json of run 12").
///
/// A report of version 1 written before `schema_version` and `task` were added (the histories
/// of earlier versions hold such reports) has the same layout without those two keys: it reads
/// as version 1 of a binary task. Keys such reports carried that were retired since
/// (`provenance.plan_fixed`) are ignored, and keys added since with a default read as that
/// default; any other key the types do not know is an error.
pub fn read(text: &str, what: &str) -> Result<Evaluation> {
    let err = |message: String| Error::Report {
        what: what.to_string(),
        message,
    };
    let mut value: Value =
        serde_json::from_str(text).map_err(|e| err(format!("it is not JSON ({e})")))?;
    let Some(object) = value.as_object_mut() else {
        return Err(err("it is not a JSON object".into()));
    };
    let before_version = match object.get("schema_version") {
        Some(v) => match v.as_u64() {
            Some(n) if SUPPORTED.iter().any(|&s| u64::from(s) == n) => false,
            _ => {
                return Err(Error::ReportVersion {
                    what: what.to_string(),
                    found: v.to_string(),
                    supported: SUPPORTED,
                });
            }
        },
        None => {
            let schema = object.get("schema").cloned().unwrap_or(Value::Null);
            if schema != SCHEMA {
                return Err(Error::ReportVersion {
                    what: what.to_string(),
                    found: format!("none (its schema is {schema})"),
                    supported: SUPPORTED,
                });
            }
            object.insert("schema_version".into(), Value::from(1));
            object.insert("task".into(), Value::from("binary"));
            true
        }
    };
    let mut eval: Evaluation =
        serde_json::from_value(value.clone()).map_err(|e| err(e.to_string()))?;
    crate::flags::refresh(&mut eval);
    // Through the text, as it would be written: f32 figures are written in their own shortest
    // form, which `to_value` would widen to f64.
    let back: Value = serde_json::from_str(&to_string(&eval)).expect("written JSON reads");
    differs(&value, &back, "", before_version).map_or(Ok(eval), |m| Err(err(m)))
}

/// Where `read` (the JSON as read) and `written` (the evaluation written back) differ, if they
/// do. Reports written before `schema_version` (`lenient`) may lack keys added since with a
/// default and may differ in values those defaults stand for; every key they have must still
/// be known.
fn differs(read: &Value, written: &Value, path: &str, lenient: bool) -> Option<String> {
    let at = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    match (read, written) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                let found = match b.get(k) {
                    // A flag's sentence is words of the version reading it; its id must agree.
                    Some(_) if path.starts_with("flags[") && k == "text" => None,
                    Some(w) => differs(v, w, &at(k), lenient),
                    None if RETIRED.contains(&at(k).as_str()) => None,
                    None => Some(format!("the key {} is not one this version knows", at(k))),
                };
                if found.is_some() {
                    return found;
                }
            }
            if !lenient && let Some(k) = b.keys().find(|k| !a.contains_key(*k)) {
                return Some(format!("the key {} is missing", at(k)));
            }
            None
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (v, w))| differs(v, w, &format!("{path}[{i}]"), lenient)),
        _ if lenient || read == written => None,
        _ => Some(format!(
            "{} holds {read}, which reads back as {written}",
            if path.is_empty() { "the report" } else { path }
        )),
    }
}
