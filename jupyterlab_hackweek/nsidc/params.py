"""Validate a client's search fields and build the CMR query from them.

Only the structured fields named here are read: anything else in the client's
request (a URL, a host) is ignored, so the query can only ever go to the
configured CMR. Every problem raises :class:`InvalidQuery` with a message
written for a scientist, before anything is sent to CMR.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime

from ..errors import Refused
from .icesat2 import MAX_CYCLE, MAX_RGT, track_patterns

PROVIDERS = ("NSIDC_ECS", "NSIDC_CPRD")
MAX_PAGE_SIZE = 2000
MAX_PATTERNS = 2000
GRANULE_FIELDS = (
    "short_name",
    "version",
    "provider",
    "temporal",
    "bounding_box",
    "polygon",
    "rgt",
    "cycle",
    "name",
    "page_size",
)
COLLECTION_FIELDS = ("short_name", "version", "provider", "keyword", "page_size")

_SHORT_NAME = re.compile(r"^[A-Za-z0-9_.\-]{1,80}$")
_VERSION = re.compile(r"^[A-Za-z0-9_.\-]{1,20}$")
_NAME_PATTERN = re.compile(r"^[A-Za-z0-9_.\-*?]{1,200}$")
_KEYWORD = re.compile(r"^[A-Za-z0-9_.\- *?/]{1,100}$")
#: CMR refuses a keyword search with more wildcards than this.
_KEYWORD_WILDCARDS = 30


class InvalidQuery(Refused):
    """A search field the user must correct; the message says which and why."""

    def __init__(self, message: str):
        super().__init__(400, message)


Query = list[tuple[str, str]]


def _field(args: Mapping[str, str | None], name: str) -> str:
    return (args.get(name) or "").strip()


def version_spellings(version: str) -> list[str]:
    """Every spelling CMR might hold for a version: ``"6"`` -> ``["6", "06", "006"]``."""
    if not version.isdigit():
        return [version]
    number = int(version)
    return list(dict.fromkeys([str(number), f"{number:02d}", f"{number:03d}", version]))


def parse_time(text: str, label: str) -> datetime:
    """A date (``2019-02-21``) or ISO 8601 time, as an aware UTC datetime."""
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidQuery(
            f"The {label} date '{text}' is not a date; use YYYY-MM-DD or an ISO 8601 time."
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_temporal(text: str) -> str:
    """``START,END`` (either may be empty) as CMR's ``temporal[]``; end before start is refused."""
    parts = text.split(",")
    if len(parts) != 2 or not any(p.strip() for p in parts):
        raise InvalidQuery("The time range must be 'START,END', e.g. 2019-02-20,2019-02-24.")
    start = parse_time(parts[0], "start") if parts[0].strip() else None
    end = parse_time(parts[1], "end") if parts[1].strip() else None
    if end is not None and len(parts[1].strip()) == 10:
        end = end.replace(hour=23, minute=59, second=59)
    if start and end and end < start:
        raise InvalidQuery(f"The end date ({_iso(end)}) is before the start date ({_iso(start)}).")
    return f"{_iso(start) if start else ''},{_iso(end) if end else ''}"


def _numbers(text: str, count: int, label: str) -> list[float]:
    try:
        values = [float(v) for v in text.split(",")]
    except ValueError:
        raise InvalidQuery(f"The {label} must be numbers separated by commas.") from None
    wrong = len(values) != count if count else len(values) % 2 == 1
    if wrong:
        raise InvalidQuery(f"The {label} has the wrong number of values.")
    if any(v != v or v in (float("inf"), float("-inf")) for v in values):
        raise InvalidQuery(f"The {label} must hold finite numbers.")
    return values


def _check_lon_lat(lon: float, lat: float) -> None:
    if not -90 <= lat <= 90:
        raise InvalidQuery(f"Latitude {lat:g} is outside -90 to 90.")
    if not -180 <= lon <= 180:
        raise InvalidQuery(f"Longitude {lon:g} is outside -180 to 180.")


