"""Start a real JupyterHub with the suite on loopback, for trying it by hand.

    python hub-tests/start_hub.py --users 5 --organizers 1 [--files 1000] [--dir /tmp/hw-hub]

Starts configurable-http-proxy, the fake CMR and JupyterHub (``hub_config.py``),
creates ``user-01``… and ``organizer-1``… sharing one password, spawns their
servers (a few at a time), prints the URL and the password, and runs until Ctrl-C,
then stops everything it started.
"""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hubsite import HubSite  # noqa: E402

from jupyterlab_hackweek.tests.fixture_shared import make_shared_volume  # noqa: E402


def user_names(users: int, organizers: int) -> tuple[list[str], list[str]]:
    """``user-01``… and ``organizer-1``…"""
    width = max(2, len(str(users)))
    return (
        [f"user-{i:0{width}d}" for i in range(1, users + 1)],
        [f"organizer-{i}" for i in range(1, organizers + 1)],
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=3)
    parser.add_argument("--organizers", type=int, default=1)
    parser.add_argument("--files", type=int, default=1000, help="files in shared/many")
    parser.add_argument("--spawn-concurrency", type=int, default=5)
    parser.add_argument("--dir", help="working folder (default: a new temporary folder)")
    args = parser.parse_args(argv)
    base = Path(args.dir or tempfile.mkdtemp(prefix="hackweek-hub-"))
    users, organizers = user_names(args.users, args.organizers)
    site = HubSite(base, users, organizers).prepare()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop everything on SIGTERM
    make_shared_volume(site.volume, args.files)
    site.start()
    try:
        took = site.spawn(users + organizers, args.spawn_concurrency)
        print(f"Hub at {site.url}/hub/login  (folder {base})")
        print(f"Users {', '.join(users + organizers)}; password {site.password}")
        print(f"{len(users + organizers)} servers spawned in {took:.0f} s. Ctrl-C stops.")
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        site.stop()


if __name__ == "__main__":
    main()
