"""Data viewer: an ATL03 beam of millions of photons as the viewer draws it (``h5/profile``:
min/max per pixel column, computed on the server) beside the peer, h5web's own fetch of
the same dataset through h5grove (a whole 1-D slice, as h5web asks for a line), in one run.

Makes, in a temporary home: a synthetic ATL03-shaped granule with one beam of
``--photons`` photons shaped like a real cloud (a surface plus noise,
``fixture_atl03.photon_cloud``), and a ``--big-gb`` GB float32 dataset with fill
values. Starts a ``jupyter server`` with the suite on that home, and h5grove's own
tornado handlers (``h5grove.tornado_utils``, what jupyterlab-h5web serves) on the same
folder. Reports, median of ``--runs``:

- the first profile of ``gt1l/heights/h_ph`` against ``delta_time`` at ``--columns``
  columns: time and bytes sent, beside h5grove's ``/data`` of ``h_ph``
  (``format=bin&dtype=safe``) — goal ≤ 1 MB sent and the route ≤ 1 s (the browser's
  drawing is not in this figure);
- the photon-cloud quick look's request: the same, 1,200 columns, per confidence
  class of ``signal_conf_ph`` for land ice (``by``): the first request alone and the
  median, and its bytes — beside the same peer fetch (which has no classes at all);
- a zoom to the middle 1 % of the track: time (goal ≤ 300 ms) and bytes;
- the server's memory above idle (RSS, sampled every 10 ms) while it reduces the
  big dataset (goal < 200 MB above idle: chunked reads, never the whole array).

Run: ``python bench/viewer.py [--photons 5300000] [--big-gb 2] [--runs 5]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import jupyter_process  # noqa: E402

from jupyterlab_hackweek.tests.fixture_atl03 import ATL03, make_atl03_like  # noqa: E402

BEAM = "gt1l"
H_PH, TIME = f"/{BEAM}/heights/h_ph", f"/{BEAM}/heights/delta_time"
CONFIDENCE = f"/{BEAM}/heights/signal_conf_ph"
FILL = 3.4028235e38


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_big(path: Path, gigabytes: float) -> int:
    """A 1-D float32 dataset of ``gigabytes`` GB (chunks of 1 M values), every 1,000th
    value the fill value; returns its length."""
    import h5py
    import numpy as np

    values = int(gigabytes * 2**30 // 4)
    block = 1 << 24
    with h5py.File(path, "w") as handle:
        data = handle.create_dataset("values", (values,), "f4", chunks=(1 << 20,))
        data.attrs["_FillValue"] = np.float32(FILL)
        data.attrs["units"] = "meters"
        for start in range(0, values, block):
            count = min(block, values - start)
            chunk = np.linspace(0, 100, count, dtype="f4") + start % 1000
            chunk[::1000] = FILL
            data[start : start + count] = chunk
    return values


def start_ours(home: Path, work: Path, port: int):
    config = work / "viewer_config.py"
    config.write_text(
        f"c.ServerApp.root_dir = {str(home)!r}\n"
        "c.ServerApp.jpserver_extensions = {'jupyterlab_hackweek': True}\n"
        "c.SharedData.roots = []\n",
        encoding="utf-8",
    )
    server, _ = jupyter_process.start_jupyter("server", port, config, dict(os.environ))
    return server


def start_peer(home: Path, port: int) -> subprocess.Popen:
    """h5grove's own handlers on ``home`` (no authentication: loopback only)."""
    code = (
        "import sys, tornado.web, tornado.ioloop\n"
        "from h5grove.tornado_utils import get_handlers\n"
        "app = tornado.web.Application(get_handlers(sys.argv[1]))\n"
        "app.listen(int(sys.argv[2]), address='127.0.0.1')\n"
        "tornado.ioloop.IOLoop.current().start()\n"
    )
    peer = subprocess.Popen([sys.executable, "-c", code, str(home), str(port)])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return peer
        except OSError:
            time.sleep(0.1)
    peer.kill()
    raise SystemExit("h5grove's server did not start")


def timed(client: httpx.Client, url: str, params: dict, runs: int) -> dict:
    times, size = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        reply = client.get(url, params=params)
        times.append(time.perf_counter() - started)
        if reply.status_code != 200:
            raise SystemExit(f"{url} answered {reply.status_code}: {reply.text[:300]}")
        size = len(reply.content)
    return {"median_ms": statistics.median(times) * 1000, "bytes": size, "reply": reply}


