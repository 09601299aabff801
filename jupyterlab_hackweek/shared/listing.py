"""Folder listings for the shared browser: names first, ``stat`` in the background, paged.

On a network file system (NFS, EFS, sshfs) each ``stat`` is a round trip, so a folder
is first read names only (``os.scandir`` of its open descriptor; the system's
``d_type`` says which names are folders): the first page in name order (the
default) is those names sorted plus an ``lstat`` of its own rows. The ``lstat`` of
every entry (sizes and times for the other sorts, item counts of the first
folders) runs meanwhile on a background thread, and replies say
``sizes_counting`` until it ends. Listings are cached under the folder's device and
inode, shared by every request of the server, and read again only when the
folder's mtime changed; their ``stat`` results are retaken past ``ttl`` seconds.
Entries are skipped silently when hidden (unless allowed) or when they fail with
``ELOOP``/``EACCES``; symbolic links are resolved with the guarded walk
(``jupyterlab_hackweek.guarded``) when the names are read: those leading out of the
root are listed as ``symlink-out`` with no size; FIFOs, sockets and devices are
``other``.
"""

from __future__ import annotations

import fnmatch
import heapq
import os
import stat as stat_module
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

from ..errors import Refused
from ..guarded import Beneath, NotRegular, Opened, OutsideRoot, open_child
from ..priority import Pacer, lower_thread_priority

SORT_KEYS = ("name", "size", "modified")
MAX_LIMIT = 1000
ITEM_COUNT_CAP = 10_000
MAX_ITEM_COUNTS = 200
# A stat pass rests (SharedData.stat_share) only past this many entries: most folders
# are counted at once, a 100,000-file one paced.
UNPACED_STATS = 10_000


class Entry(NamedTuple):
    """One listed entry (JSON: ``name``, ``type``, ``size``, ``modified``); a tuple, made
    100,000 times by a folder's ``stat`` pass at a third of a frozen dataclass's cost."""

    name: str
    type: str
    size: int | None
    modified: float | None

    def to_json(self) -> dict:
        return {"name": self.name, "type": self.type, "size": self.size, "modified": self.modified}


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


def order_entries(by_name: list[Entry], key: str, descending: bool) -> list[Entry]:
    """Entries already in name order (reversed with ``descending``) in ``key`` order,
    folders first: stable sorts on one value each, ties left in name order (no sort of
    every name again, a second or so for 100,000 entries with a tuple key)."""
    folders = [e for e in by_name if e.type == "directory"]
    others = [e for e in by_name if e.type != "directory"]
    if key != "name":
        value = (lambda e: e.size or 0) if key == "size" else (lambda e: e.modified or 0)
        for group in (folders, others):
            group.sort(key=value, reverse=descending)
    return folders + others


def _sorted(names: _Names, entries: list[Entry], sort: str) -> list[Entry]:
    """The entries of a ``stat`` pass in ``sort`` order, from the names' own order (two
    sorts of plain strings, done once) rather than a sort of every entry by a key."""
    key, descending = parse_sort(sort)
    stated = {entry.name: entry for entry in entries}
    by_name = list(filter(None, map(stated.get, names.ordered(descending))))
    return order_entries(by_name, key, descending)


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


class _Names:
    """A folder's visible names, folders apart from the rest, and the entries of its
    links (resolved by the guarded walk when the names were read).

    ``first(n)`` is the start of the name order (folders first) without sorting every
    name: a heap selection in C, so a first page costs little more than the read;
    ``order`` (every name sorted) is taken once, by the background pass or a far page.
    """

    def __init__(self, folders: list[str], others: list[str], links: dict[str, Entry]):
        self.folders = _name_sorted(folders)
        self.others = others
        self.links = links
        self._order: list[str] | None = None
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.folders) + len(self.others)

    @property
    def order(self) -> list[str]:
        with self._lock:
            if self._order is None:
                self._order = self.folders + _name_sorted(list(self.others))
            return self._order

    def ordered(self, descending: bool) -> list[str]:
        """Every name in order, folders first; ``descending`` reverses each part."""
        order = self.order
        if not descending:
            return order
        split = len(self.folders)
        return order[:split][::-1] + order[split:][::-1]

    def first(self, count: int, *, descending: bool, accept=None) -> list[str]:
        """The first ``count`` names of the order (reversed within folders and the rest
        with ``descending``), of those ``accept`` keeps."""
        folders = self.folders[::-1] if descending else self.folders
        if accept:
            folders = [name for name in folders if accept(name)]
        if len(folders) >= count:
            return folders[:count]
        others = [name for name in self.others if accept(name)] if accept else self.others
        pick = heapq.nlargest if descending else heapq.nsmallest
        rest = count - len(folders)
        if _lowercase(others):  # the order is the plain one: compared in C, no key
            return folders + pick(rest, others)
        return folders + pick(rest, others, key=lambda name: (name.casefold(), name))


