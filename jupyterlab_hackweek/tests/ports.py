"""Free TCP ports on loopback for the test servers (hub tests, Dask Gateway, benches)."""

from __future__ import annotations

import socket
from contextlib import ExitStack


def free_ports(count: int) -> list[int]:
    """``count`` distinct TCP ports free on 127.0.0.1 now.

    Each port is bound (by the system's choice) until all are chosen, so two
    calls within one site never get the same port, and a port something already
    listens on (a developer's JupyterLab on 8888) is never given.
    """
    with ExitStack() as stack:
        ports = []
        for _ in range(count):
            sock = stack.enter_context(socket.socket())
            sock.bind(("127.0.0.1", 0))
            ports.append(sock.getsockname()[1])
        return ports


def free_port() -> int:
    """One TCP port free on 127.0.0.1 now."""
    return free_ports(1)[0]
