"""Real git repositories for the Binder tests, the browser test server and the demo.

``make_binder_demo(root)`` builds ``root/binder-demo/``: a repository with
``analysis.ipynb`` whose ``origin`` shows as
``https://github.com/icesat2-hackweek/binder-demo.git`` while pushes go to a
local bare repository (``root/.binder-demo-origin.git``). One commit has been
pushed (``origin/main`` exists) and one more has not, so the dialog reads
"1 commit not pushed"; ``git push`` in the demo clears it, with no network.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
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
