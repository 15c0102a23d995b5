//! Where the tests find the real CT with contours (shared by the RTSTRUCT and SEG tests).

use std::path::PathBuf;

/// Whether the real CT data (`../shared/fixtures/real-ct-contours` beside the project, or
/// `$PROVESTEIN_REAL_CT`) is here; when it is not, the real-data tests say so and are skipped, as
/// that folder's README asks (a clean clone elsewhere has no `../shared`).
pub fn present() -> bool {
    let dir = dir();
    let here = dir.join("vhm/RS_Body_SpinalCord.dcm").is_file()
        && dir.join("janct/liver_seg.dcm").is_file();
    if !here {
        eprintln!(
            "skipped: the real CT test data is not at {} (set PROVESTEIN_REAL_CT to the real-ct-contours folder)",
            dir.display()
        );
    }
    here
}

pub fn dir() -> PathBuf {
    std::env::var_os("PROVESTEIN_REAL_CT")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared/fixtures/real-ct-contours")
        })
}
