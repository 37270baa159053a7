#!/usr/bin/env bash
# The first of the README's two commands: installs what is missing (Debian
# packages, through scripts/deps.sh), builds assay, and runs its main job on the
# bundled knowledge base: the web server (`assay serve`), which prints its URL
# and runs until Ctrl-C. Arguments replace `serve`: `scripts/setup.sh quiz -n 5`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DASSAY_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)"
echo
if [ "$#" -eq 0 ]; then set -- serve; fi
exec build/assay "$@"
