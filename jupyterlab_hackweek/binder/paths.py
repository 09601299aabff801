"""Resolve a client-supplied path inside the server's root folder.

Containment is checked on real paths with ``os.path.commonpath`` (a string
prefix check would let ``/srv/data-secret`` pass for ``/srv/data``). Symbolic
links that lead out of the root are refused, like jupyter_server's ``/files``.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from ..errors import Refused


class PathError(Refused):
    """A path the server refuses."""


def resolve_inside(root_dir: str, path: str, allow_hidden: bool = False) -> Path:
    """The real path of ``path`` (relative, ``/``-separated) inside ``root_dir``.

    Raises ``PathError(400)`` for a path that is empty, absolute, contains a NUL
    byte or a backslash, or climbs out with ``..``; ``PathError(404)`` when the
    file does not exist, is hidden while hidden files are not allowed, or is a
    link leading outside the root.
    """
    if not path or not path.strip("/"):
        raise PathError(400, "Give the path of a notebook, relative to your server's folder.")
    if "\0" in path or "\\" in path:
        raise PathError(400, "The path contains a NUL byte or a backslash.")
    pure = PurePosixPath(path)
    if pure.is_absolute() or (len(path) > 1 and path[1] == ":"):
        raise PathError(400, "Give a path relative to your server's folder, not an absolute one.")
    if ".." in pure.parts:
        raise PathError(
            400, "The path must stay inside your server's folder ('..' is not allowed)."
        )
    if not allow_hidden and any(part.startswith(".") for part in pure.parts):
        raise PathError(404, f"No file at {path} (hidden files are not shown on this server).")
    root = os.path.realpath(root_dir)
    try:
        real = os.path.realpath(os.path.join(root, *pure.parts), strict=True)
    except (OSError, RuntimeError):
        raise PathError(404, f"No file at {path}.") from None
    if os.path.commonpath([root, real]) != root:
        raise PathError(404, f"No file at {path} inside your server's folder.")
    if not os.path.isfile(real):
        raise PathError(404, f"{path} is not a file.")
    return Path(real)
