"""NSIDC data search: CMR collection and granule routes.

``ROUTES`` go below ``hackweek/api/``; ``setup`` builds the configured
:class:`~.service.NsidcSearch` (``c.NsidcSearch.cmr_url`` etc.).
"""

from __future__ import annotations

from .handlers import CollectionsHandler, GranulesHandler
from .service import NsidcSearch

ROUTES = [("cmr/collections", CollectionsHandler), ("cmr/granules", GranulesHandler)]


def setup(server_app) -> None:
    """Store the configured search service for the handlers."""
    server_app.web_app.settings["hackweek_nsidc"] = NsidcSearch(
        config=server_app.config, parent=server_app
    )
