#!/usr/bin/env bash
# The browser test (a ctest): writes the sample reports with report_write,
# makes a fontconfig file that rejects every Korean font (for the control),
# and runs report.mjs in headless Chromium. Artefacts go to ARTIFACTS_DIR.
#   tests/browser/run.sh REPORT_WRITE ARTIFACTS_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
writer=$1
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
"$writer" person html ko "$out/report.html"
"$writer" group html ko "$out/report-group.html"
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
