"""Shared browser: HDF5 / NetCDF-4 / Zarr previews, on the real ICESat-2 sample."""

import json
import shutil
from contextlib import contextmanager
from pathlib import Path

import h5py
import numpy as np
import pytest

from jupyterlab_hackweek.shared.paths import opened_below
from jupyterlab_hackweek.shared.preview import (
    MAX_ATTRS,
    MAX_STRING,
    PreviewRefused,
    is_zarr,
    preview_hdf5,
    preview_zarr,
)

from .fixture_shared import open_existing

DATA = Path(__file__).parent / "data" / "h5"
ATL06 = DATA / "ATL06_20181013235645_02340114_209_01.h5"


def nodes_by_path(reply):
    return {node["path"]: node for node in reply["nodes"]}


@contextmanager
def opened_file(path):
    """The file ``path`` opened as the service opens it (``open_existing`` below its folder)."""
    path = Path(path)
    relative, opened = open_existing(str(path.parent), path.name, allow_hidden=False)
    with opened:
        assert relative == path.name and opened.is_file
        yield opened


def preview_file(path, max_nodes, **limits):
    with opened_file(path) as opened:
        return preview_hdf5(opened, max_nodes, **limits)


def test_atl06_shows_h_li_with_shape_and_dtype(fs_root):
    # Given the real ATL06 granule on the volume (local disk, then sshfs), opened via
    # open_existing, When previewed
    shutil.copyfile(ATL06, fs_root.server / ATL06.name)
    reply = preview_file(fs_root.client / ATL06.name, max_nodes=5000)
    nodes = nodes_by_path(reply)
    # Then h_li is listed as LISTINGS.txt says: (330,) float32, chunks (10000,), gzip
    h_li = nodes["/gt1l/land_ice_segments/h_li"]
    assert h_li["type"] == "dataset"
    assert (h_li["shape"], h_li["dtype"]) == ([330], "float32")
    assert (h_li["chunks"], h_li["compression"]) == ([10000], "gzip")
    assert h_li["attrs"]["units"] == "meters"
    # And all 101 groups + 537 datasets + the root, depth-first
    assert len(reply["nodes"]) == 1 + 101 + 537
    assert reply["truncated"] is False
    assert reply["truncated_reason"] is None
    assert reply["format"] == "HDF5"
    assert nodes["/ancillary_data/control"]["dtype"] == "|S100000"
    # And the reply says how much of the file was read: its metadata, not all of it
    assert reply["file_size"] == ATL06.stat().st_size
    assert 0 < reply["bytes_read"] < reply["file_size"]


def test_a_tree_reads_metadata_not_data(fs_root):
    # Given an ATL03-shaped file: six beams of photon heights, 40 MB of data in chunks
    path = fs_root.server / "ATL03_like.h5"
    photons = 1_000_000
    with h5py.File(path, "w") as f:
        for beam in ("gt1l", "gt1r", "gt2l", "gt2r", "gt3l", "gt3r"):
            heights = f.create_group(f"{beam}/heights")
            for name, dtype in (("h_ph", "f4"), ("lat_ph", "f8")):
                data = heights.create_dataset(name, (photons,), dtype, chunks=(10_000,))
                data[:] = np.linspace(0, 1, photons)
                data.attrs["units"] = "meters" if name == "h_ph" else "degrees_north"
    # When its tree is previewed through the volume (local disk, then sshfs)
    reply = preview_file(fs_root.client / path.name, max_nodes=1000)
    # Then every dataset is described and less than 2 % of the file was read
    h_ph = nodes_by_path(reply)["/gt2l/heights/h_ph"]
    assert (h_ph["shape"], h_ph["chunks"], h_ph["attrs"]) == (
        [photons],
        [10_000],
        {"units": "meters"},
    )
    assert reply["file_size"] == path.stat().st_size > 40_000_000
    assert reply["bytes_read"] < 0.02 * reply["file_size"]


def test_attributes_are_capped_and_truncated():
    # Given the 4,856 attributes of ATL06, Then every value is short and counts are capped
    for node in preview_file(ATL06, max_nodes=5000)["nodes"]:
        assert len(node.get("attrs", {})) <= MAX_ATTRS
        for value in node.get("attrs", {}).values():
            assert len(json.dumps(value)) < 1000


def test_max_nodes_bounds_the_tree():
    reply = preview_file(ATL06, max_nodes=50)
    assert len(reply["nodes"]) == 50
    assert reply["truncated"] is True
    assert reply["truncated_reason"] == "nodes"


def test_a_small_byte_budget_cuts_the_tree():
    # Given the real ATL06 granule (its full preview is far more than 50 kB of JSON)
    budget = 50_000
    full = preview_file(ATL06, max_nodes=5000)
    assert len(json.dumps(full["nodes"])) > budget
    # When previewed with a 50 kB budget
    reply = preview_file(ATL06, max_nodes=5000, budget=budget)
    # Then it is cut for its bytes, the nodes (and the whole reply) fit the budget
    assert reply["truncated"] is True
    assert reply["truncated_reason"] == "bytes"
    assert len(json.dumps(reply["nodes"])) < budget
    assert len(json.dumps(reply)) <= budget
    # And what is shown is the start of the full tree, depth-first, nothing skipped
    assert 1 < len(reply["nodes"]) < len(full["nodes"])
    assert reply["nodes"] == full["nodes"][: len(reply["nodes"])]


