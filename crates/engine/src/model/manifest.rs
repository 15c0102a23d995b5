//! The vendor's validation package: a TOML manifest shipped beside the ONNX file that says
//! what the model is (identity, CE class, intended use, operating point, the population it was
//! trained and validated on), what it claims, how its input is made (`[preprocess]`, the
//! plan's keys) and what it outputs for a few inputs (`[[test_vectors]]`). A plan names it
//! with `[model] manifest`; what the manifest says fills the plan unless the plan says
//! otherwise, and every such override is listed in the report.
//!
//! A detached Ed25519 signature (`manifest.toml.sig`, see `signature.rs`) shows the manifest
//! is the vendor's, unchanged; its status is always reported, never hidden.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::cohort::pixels::Preprocess;
use crate::error::{Error, Result};
use crate::plan::{Claims, Plan};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub model: ManifestModel,
    #[serde(default)]
    pub claims: Claims,
    #[serde(default)]
    pub preprocess: Option<Preprocess>,
    #[serde(default)]
    pub test_vectors: Vec<TestVector>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ManifestModel {
    pub name: String,
    pub vendor: String,
    pub version: String,
    /// SHA-256 of the ONNX file the manifest describes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intended_use: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ce_class: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<String>,
    /// The vendor's operating point: score ≥ threshold is positive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    /// A multi-finding product's operating point per finding, by the plan's `[[finding]] name`
    /// (`[model.thresholds] effusion = 0.4`); a finding the plan does not name is not judged, so
    /// its threshold is not used.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub thresholds: BTreeMap<String, f64>,
    #[serde(default)]
    pub population: Population,
}

/// The training/validation population the vendor reports.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Population {
    /// Share of each sex, e.g. `{ F = 0.48, M = 0.52 }`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sex: BTreeMap<String, f64>,
    /// Intended age range in years, inclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_years: Option<[f64; 2]>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub manufacturers: Vec<String>,
    /// DICOM Modality values the model is for (e.g. "CR", "DX", "CT").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modalities: Vec<String>,
    /// BodyPartExamined values (e.g. "CHEST").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub body_parts: Vec<String>,
    /// ViewPosition values (e.g. "PA").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub views: Vec<String>,
}

/// An input and the output the vendor's own runtime produced for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TestVector {
    /// A DICOM file (run through the full local pipeline) or a `.npy` tensor (fed to the model
    /// as it is), relative to the manifest. Feature models give `features` instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<PathBuf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub features: Option<Vec<f32>>,
    /// The model's output: one value (the positive class's score), or the whole output row,
    /// of which the plan's `positive_index` is compared.
    pub output: Vec<f64>,
    #[serde(default = "default_tolerance")]
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub tolerance: f64,
}

fn default_tolerance() -> f64 {
    1e-4
}

/// A manifest as read: the file, its text's SHA-256 and its signature's status.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub manifest: Manifest,
    pub path: PathBuf,
    pub sha256: String,
    pub signature: crate::model::signature::Status,
}

impl Loaded {
    /// A path from the manifest, resolved against its folder.
    pub fn resolve(&self, p: &Path) -> PathBuf {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.path.parent().unwrap_or(Path::new("")).join(p)
        }
    }
}

