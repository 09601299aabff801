"""jupyterlab-hackweek: JupyterLab tools for ICESat-2 hackweek hubs."""

try:
    from ._version import __version__
except ImportError:  # pragma: no cover - only in a source tree that was never built
    import warnings

    warnings.warn("Importing 'jupyterlab_hackweek' outside a proper installation.", stacklevel=2)
    __version__ = "dev"


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "jupyterlab-hackweek"}]


def _jupyter_server_extension_points():
    return [{"module": "jupyterlab_hackweek"}]


def _load_jupyter_server_extension(server_app):
    """Register the suite's routes and services with a running Jupyter server.

    (Imported here, not at the top: the package's helper processes, such as the
    git reader, import it without the server.)
    """
    from .app import load_extension

    load_extension(server_app)
    server_app.log.info("jupyterlab_hackweek %s: routes registered", __version__)
