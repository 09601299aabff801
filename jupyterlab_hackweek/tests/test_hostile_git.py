"""A repository planted by another participant must not run commands or reach outside the root.

On a hackweek hub every participant's server runs as the same uid and
``~/shared-readwrite`` (inside each server's folder) is writable by all. Here
"another participant" plants a repository at the top of ``shared-readwrite``
that tracks the victim's notebook, with one door per case: a command git would
run (filters, textconv, fsmonitor, hooks, pager, editor, ssh, credential
helper), or a pointer out of the server's folder (``core.worktree``, a
``gitdir:`` file, a symlinked ``binder/``). The victim then clicks "Open in
Binder" (``GET git/state``) or "Capture environment" (``POST
binder/environment``). Each door's script would create ``tmp_path/ran-<door>``.
"""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

import psutil
import pytest

from jupyterlab_hackweek.tests.conftest import server_config
from jupyterlab_hackweek.tests.fixture_hostile import probe_while, release_fifos
from jupyterlab_hackweek.tests.fixture_repos import (
    HOOK_NAMES,
    commit_file,
    git,
    init_repo,
    marker_script,
    modify_same_size,
    notebook_json,
)

HUB_IMAGE = "quay.io/cryointhecloud/cryo-hub-image:2024.06.10"
NOTEBOOK = "shared-readwrite/victim/analysis.ipynb"
#: Names in the outside folder that must never show in a reply.
OUTSIDE_NAMES = ("outside-secret-notes.txt", "outside-env", "outside-planted.git")


@pytest.fixture
def jp_server_config(jp_root_dir):
    return server_config(
        BinderExport={"hub_image": HUB_IMAGE, "git_timeout": 1.0},
    )


pytest_plugins = ("jupyterlab_hackweek.tests.fixture_hostile",)


#: Neither the git program nor libgit2 reads the machine's own configuration.
pytestmark = pytest.mark.usefixtures("isolated_git_config")


@pytest.fixture
def outside(tmp_path, jp_root_dir):
    """A folder beside the server's folder (``jp_root_dir`` is ``tmp_path/root_dir``)."""
    place = tmp_path / "outside"
    (place / "outside-env").mkdir(parents=True)
    (place / "outside-secret-notes.txt").write_text("not for the server to show\n")
    (place / "outside-env" / "requirements.txt").write_text("secret-package\n")
    (place / "outside-env" / "environment.yml").write_text("name: secret\n")
    assert not str(place).startswith(str(jp_root_dir))
    return place


def snapshot(folder: Path) -> dict[str, tuple[int, int, bytes | None]]:
    """Every entry below ``folder`` with its mode, size and (for files) content."""
    entries = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        data = path.read_bytes() if path.is_file() and not path.is_symlink() else None
        entries[str(path.relative_to(folder))] = (info.st_mode, info.st_size, data)
    return entries


def victim_notebook(shared: Path) -> Path:
    """The victim's notebook in ``shared-readwrite/victim``."""
    notebook = shared / "victim" / "analysis.ipynb"
    notebook.parent.mkdir(parents=True, exist_ok=True)
    notebook.write_text(notebook_json("print(1)\n"), encoding="utf-8")
    return notebook


def plant_repository(root: Path) -> Path:
    """As another participant: a repository at ``shared-readwrite`` over the victim's notebook."""
    shared = init_repo(root / "shared-readwrite")
    victim_notebook(shared)
    commit_file(shared, "victim/analysis.ipynb", notebook_json("print(1)\n"), "take it over")
    return shared


def plant_door(door: str, shared: Path, tmp_path: Path) -> None:
    """Configure one command-running ``door`` in the repository at ``shared``."""
    script = marker_script(tmp_path / "scripts" / f"{door}.sh", tmp_path / f"ran-{door}")
    config = shared / ".git" / "config"

    def setting(key: str, value: str, file: Path = config) -> None:
        git(shared, "config", "--file", str(file), key, value)

    if door == "clean-filter":
        setting("filter.evil.clean", str(script))
        (shared / ".gitattributes").write_text("*.ipynb filter=evil\n")
    elif door == "smudge-filter":
        setting("filter.evil.smudge", str(script))
        (shared / ".gitattributes").write_text("*.ipynb filter=evil\n")
    elif door == "process-filter":
        setting("filter.evil.process", str(script))
        (shared / ".gitattributes").write_text("*.ipynb filter=evil\n")
    elif door == "info-attributes-filter":
        setting("filter.evil.clean", str(script))
        (shared / ".git" / "info").mkdir(exist_ok=True)
        (shared / ".git" / "info" / "attributes").write_text("* filter=evil\n")
    elif door == "textconv":
        setting("diff.evil.textconv", str(script))
        (shared / ".gitattributes").write_text("*.ipynb diff=evil\n")
    elif door == "diff-external":
        setting("diff.external", str(script))
    elif door == "fsmonitor-include":
        included = shared / ".git" / "more.config"
        setting("core.fsmonitor", str(script), included)
        setting("include.path", str(included))
    elif door == "hooks-path":
        hooks = tmp_path / "hooks"
        for name in HOOK_NAMES:
            marker_script(hooks / name, tmp_path / f"ran-{door}")
        setting("core.hooksPath", str(hooks))
    elif door == "pager":
        setting("core.pager", str(script))
        for command in ("status", "tag", "config", "branch", "log"):
            setting(f"pager.{command}", str(script))
    elif door == "editor":
        setting("core.editor", str(script))
        setting("sequence.editor", str(script))
    elif door == "ssh-command":
        setting("core.sshCommand", str(script))
        setting("remote.origin.url", "ssh://git@example.org/o/r.git")
    elif door == "credential-helper":
        setting("credential.helper", f"!{script}")
        setting("remote.origin.url", "https://example.org/o/r.git")
    else:  # pragma: no cover
        raise AssertionError(door)