pub fn load(path: &Path) -> Result<Loaded> {
    let bytes = crate::user_file::read(path, "vendor manifest")?;
    let text = String::from_utf8_lossy(&bytes);
    let manifest: Manifest = toml::from_str(&text).map_err(|e| Error::Manifest {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    if let Some((name, t)) = manifest
        .model
        .thresholds
        .iter()
        .find(|(_, t)| !t.is_finite())
    {
        return Err(Error::Manifest {
            path: path.to_path_buf(),
            message: format!(
                "[model.thresholds] {name} = {t}: a threshold must be a finite number"
            ),
        });
    }
    for (i, v) in manifest.test_vectors.iter().enumerate() {
        if v.input.is_some() == v.features.is_some() {
            return Err(Error::Manifest {
                path: path.to_path_buf(),
                message: format!(
                    "[[test_vectors]] #{}: give either input = \"file.dcm\" (or .npy) or features = [...]",
                    i + 1
                ),
            });
        }
        if v.output.is_empty() || v.tolerance.is_nan() || v.tolerance < 0.0 {
            return Err(Error::Manifest {
                path: path.to_path_buf(),
                message: format!(
                    "[[test_vectors]] #{}: output needs at least one value and tolerance must be ≥ 0",
                    i + 1
                ),
            });
        }
    }
    Ok(Loaded {
        signature: crate::model::signature::check(path, &bytes),
        sha256: crate::provenance::sha256_hex(&bytes),
        path: path.to_path_buf(),
        manifest,
    })
}

/// A plan key the manifest would have filled but the plan sets itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Override {
    pub key: String,
    pub plan: String,
    pub manifest: String,
}

/// What the run used from the manifest, for report.json.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ManifestUse {
    pub path: String,
    pub sha256: String,
    pub signature: crate::model::signature::Status,
    pub model: ManifestModel,
    /// Plan keys taken from the manifest.
    pub filled: Vec<String>,
    /// Plan keys the plan sets differently (the plan wins).
    pub overrides: Vec<Override>,
}

/// The plan as it runs: what the plan leaves out is taken from its manifest (intended use,
/// threshold, claims, preprocessing, product identity); what it sets differently is kept and
/// listed. Without a manifest, the plan as it is.
pub fn apply(plan: &Plan) -> Result<(Plan, Option<(Loaded, ManifestUse)>)> {
    let Some(rel) = plan.model.as_ref().and_then(|m| m.manifest.as_ref()) else {
        return Ok((plan.clone(), None));
    };
    let loaded = load(&plan.resolve(rel))?;
    let m = &loaded.manifest;
    let mut out = plan.clone();
    let mut filled = Vec::new();
    let mut overrides = Vec::new();
    let explicit = |key: &str| plan.explicit.contains(key);
    let mut take = |key: &str, set: bool, differs: bool, plan_v: String, man_v: String| {
        if !set {
            filled.push(key.to_string());
            true
        } else {
            if differs {
                overrides.push(Override {
                    key: key.into(),
                    plan: plan_v,
                    manifest: man_v,
                });
            }
            false
        }
    };
    if let Some(u) = &m.model.intended_use {
        let set = !plan.study.intended_use.trim().is_empty();
        if take(
            "study.intended_use",
            set,
            plan.study.intended_use.trim() != u.trim(),
            plan.study.intended_use.clone(),
            u.clone(),
        ) {
            out.study.intended_use = u.clone();
        }
    }
    if let Some(t) = m.model.threshold
        && take(
            "analysis.threshold",
            explicit("analysis.threshold"),
            plan.analysis.threshold != t,
            plan.analysis.threshold.to_string(),
            t.to_string(),
        )
    {
        out.analysis.threshold = t;
    }
    for (name, &t) in &m.model.thresholds {
        let Some(i) = plan.finding.iter().position(|f| &f.name == name) else {
            continue;
        };
        let own = plan.finding[i].threshold;
        if take(
            &format!("finding.{name}.threshold"),
            own.is_some(),
            own != Some(t),
            own.map(|v| v.to_string()).unwrap_or_default(),
            t.to_string(),
        ) {
            out.finding[i].threshold = Some(t);
        }
    }
    if !m.claims.is_empty()
        && take(
            "claims",
            explicit("claims"),
            plan.claims != m.claims,
            toml_of(&plan.claims),
            toml_of(&m.claims),
        )
    {
        out.claims = m.claims.clone();
    }
    if let Some(pre) = &m.preprocess
        && take(
            "preprocess",
            plan.preprocess.is_some(),
            plan.preprocess.as_ref() != Some(pre),
            plan.preprocess.as_ref().map(toml_of).unwrap_or_default(),
            toml_of(pre),
        )
    {
        out.preprocess = Some(pre.clone());
    }
    for (key, have, from) in [
        ("product.name", &mut out.product.name, &m.model.name),
        ("product.vendor", &mut out.product.vendor, &m.model.vendor),
        (
            "product.version",
            &mut out.product.version,
            &m.model.version,
        ),
    ] {
        match have {
            None => {
                *have = Some(from.clone());
                filled.push(key.into());
            }
            Some(v) if v != from => overrides.push(Override {
                key: key.into(),
                plan: v.clone(),
                manifest: from.clone(),
            }),
            _ => {}
        }
    }
    if out.study.intended_use.trim().is_empty() {
        return Err(Error::PlanInvalid {
            path: plan.base_dir.join("plan.toml"),
            message: "[study] intended_use is empty and the manifest gives none: write the intended use down".into(),
        });
    }
    // What the manifest filled (its preprocessing, a resize) is bounded as the plan's own is.
    out.check_limits().map_err(|message| Error::PlanInvalid {
        path: plan.base_dir.join("plan.toml"),
        message: format!("with the manifest's values: {message}"),
    })?;
    let used = ManifestUse {
        path: rel.display().to_string(),
        sha256: loaded.sha256.clone(),
        signature: loaded.signature.clone(),
        model: m.model.clone(),
        filled,
        overrides,
    };
    Ok((out, Some((loaded, used))))
}

