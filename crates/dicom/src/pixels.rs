//! From one DICOM object's pixel data to a model input tensor.
//!
//! Every step is declared in the plan's `[preprocess]` section ([`Preprocess`]) and runs in
//! this fixed order:
//!
//! 1. decode the selected `frame` (dicom-pixeldata; samples masked to Bits Stored and
//!    sign-extended when Pixel Representation = 1; native YBR_FULL converted to RGB);
//! 2. `modality_lut` (monochrome only);
//! 3. `window` (monochrome only), to `[0, 1]`;
//! 4. `invert_monochrome1`;
//! 5. colour to grey when `channels = 1` (luma, see [`Preprocess::channels`]);
//! 6. `resize` (each channel separately);
//! 7. grey to three channels when `channels = 3`;
//! 8. `normalize`;
//! 9. `layout`.
//!
//! Steps 1–5 compute in `f64`; the values become `f32` before the resize.

use std::cell::RefCell;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

use dicom_dictionary_std::tags;
use dicom_encoding::transfer_syntax::TransferSyntaxIndex;
use dicom_object::DefaultDicomObject;
use dicom_pixeldata::{
    DecodedPixelData, PhotometricInterpretation as Pi, PixelDecoder, PixelRepresentation,
    PlanarConfiguration, VoiLutFunction, WindowLevel, WindowLevelTransform,
};
use dicom_transfer_syntax_registry::TransferSyntaxRegistry;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Unexpected, Visitor};
use serde::{Deserialize, Serialize, Serializer};

pub use super::pixel_error::PixelError;

/// The `[preprocess]` plan section. Every step is optional; missing keys take the defaults
/// shown, unknown keys are an error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Preprocess {
    /// Which frame (0-based) of a multi-frame image. Default 0.
    pub frame: u32,
    /// Default `true`: map stored values to modality values (e.g. Hounsfield units) with the
    /// first item of the Modality LUT Sequence (0028,3000) if present, else with
    /// Rescale Slope/Intercept (top level, or the frame's Pixel Value Transformation
    /// functional group), as pydicom's `apply_modality_lut` does. Applies to monochrome
    /// images only; colour samples are never rescaled.
    pub modality_lut: bool,
    /// VOI window to `[0, 1]`. Default `"none"`. See [`Window`].
    pub window: Window,
    /// Default `true`: MONOCHROME1 (where low values are bright) is inverted so that higher
    /// values are brighter. After a window: `1 - x`. Without a window: `max + min - x`, with
    /// `min`/`max` the smallest/largest value of this frame after the modality LUT, so the
    /// value range is unchanged.
    pub invert_monochrome1: bool,
    /// Default `"none"`. See [`Resize`].
    pub resize: Resize,
    /// 1 or 3; default 1. Grey images with 3: the grey plane is copied into all three
    /// channels. Colour (RGB) images with 3: R, G, B are kept. Colour images with 1: luma
    /// `Y = 0.299 R + 0.587 G + 0.114 B` (ITU-R BT.601, the Y of DICOM's YBR_FULL).
    pub channels: u8,
    /// Default `"none"`. See [`Normalize`].
    pub normalize: Normalize,
    /// Default `"NCHW"`. See [`Layout`].
    pub layout: Layout,
    /// The pixel budget: an image whose Rows × Columns × Number of Frames exceeds it is
    /// excluded (`too_large`) before its pixel data are read, since the whole object is held
    /// in memory while a frame is decoded. Default [`DEFAULT_MAX_PIXELS`], at most
    /// [`MAX_PIXELS_LIMIT`].
    #[serde(skip_serializing_if = "is_default_max_pixels")]
    pub max_pixels: u64,
}

/// The default pixel budget: 100 million pixels (a 10 000 × 10 000 image, or 380 frames of
/// 512 × 512), about 200 MB of 16-bit samples held per decoding thread.
pub const DEFAULT_MAX_PIXELS: u64 = 100_000_000;
/// The largest pixel budget a plan may set (docs/plan.md, "Limits"); also the budget of the
/// header scan, which streams and never holds pixel data.
pub const MAX_PIXELS_LIMIT: u64 = 2_000_000_000;

fn is_default_max_pixels(v: &u64) -> bool {
    *v == DEFAULT_MAX_PIXELS
}

impl Default for Preprocess {
    fn default() -> Self {
        Preprocess {
            frame: 0,
            modality_lut: true,
            window: Window::None,
            invert_monochrome1: true,
            resize: Resize::None,
            channels: 1,
            normalize: Normalize::None,
            layout: Layout::Nchw,
            max_pixels: DEFAULT_MAX_PIXELS,
        }
    }
}

impl Preprocess {
    /// Checks the plan on its own (without an image). [`to_tensor`] calls this first.
    pub fn validate(&self) -> Result<(), PixelError> {
        let bad = |msg: String| Err(PixelError::InvalidPlan(msg));
        // Its upper limit is checked with the plan's others (`Plan::check_limits`).
        if self.max_pixels == 0 {
            return bad("max_pixels must be at least 1".into());
        }
        if self.channels != 1 && self.channels != 3 {
            return bad(format!("channels must be 1 or 3, not {}", self.channels));
        }
        if let Window::Explicit { center, width } = self.window
            && !(center.is_finite() && width.is_finite() && width > 0.0)
        {
            return bad(format!(
                "window width must be > 0 and finite (center {center}, width {width})"
            ));
        }
        if let Resize::To { height, width } = self.resize
            && (height == 0 || width == 0)
        {
            return bad(format!("resize to [{height}, {width}]: sizes must be > 0"));
        }
        if let Resize::To { height, width } = self.resize
            && height.max(width) > MAX_RESIZE_SIDE
        {
            return bad(format!(
                "resize to [{height}, {width}]: each side must be at most {MAX_RESIZE_SIDE} pixels"
            ));
        }
        if let Normalize::MeanStd { mean, std } = &self.normalize {
            let c = usize::from(self.channels);
            for (name, v) in [("mean", mean), ("std", std)] {
                if v.len() != 1 && v.len() != c {
                    return bad(format!(
                        "normalize.{name} has {} values; give 1 or {c} (channels = {c})",
                        v.len()
                    ));
                }
                if v.iter().any(|x| !x.is_finite()) {
                    return bad(format!("normalize.{name} values must be finite"));
                }
            }
            if std.contains(&0.0) {
                return bad("normalize.std values must not be 0".into());
            }
        }
        Ok(())
    }
}

