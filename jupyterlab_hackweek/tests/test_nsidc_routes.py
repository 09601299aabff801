"""The CMR routes against the in-process fake CMR (real recorded responses)."""

import json
from pathlib import Path

import pytest

from jupyterlab_hackweek.tests.conftest import server_config
from jupyterlab_hackweek.tests.fake_cmr import FakeCmr

from .contract import record


@pytest.fixture(scope="module")
def cmr():
    with FakeCmr() as fake:
        yield fake


@pytest.fixture(autouse=True)
def fresh(cmr):
    cmr.reset()


@pytest.fixture
def jp_server_config(cmr):
    return server_config(
        NsidcSearch={"cmr_url": cmr.url, "max_retry_wait": 0.05, "backoff": 0.01},
    )


@pytest.fixture
def fetch(jp_fetch):
    """GET a CMR route: ``(status, JSON body, response headers)``."""

    async def get(route, headers=None, **params):
        response = await jp_fetch(
            "hackweek",
            "api",
            "cmr",
            route,
            params=params,
            headers=headers or {},
            raise_error=False,
        )
        return response.code, json.loads(response.body or b"null"), response.headers

    return get


ERRORS = Path(__file__).parent / "data" / "cmr" / "errors_transcribed_from_issues"
ATL06_V005 = {
    "short_name": "ATL06",
    "version": "5",
    "bounding_box": "-60,60,-40,80",
    "temporal": "2019-02-20,2019-02-22",
}


async def test_atl06_v005_search_returns_the_real_granule(fetch, cmr):
    # Given the recorded ATL06 v005 granule over Greenland on 2019-02-21
    # When searching ATL06 version 5 over a box and two days on the on-premises provider
    status, body, headers = await fetch("granules", provider="NSIDC_ECS", **ATL06_V005)
    # Then the real granule comes back with its file name, size and https link
    assert status == 200
    record("cmr-granules", body)
    assert headers["CMR-Hits"] == "1"
    [granule] = body["granules"]
    assert granule["name"] == "ATL06_20190221121851_08410203_005_01.h5"
    assert granule["id"] == "G2159085058-NSIDC_ECS"
    assert granule["sizeMB"] == pytest.approx(59.1940822601)
    assert granule["sizeBytes"] == round(59.1940822601 * 1024 * 1024)
    assert granule["links"] == [
        "https://n5eil01u.ecs.nsidc.org/DP7/ATLAS/ATL06.005/2019.02.21/"
        "ATL06_20190221121851_08410203_005_01.h5"
    ]
    assert granule["icesat2"]["rgt"] == 841 and granule["icesat2"]["cycle"] == 2
    assert granule["polygons"][0][0] == pytest.approx([-47.899339089543176, 58.62975669572381])
    # And CMR got every version spelling, the Client-Id and the structured query
    sent, looked_up = cmr.requests
    assert sent["params"]["version"] == ["5", "05", "005"]
    assert sent["params"]["temporal[]"] == ["2019-02-20T00:00:00Z,2019-02-22T23:59:59Z"]
    assert sent["headers"]["Client-Id"] == "jupyterlab-hackweek"
    # And the reply names the spelling CMR holds (asked of its collections), for the code cell
    assert body["versions"] == ["005"]
    assert looked_up["path"] == "/search/collections.json"
    assert looked_up["params"]["version"] == ["5", "05", "005"]


@pytest.mark.parametrize(
    "typed, versions",
    [("6", ["006"]), ("006", ["006"]), ("06", ["006"]), ("9", ["9", "09", "009"]), ("", None)],
)
async def test_the_reply_names_the_version_cmr_matched(fetch, typed, versions):
    # Given ATL06 held as 003, 005 and 006
    # When searching a typed version (or none)
    status, body, _ = await fetch("granules", short_name="ATL06", version=typed, page_size="1")
    # Then the reply names the spelling CMR holds; every spelling searched when it holds none
    assert status == 200 and body["versions"] == versions


async def test_both_providers_give_one_granule_per_file(fetch):
    # Given ATL06 v005 held on-premises and in the cloud
    # When searching without a provider
    status, body, headers = await fetch("granules", **ATL06_V005)
    # Then CMR counts both, but the list holds the file once, the cloud copy, with both providers
    assert status == 200 and headers["CMR-Hits"] == "2"
    [granule] = body["granules"]
    assert granule["provider"] == "NSIDC_CPRD"
    assert sorted(granule["providers"]) == ["NSIDC_CPRD", "NSIDC_ECS"]
    assert granule["s3Links"][0].startswith("s3://nsidc-cumulus-prod-protected/")
    assert granule["s3Usable"] is False
    assert all(link.startswith("https://") for link in granule["links"])


