"""The Binder export service: admin settings (traitlets) and the two operations.

No Tornado here. Both operations read a git repository that someone else may
have planted; it is read in a process of its own that the deadline kills
(:mod:`.isolated`), so a FIFO where git keeps a file costs that process only.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

from traitlets import Float, Unicode, default
from traitlets.config import Configurable

from . import isolated
from .environment import (
    CAPTURE_FILES,
    CaptureError,
    capture_target,
    conda_executable,
    detect_environment,
    dockerfile_for,
    python_environment,
    write_new_file,
)
from .git import GitProblem
from .paths import PathError, resolve_inside


class BinderExport(Configurable):
    """Settings of the "Open in Binder" export, for hub admins."""

    binderhub_url = Unicode(
        "https://mybinder.org",
        help="The BinderHub that links point to by default (users can pick another in Settings).",
    ).tag(config=True)

    hub_image = Unicode(
        help="The image of this hub, offered as `FROM <image>` in a binder/Dockerfile. "
        "Defaults to $JUPYTER_IMAGE_SPEC or $JUPYTER_IMAGE, set by KubeSpawner."
    ).tag(config=True)

    hub_url = Unicode(
        help="The public URL of this JupyterHub's /hub/ prefix, for nbgitpuller links "
        "(e.g. https://hub.example.org/hub/). Defaults to $JUPYTERHUB_PUBLIC_HUB_URL; "
        "when empty the front end uses the page's own hub prefix."
    ).tag(config=True)

    nbgitpuller_parentpath = Unicode(
        help="The folder, relative to each user's home on the hub that nbgitpuller links "
        "open on, below which nbgitpuller clones (that hub's NBGITPULLER_PARENTPATH). "
        "The dialog shows where the notebook will land. Defaults to this server's "
        "$NBGITPULLER_PARENTPATH, else empty (the home itself)."
    ).tag(config=True)

    git_timeout = Float(10.0, help="Seconds allowed for reading the git state of a notebook.").tag(
        config=True
    )

    capture_timeout = Float(
        120.0, help="Seconds allowed for `conda env export` or `pip list`."
    ).tag(config=True)

    @default("hub_image")
    def _hub_image_default(self) -> str:
        return os.environ.get("JUPYTER_IMAGE_SPEC") or os.environ.get("JUPYTER_IMAGE") or ""

    @default("hub_url")
    def _hub_url_default(self) -> str:
        return os.environ.get("JUPYTERHUB_PUBLIC_HUB_URL", "")

    @default("nbgitpuller_parentpath")
    def _nbgitpuller_parentpath_default(self) -> str:
        return os.environ.get("NBGITPULLER_PARENTPATH", "")


class BinderService:
    """Answers git-state and environment-capture requests for files below ``root_dir``."""

    def __init__(self, root_dir: str, allow_hidden: bool, settings: BinderExport) -> None:
        self.root_dir = root_dir
        self.allow_hidden = allow_hidden
        self.settings = settings

    async def state(self, path: str) -> dict[str, Any]:
        """The reply of ``GET git/state?path=``; raises ``PathError`` for a refused path."""
        file = resolve_inside(self.root_dir, path, self.allow_hidden)
        reply: dict[str, Any] = {
            "path": path,
            "binderhub_url": self.settings.binderhub_url,
            "hub_image": self.settings.hub_image or None,
            "hub_url": self.settings.hub_url or None,
            "nbgitpuller_parentpath": self.settings.nbgitpuller_parentpath,
            "git": None,
            "environment": None,
            "problem": None,
        }
        try:
            found = await isolated.ask("state", file, self.root_dir, self.settings.git_timeout)
        except GitProblem as problem:
            reply["problem"] = {"kind": problem.kind, "message": problem.message}
            return reply
        if found["state"] is None:
            reply["problem"] = {
                "kind": "not-a-repository",
                "message": "This notebook is not in a git repository: "
                "Binder builds from a repository.",
            }
            return reply
        reply["git"] = found["state"]
        work_tree = Path(found["work_tree"])
        reply["environment"] = (await asyncio.to_thread(detect_environment, work_tree)).to_json()
        return reply

    async def capture(self, path: str, kind: str | None, overwrite: bool) -> dict[str, Any]:
        """Write an environment file of ``kind`` (default: conda if present, else pip)."""
        if kind is None:
            kind = "conda" if conda_executable() else "pip"
        if kind not in CAPTURE_FILES:
            raise CaptureError(400, "kind must be one of: conda, pip, dockerfile.")
        file = resolve_inside(self.root_dir, path, self.allow_hidden)
        try:
            found = await isolated.ask("work_tree", file, self.root_dir, self.settings.git_timeout)
        except GitProblem as problem:
            status = 403 if problem.kind == "outside-root" else 400
            raise CaptureError(status, problem.message) from None
        if found["work_tree"] is None:
            raise CaptureError(400, "This notebook is not in a git repository.")
        return await asyncio.to_thread(self._write, Path(found["work_tree"]), kind, overwrite)

    def _write(self, work_tree: Path, kind: str, overwrite: bool) -> dict[str, Any]:
        real_root = os.path.realpath(self.root_dir)
        folder, name = capture_target(work_tree, kind)
        if kind == "dockerfile":
            if not self.settings.hub_image:
                raise CaptureError(
                    400, "This server does not know its image (JUPYTER_IMAGE_SPEC is not set)."
                )
            text = dockerfile_for(self.settings.hub_image)
        else:
            text = python_environment(kind, self.settings.capture_timeout)
        write_new_file(work_tree, folder, name, text, overwrite, real_root)
        target = work_tree / folder / name
        return {"path": os.path.relpath(target, real_root).replace(os.sep, "/"), "kind": kind}


__all__ = ["BinderExport", "BinderService", "CaptureError", "PathError"]
