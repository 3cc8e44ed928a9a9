"""The cyclic garbage collector runs on the UI thread only, and rarely over old objects.

Qt objects must be destroyed on the thread that owns them. With automatic collection
on, any allocation can start a collection, so a worker building trees could free the
Python wrappers of Qt objects on its own thread. Measured here: the GUI tests stopped
for good, the UI thread and a worker building overlay trees both waiting, 0% CPU.
So automatic collection is turned off and a timer on the UI thread collects when the
interpreter's own threshold is passed, as pyqtgraph's ``GarbageCollector`` does. It is
not imported from there: importing any part of pyqtgraph loads all of it (~0.2 s), which
would delay the first window; the charts that need pyqtgraph load behind it.

A full collection visits every object: with a million-file image open (a million layer
entries, a million overlay nodes) that is 0.5-1 s in which the window cannot paint, and
it came every ten seconds of use. Two rules keep it rare and short. As the interpreter's
own collector does, a full pass waits until the objects that reached the oldest
generation since the last one are a quarter of those it kept. And what a full pass kept
is frozen (``gc.freeze``): the next passes visit only what is newer. A frozen object is
still freed by reference counting; only a reference cycle among frozen objects would
outlive its use, and the big structures (analyses, file and overlay trees, finished
jobs' functions) hold none, which the tests check by freeing them with the collector off.

It is a process-wide setting, so the application turns it on once, at start
(``app.run_gui``).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QTimer

_timer: QTimer | None = None


def _collect_due(thresholds: tuple[int, int, int]) -> None:
    counts = gc.get_count()
    if counts[0] <= thresholds[0]:
        return
    # Both young generations in one pass, ten times a second: a worker making a million
    # objects a second left a once-a-second pass of the second generation 0.1 s of work.
    gc.collect(1)
    # The oldest generation holds only what arrived since the last full pass froze the
    # rest; frozen objects that died have left the frozen count.
    if counts[2] < thresholds[2] or len(gc.get_objects(2)) <= gc.get_freeze_count() // 4:
        return
    gc.collect(2)
    gc.freeze()


def collect_on_ui_thread(interval: float = 0.1) -> None:
    """Start collecting on the UI thread every ``interval`` seconds (once per process);
    call it on the UI thread after the QApplication exists."""
    global _timer
    if _timer is None:
        thresholds = gc.get_threshold()
        gc.disable()
        _timer = QTimer()
        _timer.timeout.connect(lambda: _collect_due(thresholds))
        _timer.start(int(interval * 1000))