def parse_bbox(text: str) -> str:
    """``W,S,E,N`` in degrees; W > E (a box across the antimeridian) is allowed, S > N is not."""
    west, south, east, north = _numbers(text, 4, "bounding box (W,S,E,N)")
    _check_lon_lat(west, south)
    _check_lon_lat(east, north)
    if south > north:
        raise InvalidQuery("In the bounding box (W,S,E,N) the south edge is north of the north.")
    return ",".join(coordinate(v) for v in (west, south, east, north))


def coordinate(value: float) -> str:
    """A coordinate as sent to CMR: every digit the user gave (Python's shortest
    round-trip form), never an exponent."""
    text = repr(float(value))
    if "e" in text or "E" in text:
        text = f"{value:.12f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "-0.0") else text.removesuffix(".0")


def left_area(ring: list[tuple[float, float]]) -> float:
    """The area (steradians) on the left of a closed lon/lat ring, walking along it.

    Sums each edge's longitude step (the short way round) and the band under it:
    a ring that does not go round a pole turns by 0 in longitude, one round a pole
    by 360 degrees, which counts the polar cap. The front end does not orient rings:
    the granules reply gives back the ring searched (``polygon``).
    """
    turn = band = 0.0
    for (lon1, lat1), (lon2, lat2) in zip(ring, ring[1:], strict=False):
        step = lon2 - lon1
        step = math.radians(step - 360 if step > 180 else step + 360 if step < -180 else step)
        turn += step
        band += step * (math.sin(math.radians(lat1)) + math.sin(math.radians(lat2))) / 2
    return (turn - band) % (4 * math.pi)


def parse_polygon(text: str) -> str:
    """``lon,lat,...`` closed ring, returned counter-clockwise round the smaller of the
    two regions it bounds, as CMR requires (a ring round a pole encloses the pole)."""
    values = _numbers(text, 0, "polygon (lon,lat,...)")
    points = list(zip(values[::2], values[1::2], strict=False))
    for lon, lat in points:
        _check_lon_lat(lon, lat)
    if points and points[0] != points[-1]:
        points.append(points[0])
    if len(points) < 4:
        raise InvalidQuery("A polygon needs at least three distinct points.")
    if left_area(points) > 2 * math.pi:
        points.reverse()
    return ",".join(f"{coordinate(lon)},{coordinate(lat)}" for lon, lat in points)


def polygon_points(text: str) -> list[list[float]]:
    """The ``[[lon, lat], ...]`` of a ring as :func:`parse_polygon` wrote it."""
    values = [float(v) for v in text.split(",")]
    return [[lon, lat] for lon, lat in zip(values[::2], values[1::2], strict=True)]


def parse_int_list(text: str, low: int, high: int, label: str) -> list[int]:
    """``"1,5,10-12"`` -> ``[1, 5, 10, 11, 12]``, each within ``low..high``."""
    values: list[int] = []
    for part in text.split(","):
        bounds = part.strip().split("-")
        if len(bounds) > 2 or not all(b.strip().isdigit() for b in bounds):
            raise InvalidQuery(f"The {label} '{part.strip()}' is not a number or a range like 3-7.")
        first, last = int(bounds[0]), int(bounds[-1])
        for number in (first, last):
            if not low <= number <= high:
                raise InvalidQuery(f"The {label} {number} is outside {low}-{high}.")
        values.extend(range(first, last + 1))
    return sorted(set(values))


def parse_page_size(text: str, default: int) -> str:
    """A page size between 1 and 2000."""
    if not text:
        return str(default)
    if not text.isdigit() or not 1 <= int(text) <= MAX_PAGE_SIZE:
        raise InvalidQuery(f"The page size must be a whole number from 1 to {MAX_PAGE_SIZE}.")
    return str(int(text))


def _providers(text: str) -> list[str]:
    providers = [p.strip() for p in text.split(",") if p.strip()] if text else list(PROVIDERS)
    for provider in providers:
        if provider not in PROVIDERS:
            raise InvalidQuery(f"The provider must be one of {', '.join(PROVIDERS)}.")
    return providers


def _short_name_and_versions(args: Mapping[str, str | None], required: bool) -> Query:
    query: Query = []
    short_name = _field(args, "short_name")
    if required and not short_name:
        raise InvalidQuery("Choose a product (a collection short name such as ATL06).")
    if short_name:
        if not _SHORT_NAME.match(short_name):
            raise InvalidQuery(f"'{short_name}' is not a collection short name.")
        query.append(("short_name", short_name))
    version = _field(args, "version")
    if version:
        if not _VERSION.match(version):
            raise InvalidQuery(f"'{version}' is not a version.")
        query.extend(("version", v) for v in version_spellings(version))
    return query