DOORS = (
    "clean-filter",
    "smudge-filter",
    "process-filter",
    "info-attributes-filter",
    "textconv",
    "diff-external",
    "fsmonitor-include",
    "hooks-path",
    "pager",
    "editor",
    "ssh-command",
    "credential-helper",
)


def assert_nothing_ran(tmp_path: Path) -> None:
    ran = sorted(p.name for p in tmp_path.glob("ran-*"))
    assert ran == [], f"a command configured by the repository ran: {ran}"


def assert_reveals_nothing(reply: object, outside: Path) -> None:
    text = json.dumps(reply)
    assert str(outside) not in text
    for name in OUTSIDE_NAMES + ("secret-package",):
        assert name not in text, f"{name} leaked into the reply"


def assert_json_answer(status: int, body: object) -> None:
    assert status == 200 or 400 <= status < 500, status
    assert isinstance(body, dict)


@pytest.mark.parametrize("door", DOORS)
async def test_a_planted_command_never_runs_on_open_in_binder(
    get_json, post_json, jp_root_dir, tmp_path, outside, door
):
    # Given another participant's repository over the victim's notebook, with one door planted
    shared = plant_repository(jp_root_dir)
    plant_door(door, shared, tmp_path)
    modify_same_size(shared / "victim" / "analysis.ipynb", "print(1)", "print(2)")
    before = snapshot(outside)
    # When the victim opens the Binder dialog for the notebook
    status, body = await get_json("git", "state", path=NOTEBOOK)
    # Then the state is read from the files, and the repository's command never ran
    assert_json_answer(status, body)
    assert_nothing_ran(tmp_path)
    assert status == 200 and body["git"] is not None, body
    assert body["git"]["labpath"] == "victim/analysis.ipynb"
    assert body["git"]["tracked"] and body["git"]["modified"]
    # And when the victim captures a Dockerfile into that repository, nothing runs either
    status, reply = await post_json(
        "binder", "environment", body={"path": NOTEBOOK, "kind": "dockerfile"}
    )
    assert status == 201, reply
    assert_nothing_ran(tmp_path)
    assert snapshot(outside) == before
    assert_reveals_nothing(body, outside)


def plant_worktree_outside(root: Path, outside: Path, tmp_path: Path) -> None:
    shared = plant_repository(root)
    git(shared, "config", "core.worktree", str(outside))


def plant_worktree_above_root(root: Path, outside: Path, tmp_path: Path) -> None:
    # The work tree is the folder holding both the server's folder and the outside one
    shared = plant_repository(root)
    git(shared, "config", "core.worktree", str(tmp_path))


def plant_gitdir_file_outside(root: Path, outside: Path, tmp_path: Path) -> None:
    shared = root / "shared-readwrite"
    shared.mkdir()
    git(
        tmp_path,
        "init",
        "-q",
        "-b",
        "main",
        f"--separate-git-dir={outside / 'outside-planted.git'}",
        str(shared),
    )
    victim_notebook(shared)
    commit_file(shared, "victim/analysis.ipynb", notebook_json("print(1)\n"), "take it over")
    assert (shared / ".git").is_file()


def plant_git_symlink_outside(root: Path, outside: Path, tmp_path: Path) -> None:
    plant_gitdir_file_outside(root, outside, tmp_path)
    shared = root / "shared-readwrite"
    (shared / ".git").unlink()
    (shared / ".git").symlink_to(outside / "outside-planted.git")


