"""A loopback fake of NASA CMR's search API: real recorded records and generated ones.

Used in-process by pytest (``with FakeCmr() as cmr: ... cmr.url``), and as a
program by the browser tests and the demo's offline mode::

    python -m jupyterlab_hackweek.tests.fake_cmr --port 8765

then ``c.NsidcSearch.cmr_url = "http://127.0.0.1:8765"``.

It serves ``/search/granules`` and ``/search/collections`` (GET, or a
form-encoded POST) from ``data/cmr/`` (see its SOURCES.md: which records are
real, which are derived) as legacy JSON (``.json``, or no extension with
``Accept: application/json``, as icepyx asks) and as UMM (``.umm_json``, as
earthaccess and python-cmr ask: UMM-G and UMM-C items shaped like the recorded
``*.umm_json.json``), with ``CMR-Hits``, ``CMR-Search-After`` paging,
``readable_granule_name`` patterns, ``temporal``, ``bounding_box``, ``polygon``
(clockwise -> CMR's real 400), version/provider/short_name/concept_id (of a
granule or its collection) and ``cloud_hosted`` filters, each in either of
CMR's spellings (``provider=A&provider=B`` or ``provider[]=A&provider[]=B``),
and CMR's ``{"errors": [...]}`` replies. For the earthaccess code the panel
inserts, it also answers Earthdata Login's ``GET /profile`` (the page
``earthaccess.login()`` opens once it holds a token) when it serves the NASA
host names (``nsidc_hosts.NasaHosts``). ``POST /fake/enqueue`` with
``{"status", "body", "headers", "times", "delay"}`` (or :meth:`FakeCmr.enqueue`)
makes the next answers an error (e.g. a 429 with ``Retry-After``) or slow.
``FakeCmr(data_url=...)`` (``--data-url``) rewrites the scheme and host of the
granules' https data links to that server (e.g. ``fake_earthdata``, which serves
any NSIDC-style path by its file name), keeping their paths.

Scale: ``ATL06`` version ``006`` holds 10,000 granules generated from the
real ATL06 v005 record (time, RGT, cycle, region, file name and size varied
deterministically), each with the footprint its name gives: a strip along that
RGT's ground track over that region (``fake_cmr_areas``). ``bounding_box`` and
``polygon`` keep the granules whose footprint meets the area, as CMR does
(``fake_cmr_areas.Outline.meets``), so what a map draws is what comes back.
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import re
import ssl
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from jupyterlab_hackweek.tests.fake_cmr_areas import Outline, footprint, request_area
from jupyterlab_hackweek.tests.fake_cmr_data import (
    DATA,
    build_collections,
    build_granules,
    load,
    parse_time,
)

#: The relation of a legacy link -> the UMM ``RelatedUrls`` type CMR gives it.
UMM_URL_TYPES = {
    "data#": "GET DATA",
    "s3#": "GET DATA VIA DIRECT ACCESS",
    "browse#": "GET RELATED VISUALIZATION",
    "metadata#": "VIEW RELATED INFORMATION",
    "documentation#": "VIEW RELATED INFORMATION",
}


def _error(status: int, *messages: str) -> tuple[int, dict, bytes]:
    return status, {}, json.dumps({"errors": list(messages)}).encode()


def cmr_params(params: dict[str, list[str]]) -> dict[str, list[str]]:
    """The query with CMR's two spellings of a list merged: ``provider[]=A`` is
    ``provider=A`` (CMR reads both; python-cmr sends lists with ``[]``)."""
    merged: dict[str, list[str]] = {}
    for key, values in params.items():
        merged.setdefault(key.removesuffix("[]"), []).extend(values)
    return merged


def _counter_clockwise(ring: list[tuple[float, float]]) -> bool:
    """Whether a closed lon/lat ring turns left in all (geodesic edges): its region
    on the left is then the smaller one, as CMR wants (Gauss-Bonnet: a ring's
    turning is 2 pi minus the area on its left). Computed with 3-D vectors, apart
    from the longitude-step rule the code under test uses."""

    def vector(lon: float, lat: float) -> tuple[float, float, float]:
        lon, lat = math.radians(lon), math.radians(lat)
        return (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))

    def toward(b, c):  # the unit tangent at b of the great circle to c
        dot = sum(x * y for x, y in zip(b, c, strict=True))
        t = [y - dot * x for x, y in zip(b, c, strict=True)]
        norm = math.sqrt(sum(x * x for x in t)) or 1.0
        return [x / norm for x in t]

    points = [vector(lon, lat) for lon, lat in ring[:-1]]
    turning = 0.0
    for i, b in enumerate(points):
        a, c = points[i - 1], points[(i + 1) % len(points)]
        incoming = [-x for x in toward(b, a)]
        outgoing = toward(b, c)
        cross = (
            incoming[1] * outgoing[2] - incoming[2] * outgoing[1],
            incoming[2] * outgoing[0] - incoming[0] * outgoing[2],
            incoming[0] * outgoing[1] - incoming[1] * outgoing[0],
        )
        sine = sum(x * y for x, y in zip(b, cross, strict=True))
        cosine = sum(x * y for x, y in zip(incoming, outgoing, strict=True))
        turning += math.atan2(sine, cosine)
    return turning > 0


def _recorded_error(name: str) -> tuple[int, dict, bytes]:
    return 400, {}, (DATA / "errors_transcribed_from_issues" / name).read_bytes()


def _pattern(texts: list[str], enabled: bool) -> re.Pattern:
    """One regular expression matching any of CMR's name patterns (``*``, ``?`` when enabled)."""

    def one(text: str) -> str:
        if not enabled:
            return re.escape(text)
        return "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in text)

    return re.compile("(?:" + "|".join(one(t) for t in texts) + r")\Z", re.IGNORECASE)


