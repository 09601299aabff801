"""``Downloads``: where granules go, which hosts may serve them, and the transfer limits."""

from __future__ import annotations

import os

from traitlets import Bool, Float, Int, List, Unicode, default
from traitlets.config import Configurable

#: The NSIDC/Earthdata hosts granules are served from (and Earthdata Login itself).
DEFAULT_ALLOWED_HOSTS = (
    "n5eil01u.ecs.nsidc.org",
    "data.nsidc.earthdatacloud.nasa.gov",
    "urs.earthdata.nasa.gov",
)

#: Hosts the Earthdata Cloud data host redirects to (signed S3/CloudFront links).
#: Downloads may follow a redirect there, but credentials are never sent to them.
DEFAULT_REDIRECT_HOSTS = (
    "*.s3.us-west-2.amazonaws.com",
    "*.s3.amazonaws.com",
    "*.cloudfront.net",
)


class Downloads(Configurable):
    """Granule download settings (``c.Downloads.*``)."""

    root = Unicode(
        "~/data",
        help=(
            "Folder granules are saved under, as <root>/<short_name>/<version>/. "
            "'~' is the user's home; a relative path is relative to the home folder."
        ),
    ).tag(config=True)

    max_concurrent = Int(4, help="Most files transferred at the same time.").tag(config=True)

    allowed_hosts = List(
        Unicode(),
        default_value=list(DEFAULT_ALLOWED_HOSTS),
        help=(
            "Hosts ('name' or 'name:port') granules may be downloaded from. Earthdata "
            "credentials are sent to these hosts and to Earthdata Login only."
        ),
    ).tag(config=True)

    redirect_hosts = List(
        Unicode(),
        default_value=list(DEFAULT_REDIRECT_HOSTS),
        help=(
            "Further hosts ('name', 'name:port' or '*.suffix') a data host may redirect a "
            "download to (signed cloud-storage links). No credential or cookie is sent there."
        ),
    ).tag(config=True)

    earthdata_login_url = Unicode(
        "https://urs.earthdata.nasa.gov",
        help="Earthdata Login (URS); its host receives the user name and password.",
    ).tag(config=True)

    netrc_path = Unicode(
        help="The .netrc file holding Earthdata credentials (default $NETRC or ~/.netrc)."
    ).tag(config=True)

    state_file = Unicode(
        help=(
            "JSON file where the download queue is kept so that downloads resume after a "
            "server restart (default ~/.local/share/jupyterlab_hackweek/downloads.json)."
        ),
    ).tag(config=True)

    allow_insecure_loopback = Bool(
        False, help="Allow plain-http downloads from loopback addresses (tests only)."
    ).tag(config=True)

    retries = Int(
        5, help="Automatic retries of a file after a cut connection or a 429/5xx answer."
    ).tag(config=True)

    retry_delay = Float(2.0, help="Seconds before the first automatic retry (then doubled).").tag(
        config=True
    )

    max_retry_after = Float(300.0, help="Longest 'Retry-After' wait honoured, in seconds.").tag(
        config=True
    )

    connect_timeout = Float(30.0, help="Seconds to wait for a data server to answer.").tag(
        config=True
    )

    idle_timeout = Float(
        120.0, help="Seconds without a byte received before a transfer counts as cut."
    ).tag(config=True)

    @default("netrc_path")
    def _netrc_path_default(self) -> str:
        return os.environ.get("NETRC") or "~/.netrc"

    @default("state_file")
    def _state_file_default(self) -> str:
        data_home = os.environ.get("XDG_DATA_HOME") or "~/.local/share"
        return os.path.join(data_home, "jupyterlab_hackweek", "downloads.json")


def expand_home(path: str) -> str:
    """``path`` with ``~`` expanded; a relative path is taken relative to the home folder."""
    path = os.path.expanduser(path)
    if not os.path.isabs(path):
        path = os.path.join(os.path.expanduser("~"), path)
    return os.path.normpath(path)


class Harmony(Configurable):
    """NASA Harmony, which cuts subsets of granules for orders (``c.Harmony.*``)."""

    url = Unicode(
        "https://harmony.earthdata.nasa.gov",
        help=(
            "Harmony's address. Only this host is asked; it receives the user's Earthdata "
            "token or session cookie, and its result links are downloaded like granules "
            "(through the same proxy and CA settings)."
        ),
    ).tag(config=True)

    poll_interval = Float(
        10.0, help="Seconds between two questions to Harmony about a running order."
    ).tag(config=True)

    capabilities_ttl = Float(
        3600.0, help="Seconds Harmony's answer on what a collection can be cut to is kept."
    ).tag(config=True)
