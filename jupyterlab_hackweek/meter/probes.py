"""Blocking probes of processes, the host and disks (psutil, ``statvfs``).

Only numbers leave this module: never a command line, an environment or a
user name of any process.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass

import psutil

#: A file system reporting more than this many bytes (8 EiB; NFS/EFS say ~9.2e18)
#: has no meaningful size: its total and free space are "unknown".
ABSURD_DISK_BYTES = 2**63 // 1024 * 1023


@dataclass(frozen=True)
class TreeUsage:
    """Resident memory and cumulative CPU time of a process and its descendants."""

    memory: int
    cpu_seconds: float
    alive: bool


def _children_map() -> dict[int, list[int]]:
    """Parent pid → child pids for every process, read once per sample."""
    children: dict[int, list[int]] = {}
    for process in psutil.process_iter(["ppid"]):
        ppid = process.info.get("ppid")
        if ppid:
            children.setdefault(ppid, []).append(process.pid)
    return children


def _tree(pid: int, children: dict[int, list[int]]) -> list[int]:
    pids, stack, seen = [], [pid], set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        pids.append(current)
        stack.extend(children.get(current, ()))
    return pids


def process_trees_usage(pids: list[int]) -> dict[int, TreeUsage]:
    """Sum RSS and CPU time over each pid and its descendants (dead or hidden ones skipped).

    The process table is scanned once for all trees, so the cost grows with the
    number of processes on the machine once, not once per kernel.
    """
    if not pids:
        return {}
    children = _children_map()
    usage = {}
    for pid in pids:
        memory, cpu, alive = 0, 0.0, False
        for index, member in enumerate(_tree(pid, children)):
            try:
                process = psutil.Process(member)
                with process.oneshot():
                    if process.status() == psutil.STATUS_ZOMBIE:
                        continue
                    rss = process.memory_info().rss
                    times = process.cpu_times()
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
            alive = alive or index == 0
            memory += rss
            cpu += times.user + times.system
        usage[pid] = TreeUsage(memory, cpu, alive) if alive else TreeUsage(0, 0.0, False)
    return usage


@dataclass(frozen=True)
class HostReading:
    """The machine's own totals, for a server that runs without a cgroup limit."""

    memory_used: int
    memory_total: int
    cpu_seconds: float
    cpu_count: float


def host_reading() -> HostReading:
    """Memory in use (total minus available) and busy CPU time of the whole machine."""
    memory = psutil.virtual_memory()
    times = psutil.cpu_times()
    busy = sum(times) - times.idle - getattr(times, "iowait", 0.0)
    return HostReading(
        memory_used=memory.total - memory.available,
        memory_total=memory.total,
        cpu_seconds=busy,
        cpu_count=float(psutil.cpu_count() or 1),
    )


def disk_usage(path: str) -> dict[str, int | None] | None:
    """``{"total", "used", "free"}`` in bytes for ``path``; ``None`` if it is missing.

    A total beyond :data:`ABSURD_DISK_BYTES` (NFS, EFS) is reported as unknown
    (``None``), and so is the free space derived from it; the used space is kept,
    since those servers count it truthfully.
    """
    if not os.path.isdir(path):
        return None
    try:
        usage = shutil.disk_usage(path)
    except OSError:
        return None
    if usage.total >= ABSURD_DISK_BYTES or usage.total <= 0:
        return {"total": None, "used": usage.used, "free": None}
    return {"total": usage.total, "used": usage.used, "free": usage.free}
