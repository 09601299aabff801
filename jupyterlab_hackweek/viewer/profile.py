"""Min/max per pixel column of a 1-D dataset, or of ``y`` against ``x``: a line of
millions of values reduced to what a plot of ``columns`` pixels can show, without
losing a spike (each column keeps its lowest and highest value).

Values are read in blocks (whole chunks, about ``BLOCK`` values at a time), never the
whole array; fill values and values outside the valid range are masked, from the
dataset's own ``_FillValue``, ``valid_min``, ``valid_max`` and ``valid_range``
attributes, and so are NaN and infinities. With ``x``, the columns split the valid
``x`` range (or ``[lo, hi]``, a zoom) evenly; without it, the index range.
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import Refused
from .files import check_self_contained

BLOCK = 1 << 17
MAX_COLUMNS = 10000
#: Distinct classes a profile by class keeps (ATL03's ``signal_conf_ph`` has 7).
MAX_CLASSES = 16
#: Attributes shown with a profile, decoded and cut to ``MAX_TEXT`` characters.
SHOWN_ATTRS = (
    "units",
    "long_name",
    "description",
    "_FillValue",
    "valid_min",
    "valid_max",
    "valid_range",
    "coordinates",
    "contentType",
    "standard_name",
)
MAX_TEXT = 500


def _scalar(value):
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")[:MAX_TEXT]
    if isinstance(value, np.ndarray):
        if value.size == 1:
            return _scalar(value.reshape(-1)[0])
        return [_scalar(v) for v in value.reshape(-1)[:16]]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, (str, int, float, bool)):
        return value[:MAX_TEXT] if isinstance(value, str) else value
    return str(value)[:MAX_TEXT]


def shown_attrs(dataset) -> dict:
    """The dataset's attributes a reader of a plot needs, decoded (bytes → text)."""
    out = {}
    for name in SHOWN_ATTRS:
        if name in dataset.attrs:
            out[name] = _scalar(dataset.attrs[name])
    return out


def _number(value) -> float | None:
    try:
        array = np.asarray(value, dtype="f8").reshape(-1)
    except (TypeError, ValueError):
        return None
    return float(array[0]) if array.size else None


class Mask:
    """Which values of a dataset are real: not its fill value, inside its valid range,
    finite."""

    def __init__(self, dataset):
        attrs = dataset.attrs
        self.fill = _number(attrs["_FillValue"]) if "_FillValue" in attrs else None
        low = _number(attrs["valid_min"]) if "valid_min" in attrs else None
        high = _number(attrs["valid_max"]) if "valid_max" in attrs else None
        if "valid_range" in attrs:
            pair = np.asarray(attrs["valid_range"], dtype="f8").reshape(-1)
            if pair.size == 2:
                low, high = float(pair[0]), float(pair[1])
        self.low, self.high = low, high
        if self.fill is not None and dataset.dtype.kind == "f":
            # a float32 fill value compares equal once both sides are float32
            self.fill = float(np.asarray(self.fill, dtype=dataset.dtype))

    def valid(self, values: np.ndarray) -> np.ndarray:
        values = np.asarray(values, dtype="f8")
        ok = np.isfinite(values)
        if self.fill is not None:
            ok &= values != self.fill
        if self.low is not None:
            ok &= values >= self.low
        if self.high is not None:
            ok &= values <= self.high
        return ok


def _one_d(handle, path: str):
    try:
        dataset = handle[path]
    except (KeyError, ValueError):
        raise Refused(404, f"{path} is not a valid path in this file.") from None
    if not hasattr(dataset, "dtype") or dataset.ndim != 1 or dataset.dtype.kind not in "iuf":
        raise Refused(400, f"{path} is not a 1-D numeric dataset: the profile needs one.")
    check_self_contained(dataset)
    return dataset


def _class_dataset(handle, path: str, column: int | None, n: int):
    """The dataset of classes (``signal_conf_ph``: one column per surface type) as a
    function of a block's range: integers, one row per value of ``y``."""
    try:
        dataset = handle[path]
    except (KeyError, ValueError):
        raise Refused(404, f"{path} is not a valid path in this file.") from None
    if (
        not hasattr(dataset, "dtype")
        or dataset.dtype.kind not in "iu"
        or dataset.ndim not in (1, 2)
    ):
        raise Refused(400, f"{path} is not a 1-D or 2-D integer dataset: classes need one.")
    check_self_contained(dataset)
    if dataset.shape[0] != n:
        raise Refused(400, f"{path} has {dataset.shape[0]} rows, not {n}.")
    if dataset.ndim == 2:
        if column is None or not 0 <= column < dataset.shape[1]:
            raise Refused(
                400, f"'by_column' must be between 0 and {dataset.shape[1] - 1} for {path}."
            )
        return lambda low, high: dataset[low:high, column]
    if column is not None:
        raise Refused(400, f"{path} is 1-D: 'by_column' does not apply.")
    return lambda low, high: dataset[low:high]


