"""Granule downloads with Earthdata Login: a server-side, resumable, verified queue."""

from __future__ import annotations

import os

from tornado.ioloop import IOLoop

from .config import Downloads, Harmony
from .handlers import ROUTES
from .manager import DownloadManager

__all__ = ["ROUTES", "DownloadManager", "Downloads", "Harmony", "setup"]


def setup(server_app) -> None:
    """Build the manager from ``c.Downloads`` and resume unfinished downloads."""
    config = Downloads(config=server_app.config)
    root_dir = getattr(server_app.contents_manager, "root_dir", None) or server_app.root_dir
    contents = server_app.contents_manager
    manager = DownloadManager(
        config,
        os.path.expanduser("~"),
        root_dir,
        allow_hidden=bool(getattr(contents, "allow_hidden", False)),
        harmony=Harmony(config=server_app.config),
    )
    server_app.web_app.settings["hackweek_downloads"] = manager
    IOLoop.current().add_callback(manager.start)
