"""Shared browser, pure modules: path policy, paged listings at 100,000 entries, descriptions."""

import json
import os
import time

import pytest

from jupyterlab_hackweek.shared import listing
from jupyterlab_hackweek.shared.describe import folder_size, read_description
from jupyterlab_hackweek.shared.paths import PathRefused, resolve, split_client_path

from .fixture_shared import granule_name, make_many


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("../../etc/passwd", 400),
        ("/etc/passwd", 400),
        ("a\x00b", 400),
        ("C:\\x", 400),
        ("a\\b", 400),
        ("a/" * 2049, 400),
        ("n" * 256, 400),
        (".hidden", 404),
        (".hidden/x.txt", 404),
        ("a/../../shared-evil", 400),
    ],
)
def test_bad_client_paths_are_refused(tmp_path, path, status):
    # Given a root, When a hostile client path is resolved, Then a refusal with a 4xx status
    with pytest.raises(PathRefused) as refused:
        resolve(str(tmp_path), path, allow_hidden=False)
    assert refused.value.status == status
    assert refused.value.message


def test_dot_and_double_slashes_are_normalised():
    # Given 'a/./b//c', When split, Then it means a/b/c
    assert split_client_path("a/./b//c", allow_hidden=False) == ["a", "b", "c"]
    assert split_client_path("", allow_hidden=False) == []


def test_hidden_names_allowed_when_the_server_allows_them(tmp_path):
    # Given allow_hidden, When '.hidden/x' is resolved, Then it is accepted
    assert resolve(str(tmp_path), ".hidden/x", allow_hidden=True).relative == ".hidden/x"


def test_symlink_to_prefix_sibling_is_refused(tmp_path):
    # Given shared/ and shared-evil/, and a link inside shared/ to shared-evil/
    root, evil = tmp_path / "shared", tmp_path / "shared-evil"
    root.mkdir()
    evil.mkdir()
    (evil / "secret.txt").write_text("secret")
    (root / "out").symlink_to(evil)
    # When it is resolved, Then 403, although the string prefix matches
    with pytest.raises(PathRefused) as refused:
        resolve(str(root), "out/secret.txt", allow_hidden=False)
    assert refused.value.status == 403


def test_listing_marks_links_out_and_skips_loops_hidden(tmp_path):
    # Given a folder with every kind of hostile entry
    root, evil = tmp_path / "shared", tmp_path / "shared-evil"
    root.mkdir()
    evil.mkdir()
    (evil / "secret.txt").write_text("secret")
    (root / "data").mkdir()
    (root / "file.txt").write_text("x")
    (root / "link-in").symlink_to(root / "data")
    (root / "link-out-file").symlink_to(evil / "secret.txt")
    (root / "link-out-dir").symlink_to(evil)
    (root / "loop").symlink_to(root / "loop")
    (root / ".hidden").mkdir()
    os.mkfifo(root / "pipe")
    (root / "caf\u00e9.txt").write_text("nfc")
    (root / "cafe\u0301.txt").write_text("nfd")
    # When it is listed
    scanned = listing.scan_folder(str(root), str(root), allow_hidden=False)
    entries = {e.name: e.type for e in scanned}
    # Then links out are symlink-out, the loop and hidden entry are gone, the FIFO is 'other'
    assert entries == {
        "data": "directory",
        "file.txt": "file",
        "link-in": "directory",
        "link-out-file": "symlink-out",
        "link-out-dir": "symlink-out",
        "pipe": "other",
        "caf\u00e9.txt": "file",
        "cafe\u0301.txt": "file",
    }


def test_entry_vanishing_during_scan_is_skipped(tmp_path, monkeypatch):
    # Given a file that disappears between scandir and stat
    (tmp_path / "stays").write_text("x")
    (tmp_path / "goes").write_text("x")
    real_entry = listing._entry

    def vanish(item, root, allow_hidden):
        if item.name == "goes":
            os.unlink(item.path)
        return real_entry(item, root, allow_hidden)

    monkeypatch.setattr(listing, "_entry", vanish)
    # When listed, Then it is skipped silently
    names = [e.name for e in listing.scan_folder(str(tmp_path), str(tmp_path), allow_hidden=False)]
    assert names == ["stays"]


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    folder = tmp_path_factory.mktemp("shared") / "many"
    make_many(folder, 100_000)
    (folder / "sub").mkdir()
    (folder / "sub" / "one").write_text("1")
    return folder


