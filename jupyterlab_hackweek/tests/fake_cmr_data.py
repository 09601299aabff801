"""The fake CMR's catalogue: real recorded records, and the ones derived from them.

See ``data/cmr/SOURCES.md`` for which entries are real and which are derived.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from jupyterlab_hackweek.tests.fake_cmr_areas import track_footprint

DATA = Path(__file__).parent / "data" / "cmr"
SCALE_COUNT = 10_000
PRODUCTS = {
    "ATL03": "ATLAS/ICESat-2 L2A Global Geolocated Photon Data",
    "ATL06": "ATLAS/ICESat-2 L3A Land Ice Height",
    "ATL07": "ATLAS/ICESat-2 L3A Sea Ice Height",
    "ATL08": "ATLAS/ICESat-2 L3A Land and Vegetation Height",
    "ATL10": "ATLAS/ICESat-2 L3A Sea Ice Freeboard",
    "ATL11": "ATLAS/ICESat-2 L3B Slope-Corrected Land Ice Height Time Series",
}
# Concept ids seen in the real records; every other collection id here is made up (C9...).
REAL_COLLECTION_IDS = {
    ("ATL06", "005", "NSIDC_ECS"): "C2144439155-NSIDC_ECS",
    ("ATL03", "005", "NSIDC_ECS"): "C2120512202-NSIDC_ECS",
    ("ATL06", "003", "NSIDC_ECS"): "C1706333750-NSIDC_ECS",
    ("MOD10A1", "061", "NSIDC_CPRD"): "C2565093311-NSIDC_CPRD",
}
MOD10A1_TITLE = "MODIS/Terra Snow Cover Daily L3 Global 500m SIN Grid V061"
CLOUD_HOST = "https://data.nsidc.earthdatacloud.nasa.gov"
DATA_REL = "http://esipfed.org/ns/fedsearch/1.1/data#"


def load(name: str):
    """A JSON file of ``data/cmr/``."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def parse_time(text: str) -> datetime:
    """An ISO 8601 time as an aware datetime (UTC when no zone is given)."""
    value = text.strip().replace("Z", "+00:00").replace("z", "+00:00")
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def build_collections() -> list[dict]:
    """The collection entries (legacy JSON): ICESat-2 ATL03/06/07/08/10/11 x 005/006 x 2 providers
    (derived), ATL06 003 and MOD10A1 061 (ids from the granule records) and the real SWOT record."""
    entries, serial = [], 0
    providers = ("NSIDC_ECS", "NSIDC_CPRD")
    keys = [(p, v, prov) for p in PRODUCTS for v in ("005", "006") for prov in providers]
    keys += [("ATL06", "003", "NSIDC_ECS"), ("MOD10A1", "061", "NSIDC_CPRD")]
    for short_name, version, provider in keys:
        serial += 1
        title = MOD10A1_TITLE if short_name == "MOD10A1" else f"{PRODUCTS[short_name]} V{version}"
        concept_id = REAL_COLLECTION_IDS.get((short_name, version, provider))
        entries.append(
            {
                "id": concept_id or f"C9{serial:09d}-{provider}",
                "short_name": short_name,
                "version_id": version,
                "title": title,
                "dataset_id": title,
                "data_center": provider,
                "archive_center": "NASA NSIDC DAAC",
                "coordinate_system": "ORBIT" if short_name.startswith("ATL") else "GEODETIC",
                "time_start": "2018-10-13T00:00:00.000Z",
                "boxes": ["-90 -180 90 180"],
                "online_access_flag": True,
                "cloud_hosted": provider == "NSIDC_CPRD",
            }
        )
    entries.extend(load("collection_swot_riversp_page_size1.json")["feed"]["entry"])
    return entries


