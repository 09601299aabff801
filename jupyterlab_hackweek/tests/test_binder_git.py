"""The git state of notebooks in real repositories made in temporary folders."""

from __future__ import annotations

import os

import pytest

from jupyterlab_hackweek.binder.environment import detect_environment
from jupyterlab_hackweek.binder.git import GitProblem, git_state
from jupyterlab_hackweek.binder.paths import PathError, resolve_inside
from jupyterlab_hackweek.binder.remotes import normalise_remote
from jupyterlab_hackweek.tests.fixture_repos import (
    GITHUB_URL,
    commit_file,
    git,
    init_repo,
    make_binder_demo,
    notebook_json,
)

NB = notebook_json("print(1)\n")


#: Neither the git program nor libgit2 reads the machine's own configuration.
pytestmark = pytest.mark.usefixtures("isolated_git_config")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("git@github.com:o/r.git", "https://github.com/o/r"),
        ("ssh://git@GitHub.com:22/o/r.git/", "https://github.com/o/r"),
        ("https://u:ghp_x@github.com/o/r.git", "https://github.com/o/r"),
        ("https://ghp_x@github.com/o/r", "https://github.com/o/r"),
        ("https://oauth2:glpat-x@gitlab.com/g/sub/p.git?x=1#f", "https://gitlab.com/g/sub/p"),
        ("git@gist.github.com:alice/abc123.git", "https://gist.github.com/alice/abc123"),
        # plain git servers keep the URL as cloned: scheme, port, .git
        ("https://x-access-token:t@codeberg.org:8443/o/r", "https://codeberg.org:8443/o/r"),
        ("http://u:pw@Git.Example.org:8080/o/r.git/?a=1#b", "http://git.example.org:8080/o/r.git"),
        ("http://git.example.org:80/r.git", "http://git.example.org/r.git"),
        ("https://[::1]:8443/srv/r.git", "https://[::1]:8443/srv/r.git"),
        ("git://git.example.org:9418/r.git", "git://git.example.org/r.git"),
        # ssh needs a key: the forge convention, https at the ssh path (.git as written)
        ("git@gitea.example.org:team/r.git", "https://gitea.example.org/team/r.git"),
        ("ssh://git@gitea.example.org:2222/team/r", "https://gitea.example.org/team/r"),
        ("git@git.sr.ht:~me/r", "https://git.sr.ht/~me/r"),
        # an scp-form absolute path is a folder on an ssh-only server
        ("me@server.example.org:/srv/git/r.git", None),
        ("/srv/repos/r.git", None),
        ("file:///srv/r.git", None),
        ("../bare.git", None),
        ("C:\\repos\\r", None),
    ],
)
def test_remote_urls_are_normalised_without_credentials(url, expected):
    # Given a remote URL as git stores it, When normalised,
    # Then the anonymous clone URL without user info (None if there is none)
    assert normalise_remote(url) == expected


def test_https_remote_on_a_pushed_branch(tmp_path):
    # Given a repository whose commit is pushed to a local bare remote, shown as a GitHub URL
    bare = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    repo = init_repo(tmp_path / "repo")
    head = commit_file(repo, "nb/a b é.ipynb", NB, "add")
    git(repo, "remote", "add", "origin", str(bare))
    git(repo, "push", "-q", "-u", "origin", "main")
    git(repo, "remote", "set-url", "origin", "https://u:ghp_secret@github.com/o/r.git")
    # When its state is read
    state = git_state(repo / "nb" / "a b é.ipynb", tmp_path).to_json()
    # Then everything is committed and pushed, the path is from the repo root, and no token shows
    assert state["labpath"] == "nb/a b é.ipynb"
    assert state["head"] == head
    assert state["branch"] == "main" and not state["detached"]
    assert state["upstream"] == "origin/main"
    assert (state["ahead"], state["behind"]) == (0, 0)
    assert state["tracked"] and state["committed"] and not state["modified"]
    assert state["pushed_to"] == ["origin/main"]
    assert state["remotes"] == [{"name": "origin", "url": "https://github.com/o/r"}]
    assert "ghp_secret" not in repr(state)
    # And the JSON shape the front end reads is unchanged (the server-side work tree is not in it)
    assert list(state) == [
        "root_name",
        "labpath",
        "remotes",
        "default_remote",
        "branch",
        "detached",
        "upstream",
        "head",
        "ahead",
        "behind",
        "tracked",
        "ignored",
        "modified",
        "committed",
        "pushed_to",
        "tags",
        "nbgitpuller",
    ]


