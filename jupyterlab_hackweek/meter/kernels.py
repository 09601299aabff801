"""Running kernels with their process id and notebook/console path, from the server's managers."""

from __future__ import annotations

from typing import Any

from .sampler import KernelInfo


def kernel_pid(manager: Any) -> int | None:
    """The process id of a kernel manager's kernel, or ``None`` (remote or not started)."""
    provisioner = getattr(manager, "provisioner", None)
    process = getattr(provisioner, "process", None)
    pid = getattr(process, "pid", None) or getattr(provisioner, "pid", None)
    return pid if isinstance(pid, int) and pid > 0 else None


async def running_kernels(kernel_manager: Any, session_manager: Any) -> list[KernelInfo]:
    """Every kernel the server runs, with the path of the session that uses it (if any)."""
    sessions: dict[str, tuple[str | None, str | None]] = {}
    if session_manager is not None:
        for session in await session_manager.list_sessions():
            kernel = session.get("kernel") or {}
            if kernel.get("id"):
                sessions[kernel["id"]] = (session.get("path"), session.get("type"))
    kernels = []
    for kernel_id in list(kernel_manager.list_kernel_ids()):
        try:
            manager = kernel_manager.get_kernel(kernel_id)
        except KeyError:
            continue
        path, kind = sessions.get(kernel_id, (None, None))
        kernels.append(
            KernelInfo(
                id=kernel_id,
                pid=kernel_pid(manager),
                path=path,
                type=kind,
                name=getattr(manager, "kernel_name", None),
            )
        )
    return kernels
