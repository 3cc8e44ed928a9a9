"""A real 1,000,000-file engine image, opened and browsed in the window; dive beside it.

Builds (once; reused while the tag exists) an image on the engine: the Debian bookworm
base, a layer of 1,000,000 small files in 2,000 folders (one perl RUN: debian's base has
perl), and a layer rewriting 10,000 of them and deleting ten folders. It is labelled as a
benchmark throwaway, recorded in the ledger, and removed at the end unless --keep.

Then the real main window runs in this process (offscreen, or under Xvfb with --xvfb),
with every panel, a scratch config and a cold layer cache. It opens the image as a user
does (File > Open engine image: the picker, the image chosen by its tag), waits for the
analysis, then browses: every step in the timeline forwards and back (the F6 action) in
both file views; the big /data folder and a few of its folders expanded and scrolled
through; filters (one invalid regular expression); "expand all"; the Overlay, Sizes and
Harden tabs brought up, and the overlay's layer stepped through. Per phase, a 5 ms
heartbeat timer on the UI thread records the longest gap between two beats (and what the
UI thread was doing during the longest stalls, tests/gui/heartbeat.py).

dive on the same engine image (``dive IMAGE --source docker --json FILE``) runs in the same
run, after the window, as the peer figure for the open (its peak RSS by GNU time). Peak
RSS is the window process's (its workers are threads; children such as hadolint are
reported apart).
Results print and go to docs/benchmarks.md between the window-scale markers.

    DOCKER_HOST=... .venv/bin/python benchmarks/bench_window_scale.py [--keep] [--xvfb]
        [--no-write]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_explorer_scale as explorer_scale  # noqa: E402  (a sibling module)
from doc_section import write_doc_section  # noqa: E402

IMAGE = "workbench-bench-window-scale:latest"
MARK_START, MARK_END = "<!-- window-scale -->", "<!-- /window-scale -->"
GAP_GOAL_MS, RSS_GOAL_MIB = 100, 1536
HEARTBEAT_MS = 5
FOLDERS, PER_FOLDER = 2000, 500
DOCKERFILE = rf"""
FROM debian:bookworm
RUN perl -e 'mkdir "/data"; for my $d (0..{FOLDERS - 1}) {{ my $p = sprintf("/data/d%04d", $d); \
    mkdir $p; for my $f (0..{PER_FOLDER - 1}) {{ open(my $h, ">", "$p/f$f") or die; \
    print $h "file $d $f\n" if $f % 10 == 0; close $h; }} }}'
RUN perl -e 'for my $d (0..19) {{ for my $f (0..{PER_FOLDER - 1}) {{ \
    open(my $h, ">", sprintf("/data/d%04d/f%d", $d, $f)) or die; print $h "new $d $f\n"; \
    close $h; }} }}' && rm -rf /data/d199?
"""


# The image --------------------------------------------------------------------------------
def build_image(client: Any, ledger_file: Path) -> str:
    """The image's id: built unless the tag exists; recorded in the ledger either way."""
    from workbench.core.engine.connection import endpoint_url
    from workbench.core.labels import labels
    from workbench.core.ledger import Ledger

    try:
        image = client.images.get(IMAGE)
        print(f"reusing {IMAGE}", flush=True)
    except Exception:
        started = time.perf_counter()
        image, _logs = client.images.build(fileobj=io.BytesIO(DOCKERFILE.encode()), tag=IMAGE,
                                           rm=True, forcerm=True, labels=labels("benchmark"))
        print(f"built {IMAGE} in {time.perf_counter() - started:.0f} s", flush=True)
    Ledger(ledger_file).record("image", image.id, "benchmark", endpoint_url(client), [IMAGE])
    return str(image.id)


def remove_image(client: Any, image_id: str, ledger_file: Path) -> None:
    from workbench.core.ledger import Ledger

    client.images.remove(IMAGE, force=True)
    Ledger(ledger_file).forget([image_id])
    print(f"removed {IMAGE}", flush=True)