def test_ssh_remote_with_an_unpushed_commit(tmp_path):
    # Given the demo repository: one commit not pushed, ssh form for the remote
    repo = make_binder_demo(tmp_path)
    git(repo, "remote", "set-url", "origin", "git@github.com:icesat2-hackweek/binder-demo.git")
    # When its state is read
    state = git_state(repo / "analysis.ipynb", tmp_path)
    # Then it is committed but 1 ahead and contained in no remote-tracking ref
    assert state.remotes[0].url == "https://github.com/icesat2-hackweek/binder-demo"
    assert state.default_remote == "origin"
    assert state.committed and state.ahead == 1 and state.behind == 0
    assert state.pushed_to == []


def test_demo_fixture_shows_github_and_pushes_locally(tmp_path):
    # Given the demo repository
    repo = make_binder_demo(tmp_path)
    assert git(repo, "remote", "get-url", "origin") == GITHUB_URL
    # When the user pushes (to the local bare repository), Then the state reads "pushed"
    git(repo, "push", "-q")
    state = git_state(repo / "analysis.ipynb", tmp_path)
    assert state.ahead == 0 and state.pushed_to == ["origin/main"]
    assert detect_environment(repo).files == ["binder/requirements.txt"]


def test_detached_head_pins_the_sha(tmp_path):
    # Given a repository checked out at an older commit
    repo = init_repo(tmp_path / "repo")
    first = commit_file(repo, "a.ipynb", NB, "one")
    commit_file(repo, "a.ipynb", notebook_json("print(2)\n"), "two")
    git(repo, "tag", "v1.0", first)
    git(repo, "checkout", "-q", "--detach", first)
    # When its state is read
    state = git_state(repo / "a.ipynb", tmp_path)
    # Then no branch, detached, the sha and the tag at HEAD
    assert state.branch is None and state.detached
    assert state.head == first and state.tags == ["v1.0"]
    assert state.upstream is None and state.ahead is None


def test_no_remote_and_modified_file(tmp_path):
    # Given a local-only repository where the notebook was edited after its commit
    repo = init_repo(tmp_path / "repo")
    commit_file(repo, "a.ipynb", NB, "one")
    (repo / "a.ipynb").write_text(notebook_json("print(3)\n"), encoding="utf-8")
    # When its state is read
    state = git_state(repo / "a.ipynb", tmp_path)
    # Then no remote to link to, and the file is modified, not committed
    assert state.remotes == [] and state.default_remote is None
    assert state.tracked and state.modified and not state.committed


def test_untracked_file_and_unborn_branch(tmp_path):
    # Given a fresh repository with no commit and an untracked notebook in a new folder
    repo = init_repo(tmp_path / "repo")
    (repo / "new").mkdir()
    (repo / "new" / "a.ipynb").write_text(NB, encoding="utf-8")
    # When its state is read
    state = git_state(repo / "new" / "a.ipynb", tmp_path)
    # Then no HEAD, not tracked, not committed
    assert state.head is None and state.branch == "main" and not state.detached
    assert not state.tracked and not state.committed


def test_two_remotes_prefer_the_upstream(tmp_path):
    # Given a fork ("mine") tracked by the branch, and the original ("origin")
    bare = tmp_path / "fork.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    repo = init_repo(tmp_path / "repo")
    commit_file(repo, "a.ipynb", NB, "one")
    git(repo, "remote", "add", "origin", "https://github.com/upstream/r.git")
    git(repo, "remote", "add", "mine", str(bare))
    git(repo, "push", "-q", "-u", "mine", "main")
    git(repo, "remote", "set-url", "mine", "git@gitlab.com:me/sub/r.git")
    # When its state is read
    state = git_state(repo / "a.ipynb", tmp_path)
    # Then both remotes are listed and the branch's upstream remote is the default
    assert [(r.name, r.url) for r in state.remotes] == [
        ("origin", "https://github.com/upstream/r"),
        ("mine", "https://gitlab.com/me/sub/r"),
    ]
    assert state.default_remote == "mine"
    assert state.pushed_to == ["mine/main"]


def test_two_remotes_without_upstream_or_origin_have_no_default(tmp_path):
    # Given two remotes, neither called origin, and no upstream
    repo = init_repo(tmp_path / "repo")
    commit_file(repo, "a.ipynb", NB, "one")
    git(repo, "remote", "add", "a", "https://github.com/a/r")
    git(repo, "remote", "add", "b", "https://github.com/b/r")
    # When read, Then the user has to choose
    assert git_state(repo / "a.ipynb", tmp_path).default_remote is None


