#!/usr/bin/env bash
# Run every benchmark of the suite and print our figures beside the peer's,
# measured in the same run. Expects scripts/setup.sh to have run.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck disable=SC1091
. .venv/bin/activate
echo "== Foundation: page load and JS size, with vs. without the suite"
node bench/pageload.js "${PAGELOAD_RUNS:-5}"
