"""Resource meter: our ``GET hackweek/api/metrics`` vs. jupyter-resource-usage's
``GET api/metrics/v1``, on one ``jupyter server``, with 0, 10 and 50 kernels running.

One server on loopback (token auth) runs both extensions; jupyter-resource-usage with
``track_cpu_percent = True`` (and its Prometheus callback off: that runs every second
whatever the requests, so it would blur the per-request CPU of both sides). For each
number of kernels (started with ``POST api/kernels``):

- sequential: N back-to-back requests per endpoint: latency p50/p95 and the server
  process's CPU time per request (psutil, before/after, less the idle rate measured
  just before). Ours answers from a sample shared for ``cache_seconds`` (1.5 s), so a
  second row, "ours, fresh sample", spaces its requests by more than that;
- concurrent: 70 clients each polling one endpoint in a loop for ``--seconds``:
  throughput, p95, errors.

Kernels are shut down at the end (and any left over killed by pid).
Run: ``python bench/meter.py [--requests 200] [--seconds 8] [--kernels 0,10,50]``.
Needs ``pip install -e '.[bench]'`` (jupyter-resource-usage). Goal: ours no slower
than the peer at p95, and less CPU per request.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import jupyter_process
import psutil

OURS = "hackweek/api/metrics"
PEER = "api/metrics/v1"
CLIENTS = 70


def start_server(work: Path, port: int, token: str) -> subprocess.Popen:
    """``jupyter server`` with both extensions, waiting until it listens (60 s at most)."""
    config = work / "bench_config.py"
    config.write_text(
        f"c.ServerApp.root_dir = {str(work / 'root')!r}\n"
        "c.ServerApp.jpserver_extensions = {'jupyterlab_hackweek': True,"
        " 'jupyter_resource_usage': True}\n"
        "c.ResourceUseDisplay.track_cpu_percent = True\n"
        "c.ResourceUseDisplay.enable_prometheus_metrics = False\n",
        encoding="utf-8",
    )
    (work / "root").mkdir()
    config_dir = work / "jupyter-config"  # no user config: same server for every run
    config_dir.mkdir()
    server, log = jupyter_process.start_jupyter(
        "server",
        port,
        config,
        {**os.environ, "JUPYTER_CONFIG_DIR": str(config_dir)},
        token=token,
    )
    if not any("jupyter_resource_usage" in line for line in log):
        jupyter_process.stop(server)
        raise SystemExit("jupyter-resource-usage is not installed: pip install -e '.[bench]'")
    return server


def stop_server(server: subprocess.Popen, leftover: list[psutil.Process]) -> None:
    """Stop the server's process group, then any kernel process still alive."""
    jupyter_process.stop(server)
    for process in leftover:
        try:
            process.kill()
        except psutil.NoSuchProcess:
            pass


def cpu_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


async def idle_rate(server: psutil.Process, seconds: float = 2.0) -> float:
    """The server's CPU seconds per second while nobody asks it anything."""
    before = cpu_seconds(server)
    await asyncio.sleep(seconds)
    return (cpu_seconds(server) - before) / seconds


async def sequential(
    client: httpx.AsyncClient, server: psutil.Process, path: str, count: int, gap: float = 0.0
) -> dict:
    """``count`` requests one after the other (``gap`` s apart): latencies, CPU/request."""
    for _ in range(3):  # warm-up, not measured
        (await client.get(path)).raise_for_status()
    idle = await idle_rate(server)
    latencies = []
    cpu_before, started = cpu_seconds(server), time.perf_counter()
    for _ in range(count):
        if gap:
            await asyncio.sleep(gap)
        sent = time.perf_counter()
        (await client.get(path)).raise_for_status()
        latencies.append(time.perf_counter() - sent)
    elapsed = time.perf_counter() - started
    busy = cpu_seconds(server) - cpu_before - idle * elapsed
    return {
        "p50": statistics.median(latencies),
        "p95": percentile(latencies, 0.95),
        "cpu": max(busy, 0.0) / count,
    }


async def concurrent(base: str, headers: dict, path: str, seconds: float) -> dict:
    """``CLIENTS`` clients polling ``path`` in a loop for ``seconds``."""
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(
        base_url=base, headers=headers, timeout=30, limits=limits
    ) as client:
        deadline = time.perf_counter() + seconds

        async def poll() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                sent = time.perf_counter()
                try:
                    reply = await client.get(path)
                    if reply.status_code != 200:
                        errors += 1
                        continue
                except httpx.HTTPError:
                    errors += 1
                    continue
                latencies.append(time.perf_counter() - sent)

        started = time.perf_counter()
        await asyncio.gather(*(poll() for _ in range(CLIENTS)))
        elapsed = time.perf_counter() - started
    return {
        "rps": len(latencies) / elapsed,
        "p95": percentile(latencies, 0.95) if latencies else float("nan"),
        "errors": errors,
    }