/// A value as one line of TOML, for the overrides table.
fn toml_of<T: Serialize>(v: &T) -> String {
    toml::to_string(v)
        .map(|s| s.trim().replace('\n', "; "))
        .unwrap_or_default()
}

/// The cohort against the vendor's intended use and reported population.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Representativeness {
    /// Cases whose age lies outside the manifest's `age_years` (None: ages not known).
    pub age_outside: Option<Outside>,
    pub modality_outside: Option<Outside>,
    pub body_part_outside: Option<Outside>,
    pub view_outside: Option<Outside>,
    /// Scanner manufacturers in the cohort that the vendor never reported.
    pub unreported_manufacturers: Option<Outside>,
    /// Local share of each sex beside the vendor's (when both are known).
    pub sex: Vec<Share>,
}

/// How many cases fall outside what the vendor names, and with which values.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Outside {
    /// Cases whose value is known.
    pub known: usize,
    pub outside: usize,
    /// Values outside, with their case counts.
    pub values: Vec<(String, usize)>,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Share {
    pub value: String,
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub local: f64,
    pub vendor: Option<f64>,
    pub n: usize,
}

/// Compares the evaluated cases with the manifest's population. DICOM cases carry Modality,
/// BodyPartExamined, ViewPosition and PatientAge after their equipment values; CSV cohorts
/// are compared on subgroup columns named like them (sex, age, manufacturer…).
pub fn representativeness(
    m: &Manifest,
    plan: &Plan,
    cases: &[crate::results::CaseResult],
) -> Representativeness {
    use crate::cohort::dicom::EQUIPMENT;
    let p = &m.model.population;
    let dicom = plan.cohort.kind == crate::plan::CohortKind::Dicom;
    let column = |names: &[&str]| -> Option<Vec<String>> {
        let i = plan
            .cohort
            .subgroups
            .iter()
            .position(|s| names.iter().any(|n| s.eq_ignore_ascii_case(n)))?;
        Some(cases.iter().map(|c| c.subgroups[i].to_string()).collect())
    };
    let context = |k: usize| -> Option<Vec<String>> {
        dicom.then(|| {
            cases
                .iter()
                .map(|c| {
                    c.equipment()
                        .get(EQUIPMENT.len() + k)
                        .cloned()
                        .unwrap_or_default()
                })
                .collect()
        })
    };
    let allowed = |values: Option<Vec<String>>, allow: &[String]| -> Option<Outside> {
        if allow.is_empty() {
            return None;
        }
        let values = values?;
        let fits = |v: &str| {
            allow.iter().any(|a| {
                let (a, v) = (a.to_lowercase(), v.to_lowercase());
                v.contains(&a) || a.contains(&v)
            })
        };
        Some(count(values.iter().filter(|v| !v.trim().is_empty()), |v| {
            !fits(v)
        }))
    };
    let manufacturers = if dicom {
        Some(
            cases
                .iter()
                .map(|c| c.equipment().first().cloned().unwrap_or_default())
                .collect(),
        )
    } else {
        column(&["manufacturer", "Manufacturer", "vendor", "scanner"])
    };
    let ages: Option<Vec<Option<f64>>> = if dicom {
        context(3).map(|v| {
            v.iter()
                .map(|a| crate::cohort::dicom::age_in_years(a))
                .collect()
        })
    } else {
        column(&["age", "age_years", "PatientAge"])
            .map(|v| v.iter().map(|a| a.trim().parse::<f64>().ok()).collect())
    };
    let age_outside = match (p.age_years, ages) {
        (Some([lo, hi]), Some(ages)) => {
            let known: Vec<f64> = ages.into_iter().flatten().collect();
            let mut values = std::collections::BTreeMap::<String, usize>::new();
            for a in known.iter().filter(|a| **a < lo || **a > hi) {
                let band = if *a < lo {
                    format!("< {lo}")
                } else {
                    format!("> {hi}")
                };
                *values.entry(band).or_default() += 1;
            }
            Some(Outside {
                known: known.len(),
                outside: values.values().sum(),
                values: values.into_iter().collect(),
            })
        }
        _ => None,
    };
    let sex = match column(&["PatientSex", "sex", "gender"]) {
        Some(v) if !p.sex.is_empty() => {
            let n = v.len().max(1);
            let mut counts = std::collections::BTreeMap::<String, usize>::new();
            for s in &v {
                *counts.entry(s.clone()).or_default() += 1;
            }
            counts
                .into_iter()
                .map(|(value, k)| Share {
                    vendor: p.sex.get(&value).copied(),
                    local: k as f64 / n as f64,
                    n: k,
                    value,
                })
                .collect()
        }
        _ => Vec::new(),
    };
    Representativeness {
        age_outside,
        modality_outside: allowed(context(0), &p.modalities),
        body_part_outside: allowed(context(1), &p.body_parts),
        view_outside: allowed(context(2), &p.views),
        unreported_manufacturers: allowed(manufacturers, &p.manufacturers),
        sex,
    }
}

