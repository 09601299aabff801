"""The downloader's HTTP/1.1 client against canned raw answers on loopback."""

from __future__ import annotations

import asyncio
import ssl

import pytest

from jupyterlab_hackweek.downloads import http11

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
    requests = []

    async def answer(reader, writer):
        head = await reader.readuntil(b"\r\n\r\n")
        requests.append(head.decode("latin-1"))
        path = head.split(b" ")[1].decode()
        writer.write(ANSWERS[path])
        await writer.drain()
        if path == "/stall":
            await asyncio.sleep(5)
        writer.close()

    server = jp_asyncio_loop.run_until_complete(asyncio.start_server(answer, "127.0.0.1", 0))
    port = server.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}", requests
    server.close()


def read_all(response: http11.Response) -> bytes:
    block, body = memoryview(bytearray(4)), b""
    while count := response.readinto(block):
        body += block[:count]
    return body


async def body_of(url, idle=2.0, headers=None):
    connection = await http11.connect(url, None, 2.0, idle)
    try:
        response = await asyncio.to_thread(connection.request, headers or {"Range": "bytes=0-"})
        return response, await asyncio.to_thread(read_all, response)
    finally:
        connection.close()


@pytest.mark.parametrize("path", ["/length", "/chunked", "/until-close"])
async def test_every_body_framing_is_read(raw_server, path):
    base, requests = raw_server
    response, body = await body_of(base + path)
    assert (response.status_code, body) == (200, b"hello world")
    assert requests[0].startswith(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:")
    assert "Range: bytes=0-\r\n" in requests[0] and "Connection: close" in requests[0]


async def test_repeated_headers_are_kept(raw_server):
    response, _ = await body_of(raw_server[0] + "/length")
    assert response.header_list("x-a") == ["1", "2"] and response.header("X-A") == "1"


@pytest.mark.parametrize("path", ["/short", "/bad-chunk"])
async def test_a_body_that_stops_early_is_an_error(raw_server, path):
    with pytest.raises(http11.NetworkError):
        await body_of(raw_server[0] + path)


async def test_a_stalled_body_times_out(raw_server):
    with pytest.raises(http11.NetworkError, match="stopped sending"):
        await body_of(raw_server[0] + "/stall", idle=0.2)


async def test_abort_wakes_a_blocked_read_at_once(raw_server):
    connection = await http11.connect(raw_server[0] + "/stall", None, 2.0, 30.0)
    response = await asyncio.to_thread(connection.request, {})
    reading = asyncio.ensure_future(asyncio.to_thread(read_all, response))
    await asyncio.sleep(0.1)
    connection.abort()
    with pytest.raises(http11.NetworkError):
        await asyncio.wait_for(reading, 2.0)
    connection.close()


async def test_a_non_http_answer_is_refused(raw_server):
    with pytest.raises(http11.NetworkError):
        await body_of(raw_server[0] + "/garbage", headers={"X": "1"})


async def test_header_injection_is_refused(raw_server):
    with pytest.raises(ValueError):
        await body_of(raw_server[0] + "/length", headers={"Cookie": "a\r\nX: y"})


async def test_a_refused_connection_is_an_os_error():
    with pytest.raises(OSError):
        await http11.connect("http://127.0.0.1:9/", None, 2.0, 2.0)


async def test_abort_wakes_a_stalled_tls_handshake():
    # Given a peer that accepts the connection and never answers the TLS hello
    async def silent(reader, writer):
        await reader.read()  # until the client goes away
        writer.close()

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    connection = await http11.connect(
        f"https://127.0.0.1:{port}/x", ssl.create_default_context(), 2.0, 30.0
    )
    handshake = asyncio.ensure_future(asyncio.to_thread(connection.request, {}))
    await asyncio.sleep(0.2)
    # When the download is stopped, Then the blocked handshake ends at once
    connection.abort()
    with pytest.raises(http11.NetworkError):
        await asyncio.wait_for(handshake, 2.0)
    connection.close()
    server.close()
    await server.wait_closed()
