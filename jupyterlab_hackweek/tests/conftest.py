import json

import pytest

pytest_plugins = ("pytest_jupyter.jupyter_server",)


@pytest.fixture
def jp_base_url():
    """Serve under a JupyterHub-style prefix, as on a hub."""
    return "/user/hackweek-tester/"


@pytest.fixture
def jp_server_config():
    return {
        "ServerApp": {
            "jpserver_extensions": {"jupyterlab_hackweek": True},
            "allow_unauthenticated_access": False,
        }
    }


@pytest.fixture
def get_json(jp_fetch):
    """GET a suite route and return ``(status, parsed JSON body)``, errors included."""

    async def fetch(*parts, **params):
        response = await jp_fetch(
            "hackweek", "api", *parts, params=params or None, raise_error=False
        )
        return response.code, json.loads(response.body or b"null")

    return fetch


@pytest.fixture
def post_json(jp_fetch):
    """POST a JSON ``body`` to a suite route; return ``(status, parsed JSON reply)``."""

    async def post(*parts, body):
        response = await jp_fetch(
            "hackweek", "api", *parts, method="POST", body=json.dumps(body), raise_error=False
        )
        return response.code, json.loads(response.body or b"null")

    return post
