"""The Binder routes through a running server under a hub prefix."""

from __future__ import annotations

import pytest

from jupyterlab_hackweek.tests.conftest import server_config
from jupyterlab_hackweek.tests.contract import record
from jupyterlab_hackweek.tests.fixture_repos import make_binder_demo

HUB_IMAGE = "quay.io/cryointhecloud/cryo-hub-image:2024.06.10"


@pytest.fixture
def jp_server_config(jp_root_dir):
    return server_config(
        BinderExport={
            "binderhub_url": "https://binder.example.org/prefix/",
            "hub_image": HUB_IMAGE,
        },
    )


#: Neither the git program nor libgit2 reads the machine's own configuration.
pytestmark = pytest.mark.usefixtures("isolated_git_config")


@pytest.fixture
def demo(jp_root_dir):
    return make_binder_demo(jp_root_dir)


async def test_git_state_of_the_demo_notebook(get_json, demo):
    # Given the demo repository in the server's folder
    # When the front end asks for the notebook's git state
    status, body = await get_json("git", "state", path="binder-demo/analysis.ipynb")
    # Then the GitHub remote, the unpushed commit, the environment and the admin's settings
    assert status == 200
    record("git-state", body)
    assert body["git"]["remotes"] == [
        {"name": "origin", "url": "https://github.com/icesat2-hackweek/binder-demo"}
    ]
    assert body["git"]["labpath"] == "analysis.ipynb"
    assert body["git"]["ahead"] == 1 and body["git"]["pushed_to"] == []
    assert body["environment"] == {
        "folder": "binder",
        "files": ["binder/requirements.txt"],
        "problems": [],
    }
    assert body["binderhub_url"] == "https://binder.example.org/prefix/"
    assert body["hub_image"] == HUB_IMAGE
    assert body["nbgitpuller_parentpath"] == ""
    assert body["problem"] is None


@pytest.fixture
def hub_parent_path(monkeypatch):
    """The single-user server runs on a hub that sets NBGITPULLER_PARENTPATH."""
    monkeypatch.setenv("NBGITPULLER_PARENTPATH", "tutorials")


async def test_nbgitpuller_parent_path_is_the_hubs(hub_parent_path, get_json, demo):
    # Given a server started with NBGITPULLER_PARENTPATH=tutorials
    # When the front end asks for the notebook's git state
    status, body = await get_json("git", "state", path="binder-demo/analysis.ipynb")
    # Then the reply says nbgitpuller clones below tutorials/
    assert status == 200 and body["nbgitpuller_parentpath"] == "tutorials"


def test_nbgitpuller_parent_path_setting_wins_over_the_environment(hub_parent_path):
    # Given an admin's setting on a hub whose servers set NBGITPULLER_PARENTPATH
    from traitlets.config import Config

    from jupyterlab_hackweek.binder.service import BinderExport

    config = Config({"BinderExport": {"nbgitpuller_parentpath": "course/week1"}})
    # Then the setting is the folder given to the front end
    assert BinderExport(config=config).nbgitpuller_parentpath == "course/week1"
    assert BinderExport().nbgitpuller_parentpath == "tutorials"


async def test_git_state_outside_a_repository(get_json, jp_root_dir):
    # Given a notebook in no repository, When asked, Then 200 with a clear problem
    (jp_root_dir / "lonely.ipynb").write_text("{}")
    status, body = await get_json("git", "state", path="lonely.ipynb")
    assert status == 200 and body["git"] is None
    record("git-state-problem", body)
    assert body["problem"]["kind"] == "not-a-repository"


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("../../etc/passwd", 400),
        ("/etc/passwd", 400),
        ("a\0b.ipynb", 404),  # Tornado turns the NUL into a space before the handler sees it
        ("C:\\x.ipynb", 400),
        ("", 400),
        ("missing.ipynb", 404),
        ("escape/passwd", 404),
        ("binder-demo", 404),
        (".hidden/a.ipynb", 404),
    ],
)
async def test_bad_paths_are_json_4xx(get_json, jp_root_dir, demo, path, code):
    # Given a symlink leading out of the root and a hidden folder
    (jp_root_dir / "escape").symlink_to("/etc")
    (jp_root_dir / ".hidden").mkdir()
    (jp_root_dir / ".hidden" / "a.ipynb").write_text("{}")
    # When a bad path is asked for, Then a 4xx with a JSON message
    status, body = await get_json("git", "state", path=path)
    assert status == code
    assert body["message"]