def plant_commondir_outside(root: Path, outside: Path, tmp_path: Path) -> None:
    # A linked work tree whose own git dir is inside the root, its common dir outside
    main = init_repo(outside / "outside-planted.git" / "main")
    commit_file(main, "readme.md", "x\n", "one")
    shared = root / "shared-readwrite"
    git(main, "worktree", "add", "-q", "-b", "victim", str(shared))
    victim_notebook(shared)
    commit_file(shared, "victim/analysis.ipynb", notebook_json("print(1)\n"), "take it over")
    admin = main / ".git" / "worktrees" / "shared-readwrite"
    inside_admin = shared / ".wt"
    os.rename(admin, inside_admin)
    (inside_admin / "commondir").write_text(str(main / ".git") + "\n")
    (shared / ".git").write_text(f"gitdir: {inside_admin}\n")


OUT_OF_ROOT = {
    "worktree-outside": plant_worktree_outside,
    "worktree-above-root": plant_worktree_above_root,
    "gitdir-file-outside": plant_gitdir_file_outside,
    "git-symlink-outside": plant_git_symlink_outside,
    "commondir-outside": plant_commondir_outside,
}


@pytest.mark.parametrize("case", sorted(OUT_OF_ROOT))
async def test_a_repository_reaching_out_of_the_root_is_refused(
    get_json, post_json, jp_root_dir, tmp_path, outside, case
):
    # Given a planted repository whose work tree or git dir is outside the server's folder
    OUT_OF_ROOT[case](jp_root_dir, outside, tmp_path)
    before = snapshot(outside)
    # When the victim opens the Binder dialog
    status, body = await get_json("git", "state", path=NOTEBOOK)
    # Then a plain problem and no git state, nothing about the outside place
    assert status == 200, body
    assert body["git"] is None and body["environment"] is None
    assert body["problem"]["kind"] == "outside-root", body["problem"]
    assert_reveals_nothing(body, outside)
    # And a capture into it is refused and writes nothing
    status, reply = await post_json("binder", "environment", body={"path": NOTEBOOK, "kind": "pip"})
    assert 400 <= status < 500, reply
    assert_reveals_nothing(reply, outside)
    assert snapshot(outside) == before
    assert_nothing_ran(tmp_path)


@pytest.fixture
def binder_link(jp_root_dir, outside, request):
    """The planted repository with ``binder/`` (or ``.binder/``) a symlink to a folder outside."""
    shared = plant_repository(jp_root_dir)
    (shared / request.param).symlink_to(outside / "outside-env", target_is_directory=True)
    return shared


@pytest.mark.parametrize("binder_link", ["binder", ".binder"], indirect=True)
@pytest.mark.parametrize(
    "body",
    [
        {"kind": "dockerfile"},
        {"kind": "pip"},
        {"kind": "pip", "overwrite": True},
    ],
)
async def test_capture_through_a_symlinked_binder_folder_is_refused(
    post_json, binder_link, outside, tmp_path, body
):
    # Given binder/ linking out of the server's folder
    before = snapshot(outside)
    # When the victim captures an environment file
    status, reply = await post_json("binder", "environment", body={"path": NOTEBOOK, **body})
    # Then a clear refusal, and nothing written outside (nor anywhere else)
    assert 400 <= status < 500, reply
    assert "link" in reply["message"]
    assert snapshot(outside) == before
    # The link is left as it is and no other environment folder or file appeared
    links = [p.name for p in binder_link.iterdir() if p.is_symlink()]
    assert len(links) == 1
    assert sorted(p.name for p in binder_link.iterdir()) == sorted([".git", "victim", *links])
    assert not list(tmp_path.rglob("*.tmp"))
    assert_reveals_nothing(reply, outside)


@pytest.mark.parametrize("binder_link", ["binder"], indirect=True)
async def test_git_state_does_not_list_files_behind_a_symlinked_binder_folder(
    get_json, binder_link, outside
):
    # When the victim opens the dialog, Then the outside folder's files are not listed
    status, body = await get_json("git", "state", path=NOTEBOOK)
    assert status == 200 and body["git"] is not None
    assert body["environment"]["files"] == []
    assert_reveals_nothing(body, outside)


@pytest.mark.parametrize("name", ["Dockerfile", "requirements.txt"])
async def test_capture_over_a_symlinked_target_file_is_refused(
    post_json, jp_root_dir, outside, name
):
    # Given binder/<target> is a symlink to a file outside the server's folder
    shared = plant_repository(jp_root_dir)
    (shared / "binder").mkdir()
    (shared / "binder" / name).symlink_to(outside / "outside-secret-notes.txt")
    before = snapshot(outside)
    kind = "dockerfile" if name == "Dockerfile" else "pip"
    # When the victim captures with overwrite, Then refused and the outside file unchanged
    status, reply = await post_json(
        "binder", "environment", body={"path": NOTEBOOK, "kind": kind, "overwrite": True}
    )
    assert 400 <= status < 500, reply
    assert "link" in reply["message"]
    assert snapshot(outside) == before
    assert (shared / "binder" / name).is_symlink()
    assert_reveals_nothing(reply, outside)


