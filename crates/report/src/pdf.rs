//! The PDF report: a [`Document`] laid out on A4 pages with krilla.
//!
//! `doc.rs` decides what the report says; this file only decides where it goes, so the PDF and
//! the HTML page can never disagree. Layout runs first, into pages of positioned items, because
//! the footer says "page N of M" and M is only known at the end; then the items are drawn.
//! Text is measured by shaping it exactly as krilla shapes it when drawing (rustybuzz, no
//! features), so a wrapped line never runs past a margin or out of a table cell. Nothing here
//! reads a clock or iterates a hash map: the same Document always gives the same bytes.

use std::cell::RefCell;
use std::sync::Arc;

use krilla::color::rgb;
use krilla::geom::{Path, PathBuilder, Point, Size, Transform};
use krilla::image::Image;
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, LineJoin, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

use crate::doc::{
    Align, Block, Document, Lang, Row, RowStyle, SignOffLabels, Signatory, Table, TextStyle,
};
use crate::figures::{self, Anchor, Color, Figure, Shape};
use provestein_types::Verdict;
use provestein_types::error::{Error, Result};

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const LEFT: f32 = 56.0;
const TOP: f32 = 60.0;
/// The lowest y any content may reach.
const BOTTOM: f32 = PAGE_H - 56.0;
const TEXT_W: f32 = PAGE_W - 2.0 * LEFT;
/// A heading with less room than this below it starts a new page (keep with next).
const KEEP_WITH_NEXT: f32 = 90.0;
/// Tables up to this height (about a third of the text height) are never split across pages.
const SMALL_TABLE: f32 = 240.0;

const BLACK: Color = Color::BLACK;
const NOTE_GREY: Color = Color(100, 100, 100);
const MUTED_GREY: Color = Color(140, 140, 140);
const RULE_GREY: Color = Color(200, 200, 200);
const FLAG_TINT: Color = Color(250, 225, 210);

const CELL_SIZE: f32 = 8.5;
const CELL_PAD_X: f32 = 3.0;
const CELL_PAD_Y: f32 = 2.6;
const SIGN_LINE_GAP: f32 = 28.0;

pub static REGULAR_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
pub static BOLD_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");
static MONO_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSansMono.ttf");

/// Lays `doc` out on A4 pages and returns the PDF file's bytes.
pub fn render(doc: &Document) -> Result<Vec<u8>> {
    let fonts = Fonts::load();
    let laid = layout(doc, &fonts);
    draw(doc, &fonts, &laid)
}

fn render_error(message: String) -> Error {
    Error::Render {
        format: "PDF",
        message,
    }
}

// ---------------------------------------------------------------------------------------------
// Fonts and measurement

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FontKind {
    Regular = 0,
    Bold = 1,
    Mono = 2,
}

/// The three embedded faces, loaded once per render: krilla's font for drawing and rustybuzz's
/// face (same bytes) for measuring.
struct Fonts {
    fonts: [Font; 3],
    faces: [rustybuzz::Face<'static>; 3],
    plans: RefCell<Vec<CachedPlan>>,
    /// Bytes of text shaped so far: the work measuring does, which tests hold linear.
    shaped: std::cell::Cell<usize>,
}

/// A cached shape plan and what it was built for.
struct CachedPlan {
    kind: FontKind,
    direction: rustybuzz::Direction,
    script: Option<rustybuzz::Script>,
    plan: rustybuzz::ShapePlan,
}

impl Fonts {
    fn load() -> Fonts {
        let font = |bytes: &'static [u8]| Font::new(bytes.into(), 0).expect("bundled font loads");
        let face = |bytes: &'static [u8]| {
            rustybuzz::Face::from_slice(bytes, 0).expect("bundled font parses")
        };
        Fonts {
            fonts: [font(REGULAR_TTF), font(BOLD_TTF), font(MONO_TTF)],
            faces: [face(REGULAR_TTF), face(BOLD_TTF), face(MONO_TTF)],
            plans: RefCell::new(Vec::new()),
            shaped: std::cell::Cell::new(0),
        }
    }

    fn font(&self, kind: FontKind) -> Font {
        self.fonts[kind as usize].clone()
    }

    /// The advance width of `text` in points, shaped as krilla's `draw_text` shapes it.
    fn width(&self, kind: FontKind, size: f32, text: &str) -> f32 {
        if text.is_empty() {
            return 0.0;
        }
        let face = &self.faces[kind as usize];
        let units: i64 = self
            .shape(kind, text)
            .glyph_positions()
            .iter()
            .map(|p| i64::from(p.x_advance))
            .sum();
        units as f32 * size / face.units_per_em() as f32
    }

    /// What `rustybuzz::shape(face, &[], buffer)` returns (krilla's `naive_shape`), with the
    /// shape plan it would build each time cached instead: the plan depends only on the face,
    /// the direction and the script (no features, no language), and building it dominates the
    /// cost of shaping a short string.
    fn shape(&self, kind: FontKind, text: &str) -> rustybuzz::GlyphBuffer {
        let face = &self.faces[kind as usize];
        self.shaped.set(self.shaped.get() + text.len());
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let direction = buffer.direction();
        // `script()` reports an unset script as UNKNOWN, which guessing never sets.
        let script = Some(buffer.script()).filter(|s| *s != rustybuzz::script::UNKNOWN);
        let mut plans = self.plans.borrow_mut();
        let index = match plans
            .iter()
            .position(|p| p.kind == kind && p.direction == direction && p.script == script)
        {
            Some(i) => i,
            None => {
                plans.push(CachedPlan {
                    kind,
                    direction,
                    script,
                    plan: rustybuzz::ShapePlan::new(face, direction, script, None, &[]),
                });
                plans.len() - 1
            }
        };
        rustybuzz::shape_with_plan(face, &plans[index].plan, buffer)
    }

    /// Lines of at most `max_w` points: breaks where Unicode allows (UAX #14: after spaces,
    /// hyphens, between ideographs), splits a word too long for a line by characters, and
    /// keeps every explicit '\n'. One pass: each word is shaped once, and a long word is cut
    /// by looking only as far as a line can reach, so the work is linear in the text.
    fn wrap(&self, text: &str, kind: FontKind, size: f32, max_w: f32) -> Vec<String> {
        text.split('\n')
            .flat_map(|para| self.wrap_paragraph(para.trim_end_matches('\r'), kind, size, max_w))
            .collect()
    }

