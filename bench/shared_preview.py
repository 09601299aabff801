"""Shared preview: the structure of a real ATL06 granule through our route, beside the
floor (h5py walking the same file in-process) and beside the route of an earlier
commit (the code before the guarded opening of issue #12), in one run.

Starts one ``jupyter server`` per code version on loopback, whose shared root holds
the real ATL06 sample and, to show the bounds, the crafted "blow-up" file of the
hostile-volume tests (1 MB on disk, hundreds of MB of JSON for a naive preview).
Times ``GET hackweek/api/shared/preview`` (median and p95 of ``--runs``) and the
reply's size.

Then, on a network file system (sshfs over loopback,
``jupyterlab_hackweek/tests/fixture_sshfs.py``): the ATL06 sample and a synthetic
ATL03-shaped granule of >= 1 GB (six beams of photon heights, times, positions and
confidences in chunks, with the segment-rate geolocation group) previewed by a
server whose shared root is the mount, each request on a fresh mount: the time,
the bytes the reply says it read and the bytes the file server read for it (its
sshd processes' ``rchar``), beside the floor (h5py visiting every object
in-process on the mount, opened by path).

Run: ``python bench/shared_preview.py [--runs 30] [--baseline 7ca26d9] [--nfs-runs 3]
[--atl03-photons 5300000] [--no-nfs]`` (``--baseline ''`` skips the earlier commit).
Goals: ours no slower than the baseline by more than 10 % on ATL06; the crafted
file's reply <= 2 MB; on sshfs, bytes read <= 2 % of the file.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import baseline  # noqa: E402
import jupyter_process  # noqa: E402

from jupyterlab_hackweek.tests.fixture_atl03 import ATL03, make_atl03_like  # noqa: E402
from jupyterlab_hackweek.tests.fixture_hostile import plant_blowup_h5  # noqa: E402
from jupyterlab_hackweek.tests.fixture_shared import ATL06, DATA  # noqa: E402
from jupyterlab_hackweek.tests.fixture_sshfs import Sshfs, missing  # noqa: E402

#: Seconds one request of the baseline may take on the crafted file before it is
#: given up (the old code builds hundreds of MB there).
CRAFTED_TIMEOUT = 120


def floor_seconds(path: Path) -> float:
    """The floor: h5py visiting every object and reading its attributes, in-process."""
    import h5py

    started = time.perf_counter()
    with h5py.File(path, "r", locking=False) as handle:
        read = []

        def visit(_, obj):
            for key in list(obj.attrs.keys())[:40]:
                try:
                    read.append(obj.attrs[key])
                except Exception:  # noqa: BLE001, S110 - as the preview: skip what cannot be read
                    pass
            if isinstance(obj, h5py.Dataset):
                read.append((obj.shape, obj.dtype, obj.chunks, obj.compression))

        handle.visititems(visit)
    return time.perf_counter() - started


def start_server(volume: Path, work: Path, port: int, pythonpath: str | None):
    config = work / f"preview_config_{port}.py"
    config.write_text(
        f"c.ServerApp.root_dir = {str(volume)!r}\n"
        "c.ServerApp.jpserver_extensions = {'jupyterlab_hackweek': True}\n"
        "c.SharedData.roots = "
        f"[{{'name': 'shared', 'path': {str(volume)!r}, 'writable': False}}]\n",
        encoding="utf-8",
    )
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    server, _ = jupyter_process.start_jupyter("server", port, config, env)
    return server


def time_route(base: str, path: str, runs: int, timeout: float = 60) -> dict:
    url = f"{base}hackweek/api/shared/preview"
    times, size, status = [], 0, None
    with httpx.Client(timeout=timeout) as client:
        try:
            client.get(url, params={"root": "shared", "path": path})  # warm-up
            for _ in range(runs):
                started = time.perf_counter()
                reply = client.get(url, params={"root": "shared", "path": path})
                times.append(time.perf_counter() - started)
                size, status = len(reply.content), reply.status_code
        except httpx.HTTPError as error:
            return {"error": type(error).__name__}
    ordered = sorted(times)
    return {
        "median": statistics.median(ordered),
        "p95": ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))],
        "bytes": size,
        "status": status,
    }


def row(label: str, figures: dict) -> str:
    if "error" in figures:
        return f"| {label} | — | — | {figures['error']} |"
    return (
        f"| {label} | {figures['median'] * 1000:.1f} | {figures['p95'] * 1000:.1f} "
        f"| {figures['bytes']:,} (HTTP {figures['status']}) |"
    )


def nfs_preview(work: Path, runs: int, photons: int, port: int) -> None:
    """ATL06 and the synthetic ATL03 previewed over sshfs, each request on a fresh mount."""
    reason = missing()
    if reason:
        print(f"(sshfs part skipped: {reason})")
        return
    base = work / "sshfs"
    export = base / "export"
    export.mkdir(parents=True)
    shutil.copyfile(DATA / ATL06, export / ATL06)
    started = time.perf_counter()
    make_atl03_like(export / ATL03, photons)
    made = time.perf_counter() - started
    print(
        f"Network file system: sshfs over loopback; each request on a fresh mount; "
        f"{runs} runs, medians (synthetic ATL03 made in {made:.0f} s)"
    )
    print(
        "| file | size | preview ms | bytes read (reply) | file server read (sshd) "
        "| of the file | floor: h5py visititems ms | floor: file server read |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    with Sshfs(base, options=()) as mounted:
        server = start_server(mounted.mount, work, port, None)
        url = f"http://127.0.0.1:{port}/hackweek/api/shared/preview"
        try:
            with httpx.Client(timeout=600) as client:
                client.get(f"http://127.0.0.1:{port}/hackweek/api/shared/roots")
                for name in (ATL06, ATL03):
                    size = (export / name).stat().st_size
                    times, replies, served, floors, floor_served = [], [], [], [], []
                    for _ in range(runs):
                        mounted.unmount()
                        mounted.mount_again()
                        before = mounted.server_bytes_read()
                        started = time.perf_counter()
                        reply = client.get(url, params={"root": "shared", "path": name})
                        times.append(time.perf_counter() - started)
                        reply.raise_for_status()
                        replies.append(reply.json()["bytes_read"])
                        served.append(mounted.server_bytes_read() - before)
                        mounted.unmount()
                        mounted.mount_again()
                        before = mounted.server_bytes_read()
                        floors.append(floor_seconds(mounted.mount / name))
                        floor_served.append(mounted.server_bytes_read() - before)
                    read, wire = statistics.median(replies), statistics.median(served)
                    print(
                        f"| {name} | {size:,} | {statistics.median(times) * 1000:.0f} "
                        f"| {read:,.0f} | {wire:,.0f} | {max(read, wire) / size:.2%} "
                        f"(goal <= 2%) | {statistics.median(floors) * 1000:.0f} "
                        f"| {statistics.median(floor_served):,.0f} |"
                    )
        finally:
            jupyter_process.stop(server)
            mounted.unmount()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--baseline", default="7ca26d9")
    parser.add_argument("--nfs-runs", type=int, default=3)
    parser.add_argument("--atl03-photons", type=int, default=5_300_000)
    parser.add_argument("--no-nfs", action="store_true", help="skip the sshfs part")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hackweek-preview-bench-"))
    volume = work / "volume"
    volume.mkdir()
    shutil.copyfile(DATA / ATL06, volume / ATL06)
    plant_blowup_h5(volume / "crafted.h5")
    versions = [("ours", None, 18841)]
    floor = statistics.median(floor_seconds(volume / ATL06) for _ in range(args.runs))
    print(f"ATL06 ({(volume / ATL06).stat().st_size:,} bytes), {args.runs} runs each")
    print("| preview | median ms | p95 ms | reply bytes |")
    print("|---|---:|---:|---:|")
    print(f"| floor: h5py visititems in-process | {floor * 1000:.1f} | — | — |")
    results = {}
    try:
        with baseline.worktree(args.baseline, work) as tree:
            if tree:
                versions.append((f"baseline {args.baseline}", tree, 18842))
            for label, pythonpath, port in versions:
                server = start_server(volume, work, port, pythonpath)
                base = f"http://127.0.0.1:{port}/"
                try:
                    results[label] = time_route(base, ATL06, args.runs)
                    print(row(f"{label}: ATL06", results[label]))
                    crafted = time_route(base, "crafted.h5", 3, CRAFTED_TIMEOUT)
                    print(row(f"{label}: crafted 1 MB file", crafted))
                finally:
                    jupyter_process.stop(server)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if len(results) == 2 and all("median" in r for r in results.values()):
        ours, before = (r["median"] for r in results.values())
        verdict = "goal met" if ours <= before * 1.10 else "goal NOT met"
        print(f"ours / baseline (ATL06 median): {ours / before:.2f} ({verdict}: <= 1.10)")
    if not args.no_nfs:
        print()
        work = Path(tempfile.mkdtemp(prefix="hackweek-preview-bench-"))
        try:
            nfs_preview(work, args.nfs_runs, args.atl03_photons, 18843)
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
