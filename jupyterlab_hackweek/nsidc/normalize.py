"""Turn CMR's legacy JSON (``granules.json``, ``collections.json``) into compact replies.

Granule keys (see ``src/nsidc/types.ts``, ``IGranule``): ``name`` (the file name,
``producer_granule_id``), ``title``, ``id``, ``collectionId``, ``start``, ``end``,
``sizeMB``, ``sizeBytes``, ``provider``, ``cloudHosted``, ``providers``, ``links``
(https data links), ``s3Links``, ``s3Usable``, ``polygons`` ([[lon, lat], ...] rings),
``boxes`` ([W, S, E, N]) and ``icesat2`` (parsed file-name fields or ``None``).
"""

from __future__ import annotations

from .icesat2 import parse_name

MEBIBYTE = 1024 * 1024  # CMR's granule_size "MB" is 2**20 bytes (SizeInBytes / Size in UMM-G)
CLOUD_PROVIDERS = ("NSIDC_CPRD",)


def _float(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number and number >= 0 else None


def _pairs(text: str, lat_first: bool) -> list[list[float]]:
    numbers = [float(v) for v in text.split()]
    pairs = list(zip(numbers[::2], numbers[1::2], strict=False))
    return [[b, a] if lat_first else [a, b] for a, b in pairs]


def polygons(entry: dict) -> list[list[list[float]]]:
    """A granule's outer ``polygons`` rings (CMR writes "lat lon ...") as [lon, lat] lists."""
    rings = []
    for polygon in entry.get("polygons") or []:
        if polygon and isinstance(polygon[0], str):
            try:
                rings.append(_pairs(polygon[0], lat_first=True))
            except ValueError:
                continue
    return rings


def boxes(entry: dict) -> list[list[float]]:
    """CMR's ``boxes`` ("S W N E") as [W, S, E, N]."""
    result = []
    for box in entry.get("boxes") or []:
        try:
            south, west, north, east = (float(v) for v in str(box).split())
        except ValueError:
            continue
        result.append([west, south, east, north])
    return result


#: Plain-http data links kept: only a loopback test server's (the test site's fake NSIDC).
LOOPBACK_HTTP = ("http://127.0.0.1:", "http://127.0.0.1/", "http://localhost:", "http://localhost/")


def _links(entry: dict) -> tuple[list[str], list[str]]:
    """The granule's own https data links (metadata XML filed as data# left out) and s3 links."""
    https, s3 = [], []
    for link in entry.get("links") or []:
        href, rel = str(link.get("href", "")), str(link.get("rel", ""))
        if link.get("inherited"):
            continue
        if rel.endswith("/s3#") or (rel.endswith("/data#") and href.startswith("s3://")):
            if href.startswith("s3://"):
                s3.append(href)
        elif (
            rel.endswith("/data#")
            and href.startswith(("https://", *LOOPBACK_HTTP))
            and not href.endswith(".xml")
        ):
            https.append(href)
    return https, s3


def granule(entry: dict, in_aws: bool = False) -> dict:
    """One compact granule from a ``granules.json`` entry; ``in_aws``: S3 links are usable here."""
    name = entry.get("producer_granule_id") or entry.get("title") or ""
    size_mb = _float(entry.get("granule_size"))
    https, s3 = _links(entry)
    provider = entry.get("data_center") or ""
    return {
        "name": name,
        "title": entry.get("title") or "",
        "id": entry.get("id") or "",
        "collectionId": entry.get("collection_concept_id") or "",
        "start": entry.get("time_start"),
        "end": entry.get("time_end"),
        "sizeMB": size_mb,
        "sizeBytes": round(size_mb * MEBIBYTE) if size_mb is not None else None,
        "provider": provider,
        "providers": [provider],
        "cloudHosted": provider in CLOUD_PROVIDERS or bool(s3),
        "links": https,
        "s3Links": s3,
        "s3Usable": bool(s3) and in_aws,
        "polygons": polygons(entry),
        "boxes": boxes(entry),
        "icesat2": parse_name(name),
    }


def deduplicate(granules: list[dict], prefer: str = "NSIDC_CPRD") -> list[dict]:
    """One granule per file name when both NSIDC providers answered; keep ``prefer``'s copy.

    The kept granule's ``providers`` lists every provider holding the file. Order is kept.
    """
    kept: dict[str, dict] = {}
    for item in granules:
        key = item["name"] or item["id"]
        first = kept.get(key)
        if first is None:
            kept[key] = item
            continue
        known = first["providers"]
        providers = known + [p for p in item["providers"] if p not in known]
        if item["provider"] == prefer and first["provider"] != prefer:
            kept[key] = {**item, "providers": providers}
        else:
            first["providers"] = providers
    return list(kept.values())


def granule_page(feed: dict, in_aws: bool = False) -> list[dict]:
    """The deduplicated compact granules of a ``granules.json`` reply."""
    entries = (feed.get("feed") or {}).get("entry") or []
    return deduplicate([granule(e, in_aws) for e in entries if isinstance(e, dict)])


def _version_key(version: str) -> tuple:
    return (1, int(version), version) if version.isdigit() else (0, 0, version)


def collections(feed: dict) -> dict:
    """``{"collections", "versions": {short_name: [latest first]}}`` from ``collections.json``."""
    items = []
    for entry in (feed.get("feed") or {}).get("entry") or []:
        if not isinstance(entry, dict):
            continue
        items.append(
            {
                "shortName": entry.get("short_name") or "",
                "version": entry.get("version_id") or "",
                "title": entry.get("dataset_id") or entry.get("title") or "",
                "provider": entry.get("data_center") or "",
                "conceptId": entry.get("id") or "",
                "cloudHosted": bool(entry.get("cloud_hosted")),
            }
        )
    items.sort(key=lambda c: (c["shortName"], _version_key(c["version"]), c["provider"]))
    items.reverse()
    items.sort(key=lambda c: c["shortName"])
    versions: dict[str, list[str]] = {}
    for item in items:
        listed = versions.setdefault(item["shortName"], [])
        if item["version"] not in listed:
            listed.append(item["version"])
    return {"collections": items, "versions": versions}