def test_netcdf4_basin_mask():
    nodes = nodes_by_path(reply := preview_file(DATA / "basin_mask.nc", max_nodes=100))
    assert reply["format"] == "NetCDF-4"
    assert (nodes["/basin"]["shape"], nodes["/basin"]["dtype"]) == ([33, 180, 360], "int8")


def test_netcdf3_gets_a_clear_message():
    # Given tiny.nc (netCDF-3 classic), When previewed, Then a 415 naming the format
    with pytest.raises(PreviewRefused) as refused:
        preview_file(DATA / "tiny.nc", max_nodes=100)
    assert refused.value.status == 415
    assert "netCDF-3" in refused.value.message


def test_not_hdf5_at_all(tmp_path):
    (tmp_path / "notes.h5").write_text("hello")
    with pytest.raises(PreviewRefused, match="not HDF5"):
        preview_file(tmp_path / "notes.h5", max_nodes=100)


def test_links_are_reported_not_followed(tmp_path):
    # Given a file with an external link to a file outside and a soft link, and a long attribute
    with h5py.File(tmp_path / "secret.h5", "w") as secret:
        secret["data"] = np.arange(3)
    with h5py.File(tmp_path / "f.h5", "w") as f:
        f["x"] = np.zeros((2, 3), "f4")
        f["x"].attrs["long"] = "y" * 100_000
        f["ext"] = h5py.ExternalLink(str(tmp_path / "secret.h5"), "/data")
        f["soft"] = h5py.SoftLink("/x")
    # When previewed, Then the links are nodes with targets and the string is cut
    nodes = nodes_by_path(preview_file(tmp_path / "f.h5", max_nodes=100))
    assert nodes["/ext"] == {
        "path": "/ext",
        "name": "ext",
        "type": "external-link",
        "target": f"{tmp_path / 'secret.h5'}:/data",
    }
    assert nodes["/soft"]["type"] == "soft-link"
    # (cut to MAX_STRING characters, the ellipsis included; it used to be one more, #12)
    assert len(nodes["/x"]["attrs"]["long"]) == MAX_STRING
    assert nodes["/x"]["attrs"]["long"] == "y" * (MAX_STRING - 1) + "…"


def test_opens_read_only_files_without_locking(tmp_path):
    # Given a read-only copy (as on a read-only mount), Then it previews
    copy = tmp_path / "ro.h5"
    shutil.copyfile(DATA / "basin_mask.nc", copy)
    copy.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        assert preview_file(copy, max_nodes=10)["nodes"]
    finally:
        tmp_path.chmod(0o755)


def test_zarr_tree_from_metadata(tmp_path):
    # Given a Zarr v2 group with one array
    store = tmp_path / "basin.zarr"
    (store / "basin").mkdir(parents=True)
    (store / ".zgroup").write_text('{"zarr_format": 2}')
    (store / ".zattrs").write_text('{"Conventions": "CF-1.6"}')
    (store / "basin" / ".zarray").write_text(
        json.dumps(
            {
                "shape": [33, 180, 360],
                "chunks": [33, 180, 360],
                "dtype": "|i1",
                "compressor": {"id": "blosc"},
                "zarr_format": 2,
            }
        )
    )
    # When previewed, Then the group and the array with shape, dtype, compressor
    with opened_below(tmp_path, "basin.zarr") as (beneath, folder, _):
        assert is_zarr(folder)
        reply = preview_zarr(beneath, folder, max_nodes=100)
    assert reply["format"] == "Zarr"
    nodes = nodes_by_path(reply)
    assert nodes["/"]["attrs"] == {"Conventions": "CF-1.6"}
    assert nodes["/basin"]["shape"] == [33, 180, 360]
    assert nodes["/basin"]["compression"] == "blosc"
    assert reply["truncated"] is False
    assert reply["truncated_reason"] is None


@pytest.fixture
def two_files(tmp_path):
    """f.h5 (dataset /opened) and other.h5 (dataset /swapped-in)."""
    with h5py.File(tmp_path / "f.h5", "w") as f:
        f["opened"] = np.zeros(2)
    with h5py.File(tmp_path / "other.h5", "w") as f:
        f["swapped-in"] = np.zeros(3)
    return tmp_path


def test_the_file_previewed_is_the_file_opened(two_files):
    # Given f.h5 opened, then moved away and its name made a link to another HDF5 file
    with opened_file(two_files / "f.h5") as opened:
        (two_files / "f.h5").rename(two_files / "moved.h5")
        (two_files / "f.h5").symlink_to(two_files / "other.h5")
        # When the open file is previewed, Then its own tree, not the new name's
        nodes = nodes_by_path(preview_hdf5(opened, max_nodes=100))
    assert set(nodes) == {"/", "/opened"}


def test_a_file_whose_name_was_replaced_after_opening_still_previews(two_files):
    # Given f.h5 opened, then its name replaced (os.replace) by another HDF5 file
    with opened_file(two_files / "f.h5") as opened:
        (two_files / "other.h5").replace(two_files / "f.h5")
        # When the open file is previewed, Then its own tree, not the new name's
        nodes = nodes_by_path(preview_hdf5(opened, max_nodes=100))
    assert set(nodes) == {"/", "/opened"}
