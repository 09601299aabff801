"""A loopback HTTP proxy that only tunnels, for the proxy tests, the browser tests'
site and the demo (``nsidc_hosts``): no test framework needed to import it."""

from __future__ import annotations

import asyncio
import base64


class ConnectProxy:
    """A loopback HTTP proxy that only tunnels (``CONNECT``), like a site's squid.

    Keeps each request head it was sent (``heads``) and every byte the client sent
    through its tunnels (``tunnelled``); answers ``fail_first`` to the first CONNECT.
    """

    def __init__(self, password: str | None = None, fail_first: int | None = None):
        self.password = password
        self.fail_first = fail_first
        self.heads: list[str] = []
        self.tunnelled = bytearray()
        self.port = 0
        self._writers: list[asyncio.StreamWriter] = []

    @property
    def requests(self) -> list[str]:
        """The request lines received, in order."""
        return [head.split("\r\n", 1)[0] for head in self.heads]

    async def start(self) -> ConnectProxy:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        """Stop listening and end the tunnels still open (kept-alive client connections)."""
        self._server.close()
        for writer in self._writers:
            writer.close()
        await self._server.wait_closed()

    async def _serve(self, reader, writer) -> None:
        self._writers.append(writer)
        text = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
        self.heads.append(text)
        head = text.split("\r\n")
        method, authority, _ = head[0].split(" ")
        headers = dict(line.split(": ", 1) for line in head[1:] if line)
        wanted = "Basic " + base64.b64encode(f"site:{self.password}".encode()).decode()
        if method != "CONNECT" or (self.password and headers.get("Proxy-Authorization") != wanted):
            writer.write(b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n")
            writer.close()
            return
        if self.fail_first and len(self.heads) == 1:
            writer.write(f"HTTP/1.1 {self.fail_first} Bad\r\nContent-Length: 0\r\n\r\n".encode())
            writer.close()
            return
        host, _, port = authority.rpartition(":")
        upstream_reader, upstream_writer = await asyncio.open_connection(host, int(port))
        self._writers.append(upstream_writer)
        writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")

        async def pipe(source, sink, record: bool):
            try:
                while data := await source.read(1 << 16):
                    if record:
                        self.tunnelled += data
                    sink.write(data)
                    await sink.drain()
            except ConnectionError:
                pass
            finally:
                sink.close()

        await asyncio.gather(
            pipe(reader, upstream_writer, True), pipe(upstream_reader, writer, False)
        )
