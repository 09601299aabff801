"""The meter's Dask clusters against a real dask-gateway-server on loopback.

A notebook's kernel creates a cluster with the ``dask-gateway`` client, as a
participant does; the meter's routes list it (workers, cores, memory, idleness,
clients), scale it and shut it down, and the gateway itself is asked whether
the cluster stopped.
"""

from __future__ import annotations

import asyncio
import json
import time

import dask.config
import pytest

from jupyterlab_hackweek.tests.conftest import server_config
from jupyterlab_hackweek.tests.contract import record
from jupyterlab_hackweek.tests.fixture_gateway import PASSWORD, LocalGateway
from jupyterlab_hackweek.tests.ports import free_port
from jupyterlab_hackweek.tests.test_meter_server import start_session

MiB = 1024**2
#: The test server warns about clusters idle for this many seconds.
IDLE_WARNING = 3.0


@pytest.fixture(scope="module")
def gateway(tmp_path_factory):
    """One gateway for the module; each test shuts its own clusters down."""
    local = LocalGateway(tmp_path_factory.mktemp("gateway"), max_workers=2).start()
    yield local
    local.stop()


@pytest.fixture
def gateway_env(gateway, monkeypatch):
    """Our server and its kernels find the gateway as on a hub: through the environment."""
    for name, value in gateway.client_env().items():
        monkeypatch.setenv(name, value)
    dask.config.refresh()
    yield gateway
    monkeypatch.undo()
    dask.config.refresh()


@pytest.fixture
def jp_server_config(gateway_env):
    return server_config(
        ResourceMeter={"dask_idle_warning": IDLE_WARNING, "dask_refresh_seconds": 0.2}
    )


def gateway_client(gateway: LocalGateway, username: str):
    """A dask-gateway client as ``username`` (``async with``), for what the gateway itself says."""
    from dask_gateway import BasicAuth, Gateway

    return Gateway(
        gateway.address,
        proxy_address=gateway.proxy_address,
        auth=BasicAuth(username, PASSWORD),
        asynchronous=True,
    )


class Kernel:
    """A notebook's kernel, started through the sessions API, running cells."""

    def __init__(self, jp_fetch, jp_serverapp, path: str) -> None:
        self.jp_fetch, self.app, self.path = jp_fetch, jp_serverapp, path
        self.id: str | None = None

    async def start(self) -> Kernel:
        self.id = await start_session(self.jp_fetch, self.path)
        self.client = self.app.kernel_manager.get_kernel(self.id).client()
        self.client.start_channels()
        await self.client.wait_for_ready(timeout=60)
        return self

    async def run(self, code: str, timeout: float = 120) -> str:
        """Run a cell; its printed output, or the failure with its traceback."""
        out: list[str] = []

        def hook(message):
            content = message["content"]
            if message["msg_type"] == "stream":
                out.append(content["text"])
            elif message["msg_type"] == "error":
                out.append("\n".join(content["traceback"]))

        reply = await self.client.execute_interactive(code, output_hook=hook, timeout=timeout)
        assert reply["content"]["status"] == "ok", "".join(out)
        return "".join(out)

    async def close(self) -> None:
        """Close the notebook the way JupyterLab does: its session and kernel go."""
        self.client.stop_channels()
        sessions = json.loads((await self.jp_fetch("api", "sessions")).body)
        for session in sessions:
            if session["kernel"]["id"] == self.id:
                await self.jp_fetch("api", "sessions", session["id"], method="DELETE")


async def wait_for_cluster(get_json, name, check, what, timeout=60.0):
    """Poll ``dask/clusters`` until the cluster ``name`` passes ``check``; return the reply."""
    deadline = time.monotonic() + timeout
    while True:
        status, body = await get_json("dask", "clusters")
        assert status == 200, body
        rows = [row for row in body["clusters"] if row["name"] == name]
        if rows and check(rows[0]):
            return body, rows[0]
        assert time.monotonic() < deadline, f"cluster never {what}: {body}"
        await asyncio.sleep(0.2)


async def gateway_status(gateway, name, want, timeout=30.0) -> str:
    """The cluster's status as the gateway reports it, once it is ``want`` (or the timeout)."""

    deadline = time.monotonic() + timeout
    async with gateway_client(gateway, "alice") as client:
        while (status := (await client.get_cluster(name)).status.name) != want:
            if time.monotonic() > deadline:
                break
            await asyncio.sleep(0.3)
    return status


