"""Shared browser: copies are atomic, refuse to overwrite and check free space first."""

import os
import shutil
from collections import namedtuple

import pytest

from jupyterlab_hackweek.errors import Refused
from jupyterlab_hackweek.shared import transfer
from jupyterlab_hackweek.shared.paths import NOT_REGULAR, PathRefused, opened_below
from jupyterlab_hackweek.shared.progress import KEEP, Progress
from jupyterlab_hackweek.shared.transfer import TransferRefused, copy_into, suggest_name

from .fixture_sshfs import fs_root_of

#: What ``os.statvfs`` tells (the fields ``check_space`` reads).
Statvfs = namedtuple("Statvfs", "f_blocks f_frsize f_bavail")


@pytest.fixture(params=["local", "sshfs"])
def volume(request):
    """``(shared root, home)`` as the server reads them: on a local disk, then both on
    the sshfs mount (what the volume holds is planted on the file server's side)."""
    fs = fs_root_of(request.param, request)
    root = fs.server / "shared"
    (root / "ds" / "sub").mkdir(parents=True)
    (fs.server / "home").mkdir()
    (root / "big.h5").write_bytes(os.urandom(3 * transfer.CHUNK + 17))
    (root / "ds" / "a.h5").write_bytes(b"a" * 10)
    (root / "ds" / "sub" / "b.h5").write_bytes(b"b" * 20)
    (root / "ds" / ".secret").write_text("hidden")
    (fs.server / "outside.txt").write_text("outside")
    (root / "ds" / "link-out").symlink_to(fs.client / "outside.txt")
    os.mkfifo(root / "ds" / "pipe")
    return fs.client / "shared", fs.client / "home"


def copy(root, path, home, name, **options):
    """``copy_into`` of ``path`` below ``root`` into the folder ``home``, both opened as
    the service opens them."""
    with (
        opened_below(root, path) as (beneath, source, _),
        opened_below(home) as (_, dest, _),
    ):
        return copy_into(beneath, source, dest, name, allow_hidden=False, **options)


def test_copy_file(volume):
    root, home = volume
    result = copy(root, "big.h5", home, "big.h5")
    assert result == {"name": "big.h5", "bytes": 3 * transfer.CHUNK + 17}
    assert (home / "big.h5").read_bytes() == (root / "big.h5").read_bytes()
    assert os.listdir(home) == ["big.h5"]


def test_existing_target_is_409_with_a_suggestion(volume):
    # Given big.h5 and big-2.h5 already in home
    root, home = volume
    (home / "big.h5").write_text("mine")
    (home / "big-2.h5").write_text("mine too")
    # When copied again, Then 409 suggesting 'big-3.h5', and nothing overwritten
    with pytest.raises(TransferRefused) as refused:
        copy(root, "big.h5", home, "big.h5")
    assert refused.value.status == 409
    assert refused.value.extra == {"suggested": "big-3.h5"}
    assert (home / "big.h5").read_text() == "mine"


def test_interrupted_copy_leaves_no_partial_file(volume, monkeypatch):
    # Given a copy loop that fails after 2 MiB (disk full)
    root, home = volume

    def failing(source, target, advance):
        target.write(source.read(2 * transfer.CHUNK))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(transfer, "copy_stream", failing)
    # When copied, Then the error surfaces and home holds neither big.h5 nor a temporary file
    with pytest.raises(OSError):
        copy(root, "big.h5", home, "big.h5")
    assert os.listdir(home) == []


def test_interrupted_folder_copy_leaves_nothing(volume, monkeypatch):
    root, home = volume
    calls = []

    def failing(source, target, advance):
        calls.append(1)
        if len(calls) == 2:
            raise OSError(122, "Disk quota exceeded")
        return shutil.copyfileobj(source, target)

    monkeypatch.setattr(transfer, "copy_stream", failing)
    with pytest.raises(OSError):
        copy(root, "ds", home, "ds")
    assert calls == [1, 1]  # it failed on the second file, after the first was copied
    assert os.listdir(home) == []


