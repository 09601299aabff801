"""A synthetic ATL03 granule shaped like a real photon cloud, for the benchmarks
(``bench/shared_preview.py``, ``bench/viewer.py``) and the test site's shared volume
(``site.py``: one beam of 5.3 million photons, the data viewer's photon-cloud quick look).

``make_atl03_like(path, photons, beams)`` writes, per beam, ``heights`` (``photons``
rows of times, heights, positions, 5 signal confidences per surface type, quality;
chunks of 10,000 as the real product) and ``geolocation`` (one row per 20 photons);
``cached_atl03(cache, photons, beams)`` makes one once and hands back its path.
"""

from __future__ import annotations

import os
from pathlib import Path

ATL03 = "ATL03_20181014000347_02350101_006_02_synthetic.h5"
BEAMS = ("gt1l", "gt1r", "gt2l", "gt2r", "gt3l", "gt3r")
#: Raise when what ``make_atl03_like`` writes changes: cached files are made again.
VERSION = 1


def photon_cloud(start: int, count: int, photons: int):
    """Photons ``start…start+count`` of a beam shaped like a real ATL03 cloud: times
    rising at 10,000 pulses a second; heights on an ice surface (a long slope, swells,
    crevasses every few hundred metres) for 80 %, as background noise ±50 m around it
    for the rest. ``signal_conf_ph`` per surface type (land, ocean, sea ice, land ice,
    inland water): over land and land ice, the surface's photons are high (4), medium
    (3) or low (2) confidence, noise within 10 m of it buffer (1), the rest noise (0);
    the other surface types are not considered (-1), as in a real granule over ice.
    The same block gives the same photons whichever field is being written."""
    import numpy as np

    rng = np.random.default_rng(start)
    index = np.arange(start, start + count, dtype="f8")
    delta_time = 4.1e7 + index / 10_000
    along = index / photons  # 0…1 over the beam
    surface = 1500 - 800 * along + 20 * np.sin(along * 40) + 8 * (np.sin(along * 3000) > 0.95)
    signal = rng.random(count) < 0.8
    heights = np.where(
        signal, surface + rng.normal(0, 0.3, count), surface + rng.uniform(-50, 50, count)
    )
    draw = rng.random(count)
    level = np.where(
        signal,
        np.where(draw < 0.7, 4, np.where(draw < 0.85, 3, 2)),
        np.where(np.abs(heights - surface) < 10, 1, 0),
    )
    confidence = np.full((count, 5), -1)
    confidence[:, 0] = confidence[:, 3] = level
    return {"delta_time": delta_time, "h_ph": heights, "signal_conf_ph": confidence}


def make_atl03_like(path: Path, photons: int, beams: tuple[str, ...] = BEAMS) -> None:
    """An ATL03-shaped granule: per beam, ``heights`` (``photons`` rows of times,
    heights, latitudes, longitudes, 5 confidences, quality; chunks of 10,000 as the
    real product; times, heights and confidences shaped like a real photon cloud by
    :func:`photon_cloud`) and ``geolocation`` (one row per 20 photons), with attributes."""
    import h5py
    import numpy as np

    rng = np.random.default_rng(3)
    segments = photons // 20
    columns = {
        "heights": [
            ("delta_time", "f8", (), "seconds since 2018-01-01"),
            ("h_ph", "f4", (), "meters"),
            ("lat_ph", "f8", (), "degrees_north"),
            ("lon_ph", "f8", (), "degrees_east"),
            ("signal_conf_ph", "i1", (5,), "counts"),
            ("quality_ph", "i1", (), "1"),
        ],
        "geolocation": [
            ("segment_id", "i4", (), "1"),
            ("segment_ph_cnt", "i4", (), "counts"),
            ("reference_photon_lat", "f8", (), "degrees_north"),
            ("reference_photon_lon", "f8", (), "degrees_east"),
        ],
    }
    with h5py.File(path, "w") as handle:
        handle.attrs["short_name"] = "ATL03"
        handle.attrs["description"] = "Synthetic, shaped like ATL03 (bench/shared_preview.py)"
        for beam in beams:
            for group, fields in columns.items():
                rows = photons if group == "heights" else segments
                for name, dtype, extra, units in fields:
                    data = handle.create_dataset(
                        f"{beam}/{group}/{name}",
                        (rows, *extra),
                        dtype,
                        chunks=(min(rows, 10_000), *extra),
                    )
                    for start in range(0, rows, 1_000_000):
                        count = min(1_000_000, rows - start)
                        cloud = photon_cloud(start, count, rows) if group == "heights" else {}
                        block = cloud.get(name)
                        if block is None:
                            block = rng.random((count, *extra)) * 100
                        data[start : start + count] = block.astype(dtype)
                    data.attrs["units"] = units
                    data.attrs["long_name"] = name.replace("_", " ")
                    data.attrs["contentType"] = "modelResult"


def cached_atl03(cache: Path, photons: int, beams: tuple[str, ...] = BEAMS) -> Path:
    """The granule of ``photons`` photons per beam in ``cache``, made the first time
    (written beside and renamed, so a cut-short run leaves no half file)."""
    path = Path(cache) / f"v{VERSION}-{photons}-{'-'.join(beams)}" / ATL03
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(f".{ATL03}.{os.getpid()}")
        make_atl03_like(part, photons, beams)
        part.chmod(0o444)  # the sites hard-link it: none of them may change it
        part.rename(path)
    return path
