//! `model::inspect` on the shipped models and a fixture with every value kind. Expected names,
//! shapes, types, metadata, sizes and SHA-256 were read with Python's onnx 1.23.2 (`onnx.load`,
//! `helper.printable_type`, `hashlib.sha256`), not with ONNX Runtime.

use crate::common;

use std::path::PathBuf;

use common::{fixture, root};
use provestein::Error;
use provestein::model::inspect::{ModelInfo, TensorInfo, inspect};
use provestein::model::runtime;

fn model(name: &str) -> PathBuf {
    root().join("models").join(name)
}

fn info(path: &std::path::Path) -> ModelInfo {
    let rt = runtime::load(Some(&common::onnxruntime())).unwrap();
    inspect(rt, path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// (name, element type, shape, kind) of each tensor, for one comparison.
fn summary(list: &[TensorInfo]) -> Vec<(&str, &str, Vec<i64>, &str)> {
    list.iter()
        .map(|t| {
            (
                t.name.as_str(),
                t.element_type.as_str(),
                t.shape.clone(),
                t.kind.as_str(),
            )
        })
        .collect()
}

#[test]
fn logistic_model_declares_its_sklearn_pipeline() {
    let m = info(&model("bc_logreg.onnx"));
    assert_eq!(m.bytes, 1170);
    assert_eq!(
        m.sha256,
        "228632881088fb4df29563fcd361fb796e63310956d464ba40237de7fd73e78a"
    );
    assert_eq!(
        summary(&m.inputs),
        vec![("X", "float32", vec![-1, 30], "tensor")]
    );
    assert_eq!(
        summary(&m.outputs),
        vec![
            ("label", "int64", vec![-1], "tensor"),
            ("probabilities", "float32", vec![-1, 2], "tensor"),
        ]
    );
    assert_eq!(m.inputs[0].shape_text(), "[N, 30]");
    assert_eq!(m.outputs[1].shape_text(), "[N, 2]");
    assert_eq!(m.producer.as_deref(), Some("skl2onnx"));
    assert_eq!(m.graph_name.as_deref(), Some("ONNX(Pipeline)"));
    assert_eq!(m.domain.as_deref(), Some("ai.onnx"));
    assert_eq!(m.version, None, "model_version 0 is ONNX's 'not set'");
    assert!(
        m.description
            .as_deref()
            .is_some_and(|d| d
                .starts_with("Breast cancer Wisconsin, StandardScaler+LogisticRegression(C=1)")),
        "{:?}",
        m.description
    );
    assert!(m.custom.is_empty());
}

#[test]
fn gbm_model_has_the_same_tensors_as_the_logistic_one() {
    let m = info(&model("bc_gbm.onnx"));
    assert_eq!(m.bytes, 54492);
    assert_eq!(
        m.sha256,
        "8a831485e33679194fa846fdc900c0eaf328e9bd0020a97428096a627d8529f9"
    );
    assert_eq!(
        summary(&m.inputs),
        vec![("X", "float32", vec![-1, 30], "tensor")]
    );
    assert_eq!(
        summary(&m.outputs),
        vec![
            ("label", "int64", vec![-1], "tensor"),
            ("probabilities", "float32", vec![-1, 2], "tensor"),
        ]
    );
    assert_eq!(
        m.graph_name.as_deref(),
        Some("ONNX(GradientBoostingClassifier)")
    );
}

#[test]
fn imaging_model_has_dynamic_image_dimensions() {
    let m = info(&model("blob_detector.onnx"));
    assert_eq!(m.bytes, 1274);
    assert_eq!(
        m.sha256,
        "fcdc97a9f768d55308f2492dd7f3a64764539445d70e61aee1d5b385ece9e5d1"
    );
    assert_eq!(
        summary(&m.inputs),
        vec![("image", "float32", vec![-1, 1, -1, -1], "tensor")]
    );
    assert_eq!(m.inputs[0].shape_text(), "[N, 1, N, N]");
    assert_eq!(
        summary(&m.outputs),
        vec![("probability", "float32", vec![-1, 1], "tensor")]
    );
    assert_eq!(
        m.producer.as_deref(),
        Some("provestein/scripts/make_sample_imaging.py")
    );
    assert_eq!(m.graph_name.as_deref(), Some("blob_detector"));
    assert_eq!(m.domain, None, "empty domain");
    assert!(
        m.description
            .as_deref()
            .is_some_and(|d| d.starts_with("SYNTHETIC DEMO MODEL")),
        "{:?}",
        m.description
    );
}

#[test]
fn metadata_and_sequence_and_map_values_are_described() {
    let m = info(&fixture("models/inspect_kinds.onnx"));
    assert_eq!(
        summary(&m.inputs),
        vec![
            ("X", "float32", vec![-1, 2], "tensor"),
            ("m", "int64 → float32", vec![], "map"),
        ]
    );
    assert_eq!(
        summary(&m.outputs),
        vec![
            ("p", "float32", vec![-1, 2], "tensor"),
            ("zipped", "map(int64, float32)", vec![], "sequence"),
            ("dense", "float32", vec![1, 3], "tensor"),
        ]
    );
    assert_eq!(m.outputs[1].shape_text(), "");
    assert_eq!(m.producer.as_deref(), Some("provestein-tests"));
    assert_eq!(m.graph_name.as_deref(), Some("kinds_graph"));
    assert_eq!(m.domain.as_deref(), Some("no.provestein.tests"));
    assert_eq!(m.version, Some(3));
    assert_eq!(
        m.description.as_deref(),
        Some("Every value kind, for model::inspect.")
    );
    let custom: Vec<(&str, &str)> = m
        .custom
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        custom,
        vec![
            ("intended_use", "tests only"),
            ("vendor", "Example Vendor AS")
        ]
    );
    let json = serde_json::to_value(&m).unwrap();
    assert_eq!(json["outputs"][1]["kind"], "sequence");
    assert_eq!(json["custom"]["vendor"], "Example Vendor AS");
}

#[test]
fn a_missing_file_is_a_read_error() {
    let rt = runtime::load(Some(&common::onnxruntime())).unwrap();
    let e = inspect(rt, &model("no_such_model.onnx")).unwrap_err();
    assert!(
        matches!(&e, Error::Read { what: "model", path, .. } if path.ends_with("no_such_model.onnx")),
        "{e:?}"
    );
}

#[test]
fn a_file_that_is_not_onnx_is_a_model_error() {
    let rt = runtime::load(Some(&common::onnxruntime())).unwrap();
    let path = root().join("sample-studies/imaging-demo/labels.csv");
    let e = inspect(rt, &path).unwrap_err();
    match &e {
        Error::Model { path: p, message } => {
            assert_eq!(p, &path);
            assert!(message.contains("Is it an ONNX file"), "{message}");
        }
        other => panic!("expected Error::Model, got {other:?}"),
    }
}
