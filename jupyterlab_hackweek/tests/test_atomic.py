"""The one atomic writer (``guarded.write_atomic``): whole or nothing, with its mode,
never through a link, and no temporary file left behind."""

from __future__ import annotations

import os

import pytest

from jupyterlab_hackweek.guarded import write_atomic, write_atomic_path


@pytest.fixture
def folder(tmp_path):
    fd = os.open(tmp_path, os.O_RDONLY | os.O_DIRECTORY)
    yield tmp_path, fd
    os.close(fd)


def test_a_file_is_replaced_whole_with_its_mode(folder):
    path, fd = folder
    (path / "README.md").write_text("old")
    write_atomic(fd, "README.md", b"new", mode=0o600)
    assert (path / "README.md").read_text() == "new"
    assert oct((path / "README.md").stat().st_mode & 0o777) == "0o600"
    assert os.listdir(path) == ["README.md"]


def test_a_link_is_replaced_not_followed(folder, tmp_path_factory):
    path, fd = folder
    target = tmp_path_factory.mktemp("elsewhere") / "victim"
    target.write_text("keep me")
    (path / "environment.yml").symlink_to(target)
    write_atomic(fd, "environment.yml", b"name: x\n")
    assert target.read_text() == "keep me"
    assert not (path / "environment.yml").is_symlink()
    assert (path / "environment.yml").read_text() == "name: x\n"


def test_without_replace_an_existing_name_is_left_alone(folder):
    path, fd = folder
    (path / "requirements.txt").write_text("mine")
    with pytest.raises(FileExistsError):
        write_atomic(fd, "requirements.txt", b"theirs", replace=False)
    assert (path / "requirements.txt").read_text() == "mine"
    assert os.listdir(path) == ["requirements.txt"]


def test_a_failed_write_leaves_no_temporary_file(folder):
    path, fd = folder
    with pytest.raises(TypeError):
        write_atomic(fd, "state.json", "text, not bytes")  # type: ignore[arg-type]
    assert os.listdir(path) == []


def test_by_path_the_folder_is_made(tmp_path):
    write_atomic_path(str(tmp_path / "new" / ".netrc"), b"machine x", mode=0o600)
    assert (tmp_path / "new" / ".netrc").read_bytes() == b"machine x"
