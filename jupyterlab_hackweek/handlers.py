"""The base handler every route of the suite derives from.

Routes live under ``{base_url}hackweek/api/``. Every verb of every handler is
decorated with ``@tornado.web.authenticated``; state changes happen only on
POST/PUT/PATCH/DELETE, where jupyter_server checks the XSRF token.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from jupyter_server.base.handlers import APIHandler
from tornado import web

from .errors import Refused

API_PREFIX = ("hackweek", "api")


class HackweekHandler(APIHandler):
    """An API handler whose errors are JSON ``{"message", "reason"}``, never a traceback.

    A ``Refused`` raised by the handler or a feature's module becomes its status and
    message (plus its ``extra`` fields). Any other exception is a bug: it is logged
    with its traceback under a short reference, and the reply (a 500) gives that
    reference so a user can quote it to whoever reads the server log.
    """

    _reference: str | None = None

    def log_exception(self, typ, value, tb) -> None:
        if isinstance(value, Refused):
            self.log.warning(
                "%s %s refused (%d): %r",  # %r: messages may quote user input
                self.request.method,
                self.request.path,
                value.status,
                value.message,
            )
            return
        if isinstance(value, web.HTTPError):
            super().log_exception(typ, value, tb)
            return
        self._reference = secrets.token_hex(4)
        self.log.error(
            "%s %s failed (reference %s)",
            self.request.method,
            self.request.path,
            self._reference,
            exc_info=(typ, value, tb),
        )

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        extra: dict[str, Any] = {}
        message = self._reason
        exc_info = kwargs.get("exc_info")
        if exc_info:
            error = exc_info[1]
            if isinstance(error, Refused):
                self.set_status(error.status)
                message, extra = error.message, error.extra
            elif isinstance(error, web.HTTPError):
                message = error.log_message or message
            elif self._reference:
                message = (
                    f"Internal error (reference {self._reference}). The server log has the "
                    "details: quote the reference to your hub's organizers."
                )
                extra = {"reference": self._reference}
        self.finish(json.dumps({"message": message, "reason": self._reason, **extra}))

    def finish_json(self, data: Any, status: int = 200) -> None:
        """Reply with ``data`` as JSON."""
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(data))

    def json_body(self) -> dict[str, Any]:
        """The request body as a JSON object, or a 400 with a clear message."""
        try:
            body = json.loads(self.request.body.decode("utf-8") or "{}")
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise Refused(400, f"The request body is not valid JSON: {error}") from None
        if not isinstance(body, dict):
            raise Refused(400, "The request body must be a JSON object.")
        return body
