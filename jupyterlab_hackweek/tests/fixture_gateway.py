"""A real dask-gateway-server on loopback (local process backend), for tests and benchmarks.

``LocalGateway(folder).start()`` writes a ``dask_gateway_config.py`` into
``folder``, runs ``dask-gateway-server`` from this environment with its three
ports on 127.0.0.1 (API, HTTP proxy, scheduler TLS proxy), and waits until
``/api/health`` passes; ``stop()`` sends SIGTERM, which stops every cluster it
runs. The gateway gets the same SIGTERM, once, when the process that started it
dies, however it dies (Playwright ends the Galata server with SIGKILL to its
process group, which the gateway is kept out of): its clusters run in sessions
of their own and would otherwise outlive it. A small supervisor between the two
forwards that signal once: the kernel sends ``PR_SET_PDEATHSIG`` again as each
thread of a dying multi-threaded parent exits, and a second SIGTERM cuts the
gateway's clean-up short (its clusters then live on). ``max_workers`` is each cluster's limit.
Every cluster runs as this user (``UnsafeLocalBackend``); any user name logs in
with ``PASSWORD`` (``SimpleAuthenticator``), or, given ``hub``, users are who the
JupyterHub at ``hub.api_url`` says their token belongs to (``JupyterHubAuthenticator``,
the gateway being the hub's service ``hub.service``).

``client_env()`` is what a kernel (or our server) needs in its environment to
find the gateway with the ``dask-gateway`` client: the address, the proxy, basic
auth, no HTTP proxy, and a private dask config folder. Set-up facts:
``/work/shared/notes/dask-gateway.md``.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .ports import free_ports

PASSWORD = "test-password"
BIN = Path(sys.executable).parent

CONFIG = """
c.DaskGateway.address = "127.0.0.1:{api}"
c.Proxy.address = "127.0.0.1:{http}"
c.Proxy.tcp_address = "127.0.0.1:{tcp}"
c.DaskGateway.backend_class = "dask_gateway_server.backends.local.UnsafeLocalBackend"
c.UnsafeLocalBackend.clusters_directory = {clusters!r}
c.LocalClusterConfig.scheduler_cmd = [{dask!r}, "scheduler"]
c.LocalClusterConfig.worker_cmd = [{dask!r}, "worker"]
c.LocalClusterConfig.worker_memory = "512 M"
c.LocalClusterConfig.worker_cores = 1
c.LocalClusterConfig.environment = {{"DASK_TEMPORARY_DIRECTORY": {scratch!r}}}
"""

SIMPLE_AUTH = """
c.DaskGateway.authenticator_class = "dask_gateway_server.auth.SimpleAuthenticator"
c.SimpleAuthenticator.password = {password!r}
"""

#: A hub service: each request's ``Authorization: jupyterhub <token>`` is asked of the
#: hub (``GET {api_url}/user``), which must grant ``access:services!service=<name>``.
HUB_AUTH = """
c.DaskGateway.authenticator_class = "dask_gateway_server.auth.JupyterHubAuthenticator"
c.JupyterHubAuthenticator.jupyterhub_api_url = {api_url!r}
c.JupyterHubAuthenticator.jupyterhub_api_token = {token!r}
c.JupyterHubAuthenticator.jupyterhub_service_name = {service!r}
"""


@dataclass(frozen=True)
class HubAuth:
    """The hub a gateway authenticates users through, as that hub's service ``service``."""

    api_url: str
    token: str
    service: str = "dask-gateway"


#: Runs the gateway (argv[1:]) and passes it the first SIGTERM only.
SUPERVISOR = """
import signal, subprocess, sys
gateway = subprocess.Popen(sys.argv[1:])
def stop(*_):
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    gateway.terminate()
signal.signal(signal.SIGTERM, stop)
sys.exit(gateway.wait())
"""


