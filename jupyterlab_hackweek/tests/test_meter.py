"""The resource meter's sampler on recorded cgroup trees (no server)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from jupyterlab_hackweek.meter import sampler
from jupyterlab_hackweek.meter.cgroup import parse_proc_cgroup, read_cgroup
from jupyterlab_hackweek.meter.probes import (
    ABSURD_DISK_BYTES,
    HAS_PROC,
    HAS_SMAPS_ROLLUP,
    disk_usage,
    process_trees_usage,
)
from jupyterlab_hackweek.meter.sampler import KernelInfo, ResourceMeter
from jupyterlab_hackweek.tests.contract import record

DATA = Path(__file__).parent / "data" / "meter"
GiB = 1024**3
MiB = 1024**2


@pytest.fixture(autouse=True)
def no_limit_env(monkeypatch):
    """Keep the host's MEM_LIMIT/CPU_LIMIT out of these tests unless one sets them."""
    monkeypatch.delenv("MEM_LIMIT", raising=False)
    monkeypatch.delenv("CPU_LIMIT", raising=False)


def meter(root: Path, tmp_path: Path, **traits) -> ResourceMeter:
    return ResourceMeter(
        cgroup_root=str(root), home_dir=str(tmp_path), shared_dir=str(tmp_path / "nope"), **traits
    )


def test_cgroup_v2_tree(tmp_path):
    # Given a v2 pod cgroup limited to 4 GiB and 2 CPUs
    m = meter(DATA / "cgroup-v2", tmp_path)
    # When it is sampled
    reply = m.sample([], now=1000.0)
    # Then memory is the working set (current − inactive_file) against the cgroup limit
    assert reply["source"] == "cgroup-v2"
    assert reply["memory"] == {
        "used": 1610612736 - 268435456,
        "limit": 4 * GiB,
        "limit_source": "cgroup",
    }
    # And CPU is measured against 2 cores, with no percentage before a second sample
    assert reply["cpu"] == {"percent": None, "limit": 2.0, "limit_source": "cgroup"}
    assert reply["oom_kill"] == 2
    assert reply["oom_events"] == []


def test_cgroup_v1_tree(tmp_path):
    # Given a v1 pod cgroup limited to 2 GiB and half a CPU
    reading = read_cgroup(str(DATA / "cgroup-v1"))
    # Then the working set subtracts total_inactive_file and usage is read in ns
    assert reading.version == 1
    assert reading.memory_used == 1073741824 - 104857600
    assert reading.memory_limit == 2 * GiB
    assert reading.cpu_limit == 0.5
    assert reading.cpu_usage_seconds == pytest.approx(987.654321)
    assert reading.oom_kill == 3
    reply = meter(DATA / "cgroup-v1", tmp_path).sample([])
    assert reply["source"] == "cgroup-v1"
    assert reply["memory"]["limit"] == 2 * GiB


def test_no_limit_tree_falls_back_to_the_host(tmp_path):
    # Given a v2 cgroup without limits ("max")
    reply = meter(DATA / "cgroup-v2-nolimit", tmp_path).sample([])
    # Then usage still comes from the cgroup, but the limits are the machine's
    assert reply["memory"]["used"] == 314572800 - 104857600
    assert reply["memory"]["limit"] == psutil.virtual_memory().total
    assert reply["memory"]["limit_source"] == "host"
    assert reply["cpu"]["limit"] == psutil.cpu_count()
    assert reply["cpu"]["limit_source"] == "host"


def test_no_cgroup_at_all_uses_psutil(tmp_path):
    # Given a cgroup root with no cgroup files (a laptop, macOS)
    reply = meter(tmp_path / "empty", tmp_path).sample([])
    # Then the host's memory is shown, never an error
    assert reply["source"] == "host"
    assert 0 < reply["memory"]["used"] <= reply["memory"]["limit"]
    assert reply["oom_kill"] is None