def dive(work: Path) -> tuple[float, float]:
    """(wall seconds, peak RSS MiB) of dive opening the engine image. GNU time starts it
    and reports its peak: a child forked straight from this process would count the
    window's pages it inherited before exec into its own peak."""
    binary = shutil.which("dive", path=str(ROOT / ".venv" / "bin")) or "dive"
    env = {k: v for k, v in os.environ.items() if k != "CI"}  # CI=true: dive's CI mode
    report = work / "dive.rss"
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", str(report), binary, IMAGE,
                           "--source", "docker", "--json", str(work / "dive.json")],
                          env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"dive failed: {done.stderr.decode(errors='replace').strip()[-500:]}")
    return wall, int(report.read_text().split()[-1]) / 1024


# Driving the window -----------------------------------------------------------------------
def peak_rss_mib(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def run_until(done: Callable[[], bool], timeout: float = 900.0) -> float:
    """Run the event loop until ``done()``; the seconds it took."""
    return explorer_scale.run_until(None, done, timeout)


def pause(seconds: float) -> None:
    explorer_scale.pause(None, seconds)


class Phases:
    """One heartbeat per phase; its longest gaps and what the UI thread did in them."""

    def __init__(self) -> None:
        self.results: dict[str, dict[str, Any]] = {}
        self.reports: dict[str, str] = {}
        self._beat: Any = None
        self._name = ""

    def enter(self, name: str) -> None:
        from tests.gui.heartbeat import Heartbeat

        self.leave()
        self._name = name
        self._beat = Heartbeat(HEARTBEAT_MS)
        self._beat.__enter__()
        print(f"phase: {name}", flush=True)

    def leave(self) -> None:
        beat, self._beat = self._beat, None
        if beat is None:
            return
        beat.__exit__(None, None, None)
        self.results[self._name] = {
            "gap_ms": round(beat.longest_raw * 1000, 1),
            "in_process_ms": round(beat.longest * 1000, 1),
            "over_goal": sum(1 for gap in beat.gaps if gap * 1000 >= GAP_GOAL_MS),
            "beats": len(beat.gaps)}
        if beat.longest_raw * 1000 >= GAP_GOAL_MS:
            self.reports[self._name] = beat.report(self._name)


def idle(window: Any) -> None:
    """Until no job of the window runs (the engine watcher aside)."""
    run_until(lambda: window.runner.running == 0 or all(
        "event" in job.name or "watch" in job.name for job in window.runner._jobs))


def bench_window(work: Path) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from workbench.gui.app import SWITCH_INTERVAL
    from workbench.gui.collector import collect_on_ui_thread
    from workbench.gui.layers.files_panel import LAYER, MERGED
    from workbench.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    collect_on_ui_thread()  # as the application does at start (app.run_gui)
    sys.setswitchinterval(SWITCH_INTERVAL)  # ditto
    results: dict[str, Any] = {"rss_start_mib": peak_rss_mib(),
                               "load_start": os.getloadavg()[0]}
    window = MainWindow(connect_engine=True)
    window.area.ask_save = lambda _tab: QMessageBox.StandardButton.Discard
    window.resize(1600, 1000)
    window.show()
    run_until(lambda: window.engine.client is not None and not window.engine.connecting, 60)
    names = [slot.spec.object_name for slot in window.panel_slots]
    run_until(lambda: all(window.panel(name) is not None for name in names), 120)
    idle(window)
    files, timeline = window.panel("dock-files"), window.panel("dock-timeline")
    assert files is not None and timeline is not None
    phases = Phases()

    phases.enter("open")
    picker = window.open_engine_image_dialog()
    assert picker is not None
    run_until(lambda: bool(picker.images), 60)
    picker.search.setText(IMAGE)
    loaded: list[tuple[bool, str]] = []
    window.loader.finished.connect(lambda ok, message: loaded.append((ok, message)))
    started = time.perf_counter()
    picker.accept()
    run_until(lambda: bool(loaded))
    if not loaded[0][0]:
        raise SystemExit(f"the window could not open {IMAGE}: {loaded[0][1]}")
    results["analysis_s"] = time.perf_counter() - started
    run_until(lambda: not files.busy and files.model.view is not None)
    results["files_shown_s"] = time.perf_counter() - started
    results["rss_analysed_mib"] = peak_rss_mib()
    idle(window)
    results["settled_s"] = time.perf_counter() - started
    analysis = window.context.analysis
    results["entries"] = sum(len(scan.entries) for scan in analysis.scans)
    results["layers"] = len(analysis.layers)
    results["steps"] = len(analysis.info.history)

    phases.enter("timeline")
    steps = results["steps"]
    for mode in (LAYER, MERGED):
        files.set_mode(mode)
        window.context.select_step(-1)
        for direction in [1] * steps + [-1] * (steps - 1):
            window.step_layer(direction)  # F6 / Shift+F6
            run_until(lambda: not files.busy)
    window.context.select_step(steps - 1)
    run_until(lambda: not files.busy)
    results["merged_count"] = files.model.view.shown if files.model.view else 0

    phases.enter("files")
    tree = files.tree
    for path in ("data", "data/d0000", "data/d1500", "usr", "usr/share"):
        tree.expand(files.model.index_for_path(path))
        pause(0.05)
    bar = tree.verticalScrollBar()
    for _ in range(3):  # the big folder hands rows over in batches as the view scrolls
        for value in range(0, bar.maximum() + 1, max(1, bar.maximum() // 200)):
            bar.setValue(value)
            pause(0.003)
    results["scroll_rows"] = bar.maximum() + bar.pageStep()
    window.context.select_path("data/d1999/f1")  # deleted: only in the layer view
    window.context.select_path("data/d0999/f499")
    pause(0.1)

    phases.enter("filter")
    for text in ("d00[0-4]/f1", "f499$", "(", "d1[0-9]{3}/f4[0-9]$", ""):
        files.filter_edit.setText(text)
        pause(0.3)  # past the debounce
        run_until(lambda: not files.busy)

    phases.enter("expand all")
    tree.collapseAll()
    pause(0.05)
    files.expand_all()
    pause(0.3)
    results["expand_all_rows"] = bar.maximum() + bar.pageStep()
    tree.collapseAll()

    phases.enter("other panels")
    for name in ("dock-overlay", "dock-sizes", "dock-harden"):
        window.docks[name].show()
        window.docks[name].raise_()
        pause(0.1)
        idle(window)
    overlay = window.panel("dock-overlay")
    window.docks["dock-overlay"].raise_()
    pause(0.1)
    if overlay is not None:
        spin = overlay.stack_controls.spin
        for layer in (*range(spin.maximum() - 1, -1, -1), spin.maximum()):
            spin.setValue(layer)
            pause(0.05)
            idle(window)
        overlay.select_path("data/d0000/f0")
        pause(0.1)

    phases.enter("idle")
    pause(1.0)
    phases.leave()
    results["phases"] = phases.results
    results["stall_reports"] = phases.reports
    results["rss_peak_mib"] = peak_rss_mib()
    results["rss_children_mib"] = peak_rss_mib(resource.RUSAGE_CHILDREN)
    results["load_end"] = os.getloadavg()[0]
    window.close()
    app.processEvents()
    return results


def scratch_env(work: Path) -> None:
    """The window's config, data, state and cache go to ``work``: a user's settings
    cannot change what is measured, and the layer cache starts cold."""
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        os.environ[f"XDG_{name}_HOME"] = str(work / name.lower())
    os.environ["WORKBENCH_CACHE_DIR"] = str(work / "cache" / "workbench")


# The section in docs/benchmarks.md ----------------------------------------------------------
PHASES = ("open", "timeline", "files", "filter", "expand all", "other panels", "idle")


def verdict(results: dict[str, Any]) -> list[str]:
    worst = max(p["gap_ms"] for p in results["phases"].values())
    peak = results["rss_peak_mib"]
    return [f"| longest UI-thread gap < {GAP_GOAL_MS} ms | {worst:.0f} ms | "
            f"{'met' if worst < GAP_GOAL_MS else 'missed'} |",
            f"| peak RSS < 1.5 GiB | {peak:,.0f} MiB | "
            f"{'met' if peak < RSS_GOAL_MIB else 'missed'} |"]


def write_section(results: dict[str, Any]) -> None:
    dive_s, dive_mib = results["dive_s"], results["dive_rss_mib"]
    lines = [
        MARK_START,
        "## A 1,000,000-file image in the window (`benchmarks/bench_window_scale.py`)",
        "",
        f"Built on the engine: Debian bookworm, a layer of {FOLDERS * PER_FOLDER:,} small "
        f"files in {FOLDERS:,} folders, a layer rewriting 10,000 of them and deleting ten "
        f"folders ({results['layers']} layers, {results['steps']} steps, "
        f"{results['entries']:,} layer entries, {results['merged_count']:,} entries in the "
        "final filesystem). The whole window runs "
        f"({results['platform']}) with every panel and a cold layer cache; it opens the "
        "image through File > Open engine image, then browses. A 5 ms heartbeat timer on "
        "the UI thread gives the longest gap per phase (wall clock; the second column "
        "leaves out the time Linux kept the runnable UI thread off a busy CPU).",
        "",
        "| phase | longest UI-thread gap | of it, in the process | gaps >= 100 ms |",
        "|---|---|---|---|",
    ]
    for phase in PHASES:
        p = results["phases"].get(phase)
        if p:
            lines.append(f"| {phase} | {p['gap_ms']:.0f} ms | {p['in_process_ms']:.0f} ms | "
                         f"{p['over_goal']} |")
    lines += [
        "",
        "| run | time | peak RSS | seconds | MiB |",
        "|---|---|---|---|---|",
        f"| dive 0.13 on the engine image (`--json`) | 1.00x | 1.00x | {dive_s:.1f} | "
        f"{dive_mib:,.0f} |",
        f"| window: Open engine image to the analysis | {results['analysis_s'] / dive_s:.2f}x "
        f"dive | | {results['analysis_s']:.1f} | |",
        f"| window: to the first file tree shown | {results['files_shown_s'] / dive_s:.2f}x "
        f"dive | | {results['files_shown_s']:.1f} | |",
        f"| window: until every panel is done with it | {results['settled_s'] / dive_s:.2f}x "
        f"dive | {results['rss_peak_mib'] / dive_mib:.2f}x dive | {results['settled_s']:.1f} "
        f"| {results['rss_peak_mib']:,.0f} |",
        "",
        "| goal | measured | verdict |",
        "|---|---|---|",
        *verdict(results),
        "",
        f"- Peak RSS of the window process {results['rss_peak_mib']:,.0f} MiB (after the "
        f"analysis: {results['rss_analysed_mib']:,.0f} MiB; interpreter and Qt at start: "
        f"{results['rss_start_mib']:.0f} MiB); its largest child process (hadolint) "
        f"{results['rss_children_mib']:.0f} MiB.",
        f"- Browsing: {results['steps'] * 4 - 2} step switches in the two file views; "
        f"{results['scroll_rows']:,} rows scrolled through in the expanded folders; "
        f"\"expand all\" opened {results['expand_all_rows']:,} rows.",
        f"- Machine load (1-minute average, 2 cores shared with other work): "
        f"{results['load_start']:.1f} at the start, {results['load_end']:.1f} at the end.",
        *results.get("notes", []),
        MARK_END,
    ]
    write_doc_section(MARK_START, MARK_END, lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the image for the next run")
    parser.add_argument("--xvfb", action="store_true", help="run the window under Xvfb")
    parser.add_argument("--no-write", action="store_true", help="do not update the docs")
    args = parser.parse_args()
    import docker

    from workbench.core.ledger import default_file

    ledger_file = default_file()  # the user's ledger, before the window's scratch dirs
    client = docker.from_env(timeout=600)
    work = Path(tempfile.mkdtemp(prefix="bench-window-scale-"))
    xserver: Any = None
    try:
        build_image(client, ledger_file)
        scratch_env(work)
        if args.xvfb:
            from tests.packaging.x_display import XServer

            xserver = XServer().__enter__()
            os.environ["DISPLAY"] = xserver.name
            os.environ["QT_QPA_PLATFORM"] = "xcb"
        else:
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        results = bench_window(work)
        results["platform"] = "Xvfb" if args.xvfb else "offscreen"
        results["dive_s"], results["dive_rss_mib"] = dive(work)
    finally:
        if xserver is not None:
            xserver.__exit__(None, None, None)
        shutil.rmtree(work, ignore_errors=True)
        if not args.keep:
            try:
                remove_image(client, client.images.get(IMAGE).id, ledger_file)
            except Exception as exc:  # nothing built, or already gone
                print(f"nothing removed: {exc}", flush=True)
    reports = results.pop("stall_reports")
    print(json.dumps(results, indent=2))
    for phase, report in reports.items():
        print(f"--- {phase}\n{report}")
    if not args.no_write:
        write_section(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
