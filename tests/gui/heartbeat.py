"""A 10 ms heartbeat on the UI thread that measures the longest gap and names its cause.

A watcher thread samples the UI thread's Python stack every few milliseconds while a
beat is late, so a failure says where the UI thread was during the stall (a slot, a
paint, garbage collection) and what the other threads were doing at that moment (a
stall spent waiting for the GIL shows the UI thread in trivial code while a worker
runs Python).
"""

from __future__ import annotations

import gc
import sys
import threading
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field

from PySide6.QtCore import Qt, QTimer

LATE = 0.040  # start sampling once a beat is this late: stalls near the limit get named
SAMPLE_EVERY = 0.004


@dataclass
class Stall:
    started: float
    ended: float = 0.0
    samples: list[str] = field(default_factory=list)  # UI thread stacks, innermost last
    others: list[str] = field(default_factory=list)  # other threads, at the first sample
    collections: list[str] = field(default_factory=list)  # gc runs that overlapped

    @property
    def length(self) -> float:
        return self.ended - self.started

    def describe(self) -> str:
        counted = Counter(self.samples).most_common(3)
        lines = [f"stall of {self.length * 1000:.0f} ms, {len(self.samples)} samples of the "
                 "UI thread:"]
        for stack, count in counted:
            lines.append(f"  [{count}x]\n{stack or '    (in Qt, outside Python)'}")
        if self.collections:
            lines.append("  garbage collection: " + "; ".join(self.collections))
        if self.others:
            lines.append("  other threads meanwhile:\n" + "\n".join(self.others))
        return "\n".join(lines)


def _stack(frame: object, depth: int) -> str:
    if frame is None:
        return ""
    return "".join(traceback.format_stack(frame)[-depth:])  # type: ignore[arg-type]


class Heartbeat:
    """``with Heartbeat() as beat: ...`` then ``beat.longest`` (s) and ``beat.report()``."""

    def __init__(self, interval_ms: int = 10) -> None:
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._beat)
        self.last = 0.0
        self.gaps: list[float] = []
        self.stalls: list[Stall] = []
        self._gc: list[tuple[float, float, str, int]] = []  # start, end, thread, generation
        self._gc_started: dict[int, float] = {}
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None

    # -- beats and sampling -----------------------------------------------------------
    def _beat(self) -> None:
        now = time.perf_counter()
        if self.last:
            self.gaps.append(now - self.last)
        self.last = now

    def _watch(self) -> None:
        ui = threading.main_thread().ident or 0
        names = {t.ident: t.name for t in threading.enumerate()}
        while not self._stop.wait(SAMPLE_EVERY):
            last = self.last
            if not last or time.perf_counter() - last < LATE:
                continue
            stall = Stall(started=last)
            frames = sys._current_frames()
            for ident, frame in frames.items():
                if ident not in (ui, threading.get_ident()):
                    name = names.get(ident) or next(
                        (t.name for t in threading.enumerate() if t.ident == ident), "?")
                    stall.others.append(f"  {name}:\n{_stack(frame, 2)}")
            while self.last == last and not self._stop.is_set():
                stall.samples.append(_stack(sys._current_frames().get(ui), 5))
                time.sleep(SAMPLE_EVERY)
            stall.ended = self.last if self.last != last else time.perf_counter()
            self.stalls.append(stall)

    def _on_gc(self, phase: str, info: dict[str, int]) -> None:
        ident = threading.get_ident()
        if phase == "start":
            self._gc_started[ident] = time.perf_counter()
            return
        began = self._gc_started.pop(ident, None)
        if began is not None:
            name = threading.current_thread().name
            self._gc.append((began, time.perf_counter(), name, info.get("generation", -1)))

    def __enter__(self) -> Heartbeat:
        self.last = 0.0
        self.gaps = []
        gc.callbacks.append(self._on_gc)
        self.timer.start()
        self._stop.clear()
        self._watcher = threading.Thread(target=self._watch, name="heartbeat watcher")
        self._watcher.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.timer.stop()
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join()
        gc.callbacks.remove(self._on_gc)
        for stall in self.stalls:
            stall.collections = [
                f"gen {gen} in {thread} {(end - start) * 1000:.0f} ms"
                for start, end, thread, gen in self._gc
                if start < stall.ended and end > stall.started and end - start > 0.005]

    # -- results ----------------------------------------------------------------------
    @property
    def longest(self) -> float:
        return max(self.gaps, default=0.0)

    def report(self, what: str) -> str:
        worst = sorted(self.stalls, key=lambda s: s.length, reverse=True)[:3]
        return (f"UI thread blocked {self.longest * 1000:.0f} ms while {what} "
                f"({len(self.gaps)} beats, {len(self.stalls)} beats over "
                f"{LATE * 1000:.0f} ms late); the longest stalls:\n"
                + "\n---\n".join(stall.describe() for stall in worst))
