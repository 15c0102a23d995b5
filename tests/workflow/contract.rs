//! report.json as a versioned contract: the sample studies' reports read back into an
//! `Evaluation` and written again give the same bytes and validate against the JSON Schema
//! published in docs/report.schema.json, which is generated from the types; an unknown
//! `schema_version`, or a key the types do not know, is an error, never a default.

use crate::common;

use std::path::PathBuf;

use common::root;
use provestein::report::json;
use provestein::{Evaluation, Plan};

const SCHEMA_FILE: &str = "docs/report.schema.json";

/// The report.json of a sample plan, as `batch` writes it.
fn sample_report(rel: &str) -> String {
    let path = root().join("sample-studies").join(rel);
    let plan = Plan::load(&path).unwrap();
    json::to_string(&provestein::run(&plan, &common::control()).unwrap())
}

fn read(text: &str) -> provestein::Result<Evaluation> {
    json::read(text, "report.json")
}

fn validator() -> (boon::Schemas, boon::SchemaIndex) {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join(SCHEMA_FILE)).unwrap()).unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler
        .add_resource("report.schema.json", schema)
        .unwrap();
    let index = compiler.compile("report.schema.json", &mut schemas).unwrap();
    (schemas, index)
}

/// The three sample studies (a feature model, the vendor's scores, the imaging demo): each
/// report reads back into the bytes it was written as, and the published schema accepts it.
#[test]
fn sample_reports_read_back_to_the_same_bytes_and_match_the_schema() {
    let (schemas, index) = validator();
    for rel in [
        "breast-cancer/plan.toml",
        "breast-cancer/plan-vendor-scores.toml",
        "imaging-demo/plan.toml",
    ] {
        let text = sample_report(rel);
        let eval = read(&text).unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert_eq!(json::to_string(&eval), text, "{rel}: written back differently");
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["task"], "binary", "{rel}");
        assert_eq!(value["schema_version"], 1, "{rel}");
        if let Err(e) = schemas.validate(&value, index) {
            panic!("{rel} does not match {SCHEMA_FILE}: {e:#}");
        }
    }
}

/// docs/report.schema.json is what the types generate. Set PROVESTEIN_UPDATE_SCHEMA=1 to
/// rewrite it after changing a type in report.json.
#[test]
fn the_published_schema_is_generated_from_the_types() {
    let path: PathBuf = root().join(SCHEMA_FILE);
    let generated = json::schema();
    if std::env::var_os("PROVESTEIN_UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let published = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        published == generated,
        "{SCHEMA_FILE} is not what the types generate (a type in report.json changed). Update it \
         with `PROVESTEIN_UPDATE_SCHEMA=1 cargo test --test workflow published_schema`, and bump \
         evaluation::SCHEMA_VERSION if a key was renamed or removed or changed its meaning."
    );
    // The schema says what a reader needs: the version is required, null figures allowed.
    let schema: serde_json::Value = serde_json::from_str(&generated).unwrap();
    let required = schema["required"].as_array().unwrap();
    assert!(required.contains(&"schema_version".into()), "{required:?}");
}
