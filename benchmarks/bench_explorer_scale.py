"""Scale benchmark of the timeline and file explorer: a synthetic 500,000-file image.

The image (benchmarks/explorer_image.py) is an OCI layout: a base layer, a layer that
adds files and rewrites 50,000 of the base's, and a layer with a flat 20,000-file folder
and whiteouts removing 300 folders. The merged filesystem holds 500,000 files.

The app's real panels (TimelinePanel, FilesPanel) run offscreen with the real worker
runner. A heartbeat timer on the UI thread (every 5 ms) records the longest gap between
two ticks while the script opens the image, switches steps in both views, filters with
regular expressions (one invalid) and scrolls through large expanded folders: that gap
is the longest time the UI thread could not answer the user. Peak RSS is the whole
process's. Results print and go to docs/benchmarks.md between the explorer-scale markers.

    .venv/bin/python benchmarks/bench_explorer_scale.py [--keep DIR] [--no-write]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from doc_section import write_doc_section  # noqa: E402  (a sibling module)
from explorer_image import make_image  # noqa: E402  (needs the path above)

from workbench.gui.app import SWITCH_INTERVAL as APP_SWITCH_INTERVAL  # noqa: E402

HEARTBEAT_MS = 5
MARK_START, MARK_END = "<!-- explorer-scale -->", "<!-- /explorer-scale -->"
FETCH_NOTE = "big folders hand rows over in batches as the view scrolls"


# Measuring -------------------------------------------------------------------------------
def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Heartbeat:
    """Longest gap between ticks of a UI-thread timer, per named phase."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.phase = "idle"
        self.worst: dict[str, float] = {}
        self.over: dict[str, int] = {}  # gaps of 100 ms or more
        # The UI thread's own CPU time within a gap: the rest of the gap is waiting
        # (for the interpreter lock, or for a core when other processes load the machine).
        self.worst_cpu: dict[str, float] = {}
        self._last = time.perf_counter()
        self._last_cpu = time.thread_time()
        self.timer = QTimer()
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        gap = (now - self._last) * 1000
        busy = (cpu - self._last_cpu) * 1000
        self._last, self._last_cpu = now, cpu
        self.worst_cpu[self.phase] = max(self.worst_cpu.get(self.phase, 0.0), busy)
        self.worst[self.phase] = max(self.worst.get(self.phase, 0.0), gap)
        if gap >= 100:
            self.over[self.phase] = self.over.get(self.phase, 0) + 1

    def enter(self, phase: str) -> None:
        self.phase = phase
        self._last, self._last_cpu = time.perf_counter(), time.thread_time()


