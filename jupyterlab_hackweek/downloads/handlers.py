"""Routes of the granule downloader, below ``hackweek/api/downloads``.

Thin: each handler checks its input and calls the ``DownloadManager`` stored in
``settings["hackweek_downloads"]``; refusals become JSON errors.
"""

from __future__ import annotations

import asyncio

from tornado import web

from ..handlers import HackweekHandler
from .credentials import store_netrc
from .manager import DownloadManager

ID_PATTERN = r"(?P<download_id>[^/]+)"


class DownloadsHandler(HackweekHandler):
    """Base: the manager, and refusals turned into JSON errors."""

    @property
    def manager(self) -> DownloadManager:
        return self.settings["hackweek_downloads"]

    async def reply(self, call, status: int = 200) -> None:
        self.finish_json(await call, status)


class ListHandler(DownloadsHandler):
    """GET: every download and its progress. POST: start a download."""

    @web.authenticated
    async def get(self) -> None:
        self.finish_json(self.manager.list())

    @web.authenticated
    async def post(self) -> None:
        await self.reply(self.manager.create(self.json_body()), 201)


class DownloadHandler(DownloadsHandler):
    """GET: one download. DELETE: cancel it (or clear it once finished). POST: retry."""

    @web.authenticated
    async def get(self, download_id: str) -> None:
        await self.reply(_ready(self.manager.get, download_id))

    @web.authenticated
    async def delete(self, download_id: str) -> None:
        await self.reply(self.manager.cancel(download_id))

    @web.authenticated
    async def post(self, download_id: str) -> None:
        action = self.json_body().get("action")
        if action != "retry":
            raise web.HTTPError(400, 'The only action is {"action": "retry"}.')
        await self.reply(self.manager.retry(download_id))


class LoginHandler(DownloadsHandler):
    """GET: whether an Earthdata credential is configured (never the credential).

    POST ``{username, password}``: store it in the server's ``.netrc``.
    """

    @web.authenticated
    async def get(self) -> None:
        credential = await asyncio.to_thread(self.manager.credential)
        reply = credential.public() if credential else {"configured": False}
        reply["login_url"] = self.manager.context.login_url
        self.finish_json(reply)

    @web.authenticated
    async def post(self) -> None:
        body = self.json_body()
        username, password = body.get("username"), body.get("password")
        if not isinstance(username, str) or not isinstance(password, str):
            raise web.HTTPError(400, "Send your Earthdata 'username' and 'password' as text.")
        if not username.strip() or not password:
            raise web.HTTPError(400, "The Earthdata user name and password are both required.")
        manager = self.manager
        try:
            await asyncio.to_thread(
                store_netrc,
                manager.netrc_path,
                manager.context.login.host,
                username.strip(),
                password,
            )
        except ValueError as error:
            raise web.HTTPError(400, str(error)) from None
        except OSError as error:
            raise web.HTTPError(
                500, f"Your credentials could not be saved: {error.strerror or 'error'}."
            ) from None
        manager.login_saved()  # old sessions end; files that wanted a login start again
        credential = await asyncio.to_thread(manager.credential)
        reply = credential.public() if credential else {"configured": False}
        reply["login_url"] = manager.context.login_url
        self.finish_json(reply)


async def _ready(function, *args):
    return function(*args)


# "downloads/login" must come before the id pattern: Tornado tries rules in order.
ROUTES = [
    ("downloads", ListHandler),
    ("downloads/login", LoginHandler),
    (f"downloads/{ID_PATTERN}", DownloadHandler),
]
