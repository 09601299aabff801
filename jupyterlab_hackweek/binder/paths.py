"""Resolve a client-supplied path inside the server's root folder.

The syntactic checks and the containment test (real paths compared with
``os.path.commonpath``) are the suite's ``jupyterlab_hackweek.paths``. Binder's
policy: a path that does not lead to a file inside the root, including through
a symbolic link pointing out of it, is "not found" (404), like jupyter_server's
``/files``.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import Refused
from ..paths import Unsafe, UnsafePath, check_client_path, client_parts, is_inside


class PathError(Refused):
    """A path the server refuses."""


_NUL_OR_BACKSLASH = "The path contains a NUL byte or a backslash."
_UNSAFE = {
    Unsafe.NUL: _NUL_OR_BACKSLASH,
    Unsafe.BACKSLASH: _NUL_OR_BACKSLASH,
    Unsafe.ABSOLUTE: "Give a path relative to your server's folder, not an absolute one.",
    Unsafe.PARENT: "The path must stay inside your server's folder ('..' is not allowed).",
}


def resolve_inside(root_dir: str, path: str, allow_hidden: bool = False) -> Path:
    """The real path of ``path`` (relative, ``/``-separated) inside ``root_dir``.

    Raises ``PathError(400)`` for a path that is empty, absolute (``/x`` or a
    drive such as ``C:x``), contains a NUL byte or a backslash, or climbs out
    with ``..``; ``PathError(404)`` when the file does not exist, is hidden while
    hidden files are not allowed, or is a link leading outside the root.
    """
    if not path or not path.strip("/"):
        raise PathError(400, "Give the path of a notebook, relative to your server's folder.")
    try:
        check_client_path(path)
        if len(path) > 1 and path[1] == ":":
            raise UnsafePath(Unsafe.ABSOLUTE)
        parts = list(client_parts(path))
    except UnsafePath as unsafe:
        raise PathError(400, _UNSAFE[unsafe.reason]) from None
    if not allow_hidden and any(part.startswith(".") for part in parts):
        raise PathError(404, f"No file at {path} (hidden files are not shown on this server).")
    root = os.path.realpath(root_dir)
    try:
        real = os.path.realpath(os.path.join(root, *parts), strict=True)
    except (OSError, RuntimeError):
        raise PathError(404, f"No file at {path}.") from None
    if not is_inside(root, real):
        raise PathError(404, f"No file at {path} inside your server's folder.")
    if not os.path.isfile(real):
        raise PathError(404, f"{path} is not a file.")
    return Path(real)
