"""The direct unix-socket API client against scripted answers on a real socket.

The real engines (dockerd, Podman) are spoken to by the integration tests; here the
answers an engine rarely gives are scripted byte by byte: bodies cut by the end of a
read anywhere, error statuses, bodies cut short or running long, chunked answers to an
HTTP/1.0 request, garbage instead of HTTP.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.core.engine.unix_api import ApiError, StreamBroken, UnixApi, api_path
from workbench.core.errors import EngineUnavailableError


class Scripted:
    """A unix socket that answers each connection with ``answer``, written in pieces of
    the given sizes with pauses between them (so reads end at arbitrary places)."""

    def __init__(self, path: Path, answer: bytes, pieces: list[int] | None = None,
                 close_early: bool = False) -> None:
        self.path = str(path)
        self.answer, self.pieces, self.close_early = answer, pieces, close_early
        self.requests: list[bytes] = []
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(self.path)
        self.server.listen(4)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                request = b""
                while b"\r\n\r\n" not in request:
                    request += conn.recv(4096)
                self.requests.append(request)
                # the client may hang up once it has what it needs
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self._send(conn)

    def _send(self, conn: socket.socket) -> None:
        data = self.answer
        pos = 0
        for size in self.pieces or [len(data)]:
            conn.sendall(data[pos : pos + size])
            pos += size
            time.sleep(0.001)
        if not self.close_early:
            conn.sendall(data[pos:])

    def close(self) -> None:
        # Closing alone does not wake a thread blocked in accept(); shutting down does.
        with contextlib.suppress(OSError):
            self.server.shutdown(socket.SHUT_RDWR)
        self.server.close()
        self.thread.join(5)
        assert not self.thread.is_alive()


@pytest.fixture
def sock_dir(tmp_path: Path) -> Iterator[Path]:
    # AF_UNIX paths are limited to about 100 bytes; pytest's tmp_path may be longer.
    short = Path(f"/tmp/wb-api-{os.getpid()}-{random.randrange(1 << 30)}")
    short.mkdir()
    try:
        yield short
    finally:
        for p in short.iterdir():
            p.unlink()
        short.rmdir()


def head(status: str = "200 OK", extra: str = "") -> bytes:
    return f"HTTP/1.0 {status}\r\nContent-Type: application/json\r\n{extra}\r\n".encode()


@pytest.mark.parametrize("seed", range(6))
def test_a_body_cut_anywhere_arrives_whole(sock_dir: Path, seed: int) -> None:
    rng = random.Random(seed)
    payload = rng.randbytes(300_000)
    sized = seed % 2  # with a length, or up to the end of the connection
    answer = head(extra=f"Content-Length: {len(payload)}\r\n" if sized else "") + payload
    cuts = [rng.randrange(1, 9000) for _ in range(len(answer) // 4000)]
    server = Scripted(sock_dir / "s.sock", answer, cuts)
    try:
        pieces = list(UnixApi(server.path).stream("/images/x/get", block=50_000))
    finally:
        server.close()
    assert b"".join(pieces) == payload
    assert all(len(p) == 50_000 for p in pieces[:-1])
    assert server.requests[0].startswith(b"GET /images/x/get HTTP/1.0\r\n")


def test_bytes_past_the_length_are_not_taken(sock_dir: Path) -> None:
    server = Scripted(sock_dir / "l.sock", head(extra="Content-Length: 5\r\n") + b"hello, more")
    try:
        assert b"".join(UnixApi(server.path).stream("/x", block=2)) == b"hello"
    finally:
        server.close()


def test_sized_and_unsized_bodies(sock_dir: Path) -> None:
    doc = {"Id": "sha256:" + "a" * 64, "RepoTags": ["x:1"]}
    text = json.dumps(doc).encode()
    server = Scripted(sock_dir / "a.sock", head(extra=f"Content-Length: {len(text)}\r\n") + text,
                      [3, 20, 5])
    try:
        assert UnixApi(server.path).get_json("/images/x/json") == doc
    finally:
        server.close()
    server = Scripted(sock_dir / "b.sock", head() + text, [40])
    try:  # no length, no chunking: the body is what comes until the connection closes
        assert UnixApi(server.path).get_json("/images/x/json") == doc
    finally:
        server.close()


def test_error_status_carries_the_engines_message(sock_dir: Path) -> None:
    message = json.dumps({"message": "No such image: nope:1"}).encode()
    server = Scripted(sock_dir / "e.sock", head("404 Not Found") + message, [3, 7, 11])
    try:
        with pytest.raises(ApiError) as caught:
            UnixApi(server.path).get_json(api_path("/images/{}/json", "nope:1"))
    finally:
        server.close()
    assert (caught.value.status, caught.value.message) == (404, "No such image: nope:1")


@pytest.mark.parametrize(("answer", "said"), [
    (head(extra="Transfer-Encoding: chunked\r\n") + b"5\r\nhello\r\n0\r\n\r\n",
     "came in chunks"),
    (head(extra="Content-Length: 100\r\n") + b"{}", "ended after 2 of 100 bytes"),
    (head(extra="Content-Length: -5\r\n") + b"{}", "length is not a number"),
    (b"SSH-2.0-OpenSSH\r\n\r\n", "not an HTTP answer"),
    (b"HTTP/1.0 200 OK\r\nContent-Type: appl", "closed before an answer"),
])
def test_broken_answers_are_named(sock_dir: Path, answer: bytes, said: str) -> None:
    server = Scripted(sock_dir / "x.sock", answer, [len(answer)], close_early=True)
    try:
        with pytest.raises(StreamBroken, match=said):
            b"".join(UnixApi(server.path).stream("/images/x/get"))
    finally:
        server.close()


def test_nothing_listening(sock_dir: Path) -> None:
    with pytest.raises(EngineUnavailableError, match=r"absent\.sock"):
        UnixApi(str(sock_dir / "absent.sock")).get_json("/version")
    (sock_dir / "plain").write_text("")
    with pytest.raises(EngineUnavailableError, match="plain"):
        UnixApi(str(sock_dir / "plain")).get_json("/version")


def test_names_are_quoted_for_the_path() -> None:
    assert api_path("/images/{}/get", "reg:5000/a b:1") == "/images/reg:5000/a%20b:1/get"
