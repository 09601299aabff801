"""The server's calls to NASA Harmony: capabilities, submitting an order, its job.

Through the outbound transport, like every download, with the downloads'
``Context``: the Earthdata credential goes to Harmony as a bearer token when the
user has one; with a user name and password, Harmony's Earthdata Login redirect
is followed by hand (each hop checked by ``outbound.policy``, the password sent
to Earthdata Login only) and its session cookie kept. Only the host of
``Harmony.url`` is ever asked. A failure is a ``TransferError`` whose message is
Harmony's own description where it gave one.
"""

from __future__ import annotations

import asyncio
import functools
import json
import re
from urllib.parse import urlencode

from urllib3 import encode_multipart_formdata
from urllib3.util import Timeout

from ..outbound import transport
from ..outbound.policy import URLRefused, follow, parse
from ..outbound.transport import retry_after_seconds
from .order import Order, form_fields
from .transfer import MAX_HOPS, Context, TransferError, send

#: Largest Harmony reply read (a job page lists up to 2,000 links).
MAX_REPLY = 8 * 1024 * 1024
REDIRECTS = (301, 302, 303, 307, 308)
JOB_PATH = re.compile(r"/jobs/([0-9A-Fa-f-]{36})(?:[?#]|$)")


class HarmonyClient:
    """Harmony at ``url`` (scheme, host and optional port), asked on the context's behalf."""

    def __init__(self, url: str, context: Context):
        self.root = parse(url.rstrip("/"), context.allow_insecure_loopback)
        self.context = context

    @property
    def host(self) -> str:
        """Harmony's ``host:port``: the manager adds it to the allowed hosts (credentials,
        cookies, result links)."""
        return self.root.netloc

    async def capabilities(self, collection_id: str) -> dict:
        return await self.call("GET", "/capabilities?" + urlencode({"collectionId": collection_id}))

    async def submit(self, order: Order) -> str:
        """Submit the order; the new job's id (Harmony answers 303 to the job, which is not
        followed here: a busy Harmony's 429 on that page must not lose the job)."""
        body, content_type = encode_multipart_formdata(form_fields(order))
        if self.context.credential is not None and not self.context.credential.token:
            await self.call("GET", "/jobs?" + urlencode({"page": 1, "limit": 1}))  # log in
        path = (
            f"/{order.collection_id}/ogc-api-coverages/1.0.0/collections/parameter_vars/"
            "coverage/rangeset"
        )
        reply = await self.call("POST", path, body=body, content_type=content_type, see_other=False)
        match = JOB_PATH.search(reply.get("location", "")) if "location" in reply else None
        job_id = match.group(1) if match else reply.get("jobID")
        if not isinstance(job_id, str):
            raise TransferError("server", "Harmony's answer to the order named no job.")
        return job_id

    async def job(self, job_id: str, page_url: str | None = None) -> dict:
        """A job's state and one page of its links (``page_url``: a ``next`` link)."""
        if page_url is not None:
            return await self.call("GET", page_url)
        return await self.call("GET", f"/jobs/{job_id}?" + urlencode({"linktype": "https"}))

    async def act(self, job_id: str, action: str) -> dict:
        """``pause``, ``resume`` or ``cancel`` the job; Harmony answers with the job."""
        return await self.call("POST", f"/jobs/{job_id}/{action}")

    async def call(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        content_type: str = "",
        see_other: bool = True,
    ) -> dict:
        """One Harmony request and its redirects; the JSON reply (``{"location"}`` for a
        303 when ``see_other`` is false)."""
        context = self.context
        target = parse(path if "://" in path else self.root.url + path, self._loopback)
        if (target.host, target.port) != (self.root.host, self.root.port):
            raise TransferError("refused", f"Harmony sent a link to another host ({target.host}).")
        timeout = Timeout(connect=context.connect_timeout, read=context.idle_timeout)
        for _hop in range(MAX_HOPS):
            headers = context.headers(target, 0, None)
            headers["Accept"] = "application/json"
            sending = body if method != "GET" else None
            if sending is not None:
                headers["Content-Type"] = content_type or "application/json"
            response = await send(
                context.transport, target, headers, timeout, method=method, body=sending
            )
            try:
                context.keep_cookies(target, response)
                status = response.status_code
                if status == 303 and not see_other:
                    return {"location": response.header("location") or ""}
                if status in REDIRECTS:
                    try:
                        target = follow(
                            target.url,
                            response.header("location") or "",
                            context.allowed_hosts,
                            [],
                            self._loopback,
                        )
                    except URLRefused as refusal:
                        raise TransferError("refused", str(refusal)) from None
                    if status == 303 or (status in (301, 302) and method == "POST"):
                        method, body = "GET", None
                    continue
                data = await self._read(response)
            finally:
                response.close()
            return self._answer(status, response.header("retry-after"), data, target)
        raise TransferError("redirects", "Harmony redirected the request too many times.")

    @property
    def _loopback(self) -> bool:
        return self.context.allow_insecure_loopback

    async def _read(self, response) -> bytes:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(
                self.context.transport.executor, functools.partial(response.read, MAX_REPLY)
            )
        except transport.NetworkError as error:
            raise TransferError("cut", f"Harmony: {error}", retryable=True) from None

    def _answer(self, status: int, retry_after: str | None, data: bytes, target) -> dict:
        try:
            reply = json.loads(data)
        except ValueError:
            reply = None
        if 200 <= status < 300 and isinstance(reply, dict):
            return reply
        described = reply.get("description") if isinstance(reply, dict) else None
        words = str(described).removeprefix("Error: ") if described else ""
        if status in (401, 403) or (reply is None and b"Earthdata Login" in data[:65536]):
            login = self.context.login_url
            if self.context.credential is None:
                raise TransferError(
                    "login", "Harmony needs an Earthdata Login. Log in and retry.", link=login
                )
            raise TransferError(
                "login",
                "Earthdata Login refused your credentials for Harmony (wrong user name or "
                "password, or an expired token). Log in again, then retry."
                + (f" Harmony said: {words}" if words else ""),
                link=login,
            )
        if status == 429 or status >= 500:
            raise TransferError(
                "throttled" if status == 429 else "server",
                f"Harmony is busy or had an error ({status}); the server will ask again."
                + (f" Harmony said: {words}" if words else ""),
                retryable=True,
                retry_after=retry_after_seconds(retry_after),
            )
        if status == 404:
            raise TransferError("not_found", words or "Harmony does not know this job (404).")
        if status == 409:
            raise TransferError("conflict", words or "Harmony cannot do that to the job now.")
        raise TransferError(
            "refused",
            f"Harmony refused the request ({status})" + (f": {words}" if words else "."),
        )
