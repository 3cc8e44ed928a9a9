"""The one way the window runs core work off the UI thread.

``Job`` wraps a core function ``fn(progress, cancel) -> result`` in a QRunnable whose
signals (started / progress / result / error / finished) arrive on the UI thread.
``JobRunner`` keeps a reference to every running job, cancels them on close and waits
for them on exit, so no thread outlives the window.

Requests that supersede each other (lint on every edit, analysing the selected image)
pass a ``key``: starting a new job with the same key cancels the old one and its late
results are dropped, so a stale answer never overwrites a fresh one.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from workbench.core.errors import CancelledError, WorkbenchError
from workbench.core.progress import CancelToken, ProgressEvent
from workbench.gui.i18n import translate

log = logging.getLogger(__name__)

JobFn = Callable[[Callable[[ProgressEvent], None], CancelToken], Any]


class JobSignals(QObject):
    started = Signal()
    progress = Signal(object)  # ProgressEvent
    result = Signal(object)
    error = Signal(str)  # a sentence for the user
    cancelled = Signal()
    finished = Signal()


def _spent(_progress: Any, _cancel: CancelToken) -> None:
    """What a finished job holds instead of its function."""


class Job(QRunnable):
    def __init__(self, fn: JobFn, name: str = "") -> None:
        super().__init__()
        self.setAutoDelete(False)  # the runner owns the reference until `finished`
        self.fn = fn
        self.name = name or getattr(fn, "__name__", "job")
        self.cancel_token = CancelToken()
        self.signals = JobSignals()

    def cancel(self) -> None:
        self.cancel_token.cancel()

    def run(self) -> None:
        signals = self.signals
        signals.started.emit()
        try:
            result = self.fn(signals.progress.emit, self.cancel_token)
        except CancelledError:
            signals.cancelled.emit()
        except WorkbenchError as exc:
            if self.cancel_token.cancelled:
                signals.cancelled.emit()
            else:
                signals.error.emit(str(exc))
        except Exception as exc:  # a bug: log it in full, show one sentence
            log.error("%s failed:\n%s", self.name, traceback.format_exc())
            signals.error.emit(translate("Job", "{job} failed unexpectedly: {error}").format(
                job=self.name, error=exc))
        else:
            if self.cancel_token.cancelled:
                signals.cancelled.emit()
            else:
                signals.result.emit(result)
        finally:
            signals.finished.emit()


class JobRunner(QObject):
    """Owns the thread pool and every running job of one window."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, max_threads: int = 4) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._jobs: set[Job] = set()
        self._keyed: dict[str, Job] = {}

    def start(
        self,
        fn: JobFn,
        *,
        name: str = "",
        key: str | None = None,
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        on_progress: Callable[[ProgressEvent], None] | None = None,
        on_finished: Callable[[], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
    ) -> Job:
        job = Job(fn, name)
        if key is not None:
            old = self._keyed.get(key)
            if old is not None:
                old.cancel()
            self._keyed[key] = job

        def current() -> bool:
            # A superseded job's late answers are dropped.
            return key is None or self._keyed.get(key) is job

        if on_result:
            job.signals.result.connect(lambda value: current() and on_result(value))
        if on_error:
            job.signals.error.connect(lambda message: current() and on_error(message))
        if on_progress:
            job.signals.progress.connect(lambda event: current() and on_progress(event))
        if on_cancelled:
            job.signals.cancelled.connect(on_cancelled)
        job.signals.finished.connect(lambda: self._finished(job, key, on_finished))
        self._jobs.add(job)
        if len(self._jobs) == 1:
            self.busy_changed.emit(True)
        self.pool.start(job)
        return job

    def _finished(self, job: Job, key: str | None,
                  on_finished: Callable[[], None] | None) -> None:
        self._jobs.discard(job)
        if key is not None and self._keyed.get(key) is job:
            del self._keyed[key]
        # The slots connected above hold the job and the job holds its signals: a cycle
        # that only a full collection frees, and the collector freezes what lives through
        # one. Dropping the function (and with it what it closed over: an image's layers)
        # and the signals' connections lets reference counting free the job at once.
        job.fn = _spent
        job.signals.deleteLater()
        if on_finished:
            on_finished()
        if not self._jobs:
            self.busy_changed.emit(False)

    @property
    def running(self) -> int:
        return len(self._jobs)

    def cancel_all(self) -> None:
        for job in list(self._jobs):
            job.cancel()

    def shutdown(self, timeout_ms: int = 30000) -> bool:
        """Cancel everything and wait for the threads; True when all ended in time."""
        self.cancel_all()
        return self.pool.waitForDone(timeout_ms)