def _terminate_with_parent() -> None:
    """In the child before exec: SIGTERM when the parent dies (Linux ``PR_SET_PDEATHSIG``)."""
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class LocalGateway:
    """One dask-gateway-server process with its clusters below ``folder``."""

    def __init__(
        self, folder: Path, max_workers: int | None = None, hub: HubAuth | None = None
    ) -> None:
        """``hub``: authenticate through that JupyterHub (else any name with ``PASSWORD``)."""
        self.folder = Path(folder)
        self.max_workers = max_workers
        self.hub = hub
        self.api_port, self.http_port, self.tcp_port = free_ports(3)
        self.process: subprocess.Popen | None = None

    @property
    def address(self) -> str:
        """What clients call (the HTTP proxy, which forwards the API)."""
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def proxy_address(self) -> str:
        """The scheduler proxy (TLS) as the client's ``proxy_address``."""
        return f"gateway://127.0.0.1:{self.tcp_port}"

    def client_env(self, username: str = "alice") -> dict[str, str]:
        """The environment a kernel or a server needs to reach this gateway as ``username``."""
        return {
            "DASK_GATEWAY__ADDRESS": self.address,
            "DASK_GATEWAY__PROXY_ADDRESS": self.proxy_address,
            "DASK_GATEWAY__HTTP_CLIENT__PROXY": "false",
            "DASK_GATEWAY__AUTH__TYPE": "basic",
            "DASK_GATEWAY__AUTH__KWARGS__USERNAME": username,
            "DASK_GATEWAY__AUTH__KWARGS__PASSWORD": PASSWORD,
            # importing dask_gateway writes gateway.yaml into the dask config folder
            "DASK_CONFIG": str(self.folder / "dask-config"),
        }

    def hub_client_env(self) -> dict[str, str]:
        """The environment a user's server on the hub needs to reach this gateway as that
        user: the hub's ``jupyterhub`` auth sends the server's ``$JUPYTERHUB_API_TOKEN``."""
        return {
            "DASK_GATEWAY__ADDRESS": self.address,
            "DASK_GATEWAY__PROXY_ADDRESS": self.proxy_address,
            "DASK_GATEWAY__HTTP_CLIENT__PROXY": "false",
            "DASK_GATEWAY__AUTH__TYPE": "jupyterhub",
        }

    def start(self, timeout: float = 30.0) -> LocalGateway:
        self.folder.mkdir(parents=True, exist_ok=True)
        config = CONFIG.format(
            api=self.api_port,
            http=self.http_port,
            tcp=self.tcp_port,
            clusters=str(self.folder / "clusters"),
            scratch=str(self.folder / "scratch"),
            dask=str(BIN / "dask"),
        )
        if self.max_workers is not None:
            config += f"c.ClusterConfig.cluster_max_workers = {self.max_workers}\n"
        if self.hub is None:
            config += SIMPLE_AUTH.format(password=PASSWORD)
        else:
            config += HUB_AUTH.format(
                api_url=self.hub.api_url, token=self.hub.token, service=self.hub.service
            )
        path = self.folder / "dask_gateway_config.py"
        path.write_text(config, encoding="utf-8")
        env = {**os.environ, "DASK_CONFIG": str(self.folder / "dask-config")}
        with open(self.folder / "gateway.log", "wb") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    SUPERVISOR,
                    str(BIN / "dask-gateway-server"),
                    "-f",
                    str(path),
                ],
                cwd=self.folder,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_terminate_with_parent,
            )
        deadline = time.monotonic() + timeout
        while not self._healthy():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                log = (self.folder / "gateway.log").read_text(errors="replace")
                raise RuntimeError(f"dask-gateway-server did not start:\n{log[-3000:]}")
            time.sleep(0.1)
        return self

    def _healthy(self) -> bool:
        """Healthy as clients see it: through the proxy, which routes ``/api`` to the
        API server only some time after both listen (a client's first request before
        then is answered 404, "Not Found")."""
        url = f"{self.address}/api/health"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return json.load(response).get("status") == "pass"
        except OSError:
            return False

    def stop(self, timeout: float = 20.0) -> None:
        """SIGTERM (the gateway stops its clusters), then SIGKILL after ``timeout``."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        # a cluster the gateway was still stopping when told to exit outlives it
        import psutil

        clusters = str(self.folder / "clusters")
        for process in psutil.process_iter(["cwd"]):
            if (process.info["cwd"] or "").startswith(clusters):
                process.kill()
