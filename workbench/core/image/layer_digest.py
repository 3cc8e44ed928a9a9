"""Checking a stored image's layer bytes against the diff_ids its config names.

A layer scan is cached under its diff_id and shared with every image and source that
names the same layer, so an archive whose layer bytes were altered must not put its
listing under the genuine diff_id. The check hashes what the scan reads anyway:
decompressed layers as their chunks stream by, plain ones on the other core.

For plain layers a helper thread hashes the mapped file, 32 MiB at a time, while the
scan goes on.
"""

from __future__ import annotations

import hashlib
import mmap
import os
import queue
import threading
from collections.abc import Callable
from typing import Any

from workbench.core.errors import BadSourceError

# Bytes hashed per step: the pages are hashed where the page cache holds them (reading
# them into a buffer first cost a fifth of the check), and each step's pages are given
# back after it, which keeps the process's resident memory within a step of flat.
# One mapping per layer and big steps: every call that lets go of the interpreter lock
# costs this thread up to a switch interval (5 ms) to get it back from the scan; a
# mapping per 16 MiB step made that three waits per step, and the check of the
# reference archive outlasted the scan and the analysis together.
_WINDOW = 1 << 25

Job = tuple[int, str, int, int, str]  # layer index, file, start, size, diff_id


def _hasher(diff_id: str) -> Any | None:
    """A hash object for ``diff_id``'s algorithm, None when hashlib does not know it."""
    algorithm, _, _ = diff_id.partition(":")
    try:
        return hashlib.new(algorithm)
    except ValueError:
        return None


def _digest_of(job: Job, stop: threading.Event | None = None) -> str | None:
    """``algorithm:hex`` of the job's bytes (None for an unknown algorithm). A file
    shorter than the job says gives the digest of what is there: it will not match."""
    _index, path, start, size, diff_id = job
    hasher = _hasher(diff_id)
    if hasher is None:
        return None
    with open(path, "rb", buffering=0) as f:
        end = min(start + size, os.fstat(f.fileno()).st_size)  # never map past the end
        if end <= start:
            return f"{hasher.name}:{hasher.hexdigest()}"
        base = start - start % mmap.ALLOCATIONGRANULARITY  # where a mapping may start
        with mmap.mmap(f.fileno(), end - base, offset=base, access=mmap.ACCESS_READ) as m:
            view = memoryview(m)
            try:
                pos, stop_at = start - base, end - base
                while pos < stop_at and not (stop is not None and stop.is_set()):
                    step = min(stop_at - pos, _WINDOW)
                    hasher.update(view[pos : pos + step])
                    pos += step
                    _give_back(m, pos)
            finally:
                view.release()
    return f"{hasher.name}:{hasher.hexdigest()}"


def _give_back(m: mmap.mmap, upto: int) -> None:
    """Drop the mapping's pages before ``upto`` from the process's resident memory (the
    file stays in the page cache)."""
    end = upto - upto % mmap.PAGESIZE
    if end > 0 and hasattr(mmap, "MADV_DONTNEED"):
        m.madvise(mmap.MADV_DONTNEED, 0, end)


class _Thread:
    """Hashes jobs on a helper thread (hashlib lets go of the interpreter lock while it
    hashes a mapped window, so the scan goes on meanwhile)."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._verdicts: dict[int, str | OSError | None] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="layer-digests", daemon=True)
        self._thread.start()

    def submit(self, job: Job) -> None:
        self._queue.put(job)

    def close_jobs(self) -> None:
        self._queue.put(None)

    def _run(self) -> None:
        while (job := self._queue.get()) is not None and not self._stop.is_set():
            try:
                self._verdicts[job[0]] = _digest_of(job, self._stop)
            except OSError as exc:
                self._verdicts[job[0]] = exc

    def finish(self) -> dict[int, str | OSError | None]:
        self._queue.put(None)
        self._thread.join()
        return self._verdicts

    def stop(self) -> None:
        self._stop.set()
        self._queue.put(None)
        self._thread.join()


class LayerDigests:
    """Collects one verdict per layer; ``verify()`` waits for all and raises on the
    first layer whose bytes do not match its diff_id."""

    def __init__(self, where: str) -> None:
        self._where = where
        self._wrong: dict[int, str] = {}  # layer index -> what its bytes hash to
        self._diff_ids: dict[int, str] = {}
        self._workers: list[_Thread] = []
        self._open: _Thread | None = None  # the worker taking jobs

    def check_file(self, index: int, path: str, start: int, size: int, diff_id: str) -> None:
        """Hash ``size`` bytes of ``path`` from ``start`` on the other core."""
        self._diff_ids[index] = diff_id
        if self._open is None:
            self._open = _Thread()
            self._workers.append(self._open)
        self._open.submit((index, path, start, size, diff_id))

    def submitted(self) -> None:
        """No more jobs for now: the helper thread ends once it has hashed them."""
        if self._open is not None:
            self._open.close_jobs()
            self._open = None

    def stream_check(self, index: int, diff_id: str
            ) -> tuple[Callable[[bytes | memoryview], None], Callable[[], None]]:
        """(feed, finish) for a layer whose bytes stream by: ``feed`` each chunk in
        order, then ``finish`` records the verdict."""
        hasher = _hasher(diff_id)
        self._diff_ids[index] = diff_id

        def feed(chunk: bytes | memoryview) -> None:
            if hasher is not None:
                hasher.update(chunk)

        def finish() -> None:
            if hasher is not None:
                self._judge(index, f"{hasher.name}:{hasher.hexdigest()}")

        return feed, finish

    def _judge(self, index: int, found: str) -> None:
        if found != self._diff_ids[index]:
            self._wrong[index] = found

    def verify(self) -> None:
        """Wait for every verdict; raise ``BadSourceError`` naming the first layer whose
        bytes do not match its diff_id (the archive is corrupt or was altered)."""
        workers, self._workers, self._open = self._workers, [], None
        verdicts: dict[int, str | OSError | None] = {}
        for worker in workers:  # every one is waited for, whatever the others said
            try:
                verdicts.update(worker.finish())
            except OSError as exc:
                verdicts[-1] = exc
        for index, verdict in sorted(verdicts.items()):
            if isinstance(verdict, OSError):
                raise BadSourceError(
                    f"{self._where}: cannot read the archive again to check its layers "
                    f"({verdict.strerror or verdict}).")
            if verdict is not None:
                self._judge(index, verdict)
        if self._wrong:
            index = min(self._wrong)
            raise BadSourceError(
                f"{self._where} (layer {index + 1}): its bytes hash to "
                f"{self._wrong[index][:19]}…, not to its diff_id "
                f"{self._diff_ids[index][:19]}…; the archive is corrupt or was altered."
            )

    def close(self) -> None:
        """Stop hashing (an open that failed or was cancelled)."""
        workers, self._workers, self._open = self._workers, [], None
        for worker in workers:
            worker.stop()
