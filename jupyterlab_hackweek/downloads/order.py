"""Harmony subset orders, pure: checking an order, its request to Harmony, reading jobs.

An order asks NASA Harmony (its trajectory subsetter, the only subsetter of
ICESat-2 along-track products) to cut granules of a cloud collection
(``NSIDC_CPRD``) to an area and a time range; the outputs are then downloaded
like granules. The request follows Harmony's OGC API Coverages form, as
harmony-py sends it: ``multipart/form-data`` with one part per value,
``subset=lat(S:N)``, ``subset=lon(W:E)``, ``subset=time("start":"stop")`` (``*`` for
an open end), one ``granuleName`` part per file name, ``variable=all`` (ICESat-2
collections have no UMM-Var records: naming variables fails), a polygon as a
GeoJSON ``shapefile`` part.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field

from ..errors import Refused
from .names import NameRefused, safe_name

#: Harmony's job states after which nothing changes.
TERMINAL = ("successful", "complete_with_errors", "failed", "canceled")
#: The most granule names one order sends (Harmony pages job links by 2,000).
MAX_GRANULES = 2000
#: The label every order carries, so a user can find them in Harmony's job list.
LABEL = "jupyterlab-hackweek"
COLLECTION_ID = re.compile(r"^C\d+-[A-Z0-9_]+$")
#: The job fields an order keeps and replies with.
JOB_FIELDS = ("status", "progress", "message", "errors", "warnings")


class OrderRefused(Refused):
    """An order the server will not send."""


@dataclass
class Order:
    """What to cut: the collection, the granules (by file name), the area and the times."""

    short_name: str
    version: str
    collection_id: str
    granules: list[str]
    bbox: tuple[float, float, float, float] | None = None
    polygon: list[tuple[float, float]] | None = None
    start: str | None = None
    end: str | None = None
    job: dict = field(default_factory=dict)

    def summary(self) -> dict:
        """The order as the state file keeps it and the Downloads panel shows it."""
        return {
            "collection_id": self.collection_id,
            "granules": len(self.granules),
            "bbox": list(self.bbox) if self.bbox else None,
            "polygon": [list(p) for p in self.polygon] if self.polygon else None,
            "start": self.start,
            "end": self.end,
        }


def plan_order(body: dict) -> Order:
    """The ``Order`` a POST body describes (400 for anything unusable)."""
    if not isinstance(body, dict):
        raise OrderRefused(400, "The order must be a JSON object.")
    short_name, version = _text(body, "short_name"), _text(body, "version")
    collection_id = _text(body, "collection_id")
    if not COLLECTION_ID.match(collection_id):
        raise OrderRefused(400, "'collection_id' must be a CMR collection concept id (C…-PROV).")
    granules = body.get("granules", [])
    if not isinstance(granules, list) or len(granules) > MAX_GRANULES:
        raise OrderRefused(400, f"'granules' must be a list of at most {MAX_GRANULES} file names.")
    names = []
    for number, name in enumerate(granules, start=1):
        try:
            if safe_name(name) != name:
                raise NameRefused("it is not a plain file name")
        except NameRefused as refusal:
            raise OrderRefused(400, f"Granule {number}: {refusal}") from None
        names.append(name)
    order = Order(short_name, version, collection_id, names)
    order.bbox = _bbox(body.get("bbox"))
    order.polygon = _polygon(body.get("polygon"))
    order.start, order.end = _time(body.get("start"), "start"), _time(body.get("end"), "end")
    if order.start and order.end and order.start >= order.end:
        raise OrderRefused(400, "The start of the time range must come before its end.")
    if not (order.bbox or order.polygon or order.start or order.end):
        raise OrderRefused(
            400,
            "A subset order needs an area (a box or a polygon) or a time range: without one "
            "Harmony would return the whole granules. Download them instead.",
        )
    return order


def _text(body: dict, name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise OrderRefused(400, f"'{name}' is required (text).")
    return value.strip()


def _number(value, low: float, high: float, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise OrderRefused(400, f"{what} must be a number.")
    if not low <= value <= high:
        raise OrderRefused(400, f"{what} must lie between {low:g} and {high:g}.")
    return float(value)


def _bbox(value) -> tuple[float, float, float, float] | None:
    """``[west, south, east, north]``; west > east crosses the antimeridian."""
    if value is None:
        return None
    if not isinstance(value, list) or len(value) != 4:
        raise OrderRefused(400, "'bbox' must be [west, south, east, north].")
    west, east = (_number(value[i], -180, 180, "A longitude") for i in (0, 2))
    south, north = (_number(value[i], -90, 90, "A latitude") for i in (1, 3))
    if south >= north:
        raise OrderRefused(400, "The box's south edge must lie below its north edge.")
    return west, south, east, north


def _polygon(value) -> list[tuple[float, float]] | None:
    """A ring of ``[lon, lat]`` points, closed here if the client left it open."""
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(p, list) and len(p) == 2 for p in value):
        raise OrderRefused(400, "'polygon' must be a list of [longitude, latitude] points.")
    ring = [
        (_number(lon, -180, 180, "A longitude"), _number(lat, -90, 90, "A latitude"))
        for lon, lat in value
    ]
    if ring and ring[0] != ring[-1]:
        ring.append(ring[0])
    if len(ring) < 4:
        raise OrderRefused(400, "A polygon needs at least three points.")
    return ring


def _time(value, what: str) -> str | None:
    """An ISO 8601 instant in UTC, written with ``Z`` (Harmony reads a time without a zone
    in its own server's zone)."""
    if value is None or value == "":
        return None
    try:
        moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise OrderRefused(400, f"The {what} time must be an ISO 8601 date and time.") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def form_fields(order: Order) -> list[tuple]:
    """The multipart fields of the rangeset request (urllib3's ``encode_multipart_formdata``)."""
    fields: list[tuple] = [("forceAsync", "true")]
    if order.bbox:
        west, south, east, north = order.bbox
        fields += [("subset", f"lat({south!r}:{north!r})"), ("subset", f"lon({west!r}:{east!r})")]
    if order.start or order.end:
        fields.append(("subset", f'time("{order.start or "*"}":"{order.end or "*"}")'))
    fields += [("granuleName", name) for name in order.granules]
    fields += [("variable", "all"), ("label", LABEL)]
    if order.polygon:
        shape = {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {},
                    "geometry": {"type": "Polygon", "coordinates": [order.polygon]},
                }
            ],
        }
        fields.append(
            ("shapefile", ("shapefile.geojson", json.dumps(shape), "application/geo+json"))
        )
    return fields


