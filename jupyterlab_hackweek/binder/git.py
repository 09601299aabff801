"""Read the git state of one file: repository, remotes, branch, push state.

The repository is read with libgit2 (pygit2), never with the ``git`` program.
A repository's configuration names commands git would run for us (clean,
smudge and process filters, ``textconv``, ``diff.external``,
``core.fsmonitor``, hooks, pagers, editors, ``core.sshCommand``, credential
helpers); libgit2 runs none of them, and nothing here talks to the network:
push state comes from the remote-tracking refs, which can be stale.

The repository must also stay inside the server's folder (``root``), by real
path: discovery never looks above it, and the git dir (after a ``gitdir:``
file), its ``commondir``, its object alternates and the work tree
(``core.worktree`` included) must all be inside it. Otherwise ``GitProblem``
``outside-root`` and nothing is read from the other place.

A planted repository can also hold a FIFO where git keeps a file: opening it
would wait forever, and libgit2 holds Python's GIL while it waits. So the server
runs this module in a process of its own (``main``, driven by :mod:`.isolated`)
that a deadline kills. Here, the files read directly (``commondir``, alternates)
are opened without waiting (``guarded.open_child``), and the ``.git`` entries on
the way up and the files libgit2 opens in every repository (``HEAD``,
``config``, refs...) must be regular files or folders before libgit2 is let in
(``unreadable`` otherwise), so the common plants get words rather than a timeout.
"""

from __future__ import annotations

import os
import re
import stat
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pygit2
from pygit2.enums import ConfigLevel, FileStatus, ReferenceType, RepositoryOpenFlag

from ..guarded import FOLDER, NotRegular, open_child, read_bounded
from ..paths import is_inside
from .remotes import normalise_remote

#: Status bits that make a tracked file "modified" (staged or not, or in conflict).
_CHANGED = (
    FileStatus.INDEX_NEW
    | FileStatus.INDEX_MODIFIED
    | FileStatus.INDEX_DELETED
    | FileStatus.INDEX_RENAMED
    | FileStatus.INDEX_TYPECHANGE
    | FileStatus.WT_MODIFIED
    | FileStatus.WT_DELETED
    | FileStatus.WT_TYPECHANGE
    | FileStatus.WT_RENAMED
    | FileStatus.CONFLICTED
)
#: libgit2 follows alternates this deep; so do the containment checks.
_MAX_ALTERNATES_DEPTH = 5
#: Files of a git dir that libgit2 may open in any repository: each must be a
#: regular file (or absent) before it is let in.
_GITDIR_FILES = (
    "HEAD",
    "config",
    "config.worktree",
    "commondir",
    "gitdir",
    "packed-refs",
    "index",
    "shallow",
    "FETCH_HEAD",
    "ORIG_HEAD",
    "MERGE_HEAD",
    "info/exclude",
    "info/attributes",
    "info/grafts",
    "objects/info/alternates",
)
#: The most entries of ``refs/`` looked at; a repository with more is not read.
_MAX_REF_ENTRIES = 20_000
_OUTSIDE = (
    "This notebook's git repository reaches outside your server's folder "
    "(its work tree or its git data is elsewhere), so it is not read. "
    "A repository someone else put in a shared folder can do this: "
    "keep your notebooks in a repository of your own."
)


class GitProblem(Exception):
    """The repository could not be read; ``kind`` is machine-readable, ``message`` for people.

    Kinds: ``outside-root``, ``dubious-ownership``, ``unreadable``, ``timeout``.
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


class _Deadline:
    """Seconds allowed for reading one state, checked between steps."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise timeout_problem()


def timeout_problem() -> GitProblem:
    return GitProblem(
        "timeout",
        "Reading this notebook's git repository took too long (a very large repository, "
        "a slow disk, or a special file someone planted in it), so it was stopped.",
    )


@dataclass
class Remote:
    """A remote by name, with its URL normalised (``None`` for a local path)."""

    name: str
    url: str | None


