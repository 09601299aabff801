"""Shared browser routes over HTTP: the bad-input catalogue, copies, publishing, previews.

Roots: 'shared' (read-only, outside the server root, like TLJH's /srv/data) and
'organizers' (writable). A sibling 'shared-evil' shares the root's name prefix.
"""

import os
import shutil
from pathlib import Path

import pytest

from jupyterlab_hackweek.tests.conftest import server_config

from .contract import record
from .fixture_shared import ATL06, DATA
from .fixture_sshfs import fs_root_of


@pytest.fixture
def volume(request):
    """The volumes' folder as the server reads it: on a local disk, or (parametrised
    ``indirect`` with "sshfs") on the sshfs mount; planted on the file server's side."""
    fs = fs_root_of(getattr(request, "param", "local"), request, "volumes")
    base = fs.server
    root, evil, rw = base / "shared", base / "shared-evil", base / "rw"
    for folder in (root / "a" / "b" / "c", evil, rw, root / ".hidden"):
        folder.mkdir(parents=True)
    shutil.copyfile(DATA / ATL06, root / ATL06)
    shutil.copyfile(DATA / "tiny.nc", root / "tiny.nc")
    (root / "a" / "b" / "c" / "data.txt").write_text("inside")
    (root / ".hidden" / "x.txt").write_text("hidden")
    (evil / "secret.txt").write_text("secret")
    (root / "link-out-file").symlink_to(fs.client / "shared-evil" / "secret.txt")
    (root / "link-out-dir").symlink_to(fs.client / "shared-evil")
    (root / "loop").symlink_to(fs.client / "shared" / "loop")
    os.mkfifo(root / "pipe")
    (root / "caf\u00e9.txt").write_text("nfc")
    (root / "cafe\u0301.txt").write_text("nfd")
    return fs.client


@pytest.fixture
def jp_server_config(volume):
    return server_config(
        SharedData={
            "roots": [
                {"name": "shared", "path": str(volume / "shared"), "writable": False},
                {"name": "organizers", "path": str(volume / "rw"), "writable": True},
            ]
        },
    )


def snapshot(*folders):
    """Every path under the folders, to prove a request wrote nothing."""
    return {str(p) for folder in folders for p in Path(folder).rglob("*")}


BAD_PATHS = [
    "../../etc/passwd",
    "/etc/passwd",
    "a\x00b",
    "a/./b//c/../../../..",
    "../shared-evil/secret.txt",
    "link-out-file",
    "link-out-dir",
    "link-out-dir/secret.txt",
    "loop",
    "C:\\x",
    "a\\b",
    "a/" * 2049,
    "n" * 256,
    ".hidden",
    ".hidden/x.txt",
    "cafe.txt",
]


@pytest.mark.parametrize("path", BAD_PATHS)
async def test_bad_paths_get_4xx_json_and_write_nothing(
    get_json, post_json, volume, jp_root_dir, path
):
    # Given the volumes and the home folder as they are
    before = snapshot(volume, jp_root_dir)
    # When the bad path is listed, previewed and copied
    answers = [
        await get_json("shared", "list", root="shared", path=path),
        await get_json("shared", "preview", root="shared", path=path),
        await post_json("shared", "copy", body={"root": "shared", "path": path}),
        await post_json(
            "shared", "publish", body={"root": "organizers", "path": "", "source": path}
        ),
    ]
    # Then each answer is a 4xx JSON error with a message, and nothing was written
    for status, body in answers:
        assert 400 <= status < 500, (status, body)
        assert body["message"]
    assert snapshot(volume, jp_root_dir) == before


async def test_listing_marks_and_skips_entries(get_json):
    # When the root is listed, Then links out are marked, loop/hidden skipped, both cafés shown
    status, body = await get_json("shared", "list", root="shared", path="")
    assert status == 200
    record("shared-list", body)
    types = {e["name"]: e["type"] for e in body["entries"]}
    assert types["link-out-file"] == types["link-out-dir"] == "symlink-out"
    assert types["pipe"] == "other"
    assert "loop" not in types and ".hidden" not in types
    assert types["caf\u00e9.txt"] == types["cafe\u0301.txt"] == "file"
    assert body["total"] == len(body["entries"]) == 8


