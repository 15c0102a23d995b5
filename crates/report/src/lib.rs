//! The validation report's layout: a [`doc::Document`] (headings, tables, figures as shapes,
//! sign-off; no layout) and its two layouts, an A4 PDF (krilla, fonts embedded and subset) and
//! one self-contained HTML page (inline SVG). What the report says is decided in the engine's
//! `report::content`; nothing here knows an evaluation.

pub mod doc;
pub mod figures;
pub mod html;
pub mod pdf;
pub mod raster;
