"""NASA's CMR and Earthdata Login host names, served on loopback for the real clients.

The earthaccess and icepyx code the NSIDC panel inserts names
``https://cmr.earthdata.nasa.gov`` and ``https://urs.earthdata.nasa.gov`` itself and
must run unchanged. ``NasaHosts`` routes those names to the fake CMR at the HTTP
layer, as a site's proxy would: a TLS ``FakeCmr`` whose certificate (from a trustme
test CA) names both hosts, behind the suite's loopback ``CONNECT`` proxy
(``connect_proxy.ConnectProxy``) running on an event loop whose name
resolution knows only those two hosts (anything else, a name or an address, is
refused: a client under test cannot reach the internet). ``environ`` is what a
client process needs: the proxy for https (and for http, so earthaccess's look at
the AWS metadata address ends at the proxy too), the CA bundle, and an Earthdata
token so ``earthaccess.login()`` neither prompts nor asks the real Earthdata Login.
``python3_kernel_spec`` gives a server's kernels that environment.

NSIDC's data hosts (``DATA_HOSTS``: Earthdata Cloud and the on-premises host, the names
the fake CMR's data links carry) are the loopback ``FakeEarthdata`` (bearer token
accepted, HEAD and Range), under the same certificate. Behind the proxy for clients that
use it; but ``earthaccess.open`` reads through an aiohttp session made with
``trust_env=False``, which ignores proxy settings and connects to the data host itself.
``isolated(argv)`` runs such a client in network and mount namespaces of its own
(``unshare -rnm``): only a loopback interface, ``/etc/hosts`` naming the data hosts as
``127.0.0.1``, and port 443 and the proxy's port there bridged over Unix sockets to
the fakes (``python -m jupyterlab_hackweek.tests.nsidc_hosts``). Every other
destination is unreachable, the internet included.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import ssl
import subprocess
import sys
import tempfile
import threading

import trustme

from .connect_proxy import ConnectProxy
from .fake_cmr import FakeCmr
from .fake_earthdata import FakeEarthdata

CMR_HOST = "cmr.earthdata.nasa.gov"
LOGIN_HOST = "urs.earthdata.nasa.gov"
#: NSIDC's data hosts: Earthdata Cloud (NSIDC_CPRD) and on-premises (NSIDC_ECS).
DATA_HOSTS = ("data.nsidc.earthdatacloud.nasa.gov", "n5eil01u.ecs.nsidc.org")
#: The token ``environ`` gives the clients (the fake login takes any bearer token).
TOKEN = "fake-earthdata-token"  # noqa: S105


class _LoopbackNames(asyncio.SelectorEventLoop):
    """An event loop whose outbound connections reach only ``routes``: (host, port) ->
    a loopback port. Every other destination is refused."""

    def __init__(self, routes: dict[tuple[str, int], int]) -> None:
        super().__init__()
        self.routes = routes

    async def create_connection(self, protocol_factory, host=None, port=None, **kwargs):
        if host is None and kwargs.get("sock") is not None:  # connected by the caller
            return await super().create_connection(protocol_factory, **kwargs)
        target = self.routes.get((host, port))
        if target is None:
            raise ConnectionRefusedError(f"{host}:{port} is not one of the test's NASA hosts")
        return await super().create_connection(protocol_factory, "127.0.0.1", target, **kwargs)


class NasaHosts:
    """A TLS fake CMR (and Earthdata Login ``/profile``) and fake NSIDC data host reached
    as NASA's host names through a loopback ``CONNECT`` proxy (or ``isolated``); ``cmr``
    logs what the clients sent, ``data`` what they read."""

    def __init__(self, data_url: str | None = None) -> None:
        self.ca = trustme.CA()
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.ca.issue_cert(CMR_HOST, LOGIN_HOST, *DATA_HOSTS).configure_cert(context)
        self.cmr = FakeCmr(data_url=data_url, tls=context)
        self.data = FakeEarthdata(token=TOKEN, tls=context)
        self.folder = tempfile.mkdtemp(prefix="nasa-hosts-")
        self.ca_file = os.path.join(self.folder, "test-ca.pem")
        self.ca.cert_pem.write_to_path(self.ca_file)
        self.proxy = ConnectProxy()
        self._loop: _LoopbackNames | None = None
        self._bridges: list[asyncio.AbstractServer] = []

    def start(self) -> NasaHosts:
        self.cmr.start()
        self.data.start_in_thread()
        port = int(self.cmr.url.rsplit(":", 1)[1])
        routes = {(CMR_HOST, 443): port, (LOGIN_HOST, 443): port}
        routes.update({(host, 443): self.data.data_port for host in DATA_HOSTS})
        loop = _LoopbackNames(routes)
        self._loop = loop
        threading.Thread(target=loop.run_forever, name="NasaHosts", daemon=True).start()
        asyncio.run_coroutine_threadsafe(self.proxy.start(), loop).result(30)
        bridges = {443: self.data.data_port, self.proxy.port: self.proxy.port}
        self.bridges = {port: os.path.join(self.folder, f"{port}.sock") for port in bridges}
        for port, target in bridges.items():
            serve = asyncio.start_unix_server(_forward_to(target), self.bridges[port])
            self._bridges.append(asyncio.run_coroutine_threadsafe(serve, loop).result(30))
        return self

    def stop(self) -> None:
        if self._loop is not None:
            for bridge in self._bridges:
                self._loop.call_soon_threadsafe(bridge.close)
            asyncio.run_coroutine_threadsafe(self.proxy.stop(), self._loop).result(30)
            self._loop.call_soon_threadsafe(self._loop.stop)
        self.data.stop()
        self.cmr.stop()

    def isolated(self, argv: list[str]) -> list[str]:
        """``argv`` as a command that runs it with no network but NASA's hosts here: in
        namespaces of its own, loopback only, ``/etc/hosts`` naming the data hosts, the
        data hosts' port 443 and the proxy's port bridged to the fakes."""
        hosts = os.path.join(self.folder, "hosts")
        with open(hosts, "w") as file:
            file.write(f"127.0.0.1 localhost {' '.join(DATA_HOSTS)}\n")
        routes = [f"--route={port}={path}" for port, path in self.bridges.items()]
        module = "jupyterlab_hackweek.tests.nsidc_hosts"
        return ["unshare", "-rnm", sys.executable, "-m", module, *routes, hosts, "--", *argv]

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


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


def _forward_to(port: int):
    """A stream handler that joins each connection to ``127.0.0.1:port``."""

    async def forward(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        loop = asyncio.get_running_loop()
        sock = socket.socket()
        sock.setblocking(False)
        try:
            await loop.sock_connect(sock, ("127.0.0.1", port))
        except OSError:
            sock.close()
            writer.close()
            return
        target_reader, target_writer = await asyncio.open_connection(sock=sock)
        await asyncio.gather(_pipe(reader, target_writer), _pipe(target_reader, writer))

    return forward


def main() -> None:
    """Inside ``NasaHosts.isolated``'s namespaces: loopback up, ``HOSTS`` over
    ``/etc/hosts``, each ``--route PORT=SOCKET`` listening on ``127.0.0.1:PORT`` and
    joined to ``SOCKET``; then the command, whose exit status this exits with."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("hosts")
    parser.add_argument("--route", action="append", default=[])
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    subprocess.run(["mount", "--bind", args.hosts, "/etc/hosts"], check=True)
    loop = asyncio.new_event_loop()

    async def listen() -> None:
        for route in args.route:
            port, _, path = route.partition("=")

            async def forward(reader, writer, path=path):
                try:
                    target_reader, target_writer = await asyncio.open_unix_connection(path)
                except OSError:
                    writer.close()
                    return
                await asyncio.gather(_pipe(reader, target_writer), _pipe(target_reader, writer))

            await asyncio.start_server(forward, "127.0.0.1", int(port))

    loop.run_until_complete(listen())
    threading.Thread(target=loop.run_forever, daemon=True).start()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    sys.exit(subprocess.run(command, check=False).returncode)


if __name__ == "__main__":
    main()
