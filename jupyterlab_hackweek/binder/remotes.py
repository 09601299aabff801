"""Normalise git remote URLs into credential-free ``https://host/path`` form.

Pure functions, no I/O. The user-info part of a URL (``user:token@``) is always
dropped, so a token in ``remote.origin.url`` never reaches a link, a log or the
browser.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_NETWORK_SCHEMES = {"http", "https", "ssh", "git", "git+ssh", "ssh+git"}
_SCP_FORM = re.compile(r"^(?:[^@/]+@)?(?P<host>[^:/\\]{2,}):(?P<path>[^/\\].*)$")


def normalise_remote(url: str) -> str | None:
    """Return ``https://host/path`` for a network remote, or ``None`` for a local one.

    ``git@github.com:o/r.git``, ``ssh://git@github.com/o/r`` and
    ``https://u:ghp_x@GitHub.com/o/r.git/`` all become ``https://github.com/o/r``:
    user info, ports of ssh remotes, query, fragment, a trailing ``/`` and
    ``.git`` are dropped and the host is lower-cased.
    """
    url = url.strip()
    if "://" in url:
        try:
            parts = urlsplit(url)
            host = parts.hostname
            port = parts.port
        except ValueError:
            return None
        if parts.scheme.lower() not in _NETWORK_SCHEMES or not host:
            return None
        keep_port = parts.scheme.lower() in ("http", "https") and port not in (None, 80, 443)
        netloc = f"[{host}]" if ":" in host else host
        netloc = f"{netloc}:{port}" if keep_port else netloc
        path = parts.path
    else:
        match = _SCP_FORM.match(url)
        if not match:
            return None
        netloc = match["host"].lower()
        path = match["path"].split("?")[0].split("#")[0]
    path = path.strip("/")
    if path.endswith(".git"):
        path = path[: -len(".git")].rstrip("/")
    if not path:
        return None
    return f"https://{netloc}/{path}"
