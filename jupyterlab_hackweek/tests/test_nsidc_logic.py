"""The data search's pure modules: field validation, ICESat-2 names, normalising CMR replies."""

import json
import math
from pathlib import Path

import pytest
from traitlets import TraitError

from jupyterlab_hackweek.nsidc import icesat2, normalize, params
from jupyterlab_hackweek.nsidc.service import NsidcSearch, cmr_message

DATA = Path(__file__).parent / "data" / "cmr"
ERRORS = DATA / "errors_transcribed_from_issues"


def entries(name):
    body = json.loads((DATA / name).read_text())
    return body if isinstance(body, list) else body["feed"]["entry"]


def test_version_spellings():
    # Given "6" or "006", When spelled for CMR, Then every spelling is sent
    assert params.version_spellings("6") == ["6", "06", "006"]
    assert params.version_spellings("006") == ["6", "06", "006"]
    assert params.version_spellings("2.0") == ["2.0"]


def test_granule_query_is_built_from_fields_only():
    query = params.granule_query(
        {
            "short_name": "ATL06",
            "version": "005",
            "provider": "NSIDC_ECS",
            "temporal": "2019-02-20T10:00:00+02:00,2019-02-24",
            "bounding_box": "170,-80,-170,-60",
        }
    )
    assert query == [
        ("short_name", "ATL06"),
        ("version", "5"),
        ("version", "05"),
        ("version", "005"),
        ("provider", "NSIDC_ECS"),
        ("temporal[]", "2019-02-20T08:00:00Z,2019-02-24T23:59:59Z"),
        ("bounding_box", "170,-80,-170,-60"),  # W > E: across the antimeridian, allowed
        ("page_size", "100"),
        ("sort_key[]", "start_date"),
    ]


def test_open_ended_time_range():
    assert params.parse_temporal("2019-01-01,") == "2019-01-01T00:00:00Z,"


@pytest.mark.parametrize(
    "value, text",
    [(-86.123456789, "-86.123456789"), (70.0, "70"), (1e-05, "0.00001"), (-0.0, "0")],
)
def test_coordinates_keep_every_digit_and_no_exponent(value, text):
    assert params.coordinate(value) == text


def test_clockwise_polygon_is_reversed_and_closed():
    assert params.parse_polygon("-50,70,-40,70,-40,60,-50,60") == (
        "-50,70,-50,60,-40,60,-40,70,-50,70"
    )


@pytest.mark.parametrize(
    "counter_clockwise",
    [
        "0,70,90,70,180,70,-90,70,0,70",  # eastward round the North Pole
        "0,-70,-90,-70,180,-70,90,-70,0,-70",  # westward round the South Pole
        "170,60,-170,60,-170,70,170,70,170,60",  # across the antimeridian
    ],
)
def test_a_ring_is_wound_round_its_smaller_side_even_round_a_pole(counter_clockwise):
    # Given a ring CMR accepts, in its order and in the reverse order
    values = counter_clockwise.split(",")
    pairs = [values[i : i + 2] for i in range(0, len(values), 2)]
    reverse = ",".join(",".join(pair) for pair in reversed(pairs))
    # Then both come out counter-clockwise round the small side (the pole's cap)
    assert params.parse_polygon(counter_clockwise) == counter_clockwise
    assert params.parse_polygon(reverse) == counter_clockwise


def test_left_area_of_a_polar_cap():
    ring = [(0, 70), (90, 70), (180, 70), (-90, 70), (0, 70)]
    cap = 2 * math.pi * (1 - math.sin(math.radians(70)))
    assert params.left_area(ring) == pytest.approx(cap, rel=0.2)
    assert params.left_area(ring[::-1]) == pytest.approx(4 * math.pi - cap, rel=0.05)


@pytest.mark.parametrize(
    "product,rgts,cycles,expected",
    [
        ("ATL06", [841], [2], ["ATL06_??????????????_084102??_*"]),
        ("atl03", [], [12], ["ATL03_??????????????_????12??_*"]),
        ("ATL07", [5], [], ["ATL07-??_??????????????_0005????_*"]),
        ("ATL10", [1387], [99], ["ATL10-??_??????????????_138799??_*"]),
        ("ATL11", [54], [], ["ATL11_0054??_*"]),
    ],
)
def test_track_patterns(product, rgts, cycles, expected):
    assert icesat2.track_patterns(product, rgts, cycles) == expected


def test_atl11_refuses_a_cycle_filter():
    with pytest.raises(ValueError, match="ATL11"):
        icesat2.track_patterns("ATL11", [1], [3])


def test_too_many_track_cycle_combinations():
    with pytest.raises(params.InvalidQuery, match="limit is 2000"):
        params.granule_query({"short_name": "ATL06", "rgt": "1-1387", "cycle": "1-2"})


@pytest.mark.parametrize(
    "name,fields",
    [
        (
            "ATL06_20190221121851_08410203_005_01.h5",
            {
                "product": "ATL06",
                "rgt": 841,
                "cycle": 2,
                "region": 3,
                "release": "005",
                "version": "01",
                "start": "2019-02-21T12:18:51Z",
            },
        ),
        (
            "ATL07-01_20190221121851_08410201_006_02.h5",
            {"product": "ATL07", "hemisphere": "01", "rgt": 841, "cycle": 2, "region": 1},
        ),
        (
            "ATL11_005411_0315_006_06.h5",
            {"product": "ATL11", "rgt": 54, "region": 11, "cycle": None, "cycles": [3, 15]},
        ),
    ],
)
def test_parse_name(name, fields):
    parsed = icesat2.parse_name(name)
    assert {k: parsed[k] for k in fields} == fields