    /// One paragraph (no '\n') as lines; an empty paragraph is one empty line. Spaces at a
    /// break become one space between words and none at either end of a line.
    fn wrap_paragraph(&self, para: &str, kind: FontKind, size: f32, max_w: f32) -> Vec<String> {
        let space = self.width(kind, size, " ");
        let mut lines = Vec::new();
        let (mut line, mut line_w) = (String::new(), 0.0);
        // Whether the text before the current word ended in a space (a word follows after one).
        let mut spaced = false;
        let mut start = 0;
        for (end, opportunity) in unicode_linebreak::linebreaks(para) {
            let segment = &para[start..end];
            start = end;
            let word = segment.trim_end_matches(is_break_space);
            let gap = if spaced { " " } else { "" };
            spaced = word.len() < segment.len();
            if !word.is_empty() {
                // A long word is measured only as far as a line reaches: it rarely fits.
                let word_w = if word.len() <= 512
                    || self.fill_line(word, 48, kind, size, max_w) == word.len()
                {
                    self.width(kind, size, word)
                } else {
                    f32::INFINITY
                };
                let gap_w = if gap.is_empty() { 0.0 } else { space };
                let joined = if line.is_empty() {
                    None
                } else {
                    self.joined_width(&line, line_w + gap_w + word_w, gap, word, kind, size, max_w)
                };
                if let Some(w) = joined {
                    line.push_str(gap);
                    line.push_str(word);
                    line_w = w;
                } else if word_w <= max_w {
                    if !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                    }
                    (line, line_w) = (word.to_string(), word_w);
                } else {
                    self.cut_into(&mut lines, &mut line, gap, word, kind, size, max_w);
                    line_w = self.width(kind, size, &line);
                }
            }
            // A mandatory break inside the paragraph (U+2028, a form feed…) ends the line.
            if opportunity == unicode_linebreak::BreakOpportunity::Mandatory && end < para.len() {
                lines.push(std::mem::take(&mut line));
                line_w = 0.0;
                spaced = false;
            }
        }
        lines.push(line);
        lines
    }

    /// Places a word too long for any line (a hash, a path) by cutting it between characters:
    /// it starts on the current `line` (after `gap`) if a quarter of that is still free, else
    /// it goes in pieces of equal length. The last piece stays in `line` for what follows.
    #[allow(clippy::too_many_arguments)]
    fn cut_into(
        &self,
        lines: &mut Vec<String>,
        line: &mut String,
        gap: &str,
        word: &str,
        kind: FontKind,
        size: f32,
        max_w: f32,
    ) {
        if !line.is_empty() && self.width(kind, size, &format!("{line}{gap}")) > max_w * 0.75 {
            lines.push(std::mem::take(line));
        }
        let mut pieces = if line.is_empty() {
            self.cut(word, kind, size, max_w)
        } else {
            line.push_str(gap);
            let first = self.prefix_that_fits(line, word, kind, size, max_w);
            line.push_str(&word[..first]);
            self.greedy_cut(&word[first..], kind, size, max_w)
        }
        .into_iter();
        if line.is_empty() {
            *line = pieces.next().unwrap_or_default().to_string();
        }
        for piece in pieces {
            let done = std::mem::replace(line, piece.to_string());
            lines.push(done.trim_end().to_string());
        }
    }

    /// `word` in the fewest pieces that fit, as equal in length as the font allows (a hash
    /// split 32 + 32 rather than 62 + 2).
    fn cut<'w>(&self, word: &'w str, kind: FontKind, size: f32, max_w: f32) -> Vec<&'w str> {
        let greedy = self.greedy_cut(word, kind, size, max_w);
        // Evening out matters for a word of a few lines (a hash), not for a pasted text.
        if !(2..=4).contains(&greedy.len()) {
            return greedy;
        }
        let per = word.chars().count().div_ceil(greedy.len());
        let even: Vec<&str> = word
            .char_indices()
            .step_by(per)
            .map(|(i, _)| i)
            .chain([word.len()])
            .collect::<Vec<_>>()
            .windows(2)
            .filter(|w| w[0] < w[1])
            .map(|w| &word[w[0]..w[1]])
            .collect();
        if even.len() == greedy.len() && even.iter().all(|p| self.width(kind, size, p) <= max_w) {
            even
        } else {
            greedy
        }
    }

    /// `word` cut into pieces that each fill a line.
    fn greedy_cut<'w>(&self, word: &'w str, kind: FontKind, size: f32, max_w: f32) -> Vec<&'w str> {
        let mut pieces = Vec::new();
        let mut rest = word;
        // The last piece's length in characters: the next is likely about as long.
        let mut hint = 48;
        while !rest.is_empty() {
            let n = self.fill_line(rest, hint, kind, size, max_w);
            hint = rest[..n].chars().count();
            pieces.push(&rest[..n]);
            rest = &rest[n..];
        }
        pieces
    }

    /// How many bytes of `word` fill an empty line (at least one character). A window a bit
    /// longer than `hint` characters is shaped once (widened until it overflows the line),
    /// the cut is the last cluster boundary whose advance still fits, and that prefix is
    /// shaped once more to confirm it: about twice the line's text is shaped, where a
    /// bisection would shape it a dozen times.
    fn fill_line(&self, word: &str, hint: usize, kind: FontKind, size: f32, max_w: f32) -> usize {
        let scale = size / self.faces[kind as usize].units_per_em() as f32;
        let mut chars = hint + hint / 4 + 8;
        loop {
            let end = word
                .char_indices()
                .nth(chars)
                .map_or(word.len(), |(i, _)| i);
            let glyphs = self.shape(kind, &word[..end]);
            let infos = glyphs.glyph_infos();
            if infos.windows(2).any(|w| w[0].cluster > w[1].cluster) {
                // Right to left or reordered: clusters do not run with the text.
                return self.prefix_that_fits("", word, kind, size, max_w);
            }
            let mut advance = 0i64;
            let mut cut = 0;
            let mut overflows = false;
            for (info, pos) in infos.iter().zip(glyphs.glyph_positions()) {
                let at = info.cluster as usize;
                if at > cut && advance as f32 * scale <= max_w {
                    cut = at;
                }
                advance += i64::from(pos.x_advance);
                overflows |= advance as f32 * scale > max_w;
            }
            if !overflows {
                if end == word.len() {
                    return end;
                }
                chars *= 2;
                continue;
            }
            if cut == 0 {
                // Not even the first character fits: it goes alone.
                return word.chars().next().map_or(word.len(), char::len_utf8);
            }
            return if self.width(kind, size, &word[..cut]) <= max_w {
                cut
            } else {
                self.prefix_that_fits("", &word[..cut], kind, size, max_w)
            };
        }
    }

    /// The width of `line + gap + word` if it fits in `max_w`. `approx` (the parts' widths
    /// summed) decides, unless it is within kerning distance of `max_w`: then the joined text
    /// is shaped.
    #[allow(clippy::too_many_arguments)]
    fn joined_width(
        &self,
        line: &str,
        approx: f32,
        gap: &str,
        word: &str,
        kind: FontKind,
        size: f32,
        max_w: f32,
    ) -> Option<f32> {
        let tolerance = 0.3 * size;
        if approx <= max_w - tolerance {
            return Some(approx);
        }
        if approx > max_w + tolerance {
            return None;
        }
        let exact = self.width(kind, size, &format!("{line}{gap}{word}"));
        (exact <= max_w).then_some(exact)
    }

    /// How many bytes of `word` fit after `line`; at least one character when the line is
    /// empty, so wrapping always advances. Only a window of `word` is measured: it doubles
    /// from 16 characters until its end no longer fits, then the end is found by bisection
    /// on character boundaries inside it. The work is proportional to what fits, not to the
    /// length of `word`, so cutting a long word into lines is linear.
    fn prefix_that_fits(
        &self,
        line: &str,
        word: &str,
        kind: FontKind,
        size: f32,
        max_w: f32,
    ) -> usize {
        let fits = |end: usize| self.width(kind, size, &format!("{line}{}", &word[..end])) <= max_w;
        let mut chars = 16;
        let window = loop {
            let end = word
                .char_indices()
                .nth(chars)
                .map_or(word.len(), |(i, _)| i);
            if end == word.len() || !fits(end) {
                break &word[..end];
            }
            chars *= 2;
        };
        let bounds: Vec<usize> = window
            .char_indices()
            .map(|(i, _)| i)
            .skip(1)
            .chain([window.len()])
            .collect();
        let (mut lo, mut hi) = (0, bounds.len());
        // Invariant: bounds[..lo] fit, bounds[hi..] do not.
        while lo < hi {
            let mid = (lo + hi) / 2;
            if fits(bounds[mid]) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        match lo {
            0 if line.trim().is_empty() => bounds.first().copied().unwrap_or(word.len()),
            0 => 0,
            n => bounds[n - 1],
        }
    }

    /// `text` cut to `max_w` with an ellipsis (one line only: the running header).
    fn fit(&self, text: &str, kind: FontKind, size: f32, max_w: f32) -> String {
        // Measured only as far as a line can reach (a study name may be long).
        if self.prefix_that_fits("", text, kind, size, max_w) == text.len() {
            return text.to_string();
        }
        let budget = max_w - self.width(kind, size, "…");
        let n = self.prefix_that_fits("", text, kind, size, budget);
        format!("{}…", text[..n].trim_end())
    }
}

/// Characters that end a word at a break opportunity and are not printed there: spaces,
/// tabs and the mandatory breaks UAX #14 reports (U+2028, U+2029, form feed, NEL…).
fn is_break_space(c: char) -> bool {
    c == ' ' || c.is_control() || c == '\u{2028}' || c == '\u{2029}'
}

/// How a run of text looks: font, size, colour and line height (as a multiple of the size).
#[derive(Debug, Clone, Copy)]
struct Style {
    font: FontKind,
    size: f32,
    color: Color,
    leading: f32,
}

impl Style {
    const fn new(font: FontKind, size: f32, color: Color, leading: f32) -> Style {
        Style {
            font,
            size,
            color,
            leading,
        }
    }

    fn line_height(self) -> f32 {
        self.size * self.leading
    }

    /// From the top of a line box to the baseline: DejaVu's ascent and descent centred in it.
    fn baseline(self) -> f32 {
        self.line_height() / 2.0 + 0.35 * self.size
    }

    fn with_color(self, color: Color) -> Style {
        Style { color, ..self }
    }

