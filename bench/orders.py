"""Bytes a subset order brings home vs. downloading the whole granules of the same search.

The site of the demo and the browser tests (``tests/site.py``): the fake CMR, the
fake data host serving each granule at the size its CMR record lists, and the fake
Harmony, which cuts the real ATL06 sample to the order's box. The same granules
of a search are first downloaded whole (``DownloadManager.create``, what the
Download button does), then ordered as subsets with a box over a third of their
tracks in Greenland (``DownloadManager.order``): the bytes each brought to disk and
the time taken, from the same run.

Caveat: every fake granule's data is the 3 MB ATL06 sample laid along its
footprint (the subset keeps the sample's metadata groups whole), while the
whole-granule figure uses the sizes CMR lists (ATL06 v006: tens of MB). Real ATL03
granules are 1-7 GB of photons, of which a box of one glacier keeps a few percent.

Run: ``python bench/orders.py [--granules 5]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
import urllib.request

from traitlets.config import Config

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from jupyterlab_hackweek.downloads import DownloadManager, Downloads, Harmony  # noqa: E402
from jupyterlab_hackweek.downloads.credentials import store_netrc  # noqa: E402
from jupyterlab_hackweek.tests.site import configure_site  # noqa: E402

BOX = [-52.5, 64.0, -48.5, 70.0]


def search(cmr_url: str, path: str) -> dict:
    with urllib.request.urlopen(f"{cmr_url}{path}") as reply:  # noqa: S310 (loopback fake)
        return json.load(reply)


async def settle(manager: DownloadManager, download_id: str) -> dict:
    while (reply := manager.get(download_id))["state"] == "active":
        await asyncio.sleep(0.05)
    return reply


async def main(count: int) -> None:
    root = tempfile.mkdtemp(prefix="hackweek-bench-orders-")
    config = Config()
    cmr, earthdata, harmony = configure_site(config, root, n_files=1)
    config.Harmony.poll_interval = 0.05
    earthdata.faults.clear()  # no throttled or broken granule here
    query = "/search/granules.json?short_name=ATL06&version=006&provider=NSIDC_ECS"
    query += "&bounding_box=" + ",".join(map(str, BOX))  # the granules whose tracks cross it
    entries = search(cmr.url, f"{query}&page_size={count}")["feed"]["entry"]
    names = [e["producer_granule_id"] for e in entries]
    cloud = search(
        cmr.url, "/search/collections.json?short_name=ATL06&version=006&provider=NSIDC_CPRD"
    )["feed"]["entry"][0]["id"]
    manager = DownloadManager(
        Downloads(config=config), root, root, environ={}, harmony=Harmony(config=config)
    )
    store_netrc(manager.netrc_path, "127.0.0.1", earthdata.username, earthdata.password)
    await manager.start()
    try:
        granules = [
            {
                "name": e["producer_granule_id"],
                "url": next(
                    link["href"]
                    for link in e["links"]
                    if link["href"].endswith("/" + e["producer_granule_id"])
                ),
                "size_bytes": round(float(e["granule_size"]) * 2**20),
            }
            for e in entries
        ]
        start = time.perf_counter()
        whole = await manager.create(
            {"short_name": "ATL06", "version": "006", "granules": granules, "destination": "whole"}
        )
        whole = await settle(manager, whole["id"])
        whole_time = time.perf_counter() - start
        start = time.perf_counter()
        subset = await manager.order(
            {
                "short_name": "ATL06",
                "version": "006",
                "collection_id": cloud,
                "granules": names,
                "bbox": BOX,
                "destination": "subsets",
            }
        )
        subset = await settle(manager, subset["id"])
        subset_time = time.perf_counter() - start
    finally:
        await manager.shutdown()
        cmr.stop()
        earthdata.stop()
        harmony.stop()
    assert whole["state"] == subset["state"] == "done", (whole, subset)
    whole_bytes = sum(f["bytes_done"] for f in whole["files"])
    subset_bytes = sum(f["bytes_done"] for f in subset["files"])
    print(f"{len(names)} ATL06 v006 granules of one search, box {BOX}")
    print(f"  whole granules (Download): {whole_bytes / 1e6:8.1f} MB in {whole_time:5.2f} s")
    print(
        f"  subset order (Harmony):    {subset_bytes / 1e6:8.1f} MB in {subset_time:5.2f} s"
        f"  ({subset_bytes / whole_bytes:.1%} of the bytes)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--granules", type=int, default=5)
    asyncio.run(main(parser.parse_args().granules))
