"""HTTP/1.1 GET for streaming large granules: connected on the event loop, read in a thread.

The TCP connection is opened with asyncio (so a stop during connect is immediate);
the TLS handshake, the request, the response head and the body then run on the
blocking socket in a worker thread, with the standard library's ``http.client``
doing the HTTP/1.1 framing (``Content-Length``, chunked, read until close).
Blocking reads into one reused buffer release the GIL for the whole system call:
in ``bench/downloads.py`` (4 parallel loopback streams) this path reads about as
fast as curl, where asyncio streams reached a third of curl's throughput.

One request per connection (``Connection: close``), no redirects, no cookies: the
transfer module decides every hop itself. Through a proxy, the connection is a
``CONNECT`` tunnel (so TLS runs end to end and Earthdata credentials stay inside
it). Every read has an idle timeout, and ``abort()`` (from the event loop) wakes a
blocked read at once.
"""

from __future__ import annotations

import asyncio
import http.client
import socket
import ssl
from urllib.parse import urlsplit

from .urls import Proxy


class NetworkError(Exception):
    """The connection failed or was cut, or the server's answer is not HTTP/1.1.

    Not an ``OSError``, so that it is never mistaken for a disk error.
    """


class ProxyRefused(NetworkError):
    """The proxy answered ``CONNECT`` with an error (the message says which);
    ``retryable`` for its 5xx answers (its upstream or DNS briefly down)."""

    def __init__(self, message: str, retryable: bool = False):
        super().__init__(message)
        self.retryable = retryable


class Response:
    """Status, headers and the not-yet-read body of one response (blocking reads)."""

    def __init__(self, response: http.client.HTTPResponse):
        self._response = response
        self.status_code = response.status

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or None."""
        values = self.header_list(name)
        return values[0] if values else None

    def header_list(self, name: str) -> list[str]:
        return self._response.msg.get_all(name) or []

    def readinto(self, buffer: memoryview) -> int:
        """Read the next bytes of the body into ``buffer``; 0 at its end.

        ``NetworkError`` if the body stops early or the connection fails.
        """
        try:
            count = self._response.readinto(buffer)
        except (OSError, http.client.HTTPException) as error:
            raise NetworkError(_describe(error)) from None
        if not count and self._response.length:  # http.client leaves this check to us
            raise NetworkError("The connection closed before the end of the file.")
        return count

    def read_text(self, limit: int = 65536) -> str:
        """Up to ``limit`` bytes of the body, decoded (for error pages)."""
        try:
            data = self._response.read(limit)
        except (OSError, http.client.HTTPException) as error:
            raise NetworkError(_describe(error)) from None
        return data.decode("utf-8", "replace")


class Connection:
    """One connected socket, for one request."""

    def __init__(
        self,
        sock: socket.socket,
        url: str,
        ssl_context: ssl.SSLContext | None,
        idle: float,
        proxy: Proxy | None = None,
    ):
        self._sock = sock
        self._url = url
        self._ssl = ssl_context
        self._idle = idle
        self._proxy = proxy
        self._aborted = False

    def request(self, headers: dict[str, str]) -> Response:
        """Send ``GET`` with ``headers`` and read the response head (blocking).

        ``ssl.SSLCertVerificationError`` if the certificate is refused;
        ``ProxyRefused`` if the proxy refuses the tunnel; ``NetworkError`` for any
        other failure; ``ValueError`` for a header value holding a line break.
        """
        for name, value in headers.items():
            if any(c in value for c in "\r\n\x00"):
                raise ValueError(f"Header {name} contains a line break.")
        parts = urlsplit(self._url)
        host = parts.hostname or ""
        try:
            self._sock.settimeout(self._idle)
            if self._proxy is not None:
                self._tunnel(host, parts.port or (443 if self._ssl else 80))
            if self._ssl is not None:
                # Hand-shake after the TLS socket replaces the plain one, so that
                # abort() reaches a stalled handshake too.
                self._sock = self._ssl.wrap_socket(
                    self._sock, server_hostname=host, do_handshake_on_connect=False
                )
                if self._aborted:
                    raise NetworkError("The download was stopped.")
                self._sock.do_handshake()
                connection = http.client.HTTPSConnection(host, parts.port, context=self._ssl)
            else:
                connection = http.client.HTTPConnection(host, parts.port)
            connection.sock = self._sock
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            connection.putrequest("GET", target, skip_accept_encoding=True)
            for name, value in {"Connection": "close", **headers}.items():
                connection.putheader(name, value)
            connection.endheaders()
            return Response(connection.getresponse())
        except ssl.SSLCertVerificationError:
            raise
        except (OSError, http.client.HTTPException) as error:
            raise NetworkError(_describe(error)) from None

    def _tunnel(self, host: str, port: int) -> None:
        """Ask the proxy for a tunnel to ``host:port`` (``CONNECT``)."""
        authority = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        lines = [f"CONNECT {authority} HTTP/1.1", f"Host: {authority}"]
        if self._proxy.authorization:
            lines.append(f"Proxy-Authorization: {self._proxy.authorization}")
        self._sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        # The proxy sends nothing after its answer's head until we speak through the
        # tunnel, so the response's buffered reader cannot take bytes of the tunnel.
        reply = http.client.HTTPResponse(self._sock, method="CONNECT")
        try:
            reply.begin()
        finally:
            reply.close()
        if reply.status != 200:
            raise ProxyRefused(
                f"The proxy ({self._proxy.host}) refused to connect to {host} "
                f"({reply.status} {reply.reason}).",
                retryable=reply.status >= 500,
            )

    def abort(self) -> None:
        """Wake a read blocked in another thread (it then fails with ``NetworkError``)."""
        self._aborted = True
        try:
            # The plain socket's shutdown, also under TLS: SSLSocket.shutdown would drop
            # the TLS state while the other thread still reads through it.
            socket.socket.shutdown(self._sock, socket.SHUT_RDWR)
        except OSError:
            pass

    def close(self) -> None:
        self._sock.close()


async def connect(
    url: str,
    ssl_context: ssl.SSLContext | None,
    timeout: float,
    idle: float,
    proxy: Proxy | None = None,
) -> Connection:
    """A ``Connection`` to the host of ``url``, or to ``proxy`` for a tunnel to it (the
    tunnel and TLS are set up later, by ``request``)."""
    parts = urlsplit(url)
    secure = parts.scheme == "https"
    host, port = parts.hostname or "", parts.port or (443 if secure else 80)
    if proxy is not None:
        host, port = proxy.host, proxy.port
    sock = await asyncio.wait_for(_open_socket(host, port), timeout)
    return Connection(sock, url, ssl_context if secure else None, idle, proxy)


async def _open_socket(host: str, port: int) -> socket.socket:
    loop = asyncio.get_running_loop()
    failure: OSError | None = None
    for family, kind, proto, _name, address in await loop.getaddrinfo(
        host, port, type=socket.SOCK_STREAM
    ):
        sock = socket.socket(family, kind, proto)
        sock.setblocking(False)
        try:
            await loop.sock_connect(sock, address)
        except OSError as error:
            sock.close()
            failure = error
            continue
        except BaseException:
            sock.close()
            raise
        return sock
    raise failure or OSError(f"{host} has no address")


def _describe(error: BaseException) -> str:
    if isinstance(error, http.client.IncompleteRead):
        return "The connection closed before the end of the file."
    if isinstance(error, TimeoutError):
        return "The server stopped sending."
    return f"The connection failed ({type(error).__name__})."
