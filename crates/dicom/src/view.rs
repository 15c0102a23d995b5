//! One DICOM frame for a person to look at, in the app's case viewer. It is decoded by the same
//! code as a run's model input ([`super::pixels`]), so what is shown is what the model was given
//! before its window and resize: grey values after the modality LUT (e.g. Hounsfield units),
//! colour as RGB.
//!
//! Only pixel data and the few attributes that say how to show it are kept; the object is read
//! whole to reach its pixels, but no patient attribute goes into a [`DisplayFrame`].

use std::path::Path;

use dicom_dictionary_std::tags;
use dicom_pixeldata::{PhotometricInterpretation as Pi, WindowLevel, WindowLevelTransform};

use super::ExclusionReason;
use super::dicom::{open, open_within, text};
use super::pixels::{
    Layout, PixelError, Preprocess, Window, decode_frame, frame_count, photometric_interpretation,
    to_tensor, values,
};

/// A decoded frame, ready to window and draw.
#[derive(Debug, Clone, PartialEq)]
pub struct DisplayFrame {
    pub width: u32,
    pub height: u32,
    /// 1 (grey) or 3 (RGB).
    pub channels: u8,
    /// Row-major; for RGB interleaved per pixel (R, G, B, R, …). Grey: modality values (the
    /// Modality LUT or Rescale Slope/Intercept applied, MONOCHROME1 not inverted). RGB: samples
    /// scaled to 0–255 (YBR_FULL converted).
    pub values: Vec<f32>,
    /// Frames in the object (Number of Frames, 1 when absent).
    pub frames: u32,
    /// The header's first Window Center/Width (grey images only), if it has one.
    pub window: Option<(f64, f64)>,
    /// Smallest and largest of `values`.
    pub min: f32,
    pub max: f32,
    /// Low values are bright: [`Self::to_rgba`] inverts.
    pub monochrome1: bool,
    pub modality: String,
    /// Photometric Interpretation as the file states it (e.g. "YBR_FULL_422" for a JPEG that
    /// decodes to RGB).
    pub photometric: String,
    /// Rescale (slope, intercept) that turned stored values into `values` (grey images without
    /// a Modality LUT Sequence, whose table cannot be inverted), so that a stored value can be
    /// shown beside its modality value.
    pub rescale: Option<(f64, f64)>,
}

/// A window a reader picks by what they look at, as PACS viewers name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    Brain,
    Lung,
    Mediastinum,
    Bone,
    Abdomen,
    /// The header's window (or the value range without one): DX, MG and every other modality.
    Default,
}

impl Preset {
    /// The CT presets, in Hounsfield units.
    const CT: [(Preset, f64, f64); 5] = [
        (Preset::Brain, 40.0, 80.0),
        (Preset::Lung, -600.0, 1500.0),
        (Preset::Mediastinum, 50.0, 350.0),
        (Preset::Bone, 400.0, 1800.0),
        (Preset::Abdomen, 40.0, 400.0),
    ];
}

/// Decodes `frame` (0-based) of the DICOM file at `path` (plain or gzip). Fails with the reason
/// and text a run would record for this file.
pub fn load_frame(path: &Path, frame: u32) -> Result<DisplayFrame, (ExclusionReason, String)> {
    let (obj, _) = open(path, None)?;
    let px = decode_frame(&obj, frame).map_err(PixelError::into_exclusion)?;
    // Steps 1–2 of the pipeline only: no window, no inversion, colour kept.
    let plan = Preprocess {
        frame,
        window: Window::None,
        invert_monochrome1: false,
        channels: 3,
        ..Preprocess::default()
    };
    let (planes, grey) = values(&obj, &px, &plan).map_err(PixelError::into_exclusion)?;
    let (width, height) = (px.columns(), px.rows());
    let npix = width as usize * height as usize;
    let values: Vec<f32> = if grey {
        planes
    } else {
        // 0–255 whatever the sample depth, so that RGB can be drawn as is.
        let top = match px.bits_stored() {
            b @ 9..=32 => ((1u64 << b) - 1) as f32,
            _ => 255.0,
        };
        (0..npix)
            .flat_map(|i| (0..3).map(move |c| c * npix + i))
            .map(|j| planes[j] * (255.0 / top))
            .collect()
    };
    let (min, max) = values
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    let window = if grey {
        px.window()
            .ok()
            .flatten()
            .and_then(|w| w.first().copied())
            .filter(|w| w.center.is_finite() && w.width.is_finite() && w.width > 0.0)
            .map(|w| (w.center, w.width))
    } else {
        None
    };
    let monochrome1 = grey && photometric_interpretation(&obj, &px) == Pi::Monochrome1;
    let rescale = if grey && obj.get(tags::MODALITY_LUT_SEQUENCE).is_none() {
        let r = px.rescale().ok().and_then(|r| r.first().copied());
        let (slope, intercept) = r.map_or((1.0, 0.0), |r| (r.slope, r.intercept));
        Some((slope, intercept)).filter(|(s, i)| s.is_finite() && *s != 0.0 && i.is_finite())
    } else {
        None
    };
    let photometric = obj
        .get(tags::PHOTOMETRIC_INTERPRETATION)
        .and_then(|e| e.to_str().ok())
        .map(|s| s.trim_end_matches('\0').trim().to_string())
        .unwrap_or_default();
    Ok(DisplayFrame {
        width,
        height,
        channels: if grey { 1 } else { 3 },
        values,
        frames: frame_count(&obj),
        window,
        min,
        max,
        monochrome1,
        modality: text(&obj, "Modality"),
        photometric,
        rescale,
    })
}

