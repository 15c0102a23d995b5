//! What `score` yields and `evaluate` reads: each unit's outcome per score source, from one
//! part of the cohort or from several merged. Data only, below both steps.

use serde::{Deserialize, Serialize};

use super::control::{MAIN, Outcome};
use crate::error::{Error, Result};

/// Outcomes of scored units, tagged with the run key of the `Prepared` they were scored from.
/// Parts merge in any order; a unit scored in two parts is kept twice, so that `evaluate`
/// refuses it instead of choosing one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Outcomes {
    /// `Prepared::run_key` of the run these belong to (empty: no part yet).
    pub run_key: String,
    pub scored: Vec<Scored>,
}

/// A unit's outcomes from one source: nearly always one, kept inline.
pub type UnitOutcomes = smallvec::SmallVec<[Outcome; 1]>;

/// One unit scored by one source. A binary run holds a million of these, so what only
/// segmentation, multi-finding and detection units carry sits behind one box (`Extra`), and
/// the single outcome of a CSV row or vendor score is not a heap allocation: 80 bytes a unit,
/// where it was 128 and a 32-byte allocation.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "wire::Owned")]
pub struct Scored {
    pub source: Source,
    /// The unit's id (`Unit::id`: pseudonymous for DICOM cases).
    pub unit: crate::Id,
    /// A score or why there is none: one for a CSV row or a vendor score, one per image (in
    /// the case's image order) for a DICOM case scored by a model; one for a segmentation
    /// case (Ok when its figures are in `segmentation`).
    pub outcomes: UnitOutcomes,
    extra: Option<Box<Extra>>,
}

/// What a segmentation, multi-finding or detection unit carries beside its outcomes.
#[derive(Debug, Clone, PartialEq, Default)]
struct Extra {
    segmentation: Option<crate::segmentation::outcome::SegmentationOutcome>,
    findings: Option<Vec<f64>>,
    marks: Option<Vec<crate::detection::read::UnitMark>>,
    padding_rows: usize,
}

impl Scored {
    pub fn new(source: Source, unit: crate::Id, outcomes: impl Into<UnitOutcomes>) -> Scored {
        Scored {
            source,
            unit,
            outcomes: outcomes.into(),
            extra: None,
        }
    }

    fn extra(&mut self) -> &mut Extra {
        self.extra.get_or_insert_with(Box::default)
    }

    /// With a segmentation case's figures per structure.
    pub fn with_segmentation(
        mut self,
        figures: Option<crate::segmentation::outcome::SegmentationOutcome>,
    ) -> Scored {
        if figures.is_some() {
            self.extra().segmentation = figures;
        }
        self
    }

    /// With a multi-finding unit's K scores in `[[finding]]` order, activation applied.
    pub fn with_findings(mut self, scores: Vec<f64>) -> Scored {
        self.extra().findings = Some(scores);
        self
    }

    /// With a detection unit's marks found by the model, in patient mm, and the model's output
    /// rows below `[marks] min_score` (padding).
    pub fn with_marks(
        mut self,
        marks: Vec<crate::detection::read::UnitMark>,
        padding: usize,
    ) -> Scored {
        let extra = self.extra();
        extra.marks = Some(marks);
        extra.padding_rows = padding;
        self
    }

    /// A segmentation case's figures per structure (None in other runs).
    pub fn segmentation(&self) -> Option<&crate::segmentation::outcome::SegmentationOutcome> {
        self.extra.as_ref()?.segmentation.as_ref()
    }

    /// A multi-finding unit's scores (None in other runs).
    pub fn findings(&self) -> Option<&[f64]> {
        self.extra.as_ref()?.findings.as_deref()
    }

    /// A detection unit's marks found by the model (None in other runs).
    pub fn marks(&self) -> Option<&[crate::detection::read::UnitMark]> {
        self.extra.as_ref()?.marks.as_deref()
    }

    /// With `marks`: the model's output rows below `[marks] min_score`, counted in
    /// `detection.sources.padding_rows`.
    pub fn padding_rows(&self) -> usize {
        self.extra.as_ref().map_or(0, |e| e.padding_rows)
    }
}

impl Serialize for Scored {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        wire::Borrowed {
            source: &self.source,
            unit: &self.unit,
            outcomes: &self.outcomes,
            segmentation: self.segmentation(),
            findings: self.findings(),
            marks: self.marks(),
            padding_rows: self.padding_rows(),
        }
        .serialize(s)
    }
}

/// `Scored` as outcomes files and journals hold it: the rare fields flat and absent when empty.
mod wire {
    use super::{Outcome, Source, UnitOutcomes, is_zero};
    use crate::detection::read::UnitMark;
    use crate::segmentation::outcome::SegmentationOutcome;
    use serde::{Deserialize, Serialize};

