"""Background threads that never compete with the server's own."""

from __future__ import annotations

import os
import threading


def lower_thread_priority() -> None:
    """Run the calling thread at the lowest CPU priority (nice 19).

    On Linux, nice is per thread: the server process and its other threads keep
    their priority. Use as a ``ThreadPoolExecutor`` initializer.
    """
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
    except (AttributeError, OSError):
        pass
