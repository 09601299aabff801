"""Shared listing: our paged route vs. jupyter_server's Contents API, and our Shared Data
panel vs. JupyterLab's file browser, on one 100,000-file folder, in one run.

Makes the shared volume (``fixture_shared.make_shared_volume``) in a temporary folder,
starts one ``jupyter lab`` on loopback whose root folder *and* shared root "shared" are
that volume, then:

(a) server: times ``GET hackweek/api/shared/list?root=shared&path=many&limit=200`` with
    our listing cache cold (the folder's mtime bumped before each request, so the cache
    rescans; the OS directory cache is warm for both sides) and warm, against
    ``GET api/contents/many`` (the whole folder in one reply: it has no paging);
    Beside them, the floor: a names-only ``os.scandir`` of the same folder in-process
    (the OS caches warm, as for ours);
(b) browser: runs ``bench/shared_listing.js`` against the same server (time to first
    rows and JS heap, Shared Data panel vs. file browser);
(c) network file system: the same volume served over loopback by sshfs (the file
    server's side on this disk, ``jupyterlab_hackweek/tests/fixture_sshfs.py``), a
    second server whose root and shared root are the mount; each cold request on a
    fresh mount (every cache of the client side empty): our first page, the floor
    (a names-only ``os.scandir`` of the fresh mount, in-process) and the Contents API.

Run: ``python bench/shared_listing.py [--files 100000] [--runs 5] [--contents-runs 3]
[--nfs-runs 3] [--no-nfs]``. Goals: first rows >= 20x faster than the Contents API;
cold first page <= 2x the names-only floor, on the local disk and on sshfs; heap
<= 1/10 of the file browser's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import jupyter_process  # noqa: E402

from jupyterlab_hackweek.tests.fixture_shared import make_shared_volume  # noqa: E402
from jupyterlab_hackweek.tests.fixture_sshfs import Sshfs, missing  # noqa: E402

#: Seconds the whole browser part may take before it is stopped.
BROWSER_CAP = 200
#: Seconds after which no further Contents API request is started.
CONTENTS_CAP = 60


def write_config(work: Path, volume: Path) -> tuple[Path, dict]:
    """A server config file and a private config folder (no user settings, no
    jupyter-resource-usage: its status-bar poll would add load to both sides)."""
    config = work / "bench_config.py"
    config.write_text(
        f"c.ServerApp.root_dir = {str(volume)!r}\n"
        f"c.SharedData.roots = [{{'name': 'shared', 'path': {str(volume)!r}, 'writable': False}}]\n"
        f"c.LabApp.workspaces_dir = {str(work / 'workspaces')!r}\n"
        f"c.LabApp.user_settings_dir = {str(work / 'settings')!r}\n",
        encoding="utf-8",
    )
    config_dir = work / "jupyter-config"
    (config_dir / "labconfig").mkdir(parents=True)
    (config_dir / "labconfig" / "page_config.json").write_text(
        '{"disabledExtensions": {"@jupyter-server/resource-usage": true}}', encoding="utf-8"
    )
    (config_dir / "jupyter_server_config.json").write_text(
        '{"ServerApp": {"jpserver_extensions": {"jupyter_resource_usage": false}}}',
        encoding="utf-8",
    )
    return config, {**os.environ, "JUPYTER_CONFIG_DIR": str(config_dir)}


def start_lab(config: Path, env: dict, port: int) -> subprocess.Popen:
    """Start ``jupyter lab`` (no token) and wait until it listens (60 s at most)."""
    server, _ = jupyter_process.start_jupyter(
        "lab",
        port,
        config,
        env,
        extra=(
            "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ),
    )
    return server


def timed_get(client: httpx.Client, url: str) -> tuple[float, int]:
    """Seconds for one GET, body read, and the body's size."""
    started = time.perf_counter()
    reply = client.get(url)
    elapsed = time.perf_counter() - started
    reply.raise_for_status()
    return elapsed, len(reply.content)


def names_floor(folder: Path) -> float:
    """Seconds for the floor: every name of ``folder``, names only (``os.scandir``)."""
    started = time.perf_counter()
    with os.scandir(folder) as iterator:
        names = [item.name for item in iterator]
    elapsed = time.perf_counter() - started
    assert names
    return elapsed


def wait_counted(client: httpx.Client, base: str) -> None:
    """Until the server's background passes over ``many`` (its entries' sizes, the
    folder's total) have ended, so that no run overlaps the previous one's."""
    url = f"{base}hackweek/api/shared/size?root=shared&path=many"
    for _ in range(30):
        reply = client.get(url).json()
        if not reply["size_pending"] and not reply.get("sizes_counting"):
            return


def server_times(base: str, many: Path, runs: int, contents_runs: int) -> dict:
    """Median seconds and reply sizes: ours cold, ours warm, Contents API, the floor."""
    ours = f"{base}hackweek/api/shared/list?root=shared&path=many&limit=200"
    contents = f"{base}api/contents/many"
    results: dict[str, list[float]] = {"cold": [], "warm": [], "contents": [], "floor": []}
    sizes = {"floor": 0}
    with httpx.Client(timeout=120) as client:
        timed_get(client, ours)  # import and thread-pool warm-up, not measured
        # The warm-up starts the folder's background size walk; wait for it, so
        # that every cold run measures the scan alone, not its overlap with it.
        client.get(f"{base}hackweek/api/shared/size?root=shared&path=many").raise_for_status()
        for index in range(runs):
            wait_counted(client, base)
            results["floor"].append(names_floor(many))
            bump = time.time_ns() + index
            os.utime(many, ns=(bump, bump))  # new mtime: our cache rescans
            seconds, sizes["cold"] = timed_get(client, ours)
            results["cold"].append(seconds)
        wait_counted(client, base)
        for _ in range(runs):
            seconds, sizes["warm"] = timed_get(client, ours)
            results["warm"].append(seconds)
        contents_started = time.perf_counter()
        for _ in range(contents_runs):
            seconds, sizes["contents"] = timed_get(client, contents)
            results["contents"].append(seconds)
            if time.perf_counter() - contents_started > CONTENTS_CAP:
                break  # keep the whole run bounded: fewer runs of a slow peer
    return {
        key: (statistics.median(values), sizes[key], len(values)) for key, values in results.items()
    }