def granule_query(args: Mapping[str, str | None]) -> Query:
    """The CMR granule query for the client's fields (without ``page_size``'s paging state)."""
    query = _short_name_and_versions(args, required=True)
    query.extend(("provider", p) for p in _providers(_field(args, "provider")))
    if temporal := _field(args, "temporal"):
        query.append(("temporal[]", parse_temporal(temporal)))
    if bbox := _field(args, "bounding_box"):
        query.append(("bounding_box", parse_bbox(bbox)))
    if polygon := _field(args, "polygon"):
        query.append(("polygon", parse_polygon(polygon)))
    rgt, cycle, name = _field(args, "rgt"), _field(args, "cycle"), _field(args, "name")
    patterns: list[str] = []
    if name and (rgt or cycle):
        raise InvalidQuery("Filter either by file name or by track and cycle, not both.")
    if name:
        if not _NAME_PATTERN.match(name):
            raise InvalidQuery(
                "A file-name pattern may hold letters, digits, '_', '-', '.', '*' and '?'."
            )
        patterns = [name]
    elif rgt or cycle:
        rgts = parse_int_list(rgt, 1, MAX_RGT, "track (RGT)") if rgt else []
        cycles = parse_int_list(cycle, 1, MAX_CYCLE, "cycle") if cycle else []
        if len(rgts or [1]) * len(cycles or [1]) > MAX_PATTERNS:
            raise InvalidQuery(
                f"Too many track x cycle combinations; the limit is {MAX_PATTERNS}. "
                "Choose fewer tracks or cycles."
            )
        try:
            patterns = track_patterns(dict(query)["short_name"], rgts, cycles)
        except ValueError as error:
            raise InvalidQuery(str(error)) from None
    if patterns:
        query.extend(("readable_granule_name[]", p) for p in patterns)
        query.append(("options[readable_granule_name][pattern]", "true"))
    query.append(("page_size", parse_page_size(_field(args, "page_size"), 100)))
    query.append(("sort_key[]", "start_date"))
    return query


def collection_query(args: Mapping[str, str | None]) -> Query:
    """The CMR collection query: NSIDC providers, an optional type-ahead ``keyword``."""
    query = _short_name_and_versions(args, required=False)
    query.extend(("provider", p) for p in _providers(_field(args, "provider")))
    if keyword := _field(args, "keyword"):
        query.append(("keyword", keyword_terms(keyword)))
    query.append(("page_size", parse_page_size(_field(args, "page_size"), 200)))
    return query


def keyword_terms(typed: str) -> str:
    """What the product field typed, as CMR's ``keyword``: CMR matches each word
    (case-insensitive, ``*`` and ``?`` wildcards) against the words of a collection's
    short name, title, summary and science keywords, and keeps the collections holding
    them all, in any order (``land ice`` finds "Land Ice Height", ATL06). The last word
    is still being typed, so it is a prefix (``ATL0`` → ``ATL0*``, ``land ic`` →
    ``land ic*``)."""
    if not _KEYWORD.match(typed):
        raise InvalidQuery("A keyword may hold letters, digits, spaces, '_', '-', '.' and '/'.")
    words = typed.split()
    if not words:
        raise InvalidQuery("A keyword needs a letter or a digit.")
    if not words[-1].endswith("*"):
        words[-1] += "*"
    if sum(w.count("*") + w.count("?") for w in words) > _KEYWORD_WILDCARDS:
        raise InvalidQuery(f"A keyword may hold at most {_KEYWORD_WILDCARDS} wildcards ('*', '?').")
    return " ".join(words)


def search_after(header: str | None) -> str | None:
    """A client's ``CMR-Search-After`` header, checked to be the JSON array CMR issued."""
    if not header:
        return None
    try:
        value = json.loads(header)
    except json.JSONDecodeError:
        value = None
    if not isinstance(value, list) or len(header) > 2000:
        raise InvalidQuery("The CMR-Search-After header must be the JSON array CMR sent back.")
    return header
