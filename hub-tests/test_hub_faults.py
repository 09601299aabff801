"""Faults on a real hub: a server killed mid-copy and mid-download, CMR unreachable,
the hub restarted.

Runs after the other hub tests (file order): the hub restart comes last.
"""

from __future__ import annotations

import hashlib
import threading
import time

import requests
from conftest import BIG_FILE_BYTES, GRANULE, GRANULE_BYTES
from hubsite import wait_for

from jupyterlab_hackweek.tests.fake_earthdata import FakeEarthdata


def test_server_killed_mid_copy_leaves_no_file_under_the_final_name(site, clients):
    # Given user-03 copying the 3 GiB shared file into their home
    home = site.home("user-03")
    server = site.server_processes()["user-03"]
    replies = []

    def copy():
        try:
            replies.append(
                clients["user-03", "token"].post(
                    "shared/copy",
                    {"root": "shared", "path": "big/big.bin", "operation": "hub-big-copy"},
                )
            )
        except requests.RequestException as error:
            replies.append(error)

    worker = threading.Thread(target=copy)
    worker.start()
    partial = wait_for(
        lambda: [p for p in home.iterdir() if p.name.startswith(".big.bin.partial-")],
        30,
        "the copy to start",
        0.01,
    )
    # Then the copy tells its progress while it runs (what the panel's notification shows)
    client = clients["user-03", "token"]
    first = client.get("shared/copy", operation="hub-big-copy").json()
    second = wait_for(
        lambda: (
            (r := client.get("shared/copy", operation="hub-big-copy").json())["bytes"]
            > first["bytes"]
            and r
        ),
        30,
        "the copy to go on",
        0.05,
    )
    assert first["total"] == second["total"] == BIG_FILE_BYTES
    assert second["state"] == "running" and 0 < second["bytes"] < BIG_FILE_BYTES
    # When the single-user server is killed (SIGKILL) while the copy is being written
    written = partial[0].stat().st_size
    server.kill()
    server.wait(10)
    worker.join(60)
    # Then the client got an error, not a success, and no file carries the final name
    assert replies and not (
        isinstance(replies[0], requests.Response) and replies[0].status_code == 200
    )
    assert written < 3 << 30
    assert not (home / "big.bin").exists()
    # And the hidden temporary copy is all that is left (the next server does not show it)
    leftovers = [p.name for p in home.iterdir() if ".partial-" in p.name]
    assert leftovers and all(name.startswith(".") for name in leftovers)
    for name in leftovers:
        (home / name).unlink()
    # When the hub is asked to stop and start the server again
    site.stop_server("user-03")
    site.spawn(["user-03"])
    # Then the suite answers again, and a small copy completes under its final name
    client = clients["user-03", "token"]
    assert client.get("version").status_code == 200
    reply = client.post("shared/copy", {"root": "shared", "path": "README.md"})
    assert reply.status_code == 200 and (home / "README.md").is_file()