    fn with_font(self, font: FontKind) -> Style {
        Style { font, ..self }
    }
}

const BODY: Style = Style::new(FontKind::Regular, 9.5, BLACK, 1.35);
const NOTE: Style = Style::new(FontKind::Regular, 8.0, NOTE_GREY, 1.35);
const MONO: Style = Style::new(FontKind::Mono, 8.5, BLACK, 1.35);
const CELL: Style = Style::new(FontKind::Regular, CELL_SIZE, BLACK, 1.25);
const TITLE: Style = Style::new(FontKind::Bold, 20.0, BLACK, 1.2);
const SUBTITLE: Style = Style::new(FontKind::Regular, 13.0, Color(70, 70, 70), 1.3);
const H1: Style = Style::new(FontKind::Bold, 14.0, BLACK, 1.25);
const H2: Style = Style::new(FontKind::Bold, 11.0, BLACK, 1.3);
const BANNER: Style = Style::new(FontKind::Bold, 13.0, Color::WHITE, 1.3);
const RUNNING: Style = Style::new(FontKind::Regular, 7.5, Color(110, 110, 110), 1.3);

fn paragraph_style(style: TextStyle) -> Style {
    match style {
        TextStyle::Normal => BODY,
        TextStyle::Bold => BODY.with_font(FontKind::Bold),
        TextStyle::Note => NOTE,
        TextStyle::Mono => MONO,
    }
}

// ---------------------------------------------------------------------------------------------
// Layout: blocks → pages of positioned items

/// One thing drawn at a fixed place on a page; y grows downwards from the page's top edge.
#[derive(Debug, Clone)]
enum Item<'d> {
    /// `y` is the baseline.
    Text {
        x: f32,
        y: f32,
        text: String,
        style: Style,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Color,
    },
    Rule {
        x1: f32,
        x2: f32,
        y: f32,
        width: f32,
        color: Color,
    },
    /// The figure's own coordinates, scaled by `scale` and moved to (x, y).
    Figure {
        x: f32,
        y: f32,
        scale: f32,
        figure: &'d Figure,
    },
}

/// A heading's place, for the outline.
#[derive(Debug, Clone)]
struct Mark {
    level: u8,
    text: String,
    page: usize,
    y: f32,
}

struct Laid<'d> {
    pages: Vec<Vec<Item<'d>>>,
    marks: Vec<Mark>,
}

fn layout<'d>(doc: &'d Document, fonts: &Fonts) -> Laid<'d> {
    let mut l = Layout {
        fonts,
        pages: vec![Vec::new()],
        marks: Vec::new(),
        y: TOP,
    };
    l.title(doc);
    for (i, block) in doc.blocks.iter().enumerate() {
        l.block(block, &doc.blocks[i + 1..]);
    }
    Laid {
        pages: l.pages,
        marks: l.marks,
    }
}

struct Layout<'d, 'f> {
    fonts: &'f Fonts,
    pages: Vec<Vec<Item<'d>>>,
    marks: Vec<Mark>,
    /// Where the next block starts on the current page.
    y: f32,
}

/// A table row measured and wrapped, ready to be placed at any y.
#[derive(Debug, Clone)]
struct RowBox {
    cells: Vec<CellBox>,
    height: f32,
    fill: Option<Color>,
}

#[derive(Debug, Clone)]
struct CellBox {
    x: f32,
    w: f32,
    lines: Vec<String>,
    style: Style,
    align: Align,
}

