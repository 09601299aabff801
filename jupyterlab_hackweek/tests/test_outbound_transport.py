"""The one outbound transport (urllib3 under the suite's rules) against canned raw
answers on loopback."""

from __future__ import annotations

import asyncio
import time

import pytest
from urllib3.util import Timeout

from jupyterlab_hackweek.downloads import transfer
from jupyterlab_hackweek.outbound import transport
from jupyterlab_hackweek.outbound.policy import parse

ANSWERS = {
    "/length": b"HTTP/1.1 200 OK\r\nContent-Length: 11\r\nX-A: 1\r\nX-A: 2\r\n\r\nhello world",
    "/chunked": (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: x\r\n\r\n"
    ),
    "/until-close": b"HTTP/1.0 200 OK\r\n\r\nhello world",
    "/short": b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhello world",
    "/stall": b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhello",
    "/garbage": b"SSH-2.0-OpenSSH\r\n\r\n",
    "/bad-chunk": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
}


@pytest.fixture
def raw_server(jp_asyncio_loop):
    requests, stalled = [], set()

    async def answer(reader, writer):
        head = await reader.readuntil(b"\r\n\r\n")
        requests.append(head.decode("latin-1"))
        path = head.split(b" ")[1].decode()
        writer.write(ANSWERS[path])
        await writer.drain()
        if path == "/stall":
            stalled.add(asyncio.current_task())
            await asyncio.sleep(5)
        writer.close()

    server = jp_asyncio_loop.run_until_complete(asyncio.start_server(answer, "127.0.0.1", 0))
    port = server.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}", requests
    server.close()
    for task in stalled:
        task.cancel()
    jp_asyncio_loop.run_until_complete(asyncio.gather(*stalled, return_exceptions=True))


def loopback(url: str):
    return parse(url, allow_insecure_loopback=True)


def read_all(response: transport.Response) -> bytes:
    block, body = memoryview(bytearray(4)), b""
    while count := response.readinto(block):
        body += block[:count]
    return body


def get(url, idle=2.0, headers=None) -> transport.Response:
    return transport.Transport({}).request(
        "GET", loopback(url), headers or {"Range": "bytes=0-"}, timeout=Timeout(2.0, idle)
    )


async def body_of(url, idle=2.0, headers=None):
    response = await asyncio.to_thread(get, url, idle, headers)
    try:
        return response, await asyncio.to_thread(read_all, response)
    finally:
        response.close()


@pytest.mark.parametrize("path", ["/length", "/chunked", "/until-close"])
async def test_every_body_framing_is_read(raw_server, path):
    base, requests = raw_server
    response, body = await body_of(base + path)
    assert (response.status_code, body) == (200, b"hello world")
    assert requests[0].startswith(f"GET {path} HTTP/1.1\r\n")
    assert "\r\nHost: 127.0.0.1:" in requests[0] and "Range: bytes=0-\r\n" in requests[0]


async def test_repeated_headers_are_kept(raw_server):
    response, _ = await body_of(raw_server[0] + "/length")
    assert response.header_list("x-a") == ["1", "2"] and response.header("X-A") == "1"


@pytest.mark.parametrize("path", ["/short", "/bad-chunk"])
async def test_a_body_that_stops_early_is_an_error(raw_server, path):
    with pytest.raises(transport.NetworkError):
        await body_of(raw_server[0] + path)


async def test_what_came_before_a_cut_is_kept(raw_server):
    # The first read returns the bytes that came; the cut is raised by the next one
    response = await asyncio.to_thread(get, raw_server[0] + "/short")
    block = memoryview(bytearray(1 << 20))
    assert await asyncio.to_thread(response.readinto, block) == 11
    with pytest.raises(transport.NetworkError, match="before the end"):
        await asyncio.to_thread(response.readinto, block)


async def test_a_stalled_body_times_out(raw_server):
    with pytest.raises(transport.NetworkError, match="stopped sending"):
        await body_of(raw_server[0] + "/stall", idle=0.2)


async def test_abort_wakes_a_blocked_read_at_once(raw_server):
    response = await asyncio.to_thread(get, raw_server[0] + "/stall", 30.0)
    reading = asyncio.ensure_future(asyncio.to_thread(read_all, response))
    await asyncio.sleep(0.1)
    response.abort()
    with pytest.raises(transport.NetworkError):
        await asyncio.wait_for(reading, 2.0)
    response.close()


async def test_a_non_http_answer_is_refused(raw_server):
    with pytest.raises(transport.NetworkError):
        await body_of(raw_server[0] + "/garbage", headers={"X": "1"})


async def test_header_injection_is_refused(raw_server):
    with pytest.raises(ValueError, match="line break"):
        await body_of(raw_server[0] + "/length", headers={"Cookie": "a\r\nX: y"})


async def test_a_refused_connection_says_so():
    with pytest.raises(transport.ConnectFailed, match="ConnectionRefusedError"):
        await asyncio.to_thread(get, "http://127.0.0.1:9/")


async def test_a_stop_during_a_stalled_tls_handshake_returns_at_once():
    # Given a peer that accepts the connection and never answers the TLS hello
    writers = []

    async def silent(reader, writer):
        writers.append(writer)
        await reader.read()  # until the client goes away
        writer.close()

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    outbound = transport.Transport({})
    target = parse(f"https://127.0.0.1:{port}/x")
    sending = asyncio.ensure_future(transfer.send(outbound, target, {}, Timeout(3.0, 3.0)))
    await asyncio.sleep(0.2)
    # When the download is stopped, Then the stop does not wait for the handshake
    started = time.monotonic()
    sending.cancel()
    with pytest.raises(asyncio.CancelledError):
        await sending
    assert time.monotonic() - started < 0.5
    for writer in writers:  # (and the thread, left alone, ends when the peer goes)
        writer.close()
    server.close()
    await server.wait_closed()
    outbound.close()


@pytest.mark.parametrize(
    "value, expected",
    [("7", 7), (None, 5), ("soon", 5), ("99999", 60), ("Wed, 21 Oct 2015 07:28:00 GMT", 0)],
)
def test_retry_after_is_seconds_or_a_date_within_a_ceiling(value, expected):
    assert transport.retry_after_seconds(value, 5, 60) == expected
