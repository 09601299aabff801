"""The user's Dask Gateway clusters for the resource meter.

The hub names its gateway to the user's server the way it names it to the
``dask-gateway`` client in notebooks: ``DASK_GATEWAY__ADDRESS``,
``DASK_GATEWAY__PROXY_ADDRESS``, ``DASK_GATEWAY__AUTH__TYPE`` (``jupyterhub``
sends ``$JUPYTERHUB_API_TOKEN``), or the dask config files; the
``ResourceMeter.dask_gateway_*`` traitlets override them. With no address, or
without the client library, there is no gateway and nothing is asked.

:class:`GatewayClusters` lists the clusters with the client library's
asynchronous API in an event loop of its own, in a worker thread, never on the
server's loop. One listing answers every request until it is
``refresh_seconds`` old; then the next request starts a refresh in the
background and is answered from the cache meanwhile (only the very first
request waits for a listing). For each running cluster the scheduler is asked,
over the gateway's TLS proxy with the cluster's own credentials, for its
workers (``identity``), since when it has run no task (``check_idle``) and which
clients connected and left (its ``all`` events). The cluster's TLS key stays in
the worker thread: replies carry only the fields listed in :func:`cluster_row`.
"""

from __future__ import annotations

import asyncio
import re
import time
import warnings
from dataclasses import dataclass
from typing import Any

from ..errors import Refused

#: A cluster with workers idle (no task) longer than the meter's ``dask_idle_warning``.
IDLE = "idle"
#: A cluster whose clients (the notebook that used it) have all disconnected.
ORPHANED = "orphaned"

#: Cluster names as dask-gateway makes them (hex), with room for other backends' ids.
CLUSTER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}\Z")
#: The most workers the panel asks for (the gateway may allow fewer and says so).
MAX_WORKERS = 1000
#: Seconds one listing (or one action) may take before the gateway counts as unreachable.
GATEWAY_TIMEOUT = 20.0


class GatewayRefused(Refused):
    """The gateway said no, or could not be reached, for a cluster action."""


class GatewayUnreachable(OSError):
    """The gateway or a scheduler did not answer, or answered with an HTTP error."""


@dataclass(frozen=True)
class GatewaySettings:
    """The gateway as the admin named it; empty fields fall back to the dask config."""

    address: str = ""
    proxy_address: str = ""
    public_address: str = ""
    auth: str = ""


def resolve_address(settings: GatewaySettings) -> str | None:
    """The gateway's address from the settings or the dask config (blocking: imports dask)."""
    try:
        import dask.config
        from dask_gateway.utils import format_template
    except ImportError:
        return None
    address = settings.address or format_template(dask.config.get("gateway.address", None))
    return address or None


def connected_clients(events: list) -> tuple[int, bool, float | None]:
    """From a scheduler's ``all`` events: clients connected now, whether any ever
    connected, and when the last one left (``None`` while one is connected)."""
    clients: set[str] = set()
    ever = False
    left: float | None = None
    for timestamp, message in events:
        action = message.get("action") if isinstance(message, dict) else None
        if action == "add-client":
            clients.add(message.get("client"))
            ever = True
        elif action == "remove-client":
            clients.discard(message.get("client"))
            left = timestamp
    return len(clients), ever, (None if clients else left)


def cluster_row(report: Any, probe: dict | None, now: float, idle_warning: float) -> dict[str, Any]:
    """One cluster of the reply: what the panel shows, and no credential."""
    status = report.status.name.lower()
    workers: list[dict[str, Any]] = []
    idle_since = clients = client_left = None
    warnings_: list[str] = []
    if probe is not None:
        for address, worker in sorted(probe["identity"].get("workers", {}).items()):
            workers.append(
                {
                    "name": str(worker.get("name") or address),
                    "cores": worker.get("nthreads") or 0,
                    "memory_used": (worker.get("metrics") or {}).get("memory"),
                    "memory_limit": worker.get("memory_limit") or 0,
                }
            )
        idle_since = probe["idle_since"]
        clients, ever, client_left = connected_clients(probe["events"])
        # with no worker it costs only its scheduler: scaling to 0 is what the warning asks for
        if workers and idle_since is not None and now - idle_since >= idle_warning:
            warnings_.append(IDLE)
        if ever and clients == 0:
            warnings_.append(ORPHANED)
    return {
        "name": report.name,
        "status": status,
        "started": report.start_time.timestamp(),
        "dashboard": report.dashboard_link,
        "workers": workers,
        "cores": sum(worker["cores"] for worker in workers),
        "memory_used": sum(worker["memory_used"] or 0 for worker in workers),
        "memory_limit": sum(worker["memory_limit"] for worker in workers),
        "idle_since": idle_since,
        "clients": clients,
        "client_left": client_left,
        "warnings": warnings_,
    }


