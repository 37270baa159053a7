#!/usr/bin/env bash
# The Rasch calibration side by side with R: a simulated 5,000 x 50 Rasch
# response matrix, calibrated by `assay calibrate --responses --model rasch`
# (median of ROUNDS runs of the whole command) and by R's eRm (conditional ML,
# ROUNDS runs) and, with AGQ > 0, lme4 (glmer with AGQ quadrature points, one
# run; slow); difficulties compared after centring. Needs the R packages from
# `scripts/deps.sh --bench`.
#
#   bench/r_compare.sh ASSAY_BINARY [ROUNDS] [AGQ]     (defaults 5, 0)
set -euo pipefail
assay=$1
rounds=${2:-5}
agq=${3:-0}
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
Rscript "$here/r_compare.R" gen "$dir"
: > "$dir/assay_times.txt"
for _ in $(seq "$rounds"); do
  t0=$(date +%s.%N)
  "$assay" calibrate --responses "$dir/sim.csv" --model rasch --json > "$dir/assay.json"
  echo "$t0 $(date +%s.%N)" >> "$dir/assay_times.txt"
done
Rscript "$here/r_compare.R" fit "$dir" "$rounds" "$agq"
