"""Copies into home and publications into a writable root: streamed, atomic, never overwriting.

Both ends are open descriptors, never names looked up twice: the source was
opened with the guarded walk (``jupyterlab_hackweek.guarded``), so the file copied
is the file that was checked, even if its name is swapped for a link meanwhile;
the destination folder is open too, and everything below it is created with
``O_EXCL | O_NOFOLLOW`` relative to a folder descriptor.

A copy checks free space first, streams into a hidden temporary name in the
destination folder (a temporary folder for folders), then moves it to its final
name without replacing anything: files with ``os.link`` (fails if the name exists),
folders with ``os.rename`` after a check. Any failure removes the temporary copy,
so no partial file ever carries the final name. Inside a copied folder, hidden
entries (unless allowed), names with control characters, links leading out of
the source root, folder links, FIFOs and devices are skipped.
"""

from __future__ import annotations

import errno
import os
import stat as stat_module
import uuid
from collections.abc import Callable, Iterator

from ..errors import Refused
from ..guarded import (
    CREATE,
    FOLDER,
    Beneath,
    NotRegular,
    Opened,
    OutsideRoot,
    open_child,
    place_new,
    write_atomic,
)
from ..paths import control_character, free_name
from ..units import format_bytes
from .paths import check_new_name, open_parts

CHUNK = 1024 * 1024
SPACE_MARGIN = 16 * 1024 * 1024
ABSURD_TOTAL = 2**62  # NFS/EFS report ~9.2e18 bytes: "unknown", never a limit
MAX_COPY_ENTRIES = 200_000


class TransferRefused(Refused):
    """A copy or publication that cannot be done (a 409 carries ``suggested``)."""


def _exists(folder_fd: int, name: str) -> bool:
    try:
        os.stat(name, dir_fd=folder_fd, follow_symlinks=False)
    except FileNotFoundError:
        return False
    return True


def suggest_name(folder_fd: int, name: str) -> str:
    """The free name (:func:`~jupyterlab_hackweek.paths.free_name`) for ``name`` in the
    open folder."""
    try:
        whole = stat_module.S_ISDIR(os.stat(name, dir_fd=folder_fd, follow_symlinks=False).st_mode)
    except OSError:
        whole = False
    return free_name(name, lambda candidate: _exists(folder_fd, candidate), whole)


def _walk(beneath: Beneath, top: Opened, allow_hidden: bool) -> Iterator[tuple[str, Opened | None]]:
    """Everything a copy of the folder ``top`` takes, parents before children.

    Yields ``(relative path, None)`` for a folder and ``(relative path, file)`` for
    an open regular file, closed when the walk goes on. Folders are reopened with
    the guarded walk, so none leads out of the root; more than
    ``MAX_COPY_ENTRIES`` entries are refused (413).
    """
    pending = [""]
    entries = 0
    while pending:
        relative = pending.pop()
        parts = [*top.parts, *relative.split("/")] if relative else top.parts
        try:
            folder = beneath.open(parts)
        except (OSError, OutsideRoot, NotRegular):
            continue
        with folder:
            if not folder.is_dir:
                continue
            with os.scandir(folder.fd) as iterator:
                items = [(item.name, item.is_symlink()) for item in iterator]
            for name, is_link in items:
                if (name.startswith(".") and not allow_hidden) or control_character(name):
                    continue
                try:
                    child = beneath.open([*parts, name]) if is_link else open_child(folder.fd, name)
                except (OSError, OutsideRoot, NotRegular):
                    continue
                entries += 1
                child_path = f"{relative}/{name}" if relative else name
                with child:
                    if entries > MAX_COPY_ENTRIES:
                        raise TransferRefused(
                            413,
                            f"This folder holds more than {MAX_COPY_ENTRIES} files; "
                            "copy a part of it.",
                        )
                    if not child.is_dir:
                        yield child_path, child
                    elif not is_link:  # folder links are skipped
                        yield child_path, None
                        pending.append(child_path)


def _plan(beneath: Beneath, source: Opened, allow_hidden: bool) -> int:
    """The bytes a copy of ``source`` will write; refuses huge trees."""
    if source.is_file:
        return source.stat.st_size
    return sum(f.stat.st_size for _, f in _walk(beneath, source, allow_hidden) if f is not None)


