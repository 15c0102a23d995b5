#!/usr/bin/env bash
# Installs what building, running and testing Prøvestein need on a fresh Debian 12 machine with
# rustup's cargo: the ONNX Runtime shared library, taken from the official `onnxruntime` PyPI wheel
# (ort's own binary download cannot reach its host from hospital networks or from here), and the
# few Debian packages the build and the tests use (listed below, installed only when missing, with
# sudo when not run as root). Idempotent: a second run does nothing. Prints the ORT_DYLIB_PATH.
#
#   bash scripts/setup.sh              # ONNX Runtime into .ort/, missing build packages
#   bash scripts/setup.sh --gui-tools  # also Xvfb, xdotool, xwd, ImageMagick for real-window screenshots
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ORT_DIR="$ROOT/.ort"
# ort 2.0.0-rc.15 needs ONNX Runtime >= 1.31; 1.32.0 is verified (../shared/STACK.md §1.2).
ORT_PY_VERSION="${ORT_PY_VERSION:-1.32.0}"

say() { echo "setup: $*" >&2; }

# Root runs apt-get itself; anyone else through sudo (asked once, by sudo).
if [ "$(id -u)" = 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  SUDO=(missing)
fi

# apt_install WHY PACKAGE…: installs the packages that are missing, saying why.
apt_install() {
  local why="$1" missing=()
  shift
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ "${#missing[@]}" -gt 0 ] || return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    say "${missing[*]} missing ($why) and there is no apt-get: install them with your system's package manager"
    exit 1
  fi
  if [ "${SUDO[0]:-}" = missing ]; then
    say "${missing[*]} missing ($why). Run this as root, or install sudo, or ask an administrator for: apt-get install ${missing[*]}"
    exit 1
  fi
  say "installing ${missing[*]} with ${SUDO[*]:-} apt-get: $why"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
}

# A C and C++ compiler and cmake build CharLS (JPEG-LS decoding) and SQLite during the cargo
# build; pkg-config finds system libraries; the report tests read the PDF back with poppler's
# pdftotext and pdfinfo; pip fetches the ONNX Runtime wheel.
need=() why=()
{ command -v cc >/dev/null 2>&1 && command -v c++ >/dev/null 2>&1; } || { need+=(build-essential); why+=("a C/C++ compiler for the build"); }
command -v cmake >/dev/null 2>&1 || { need+=(cmake); why+=("cmake for the build"); }
command -v pkg-config >/dev/null 2>&1 || { need+=(pkg-config); why+=("pkg-config for the build"); }
command -v pdftotext >/dev/null 2>&1 || { need+=(poppler-utils); why+=("poppler to read reports back in the tests"); }
command -v python3 >/dev/null 2>&1 || { need+=(python3); why+=("python3 to unpack ONNX Runtime"); }
python3 -m pip --version >/dev/null 2>&1 || { need+=(python3-pip); why+=("pip to fetch the ONNX Runtime wheel"); }
if [ "${#need[@]}" -gt 0 ]; then
  reasons=$(IFS=';'; echo "${why[*]}")
  apt_install "${reasons//;/, }" "${need[@]}"
fi

for a in "$@"; do
  case "$a" in
    --gui-tools) apt_install "screenshots of the app in a virtual display" xvfb x11-apps xdotool imagemagick ;;
    *) echo "setup: unknown option $a" >&2; exit 2 ;;
  esac
done

if ! command -v cargo >/dev/null 2>&1; then
  say "cargo not found. Install Rust as your own user with rustup (https://rustup.rs):"
  say "  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh"
  say "then open a new shell (or: . \"\$HOME/.cargo/env\") and run this again."
  exit 1
fi

if [ ! -e "$ORT_DIR/libonnxruntime.so" ]; then
  say "downloading ONNX Runtime $ORT_PY_VERSION (PyPI wheel, CPU) into $ORT_DIR"
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
