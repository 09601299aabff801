"""The shared volume as hostile ground (issue #12): another participant plants, the
victim clicks, through the real routes.

Roots as on a hackweek hub: ``shared`` (read-only, outside the server root) and
``shared-readwrite`` (writable by every participant, inside the server root, like
``~/shared-readwrite``). The victim, "hackweek-tester", is not a publisher. A
folder outside every root holds ``OUTSIDE_SECRET``, which no reply or copy may
ever contain; the server must keep answering jupyter_server's own routes while
the hostile requests run.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
import time

import psutil
import pytest

from jupyterlab_hackweek.tests.conftest import server_config
from jupyterlab_hackweek.tests.fixture_hostile import (
    OUTSIDE_SECRET,
    ZARR_METADATA,
    make_outside,
    plant_blowup_h5,
    plant_deep_json_zarr,
    plant_unusual_h5,
    plant_zarr_fifo,
    plant_zarr_symlinks,
    probe_while,
    release_fifos,
)
from jupyterlab_hackweek.tests.test_shared_publishers import HubLikeIdentity

pytest_plugins = ("jupyterlab_hackweek.tests.fixture_hostile",)

#: The byte budget of one preview reply (``shared/preview.py``).
PREVIEW_BUDGET = 2 * 1024 * 1024


@pytest.fixture
def volume(tmp_path_factory, jp_root_dir):
    base = tmp_path_factory.mktemp("hostile")
    (base / "shared").mkdir()
    rw = jp_root_dir / "shared-readwrite"
    rw.mkdir()
    secret = make_outside(base / "outside")
    yield {"base": base, "rw": rw, "secret": secret, "home": jp_root_dir}
    release_fifos(rw)


@pytest.fixture
def jp_server_config(volume):
    return server_config(
        server={"identity_provider_class": HubLikeIdentity},
        SharedData={
            "roots": [
                {"name": "shared", "path": str(volume["base"] / "shared"), "writable": False},
                {"name": "shared-readwrite", "path": str(volume["rw"]), "writable": True},
            ],
            "publishers": ["an-organizer"],
        },
    )


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


async def preview(client, path, root="shared-readwrite"):
    return await client("GET", "hackweek/api/shared/preview", {"root": root, "path": path})


# --- reading outside the root through Zarr metadata --------------------------------------


async def test_zarr_metadata_linked_out_of_the_root_is_never_read(client, volume):
    # Given a Zarr store whose .zattrs and arr/.zarray are links to a file outside
    plant_zarr_symlinks(volume["rw"] / "store.zarr", volume["secret"])
    # When the victim previews it
    code, text, _ = await preview(client, "store.zarr")
    # Then the reply is JSON saying what was refused, and the outside file is not in it
    assert code in (200, 403), text
    assert OUTSIDE_SECRET not in text
    reply = json.loads(text)
    if code == 200:
        nodes = {n["path"]: n for n in reply["nodes"]}
        assert "out of the shared folder" in nodes["/"]["problem"]
        assert nodes["/arr"]["type"] == "refused"
        assert "out of the shared folder" in nodes["/arr"]["reason"]


# --- hanging the server with FIFOs ----------------------------------------------------------


async def test_fifo_metadata_costs_no_thread_and_the_server_keeps_answering(client, volume):
    # Given 21 Zarr stores whose metadata files are FIFOs no one writes to
    paths = []
    for number in range(7):
        for name in ZARR_METADATA:
            path = f"fifo{number}-{name[1:]}.zarr"
            plant_zarr_fifo(volume["rw"] / path, name)
            paths.append(path)
    # When 20 previews of them run at once
    previews = asyncio.gather(*(preview(client, path) for path in paths[:20]))
    task = asyncio.ensure_future(previews)
    probes = asyncio.ensure_future(
        probe_while(client, "api/kernelspecs", lambda: not task.done(), every=0.01)
    )
    try:
        replies = await asyncio.wait_for(task, 30)
    finally:
        release_fifos(volume["rw"])  # lets the old code's stuck threads end
    times = await probes
    print(
        f"\n20 FIFO previews: slowest {max(r[2] for r in replies):.3f} s; "
        f"api/kernelspecs max {max(times):.3f} s over {len(times)} probes"
    )
    # Then every one answers a JSON 4xx within 10 s, saying why
    for code, text, seconds in replies:
        assert 400 <= code < 500, text
        assert seconds < 10
        assert "not a regular file" in json.loads(text)["message"]
    # And jupyter_server's own kernelspecs answered within 1 s throughout
    assert times and max(times) < 1.0, times


# --- replies built huge from small files ----------------------------------------------------


async def test_a_crafted_file_gets_a_bounded_reply_and_the_server_stays_responsive(client, volume):
    # Given a 1 MB file whose naive preview is hundreds of MB
    plant_blowup_h5(volume["rw"] / "blowup.h5")
    assert (volume["rw"] / "blowup.h5").stat().st_size < 2 * 1024 * 1024
    process = psutil.Process()
    baseline = process.memory_info().rss
    peak = [baseline]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], process.memory_info().rss)
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()

    # When it is previewed three times in a row, while api/status is probed
    async def previews():
        return [await preview(client, "blowup.h5") for _ in range(3)]

    task = asyncio.ensure_future(previews())
    probes = asyncio.ensure_future(
        probe_while(client, "api/status", lambda: not task.done(), every=0.01)
    )
    replies = await task
    times = await probes
    code, text, _ = replies[0]
    assert {reply[1] for reply in replies} == {text}
    done.set()
    sampler.join()
    print(
        f"\ncrafted file: reply {len(text.encode()):,} bytes, "
        f"RSS +{(peak[0] - baseline) / 2**20:.1f} MB, "
        f"api/status p95 {p95(times) * 1000:.1f} ms over {len(times)} probes"
    )
    # Then the reply fits the budget
    assert code == 200, text[:500]
    assert len(text.encode()) <= PREVIEW_BUDGET
    reply = json.loads(text)
    # And hard links are listed once, then referenced
    links = [n for n in reply["nodes"] if n["type"] == "hard-link"]
    assert links and all(n["target"] == "/fat" for n in links)
    # And names are cut to a readable length
    assert all(len(k) <= 200 for n in reply["nodes"] for k in n.get("attrs", {}))
    compound = next(n for n in reply["nodes"] if n["path"] == "/compound")
    assert len(compound["dtype"]) <= 201
    # And the server grew < 100 MB and api/status kept answering (p95 < 100 ms)
    assert peak[0] - baseline < 100 * 1024 * 1024
    assert len(times) >= 10 and p95(times) < 0.1, times


async def test_unusual_but_valid_files_are_nodes_saying_why_never_a_500(client, volume):
    # Given a group linked into itself, 1,200 nested groups, a 128-bit integer dataset
    plant_unusual_h5(volume["rw"] / "unusual.h5")
    # When previewed
    code, text, _ = await preview(client, "unusual.h5")
    # Then the tree is shown, each oddity as a node with a reason
    assert code == 200, text[:500]
    nodes = {n["path"]: n for n in json.loads(text)["nodes"]}
    assert nodes["/loop/self"]["type"] == "hard-link"
    assert nodes["/loop/self"]["target"] == "/loop"
    assert nodes["/int128"]["type"] == "unsupported"
    assert "128" in nodes["/int128"]["reason"] or "type" in nodes["/int128"]["reason"]
    assert nodes["/plain"]["dtype"] == "float32"
    too_deep = [n for n in nodes.values() if n["type"] == "too-deep"]
    assert len(too_deep) == 1


async def test_deeply_nested_zarr_json_is_a_clear_answer(client, volume):
    plant_deep_json_zarr(volume["rw"] / "deep.zarr")
    code, text, _ = await preview(client, "deep.zarr")
    assert code == 200, text[:500]
    root = json.loads(text)["nodes"][0]
    assert root["type"] == "group"
    assert "nested too deeply" in root["problem"]


# --- check, then use: a copy under a symlink-swapping race ---------------------------------


async def test_a_copy_never_takes_the_outside_file_while_a_link_is_swapped_in(client, volume):
    # Given a name in the shared root that another participant keeps swapping
    # between a regular file and a link to a file outside the root
    rw, secret = volume["rw"], volume["secret"]
    target = rw / "race.h5"
    target.write_text("inside")
    swaps = 0
    stop = threading.Event()

    def swap():
        nonlocal swaps
        spare = rw / "race.spare"
        while not stop.is_set():
            if swaps % 2:
                spare.write_text("inside")
            else:
                spare.symlink_to(secret)
            os.replace(spare, target)
            swaps += 1

    swapper = threading.Thread(target=swap)
    swapper.start()
    replies = []
    try:
        # When the victim copies it 100 times (and more while fewer than 10,000 swaps)
        number = 0
        while number < 100 or swaps < 10_000:
            batch = [
                client(
                    "POST",
                    "hackweek/api/shared/copy",
                    body={"root": "shared-readwrite", "path": "race.h5", "name": f"c{n}.h5"},
                )
                for n in range(number, number + 20)
            ]
            replies += await asyncio.gather(*batch)
            number += 20
    finally:
        stop.set()
        swapper.join()
    # Then no copy holds the outside file
    copies = [p for p in volume["home"].iterdir() if p.name.startswith("c")]
    print(f"\nrace: {len(replies)} copies, {len(copies)} made, {swaps} swaps")
    assert swaps >= 10_000 and len(replies) >= 100
    assert [p.name for p in copies if OUTSIDE_SECRET in p.read_text()] == []
    assert {code for code, _, _ in replies} <= {200, 403, 404}
    assert any(code == 200 for code, _, _ in replies)


# --- writes only where the user meant -------------------------------------------------------


async def test_copy_into_a_writable_root_needs_publisher_rights(client, volume):
    # Given a file in the read-only root and the victim, who is not a publisher
    (volume["base"] / "shared" / "data.h5").write_text("data")
    # When they copy it with the writable root (inside their home) as destination
    code, text, _ = await client(
        "POST",
        "hackweek/api/shared/copy",
        body={"root": "shared", "path": "data.h5", "dest": "shared-readwrite"},
    )
    # Then it is refused like publishing, and nothing is written there
    assert code == 403, text
    assert "organizers" in json.loads(text)["message"]
    assert list(volume["rw"].iterdir()) == []


@pytest.mark.parametrize(
    "name", ["evil\x1b]0;pwned\x07.h5", "two\nlines.h5", "cr\r.h5", "del\x7f.h5", "c1\x9b31m.h5"]
)
async def test_names_with_control_characters_are_never_created(client, volume, name):
    (volume["base"] / "shared" / "data.h5").write_text("data")
    before = sorted(os.listdir(volume["home"]))
    code, text, _ = await client(
        "POST",
        "hackweek/api/shared/copy",
        body={"root": "shared", "path": "data.h5", "name": name},
    )
    assert code == 400, text
    assert "control character" in json.loads(text)["message"]
    assert sorted(os.listdir(volume["home"])) == before


async def test_a_planted_name_with_control_characters_is_not_copied_as_is(client, volume):
    # Given a planted file whose own name carries an escape sequence
    planted = "plant\x1b[2J.h5"
    (volume["rw"] / planted).write_text("data")
    # When the victim copies it without giving a name, Then it is refused, nothing written
    before = sorted(os.listdir(volume["home"]))
    code, text, _ = await client(
        "POST", "hackweek/api/shared/copy", body={"root": "shared-readwrite", "path": planted}
    )
    assert code == 400, text
    assert sorted(os.listdir(volume["home"])) == before