/// VOI windowing. TOML: `"none"`, `"header"`, or `{ center = 40, width = 400 }`.
///
/// The window maps modality values to `[0, 1]` with the DICOM linear function
/// (PS3.3 C.11.2.1.2.1), for centre `c` and width `w`:
/// `x <= c - 0.5 - (w-1)/2` → 0; `x > c - 0.5 + (w-1)/2` → 1;
/// else `(x - (c - 0.5)) / (w - 1) + 0.5`.
/// This is dicom-pixeldata's [`WindowLevelTransform`] (used here with output maximum 1),
/// so it behaves like dicom-pixeldata: a width below 1 uses LINEAR_EXACT
/// (`(x - c) / w + 0.5`, clamped to `[0, 1]`) because LINEAR is undefined there.
/// Monochrome images only.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Window {
    /// No window: values stay in modality units.
    #[default]
    None,
    /// The first Window Center/Width of the object (or of the frame's Frame VOI LUT
    /// functional group) with the object's VOI LUT Function (LINEAR when absent;
    /// LINEAR_EXACT and SIGMOID are honoured). A VOI LUT Sequence is not used.
    /// Fails with [`PixelError::NoWindowInHeader`] if there is no window.
    Header,
    /// This window, always with the LINEAR function.
    Explicit { center: f64, width: f64 },
}

/// The largest side `resize` may ask for (docs/plan.md, "Limits").
pub const MAX_RESIZE_SIDE: u32 = 8_192;

/// Resize. TOML: `"none"` or `[height, width]`.
///
/// Uses fast_image_resize's convolution with the bilinear (triangle) filter on `f32`
/// planes; the filter widens when shrinking, so downscaling is antialiased, like Pillow's
/// `BILINEAR` and torchvision's `Resize(antialias=True)`. Values are not clamped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Resize {
    #[default]
    None,
    To {
        height: u32,
        width: u32,
    },
}

/// Final normalisation. TOML: `"none"`, `"minmax"` or `{ mean = [..], std = [..] }`.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Normalize {
    #[default]
    None,
    /// `(x - min) / (max - min)` over the whole tensor (all channels); all zeros if
    /// `max == min`.
    MinMax,
    /// `(x - mean[c]) / std[c]` per channel; each list has one value per channel or a
    /// single value for all channels.
    MeanStd { mean: Vec<f32>, std: Vec<f32> },
}

/// Memory layout of the tensor. TOML: `"NCHW"` (default) or `"NHWC"`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
pub enum Layout {
    #[default]
    #[serde(rename = "NCHW")]
    Nchw,
    #[serde(rename = "NHWC")]
    Nhwc,
}

/// A model input without the batch dimension: `shape` is `[C, H, W]` for NCHW and
/// `[H, W, C]` for NHWC; `data` is row-major in that shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Tensor {
    pub shape: [usize; 3],
    pub data: Vec<f32>,
}

impl Tensor {
    /// Adds the batch dimension of size 1, for `ort`'s `TensorRef::from_array_view`.
    pub fn into_batch(self) -> Result<ndarray::Array4<f32>, ndarray::ShapeError> {
        let [a, b, c] = self.shape;
        ndarray::Array4::from_shape_vec((1, a, b, c), self.data)
    }
}

/// Decodes `p.frame` of `obj` and applies the plan (see the module documentation for the
/// order of the steps).
pub fn to_tensor(obj: &DefaultDicomObject, p: &Preprocess) -> Result<Tensor, PixelError> {
    p.validate()?;
    check_header(obj, p)?;
    let px = decode_frame(obj, p.frame)?;
    let (rows, cols) = (px.rows() as usize, px.columns() as usize);
    let npix = rows * cols;
    if npix == 0 {
        return Err(PixelError::UnsupportedImage("0 rows or columns".into()));
    }
    let (mut data, grey, h, w) = match p.resize {
        Resize::None => {
            let (data, grey) = values(obj, &px, p)?;
            (data, grey, rows, cols)
        }
        Resize::To { height, width } => SCRATCH.with(|scratch| -> Result<_, PixelError> {
            let Scratch { plane, resizer } = &mut *scratch.borrow_mut();
            let grey = values_into(obj, &px, p, plane)?;
            let (height, width) = (height as usize, width as usize);
            let data = resize(resizer, plane, cols, rows, width, height);
            if plane.capacity() > SCRATCH_KEPT {
                *plane = Vec::new();
                *resizer = fast_image_resize::Resizer::new();
            }
            Ok((data?, grey, height, width))
        })?,
    };
    if grey && p.channels == 3 {
        data = data.repeat(3);
    }
    let c = usize::from(p.channels);
    normalize(&mut data, &p.normalize, h * w);

    Ok(match p.layout {
        Layout::Nchw => Tensor {
            shape: [c, h, w],
            data,
        },
        Layout::Nhwc => Tensor {
            shape: [h, w, c],
            data: (0..h * w)
                .flat_map(|i| (0..c).map(move |ch| (ch, i)))
                .map(|(ch, i)| data[ch * h * w + i])
                .collect(),
        },
    })
}

/// What a thread keeps from one resized image to the next: the plane before the resize and
/// the resizer with its buffers. Allocating them afresh for each image cost more than the
/// resize itself (each new page of a large buffer is a page fault; for 1024² CT resized to
/// 512², two thirds of the thread's time).
struct Scratch {
    plane: Vec<f32>,
    resizer: fast_image_resize::Resizer,
}

/// A scratch plane above this many values (64 MB) is freed after its image, so that one huge
/// image does not keep its memory on the thread for the rest of the run.
const SCRATCH_KEPT: usize = 16 << 20;

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch {
        plane: Vec::new(),
        resizer: fast_image_resize::Resizer::new(),
    });
}

/// Steps 1–5: the frame's values as `f32` planes, and whether the image is grey.
pub(crate) fn values(
    obj: &DefaultDicomObject,
    px: &DecodedPixelData<'_>,
    p: &Preprocess,
) -> Result<(Vec<f32>, bool), PixelError> {
    let mut data = Vec::new();
    let grey = values_into(obj, px, p, &mut data)?;
    Ok((data, grey))
}