def with_data_url(entry: dict, data_url: str | None) -> dict:
    """``entry`` with its own https data links moved to ``data_url`` (path kept); a copy."""
    if not data_url:
        return entry
    base = urllib.parse.urlsplit(data_url)
    links = []
    for link in entry.get("links") or []:
        href = str(link.get("href", ""))
        if (
            str(link.get("rel", "")).endswith("/data#")
            and href.startswith("https://")
            and not link.get("inherited")
        ):
            parts = urllib.parse.urlsplit(href)
            link = {**link, "href": urllib.parse.urlunsplit((base.scheme, base.netloc, *parts[2:]))}
        links.append(link)
    return {**entry, "links": links}


UMM_G_TYPE = "application/vnd.nasa.cmr.umm_results+json;version=1.6.6; charset=utf-8"
UMM_C_TYPE = "application/vnd.nasa.cmr.umm_results+json;version=1.18.1; charset=utf-8"
_UMM_G = load("atl06_v005_granule_nsidc_ecs.umm_json.json")["items"][0]
_UMM_C = load("collection_mur_cloud_hosted_page_size1.umm_json.json")["items"][0]


def granule_umm(entry: dict) -> dict:
    """A legacy granule entry as a UMM-G item, in the shape of the recorded ATL06 one
    (file name as ``ProducerGranuleId``, the size in MB with ``SizeUnit: "NA"`` as NSIDC
    writes it, one ``RelatedUrls`` item per own link)."""
    item = copy.deepcopy(_UMM_G)
    item["meta"].update(
        {
            "concept-id": entry["id"],
            "native-id": entry["title"],
            "provider-id": entry["data_center"],
        }
    )
    umm = item["umm"]
    umm["GranuleUR"] = entry["title"]
    umm["CollectionReference"] = {"EntryTitle": entry["dataset_id"]}
    umm["TemporalExtent"] = {
        "RangeDateTime": {
            "BeginningDateTime": entry["time_start"],
            "EndingDateTime": entry["time_end"],
        }
    }
    name = entry.get("producer_granule_id") or entry["title"]
    umm["DataGranule"]["Identifiers"] = [
        {"Identifier": name, "IdentifierType": "ProducerGranuleId"}
    ]
    size = float(entry.get("granule_size") or 0)
    umm["DataGranule"]["ArchiveAndDistributionInformation"] = [
        {"Name": "Not provided", "Size": size, "SizeUnit": "NA"}
    ]
    umm["RelatedUrls"] = [
        {"URL": link["href"], "Type": kind}
        for link in entry.get("links") or []
        if not link.get("inherited")
        for suffix, kind in UMM_URL_TYPES.items()
        if str(link.get("rel", "")).rsplit("/", 1)[-1] == suffix
    ]
    return item


