"""Read a repository in a process of its own, which a deadline can kill.

libgit2 (through pygit2) holds Python's GIL while it reads a file, and a
repository someone else planted can hold a FIFO where git keeps a file (a loose
object, a file named by an ``[include]``): opening it waits forever, and in the
server's process that would stop every thread, the event loop included. So the
server never opens a repository itself: ``python -m jupyterlab_hackweek.binder.git``
does, answering one JSON request on stdin with one JSON reply on stdout, and is
killed when it takes longer than the deadline (``GitProblem`` ``timeout``).
libgit2's config search paths (system, XDG, global) are the server's own,
passed along.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

import pygit2
from pygit2.enums import ConfigLevel

from .git import GitProblem, timeout_problem

#: The most bytes of a reply read from the reader (a state is a few kB).
MAX_REPLY = 4 * 1024 * 1024
#: Seconds the reader's start (Python, pygit2) may add to the reading's own deadline.
START_GRACE = 3.0
SEARCH_LEVELS = {"system": ConfigLevel.SYSTEM, "xdg": ConfigLevel.XDG, "global": ConfigLevel.GLOBAL}


def search_paths() -> dict[str, str]:
    """libgit2's config search paths in this process, for the reader to use."""
    return {name: pygit2.settings.search_path[level] for name, level in SEARCH_LEVELS.items()}


async def ask(command: str, file: Path, root: str, timeout: float, **extra: Any) -> dict:
    """The reader's reply to ``command`` (``state`` or ``work_tree``) for ``file``.

    Raises ``GitProblem`` as the reader reports it, or ``timeout`` when it has not
    answered within ``timeout`` (+ its start) and was killed.
    """
    request = {
        "command": command,
        "file": str(file),
        "root": str(root),
        "timeout": timeout,
        "search_paths": search_paths(),
        **extra,
    }
    reader = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "jupyterlab_hackweek.binder.git",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
        start_new_session=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    try:
        out, _ = await asyncio.wait_for(
            reader.communicate(json.dumps(request).encode("utf-8")), timeout + START_GRACE
        )
    except TimeoutError:
        raise timeout_problem() from None
    finally:
        if reader.returncode is None:
            reader.kill()
            await reader.wait()
    try:
        reply = json.loads(out[:MAX_REPLY].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise GitProblem(
            "unreadable", "This notebook's git repository could not be read."
        ) from None
    if problem := reply.get("problem"):
        raise GitProblem(problem["kind"], problem["message"])
    return reply
