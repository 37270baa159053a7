#!/usr/bin/env bash
# Builds a release build and runs the benchmarks (figures for README). Not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DASSAY_TESTS=OFF >/dev/null
cmake --build build-release -j"$(nproc)" --target import_bench >/dev/null
build-release/bench/import_bench "$@"
