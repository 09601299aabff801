"""Plain file and folder names for downloaded granules, and where they are saved."""

from __future__ import annotations

import os
import unicodedata

from ..paths import (
    Unsafe,
    UnsafePath,
    check_client_path,
    client_parts,
    control_character,
    is_inside,
)

#: Longest file name (in UTF-8 bytes) most file systems accept.
MAX_NAME_BYTES = 255

#: Longest destination folder path (in UTF-8 bytes) and deepest nesting accepted.
MAX_DESTINATION_BYTES = 1024
MAX_DESTINATION_PARTS = 32

#: The hidden folder, inside the destination, holding files still being transferred.
PARTIAL_DIR = ".partial"


class NameRefused(ValueError):
    """A granule name or folder that cannot be used; the message is for a scientist."""


def safe_name(name: str, what: str = "granule name") -> str:
    """A file name made from ``name``: no separators, no control characters, not hidden.

    Slashes and backslashes become ``_``; control characters are removed; leading
    dots and spaces are dropped so the file is never hidden nor ``..``.
    """
    if not isinstance(name, str):
        raise NameRefused(f"The {what} must be text.")
    name = unicodedata.normalize("NFC", name)
    name = "".join(
        "_" if c in "/\\" else c for c in name if unicodedata.category(c) not in ("Cc", "Cf")
    )
    name = name.strip().lstrip(". ")
    if not name:
        raise NameRefused(f"The {what} is empty once unsafe characters are removed.")
    encoded = name.encode("utf-8")
    if len(encoded) > MAX_NAME_BYTES:
        stem, ext = os.path.splitext(name)
        keep = MAX_NAME_BYTES - len(ext.encode("utf-8"))
        name = stem.encode("utf-8")[:keep].decode("utf-8", "ignore") + ext
    return name


DESTINATION_REFUSALS = {
    Unsafe.NUL: "The destination folder contains a NUL byte or a backslash.",
    Unsafe.BACKSLASH: "The destination folder contains a NUL byte or a backslash.",
    Unsafe.ABSOLUTE: "The destination folder must be relative to your home folder.",
    Unsafe.PARENT: "The destination folder must not contain '..'.",
}


def destination_folder(
    root: str,
    short_name: str,
    version: str,
    destination: str | None,
    home: str,
    *,
    allow_hidden: bool = False,
) -> str:
    """The absolute folder a download goes to.

    Default ``<root>/<short_name>/<version>``; a client ``destination`` is a folder
    relative to ``home`` and must stay inside it (checked on real paths). Like the
    Contents API, a hidden folder (``.jupyter``, ``.ipython/profile_default/startup``,
    ``.local/share/jupyter/kernels``…) is refused unless the server allows hidden
    files; a name with a control character is always refused.
    """
    if destination is None or destination == "":
        return os.path.join(
            root, safe_name(short_name, "product short name"), safe_name(version, "version")
        )
    if not isinstance(destination, str):
        raise NameRefused("'destination' must be a folder path (text).")
    try:
        check_client_path(destination)
        parts = list(client_parts(destination))
    except UnsafePath as unsafe:
        raise NameRefused(DESTINATION_REFUSALS[unsafe.reason]) from None
    if (
        len(destination.encode("utf-8", "surrogatepass")) > MAX_DESTINATION_BYTES
        or len(parts) > MAX_DESTINATION_PARTS
    ):
        raise NameRefused(
            f"The destination folder is too long (at most {MAX_DESTINATION_PARTS} folders "
            f"and {MAX_DESTINATION_BYTES} bytes)."
        )
    for part in parts:
        if part.startswith(".") and not allow_hidden:
            raise NameRefused(
                f"The destination folder {part!r} is hidden; this server keeps downloads "
                "out of hidden folders (where configuration lives). Choose a visible folder."
            )
        if control_character(part) is not None:
            raise NameRefused(
                f"The destination folder {part!r} holds a control character; choose another name."
            )
    folder = os.path.join(home, *parts)
    if not is_inside(os.path.realpath(home), os.path.realpath(folder)):
        raise NameRefused("The destination folder is outside your home folder.")
    return folder


def display_path(path: str, home: str) -> str:
    """``path`` written with ``~`` for the home folder, as scientists read it."""
    home = os.path.normpath(home)
    if path == home:
        return "~"
    if is_inside(home, path):
        return "~/" + os.path.relpath(path, home)
    return path
