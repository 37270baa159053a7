#!/usr/bin/env bash
# The Rasch calibration side by side with R: a simulated 5,000 x 50 Rasch
# response matrix, calibrated by `assay calibrate --responses --model rasch`
# (median of ROUNDS runs of the whole command) and by R's eRm (conditional ML,
# ROUNDS runs) and, with AGQ > 0, lme4 (glmer with AGQ quadrature points, one
# run; slow); difficulties compared after centring. Needs the R packages from
# `scripts/deps.sh --bench`.
#
#   bench/r_compare.sh ASSAY_BINARY [ROUNDS] [AGQ] [PERSONS]   (defaults 5, 0, 500)
#
# lme4 runs on the first PERSONS persons only: on all 5,000 it did not finish
# in 40 minutes here (README).
set -euo pipefail
assay=$1
rounds=${2:-5}
agq=${3:-0}
persons=${4:-500}
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
Rscript "$here/r_compare.R" gen "$dir" "$persons"
for data in sim:assay sub:assay_sub; do
  csv=${data%%:*}
  out=${data#*:}
  : > "$dir/${out}_times.txt"
  for _ in $(seq "$rounds"); do
    t0=$(date +%s.%N)
    "$assay" calibrate --responses "$dir/$csv.csv" --model rasch --json > "$dir/$out.json"
    echo "$t0 $(date +%s.%N)" >> "$dir/${out}_times.txt"
  done
done
Rscript "$here/r_compare.R" fit "$dir" "$rounds" "$agq" "$persons"
