"""The one HTTP transport for every request the server makes to the outside world.

CMR searches, Earthdata Login and data downloads (and any later client) send their
requests through a :class:`Transport`: urllib3 connection pools (keep-alive across
a download's hops), the site's proxy as curl and requests read it (``https_proxy``,
``http_proxy``, ``no_proxy``; https through a ``CONNECT`` tunnel, so TLS and
Earthdata credentials stay end to end), the site's CA bundle (``SSL_CERT_FILE``,
``REQUESTS_CA_BUNDLE``, ``CURL_CA_BUNDLE``), timeouts, and urllib3's retries with
``Retry-After`` where a caller asks for them.

Redirects are never followed here: the policy above (:mod:`.policy`) checks each
hop and decides where credentials go. Requests are blocking; callers run them in
a thread. A blocked body read is woken at once by :meth:`Response.abort`.
"""

from __future__ import annotations

import base64
import ipaddress
import re
import ssl
import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import takewhile
from urllib.parse import unquote, urlsplit

import urllib3
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    InvalidHeader,
    MaxRetryError,
    NewConnectionError,
    ProxyError,
    ReadTimeoutError,
    SSLError,
)
from urllib3.util import Retry, Timeout

from .policy import Target, URLRefused, split_host_port

CA_BUNDLE_SETTINGS = ("SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")
DRAIN_LIMIT = 64 * 1024  # the longest rest of a body read to keep its connection
#: Kept-alive connections per host (parallel downloads from one data host reuse theirs).
MAX_PER_HOST = 16


class NetworkError(Exception):
    """The connection failed or was cut, or the answer is not HTTP.

    Not an ``OSError``, so that it is never mistaken for a disk error.
    """


class ConnectFailed(NetworkError):
    """No connection could be opened (refused, unreachable, timed out)."""


class TimedOut(NetworkError):
    """The server stopped sending (no byte within the read timeout)."""


class ConnectTimedOut(ConnectFailed, TimedOut):
    """No connection within the connect timeout."""


class ProxyRefused(NetworkError):
    """The proxy refused the tunnel (the message says which); ``retryable`` for its 5xx
    answers (its upstream or DNS briefly down)."""

    def __init__(self, message: str, retryable: bool = False):
        super().__init__(message)
        self.retryable = retryable


class CertificateRefused(NetworkError):
    """The server's certificate is not trusted by the site's CA bundle (or the system's)."""


class CaBundleUnreadable(NetworkError):
    """The CA bundle named by the server's environment could not be read."""


class Retries(Retry):
    """urllib3's ``Retry`` with the suite's two choices.

    The first retry already waits ``backoff_factor`` seconds, doubling after
    (urllib3 retries the first time at once), and a ``Retry-After`` that is neither
    seconds nor an HTTP date is ignored (urllib3 raises). ``backoff_max`` caps the
    backoff, ``retry_after_max`` a server's ``Retry-After``.
    """

    def get_backoff_time(self) -> float:
        errors = len(list(takewhile(lambda h: h.redirect_location is None, self.history[::-1])))
        if not errors:
            return 0.0
        return float(min(self.backoff_max, self.backoff_factor * 2 ** (errors - 1)))

    def get_retry_after(self, response) -> float | None:
        try:
            return super().get_retry_after(response)
        except InvalidHeader:
            return None


def retry_after_seconds(
    value: str | None, default: float = 5.0, ceiling: float = 6 * 3600.0
) -> float:
    """Seconds asked by a ``Retry-After`` header (seconds or an HTTP date), at most
    ``ceiling``; ``default`` when there is none or it cannot be read."""
    if not value:
        return min(default, ceiling)
    try:
        return Retries(retry_after_max=int(ceiling)).parse_retry_after(value)
    except InvalidHeader:
        return min(default, ceiling)


@dataclass(frozen=True)
class Proxy:
    """An HTTP proxy to go through, with its own credential if any."""

    host: str
    port: int
    authorization: str | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"


