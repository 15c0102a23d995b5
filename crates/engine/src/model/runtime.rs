//! Finding and loading ONNX Runtime. The library is a separate download (the official PyPI
//! wheel's libonnxruntime.so), loaded at run time, so the tool starts, and reads and checks
//! plans, even where no runtime is installed; only running a model needs it.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use crate::error::{Error, Result};

/// The loaded runtime, shared by every session in the process.
pub struct Runtime {
    pub env: ort::environment::Environment,
    pub path: PathBuf,
    /// e.g. "1.32.0", read from the library's file name.
    pub version: String,
}

static RUNTIME: OnceLock<Runtime> = OnceLock::new();
static LOADING: Mutex<()> = Mutex::new(());

const LIB: &str = "libonnxruntime.so";

/// Loads ONNX Runtime once per process. `explicit` (a CLI flag or a GUI setting) wins over the
/// `ORT_DYLIB_PATH` variable, which wins over a `libonnxruntime.so` beside the executable or in
/// a `.ort/` folder above it (where `scripts/setup.sh` puts it). A failure is not cached, so a
/// user can fix the path and try again.
pub fn load(explicit: Option<&Path>) -> Result<&'static Runtime> {
    if let Some(rt) = RUNTIME.get() {
        return Ok(rt);
    }
    let _guard = LOADING.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(rt) = RUNTIME.get() {
        return Ok(rt);
    }
    let candidates = candidates(explicit);
    let Some(path) = candidates.iter().find(|p| p.exists()).cloned() else {
        let tried = candidates
            .iter()
            .map(|p| format!("  {}", p.display()))
            .collect::<Vec<_>>()
            .join("\n");
        return Err(Error::Runtime(format!(
            "ONNX Runtime was not found. Looked in:\n{tried}\nRun `bash scripts/setup.sh` (it downloads the official onnxruntime 1.32 library into .ort/), then set ORT_DYLIB_PATH to that libonnxruntime.so or pass --onnxruntime PATH."
        )));
    };
    let builder = ort::init_from(&path).map_err(|e| {
        Error::Runtime(format!(
            "cannot load ONNX Runtime from {}: {e}. Use the library from the onnxruntime 1.31 or 1.32 PyPI wheel (bash scripts/setup.sh fetches it).",
            path.display()
        ))
    })?;
    let env = builder.with_name("provestein").build().map_err(|e| {
        Error::Runtime(format!(
            "ONNX Runtime at {} loaded but would not start: {e}",
            path.display()
        ))
    })?;
    let version = version_from_path(&path);
    Ok(RUNTIME.get_or_init(|| Runtime { env, path, version }))
}

fn candidates(explicit: Option<&Path>) -> Vec<PathBuf> {
    if let Some(p) = explicit {
        return vec![p.to_path_buf()];
    }
    if let Some(p) = std::env::var_os("ORT_DYLIB_PATH").filter(|p| !p.is_empty()) {
        return vec![PathBuf::from(p)];
    }
    let mut out = Vec::new();
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(Path::to_path_buf))
    {
        out.push(dir.join(LIB));
        out.extend(dir.ancestors().map(|a| a.join(".ort").join(LIB)));
    }
    out
}

/// "libonnxruntime.so.1.32.0" → "1.32.0", following the symlink setup.sh makes.
fn version_from_path(path: &Path) -> String {
    let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    real.file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_prefix("libonnxruntime.so."))
        .map(str::to_string)
        .unwrap_or_else(|| "unknown".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_is_read_from_the_versioned_file_name() {
        assert_eq!(
            version_from_path(Path::new("/x/libonnxruntime.so.1.32.0")),
            "1.32.0"
        );
        assert_eq!(
            version_from_path(Path::new("/x/onnxruntime.dll")),
            "unknown"
        );
    }
}
