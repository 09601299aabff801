"""A complete hub-like site on loopback, for the browser tests and the demo.

``configure_site(c, root, n_files)`` fills ``root`` (the server's root folder)
with the fixtures every feature needs, starts the loopback fakes in the server's
own process, and points the suite's traitlets at them:

- ``shared-volume/``: the real ATL06 sample, a README and ``many/`` with
  ``n_files`` files (``fixture_shared.make_shared_volume``), served as the
  read-only root "shared" and the writable root "shared-readwrite";
- ``binder-demo/``: a git repository holding a notebook with one commit not
  pushed (``fixture_repos.make_binder_demo``);
- a fake CMR serving real recorded responses (``fake_cmr.FakeCmr``).
"""

from __future__ import annotations

from pathlib import Path

from .fake_cmr import FakeCmr
from .fixture_repos import make_binder_demo
from .fixture_shared import make_shared_volume


def configure_site(c, root: Path, n_files: int) -> None:
    """Create the fixtures under ``root`` and configure the server ``c`` to use them."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    volume = make_shared_volume(root / "shared-volume", n_files)
    make_binder_demo(root)
    cmr = FakeCmr().start()

    c.ServerApp.root_dir = str(root)
    c.SharedData.roots = [
        {"name": "shared", "path": str(volume), "writable": False},
        {"name": "shared-readwrite", "path": str(volume), "writable": True},
    ]
    c.NsidcSearch.cmr_url = cmr.url
