"""What the map shows is what comes back: the CMR route's area searches against the
fake CMR, whose recorded and generated granules each have a footprint that agrees
with their name (ICESat-2 RGT and region), checked against Greenland's outline
(Natural Earth, ``data/areas/SOURCES.md``)."""

import json
from pathlib import Path

import numpy as np
import pytest

from jupyterlab_hackweek.tests.conftest import server_config
from jupyterlab_hackweek.tests.fake_cmr import FakeCmr
from jupyterlab_hackweek.tests.fake_cmr_areas import inside_rings

AREAS = Path(__file__).parent / "data" / "areas"
GREENLAND = [
    tuple(p)
    for p in json.loads((AREAS / "greenland.geo.json").read_text())["features"][0]["geometry"][
        "coordinates"
    ][0]
]
#: A box well inside Greenland (W, S, E, N) and the same area as a CCW polygon.
BOX = (-45, 68, -35, 76)
RING = "-45,68,-35,68,-35,76,-45,76,-45,68"


@pytest.fixture(scope="module")
def cmr():
    with FakeCmr() as fake:
        yield fake


@pytest.fixture
def jp_server_config(cmr):
    return server_config(NsidcSearch={"cmr_url": cmr.url})


@pytest.fixture
def granules(jp_fetch):
    """Every granule (all pages of 2000) the route finds for ``params``."""

    async def search(**params):
        found, after = [], None
        while True:
            headers = {"CMR-Search-After": after} if after else {}
            response = await jp_fetch(
                "hackweek",
                "api",
                "cmr",
                "granules",
                params={**params, "page_size": "2000"},
                headers=headers,
            )
            body = json.loads(response.body)
            found += body["granules"]
            after = response.headers.get("CMR-Search-After")
            if not after or not body["granules"]:
                return found

    return search


def points(granule: dict, step: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """The footprint's outline as the map draws it, in steps of ``step`` degrees."""
    ring = np.array(granule["polygons"][0], float)
    lons, lats = [], []
    for (x1, y1), (x2, y2) in zip(ring[:-1], ring[1:], strict=True):
        dx = (x2 - x1 + 180) % 360 - 180
        n = max(1, int(max(abs(dx), abs(y2 - y1)) / step))
        t = np.arange(n) / n
        lons.append((x1 + t * dx + 180) % 360 - 180)
        lats.append(y1 + t * (y2 - y1))
    return np.concatenate(lons), np.concatenate(lats)


def touches_greenland(granule: dict) -> bool:
    lons, lats = points(granule)
    return bool(inside_rings(lons, lats, [GREENLAND]).any())


def test_the_box_lies_inside_greenland():
    # The search area: its corners and edges (every 0.5 degrees) on Greenland's land
    west, south, east, north = BOX
    along, up = np.arange(west, east + 0.25, 0.5), np.arange(south, north + 0.25, 0.5)
    lons = np.concatenate([along, along, np.full_like(up, west), np.full_like(up, east)])
    lats = np.concatenate([np.full_like(along, south), np.full_like(along, north), up, up])
    assert inside_rings(lons, lats, [GREENLAND]).all()


@pytest.mark.parametrize("area", [{"bounding_box": ",".join(map(str, BOX))}, {"polygon": RING}])
async def test_a_greenland_search_returns_only_granules_over_greenland(granules, area):
    # When ATL06 (every version) is searched over a box (or polygon) inside Greenland
    found = await granules(short_name="ATL06", **area)
    # Then granules come back, and every one's footprint touches Greenland's land
    assert len(found) >= 20
    assert [g["name"] for g in found if not touches_greenland(g)] == []
    # And each is an ICESat-2 granule of a region north of 59.5 N (03, 04, 05), as named
    assert {g["icesat2"]["region"] for g in found} <= {3, 4, 5}


async def test_a_far_away_box_returns_none_of_them(granules):
    # Given the granules over Greenland
    greenland = {
        g["name"] for g in await granules(short_name="ATL06", bounding_box="-45,68,-35,76")
    }
    # When searching a box over the Ross Ice Shelf
    found = await granules(short_name="ATL06", bounding_box="165,-84,-165,-78")
    # Then its granules are the Antarctic regions' (10, 11, 12), all far south, none Greenland's
    assert found and {g["icesat2"]["region"] for g in found} <= {10, 11, 12}
    assert not greenland & {g["name"] for g in found}
    assert all(max(lat for _, lat in g["polygons"][0]) < -45 for g in found)


async def test_a_box_across_the_antimeridian_finds_footprints_there(granules):
    # When searching a box from 170 E to 170 W near the equator
    found = await granules(short_name="ATL06", version="006", bounding_box="170,-10,-170,0")
    # Then every footprint has a point in it, on one side of the antimeridian or the other
    assert found
    for granule in found:
        lons, lats = points(granule)
        assert ((np.abs(lons) >= 170) & (lats >= -10) & (lats <= 0)).any(), granule["name"]


async def test_a_cap_round_the_south_pole_finds_the_tracks_that_cross_it(granules):
    # When searching south of 86 S (a box round the pole)
    found = await granules(short_name="ATL06", version="006", bounding_box="-180,-90,180,-86")
    # Then the tracks' polar region 11 comes back (it reaches 88 S), 1 in 14 of 10,000
    assert {g["icesat2"]["region"] for g in found} == {11}
    assert len(found) == len(range(10, 10_000, 14))
