"""One file's HTTP transfer through Earthdata Login, with manual redirects and resume.

The real flow: data host → 302 to Earthdata Login ``/oauth/authorize`` → the user
name and password there (Basic) → 302 back to the data host with a code → the
data host sets a session cookie and redirects to the file. Redirects are followed
by hand so that every hop is checked against the allowed hosts and credentials
are only sent to Earthdata Login (user name/password, token) and the allowed data
hosts (token, session cookies).
"""

from __future__ import annotations

import asyncio
import functools
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

from urllib3.util import Timeout

from ..outbound import transport
from ..outbound.policy import Target, URLRefused, check_granule_url, follow, host_matches, parse
from ..outbound.transport import Response, Transport, retry_after_seconds
from .credentials import Credential
from .partial import HTML_MESSAGE, PartialFile, Worker

MAX_HOPS = 10
READ_BLOCK = 1 << 20
PROGRESS_INTERVAL = 0.1
LICENCE_PATHS = ("/approve_app", "/accept_eula", "eula")


class TransferError(Exception):
    """A transfer that stopped; ``message`` is written for a scientist.

    ``retryable`` errors keep the temporary file so the next attempt resumes;
    ``retry_after`` is the wait the server asked for, in seconds.
    """

    def __init__(
        self,
        kind: str,
        message: str,
        *,
        retryable: bool = False,
        retry_after: float | None = None,
        link: str | None = None,
    ):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.retryable = retryable
        self.retry_after = retry_after
        self.link = link


@dataclass
class Context:
    """What every transfer of a manager shares: hosts, credential, session cookies."""

    allowed_hosts: list[str]
    redirect_hosts: list[str]
    login_url: str
    transport: Transport = field(repr=False)
    credential: Credential | None = None
    allow_insecure_loopback: bool = False
    connect_timeout: float = 30.0
    idle_timeout: float = 120.0
    cookies: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def login(self) -> Target:
        return parse(self.login_url, self.allow_insecure_loopback)

    def is_login(self, target: Target) -> bool:
        login = self.login
        return (target.host, target.port) == (login.host, login.port)

    def headers(self, target: Target, offset: int, validator: str | None) -> dict[str, str]:
        """Request headers for ``target``: credentials and cookies only where they belong.

        A resume asks for the rest of the file (``Range``) only if it is still the
        same file (``If-Range``), else the server sends it whole.
        """
        headers = {"Accept-Encoding": "identity", "User-Agent": "jupyterlab-hackweek"}
        if offset:
            headers["Range"] = f"bytes={offset}-"
            if validator:
                headers["If-Range"] = validator
        trusted = host_matches(target, self.allowed_hosts)
        if self.credential is not None:
            if self.is_login(target):
                headers["Authorization"] = self.credential.login_header()
            elif trusted and self.credential.data_header():
                headers["Authorization"] = self.credential.data_header()
        jar = self.cookies.get(target.netloc) if trusted or self.is_login(target) else None
        if jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        return headers

    def keep_cookies(self, target: Target, response: Response) -> None:
        """Remember session cookies set by Earthdata Login or an allowed data host."""
        if not (host_matches(target, self.allowed_hosts) or self.is_login(target)):
            return
        for header in response.header_list("set-cookie"):
            cookie = SimpleCookie()
            try:
                cookie.load(header)
            except Exception:  # noqa: BLE001, S112 (a malformed cookie is ignored)
                continue
            jar = self.cookies.setdefault(target.netloc, {})
            for name, morsel in cookie.items():
                jar[name] = morsel.value


def is_licence_url(target: Target) -> bool:
    """Whether a URL is Earthdata Login's page for authorising an app or accepting a EULA."""
    path = urlsplit(target.url).path.lower()
    return any(marker in path for marker in LICENCE_PATHS)


def licence_error(link: str | None) -> TransferError:
    return TransferError(
        "licence",
        "NSIDC needs you to accept its data licence (authorise the 'NSIDC data' application) "
        "in Earthdata Login once before these files can be downloaded. Open the link, accept, "
        "then press Retry.",
        link=link,
    )


