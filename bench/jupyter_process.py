"""Start and stop the Jupyter servers the benchmarks measure.

Each server runs in its own process group, so stopping it also stops the
kernels it started; its log is read continuously so that the pipe never fills.
Each gets private, empty user config, settings and workspaces folders, so the
developer's ``~/.jupyter`` (a saved workspace, a changed setting, a server
option) never changes a figure.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import threading


def start(argv: list[str], env: dict, timeout: float = 60) -> tuple[subprocess.Popen, list[str]]:
    """Start ``argv`` (a ``jupyter`` command) and wait until it listens.

    Returns the process and its log lines so far (the list keeps growing).
    Exits the benchmark with the end of the log when it does not start in time.
    """
    server = subprocess.Popen(
        argv,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    ready = threading.Event()
    log: list[str] = []

    def drain() -> None:
        for line in server.stderr:
            log.append(line)
            if "is running at" in line:
                ready.set()

    threading.Thread(target=drain, daemon=True).start()
    if not ready.wait(timeout):
        stop(server)
        raise SystemExit(f"{' '.join(argv[:2])} did not start:\n" + "".join(log[-30:]))
    return server, log


def start_jupyter(
    command: str, port: int, config, env: dict, token: str = "", extra: tuple = ()
) -> tuple[subprocess.Popen, list[str]]:
    """Start ``jupyter <command>`` (``server`` or ``lab``) on loopback ``port`` with the
    config file ``config``, the token ``token`` (none by default), no password and
    private user state (config, settings, workspaces)."""
    state = tempfile.mkdtemp(prefix="hackweek-bench-state-")
    env = {
        "JUPYTER_CONFIG_DIR": os.path.join(state, "config"),  # unless the bench gives its own
        **env,
        "JUPYTERLAB_SETTINGS_DIR": os.path.join(state, "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": os.path.join(state, "workspaces"),
    }
    return start(
        [
            "jupyter",
            command,
            "--no-browser",
            "--allow-root",
            f"--port={port}",
            "--port-retries=0",
            f"--IdentityProvider.token={token}",
            "--ServerApp.password=",
            f"--config={config}",
            *extra,
        ],
        env,
    )


def stop(server: subprocess.Popen, grace: float = 20) -> None:
    """Stop the server and everything in its process group."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
