#!/usr/bin/env bash
# The first of the README's two commands: installs what is missing (Debian
# packages, through scripts/deps.sh), builds assay, and runs its main job on the
# bundled knowledge base.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DASSAY_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)"
echo
exec build/assay "$@"