def test_env_limits_and_the_tighter_limit_wins(tmp_path, monkeypatch):
    # Given KubeSpawner's MEM_LIMIT/CPU_LIMIT tighter than the cgroup's
    monkeypatch.setenv("MEM_LIMIT", str(3 * GiB))
    monkeypatch.setenv("CPU_LIMIT", "1.5")
    reply = meter(DATA / "cgroup-v2", tmp_path).sample([])
    # Then those are the limits shown
    assert reply["memory"]["limit"] == 3 * GiB
    assert reply["memory"]["limit_source"] == "config"
    assert reply["cpu"]["limit"] == 1.5
    # And a traitlet looser than the cgroup loses to the cgroup
    reply = meter(DATA / "cgroup-v2", tmp_path, mem_limit=8 * GiB).sample([])
    assert reply["memory"]["limit"] == 4 * GiB


def test_cpu_is_a_share_of_the_limit_from_deltas(tmp_path):
    # Given a copy of the v2 tree sampled once
    root = tmp_path / "cg"
    shutil.copytree(DATA / "cgroup-v2", root)
    m = meter(root, tmp_path)
    m.sample([], now=100.0)
    # When 3 CPU-seconds were used over 2 s of wall time with a 2-core limit
    (root / "cpu.stat").write_text("usage_usec 737251880\n")
    reply = m.sample([], now=102.0)
    # Then CPU is 3 / 2 / 2 = 75 % of the limit (not 150 % of one core)
    assert reply["cpu"]["percent"] == pytest.approx(75.0)


def test_a_bumped_oom_kill_counter_is_an_oom_event(tmp_path):
    # Given a copy of the v2 tree and a kernel seen in the first sample
    root = tmp_path / "cg"
    shutil.copytree(DATA / "cgroup-v2", root)
    m = meter(root, tmp_path)
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        kernel = KernelInfo(id="k1", pid=child.pid, path="work/big.ipynb", name="python3")
        first = m.sample([kernel], now=10.0)
        assert [row["path"] for row in first["kernels"]] == ["work/big.ipynb"]
        assert first["kernels"][0]["memory"] > 0
        # When the kernel is killed and the counter rises from 2 to 3
        child.kill()
        child.wait()
        events = root / "memory.events"
        events.write_text(events.read_text().replace("oom_kill 2", "oom_kill 3"))
        second = m.sample([kernel], now=12.0)
    finally:
        child.kill()
        child.wait()
    # Then one OOM event names the kernel and the limit, and the dead kernel is no row
    record("metrics-oom", second)
    assert second["kernels"] == []
    assert second["oom_events"] == [
        {
            "timestamp": 12.0,
            "counter": 3,
            "kills": 1,
            "limit": 4 * GiB,
            "kernels": [{"id": "k1", "path": "work/big.ipynb", "name": "python3"}],
        }
    ]
    # And an unchanged counter adds no event
    assert len(m.sample([], now=14.0)["oom_events"]) == 1


def test_kernel_rows_hold_numbers_only(tmp_path):
    # Given this test process posing as a kernel
    kernel = KernelInfo(id="k", pid=os.getpid(), path="a.ipynb", type="notebook", name="python3")
    row = meter(DATA / "cgroup-v2", tmp_path).sample([kernel])["kernels"][0]
    # Then its row has memory but no command line or environment
    assert set(row) == {"id", "name", "path", "type", "memory", "memory_kind", "cpu_percent"}
    assert row["memory"] > 10 * MiB


def test_disk_usage_treats_an_absurd_total_as_unknown(tmp_path, monkeypatch):
    # Given a home disk and an NFS volume reporting ~9.2e18 bytes
    assert disk_usage(str(tmp_path))["total"] > 0
    assert disk_usage(str(tmp_path / "missing")) is None
    fake = shutil._ntuple_diskusage(2**63 - 4096, 5 * GiB, 2**63 - 4096 - 5 * GiB)
    monkeypatch.setattr(shutil, "disk_usage", lambda path: fake)
    # Then its total and free are unknown, its used space kept
    assert disk_usage(str(tmp_path)) == {"total": None, "used": 5 * GiB, "free": None}
    assert ABSURD_DISK_BYTES < 2**63 - 4096