def check_space(folder_fd: int, needed: int) -> None:
    """Refuse (507) when the open folder's free space is below ``needed`` plus a margin."""
    usage = os.statvfs(folder_fd)
    total, free = usage.f_blocks * usage.f_frsize, usage.f_bavail * usage.f_frsize
    if total < ABSURD_TOTAL and free < needed + SPACE_MARGIN:
        raise TransferRefused(
            507,
            f"Not enough free space: the copy needs {format_bytes(needed)} and "
            f"{format_bytes(free)} is free.",
            needed=needed,
            free=free,
        )


def copy_stream(source, target, advance: Callable[[int], None] | None = None) -> int:
    """Copy one open file to another in chunks; return the bytes written.

    ``advance(n)`` is told each chunk's size as it is written.
    """
    written = 0
    while chunk := source.read(CHUNK):
        target.write(chunk)
        written += len(chunk)
        if advance is not None:
            advance(len(chunk))
    return written


def _copy_file(source: Opened, folder_fd: int, name: str, advance) -> None:
    """Copy the open ``source`` into a new file ``name`` of the open folder."""
    target = os.open(name, CREATE, 0o644, dir_fd=folder_fd)
    with os.fdopen(os.dup(source.fd), "rb") as src, os.fdopen(target, "wb") as dst:
        src.seek(0)
        copy_stream(src, dst, advance)


class _Folders:
    """Folders below an open top folder, opened name by name without following a link
    (the last one is kept open: a folder's files come one after another)."""

    def __init__(self, top_fd: int):
        self.top_fd = top_fd
        self.last: tuple[str, int] | None = None

    def get(self, relative: str) -> int:
        if not relative:
            return self.top_fd
        if self.last and self.last[0] == relative:
            return self.last[1]
        self.close()
        fd = os.dup(self.top_fd)
        try:
            for name in relative.split("/"):
                child = os.open(name, FOLDER, dir_fd=fd)
                os.close(fd)
                fd = child
        except BaseException:
            os.close(fd)
            raise
        self.last = (relative, fd)
        return fd

    def close(self) -> None:
        if self.last:
            os.close(self.last[1])
            self.last = None


def _remove(folder_fd: int, name: str) -> None:
    """Remove ``name`` (a file or a whole folder) from the open folder, never following
    a link; a missing name is fine."""
    stack = [(os.dup(folder_fd), name, False)]
    while stack:
        parent, entry, emptied = stack.pop()
        try:
            if emptied:
                os.rmdir(entry, dir_fd=parent)
                continue
            try:
                os.unlink(entry, dir_fd=parent)
                continue
            except IsADirectoryError:
                pass
            except OSError as error:
                if error.errno == errno.ENOENT:
                    continue
                if error.errno not in (errno.EISDIR, errno.EPERM):
                    raise
            fd = os.open(entry, FOLDER, dir_fd=parent)
            stack.append((os.dup(parent), entry, True))
            with os.scandir(fd) as iterator:
                names = [item.name for item in iterator]
            stack.extend((os.dup(fd), child, False) for child in names)
            os.close(fd)
        except FileNotFoundError:
            pass
        finally:
            os.close(parent)


def _conflict(folder_fd: int, name: str) -> TransferRefused:
    return TransferRefused(
        409,
        f"{name!r} already exists there; nothing was overwritten.",
        suggested=suggest_name(folder_fd, name),
    )


def copy_into(
    beneath: Beneath,
    source: Opened,
    dest: Opened,
    name: str,
    *,
    allow_hidden: bool,
    report: Callable[[int, int], None] | None = None,
) -> dict:
    """Copy the open ``source`` (below ``beneath``'s root) into the open folder ``dest``
    as ``name``; return ``{"name", "bytes"}``.

    ``report(done, total)`` is told the bytes copied so far and the total, as the
    copy goes.
    """
    needed, advance = _begin(
        dest, name, allow_hidden, lambda: _plan(beneath, source, allow_hidden), report
    )
    if source.is_file:
        temp = f".{name}.partial-{uuid.uuid4().hex[:12]}"
        try:
            _copy_file(source, dest.fd, temp, advance)
            _place_file(dest.fd, temp, name)
        except BaseException:
            _remove(dest.fd, temp)
            raise
    else:
        _new_folder(
            dest,
            name,
            lambda folders: _copy_tree(beneath, source, folders, "", advance, allow_hidden),
        )
    return {"name": name, "bytes": needed}


