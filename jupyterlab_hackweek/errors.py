"""``Refused``: what the suite's pure modules raise when they will not do a request.

It carries the HTTP status and a message written for a scientist; the base
handler (``handlers.HackweekHandler``) turns it into the JSON error reply, so
modules stay free of Tornado and handlers need no conversion code.
"""

from __future__ import annotations

from typing import Any


class Refused(Exception):
    """A refused request: HTTP ``status``, a ``message`` for people, ``extra`` reply fields."""

    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.extra = extra
