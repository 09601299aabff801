"""Shared browser, pure modules: path policy, paged listings at 100,000 entries, descriptions."""

import json
import os
import threading
import time

import pytest
from traitlets import TraitError

from jupyterlab_hackweek.errors import Refused
from jupyterlab_hackweek.priority import Pacer
from jupyterlab_hackweek.shared import listing
from jupyterlab_hackweek.shared.config import SharedData
from jupyterlab_hackweek.shared.describe import folder_size, read_description
from jupyterlab_hackweek.shared.paths import (
    PathRefused,
    open_root,
    opened_below,
    split_client_path,
)
from jupyterlab_hackweek.shared.service import SharedService

from .fixture_shared import granule_name, make_many, open_existing
from .fixture_sshfs import fs_root_of, missing


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
    # Given a root, When a hostile client path is opened, Then a refusal with a 4xx status
    with pytest.raises(PathRefused) as refused:
        open_existing(str(tmp_path), path, allow_hidden=False)
    assert refused.value.status == status
    assert refused.value.message


def test_dot_and_double_slashes_are_normalised():
    # Given 'a/./b//c', When split, Then it means a/b/c
    assert split_client_path("a/./b//c", allow_hidden=False) == ["a", "b", "c"]
    assert split_client_path("", allow_hidden=False) == []


def test_hidden_names_allowed_when_the_server_allows_them(tmp_path):
    # Given allow_hidden and an existing '.hidden/x', When it is opened, Then it is accepted
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x").write_text("x")
    relative, opened = open_existing(str(tmp_path), ".hidden/x", allow_hidden=True)
    with opened:
        assert relative == ".hidden/x"
        assert opened.is_file and opened.parts == [".hidden", "x"]


def test_symlink_to_prefix_sibling_is_refused(tmp_path):
    # Given shared/ and shared-evil/, and a link inside shared/ to shared-evil/
    root, evil = tmp_path / "shared", tmp_path / "shared-evil"
    root.mkdir()
    evil.mkdir()
    (evil / "secret.txt").write_text("secret")
    (root / "out").symlink_to(evil)
    # When it is opened, Then 403, although the string prefix matches
    with pytest.raises(PathRefused) as refused:
        open_existing(str(root), "out/secret.txt", allow_hidden=False)
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
    with opened_below(root) as (beneath, folder, _):
        scanned = listing.scan_folder(beneath, folder, allow_hidden=False)
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

    def vanish(item, beneath, parts, allow_hidden):
        if item.name == "goes":
            os.unlink(tmp_path / item.name)  # scandir of a descriptor: item.path is the name
        return real_entry(item, beneath, parts, allow_hidden)

    monkeypatch.setattr(listing, "_entry", vanish)
    # When listed, Then it is skipped silently
    with opened_below(tmp_path) as (beneath, folder, _):
        names = [e.name for e in listing.scan_folder(beneath, folder, allow_hidden=False)]
    assert names == ["stays"]


@pytest.fixture(scope="module")
def many_volume(request):
    """100,000 files and sub/ (one file), made once, on the file server's side of the
    sshfs mount where sshfs runs (its local disk: read there directly too)."""
    root = fs_root_of("local" if missing() else "sshfs-cached", request, "shared")
    make_many(root.server / "many", 100_000)
    (root.server / "many" / "sub").mkdir()
    (root.server / "many" / "sub" / "one").write_text("1")
    return root


@pytest.fixture(scope="module", params=["local", "sshfs-cached"])
def many(request, many_volume):
    """The 100,000-file folder read on the local disk, then through the sshfs mount."""
    if request.param == "local":
        return many_volume.server / "many"
    if many_volume.kind == "local":
        pytest.skip(f"network file system tests need sshfs: {missing()}")
    return many_volume.client / "many"


def page_of(cache, folder, **query):
    """A page of ``folder`` (below its parent as the root), opened anew as per request."""
    with opened_below(folder.parent, folder.name) as (beneath, opened, _):
        return listing.page(cache, beneath, opened, **query)


def counted_page(cache, folder, timeout=120, **query):
    """A page asked again until the background stat pass has filled it in."""
    deadline = time.monotonic() + timeout
    reply = page_of(cache, folder, **query)
    while reply["sizes_counting"]:
        assert time.monotonic() < deadline, "sizes still counting"
        time.sleep(0.05)
        reply = page_of(cache, folder, **query)
    return reply


