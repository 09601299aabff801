"""Open in Binder: the git state of a notebook and environment-file capture.

The routes and the service are imported when the server asks for them
(``ROUTES``, ``setup``): the git reader's process (``python -m
jupyterlab_hackweek.binder.git``) imports this package without Tornado.
"""

from __future__ import annotations


def __getattr__(name: str):
    if name == "ROUTES":
        from .handlers import EnvironmentHandler, GitStateHandler

        return [("git/state", GitStateHandler), ("binder/environment", EnvironmentHandler)]
    raise AttributeError(name)


def setup(server_app) -> None:
    """Create the Binder service from the server's config and root folder."""
    from .service import BinderExport, BinderService

    contents = server_app.contents_manager
    server_app.web_app.settings["hackweek_binder"] = BinderService(
        root_dir=server_app.root_dir,
        allow_hidden=bool(getattr(contents, "allow_hidden", False)),
        settings=BinderExport(config=server_app.config),
    )