@dataclass
class GitState:
    """The git state of one file, as sent to the front end."""

    root_name: str
    labpath: str
    remotes: list[Remote]
    default_remote: str | None
    branch: str | None
    detached: bool
    upstream: str | None
    head: str | None
    ahead: int | None
    behind: int | None
    tracked: bool
    ignored: bool
    modified: bool
    committed: bool
    pushed_to: list[str]
    tags: list[str] = field(default_factory=list)
    #: The repository looks like a copy made by an nbgitpuller link (see :func:`nbgitpuller_clone`).
    nbgitpuller: bool = False
    #: The real path of the work tree, for the server only (not in :meth:`to_json`).
    work_tree: Path | None = field(default=None, repr=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        """The state as plain JSON types."""
        state = asdict(self)
        del state["work_tree"]
        return state


def _real(path: str | os.PathLike) -> str:
    return os.path.realpath(path)


def _outside() -> GitProblem:
    return GitProblem("outside-root", _OUTSIDE)


def _unreadable() -> GitProblem:
    return GitProblem(
        "unreadable",
        "This notebook's git repository could not be read (damaged, or using a git "
        "feature this server does not read).",
    )


def _read_text(path: str, limit: int) -> str:
    """Up to ``limit`` bytes of the regular file at ``path``, opened without following a
    link and without waiting (``unreadable`` for a FIFO, socket, device or link)."""
    try:
        folder = os.open(os.path.dirname(path), FOLDER)
    except OSError:
        raise _unreadable() from None
    try:
        with open_child(folder, os.path.basename(path)) as opened:
            if not opened.is_file:
                raise _unreadable()
            return read_bounded(opened.fd, limit).decode("utf-8", "surrogateescape")
    except (OSError, NotRegular):
        raise _unreadable() from None
    finally:
        os.close(folder)


def _not_plain(path: str) -> GitProblem | None:
    """A problem when ``path`` (followed if a link) is a FIFO, socket or device."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # absent, or a dangling link: libgit2 will not wait on it
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return GitProblem(
        "unreadable",
        f"This notebook's git repository holds a special file where git keeps "
        f"'{os.path.basename(path)}' (a pipe or device, not a file), so it is not read. "
        "A repository someone else put in a shared folder can do this: keep your "
        "notebooks in a repository of your own.",
    )


def _check_plain_files(gitdir: str, common: str) -> None:
    """``unreadable`` when a file libgit2 opens in any repository is a FIFO, socket or
    device (opening it could wait forever)."""
    for base in dict.fromkeys((gitdir, common)):
        for name in _GITDIR_FILES:
            if problem := _not_plain(os.path.join(base, name)):
                raise problem
        seen = 0
        for folder, folders, files in os.walk(os.path.join(base, "refs")):
            for name in folders + files:
                seen += 1
                if seen > _MAX_REF_ENTRIES:
                    raise _unreadable()
                if problem := _not_plain(os.path.join(folder, name)):
                    raise problem


def _check_gitdir(gitdir: str, root: str) -> None:
    """``outside-root`` unless the git dir, its common dir and its alternates are in ``root``;
    ``unreadable`` when a file libgit2 opens there is a FIFO, socket or device."""
    gitdir = _real(gitdir)
    if not is_inside(root, gitdir):
        raise _outside()
    common = gitdir
    commondir_file = os.path.join(gitdir, "commondir")
    if os.path.lexists(commondir_file):
        named = _read_text(commondir_file, 4096).strip()
        common = _real(os.path.join(gitdir, named))
        if not is_inside(root, common):
            raise _outside()
    _check_plain_files(gitdir, common)
    _check_alternates(os.path.join(common, "objects"), root, 0)


def _check_alternates(objects: str, root: str, depth: int) -> None:
    """``outside-root`` if an object alternate (libgit2 reads them) leads out of ``root``."""
    alternates = os.path.join(objects, "info", "alternates")
    if not os.path.lexists(alternates):
        return
    if depth >= _MAX_ALTERNATES_DEPTH:
        raise _unreadable()
    for line in _read_text(alternates, 65536).splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        other = _real(os.path.join(objects, line))
        if not is_inside(root, other):
            raise _outside()
        _check_alternates(other, root, depth + 1)


def _dubious(error: pygit2.GitError, folder: str) -> GitProblem:
    match = re.search(r"path '([^']*)'", str(error))
    where = match[1] if match else folder
    return GitProblem(
        "dubious-ownership",
        "This repository belongs to another user, so it is not read. "
        "If you trust it, run in a terminal: "
        f"git config --global --add safe.directory {where}",
    )


def _git_entry_folder(start: str, root: str) -> str | None:
    """The nearest folder from ``start`` up to ``root`` that holds a ``.git`` entry;
    ``unreadable`` when that entry is a FIFO, socket or device (discovery opens it)."""
    folder = start
    while is_inside(root, folder):
        entry = os.path.join(folder, ".git")
        if os.path.lexists(entry):
            if problem := _not_plain(entry):
                raise problem
            return folder
        if folder == root:
            break
        folder = os.path.dirname(folder)
    return None


def open_repository(file: Path, root: Path | str) -> tuple[pygit2.Repository, str] | None:
    """``(repository, real path of its work tree)`` holding ``file``, or ``None`` if none.

    Raises ``GitProblem`` (``outside-root``, ``dubious-ownership``, ``unreadable``).
    The caller frees the repository.
    """
    root_real = _real(root)
    file_real = _real(file)
    if not is_inside(root_real, file_real) or file_real == root_real:
        raise _outside()
    start = os.path.dirname(file_real)
    ceiling = os.path.dirname(root_real)
    entry = _git_entry_folder(start, root_real)  # (no FIFO named .git on the way up)
    try:
        if ceiling != root_real:
            gitdir = pygit2.discover_repository(start, False, ceiling)
        else:  # the server's folder is "/": nothing is above it
            gitdir = pygit2.discover_repository(start, False)
    except pygit2.GitError:
        raise _unreadable() from None
    if gitdir is None:
        if entry is not None and os.path.isdir(os.path.join(entry, ".git")):
            dot_git = os.path.join(entry, ".git")  # a repository libgit2 found damaged:
            _check_plain_files(dot_git, dot_git)  # say so if a special file is why
        return None
    _check_gitdir(gitdir, root_real)
    folder = _git_entry_folder(start, root_real)
    if folder is None:  # a bare repository (no work tree) found by discovery
        return None
    try:
        repo = pygit2.Repository(folder, RepositoryOpenFlag.NO_SEARCH)
    except pygit2.GitError as error:
        if "not owned by current user" in str(error):
            raise _dubious(error, folder) from None
        raise _unreadable() from None
    try:
        if _real(repo.path) != _real(gitdir):  # changed under our feet
            raise _unreadable()
        if repo.workdir is None:
            repo.free()
            return None
        work_tree = _real(repo.workdir)
        if not is_inside(root_real, work_tree):
            raise _outside()
        if not is_inside(work_tree, file_real):  # core.worktree names another folder
            repo.free()
            return None
    except BaseException:
        repo.free()
        raise
    return repo, work_tree


def work_tree_of(file: Path, root: Path | str) -> Path | None:
    """The real path of the work tree holding ``file`` inside ``root``, or ``None``."""
    found = open_repository(file, root)
    if found is None:
        return None
    repo, work_tree = found
    repo.free()
    return Path(work_tree)


def _config_entries(repo: pygit2.Repository, deadline: _Deadline) -> list[tuple[str, str, int]]:
    entries = []
    for entry in repo.config:
        entries.append((entry.name, entry.value, entry.level))
        if len(entries) % 256 == 0:
            deadline.check()
    return entries


def _remotes(entries: list[tuple[str, str, int]]) -> list[Remote]:
    remotes: dict[str, Remote] = {}
    for name, value, _ in entries:
        if name.startswith("remote.") and name.endswith(".url") and value is not None:
            remote = name[len("remote.") : -len(".url")]
            if remote and remote not in remotes:
                remotes[remote] = Remote(remote, normalise_remote(value))
    return list(remotes.values())


def _last(entries: list[tuple[str, str, int]], key: str, level: int | None = None) -> str | None:
    found = None
    for name, value, entry_level in entries:
        if name == key and (level is None or entry_level == level):
            found = value
    return found


def _default_remote(
    entries: list[tuple[str, str, int]], branch: str | None, remotes: list[Remote]
) -> str | None:
    names = [r.name for r in remotes if r.url]
    if branch:
        upstream = _last(entries, f"branch.{branch}.remote")
        if upstream in names:
            return upstream
    if "origin" in names:
        return "origin"
    return names[0] if len(names) == 1 else None


def _inside(path: Path | str, folder: Path | str) -> bool:
    real, base = _real(path), _real(folder)
    return real != base and is_inside(base, real)


def nbgitpuller_clone(
    repo: pygit2.Repository,
    work_tree: Path,
    entries: list[tuple[str, str, int]],
    remotes: list[Remote],
    home: Path,
) -> bool:
    """Whether the repository at ``work_tree`` looks like a copy made by an nbgitpuller link.

    Its ``origin`` is then the tutorial's repository, so local edits are in no
    link. nbgitpuller sets the clone's own ``user.name`` to ``nbgitpuller`` (a
    sure sign); failing that, a shallow clone (``--depth``, as hubs configure
    ``NBGITPULLER_DEPTH``) below ``home`` in a folder named after its
    ``origin`` repository (nbgitpuller's default target) counts too.
    """
    if _last(entries, "user.name", ConfigLevel.LOCAL) == "nbgitpuller":
        return True
    origin = next((r.url for r in remotes if r.name == "origin" and r.url), None)
    if origin is None or work_tree.name != origin.rsplit("/", 1)[-1]:
        return False
    return _inside(work_tree, home) and repo.is_shallow


def _shorten(refname: str) -> str:
    for prefix in ("refs/heads/", "refs/remotes/", "refs/tags/", "refs/"):
        if refname.startswith(prefix):
            return refname[len(prefix) :]
    return refname


def _commit_of(repo: pygit2.Repository, refname: str) -> pygit2.Oid | None:
    """The commit a ref leads to (tags peeled), or ``None``."""
    try:
        return repo.lookup_reference(refname).peel(pygit2.Commit).id
    except (KeyError, ValueError, pygit2.GitError, pygit2.InvalidSpecError):
        return None


def _head(repo: pygit2.Repository) -> tuple[str | None, bool, pygit2.Oid | None]:
    """``(branch name, detached, commit)`` of HEAD; an unborn branch has no commit."""
    try:
        ref = repo.lookup_reference("HEAD")
    except (KeyError, pygit2.GitError):
        raise _unreadable() from None
    if ref.type == ReferenceType.SYMBOLIC:
        target = ref.target
        branch = target[len("refs/heads/") :] if target.startswith("refs/heads/") else None
        return branch, False, _commit_of(repo, target)
    commit = _commit_of(repo, "HEAD")
    return None, commit is not None, commit


def _upstream(
    repo: pygit2.Repository, branch: str | None, head: pygit2.Oid | None
) -> tuple[str | None, int | None, int | None]:
    """``(upstream short name, ahead, behind)``; counts only when both commits exist."""
    if branch is None:
        return None, None, None
    try:
        local = repo.branches.local.get(branch)
        name = local.upstream_name if local is not None else None
    except (KeyError, ValueError, pygit2.GitError):
        name = None
    if not name:
        return None, None, None
    upstream = _commit_of(repo, name)
    if head is None or upstream is None:
        return _shorten(name), None, None
    try:
        ahead, behind = repo.ahead_behind(head, upstream)
    except (KeyError, ValueError, pygit2.GitError):  # history missing (a shallow clone)
        return _shorten(name), None, None
    return _shorten(name), ahead, behind


def _contains(repo: pygit2.Repository, commit: pygit2.Oid | None, head: pygit2.Oid) -> bool:
    """Whether ``commit`` is ``head`` or a descendant of it (``False`` if history is missing)."""
    if commit is None:
        return False
    try:
        return commit == head or repo.descendant_of(commit, head)
    except (KeyError, ValueError, pygit2.GitError):
        return False


def _refs_at_or_after(
    repo: pygit2.Repository, head: pygit2.Oid, deadline: _Deadline
) -> tuple[list[str], list[str]]:
    """Remote-tracking branches containing ``head``, and tags pointing at it."""
    pushed_to, tags = [], []
    for refname in sorted(repo.listall_references()):
        deadline.check()
        if refname.startswith("refs/remotes/") and not refname.endswith("/HEAD"):
            if _contains(repo, _commit_of(repo, refname), head):
                pushed_to.append(_shorten(refname))
        elif refname.startswith("refs/tags/") and _commit_of(repo, refname) == head:
            tags.append(_shorten(refname))
    return pushed_to, tags


def _file_status(repo: pygit2.Repository, labpath: str) -> tuple[bool, int]:
    """``(tracked, libgit2 status bits)`` of one path, without walking the whole tree."""
    try:
        tracked = labpath in repo.index
    except (ValueError, pygit2.GitError):
        raise _unreadable() from None
    try:
        flags = repo.status_file(labpath)
    except KeyError:
        flags = 0
    except (ValueError, pygit2.GitError):
        raise _unreadable() from None
    return tracked, flags


def git_state(
    file: Path, root: Path | str, timeout: float = 10.0, home: Path | None = None
) -> GitState | None:
    """The git state of ``file`` (inside ``root``), or ``None`` when it is in no repository.

    ``root`` is the server's folder: discovery stops there and the repository
    must be inside it. ``home`` is where nbgitpuller clones (default ``root``).
    ``timeout`` bounds the reading (checked between steps).
    """
    deadline = _Deadline(timeout)
    found = open_repository(file, root)
    if found is None:
        return None
    repo, work_tree = found
    try:
        return _read_state(repo, Path(work_tree), _real(file), Path(home or root), deadline)
    except pygit2.GitError:
        raise _unreadable() from None
    finally:
        repo.free()


def _read_state(
    repo: pygit2.Repository, work_tree: Path, file_real: str, home: Path, deadline: _Deadline
) -> GitState:
    labpath = os.path.relpath(file_real, work_tree).replace(os.sep, "/")
    branch, detached, head = _head(repo)
    deadline.check()
    upstream, ahead, behind = _upstream(repo, branch, head)
    deadline.check()
    tracked, flags = _file_status(repo, labpath)
    deadline.check()
    pushed_to, tags = _refs_at_or_after(repo, head, deadline) if head else ([], [])
    entries = _config_entries(repo, deadline)
    remotes = _remotes(entries)
    modified = bool(flags & _CHANGED)
    return GitState(
        root_name=work_tree.name,
        labpath=labpath,
        remotes=remotes,
        default_remote=_default_remote(entries, branch, remotes),
        branch=branch,
        detached=detached,
        upstream=upstream,
        head=str(head) if head else None,
        ahead=ahead,
        behind=behind,
        tracked=tracked,
        ignored=bool(flags & FileStatus.IGNORED),
        modified=modified,
        committed=tracked and not modified and head is not None,
        pushed_to=pushed_to,
        tags=tags,
        nbgitpuller=nbgitpuller_clone(repo, work_tree, entries, remotes, home),
        work_tree=work_tree,
    )


def main() -> None:
    """One request on stdin, one reply on stdout (run by :mod:`.isolated`).

    ``{"command": "state" | "work_tree", "file", "root", "timeout", "home"?,
    "search_paths"}`` → ``{"state": {...} | null, "work_tree": path | null}`` or
    ``{"problem": {"kind", "message"}}``.
    """
    import json
    import sys

    request = json.loads(sys.stdin.read())
    for name, level in (
        ("system", ConfigLevel.SYSTEM),
        ("xdg", ConfigLevel.XDG),
        ("global", ConfigLevel.GLOBAL),
    ):
        pygit2.settings.search_path[level] = request["search_paths"][name]
    file, root = Path(request["file"]), request["root"]
    try:
        if request["command"] == "work_tree":
            found = work_tree_of(file, root)
            reply: dict[str, Any] = {"work_tree": str(found) if found else None}
        else:
            home = Path(request["home"]) if request.get("home") else None
            state = git_state(file, root, request["timeout"], home)
            reply = {
                "state": state.to_json() if state else None,
                "work_tree": str(state.work_tree) if state else None,
            }
    except GitProblem as problem:
        reply = {"problem": {"kind": problem.kind, "message": problem.message}}
    sys.stdout.write(json.dumps(reply))


if __name__ == "__main__":
    main()
