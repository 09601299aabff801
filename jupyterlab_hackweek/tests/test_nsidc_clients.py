"""The code "Insert code" puts in a notebook, run by the real clients against the fake CMR.

For each search of ``src/nsidc/__fixtures__/client-cases.json``, the panel's route
(``cmr/granules``) searches the fake CMR page by page, as the panel does, and the
earthaccess and icepyx cells the panel inserts for it (``client-cells.json``, made by
the panel's own code generator and kept current by ``src/nsidc/__tests__/cells.spec.ts``)
run unchanged in a Python subprocess. They reach ``cmr.earthdata.nasa.gov`` through a
loopback proxy and a test CA (``nsidc_hosts.NasaHosts``): never the internet. Each
query the client sent is compared with the one the route sent, parameter by parameter
(``cmr_query``), and the count the cell prints with the panel's count.

The stream cells (``earthaccess.open``, then xarray per beam) also read the granules
from NSIDC's data host names, served by the fake data host; earthaccess's https
session ignores proxy settings, so they run in namespaces of their own where those
names are loopback (``NasaHosts.isolated``). What they print per beam is compared with
h5py reading the sample the fake data host serves.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import h5py
import pytest

from jupyterlab_hackweek.tests.conftest import server_config
from jupyterlab_hackweek.tests.fake_cmr import FakeCmr, cmr_params
from jupyterlab_hackweek.tests.fake_cmr_data import parse_time
from jupyterlab_hackweek.tests.fake_earthdata import SAMPLE
from jupyterlab_hackweek.tests.nsidc_hosts import DATA_HOSTS, TOKEN, NasaHosts, client_environ

FIXTURES = Path(__file__).resolve().parents[2] / "src" / "nsidc" / "__fixtures__"
CASES = {c["name"]: c for c in json.loads((FIXTURES / "client-cases.json").read_text())}
CELLS = {c["name"]: c for c in json.loads((FIXTURES / "client-cells.json").read_text())}
#: Paging and order: how many granules an answer holds and in which order, not which.
PAGING = ("page_size", "page_num", "sort_key")
WHOLE_GLOBE = [(-180.0, -90.0, 180.0, 90.0)]
#: The parameters that differ when the icepyx cell states a limit (``code.ts`` ``IcepyxLimit``).
ICEPYX_LIMITS = {
    "icepyx has no file-name filter": {
        "readable_granule_name",
        "options[readable_granule_name][pattern]",
    },
    "a ring round a pole is not searched as drawn": {"polygon"},
    "icepyx needs a start and an end date": {"temporal"},
    "icepyx searches only the Earthdata Cloud copies": {"provider"},
    "icepyx takes one version spelling": {"version"},
    "icepyx searches one version: with none named, the latest": {"version"},
}


#: The searches whose stream cell runs: one granule from the on-premises host, one from
#: Earthdata Cloud, one found at both (the cloud copy kept), six on-premises v006 ones.
STREAM_CASES = (
    "box, NSIDC_ECS",
    "box, NSIDC_CPRD",
    "box, both providers",
    "tracks x cycles (6 patterns)",
)


@pytest.fixture(scope="module")
def cmr():
    """The fake CMR the panel's server searches."""
    with FakeCmr() as fake:
        yield fake


@pytest.fixture(scope="module")
def nasa():
    """The same catalogue as NASA's host names, for the clients."""
    with NasaHosts() as hosts:
        yield hosts


@pytest.fixture
def jp_server_config(cmr):
    return server_config(NsidcSearch={"cmr_url": cmr.url})