def _cloud_copy(entry: dict, collection_id: str) -> dict:
    """The NSIDC_CPRD twin of an NSIDC_ECS ICESat-2 granule, with the cloud link layout."""
    name = entry["producer_granule_id"]
    product, date = name[:5], name[6:14]
    key = f"ATLAS/{product}/{name[-9:-6]}/{date[:4]}/{date[4:6]}/{date[6:]}/{name}"
    twin = copy.deepcopy(entry)
    twin.update(
        {
            "id": entry["id"].replace("G2", "G9", 1).replace("NSIDC_ECS", "NSIDC_CPRD"),
            "title": name,
            "data_center": "NSIDC_CPRD",
            "collection_concept_id": collection_id,
            "links": [
                {"rel": DATA_REL, "href": f"{CLOUD_HOST}/nsidc-cumulus-prod-protected/{key}"},
                {
                    "rel": "http://esipfed.org/ns/fedsearch/1.1/s3#",
                    "href": f"s3://nsidc-cumulus-prod-protected/{key}",
                },
                {
                    "rel": "http://esipfed.org/ns/fedsearch/1.1/metadata#",
                    "href": f"{CLOUD_HOST}/s3credentials",
                },
                {
                    "inherited": True,
                    "rel": DATA_REL,
                    "href": f"https://search.earthdata.nasa.gov/search?q={product}",
                },
            ],
        }
    )
    return twin


def _scale_granules(template: dict, collection_id: str) -> list[dict]:
    """10,000 ATL06 v006 granules varied deterministically from the real ATL06 record."""
    base = datetime(2019, 3, 30, tzinfo=UTC)
    links = [
        link
        for link in template["links"]
        if link["rel"].endswith(("/data#", "/metadata#")) and not link.get("inherited")
    ]
    result = []
    for i in range(SCALE_COUNT):
        rgt, cycle, region = i % 1387 + 1, 3 + i // 1387, i % 14 + 1
        start = base + timedelta(days=91 * (cycle - 3), seconds=round((rgt - 1) * 5669.4))
        end = start + timedelta(seconds=311)
        name = f"ATL06_{start:%Y%m%d%H%M%S}_{rgt:04d}{cycle:02d}{region:02d}_006_01.h5"
        result.append(
            {
                **{k: template[k] for k in ("orbit", "coordinate_system", "original_format")},
                "id": f"G8{i:09d}-NSIDC_ECS",
                "title": f"SC:ATL06.006:{300000000 + i}",
                "producer_granule_id": name,
                "dataset_id": "ATLAS/ICESat-2 L3A Land Ice Height V006",
                "data_center": "NSIDC_ECS",
                "collection_concept_id": collection_id,
                "time_start": _iso(start),
                "time_end": _iso(end),
                "updated": template["updated"],
                "granule_size": f"{59.1940822601 * (0.5 + (i % 100) / 100):.10f}",
                "polygons": [[track_footprint(rgt, region)]],
                "links": [
                    {
                        **link,
                        "href": link["href"]
                        .replace("005", "006")
                        .replace(template["producer_granule_id"][:-9], name[:-9]),
                    }
                    for link in links
                ],
                "online_access_flag": True,
            }
        )
    return result


def build_granules(collections: list[dict]) -> list[dict]:
    """Real records, the derived cloud twin of ATL06 v005 and the 10,000 generated ATL06 v006."""
    ids = {(c["short_name"], c["version_id"], c["data_center"]): c["id"] for c in collections}
    atl06 = load("atl06_v005_granule_nsidc_ecs.json")["feed"]["entry"][0]
    granules = [atl06, _cloud_copy(atl06, ids["ATL06", "005", "NSIDC_CPRD"])]
    granules += load("atl03_v005_granule_nsidc_ecs.json")["feed"]["entry"]
    granules += load("atl06_v003_two_granule_entries_icepyx.json")
    granules += load("nsidc_cprd_mod10a1_granule_cloud_links.json")["feed"]["entry"]
    granules += _scale_granules(atl06, ids["ATL06", "006", "NSIDC_ECS"])
    return granules
