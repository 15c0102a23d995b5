#!/usr/bin/env bash
# Installs what building, running and testing Prøvestein need on a fresh Debian 12 machine with
# rustup's cargo: the ONNX Runtime shared library, taken from the official `onnxruntime` PyPI wheel
# (ort's own binary download cannot reach its host from hospital networks or from here).
# Idempotent: a second run does nothing. Prints the ORT_DYLIB_PATH to use.
#
#   bash scripts/setup.sh              # ONNX Runtime into .ort/
#   bash scripts/setup.sh --gui-tools  # also Xvfb, xdotool, xwd, ImageMagick for real-window screenshots
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ORT_DIR="$ROOT/.ort"
# ort 2.0.0-rc.15 needs ONNX Runtime >= 1.31; 1.32.0 is verified (../shared/STACK.md §1.2).
ORT_PY_VERSION="${ORT_PY_VERSION:-1.32.0}"

apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# cmake builds CharLS (JPEG-LS decoding) from source during the cargo build; the report tests
# read the PDF back with poppler's pdftotext and pdfinfo.
need=()
command -v cmake >/dev/null 2>&1 || need+=(cmake)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
[ "${#need[@]}" -eq 0 ] || apt_install "${need[@]}"

for a in "$@"; do
  case "$a" in
    --gui-tools) apt_install xvfb x11-apps xdotool imagemagick ;;
    *) echo "setup: unknown option $a" >&2; exit 2 ;;
  esac
done

if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: cargo not found. Install Rust with rustup (https://rustup.rs), then run this again." >&2
  exit 1
fi

if [ ! -e "$ORT_DIR/libonnxruntime.so" ]; then
  echo "setup: downloading ONNX Runtime $ORT_PY_VERSION (PyPI wheel, CPU) into $ORT_DIR" >&2
  mkdir -p "$ORT_DIR/wheel"
  python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    "onnxruntime==$ORT_PY_VERSION" -d "$ORT_DIR/wheel"
  whl=$(ls "$ORT_DIR"/wheel/onnxruntime-"$ORT_PY_VERSION"-*.whl | head -1)
  python3 - "$whl" "$ORT_DIR" <<'PY'
import os, shutil, sys, zipfile
whl, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(whl) as z:
    for name in z.namelist():
        base = os.path.basename(name)
        if name.startswith("onnxruntime/capi/") and base.startswith("libonnxruntime.so"):
            with z.open(name) as src, open(os.path.join(out, base), "wb") as dst:
                shutil.copyfileobj(src, dst)
            os.chmod(os.path.join(out, base), 0o755)
PY
  so=$(ls "$ORT_DIR"/libonnxruntime.so.1.* | head -1)
  ln -sf "$(basename "$so")" "$ORT_DIR/libonnxruntime.so"
  rm -rf "$ORT_DIR/wheel"
fi
echo "ORT_DYLIB_PATH=$ORT_DIR/libonnxruntime.so"
