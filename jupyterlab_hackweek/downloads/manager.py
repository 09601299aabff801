"""The download queue: runs in the server (so it outlives the browser tab), capped in
concurrency, with per-file progress, automatic retries, cancel, retry and resume
after a cut or a server restart (its state is kept in a JSON file)."""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import secrets
import stat
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from ..outbound.policy import URLRefused, check_granule_url
from ..outbound.transport import Transport
from ..paths import free_name, is_inside
from . import state
from .config import Downloads, Harmony
from .credentials import check_fields, find_credential, redact, store_netrc
from .edl import check_login
from .harmony import HarmonyClient
from .intake import MAX_GRANULES, DownloadRefused, check_folder, make_folder, plan_download
from .names import PARTIAL_DIR, NameRefused, display_path, safe_name
from .order import (
    COLLECTION_ID,
    JOB_FIELDS,
    TERMINAL,
    Job,
    OrderRefused,
    check_capability,
    plan_order,
    read_job,
    subsettable,
)
from .partial import IntegrityError, PartialFile, Worker, is_full_disk
from .state import PENDING, SAVED, Download, FileItem
from .transfer import Context, TransferError, fetch

SPEED_WINDOW = 1.0
#: The task key of the loop that follows an order's Harmony job (files use their index).
FOLLOWER = -1
#: The reply status of an order refused because Harmony failed, by ``TransferError.kind``.
HARMONY_STATUS = {"login": 401, "not_found": 404, "conflict": 409}
#: An order's error fields when its job is being followed without trouble.
NO_ERROR = {"error": None, "error_kind": None, "link": None}
log = logging.getLogger(__name__)


