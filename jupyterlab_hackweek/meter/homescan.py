"""What fills my home: the space each folder tree takes, measured like ``du -sbx``.

``GET hackweek/api/metrics/home`` answers from the last finished scan of the
user's home and of each writable shared root (the places the user's own writes
fill). A scan counts what ``du -sb`` counts, on one file system (``du -sbx``):

- the apparent size (``st_size``) of every entry: regular files, symbolic links
  (the link itself, never its target: no link is followed), other entries, and
  each folder's own size;
- an inode with several hard links once (for the totals of each folder, it
  belongs to the first folder holding one of its names in path order);
- nothing below a mount point (another device: ``~/shared`` mounted in the home
  is not the user's use of the home), nothing of another scanned root met inside
  this one, and nothing above the root: folders are opened one name at a time
  from their parent's descriptor with ``O_NOFOLLOW`` (``guarded.open_child``).

Scans run on one thread of their own at the lowest CPU priority (nice 19 for
that thread only, never the server process) and give the GIL back every
``YIELD_EVERY`` entries. They are incremental: a folder whose device, inode and
mtime are those of its last read, and whose read is younger than ``ttl``, is not
read again (its files' sizes are reused); every other folder is listed again with
``os.scandir`` and one ``lstat`` per entry. A file that grows in place does not
change its folder's mtime, hence the TTL. A rescan after one change reads the
changed folders only and opens (``fstat``) the others.
"""

from __future__ import annotations

import heapq
import os
import stat as stat_module
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ..guarded import FOLDER
from ..priority import lower_thread_priority

#: How many folders and files each "largest" list holds.
LARGEST = 10
#: Entries read between two moments the scanning thread gives the GIL back.
YIELD_EVERY = 256
#: Deepest folder opened below a root (each level holds one descriptor while walked).
MAX_DEPTH = 256


@dataclass(frozen=True)
class ScanRoot:
    """A tree to measure: its reply name, kind, absolute path, and quota in bytes (0: none)."""

    name: str
    kind: str  # "home" or "shared"
    path: str
    quota: int = 0


@dataclass
class _Folder:
    """What the last read of one folder saw."""

    dev: int
    ino: int
    mtime_ns: int
    at: float
    own: int
    #: Apparent bytes and count of its entries that are not folders and have one link.
    file_bytes: int = 0
    files: int = 0
    #: Entries with several hard links: (dev, ino, size).
    linked: list[tuple[int, int, int]] = field(default_factory=list)
    #: Its largest files: (size, name).
    largest: list[tuple[int, str]] = field(default_factory=list)
    #: Sub-folders: (name, own size from the listing).
    children: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class PassFigures:
    """What one pass over one root did and found."""

    checked: int = 0  # folders opened and fstat-ed
    read: int = 0  # folders listed again (scandir + lstat of each entry)
    unreadable: int = 0  # folders that could not be opened or listed (counted by their own size)
    too_deep: int = 0  # folders below MAX_DEPTH, counted by their own size
    seconds: float = 0.0


def read_folder(fd: int, info: os.stat_result, now: float) -> _Folder:
    """List the open folder ``fd`` (``os.scandir`` + one ``lstat`` per entry)."""
    folder = _Folder(info.st_dev, info.st_ino, info.st_mtime_ns, now, info.st_size)
    largest: list[tuple[int, str]] = []
    count = 0
    with os.scandir(fd) as entries:
        for entry in entries:
            count += 1
            if count % YIELD_EVERY == 0:
                time.sleep(0)  # let the event loop's thread take the GIL
            try:
                entry_stat = entry.stat(follow_symlinks=False)
            except OSError:  # vanished meanwhile
                continue
            size = entry_stat.st_size
            if stat_module.S_ISDIR(entry_stat.st_mode):
                folder.children.append((entry.name, size))
                continue
            if entry_stat.st_nlink > 1:
                folder.linked.append((entry_stat.st_dev, entry_stat.st_ino, size))
            else:
                folder.file_bytes += size
                folder.files += 1
            if stat_module.S_ISREG(entry_stat.st_mode):
                if len(largest) < LARGEST:
                    heapq.heappush(largest, (size, entry.name))
                elif size > largest[0][0]:
                    heapq.heapreplace(largest, (size, entry.name))
    folder.largest = largest
    return folder


