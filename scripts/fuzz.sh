#!/usr/bin/env bash
# fuzz — builds the libFuzzer targets (fuzz/, CMake option ASSAY_FUZZ, clang with
# -fsanitize=fuzzer,address,undefined) in a build directory of their own and
# runs each: first every regression input in fuzz/regress/TARGET/ once, then
# coverage-guided fuzzing for SECONDS from the seeds in fuzz/corpus/TARGET/
# (copied: what the run finds stays in the build directory, the committed
# seeds are not touched). Fails when a target crashes, leaks or hits undefined
# behaviour; the input is left in BUILD/artifacts/TARGET/ (make it a
# regression file: fuzz/README.md).
#
#   scripts/fuzz.sh [SECONDS [TARGET...]]   default 600 s per target, every target
#   ASSAY_FUZZ_BUILD=DIR   the build directory (default build-fuzz)
#   ASSAY_FUZZ_JOBS=N      targets run at once (default: the cores, at most 2)
#
# Exit status: 0 all clean, 1 a finding or a failed build, 77 no clang or no
# libFuzzer (libclang-rt-14-dev; scripts/deps.sh installs both). The ctest
# fuzz_short runs `scripts/fuzz.sh 10`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-600}
[ $# -gt 0 ] && shift
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(md gift moodle csvq resp_csv wire state http)
fi
build=${ASSAY_FUZZ_BUILD:-$root/build-fuzz}
mkdir -p "$build"
build=$(cd "$build" && pwd) # the runs work in their own folders
jobs=${ASSAY_FUZZ_JOBS:-$(nproc)}
[ "$jobs" -gt 2 ] && jobs=2

if ! command -v clang >/dev/null 2>&1; then
  echo "fuzz: no clang (scripts/deps.sh installs it); skipped" >&2
  exit 77
fi
if ! echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n){(void)d;(void)n;return 0;}' |
  clang -x c -fsanitize=fuzzer -o /dev/null - >/dev/null 2>&1; then
  echo "fuzz: clang has no libFuzzer (libclang-rt-14-dev; scripts/deps.sh); skipped" >&2
  exit 77
fi

echo "fuzz: building the targets in $build"
CC=clang cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DASSAY_FUZZ=ON \
  -DASSAY_WERROR=OFF -DASSAY_TESTS=OFF -DASSAY_BENCH=OFF >"$build.cmake.log" 2>&1 ||
  { cat "$build.cmake.log" >&2; exit 1; }
cmake --build "$build" -j"$(nproc)" --target fuzz >"$build.build.log" 2>&1 ||
  { tail -40 "$build.build.log" >&2; exit 1; }
echo "fuzz: built in ${SECONDS} s"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# the word analysis cache, kept between runs: dictionaries load in seconds
export ASSAY_CACHE_DIR="$build/cache" LC_ALL=C.UTF-8
mkdir -p "$ASSAY_CACHE_DIR"

# one target: regressions once, then SECONDS of fuzzing; its log in $build/logs/T.log
one() {
  local t=$1 bin="$build/fuzz/fuzz_$1" work="$build/work/$1" art="$build/artifacts/$1/"
  local log="$build/logs/$t.log"
  mkdir -p "$work" "$art" "$build/logs"
  : >"$log"
  if compgen -G "$root/fuzz/regress/$t/*" >/dev/null; then
    if ! (cd "$work" && "$bin" "$root/fuzz/regress/$t/"* >>"$log" 2>&1); then
      echo "fuzz_$t: a regression input fails (fuzz/regress/$t/):" >&2
      tail -40 "$log" >&2
      return 1
    fi
  fi
  cp -n "$root/fuzz/corpus/$t/"* "$work/" 2>/dev/null || true
  # fuzz_http: the server's threads allocate between inputs, so libFuzzer's
  # leak check after each input would rerun almost every one; leaks are still
  # reported when the run ends
  local extra=()
  [ "$t" = http ] && extra=(-detect_leaks=0)
  if ! (cd "$work" && "$bin" -max_total_time="$secs" -max_len=16384 -timeout=90 "${extra[@]}" \
      -print_final_stats=1 -artifact_prefix="$art" "$work" >>"$log" 2>&1); then
    echo "fuzz_$t: FINDING (input in $art):" >&2
    grep -A30 -m1 -E '^==[0-9]+==ERROR|runtime error|^fuzz_|deadly signal|Timeout|out-of-memory' \
      "$log" >&2 || tail -40 "$log" >&2
    return 1
  fi
  local execs rate cov
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  echo "fuzz_$t: clean: ${secs} s, ${execs:-?} runs, ${rate:-?} exec/s, cov ${cov:-?}"
}

fail=0
pids=()
names=()
for t in "${targets[@]}"; do
  if [ ! -x "$build/fuzz/fuzz_$t" ]; then
    echo "fuzz: no target fuzz_$t" >&2
    exit 1
  fi
  one "$t" &
  pids+=($!)
  names+=("$t")
  if [ ${#pids[@]} -ge "$jobs" ]; then
    wait "${pids[0]}" || fail=1
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]}"; do
  wait "$p" || fail=1
done
[ $fail -eq 0 ] && echo "fuzz: every target clean (${SECONDS} s in all)"
exit $fail
