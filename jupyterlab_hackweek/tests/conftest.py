from __future__ import annotations

import json

import pytest

from .fixture_repos import libgit2_config_isolated

#: The sshfs fixtures (``fs_root``…) for every module: fixture_sshfs.py.
pytest_plugins = ("pytest_jupyter.jupyter_server", "jupyterlab_hackweek.tests.fixture_sshfs")


@pytest.fixture
def jp_base_url():
    """Serve under a JupyterHub-style prefix, as on a hub."""
    return "/user/hackweek-tester/"


def server_config(server: dict | None = None, **sections) -> dict:
    """The test server's config: the suite enabled and, as on a hub, no unauthenticated
    access; ``server`` adds ServerApp settings, ``sections`` other classes' settings."""
    return {
        "ServerApp": {
            "jpserver_extensions": {"jupyterlab_hackweek": True},
            "allow_unauthenticated_access": False,
            **(server or {}),
        },
        **sections,
    }


@pytest.fixture
def jp_server_config():
    return server_config()


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


@pytest.fixture
def isolated_git_config(tmp_path, monkeypatch):
    """Neither the git program nor libgit2 reads the machine's own configuration
    (e.g. a safe.directory or a credential helper) in a test of git state."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    with libgit2_config_isolated(tmp_path / "no-git-config"):
        yield