class TreeScan:
    """One root's folders as last read, and the figures of its last finished pass."""

    def __init__(self, root: ScanRoot):
        self.root = root
        self._folders: dict[tuple[str, ...], _Folder] = {}
        self.summary: dict | None = None
        self.figures = PassFigures()

    def run_pass(self, ttl: float, skip: set[tuple[int, int]]) -> PassFigures:
        """Walk the tree, reading only the folders that changed; then sum it up.

        ``skip`` holds the (device, inode) of other scanned roots, never counted here.
        """
        started = time.monotonic()
        figures = PassFigures()
        try:
            root_fd = os.open(self.root.path, FOLDER)
        except OSError:
            self._folders = {}
            self.summary = self._summarize({}, {}, figures, time.time())
            self.figures = figures
            return figures
        try:
            visited, leaves = self._walk(root_fd, ttl, skip, figures)
        finally:
            os.close(root_fd)
        self._folders = visited
        figures.seconds = time.monotonic() - started
        self.summary = self._summarize(visited, leaves, figures, time.time())
        self.figures = figures
        return figures

    def _walk(
        self, root_fd: int, ttl: float, skip: set[tuple[int, int]], figures: PassFigures
    ) -> tuple[dict[tuple[str, ...], _Folder], dict[tuple[str, ...], int]]:
        """Every folder reached from the root (depth first, one descriptor per level held)."""
        visited: dict[tuple[str, ...], _Folder] = {}
        #: Folders counted by their own size only (unreadable, too deep): parts → bytes.
        leaves: dict[tuple[str, ...], int] = {}
        seen: set[tuple[int, int]] = set()
        root_info = os.fstat(root_fd)
        device = root_info.st_dev
        seen.add((device, root_info.st_ino))
        now = time.time()
        # Each frame: (parts, fd, iterator over its sub-folders).
        top = self._visit((), os.dup(root_fd), root_info, now, ttl, visited, figures)
        stack = [((), top[0], iter(top[1]))] if top else []
        while stack:
            parts, fd, children = stack[-1]
            child = next(children, None)
            if child is None:
                os.close(fd)
                stack.pop()
                continue
            name, own = child
            child_parts = (*parts, name)
            try:
                child_fd = os.open(name, FOLDER, dir_fd=fd)
            except OSError:  # swapped for a link (ELOOP), removed, or not allowed
                leaves[child_parts] = own
                figures.unreadable += 1
                continue
            try:
                info = os.fstat(child_fd)
            except OSError:
                os.close(child_fd)
                leaves[child_parts] = own
                figures.unreadable += 1
                continue
            key = (info.st_dev, info.st_ino)
            if info.st_dev != device or key in skip or key in seen:
                os.close(child_fd)  # a mount point, another scanned root, or a bind loop
                continue
            seen.add(key)
            if len(child_parts) > MAX_DEPTH:
                os.close(child_fd)
                leaves[child_parts] = info.st_size
                figures.too_deep += 1
                continue
            read = self._visit(child_parts, child_fd, info, now, ttl, visited, figures)
            if read is None:
                leaves[child_parts] = info.st_size
                continue
            stack.append((child_parts, read[0], iter(read[1])))
        return visited, leaves

    def _visit(self, parts, fd, info, now, ttl, visited, figures):
        """Record one open folder (read again if it changed); ``(fd, sub-folders)`` or
        ``None`` (closed) when it cannot be listed."""
        figures.checked += 1
        cached = self._folders.get(parts)
        if (
            cached is not None
            and (cached.dev, cached.ino, cached.mtime_ns)
            == (info.st_dev, info.st_ino, info.st_mtime_ns)
            and now - cached.at < ttl
        ):
            visited[parts] = cached
            return fd, cached.children
        try:
            folder = read_folder(fd, info, now)
        except OSError:
            os.close(fd)
            figures.unreadable += 1
            return None
        figures.read += 1
        visited[parts] = folder
        return fd, folder.children

    def _summarize(self, visited, leaves, figures: PassFigures, when: float) -> dict:
        """Totals per folder (hard links once), the largest folders and files."""
        sizes: dict[tuple[str, ...], int] = dict(leaves)
        seen_links: set[tuple[int, int]] = set()
        files = 0
        largest_files: list[tuple[int, tuple[str, ...]]] = []
        for parts in sorted(visited):
            folder = visited[parts]
            total = folder.own + folder.file_bytes
            files += folder.files
            for dev, ino, size in folder.linked:
                if (dev, ino) not in seen_links:
                    seen_links.add((dev, ino))
                    total += size
                    files += 1
            sizes[parts] = total
            for size, name in folder.largest:
                item = (size, (*parts, name))
                if len(largest_files) < LARGEST:
                    heapq.heappush(largest_files, item)
                elif item > largest_files[0]:
                    heapq.heapreplace(largest_files, item)
        for parts in sorted(sizes, key=len, reverse=True):
            if parts:
                sizes[parts[:-1]] = sizes.get(parts[:-1], 0) + sizes[parts]
        largest_folders = heapq.nlargest(
            LARGEST, ((size, parts) for parts, size in sizes.items() if parts)
        )
        return {
            "used": sizes.get(()),
            "files": files,
            "folders": len(visited),
            "largest_folders": [("/".join(parts), size) for size, parts in largest_folders],
            "largest_files": [
                ("/".join(parts), size) for size, parts in sorted(largest_files, reverse=True)
            ],
            "unreadable": figures.unreadable + figures.too_deep,
            "scanned": when,
        }


