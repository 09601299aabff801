"""Dataset descriptions (README.md, dataset.yaml, datapackage.json) and folder sizes.

Descriptions are opened with the guarded walk (``jupyterlab_hackweek.guarded``),
read only when they are regular files inside the root, and only up to
``MAX_DESCRIPTION_BYTES``. Folder sizes are computed in a background thread from
the folder's own descriptor, never following a link, and cached; a listed folder's
own files are summed from its listing's ``stat`` pass (one pass per folder, not
two); until ready the listing reports ``size_pending``.
"""

from __future__ import annotations

import json
import os
import stat as stat_module
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor

from ..guarded import Beneath, NotRegular, Opened, OutsideRoot, open_child, read_bounded
from ..priority import lower_thread_priority

MAX_DESCRIPTION_BYTES = 256 * 1024
MAX_FIELD_CHARS = 2000
FIELDS = {
    "title": ("title",),
    "description": ("description",),
    "source": ("source", "sources"),
    "citation": ("citation",),
    "licence": ("licence", "license", "licenses"),
}
SIZE_TTL = 300.0
MAX_SIZE_ENTRIES = 1_000_000


def _read_small(beneath: Beneath, parts: list[str]) -> str | None:
    try:
        with beneath.open(parts) as opened:
            if not opened.is_file:
                return None
            data = read_bounded(opened.fd, MAX_DESCRIPTION_BYTES)
    except (OSError, OutsideRoot, NotRegular):
        return None
    return data.decode("utf-8", "replace")


def _text(value: object) -> str | None:
    """A field value as text: objects give their title/name/path, lists their first item."""
    if isinstance(value, list):
        return _text(value[0]) if value else None
    if isinstance(value, dict):
        value = value.get("title") or value.get("name") or value.get("path")
    return None if value is None else str(value)[:MAX_FIELD_CHARS]


def _fields(data: object) -> dict:
    if not isinstance(data, dict):
        return {}
    out = {}
    for key, aliases in FIELDS.items():
        for alias in aliases:
            text = _text(data.get(alias))
            if text:
                out[key] = text
                break
    return out


def read_description(beneath: Beneath, parts: list[str]) -> dict | None:
    """``{"readme", "title", "description", "source", "citation", "licence"}`` or ``None``."""
    result: dict = {}
    readme = _read_small(beneath, [*parts, "README.md"])
    if readme is not None:
        result["readme"] = readme
    text = _read_small(beneath, [*parts, "dataset.yaml"])
    if text is not None:
        try:
            import yaml

            result.update(_fields(yaml.safe_load(text)))
        except ImportError:
            result.setdefault("description", text[:MAX_FIELD_CHARS])
        except yaml.YAMLError:
            pass
    text = _read_small(beneath, [*parts, "datapackage.json"])
    if text is not None:
        try:
            package = json.loads(text)
        except ValueError:
            package = None
        for key, value in _fields(package).items():
            result.setdefault(key, value)
    return result or None


def folder_size(folder_fd: int) -> int:
    """Total bytes of regular files under an open folder, never following a link (bounded).

    Closes ``folder_fd``. Each subfolder is opened from its parent's descriptor,
    so a folder renamed or swapped for a link meanwhile is not followed out.
    """
    return _walk([folder_fd], 0)


def _walk(stack: list[int], seen: int) -> int:
    """Bytes of regular files under the open folders of ``stack`` (closed here), at most
    ``MAX_SIZE_ENTRIES`` entries counting the ``seen`` ones."""
    total = 0
    try:
        while stack and seen < MAX_SIZE_ENTRIES:
            fd = stack.pop()
            try:
                with os.scandir(fd) as iterator:
                    for item in iterator:
                        seen += 1
                        try:
                            info = item.stat(follow_symlinks=False)
                            if stat_module.S_ISDIR(info.st_mode):
                                child = open_child(fd, item.name)
                                if child.is_dir:
                                    stack.append(child.fd)
                                else:
                                    child.close()
                            elif stat_module.S_ISREG(info.st_mode):
                                total += info.st_size
                        except (OSError, NotRegular):
                            continue
            except OSError:
                pass
            finally:
                os.close(fd)
    finally:
        for fd in stack:
            os.close(fd)
    return total


def listed_size(folder_fd: int, stated) -> int:
    """:func:`folder_size` of an open folder whose listing has its own ``stat`` pass:
    ``stated()`` waits for it and gives ``(entries, link names)`` (``None`` if it failed).
    The folder's files are summed from those entries and only its subfolders are walked,
    so a folder of 100,000 files is read and ``stat``-ed once per server, not twice (on a
    network file system, each pass is a round trip per entry). Closes ``folder_fd``."""
    listed = stated()
    if listed is None:
        return folder_size(folder_fd)
    entries, links = listed
    total, children = 0, []
    try:
        for entry in entries:
            if entry.name in links:  # links are neither followed nor counted
                continue
            if entry.type == "file":
                total += entry.size
            elif entry.type == "directory":
                try:
                    child = open_child(folder_fd, entry.name)
                except (OSError, NotRegular):
                    continue
                if child.is_dir:
                    children.append(child.fd)
                else:
                    child.close()
    except BaseException:
        for fd in children:
            os.close(fd)
        raise
    finally:
        os.close(folder_fd)
    return total + _walk(children, len(entries))


class FolderSizes:
    """Background folder-size computations, cached by device and inode for ``SIZE_TTL`` s."""

    def __init__(self):
        self._pool = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="hackweek-size", initializer=lower_thread_priority
        )
        self._lock = threading.Lock()
        self._jobs: dict[tuple[int, int], tuple[float, Future]] = {}

    def get(self, folder: Opened, stated=None) -> Future:
        """The (possibly running) size computation of an open folder; with ``stated``
        (its listing's entries, see :func:`listed_size`), from those."""
        key = (folder.stat.st_dev, folder.stat.st_ino)
        with self._lock:
            job = self._jobs.get(key)
            if job is None or time.monotonic() - job[0] > SIZE_TTL:
                # "." opened from the folder: its own directory stream (a dup would share
                # the read position with the caller's descriptor).
                fd = os.open(".", os.O_RDONLY | os.O_DIRECTORY, dir_fd=folder.fd)
                work = (listed_size, fd, stated) if stated else (folder_size, fd)
                job = (time.monotonic(), self._pool.submit(*work))
                self._jobs[key] = job
            return job[1]