impl<'d> Layout<'d, '_> {
    fn push(&mut self, item: Item<'d>) {
        if let Some(page) = self.pages.last_mut() {
            page.push(item);
        }
    }

    fn page_is_empty(&self) -> bool {
        self.pages.last().is_none_or(Vec::is_empty)
    }

    fn remaining(&self) -> f32 {
        BOTTOM - self.y
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    /// Starts a new page unless `h` points fit below (or the page is still empty, where
    /// breaking would not help).
    fn room_for(&mut self, h: f32) {
        if h > self.remaining() && !self.page_is_empty() {
            self.new_page();
        }
    }

    /// Vertical space, except at the top of a page.
    fn gap(&mut self, h: f32) {
        if !self.page_is_empty() {
            self.y += h;
        }
    }

    fn text(&mut self, x: f32, baseline: f32, text: String, style: Style) {
        if !text.is_empty() {
            self.push(Item::Text {
                x,
                y: baseline,
                text,
                style,
            });
        }
    }

    fn rule(&mut self, y: f32, width: f32, color: Color) {
        self.push(Item::Rule {
            x1: LEFT,
            x2: LEFT + TEXT_W,
            y,
            width,
            color,
        });
    }

    /// Wrapped text at `x`, `w` wide, breaking pages between lines (never leaving a single
    /// first line at the foot of a page).
    fn text_block(&mut self, text: &str, style: Style, x: f32, w: f32) {
        let lines = self.fonts.wrap(text, style.font, style.size, w);
        let lh = style.line_height();
        self.room_for(lh * lines.len().min(2) as f32);
        for line in lines {
            self.room_for(lh);
            self.text(x, self.y + style.baseline(), line, style);
            self.y += lh;
        }
    }

    fn title(&mut self, doc: &Document) {
        self.text_block(&doc.title, TITLE, LEFT, TEXT_W);
        if !doc.subtitle.is_empty() {
            self.y += 2.0;
            self.text_block(&doc.subtitle, SUBTITLE, LEFT, TEXT_W);
        }
        self.y += 8.0;
        self.rule(self.y, 0.8, Color::GREY);
        self.y += 16.0;
    }

    /// Places one block; `next` (the blocks after it) lets a heading keep with what follows.
    fn block(&mut self, block: &'d Block, next: &[Block]) {
        match block {
            Block::Heading { level, text, .. } => self.heading(*level, text, next),
            Block::Paragraph { text, style } => {
                self.text_block(text, paragraph_style(*style), LEFT, TEXT_W);
                self.y += 5.0;
            }
            Block::List(items) => self.list(items),
            Block::Verdict { verdict, text } => self.verdict(*verdict, text),
            Block::Caution(text) => self.caution(text),
            Block::Table(table) => self.table(table),
            Block::KeyValues(pairs) => self.key_values(pairs),
            Block::Figure(figure) => self.figure(figure),
            Block::SignOff {
                intro,
                rows,
                labels,
            } => self.sign_off(intro, rows, labels),
            Block::PageBreak => {
                if !self.page_is_empty() {
                    self.new_page();
                }
            }
        }
    }

    /// A heading, on a new page unless it, the headings right after it and about
    /// [`KEEP_WITH_NEXT`] of what follows them fit on this one.
    fn heading(&mut self, level: u8, text: &str, next: &[Block]) {
        let (style, above, below) = heading_look(level);
        let following: f32 = next
            .iter()
            .map_while(|b| match b {
                Block::Heading { level, text, .. } => Some(self.heading_height(*level, text)),
                _ => None,
            })
            .sum();
        let content = next.iter().find(|b| !matches!(b, Block::Heading { .. }));
        let keep = self.keep_height(content);
        self.gap(above);
        self.room_for(self.heading_height(level, text) - above + following + keep);
        self.marks.push(Mark {
            level: level.max(1),
            text: text.to_string(),
            page: self.pages.len() - 1,
            y: (self.y - 6.0).max(0.0),
        });
        self.text_block(text, style, LEFT, TEXT_W);
        self.y += below;
    }

    /// How much of the block after a heading must stay on its page: a small table or a figure
    /// whole (they move to the next page whole), else [`KEEP_WITH_NEXT`].
    fn keep_height(&self, block: Option<&Block>) -> f32 {
        match block {
            Some(Block::Table(t)) => self
                .table_height(t)
                .filter(|h| *h <= SMALL_TABLE)
                .unwrap_or(KEEP_WITH_NEXT),
            Some(Block::Figure(f)) => self.figure_height(f).min(BOTTOM - TOP - 60.0),
            Some(Block::SignOff { intro, rows, .. }) => {
                self.sign_off_height(intro, rows).min(BOTTOM - TOP - 60.0)
            }
            _ => KEEP_WITH_NEXT,
        }
    }

    /// The sign-off block's height: intro, and per signatory the role, name and three lines.
    fn sign_off_height(&self, intro: &str, rows: &[Signatory]) -> f32 {
        let role_style = BODY.with_font(FontKind::Bold);
        let intro_h = self.fonts.wrap(intro, BODY.font, BODY.size, TEXT_W).len() as f32
            * BODY.line_height()
            + 6.0;
        intro_h
            + rows
                .iter()
                .map(|r| {
                    let lines = self
                        .fonts
                        .wrap(&r.role, role_style.font, role_style.size, TEXT_W)
                        .len();
                    lines as f32 * BODY.line_height() + 3.0 * SIGN_LINE_GAP + 22.0
                })
                .sum::<f32>()
    }

    /// A table's height from its header to its last row (None for a table without columns).
    fn table_height(&self, table: &Table) -> Option<f32> {
        let cols = columns(table);
        if cols.is_empty() {
            return None;
        }
        let (header, rows) = self.table_boxes(table, &cols);
        Some(header.map_or(0.0, |h| h.height) + rows.iter().map(|r| r.height).sum::<f32>())
    }

    /// A table's header and rows wrapped into their columns, as they will be placed.
    fn table_boxes(&self, table: &Table, cols: &[(f32, f32)]) -> (Option<RowBox>, Vec<RowBox>) {
        let align = |i: usize| table.align.get(i).copied().unwrap_or(Align::Left);
        let header_style = CELL.with_font(FontKind::Bold);
        let header = (!table.header.is_empty()).then(|| {
            let cells: Vec<_> = table
                .header
                .iter()
                .enumerate()
                .map(|(i, h)| (h.as_str(), header_style, align(i)))
                .collect();
            self.row_box(&cells, cols, Some(Color::LIGHT))
        });
        let rows = table
            .rows
            .iter()
            .map(|row| {
                let (style, fill) = row_look(row);
                let cells: Vec<_> = row
                    .cells
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (c.as_str(), style, align(i)))
                    .collect();
                self.row_box(&cells, cols, fill)
            })
            .collect();
        (header, rows)
    }

    /// A figure's height as placed: scaled to the text width, with its caption.
    fn figure_height(&self, figure: &Figure) -> f32 {
        let (scale, caption_h) = self.figure_fit(figure);
        figure.height.max(1.0) * scale + caption_h
    }

    /// The scale that fits a figure to the text width (and a page), and its caption's height.
    fn figure_fit(&self, figure: &Figure) -> (f32, f32) {
        let caption_h = if figure.caption.is_empty() {
            0.0
        } else {
            let lines = self
                .fonts
                .wrap(&figure.caption, NOTE.font, NOTE.size, TEXT_W)
                .len();
            4.0 + lines as f32 * NOTE.line_height()
        };
        let (w, h) = (figure.width.max(1.0), figure.height.max(1.0));
        let scale = (TEXT_W / w).min((BOTTOM - TOP - caption_h) / h).min(1.0);
        (scale, caption_h)
    }

    /// The height a heading takes, with its space above and below.
    fn heading_height(&self, level: u8, text: &str) -> f32 {
        let (style, above, below) = heading_look(level);
        let lines = self.fonts.wrap(text, style.font, style.size, TEXT_W).len();
        above + lines as f32 * style.line_height() + below
    }

    fn list(&mut self, items: &[String]) {
        const INDENT: f32 = 12.0;
        for item in items {
            let lines = self.fonts.wrap(item, BODY.font, BODY.size, TEXT_W - INDENT);
            let lh = BODY.line_height();
            self.room_for(lh * lines.len().min(2) as f32);
            self.text(LEFT + 2.0, self.y + BODY.baseline(), "•".into(), BODY);
            for line in lines {
                self.room_for(lh);
                self.text(LEFT + INDENT, self.y + BODY.baseline(), line, BODY);
                self.y += lh;
            }
            self.y += 1.5;
        }
        self.y += 4.0;
    }

    fn verdict(&mut self, verdict: Verdict, text: &str) {
        const PAD: f32 = 9.0;
        let (color, ink) = Color::verdict(verdict);
        let banner = Style {
            color: ink,
            ..BANNER
        };
        let lines = self
            .fonts
            .wrap(text, banner.font, banner.size, TEXT_W - 2.0 * PAD);
        let lh = banner.line_height();
        let h = lines.len() as f32 * lh + 2.0 * PAD;
        self.room_for(h);
        self.push(Item::Rect {
            x: LEFT,
            y: self.y,
            w: TEXT_W,
            h,
            color,
        });
        for (i, line) in lines.into_iter().enumerate() {
            let baseline = self.y + PAD + i as f32 * lh + BANNER.baseline();
            self.text(LEFT + PAD, baseline, line, banner);
        }
        self.y += h + 10.0;
    }

    /// An amber box with an orange stripe on its left, in bold body text.
    fn caution(&mut self, text: &str) {
        const PAD: f32 = 7.0;
        const STRIPE: f32 = 5.0;
        let (bg, stripe, ink) = Color::caution();
        let style = Style {
            color: ink,
            ..BODY.with_font(FontKind::Bold)
        };
        let w = TEXT_W - 2.0 * PAD - STRIPE;
        let lines = self.fonts.wrap(text, style.font, style.size, w);
        let lh = style.line_height();
        let h = lines.len() as f32 * lh + 2.0 * PAD;
        self.room_for(h);
        self.push(Item::Rect {
            x: LEFT,
            y: self.y,
            w: TEXT_W,
            h,
            color: bg,
        });
        self.push(Item::Rect {
            x: LEFT,
            y: self.y,
            w: STRIPE,
            h,
            color: stripe,
        });
        for (i, line) in lines.into_iter().enumerate() {
            let baseline = self.y + PAD + i as f32 * lh + style.baseline();
            self.text(LEFT + STRIPE + PAD, baseline, line, style);
        }
        self.y += h + 8.0;
    }

    /// A cell's text wrapped to its column, and the row's height.
    fn row_box(
        &self,
        cells: &[(&str, Style, Align)],
        cols: &[(f32, f32)],
        fill: Option<Color>,
    ) -> RowBox {
        let cells: Vec<CellBox> = cols
            .iter()
            .enumerate()
            .map(|(i, &(x, w))| {
                let (text, style, align) = cells.get(i).copied().unwrap_or(("", CELL, Align::Left));
                CellBox {
                    x,
                    w,
                    lines: self
                        .fonts
                        .wrap(text, style.font, style.size, w - 2.0 * CELL_PAD_X),
                    style,
                    align,
                }
            })
            .collect();
        let height = cells
            .iter()
            .map(|c| c.lines.len() as f32 * c.style.line_height())
            .fold(0.0, f32::max)
            + 2.0 * CELL_PAD_Y;
        RowBox {
            cells,
            height,
            fill,
        }
    }

    /// Draws a measured row at the current y with a rule under it.
    fn place_row(&mut self, row: &RowBox, rule: (f32, Color)) {
        let all: Vec<(usize, usize)> = row.cells.iter().map(|c| (0, c.lines.len())).collect();
        self.place_part(row, &all, row.height, rule);
    }

    /// Draws lines `from..to` of each cell of `row`, `height` high, with a rule under it.
    fn place_part(
        &mut self,
        row: &RowBox,
        parts: &[(usize, usize)],
        height: f32,
        rule: (f32, Color),
    ) {
        let top = self.y;
        if let Some(color) = row.fill {
            self.push(Item::Rect {
                x: LEFT,
                y: top,
                w: TEXT_W,
                h: height,
                color,
            });
        }
        for (cell, &(from, to)) in row.cells.iter().zip(parts) {
            let lh = cell.style.line_height();
            for (i, line) in cell.lines[from..to].iter().enumerate() {
                let inner = cell.w - 2.0 * CELL_PAD_X;
                let w = || self.fonts.width(cell.style.font, cell.style.size, line);
                let dx = match cell.align {
                    Align::Left => 0.0,
                    Align::Right => inner - w(),
                    Align::Center => (inner - w()) / 2.0,
                };
                let baseline = top + CELL_PAD_Y + i as f32 * lh + cell.style.baseline();
                self.text(cell.x + CELL_PAD_X + dx, baseline, line.clone(), cell.style);
            }
        }
        self.y += height;
        self.rule(self.y, rule.0, rule.1);
    }

    /// Draws a row, continued on the next pages when it is taller than the room left (a long
    /// value: the intended use, a pasted text): each part holds as many lines of each cell as
    /// fit, and `top_of_page` (the repeated header) starts every new page.
    fn place_tall_row(
        &mut self,
        row: &RowBox,
        rule: (f32, Color),
        top_of_page: impl Fn(&mut Self),
    ) {
        if row.height <= self.remaining() {
            self.place_row(row, rule);
            return;
        }
        let mut from: Vec<usize> = vec![0; row.cells.len()];
        let mut fresh = self.page_is_empty();
        loop {
            let avail = self.remaining() - 2.0 * CELL_PAD_Y;
            let parts: Vec<(usize, usize)> = row
                .cells
                .iter()
                .zip(&from)
                .map(|(c, &f)| {
                    let room = (avail / c.style.line_height()).floor().max(0.0) as usize;
                    // A fresh page takes at least a line, so the row always advances.
                    let room = if fresh { room.max(1) } else { room };
                    (f, (f + room).min(c.lines.len()))
                })
                .collect();
            let last = parts
                .iter()
                .zip(&row.cells)
                .all(|(p, c)| p.1 == c.lines.len());
            if parts.iter().any(|p| p.1 > p.0) || last {
                let height = row
                    .cells
                    .iter()
                    .zip(&parts)
                    .map(|(c, p)| (p.1 - p.0) as f32 * c.style.line_height())
                    .fold(0.0, f32::max)
                    + 2.0 * CELL_PAD_Y;
                self.place_part(row, &parts, height, rule);
                from = parts.iter().map(|p| p.1).collect();
            }
            if last {
                return;
            }
            self.new_page();
            top_of_page(self);
            fresh = true;
        }
    }

    fn table(&mut self, table: &Table) {
        let cols = columns(table);
        if !cols.is_empty() {
            self.table_rows(table, &cols);
        }
        if let Some(note) = &table.note {
            self.y += 3.0;
            self.text_block(note, NOTE, LEFT, TEXT_W);
        }
        self.y += 8.0;
    }

    fn table_rows(&mut self, table: &Table, cols: &[(f32, f32)]) {
        let (header, rows) = self.table_boxes(table, cols);
        let header_h = header.as_ref().map_or(0.0, |h| h.height);
        let total = header_h + rows.iter().map(|r| r.height).sum::<f32>();
        // A small table moves to the next page whole; a long one breaks between rows.
        if total <= SMALL_TABLE {
            self.room_for(total);
        } else {
            self.room_for(header_h + rows.first().map_or(0.0, |r| r.height));
        }
        if let Some(h) = &header {
            self.place_row(h, (0.6, Color(160, 160, 160)));
        }
        let repeat = |l: &mut Self| {
            if let Some(h) = &header {
                l.place_row(h, (0.6, Color(160, 160, 160)));
            }
        };
        for row in &rows {
            if row.height > self.remaining() && !self.page_is_empty() {
                self.new_page();
                repeat(self);
            }
            self.place_tall_row(row, (0.4, RULE_GREY), repeat);
        }
    }

    fn key_values(&mut self, pairs: &[(String, String)]) {
        let label_w = TEXT_W * 0.32;
        let cols = [(LEFT, label_w), (LEFT + label_w, TEXT_W - label_w)];
        let label = CELL.with_font(FontKind::Bold).with_color(Color(70, 70, 70));
        let rows: Vec<RowBox> = pairs
            .iter()
            .map(|(k, v)| {
                let cells = [
                    (k.as_str(), label, Align::Left),
                    (v.as_str(), CELL, Align::Left),
                ];
                self.row_box(&cells, &cols, None)
            })
            .collect();
        self.room_for(rows.first().map_or(0.0, |r| r.height));
        self.rule(self.y, 0.4, RULE_GREY);
        let repeat = |l: &mut Self| l.rule(l.y, 0.4, RULE_GREY);
        for row in &rows {
            if row.height > self.remaining() && !self.page_is_empty() {
                self.new_page();
                repeat(self);
            }
            self.place_tall_row(row, (0.4, RULE_GREY), repeat);
        }
        self.y += 8.0;
    }

    fn figure(&mut self, figure: &'d Figure) {
        let (scale, caption_h) = self.figure_fit(figure);
        let (w, h) = (figure.width.max(1.0), figure.height.max(1.0));
        self.room_for(h * scale + caption_h);
        self.push(Item::Figure {
            x: LEFT + (TEXT_W - w * scale) / 2.0,
            y: self.y,
            scale,
            figure,
        });
        self.y += h * scale;
        if !figure.caption.is_empty() {
            self.y += 4.0;
            self.text_block(&figure.caption, NOTE, LEFT, TEXT_W);
        }
        self.y += 10.0;
    }

    fn sign_off(&mut self, intro: &str, rows: &[Signatory], labels: &SignOffLabels) {
        // The whole block on one page when it fits there: signatures belong together.
        let whole = self.sign_off_height(intro, rows);
        if whole <= BOTTOM - TOP {
            self.room_for(whole);
        }
        if !intro.is_empty() {
            self.text_block(intro, BODY, LEFT, TEXT_W);
            self.y += 6.0;
        }
        let label_style = BODY.with_color(NOTE_GREY);
        let fields = [&labels.name, &labels.date, &labels.signature];
        let label_w = fields
            .iter()
            .map(|l| self.fonts.width(label_style.font, label_style.size, l))
            .fold(0.0, f32::max)
            + 8.0;
        let line_end = LEFT + TEXT_W.min(360.0);
        let role_style = BODY.with_font(FontKind::Bold);
        for row in rows {
            let role = self
                .fonts
                .wrap(&row.role, role_style.font, role_style.size, TEXT_W);
            let head_h = role.len() as f32 * BODY.line_height();
            self.room_for(head_h + fields.len() as f32 * SIGN_LINE_GAP + 6.0);
            for line in role {
                self.text(LEFT, self.y + role_style.baseline(), line, role_style);
                self.y += role_style.line_height();
            }
            for (i, field) in fields.into_iter().enumerate() {
                self.y += SIGN_LINE_GAP;
                self.text(LEFT, self.y, field.clone(), label_style);
                // A name given in the plan is printed on its line; the rest is for a pen.
                if i == 0 && !row.name.is_empty() {
                    self.text(LEFT + label_w + 4.0, self.y - 1.0, row.name.clone(), BODY);
                }
                self.push(Item::Rule {
                    x1: LEFT + label_w,
                    x2: line_end,
                    y: self.y + 1.5,
                    width: 0.6,
                    color: Color(90, 90, 90),
                });
            }
            self.y += 22.0;
        }
    }
}