@dataclass
class Job:
    """What a ``/jobs/<id>`` reply says: state, messages, result links, the next page."""

    id: str
    fields: dict
    links: list[dict]
    next_page: str | None

    @property
    def terminal(self) -> bool:
        return self.fields["status"] in TERMINAL


def read_job(body: dict) -> Job:
    """A Harmony job reply, checked (ValueError when it is not one)."""
    if not isinstance(body, dict) or not isinstance(body.get("jobID"), str):
        raise ValueError("not a Harmony job")
    status = body.get("status")
    if not isinstance(status, str):
        raise ValueError("a Harmony job without a status")
    progress = body.get("progress")
    fields = {
        "status": status,
        "progress": progress if isinstance(progress, int | float) else 0,
        "message": str(body.get("message") or ""),
        "errors": _messages(body.get("errors")),
        "warnings": _messages(body.get("warnings")),
    }
    links, next_page = [], None
    for link in body.get("links") or []:
        if not isinstance(link, dict) or not isinstance(link.get("href"), str):
            continue
        if link.get("rel") == "data":
            links.append({"href": link["href"], "title": str(link.get("title") or "")})
        elif link.get("rel") == "next":
            next_page = link["href"]
    return Job(body["jobID"], fields, links, next_page)


def _messages(value) -> list[str]:
    """Harmony's ``errors``/``warnings`` (``[{url, message}]``) as their messages."""
    if not isinstance(value, list):
        return []
    return [str(item.get("message", "")) for item in value if isinstance(item, dict)][:50]


def subsettable(capabilities: dict) -> dict:
    """What Harmony's capabilities say an order of this collection can do."""
    bbox, shape = bool(capabilities.get("bboxSubset")), bool(capabilities.get("shapeSubset"))
    temporal = bool(capabilities.get("temporalSubset"))
    services = [s.get("name") for s in capabilities.get("services") or [] if isinstance(s, dict)]
    return {
        "collection_id": capabilities.get("conceptId"),
        "short_name": capabilities.get("shortName"),
        "subset": bbox or shape or temporal,
        "bbox": bbox,
        "shape": shape,
        "temporal": temporal,
        "services": [s for s in services if isinstance(s, str)],
    }


def check_capability(order: Order, able: dict) -> None:
    """Refuse an order Harmony cannot carry out for this collection (never a silent
    whole-file fallback)."""
    label = f"{order.short_name} version {order.version} ({order.collection_id})"
    if not able["subset"]:
        raise OrderRefused(
            422,
            f"Harmony cannot subset {label}: it offers no subsetting service for this "
            "collection. Subsets exist for the cloud copies (provider NSIDC_CPRD) of "
            "ICESat-2 levels 2 to 3A; download whole granules instead.",
        )
    if order.polygon and not able["shape"]:
        raise OrderRefused(422, f"Harmony cannot cut {label} to a polygon: draw a box instead.")
    if order.bbox and not able["bbox"]:
        raise OrderRefused(422, f"Harmony cannot cut {label} to a box.")
    if (order.start or order.end) and not able["temporal"]:
        raise OrderRefused(422, f"Harmony cannot cut {label} to a time range.")
