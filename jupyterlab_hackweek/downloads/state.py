"""The download queue's records, their JSON form, and the state file they persist to."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field, fields

from ..guarded import write_atomic_path
from .order import TERMINAL

#: File states that still need work.
PENDING = ("queued", "active", "waiting")
#: File states that are final and successful.
SAVED = ("done", "present")


@dataclass
class FileItem:
    """One granule of a download."""

    granule: str  # the granule name as given by the client
    name: str  # the sanitized file name it is saved under (suffixed if needed)
    url: str
    size_bytes: int | None = None
    checksum: dict | None = None
    state: str = "queued"  # queued | active | waiting | done | present | failed | cancelled
    bytes_done: int = 0
    error: str | None = None
    error_kind: str | None = None
    link: str | None = None
    attempts: int = 0
    validator: str | None = None  # ETag/Last-Modified of the partial file's source
    # Live figures (not persisted): bytes per second and when the retry wait ends.
    speed: float = field(default=0.0, metadata={"live": True})
    retry_at: float | None = field(default=None, metadata={"live": True})

    def reply(self) -> dict:
        remaining = (self.size_bytes - self.bytes_done) if self.size_bytes else None
        eta = remaining / self.speed if remaining is not None and self.speed > 0 else None
        return {
            "granule": self.granule,
            "name": self.name,
            "size_bytes": self.size_bytes,
            "bytes_done": self.bytes_done,
            "state": self.state,
            "error": self.error,
            "error_kind": self.error_kind,
            "link": self.link,
            "attempts": self.attempts,
            "speed": round(self.speed, 1),
            "eta_seconds": round(eta, 1) if eta is not None else None,
            "retry_in": round(max(0.0, self.retry_at - time.time()), 1) if self.retry_at else None,
        }


@dataclass
class Download:
    """A batch of granules started by one POST, saved to one folder."""

    id: str
    short_name: str
    version: str
    folder: str
    created: float
    files: list[FileItem]
    #: A Harmony subset order: what was asked and the job's last known state
    #: (``order.Order.summary()``, ``job_id`` and ``order.JOB_FIELDS``); files are
    #: added as the job's results appear.
    order: dict | None = None

    @property
    def state(self) -> str:
        states = {f.state for f in self.files}
        if states & set(PENDING):
            return "active"
        job = (self.order or {}).get("status")
        if job is not None and job not in TERMINAL:
            return "paused" if job == "paused" else "active"
        if job == "failed":
            return "failed"
        if job == "canceled":
            return "cancelled"
        if "failed" in states:
            return "failed"
        if "cancelled" in states:
            return "cancelled"
        return "done"

    def reply(self, display_folder: str, browser_path: str | None) -> dict:
        # A saved file's size is known even when its source gave none (a subset).
        sizes = [f.bytes_done if f.state in SAVED else f.size_bytes for f in self.files]
        total = sum(sizes) if all(s is not None for s in sizes) else None
        done = sum(f.bytes_done for f in self.files)
        speed = sum(f.speed for f in self.files if f.state == "active")
        eta = (total - done) / speed if total is not None and speed > 0 else None
        return {
            "id": self.id,
            "short_name": self.short_name,
            "version": self.version,
            "folder": display_folder,
            "browser_path": browser_path,
            "created": self.created,
            "state": self.state,
            "bytes_total": total,
            "bytes_done": done,
            "speed": round(speed, 1),
            "eta_seconds": round(eta, 1) if eta is not None else None,
            "counts": {
                s: sum(f.state == s for f in self.files)
                for s in ("queued", "active", "waiting", "done", "present", "failed", "cancelled")
            },
            "files": [f.reply() for f in self.files],
            "order": self.order,
        }


def to_json(downloads: list[Download]) -> str:
    """The state file's text."""
    records = []
    for download in downloads:
        record = asdict(download)
        record["files"] = [
            {f.name: getattr(item, f.name) for f in fields(item) if not f.metadata.get("live")}
            for item in download.files
        ]
        records.append(record)
    return json.dumps({"version": 1, "downloads": records}, indent=1)


def from_json(text: str) -> list[Download]:
    """Downloads read back from the state file (unknown or broken entries are skipped)."""
    data = json.loads(text)
    downloads = []
    names = {f.name for f in fields(FileItem) if not f.metadata.get("live")}
    for record in data.get("downloads", []):
        try:
            files = [
                FileItem(**{k: v for k, v in f.items() if k in names}) for f in record["files"]
            ]
            downloads.append(
                Download(
                    record["id"],
                    record["short_name"],
                    record["version"],
                    record["folder"],
                    record["created"],
                    files,
                    record.get("order"),
                )
            )
        except (KeyError, TypeError):
            continue
    return downloads


def load(path: str) -> list[Download]:
    """The persisted downloads, or none when the file is missing or unreadable."""
    try:
        with open(path, encoding="utf-8") as state:
            return from_json(state.read())
    except (OSError, ValueError):
        return []


def save(path: str, text: str) -> None:
    """Write the state file atomically (mode 600: it holds download links)."""
    write_atomic_path(path, text.encode("utf-8"), mode=0o600)
