#!/usr/bin/env bash
# Build the wheel from a clean copy of the committed tree, install it in a new
# virtual environment with JupyterLab and no Node.js on PATH, and check that
# JupyterLab lists the lab extension and the server extension as enabled and OK.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

git clone -q . "$work/src"
echo "==> pip wheel (builds the lab extension in pip's isolated environment)"
.venv/bin/python -m pip wheel -q --no-deps -w "$work/dist" "$work/src"
wheel=$(ls "$work"/dist/jupyterlab_hackweek-*.whl)
listing=$(python3 -m zipfile -l "$wheel")
grep -q "share/jupyter/labextensions/jupyterlab-hackweek/static/remoteEntry" <<<"$listing"
grep -q "share/jupyter/labextensions/jupyterlab-hackweek/install.json" <<<"$listing"
grep -q "etc/jupyter/jupyter_server_config.d/jupyterlab_hackweek.json" <<<"$listing"

echo "==> install $(basename "$wheel") in a clean environment without Node.js"
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q "$wheel" "jupyterlab==4.6.4"
clean_path="$work/venv/bin:/usr/sbin:/usr/bin:/sbin:/bin"
if PATH="$clean_path" command -v node >/dev/null; then
  # Debian's node lives in /usr/bin: hide it from the check with a shadowing folder.
  mkdir -p "$work/nonode"
  printf '#!/bin/sh\necho "node must not be needed" >&2\nexit 127\n' > "$work/nonode/node"
  chmod +x "$work/nonode/node"
  clean_path="$work/nonode:$clean_path"
fi
labext=$(env -i HOME="$work" PATH="$clean_path" jupyter labextension list 2>&1)
serverext=$(env -i HOME="$work" PATH="$clean_path" jupyter server extension list 2>&1)
echo "$labext" | grep -E "jupyterlab-hackweek v[0-9.]+ .*enabled.*OK"
echo "$serverext" | grep -E "jupyterlab_hackweek .*enabled" | head -1
echo "$serverext" | grep -E "jupyterlab_hackweek [0-9.]+ .*OK"
echo "wheel check: passed"
