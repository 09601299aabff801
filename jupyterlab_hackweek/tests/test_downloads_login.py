"""A download started before any Earthdata login goes on by itself once one is saved."""

from __future__ import annotations

import asyncio
import os

import pytest

pytest.register_assert_rewrite("jupyterlab_hackweek.tests.downloads_helpers")

from jupyterlab_hackweek.downloads import manager as manager_module  # noqa: E402
from jupyterlab_hackweek.downloads.transfer import TransferError  # noqa: E402

from .downloads_helpers import (  # noqa: E402
    SAMPLE_BYTES,
    SAMPLE_NAME,
    granule,
    netrc_login,
    settle,
    visible_files,
)

pytest_plugins = ("jupyterlab_hackweek.tests.downloads_helpers",)


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
    netrc_login(tmp_path, fake)
    manager.login_saved()
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
