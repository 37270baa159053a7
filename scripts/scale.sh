#!/usr/bin/env bash
# Running at scale (issue 14; README "Running at scale"): the same bounded load
# of learners (tests/scale/load.mjs) on one `assay serve` over SQLite, on one
# over PostgreSQL, and on three over one PostgreSQL behind nginx; then kill -9
# trials: under load, a random one of the three servers is killed at a random
# moment and started again, TRIALS times, while learners retry on another server
# with the same client request id. After each run the bank's rows are counted
# against the learners' logs (lost, duplicates) and every attempt is resumed.
# PostgreSQL is a private cluster tests/pg.sh starts and stops; nginx runs with
# its own configuration in the run's folder on a free loopback port; every
# process is stopped on exit, failure or interrupt (traps here, in pg.sh and in
# load.mjs). Prints one JSON line per run and a table; exit 1 if a check failed.
#
#   scripts/scale.sh [--bin ASSAY] [--learners 24] [--seconds 20] [--trials 50]
#                    [--work DIR] [--only load|kill]
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$root/build/assay
learners=24
seconds=20
trials=50
work=
only=
while [ $# -gt 0 ]; do
  case $1 in
    --bin) bin=$2; shift 2 ;;
    --learners) learners=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --trials) trials=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    *) echo "usage: scripts/scale.sh [--bin ASSAY] [--learners N] [--seconds S] [--trials N] [--work DIR] [--only load|kill]" >&2; exit 2 ;;
  esac
done
if [ ! -x "$bin" ]; then
  echo "scale.sh: no assay binary at $bin (build it, or pass --bin)" >&2
  exit 2
fi
if [ ! -x /usr/sbin/nginx ] || ! command -v node >/dev/null || ! command -v psql >/dev/null; then
  echo "scale.sh: needs nginx-light, node and psql: run scripts/deps.sh" >&2
  exit 2
fi
made=0
if [ -z "$work" ]; then
  work=$(mktemp -d "${TMPDIR:-/tmp}/assay-scale.XXXXXX") || exit 1
  made=1
fi
mkdir -p "$work"
child=
cleanup() {
  [ -n "$child" ] && kill -TERM "$child" 2>/dev/null && wait "$child" 2>/dev/null
  [ "$made" = 1 ] && rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

load=$root/tests/scale/load.mjs
results=$work/results.jsonl
: >"$results"
status=0
# run LABEL [pg] ARGS...: one load.mjs run, its JSON line kept
run() {
  local label=$1
  shift
  local pre=()
  if [ "$1" = pg ]; then pre=("$root/tests/pg.sh" run); shift; fi
  echo "scale.sh: $label ..." >&2
  "${pre[@]}" node "$load" --bin "$bin" --work "$work/$label" --label "$label" "$@" \
    >"$work/$label.out" 2>"$work/$label.err" &
  child=$!
  wait "$child"
  local st=$?
  child=
  if [ "$st" != 0 ]; then
    status=1
    echo "scale.sh: $label failed ($st):" >&2
    tail -20 "$work/$label.err" >&2
  fi
  grep '^{' "$work/$label.out" | tail -1 | tee -a "$results"
}

if [ "$only" != kill ]; then
  run one-sqlite --servers 1 --learners "$learners" --seconds "$seconds"
  run one-pg pg --pg --servers 1 --learners "$learners" --seconds "$seconds"
  run three-pg-nginx pg --pg --servers 3 --nginx --split --learners "$learners" --seconds "$seconds"
fi
if [ "$only" != load ] && [ "$trials" -gt 0 ]; then
  run kill-trials pg --pg --servers 3 --nginx --split --learners "$learners" --seconds 5 --kills "$trials"
fi

echo
node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean).map(JSON.parse);
const cols = ["label", "backend", "servers", "nginx", "learners", "seconds", "answers_acknowledged", "answers_per_s",
  "p50_ms", "p99_ms", "kills", "retried_answers", "duplicates_reported", "present_races", "lost", "duplicates",
  "attempts", "attempts_resumed", "failures"];
console.log("| " + cols.join(" | ") + " |");
console.log("|" + cols.map(() => "---").join("|") + "|");
for (const r of rows) console.log("| " + cols.map((c) => String(r[c])).join(" | ") + " |");
' "$results"
echo "load: $(uptime)"
exit "$status"
