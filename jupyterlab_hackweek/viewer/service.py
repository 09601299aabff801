"""The data viewer's service: each read opens its file through the shared feature's
published ``SharedService.open_hdf5`` (guarded walk, h5py on the checked descriptor)
and runs in a pool of its own with a deadline, so a stalled file system or a hostile
file costs one of ``DataViewer.workers`` threads, never the server's."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from ..errors import Refused
from .config import DataViewer
from .files import h5web_words, parse_file


def _work(name: str):
    """The read called ``name``: h5py, numpy and h5grove are imported when first used,
    so the server starts without them (501 until they are installed)."""
    try:
        from . import content, profile
    except ImportError:
        raise Refused(
            501,
            "The data viewer needs h5py and h5grove in the server environment "
            "(pip install 'jupyterlab-hackweek[h5]').",
        ) from None
    return getattr(profile if name in ("profile", "track") else content, name)


class ViewerService:
    """Reads for the viewer's routes; ``run`` answers within ``DataViewer.timeout``."""

    def __init__(self, config: DataViewer, shared):
        self.shared = shared
        self.timeout = config.timeout
        self.max_reply_bytes = config.max_reply_bytes
        self.pool = ThreadPoolExecutor(
            max_workers=config.workers, thread_name_prefix="hackweek-viewer"
        )

    def _read(self, file: str, name: str, *args, **kwargs):
        ref = parse_file(file)
        work = _work(name)
        try:
            with self.shared.open_hdf5(ref.root, ref.path) as handle:
                return work(handle, *args, **kwargs)
        except Refused as error:
            raise h5web_words(error) from None
        except FileNotFoundError:
            raise Refused(404, "File not found: it vanished while it was read.") from None
        except PermissionError:
            raise Refused(403, "Permission denied by the file system.") from None

    async def run(self, file: str, name: str, *args, **kwargs):
        """The read ``name`` (``meta``, ``attr``, ``data``, ``paths``, ``profile``,
        ``track``) on the file named by ``file``, in the pool."""
        job = self.pool.submit(self._read, file, name, *args, **kwargs)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(job), self.timeout)
        except TimeoutError:
            raise Refused(
                504,
                f"Reading took longer than {self.timeout:g} s (the file system is slow or "
                "the file is unusual); try again later.",
            ) from None

    # the routes' reads
    def meta(self, file, path):
        return self.run(file, "meta", path)

    def attr(self, file, path, keys):
        return self.run(file, "attr", path, keys)

    def data(self, file, path, **query):
        return self.run(file, "data", path, max_bytes=self.max_reply_bytes, **query)

    def paths(self, file, path):
        return self.run(file, "paths", path)

    def profile(self, file, y, x=None, **query):
        return self.run(file, "profile", y, x, **query)

    def track(self, file, lat, lon, x, **query):
        return self.run(file, "track", lat, lon, x, **query)
