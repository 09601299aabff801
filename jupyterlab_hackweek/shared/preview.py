"""Structure previews of HDF5 / NetCDF-4 files and Zarr (v2) folders, metadata only.

Every file comes from a shared root another participant may have crafted, so the
work and the reply are bounded whatever the file holds:

- files are reached with the guarded walk (``jupyterlab_hackweek.guarded``): HDF5
  is read through the very descriptor that was checked (h5py's file-object driver
  over ``CountingReader``, which counts the bytes read: the reply's ``bytes_read``),
  Zarr metadata files one by one below the root; a FIFO or device is refused, never
  waited on;
- HDF5 previews read metadata only (object headers, B-trees, heaps, attributes):
  shapes, dtypes, chunking and filters come from the headers, no dataset's values
  are read, and the kernel is told not to read ahead, so an ATL03 granule's photon
  data never crosses a network file system for its tree;
- HDF5 is opened read-only with ``locking=False`` (shared NFS and read-only mounts
  refuse locks); soft and external links are reported, never followed; a group
  reached again through a hard link is listed once, then as a ``hard-link`` node
  naming the first path (a group linked into itself ends there; a dataset is one
  bounded node, so it is simply listed again); groups deeper
  than ``MAX_DEPTH`` end in one ``too-deep`` node; an object h5py cannot describe
  (a 128-bit integer, a damaged header) is an ``unsupported`` node with the reason;
- names, attribute keys, attribute values and dtypes are cut to ``MAX_STRING``
  characters, attribute counts to ``MAX_ATTRS``, nesting of values to
  ``MAX_VALUE_DEPTH``;
- the reply stops at ``max_nodes`` nodes or ``budget`` bytes of JSON, counted as
  nodes are added; ``truncated_reason`` says which limit cut it;
- the walk hands the GIL over between nodes, so the server's event loop keeps
  answering while a preview runs in its worker thread.
"""

from __future__ import annotations

import errno
import io
import json
import os
import time
from contextlib import contextmanager

from ..errors import Refused
from ..guarded import (
    Beneath,
    NotRegular,
    Opened,
    OutsideRoot,
    open_child,
    read_bounded,
)

MAX_ATTRS = 40
MAX_STRING = 200
MAX_ARRAY_ITEMS = 16
MAX_DEPTH = 64
MAX_VALUE_DEPTH = 8
MAX_METADATA_BYTES = 1024 * 1024
REPLY_BUDGET = 2 * 1024 * 1024
HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
NETCDF3_SIGNATURES = (b"CDF\x01", b"CDF\x02", b"CDF\x05")
TOO_NESTED = "(nested too deeply to show)"
#: Seconds of walking after which the walk lets the event loop's thread run.
YIELD_EVERY = 0.002
ZARR_METADATA = (".zgroup", ".zarray", ".zattrs")


class PreviewRefused(Refused):
    """A file that cannot be previewed."""


def _short(text: str, limit: int = MAX_STRING) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def json_value(value: object, depth: int = 0) -> object:
    """An attribute value as bounded JSON: strings cut, arrays capped, nesting limited."""
    if depth > MAX_VALUE_DEPTH:
        return TOO_NESTED
    if isinstance(value, bytes):
        return _short(value.decode("utf-8", "replace"))
    if isinstance(value, str):
        return _short(value)
    if isinstance(value, (bool, int, float)) or value is None:
        return value
    if hasattr(value, "tolist"):  # numpy scalars and arrays
        size = getattr(value, "size", 1)
        if size > MAX_ARRAY_ITEMS:
            return _short(f"array {tuple(value.shape)} {value.dtype}")
        return json_value(value.tolist(), depth + 1)
    if isinstance(value, (list, tuple)):
        return [json_value(v, depth + 1) for v in value[:MAX_ARRAY_ITEMS]]
    if isinstance(value, dict):
        items = list(value.items())[:MAX_ATTRS]
        return _cut_keys([(k, json_value(v, depth + 1)) for k, v in items])
    return _short(repr(value))


def _cut_keys(pairs: list) -> dict:
    """``(key, JSON value)`` pairs as a dict with cut keys (a cut that collides gets ``#n``)."""
    out: dict = {}
    for number, (key, value) in enumerate(pairs):
        name = _short(str(key))
        if name in out:
            name = _short(str(key), MAX_STRING - 6) + f"#{number}"
        out[name] = value
    return out


