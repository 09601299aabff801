"""JupyterLab configuration for the demo started by scripts/demo.sh."""

import os
from pathlib import Path

from jupyterlab_hackweek.tests.site import configure_site

here = Path(__file__).resolve().parent
configure_site(c, here.parent / "demo", n_files=10_000)  # noqa: F821
c.ServerApp.allow_root = os.geteuid() == 0  # noqa: F821
c.ServerApp.open_browser = False  # noqa: F821