def _lowercase(names: list[str]) -> bool:
    """Whether case folding leaves every name as it is (the usual granule names)."""
    joined = "\0".join(names)
    return joined.casefold() == joined


def _name_sorted(names: list[str]) -> list[str]:
    """Names case-insensitively, ties by the names themselves (the listing's name order):
    two sorts, each comparing strings in C, a third of the time of one with a tuple key."""
    names.sort()
    if not _lowercase(names):
        names.sort(key=str.casefold)
    return names


class _Scan:
    """One folder's listing: its names (read at once, without a ``stat``), then every
    entry's ``stat`` and the first folders' item counts, filled in by a background pass."""

    def __init__(self, mtime_ns: int, names: _Names):
        self.mtime_ns = mtime_ns
        self.names = names
        self.entries: list[Entry] | None = None
        self.stated_at = 0.0
        self.orders: dict[str, list[Entry]] = {}
        self.items: dict[str, int | None] = {}
        self.done = threading.Event()
        self.pass_running = False

    @property
    def counting(self) -> bool:
        return self.entries is None

    def stated(self) -> tuple[list[Entry], frozenset[str]] | None:
        """Wait for the first ``stat`` pass: every entry and the names that are links
        (``None`` if the pass failed). The folder's total size is summed from these."""
        self.done.wait()
        entries = self.entries
        return None if entries is None else (entries, frozenset(self.names.links))


def scan_names(beneath: Beneath, folder: Opened, *, allow_hidden: bool) -> _Names:
    """The open folder's visible names in name order, folders first, from the names the
    system lists and their ``d_type`` alone (no ``stat`` of a plain entry): links are
    resolved by the guarded walk (those out of the root are ``symlink-out``, loops and
    unreadable ones skipped, as in :func:`scan_folder`)."""
    folders, others, links = [], [], {}
    add = others.append  # the usual entry: one call of d_type for it, in C
    with os.scandir(folder.fd) as iterator:
        for item in iterator:
            name = item.name
            if name[0] == "." and not allow_hidden:
                continue
            try:
                if item.is_file(follow_symlinks=False):
                    add(name)
                elif item.is_dir(follow_symlinks=False):
                    folders.append(name)
                elif not item.is_symlink():
                    add(name)  # FIFOs, sockets, devices: 'other'
                else:
                    entry = _entry(item, beneath, folder.parts, allow_hidden)
                    if entry is not None:
                        links[name] = entry
                        (folders if entry.type == "directory" else others).append(name)
            except OSError:  # a name that vanished (DT_UNKNOWN needed an lstat)
                continue
    return _Names(folders, others, links)


def _stat_entry(folder_fd: int, name: str) -> Entry | None:
    """The entry ``name`` of an open folder from its ``lstat`` (``None`` if it is gone
    or unreadable; a link met here, swapped in since the names were read, is 'other')."""
    try:
        info = os.stat(name, dir_fd=folder_fd, follow_symlinks=False)
    except OSError:
        return None
    if stat_module.S_ISDIR(info.st_mode):
        return Entry(name, "directory", None, info.st_mtime)
    if stat_module.S_ISREG(info.st_mode):
        return Entry(name, "file", info.st_size, info.st_mtime)
    return Entry(name, "other", None, info.st_mtime)


def _count_child(folder_fd: int, name: str, allow_hidden: bool) -> int | None:
    """:func:`count_items` of the sub-folder ``name`` of an open folder (no link followed)."""
    count = 0
    try:
        with open_child(folder_fd, name) as child:
            if not child.is_dir:
                return None
            with os.scandir(child.fd) as iterator:
                for item in iterator:
                    if allow_hidden or not item.name.startswith("."):
                        count += 1
                        if count >= ITEM_COUNT_CAP:
                            break
    except (OSError, NotRegular):
        return None
    return count


