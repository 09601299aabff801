"""The browser-test site's downloads: fake CMR links lead to the fake data server, and a
granule found in the fake CMR downloads through ``c.Downloads`` as ``configure_site`` sets it."""

from __future__ import annotations

import json
import os
import urllib.request

import h5py
import pytest
from traitlets.config import Config

pytest.register_assert_rewrite("jupyterlab_hackweek.tests.downloads_helpers")

from jupyterlab_hackweek.downloads import DownloadManager, Downloads, Harmony  # noqa: E402
from jupyterlab_hackweek.downloads.credentials import store_netrc  # noqa: E402
from jupyterlab_hackweek.tests.fake_cmr import with_data_url  # noqa: E402
from jupyterlab_hackweek.tests.site import (  # noqa: E402
    HTML_GRANULE,
    REAL_GRANULE,
    configure_site,
)

from .downloads_helpers import SAMPLE_BYTES, settle, visible_files  # noqa: E402

DATA = "http://esipfed.org/ns/fedsearch/1.1/data#"
BROWSE = "http://esipfed.org/ns/fedsearch/1.1/browse#"


def test_only_own_https_data_links_move_to_the_data_url():
    # Given a granule with a data link, a browse image, an inherited link and an S3 link
    entry = {
        "links": [
            {"rel": DATA, "href": "https://n5eil01u.ecs.nsidc.org/DP7/ATLAS/x.h5"},
            {"rel": BROWSE, "href": "https://n5eil01u.ecs.nsidc.org/DP0/x.jpg"},
            {"rel": DATA, "inherited": True, "href": "https://search.earthdata.nasa.gov/?q=x"},
            {"rel": DATA, "href": "s3://bucket/x.h5"},
        ]
    }
    # When moved to the fake data server
    moved = with_data_url(entry, "http://127.0.0.1:9")
    # Then only the data link changes host (its path is kept), and the record is a copy
    assert [link["href"] for link in moved["links"]] == [
        "http://127.0.0.1:9/DP7/ATLAS/x.h5",
        "https://n5eil01u.ecs.nsidc.org/DP0/x.jpg",
        "https://search.earthdata.nasa.gov/?q=x",
        "s3://bucket/x.h5",
    ]
    assert entry["links"][0]["href"].startswith("https://n5eil01u")
    assert with_data_url(entry, None) is entry


@pytest.fixture
def site(tmp_path, monkeypatch):
    """``configure_site`` on a small folder: ``(config, root, cmr, earthdata)``."""
    monkeypatch.setenv("EARTHDATA_TOKEN", "a-developer-token")
    config = Config()
    root = tmp_path / "site"
    cmr, earthdata, harmony = configure_site(config, root, n_files=3)
    yield config, root, cmr, earthdata
    cmr.stop()
    earthdata.stop()
    harmony.stop()


def search(cmr, **params) -> list[dict]:
    query = urllib.parse.urlencode(params)
    with urllib.request.urlopen(f"{cmr.url}/search/granules.json?{query}") as reply:  # noqa: S310
        return json.load(reply)["feed"]["entry"]


def as_panel_sends(entry: dict) -> dict:
    """The granule as the NSIDC panel hands it to ``IDownloads.start``."""
    name = entry["producer_granule_id"]
    url = next(link["href"] for link in entry["links"] if link["href"].endswith("/" + name))
    return {"name": name, "url": url, "size_bytes": round(float(entry["granule_size"]) * 2**20)}