/// [`values`] into `out` (its contents replaced, its memory reused).
fn values_into(
    obj: &DefaultDicomObject,
    px: &DecodedPixelData<'_>,
    p: &Preprocess,
    out: &mut Vec<f32>,
) -> Result<bool, PixelError> {
    let npix = px.rows() as usize * px.columns() as usize;
    let pi = photometric_interpretation(obj, px);
    if grey_fast(obj, px, p, &pi, out)? {
        return Ok(true);
    }
    let mut img = samples(px)?;

    let grey = match &pi {
        Pi::Monochrome1 | Pi::Monochrome2 if px.samples_per_pixel() == 1 => true,
        Pi::Rgb if px.samples_per_pixel() == 3 => false,
        Pi::YbrFull if px.samples_per_pixel() == 3 => {
            ybr_full_to_rgb(&mut img, px.bits_stored());
            false
        }
        pi => {
            return Err(PixelError::UnsupportedImage(format!(
                "Photometric Interpretation {} with {} samples per pixel",
                pi.as_str(),
                px.samples_per_pixel()
            )));
        }
    };

    if grey {
        if p.modality_lut {
            modality_lut(obj, px, &mut img)?;
        }
        let windowed = window(px, &p.window, &mut img)?;
        if p.invert_monochrome1 && pi == Pi::Monochrome1 {
            invert(&mut img, windowed);
        }
    } else if p.window != Window::None {
        return Err(PixelError::NotApplicable(
            "a VOI window applies only to MONOCHROME1/MONOCHROME2 images; this one is colour"
                .into(),
        ));
    }
    if !grey && p.channels == 1 {
        img = (0..npix)
            .map(|i| 0.299 * img[i] + 0.587 * img[npix + i] + 0.114 * img[2 * npix + i])
            .collect();
    }

    out.clear();
    out.extend(img.into_iter().map(|v| v as f32));
    Ok(grey)
}

/// The common case, a grey image of 8- or 16-bit samples, in one pass over the pixels: each
/// stored value is looked up in a table of steps 2–4 computed once per possible value by the
/// same functions as the general path, so the results are the same. Writes `out` and returns
/// true, or returns false when the general path is needed.
fn grey_fast(
    obj: &DefaultDicomObject,
    px: &DecodedPixelData<'_>,
    p: &Preprocess,
    pi: &Pi,
    out: &mut Vec<f32>,
) -> Result<bool, PixelError> {
    let monochrome1 = *pi == Pi::Monochrome1;
    let allocated = px.bits_allocated();
    if px.samples_per_pixel() != 1
        || !matches!(pi, Pi::Monochrome1 | Pi::Monochrome2)
        || !matches!(allocated, 8 | 16)
        || (monochrome1 && p.invert_monochrome1 && p.window == Window::None)
    {
        return Ok(false);
    }
    let npix = px.rows() as usize * px.columns() as usize;
    let bytes = px
        .frame_data(0)
        .map_err(|e| PixelError::Decode(chain(&e)))?;
    let available = bytes.len() / usize::from(allocated / 8);
    if available < npix {
        return Err(PixelError::Decode(format!(
            "decoded frame has {available} samples, expected {npix}"
        )));
    }
    let stored = match px.bits_stored() {
        0 => allocated,
        s => s.min(allocated),
    };
    let signed = px.pixel_representation() == PixelRepresentation::Signed;
    // The table covers every stored value, lowest first: an unsigned value is its own index,
    // a two's-complement one is offset by half the range.
    let mask = (1u32 << stored) - 1;
    let offset = if signed { 1u32 << (stored - 1) } else { 0 };
    let (lo, hi) = (-(offset as i32), mask as i32 - offset as i32);
    let index = |r: u32| (((r & mask) + offset) & mask) as usize;

    // Without a Modality LUT Sequence the table depends only on a few numbers that a cohort's
    // images usually share, so it is kept per thread and built once.
    let table = if obj.get(tags::MODALITY_LUT_SEQUENCE).is_none() {
        let rescale = if p.modality_lut {
            px.rescale()
                .map_err(|e| PixelError::Decode(chain(&e)))?
                .first()
                .map(|r| (r.slope, r.intercept))
        } else {
            None
        };
        let key = TableKey {
            stored,
            signed,
            rescale,
            window: window_parameters(px, &p.window)?,
            invert: monochrome1 && p.invert_monochrome1,
        };
        TABLES.with(|cache| -> Result<_, PixelError> {
            let mut cache = cache.borrow_mut();
            match cache.as_ref() {
                Some((k, table)) if *k == key => Ok(table.clone()),
                _ => {
                    let table = Rc::new(grey_table(obj, px, p, monochrome1, lo, hi)?);
                    *cache = Some((key, table.clone()));
                    Ok(table)
                }
            }
        })?
    } else {
        Rc::new(grey_table(obj, px, p, monochrome1, lo, hi)?)
    };
    out.clear();
    match allocated {
        8 => out.extend(bytes[..npix].iter().map(|&b| table[index(u32::from(b))])),
        _ => out.extend(
            bytes
                .chunks_exact(2)
                .take(npix)
                .map(|b| table[index(u32::from(u16::from_ne_bytes([b[0], b[1]])))]),
        ),
    }
    Ok(true)
}

/// What a grey value table depends on (a Modality LUT Sequence makes it per image).
#[derive(Debug, Clone, PartialEq)]
struct TableKey {
    stored: u16,
    signed: bool,
    rescale: Option<(f64, f64)>,
    window: Option<(VoiLutFunction, WindowLevel)>,
    invert: bool,
}

thread_local! {
    /// The last grey value table built on this thread, with what it was built for.
    static TABLES: RefCell<Option<(TableKey, Rc<Vec<f32>>)>> = const { RefCell::new(None) };
}

/// Steps 2–4 for every stored value in `lo..=hi`, by the same functions as the general path.
fn grey_table(
    obj: &DefaultDicomObject,
    px: &DecodedPixelData<'_>,
    p: &Preprocess,
    monochrome1: bool,
    lo: i32,
    hi: i32,
) -> Result<Vec<f32>, PixelError> {
    let mut table: Vec<f64> = (lo..=hi).map(f64::from).collect();
    if p.modality_lut {
        modality_lut(obj, px, &mut table)?;
    }
    let windowed = window(px, &p.window, &mut table)?;
    if monochrome1 && p.invert_monochrome1 {
        invert(&mut table, windowed); // windowed here: 1 − x
    }
    Ok(table.into_iter().map(|v| v as f32).collect())
}

