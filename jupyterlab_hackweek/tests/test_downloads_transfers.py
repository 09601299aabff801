"""The download manager against the fake NSIDC data host and Earthdata Login, fault by fault.

Every test ends by checking the destination folder: it holds only complete,
verified granules (byte-identical to the ATL06 sample) and no stray temporary file.
"""

from __future__ import annotations

import errno
import os
from concurrent.futures import ThreadPoolExecutor

import pytest

pytest.register_assert_rewrite("jupyterlab_hackweek.tests.downloads_helpers")

from jupyterlab_hackweek.downloads import partial as partial_module  # noqa: E402
from jupyterlab_hackweek.downloads.credentials import Credential  # noqa: E402
from jupyterlab_hackweek.downloads.partial import PartialFile, Worker  # noqa: E402
from jupyterlab_hackweek.downloads.transfer import Context, fetch  # noqa: E402
from jupyterlab_hackweek.outbound.transport import Transport  # noqa: E402
from jupyterlab_hackweek.tests.fake_earthdata import SAMPLE  # noqa: E402

from .downloads_helpers import (  # noqa: E402
    SAMPLE_BYTES,
    SAMPLE_MD5,
    SAMPLE_NAME,
    SAMPLE_SHA256,
    granule,
    netrc_login,
    settle,
    visible_files,
)

pytest_plugins = ("jupyterlab_hackweek.tests.downloads_helpers",)


def folder_of(tmp_path, short_name="ATL06", version="006"):
    return os.path.join(tmp_path, "data", short_name, version)


def partial_files(tmp_path):
    folder = os.path.join(folder_of(tmp_path), ".partial")
    return os.listdir(folder) if os.path.isdir(folder) else []


async def start(manager, *granules, **body):
    return await manager.create(
        {"short_name": "ATL06", "version": "006", "granules": list(granules), **body}
    )


async def test_login_flow_saves_a_verified_granule(make_manager, fake, tmp_path):
    # Given a .netrc entry for Earthdata Login (password with a space, quote and '#')
    netrc_login(tmp_path, fake)
    manager = await make_manager()
    # When the ATL06 sample is downloaded (data host → login → back with a cookie → file)
    created = await start(manager, granule(fake, SAMPLE_NAME))
    reply = await settle(manager, created["id"])
    # Then it is saved under ~/data/ATL06/006 with the exact bytes, nothing else visible
    assert reply["state"] == "done"
    assert reply["folder"] == "~/data/ATL06/006"
    assert reply["bytes_done"] == reply["bytes_total"] == len(SAMPLE_BYTES)
    assert visible_files(folder_of(tmp_path)) == {SAMPLE_NAME: SAMPLE_BYTES}
    assert partial_files(tmp_path) == []
    # And the password went to Earthdata Login only; the data host got the session cookie
    hosts_with_basic = {
        r["host"] for r in fake.requests if (r["authorization"] or "").startswith("Basic ")
    }
    assert hosts_with_basic == {f"127.0.0.1:{fake.login_port}"}
    assert any(r["cookie"] and r["path"].startswith("/data/") for r in fake.requests)


async def test_a_cut_download_resumes_where_it_stopped(make_manager, fake, tmp_path):
    # Given a data host that cuts the first transfer half-way
    netrc_login(tmp_path, fake)
    manager = await make_manager()
    created = await start(manager, granule(fake, "cut.h5", "cut"))
    reply = await settle(manager, created["id"])
    # Then the file is complete and verified after a second attempt
    assert reply["files"][0]["state"] == "done"
    assert reply["files"][0]["attempts"] == 2
    assert visible_files(folder_of(tmp_path)) == {"cut.h5": SAMPLE_BYTES}
    # And the second attempt asked for the rest only (Range) and fetched less than the file
    ranges = [r["range"] for r in fake.requests if r["path"] == "/data/cut.h5" and r["range"]]
    assert ranges and ranges[-1] != "bytes=0-"
    resumed_at = int(ranges[-1][len("bytes=") : -1])
    assert fake.bytes_served["cut.h5"] - resumed_at == len(SAMPLE_BYTES) - resumed_at
    second_fetch = fake.bytes_served["cut.h5"] - len(SAMPLE_BYTES) // 2
    assert second_fetch < len(SAMPLE_BYTES)


