"""``NsidcSearch``: the configured CMR client behind the data-search routes.

The server only ever talks to ``cmr_url``: requests are built from that
setting and validated fields (:mod:`.params`), redirects are not followed,
and no client-supplied URL or host is read. Requests go through the suite's one
outbound transport (:mod:`jupyterlab_hackweek.outbound`: the site's proxy and CA
bundle, urllib3's retries with ``Retry-After``) on its threads, so the event loop
never blocks.
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import time
import urllib.parse
from dataclasses import dataclass

from traitlets import Any, Bool, Float, Int, TraitError, Unicode, default, validate
from traitlets.config import Configurable
from urllib3.util import Timeout

from ..errors import Refused
from ..outbound import transport
from ..outbound.policy import URLRefused, parse
from ..outbound.transport import Retries, Transport
from . import normalize, params

DEFAULT_CMR = "https://cmr.earthdata.nasa.gov"
MAX_BODY = 200 * 1024 * 1024
RETRIED_STATUSES = (429, 500, 502, 503)


class CmrError(Refused):
    """CMR gave no usable answer: ``status`` for the route's reply, ``message`` for people."""


@dataclass
class CmrReply:
    """A successful CMR answer: the parsed JSON body and the headers the routes pass on."""

    body: dict
    hits: int | None
    search_after: str | None
    timed_out: bool = False


def cmr_message(body: bytes, status: int) -> str:
    """The text of CMR's ``{"errors": [...]}`` body (or a plain summary when it is not one)."""
    if 300 <= status < 400:
        return f"NASA CMR answered with a redirect (HTTP {status}); redirects are not followed."
    try:
        errors = json.loads(body.decode("utf-8")).get("errors")
    except (UnicodeDecodeError, ValueError, AttributeError):
        errors = None
    if isinstance(errors, list) and errors:
        text = " ".join(str(e) for e in errors)
    elif isinstance(errors, str) and errors:
        text = errors
    else:
        text = "no error message"
    prefix = "NASA CMR refused the search" if status < 500 else f"NASA CMR failed (HTTP {status})"
    return f"{prefix}: {text}"[:2000]


