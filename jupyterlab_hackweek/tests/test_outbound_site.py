"""A site behind a TLS-inspecting proxy: its CA bundle (``REQUESTS_CA_BUNDLE``) and
proxy (``https_proxy``) serve every outbound request of the suite alike — the CMR
search, the Earthdata Login hop and the data download — through the one transport."""

from __future__ import annotations

import os

import pytest

pytest.register_assert_rewrite("jupyterlab_hackweek.tests.downloads_helpers")

from jupyterlab_hackweek.nsidc.service import CmrError, NsidcSearch  # noqa: E402
from jupyterlab_hackweek.tests.fake_cmr import FakeCmr  # noqa: E402

from .connect_proxy import ConnectProxy  # noqa: E402
from .downloads_helpers import (  # noqa: E402
    SAMPLE_BYTES,
    granule,
    netrc_login,
    settle,
    tls_context,
    visible_files,
)

pytest_plugins = ("jupyterlab_hackweek.tests.downloads_helpers",)


@pytest.fixture
def tls_cmr(ca):
    with FakeCmr(tls=tls_context(ca)) as cmr:
        yield cmr


@pytest.fixture
def site_proxy(jp_asyncio_loop):
    server = jp_asyncio_loop.run_until_complete(ConnectProxy(password="site pass").start())
    yield server
    jp_asyncio_loop.run_until_complete(server.stop())


def tunnels(proxy: ConnectProxy) -> set[str]:
    """The host:port each CONNECT asked for."""
    return {line.split(" ")[1] for line in proxy.requests}


async def test_search_login_and_download_go_through_the_sites_proxy_and_trust_its_ca(
    make_manager, tls_fake, tls_cmr, ca_file, site_proxy, tmp_path
):
    # Given a site whose environment names its CA bundle and its proxy (with a password)
    environ = {
        "REQUESTS_CA_BUNDLE": ca_file,
        "https_proxy": f"http://site:site%20pass@127.0.0.1:{site_proxy.port}",
    }
    # When the panel searches CMR
    search = NsidcSearch(cmr_url=tls_cmr.url, environ=environ)
    page = await search.granules([("short_name", "ATL06"), ("page_size", "5")], None)
    # Then CMR answered through a tunnel, its certificate checked against the site's CA
    assert page["hits"] > 0 and page["granules"]
    assert tunnels(site_proxy) == {f"localhost:{tls_cmr.url.rsplit(':', 1)[1]}"}
    # When a granule is downloaded with a saved Earthdata login
    netrc_login(tmp_path, tls_fake)
    manager = await make_manager(environ=environ, server=tls_fake)
    created = await manager.create(
        {"short_name": "ATL06", "version": "006", "granules": [granule(tls_fake, "s.h5")]}
    )
    reply = await settle(manager, created["id"])
    # Then the login hop and the data hops went through the proxy too, and the file is whole
    assert reply["state"] == "done", reply
    assert visible_files(os.path.join(tmp_path, "data", "ATL06", "006")) == {"s.h5": SAMPLE_BYTES}
    assert tunnels(site_proxy) >= {
        f"localhost:{tls_fake.login_port}",
        f"localhost:{tls_fake.data_port}",
    }
    assert any("/oauth/authorize" in r["path"] for r in tls_fake.requests)
    search.transport.close()


async def test_without_the_sites_ca_the_search_is_refused_in_words(tls_cmr, site_proxy):
    # Given the same proxy but no CA bundle (the system's CAs do not know the site's)
    environ = {"https_proxy": f"http://site:site%20pass@127.0.0.1:{site_proxy.port}"}
    search = NsidcSearch(cmr_url=tls_cmr.url, environ=environ)
    # When searching, Then the route's error names the certificate
    with pytest.raises(CmrError, match="certificate of localhost could not be verified"):
        await search.granules([("short_name", "ATL06")], None)
    search.transport.close()
