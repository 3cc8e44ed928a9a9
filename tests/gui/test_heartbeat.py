"""Nothing blocks the UI thread: a 10 ms heartbeat keeps beating through builds and analysis.

The longest gap between beats is measured while the sample project builds (no cache) and
while debian:bookworm (~100 MB, thousands of files) is opened and analysed; it must stay
under 100 ms.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
import traceback

import pytest
from PySide6.QtCore import QTimer

from tests.gui.conftest import wait_engine

pytestmark = pytest.mark.engine
LIMIT = 0.100


class Heartbeat:
    """Beats every 10 ms on the UI thread; a watcher thread notes what the UI thread
    was doing whenever a beat is 50 ms late, so a failure names the culprit."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._beat)
        self.last = 0.0
        self.gaps: list[float] = []
        self.stalls: list[str] = []
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None

    def _watch(self) -> None:
        ui = threading.main_thread().ident
        while not self._stop.wait(0.01):
            last = self.last
            if last and time.perf_counter() - last > 0.05:
                frame = sys._current_frames().get(ui or 0)
                where = traceback.format_stack(frame)[-4:] if frame else []
                self.stalls.append("".join(where) or "(in Qt, outside Python)")
                while self.last == last and not self._stop.is_set():
                    time.sleep(0.005)

    def _beat(self) -> None:
        now = time.perf_counter()
        if self.last:
            self.gaps.append(now - self.last)
        self.last = now

    def __enter__(self) -> Heartbeat:
        self.last = 0.0
        self.gaps = []
        self.timer.start()
        self._watcher = threading.Thread(target=self._watch, name="heartbeat watcher")
        self._watcher.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.timer.stop()
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join()

    def report(self, what: str) -> str:
        stalls = "\n---\n".join(self.stalls[:5])
        return (f"UI thread blocked {self.longest * 1000:.0f} ms while {what}; "
                f"it was in:\n{stalls}")

    @property
    def longest(self) -> float:
        return max(self.gaps)


def test_ui_keeps_beating_while_building_and_analysing(make_window, qtbot, project,
                                                        unique_tag, docker_client) -> None:
    tag = f"{unique_tag}:dev"
    window = make_window()
    wait_engine(qtbot, window)
    window.open_path(project)
    window.actions_.tag.setText(tag)
    try:
        # Exits run inner to outer: the build ends, then its image is analysed.
        with (Heartbeat() as during_build,
              qtbot.waitSignal(window.loader.finished, timeout=180000) as loaded_build,
              qtbot.waitSignal(window.builds.finished, timeout=180000) as built):
            window.start_build(no_cache=True)
        assert built.args[0] is True, built.args[1]
        assert loaded_build.args[0] is True, loaded_build.args[1]
        with (Heartbeat() as during_analysis,
              qtbot.waitSignal(window.loader.finished, timeout=300000) as loaded):
            window.loader.load("docker://debian:bookworm", window.engine.client)
        assert loaded.args[0] is True, loaded.args[1]
        assert len(window.context.analysis.info.layers) >= 1
    finally:
        with contextlib.suppress(Exception):
            docker_client.images.remove(tag, force=True)
    print(f"\nheartbeat: build {len(during_build.gaps)} beats, longest gap "
          f"{during_build.longest * 1000:.1f} ms; analysis {len(during_analysis.gaps)} beats, "
          f"longest gap {during_analysis.longest * 1000:.1f} ms")
    assert len(during_build.gaps) > 10 and len(during_analysis.gaps) > 10
    assert during_build.longest < LIMIT, during_build.report("building")
    assert during_analysis.longest < LIMIT, during_analysis.report("analysing")
