#!/usr/bin/env bash
# Builds a release build and runs the benchmarks (figures for README). Not a test.
#   scripts/bench.sh            every benchmark
#   scripts/bench.sh import     import throughput only
#   scripts/bench.sh quiz       quiz generation only
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DASSAY_TESTS=OFF >/dev/null
cmake --build build-release -j"$(nproc)" --target import_bench quiz_bench >/dev/null
what=${1:-all}
if [ "$what" = all ] || [ "$what" = import ]; then
  echo "== import (build-release/bench/import_bench --rounds 5)"
  build-release/bench/import_bench --rounds 5
  echo
fi
if [ "$what" = all ] || [ "$what" = quiz ]; then
  echo "== quiz generation (build-release/bench/quiz_bench --kbs 40 --quizzes 2000)"
  build-release/bench/quiz_bench --kbs 40 --quizzes 2000
fi