def test_hundred_thousand_files_first_page(many, monkeypatch):
    # Given 100,000 files, When the first page is asked for (the request's own lstat
    # calls counted: the floor is the names plus the rows shown)
    cache = listing.ListingCache()
    asking = threading.current_thread()
    stats = []
    real_stat = listing._stat_entry

    def counting(folder_fd, name):
        if threading.current_thread() is asking:
            stats.append(name)
        return real_stat(folder_fd, name)

    monkeypatch.setattr(listing, "_stat_entry", counting)
    start = time.monotonic()
    reply = page_of(cache, many, limit=200)
    first = time.monotonic() - start
    # Then 200 rows, the total, folders first, sizes of the rows shown, and the reply
    # says the rest is still counting (no item count yet) after 200 lstat calls at most
    assert reply["total"] == 100_001
    assert len(reply["entries"]) == 200
    assert len(stats) <= 200
    assert reply["sizes_counting"] is True
    assert (reply["entries"][0]["name"], reply["entries"][0]["items"]) == ("sub", None)
    assert reply["entries"][1]["name"] == granule_name(0)
    assert reply["entries"][1]["size"] == 1000
    assert first < 10
    # And once the background pass ends, a later request has the folder's item count
    reply = counted_page(cache, many, limit=200)
    assert reply["entries"][0] == {
        "name": "sub",
        "type": "directory",
        "size": None,
        "modified": reply["entries"][0]["modified"],
        "items": 1,
        "items_capped": False,
    }
    # And a later page comes from the cache, much faster than the scan
    start = time.monotonic()
    later = page_of(cache, many, offset=50_000, limit=200)
    assert time.monotonic() - start < max(0.5, first / 2)
    assert later["entries"][0]["name"] == granule_name(49_999)


def test_filter_narrows_to_one_file(many):
    # When filtered by a substring or a glob, case-insensitively, Then one file
    cache = listing.ListingCache()
    for pattern in ("GRANULE_054321", "*054321.h5", "granule_05432?.H5"):
        reply = page_of(cache, many, filter=pattern)
        names = [e["name"] for e in reply["entries"]]
        assert reply["total"] == (10 if "?" in pattern else 1)
        assert granule_name(54_321) in names


def test_name_order_while_counting(many):
    # When the cold first page is asked in reverse name order, Then folders still first
    reply = page_of(listing.ListingCache(), many, sort="-name", limit=2)
    assert [e["name"] for e in reply["entries"]] == ["sub", granule_name(99_999)]
    # And a far page asked first (every name sorted, still no stat pass) is in order
    reply = page_of(listing.ListingCache(), many, offset=50_000, limit=2)
    assert reply["sizes_counting"] is True
    assert [e["name"] for e in reply["entries"]] == [granule_name(49_999), granule_name(50_000)]


def test_sort_by_size(many):
    # When sorted by size, descending and ascending, Then the sized files come first/last
    cache = listing.ListingCache()
    down = page_of(cache, many, sort="-size", limit=3)
    assert [e["name"] for e in down["entries"]] == [
        "sub",
        granule_name(9),
        granule_name(8),
    ]
    assert down["entries"][1]["size"] == 10_000
    assert down["sizes_counting"] is False
    up = page_of(cache, many, sort="size", limit=2)
    assert [e["name"] for e in up["entries"]] == ["sub", granule_name(10)]
    last = page_of(cache, many, sort="size", offset=100_000)
    assert [e["name"] for e in last["entries"]] == [granule_name(9)]


def test_unknown_sort_is_a_400_refusal(many):
    with pytest.raises(Refused, match="Sort by one of") as refused:
        page_of(listing.ListingCache(), many, sort="colour")
    assert refused.value.status == 400


def test_cache_sees_new_files(fs_root):
    # Given a cached listing, When a file is added (the folder's mtime changes), Then the
    # next request (which opens the folder anew, as the service does) shows it
    folder = fs_root.client / "data"
    folder.mkdir()
    cache = listing.ListingCache(ttl=3600)
    assert page_of(cache, folder)["total"] == 0
    (folder / "new.h5").write_bytes(b"")
    os.utime(folder, ns=(0, time.time_ns() + 10**9))
    assert page_of(cache, folder)["total"] == 1


