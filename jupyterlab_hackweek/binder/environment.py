"""repo2docker environment files: which ones a repository has, and writing new ones.

Detection follows repo2docker: a ``binder/`` or ``.binder/`` folder hides the
files at the repository's top (both folders at once is an error), and a
``Dockerfile`` makes every other file irrelevant. Capture writes a new file
atomically (temporary file + link/rename) and never replaces an existing one
unless asked.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Refused

#: Files that choose the build, in repo2docker's order of precedence.
BUILD_FILES = (
    "Dockerfile",
    "Project.toml",
    "REQUIRE",
    "default.nix",
    "runtime.txt",
    "DESCRIPTION",
    "install.R",
    "environment.yml",
    "Pipfile",
    "Pipfile.lock",
    "requirements.txt",
    "setup.py",
    "pyproject.toml",
)
#: Files that add to any build but Dockerfile.
EXTRA_FILES = ("apt.txt", "postBuild", "start")

CAPTURE_FILES = {"conda": "environment.yml", "pip": "requirements.txt", "dockerfile": "Dockerfile"}


class CaptureError(Refused):
    """An environment capture the server refuses."""


@dataclass
class Environment:
    """The environment files of a repository, paths relative to its root."""

    folder: str
    files: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The environment as plain JSON types."""
        return asdict(self)


def environment_folder(root: Path) -> str:
    """The folder repo2docker reads (``binder``, ``.binder`` or ``""`` for the top)."""
    for name in ("binder", ".binder"):
        if (root / name).is_dir():
            return name
    return ""


def detect_environment(root: Path) -> Environment:
    """The environment files repo2docker would use in the repository at ``root``."""
    both = (root / "binder").is_dir() and (root / ".binder").is_dir()
    folder = environment_folder(root)
    base = root / folder if folder else root
    prefix = f"{folder}/" if folder else ""
    env = Environment(folder=folder)
    if both:
        env.problems.append(
            "Both binder/ and .binder/ exist: repo2docker refuses to build. Keep one."
        )
    for name in BUILD_FILES + EXTRA_FILES:
        if (base / name).is_file():
            env.files.append(prefix + name)
    if f"{prefix}Dockerfile" in env.files and len(env.files) > 1:
        env.problems.append(
            "A Dockerfile is present, so repo2docker ignores the other environment files."
        )
    return env


def conda_executable() -> str | None:
    """The conda program of this server, if any."""
    return os.environ.get("CONDA_EXE") or shutil.which("conda")


def python_environment(kind: str, timeout: float) -> str:
    """This server's Python environment as ``environment.yml`` or ``requirements.txt`` text."""
    if kind == "conda":
        conda = conda_executable()
        if not conda:
            raise CaptureError(
                400, "conda is not available on this server: choose the pip list instead."
            )
        command = [conda, "env", "export", "--no-builds", "--prefix", sys.prefix]
    else:
        command = [
            sys.executable,
            "-m",
            "pip",
            "list",
            "--format=freeze",
            "--disable-pip-version-check",
        ]
    try:
        result = subprocess.run(  # noqa: S603 - an argument list, no shell
            command, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise CaptureError(
            504, f"Listing the environment took longer than {timeout:g} s."
        ) from None
    if result.returncode != 0:
        raise CaptureError(
            500,
            f"Listing the environment failed: {result.stderr.decode('utf-8', 'replace')[-300:]}",
        )
    text = result.stdout.decode("utf-8", "replace")
    if kind == "conda":
        # The prefix line names a folder of this server: useless (and revealing) on Binder.
        text = "".join(line for line in text.splitlines(True) if not line.startswith("prefix:"))
    return text


def dockerfile_for(image: str) -> str:
    """A Dockerfile that reuses the hub's image."""
    return (
        "# The image of the JupyterHub this repository was exported from.\n"
        "# Binder runs it as is; add RUN lines below for extra packages.\n"
        f"FROM {image}\n"
    )


def write_new_file(target: Path, text: str, overwrite: bool) -> None:
    """Write ``text`` to ``target`` atomically; 409 if it exists unless ``overwrite``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() and not overwrite:
        raise CaptureError(
            409,
            f"{target.name} already exists: it was left as it is. Tick 'overwrite' to replace it.",
        )
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        if overwrite:
            os.replace(temporary, target)
        else:
            try:
                os.link(temporary, target)  # fails if another writer got there first
            except FileExistsError:
                raise CaptureError(
                    409, f"{target.name} already exists: it was left as it is."
                ) from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def capture_target(root: Path, kind: str) -> Path:
    """Where a capture of ``kind`` goes: the folder repo2docker reads, ``binder/`` by default.

    Refuses (409) when creating ``binder/`` would hide environment files at the
    repository's top.
    """
    folder = environment_folder(root)
    if not folder:
        top = detect_environment(root).files
        if top:
            raise CaptureError(
                409,
                "This repository already has environment files at its top ("
                + ", ".join(top)
                + "); a new binder/ folder would hide them from Binder.",
            )
        folder = "binder"
    return root / folder / CAPTURE_FILES[kind]