def test_hundred_thousand_files_first_page(many):
    # Given 100,000 files, When the first page is asked for
    cache = listing.ListingCache()
    start = time.monotonic()
    reply = listing.page(cache, str(many), str(many.parent), limit=200)
    first = time.monotonic() - start
    # Then 200 rows, the total, folders first with their item count
    assert reply["total"] == 100_001
    assert len(reply["entries"]) == 200
    assert reply["entries"][0] == {
        "name": "sub",
        "type": "directory",
        "size": None,
        "modified": reply["entries"][0]["modified"],
        "items": 1,
        "items_capped": False,
    }
    assert reply["entries"][1]["name"] == granule_name(0)
    assert first < 10
    # And a later page comes from the cache, much faster than the scan
    start = time.monotonic()
    later = listing.page(cache, str(many), str(many.parent), offset=50_000, limit=200)
    assert time.monotonic() - start < max(0.5, first / 2)
    assert later["entries"][0]["name"] == granule_name(49_999)


def test_filter_narrows_to_one_file(many):
    # When filtered by a substring or a glob, case-insensitively, Then one file
    cache = listing.ListingCache()
    for pattern in ("GRANULE_054321", "*054321.h5", "granule_05432?.H5"):
        reply = listing.page(cache, str(many), str(many.parent), filter=pattern)
        names = [e["name"] for e in reply["entries"]]
        assert reply["total"] == (10 if "?" in pattern else 1)
        assert granule_name(54_321) in names


def test_sort_by_size(many):
    # When sorted by size, descending and ascending, Then the sized files come first/last
    cache = listing.ListingCache()
    down = listing.page(cache, str(many), str(many.parent), sort="-size", limit=3)
    assert [e["name"] for e in down["entries"]] == [
        "sub",
        granule_name(9),
        granule_name(8),
    ]
    assert down["entries"][1]["size"] == 10_000
    up = listing.page(cache, str(many), str(many.parent), sort="size", limit=2)
    assert [e["name"] for e in up["entries"]] == ["sub", granule_name(10)]
    last = listing.page(cache, str(many), str(many.parent), sort="size", offset=100_000)
    assert [e["name"] for e in last["entries"]] == [granule_name(9)]


def test_unknown_sort_is_an_error(many):
    with pytest.raises(ValueError, match="Sort by one of"):
        listing.page(listing.ListingCache(), str(many), str(many.parent), sort="colour")


def test_cache_sees_new_files(tmp_path):
    # Given a cached listing, When a file is added (the folder's mtime changes), Then it shows
    cache = listing.ListingCache(ttl=3600)
    assert listing.page(cache, str(tmp_path), str(tmp_path))["total"] == 0
    (tmp_path / "new.h5").write_bytes(b"")
    os.utime(tmp_path, ns=(0, time.time_ns() + 10**9))
    assert listing.page(cache, str(tmp_path), str(tmp_path))["total"] == 1


def test_description_from_readme_yaml_and_datapackage(tmp_path):
    # Given a README, a dataset.yaml and a datapackage.json
    (tmp_path / "README.md").write_text("# Title\n<img src=x onerror=alert(1)>")
    (tmp_path / "dataset.yaml").write_text(
        "title: ATL06 subset\ndescription: Land ice heights\ncitation: NSIDC 2019\n"
    )
    (tmp_path / "datapackage.json").write_text(
        json.dumps(
            {
                "title": "ignored, the yaml wins",
                "licenses": [{"name": "CC-BY-4.0"}],
                "sources": [{"title": "NSIDC"}],
            }
        )
    )
    # When described, Then the raw Markdown and the fields
    assert read_description(str(tmp_path), str(tmp_path)) == {
        "readme": "# Title\n<img src=x onerror=alert(1)>",
        "title": "ATL06 subset",
        "description": "Land ice heights",
        "citation": "NSIDC 2019",
        "licence": "CC-BY-4.0",
        "source": "NSIDC",
    }


def test_readme_linking_out_is_not_read(tmp_path):
    root, outside = tmp_path / "root", tmp_path / "outside.md"
    root.mkdir()
    outside.write_text("secret")
    (root / "README.md").symlink_to(outside)
    assert read_description(str(root), str(root)) is None


def test_folder_size_counts_files_not_links(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "f").write_bytes(b"x" * 100)
    (tmp_path / "g").write_bytes(b"x" * 20)
    (tmp_path / "link").symlink_to(tmp_path / "g")
    assert folder_size(str(tmp_path), str(tmp_path)) == 120
