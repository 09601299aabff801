"""``Refused``: the one way the suite says no to a request.

Every refusal, from a handler's argument check to a module deep below it, is a
``Refused`` (or a feature's subclass) carrying the HTTP status and a message
written for a scientist. The base handler (``handlers.HackweekHandler``) turns it
into the JSON error reply, so modules stay free of Tornado and handlers contain
no conversion code. Anything else that escapes a handler is a bug: logged with
its traceback and a reference, answered as a 500 that quotes the reference.
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
