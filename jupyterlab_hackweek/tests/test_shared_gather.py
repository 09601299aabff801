"""Publishing several files of the user as one new folder of a writable root (a
finished subset order, in one step): whole or not at all, with its description,
never reading outside the user's space nor overwriting."""

import os
from pathlib import Path

import h5py
import pytest

from jupyterlab_hackweek.shared import transfer
from jupyterlab_hackweek.tests.conftest import server_config

from .contract import record
from .fixture_shared import ATL06, DATA

ORDER = "data/ATL06/006"
README = "# ATL06 006 subset\n\nBox -52.5, 64, -48.5, 70; 2019-03-30.\n"


@pytest.fixture
def volume(tmp_path_factory):
    base = tmp_path_factory.mktemp("volumes")
    (base / "rw").mkdir()
    (base / "ro").mkdir()
    (base / "elsewhere.h5").write_bytes(b"not yours")
    return base


@pytest.fixture
def jp_server_config(volume):
    return server_config(
        SharedData={
            "roots": [
                {"name": "organizers", "path": str(volume / "rw"), "writable": True},
                {"name": "shared", "path": str(volume / "ro"), "writable": False},
            ]
        },
    )


@pytest.fixture
def order(jp_root_dir):
    """An order's saved outputs in the user's space, beside another download's file."""
    folder = jp_root_dir / ORDER
    folder.mkdir(parents=True)
    names = ["ATL06_1_subsetted.h5", "ATL06_2_subsetted.h5"]
    for name in names:
        (folder / name).write_bytes((DATA / ATL06).read_bytes())
    (folder / "other-download.h5").write_bytes(b"not part of the order")
    return [f"{ORDER}/{name}" for name in names]


def visible(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


async def test_an_order_is_published_as_one_described_folder(
    post_json, get_json, volume, order, jp_root_dir
):
    operation = "0f9d6c1e-6f5b-4b7e-9a59-2f3c6a1d7e42"
    body = {
        "root": "organizers",
        "path": "",
        "sources": order,
        "name": "ATL06_006_subset",
        "readme": README,
        "operation": operation,
    }
    status, reply = await post_json("shared", "publish", body=body)
    assert status == 200, reply
    record("shared-publish-files", reply)
    published = volume / "rw" / "ATL06_006_subset"
    assert reply["path"] == "ATL06_006_subset"
    assert reply["bytes"] == 2 * (DATA / ATL06).stat().st_size + len(README)
    # Then the room sees the two outputs (not the other download) and the description
    assert visible(volume / "rw") == {
        "ATL06_006_subset",
        "ATL06_006_subset/README.md",
        "ATL06_006_subset/ATL06_1_subsetted.h5",
        "ATL06_006_subset/ATL06_2_subsetted.h5",
    }
    with h5py.File(published / "ATL06_2_subsetted.h5") as copied:
        assert "gt1l/land_ice_segments/h_li" in copied
    status, listing = await get_json("shared", "list", root="organizers", path="ATL06_006_subset")
    assert listing["description"] == {"readme": README}
    # And the progress of the operation says it ended
    status, progress = await get_json("shared", "publish", operation=operation)
    assert status == 200 and progress["state"] == "done"
    # When published again, Then 409 with a free name, and nothing changed
    before = visible(volume / "rw")
    status, refused = await post_json("shared", "publish", body={**body, "operation": None})
    assert (status, refused["suggested"]) == (409, "ATL06_006_subset-2")
    assert visible(volume / "rw") == before


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"sources": ["../elsewhere.h5"]}, 400),
        ({"sources": ["/etc/passwd"]}, 400),
        ({"sources": [f"{ORDER}/missing.h5"]}, 404),
        ({"sources": []}, 400),
        ({"sources": f"{ORDER}/ATL06_1_subsetted.h5"}, 400),
        ({"sources": [ORDER + "/ATL06_1_subsetted.h5", ORDER + "/ATL06_1_subsetted.h5"]}, 400),
        ({"sources": [f"{ORDER}/link-out.h5"]}, 403),
        ({"name": "../escape"}, 400),
        ({"name": None}, 400),
        ({"root": "shared"}, 403),
        ({"readme": "x" * (1024 * 1024 + 1)}, 400),
    ],
)
async def test_bad_publications_are_refused_and_change_nothing(
    post_json, volume, order, jp_root_dir, change, status
):
    (jp_root_dir / ORDER / "link-out.h5").symlink_to(volume / "elsewhere.h5")
    body = {"root": "organizers", "path": "", "sources": order, "name": "subset", "readme": README}
    before = visible(volume)
    answer, reply = await post_json("shared", "publish", body={**body, **change})
    assert (answer, visible(volume)) == (status, before), reply
    assert reply["message"]


async def test_a_failure_midway_leaves_no_folder_and_no_partial_file(
    post_json, volume, order, monkeypatch
):
    # Given a disk that fills up on the second output
    calls = []
    original = transfer.copy_stream

    def failing(source, target, advance):
        calls.append(1)
        if len(calls) == 2:
            raise OSError(122, "Disk quota exceeded")
        return original(source, target, advance)

    monkeypatch.setattr(transfer, "copy_stream", failing)
    body = {"root": "organizers", "path": "", "sources": order, "name": "subset", "readme": README}
    status, reply = await post_json("shared", "publish", body=body)
    assert calls == [1, 1]  # the first output was copied, the second failed
    assert status >= 500 and "quota" in reply["message"].lower()
    assert os.listdir(volume / "rw") == []
