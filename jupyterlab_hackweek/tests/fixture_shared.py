"""Build the shared volume the browser tests (pytest and Galata) run against.

``make_shared_volume(path, n_files)`` creates::

    path/
      README.md                                   a dataset description
      ATL06_20181013235645_02340114_209_01.h5     the real ICESat-2 sample (tests/data/h5)
      many/granule_000000.h5 ... granule_{n-1}.h5  empty files, except the first ten:
                                                  granule_00000i.h5 holds (i + 1) * 1000 bytes

So in ``many/`` a descending size sort starts with ``granule_000009.h5`` and an
ascending one with ``granule_000010.h5`` (empty, first by name).

``add_granule_copies(path, sizes)`` adds copies of the ATL06 sample named like
granules of a search (``ICESat-2/<product>/<release>/<name>``, padded with zero
bytes, sparsely, to the size CMR lists), so the search shows them as already on
the shared volume.

``open_existing(root, path)`` opens a path below a root the way the service does
(``open_root`` + ``open_parts``, the guarded walk) and hands back the open file or
folder alone, for the unit tests of the modules that take one.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from jupyterlab_hackweek.shared.paths import open_parts, open_root, split_client_path

DATA = Path(__file__).parent / "data" / "h5"
ATL06 = "ATL06_20181013235645_02340114_209_01.h5"
SIZED_FILES = 10


def granule_name(index: int) -> str:
    """The name of the ``index``-th file of ``many/``."""
    return f"granule_{index:06d}.h5"


def make_many(folder: Path, n_files: int) -> None:
    """Create ``n_files`` files quickly (``os.open``/``close``; the first ten sized)."""
    folder.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    for index in range(n_files):
        fd = os.open(folder / granule_name(index), flags, 0o644)
        if index < SIZED_FILES:
            os.write(fd, b"\0" * ((index + 1) * 1000))
        os.close(fd)


def make_shared_volume(path: Path, n_files: int) -> Path:
    """Create the shared volume at ``path`` (idempotent) and return ``path``."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(DATA / ATL06, path / ATL06)
    (path / "README.md").write_text(
        "# Hackweek shared data\n\nA real ATL06 granule and a folder of many files.\n",
        encoding="utf-8",
    )
    make_many(path / "many", n_files)
    return path


def add_granule_copies(path: Path, sizes: dict[str, int]) -> list[Path]:
    """Copies of the ATL06 sample under the granule names ``sizes`` gives, each padded
    to its size (an ICESat-2 name ``ATL06_…_005_01.h5`` goes to ``ICESat-2/ATL06/005/``)."""
    copies = []
    for name, size in sizes.items():
        product, *_, release, _version = name.split("_")
        folder = Path(path) / "ICESat-2" / product / release
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(DATA / ATL06, folder / name)
        os.truncate(folder / name, max(size, (DATA / ATL06).stat().st_size))
        copies.append(folder / name)
    return copies


def open_existing(root: Path | str, path: str, *, allow_hidden: bool = False):
    """``(clean relative path, Opened)`` for the client ``path`` below ``root``, as the
    service opens it (refusals are ``PathRefused``); the caller closes the Opened."""
    parts = split_client_path(path, allow_hidden=allow_hidden)
    with open_root(str(root)) as beneath:
        return "/".join(parts), open_parts(beneath, parts)
