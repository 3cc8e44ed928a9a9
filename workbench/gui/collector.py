"""The cyclic garbage collector runs on the UI thread only.

Qt objects must be destroyed on the thread that owns them. With automatic collection
on, any allocation can start a collection, so a worker building trees could free the
Python wrappers of Qt objects on its own thread. Measured here: the GUI tests stopped
for good, the UI thread and a worker building overlay trees both waiting, 0% CPU.
pyqtgraph's ``GarbageCollector`` turns automatic collection off and collects from a
timer on the UI thread, with the interpreter's own thresholds. It is a process-wide
setting, so the application turns it on once, at start (``app.run_gui``).
"""

from __future__ import annotations

from pyqtgraph.util.garbage_collector import GarbageCollector

_collector: GarbageCollector | None = None


def collect_on_ui_thread(interval: float = 1.0) -> None:
    """Start collecting on the UI thread every ``interval`` seconds (once per process);
    call it on the UI thread after the QApplication exists."""
    global _collector
    if _collector is None:
        _collector = GarbageCollector(interval=interval)
