#!/usr/bin/env bash
# The export formats end to end (ctest `export`), against tools nobody here
# wrote: the whole bundled bank, a 20-question generated quiz
# (`assay quiz --print --json --with-key`) and a document full of GIFT, XML, CSV
# and Anki special characters (special.md), each exported in every format this
# build has; gift-pegjs (npm, tests/export/node_modules from scripts/deps.sh)
# parses every GIFT file and must yield the questions, options and keys of the
# JSON export of the same selection (gift.mjs); every Moodle XML file is
# well-formed (xmllint --noout --nonet) and has the structure checked by XPath
# below; CSV, JSON and Anki text are checked by check.mjs. Also: the same
# export twice gives the same bytes, bad formats and selections fail with the
# documented exit status and write no file. No network.
#   tests/export/run.sh ASSAY_BINARY WORK_DIR
set -euo pipefail
bin=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"
cd "$work"
export ASSAY_DB="$work/bank.db"
fails=0
fail() {
  echo "export test: FAIL: $*" >&2
  fails=$((fails + 1))
}

[ -d "$here/node_modules/gift-pegjs" ] || {
  echo "export test: gift-pegjs is missing; run scripts/deps.sh" >&2
  exit 1
}
command -v xmllint >/dev/null || {
  echo "export test: xmllint is missing; run scripts/deps.sh" >&2
  exit 1
}

formats="gift moodle-xml csv json anki-text"
for f in qti21 qti30 anki; do
  if "$bin" export -f "$f" -o "$work/probe.$f" -q 2>/dev/null; then
    formats="$formats $f"
  fi
done
rm -f "$work"/probe.*
echo "export test: formats in this build: $formats"

# The selections: the bundled bank (read from the binary), a quiz, the special document.
"$bin" quiz --print --json --with-key -n 20 --seed 7 >quiz-in.json
"$bin" import --db "$work/special.db" "$here/special.md" -q >/dev/null
"$bin" quiz --db "$work/special.db" --kb special --print --json --with-key -n 8 --seed 3 \
  >special-quiz-in.json 2>/dev/null

run_export() { # NAME ARGS...: exports NAME.FORMAT for every format
  local name=$1
  shift
  for f in $formats; do
    local st=0
    "$bin" export "$@" -f "$f" -o "$name.$f" -q || st=$?
    if [ "$st" != 0 ]; then
      fail "$name: export -f $f $* exited $st"
    elif [ ! -s "$name.$f" ]; then
      fail "$name.$f is empty"
    fi
  done
}
run_export bank
run_export bank-l2 --topic 3 --level 2
run_export quiz --quiz quiz-in.json
run_export special --db "$work/special.db" --kb special
run_export special-quiz --db "$work/special.db" --quiz special-quiz-in.json

# Deterministic: the same selection gives the same bytes.
for f in $formats; do
  "$bin" export -f "$f" -o "again.$f" -q
  cmp -s "bank.$f" "again.$f" || fail "two exports of the bank in $f differ"
done

# XPath over a Moodle XML file: count(EXPR) must be WANT.
xcount() {
  local file=$1 expr=$2 want=$3 got
  got=$(xmllint --nonet --xpath "count($expr)" "$file" 2>/dev/null || echo error)
  [ "$got" = "$want" ] || fail "$file: count($expr) is $got, expected $want"
}

