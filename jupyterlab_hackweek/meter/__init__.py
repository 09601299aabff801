"""The resource meter: ``GET hackweek/api/metrics`` (memory, CPU, kernels, disks, OOM events),
``GET hackweek/api/metrics/home`` (what fills the home and the writable shared roots),
``POST hackweek/api/activity`` ("Keep my server": the idle culler's clock starts again)
and ``hackweek/api/dask/clusters`` (the user's Dask Gateway clusters, scaled or shut down).

Configure with ``c.ResourceMeter.cgroup_root``, ``mem_limit``, ``cpu_limit``,
``cache_seconds``, ``home_dir``, ``shared_dir``, for what fills the home (``GET
hackweek/api/metrics/home``) ``home_quota``, ``home_scan_interval``, ``home_scan_ttl``,
for the idle clock ``cull_idle_timeout``, and for the clusters
``dask_gateway_url``, ``dask_gateway_proxy_address``, ``dask_gateway_public_address``,
``dask_gateway_auth``, ``dask_idle_warning`` and ``dask_refresh_seconds``.
"""

from __future__ import annotations

import os

from ..shared import writable_roots
from .handlers import (
    ActivityHandler,
    DaskClusterHandler,
    DaskClustersHandler,
    HomeUsageHandler,
    MetricsHandler,
)
from .homescan import HomeUsage, ScanRoot
from .probes import volume_quota
from .sampler import ResourceMeter

ROUTES = [
    ("metrics", MetricsHandler),
    ("metrics/home", HomeUsageHandler),
    ("activity", ActivityHandler),
    ("dask/clusters", DaskClustersHandler),
    (r"dask/clusters/([^/]+)", DaskClusterHandler),
]


def setup(server_app) -> None:
    """Create the server's one :class:`ResourceMeter` and :class:`HomeUsage`."""
    meter = ResourceMeter(config=server_app.config)
    server_app.web_app.settings["hackweek_meter"] = meter
    contents = server_app.contents_manager
    server_root = getattr(contents, "root_dir", None) or server_app.root_dir
    home = os.path.abspath(meter.home_dir)
    quota = meter.home_quota or volume_quota(home) or 0
    roots = [ScanRoot("home", "home", home, quota)]
    roots.extend(ScanRoot(name, "shared", path) for name, path in writable_roots(server_app))
    server_app.web_app.settings["hackweek_home_usage"] = HomeUsage(
        roots,
        server_root,
        allow_hidden=bool(getattr(contents, "allow_hidden", False)),
        interval=meter.home_scan_interval,
        ttl=meter.home_scan_ttl,
    )