/// A heading's style and the space above and below it: level 1 is a section, 2 and deeper a
/// sub-heading.
fn heading_look(level: u8) -> (Style, f32, f32) {
    if level <= 1 {
        (H1, 12.0, 5.0)
    } else {
        (H2, 7.0, 3.0)
    }
}

/// A row's text style and background.
fn row_look(row: &Row) -> (Style, Option<Color>) {
    match row.style {
        RowStyle::Normal => (CELL, None),
        RowStyle::Muted => (CELL.with_color(MUTED_GREY), None),
        RowStyle::Strong => (CELL.with_font(FontKind::Bold), None),
        RowStyle::Flag => (CELL.with_font(FontKind::Bold), Some(FLAG_TINT)),
    }
}

/// Each column's (x, width): the text width shared by the relative widths. A column without a
/// usable width gets the average; there are as many columns as the widest of header, widths and
/// rows, so no cell is ever dropped.
fn columns(table: &Table) -> Vec<(f32, f32)> {
    let n = table
        .rows
        .iter()
        .map(|r| r.cells.len())
        .chain([table.header.len(), table.widths.len()])
        .max()
        .unwrap_or(0);
    let valid: Vec<f32> = table
        .widths
        .iter()
        .copied()
        .filter(|w| w.is_finite() && *w > 0.0)
        .collect();
    let fallback = if valid.is_empty() {
        1.0
    } else {
        valid.iter().sum::<f32>() / valid.len() as f32
    };
    let raw: Vec<f32> = (0..n)
        .map(|i| {
            table
                .widths
                .get(i)
                .copied()
                .filter(|w| w.is_finite() && *w > 0.0)
                .unwrap_or(fallback)
        })
        .collect();
    let sum: f32 = raw.iter().sum();
    let mut x = LEFT;
    raw.iter()
        .map(|w| {
            let width = TEXT_W * w / sum;
            let col = (x, width);
            x += width;
            col
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Drawing: pages of items → PDF

fn draw(doc: &Document, fonts: &Fonts, laid: &Laid) -> Result<Vec<u8>> {
    let mut pdf = krilla::Document::new();
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H).expect("A4 is a valid page size");
    let count = laid.pages.len();
    let header = fonts.fit(&running_title(doc), RUNNING.font, RUNNING.size, TEXT_W);
    for (index, items) in laid.pages.iter().enumerate() {
        let mut page = pdf.start_page_with(settings.clone());
        let mut surface = page.surface();
        for item in running_items(doc, fonts, &header, index, count) {
            draw_item(&mut surface, fonts, &item);
        }
        for item in items {
            draw_item(&mut surface, fonts, item);
        }
        surface.finish();
        page.finish();
    }
    pdf.set_outline(outline(&laid.marks));
    pdf.set_metadata(metadata(doc));
    pdf.finish().map_err(|e| render_error(e.to_string()))
}

/// "page N of M" in the document's language.
fn page_label(lang: Lang, n: usize, m: usize) -> String {
    match lang {
        Lang::En => format!("page {n} of {m}"),
        Lang::Nb => format!("side {n} av {m}"),
    }
}

fn running_title(doc: &Document) -> String {
    if doc.subtitle.is_empty() {
        doc.title.clone()
    } else {
        format!("{} — {}", doc.title, doc.subtitle)
    }
}

/// The running `header` (not on the first page) and the footer of page `index`.
fn running_items<'d>(
    doc: &Document,
    fonts: &Fonts,
    header: &str,
    index: usize,
    count: usize,
) -> Vec<Item<'d>> {
    let mut items = Vec::new();
    let s = RUNNING;
    if index > 0 {
        items.push(Item::Text {
            x: LEFT,
            y: 38.0,
            text: header.to_string(),
            style: s,
        });
        items.push(Item::Rule {
            x1: LEFT,
            x2: LEFT + TEXT_W,
            y: 44.0,
            width: 0.4,
            color: Color(180, 180, 180),
        });
    }
    let footer_top = PAGE_H - 44.0;
    items.push(Item::Rule {
        x1: LEFT,
        x2: LEFT + TEXT_W,
        y: footer_top,
        width: 0.4,
        color: Color(180, 180, 180),
    });
    let label = page_label(doc.lang, index + 1, count);
    let label_w = fonts.width(s.font, s.size, &label);
    items.push(Item::Text {
        x: LEFT + TEXT_W - label_w,
        y: footer_top + 12.0,
        text: label,
        style: s,
    });
    let lines = fonts.wrap(&doc.footer, s.font, s.size, TEXT_W - label_w - 16.0);
    for (i, line) in lines.into_iter().take(2).enumerate() {
        items.push(Item::Text {
            x: LEFT,
            y: footer_top + 12.0 + i as f32 * s.line_height(),
            text: line,
            style: s,
        });
    }
    items
}

