"""A bounded load run of the suite on a real JupyterHub (loopback only, stops by itself).

Starts the hub of ``hub-tests/`` (configurable-http-proxy, JupyterHub, fake CMR),
a shared folder of ``--files`` files (100,000 by default), ``--users`` users
whose servers are spawned ``--spawn-concurrency`` at a time, then runs two phases
of ``--duration / 2`` seconds each, with ``--clients`` clients per user (tabs,
each with its own connection and the user's API token):

1. *meter*: every client polls ``metrics`` every ``--meter-interval`` s (the
   front end's default is 5 s). The single-user servers' CPU time over this
   phase (psutil, servers and their children) is the cost of the suite's polling.
2. *mixed*: the same polling, plus each client reading a random page of the big
   folder (``shared/list``, 200 entries) every ``--list-interval`` s and searching
   the fake CMR (``cmr/granules`` by RGT) every ``--search-interval`` s. Before
   it, each server's first listing (a full scan of the folder) is made two
   servers at a time and reported apart (``warmup``), not held to the latency
   goal. The clients' pages are in name order: each takes its own rows' ``stat``,
   and no listing is read again unless the folder changes (``SharedData.cache_ttl``,
   ``--cache-ttl``, only ages the sizes a sort by size or date uses).

First, right after the spawn, *rush* ("70 at 9am", ``--rush-window`` s; 0 skips
it): every user opens the same big folder once, at a random moment of the window,
as the panel does (its first page, then ``shared/size`` until the sizes and the
total are in), while every client polls the meter and searches CMR. The folder is
on a network file system: the volume is exported by sshfs over loopback
(``jupyterlab_hackweek/tests/fixture_sshfs.py``; its sshd at nice 19, as the file
server is another machine on a hub) and each user's server reads it
through a mount of its own (as each pod mounts NFS; sshfs's default caches), whose
SFTP requests are counted. Reported: each server's p95 for the other routes (goal
250 ms), the cold listings, and how many full scans of the folder the file server
saw per user server (its directory-listing replies over those of one full listing
made before the rush; goal: at most one) and its ``stat`` requests.

Before them, ``--idle`` seconds with no client give the servers' idle CPU
(JupyterLab itself, activity reports to the hub), so the polling's own cost is
the meter phase minus the idle one.

Reports p50/p95/p99 latency and errors per phase and route, the servers' CPU
(% of one core per user) and memory, then stops everything. Goals: 0 errors,
p95 < 250 ms, polling < 2% of a core per user. Exits 1 on any error
(``--strict``: also when a goal is missed).

    python bench/hub_load.py                              # 70 users, 5 minutes
    python bench/hub_load.py --users 10 --duration 30 --meter-interval 1   # short run
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hub-tests"))
sys.path.insert(0, str(ROOT))

from hubsite import HubSite  # noqa: E402
from start_hub import user_names  # noqa: E402

from jupyterlab_hackweek.shared.config import SharedData  # noqa: E402
from jupyterlab_hackweek.tests.fixture_shared import make_many  # noqa: E402
from jupyterlab_hackweek.tests.fixture_sshfs import Sshfs, missing, sftp_requests  # noqa: E402

GOAL_P95_MS = 250
GOAL_CPU_PERCENT = 2.0


class Recorder:
    """Latencies (ms) and errors per (phase, route), and per user server."""

    def __init__(self):
        self.latencies: dict[tuple[str, str], list[float]] = {}
        self.errors: dict[tuple[str, str], list[str]] = {}
        self.by_server: dict[tuple[str, str, str], list[float]] = {}

    def add(self, phase: str, route: str, ms: float, error: str | None, user: str = "") -> None:
        self.latencies.setdefault((phase, route), []).append(ms)
        self.by_server.setdefault((phase, route, user), []).append(ms)
        if error:
            self.errors.setdefault((phase, route), []).append(error)


def search_params() -> dict:
    return {
        "short_name": "ATL06",
        "version": "006",
        "rgt": random.randint(1, 1387),
        "page_size": 50,
    }


async def client_loop(args, site, name, token, recorder, phase, stop_at):
    """One browser tab: poll the meter, and in the mixed phase list pages and search CMR."""
    base = f"{site.url}/user/{name}/hackweek/api/"
    headers = {"Authorization": f"token {token}"}
    jobs = [("metrics", args.meter_interval, lambda: {})]
    if phase == "rush":
        jobs += [("cmr/granules", args.search_interval, search_params)]
    if phase == "mixed":
        jobs += [
            (
                "shared/list",
                args.list_interval,
                lambda: {
                    "root": "shared",
                    "path": "many",
                    "offset": random.randrange(0, args.files, 200),
                    "limit": 200,
                },
            ),
            ("cmr/granules", args.search_interval, search_params),
        ]
    now = time.monotonic()
    due = [now + random.uniform(0, interval) for _, interval, _ in jobs]
    async with httpx.AsyncClient(headers=headers, timeout=args.timeout) as http:
        while True:
            index = min(range(len(jobs)), key=due.__getitem__)
            if due[index] >= stop_at:
                return
            await asyncio.sleep(max(0.0, due[index] - time.monotonic()))
            route, interval, params = jobs[index]
            due[index] += interval
            started = time.perf_counter()
            _, error = await _get_json(http, base + route, params())
            recorder.add(phase, route, (time.perf_counter() - started) * 1000, error, name)


async def open_folder(args, site, name, token, recorder, at: float) -> None:
    """The rush: one user opens the big folder at ``at`` (monotonic) as the panel does —
    its first page, then ``shared/size`` until the sizes and the folder's total are in."""
    await asyncio.sleep(max(0.0, at - time.monotonic()))
    base = f"{site.url}/user/{name}/hackweek/api/shared/"
    where = {"root": "shared", "path": "many"}
    async with httpx.AsyncClient(headers={"Authorization": f"token {token}"}, timeout=120) as http:
        started = time.perf_counter()
        _, error = await _get_json(http, base + "list", {**where, "limit": 200})
        recorder.add("rush", "shared/list (cold)", (time.perf_counter() - started) * 1000, error)
        if error:
            return
        size = {"size_pending": True}
        while size.get("size_pending") or size.get("sizes_counting"):
            size, error = await _get_json(http, base + "size", where)  # waits up to 20 s
            if error:
                break
        ms = (time.perf_counter() - started) * 1000
        recorder.add("rush", "sizes and total in", ms, error)


