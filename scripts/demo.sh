#!/usr/bin/env bash
# Install what the demo needs (no test tools: those are the ui-tests/ package,
# which .ci/run and scripts/setup.sh add), build the demo site outside this
# clone, start JupyterLab on it, and print the URL and the demo's Earthdata
# account.
#
# The site (HACKWEEK_DEMO_DIR, default $XDG_DATA_HOME/jupyterlab-hackweek/demo,
# i.e. ~/.local/share/jupyterlab-hackweek/demo) holds a shared volume with real
# ICESat-2 sample files, a git repository of its own holding a notebook
# (binder-demo/), and loopback fakes of NASA CMR, the NSIDC data server,
# Earthdata Login and Harmony, so that search, downloads and orders work
# offline. It must not lie inside a git work tree: a notebook beside
# binder-demo/ is then "not in a git repository", as on a hub.
set -euo pipefail
cd "$(dirname "$0")/.."

DEMO_DIR="${HACKWEEK_DEMO_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/jupyterlab-hackweek/demo}"
mkdir -p "$DEMO_DIR"
DEMO_DIR="$(cd "$DEMO_DIR" && pwd -P)"
if top="$(git -C "$DEMO_DIR" rev-parse --show-toplevel 2>/dev/null)"; then
  echo "demo.sh: $DEMO_DIR lies inside the git repository $top;" >&2
  echo "  set HACKWEEK_DEMO_DIR to a folder outside any repository." >&2
  exit 1
fi
export HACKWEEK_DEMO_DIR="$DEMO_DIR"

if ! command -v git >/dev/null; then  # the demo's repository is made with git
  echo "==> apt: git"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq git >/dev/null
fi
if [ ! -x .venv/bin/python ]; then
  echo "==> Python virtual environment (.venv)"
  python3 -m venv .venv
fi
# shellcheck disable=SC1091
. .venv/bin/activate
# pip (JupyterLab, the suite's and the demo's packages, the build back end) runs while
# npm installs the extension's packages and its build tools; the test tools (Playwright,
# axe, jest, the linters) are a package of their own, ui-tests/, which the demo leaves out
echo "==> Python packages (JupyterLab; the suite with h5py, h5grove, psutil, trustme) and npm packages"
mapfile -t wanted < <(python - <<'PY'
import tomllib

with open("pyproject.toml", "rb") as file:
    toml = tomllib.load(file)
project, hooks = toml["project"], toml["tool"]["hatch"]["build"]["hooks"]
print("\n".join(
    project["dependencies"]
    + project["optional-dependencies"]["demo"]
    + toml["build-system"]["requires"]
    + hooks["jupyter-builder"]["dependencies"]
))
PY
)
# (editables: what hatchling asks for to build an editable install without isolation)
python -m pip install -q "jupyterlab==4.6.4" "jupyter_server==2.21.1" "${wanted[@]}" editables \
  >"$DEMO_DIR/pip.log" 2>&1 &
pip=$!
npm ci --no-audit --no-fund --loglevel=error
wait "$pip" || { cat "$DEMO_DIR/pip.log" >&2; exit 1; }
echo "==> build the lab extension (production, as users install it)"
npm run build:prod
python -m pip install -q --no-deps --no-build-isolation -e . >>"$DEMO_DIR/pip.log" 2>&1 \
  || { cat "$DEMO_DIR/pip.log" >&2; exit 1; }
jupyter labextension develop --overwrite . >/dev/null 2>&1

echo "==> start JupyterLab on $DEMO_DIR (log: $DEMO_DIR/jupyterlab.log)"
jupyter lab --config scripts/demo_config.py >"$DEMO_DIR/jupyterlab.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT INT TERM
python scripts/demo_ready.py "$server" "$DEMO_DIR/jupyterlab.log"
wait "$server"
