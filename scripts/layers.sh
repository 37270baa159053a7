#!/usr/bin/env bash
# Checks the dependency rule of docs/ARCHITECTURE.md: each folder of src/
# includes only the folders listed for it here (the same table as the doc's
# "may use" column), and the front ends (src/cli, src/web) include nothing
# of src/ but their own headers (the CLI reaches the server through web.h). Run by ctest as `layers`; prints each
# violation as FILE:LINE and exits 1 when there is one.
set -euo pipefail
cd "$(dirname "$0")/.."
declare -A may=(
  [core]="core"
  [text]="core text"
  [kb]="core text kb"
  [store]="core store"
  [bank]="core text kb store bank"
  [irt]="core irt"
  [srs]="core srs"
  [report]="core report"
  [gen]="core text irt store gen"
  [grade]="core text gen grade"
  [wire]="core gen wire"
  [export]="export"
  [api]="core text kb store bank gen grade irt wire export api"
  [session]="core text store gen grade irt srs wire report api session"
  [cli]="cli web"
  [web]="web"
)
bad=0
for dir in src/*/; do
  n=$(basename "$dir")
  if [ -z "${may[$n]+x}" ]; then
    echo "layers: src/$n has no row in scripts/layers.sh (and docs/ARCHITECTURE.md)"
    bad=1
    continue
  fi
  while IFS=: read -r file line text; do
    dep=$(sed -E 's/.*#include "([a-z_]+)\/.*/\1/' <<<"$text")
    case " ${may[$n]} " in
      *" $dep "*) ;;
      *) echo "$file:$line: src/$n may not include $dep/ ($text)"; bad=1 ;;
    esac
  done < <(grep -Hn '^#include "[a-z_]*/' "$dir"*.[ch] 2>/dev/null || true)
done
if [ "$bad" = 0 ]; then
  echo "layers: every include follows the dependency rule"
fi
exit "$bad"
