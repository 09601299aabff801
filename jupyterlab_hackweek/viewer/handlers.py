"""Routes of the data viewer, below ``hackweek/api/h5/``: h5grove's API (``meta``,
``attr``, ``data``, ``paths``, the query arguments of h5grove's own handlers) behind
jupyter_server's authentication, ``profile`` (min/max per pixel column) and ``track``
(a beam's ground track for a map).

Thin: arguments checked here, reads in the service's pool; refusals are JSON
``{"message", "reason"}`` in h5grove's words, answered by the base handler.
"""

from __future__ import annotations

import json
import math

from tornado import web

from ..errors import Refused
from ..handlers import HackweekHandler
from .service import ViewerService


class ViewerHandler(HackweekHandler):
    """Base: the service, and h5grove's ``file`` and ``path`` arguments."""

    @property
    def service(self) -> ViewerService:
        return self.settings["hackweek_viewer"]

    @property
    def file(self) -> str:
        return self.get_query_argument("file", "")

    @property
    def path(self) -> str:
        return self.get_query_argument("path", "/", strip=False)

    def send(self, response) -> None:
        """An h5grove ``Response``: its bytes and its own content type (``APIHandler``
        would call every reply JSON)."""
        self.set_header("Cache-Control", "no-store")
        self.finish(response.content, set_content_type=response.headers["Content-Type"])

    def number(self, name: str) -> float | None:
        value = self.get_query_argument(name, None)
        if value is None:
            return None
        try:
            number = float(value)
        except ValueError:
            raise Refused(400, f"'{name}' must be a number.") from None
        if not math.isfinite(number):
            raise Refused(400, f"'{name}' must be a finite number.")
        return number

    def whole(self, name: str, default: str | None) -> int | None:
        value = self.get_query_argument(name, default)
        if value is None:
            return None
        try:
            return int(value)
        except ValueError:
            raise Refused(400, f"'{name}' must be a whole number.") from None


class MetaHandler(ViewerHandler):
    """GET ``?file&path``: the entity's metadata (h5grove ``/meta``)."""

    @web.authenticated
    async def get(self) -> None:
        self.send(await self.service.meta(self.file, self.path))


class AttrHandler(ViewerHandler):
    """GET ``?file&path&attr_keys*``: the entity's attributes (h5grove ``/attr``)."""

    @web.authenticated
    async def get(self) -> None:
        keys = self.get_query_arguments("attr_keys", strip=False)
        self.send(await self.service.attr(self.file, self.path, keys))


class DataHandler(ViewerHandler):
    """GET ``?file&path&selection&dtype&flatten&format``: values (h5grove ``/data``)."""

    @web.authenticated
    async def get(self) -> None:
        flatten = self.get_query_argument("flatten", "false").lower() not in ("false", "0", "")
        response = await self.service.data(
            self.file,
            self.path,
            selection=self.get_query_argument("selection", None),
            dtype=self.get_query_argument("dtype", None),
            flatten=flatten,
            format=self.get_query_argument("format", None),
        )
        self.send(response)


class PathsHandler(ViewerHandler):
    """GET ``?file&path``: every path below a group (h5grove ``/paths``)."""

    @web.authenticated
    async def get(self) -> None:
        self.send(await self.service.paths(self.file, self.path))


class ProfileHandler(ViewerHandler):
    """GET ``?file&y&x&columns&lo&hi&by&by_column``: min/max of ``y`` per pixel column,
    against ``x`` (a dataset path) or the index, and per class of ``by`` (see
    ``profile.profile``)."""

    @web.authenticated
    async def get(self) -> None:
        columns = self.whole("columns", "1000")
        reply = await self.service.profile(
            self.file,
            self.get_query_argument("y", ""),
            self.get_query_argument("x", None) or None,
            columns=columns,
            lo=self.number("lo"),
            hi=self.number("hi"),
            by=self.get_query_argument("by", None) or None,
            by_column=self.whole("by_column", None),
        )
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(reply))


class TrackHandler(ViewerHandler):
    """GET ``?file&lat&lon&x&points``: about ``points`` rows of a ground track (see
    ``profile.track``)."""

    @web.authenticated
    async def get(self) -> None:
        reply = await self.service.track(
            self.file,
            self.get_query_argument("lat", ""),
            self.get_query_argument("lon", ""),
            self.get_query_argument("x", ""),
            points=self.whole("points", "500"),
        )
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(reply))


ROUTES = [
    ("h5/meta", MetaHandler),
    ("h5/attr", AttrHandler),
    ("h5/data", DataHandler),
    ("h5/paths", PathsHandler),
    ("h5/profile", ProfileHandler),
    ("h5/track", TrackHandler),
]
