"""Shared-dataset browser: roots, paged listings, HDF5/Zarr previews, copy and publish."""

from __future__ import annotations

from .config import SharedData
from .handlers import ROUTES
from .service import SharedService

__all__ = ["ROUTES", "SharedData", "SharedService", "setup"]


def setup(server_app) -> None:
    """Build the service from ``c.SharedData`` and store it for the handlers."""
    config = SharedData(config=server_app.config)
    contents = server_app.contents_manager
    root_dir = getattr(contents, "root_dir", None) or server_app.root_dir
    server_app.web_app.settings["hackweek_shared"] = SharedService(
        config, root_dir, allow_hidden=bool(getattr(contents, "allow_hidden", False))
    )