def cmr_query(params: dict[str, list[str]], catalogue) -> dict:
    """What a CMR granule query asks, whatever the spelling: ``[]`` lists merged, a
    collection's ``concept_id`` as its short name, version and provider, the version
    spellings CMR holds (one it does not hold matches nothing), numbers and times
    parsed, a whole-globe box as no area (CMR matches every granule with a
    footprint), ``options[spatial][or]`` dropped when there is one area at most;
    paging and order left out."""
    query: dict = {}
    for key, values in cmr_params(params).items():
        if key in PAGING:
            continue
        if key == "concept_id":
            for collection in (catalogue.by_id[v] for v in values):
                query.setdefault("short_name", set()).add(collection["short_name"])
                query.setdefault("version", set()).add(collection["version_id"])
                query.setdefault("provider", set()).add(collection["data_center"])
        elif key in ("bounding_box", "polygon"):
            query[key] = [tuple(float(v) for v in value.split(",")) for value in values]
        elif key == "temporal":
            query[key] = [
                tuple(parse_time(t) if t.strip() else None for t in value.split(","))
                for value in values
            ]
        else:
            query[key] = set(values)
    if "version" in query:
        names = query.get("short_name", set())
        held = {c["version_id"] for c in catalogue.collections if c["short_name"] in names}
        query["version"] &= held
    if query.get("bounding_box") == WHOLE_GLOBE:
        del query["bounding_box"]
    if len(query.keys() & {"bounding_box", "polygon"}) <= 1:
        query.pop("options[spatial][or]", None)
    return query


async def panel_search(jp_fetch, cmr, params: dict) -> tuple[dict, list[str], list[dict]]:
    """The route's first reply, the file names the panel lists (one per name, over
    every page) and the queries the route sent to CMR."""
    cmr.reset()
    first, names, after = None, [], None
    while True:
        response = await jp_fetch(
            "hackweek",
            "api",
            "cmr",
            "granules",
            params=params,
            headers={"CMR-Search-After": after} if after else {},
        )
        body = json.loads(response.body)
        first = first or body
        names += [g["name"] for g in body["granules"] if g["name"] not in names]
        after = response.headers.get("CMR-Search-After")
        if not after or not body["granules"]:
            break
    sent = [r["params"] for r in cmr.requests if r["path"] == "/search/granules.json"]
    return first, names, sent


