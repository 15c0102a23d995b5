//! The data types Prøvestein's crates share, below the code that computes them: the typed
//! [`Error`], the report languages ([`i18n::Lang`]), provenance, the cohort's cases and
//! exclusions with their reasons, and the [`Verdict`].
//!
//! No I/O but opening the files a user names (`user_file`: regular files only); no dependency
//! on any other Prøvestein crate.

pub mod cohort;
pub mod error;
pub mod i18n;
pub mod id;
pub mod provenance;
pub mod user_file;
pub mod verdict;

pub use error::{Error, Result};
pub use id::Id;
pub use verdict::Verdict;
