"""The download routes under a hub prefix: input checks, login, progress, and no leaked secret."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import os

import pytest

from jupyterlab_hackweek.tests.conftest import server_config

pytest.register_assert_rewrite("jupyterlab_hackweek.tests.downloads_helpers")

from .contract import record  # noqa: E402
from .downloads_helpers import SAMPLE_BYTES, SAMPLE_NAME, granule  # noqa: E402

pytest_plugins = ("jupyterlab_hackweek.tests.downloads_helpers",)


@pytest.fixture
def jp_server_config(fake, tmp_path):
    return server_config(
        Downloads={
            "allowed_hosts": fake.allowed_hosts,
            "redirect_hosts": [],
            "earthdata_login_url": fake.login_url,
            "allow_insecure_loopback": True,
            "retry_delay": 0.05,
            "state_file": str(tmp_path / "state.json"),
        },
    )


@pytest.fixture
def api(jp_fetch):
    """``await api(method, *parts, body=None)`` → ``(status, JSON reply)``."""

    async def call(method, *parts, body=None, raw=None):
        payload = raw if raw is not None else (json.dumps(body) if body is not None else None)
        response = await jp_fetch(
            "hackweek",
            "api",
            "downloads",
            *parts,
            method=method,
            body=payload,
            raise_error=False,
            allow_nonstandard_methods=True,
        )
        return response.code, json.loads(response.body or b"null")

    return call


async def wait_done(api, download_id):
    for _ in range(400):
        status, reply = await api("GET", download_id)
        assert status == 200
        if reply["state"] != "active":
            return reply
        await asyncio.sleep(0.05)
    raise AssertionError(reply)


def body(fake, *granules, **extra):
    return {
        "short_name": "ATL06",
        "version": "006",
        "granules": list(granules) or [granule(fake, SAMPLE_NAME)],
        **extra,
    }


SSRF = [
    "http://127.0.0.1@192.168.1.1/path",
    "https://127.0.0.1@192.168.1.1/path",
    "https://user:pass@n5eil01u.ecs.nsidc.org:123/foo",
    "https://169.254.169.254/latest/meta-data/",
    "https://[::1]/x.h5",
    "https://0x7f000001/x.h5",
    "https://localhost./x.h5",
    "https://n5eil01u.ecs.nsidc.org.evil.example/x.h5",
    "https://n5eil01u.ecs.nsidc.org:8443/x.h5",
    "file:///etc/passwd",
    "s3://nsidc-cumulus-prod-protected/ATL06/x.h5",
    "javascript:alert(1)",
    "https://n5eil01u.ecs.nsidc.org/a b.h5",
    "",
]


@pytest.mark.parametrize("url", SSRF)
async def test_links_outside_the_allowed_hosts_are_400(api, fake, url):
    # Given a granule link from the SSRF catalogue, When a download is asked for, Then 400 JSON
    status, reply = await api("POST", body=body(fake, {"name": "x.h5", "url": url}))
    assert status == 400
    assert reply["message"].startswith("Granule 1:")
    assert fake.requests == []


BAD_BODIES = [
    ({"version": "006", "granules": [{"name": "a", "url": "u"}]}, "short_name"),
    ({"short_name": "ATL06", "version": "006", "granules": []}, "granules"),
    ({"short_name": "ATL06", "version": "006", "granules": "x"}, "granules"),
    ({"short_name": "ATL06", "version": "006", "granules": ["x"]}, "object"),
    ({"short_name": "..", "version": "006"}, "short name"),
    ({"short_name": "ATL06", "version": "006", "destination": "../../etc"}, ".."),
    ({"short_name": "ATL06", "version": "006", "destination": "/etc"}, "relative"),
    ({"short_name": "ATL06", "version": "006", "destination": "a\x00b"}, "NUL"),
    ({"short_name": "ATL06", "version": "006", "destination": "C:\\x"}, "backslash"),
    ({"short_name": "ATL06", "version": "006", "destination": "a/" * 2048}, "too long"),
]


@pytest.mark.parametrize(
    "destination",
    [
        ".jupyter",
        ".ipython/profile_default/startup",
        ".local/share/jupyter/kernels/evil",
        "data/.config",
        "esc\x1b]0;x\x07",
        "two\nlines",
    ],
)
async def test_hidden_or_control_character_destinations_are_refused(
    api, fake, jp_home_dir, destination
):
    # Given a destination in the user's hidden configuration (or with a control character)
    before = sorted(str(p) for p in jp_home_dir.rglob("*"))
    # When a download is asked for there
    status, reply = await api("POST", body=body(fake, destination=destination))
    # Then it is refused in plain words, and nothing is created or fetched
    assert status == 400, reply
    assert "hidden" in reply["message"] or "control character" in reply["message"]
    assert sorted(str(p) for p in jp_home_dir.rglob("*")) == before
    assert fake.requests == []


@pytest.mark.parametrize("fields,words", BAD_BODIES)
async def test_bad_bodies_are_400_json(api, fake, fields, words):
    payload = {"granules": [granule(fake, "a.h5")], **fields}
    status, reply = await api("POST", body=payload)
    assert status == 400
    assert words in reply["message"]


@pytest.mark.parametrize(
    "extra,words",
    [
        ({"name": "\x00\x01"}, "empty"),
        ({"name": ".."}, "empty"),
        ({"name": " . "}, "empty"),
        ({"size_bytes": -1}, "size_bytes"),
        ({"size_bytes": "12"}, "size_bytes"),
        ({"checksum": {"algorithm": "CRC32", "value": "00"}}, "checksum"),
        ({"checksum": {"algorithm": "MD5", "value": "not-hex"}}, "checksum"),
    ],
)
async def test_bad_granules_are_400_json(api, fake, extra, words):
    status, reply = await api("POST", body=body(fake, {**granule(fake, "a.h5"), **extra}))
    assert status == 400 and words in reply["message"]


async def test_invalid_json_is_400(api):
    status, reply = await api("POST", raw=b"\xff{")
    assert status == 400 and "JSON" in reply["message"]


async def test_unknown_ids_are_404_and_unknown_actions_400(api, fake):
    assert (await api("GET", "nope"))[0] == 404
    assert (await api("DELETE", "nope"))[0] == 404
    assert (await api("POST", "nope", body={"action": "retry"}))[0] == 404
    status, created = await api("POST", body=body(fake))
    status, reply = await api("POST", created["id"], body={"action": "explode"})
    assert status == 400 and "retry" in reply["message"]
    await wait_done(api, created["id"])


async def test_a_cancel_that_comes_after_the_end_answers_the_finished_download(api, fake):
    # Given a download that finished between the panel's last poll and a click on Cancel
    await api("POST", "login", body={"username": fake.username, "password": fake.password})
    status, created = await api("POST", body=body(fake))
    finished = await wait_done(api, created["id"])
    assert finished["state"] == "done"
    # When the Cancel arrives, Then the answer is the download, finished and unchanged
    status, reply = await api("POST", created["id"], body={"action": "cancel"})
    record("download", reply)
    record("downloads", (await api("GET"))[1])
    assert status == 200 and reply == {**finished, "files": reply["files"]}
    assert reply["state"] == "done" and reply["counts"] == finished["counts"]
    # And it is still in the list: only Clear (DELETE) takes it off
    assert [d["id"] for d in (await api("GET"))[1]["downloads"]] == [created["id"]]
    status, cleared = await api("DELETE", created["id"])
    assert (status, cleared) == (200, {"id": created["id"], "cleared": True})
    record("download-cleared", cleared)
    assert (await api("GET"))[1]["downloads"] == []


async def test_clear_of_a_running_download_cancels_it_first(api, fake, jp_home_dir):
    await api("POST", "login", body={"username": fake.username, "password": fake.password})
    status, created = await api("POST", body=body(fake, granule(fake, "slow.h5", "slow")))
    while (await api("GET", created["id"]))[1]["bytes_done"] == 0:
        await asyncio.sleep(0.02)
    assert await api("DELETE", created["id"]) == (200, {"id": created["id"], "cleared": True})
    assert (await api("GET", created["id"]))[0] == 404
    data = os.path.join(str(jp_home_dir), "data")
    leftovers = [f for _, _, files in os.walk(data) for f in files] if os.path.isdir(data) else []
    assert leftovers == []


async def test_a_download_that_does_not_fit_is_507(api, fake):
    status, reply = await api("POST", body=body(fake, granule(fake, "huge.h5", size_bytes=10**17)))
    assert status == 507
    record("error-downloads-no-space", reply)
    assert "free" in reply["message"] and "fewer granules" in reply["message"]


async def test_hostile_names_become_plain_file_names(api, fake, jp_home_dir, monkeypatch):
    monkeypatch.setenv("EARTHDATA_TOKEN", fake.token)
    hostile = "../..\\<img src=x onerror=alert(1)>\x07.h5"
    status, created = await api("POST", body=body(fake, granule(fake, hostile)))
    assert status == 201
    reply = await wait_done(api, created["id"])
    assert reply["state"] == "done"
    name = reply["files"][0]["name"]
    assert "/" not in name and "\x07" not in name and not name.startswith(".")
    folder = jp_home_dir / "data" / "ATL06" / "006"
    assert sorted(os.listdir(folder)) == [".partial", name]


async def test_login_then_download_through_the_routes(api, fake, jp_home_dir):
    # Given no credential, When asked, Then the server says so (and where to log in)
    status, login = await api("GET", "login")
    assert (status, login["configured"], login["login_url"]) == (200, False, fake.login_url)
    record("downloads-login-none", login)
    # When the user logs in with a password full of special characters
    status, login = await api(
        "POST", "login", body={"username": fake.username, "password": fake.password}
    )
    assert status == 200 and login["configured"] and login["source"] == "netrc"
    record("downloads-login", login)
    assert fake.password not in json.dumps(login)
    netrc = jp_home_dir / ".netrc"
    assert oct(netrc.stat().st_mode & 0o777) == "0o600"
    # Then a download through the routes completes, with progress figures
    status, created = await api("POST", body=body(fake))
    assert status == 201 and created["folder"] == "~/data/ATL06/006"
    record("download-created", created)
    assert created["browser_path"] is None  # here the server's root is not the home folder
    reply = await wait_done(api, created["id"])
    assert reply["state"] == "done" and reply["bytes_done"] == len(SAMPLE_BYTES)
    assert (jp_home_dir / "data/ATL06/006" / SAMPLE_NAME).read_bytes() == SAMPLE_BYTES
    status, listing = await api("GET")
    assert [d["id"] for d in listing["downloads"]] == [created["id"]]


async def test_a_refused_login_is_a_422_that_saves_nothing(api, fake, jp_home_dir):
    # Given no login, When a wrong password is sent
    wrong = {"username": fake.username, "password": fake.password + "x"}
    status, reply = await api("POST", "login", body=wrong)
    # Then the reply says Earthdata Login refused it, and why; no .netrc is written
    assert (status, reply["error_kind"]) == (422, "login")
    record("error-downloads-login-refused", reply)
    assert reply["message"].startswith("Earthdata Login refused this user name and password")
    assert "Invalid user credentials" in reply["message"]
    assert not (jp_home_dir / ".netrc").exists()
    assert (await api("GET", "login"))[1]["configured"] is False


@pytest.mark.parametrize(
    "fields",
    [
        {"username": "me"},
        {"username": "", "password": "x"},
        {"username": "me", "password": "a\nmachine evil"},
        {"username": 1, "password": "x"},
    ],
)
async def test_bad_logins_are_400(api, fields):
    status, reply = await api("POST", "login", body=fields)
    assert status == 400 and reply["message"]


async def test_no_secret_in_replies_logs_or_errors(api, fake, monkeypatch, caplog):
    caplog.set_level(logging.DEBUG)
    bodies = []
    secrets = [
        fake.password,
        fake.token,
        base64.b64encode(f"{fake.username}:{fake.password}".encode()).decode(),
    ]
    faults = ["cut", "html", "404", "429", "eula", "redirect-internal", None]
    # Given a stored password, When downloads run into every fault
    bodies.append(
        await api("POST", "login", body={"username": fake.username, "password": fake.password})
    )
    status, created = await api(
        "POST",
        body=body(fake, *[granule(fake, f"f{i}.h5", fault) for i, fault in enumerate(faults)]),
    )
    bodies.append((status, created))
    bodies.append((200, await wait_done(api, created["id"])))
    # And with a wrong password, refused when saved
    wrong = fake.password + "x"
    secrets.append(wrong)
    bodies.append(await api("POST", "login", body={"username": fake.username, "password": wrong}))
    assert bodies[-1][0] == 422 and "refused" in bodies[-1][1]["message"]
    # And with the saved password changed since at Earthdata (refused by the data host)
    fake.password = wrong + "y"
    fake.sessions.clear()  # and the data host's session has ended
    secrets.append(fake.password)
    status, created = await api("POST", body=body(fake, granule(fake, "w.h5")))
    bodies.append((200, await wait_done(api, created["id"])))
    assert "refused your credentials" in bodies[-1][1]["files"][0]["error"]
    # And then with a token
    monkeypatch.setenv("EARTHDATA_TOKEN", fake.token)
    status, created = await api("POST", body=body(fake, granule(fake, "t.h5", "html")))
    bodies.append((200, await wait_done(api, created["id"])))
    bodies.append(await api("GET"))
    bodies.append(await api("GET", "login"))
    # Then no reply, log line or error message holds the password or the token
    text = json.dumps(bodies) + "\n".join(r.getMessage() for r in caplog.records)
    for secret in secrets:
        assert secret not in text
