#!/usr/bin/env bash
# The suite on a real JupyterHub: the hub tests, then a short bounded load run.
# Expects scripts/setup.sh to have run (.venv with the suite installed). Installs
# the `hub` extra's packages (jupyterhub…) and configurable-http-proxy (npm ci here),
# all on loopback. Set HUB_LOAD_USERS / HUB_LOAD_DURATION / HUB_LOAD_RUSH (the seconds in
# which every user opens the big folder on sshfs after the spawn) to change the load run.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck disable=SC1091
. .venv/bin/activate

echo "==> hub extra (pyproject [project.optional-dependencies] hub)"
mapfile -t hub_deps < <(python - <<'PY'
import tomllib
with open("pyproject.toml", "rb") as f:
    print("\n".join(tomllib.load(f)["project"]["optional-dependencies"]["hub"]))
PY
)
python -m pip install -q "${hub_deps[@]}"

echo "==> configurable-http-proxy (npm ci in hub-tests/)"
(cd hub-tests && npm ci --no-audit --no-fund --loglevel=error)

echo "==> hub tests (real JupyterHub, single-user JupyterLab servers)"
python -m pytest hub-tests -q -p no:cacheprovider

echo "==> short load run"
python bench/hub_load.py --users "${HUB_LOAD_USERS:-10}" --duration "${HUB_LOAD_DURATION:-30}" \
  --meter-interval 1 --list-interval 5 --search-interval 10 --rush-window "${HUB_LOAD_RUSH:-20}"
