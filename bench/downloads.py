"""Download throughput of the hackweek downloader vs. curl, from the same loopback fake server.

Generates 4 files of 50 MB (random bytes), serves them with the fake NSIDC data
host (``python -m jupyterlab_hackweek.tests.fake_earthdata``, a separate process)
and fetches them 4 in parallel, first with 4 ``curl`` processes (alone; followed by
an fsync of each file, as the downloader fsyncs before it shows a file; followed
by 4 ``md5sum`` processes, as the downloader checks the MD5 CMR lists), then with
the ``DownloadManager`` (``max_concurrent=4``), with and without MD5 checks.
Both use the same bearer token, so no login redirects are involved.

The same downloads are also timed with the code before issue #14 (``--baseline``,
a git worktree of that commit, run in a subprocess): its own HTTP/1.1 client
(``downloads/http11.py``, ``http.client`` on a socket connected by asyncio) where
ours now runs on urllib3, the suite's one outbound transport.

Run: ``python bench/downloads.py [--files 4] [--mb 50] [--rounds 3]``. Goals: ours no
slower than the baseline by more than 10 %, and (where the disk allows) ≥ 0.9× curl.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
#: The tree whose package is measured: this one, or the baseline's worktree.
TREE = os.environ.get("HACKWEEK_BENCH_TREE") or os.path.dirname(HERE)
sys.path.insert(0, TREE)
BASELINE = "14f95fb"  # the last commit before the one outbound transport (#14)

from jupyterlab_hackweek.downloads import DownloadManager, Downloads  # noqa: E402

sys.path.insert(0, HERE)
import baseline  # noqa: E402


def make_files(folder: str, count: int, megabytes: int) -> list[tuple[str, str, int, str]]:
    """``(name, path, size, md5)`` of ``count`` generated files."""
    files = []
    for index in range(count):
        name = f"ATL03_bench_{index}.h5"
        path = os.path.join(folder, name)
        digest = hashlib.md5()  # noqa: S324 (CMR gives MD5)
        with open(path, "wb") as out:
            for _ in range(megabytes):
                block = os.urandom(1 << 20)
                digest.update(block)
                out.write(block)
        files.append((name, path, megabytes << 20, digest.hexdigest()))
    return files


def start_server(files, port: int) -> tuple[subprocess.Popen, dict]:
    args = [sys.executable, "-m", "jupyterlab_hackweek.tests.fake_earthdata", "--port", str(port)]
    for name, path, _size, _md5 in files:
        args += ["--file", f"{name}={path}"]
    server = subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        text=True,
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    )
    info = json.loads(server.stdout.readline())
    return server, info


def run_curl(info: dict, files, out: str, then: str = "") -> float:
    """Seconds for 4 parallel curls; ``then`` adds an fsync of each file, as the
    downloader does before it shows a file, or 4 parallel md5sums."""
    started = time.perf_counter()
    procs = [
        subprocess.Popen(
            [
                "curl",
                "-sS",
                "--fail",
                "-H",
                f"Authorization: Bearer {info['token']}",
                "-o",
                os.path.join(out, name),
                f"{info['data']}/data/{name}",
            ]
        )
        for name, *_ in files
    ]
    if any(proc.wait() for proc in procs):
        raise SystemExit("curl failed")
    if then == "fsync":
        for name, *_ in files:
            with open(os.path.join(out, name), "rb") as saved:
                os.fsync(saved.fileno())
    if then == "md5sum":
        sums = [
            subprocess.Popen(["md5sum", os.path.join(out, name)], stdout=subprocess.DEVNULL)
            for name, *_ in files
        ]
        if any(proc.wait() for proc in sums):
            raise SystemExit("md5sum failed")
    return time.perf_counter() - started


async def run_manager(info: dict, files, out: str, with_md5: bool) -> float:
    port = info["data"].rsplit(":", 1)[1]
    login_port = info["login"].rsplit(":", 1)[1]
    config = Downloads(
        allowed_hosts=[f"127.0.0.1:{port}", f"127.0.0.1:{login_port}"],
        earthdata_login_url=info["login"],
        allow_insecure_loopback=True,
        max_concurrent=4,
        root=os.path.join(out, "data"),
        state_file=os.path.join(out, "state.json"),
    )
    manager = DownloadManager(config, out, out, environ={"EARTHDATA_TOKEN": info["token"]})
    await manager.start()
    granules = [
        {
            "name": name,
            "url": f"{info['data']}/data/{name}",
            "size_bytes": size,
            **({"checksum": {"algorithm": "MD5", "value": md5}} if with_md5 else {}),
        }
        for name, _path, size, md5 in files
    ]
    started = time.perf_counter()
    created = await manager.create({"short_name": "ATL03", "version": "006", "granules": granules})
    while (reply := manager.get(created["id"]))["state"] == "active":
        await asyncio.sleep(0.01)
    elapsed = time.perf_counter() - started
    await manager.shutdown()
    if reply["state"] != "done":
        raise SystemExit(f"download failed: {[f['error'] for f in reply['files']]}")
    return elapsed


def run_baseline(tree: str, info: dict, files, out: str, with_md5: bool) -> float:
    """Seconds the baseline's downloader takes, measured in a subprocess on its tree."""
    measured = subprocess.run(  # noqa: S603 - an argument list
        [sys.executable, os.path.abspath(__file__), "--measure"],
        input=json.dumps({"info": info, "files": files, "out": out, "md5": with_md5}),
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "HACKWEEK_BENCH_TREE": tree},
    )
    return float(measured.stdout.strip().splitlines()[-1])


