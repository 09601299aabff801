"""Routes of the Binder export, below ``hackweek/api/``.

- ``GET git/state?path=<notebook path>``: the git state of a notebook.
- ``POST binder/environment`` ``{path, kind, overwrite}``: write an environment file.
"""

from __future__ import annotations

from tornado import web

from ..errors import Refused
from ..handlers import HackweekHandler
from .service import BinderService


class _BinderHandler(HackweekHandler):
    @property
    def service(self) -> BinderService:
        return self.settings["hackweek_binder"]


class GitStateHandler(_BinderHandler):
    """Reply the git state of the notebook at ``?path=`` (relative to the server's folder)."""

    @web.authenticated
    async def get(self) -> None:
        path = self.get_query_argument("path", "", strip=False)
        self.finish_json(await self.service.state(path))


class EnvironmentHandler(_BinderHandler):
    """Write ``binder/environment.yml``, ``requirements.txt`` or ``Dockerfile`` for a repository."""

    @web.authenticated
    async def post(self) -> None:
        body = self.json_body()
        path, kind, overwrite = body.get("path"), body.get("kind"), body.get("overwrite", False)
        if (
            not isinstance(path, str)
            or not isinstance(kind, (str, type(None)))
            or not isinstance(overwrite, bool)
        ):
            raise Refused(
                400, "Send {path: string, kind: 'conda'|'pip'|'dockerfile', overwrite?: boolean}."
            )
        reply = await self.service.capture(path, kind, overwrite)
        self.finish_json(reply, status=201)
