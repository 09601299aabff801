"""The cells the Shared Data panel inserts, run in a real kernel against the real samples.

``src/shared/__fixtures__/snippet-cells.json`` holds the cells "Insert code" and "Open in
place" put in a notebook, made by the panel's own functions
(``src/shared/__tests__/snippets.spec.ts`` keeps it current). Each runs unchanged in one
IPython kernel (``jupyter_client``, the kernel a notebook runs) whose working folder holds
the ATL06 sample, ``basin_mask.nc`` and a small file made here with valid ranges, NaN and
fill values. What the cell leaves and shows is compared with h5py reading the same
dataset: no fill value is shown as a number, and every real value is there.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import h5py
import numpy as np
import pytest
from jupyter_client.manager import KernelManager

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
    """The samples, and ``ranges.h5``: a float dataset with a valid_range, NaN and a
    fill value, and integers with a fill value, valid_min and valid_max."""
    folder = tmp_path_factory.mktemp("snippets")
    shutil.copyfile(DATA / ATL06, folder / ATL06)
    shutil.copyfile(DATA / "basin_mask.nc", folder / "basin_mask.nc")
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