class DownloadManager:
    """Owns every download of this server; handlers call its methods on the event loop."""

    def __init__(
        self,
        config: Downloads,
        home: str,
        server_root: str,
        environ=os.environ,
        *,
        allow_hidden: bool = False,
        harmony: Harmony | None = None,
    ):
        self.config = config
        self.harmony_config = harmony or Harmony()
        self.allow_hidden = allow_hidden
        self.home = os.path.normpath(home)
        self.server_root = os.path.normpath(server_root)
        self.environ = environ
        self.state_file = self._under_home(config.state_file)
        self.context = Context(
            allowed_hosts=list(config.allowed_hosts),
            redirect_hosts=list(config.redirect_hosts),
            login_url=config.earthdata_login_url.rstrip("/"),
            allow_insecure_loopback=config.allow_insecure_loopback,
            connect_timeout=config.connect_timeout,
            idle_timeout=config.idle_timeout,
            transport=Transport(environ),
        )
        self.harmony = HarmonyClient(self.harmony_config.url, self.context)
        self.context.allowed_hosts.append(self.harmony.host)
        self._capabilities: dict[str, tuple[float, dict]] = {}
        self._downloads: dict[str, Download] = {}
        self._tasks: dict[tuple[str, int], asyncio.Task] = {}
        self._windows: dict[int, tuple[float, int]] = {}
        self._executor = ThreadPoolExecutor(config.max_concurrent + 1, "hackweek-downloads")
        self._semaphore: asyncio.Semaphore | None = None
        self._rename_lock = threading.Lock()
        self._save_scheduled = False
        self._stopping = False
        self._logins = 0  # how many times a credential was saved

    # ---- paths and credentials

    def _under_home(self, path: str) -> str:
        if path == "~" or path.startswith("~/"):
            path = self.home + path[1:]
        path = os.path.expanduser(path)
        return os.path.normpath(path if os.path.isabs(path) else os.path.join(self.home, path))

    @property
    def root(self) -> str:
        """The folder downloads go under by default."""
        return self._under_home(self.config.root)

    @property
    def netrc_path(self) -> str:
        return self._under_home(self.config.netrc_path)

    def credential(self):
        """The Earthdata credential currently configured, or None."""
        return find_credential(self.netrc_path, self.context.login.host, self.environ)

    @property
    def secrets(self) -> list[str]:
        """The secrets of the credential last used (to scrub from replies)."""
        credential = self.context.credential
        return credential.secrets() if credential else []

    # ---- lifecycle

    async def start(self) -> None:
        """Load the state file and resume every download that was not finished."""
        loaded = await self._run(state.load, self.state_file)
        for download in loaded:
            self._downloads[download.id] = download
            for index, item in enumerate(download.files):
                if item.state in PENDING:
                    item.state = "queued"
                    item.bytes_done = await self._run(_size_of, self._partial(download, item))
                    self._launch(download, index)
            if download.order and download.order["status"] not in TERMINAL:
                self._follow(download)

    async def shutdown(self) -> None:
        """Stop every transfer, keeping temporary files and queued state for a resume."""
        self._stopping = True
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self._run(state.save, self.state_file, self._state_text())
        self._executor.shutdown(wait=True)
        self.context.transport.close()

    # ---- queries

    def list(self) -> dict:
        return {"downloads": [self._reply(d) for d in self._downloads.values()]}

    def get(self, download_id: str) -> dict:
        return self._reply(self._find(download_id))

    def _find(self, download_id: str) -> Download:
        try:
            return self._downloads[download_id]
        except KeyError:
            raise DownloadRefused(
                404, "There is no such download (it may have been cleared)."
            ) from None

    def _reply(self, download: Download) -> dict:
        now = time.monotonic()
        for item in download.files:
            window = self._windows.get(id(item))
            if item.state != "active" or (window and now - window[0] > 5 * SPEED_WINDOW):
                item.speed = 0.0 if item.state != "active" else item.speed / 2
        folder = download.folder
        inside = is_inside(self.server_root, folder)
        browser = os.path.relpath(folder, self.server_root) if inside else None
        reply = download.reply(display_path(folder, self.home), browser)
        for file_reply in reply["files"]:
            if file_reply["error"]:
                file_reply["error"] = redact(file_reply["error"], self.secrets)
        return reply

    async def saved_files(self, names: set[str]) -> dict[str, list[tuple[str, int]]]:
        """The files the downloads saved for the granules ``names`` that are still there
        as regular files: granule name → ``[(absolute path, size)]``."""
        candidates = [
            (item.granule, os.path.join(download.folder, item.name))
            for download in self._downloads.values()
            for item in download.files
            if item.state in SAVED and item.granule in names
        ]
        return await self._run(_regular_files, candidates) if candidates else {}

    # ---- commands

    async def create(self, body: dict) -> dict:
        """Plan and queue a download (400 for bad input, 507 when it cannot fit)."""
        download_id = uuid.uuid4().hex
        download = await self._run(
            functools.partial(plan_download, allow_hidden=self.allow_hidden),
            body,
            download_id,
            self.root,
            self.home,
            self.context,
        )
        self._downloads[download.id] = download
        for index, item in enumerate(download.files):
            if item.state == "queued":
                self._launch(download, index)
        self._changed()
        return self._reply(download)

    async def act(self, download_id: str, body: dict) -> dict:
        """``{"action": "cancel"}`` or ``{"action": "retry"}``: the download's reply after it.

        Always a download's reply, never a cleared one: a Cancel that arrives after
        the download finished answers the finished download, unchanged.
        """
        action = body.get("action")
        if action == "cancel":
            return await self.cancel(download_id)
        if action == "retry":
            return await self.retry(download_id)
        if action in ("pause", "resume"):
            return await self._order_action(download_id, action)
        raise DownloadRefused(
            400, 'The action must be {"action": "cancel"}, "retry", "pause" or "resume".'
        )

    async def cancel(self, download_id: str) -> dict:
        """Stop the unfinished files, deleting their temporary files."""
        download = self._find(download_id)
        if download.order and download.order["status"] not in TERMINAL:
            await self._order_action(download_id, "cancel")
        tasks = [t for (d, _), t in self._tasks.items() if d == download_id]
        for item in download.files:
            if item.state in PENDING:
                item.state = "cancelled"
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for item in download.files:
            if item.state == "cancelled":
                item.bytes_done = 0
                await self._run(_remove, self._partial(download, item))
        self._changed()
        return self._reply(download)

    async def clear(self, download_id: str) -> dict:
        """Take a download off the list (cancelling what is unfinished first)."""
        download = self._find(download_id)
        if download.state in ("active", "paused"):
            await self.cancel(download_id)
        self._downloads.pop(download_id, None)
        self._changed()
        return {"id": download_id, "cleared": True}

    async def retry(self, download_id: str) -> dict:
        """Queue again the files that failed or were cancelled (resuming what was kept)."""
        download = self._find(download_id)
        for index, item in enumerate(download.files):
            if item.state in ("failed", "cancelled"):
                item.state, item.error, item.error_kind, item.link = "queued", None, None, None
                item.attempts = 0
                self._launch(download, index)
        self._follow_again(download)
        self._changed()
        return self._reply(download)

    async def login_status(self) -> dict:
        """Whether an Earthdata credential is configured (its public part, never the secret)."""
        credential = await self._run(self.credential)
        reply = credential.public() if credential else {"configured": False}
        reply["login_url"] = self.context.login_url
        return reply

    async def save_login(self, body: dict) -> dict:
        """Ask Earthdata Login whether ``{username, password}`` is right; if so store it
        in the server's ``.netrc`` and start again the files that waited for a login.
        The new login status; a refused or unchecked login changes nothing
        (``edl.LoginRefused``)."""
        username, password = body.get("username"), body.get("password")
        if not isinstance(username, str) or not isinstance(password, str):
            raise DownloadRefused(400, "Send your Earthdata 'username' and 'password' as text.")
        if not username.strip() or not password:
            raise DownloadRefused(400, "The Earthdata user name and password are both required.")
        username = username.strip()
        check_fields(username, password)
        await check_login(self.context, username, password)
        try:
            await self._run(
                store_netrc, self.netrc_path, self.context.login.host, username, password
            )
        except OSError as error:
            raise DownloadRefused(
                500, f"Your credentials could not be saved: {error.strerror or 'error'}."
            ) from None
        self.login_saved()
        return await self.login_status()

    def login_saved(self) -> None:
        """A new credential was stored: end the old sessions and queue again every file
        that stopped for want of a login (files still trying pick it up themselves)."""
        self._logins += 1
        self.context.cookies.clear()
        for download in self._downloads.values():
            for index, item in enumerate(download.files):
                if item.state == "failed" and item.error_kind == "login":
                    item.state, item.error, item.error_kind, item.link = "queued", None, None, None
                    item.attempts = 0
                    self._launch(download, index)
            if download.order and download.order.get("error_kind") == "login":
                self._follow_again(download)
        self._changed()

    # ---- Harmony subset orders

    async def capabilities(self, collection_id) -> dict:
        """What Harmony can cut a collection to (kept ``Harmony.capabilities_ttl`` seconds)."""
        if not isinstance(collection_id, str) or not COLLECTION_ID.match(collection_id):
            raise OrderRefused(400, "'collection_id' must be a CMR collection concept id.")
        cached = self._capabilities.get(collection_id)
        if cached and time.monotonic() - cached[0] < self.harmony_config.capabilities_ttl:
            return cached[1]
        await self._use_credential()
        try:
            able = subsettable(await self.harmony.capabilities(collection_id))
        except TransferError as error:
            raise _harmony_refusal(error) from None
        self._capabilities[collection_id] = (time.monotonic(), able)
        return able

    async def order(self, body: dict) -> dict:
        """Check an order, ask Harmony whether it can be cut, submit it and follow its job;
        the order's reply (a download whose files appear as Harmony makes them)."""
        order = plan_order(body)
        folder = await self._run(
            check_folder,
            self.root,
            order.short_name,
            order.version,
            body.get("destination"),
            self.home,
            self.allow_hidden,
        )
        if await self._use_credential() is None:
            raise OrderRefused(
                401,
                "Harmony needs an Earthdata Login. Log in, then order again.",
                error_kind="login",
            )
        check_capability(order, await self.capabilities(order.collection_id))
        await self._run(make_folder, folder)
        try:
            job_id = await self.harmony.submit(order)
        except TransferError as error:
            raise _harmony_refusal(error) from None
        accepted = {
            "status": "accepted",
            "progress": 0,
            "message": "",
            "errors": [],
            "warnings": [],
        }
        download = Download(
            uuid.uuid4().hex,
            order.short_name,
            order.version,
            folder,
            time.time(),
            [],
            {"job_id": job_id, **order.summary(), **accepted, **NO_ERROR},
        )
        self._downloads[download.id] = download
        self._follow(download)
        self._changed()
        return self._reply(download)

    async def _use_credential(self):
        self.context.credential = await self._run(self.credential)
        return self.context.credential

    async def _order_action(self, download_id: str, action: str) -> dict:
        """Pause, resume or cancel an order's Harmony job; the order's reply."""
        download = self._find(download_id)
        order = download.order
        if order is None:
            raise DownloadRefused(400, "Only a subset order can be paused or resumed.")
        await self._use_credential()
        try:
            job = read_job(await self.harmony.act(order["job_id"], action))
        except TransferError as error:
            raise _harmony_refusal(error) from None
        except ValueError:
            raise OrderRefused(502, "Harmony's answer was not a job.") from None
        self._take_results(download, job)  # the job may have moved on, even to its end
        if action == "resume":
            self._follow_again(download)
        self._changed()
        return self._reply(download)

    def _follow(self, download: Download) -> None:
        key = (download.id, FOLLOWER)
        task = asyncio.get_running_loop().create_task(self._follow_job(download))
        self._tasks[key] = task
        task.add_done_callback(lambda _t: self._tasks.pop(key, None))

    def _follow_again(self, download: Download) -> None:
        """Follow an order's job again after it stopped (a login, a Retry, a resume)."""
        order = download.order
        if order and order["status"] not in TERMINAL and (download.id, FOLLOWER) not in self._tasks:
            order.update(NO_ERROR)
            self._follow(download)

    async def _follow_job(self, download: Download) -> None:
        """Ask Harmony about the job until it ends, queueing each result as it appears.

        Harmony's refusals stop the loop with the order's ``error`` said (a login, a
        Retry or a resume starts it again); a busy Harmony is asked again later."""
        order = download.order
        interval = self.harmony_config.poll_interval
        while True:
            try:
                await self._use_credential()
                job = read_job(await self.harmony.job(order["job_id"]))
                self._take_results(download, job)
                while job.next_page:
                    job = read_job(await self.harmony.job(order["job_id"], job.next_page))
                    self._take_results(download, job)
                order.update(NO_ERROR)
                delay = interval
            except TransferError as error:
                order["error"], order["error_kind"], order["link"] = (
                    error.message,
                    error.kind,
                    error.link,
                )
                self._changed()
                if not error.retryable:
                    return
                delay = min(error.retry_after or interval, self.config.max_retry_after)
            except ValueError:
                order["error"] = "Harmony's answer about the job was not a job; asking again."
                order["error_kind"] = "server"
                delay = interval
            self._changed()
            if order["status"] in TERMINAL:
                return
            await asyncio.sleep(delay)

    def _take_results(self, download: Download, job: Job) -> None:
        """Record the job's state and queue each result link not seen before."""
        download.order.update({k: job.fields[k] for k in JOB_FIELDS})
        known = {item.url for item in download.files}
        names = {item.name for item in download.files}
        for link in job.links:
            if link["href"] in known or len(download.files) >= MAX_GRANULES:
                continue
            known.add(link["href"])
            title = link["title"] or link["href"].rsplit("/", 1)[-1].split("?", 1)[0]
            item = FileItem(granule=title, name=title, url=link["href"])
            try:
                item.name = free_name(safe_name(title), names.__contains__)
                check_granule_url(
                    item.url, self.context.allowed_hosts, self.context.allow_insecure_loopback
                )
            except (NameRefused, URLRefused) as refusal:
                item.state, item.error, item.error_kind = "failed", str(refusal), "refused"
            names.add(item.name)
            download.files.append(item)
            if item.state == "queued":
                self._launch(download, len(download.files) - 1)

    # ---- transfers

    def _launch(self, download: Download, index: int) -> None:
        if self._semaphore is None:
            self._semaphore = asyncio.Semaphore(self.config.max_concurrent)
        key = (download.id, index)
        task = asyncio.get_running_loop().create_task(self._run_file(download, index))
        self._tasks[key] = task
        task.add_done_callback(lambda _t: self._tasks.pop(key, None))

    def _partial(self, download: Download, item: FileItem) -> str:
        return os.path.join(download.folder, PARTIAL_DIR, f"{item.name}.{download.id[:8]}.part")

    async def _run(self, function, *args):
        return await asyncio.get_running_loop().run_in_executor(self._executor, function, *args)

    async def _run_file(self, download: Download, index: int) -> None:
        item = download.files[index]
        async with self._semaphore:
            while item.state == "queued":
                item.state, item.retry_at = "active", None
                item.attempts += 1
                self._changed()
                logins = self._logins
                try:
                    await self._attempt(download, item)
                    item.state, item.error, item.error_kind = "done", None, None
                except TransferError as error:
                    if error.kind == "login" and logins != self._logins:
                        item.state = "queued"  # a login arrived meanwhile: try with it
                        continue
                    if error.retryable and item.attempts <= self.config.retries:
                        await self._wait(item, error)
                        continue
                    item.state, item.error, item.error_kind = "failed", error.message, error.kind
                    item.link = error.link
                except Exception:  # noqa: BLE001 (a bug: logged with its traceback, reported)
                    reference = secrets.token_hex(4)
                    log.exception("Download of %r failed (reference %s)", item.name, reference)
                    item.state, item.error_kind = "failed", "internal"
                    item.error = (
                        f"An unexpected error stopped this file (reference {reference}); the "
                        "server log has the details: quote the reference to your hub's organizers."
                    )
                finally:
                    item.speed = 0.0
                    self._windows.pop(id(item), None)
                    self._changed()

    async def _wait(self, item: FileItem, error: TransferError) -> None:
        delay = self.config.retry_delay * 2 ** (item.attempts - 1)
        if error.retry_after is not None:
            delay = min(error.retry_after, self.config.max_retry_after)
        item.state, item.error, item.error_kind = "waiting", error.message, error.kind
        item.retry_at = time.time() + delay
        self._changed()
        await asyncio.sleep(delay)
        item.state = "queued"

    async def _attempt(self, download: Download, item: FileItem) -> None:
        path = self._partial(download, item)
        algorithm = (item.checksum or {}).get("algorithm")
        worker = Worker(self._executor)
        opening = worker.submit(PartialFile, path, algorithm, True)
        try:
            partial = await asyncio.shield(opening)
        except OSError as error:
            raise TransferError("disk", _disk_message(error)) from None
        except asyncio.CancelledError:
            await worker.drain()  # the file is being opened (and hashed): close it
            if not opening.cancelled() and opening.exception() is None:
                await worker.run(opening.result().close)
            raise
        item.bytes_done = partial.size
        self._windows[id(item)] = (time.monotonic(), partial.size)
        keep = True
        try:
            self.context.credential = await worker.run(self.credential)
            validator = [item.validator if partial.size else None]
            try:
                await fetch(
                    self.context,
                    item.url,
                    partial,
                    worker,
                    lambda n: self._progress(item, n),
                    validator,
                )
            finally:
                item.validator = validator[0]
            await worker.run(partial.close)
            await worker.run(partial.verify, item.size_bytes, item.checksum)
            await worker.run(self._publish, download, item, path)
        except URLRefused as refusal:
            keep = False
            raise TransferError("refused", str(refusal)) from None
        except IntegrityError as error:
            keep = False
            link = self.context.login_url if error.kind == "html" else None
            raise TransferError(error.kind, error.message, link=link) from None
        except TransferError as error:
            keep = error.retryable
            raise
        except OSError as error:
            keep = not is_full_disk(error)
            raise TransferError("disk_full" if not keep else "disk", _disk_message(error)) from None
        except asyncio.CancelledError:
            keep = self._stopping
            raise
        finally:
            await worker.drain()
            await worker.run(partial.close if keep else partial.discard)

    def _progress(self, item: FileItem, received: int) -> None:
        item.bytes_done = received
        now = time.monotonic()
        start, start_bytes = self._windows.get(id(item), (now, received))
        if now - start >= SPEED_WINDOW:
            rate = (received - start_bytes) / (now - start)
            item.speed = rate if item.speed == 0 else 0.5 * item.speed + 0.5 * rate
            self._windows[id(item)] = (now, received)

    def _publish(self, download: Download, item: FileItem, path: str) -> None:
        """Move a verified file to its visible name; never over an existing file."""
        with self._rename_lock:
            name = free_name(
                item.name,
                lambda candidate: os.path.lexists(os.path.join(download.folder, candidate)),
            )
            os.replace(path, os.path.join(download.folder, name))
            item.name = name

    # ---- persistence

    def _state_text(self) -> str:
        return state.to_json(list(self._downloads.values()))

    def _changed(self) -> None:
        """Save the state file soon (coalescing bursts of changes)."""
        if self._save_scheduled or self._stopping:
            return
        self._save_scheduled = True
        asyncio.get_running_loop().call_later(0.2, self._save_soon)

    def _save_soon(self) -> None:
        self._save_scheduled = False
        if not self._stopping:
            asyncio.ensure_future(self._run(state.save, self.state_file, self._state_text()))


def _harmony_refusal(error: TransferError) -> OrderRefused:
    """A Harmony failure as the reply to the request that met it."""
    status = HARMONY_STATUS.get(error.kind, 503 if error.retryable else 502)
    return OrderRefused(status, error.message, error_kind=error.kind, link=error.link)


def _regular_files(candidates: list[tuple[str, str]]) -> dict[str, list[tuple[str, int]]]:
    """``(name, path)`` pairs whose path is a regular file (not a link), by name, sized."""
    found: dict[str, list[tuple[str, int]]] = {}
    for name, path in candidates:
        try:
            info = os.lstat(path)
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode):
            found.setdefault(name, []).append((path, info.st_size))
    return found


def _size_of(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _disk_message(error: OSError) -> str:
    if is_full_disk(error):
        return (
            "The disk or your storage quota is full, so this file was stopped and its "
            "partial copy deleted. Free some space, then press Retry."
        )
    return f"The file could not be written: {error.strerror or error}."