async def test_ten_thousand_granules_paged_exactly_once(fetch):
    # Given 10,000 ATL06 v006 granules
    seen, after, pages = [], None, 0
    while True:
        # When paging with page_size 2000 and the CMR-Search-After header handed back
        headers = {"CMR-Search-After": after} if after else {}
        status, body, reply_headers = await fetch(
            "granules", headers=headers, short_name="ATL06", version="006", page_size="2000"
        )
        assert status == 200 and reply_headers["CMR-Hits"] == "10000"
        seen += [g["name"] for g in body["granules"]]
        pages += 1
        after = reply_headers.get("CMR-Search-After")
        if not after or not body["granules"]:
            break
    # Then all 10,000 came back, each exactly once, in 5 pages and the empty one that
    # ends a search (CMR hands a paging token back with every page that holds granules)
    assert pages == 6 and after is None
    assert len(seen) == 10_000 and len(set(seen)) == 10_000


async def test_track_and_cycle_become_file_name_patterns(fetch, cmr):
    # When filtering ATL06 v006 by tracks 1 and 2 and cycle 3
    status, body, _ = await fetch("granules", short_name="ATL06", version="6", rgt="1,2", cycle="3")
    # Then only those tracks of that cycle come back, via readable_granule_name patterns
    assert status == 200
    assert sorted((g["icesat2"]["rgt"], g["icesat2"]["cycle"]) for g in body["granules"]) == [
        (1, 3),
        (2, 3),
    ]
    assert cmr.requests[0]["params"]["readable_granule_name[]"] == [
        "ATL06_??????????????_000103??_*",
        "ATL06_??????????????_000203??_*",
    ]
    assert cmr.requests[0]["params"]["options[readable_granule_name][pattern]"] == ["true"]


async def test_long_queries_are_posted(fetch, cmr):
    # When 200 tracks make a query string longer than 6,000 characters
    status, body, headers = await fetch(
        "granules", short_name="ATL06", version="6", rgt="1-200", cycle="3", page_size="2000"
    )
    # Then the query went to CMR as a form POST and the answer is complete
    assert status == 200 and headers["CMR-Hits"] == "200"
    assert cmr.requests[0]["method"] == "POST"
    assert len(cmr.requests[0]["params"]["readable_granule_name[]"]) == 200


async def test_collections_nsidc_versions_latest_first(fetch, cmr):
    # When typing "ATL0" in the product box
    status, body, _ = await fetch("collections", keyword="ATL0")
    record("cmr-collections", body)
    # Then NSIDC ICESat-2 products come back, with versions latest first, and no other provider
    assert status == 200
    assert {c["provider"] for c in body["collections"]} == {"NSIDC_ECS", "NSIDC_CPRD"}
    assert body["versions"]["ATL06"] == ["006", "005", "003"]
    atl06 = [c for c in body["collections"] if c["conceptId"] == "C2144439155-NSIDC_ECS"]
    assert atl06[0]["title"] == "ATLAS/ICESat-2 L3A Land Ice Height V005"
    assert cmr.requests[0]["params"]["keyword"] == ["ATL0*"]
    # And a second look-up is served from the cache
    await fetch("collections", keyword="ATL0")
    assert len(cmr.requests) == 1


@pytest.mark.parametrize("typed", ["land ice", "Ice LAND", "land  ic"])
async def test_products_found_by_the_words_of_their_title(fetch, cmr, typed):
    # When typing words of a product's title, in any order and case, the last one unfinished
    status, body, _ = await fetch("collections", keyword=typed)
    # Then CMR is asked for every word (the last one a prefix)...
    assert status == 200
    words = typed.split()
    assert cmr.requests[-1]["params"]["keyword"] == [" ".join([*words[:-1], words[-1] + "*"])]
    # ...and the products whose titles hold them all come back: ATL06 "Land Ice Height" and
    # ATL11 "...Land Ice Height Time Series"; not "Sea Ice" (ATL07, ATL10) nor ATL03's photons
    names = {c["shortName"] for c in body["collections"]}
    assert {"ATL06", "ATL11"} <= names
    assert names.isdisjoint({"ATL03", "ATL07", "ATL10", "MOD10A1"})


async def test_short_names_still_find_their_product(fetch):
    # When typing a short name
    _, body, _ = await fetch("collections", keyword="atl06")
    # Then that product alone comes back, at each of its versions
    assert {c["shortName"] for c in body["collections"]} == {"ATL06"}
    assert body["versions"]["ATL06"] == ["006", "005", "003"]