def test_server_killed_mid_download_shows_no_partial_file_and_resumes(site, clients):
    # Given user-02 logged in to Earthdata (through the panel's route) and downloading a
    # 24 MiB granule from the (throttled) fake NSIDC data host
    account = FakeEarthdata()
    client = clients["user-02", "token"]
    login = client.post(
        "downloads/login", {"username": account.username, "password": account.password}
    )
    assert login.status_code == 200, login.text
    granule = site.granules[GRANULE]
    started = client.post(
        "downloads",
        {
            "short_name": "ATL06",
            "version": "006",
            "granules": [
                {
                    "name": GRANULE,
                    "url": f"{site.data_url}/data/{GRANULE}?fault=slow",
                    "size_bytes": GRANULE_BYTES,
                    "checksum": {
                        "algorithm": "MD5",
                        "value": hashlib.md5(granule.read_bytes()).hexdigest(),  # noqa: S324
                    },
                }
            ],
        },
    )
    assert started.status_code == 201, started.text
    download = started.json()
    folder = site.home("user-02") / "data" / "ATL06" / "006"
    partial = wait_for(
        lambda: [p for p in (folder / ".partial").glob("*.part") if p.stat().st_size > 2 << 20],
        60,
        "the download to be under way",
        0.05,
    )[0]
    # When the single-user server is killed (SIGKILL) half-way
    server = site.server_processes()["user-02"]
    server.kill()
    server.wait(10)
    kept = partial.stat().st_size
    # Then no file carries the granule's name: only the hidden temporary file is there
    assert 0 < kept < GRANULE_BYTES
    assert not (folder / GRANULE).exists()
    # When the hub starts the server again
    site.stop_server("user-02")
    site.spawn(["user-02"])

    # Then the download resumes by itself and ends with the complete, verified granule
    def finished():
        reply = client.get(f"downloads/{download['id']}")
        return reply.status_code == 200 and reply.json()["state"] != "active" and reply.json()

    final = wait_for(finished, 60, "the resumed download", 0.5)
    assert final["state"] == "done", final
    assert (folder / GRANULE).read_bytes() == granule.read_bytes()
    assert list((folder / ".partial").iterdir()) == []
    # And the second request asked only for the rest (HTTP Range from what was kept)
    served = requests.get(f"{site.data_url}/_served", timeout=10).json()
    ranges = [r["range"] for r in served["requests"] if r["name"] == GRANULE]
    assert ranges[-1] is not None and int(ranges[-1][6:-1]) >= kept
    assert served["bytes_served"][GRANULE] < 2 * GRANULE_BYTES
    # And the Earthdata password is in no reply and no server log
    assert account.password not in login.text + started.text + str(final)
    for log in site.base.glob("*.log"):
        assert account.password not in log.read_text(errors="replace")


def test_cmr_unreachable_gives_a_clear_json_502(site, clients):
    # Given the CMR server is down
    site.stop_cmr()
    try:
        # When a granule search is made (a query not cached before)
        reply = clients["user-01"].get("cmr/granules", short_name="ATL03", version="006")
        # Then a 502 JSON message, not a crash or an HTML page
        assert reply.status_code == 502, reply.text
        assert reply.headers["Content-Type"].startswith("application/json")
        assert "CMR" in reply.json()["message"]
    finally:
        site.start_cmr()
    # And once CMR is back the same search works
    again = clients["user-01"].get("cmr/granules", short_name="ATL03", version="006")
    assert again.status_code == 200, again.text


def test_hub_restart_keeps_servers_and_routes(site, clients, tokens):
    # Given running servers and their process ids
    before = {name: proc.pid for name, proc in site.server_processes().items()}
    user = clients["user-01"]
    assert user.get("version").status_code == 200
    # When the hub stops (the proxy and the servers stay)
    site.stop_hub()
    during = user.get("shared/list", root="shared", path="many", limit=5)
    # Then a cookie-authenticated request still answers while the hub is down
    assert during.status_code == 200, during.text
    # When the hub starts again
    started = time.monotonic()
    site.start_hub()
    resumed = time.monotonic() - started
    # Then the same server processes are still serving, not respawned
    assert {n: p.pid for n, p in site.server_processes().items()} == before
    assert resumed < 60
    # And every suite GET answers through cookies and tokens, and a POST with XSRF works
    for client in [user, clients["user-02", "token"]]:
        for route, params in [
            ("version", {}),
            ("metrics", {}),
            ("shared/list", {"root": "shared", "path": "many", "limit": 5}),
            ("cmr/granules", {"short_name": "ATL06", "version": "006", "page_size": 5}),
        ]:
            reply = client.get(route, **params)
            assert reply.status_code == 200, f"{route}: {reply.status_code} {reply.text[:200]}"
    assert user.post("downloads/login", {}).status_code == 400
    # And the hub still knows the servers are running
    assert site.server_ready("user-01") and site.server_ready("organizer-1")
