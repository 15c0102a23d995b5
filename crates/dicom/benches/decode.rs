//! CPU time per image of what a worker thread of `batch` does before inference: the prescan,
//! the parse, decoding, modality LUT, window, resize and the tensor (`open_within` +
//! `to_tensor`, as the engine's `run::images::decode`), on one thread, measured as that thread's CPU time
//! so that other processes on the machine do not count.
//!
//! `cargo bench -p provestein-dicom --bench decode -- [DIR] [HxW|none]`: every file under DIR (default the imaging
//! demo's images), windowed 40/400 as the demo plan, resized to H×W if given; five passes after
//! a warm-up, the median printed as "median X ms per image". scripts/bench_dicom.py --decode
//! runs it on its benchmark images beside the same work in pydicom + numpy + Pillow.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use provestein_dicom::dicom::open_within;
use provestein_dicom::pixels::{Preprocess, Resize, Window, to_tensor};

const PASSES: usize = 5;

/// The provestein binary's allocator (src/main.rs), so that the figure is the one `batch` gets.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// This thread's CPU time in seconds.
fn thread_cpu() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec through a valid pointer.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

/// Decodes every file once; returns how many became tensors.
fn pass(files: &[PathBuf], pre: &Preprocess) -> usize {
    files
        .iter()
        .filter(|f| {
            open_within(f, None, pre.max_pixels)
                .ok()
                .and_then(|(obj, _)| to_tensor(&obj, pre).ok())
                .map(black_box)
                .is_some()
        })
        .count()
}

fn main() {
    // cargo passes --bench; what follows `--` on its command line comes as plain arguments.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let dir = args.first().map(PathBuf::from).unwrap_or_else(|| {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../sample-studies/imaging-demo/images")
    });
    let resize = match args.get(1).map(String::as_str) {
        None | Some("none") => Resize::None,
        Some(hw) => {
            let (h, w) = hw
                .split_once('x')
                .and_then(|(h, w)| Some((h.parse().ok()?, w.parse().ok()?)))
                .unwrap_or_else(|| panic!("size {hw:?}: give it as HxW, e.g. 512x512"));
            Resize::To {
                height: h,
                width: w,
            }
        }
    };
    let pre = Preprocess {
        window: Window::Explicit {
            center: 40.0,
            width: 400.0,
        },
        resize,
        ..Preprocess::default()
    };
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    let images = pass(&files, &pre); // warm-up: the page cache, the grey value table
    assert!(
        images > 0,
        "no image under {} could be decoded",
        dir.display()
    );
    let mut per_image: Vec<f64> = (0..PASSES)
        .map(|_| {
            let t = thread_cpu();
            assert_eq!(pass(&files, &pre), images);
            (thread_cpu() - t) / images as f64
        })
        .collect();
    per_image.sort_by(f64::total_cmp);
    println!(
        "{images} images of {} files under {}, {resize:?}, {PASSES} passes on one thread",
        files.len(),
        dir.display()
    );
    println!(
        "median {:.3} ms per image (min {:.3}, max {:.3}) CPU",
        per_image[PASSES / 2] * 1e3,
        per_image[0] * 1e3,
        per_image[PASSES - 1] * 1e3
    );
}