/// UID of JPEG Extended (Process 2 & 4); its 12-bit form is not decodable by jpeg-decoder.
const JPEG_EXTENDED: &str = "1.2.840.10008.1.2.4.51";
const EXPLICIT_VR_BIG_ENDIAN: &str = "1.2.840.10008.1.2.2";
const RLE_LOSSLESS: &str = "1.2.840.10008.1.2.5";

/// Checks what can be known before decoding, then decodes one frame, turning decoder
/// panics into [`PixelError::Decode`].
pub(crate) fn decode_frame(
    obj: &DefaultDicomObject,
    frame: u32,
) -> Result<DecodedPixelData<'_>, PixelError> {
    if obj.get(tags::PIXEL_DATA).is_none() {
        return Err(PixelError::NoPixelData);
    }
    let uid = obj.meta().transfer_syntax();
    let unsupported = || PixelError::UnsupportedTransferSyntax(uid.to_string());
    let ts = TransferSyntaxRegistry.get(uid).ok_or_else(unsupported)?;
    if !ts.can_decode_all() || (uid == JPEG_EXTENDED && int(obj, tags::BITS_STORED) > Some(8)) {
        return Err(unsupported());
    }
    if uid == EXPLICIT_VR_BIG_ENDIAN && int(obj, tags::BITS_ALLOCATED) == Some(32) {
        // dicom-object swaps OW pixel data in 16-bit words, which scrambles 32-bit samples
        return Err(PixelError::UnsupportedImage(
            "32-bit samples in Explicit VR Big Endian".into(),
        ));
    }
    let frames = frame_count(obj);
    if frame >= frames {
        return Err(PixelError::FrameOutOfRange { frame, frames });
    }
    let pi = obj
        .get(tags::PHOTOMETRIC_INTERPRETATION)
        .and_then(|e| e.to_str().ok());
    if !ts.is_encapsulated_pixel_data() && pi.as_deref().map(str::trim) == Some("YBR_FULL_422") {
        return Err(PixelError::UnsupportedImage(
            "uncompressed YBR_FULL_422 (subsampled chroma)".into(),
        ));
    }
    check_geometry(obj, ts.is_encapsulated_pixel_data())?;
    match quietly(|| obj.decode_pixel_data_frame(frame)) {
        Ok(Ok(px)) => Ok(px),
        Ok(Err(e)) => Err(PixelError::Decode(chain(&e))),
        Err(msg) => Err(PixelError::Decode(format!("the decoder panicked: {msg}"))),
    }
}

thread_local! {
    /// Set while [`quietly`] runs a call whose panics are caught and become exclusions.
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, turning a panic into its message. The panic hook of the command line
/// (`main.rs`) prints nothing for a panic caught here ([`in_quiet_catch`]): a decoder that
/// panics on a damaged file costs that file, not a backtrace mailed by cron.
pub fn quietly<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    let outer = QUIET.with(|q| q.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(outer));
    result.map_err(|panic| {
        panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default()
    })
}

/// Whether this thread is inside [`quietly`] (for a panic hook).
pub fn in_quiet_catch() -> bool {
    QUIET.with(|q| q.get())
}

