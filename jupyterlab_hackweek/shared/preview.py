"""Structure previews of HDF5 / NetCDF-4 files and Zarr (v2) folders, metadata only.

HDF5 files are opened read-only with ``locking=False`` (shared NFS and read-only
mounts refuse locks); soft and external links are reported, never followed;
virtual datasets are flagged; nothing reads dataset values. The result is a flat
list of nodes in depth-first order, bounded by ``max_nodes``; attribute counts and
long strings are capped.
"""

from __future__ import annotations

import json
import os

from ..errors import Refused

MAX_ATTRS = 40
MAX_STRING = 200
MAX_ARRAY_ITEMS = 16
HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
NETCDF3_SIGNATURES = (b"CDF\x01", b"CDF\x02", b"CDF\x05")


class PreviewRefused(Refused):
    """A file that cannot be previewed."""


def _short(text: str) -> str:
    return text if len(text) <= MAX_STRING else text[:MAX_STRING] + "…"


def json_value(value: object) -> object:
    """An attribute value as bounded JSON: strings truncated, arrays capped."""
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
        return json_value(value.tolist())
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value[:MAX_ARRAY_ITEMS]]
    return _short(repr(value))


def _attrs(attrs) -> tuple[dict, int]:
    out = {}
    names = list(attrs.keys())
    for name in names[:MAX_ATTRS]:
        try:
            out[name] = json_value(attrs[name])
        except (OSError, TypeError, ValueError):
            out[name] = "(unreadable)"
    return out, len(names)


def _node(path: str, kind: str, **extra) -> dict:
    return {"path": path, "name": path.rsplit("/", 1)[-1] or "/", "type": kind, **extra}


def _dataset(path: str, dataset) -> dict:
    attrs, count = _attrs(dataset.attrs)
    return _node(
        path,
        "dataset",
        shape=list(dataset.shape) if dataset.shape is not None else None,
        dtype=str(dataset.dtype),
        chunks=list(dataset.chunks) if dataset.chunks else None,
        compression=dataset.compression,
        compression_opts=json_value(dataset.compression_opts),
        virtual=bool(dataset.is_virtual),
        attrs=attrs,
        attr_count=count,
    )


def preview_hdf5(real_path: str, max_nodes: int) -> dict:
    """The tree of an HDF5 / NetCDF-4 file: ``{"format", "nodes", "truncated"}``."""
    with open(real_path, "rb") as handle:
        head = handle.read(8)
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
    try:
        handle = h5py.File(real_path, "r", locking=False)
    except OSError:
        raise PreviewRefused(415, "This file is not HDF5 or netCDF-4, or it is damaged.") from None
    with handle:
        attrs, count = _attrs(handle.attrs)
        netcdf = "_NCProperties" in handle.attrs or real_path.endswith((".nc", ".nc4"))
        nodes = [_node("/", "group", attrs=attrs, attr_count=count)]
        truncated = _walk(handle, "", nodes, max_nodes, h5py)
    return {"format": "NetCDF-4" if netcdf else "HDF5", "nodes": nodes, "truncated": truncated}


def _walk(group, prefix: str, nodes: list, max_nodes: int, h5py) -> bool:
    for name in group:
        if len(nodes) >= max_nodes:
            return True
        path = f"{prefix}/{name}"
        link = group.get(name, getlink=True)
        if isinstance(link, h5py.ExternalLink):
            nodes.append(_node(path, "external-link", target=f"{link.filename}:{link.path}"))
            continue
        if isinstance(link, h5py.SoftLink):
            nodes.append(_node(path, "soft-link", target=link.path))
            continue
        try:
            obj = group[name]
        except (KeyError, OSError):
            nodes.append(_node(path, "unreadable"))
            continue
        if isinstance(obj, h5py.Group):
            attrs, count = _attrs(obj.attrs)
            nodes.append(_node(path, "group", attrs=attrs, attr_count=count))
            if _walk(obj, path, nodes, max_nodes, h5py):
                return True
        elif isinstance(obj, h5py.Dataset):
            nodes.append(_dataset(path, obj))
        else:
            nodes.append(_node(path, "datatype"))
    return False


def is_zarr(folder_real: str) -> bool:
    """Whether a folder is a Zarr v2 group or array."""
    return any(os.path.isfile(os.path.join(folder_real, n)) for n in (".zgroup", ".zarray"))


def _read_json(path: str) -> dict:
    try:
        with open(path, "rb") as handle:
            data = json.loads(handle.read(1024 * 1024))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def preview_zarr(folder_real: str, max_nodes: int) -> dict:
    """The tree of a Zarr v2 store from its ``.zgroup``/``.zarray``/``.zattrs`` files."""
    nodes: list[dict] = []
    stack = [("", folder_real)]
    truncated = False
    while stack:
        prefix, folder = stack.pop()
        if len(nodes) >= max_nodes:
            truncated = True
            break
        raw = _read_json(os.path.join(folder, ".zattrs"))
        attrs = {k: json_value(v) for k, v in list(raw.items())[:MAX_ATTRS]}
        path = prefix or "/"
        if os.path.isfile(os.path.join(folder, ".zarray")):
            meta = _read_json(os.path.join(folder, ".zarray"))
            compressor = meta.get("compressor")
            nodes.append(
                _node(
                    path,
                    "dataset",
                    shape=meta.get("shape"),
                    dtype=str(meta.get("dtype")),
                    chunks=meta.get("chunks"),
                    virtual=False,
                    attrs=attrs,
                    attr_count=len(raw),
                    compression=compressor.get("id") if isinstance(compressor, dict) else None,
                )
            )
            continue
        nodes.append(_node(path, "group", attrs=attrs, attr_count=len(raw)))
        try:
            names = sorted(
                e.name
                for e in os.scandir(folder)
                if e.is_dir(follow_symlinks=False) and not e.name.startswith(".")
            )
        except OSError:
            continue
        for name in reversed(names):
            child = os.path.join(folder, name)
            if is_zarr(child):
                stack.append((f"{prefix}/{name}", child))
    return {"format": "Zarr", "nodes": nodes, "truncated": truncated}
