"""The shared-data service: every operation of the routes, without Tornado.

Methods are blocking (file system, h5py): the handlers call them in a thread.
Refusals are ``PathRefused``, ``PreviewRefused`` or ``TransferRefused``, each with
the HTTP status and a message for a scientist; a file-system error of a route's
method becomes one too (:func:`_file_system_refusals`).
"""

from __future__ import annotations

import functools
import os
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from ..guarded import real_path, write_atomic
from ..paths import is_inside
from . import listing, preview
from .config import Root, SharedData, build_roots
from .describe import FolderSizes, read_description
from .index import SharedIndex, size_check
from .paths import PathRefused, check_new_name, open_root, opened_below, split_client_path
from .progress import Progress
from .transfer import TransferRefused, copy_into, gather_into

MAX_README_BYTES = 1024 * 1024
#: The most files (or folders) one publication gathers.
MAX_PUBLISH_SOURCES = 5000
#: Previews run in a pool of their own: a stuck file costs one of these threads.
PREVIEW_WORKERS = 4


def _file_system_refusals(method):
    """``method``, with the file system's errors answered as refusals: a file or folder
    that vanished (404), a permission the file system denies (403), any other error
    (500, with the system's words)."""

    @functools.wraps(method)
    def answered(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        except FileNotFoundError:
            raise PathRefused(404, "The file or folder vanished while it was being read.") from None
        except PermissionError:
            raise PathRefused(403, "Permission denied by the file system.") from None
        except OSError as error:
            raise PathRefused(500, f"File system error: {error.strerror or error}") from None

    return answered


class SharedService:
    """Roots, listing cache and folder sizes for one Jupyter server.

    The methods the routes call (``list``, ``folder_size``, ``preview``, ``copy``,
    ``publish``, ``mkdir``, ``write_readme``) answer file-system errors as refusals.
    """

    def __init__(self, config: SharedData, server_root: str, allow_hidden: bool = False):
        self.server_root = os.path.abspath(server_root)
        self.roots = {r.name: r for r in build_roots(config.roots, self.server_root)}
        self.allow_hidden = allow_hidden
        self.max_nodes = config.preview_max_nodes
        self.publishers = frozenset(config.publishers)
        self.cache = listing.ListingCache(ttl=config.cache_ttl, share=config.stat_share)
        self.sizes = FolderSizes()
        self.progress = Progress()
        self.preview_timeout = config.preview_timeout
        self.preview_pool = ThreadPoolExecutor(
            max_workers=PREVIEW_WORKERS, thread_name_prefix="hackweek-preview"
        )
        self.index = SharedIndex(
            list(self.roots.values()),
            self.server_root,
            allow_hidden=allow_hidden,
            ttl=config.cache_ttl,
            max_files=config.index_max_files,
        )

    def root(self, name: str) -> Root:
        """The root called ``name`` (404 if none)."""
        root = self.roots.get(name)
        if root is None:
            raise PathRefused(404, f"There is no shared folder named {name!r}.")
        return root

    def may_publish(self, username: str | None) -> bool:
        """Whether ``username`` may publish, make folders and edit descriptions."""
        return not self.publishers or username in self.publishers

    def roots_json(self) -> list[dict]:
        """The roots for the client, with ``lab_path`` when JupyterLab can open files there."""
        out = []
        for root in self.roots.values():
            relative = os.path.relpath(root.path, self.server_root)
            inside = relative != ".." and not relative.startswith("../")
            out.append(
                {
                    "name": root.name,
                    "path": root.path,
                    "writable": root.writable,
                    "available": os.path.isdir(root.path),
                    "lab_path": (relative if relative != "." else "") if inside else None,
                }
            )
        return out

    def find(
        self, granules: list[tuple[str, int | None]], saved: dict[str, list[tuple[str, int]]]
    ) -> dict:
        """Where each granule already is: on a shared root (the index) or among the
        files the user's downloads saved (``saved``: name → ``(absolute path, size)``,
        from the downloads manager). Places on the shared roots come first."""
        reply = self.index.find(granules)
        found = reply["found"]
        for name, expected in granules:
            for absolute, size in saved.get(name, ()):
                relative = os.path.relpath(absolute, self.server_root)
                found.setdefault(name, []).append(
                    {
                        "where": "downloads",
                        "root": None,
                        "path": relative,
                        "absolute": absolute,
                        "lab_path": None if relative.startswith("../") else relative,
                        "size": size,
                        "size_check": size_check(size, expected),
                    }
                )
        return reply

    @contextmanager
    def _opened(self, root_path: str, path: str, not_a_folder: str | None = None):
        """Open ``path`` below ``root_path`` for the ``with`` block; with ``not_a_folder``,
        refuse (400) anything but a folder."""
        with opened_below(root_path, path, allow_hidden=self.allow_hidden) as opened:
            if not_a_folder is not None and not opened[1].is_dir:
                raise PathRefused(400, not_a_folder)
            yield opened

    @_file_system_refusals
    def list(self, root_name: str, path: str, **query) -> dict:
        """A page of a folder, with its description and total size on the first page."""
        root = self.root(root_name)
        with self._opened(root.path, path, "This is a file, not a folder.") as (
            beneath,
            folder,
            relative,
        ):
            try:
                reply = listing.page(
                    self.cache, beneath, folder, allow_hidden=self.allow_hidden, **query
                )
            except PermissionError:
                raise PathRefused(403, "You do not have permission to read this folder.") from None
            reply["path"] = relative
            if reply["offset"] == 0:
                reply["description"] = read_description(beneath, folder.parts)
                scan = self.cache.listed(beneath, folder, allow_hidden=self.allow_hidden)
                size = self.sizes.get(folder, scan and scan.stated)
                reply["size_pending"] = not size.done()
                reply["total_size"] = size.result() if size.done() else None
        return reply

    @_file_system_refusals
    def folder_size(self, root_name: str, path: str, timeout: float) -> dict:
        """Wait up to ``timeout`` s for a folder's total size (``size_pending`` if not
        ready) and for its listing's sizes (``sizes_counting`` while they still count);
        the reply comes as soon as the listing's sizes do, even while the total is not
        ready yet (the caller asks again for it)."""
        root = self.root(root_name)
        deadline = time.monotonic() + timeout
        with self._opened(root.path, path, "This is a file, not a folder.") as (
            beneath,
            folder,
            _,
        ):
            scan = self.cache.listed(beneath, folder, allow_hidden=self.allow_hidden)
            future = self.sizes.get(folder, scan and scan.stated)
            was_counting = self.cache.counting(
                beneath, folder, allow_hidden=self.allow_hidden, timeout=0
            )
            counting = was_counting and self.cache.counting(
                beneath, folder, allow_hidden=self.allow_hidden, timeout=timeout
            )
        if was_counting and not counting and not future.done():
            # The listing's sizes just came (waited for above): say so now, so that the
            # panel fills them in without waiting for the whole folder's total too.
            return {"total_size": None, "size_pending": True, "sizes_counting": False}
        try:
            total = future.result(timeout=max(0.0, deadline - time.monotonic()))
        except TimeoutError:
            return {"total_size": None, "size_pending": True, "sizes_counting": counting}
        return {"total_size": total, "size_pending": False, "sizes_counting": counting}

    @contextmanager
    def open_hdf5(self, root_name: str | None, path: str):
        """Published for other features (the data viewer): the HDF5 / netCDF-4 file
        ``path`` below the shared root ``root_name`` (``None``: the server root), opened
        by the guarded walk and read by h5py through the checked descriptor
        (``preview.open_hdf5``), for the ``with`` block; yields the ``h5py.File``.
        Refusals as for previews (``PathRefused``: 404, 403, 400; 415 not HDF5); a
        folder is a 400."""
        root_path = self.server_root if root_name is None else self.root(root_name).path
        with (
            self._opened(root_path, path) as (_, opened, _),
            preview.open_hdf5(_regular(opened)) as (handle, _),
        ):
            yield handle

    @_file_system_refusals
    def preview(self, root_name: str, path: str) -> dict:
        """The group/dataset tree of an HDF5, NetCDF-4 file or Zarr folder."""
        root = self.root(root_name)
        with self._opened(root.path, path) as (beneath, opened, relative):
            if opened.is_dir:
                if not preview.is_zarr(opened):
                    raise PathRefused(
                        400, "Preview works on HDF5, NetCDF-4 files and Zarr folders."
                    )
                reply = preview.preview_zarr(beneath, opened, self.max_nodes)
            else:
                reply = preview.preview_hdf5(opened, self.max_nodes)
        return {"path": relative, **reply}

    @contextmanager
    def _destination(self, dest: str, username: str | None):
        """The folder ``dest`` below the server root, open for a copy; a folder inside a
        shared root is refused unless ``username`` may publish there."""
        with self._opened(self.server_root, dest, "The destination is not a folder.") as opened:
            real = real_path(opened[1].fd)
            for root in self.roots.values():
                if real is None or not is_inside(os.path.realpath(root.path), real):
                    continue
                if not root.writable:
                    raise PathRefused(403, f"The shared folder {root.name!r} is read-only.")
                if not self.may_publish(username):
                    raise PathRefused(
                        403, "Only the hackweek organizers can change the shared folders."
                    )
            yield opened

    @_file_system_refusals
    def copy(
        self,
        root_name: str,
        path: str,
        dest: str = "",
        name: str | None = None,
        operation: str | None = None,
        username: str | None = None,
    ) -> dict:
        """Copy a shared file or folder into the user's space (server root by default).

        A destination inside a shared root follows ``publishers`` like publishing.
        With an ``operation`` id, ``progress.get(operation)`` tells how far it got.
        """
        root = self.root(root_name)
        with (
            self._opened(root.path, path) as (beneath, source, relative),
            self._destination(dest, username) as (_, folder, dest_relative),
        ):
            if not relative:
                raise PathRefused(400, "Choose a file or folder inside the shared folder to copy.")
            name = name or relative.rsplit("/", 1)[-1]
            result = self._tracked(operation, copy_into, beneath, source, folder, name)
        return {**result, "path": f"{dest_relative}/{name}" if dest_relative else name}

    def _writable(self, root_name: str) -> Root:
        root = self.root(root_name)
        if not root.writable:
            raise PathRefused(403, f"The shared folder {root.name!r} is read-only.")
        return root

    @_file_system_refusals
    def publish(
        self,
        root_name: str,
        path: str,
        source: str,
        name: str | None = None,
        operation: str | None = None,
    ) -> dict:
        """Copy ``source`` (relative to the server root) into folder ``path`` of a writable root."""
        root = self._writable(root_name)
        with (
            self._opened(root.path, path, "The destination is not a folder.") as (_, folder, where),
            self._opened(self.server_root, source) as (beneath, opened, relative),
        ):
            if not relative:
                raise PathRefused(400, "Choose a file or folder of yours to publish.")
            name = name or relative.rsplit("/", 1)[-1]
            result = self._tracked(operation, copy_into, beneath, opened, folder, name)
        return {**result, "path": f"{where}/{name}" if where else name}

    @_file_system_refusals
    def publish_files(
        self,
        root_name: str,
        path: str,
        sources: list[str],
        name: str,
        readme: str | None = None,
        operation: str | None = None,
    ) -> dict:
        """Make the new folder ``name`` in folder ``path`` of a writable root, holding the
        files or folders ``sources`` (relative to the server root) and ``readme`` as its
        README.md — a finished subset order published in one step."""
        root = self._writable(root_name)
        if len(sources) > MAX_PUBLISH_SOURCES:
            raise PathRefused(400, f"Publish at most {MAX_PUBLISH_SOURCES} files at once.")
        if readme is not None:
            _check_readme(readme)
        parts = [split_client_path(source, allow_hidden=self.allow_hidden) for source in sources]
        with (
            self._opened(root.path, path, "The destination is not a folder.") as (_, folder, where),
            open_root(self.server_root) as beneath,
        ):
            result = self._tracked(
                operation, gather_into, beneath, parts, folder, name, readme=readme
            )
        return {**result, "path": f"{where}/{name}" if where else name}

    def _tracked(self, operation, copy, *args, **options) -> dict:
        """``copy(*args, **options)`` (``copy_into``, ``gather_into``), its progress kept
        under ``operation`` (if given)."""
        report = self.progress.start(operation)
        ok = False
        try:
            result = copy(*args, allow_hidden=self.allow_hidden, report=report, **options)
            ok = True
        finally:
            self.progress.end(operation, ok)
        return result

    @_file_system_refusals
    def mkdir(self, root_name: str, path: str) -> dict:
        """Create a folder in a writable root (409 if the name exists)."""
        root = self._writable(root_name)
        parts = split_client_path(path, allow_hidden=self.allow_hidden)
        if not parts:
            raise PathRefused(400, "Give the new folder's name.")
        check_new_name(parts[-1], allow_hidden=self.allow_hidden)
        parent = "/".join(parts[:-1])
        with self._opened(root.path, parent, "The destination is not a folder.") as (_, folder, _):
            try:
                os.mkdir(parts[-1], 0o775, dir_fd=folder.fd)
            except FileExistsError:
                raise TransferRefused(409, f"{parts[-1]!r} already exists.") from None
        return {"path": "/".join(parts)}

    @_file_system_refusals
    def write_readme(self, root_name: str, path: str, text: str) -> dict:
        """Replace a folder's README.md in a writable root, atomically."""
        root = self._writable(root_name)
        _check_readme(text)
        with self._opened(root.path, path, "The destination is not a folder.") as (
            _,
            folder,
            relative,
        ):
            write_atomic(folder.fd, "README.md", text.encode("utf-8"))
        return {"path": relative}


def _regular(opened):
    """``opened``, if it is a file (400 for a folder)."""
    if not opened.is_file:
        raise PathRefused(400, "This is a folder: choose an HDF5 or netCDF-4 file.")
    return opened


def _check_readme(text) -> None:
    """Refuse (400) a description that is not text of at most ``MAX_README_BYTES``."""
    if not isinstance(text, str) or len(text.encode("utf-8")) > MAX_README_BYTES:
        raise PathRefused(400, "The description must be text of at most 1 MiB.")
