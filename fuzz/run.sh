#!/usr/bin/env bash
# Coverage-guided fuzzing on demand: fuzz/run.sh dicom_open|plan_parse [MINUTES]
# Seeds from the project's own DICOM files and plans; findings in fuzz/out/TARGET/default/
# crashes and hangs. Needs AFL++ (apt-get install -y afl++) and cargo-afl
# (cargo install cargo-afl). See docs/fuzz.md.
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?usage: fuzz/run.sh dicom_open|plan_parse [MINUTES]}
minutes=${2:-5}
in=in/$target
mkdir -p "$in"
case $target in
  dicom_open)
    for f in CT_small MR_small_RLE SC_rgb_rle 693_J2KI rtplan MR_small_implicit MR_small_jpeg_ls_lossless; do
      cp ../tests/fixtures/dicom/$f.dcm "$in/"
    done ;;
  plan_parse)
    cp ../sample-studies/breast-cancer/plan.toml "$in/breast-cancer.toml"
    cp ../sample-studies/imaging-demo/plan.toml "$in/imaging-demo.toml"
    cp ../tests/fixtures/dicom-cohort/plan.toml "$in/dicom-cohort.toml" ;;
  *) echo "unknown target $target" >&2; exit 3 ;;
esac
cargo afl build --release --bin "$target"
# Debian's afl++ runs without the CPU-governor and core-pattern tuning a root shell would set.
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
cargo afl fuzz -i "$in" -o "out/$target" -V $((minutes * 60)) -t 5000 -m 4096 \
  "target/release/$target"
echo "crashes: $(ls out/$target/default/crashes 2>/dev/null | grep -vc README || true)," \
  "hangs: $(ls out/$target/default/hangs 2>/dev/null | wc -l)"
