"""Open files and folders below a root without ever leaving it: the one way the suite
reads and writes under a shared root (docs/security.md).

Everything under a shared root is written by other participants, who can swap a
name for a symbolic link, a FIFO or a device while we look at it. So a path is
never checked and then opened again by name: ``Beneath`` holds the root folder
open and walks to the target one name at a time, each ``openat`` relative to the
folder reached so far, with ``O_NOFOLLOW`` (a symbolic link is never followed by
the kernel) and ``O_NONBLOCK`` (opening a FIFO returns at once instead of waiting
for a writer). A symbolic link met on the way is read and resolved here, name by
name, from the folders already held open; ``..`` goes back to the folder held one
level up, so it can never climb above the root, whatever is renamed meanwhile.
What the caller gets is the open descriptor and its ``fstat``: the thing checked
is the thing read.

The policy is the one the shared browser always had: a link that stays inside
the root is followed (also an absolute one that names the root), a link that
leads out of it raises ``OutsideRoot``, a loop (more than ``MAX_LINKS`` links)
raises ``OSError(ELOOP)``. Linux's ``openat2(RESOLVE_BENEATH)`` would refuse
absolute links altogether and Python has no binding for it, hence this walk.
"""

from __future__ import annotations

import errno
import os
import stat as stat_module
from collections import deque
from dataclasses import dataclass

from .paths import is_inside

MAX_LINKS = 40
_OPEN = (
    os.O_RDONLY
    | os.O_NOFOLLOW
    | os.O_NONBLOCK
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NOCTTY", 0)
)
_PROC_FD = "/proc/self/fd"
#: ``os.open`` flags, relative to a folder descriptor, that never follow a link:
#: an existing folder, and a new file (fails if the name exists).
FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


class OutsideRoot(Exception):
    """A path (through a symbolic link) that leads out of the root."""


class NotRegular(Exception):
    """Something that is neither a regular file nor a folder (FIFO, socket, device)."""


@dataclass
class Opened:
    """An open file or folder below a root: its descriptor, ``fstat`` and real names."""

    fd: int
    stat: os.stat_result
    parts: list[str]

    @property
    def is_dir(self) -> bool:
        return stat_module.S_ISDIR(self.stat.st_mode)

    @property
    def is_file(self) -> bool:
        return stat_module.S_ISREG(self.stat.st_mode)

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def __enter__(self) -> Opened:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_child(folder_fd: int, name: str) -> Opened:
    """Open the entry ``name`` of an open folder without following a link.

    A symbolic link raises ``OSError(ELOOP)``; a FIFO, socket or device
    ``NotRegular`` (after an open that cannot block).
    """
    fd = os.open(name, _OPEN, dir_fd=folder_fd)
    return _checked(fd, [name])


def _checked(fd: int, parts: list[str]) -> Opened:
    try:
        info = os.fstat(fd)
    except BaseException:
        os.close(fd)
        raise
    if not (stat_module.S_ISDIR(info.st_mode) or stat_module.S_ISREG(info.st_mode)):
        os.close(fd)
        raise NotRegular("/".join(parts))
    return Opened(fd, info, parts)