class ListingCache:
    """Listings of folders keyed by device and inode, shared by every request of the
    server, valid while the folder's mtime is unchanged.

    A folder not in the cache (or whose mtime changed) is read names only
    (:func:`scan_names`): a first page in name order then costs the names plus a
    ``stat`` of its own rows. The ``stat`` of every entry (sizes and times for the
    other sorts, the first folders' item counts) runs meanwhile in a background pass
    (``workers`` threads, each pass paced to ``share`` of its wall-clock time:
    :class:`~jupyterlab_hackweek.priority.Pacer`), and pages say ``sizes_counting``
    until it ends. Those ``stat`` results are taken again (the names are not read
    again) once older than ``ttl`` s when a request needs them (a sort by size or time:
    a file can grow without its folder's mtime changing); a page in name order takes
    its own rows' ``stat`` instead, so a folder is never fully re-read for it.
    """

    def __init__(
        self, ttl: float = 10.0, max_folders: int = 64, workers: int = 2, share: float = 1.0
    ):
        self.ttl = ttl
        self.share = share
        self.max_folders = max_folders
        self._scans: dict[tuple, _Scan] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(
            max_workers=workers,
            thread_name_prefix="hackweek-stat",
            initializer=lower_thread_priority,
        )

    def scan(
        self, beneath: Beneath, folder: Opened, *, allow_hidden: bool, refresh: bool = True
    ) -> _Scan:
        """The open folder's scan: cached while its mtime is unchanged, else its names
        read now; the background ``stat`` pass started when none is fresh (unless
        ``refresh`` is false: the caller then calls :meth:`refresh` when its page is
        taken, so the pass does not compete with it for the interpreter)."""
        key = (folder.stat.st_dev, folder.stat.st_ino, beneath.real, allow_hidden)
        mtime_ns = folder.stat.st_mtime_ns
        with self._lock:
            scan = self._scans.get(key)
        if scan is None or scan.mtime_ns != mtime_ns:
            scan = _Scan(mtime_ns, scan_names(beneath, folder, allow_hidden=allow_hidden))
            with self._lock:
                if key not in self._scans and len(self._scans) >= self.max_folders:
                    self._scans.pop(next(iter(self._scans)))
                self._scans[key] = scan
        if refresh:
            self.refresh(scan, folder, allow_hidden)
        return scan

    def fresh(self, scan: _Scan) -> bool:
        """Whether the scan's ``stat`` results are there and younger than ``ttl``."""
        return scan.entries is not None and time.monotonic() - scan.stated_at <= self.ttl

    def refresh(self, scan: _Scan, folder: Opened, allow_hidden: bool) -> None:
        """Start the background ``stat`` pass unless its results are fresh or it runs."""
        with self._lock:
            if self.fresh(scan) or scan.pass_running:
                return
            scan.pass_running = True
            scan.done.clear()  # a sort waiting for the entries waits for this pass
        # "." opened from the folder: a directory stream and descriptor of its own, that
        # outlives this request's (never a path looked up again).
        fd = os.open(".", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC, dir_fd=folder.fd)
        self._pool.submit(self._stat_pass, scan, fd, allow_hidden)

    def _stat_pass(self, scan: _Scan, fd: int, allow_hidden: bool) -> None:
        """Every entry's ``stat`` and the first folders' item counts; closes ``fd``."""
        entries = None
        try:
            entries = []
            links = scan.names.links
            pacer = Pacer(self.share, free=UNPACED_STATS)
            # In the order read (folders first, sorted): no sort of every name here,
            # which would hold the interpreter while the request's reply is sent.
            for name in (*scan.names.folders, *scan.names.others):
                entry = links.get(name) or _stat_entry(fd, name)
                if entry is not None:
                    entries.append(entry)
                pacer.step()
            items = {}
            for entry in entries[:MAX_ITEM_COUNTS]:
                if entry.type != "directory":
                    break
                items[entry.name] = _count_child(fd, entry.name, allow_hidden)
            # The default order taken here, not by the next request: the names are
            # sorted by now (the first page's reply long sent).
            orders = {"name": _sorted(scan.names, entries, "name")}
            with self._lock:
                scan.entries, scan.orders, scan.stated_at = entries, orders, time.monotonic()
                scan.items.update(items)
        finally:
            os.close(fd)
            with self._lock:
                scan.pass_running = False
            scan.done.set()  # also after a failure: a waiting request then says so

    def listed(self, beneath: Beneath, folder: Opened, *, allow_hidden: bool) -> _Scan | None:
        """The open folder's scan if it is listed (and unchanged since), else ``None``."""
        key = (folder.stat.st_dev, folder.stat.st_ino, beneath.real, allow_hidden)
        with self._lock:
            scan = self._scans.get(key)
        return scan if scan is not None and scan.mtime_ns == folder.stat.st_mtime_ns else None

    def counting(
        self, beneath: Beneath, folder: Opened, *, allow_hidden: bool, timeout: float
    ) -> bool:
        """Wait up to ``timeout`` s for the open folder's first ``stat`` pass, if it is
        listed; whether its sizes are still counting then."""
        scan = self.listed(beneath, folder, allow_hidden=allow_hidden)
        if scan is None:
            return False
        scan.done.wait(timeout)
        return scan.counting

    def ordered(self, beneath: Beneath, folder: Opened, sort: str, *, allow_hidden: bool):
        """Every entry of the open folder in ``sort`` order (waits for the ``stat`` pass)."""
        parse_sort(sort)
        scan = self.scan(beneath, folder, allow_hidden=allow_hidden)
        return self._order(scan, sort)

    def _order(self, scan: _Scan, sort: str) -> list[Entry]:
        scan.done.wait()
        with self._lock:
            entries, orders = scan.entries, scan.orders
        if entries is None:
            raise Refused(500, "The folder's entries could not be read; try again.")
        order = orders.get(sort)
        if order is None:
            order = orders[sort] = _sorted(scan.names, entries, sort)
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
    """One page of a folder: ``{"total", "offset", "entries", "sizes_counting"}``, folders
    with ``items`` (``None`` while counting).

    In name order while the background ``stat`` pass runs (or its results are older
    than the cache's ``ttl``), the page comes from the names and a ``stat`` of its own
    rows, and only a folder never stated starts a pass; other sorts take stale results
    again, and wait for the pass when there is none yet.
    """
    key, descending = parse_sort(sort)
    scan = cache.scan(beneath, folder, allow_hidden=allow_hidden, refresh=False)
    limit = max(0, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    accept = matcher(filter) if filter else None
    counting = scan.counting
    if key == "name" and not cache.fresh(scan):
        names = scan.names
        if offset + limit <= MAX_LIMIT:
            shown = names.first(offset + limit, descending=descending, accept=accept)[offset:]
            total = len(names)
            if accept:
                total = sum(1 for name in (*names.folders, *names.others) if accept(name))
        else:
            order = names.ordered(descending)
            if accept:
                order = [name for name in order if accept(name)]
            total, shown = len(order), order[offset : offset + limit]
        # A name gone since it was read is left out of the page (the pass drops it too).
        window = [names.links.get(name) or _stat_entry(folder.fd, name) for name in shown]
        window = [e for e in window if e is not None]
        if scan.entries is None:
            # The first pass (sizes of the other sorts, the folders' item counts). Stale
            # results are not taken again for a page in name order, which took its own
            # rows' stat: on a network file system a pass is a round trip per entry.
            cache.refresh(scan, folder, allow_hidden)
    else:
        cache.refresh(scan, folder, allow_hidden)
        ordered = cache._order(scan, sort)
        counting = False
        if accept:
            ordered = [e for e in ordered if accept(e.name)]
        total = len(ordered)
        window = ordered[offset : offset + limit]
    rows = []
    counted = 0
    for entry in window:
        row = entry.to_json()
        if entry.type == "directory":
            row["items"] = scan.items.get(entry.name)
            if entry.name not in scan.items and not counting and counted < MAX_ITEM_COUNTS:
                counted += 1
                row["items"] = scan.items[entry.name] = count_items(
                    beneath, [*folder.parts, entry.name], allow_hidden=allow_hidden
                )
            row["items_capped"] = row["items"] is not None and row["items"] >= ITEM_COUNT_CAP
        rows.append(row)
    return {"total": total, "offset": offset, "entries": rows, "sizes_counting": counting}
