//! Multi-finding products as task kinds (`[study] task = "multilabel"` or `"multiclass"`): K
//! named findings scored per unit, every binary figure per finding, and the figures over all
//! of them (macro/micro AUC; for classes the confusion matrix, Hand & Till AUC and kappas).

pub mod figures;

pub use figures::FindingsEvaluation;