fn count<'a>(values: impl Iterator<Item = &'a String>, outside: impl Fn(&str) -> bool) -> Outside {
    let mut known = 0;
    let mut out = std::collections::BTreeMap::<String, usize>::new();
    for v in values {
        known += 1;
        if outside(v) {
            *out.entry(v.clone()).or_default() += 1;
        }
    }
    Outside {
        known,
        outside: out.values().sum(),
        values: out.into_iter().collect(),
    }
}

/// Everything report.json says about the vendor's package.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ManifestReport {
    #[serde(flatten)]
    pub used: ManifestUse,
    pub fidelity: Option<Fidelity>,
    pub representativeness: Representativeness,
}

/// The fidelity self-test's result (`model::fidelity::check`), part of the manifest report.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Fidelity {
    /// None when the manifest gives no SHA-256.
    pub model_sha256_matches: Option<bool>,
    pub vectors: Vec<VectorResult>,
    pub passed: usize,
    pub total: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct VectorResult {
    /// The input file (relative to the manifest) or "features #n".
    pub input: String,
    /// What it went through: "DICOM pipeline", "tensor (.npy)" or "features".
    pub kind: String,
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub expected: f64,
    pub actual: Option<f64>,
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub tolerance: f64,
    pub ok: bool,
    /// Why it could not be scored, when it could not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Fidelity {
    /// "fidelity: 3/3 outputs reproduced within tolerance".
    pub fn summary(&self) -> String {
        format!(
            "fidelity: {}/{} outputs reproduced within tolerance{}",
            self.passed,
            self.total,
            match self.model_sha256_matches {
                Some(true) => "; model file SHA-256 as in the manifest",
                Some(false) => "; model file SHA-256 DIFFERS from the manifest",
                None => "; the manifest gives no model SHA-256",
            }
        )
    }

    pub fn passes(&self) -> bool {
        self.passed == self.total && self.model_sha256_matches != Some(false)
    }
}
