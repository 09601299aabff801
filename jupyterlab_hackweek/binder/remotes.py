"""Normalise git remote URLs into the credential-free URL others can clone.

Pure functions, no I/O. The user-info part of a URL (``user:token@``), the
query and the fragment are always dropped, so a token in ``remote.origin.url``
never reaches a link, a log or the browser.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

#: The hosts with a BinderHub provider of their own (``gh``, ``gl``, ``gist``):
#: their repositories are named ``https://host/path`` without ``.git``.
FORGES = frozenset({"github.com", "gitlab.com", "gist.github.com"})

_NETWORK_SCHEMES = {"http", "https", "ssh", "git", "git+ssh", "ssh+git"}
_DEFAULT_PORTS = {"http": 80, "https": 443, "git": 9418}
_SCP_FORM = re.compile(r"^(?:[^@/]+@)?(?P<host>[^:/\\]{2,}):(?P<path>[^/\\].*)$")


def normalise_remote(url: str) -> str | None:
    """Return the URL others can clone the remote from, or ``None`` when there is none.

    On GitHub, GitLab and gists (``FORGES``) every form becomes
    ``https://host/owner/repo``: ``git@github.com:o/r.git``,
    ``ssh://git@github.com/o/r`` and ``https://u:ghp_x@GitHub.com/o/r.git/`` all
    become ``https://github.com/o/r``.

    Any other host is a plain git server, cloned by BinderHub's ``git`` provider
    and by nbgitpuller with the URL as given, so the URL stays as cloned: an
    ``http``, ``https`` or ``git`` (git daemon, anonymous by design) URL keeps
    its scheme, its port and a ``.git`` suffix as the remote had it.

    An ``ssh://`` or scp-form (``git@host:path``) remote of a plain server
    cannot be cloned anonymously: ssh needs a key that neither BinderHub nor the
    hub user has. Forge software (self-hosted GitLab, Gitea/Forgejo, Bitbucket,
    SourceHut) serves the same repository anonymously over
    ``https://host/<ssh path>``, so that is the URL given, ``.git`` kept as
    written and the ssh port dropped. An scp-form path that starts with ``/``
    (``host:/srv/git/r.git``) is a folder on an ssh-only server, not a forge
    path, and is not taken for a remote: ``None``.

    In every case the host is lower-cased and a trailing ``/`` dropped; a local
    path or a ``file://`` URL gives ``None``.
    """
    url = url.strip()
    if "://" in url:
        try:
            parts = urlsplit(url)
            host = parts.hostname
            port = parts.port
        except ValueError:
            return None
        scheme = parts.scheme.lower()
        if scheme not in _NETWORK_SCHEMES or not host:
            return None
        path = parts.path
    else:
        match = _SCP_FORM.match(url)
        if not match:
            return None
        scheme, host, port = "ssh", match["host"].lower(), None
        path = match["path"].split("?")[0].split("#")[0]
    path = path.strip("/")
    if host in FORGES:
        if path.endswith(".git"):
            path = path[: -len(".git")].rstrip("/")
        return f"https://{host}/{path}" if path else None
    if not path:
        return None
    if scheme not in _DEFAULT_PORTS:
        scheme, port = "https", None
    netloc = f"[{host}]" if ":" in host else host
    if port not in (None, _DEFAULT_PORTS[scheme]):
        netloc = f"{netloc}:{port}"
    return f"{scheme}://{netloc}/{path}"
