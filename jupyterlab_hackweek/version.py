"""``GET hackweek/api/version``: the server extension's version, for the front end's handshake."""

from tornado import web

from .handlers import HackweekHandler


class VersionHandler(HackweekHandler):
    """Reply ``{"version": "<server extension version>"}``."""

    @web.authenticated
    def get(self) -> None:
        from . import __version__

        self.finish_json({"version": __version__})


ROUTES = [("version", VersionHandler)]
