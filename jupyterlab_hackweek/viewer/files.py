"""Which file a viewer request names, and what inside a file the viewer refuses.

The viewer's ``file`` argument (h5grove's) is ``home/<path>`` (below the server
root) or ``shared/<root>/<path>`` (below a ``SharedData`` root). Both are opened by
the shared feature's published ``SharedService.open_hdf5``: the guarded walk, then
h5py reading through the checked descriptor, so no name is looked up again and
nothing outside the roots is read.

Inside a file nothing may lead out of it either: an external link is answered as a
link and never followed, and a dataset whose values live in other files (HDF5
external raw storage, virtual datasets) is refused — libhdf5 would open those by
name, wherever they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import Refused


@dataclass(frozen=True)
class FileRef:
    """A file the viewer may read: ``root`` is a shared root's name, or ``None`` for
    the server root (the user's home)."""

    root: str | None
    path: str


def parse_file(file: str | None) -> FileRef:
    """The viewer's ``file`` argument: ``home/<path>`` or ``shared/<root>/<path>``."""
    if not file:
        raise Refused(400, "The 'file' argument is required.")
    place, _, rest = file.partition("/")
    if place == "home" and rest:
        return FileRef(None, rest)
    if place == "shared":
        root, _, path = rest.partition("/")
        if root and path:
            return FileRef(root, path)
    raise Refused(400, f"{file!r} is not a valid file: give home/<path> or shared/<root>/<path>.")


def h5web_words(error: Refused) -> Refused:
    """A refusal in the words h5web recognises ("File not found", "Permission
    denied"), the suite's own reason after them."""
    if error.status == 404 and not error.message.startswith("File not found"):
        return Refused(404, f"File not found: {error.message}")
    if error.status == 403 and not error.message.startswith("Permission denied"):
        return Refused(403, f"Permission denied: {error.message}")
    return error


def check_self_contained(dataset) -> None:
    """Refuse (403) a dataset whose values libhdf5 would read from other files."""
    if dataset.is_virtual:
        raise Refused(
            403,
            "Permission denied: this is a virtual dataset, whose values live in other "
            "files; the viewer reads only the file you opened.",
        )
    if dataset.id.get_create_plist().get_external_count() > 0:
        raise Refused(
            403,
            "Permission denied: this dataset keeps its values in external raw files; "
            "the viewer reads only the file you opened.",
        )
