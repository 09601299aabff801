"""The data viewer's routes (issue #16): h5grove's API and the min/max profile, on
the real samples of ``tests/data/h5``, in a shared root and in the home; and every
door of docs/security.md on them, with the hostile volume's planted files.

Roots as on a hub: ``shared`` (read-only, outside the server root) holding the
samples and ``shared-readwrite`` (inside the server root); a folder outside every
root holds an HDF5 file and a raw file with ``OUTSIDE_SECRET``, which no reply may
ever contain.
"""

from __future__ import annotations

import asyncio
import io
import json
import math
import os
import shutil
import time
import tracemalloc
from pathlib import Path

import h5py
import numpy as np
import pytest

from jupyterlab_hackweek.tests.conftest import server_config
from jupyterlab_hackweek.tests.fixture_atl03 import ATL03, make_atl03_like
from jupyterlab_hackweek.tests.fixture_hostile import (
    OUTSIDE_SECRET,
    plant_blowup_h5,
    plant_unusual_h5,
    probe_while,
    release_fifos,
)
from jupyterlab_hackweek.viewer import content, profile

pytest_plugins = ("jupyterlab_hackweek.tests.fixture_hostile",)

DATA = Path(__file__).parent / "data" / "h5"
ATL06 = "ATL06_20181013235645_02340114_209_01.h5"
SAMPLES = (ATL06, "basin_mask.nc")
SECRET_NUMBER = 7_373_737


@pytest.fixture
def volume(tmp_path_factory, jp_root_dir):
    base = tmp_path_factory.mktemp("viewer")
    shared = base / "shared"
    shared.mkdir()
    for name in (*SAMPLES, "tiny.nc"):
        shutil.copy(DATA / name, shared / name)
    (jp_root_dir / "data").mkdir()
    shutil.copy(DATA / ATL06, jp_root_dir / "data" / ATL06)
    rw = jp_root_dir / "shared-readwrite"
    rw.mkdir()
    outside = base / "outside"
    outside.mkdir()
    with h5py.File(outside / "secret.h5", "w") as handle:
        handle["s"] = np.full(4, SECRET_NUMBER, dtype="i8")
        handle["s"].attrs["note"] = OUTSIDE_SECRET
    (outside / "raw.bin").write_bytes(OUTSIDE_SECRET.encode() * 4)
    yield {"shared": shared, "rw": rw, "home": jp_root_dir, "outside": outside}
    release_fifos(rw)


@pytest.fixture
def jp_server_config(volume):
    return server_config(
        SharedData={
            "roots": [
                {"name": "shared", "path": str(volume["shared"]), "writable": False},
                {"name": "shared-readwrite", "path": str(volume["rw"]), "writable": True},
            ]
        },
    )


def datasets(handle):
    found = []
    handle.visititems(
        lambda name, obj: found.append(name) if isinstance(obj, h5py.Dataset) else None
    )
    return found


def plain(value):
    """An attribute or value as JSON gives it back, converted here without h5grove."""
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, (np.ndarray, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, np.floating) and value.itemsize < 8:
        # JSON writes a float32 as its shortest decimal, read back as a float64
        return plain(float(str(value)))
    if isinstance(value, np.generic):
        return plain(value.item())
    if isinstance(value, h5py.Reference):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None  # JSON has no NaN or infinity: null
    return value


# --- values and attributes: equal h5py's, for every dataset of the real samples ------------


@pytest.mark.parametrize("sample", SAMPLES)
def test_values_and_attributes_equal_h5py(sample):
    """Every dataset's values (``npy`` for numbers, JSON otherwise) and every object's
    attributes, as the routes encode them, are h5py's own."""
    checked = 0
    with h5py.File(DATA / sample, "r") as handle:
        for name in datasets(handle):
            dataset = handle[name]
            expected = dataset[()]
            numeric = dataset.dtype.kind in "iufb"
            reply = content.data(
                handle,
                name,
                selection=None,
                dtype=None,
                flatten=False,
                format="npy" if numeric else "json",
                max_bytes=1 << 30,
            )
            if numeric:
                got = np.load(io.BytesIO(reply.content))
                assert got.dtype == expected.dtype, name
                assert np.array_equal(got, expected, equal_nan=dataset.dtype.kind == "f"), name
            else:
                assert json.loads(reply.content) == plain(expected), name
            attrs = json.loads(content.attr(handle, name, []).content)
            assert attrs == {key: plain(value) for key, value in dataset.attrs.items()}, name
            checked += 1
        assert checked == len(datasets(handle)) > 0
    print(f"{sample}: {checked} datasets equal h5py's")