# --- The server's own cgroup on a host without cgroup namespaces ---------------------


def test_v1_host_reads_the_process_cgroup_not_the_machine(tmp_path):
    # Given this build machine's v1 tree (root = the whole machine, 7 GB in use,
    # no limit) and its recorded /proc/self/cgroup naming a memory cgroup below it
    root = DATA / "cgroup-v1-host"
    # When the tree is read with the proc file
    reading = read_cgroup(str(root), str(DATA / "proc-self-cgroup-v1.txt"))
    # Then memory comes from the process's own memory cgroup (2 GiB limit, 3 kills)
    assert reading.memory_used == 1073741824 - 104857600
    assert reading.memory_limit == 2 * GiB
    assert reading.oom_kill == 3
    # And cpu/cpuacct, whose own folders ("/") are the root, come from the root
    assert reading.cpu_limit is None
    assert reading.cpu_usage_seconds == pytest.approx(2625.675646166)
    # While without the proc file the machine's root cgroup is what is read
    assert read_cgroup(str(root)).memory_used == 7004676096 - 5116211200


def test_v2_host_reads_the_unified_path_and_falls_back_to_the_root(tmp_path):
    # Given a v2 host tree with a limited service cgroup below an unlimited root
    root = DATA / "cgroup-v2-host"
    # When the proc file names that service's cgroup
    own = read_cgroup(str(root), str(DATA / "proc-self-cgroup-v2.txt"))
    # Then its limits and counters are read
    assert own.memory_limit == 4 * GiB
    assert own.cpu_limit == 2.0
    assert own.memory_used == 1610612736 - 268435456
    # When the named cgroup is not mounted here (another container's view), the root is read
    other = read_cgroup(str(root), str(DATA / "proc-self-cgroup-v2-elsewhere.txt"))
    assert other.memory_limit is None
    assert other.memory_used == 314572800 - 104857600
    # And a missing proc file also means the root
    assert read_cgroup(str(root), str(tmp_path / "no-proc")).memory_limit is None


def test_proc_cgroup_lines_are_parsed_per_controller():
    # Given v1 lines with a shared cpu,cpuacct hierarchy, a named one and the v2 line
    text = "4:memory:/kubepods/pod1/c1\n2:cpu,cpuacct:/kubepods/pod1\n9:name=systemd:/\n0::/\n"
    # Then each controller gets its path, the v2 path under ""
    assert parse_proc_cgroup(text) == {
        "memory": "/kubepods/pod1/c1",
        "cpu": "/kubepods/pod1",
        "cpuacct": "/kubepods/pod1",
        "name=systemd": "/",
        "": "/",
    }


def test_escaping_paths_read_the_root(tmp_path):
    # Given a proc file with a path outside the namespace (as the kernel writes it)
    proc = tmp_path / "cgroup"
    proc.write_text("0::/../../elsewhere\n")
    # Then the root is read, never a folder above it
    assert read_cgroup(str(DATA / "cgroup-v2-host"), str(proc)).memory_limit is None


def test_the_meter_follows_its_own_cgroup_only_at_the_default_root(tmp_path, monkeypatch):
    # Given the default root pointing at the v1 host tree and the recorded proc file
    monkeypatch.setattr(sampler, "DEFAULT_CGROUP_ROOT", str(DATA / "cgroup-v1-host"))
    proc = str(DATA / "proc-self-cgroup-v1.txt")
    # When cgroup_root is left at its default
    auto = ResourceMeter(proc_cgroup_file=proc, home_dir=str(tmp_path), shared_dir="")
    # Then the process's own memory cgroup and its 2 GiB limit are shown
    assert auto.sample([])["memory"]["limit"] == 2 * GiB
    # When an admin sets cgroup_root (to the same folder), Then that folder is read as is
    chosen = ResourceMeter(
        cgroup_root=str(DATA / "cgroup-v1-host"),
        proc_cgroup_file=proc,
        home_dir=str(tmp_path),
        shared_dir="",
    )
    assert chosen.sample([])["memory"]["used"] == 7004676096 - 5116211200


