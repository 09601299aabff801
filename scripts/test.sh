#!/usr/bin/env bash
# Run every check and test of the suite: lint (eslint, prettier, stylelint,
# ruff), jest unit tests, pytest route and logic tests, Galata browser tests.
# Expects scripts/setup.sh to have run (the JavaScript test tools are in
# ui-tests/node_modules: `npm run lint:check` and `npm test` run them from there).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck disable=SC1091
. .venv/bin/activate
# Each stage says when it starts: seconds since the test command began.
stage() { echo "==> $1 (at ${SECONDS} s)"; }

stage "lint"
npm run lint:check
ruff check .
ruff format --check .

stage "jest"
npm test -- --ci

stage "pytest"
python -m pytest -q

stage "browser tests (Galata, Debian Chromium)"
(cd ui-tests && npx playwright test)

stage "wheel: builds from a clean clone, installs and runs without Node.js"
bash scripts/check_wheel.sh

stage "the suite on a real JupyterHub (hub tests, short load run)"
bash hub-tests/run.sh
echo "==> all passed in ${SECONDS} s"
