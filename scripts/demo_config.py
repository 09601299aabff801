"""JupyterLab configuration for the demo started by scripts/demo.sh: the test site
(``tests/site.py``) built in ``HACKWEEK_DEMO_DIR``, outside this clone."""

import os
from pathlib import Path

from jupyterlab_hackweek.tests.site import configure_site

configure_site(c, Path(os.environ["HACKWEEK_DEMO_DIR"]), n_files=10_000)  # noqa: F821
c.ServerApp.allow_root = os.geteuid() == 0  # noqa: F821
c.ServerApp.open_browser = False  # noqa: F821
