"""Routes of the shared-data browser, below ``hackweek/api/shared/``.

Thin: each handler validates the query/body and runs the service method in a
thread; refusals (``Refused``: bad input, file-system errors, a 409 with
``suggested``...) are answered by the base handler.
"""

from __future__ import annotations

import asyncio
import json

from tornado import web

from ..errors import Refused
from ..handlers import HackweekHandler
from .index import check_granules
from .progress import check_operation
from .service import SharedService


def _encoded(method, *args, **kwargs) -> str:
    """``method``'s result as JSON text (called in a worker thread)."""
    return json.dumps(method(*args, **kwargs))


class SharedHandler(HackweekHandler):
    """Base: access to the service, the user, and the checks of query and body fields."""

    @property
    def service(self) -> SharedService:
        return self.settings["hackweek_shared"]

    async def run(self, method, *args, **kwargs) -> None:
        """Run a blocking service method in a thread and reply with its JSON result,
        encoded in that thread too (a big reply never stalls the event loop)."""
        await self.reply(asyncio.to_thread(_encoded, method, *args, **kwargs))

    async def reply(self, encoding) -> None:
        """Await ``encoding`` (JSON text) and send it."""
        text = await encoding
        self.set_header("Content-Type", "application/json")
        self.finish(text)

    @property
    def username(self) -> str | None:
        user = self.current_user
        return getattr(user, "username", None)

    def check_publisher(self) -> None:
        """403 unless the user is one of ``SharedData.publishers`` (when that list is set)."""
        if not self.service.may_publish(self.username):
            raise Refused(403, "Only the hackweek organizers can change the shared folders.")

    def int_argument(self, name: str, default: int) -> int:
        value = self.get_query_argument(name, str(default))
        try:
            return int(value)
        except ValueError:
            raise Refused(400, f"'{name}' must be a whole number.") from None

    def body_string(self, body: dict, name: str, default: str | None = None) -> str | None:
        value = body.get(name, default)
        if value is not None and not isinstance(value, str):
            raise Refused(400, f"'{name}' must be a string.")
        return value

    def required(self, body: dict, name: str) -> str:
        value = self.body_string(body, name)
        if value is None:
            raise Refused(400, f"'{name}' is required.")
        return value


class RootsHandler(SharedHandler):
    """GET: the configured shared roots and whether this user may change writable ones."""

    @web.authenticated
    async def get(self) -> None:
        may_publish = self.service.may_publish(self.username)
        await self.run(lambda: {"roots": self.service.roots_json(), "can_publish": may_publish})


class ListHandler(SharedHandler):
    """GET ``?root&path&offset&limit&sort&filter``: one page of a folder."""

    @web.authenticated
    async def get(self) -> None:
        await self.run(
            self.service.list,
            self.get_query_argument("root", ""),
            self.get_query_argument("path", ""),
            offset=self.int_argument("offset", 0),
            limit=self.int_argument("limit", 200),
            sort=self.get_query_argument("sort", "name"),
            filter=self.get_query_argument("filter", ""),
        )


class SizeHandler(SharedHandler):
    """GET ``?root&path``: a folder's total size, waiting up to 20 s for it."""

    @web.authenticated
    async def get(self) -> None:
        await self.run(
            self.service.folder_size,
            self.get_query_argument("root", ""),
            self.get_query_argument("path", ""),
            timeout=20.0,
        )


class PreviewHandler(SharedHandler):
    """GET ``?root&path``: the tree of an HDF5/NetCDF-4 file or Zarr folder.

    Previews run in the service's own small pool with a deadline, so a file that
    stalls its reader costs one slot of that pool, never the server's threads.
    """

    @web.authenticated
    async def get(self) -> None:
        service = self.service
        job = service.preview_pool.submit(
            _encoded,
            service.preview,
            self.get_query_argument("root", ""),
            self.get_query_argument("path", ""),
        )
        await self.reply(self._deadline(asyncio.wrap_future(job), service.preview_timeout))

    @staticmethod
    async def _deadline(job, seconds: float) -> str:
        try:
            return await asyncio.wait_for(job, seconds)
        except TimeoutError:
            raise Refused(
                504,
                f"The preview took longer than {seconds:g} s (the file system is slow "
                "or the file is unusual); try again later.",
            ) from None


