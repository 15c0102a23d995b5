//! The report as a document: what it says, in order, but not how it looks on a page.
//! `content.rs` builds one `Document` from an `Evaluation`; `pdf.rs` and `html.rs` lay the same
//! document out, so the PDF and the HTML page can never say different things.

use provestein_types::Verdict;
pub use provestein_types::i18n::Lang;

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub lang: Lang,
    /// "Validation report" in the report's language.
    pub title: String,
    /// The study's name.
    pub subtitle: String,
    /// A short line repeated at the foot of every PDF page (software, plan hash, date).
    pub footer: String,
    /// RFC 3339 time the run finished: the PDF's creation date (and nothing else varies by run).
    pub created: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Level 1: a numbered section ("2 Cohort and flow"); level 2: a sub-heading. `id` is a
    /// stable anchor (HTML id, PDF outline).
    Heading {
        level: u8,
        text: String,
        id: String,
    },
    Paragraph {
        text: String,
        style: TextStyle,
    },
    /// Bulleted list, one string per item.
    List(Vec<String>),
    /// The overall verdict as a banner: the word is always printed; colour only repeats it.
    Verdict {
        verdict: Verdict,
        text: String,
    },
    /// An amber box right under the verdict: what the reader must weigh before trusting it
    /// (a plan changed after an earlier run on the same data).
    Caution(String),
    Table(Table),
    /// Two columns, label and value, no header (identity, provenance).
    KeyValues(Vec<(String, String)>),
    Figure(crate::figures::Figure),
    /// Signature lines: one per (role, name); name may be empty for a line filled in by hand.
    SignOff {
        intro: String,
        rows: Vec<Signatory>,
        labels: SignOffLabels,
    },
    PageBreak,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextStyle {
    Normal,
    Bold,
    /// Smaller and grey: notes under tables, captions.
    Note,
    /// Monospaced: hashes, file names.
    Mono,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Row>,
    /// Relative column widths (any scale); the renderer divides the text width by them.
    pub widths: Vec<f32>,
    pub align: Vec<Align>,
    /// Printed under the table, small.
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub cells: Vec<String>,
    pub style: RowStyle,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowStyle {
    Normal,
    /// Greyed: a group with insufficient data, a figure not computed.
    Muted,
    /// Bold: a total row.
    Strong,
    /// Marked: a criterion that failed, a group significantly worse (the text says so too).
    Flag,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
    Center,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Signatory {
    pub role: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SignOffLabels {
    pub role: String,
    pub name: String,
    pub date: String,
    pub signature: String,
}

impl Row {
    pub fn new(cells: Vec<String>) -> Row {
        Row {
            cells,
            style: RowStyle::Normal,
        }
    }

    pub fn styled(cells: Vec<String>, style: RowStyle) -> Row {
        Row { cells, style }
    }
}

impl Table {
    /// A table whose first column is left-aligned text and the rest right-aligned numbers.
    pub fn numeric(header: Vec<String>, widths: Vec<f32>) -> Table {
        let mut align = vec![Align::Right; header.len()];
        if let Some(a) = align.first_mut() {
            *a = Align::Left;
        }
        Table {
            header,
            rows: Vec::new(),
            widths,
            align,
            note: None,
        }
    }

    pub fn text(header: Vec<String>, widths: Vec<f32>) -> Table {
        let align = vec![Align::Left; header.len()];
        Table {
            header,
            rows: Vec::new(),
            widths,
            align,
            note: None,
        }
    }
}

impl Document {
    /// Every piece of text in the document, in reading order: what a test or a search expects
    /// to find in the rendered PDF and HTML.
    pub fn text(&self) -> Vec<&str> {
        let mut out = vec![self.title.as_str(), self.subtitle.as_str()];
        for b in &self.blocks {
            match b {
                Block::Heading { text, .. } | Block::Paragraph { text, .. } => out.push(text),
                Block::List(items) => out.extend(items.iter().map(String::as_str)),
                Block::Verdict { text, .. } | Block::Caution(text) => out.push(text),
                Block::Table(t) => {
                    out.extend(t.header.iter().map(String::as_str));
                    for r in &t.rows {
                        out.extend(r.cells.iter().map(String::as_str));
                    }
                    out.extend(t.note.as_deref());
                }
                Block::KeyValues(kv) => {
                    for (k, v) in kv {
                        out.push(k);
                        out.push(v);
                    }
                }
                Block::Figure(f) => {
                    out.push(&f.caption);
                    out.extend(f.texts());
                }
                Block::SignOff { intro, rows, .. } => {
                    out.push(intro);
                    for r in rows {
                        out.push(&r.role);
                        out.push(&r.name);
                    }
                }
                Block::PageBreak => {}
            }
        }
        out
    }
}