    #[derive(Serialize)]
    pub(super) struct Borrowed<'a> {
        pub source: &'a Source,
        pub unit: &'a crate::Id,
        pub outcomes: &'a [Outcome],
        #[serde(skip_serializing_if = "Option::is_none")]
        pub segmentation: Option<&'a SegmentationOutcome>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub findings: Option<&'a [f64]>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub marks: Option<&'a [UnitMark]>,
        #[serde(skip_serializing_if = "is_zero")]
        pub padding_rows: usize,
    }

    /// Each rare field is absent in the runs that lack it (and in older files).
    #[derive(Deserialize)]
    pub(super) struct Owned {
        source: Source,
        unit: crate::Id,
        outcomes: UnitOutcomes,
        #[serde(default)]
        segmentation: Option<SegmentationOutcome>,
        #[serde(default)]
        findings: Option<Vec<f64>>,
        #[serde(default)]
        marks: Option<Vec<UnitMark>>,
        #[serde(default)]
        padding_rows: usize,
    }

    impl From<Owned> for super::Scored {
        fn from(w: Owned) -> super::Scored {
            let mut s =
                super::Scored::new(w.source, w.unit, w.outcomes).with_segmentation(w.segmentation);
            if let Some(f) = w.findings {
                s = s.with_findings(f);
            }
            if let Some(m) = w.marks {
                s = s.with_marks(m, w.padding_rows);
            } else if w.padding_rows > 0 {
                s.extra().padding_rows = w.padding_rows;
            }
            s
        }
    }
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// A score source of the plan: its own model or vendor scores, or a `[[compare]]` (by name,
/// which may be anything, "main" too).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Main,
    /// Shared text: every unit's `Scored` names its source.
    Compare(crate::Id),
}

impl Source {
    /// The `[[compare]]` source of this name.
    pub fn compare(name: &str) -> Source {
        Source::Compare(name.into())
    }

    /// The name the journal records this source's outcomes under.
    pub fn journal_name(&self) -> &str {
        match self {
            Source::Main => MAIN,
            Source::Compare(name) => name.as_str(),
        }
    }
}

impl Outcomes {
    /// Combines two parts of one run. Parts of different runs (another cohort, model,
    /// preprocessing or runtime) are refused.
    pub fn merge(mut self, other: Outcomes) -> Result<Outcomes> {
        if self.run_key.is_empty() {
            self.run_key = other.run_key;
        } else if !other.run_key.is_empty() && other.run_key != self.run_key {
            return Err(Error::Outcomes(format!(
                "these outcomes were scored for another run (run key {} against {}): the cohort, model, preprocessing or ONNX Runtime differ; score every part from the same prepared run",
                short(&other.run_key),
                short(&self.run_key)
            )));
        }
        self.scored.extend(other.scored);
        Ok(self)
    }
}

/// The first 12 hex digits of a key, for messages.
pub(super) fn short(key: &str) -> &str {
    key.get(..12).unwrap_or(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cohort::ExclusionReason;
    use crate::detection::read::UnitMark;

    /// A million-case run holds a million of these (it was 128 bytes and an allocation).
    #[test]
    fn a_scored_unit_is_80_bytes_with_its_one_outcome_inline() {
        assert_eq!(std::mem::size_of::<Scored>(), 80);
        let s = Scored::new(Source::Main, "c1".into(), [Ok(0.5)]);
        assert!(!s.outcomes.spilled());
    }

    /// Outcomes files keep their layout: the rare fields flat, and absent where empty.
    #[test]
    fn the_file_layout_is_flat_and_reads_back() {
        let plain = Scored::new(
            Source::Compare("b".into()),
            "c1".into(),
            vec![
                Ok(0.25),
                Err((ExclusionReason::BadScore, "line 3: x".into())),
            ],
        );
        let json = serde_json::to_value(&plain).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"source": {"compare": "b"}, "unit": "c1",
                "outcomes": [{"Ok": 0.25}, {"Err": ["bad_score", "line 3: x"]}]})
        );
        let mark = UnitMark {
            image: 1,
            centre: [1.0, 2.0, 3.0],
            score: 0.9,
            bbox: None,
        };
        let detected =
            Scored::new(Source::Main, "c2".into(), [Ok(0.9)]).with_marks(vec![mark.clone()], 4);
        let found = Scored::new(Source::Main, "c3".into(), [Ok(0.7)]).with_findings(vec![0.7, 0.1]);
        let json = serde_json::to_value([&detected, &found]).unwrap();
        assert_eq!(json[0]["marks"][0]["image"], 1);
        assert_eq!(json[0]["padding_rows"], 4);
        assert_eq!(json[1]["findings"], serde_json::json!([0.7, 0.1]));
        assert!(json[1].get("marks").is_none() && json[1].get("padding_rows").is_none());
        for s in [plain, detected, found] {
            let back: Scored = serde_json::from_value(serde_json::to_value(&s).unwrap()).unwrap();
            assert_eq!(back, s);
        }
        let back: Scored = serde_json::from_value(json[0].clone()).unwrap();
        assert_eq!(back.marks(), Some(&[mark][..]));
        assert_eq!(back.padding_rows(), 4);
    }
}
