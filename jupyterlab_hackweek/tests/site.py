"""A complete hub-like site on loopback, for the browser tests and the demo.

``configure_site(c, root, n_files)`` fills ``root`` (the server's root folder)
with the fixtures every feature needs, starts the loopback fakes in the server's
own process, and points the suite's traitlets at them:

- ``shared-volume/``: the real ATL06 sample, a README and ``many/`` with
  ``n_files`` files (``fixture_shared.make_shared_volume``), and a copy of
  ``REAL_GRANULE`` at its listed size in ``ICESat-2/ATL06/005/``
  (``fixture_shared.add_granule_copies``: the search shows it as already on the
  shared volume), and ``photon-cloud/``: one synthetic ATL03 beam of
  ``ATL03_PHOTONS`` photons (``fixture_atl03``, made once and kept in the user's
  cache folder, ~180 MB), served as the
  read-only root "shared" and the writable root "shared-readwrite";
- ``binder-demo/``: a git repository holding a notebook with one commit not
  pushed (``fixture_repos.make_binder_demo``);
- a fake CMR serving real recorded records and 10,000 generated ATL06 v006 ones,
  each found only by the areas its footprint meets (``fake_cmr.FakeCmr``), also reached
  by the kernels as ``cmr.earthdata.nasa.gov`` (``nsidc_hosts``: their python3
  kernelspec names a loopback proxy, a test CA and a token), whose granule data
  links point at
- a fake NSIDC data server and Earthdata Login (``fake_earthdata.FakeEarthdata``,
  its default account): every granule is served as the real
  ATL06 sample padded with zero bytes to the size its CMR record lists, so a
  download verifies; ``REAL_GRANULE`` is throttled (its progress can be watched)
  and ``HTML_GRANULE`` answers with the Earthdata Login page instead of data.
  Downloads go to ``<root>/data/<product>/<version>/``; the credential is kept in
  ``<root>/.netrc``, which does not exist at first (so the login dialog shows);
- a fake NASA Harmony (``fake_harmony.FakeHarmony``) on the same login, which
  cuts subsets of the ATL06 sample for subset orders (asked every second).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from .fake_cmr import FakeCmr
from .fake_earthdata import FakeEarthdata
from .fake_harmony import FakeHarmony
from .fixture_atl03 import ATL03, cached_atl03
from .fixture_repos import make_binder_demo
from .fixture_shared import add_granule_copies, make_shared_volume
from .nsidc_hosts import NasaHosts, python3_kernel_spec

#: The real ATL06 v005 granule of the fake CMR (throttled by the fake data server).
REAL_GRANULE = "ATL06_20190221121851_08410203_005_01.h5"
#: The first generated ATL06 v006 granule: served as an HTML login page.
HTML_GRANULE = "ATL06_20190330000000_00010301_006_01.h5"
#: CMR's ``granule_size`` is in units of 2**20 bytes (as ``nsidc.normalize`` reads it).
MEBIBYTE = 1024 * 1024
#: Photons of the synthetic ATL03 beam (gt1l) of ``photon-cloud/``: over 5 million, as
#: issue #16's photon-cloud quick look asks.
ATL03_PHOTONS = 5_300_000


def add_photon_cloud(volume: Path) -> Path:
    """``photon-cloud/<ATL03>`` in the volume: the cached synthetic beam, hard-linked
    (copied across file systems)."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    made = cached_atl03(cache / "jupyterlab-hackweek" / "atl03", ATL03_PHOTONS, ("gt1l",))
    target = volume / "photon-cloud" / ATL03
    target.parent.mkdir(exist_ok=True)
    if not target.exists():
        try:
            os.link(made, target)
        except OSError:
            shutil.copyfile(made, target)
    return target


def start_earthdata(cmr: FakeCmr) -> FakeEarthdata:
    """The fake data server and login in a thread, serving each granule at its listed size."""
    fake = FakeEarthdata()
    for entry in cmr.catalogue.granules:
        try:
            size = round(float(entry.get("granule_size")) * MEBIBYTE)
        except (TypeError, ValueError):
            continue
        for link in entry.get("links") or []:
            if str(link.get("rel", "")).endswith("/data#") and not link.get("inherited"):
                fake.sizes[urlsplit(link["href"]).path.rsplit("/", 1)[-1]] = size
    fake.faults[REAL_GRANULE] = "slow"
    fake.faults[HTML_GRANULE] = "html"
    return fake.start_in_thread()


def configure_site(c, root: Path, n_files: int) -> tuple[FakeCmr, FakeEarthdata, FakeHarmony]:
    """Create the fixtures under ``root``, configure the server ``c`` to use them; the fakes."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    volume = make_shared_volume(root / "shared-volume", n_files)
    make_binder_demo(root)
    cmr = FakeCmr()
    earthdata = start_earthdata(cmr)
    # The real granule is already on the shared volume, at its listed size
    add_granule_copies(volume, {REAL_GRANULE: earthdata.sizes[REAL_GRANULE]})
    add_photon_cloud(volume)
    cmr.data_url = f"http://127.0.0.1:{earthdata.data_port}"
    cmr.start()
    harmony = FakeHarmony(earthdata, cmr.catalogue).start_in_thread()
    # The kernels reach NASA's CMR host name on the same catalogue (the inserted code)
    kernels = python3_kernel_spec(NasaHosts(data_url=cmr.data_url).start())
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [kernels, os.getenv("JUPYTER_PATH")]))

    c.ServerApp.root_dir = str(root)
    c.ResourceMeter.home_dir = str(root)  # what fills the home: the root, as on a hub
    c.SharedData.roots = [
        {"name": "shared", "path": str(volume), "writable": False},
        {"name": "shared-readwrite", "path": str(volume), "writable": True},
    ]
    c.NsidcSearch.cmr_url = cmr.url
    c.Downloads.root = str(root / "data")
    c.Downloads.allowed_hosts = earthdata.allowed_hosts
    c.Downloads.redirect_hosts = [f"localhost:{harmony.port}"]  # Harmony's "presigned" links
    c.Downloads.allow_insecure_loopback = True
    c.Downloads.earthdata_login_url = earthdata.login_url
    c.Downloads.netrc_path = str(root / ".netrc")
    c.Downloads.state_file = str(root / ".hackweek" / "downloads.json")
    c.Downloads.retry_delay = 0.5
    c.Harmony.url = harmony.url
    c.Harmony.poll_interval = 1.0
    for name in ("EARTHDATA_TOKEN", "EARTHDATA_USERNAME", "EARTHDATA_PASSWORD"):
        os.environ.pop(name, None)  # only the login dialog gives the server a credential
    return cmr, earthdata, harmony