async def test_dot_and_double_slash_are_normalised(get_json):
    status, body = await get_json("shared", "list", root="shared", path="a/./b//c")
    assert status == 200
    assert body["path"] == "a/b/c"
    assert [e["name"] for e in body["entries"]] == ["data.txt"]


async def test_fifo_is_not_opened(get_json, post_json, jp_root_dir):
    # When a FIFO no one writes to is listed, previewed or copied, Then a 400 at once saying
    # why (since #12 it is refused when opened, for every route, with one message)
    before = snapshot(jp_root_dir)
    answers = [
        await get_json("shared", "list", root="shared", path="pipe"),
        await get_json("shared", "preview", root="shared", path="pipe"),
        await post_json("shared", "copy", body={"root": "shared", "path": "pipe"}),
    ]
    for status, body in answers:
        assert status == 400, body
        assert "not a regular file or folder" in body["message"]
    assert snapshot(jp_root_dir) == before


async def test_nfc_and_nfd_are_two_files(post_json, jp_root_dir):
    # When each form is copied, Then each copy holds its own content
    for name in ("caf\u00e9.txt", "cafe\u0301.txt"):
        status, body = await post_json("shared", "copy", body={"root": "shared", "path": name})
        assert status == 200, body
    assert (jp_root_dir / "caf\u00e9.txt").read_text() == "nfc"
    assert (jp_root_dir / "cafe\u0301.txt").read_text() == "nfd"


async def test_file_vanishing_between_listing_and_opening(get_json, post_json, volume):
    # Given a listed file that is then deleted
    target = volume / "shared" / "a" / "b" / "c" / "data.txt"
    status, body = await get_json("shared", "list", root="shared", path="a/b/c")
    assert [e["name"] for e in body["entries"]] == ["data.txt"]
    target.unlink()
    # When it is previewed or copied, Then 404 JSON
    assert (await get_json("shared", "preview", root="shared", path="a/b/c/data.txt"))[0] == 404
    assert (await post_json("shared", "copy", body={"root": "shared", "path": "a/b/c/data.txt"}))[
        0
    ] == 404


@pytest.mark.parametrize("volume", ["local", "sshfs"], indirect=True)
async def test_preview_atl06_over_http(get_json, volume):
    status, body = await get_json("shared", "preview", root="shared", path=ATL06)
    assert status == 200
    record("shared-preview", {**body, "nodes": body["nodes"][:40]})  # a readable part
    h_li = next(n for n in body["nodes"] if n["path"] == "/gt1l/land_ice_segments/h_li")
    assert (h_li["shape"], h_li["dtype"]) == ([330], "float32")
    # And the whole tree (root, 101 groups, 537 datasets) fits the reply, uncut
    assert len(body["nodes"]) == 1 + 101 + 537
    assert (body["truncated"], body["truncated_reason"], body["path"]) == (False, None, ATL06)


async def test_preview_netcdf3_message(get_json):
    status, body = await get_json("shared", "preview", root="shared", path="tiny.nc")
    assert status == 415
    assert "netCDF-3" in body["message"]


@pytest.mark.parametrize("volume", ["local", "sshfs"], indirect=True)
async def test_copy_then_409_with_suggestion_then_copy_as(post_json, jp_root_dir, volume):
    # When the ATL06 sample is copied to home, Then it lands with its name
    status, body = await post_json("shared", "copy", body={"root": "shared", "path": ATL06})
    assert (status, body["path"]) == (200, ATL06)
    record("shared-copy", body)
    assert (jp_root_dir / ATL06).stat().st_size == (volume / "shared" / ATL06).stat().st_size
    # When copied again, Then 409 with the suggested name
    status, body = await post_json("shared", "copy", body={"root": "shared", "path": ATL06})
    suggested = ATL06.replace(".h5", "-2.h5")
    assert (status, body["suggested"]) == (409, suggested)
    record("shared-copy-conflict", body)
    # When copied with that name, Then a second copy
    status, body = await post_json(
        "shared", "copy", body={"root": "shared", "path": ATL06, "name": suggested}
    )
    assert status == 200
    assert (jp_root_dir / suggested).exists()


