#!/usr/bin/env bash
# Run every benchmark of the suite and print our figures beside the peer's,
# measured in the same run. Expects scripts/setup.sh to have run.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck disable=SC1091
. .venv/bin/activate
# Peers measured below (jupyter-resource-usage) come with the bench extra.
python -c "import jupyter_resource_usage" 2>/dev/null || pip install --quiet -e ".[bench]"
# Measure what users install: the production (minified) build of the lab extension.
npm run build:prod >/dev/null
echo "== Foundation: page load and JS size, with vs. without the suite"
node bench/pageload.js "${PAGELOAD_RUNS:-5}"
echo
echo "== Shared data: first rows of a 100,000-file folder, our route and panel vs. the names-only floor, the Contents API and the file browser; on a local disk and on sshfs"
python bench/shared_listing.py
echo
echo "== Shared data: preview of a real ATL06 granule, ours vs. the floor (h5py in-process) and the code before #12; a crafted 1 MB file; ATL06 and a 1 GB ATL03-shaped file on sshfs (bytes read)"
python bench/shared_preview.py
echo
echo "== Data viewer: an ATL03 beam of 5.3 million photons drawn from min/max per pixel column (and per confidence class: the photon-cloud quick look) vs. h5web's whole-slice fetch through h5grove; a zoom; server memory reducing 2 GB"
python bench/viewer.py
echo
echo "== Shared data: marking 10,000 search results against 100,000 shared files, ours vs. a plain dict look-up"
python bench/shared_find.py
echo
echo "== Resource meter: hackweek/api/metrics vs. jupyter-resource-usage with 0, 10 and 50 kernels"
python bench/meter.py
echo
echo "== Resource meter: what fills a 100,000-file home, other routes' p95 while the scan runs vs. without, the rescan after one change, beside du -sb"
python bench/home_scan.py
echo
echo "== Resource meter: Dask cluster listing with 5 clusters x 4 workers on a real dask-gateway-server, ours (cached) vs. the dask-gateway client in a notebook"
python bench/dask_clusters.py
echo
echo "== NSIDC search: 10,000 granules in the panel vs. the raw route pages alone"
node bench/nsidc.js "${NSIDC_RUNS:-3}"
echo
echo "== Downloads: 4 granules in parallel from a loopback server, our downloader vs. curl"
python bench/downloads.py
echo
echo "== Subset orders: bytes a Harmony order brings home vs. the whole granules of the same search"
python bench/orders.py
echo
echo "== A real JupyterHub: 70 users x 2 tabs polling the meter, listing 100,000 files and searching CMR for 5 minutes"
python -c "import jupyterhub" 2>/dev/null || pip install --quiet -e ".[hub]"
(cd hub-tests && [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error)
python bench/hub_load.py --users "${HUB_LOAD_USERS:-70}" --duration "${HUB_LOAD_DURATION:-300}"