def test_parse_name_other_products():
    assert icesat2.parse_name("MOD10A1.A2025090.h00v08.061.2025092084020.hdf") is None


def test_real_atl03_granule_normalised():
    [entry] = entries("atl03_v005_granule_nsidc_ecs.json")
    granule = normalize.granule(entry)
    assert granule["name"] == "ATL03_20221012161617_03351705_005_01.h5"
    assert granule["title"] != granule["name"]  # NSIDC_ECS titles are internal ids
    assert granule["sizeMB"] == pytest.approx(589.2875518799)
    # the record also files its .iso.xml as data#: only the HDF5 file is offered
    assert granule["links"] == [
        "https://n5eil01u.ecs.nsidc.org/DP5/ATLAS/ATL03.005/2022.10.12/"
        "ATL03_20221012161617_03351705_005_01.h5"
    ]
    # polygons were "lat lon", now [lon, lat]
    assert granule["polygons"][0][0] == pytest.approx([-138.71702341899868, 82.5525316835928])
    assert granule["icesat2"]["rgt"] == 335 and granule["icesat2"]["cycle"] == 17


def test_icepyx_total_size_oracle():
    # icepyx expects 92.9867897033 MB in total for these two real granules
    granules = [normalize.granule(e) for e in entries("atl06_v003_two_granule_entries_icepyx.json")]
    assert sum(g["sizeMB"] for g in granules) == pytest.approx(92.9867897033)


def test_cloud_links_split_and_inherited_skipped():
    [entry] = entries("nsidc_cprd_mod10a1_granule_cloud_links.json")
    outside = normalize.granule(entry, in_aws=False)
    assert outside["links"] == [
        "https://data.nsidc.earthdatacloud.nasa.gov/nsidc-cumulus-prod-protected/MODIS/MOD10A1/"
        "61/2025/03/31/MOD10A1.A2025090.h00v08.061.2025092084020.hdf"
    ]
    assert outside["s3Links"] == [
        "s3://nsidc-cumulus-prod-protected/MODIS/MOD10A1/61/2025/03/31/"
        "MOD10A1.A2025090.h00v08.061.2025092084020.hdf"
    ]
    assert outside["cloudHosted"] and not outside["s3Usable"]
    assert normalize.granule(entry, in_aws=True)["s3Usable"]


def test_plain_http_data_links_only_from_a_loopback_test_server():
    # Given data links over plain http: a loopback test server's and an outside host's
    data = "http://esipfed.org/ns/fedsearch/1.1/data#"
    hrefs = [
        "http://127.0.0.1:8700/DP7/ATLAS/x.h5",
        "http://localhost/x.h5",
        "http://n5eil01u.ecs.nsidc.org/x.h5",
        "http://127.0.0.1.evil.example/x.h5",
    ]
    entry = {"producer_granule_id": "x.h5", "links": [{"rel": data, "href": h} for h in hrefs]}
    # Then only the loopback ones are offered (the test site's fake NSIDC data server)
    assert normalize.granule(entry)["links"] == hrefs[:2]


def test_deduplicate_keeps_the_cloud_copy():
    [ecs] = entries("atl06_v005_granule_nsidc_ecs.json")
    cloud = {**ecs, "data_center": "NSIDC_CPRD", "id": "G-cloud"}
    kept = normalize.deduplicate([normalize.granule(ecs), normalize.granule(cloud)])
    assert [(g["id"], g["providers"]) for g in kept] == [("G-cloud", ["NSIDC_ECS", "NSIDC_CPRD"])]


def test_collections_versions_latest_first():
    feed = {
        "feed": {
            "entry": [
                {
                    "short_name": "ATL06",
                    "version_id": v,
                    "dataset_id": f"T{v}",
                    "data_center": "NSIDC_ECS",
                    "id": f"C{v}",
                }
                for v in ("005", "006", "003")
            ]
        }
    }
    result = normalize.collections(feed)
    assert result["versions"] == {"ATL06": ["006", "005", "003"]}
    assert [c["version"] for c in result["collections"]] == ["006", "005", "003"]


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254",  # plain http to a remote address
        "http://[::1]@192.168.1.1",  # userinfo hiding the real host
        "https://user:pass@cmr.earthdata.nasa.gov",
        "https://cmr.earthdata.nasa.gov/?next=http://evil",
        "file:///etc/passwd",
        "ftp://cmr.earthdata.nasa.gov",
    ],
)
def test_cmr_url_refuses_anything_but_https_or_loopback(url):
    with pytest.raises(TraitError):
        NsidcSearch(cmr_url=url)


def test_cmr_url_accepts_https_and_loopback_http():
    assert NsidcSearch().cmr_url == "https://cmr.earthdata.nasa.gov"
    assert NsidcSearch(cmr_url="https://cmr.uat.earthdata.nasa.gov/").cmr_url == (
        "https://cmr.uat.earthdata.nasa.gov"
    )
    assert NsidcSearch(cmr_url="http://127.0.0.1:8765").cmr_url == "http://127.0.0.1:8765"


def test_cmr_error_bodies_become_messages():
    body = (ERRORS / "granule_query_without_collection.json").read_bytes()
    assert cmr_message(body, 400).startswith(
        "NASA CMR refused the search: The CMR does not allow querying across granules"
    )
    assert cmr_message(b"<html>oops</html>", 503) == (
        "NASA CMR failed (HTTP 503): no error message"
    )
