//! Axis ticks a reader can read: labelled at a "nice" step (1, 2 or 5 × 10ᵏ, so 0, 0,2, …, 1 on
//! a unit axis) chosen so that the labels stand apart at the plot's size, with unlabelled minor
//! grid lines between them. egui_plot's default grid divides by ten and labels only the marks
//! that have room, which on a plot a few hundred points wide left 0 and 1 alone.

use eframe::egui::Rangef;
use egui_plot::{AxisHints, GridInput, GridMark};

use super::super::i18n::{Lang, Numbers};

/// The grid's least spacing on screen (egui_plot's default): what `GridInput::base_step_size`
/// is measured in, so the plots set it explicitly.
pub const GRID_PX: f32 = 8.0;
/// Labelled ticks along an x axis are at least this far apart on screen: room for "0,25" and
/// a gap.
pub const X_LABEL_PX: f32 = 40.0;
/// Along a y axis the labels need only their height and a gap (a count axis of 90 cases 160
/// points high reads 0, 20, …, 80, not 0 and 50).
pub const Y_LABEL_PX: f32 = 28.0;

/// The grid's spacing range, for `Plot::grid_spacing`.
pub fn grid_spacing() -> Rangef {
    Rangef::new(GRID_PX, 300.0)
}

/// A numeric axis whose labelled marks are `label_px` apart or more (`nice_marks`): those are
/// labelled in full, the minor ones (under half that) not at all.
pub fn numeric_axis<'a>(x: bool, label_px: f32) -> AxisHints<'a> {
    let hints = if x {
        AxisHints::new_x()
    } else {
        AxisHints::new_y()
    };
    hints.label_spacing(Rangef::new(label_px * 0.5, label_px))
}

/// An axis of named slots (groups, periods, structures): every slot labelled where its name
/// fits.
pub fn category_axis<'a>(x: bool) -> AxisHints<'a> {
    let hints = if x {
        AxisHints::new_x()
    } else {
        AxisHints::new_y()
    };
    hints.label_spacing(Rangef::new(8.0, 10.0))
}

/// The smallest step of 1, 2 or 5 × 10ᵏ data units that is at least `min_px` long on screen.
pub fn nice_step(units_per_px: f64, min_px: f64) -> f64 {
    // A step a rounding error short of `least` still counts as long enough.
    provestein::i18n::nice_ceiling(units_per_px * min_px * (1.0 - 1e-9))
}

/// The grid of a numeric axis: a mark every `nice_step` at least `label_px` long (labelled), and
/// minor ones every fifth of it (a quarter of a 2 × 10ᵏ step), all under half `label_px` apart
/// so never labelled.
pub fn nice_marks(label_px: f32) -> impl Fn(GridInput) -> Vec<GridMark> {
    move |input| marks(input, label_px)
}

fn marks(input: GridInput, label_px: f32) -> Vec<GridMark> {
    if input.base_step_size < f64::EPSILON || input.bounds.0 > input.bounds.1 {
        return Vec::new();
    }
    let units_per_px = input.base_step_size / f64::from(GRID_PX);
    let step = nice_step(units_per_px, f64::from(label_px));
    let mantissa = step / 10f64.powf(step.log10().floor());
    let minor = step
        / if (mantissa - 2.0).abs() < 1e-6 {
            4.0
        } else {
            5.0
        };
    let (lo, hi) = input.bounds;
    let (first, last) = ((lo / minor).ceil() as i64, (hi / minor).floor() as i64);
    (first..=last)
        .map(|i| {
            let value = i as f64 * minor;
            let k = (value / step).round();
            if (value / step - k).abs() < 1e-6 {
                GridMark {
                    value: k * step,
                    step_size: step,
                }
            } else {
                GridMark {
                    value,
                    step_size: minor,
                }
            }
        })
        .collect()
}

/// The grid of a category axis: one mark per whole number (slot k at k).
pub fn category_marks(input: GridInput) -> Vec<GridMark> {
    let (lo, hi) = input.bounds;
    if !(lo.is_finite() && hi.is_finite()) || hi - lo > 10_000.0 {
        return Vec::new();
    }
    (lo.ceil() as i64..=hi.floor() as i64)
        .map(|k| GridMark {
            value: k as f64,
            step_size: 1.0,
        })
        .collect()
}

/// A tick label with as many decimals as the step between ticks needs (0,2 but 0,25 and 0,05),
/// written by `Numbers` as the tables and the report write numbers.
pub fn tick(lang: Lang, mark: GridMark) -> String {
    let digits = (-mark.step_size.log10() - 1e-9).ceil().max(0.0) as usize;
    Numbers(lang).num(mark.value, digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The labels egui_plot draws: marks whose step is wider on screen than the axis' least
    /// label spacing, as `numeric_axis` sets it.
    fn labels(lang: Lang, bounds: (f64, f64), px: f64) -> Vec<String> {
        labels_at(lang, bounds, px, X_LABEL_PX)
    }

    fn labels_at(lang: Lang, bounds: (f64, f64), px: f64, label_px: f32) -> Vec<String> {
        let units_per_px = (bounds.1 - bounds.0) / px;
        nice_marks(label_px)(GridInput {
            bounds,
            base_step_size: units_per_px * f64::from(GRID_PX),
        })
        .into_iter()
        .filter(|m| m.step_size / units_per_px > f64::from(label_px) * 0.5)
        .map(|m| tick(lang, m))
        .collect()
    }

    #[test]
    fn a_unit_axis_a_few_hundred_points_long_is_labelled_every_fifth() {
        let want = ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"];
        assert_eq!(labels(Lang::En, (-0.02, 1.02), 250.0), want);
        assert_eq!(labels(Lang::En, (-0.02, 1.02), 400.0), want);
        assert_eq!(
            labels(Lang::Nb, (-0.02, 1.02), 250.0),
            ["0,0", "0,2", "0,4", "0,6", "0,8", "1,0"]
        );
        // Longer: tenths; shorter: halves. Never 0 and 1 alone on a plot the app draws.
        assert_eq!(labels(Lang::En, (0.0, 1.0), 420.0).len(), 11);
        assert_eq!(labels(Lang::En, (0.0, 1.0), 100.0), ["0.0", "0.5", "1.0"]);
    }

    #[test]
    fn counts_and_small_ranges_get_steps_of_one_two_or_five() {
        assert_eq!(
            labels(Lang::En, (0.0, 37.0), 170.0),
            ["0", "10", "20", "30"]
        );
        // The score histogram's count axis as the screenshot showed it (0 and 50 alone).
        assert_eq!(
            labels_at(Lang::En, (-4.5, 94.5), 160.0, Y_LABEL_PX),
            ["0", "20", "40", "60", "80"]
        );
        assert_eq!(
            labels(Lang::En, (0.5, 1.0), 300.0),
            ["0.5", "0.6", "0.7", "0.8", "0.9", "1.0"]
        );
        assert_eq!(labels(Lang::En, (0.5, 1.0), 120.0), ["0.6", "0.8", "1.0"]);
        assert_eq!(nice_step(0.01, 40.0), 0.5);
        assert_eq!(nice_step(0.0049, 40.0), 0.2);
        assert_eq!(nice_step(0.003, 40.0), 0.2);
        assert_eq!(nice_step(0.0025, 40.0), 0.1);
    }
}
