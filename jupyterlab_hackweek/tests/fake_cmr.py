"""A loopback fake of NASA CMR's search API, serving real recorded responses.

Used in-process by pytest (``with FakeCmr() as cmr: ... cmr.url``), and as a
program by the browser tests and the demo's offline mode::

    python -m jupyterlab_hackweek.tests.fake_cmr --port 8765

then ``c.NsidcSearch.cmr_url = "http://127.0.0.1:8765"``.

It serves ``/search/granules.json`` and ``/search/collections.json`` (GET, or
a form-encoded POST) from ``data/cmr/`` (see its SOURCES.md: which records are
real, which are derived), with ``CMR-Hits``, ``CMR-Search-After`` paging,
``readable_granule_name[]`` patterns, ``temporal[]``, ``bounding_box``,
``polygon`` (clockwise -> CMR's real 400), version/provider/short_name filters
and CMR's ``{"errors": [...]}`` replies. ``POST /fake/enqueue`` with
``{"status", "body", "headers", "times", "delay"}`` (or :meth:`FakeCmr.enqueue`)
makes the next answers an error (e.g. a 429 with ``Retry-After``) or slow.

Scale: ``ATL06`` version ``006`` holds 10,000 granules generated from the
real ATL06 v005 record (time, RGT, cycle, region, file name, footprint and
size varied deterministically).
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import threading
import time
import urllib.parse
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

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


def _load(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _time(text: str) -> datetime:
    value = text.strip().replace("Z", "+00:00").replace("z", "+00:00")
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


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
        entries.append({
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
        })
    entries.extend(_load("collection_swot_riversp_page_size1.json")["feed"]["entry"])
    return entries


def _cloud_copy(entry: dict, collection_id: str) -> dict:
    """The NSIDC_CPRD twin of an NSIDC_ECS ICESat-2 granule, with the cloud link layout."""
    name = entry["producer_granule_id"]
    product, date = name[:5], name[6:14]
    key = f"ATLAS/{product}/{name[-9:-6]}/{date[:4]}/{date[4:6]}/{date[6:]}/{name}"
    twin = copy.deepcopy(entry)
    twin.update({
        "id": entry["id"].replace("G2", "G9", 1).replace("NSIDC_ECS", "NSIDC_CPRD"),
        "title": name,
        "data_center": "NSIDC_CPRD",
        "collection_concept_id": collection_id,
        "links": [
            {"rel": DATA_REL, "href": f"{CLOUD_HOST}/nsidc-cumulus-prod-protected/{key}"},
            {"rel": "http://esipfed.org/ns/fedsearch/1.1/s3#",
             "href": f"s3://nsidc-cumulus-prod-protected/{key}"},
            {"rel": "http://esipfed.org/ns/fedsearch/1.1/metadata#",
             "href": f"{CLOUD_HOST}/s3credentials"},
            {"inherited": True, "rel": DATA_REL,
             "href": f"https://search.earthdata.nasa.gov/search?q={product}"},
        ],
    })
    return twin


def _scale_granules(template: dict, collection_id: str) -> list[dict]:
    """10,000 ATL06 v006 granules varied deterministically from the real ATL06 record."""
    base = datetime(2019, 3, 30, tzinfo=timezone.utc)
    ring = [float(v) for v in template["polygons"][0][0].split()]
    links = [
        link for link in template["links"]
        if link["rel"].endswith(("/data#", "/metadata#")) and not link.get("inherited")
    ]
    result = []
    for i in range(SCALE_COUNT):
        rgt, cycle, region = i % 1387 + 1, 3 + i // 1387, i % 14 + 1
        start = base + timedelta(days=91 * (cycle - 3), seconds=round((rgt - 1) * 5669.4))
        end = start + timedelta(seconds=311)
        name = f"ATL06_{start:%Y%m%d%H%M%S}_{rgt:04d}{cycle:02d}{region:02d}_006_01.h5"
        shift = (rgt * 360 / 1387) % 360
        points = []
        for lat, lon in zip(ring[::2], ring[1::2], strict=True):
            points += [lat, (lon + shift + 180) % 360 - 180]
        result.append({
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
            "polygons": [[" ".join(f"{v:.6f}" for v in points)]],
            "links": [{**link, "href": link["href"].replace("005", "006").replace(
                template["producer_granule_id"][:-9], name[:-9])} for link in links],
            "online_access_flag": True,
        })
    return result


def build_granules(collections: list[dict]) -> list[dict]:
    """Real records, the derived cloud twin of ATL06 v005 and the 10,000 generated ATL06 v006."""
    ids = {(c["short_name"], c["version_id"], c["data_center"]): c["id"] for c in collections}
    atl06 = _load("atl06_v005_granule_nsidc_ecs.json")["feed"]["entry"][0]
    granules = [atl06, _cloud_copy(atl06, ids["ATL06", "005", "NSIDC_CPRD"])]
    granules += _load("atl03_v005_granule_nsidc_ecs.json")["feed"]["entry"]
    granules += _load("atl06_v003_two_granule_entries_icepyx.json")
    granules += _load("nsidc_cprd_mod10a1_granule_cloud_links.json")["feed"]["entry"]
    granules += _scale_granules(atl06, ids["ATL06", "006", "NSIDC_ECS"])
    return granules


def _error(status: int, *messages: str) -> tuple[int, dict, bytes]:
    return status, {}, json.dumps({"errors": list(messages)}).encode()


def _recorded_error(name: str) -> tuple[int, dict, bytes]:
    return 400, {}, (DATA / "errors_transcribed_from_issues" / name).read_bytes()


def _pattern(texts: list[str], enabled: bool) -> re.Pattern:
    """One regular expression matching any of CMR's name patterns (``*``, ``?`` when enabled)."""

    def one(text: str) -> str:
        if not enabled:
            return re.escape(text)
        return "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in text)

    return re.compile("(?:" + "|".join(one(t) for t in texts) + r")\Z", re.IGNORECASE)