def gather_into(
    beneath: Beneath,
    sources: list[list[str]],
    dest: Opened,
    name: str,
    *,
    allow_hidden: bool,
    readme: str | None = None,
    report: Callable[[int, int], None] | None = None,
) -> dict:
    """Make the new folder ``name`` in the open folder ``dest`` holding a copy of each
    source (a file or folder below ``beneath``'s root, as checked path parts) under
    its own name, and ``readme`` as its README.md; return ``{"name", "bytes"}``.

    Each source is opened with the guarded walk when it is measured and again when
    it is copied, one at a time (a publication may gather thousands of files). The
    folder appears whole or not at all, like a copied folder (:func:`copy_into`).
    """
    if not sources or not all(sources):
        raise TransferRefused(400, "Choose files or folders of yours to publish.")
    leaves = [parts[-1] for parts in sources]
    if len(set(leaves)) < len(leaves):
        raise TransferRefused(400, "Two of the files to publish have the same name.")
    if "README.md" in leaves and readme is not None:
        raise TransferRefused(400, "A file to publish is called README.md, as the description.")
    text = (readme or "").encode("utf-8")

    def plan() -> int:
        total = len(text)
        for parts in sources:
            with open_parts(beneath, parts) as source:
                total += _plan(beneath, source, allow_hidden)
        return total

    needed, advance = _begin(dest, name, allow_hidden, plan, report)

    def fill(folders: _Folders) -> None:
        for parts, leaf in zip(sources, leaves, strict=True):
            with open_parts(beneath, parts) as source:
                if source.is_file:
                    _copy_file(source, folders.top_fd, leaf, advance)
                else:
                    os.mkdir(leaf, 0o755, dir_fd=folders.top_fd)
                    _copy_tree(beneath, source, folders, leaf, advance, allow_hidden)
        if readme is not None:
            write_atomic(folders.top_fd, "README.md", text, replace=False)
            advance(len(text))

    _new_folder(dest, name, fill)
    return {"name": name, "bytes": needed}


def _begin(
    dest: Opened,
    name: str,
    allow_hidden: bool,
    plan: Callable[[], int],
    report: Callable[[int, int], None] | None,
) -> tuple[int, Callable[[int], None]]:
    """Check that ``name`` may be made in ``dest`` and that the ``plan()``'s bytes fit;
    the bytes and the ``advance(count)`` that reports the progress to ``report``."""
    check_new_name(name, allow_hidden=allow_hidden)
    if not dest.is_dir:
        raise TransferRefused(404, "The destination folder does not exist.")
    if _exists(dest.fd, name):
        raise _conflict(dest.fd, name)
    needed = plan()
    check_space(dest.fd, needed)
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if report is not None:
            report(done, needed)

    advance(0)
    return needed, advance


def _copy_tree(
    beneath: Beneath, source: Opened, folders: _Folders, prefix: str, advance, allow_hidden: bool
) -> None:
    """Copy what the folder ``source`` holds into the existing folder ``prefix`` below
    ``folders``' top (``""``: the top itself)."""
    for relative, file in _walk(beneath, source, allow_hidden):
        relative = f"{prefix}/{relative}" if prefix else relative
        parent, _, leaf = relative.rpartition("/")
        if file is None:
            os.mkdir(leaf, 0o755, dir_fd=folders.get(parent))
        else:
            _copy_file(file, folders.get(parent), leaf, advance)


def _new_folder(dest: Opened, name: str, fill: Callable[[_Folders], None]) -> None:
    """Make the folder ``name`` in ``dest`` whole or not at all: ``fill`` writes into a
    hidden temporary folder, which then takes the name if it is still free."""
    temp = f".{name}.partial-{uuid.uuid4().hex[:12]}"
    try:
        os.mkdir(temp, 0o755, dir_fd=dest.fd)
        top = os.open(temp, FOLDER, dir_fd=dest.fd)
        folders = _Folders(top)
        try:
            fill(folders)
        finally:
            folders.close()
            os.close(top)
        if _exists(dest.fd, name):
            raise _conflict(dest.fd, name)
        os.rename(temp, name, src_dir_fd=dest.fd, dst_dir_fd=dest.fd)
    except BaseException:
        _remove(dest.fd, temp)
        raise


def _place_file(folder_fd: int, temp: str, name: str) -> None:
    """Give ``temp`` its final name without ever replacing an existing file."""
    try:
        place_new(folder_fd, temp, name)
    except FileExistsError:
        raise _conflict(folder_fd, name) from None
