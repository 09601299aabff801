"""Shared browser: HDF5 / NetCDF-4 / Zarr previews, on the real ICESat-2 sample."""

import json
import shutil
from pathlib import Path

import h5py
import numpy as np
import pytest

from jupyterlab_hackweek.shared.preview import (
    MAX_ATTRS,
    PreviewRefused,
    preview_hdf5,
    preview_zarr,
)

DATA = Path(__file__).parent / "data" / "h5"
ATL06 = DATA / "ATL06_20181013235645_02340114_209_01.h5"


def nodes_by_path(reply):
    return {node["path"]: node for node in reply["nodes"]}


def test_atl06_shows_h_li_with_shape_and_dtype():
    # Given the real ATL06 granule, When previewed
    reply = preview_hdf5(str(ATL06), max_nodes=5000)
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
    assert reply["format"] == "HDF5"
    assert nodes["/ancillary_data/control"]["dtype"] == "|S100000"


def test_attributes_are_capped_and_truncated():
    # Given the 4,856 attributes of ATL06, Then every value is short and counts are capped
    for node in preview_hdf5(str(ATL06), max_nodes=5000)["nodes"]:
        assert len(node.get("attrs", {})) <= MAX_ATTRS
        for value in node.get("attrs", {}).values():
            assert len(json.dumps(value)) < 1000


def test_max_nodes_bounds_the_tree():
    reply = preview_hdf5(str(ATL06), max_nodes=50)
    assert len(reply["nodes"]) == 50
    assert reply["truncated"] is True


def test_netcdf4_basin_mask():
    nodes = nodes_by_path(reply := preview_hdf5(str(DATA / "basin_mask.nc"), max_nodes=100))
    assert reply["format"] == "NetCDF-4"
    assert (nodes["/basin"]["shape"], nodes["/basin"]["dtype"]) == ([33, 180, 360], "int8")


def test_netcdf3_gets_a_clear_message():
    # Given tiny.nc (netCDF-3 classic), When previewed, Then a 415 naming the format
    with pytest.raises(PreviewRefused) as refused:
        preview_hdf5(str(DATA / "tiny.nc"), max_nodes=100)
    assert refused.value.status == 415
    assert "netCDF-3" in refused.value.message


def test_not_hdf5_at_all(tmp_path):
    (tmp_path / "notes.h5").write_text("hello")
    with pytest.raises(PreviewRefused, match="not HDF5"):
        preview_hdf5(str(tmp_path / "notes.h5"), max_nodes=100)


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
    nodes = nodes_by_path(preview_hdf5(str(tmp_path / "f.h5"), max_nodes=100))
    assert nodes["/ext"] == {
        "path": "/ext",
        "name": "ext",
        "type": "external-link",
        "target": f"{tmp_path / 'secret.h5'}:/data",
    }
    assert nodes["/soft"]["type"] == "soft-link"
    assert len(nodes["/x"]["attrs"]["long"]) == 201


def test_opens_read_only_files_without_locking(tmp_path):
    # Given a read-only copy (as on a read-only mount), Then it previews
    copy = tmp_path / "ro.h5"
    shutil.copyfile(DATA / "basin_mask.nc", copy)
    copy.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        assert preview_hdf5(str(copy), max_nodes=10)["nodes"]
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
    reply = preview_zarr(str(store), max_nodes=100)
    assert reply["format"] == "Zarr"
    nodes = nodes_by_path(reply)
    assert nodes["/"]["attrs"] == {"Conventions": "CF-1.6"}
    assert nodes["/basin"]["shape"] == [33, 180, 360]
    assert nodes["/basin"]["compression"] == "blosc"
