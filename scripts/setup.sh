#!/usr/bin/env bash
# Set up everything a fresh machine needs to build, run and test the suite:
# Debian's Chromium (browser tests), a Python virtual environment in .venv with
# the package installed in editable mode, the extension's npm packages (with
# its build tools), the built lab extension, and the JavaScript test tools
# (ui-tests/). Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

# sshfs + openssh-server: the network file system of the shared-data tests and
# benchmarks (jupyterlab_hackweek/tests/fixture_sshfs.py).
if [ ! -x /usr/bin/chromium ] || ! command -v git >/dev/null \
  || ! command -v sshfs >/dev/null || [ ! -x /usr/sbin/sshd ]; then
  echo "==> apt: chromium, git, sshfs, openssh-server"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium git sshfs openssh-server >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  echo "==> Python virtual environment (.venv)"
  python3 -m venv .venv
fi
# shellcheck disable=SC1091
. .venv/bin/activate
python -m pip install -q --upgrade pip
echo "==> Python packages"
python -m pip install -q "jupyterlab==4.6.4" "jupyter_server==2.21.1"

echo "==> npm packages of the extension"
npm ci --no-audit --no-fund --loglevel=error
# production: what users install, and what the browser tests time (the
# development build's h5web chunk alone is 11 MB)
echo "==> build the lab extension"
npm run build:prod
echo "==> install jupyterlab-hackweek (editable) with its test dependencies"
python -m pip install -q -e ".[test]"
jupyter labextension develop --overwrite . >/dev/null

# the JavaScript test tools: Playwright and axe (browser tests), jest, eslint,
# prettier, stylelint, BinderHub's client (test_binder_clients.py)
echo "==> npm packages of the tests (ui-tests/)"
(cd ui-tests && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