async def test_discovery_never_looks_above_the_server_root(get_json, jp_root_dir, tmp_path):
    # Given a repository in the folder that holds the server's folder (above the root)
    init_repo(tmp_path)
    (jp_root_dir / "lonely.ipynb").write_text("{}")
    # When a notebook in the root is asked about, Then it is in no repository
    status, body = await get_json("git", "state", path="lonely.ipynb")
    assert status == 200 and body["git"] is None
    assert body["problem"]["kind"] == "not-a-repository"


@pytest.mark.parametrize("swapped", ["binder", "binder/requirements.txt"])
def test_the_write_refuses_a_link_swapped_in_after_the_checks(jp_root_dir, outside, swapped):
    # Given the capture's checks passed on a plain repository
    from jupyterlab_hackweek.binder.environment import (
        CaptureError,
        capture_target,
        write_new_file,
    )

    shared = plant_repository(jp_root_dir)
    folder, name = capture_target(shared, "pip")
    # When a link is put in place before the write (the race the descriptors close)
    if swapped == "binder":
        (shared / "binder").symlink_to(outside / "outside-env", target_is_directory=True)
    else:
        (shared / "binder").mkdir()
        (shared / swapped).symlink_to(outside / "outside-secret-notes.txt")
    before = snapshot(outside)
    # Then the write itself refuses, with or without overwrite, and nothing changes outside
    for overwrite in (False, True):
        with pytest.raises(CaptureError) as error:
            write_new_file(shared, folder, name, "x\n", overwrite, os.path.realpath(jp_root_dir))
        assert error.value.status == 403 and "link" in error.value.message
    assert snapshot(outside) == before
    assert (shared / swapped).is_symlink()


# --- a FIFO where git keeps a file ---------------------------------------------------------


def plant_fifo(shared: Path, where: str) -> Path:
    """Replace the file git keeps at ``where`` (below the repository) by a FIFO."""
    if where == "loose-object":
        head = git(shared, "rev-parse", "HEAD").strip()
        where = f".git/objects/{head[:2]}/{head[2:]}"
    path = shared / where
    if path.is_dir():
        import shutil

        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("where", [".git/HEAD", ".git/config", ".git/refs/heads/main", ".git"])
async def test_a_fifo_where_git_keeps_a_file_is_refused_at_once(client, jp_root_dir, where):
    # Given another participant's repository whose .git/<where> is a FIFO
    shared = plant_repository(jp_root_dir)
    plant_fifo(shared, where)
    params = {"path": NOTEBOOK}
    state = asyncio.ensure_future(client("GET", "hackweek/api/git/state", params))
    probes = asyncio.ensure_future(
        probe_while(client, "api/kernelspecs", lambda: not state.done(), every=0.01)
    )
    try:
        code, text, seconds = await asyncio.wait_for(state, 30)
    finally:
        release_fifos(shared)
    # Then the dialog is told at once that the repository is not read, and why
    assert code == 200 and seconds < 3, (code, text, seconds)
    problem = json.loads(text)["problem"]
    assert problem["kind"] == "unreadable" and "special file" in problem["message"]
    # And jupyter_server's own routes answered within 1 s throughout
    times = await probes
    assert max(times, default=0) < 1.0, times


async def test_a_fifo_deep_in_the_objects_costs_a_killed_reader_only(client, jp_root_dir):
    # Given a repository whose HEAD commit object is a FIFO (libgit2 waits on it,
    # holding the GIL: in the server's own process every thread would stop)
    shared = plant_repository(jp_root_dir)
    plant_fifo(shared, "loose-object")
    params = {"path": NOTEBOOK}
    # When the victim opens the dialog five times at once
    states = asyncio.ensure_future(
        asyncio.gather(*(client("GET", "hackweek/api/git/state", params) for _ in range(5)))
    )
    probes = asyncio.ensure_future(
        probe_while(client, "api/kernelspecs", lambda: not states.done(), every=0.01)
    )
    try:
        replies = await asyncio.wait_for(states, 60)
    finally:
        release_fifos(shared)
    # Then each says, within the deadline (1 s + the reader's start), that reading stopped
    for code, text, seconds in replies:
        assert code == 200 and seconds < 10, (text, seconds)
        problem = json.loads(text)["problem"]
        assert problem["kind"] == "timeout" and "took too long" in problem["message"]
    # And jupyter_server's own routes answered within 1 s throughout
    times = await probes
    assert times and max(times) < 1.0, times
    # And no reader is left behind: each was killed at its deadline
    readers = [
        p
        for p in psutil.Process().children(recursive=True)
        if "jupyterlab_hackweek.binder.git" in " ".join(p.cmdline())
    ]
    assert readers == []