@pytest.mark.parametrize("volume", ["local", "sshfs"], indirect=True)
async def test_a_copy_started_with_an_operation_id_tells_its_progress(
    post_json, get_json, jp_root_dir, volume
):
    # Given a copy started with an operation id
    size = (volume / "shared" / ATL06).stat().st_size
    body = {"root": "shared", "path": ATL06, "operation": "op-0123456789"}
    status, _ = await post_json("shared", "copy", body=body)
    assert status == 200
    # When its progress is asked, Then it is done with every byte of the file
    status, reply = await get_json("shared", "copy", operation="op-0123456789")
    assert status == 200
    record("shared-progress", reply)
    assert reply == {"operation": "op-0123456789", "bytes": size, "total": size, "state": "done"}
    # And an id in use, an unknown id and a malformed id are refused in words
    status, reply = await post_json("shared", "copy", body={**body, "name": "again.h5"})
    assert status == 409 and "in use" in reply["message"]
    assert not (jp_root_dir / "again.h5").exists()
    status, reply = await get_json("shared", "copy", operation="op-never-seen")
    assert status == 404 and "no such copy" in reply["message"]
    for bad in ["../x", "a b", "short", "x" * 65]:
        status, reply = await get_json("shared", "publish", operation=bad)
        assert status == 400 and "'operation'" in reply["message"]
    status, reply = await post_json("shared", "copy", body={**body, "operation": "../x"})
    assert status == 400


@pytest.mark.parametrize("volume", ["local", "sshfs"], indirect=True)
async def test_copy_folder_into_a_subfolder(post_json, jp_root_dir, volume):
    (jp_root_dir / "work").mkdir()
    status, body = await post_json(
        "shared", "copy", body={"root": "shared", "path": "a", "dest": "work"}
    )
    assert (status, body["path"]) == (200, "work/a")
    assert (jp_root_dir / "work" / "a" / "b" / "c" / "data.txt").read_text() == "inside"


@pytest.mark.parametrize("volume", ["local", "sshfs"], indirect=True)
async def test_publish_only_to_writable_roots(post_json, get_json, jp_root_dir, volume):
    (jp_root_dir / "result.h5").write_bytes(b"x" * 5)
    # When published to the read-only root, Then 403
    status, _ = await post_json(
        "shared", "publish", body={"root": "shared", "path": "", "source": "result.h5"}
    )
    assert status == 403
    # When a folder is made and the file published there, Then it is listed
    status, made = await post_json("shared", "mkdir", body={"root": "organizers", "path": "week1"})
    assert status == 200
    record("shared-mkdir", made)
    assert (await post_json("shared", "mkdir", body={"root": "organizers", "path": "week1"}))[
        0
    ] == 409
    status, body = await post_json(
        "shared", "publish", body={"root": "organizers", "path": "week1", "source": "result.h5"}
    )
    assert (status, body["path"]) == (200, "week1/result.h5")
    record("shared-publish", body)
    status, _ = await post_json(
        "shared", "publish", body={"root": "organizers", "path": "week1", "source": "result.h5"}
    )
    assert status == 409
    # When its description is written, Then the listing returns it
    readme = "# Week 1\n<script>alert(1)</script>"
    body = {"root": "organizers", "path": "week1", "readme": readme}
    status, described = await post_json("shared", "describe", body=body)
    assert status == 200
    record("shared-describe", described)
    status, listing = await get_json("shared", "list", root="organizers", path="week1")
    assert listing["description"] == {"readme": readme}
    record("shared-list-described", listing)
    assert [e["name"] for e in listing["entries"]] == ["README.md", "result.h5"]


async def test_roots_and_folder_size(get_json, volume):
    status, body = await get_json("shared", "roots")
    assert status == 200
    record("shared-roots", body)
    assert body["roots"][0] == {
        "name": "shared",
        "path": str(volume / "shared"),
        "writable": False,
        "available": True,
        "lab_path": None,
    }
    status, size = await get_json("shared", "size", root="shared", path="a")
    record("shared-size", size)
    assert size == {"total_size": 6, "size_pending": False, "sizes_counting": False}


async def test_bad_query_values(get_json):
    assert (await get_json("shared", "list", root="nope", path=""))[0] == 404
    assert (await get_json("shared", "list", root="shared", sort="colour"))[0] == 400
    assert (await get_json("shared", "list", root="shared", offset="x"))[0] == 400
