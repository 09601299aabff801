"""Which URLs the server may fetch: the suite's policy above the transport.

Only hosts on an allow-list are contacted (no client-chosen address can make the
server reach an internal service), URLs carrying a user name or password are
refused, and redirects are checked hop by hop with the same rules. Only https is
spoken, except plain http to a loopback address where a setting allows it (the
test and demo fakes). Where credentials may go is decided by each flow's context
with ``host_matches`` (the downloads' ``transfer.Context``).
"""

from __future__ import annotations

import fnmatch
import ipaddress
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

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
        name, port = split_host_port(pattern)
        wanted_port = int(port) if port else default_port
        if wanted_port != target.port:
            continue
        if name.startswith("*."):
            if target.host.endswith(name[1:]) and fnmatch.fnmatchcase(target.host, name):
                return True
        elif target.host == name:
            return True
    return False


def split_host_port(pattern: str) -> tuple[str, str]:
    """``(host, port)`` of 'host', 'host:port', '[v6]' or '[v6]:port'; port '-1' when it
    is not a number."""
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
