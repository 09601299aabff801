"""One participant plants, another clicks: the shared volume as hostile ground (#12).

On a hackweek hub every participant runs as the same uid and the shared
read-write volume is writable by all. Participant A (``user-01``, a plain user)
plants things in it **from a notebook kernel on A's own server**, started and
driven through the hub and the proxy with A's own API token (``api/kernels``
and the kernel's websocket), exactly as a cell A runs would; A writes through
``~/shared``, which on this site is a symlink to the volume (the site's
"read-only" is only the suite's ``SharedData.roots`` setting, the file system
lets the shared uid write, as the read-write mount does on a real hub).
Participant B (``user-02``) then uses the suite through the hub with B's own
login session (cookies + XSRF, as the lab's dialogs do) or token.

Where B sees the planted repository. On a real hub the volume is *mounted* at
``~/shared-readwrite``, a folder inside B's server root, so Binder's ``git/state``
for ``shared-readwrite/victim/analysis.ipynb`` reaches the planted repository and
reads it. This site lays the volume out as symlinks (``~/shared`` ->
volume), which lead out of B's root, so the same click on
``shared/victim/analysis.ipynb`` is refused before git is touched (checked
too). To put B in front of the real attack the test bind-mounts the volume at
``~user-02/shared-readwrite`` for its duration (the tests run as root here).
Where mounting is not permitted it falls back to a real folder
``~user-02/shared-readwrite`` that A's kernel plants into by its absolute path
(the shared uid can, as it can a read-write mount), which the server sees the same way.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest
import requests
import websocket
from conftest import Client

ATTACKER, VICTIM = "user-01", "user-02"
NOTEBOOK = "victim/analysis.ipynb"

#: Run in A's kernel: a repository at ``top`` tracking ``victim/analysis.ipynb``
#: (committed, then modified) whose configuration and attributes name commands
#: git would run (clean/smudge filter, fsmonitor, hooks); each command records
#: that it ran in ``markers``. ``binder`` is a symlink to ``outside``.
PLANT_REPOSITORY = r"""
import json, os, pathlib, subprocess
top, markers, outside = (pathlib.Path(p) for p in ARGS)
def git(*args):
    subprocess.run(["git", "-c", "user.name=A", "-c", "user.email=a@hackweek.invalid", *args],
                   cwd=top, check=True, capture_output=True)
