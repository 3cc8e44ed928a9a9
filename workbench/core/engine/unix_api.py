"""The engine's HTTP API over a local unix socket, spoken directly.

Opening an image from a local engine takes three calls: inspect, history and the save
stream. Through the docker SDK they first cost its import (requests and urllib3, about
0.3 s before the first request leaves), and the save body then arrives in 8 KiB
socket reads decoded one HTTP chunk at a time, on the interpreter that also scans it.
Here a request leaves at once, and the body comes in socket reads of up to a megabyte
whose chunk framing is stripped by slicing: the reading thread spends most of its
time in ``recv_into``, which releases the interpreter lock.

Only what those calls need is spoken: one request per connection, ``Connection:
close``, a body with ``Content-Length``, chunked, or up to the end of the connection.
Any other endpoint (tcp, TLS, ssh) goes through the SDK.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote

from workbench.core.engine.connection import unavailable
from workbench.core.errors import EngineUnavailableError

dechunk: Callable[..., tuple[int, int, int, int]] | None
try:  # built by setup.py; the Python decoder below gives the same bytes, holding the GIL
    from workbench.core.engine._chunks import dechunk
except ImportError:
    dechunk = None

_RECV = 1 << 20  # bytes asked of each socket read of a body
_HEAD_LIMIT = 64 << 10  # a status line and headers longer than this are not an engine's


class ApiError(Exception):
    """The engine answered with an error status; ``message`` is its own explanation."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message


class StreamBroken(Exception):
    """The connection failed or ended before the body did; the text says how."""


def api_path(template: str, *names: str) -> str:
    """``template`` with each ``{}`` filled by a name quoted for a URL path."""
    return template.format(*(quote(name, safe="/:@") for name in names))


class UnixApi:
    """Requests to the engine listening on ``socket_path``."""

    def __init__(self, socket_path: str, timeout: float = 600) -> None:
        self.socket_path = socket_path
        self.url = f"unix://{socket_path}"
        self.timeout = timeout

    def get_json(self, path: str) -> Any:
        """The decoded JSON body of ``GET path``; ApiError for an error status."""
        body = b"".join(self.stream(path, block=1 << 16))
        try:
            return json.loads(body)
        except ValueError:
            raise StreamBroken(f"the answer to {path} is not JSON") from None

    def stream(self, path: str, block: int = 1 << 20) -> Iterator[bytes]:
        """The body of ``GET path`` in pieces of at least ``block`` bytes (the last one
        may be shorter). The request is sent before the first piece is asked for, so
        the engine starts working at once; close the iterator to drop the connection."""
        sock = self._connect()
        try:
            sock.sendall(f"GET {path} HTTP/1.1\r\nHost: docker\r\nUser-Agent: "
                         "image-workbench\r\nConnection: close\r\n\r\n".encode())
        except OSError as exc:
            sock.close()
            raise StreamBroken(f"sending the request failed ({exc.strerror or exc})") from None
        return self._body(sock, block)

    def _connect(self) -> socket.socket:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self.socket_path)
        except OSError as exc:
            sock.close()
            detail = {FileNotFoundError: "no such file or directory",
                      ConnectionRefusedError: "connection refused",
                      PermissionError: "permission denied"}.get(type(exc), "")
            raise unavailable(self.url, detail) from None
        return sock

    def _body(self, sock: socket.socket, block: int) -> Iterator[bytes]:
        try:
            status, headers, rest = _read_head(sock)
            if "chunked" in headers.get("transfer-encoding", "").lower():
                pieces = (_dechunked(sock, rest, block) if dechunk is None
                          else _dechunked_compiled(sock, rest, block))
            else:
                length = headers.get("content-length")
                if length is not None and not length.isdigit():
                    raise StreamBroken(f"the answer's length is not a number: {length[:20]!r}")
                pieces = _sized(sock, rest, int(length) if length else None, block)
            if status >= 400:
                raise ApiError(status, _explanation(b"".join(pieces)))
            yield from pieces
        except TimeoutError:
            raise StreamBroken(f"no data for {self.timeout:.0f} s") from None
        except OSError as exc:
            raise StreamBroken(f"{type(exc).__name__}: {exc.strerror or exc}") from None
        finally:
            sock.close()


