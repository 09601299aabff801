"""Data viewer: h5grove's API and min/max profiles for HDF5/NetCDF-4 files in the
shared roots and the user's home, read through the guarded walk."""

from __future__ import annotations

from .config import DataViewer
from .handlers import ROUTES
from .service import ViewerService

__all__ = ["ROUTES", "DataViewer", "ViewerService", "setup"]


def setup(server_app) -> None:
    """Build the service from ``c.DataViewer``, over the shared feature's service (its
    published ``open_hdf5``), and store it for the handlers."""
    settings = server_app.web_app.settings
    settings["hackweek_viewer"] = ViewerService(
        DataViewer(config=server_app.config), settings["hackweek_shared"]
    )
