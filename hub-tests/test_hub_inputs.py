"""The bad-input catalogue of the security notes against every route that takes input.

Each hostile value goes through the hub to a real single-user server. Every
reply must be a 4xx JSON error with a message, hold no secret (API tokens, the
password, the servers' own hub tokens, a marker file planted outside the
roots, ``/etc/passwd``), and nothing may be written outside its place.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PATHS = [
    "../../etc/passwd",  # also what ..%2F..%2Fetc%2Fpasswd arrives as
    "/etc/passwd",  # what %2Fetc%2Fpasswd arrives as
    "%2Fetc%2Fpasswd",  # double-encoded: a literal name that does not exist
    "a\x00b",
    "a/./b//c",
    "../shared-volume-evil/secret.txt",  # sibling sharing the volume's prefix
    "../../shared-volume-evil/secret.txt",
    "escape-file.h5",  # symlink (file) out of the root
    "escape-dir/secret.txt",  # symlink (folder) out of the root
    "loop",
    "loop/x",
    "C:\\x",
    "..\\..\\settings.json",
    "a/" * 2048,  # a 4096-byte path
    "n" * 256,  # a 256-byte name
    "cafe\u0301.h5",  # NFD spelling of a name that does not exist
    ".hidden/secret.txt",
    ".hidden/",
]
#: For routes that write: a literal ``%2F…`` name is a valid new name (tested on its own).
WRITE_PATHS = [p for p in PATHS if p not in ("%2Fetc%2Fpasswd", "cafe\u0301.h5")]
#: Paths refused by their spelling alone, whatever exists on disk.
REFUSED_PATHS = ["../../etc/passwd", "/etc/passwd", "a\x00b", "C:\\x", "n" * 256]
HOME_PATHS = [
    "../user-02/analysis.ipynb",
    "../../settings.json",  # the hub's settings, with the password and tokens
    "shared/escape-file.h5",
    "shared/../../../outside/secret.txt",
]
NAMES = ["../x", "/etc/x", "a\x00b", "a/b", "C:\\x", "n" * 256, ".hidden", "..", "."]
SEARCH_TEXT = [
    "127.0.0.1@192.168.1.1/path",
    "user:pass@host:123/foo",
    "http://169.254.169.254/",
    "[::1]",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    "<a id=MathJax>",
    "<button data-commandlinker-command=x>",
    "https://u:ghp_x@github.com/o/r",
]
URLS = [
    "http://127.0.0.1@192.168.1.1/path",
    "http://user:pass@host:123/foo",
    "http://169.254.169.254/latest/meta-data",
    "http://[::1]/x.h5",
    "http://0x7f000001/x.h5",
    "http://localhost./x.h5",
    "file:///etc/passwd",
    "javascript:alert(1)",
    "https://u:ghp_x@github.com/o/r",
]


def _granule(**overrides):
    granule = {"name": "ATL06_x.h5", "url": "https://data.nsidc.earthdatacloud.nasa.gov/x.h5"}
    return {"short_name": "ATL06", "version": "006", "granules": [{**granule, **overrides}]}


# (user, verb, route, list of requests: query params for GET, JSON body otherwise)
TARGETS = {
    "shared/list": ("user-01", "GET", [{"root": "shared", "path": p} for p in PATHS]),
    "shared/size": ("user-01", "GET", [{"root": "shared", "path": p} for p in PATHS]),
    "shared/preview": (
        "user-01",
        "GET",
        [{"root": "shared", "path": p} for p in [*PATHS, "pipe.h5", "README.md"]],
    ),
    "shared/list roots": (
        "user-01",
        "GET",
        [{"root": r, "path": ""} for r in ["shared-evil", "../shared", "shared-readwrite", ""]],
    ),
    "shared/copy": (
        "user-01",
        "POST",
        [{"root": "shared", "path": p} for p in [*PATHS, "pipe.h5"]]
        + [{"root": "shared", "path": "README.md", "dest": p} for p in PATHS + HOME_PATHS]
        + [{"root": "shared", "path": "README.md", "name": n} for n in NAMES]
        + [{"root": "shared", "path": "README.md", "operation": o} for o in NAMES + PATHS],
    ),
    "shared/copy progress": (
        "user-01",
        "GET",
        [{"operation": o} for o in NAMES + PATHS + SEARCH_TEXT + ["never-started-op"]],
    ),
    "shared/publish": (
        "organizer-1",
        "POST",
        [{"root": "shared-readwrite", "path": p, "source": "notes.md"} for p in WRITE_PATHS]
        + [{"root": "shared-readwrite", "path": "", "source": p} for p in PATHS + HOME_PATHS]
        + [
            {"root": "shared-readwrite", "path": "", "source": "notes.md", "name": n} for n in NAMES
        ],
    ),
    "shared/mkdir": (
        "organizer-1",
        "POST",
        [{"root": "shared-readwrite", "path": p} for p in WRITE_PATHS],
    ),
    "shared/describe": (
        "organizer-1",
        "POST",
        [{"root": "shared-readwrite", "path": p, "readme": "x"} for p in WRITE_PATHS],
    ),
    "git/state": ("user-01", "GET", [{"path": p} for p in PATHS + HOME_PATHS]),
    "binder/environment": (
        "user-01",
        "POST",
        [{"path": p, "kind": "pip"} for p in PATHS + HOME_PATHS],
    ),
    "cmr/granules": (
        "user-01",
        "GET",
        [{"short_name": t, "version": "006"} for t in SEARCH_TEXT]
        + [{"short_name": "ATL06", "version": "006", "name": t} for t in SEARCH_TEXT]
        + [{"short_name": "ATL06", "bounding_box": t} for t in SEARCH_TEXT]
        + [{"short_name": "ATL06", "temporal": t} for t in SEARCH_TEXT],
    ),
    "cmr/collections": ("user-01", "GET", [{"keyword": t} for t in SEARCH_TEXT]),
    "downloads": (
        "user-01",
        "POST",
        [_granule(url=u) for u in URLS]
        + [{**_granule(), "destination": p} for p in [*REFUSED_PATHS, *HOME_PATHS[:2]]]
        + [{**_granule(url=URLS[2]), "destination": p} for p in PATHS],
    ),
    "downloads/login": (
        "user-01",
        "POST",
        [
            {"username": "u\nmachine evil.example login a password b", "password": "x"},
            {"username": "u", "password": "p\ndefault login a password b"},
            {"username": ["u"], "password": "x"},
        ],
    ),
}


def tree(path: Path) -> set[str]:
    """Every entry under ``path`` (without following links), relative."""
    found = set()
    for folder, dirs, files in os.walk(path):
        for name in dirs + files:
            found.add(os.path.relpath(os.path.join(folder, name), path))
    return found


def homes_visible(site) -> dict[str, set[str]]:
    return {name: tree(site.home(name)) for name in os.listdir(site.base / "home")}


def check_reply(reply, secrets) -> str | None:
    """Why ``reply`` is not a clean refusal, or None."""
    text = reply.text + str(reply.headers)
    leaked = [s[:6] + "…" for s in secrets if s and s in text]
    if leaked:
        return f"leaked {leaked}"
    if not 400 <= reply.status_code < 500:
        return f"status {reply.status_code}"
    if "application/json" not in reply.headers.get("Content-Type", ""):
        return "not JSON"
    if not reply.json().get("message"):
        return "no message"
    return None


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_bad_input_is_refused_cleanly(site, clients, secrets_to_hide, target):
    # Given a route taking input and the catalogue's hostile values for it
    user, verb, requests_ = TARGETS[target]
    client = clients[user]
    route = target.split(" ")[0]
    volume, outside = tree(site.volume), tree(site.base / "outside")
    homes = homes_visible(site)
    failures = []
    for request in requests_:
        # When each value is sent
        if verb == "GET":
            reply = client.get(route, **request)
        else:
            reply = client.post(route, request)
        # Then a 4xx JSON message comes back, with no secret in it
        problem = check_reply(reply, secrets_to_hide)
        if problem:
            failures.append(f"{request!r:.120} -> {problem}: {reply.text[:200]}")
    assert failures == []
    # And nothing was written anywhere: shared volume, outside folder, homes
    assert tree(site.volume) == volume
    assert tree(site.base / "outside") == outside
    after = homes_visible(site)
    for name, entries in homes.items():
        assert {e for e in after[name] - entries if not e.startswith(".")} == set(), name


@pytest.mark.parametrize("route", ["downloads/x", "downloads/..%2F..%2Fetc", "downloads/a%00b"])
def test_download_ids_that_do_not_exist(clients, secrets_to_hide, route):
    # Given a download id that was never made, When it is read, retried or cancelled
    client = clients["user-01"]
    for reply in [
        client.get(route),
        client.post(route, {"action": "retry"}),
        client.call("DELETE", route),
    ]:
        # Then 4xx JSON (404 or 400), no secret
        assert check_reply(reply, secrets_to_hide) is None, reply.text


def test_invalid_utf8_and_non_object_bodies(clients, secrets_to_hide):
    # Given the POST routes, When the body is invalid UTF-8 or not a JSON object
    client = clients["organizer-1"]
    routes = [
        "shared/copy",
        "shared/publish",
        "shared/mkdir",
        "shared/describe",
        "binder/environment",
        "downloads",
        "downloads/login",
    ]
    failures = []
    for route in routes:
        for body in [b"\xff\xfe{", b"[1, 2]", b'"text"', b"{"]:
            reply = client.call("POST", route, data=body)
            # Then 400 with a message each time
            if reply.status_code != 400 or check_reply(reply, secrets_to_hide):
                failures.append(f"{route} {body!r} -> {reply.status_code} {reply.text[:120]}")
    assert failures == []


def test_percent_encoded_names_stay_literal(site, clients):
    # Given an organizer, When they make a folder literally named "%2Fetc%2Fpasswd"
    reply = clients["organizer-1"].post(
        "shared/mkdir", {"root": "shared-readwrite", "path": "%2Fetc%2Fpasswd"}
    )
    # Then it is made inside the shared volume under that very name, nothing decoded
    assert reply.status_code == 200, reply.text
    assert (site.volume / "%2Fetc%2Fpasswd").is_dir()
    size = clients["user-01"].get("shared/size", root="shared", path="%2Fetc%2Fpasswd")
    assert size.json()["total_size"] == 0


def test_a_4096_byte_download_destination_is_refused(site, clients, secrets_to_hide):
    # Given a destination of 2048 nested folders (4096 bytes), When a download is asked for
    body = {
        "short_name": "ATL06",
        "version": "006",
        "granules": [{"name": "x.h5", "url": "https://data.nsidc.earthdatacloud.nasa.gov/x.h5"}],
        "destination": "a/" * 2048,
    }
    reply = clients["user-01"].post("downloads", body)
    # Then a 4xx JSON message (not a 500 from os.makedirs recursing), and no folder made
    assert check_reply(reply, secrets_to_hide) is None, reply.text
    assert not (site.home("user-01") / "a").exists()