fn fill(color: Color) -> Fill {
    Fill {
        paint: rgb::Color::new(color.0, color.1, color.2).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }
}

fn stroke(s: &figures::Stroke) -> Stroke {
    let dash = s
        .dash
        .filter(|&(on, off)| on.is_finite() && off.is_finite() && on > 0.0 && off >= 0.0)
        .map(|(on, off)| StrokeDash {
            array: vec![on, off],
            offset: 0.0,
        });
    Stroke {
        paint: rgb::Color::new(s.color.0, s.color.1, s.color.2).into(),
        width: s.width.max(0.0),
        line_join: LineJoin::Round,
        dash,
        ..Stroke::default()
    }
}

fn draw_item(surface: &mut Surface, fonts: &Fonts, item: &Item) {
    match item {
        Item::Text { x, y, text, style } => draw_text(surface, fonts, *x, *y, text, *style),
        Item::Rect { x, y, w, h, color } => {
            paint_path(surface, rect_path(*x, *y, *w, *h), Some(*color), None);
        }
        Item::Rule {
            x1,
            x2,
            y,
            width,
            color,
        } => {
            let line = polyline(&[(*x1, *y), (*x2, *y)]);
            paint_path(
                surface,
                line,
                None,
                Some(&figures::Stroke::solid(*color, *width)),
            );
        }
        Item::Figure {
            x,
            y,
            scale,
            figure,
        } => draw_figure(surface, fonts, *x, *y, *scale, figure),
    }
}

fn draw_text(surface: &mut Surface, fonts: &Fonts, x: f32, y: f32, text: &str, style: Style) {
    if text.is_empty() || !x.is_finite() || !y.is_finite() {
        return;
    }
    surface.set_stroke(None);
    surface.set_fill(Some(fill(style.color)));
    surface.draw_text(
        Point::from_xy(x, y),
        fonts.font(style.font),
        style.size,
        text,
        false,
        TextDirection::Auto,
    );
}

/// Fills and/or strokes a path; a path that could not be built (empty, not finite) is skipped.
fn paint_path(
    surface: &mut Surface,
    path: Option<Path>,
    fill_color: Option<Color>,
    line: Option<&figures::Stroke>,
) {
    let Some(path) = path else { return };
    if fill_color.is_none() && line.is_none() {
        return;
    }
    surface.set_fill(fill_color.map(fill));
    surface.set_stroke(line.map(stroke));
    surface.draw_path(&path);
}

fn rect_path(x: f32, y: f32, w: f32, h: f32) -> Option<Path> {
    let mut pb = PathBuilder::new();
    pb.move_to(x, y);
    pb.line_to(x + w, y);
    pb.line_to(x + w, y + h);
    pb.line_to(x, y + h);
    pb.close();
    pb.finish()
}

fn polyline(points: &[(f32, f32)]) -> Option<Path> {
    let mut pb = PathBuilder::new();
    let mut pen_down = false;
    for &(x, y) in points {
        if !x.is_finite() || !y.is_finite() {
            // A missing value breaks the line instead of poisoning the whole path.
            pen_down = false;
            continue;
        }
        if pen_down {
            pb.line_to(x, y);
        } else {
            pb.move_to(x, y);
            pen_down = true;
        }
    }
    pb.finish()
}

