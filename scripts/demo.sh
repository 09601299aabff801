#!/usr/bin/env bash
# Set everything up, then start JupyterLab with the suite on a demo folder
# (demo/): a shared volume with real ICESat-2 sample files, a git repository
# holding a notebook, and a fake CMR on loopback so that the data search works
# offline. Open the URL it prints.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# shellcheck disable=SC1091
. .venv/bin/activate
exec jupyter lab --config scripts/demo_config.py