async def start_kernels(client: httpx.AsyncClient, count: int) -> list[str]:
    """Start ``count`` python kernels, five at a time; return their ids."""
    ids: list[str] = []
    for first in range(0, count, 5):
        replies = await asyncio.gather(
            *(
                client.post("api/kernels", json={"name": "python3"}, timeout=120)
                for _ in range(min(5, count - first))
            )
        )
        for reply in replies:
            reply.raise_for_status()
            ids.append(reply.json()["id"])
    return ids


def settle(limit: float = 30.0) -> None:
    """Wait (``limit`` s at most) until the machine's CPU is calm after kernel start-up."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and psutil.cpu_percent(interval=1.0) > 20:
        pass


async def run(args, base: str, token: str, server: psutil.Process) -> tuple[list, list]:
    headers = {"Authorization": f"token {token}"}
    rows, crowd = [], []
    kernel_ids: list[str] = []
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as client:
        try:
            for level in args.kernels:
                kernel_ids += await start_kernels(client, level - len(kernel_ids))
                await asyncio.to_thread(settle)
                ours = await sequential(client, server, OURS, args.requests)
                fresh = await sequential(client, server, OURS, args.fresh, gap=1.6)
                peer = await sequential(client, server, PEER, args.requests)
                rows.append((level, ours, fresh, peer))
                crowd.append(
                    (
                        level,
                        await concurrent(base, headers, OURS, args.seconds),
                        await concurrent(base, headers, PEER, args.seconds),
                    )
                )
        finally:
            await asyncio.gather(
                *(client.delete(f"api/kernels/{kid}", timeout=30) for kid in kernel_ids),
                return_exceptions=True,
            )
    return rows, crowd


def print_tables(rows: list, crowd: list, args) -> None:
    ms = 1000
    print(
        f"Sequential requests on one server ({args.requests} each; "
        f"'fresh sample': {args.fresh}, 1.6 s apart, past ours' 1.5 s cache); CPU from psutil "
        "(10 ms ticks), less the idle rate"
    )
    print(
        "| kernels | endpoint | p50 ms | p95 ms | server CPU ms/request "
        "| peer/ours p95 | peer/ours CPU |"
    )
    print("|---|---|---|---|---|---|---|")
    for level, ours, fresh, peer in rows:
        for label, figures in (
            ("ours (hackweek/api/metrics)", ours),
            ("ours, fresh sample", fresh),
            ("peer (api/metrics/v1)", peer),
        ):
            ratio_p95 = peer["p95"] / figures["p95"]
            ratio_cpu = f"{peer['cpu'] / figures['cpu']:.1f}x" if figures["cpu"] > 0 else "n/a"
            print(
                f"| {level} | {label} | {figures['p50'] * ms:.1f} | {figures['p95'] * ms:.1f} | "
                f"{figures['cpu'] * ms:.2f} | {ratio_p95:.1f}x | {ratio_cpu} |"
            )
    print()
    print(f"{CLIENTS} concurrent clients, each polling in a loop for {args.seconds:g} s")
    print("| kernels | endpoint | requests/s | p95 ms | errors | ours/peer throughput |")
    print("|---|---|---|---|---|---|")
    for level, ours, peer in crowd:
        ratio = ours["rps"] / peer["rps"] if peer["rps"] else float("inf")
        print(
            f"| {level} | ours | {ours['rps']:.0f} | {ours['p95'] * ms:.1f} | "
            f"{ours['errors']} | {ratio:.1f}x |"
        )
        print(
            f"| {level} | peer | {peer['rps']:.0f} | {peer['p95'] * ms:.1f} | {peer['errors']} | |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description="hackweek meter vs. jupyter-resource-usage")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--fresh", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--kernels", default="0,10,50")
    parser.add_argument("--port", type=int, default=18951)
    args = parser.parse_args()
    args.kernels = sorted(int(n) for n in args.kernels.split(","))
    work = Path(tempfile.mkdtemp(prefix="hackweek-bench-"))
    token = secrets.token_hex(16)
    try:
        server = start_server(work, args.port, token)
        process = psutil.Process(server.pid)
        try:
            rows, crowd = asyncio.run(run(args, f"http://127.0.0.1:{args.port}/", token, process))
        finally:
            stop_server(server, process.children(recursive=True))
        print_tables(rows, crowd, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
