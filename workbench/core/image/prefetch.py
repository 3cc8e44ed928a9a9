"""Reading a chunk iterator ahead on a helper thread.

The engine's save stream arrives through the SDK's blocking socket reads. Reading it
on a second thread lets the socket drain (the read itself releases the interpreter
lock) while the scanner parses the previous chunks, so scanning overlaps the transfer
instead of adding to it. A bounded queue caps how far ahead it reads.

The engine writes its stream in HTTP chunks of about 32 KiB, and the SDK yields each
one separately. Pieces are joined here into blocks of at least ``block`` bytes before
they are handed over: a hand-over between threads costs far more than the join, and
a 300 MB image would otherwise take ten thousand of them.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable, Iterator

_END = object()


class Prefetcher:
    """``next_chunk()`` over ``chunks``, read ahead by up to ``depth`` chunks."""

    def __init__(self, chunks: Iterator[bytes], depth: int = 16, block: int = 1 << 20) -> None:
        self._chunks = chunks
        self._block = block
        self._queue: queue.Queue[object] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._done = False
        # A daemon thread: if the engine stalls inside a blocking read after a cancel,
        # the thread must not keep the application from exiting; close() stops it at
        # the next chunk.
        self._thread = threading.Thread(target=self._run, name="save-prefetch", daemon=True)
        self._thread.start()

    def _put(self, item: object) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _run(self) -> None:
        pieces: list[bytes] = []
        size = 0
        try:
            for chunk in self._chunks:
                pieces.append(chunk)
                size += len(chunk)
                if size >= self._block:
                    if not self._put(b"".join(pieces)):
                        return
                    pieces, size = [], 0
            if pieces and not self._put(b"".join(pieces)):
                return
            self._put(_END)
        except BaseException as exc:  # handed to the consumer, raised there
            # what arrived before the failure goes first, as it would unjoined
            if not pieces or self._put(b"".join(pieces)):
                self._put(exc)
        finally:
            close = getattr(self._chunks, "close", None)
            if close is not None:
                with contextlib.suppress(Exception):
                    close()

    def next_chunk(self, check: Callable[[], None] | None = None) -> bytes:
        """The next chunk, ``b""`` at the end; ``check`` runs while waiting (cancel)."""
        if self._done:
            return b""
        while True:
            try:
                item = self._queue.get(timeout=0.1)
                break
            except queue.Empty:
                # The engine may take many seconds before its first byte (dockerd
                # 20.10 exports to disk first): stay cancellable meanwhile.
                if check is not None:
                    check()
        if item is _END:
            self._done = True
            return b""
        if isinstance(item, BaseException):
            self._done = True
            raise item
        assert isinstance(item, bytes)
        return item

    def close(self, wait: float = 2.0) -> None:
        """Stop reading ahead; waits briefly for the thread (it may sit in a socket read)."""
        self._stop.set()
        with contextlib.suppress(queue.Empty):
            while True:
                self._queue.get_nowait()
        self._thread.join(wait)
