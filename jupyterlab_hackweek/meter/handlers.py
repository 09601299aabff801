"""``GET hackweek/api/metrics``: the pod's memory, CPU, kernels, disks and OOM events."""

from __future__ import annotations

from tornado import web

from ..handlers import HackweekHandler
from .kernels import running_kernels


class MetricsHandler(HackweekHandler):
    """Reply with the shared meter's (cached) sample; side-effect free."""

    @web.authenticated
    async def get(self) -> None:
        meter = self.settings["hackweek_meter"]
        app = self.serverapp
        reply = await meter.metrics(
            lambda: running_kernels(app.kernel_manager, getattr(app, "session_manager", None))
        )
        self.set_header("Cache-Control", "no-store")
        self.finish_json(reply)
