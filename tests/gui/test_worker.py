"""The job runner: what a finished job's function and slots refer to is freed by
reference counting, not left for a full collection (which the collector freezes).

The thread pool keeps a reference to every runnable it ran, so the job itself stays;
it must hold nothing of size."""

from __future__ import annotations

import gc
import weakref
from functools import partial
from typing import Any

from workbench.gui.worker import JobRunner


class Payload:
    """Stands for what a job's function closes over (an image's layers)."""


class Panel:
    def __init__(self) -> None:
        self.seen: list[int] = []

    def show(self, value: int) -> None:
        self.seen.append(value)


def test_a_finished_job_and_its_function_go_without_the_collector(qtbot: Any) -> None:
    runner = JobRunner()
    payload, panel = Payload(), Panel()

    def work(held: Payload, _progress: Any, _cancel: Any) -> int:
        return id(held)

    enabled = gc.isenabled()
    gc.disable()
    try:
        runner.start(partial(work, payload), key="k", on_result=panel.show)
        held, shown = weakref.ref(payload), weakref.ref(panel)
        seen = panel.seen
        del payload, panel
        qtbot.waitUntil(lambda: runner.running == 0, timeout=5000)
        qtbot.wait(50)  # the signals' deferred deletion
        assert seen, "the result never arrived"
        assert held() is None, "the job's function outlived the job"
        assert shown() is None, "the job's slots outlived the job"
    finally:
        if enabled:
            gc.enable()
        assert runner.shutdown(5000)