def test_branch_name_with_dots_and_slashes(tmp_path):
    # Given a branch named release/v1.2.3 tracking origin
    bare = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    repo = init_repo(tmp_path / "repo", branch="release/v1.2.3")
    commit_file(repo, "a.ipynb", NB, "one")
    git(repo, "remote", "add", "origin", str(bare))
    git(repo, "push", "-q", "-u", "origin", "release/v1.2.3")
    # When read, Then the full name survives porcelain parsing
    state = git_state(repo / "a.ipynb", tmp_path)
    assert state.branch == "release/v1.2.3"
    assert state.upstream == "origin/release/v1.2.3"
    assert state.remotes[0].url is None  # a local path makes no link


def test_outside_a_repository(tmp_path):
    # Given a notebook in a plain folder, When read, Then no state
    (tmp_path / "a.ipynb").write_text(NB, encoding="utf-8")
    assert git_state(tmp_path / "a.ipynb", tmp_path) is None


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to chown the repository to another uid")
def test_dubious_ownership_is_reported_not_bypassed(tmp_path):
    # Given a repository owned by another uid (as on a shared volume)
    repo = init_repo(tmp_path / "repo")
    commit_file(repo, "a.ipynb", NB, "one")
    for folder, dirs, files in os.walk(repo):
        for name in [folder, *(os.path.join(folder, n) for n in dirs + files)]:
            os.chown(name, 4242, 4242)
    # When its state is read, Then the refusal is reported with the way out
    with pytest.raises(GitProblem) as error:
        git_state(repo / "a.ipynb", tmp_path)
    assert error.value.kind == "dubious-ownership"
    assert "safe.directory" in error.value.message and str(repo) in error.value.message


def test_reading_needs_no_git_program(tmp_path, monkeypatch):
    # Given a repository and no git on PATH (the state is read with libgit2)
    repo = init_repo(tmp_path / "repo")
    head = commit_file(repo, "a.ipynb", NB, "one")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    # When read, Then the state is there all the same
    state = git_state(repo / "a.ipynb", tmp_path)
    assert state.head == head and state.committed


def test_a_staged_rename_in_a_young_repository(tmp_path):
    # Given a notebook renamed with git mv and not committed yet
    repo = init_repo(tmp_path / "repo")
    commit_file(repo, "old.ipynb", NB, "one")
    git(repo, "mv", "old.ipynb", "new.ipynb")
    # When the new name is read, Then tracked and modified (not committed), on its branch
    state = git_state(repo / "new.ipynb", tmp_path)
    assert state.labpath == "new.ipynb" and state.branch == "main"
    assert state.tracked and state.modified and not state.committed


def test_an_ignored_untracked_notebook(tmp_path):
    # Given a notebook matched by .gitignore
    repo = init_repo(tmp_path / "repo")
    commit_file(repo, ".gitignore", "scratch/\n", "ignore")
    (repo / "scratch").mkdir()
    (repo / "scratch" / "a.ipynb").write_text(NB, encoding="utf-8")
    # When read, Then ignored, not tracked, not modified
    state = git_state(repo / "scratch" / "a.ipynb", tmp_path)
    assert state.ignored and not state.tracked and not state.modified


def test_a_repository_at_the_root_itself_is_found(tmp_path):
    # Given the server's folder is itself a repository (a home folder under git)
    init_repo(tmp_path)
    commit_file(tmp_path, "work/a.ipynb", NB, "one")
    # When a notebook below it is read, Then the root's repository answers
    state = git_state(tmp_path / "work" / "a.ipynb", tmp_path)
    assert state.labpath == "work/a.ipynb" and state.work_tree == tmp_path


def test_a_repository_above_the_root_is_not_looked_for(tmp_path):
    # Given a repository in the folder that holds the server's folder
    init_repo(tmp_path)
    root = tmp_path / "root"
    root.mkdir()
    (root / "a.ipynb").write_text(NB, encoding="utf-8")
    # When a notebook in the root is read, Then it is in no repository
    assert git_state(root / "a.ipynb", root) is None


def test_a_core_worktree_elsewhere_inside_the_root_is_no_repository_for_the_file(tmp_path):
    # Given a repository whose core.worktree names a sibling folder
    repo = init_repo(tmp_path / "repo")
    commit_file(repo, "a.ipynb", NB, "one")
    (tmp_path / "other").mkdir()
    git(repo, "config", "core.worktree", str(tmp_path / "other"))
    # When the notebook (not in that work tree) is read, Then no state
    assert git_state(repo / "a.ipynb", tmp_path) is None


