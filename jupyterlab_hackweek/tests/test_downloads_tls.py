"""Downloads over HTTPS, as from the real NSIDC hosts: a loopback TLS server with a
test CA (trustme), certificate checks, a cut and resume under TLS, and TLS through
a proxy's CONNECT tunnel."""

from __future__ import annotations

import asyncio
import os
import ssl

import pytest

pytest.register_assert_rewrite("jupyterlab_hackweek.tests.downloads_helpers")

from jupyterlab_hackweek.downloads import DownloadManager, Downloads  # noqa: E402

from .connect_proxy import ConnectProxy  # noqa: E402
from .downloads_helpers import (  # noqa: E402
    SAMPLE_BYTES,
    SAMPLE_MD5,
    settle,
    tls_context,
    visible_files,
)

pytest_plugins = ("jupyterlab_hackweek.tests.downloads_helpers",)

TOKEN = "tls-test-token"  # noqa: S105 (a test bearer token)


class TlsFileServer:
    """Serves the ATL06 sample at ``/data/NAME`` over TLS for ``localhost``, with Range;
    ``cut_once`` stops the first response half-way."""

    def __init__(self, context: ssl.SSLContext, cut_once: bool = False):
        self.context = context
        self.cut_once = cut_once
        self.ranges: list[str | None] = []
        self.port = 0

    async def start(self) -> TlsFileServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0, ssl=self.context)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    def stop(self) -> None:
        self._server.close()

    def url(self, name: str) -> str:
        return f"https://localhost:{self.port}/data/{name}"

    async def _serve(self, reader, writer) -> None:
        try:
            head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        except (asyncio.IncompleteReadError, ConnectionError, ssl.SSLError):
            writer.close()  # a client that refused our certificate
            return
        headers = dict(line.split(": ", 1) for line in head[1:] if line)
        if headers.get("Authorization") != f"Bearer {TOKEN}":
            writer.write(b"HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n")
            writer.close()
            return
        wanted = headers.get("Range")
        self.ranges.append(wanted)
        start = int(wanted[6:-1]) if wanted else 0
        body = SAMPLE_BYTES[start:]
        status = "206 Partial Content" if start else "200 OK"
        extra = f"Content-Range: bytes {start}-{len(SAMPLE_BYTES) - 1}/{len(SAMPLE_BYTES)}\r\n"
        writer.write(
            (
                f"HTTP/1.1 {status}\r\nContent-Type: application/x-hdf5\r\n"
                f'Content-Length: {len(body)}\r\n{extra if start else ""}ETag: "sample"\r\n\r\n'
            ).encode("latin-1")
        )
        if self.cut_once and len(self.ranges) == 1:
            writer.write(body[: len(body) // 2])
            await writer.drain()
            writer.transport.abort()
            return
        writer.write(body)
        await writer.drain()
        writer.close()


def server_for(jp_asyncio_loop, ca, **options) -> TlsFileServer:
    return jp_asyncio_loop.run_until_complete(TlsFileServer(tls_context(ca), **options).start())


@pytest.fixture
def tls_server(jp_asyncio_loop, ca):
    server = server_for(jp_asyncio_loop, ca)
    yield server
    server.stop()


@pytest.fixture
def cutting_server(jp_asyncio_loop, ca):
    server = server_for(jp_asyncio_loop, ca, cut_once=True)
    yield server
    server.stop()


@pytest.fixture
def make_tls_manager(jp_asyncio_loop, tmp_path):
    """``await make_tls_manager(server, environ)``: a manager allowed to fetch from it."""
    managers = []

    async def make(server: TlsFileServer, environ: dict) -> DownloadManager:
        config = Downloads(
            allowed_hosts=[f"localhost:{server.port}"],
            redirect_hosts=[],
            retry_delay=0.05,
        )
        manager = DownloadManager(
            config, str(tmp_path), str(tmp_path), environ={"EARTHDATA_TOKEN": TOKEN, **environ}
        )
        await manager.start()
        managers.append(manager)
        return manager

    yield make
    for manager in managers:
        jp_asyncio_loop.run_until_complete(manager.shutdown())


async def download(manager: DownloadManager, server: TlsFileServer, name: str) -> dict:
    granule = {
        "name": name,
        "url": server.url(name),
        "size_bytes": len(SAMPLE_BYTES),
        "checksum": {"algorithm": "MD5", "value": SAMPLE_MD5},
    }
    created = await manager.create({"short_name": "ATL06", "version": "006", "granules": [granule]})
    return await settle(manager, created["id"])


def saved(tmp_path) -> dict:
    folder = os.path.join(tmp_path, "data", "ATL06", "006")
    return visible_files(folder) if os.path.isdir(folder) else {}


async def test_an_https_download_checks_the_certificate_against_the_sites_ca(
    make_tls_manager, tls_server, ca_file, tmp_path
):
    # Given a server whose environment names the site's CA bundle, as for curl
    manager = await make_tls_manager(tls_server, {"SSL_CERT_FILE": ca_file})
    # When a granule is downloaded over HTTPS
    reply = await download(manager, tls_server, "tls.h5")
    # Then it is saved, complete and verified
    assert reply["state"] == "done", reply
    assert saved(tmp_path) == {"tls.h5": SAMPLE_BYTES}


async def test_an_untrusted_certificate_stops_the_file_and_saves_nothing(
    make_tls_manager, tls_server, tmp_path
):
    # Given the system's CAs only (the test CA is not among them)
    manager = await make_tls_manager(tls_server, {})
    reply = await download(manager, tls_server, "tls.h5")
    # Then the file fails at once with words about the certificate, nothing sent or saved
    file = reply["files"][0]
    assert (file["state"], file["error_kind"]) == ("failed", "tls")
    assert "certificate of localhost could not be verified" in file["error"]
    assert tls_server.ranges == [] and saved(tmp_path) == {}


async def test_an_unreadable_ca_bundle_is_explained(make_tls_manager, tls_server, tmp_path):
    manager = await make_tls_manager(tls_server, {"REQUESTS_CA_BUNDLE": str(tmp_path / "none.pem")})
    file = (await download(manager, tls_server, "tls.h5"))["files"][0]
    assert file["error_kind"] == "tls" and "REQUESTS_CA_BUNDLE" in file["error"]


async def test_a_cut_https_download_resumes_where_it_stopped(
    make_tls_manager, cutting_server, ca_file, tmp_path
):
    # Given a TLS connection cut half-way through the first response
    manager = await make_tls_manager(cutting_server, {"SSL_CERT_FILE": ca_file})
    reply = await download(manager, cutting_server, "cut.h5")
    # Then the second request asked only for the rest, and the file is whole
    assert reply["state"] == "done", reply
    assert saved(tmp_path) == {"cut.h5": SAMPLE_BYTES}
    assert cutting_server.ranges[0] is None
    resumed_at = int(cutting_server.ranges[1][6:-1])
    assert 0 < resumed_at < len(SAMPLE_BYTES)


async def test_tls_runs_end_to_end_through_a_proxy_tunnel(
    make_tls_manager, tls_server, ca_file, tmp_path
):
    # Given a site proxy (https_proxy) and the site's CA bundle
    proxy = await ConnectProxy().start()
    try:
        environ = {"https_proxy": f"http://127.0.0.1:{proxy.port}", "SSL_CERT_FILE": ca_file}
        manager = await make_tls_manager(tls_server, environ)
        reply = await download(manager, tls_server, "proxied.h5")
    finally:
        await proxy.stop()
    # Then the granule came through a CONNECT tunnel to the data host, certificate checked
    assert reply["state"] == "done", reply
    assert saved(tmp_path) == {"proxied.h5": SAMPLE_BYTES}
    assert [r.split(" ")[:2] for r in proxy.requests] == [
        ["CONNECT", f"localhost:{tls_server.port}"]
    ]
    # And the proxy saw the token neither in its request nor in the (encrypted) tunnel
    assert TOKEN not in proxy.heads[0]
    assert len(proxy.tunnelled) > 0 and TOKEN.encode() not in proxy.tunnelled
