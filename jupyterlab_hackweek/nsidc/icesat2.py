"""ICESat-2 file names: parse them, and build CMR granule-name patterns for tracks and cycles.

File names follow the ICESat-2 data products' convention, e.g.
``ATL06_20190221121851_08410203_005_01.h5`` (product, acquisition start,
RGT 0841, cycle 02, region 03, release 005, version 01),
``ATL07-01_...`` (sea-ice products carry a hemisphere suffix) and
``ATL11_005411_0315_006_06.h5`` (ATL11: RGT 0054, pair track 11, cycles 03-15).
"""

from __future__ import annotations

import re

MAX_RGT = 1387
MAX_CYCLE = 99

_GRANULE = re.compile(
    r"^(?P<product>ATL\d{2})(?:-(?P<hemisphere>\d{2}))?_(?P<date>\d{8})(?P<time>\d{6})_"
    r"(?P<rgt>\d{4})(?P<cycle>\d{2})(?P<region>\d{2})_(?P<release>\d{3})_(?P<version>\d{2})"
    r"(?:\.\w+)?$"
)
_ATL11 = re.compile(
    r"^(?P<product>ATL11)_(?P<rgt>\d{4})(?P<region>\d{2})_(?P<first>\d{2})(?P<last>\d{2})_"
    r"(?P<release>\d{3})_(?P<version>\d{2})(?:\.\w+)?$"
)
_PRODUCT = re.compile(r"^ATL\d{2}$", re.IGNORECASE)
_HEMISPHERE_PRODUCTS = {"ATL07", "ATL10", "ATL20", "ATL21"}


def is_icesat2(short_name: str) -> bool:
    """Whether a collection short name is an ICESat-2 ATLAS product (``ATL03``, ``ATL06``...)."""
    return bool(_PRODUCT.match(short_name or ""))


def parse_name(name: str) -> dict | None:
    """The ICESat-2 fields of a granule file name, or ``None`` for any other name.

    Keys: ``product``, ``rgt``, ``cycle`` (``None`` for ATL11), ``region``,
    ``release``, ``version``, ``start`` (ISO time, ``None`` for ATL11),
    ``hemisphere`` (ATL07/ATL10: ``"01"`` north, ``"02"`` south) and, for ATL11,
    ``cycles`` (first and last).
    """
    match = _GRANULE.match(name or "")
    if match:
        d, t = match["date"], match["time"]
        return {
            "product": match["product"],
            "rgt": int(match["rgt"]),
            "cycle": int(match["cycle"]),
            "region": int(match["region"]),
            "release": match["release"],
            "version": match["version"],
            "start": f"{d[:4]}-{d[4:6]}-{d[6:]}T{t[:2]}:{t[2:4]}:{t[4:]}Z",
            "hemisphere": match["hemisphere"],
            "cycles": None,
        }
    match = _ATL11.match(name or "")
    if match:
        return {
            "product": "ATL11",
            "rgt": int(match["rgt"]),
            "cycle": None,
            "region": int(match["region"]),
            "release": match["release"],
            "version": match["version"],
            "start": None,
            "hemisphere": None,
            "cycles": [int(match["first"]), int(match["last"])],
        }
    return None


def track_patterns(short_name: str, rgts: list[int], cycles: list[int]) -> list[str]:
    """CMR ``readable_granule_name`` patterns selecting reference ground tracks and cycles.

    An empty list means "any". ATL11 files are per track and span many cycles,
    so a cycle filter raises ``ValueError`` for it.
    """
    product = short_name.upper()
    if not is_icesat2(product):
        raise ValueError(
            f"Track and cycle filters apply to ICESat-2 products (ATL03, ATL06, ...), "
            f"not to {short_name}."
        )
    if product == "ATL11":
        if cycles:
            raise ValueError("ATL11 files span many cycles: filter ATL11 by track only.")
        return [f"ATL11_{rgt:04d}??_*" for rgt in rgts]
    prefix = f"{product}-??" if product in _HEMISPHERE_PRODUCTS else product
    tracks = [f"{rgt:04d}" for rgt in rgts] or ["????"]
    cycle_codes = [f"{cycle:02d}" for cycle in cycles] or ["??"]
    return [f"{prefix}_??????????????_{t}{c}??_*" for t in tracks for c in cycle_codes]