/// A number in a header value: one finite decimal, as DICOM's DS and IS write it.
fn number(text: &str) -> Option<f64> {
    let t = text.trim_matches(['\0', ' ']);
    if t.contains('\\') {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Checks the header values the decode and the plan's steps read, so that one that is present
/// but unusable excludes the image instead of being replaced by a default (dicom-pixeldata
/// takes an unreadable Rescale Intercept as 0 and Slope as 1; a CT image then changes class):
/// Rescale Slope/Intercept (with `modality_lut`, top level and functional groups), Window
/// Center/Width (with `window = "header"`), and Bits Allocated/Stored/High Bit. The messages
/// name the attribute, never its value. Absent values keep their defined defaults.
pub fn check_header(obj: &DefaultDicomObject, p: &Preprocess) -> Result<(), PixelError> {
    use dicom_object::InMemDicomObject;
    // The object and the items of its functional groups' `sequence` that hold the values.
    fn places(obj: &InMemDicomObject, sequence: dicom_object::Tag) -> Vec<&InMemDicomObject> {
        let mut v = vec![obj];
        for groups in [
            tags::SHARED_FUNCTIONAL_GROUPS_SEQUENCE,
            tags::PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE,
        ] {
            let items = obj.get(groups).and_then(|e| e.items()).unwrap_or_default();
            for item in items {
                let inner = item
                    .get(sequence)
                    .and_then(|e| e.items())
                    .unwrap_or_default();
                v.extend(inner.iter());
            }
        }
        v
    }
    let bad = |msg: String| Err(PixelError::BadHeader(msg));
    let check = |at: &[&InMemDicomObject], tag: dicom_object::Tag, name: &str, multi: bool| {
        for o in at {
            let Some(e) = o.get(tag) else { continue };
            let Ok(text) = e.to_str() else {
                return bad(format!("{name} cannot be read as a number"));
            };
            let text = text.trim_matches(['\0', ' ']);
            if text.is_empty() {
                continue;
            }
            let values: Vec<&str> = if multi {
                text.split('\\').collect()
            } else {
                vec![text]
            };
            if values.iter().any(|v| number(v).is_none()) {
                return bad(format!(
                    "{name} is not a finite decimal number (DICOM DS: digits, '.', sign, exponent; one value): fix the header or exclude the image"
                ));
            }
        }
        Ok(())
    };
    let obj: &InMemDicomObject = obj;
    if p.modality_lut {
        let at = places(obj, tags::PIXEL_VALUE_TRANSFORMATION_SEQUENCE);
        check(&at, tags::RESCALE_INTERCEPT, "Rescale Intercept", false)?;
        check(&at, tags::RESCALE_SLOPE, "Rescale Slope", false)?;
    }
    if p.window == Window::Header {
        let at = places(obj, tags::FRAME_VOILUT_SEQUENCE);
        check(&at, tags::WINDOW_CENTER, "Window Center", true)?;
        check(&at, tags::WINDOW_WIDTH, "Window Width", true)?;
    }
    let us = |tag, name: &str| -> Result<Option<i64>, PixelError> {
        match obj.get(tag) {
            None => Ok(None),
            Some(e) => match e.to_int::<i64>() {
                Ok(v) => Ok(Some(v)),
                Err(_) => Err(PixelError::BadHeader(format!("{name} cannot be read"))),
            },
        }
    };
    let allocated = us(tags::BITS_ALLOCATED, "Bits Allocated")?;
    let stored = us(tags::BITS_STORED, "Bits Stored")?;
    let high = us(tags::HIGH_BIT, "High Bit")?;
    if let Some(a) = allocated
        && !matches!(a, 1 | 8 | 16 | 32)
    {
        return Err(PixelError::UnsupportedImage(format!("Bits Allocated {a}")));
    }
    if let (Some(a), Some(s)) = (allocated, stored)
        && !(1..=a).contains(&s)
    {
        return bad(format!(
            "Bits Stored ({s}) must be between 1 and Bits Allocated ({a})"
        ));
    }
    if let (Some(s), Some(h)) = (stored, high)
        && h != s - 1
    {
        return bad(format!("High Bit ({h}) must be Bits Stored ({s}) − 1"));
    }
    Ok(())
}

/// Checks the pixel data against Rows × Columns × frames × samples × bits before a decoder
/// allocates: native data must have that many bytes (and little trailing padding); a
/// compressed frame's own header must announce no other size and components
/// ([`super::codestream::check_fragments`]), since the decoders allocate what the codestream
/// says; an RLE frame's segment table must fit the image ([`super::rle::check_frame`]).
fn check_geometry(obj: &DefaultDicomObject, encapsulated: bool) -> Result<(), PixelError> {
    let get = |tag| int(obj, tag).unwrap_or(0).max(0) as u64;
    let (rows, cols) = (get(tags::ROWS), get(tags::COLUMNS));
    let samples = get(tags::SAMPLES_PER_PIXEL).max(1);
    let bits = get(tags::BITS_ALLOCATED);
    let frames = u64::from(frame_count(obj));
    if rows == 0 || cols == 0 {
        return Err(PixelError::BadHeader(
            "Rows or Columns is 0 or missing".into(),
        ));
    }
    let Some(pixel_data) = obj.get(tags::PIXEL_DATA) else {
        return Err(PixelError::NoPixelData);
    };
    // Only grey and colour images are read; a decoder sizes its output by the samples
    // (CharLS by a frame's components, up to 255, with no allocation guard).
    if !matches!(samples, 1 | 3) {
        return Err(PixelError::UnsupportedImage(
            "Samples per Pixel other than 1 or 3".into(),
        ));
    }
    if !encapsulated {
        let expected = (rows * cols)
            .saturating_mul(frames)
            .saturating_mul(samples)
            .saturating_mul(bits)
            .div_ceil(8);
        let actual = pixel_data.value().to_bytes().map_or(0, |b| b.len() as u64);
        // Some writers pad the pixel data beyond its size (pydicom reads and ignores the
        // excess): up to one row or 1/32 of the data is taken as such padding; more means
        // Rows, Columns, frames or bits do not describe the data.
        let row = (cols * samples * bits).div_ceil(8);
        if actual < expected || actual - expected > row.max(expected / 32).max(1) {
            return Err(PixelError::BadHeader(format!(
                "the pixel data hold {actual} bytes, but Rows × Columns × frames × samples × bits call for {expected}: the header does not describe these pixels"
            )));
        }
        return Ok(());
    }
    let fragments = pixel_data.value().fragments().unwrap_or_default();
    if obj.meta().transfer_syntax().trim_end_matches(['\0', ' ']) == RLE_LOSSLESS {
        // The RLE decoder reads its header only for the bits it supports (8, 16).
        if matches!(bits, 8 | 16) {
            for fragment in fragments {
                super::rle::check_frame(fragment, rows, cols, samples, bits)?;
            }
        }
        return Ok(());
    }
    super::codestream::check_fragments(fragments, rows, cols, samples)
}

/// Number of Frames, 1 when absent.
pub(crate) fn frame_count(obj: &DefaultDicomObject) -> u32 {
    match int(obj, tags::NUMBER_OF_FRAMES) {
        Some(n) if n > 0 => u32::try_from(n).unwrap_or(u32::MAX),
        _ => 1,
    }
}

/// The colour space of the decoded samples. dicom-pixeldata labels every decoded
/// encapsulated frame with 3 samples RGB: true for JPEG and JPEG 2000, whose decoders
/// convert, but not for RLE, whose YBR_FULL samples come out unchanged.
pub(crate) fn photometric_interpretation(
    obj: &DefaultDicomObject,
    px: &DecodedPixelData<'_>,
) -> Pi {
    let from_file = || {
        let pi = obj.get(tags::PHOTOMETRIC_INTERPRETATION)?.to_str().ok()?;
        Some(Pi::from(pi.trim()))
    };
    match obj.meta().transfer_syntax() {
        RLE_LOSSLESS => from_file(),
        _ => None,
    }
    .unwrap_or_else(|| px.photometric_interpretation().clone())
}

/// The first value of an integer attribute, if present and readable.
fn int(obj: &DefaultDicomObject, tag: dicom_object::Tag) -> Option<i64> {
    obj.get(tag)?.to_int::<i64>().ok()
}

/// The frame's samples as `f64`, one plane per sample (CHW), masked to Bits Stored and
/// sign-extended if signed. Decoders hand over samples in native byte order.
fn samples(px: &DecodedPixelData<'_>) -> Result<Vec<f64>, PixelError> {
    let spp = usize::from(px.samples_per_pixel());
    let npix = px.rows() as usize * px.columns() as usize;
    let n = npix * spp;
    let bytes = px
        .frame_data(0)
        .map_err(|e| PixelError::Decode(chain(&e)))?;
    let allocated = px.bits_allocated();
    let stored = match px.bits_stored() {
        0 => allocated,
        s => s.min(allocated),
    };
    let raw: Vec<u32> = match allocated {
        1 => bytes.iter().map(|&b| u32::from(b != 0)).collect(),
        8 => bytes.iter().map(|&b| u32::from(b)).collect(),
        16 => bytes
            .chunks_exact(2)
            .map(|b| u32::from(u16::from_ne_bytes([b[0], b[1]])))
            .collect(),
        32 => bytes
            .chunks_exact(4)
            .map(|b| u32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
            .collect(),
        other => {
            return Err(PixelError::UnsupportedImage(format!(
                "Bits Allocated {other}"
            )));
        }
    };
    if raw.len() < n {
        return Err(PixelError::Decode(format!(
            "decoded frame has {} samples, expected {n}",
            raw.len()
        )));
    }
    let signed = px.pixel_representation() == PixelRepresentation::Signed && allocated > 1;
    let mask = if stored >= 32 {
        u32::MAX
    } else {
        (1 << stored) - 1
    };
    let value = |r: u32| {
        let v = i64::from(r & mask);
        if signed && v >> (stored - 1) == 1 {
            (v - (1i64 << stored)) as f64
        } else {
            v as f64
        }
    };
    let planar = spp > 1 && px.planar_configuration() == PlanarConfiguration::PixelFirst;
    Ok(if spp == 1 || planar {
        raw[..n].iter().map(|&r| value(r)).collect()
    } else {
        (0..spp)
            .flat_map(|c| (0..npix).map(move |i| (c, i)))
            .map(|(c, i)| value(raw[i * spp + c]))
            .collect()
    })
}

/// YBR_FULL to RGB (PS3.3 C.7.6.3.1.2), rounded (`floor(x + 0.5)`) and clamped to the
/// sample range, like pydicom's `convert_color_space` (which works in `f32`).
fn ybr_full_to_rgb(img: &mut [f64], bits_stored: u16) {
    let n = img.len() / 3;
    let half = f64::from(1u32 << (bits_stored.clamp(1, 16) - 1));
    let top = 2.0 * half - 1.0;
    for i in 0..n {
        let (y, cb, cr) = (img[i], img[n + i] - half, img[2 * n + i] - half);
        let rgb = [
            y + 1.402 * cr,
            y - (0.114 * 1.772 / 0.587) * cb - (0.299 * 1.402 / 0.587) * cr,
            y + 1.772 * cb,
        ];
        for (c, v) in rgb.into_iter().enumerate() {
            img[c * n + i] = (v + 0.5).floor().clamp(0.0, top);
        }
    }
}

/// Step 2: the first Modality LUT Sequence item if present (values below its first mapped
/// value take entry 0, above its end the last entry, as in pydicom), else Rescale
/// Slope/Intercept for this frame.
fn modality_lut(
    obj: &DefaultDicomObject,
    px: &DecodedPixelData<'_>,
    img: &mut [f64],
) -> Result<(), PixelError> {
    if let Some(item) = obj
        .get(tags::MODALITY_LUT_SEQUENCE)
        .and_then(|e| e.items()?.first())
    {
        let bad =
            |what: &str| PixelError::UnsupportedImage(format!("Modality LUT Sequence: {what}"));
        let desc: Vec<i64> = item
            .get(tags::LUT_DESCRIPTOR)
            .and_then(|e| e.to_multi_int().ok())
            .filter(|d: &Vec<i64>| d.len() == 3)
            .ok_or_else(|| bad("no valid LUT Descriptor"))?;
        let lut: Vec<u16> = item
            .get(tags::LUT_DATA)
            .and_then(|e| e.to_multi_int().ok())
            .ok_or_else(|| bad("no valid LUT Data"))?;
        let entries = if desc[0] == 0 {
            65536
        } else {
            desc[0] as usize
        };
        if lut.len() < entries {
            return Err(bad("LUT Data shorter than its descriptor"));
        }
        for v in img.iter_mut() {
            let i = (*v as i64 - desc[1]).clamp(0, entries as i64 - 1);
            *v = f64::from(lut[i as usize]);
        }
    } else {
        let r = px
            .rescale()
            .map_err(|e| PixelError::Decode(chain(&e)))?
            .first()
            .copied()
            .unwrap_or(dicom_pixeldata::Rescale::new(1.0, 0.0));
        for v in img.iter_mut() {
            *v = r.apply(*v);
        }
    }
    Ok(())
}

/// Step 3; returns whether a window was applied.
fn window(px: &DecodedPixelData<'_>, w: &Window, img: &mut [f64]) -> Result<bool, PixelError> {
    let Some((function, level)) = window_parameters(px, w)? else {
        return Ok(false);
    };
    let transform = WindowLevelTransform::new(function, level);
    for v in img.iter_mut() {
        *v = transform.apply(*v, 1.0);
    }
    Ok(true)
}

/// The VOI function and window the plan asks for on this image, None for no window.
fn window_parameters(
    px: &DecodedPixelData<'_>,
    w: &Window,
) -> Result<Option<(VoiLutFunction, WindowLevel)>, PixelError> {
    Ok(match *w {
        Window::None => None,
        Window::Explicit { center, width } => {
            Some((VoiLutFunction::Linear, WindowLevel { center, width }))
        }
        Window::Header => {
            let header = |e| PixelError::Decode(chain(&e));
            let level = px
                .window()
                .map_err(header)?
                .and_then(|w| w.first().copied())
                .ok_or(PixelError::NoWindowInHeader)?;
            let function = px
                .voi_lut_function()
                .map_err(header)?
                .and_then(|f| f.first().copied())
                .unwrap_or_default();
            Some((function, level))
        }
    })
}

/// Step 4 (see [`Preprocess::invert_monochrome1`]).
fn invert(img: &mut [f64], windowed: bool) {
    let sum = if windowed {
        1.0
    } else {
        let (min, max) = img
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
                (lo.min(v), hi.max(v))
            });
        min + max
    };
    for v in img.iter_mut() {
        *v = sum - *v;
    }
}

/// Step 6: resizes each `width × height` plane of `data` with `resizer` (kept by the thread:
/// its buffers are reused), straight into the returned planes.
fn resize(
    resizer: &mut fast_image_resize::Resizer,
    data: &[f32],
    width: usize,
    height: usize,
    new_width: usize,
    new_height: usize,
) -> Result<Vec<f32>, PixelError> {
    use fast_image_resize::images::{TypedImage, TypedImageRef};
    use fast_image_resize::pixels::F32;
    use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions};

    let fail = |e: &dyn fmt::Display| PixelError::Decode(format!("resize failed: {e}"));
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Bilinear));
    let planes = data.len() / (width * height).max(1);
    let mut out = vec![0f32; planes * new_width * new_height];
    for (plane, dst) in data
        .chunks_exact(width * height)
        .zip(out.chunks_exact_mut(new_width * new_height))
    {
        let src = TypedImageRef::<F32>::from_buffer(
            width as u32,
            height as u32,
            bytemuck::cast_slice(plane),
        )
        .map_err(|e| fail(&e))?;
        let mut dst = TypedImage::<F32>::from_buffer(
            new_width as u32,
            new_height as u32,
            bytemuck::cast_slice_mut(dst),
        )
        .map_err(|e| fail(&e))?;
        resizer
            .resize_typed(&src, &mut dst, &options)
            .map_err(|e| fail(&e))?;
    }
    Ok(out)
}

