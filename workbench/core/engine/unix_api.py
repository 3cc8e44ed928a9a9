"""The engine's HTTP API over a local unix socket, spoken directly.

Opening an image from a local engine takes three calls: inspect, history and the save
stream. Through the docker SDK they first cost its import (requests and urllib3, about
0.3 s before the first request leaves), and the save body then arrives in 8 KiB
socket reads decoded one HTTP chunk at a time, on the interpreter that also scans it.
Here a request leaves at once, and the body is received straight into blocks of up
to a megabyte: the reading thread spends most of its time in ``recv_into``, which
releases the interpreter lock.

The requests are HTTP/1.0, one per connection: dockerd and Podman then send the body
as it is, with ``Content-Length`` or up to the end of the connection, and never in
chunks. Over HTTP/1.1 dockerd frames the 303 MB save stream of the reference image in
32 KiB chunks; removing the framing cost a copy of every byte, and framing it cost
dockerd its share of the two cores while the stream was scanned (0.1 s of the
stream's 0.7 s). Any other endpoint (tcp, TLS, ssh) goes through the SDK.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from workbench.core.engine.connection import unavailable
from workbench.core.errors import EngineUnavailableError

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
            # HTTP/1.0: the body comes unframed (see the module docstring).
            sock.sendall(f"GET {path} HTTP/1.0\r\nHost: docker\r\nUser-Agent: "
                         "image-workbench\r\n\r\n".encode())
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
            if headers.get("transfer-encoding", "identity").lower() != "identity":
                raise StreamBroken("the answer to an HTTP/1.0 request came in chunks")
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
    """A body of ``length`` bytes (None: up to the end of the connection), received
    straight into a block and handed on each time the block is full."""
    if length is not None and len(rest) > length:
        rest = rest[:length]
    out = bytearray(max(block, len(rest)))
    view = memoryview(out)
    out[: len(rest)] = rest
    filled = received = len(rest)
    while length is None or received < length:
        room = len(out) - filled
        n = sock.recv_into(view[filled:], room if length is None else min(room, length - received))
        if not n:
            if length is not None:
                raise StreamBroken(f"the body ended after {received} of {length} bytes")
            break
        filled += n
        received += n
        if filled == len(out):
            yield bytes(view)
            filled = 0
    if filled:
        yield bytes(view[:filled])


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
