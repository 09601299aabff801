"""What fills my home: the background scan against ``du -sb`` on generated trees, its
incremental rescans, and ``GET hackweek/api/metrics/home``."""

from __future__ import annotations

import asyncio
import os
import subprocess
import time
from pathlib import Path

import pytest

from jupyterlab_hackweek.meter.homescan import HomeUsage, ScanRoot, TreeScan
from jupyterlab_hackweek.meter.probes import volume_quota
from jupyterlab_hackweek.tests.conftest import server_config
from jupyterlab_hackweek.tests.contract import record
from jupyterlab_hackweek.tests.fixture_sshfs import missing

LINK = 70_001  # the size of the file hard-linked across two folders


def du(path: Path) -> int:
    """``du -sb``: apparent sizes, folders' own sizes, hard links once."""
    out = subprocess.run(["du", "-sb", str(path)], capture_output=True, text=True, check=True)
    return int(out.stdout.split()[0])


def make_tree(home: Path, outside: Path) -> None:
    """A home with the things du counts in its own way: nested folders, empty and sparse
    files, hidden files, hard links (within a folder and across folders), links to files,
    to folders and out of the home, a dangling link, a link loop, and a FIFO."""
    for index in range(40):
        folder = home / f"project-{index % 4}" / f"run-{index}"
        folder.mkdir(parents=True)
        for number in range(25):
            (folder / f"part-{number}.nc").write_bytes(b"x" * (index * 1000 + number * 7))
    (home / "project-0" / "deep").mkdir()
    deep = home / "project-0" / "deep"
    for level in range(30):
        deep = deep / f"level-{level}"
    deep.mkdir(parents=True)
    (deep / "bottom.txt").write_bytes(b"b" * 12345)
    (home / "empty.txt").touch()
    with open(home / "sparse.bin", "wb") as sparse:
        sparse.truncate(50 * 1024 * 1024)  # 50 MB apparent, no blocks: du -b counts 50 MB
    (home / ".cache" / "pip").mkdir(parents=True)
    (home / ".cache" / "pip" / "wheel.whl").write_bytes(b"w" * 300_000)
    (home / "links").mkdir()
    (home / "links" / "original.dat").write_bytes(b"o" * 40_000)
    os.link(home / "links" / "original.dat", home / "links" / "same-folder-copy.dat")
    (home / "a-first").mkdir()
    (home / "z-second").mkdir()
    (home / "a-first" / "shared.dat").write_bytes(b"s" * LINK)
    os.link(home / "a-first" / "shared.dat", home / "z-second" / "shared.dat")
    (home / "z-second" / "own.dat").write_bytes(b"z" * 5000)
    outside.mkdir()
    (outside / "huge.bin").write_bytes(b"h" * 2_000_000)
    os.symlink(outside, home / "links" / "to-outside")
    os.symlink(outside / "huge.bin", home / "links" / "to-outside-file")
    os.symlink(home / "project-1", home / "links" / "to-project")
    os.symlink("nowhere", home / "links" / "dangling")
    os.symlink("loop-b", home / "links" / "loop-a")
    os.symlink("loop-a", home / "links" / "loop-b")
    os.mkfifo(home / "links" / "pipe")