async def test_routes_serve_the_real_atl06_from_a_shared_root_and_the_home(jp_fetch):
    """h5grove's API over HTTP: meta, attr (units ``meters``), data (bin, safe) and
    paths, for the file in the shared root and the same file in the home."""
    with h5py.File(DATA / ATL06, "r") as handle:
        h_li = handle["gt1l/land_ice_segments/h_li"][()]
        count = len(datasets(handle))
    for file in (f"shared/shared/{ATL06}", f"home/data/{ATL06}"):
        path = "/gt1l/land_ice_segments/h_li"
        meta = await jp_fetch("hackweek", "api", "h5", "meta", params={"file": file, "path": path})
        described = json.loads(meta.body)
        assert described["kind"] == "dataset" and described["shape"] == [h_li.size]
        attr = await jp_fetch("hackweek", "api", "h5", "attr", params={"file": file, "path": path})
        assert json.loads(attr.body)["units"] == "meters"
        data = await jp_fetch(
            "hackweek",
            "api",
            "h5",
            "data",
            params={"file": file, "path": path, "format": "bin", "dtype": "safe"},
        )
        assert data.headers["Content-Type"] == "application/octet-stream", data.headers
        assert np.array_equal(np.frombuffer(data.body, "<f4"), h_li)
        paths = await jp_fetch("hackweek", "api", "h5", "paths", params={"file": file})
        listed = json.loads(paths.body)
        assert sum(1 for p in listed if p.endswith("/h_li")) == 6
        assert len(listed) >= count
        root = await jp_fetch("hackweek", "api", "h5", "meta", params={"file": file})
        names = {child["name"] for child in json.loads(root.body)["children"]}
        assert {"gt1l", "gt3r", "METADATA", "ancillary_data"} <= names


# --- the profile: each column's true min and max, fills masked, chunked reads ---------------


def test_atl06_profile_keeps_each_columns_true_min_and_max():
    """h_li of every beam against x_atc, 64 columns: each column holds exactly the min
    and max of the real heights in it; the fill value (3.4e38) is masked."""
    with h5py.File(DATA / ATL06, "r") as handle:
        for beam in ("gt1l", "gt1r", "gt2l", "gt2r", "gt3l", "gt3r"):
            group = f"{beam}/land_ice_segments"
            y = handle[f"{group}/h_li"][()].astype("f8")
            x = handle[f"{group}/ground_track/x_atc"][()]
            fill = float(handle[f"{group}/h_li"].attrs["_FillValue"])
            reply = profile.profile(
                handle, f"{group}/h_li", f"{group}/ground_track/x_atc", columns=64
            )
            real = y != np.float32(fill)
            assert reply["masked"] == int((~real).sum())
            assert reply["y"]["max"] == y[real].max() < 1e4
            assert reply["y"]["attrs"]["units"] == "meters"
            lo, hi = reply["x"]["lo"], reply["x"]["hi"]
            assert (lo, hi) == (x.min(), x.max())
            column = np.minimum(((x - lo) / ((hi - lo) / 64)).astype(int), 63)
            for i in range(64):
                inside = y[real & (column == i)]
                if inside.size:
                    assert (reply["min"][i], reply["max"][i]) == (inside.min(), inside.max())
                else:
                    assert reply["min"][i] is None and reply["max"][i] is None
            assert sum(reply["count"]) == int(real.sum())


