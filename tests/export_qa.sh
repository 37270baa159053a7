#!/usr/bin/env bash
# The ctest export_qa: the QTI 2.1, QTI 3.0 and Anki packages of test_export_qa --write (questions
# of every type by hand, a 20-question quiz of the bundled bank, every item of the bank) checked by
# tools nobody here wrote:
#   - xmllint --noout --nonet --schema with the official XSDs (../shared/schemas/qti): every QTI 2.1
#     item and manifest, every QTI 3.0 manifest; QTI 3.0 items (no item XSD here): well-formed, and
#     their structure by XPath;
#   - the .apkg read back by anki-reader (tests/export-anki/read.mjs) and by sqlite3 with Anki's
#     schema 11;
#   - two runs in two processes (another time zone, a second later) give the same bytes.
# Usage: export_qa.sh TEST_EXPORT_QA OUT_DIR SHARED_DIR. Fails, never skips, when a tool is missing.
set -euo pipefail
bin=$1
out=$2
shared=${ASSAY_SHARED_DIR:-$3}
here=$(cd "$(dirname "$0")" && pwd)
schemas=$shared/schemas/qti
NS21=http://www.imsglobal.org/xsd/imsqti_v2p1
NS30=http://www.imsglobal.org/xsd/imsqtiasi_v3p0
CP21=http://www.imsglobal.org/xsd/imscp_v1p1
CP30=http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1

fail() {
  echo "export_qa: $*" >&2
  exit 1
}
for tool in xmllint sqlite3 unzip node; do
  command -v "$tool" >/dev/null || fail "$tool is missing (scripts/deps.sh installs it)"
done
[ -f "$schemas/qtiv2p1/imsqti_v2p1.xsd" ] || fail "no QTI schemas in $schemas"
[ -d "$here/export-anki/node_modules/anki-reader" ] ||
  fail "anki-reader is missing in tests/export-anki (scripts/deps.sh installs it)"

