#!/usr/bin/env bash
# The browser test (a ctest): makes the reports as a user would — three people
# take quizzes and assessments through `assay` (answers piped in), then
# `assay report` writes one person's report and a team's — makes a fontconfig
# file that rejects every Korean font (for the control), and runs report.mjs in
# headless Chromium. Artefacts go to ARTIFACTS_DIR.
#   tests/browser/run.sh ASSAY ARTIFACTS_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
assay=$1
out=$2
for need in node /usr/bin/chromium; do
  command -v "$need" >/dev/null 2>&1 || { echo "browser test: $need missing (run scripts/deps.sh)" >&2; exit 1; }
done
[ -d "$here/node_modules/playwright-core" ] ||
  { echo "browser test: run 'npm ci' in tests/browser (scripts/deps.sh does)" >&2; exit 1; }
fc-list :lang=ko | grep -q . ||
  { echo "browser test: no Korean font (install fonts-noto-cjk)" >&2; exit 1; }
mkdir -p "$out"
out=$(cd "$out" && pwd)
export ASSAY_DB="$out/bank.db" NO_COLOR=1
rm -f "$ASSAY_DB" "$ASSAY_DB-wal" "$ASSAY_DB-shm"
answers() { # $1 lines: right-ish and wrong answers in turn
  local i
  for ((i = 0; i < $1; i++)); do
    case $((i % 4)) in 0) echo 1 ;; 1) echo 2 ;; 2) echo s ;; 3) echo 1 ;; esac
  done
}
# kim knows topics 1-7 well, lee 8-15, park a little of everything; each also
# takes an assessment answered by a fixed pattern, and kim a second quiz later.
node "$here/take.mjs" "$assay" kim 7 60 1,2,3,4,5,6,7,12
node "$here/take.mjs" "$assay" lee 8 60 8,9,10,11,12,13,14,15
node "$here/take.mjs" "$assay" park 9 60 2,5,9,13
for who in kim lee park; do
  answers 20 | "$assay" assess --user "$who" --max-items 20 --seed 3 --lang ko >/dev/null
done
node "$here/take.mjs" "$assay" kim 10 40 1,2,3,4,5,6,7,8,12,13
"$assay" report --user kim --format html --lang ko -o "$out/report.html"
"$assay" report --users kim,lee,park --format html --lang ko -o "$out/report-group.html"
cat > "$out/no-cjk-fonts.conf" <<CONF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont>
    <pattern><patelt name="lang"><string>ko</string></patelt></pattern>
  </rejectfont></selectfont>
  <cachedir>$out/fc-cache</cachedir>
</fontconfig>
CONF
if FONTCONFIG_FILE="$out/no-cjk-fonts.conf" fc-list :lang=ko | grep -q .; then
  echo "browser test: the control fontconfig still finds a Korean font" >&2
  exit 1
fi
# Chromium writes its profile under HOME; keep it inside the artefacts.
export HOME="$out/home"
mkdir -p "$HOME"
exec node "$here/report.mjs" "$out/report.html" "$out/report-group.html" "$out" \
  "$out/no-cjk-fonts.conf"