def test_atl06_track_is_rows_of_the_beam_in_order():
    """Every beam's ground track from the real sample, cut to 100 points: each point is
    a row of latitude/longitude/x_atc as h5py reads it, one per run of rows, in
    along-track order, from the first row to the last run."""
    with h5py.File(DATA / ATL06, "r") as handle:
        for beam in ("gt1l", "gt1r", "gt2l", "gt2r", "gt3l", "gt3r"):
            group = f"{beam}/land_ice_segments"
            lat, lon = handle[f"{group}/latitude"][()], handle[f"{group}/longitude"][()]
            x = handle[f"{group}/ground_track/x_atc"][()]
            reply = profile.track(
                handle,
                f"{group}/latitude",
                f"{group}/longitude",
                f"{group}/ground_track/x_atc",
                points=100,
            )
            step = -(-lat.size // 100)
            rows = [int(np.flatnonzero(x == value)[0]) for value in reply["x"]]
            assert rows == list(range(0, lat.size, step)), beam
            assert reply["lat"] == lat[rows].tolist() and reply["lon"] == lon[rows].tolist()
            assert reply["values"] == lat.size and len(rows) <= 100


def test_track_skips_fills_and_reads_in_chunks(tmp_path):
    """2 million rows, the along-track coordinate's fill value on all rows but one in
    4,000: the point of each run is its first real row, no row with a fill shows, and
    peak memory stays low (blocks, never the whole datasets)."""
    n = 2_000_000
    fill = 3.4028234663852886e38
    x = np.arange(n, dtype="f8")
    x[(np.arange(n) % 4000) < 3999] = fill  # one real row per 4,000
    with h5py.File(tmp_path / "track.h5", "w") as handle:
        handle.create_dataset("lat", data=np.linspace(-60, -89, n), chunks=(100_000,))
        handle.create_dataset("lon", data=np.linspace(170, 190, n) % 360 - 180, chunks=(100_000,))
        handle.create_dataset("x", data=x, chunks=(100_000,)).attrs["_FillValue"] = fill
    with h5py.File(tmp_path / "track.h5", "r") as handle:
        tracemalloc.start()
        reply = profile.track(handle, "lat", "lon", "x", points=250)  # runs of 8,000 rows
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert reply["x"] == [float(r) for r in range(3999, n, 8000)]
    assert reply["lat"] == np.linspace(-60, -89, n)[3999::8000].tolist()
    assert peak < 16 * 1024 * 1024, peak


def test_profile_reads_in_chunks_with_fills_and_valid_range(tmp_path):
    """4 million float32 values (16 MB) with fills, out-of-range values and one spike:
    the spike survives, fills and values outside valid_min/valid_max never show, and
    the reduction never holds the whole array (traced peak < 8 MB)."""
    n = 4_000_000
    rng = np.random.default_rng(16)
    values = (np.sin(np.arange(n) / 1e5) * 100 + rng.normal(0, 1, n)).astype("f4")
    values[::997] = 3.4028235e38
    values[5::1013] = -9999.0
    values[2_345_678] = 900.0
    with h5py.File(tmp_path / "big.h5", "w") as handle:
        dataset = handle.create_dataset("h", data=values, chunks=(100_000,))
        dataset.attrs["_FillValue"] = np.float32(3.4028235e38)
        dataset.attrs["valid_min"] = np.float32(-1000)
        dataset.attrs["valid_max"] = np.float32(1000)
    real = (values != np.float32(3.4028235e38)) & (values >= -1000)
    with h5py.File(tmp_path / "big.h5", "r") as handle:
        tracemalloc.start()
        reply = profile.profile(handle, "h", columns=400)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024, peak
    per = n // 400
    for i in range(400):
        part = values[i * per : (i + 1) * per][real[i * per : (i + 1) * per]]
        assert (reply["min"][i], reply["max"][i]) == (part.min(), part.max())
    assert reply["y"]["max"] == 900.0 and reply["y"]["min"] > -1000
    assert reply["masked"] == int((~real).sum())
    zoom = profile.profile(
        handle_path := h5py.File(tmp_path / "big.h5", "r"),
        "h",
        columns=10,
        lo=2_345_000,
        hi=2_346_000,
    )
    handle_path.close()
    assert max(v for v in zoom["max"] if v is not None) == 900.0
    assert sum(zoom["count"]) <= 1001


def test_photon_profile_keeps_each_columns_true_min_and_max_per_class(tmp_path):
    """A synthetic ATL03 beam (200,000 photons, a surface plus noise, fills planted):
    h_ph against delta_time by ``signal_conf_ph`` of land ice (column 3): each class's
    column holds exactly the min and max of its real photons there (numpy on the raw
    arrays, sorted and reduced, not the route's ufunc.at), and the reply stays < 1 MB
    at 1,200 columns (its size does not grow with the photons). So does a zoom to the
    middle 1 % of the track (the finer view the quick look asks for), which counts the
    masked photons of its range only."""
    path = tmp_path / ATL03
    make_atl03_like(path, 200_000, beams=("gt1l",))
    fill = np.float32(3.4028235e38)
    with h5py.File(path, "r+") as handle:
        h_ph = handle["gt1l/heights/h_ph"]
        h_ph[::101] = fill
        h_ph.attrs["_FillValue"] = fill
    with h5py.File(path, "r") as handle:
        y = handle["gt1l/heights/h_ph"][()]
        x = handle["gt1l/heights/delta_time"][()]
        classes = handle["gt1l/heights/signal_conf_ph"][:, 3]

        def reduced(columns, **zoom):
            return profile.profile(
                handle,
                "gt1l/heights/h_ph",
                "gt1l/heights/delta_time",
                columns=columns,
                by="gt1l/heights/signal_conf_ph",
                by_column=3,
                **zoom,
            )

        middle, width = (x.min() + x.max()) / 2, (x.max() - x.min()) / 100
        views = [
            (reduced(1200), x.min(), x.max(), 1200),
            (
                reduced(100, lo=middle - width / 2, hi=middle + width / 2),
                *[middle - width / 2, middle + width / 2],
                100,
            ),
        ]
    real = y != fill
    for reply, lo, hi, columns in views:
        shown = (x >= lo) & (x <= hi)
        column = np.minimum(((x - lo) / ((hi - lo) / columns)).astype(int), columns - 1)
        found = [entry["value"] for entry in reply["classes"]]
        assert found == sorted(np.unique(classes[real & shown]).tolist()) == [0, 1, 2, 3, 4]
        for entry in reply["classes"]:
            keep = real & shown & (classes == entry["value"])
            key, values = column[keep], y[keep].astype("f8")
            order = np.argsort(key, kind="stable")
            key, values = key[order], values[order]
            starts = np.flatnonzero(np.r_[True, np.diff(key) != 0])
            expected_min = dict(zip(key[starts], np.minimum.reduceat(values, starts), strict=True))
            expected_max = dict(zip(key[starts], np.maximum.reduceat(values, starts), strict=True))
            counts = np.bincount(key, minlength=columns)
            for i in range(columns):
                assert (entry["min"][i], entry["max"][i]) == (
                    expected_min.get(i),
                    expected_max.get(i),
                ), (entry["value"], i)
            assert entry["count"] == counts.tolist()
        assert sum(sum(entry["count"]) for entry in reply["classes"]) == int((real & shown).sum())
        assert reply["masked"] == int((~real & shown).sum())
        size = len(json.dumps(reply))
        assert size < 1_000_000, size
        print(f"\nphoton profile by class: 5 classes x {columns} columns, {size:,} bytes")


async def test_profile_and_track_routes(jp_fetch):
    """The routes answer what the functions compute on the shared sample: gt1l's h_li
    profile (fills masked, units), by quality class, and its ground track."""
    gt1l = "/gt1l/land_ice_segments"

    async def get(route, **params):
        reply = await jp_fetch(
            "hackweek", "api", "h5", route, params={"file": f"shared/shared/{ATL06}", **params}
        )
        return json.loads(reply.body)

    line = {"y": f"{gt1l}/h_li", "x": f"{gt1l}/ground_track/x_atc", "columns": "200"}
    body = await get("profile", **line)
    with h5py.File(DATA / ATL06, "r") as handle:
        h_li = handle[f"{gt1l}/h_li"][()]
        quality = handle[f"{gt1l}/atl06_quality_summary"][()]
        lat = handle[f"{gt1l}/latitude"][()]
    assert body["y"]["max"] == float(h_li[h_li < 1e38].max())
    assert body["y"]["attrs"]["units"] == "meters"
    assert len(body["min"]) == len(body["max"]) == len(body["centers"]) == 200
    # by class: h_li by atl06_quality_summary (0: best quality, 1: possible problems)
    body = await get("profile", **line, by=f"{gt1l}/atl06_quality_summary")
    assert [entry["value"] for entry in body["classes"]] == sorted(
        np.unique(quality[h_li < 1e38]).tolist()
    )
    per_class = np.sum([entry["count"] for entry in body["classes"]], axis=0)
    assert per_class.tolist() == body["count"]
    # the ground track: every row of the 330, as the map asks (400 points)
    body = await get(
        "track",
        lat=f"{gt1l}/latitude",
        lon=f"{gt1l}/longitude",
        x=line["x"],
        points="400",
    )
    assert body["lat"] == lat.tolist() and len(body["lon"]) == len(body["x"]) == 330


# --- containment and bad input --------------------------------------------------------------


@pytest.fixture
def planted(volume):
    """What another participant plants in the writable root and in the home."""
    rw, home, outside = volume["rw"], volume["home"], volume["outside"]
    (rw / "link-out.h5").symlink_to(outside / "secret.h5")
    (home / "data" / "home-link-out.h5").symlink_to(outside / "secret.h5")
    (rw / "outdir").symlink_to(outside)
    os.mkfifo(rw / "fifo.h5")
    (home / ".hidden").mkdir()
    shutil.copy(outside / "secret.h5", home / ".hidden" / "x.h5")
    with h5py.File(rw / "doors.h5", "w") as handle:
        handle["ext"] = h5py.ExternalLink(str(outside / "secret.h5"), "/s")
        handle["ext_group"] = h5py.ExternalLink(str(outside / "secret.h5"), "/")
        layout = h5py.VirtualLayout(shape=(4,), dtype="i8")
        layout[:] = h5py.VirtualSource(str(outside / "secret.h5"), "s", shape=(4,))
        handle.create_virtual_dataset("vds", layout, fillvalue=-1)
        handle.create_dataset(
            "raw", shape=(4,), dtype="S19", external=[(str(outside / "raw.bin"), 0, 76)]
        )
        handle["plain"] = np.arange(4)
        handle["three"] = np.arange(3)  # a class dataset one row short
        handle["classes"] = np.zeros((4, 5), "i1")  # one column of classes per surface type
        handle["long"] = np.arange(20.0)
        handle["many"] = np.arange(20)  # 20 classes for the 20 values of "long"
    plant_blowup_h5(rw / "blowup.h5")
    plant_unusual_h5(rw / "unusual.h5")
    return volume


BAD_FILES = [
    # (file argument, status, words in the message)
    ("", 400, "required"),
    ("nowhere.h5", 400, "not a valid file"),
    ("home/../outside/secret.h5", 400, "'..'"),
    ("home//etc/passwd", 400, "absolute"),
    ("shared/shared/../../outside/secret.h5", 400, "'..'"),
    ("shared/shared", 400, "not a valid file"),
    ("shared/nope/x.h5", 404, "File not found"),
    ("shared/shared/missing.h5", 404, "File not found"),
    ("home/.hidden/x.h5", 404, "File not found"),
    ("shared/shared-readwrite/link-out.h5", 403, "Permission denied"),
    ("shared/shared-readwrite/outdir/secret.h5", 403, "Permission denied"),
    ("home/data/home-link-out.h5", 403, "Permission denied"),
    ("home/shared-readwrite/link-out.h5", 403, "Permission denied"),
    ("shared/shared-readwrite/fifo.h5", 400, "pipe"),
    ("shared/shared/tiny.nc", 415, "netCDF-3"),
    ("home/data", 400, "folder"),
    ("shared/shared/a\\b.h5", 400, "backslash"),
    ("shared/shared/" + "x" * 256 + ".h5", 400, "longer than 255 bytes"),
    # (a NUL in a query argument never arrives: Tornado drops control characters)
]


async def test_bad_files_refused_in_h5groves_words(get_json, planted):
    """Each bad ``file`` of ``BAD_FILES``, on each route: its status, h5grove's words
    (which h5web turns into its own messages), nothing of the outside file."""
    for file, status, words in BAD_FILES:
        for route in ("meta", "attr", "data", "paths", "profile", "track"):
            code, body = await get_json("h5", route, file=file, path="/s", y="/s")
            assert (code, route, file) == (status, route, file), body
            assert words in body["message"], (file, body)
            assert OUTSIDE_SECRET not in json.dumps(body)


DOORS = [
    # (route, params, status, words): inside a planted file, what leads out is refused
    ("data", {"path": "/raw", "format": "json"}, 403, "external raw files"),
    ("data", {"path": "/vds", "format": "json"}, 403, "virtual dataset"),
    ("profile", {"y": "/vds"}, 403, "virtual dataset"),
    ("data", {"path": "/ext", "format": "json"}, 400, "not a dataset"),
    ("attr", {"path": "/ext"}, 400, "not followed"),
    ("meta", {"path": "/ext_group/s"}, 404, "not a valid path"),
    ("data", {"path": "/missing"}, 404, "not a valid path"),
    ("data", {"path": "/plain", "selection": "0:2,5"}, 400, "too many members"),
    ("data", {"path": "/plain", "selection": "x"}, 400, "not a valid selection"),
    ("data", {"path": "/plain", "selection": "9"}, 400, "out of range"),
    ("data", {"path": "/plain", "format": "exe"}, 400, "Unknown format"),
    ("data", {"path": "/plain", "dtype": "evil"}, 422, "Unsupported dtype"),
    ("profile", {"y": "/plain", "columns": "0"}, 400, "columns"),
    ("profile", {"y": "/plain", "lo": "nan", "hi": "1"}, 400, "finite"),
    ("profile", {"y": "/"}, 400, "1-D numeric"),
    ("profile", {"y": "/plain", "by": "/vds"}, 403, "virtual dataset"),
    ("profile", {"y": "/plain", "by": "/ext"}, 404, "not a valid path"),
    ("profile", {"y": "/plain", "by": "/missing"}, 404, "not a valid path"),
    ("profile", {"y": "/plain", "by": "/raw"}, 400, "integer dataset"),
    ("profile", {"y": "/plain", "by": "/"}, 400, "integer dataset"),
    ("profile", {"y": "/plain", "by": "/three"}, 400, "rows"),
    ("profile", {"y": "/plain", "by": "/classes"}, 400, "'by_column' must be between 0 and 4"),
    ("profile", {"y": "/plain", "by": "/classes", "by_column": "5"}, 400, "between 0 and 4"),
    ("profile", {"y": "/plain", "by": "/classes", "by_column": "-1"}, 400, "between 0 and 4"),
    ("profile", {"y": "/plain", "by": "/classes", "by_column": "x"}, 400, "whole number"),
    ("profile", {"y": "/plain", "by": "/plain", "by_column": "0"}, 400, "does not apply"),
    ("profile", {"y": "/plain", "by_column": "0"}, 400, "needs 'by'"),
    ("profile", {"y": "/long", "by": "/many"}, 400, "more than 16 classes"),
    ("track", {"lat": "/vds", "lon": "/plain", "x": "/plain"}, 403, "virtual dataset"),
    ("track", {"lat": "/plain", "lon": "/ext", "x": "/plain"}, 404, "not a valid path"),
    ("track", {"lat": "/plain", "lon": "/plain", "x": "/three"}, 400, "differ in length"),
    ("track", {"lat": "/plain", "lon": "/plain", "x": "/plain", "points": "0"}, 400, "points"),
    ("track", {"lat": "/plain", "lon": "/plain", "x": "/plain", "points": "x"}, 400, "whole"),
    ("track", {"lat": "/", "lon": "/plain", "x": "/plain"}, 400, "1-D numeric"),
]


async def test_nothing_inside_a_file_leads_out(get_json, planted):
    """Each case of ``DOORS`` on the planted ``doors.h5``: refused in words, nothing of
    the outside files (external link, virtual dataset, external raw storage)."""
    for route, params, status, words in DOORS:
        code, body = await get_json("h5", route, file="shared/shared-readwrite/doors.h5", **params)
        assert (code, route, params) == (status, route, params), body
        assert words in body["message"], body
        text = json.dumps(body)
        assert OUTSIDE_SECRET not in text and str(SECRET_NUMBER) not in text


async def test_external_links_are_listed_never_followed(jp_fetch, planted):
    file = "shared/shared-readwrite/doors.h5"
    meta = await jp_fetch("hackweek", "api", "h5", "meta", params={"file": file})
    text = meta.body.decode()
    kinds = {child["name"]: child["kind"] for child in json.loads(text)["children"]}
    assert kinds["ext"] == kinds["ext_group"] == "external_link"
    assert str(SECRET_NUMBER) not in text and OUTSIDE_SECRET not in text
    good = await jp_fetch(
        "hackweek", "api", "h5", "data", params={"file": file, "path": "/plain", "format": "json"}
    )
    assert json.loads(good.body) == [0, 1, 2, 3]


async def test_planted_hostile_files_get_bounded_answers(client, planted):
    """The hostile volume's blow-up file (720 MB of attribute names behind hard links)
    and its unusual one (a self-linked group, 1,200 levels, a 128-bit integer): every
    route answers in words, bounded, while jupyter_server keeps answering."""
    base = "hackweek/api/h5/"
    cases = [
        ("meta", {"file": "shared/shared-readwrite/blowup.h5"}, 413),
        ("paths", {"file": "shared/shared-readwrite/blowup.h5"}, 200),
        ("meta", {"file": "shared/shared-readwrite/blowup.h5", "path": "/compound"}, 200),
        ("meta", {"file": "shared/shared-readwrite/unusual.h5", "path": "/loop/self"}, 200),
        ("paths", {"file": "shared/shared-readwrite/unusual.h5"}, 200),
        ("data", {"file": "shared/shared-readwrite/unusual.h5", "path": "/int128"}, 400),
        ("meta", {"file": "shared/shared-readwrite/unusual.h5", "path": "/int128"}, None),
        ("data", {"file": "shared/shared-readwrite/unusual.h5", "path": "/plain"}, 200),
    ]
    for _ in range(2):
        cases += [("meta", {"file": "shared/shared-readwrite/fifo.h5"}, 400)] * 5
    started = time.monotonic()
    task = asyncio.gather(*(client("GET", base + route, params) for route, params, _ in cases))
    times = await probe_while(client, "api/kernelspecs", lambda: not task.done(), every=0.01)
    replies = await task
    for (route, params, status), (code, text, seconds) in zip(cases, replies, strict=True):
        assert code == status or (status is None and code in (200, 415)), (
            route,
            params,
            code,
            text,
        )
        assert len(text) <= 8 * 1024 * 1024 + 1000
        assert seconds < 20
        if code >= 400:
            assert json.loads(text)["message"]
    assert time.monotonic() - started < 30
    assert max(times, default=0) < 1.0, times


async def test_a_read_past_the_deadline_is_a_504(get_json, jp_serverapp, monkeypatch):
    jp_serverapp.web_app.settings["hackweek_viewer"].timeout = 0.3

    def slow(*args, **kwargs):
        time.sleep(1.5)

    monkeypatch.setattr(profile, "profile", slow)
    started = time.monotonic()
    code, body = await get_json("h5", "profile", file=f"shared/shared/{ATL06}", y="/x")
    assert code == 504 and "longer than 0.3 s" in body["message"]
    assert time.monotonic() - started < 1.2