def test_pacer_rests_three_times_each_batch_at_a_quarter_share():
    # Given a pass paced to a quarter of the wall-clock time, in batches of 4
    now, rests = [0.0], []

    def sleep(seconds):
        rests.append(round(seconds, 6))
        now[0] += seconds

    pacer = Pacer(0.25, batch=4, clock=lambda: now[0], sleep=sleep)
    # When 8 units take 10 ms each, then 4 take 30 ms (a busier machine)
    for cost in [0.01] * 8 + [0.03] * 4:
        now[0] += cost
        pacer.step()
    # Then it rests 3 × each batch's time, longer when the batch was slower: its work
    # is a quarter of the elapsed time
    assert rests == [0.12, 0.12, 0.36]
    assert (0.08 + 0.12) / now[0] == pytest.approx(0.25)
    # And with 2 free units, the first rest is after 2 + 4 units, for the batch's time
    rests.clear()
    late = Pacer(0.5, batch=4, free=2, clock=lambda: now[0], sleep=sleep)
    rested_after = []
    for unit in range(1, 9):
        now[0] += 0.01
        late.step()
        rested_after += [unit] * (len(rests) - len(rested_after))
    assert (rests, rested_after) == ([0.04], [6])
    # And a share of 1 never rests; a share out of (0, 1] is refused
    free = Pacer(1, batch=1, clock=lambda: now[0], sleep=sleep)
    for _ in range(5):
        now[0] += 1
        free.step()
    assert rests == [0.04]
    for share in (0, -1, 1.5):
        with pytest.raises(ValueError):
            Pacer(share)
        with pytest.raises(TraitError):
            SharedData(stat_share=share)


def test_the_stat_pass_is_paced_by_the_configured_share(tmp_path, monkeypatch):
    # Given SharedData.stat_share 0.5 and a folder of 300 files
    made = []

    class Recording(Pacer):
        def __init__(self, share, free):
            assert free == listing.UNPACED_STATS
            super().__init__(share, batch=100)
            made.append(self)

    monkeypatch.setattr(listing, "Pacer", Recording)
    folder = tmp_path / "data"
    folder.mkdir()
    for index in range(300):
        (folder / f"f{index}").write_bytes(b"x")
    service = SharedService(SharedData(stat_share=0.5), str(tmp_path))
    # When the folder is listed and its sizes counted
    assert page_of(service.cache, folder, limit=10)["total"] == 300
    assert counted_page(service.cache, folder, limit=10)["entries"][0]["size"] == 1
    # Then one pass ran, resting as long as each batch took (1/0.5 − 1 = 1)
    assert [pacer.rest for pacer in made] == [1.0]
    assert made[0].slept > 0


def test_a_cached_listing_is_revalidated_by_mtime_not_read_again(tmp_path, monkeypatch):
    # Given a folder listed once, its background stat pass ended
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "a.h5").write_bytes(b"a")
    reads = []
    real_scan = listing.scan_names
    monkeypatch.setattr(
        listing, "scan_names", lambda *a, **k: reads.append(1) or real_scan(*a, **k)
    )
    passes = []
    real_pass = listing.ListingCache._stat_pass
    monkeypatch.setattr(
        listing.ListingCache,
        "_stat_pass",
        lambda *a, **k: passes.append(1) or real_pass(*a, **k),
    )
    cache = listing.ListingCache(ttl=0)
    counted_page(cache, folder)
    assert len(passes) == 1
    # When a file grows in place (the folder's mtime unchanged) and it is listed again
    # past the TTL, Then its new size shows, and the folder's names were read once
    stamp = folder.stat().st_mtime_ns
    (folder / "a.h5").write_bytes(b"abc")
    os.utime(folder, ns=(stamp, stamp))
    assert page_of(cache, folder)["entries"][0]["size"] == 3
    # and a page in name order took its own rows' stat: no pass over the folder again
    assert page_of(cache, folder)["sizes_counting"] is False
    assert len(passes) == 1
    time.sleep(0.01)
    # a sort by size takes the stale sizes again (one pass)
    assert counted_page(cache, folder, sort="-size")["entries"][0]["size"] == 3
    assert len(passes) == 2
    assert len(reads) == 1
    # When a name is added (its mtime changes), Then the names are read again
    (folder / "b.h5").write_bytes(b"")
    os.utime(folder, ns=(stamp + 10**9, stamp + 10**9))
    assert page_of(cache, folder)["total"] == 2
    assert len(reads) == 2


