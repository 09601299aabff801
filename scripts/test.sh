#!/usr/bin/env bash
# Run every check and test of the suite: lint (eslint, prettier, stylelint,
# ruff), jest unit tests, pytest route and logic tests, Galata browser tests.
# Expects scripts/setup.sh to have run.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck disable=SC1091
. .venv/bin/activate

echo "==> lint"
npm run lint:check
ruff check .
ruff format --check .

echo "==> jest"
npx jest --ci

echo "==> pytest"
python -m pytest -q

echo "==> browser tests (Galata, Debian Chromium)"
(cd ui-tests && npx playwright test)

echo "==> wheel: builds from a clean clone, installs and runs without Node.js"
bash scripts/check_wheel.sh

echo "==> the suite on a real JupyterHub (hub tests, short load run)"
bash hub-tests/run.sh
