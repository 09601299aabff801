"""Client paths: the syntactic checks and the containment test the features share.

A client path names a file or folder relative to a root folder, with ``/``
between names. This module only says *what* is wrong with one (``UnsafePath``
and its ``reason``) and whether a real path lies inside a root; each feature
chooses the HTTP status and the words. Binder export, for instance, answers 404
for a symbolic link leading out of the server's folder and the shared-data
browser answers 403.

Containment is compared by path components with ``os.path.commonpath``: a string
prefix test would let ``/data/shared-evil`` pass for ``/data/shared``
(CVE-2026-35397).
"""

from __future__ import annotations

import enum
import os
import uuid
from collections.abc import Callable, Iterator


class Unsafe(enum.Enum):
    """Why a client path is refused before the file system is asked."""

    NUL = "a NUL byte"
    BACKSLASH = "a backslash"
    ABSOLUTE = "an absolute path"
    PARENT = "a '..' component"


class UnsafePath(ValueError):
    """A client path that fails a syntactic check; ``reason`` says which one."""

    def __init__(self, reason: Unsafe) -> None:
        super().__init__(f"Unsafe client path: {reason.value}.")
        self.reason = reason


def check_client_path(path: str) -> None:
    """Raise ``UnsafePath`` for a NUL byte, a backslash or a leading ``/``, in that order."""
    if "\x00" in path:
        raise UnsafePath(Unsafe.NUL)
    if "\\" in path:
        raise UnsafePath(Unsafe.BACKSLASH)
    if path.startswith("/"):
        raise UnsafePath(Unsafe.ABSOLUTE)


def client_parts(path: str) -> Iterator[str]:
    """The names of a client path in order, without empty and ``.`` components.

    ``a/./b//c`` gives ``a``, ``b``, ``c``. A ``..`` component raises
    ``UnsafePath`` when it is reached, so a caller that checks each name as it
    comes refuses the first bad component of the path. Call
    ``check_client_path`` first: this only splits.
    """
    for part in path.split("/"):
        if part == "..":
            raise UnsafePath(Unsafe.PARENT)
        if part not in ("", "."):
            yield part


def control_character(name: str) -> str | None:
    """The first control character (C0, DEL or C1) of ``name``, or ``None``.

    A name holding one can carry terminal escape sequences, newlines or carriage
    returns into another user's ``ls``; the suite never creates such a name.
    """
    for char in name:
        if ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F:
            return char
    return None


def is_inside(root_real: str, real: str) -> bool:
    """Whether the real path ``real`` is ``root_real`` itself or below it.

    Both should be results of ``os.path.realpath``, so that symbolic links are
    already followed; a relative ``real`` is never inside an absolute root.
    """
    try:
        return os.path.commonpath([root_real, real]) == root_real
    except ValueError:
        return False


def free_name(name: str, taken: Callable[[str], bool], whole: bool = False) -> str:
    """The suite's one rule for a name already in use: ``name`` if it is free, else the
    first free ``stem-2.ext``, ``stem-3.ext``... (``ATL06_x.h5`` → ``ATL06_x-2.h5``: no
    space or bracket for a shell to trip on, the extension kept for the tools that
    read it). ``whole``: number the whole name (a folder's ``v1.2`` → ``v1.2-2``)."""
    stem, ext = (name, "") if whole else os.path.splitext(name)
    candidate, number = name, 2
    while taken(candidate):
        if number > 10_000:
            return f"{stem}-{uuid.uuid4().hex[:8]}{ext}"
        candidate, number = f"{stem}-{number}{ext}", number + 1
    return candidate
