"""Byte counts in the server's messages, by the front end's rule (``src/format.ts``):
decimal units, whole bytes below 1 kB, three significant digits from 1 kB up, the
largest unit whose rounded figure stays below 1000."""

from __future__ import annotations

UNITS = ("B", "kB", "MB", "GB", "TB")


def format_bytes(count: int) -> str:
    """``512 B``, ``59.2 MB``, ``4.29 GB``: the same text the panels show for a size."""
    size = abs(count)
    if round(size) < 1000:
        return f"{round(count)} B"
    index = 1
    rounded = float(f"{size / 1000:.3g}")
    while rounded >= 1000 and index < len(UNITS) - 1:
        index += 1
        rounded = float(f"{size / 1000**index:.3g}")
    decimals = 0 if rounded >= 100 else 1 if rounded >= 10 else 2
    return f"{count / 1000**index:.{decimals}f} {UNITS[index]}"