class _Reply:
    """Nodes added under a node count and a byte budget of JSON."""

    def __init__(self, max_nodes: int, budget: int):
        self.nodes: list[dict] = []
        self.max_nodes = max_nodes
        self.budget = budget
        self.used = 200  # the envelope: format, path, flags
        self.reason: str | None = None
        self.yielded = time.monotonic()

    @property
    def full(self) -> bool:
        return self.reason is not None

    def add(self, node: dict) -> bool:
        """Add ``node`` if both limits allow it; otherwise record why and say no.

        Hands the GIL over every ``YIELD_EVERY`` seconds: h5py keeps it through
        its calls, and without a pause the server's event loop waited up to 100 ms
        for it.
        """
        now = time.monotonic()
        if now - self.yielded > YIELD_EVERY:
            time.sleep(0)
            self.yielded = now
        if self.full:
            return False
        if len(self.nodes) >= self.max_nodes:
            self.reason = "nodes"
            return False
        size = len(json.dumps(node)) + 2
        if self.used + size > self.budget:
            self.reason = "bytes"
            return False
        self.used += size
        self.nodes.append(node)
        return True

    def to_json(self, fmt: str) -> dict:
        return {
            "format": fmt,
            "nodes": self.nodes,
            "truncated": self.full,
            "truncated_reason": self.reason,
        }


def _node(path: str, kind: str, **extra) -> dict:
    name = path.rsplit("/", 1)[-1] or "/"
    return {"path": path, "name": _short(name), "type": kind, **extra}


def _hdf5_attrs(attrs) -> tuple[dict, int]:
    names = list(attrs.keys())
    pairs = []
    for name in names[:MAX_ATTRS]:
        try:
            pairs.append((name, json_value(attrs[name])))
        except Exception:  # noqa: BLE001 - any attribute h5py cannot read is shown as such
            pairs.append((name, "(unreadable)"))
    return _cut_keys(pairs), len(names)


def _dataset(path: str, dataset) -> dict:
    attrs, count = _hdf5_attrs(dataset.attrs)
    return _node(
        path,
        "dataset",
        shape=list(dataset.shape) if dataset.shape is not None else None,
        dtype=_short(str(dataset.dtype)),
        chunks=list(dataset.chunks) if dataset.chunks else None,
        compression=dataset.compression,
        compression_opts=json_value(dataset.compression_opts),
        virtual=bool(dataset.is_virtual),
        attrs=attrs,
        attr_count=count,
    )


class CountingReader(io.RawIOBase):
    """A read-only file object on an open descriptor that counts the bytes read: what
    h5py's file-object driver reads through, so a preview knows (and says) how much of
    the file it read — on a network file system, what crossed the wire.

    Reads use ``pread`` at the object's own position (the descriptor is shared with
    nobody's position); the kernel is told reads are random (``POSIX_FADV_RANDOM``),
    so a network file system reads no data ahead of the metadata asked for.
    """

    def __init__(self, fd: int):
        super().__init__()
        self._fd = fd
        self._position = 0
        self._size = os.fstat(fd).st_size
        self.bytes_read = 0
        if hasattr(os, "posix_fadvise"):
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_RANDOM)
            except OSError:  # a file system that takes no advice reads as it likes
                pass

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._position, os.SEEK_END: self._size}[whence]
        self._position = max(0, base + offset)
        return self._position

    def readinto(self, buffer) -> int:
        count = os.preadv(self._fd, [buffer], self._position)
        self._position += count
        self.bytes_read += count
        return count


@contextmanager
def open_hdf5(opened: Opened):
    """The open regular file as an ``h5py.File`` read through its very descriptor
    (``CountingReader``, no read-ahead), read-only without locks, for the ``with``
    block: yields ``(handle, reader)``. A netCDF-3 file, or one that is not HDF5, is
    a 415; no h5py in the server environment a 501."""
    head = os.pread(opened.fd, len(HDF5_SIGNATURE), 0)
    if head[:4] in NETCDF3_SIGNATURES:
        raise PreviewRefused(
            415,
            "This is a netCDF-3 (classic) file, not HDF5/netCDF-4, so it has no group tree "
            "to preview. Open it in a notebook with xarray: xr.open_dataset(path).",
        )
    try:
        import h5py
    except ImportError:
        raise PreviewRefused(
            501, "HDF5 preview needs h5py in the server environment (pip install h5py)."
        ) from None
    reader = CountingReader(opened.fd)
    reader.bytes_read = len(head)
    try:
        handle = h5py.File(reader, "r", locking=False)
    except (OSError, ValueError):
        raise PreviewRefused(415, "This file is not HDF5 or netCDF-4, or it is damaged.") from None
    with handle:
        yield handle, reader


