//! Raster images in the report: a windowed 8-bit slice with two mask contours drawn over it
//! (the worst-case segmentation tiles), encoded once as PNG so that the PDF (krilla) and the
//! HTML page (a `data:` URL) embed the very same bytes.

use crate::figures::Color;

/// Largest side, in source pixels, a tile is upsampled from; larger slices are drawn 1:1.
const UPSAMPLED_SIDE: usize = 384;
/// At most this many times larger: a contour stays a thin line beside the pixels it bounds.
const MAX_SCALE: usize = 4;
/// Sides beyond this are refused (a tile is a slice, not a volume): no huge allocation.
pub const MAX_SIDE: usize = 4096;

/// A grey image with the truth's and the prediction's contours drawn in colour, `scale` times
/// the source size: 8-bit RGB, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Overlay {
    pub width: usize,
    pub height: usize,
    pub rgb: Vec<u8>,
}

/// How many times a `width`×`height` slice is enlarged so its contours read in print.
pub fn scale_for(width: usize, height: usize) -> usize {
    let side = width.max(height).max(1);
    (UPSAMPLED_SIDE / side).clamp(1, MAX_SCALE)
}

/// Draws `truth` and `prediction` (row-major masks of `pixels`) as their borders over the
/// grey `pixels`, enlarged by [`scale_for`]. A border pixel is a pixel of the mask with a face
/// neighbour outside it (or at the image's edge), found on the enlarged grid so the line is
/// one output pixel wide; the truth's border is two pixels wide and drawn first, so where
/// both contours run together the prediction's line lies on the truth's and both stay visible.
/// None when the sizes disagree or a side is 0 or above [`MAX_SIDE`].
pub fn overlay(
    width: usize,
    height: usize,
    pixels: &[u8],
    truth: &[bool],
    prediction: &[bool],
    colors: (Color, Color),
) -> Option<Overlay> {
    let n = width.checked_mul(height)?;
    if width == 0
        || height == 0
        || width > MAX_SIDE
        || height > MAX_SIDE
        || pixels.len() != n
        || truth.len() != n
        || prediction.len() != n
    {
        return None;
    }
    let s = scale_for(width, height);
    let (w, h) = (width * s, height * s);
    let mut rgb = Vec::with_capacity(w * h * 3);
    for y in 0..h {
        for x in 0..w {
            let g = pixels[(y / s) * width + x / s];
            rgb.extend_from_slice(&[g, g, g]);
        }
    }
    let inside = |mask: &[bool], x: isize, y: isize| -> bool {
        x >= 0
            && y >= 0
            && (x as usize) < w
            && (y as usize) < h
            && mask[(y as usize / s) * width + x as usize / s]
    };
    // A mask pixel with a face neighbour outside the mask within `reach` output pixels.
    let border = |mask: &[bool], x: usize, y: usize, reach: isize| -> bool {
        let (x, y) = (x as isize, y as isize);
        inside(mask, x, y)
            && (1..=reach).any(|d| {
                !inside(mask, x - d, y)
                    || !inside(mask, x + d, y)
                    || !inside(mask, x, y - d)
                    || !inside(mask, x, y + d)
            })
    };
    let truth_reach = if s >= 2 { 2 } else { 1 };
    for (mask, color, reach) in [(truth, colors.0, truth_reach), (prediction, colors.1, 1)] {
        if !mask.iter().any(|&m| m) {
            continue;
        }
        for y in 0..h {
            for x in 0..w {
                if border(mask, x, y, reach) {
                    let i = (y * w + x) * 3;
                    rgb[i..i + 3].copy_from_slice(&[color.0, color.1, color.2]);
                }
            }
        }
    }
    Some(Overlay {
        width: w,
        height: h,
        rgb,
    })
}

/// The overlay as PNG bytes (8-bit RGB, default compression: the same image, the same bytes).
pub fn png(o: &Overlay) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, o.width as u32, o.height as u32);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        // Writing to memory with sizes checked by `overlay`: cannot fail.
        let mut w = enc.write_header().expect("PNG header to memory");
        w.write_image_data(&o.rgb).expect("PNG data to memory");
    }
    out
}

/// Standard base64 (RFC 4648, with padding), for the HTML page's `data:` URLs.
pub fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                s.push(ABC[(v >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                s.push('=');
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: Color = Color(255, 0, 0);
    const P: Color = Color(0, 0, 255);

    #[test]
    fn base64_matches_rfc_4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn contours_are_the_mask_borders_upsampled() {
        // A 3×3 square in a 5×5 slice, enlarged 4× (384 / 5 > 4): the truth's border is two
        // output pixels wide, its inside stays grey, and outside the mask nothing is drawn.
        let (w, h) = (5, 5);
        let pixels = vec![100u8; w * h];
        let mut truth = vec![false; w * h];
        for y in 1..4 {
            for x in 1..4 {
                truth[y * w + x] = true;
            }
        }
        let none = vec![false; w * h];
        let o = overlay(w, h, &pixels, &truth, &none, (T, P)).unwrap();
        assert_eq!((o.width, o.height), (20, 20));
        let at = |x: usize, y: usize| &o.rgb[(y * o.width + x) * 3..][..3];
        assert_eq!(at(0, 0), [100, 100, 100], "outside the mask");
        assert_eq!(at(4, 4), [255, 0, 0], "the mask's corner");
        assert_eq!(at(5, 8), [255, 0, 0], "two pixels in");
        assert_eq!(
            at(6, 8),
            [100, 100, 100],
            "three pixels in is inside, not border"
        );
        assert_eq!(at(10, 10), [100, 100, 100], "the middle");
        // The same mask as prediction: a one-pixel line drawn over the truth's outer pixel.
        let o = overlay(w, h, &pixels, &truth, &truth, (T, P)).unwrap();
        let at = |x: usize, y: usize| &o.rgb[(y * o.width + x) * 3..][..3];
        assert_eq!(at(4, 8), [0, 0, 255]);
        assert_eq!(at(5, 8), [255, 0, 0], "the truth still shows beside it");
        let png = png(&o);
        assert_eq!(&png[1..4], b"PNG");
    }

    #[test]
    fn refuses_sizes_that_disagree() {
        assert!(overlay(2, 2, &[0; 3], &[false; 4], &[false; 4], (T, P)).is_none());
        assert!(overlay(0, 0, &[], &[], &[], (T, P)).is_none());
        assert!(overlay(MAX_SIDE + 1, 1, &[], &[], &[], (T, P)).is_none());
    }
}
