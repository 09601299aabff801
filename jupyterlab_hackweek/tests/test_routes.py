"""Every route of the suite is decorated and refuses requests without credentials.

jupyter_server warns (``JupyterServerAuthWarning``) about every method of an
extension's route that has no ``@tornado.web.authenticated`` (nor
``@allow_unauthenticated``) as the route is added; ``pyproject.toml`` makes that
warning an error in the tests, so the server of every test fails to start when
a suite route lacks the decorator. ``test_an_undecorated_route_fails_the_tests``
proves it with a planted handler. The routes are also read from the running
server's router and asked without credentials.
"""

import pytest
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import JupyterServerAuthWarning
from tornado.routing import PathMatches

from jupyterlab_hackweek import __version__

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
