"""Routes of the granule downloader, below ``hackweek/api/downloads``.

Thin: each handler calls the ``DownloadManager`` stored in
``settings["hackweek_downloads"]``, which checks the input; its refusals
(``DownloadRefused``) are answered by the base handler.
"""

from __future__ import annotations

from tornado import web

from ..handlers import HackweekHandler
from .manager import DownloadManager

ID_PATTERN = r"(?P<download_id>[^/]+)"


class DownloadsHandler(HackweekHandler):
    """Base: the manager."""

    @property
    def manager(self) -> DownloadManager:
        return self.settings["hackweek_downloads"]


class ListHandler(DownloadsHandler):
    """GET: every download and its progress. POST: start a download."""

    @web.authenticated
    async def get(self) -> None:
        self.finish_json(self.manager.list())

    @web.authenticated
    async def post(self) -> None:
        self.finish_json(await self.manager.create(self.json_body()), 201)


class DownloadHandler(DownloadsHandler):
    """GET: one download. POST ``{"action": "cancel" | "retry"}``: that action, answered
    with the download. DELETE: take it off the list (cancelling it first if it still
    runs), answered ``{"id", "cleared": true}``."""

    @web.authenticated
    async def get(self, download_id: str) -> None:
        self.finish_json(self.manager.get(download_id))

    @web.authenticated
    async def post(self, download_id: str) -> None:
        self.finish_json(await self.manager.act(download_id, self.json_body()))

    @web.authenticated
    async def delete(self, download_id: str) -> None:
        self.finish_json(await self.manager.clear(download_id))


class LoginHandler(DownloadsHandler):
    """GET: whether an Earthdata credential is configured (never the credential).

    POST ``{username, password}``: store it in the server's ``.netrc``.
    """

    @web.authenticated
    async def get(self) -> None:
        self.finish_json(await self.manager.login_status())

    @web.authenticated
    async def post(self) -> None:
        self.finish_json(await self.manager.save_login(self.json_body()))


class OrdersHandler(DownloadsHandler):
    """POST ``{short_name, version, collection_id, granules, bbox | polygon, start, end,
    destination}``: a Harmony subset order, answered like a download (201)."""

    @web.authenticated
    async def post(self) -> None:
        self.finish_json(await self.manager.order(self.json_body()), 201)


class CapabilitiesHandler(DownloadsHandler):
    """GET ``?collection_id=C…``: what Harmony can cut that collection to."""

    @web.authenticated
    async def get(self) -> None:
        collection_id = self.get_query_argument("collection_id", "")
        self.finish_json(await self.manager.capabilities(collection_id))


# The named routes must come before the id pattern: Tornado tries rules in order.
ROUTES = [
    ("downloads", ListHandler),
    ("downloads/login", LoginHandler),
    ("downloads/orders", OrdersHandler),
    ("downloads/capabilities", CapabilitiesHandler),
    (f"downloads/{ID_PATTERN}", DownloadHandler),
]
