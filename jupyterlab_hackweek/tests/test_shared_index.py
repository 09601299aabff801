"""The index of the shared roots ("already on the shared volume") and ``POST shared/find``.

The index is driven as the route drives it (``find``), with the pass it starts
awaited where a test needs the index settled (``settled``).
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
import time
from pathlib import Path

import pytest

from jupyterlab_hackweek.downloads import state
from jupyterlab_hackweek.shared import index as index_module
from jupyterlab_hackweek.shared.config import Root
from jupyterlab_hackweek.shared.index import MAX_GRANULES, SharedIndex
from jupyterlab_hackweek.tests.conftest import server_config

from .contract import record
from .fixture_shared import ATL06, make_many

GRANULE = "ATL06_20190221121851_08410203_005_01.h5"
OTHER = "ATL06_20190330000000_00010301_006_01.h5"


def make_index(root: Path, **options) -> SharedIndex:
    return SharedIndex([Root("shared", str(root), False)], str(root.parent), **options)


def settled(index: SharedIndex, granules) -> dict:
    """``find`` after the pass it started has ended (the first one included)."""
    index.refresh().result(timeout=30)
    return index.find(granules)


def bump(folder: Path) -> None:
    """A new mtime for ``folder``, as any change of its entries gives it."""
    later = time.time_ns() + 10**9
    os.utime(folder, ns=(later, later))


@pytest.fixture
def volume(tmp_path):
    root = tmp_path / "shared"
    (root / "ICESat-2" / "ATL06" / "005").mkdir(parents=True)
    (root / "ICESat-2" / "ATL06" / "005" / GRANULE).write_bytes(b"x" * 1000)
    (root / "copies").mkdir()
    (root / "copies" / GRANULE).write_bytes(b"x" * 999)
    return root


def test_finds_granules_in_nested_folders_with_the_size_check(volume):
    index = make_index(volume)
    reply = settled(index, [(GRANULE, 1000), (OTHER, 5)])
    places = sorted(reply["found"][GRANULE], key=lambda p: p["path"])
    assert [(p["path"], p["size"], p["size_check"]) for p in places] == [
        (f"ICESat-2/ATL06/005/{GRANULE}", 1000, "match"),
        (f"copies/{GRANULE}", 999, "mismatch"),
    ]
    assert places[0]["absolute"] == str(volume / "ICESat-2" / "ATL06" / "005" / GRANULE)
    assert places[0]["lab_path"] == f"shared/ICESat-2/ATL06/005/{GRANULE}"
    assert places[0]["root"] == "shared" and places[0]["where"] == "shared"
    assert OTHER not in reply["found"]
    assert reply["building"] is False and reply["complete"] is True and reply["files"] == 2
    # Without a size from CMR, the name alone is reported, unchecked
    unknown = settled(index, [(GRANULE, None)])["found"][GRANULE]
    assert {p["size_check"] for p in unknown} == {"unknown"}


def test_changes_are_picked_up_by_folder_mtime_without_rescanning_the_rest(volume, monkeypatch):
    make_many(volume / "many", 20_000)
    index = make_index(volume)
    settled(index, [])
    scanned = []
    real_scan = index_module.scan_folder

    def counting(beneath, folder, **options):
        scanned.append("/".join(folder.parts))
        return real_scan(beneath, folder, **options)

    monkeypatch.setattr(index_module, "scan_folder", counting)
    monkeypatch.setattr(index_module, "CHECK_INTERVAL", 0.0)
    # When a granule is copied into one folder
    target = volume / "ICESat-2" / "ATL06" / "005"
    (target / OTHER).write_bytes(b"y" * 10)
    bump(target)
    reply = settled(index, [(OTHER, 10)])
    # Then it is found at once, and only that folder was scanned again
    assert [p["path"] for p in reply["found"][OTHER]] == [f"ICESat-2/ATL06/005/{OTHER}"]
    assert scanned == ["ICESat-2/ATL06/005"]
    # When it is removed, it is no longer found; an unchanged volume is not scanned
    (target / OTHER).unlink()
    bump(target)
    assert OTHER not in settled(index, [(OTHER, 10)])["found"]
    scanned.clear()
    settled(index, [(OTHER, 10)])
    assert scanned == []
    # A folder removed with its files takes them out of the index
    for path in (volume / "copies").iterdir():
        path.unlink()
    (volume / "copies").rmdir()
    bump(volume)
    places = settled(index, [(GRANULE, 1000)])["found"][GRANULE]
    assert [p["path"] for p in places] == [f"ICESat-2/ATL06/005/{GRANULE}"]
    assert settled(index, [])["files"] == 20_001


def test_a_file_rewritten_in_place_is_seen_after_the_ttl(volume, monkeypatch):
    monkeypatch.setattr(index_module, "CHECK_INTERVAL", 0.0)
    index = make_index(volume, ttl=0.2)
    settled(index, [])
    folder = volume / "copies"
    before = os.stat(folder)
    (folder / GRANULE).write_bytes(b"x" * 1000)  # same name: the folder's mtime stays
    os.utime(folder, ns=(before.st_atime_ns, before.st_mtime_ns))
    time.sleep(0.3)
    places = settled(index, [(GRANULE, 1000)])["found"][GRANULE]
    assert {p["size_check"] for p in places} == {"match"}


def test_hostile_entries_are_never_followed_out_or_waited_on(tmp_path):
    root = tmp_path / "shared"
    outside = tmp_path / "outside"
    (root / "inner").mkdir(parents=True)
    outside.mkdir()
    (outside / GRANULE).write_bytes(b"secret")
    (outside / "deep").mkdir()
    (outside / "deep" / OTHER).write_bytes(b"secret")
    (root / "link-out-file.h5").symlink_to(outside / GRANULE)
    (root / GRANULE).symlink_to(outside / GRANULE)  # the granule's name, leading out
    (root / "link-out-dir").symlink_to(outside)
    (root / "inner" / "back-to-root").symlink_to(root)  # a loop inside the root
    (root / "loop").symlink_to(root / "loop")
    os.mkfifo(root / "inner" / OTHER)  # a FIFO named like a granule: no writer ever comes
    os.mkfifo(root / "fifo-link-target")
    (root / "pipe.h5").symlink_to(root / "fifo-link-target")
    newline = "ATL06_20181013235645_02340114_209_01.h5\nrm -rf ~"
    (root / newline).write_bytes(b"z")
    (root / ".hidden").mkdir()
    (root / ".hidden" / ATL06).write_bytes(b"h")
    (root / "inner" / "real.h5").write_bytes(b"r")
    (root / "0-alias").symlink_to("inner")  # a link to a folder of the root: not walked
    index = make_index(root)
    started = time.monotonic()
    reply = settled(
        index,
        [
            (GRANULE, None),
            (OTHER, None),
            ("pipe.h5", None),
            (ATL06, None),
            (newline, 1),
            ("real.h5", 1),
        ],
    )
    assert time.monotonic() - started < 10
    # Nothing out of the root, no FIFO, nothing hidden; a link out is not a place
    assert set(reply["found"]) == {newline, "real.h5"}
    assert reply["found"][newline][0]["path"] == newline
    assert "secret" not in json.dumps(reply)
    # Links to folders are not walked: each file once, at its own path
    assert [p["path"] for p in reply["found"]["real.h5"]] == ["inner/real.h5"]
    assert reply["files"] == 2
    # A name that only differs by what follows a newline is another name
    assert ATL06 not in settled(index, [(ATL06, 1)])["found"]


def test_a_huge_folder_is_indexed_in_part_and_says_so(tmp_path, monkeypatch):
    root = tmp_path / "shared"
    make_many(root / "many", 5000)
    (root / "small").mkdir()
    (root / "small" / GRANULE).write_bytes(b"x")
    index = make_index(root, max_files=1000)
    reply = settled(index, [(GRANULE, 1)])
    assert reply["files"] <= 1000
    assert reply["complete"] is False
    # Once the folder shrinks below the cap, the index is whole again
    for path in list((root / "many").iterdir())[:4500]:
        path.unlink()
    bump(root / "many")
    monkeypatch.setattr(index_module, "CHECK_INTERVAL", 0.0)
    reply = settled(index, [(GRANULE, 1)])
    assert reply["complete"] is True and reply["files"] == 501
    assert reply["found"][GRANULE][0]["size_check"] == "match"


def test_replies_while_the_first_index_builds_say_so_and_hold_what_is_found(volume, monkeypatch):
    release = threading.Event()
    real_scan = index_module.scan_folder

    def slow(beneath, folder, **options):
        if folder.parts == ["copies"]:
            release.wait(30)
        return real_scan(beneath, folder, **options)

    monkeypatch.setattr(index_module, "scan_folder", slow)
    index = make_index(volume)
    # The first request answers at once, saying the index is being built
    started = time.monotonic()
    reply = index.find([(GRANULE, 1000)])
    assert time.monotonic() - started < 1
    assert reply["building"] is True
    # ... with what the folders scanned so far hold
    deadline = time.monotonic() + 10
    while not reply["found"] and time.monotonic() < deadline:
        time.sleep(0.05)
        reply = index.find([(GRANULE, 1000)])
    assert reply["building"] is True
    assert [p["path"] for p in reply["found"][GRANULE]] == [f"ICESat-2/ATL06/005/{GRANULE}"]
    release.set()
    reply = settled(index, [(GRANULE, 1000)])
    assert reply["building"] is False and len(reply["found"][GRANULE]) == 2


# ---- the route


@pytest.fixture
def site(tmp_path_factory, jp_root_dir):
    base = tmp_path_factory.mktemp("find")
    volume = base / "shared"
    (volume / "ICESat-2").mkdir(parents=True)
    (volume / "ICESat-2" / GRANULE).write_bytes(b"x" * 1000)
    os.mkfifo(volume / "ICESat-2" / OTHER)
    # A granule the user's downloads saved, in the manager's state file
    folder = jp_root_dir / "data" / "ATL06" / "006"
    folder.mkdir(parents=True)
    (folder / OTHER).write_bytes(b"y" * 20)
    saved = state.Download(
        "d1",
        "ATL06",
        "006",
        str(folder),
        time.time(),
        [state.FileItem(OTHER, OTHER, "https://n5eil01u.ecs.nsidc.org/x", 20, state="done")],
    )
    state_file = base / "downloads.json"
    state_file.write_text(state.to_json([saved]))
    return volume, state_file


@pytest.fixture
def jp_server_config(site):
    volume, state_file = site
    return server_config(
        SharedData={"roots": [{"name": "shared", "path": str(volume), "writable": False}]},
        Downloads={"state_file": str(state_file)},
    )


async def ask(post_json, granules):
    """``shared/find`` until the first index is built."""
    for _ in range(100):
        status, reply = await post_json("shared", "find", body={"granules": granules})
        if status != 200 or not reply["building"]:
            return status, reply
        await asyncio.sleep(0.1)
    raise AssertionError("the index was never built")


async def test_route_marks_shared_and_downloaded_granules(post_json, site):
    status, reply = await ask(post_json, [{"name": GRANULE, "size": 1000}, {"name": OTHER}])
    assert status == 200
    record("shared-find", reply)
    (shared,) = reply["found"][GRANULE]
    assert (shared["where"], shared["root"], shared["path"], shared["size_check"]) == (
        "shared",
        "shared",
        f"ICESat-2/{GRANULE}",
        "match",
    )
    # The FIFO named like the granule is not a place; the downloaded copy is
    (downloaded,) = reply["found"][OTHER]
    assert downloaded["where"] == "downloads" and downloaded["root"] is None
    assert downloaded["lab_path"] == f"data/ATL06/006/{OTHER}"
    assert (downloaded["size"], downloaded["size_check"]) == (20, "unknown")


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({}, "'granules'"),
        ({"granules": "ATL06"}, "'granules'"),
        ({"granules": [{"size": 1}]}, "'name'"),
        ({"granules": [{"name": 5}]}, "'name'"),
        ({"granules": [{"name": "a", "size": -1}]}, "'size'"),
        ({"granules": [{"name": "a", "size": True}]}, "'size'"),
        ({"granules": [{"name": "a", "size": "1"}]}, "'size'"),
        ({"granules": [{"name": "a"}] * (MAX_GRANULES + 1)}, "at most"),
    ],
)
async def test_route_refuses_bad_bodies_in_words(post_json, body, words):
    status, reply = await post_json("shared", "find", body=body)
    assert status == 400
    assert words in reply["message"]