def _read_head(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """(status, lower-cased headers, body bytes already received)."""
    data = b""
    while (end := data.find(b"\r\n\r\n")) < 0:
        if len(data) > _HEAD_LIMIT:
            raise StreamBroken("the answer's headers never end")
        more = sock.recv(1 << 16)
        if not more:
            raise StreamBroken("the connection closed before an answer")
        data += more
    lines = data[:end].decode("latin-1").split("\r\n")
    parts = lines[0].split(None, 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/") or not parts[1].isdigit():
        raise StreamBroken(f"not an HTTP answer: {lines[0][:60]!r}")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(parts[1]), headers, data[end + 4 :]


def _sized(sock: socket.socket, rest: bytes, length: int | None, block: int) -> Iterator[bytes]:
    """A body of ``length`` bytes (None: up to the end of the connection)."""
    out = bytearray(rest)
    received = len(rest)
    buffer = bytearray(_RECV)
    view = memoryview(buffer)
    while length is None or received < length:
        n = sock.recv_into(buffer)
        if not n:
            if length is not None:
                raise StreamBroken(f"the body ended after {received} of {length} bytes")
            break
        out += view[:n]
        received += n
        if len(out) >= block:
            yield bytes(out)
            out.clear()
    if length is not None and received > length:
        del out[len(out) - (received - length) :]
    if out:
        yield bytes(out)


def _dechunked(sock: socket.socket, rest: bytes, block: int) -> Iterator[bytes]:
    """A chunked body's payload. Each socket read holds a few HTTP chunks (dockerd
    writes 32 KiB ones); their payloads are copied by slice into a preallocated block,
    and only the few bytes of each chunk's size line are looked at one by one."""
    out = bytearray(block + _RECV)
    out_view = memoryview(out)
    filled = 0  # payload bytes in ``out``
    buffer = bytearray(max(_RECV, len(rest)))
    view = memoryview(buffer)
    buffer[: len(rest)] = rest
    received, pos = len(rest), 0
    remaining = 0  # payload bytes of the current chunk not taken yet
    line = b""  # a size line cut by the end of a read
    while True:
        if pos == received:
            if filled >= block:
                yield bytes(out_view[:filled])
                filled = 0
            received, pos = sock.recv_into(buffer), 0
            if not received:
                raise StreamBroken("the connection closed in the middle of the body")
        if remaining:
            take = min(remaining, received - pos, len(out) - filled)
            out_view[filled : filled + take] = view[pos : pos + take]
            filled += take
            pos += take
            remaining -= take
            continue
        # Between chunks: the CRLF ending the previous payload (none before the first),
        # then "<hex size>[;extensions]\r\n".
        end = buffer.find(b"\n", pos, received)
        if end < 0:
            line += bytes(view[pos:received])
            pos = received
            if len(line) > 1024:
                raise StreamBroken("a chunk size line never ends")
            continue
        text = (line + bytes(view[pos:end])).strip()
        line, pos = b"", end + 1
        if not text:
            continue  # the CRLF after a payload
        try:
            size = int(text.split(b";", 1)[0], 16)
        except ValueError:
            raise StreamBroken(f"a chunk size line is not hexadecimal: {text[:20]!r}") from None
        if size == 0:  # the last chunk; trailers, if any, are not needed
            break
        remaining = size
    if filled:
        yield bytes(out_view[:filled])


def _dechunked_compiled(sock: socket.socket, rest: bytes, block: int) -> Iterator[bytes]:
    """``_dechunked`` with the framing stripped by ``_chunks.dechunk``, which releases
    the interpreter lock: the reading thread then holds it only to hand a block over."""
    assert dechunk is not None
    spare = 2 * 1024  # room for a size line carried over from the previous read
    buffer = bytearray(max(_RECV, len(rest)) + spare)
    view = memoryview(buffer)
    buffer[: len(rest)] = rest
    have = len(rest)
    out = bytearray(block + len(buffer))  # never full: flushed past ``block`` each read
    out_view = memoryview(out)
    filled = remaining = 0
    while True:
        used, filled, remaining, state = dechunk(view[:have], out, filled, remaining)
        if state == 1:
            break
        if state == -1:
            text = bytes(view[used : min(have, used + 20)]).strip()
            raise StreamBroken(f"a chunk size line is not hexadecimal: {text!r}")
        if state == -3:
            raise StreamBroken("a chunk size line never ends")
        if state != 0:
            raise StreamBroken("the chunk decoder ran out of room")
        if filled >= block:
            yield bytes(out_view[:filled])
            filled = 0
        carry = have - used
        if carry:
            buffer[:carry] = bytes(view[used:have])
        received = sock.recv_into(view[carry : len(buffer) - spare + carry])
        if not received:
            raise StreamBroken("the connection closed in the middle of the body")
        have = carry + received
    if filled:
        yield bytes(out_view[:filled])


def _explanation(body: bytes) -> str:
    """The engine's error message: ``{"message": ...}`` as dockerd and Podman send it."""
    try:
        message = json.loads(body).get("message")
    except (ValueError, AttributeError):
        message = None
    text = str(message) if message else body.decode("utf-8", "replace").strip()
    return text.rstrip(".")[:300] or "no explanation given"


def broken(url: str, what: str, reason: str) -> EngineUnavailableError:
    """The sentence for a connection that failed after the request was answered."""
    return EngineUnavailableError(
        f"The engine at {url} stopped answering while reading {what} ({reason}): "
        "check that it is running and retry."
    )
