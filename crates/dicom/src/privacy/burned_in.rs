//! Pixels that may show a person's name: an image whose header says Burned In Annotation
//! "YES" (ultrasound and secondary captures often do) carries text in its pixels that no header
//! de-identification removes. Such images are never drawn into a report.

use std::path::Path;

use dicom_dictionary_std::tags;

/// Whether the image at `path` may have identifying text in its pixels: Burned In Annotation
/// (0028,0301) is "YES", or the header cannot be read to tell (then it is not drawn either).
/// Only the header is read, up to Pixel Data.
pub fn may_show_text(path: &Path) -> bool {
    match crate::dicom::open(path, Some(tags::PIXEL_DATA)) {
        Ok((obj, _)) => crate::dicom::text(&obj, "BurnedInAnnotation")
            .trim()
            .eq_ignore_ascii_case("YES"),
        Err(_) => true,
    }
}