# --- Per-kernel memory without double-counted shared pages ---------------------------

ALLOCATE_AND_FORK = """
import os, sys, time
data = b"\\x01" * (200 * 1024**2)  # 200 MiB written, so resident
if os.fork() == 0:  # the forked child shares every one of those pages
    time.sleep(60)
    os._exit(0)
print("ready", flush=True)
time.sleep(60)
"""


@pytest.mark.skipif(not HAS_SMAPS_ROLLUP, reason="needs /proc/PID/smaps_rollup (Linux)")
def test_a_forked_tree_counts_its_shared_pages_once(tmp_path):
    # Given a "kernel" holding 200 MiB that forked a child sharing all of it
    parent = subprocess.Popen(
        [sys.executable, "-c", ALLOCATE_AND_FORK], stdout=subprocess.PIPE, text=True
    )
    try:
        assert parent.stdout.readline().strip() == "ready"
        tree = [parent.pid, *(c.pid for c in psutil.Process(parent.pid).children())]
        rss_sum = sum(psutil.Process(pid).memory_info().rss for pid in tree)
        # When it is sampled as a kernel
        kernel = KernelInfo(id="k", pid=parent.pid, path="fork.ipynb")
        row = meter(DATA / "cgroup-v2", tmp_path).sample([kernel])["kernels"][0]
    finally:
        for child in psutil.Process(parent.pid).children():
            child.kill()
        parent.kill()
        parent.wait()
    # Then the 200 MiB count once (PSS summed over the tree), where RSS counts them twice
    assert len(tree) == 2
    assert rss_sum > 400 * MiB
    assert row["memory_kind"] == "pss"
    assert 200 * MiB <= row["memory"] < 300 * MiB


@pytest.mark.skipif(not HAS_PROC, reason="needs /proc (Linux)")
def test_a_lone_kernel_counts_its_own_data_not_the_libraries_it_maps(tmp_path):
    # Given this test process (mapping libraries shared with others) posing as a kernel
    kernel = KernelInfo(id="k", pid=os.getpid(), path="a.ipynb")
    row = meter(DATA / "cgroup-v2", tmp_path).sample([kernel])["kernels"][0]
    # Then its memory is its anonymous resident memory: less than its RSS, which
    # also counts the file pages of every library it maps
    assert row["memory_kind"] == "anon"
    assert 0 < row["memory"] < psutil.Process().memory_info().rss


def test_a_kernels_child_processes_are_counted_with_it():
    # Given a "kernel" whose child process holds 60 MB (as a kernel running a tool does)
    code = (
        "import subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', "
        "'import sys, time; b = bytearray(60 * 2**20); print(1, flush=True); time.sleep(60)'],"
        " stdout=subprocess.PIPE)\n"
        "child.stdout.readline(); print(child.pid, flush=True); time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    child_pid = None
    try:
        child_pid = int(parent.stdout.readline())
        # When the meter measures the kernel's tree
        usage = process_trees_usage([parent.pid])[parent.pid]
        alone = process_trees_usage([child_pid])[child_pid]
        # Then the child's 60 MB are in the kernel's figure, counted as PSS (a tree)
        assert usage.alive
        assert usage.memory >= 60 * 2**20
        assert usage.memory > alone.memory
        assert usage.memory_kind in ("pss", "rss")
    finally:
        if child_pid:
            os.kill(child_pid, 9)
        parent.kill()
        parent.wait()
