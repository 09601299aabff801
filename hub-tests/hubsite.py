"""A real JupyterHub on loopback for the hub tests and the load run.

``HubSite(base, users, organizers)`` lays out ``base`` (homes, a shared volume,
the hub's database and logs), then starts, as separate processes:

- ``configurable-http-proxy`` (npm, from ``hub-tests/node_modules``), run by us and
  not by the hub, as zero-to-jupyterhub runs it in its own pod: the proxy keeps
  serving while the hub restarts;
- the fake CMR (``python -m jupyterlab_hackweek.tests.fake_cmr``) and the fake
  NSIDC data host with Earthdata Login (``…tests.fake_earthdata``, serving
  ``granules`` by name);
- with ``gateway=True``, a real ``dask-gateway-server`` (``LocalGateway``) that
  authenticates users through the hub as its service ``dask-gateway``; users'
  servers find it through ``DASK_GATEWAY__*`` with ``AUTH__TYPE=jupyterhub``;
- ``jupyterhub -f hub-tests/hub_config.py``, configured by ``base/settings.json``:
  ``SharedPasswordAuthenticator``, ``SimpleLocalProcessSpawner`` with homes under
  ``base/home/NAME`` and single-user JupyterLab servers running the suite.

Each home holds ``shared`` (a symlink to the volume, offered read-only through
``SharedData.roots``); organizers also get ``shared-readwrite`` (writable). Only
loopback addresses are used.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import requests

from jupyterlab_hackweek.tests.fixture_gateway import HubAuth, LocalGateway
from jupyterlab_hackweek.tests.ports import free_ports

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
PROXY_BIN = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
BIN = Path(sys.executable).parent


def wait_for(check, timeout: float, what: str, interval: float = 0.2):
    """Call ``check`` until it returns something truthy; raise after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = check()
        except (requests.RequestException, OSError):
            result = None
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"Timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