/// What [`DisplayFrame::pixel`] reads at one position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PixelValue {
    /// Modality value, and stored value when the rescale is known.
    Grey {
        value: f32,
        stored: Option<f64>,
    },
    Rgb([f32; 3]),
}

/// The model's input made from the file at `path` as a run makes it (`pixels::to_tensor` with
/// the plan's `[preprocess]`, its frame and pixel budget), as a frame to look at beside the
/// original: one channel as its values (the window spans them), three as RGB scaled from the
/// tensor's smallest to largest value to 0–255 (three equal channels, a grey image copied,
/// as one). `frames` is the tensor's channel count.
pub fn load_model_input(
    path: &Path,
    pre: &Preprocess,
) -> Result<DisplayFrame, (ExclusionReason, String)> {
    let (obj, _) = open_within(path, None, pre.max_pixels)?;
    let t = to_tensor(&obj, pre).map_err(PixelError::into_exclusion)?;
    let (c, h, w) = match pre.layout {
        Layout::Nchw => (t.shape[0], t.shape[1], t.shape[2]),
        Layout::Nhwc => (t.shape[2], t.shape[0], t.shape[1]),
    };
    let n = h * w;
    // Channel k of pixel i, whatever the layout.
    let at = |k: usize, i: usize| match pre.layout {
        Layout::Nchw => t.data[k * n + i],
        Layout::Nhwc => t.data[i * c + k],
    };
    let grey = c == 1 || (0..n).all(|i| at(0, i) == at(1, i) && at(0, i) == at(2, i));
    let (min, max) = t
        .data
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    let values: Vec<f32> = if grey {
        (0..n).map(|i| at(0, i)).collect()
    } else {
        let span = if max > min { max - min } else { 1.0 };
        (0..n)
            .flat_map(|i| (0..3).map(move |k| (k, i)))
            .map(|(k, i)| (at(k, i) - min) * (255.0 / span))
            .collect()
    };
    Ok(DisplayFrame {
        width: w as u32,
        height: h as u32,
        channels: if grey { 1 } else { 3 },
        values,
        frames: c as u32,
        window: None,
        min,
        max,
        monochrome1: false,
        modality: text(&obj, "Modality"),
        photometric: String::new(),
        rescale: None,
    })
}

impl DisplayFrame {
    /// The window to start with: the header's, else one spanning `min`–`max`.
    pub fn default_window(&self) -> (f64, f64) {
        if let Some(w) = self.window {
            return w;
        }
        let (min, max) = (f64::from(self.min), f64::from(self.max));
        let width = if max > min { max - min } else { 1.0 };
        ((min + max) / 2.0, width)
    }

    /// The windows offered for this image, (preset, centre, width): CT's five by anatomy and
    /// the header's, else only the header's (DX, MG and other grey images). None for colour.
    pub fn presets(&self) -> Vec<(Preset, f64, f64)> {
        if self.channels != 1 {
            return Vec::new();
        }
        let (c, w) = self.default_window();
        let mut v = if self.modality.trim().eq_ignore_ascii_case("CT") {
            Preset::CT.to_vec()
        } else {
            Vec::new()
        };
        v.push((Preset::Default, c, w));
        v
    }

    /// The pixel at (`row`, `column`): its modality value (HU for CT; for RGB the red, green
    /// and blue samples), and its stored value when the rescale is known.
    pub fn pixel(&self, row: u32, column: u32) -> Option<PixelValue> {
        if row >= self.height || column >= self.width {
            return None;
        }
        let i = row as usize * self.width as usize + column as usize;
        if self.channels == 3 {
            let p = self.values.get(3 * i..3 * i + 3)?;
            return Some(PixelValue::Rgb([p[0], p[1], p[2]]));
        }
        let value = *self.values.get(i)?;
        let stored = self
            .rescale
            .map(|(slope, intercept)| ((f64::from(value) - intercept) / slope).round());
        Some(PixelValue::Grey { value, stored })
    }

