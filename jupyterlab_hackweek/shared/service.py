"""The shared-data service: every operation of the routes, without Tornado.

Methods are blocking (file system, h5py): the handlers call them in a thread.
Refusals are ``PathRefused``, ``PreviewRefused`` or ``TransferRefused``, each with
the HTTP status and a message for a scientist.
"""

from __future__ import annotations

import os
import stat as stat_module

from . import listing, preview
from .config import Root, SharedData, build_roots
from .describe import FolderSizes, read_description
from .paths import PathRefused, Resolved, existing, resolve, split_client_path
from .progress import Progress
from .transfer import TransferRefused, copy_into, write_text_atomic

MAX_README_BYTES = 1024 * 1024


class SharedService:
    """Roots, listing cache and folder sizes for one Jupyter server."""

    def __init__(self, config: SharedData, server_root: str, allow_hidden: bool = False):
        self.server_root = os.path.abspath(server_root)
        self.roots = {r.name: r for r in build_roots(config.roots, self.server_root)}
        self.allow_hidden = allow_hidden
        self.max_nodes = config.preview_max_nodes
        self.publishers = frozenset(config.publishers)
        self.cache = listing.ListingCache(ttl=config.cache_ttl)
        self.sizes = FolderSizes()
        self.progress = Progress()

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

    def _existing(self, root: Root, path: str) -> tuple[Resolved, os.stat_result]:
        return existing(root.path, path, allow_hidden=self.allow_hidden)

    def _folder(self, root_path: str, path: str, not_a_folder: str) -> Resolved:
        """An existing folder below ``root_path``; 400 with ``not_a_folder`` if it is not one."""
        resolved, info = existing(root_path, path, allow_hidden=self.allow_hidden)
        if not stat_module.S_ISDIR(info.st_mode):
            raise PathRefused(400, not_a_folder)
        return resolved

    def list(self, root_name: str, path: str, **query) -> dict:
        """A page of a folder, with its description and total size on the first page."""
        root = self.root(root_name)
        resolved = self._folder(root.path, path, "This is a file, not a folder.")
        root_real = os.path.realpath(root.path)
        try:
            reply = listing.page(
                self.cache, resolved.real, root_real, allow_hidden=self.allow_hidden, **query
            )
        except PermissionError:
            raise PathRefused(403, "You do not have permission to read this folder.") from None
        reply["path"] = resolved.relative
        if reply["offset"] == 0:
            reply["description"] = read_description(resolved.real, root_real)
            size = self.sizes.get(resolved.real, root_real)
            reply["size_pending"] = not size.done()
            reply["total_size"] = size.result() if size.done() else None
        return reply

    def folder_size(self, root_name: str, path: str, timeout: float) -> dict:
        """Wait up to ``timeout`` s for a folder's total size (``size_pending`` if not ready)."""
        root = self.root(root_name)
        resolved = self._folder(root.path, path, "This is a file, not a folder.")
        future = self.sizes.get(resolved.real, os.path.realpath(root.path))
        try:
            return {"total_size": future.result(timeout=timeout), "size_pending": False}
        except TimeoutError:
            return {"total_size": None, "size_pending": True}

    def preview(self, root_name: str, path: str) -> dict:
        """The group/dataset tree of an HDF5, NetCDF-4 file or Zarr folder."""
        root = self.root(root_name)
        resolved, info = self._existing(root, path)
        if stat_module.S_ISDIR(info.st_mode):
            if not preview.is_zarr(resolved.real):
                raise PathRefused(400, "Preview works on HDF5, NetCDF-4 files and Zarr folders.")
            reply = preview.preview_zarr(resolved.real, self.max_nodes)
        elif stat_module.S_ISREG(info.st_mode):
            reply = preview.preview_hdf5(resolved.real, self.max_nodes)
        else:
            raise PathRefused(400, "This is not a regular file (a pipe or device): not opened.")
        return {"path": resolved.relative, **reply}

    def home_folder(self, dest: str) -> str:
        """A folder below the server root (real path checked), for copies."""
        return self._folder(self.server_root, dest, "The destination is not a folder.").real

    def copy(
        self,
        root_name: str,
        path: str,
        dest: str = "",
        name: str | None = None,
        operation: str | None = None,
    ) -> dict:
        """Copy a shared file or folder into the user's space (server root by default).

        With an ``operation`` id, ``progress.get(operation)`` tells how far it got.
        """
        root = self.root(root_name)
        resolved, _ = self._existing(root, path)
        if not resolved.relative:
            raise PathRefused(400, "Choose a file or folder inside the shared folder to copy.")
        dest_real = self.home_folder(dest)
        name = name or resolved.relative.rsplit("/", 1)[-1]
        result = self._tracked(
            operation,
            resolved.real,
            os.path.realpath(root.path),
            dest_real,
            name,
        )
        prefix = "/".join(split_client_path(dest, allow_hidden=self.allow_hidden))
        return {**result, "path": f"{prefix}/{name}" if prefix else name}

    def _writable(self, root_name: str) -> Root:
        root = self.root(root_name)
        if not root.writable:
            raise PathRefused(403, f"The shared folder {root.name!r} is read-only.")
        return root

    def _writable_folder(self, root: Root, path: str) -> str:
        return self._folder(root.path, path, "The destination is not a folder.").real

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
        dest_real = self._writable_folder(root, path)
        src, _ = existing(self.server_root, source, allow_hidden=self.allow_hidden)
        if not src.relative:
            raise PathRefused(400, "Choose a file or folder of yours to publish.")
        name = name or src.relative.rsplit("/", 1)[-1]
        result = self._tracked(
            operation, src.real, os.path.realpath(self.server_root), dest_real, name
        )
        return {**result, "path": f"{path.strip('/')}/{name}".lstrip("/")}

    def _tracked(self, operation, source_real, source_root_real, dest_real, name) -> dict:
        """``copy_into``, its progress kept under ``operation`` (if given)."""
        report = self.progress.start(operation)
        ok = False
        try:
            result = copy_into(
                source_real,
                source_root_real,
                dest_real,
                name,
                allow_hidden=self.allow_hidden,
                report=report,
            )
            ok = True
        finally:
            self.progress.end(operation, ok)
        return result

    def mkdir(self, root_name: str, path: str) -> dict:
        """Create a folder in a writable root (409 if the name exists)."""
        root = self._writable(root_name)
        parts = split_client_path(path, allow_hidden=self.allow_hidden)
        if not parts:
            raise PathRefused(400, "Give the new folder's name.")
        parent = self._writable_folder(root, "/".join(parts[:-1]))
        target = os.path.join(parent, parts[-1])
        try:
            os.mkdir(target, 0o775)
        except FileExistsError:
            raise TransferRefused(409, f"{parts[-1]!r} already exists.") from None
        return {"path": "/".join(parts)}

    def write_readme(self, root_name: str, path: str, text: str) -> dict:
        """Replace a folder's README.md in a writable root, atomically."""
        root = self._writable(root_name)
        folder = self._writable_folder(root, path)
        if not isinstance(text, str) or len(text.encode("utf-8")) > MAX_README_BYTES:
            raise PathRefused(400, "The description must be text of at most 1 MiB.")
        write_text_atomic(folder, "README.md", text)
        return {"path": resolve(root.path, path, allow_hidden=self.allow_hidden).relative}
