"""The resource meter: ``GET hackweek/api/metrics`` (memory, CPU, kernels, disks, OOM events)
and ``hackweek/api/dask/clusters`` (the user's Dask Gateway clusters, scaled or shut down).

Configure with ``c.ResourceMeter.cgroup_root``, ``mem_limit``, ``cpu_limit``,
``cache_seconds``, ``home_dir``, ``shared_dir``, and for the clusters
``dask_gateway_url``, ``dask_gateway_proxy_address``, ``dask_gateway_public_address``,
``dask_gateway_auth``, ``dask_idle_warning`` and ``dask_refresh_seconds``.
"""

from __future__ import annotations

from .handlers import DaskClusterHandler, DaskClustersHandler, MetricsHandler
from .sampler import ResourceMeter

ROUTES = [
    ("metrics", MetricsHandler),
    ("dask/clusters", DaskClustersHandler),
    (r"dask/clusters/([^/]+)", DaskClusterHandler),
]


def setup(server_app) -> None:
    """Create the server's one :class:`ResourceMeter` for the metrics handler."""
    server_app.web_app.settings["hackweek_meter"] = ResourceMeter(config=server_app.config)