class CollectorLog:
    """Longest cyclic-GC pass per generation: it holds the interpreter lock throughout,
    so a long pass in a worker is a stall of the UI thread too."""

    def __init__(self) -> None:
        self.longest: dict[int, float] = {}
        self._start = 0.0
        gc.callbacks.append(self._on_gc)

    def _on_gc(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            took = (time.perf_counter() - self._start) * 1000
            generation = info["generation"]
            self.longest[generation] = max(self.longest.get(generation, 0.0), took)

    def close(self) -> None:
        gc.callbacks.remove(self._on_gc)


def run_until(app: Any, done: Callable[[], bool], timeout: float = 600.0) -> float:
    """Run the event loop until ``done()``; returns the seconds it took.

    A nested ``QEventLoop`` polled by a timer, not a ``processEvents()`` loop: with
    PySide6 6.12 on Python 3.11 every ``processEvents()`` call drops one reference to
    ``None`` and a long loop of them crashes the interpreter.
    """
    from PySide6.QtCore import QEventLoop, QTimer

    start = time.perf_counter()
    if done():
        return 0.0
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(2)

    def check() -> None:
        if done() or time.perf_counter() - start > timeout:
            loop.quit()

    poll.timeout.connect(check)
    poll.start()
    loop.exec()
    poll.stop()
    if not done():
        raise TimeoutError("the benchmark step did not finish in time")
    return time.perf_counter() - start


def pause(app: Any, seconds: float) -> None:
    end = time.perf_counter() + seconds
    run_until(app, lambda: time.perf_counter() >= end)


def bench(image_dir: Path) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication, QSplitter

    from workbench.gui.image_loader import open_and_analyze
    from workbench.gui.layers.files_panel import MERGED, FilesPanel
    from workbench.gui.layers.timeline import TimelinePanel
    from workbench.gui.selection import ImageContext
    from workbench.gui.worker import JobRunner

    app = QApplication.instance() or QApplication([])
    context, runner = ImageContext(), JobRunner()
    window = QSplitter()
    timeline, files = TimelinePanel(context, runner), FilesPanel(context, runner)
    window.addWidget(timeline)
    window.addWidget(files)
    window.resize(1600, 1000)
    window.show()
    beat = Heartbeat()
    collector = CollectorLog()
    results: dict[str, Any] = {"rss_start_mib": peak_rss_mib(),
                               "load_start": os.getloadavg()[0],
                               "switch_interval_s": sys.getswitchinterval()}

    cache = Path(os.environ.get("WORKBENCH_CACHE_DIR", ""))
    results["cache"] = "warm" if cache.is_dir() and any(cache.iterdir()) else "cold"
    beat.enter("open")
    holder: list[Any] = []
    source = f"oci://{image_dir}"
    # What the window's image loader runs.
    runner.start(lambda progress, cancel: open_and_analyze(source, None, progress, cancel),
                 name="open", on_result=holder.append, on_error=holder.append)
    results["open_s"] = run_until(app, lambda: bool(holder))
    analysis = holder[0]
    if isinstance(analysis, str):
        raise SystemExit(f"opening the synthetic image failed: {analysis}")
    context.set_analysis(analysis)
    run_until(app, lambda: not files.busy)
    results["entries"] = sum(len(scan.entries) for scan in analysis.scans)
    results["rss_opened_mib"] = peak_rss_mib()

    beat.enter("switch steps")
    started = time.perf_counter()
    steps = len(analysis.info.history)
    for mode in ("layer", MERGED):
        files.set_mode(mode)
        for step in (*range(steps), *reversed(range(steps))):
            context.select_step(step)
            run_until(app, lambda: not files.busy)
    results["switch_s"] = time.perf_counter() - started
    results["switches"] = steps * 4
    context.select_step(steps - 1)
    run_until(app, lambda: not files.busy)
    results["merged_count"] = files.model.view.shown if files.model.view else 0

    beat.enter("filter")
    for text in ("p00[0-4]", "x1999", "(", "g0[05]$", ""):
        files.filter_edit.setText(text)
        pause(app, 0.3)  # past the debounce
        run_until(app, lambda: not files.busy)

    beat.enter("scroll")
    for path in ("var", "var/flat", "usr", "usr/share", "srv", "opt", "opt/app"):
        files.tree.expand(files.model.index_for_path(path))
        pause(app, 0.02)
    bar = files.tree.verticalScrollBar()
    results["scroll_rows"] = bar.maximum() + bar.pageStep()
    step = max(1, bar.maximum() // 400)
    for value in range(0, bar.maximum() + 1, step):
        bar.setValue(value)
        pause(app, 0.002)

    beat.enter("expand all")
    files.tree.collapseAll()
    pause(app, 0.02)
    files.expand_all()
    pause(app, 0.2)
    results["expand_all_rows"] = bar.maximum() + bar.pageStep()

    beat.enter("idle")
    results["stall_ms"] = dict(beat.worst)
    results["gaps_over_100ms"] = dict(beat.over)
    results["ui_cpu_ms"] = {phase: round(ms, 1) for phase, ms in beat.worst_cpu.items()}
    results["load_average"] = os.getloadavg()[0]
    results["longest_gc_ms"] = {str(g): round(t) for g, t in sorted(collector.longest.items())}
    collector.close()
    results["rss_peak_mib"] = peak_rss_mib()
    assert runner.shutdown(60000)
    window.close()
    return results


def verdict(results: dict[str, Any]) -> str:
    """The goals checked against this run's numbers."""
    over = [f"{phase} ({ms:.0f} ms)" for phase, ms in results["stall_ms"].items()
            if phase != "idle" and ms >= 100]
    parts = ["UI-thread gaps under 100 ms in every phase" if not over
             else "gaps of 100 ms or more in " + ", ".join(over)]
    peak = results["rss_peak_mib"]
    parts.append(f"peak RSS {'under' if peak < 1024 else 'over'} 1 GiB")
    return "; ".join(parts) + "."


PHASES = ("open", "switch steps", "filter", "scroll", "expand all")
NOTES = (
    "What made the difference, and what is left:",
    "",
    "- File trees are columns (a name list and typed arrays indexed by node number), "
    "not an object per node: no reference cycles, so a replaced tree is freed at once "
    "by reference counting, and almost nothing for the garbage collector to walk.",
    "- The analysis keeps its final replay state as the merged-view cursor; replay states "
    "and builder maps are emptied piece by piece instead of freed in one C-level pass.",
    "- The tree model answers every role of a cell in one call (`multiData`) straight "
    "from the columns, and the header reads its labels from a C++ model: while a worker "
    "runs, each call into Python waits for the interpreter lock, and header sizing "
    "alone made about sixty such calls per step switch.",
    "- The open gap is the layer cache load (`workbench/core/image/cache.py`): one "
    "`msgpack.unpackb` (about 105 ms for the 353,502-entry layer) and one `str.split` of "
    "its paths (about 47 ms) each hold the interpreter lock in a single C call.",
    "- Step switches cost the UI thread little CPU; their gaps are waiting for the lock "
    "or for a core, so they grow with the machine's load (runs at a load of 4.7 to 6.8 "
    "on these 2 shared cores gave 185 to 270 ms).",
    "- Scrolling and expanding are the UI thread's own work: one repaint of the visible "
    "rows costs 25 to 40 ms offscreen, and the view lays out every expanded row again "
    "after each batch of rows a big folder hands over.",
)


def _ms(results: dict[str, Any] | None, key: str, phase: str) -> str:
    value = (results or {}).get(key, {}).get(phase)
    return "–" if value is None else f"{value:.0f} ms"


def write_section(results: dict[str, Any], before: dict[str, Any] | None = None) -> None:
    stalls = results["stall_ms"]
    head = "| phase | longest UI-thread gap | UI thread's own CPU in one gap |"
    rule = "|---|---|---|"
    if before:
        head += " before: longest gap |"
        rule += "---|"
    lines = [
        MARK_START,
        "## Explorer at scale (`benchmarks/bench_explorer_scale.py`)",
        "",
        f"Synthetic OCI image: {results['entries']:,} layer entries in 3 layers, "
        f"{results['merged_count']:,} entries in the final merged tree. The real timeline and "
        "file panels run offscreen; a 5 ms heartbeat timer measures the UI thread's longest "
        "gap, and the thread's CPU time between two ticks says how much of a gap was its own "
        "work (the rest is waiting for the interpreter lock or for a core). "
        "Goal: under 100 ms per gap, under 1 GiB peak RSS.",
        "",
        head,
        rule,
    ]
    for phase in PHASES:
        row = (f"| {phase} | {stalls.get(phase, 0.0):.0f} ms | "
               f"{_ms(results, 'ui_cpu_ms', phase)} |")
        if before:
            row += f" {_ms(before, 'stall_ms', phase)} |"
        lines.append(row)
    over = results.get("gaps_over_100ms", {})
    lines += [
        "",
        f"- Machine load while it ran: {results['load_start']:.1f} at start, "
        f"{results['load_average']:.1f} at the end (1-minute load average, 2 cores); "
        f"gaps of 100 ms or more: {sum(over.values())} "
        f"({', '.join(f'{p}: {n}' for p, n in over.items()) or 'none'}).",
        f"- Open + analyse in the worker ({results['cache']} layer cache): "
        f"{results['open_s']:.1f} s; "
        f"{results['switches']} step switches (layer and merged views, both directions): "
        f"{results['switch_s']:.1f} s in all.",
        f"- Scrolled in 400 jumps through the expanded folders ({results['scroll_rows']:,} "
        f"rows handed to the view, {FETCH_NOTE}); \"expand all\" opened "
        f"{results['expand_all_rows']:,} rows.",
        f"- Peak RSS: {results['rss_peak_mib']:.0f} MiB (after opening: "
        f"{results['rss_opened_mib']:.0f} MiB; interpreter and Qt at start: "
        f"{results['rss_start_mib']:.0f} MiB)"
        + (f"; before: {before['rss_peak_mib']:.0f} MiB." if before else "."),
        f"- Longest cyclic garbage-collector pass (any thread), by generation: "
        f"{', '.join(f'gen {g}: {t} ms' for g, t in results['longest_gc_ms'].items())}"
        + (f" (before: {', '.join(f'gen {g}: {t} ms' for g, t in before['longest_gc_ms'].items())})"
           if before else "") + ".",
        f"- Switch interval {results['switch_interval_s'] * 1000:g} ms (what the window sets)"
        + (f"; the before column ran the same benchmark on the code before the changes, "
           f"same interval, load {before.get('load_average', 0):.1f}"
           + (", and counted \"expand all\" in its scroll phase" if before else "")
           if before else "") + ".",
        f"- Verdict: {verdict(results)}",
        "",
        *NOTES,
        MARK_END,
    ]
    write_doc_section(MARK_START, MARK_END, lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="folder for the synthetic image, kept")
    parser.add_argument("--no-write", action="store_true", help="do not update the docs")
    parser.add_argument("--switch-interval", type=float, default=APP_SWITCH_INTERVAL,
                        help="sys.setswitchinterval(SECONDS) first (default: "
                             f"{APP_SWITCH_INTERVAL}, what the main window sets)")
    parser.add_argument("--before", type=Path, metavar="JSON",
                        help="results of a run on older code, shown side by side")
    args = parser.parse_args()
    sys.setswitchinterval(args.switch_interval)
    temp = None
    if args.keep:
        folder = args.keep
        folder.mkdir(parents=True, exist_ok=True)
    else:
        temp = tempfile.mkdtemp(prefix="bench-explorer-")
        folder = Path(temp)
    os.environ.setdefault("WORKBENCH_CACHE_DIR", str(folder / "cache"))
    try:
        started = time.perf_counter()
        make_image(folder / "image")
        print(f"synthetic image ready in {time.perf_counter() - started:.1f} s", flush=True)
        results = bench(folder / "image")
    finally:
        if temp:
            shutil.rmtree(temp, ignore_errors=True)
    print(json.dumps(results, indent=2))
    if not args.no_write:
        before = json.loads(args.before.read_text()) if args.before else None
        write_section(results, before)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
