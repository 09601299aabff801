"""Harmony subset orders: the real harmony-py client and our server against the fake
Harmony, real subsets checked with h5py, and the faults a job meets."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import sys
import textwrap
from pathlib import Path

import h5py
import numpy as np
import pytest

from jupyterlab_hackweek.downloads import DownloadManager, Harmony
from jupyterlab_hackweek.downloads.credentials import store_netrc
from jupyterlab_hackweek.tests.conftest import server_config

pytest.register_assert_rewrite("jupyterlab_hackweek.tests.downloads_helpers")

from .contract import record  # noqa: E402
from .downloads_helpers import config_for, netrc_login, settle  # noqa: E402
from .fake_earthdata import SAMPLE  # noqa: E402
from .fake_harmony import EPOCH, FakeHarmony  # noqa: E402

pytest_plugins = ("jupyterlab_hackweek.tests.downloads_helpers",)

#: A box and a time range that cut each of GRANULES in part (the fake lays the ATL06
#: sample, 330 segments per beam, along each granule's footprint: the three cross the
#: box on their own ground tracks, starting 2019-05-03 02:54:48, 2019-07-21 02:43:08
#: and 2019-11-06 15:11:58, for 28 s).
BOX = [-52.5, 64.0, -48.5, 70.0]
START, END = "2019-05-03T02:54:53Z", "2019-11-06T15:12:18Z"
#: ATL06 v006 granules of the fake CMR whose tracks cross BOX (and the triangle below
#: its diagonal), with the sample's segments inside both once laid along them.
GRANULES = [
    "ATL06_20190503025448_05210303_006_01.h5",
    "ATL06_20190721024308_03380403_006_01.h5",
    "ATL06_20191106151158_06050505_006_01.h5",
]
#: Segments of the sample's six beams (330, 254 and 177 per pair).
SAMPLE_SEGMENTS = 1522
BEAMS = ("gt1l", "gt1r", "gt2l", "gt2r", "gt3l", "gt3r")


@pytest.fixture
def harmony(jp_asyncio_loop, fake):
    server = jp_asyncio_loop.run_until_complete(FakeHarmony(fake).start())
    yield server
    server.stop()


def cloud_collection(
    harmony: FakeHarmony, short_name="ATL06", version="006", provider="NSIDC_CPRD"
):
    return next(
        c["id"]
        for c in harmony.catalogue.collections
        if (c["short_name"], c["version_id"], c["data_center"]) == (short_name, version, provider)
    )


def names(harmony: FakeHarmony, count: int = 3) -> list[str]:
    """The first ``count`` of GRANULES, each checked to be in the fake CMR over BOX."""
    box = ",".join(map(str, BOX))
    _, _, body = harmony.catalogue.search_granules(
        {"short_name": ["ATL06"], "version": ["006"], "bounding_box": [box], "page_size": ["2000"]},
        None,
    )
    found = {e["producer_granule_id"] for e in json.loads(body)["feed"]["entry"]}
    assert set(GRANULES) <= found
    return GRANULES[:count]


def order_body(harmony: FakeHarmony, **extra) -> dict:
    return {
        "short_name": "ATL06",
        "version": "006",
        "collection_id": cloud_collection(harmony),
        "granules": names(harmony),
        "bbox": BOX,
        "start": START,
        "end": END,
        **extra,
    }


def assert_subset(path: str, box=BOX, start=START, end=END) -> int:
    """The file is HDF5 and every beam's segments lie in the box and the time range;
    the number of segments kept."""
    low = (dt.datetime.fromisoformat(start.replace("Z", "+00:00")) - EPOCH).total_seconds()
    high = (dt.datetime.fromisoformat(end.replace("Z", "+00:00")) - EPOCH).total_seconds()
    kept = 0
    with h5py.File(path, "r") as granule:
        for beam in BEAMS:
            segments = granule[beam]["land_ice_segments"]
            lat, lon = segments["latitude"][:], segments["longitude"][:]
            seconds, heights = segments["delta_time"][:], segments["h_li"][:]
            assert lat.size == heights.size
            assert np.all((lon >= box[0]) & (lon <= box[2]) & (lat >= box[1]) & (lat <= box[3]))
            assert np.all((seconds >= low) & (seconds <= high))
            kept += lat.size
    return kept


@pytest.fixture
def make_orders(jp_asyncio_loop, fake, harmony, tmp_path):
    """``await make_orders()``: a started manager whose Harmony is the fake."""
    managers = []

    async def make(poll_interval: float = 0.05, **extra) -> DownloadManager:
        manager = DownloadManager(
            config_for(fake, redirect_hosts=[f"localhost:{harmony.port}"], **extra),
            str(tmp_path),
            str(tmp_path),
            environ={},
            harmony=Harmony(url=harmony.url, poll_interval=poll_interval),
        )
        await manager.start()
        managers.append(manager)
        return manager

    yield make
    for manager in managers:
        if not manager._stopping:
            jp_asyncio_loop.run_until_complete(manager.shutdown())


async def test_harmony_py_submits_follows_and_downloads_from_the_fake(harmony, fake, tmp_path):
    """The reference client, unchanged, against the fake: capabilities, a subset job
    with a box, times and file names, waiting, and downloading every output."""
    collection = cloud_collection(harmony)
    script = textwrap.dedent(
        f"""
        import datetime as dt, json, harmony
        client = harmony.Client(token={fake.token!r}, check_interval=0.05)
        able = client.submit(harmony.CapabilitiesRequest(collection_id={collection!r}))
        request = harmony.Request(
            collection=harmony.Collection(id={collection!r}),
            spatial=harmony.BBox({BOX[0]}, {BOX[1]}, {BOX[2]}, {BOX[3]}),
            temporal={{
                "start": dt.datetime.fromisoformat({START!r}),
                "stop": dt.datetime.fromisoformat({END!r}),
            }},
            granule_name={names(harmony)!r},
        )
        job = client.submit(request)
        client.wait_for_processing(job)
        files = [f.result() for f in client.download_all(job, directory={str(tmp_path)!r})]
        print(json.dumps({{"able": able["bboxSubset"], "status": client.status(job)["status"],
                           "files": files}}))
        """
    )
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["ROOT_URL"] = harmony.url
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", script, env=env, cwd=tmp_path, stdout=-1, stderr=-1
    )
    out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 0, err.decode()
    result = json.loads(out.decode().strip().splitlines()[-1])
    assert result["able"] is True and result["status"] == "successful"
    assert len(result["files"]) == 3
    for path in result["files"]:
        assert path.endswith("_subsetted.h5")
        assert 0 < assert_subset(path) < SAMPLE_SEGMENTS
    submit = next(r for r in harmony.requests if r["path"].endswith("/rangeset"))
    assert submit["authorization"] == f"Bearer {fake.token}"


async def test_an_order_through_our_server_saves_real_subsets(make_orders, harmony, fake, tmp_path):
    """Password login (Harmony's Earthdata Login redirect), submit, follow, download."""
    netrc_login(tmp_path, fake)
    manager = await make_orders()
    reply = await manager.order(order_body(harmony))
    assert reply["order"]["status"] == "accepted"
    assert reply["order"]["granules"] == 3
    done = await settle(manager, reply["id"])
    assert done["state"] == "done", done
    assert done["order"]["status"] == "successful" and done["order"]["progress"] == 100
    assert [f["state"] for f in done["files"]] == ["done"] * 3
    folder = tmp_path / "data" / "ATL06" / "006"
    for item in done["files"]:
        assert item["name"].endswith("_subsetted.h5")
        assert 0 < assert_subset(str(folder / item["name"])) < SAMPLE_SEGMENTS
    # The password went to Earthdata Login only; Harmony got the session cookie.
    submit = next(r for r in harmony.requests if r["path"].endswith("/rangeset"))
    assert submit["authorization"] is None
    assert not any(r["authorization"] for r in harmony.requests)
    # Subsets are what this is for: fewer bytes than the whole granules.
    assert sum(f["bytes_done"] for f in done["files"]) < 3 * os.path.getsize(SAMPLE)
    # Harmony gives no sizes: once saved, the total is what was saved
    assert done["bytes_total"] == done["bytes_done"] == sum(f["bytes_done"] for f in done["files"])


async def test_a_polygon_order_sends_the_shape_and_cuts_to_it(make_orders, harmony, fake, tmp_path):
    netrc_login(tmp_path, fake)
    manager = await make_orders()
    ring = [[-52.5, 64.0], [-48.5, 64.0], [-48.5, 70.0], [-52.5, 64.0]]
    reply = await manager.order(order_body(harmony, bbox=None, polygon=ring, start=None))
    done = await settle(manager, reply["id"])
    assert done["state"] == "done", done
    job = harmony.jobs[done["order"]["job_id"]]
    assert job.polygon == [[tuple(p) for p in ring]]
    path = tmp_path / "data" / "ATL06" / "006" / done["files"][0]["name"]
    with h5py.File(path) as granule:
        lat = granule["gt1l/land_ice_segments/latitude"][:]
        lon = granule["gt1l/land_ice_segments/longitude"][:]
    # Inside the triangle: above 64°N, below the edge from (52.5°W, 64°N) to (48.5°W, 70°N).
    assert lat.size and np.all(lat >= 64.0)
    assert np.all(lat <= 64.0 + (lon + 52.5) / 4.0 * 6.0 + 1e-9)


async def test_a_collection_harmony_cannot_subset_is_refused_not_downloaded_whole(
    make_orders, harmony, fake, tmp_path
):
    netrc_login(tmp_path, fake)
    manager = await make_orders()
    ecs = cloud_collection(harmony, provider="NSIDC_ECS")
    with pytest.raises(Exception) as refused:
        await manager.order(order_body(harmony, collection_id=ecs))
    assert refused.value.status == 422
    assert "Harmony cannot subset ATL06 version 006" in refused.value.message
    assert not any(r["path"].endswith("/rangeset") for r in harmony.requests)
    assert manager.list() == {"downloads": []}
    able = await manager.capabilities(cloud_collection(harmony))
    assert able["subset"] and able["bbox"] and able["shape"] and able["temporal"]


async def test_an_order_without_a_login_asks_for_one(make_orders, harmony):
    manager = await make_orders()
    with pytest.raises(Exception) as refused:
        await manager.order(order_body(harmony))
    assert refused.value.status == 401 and refused.value.extra["error_kind"] == "login"
    assert not harmony.jobs


async def test_wrong_credentials_are_a_login_refusal(make_orders, harmony, fake, tmp_path):
    fake.password = "changed"  # noqa: S105 (the netrc one is now wrong)
    netrc_login(tmp_path, fake)
    fake.password = "really changed"  # noqa: S105
    manager = await make_orders()
    with pytest.raises(Exception) as refused:
        await manager.order(order_body(harmony))
    assert refused.value.status == 401
    assert "Earthdata Login refused your credentials" in refused.value.message


@pytest.mark.parametrize(
    ("fault", "state", "job_status", "files", "words"),
    [
        ("fail", "failed", "failed", 0, "No data found"),
        ("warn", "done", "complete_with_errors", 2, "No data found"),
        ("429", "done", "successful", 3, None),
        ("cut", "done", "successful", 3, None),
    ],
)
async def test_job_faults_end_with_a_clear_state(
    make_orders, harmony, fake, tmp_path, fault, state, job_status, files, words
):
    netrc_login(tmp_path, fake)
    manager = await make_orders()
    harmony.next_fault = fault
    reply = await manager.order(order_body(harmony))
    done = await settle(manager, reply["id"])
    assert done["state"] == state, done
    assert done["order"]["status"] == job_status
    assert [f["state"] for f in done["files"]] == ["done"] * files
    said = done["order"]["errors"] + done["order"]["warnings"]
    assert (words is None and not said) or any(words in w for w in said)
    folder = tmp_path / "data" / "ATL06" / "006"
    visible = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
    assert visible == sorted(f["name"] for f in done["files"])  # no partial file in sight
    for name in visible:
        assert_subset(str(folder / name))
    if fault == "cut":  # each output resumed where the cut left it
        assert all(f["attempts"] == 2 for f in done["files"])


async def test_pause_and_resume_map_to_harmony(make_orders, harmony, fake, tmp_path):
    netrc_login(tmp_path, fake)
    manager = await make_orders()
    harmony.next_fault = "pause"  # the job pauses itself after its first granule
    reply = await manager.order(order_body(harmony))
    for _ in range(200):
        if manager.get(reply["id"])["state"] == "paused":
            break
        await asyncio.sleep(0.05)
    paused = manager.get(reply["id"])
    assert paused["order"]["status"] == "paused"
    with pytest.raises(Exception) as refused:
        await manager.act(reply["id"], {"action": "pause"})
    assert refused.value.status == 409 and "paused to paused" in refused.value.message
    resumed = await manager.act(reply["id"], {"action": "resume"})
    assert resumed["order"]["status"] in ("running", "successful")
    done = await settle(manager, reply["id"])
    assert done["order"]["status"] == "successful" and len(done["files"]) == 3


async def test_the_results_in_a_resumes_reply_are_saved_without_waiting_for_a_poll(
    make_orders, harmony, fake, tmp_path
):
    """Harmony's reply to a resume is the job as it stands, which may already be
    finished: its links are taken then, not left to a poll that sees it finished
    (and stops following) — the race a loaded CI run met."""
    netrc_login(tmp_path, fake)
    manager = await make_orders(poll_interval=30)  # no poll after the one that sees the pause
    harmony.next_fault = "pause"
    reply = await manager.order(order_body(harmony))
    harmony.jobs[reply["order"]["job_id"]].seen = True  # the follower's first poll cuts one
    for _ in range(200):
        if manager.get(reply["id"])["state"] == "paused":
            break
        await asyncio.sleep(0.05)
    harmony.granules_per_request = 2  # the resume's own reply shows the job finished
    resumed = await manager.act(reply["id"], {"action": "resume"})
    assert resumed["order"]["status"] == "successful"
    assert len(resumed["files"]) == 3
    done = await settle(manager, reply["id"])
    assert [f["state"] for f in done["files"]] == ["done"] * 3


async def test_cancel_cancels_the_harmony_job(make_orders, harmony, fake, tmp_path):
    netrc_login(tmp_path, fake)
    manager = await make_orders()
    harmony.next_fault = "pause"
    reply = await manager.order(order_body(harmony))
    await manager.act(reply["id"], {"action": "cancel"})
    job = harmony.jobs[reply["order"]["job_id"]]
    assert job.status == "canceled"
    assert manager.get(reply["id"])["state"] == "cancelled"


async def test_an_order_is_followed_again_after_a_server_restart(
    make_orders, harmony, fake, tmp_path
):
    """The first server stops after one granule of three is cut; the next one, started
    from the state file, follows the job to its end and saves every output."""
    netrc_login(tmp_path, fake)
    first = await make_orders(state_file=str(tmp_path / "state.json"), poll_interval=0.5)
    reply = await first.order(order_body(harmony))
    job = harmony.jobs[reply["order"]["job_id"]]
    for _ in range(200):
        if job.done:
            break
        await asyncio.sleep(0.05)
    await first.shutdown()
    assert job.status == "running" and job.done == 1
    second = await make_orders(state_file=str(tmp_path / "state.json"))
    done = await settle(second, reply["id"])
    assert done["order"]["status"] == "successful"
    assert [f["state"] for f in done["files"]] == ["done"] * 3
    folder = tmp_path / "data" / "ATL06" / "006"
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == sorted(
        f["name"] for f in done["files"]
    )


@pytest.fixture
def jp_server_config(fake, harmony, tmp_path):
    return server_config(
        Downloads={
            "allowed_hosts": fake.allowed_hosts,
            "redirect_hosts": [f"localhost:{harmony.port}"],
            "earthdata_login_url": fake.login_url,
            "allow_insecure_loopback": True,
            "netrc_path": str(tmp_path / "netrc"),
            "state_file": str(tmp_path / "state.json"),
        },
        Harmony={"url": harmony.url, "poll_interval": 0.05},
    )


async def test_the_order_routes(jp_fetch, harmony, fake, tmp_path):
    """POST downloads/orders and GET downloads/capabilities under the hub prefix."""

    async def call(method, *parts, body=None, **params):
        response = await jp_fetch(
            "hackweek",
            "api",
            "downloads",
            *parts,
            method=method,
            body=json.dumps(body) if body is not None else None,
            params=params,
            raise_error=False,
        )
        return response.code, json.loads(response.body)

    status, able = await call("GET", "capabilities", collection_id="not an id")
    assert status == 400
    status, reply = await call("POST", "orders", body=order_body(harmony))
    assert status == 401 and reply["error_kind"] == "login"
    record("error-order-login", reply)
    store_netrc(str(tmp_path / "netrc"), fake.host, fake.username, fake.password)
    status, able = await call("GET", "capabilities", collection_id=cloud_collection(harmony))
    assert status == 200 and able["subset"] is True
    record("downloads-capabilities", able)
    status, reply = await call("POST", "orders", body=order_body(harmony, bbox=[1, 2, 3]))
    assert status == 400 and "bbox" in reply["message"]
    status, reply = await call("POST", "orders", body=order_body(harmony))
    assert status == 201 and reply["order"]["job_id"] in harmony.jobs
    for _ in range(400):
        status, reply = await call("GET", reply["id"])
        if reply["state"] != "active":
            break
        await asyncio.sleep(0.05)
    assert reply["state"] == "done" and len(reply["files"]) == 3
    record("download-order", reply)


ORDER_CELLS = json.loads(
    (Path(__file__).resolve().parents[2] / "src/nsidc/__fixtures__/order-cells.json").read_text()
)


@pytest.mark.parametrize("case", ORDER_CELLS, ids=[c["name"] for c in ORDER_CELLS])
async def test_the_inserted_order_code_places_the_panels_order(
    make_orders, harmony, fake, tmp_path, case
):
    """The harmony-py cell "Insert code" gives for an order, run unchanged by the real
    client (Earthdata Login from ~/.netrc), places the same job as our server does for
    that order, and saves the same subsets."""
    netrc_login(tmp_path, fake)
    manager = await make_orders()
    ours = await manager.order(case["order"])
    done = await settle(manager, ours["id"])
    assert done["state"] == "done", done
    harmony.granules_per_request = 10  # harmony-py asks every 3 s: one answer ends the job
    home = tmp_path / "kernel-home"
    home.mkdir()
    store_netrc(str(home / ".netrc"), fake.host, fake.username, fake.password)
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update(HOME=str(home), ROOT_URL=harmony.url)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", case["cell"], env=env, cwd=home, stdout=-1, stderr=-1
    )
    out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 0, err.decode()
    theirs, mine = (harmony.jobs[j] for j in _jobs_in_order(harmony, ours["order"]["job_id"]))
    for field in ("collection", "granules", "bbox", "polygon", "start", "stop"):
        assert getattr(theirs, field) == getattr(mine, field), field
    saved = sorted(p.name for p in (home / "ATL06_006_subsets").iterdir())
    print(case["name"], "| panel's job:", mine.bbox, mine.polygon, mine.start, mine.stop)
    print(case["name"], "| cell's job: ", theirs.bbox, theirs.polygon, theirs.start, theirs.stop)
    assert f"{len(done['files'])} subsets saved" in out.decode()
    assert [name.split("_", 1)[1] for name in saved] == sorted(f["name"] for f in done["files"])
    for name in saved:
        assert_subset(str(home / "ATL06_006_subsets" / name), **_limits(case["order"]))


def _jobs_in_order(harmony: FakeHarmony, ours: str) -> tuple[str, str]:
    """The cell's job and ours."""
    theirs = next(job_id for job_id in harmony.jobs if job_id != ours)
    return theirs, ours


def _limits(order: dict) -> dict:
    """``assert_subset``'s box and times for an order (the whole globe and all time where
    the order leaves them open; a polygon is checked by its bounding box)."""
    box = order.get("bbox")
    if order.get("polygon"):
        lons, lats = zip(*order["polygon"], strict=True)
        box = [min(lons), min(lats), max(lons), max(lats)]
    return {
        "box": box or [-180, -90, 180, 90],
        "start": order.get("start") or "2018-01-01T00:00:00Z",
        "end": order.get("end") or "2030-01-01T00:00:00Z",
    }
