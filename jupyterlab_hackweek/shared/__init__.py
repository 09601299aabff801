"""Shared-dataset browser: roots, paged listings, HDF5/Zarr previews, copy and publish."""

from __future__ import annotations

from .config import SharedData, build_roots
from .handlers import ROUTES
from .service import SharedService

__all__ = ["ROUTES", "SharedData", "SharedService", "setup", "writable_roots"]


def setup(server_app) -> None:
    """Build the service from ``c.SharedData`` and store it for the handlers."""
    config = SharedData(config=server_app.config)
    contents = server_app.contents_manager
    root_dir = getattr(contents, "root_dir", None) or server_app.root_dir
    server_app.web_app.settings["hackweek_shared"] = SharedService(
        config, root_dir, allow_hidden=bool(getattr(contents, "allow_hidden", False))
    )


def writable_roots(server_app) -> list[tuple[str, str]]:
    """Published for other features (the meter's home scan): the writable shared roots
    of ``c.SharedData`` as ``(name, absolute path)``."""
    contents = server_app.contents_manager
    root_dir = getattr(contents, "root_dir", None) or server_app.root_dir
    roots = build_roots(SharedData(config=server_app.config).roots, root_dir)
    return [(root.name, root.path) for root in roots if root.writable]