def _block_ranges(dataset, start: int, stop: int):
    """``(offset, size)`` of the blocks of ``dataset[start:stop]``: whole chunks, about
    ``BLOCK`` values at a time."""
    chunk = dataset.chunks[0] if dataset.chunks else 1
    step = max(chunk, (BLOCK // chunk) * chunk)
    first = (start // chunk) * chunk if dataset.chunks else start
    for offset in range(first, stop, step):
        low, high = max(offset, start), min(offset + step, stop)
        if low < high:
            yield low, high - low


def _blocks(dataset, start: int, stop: int):
    """``(offset, values)`` of ``dataset[start:stop]``, a block of whole chunks at a time."""
    for offset, size in _block_ranges(dataset, start, stop):
        yield offset, dataset[offset : offset + size]


def _distinct(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(names, inverse)`` of integer ``values``, as ``np.unique(return_inverse=True)``
    gives them; by counting, without a sort, when they span a small range (class flags
    such as ``signal_conf_ph``: a third of the photon cloud's time went to the sort)."""
    if values.size:
        low = int(values.min())
        span = int(values.max()) - low + 1
        if span <= 1 << 16:
            shifted = values.astype(np.int64) - low
            names = np.flatnonzero(np.bincount(shifted, minlength=span))
            rows = np.zeros(span, dtype=np.int64)
            rows[names] = np.arange(names.size)
            return names + low, rows[shifted]
    return np.unique(values, return_inverse=True)


def _x_range(x, mask: Mask, n: int) -> tuple[float, float] | None:
    low, high = math.inf, -math.inf
    for _, values in _blocks(x, 0, n):
        ok = values[mask.valid(values)]
        if ok.size:
            low, high = min(low, float(ok.min())), max(high, float(ok.max()))
    return (low, high) if low <= high else None


def profile(
    handle,
    y_path: str,
    x_path: str | None = None,
    *,
    columns: int = 1000,
    lo: float | None = None,
    hi: float | None = None,
    by: str | None = None,
    by_column: int | None = None,
) -> dict:
    """``{"columns", "x", "y", "centers", "min", "max", "count", "values", "masked"}``:
    per column, the lowest and highest valid ``y`` (``None`` for an empty column) and
    how many values fell in it; ``x``/``y`` describe the datasets (path, attributes,
    range). ``masked`` counts the rows masked (fills, out of the valid range).

    With ``x``, ``lo`` and ``hi`` (a zoom), only the blocks holding an ``x`` in range
    have their ``y`` (and classes) read, and ``masked`` counts the rows in range only.

    With ``by`` (a dataset of integer classes, one row per value of ``y``; of a 2-D
    one, column ``by_column``: ATL03's ``signal_conf_ph`` per surface type), also
    ``"classes"``: per class present, its ``min``, ``max`` and ``count`` per column."""
    if not 1 <= columns <= MAX_COLUMNS:
        raise Refused(400, f"'columns' must be between 1 and {MAX_COLUMNS}.")
    y = _one_d(handle, y_path)
    n = y.shape[0]
    y_mask = Mask(y)
    x = None
    if x_path:
        x = _one_d(handle, x_path)
        if x.shape[0] != n:
            raise Refused(400, f"{x_path} and {y_path} differ in length ({x.shape[0]} and {n}).")
        x_mask = Mask(x)
    classes_of = _class_dataset(handle, by, by_column, n) if by else None
    if by is None and by_column is not None:
        raise Refused(400, "'by_column' needs 'by'.")
    zoom = x is not None and lo is not None and hi is not None
    if lo is None or hi is None:
        if x is None:
            found = (0.0, float(n))
        else:
            found = _x_range(x, x_mask, n)
        if found is None:
            found = (0.0, 0.0)
        lo = found[0] if lo is None else lo
        hi = found[1] if hi is None else hi
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi < lo:
        raise Refused(400, "'lo' and 'hi' must be finite, with lo ≤ hi.")
    width = (hi - lo) / columns if hi > lo else 1.0
    low = np.full(columns, np.inf)
    high = np.full(columns, -np.inf)
    count = np.zeros(columns, dtype=np.int64)
    masked = 0
    # per class (rows in order of first sight): lowest, highest, how many per column
    found: dict[int, int] = {}
    class_low = np.full((MAX_CLASSES, columns), np.inf) if by else None
    class_high = np.full((MAX_CLASSES, columns), -np.inf) if by else None
    class_count = np.zeros(MAX_CLASSES * columns, dtype=np.int64) if by else None
    start, stop = 0, n
    if x is None:
        start, stop = max(0, math.floor(lo)), min(n, math.ceil(hi))
    for offset, size in _block_ranges(y, start, stop):
        if x is None:
            where = np.arange(offset, offset + size, dtype="f8")
            ok = np.ones(size, dtype=bool)
        else:
            where = np.asarray(x[offset : offset + size], dtype="f8")
            ok = x_mask.valid(where)
            if zoom:
                # a zoom reads y (and the classes) only where x is in range
                ok &= (where >= lo) & (where <= hi)
                if not ok.any():
                    continue
        values = np.asarray(y[offset : offset + size], dtype="f8")
        # masked: of the rows in range for a zoom, of all rows otherwise
        shown = np.count_nonzero(ok) if zoom else size
        ok &= y_mask.valid(values)
        masked += int(shown - np.count_nonzero(ok))
        ok &= (where >= lo) & (where <= hi)
        if not ok.any():
            continue
        column = np.minimum(((where[ok] - lo) / width).astype(np.int64), columns - 1)
        picked = values[ok]
        np.minimum.at(low, column, picked)
        np.maximum.at(high, column, picked)
        count += np.bincount(column, minlength=columns)
        if classes_of is not None:
            names, inverse = _distinct(np.asarray(classes_of(offset, offset + size))[ok])
            for name in names.tolist():
                if name not in found:
                    if len(found) == MAX_CLASSES:
                        raise Refused(400, f"{by} holds more than {MAX_CLASSES} classes.")
                    found[name] = len(found)
            rows = np.array([found[name] for name in names.tolist()], dtype=np.int64)
            key = rows[inverse.reshape(-1)] * columns + column
            np.minimum.at(class_low.reshape(-1), key, picked)
            np.maximum.at(class_high.reshape(-1), key, picked)
            class_count += np.bincount(key, minlength=MAX_CLASSES * columns)
    empty = count == 0
    reply = {
        "columns": columns,
        "values": int(n),
        "masked": masked,
        "x": {
            "path": x_path,
            "lo": lo,
            "hi": hi,
            "attrs": shown_attrs(x) if x is not None else {},
        },
        "y": {
            "path": y_path,
            "dtype": y.dtype.name,
            "attrs": shown_attrs(y),
            "min": float(low[~empty].min()) if (~empty).any() else None,
            "max": float(high[~empty].max()) if (~empty).any() else None,
        },
        "centers": [lo + (i + 0.5) * width for i in range(columns)],
        "min": [None if e else float(v) for e, v in zip(empty, low, strict=True)],
        "max": [None if e else float(v) for e, v in zip(empty, high, strict=True)],
        "count": count.tolist(),
    }
    if by:
        per_column = class_count.reshape(MAX_CLASSES, columns)
        reply["by"] = {"path": by, "column": by_column}
        reply["classes"] = [
            {
                "value": name,
                "min": [
                    None if k == 0 else float(v)
                    for k, v in zip(per_column[row], class_low[row], strict=True)
                ],
                "max": [
                    None if k == 0 else float(v)
                    for k, v in zip(per_column[row], class_high[row], strict=True)
                ],
                "count": per_column[row].tolist(),
            }
            for name, row in sorted(found.items())
        ]
    return reply


#: The most points a ground track is cut to.
MAX_POINTS = 5000


def track(handle, lat_path: str, lon_path: str, x_path: str, *, points: int = 500) -> dict:
    """A beam's ground track for a map: about ``points`` rows of ``lat``/``lon`` (and the
    along-track ``x`` of each, which links the map to a profile drawn against it), the
    first real row of each run of ``ceil(n / points)`` rows; rows where any of the three
    is masked, or off the Earth, are left out. Read in blocks, like ``profile``.

    ``{"values", "lat", "lon", "x", "paths"}``."""
    if not 1 <= points <= MAX_POINTS:
        raise Refused(400, f"'points' must be between 1 and {MAX_POINTS}.")
    datasets = [_one_d(handle, path) for path in (lat_path, lon_path, x_path)]
    n = datasets[0].shape[0]
    for path, dataset in zip((lon_path, x_path), datasets[1:], strict=True):
        if dataset.shape[0] != n:
            raise Refused(
                400, f"{path} and {lat_path} differ in length ({dataset.shape[0]} and {n})."
            )
    masks = [Mask(dataset) for dataset in datasets]
    step = max(1, math.ceil(n / points))
    picked: list[list[np.ndarray]] = [[], [], []]
    last = -1  # the run of rows a point was last taken from
    for offset, lat in _blocks(datasets[0], 0, n):
        columns = [np.asarray(lat, dtype="f8")] + [
            np.asarray(dataset[offset : offset + lat.size], dtype="f8") for dataset in datasets[1:]
        ]
        ok = np.ones(lat.size, dtype=bool)
        for mask, values in zip(masks, columns, strict=True):
            ok &= mask.valid(values)
        ok &= (np.abs(columns[0]) <= 90) & (np.abs(columns[1]) <= 360)
        rows = np.flatnonzero(ok)
        runs, first = np.unique((rows + offset) // step, return_index=True)
        keep = rows[first[runs != last]]
        if runs.size:
            last = int(runs[-1])
        for out, values in zip(picked, columns, strict=True):
            out.append(values[keep])
    lat, lon, x = (np.concatenate(out) if out else np.zeros(0) for out in picked)
    return {
        "values": int(n),
        "paths": {"lat": lat_path, "lon": lon_path, "x": x_path},
        "lat": lat.tolist(),
        "lon": lon.tolist(),
        "x": x.tolist(),
    }
