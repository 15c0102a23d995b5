//! The report as one self-contained HTML page: inline CSS, figures as inline SVG (raster
//! tiles as PNG `data:` URLs inside them), no script, no font, image or link to anything
//! outside the file, so it opens offline on a locked-down
//! hospital workstation and can be archived as it is. It prints to A4 with page breaks where
//! the PDF has them.

use std::fmt::Write;

use crate::doc::{Align, Block, Document, RowStyle, Table, TextStyle};
use crate::figures::{Anchor, Color, Figure, Shape, Stroke};

const STYLE: &str = "
body{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;font-size:10.5pt;line-height:1.4;color:#111;max-width:52em;margin:2em auto;padding:0 1em;overflow-wrap:break-word}
h1.title{font-size:20pt;margin:0}
p.subtitle{font-size:13pt;margin:.2em 0 1.2em}
h2{font-size:14pt;margin:1.6em 0 .4em;border-bottom:1px solid #ccc}
h3{font-size:11.5pt;margin:1.2em 0 .3em}
p.note,figcaption,.tnote{font-size:8.5pt;color:#555}
.mono{font-family:'DejaVu Sans Mono',monospace;font-size:9pt;word-break:break-all}
.verdict{color:#fff;font-weight:bold;font-size:13pt;padding:.6em .8em;margin:.6em 0}
.caution{font-weight:bold;padding:.5em .8em;margin:.6em 0}
table{border-collapse:collapse;width:100%;margin:.5em 0 .2em;font-size:9pt}
th{background:#e1e1e1;text-align:left;padding:3px 5px}
td{border-top:1px solid #ddd;padding:3px 5px;vertical-align:top;overflow-wrap:anywhere}
td.r,th.r{text-align:right}td.c,th.c{text-align:center}
tr.muted td{color:#8c8c8c}tr.strong td{font-weight:bold}tr.flag td{background:#fae1d2;font-weight:bold}
table.kv td:first-child{width:32%;color:#444}
figure{margin:1em 0}svg{max-width:100%;height:auto}
.sign{margin:1.2em 0;page-break-inside:avoid}.sign .line{border-bottom:1px solid #333;height:2em;margin:.2em 0 .6em;width:70%}
.sign .lbl{font-size:8.5pt;color:#555}
.pb{page-break-before:always}
@media print{body{margin:0;max-width:none}h2,h3{page-break-after:avoid}table,figure{page-break-inside:avoid}}
";

pub fn render(doc: &Document) -> String {
    let mut h = String::with_capacity(64 * 1024);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"generator\" content=\"{}\">\n<meta name=\"created\" content=\"{}\">\n<title>{} — {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1 class=\"title\">{}</h1>\n<p class=\"subtitle\">{}</p>\n",
        doc.lang.tag(),
        esc(&provestein_types::provenance::software()),
        esc(&doc.created),
        esc(&doc.title),
        esc(&doc.subtitle),
        esc(&doc.title),
        esc(&doc.subtitle)
    );
    for b in &doc.blocks {
        block(&mut h, b);
    }
    let _ = write!(
        h,
        "<hr>\n<p class=\"note\">{}</p>\n</body>\n</html>\n",
        esc(&doc.footer)
    );
    h
}

fn block(h: &mut String, b: &Block) {
    match b {
        Block::Heading { level, text, id } => {
            let tag = if *level <= 1 { "h2" } else { "h3" };
            let _ = writeln!(h, "<{tag} id=\"{}\">{}</{tag}>", esc(id), esc(text));
        }
        Block::Paragraph { text, style } => {
            let class = match style {
                TextStyle::Normal => "",
                TextStyle::Bold => " style=\"font-weight:bold\"",
                TextStyle::Note => " class=\"note\"",
                TextStyle::Mono => " class=\"mono\"",
            };
            let _ = writeln!(h, "<p{class}>{}</p>", lines(text));
        }
        Block::List(items) => {
            h.push_str("<ul>\n");
            for i in items {
                let _ = writeln!(h, "<li>{}</li>", lines(i));
            }
            h.push_str("</ul>\n");
        }
        Block::Verdict { verdict, text } => {
            let (bg, ink) = Color::verdict(*verdict);
            let _ = writeln!(
                h,
                "<div class=\"verdict\" style=\"background:{};color:{}\">{}</div>",
                bg.hex(),
                ink.hex(),
                esc(text)
            );
        }
        Block::Caution(text) => {
            let (bg, stripe, ink) = Color::caution();
            let _ = writeln!(
                h,
                "<div class=\"caution\" style=\"background:{};border-left:6px solid {};color:{}\">{}</div>",
                bg.hex(),
                stripe.hex(),
                ink.hex(),
                esc(text)
            );
        }
        Block::Table(t) => table(h, t),
        Block::KeyValues(kv) => {
            h.push_str("<table class=\"kv\">\n");
            for (k, v) in kv {
                let class = if v.contains("SHA-256") {
                    " class=\"mono\""
                } else {
                    ""
                };
                let _ = writeln!(
                    h,
                    "<tr><td>{}</td><td{class}>{}</td></tr>",
                    esc(k),
                    lines(v)
                );
            }
            h.push_str("</table>\n");
        }
        Block::Figure(f) => {
            let _ = writeln!(
                h,
                "<figure>\n{}<figcaption>{}</figcaption>\n</figure>",
                svg(f),
                esc(&f.caption)
            );
        }
        Block::SignOff {
            intro,
            rows,
            labels,
        } => {
            let _ = writeln!(h, "<p>{}</p>", esc(intro));
            for r in rows {
                let _ = write!(
                    h,
                    "<div class=\"sign\"><p><strong>{}</strong></p>",
                    esc(&r.role)
                );
                for (label, value) in [
                    (&labels.name, r.name.as_str()),
                    (&labels.date, ""),
                    (&labels.signature, ""),
                ] {
                    let _ = write!(
                        h,
                        "<div class=\"lbl\">{}</div><div class=\"line\">{}</div>",
                        esc(label),
                        esc(value)
                    );
                }
                h.push_str("</div>\n");
            }
        }
        Block::PageBreak => h.push_str("<div class=\"pb\"></div>\n"),
    }
}

fn table(h: &mut String, t: &Table) {
    let total: f32 = t.widths.iter().sum::<f32>().max(f32::EPSILON);
    let class = |a: Align| match a {
        Align::Left => "",
        Align::Right => " class=\"r\"",
        Align::Center => " class=\"c\"",
    };
    h.push_str("<table>\n<colgroup>");
    for w in &t.widths {
        let _ = write!(h, "<col style=\"width:{:.1}%\">", 100.0 * w / total);
    }
    h.push_str("</colgroup>\n<thead><tr>");
    for (i, c) in t.header.iter().enumerate() {
        let _ = write!(h, "<th{}>{}</th>", class(t.align[i]), esc(c));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for r in &t.rows {
        let rc = match r.style {
            RowStyle::Normal => "",
            RowStyle::Muted => " class=\"muted\"",
            RowStyle::Strong => " class=\"strong\"",
            RowStyle::Flag => " class=\"flag\"",
        };
        let _ = write!(h, "<tr{rc}>");
        for (i, c) in r.cells.iter().enumerate() {
            let a = t.align.get(i).copied().unwrap_or(Align::Left);
            let _ = write!(h, "<td{}>{}</td>", class(a), lines(c));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n");
    if let Some(n) = &t.note {
        let _ = writeln!(h, "<p class=\"tnote\">{}</p>", esc(n));
    }
}

/// A figure as inline SVG, in points (the viewBox), so it scales with the page.
pub fn svg(f: &Figure) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"{}\" font-family=\"DejaVu Sans, Verdana, sans-serif\">",
        esc(&f.caption),
        w = f.width,
        h = f.height
    );
    for shape in &f.shapes {
        match shape {
            Shape::Line { points, stroke } => {
                let pts: Vec<String> = points
                    .iter()
                    .map(|(x, y)| format!("{x:.2},{y:.2}"))
                    .collect();
                let _ = writeln!(
                    s,
                    "<polyline points=\"{}\" fill=\"none\" {}/>",
                    pts.join(" "),
                    stroke_attrs(Some(stroke))
                );
            }
            Shape::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => {
                let _ = writeln!(
                    s,
                    "<rect x=\"{x:.2}\" y=\"{y:.2}\" width=\"{w:.2}\" height=\"{h:.2}\" fill=\"{}\" {}/>",
                    fill_attr(*fill),
                    stroke_attrs(stroke.as_ref())
                );
            }
            Shape::Circle {
                cx,
                cy,
                r,
                fill,
                stroke,
            } => {
                let _ = writeln!(
                    s,
                    "<circle cx=\"{cx:.2}\" cy=\"{cy:.2}\" r=\"{r:.2}\" fill=\"{}\" {}/>",
                    fill_attr(*fill),
                    stroke_attrs(stroke.as_ref())
                );
            }
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
                let anchor = match anchor {
                    Anchor::Start => "start",
                    Anchor::Middle => "middle",
                    Anchor::End => "end",
                };
                let rotate = if *vertical {
                    format!(" transform=\"rotate(-90 {x:.2} {y:.2})\"")
                } else {
                    String::new()
                };
                let weight = if *bold { " font-weight=\"bold\"" } else { "" };
                let _ = writeln!(
                    s,
                    "<text x=\"{x:.2}\" y=\"{y:.2}\" font-size=\"{size}\" text-anchor=\"{anchor}\" fill=\"{}\"{weight}{rotate}>{}</text>",
                    color.hex(),
                    esc(text)
                );
            }
            Shape::Image { x, y, w, h, png } => {
                let _ = writeln!(
                    s,
                    "<image x=\"{x:.2}\" y=\"{y:.2}\" width=\"{w:.2}\" height=\"{h:.2}\" preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" href=\"data:image/png;base64,{}\"/>",
                    crate::raster::base64(png)
                );
            }
        }
    }
    s.push_str("</svg>\n");
    s
}

fn fill_attr(c: Option<Color>) -> String {
    c.map_or_else(|| "none".into(), Color::hex)
}

fn stroke_attrs(s: Option<&Stroke>) -> String {
    match s {
        None => "stroke=\"none\"".into(),
        Some(s) => {
            let dash = s
                .dash
                .map(|(a, b)| format!(" stroke-dasharray=\"{a} {b}\""))
                .unwrap_or_default();
            format!(
                "stroke=\"{}\" stroke-width=\"{}\"{dash}",
                s.color.hex(),
                s.width
            )
        }
    }
}

/// Text with line breaks kept.
fn lines(s: &str) -> String {
    esc(s).replace('\n', "<br>")
}

pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}
