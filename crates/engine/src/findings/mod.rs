//! Multi-finding products as task kinds (`[study] task = "multilabel"` or `"multiclass"`): K
//! named findings scored per unit, every binary figure per finding, and the figures over all
//! of them (macro/micro AUC; for classes the confusion matrix, Hand & Till AUC and kappas).
//! A run takes the three steps of `run`, each dispatching here: `prepare.rs` (the cohort's
//! units, `cohort.rs` reading the truth), `score.rs` (K scores per unit), `evaluate.rs`.

pub(crate) mod cohort;
pub(crate) mod evaluate;
pub mod figures;
pub(crate) mod prepare;
pub(crate) mod score;

pub use figures::FindingsEvaluation;