async def test_a_file_changed_on_the_server_is_fetched_whole_not_spliced(
    make_manager, fake, tmp_path
):
    # Given a cut download that is not retried automatically
    netrc_login(tmp_path, fake)
    manager = await make_manager(retries=0)
    created = await start(manager, granule(fake, "v.h5", "cut", size_bytes=None, checksum=None))
    assert (await settle(manager, created["id"]))["files"][0]["error_kind"] == "cut"
    assert partial_files(tmp_path), "the first half is kept"
    # When NSIDC replaces the file, and the user presses Retry
    replacement = os.path.join(os.path.dirname(SAMPLE), "basin_mask.nc")
    fake.files["v.h5"] = replacement
    await manager.retry(created["id"])
    assert (await settle(manager, created["id"]))["state"] == "done"
    # Then the saved file is the new file, fetched whole (If-Range did not match)
    with open(replacement, "rb") as new:
        assert visible_files(folder_of(tmp_path)) == {"v.h5": new.read()}
    last = [r for r in fake.requests if r["path"] == "/data/v.h5"][-1]
    assert last["range"] is not None


async def test_a_server_restart_resumes_from_the_kept_partial_file(make_manager, fake, tmp_path):
    # Given a slow download stopped by a server shutdown part-way
    netrc_login(tmp_path, fake)
    first = await make_manager()
    created = await start(first, granule(fake, "slow.h5", "slow"))
    while first.get(created["id"])["bytes_done"] < len(SAMPLE_BYTES) // 3:
        await _tick()
    await first.shutdown()
    served_before = fake.bytes_served["slow.h5"]
    assert partial_files(tmp_path), "the temporary file is kept for the resume"
    assert visible_files(folder_of(tmp_path)) == {}
    # When a new server starts with the same state file
    second = await make_manager()
    reply = await settle(second, created["id"])
    # Then the download finishes, fetching only the missing part
    assert reply["files"][0]["state"] == "done"
    assert visible_files(folder_of(tmp_path)) == {"slow.h5": SAMPLE_BYTES}
    assert fake.bytes_served["slow.h5"] - served_before < len(SAMPLE_BYTES)
    assert partial_files(tmp_path) == []


async def test_429_retry_after_is_honoured(make_manager, fake, tmp_path):
    # Given a data host answering the first request with 429 Retry-After: 1
    netrc_login(tmp_path, fake)
    manager = await make_manager()
    created = await start(manager, granule(fake, "busy.h5", "429"))
    # Then the file waits (shown as waiting with the server's message), then completes
    await _until(lambda: manager.get(created["id"])["files"][0]["state"] == "waiting")
    waiting = manager.get(created["id"])["files"][0]
    assert waiting["retry_in"] > 0.5
    assert "busy" in waiting["error"]
    reply = await settle(manager, created["id"])
    assert reply["files"][0]["state"] == "done"
    assert visible_files(folder_of(tmp_path)) == {"busy.h5": SAMPLE_BYTES}


async def test_404_is_reported_as_a_stale_granule(make_manager, fake, tmp_path):
    netrc_login(tmp_path, fake)
    manager = await make_manager()
    created = await start(manager, granule(fake, "gone.h5", "404"))
    reply = await settle(manager, created["id"])
    file = reply["files"][0]
    assert (file["state"], file["error_kind"]) == ("failed", "not_found")
    assert "no longer has this file" in file["error"]
    assert visible_files(folder_of(tmp_path)) == {}


async def test_an_html_login_page_is_never_saved(make_manager, fake, tmp_path):
    # Given a data host that serves the login page (as text/html, and labelled as binary)
    netrc_login(tmp_path, fake)
    manager = await make_manager()
    created = await start(
        manager,
        granule(fake, "page.h5", "html"),
        granule(fake, "page2.h5", "html-octet", size_bytes=None, checksum=None),
    )
    reply = await settle(manager, created["id"])
    # Then both fail with an explanation and a link to Earthdata Login; nothing is saved
    for file in reply["files"]:
        assert (file["state"], file["error_kind"]) == ("failed", "html")
        assert "web page" in file["error"] and "Earthdata" in file["error"]
        assert file["link"] == fake.login_url
    assert visible_files(folder_of(tmp_path)) == {}
    assert partial_files(tmp_path) == []