def measure() -> None:
    """``--measure``: time one run of the downloader of ``TREE`` (JSON on stdin)."""
    job = json.load(sys.stdin)
    files = [tuple(f) for f in job["files"]]
    print(asyncio.run(run_manager(job["info"], files, job["out"], job["md5"])))


def main() -> None:
    parser = argparse.ArgumentParser(description="downloader vs. curl throughput")
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--mb", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--port", type=int, default=18731)
    parser.add_argument("--baseline", default=BASELINE, help="commit to compare with ('' for none)")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        return measure()
    if shutil.which("curl") is None:
        raise SystemExit("curl is not installed")
    work = tempfile.mkdtemp(prefix="hackweek-bench-")
    try:
        files = make_files(work, args.files, args.mb)
        total_mb = args.files * args.mb * 1.048576
        server, info = start_server(files, args.port)
        try:
            runs = {
                "curl": lambda out: run_curl(info, files, out),
                "curl + fsync": lambda out: run_curl(info, files, out, "fsync"),
                "curl + md5sum": lambda out: run_curl(info, files, out, "md5sum"),
                "hackweek (size check)": lambda out: asyncio.run(
                    run_manager(info, files, out, with_md5=False)
                ),
                "hackweek (size + MD5)": lambda out: asyncio.run(
                    run_manager(info, files, out, with_md5=True)
                ),
            }
            with baseline.worktree(args.baseline, work) as tree:
                if tree:
                    runs[f"before #14 ({args.baseline})"] = lambda out: run_baseline(
                        tree, info, files, out, with_md5=False
                    )
                best = {label: [] for label in runs}
                for _ in range(args.rounds):
                    for label, run in runs.items():
                        out = tempfile.mkdtemp(dir=work)
                        best[label].append(run(out))
                        shutil.rmtree(out)
        finally:
            server.terminate()
            server.wait()
        curl = min(best["curl"])
        print(
            f"{args.files} files x {args.mb} MiB in parallel from a loopback fake data host; "
            f"best of {args.rounds}"
        )
        print(f"{'client':<24}{'seconds':>9}{'MB/s':>9}{'vs curl':>9}")
        for label, times in best.items():
            seconds = min(times)
            print(f"{label:<24}{seconds:>9.2f}{total_mb / seconds:>9.0f}{curl / seconds:>9.2f}")
        ours = min(best["hackweek (size check)"])
        print(f"ratio (hackweek / curl throughput): {curl / ours:.2f} (goal >= 0.9)")
        fsync = min(best["curl + fsync"])
        print(f"ratio (hackweek / curl + fsync throughput): {fsync / ours:.2f}")
        if tree:
            before = min(best[f"before #14 ({args.baseline})"])
            verdict = "goal met" if ours <= before * 1.10 else "goal NOT met"
            print(f"ours / before #14 (seconds): {ours / before:.2f} ({verdict}: <= 1.10)")
        md5 = min(best["curl + md5sum"]) / min(best["hackweek (size + MD5)"])
        print(f"ratio with MD5 checks (hackweek + MD5 / curl + md5sum): {md5:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