class NsidcSearch(Configurable):
    """Search NASA's Common Metadata Repository for NSIDC collections and granules."""

    cmr_url = Unicode(
        help="Base URL of the CMR to search (no path below /search). Only https, or http to a "
        "loopback address for a local test CMR. Default: $HACKWEEK_CMR_URL or "
        "https://cmr.earthdata.nasa.gov."
    ).tag(config=True)
    client_id = Unicode(
        "jupyterlab-hackweek", help="The Client-Id header sent to CMR, so NASA can see who asks."
    ).tag(config=True)
    timeout = Float(60.0, help="Seconds to wait for one CMR answer before replying 504.").tag(
        config=True
    )
    max_retries = Int(3, help="Retries after a CMR 429 or 5xx answer.").tag(config=True)
    backoff = Float(
        0.5, help="First wait in seconds before retrying a 5xx; doubles each time."
    ).tag(config=True)
    max_retry_wait = Float(
        10.0, help="Longest wait in seconds for one retry, whatever CMR's Retry-After says."
    ).tag(config=True)
    cache_ttl = Float(600.0, help="Seconds a collection look-up is kept in memory.").tag(
        config=True
    )
    max_get_length = Int(
        6000, help="Longest query string sent as GET; longer queries are POSTed form-encoded."
    ).tag(config=True)
    environ = Any(
        help="Where the proxy and CA bundle settings are read (default: the server's "
        "environment; tests give their own)."
    )
    in_aws_region = Bool(
        help="Whether this server runs in AWS us-west-2, where CMR's s3:// links work. "
        "Default: AWS_REGION (or AWS_DEFAULT_REGION) is us-west-2."
    ).tag(config=True)

    @default("cmr_url")
    def _default_cmr_url(self) -> str:
        return os.environ.get("HACKWEEK_CMR_URL") or DEFAULT_CMR

    @default("environ")
    def _default_environ(self):
        return os.environ

    @default("in_aws_region")
    def _default_in_aws(self) -> bool:
        region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
        return region == "us-west-2"

    @validate("cmr_url")
    def _check_cmr_url(self, proposal) -> str:
        url = urllib.parse.urlsplit(proposal["value"].strip())
        try:
            parse(proposal["value"].strip(), allow_insecure_loopback=True)
        except URLRefused:
            url = None
        if url is None or url.query or url.fragment:
            raise TraitError(
                "cmr_url must be a plain https base URL (or http to a loopback test server) "
                "such as https://cmr.earthdata.nasa.gov."
            )
        return urllib.parse.urlunsplit((url.scheme, url.netloc, url.path.rstrip("/"), "", ""))

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._cache: dict[tuple, tuple[float, dict]] = {}
        self.transport = Transport(self.environ)

    async def granules(self, query: list[tuple[str, str]], search_after: str | None) -> dict:
        """One page of compact granules: ``{"hits", "searchAfter", "timedOut", "granules",
        "polygon", "versions"}``.

        ``timedOut``: CMR stopped early (``CMR-Timed-Out: true``) and the page may be
        partial. ``polygon``: the ring searched, ``[[lon, lat], ...]`` closed and
        counter-clockwise as CMR wants it (the one place a ring is oriented), or None.
        ``versions``: see :meth:`matched_versions`.
        """
        reply = await self._search("granules", query, search_after)
        granules = await asyncio.to_thread(normalize.granule_page, reply.body, self.in_aws_region)
        polygon = dict(query).get("polygon")
        return {
            "hits": reply.hits,
            "searchAfter": reply.search_after,
            "timedOut": reply.timed_out,
            "granules": granules,
            "polygon": params.polygon_points(polygon) if polygon else None,
            "versions": await self.matched_versions(query),
        }

    async def matched_versions(self, query: list[tuple[str, str]]) -> list[str] | None:
        """Which of the version spellings searched (``6``, ``06``, ``006``) CMR holds for the
        product at the providers searched, so code can name the one that matched: all the
        spellings (the very query the panel sent) when CMR holds none, when only one was
        searched, or when the collections could not be asked; None without a version.
        Asks CMR's collections (cached for ``cache_ttl``)."""
        spellings = [value for key, value in query if key == "version"]
        if len(spellings) < 2:
            return spellings or None
        keep = ("short_name", "version", "provider")
        try:
            found = await self.collections([(k, v) for k, v in query if k in keep])
        except CmrError:
            return spellings
        held = {c["version"] for c in found["collections"]}
        return [v for v in spellings if v in held] or spellings

    async def collections(self, query: list[tuple[str, str]]) -> dict:
        """Collections and versions per short name, cached for ``cache_ttl`` seconds."""
        key = (self.cmr_url, tuple(query))
        cached = self._cache.get(key)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        reply = await self._search("collections", query, None)
        result = normalize.collections(reply.body)
        result["hits"] = reply.hits
        if len(self._cache) > 256:
            self._cache.clear()
        self._cache[key] = (time.monotonic() + self.cache_ttl, result)
        return result

    async def _search(self, kind: str, query, search_after: str | None) -> CmrReply:
        headers = {"Client-Id": self.client_id, "Accept": "application/json"}
        if search_after:
            headers["CMR-Search-After"] = search_after
        loop = asyncio.get_running_loop()
        status, reply_headers, body = await loop.run_in_executor(
            self.transport.executor,
            functools.partial(self._send, kind, urllib.parse.urlencode(query), headers),
        )
        if status != 200:
            raise CmrError(self._route_status(status), cmr_message(body, status))
        return self._reply(reply_headers, body)

    @staticmethod
    def _route_status(status: int) -> int:
        if status == 504:
            return 504
        if 400 <= status < 500 and status not in (401, 403, 407, 429):
            return status
        return 502

    @staticmethod
    def _reply(headers, body: bytes) -> CmrReply:
        try:
            parsed = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise CmrError(502, "NASA CMR answered with something that is not JSON.") from None
        hits = headers.get("CMR-Hits")
        return CmrReply(
            body=parsed if isinstance(parsed, dict) else {},
            hits=int(hits) if hits and hits.isdigit() else None,
            search_after=headers.get("CMR-Search-After") or None,
            timed_out=(headers.get("CMR-Timed-Out") or "").lower() == "true",
        )

    def _send(self, kind: str, encoded: str, headers: dict) -> tuple[int, dict, bytes]:
        """One search (GET, or a form POST when the query is long), retried by urllib3
        after a 429 or 5xx (waiting ``Retry-After``, at most ``max_retry_wait``). Blocking."""
        url = f"{self.cmr_url}/search/{kind}.json"
        body = None
        if len(encoded) > self.max_get_length:
            body = encoded.encode("ascii")
            headers = {**headers, "Content-Type": "application/x-www-form-urlencoded"}
        else:
            url = f"{url}?{encoded}"
        retries = Retries(
            total=self.max_retries,
            connect=0,
            read=0,
            other=0,
            redirect=False,
            status_forcelist=RETRIED_STATUSES,
            allowed_methods=None,  # a search changes nothing: POST is retried too
            backoff_factor=self.backoff,
            backoff_max=self.max_retry_wait,
            retry_after_max=max(0, int(self.max_retry_wait)),
            raise_on_status=False,
        )
        timeout = Timeout(connect=self.timeout, read=self.timeout)
        method = "POST" if body is not None else "GET"
        try:
            target = parse(url, allow_insecure_loopback=True)
            response = self.transport.request(
                method, target, headers, body=body, timeout=timeout, retries=retries
            )
        except URLRefused as error:  # the site's proxy setting
            raise CmrError(502, f"NASA CMR could not be reached: {error}") from None
        except transport.TimedOut:
            raise CmrError(504, f"NASA CMR did not answer within {self.timeout:g} s.") from None
        except transport.NetworkError as error:
            raise CmrError(502, f"NASA CMR could not be reached: {error}") from None
        try:
            limit = MAX_BODY if response.status_code == 200 else 64 * 1024
            return response.status_code, response.headers, response.read(limit)
        except transport.TimedOut:
            raise CmrError(504, f"NASA CMR did not answer within {self.timeout:g} s.") from None
        except transport.NetworkError as error:
            raise CmrError(502, f"NASA CMR could not be reached: {error}") from None
        finally:
            response.close()
