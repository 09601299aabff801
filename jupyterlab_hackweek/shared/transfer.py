"""Copies into home and publications into a writable root: streamed, atomic, never overwriting.

A copy checks free space first, streams into a hidden temporary name in the
destination folder (a temporary folder for folders), then moves it to its final
name without replacing anything: files with ``os.link`` (fails if the name exists),
folders with ``os.rename`` after a check. Any failure removes the temporary copy,
so no partial file ever carries the final name. Inside a copied folder, hidden
entries (unless allowed), links leading out of the source root, folder symlinks,
FIFOs and devices are skipped.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat as stat_module
import uuid
from collections.abc import Callable

from ..errors import Refused
from ..paths import is_inside
from .paths import check_name

CHUNK = 1024 * 1024
SPACE_MARGIN = 16 * 1024 * 1024
ABSURD_TOTAL = 2**62  # NFS/EFS report ~9.2e18 bytes: "unknown", never a limit
MAX_COPY_ENTRIES = 200_000


class TransferRefused(Refused):
    """A copy or publication that cannot be done (a 409 carries ``suggested``)."""


def suggest_name(folder: str, name: str) -> str:
    """The first free ``name (n).ext`` in ``folder``."""
    stem, ext = os.path.splitext(name)
    if os.path.isdir(os.path.join(folder, name)):
        stem, ext = name, ""
    for n in range(1, 10_000):
        candidate = f"{stem} ({n}){ext}"
        if not os.path.lexists(os.path.join(folder, candidate)):
            return candidate
    return f"{stem} ({uuid.uuid4().hex[:8]}){ext}"


def _plan(source_real: str, source_root_real: str, allow_hidden: bool) -> tuple[int, int]:
    """(total bytes, entries) a copy of ``source_real`` will write; refuses huge trees."""
    info = os.stat(source_real)
    if stat_module.S_ISREG(info.st_mode):
        return info.st_size, 1
    total = entries = 0
    for _, _, files in _tree(source_real, source_root_real, allow_hidden):
        for _, size in files:
            total += size
            entries += 1
            if entries > MAX_COPY_ENTRIES:
                raise TransferRefused(
                    413, f"This folder holds more than {MAX_COPY_ENTRIES} files; copy a part of it."
                )
    return total, entries


def _tree(top: str, root_real: str, allow_hidden: bool):
    """Yield ``(relative folder, [subfolder names], [(file name, size)])`` under ``top``."""
    stack = [""]
    while stack:
        relative = stack.pop()
        folders, files = [], []
        with os.scandir(os.path.join(top, relative)) as iterator:
            for item in iterator:
                if item.name.startswith(".") and not allow_hidden:
                    continue
                try:
                    if item.is_symlink():
                        if item.is_dir() or not is_inside(root_real, os.path.realpath(item.path)):
                            continue
                    info = item.stat()
                except OSError:
                    continue
                if stat_module.S_ISDIR(info.st_mode):
                    folders.append(item.name)
                elif stat_module.S_ISREG(info.st_mode):
                    files.append((item.name, info.st_size))
        yield relative, folders, files
        stack.extend(os.path.join(relative, name) for name in folders)


def check_space(folder: str, needed: int) -> None:
    """Refuse (507) when the destination's free space is below ``needed`` plus a margin."""
    usage = shutil.disk_usage(folder)
    if usage.total < ABSURD_TOTAL and usage.free < needed + SPACE_MARGIN:
        raise TransferRefused(
            507,
            f"Not enough free space: the copy needs {needed} bytes and {usage.free} are free.",
            needed=needed,
            free=usage.free,
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


def _copy_file(source: str, target: str, advance: Callable[[int], None] | None) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    with open(source, "rb") as src, os.fdopen(os.open(target, flags, 0o644), "wb") as dst:
        copy_stream(src, dst, advance)


def _remove(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass


def _conflict(folder: str, name: str) -> TransferRefused:
    return TransferRefused(
        409,
        f"{name!r} already exists there; nothing was overwritten.",
        suggested=suggest_name(folder, name),
    )


def copy_into(
    source_real: str,
    source_root_real: str,
    dest_folder: str,
    name: str,
    *,
    allow_hidden: bool,
    report: Callable[[int, int], None] | None = None,
) -> dict:
    """Copy a file or folder into ``dest_folder`` as ``name``; return ``{"name", "bytes"}``.

    ``report(done, total)`` is told the bytes copied so far and the total, as the
    copy goes.
    """
    check_name(name, allow_hidden=allow_hidden)
    info = os.stat(source_real)
    if not (stat_module.S_ISREG(info.st_mode) or stat_module.S_ISDIR(info.st_mode)):
        raise TransferRefused(400, "Only regular files and folders can be copied.")
    if not os.path.isdir(dest_folder):
        raise TransferRefused(404, "The destination folder does not exist.")
    final = os.path.join(dest_folder, name)
    if os.path.lexists(final):
        raise _conflict(dest_folder, name)
    needed, _ = _plan(source_real, source_root_real, allow_hidden)
    check_space(dest_folder, needed)
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if report is not None:
            report(done, needed)

    advance(0)
    temp = os.path.join(dest_folder, f".{name}.partial-{uuid.uuid4().hex[:12]}")
    try:
        if stat_module.S_ISREG(info.st_mode):
            _copy_file(source_real, temp, advance)
            _place_file(temp, final, dest_folder, name)
        else:
            os.mkdir(temp, 0o755)
            for relative, folders, files in _tree(source_real, source_root_real, allow_hidden):
                for folder in folders:
                    os.mkdir(os.path.join(temp, relative, folder), 0o755)
                for file_name, _ in files:
                    _copy_file(
                        os.path.join(source_real, relative, file_name),
                        os.path.join(temp, relative, file_name),
                        advance,
                    )
            if os.path.lexists(final):
                raise _conflict(dest_folder, name)
            os.rename(temp, final)
    except BaseException:
        _remove(temp)
        raise
    return {"name": name, "bytes": needed}


def _place_file(temp: str, final: str, folder: str, name: str) -> None:
    """Give ``temp`` its final name without ever replacing an existing file."""
    try:
        os.link(temp, final)
    except FileExistsError:
        raise _conflict(folder, name) from None
    except OSError as error:  # file systems without hard links
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        if os.path.lexists(final):
            raise _conflict(folder, name) from None
        os.rename(temp, final)
        return
    os.unlink(temp)


def write_text_atomic(folder: str, name: str, text: str) -> None:
    """Replace ``folder/name`` with ``text`` atomically (temporary file, then ``os.replace``)."""
    temp = os.path.join(folder, f".{name}.partial-{uuid.uuid4().hex[:12]}")
    try:
        with open(temp, "x", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temp, os.path.join(folder, name))
    except BaseException:
        _remove(temp)
        raise