def public_link(target: Target) -> str:
    """A link safe to show: scheme, host and path only (no codes or tokens)."""
    parts = urlsplit(target.url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


async def fetch(
    context: Context,
    url: str,
    partial: PartialFile,
    worker: Worker,
    progress: Callable[[int], None],
    validator: list[str | None],
) -> None:
    """Fetch ``url`` into ``partial``, resuming from its current size.

    ``validator`` holds the ETag/Last-Modified of the file being resumed (updated
    in place when a response starts a body). Returns when the body has been
    received in full; the caller verifies it. Raises ``TransferError`` (or
    ``OSError`` from the disk).
    """
    target = check_granule_url(url, context.allowed_hosts, context.allow_insecure_loopback)
    timeout = Timeout(connect=context.connect_timeout, read=context.idle_timeout)
    for _hop in range(MAX_HOPS):
        headers = context.headers(target, partial.size, validator[0])
        response = await send(context.transport, target, headers, timeout)
        try:
            context.keep_cookies(target, response)
            next_target = await _answer(
                context, target, response, partial, worker, progress, validator
            )
        except transport.NetworkError as error:
            raise TransferError("cut", f"{target.host}: {error}", retryable=True) from None
        except asyncio.CancelledError:
            response.abort()  # the worker thread's blocked read ends at once
            await worker.drain()
            raise
        finally:
            response.close()
        if next_target is None:
            return
        target = next_target
    raise TransferError("redirects", "The data server redirected the download too many times.")


async def send(
    outbound: Transport,
    target: Target,
    headers: dict[str, str],
    timeout: Timeout,
    *,
    method: str = "GET",
    body: bytes | None = None,
) -> Response:
    """Send the request and read the response head in a thread of its own.

    A stop while connecting or waiting for the head returns at once: the thread
    ends by itself within the timeouts, and the response it may still get is closed.
    """
    sending = asyncio.get_running_loop().run_in_executor(
        outbound.executor,
        functools.partial(outbound.request, method, target, headers, body=body, timeout=timeout),
    )
    try:
        return await asyncio.shield(sending)
    except asyncio.CancelledError:
        sending.add_done_callback(
            lambda done: done.cancelled() or done.exception() or done.result().close()
        )
        raise
    except URLRefused as error:  # the site's proxy setting
        raise TransferError("proxy", str(error)) from None
    except transport.CaBundleUnreadable as error:
        raise TransferError("tls", str(error)) from None
    except transport.CertificateRefused as error:
        raise TransferError("tls", str(error)) from None
    except transport.ProxyRefused as error:
        raise TransferError("proxy", str(error), retryable=error.retryable) from None
    except transport.ConnectFailed as error:
        raise TransferError("cut", str(error), retryable=True) from None
    except transport.NetworkError as error:
        raise TransferError("cut", f"{target.host}: {error}", retryable=True) from None


async def _answer(context, target, response, partial, worker, progress, validator) -> Target | None:
    """Handle one response: the next hop's target, or None once the body is stored."""
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        next_target = follow(
            target.url,
            response.header("location") or "",
            context.allowed_hosts,
            context.redirect_hosts,
            context.allow_insecure_loopback,
        )
        if context.is_login(next_target) and is_licence_url(next_target):
            raise licence_error(public_link(next_target))
        return next_target
    if status == 401:
        if context.credential is None:
            raise TransferError("login", "These files need an Earthdata Login. Log in and retry.")
        raise TransferError(
            "login",
            "Earthdata Login refused your credentials (wrong user name or password, or an "
            "expired token). Log in again, then press Retry.",
            link=context.login_url,
        )
    if status == 404:
        raise TransferError(
            "not_found",
            "NSIDC no longer has this file (404). The granule was probably replaced by a newer "
            "processing version: search again and download the current one.",
        )
    if status in (429, 503):
        raise TransferError(
            "throttled",
            "The data server is busy and asked to wait before retrying.",
            retryable=True,
            retry_after=retry_after_seconds(response.header("retry-after")),
        )
    if status == 403 and context.is_login(target):
        raise licence_error(context.login_url + "/profile")
    if status >= 500:
        raise TransferError("server", f"The data server had an error ({status}).", retryable=True)
    if status == 416 and _range_total(response.header("content-range")) == partial.size:
        return None  # everything was already received before a stop
    if status not in (200, 206):
        raise TransferError("refused", f"The data server refused the download ({status}).")
    content_type = (response.header("content-type") or "").lower()
    if content_type.startswith(("text/html", "application/xhtml")):
        page = (await _read_page(response, worker)).lower()
        if is_licence_url(target) or "approve" in page or "eula" in page:
            raise licence_error(public_link(target) if context.is_login(target) else None)
        raise TransferError("html", HTML_MESSAGE, link=context.login_url)
    if status == 206:
        start = _range_start(response.header("content-range") or "")
        if start != partial.size:
            raise TransferError(
                "server", "The data server resumed at the wrong place.", retryable=True
            )
    elif partial.size:
        await worker.run(partial.restart)
    validator[0] = _validator(response)
    await _stream(response, partial, worker, progress)
    return None


async def _read_page(response: Response, worker: Worker) -> str:
    """Up to 64 kB of an HTML page, decoded ('' when it cannot be read)."""
    try:
        data = await worker.run(response.read, 65536)
    except transport.NetworkError:
        return ""
    return data.decode("utf-8", "replace")


def _validator(response: Response) -> str | None:
    """A strong ETag, else Last-Modified: what ``If-Range`` compares."""
    etag = response.header("etag")
    if etag and not etag.startswith("W/"):
        return etag
    return response.header("last-modified")


def _range_total(content_range: str | None) -> int | None:
    match = re.match(r"bytes\s+\*/(\d+)$", (content_range or "").strip())
    return int(match.group(1)) if match else None


def _range_start(content_range: str) -> int | None:
    match = re.match(r"bytes\s+(\d+)-\d+/(\d+|\*)", content_range.strip())
    return int(match.group(1)) if match else None


async def _stream(response, partial: PartialFile, worker: Worker, progress) -> None:
    """Copy the body to ``partial`` in a worker thread, reporting progress on the loop."""
    loop = asyncio.get_running_loop()
    await worker.run(
        _copy_body, response, partial, lambda n: loop.call_soon_threadsafe(progress, n)
    )


def _copy_body(response: Response, partial: PartialFile, report) -> None:
    """Read the body into one reused buffer and append each block as it comes (so a cut
    keeps every byte received); runs in a worker thread."""
    block = memoryview(bytearray(READ_BLOCK))
    reported = time.monotonic()
    while count := response.readinto(block):
        partial.append(block[:count])
        if time.monotonic() - reported >= PROGRESS_INTERVAL:
            report(partial.size)
            reported = time.monotonic()
    report(partial.size)
