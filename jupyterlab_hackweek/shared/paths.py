"""Client paths → open files and folders inside a shared root, or a clear refusal.

Policy (the same for every route):

- a client path is relative to its root, ``/``-separated; NUL bytes, backslashes,
  absolute paths and any ``..`` component are refused (400); empty and ``.``
  components are dropped, so ``a/./b//c`` means ``a/b/c``;
- a path longer than 4096 bytes or a name longer than 255 bytes is refused (400);
- dot-names are hidden (404) unless jupyter_server's ``allow_hidden`` is set;
- names are compared byte for byte: NFC ``café`` and NFD ``café`` are two names;
- the path is opened with the guarded walk of ``jupyterlab_hackweek.guarded``
  (never checked, then opened again by name): a symlink leading out of the root
  is refused (403), a symlink loop is 404, a FIFO, socket or device is 400 and
  never waited on;
- a name the suite creates (copy, publish, new folder) may not hold control
  characters (C0, DEL, C1): other users' terminals would run them.

The checks common to every feature (NUL, backslash, absolute, ``..``, control
characters) are the suite's ``jupyterlab_hackweek.paths``; the statuses and words
are set here.
"""

from __future__ import annotations

from contextlib import contextmanager

from ..errors import Refused
from ..guarded import Beneath, NotRegular, Opened, OutsideRoot
from ..paths import Unsafe, UnsafePath, check_client_path, client_parts, control_character

MAX_PATH_BYTES = 4096
MAX_NAME_BYTES = 255


NOT_REGULAR = "This is not a regular file or folder (a pipe or device): not opened."


class PathRefused(Refused):
    """A client path that cannot be served."""


_UNSAFE = {
    Unsafe.NUL: "The path contains a NUL byte.",
    Unsafe.BACKSLASH: "Use '/' to separate folders; backslashes are not allowed.",
    Unsafe.ABSOLUTE: "Give the path relative to the shared folder, not absolute.",
    Unsafe.PARENT: "'..' is not allowed in a shared-folder path.",
}


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


def check_new_name(name: str, *, allow_hidden: bool) -> None:
    """``check_name``, and no control characters: for a name the suite is about to create."""
    check_name(name, allow_hidden=allow_hidden)
    bad = control_character(name)
    if bad is not None:
        raise PathRefused(
            400,
            f"The name {name!r} holds a control character (U+{ord(bad):04X}); "
            "give the copy another name.",
        )


def open_root(root_path: str) -> Beneath:
    """The root folder held open for guarded walks (404 when it is not there)."""
    try:
        return Beneath(root_path)
    except PermissionError:
        raise PathRefused(403, "You do not have permission to read this shared folder.") from None
    except OSError:
        raise PathRefused(404, "This shared folder is not available on this server.") from None


def open_parts(beneath: Beneath, parts: list[str]) -> Opened:
    """Open ``parts`` below the root with the guarded walk (the caller closes it).

    404 if missing or a link loop, 403 if a link leads out of the root or the file
    system refuses, 400 for a FIFO, socket or device (opened without waiting).
    """
    try:
        return beneath.open(parts)
    except OutsideRoot:
        raise PathRefused(
            403, "This path leads out of the shared folder (a symbolic link)."
        ) from None
    except NotRegular:
        raise PathRefused(400, NOT_REGULAR) from None
    except PermissionError:
        raise PathRefused(403, "You do not have permission to read this.") from None
    except OSError:
        raise PathRefused(404, "No such file or folder.") from None


@contextmanager
def opened_below(root_path: str, path: str = "", *, allow_hidden: bool = False):
    """Check the client ``path``, open it below ``root_path`` for the ``with`` block.

    Yields ``(Beneath, Opened, clean relative path)``; both are closed when the
    block ends. Refusals are ``PathRefused`` (see ``open_root``, ``open_parts``).
    """
    parts = split_client_path(path, allow_hidden=allow_hidden)
    with open_root(root_path) as beneath, open_parts(beneath, parts) as opened:
        yield beneath, opened, "/".join(parts)
