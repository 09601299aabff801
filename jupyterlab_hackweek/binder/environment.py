"""repo2docker environment files: which ones a repository has, and writing new ones.

Detection follows repo2docker: a ``binder/`` or ``.binder/`` folder hides the
files at the repository's top (both folders at once is an error), and a
``Dockerfile`` makes every other file irrelevant. Detection never follows a
symbolic link (``lstat``), so it says nothing about what a link points to.

Capture writes a new file atomically (temporary file + link/rename) and never
replaces an existing one unless asked. It writes only inside the repository's
own work tree: every step goes through directory file descriptors opened with
``O_NOFOLLOW``, so a ``binder/`` folder or a target file that is a symbolic
link is refused and nothing is written anywhere.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Refused
from ..guarded import FOLDER, real_path, write_atomic
from ..paths import is_inside

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
#: The folders repo2docker reads before the repository's top, in its order.
ENVIRONMENT_FOLDERS = ("binder", ".binder")


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


def _lstat_mode(path: Path) -> int:
    """The mode of ``path`` itself (a link is a link), 0 when there is nothing."""
    try:
        return os.lstat(path).st_mode
    except OSError:
        return 0


def environment_folder(root: Path) -> str:
    """The folder repo2docker reads (``binder``, ``.binder`` or ``""`` for the top).

    A symbolic link is not a folder here: it is never followed.
    """
    for name in ENVIRONMENT_FOLDERS:
        if stat.S_ISDIR(_lstat_mode(root / name)):
            return name
    return ""


def detect_environment(root: Path) -> Environment:
    """The environment files repo2docker would use in the repository at ``root``."""
    both = all(stat.S_ISDIR(_lstat_mode(root / name)) for name in ENVIRONMENT_FOLDERS)
    folder = environment_folder(root)
    base = root / folder if folder else root
    prefix = f"{folder}/" if folder else ""
    env = Environment(folder=folder)
    if both:
        env.problems.append(
            "Both binder/ and .binder/ exist: repo2docker refuses to build. Keep one."
        )
    for name in ENVIRONMENT_FOLDERS:
        if stat.S_ISLNK(_lstat_mode(root / name)):
            env.problems.append(
                f"{name}/ is a symbolic link: this server does not follow it. "
                f"Make {name}/ a real folder of the repository."
            )
    for name in BUILD_FILES + EXTRA_FILES:
        if stat.S_ISREG(_lstat_mode(base / name)):
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


_LINK = (
    "{name} is a symbolic link: the server does not write through links. "
    "Make it a real {what} of the repository first."
)


def _refuse_link(work_tree: Path, relative: str, what: str) -> None:
    if stat.S_ISLNK(_lstat_mode(work_tree / relative)):
        raise CaptureError(403, _LINK.format(name=relative, what=what))


def capture_target(work_tree: Path, kind: str) -> tuple[str, str]:
    """``(folder, file name)`` a capture of ``kind`` goes to, relative to ``work_tree``.

    The folder repo2docker reads, ``binder/`` by default. Refuses (409) when
    creating ``binder/`` would hide environment files at the repository's top,
    and (403) when the folder or the file is a symbolic link.
    """
    for name in ENVIRONMENT_FOLDERS:
        _refuse_link(work_tree, name, "folder")
    folder = environment_folder(work_tree)
    if not folder:
        top = detect_environment(work_tree).files
        if top:
            raise CaptureError(
                409,
                "This repository already has environment files at its top ("
                + ", ".join(top)
                + "); a new binder/ folder would hide them from Binder.",
            )
        folder = "binder"
    name = CAPTURE_FILES[kind]
    _refuse_link(work_tree, f"{folder}/{name}", "file")
    return folder, name


def _open_folder(name: str, parent: int) -> int:
    """A descriptor of folder ``name`` in ``parent`` (made if missing), never through a link."""
    try:
        return os.open(name, FOLDER, dir_fd=parent)
    except FileNotFoundError:
        pass
    try:
        os.mkdir(name, 0o755, dir_fd=parent)
    except FileExistsError:
        pass  # someone else made it: opened below with the same checks
    return os.open(name, FOLDER, dir_fd=parent)


def write_new_file(
    work_tree: Path, folder: str, name: str, text: str, overwrite: bool, root: str
) -> None:
    """Write ``text`` as ``work_tree/folder/name`` atomically; 409 if it exists (unless asked).

    ``work_tree`` is a real path inside the real path ``root``. Every step is
    relative to a folder descriptor opened with ``O_NOFOLLOW``: a symbolic link
    as ``folder`` or as the file is refused (403) and nothing is written.
    """
    try:
        tree_fd = os.open(work_tree, FOLDER)
    except OSError:
        raise CaptureError(403, "The repository's folder cannot be opened for writing.") from None
    try:
        # The folder opened must be the one checked, inside the server's folder
        # (not a folder swapped for a link in between).
        opened = real_path(tree_fd) or os.path.realpath(work_tree)
        if opened != os.path.realpath(work_tree) or not is_inside(root, opened):
            raise CaptureError(403, "The repository's folder is outside your server's folder.")
        try:
            folder_fd = _open_folder(folder, tree_fd)
        except OSError as error:
            try:
                link = stat.S_ISLNK(os.stat(folder, dir_fd=tree_fd, follow_symlinks=False).st_mode)
            except OSError:
                link = False
            if link:
                raise CaptureError(403, _LINK.format(name=f"{folder}/", what="folder")) from None
            raise CaptureError(
                403, f"{folder}/ cannot be used as a folder: {error.strerror}."
            ) from None
        try:
            _write_in(folder_fd, name, text, overwrite)
        except OSError as error:
            raise CaptureError(403, f"{name} could not be written: {error.strerror}.") from None
        finally:
            os.close(folder_fd)
    finally:
        os.close(tree_fd)


def _write_in(folder_fd: int, name: str, text: str, overwrite: bool) -> None:
    try:
        existing = os.stat(name, dir_fd=folder_fd, follow_symlinks=False)
    except FileNotFoundError:
        existing = None
    if existing is not None and stat.S_ISLNK(existing.st_mode):
        raise CaptureError(403, _LINK.format(name=name, what="file"))
    if existing is not None and not overwrite:
        raise CaptureError(
            409,
            f"{name} already exists: it was left as it is. Tick 'overwrite' to replace it.",
        )
    try:
        write_atomic(folder_fd, name, text.encode("utf-8"), replace=overwrite)
    except FileExistsError:  # another writer got there first
        raise CaptureError(409, f"{name} already exists: it was left as it is.") from None
