//! A plot's legend as a row of keys under the plot. egui_plot can put its legend only in a
//! corner of the plot area, where it covered the score histogram's tallest bar and the ROC
//! plot's chance line; under the plot it covers nothing, at any data.

use eframe::egui::{self, Color32, Pos2, Stroke, Vec2, pos2, vec2};
use egui_plot::MarkerShape;

/// How a key shows its series: with the series' own mark, so that the key reads like the plot.
#[derive(Clone, Copy, Debug)]
pub enum Key {
    Line(Color32),
    Dashed(Color32),
    Marker(Color32, MarkerShape, bool),
    Bar(Color32),
}

/// The keys, wrapping within the width the plot took; a key's mark and words are one widget, so
/// the row wraps between keys, never inside one.
pub fn row(ui: &mut egui::Ui, width: f32, keys: &[(Key, String)]) {
    ui.allocate_ui(vec2(width, 0.0), |ui| {
        ui.set_max_width(width);
        ui.horizontal_wrapped(|ui| {
            for (key, label) in keys {
                entry(ui, *key, label);
            }
        });
    });
}

const MARK_W: f32 = 22.0;

fn entry(ui: &mut egui::Ui, key: Key, label: &str) {
    let colour = ui.visuals().text_color();
    let galley = ui.painter().layout_no_wrap(
        label.to_string(),
        egui::TextStyle::Body.resolve(ui.style()),
        colour,
    );
    let size = vec2(
        MARK_W + 4.0 + galley.size().x + 12.0,
        galley.size().y.max(12.0),
    );
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, label));
    draw(
        ui.painter(),
        pos2(rect.min.x + MARK_W / 2.0, rect.center().y),
        key,
    );
    let text_pos = pos2(
        rect.min.x + MARK_W + 4.0,
        rect.center().y - galley.size().y / 2.0,
    );
    ui.painter().galley(text_pos, galley, colour);
}

fn draw(painter: &egui::Painter, c: Pos2, key: Key) {
    let half = Vec2::new(10.0, 0.0);
    match key {
        Key::Line(colour) => {
            painter.line_segment([c - half, c + half], Stroke::new(2.0, colour));
        }
        Key::Dashed(colour) => {
            painter.extend(egui::Shape::dashed_line(
                &[c - half, c + half],
                Stroke::new(2.0, colour),
                4.0,
                3.0,
            ));
        }
        Key::Bar(colour) => {
            painter.rect_filled(
                egui::Rect::from_center_size(c, vec2(12.0, 10.0)),
                0.0,
                colour,
            );
        }
        Key::Marker(colour, shape, filled) => {
            let r = 4.5;
            let stroke = Stroke::new(1.5, colour);
            let fill = if filled { colour } else { Color32::TRANSPARENT };
            match shape {
                MarkerShape::Square => {
                    let rect = egui::Rect::from_center_size(c, vec2(2.0 * r, 2.0 * r));
                    painter.rect(rect, 0.0, fill, stroke, egui::StrokeKind::Middle);
                }
                MarkerShape::Diamond => {
                    let points = vec![
                        pos2(c.x, c.y - r - 1.0),
                        pos2(c.x + r + 1.0, c.y),
                        pos2(c.x, c.y + r + 1.0),
                        pos2(c.x - r - 1.0, c.y),
                    ];
                    painter.add(egui::Shape::convex_polygon(points, fill, stroke));
                }
                _ => {
                    painter.circle(c, r, fill, stroke);
                }
            }
        }
    }
}