async def test_an_unaccepted_licence_is_explained_with_its_link(make_manager, fake, tmp_path):
    netrc_login(tmp_path, fake)
    manager = await make_manager()
    created = await start(manager, granule(fake, "eula.h5", "eula"))
    file = (await settle(manager, created["id"]))["files"][0]
    assert file["error_kind"] == "licence"
    assert "accept" in file["error"] and "licence" in file["error"]
    assert file["link"] == f"{fake.login_url}/approve_app"


async def test_a_checksum_mismatch_is_rejected(make_manager, fake, tmp_path):
    # Given a data host that changes one byte, and a SHA-256 checksum from CMR
    netrc_login(tmp_path, fake)
    manager = await make_manager()
    created = await start(
        manager,
        granule(
            fake, "bad.h5", "corrupt", checksum={"algorithm": "SHA-256", "value": SAMPLE_SHA256}
        ),
    )
    file = (await settle(manager, created["id"]))["files"][0]
    assert (file["state"], file["error_kind"]) == ("failed", "checksum")
    assert "SHA-256" in file["error"]
    assert visible_files(folder_of(tmp_path)) == {}
    assert partial_files(tmp_path) == []


async def test_a_wrong_size_is_rejected(make_manager, fake, tmp_path):
    netrc_login(tmp_path, fake)
    manager = await make_manager()
    created = await start(
        manager, granule(fake, "short.h5", size_bytes=len(SAMPLE_BYTES) + 1, checksum=None)
    )
    file = (await settle(manager, created["id"]))["files"][0]
    assert file["error_kind"] == "size"
    assert visible_files(folder_of(tmp_path)) == {}


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT])
async def test_a_full_disk_stops_the_file_and_deletes_its_temporary_file(
    make_manager, fake, tmp_path, monkeypatch, code
):
    # Given a disk that fills up after the first block
    netrc_login(tmp_path, fake)
    original = partial_module.PartialFile.append

    def append(self, data):
        if self.size:
            raise OSError(code, os.strerror(code))
        original(self, data[: len(data) // 2])

    monkeypatch.setattr(partial_module.PartialFile, "append", append)
    monkeypatch.setattr("jupyterlab_hackweek.downloads.transfer.READ_BLOCK", 64 * 1024)
    manager = await make_manager()
    created = await start(manager, granule(fake, "full.h5"))
    file = (await settle(manager, created["id"]))["files"][0]
    # Then that file stops with a message and its temporary file is deleted
    assert (file["state"], file["error_kind"]) == ("failed", "disk_full")
    assert "quota is full" in file["error"]
    assert partial_files(tmp_path) == []
    assert visible_files(folder_of(tmp_path)) == {}


async def test_no_credential_is_a_login_error(make_manager, fake, tmp_path):
    manager = await make_manager()
    created = await start(manager, granule(fake, "a.h5"))
    file = (await settle(manager, created["id"]))["files"][0]
    assert file["error_kind"] == "login"


async def test_a_wrong_password_is_explained(make_manager, fake, tmp_path):
    manager = await make_manager(
        environ={"EARTHDATA_USERNAME": fake.username, "EARTHDATA_PASSWORD": "wrong"}
    )
    created = await start(manager, granule(fake, "a.h5"))
    file = (await settle(manager, created["id"]))["files"][0]
    assert file["error_kind"] == "login" and "refused your credentials" in file["error"]


async def test_the_earthdata_token_is_used_as_a_bearer(make_manager, fake, tmp_path):
    # Given only EARTHDATA_TOKEN (no .netrc)
    manager = await make_manager(environ={"EARTHDATA_TOKEN": fake.token})
    created = await start(manager, granule(fake, "t.h5"))
    assert (await settle(manager, created["id"]))["state"] == "done"
    assert visible_files(folder_of(tmp_path)) == {"t.h5": SAMPLE_BYTES}


async def test_credentials_are_dropped_on_a_redirect_to_another_host(make_manager, fake, tmp_path):
    # Given a token and a data host that redirects to another (allowed for redirects) host
    manager = await make_manager(environ={"EARTHDATA_TOKEN": fake.token})
    created = await start(manager, granule(fake, "moved.h5", "redirect-other"))
    assert (await settle(manager, created["id"]))["state"] == "done"
    # Then the other host got neither the token nor a cookie
    elsewhere = [r for r in fake.requests if r["host"].startswith("localhost:")]
    assert elsewhere and all(r["authorization"] is None and r["cookie"] is None for r in elsewhere)


async def test_a_redirect_to_an_internal_address_is_refused(make_manager, fake, tmp_path):
    manager = await make_manager(environ={"EARTHDATA_TOKEN": fake.token})
    created = await start(manager, granule(fake, "ssrf.h5", "redirect-internal"))
    file = (await settle(manager, created["id"]))["files"][0]
    assert file["error_kind"] == "refused" and "169.254.169.254" in file["error"]


async def test_an_existing_file_is_never_overwritten(make_manager, fake, tmp_path):
    # Given one file already saved complete and another name taken by a different file
    os.makedirs(folder_of(tmp_path))
    with open(os.path.join(folder_of(tmp_path), "same.h5"), "wb") as same:
        same.write(SAMPLE_BYTES)
    with open(os.path.join(folder_of(tmp_path), "other.h5"), "wb") as other:
        other.write(b"my own notes")
    manager = await make_manager(environ={"EARTHDATA_TOKEN": fake.token})
    created = await start(manager, granule(fake, "same.h5"), granule(fake, "other.h5"))
    reply = await settle(manager, created["id"])
    # Then the complete one is "already present" and the other is kept next to the new one
    assert [f["state"] for f in reply["files"]] == ["present", "done"]
    assert fake.bytes_served["same.h5"] == 0
    assert visible_files(folder_of(tmp_path)) == {
        "other-2.h5": SAMPLE_BYTES,
        "other.h5": b"my own notes",
        "same.h5": SAMPLE_BYTES,
    }


async def test_cancel_then_retry(make_manager, fake, tmp_path):
    # Given a slow download
    manager = await make_manager(environ={"EARTHDATA_TOKEN": fake.token})
    created = await start(manager, granule(fake, "slow.h5", "slow"))
    await _until(lambda: manager.get(created["id"])["bytes_done"] > 0)
    # When it is cancelled, Then it stops, with no temporary file left
    reply = await manager.cancel(created["id"])
    assert reply["state"] == "cancelled" and partial_files(tmp_path) == []
    # When it is retried, Then it completes
    await manager.retry(created["id"])
    assert (await settle(manager, created["id"]))["state"] == "done"
    assert visible_files(folder_of(tmp_path)) == {"slow.h5": SAMPLE_BYTES}
    # And clearing a finished download removes it from the list, not from the disk
    assert await manager.clear(created["id"]) == {"id": created["id"], "cleared": True}
    assert manager.list() == {"downloads": []}
    assert visible_files(folder_of(tmp_path)) == {"slow.h5": SAMPLE_BYTES}


async def test_concurrency_is_capped(make_manager, fake, tmp_path):
    manager = await make_manager(environ={"EARTHDATA_TOKEN": fake.token}, max_concurrent=2)
    created = await start(manager, *[granule(fake, f"s{i}.h5", "slow") for i in range(5)])
    most = 0
    while manager.get(created["id"])["state"] == "active":
        most = max(most, manager.get(created["id"])["counts"]["active"])
        await _tick()
    assert most == 2
    assert len(visible_files(folder_of(tmp_path))) == 5


async def _tick():
    import asyncio

    await asyncio.sleep(0.02)


async def _until(condition, timeout=10.0):
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        await _tick()
    raise AssertionError("condition not met in time")


async def test_a_temporary_file_already_whole_is_kept_when_the_server_answers_416(fake, tmp_path):
    # Given a temporary file that received every byte before the server stopped
    partial = PartialFile(str(tmp_path / "whole.part"), "MD5")
    partial.append(SAMPLE_BYTES)
    context = Context(
        allowed_hosts=fake.allowed_hosts,
        redirect_hosts=[],
        login_url=fake.login_url,
        transport=Transport({}),
        credential=Credential("environment", token=fake.token),
        allow_insecure_loopback=True,
    )
    with ThreadPoolExecutor(1) as executor:
        # When it is resumed: the data host answers 416 (nothing after the end)
        await fetch(
            context, fake.url("whole.h5"), partial, Worker(executor), lambda n: None, [None]
        )
    # Then the file stands as received and verifies, and only the end was asked for
    assert fake.requests[-1]["range"] == f"bytes={len(SAMPLE_BYTES)}-"
    partial.close()
    partial.verify(len(SAMPLE_BYTES), {"algorithm": "MD5", "value": SAMPLE_MD5})
