"""Server configuration for the browser tests (Galata).

Starts JupyterLab on a fresh temporary folder populated with the suite's test
fixtures. Never use this configuration in production: Galata turns off the
server's security for testing.
"""

import os

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821

c.ServerApp.port = int(os.environ.get("HACKWEEK_TEST_PORT", "8888"))  # noqa: F821
c.ServerApp.allow_root = True  # noqa: F821
