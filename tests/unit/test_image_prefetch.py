"""The read-ahead thread used on the engine's save stream."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from workbench.core.image.prefetch import Prefetcher


def test_small_pieces_are_joined_into_blocks() -> None:
    pieces = [bytes([i % 256]) * 1000 for i in range(50)]
    ahead = Prefetcher(iter(pieces), block=4096)
    got = []
    while chunk := ahead.next_chunk():
        got.append(chunk)
    assert b"".join(got) == b"".join(pieces)
    assert [len(c) for c in got] == [5000] * 10, "joined up to the first length >= block"
    ahead.close()


def test_delivers_every_chunk_in_order_then_ends() -> None:
    ahead = Prefetcher(iter([b"a", b"bc", b"def"]), depth=1, block=1)
    got = []
    while chunk := ahead.next_chunk():
        got.append(chunk)
    assert got == [b"a", b"bc", b"def"]
    assert ahead.next_chunk() == b""
    ahead.close()
    assert not any(t.name == "save-prefetch" for t in threading.enumerate())


def test_errors_reach_the_consumer() -> None:
    def failing() -> Iterator[bytes]:
        yield b"ok"
        raise ConnectionError("engine went away")

    ahead = Prefetcher(failing())
    assert ahead.next_chunk() == b"ok"
    with pytest.raises(ConnectionError, match="went away"):
        ahead.next_chunk()
    ahead.close()


def test_close_midway_stops_the_producer_and_closes_the_source() -> None:
    closed = threading.Event()

    def endless() -> Iterator[bytes]:
        try:
            while True:
                yield b"x" * 1024
        finally:
            closed.set()

    ahead = Prefetcher(endless(), depth=2)
    assert ahead.next_chunk()
    time.sleep(0.05)  # let it fill the queue and block on it
    ahead.close()
    assert closed.wait(2)
    assert not any(t.name == "save-prefetch" for t in threading.enumerate())