def read_bounded(fd: int, limit: int) -> bytes:
    """Up to ``limit`` bytes from the start of an open regular file."""
    chunks, size = [], 0
    while size < limit:
        chunk = os.pread(fd, min(1 << 20, limit - size), size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def real_path(fd: int) -> str | None:
    """The real path of the file or folder open as ``fd``, where the system tells it."""
    try:
        return os.readlink(f"{_PROC_FD}/{fd}")
    except OSError:
        return None


class Beneath:
    """A root folder held open; ``open(parts)`` reaches names below it and nothing else."""

    def __init__(self, root_path: str):
        self.path = os.path.abspath(root_path)
        self.real = os.path.realpath(root_path)
        self.fd = os.open(self.real, _OPEN | getattr(os, "O_DIRECTORY", 0))

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def __enter__(self) -> Beneath:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _below_root(self, target: str) -> list[str]:
        """The names, below the root, of an absolute link target; ``OutsideRoot`` if none."""
        for prefix in (self.real, self.path):
            if is_inside(prefix, target):
                rest = target[len(prefix) :].strip("/")
                return rest.split("/") if rest else []
        raise OutsideRoot(target)

    def open(self, parts: list[str]) -> Opened:
        """Open the file or folder ``parts`` (names below the root; ``[]`` is the root).

        Raises ``OutsideRoot``, ``NotRegular``, or ``OSError`` (``ENOENT``,
        ``ENOTDIR``, ``EACCES``, ``ELOOP`` for a link loop).
        """
        held: list[int] = []  # folders open below the root, one per name in ``names``
        names: list[str] = []
        pending = deque(parts)
        links = 0
        try:
            while pending:
                name = pending.popleft()
                if name in ("", "."):
                    continue
                if name == "..":
                    if not names:
                        raise OutsideRoot("..")
                    os.close(held.pop())
                    names.pop()
                    continue
                folder = held[-1] if held else self.fd
                try:
                    fd = os.open(name, _OPEN, dir_fd=folder)
                except OSError as error:
                    if error.errno not in (errno.ELOOP, errno.EMLINK):
                        raise
                    links += 1
                    if links > MAX_LINKS:
                        raise OSError(errno.ELOOP, "Too many levels of symbolic links") from None
                    try:
                        target = os.readlink(name, dir_fd=folder)
                    except OSError as again:
                        if again.errno == errno.EINVAL:  # swapped back meanwhile: open again
                            pending.appendleft(name)
                            continue
                        raise
                    if target.startswith("/"):
                        for fd in held:
                            os.close(fd)
                        held, names = [], []
                        pending.extendleft(reversed(self._below_root(target)))
                    else:
                        pending.extendleft(reversed(target.split("/")))
                    continue
                if not pending:
                    return _checked(fd, names + [name])
                try:
                    is_folder = stat_module.S_ISDIR(os.fstat(fd).st_mode)
                except BaseException:
                    os.close(fd)
                    raise
                if not is_folder:
                    os.close(fd)
                    raise NotADirectoryError(errno.ENOTDIR, "Not a directory", name)
                held.append(fd)
                names.append(name)
            return _checked(os.dup(held[-1] if held else self.fd), names)
        finally:
            for fd in held:
                os.close(fd)


def place_new(folder_fd: int, temp: str, name: str) -> None:
    """Give the file ``temp`` of the open folder the name ``name``, never replacing
    anything there (``FileExistsError``): a hard link, then the temporary name removed.
    On a file system without hard links, a rename after a check."""
    try:
        os.link(temp, name, src_dir_fd=folder_fd, dst_dir_fd=folder_fd, follow_symlinks=False)
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        try:
            os.stat(name, dir_fd=folder_fd, follow_symlinks=False)
        except FileNotFoundError:
            os.rename(temp, name, src_dir_fd=folder_fd, dst_dir_fd=folder_fd)
            return
        raise FileExistsError(errno.EEXIST, "File exists", name) from None
    os.unlink(temp, dir_fd=folder_fd)


def write_atomic(
    folder_fd: int, name: str, data: bytes, *, mode: int = 0o644, replace: bool = True
) -> None:
    """The suite's one atomic writer: ``data`` appears as ``name`` in the open folder
    whole or not at all, with ``mode``.

    The bytes go to a temporary name beside it (created exclusively, never through a
    link), are flushed to disk (``fsync``), then take the name: replacing what was
    there (``rename(2)`` replaces a link itself, never what it points to), or with
    ``replace=False`` only where nothing is (``FileExistsError``, :func:`place_new`);
    the folder is then flushed so the new name survives a crash. A failure removes
    the temporary file.
    """
    temp = f".{name[:200]}.{os.urandom(6).hex()}.tmp"
    fd = os.open(temp, CREATE, mode, dir_fd=folder_fd)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fchmod(stream.fileno(), mode)
            os.fsync(stream.fileno())
        if replace:
            os.replace(temp, name, src_dir_fd=folder_fd, dst_dir_fd=folder_fd)
        else:
            place_new(folder_fd, temp, name)
        os.fsync(folder_fd)
    finally:
        try:
            os.unlink(temp, dir_fd=folder_fd)
        except FileNotFoundError:
            pass


def write_atomic_path(path: str, data: bytes, *, mode: int = 0o644) -> None:
    """:func:`write_atomic` for a file of the server's own (the state file, ``.netrc``),
    named by path; its folder is created if missing."""
    folder = os.path.dirname(path) or "."
    os.makedirs(folder, exist_ok=True)
    folder_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0))
    try:
        write_atomic(folder_fd, os.path.basename(path), data, mode=mode)
    finally:
        os.close(folder_fd)
