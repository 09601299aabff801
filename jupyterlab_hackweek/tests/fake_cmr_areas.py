"""Where the fake CMR's granules are: footprints, ground tracks and CMR's spatial filters.

A granule meets a search area when their outlines touch, judged on the lon/lat
plane after each outline is walked without jumps at the antimeridian and its
edges followed along great circles (CMR's polygon edges) in short steps; a ring
round a pole is closed through that pole (the cap on the side of its mean
latitude: the smaller region, as the CCW rings CMR accepts bound). A bounding
box is CMR's lat/lon rectangle.

Generated ICESat-2 granules get a footprint from the RGT and region in their
name: a 22 km wide strip along a circular orbit inclined at 92 degrees, the
reference ground track crossing the equator northwards at a longitude that moves
west by 91 x 360 / 1387 degrees each track (1387 tracks in 91 days), placed so
that track 0841's region 03 lies where the real ATL06 record's footprint does.
ICESat-2's 14 regions split each orbit at the latitudes NSIDC gives (27, 59.5,
80 degrees north; 27, 50, 79 south). A plausible track, not NASA's.
"""

from __future__ import annotations

import functools
import math

import numpy as np

INCLINATION = math.radians(92.0)
#: How far west the ground track moves from one RGT to the next (degrees).
TRACK_STEP = 91 * 360 / 1387
#: Half the strip's width (radians of arc; ~11 km).
HALF_WIDTH = math.radians(0.1)
#: The real ATL06 record's RGT and the centre of its footprint's southern end.
REFERENCE_RGT, REFERENCE_START = 841, (-47.588800, 58.640619)
#: The longest edge taken as a straight line on the lon/lat plane (radians of arc).
STEP = math.radians(1.5)


def _vectors(lons, lats) -> np.ndarray:
    """Unit vectors (n, 3) of (lon, lat) degrees."""
    lon, lat = np.radians(np.asarray(lons, float)), np.radians(np.asarray(lats, float))
    return np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=-1)


