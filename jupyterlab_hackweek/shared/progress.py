"""How far the copies and publications in flight have got, by an id the client chose.

The browser sends an ``operation`` id with ``POST shared/copy`` (or ``publish``) and
asks ``GET shared/copy?operation=ID`` while the POST runs, to show "1.2 GiB of
3.0 GiB". Running operations are always kept, and the last finished ones (up to
``KEEP`` in all) so that a late question still gets the outcome; ids are random
and per server, so users do not see each other's.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable

from ..errors import Refused

OPERATION = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
KEEP = 64


def check_operation(operation: str | None) -> str | None:
    """The id, or a 400 ``Refused`` when it is not 8-64 letters, digits, '-' or '_'."""
    if operation is not None and not OPERATION.match(operation):
        raise Refused(400, "'operation' must be 8 to 64 letters, digits, '-' or '_'.")
    return operation


class Progress:
    """Bytes done and total of each operation, updated from the copying threads."""

    def __init__(self) -> None:
        self._operations: OrderedDict[str, dict] = OrderedDict()
        self._lock = threading.Lock()

    def start(self, operation: str | None) -> Callable[[int, int], None] | None:
        """Track ``operation`` (None: nothing to track); returns its ``report(done, total)``."""
        if operation is None:
            return None
        with self._lock:
            if operation in self._operations:
                raise Refused(409, "This operation id is in use; send a new one.")
            entry = {"bytes": 0, "total": None, "state": "running"}
            self._operations[operation] = entry
            finished = [k for k, v in self._operations.items() if v["state"] != "running"]
            for key in finished[: max(0, len(self._operations) - KEEP)]:
                del self._operations[key]  # the oldest finished ones; never a running one

        def report(done: int, total: int) -> None:
            entry["bytes"], entry["total"] = done, total

        return report

    def end(self, operation: str | None, ok: bool) -> None:
        """Mark ``operation`` done or failed."""
        with self._lock:
            if operation in self._operations:
                self._operations[operation]["state"] = "done" if ok else "failed"

    def get(self, operation: str) -> dict:
        """``{operation, bytes, total, state}``; 404 for an id never seen (or long gone)."""
        with self._lock:
            entry = self._operations.get(operation)
            if entry is None:
                raise Refused(404, "There is no such copy in progress on this server.")
            return {"operation": operation, **entry}