async def test_a_granule_found_in_the_fake_cmr_downloads_at_its_listed_size(site):
    config, root, cmr, earthdata = site
    # Given the site's settings: no credential (a developer's token is ignored)
    assert "EARTHDATA_TOKEN" not in os.environ
    assert not (root / ".netrc").exists()
    manager = DownloadManager(Downloads(config=config), str(root), str(root), environ={})
    await manager.start()
    earthdata.faults.pop(REAL_GRANULE)  # not throttled here
    # And the real ATL06 v005 granule's data links, which now point at the fake data server
    entries = search(cmr, short_name="ATL06", version="005")
    assert {e["producer_granule_id"] for e in entries} == {REAL_GRANULE}
    items = [as_panel_sends(e) for e in entries]
    assert {urllib.parse.urlsplit(i["url"]).netloc for i in items} == {
        f"127.0.0.1:{earthdata.data_port}"
    }
    try:
        # When both copies (on-premises and cloud layout) are downloaded without a login
        created = await manager.create({"short_name": "ATL06", "version": "005", "granules": items})
        reply = await settle(manager, created["id"])
        assert {f["error_kind"] for f in reply["files"]} == {"login"}
        # And the fake's account is saved as the login dialog does
        store_netrc(manager.netrc_path, "127.0.0.1", earthdata.username, earthdata.password)
        manager.login_saved()
        reply = await settle(manager, created["id"], timeout=60)
    finally:
        await manager.shutdown()
    # Then the granule is saved under <root>/data, visible to the file browser, at the size
    # CMR lists, and it is the real ATL06 sample (padded with zero bytes to that size)
    assert reply["state"] == "done" and reply["browser_path"] == "data/ATL06/005"
    saved = visible_files(root / "data" / "ATL06" / "005")
    assert set(saved) == {REAL_GRANULE, REAL_GRANULE.replace(".h5", "-2.h5")}
    data = saved[REAL_GRANULE]
    assert len(data) == items[0]["size_bytes"] == 62_069_494
    assert data.startswith(SAMPLE_BYTES) and not data[len(SAMPLE_BYTES) :].strip(b"\0")
    with h5py.File(root / "data" / "ATL06" / "005" / REAL_GRANULE, "r") as granule:
        assert granule["gt1l/land_ice_segments/h_li"].shape == (330,)


async def test_the_html_granule_fails_in_plain_words_and_leaves_no_file(site):
    config, root, cmr, earthdata = site
    # Given a login, and the granule the fake answers with the Earthdata Login page
    manager = DownloadManager(Downloads(config=config), str(root), str(root), environ={})
    store_netrc(manager.netrc_path, "127.0.0.1", earthdata.username, earthdata.password)
    await manager.start()
    entries = search(
        cmr,
        short_name="ATL06",
        version="006",
        provider="NSIDC_ECS",
        **{"temporal[]": "2019-03-30T00:00:00Z,2019-03-30T00:01:00Z"},
    )
    assert [e["producer_granule_id"] for e in entries] == [HTML_GRANULE]
    try:
        # When it is downloaded
        created = await manager.create(
            {"short_name": "ATL06", "version": "006", "granules": [as_panel_sends(entries[0])]}
        )
        reply = await settle(manager, created["id"])
    finally:
        await manager.shutdown()
    # Then it failed, saying a web page came instead of data, and nothing was saved
    file = reply["files"][0]
    assert (file["state"], file["error_kind"]) == ("failed", "html")
    assert "web page" in file["error"] and "Earthdata Login" in file["error"]
    assert visible_files(root / "data" / "ATL06" / "006") == {}


async def test_a_subset_order_on_the_site_saves_cut_granules(site):
    """The demo's and browser tests' Harmony: the granules a search over a box finds,
    ordered by name from the cloud collection with that box, come back cut."""
    config, root, cmr, earthdata = site
    manager = DownloadManager(
        Downloads(config=config), str(root), str(root), environ={}, harmony=Harmony(config=config)
    )
    store_netrc(manager.netrc_path, "127.0.0.1", earthdata.username, earthdata.password)
    await manager.start()
    box = [-52.5, 64, -48.5, 70]
    found = search(cmr, short_name="ATL06", version="006", bounding_box=",".join(map(str, box)))
    names = [e["producer_granule_id"] for e in found]
    cloud = json.loads(
        urllib.request.urlopen(  # noqa: S310
            f"{cmr.url}/search/collections.json?short_name=ATL06&version=006&provider=NSIDC_CPRD"
        ).read()
    )["feed"]["entry"][0]["id"]
    try:
        created = await manager.order(
            {
                "short_name": "ATL06",
                "version": "006",
                "collection_id": cloud,
                "granules": names[:2],
                "bbox": box,
            }
        )
        reply = await settle(manager, created["id"], timeout=60)
    finally:
        await manager.shutdown()
    assert reply["state"] == "done" and reply["order"]["status"] == "successful", reply
    saved = visible_files(root / "data" / "ATL06" / "006")
    assert sorted(saved) == sorted(n.replace(".h5", "_subsetted.h5") for n in names[:2])
    with h5py.File(root / "data" / "ATL06" / "006" / sorted(saved)[0], "r") as granule:
        lat = granule["gt1l/land_ice_segments/latitude"][:]
    assert 0 < lat.size < 330 and lat.min() >= 64 and lat.max() <= 70
