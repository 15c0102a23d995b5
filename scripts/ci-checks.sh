#!/usr/bin/env bash
# The checks CI runs before the test suite (docs/ci.md): formatting, clippy with warnings as
# errors, licences, duplicate crates and sources with cargo-deny (deny.toml; advisories off: their
# database cannot be fetched here), and a CycloneDX SBOM of the shipped binary in <target>/sbom/.
# cargo-deny and cargo-cyclonedx are installed with `cargo install --locked` when missing.
#
#   bash scripts/ci-checks.sh                # all four
#   bash scripts/ci-checks.sh fmt deny       # some of: fmt clippy deny sbom
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

DENY_VERSION=0.20.2
CYCLONEDX_VERSION=0.5.9

# Runs one named check and says how long it took.
step() {
  local name=$1 t0=$SECONDS
  shift
  echo "ci: $name" >&2
  "$@"
  echo "ci: $name ok ($((SECONDS - t0)) s)" >&2
}

# Installs a cargo subcommand at a pinned version unless it is already there.
tool() {
  local sub=$1 crate=$2 version=$3
  if ! cargo "$sub" --version 2>/dev/null | grep -qF "$version"; then
    local t0=$SECONDS
    echo "ci: installing $crate $version (once per machine; several minutes)" >&2
    cargo install --locked --quiet "$crate" --version "$version"
    echo "ci: installed $crate in $((SECONDS - t0)) s" >&2
  fi
}

fmt() {
  cargo fmt --all --check
}

# --workspace: every crate of the workspace (and the one package before the split).
clippy() {
  cargo clippy --workspace --all-targets --locked -- -D warnings
}

deny() {
  tool deny cargo-deny "$DENY_VERSION"
  cargo deny --locked --workspace check licenses bans sources
}

# The SBOM of the `provestein` binary as shipped (default features, this machine's target),
# written beside each Cargo.toml by the tool and moved to <target>/sbom/, then checked.
sbom() {
  tool cyclonedx cargo-cyclonedx "$CYCLONEDX_VERSION"
  local target out
  target=$(cargo metadata --locked --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
  out="$target/sbom"
  rm -rf "$out"
  mkdir -p "$out"
  cargo cyclonedx --quiet --format json --spec-version 1.5 --describe binaries
  find . -path ./target -prune -o -name '*.cdx.json' -print0 |
    xargs -0 -r mv -t "$out"
  python3 - "$out" <<'PY'
import json, pathlib, sys

out = pathlib.Path(sys.argv[1])
files = sorted(out.glob("*.cdx.json"))
assert files, f"no SBOM written to {out}"

def names(component):
    yield component.get("name")
    for c in component.get("components", []):
        yield from names(c)

found = None
for f in files:
    bom = json.loads(f.read_text())
    assert bom.get("bomFormat") == "CycloneDX", f"{f}: not a CycloneDX document"
    meta = bom.get("metadata", {}).get("component", {})
    if "provestein" in set(names(meta)):
        found = (f, bom)
assert found, f"no SBOM in {out} describes the provestein binary"
f, bom = found
deps = {c["name"] for c in bom.get("components", [])}
for needed in ("ort", "dicom-object", "krilla", "eframe"):
    assert needed in deps, f"{f}: {needed} missing from the SBOM's components"
print(f"ci: SBOM {f} ({bom['specVersion']}): {len(bom['components'])} components")
PY
}

checks=("$@")
[ "${#checks[@]}" -gt 0 ] || checks=(fmt clippy deny sbom)
for c in "${checks[@]}"; do
  case "$c" in
    fmt | clippy | deny | sbom) step "$c" "$c" ;;
    *) echo "ci-checks: unknown check $c (fmt, clippy, deny, sbom)" >&2; exit 2 ;;
  esac
done