def collection_umm(entry: dict) -> dict:
    """A legacy collection entry as a UMM-C item, in the shape of the recorded one
    (``meta.s3-links`` and ``DirectDistributionInformation`` when cloud hosted)."""
    item = copy.deepcopy(_UMM_C)
    meta, umm = item["meta"], item["umm"]
    meta.update(
        {
            "concept-id": entry["id"],
            "native-id": entry["title"],
            "provider-id": entry["data_center"],
        }
    )
    umm.update(
        {
            "ShortName": entry["short_name"],
            "Version": entry["version_id"],
            "EntryTitle": entry["title"],
        }
    )
    if entry.get("cloud_hosted"):
        prefix = f"nsidc-cumulus-prod-protected/ATLAS/{entry['short_name']}/{entry['version_id']}/"
        meta["s3-links"] = [prefix]
        umm["DirectDistributionInformation"] = {
            "Region": "us-west-2",
            "S3BucketAndObjectPrefixNames": [prefix],
            "S3CredentialsAPIEndpoint": "https://data.nsidc.earthdatacloud.nasa.gov/s3credentials",
        }
    else:
        meta.pop("s3-links", None)
        umm.pop("DirectDistributionInformation", None)
    return item


class Catalogue:
    """The fake's data and CMR's search semantics over it."""

    def __init__(self) -> None:
        self.collections = build_collections()
        self.by_id = {c["id"]: c for c in self.collections}
        self.granules = build_granules(self.collections)
        self.granules.sort(key=lambda g: (g["time_start"], g["producer_granule_id"]))
        self._footprints: list[Outline | None] | None = None
        self.times = [
            (parse_time(g["time_start"]), parse_time(g["time_end"])) for g in self.granules
        ]

    def search_granules(
        self,
        params: dict[str, list[str]],
        after: str | None,
        data_url: str | None = None,
        umm: bool = False,
    ):
        """``(status, headers, body)`` of a granule query, as ``granules.json`` (or
        ``granules.umm_json`` when ``umm``); data links on ``data_url``."""
        params = cmr_params(params)
        one = {k: v[-1] for k, v in params.items()}
        identifying = ("short_name", "collection_concept_id", "concept_id", "provider", "version")
        if not any(params.get(k) for k in identifying):
            return _recorded_error("granule_query_without_collection.json")
        if "polygon" in one:
            values = [float(v) for v in one["polygon"].split(",")]
            pts = list(zip(values[::2], values[1::2], strict=True))
            if not _counter_clockwise(pts):
                return _recorded_error("polygon_clockwise_400.json")
        page_size = one.get("page_size", "10")
        if not page_size.isdigit() or int(page_size) > 2000:
            return _error(400, "page_size must be a number between 0 and 2000")
        names = params.get("readable_granule_name", [])
        enabled = params.get("options[readable_granule_name][pattern]", ["false"])[-1] == "true"
        pattern = _pattern(names, enabled) if names else None
        area = request_area(params)
        matches = [i for i in range(len(self.granules)) if self._keep(i, params, pattern, area)]
        start = 0
        if after:
            key = tuple(json.loads(after))
            start = next((n for n, i in enumerate(matches) if self._key(i) > key), len(matches))
        page = matches[start : start + int(page_size)]
        headers = {"CMR-Hits": str(len(matches))}
        if page:  # every page that holds granules; an empty page ends the search
            headers["CMR-Search-After"] = json.dumps(list(self._key(page[-1])))
        entries = [with_data_url(self.granules[i], data_url) for i in page]
        if umm:
            items = [granule_umm(entry) for entry in entries]
            body: dict = {"hits": len(matches), "took": 1, "items": items}
            return 200, {**headers, "Content-Type": UMM_G_TYPE}, json.dumps(body).encode()
        body = {
            "feed": {
                "updated": "2026-01-01T00:00:00.000Z",
                "id": "fake-cmr",
                "title": "ECHO granule metadata",
                "entry": entries,
            }
        }
        return 200, headers, json.dumps(body).encode()

    def _key(self, i: int) -> tuple[str, str]:
        return self.granules[i]["time_start"], self.granules[i]["producer_granule_id"]

    def footprint(self, i: int) -> Outline | None:
        """Granule ``i``'s footprint (all of them read from their records at first use)."""
        if self._footprints is None:
            self._footprints = [footprint(g) for g in self.granules]
        return self._footprints[i]

    def _keep(
        self,
        i: int,
        params: dict[str, list[str]],
        pattern: re.Pattern | None,
        area: Outline | None,
    ) -> bool:
        granule = self.granules[i]
        collection = self.by_id.get(granule["collection_concept_id"], {})
        checks = {
            "short_name": collection.get("short_name"),
            "version": collection.get("version_id"),
            "provider": granule["data_center"],
            "collection_concept_id": granule["collection_concept_id"],
        }
        for name, value in checks.items():
            if params.get(name) and value not in params[name]:
                return False
        ids = (granule["id"], granule["collection_concept_id"])  # CMR takes either
        if params.get("concept_id") and not any(i in params["concept_id"] for i in ids):
            return False
        for temporal in params.get("temporal", []):
            low, high = (part.strip() for part in temporal.split(","))
            start, end = self.times[i]
            if (low and end < parse_time(low)) or (high and start > parse_time(high)):
                return False
        if pattern and not any(
            pattern.match(t) for t in (granule["producer_granule_id"], granule["title"])
        ):
            return False
        if area is not None:  # the footprint must meet the box or polygon
            outline = self.footprint(i)
            return outline is not None and outline.meets(area)
        return True

    def search_collections(self, params: dict[str, list[str]], umm: bool = False):
        """``(status, headers, body)`` for a ``collections.json`` (``.umm_json`` when
        ``umm``) query."""
        params = cmr_params(params)
        cloud = params.get("cloud_hosted", [""])[-1].lower()
        result = []
        keyword = params.get("keyword", [""])[-1]
        for entry in self.collections:
            if params.get("short_name") and entry["short_name"] not in params["short_name"]:
                continue
            if params.get("version") and entry["version_id"] not in params["version"]:
                continue
            if params.get("provider") and entry["data_center"] not in params["provider"]:
                continue
            if cloud in ("true", "false") and bool(entry.get("cloud_hosted")) != (cloud == "true"):
                continue
            if keyword and not keyword_matches(keyword, entry):
                continue
            result.append(entry)
        page_size = int(params.get("page_size", ["10"])[-1])
        hits = {"CMR-Hits": str(len(result))}
        if umm:
            items = [collection_umm(entry) for entry in result[:page_size]]
            body: dict = {"hits": len(result), "took": 1, "items": items}
            return 200, {**hits, "Content-Type": UMM_C_TYPE}, json.dumps(body).encode()
        body = {
            "feed": {
                "id": "fake-cmr",
                "title": "ECHO dataset metadata",
                "entry": result[:page_size],
            }
        }
        return 200, hits, json.dumps(body).encode()


