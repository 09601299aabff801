"""h5grove's API (``meta``, ``attr``, ``data``, ``paths``) over an open ``h5py.File``.

h5grove (PyPI) reads and encodes, exactly as its own handlers do; this module adds
what those handlers lack: external links are never followed (answered as links),
datasets stored in other files are refused, a ``data`` reply is bounded before it
is read, and h5grove's errors become refusals with h5grove's words ("... is not a
valid path in ...").
"""

from __future__ import annotations

import h5py
from h5grove.content import (
    DatasetContent,
    ExternalLinkContent,
    GroupContent,
    ResolvedEntityContent,
    create_content,
)
from h5grove.encoders import Response, encode, orjson_encode
from h5grove.utils import (
    LinkResolution,
    NotFoundError,
    QueryArgumentError,
    hdf_path_join,
    parse_slice,
)

from ..errors import Refused
from .files import check_self_contained

FORMATS = ("json", "bin", "npy", "csv", "tiff")
#: Most bytes of JSON one ``meta`` reply may grow to (a group's children with their
#: attribute names): a small file can name megabytes of attributes many times over.
MAX_META_BYTES = 8 * 1024 * 1024
#: Most paths one ``paths`` reply lists.
MAX_PATHS = 200_000


def content(handle: h5py.File, path: str | None):
    """h5grove's content of ``path`` (``/`` by default); an external link is its link."""
    path = path or "/"
    if not path.startswith("/"):
        path = "/" + path
    try:
        links = handle.id.links
        for prefix in _prefixes(path):
            if links.get_info(prefix.encode("utf-8")).type == h5py.h5l.TYPE_EXTERNAL:
                if prefix != path.rstrip("/"):
                    raise Refused(
                        404, f"{path} is not a valid path in this file (an external link)."
                    )
                return ExternalLinkContent(path, handle.get(path, getlink=True))
        return create_content(handle, path, LinkResolution.ONLY_VALID)
    except NotFoundError as error:
        raise Refused(404, str(error)) from None
    except (KeyError, ValueError, RuntimeError):
        raise Refused(404, f"{path} is not a valid path in this file.") from None


def _prefixes(path: str):
    parts = [p for p in path.split("/") if p]
    for i in range(1, len(parts) + 1):
        yield "/" + "/".join(parts[:i])


def meta(handle: h5py.File, path: str | None) -> Response:
    """``meta``: the entity's metadata (a group with its children's, as h5grove gives
    it), refused (413) once it passes ``MAX_META_BYTES``, counted child by child."""
    found = content(handle, path)
    try:
        if not isinstance(found, GroupContent):
            reply = encode(found.metadata())
        else:
            reply = encode({**found.metadata(0), "children": _children(handle, found)})
    except (TypeError, ValueError, KeyError) as error:
        raise Refused(415, f"{found.path} cannot be described: {error}") from None
    if len(reply.content) > MAX_META_BYTES:
        raise Refused(413, _TOO_BIG_META)
    return reply


_TOO_BIG_META = (
    "This group's description is larger than the viewer shows "
    f"({MAX_META_BYTES // (1024 * 1024)} MB): its names or attributes are unusually long."
)


def _children(handle: h5py.File, group: GroupContent) -> list:
    children, size = [], 0
    for name in handle[group.path]:
        child = content(handle, hdf_path_join(group.path, name))
        metadata = child.metadata(0) if isinstance(child, GroupContent) else child.metadata()
        size += len(orjson_encode(metadata))
        if size > MAX_META_BYTES:
            raise Refused(413, _TOO_BIG_META)
        children.append(metadata)
    return children


def attr(handle: h5py.File, path: str | None, keys: list[str]) -> Response:
    """``attr``: the entity's attributes (``keys`` only, when given)."""
    found = content(handle, path)
    if not isinstance(found, ResolvedEntityContent):
        raise Refused(400, f"{found.path} is a link that is not followed: it has no attributes.")
    try:
        return encode(found.attributes(keys or None))
    except KeyError as error:
        raise Refused(404, f"No attribute {error} at {found.path}.") from None


def selected_count(shape: tuple[int, ...], selection: str | None) -> int:
    """How many values ``selection`` (h5grove's syntax) picks from ``shape``."""
    if not selection:
        count = 1
        for n in shape:
            count *= n
        return count
    try:
        members = parse_slice(selection)
    except (TypeError, ValueError):
        raise Refused(400, f"{selection!r} is not a valid selection.") from None
    if len(members) > len(shape):
        raise Refused(400, f"{selection!r} has too many members for a {len(shape)}-D dataset.")
    count = 1
    for i, n in enumerate(shape):
        member = members[i] if i < len(members) else slice(None)
        if isinstance(member, slice):
            count *= len(range(*member.indices(n)))
        elif not -n <= member < n:
            raise Refused(400, f"Index {member} is out of range for dimension {i} ({n}).")
    return count


def data(
    handle: h5py.File,
    path: str | None,
    *,
    selection: str | None,
    dtype: str | None,
    flatten: bool,
    format: str | None,
    max_bytes: int,
) -> Response:
    """``data``: a dataset's values (or a slice), encoded as ``format`` asks; refused
    (413) before reading when the values would pass ``max_bytes``."""
    if format not in (None, *FORMATS):
        raise Refused(400, f"Unknown format {format!r}: use one of {', '.join(FORMATS)}.")
    if dtype not in (None, "origin", "safe"):
        raise Refused(422, f"Unsupported dtype {dtype}")
    found = content(handle, path)
    if not isinstance(found, DatasetContent):
        raise Refused(400, f"{found.path} is not a dataset.")
    try:
        dataset = handle[found.path]
        check_self_contained(dataset)
        size = selected_count(dataset.shape or (), selection) * max(dataset.dtype.itemsize, 1)
        if size > max_bytes:
            raise Refused(
                413,
                f"This selection holds {size:,} bytes of values, more than the viewer sends "
                f"at once ({max_bytes:,}): choose a slice, or use the profile.",
            )
        return encode(found.data(selection, flatten, dtype), format)
    except QueryArgumentError as error:
        raise Refused(422, str(error)) from None
    except (TypeError, ValueError) as error:
        raise Refused(400, f"{found.path} cannot be read: {error}") from None


def paths(handle: h5py.File, path: str | None) -> Response:
    """``paths``: every path below the group ``path`` (links listed, never followed)."""
    found = content(handle, path)
    if found.kind != "group":
        raise Refused(400, f"{found.path} is not a group.")
    names: list[str] = []

    def add(name: str):
        names.append(hdf_path_join(found.path, name))
        return True if len(names) > MAX_PATHS else None  # True stops the visit

    handle[found.path].visit_links(add)
    if len(names) > MAX_PATHS:
        raise Refused(413, f"This group holds more than {MAX_PATHS:,} paths.")
    return encode(names)