def test_reading_is_bounded_in_time(tmp_path):
    # Given a repository, When read with no time at all, Then a timeout problem, not a hang
    repo = init_repo(tmp_path / "repo")
    commit_file(repo, "a.ipynb", NB, "one")
    with pytest.raises(GitProblem) as error:
        git_state(repo / "a.ipynb", tmp_path, timeout=-1)
    assert error.value.kind == "timeout"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (["requirements.txt", "apt.txt"], ("", ["requirements.txt", "apt.txt"])),
        (["environment.yml", "binder/Dockerfile"], ("binder", ["binder/Dockerfile"])),
        (
            [".binder/postBuild", ".binder/environment.yml"],
            (".binder", [".binder/environment.yml", ".binder/postBuild"]),
        ),
        (["README.md"], ("", [])),
    ],
)
def test_environment_files_in_repo2docker_order(tmp_path, files, expected):
    # Given a repository's files, When detected, Then repo2docker's folder and order
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x\n")
    env = detect_environment(tmp_path)
    assert (env.folder, env.files) == expected


def test_both_binder_folders_is_a_problem(tmp_path):
    # Given binder/ and .binder/, When detected, Then the user is told repo2docker refuses
    (tmp_path / "binder").mkdir()
    (tmp_path / ".binder").mkdir()
    assert "Both binder/ and .binder/" in detect_environment(tmp_path).problems[0]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("a\0b.ipynb", 400),
        ("../../etc/passwd", 400),
        ("/etc/passwd", 400),
        ("a\\b", 400),
        ("C:x", 400),
        ("a/./b//c", 404),
    ],
)
def test_resolve_inside_refuses_bad_paths(tmp_path, path, status):
    # Given a root folder, When a bad path is resolved, Then the status to answer
    with pytest.raises(PathError) as error:
        resolve_inside(str(tmp_path), path)
    assert error.value.status == status


def test_resolve_inside_accepts_redundant_separators(tmp_path):
    # Given a/b/c, When asked as a/./b//c, Then the real file
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "c").write_text("x")
    assert resolve_inside(str(tmp_path), "a/./b//c") == tmp_path / "a" / "b" / "c"


def _tutorial(tmp_path):
    """A bare 'tutorial' repository with one notebook, as a hackweek publishes it."""
    bare = tmp_path / "tutorial.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    source = init_repo(tmp_path / "author")
    commit_file(source, "intro.ipynb", NB, "add")
    commit_file(source, "intro.ipynb", notebook_json("print(2)\n"), "edit")
    git(source, "remote", "add", "origin", str(bare))
    git(source, "push", "-q", "-u", "origin", "main")
    return bare


def test_a_clone_made_by_nbgitpuller_is_recognised(tmp_path):
    # Given the tutorial cloned into home as nbgitpuller does it (clone, then its own user.name)
    bare, home = _tutorial(tmp_path), tmp_path / "home"
    home.mkdir()
    git(home, "clone", "-q", "--branch", "main", str(bare), "lesson")
    clone = home / "lesson"
    git(clone, "config", "user.name", "nbgitpuller")
    git(clone, "config", "user.email", "nbgitpuller@example.com")
    # When the notebook's state is read, Then it is flagged
    assert git_state(clone / "intro.ipynb", tmp_path, home=home).nbgitpuller is True


def test_a_shallow_clone_named_after_its_origin_in_home_is_recognised(tmp_path):
    # Given a shallow clone (NBGITPULLER_DEPTH) in home, in a folder named after origin's repo
    bare, home = _tutorial(tmp_path), tmp_path / "home"
    home.mkdir()
    git(home, "clone", "-q", "--depth", "1", f"file://{bare}", "tutorial")
    clone = home / "tutorial"
    git(clone, "remote", "set-url", "origin", "https://github.com/icesat2py/tutorial.git")
    # Then it is flagged
    assert git_state(clone / "intro.ipynb", tmp_path, home=home).nbgitpuller is True
    # But the same clone outside home, or renamed, is not
    assert (
        git_state(clone / "intro.ipynb", tmp_path, home=tmp_path / "elsewhere").nbgitpuller is False
    )
    (home / "tutorial").rename(home / "mine")
    assert git_state(home / "mine" / "intro.ipynb", tmp_path, home=home).nbgitpuller is False


def test_a_full_clone_of_ones_own_repository_is_not_flagged(tmp_path):
    # Given a full (not shallow) clone in home named after its origin
    bare, home = _tutorial(tmp_path), tmp_path / "home"
    home.mkdir()
    git(home, "clone", "-q", str(bare), "tutorial")
    clone = home / "tutorial"
    git(clone, "remote", "set-url", "origin", "https://github.com/me/tutorial.git")
    # Then it is not flagged
    assert git_state(clone / "intro.ipynb", tmp_path, home=home).nbgitpuller is False
