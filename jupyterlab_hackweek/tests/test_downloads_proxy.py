"""Downloads behind a site's HTTP proxy: the settings curl and requests read, and a
real ``CONNECT`` tunnel through a loopback proxy to the fake data host."""

from __future__ import annotations

import base64
import os

import pytest

pytest.register_assert_rewrite("jupyterlab_hackweek.tests.downloads_helpers")

from jupyterlab_hackweek.outbound.policy import URLRefused, parse  # noqa: E402
from jupyterlab_hackweek.outbound.transport import Proxy, proxy_for  # noqa: E402

from .connect_proxy import ConnectProxy  # noqa: E402
from .downloads_helpers import SAMPLE_BYTES, granule, netrc_login, settle, visible_files  # noqa: E402

pytest_plugins = ("jupyterlab_hackweek.tests.downloads_helpers",)

NASA = parse("https://n5eil01u.ecs.nsidc.org/DP7/ATLAS/ATL06.006/a.h5")


@pytest.mark.parametrize(
    "environ, expected",
    [
        ({}, None),
        ({"https_proxy": "http://proxy.site:3128"}, Proxy("proxy.site", 3128)),
        ({"HTTPS_PROXY": "proxy.site:3128"}, Proxy("proxy.site", 3128)),
        ({"http_proxy": "http://proxy.site:3128"}, None),  # https links use https_proxy
        ({"https_proxy": "http://proxy.site"}, Proxy("proxy.site", 80)),
        ({"https_proxy": "http://p:1", "no_proxy": "*"}, None),
        ({"https_proxy": "http://p:1", "NO_PROXY": "nsidc.org"}, None),
        ({"https_proxy": "http://p:1", "no_proxy": "localhost, .ecs.nsidc.org"}, None),
        ({"https_proxy": "http://p:1", "no_proxy": "n5eil01u.ecs.nsidc.org:443"}, None),
        ({"https_proxy": "http://p:1", "no_proxy": "n5eil01u.ecs.nsidc.org:8443"}, Proxy("p", 1)),
        ({"https_proxy": "http://p:1", "no_proxy": "cs.nsidc.org"}, Proxy("p", 1)),
        (
            {"https_proxy": "http://me%40site:p%3Ass@p:1"},
            Proxy("p", 1, "Basic " + base64.b64encode(b"me@site:p:ss").decode()),
        ),
    ],
)
def test_the_proxy_settings_are_read_as_curl_reads_them(environ, expected):
    assert proxy_for(NASA, environ) == expected


def test_no_proxy_networks_and_addresses():
    loopback = parse("http://127.0.0.1:8700/data/a.h5", allow_insecure_loopback=True)
    environ = {"http_proxy": "http://p:1"}
    assert proxy_for(loopback, environ) == Proxy("p", 1)
    assert proxy_for(loopback, {**environ, "no_proxy": "127.0.0.0/8"}) is None
    assert proxy_for(loopback, {**environ, "no_proxy": "127.0.0.1"}) is None


@pytest.mark.parametrize(
    "value", ["https://proxy.site:3128", "socks5://proxy.site:1080", "http://"]
)
def test_a_proxy_we_cannot_use_is_refused_in_words(value):
    with pytest.raises(URLRefused, match="https_proxy"):
        proxy_for(NASA, {"https_proxy": value})


@pytest.fixture
def proxy(jp_asyncio_loop):
    server = jp_asyncio_loop.run_until_complete(ConnectProxy(password="s3cret proxy").start())
    yield server
    jp_asyncio_loop.run_until_complete(server.stop())


async def test_a_download_goes_through_the_proxy_tunnel(
    make_manager, tls_fake, ca_file, tmp_path, proxy
):
    # Given a server whose environment names a proxy (with its own credential) and the
    # site's CA bundle
    netrc_login(tmp_path, tls_fake)
    environ = {
        "https_proxy": f"http://site:s3cret%20proxy@127.0.0.1:{proxy.port}",
        "REQUESTS_CA_BUNDLE": ca_file,
    }
    manager = await make_manager(environ=environ, server=tls_fake)
    # When a granule is downloaded (through the whole Earthdata Login dance)
    created = await manager.create(
        {"short_name": "ATL06", "version": "006", "granules": [granule(tls_fake, "p.h5")]}
    )
    reply = await settle(manager, created["id"])
    # Then it is saved complete and verified
    assert reply["state"] == "done", reply
    folder = os.path.join(tmp_path, "data", "ATL06", "006")
    assert visible_files(folder) == {"p.h5": SAMPLE_BYTES}
    # And every hop, to the data host and to Earthdata Login, went through a tunnel
    assert {tuple(r.split(" ")[:2]) for r in proxy.requests} == {
        ("CONNECT", f"localhost:{tls_fake.data_port}"),
        ("CONNECT", f"localhost:{tls_fake.login_port}"),
    }
    # And the proxy was asked with the proxy's credential and nothing of Earthdata's
    basic = base64.b64encode(f"{tls_fake.username}:{tls_fake.password}".encode()).decode()
    proxy_basic = base64.b64encode(b"site:s3cret proxy").decode()
    for head in proxy.heads:
        assert f"Proxy-Authorization: Basic {proxy_basic}" in head
        assert basic not in head and tls_fake.password not in head and "Cookie" not in head
    # (the Earthdata login went inside the tunnel, encrypted: the proxy cannot read it)
    assert len(proxy.tunnelled) > 0 and basic.encode() not in proxy.tunnelled


async def test_a_proxy_refusal_is_explained_and_saves_nothing(
    make_manager, tls_fake, ca_file, tmp_path, proxy
):
    # Given a proxy setting with a wrong proxy password
    netrc_login(tmp_path, tls_fake)
    environ = {
        "https_proxy": f"http://site:wrong@127.0.0.1:{proxy.port}",
        "SSL_CERT_FILE": ca_file,
    }
    manager = await make_manager(environ=environ, server=tls_fake)
    created = await manager.create(
        {"short_name": "ATL06", "version": "006", "granules": [granule(tls_fake, "p.h5")]}
    )
    file = (await settle(manager, created["id"]))["files"][0]
    # Then the file fails at once with the proxy's answer, and nothing is saved
    assert (file["state"], file["error_kind"]) == ("failed", "proxy")
    assert "proxy (127.0.0.1) refused" in file["error"] and "407" in file["error"]
    assert "wrong" not in file["error"] and file["attempts"] == 1
    assert tls_fake.requests == []
    folder = os.path.join(tmp_path, "data", "ATL06", "006")
    assert not os.path.isdir(folder) or visible_files(folder) == {}


async def test_a_proxy_error_5xx_is_retried(make_manager, tls_fake, ca_file, tmp_path):
    # Given a proxy whose first CONNECT fails with 503 (its upstream briefly down)
    netrc_login(tmp_path, tls_fake)
    flaky = await ConnectProxy(fail_first=503).start()
    try:
        environ = {"https_proxy": f"http://127.0.0.1:{flaky.port}", "SSL_CERT_FILE": ca_file}
        manager = await make_manager(environ=environ, server=tls_fake)
        created = await manager.create(
            {"short_name": "ATL06", "version": "006", "granules": [granule(tls_fake, "r.h5")]}
        )
        reply = await settle(manager, created["id"])
    finally:
        await flaky.stop()
    # Then the file is tried again and saved
    assert reply["state"] == "done", reply
    assert reply["files"][0]["attempts"] == 2
