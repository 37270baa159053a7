#!/usr/bin/env bash
# roundtrip — issue 13's round trips: the bundled bank exported as GIFT, Moodle
# XML and CSV (`assay export`) and imported back into an empty bank gives the
# same items: every level and interview Q/A of the source is there with the
# same topic, level, question and answer. Items the export adds beyond those
# (scenarios as essays, derived items) are counted, not failed.
#
#   tests/roundtrip.sh ASSAY_BINARY              assay's own exporters
#   tests/roundtrip.sh ASSAY_BINARY --reference  tests/import_writers.mjs writes
#                                                the files (the readers alone)
#
# Exit 77 (ctest: skipped) when the binary has no `assay export`; tests/
# CMakeLists.txt adds that run only when src/export/gift.c exists. Needs node.
set -euo pipefail
bin=${1:?usage: tests/roundtrip.sh ASSAY_BINARY [--reference]}
reference=0
[ "${2:-}" = --reference ] && reference=1
if [ $reference = 0 ] && ! "$bin" export --help >/dev/null 2>&1; then
  echo "roundtrip: SKIPPED: this assay has no 'export' command (h-export's writers are not merged)"
  exit 77
fi
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export ASSAY_CACHE_DIR=off
kb=architecture-scalability
ASSAY_DB=$tmp/src.db "$bin" items --kb "$kb" --kind level --no-derived --json >"$tmp/src.json"
[ $reference = 1 ] && node "$here/import_writers.mjs" "$tmp/src.json" "$tmp/rt"
fail=0
for fmt in gift moodle-xml csv; do
  case $fmt in gift) ext=gift ;; moodle-xml) ext=xml ;; csv) ext=csv ;; esac
  out=$tmp/rt.$ext
  if [ $reference = 0 ]; then
    ASSAY_DB=$tmp/src.db "$bin" export --format "$fmt" --kb "$kb" --kind level --no-derived -o "$out"
  fi
  rm -f "$tmp"/dst.db*
  ASSAY_DB=$tmp/dst.db "$bin" import --format "$fmt" --kb rt "$out" >/dev/null
  ASSAY_DB=$tmp/dst.db "$bin" items --kb rt --no-derived --json >"$tmp/dst-$fmt.json"
  if ! node "$here/roundtrip.mjs" "$fmt" "$tmp/src.json" "$tmp/dst-$fmt.json"; then
    fail=1
  fi
done
exit $fail
