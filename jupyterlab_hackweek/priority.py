"""Background threads that never compete with the server's own."""

from __future__ import annotations

import os
import threading
import time


def lower_thread_priority() -> None:
    """Run the calling thread at the lowest CPU priority (nice 19).

    On Linux, nice is per thread: the server process and its other threads keep
    their priority. Use as a ``ThreadPoolExecutor`` initializer.
    """
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
    except (AttributeError, OSError):
        pass


class Pacer:
    """Keeps a background pass to a ``share`` of the wall-clock time: after each batch
    it sleeps the batch's time × (1/share − 1).

    Nice 19 lowers this process's thread only. On a network file system each ``stat``
    also costs CPU in the file system's client and on its server (sshfs and its sftp
    server, the NFS client's threads), which run at their own priority: 70 servers
    stat-ing the same 100,000-file folder at once saturate a node. Pacing by the
    batch's *wall* time slows the pass further when the machine is busy, since a
    batch then takes longer. The first ``free`` units never rest (a folder of a few
    thousand entries is done at once). ``share`` 1 never sleeps.
    """

    def __init__(
        self,
        share: float,
        batch: int = 256,
        free: int = 0,
        clock=time.monotonic,
        sleep=time.sleep,
    ):
        if not 0 < share <= 1:
            raise ValueError(f"share must be in (0, 1], not {share!r}")
        self.rest = 1 / share - 1
        self.batch = batch
        self.slept = 0.0
        self._clock, self._sleep = clock, sleep
        self._count = -free
        self._started = clock()

    def step(self) -> None:
        """One unit of work done; rests when a batch of them is."""
        self._count += 1
        if self._count < self.batch:
            if self._count == 0:  # the free units are done: the first batch starts
                self._started = self._clock()
            return
        self._count = 0
        pause = (self._clock() - self._started) * self.rest
        if pause > 0:
            self._sleep(pause)
            self.slept += pause
        self._started = self._clock()