def print_server_table(times: dict, n_files: int, where: str = "local disk") -> None:
    contents, contents_size, contents_n = times["contents"]
    floor, _, floor_n = times["floor"]
    print(f"Server: first rows of a {n_files:,}-file folder ({where}, loopback, medians)")
    print("| request | runs | ms | reply KB | Contents API / ours | ours / floor | goal |")
    print("|---|---|---|---|---|---|---|")
    for key, label in (("cold", "ours, cache cold"), ("warm", "ours, cache warm")):
        if key not in times:
            continue
        seconds, size, runs = times[key]
        goal = ">= 20x; <= 2x the floor" if key == "cold" else ">= 20x"
        print(
            f"| {label}: shared/list limit=200 | {runs} | {seconds * 1000:.1f} | "
            f"{size / 1024:.1f} | {contents / seconds:.1f}x | {seconds / floor:.2f}x | {goal} |"
        )
    print(
        f"| floor: os.scandir names only, in-process | {floor_n} | {floor * 1000:.1f} | — "
        "| — | 1.00x | |"
    )
    print(
        f"| peer: api/contents/many (all {n_files:,} rows) | {contents_n} | "
        f"{contents * 1000:.1f} | {contents_size / 1024:.1f} | 1.0x | — | |"
    )


def nfs_times(base: str, mounted: Sshfs, runs: int, contents_runs: int) -> dict:
    """Cold medians on sshfs, each on a fresh mount: ours, the floor, Contents API."""
    many = mounted.mount / "many"
    ours = f"{base}hackweek/api/shared/list?root=shared&path=many&limit=200"
    contents = f"{base}api/contents/many"
    results: dict[str, list[float]] = {"cold": [], "contents": [], "floor": []}
    sizes = {"floor": 0}
    with httpx.Client(timeout=600) as client:
        timed_get(client, f"{base}hackweek/api/shared/roots")  # imports, not measured
        for index in range(runs):
            mounted.unmount()
            mounted.mount_again()
            results["floor"].append(names_floor(many))
            mounted.unmount()
            bump = time.time_ns() + index
            os.utime(mounted.export / "many", ns=(bump, bump))  # new mtime: our cache reads
            mounted.mount_again()
            seconds, sizes["cold"] = timed_get(client, ours)
            results["cold"].append(seconds)
            wait_counted(client, base)
        started = time.perf_counter()
        for _ in range(contents_runs):
            mounted.unmount()
            mounted.mount_again()
            seconds, sizes["contents"] = timed_get(client, contents)
            results["contents"].append(seconds)
            if time.perf_counter() - started > CONTENTS_CAP:
                break
    return {
        key: (statistics.median(values), sizes[key], len(values)) for key, values in results.items()
    }


def run_nfs(work: Path, volume: Path, args) -> None:
    """Part (c): the volume over sshfs, a second server reading it there."""
    reason = missing()
    if reason:
        print(f"(sshfs part skipped: {reason})")
        return
    with Sshfs(volume.parent, options=()) as mounted:  # the volume is its export
        (work / "nfs").mkdir()
        config, env = write_config(work / "nfs", mounted.mount)
        server = start_lab(config, env, args.port + 1)
        try:
            base = f"http://127.0.0.1:{args.port + 1}/"
            times = nfs_times(base, mounted, args.nfs_runs, args.nfs_contents_runs)
            print_server_table(times, args.files, "sshfs over loopback, each request cold")
        finally:
            jupyter_process.stop(server)
            mounted.unmount()


def main() -> None:
    parser = argparse.ArgumentParser(description="shared listing vs. Contents API / file browser")
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--contents-runs", type=int, default=3)
    parser.add_argument("--port", type=int, default=18941)
    parser.add_argument("--no-browser", action="store_true", help="skip the browser part")
    parser.add_argument("--nfs-runs", type=int, default=3)
    parser.add_argument("--nfs-contents-runs", type=int, default=1)
    parser.add_argument("--no-nfs", action="store_true", help="skip the sshfs part")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hackweek-bench-"))
    try:
        # Made where the sshfs part's file server exports it from (Sshfs(...).export).
        volume = make_shared_volume(work / "sshfs" / "export", args.files)
        config, env = write_config(work, volume)
        server = start_lab(config, env, args.port)
        try:
            base = f"http://127.0.0.1:{args.port}/"
            print_server_table(
                server_times(base, volume / "many", args.runs, args.contents_runs), args.files
            )
            if not args.no_browser:
                print()
                sys.stdout.flush()
                subprocess.run(
                    ["node", str(HERE / "shared_listing.js"), str(args.port), str(args.files)],
                    check=True,
                    timeout=BROWSER_CAP,
                )
        finally:
            jupyter_process.stop(server)
        if not args.no_nfs:
            print()
            sys.stdout.flush()
            run_nfs(work, volume, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