BAD = [
    ("granules", {"short_name": ""}, "product"),
    ("granules", {"short_name": "ATL06", "temporal": "2019-03-01,2019-02-01"}, "before"),
    ("granules", {"short_name": "ATL06", "temporal": "yesterday,today"}, "not a date"),
    ("granules", {"short_name": "ATL06", "bounding_box": "-50,-91,-40,80"}, "Latitude -91"),
    ("granules", {"short_name": "ATL06", "bounding_box": "-181,60,-40,80"}, "Longitude -181"),
    ("granules", {"short_name": "ATL06", "bounding_box": "1,2,3"}, "wrong number"),
    ("granules", {"short_name": "ATL06", "rgt": "1388"}, "1388 is outside 1-1387"),
    ("granules", {"short_name": "ATL06", "rgt": "0"}, "outside 1-1387"),
    ("granules", {"short_name": "ATL06", "cycle": "100"}, "outside 1-99"),
    ("granules", {"short_name": "ATL06", "provider": "POCLOUD"}, "NSIDC_ECS"),
    ("granules", {"short_name": "ATL06", "page_size": "2001"}, "1 to 2000"),
    ("granules", {"short_name": "ATL06", "page_size": "0"}, "1 to 2000"),
    ("granules", {"short_name": "MOD10A1", "rgt": "5"}, "ICESat-2"),
    ("granules", {"short_name": "ATL06", "name": "a'b"}, "file-name pattern"),
    ("granules", {"short_name": "ATL06", "polygon": "0,0,1,1"}, "three"),
    ("collections", {"provider": "NSIDC_ECS,LPCLOUD"}, "NSIDC_ECS"),
    ("collections", {"page_size": "5000"}, "1 to 2000"),
    ("collections", {"keyword": "<script>"}, "keyword"),
    ("collections", {"keyword": "a?" * 31}, "at most 30 wildcards"),
    ("collections", {"version": "5'; drop"}, "not a version"),
]


@pytest.mark.parametrize("route,params,words", BAD)
async def test_bad_input_is_400_json_and_never_reaches_cmr(fetch, cmr, route, params, words):
    # When a field is wrong
    status, body, _ = await fetch(route, **params)
    # Then a 400 JSON message says what, and CMR was not asked
    assert status == 400
    record("error-refused", body)
    assert words in body["message"]
    assert cmr.requests == []


async def test_bad_search_after_header_is_400(fetch, cmr):
    status, body, _ = await fetch(
        "granules", headers={"CMR-Search-After": "not json"}, short_name="ATL06"
    )
    assert status == 400 and "CMR-Search-After" in body["message"]
    assert cmr.requests == []


@pytest.mark.parametrize("route", ["granules", "collections"])
@pytest.mark.parametrize("host", [None, "127.0.0.1:1", "localhost"])
async def test_no_route_can_be_pointed_elsewhere(fetch, cmr, route, host):
    # Given a client naming other hosts in every way it can, and maybe a spoofed local Host
    params = {
        "short_name": "ATL06",
        "version": "5",
        "provider": "NSIDC_ECS",
        "cmr_url": "http://169.254.169.254/",
        "host": "127.0.0.1@192.168.1.1",
        "url": "http://[::1]:1/search",
        "base_url": "http://0x7f000001/",
    }
    # When it searches
    status, _, _ = await fetch(route, headers={"Host": host} if host else None, **params)
    # Then the configured CMR answered and no other host was named in what it received
    assert status == 200
    # (the granules route also asks the collections which version spelling CMR holds)
    assert cmr.requests[0]["path"] == f"/search/{route}.json"
    for sent in cmr.requests:
        assert sent["path"] in ("/search/granules.json", "/search/collections.json")
        assert set(sent["params"]) <= {
            "short_name",
            "version",
            "provider",
            "page_size",
            "sort_key[]",
        }
        assert sent["headers"]["Host"] == cmr.url.removeprefix("http://")


async def test_a_remote_host_header_is_refused_before_cmr(fetch, cmr):
    # When the Host header names a remote machine, Then jupyter_server refuses; CMR is not asked
    status, _, _ = await fetch("granules", headers={"Host": "169.254.169.254"}, short_name="ATL06")
    assert status == 403
    assert cmr.requests == []


