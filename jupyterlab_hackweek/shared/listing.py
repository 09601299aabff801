"""Folder listings for the shared browser: one ``scandir`` per folder, cached, paged.

A folder is scanned once (``os.scandir`` on its open descriptor + one ``lstat``
per entry) and the result is cached under its device and inode and mtime for
``ttl`` seconds; sorting, filtering and paging then work on the cached entries,
so the 100th page of a 100,000-file folder costs a slice. Entries are skipped
silently when hidden (unless allowed) or when they fail with ``ELOOP``/``EACCES``;
symbolic links are resolved with the guarded walk (``jupyterlab_hackweek.guarded``):
those leading out of the root are listed as ``symlink-out`` with no size; FIFOs,
sockets and devices are ``other``.
"""

from __future__ import annotations

import fnmatch
import os
import stat as stat_module
import threading
import time
from dataclasses import dataclass, field

from ..errors import Refused
from ..guarded import Beneath, NotRegular, Opened, OutsideRoot

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


def scan_folder(
    beneath: Beneath, folder: Opened, *, allow_hidden: bool, limit: int | None = None
) -> list[Entry]:
    """Every visible entry of the open ``folder`` (unsorted); with ``limit``, the first
    ``limit`` the system lists."""
    entries = []
    with os.scandir(folder.fd) as iterator:
        for item in iterator:
            entry = _entry(item, beneath, folder.parts, allow_hidden)
            if entry is not None:
                entries.append(entry)
                if limit is not None and len(entries) >= limit:
                    break
    return entries


def _entry(item: os.DirEntry, beneath: Beneath, parts: list[str], allow_hidden: bool):
    if item.name.startswith(".") and not allow_hidden:
        return None
    try:
        if item.is_symlink():
            with beneath.open([*parts, item.name]) as target:
                info = target.stat
        else:
            info = item.stat(follow_symlinks=False)
    except OutsideRoot:
        return Entry(item.name, "symlink-out", None, None)
    except NotRegular:
        return Entry(item.name, "other", None, None)
    except OSError:  # ELOOP, EACCES, vanished: skip without revealing it
        return None
    if stat_module.S_ISDIR(info.st_mode):
        return Entry(item.name, "directory", None, info.st_mtime)
    if stat_module.S_ISREG(info.st_mode):
        return Entry(item.name, "file", info.st_size, info.st_mtime)
    return Entry(item.name, "other", None, info.st_mtime)


def parse_sort(sort: str) -> tuple[str, bool]:
    """``'-size'`` → ``('size', True)``; a 400 ``Refused`` for an unknown key."""
    descending = sort.startswith("-")
    key = sort[1:] if descending else sort
    if key not in SORT_KEYS:
        raise Refused(400, f"Sort by one of {', '.join(SORT_KEYS)} (prefix '-' for descending).")
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


def count_items(
    beneath: Beneath, parts: list[str], *, allow_hidden: bool, cap: int = ITEM_COUNT_CAP
) -> int | None:
    """How many visible entries the folder ``parts`` holds, stopping at ``cap``;
    ``None`` if it cannot be read as a folder."""
    count = 0
    try:
        with beneath.open(parts) as folder, os.scandir(folder.fd) as iterator:
            for item in iterator:
                if allow_hidden or not item.name.startswith("."):
                    count += 1
                    if count >= cap:
                        break
    except (OSError, OutsideRoot, NotRegular):
        return None
    return count


class ListingCache:
    """Scans of folders keyed by device and inode, valid while mtime is unchanged and for
    ``ttl`` s."""

    def __init__(self, ttl: float = 10.0, max_folders: int = 64):
        self.ttl = ttl
        self.max_folders = max_folders
        self._scans: dict[tuple, _Scan] = {}
        self._lock = threading.Lock()

    def ordered(self, beneath: Beneath, folder: Opened, sort: str, *, allow_hidden: bool):
        """The open folder's entries in ``sort`` order (from the cache when still valid)."""
        parse_sort(sort)
        mtime_ns = folder.stat.st_mtime_ns
        key = (folder.stat.st_dev, folder.stat.st_ino, beneath.real, allow_hidden)
        with self._lock:
            scan = self._scans.get(key)
            if scan and (scan.mtime_ns != mtime_ns or time.monotonic() - scan.at > self.ttl):
                scan = None
        if scan is None:
            entries = scan_folder(beneath, folder, allow_hidden=allow_hidden)
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
    beneath: Beneath,
    folder: Opened,
    *,
    offset: int = 0,
    limit: int = 200,
    sort: str = "name",
    filter: str = "",
    allow_hidden: bool = False,
) -> dict:
    """One page of a folder: ``{"total", "offset", "entries"}``, folders with ``items``."""
    ordered = cache.ordered(beneath, folder, sort, allow_hidden=allow_hidden)
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
            items = count_items(beneath, [*folder.parts, entry.name], allow_hidden=allow_hidden)
            row["items"] = items
            row["items_capped"] = items is not None and items >= ITEM_COUNT_CAP
        rows.append(row)
    return {"total": len(ordered), "offset": offset, "entries": rows}
