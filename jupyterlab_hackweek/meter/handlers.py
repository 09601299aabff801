"""``GET hackweek/api/metrics``: the pod's memory, CPU, kernels, disks and OOM events, and
how long the server has been idle; ``POST hackweek/api/activity``: "Keep my server";
``GET hackweek/api/dask/clusters`` and ``POST hackweek/api/dask/clusters/<name>``: the
user's Dask Gateway clusters, scaled or shut down."""

from __future__ import annotations

import time

from tornado import web

from ..errors import Refused
from ..handlers import HackweekHandler
from .gateway import MAX_WORKERS
from .kernels import running_kernels


class MeterReading(HackweekHandler):
    """A route the meter polls: its requests are not the user's activity, so they never
    move jupyter_server's ``last_activity`` (which the hub's idle culler goes by)."""

    _track_activity = False


def activity(handler: HackweekHandler, cull_timeout: float) -> dict:
    """When the server was last active by jupyter_server's rule (API requests, kernels,
    terminals: ``web_app.last_activity()``), the server's clock, and the culler's timeout."""
    return {
        "last": handler.application.last_activity().timestamp(),
        "now": time.time(),
        "cull_timeout": cull_timeout or None,
    }


class MetricsHandler(MeterReading):
    """Reply with the shared meter's (cached) sample and the server's idle clock."""

    @web.authenticated
    async def get(self) -> None:
        meter = self.settings["hackweek_meter"]
        app = self.serverapp
        reply = await meter.metrics(
            lambda: running_kernels(app.kernel_manager, getattr(app, "session_manager", None))
        )
        self.set_header("Cache-Control", "no-store")
        self.finish_json({**reply, "activity": activity(self, meter.cull_idle_timeout)})


class ActivityHandler(HackweekHandler):
    """``POST``: "Keep my server" — the user's own request, counted as activity like any
    other API request; answers the idle clock reset."""

    @web.authenticated
    async def post(self) -> None:
        self.update_api_activity()
        meter = self.settings["hackweek_meter"]
        self.finish_json(activity(self, meter.cull_idle_timeout))


class HomeUsageHandler(MeterReading):
    """What fills the home and the writable shared roots, from the last background scan
    (a request starts the next one when due and never waits for it)."""

    @web.authenticated
    async def get(self) -> None:
        reply = self.settings["hackweek_home_usage"].reply()
        self.set_header("Cache-Control", "no-store")
        self.finish_json(reply)


def no_gateway(idle_warning: float) -> dict:
    """The clusters reply of a server with no gateway configured."""
    return {
        "configured": False,
        "timestamp": None,
        "error": None,
        "idle_warning": idle_warning,
        "clusters": [],
        "notice": None,
    }


class DaskClustersHandler(MeterReading):
    """The user's clusters on the hub's Dask Gateway, from the meter's cache."""

    @web.authenticated
    async def get(self) -> None:
        meter = self.settings["hackweek_meter"]
        clusters = await meter.dask_clusters()
        reply = await clusters.listing() if clusters else no_gateway(meter.dask_idle_warning)
        self.set_header("Cache-Control", "no-store")
        self.finish_json(reply)


class DaskClusterHandler(HackweekHandler):
    """``POST {"action": "shutdown"}`` or ``{"action": "scale", "workers": n}``; answers
    the fresh listing (with the gateway's ``notice`` when it scaled to fewer)."""

    @web.authenticated
    async def post(self, name: str) -> None:
        meter = self.settings["hackweek_meter"]
        clusters = await meter.dask_clusters()
        if clusters is None:
            raise Refused(404, "No Dask Gateway is configured for this server.")
        body = self.json_body()
        action = body.get("action")
        if action == "shutdown":
            reply = await clusters.shutdown(name)
        elif action == "scale":
            workers = body.get("workers")
            if type(workers) is not int or not 0 <= workers <= MAX_WORKERS:
                raise Refused(
                    400, f"The number of workers must be a whole number from 0 to {MAX_WORKERS}."
                )
            reply = await clusters.scale(name, workers)
        else:
            raise Refused(400, 'The action must be "shutdown" or "scale".')
        self.finish_json(reply)