for name in bank bank-l2 quiz special special-quiz; do
  node "$here/gift.mjs" "$name.gift" "$name.json" || fail "$name.gift does not match $name.json"
  node "$here/check.mjs" "$name" || fail "$name: CSV, JSON or Anki text check"
  x="$name.moodle-xml"
  xmllint --noout --nonet "$x" || fail "$x is not well-formed XML"
  head -1 "$x" | grep -qx '<?xml version="1.0" encoding="UTF-8"?>' || fail "$x: first line"
  n=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).count)' "$name.json")
  xcount "$x" "/quiz/question[@type!='category']" "$n"
  xcount "$x" "/quiz/question[@type!='category'][not(name/text) or not(questiontext/text)]" 0
  xcount "$x" "/quiz/question[@type!='category'][not(idnumber) or idnumber='']" 0
  xcount "$x" "/quiz/question[@type='category'][not(starts-with(category/text, '\$course\$/top/'))]" 0
  xcount "$x" "/quiz/question[1][@type='category']" 1
  xcount "$x" "/quiz/question[@type='multichoice'][count(answer[@fraction='100']) != 1]" 0
  xcount "$x" "/quiz/question[@type='truefalse'][count(answer) != 2 or count(answer[@fraction='100']) != 1]" 0
  xcount "$x" "/quiz/question[@type='matching'][count(subquestion) < 3]" 0
  xcount "$x" "/quiz/question[@type='cloze'][not(contains(questiontext/text, '{1:SHORTANSWER:='))]" 0
  xcount "$x" "/quiz/question[@type='essay'][not(graderinfo/text)]" 0
  xcount "$x" "//answer[@fraction!='100' and @fraction!='0']" 0
  # idnumbers unique within the file
  ids=$(xmllint --nonet --xpath "/quiz/question/idnumber/text()" "$x" 2>/dev/null | sort)
  [ -z "$(uniq -d <<<"$ids")" ] || fail "$x: an idnumber appears twice"
done
# The quiz holds every type the quiz has; each maps to its Moodle type.
for t in mcq:multichoice tf:truefalse cloze:cloze match:matching short:essay; do
  if grep -Eq "\"type\": ?\"${t%%:*}\"" quiz-in.json; then
    echo "export test: quiz has ${t%%:*} -> ${t#*:}"
    xcount quiz.moodle-xml "/quiz/question[@type='${t#*:}'][1]" 1
  fi
done
# The bank: one question per active item (the JSON export), by id.
xcount bank.moodle-xml "/quiz/question[@type='essay']" \
  "$(node -e 'console.log(JSON.parse(require("fs").readFileSync("bank.json")).count)')"
# special characters survive into the XML text
grep -q ']]&gt;' special.moodle-xml || fail "special.moodle-xml: ']]>' not kept as text"
xmllint --nonet --xpath "string(/quiz/question[@type='category'][1]/category/text)" \
  special.moodle-xml | grep -q 'A//B' || fail "special.moodle-xml: '/' in a category not doubled"

# Errors: documented exit statuses, no file written.
expect() { # STATUS ARGS...
  local want=$1
  shift
  set +e
  "$bin" "$@" >/dev/null 2>err.txt
  local got=$?
  set -e
  [ "$got" = "$want" ] || fail "assay $* exited $got, expected $want ($(head -1 err.txt))"
}
expect 1 export -o none.gift
expect 1 export -f docx -o none.gift
expect 1 export -f gift --level 12 -o none.gift
expect 1 export -f gift --quiz quiz-in.json --topic 3 -o none.gift
expect 2 export -f gift --kb no-such-kb -o none.gift
expect 2 export -f gift --topic no-such-topic-anywhere -o none.gift
echo '{"questions": []}' >bad-quiz.json
expect 2 export -f gift --quiz bad-quiz.json -o none.gift
expect 2 export -f gift --quiz missing.json -o none.gift
expect 5 export -f gift -o "$work/no/such/dir/x.gift"
[ ! -e none.gift ] || fail "a failed export wrote none.gift"
for f in qti21 qti30 anki; do
  case " $formats " in
    *" $f "*) ;;
    *)
      expect 1 export -f "$f" -o "none.$f"
      grep -q 'not available' err.txt || fail "-f $f: no 'not available' message"
      ;;
  esac
done

if [ "$fails" != 0 ]; then
  echo "export test: $fails failure(s)" >&2
  exit 1
fi
echo "export test: every check passed"
