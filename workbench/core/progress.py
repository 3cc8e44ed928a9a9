"""Progress reporting and cancellation for long core operations.

Core functions never touch widgets: they accept a ``progress`` callback and a
``CancelToken`` and the GUI worker turns those into signals. The CLI passes a
callback that draws a terminal progress line.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import NamedTuple

from workbench.core.errors import CancelledError


# A named tuple rather than a dataclass: every command imports this module, and the
# dataclasses machinery alone costs a quick command a noticeable share of its run.
class ProgressEvent(NamedTuple):
    stage: str  # short name of what is happening: "scan", "save", "build"...
    done: int = 0  # units done so far (layers, bytes, steps: ``unit`` says which)
    total: int | None = None  # None when unknown
    unit: str = ""
    message: str = ""

    @property
    def fraction(self) -> float | None:
        if not self.total:
            return None
        return min(1.0, self.done / self.total)


ProgressCallback = Callable[[ProgressEvent], None]


def no_progress(_event: ProgressEvent) -> None:
    """Default callback for callers that do not show progress."""


class CancelToken:
    """Thread-safe flag checked by long operations at safe points.

    Operations call ``check()`` between units of work; it raises ``CancelledError`` so
    the operation unwinds through its ``finally`` clean-up code.
    """

    def __init__(self) -> None:
        self._event = threading.Event()
        self._callbacks: list[Callable[[], None]] = []
        self._lock = threading.Lock()

    def cancel(self) -> None:
        with self._lock:
            self._event.set()
            callbacks = list(self._callbacks)
        for callback in callbacks:
            callback()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise CancelledError()

    def on_cancel(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` when cancelled (at once if already cancelled).

        Used to interrupt blocking I/O, e.g. closing an engine stream mid-build.
        """
        with self._lock:
            if not self._event.is_set():
                self._callbacks.append(callback)
                return
        callback()
