"""Dataset descriptions (README.md, dataset.yaml, datapackage.json) and folder sizes.

Descriptions are read only when they are regular files whose real path is inside the
root, and only up to ``MAX_DESCRIPTION_BYTES``. Folder sizes are computed in a
background thread and cached; until ready the listing reports ``size_pending``.
"""

from __future__ import annotations

import json
import os
import stat as stat_module
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor

from ..paths import is_inside

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


def _read_small(folder_real: str, root_real: str, name: str) -> str | None:
    path = os.path.join(folder_real, name)
    try:
        real = os.path.realpath(path)
        if not is_inside(root_real, real) or not os.path.isfile(real):
            return None
        with open(real, "rb") as handle:
            data = handle.read(MAX_DESCRIPTION_BYTES)
    except OSError:
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


def read_description(folder_real: str, root_real: str) -> dict | None:
    """``{"readme", "title", "description", "source", "citation", "licence"}`` or ``None``."""
    result: dict = {}
    readme = _read_small(folder_real, root_real, "README.md")
    if readme is not None:
        result["readme"] = readme
    text = _read_small(folder_real, root_real, "dataset.yaml")
    if text is not None:
        try:
            import yaml

            result.update(_fields(yaml.safe_load(text)))
        except ImportError:
            result.setdefault("description", text[:MAX_FIELD_CHARS])
        except yaml.YAMLError:
            pass
    text = _read_small(folder_real, root_real, "datapackage.json")
    if text is not None:
        try:
            package = json.loads(text)
        except ValueError:
            package = None
        for key, value in _fields(package).items():
            result.setdefault(key, value)
    return result or None


def folder_size(folder_real: str, root_real: str) -> int:
    """Total bytes of regular files under a folder, not following symlinks (bounded)."""
    total = 0
    seen = 0
    stack = [folder_real]
    while stack and seen < MAX_SIZE_ENTRIES:
        try:
            iterator = os.scandir(stack.pop())
        except OSError:
            continue
        with iterator:
            for item in iterator:
                seen += 1
                try:
                    info = item.stat(follow_symlinks=False)
                except OSError:
                    continue
                if stat_module.S_ISDIR(info.st_mode):
                    stack.append(item.path)
                elif stat_module.S_ISREG(info.st_mode):
                    total += info.st_size
    return total


class FolderSizes:
    """Background folder-size computations, cached by real path for ``SIZE_TTL`` seconds."""

    def __init__(self):
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hackweek-size")
        self._lock = threading.Lock()
        self._jobs: dict[str, tuple[float, Future]] = {}

    def get(self, folder_real: str, root_real: str) -> Future:
        """The (possibly running) size computation of a folder."""
        with self._lock:
            job = self._jobs.get(folder_real)
            if job is None or time.monotonic() - job[0] > SIZE_TTL:
                job = (time.monotonic(), self._pool.submit(folder_size, folder_real, root_real))
                self._jobs[folder_real] = job
            return job[1]
