"""The cells the Shared Data panel inserts, run in a real kernel against the real samples.

``src/shared/__fixtures__/snippet-cells.json`` holds the cells "Insert code" and "Open in
place" put in a notebook, made by the panel's own functions
(``src/shared/__tests__/snippets.spec.ts`` keeps it current). Each runs unchanged in one
IPython kernel (``jupyter_client``, the kernel a notebook runs) whose working folder holds
the ATL06 sample, ``basin_mask.nc`` and a small file made here with valid ranges, NaN and
fill values. What the cell leaves and shows is compared with h5py reading the same
dataset: no fill value is shown as a number, and every real value is there.

The data viewer's "Insert code" writes the same cells (through ``ISharedCode``) for the
view it shows; its cells print what the viewer shows, compared here with what the
viewer's routes return (``viewer.profile``, ``viewer.content.data``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import h5py
import numpy as np
import pytest
from jupyter_client.manager import KernelManager

from ..viewer import content
from ..viewer.profile import profile
from .fixture_atl03 import ATL03, make_atl03_like
from .fixture_shared import ATL06, DATA

CELLS = {
    cell["name"]: cell
    for cell in json.loads(
        (
            Path(__file__).resolve().parents[2] / "src/shared/__fixtures__/snippet-cells.json"
        ).read_text()
    )
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """The samples; ``ranges.h5``: a float dataset with a valid_range, NaN and a fill
    value, and integers with a fill value, valid_min and valid_max; a synthetic ATL03
    beam of 100,000 photons, every 97th height its fill value."""
    folder = tmp_path_factory.mktemp("snippets")
    shutil.copyfile(DATA / ATL06, folder / ATL06)
    shutil.copyfile(DATA / "basin_mask.nc", folder / "basin_mask.nc")
    make_atl03_like(folder / ATL03, 100_000, beams=("gt1l",))
    with h5py.File(folder / ATL03, "r+") as handle:
        h_ph = handle["gt1l/heights/h_ph"]
        h_ph[::97] = np.float32(3.4028235e38)
        h_ph.attrs["_FillValue"] = np.float32(3.4028235e38)
    with h5py.File(folder / "ranges.h5", "w") as handle:
        ranged = handle.create_dataset(
            "ranged", data=[1.0, 5.0, -1.0, 200.0, np.nan, -9999.0, 50.0]
        )
        ranged.attrs["valid_range"] = np.array([0.0, 100.0])
        ranged.attrs["_FillValue"] = -9999.0
        counts = handle.create_dataset("counts", data=np.array([3, -1, 7, 1000, 0], "i2"))
        counts.attrs["_FillValue"] = np.int16(-1)
        counts.attrs["valid_min"] = np.int16(0)
        counts.attrs["valid_max"] = np.int16(500)
    return folder


@pytest.fixture(scope="module")
def kernel(folder):
    """One python3 kernel working in ``folder``; ``run(code)`` → (shown text, printed)."""
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel(cwd=str(folder))
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=60)

    def run(code: str) -> tuple[str, str]:
        shown, printed, errors = [], [], []

        def output(message):
            content = message["content"]
            kind = message["msg_type"]
            if kind == "execute_result":
                shown.append(content["data"].get("text/plain", ""))
            elif kind == "stream":
                printed.append(content["text"])
            elif kind == "error":
                errors.append("\n".join(content["traceback"]))

        reply = client.execute_interactive(code, output_hook=output, timeout=120)
        assert reply["content"]["status"] == "ok", "\n".join(errors)
        return "".join(shown), "".join(printed)

    yield run
    client.stop_channels()
    manager.shutdown_kernel(now=True)


def expected_values(path: Path, node: str) -> np.ndarray:
    """The dataset's real values, read with h5py and masked here on our own: fill value,
    valid_min/valid_max or valid_range, NaN."""
    with h5py.File(path, "r", locking=False) as handle:
        dataset = handle[node]
        values = dataset[...].astype("f8")
        attrs, dtype = dict(dataset.attrs), dataset.dtype
    keep = np.isfinite(values)
    if "_FillValue" in attrs:
        keep &= values != np.asarray(attrs["_FillValue"], dtype=dtype).astype("f8").reshape(-1)[0]
    low, high = attrs.get("valid_range", (attrs.get("valid_min"), attrs.get("valid_max")))
    if low is not None:
        keep &= values >= float(low)
    if high is not None:
        keep &= values <= float(high)
    return values[keep]


@pytest.mark.parametrize(
    "name",
    [
        "h_li of a beam (float32 with a _FillValue)",
        "solar elevation (fill values outside its valid range)",
        "a valid_range, NaN and a fill value (made by the test)",
        "integers with a fill value and valid_min/valid_max (made by the test)",
    ],
)
def test_a_numeric_dataset_shows_its_real_values_and_no_fill_value(name, kernel, folder):
    cell = CELLS[name]
    target = cell["target"]
    # When the inserted cell runs in the kernel
    shown, _ = kernel(cell["code"])
    _, printed = kernel("import json; print(json.dumps([float(v) for v in data.compressed()]))")
    # Then the data it leaves holds exactly the dataset's real values, in order
    real = expected_values(folder / target["path"], target["node"])
    assert json.loads(printed) == pytest.approx(real.tolist())
    # And what the notebook shows is a masked array whose values show no fill value as a
    # number (numpy names it after them, as "fill_value=")
    assert shown.startswith("masked_array(data=")
    values = shown.split("mask=")[0]
    assert "--" in values
    for fill in ("3.4028235e+38", "-9999", "1000"):
        assert fill not in values
    print(f"\n{name}: {real.size} real values shown; first {real[:3].tolist()}")


def test_the_text_dataset_reads_as_it_is(kernel, folder):
    shown, _ = kernel(CELLS["a text dataset"]["code"])
    with h5py.File(folder / ATL06, "r", locking=False) as handle:
        release = handle["/ancillary_data/release"][...]
    assert repr(release.item()) in shown or str(release) in shown


def test_a_beam_group_opens_with_xarray_fill_values_as_nan(kernel, folder):
    shown, _ = kernel(CELLS["a beam group with xarray"]["code"])
    _, printed = kernel("import json; print(json.dumps([float(v) for v in ds['h_li'].values]))")
    values = np.array(json.loads(printed))
    # Then h_li's real values are there, its fill values are NaN, never 3.4e38
    real = expected_values(folder / ATL06, "/gt1l/land_ice_segments/h_li")
    assert values[~np.isnan(values)] == pytest.approx(real.tolist())
    assert "<xarray.Dataset>" in shown
    assert "3.4028235e+38" not in shown


def test_a_netcdf_file_opens_with_xarray(kernel, folder):
    shown, _ = kernel(CELLS["a netCDF file with xarray"]["code"])
    _, printed = kernel("import json; print(json.dumps(sorted(ds.variables)))")
    with h5py.File(folder / "basin_mask.nc", "r", locking=False) as handle:
        datasets = sorted(name for name, item in handle.items() if isinstance(item, h5py.Dataset))
    assert json.loads(printed) == datasets
    assert "<xarray.Dataset>" in shown


def test_an_icesat2_granule_opens_in_place_one_dataset_per_beam_group(kernel, folder):
    _, printed = kernel(CELLS["an ICESat-2 granule opened in place"]["code"])
    with h5py.File(folder / ATL06, "r", locking=False) as handle:
        groups = [
            f"{track}/{name}"
            for track in handle
            if track.startswith(("gt", "pt"))
            for name, item in handle[track].items()
            if isinstance(item, h5py.Group)
        ]
    assert printed.startswith(f"{len(groups)} groups: {', '.join(groups)}")
    _, printed = kernel("print(float(beams['gt1l/land_ice_segments']['h_li'].max()))")
    assert float(printed) < 1e38


def test_another_file_opens_in_place_with_h5py(kernel, folder):
    _, printed = kernel(CELLS["another file opened in place"]["code"])
    with h5py.File(folder / "basin_mask.nc", "r", locking=False) as handle:
        assert printed.strip() == str(list(handle))


# --- the data viewer's "Insert code": the cell prints what the viewer shows ----------------

#: Pixel columns the quick look asks of ``h5/profile`` (``COLUMNS`` in src/viewer/app.tsx).
QUICK_LOOK_COLUMNS = 1200


def printed_view(printed: str) -> tuple[int, int, float, float, list[str], list[float]]:
    """What a viewer cell prints: real values, all values, lowest, highest, the first
    values as numpy prints them (``--`` for a masked one), and the first real ones."""
    summary, _, rest = printed.partition("first values:")
    first, _, first_real = rest.partition("first real values:")
    words = summary.split()
    assert words[1:2] == ["of"] and words[3:7] == ["values", "are", "real,", "from"], printed

    def numbers(text: str) -> list[str]:
        return text.replace("[", " ").replace("]", " ").split()

    real, size, low, high = int(words[0]), int(words[2]), float(words[7]), float(words[9])
    return real, size, low, high, numbers(first), [float(v) for v in numbers(first_real)]


def test_the_viewers_quick_look_cell_prints_what_the_quick_look_draws(kernel, folder):
    """h_li of gt1l of the real ATL06 sample: the cell prints the quick look's summary
    (values, masked, range), its first ten values — all fill values, masked — and its
    first real heights, which are the ones the first drawn columns of the profile hold."""
    cell = CELLS["the viewer: the ATL06 quick look of gt1l"]
    target = cell["target"]
    # When the cell the viewer inserts runs in the kernel
    shown, printed = kernel(cell["code"])
    real, size, low, high, first, first_real = printed_view(printed)
    # Then it says what the quick look's summary says, from the route's own reply
    with h5py.File(folder / ATL06, "r", locking=False) as handle:
        reply = profile(handle, target["node"], target["x"], columns=QUICK_LOOK_COLUMNS)
        raw = handle[target["node"]][:10]
    assert (size, size - real) == (reply["values"], reply["masked"])
    assert (low, high) == (
        pytest.approx(reply["y"]["min"], rel=1e-6),
        pytest.approx(reply["y"]["max"], rel=1e-6),
    )
    # And its first values are masked where the file holds its fill value…
    fill = np.float32(3.4028235e38)
    assert [word == "--" for word in first] == [bool(value == fill) for value in raw]
    assert first[:5] == ["--"] * 5
    # … and its first real heights fill the first drawn columns, in order along track:
    # each column's min and max are those of the heights that fall in it
    assert len(first_real) == 10
    values = list(first_real)
    for low_i, high_i, n in zip(reply["min"], reply["max"], reply["count"], strict=True):
        if not n:
            continue
        if n > len(values):
            break
        inside, values = values[:n], values[n:]
        assert (min(inside), max(inside)) == (
            pytest.approx(low_i, rel=1e-6),
            pytest.approx(high_i, rel=1e-6),
        )
    assert len(values) < 10, "no drawn column was compared"
    # And the cell leaves the along-track distance it is drawn against
    _, printed = kernel("print(x.shape == data.shape, float(x[0]))")
    assert printed.split()[0] == "True"
    assert "3.4028235e+38" not in shown.split("mask=")[0]
    print(f"\nquick look of gt1l: {real} of {size} real, first {first_real[:3]}")


@pytest.mark.parametrize(
    "name",
    [
        "the viewer: the ATL06 quick look of gt1r by quality",
        "the viewer: the ATL03 photon cloud of gt1l",
    ],
)
def test_the_viewers_cell_by_class_prints_each_class_as_the_legend_counts_it(name, kernel, folder):
    """A quick look coloured by classes (ATL06's quality flag; ATL03's photon cloud by
    land ice's signal confidence): the cell prints the summary the viewer shows and, per
    class, the real values the legend counts and the lowest and highest the class's
    columns are drawn between, from the route's own reply."""
    cell = CELLS[name]
    target = cell["target"]
    # When the cell the viewer inserts runs in the kernel
    _, printed = kernel(cell["code"])
    summary, _, per_class = printed.partition("\nclass ")
    real, size, low, high, first, _ = printed_view(summary)
    printed_classes = {}
    for line in ("class " + per_class).splitlines():
        words = line.split()
        assert words[0] == "class" and words[2] == "has", line
        printed_classes[int(words[1])] = (int(words[3]), float(words[7]), float(words[9]))
    # Then each class is the legend's: its values, and the range its columns span
    with h5py.File(folder / target["path"], "r", locking=False) as handle:
        reply = profile(
            handle,
            target["node"],
            target["x"],
            columns=QUICK_LOOK_COLUMNS,
            by=target["by"]["path"],
            by_column=target["by"]["column"],
        )
    legend = {
        entry["value"]: (
            sum(entry["count"]),
            min(v for v in entry["min"] if v is not None),
            max(v for v in entry["max"] if v is not None),
        )
        for entry in reply["classes"]
    }
    assert sorted(printed_classes) == sorted(legend) and len(legend) >= 2
    for value, (count, lowest, highest) in legend.items():
        assert printed_classes[value] == (
            count,
            pytest.approx(lowest, rel=1e-6),
            pytest.approx(highest, rel=1e-6),
        ), value
    # And the summary is the quick look's, fill values masked
    assert (size, size - real) == (reply["values"], reply["masked"])
    assert (low, high) == (
        pytest.approx(reply["y"]["min"], rel=1e-6),
        pytest.approx(reply["y"]["max"], rel=1e-6),
    )
    print(f"\n{name}: {real} of {size} real; per class {printed_classes}")


@pytest.mark.parametrize(
    "name",
    ["the viewer: Explore, the heights of gt2r", "the viewer: Explore, a row of a 2-D dataset"],
)
def test_the_viewers_explore_cell_prints_the_values_the_route_returns(name, kernel, folder):
    """The dataset and slice Explore shows: the cell's first values are the ``h5/data``
    reply's for that selection, masked where they are the fill value."""
    cell = CELLS[name]
    target = cell["target"]
    _, printed = kernel(cell["code"])
    real, size, _, _, first, _ = printed_view(printed)
    with h5py.File(folder / ATL06, "r", locking=False) as handle:
        reply = content.data(
            handle,
            target["node"],
            selection=target.get("selection"),
            dtype=None,
            flatten=True,
            format="json",
            max_bytes=1 << 24,
        )
        fill = handle[target["node"]].attrs.get("_FillValue")
    values = json.loads(reply.content)
    assert size == len(values)
    assert len(first) == min(10, len(values))
    for word, value in zip(first, values, strict=False):
        if fill is not None and value == pytest.approx(float(fill), rel=1e-6):
            assert word == "--"
        else:
            assert float(word) == pytest.approx(value, rel=1e-6)
    assert real == sum(1 for v in values if fill is None or v != pytest.approx(float(fill)))
    print(f"\n{name}: first {first[:6]}")
