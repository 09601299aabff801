"""Client paths → real paths inside a shared root, or a clear refusal.

Policy (the same for every route):

- a client path is relative to its root, ``/``-separated; NUL bytes, backslashes,
  absolute paths and any ``..`` component are refused (400); empty and ``.``
  components are dropped, so ``a/./b//c`` means ``a/b/c``;
- a path longer than 4096 bytes or a name longer than 255 bytes is refused (400);
- dot-names are hidden (404) unless jupyter_server's ``allow_hidden`` is set;
- names are compared byte for byte: NFC ``café`` and NFD ``café`` are two names;
- the real path (symlinks resolved) must lie inside the root's real path, compared
  by components with ``os.path.commonpath`` (CVE-2026-35397): a symlink leading out
  is refused (403); a symlink loop is 404.

The checks common to every feature (NUL, backslash, absolute, ``..``, containment)
are the suite's ``jupyterlab_hackweek.paths``; the statuses and words are set here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..errors import Refused
from ..paths import Unsafe, UnsafePath, check_client_path, client_parts, is_inside

MAX_PATH_BYTES = 4096
MAX_NAME_BYTES = 255


class PathRefused(Refused):
    """A client path that cannot be served."""


_UNSAFE = {
    Unsafe.NUL: "The path contains a NUL byte.",
    Unsafe.BACKSLASH: "Use '/' to separate folders; backslashes are not allowed.",
    Unsafe.ABSOLUTE: "Give the path relative to the shared folder, not absolute.",
    Unsafe.PARENT: "'..' is not allowed in a shared-folder path.",
}


@dataclass(frozen=True)
class Resolved:
    """A client path inside a root: its clean relative form, logical and real paths."""

    relative: str
    logical: str
    real: str


def split_client_path(path: str, *, allow_hidden: bool) -> list[str]:
    """Validate a client path and return its components (``[]`` for the root itself)."""
    if not isinstance(path, str):
        raise PathRefused(400, "The path must be a string.")
    parts: list[str] = []
    try:
        check_client_path(path)
        if len(path.encode("utf-8", "surrogatepass")) > MAX_PATH_BYTES:
            raise PathRefused(400, f"The path is longer than {MAX_PATH_BYTES} bytes.")
        for part in client_parts(path):
            check_name(part, allow_hidden=allow_hidden)
            parts.append(part)
    except UnsafePath as unsafe:
        raise PathRefused(400, _UNSAFE[unsafe.reason]) from None
    return parts


def check_name(name: str, *, allow_hidden: bool) -> None:
    """Refuse a single file or folder name that is empty, too long, hidden or has separators."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\x00" in name:
        raise PathRefused(400, f"{name!r} is not a valid file name.")
    if len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
        raise PathRefused(400, f"A name is longer than {MAX_NAME_BYTES} bytes.")
    if name.startswith(".") and not allow_hidden:
        raise PathRefused(404, "No such file or folder.")


def resolve(root_path: str, path: str, *, allow_hidden: bool) -> Resolved:
    """Resolve a client ``path`` below ``root_path``; raise ``PathRefused`` when not allowed.

    The target need not exist (callers stat it); its real path must be inside the root.
    """
    parts = split_client_path(path, allow_hidden=allow_hidden)
    root_real = os.path.realpath(root_path)
    logical = os.path.join(root_path, *parts)
    try:
        real = os.path.realpath(logical, strict=False)
    except OSError:
        raise PathRefused(404, "No such file or folder.") from None
    if not is_inside(root_real, real):
        raise PathRefused(403, "This path leads out of the shared folder (a symbolic link).")
    return Resolved("/".join(parts), logical, real)


def existing(root_path: str, path: str, *, allow_hidden: bool) -> tuple[Resolved, os.stat_result]:
    """Resolve ``path`` and stat its target; 404 if missing or a link loop, 403 if unreadable."""
    resolved = resolve(root_path, path, allow_hidden=allow_hidden)
    try:
        stat = os.stat(resolved.real)
    except PermissionError:
        raise PathRefused(403, "You do not have permission to read this.") from None
    except OSError:
        raise PathRefused(404, "No such file or folder.") from None
    return resolved, stat
