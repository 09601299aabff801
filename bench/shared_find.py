"""Already here: marking 10,000 search results against shared roots holding 100,000 files.

Makes the shared volume (``fixture_shared.make_shared_volume``: 100,000 files in
``many/`` and the ATL06 sample) and 10,000 results: every tenth a file of the
volume (half of those with the size the volume has, half with another), the
rest names the volume does not hold. Then, in one run:

(a) ours, in the server's process: ``SharedService.find`` with the index built
    (the dictionary look-ups, the places and the JSON text the handler sends,
    encoded as the handler does), and the index's first build (its pass);
(b) the floor: a plain ``dict`` of the same 100,000 names → sizes and one
    look-up per result, no JSON;
(c) ours over HTTP: ``POST hackweek/api/shared/find`` on a real ``jupyter server``
    (loopback, body and reply included).

Run: ``python bench/shared_find.py [--files 100000] [--results 10000] [--runs 20]``.
Goal: (a) <= 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import jupyter_process  # noqa: E402

from jupyterlab_hackweek.shared.config import SharedData  # noqa: E402
from jupyterlab_hackweek.shared.service import SharedService  # noqa: E402
from jupyterlab_hackweek.tests.fixture_shared import (  # noqa: E402
    SIZED_FILES,
    granule_name,
    make_shared_volume,
)

GOAL_MS = 50.0


def results(n_files: int, n_results: int) -> list[dict]:
    """The page of results the panel sends: every tenth on the volume."""
    page = []
    for index in range(n_results):
        if index % 10 == 0:
            file = (index * 7) % n_files
            real = (file + 1) * 1000 if file < SIZED_FILES else 0
            size = real if index % 20 == 0 else real + 1
            page.append({"name": granule_name(file), "size": size})
        else:
            page.append({"name": f"ATL03_2019{index:010d}_0841020{index % 10}_006_01.h5"})
    return page


def median_ms(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def in_process(volume: Path, page: list[dict], runs: int) -> dict:
    config = SharedData(roots=[{"name": "shared", "path": str(volume), "writable": False}])
    service = SharedService(config, str(volume.parent))
    started = time.perf_counter()
    service.index.refresh().result()
    build = time.perf_counter() - started
    # The index's memory, from a second build (tracemalloc slows the build it watches)
    tracemalloc.start()
    watched = SharedService(config, str(volume.parent))
    watched.index.refresh().result()
    index_bytes = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    watched.index.close()
    del watched
    granules = [(g["name"], g.get("size")) for g in page]
    reply = service.find(granules, {})
    ours = median_ms(lambda: json.dumps(service.find(granules, {})), runs)
    # The floor: the same names in a plain dict, one look-up per result
    sizes = {}
    for entry in os.scandir(volume / "many"):
        sizes[entry.name] = entry.stat(follow_symlinks=False).st_size
    floor = median_ms(lambda: {n: sizes[n] for n, _ in granules if n in sizes}, runs)
    service.index.close()
    return {
        "ours": ours,
        "floor": floor,
        "build": build,
        "index_mb": index_bytes / 1e6,
        "found": len(reply["found"]),
        "files": reply["files"],
    }


def over_http(volume: Path, work: Path, page: list[dict], runs: int, port: int) -> float:
    config = work / "bench_config.py"
    config.write_text(
        f"c.ServerApp.root_dir = {str(volume.parent)!r}\n"
        f"c.SharedData.roots = [{{'name': 'shared', 'path': {str(volume)!r}, 'writable': False}}]\n"
        f"c.Downloads.state_file = {str(work / 'downloads.json')!r}\n",
        encoding="utf-8",
    )
    token = os.urandom(8).hex()  # token-authenticated requests need no XSRF cookie
    server, _ = jupyter_process.start_jupyter("server", port, config, dict(os.environ), token)
    try:
        url = f"http://127.0.0.1:{port}/hackweek/api/shared/find"
        body = json.dumps({"granules": page})
        headers = {"Authorization": f"token {token}"}
        with httpx.Client(timeout=120) as client:

            def post():
                reply = client.post(url, content=body, headers=headers)
                reply.raise_for_status()
                return reply.json()

            while post()["building"]:
                time.sleep(0.2)
            return median_ms(post, runs)
    finally:
        jupyter_process.stop(server)


def main() -> None:
    parser = argparse.ArgumentParser(description="marking search results against shared roots")
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--results", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--port", type=int, default=18943)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hackweek-bench-find-"))
    try:
        volume = make_shared_volume(work / "volume", args.files)
        page = results(args.files, args.results)
        figures = in_process(volume, page, args.runs)
        http = over_http(volume, work, page, args.runs, args.port)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"{args.results:,} results, {figures['found']:,} on the volume, "
        f"{figures['files']:,} files indexed (medians of {args.runs})"
    )
    print("| what | ms | goal |")
    print("|---|---|---|")
    status = "met" if figures["ours"] <= GOAL_MS else "MISSED"
    print(
        f"| ours: SharedService.find + JSON (server) | {figures['ours']:.1f} | "
        f"<= {GOAL_MS:g} ({status}) |"
    )
    print(f"| floor: plain dict look-ups, same names | {figures['floor']:.1f} | |")
    print(f"| ours over HTTP: POST shared/find (loopback) | {http:.1f} | |")
    print(
        f"| first index (one pass, in the background) | {figures['build'] * 1000:.0f} | "
        f"index {figures['index_mb']:.1f} MB |"
    )


if __name__ == "__main__":
    main()