    /// RGBA8 pixels, row-major. Grey: the DICOM linear VOI function (PS3.3 C.11.2.1.2.1) with
    /// this centre and width, to 0–255 (values up to `center - width/2` are 0, from
    /// `center + width/2` on 255), inverted for MONOCHROME1. RGB: the values as they are; the
    /// window is ignored.
    pub fn to_rgba(&self, center: f64, width: f64) -> Vec<u8> {
        let to_u8 = |v: f64| v.round().clamp(0.0, 255.0) as u8;
        if self.channels == 3 {
            return self
                .values
                .chunks_exact(3)
                .flat_map(|p| {
                    let [r, g, b] = [p[0], p[1], p[2]].map(|v| to_u8(f64::from(v)));
                    [r, g, b, 255]
                })
                .collect();
        }
        // dicom-pixeldata's transform, as the run's window uses (below width 1 it switches to
        // LINEAR_EXACT, where LINEAR is undefined).
        let t = WindowLevelTransform::linear(WindowLevel { center, width });
        self.values
            .iter()
            .flat_map(|&v| {
                let y = to_u8(t.apply(f64::from(v), 255.0));
                let y = if self.monochrome1 { 255 - y } else { y };
                [y, y, y, 255]
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grey(values: Vec<f32>, monochrome1: bool) -> DisplayFrame {
        DisplayFrame {
            width: values.len() as u32,
            height: 1,
            channels: 1,
            min: values.iter().copied().fold(f32::INFINITY, f32::min),
            max: values.iter().copied().fold(f32::NEG_INFINITY, f32::max),
            values,
            frames: 1,
            window: None,
            monochrome1,
            modality: "CT".into(),
            photometric: "MONOCHROME2".into(),
            rescale: Some((1.0, -1024.0)),
        }
    }

    fn greys(rgba: &[u8]) -> Vec<u8> {
        rgba.chunks_exact(4)
            .map(|p| {
                assert_eq!((p[0], p[0], p[3]), (p[1], p[2], 255), "grey, opaque");
                p[0]
            })
            .collect()
    }

    #[test]
    fn linear_window_ends_are_black_and_white() {
        // centre 40, width 400: -160 and below → 0, 240 and above → 255, the DICOM formula
        // ((x − 39.5) / 399 + 0.5) · 255 between.
        let f = grey(
            vec![-1000.0, -160.0, -159.0, 40.0, 239.0, 240.0, 3000.0],
            false,
        );
        let y = greys(&f.to_rgba(40.0, 400.0));
        let mid = |x: f64| (((x - 39.5) / 399.0 + 0.5) * 255.0).round() as u8;
        assert_eq!(y, [0, 0, mid(-159.0), mid(40.0), mid(239.0), 255, 255]);
        assert_eq!(mid(40.0), 128);
    }

    #[test]
    fn monochrome1_is_inverted() {
        let values = vec![-160.0, 0.0, 40.0, 240.0];
        let normal = greys(&grey(values.clone(), false).to_rgba(40.0, 400.0));
        let inverted = greys(&grey(values, true).to_rgba(40.0, 400.0));
        assert_eq!(inverted[0], 255);
        assert_eq!(inverted[3], 0);
        for (a, b) in normal.iter().zip(&inverted) {
            assert_eq!(u16::from(*a) + u16::from(*b), 255);
        }
    }

    #[test]
    fn rgb_passes_through() {
        let mut f = grey(vec![0.0, 127.6, 255.0, 10.0, 20.0, 30.0], false);
        f.channels = 3;
        f.width = 2;
        assert_eq!(f.to_rgba(0.0, 1.0), [0, 128, 255, 255, 10, 20, 30, 255]);
    }

    #[test]
    fn ct_has_five_presets_and_the_header_other_modalities_only_the_header() {
        let mut f = grey(vec![-1000.0, 300.0], false);
        f.window = Some((35.0, 350.0));
        let p = f.presets();
        assert_eq!(p.len(), 6);
        assert!(p.contains(&(Preset::Lung, -600.0, 1500.0)));
        assert!(p.contains(&(Preset::Brain, 40.0, 80.0)));
        assert_eq!(p.last(), Some(&(Preset::Default, 35.0, 350.0)));
        f.modality = "MG".into();
        assert_eq!(f.presets(), [(Preset::Default, 35.0, 350.0)]);
        f.channels = 3;
        assert!(f.presets().is_empty());
    }

    #[test]
    fn a_pixel_reads_its_modality_and_stored_value() {
        // 2 × 2, rescale intercept −1024: stored = HU + 1024.
        let mut f = grey(vec![-1000.0, 0.0, 40.0, 300.0], false);
        (f.width, f.height) = (2, 2);
        assert_eq!(
            f.pixel(1, 0),
            Some(PixelValue::Grey {
                value: 40.0,
                stored: Some(1064.0)
            })
        );
        assert_eq!(f.pixel(2, 0), None);
        assert_eq!(f.pixel(0, 2), None);
        f.rescale = None;
        assert_eq!(
            f.pixel(0, 1),
            Some(PixelValue::Grey {
                value: 0.0,
                stored: None
            })
        );
    }

    #[test]
    fn default_window_is_the_header_else_the_value_range() {
        let mut f = grey(vec![-100.0, 300.0], false);
        assert_eq!(f.default_window(), (100.0, 400.0));
        let y = greys(&f.to_rgba(100.0, 400.0));
        assert_eq!(y, [0, 255]);
        f.window = Some((40.0, 400.0));
        assert_eq!(f.default_window(), (40.0, 400.0));
        let flat = grey(vec![7.0, 7.0], false);
        assert_eq!(flat.default_window(), (7.0, 1.0));
    }
}