def test_a_folder_swapped_for_a_link_out_after_opening_is_not_followed(tmp_path):
    # Given data/ (two files and sub/ with one file) and, outside the root, a folder
    # with other names and a sub/ of three files
    root, outside = tmp_path / "shared", tmp_path / "outside"
    (root / "data" / "sub").mkdir(parents=True)
    (root / "data" / "a.h5").write_text("a")
    (root / "data" / "b.h5").write_text("b")
    (root / "data" / "sub" / "one").write_text("1")
    (outside / "sub").mkdir(parents=True)
    (outside / "secret.txt").write_text("secret")
    (outside / "README.md").write_text("secret")
    for name in ("x", "y", "z"):
        (outside / "sub" / name).write_text(name)
    with opened_below(root, "data") as (beneath, folder, _):
        # When data/ is swapped for a link out of the root after it was opened
        os.rename(root / "data", root / "data-moved")
        (root / "data").symlink_to(outside)
        # Then listing the open folder shows its own entries, never the outside ones
        reply = listing.page(listing.ListingCache(), beneath, folder)
        scanned = listing.scan_folder(beneath, folder, allow_hidden=False)
        description = read_description(beneath, folder.parts)
        # (its parts now name a link out: looked up by name, they are refused)
        assert listing.count_items(beneath, folder.parts, allow_hidden=False) is None
    assert sorted(e.name for e in scanned) == ["a.h5", "b.h5", "sub"]
    assert [e["name"] for e in reply["entries"]] == ["sub", "a.h5", "b.h5"]
    assert reply["total"] == 3
    assert reply["entries"][0]["items"] in (1, None)  # never the outside sub/'s 3
    assert description is None


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
    with open_root(str(tmp_path)) as beneath:
        description = read_description(beneath, [])
    assert description == {
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
    with open_root(str(root)) as beneath:
        assert read_description(beneath, []) is None


def test_folder_size_counts_files_not_links(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "f").write_bytes(b"x" * 100)
    (tmp_path / "g").write_bytes(b"x" * 20)
    (tmp_path / "link").symlink_to(tmp_path / "g")
    (tmp_path / "dir-link").symlink_to(tmp_path / "a")
    with opened_below(tmp_path) as (_, folder, _):
        assert folder_size(os.dup(folder.fd)) == 120  # it closes the descriptor it is given


def test_a_listed_folder_is_read_once_for_its_listing_and_its_total_size(fs_root, monkeypatch):
    # Given a folder of 50 files, a sub-folder of 2 files, and links to a file and to
    # the sub-folder (neither followed nor counted by a folder's size)
    folder = fs_root.server / "data"
    (folder / "sub").mkdir(parents=True)
    for index in range(50):
        (folder / f"f{index:02}.h5").write_bytes(b"x" * index)
    (folder / "sub" / "a").write_bytes(b"y" * 1000)
    (folder / "sub" / "b").write_bytes(b"y" * 234)
    (folder / "file-link").symlink_to("f49.h5")
    (folder / "dir-link").symlink_to("sub")
    inode = (fs_root.client / "data").stat().st_ino
    reads = []
    real_scandir = os.scandir

    def scandir(path):
        if isinstance(path, int) and os.fstat(path).st_ino == inode:
            reads.append(threading.current_thread().name)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    roots = [{"name": "shared", "path": str(fs_root.client)}]
    service = SharedService(SharedData(roots=roots), str(fs_root.client))
    # When the panel lists it and asks for its total size, as it does
    assert service.list("shared", "data")["total"] == 53
    size = service.folder_size("shared", "data", timeout=30)
    while size["size_pending"]:
        size = service.folder_size("shared", "data", timeout=30)
    # Then the folder itself was read once: by the listing, not again for its size
    assert len(reads) == 1
    # And the total is every regular file's bytes below it, as the folder walk counts
    assert size["total_size"] == sum(range(50)) + 1234
    with opened_below(fs_root.client, "data") as (_, opened, _):
        assert folder_size(os.dup(opened.fd)) == size["total_size"]
