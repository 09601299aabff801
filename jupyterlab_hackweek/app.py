"""Wire each feature's routes and services into the Jupyter server.

Each feature module exposes ``ROUTES`` (a list of ``(path, handler)`` below
``hackweek/api/``) and may expose ``setup(server_app)``, which creates the
feature's service object (configured by traitlets) and stores it in the Tornado
settings for its handlers.
"""

from __future__ import annotations

from jupyter_server.utils import url_path_join

from . import binder, downloads, meter, nsidc, shared, version, viewer
from .handlers import API_PREFIX

FEATURES = (version, meter, binder, shared, viewer, nsidc, downloads)


def load_extension(server_app) -> None:
    """Set up every feature and add its routes under ``{base_url}hackweek/api/``."""
    web_app = server_app.web_app
    prefix = url_path_join(web_app.settings["base_url"], *API_PREFIX)
    handlers = []
    for feature in FEATURES:
        setup = getattr(feature, "setup", None)
        if setup is not None:
            setup(server_app)
        handlers.extend((url_path_join(prefix, path), handler) for path, handler in feature.ROUTES)
    web_app.add_handlers(".*$", handlers)
