#!/usr/bin/env bash
# Installs what assay needs to build and test, and nothing that is already there.
# Checks libraries with pkg-config and tools with `command -v`; installs the missing
# ones from Debian's archive with apt-get (through sudo when not root). Then the npm
# packages the tests run under node (tests/fsrs: ts-fsrs; tests/browser:
# playwright-core and axe-core; tests/web: ajv and yaml; tests/export: gift-pegjs; each pinned by its package-lock.json), with `npm ci` when they are missing.
# playwright-core and axe-core; tests/web: ajv and yaml; tests/export-anki: anki-reader; each pinned by its package-lock.json), with `npm ci` when they are missing.
#
#   scripts/deps.sh           build + test dependencies
#   scripts/deps.sh --bench   also what the benchmarks compare against (R with eRm,
#                             lme4 and jsonlite; wrk and nginx-light for the web
#                             benchmark); the tests never need these
#   scripts/deps.sh --web-bench  build + test dependencies and only wrk and nginx-light
#                             (scripts/bench.sh web)
#   ASSAY_DEPS_DRY_RUN=1 ...  only print what would be installed
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bench=0
web_bench=0
[ "${1:-}" = --bench ] && bench=1 && web_bench=1
[ "${1:-}" = --web-bench ] && web_bench=1

# pkg-config module -> Debian package(s)
libs=(
  "libcmark-gfm:libcmark-gfm-dev libcmark-gfm-extensions-dev"
  "sqlite3:libsqlite3-dev"
  "libutf8proc:libutf8proc-dev"
  "jansson:libjansson-dev"
  "libsodium:libsodium-dev"
  "cmocka:libcmocka-dev"
  "libxml-2.0:libxml2-dev"
  "libzip:libzip-dev"
  "nettle:nettle-dev"
  "libedit:libedit-dev"
  "libmicrohttpd:libmicrohttpd-dev"
  "hunspell:libhunspell-dev"
  "libpq:libpq-dev"
)
# command -> Debian package
tools=(
  "cc:gcc"
  "make:make"
  "cmake:cmake"
  "pkg-config:pkg-config"
  "clang-format:clang-format"
  "sqlite3:sqlite3"
  "node:nodejs"
  "npm:npm"
  "chromium:chromium"
  "pdftoppm:poppler-utils"
  "msgfmt:gettext"
  "xgettext:gettext"
  "tmux:tmux"
  "xmllint:libxml2-utils"
  "unzip:unzip"
)

missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
for entry in "${libs[@]}"; do
  mod=${entry%%:*}
  pkgs=${entry#*:}
  if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists "$mod"; then
    # shellcheck disable=SC2206
    missing+=($pkgs)
  fi
done
# Snowball stemmers (free-text grading of English words) ship no pkg-config file.
if [ ! -f /usr/include/libstemmer.h ]; then
  missing+=(libstemmer-dev)
fi
# Free-text grading's dictionaries, read at run time: Korean for Hunspell, and
# WordNet 3.0 (its library ships no pkg-config file).
if [ ! -f /usr/share/hunspell/ko.aff ] || [ ! -f /usr/share/hunspell/ko.dic ]; then
  missing+=(hunspell-ko)
fi
if [ ! -f /usr/include/wn.h ]; then
  missing+=(wordnet-dev)
fi
if [ ! -f /usr/share/wordnet/index.noun ]; then
  missing+=(wordnet-base)
fi
# libcmark-gfm-dev does not pull in the extensions package (DEPENDENCIES.md).
if [ ! -f /usr/include/cmark-gfm-core-extensions.h ]; then
  missing+=(libcmark-gfm-extensions-dev)
fi
# The PostgreSQL backend's tests start a PostgreSQL 15 cluster of their own
# (tests/pg.sh: initdb and pg_ctl from the server package, createdb and pg_dump
# from the client package); no cluster is created or started by installing.
if [ ! -x /usr/lib/postgresql/15/bin/initdb ] || [ ! -x /usr/lib/postgresql/15/bin/pg_ctl ]; then
  missing+=(postgresql-15)
fi
if [ ! -x /usr/lib/postgresql/15/bin/createdb ] || [ ! -x /usr/lib/postgresql/15/bin/pg_dump ]; then
  missing+=(postgresql-client-15)
fi
for entry in "${tools[@]}"; do
  cmd=${entry%%:*}
  pkg=${entry#*:}
  command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
done

# The browser test: Korean fonts, and node/npm when node is missing (a newer
# node that is already installed is kept).
if ! fc-list :lang=ko 2>/dev/null | grep -q . ; then
  missing+=(fonts-noto-cjk)
fi
if ! command -v node >/dev/null 2>&1; then
  missing+=(nodejs npm)
elif ! command -v npm >/dev/null 2>&1; then
  missing+=(npm)
fi

if [ "$bench" = 1 ]; then
  command -v Rscript >/dev/null 2>&1 || missing+=(r-base-core)
  for pkg in eRm:r-cran-erm lme4:r-cran-lme4 jsonlite:r-cran-jsonlite; do
    if ! command -v Rscript >/dev/null 2>&1 ||
       ! Rscript -e "quit(status = !requireNamespace('${pkg%%:*}', quietly = TRUE))" >/dev/null 2>&1; then
      missing+=("${pkg#*:}")
    fi
  done
fi

# The web benchmark (bench/web_bench.sh): wrk, and nginx as the ceiling (nginx-light
# installs /usr/sbin/nginx, which is not on a non-root PATH). Bench-only: no test
# runs them, so a CI machine or a developer who only tests never installs them.
if [ "$web_bench" = 1 ]; then
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    missing+=(nginx-light)
  fi
fi

# npm packages for the tests (the ctest fsrs_ts compares with ts-fsrs under node;
# ts-fsrs works with Debian's node 18 and with node 20).
npm_deps() {
  local dir="$root/tests/fsrs"
  [ -d "$dir/node_modules/ts-fsrs" ] && return 0
  echo "deps: npm ci in tests/fsrs (ts-fsrs)" >&2
  [ -n "${ASSAY_DEPS_DRY_RUN:-}" ] && return 0
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
}

# gift-pegjs for tests/export (the ctest `export`: every exported GIFT file
# parsed by a parser nobody here wrote), pinned by its package-lock.json.
export_modules() {
  local dir="$root/tests/export"
  [ -d "$dir/node_modules/gift-pegjs" ] && return 0
  echo "deps: npm ci in tests/export (gift-pegjs)" >&2
  [ -n "${ASSAY_DEPS_DRY_RUN:-}" ] && return 0
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
}

# anki-reader for tests/export-anki (the ctest export_qa reads the .apkg back with it), pinned by
# its package-lock.json.
anki_modules() {
  local dir="$root/tests/export-anki"
  [ -d "$dir/node_modules/anki-reader" ] && return 0
  echo "deps: npm ci in tests/export-anki (anki-reader)" >&2
  [ -n "${ASSAY_DEPS_DRY_RUN:-}" ] && return 0
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
}

# playwright-core and axe-core for tests/browser (the report test and the
# browser interface's end-to-end test), pinned by its package-lock.json.
browser_modules() {
  local dir
  dir="$(cd "$(dirname "$0")/.." && pwd)/tests/browser"
  if [ ! -d "$dir/node_modules/playwright-core" ] || [ ! -d "$dir/node_modules/axe-core" ]; then
    echo "deps: npm ci in tests/browser" >&2
    if [ -z "${ASSAY_DEPS_DRY_RUN:-}" ]; then
      (cd "$dir" && npm ci --no-audit --no-fund >/dev/null)
    fi
  fi
}

# ajv and yaml for tests/web (the API tests' OpenAPI validation), pinned by its
# package-lock.json.
web_modules() {
  local dir="$root/tests/web"
  [ -d "$dir/node_modules/ajv" ] && [ -d "$dir/node_modules/yaml" ] && return 0
  echo "deps: npm ci in tests/web (ajv, yaml)" >&2
  [ -n "${ASSAY_DEPS_DRY_RUN:-}" ] && return 0
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
}

if [ ${#missing[@]} -eq 0 ]; then
  npm_deps
  browser_modules
  web_modules
  export_modules
  anki_modules
  echo "deps: all $([ "$bench" = 1 ] || [ "$web_bench" = 1 ] && echo "build, test and benchmark" || echo "build and test") dependencies present" >&2
  exit 0
fi

# de-duplicate, keep order
declare -A seen=()
uniq=()
for p in "${missing[@]}"; do
  [ -n "${seen[$p]:-}" ] && continue
  seen[$p]=1
  uniq+=("$p")
done

echo "deps: installing ${uniq[*]}" >&2
if [ -n "${ASSAY_DEPS_DRY_RUN:-}" ]; then
  npm_deps
  browser_modules
  web_modules
  export_modules
  anki_modules
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo_cmd=(sudo)
  else
    echo "deps: not root and no sudo; install as root: apt-get install ${uniq[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${uniq[@]}" >/dev/null
npm_deps
browser_modules
web_modules
export_modules
anki_modules
echo "deps: done" >&2
