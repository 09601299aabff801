"""What "another participant" can plant in a shared read-write root (issue #12).

Each ``plant_*`` function writes one kind of hostile input below a folder, as a
participant who shares the victim's uid could; the tests then act as the victim,
through the real routes. ``OUTSIDE_SECRET`` is the content of a file outside
every root that must never reach a reply or a copy.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from pathlib import Path
from urllib.parse import urlencode

import h5py
import numpy as np
import pytest
from tornado.httpclient import AsyncHTTPClient

OUTSIDE_SECRET = "outside-secret-7f3a"
#: Names like Zarr metadata, planted as FIFOs that no writer ever opens.
ZARR_METADATA = (".zattrs", ".zarray", ".zgroup")


def make_outside(folder: Path) -> Path:
    """A folder outside the roots holding ``secret.json`` (valid Zarr attributes)."""
    folder.mkdir(parents=True, exist_ok=True)
    secret = folder / "secret.json"
    secret.write_text(json.dumps({"secret": OUTSIDE_SECRET, "zarr_format": 2}))
    return secret


def plant_zarr_symlinks(store: Path, secret: Path) -> None:
    """A Zarr group whose ``.zattrs`` is a symbolic link to a file outside the root,
    and an array whose ``.zarray`` is one too."""
    store.mkdir(parents=True)
    (store / ".zgroup").write_text('{"zarr_format": 2}')
    (store / ".zattrs").symlink_to(secret)
    array = store / "arr"
    array.mkdir()
    (array / ".zarray").symlink_to(secret)


def plant_zarr_fifo(store: Path, name: str) -> None:
    """A Zarr group whose metadata file ``name`` is a FIFO (``.zgroup`` regular unless it is it)."""
    store.mkdir(parents=True)
    if name != ".zgroup":
        (store / ".zgroup").write_text('{"zarr_format": 2}')
    os.mkfifo(store / name)


def release_fifos(folder: Path) -> None:
    """Open every FIFO below ``folder`` for writing and close it, so a reader stuck on
    one gets end-of-file (lets a test of the old code end instead of hanging)."""
    for path in folder.rglob("*"):
        if path.is_fifo():
            try:
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:  # no reader waiting
                pass


def plant_blowup_h5(path: Path) -> None:
    """About 1 MB of HDF5 whose naive preview is hundreds of MB of JSON.

    One group carries 40 attributes with 6,000-character names; 3,000 hard links
    point at it, and a compound dtype with 250 fields of 150-character names sits
    in a dataset beside it.
    """
    with h5py.File(path, "w", libver="latest") as handle:
        fat = handle.create_group("fat")
        for number in range(40):
            fat.attrs[f"{number:02d}" + "k" * 6000] = number
        for number in range(3000):
            handle[f"link{number:04d}"] = fat
        fields = [(f"{number:03d}" + "f" * 150, "f4") for number in range(250)]
        handle.create_dataset("compound", shape=(1,), dtype=np.dtype(fields))


def plant_unusual_h5(path: Path) -> None:
    """Valid HDF5 that trips naive walkers: a group linked into itself, 1,200 nested
    groups and a 128-bit integer dataset (no NumPy type)."""
    with h5py.File(path, "w", libver="latest") as handle:
        loop = handle.create_group("loop")
        loop["self"] = loop
        group = handle
        for depth in range(1200):
            group = group.create_group(f"d{depth}")
        int128 = h5py.h5t.STD_I64LE.copy()
        int128.set_size(16)
        int128.set_precision(128)
        h5py.h5d.create(handle.id, b"int128", int128, h5py.h5s.create_simple((4,)))
        handle.create_dataset("plain", data=np.arange(3, dtype="f4"))


def plant_deep_json_zarr(store: Path, depth: int = 100_000) -> None:
    """A Zarr group whose ``.zattrs`` is valid JSON nested ``depth`` levels deep."""
    store.mkdir(parents=True)
    (store / ".zgroup").write_text('{"zarr_format": 2}')
    (store / ".zattrs").write_text('{"deep": ' + "[" * depth + "]" * depth + "}")


# --- the victim's side: requests in parallel, and probes of jupyter_server's own routes


@pytest.fixture
def client(http_server_client, jp_http_port, jp_base_url, jp_auth_header):
    """``await client(method, route, params=None, body=None)`` → ``(status, text, seconds)``.

    Its own HTTP client with room for 100 requests at once, so slow requests never
    queue the probes of ``api/status`` and ``api/kernelspecs`` behind them.
    """
    http = AsyncHTTPClient(force_instance=True, max_clients=100)
    base = f"http://localhost:{jp_http_port}{jp_base_url}"

    async def call(method, route, params=None, body=None):
        url = base + route
        if params:
            url += "?" + urlencode(params)
        start = time.monotonic()
        response = await http.fetch(
            url,
            method=method,
            headers=dict(jp_auth_header),
            body=None if body is None else json.dumps(body),
            raise_error=False,
            request_timeout=120,
        )
        return (
            response.code,
            (response.body or b"").decode("utf-8", "replace"),
            (time.monotonic() - start),
        )

    yield call
    http.close()


async def probe_while(client, route, running, every=0.05):
    """Ask ``route`` every ``every`` s while ``running()`` holds; return the reply times (s)."""
    times = []
    while running():
        code, _, seconds = await client("GET", route)
        assert code == 200
        times.append(seconds)
        await asyncio.sleep(every)
    return times