rm -rf "$out"
mkdir -p "$out"
"$bin" --write "$out/run1"
sleep 1
TZ=Asia/Seoul "$bin" --write "$out/run2"
for f in "$out"/run1/*; do
  cmp -s "$f" "$out/run2/$(basename "$f")" || fail "$(basename "$f") differs between two runs"
done

# xp FILE XPATH: the value of an XPath 1.0 expression (namespaces by namespace-uri())
xp() {
  xmllint --nonet --xpath "$2" "$1" 2>/dev/null || true
}

validate() { # SCHEMA FILE...
  local schema=$1
  shift
  local log
  if ! log=$(xmllint --noout --nonet --schema "$schema" "$@" 2>&1); then
    echo "$log" | grep -v ' validates$' | head -20 >&2
    fail "xmllint --schema $(basename "$schema") rejected a file"
  fi
}

for set in fixture quiz bank; do
  n=$(node -e "console.log(JSON.parse(require('fs').readFileSync('$out/run1/$set.json','utf8')).length)")
  [ "$n" -gt 0 ] || fail "$set: no questions"

  # ---- QTI 2.1 ----
  d=$out/$set-qti21
  mkdir -p "$d"
  (cd "$d" && unzip -q "$out/run1/$set-qti21.zip")
  validate "$schemas/imscp_v1p1.xsd" "$d/imsmanifest.xml"
  validate "$schemas/qtiv2p1/imsqti_v2p1.xsd" "$d"/items/*.xml
  items=$(find "$d/items" -name '*.xml' | wc -l)
  [ "$items" -eq "$n" ] || fail "$set: $items QTI 2.1 items for $n questions"
  res=$(xp "$d/imsmanifest.xml" "count(//*[local-name()='resource' and namespace-uri()='$CP21' and @type='imsqti_item_xmlv2p1'])")
  [ "$res" -eq "$n" ] || fail "$set: $res QTI 2.1 resources for $n questions"
  for f in "$d"/items/*.xml; do
    href=items/$(basename "$f")
    [ "$(xp "$d/imsmanifest.xml" "count(//*[local-name()='file' and @href='$href'])")" = 1 ] ||
      fail "$set: $href is not in the manifest"
  done

  # ---- QTI 3.0 ----
  d=$out/$set-qti30
  mkdir -p "$d"
  (cd "$d" && unzip -q "$out/run1/$set-qti30.zip")
  validate "$schemas/qtiv3p0/imsqtiv3p0_imscpv1p2_v1p0.xsd" "$d/imsmanifest.xml"
  res=$(xp "$d/imsmanifest.xml" "count(//*[local-name()='resource' and namespace-uri()='$CP30' and @type='imsqti_item_xmlv3p0'])")
  [ "$res" -eq "$n" ] || fail "$set: $res QTI 3.0 resources for $n questions"
  xmllint --noout --nonet "$d"/items/*.xml || fail "$set: a QTI 3.0 item is not well-formed"
  for f in "$d"/items/*.xml; do
    b=$(basename "$f" .xml)
    q="namespace-uri()='$NS30'"
    checks=(
      "count(/*[local-name()='qti-assessment-item' and $q and @identifier='$b'])=1"
      "count(/*/*[local-name()='qti-response-declaration' and @identifier='RESPONSE'])=1"
      "count(/*/*[local-name()='qti-outcome-declaration' and @identifier='SCORE'])=1"
      "count(/*/*[local-name()='qti-item-body'])=1"
      "count(//*[$q and contains(local-name(), '-interaction') and @response-identifier='RESPONSE'])=1"
      "count(//*[$q and not(starts-with(local-name(), 'qti-')) and not(local-name()='p' or local-name()='br' or local-name()='blockquote')])=0"
      "count(//@*[contains(name(), 'Identifier') or contains(name(), 'Type') or contains(name(), 'Value')])=0"
      "count(//@identifier[contains('0123456789-.', substring(., 1, 1))])=0"
      "count(/*/*[local-name()='qti-response-processing']) <= 1"
      "count(//*[local-name()='qti-response-processing' and not(starts-with(@template, 'https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/'))])=0"
    )
    all=$(printf '(%s) and ' "${checks[@]}")
    [ "$(xp "$f" "${all% and }")" = true ] && continue
    for c in "${checks[@]}"; do # name the check that failed
      [ "$(xp "$f" "$c")" = true ] || fail "$set: $(basename "$f"): QTI 3.0 structure: $c"
    done
    fail "$set: $(basename "$f"): QTI 3.0 structure"
  done
  # the 2.1 and 3.0 packages hold the same items
  diff <(cd "$out/$set-qti21/items" && ls) <(cd "$d/items" && ls) >/dev/null ||
    fail "$set: the QTI 2.1 and 3.0 packages hold different items"

  # ---- Anki ----
  d=$out/$set-anki
  mkdir -p "$d"
  (cd "$d" && unzip -q "$out/run1/$set.apkg")
  [ "$(cat "$d/media")" = "{}" ] || fail "$set: media is not {}"
  db=$d/collection.anki2
  q() { sqlite3 -readonly -batch -noheader "$db" "$1"; }
  [ "$(q 'PRAGMA integrity_check')" = ok ] || fail "$set: the collection is damaged"
  [ "$(q 'SELECT ver FROM col')" = 11 ] || fail "$set: col.ver is not 11"
  [ "$(q 'SELECT count(*) FROM col')" = 1 ] || fail "$set: col has not one row"
  [ "$(q "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name)")" = "cards col graves notes revlog" ] ||
    fail "$set: the tables are not schema 11's"
  [ "$(q 'SELECT count(*) FROM notes')" = "$n" ] || fail "$set: notes are not $n"
  [ "$(q 'SELECT count(*) FROM cards')" = "$n" ] || fail "$set: cards are not $n"
  [ "$(q 'SELECT count(DISTINCT guid) FROM notes')" = "$n" ] || fail "$set: guids are not distinct"
  [ "$(q "SELECT count(*) FROM notes WHERE length(flds) - length(replace(flds, char(31), '')) != 4")" = 0 ] ||
    fail "$set: a note has not five fields"
  [ "$(q 'SELECT count(*) FROM cards c LEFT JOIN notes n ON n.id = c.nid WHERE n.id IS NULL')" = 0 ] ||
    fail "$set: a card without its note"
  [ "$(q "SELECT count(*) FROM cards WHERE CAST(did AS TEXT) NOT IN (SELECT key FROM json_each((SELECT decks FROM col)))")" = 0 ] ||
    fail "$set: a card in a deck the collection does not name"
  [ "$(q "SELECT count(*) FROM notes WHERE CAST(mid AS TEXT) NOT IN (SELECT key FROM json_each((SELECT models FROM col)))")" = 0 ] ||
    fail "$set: a note of a note type the collection does not name"
  [ "$(q "SELECT count(*) FROM json_each((SELECT decks FROM col)) WHERE key = '1'")" = 1 ] ||
    fail "$set: no deck 1"
  [ "$(q "SELECT count(*) FROM json_each((SELECT dconf FROM col)) WHERE key = '1'")" = 1 ] ||
    fail "$set: no deck options 1"
  # every sub-deck's parent is a deck too
  [ "$(q "SELECT count(*) FROM json_each((SELECT decks FROM col)) d WHERE instr(json_extract(d.value, '\$.name'), '::') > 0 AND substr(json_extract(d.value, '\$.name'), 1, instr(json_extract(d.value, '\$.name'), '::') - 1) NOT IN (SELECT json_extract(value, '\$.name') FROM json_each((SELECT decks FROM col)))")" = 0 ] ||
    fail "$set: a sub-deck without its parent"
  node "$here/export-anki/read.mjs" "$out/run1/$set.apkg" "$out/run1/$set.json" \
    "$out/run2/$set.apkg" || fail "$set: anki-reader check failed"
done

# Korean text exactly as given (UTF-8), in both versions
for v in qti21 qti30; do
  grep -qF '<p>캐시의 가장 어려운 문제는 <' "$out/fixture-$v/items/i3a1b2c3d4e5f.xml" ||
    fail "fixture-$v: the cloze's Korean text is not there exactly"
  grep -qF '>샤딩 &lt;shard&gt; &amp; &quot;분할&quot;<' "$out/fixture-$v/items/i0a1b2c3d4e5f.xml" ||
    fail "fixture-$v: an option's text is not there exactly"
done

# the checks can fail: a broken item, a wrong count
bad=$out/bad-item.xml
first=$(find "$out/fixture-qti21/items" -name '*.xml' | sort | head -1)
sed 's/responseIdentifier="RESPONSE"//' "$first" >"$bad"
if xmllint --noout --nonet --schema "$schemas/qtiv2p1/imsqti_v2p1.xsd" "$bad" 2>/dev/null; then
  fail "xmllint accepted an item without its responseIdentifier"
fi
if node "$here/export-anki/read.mjs" "$out/run1/fixture.apkg" "$out/run1/quiz.json" 2>/dev/null; then
  fail "read.mjs accepted a package against another set's questions"
fi
echo "export_qa: QTI 2.1 items and manifests and QTI 3.0 manifests valid, QTI 3.0 items well-formed," \
  "Anki packages read back by anki-reader and sqlite3, the same bytes twice"
