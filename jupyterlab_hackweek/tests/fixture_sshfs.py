"""A real network file system for the shared-data tests and benchmarks: sshfs over loopback.

Kernel NFS cannot run on these machines (notes/network-fs.md); sshfs can: a private
``sshd`` on a free loopback port with keys made here, and ``sshfs`` (FUSE, SFTP)
mounting a folder of this machine ("the export", what the file server holds) at
another ("the mount", what the Jupyter server reads). Every ``stat``, ``open`` and
``readdir`` through the mount is then a round trip to another process, as on NFS.

``Sshfs(base).start()`` / ``.stop()`` (or ``with Sshfs(base) as mounted:``);
``missing()`` says why it cannot run here (``None`` when it can).

For pytest: the ``fs_root`` fixture is a ``FsRoot`` — ``server`` (where a test puts
what the volume holds: hostile names, FIFOs and links are made there, as an
organizer on the file server would) and ``client`` (the path the service is given)
— once on a local folder and once on the sshfs mount; ``fs_root_local`` only local.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

SSHD = "/usr/sbin/sshd"
#: Seconds to wait for sshd to listen and for the mount to appear.
START_TIMEOUT = 15.0
#: Options for tests: a listing always asks the server (files planted on the server
#: side behind the mount's back are seen at once, notes/network-fs.md).
TEST_OPTIONS = ("dir_cache=no",)
#: Caches on and long-lived: a folder only read is listed from them once warm.
CACHED_OPTIONS = (
    "dcache_max_size=200000",
    "dcache_timeout=600",
    "attr_timeout=600",
    "entry_timeout=600",
)


def missing() -> str | None:
    """Why sshfs cannot run on this machine, or ``None``."""
    if shutil.which("sshfs") is None or not os.path.exists(SSHD):
        return "sshfs or openssh-server is not installed (apt-get install sshfs openssh-server)"
    if not os.path.exists("/dev/fuse"):
        return "this machine has no /dev/fuse (FUSE), so sshfs cannot mount"
    if shutil.which("fusermount3") is None and shutil.which("fusermount") is None:
        return "fusermount is not installed (package fuse3)"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _unmount(mount: Path, process: subprocess.Popen) -> None:
    fusermount = shutil.which("fusermount3") or shutil.which("fusermount") or "fusermount"
    subprocess.run([fusermount, "-u", str(mount)], check=False, capture_output=True)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        subprocess.run([fusermount, "-uz", str(mount)], check=False, capture_output=True)


def sftp_requests(log: Path) -> dict[str, int]:
    """How many SFTP requests of each kind a ``mount_client`` log shows (``READDIR``,
    ``LSTAT``, ``OPEN``…), and ``NAME``: the directory-listing replies (a folder of
    100,000 names takes about a thousand of them to list)."""
    counts: dict[str, int] = {}
    for line in log.read_text(errors="replace").splitlines():
        words = line.split()
        if len(words) >= 2 and words[0].startswith("[") and words[0].endswith("]"):
            counts[words[1]] = counts.get(words[1], 0) + 1
    return counts


class Sshfs:
    """sshd on loopback serving ``base/export``, mounted by sshfs at ``base/mnt``."""

    def __init__(
        self, base: Path | str, options: tuple[str, ...] = TEST_OPTIONS, server_nice: int = 0
    ):
        """``server_nice``: the file server's (sshd's) niceness, for runs where it stands
        for another machine (a hub's NFS server) on the same cores as its clients."""
        self.base = Path(base)
        self.server_nice = server_nice
        self.export = self.base / "export"
        self.mount = self.base / "mnt"
        self.options = options
        self.port = 0
        self._sshd: subprocess.Popen | None = None
        self._sshfs: subprocess.Popen | None = None
        self._clients: list[tuple[Path, subprocess.Popen]] = []

    def __enter__(self) -> Sshfs:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> Path:
        """Start sshd and mount; returns the mount."""
        self.export.mkdir(parents=True, exist_ok=True)
        self.mount.mkdir(parents=True, exist_ok=True)
        os.makedirs("/run/sshd", mode=0o755, exist_ok=True)  # sshd refuses to start without
        for key in ("host_key", "client_key"):
            if not (self.base / key).exists():
                subprocess.run(
                    ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(self.base / key)],
                    check=True,
                )
        shutil.copyfile(self.base / "client_key.pub", self.base / "authorized_keys")
        self.port = _free_port()
        config = self.base / "sshd_config"
        config.write_text(
            f"ListenAddress 127.0.0.1\nPort {self.port}\nHostKey {self.base / 'host_key'}\n"
            f"PidFile none\nAuthorizedKeysFile {self.base / 'authorized_keys'}\n"
            "PermitRootLogin prohibit-password\nPasswordAuthentication no\n"
            "KbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\n"
            "Subsystem sftp internal-sftp\n",
            encoding="utf-8",
        )
        nice = ["nice", "-n", str(self.server_nice)] if self.server_nice else []
        self._sshd = subprocess.Popen(
            [*nice, SSHD, "-D", "-e", "-f", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._wait(self._listening, "sshd did not listen")
        self.mount_again()
        return self.mount

    def mount_again(self) -> None:
        """Mount (again): after ``unmount``, every cache of the client side is cold."""
        self._sshfs = self._mount(self.mount, self.options, subprocess.PIPE)

    def mount_client(self, mount: Path, options: tuple[str, ...], log: Path) -> None:
        """Another client of the same export at ``mount`` (a pod of its own mounting the
        volume, with caches of its own), its SFTP requests written to ``log``
        (``sshfs_debug``: one line per request and reply, see :func:`sftp_requests`)."""
        mount.mkdir(parents=True, exist_ok=True)
        with open(log, "wb") as stream:
            self._clients.append((mount, self._mount(mount, (*options, "sshfs_debug"), stream)))

    def _mount(self, mount: Path, options: tuple[str, ...], stderr) -> subprocess.Popen:
        user = os.environ.get("USER") or "root"
        joined = ",".join(
            (
                f"IdentityFile={self.base / 'client_key'}",
                "StrictHostKeyChecking=no",
                "UserKnownHostsFile=/dev/null",
                "BatchMode=yes",
                "LogLevel=ERROR",
                *options,
            )
        )
        process = subprocess.Popen(
            [
                "sshfs",
                "-f",
                "-p",
                str(self.port),
                "-o",
                joined,
                f"{user}@127.0.0.1:{self.export}",
                str(mount),
            ],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        self._wait(lambda: os.path.ismount(mount), "sshfs did not mount")
        return process

    def unmount(self) -> None:
        if self._sshfs is not None:
            _unmount(self.mount, self._sshfs)
            self._sshfs = None

    def stop(self) -> None:
        self.unmount()
        while self._clients:
            _unmount(*self._clients.pop())
        if self._sshd is not None:
            self._sshd.terminate()
            try:
                self._sshd.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._sshd.kill()
                self._sshd.wait()
            self._sshd = None

    def server_pids(self) -> list[int]:
        """The sshd processes serving the mount (the listener's children), whose
        ``/proc/<pid>/io`` tells how many bytes the file server read for it."""
        if self._sshd is None:
            return []
        found, frontier = [], [self._sshd.pid]
        while frontier:
            pid = frontier.pop()
            try:
                children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            except OSError:
                continue
            found.extend(int(c) for c in children)
            frontier.extend(int(c) for c in children)
        return found

    def server_bytes_read(self) -> int:
        """Bytes the file server's processes have read so far (``rchar``)."""
        total = 0
        for pid in self.server_pids():
            try:
                for line in Path(f"/proc/{pid}/io").read_text().splitlines():
                    if line.startswith("rchar:"):
                        total += int(line.split()[1])
            except OSError:
                continue
        return total

    def _listening(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
        except OSError:
            return False
        return True

    def _wait(self, ready, what: str) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while not ready():
            for process in (self._sshd, self._sshfs):
                if process is not None and process.poll() is not None:
                    error = process.stderr.read().decode() if process.stderr else ""
                    self.stop()
                    raise RuntimeError(f"{what}: exited {process.returncode} {error}".strip())
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{what} within {START_TIMEOUT} s")
            time.sleep(0.02)


@dataclass
class FsRoot:
    """A folder of the shared volume as the file server holds it (``server``) and as
    the Jupyter server reads it (``client``); the same folder on a local disk."""

    kind: str
    server: Path
    client: Path


@pytest.fixture(scope="session")
def sshfs_mount():
    """One sshfs mount for the session (skipped, saying why, where sshfs cannot run)."""
    yield from _session_mount(TEST_OPTIONS)


def _session_mount(options: tuple[str, ...]):
    reason = missing()
    if reason:
        pytest.skip(f"network file system tests need sshfs: {reason}")
    base = Path(tempfile.mkdtemp(prefix="hackweek-sshfs-"))
    mounted = Sshfs(base, options)
    mounted.start()
    try:
        yield mounted
    finally:
        mounted.stop()
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def sshfs_cached_mount():
    """An sshfs mount with its caches on and long-lived (as NFS keeps attributes, and as
    notes/network-fs.md tuned it), for folders planted once and then only read: the
    100,000-file folder."""
    yield from _session_mount(CACHED_OPTIONS)


def _root(kind: str, request, name: str) -> FsRoot:
    if kind == "local":
        folder = request.getfixturevalue("tmp_path_factory").mktemp(name)
        return FsRoot(kind, folder, folder)
    mounted = request.getfixturevalue(
        "sshfs_cached_mount" if kind == "sshfs-cached" else "sshfs_mount"
    )
    folder = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=mounted.export))
    return FsRoot(kind, folder, mounted.mount / folder.name)


@pytest.fixture(params=["local", "sshfs"])
def fs_root(request) -> FsRoot:
    """A fresh folder on a local disk, then on the sshfs mount (the test runs twice)."""
    return _root(request.param, request, "fs")


def fs_root_of(kind: str, request, name: str = "fs") -> FsRoot:
    """A fresh ``FsRoot`` of ``kind`` (for module- or indirectly parametrised fixtures):
    ``local``, ``sshfs`` or ``sshfs-cached``."""
    return _root(kind, request, name)
