"""A git worktree of an earlier commit, for the benchmarks that time the code before a
change beside ours in the same run (its package goes first on the measured
process's ``PYTHONPATH``)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@contextmanager
def worktree(revision: str, work: str | os.PathLike) -> Iterator[str | None]:
    """A checkout of ``revision`` below ``work`` while inside, removed after; None
    (and said) when there is no revision or git cannot make one."""
    if not revision:
        yield None
        return
    target = os.path.join(work, "baseline")
    made = subprocess.run(  # noqa: S603 - an argument list
        ["git", "-C", PROJECT, "worktree", "add", "--detach", target, revision],
        capture_output=True,
        text=True,
        check=False,
    )
    if made.returncode != 0:
        print(f"(baseline {revision} unavailable: {made.stderr.strip()})")
        yield None
        return
    try:
        yield target
    finally:
        subprocess.run(  # noqa: S603 - an argument list
            ["git", "-C", PROJECT, "worktree", "remove", "--force", target],
            capture_output=True,
            check=False,
        )
