"""Which URLs a download may fetch, and where credentials may go.

Only hosts on an allow-list are contacted (no client-chosen address can make the
server reach an internal service), URLs carrying a user name or password are
refused, and redirects are checked hop by hop with the same rules. Behind a
site's HTTP proxy, connections go through it as curl and requests do it, from
``https_proxy``/``http_proxy`` and ``no_proxy`` in the server's environment.
"""

from __future__ import annotations

import base64
import fnmatch
import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit

LOOPBACK_NAMES = ("127.0.0.1", "::1", "localhost")


class URLRefused(ValueError):
    """A URL the downloader will not fetch; the message is written for a scientist."""


@dataclass(frozen=True)
class Target:
    """A checked URL: scheme, lowercase host, port (explicit or default)."""

    url: str
    scheme: str
    host: str
    port: int

    @property
    def netloc(self) -> str:
        """``host:port`` as used to compare hosts."""
        return f"{self.host}:{self.port}"


def parse(url: str, allow_insecure_loopback: bool = False) -> Target:
    """Split ``url`` and refuse anything that is not a plain https URL."""
    if not isinstance(url, str) or not url:
        raise URLRefused("A granule has no download link.")
    if len(url) > 4096:
        raise URLRefused("A download link is longer than 4096 characters.")
    if any(ord(c) < 33 or ord(c) == 127 for c in url):
        raise URLRefused("A download link contains spaces or control characters.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise URLRefused("A download link is not a valid URL.") from None
    scheme = parts.scheme.lower()
    if "@" in parts.netloc or parts.username is not None or parts.password is not None:
        raise URLRefused("Download links must not contain a user name or password.")
    host = (parts.hostname or "").lower()
    if not host:
        raise URLRefused("A download link has no host name.")
    if scheme == "http" and allow_insecure_loopback and is_loopback(host):
        return Target(url, scheme, host, port or 80)
    if scheme != "https":
        raise URLRefused(f"Only https download links are accepted (got '{scheme}:').")
    return Target(url, scheme, host, port or 443)


def is_loopback(host: str) -> bool:
    """True for the literal loopback names (no DNS lookup, no numeric tricks)."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback and host.count(".") in (0, 3)
    except ValueError:
        return False


def host_matches(target: Target, patterns: list[str] | tuple[str, ...]) -> bool:
    """Whether ``target`` is one of ``patterns`` ('host', 'host:port' or '*.suffix').

    A pattern without a port matches the scheme's default port only.
    """
    default_port = 443 if target.scheme == "https" else 80
    for pattern in patterns:
        pattern = pattern.strip().lower()
        name, port = _split_pattern(pattern)
        wanted_port = int(port) if port else default_port
        if wanted_port != target.port:
            continue
        if name.startswith("*."):
            if target.host.endswith(name[1:]) and fnmatch.fnmatchcase(target.host, name):
                return True
        elif target.host == name:
            return True
    return False


def _split_pattern(pattern: str) -> tuple[str, str]:
    """``(host, port)`` of 'host', 'host:port', '[v6]' or '[v6]:port'."""
    if pattern.startswith("["):
        host, _, rest = pattern[1:].partition("]")
        return host, rest.lstrip(":")
    if pattern.count(":") == 1:
        host, _, port = pattern.partition(":")
        return host, port if port.isdigit() else "-1"
    return pattern, ""


def check_granule_url(url: str, allowed_hosts, allow_insecure_loopback: bool = False) -> Target:
    """The checked target of a granule link, or ``URLRefused`` when its host is not allowed."""
    target = parse(url, allow_insecure_loopback)
    if not host_matches(target, allowed_hosts):
        raise URLRefused(
            f"Downloads are only allowed from the NSIDC/Earthdata data servers; "
            f"'{target.host}' is not one of them."
        )
    return target


def follow(
    current: str, location: str, allowed_hosts, redirect_hosts, allow_insecure_loopback=False
) -> Target:
    """The checked target of a redirect from ``current`` to ``location``."""
    if not location:
        raise URLRefused("The data server sent a redirect without a destination.")
    url = urljoin(current, location)
    host = (urlsplit(url).hostname or "").lower()
    if not any(
        host_matches(Target(url, "https", host, urlsplit(url).port or 443), hosts)
        or host_matches(Target(url, "http", host, urlsplit(url).port or 80), hosts)
        for hosts in (allowed_hosts, redirect_hosts)
    ):
        raise URLRefused(
            f"The data server redirected the download to '{host}', which is not an "
            "allowed data host; the download was stopped."
        )
    target = parse(url, allow_insecure_loopback)
    if not (host_matches(target, allowed_hosts) or host_matches(target, redirect_hosts)):
        raise URLRefused(
            f"The data server redirected the download to '{target.host}', which is not an "
            "allowed data host; the download was stopped."
        )
    return target


@dataclass(frozen=True)
class Proxy:
    """An HTTP proxy to tunnel through (``CONNECT``), with its own credential if any."""

    host: str
    port: int
    authorization: str | None = field(default=None, repr=False)


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
        name, port = _split_pattern(entry)
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
