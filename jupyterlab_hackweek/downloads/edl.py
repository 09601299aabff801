"""Asking Earthdata Login whether a user name and password are right, before they are saved.

``GET {login_url}/api/users/tokens`` with Basic auth: Earthdata Login's User Tokens API
answers a right login with 200 and the JSON list of the user's tokens
(``[{"access_token", "expiration_date"}]``, maybe empty) and a wrong one with 401 and
``{"error": "invalid_credentials", "error_description": "Invalid user credentials"}``.
The call only reads: it creates no token (earthaccess's ``POST find_or_create_token``
would, and a user may hold only two). It goes through the outbound transport (the
site's proxy, CA bundle, timeouts) to the login host only, never following a redirect.

``check_login`` returns when Earthdata Login accepted the login, else raises
``LoginRefused``: 422 (``error_kind: "login"``) when Earthdata Login said no, 502
(``"unreachable"``) when it could not be asked or its answer was not its API's, 503
(``"unavailable"``) when it was busy or failing.
"""

from __future__ import annotations

import asyncio
import functools
import json

from urllib3.util import Timeout

from ..errors import Refused
from ..outbound import transport
from ..outbound.policy import URLRefused, parse
from .credentials import Credential
from .transfer import Context, TransferError, send

TOKENS_PATH = "/api/users/tokens"
#: Longest wait for the answer: someone is looking at the login dialog.
READ_TIMEOUT = 30.0
#: Largest answer read (a user has at most two tokens).
MAX_REPLY = 64 * 1024
#: Longest part of Earthdata Login's own explanation quoted to the user.
MAX_REASON = 200


class LoginRefused(Refused):
    """A login that was not saved, and why."""


async def check_login(context: Context, username: str, password: str) -> None:
    """Ask Earthdata Login whether ``username``/``password`` is a right login."""
    credential = Credential(source="dialog", username=username, password=password)
    try:
        target = parse(context.login_url + TOKENS_PATH, context.allow_insecure_loopback)
    except URLRefused as error:  # Downloads.earthdata_login_url is not https
        raise unreachable(str(error)) from None
    headers = {
        "Accept": "application/json",
        "Authorization": credential.login_header(),
        "User-Agent": "jupyterlab-hackweek",
    }
    timeout = Timeout(connect=context.connect_timeout, read=min(context.idle_timeout, READ_TIMEOUT))
    try:
        response = await send(context.transport, target, headers, timeout)
    except TransferError as error:
        raise unreachable(error.message) from None
    try:
        data = await asyncio.get_running_loop().run_in_executor(
            context.transport.executor, functools.partial(response.read, MAX_REPLY)
        )
    except transport.NetworkError as error:
        raise unreachable(str(error)) from None
    finally:
        response.close()
    verdict(response.status_code, data)


def verdict(status: int, data: bytes) -> None:
    """Nothing for an accepted login; ``LoginRefused`` for Earthdata Login's other answers."""
    try:
        reply = json.loads(data)
    except ValueError:
        reply = None
    if status == 200 and isinstance(reply, list):
        return
    if status in (401, 403):
        said = reply.get("error_description") if isinstance(reply, dict) else None
        reason = " ".join(str(said).split())[:MAX_REASON] if said else ""
        raise LoginRefused(
            422,
            "Earthdata Login refused this user name and password"
            + (f" ({reason})" if reason else "")
            + ". Nothing was saved: check them and try again.",
            error_kind="login",
        )
    if status == 429 or status >= 500:
        raise LoginRefused(
            503,
            f"Earthdata Login is busy or had an error ({status}), so your login could not be "
            "checked and was not saved. Try again in a minute.",
            error_kind="unavailable",
        )
    raise unreachable(f"it answered {status} instead of its API's reply")


def unreachable(why: str) -> LoginRefused:
    return LoginRefused(
        502,
        f"Earthdata Login could not be asked whether your login is right ({why}), so it was "
        "not saved. Check the server's network, then try again.",
        error_kind="unreachable",
    )
