"""Open in Binder: the git state of a notebook and environment-file capture."""

from __future__ import annotations

from .handlers import EnvironmentHandler, GitStateHandler
from .service import BinderExport, BinderService

ROUTES = [("git/state", GitStateHandler), ("binder/environment", EnvironmentHandler)]


def setup(server_app) -> None:
    """Create the Binder service from the server's config and root folder."""
    contents = server_app.contents_manager
    server_app.web_app.settings["hackweek_binder"] = BinderService(
        root_dir=server_app.root_dir,
        allow_hidden=bool(getattr(contents, "allow_hidden", False)),
        settings=BinderExport(config=server_app.config),
    )
