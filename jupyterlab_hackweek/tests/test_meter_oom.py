"""A real OOM kill inside a 64 MiB memory cgroup, seen by the sampler.

Needs permission to create a child memory cgroup (root in a container with a
writable cgroup mount, v1 or delegated v2); otherwise the test is skipped.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from jupyterlab_hackweek.meter.sampler import KernelInfo, ResourceMeter

LIMIT = 64 * 1024**2
CGROUP = Path("/sys/fs/cgroup")
# The child joins the cgroup itself, then touches 256 MiB (bytearray zero-fills every page).
HOG = (
    "import sys, time\n"
    "open(sys.argv[1], 'w').write('0')\n"
    "time.sleep(0.2)\n"
    "x = bytearray(256 * 1024**2)\n"
    "time.sleep(5)\n"
)


def own_cgroup(controller: str) -> str | None:
    """This process's cgroup path for a v1 controller ('memory') or v2 ('')."""
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if controller in controllers.split(","):
            return path
    return None


def make_child_cgroup(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Create a 64 MiB child cgroup; return (cgroup dir, meter root, file to join it)."""
    name = f"hackweek-oom-{uuid.uuid4().hex[:8]}"
    v1_path = own_cgroup("memory")
    if v1_path is not None and (CGROUP / "memory" / "memory.limit_in_bytes").exists():
        child = CGROUP / "memory" / v1_path.lstrip("/") / name
        child.mkdir()
        (child / "memory.limit_in_bytes").write_text(str(LIMIT))
        if (child / "memory.memsw.limit_in_bytes").exists():
            (child / "memory.memsw.limit_in_bytes").write_text(str(LIMIT))
        root = tmp_path / "cgroup"
        root.mkdir()
        (root / "memory").symlink_to(child)
        return child, root, child / "cgroup.procs"
    v2_path = own_cgroup("")
    if v2_path is not None and (CGROUP / "cgroup.controllers").exists():
        child = CGROUP / v2_path.lstrip("/") / name
        child.mkdir()
        if not (child / "memory.max").exists():
            child.rmdir()
            raise PermissionError("the memory controller is not delegated to this cgroup")
        (child / "memory.max").write_text(str(LIMIT))
        (child / "memory.swap.max").write_text("0")
        return child, child, child / "cgroup.procs"
    raise PermissionError("no cgroup v1 memory hierarchy or v2 mount found")


def test_a_real_oom_kill_is_reported(tmp_path, monkeypatch):
    monkeypatch.delenv("MEM_LIMIT", raising=False)
    # Given a child memory cgroup limited to 64 MiB (or a skip if this machine forbids it)
    try:
        child, root, procs = make_child_cgroup(tmp_path)
    except OSError as error:
        pytest.skip(f"cannot create a 64 MiB memory cgroup here ({error}); no real OOM test")
    meter = ResourceMeter(cgroup_root=str(root), home_dir=str(tmp_path), shared_dir="")
    hog = subprocess.Popen([sys.executable, "-c", HOG, str(procs)])
    try:
        kernel = KernelInfo(id="hog", pid=hog.pid, path="hog.ipynb", name="python3")
        first = meter.sample([kernel])
        assert first["memory"]["limit"] == LIMIT
        assert first["oom_kill"] == 0
        # When the process allocates past the limit and the kernel kills it
        assert hog.wait(timeout=8) == -9
        time.sleep(0.05)
        second = meter.sample([kernel])
    finally:
        if hog.poll() is None:
            hog.kill()
            hog.wait()
        for _ in range(50):
            try:
                child.rmdir()
                break
            except OSError:
                time.sleep(0.1)
    # Then the sampler reports the kill, the dead kernel and the 64 MiB limit
    assert second["oom_kill"] >= 1
    [event] = second["oom_events"]
    assert event["limit"] == LIMIT
    assert event["kernels"] == [{"id": "hog", "path": "hog.ipynb", "name": "python3"}]
    assert os.path.exists(root)
