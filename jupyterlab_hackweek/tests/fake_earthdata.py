"""A loopback fake of an NSIDC data host and of Earthdata Login, with selectable faults.

Behaves like the real pair: a data request without a session goes 302 to
``/oauth/authorize`` on the login server, which wants Basic auth (or a bearer
token), then 302s back to the data host's ``/redirect`` with a code; the data
host sets a session cookie and 302s to the file. A bearer token is also accepted
directly by the data host (as Earthdata Cloud does). Files support HEAD and Range
(``bytes=N-`` and ``bytes=N-M``, as fsspec's HTTP files read). The login server also
answers its User Tokens API's ``GET /api/users/tokens`` (Basic auth: 200 and a JSON
list of tokens, or 401 ``{"error": "invalid_credentials", ...}``), which the server
asks before it saves a login.

Files: ``/data/NAME``, or any path ending in NAME laid out like NSIDC's
(``/DP7/ATLAS/ATL06.005/2019.02.21/NAME``, so a fake CMR's links can point here),
serve ``files[NAME]`` or else the real ATL06 sample; ``sizes[NAME]`` pads the sample
with zero bytes (or cuts it) to that many bytes, so the size a CMR record lists
matches (HDF5 ignores bytes after the end of its file, so a padded sample still opens).

Faults, chosen by the ``fault`` query parameter or per file name in ``faults``:
``cut`` (the first response stops half-way), ``corrupt`` (one byte changed, so the
checksum fails), ``html`` (a 200 login page instead of data), ``html-octet`` (the
same page labelled as binary), ``429`` (the first request gets 429 Retry-After: 1),
``404``, ``eula`` (Earthdata Login sends to its approve-app page), ``slow``
(throttled), ``redirect-internal`` (302 to 169.254.169.254), ``redirect-other``
(302 to another host name of this server, which needs no credentials).

``GET /_served`` on the data host tells what it was asked (name and Range of each
file request) and how many bytes of each file it sent, for tests that drive it
from another process.

Run ``python -m jupyterlab_hackweek.tests.fake_earthdata --port N``, or use
``FakeEarthdata`` in-process: ``await fake.start()`` on the running event loop, or
``fake.start_in_thread()`` to serve from a thread of its own (the browser-test server).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import collections
import json
import os
import secrets
import ssl
import threading
from urllib.parse import quote, urlencode

from tornado import httpserver, netutil, web
from tornado.iostream import StreamClosedError

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "data", "h5", "ATL06_20181013235645_02340114_209_01.h5")
LOGIN_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>Earthdata Login</title></head><body>"
    b"<form action='/login'>Earthdata Login: username, password</form></body></html>\n"
)
APPROVE_PAGE = (
    b"<!DOCTYPE html><html><body>Approve application NSIDC_DATAPOOL_OPS "
    b"and accept the EULA</body></html>"
)
BLOCK = 256 * 1024


class Loopback:
    """Tornado applications served on loopback, on the running loop or from a thread."""

    def __init__(self) -> None:
        self._servers: list[httpserver.HTTPServer] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self.tls: ssl.SSLContext | None = None

    def _listen(self, app: web.Application, port: int) -> int:
        sockets = netutil.bind_sockets(port, "127.0.0.1")
        server = httpserver.HTTPServer(app, ssl_options=self.tls)
        server.add_sockets(sockets)
        self._servers.append(server)
        return sockets[0].getsockname()[1]

    def start_in_thread(self, *ports: int):
        """Serve from a daemon thread with its own event loop; returns once listening."""
        ready = threading.Event()
        failure: list[BaseException] = []

        def serve() -> None:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            self._loop = loop
            try:
                loop.run_until_complete(self.start(*ports))
            except BaseException as error:  # noqa: BLE001 (raised in the caller's thread)
                failure.append(error)
                return
            finally:
                ready.set()
            loop.run_forever()

        threading.Thread(target=serve, name=type(self).__name__, daemon=True).start()
        ready.wait(30)
        if failure:
            raise failure[0]
        return self

    def stop(self) -> None:
        if self._loop is not None and self._loop.is_running():
            self._loop.call_soon_threadsafe(self._stop_servers)
            self._loop.call_soon_threadsafe(self._loop.stop)
        else:
            self._stop_servers()

    def _stop_servers(self) -> None:
        for server in self._servers:
            server.stop()
        self._servers.clear()


class FakeEarthdata(Loopback):
    """Both servers, their accounts, files, faults, and what they were asked and served."""

    def __init__(
        self,
        username="hackweek",
        password='p@ss w"rd#1',  # noqa: S107
        token="fake-edl-token",  # noqa: S107
        tls: ssl.SSLContext | None = None,
    ):
        """``tls``: serve https as ``localhost`` with this context's certificate (else
        plain http as ``127.0.0.1``)."""
        super().__init__()
        self.username, self.password, self.token = username, password, token
        self.tls = tls
        self.host = "localhost" if tls else "127.0.0.1"
        self.scheme = "https" if tls else "http"
        self.files: dict[str, str] = {}
        self.sizes: dict[str, int] = {}
        self.faults: dict[str, str] = {}
        self.bytes_served: collections.Counter[str] = collections.Counter()
        self.requests: list[dict] = []
        self.fault_hits: collections.Counter[tuple[str, str]] = collections.Counter()
        self.codes: set[str] = set()
        self.sessions: set[str] = set()
        self.data_port = self.login_port = 0

    # ---- addresses

    @property
    def login_url(self) -> str:
        return f"{self.scheme}://{self.host}:{self.login_port}"

    @property
    def allowed_hosts(self) -> list[str]:
        return [f"{self.host}:{self.data_port}", f"{self.host}:{self.login_port}"]

    def url(self, name: str, fault: str | None = None) -> str:
        query = f"?{urlencode({'fault': fault})}" if fault else ""
        return f"{self.scheme}://{self.host}:{self.data_port}/data/{quote(name, safe='')}{query}"

    def path_of(self, name: str) -> str:
        return self.files.get(name, SAMPLE)

    def size_of(self, name: str) -> int:
        """The size ``name`` is served with (``sizes``, else its file's)."""
        return self.sizes.get(name, os.path.getsize(self.path_of(name)))

    # ---- lifecycle

    async def start(self, port: int = 0, login_port: int = 0) -> FakeEarthdata:
        data = web.Application(
            [
                (r"/data/([^/]+)", DataHandler, {"fake": self}),
                (r"/public/([^/]+)", DataHandler, {"fake": self, "public": True}),
                (r"/redirect", RedirectHandler, {"fake": self}),
                (r"/_served", ServedHandler, {"fake": self}),
                (r"/.+/([^/]+)", DataHandler, {"fake": self}),
            ]
        )
        login = web.Application(
            [
                (r"/oauth/authorize", AuthorizeHandler, {"fake": self}),
                (r"/api/users/tokens", TokensHandler, {"fake": self}),
                (r"/approve_app", PageHandler, {"page": APPROVE_PAGE}),
            ]
        )
        self.data_port = self._listen(data, port)
        self.login_port = self._listen(login, login_port)
        return self

    # ---- checks

    def authorized(self, handler: web.RequestHandler) -> bool:
        header = handler.request.headers.get("Authorization", "")
        if header == f"Bearer {self.token}":
            return True
        return handler.get_cookie("fake_session") in self.sessions

    def login_ok(self, header: str) -> bool:
        if header == f"Bearer {self.token}":
            return True
        if not header.startswith("Basic "):
            return False
        try:
            pair = base64.b64decode(header[6:]).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            return False
        return pair == f"{self.username}:{self.password}"

    def first_time(self, name: str, fault: str) -> bool:
        self.fault_hits[(name, fault)] += 1
        return self.fault_hits[(name, fault)] == 1


class FakeHandler(web.RequestHandler):
    def initialize(self, fake: FakeEarthdata, public: bool = False) -> None:
        self.fake, self.public = fake, public

    def record(self, name: str) -> None:
        self.fake.requests.append(
            {
                "host": self.request.host,
                "path": self.request.path,
                "name": name,
                "range": self.request.headers.get("Range"),
                "authorization": self.request.headers.get("Authorization"),
                "cookie": self.request.headers.get("Cookie"),
            }
        )


class DataHandler(FakeHandler):
    async def head(self, name: str) -> None:
        await self.get(name)

    async def get(self, name: str) -> None:
        self.record(name)
        fake = self.fake
        fault = self.get_query_argument("fault", None) or fake.faults.get(name, "")
        if fault == "404":
            raise web.HTTPError(404)
        if fault == "redirect-internal":
            return self.redirect("http://169.254.169.254/latest/meta-data/")
        if fault == "redirect-other" and not self.public:
            return self.redirect(f"http://localhost:{fake.data_port}/public/{quote(name, safe='')}")
        if not self.public and (fault == "eula" or not fake.authorized(self)):
            query = urlencode(
                {
                    "client_id": "fake",
                    "response_type": "code",
                    "state": self.request.uri,
                    "redirect_uri": f"{fake.scheme}://{fake.host}:{fake.data_port}/redirect",
                }
            )
            return self.redirect(f"{fake.login_url}/oauth/authorize?{query}")
        if fault in ("html", "html-octet"):
            kind = "text/html; charset=utf-8" if fault == "html" else "application/octet-stream"
            self.set_header("Content-Type", kind)
            return self.finish(LOGIN_PAGE)
        if fault == "429" and fake.first_time(name, fault):
            self.set_status(429)
            self.set_header("Retry-After", "1")
            return self.finish("Too many requests")
        await self.send_file(name, fault)

    async def send_file(self, name: str, fault: str) -> None:
        path = self.fake.path_of(name)
        real_size = os.path.getsize(path)
        size = self.fake.size_of(name)
        start = 0
        wanted = self.request.headers.get("Range", "")
        etag = f'"{size}-{os.stat(path).st_mtime_ns}-{hash(path) & 0xFFFF}"'
        self.set_header("ETag", etag)
        if self.request.headers.get("If-Range", etag) != etag:
            wanted = ""  # the file changed: send it whole
        stop = size
        first, _, last = wanted[6:].partition("-") if wanted.startswith("bytes=") else ("", "", "")
        if first.isdigit() and (last.isdigit() or not last):
            start = int(first)
            if start >= size:
                self.set_status(416)
                self.set_header("Content-Range", f"bytes */{size}")
                return self.finish()
            stop = min(size, int(last) + 1) if last else size
            self.set_status(206)
            self.set_header("Content-Range", f"bytes {start}-{stop - 1}/{size}")
        self.set_header("Accept-Ranges", "bytes")
        self.set_header("Content-Type", "application/x-hdf5")
        self.set_header("Content-Length", str(stop - start))
        if self.request.method == "HEAD":
            return self.finish()
        end = stop
        if fault == "cut" and self.fake.first_time(name, fault):
            stop = start + (end - start) // 2
        with open(path, "rb") as source:
            source.seek(min(start, real_size))
            position = start
            while position < stop:
                count = min(BLOCK, stop - position)
                block = source.read(max(0, min(count, real_size - position)))
                block += bytes(count - len(block))  # zero padding past the real file
                if fault == "corrupt" and position <= size // 2 < position + len(block):
                    index = size // 2 - position
                    block = block[:index] + bytes([block[index] ^ 0xFF]) + block[index + 1 :]
                self.write(block)
                try:
                    await self.flush()
                except StreamClosedError:
                    return
                position += len(block)
                self.fake.bytes_served[name] += len(block)
                if fault == "slow":
                    await asyncio.sleep(0.05)
        if stop < end:
            self.request.connection.close()
            self._finished = True
            return
        self.finish()


class ServedHandler(FakeHandler):
    def get(self) -> None:
        asked = [{"name": r["name"], "range": r["range"]} for r in self.fake.requests]
        self.finish({"requests": asked, "bytes_served": dict(self.fake.bytes_served)})


class RedirectHandler(FakeHandler):
    def get(self) -> None:
        code = self.get_query_argument("code", "")
        if code not in self.fake.codes:
            raise web.HTTPError(401)
        self.fake.codes.discard(code)
        session = secrets.token_hex(8)
        self.fake.sessions.add(session)
        self.set_cookie("fake_session", session, httponly=True)
        self.redirect(self.get_query_argument("state"))


class AuthorizeHandler(FakeHandler):
    def get(self) -> None:
        self.record("oauth")
        if not self.fake.login_ok(self.request.headers.get("Authorization", "")):
            self.set_status(401)
            self.set_header("WWW-Authenticate", 'Basic realm="Earthdata Login"')
            return self.finish("Unauthorized")
        state = self.get_query_argument("state", "")
        if "fault=eula" in state:
            return self.redirect(f"{self.fake.login_url}/approve_app?client_id=fake")
        code = secrets.token_hex(8)
        self.fake.codes.add(code)
        target = self.get_query_argument("redirect_uri")
        self.redirect(f"{target}?{urlencode({'code': code, 'state': state})}")


class TokensHandler(FakeHandler):
    """Earthdata Login's ``GET /api/users/tokens`` (User Tokens API): Basic auth only;
    200 and the account's tokens as a JSON list, or 401 and the API's JSON error.
    ``fake.faults["api"] = "503"`` makes it answer 503 (Earthdata Login down)."""

    def get(self) -> None:
        self.record("tokens")
        if self.fake.faults.get("api") == "503":
            self.set_status(503)
            return self.finish("Service Unavailable")
        header = self.request.headers.get("Authorization", "")
        if not (header.startswith("Basic ") and self.fake.login_ok(header)):
            self.set_status(401)
            return self.finish(
                {"error": "invalid_credentials", "error_description": "Invalid user credentials"}
            )
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps([{"access_token": self.fake.token, "expiration_date": "1/1/2099"}]))


