"""The idle culler's clock: the meter's own requests are not activity; "Keep my server" is."""

from __future__ import annotations

import asyncio
import json

import pytest

from jupyterlab_hackweek.tests.conftest import server_config

HOUR = 3600.0


@pytest.fixture
def jp_server_config(tmp_path):
    return server_config(
        ResourceMeter={"home_dir": str(tmp_path), "cull_idle_timeout": 1.5 * HOUR},
        SharedData={"roots": []},
    )


async def last_activity(jp_fetch) -> str:
    """jupyter_server's own figure, read without counting as activity."""
    response = await jp_fetch("api", "status", params={"no_track_activity": "1"})
    return json.loads(response.body)["last_activity"]


async def test_polling_the_meter_is_not_activity_and_keep_my_server_is(
    jp_fetch, get_json, post_json
):
    # Given a server whose last activity is known
    before = await last_activity(jp_fetch)
    # When the meter polls every route it polls, a few times
    for _ in range(3):
        await asyncio.sleep(0.05)
        for route in (("metrics",), ("metrics", "home"), ("dask", "clusters")):
            status, body = await get_json(*route)
            assert status == 200
    # Then jupyter_server's last activity (what the hub's culler goes by) has not moved
    assert await last_activity(jp_fetch) == before
    # And the meter shows the same clock, with the culler's timeout
    _, metrics = await get_json("metrics")
    clock = metrics["activity"]
    assert clock["cull_timeout"] == 1.5 * HOUR
    assert clock["now"] >= clock["last"]
    idle_at_first = clock["now"] - clock["last"]
    assert idle_at_first > 0.1

    # When the user clicks "Keep my server"
    status, kept = await post_json("activity", body={})
    # Then the server's last activity is now, and the meter's clock starts again
    assert status == 200
    assert await last_activity(jp_fetch) != before
    _, metrics = await get_json("metrics")
    assert kept["last"] <= metrics["activity"]["last"] < kept["last"] + 1
    assert metrics["activity"]["now"] - metrics["activity"]["last"] < idle_at_first
