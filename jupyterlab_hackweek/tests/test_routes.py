"""Every route of the suite is decorated and refuses requests without credentials.

jupyter_server warns (``JupyterServerAuthWarning``) about every method of an
extension's route that has no ``@tornado.web.authenticated`` (nor
``@allow_unauthenticated``) as the route is added; ``pyproject.toml`` makes that
warning an error in the tests, so the server of every test fails to start when
a suite route lacks the decorator. ``test_an_undecorated_route_fails_the_tests``
proves it with a planted handler. The routes are also read from the running
server's router and asked without credentials.
"""

import json
import re

import pytest
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import JupyterServerAuthWarning
from tornado import web
from tornado.routing import PathMatches

from jupyterlab_hackweek import __version__
from jupyterlab_hackweek.errors import Refused
from jupyterlab_hackweek.handlers import HackweekHandler
from jupyterlab_hackweek.tests.contract import record

VERBS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def suite_routes(router):
    """Yield ``(path, handler)`` for every rule below ``hackweek/api/``."""
    for rule in getattr(router, "rules", []):
        if hasattr(rule.target, "rules"):
            yield from suite_routes(rule.target)
        elif (
            isinstance(rule.matcher, PathMatches) and "/hackweek/api/" in rule.matcher.regex.pattern
        ):
            matcher = rule.matcher
            yield matcher.reverse(*["x"] * (matcher._group_count or 0)), rule.target


async def test_version_requires_credentials(http_server_client, jp_base_url):
    # Given no token and no cookie, When the version is asked for, Then 403
    response = await http_server_client.fetch(
        f"{jp_base_url}hackweek/api/version", raise_error=False
    )
    assert response.code == 403


async def test_version_with_credentials(get_json):
    # Given a token, When the version is asked for, Then the package's version as JSON
    status, body = await get_json("version")
    assert status == 200
    record("version", body)
    assert body == {"version": __version__}


class Undecorated(APIHandler):
    """A route method someone forgot to decorate."""

    def get(self) -> None:
        self.finish("{}")


def test_an_undecorated_route_fails_the_tests(jp_serverapp):
    # Given the test server, When a route without @web.authenticated is added
    # Then jupyter_server's warning is an error (so a server with one cannot start)
    with pytest.raises(JupyterServerAuthWarning, match="GET of Undecorated"):
        jp_serverapp.web_app.add_handlers(".*$", [(r"/hackweek/api/planted", Undecorated)])


async def test_every_route_requires_credentials(jp_serverapp, http_server_client):
    routes = list(suite_routes(jp_serverapp.web_app.default_router))
    assert any(path.endswith("/hackweek/api/version") for path, _ in routes)
    for path, handler in routes:
        verbs = [v for v in VERBS if v.lower() in vars_of(handler)]
        assert verbs, f"{path} answers no verb"
        for verb in verbs:
            response = await http_server_client.fetch(
                path,
                method=verb,
                body=b"{}" if verb in ("POST", "PUT", "PATCH") else None,
                raise_error=False,
            )
            assert response.code == 403, (
                f"{verb} {path} answered {response.code} without credentials"
            )


def vars_of(handler):
    """The verbs a handler class itself defines (not the base class's 405 stubs)."""
    names = set()
    for klass in handler.__mro__:
        if klass.__module__.startswith("jupyterlab_hackweek"):
            names.update(vars(klass))
    return names


@pytest.mark.parametrize("path", ["hackweek/api/nope", "hackweek/api/version/extra"])
async def test_unknown_routes_are_404(jp_fetch, path):
    response = await jp_fetch(*path.split("/"), raise_error=False)
    assert response.code == 404


class Broken(HackweekHandler):
    """A route with a bug: an exception that is not a refusal."""

    @web.authenticated
    def get(self) -> None:
        raise RuntimeError("a bug with a secret-looking detail")


class Refusing(HackweekHandler):
    @web.authenticated
    def get(self) -> None:
        raise Refused(409, "Already there.", suggested="x-2.h5")


async def test_a_bug_is_a_500_json_with_a_reference_found_in_the_log(
    jp_serverapp, jp_fetch, caplog
):
    # Given a suite route that fails with an unexpected exception
    jp_serverapp.web_app.add_handlers(
        ".*$", [(jp_serverapp.base_url + "hackweek/api/planted-bug", Broken)]
    )
    # When it is asked
    response = await jp_fetch("hackweek", "api", "planted-bug", raise_error=False)
    # Then the user gets a 500 JSON message quoting a reference, and not the exception
    body = json.loads(response.body)
    record("error-internal", body)
    assert response.code == 500 and re.fullmatch(r"[0-9a-f]{8}", body["reference"])
    assert f"reference {body['reference']}" in body["message"]
    assert "secret-looking" not in response.body.decode()
    # And the server log has the traceback under that reference
    logged = [r for r in caplog.records if body["reference"] in r.getMessage()]
    assert logged and logged[0].exc_info and "RuntimeError" in caplog.text


async def test_a_refusal_is_its_status_message_and_fields(jp_serverapp, jp_fetch):
    jp_serverapp.web_app.add_handlers(
        ".*$", [(jp_serverapp.base_url + "hackweek/api/planted-refusal", Refusing)]
    )
    response = await jp_fetch("hackweek", "api", "planted-refusal", raise_error=False)
    assert response.code == 409 and response.headers["Cache-Control"] == "no-store"
    assert json.loads(response.body) == {
        "message": "Already there.",
        "reason": "Conflict",
        "suggested": "x-2.h5",
    }
