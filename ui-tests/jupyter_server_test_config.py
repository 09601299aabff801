"""Server configuration for the browser tests (Galata).

Starts JupyterLab on a fresh temporary folder filled with the suite's fixtures
(shared volume with 100,000 files, a git repository, a fake CMR on loopback),
and a real dask-gateway-server on loopback that the server and its kernels
find through ``DASK_GATEWAY__*`` as on a hub (stopped, with its clusters, when
the server exits, however it exits: ``LocalGateway``).
Never use this configuration in production: Galata turns off the server's
security for testing.
"""

import os
from pathlib import Path
from tempfile import mkdtemp

from jupyterlab.galata import configure_jupyter_server

from jupyterlab_hackweek.tests.fixture_gateway import LocalGateway
from jupyterlab_hackweek.tests.site import configure_site

configure_jupyter_server(c)  # noqa: F821

c.ServerApp.port = int(os.environ.get("HACKWEEK_TEST_PORT", "18888"))  # noqa: F821
# The port Playwright waits on, or fail: moving to the next port would leave the
# tests talking to whatever holds this one
c.ServerApp.port_retries = 0  # noqa: F821
c.ServerApp.allow_root = True  # noqa: F821
root = Path(mkdtemp(prefix="hackweek-ui-"))
configure_site(c, root, n_files=100_000)  # noqa: F821

# About 1 s at start and no CPU while no cluster runs (meter.spec.ts starts two);
# stopped with its clusters when this server exits (one SIGTERM: a second one
# would cut the gateway's clean-up short)
gateway = LocalGateway(root.with_name(root.name + "-dask-gateway")).start()
os.environ.update(gateway.client_env())
c.ResourceMeter.dask_idle_warning = 20  # noqa: F821
c.ResourceMeter.dask_refresh_seconds = 1  # noqa: F821
c.ResourceMeter.home_quota = 10**9  # the meter's home section: use of a 1 GB quota  # noqa: F821