async def _get_json(http, url: str, params: dict) -> tuple[dict, str | None]:
    """GET a JSON reply: ``(body, None)``, or ``({}, what went wrong in words)`` — an error
    is counted in the report, never the end of the run."""
    try:
        reply = await http.get(url, params=params)
        if reply.status_code != 200:
            return {}, f"{reply.status_code} {reply.text[:120]}"
        return reply.json(), None
    except (httpx.HTTPError, ValueError) as exc:
        return {}, f"{type(exc).__name__}: {exc}"


def rush_servers(recorder: Recorder) -> dict:
    """The rush's worst server: the highest p95 of the other routes (meter and search)."""
    worst = {"p95_ms": 0.0, "user": None}
    users = {user for (phase, _, user) in recorder.by_server if phase == "rush" and user}
    for user in users:
        values = [
            ms
            for route in ("metrics", "cmr/granules")
            for ms in recorder.by_server.get(("rush", route, user), [])
        ]
        p95 = round(percentile(values, 95), 1)
        if values and p95 >= worst["p95_ms"]:
            worst = {"p95_ms": p95, "user": user}
    return worst


def scans_seen(logs: dict[str, Path], per_listing: int, files: int) -> dict:
    """What the file server saw of each user server's mount: full scans of the big
    folder (directory-listing replies over those of one full listing) and ``stat``s."""
    seen = {name: sftp_requests(log) for name, log in logs.items()}
    scans = {name: count.get("NAME", 0) / per_listing for name, count in seen.items()}
    stats = {name: count.get("LSTAT", 0) + count.get("STAT", 0) for name, count in seen.items()}
    return {
        "listing_replies_per_full_scan": per_listing,
        "max_full_scans_per_server": round(max(scans.values()), 2),
        "mean_full_scans_per_server": round(statistics.fmean(scans.values()), 2),
        "max_stats_per_server": max(stats.values()),
        "files": files,
    }


def reference_listing(nfs: Sshfs, base: Path) -> int:
    """Directory-listing replies of one full listing of the big folder, on a fresh mount."""
    mount, log = base / "reference", base / "reference.log"
    nfs.mount_client(mount, (), log)
    with os.scandir(mount / "many") as entries:
        for _ in entries:
            pass
    time.sleep(0.5)  # sshfs writes its debug lines as the replies come
    return sftp_requests(log).get("NAME", 0)


def cpu_seconds(processes: dict[str, psutil.Process]) -> dict[str, float]:
    """CPU seconds (user + system, children included) of each user's server."""
    found = {}
    for name, proc in processes.items():
        try:
            times = proc.cpu_times()
            found[name] = times.user + times.system + times.children_user + times.children_system
        except psutil.Error:
            found[name] = float("nan")
    return found


async def warm_up(args, site, tokens, recorder) -> None:
    """Each server's first listing of the big folder (a full scan), two servers at a time."""
    gate = asyncio.Semaphore(2)

    async def one(name: str) -> None:
        async with gate, httpx.AsyncClient(timeout=120) as http:
            http.headers["Authorization"] = f"token {tokens[name]}"
            started = time.perf_counter()
            _, error = await _get_json(
                http,
                f"{site.url}/user/{name}/hackweek/api/shared/list",
                {"root": "shared", "path": "many", "limit": 200},
            )
            ms = (time.perf_counter() - started) * 1000
            recorder.add("warmup", "shared/list (cold)", ms, error)

    await asyncio.gather(*(one(name) for name in tokens))


