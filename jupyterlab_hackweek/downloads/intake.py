"""Checking a download request and planning it: names, folder, links, free space."""

from __future__ import annotations

import os
import re
import shutil
import time

from ..errors import Refused
from ..outbound.policy import URLRefused, check_granule_url
from ..paths import free_name
from ..units import format_bytes
from .names import NameRefused, destination_folder, safe_name
from .state import Download, FileItem

MAX_GRANULES = 5000
#: A free-space figure above this is a network file system's "unknown" (hub.md).
ABSURD_FREE = 1 << 60
HEX = {"MD5": re.compile(r"^[0-9a-fA-F]{32}$"), "SHA-256": re.compile(r"^[0-9a-fA-F]{64}$")}


class DownloadRefused(Refused):
    """A request the download manager will not carry out."""


def plan_download(
    body: dict, download_id: str, root: str, home: str, context, *, allow_hidden: bool = False
) -> Download:
    """The ``Download`` described by a POST body (blocking: touches the file system).

    ``allow_hidden`` is jupyter_server's: whether a hidden destination folder is accepted.
    """
    short_name = _text(body, "short_name")
    version = _text(body, "version")
    granules = body.get("granules")
    if not isinstance(granules, list) or not granules:
        raise DownloadRefused(400, "'granules' must be a non-empty list.")
    if len(granules) > MAX_GRANULES:
        raise DownloadRefused(400, f"At most {MAX_GRANULES} granules can be downloaded at once.")
    folder = check_folder(root, short_name, version, body.get("destination"), home, allow_hidden)
    files, names, urls = [], set(), set()
    for number, granule in enumerate(granules, start=1):
        item = _file_item(granule, number, context)
        if item.url in urls:
            continue
        urls.add(item.url)
        item.name = free_name(item.name, names.__contains__)
        names.add(item.name)
        files.append(item)
    for item in files:
        _mark_present(item, folder)
    _check_space(files, folder, home)
    make_folder(folder)
    return Download(download_id, short_name, version, folder, time.time(), files)


def check_folder(
    root: str, short_name: str, version: str, destination, home: str, allow_hidden: bool
) -> str:
    """The folder a download or an order saves to (400 when the client's is unusable)."""
    try:
        return destination_folder(
            root, short_name, version, destination, home, allow_hidden=allow_hidden
        )
    except NameRefused as refusal:
        raise DownloadRefused(400, str(refusal)) from None


def make_folder(folder: str) -> None:
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as error:
        raise DownloadRefused(400, f"The folder cannot be created: {error.strerror}.") from None


def _text(body: dict, name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise DownloadRefused(400, f"'{name}' is required (text).")
    return value.strip()


def _file_item(granule, number: int, context) -> FileItem:
    if not isinstance(granule, dict):
        raise DownloadRefused(400, f"Granule {number} must be an object with 'name' and 'url'.")
    try:
        name = safe_name(granule.get("name"))
        url = check_granule_url(
            granule.get("url"), context.allowed_hosts, context.allow_insecure_loopback
        ).url
    except (NameRefused, URLRefused) as refusal:
        raise DownloadRefused(400, f"Granule {number}: {refusal}") from None
    size = granule.get("size_bytes")
    if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size < 0):
        raise DownloadRefused(400, f"Granule {number}: 'size_bytes' must be a whole number.")
    checksum = granule.get("checksum")
    if checksum is not None:
        algorithm = checksum.get("algorithm") if isinstance(checksum, dict) else None
        value = checksum.get("value") if isinstance(checksum, dict) else None
        if algorithm not in HEX or not isinstance(value, str) or not HEX[algorithm].match(value):
            raise DownloadRefused(
                400,
                f"Granule {number}: 'checksum' must be {{algorithm: 'MD5' or 'SHA-256', "
                "value: hexadecimal digest}.",
            )
        checksum = {"algorithm": algorithm, "value": value.lower()}
    return FileItem(
        granule=str(granule.get("name")), name=name, url=url, size_bytes=size, checksum=checksum
    )


def _mark_present(item: FileItem, folder: str) -> None:
    """Skip a file already saved with the expected size ('already present')."""
    path = os.path.join(folder, item.name)
    if item.size_bytes is not None and os.path.isfile(path):
        if os.path.getsize(path) == item.size_bytes:
            item.state, item.bytes_done = "present", item.size_bytes


def _check_space(files: list[FileItem], folder: str, home: str) -> None:
    needed = sum(f.size_bytes or 0 for f in files if f.state == "queued")
    probe = folder
    while not os.path.isdir(probe) and os.path.dirname(probe) != probe:
        probe = os.path.dirname(probe)
    free = shutil.disk_usage(probe).free
    if free < ABSURD_FREE and needed > free:
        raise DownloadRefused(
            507,
            f"These granules need {format_bytes(needed)} but only {format_bytes(free)} is free "
            "where they would be saved. Free some space or choose fewer granules.",
        )
