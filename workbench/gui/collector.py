"""The cyclic garbage collector runs on the UI thread only.

Qt objects must be destroyed on the thread that owns them. With automatic collection
on, any allocation can start a collection, so a worker building trees could free the
Python wrappers of Qt objects on its own thread. Measured here: the GUI tests stopped
for good, the UI thread and a worker building overlay trees both waiting, 0% CPU.
So automatic collection is turned off and a timer on the UI thread collects each
generation whose count passed the interpreter's own threshold, as pyqtgraph's
``GarbageCollector`` does. It is not imported from there: importing any part of
pyqtgraph loads all of it (~0.2 s), which would delay the first window; the charts
that need pyqtgraph load behind it. It is a process-wide setting, so the application
turns it on once, at start (``app.run_gui``).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QTimer

_timer: QTimer | None = None


def collect_on_ui_thread(interval: float = 1.0) -> None:
    """Start collecting on the UI thread every ``interval`` seconds (once per process);
    call it on the UI thread after the QApplication exists."""
    global _timer
    if _timer is None:
        thresholds = gc.get_threshold()
        gc.disable()
        _timer = QTimer()
        _timer.timeout.connect(lambda: _collect_due(thresholds))
        _timer.start(int(interval * 1000))


def _collect_due(thresholds: tuple[int, int, int]) -> None:
    # A generation is collected only when the younger one was: as the automatic
    # collector orders them.
    counts = gc.get_count()
    for generation in range(3):
        if counts[generation] <= thresholds[generation]:
            return
        gc.collect(generation)