async def run_phase(args, site, tokens, recorder, phase, seconds):
    processes = site.server_processes()
    before, started = cpu_seconds(processes), time.monotonic()
    stop_at = started + seconds
    if phase == "idle":
        await asyncio.sleep(seconds)
    openings = []
    if phase == "rush":  # each user once, at a random moment of the window
        openings = [
            open_folder(
                args, site, name, tokens[name], recorder, started + random.uniform(0, seconds)
            )
            for name in tokens
        ]
    await asyncio.gather(
        *openings,
        *(
            client_loop(args, site, name, tokens[name], recorder, phase, stop_at)
            for name in tokens
            for _ in range(args.clients if phase != "idle" else 0)
        ),
    )
    elapsed = time.monotonic() - started
    after = cpu_seconds(processes)
    return {name: 100 * (after[name] - before[name]) / elapsed for name in processes}


def percentile(values: list[float], q: float) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1]
        if len(values) > 1
        else (values[0] if values else float("nan"))
    )


def report(args, recorder, cpu, spawn_seconds, rss_mb, scans) -> tuple[dict, list[str]]:
    rows, missed = [], []
    for (phase, route), values in sorted(recorder.latencies.items()):
        errors = recorder.errors.get((phase, route), [])
        row = {
            "phase": phase,
            "route": route,
            "requests": len(values),
            "errors": len(errors),
            "p50_ms": round(percentile(values, 50), 1),
            "p95_ms": round(percentile(values, 95), 1),
            "p99_ms": round(percentile(values, 99), 1),
            "first_errors": errors[:3],
        }
        rows.append(row)
        if errors:
            missed.append(f"{phase} {route}: {len(errors)} errors")
        if row["p95_ms"] > GOAL_P95_MS and phase not in ("warmup", "rush"):
            missed.append(f"{phase} {route}: p95 {row['p95_ms']} ms > {GOAL_P95_MS}")
    rush = rush_servers(recorder) if args.rush_window else None
    if rush and rush["p95_ms"] > GOAL_P95_MS:
        missed.append(f"rush: {rush['user']}'s p95 {rush['p95_ms']} ms > {GOAL_P95_MS}")
    if scans and scans["max_full_scans_per_server"] > 1.05:
        missed.append(f"rush: {scans['max_full_scans_per_server']} full scans by one server")
    cpu_summary = {
        phase: {
            "mean_percent_core": round(statistics.fmean(values.values()), 2),
            "max_percent_core": round(max(values.values()), 2),
        }
        for phase, values in cpu.items()
    }
    if cpu_summary["meter"]["mean_percent_core"] > GOAL_CPU_PERCENT:
        missed.append(f"polling CPU {cpu_summary['meter']['mean_percent_core']}% of a core")
    result = {
        "users": args.users,
        "clients_per_user": args.clients,
        "duration_s": args.duration,
        "meter_interval_s": args.meter_interval,
        "files": args.files,
        "cache_ttl_s": args.cache_ttl,
        "stat_share": args.stat_share,
        "rush_window_s": args.rush_window,
        "network_fs": "sshfs, a mount per user server" if scans else missing() or "not asked",
        "spawn_seconds": round(spawn_seconds, 1),
        "server_rss_mb_mean": round(rss_mb, 1),
        "routes": rows,
        "rush_worst_server": rush,
        "rush_file_server": scans,
        "cpu_per_user_server": cpu_summary,
        "goals_missed": missed,
    }
    return result, missed