class HubSite:
    """A hub, its proxy, a fake CMR and data host, and the users' homes under ``base``."""

    def __init__(
        self,
        base: Path,
        users: list[str],
        organizers: list[str],
        server_config: dict | None = None,
        *,
        gateway: bool = False,
    ):
        self.base = Path(base)
        self.users = list(users)
        self.organizers = list(organizers)
        self.server_config = server_config or {}
        self.password = "hw-" + secrets.token_urlsafe(12)
        self.admin_token = secrets.token_hex(32)
        self.proxy_token = secrets.token_hex(32)
        (
            self.port,
            self.api_port,
            self.hub_port,
            self.cmr_port,
            self.data_port,
            self.login_port,
        ) = free_ports(6)
        self.data_url = f"http://127.0.0.1:{self.data_port}"
        self.granules: dict[str, Path] = {}  # served by the fake data host besides the sample
        self.url = f"http://127.0.0.1:{self.port}"
        self.volume = self.base / "shared-volume"
        self.procs: dict[str, subprocess.Popen] = {}
        self.tokens: dict[str, str] = {}
        self.gateway: LocalGateway | None = None
        if gateway:
            hub = HubAuth(f"http://127.0.0.1:{self.hub_port}/hub/api", secrets.token_hex(32))
            self.gateway = LocalGateway(self.base / "dask-gateway", hub=hub)

    # --- layout -------------------------------------------------------------

    def prepare(self) -> HubSite:
        """Create the folders and ``settings.json`` read by ``hub_config.py``."""
        (self.base / "home").mkdir(parents=True, exist_ok=True)
        (self.base / "server-config").mkdir(exist_ok=True)
        self.volume.mkdir(exist_ok=True)
        settings = {
            "base": str(self.base),
            "port": self.port,
            "api_port": self.api_port,
            "hub_port": self.hub_port,
            "cmr_url": f"http://127.0.0.1:{self.cmr_port}",
            "data_url": self.data_url,
            "login_url": f"http://127.0.0.1:{self.login_port}",
            "users": self.users,
            "organizers": self.organizers,
            "password": self.password,
            "admin_token": self.admin_token,
            "proxy_token": self.proxy_token,
            "singleuser": str(BIN / "jupyterhub-singleuser"),
            "volume": str(self.volume),
            "server_config": self.server_config,
        }
        if self.gateway is not None:
            settings["gateway"] = {
                "service": self.gateway.hub.service,
                "token": self.gateway.hub.token,
                "env": self.gateway.hub_client_env(),
            }
        self.settings_file = self.base / "settings.json"
        self.settings_file.write_text(json.dumps(settings, indent=1))
        os.chmod(self.settings_file, 0o600)
        return self

    def home(self, name: str) -> Path:
        return self.base / "home" / name

    # --- processes ----------------------------------------------------------

    def _spawn(self, key: str, args: list[str], env: dict | None = None) -> subprocess.Popen:
        log = open(self.base / f"{key}.log", "ab")  # noqa: SIM115 (kept open for the child)
        proc = subprocess.Popen(
            args,
            cwd=self.base,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
            start_new_session=True,
        )
        self.procs[key] = proc
        return proc

    def start_proxy(self) -> None:
        self._spawn(
            "proxy",
            [
                str(PROXY_BIN),
                "--ip=127.0.0.1",
                f"--port={self.port}",
                "--api-ip=127.0.0.1",
                f"--api-port={self.api_port}",
                f"--default-target=http://127.0.0.1:{self.hub_port}",
                f"--error-target=http://127.0.0.1:{self.hub_port}/hub/error",
            ],
            {"CONFIGPROXY_AUTH_TOKEN": self.proxy_token},
        )
        wait_for(lambda: _port_open(self.port), 30, "the proxy")

    def start_cmr(self) -> None:
        self._spawn(
            "cmr",
            [sys.executable, "-m", "jupyterlab_hackweek.tests.fake_cmr", f"--port={self.cmr_port}"],
            {"PYTHONPATH": str(PROJECT)},
        )
        wait_for(lambda: _port_open(self.cmr_port), 30, "the fake CMR")

    def stop_cmr(self) -> None:
        self._stop("cmr")

    def start_earthdata(self) -> None:
        """The fake NSIDC data host and Earthdata Login (its account: ``FakeEarthdata``'s)."""
        files = [f"--file={name}={path}" for name, path in self.granules.items()]
        self._spawn(
            "earthdata",
            [
                sys.executable,
                "-m",
                "jupyterlab_hackweek.tests.fake_earthdata",
                f"--port={self.data_port}",
                f"--login-port={self.login_port}",
                *files,
            ],
            {"PYTHONPATH": str(PROJECT)},
        )
        wait_for(lambda: _port_open(self.login_port), 30, "the fake Earthdata Login")

    def start_hub(self, timeout: float = 60) -> None:
        self._spawn(
            "hub",
            [str(BIN / "jupyterhub"), "-f", str(HERE / "hub_config.py")],
            {"HACKWEEK_HUB_SETTINGS": str(self.settings_file)},
        )
        wait_for(lambda: self.api("GET", "/").ok, timeout, "the hub's API")

    def stop_hub(self) -> None:
        self._stop("hub")

    def _stop(self, key: str, timeout: float = 20) -> None:
        proc = self.procs.pop(key, None)
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)

    def start(self) -> HubSite:
        """Start the proxy, the fake CMR and data host, and the hub."""
        self.start_proxy()
        self.start_cmr()
        self.start_earthdata()
        if self.gateway is not None:
            self.gateway.start()
        self.start_hub()
        return self

    def stop(self) -> None:
        """Stop the hub, the single-user servers it left running, the CMR and the proxy."""
        self.stop_hub()
        servers = self.server_processes()
        for proc in servers.values():
            proc.terminate()
        psutil.wait_procs(list(servers.values()), timeout=10)
        for proc in servers.values():
            if proc.is_running():
                proc.kill()
        for key in list(self.procs):
            self._stop(key)
        if self.gateway is not None:
            self.gateway.stop()

    def server_processes(self) -> dict[str, psutil.Process]:
        """The running single-user server of each user, found by its working folder."""
        homes = self.base / "home"
        found = {}
        for proc in psutil.process_iter(["cmdline", "cwd"]):
            cwd, cmdline = proc.info.get("cwd"), proc.info.get("cmdline") or []
            if (
                cwd
                and Path(cwd).parent == homes
                and any("jupyterhub-singleuser" in a for a in cmdline)
            ):
                found[Path(cwd).name] = proc
        return found

    # --- hub API --------------------------------------------------------------

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        """Call the hub's REST API (through the proxy) as the test service (admin scopes)."""
        headers = {"Authorization": f"token {self.admin_token}"}
        return requests.request(
            method, f"{self.url}/hub/api{path}", headers=headers, timeout=30, **kwargs
        )

    def server_ready(self, name: str) -> bool:
        reply = self.api("GET", f"/users/{name}").json()
        server = (reply.get("servers") or {}).get("")
        return bool(server and server.get("ready"))

    def spawn(self, names: list[str], concurrency: int = 5, timeout: float = 240) -> float:
        """Start the servers of ``names`` (``concurrency`` at a time); return the seconds taken."""
        started = time.monotonic()

        def one(name: str) -> None:
            reply = self.api("POST", f"/users/{name}/server")
            if reply.status_code not in (201, 202, 400):
                raise RuntimeError(f"spawn {name}: {reply.status_code} {reply.text}")
            wait_for(lambda: self.server_ready(name), timeout, f"{name}'s server", 0.5)
            wait_for(lambda: self.routed(name), timeout, f"{name}'s route in the proxy", 0.5)

        with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
            list(pool.map(one, names))
        return time.monotonic() - started

    def routed(self, name: str) -> bool:
        """Whether the proxy sends ``/user/NAME/`` to the server: the suite answers there.

        The hub calls a server ready before a missed proxy route shows; requests
        then bounce to the hub (302) until its next route check.
        """
        reply = requests.get(
            f"{self.url}/user/{name}/hackweek/api/version",
            headers={"Authorization": f"token {self.token(name)}"},
            allow_redirects=False,
            timeout=30,
        )
        return reply.status_code == 200

    def stop_server(self, name: str) -> None:
        reply = self.api("DELETE", f"/users/{name}/server")
        if reply.status_code not in (202, 204, 400):
            raise RuntimeError(f"stop {name}: {reply.status_code} {reply.text}")
        wait_for(lambda: not self.api("GET", f"/users/{name}").json()["servers"], 60, "the stop")

    def token(self, name: str) -> str:
        """An API token of ``name`` (made once through the admin API)."""
        if name not in self.tokens:
            reply = self.api(
                "POST", f"/users/{name}/tokens", json={"note": "hub tests", "expires_in": 3600}
            )
            reply.raise_for_status()
            self.tokens[name] = reply.json()["token"]
        return self.tokens[name]

    def login(self, name: str) -> requests.Session:
        """A browser-like session: the hub's login form, then the OAuth dance to the server."""
        session = requests.Session()
        page = session.get(f"{self.url}/hub/login", timeout=30)
        match = re.search(r'name="_xsrf" value="([^"]+)"', page.text)
        form = {"username": name, "password": self.password}
        if match:
            form["_xsrf"] = match.group(1)
        reply = session.post(f"{self.url}/hub/login?next=", data=form, timeout=30)
        if "jupyterhub-session-id" not in session.cookies and reply.status_code >= 400:
            raise RuntimeError(f"login {name}: {reply.status_code}")
        lab = session.get(f"{self.url}/user/{name}/lab", timeout=60)
        lab.raise_for_status()
        return session

    def secrets(self) -> list[str]:
        """Every secret a reply must never contain: tokens, the password, servers' API tokens."""
        found = [self.password, self.admin_token, self.proxy_token, *self.tokens.values()]
        if self.gateway is not None:
            found.append(self.gateway.hub.token)
        for proc in self.server_processes().values():
            try:
                token = proc.environ().get("JUPYTERHUB_API_TOKEN")
            except psutil.Error:
                continue
            if token:
                found.append(token)
        return found


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def link_shared(home: Path, volume: Path, organizer: bool) -> None:
    """Link ``home/shared`` (and for organizers ``shared-readwrite``) to the volume."""
    home.mkdir(parents=True, exist_ok=True)
    names = ["shared", "shared-readwrite"] if organizer else ["shared"]
    for name in names:
        link = home / name
        if not link.is_symlink():
            if link.exists():
                shutil.rmtree(link)
            link.symlink_to(volume, target_is_directory=True)
