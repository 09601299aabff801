"""Saving an Earthdata login: Earthdata Login is asked first, and only a login it accepts
is saved; a download started before any login goes on by itself once one is saved."""

from __future__ import annotations

import asyncio
import os

import pytest

pytest.register_assert_rewrite("jupyterlab_hackweek.tests.downloads_helpers")

from jupyterlab_hackweek.downloads import manager as manager_module  # noqa: E402
from jupyterlab_hackweek.downloads.edl import LoginRefused  # noqa: E402
from jupyterlab_hackweek.downloads.transfer import TransferError  # noqa: E402
from jupyterlab_hackweek.tests.ports import free_port  # noqa: E402

from .downloads_helpers import (  # noqa: E402
    SAMPLE_BYTES,
    SAMPLE_NAME,
    granule,
    netrc_login,
    settle,
    visible_files,
)

pytest_plugins = ("jupyterlab_hackweek.tests.downloads_helpers",)


def login(fake, password=None, username=None) -> dict:
    return {"username": username or fake.username, "password": password or fake.password}


async def refusal(manager, fields) -> LoginRefused:
    with pytest.raises(LoginRefused) as refused:
        await manager.save_login(fields)
    return refused.value


async def test_only_a_login_earthdata_accepts_is_saved(make_manager, fake, tmp_path):
    # Given a server with no login
    manager = await make_manager()
    netrc = tmp_path / ".netrc"
    # When a wrong password is saved
    refused = await refusal(manager, login(fake, fake.password + "x"))
    # Then Earthdata Login was asked, the login refused with its reason, and nothing saved
    assert (refused.status, refused.extra) == (422, {"error_kind": "login"})
    assert "Earthdata Login refused this user name and password" in refused.message
    assert "Invalid user credentials" in refused.message
    assert not netrc.exists()
    assert (await manager.login_status())["configured"] is False
    # When the right one is saved, Then it is, and the status names it
    status = await manager.save_login(login(fake))
    assert (status["configured"], status["username"]) == (True, fake.username)
    accepted = netrc.read_text()
    # When another account with a wrong password is tried
    refused = await refusal(manager, login(fake, "nope", username="someone-else"))
    # Then the last accepted login is kept, untouched, and still the one named
    assert refused.status == 422 and netrc.read_text() == accepted
    assert (await manager.login_status())["username"] == fake.username
    # And the password went to Earthdata Login's API only, once per save
    asked = [r for r in fake.requests if r["name"] == "tokens"]
    assert [r["host"] for r in asked] == [f"{fake.host}:{fake.login_port}"] * 3
    assert all(r["authorization"].startswith("Basic ") for r in asked)
    assert len(fake.requests) == 3


async def test_an_earthdata_login_that_cannot_be_asked_saves_nothing(make_manager, fake, tmp_path):
    # Given a saved login, and Earthdata Login unreachable (nothing listens on its port)
    netrc_login(tmp_path, fake)
    accepted = (tmp_path / ".netrc").read_text()
    down = await make_manager(earthdata_login_url=f"http://127.0.0.1:{free_port()}")
    # When a new login is saved
    refused = await refusal(down, login(fake, "new password"))
    # Then a distinct error says Earthdata Login could not be asked, and nothing changed
    assert (refused.status, refused.extra) == (502, {"error_kind": "unreachable"})
    assert "could not be asked" in refused.message and "not saved" in refused.message
    assert (tmp_path / ".netrc").read_text() == accepted
    # When Earthdata Login answers 503, Then another distinct error, and nothing changed
    fake.faults["api"] = "503"
    busy = await refusal(await make_manager(), login(fake, "new password"))
    assert (busy.status, busy.extra) == (503, {"error_kind": "unavailable"})
    assert (tmp_path / ".netrc").read_text() == accepted


def body(*granules):
    return {"short_name": "ATL06", "version": "006", "granules": list(granules)}


async def test_a_file_that_failed_for_want_of_login_restarts_once_one_is_saved(
    make_manager, fake, tmp_path
):
    # Given no credential, When a granule is downloaded
    manager = await make_manager()
    created = await manager.create(body(granule(fake, SAMPLE_NAME)))
    reply = await settle(manager, created["id"])
    # Then it stops and asks for a login
    assert reply["files"][0]["state"] == "failed"
    assert reply["files"][0]["error_kind"] == "login"
    # When the user saves a login
    await manager.save_login(login(fake))
    # Then the same file is fetched again without pressing Retry, and saved whole
    reply = await settle(manager, created["id"])
    assert reply["state"] == "done" and reply["files"][0]["attempts"] == 1
    folder = os.path.join(tmp_path, "data", "ATL06", "006")
    assert visible_files(folder) == {SAMPLE_NAME: SAMPLE_BYTES}


async def test_other_failures_are_not_restarted_by_a_login(make_manager, fake, tmp_path):
    # Given a file that failed because the server sent a web page (logged in)
    netrc_login(tmp_path, fake)
    manager = await make_manager()
    created = await manager.create(body(granule(fake, "page.h5", "html")))
    reply = await settle(manager, created["id"])
    assert reply["files"][0]["error_kind"] == "html"
    # When a login is saved again, Then that file stays failed (Retry is the user's call)
    manager.login_saved()
    await asyncio.sleep(0.2)
    assert manager.get(created["id"])["files"][0]["state"] == "failed"


async def test_a_login_saved_while_a_file_is_trying_is_used_by_it(
    make_manager, fake, tmp_path, monkeypatch
):
    # Given a transfer that started without a credential and is still under way
    real_fetch = manager_module.fetch
    release = asyncio.Event()
    calls = []

    async def first_fails_for_login(context, *args):
        calls.append(context.credential)
        if len(calls) == 1:
            await release.wait()
            raise TransferError("login", "These files need an Earthdata Login.")
        return await real_fetch(context, *args)

    monkeypatch.setattr(manager_module, "fetch", first_fails_for_login)
    manager = await make_manager()
    created = await manager.create(body(granule(fake, SAMPLE_NAME)))
    while not calls:
        await asyncio.sleep(0.01)
    # When the user saves a login before that transfer fails for want of one
    netrc_login(tmp_path, fake)
    manager.login_saved()
    release.set()
    # Then the file is tried again with the new credential and saved
    reply = await settle(manager, created["id"])
    assert reply["state"] == "done"
    assert calls[0] is None and calls[1].username == fake.username
