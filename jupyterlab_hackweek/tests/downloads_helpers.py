"""Fixtures shared by the download tests: the fake Earthdata pair and a manager wired to it."""

from __future__ import annotations

import asyncio
import hashlib
import os
import ssl

import pytest
import trustme

from jupyterlab_hackweek.downloads import DownloadManager, Downloads
from jupyterlab_hackweek.downloads.credentials import store_netrc
from jupyterlab_hackweek.tests.fake_earthdata import SAMPLE, FakeEarthdata

SAMPLE_NAME = os.path.basename(SAMPLE)
SAMPLE_BYTES = open(SAMPLE, "rb").read()  # noqa: SIM115
SAMPLE_MD5 = hashlib.md5(SAMPLE_BYTES).hexdigest()  # noqa: S324 (CMR gives MD5)
SAMPLE_SHA256 = hashlib.sha256(SAMPLE_BYTES).hexdigest()


@pytest.fixture
def fake(jp_asyncio_loop):
    server = jp_asyncio_loop.run_until_complete(FakeEarthdata().start())
    yield server
    server.stop()


@pytest.fixture
def ca():
    """A test certificate authority, unknown to the system (as a site's own CA)."""
    return trustme.CA()


@pytest.fixture
def ca_file(ca, tmp_path):
    """The test CA's certificate as a PEM bundle, for SSL_CERT_FILE or REQUESTS_CA_BUNDLE."""
    path = tmp_path / "site-ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


def tls_context(ca) -> ssl.SSLContext:
    """A server context with a certificate for ``localhost`` signed by ``ca``."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost").configure_cert(context)
    return context


@pytest.fixture
def tls_fake(jp_asyncio_loop, ca):
    """The fake Earthdata pair over https (``localhost``), certified by ``ca``."""
    server = jp_asyncio_loop.run_until_complete(FakeEarthdata(tls=tls_context(ca)).start())
    yield server
    server.stop()


def config_for(fake: FakeEarthdata, **extra) -> Downloads:
    """Settings pointing at the fake servers, with short retry delays."""
    settings = {
        "allowed_hosts": fake.allowed_hosts,
        "redirect_hosts": [f"localhost:{fake.data_port}"],
        "earthdata_login_url": fake.login_url,
        "allow_insecure_loopback": True,
        "retry_delay": 0.05,
        "max_retry_after": 2.0,
    }
    settings.update(extra)
    return Downloads(**settings)


def granule(fake: FakeEarthdata, name: str, fault: str | None = None, **extra) -> dict:
    """A granule of the POST body: the ATL06 sample under ``name`` with its size and MD5."""
    entry = {
        "name": name,
        "url": fake.url(name, fault),
        "size_bytes": len(SAMPLE_BYTES),
        "checksum": {"algorithm": "MD5", "value": SAMPLE_MD5},
    }
    entry.update(extra)
    return entry


def netrc_login(home, fake: FakeEarthdata) -> None:
    """Store the fake's account in ``home/.netrc`` (password with special characters)."""
    store_netrc(os.path.join(home, ".netrc"), fake.host, fake.username, fake.password)


@pytest.fixture
def make_manager(jp_asyncio_loop, fake, tmp_path):
    """``await make_manager(**settings)``: a started manager whose home is ``tmp_path``."""
    managers = []

    async def make(environ=None, server: FakeEarthdata | None = None, **extra) -> DownloadManager:
        """``server``: the fake to download from (the plain http ``fake`` by default)."""
        manager = DownloadManager(
            config_for(server or fake, **extra),
            str(tmp_path),
            str(tmp_path),
            environ=environ or {},
        )
        await manager.start()
        managers.append(manager)
        return manager

    yield make
    for manager in managers:
        if not manager._stopping:
            jp_asyncio_loop.run_until_complete(manager.shutdown())


async def settle(manager: DownloadManager, download_id: str, timeout: float = 20.0) -> dict:
    """Wait until nothing of the download is queued, active or waiting; its reply."""
    for _ in range(int(timeout / 0.05)):
        reply = manager.get(download_id)
        if reply["state"] != "active":
            return reply
        await asyncio.sleep(0.05)
    raise AssertionError(f"download still active: {reply}")


def visible_files(folder) -> dict[str, bytes]:
    """The files a user sees in ``folder`` (hidden ones excluded) and their bytes."""
    return {
        name: open(os.path.join(folder, name), "rb").read()  # noqa: SIM115
        for name in sorted(os.listdir(folder))
        if not name.startswith(".")
    }
