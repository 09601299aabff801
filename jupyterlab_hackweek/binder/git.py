"""Read the git state of one file: repository, remotes, branch, push state.

git runs as an argument list (never through a shell) with a timeout,
``GIT_TERMINAL_PROMPT=0``, ``GIT_OPTIONAL_LOCKS=0``, ``LC_ALL=C`` and
``core.fsmonitor`` off (a repository's own config must not run commands here).
Nothing here talks to the network: push state comes from the remote-tracking
refs, which can be stale.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .remotes import normalise_remote

GIT_ENV = {"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
_UNSAFE_ENV = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_CEILING_DIRECTORIES")


class GitProblem(Exception):
    """git could not answer; ``kind`` is machine-readable, ``message`` is for people."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def run_git(args: list[str], cwd: Path, timeout: float) -> subprocess.CompletedProcess:
    """Run ``git ARGS`` in ``cwd``; ``GitProblem`` if git is missing, slow or refuses the repo."""
    env = {k: v for k, v in os.environ.items() if k not in _UNSAFE_ENV}
    env.update(GIT_ENV)
    command = ["git", "--literal-pathspecs", "-c", "core.fsmonitor=false", *args]
    try:
        result = subprocess.run(  # noqa: S603 - an argument list, no shell
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError:
        raise GitProblem("git-missing", "git is not installed on this server.") from None
    except subprocess.TimeoutExpired:
        raise GitProblem(
            "timeout", f"git took longer than {timeout:g} s to answer (a very large repository?)."
        ) from None
    stderr = result.stderr.decode("utf-8", "replace")
    if "dubious ownership" in stderr:
        raise GitProblem(
            "dubious-ownership",
            "git refuses to read this repository because it belongs to another user. "
            "If you trust it, run in a terminal: "
            f"git config --global --add safe.directory {_repo_hint(stderr, cwd)}",
        )
    return result


def _repo_hint(stderr: str, cwd: Path) -> str:
    """The repository path git names in its dubious-ownership message."""
    for line in stderr.splitlines():
        if "dubious ownership in repository at" in line:
            return line.split("repository at", 1)[1].strip().strip("'")
    return str(cwd)


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

    def to_json(self) -> dict[str, Any]:
        """The state as plain JSON types."""
        return asdict(self)


def _out(result: subprocess.CompletedProcess) -> str:
    return result.stdout.decode("utf-8", "replace")


def repository_of(directory: Path, timeout: float) -> tuple[Path, str] | None:
    """``(repository root, prefix of directory inside it)``, or ``None`` outside a repository."""
    result = run_git(["rev-parse", "--show-toplevel", "--show-prefix"], directory, timeout)
    if result.returncode != 0:
        return None
    lines = _out(result).split("\n")
    return Path(lines[0]), lines[1] if len(lines) > 1 else ""


def parse_status(output: str) -> dict[str, Any]:
    """Parse ``git status --porcelain=v2 --branch -z`` output.

    Returns ``oid`` (``None`` on an unborn branch), ``head`` (``None`` when
    detached), ``upstream``, ``ahead``, ``behind`` and the ``entries`` kinds
    (``1``, ``2``, ``u``, ``?``, ``!``).
    """
    state: dict[str, Any] = {
        "oid": None,
        "head": None,
        "upstream": None,
        "ahead": None,
        "behind": None,
        "entries": [],
    }
    fields = output.split("\0")
    skip_next = False
    for item in fields:
        if skip_next:  # the original path of a rename entry
            skip_next = False
            continue
        if item.startswith("# branch.oid "):
            oid = item[len("# branch.oid ") :]
            state["oid"] = None if oid == "(initial)" else oid
        elif item.startswith("# branch.head "):
            head = item[len("# branch.head ") :]
            state["head"] = None if head == "(detached)" else head
        elif item.startswith("# branch.upstream "):
            state["upstream"] = item[len("# branch.upstream ") :]
        elif item.startswith("# branch.ab "):
            ahead, behind = item[len("# branch.ab ") :].split(" ")
            state["ahead"], state["behind"] = int(ahead), -int(behind)
        elif item[:2] in ("1 ", "2 ", "u ", "? ", "! "):
            state["entries"].append(item[0])
            skip_next = item[0] == "2"
    return state


def _remotes(root: Path, timeout: float) -> list[Remote]:
    result = run_git(["config", "-z", "--get-regexp", r"^remote\..*\.url$"], root, timeout)
    remotes = []
    for record in _out(result).split("\0"):
        if not record:
            continue
        key, _, value = record.partition("\n")
        remotes.append(Remote(key[len("remote.") : -len(".url")], normalise_remote(value)))
    return remotes


def _default_remote(
    root: Path, branch: str | None, remotes: list[Remote], timeout: float
) -> str | None:
    names = [r.name for r in remotes if r.url]
    if branch:
        upstream = _out(
            run_git(["config", "--get", f"branch.{branch}.remote"], root, timeout)
        ).strip()
        if upstream in names:
            return upstream
    if "origin" in names:
        return "origin"
    return names[0] if len(names) == 1 else None


def _inside(path: Path, folder: Path) -> bool:
    real, base = os.path.realpath(path), os.path.realpath(folder)
    return real != base and os.path.commonpath([real, base]) == base


def nbgitpuller_clone(root: Path, remotes: list[Remote], home: Path, timeout: float) -> bool:
    """Whether the repository at ``root`` looks like a copy made by an nbgitpuller link.

    Its ``origin`` is then the tutorial's repository, so local edits are in no
    link. nbgitpuller sets the clone's own ``user.name`` to ``nbgitpuller`` (a
    sure sign); failing that, a shallow clone (``--depth``, as hubs configure
    ``NBGITPULLER_DEPTH``) below ``home`` in a folder named after its
    ``origin`` repository (nbgitpuller's default target) counts too.
    """
    user = _out(run_git(["config", "--local", "--get", "user.name"], root, timeout)).strip()
    if user == "nbgitpuller":
        return True
    origin = next((r.url for r in remotes if r.name == "origin" and r.url), None)
    if origin is None or root.name != origin.rsplit("/", 1)[-1] or not _inside(root, home):
        return False
    shallow = run_git(["rev-parse", "--is-shallow-repository"], root, timeout)
    return _out(shallow).strip() == "true"


def git_state(file: Path, timeout: float = 10.0, home: Path | None = None) -> GitState | None:
    """The git state of ``file`` (a real path), or ``None`` when it is in no repository.

    ``home`` is where nbgitpuller clones (the server's folder; default ``~``).
    """
    found = repository_of(file.parent, timeout)
    if found is None:
        return None
    root, prefix = found
    labpath = prefix + file.name
    status = parse_status(
        _out(
            run_git(
                [
                    "status",
                    "--porcelain=v2",
                    "--branch",
                    "-z",
                    "-uall",
                    "--ignored=matching",
                    "--",
                    labpath,
                ],
                root,
                timeout,
            )
        )
    )
    tracked = run_git(["ls-files", "--error-unmatch", "--", labpath], root, timeout).returncode == 0
    head = status["oid"]
    pushed_to: list[str] = []
    tags: list[str] = []
    if head:
        refs = run_git(
            ["for-each-ref", "--format=%(refname:short)", "--contains", head, "refs/remotes/"],
            root,
            timeout,
        )
        pushed_to = [r for r in _out(refs).split("\n") if r and not r.endswith("/HEAD")]
        tags = [
            t for t in _out(run_git(["tag", "--points-at", head], root, timeout)).split("\n") if t
        ]
    modified = any(kind in ("1", "2", "u") for kind in status["entries"])
    remotes = _remotes(root, timeout)
    return GitState(
        root_name=root.name,
        labpath=labpath,
        remotes=remotes,
        default_remote=_default_remote(root, status["head"], remotes, timeout),
        branch=status["head"],
        detached=status["head"] is None and head is not None,
        upstream=status["upstream"],
        head=head,
        ahead=status["ahead"],
        behind=status["behind"],
        tracked=tracked,
        ignored="!" in status["entries"],
        modified=modified,
        committed=tracked and not modified and head is not None,
        pushed_to=pushed_to,
        tags=tags,
        nbgitpuller=nbgitpuller_clone(root, remotes, home or Path.home(), timeout),
    )
