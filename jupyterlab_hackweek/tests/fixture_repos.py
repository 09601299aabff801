"""Real git repositories for the Binder tests, the browser test server and the demo.

``make_binder_demo(root)`` builds ``root/binder-demo/``: a repository with
``analysis.ipynb`` whose ``origin`` shows as
``https://github.com/icesat2-hackweek/binder-demo.git`` while pushes go to a
local bare repository (``root/.binder-demo-origin.git``). One commit has been
pushed (``origin/main`` exists) and one more has not, so the dialog reads
"1 commit not pushed"; ``git push`` in the demo clears it, with no network.
``what?.ipynb`` beside it is a name BinderHub's page cannot open (the dialog
says so).
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

GITHUB_URL = "https://github.com/icesat2-hackweek/binder-demo.git"

_ENV = {
    "GIT_AUTHOR_NAME": "Hackweek Tester",
    "GIT_AUTHOR_EMAIL": "tester@example.org",
    "GIT_COMMITTER_NAME": "Hackweek Tester",
    "GIT_COMMITTER_EMAIL": "tester@example.org",
    "GIT_TERMINAL_PROMPT": "0",
    "LC_ALL": "C",
}


def git(cwd: Path, *args: str) -> str:
    """Run git in ``cwd`` (argument list, no shell) and return its stripped output."""
    result = subprocess.run(  # noqa: S603
        ["git", *args],
        cwd=cwd,
        env={**os.environ, **_ENV},
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return result.stdout.strip()


def notebook_json(*sources: str) -> str:
    """A minimal nbformat 4 notebook with one code cell per source."""
    cells = [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": f"c{i}",
            "metadata": {},
            "outputs": [],
            "source": s,
        }
        for i, s in enumerate(sources)
    ]
    notebook = {
        "cells": cells,
        "metadata": {
            "kernelspec": {
                "display_name": "Python 3 (ipykernel)",
                "language": "python",
                "name": "python3",
            },
            # What ipykernel reports, so that starting the kernel leaves the notebook unchanged.
            "language_info": {
                "codemirror_mode": {"name": "ipython", "version": 3},
                "file_extension": ".py",
                "mimetype": "text/x-python",
                "name": "python",
                "nbconvert_exporter": "python",
                "pygments_lexer": "ipython3",
                "version": platform.python_version(),
            },
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(notebook, indent=1) + "\n"


def init_repo(path: Path, branch: str = "main") -> Path:
    """An empty repository at ``path`` on ``branch``."""
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", branch)
    return path


def commit_file(repo: Path, name: str, text: str, message: str) -> str:
    """Write, add and commit ``name``; return the new HEAD sha."""
    target = repo / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    git(repo, "add", "--", name)
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def make_binder_demo(root: Path) -> Path:
    """Create ``root/binder-demo`` (see the module docstring) and return its path.

    Idempotent for a server restart: an existing ``binder-demo`` is left alone.
    """
    repo = root / "binder-demo"
    if repo.exists():
        return repo
    bare = root / ".binder-demo-origin.git"
    git(root, "init", "-q", "--bare", "-b", "main", str(bare))
    init_repo(repo)
    commit_file(repo, "binder/requirements.txt", "numpy\nh5py\n", "Add the environment")
    commit_file(
        repo,
        "analysis.ipynb",
        notebook_json("import numpy as np\n", "np.arange(3).sum()\n"),
        "Add the analysis notebook",
    )
    commit_file(repo, "what?.ipynb", notebook_json("print('?')\n"), "A name BinderHub cannot open")
    git(repo, "remote", "add", "origin", str(bare))
    git(repo, "push", "-q", "-u", "origin", "main")
    git(repo, "remote", "set-url", "origin", GITHUB_URL)
    git(repo, "remote", "set-url", "--push", "origin", str(bare))
    commit_file(
        repo,
        "analysis.ipynb",
        notebook_json("import numpy as np\n", "np.arange(3).sum()\n", "np.arange(4).mean()\n"),
        "Extend the analysis",
    )
    return repo


#: Every hook name git knows (githooks(5)), so that a planted hooks folder answers any of them.
HOOK_NAMES = (
    "applypatch-msg",
    "pre-applypatch",
    "post-applypatch",
    "pre-commit",
    "pre-merge-commit",
    "prepare-commit-msg",
    "commit-msg",
    "post-commit",
    "pre-rebase",
    "post-checkout",
    "post-merge",
    "pre-push",
    "pre-receive",
    "update",
    "proc-receive",
    "post-receive",
    "post-update",
    "reference-transaction",
    "push-to-checkout",
    "pre-auto-gc",
    "post-rewrite",
    "sendemail-validate",
    "fsmonitor-watchman",
    "p4-changelist",
    "p4-prepare-changelist",
    "p4-post-changelist",
    "p4-pre-submit",
    "post-index-change",
)


def marker_script(path: Path, marker: Path) -> Path:
    """An executable shell script at ``path`` that creates ``marker`` and copies stdin to stdout.

    A hostile repository points its commands at such a script: the marker
    existing afterwards proves the command ran.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\n: > '{marker}'\ncat\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def modify_same_size(file: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` (same length) in ``file`` and move its mtime on.

    Same size and a new mtime: git cannot tell from the index's stat data
    whether the file changed, so ``git status`` has to read (and filter) it.
    """
    assert len(old) == len(new)
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace(old, new), encoding="utf-8")
    stat = file.stat()
    os.utime(file, (stat.st_atime + 5, stat.st_mtime + 5))


@contextmanager
def libgit2_config_isolated(folder: Path) -> Iterator[None]:
    """libgit2 reads no system, XDG or global git config of the machine while inside.

    libgit2 ignores ``GIT_CONFIG_GLOBAL``/``GIT_CONFIG_NOSYSTEM`` and finds those
    files from ``$HOME``, ``$XDG_CONFIG_HOME`` and ``/etc`` when it starts; its
    search paths are process-wide settings, so they are pointed at an empty
    ``folder`` and restored afterwards.
    """
    import pygit2
    from pygit2.enums import ConfigLevel

    folder.mkdir(parents=True, exist_ok=True)
    levels = (ConfigLevel.SYSTEM, ConfigLevel.XDG, ConfigLevel.GLOBAL)
    saved = {level: pygit2.settings.search_path[level] for level in levels}
    for level in levels:
        pygit2.settings.search_path[level] = str(folder)
    try:
        yield
    finally:
        for level, value in saved.items():
            pygit2.settings.search_path[level] = value
