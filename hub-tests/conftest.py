"""Fixtures of the hub tests: one real JupyterHub for the whole session.

Run with ``python -m pytest hub-tests`` (the default ``python -m pytest`` only
collects ``jupyterlab_hackweek/tests``). Every test here is marked ``hub``.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

import pytest
import requests
from tornado.routing import PathMatches

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hubsite import PROXY_BIN, HubSite  # noqa: E402

from jupyterlab_hackweek import app  # noqa: E402
from jupyterlab_hackweek.tests.fixture_shared import make_shared_volume  # noqa: E402

USERS = ["user-01", "user-02", "user-03"]
ORGANIZERS = ["organizer-1"]
VERBS = ("GET", "POST", "PUT", "PATCH", "DELETE")
BIG_FILE_BYTES = 3 << 30  # sparse: reads are free, the copy writes for a few seconds
GRANULE = "ATL06_20190222072149_08660210_006_02.h5"  # served by the fake data host
GRANULE_BYTES = 24 << 20  # about 5 s at the fake's "slow" rate


def pytest_collection_modifyitems(items):
    for item in items:
        item.add_marker(pytest.mark.hub)


def make_hostile_entries(base: Path, volume: Path, marker: str) -> None:
    """Things the bad-input catalogue aims at: escapes, a loop, a FIFO, a hidden folder."""
    outside = base / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(marker)
    evil = base / (volume.name + "-evil")  # shares the volume's prefix
    evil.mkdir()
    (evil / "secret.txt").write_text(marker)
    (volume / "escape-file.h5").symlink_to(outside / "secret.txt")
    (volume / "escape-dir").symlink_to(outside, target_is_directory=True)
    (volume / "loop").symlink_to(volume / "loop")
    os.mkfifo(volume / "pipe.h5")
    (volume / ".hidden").mkdir()
    (volume / ".hidden" / "secret.txt").write_text(marker)
    (volume / "big").mkdir()
    with open(volume / "big" / "big.bin", "wb") as big:
        big.truncate(BIG_FILE_BYTES)


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The running hub: users' servers spawned, ``site.marker`` planted outside the roots."""
    if not PROXY_BIN.exists():
        pytest.fail("configurable-http-proxy is missing: run `npm ci` in hub-tests/")
    base = tmp_path_factory.mktemp("hub")
    hub = HubSite(base, USERS, ORGANIZERS, gateway=True).prepare()
    hub.granules[GRANULE] = base / GRANULE
    hub.granules[GRANULE].write_bytes(os.urandom(GRANULE_BYTES))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the hub on SIGTERM
    hub.marker = "OUTSIDE-SECRET-" + hub.admin_token[:12]
    make_shared_volume(hub.volume, 1000)
    make_hostile_entries(base, hub.volume, hub.marker)
    hub.start()
    try:
        hub.spawn_seconds = hub.spawn(USERS + ORGANIZERS, concurrency=4)
        (hub.home("organizer-1") / "notes.md").write_text("# Organizer notes\n")
        kernel = {"name": "python3", "display_name": "Python 3", "language": "python"}
        notebook = {"cells": [], "metadata": {"kernelspec": kernel}, "nbformat": 4}
        (hub.home("user-01") / "analysis.ipynb").write_text(
            json.dumps({**notebook, "nbformat_minor": 5})
        )
        yield hub
    finally:
        hub.stop()


@pytest.fixture(scope="session")
def sessions(site):
    """A logged-in browser-like session per user (hub login form + OAuth)."""
    return {name: site.login(name) for name in USERS + ORGANIZERS}


@pytest.fixture(scope="session")
def tokens(site):
    return {name: site.token(name) for name in USERS + ORGANIZERS}


@pytest.fixture(scope="session")
def secrets_to_hide(site, tokens):
    return [*site.secrets(), site.marker, "root:x:0:0"]


class Client:
    """Calls one user's suite routes (``/user/NAME/hackweek/api/``) with a session or a token."""

    def __init__(self, site: HubSite, name: str, session=None, token=None):
        self.site, self.name = site, name
        self.session = session or requests.Session()
        self.headers = {"Authorization": f"token {token}"} if token else {}
        if session is not None:
            xsrf = session.cookies.get("_xsrf", path=f"/user/{name}/")
            self.headers["X-XSRFToken"] = xsrf or ""

    def url(self, route: str) -> str:
        return f"{self.site.url}/user/{self.name}/hackweek/api/{route}"

    def call(self, method: str, route: str, **kwargs) -> requests.Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        kwargs.setdefault("allow_redirects", False)
        kwargs.setdefault("timeout", 60)
        return self.session.request(method, self.url(route), headers=headers, **kwargs)

    def get(self, route: str, **params) -> requests.Response:
        return self.call("GET", route, params=params)

    def post(self, route: str, body) -> requests.Response:
        return self.call("POST", route, json=body)


@pytest.fixture(scope="session")
def clients(site, sessions, tokens):
    """``clients[name]`` uses the cookie session; ``clients[name, "token"]`` the API token."""
    found = {}
    for name in USERS + ORGANIZERS:
        found[name] = Client(site, name, session=sessions[name])
        found[name, "token"] = Client(site, name, token=tokens[name])
    return found


def suite_routes() -> list[tuple[str, str]]:
    """``(verb, route below hackweek/api/)`` for every verb of every route the suite defines."""
    found = []
    for feature in app.FEATURES:
        for path, handler in feature.ROUTES:
            matcher = PathMatches("/" + path)
            route = matcher.reverse(*["x"] * (matcher._group_count or 0)).lstrip("/")
            names = set()
            for klass in handler.__mro__:
                if klass.__module__.startswith("jupyterlab_hackweek"):
                    names.update(vars(klass))
            found.extend((verb, route) for verb in VERBS if verb.lower() in names)
    return found
