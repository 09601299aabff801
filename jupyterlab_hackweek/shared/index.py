"""Which files are already on the shared volume: an index of the shared roots by file name.

The data search asks ``find`` whether the granules of a results page are already
in a shared root (``shared/find``). Walking the roots per request would cost
seconds on a 100,000-file volume, so one ``SharedIndex`` per server keeps, for
every folder below every root, the files its last scan saw (name → size), and a
name → folders map answers a request with dictionary look-ups.

How it is built and kept fresh:

- Folders are scanned with the listing's own ``scan_folder`` (hidden entries
  skipped unless allowed, links resolved by the guarded walk: a link out of the
  root is ``symlink-out`` and never indexed, a FIFO, socket or device is
  ``other`` and never opened for reading); every folder is reached with
  ``Beneath.open`` from the root, and only real folders are descended into (a
  link to a folder is not followed, so no loop and no file counted twice).
- A *pass* visits every indexed folder, ``fstat``s it and scans again only the
  folders whose device, inode or mtime changed, or whose scan is older than
  ``SharedData.cache_ttl`` (the listing cache's rule: adding, removing or
  renaming an entry changes its folder's mtime; a file rewritten in place does
  not, hence the TTL), and those indexed in part while the index has room
  again. A pass of an unchanged volume is one ``open`` + ``fstat`` per folder,
  never a rescan of the files.
- Passes run on one thread of their own (``hackweek-index``) at the lowest CPU
  priority (nice 19): a scan never holds the event loop or the threads that
  answer requests. A request starts a pass when the last one ended more than
  ``CHECK_INTERVAL`` seconds ago and waits at most ``FRESH_WAIT`` seconds for it;
  then it answers from the index as it is.
- The first index is built on the first request (not at server start: 70
  servers starting together would all scan the volume at once). Until that first
  pass ends, replies say ``"building": true`` and hold what the folders scanned
  so far matched; the panel asks again.
- At most ``SharedData.index_max_files`` files are kept (about 150 bytes each);
  past that, folders are indexed in part and replies say ``"complete": false``.
"""

from __future__ import annotations

import os
import stat as stat_module
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from ..errors import Refused
from ..guarded import Beneath, NotRegular, OutsideRoot
from ..priority import lower_thread_priority
from .config import Root
from .listing import scan_folder

#: Most granules one request may ask about (the data search's largest page is 2,000).
MAX_GRANULES = 10_000
#: Most places given for one name (the same file in several folders or roots).
MAX_PLACES = 4
#: Seconds after a pass during which requests answer from the index without a new pass.
CHECK_INTERVAL = 5.0
#: Seconds a request waits for the pass it started before answering.
FRESH_WAIT = 0.5


@dataclass
class _Folder:
    """One indexed folder: where it is, what its last scan saw, and when."""

    root: Root
    parts: tuple[str, ...]
    dev: int
    ino: int
    mtime_ns: int
    at: float
    files: dict[str, int]
    children: list[str]
    #: Whether files were left out (``index_max_files`` reached).
    partial: bool = False
    #: The folder's absolute path, and its path in JupyterLab (None: outside the
    #: server root), worked out when a reply first names it.
    absolute: str | None = None
    lab: str | None = None


def check_granules(body: dict) -> list[tuple[str, int | None]]:
    """The ``granules`` of a request body as ``(name, size or None)``; 400 for bad input."""
    granules = body.get("granules")
    if not isinstance(granules, list):
        raise Refused(400, "Send the results as 'granules': a list of {name, size}.")
    if len(granules) > MAX_GRANULES:
        raise Refused(400, f"Ask about at most {MAX_GRANULES:,} granules at once.")
    checked = []
    for granule in granules:
        name = granule.get("name") if isinstance(granule, dict) else None
        size = granule.get("size") if isinstance(granule, dict) else None
        if not isinstance(name, str):
            raise Refused(400, "Each granule needs a 'name' (text).")
        if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size < 0):
            raise Refused(400, "A granule's 'size' must be a whole number of bytes, or null.")
        checked.append((name, size))
    return checked


def size_check(size: int | None, expected: int | None) -> str:
    """``match`` when the file has the size CMR lists, ``mismatch`` when not, ``unknown``
    when CMR lists none (or the file's size is not known)."""
    if expected is None or size is None:
        return "unknown"
    return "match" if size == expected else "mismatch"