class ProgressHandler(SharedHandler):
    """GET ``?operation=ID``: how far a copy or publication started with that id got."""

    @web.authenticated
    async def get(self) -> None:
        operation = check_operation(self.get_query_argument("operation", ""))
        self.finish_json(self.service.progress.get(operation))

    def operation(self, body: dict) -> str | None:
        """The body's ``operation`` id (optional), checked."""
        return check_operation(self.body_string(body, "operation"))


class CopyHandler(ProgressHandler):
    """POST ``{root, path, dest?, name?, operation?}``: copy into the user's space;
    GET ``?operation=ID``: its progress."""

    @web.authenticated
    async def post(self) -> None:
        body = self.json_body()
        await self.run(
            self.service.copy,
            self.required(body, "root"),
            self.required(body, "path"),
            self.body_string(body, "dest", ""),
            self.body_string(body, "name"),
            self.operation(body),
            self.username,
        )


class PublishHandler(ProgressHandler):
    """POST ``{root, path, source, name?, operation?}``: copy a file or folder of the
    user into a writable root; or ``{root, path, sources, name, readme?, operation?}``:
    make the new folder ``name`` there holding the files ``sources`` (and ``readme`` as
    its README.md). GET ``?operation=ID``: its progress."""

    @web.authenticated
    async def post(self) -> None:
        self.check_publisher()
        body = self.json_body()
        if "sources" in body:
            sources = body["sources"]
            if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
                raise Refused(400, "'sources' must be a list of paths.")
            await self.run(
                self.service.publish_files,
                self.required(body, "root"),
                self.body_string(body, "path", ""),
                sources,
                self.required(body, "name"),
                self.body_string(body, "readme"),
                self.operation(body),
            )
            return
        await self.run(
            self.service.publish,
            self.required(body, "root"),
            self.body_string(body, "path", ""),
            self.required(body, "source"),
            self.body_string(body, "name"),
            self.operation(body),
        )


class MkdirHandler(SharedHandler):
    """POST ``{root, path}``: create a folder in a writable root."""

    @web.authenticated
    async def post(self) -> None:
        self.check_publisher()
        body = self.json_body()
        await self.run(self.service.mkdir, self.required(body, "root"), self.required(body, "path"))


class DescribeHandler(SharedHandler):
    """POST ``{root, path, readme}``: replace a folder's README.md in a writable root."""

    @web.authenticated
    async def post(self) -> None:
        self.check_publisher()
        body = self.json_body()
        await self.run(
            self.service.write_readme,
            self.required(body, "root"),
            self.body_string(body, "path", ""),
            self.required(body, "readme"),
        )


class FindHandler(SharedHandler):
    """POST ``{granules: [{name, size}]}``: which of them are already on a shared root
    or among the user's downloads (``{found: {name: [place]}, building, complete,
    files}``; see ``index.SharedIndex.find``). A POST because a page of names is too
    long for a URL; it changes nothing."""

    @web.authenticated
    async def post(self) -> None:
        granules = check_granules(self.json_body())
        downloads = self.settings.get("hackweek_downloads")
        saved = {}
        if downloads is not None:
            saved = await downloads.saved_files({name for name, _ in granules})
        await self.run(self.service.find, granules, saved)


ROUTES = [
    ("shared/roots", RootsHandler),
    ("shared/list", ListHandler),
    ("shared/size", SizeHandler),
    ("shared/preview", PreviewHandler),
    ("shared/copy", CopyHandler),
    ("shared/publish", PublishHandler),
    ("shared/mkdir", MkdirHandler),
    ("shared/describe", DescribeHandler),
    ("shared/find", FindHandler),
]