/// Step 8 on CHW data with `plane` values per channel.
fn normalize(data: &mut [f32], n: &Normalize, plane: usize) {
    match n {
        Normalize::None => {}
        Normalize::MinMax => {
            let (min, max) = data
                .iter()
                .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &v| {
                    (lo.min(v), hi.max(v))
                });
            let range = max - min;
            for v in data.iter_mut() {
                *v = if range > 0.0 { (*v - min) / range } else { 0.0 };
            }
        }
        Normalize::MeanStd { mean, std } => {
            for (c, chunk) in data.chunks_mut(plane.max(1)).enumerate() {
                let (m, s) = (pick(mean, c), pick(std, c));
                for v in chunk {
                    *v = (*v - m) / s;
                }
            }
        }
    }
}

fn pick(v: &[f32], c: usize) -> f32 {
    if v.len() == 1 { v[0] } else { v[c] }
}

/// An error and its causes, joined with ": ".
fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cause = c.source();
    }
    s
}

// ---- TOML / serde forms -------------------------------------------------------------------

#[derive(Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct WindowMap {
    center: f64,
    width: f64,
}

#[derive(Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct MeanStdMap {
    mean: Vec<f32>,
    std: Vec<f32>,
}

// The JSON Schemas of the three forms above (report.json carries the plan as run).