/// A circle as four cubic Béziers.
fn circle_path(cx: f32, cy: f32, r: f32) -> Option<Path> {
    const K: f32 = 0.552_284_8;
    let k = K * r;
    let mut pb = PathBuilder::new();
    pb.move_to(cx + r, cy);
    pb.cubic_to(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
    pb.cubic_to(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
    pb.cubic_to(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
    pb.cubic_to(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
    pb.close();
    pb.finish()
}

fn draw_figure(surface: &mut Surface, fonts: &Fonts, x: f32, y: f32, scale: f32, fig: &Figure) {
    surface.push_transform(&Transform::from_row(scale, 0.0, 0.0, scale, x, y));
    for shape in &fig.shapes {
        draw_shape(surface, fonts, shape);
    }
    surface.pop();
}

fn draw_shape(surface: &mut Surface, fonts: &Fonts, shape: &Shape) {
    match shape {
        Shape::Line { points, stroke } => paint_path(surface, polyline(points), None, Some(stroke)),
        Shape::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
        } => paint_path(surface, rect_path(*x, *y, *w, *h), *fill, stroke.as_ref()),
        Shape::Circle {
            cx,
            cy,
            r,
            fill,
            stroke,
        } => paint_path(surface, circle_path(*cx, *cy, *r), *fill, stroke.as_ref()),
        Shape::Text {
            x,
            y,
            text,
            size,
            anchor,
            color,
            bold,
            vertical,
        } => {
            let font = if *bold {
                FontKind::Bold
            } else {
                FontKind::Regular
            };
            let style = Style::new(font, *size, *color, 1.0);
            let w = fonts.width(font, *size, text);
            let dx = match anchor {
                Anchor::Start => 0.0,
                Anchor::Middle => -w / 2.0,
                Anchor::End => -w,
            };
            if *vertical {
                // y grows downwards, so −90° turns the text counter-clockwise on the page.
                surface.push_transform(&Transform::from_rotate_at(-90.0, *x, *y));
                draw_text(surface, fonts, x + dx, *y, text, style);
                surface.pop();
            } else {
                draw_text(surface, fonts, x + dx, *y, text, style);
            }
        }
        Shape::Image { x, y, w, h, png } => draw_image(surface, *x, *y, *w, *h, png),
    }
}

/// A PNG stretched over (x, y, w, h), pixels kept sharp; one that krilla cannot read (never
/// from `raster::png`) or an empty box is skipped, as a path that cannot be built is.
fn draw_image(surface: &mut Surface, x: f32, y: f32, w: f32, h: f32, png: &Arc<Vec<u8>>) {
    let Some(size) = Size::from_wh(w, h) else {
        return;
    };
    let Ok(image) = Image::from_png(png.clone().into(), false) else {
        return;
    };
    surface.push_transform(&Transform::from_translate(x, y));
    surface.draw_image(image, size);
    surface.pop();
}

/// Level-1 headings as the outline's entries, level-2 headings under the one before them.
fn outline(marks: &[Mark]) -> Outline {
    let node = |m: &Mark| {
        OutlineNode::new(
            m.text.clone(),
            krilla::destination::XyzDestination::new(m.page, Point::from_xy(LEFT, m.y)),
        )
    };
    let mut outline = Outline::new();
    let mut current: Option<OutlineNode> = None;
    for mark in marks {
        if mark.level <= 1 {
            if let Some(done) = current.replace(node(mark)) {
                outline.push_child(done);
            }
        } else if let Some(parent) = current.as_mut() {
            parent.push_child(node(mark));
        } else {
            outline.push_child(node(mark));
        }
    }
    if let Some(done) = current {
        outline.push_child(done);
    }
    outline
}

fn metadata(doc: &Document) -> Metadata {
    let software = format!("Prøvestein {}", env!("CARGO_PKG_VERSION"));
    let mut metadata = Metadata::new()
        .title(running_title(doc))
        .language(doc.lang.tag().to_string())
        .creator(software.clone())
        .producer(software);
    if let Some(date) = creation_date(&doc.created) {
        metadata = metadata.creation_date(date);
    }
    metadata
}

/// `created` (RFC 3339) as a UTC date-time, or None if it does not parse.
fn creation_date(created: &str) -> Option<DateTime> {
    let ts = created.parse::<jiff::Timestamp>().ok()?;
    let dt = jiff::tz::Offset::UTC.to_datetime(ts);
    let byte = |v: i8| u8::try_from(v).ok();
    Some(
        DateTime::new(u16::try_from(dt.year()).ok()?)
            .month(byte(dt.month())?)
            .day(byte(dt.day())?)
            .hour(byte(dt.hour())?)
            .minute(byte(dt.minute())?)
            .second(byte(dt.second())?)
            .utc_offset_hour(0)
            .utc_offset_minute(0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Row, SignOffLabels, Signatory};
    use crate::figures::Stroke as FigStroke;

    const NORWEGIAN: &str = "Sensitivitet ≥ 0,80 – blåbærsyltetøy";

    fn figure() -> Figure {
        let mut shapes = vec![
            Shape::Rect {
                x: 50.0,
                y: 10.0,
                w: 400.0,
                h: 220.0,
                fill: Some(Color(248, 248, 248)),
                stroke: Some(FigStroke::solid(Color::GREY, 0.5)),
            },
            Shape::Line {
                points: vec![(50.0, 230.0), (150.0, 120.0), (300.0, 60.0), (450.0, 10.0)],
                stroke: FigStroke::solid(Color::BLUE, 1.5),
            },
            Shape::Line {
                points: vec![(50.0, 230.0), (450.0, 10.0)],
                stroke: FigStroke::dashed(Color::GREY, 0.8),
            },
        ];
        for (i, (x, y)) in [(150.0, 120.0), (300.0, 60.0)].into_iter().enumerate() {
            shapes.push(Shape::Circle {
                cx: x,
                cy: y,
                r: 4.0,
                fill: (i == 0).then_some(Color::VERMILLION),
                stroke: Some(FigStroke::solid(Color::BLACK, 0.8)),
            });
        }
        let text = |x, y, text: &str, anchor, vertical| Shape::Text {
            x,
            y,
            text: text.into(),
            size: 8.0,
            anchor,
            color: Color::BLACK,
            bold: false,
            vertical,
        };
        shapes.push(text(250.0, 250.0, "1 − specificity", Anchor::Middle, false));
        shapes.push(text(30.0, 120.0, "Sensitivity", Anchor::Middle, true));
        shapes.push(text(
            445.0,
            222.0,
            "AUC 0,87 (0,81–0,92)",
            Anchor::End,
            false,
        ));
        shapes.push(Shape::Text {
            x: 60.0,
            y: 24.0,
            text: "Legend ½ ² ×".into(),
            size: 8.0,
            anchor: Anchor::Start,
            color: Color::BLUE,
            bold: true,
            vertical: false,
        });
        Figure {
            width: 483.0,
            height: 260.0,
            caption: "Figure 1. ROC curve with the chance line (dashed).".into(),
            shapes,
        }
    }

    fn long_table() -> Table {
        let mut t = Table::numeric(
            vec![
                "Group".into(),
                "n".into(),
                "Sensitivity".into(),
                "Specificity (95 % CI)".into(),
            ],
            vec![3.0, 1.0, 2.0, 2.5],
        );
        for i in 0..90 {
            let style = match i % 7 {
                3 => RowStyle::Muted,
                5 => RowStyle::Flag,
                6 => RowStyle::Strong,
                _ => RowStyle::Normal,
            };
            let name = if i == 4 {
                "A group with a name long enough to wrap inside its narrow column".to_string()
            } else {
                format!("Group {i}")
            };
            t.rows.push(Row::styled(
                vec![
                    name,
                    format!("{}", 100 + i),
                    "0,85".into(),
                    "0,91 (0,88–0,93)".into(),
                ],
                style,
            ));
        }
        t.note = Some("Muted rows have too few cases to judge.".into());
        t
    }

    fn sample() -> Document {
        let sha = "3f1a9c0e5b7d2468ace013579bdf2468ace013579bdf2468ace013579bdf2468";
        Document {
            lang: Lang::En,
            title: "Validation report".into(),
            subtitle: "Chest X-ray triage at Haukeland".into(),
            footer: "Prøvestein 0.1.0 · plan 3f1a9c0e · 2026-12-01".into(),
            created: "2026-12-01T15:49:09.123456Z".into(),
            blocks: vec![
                Block::Verdict {
                    verdict: Verdict::Fail,
                    text: "FAIL: one criterion was not met (sensitivity in women over 70).".into(),
                },
                Block::Heading {
                    level: 1,
                    text: "1 Summary".into(),
                    id: "summary".into(),
                },
                Block::Paragraph {
                    text: NORWEGIAN.into(),
                    style: TextStyle::Normal,
                },
                Block::Paragraph {
                    text: "A long paragraph that must wrap over several lines, because the text \
                           width of an A4 page is only about four hundred and eighty points and \
                           this sentence keeps going well beyond that.\nAn explicit second line."
                        .into(),
                    style: TextStyle::Normal,
                },
                Block::Paragraph {
                    text: "Bold statement.".into(),
                    style: TextStyle::Bold,
                },
                Block::Paragraph {
                    text: format!("sha256 {sha}{sha}"),
                    style: TextStyle::Mono,
                },
                Block::Paragraph {
                    text: "A note in small grey text.".into(),
                    style: TextStyle::Note,
                },
                Block::List(vec![
                    "First item".into(),
                    "Second item, long enough to wrap with a hanging indent so the second line \
                     lines up under the first word rather than under the bullet itself."
                        .into(),
                ]),
                Block::Heading {
                    level: 2,
                    text: "1.1 Identity".into(),
                    id: "identity".into(),
                },
                Block::KeyValues(vec![
                    ("Model".into(), "triage.onnx".into()),
                    ("Model SHA-256".into(), sha.into()),
                    (
                        "Cohort".into(),
                        "/data/hospital/radiology/exports/2026/cohort-with-a-very-long-name.csv"
                            .into(),
                    ),
                ]),
                Block::Heading {
                    level: 1,
                    text: "2 Figures by group".into(),
                    id: "groups".into(),
                },
                Block::Table(long_table()),
                Block::Figure(figure()),
                Block::PageBreak,
                Block::Verdict {
                    verdict: Verdict::Pass,
                    text: "PASS".into(),
                },
                Block::Verdict {
                    verdict: Verdict::Inconclusive,
                    text: "INCONCLUSIVE".into(),
                },
                Block::Heading {
                    level: 1,
                    text: "3 Sign-off".into(),
                    id: "signoff".into(),
                },
                Block::SignOff {
                    intro: "We have read this report and accept its findings.".into(),
                    rows: vec![
                        Signatory {
                            role: "Clinical lead".into(),
                            name: "Kari Nordmann".into(),
                        },
                        Signatory {
                            role: "Procurement".into(),
                            name: String::new(),
                        },
                    ],
                    labels: SignOffLabels {
                        role: "Role".into(),
                        name: "Name".into(),
                        date: "Date".into(),
                        signature: "Signature".into(),
                    },
                },
            ],
        }
    }

    #[test]
    fn renders_every_block_deterministically() {
        let doc = sample();
        let start = std::time::Instant::now();
        let a = render(&doc).expect("renders");
        let elapsed = start.elapsed();
        let b = render(&doc).expect("renders again");
        eprintln!("render took {elapsed:?}, {} bytes", a.len());
        assert!(a.starts_with(b"%PDF-"));
        assert!(a == b, "two renders differ");
        let pages = layout(&doc, &Fonts::load()).pages.len();
        assert!(pages > 1, "{pages} page(s)");
        if let Ok(path) = std::env::var("PDF_DUMP") {
            std::fs::write(path, &a).expect("writes the dump");
        }
        if let Some(text) = pdftotext(&a) {
            for needle in [
                NORWEGIAN,
                "page 1 of",
                "Validation report",
                "Group 89",
                "Kari Nordmann",
            ] {
                assert!(
                    text.contains(needle),
                    "{needle:?} not in the extracted text"
                );
            }
        }
    }

    /// The text poppler extracts, or None where pdftotext is not installed.
    fn pdftotext(pdf: &[u8]) -> Option<String> {
        let dir = std::env::temp_dir().join(format!("provestein-pdf-{}", std::process::id()));
        std::fs::create_dir_all(&dir).ok()?;
        let file = dir.join("test.pdf");
        std::fs::write(&file, pdf).ok()?;
        let out = std::process::Command::new("pdftotext")
            .arg(&file)
            .arg("-")
            .output()
            .ok();
        let _ = std::fs::remove_dir_all(&dir);
        let out = out?;
        assert!(out.status.success(), "pdftotext failed");
        Some(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    #[test]
    fn wraps_within_width_and_keeps_newlines() {
        let fonts = Fonts::load();
        let lines = fonts.wrap(
            "one two three four five six seven\nnext",
            FontKind::Regular,
            10.0,
            60.0,
        );
        assert!(lines.len() > 2);
        assert_eq!(lines.last().map(String::as_str), Some("next"));
        for l in &lines {
            assert!(fonts.width(FontKind::Regular, 10.0, l) <= 60.0, "{l:?}");
        }
        let hash = "0123456789abcdef".repeat(4);
        let pieces = fonts.wrap(&hash, FontKind::Mono, 8.5, 100.0);
        assert!(pieces.len() > 1);
        assert_eq!(pieces.concat(), hash);
        let lens: Vec<usize> = pieces.iter().map(|p| p.len()).collect();
        assert!(
            lens.iter().max().unwrap() - lens.iter().min().unwrap() <= 1,
            "{lens:?}"
        );
        let path = fonts.wrap(&format!("see {hash} now"), FontKind::Regular, 9.5, 150.0);
        assert_eq!(
            path.first().map(|l| l.starts_with("see 0123")),
            Some(true),
            "{path:?}"
        );
        assert_eq!(path.join(" ").replace(' ', ""), format!("see{hash}now"));
        for l in pieces.iter().chain(&path) {
            assert!(
                !l.is_empty() && fonts.width(FontKind::Regular, 9.5, l) <= 150.0,
                "{l:?}"
            );
        }
        assert_eq!(
            fonts.wrap("", FontKind::Regular, 9.5, 100.0),
            vec![String::new()]
        );
        assert_eq!(
            fonts.wrap("abc", FontKind::Regular, 9.5, 0.0).concat(),
            "abc"
        );
    }

    /// Wrapping shapes each byte a small, fixed number of times (2.4 to 3), however long the unbroken
    /// run (it was quadratic: a 100 KB cell took 80 s, 10 MB never finished). Counting the
    /// bytes shaped holds this on any machine, loaded or not.
    #[test]
    fn wrapping_work_is_linear_in_the_text() {
        let run = |n: usize, width: f32| {
            let text: String = "abcdefghijklmnopqrstuvwxyzæøå0123456789ÅØÆ"
                .chars()
                .cycle()
                .take(n)
                .collect();
            let fonts = Fonts::load();
            let lines = fonts.wrap(&text, FontKind::Regular, 9.5, width);
            let per_byte = fonts.shaped.get() as f64 / text.len() as f64;
            assert_eq!(lines.concat(), text);
            for l in &lines {
                assert!(fonts.width(FontKind::Regular, 9.5, l) <= width, "{l:?}");
            }
            per_byte
        };
        for width in [60.0, 150.0, 480.0] {
            let (small, large) = (run(5_000, width), run(80_000, width));
            eprintln!("width {width}: {small:.2} / {large:.2} bytes shaped per byte");
            assert!(
                small < 5.0 && large < 5.0,
                "bytes shaped per byte: {small}, {large}"
            );
        }
        // With spaces and hyphens as well: each word shaped about once.
        let fonts = Fonts::load();
        let text = "word-joined and spaced text, ".repeat(4_000);
        let lines = fonts.wrap(&text, FontKind::Regular, 9.5, 200.0);
        assert!(lines.len() > 500);
        let per_byte = fonts.shaped.get() as f64 / text.len() as f64;
        assert!(per_byte < 3.0, "bytes shaped per byte: {per_byte}");
    }

    /// A value taller than a page (a pasted intended use) continues on the next pages instead
    /// of running off the first: every line is placed, and none below the bottom margin.
    #[test]
    fn a_row_taller_than_a_page_continues_on_the_next() {
        let value: String = (0..2000).map(|i| format!("line{i:04} ")).collect();
        let doc = Document {
            blocks: vec![Block::KeyValues(vec![
                ("Study".into(), "short".into()),
                ("Intended use".into(), value.clone()),
            ])],
            ..sample()
        };
        let fonts = Fonts::load();
        let laid = layout(&doc, &fonts);
        assert!(laid.pages.len() >= 3, "{} pages", laid.pages.len());
        let mut placed = String::new();
        for item in laid.pages.iter().flatten() {
            if let Item::Text { y, text, .. } = item {
                assert!(*y <= BOTTOM, "text at y {y}: {text:?}");
                if text.starts_with("line") {
                    placed.push_str(text);
                    placed.push(' ');
                }
            }
        }
        assert_eq!(placed, value);
    }

    #[test]
    fn breaks_where_unicode_allows() {
        let fonts = Fonts::load();
        let w = fonts.width(FontKind::Regular, 10.0, "well-known");
        // After a hyphen, without a space added; a mandatory break (U+2028) kept.
        let lines = fonts.wrap("well-known\u{2028}next", FontKind::Regular, 10.0, w - 1.0);
        assert_eq!(lines, ["well-", "known", "next"]);
        // A path breaks after a slash rather than inside a name.
        let path = "/data/cohort/export/labels.csv";
        let lines = fonts.wrap(path, FontKind::Regular, 10.0, 90.0);
        assert!(lines.len() > 1 && lines.concat() == path, "{lines:?}");
        assert!(
            lines[..lines.len() - 1].iter().all(|l| l.ends_with('/')),
            "{lines:?}"
        );
    }

    #[test]
    fn cached_plans_measure_as_krilla_shapes() {
        let fonts = Fonts::load();
        for text in [
            NORWEGIAN,
            "0,91 (0,88–0,93)",
            "AVATAR Ty.",
            "12 345",
            "½ ² × ≤",
        ] {
            for kind in [FontKind::Regular, FontKind::Bold, FontKind::Mono] {
                let face = &fonts.faces[kind as usize];
                let mut buffer = rustybuzz::UnicodeBuffer::new();
                buffer.push_str(text);
                buffer.guess_segment_properties();
                let plain: Vec<i32> = rustybuzz::shape(face, &[], buffer)
                    .glyph_positions()
                    .iter()
                    .map(|p| p.x_advance)
                    .collect();
                let cached: Vec<i32> = fonts
                    .shape(kind, text)
                    .glyph_positions()
                    .iter()
                    .map(|p| p.x_advance)
                    .collect();
                assert_eq!(plain, cached, "{text:?} {kind:?}");
            }
        }
    }

    #[test]
    fn page_labels_and_dates() {
        assert_eq!(page_label(Lang::En, 1, 3), "page 1 of 3");
        assert_eq!(page_label(Lang::Nb, 2, 3), "side 2 av 3");
        assert!(creation_date("2026-12-01T15:49:09.123456Z").is_some());
        assert!(creation_date("yesterday").is_none());
    }
}