def _lon_ranges(west: float, east: float) -> list[tuple[float, float]]:
    return [(west, east)] if west <= east else [(west, 180.0), (-180.0, east)]


def _footprint(entry: dict) -> tuple[list[tuple[float, float]], float, float] | None:
    """A granule's lon ranges and lat span from its ``polygons`` ("lat lon ..."), or None."""
    lats, lons = [], []
    for polygon in entry.get("polygons") or []:
        values = [float(v) for v in polygon[0].split()]
        lats += values[::2]
        lons += values[1::2]
    if not lats:
        return None
    west, east = min(lons), max(lons)
    ranges = [(-180.0, 180.0)] if east - west > 180 else [(west, east)]
    return ranges, min(lats), max(lats)


class Catalogue:
    """The fake's data and CMR's search semantics over it."""

    def __init__(self) -> None:
        self.collections = build_collections()
        self.by_id = {c["id"]: c for c in self.collections}
        self.granules = build_granules(self.collections)
        self.granules.sort(key=lambda g: (g["time_start"], g["producer_granule_id"]))
        self.footprints = [_footprint(g) for g in self.granules]
        self.times = [(_time(g["time_start"]), _time(g["time_end"])) for g in self.granules]

    def search_granules(self, params: dict[str, list[str]], after: str | None):
        """``(status, headers, body)`` for a ``granules.json`` query."""
        one = {k: v[-1] for k, v in params.items()}
        identifying = ("short_name", "collection_concept_id", "concept_id", "provider", "version")
        if not any(params.get(k) for k in identifying):
            return _recorded_error("granule_query_without_collection.json")
        if "polygon" in one:
            values = [float(v) for v in one["polygon"].split(",")]
            pts = list(zip(values[::2], values[1::2], strict=True))
            area = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(pts, pts[1:], strict=False))
            if area < 0:
                return _recorded_error("polygon_clockwise_400.json")
            lons, lats = [p[0] for p in pts], [p[1] for p in pts]
            params["bounding_box"] = [f"{min(lons)},{min(lats)},{max(lons)},{max(lats)}"]
        page_size = one.get("page_size", "10")
        if not page_size.isdigit() or int(page_size) > 2000:
            return _error(400, "page_size must be a number between 0 and 2000")
        names = params.get("readable_granule_name[]", []) + params.get("readable_granule_name", [])
        enabled = params.get("options[readable_granule_name][pattern]", ["false"])[-1] == "true"
        pattern = _pattern(names, enabled) if names else None
        matches = [i for i in range(len(self.granules)) if self._keep(i, params, pattern)]
        start = 0
        if after:
            key = tuple(json.loads(after))
            start = next(
                (n for n, i in enumerate(matches) if self._key(i) > key), len(matches)
            )
        page = matches[start : start + int(page_size)]
        headers = {"CMR-Hits": str(len(matches))}
        if page and start + len(page) < len(matches):
            headers["CMR-Search-After"] = json.dumps(list(self._key(page[-1])))
        entries = [self.granules[i] for i in page]
        body = {"feed": {"updated": "2026-01-01T00:00:00.000Z", "id": "fake-cmr",
                         "title": "ECHO granule metadata", "entry": entries}}
        return 200, headers, json.dumps(body).encode()

    def _key(self, i: int) -> tuple[str, str]:
        return self.granules[i]["time_start"], self.granules[i]["producer_granule_id"]

    def _keep(self, i: int, params: dict[str, list[str]], pattern: re.Pattern | None) -> bool:
        granule = self.granules[i]
        collection = self.by_id.get(granule["collection_concept_id"], {})
        checks = {
            "short_name": collection.get("short_name"),
            "version": collection.get("version_id"),
            "provider": granule["data_center"],
            "collection_concept_id": granule["collection_concept_id"],
            "concept_id": granule["id"],
        }
        for name, value in checks.items():
            if params.get(name) and value not in params[name]:
                return False
        for temporal in params.get("temporal[]", []) + params.get("temporal", []):
            low, high = (part.strip() for part in temporal.split(","))
            start, end = self.times[i]
            if (low and end < _time(low)) or (high and start > _time(high)):
                return False
        if params.get("bounding_box"):
            west, south, east, north = (float(v) for v in params["bounding_box"][-1].split(","))
            footprint = self.footprints[i]
            if footprint is None:
                return False
            ranges, low_lat, high_lat = footprint
            if high_lat < south or low_lat > north:
                return False
            if not any(a <= d and c <= b for a, b in ranges for c, d in _lon_ranges(west, east)):
                return False
        if pattern and not any(
            pattern.match(t) for t in (granule["producer_granule_id"], granule["title"])
        ):
            return False
        return True

    def search_collections(self, params: dict[str, list[str]]):
        """``(status, headers, body)`` for a ``collections.json`` query."""
        result = []
        keyword = params.get("keyword", [""])[-1]
        for entry in self.collections:
            if params.get("short_name") and entry["short_name"] not in params["short_name"]:
                continue
            if params.get("version") and entry["version_id"] not in params["version"]:
                continue
            if params.get("provider") and entry["data_center"] not in params["provider"]:
                continue
            if keyword:
                words = [entry["short_name"], *entry["title"].split()]
                if not any(_pattern([keyword], True).match(w) for w in words):
                    continue
            result.append(entry)
        page_size = int(params.get("page_size", ["10"])[-1])
        body = {"feed": {"id": "fake-cmr", "title": "ECHO dataset metadata",
                         "entry": result[:page_size]}}
        return 200, {"CMR-Hits": str(len(result))}, json.dumps(body).encode()


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format, *args):  # noqa: A002 - quiet: tests read fake.requests
        pass

    def do_GET(self) -> None:
        self._answer(urllib.parse.urlsplit(self.path).query)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8")
        if urllib.parse.urlsplit(self.path).path == "/fake/enqueue":
            order = json.loads(body or "{}")
            self.server.fake.enqueue(
                order.get("status", 500), order.get("body", {"errors": ["fake"]}),
                order.get("headers"), order.get("times", 1), order.get("delay", 0.0),
            )
            return self._send(204, {}, b"")
        self._answer(body)

    def _answer(self, query: str) -> None:
        fake, path = self.server.fake, urllib.parse.urlsplit(self.path).path
        params: dict[str, list[str]] = {}
        for key, value in urllib.parse.parse_qsl(query, keep_blank_values=True):
            params.setdefault(key, []).append(value)
        fake.requests.append({"method": self.command, "path": path, "params": params,
                              "headers": dict(self.headers.items())})
        queued = fake.next_queued()
        if queued:
            time.sleep(queued[3])
            return self._send(*queued[:3])
        if path == "/search/granules.json":
            return self._send(*fake.catalogue.search_granules(
                params, self.headers.get("CMR-Search-After")))
        if path == "/search/collections.json":
            return self._send(*fake.catalogue.search_collections(params))
        self._send(*_error(404, f"The path {path} does not exist."))

    def _send(self, status: int, headers: dict, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Expose-Headers", "CMR-Hits, CMR-Search-After")
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeCmr


class FakeCmr:
    """The fake CMR on ``127.0.0.1``; ``url`` is the value for ``NsidcSearch.cmr_url``."""

    _catalogue: Catalogue | None = None

    def __init__(self, port: int = 0) -> None:
        if FakeCmr._catalogue is None:
            FakeCmr._catalogue = Catalogue()
        self.catalogue = FakeCmr._catalogue
        self.requests: list[dict] = []
        self._queue: list[tuple[int, dict, bytes, float]] = []
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.fake = self
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def enqueue(
        self, status: int, body, headers: dict | None = None, times: int = 1, delay: float = 0.0
    ) -> None:
        """Answer the next ``times`` requests with ``status`` and ``body`` (a dict becomes JSON),
        each after ``delay`` seconds."""
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        with self._lock:
            self._queue.extend([(status, dict(headers or {}), data, delay)] * times)

    def reset(self) -> None:
        """Forget recorded requests and queued answers."""
        with self._lock:
            self.requests.clear()
            self._queue.clear()

    def next_queued(self) -> tuple[int, dict, bytes, float] | None:
        with self._lock:
            return self._queue.pop(0) if self._queue else None

    def start(self) -> FakeCmr:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeCmr:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve a fake NASA CMR on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args(argv)
    fake = FakeCmr(args.port)
    print(f"Fake CMR at {fake.url} (set c.NsidcSearch.cmr_url to it)", flush=True)
    try:
        fake._server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        fake._server.server_close()


if __name__ == "__main__":
    main()
