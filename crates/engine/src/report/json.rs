//! report.json: the [`Evaluation`] itself, pretty-printed, and read back. Its keys are
//! documented in docs/report-json.md and, generated from the types, docs/report.schema.json;
//! NaN figures (not estimable) are written as null and read back as NaN.
//!
//! Reading is strict, because the history, `history compare` and the app judge drift and
//! compare runs from what they read: an unknown `schema_version` is refused, and so is a key the
//! types do not know (a renamed key would otherwise read as absent), a required key that is
//! missing or a value of the wrong type. A report is read back into the bytes it was written
//! as. Its flags are rebuilt from its figures (`flags::refresh`), in this version's words.

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

/// The JSON Schema of report.json as this version writes it, generated from [`Evaluation`]
/// (docs/report.schema.json): every key it always writes is required.
pub fn schema() -> String {
    let schema = schemars::generate::SchemaSettings::default()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<Evaluation>();
    let mut schema = serde_json::to_value(schema).expect("a schema always serialises");
    closed(&mut schema);
    let mut s = serde_json::to_string_pretty(&schema).expect("a schema always serialises");
    s.push('\n');
    s
}

/// Closes every object of the schema to keys it does not name (`unevaluatedProperties`), as
/// `read` is: a renamed key does not match. Not the parts of a tagged enum's variant that are
/// a struct of their own (`TaskEvaluation::Binary`): the object they stand in names the rest.
fn closed(schema: &mut Value) {
    fn variants(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(o) => {
                for branch in ["oneOf", "anyOf"]
                    .iter()
                    .filter_map(|k| o.get(*k)?.as_array())
                    .flatten()
                {
                    if let (Some(r), true) =
                        (branch["$ref"].as_str(), branch.get("properties").is_some())
                    {
                        out.push(r.trim_start_matches("#/$defs/").to_string());
                    }
                }
                o.values().for_each(|v| variants(v, out));
            }
            Value::Array(a) => a.iter().for_each(|v| variants(v, out)),
            _ => {}
        }
    }
    fn close(v: &mut Value) {
        match v {
            Value::Object(o) => {
                // A variant's branch ({ tag, $ref }) is part of the object that holds it.
                let variant = o.contains_key("$ref") && o.contains_key("properties");
                if o.contains_key("properties") && !variant {
                    o.insert("unevaluatedProperties".into(), Value::Bool(false));
                }
                o.values_mut().for_each(close);
            }
            Value::Array(a) => a.iter_mut().for_each(close),
            _ => {}
        }
    }
    let mut open = Vec::new();
    variants(schema, &mut open);
    close(schema);
    for name in open {
        if let Some(def) = schema["$defs"]
            .get_mut(&name)
            .and_then(Value::as_object_mut)
        {
            def.remove("unevaluatedProperties");
        }
    }
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
    match object.get("schema_version") {
        Some(v) => match v.as_u64() {
            Some(n) if SUPPORTED.iter().any(|&s| u64::from(s) == n) => {
                if object.get("schema").and_then(Value::as_str) != Some(SCHEMA) {
                    return Err(err(format!(
                        "its schema is {}, not {SCHEMA:?} as schema_version {n} says",
                        object.get("schema").unwrap_or(&Value::Null)
                    )));
                }
            }
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
        }
    }
    let mut eval: Evaluation =
        serde_json::from_value(value.clone()).map_err(|e| err(e.to_string()))?;
    crate::flags::refresh(&mut eval);
    let back = serde_json::to_value(&eval).expect("an evaluation always serialises");
    unknown_key(&value, &back, "").map_or(Ok(eval), |m| Err(err(m)))
}

/// The first key of `read` (the JSON as read) that `written` (the evaluation written back)
/// does not have: a key the types do not know, such as a renamed one. A key `written` has and
/// `read` lacks was added within the version with a default (docs/report-json.md: keys are
/// added, never renamed or removed); values were checked by their types. Flags are rebuilt,
/// not read.
fn unknown_key(read: &Value, written: &Value, path: &str) -> Option<String> {
    let at = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    match (read, written) {
        (Value::Object(a), Value::Object(b)) => a.iter().find_map(|(k, v)| match b.get(k) {
            Some(_) if path.is_empty() && k == "flags" => None,
            Some(w) => unknown_key(v, w, &at(k)),
            None if RETIRED.contains(&at(k).as_str()) => None,
            None => Some(format!("the key {} is not one this version knows", at(k))),
        }),
        (Value::Array(a), Value::Array(b)) => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (v, w))| unknown_key(v, w, &format!("{path}[{i}]"))),
        _ => None,
    }
}