def _lon_lat(v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(lon, lat) degrees of vectors (n, 3)."""
    v = v / np.linalg.norm(v, axis=-1, keepdims=True)
    return np.degrees(np.arctan2(v[:, 1], v[:, 0])), np.degrees(np.arcsin(np.clip(v[:, 2], -1, 1)))


def great_circle(lons: np.ndarray, lats: np.ndarray, step: float = STEP) -> np.ndarray:
    """Unit vectors (n, 3) of the path through (lon, lat) points, each edge followed
    along its great circle in steps of at most ``step`` radians; the last point kept."""
    v = _vectors(lons, lats)
    angles = np.arccos(np.clip(np.einsum("ij,ij->i", v[:-1], v[1:]), -1, 1))
    counts = np.maximum(1, np.ceil(angles / step)).astype(int)
    if (counts == 1).all():
        return v
    edge = np.repeat(np.arange(len(angles)), counts)
    t = (np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)) / counts[edge]
    angle = angles[edge][:, None]
    sine = np.where(angle > 0, np.sin(angle), 1.0)
    a = np.where(angle > 0, np.sin((1 - t[:, None]) * angle) / sine, 1.0)
    b = np.where(angle > 0, np.sin(t[:, None] * angle) / sine, 0.0)
    return np.concatenate([a * v[edge] + b * v[edge + 1], v[-1:]])


def _unwrapped(v: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Longitudes of vectors made continuous (each step the short way round), latitudes,
    and the path's total longitude turn (0, or +-360 round a pole)."""
    lons, lats = _lon_lat(v)
    steps = (np.diff(lons) + 180) % 360 - 180
    lons = np.concatenate([lons[:1], lons[0] + np.cumsum(steps)])
    return lons, lats, float(steps.sum())


class Outline:
    """A closed outline on the lon/lat plane (unwrapped), with its extent."""

    def __init__(self, lons: np.ndarray, lats: np.ndarray) -> None:
        self.lons, self.lats = lons, lats
        self.west, self.east = float(lons.min()), float(lons.max())
        self.south, self.north = float(lats.min()), float(lats.max())

    @classmethod
    def ring(cls, lons, lats) -> Outline:
        """A ring of (lon, lat) points with great-circle edges, closed if it is not; one
        round a pole is closed through the pole on the side of its mean latitude."""
        lons, lats = np.asarray(lons, float), np.asarray(lats, float)
        if lons[0] != lons[-1] or lats[0] != lats[-1]:
            lons, lats = np.append(lons, lons[0]), np.append(lats, lats[0])
        lons, lats, turn = _unwrapped(great_circle(lons, lats))
        if abs(turn) > 180:  # round a pole: go up to it and back along the meridians
            pole = 90.0 if lats.mean() > 0 else -90.0
            lons = np.concatenate([lons, [lons[-1], lons[0], lons[0]]])
            lats = np.concatenate([lats, [pole, pole, lats[0]]])
        return cls(lons, lats)

    @classmethod
    def box(cls, west: float, south: float, east: float, north: float) -> Outline:
        """CMR's bounding box: the lat/lon rectangle, W > E crossing the antimeridian."""
        if east < west or (east == west and west == -180):
            east += 360
        lons = np.array([west, east, east, west, west], float)
        return cls(lons, np.array([south, south, north, north, south], float))

    def meets(self, other: Outline) -> bool:
        """Whether the two outlines touch or overlap (either one's copies 360 degrees apart)."""
        if self.north < other.south or other.north < self.south:
            return False
        for shift in (-720.0, -360.0, 0.0, 360.0, 720.0):
            if self.east < other.west + shift or other.east + shift < self.west:
                continue
            lons = other.lons + shift
            moved = Outline(lons, other.lats)
            if self._crosses(moved) or self._holds(moved) or moved._holds(self):
                return True
        return False

    def _holds(self, other: Outline) -> bool:
        """Whether one of ``other``'s points lies inside this outline."""
        ring = list(zip(self.lons.tolist(), self.lats.tolist(), strict=True))
        return bool(inside_rings(other.lons, other.lats, [ring]).any())

    def _crosses(self, other: Outline) -> bool:
        """Whether an edge of this outline crosses (or touches) an edge of ``other``."""
        ax, ay = self.lons[:-1, None], self.lats[:-1, None]
        bx, by = self.lons[1:, None], self.lats[1:, None]
        cx, cy = other.lons[None, :-1], other.lats[None, :-1]
        dx, dy = other.lons[None, 1:], other.lats[None, 1:]

        def side(px, py, qx, qy, rx, ry):
            return np.sign((qx - px) * (ry - py) - (qy - py) * (rx - px))

        return bool(
            (
                (side(ax, ay, bx, by, cx, cy) * side(ax, ay, bx, by, dx, dy) <= 0)
                & (side(cx, cy, dx, dy, ax, ay) * side(cx, cy, dx, dy, bx, by) <= 0)
            ).any()
        )


def inside_rings(lon: np.ndarray, lat: np.ndarray, rings) -> np.ndarray:
    """Even-odd rule on the lon/lat plane: which points lie inside the (lon, lat) rings."""
    inside = np.zeros(np.shape(lon), bool)
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            crosses = (y1 > lat) != (y2 > lat)
            with np.errstate(divide="ignore", invalid="ignore"):
                x_at = x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
            inside ^= crosses & (lon < x_at)
    return inside


def footprint(entry: dict) -> Outline | None:
    """A granule's outline from its first ``polygons`` ring ("lat lon ..."), or None."""
    rings = entry.get("polygons") or []
    if not rings:
        return None
    values = np.array(rings[0][0].split(), float)
    return Outline.ring(values[1::2], values[::2])


def request_area(params: dict[str, list[str]]) -> Outline | None:
    """The search area of a granule query (``bounding_box`` or ``polygon``), or None."""
    if params.get("polygon"):
        values = np.array(params["polygon"][-1].split(","), float)
        return Outline.ring(values[::2], values[1::2])
    if params.get("bounding_box"):
        return Outline.box(*(float(v) for v in params["bounding_box"][-1].split(",")))
    return None


#: The latitudes (degrees) where each of the 14 regions starts and ends along the orbit,
#: as arguments of latitude: regions 1-7 ascend from the equator over the North Pole.
_NORTH, _SOUTH = (27.0, 59.5, 80.0), (27.0, 50.0, 79.0)


def _argument(lat: float) -> float:
    return math.degrees(math.asin(math.sin(math.radians(lat)) / math.sin(INCLINATION)))


def _region_bounds() -> list[tuple[float, float]]:
    n = [0.0, *(_argument(lat) for lat in _NORTH)]
    s = [0.0, *(_argument(lat) for lat in _SOUTH)]
    up = [*n, 180 - n[3], 180 - n[2], 180 - n[1], 180.0]
    down = [180 + x for x in s] + [360 - s[3], 360 - s[2], 360 - s[1], 360.0]
    edges = up + down[1:]
    return list(zip(edges, edges[1:], strict=False))


REGIONS = _region_bounds()


def _track(node: float, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The ground track's (lon, lat) at arguments of latitude ``u`` (degrees) of an orbit
    whose ascending node is at longitude ``node``."""
    r = np.radians(u)
    lat = np.degrees(np.arcsin(math.sin(INCLINATION) * np.sin(r)))
    lon = node + np.degrees(np.arctan2(math.cos(INCLINATION) * np.sin(r), np.cos(r)))
    return (lon - TRACK_STEP * u / 360 + 180) % 360 - 180, lat


#: The ascending node's longitude of RGT 0, from the reference record.
_NODE_0 = (
    REFERENCE_START[0]
    - float(_track(0.0, np.array([_argument(REFERENCE_START[1])]))[0][0])
    + REFERENCE_RGT * TRACK_STEP
)


@functools.cache
def _region_strip(region: int) -> tuple[np.ndarray, np.ndarray]:
    """The closed ring (lons, lats) of a strip along RGT 0's ground track over ``region``
    (1-14), the track's points at most 1 degree of orbit apart; other RGTs are the same
    strip moved in longitude."""
    first, last = REGIONS[region - 1]
    u = np.linspace(first, last, max(2, math.ceil(last - first)) + 1)
    centre = _vectors(*_track(_NODE_0, u))
    ahead = np.concatenate([centre[1:], centre[-1:]]) - np.concatenate([centre[:1], centre[:-1]])
    side = np.cross(centre, ahead)
    side /= np.linalg.norm(side, axis=1, keepdims=True)
    left = _lon_lat(math.cos(HALF_WIDTH) * centre + math.sin(HALF_WIDTH) * side)
    right = _lon_lat(math.cos(HALF_WIDTH) * centre - math.sin(HALF_WIDTH) * side)
    lons = np.concatenate([left[0], right[0][::-1], left[0][:1]])
    lats = np.concatenate([left[1], right[1][::-1], left[1][:1]])
    return lons, lats


def track_footprint(rgt: int, region: int) -> str:
    """CMR's ``polygons`` text ("lat lon ...", 6 decimals) of RGT ``rgt``'s strip over
    ``region`` (1-14)."""
    lons, lats = _region_strip(region)
    lons = (lons - rgt * TRACK_STEP + 180) % 360 - 180
    pairs = np.empty(2 * len(lons))
    pairs[::2], pairs[1::2] = lats, lons
    return " ".join(["%.6f"] * len(pairs)) % tuple(pairs.tolist())
