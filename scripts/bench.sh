#!/usr/bin/env bash
# Builds a release build and runs the benchmarks (figures for README). Not a test.
#   scripts/bench.sh            every benchmark (R included)
#   scripts/bench.sh import     import throughput only
#   scripts/bench.sh quiz       quiz generation only
#   scripts/bench.sh calib      calibration of 10,000 x 2,000 sparse answers
#   scripts/bench.sh cat        next-item selection on a 10,000-item bank
#   scripts/bench.sh r          Rasch calibration side by side with R (installs R; lme4
#                               takes about a quarter of an hour)
#   scripts/bench.sh web        the web server: wrk against `assay serve` and nginx
#                               (bench/web_bench.sh; installs wrk and nginx-light; about
#                               3 minutes; RUNS, DURATION, CONNS, ... as that script says)
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
if [ "$what" = all ] || [ "$what" = r ]; then
  scripts/deps.sh --bench
elif [ "$what" = web ]; then
  scripts/deps.sh --web-bench
else
  scripts/deps.sh
fi
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DASSAY_TESTS=OFF >/dev/null
cmake --build build-release -j"$(nproc)" --target assay import_bench quiz_bench calib_bench cat_bench >/dev/null
if [ "$what" = all ] || [ "$what" = import ]; then
  echo "== import (build-release/bench/import_bench --rounds 5)"
  build-release/bench/import_bench --rounds 5
  echo
fi
if [ "$what" = all ] || [ "$what" = quiz ]; then
  echo "== quiz generation (build-release/bench/quiz_bench --kbs 40 --quizzes 2000)"
  build-release/bench/quiz_bench --kbs 40 --quizzes 2000
  echo
fi
if [ "$what" = all ] || [ "$what" = calib ]; then
  echo "== calibration (build-release/bench/calib_bench --rounds 5)"
  build-release/bench/calib_bench --rounds 5
  echo
fi
if [ "$what" = all ] || [ "$what" = cat ]; then
  echo "== adaptive selection (build-release/bench/cat_bench; then --topics 600)"
  build-release/bench/cat_bench
  build-release/bench/cat_bench --topics 600
  echo
fi
if [ "$what" = all ] || [ "$what" = r ]; then
  echo "== Rasch calibration side by side with R (bench/r_compare.sh build-release/assay 5 25 500)"
  bench/r_compare.sh build-release/assay 5 25 500
fi
if [ "$what" = all ] || [ "$what" = web ]; then
  echo
  echo "== web server (bench/web_bench.sh build-release/assay)"
  bench/web_bench.sh build-release/assay
fi
