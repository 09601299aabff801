"""``SharedData.publishers``: only the listed users may publish, make folders or describe.

The server's identity provider names every token-authenticated request
"hackweek-tester", like a hub names the owner of a single-user server.
"""

import pytest
from jupyter_server.auth.identity import IdentityProvider, User

from jupyterlab_hackweek.shared.config import SharedData
from jupyterlab_hackweek.shared.service import SharedService
from jupyterlab_hackweek.tests.conftest import server_config


class HubLikeIdentity(IdentityProvider):
    """Every token request is the user "hackweek-tester" (as JupyterHub's own provider does)."""

    def generate_anonymous_user(self, handler):
        return User("hackweek-tester")


@pytest.fixture
def publishers():
    return ["an-organizer"]


@pytest.fixture
def jp_server_config(tmp_path, jp_root_dir, publishers):
    # 'organizers' outside the home; 'team' (writable) and 'archive' (read-only) inside it,
    # where a copy's destination can reach them
    for folder in (tmp_path / "rw", jp_root_dir / "team", jp_root_dir / "archive"):
        folder.mkdir()
    return server_config(
        server={"identity_provider_class": HubLikeIdentity},
        SharedData={
            "roots": [
                {"name": "organizers", "path": str(tmp_path / "rw"), "writable": True},
                {"name": "team", "path": str(jp_root_dir / "team"), "writable": True},
                {"name": "archive", "path": str(jp_root_dir / "archive"), "writable": False},
            ],
            "publishers": publishers,
        },
    )


async def test_a_user_not_listed_changes_nothing(post_json, get_json, jp_root_dir, tmp_path):
    # Given publishers = ["an-organizer"] and a file of hackweek-tester's
    (jp_root_dir / "result.h5").write_bytes(b"x")
    # When hackweek-tester publishes, makes a folder and writes a description
    answers = [
        await post_json(
            "shared", "publish", body={"root": "organizers", "path": "", "source": "result.h5"}
        ),
        await post_json("shared", "mkdir", body={"root": "organizers", "path": "week1"}),
        await post_json(
            "shared", "describe", body={"root": "organizers", "path": "", "readme": "# Hi"}
        ),
    ]
    # Then each is refused with a message and the writable root stays empty
    for status, body in answers:
        assert status == 403
        assert "organizers" in body["message"]
    assert list((tmp_path / "rw").iterdir()) == []
    # And the roots reply tells the front end to hide the organizer actions
    status, roots = await get_json("shared", "roots")
    assert (status, roots["can_publish"]) == (200, False)


@pytest.mark.parametrize("publishers", [["an-organizer", "hackweek-tester"], []])
async def test_a_listed_user_or_an_empty_list_may_publish(
    post_json, get_json, jp_root_dir, tmp_path
):
    # Given hackweek-tester is listed (or the list is empty: anyone with the writable mount)
    (jp_root_dir / "result.h5").write_bytes(b"x")
    # When they make a folder, publish into it and describe it
    assert (await post_json("shared", "mkdir", body={"root": "organizers", "path": "week1"}))[
        0
    ] == 200
    status, body = await post_json(
        "shared", "publish", body={"root": "organizers", "path": "week1", "source": "result.h5"}
    )
    assert (status, body["path"]) == (200, "week1/result.h5")
    status, _ = await post_json(
        "shared", "describe", body={"root": "organizers", "path": "week1", "readme": "# Week 1"}
    )
    # Then all three landed, and the roots reply allows the organizer actions
    assert status == 200
    assert sorted(p.name for p in (tmp_path / "rw" / "week1").iterdir()) == [
        "README.md",
        "result.h5",
    ]
    assert (await get_json("shared", "roots"))[1]["can_publish"] is True


async def copy_to(post_json, dest):
    return await post_json(
        "shared", "copy", body={"root": "organizers", "path": "data.h5", "dest": dest}
    )


async def test_a_copy_into_a_shared_root_needs_publisher_rights(post_json, jp_root_dir, tmp_path):
    # Given a shared file, and hackweek-tester, who is not a publisher
    (tmp_path / "rw" / "data.h5").write_text("data")
    # When it is copied into 'team' (a writable root inside the home), Then 403 as publishing
    status, body = await copy_to(post_json, "team")
    assert status == 403
    assert "organizers" in body["message"]
    # When it is copied into 'archive' (a read-only root), Then 403, read-only
    status, body = await copy_to(post_json, "archive")
    assert status == 403
    assert "read-only" in body["message"]
    # And nothing was written in either; a copy into the home itself still works
    assert list((jp_root_dir / "team").iterdir()) == list((jp_root_dir / "archive").iterdir()) == []
    assert (await copy_to(post_json, ""))[0] == 200
    assert (jp_root_dir / "data.h5").read_text() == "data"


@pytest.mark.parametrize("publishers", [["an-organizer", "hackweek-tester"], []])
async def test_a_publisher_may_copy_into_a_writable_shared_root_only(
    post_json, jp_root_dir, tmp_path
):
    # Given a shared file, and hackweek-tester listed (or the list empty)
    (tmp_path / "rw" / "data.h5").write_text("data")
    # When it is copied into 'team', Then it lands there
    status, body = await copy_to(post_json, "team")
    assert (status, body["path"]) == (200, "team/data.h5")
    assert (jp_root_dir / "team" / "data.h5").read_text() == "data"
    # And a read-only root stays read-only, even for a publisher
    status, body = await copy_to(post_json, "archive")
    assert status == 403
    assert "read-only" in body["message"]
    assert list((jp_root_dir / "archive").iterdir()) == []


def test_may_publish_without_a_server(tmp_path):
    # Given a service configured with one publisher
    service = SharedService(SharedData(publishers=["alice"]), str(tmp_path))
    # Then only that name (not a missing user, not a prefix) may publish
    assert service.may_publish("alice")
    assert not service.may_publish("alic")
    assert not service.may_publish(None)
    # And with no list, anyone may
    assert SharedService(SharedData(), str(tmp_path)).may_publish(None)