class HomeUsage:
    """The scans of the home and the writable shared roots, run in the background.

    ``reply()`` never waits: it starts a pass when none has run yet or the last
    one ended ``interval`` seconds ago, and answers from the last finished one.
    """

    def __init__(
        self,
        roots: list[ScanRoot],
        server_root: str,
        *,
        allow_hidden: bool = False,
        interval: float = 60.0,
        ttl: float = 600.0,
    ):
        self.scans = [TreeScan(root) for root in roots]
        self.server_root = os.path.realpath(server_root)
        self.allow_hidden = allow_hidden
        self.interval = interval
        self.ttl = ttl
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="hackweek-homescan", initializer=lower_thread_priority
        )
        self._running = False
        self._passes = 0
        self._ended = 0.0
        self._last: dict | None = None

    def start_pass_if_due(self) -> bool:
        """Start a pass on the scan thread when due; whether one is running now."""
        with self._lock:
            if not self._running and (
                self._passes == 0 or time.monotonic() - self._ended >= self.interval
            ):
                self._running = True
                self._pool.submit(self._run_pass)
            return self._running

    def run_pass(self) -> dict:
        """One pass over every root, on the calling thread; its figures (for tests and
        benchmarks)."""
        with self._lock:
            self._running = True
        self._run_pass()
        return self._last or {}

    def reply(self) -> dict:
        """The reply of ``GET hackweek/api/metrics/home``."""
        scanning = self.start_pass_if_due()
        return {
            "scanning": scanning,
            "interval": self.interval,
            "last_pass": self._last,
            "roots": [self._root_reply(scan) for scan in self.scans],
        }

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _run_pass(self) -> None:
        started, wall = time.monotonic(), time.time()
        figures: list[PassFigures] = []
        try:
            keys = {}
            for scan in self.scans:
                try:
                    info = os.stat(scan.root.path)
                    keys[scan.root.name] = (info.st_dev, info.st_ino)
                except OSError:
                    pass
            for scan in self.scans:
                others = {key for name, key in keys.items() if name != scan.root.name}
                figures.append(scan.run_pass(self.ttl, others))
        finally:
            with self._lock:
                self._passes += 1
                self._ended = time.monotonic()
                self._running = False
                self._last = {
                    "started": wall,
                    "seconds": round(self._ended - started, 3),
                    "folders_checked": sum(f.checked for f in figures),
                    "folders_read": sum(f.read for f in figures),
                }

    def _lab_path(self, root_path: str, relative: str) -> str | None:
        """The path JupyterLab's file browser opens, or ``None`` when it cannot (outside
        the server root, or hidden while hidden files are not shown)."""
        absolute = os.path.join(os.path.realpath(root_path), relative)
        lab = os.path.relpath(absolute, self.server_root)
        if lab == ".." or lab.startswith("../"):
            return None
        lab = "" if lab == "." else lab
        if not self.allow_hidden and any(part.startswith(".") for part in lab.split("/")):
            return None
        return lab

    def _root_reply(self, scan: TreeScan) -> dict:
        root, summary = scan.root, scan.summary

        def items(pairs: list[tuple[str, int]]) -> list[dict]:
            return [
                {"path": path, "lab_path": self._lab_path(root.path, path), "size": size}
                for path, size in pairs
            ]

        return {
            "name": root.name,
            "kind": root.kind,
            "path": root.path,
            "lab_path": self._lab_path(root.path, ""),
            "quota": root.quota or None,
            "used": summary["used"] if summary else None,
            "files": summary["files"] if summary else None,
            "folders": summary["folders"] if summary else None,
            "unreadable": summary["unreadable"] if summary else 0,
            "scanned": summary["scanned"] if summary else None,
            "largest_folders": items(summary["largest_folders"]) if summary else [],
            "largest_files": items(summary["largest_files"]) if summary else [],
        }
