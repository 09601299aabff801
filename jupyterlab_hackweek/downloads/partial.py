"""The temporary file of a transfer: appended and hashed in a worker thread, then verified.

A granule is written under ``<destination>/.partial/`` and only moved to its
visible name once its size, checksum and content type have been checked, so a
file a user can see is always a complete granule.
"""

from __future__ import annotations

import asyncio
import errno
import hashlib
import os
from concurrent.futures import Executor

#: Checksum algorithms CMR gives for NSIDC granules, as ``hashlib`` names.
ALGORITHMS = {"MD5": "md5", "SHA-256": "sha256"}

#: What a web page served in place of data starts with (after white space).
HTML_STARTS = (b"<!doctype html", b"<html")

HTML_MESSAGE = (
    "The server sent a web page (most likely the Earthdata Login page) instead of the "
    "data file; nothing was saved. Check that you are logged in to Earthdata and have "
    "accepted NSIDC's licence, then press Retry."
)

FULL_DISK_ERRNOS = {errno.ENOSPC, errno.EDQUOT}

#: Written bytes are handed to the kernel's writeback every this many bytes.
RELEASE_EVERY = 8 << 20


class IntegrityError(Exception):
    """The transferred bytes are not the granule; ``kind`` is 'size', 'checksum' or 'html'."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
        self.message = message


def looks_like_html(head: bytes) -> bool:
    """Whether the first bytes of a body are a web page (a login or licence page)."""
    return head.lstrip()[:32].lower().startswith(HTML_STARTS)


class PartialFile:
    """A temporary file opened for appending, with a running checksum and size.

    Not thread-safe: one worker thread at a time (the transfer awaits each write).
    """

    def __init__(self, path: str, algorithm: str | None, resume: bool = True):
        self.path = path
        self.algorithm = algorithm
        os.makedirs(os.path.dirname(path), exist_ok=True)
        self._hash = hashlib.new(ALGORITHMS[algorithm]) if algorithm else None
        self._head = b""
        self.size = 0
        self._released = self._dropped = 0
        if resume and os.path.exists(path):
            with open(path, "rb") as existing:
                while block := existing.read(4 << 20):
                    self._take(block)
            self._file = open(path, "ab")  # noqa: SIM115 (closed by close()/discard())
            self._released = self._dropped = self.size
        else:
            self._file = open(path, "wb")  # noqa: SIM115

    def _take(self, data: bytes | memoryview) -> None:
        if len(self._head) < 64:
            self._head += bytes(data[: 64 - len(self._head)])
        if self._hash is not None:
            self._hash.update(data)
        self.size += len(data)

    def append(self, data: bytes | memoryview) -> None:
        """Write ``data`` at the end (``OSError`` on a full disk or quota)."""
        self._file.write(data)
        self._take(data)
        if self.size - self._released >= RELEASE_EVERY:
            self._release()

    def _release(self) -> None:
        """Start writing the bytes appended since the last call to disk, and drop from
        the page cache those of the call before (written by now).

        The final fsync then has little left to wait for (bench/downloads.py: 0.14 s
        instead of 0.28 s for 4 x 50 MiB), and tens of GB of granules do not fill the
        pod's memory (page cache counts against its cgroup limit). ``DONTNEED`` starts
        the writeback of dirty pages and drops clean ones.
        """
        self._file.flush()
        self._advise(self._released, self.size)
        self._advise(self._dropped, self._released)
        self._dropped, self._released = self._released, self.size

    def _advise(self, start: int, end: int) -> None:
        if hasattr(os, "posix_fadvise") and end > start:
            os.posix_fadvise(self._file.fileno(), start, end - start, os.POSIX_FADV_DONTNEED)

    def restart(self) -> None:
        """Drop what was written (the server ignored the Range request)."""
        self._file.seek(0)
        self._file.truncate()
        self.size = self._released = self._dropped = 0
        self._head = b""
        if self._hash is not None:
            self._hash = hashlib.new(self._hash.name)

    def close(self) -> None:
        """Flush to disk and close (kept for a later resume); its pages, clean after
        the fsync, leave the page cache."""
        if not self._file.closed:
            try:
                self._file.flush()
                os.fsync(self._file.fileno())
                self._advise(0, self.size)
            finally:
                self._file.close()

    def discard(self) -> None:
        """Close and delete the temporary file."""
        try:
            self._file.close()
        except OSError:
            pass
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass

    def verify(self, expected_size: int | None, checksum: dict | None) -> None:
        """Raise ``IntegrityError`` unless the file is the whole granule."""
        if looks_like_html(self._head):
            raise IntegrityError("html", HTML_MESSAGE)
        if expected_size is not None and self.size != expected_size:
            raise IntegrityError(
                "size",
                f"The file is {self.size:,} bytes but NSIDC lists {expected_size:,} bytes; "
                "it was not saved.",
            )
        if checksum and self._hash is not None:
            digest = self._hash.hexdigest()
            if digest.lower() != checksum["value"].strip().lower():
                raise IntegrityError(
                    "checksum",
                    f"The file's {checksum['algorithm']} checksum does not match the one NSIDC "
                    "lists: the data were damaged on the way and were not saved.",
                )


def is_full_disk(error: OSError) -> bool:
    """Whether ``error`` means the disk or the user's quota is full."""
    return error.errno in FULL_DISK_ERRNOS


class Worker:
    """Runs one transfer's blocking file operations in a thread pool, one after the other.

    ``run`` shields the operation, so a cancelled transfer never leaves a write running
    while the next operation (close, delete) starts: ``drain`` waits for it.
    """

    def __init__(self, executor: Executor):
        self._executor = executor
        self._last: asyncio.Future | None = None

    def submit(self, function, *args) -> asyncio.Future:
        """Start ``function(*args)`` in the pool now, and remember it for ``drain``.

        It does not wait for the previous operation: callers keep the order by
        awaiting each operation (``run``) or ``drain`` before the next one.
        """
        self._last = asyncio.wrap_future(self._executor.submit(function, *args))
        return self._last

    async def run(self, function, *args):
        """Run ``function(*args)`` in the pool and return its result."""
        return await asyncio.shield(self.submit(function, *args))

    async def drain(self) -> None:
        """Wait until the last operation has finished (its error is ignored here)."""
        if self._last is not None:
            await asyncio.gather(self._last, return_exceptions=True)
