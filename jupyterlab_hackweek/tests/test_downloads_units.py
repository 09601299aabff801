"""The pure pieces of the downloader: link checks, file names, .netrc, Retry-After."""

from __future__ import annotations

import email.utils
import netrc
import os
import time

import pytest

from jupyterlab_hackweek.downloads.config import DEFAULT_ALLOWED_HOSTS
from jupyterlab_hackweek.downloads.credentials import (
    Credential,
    find_credential,
    read_netrc,
    store_netrc,
)
from jupyterlab_hackweek.downloads.names import NameRefused, destination_folder, safe_name
from jupyterlab_hackweek.downloads.partial import looks_like_html
from jupyterlab_hackweek.outbound.policy import URLRefused, check_granule_url, follow
from jupyterlab_hackweek.outbound.transport import retry_after_seconds

ALLOWED = list(DEFAULT_ALLOWED_HOSTS)
REDIRECT = ["*.s3.us-west-2.amazonaws.com"]
ECS = "https://n5eil01u.ecs.nsidc.org/DP9/ATLAS/ATL06.006/2019.02.21/ATL06_x.h5"


def test_real_nsidc_links_are_accepted():
    assert check_granule_url(ECS, ALLOWED).host == "n5eil01u.ecs.nsidc.org"
    cloud = "https://data.nsidc.earthdatacloud.nasa.gov/nsidc-cumulus-prod-protected/ATL06/x.h5"
    assert check_granule_url(cloud, ALLOWED).port == 443


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1@192.168.1.1/path",
        "https://user:pass@n5eil01u.ecs.nsidc.org:123/foo",
        "https://169.254.169.254/",
        "https://[::1]/",
        "https://0x7f000001/",
        "https://localhost./",
        "http://n5eil01u.ecs.nsidc.org/x.h5",
        "https://N5EIL01U.ECS.NSIDC.ORG.evil/x",
        "http://127.0.0.1:8000/x.h5",
    ],
)
def test_ssrf_catalogue_is_refused(url):
    with pytest.raises(URLRefused):
        check_granule_url(url, ALLOWED)


def test_plain_http_only_to_loopback_and_only_when_allowed():
    assert check_granule_url("http://127.0.0.1:9/x", ["127.0.0.1:9"], True).scheme == "http"
    with pytest.raises(URLRefused):
        check_granule_url("http://127.0.0.1:9/x", ["127.0.0.1:9"], False)
    with pytest.raises(URLRefused):
        check_granule_url("http://10.0.0.1:9/x", ["10.0.0.1:9"], True)


def test_redirects_go_only_to_allowed_or_cloud_storage_hosts():
    s3 = "https://nsidc-cumulus-prod-protected.s3.us-west-2.amazonaws.com/x?X-Amz-Signature=1"
    assert follow(ECS, s3, ALLOWED, REDIRECT).host.endswith("amazonaws.com")
    assert follow(ECS, "/other/path.h5", ALLOWED, REDIRECT).host == "n5eil01u.ecs.nsidc.org"
    for location in (
        "http://169.254.169.254/latest/meta-data/",
        "https://localhost/x",
        "https://evil.example/?s3.us-west-2.amazonaws.com",
        "https://s3.us-west-2.amazonaws.com.evil.example/x",
    ):
        with pytest.raises(URLRefused):
            follow(ECS, location, ALLOWED, REDIRECT)


@pytest.mark.parametrize(
    "name,expected",
    [
        ("ATL06_20181013235645_02340114_209_01.h5", "ATL06_20181013235645_02340114_209_01.h5"),
        ("a/b\\c.h5", "a_b_c.h5"),
        ("../../etc/passwd", "_.._etc_passwd"),
        (".hidden", "hidden"),
        ("a\x00b\x1fc\u202e.h5", "abc.h5"),
        ("cafe\u0301.h5", "caf\u00e9.h5"),
    ],
)
def test_safe_names(name, expected):
    assert safe_name(name) == expected


def test_long_names_keep_their_extension():
    name = safe_name("x" * 400 + ".h5")
    assert len(name.encode()) == 255 and name.endswith(".h5")


@pytest.mark.parametrize("name", ["", "..", "\x00", " . ", 3])
def test_unusable_names_are_refused(name):
    with pytest.raises(NameRefused):
        safe_name(name)


def test_destination_stays_in_home(tmp_path):
    home = str(tmp_path)
    root = os.path.join(home, "data")
    assert destination_folder(root, "ATL06", "006", None, home) == f"{root}/ATL06/006"
    assert destination_folder(root, "A", "1", "proj/./x//", home) == f"{home}/proj/x"
    os.symlink("/etc", tmp_path / "out")
    for bad in ("../x", "/etc", "out", "a\\b", "a\x00"):
        with pytest.raises(NameRefused):
            destination_folder(root, "A", "1", bad, home)


PASSWORDS = ['p@ss w"rd#1', "back\\slash", "two  spaces", "#start", "plain", "ünïcødé €"]


@pytest.mark.parametrize("password", PASSWORDS)
def test_netrc_round_trip_with_special_characters(tmp_path, password):
    # Given a .netrc with other entries, When a password is stored, Then Python's netrc reads it
    path = tmp_path / ".netrc"
    path.write_text(
        "machine github.com login a password b\n"
        "machine urs.earthdata.nasa.gov\n  login old\n  password old\n"
        "machine example.org login c password d\n"
    )
    store_netrc(str(path), "urs.earthdata.nasa.gov", "me", password)
    parsed = netrc.netrc(str(path))
    assert parsed.authenticators("urs.earthdata.nasa.gov") == ("me", "", password)
    assert parsed.authenticators("github.com") == ("a", "", "b")
    assert parsed.authenticators("example.org") == ("c", "", "d")
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert [p.name for p in tmp_path.iterdir()] == [".netrc"]


def test_credential_order_and_secrecy(tmp_path):
    path = str(tmp_path / ".netrc")
    host = "urs.earthdata.nasa.gov"
    assert find_credential(path, host, {}) is None
    env = {"EARTHDATA_USERNAME": "u", "EARTHDATA_PASSWORD": "pw-env"}
    assert find_credential(path, host, env).source == "EARTHDATA_USERNAME"
    store_netrc(path, host, "me", "pw-netrc")
    assert find_credential(path, host, env).password == "pw-netrc"
    token = find_credential(path, host, {**env, "EARTHDATA_TOKEN": "tok-123"})
    assert token.login_header() == "Bearer tok-123" and token.kind == "token"
    assert "tok-123" not in repr(token) and "pw" not in repr(Credential("netrc", "me", "pw"))
    assert "pw-netrc" not in str(find_credential(path, host, {}).public())
    assert read_netrc(str(tmp_path / "missing"), host) is None


def test_html_pages_are_recognised():
    assert looks_like_html(b"  \n<!DOCTYPE html><html>")
    assert looks_like_html(b"<HTML><body>Earthdata Login")
    assert not looks_like_html(b"\x89HDF\r\n\x1a\n")


def test_retry_after_in_seconds_or_as_a_date():
    assert retry_after_seconds("7") == 7
    later = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 25 < retry_after_seconds(later) <= 30
    assert retry_after_seconds(None, 5) == 5 and retry_after_seconds("soon", 4) == 4
