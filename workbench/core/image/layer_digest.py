"""Checking a stored image's layer bytes against the diff_ids its config names.

A layer scan is cached under its diff_id and shared with every image and source that
names the same layer, so an archive whose layer bytes were altered must not put its
listing under the genuine diff_id. The check hashes what the scan reads anyway:
seekable layers on a helper thread (reading the file and hashing both release the
interpreter lock, so on a second core it costs the scan nothing), decompressed layers
as their chunks stream by.
"""

from __future__ import annotations

import hashlib
import queue
import threading
from collections.abc import Callable
from typing import Any

from workbench.core.errors import BadSourceError

# Bytes read and hashed per step. Each step gives the interpreter lock back and waits
# to take it again; with 4 MiB steps the helper spent more time waiting than hashing.
_READ = 1 << 24


def _hasher(diff_id: str) -> Any | None:
    """A hash object for ``diff_id``'s algorithm, None when hashlib does not know it."""
    algorithm, _, _ = diff_id.partition(":")
    try:
        return hashlib.new(algorithm)
    except ValueError:
        return None


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
        buffer = bytearray(_READ)
        view = memoryview(buffer)
        try:
            while (job := self._jobs.get()) is not None and not self._stop.is_set():
                index, path, start, size = job
                hasher = _hasher(self._diff_ids[index])
                if hasher is None:
                    continue
                with open(path, "rb", buffering=0) as f:
                    f.seek(start)
                    left = size
                    while left > 0 and not self._stop.is_set():
                        got = f.readinto(view[: min(left, _READ)])
                        if not got:
                            break  # a short file: the digest below will not match
                        hasher.update(view[:got])
                        left -= got
                self._judge(index, hasher)
        except OSError as exc:
            self._failure = exc

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