def print_report(result: dict) -> None:
    print(
        f"\n{result['users']} users x {result['clients_per_user']} clients, "
        f"{result['duration_s']} s, meter every {result['meter_interval_s']} s, "
        f"{result['files']} files, cache_ttl {result['cache_ttl_s']} s, "
        f"stat_share {result['stat_share']}; "
        f"spawned in {result['spawn_seconds']} s; "
        f"server RSS {result['server_rss_mb_mean']} MB mean"
    )
    print(
        f"{'phase':6} {'route':13} {'requests':>8} {'errors':>6} {'p50':>7} {'p95':>7} {'p99':>7}"
    )
    for row in result["routes"]:
        print(
            f"{row['phase']:6} {row['route']:18} {row['requests']:>8} {row['errors']:>6} "
            f"{row['p50_ms']:>7} {row['p95_ms']:>7} {row['p99_ms']:>7}"
        )
        for error in row["first_errors"]:
            print(f"    error: {error}")
    rush, scans = result["rush_worst_server"], result["rush_file_server"]
    if rush:
        print(
            f"rush ({result['rush_window_s']} s): worst server's p95 for the meter and "
            f"search: {rush['p95_ms']} ms ({rush['user']})"
        )
    if scans:
        print(
            f"rush: the file server saw {scans['max_full_scans_per_server']} full scans of "
            f"the {scans['files']:,}-file folder by one user server at most "
            f"(mean {scans['mean_full_scans_per_server']}) and at most "
            f"{scans['max_stats_per_server']:,} stat requests"
        )
    elif rush:
        print(f"rush: on the local disk ({result['network_fs']})")
    for phase, cpu in result["cpu_per_user_server"].items():
        print(
            f"CPU per user server, {phase} phase: {cpu['mean_percent_core']}% of a core "
            f"(max {cpu['max_percent_core']}%)"
        )
    print("Goals:", "all met" if not result["goals_missed"] else "; ".join(result["goals_missed"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=70)
    parser.add_argument("--clients", type=int, default=2, help="clients (tabs) per user")
    parser.add_argument("--duration", type=float, default=300, help="seconds, both phases")
    parser.add_argument("--meter-interval", type=float, default=5)
    parser.add_argument("--list-interval", type=float, default=15)
    parser.add_argument("--search-interval", type=float, default=30)
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--spawn-concurrency", type=int, default=8)
    parser.add_argument(
        "--idle", type=float, default=15, help="seconds measured with no client, after spawning"
    )
    parser.add_argument(
        "--rush-window",
        type=float,
        default=60,
        help="seconds in which every user opens the big folder after the spawn (0: no rush)",
    )
    parser.add_argument("--timeout", type=float, default=20, help="per request, seconds")
    parser.add_argument(
        "--cache-ttl",
        type=float,
        default=SharedData.cache_ttl.default_value,
        help="SharedData.cache_ttl (default: the suite's)",
    )
    parser.add_argument(
        "--stat-share",
        type=float,
        default=SharedData.stat_share.default_value,
        help="SharedData.stat_share (default: the suite's)",
    )
    parser.add_argument("--json", help="also write the report to this file")
    parser.add_argument("--keep", action="store_true", help="keep the working folder and logs")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a goal is missed")
    args = parser.parse_args(argv)

    base = Path(tempfile.mkdtemp(prefix="hackweek-load-"))
    users, _ = user_names(args.users, 0)
    site = HubSite(
        base,
        users,
        [],
        {"SharedData": {"cache_ttl": args.cache_ttl, "stat_share": args.stat_share}},
    ).prepare()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop everything on SIGTERM
    # The file server at nice 19: on a hub it is another machine (an NFS server, EFS,
    # Filestore), whose work never takes the user servers' CPU; here all share the cores.
    nfs = (
        Sshfs(base / "nfs", options=(), server_nice=19)
        if args.rush_window and not missing()
        else None
    )
    logs: dict[str, Path] = {}
    scans = None
    try:
        if nfs:
            # The volume on the file server; each user's ~/shared is a mount of its own.
            nfs.start()
            make_many(nfs.export / "many", args.files)
            for name in users:
                logs[name] = base / "nfs" / f"{name}.log"
                nfs.mount_client(base / "nfs" / "clients" / name, (), logs[name])
                site.home(name).mkdir(parents=True, exist_ok=True)
                (site.home(name) / "shared").symlink_to(base / "nfs" / "clients" / name)
            per_listing = reference_listing(nfs, base / "nfs")
        else:
            make_many(site.volume / "many", args.files)
        site.start()
        spawn_seconds = site.spawn(users, args.spawn_concurrency, timeout=600)
        print(f"{len(users)} servers spawned in {spawn_seconds:.0f} s", flush=True)
        tokens = {name: site.token(name) for name in users}
        recorder, cpu = Recorder(), {}
        phases = (
            ("rush", "idle", "meter", "mixed") if args.rush_window else ("idle", "meter", "mixed")
        )
        for phase in phases:
            if phase == "mixed":
                asyncio.run(warm_up(args, site, tokens, recorder))
            seconds = {"idle": args.idle, "rush": args.rush_window}.get(phase, args.duration / 2)
            cpu[phase] = asyncio.run(run_phase(args, site, tokens, recorder, phase, seconds))
            if phase == "rush" and nfs:
                time.sleep(0.5)  # the last debug lines
                scans = scans_seen(logs, per_listing, args.files)
        rss = [p.memory_info().rss / 2**20 for p in site.server_processes().values()]
        result, missed = report(args, recorder, cpu, spawn_seconds, statistics.fmean(rss), scans)
    finally:
        site.stop()
        if nfs:
            nfs.stop()
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    print_report(result)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1))
    errors = sum(row["errors"] for row in result["routes"])
    return 1 if errors or (args.strict and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