notebook = {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
(top / "victim").mkdir()
(top / "victim" / "analysis.ipynb").write_text(json.dumps(notebook))
git("init", "-q")
git("add", "victim/analysis.ipynb")
git("commit", "-q", "-m", "analysis")
notebook["cells"].append({"cell_type": "markdown", "id": "c1", "metadata": {}, "source": "x"})
(top / "victim" / "analysis.ipynb").write_text(json.dumps(notebook))
payload = top / ".git" / "payload"
(payload / "hooks").mkdir(parents=True)
def script(path, tail=""):
    path.write_text(f'#!/bin/sh\ntouch "{markers}/$(basename "$0")"\n{tail}')
    path.chmod(0o755)
script(payload / "clean", "exec cat\n")
script(payload / "fsmonitor")
for hook in ["pre-commit", "post-commit", "post-checkout", "post-index-change",
             "reference-transaction", "pre-auto-gc", "post-merge", "pre-push"]:
    script(payload / "hooks" / hook)
for key, value in [("filter.evil.clean", payload / "clean"),
                   ("filter.evil.smudge", payload / "clean"),
                   ("core.fsmonitor", payload / "fsmonitor"),
                   ("core.hooksPath", payload / "hooks")]:
    git("config", key, str(value))
(top / ".gitattributes").write_text("* filter=evil\n")
os.symlink(outside, top / "binder", target_is_directory=True)
print("planted")
"""

#: Run in A's kernel: a Zarr group whose ``.zattrs`` is a FIFO no one writes to.
PLANT_ZARR = r"""
import os, pathlib
store = pathlib.Path(os.path.expanduser("~/shared")) / ARGS[0]
store.mkdir()
(store / ".zgroup").write_text('{"zarr_format": 2}')
os.mkfifo(store / ".zattrs")
print("planted")
"""


class Kernel:
    """A notebook kernel on ``name``'s server, reached through the hub with their token."""

    def __init__(self, site, name: str, token: str):
        self.base = f"{site.url}/user/{name}/api/kernels"
        self.headers = {"Authorization": f"token {token}"}
        reply = requests.post(self.base, headers=self.headers, json={"name": "python3"}, timeout=60)
        assert reply.status_code == 201, reply.text
        self.id = reply.json()["id"]
        url = self.base.replace("http://", "ws://", 1) + f"/{self.id}/channels"
        self.socket = websocket.create_connection(
            url, header=[f"Authorization: token {token}"], suppress_origin=True, timeout=60
        )
        self.session = uuid.uuid4().hex

    def run(self, code: str, *args: str) -> str:
        """Execute ``code`` (``ARGS`` bound to ``args``); its stdout, or fail with its error."""
        msg_id = uuid.uuid4().hex
        self.socket.send(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "msg_type": "execute_request",
                        "session": self.session,
                        "username": "participant-a",
                        "version": "5.3",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "channel": "shell",
                    "content": {
                        "code": f"ARGS = {list(args)!r}\n{code}",
                        "silent": False,
                        "store_history": False,
                        "user_expressions": {},
                        "allow_stdin": False,
                        "stop_on_error": True,
                    },
                }
            )
        )
        out, error = [], None
        while True:
            msg = json.loads(self.socket.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["msg_type"]
            if kind == "stream":
                out.append(msg["content"]["text"])
            elif kind == "error":
                error = "\n".join(msg["content"]["traceback"])
            elif kind == "execute_reply":
                break
        assert error is None and msg["content"]["status"] == "ok", error
        return "".join(out)

    def close(self) -> None:
        self.socket.close()
        requests.delete(f"{self.base}/{self.id}", headers=self.headers, timeout=30)


@pytest.fixture(scope="module")
def attacker_kernel(site, tokens):
    kernel = Kernel(site, ATTACKER, tokens[ATTACKER])
    yield kernel
    kernel.close()


@pytest.fixture
def victim_readwrite(site):
    """``~VICTIM/shared-readwrite`` as a real hub has it: the volume mounted inside the root.

    Yields ``(folder A plants into, whether it is the shared volume itself)``.
    """
    mount_point = site.home(VICTIM) / "shared-readwrite"
    mount_point.mkdir()
    try:
        bind = ["mount", "--bind", str(site.volume), str(mount_point)]
        mounted = subprocess.run(bind, capture_output=True).returncode == 0
    except OSError:  # no mount program
        mounted = False
    try:
        yield (site.volume if mounted else mount_point), mounted
    finally:
        if mounted and subprocess.run(["umount", str(mount_point)]).returncode != 0:
            subprocess.run(["umount", "-l", str(mount_point)], check=True)
        shutil.rmtree(mount_point)


def _remove(top: Path, names: list[str]) -> None:
    for name in names:
        path = top / name
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.is_dir():
            shutil.rmtree(path)


def test_a_repository_planted_in_the_shared_volume_runs_nothing_when_another_user_clicks(
    site, attacker_kernel, victim_readwrite
):
    # Given A planted, from a notebook on A's own server, a repository at the top of the
    # shared read-write volume: filter/fsmonitor/hooksPath commands, a symlinked binder/,
    # tracking victim/analysis.ipynb (committed, then modified)
    top, mounted = victim_readwrite
    markers = site.base / "hostile-markers"
    outside = site.base / "hostile-outside"
    markers.mkdir()
    outside.mkdir()
    planted = [".git", ".gitattributes", "victim", "binder"]
    try:
        assert attacker_kernel.run(PLANT_REPOSITORY, str(top), str(markers), str(outside)) == (
            "planted\n"
        )
        assert (top / ".git" / "config").read_text().count("payload") == 4
        assert list(markers.iterdir()) == []  # A's own git ran before the payload was set
        readwrite = f"shared-readwrite/{NOTEBOOK}"
        # B logs in now (the faults tests restart B's server, which ends older sessions)
        # and calls as the lab's Binder dialog does: cookies + XSRF header
        victim = Client(site, VICTIM, session=site.login(VICTIM))
        started = time.monotonic()
        # When B opens the Binder dialog on the notebook, seen in B's shared-readwrite mount
        state = victim.get("git/state", path=readwrite)
        seconds = time.monotonic() - started
        # Then a 200 JSON state read from the repository (libgit2), in the time of a click
        assert state.status_code == 200, state.text
        assert state.headers["Content-Type"].startswith("application/json")
        git = state.json()["git"]
        assert git is not None, state.json()["problem"]
        assert (git["labpath"], git["tracked"], git["modified"]) == (NOTEBOOK, True, True)
        assert seconds < 5
        # And when B asks to write binder/requirements.txt there (binder/ links outside)
        capture = victim.post("binder/environment", {"path": readwrite, "kind": "pip"})
        # Then a 4xx JSON refusal, and nothing is written through the link or beside it
        assert 400 <= capture.status_code < 500, capture.text
        assert capture.headers["Content-Type"].startswith("application/json")
        assert capture.json()["message"]
        assert list(outside.iterdir()) == []
        assert not (top / "requirements.txt").exists()
        # And through this site's own symlinked layout (shared/ -> the volume, out of
        # B's root) the same click is refused before any git is read
        if mounted:
            for reply in [
                victim.get("git/state", path=f"shared/{NOTEBOOK}"),
                victim.post("binder/environment", {"path": f"shared/{NOTEBOOK}", "kind": "pip"}),
            ]:
                assert reply.status_code == 404, reply.text
                assert reply.json()["message"]
        # And none of A's commands ran, even a while later
        time.sleep(1.5)
        assert sorted(p.name for p in markers.iterdir()) == []
    finally:
        _remove(top, planted)
        shutil.rmtree(markers)
        shutil.rmtree(outside)


def test_a_fifo_planted_as_zarr_metadata_gets_quick_refusals_and_the_server_keeps_answering(
    site, tokens, attacker_kernel
):
    # Given A planted, from A's notebook, a Zarr group whose .zattrs is a FIFO
    store = "hostile.zarr"
    assert attacker_kernel.run(PLANT_ZARR, store) == "planted\n"
    assert (site.volume / store / ".zattrs").is_fifo()
    token = tokens[VICTIM]
    kernelspecs = f"{site.url}/user/{VICTIM}/api/kernelspecs"
    try:

        def preview() -> tuple[int, str, str, float]:
            started = time.monotonic()
            reply = Client(site, VICTIM, token=token).get(
                "shared/preview", root="shared", path=store
            )
            seconds = time.monotonic() - started
            return reply.status_code, reply.headers.get("Content-Type", ""), reply.text, seconds

        # When B fires 10 previews of it at once through the hub
        with concurrent.futures.ThreadPoolExecutor(10) as pool:
            futures = [pool.submit(preview) for _ in range(10)]
            # while B's jupyter_server kernelspecs is asked, one request after another
            probes = []
            while True:
                started = time.monotonic()
                reply = requests.get(
                    kernelspecs, headers={"Authorization": f"token {token}"}, timeout=10
                )
                probes.append((reply.status_code, time.monotonic() - started))
                if all(f.done() for f in futures):
                    break
            replies = [f.result(timeout=30) for f in futures]
        # Then each preview is a JSON 4xx saying why, within 10 s
        for code, content_type, text, seconds in replies:
            assert 400 <= code < 500, text
            assert content_type.startswith("application/json")
            assert "not a regular file" in json.loads(text)["message"]
            assert seconds < 10
        # And kernelspecs answered within 1 s each time while they were in flight
        assert probes and all(code == 200 for code, _ in probes), probes
        assert max(seconds for _, seconds in probes) < 1.0, probes
    finally:
        fifo = site.volume / store / ".zattrs"
        try:  # end any reader stuck on the FIFO (only the unprotected code would be)
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass
        _remove(site.volume, [store])
