#!/usr/bin/env bash
# Checks that a change moved no figure: runs the ten sample plans (breast-cancer with its
# model, breast-cancer with vendor scores, the imaging demo, the segmentation demo with its model
# and with vendor SEG files, the detection demo, the DICOM detection demo with vendor SR marks and
# with its ONNX detector, the two findings demos; a build older than issue 16 refuses the
# segmentation plans, one older than issue 17 the detection plans, one older than issue 17's
# DICOM half the DICOM detection plans) with two builds of provestein and
# compares report.json (keys sorted, start/finish times and software version left out),
# predictions.csv and the PDF's text (pdftotext; the line with the run's date left out).
#
#   scripts/compare-outputs.sh OLD_BINARY NEW_BINARY [WORK_DIR]
#
# Build each side with `cargo build --locked` in its own checkout (e.g. a `git worktree` of the
# old commit). Needs jq and pdftotext (poppler-utils). Exits 1 and prints the differences when
# any file differs; keys a change adds to report.json show up as differences, by design.
set -uo pipefail
old=${1:?old provestein binary}
new=${2:?new provestein binary}
work=${3:-$(mktemp -d)}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ORT_DYLIB_PATH="${ORT_DYLIB_PATH:-$root/.ort/libonnxruntime.so}"

outputs() { # binary plan dir
    mkdir -p "$3"
    "$1" batch "$root/sample-studies/$2.toml" --out "$3/raw" --no-history --quiet >/dev/null 2>"$3/stderr"
    echo "exit $?" >"$3/exit"
    jq -S 'del(.provenance.started, .provenance.finished, .provenance.software)' \
        "$3/raw/report.json" >"$3/report.json"
    cp "$3/raw/predictions.csv" "$3/predictions.csv"
    pdftotext -layout "$3/raw/report.pdf" - |
        grep -v -E '[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}' >"$3/report.txt"
}

status=0
for plan in breast-cancer/plan breast-cancer/plan-vendor-scores imaging-demo/plan segmentation-demo/plan segmentation-demo/plan-vendor detection-demo/plan \
    detection-dicom-demo/plan detection-dicom-demo/plan-model findings-demo/plan-multilabel findings-demo/plan-multiclass; do
    name=${plan//\//-}
    outputs "$old" "$plan" "$work/old/$name"
    outputs "$new" "$plan" "$work/new/$name"
    for f in exit report.json predictions.csv report.txt; do
        if ! diff -q "$work/old/$name/$f" "$work/new/$name/$f" >/dev/null; then
            echo "differs: $name/$f"
            diff "$work/old/$name/$f" "$work/new/$name/$f" | head -20
            status=1
        fi
    done
done
[ $status = 0 ] && echo "same outputs on all ten sample plans ($work)"
exit $status