def proxy_for(target: Target, environ: Mapping[str, str]) -> Proxy | None:
    """The proxy ``target`` is reached through, or None.

    As curl and requests: ``https_proxy`` (or ``HTTPS_PROXY``) for https links,
    ``http_proxy`` (or ``HTTP_PROXY``) for http ones, none for a host listed in
    ``no_proxy`` (or ``NO_PROXY``: ``*``, names matching their subdomains too,
    addresses, networks like ``10.0.0.0/8``). ``URLRefused`` for a proxy that is
    not a plain ``http://host:port``.
    """
    name = f"{target.scheme}_proxy"
    value = (environ.get(name) or environ.get(name.upper()) or "").strip()
    if not value or _bypassed(target, environ.get("no_proxy") or environ.get("NO_PROXY") or ""):
        return None
    try:
        parts = urlsplit(value if "://" in value else f"http://{value}")
        port = parts.port or 80
    except ValueError:
        raise URLRefused(f"The server's {name} setting is not a valid proxy address.") from None
    if parts.scheme != "http" or not parts.hostname:
        raise URLRefused(
            f"The server's {name} setting must be an http://host:port proxy "
            f"(got '{parts.scheme}:')."
        )
    authorization = None
    if parts.username is not None:
        pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
        authorization = "Basic " + base64.b64encode(pair.encode("utf-8")).decode("ascii")
    return Proxy(parts.hostname.lower(), port, authorization)


def _bypassed(target: Target, no_proxy: str) -> bool:
    """Whether ``no_proxy`` lists ``target``'s host (or a network holding it)."""
    for entry in no_proxy.replace(" ", "").lower().split(","):
        if entry == "*":
            return True
        name, port = split_host_port(entry)
        name = name.lstrip(".")
        if not name or (port and port != str(target.port)):
            continue
        if target.host == name or target.host.endswith("." + name):
            return True
        try:
            if ipaddress.ip_address(target.host) in ipaddress.ip_network(name, strict=False):
                return True
        except ValueError:
            continue
    return False


class Response:
    """Status, headers and the not-yet-read body of one response (blocking reads)."""

    def __init__(self, response: urllib3.BaseHTTPResponse):
        self._response = response
        self.status_code = response.status

    @property
    def headers(self) -> Mapping[str, str]:
        """The response's headers (case-insensitive keys)."""
        return self._response.headers

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or None."""
        values = self.header_list(name)
        return values[0] if values else None

    def header_list(self, name: str) -> list[str]:
        return self._response.headers.getlist(name)

    def readinto(self, buffer: memoryview) -> int:
        """Read the bytes of the body that have come (at most ``len(buffer)``) into
        ``buffer``; 0 at its end.

        One read of the connection (``read1``): what came before a cut is returned
        before the cut is raised, so a resume starts after it. ``NetworkError`` if the
        body stops early, stalls or the connection fails.
        """
        try:
            data = self._response.read1(len(buffer))
        except (HTTPError, OSError) as error:
            raise _body_error(error) from None
        buffer[: len(data)] = data
        return len(data)

    def read(self, limit: int) -> bytes:
        """Up to ``limit`` bytes of the body."""
        try:
            return self._response.read(limit)
        except (HTTPError, OSError) as error:
            raise _body_error(error) from None

    def abort(self) -> None:
        """Wake a read blocked in another thread (it then fails with ``NetworkError``)."""
        try:
            self._response.shutdown()
        except (OSError, ValueError, RuntimeError):
            pass  # already read to the end, released or closed

    def close(self) -> None:
        """Give the connection back to the pool when what is left of the body is short
        (a redirect's, an error page's), else close it."""
        remaining = self._response.length_remaining
        if remaining is not None and remaining <= DRAIN_LIMIT and not self._response.closed:
            self._response.drain_conn()
        else:
            self._response.close()
        self._response.release_conn()


class Transport:
    """Connection pools to the outside world under the site's network settings.

    ``environ`` is read for the proxy and CA bundle settings (the server's own
    environment in production, a chosen one in tests). Thread-safe.
    """

    def __init__(self, environ: Mapping[str, str]):
        self.environ = environ
        self._lock = threading.Lock()
        self._pools: dict[tuple[Proxy | None, bool], urllib3.PoolManager] = {}
        self._ssl: ssl.SSLContext | None = None
        # Where callers on the event loop run requests: a stalled connection ties up
        # one of these threads (until its timeout), never a thread of the server.
        self.executor = ThreadPoolExecutor(32, "hackweek-http")

    def ssl_context(self) -> ssl.SSLContext:
        """One verifying TLS context (loading CA files is slow): the site's CA bundle
        when its environment names one, else the system's CAs."""
        with self._lock:
            if self._ssl is None:
                names = [n for n in CA_BUNDLE_SETTINGS if self.environ.get(n)]
                bundle = self.environ[names[0]] if names else None
                try:
                    self._ssl = ssl.create_default_context(cafile=bundle)
                except (OSError, ssl.SSLError):
                    raise CaBundleUnreadable(
                        "The CA certificates named by the server's SSL_CERT_FILE (or "
                        "REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE) setting could not be read."
                    ) from None
            return self._ssl

    def request(
        self,
        method: str,
        target: Target,
        headers: Mapping[str, str],
        *,
        body: bytes | None = None,
        timeout: Timeout,
        retries: Retry | bool = False,
    ) -> Response:
        """Send one request to ``target`` and read the response head (blocking).

        Never follows a redirect. Raises ``URLRefused`` for an unusable proxy
        setting, ``ValueError`` for a header value holding a line break, else a
        ``NetworkError`` (``ConnectFailed``, ``ProxyRefused``, ``CertificateRefused``,
        ``CaBundleUnreadable``).
        """
        for name, value in headers.items():
            if any(c in value for c in "\r\n\x00"):
                raise ValueError(f"Header {name} contains a line break.")
        proxy = proxy_for(target, self.environ)
        pool = self._pool(proxy, target.scheme == "https")
        try:
            response = pool.urlopen(
                method,
                target.url,
                body=body,
                headers=dict(headers),
                redirect=False,
                retries=retries,
                timeout=timeout,
                preload_content=False,
                decode_content=False,
            )
        except MaxRetryError as error:
            raise _network_error(error.reason or error, target, proxy) from None
        except (HTTPError, OSError) as error:
            raise _network_error(error, target, proxy) from None
        return Response(response)

    def _pool(self, proxy: Proxy | None, secure: bool) -> urllib3.PoolManager:
        """The pools for one proxy (or none), for https or plain http targets; the CA
        bundle is loaded for the first https target only (a loopback test server
        costs no CA loading)."""
        key = (proxy, secure)
        with self._lock:
            pool = self._pools.get(key)
        if pool is not None:
            return pool
        tls = {"ssl_context": self.ssl_context()} if secure else {}
        if proxy is None:
            pool = urllib3.PoolManager(num_pools=16, maxsize=MAX_PER_HOST, **tls)
        else:
            headers = {"Proxy-Authorization": proxy.authorization} if proxy.authorization else None
            pool = urllib3.ProxyManager(
                proxy.url, num_pools=16, maxsize=MAX_PER_HOST, proxy_headers=headers, **tls
            )
        with self._lock:
            return self._pools.setdefault(key, pool)

    def close(self) -> None:
        """Close every pooled connection."""
        with self._lock:
            pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            pool.clear()
        self.executor.shutdown(wait=False)


