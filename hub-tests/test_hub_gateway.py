"""The meter's Dask clusters on the hub: a real dask-gateway-server that authenticates
users through the real JupyterHub, as the hub's service ``dask-gateway``.

Each user's server finds the gateway as on a Pangeo hub (``DASK_GATEWAY__ADDRESS``,
``DASK_GATEWAY__AUTH__TYPE=jupyterhub``: the server's own ``$JUPYTERHUB_API_TOKEN``),
and the gateway asks the hub who that token belongs to. Clusters are made here with
the ``dask-gateway`` client and a user's hub token, as a notebook of that user does.
"""

from __future__ import annotations

import time
from contextlib import ExitStack

import pytest
from hubsite import wait_for


def user_gateway(site, name: str):
    """A dask-gateway client authenticated through the hub with ``name``'s API token."""
    from dask_gateway import Gateway, JupyterHubAuth

    return Gateway(
        site.gateway.address,
        proxy_address=site.gateway.proxy_address,
        auth=JupyterHubAuth(api_token=site.token(name)),
    )


def listed(client) -> set[str]:
    """The cluster names the meter's route of a user's server lists."""
    reply = client.get("dask/clusters")
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["configured"] is True and body["error"] is None, body
    return {cluster["name"] for cluster in body["clusters"]}


# the client's Gateway.__del__, after its close(), asks for its stopped loop (notes/dask-gateway.md)
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_users_server_lists_that_users_clusters_only(site, clients, monkeypatch, tmp_path):
    # importing dask_gateway writes its gateway.yaml into the dask config folder
    monkeypatch.setenv("DASK_CONFIG", str(tmp_path / "dask"))
    started = time.monotonic()
    with ExitStack() as stack:
        # Given a cluster made by user-01 and one by user-02, each through the hub
        clusters = {}
        for name in ("user-01", "user-02"):
            gateway = stack.enter_context(user_gateway(site, name))
            cluster = gateway.new_cluster(shutdown_on_close=False)
            stack.callback(cluster.shutdown)
            clusters[name] = cluster.name
            # (the gateway knows the user as the hub named them: each lists only their own)
            assert [c.name for c in gateway.list_clusters()] == [cluster.name]
        # When user-01's server lists its clusters through the meter's route
        mine = wait_for(
            lambda: clusters["user-01"] in (names := listed(clients["user-01", "token"])) and names,
            30,
            "user-01's cluster in the meter",
            0.5,
        )
        # Then user-01's cluster is there and user-02's is not, and the other way round
        assert clusters["user-02"] not in mine
        theirs = wait_for(
            lambda: clusters["user-02"] in (names := listed(clients["user-02", "token"])) and names,
            30,
            "user-02's cluster in the meter",
            0.5,
        )
        assert clusters["user-01"] not in theirs
        print(f"clusters made and listed in {time.monotonic() - started:.1f} s")
