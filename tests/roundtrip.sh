#!/usr/bin/env bash
# roundtrip — issue 13's round trips: the bundled bank exported as GIFT, Moodle
# XML and CSV (`assay export`) and imported back into an empty bank gives the
# same items: every level Q/A, interview Q/A and scenario of the source is
# there with the same question, topic, level and answer (CSV: and kind, level
# label, scenario parts); tests/roundtrip.mjs names each item and field that
# differs. Derived items are left out of the export (--no-derived). Then a
# 20-question generated quiz (`assay quiz --print --json -n 20`, every question
# type) exported with `--quiz` in the three formats and imported into an empty
# bank: one item per question with the answer the format carries
# (tests/roundtrip_quiz.mjs). Last, the hand-written banks of
# tests/data/import (ko.gift, ko.xml, ko.csv: multiple choice with authored
# distractors, true/false, short answers with aliases, matching, essays,
# cloze, numerical) imported, exported in the three formats and imported back:
# the same items with the same distractors, and exporting the re-imported bank
# gives the same file again but for the source references (aliases, option
# order and keys kept); the QTI 2.1 export has every authored option as a
# simpleChoice.
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
ASSAY_DB=$tmp/src.db "$bin" items --kb "$kb" --no-derived --json >"$tmp/src.json"
[ $reference = 1 ] && node "$here/import_writers.mjs" "$tmp/src.json" "$tmp/rt"
fail=0
for fmt in gift moodle-xml csv; do
  case $fmt in gift) ext=gift ;; moodle-xml) ext=xml ;; csv) ext=csv ;; esac
  out=$tmp/rt.$ext
  if [ $reference = 0 ]; then
    ASSAY_DB=$tmp/src.db "$bin" export --format "$fmt" --kb "$kb" --no-derived -o "$out" -q
  fi
  rm -f "$tmp"/dst.db*
  ASSAY_DB=$tmp/dst.db "$bin" import --format "$fmt" --kb rt "$out" -q >/dev/null
  ASSAY_DB=$tmp/dst.db "$bin" items --kb rt --no-derived --json >"$tmp/dst-$fmt.json"
  name=$fmt
  [ $reference = 1 ] && name=$fmt-reference
  if ! node "$here/roundtrip.mjs" "$name" "$tmp/src.json" "$tmp/dst-$fmt.json"; then
    fail=1
  fi
done
if [ $reference = 0 ]; then
  ASSAY_DB=$tmp/src.db "$bin" quiz --kb "$kb" --print --json -n 20 --seed 7 >"$tmp/quiz.json"
  ASSAY_DB=$tmp/src.db "$bin" export --quiz "$tmp/quiz.json" -f json -o "$tmp/quiz-ref.json" -q
  for fmt in gift moodle-xml csv; do
    out=$tmp/quiz.$fmt
    ASSAY_DB=$tmp/src.db "$bin" export --quiz "$tmp/quiz.json" -f "$fmt" -o "$out" -q
    rm -f "$tmp"/dstq.db*
    ASSAY_DB=$tmp/dstq.db "$bin" import --format "$fmt" --kb rtq "$out" -q >/dev/null
    ASSAY_DB=$tmp/dstq.db "$bin" items --kb rtq --no-derived --json >"$tmp/dstq-$fmt.json"
    if ! node "$here/roundtrip_quiz.mjs" "$fmt" "$tmp/quiz-ref.json" "$tmp/dstq-$fmt.json"; then
      fail=1
    fi
  done
fi
if [ $reference = 0 ]; then
  # the source references (file:line) are the only thing that changes
  unsourced() {
    sed -E -e 's/ \[source:[^]]*\]//' -e 's/Source\\?: [^<]*(\\:|:)[0-9]+//' \
      -e 's/,[^,]*,[0-9]+\r$//' "$1"
  }
  for src in ko.gift ko.xml ko.csv; do
    rm -f "$tmp"/hw.db*
    ASSAY_DB=$tmp/hw.db "$bin" import --kb ko "$here/data/import/$src" -q >/dev/null
    ASSAY_DB=$tmp/hw.db "$bin" items --kb ko --no-derived --json >"$tmp/hw.json"
    for fmt in gift moodle-xml csv; do
      out=$tmp/hw-$src.$fmt
      ASSAY_DB=$tmp/hw.db "$bin" export --kb ko --no-derived -f "$fmt" -o "$out" -q
      rm -f "$tmp"/hw2.db*
      ASSAY_DB=$tmp/hw2.db "$bin" import --format "$fmt" --kb ko "$out" -q >/dev/null
      ASSAY_DB=$tmp/hw2.db "$bin" items --kb ko --no-derived --json >"$tmp/hw2.json"
      node "$here/roundtrip.mjs" "$fmt" "$tmp/hw.json" "$tmp/hw2.json" | sed "s/^roundtrip /roundtrip $src → /" ||
        fail=1
      ASSAY_DB=$tmp/hw2.db "$bin" export --kb ko --no-derived -f "$fmt" -o "$out.2" -q
      if ! diff <(unsourced "$out") <(unsourced "$out.2") >"$tmp/diff"; then
        echo "roundtrip $src → $fmt: exporting the re-imported bank gives another file:"
        head -20 "$tmp/diff"
        fail=1
      fi
    done
    ASSAY_DB=$tmp/hw.db "$bin" export --kb ko --no-derived -f qti21 -o "$tmp/hw.zip" -q
    unzip -p "$tmp/hw.zip" 'items/*.xml' >"$tmp/hw-items.xml"
    n=0
    while IFS= read -r opt; do
      n=$((n + 1))
      if ! grep -qF ">$opt</simpleChoice>" "$tmp/hw-items.xml"; then
        echo "roundtrip $src → qti21: the option \"$opt\" is no simpleChoice"
        fail=1
      fi
    done < <(node -e 'for (const it of JSON.parse(require("fs").readFileSync(process.argv[1])).items)
      for (const d of it.distractors ?? []) console.log(d);' "$tmp/hw.json")
    echo "roundtrip $src → qti21: $n authored distractors checked"
    [ "$n" -gt 0 ] || fail=1
  done
fi
exit $fail