impl schemars::JsonSchema for Window {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Window".into()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let explicit = g.subschema_for::<WindowMap>();
        schemars::json_schema!({ "oneOf": [{ "enum": ["none", "header"] }, explicit] })
    }
}

impl schemars::JsonSchema for Resize {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Resize".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "oneOf": [
            { "const": "none" },
            { "type": "array", "items": { "type": "integer", "minimum": 0 },
              "minItems": 2, "maxItems": 2 }
        ] })
    }
}

impl schemars::JsonSchema for Normalize {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Normalize".into()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mean_std = g.subschema_for::<MeanStdMap>();
        schemars::json_schema!({ "oneOf": [{ "enum": ["none", "minmax"] }, mean_std] })
    }
}

impl Serialize for Window {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Window::None => s.serialize_str("none"),
            Window::Header => s.serialize_str("header"),
            Window::Explicit { center, width } => WindowMap { center, width }.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Window {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Window;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(r#""none", "header" or { center = <number>, width = <number> }"#)
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Window, E> {
                match s {
                    "none" => Ok(Window::None),
                    "header" => Ok(Window::Header),
                    _ => Err(E::invalid_value(Unexpected::Str(s), &self)),
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Window, A::Error> {
                let WindowMap { center, width } =
                    WindowMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Window::Explicit { center, width })
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for Resize {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Resize::None => s.serialize_str("none"),
            Resize::To { height, width } => [height, width].serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Resize {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Resize;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(r#""none" or [height, width]"#)
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Resize, E> {
                match s {
                    "none" => Ok(Resize::None),
                    _ => Err(E::invalid_value(Unexpected::Str(s), &self)),
                }
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Resize, A::Error> {
                let height = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(0, &self))?;
                let width = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(1, &self))?;
                if seq.next_element::<de::IgnoredAny>()?.is_some() {
                    return Err(de::Error::invalid_length(3, &self));
                }
                Ok(Resize::To { height, width })
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for Normalize {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Normalize::None => s.serialize_str("none"),
            Normalize::MinMax => s.serialize_str("minmax"),
            Normalize::MeanStd { mean, std } => MeanStdMap {
                mean: mean.clone(),
                std: std.clone(),
            }
            .serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Normalize {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Normalize;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(r#""none", "minmax" or { mean = [..], std = [..] }"#)
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Normalize, E> {
                match s {
                    "none" => Ok(Normalize::None),
                    "minmax" => Ok(Normalize::MinMax),
                    _ => Err(E::invalid_value(Unexpected::Str(s), &self)),
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Normalize, A::Error> {
                let MeanStdMap { mean, std } =
                    MeanStdMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Normalize::MeanStd { mean, std })
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Plan {
        preprocess: Preprocess,
    }

    fn parse(body: &str) -> Result<Preprocess, toml::de::Error> {
        toml::from_str::<Plan>(&format!("[preprocess]\n{body}")).map(|p| p.preprocess)
    }

    fn err(body: &str) -> String {
        parse(body).unwrap_err().to_string()
    }

    /// The resize as it was before the thread kept a resizer: a new one, the plane copied into
    /// fast_image_resize's pixels and the result copied out.
    fn resize_afresh(data: &[f32], w: usize, h: usize, nw: usize, nh: usize) -> Vec<f32> {
        use fast_image_resize::images::{TypedImage, TypedImageRef};
        use fast_image_resize::pixels::F32;
        use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
        let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Bilinear));
        let src: Vec<F32> = data.iter().map(|&v| F32::new(v)).collect();
        let src = TypedImageRef::new(w as u32, h as u32, &src).unwrap();
        let mut dst = TypedImage::<F32>::new(nw as u32, nh as u32);
        Resizer::new()
            .resize_typed(&src, &mut dst, &options)
            .unwrap();
        dst.pixels().iter().map(|p| p.0).collect()
    }

    #[test]
    fn a_kept_resizer_gives_every_value_a_fresh_one_gives() {
        let (w, h) = (97, 61);
        // Structure at every scale (not a constant, which any resize keeps), values outside
        // [0, 1] as well (the resize does not clamp).
        let plane: Vec<f32> = (0..w * h)
            .map(|i| ((i * 7919) % 1013) as f32 / 500.0 - 0.5 + (i % w) as f32 * 0.01)
            .collect();
        let mut kept = fast_image_resize::Resizer::new();
        // Shrinking, enlarging, mixed, the same size, and back: the buffers the resizer keeps
        // from one call must not show in the next.
        for (nw, nh) in [(32, 32), (200, 150), (40, 90), (97, 61), (32, 32)] {
            let ours = resize(&mut kept, &plane, w, h, nw, nh).unwrap();
            let fresh = resize_afresh(&plane, w, h, nw, nh);
            assert_eq!(ours.len(), nw * nh);
            assert!(
                ours.iter()
                    .zip(&fresh)
                    .all(|(a, b)| a.to_bits() == b.to_bits()),
                "{nw}×{nh}: the kept resizer's values differ from a fresh one's"
            );
        }
        // Three planes (channels) are resized one by one into one buffer.
        let three: Vec<f32> = [
            plane.clone(),
            plane.iter().map(|v| -v).collect(),
            plane.clone(),
        ]
        .concat();
        let ours = resize(&mut kept, &three, w, h, 20, 10).unwrap();
        let first = resize_afresh(&plane, w, h, 20, 10);
        let negated: Vec<f32> = plane.iter().map(|v| -v).collect();
        let second = resize_afresh(&negated, w, h, 20, 10);
        assert_eq!(ours, [first.clone(), second, first].concat());
    }

    #[test]
    fn empty_section_gives_defaults() {
        assert_eq!(parse("").unwrap(), Preprocess::default());
        let d = Preprocess::default();
        assert_eq!(
            (d.frame, d.modality_lut, d.invert_monochrome1),
            (0, true, true)
        );
        assert_eq!(
            (d.window, d.resize, d.channels),
            (Window::None, Resize::None, 1)
        );
        assert_eq!((d.normalize, d.layout), (Normalize::None, Layout::Nchw));
    }

    #[test]
    fn window_forms() {
        assert_eq!(parse(r#"window = "none""#).unwrap().window, Window::None);
        assert_eq!(
            parse(r#"window = "header""#).unwrap().window,
            Window::Header
        );
        let w = parse("window = { center = 40, width = 400 }")
            .unwrap()
            .window;
        assert_eq!(
            w,
            Window::Explicit {
                center: 40.0,
                width: 400.0
            }
        );
        let w = parse("window = { center = -600.5, width = 1500.0 }")
            .unwrap()
            .window;
        assert_eq!(
            w,
            Window::Explicit {
                center: -600.5,
                width: 1500.0
            }
        );
    }

    #[test]
    fn resize_forms() {
        assert_eq!(parse(r#"resize = "none""#).unwrap().resize, Resize::None);
        let r = parse("resize = [224, 256]").unwrap().resize;
        assert_eq!(
            r,
            Resize::To {
                height: 224,
                width: 256
            }
        );
    }

    #[test]
    fn normalize_forms() {
        assert_eq!(
            parse(r#"normalize = "none""#).unwrap().normalize,
            Normalize::None
        );
        assert_eq!(
            parse(r#"normalize = "minmax""#).unwrap().normalize,
            Normalize::MinMax
        );
        let n = parse("normalize = { mean = [0.485, 0.456, 0.406], std = [0.229, 0.224, 0.225] }")
            .unwrap()
            .normalize;
        let want = Normalize::MeanStd {
            mean: vec![0.485, 0.456, 0.406],
            std: vec![0.229, 0.224, 0.225],
        };
        assert_eq!(n, want);
    }

    #[test]
    fn layout_and_scalars() {
        let p = parse("layout = \"NHWC\"\nchannels = 3\nframe = 2\nmodality_lut = false\ninvert_monochrome1 = false").unwrap();
        assert_eq!((p.layout, p.channels, p.frame), (Layout::Nhwc, 3, 2));
        assert!(!p.modality_lut && !p.invert_monochrome1);
        assert_eq!(parse(r#"layout = "NCHW""#).unwrap().layout, Layout::Nchw);
    }

    #[test]
    fn clear_errors() {
        let e = err(r#"window = "hedaer""#);
        assert!(
            e.contains(r#"invalid value: string "hedaer", expected "none", "header" or { center"#),
            "{e}"
        );
        let e = err("window = { centre = 40, width = 400 }");
        assert!(
            e.contains("unknown field `centre`, expected `center` or `width`"),
            "{e}"
        );
        let e = err("window = { center = 40 }");
        assert!(e.contains("missing field `width`"), "{e}");
        let e = err("window = 40");
        assert!(e.contains("invalid type: integer `40`"), "{e}");
        let e = err(r#"resize = "224""#);
        assert!(
            e.contains(r#"invalid value: string "224", expected "none" or [height, width]"#),
            "{e}"
        );
        let e = err("resize = [224]");
        assert!(e.contains("invalid length 1"), "{e}");
        let e = err("resize = [224, 224, 3]");
        assert!(e.contains("invalid length 3"), "{e}");
        let e = err("resize = [-1, 224]");
        assert!(e.contains("invalid value: integer `-1`"), "{e}");
        let e = err(r#"normalize = "imagenet""#);
        assert!(
            e.contains(r#"string "imagenet", expected "none", "minmax" or { mean"#),
            "{e}"
        );
        let e = err("normalize = { mean = [0.5] }");
        assert!(e.contains("missing field `std`"), "{e}");
        let e = err(r#"layout = "NWHC""#);
        assert!(
            e.contains("unknown variant `NWHC`, expected `NCHW` or `NHWC`"),
            "{e}"
        );
        let e = err("channel = 3");
        assert!(e.contains("unknown field `channel`"), "{e}");
    }

    #[test]
    fn serialize_round_trip() {
        for body in [
            "",
            "window = \"header\"\nresize = [224, 224]\nnormalize = \"minmax\"\nlayout = \"NHWC\"",
            "window = { center = 40, width = 400 }\nchannels = 3\nnormalize = { mean = [0.5], std = [0.25] }",
        ] {
            let p = parse(body).unwrap();
            let text = toml::to_string(&p).unwrap();
            assert_eq!(toml::from_str::<Preprocess>(&text).unwrap(), p, "{text}");
        }
    }

    #[test]
    fn validate_rejects_bad_plans() {
        for body in [
            "channels = 2",
            "window = { center = 40, width = 0 }",
            "resize = [0, 224]",
            "channels = 3\nnormalize = { mean = [0.1, 0.2], std = [1.0] }",
            "normalize = { mean = [0.1], std = [0.0] }",
        ] {
            let p = parse(body).unwrap();
            assert!(
                matches!(p.validate(), Err(PixelError::InvalidPlan(_))),
                "{body}"
            );
        }
        assert!(
            parse("channels = 3\nnormalize = { mean = [0.1, 0.2, 0.3], std = [1.0] }")
                .unwrap()
                .validate()
                .is_ok()
        );
    }
}
