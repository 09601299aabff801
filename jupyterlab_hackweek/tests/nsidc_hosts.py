"""NASA's CMR and Earthdata Login host names, served on loopback for the real clients.

The earthaccess and icepyx code the NSIDC panel inserts names
``https://cmr.earthdata.nasa.gov`` and ``https://urs.earthdata.nasa.gov`` itself and
must run unchanged. ``NasaHosts`` routes those names to the fake CMR at the HTTP
layer, as a site's proxy would: a TLS ``FakeCmr`` whose certificate (from a trustme
test CA) names both hosts, behind the suite's loopback ``CONNECT`` proxy
(``test_downloads_proxy.ConnectProxy``) running on an event loop whose name
resolution knows only those two hosts (anything else, a name or an address, is
refused: a client under test cannot reach the internet). ``environ`` is what a
client process needs: the proxy for https (and for http, so earthaccess's look at
the AWS metadata address ends at the proxy too), the CA bundle, and an Earthdata
token so ``earthaccess.login()`` neither prompts nor asks the real Earthdata Login.
``python3_kernel_spec`` gives a server's kernels that environment.
"""

from __future__ import annotations

import asyncio
import json
import os
import ssl
import sys
import tempfile
import threading

import trustme

from .fake_cmr import FakeCmr
from .test_downloads_proxy import ConnectProxy

CMR_HOST = "cmr.earthdata.nasa.gov"
LOGIN_HOST = "urs.earthdata.nasa.gov"
#: The token ``environ`` gives the clients (the fake login takes any bearer token).
TOKEN = "fake-earthdata-token"  # noqa: S105


class _LoopbackNames(asyncio.SelectorEventLoop):
    """An event loop whose outbound connections reach only ``routes``: (host, port) ->
    a loopback port. Every other destination is refused."""

    def __init__(self, routes: dict[tuple[str, int], int]) -> None:
        super().__init__()
        self.routes = routes

    async def create_connection(self, protocol_factory, host=None, port=None, **kwargs):
        target = self.routes.get((host, port))
        if target is None:
            raise ConnectionRefusedError(f"{host}:{port} is not one of the test's NASA hosts")
        return await super().create_connection(protocol_factory, "127.0.0.1", target, **kwargs)


class NasaHosts:
    """A TLS fake CMR (and Earthdata Login ``/profile``) reached as NASA's host names
    through a loopback ``CONNECT`` proxy; ``cmr`` logs what the clients sent."""

    def __init__(self, data_url: str | None = None) -> None:
        self.ca = trustme.CA()
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.ca.issue_cert(CMR_HOST, LOGIN_HOST).configure_cert(context)
        self.cmr = FakeCmr(data_url=data_url, tls=context)
        folder = tempfile.mkdtemp(prefix="nasa-hosts-")
        self.ca_file = os.path.join(folder, "test-ca.pem")
        self.ca.cert_pem.write_to_path(self.ca_file)
        self.proxy = ConnectProxy()
        self._loop: _LoopbackNames | None = None

    def start(self) -> NasaHosts:
        self.cmr.start()
        port = int(self.cmr.url.rsplit(":", 1)[1])
        loop = _LoopbackNames({(CMR_HOST, 443): port, (LOGIN_HOST, 443): port})
        self._loop = loop
        threading.Thread(target=loop.run_forever, name="NasaHosts", daemon=True).start()
        asyncio.run_coroutine_threadsafe(self.proxy.start(), loop).result(30)
        return self

    def stop(self) -> None:
        if self._loop is not None:
            asyncio.run_coroutine_threadsafe(self.proxy.stop(), self._loop).result(30)
            self._loop.call_soon_threadsafe(self._loop.stop)
        self.cmr.stop()

    def __enter__(self) -> NasaHosts:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def environ(self) -> dict[str, str]:
        """The variables a client process needs to reach NASA's hosts here, and only here."""
        proxy = f"http://127.0.0.1:{self.proxy.port}"
        return {
            **{name: proxy for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy")},
            "NO_PROXY": "localhost,127.0.0.1",
            "no_proxy": "localhost,127.0.0.1",
            "REQUESTS_CA_BUNDLE": self.ca_file,
            "SSL_CERT_FILE": self.ca_file,
            "EARTHDATA_TOKEN": TOKEN,
        }


def client_environ(hosts: NasaHosts, home: str) -> dict[str, str]:
    """This process's environment for a client subprocess: ``hosts.environ`` over it,
    a home of its own (no ``.netrc``, no earthaccess or icepyx state), no Earthdata
    credentials but the token."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("EARTHDATA_", "NETRC"))}
    return {**environ, **hosts.environ, "HOME": home, "NETRC": os.path.join(home, ".netrc")}


def python3_kernel_spec(hosts: NasaHosts) -> str:
    """A folder to put first on ``JUPYTER_PATH``: its ``python3`` kernel (this Python's
    ipykernel) runs with ``hosts.environ``, so the cells the panel inserts reach the fake
    CMR as they are. The folder's path."""
    folder = tempfile.mkdtemp(prefix="nasa-hosts-kernels-")
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "env": hosts.environ,
        "metadata": {"debugger": True},
    }
    os.makedirs(os.path.join(folder, "kernels", "python3"))
    with open(os.path.join(folder, "kernels", "python3", "kernel.json"), "w") as file:
        json.dump(spec, file, indent=1)
    return folder
