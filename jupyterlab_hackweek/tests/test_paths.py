"""The client-path checks shared by Binder export and the shared-data browser."""

import os

import pytest

from jupyterlab_hackweek.binder.paths import PathError, resolve_inside
from jupyterlab_hackweek.paths import (
    Unsafe,
    UnsafePath,
    check_client_path,
    client_parts,
    is_inside,
)
from jupyterlab_hackweek.shared.paths import PathRefused

from .fixture_shared import open_existing


def _checked_parts(path: str) -> list[str]:
    check_client_path(path)
    return list(client_parts(path))


@pytest.fixture
def sibling(tmp_path):
    """``shared/`` and ``shared-evil/`` (names sharing a prefix), a secret in the latter."""
    root, evil = tmp_path / "shared", tmp_path / "shared-evil"
    root.mkdir()
    evil.mkdir()
    (evil / "secret.txt").write_text("secret")
    return root, evil


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("a\x00b", Unsafe.NUL),  # a%00b, decoded
        ("a\\b", Unsafe.BACKSLASH),
        ("C:\\x", Unsafe.BACKSLASH),
        ("/etc/passwd", Unsafe.ABSOLUTE),  # %2Fetc%2Fpasswd, decoded
        ("//server/share", Unsafe.ABSOLUTE),
        ("../../etc/passwd", Unsafe.PARENT),  # ..%2F..%2Fetc%2Fpasswd, decoded
        ("a/../b", Unsafe.PARENT),
        ("a/..", Unsafe.PARENT),
        ("a/../../shared-evil", Unsafe.PARENT),
        ("/a\\b\x00", Unsafe.NUL),  # NUL is reported first, then backslash, then absolute
        ("/a\\b", Unsafe.BACKSLASH),
    ],
)
def test_bad_client_paths_are_refused_with_their_reason(path, reason):
    # Given a hostile client path, When it is checked and split, Then it is refused and why is said
    with pytest.raises(UnsafePath) as unsafe:
        _checked_parts(path)
    assert unsafe.value.reason is reason


@pytest.mark.parametrize(
    ("path", "parts"),
    [
        ("a/./b//c", ["a", "b", "c"]),
        ("a/b/", ["a", "b"]),
        ("", []),
        (".", []),
        ("%2e%2e/x", ["%2e%2e", "x"]),  # an encoded '..' that arrives undecoded is a name
        ("...", ["..."]),
        ("C:x", ["C:x"]),  # a drive letter is only refused by features that say so (Binder)
        (".hidden/x", [".hidden", "x"]),  # hiding is a feature's policy, not a syntax error
    ],
)
def test_good_client_paths_split_into_names(path, parts):
    # Given a harmless client path, When checked and split, Then its names in order
    assert _checked_parts(path) == parts


def test_parent_component_is_refused_when_reached():
    # Given a path whose first name is fine and second is '..'
    names = client_parts("data/../secret")
    # When the names are taken one by one, Then 'data' comes before the refusal
    assert next(names) == "data"
    with pytest.raises(UnsafePath):
        next(names)


def test_prefix_sibling_is_not_inside(sibling):
    # Given shared/ and shared-evil/, whose names share a prefix (CVE-2026-35397)
    root, evil = sibling
    # Then only the root and what is below it count as inside, by components
    assert not is_inside(str(root), str(evil))
    assert not is_inside(str(root), str(evil / "x"))
    assert is_inside(str(root), str(root / "x"))
    assert is_inside(str(root), str(root))
    assert not is_inside(str(root), "shared/x")


def test_symlinks_out_of_the_root_are_not_inside(sibling):
    # Given links to a file and a folder outside the root, and a link that stays inside
    root, evil = sibling
    (root / "data").mkdir()
    (root / "file-out").symlink_to(evil / "secret.txt")
    (root / "folder-out").symlink_to(evil)
    (root / "link-in").symlink_to(root / "data")
    root_real = os.path.realpath(root)
    # When their real paths are tested, Then only the link that stays inside is inside
    assert not is_inside(root_real, os.path.realpath(root / "file-out"))
    assert not is_inside(root_real, os.path.realpath(root / "folder-out" / "secret.txt"))
    assert is_inside(root_real, os.path.realpath(root / "link-in"))


def test_each_feature_keeps_its_status_for_a_link_out(sibling):
    # Given a root with a link to a file in a prefix sibling
    root, evil = sibling
    (root / "out.txt").symlink_to(evil / "secret.txt")
    # When Binder resolves it, Then 404 (not found, like /files)
    with pytest.raises(PathError) as binder:
        resolve_inside(str(root), "out.txt")
    assert binder.value.status == 404
    # When the shared browser opens it, Then 403 (a link leading out)
    with pytest.raises(PathRefused) as shared:
        open_existing(str(root), "out.txt", allow_hidden=False)
    assert shared.value.status == 403


def test_each_feature_keeps_its_own_words(tmp_path):
    # Given a path with a backslash, When each feature refuses it, Then 400 with its own message
    with pytest.raises(PathError) as binder:
        resolve_inside(str(tmp_path), "a\\b")
    with pytest.raises(PathRefused) as shared:
        open_existing(str(tmp_path), "a\\b", allow_hidden=False)
    assert (binder.value.status, binder.value.message) == (
        400,
        "The path contains a NUL byte or a backslash.",
    )
    assert (shared.value.status, shared.value.message) == (
        400,
        "Use '/' to separate folders; backslashes are not allowed.",
    )


def test_links_that_stay_inside_the_root_are_followed(sibling):
    # Given links to data/ that stay inside the root: relative, absolute, absolute to the
    # root itself, and absolute through a '..' that stays below the root
    root, _ = sibling
    (root / "data" / "deeper").mkdir(parents=True)
    (root / "data" / "f.txt").write_text("f")
    (root / "relative").symlink_to("data")
    (root / "absolute").symlink_to(root / "data")
    (root / "to-root").symlink_to(root)
    (root / "dotdot-below").symlink_to(f"{root}/data/deeper/../../data")
    # When each is opened, Then it reaches data/ (or the root), by its real names
    for link, parts in [
        ("relative/f.txt", ["data", "f.txt"]),
        ("absolute/f.txt", ["data", "f.txt"]),
        ("to-root/data/f.txt", ["data", "f.txt"]),
        ("dotdot-below/f.txt", ["data", "f.txt"]),
    ]:
        relative, opened = open_existing(str(root), link, allow_hidden=False)
        with opened:
            assert (relative, opened.parts, opened.is_file) == (link, parts, True)


def test_an_absolute_link_climbing_above_the_root_is_refused_even_if_it_comes_back(sibling):
    # Given absolute links whose text climbs above the root with '..' and comes back in
    root, _ = sibling
    (root / "data").mkdir()
    (root / "data" / "f.txt").write_text("f")
    (root / "up-and-back").symlink_to(f"{root}/../{root.name}/data")
    (root / "via-parent").symlink_to(f"{root.parent}/x/../{root.name}/data")
    # When opened, Then 403: the guarded walk never goes above the root, not even on the
    # way back (os.path.realpath used to accept these; a changed behaviour of #12)
    for link in ("up-and-back/f.txt", "via-parent/f.txt"):
        with pytest.raises(PathRefused) as refused:
            open_existing(str(root), link, allow_hidden=False)
        assert refused.value.status == 403