def preview_hdf5(opened: Opened, max_nodes: int, budget: int = REPLY_BUDGET) -> dict:
    """The tree of an open HDF5 / NetCDF-4 file: ``{"format", "nodes", "truncated", …,
    "bytes_read", "file_size"}``, read through the very descriptor that was checked
    (never a path looked up again), metadata only: no dataset's values are read."""
    reply = _Reply(max_nodes, budget)
    with open_hdf5(opened) as (handle, reader):
        import h5py

        attrs, count = _hdf5_attrs(handle.attrs)
        name = opened.parts[-1] if opened.parts else ""
        netcdf = "_NCProperties" in handle.attrs or name.endswith((".nc", ".nc4"))
        reply.add(_node("/", "group", attrs=attrs, attr_count=count))
        _walk_hdf5(handle, reply, h5py)
    return {
        **reply.to_json("NetCDF-4" if netcdf else "HDF5"),
        "bytes_read": reader.bytes_read,
        "file_size": opened.stat.st_size,
    }


def _walk_hdf5(root, reply: _Reply, h5py) -> None:
    """Depth first, without recursion; every object listed once."""
    seen = {root.id: "/"}
    stack = [("", iter(_names(root)), root, 0)]
    while stack and not reply.full:
        prefix, names, group, depth = stack[-1]
        name = next(names, None)
        if name is None:
            stack.pop()
            continue
        path = f"{prefix}/{name}"
        node, child = _hdf5_node(group, name, path, seen, h5py)
        if not reply.add(node):
            return
        if child is None:
            continue
        if depth + 1 >= MAX_DEPTH:
            reply.add(
                _node(
                    f"{path}/…",
                    "too-deep",
                    reason=f"Groups nested deeper than {MAX_DEPTH} levels are not listed.",
                )
            )
            continue
        stack.append((path, iter(_names(child)), child, depth + 1))


def _names(group) -> list:
    try:
        return list(group)
    except Exception:  # noqa: BLE001 - a damaged group lists as empty
        return []


def _hdf5_node(group, name: str, path: str, seen: dict, h5py):
    """``(node, group to descend into or None)`` for one link of ``group``."""
    try:
        link = group.get(name, getlink=True)
        if isinstance(link, h5py.ExternalLink):
            return _node(path, "external-link", target=_short(f"{link.filename}:{link.path}")), None
        if isinstance(link, h5py.SoftLink):
            return _node(path, "soft-link", target=_short(link.path)), None
        obj = group[name]
    except (KeyError, OSError):
        return _node(path, "unreadable"), None
    except Exception as error:  # noqa: BLE001 - valid but unusual: say why, never a 500
        return _node(path, "unsupported", reason=_short(str(error))), None
    try:
        if isinstance(obj, h5py.Group):
            first = seen.get(obj.id)
            if first is not None:
                return _node(path, "hard-link", target=_short(first, 4096)), None
            seen[obj.id] = path
            attrs, count = _hdf5_attrs(obj.attrs)
            return _node(path, "group", attrs=attrs, attr_count=count), obj
        if isinstance(obj, h5py.Dataset):
            return _dataset(path, obj), None
        return _node(path, "datatype"), None
    except Exception as error:  # noqa: BLE001 - e.g. a type with no NumPy equivalent
        return _node(path, "unsupported", reason=_short(str(error))), None


# --- Zarr ---------------------------------------------------------------------------------


def _metadata_names(folder_fd: int) -> set[str]:
    """Which of the Zarr metadata names an open folder has (by ``lstat``, nothing opened)."""
    present = set()
    for name in ZARR_METADATA:
        try:
            os.stat(name, dir_fd=folder_fd, follow_symlinks=False)
        except OSError:
            continue
        present.add(name)
    return present


def is_zarr(folder: Opened) -> bool:
    """Whether an open folder is a Zarr v2 group or array."""
    return bool(_metadata_names(folder.fd) & {".zgroup", ".zarray"})


