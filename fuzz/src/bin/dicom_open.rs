//! AFL target: one input is one DICOM file, read as a cohort scan reads it (the header up to
//! Pixel Data), then whole. Any crash, abort or hang is a finding; an `Err` is the right answer.

use std::path::PathBuf;

fn main() {
    // dicom::open takes a path: each input is written to one file of this process.
    let path: PathBuf = std::env::temp_dir().join(format!("afl-dicom-{}.dcm", std::process::id()));
    afl::fuzz!(|data: &[u8]| {
        std::fs::write(&path, data).expect("temp file written");
        let _ =
            provestein::cohort::dicom::open(&path, Some(dicom_dictionary_std::tags::PIXEL_DATA));
        let _ = provestein::cohort::dicom::open(&path, None);
    });
}
