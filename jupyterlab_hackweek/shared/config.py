"""``SharedData``: the configured shared roots and the limits of the browser."""

from __future__ import annotations

import os
from dataclasses import dataclass

from traitlets import Dict, Float, Int, List, TraitError, Unicode, validate
from traitlets.config import Configurable

#: Hub conventions looked for when no roots are configured: (name, path, writable).
CONVENTIONAL_ROOTS = (
    ("shared", "~/shared", False),
    ("shared-readwrite", "~/shared-readwrite", True),
    ("shared-public", "~/shared-public", True),
    ("srv-shared", "/srv/shared", True),
)


@dataclass(frozen=True)
class Root:
    """A shared root: its name for the client, absolute path as configured, writability."""

    name: str
    path: str
    writable: bool


def default_roots() -> list[dict]:
    """The conventional shared folders that exist on this machine."""
    return [
        {"name": name, "path": path, "writable": writable}
        for name, path, writable in CONVENTIONAL_ROOTS
        if os.path.isdir(os.path.expanduser(path))
    ]


class SharedData(Configurable):
    """Shared-dataset browser settings (``c.SharedData.*``)."""

    roots = List(
        Dict(),
        help=(
            "Shared folders offered in the browser: a list of {'name', 'path', 'writable'}. "
            "'path' may start with '~' or be relative to the server's root folder. Defaults "
            "to the hub conventions that exist: ~/shared (read-only), ~/shared-readwrite "
            "(organizers, writable), ~/shared-public (writable), /srv/shared (writable)."
        ),
    ).tag(config=True)

    cache_ttl = Float(
        300.0,
        help=(
            "Seconds a folder listing's sizes and dates (its background stat pass) are "
            "reused while the folder's mtime is unchanged: past it, a sort by size or date "
            "takes them again, while pages in name order take their own rows' stat (no "
            "pass over the folder). Adding or removing an entry changes the mtime and "
            "reads the folder's names again at once. "
            "Scanning 100,000 files costs about a second of CPU per server: on a hub of "
            "70 users a 10 s TTL saturated 2 cores (bench/hub_load.py)."
        ),
    ).tag(config=True)

    stat_share = Float(
        0.25,
        help=(
            "The share of wall-clock time a folder's background stat pass (sizes, dates, "
            "totals) may take: it rests (1/share - 1) times as long as each batch of 256 "
            "stats took. On a network file system each stat also costs CPU in the file "
            "system's client and server, beyond this process's low priority; when 70 "
            "servers open the same 100,000-file folder at once (bench/hub_load.py's "
            "rush) unpaced passes starve every server's other routes. 1: no rest."
        ),
    ).tag(config=True)

    @validate("stat_share")
    def _check_stat_share(self, proposal):
        share = proposal["value"]
        if not 0 < share <= 1:
            raise TraitError(f"SharedData.stat_share must be in (0, 1], not {share}")
        return share

    publishers = List(
        Unicode(),
        help=(
            "User names allowed to publish, make folders and edit descriptions in the "
            "writable shared folders. Empty (the default): anyone whose server has a "
            "writable shared folder, since the mount itself is the organizer's privilege."
        ),
    ).tag(config=True)

    preview_max_nodes = Int(
        5000, help="Most groups and datasets listed in one HDF5/Zarr preview."
    ).tag(config=True)

    preview_timeout = Float(
        30.0,
        help="Seconds a preview may take before the user is told to try again later "
        "(a stalled file system or an unusual file; the reply is a 504).",
    ).tag(config=True)

    index_max_files = Int(
        1_000_000,
        help=(
            "Most files the index of the shared folders keeps (about 150 bytes each), "
            "which tells the data search which granules are already on the shared "
            "volume. Past it, folders are indexed in part and the search says so."
        ),
    ).tag(config=True)

    def _roots_default(self):
        return default_roots()

    @validate("roots")
    def _check_roots(self, proposal):
        names = set()
        for entry in proposal["value"]:
            if not isinstance(entry.get("name"), str) or not isinstance(entry.get("path"), str):
                raise TraitError("Each SharedData.roots entry needs a string 'name' and 'path'.")
            if entry["name"] in names:
                raise TraitError(f"Two SharedData.roots are named {entry['name']!r}.")
            names.add(entry["name"])
        return proposal["value"]


def build_roots(entries: list[dict], server_root: str) -> list[Root]:
    """Turn configured entries into ``Root``s with absolute paths (not resolved)."""
    roots = []
    for entry in entries:
        path = os.path.expanduser(entry["path"])
        if not os.path.isabs(path):
            path = os.path.join(server_root, path)
        roots.append(Root(entry["name"], os.path.normpath(path), bool(entry.get("writable"))))
    return roots