#: Where CMR's keyword index cuts a field's text into words (besides keeping the whole
#: text): its indexer's separators (``cmr.indexer.data.concepts.keyword-util``).
_KEYWORD_SEPARATORS = re.compile(r"[!@#$%^&()\-=_+{}\[\]|;'.,\\\"/:<>?`~* ]")

#: The indexed fields a legacy collection entry holds (CMR also indexes science,
#: platform and instrument keywords, which these entries do not carry).
_KEYWORD_FIELDS = (
    "id",
    "short_name",
    "version_id",
    "title",
    "dataset_id",
    "summary",
    "data_center",
    "archive_center",
    "processing_level_id",
)


def keyword_words(entry: dict) -> set[str]:
    """The words CMR's keyword search finds ``entry`` by, lower case."""
    words: set[str] = set()
    for field in _KEYWORD_FIELDS:
        value = entry.get(field)
        if isinstance(value, str) and value:
            value = value.lower()
            words.add(value)
            words.update(w for w in _KEYWORD_SEPARATORS.split(value) if w)
    for platform in entry.get("platforms") or []:
        words.add(str(platform).lower())
    return words


def keyword_matches(keyword: str, entry: dict) -> bool:
    """CMR's ``keyword``: each space-separated word of it (``*``, ``?`` wildcards,
    case-insensitive) matches one of the entry's indexed words; all of them must."""
    words = keyword_words(entry)
    return all(any(_pattern([term], True).match(w) for w in words) for term in keyword.split())


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
                order.get("status", 500),
                order.get("body", {"errors": ["fake"]}),
                order.get("headers"),
                order.get("times", 1),
                order.get("delay", 0.0),
            )
            return self._send(204, {}, b"")
        self._answer(body)

    def _answer(self, query: str) -> None:
        fake, path = self.server.fake, urllib.parse.urlsplit(self.path).path
        params: dict[str, list[str]] = {}
        for key, value in urllib.parse.parse_qsl(query, keep_blank_values=True):
            params.setdefault(key, []).append(value)
        fake.requests.append(
            {
                "method": self.command,
                "path": path,
                "params": params,
                "headers": dict(self.headers.items()),
            }
        )
        queued = fake.next_queued()
        if queued:
            time.sleep(queued[3])
            return self._send(*queued[:3])
        kind, _, extension = path.removeprefix("/search/").partition(".")
        if not extension and "json" in (self.headers.get("Accept") or ""):
            extension = "json"
        umm = extension == "umm_json"
        if kind == "granules" and extension in ("json", "umm_json"):
            after = self.headers.get("CMR-Search-After")
            return self._send(*fake.catalogue.search_granules(params, after, fake.data_url, umm))
        if kind == "collections" and extension in ("json", "umm_json"):
            return self._send(*fake.catalogue.search_collections(params, umm))
        if path == "/profile" and (self.headers.get("Authorization") or "").startswith("Bearer "):
            return self._send(200, {"Content-Type": "text/html"}, b"<html>Earthdata Login</html>")
        self._send(*_error(404, f"The path {path} does not exist."))

    def _send(self, status: int, headers: dict, body: bytes) -> None:
        self.send_response(status)
        headers = {"Content-Type": "application/json;charset=utf-8", **headers}
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
    """The fake CMR on ``127.0.0.1``; ``url`` is the value for ``NsidcSearch.cmr_url``.

    ``data_url`` (e.g. ``http://127.0.0.1:8700``): serve the granules' https data links
    on that scheme and host instead of NSIDC's. ``tls``: serve https as ``localhost``
    with this context's certificate.
    """

    _catalogue: Catalogue | None = None

    def __init__(
        self, port: int = 0, data_url: str | None = None, tls: ssl.SSLContext | None = None
    ) -> None:
        self.data_url = data_url.rstrip("/") if data_url else None
        if FakeCmr._catalogue is None:
            FakeCmr._catalogue = Catalogue()
        self.catalogue = FakeCmr._catalogue
        self.requests: list[dict] = []
        self._queue: list[tuple[int, dict, bytes, float]] = []
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.fake = self
        if tls is not None:
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
        self._origin = "https://localhost" if tls else "http://127.0.0.1"
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"{self._origin}:{self._server.server_address[1]}"

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
    parser.add_argument(
        "--data-url", help="serve data links on this scheme and host (e.g. fake_earthdata's)"
    )
    args = parser.parse_args(argv)
    fake = FakeCmr(args.port, args.data_url)
    print(f"Fake CMR at {fake.url} (set c.NsidcSearch.cmr_url to it)", flush=True)
    try:
        fake._server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        fake._server.server_close()


if __name__ == "__main__":
    main()
