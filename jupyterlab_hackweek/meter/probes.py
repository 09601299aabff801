"""Blocking probes of processes, the host and disks (psutil, ``statvfs``).

Only numbers leave this module: never a command line, an environment or a
user name of any process.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from typing import Literal

import psutil

#: A file system reporting more than this many bytes (8 EiB; NFS/EFS say ~9.2e18)
#: has no meaningful size: its total and free space are "unknown".
ABSURD_DISK_BYTES = 2**63 // 1024 * 1023

#: ``memory_full_info`` costs one small file read per process where the kernel has
#: ``/proc/PID/smaps_rollup`` (Linux ≥ 4.14); elsewhere it walks every mapping.
FULL_INFO_IS_CHEAP = os.path.exists("/proc/self/smaps_rollup")

#: How a kernel's memory was counted, from the most to the least exact.
MemoryKind = Literal["uss", "pss", "rss"]


@dataclass(frozen=True)
class TreeUsage:
    """Memory and cumulative CPU time of a process and its descendants.

    ``memory_kind`` says how memory was counted: ``uss`` (pages only this
    process holds: what shutting the kernel down frees), ``pss`` (shared pages
    split among their sharers, so a tree of processes sharing pages counts each
    once) or ``rss`` (every resident page, shared ones too: the fallback).
    """

    memory: int
    cpu_seconds: float
    alive: bool
    memory_kind: MemoryKind = "rss"


def _children_map() -> dict[int, list[int]]:
    """Parent pid → child pids for every process, read once per sample.

    On Linux, straight from each ``/proc/PID/stat`` (one small read per process:
    about a tenth of what ``psutil.process_iter`` spends making a ``Process`` of each);
    elsewhere through psutil.
    """
    children: dict[int, list[int]] = {}
    if not os.path.isdir("/proc/self"):
        for process in psutil.process_iter(["ppid"]):
            ppid = process.info.get("ppid")
            if ppid:
                children.setdefault(ppid, []).append(process.pid)
        return children
    with os.scandir("/proc") as entries:
        for entry in entries:
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as stat:
                    line = stat.read()
                # "pid (comm) state ppid …": comm may hold spaces and parentheses
                ppid = int(line[line.rindex(b")") + 2 :].split(b" ", 2)[1])
            except (OSError, ValueError):
                continue  # gone meanwhile, or unreadable
            if ppid:
                children.setdefault(ppid, []).append(int(entry.name))
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


def _memory(process: psutil.Process, kind: MemoryKind) -> tuple[int, MemoryKind]:
    """The process's memory counted as ``kind``, or its RSS where that is refused."""
    if kind != "rss":
        try:
            full = process.memory_full_info()
            return (full.uss if kind == "uss" else full.pss), kind
        except (psutil.AccessDenied, AttributeError, OSError):
            pass
    return process.memory_info().rss, "rss"


def process_trees_usage(pids: list[int]) -> dict[int, TreeUsage]:
    """Memory and CPU time of each pid and its descendants (dead or hidden ones skipped).

    Memory is USS for a lone process and PSS summed over a tree of several
    (a USS sum would drop the pages they share, an RSS sum counts them twice),
    where ``/proc/PID/smaps_rollup`` makes that cheap; RSS otherwise. The
    process table is scanned once for all trees, so the cost grows with the
    number of processes on the machine once, not once per kernel.
    """
    if not pids:
        return {}
    children = _children_map()
    usage = {}
    for pid in pids:
        memory, cpu, alive = 0, 0.0, False
        members = _tree(pid, children)
        wanted: MemoryKind = "rss"
        if FULL_INFO_IS_CHEAP:
            wanted = "uss" if len(members) == 1 else "pss"
        kinds: set[MemoryKind] = set()
        for index, member in enumerate(members):
            try:
                process = psutil.Process(member)
                with process.oneshot():
                    if process.status() == psutil.STATUS_ZOMBIE:
                        continue
                    size, kind = _memory(process, wanted)
                    times = process.cpu_times()
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
            alive = alive or index == 0
            memory += size
            kinds.add(kind)
            cpu += times.user + times.system
        if not alive:
            usage[pid] = TreeUsage(0, 0.0, False)
            continue
        usage[pid] = TreeUsage(memory, cpu, True, "rss" if "rss" in kinds else wanted)
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


#: File systems whose size is everyone's (a shared export), never one user's quota.
SHARED_FILE_SYSTEMS = frozenset(
    {"nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "ceph", "glusterfs", "lustre", "gpfs"}
)


def volume_quota(path: str) -> int | None:
    """The user's quota on ``path`` where the file system reports one, in bytes.

    Two cases: ``path`` is a volume of its own (a mount point of a local file system,
    as zero-to-jupyterhub's per-user volumes are), whose size is the quota; or a
    project quota (XFS or ext4 ``prjquota``), where ``statvfs`` of the folder reports
    less than its file system's. ``None`` for a plain folder and on a network or FUSE
    file system (NFS, EFS, sshfs: their size is everyone's).
    """
    real = os.path.realpath(path)
    mounts = {part.mountpoint: part.fstype for part in psutil.disk_partitions(all=True)}
    mountpoint = real
    while mountpoint not in mounts and mountpoint != os.path.dirname(mountpoint):
        mountpoint = os.path.dirname(mountpoint)
    fstype = mounts.get(mountpoint, "")
    if fstype in SHARED_FILE_SYSTEMS or fstype.startswith("fuse"):
        return None
    usage = disk_usage(real)
    if not usage or usage["total"] is None:
        return None
    if mountpoint == real:
        return usage["total"]
    whole = disk_usage(mountpoint)
    if whole and whole["total"] and usage["total"] < whole["total"]:
        return usage["total"]
    return None