class PageHandler(web.RequestHandler):
    def initialize(self, page: bytes) -> None:
        self.page = page

    def get(self) -> None:
        self.set_header("Content-Type", "text/html")
        self.finish(self.page)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8700, help="data host port")
    parser.add_argument("--login-port", type=int, default=0, help="Earthdata Login port")
    parser.add_argument(
        "--file",
        action="append",
        default=[],
        metavar="NAME=PATH",
        help="serve PATH as NAME (default: the ATL06 sample for any name)",
    )
    args = parser.parse_args()

    async def start() -> dict:
        fake = FakeEarthdata()
        for spec in args.file:
            name, _, path = spec.partition("=")
            fake.files[name] = os.path.abspath(path)
        await fake.start(args.port, args.login_port or args.port + 1)
        return {
            "data": f"http://127.0.0.1:{fake.data_port}",
            "login": fake.login_url,
            "username": fake.username,
            "password": fake.password,
            "token": fake.token,
        }

    serve_until_stopped(start)


def serve_until_stopped(start) -> None:
    """Run ``await start()`` (it starts fakes and answers what a client needs to reach
    them), print that answer as one JSON line, and serve until the process is stopped."""

    async def run() -> None:
        print(json.dumps(await start()), flush=True)
        await asyncio.Event().wait()

    asyncio.run(run())


if __name__ == "__main__":
    main()
