"""The test command's port choice: the browser tests' server (``ui-tests/testport.js``)
and the hub tests' and gateway's ports (``ports.free_ports``) when a port is taken."""

from __future__ import annotations

import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from .ports import free_ports

TESTPORT = Path(__file__).resolve().parents[2] / "ui-tests" / "testport.js"


def _listening(host: str = "127.0.0.1", family: int = socket.AF_INET) -> socket.socket:
    """A socket listening on a port the system chose (what a developer's server holds)."""
    sock = socket.socket(family)
    sock.bind((host, 0))
    sock.listen()
    return sock


def _bindable(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _choose(preferred: int) -> int:
    out = subprocess.run(
        ["node", str(TESTPORT), str(preferred)], capture_output=True, text=True, check=True
    )
    return int(out.stdout)


needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="node not installed")


@needs_node
def test_browser_tests_keep_a_free_default_port():
    (port,) = free_ports(1)
    assert _choose(port) == port


@needs_node
def test_browser_tests_move_off_a_taken_default_port():
    with _listening() as taken:
        port = taken.getsockname()[1]
        chosen = _choose(port)
        assert chosen != port
        assert _bindable(chosen)


@needs_node
def test_browser_tests_move_off_a_port_taken_on_ipv6_loopback_only():
    if not socket.has_ipv6:
        pytest.skip("no IPv6")
    try:
        taken = _listening("::1", socket.AF_INET6)
    except OSError:
        pytest.skip("no IPv6 loopback")
    with taken:
        port = taken.getsockname()[1]
        if not _bindable(port):
            pytest.skip("this system's IPv4 and IPv6 ports are not apart")
        assert _choose(port) != port


def test_hub_ports_are_distinct_and_free():
    with _listening() as taken:
        ports = free_ports(6)
        assert len(set(ports)) == 6
        assert taken.getsockname()[1] not in ports
        assert all(_bindable(port) for port in ports)