class _Unreadable(Exception):
    """A metadata file that cannot be shown; the message says why."""


def _read_json(beneath: Beneath, parts: list[str]) -> dict:
    """A Zarr metadata file as a dict (``{}`` if missing or not an object).

    A FIFO or device raises ``PreviewRefused`` (400); a link out of the root or
    JSON nested too deeply raises ``_Unreadable``.
    """
    try:
        with beneath.open(parts) as opened:
            data = read_bounded(opened.fd, MAX_METADATA_BYTES) if opened.is_file else b""
    except OutsideRoot:
        raise _Unreadable(
            f"Its {parts[-1]} leads out of the shared folder (a symbolic link): not read."
        ) from None
    except NotRegular:
        raise PreviewRefused(
            400, f"{'/'.join(parts)} is not a regular file (a pipe or device): not opened."
        ) from None
    except OSError as error:
        if error.errno in (errno.ENOENT, errno.ENOTDIR):
            return {}
        raise _Unreadable(f"Its {parts[-1]} cannot be read.") from None
    try:
        value = json.loads(data)
    except RecursionError:
        raise _Unreadable(f"Its {parts[-1]} is JSON nested too deeply to read.") from None
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def preview_zarr(
    beneath: Beneath, folder: Opened, max_nodes: int, budget: int = REPLY_BUDGET
) -> dict:
    """The tree of an open Zarr v2 store from its ``.zgroup``/``.zarray``/``.zattrs`` files."""
    reply = _Reply(max_nodes, budget)
    stack = [("", folder.parts, 0)]
    while stack and not reply.full:
        prefix, parts, depth = stack.pop()
        path = prefix or "/"
        try:
            node, is_group = _zarr_node(beneath, parts, path)
        except _Unreadable as problem:
            reply.add(_node(path, "refused", reason=str(problem)))
            continue
        if not reply.add(node) or not is_group:
            continue
        if depth + 1 >= MAX_DEPTH:
            reply.add(_node(f"{prefix}/…", "too-deep", reason=f"Deeper than {MAX_DEPTH} levels."))
            continue
        for name in reversed(_zarr_children(beneath, parts)):
            stack.append((f"{prefix}/{name}", [*parts, name], depth + 1))
    return reply.to_json("Zarr")


def _zarr_node(beneath: Beneath, parts: list[str], path: str) -> tuple[dict, bool]:
    extra = {}
    try:
        raw = _read_json(beneath, [*parts, ".zattrs"])
    except _Unreadable as problem:  # the node is still shown, without attributes
        raw, extra = {}, {"problem": str(problem)}
    attrs = _cut_keys([(k, json_value(v)) for k, v in list(raw.items())[:MAX_ATTRS]])
    with beneath.open(parts) as opened:
        present = _metadata_names(opened.fd)
    if ".zarray" in present:
        meta = _read_json(beneath, [*parts, ".zarray"])
        compressor = meta.get("compressor")
        node = _node(
            path,
            "dataset",
            shape=json_value(meta.get("shape")),
            dtype=_short(str(meta.get("dtype"))),
            chunks=json_value(meta.get("chunks")),
            virtual=False,
            attrs=attrs,
            attr_count=len(raw),
            compression=_short(str(compressor.get("id"))) if isinstance(compressor, dict) else None,
            **extra,
        )
        return node, False
    if ".zgroup" in present:
        _read_json(
            beneath, [*parts, ".zgroup"]
        )  # refuses a FIFO, as the store's own reader would hang
    return _node(path, "group", attrs=attrs, attr_count=len(raw), **extra), True


def _zarr_children(beneath: Beneath, parts: list[str]) -> list[str]:
    """The sub-folders of a Zarr group that are Zarr groups or arrays themselves, by name."""
    names = []
    try:
        with beneath.open(parts) as opened, os.scandir(opened.fd) as iterator:
            folders = sorted(
                e.name
                for e in iterator
                if e.is_dir(follow_symlinks=False) and not e.name.startswith(".")
            )
            for name in folders:
                try:
                    child = open_child(opened.fd, name)
                except (OSError, NotRegular):
                    continue
                with child:
                    if child.is_dir and is_zarr(child):
                        names.append(name)
    except (OSError, OutsideRoot, NotRegular):
        return []
    return names
