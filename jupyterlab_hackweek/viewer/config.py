"""``DataViewer``: the limits of the data viewer's routes (``c.DataViewer.*``)."""

from __future__ import annotations

from traitlets import Float, Int
from traitlets.config import Configurable


class DataViewer(Configurable):
    """Data viewer settings: how long a read may take and how big a reply may grow."""

    timeout = Float(
        30.0,
        help="Seconds one read of the data viewer (metadata, values, a profile) may take "
        "before the user is told to try again later (a stalled file system or an unusual "
        "file; the reply is a 504). Reads run in a pool of their own.",
    ).tag(config=True)

    max_reply_bytes = Int(
        64 * 1024 * 1024,
        help="Most bytes of values one reply of the viewer's 'data' route may carry; a "
        "bigger selection is refused (413) and the viewer asks for a slice or a profile.",
    ).tag(config=True)

    workers = Int(
        4, help="Threads of the viewer's own read pool (a stuck file costs one of them)."
    ).tag(config=True)
