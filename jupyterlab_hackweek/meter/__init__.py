"""The resource meter: ``GET hackweek/api/metrics`` (memory, CPU, kernels, disks, OOM events).

Configure with ``c.ResourceMeter.cgroup_root``, ``mem_limit``, ``cpu_limit``,
``cache_seconds``, ``home_dir`` and ``shared_dir``.
"""

from __future__ import annotations

from .handlers import MetricsHandler
from .sampler import ResourceMeter

ROUTES = [("metrics", MetricsHandler)]


def setup(server_app) -> None:
    """Create the server's one :class:`ResourceMeter` for the metrics handler."""
    server_app.web_app.settings["hackweek_meter"] = ResourceMeter(config=server_app.config)
