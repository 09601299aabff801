"""Earthdata Login credentials: where they are found and how a new one is stored.

Looked up in order: the ``EARTHDATA_TOKEN`` bearer token, the ``.netrc`` entry for
the Earthdata Login host, then ``EARTHDATA_USERNAME``/``EARTHDATA_PASSWORD``.
A credential's secrets never appear in its ``repr``; ``public()`` is what a reply
may show.
"""

from __future__ import annotations

import base64
import netrc
import os
from dataclasses import dataclass, field

from ..errors import Refused
from ..guarded import write_atomic_path


@dataclass(frozen=True)
class Credential:
    """A bearer token or a user name and password, with where it came from."""

    source: str
    username: str = ""
    password: str = field(default="", repr=False)
    token: str = field(default="", repr=False)

    @property
    def kind(self) -> str:
        return "token" if self.token else "password"

    def login_header(self) -> str:
        """The ``Authorization`` value for Earthdata Login."""
        if self.token:
            return f"Bearer {self.token}"
        pair = f"{self.username}:{self.password}".encode()
        return "Basic " + base64.b64encode(pair).decode("ascii")

    def data_header(self) -> str | None:
        """The ``Authorization`` value for data hosts (only a token is sent there)."""
        return f"Bearer {self.token}" if self.token else None

    def secrets(self) -> list[str]:
        """Strings that must never be shown or logged."""
        found = [s for s in (self.password, self.token) if s]
        return found + [self.login_header().split(" ", 1)[1]]

    def public(self) -> dict:
        """What a reply may say about the credential (never the secret)."""
        return {
            "configured": True,
            "source": self.source,
            "kind": self.kind,
            "username": self.username or None,
        }


def find_credential(netrc_path: str, login_host: str, environ=os.environ) -> Credential | None:
    """The first credential found, or None."""
    token = environ.get("EARTHDATA_TOKEN", "").strip()
    if token:
        return Credential(source="EARTHDATA_TOKEN", token=token)
    entry = read_netrc(netrc_path, login_host)
    if entry is not None:
        return Credential(source="netrc", username=entry[0], password=entry[1])
    username = environ.get("EARTHDATA_USERNAME", "")
    password = environ.get("EARTHDATA_PASSWORD", "")
    if username and password:
        return Credential(source="EARTHDATA_USERNAME", username=username, password=password)
    return None


def read_netrc(path: str, host: str) -> tuple[str, str] | None:
    """``(login, password)`` of ``host`` in the netrc file, or None (unreadable files too)."""
    path = os.path.expanduser(path)
    try:
        entries = netrc.netrc(path)
    except (FileNotFoundError, PermissionError, IsADirectoryError):
        return None
    except (netrc.NetrcParseError, UnicodeDecodeError, OSError):
        return None
    found = entries.authenticators(host)
    if not found or not found[0] or not found[2]:
        return None
    return found[0], found[2]


def quote_token(value: str) -> str:
    """A netrc token: bare when safe, else double-quoted with backslash escapes.

    Python's ``netrc`` (3.11+) and curl (7.84+) read quoted tokens.
    """
    if value and not any(c.isspace() or c in '"\\#' for c in value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _tokens(text: str):
    """Yield ``(start, end, token)`` of each netrc token, honouring quotes and comments."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c == "#" and (i == 0 or text[i - 1] in "\r\n"):
            while i < n and text[i] != "\n":
                i += 1
        elif c == '"':
            start, i, value = i, i + 1, []
            while i < n and text[i] != '"':
                if text[i] == "\\" and i + 1 < n:
                    i += 1
                value.append(text[i])
                i += 1
            yield start, i + 1, "".join(value)
            i += 1
        else:
            start = i
            while i < n and not text[i].isspace():
                i += 1
            yield start, i, text[start:i]


def without_machine(text: str, host: str) -> str:
    """The netrc text with the entry of ``host`` removed (everything else kept verbatim)."""
    tokens = list(_tokens(text))
    cuts = []
    for index, (start, _end, word) in enumerate(tokens):
        if word == "machine" and index + 1 < len(tokens) and tokens[index + 1][2] == host:
            stop = len(text)
            for later in tokens[index + 2 :]:
                if later[2] in ("machine", "default", "macdef"):
                    stop = later[0]
                    break
            cuts.append((start, stop))
    for start, stop in reversed(cuts):
        text = text[:start] + text[stop:]
    return text


def check_fields(username: str, password: str) -> None:
    """Refuse (400) an empty user name or password, or one with control characters."""
    for value, what in ((username, "user name"), (password, "password")):
        if not value or any(ord(c) < 32 or ord(c) == 127 for c in value):
            raise Refused(400, f"The Earthdata {what} is empty or contains control characters.")


def store_netrc(path: str, host: str, username: str, password: str) -> None:
    """Write (or replace) the entry of ``host`` in the netrc file: mode 600, atomic."""
    check_fields(username, password)
    path = os.path.realpath(os.path.expanduser(path))
    try:
        with open(path, encoding="utf-8") as existing:
            text = existing.read()
    except FileNotFoundError:
        text = ""
    text = without_machine(text, host).rstrip()
    entry = f"machine {host} login {quote_token(username)} password {quote_token(password)}\n"
    text = (text + "\n" if text else "") + entry
    write_atomic_path(path, text.encode("utf-8"), mode=0o600)


def redact(text: str, secrets: list[str]) -> str:
    """``text`` with every secret replaced by ``***``."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text
