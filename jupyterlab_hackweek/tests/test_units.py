"""The server's byte counts read as the panels show them (src/format.ts's rule)."""

import pytest

from jupyterlab_hackweek.units import format_bytes


@pytest.mark.parametrize(
    "count, text",
    [
        (0, "0 B"),
        (512, "512 B"),
        (999, "999 B"),
        (1000, "1.00 kB"),
        (10_000, "10.0 kB"),
        (999_999, "1.00 MB"),
        (62_100_000, "62.1 MB"),
        (512_000_000, "512 MB"),
        (4 * 1024**3, "4.29 GB"),
        (2 * 10**15, "2000 TB"),
    ],
)
def test_byte_counts_follow_the_front_ends_rule(count, text):
    assert format_bytes(count) == text