class SharedIndex:
    """File names below the shared roots, kept fresh by folder mtimes (see the module)."""

    def __init__(
        self,
        roots: list[Root],
        server_root: str,
        *,
        allow_hidden: bool = False,
        ttl: float = 300.0,
        max_files: int = 1_000_000,
    ):
        self.roots = roots
        self.server_root = server_root
        self.allow_hidden = allow_hidden
        self.ttl = ttl
        self.max_files = max_files
        self._folders: dict[tuple[str, tuple[str, ...]], _Folder] = {}
        #: name → the folder holding it, or a tuple of folders when several do.
        self._where: dict[str, _Folder | tuple[_Folder, ...]] = {}
        self._count = 0
        self._partial = 0  # folders indexed in part
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="hackweek-index", initializer=lower_thread_priority
        )
        self._pass: Future | None = None
        self._passes = 0
        self._ended = 0.0

    # ---- requests

    @property
    def building(self) -> bool:
        """Whether the first pass is still running."""
        return self._passes == 0

    def refresh(self) -> Future:
        """The running pass, or a new one if the last ended ``CHECK_INTERVAL`` s ago."""
        with self._lock:
            running = self._pass is not None and not self._pass.done()
            if not running and (
                self._passes == 0 or time.monotonic() - self._ended > CHECK_INTERVAL
            ):
                self._pass = self._pool.submit(self._run_pass)
            return self._pass

    def find(self, granules: list[tuple[str, int | None]]) -> dict:
        """Where each granule is on the shared roots: ``{"found": {name: [place]}}``.

        A place is ``{"where": "shared", "root", "path" (below the root),
        "absolute", "lab_path", "size", "size_check"}``. Starts a pass when due and
        waits for it at most ``FRESH_WAIT`` s (never while the first index builds).
        """
        job = self.refresh()
        if not self.building:
            try:
                job.result(timeout=FRESH_WAIT)
            except TimeoutError:
                pass
        found: dict[str, list[dict]] = {}
        where = self._where
        with self._lock:
            for name, expected in granules:
                held = where.get(name)
                if held is None:
                    continue
                folders = held if isinstance(held, tuple) else (held,)
                found[name] = [
                    self._place(folder, name, folder.files[name], expected)
                    for folder in folders[:MAX_PLACES]
                ]
            return {
                "found": found,
                "building": self.building,
                "complete": self._partial == 0,
                "files": self._count,
            }

    def _place(self, folder: _Folder, name: str, size: int, expected: int | None) -> dict:
        if folder.absolute is None:
            folder.absolute = os.path.join(folder.root.path, *folder.parts)
            relative = os.path.relpath(folder.absolute, self.server_root)
            outside = relative == ".." or relative.startswith("../")
            folder.lab = None if outside else "" if relative == "." else relative
        return {
            "where": "shared",
            "root": folder.root.name,
            "path": "/".join((*folder.parts, name)),
            "absolute": f"{folder.absolute}/{name}",
            "lab_path": None if folder.lab is None else f"{folder.lab}/{name}".lstrip("/"),
            "size": size,
            "size_check": size_check(size, expected),
        }

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    # ---- passes (on the index thread)

    def _run_pass(self) -> None:
        try:
            seen: set[tuple[str, tuple[str, ...]]] = set()
            for root in self.roots:
                try:
                    with Beneath(root.path) as beneath:
                        self._walk(root, beneath, seen)
                except OSError:
                    pass  # a root that is not there: its folders are dropped below
            with self._lock:
                for key in [key for key in self._folders if key not in seen]:
                    self._drop(self._folders.pop(key))
        finally:
            with self._lock:
                self._passes += 1
                self._ended = time.monotonic()

    def _walk(self, root: Root, beneath: Beneath, seen: set) -> None:
        """Visit every real folder below ``root``, scanning those that changed."""
        visited: set[tuple[int, int]] = set()
        stack: list[tuple[str, ...]] = [()]
        while stack:
            parts = stack.pop()
            try:
                folder = beneath.open(list(parts))
            except (OSError, OutsideRoot, NotRegular):
                continue
            with folder:
                info = folder.stat
                if not folder.is_dir or (info.st_dev, info.st_ino) in visited:
                    continue
                visited.add((info.st_dev, info.st_ino))
                key = (root.name, parts)
                seen.add(key)
                record = self._folders.get(key)
                if (
                    record is None
                    or (record.dev, record.ino, record.mtime_ns)
                    != (info.st_dev, info.st_ino, info.st_mtime_ns)
                    or time.monotonic() - record.at > self.ttl
                    or (record.partial and self._count < self.max_files)
                ):
                    record = self._scan(root, beneath, folder, parts)
                    if record is None:
                        continue
                # In name order (a stack: the first name last)
                stack.extend((*parts, child) for child in sorted(record.children, reverse=True))

    def _scan(self, root: Root, beneath: Beneath, folder, parts) -> _Folder | None:
        """Scan one open folder and put it in the index in place of its last scan."""
        with self._lock:
            old = self._folders.get((root.name, parts))
            room = self.max_files - self._count + (len(old.files) if old else 0)
        try:
            entries = scan_folder(beneath, folder, allow_hidden=self.allow_hidden, limit=room + 1)
        except OSError:
            return None
        files: dict[str, int] = {}
        children: list[str] = []
        partial = len(entries) > room  # the scan stopped at its limit
        for entry in entries:
            if entry.type == "file":
                if len(files) < room:
                    files[entry.name] = entry.size
                else:
                    partial = True
            elif entry.type == "directory" and self._real_folder(folder.fd, entry.name):
                children.append(entry.name)
        info = folder.stat
        record = _Folder(
            root,
            parts,
            info.st_dev,
            info.st_ino,
            info.st_mtime_ns,
            time.monotonic(),
            files,
            children,
            partial,
        )
        with self._lock:
            old = self._folders.get((root.name, parts))
            if old is not None:
                self._drop(old)
            self._folders[(root.name, parts)] = record
            for name in files:
                held = self._where.get(name)
                if held is None:
                    self._where[name] = record
                elif isinstance(held, tuple):
                    self._where[name] = (*held, record)
                else:
                    self._where[name] = (held, record)
            self._count += len(files)
            self._partial += partial
        return record

    @staticmethod
    def _real_folder(folder_fd: int, name: str) -> bool:
        """Whether ``name`` is a folder itself, not a link to one (links are not walked)."""
        try:
            info = os.stat(name, dir_fd=folder_fd, follow_symlinks=False)
        except OSError:
            return False
        return stat_module.S_ISDIR(info.st_mode)

    def _drop(self, record: _Folder) -> None:
        """Take a folder's files out of the name map (the lock is held)."""
        for name in record.files:
            held = self._where.get(name)
            if held is record:
                del self._where[name]
            elif isinstance(held, tuple):
                rest = tuple(folder for folder in held if folder is not record)
                self._where[name] = rest[0] if len(rest) == 1 else rest
        self._count -= len(record.files)
        self._partial -= record.partial