def test_a_copy_reports_its_progress_to_the_total(volume):
    # Given a 3-chunk file and a folder, and a report that records what it is told
    root, home = volume
    (root / "three.bin").write_bytes(b"x" * (3 * transfer.CHUNK))
    told = []
    # When the file is copied
    copy(
        root, "three.bin", home, "three.bin", report=lambda done, total: told.append((done, total))
    )
    # Then it was told the start, each chunk and the end, against the file's size
    total = 3 * transfer.CHUNK
    assert told == [
        (0, total),
        (transfer.CHUNK, total),
        (2 * transfer.CHUNK, total),
        (total, total),
    ]


def test_copy_folder_skips_hidden_links_out_and_fifos(volume):
    root, home = volume
    result = copy(root, "ds", home, "ds")
    assert result["bytes"] == 30
    copied = sorted(str(p.relative_to(home)) for p in home.rglob("*"))
    assert copied == ["ds", "ds/a.h5", "ds/sub", "ds/sub/b.h5"]


def fake_statvfs(monkeypatch, home, usage):
    """Make ``os.statvfs`` of the folder ``home`` (asked by descriptor) tell ``usage``."""
    real = os.statvfs
    asked = []

    def statvfs(target):
        if isinstance(target, int) and os.path.samestat(os.fstat(target), os.stat(home)):
            asked.append(target)
            return usage
        return real(target)

    monkeypatch.setattr(os, "statvfs", statvfs)
    return asked


def test_free_space_is_checked_first(volume, monkeypatch):
    # Given a destination with 1000 bytes free of 1 TB
    root, home = volume
    asked = fake_statvfs(monkeypatch, home, Statvfs(10**12, 1, 1000))
    # When a 3 MiB file is copied there, Then 507 saying what is needed, and nothing written
    with pytest.raises(TransferRefused) as refused:
        copy(root, "big.h5", home, "big.h5")
    assert refused.value.status == 507
    assert refused.value.extra == {"needed": 3 * transfer.CHUNK + 17, "free": 1000}
    assert asked
    assert os.listdir(home) == []


def test_absurd_nfs_total_is_not_a_limit(volume, monkeypatch):
    # Given statvfs on NFS reporting ~9.2e18 bytes total and 0 free, Then the copy goes ahead
    root, home = volume
    asked = fake_statvfs(monkeypatch, home, Statvfs(2**63 - 1, 1, 0))
    copy(root, "ds/a.h5", home, "a.h5")
    assert asked
    assert (home / "a.h5").read_bytes() == b"a" * 10


def test_fifo_is_not_opened(volume):
    # Given a FIFO no one writes to, When it is opened to be copied, Then a 400 at once
    # (it is refused when opened, before any copy: "not a regular file or folder")
    root, home = volume
    with pytest.raises(PathRefused) as refused, opened_below(root, "ds/pipe"):
        pass
    assert refused.value.status == 400
    assert refused.value.message == NOT_REGULAR
    assert "not a regular file or folder" in refused.value.message
    assert os.listdir(home) == []


def test_a_copy_refuses_a_name_with_a_control_character(volume):
    root, home = volume
    with pytest.raises(PathRefused) as refused:
        copy(root, "ds/a.h5", home, "two\nlines.h5")
    assert refused.value.status == 400
    assert "control character" in refused.value.message
    assert os.listdir(home) == []


def test_suggest_name_for_folders_and_files(tmp_path):
    (tmp_path / "ATL06.h5").write_text("")
    (tmp_path / "ds.v1").mkdir()
    with opened_below(tmp_path) as (_, folder, _):
        assert suggest_name(folder.fd, "ATL06.h5") == "ATL06-2.h5"
        assert suggest_name(folder.fd, "ds.v1") == "ds.v1-2"


def test_progress_keeps_running_operations_and_drops_the_oldest_finished():
    # Given one long copy running while many short ones start and end
    progress = Progress()
    report = progress.start("long-running-op")
    for index in range(KEEP + 10):
        operation = f"short-op-{index:04d}"
        progress.start(operation)
        progress.end(operation, ok=True)
    report(5, 10)
    # Then the running one is still answered, the newest finished ones too, the oldest not
    assert progress.get("long-running-op") == {
        "operation": "long-running-op",
        "bytes": 5,
        "total": 10,
        "state": "running",
    }
    assert progress.get(f"short-op-{KEEP + 9:04d}")["state"] == "done"
    with pytest.raises(Refused):
        progress.get("short-op-0000")
