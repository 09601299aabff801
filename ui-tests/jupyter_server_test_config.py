"""Server configuration for the browser tests (Galata).

Starts JupyterLab on a fresh temporary folder filled with the suite's fixtures
(shared volume with 100,000 files, a git repository, a fake CMR on loopback).
Never use this configuration in production: Galata turns off the server's
security for testing.
"""

import os
from pathlib import Path
from tempfile import mkdtemp

from jupyterlab.galata import configure_jupyter_server

from jupyterlab_hackweek.tests.site import configure_site

configure_jupyter_server(c)  # noqa: F821

c.ServerApp.port = int(os.environ.get("HACKWEEK_TEST_PORT", "18888"))  # noqa: F821
c.ServerApp.allow_root = True  # noqa: F821
configure_site(c, Path(mkdtemp(prefix="hackweek-ui-")), n_files=100_000)  # noqa: F821
