"""Folder listings for the shared browser: one ``scandir`` per folder, cached, paged.

A folder is scanned once (``os.scandir`` + one ``stat`` per entry) and the result is
cached under its real path and mtime for ``ttl`` seconds; sorting, filtering and
paging then work on the cached entries, so the 100th page of a 100,000-file folder
costs a slice. Entries are skipped silently when hidden (unless allowed) or when
they fail with ``ELOOP``/``EACCES``; symlinks leading out of the root are listed
as ``symlink-out`` with no size; FIFOs, sockets and devices are ``other``.
"""

from __future__ import annotations

import fnmatch
import os
import stat as stat_module
import threading
import time
from dataclasses import dataclass, field

from ..paths import is_inside

SORT_KEYS = ("name", "size", "modified")
MAX_LIMIT = 1000
ITEM_COUNT_CAP = 10_000
MAX_ITEM_COUNTS = 200


@dataclass(frozen=True)
class Entry:
    """One listed entry (JSON: ``name``, ``type``, ``size``, ``modified``)."""

    name: str
    type: str
    size: int | None
    modified: float | None

    def to_json(self) -> dict:
        return {"name": self.name, "type": self.type, "size": self.size, "modified": self.modified}


@dataclass
class _Scan:
    mtime_ns: int
    at: float
    entries: list[Entry]
    orders: dict[str, list[Entry]] = field(default_factory=dict)


def scan_folder(folder_real: str, root_real: str, *, allow_hidden: bool) -> list[Entry]:
    """Every visible entry of ``folder_real`` (unsorted)."""
    entries = []
    with os.scandir(folder_real) as iterator:
        for item in iterator:
            entry = _entry(item, root_real, allow_hidden)
            if entry is not None:
                entries.append(entry)
    return entries


def _entry(item: os.DirEntry, root_real: str, allow_hidden: bool) -> Entry | None:
    if item.name.startswith(".") and not allow_hidden:
        return None
    try:
        if item.is_symlink() and not is_inside(root_real, os.path.realpath(item.path)):
            return Entry(item.name, "symlink-out", None, None)
        info = item.stat()
    except OSError:  # ELOOP, EACCES, vanished: skip without revealing it
        return None
    if stat_module.S_ISDIR(info.st_mode):
        return Entry(item.name, "directory", None, info.st_mtime)
    if stat_module.S_ISREG(info.st_mode):
        return Entry(item.name, "file", info.st_size, info.st_mtime)
    return Entry(item.name, "other", None, info.st_mtime)


def parse_sort(sort: str) -> tuple[str, bool]:
    """``'-size'`` → ``('size', True)``; raise ``ValueError`` for an unknown key."""
    descending = sort.startswith("-")
    key = sort[1:] if descending else sort
    if key not in SORT_KEYS:
        raise ValueError(f"Sort by one of {', '.join(SORT_KEYS)} (prefix '-' for descending).")
    return key, descending


def sort_entries(entries: list[Entry], sort: str) -> list[Entry]:
    """Folders first, then by the key (names case-insensitively); ``-`` reverses the key."""
    key, descending = parse_sort(sort)
    if key == "name":
        ordered = sorted(entries, key=lambda e: (e.name.casefold(), e.name), reverse=descending)
    elif key == "size":
        ordered = sorted(entries, key=lambda e: (e.size or 0, e.name), reverse=descending)
    else:
        ordered = sorted(entries, key=lambda e: (e.modified or 0, e.name), reverse=descending)
    return [e for e in ordered if e.type == "directory"] + [
        e for e in ordered if e.type != "directory"
    ]


def matcher(pattern: str):
    """A predicate on names: glob if ``pattern`` has ``*?[``, else substring; case-insensitive."""
    folded = pattern.casefold()
    if any(char in folded for char in "*?["):
        return lambda name: fnmatch.fnmatchcase(name.casefold(), folded)
    return lambda name: folded in name.casefold()


def count_items(folder_real: str, *, allow_hidden: bool, cap: int = ITEM_COUNT_CAP) -> int | None:
    """How many visible entries a folder holds, stopping at ``cap``; ``None`` if unreadable."""
    count = 0
    try:
        with os.scandir(folder_real) as iterator:
            for item in iterator:
                if allow_hidden or not item.name.startswith("."):
                    count += 1
                    if count >= cap:
                        break
    except OSError:
        return None
    return count


class ListingCache:
    """Scans of folders keyed by real path, valid while mtime is unchanged and for ``ttl`` s."""

    def __init__(self, ttl: float = 10.0, max_folders: int = 64):
        self.ttl = ttl
        self.max_folders = max_folders
        self._scans: dict[str, _Scan] = {}
        self._lock = threading.Lock()

    def ordered(self, folder_real: str, root_real: str, sort: str, *, allow_hidden: bool):
        """The folder's entries in ``sort`` order (from the cache when still valid)."""
        parse_sort(sort)
        mtime_ns = os.stat(folder_real).st_mtime_ns
        key = f"{folder_real}\x00{allow_hidden}"
        with self._lock:
            scan = self._scans.get(key)
            if scan and (scan.mtime_ns != mtime_ns or time.monotonic() - scan.at > self.ttl):
                scan = None
        if scan is None:
            entries = scan_folder(folder_real, root_real, allow_hidden=allow_hidden)
            scan = _Scan(mtime_ns, time.monotonic(), entries)
            with self._lock:
                if len(self._scans) >= self.max_folders:
                    self._scans.pop(next(iter(self._scans)))
                self._scans[key] = scan
        order = scan.orders.get(sort)
        if order is None:
            order = scan.orders[sort] = sort_entries(scan.entries, sort)
        return order


def page(
    cache: ListingCache,
    folder_real: str,
    root_real: str,
    *,
    offset: int = 0,
    limit: int = 200,
    sort: str = "name",
    filter: str = "",
    allow_hidden: bool = False,
) -> dict:
    """One page of a folder: ``{"total", "offset", "entries"}``, folders with ``items``."""
    ordered = cache.ordered(folder_real, root_real, sort, allow_hidden=allow_hidden)
    if filter:
        accept = matcher(filter)
        ordered = [e for e in ordered if accept(e.name)]
    limit = max(0, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    rows = []
    counted = 0
    for entry in ordered[offset : offset + limit]:
        row = entry.to_json()
        if entry.type == "directory" and counted < MAX_ITEM_COUNTS:
            counted += 1
            items = count_items(os.path.join(folder_real, entry.name), allow_hidden=allow_hidden)
            row["items"] = items
            row["items_capped"] = items is not None and items >= ITEM_COUNT_CAP
        rows.append(row)
    return {"total": len(ordered), "offset": offset, "entries": rows}
