#!/usr/bin/env bash
# failover — the full database fault trials of issue 14 (ctest runs a reduced count):
#
#   scripts/failover.sh [--bin PATH] [--trials N] [--learners N] [--seconds S]
#
# 1. restart:  the PostgreSQL server stopped (-m immediate) under `assay serve` and
#              started again: every request 503 JSON fast while it is away, 200 again
#              from the same process afterwards;
# 2. primary:  N (default 10) primary failovers under a load of answers (L learners,
#              default 4, S seconds of load between failovers, default 5): kill -9 of
#              the primary, pg_ctl promote of its synchronous standby, a new standby made
#              by pg_basebackup from the new primary; afterwards every acknowledged
#              answer is counted in the last primary exactly once;
# 3. diskfull: the SQLite bank on a 24 MB tmpfs, filled (needs root and mount).
# Prints the figures (outage per failover, answers acknowledged, lost) and exits 1
# if any check failed. The binary defaults to build/assay (a release build).
set -uo pipefail
cd "$(dirname "$0")/.."
bin=build/assay trials=10 learners=4 seconds=5
while [ $# -gt 0 ]; do
  case "$1" in
  --bin) bin=$2; shift 2 ;;
  --trials) trials=$2; shift 2 ;;
  --learners) learners=$2; shift 2 ;;
  --seconds) seconds=$2; shift 2 ;;
  -h | --help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "failover.sh: unknown option $1 (see --help)" >&2; exit 1 ;;
  esac
done
[ -x "$bin" ] || { echo "failover.sh: no binary $bin (build first, or --bin PATH)" >&2; exit 1; }
status=0
for t in restart primary diskfull; do
  echo "== $t"
  tests/failover.sh "$t" --bin "$bin" --trials "$trials" --learners "$learners" --seconds "$seconds" 2>&1 |
    grep -v '^20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]T' # the server's request log
  st=${PIPESTATUS[0]}
  case "$st" in
  0) echo "== $t: passed" ;;
  77) echo "== $t: skipped" ;;
  *) echo "== $t: FAILED ($st)"; status=1 ;;
  esac
done
exit "$status"
