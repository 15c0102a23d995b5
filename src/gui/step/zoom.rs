//! Zoom and pan of an image in a viewer: Ctrl and the wheel (or the +/− buttons) magnify about
//! the pointer, a left drag moves a magnified image, "fit" shows it whole again. The image is
//! drawn as a part of its texture (`uv`), so zooming makes no new texture.

use eframe::egui::{self, Pos2, Rect, Vec2};

/// The largest magnification over the fitted image.
pub const MAX: f32 = 16.0;

/// How far an image is magnified and which part of it is shown.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Zoom {
    /// 1: the whole image fits its rectangle; up to [`MAX`].
    pub factor: f32,
    /// The centre of what is shown, in texture coordinates (0–1).
    pub center: Pos2,
}

impl Default for Zoom {
    fn default() -> Self {
        Zoom {
            factor: 1.0,
            center: Pos2::new(0.5, 0.5),
        }
    }
}

impl Zoom {
    /// The part of the texture shown.
    pub fn uv(&self) -> Rect {
        Rect::from_center_size(self.center, Vec2::splat(1.0 / self.factor))
    }

    /// The texture coordinates under `pos`, for an image drawn into `rect`.
    pub fn uv_at(&self, rect: Rect, pos: Pos2) -> Pos2 {
        let uv = self.uv();
        uv.min + ((pos - rect.min) / rect.size()) * uv.size()
    }

    /// Magnifies by `k`, keeping the texture point `at` where it is on screen.
    pub fn by(&mut self, k: f32, at: Pos2) {
        let factor = (self.factor * k).clamp(1.0, MAX);
        let k = factor / self.factor;
        self.center = at + (self.center - at) / k;
        self.factor = factor;
        self.clamp();
    }

    /// Keeps what is shown inside the image.
    fn clamp(&mut self) {
        let half = 0.5 / self.factor;
        self.center.x = self.center.x.clamp(half, 1.0 - half);
        self.center.y = self.center.y.clamp(half, 1.0 - half);
    }

    /// Applies this frame's Ctrl-wheel (about the pointer) and left drag (when magnified) over
    /// `response`, the image drawn into its rectangle. First pass only, as `stack_input`.
    pub fn input(&mut self, ui: &egui::Ui, response: &egui::Response) {
        if ui.ctx().current_pass_index() != 0 {
            return;
        }
        let rect = response.rect;
        if let Some(pos) = response.hover_pos() {
            let k = ui.input(|i| i.zoom_delta());
            if k != 1.0 {
                self.by(k, self.uv_at(rect, pos));
            }
        }
        if self.factor > 1.0 && response.dragged_by(egui::PointerButton::Primary) {
            let d = response.drag_delta() / rect.size() / self.factor;
            self.center -= d;
            self.clamp();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zooming_keeps_the_point_under_the_pointer_and_stays_inside() {
        let rect = Rect::from_min_size(Pos2::ZERO, Vec2::splat(100.0));
        let mut z = Zoom::default();
        let at = z.uv_at(rect, Pos2::new(75.0, 25.0));
        assert_eq!(at, Pos2::new(0.75, 0.25));
        z.by(2.0, at);
        assert_eq!(z.factor, 2.0);
        assert_eq!(z.uv_at(rect, Pos2::new(75.0, 25.0)), at);
        assert_eq!(z.uv().size(), Vec2::splat(0.5));
        // Far out, clamped: never past 16×, never a part outside the image.
        z.by(100.0, Pos2::new(1.0, 1.0));
        assert_eq!(z.factor, MAX);
        assert!(z.uv().max.x <= 1.0 && z.uv().max.y <= 1.0);
        z.by(0.001, Pos2::ZERO);
        assert_eq!(z, Zoom::default());
    }
}