NEW_CLUSTER = """
from dask_gateway import Gateway
gateway = Gateway()
cluster = gateway.new_cluster(shutdown_on_close=False)
print(cluster.name)
"""


async def test_a_notebooks_cluster_is_listed_scaled_warned_about_and_shut_down(
    jp_fetch, get_json, post_json, jp_serverapp, gateway_env
):
    # Given a notebook whose kernel started a cluster on the hub's gateway
    kernel = await Kernel(jp_fetch, jp_serverapp, "work/dask.ipynb").start()
    name = (await kernel.run(NEW_CLUSTER)).strip()
    await kernel.run("client = cluster.get_client()")
    # Then, without workers, it is listed and never flagged idle (it costs only its scheduler)
    await asyncio.sleep(IDLE_WARNING + 0.5)
    _, row = await wait_for_cluster(get_json, name, lambda r: r["clients"] == 1, "connected")
    assert (row["workers"], row["cores"], row["warnings"]) == ([], 0, [])
    assert row["started"] - row["idle_since"] < 2 < time.time() - row["idle_since"]
    # When the panel scales it to 2 workers
    status, body = await post_json("dask", "clusters", name, body={"action": "scale", "workers": 2})
    assert status == 200, body
    assert name in [row["name"] for row in body["clusters"]]
    # Then the listing shows them: 2 cores, 2 × 512 MiB, memory in use, one client
    _, row = await wait_for_cluster(get_json, name, lambda r: len(r["workers"]) == 2, "scaled")
    assert row["status"] == "running"
    assert row["cores"] == 2
    assert row["memory_limit"] == 2 * 512 * MiB
    assert all(worker["memory_used"] > 10 * MiB for worker in row["workers"])
    assert row["memory_used"] == sum(worker["memory_used"] for worker in row["workers"])
    assert row["clients"] == 1
    assert row["dashboard"].startswith(f"{gateway_env.address}/clusters/{name}/")
    assert 0 <= time.time() - row["started"] < 120
    # And a request above the user's limit (2 workers here) says what the gateway did
    status, body = await post_json("dask", "clusters", name, body={"action": "scale", "workers": 3})
    assert status == 200
    assert body["notice"] == (
        "Scale request of 3 workers would exceed resource limit of 2 workers. Scaling to 2 instead."
    )

    # When the notebook runs a 3-second task, Then the cluster is busy meanwhile
    await kernel.run("import time\nclient.wait_for_workers(2)\nf = client.submit(time.sleep, 3)")
    _, row = await wait_for_cluster(get_json, name, lambda r: r["idle_since"] is None, "busy")
    assert "idle" not in row["warnings"]
    await kernel.run("f.result()")
    finished = time.time()

    # When it then runs nothing for longer than the idle warning (3 s)
    body, row = await wait_for_cluster(get_json, name, lambda r: "idle" in r["warnings"], "idle")
    # Then it is flagged idle since the task ended
    assert abs(row["idle_since"] - finished) < 2
    assert body["timestamp"] - row["idle_since"] >= IDLE_WARNING
    assert "orphaned" not in row["warnings"]

    # When the notebook is closed (its kernel shut down, the cluster left running)
    await kernel.close()
    body, row = await wait_for_cluster(
        get_json, name, lambda r: "orphaned" in r["warnings"], "orphaned"
    )
    # Then the cluster is flagged as outliving its notebook, still with its 2 cores
    assert row["clients"] == 0 and row["client_left"] is not None
    assert row["cores"] == 2
    # And, running nothing, it is soon flagged idle too
    body, row = await wait_for_cluster(
        get_json, name, lambda r: r["warnings"] == ["idle", "orphaned"], "idle and orphaned"
    )
    assert body["configured"] is True and body["error"] is None
    record("dask-clusters", body)
    # And the reply holds none of the cluster's credentials
    text = (await jp_fetch("hackweek", "api", "dask", "clusters")).body.decode()
    for secret in ("BEGIN", "PRIVATE KEY", "tls_key", "tls_cert", PASSWORD):
        assert secret not in text

    # When the panel shuts it down
    status, body = await post_json("dask", "clusters", name, body={"action": "shutdown"})
    # Then it leaves the listing, and the gateway reports it stopped
    assert status == 200, body
    assert name not in [row["name"] for row in body["clusters"] if row["status"] == "running"]
    assert await gateway_status(gateway_env, name, "STOPPED") == "STOPPED"
    _, body = await get_json("dask", "clusters")
    assert name not in [row["name"] for row in body["clusters"]]


