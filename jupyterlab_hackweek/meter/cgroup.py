"""Read the pod's totals from a cgroup v2 or v1 file tree (no Tornado, no psutil).

The files read, relative to the cgroup root (``/sys/fs/cgroup`` in a pod):

- v2: ``memory.max``, ``memory.current``, ``memory.stat`` (``inactive_file``),
  ``memory.events`` (``oom_kill``), ``cpu.max``, ``cpu.stat`` (``usage_usec``).
- v1: ``memory/memory.limit_in_bytes``, ``memory/memory.usage_in_bytes``,
  ``memory/memory.stat`` (``total_inactive_file``), ``memory/memory.oom_control``
  (``oom_kill``), ``cpu/cpu.cfs_quota_us``, ``cpu/cpu.cfs_period_us``,
  ``cpuacct/cpuacct.usage`` (nanoseconds).

Memory is the working set (usage minus inactive file pages), the number the
kubelet compares with the limit before it evicts or the kernel kills.

Without a cgroup namespace (cgroup v1 hosts, some VMs) the root of the tree is
the whole machine's cgroup. Given ``/proc/self/cgroup``, :func:`read_cgroup`
reads this process's own cgroup below the root instead (v2: the ``0::/path``
line; v1: the ``memory``, ``cpu`` and ``cpuacct`` lines), and the root where
that folder is not mounted here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

#: A v1 limit at or above this is the kernel's "no limit" (page-rounded 2**63 - 1).
NO_LIMIT_V1 = 2**62


@dataclass(frozen=True)
class CgroupReading:
    """One reading of a cgroup's counters; ``None`` where the file is absent."""

    version: int
    memory_used: int | None
    memory_limit: int | None
    cpu_usage_seconds: float | None
    cpu_limit: float | None
    oom_kill: int | None


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="ascii") as handle:
            return handle.read().strip()
    except (OSError, UnicodeDecodeError):
        return None


def _int(path: str) -> int | None:
    text = _read(path)
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def _keyed(path: str) -> dict[str, int]:
    """Parse a flat ``key value`` file such as ``memory.stat`` or ``cpu.stat``."""
    values: dict[str, int] = {}
    for line in (_read(path) or "").splitlines():
        parts = line.split()
        if len(parts) == 2:
            try:
                values[parts[0]] = int(parts[1])
            except ValueError:
                continue
    return values


def _working_set(usage: int | None, inactive_file: int | None) -> int | None:
    if usage is None:
        return None
    return max(usage - (inactive_file or 0), 0)


def parse_proc_cgroup(text: str) -> dict[str, str]:
    """Controller → cgroup path from ``/proc/PID/cgroup``; the v2 (unified) path under ``""``.

    ``2:cpu,cpuacct:/b`` names the same path for ``cpu`` and ``cpuacct``.
    """
    paths: dict[str, str] = {}
    for line in text.splitlines():
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        _hierarchy, controllers, path = parts
        for controller in controllers.split(",") if controllers else [""]:
            paths.setdefault(controller, path)
    return paths


def _own(base: str, path: str | None) -> str:
    """``base/path`` when that folder exists here, else ``base``.

    A path outside the namespace (``/../x``) or ``/`` itself means ``base``.
    """
    relative = (path or "").strip("/")
    if not relative or ".." in relative.split("/"):
        return base
    candidate = os.path.join(base, relative)
    return candidate if os.path.isdir(candidate) else base


def _read_v2(root: str) -> CgroupReading:
    join = os.path.join
    limit_text = _read(join(root, "memory.max"))
    memory_limit = int(limit_text) if limit_text and limit_text.isdigit() else None
    stat = _keyed(join(root, "memory.stat"))
    cpu_limit = None
    cpu_max = (_read(join(root, "cpu.max")) or "").split()
    if len(cpu_max) == 2 and cpu_max[0].isdigit() and cpu_max[1].isdigit() and int(cpu_max[1]):
        cpu_limit = int(cpu_max[0]) / int(cpu_max[1])
    usage_usec = _keyed(join(root, "cpu.stat")).get("usage_usec")
    return CgroupReading(
        version=2,
        memory_used=_working_set(_int(join(root, "memory.current")), stat.get("inactive_file")),
        memory_limit=memory_limit,
        cpu_usage_seconds=usage_usec / 1e6 if usage_usec is not None else None,
        cpu_limit=cpu_limit,
        oom_kill=_keyed(join(root, "memory.events")).get("oom_kill"),
    )


def _first_dir(root: str, names: tuple[str, ...]) -> str:
    for name in names:
        path = os.path.join(root, name)
        if os.path.isdir(path):
            return path
    return os.path.join(root, names[0])


def _read_v1(root: str, own: dict[str, str]) -> CgroupReading:
    join = os.path.join
    memory = _own(join(root, "memory"), own.get("memory"))
    cpu = _own(_first_dir(root, ("cpu", "cpu,cpuacct")), own.get("cpu"))
    cpuacct = _own(_first_dir(root, ("cpuacct", "cpu,cpuacct")), own.get("cpuacct"))
    limit = _int(join(memory, "memory.limit_in_bytes"))
    stat = _keyed(join(memory, "memory.stat"))
    quota = _int(join(cpu, "cpu.cfs_quota_us"))
    period = _int(join(cpu, "cpu.cfs_period_us"))
    usage_ns = _int(join(cpuacct, "cpuacct.usage"))
    return CgroupReading(
        version=1,
        memory_used=_working_set(
            _int(join(memory, "memory.usage_in_bytes")), stat.get("total_inactive_file")
        ),
        memory_limit=limit if limit is not None and 0 < limit < NO_LIMIT_V1 else None,
        cpu_usage_seconds=usage_ns / 1e9 if usage_ns is not None else None,
        cpu_limit=quota / period if quota and quota > 0 and period else None,
        oom_kill=_keyed(join(memory, "memory.oom_control")).get("oom_kill"),
    )


def read_cgroup(root: str, proc_cgroup: str | None = None) -> CgroupReading | None:
    """Read the cgroup at ``root``, v2 or v1; ``None`` when neither is there.

    With ``proc_cgroup`` (a ``/proc/PID/cgroup`` file) the process's own cgroup
    below ``root`` is read, controller by controller, where its folder exists.
    """
    own = parse_proc_cgroup(_read(proc_cgroup) or "") if proc_cgroup else {}
    if os.path.exists(os.path.join(root, "memory.current")):
        return _read_v2(_own(root, own.get("")))
    if os.path.exists(os.path.join(root, "memory", "memory.usage_in_bytes")):
        return _read_v1(root, own)
    return None
