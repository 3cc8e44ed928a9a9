"""A 10 ms heartbeat on the UI thread that measures the longest gap and names its cause.

Each beat also reads how long Linux kept the UI thread runnable but off every CPU
(``/proc/thread-self/schedstat``). A gap minus that wait is the time the UI thread was
busy or blocked in the process itself: slots, painting, garbage collection, waiting for
the GIL or a lock. That is what the application controls, so ``longest`` is that
figure and ``longest_raw``, the plain wall-clock gap, is reported beside it. Other
processes' load still leaks in one way: a worker holding the GIL while Linux keeps it
off a CPU counts as the UI thread being blocked.

A watcher thread samples the UI thread's Python stack every few milliseconds while a
beat is late, so a failure says where the UI thread was during the stall (a slot, a
paint, garbage collection) and what the other threads were doing at that moment (a
stall spent waiting for the GIL shows the UI thread in trivial code while a worker
runs Python). The watcher needs the GIL too: a stall with no samples and no CPU time
was spent waiting for a lock held by one long call elsewhere.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from types import FrameType

from PySide6.QtCore import Qt, QTimer

LATE = 0.040  # start sampling once a beat is this late: stalls near the limit get named
SAMPLE_EVERY = 0.004  # during a stall
IDLE_CHECK = 0.010  # between stalls: the watcher takes the GIL each time it looks


@dataclass
class Stall:
    started: float
    ended: float = 0.0
    samples: list[str] = field(default_factory=list)  # UI thread stacks, innermost last
    # What the other threads were running at each sample (innermost frame): a thread
    # that stays in one C call while the UI thread is blocked is holding the GIL.
    others: Counter[str] = field(default_factory=Counter)
    collections: list[str] = field(default_factory=list)  # gc runs that overlapped
    # The UI thread's (on-CPU, waiting-for-a-CPU) ms during the stall: working in Qt, or
    # starved by the machine's load; whatever is left it spent blocked (e.g. on the GIL).
    cpu: tuple[float, float] = (0.0, 0.0)

    @property
    def length(self) -> float:
        return self.ended - self.started

    def describe(self) -> str:
        counted = Counter(self.samples).most_common(3)
        lines = [f"stall of {self.length * 1000:.0f} ms, {len(self.samples)} samples of the "
                 f"UI thread; on CPU {self.cpu[0]:.0f} ms, waiting for a CPU "
                 f"{self.cpu[1]:.0f} ms, blocked the rest:"]
        for stack, count in counted:
            lines.append(f"  [{count}x]\n{stack or '    (in Qt, outside Python)'}")
        if self.collections:
            lines.append("  garbage collection: " + "; ".join(self.collections))
        if self.others:
            lines.append("  other threads meanwhile:\n" + "\n".join(
                f"  [{count}x] {where}" for where, count in self.others.most_common(4)))
        return "\n".join(lines)


class RunQueueClock:
    """The calling thread's (time on a CPU, time waiting for a CPU), in seconds (zeros
    where Linux does not tell)."""

    def __init__(self) -> None:
        try:
            self._fd: int | None = os.open("/proc/thread-self/schedstat", os.O_RDONLY)
        except OSError:
            self._fd = None

    def __call__(self) -> tuple[float, float]:
        if self._fd is None:
            return (0.0, 0.0)
        try:
            running, waiting = os.pread(self._fd, 100, 0).split()[:2]
            return (int(running) / 1e9, int(waiting) / 1e9)
        except (OSError, ValueError):
            return (0.0, 0.0)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _stack(frame: FrameType | None, depth: int) -> str:
    """The innermost ``depth`` frames, outermost first, without reading source files: the
    watcher holds the GIL while it samples, so sampling must be cheap or it would make
    the stalls it measures."""
    lines: list[str] = []
    while frame is not None and len(lines) < depth:
        code = frame.f_code
        lines.append(f'  File "{code.co_filename}", line {frame.f_lineno}, in {code.co_name}\n')
        frame = frame.f_back
    return "".join(reversed(lines))


class Heartbeat:
    """``with Heartbeat() as beat: ...`` then ``beat.longest`` (s) and ``beat.report()``."""

    def __init__(self, interval_ms: int = 10) -> None:
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._beat)
        self.last = 0.0
        self.gaps: list[float] = []  # wall-clock gaps between beats
        self.waits: list[float] = []  # of each gap, the time spent waiting for a CPU
        self.on_cpu: list[float] = []  # of each gap, the time spent running
        self.starts: list[float] = []  # when each gap began
        self._clock: RunQueueClock | None = None
        self._last_clock = (0.0, 0.0)
        self.stalls: list[Stall] = []
        self._gc: list[tuple[float, float, str, int]] = []  # start, end, thread, generation
        self._gc_started: dict[int, float] = {}
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None

    # -- beats and sampling -----------------------------------------------------------
    def _beat(self) -> None:
        now = time.perf_counter()
        clock = self._clock() if self._clock is not None else (0.0, 0.0)
        if self.last:
            self.starts.append(self.last)
            self.gaps.append(now - self.last)
            self.on_cpu.append(clock[0] - self._last_clock[0])
            self.waits.append(clock[1] - self._last_clock[1])
        self.last, self._last_clock = now, clock

    def _watch(self) -> None:
        ui = threading.main_thread().ident or 0
        names = {t.ident: t.name for t in threading.enumerate()}
        while not self._stop.wait(IDLE_CHECK):
            last = self.last
            if not last or time.perf_counter() - last < LATE:
                continue
            stall = Stall(started=last)
            while self.last == last and not self._stop.is_set():
                frames = sys._current_frames()
                stall.samples.append(_stack(frames.get(ui), 5))
                for ident, frame in frames.items():
                    if ident not in (ui, threading.get_ident()):
                        if ident not in names:
                            names.update((t.ident, t.name) for t in threading.enumerate())
                        where = _stack(frame, 1).strip().replace("\n", " | ")
                        stall.others[f"{names.get(ident, '?')}: {where}"] += 1
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
        self.gaps, self.waits, self.on_cpu, self.starts = [], [], [], []
        self._clock = RunQueueClock()  # opened here: it reads the thread that opens it
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
        if self._clock is not None:
            self._clock.close()
        by_start = dict(zip(self.starts, zip(self.on_cpu, self.waits, strict=True),
                            strict=True))
        for stall in self.stalls:
            running, waiting = by_start.get(stall.started, (0.0, 0.0))
            stall.cpu = (running * 1000, waiting * 1000)
            stall.collections = [
                f"gen {gen} in {thread} {(end - start) * 1000:.0f} ms"
                for start, end, thread, gen in self._gc
                if start < stall.ended and end > stall.started and end - start > 0.005]

    # -- results ----------------------------------------------------------------------
    @property
    def longest(self) -> float:
        """The longest gap the process itself caused (wall clock minus CPU wait)."""
        return max((gap - wait for gap, wait in zip(self.gaps, self.waits, strict=True)),
                   default=0.0)

    @property
    def longest_raw(self) -> float:
        return max(self.gaps, default=0.0)

    def summary(self) -> str:
        return (f"{len(self.gaps)} beats, longest gap {self.longest * 1000:.1f} ms in the "
                f"process ({self.longest_raw * 1000:.1f} ms wall clock, "
                f"{sum(self.waits) * 1000:.0f} ms waiting for a CPU in all)")

    def longest_gap_detail(self) -> str:
        """The longest in-process gap's CPU use and the garbage collections inside it;
        useful when no stall was sampled because the watcher could not run either (the
        GIL held by one long call in another thread)."""
        if not self.gaps:
            return ""
        spent = [gap - wait for gap, wait in zip(self.gaps, self.waits, strict=True)]
        i = spent.index(max(spent))
        start, end = self.starts[i], self.starts[i] + self.gaps[i]
        collections = [f"gen {gen} in {thread} {(stop - began) * 1000:.0f} ms"
                       for began, stop, thread, gen in self._gc
                       if began < end and stop > start and stop - began > 0.005]
        return (f"longest gap: {self.gaps[i] * 1000:.0f} ms, UI thread on CPU "
                f"{self.on_cpu[i] * 1000:.0f} ms, waiting for a CPU "
                f"{self.waits[i] * 1000:.0f} ms; garbage collection in it: "
                f"{'; '.join(collections) or 'none'}")

    def report(self, what: str) -> str:
        worst = sorted(self.stalls, key=lambda s: s.length, reverse=True)[:3]
        return (f"UI thread blocked {self.longest * 1000:.0f} ms while {what} "
                f"({self.summary()}; {len(self.stalls)} beats over "
                f"{LATE * 1000:.0f} ms late); {self.longest_gap_detail()}; "
                "the longest stalls:\n"
                + "\n---\n".join(stall.describe() for stall in worst))