class GatewayClusters:
    """The cached listing of one user's clusters on one gateway, and the actions on them."""

    def __init__(
        self, settings: GatewaySettings, idle_warning: float, refresh_seconds: float
    ) -> None:
        self.settings = settings
        self.idle_warning = idle_warning
        self.refresh_seconds = refresh_seconds
        self._cache: dict[str, Any] | None = None
        self._taken = 0.0
        self._refreshing: asyncio.Task | None = None

    async def listing(self) -> dict[str, Any]:
        """The cached listing; a stale one starts a refresh in the background."""
        if self._cache is None:
            await self._refresh()
        elif time.monotonic() - self._taken >= self.refresh_seconds:
            self._start_refresh()
        assert self._cache is not None
        return self._cache

    async def scale(self, name: str, workers: int) -> dict[str, Any]:
        """Ask the gateway for ``workers`` workers; the reply is a fresh listing."""
        notices = await self._act(name, "scale", workers)
        reply = await self._refresh()
        return {**reply, "notice": " ".join(notices) or None}

    async def shutdown(self, name: str) -> dict[str, Any]:
        """Stop a cluster (its scheduler and workers); the reply is a fresh listing."""
        await self._act(name, "shutdown", None)
        return await self._refresh()

    def _start_refresh(self) -> asyncio.Task:
        if self._refreshing is None or self._refreshing.done():
            self._refreshing = asyncio.ensure_future(self._take())
        return self._refreshing

    async def _refresh(self) -> dict[str, Any]:
        # a refresh under way may have listed before an action: wait for it, then list again
        running = self._refreshing
        if running is not None and not running.done():
            await asyncio.shield(running)
        return await asyncio.shield(self._start_refresh())

    async def _take(self) -> dict[str, Any]:
        taken = time.monotonic()
        try:
            clusters = await asyncio.to_thread(self._run, self._list())
            error = None
        except (TimeoutError, OSError) as exc:
            clusters = self._cache["clusters"] if self._cache else []
            where = self.settings.address
            error = f"Could not list your clusters on the Dask Gateway at {where}: {exc}"
        self._cache = {
            "configured": True,
            "timestamp": time.time(),
            "error": error,
            "idle_warning": self.idle_warning,
            "clusters": clusters,
            "notice": None,
        }
        self._taken = taken
        return self._cache

    def _run(self, coroutine) -> Any:
        """Run one conversation with the gateway in this thread's own event loop."""
        import aiohttp

        try:
            return asyncio.run(asyncio.wait_for(coroutine, GATEWAY_TIMEOUT))
        except aiohttp.ClientError as exc:
            raise GatewayUnreachable(str(exc) or type(exc).__name__) from exc

    def _gateway(self):
        from dask_gateway import Gateway

        s = self.settings
        return Gateway(
            address=s.address or None,
            proxy_address=s.proxy_address or None,
            public_address=s.public_address or None,
            auth=s.auth or None,
            asynchronous=True,
        )

    async def _list(self) -> list[dict[str, Any]]:
        async with self._gateway() as gateway:
            reports = await gateway.list_clusters()
        probes = await asyncio.gather(*(_probe(report) for report in reports))
        now = time.time()
        rows = [
            cluster_row(report, probe, now, self.idle_warning)
            for report, probe in zip(reports, probes, strict=True)
        ]
        rows.sort(key=lambda row: row["started"])
        return rows

    async def _act(self, name: str, action: str, workers: int | None) -> list[str]:
        if not CLUSTER_NAME.match(name):
            raise GatewayRefused(400, "That is not the name of a Dask cluster.")
        try:
            return await asyncio.to_thread(self._run, self._act_async(name, action, workers))
        except ValueError as exc:  # the gateway's 404 and 422
            raise GatewayRefused(404, f"No cluster {name} on the Dask Gateway: {exc}") from exc
        except (TimeoutError, OSError) as exc:
            raise GatewayRefused(
                502, f"The Dask Gateway at {self.settings.address} did not answer: {exc}"
            ) from exc

    async def _act_async(self, name: str, action: str, workers: int | None) -> list[str]:
        from aiohttp import ClientResponseError
        from dask_gateway import GatewayClusterError, GatewayWarning

        async with self._gateway() as gateway:
            try:
                if action == "shutdown":
                    await gateway.stop_cluster(name)
                    return []
                # the gateway answers a count above the user's limit with a warning
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always", GatewayWarning)
                    await gateway.scale_cluster(name, workers)
                return [str(w.message) for w in caught if issubclass(w.category, GatewayWarning)]
            except GatewayClusterError as exc:
                raise GatewayRefused(409, f"The cluster {name} cannot do that now: {exc}") from exc
            except ClientResponseError as exc:
                if exc.status in (401, 403):
                    raise GatewayRefused(
                        403, f"The Dask Gateway does not let you change the cluster {name}."
                    ) from exc
                raise


async def _probe(report: Any) -> dict[str, Any] | None:
    """Ask a running cluster's scheduler about its workers, idleness and clients."""
    from distributed.core import rpc

    if report.scheduler_address is None or report.security is None:
        return None
    scheduler = rpc(
        report.scheduler_address,
        connection_args=report.security.get_connection_args("client"),
        timeout=10,
    )
    try:
        return {
            "identity": await scheduler.identity(),
            "idle_since": await scheduler.check_idle(),
            "events": await scheduler.events(topic="all"),
        }
    except (TimeoutError, OSError):
        return None  # starting or stopping: listed without its workers
    finally:
        await scheduler.close_rpc()
