"""JupyterHub configuration for the hub tests and the load run (loopback only).

Read by ``jupyterhub -f hub-tests/hub_config.py`` with ``HACKWEEK_HUB_SETTINGS``
pointing at the ``settings.json`` written by :class:`hubsite.HubSite` (ports,
users, passwords, tokens, folders). The proxy is started separately (as in
zero-to-jupyterhub), so it keeps routing while the hub restarts; single-user
servers are left running when the hub stops (``cleanup_servers = False``) and
resumed by the next hub.

Each user's server gets a ``jupyter_server_config.json`` of its own (in a folder
outside the user's home, named by ``JUPYTER_CONFIG_PATH``): the ``shared`` root
read-only for everyone, ``shared-readwrite`` writable for organizers only (on a
real hub the read-only mount enforces this; here ``SharedData.roots`` does), and
the fake CMR as ``NsidcSearch.cmr_url``, the fake data host and Earthdata Login
for ``Downloads``.
"""

import json
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hubsite import link_shared  # noqa: E402

c = get_config()  # type: ignore[name-defined]  # noqa: F821 (JupyterHub provides it)
settings = json.loads(Path(os.environ["HACKWEEK_HUB_SETTINGS"]).read_text())
base = Path(settings["base"])
organizers = set(settings["organizers"])

# Network: everything on loopback; the proxy runs on its own.
c.JupyterHub.bind_url = f"http://127.0.0.1:{settings['port']}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{settings['hub_port']}"
c.ConfigurableHTTPProxy.should_start = False
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings['api_port']}"
c.ConfigurableHTTPProxy.auth_token = settings["proxy_token"]

# State kept across hub restarts.
c.JupyterHub.db_url = f"sqlite:///{base / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(base / "jupyterhub_cookie_secret")
c.JupyterHub.cleanup_servers = False
c.JupyterHub.cleanup_proxy = False

# Users: one shared password; organizers are a group (not hub admins).
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = settings["password"]
c.Authenticator.allowed_users = set(settings["users"]) | organizers
c.JupyterHub.load_groups = {"organizers": {"users": sorted(organizers)}}

# The tests' own service: spawns servers, makes tokens.
c.JupyterHub.services = [{"name": "hackweek-tests", "api_token": settings["admin_token"]}]
c.JupyterHub.load_roles = [
    {
        "name": "hackweek-tests",
        "scopes": ["admin:users", "admin:servers", "tokens", "list:users", "read:users"],
        "services": ["hackweek-tests"],
    }
]

# A Dask Gateway (HubSite(gateway=True)) is the hub's service "dask-gateway": users and
# their servers' tokens may use it (its JupyterHubAuthenticator asks for that scope).
gateway = settings.get("gateway")
if gateway:
    access = f"access:services!service={gateway['service']}"
    c.JupyterHub.services.append({"name": gateway["service"], "api_token": gateway["token"]})
    c.JupyterHub.load_roles += [
        {"name": "user", "scopes": ["self", access]},
        {"name": "server", "scopes": ["users:activity!user", "access:servers!server", access]},
    ]

# Single-user servers: local processes, homes under base/home, JupyterLab + the suite.
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(base / "home" / "{username}")
c.Spawner.cmd = [settings["singleuser"]]
c.Spawner.args = ["--allow-root"]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
c.Spawner.poll_interval = 10
c.JupyterHub.concurrent_spawn_limit = 100
# Check the proxy's routes every 30 s (default 300 s), so that a route missed while
# many servers spawn at once is put back soon (HubSite.spawn waits for it).
c.JupyterHub.last_activity_interval = 30
c.JupyterHub.log_level = "INFO"


def prepare_server(spawner) -> None:
    """Link the shared volume into the home and write the server's suite configuration."""
    name = spawner.user.name
    organizer = name in organizers
    link_shared(Path(spawner.home_dir), Path(settings["volume"]), organizer)
    roots = [{"name": "shared", "path": "~/shared", "writable": False}]
    if organizer:
        roots.append({"name": "shared-readwrite", "path": "~/shared-readwrite", "writable": True})
    folder = base / "server-config" / name
    folder.mkdir(parents=True, exist_ok=True)
    extra = settings.get("server_config", {})
    server_config = {
        **extra,
        "SharedData": {
            **extra.get("SharedData", {}),
            "roots": roots,
            "publishers": sorted(organizers),
        },
        "NsidcSearch": {**extra.get("NsidcSearch", {}), "cmr_url": settings["cmr_url"]},
        "Downloads": {
            **extra.get("Downloads", {}),
            "allowed_hosts": [urlsplit(settings[key]).netloc for key in ("data_url", "login_url")],
            "earthdata_login_url": settings["login_url"],
            "allow_insecure_loopback": True,
        },
    }
    environment = {"JUPYTER_CONFIG_PATH": str(folder)}
    if gateway:
        # the gateway as a hub names it to the server and its kernels; the meter's
        # cluster list is taken again after 1 s (the hub test waits for a new cluster)
        environment.update(gateway["env"], DASK_CONFIG=str(folder / "dask"))
        server_config["ResourceMeter"] = {
            **extra.get("ResourceMeter", {}),
            "dask_refresh_seconds": 1,
        }
    (folder / "jupyter_server_config.json").write_text(json.dumps(server_config, indent=1))
    spawner.environment = {**spawner.environment, **environment}


c.Spawner.pre_spawn_hook = prepare_server