async def test_another_users_cluster_is_neither_listed_nor_stopped(
    get_json, post_json, gateway_env
):
    async with gateway_client(gateway_env, "bob") as bob:
        # Given bob's cluster on the same gateway (our server logs in as alice)
        name = await bob.submit()
        try:
            # Then alice's listing does not show it
            _, body = await get_json("dask", "clusters")
            assert name not in [row["name"] for row in body["clusters"]]
            # And alice can neither shut it down nor scale it through the meter
            for action in ({"action": "shutdown"}, {"action": "scale", "workers": 3}):
                status, reply = await post_json("dask", "clusters", name, body=action)
                assert status == 403, reply
                assert "does not let you" in reply["message"]
            assert (await bob.get_cluster(name)).status.name in ("PENDING", "RUNNING")
        finally:
            await bob.stop_cluster(name)


async def test_cluster_actions_refuse_bad_requests(post_json, gateway_env):
    for body, status, words in [
        ({"action": "scale", "workers": -1}, 400, "whole number from 0 to 1000"),
        ({"action": "scale", "workers": "2"}, 400, "whole number"),
        ({"action": "scale", "workers": True}, 400, "whole number"),
        ({"action": "scale", "workers": 1001}, 400, "whole number"),
        ({"action": "restart"}, 400, '"shutdown" or "scale"'),
    ]:
        code, reply = await post_json("dask", "clusters", "0123abcd", body=body)
        assert (code, words in reply["message"]) == (status, True), (body, reply)
    # An unknown cluster is the gateway's 404
    code, reply = await post_json("dask", "clusters", "0123abcd", body={"action": "shutdown"})
    assert code == 200  # the gateway stops an unknown cluster silently (204)
    code, reply = await post_json(
        "dask", "clusters", "0123abcd", body={"action": "scale", "workers": 1}
    )
    assert code == 404 and "No cluster 0123abcd" in reply["message"]
    # A name that is no cluster name never reaches the gateway
    code, reply = await post_json("dask", "clusters", "..", body={"action": "shutdown"})
    assert code in (400, 404)


async def test_listing_is_answered_from_cache_and_refreshed_in_the_background(
    get_json, jp_serverapp, gateway_env
):
    # Given a first listing
    _, first = await get_json("dask", "clusters")
    # When asked again within dask_refresh_seconds, Then the same listing answers
    _, again = await get_json("dask", "clusters")
    assert again["timestamp"] == first["timestamp"]
    # When asked after it is stale, Then the stale one answers at once ...
    await asyncio.sleep(0.3)
    start = time.perf_counter()
    _, stale = await get_json("dask", "clusters")
    assert stale["timestamp"] == first["timestamp"]
    assert time.perf_counter() - start < 0.05
    # ... and a refresh taken meanwhile answers the next request
    await asyncio.sleep(0.5)
    _, fresh = await get_json("dask", "clusters")
    assert fresh["timestamp"] > first["timestamp"]


class TestWithoutGateway:
    @pytest.fixture
    def jp_server_config(self, monkeypatch):
        for name in ("DASK_GATEWAY__ADDRESS", "DASK_GATEWAY__PROXY_ADDRESS"):
            monkeypatch.delenv(name, raising=False)
        dask.config.refresh()
        return server_config()

    async def test_no_gateway_lists_nothing_and_refuses_actions(self, get_json, post_json):
        status, body = await get_json("dask", "clusters")
        assert status == 200
        assert body["configured"] is False and body["clusters"] == []
        status, reply = await post_json("dask", "clusters", "abc", body={"action": "shutdown"})
        assert status == 404
        assert reply["message"] == "No Dask Gateway is configured for this server."


class TestUnreachableGateway:
    @pytest.fixture
    def jp_server_config(self, gateway_env):
        return server_config(ResourceMeter={"dask_gateway_url": f"http://127.0.0.1:{free_port()}"})

    async def test_a_gateway_that_does_not_answer_is_said_so(self, get_json, post_json):
        status, body = await get_json("dask", "clusters")
        assert status == 200
        assert body["configured"] is True and body["clusters"] == []
        assert body["error"].startswith("Could not list your clusters on the Dask Gateway")
        status, reply = await post_json("dask", "clusters", "abc", body={"action": "shutdown"})
        assert status == 502 and "did not answer" in reply["message"]