async def test_sibling_sharing_the_root_prefix_is_refused(get_json, jp_root_dir):
    # Given a folder next to the root whose name starts with the root's name
    sibling = jp_root_dir.parent / (jp_root_dir.name + "-evil")
    sibling.mkdir()
    (sibling / "a.ipynb").write_text("{}")
    (jp_root_dir / "link").symlink_to(sibling)
    # When reached through a link, Then refused
    status, _ = await get_json("git", "state", path="link/a.ipynb")
    assert status == 404


async def test_capture_writes_a_dockerfile_from_the_hub_image(post_json, jp_root_dir, demo):
    # When a Dockerfile is asked for the demo repository
    status, body = await post_json(
        "binder", "environment", body={"path": "binder-demo/analysis.ipynb", "kind": "dockerfile"}
    )
    # Then binder/Dockerfile says FROM the hub's image, and no temporary file is left
    record("binder-environment", body)
    assert status == 201 and body == {"path": "binder-demo/binder/Dockerfile", "kind": "dockerfile"}
    assert f"FROM {HUB_IMAGE}\n" in (demo / "binder" / "Dockerfile").read_text()
    assert sorted(p.name for p in (demo / "binder").iterdir()) == ["Dockerfile", "requirements.txt"]


async def test_capture_refuses_to_overwrite(post_json, demo):
    # Given binder/requirements.txt exists
    before = (demo / "binder" / "requirements.txt").read_text()
    # When a pip capture is asked without overwrite, Then 409 and the file is unchanged
    status, body = await post_json(
        "binder", "environment", body={"path": "binder-demo/analysis.ipynb", "kind": "pip"}
    )
    assert status == 409 and "already exists" in body["message"]
    assert (demo / "binder" / "requirements.txt").read_text() == before
    # When asked again with overwrite, Then it holds this server's packages
    status, _ = await post_json(
        "binder",
        "environment",
        body={"path": "binder-demo/analysis.ipynb", "kind": "pip", "overwrite": True},
    )
    assert status == 201
    assert "jupyter_server==" in (demo / "binder" / "requirements.txt").read_text().replace(
        "-", "_"
    )


async def test_capture_will_not_hide_top_level_files(post_json, jp_root_dir):
    # Given a repository with requirements.txt at its top and no binder/ folder
    from jupyterlab_hackweek.tests.fixture_repos import commit_file, init_repo

    repo = init_repo(jp_root_dir / "top")
    commit_file(repo, "requirements.txt", "numpy\n", "env")
    commit_file(repo, "a.ipynb", "{}", "nb")
    # When a pip capture is asked, Then 409: a binder/ folder would hide requirements.txt
    status, body = await post_json(
        "binder", "environment", body={"path": "top/a.ipynb", "kind": "pip"}
    )
    assert status == 409 and "requirements.txt" in body["message"]
    assert not (repo / "binder").exists()


@pytest.mark.parametrize(
    "body",
    [
        {"path": "binder-demo/analysis.ipynb", "kind": "rpm"},
        {"path": 3},
        {"path": "../../etc/passwd", "kind": "pip"},
    ],
)
async def test_capture_bad_bodies_are_400(post_json, demo, body):
    status, reply = await post_json("binder", "environment", body=body)
    assert status == 400 and reply["message"]


async def test_capture_without_conda_says_so(post_json, demo, monkeypatch):
    # Given no conda on this server
    monkeypatch.delenv("CONDA_EXE", raising=False)
    monkeypatch.setattr("shutil.which", lambda name: None)
    # When a conda capture is asked, Then a clear 400
    status, body = await post_json(
        "binder", "environment", body={"path": "binder-demo/analysis.ipynb", "kind": "conda"}
    )
    assert status == 400 and "conda is not available" in body["message"]
