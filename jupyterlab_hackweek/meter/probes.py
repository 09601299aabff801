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


def process_tree_usage(pid: int) -> TreeUsage:
    """Sum RSS and CPU time over ``pid`` and its descendants (dead or hidden ones skipped)."""
    try:
        root = psutil.Process(pid)
        if root.status() == psutil.STATUS_ZOMBIE:
            return TreeUsage(0, 0.0, False)
        processes = [root, *root.children(recursive=True)]
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return TreeUsage(0, 0.0, False)
    memory = 0
    cpu = 0.0
    for process in processes:
        try:
            with process.oneshot():
                memory += process.memory_info().rss
                times = process.cpu_times()
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
        cpu += times.user + times.system
    return TreeUsage(memory, cpu, True)


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