def peak_memory(pid: int, request) -> tuple[float, float]:
    """MB above the server's idle RSS at the peak while ``request()`` runs, and its
    seconds."""
    process = psutil.Process(pid)
    idle = process.memory_info().rss
    peak = [idle]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], process.memory_info().rss)
            time.sleep(0.01)

    watcher = threading.Thread(target=sample)
    watcher.start()
    started = time.perf_counter()
    try:
        request()
    finally:
        seconds = time.perf_counter() - started
        done.set()
        watcher.join()
    return (peak[0] - idle) / 2**20, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photons", type=int, default=5_300_000)
    parser.add_argument("--big-gb", type=float, default=2.0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--columns", type=int, default=1500)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="hackweek-viewer-bench-"))
    home = work / "home"
    home.mkdir()
    ours = peer_server = None
    try:
        started = time.perf_counter()
        make_atl03_like(home / ATL03, args.photons, beams=(BEAM,))
        values = make_big(home / "big.h5", args.big_gb)
        print(
            f"made {args.photons:,} photons and {values:,} float32 values "
            f"({args.big_gb:g} GB) in {time.perf_counter() - started:.0f} s"
        )
        ours_port, peer_port = free_port(), free_port()
        ours = start_ours(home, work, ours_port)
        peer_server = start_peer(home, peer_port)
        profile = f"http://127.0.0.1:{ours_port}/hackweek/api/h5/profile"
        with httpx.Client(timeout=300) as client:
            line = {"file": f"home/{ATL03}", "y": H_PH, "x": TIME, "columns": args.columns}
            # the photon-cloud quick look's request (photons.tsx): min/max per column
            # of each confidence class of land ice, the first one timed alone
            cloud = {**line, "columns": 1200, "by": CONFIDENCE, "by_column": 3}
            cloud_first = timed(client, profile, cloud, 1)
            cloud_runs = timed(client, profile, cloud, args.runs)
            first = timed(client, profile, line, args.runs)
            reply = first["reply"].json()
            lo, hi = reply["x"]["lo"], reply["x"]["hi"]
            middle, width = (lo + hi) / 2, (hi - lo) / 100
            zoom = timed(
                client,
                profile,
                {**line, "lo": middle - width / 2, "hi": middle + width / 2},
                args.runs,
            )
            peer = timed(
                client,
                f"http://127.0.0.1:{peer_port}/data",
                {"file": ATL03, "path": H_PH, "format": "bin", "dtype": "safe"},
                args.runs,
            )
            big = {"file": "home/big.h5", "y": "/values", "columns": args.columns}
            above, seconds = peak_memory(
                ours.pid, lambda: client.get(profile, params=big).raise_for_status()
            )
        print(
            f"\n{args.photons:,} photons of {BEAM} (h_ph against delta_time), median of {args.runs}"
        )
        print("| what | ours: h5/profile | peer: h5web via h5grove /data | goal |")
        print("| --- | ---: | ---: | --- |")
        print(
            f"| first profile, {args.columns} columns | {first['median_ms']:.0f} ms, "
            f"{first['bytes'] / 1e3:,.0f} kB | {peer['median_ms']:.0f} ms, "
            f"{peer['bytes'] / 1e6:,.1f} MB | ≤ 1 s, ≤ 1 MB |"
        )
        classes = len(cloud_runs["reply"].json()["classes"])
        print(
            f"| photon-cloud quick look: {classes} confidence classes × 1200 columns "
            f"(first request; median) | {cloud_first['median_ms']:.0f} ms; "
            f"{cloud_runs['median_ms']:.0f} ms, {cloud_runs['bytes'] / 1e3:,.0f} kB "
            f"| {peer['median_ms']:.0f} ms, {peer['bytes'] / 1e6:,.1f} MB (h_ph only) "
            "| ≤ 1 s, ≤ 1 MB |"
        )
        print(
            f"| zoom to 1 % of the track | {zoom['median_ms']:.0f} ms, "
            f"{zoom['bytes'] / 1e3:,.0f} kB | (the same whole slice) | ≤ 300 ms |"
        )
        print(
            f"| server memory reducing {args.big_gb:g} GB | {above:.0f} MB above idle "
            f"({seconds:.1f} s) | (h5grove would send the {args.big_gb:g} GB) | < 200 MB |"
        )
        masked = reply["masked"]
        print(f"(first profile: {masked:,} values masked of {reply['values']:,})")
    finally:
        if peer_server:
            peer_server.kill()
            peer_server.wait()
        if ours:
            jupyter_process.stop(ours)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
