"""The resource meter: one sampler shared by every open tab.

:class:`ResourceMeter` turns cgroup files, psutil and ``statvfs`` into the JSON
reply of ``GET hackweek/api/metrics``. Sampling is blocking, so
:meth:`ResourceMeter.metrics` runs it in a worker thread and caches the reply
for ``cache_seconds``: any number of tabs polling costs one sample per period.

CPU is a share of the CPU limit (not of one core), from usage deltas between
two samples; memory is the cgroup working set. An OOM event is a rise of the
cgroup's ``oom_kill`` counter since the previous sample, reported with the
kernels that died or vanished meanwhile.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any

from traitlets import Float, Int, Unicode, default
from traitlets.config import Configurable

from .cgroup import read_cgroup
from .gateway import GatewayClusters, GatewaySettings, resolve_address
from .probes import disk_usage, host_reading, process_trees_usage

#: Where cgroups are mounted in a pod or on a Linux host.
DEFAULT_CGROUP_ROOT = "/sys/fs/cgroup"

#: How many OOM events the reply keeps (newest last).
MAX_OOM_EVENTS = 20


@dataclass(frozen=True)
class KernelInfo:
    """A running kernel as the sampler needs it: no command line, no environment."""

    id: str
    pid: int | None
    path: str | None = None
    type: str | None = None
    name: str | None = None


def _env_number(name: str, kind: type) -> Any:
    try:
        value = kind(os.environ.get(name, "0") or 0)
    except ValueError:
        return kind(0)
    return value if value > 0 else kind(0)


def _tightest(*candidates: tuple[float | None, str]) -> tuple[float | None, str | None]:
    known = [(value, source) for value, source in candidates if value]
    return min(known, key=lambda item: item[0]) if known else (None, None)


class ResourceMeter(Configurable):
    """Samples the pod's memory, CPU, kernels and disks for the resource meter."""

    cgroup_root = Unicode(
        help="The folder holding the server's cgroup files "
        "(v2 at its top, v1 in memory/, cpu/, cpuacct/). Defaults to /sys/fs/cgroup; "
        "left at its default, the server's own cgroup below it is read (named in "
        "proc_cgroup_file), as a host without cgroup namespaces shows the whole machine there.",
    ).tag(config=True)

    proc_cgroup_file = Unicode(
        "/proc/self/cgroup",
        help="The file naming the server process's own cgroups; read only while "
        "cgroup_root is left at its default.",
    ).tag(config=True)

    mem_limit = Int(
        help="Memory limit in bytes, 0 for none. Defaults to $MEM_LIMIT (set by KubeSpawner). "
        "The tighter of this and the cgroup limit is shown.",
    ).tag(config=True)

    cpu_limit = Float(
        help="CPU limit in cores, 0 for none. Defaults to $CPU_LIMIT (set by KubeSpawner). "
        "The tighter of this and the cgroup quota is used.",
    ).tag(config=True)

    cache_seconds = Float(
        1.5, help="How long one sample answers every tab before a new one is taken."
    ).tag(config=True)

    home_dir = Unicode(help="The home folder whose disk use is shown. Defaults to ~.").tag(
        config=True
    )

    shared_dir = Unicode(
        help="The shared data volume whose disk use is shown (skipped if missing). "
        "Defaults to ~/shared."
    ).tag(config=True)

    home_quota = Int(
        0,
        help="The user's quota on the home folder in bytes (e.g. 10 GB on a hub whose home "
        "volumes have one); 0: what the file system reports (the home's own volume, or a "
        "project quota), else none. The meter shows the home's use as a share of it and "
        "warns at 80% and 95%.",
    ).tag(config=True)

    home_scan_interval = Float(
        60.0,
        help="Seconds between two background scans of what fills the home (and the writable "
        "shared roots); a scan reads again only the folders whose mtime changed.",
    ).tag(config=True)

    home_scan_ttl = Float(
        600.0,
        help="Seconds after which a folder is read again even with an unchanged mtime (a file "
        "growing in place does not change its folder's mtime).",
    ).tag(config=True)

    cull_idle_timeout = Float(
        0.0,
        help="Seconds of inactivity after which the hub's idle culler stops the server "
        "(z2jh's cull.timeout), 0 when none culls it. The meter then shows how long the server "
        "has been idle by jupyter_server's last_activity and warns ten minutes before.",
    ).tag(config=True)

    dask_gateway_url = Unicode(
        help="The Dask Gateway whose clusters (the user's own) the meter lists. Defaults to the "
        "dask config's gateway.address, i.e. $DASK_GATEWAY__ADDRESS as a hub sets it; with "
        "neither, or without the dask-gateway package, no clusters are listed.",
    ).tag(config=True)

    dask_gateway_proxy_address = Unicode(
        help="The gateway's scheduler proxy (gateway://host:port or a port). Defaults to the "
        "dask config's gateway.proxy-address ($DASK_GATEWAY__PROXY_ADDRESS).",
    ).tag(config=True)

    dask_gateway_public_address = Unicode(
        help="The gateway as browsers reach it, for dashboard links. Defaults to the dask "
        "config's gateway.public-address ($DASK_GATEWAY__PUBLIC_ADDRESS), else the address.",
    ).tag(config=True)

    dask_gateway_auth = Unicode(
        help="How the server logs in to the gateway: jupyterhub (sends $JUPYTERHUB_API_TOKEN), "
        "basic, kerberos or a GatewayAuth class's dotted name; its arguments come from the "
        "dask config's gateway.auth.kwargs. Defaults to gateway.auth.type "
        "($DASK_GATEWAY__AUTH__TYPE).",
    ).tag(config=True)

    dask_idle_warning = Float(
        1800.0,
        help="Seconds a Dask cluster may run no task before the meter warns that it is idle.",
    ).tag(config=True)

    dask_refresh_seconds = Float(
        5.0,
        help="How old the cached cluster listing may be before a request starts a new one "
        "in the background (and is answered from the cache meanwhile).",
    ).tag(config=True)

    @default("cgroup_root")
    def _default_cgroup_root(self) -> str:
        return DEFAULT_CGROUP_ROOT

    @default("mem_limit")
    def _default_mem_limit(self) -> int:
        return _env_number("MEM_LIMIT", int)

    @default("cpu_limit")
    def _default_cpu_limit(self) -> float:
        return _env_number("CPU_LIMIT", float)

    @default("home_dir")
    def _default_home_dir(self) -> str:
        return os.path.expanduser("~")

    @default("shared_dir")
    def _default_shared_dir(self) -> str:
        return os.path.join(os.path.expanduser("~"), "shared")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        #: Follow /proc/self/cgroup only below the default root, not below a folder an admin chose.
        self._own_cgroup = not self.trait_has_value("cgroup_root")
        self._previous: tuple[float, float | None, int | None] | None = None
        self._kernels: dict[str, tuple[int | None, float, KernelInfo]] = {}
        self._oom_events: deque[dict[str, Any]] = deque(maxlen=MAX_OOM_EVENTS)
        self._lock: asyncio.Lock | None = None
        self._cache: tuple[float, dict[str, Any]] | None = None
        self._gateway: asyncio.Task | None = None

    async def metrics(self, list_kernels: Callable[[], Awaitable[list[KernelInfo]]]) -> dict:
        """The current reply, sampled off the event loop at most once per ``cache_seconds``."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if self._cache and time.monotonic() - self._cache[0] < self.cache_seconds:
                return self._cache[1]
            kernels = await list_kernels()
            reply = await asyncio.to_thread(self.sample, kernels)
            self._cache = (time.monotonic(), reply)
            return reply

    async def dask_clusters(self) -> GatewayClusters | None:
        """The user's clusters on the configured gateway, or ``None`` without one."""
        if self._gateway is None:
            self._gateway = asyncio.ensure_future(self._find_gateway())
        return await asyncio.shield(self._gateway)

    async def _find_gateway(self) -> GatewayClusters | None:
        settings = GatewaySettings(
            address=self.dask_gateway_url,
            proxy_address=self.dask_gateway_proxy_address,
            public_address=self.dask_gateway_public_address,
            auth=self.dask_gateway_auth,
        )
        address = await asyncio.to_thread(resolve_address, settings)
        if address is None:
            return None
        return GatewayClusters(
            replace(settings, address=address), self.dask_idle_warning, self.dask_refresh_seconds
        )

    def sample(self, kernels: list[KernelInfo], now: float | None = None) -> dict[str, Any]:
        """Take one sample (blocking) and return the reply of ``GET hackweek/api/metrics``."""
        now = time.time() if now is None else now
        reading = read_cgroup(self.cgroup_root, self.proc_cgroup_file if self._own_cgroup else None)
        host = host_reading()
        if reading is not None and reading.memory_used is not None:
            source = f"cgroup-v{reading.version}"
            memory_used = reading.memory_used
            cpu_seconds = reading.cpu_usage_seconds
        else:
            source, memory_used, cpu_seconds = "host", host.memory_used, host.cpu_seconds
        memory_limit, memory_source = _tightest(
            (reading.memory_limit if reading else None, "cgroup"), (self.mem_limit, "config")
        )
        if memory_limit is None:
            memory_limit, memory_source = host.memory_total, "host"
        cpu_limit, cpu_source = _tightest(
            (reading.cpu_limit if reading else None, "cgroup"), (self.cpu_limit, "config")
        )
        if cpu_limit is None:
            cpu_limit, cpu_source = host.cpu_count, "host"
        oom_kill = reading.oom_kill if reading else None

        previous = self._previous
        elapsed = now - previous[0] if previous else 0.0
        cpu_percent = None
        if previous and elapsed > 0 and cpu_seconds is not None and previous[1] is not None:
            cpu_percent = max(cpu_seconds - previous[1], 0.0) / elapsed / cpu_limit * 100

        kernel_rows, lost = self._sample_kernels(kernels, elapsed, cpu_limit)
        if previous and oom_kill is not None and previous[2] is not None and oom_kill > previous[2]:
            self._oom_events.append(
                {
                    "timestamp": now,
                    "counter": oom_kill,
                    "kills": oom_kill - previous[2],
                    "limit": memory_limit,
                    "kernels": [{"id": k.id, "path": k.path, "name": k.name} for k in lost],
                }
            )
        self._previous = (now, cpu_seconds, oom_kill)
        return {
            "timestamp": now,
            "source": source,
            "memory": {"used": memory_used, "limit": memory_limit, "limit_source": memory_source},
            "cpu": {"percent": cpu_percent, "limit": cpu_limit, "limit_source": cpu_source},
            "kernels": kernel_rows,
            "disks": self._disks(),
            "oom_kill": oom_kill,
            "oom_events": list(self._oom_events),
        }

    def _sample_kernels(
        self, kernels: list[KernelInfo], elapsed: float, cpu_limit: float
    ) -> tuple[list[dict[str, Any]], list[KernelInfo]]:
        """Rows for the live kernels, and the kernels of the previous sample now dead or gone."""
        rows: list[dict[str, Any]] = []
        current: dict[str, tuple[int | None, float, KernelInfo]] = {}
        dead: list[KernelInfo] = []
        trees = process_trees_usage([kernel.pid for kernel in kernels if kernel.pid])
        for kernel in kernels:
            usage = trees.get(kernel.pid) if kernel.pid else None
            if usage is not None and not usage.alive:
                dead.append(kernel)
                continue
            before = self._kernels.get(kernel.id)
            cpu_percent = None
            if usage is not None and before and before[0] == kernel.pid and elapsed > 0:
                cpu_percent = max(usage.cpu_seconds - before[1], 0.0) / elapsed / cpu_limit * 100
            current[kernel.id] = (kernel.pid, usage.cpu_seconds if usage else 0.0, kernel)
            rows.append(
                {
                    "id": kernel.id,
                    "name": kernel.name,
                    "path": kernel.path,
                    "type": kernel.type,
                    "memory": usage.memory if usage else None,
                    "memory_kind": usage.memory_kind if usage else None,
                    "cpu_percent": cpu_percent,
                }
            )
        for kernel_id, (pid, _cpu, info) in self._kernels.items():
            now_info = current.get(kernel_id)
            if now_info is None or now_info[0] != pid:
                dead.append(info)
        self._kernels = current
        rows.sort(key=lambda row: row["memory"] or 0, reverse=True)
        unique = {kernel.id: kernel for kernel in dead}
        return rows, list(unique.values())

    def _disks(self) -> list[dict[str, Any]]:
        disks = []
        for name, path in (("home", self.home_dir), ("shared", self.shared_dir)):
            usage = disk_usage(path) if path else None
            if usage is not None:
                disks.append({"name": name, "path": path, **usage})
        return disks