def _network_error(error: BaseException, target: Target, proxy: Proxy | None) -> NetworkError:
    """The suite's error for a failure urllib3 reports."""
    if isinstance(error, ProxyError) and proxy is not None:
        cause = error.original_error if hasattr(error, "original_error") else error
        match = re.search(r"Tunnel connection failed: (\d{3})\s*(.*)", str(cause))
        if match:
            status = int(match.group(1))
            return ProxyRefused(
                f"The proxy ({proxy.host}) refused to connect to {target.host} "
                f"({status} {match.group(2)}).",
                retryable=status >= 500,
            )
        return ConnectFailed(
            f"The connection to the proxy {proxy.host} failed ({_cause_name(cause)})."
        )
    if isinstance(error, SSLError) and "CERTIFICATE_VERIFY_FAILED" in str(error):
        return CertificateRefused(f"The certificate of {target.host} could not be verified.")
    if isinstance(error, NewConnectionError):  # (a ConnectTimeoutError too, in urllib3)
        return ConnectFailed(f"The connection to {target.host} failed ({_cause_name(error)}).")
    if isinstance(error, ConnectTimeoutError):
        return ConnectTimedOut(f"The connection to {target.host} failed (TimeoutError).")
    return _body_error(error)


def _body_error(error: BaseException) -> NetworkError:
    """The suite's error for a failure while reading a response."""
    if isinstance(error, ReadTimeoutError | TimeoutError):
        return TimedOut("The server stopped sending.")
    text = str(error)
    if "IncompleteRead" in text or "Connection broken" in text:
        return NetworkError("The connection closed before the end of the file.")
    return NetworkError(f"The connection failed ({_cause_name(error)}).")


def _cause_name(error: BaseException) -> str:
    """The name of the innermost cause (``ConnectionRefusedError``, ``TimeoutError``...)."""
    while error.__context__ is not None and isinstance(error, HTTPError):
        error = error.__context__
    return type(error).__name__