def run_cell(
    nasa: NasaHosts, code: str, home: Path, isolated: bool = False
) -> tuple[subprocess.CompletedProcess, list]:
    """The cell run by ``python -c`` as it is (``isolated``: in ``NasaHosts.isolated``'s
    namespaces); what it printed and the granule queries it sent."""
    nasa.cmr.reset()
    argv = [sys.executable, "-c", code]
    result = subprocess.run(
        nasa.isolated(argv) if isolated else argv,
        env=client_environ(nasa, str(home)),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    sent = [r["params"] for r in nasa.cmr.requests if r["path"].startswith("/search/granules")]
    return result, sent


def printed_count(stdout: str) -> int | None:
    found = re.findall(r"^(\d+) granules$", stdout, re.MULTILINE)
    return int(found[-1]) if found else None


def report(capsys, client: str, case: dict, panel: dict, sent: list, count, panel_count: int):
    """One row of the table, printed even when the test passes."""
    with capsys.disabled():
        form = {k: v for k, v in case["form"].items() if v not in ("", None)}
        print(f"\n[{client}] {case['name']}\n  input:  {json.dumps(form)}")
        print(f"  panel:  {panel}  -> {panel_count} granules")
        print(f"  client: {sent[0] if sent else 'sent nothing'}  -> {count} granules")


@pytest.mark.parametrize("name", CASES)
async def test_the_earthaccess_cell_finds_what_the_panel_found(
    name, jp_fetch, cmr, nasa, tmp_path, capsys
):
    case, cell = CASES[name], CELLS[name]
    # Given the panel's search through the route
    reply, names, panel_sent = await panel_search(jp_fetch, cmr, cell["params"])
    # (the cell was made from this reply: the ring searched and the version CMR holds)
    assert {k: reply[k] for k in ("polygon", "versions")} == case["reply"]
    # When the inserted earthaccess cell runs as it is
    result, client_sent = run_cell(nasa, cell["earthaccess"], tmp_path)
    count = printed_count(result.stdout)
    report(capsys, "earthaccess", case, panel_sent[0], client_sent, count, len(names))
    assert result.returncode == 0, result.stderr[-3000:]
    # Then every query it sent asks CMR what the panel's route asked, parameter by parameter
    panel = cmr_query(panel_sent[0], cmr.catalogue)
    assert client_sent
    for sent in client_sent:
        assert cmr_query(sent, cmr.catalogue) == panel
    # And it prints the panel's count (one per file when both providers were searched)
    assert count == len(names)


@pytest.mark.parametrize("name", CASES)
async def test_the_icepyx_cell_finds_what_the_panel_found_or_says_why_not(
    name, jp_fetch, cmr, nasa, tmp_path, capsys
):
    case, cell = CASES[name], CELLS[name]
    reply, names, panel_sent = await panel_search(jp_fetch, cmr, cell["params"])
    # When the inserted icepyx cell runs as it is
    result, client_sent = run_cell(nasa, cell["icepyx"], tmp_path)
    # (icepyx raises when its search finds nothing; CMR refuses the ring icepyx
    # redraws from one round a pole, which the cell's comment owns up to)
    nothing = "Your search returned no results" in result.stderr
    stated = [words for words in ICEPYX_LIMITS if words in cell["icepyx"]]
    refused = "wrong order" in result.stderr and any("round a pole" in w for w in stated)
    count = 0 if nothing else printed_count(result.stdout)
    report(capsys, "icepyx", case, panel_sent[0], client_sent, count, len(names))
    assert result.returncode == 0 or nothing or refused, result.stderr[-3000:]
    # Then the parameters that differ from the panel's are exactly those the cell's
    # comments own up to (none: the same count as the panel)
    panel = cmr_query(panel_sent[0], cmr.catalogue)
    assert client_sent
    for sent in client_sent:
        client = cmr_query(sent, cmr.catalogue)
        differing = {k for k in panel.keys() | client.keys() if panel.get(k) != client.get(k)}
        assert differing == set().union(*(ICEPYX_LIMITS[words] for words in stated))
    if not stated:
        assert count == len(names)


def sample_segments() -> dict[str, int]:
    """Segments per beam group in the ATL06 sample, as h5py reads the file here."""
    with h5py.File(SAMPLE, "r") as h5:
        return {
            f"{beam}/land_ice_segments": h5[beam]["land_ice_segments"]["h_li"].shape[0]
            for beam in h5
            if beam.startswith("gt")
        }


@pytest.mark.parametrize("name", STREAM_CASES)
async def test_the_stream_cell_opens_each_granule_the_panel_listed(
    name, jp_fetch, cmr, nasa, tmp_path, capsys
):
    case, cell = CASES[name], CELLS[name]
    reply, names, panel_sent = await panel_search(jp_fetch, cmr, cell["params"])
    assert len(reply["granules"]) == len(names)
    nasa.data.requests.clear()
    # When the inserted stream cell runs as it is
    result, client_sent = run_cell(nasa, cell["stream"], tmp_path, isolated=True)
    opened = re.findall(r"^(\S+) (gt\w+/land_ice_segments) (\d+) segments$", result.stdout, re.M)
    count = printed_count(result.stdout)
    report(capsys, "stream", case, panel_sent[0], client_sent, count, len(names))
    with capsys.disabled():
        for granule in dict.fromkeys(f for f, _, _ in opened):
            beams = ", ".join(f"{g.split('/')[0]} {n}" for f, g, n in opened if f == granule)
            print(f"  opened: {granule}: {beams} segments")
    assert result.returncode == 0, result.stderr[-3000:]
    # Then it searched what the panel searched, and found the panel's granules
    panel = cmr_query(panel_sent[0], cmr.catalogue)
    assert client_sent
    for sent in client_sent:
        assert cmr_query(sent, cmr.catalogue) == panel
    assert count == len(names)
    # And it opened each granule the panel listed, each beam with the segments h5py
    # counts in the file the data host serves
    segments = sample_segments()
    assert sorted({granule for granule, _, _ in opened}) == sorted(names)
    for granule in names:
        assert {g: int(n) for f, g, n in opened if f == granule} == segments
    # Read from the data host of each link the panel lists (Earthdata Cloud's or the
    # on-premises one), with the Earthdata token, in range requests
    links = [urlsplit(link) for g in reply["granules"] for link in g["links"]]
    listed = {(link.hostname, link.path) for link in links if link.path.endswith(".h5")}
    asked = nasa.data.requests
    assert {(r["host"], r["path"]) for r in asked} == listed
    assert {host for host, _ in listed} <= set(DATA_HOSTS)
    assert {r["authorization"] for r in asked} == {f"Bearer {TOKEN}"}
    assert {r["path"] for r in asked if r["range"]} == {path for _, path in listed}