async def test_cmr_errors_become_a_clear_message(fetch, cmr):
    # Given CMR answering its real "wrong order" polygon error
    cmr.enqueue(400, (ERRORS / "polygon_clockwise_400.json").read_bytes())
    # When searching
    status, reply, _ = await fetch("granules", short_name="ATL06")
    # Then the route answers 400 with CMR's own words, not a traceback
    assert status == 400
    assert reply["message"] == (
        "NASA CMR refused the search: The polygon boundary points are listed in the wrong "
        "order. Points must be provided in counter-clockwise order."
    )


async def test_a_clockwise_polygon_is_turned_before_cmr_sees_it(fetch, cmr):
    # When the user's polygon is clockwise (the fake answers CMR's 400 to clockwise rings)
    ring = "-50.123456789012,70,-40,70,-40,60,-50.123456789012,60"
    status, body, _ = await fetch("granules", short_name="ATL06", version="5", polygon=ring)
    # Then the search succeeds with the ring closed and reversed, every digit kept
    assert status == 200
    searched = "-50.123456789012,70,-50.123456789012,60,-40,60,-40,70,-50.123456789012,70"
    assert cmr.requests[0]["params"]["polygon"] == [searched]
    # And the reply gives the front end that very ring (it does not orient rings itself)
    assert body["polygon"] == [
        [-50.123456789012, 70],
        [-50.123456789012, 60],
        [-40, 60],
        [-40, 70],
        [-50.123456789012, 70],
    ]


async def test_a_search_without_a_polygon_replies_none(fetch, cmr):
    status, body, _ = await fetch("granules", short_name="ATL06")
    assert status == 200 and body["polygon"] is None


async def test_cmr_5xx_is_a_502_after_bounded_retries(fetch, cmr):
    cmr.enqueue(503, {"errors": ["Service Unavailable"]}, times=10)
    status, body, _ = await fetch("granules", short_name="ATL06")
    assert status == 502 and "Service Unavailable" in body["message"]
    assert len(cmr.requests) == 4  # the first try and 3 retries


async def test_429_is_retried_after_retry_after(fetch, cmr):
    # Given CMR throttling once with Retry-After
    cmr.enqueue(429, {"errors": ["Too many requests"]}, {"Retry-After": "1"})
    # When searching
    status, body, _ = await fetch("granules", short_name="ATL06", version="5", provider="NSIDC_ECS")
    # Then the route retried (waiting at most max_retry_wait) and got the answer
    assert status == 200 and len(body["granules"]) == 1
    assert [r["path"] for r in cmr.requests][:2] == ["/search/granules.json"] * 2


async def test_unreachable_cmr_is_a_502_json(fetch, jp_serverapp):
    # Given a CMR address where nothing listens
    search = jp_serverapp.web_app.settings["hackweek_nsidc"]
    search.cmr_url = "http://127.0.0.1:9"
    # When searching
    status, body, _ = await fetch("granules", short_name="ATL06")
    # Then a 502 JSON message says CMR could not be reached
    assert status == 502
    assert body["message"].startswith("NASA CMR could not be reached")


async def test_slow_cmr_is_a_504_json(fetch, jp_serverapp, cmr):
    # Given a CMR that does not answer in time (the route's timeout made tiny)
    search = jp_serverapp.web_app.settings["hackweek_nsidc"]
    search.timeout = 0.2
    cmr.enqueue(200, {"feed": {"entry": []}}, delay=1.0)
    status, body, _ = await fetch("granules", short_name="ATL06")
    assert status == 504 and "did not answer" in body["message"]
    record("error-cmr-timeout", body)


async def test_partial_results_are_flagged(fetch, cmr):
    # Given CMR stopping early with CMR-Timed-Out (a recorded ATL06 page)
    page = (Path(__file__).parent / "data/cmr/atl06_v005_granule_nsidc_ecs.json").read_bytes()
    cmr.enqueue(200, page, {"CMR-Hits": "1", "CMR-Timed-Out": "true"})
    # When searching, Then the page is served and flagged as possibly partial
    status, body, _ = await fetch("granules", short_name="ATL06")
    assert status == 200 and body["timedOut"] is True
    assert [g["name"] for g in body["granules"]] == ["ATL06_20190221121851_08410203_005_01.h5"]


async def test_a_cmr_redirect_is_not_followed(fetch, cmr):
    # Given CMR redirecting to the cloud metadata address
    cmr.enqueue(302, b"", {"Location": "http://169.254.169.254/latest/meta-data/"})
    # When searching, Then the route answers 502 and made no second request
    status, body, _ = await fetch("granules", short_name="ATL06")
    assert status == 502 and "redirect" in body["message"]
    assert len(cmr.requests) == 1
