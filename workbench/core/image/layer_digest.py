"""Checking a stored image's layer bytes against the diff_ids its config names.

A layer scan is cached under its diff_id and shared with every image and source that
names the same layer, so an archive whose layer bytes were altered must not put its
listing under the genuine diff_id. The check hashes what the scan reads anyway:
seekable layers on a helper thread (reading the file and hashing both release the
interpreter lock, so on a second core it costs the scan nothing), decompressed layers
as their chunks stream by.
"""

from __future__ import annotations

import contextlib
import hashlib
import mmap
import os
import queue
import threading
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from workbench.core.errors import BadSourceError

# Bytes hashed per step. Hashing releases the interpreter lock, and each step waits
# to take it back from the scanning thread (up to its 5 ms switch interval): with
# 16 MiB steps read into a buffer, the waits added 0.2 s to a 300 MB archive.
_STEP = 1 << 27


def _hasher(diff_id: str) -> Any | None:
    """A hash object for ``diff_id``'s algorithm, None when hashlib does not know it."""
    algorithm, _, _ = diff_id.partition(":")
    try:
        return hashlib.new(algorithm)
    except ValueError:
        return None


@contextlib.contextmanager
def _mapped(f: BinaryIO) -> Iterator[memoryview]:
    """The whole file as a read-only view (empty for an empty file)."""
    if os.fstat(f.fileno()).st_size == 0:
        yield memoryview(b"")
        return
    with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mapping, \
            memoryview(mapping) as view:
        yield view


class LayerDigests:
    """Collects one verdict per layer; ``verify()`` waits for all and raises on the
    first layer whose bytes do not match its diff_id."""

    def __init__(self, where: str) -> None:
        self._where = where
        self._wrong: dict[int, str] = {}  # layer index -> what its bytes hash to
        self._diff_ids: dict[int, str] = {}
        self._jobs: queue.SimpleQueue[tuple[int, str, int, int] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._failure: OSError | None = None

    def check_file(self, index: int, path: str, start: int, size: int, diff_id: str) -> None:
        """Hash ``size`` bytes of ``path`` from ``start`` on the helper thread."""
        self._diff_ids[index] = diff_id
        self._jobs.put((index, path, start, size))
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="layer-digests",
                                            daemon=True)
            self._thread.start()

    def tap(self, index: int, diff_id: str) -> tuple[Callable[[bytes], None], Callable[[], None]]:
        """(feed, finish) for a layer whose bytes stream by: ``feed`` each chunk in
        order, then ``finish`` records the verdict."""
        hasher = _hasher(diff_id)
        self._diff_ids[index] = diff_id

        def feed(chunk: bytes) -> None:
            if hasher is not None:
                hasher.update(chunk)

        def finish() -> None:
            if hasher is not None:
                self._judge(index, hasher)

        return feed, finish

    def _judge(self, index: int, hasher: Any) -> None:
        found = f"{hasher.name}:{hasher.hexdigest()}"
        if found != self._diff_ids[index]:
            self._wrong[index] = found

    def _run(self) -> None:
        try:
            while (job := self._jobs.get()) is not None and not self._stop.is_set():
                index, path, start, size = job
                hasher = _hasher(self._diff_ids[index])
                if hasher is None:
                    continue
                # Hashed where the file is mapped: no read calls, no buffer to fill.
                with open(path, "rb", buffering=0) as f, _mapped(f) as whole:
                    end = min(start + size, len(whole))  # a short file will not match
                    for at in range(start, end, _STEP):
                        if self._stop.is_set():
                            break
                        hasher.update(whole[at : min(at + _STEP, end)])
                self._judge(index, hasher)
        except (OSError, ValueError) as exc:
            self._failure = exc if isinstance(exc, OSError) else OSError(str(exc))

    def verify(self) -> None:
        """Wait for every verdict; raise ``BadSourceError`` naming the first layer whose
        bytes do not match its diff_id (the archive is corrupt or was altered)."""
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join()
            self._thread = None
        if self._failure is not None:
            raise BadSourceError(f"{self._where}: cannot read the archive again to check "
                                 f"its layers ({self._failure.strerror}).")
        if self._wrong:
            index = min(self._wrong)
            raise BadSourceError(
                f"{self._where} (layer {index + 1}): its bytes hash to "
                f"{self._wrong[index][:19]}…, not to its diff_id "
                f"{self._diff_ids[index][:19]}…; the archive is corrupt or was altered."
            )

    def close(self) -> None:
        """Stop hashing (an open that failed or was cancelled)."""
        self._stop.set()
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join()
            self._thread = None