@pytest.fixture
def tree(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    make_tree(home, tmp_path / "outside")
    return home


def scanned(home: Path) -> tuple[TreeScan, dict]:
    scan = TreeScan(ScanRoot("home", "home", str(home)))
    scan.run_pass(ttl=600, skip=set())
    return scan, scan.summary


def test_the_scan_counts_what_du_sb_counts_to_the_byte(tree):
    # Given a generated home (links out of it, hard links, a sparse file, a FIFO)
    # When it is scanned
    _, summary = scanned(tree)
    # Then its total is du -sb's, to the byte (hard links once, links not followed)
    assert summary["used"] == du(tree)
    # And every folder among the largest has du -sb's figure for that folder; the one
    # holding the second name of a hard link shared with an earlier folder counts it
    # there, not here
    folders = dict(summary["largest_folders"])
    assert len(folders) == 10
    for path, size in folders.items():
        expected = du(tree / path) - (LINK if path == "z-second" else 0)
        assert size == expected, path
    # And the largest files are the ten biggest regular files, by apparent size
    out = subprocess.run(
        ["find", str(tree), "-type", "f", "-printf", "%s %P\n"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    sizes = sorted(int(line.split(" ", 1)[0]) for line in out if line)
    assert [size for _, size in summary["largest_files"]] == sizes[::-1][:10]
    assert summary["largest_files"][0] == ("sparse.bin", 50 * 1024 * 1024)
    # And nothing outside the home (2 MB behind a link) was counted
    assert "links/to-outside" not in folders


def test_a_rescan_after_one_change_reads_only_the_changed_folder(tree):
    # Given a scanned home
    scan, first = scanned(tree)
    folders = first["folders"]
    assert scan.figures.read == folders
    # When nothing changed, a pass reads no folder (each is only opened and fstat-ed)
    scan.run_pass(ttl=600, skip=set())
    assert (scan.figures.read, scan.figures.checked) == (0, folders)
    # When one file is added deep down
    deep = next(tree.glob("project-0/deep/**/bottom.txt")).parent
    (deep / "new.nc").write_bytes(b"n" * 123_456)
    scan.run_pass(ttl=600, skip=set())
    # Then only that folder is read again, and the totals are du's again
    assert scan.figures.read == 1
    assert scan.summary["used"] == first["used"] + 123_456 == du(tree)
    # And a removed folder leaves the figures
    subprocess.run(["rm", "-r", str(tree / "project-3")], check=True)
    scan.run_pass(ttl=600, skip=set())
    assert scan.figures.read == 1  # the home itself
    assert scan.summary["used"] == du(tree)
    # And past the TTL every folder is read again (a file grown in place is seen)
    with open(tree / "project-1" / "run-1" / "part-0.nc", "ab") as grown:
        grown.write(b"g" * 1000)
    scan.run_pass(ttl=0, skip=set())
    assert scan.figures.read == scan.summary["folders"]
    assert scan.summary["used"] == du(tree)


def test_mounted_or_other_scanned_roots_are_not_counted_in_the_home(tree):
    # Given a writable shared root inside the home (as ~/shared-readwrite may be)
    shared = tree / "shared-readwrite"
    (shared / "team").mkdir(parents=True)
    (shared / "team" / "big.h5").write_bytes(b"d" * 900_000)
    usage = HomeUsage(
        [ScanRoot("home", "home", str(tree), 10**9), ScanRoot("rw", "shared", str(shared))],
        str(tree),
    )
    # When both are scanned
    usage.run_pass()
    reply = usage.reply()
    usage.close()
    home, rw = reply["roots"]
    # Then the home's figure leaves the shared root out, which has its own
    assert rw["used"] == du(shared)
    assert home["used"] == du(tree) - du(shared)
    assert home["quota"] == 10**9 and rw["quota"] is None
    # And paths open in the file browser relative to the server root; hidden ones do not
    assert rw["lab_path"] == "shared-readwrite"
    files = {item["path"]: item["lab_path"] for item in home["largest_files"]}
    assert files[".cache/pip/wheel.whl"] is None and files["sparse.bin"] == "sparse.bin"
    folders = {item["path"]: item["lab_path"] for item in home["largest_folders"]}
    assert folders["project-0"] == "project-0"


@pytest.fixture
def jp_server_config(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "work").mkdir()
    (home / "work" / "data.nc").write_bytes(b"d" * 250_000)
    (home / "notes.md").write_bytes(b"n" * 1_000)
    return server_config(
        {"root_dir": str(home)},
        ResourceMeter={"home_dir": str(home), "home_quota": 300_000, "cache_seconds": 0.2},
        SharedData={"roots": []},
    )


async def test_the_route_answers_at_once_then_with_the_scan(get_json, jp_server_config):
    home = Path(jp_server_config["ResourceMeter"]["home_dir"])
    # When the meter first asks, the scan starts in the background
    status, body = await get_json("metrics", "home")
    assert status == 200
    deadline = time.monotonic() + 10
    while body["scanning"] or body["roots"][0]["used"] is None:
        assert time.monotonic() < deadline, body
        await asyncio.sleep(0.1)
        _, body = await get_json("metrics", "home")
    record("metrics-home", body)
    # Then the home's use is du's, against the configured quota
    (root,) = body["roots"]
    assert root["name"] == "home" and root["kind"] == "home"
    assert root["used"] == du(home)
    assert root["quota"] == 300_000
    assert root["largest_files"][0] == {
        "path": "work/data.nc",
        "lab_path": "work/data.nc",
        "size": 250_000,
    }
    assert root["largest_folders"][0]["path"] == "work"
    assert body["last_pass"]["folders_read"] == 2


class TestTheSharedRootsOfTheServer:
    """The roots scanned beside the home come from ``c.SharedData`` (the shared feature's
    published ``writable_roots``): the writable ones only."""

    @pytest.fixture
    def jp_server_config(self, tmp_path):
        home = tmp_path / "home"
        for folder in ("home", "volume-rw", "volume-ro"):
            (tmp_path / folder).mkdir(exist_ok=True)
        (tmp_path / "volume-rw" / "team.h5").write_bytes(b"t" * 5_000)
        return server_config(
            {"root_dir": str(home)},
            ResourceMeter={"home_dir": str(home), "cache_seconds": 0.2},
            SharedData={
                "roots": [
                    {"name": "shared", "path": str(tmp_path / "volume-ro")},
                    {"name": "team", "path": str(tmp_path / "volume-rw"), "writable": True},
                ]
            },
        )

    async def test_writable_shared_roots_are_measured_read_only_ones_not(
        self, get_json, jp_server_config
    ):
        team = Path(jp_server_config["SharedData"]["roots"][1]["path"])
        home = Path(jp_server_config["ResourceMeter"]["home_dir"])
        status, body = await get_json("metrics", "home")
        deadline = time.monotonic() + 10
        while body["scanning"] or any(root["used"] is None for root in body["roots"]):
            assert time.monotonic() < deadline, body
            await asyncio.sleep(0.1)
            status, body = await get_json("metrics", "home")
        assert status == 200
        assert [(r["name"], r["kind"], r["used"]) for r in body["roots"]] == [
            ("home", "home", du(home)),
            ("team", "shared", du(team)),
        ]


@pytest.fixture
def own_volume(tmp_path):
    """``tmp_path/home`` as a volume of its own: a 10 MiB tmpfs mounted there (as a hub's
    per-user volume is mounted at the home), unmounted afterwards."""
    home = tmp_path / "home"
    home.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=10m", "tmpfs", str(home)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {mounted.stderr.decode()}")
    yield home
    subprocess.run(["umount", "-l", str(home)], check=False)


def test_a_home_that_is_its_own_volume_has_that_volume_as_its_quota(own_volume, request):
    # Given a home that is a 10 MiB volume of its own, Then its quota is the volume's size
    assert volume_quota(str(own_volume)) == 10 * 2**20
    # And a folder on it, or a plain folder of the machine's disk, reports none (its
    # file system's size is not one user's)
    (own_volume / "user").mkdir()
    assert volume_quota(str(own_volume / "user")) is None
    assert volume_quota(str(own_volume.parent)) is None
    # And a network file system's mount point reports none (its size is everyone's)
    if missing() is None:
        assert volume_quota(str(request.getfixturevalue("sshfs_mount").mount)) is None


class TestAHomeOnItsOwnVolume:
    """With no ``home_quota`` configured, the meter takes the home volume's size."""

    @pytest.fixture
    def jp_server_config(self, own_volume):
        return server_config(
            {"root_dir": str(own_volume)},
            ResourceMeter={"home_dir": str(own_volume), "cache_seconds": 0.2},
            SharedData={"roots": []},
        )

    async def test_the_home_volume_size_is_the_quota(self, get_json):
        status, body = await get_json("metrics", "home")
        assert status == 200
        assert body["roots"][0]["quota"] == 10 * 2**20
