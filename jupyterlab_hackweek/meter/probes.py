"""Blocking probes of processes, the host and disks (``/proc``, psutil, ``statvfs``).

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

#: Processes are read straight from ``/proc`` where there is one (Linux), else through psutil.
HAS_PROC = os.path.isdir("/proc/self")

#: ``/proc/PID/smaps_rollup`` (Linux ≥ 4.14) gives a tree's PSS in one small read per process.
HAS_SMAPS_ROLLUP = os.path.exists("/proc/self/smaps_rollup")

#: Units of ``/proc/PID/stat``'s CPU times and of ``/proc/PID/statm``.
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if HAS_PROC else 100
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if HAS_PROC else 4096

#: How a kernel's memory was counted.
MemoryKind = Literal["anon", "pss", "rss"]


@dataclass(frozen=True)
class TreeUsage:
    """Memory and cumulative CPU time of a process and its descendants.

    ``memory_kind`` says how memory was counted: ``anon`` (a lone process's
    anonymous resident memory, Linux's ``RssAnon``: its own data, heap and
    stacks, which shutting it down frees; libraries and files it maps are not
    counted), ``pss`` (a tree's resident pages with the pages its processes
    share split among them, so a forked child's copy-on-write pages count once)
    or ``rss`` (every resident page, shared ones too: the fallback).
    """

    memory: int
    cpu_seconds: float
    alive: bool
    memory_kind: MemoryKind = "rss"


@dataclass(frozen=True)
class ProcessRow:
    """One process of the table a sample reads once: parent, zombie or not, CPU time."""

    ppid: int
    zombie: bool
    cpu_seconds: float
    #: Resident memory where the table comes from psutil (no ``/proc``), else ``None``.
    rss: int | None = None


def _read(path: str) -> bytes:
    """A small ``/proc`` file in one read, without a buffered file object."""
    fd = os.open(path, os.O_RDONLY)
    try:
        return os.read(fd, 4096)
    finally:
        os.close(fd)


def process_table() -> dict[int, ProcessRow]:
    """Every process, read once per sample.

    On Linux, straight from each ``/proc/PID/stat`` (one small read per process, which
    also holds its state and CPU times: about a tenth of what ``psutil.process_iter``
    spends making a ``Process`` of each); elsewhere through psutil.
    """
    table: dict[int, ProcessRow] = {}
    if not HAS_PROC:
        for process in psutil.process_iter(["ppid", "status", "cpu_times", "memory_info"]):
            info = process.info
            times, memory = info.get("cpu_times"), info.get("memory_info")
            table[process.pid] = ProcessRow(
                ppid=info.get("ppid") or 0,
                zombie=info.get("status") == psutil.STATUS_ZOMBIE,
                cpu_seconds=times.user + times.system if times else 0.0,
                rss=memory.rss if memory else None,
            )
        return table
    with os.scandir("/proc") as entries:
        for entry in entries:
            if not entry.name.isdigit():
                continue
            try:
                line = _read(f"/proc/{entry.name}/stat")
                # "pid (comm) state ppid … utime stime …": comm may hold spaces and parentheses
                fields = line[line.rindex(b")") + 2 :].split(b" ", 13)
                table[int(entry.name)] = ProcessRow(
                    ppid=int(fields[1]),
                    zombie=fields[0] == b"Z",
                    cpu_seconds=(int(fields[11]) + int(fields[12])) / CLOCK_TICKS,
                )
            except (OSError, ValueError, IndexError):
                continue  # gone meanwhile, or unreadable
    return table


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


def _anon_memory(pid: int) -> int:
    """The process's anonymous resident memory (``RssAnon``) from ``/proc/PID/statm``:
    resident minus shared, which Linux counts as file-backed and shmem pages."""
    resident, shared = _read(f"/proc/{pid}/statm").split()[1:3]
    return (int(resident) - int(shared)) * PAGE_SIZE


def _pss(pid: int) -> int:
    """The process's proportional set size from ``/proc/PID/smaps_rollup``."""
    for line in _read(f"/proc/{pid}/smaps_rollup").splitlines():
        if line.startswith(b"Pss:"):
            return int(line.split()[1]) * 1024
    return 0  # no mappings at all (a kernel thread)


def _member_memory(pid: int, row: ProcessRow, lone: bool) -> tuple[int, MemoryKind]:
    """One process's memory as its tree counts it: ``anon`` alone, ``pss`` in a tree
    of several, ``rss`` where those cannot be read."""
    if row.rss is not None:
        return row.rss, "rss"
    if lone:
        return _anon_memory(pid), "anon"
    if HAS_SMAPS_ROLLUP:
        try:
            return _pss(pid), "pss"
        except OSError:
            pass  # not ours to read, or refused (as for threads without memory): statm answers
    return int(_read(f"/proc/{pid}/statm").split()[1]) * PAGE_SIZE, "rss"


def process_trees_usage(pids: list[int]) -> dict[int, TreeUsage]:
    """Memory and CPU time of each pid and its descendants (dead or hidden ones skipped).

    Memory is the anonymous resident memory for a lone process (one small
    ``statm`` read, whatever its size) and PSS summed over a tree of several
    (an anonymous or RSS sum would count the pages they share once per sharer);
    RSS where neither is readable. The process table is scanned once for all
    trees, so the cost grows with the number of processes on the machine once,
    not once per kernel.
    """
    if not pids:
        return {}
    table = process_table()
    children: dict[int, list[int]] = {}
    for child, row in table.items():
        if row.ppid:
            children.setdefault(row.ppid, []).append(child)
    usage = {}
    for pid in pids:
        memory, cpu, alive = 0, 0.0, False
        members = _tree(pid, children)
        kinds: set[MemoryKind] = set()
        for index, member in enumerate(members):
            row = table.get(member)
            if row is None or row.zombie:
                continue
            try:
                size, kind = _member_memory(member, row, len(members) == 1)
            except (OSError, ValueError):
                continue  # gone meanwhile
            alive = alive or index == 0
            memory += size
            kinds.add(kind)
            cpu += row.cpu_seconds
        if not alive:
            usage[pid] = TreeUsage(0, 0.0, False)
            continue
        usage[pid] = TreeUsage(memory, cpu, True, "rss" if "rss" in kinds else kinds.pop())
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
