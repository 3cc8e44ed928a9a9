"""``workbench build`` (live step progress, then the layer summary) and ``workbench context``."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from typing import Any, TextIO

from workbench.cli.json_out import print_json
from workbench.core.engine.context import check_context, scan_context
from workbench.core.engine.events import (
    BuildEvent,
    BuildFailed,
    BuildFinished,
    StepCached,
    StepFinished,
    StepOutput,
    StepStarted,
)
from workbench.core.errors import WorkbenchError
from workbench.core.progress import CancelToken
from workbench.core.units import human_size as human


class StepPrinter:
    """Prints one line per step; on a terminal, a bar redrawn in place while it runs."""

    def __init__(self, out: TextIO, quiet_output: bool = False) -> None:
        self.out = out
        self.tty = out.isatty()
        self.quiet_output = quiet_output
        self.current: StepStarted | None = None
        self.text = ""  # the current step's line, redrawn on a terminal

    def _bar(self, step: int, total: int, width: int = 20) -> str:
        filled = int(width * (step - 1) / total) if total else 0
        return "[" + "#" * filled + "." * (width - filled) + "]"

    def __call__(self, event: BuildEvent) -> None:
        out = self.out
        if isinstance(event, StepStarted):
            self.current = event
            lines = f"line {event.line_start}" if event.line_start else "build label"
            if event.line_end > event.line_start:
                lines = f"lines {event.line_start}-{event.line_end}"
            text = f"Step {event.step}/{event.total} ({lines}): {event.instruction}"
            self.text = text[:100]
            if self.tty:
                out.write(f"\r\033[K{self._bar(event.step, event.total)} {self.text}")
            else:
                out.write(text + "\n")
        elif isinstance(event, StepCached) and self.tty:
            out.write(" (cached)")
        elif isinstance(event, StepOutput) and not self.quiet_output:
            out.write(("\r\033[K" if self.tty else "") + f"    {event.text}\n")
            if self.tty and self.current:
                out.write(f"{self._bar(self.current.step, self.current.total)} {self.text}")
        elif isinstance(event, StepFinished):
            size = f", +{human(event.layer_size)}" if event.layer_size else ""
            cached = "cached, " if event.cached else ""
            line = f"  -> {event.image_id[7:19] or '?'} ({cached}{event.duration:.1f}s{size})"
            out.write((f"\r\033[K{self.text}" if self.tty else "") + line + "\n")
        elif isinstance(event, BuildFailed):
            out.write(("\n" if self.tty else "") + f"Step {event.step} failed"
                      f"{f' at line {event.line_start}' if event.line_start else ''}: "
                      f"{event.message}\n")
        elif isinstance(event, BuildFinished):
            tags = f" tagged {', '.join(event.tags)}" if event.tags else ""
            out.write(f"Built {event.image_id[7:19]}{tags} in {event.duration:.1f}s\n")
        out.flush()


def _analysis_summary(client: Any, image_id: str, out: TextIO) -> bool:
    """The layer summary from the analysis, when that part is installed; False if not."""
    import importlib

    try:
        analyze = importlib.import_module("workbench.core.analysis.analyze").analyze
        open_image = importlib.import_module("workbench.core.image.open").open_image
    except (ImportError, AttributeError):
        return False
    try:
        opened = open_image(f"docker://{image_id}", client=client)
        try:
            result = analyze(opened)
        finally:
            close = getattr(getattr(opened, "source", None), "close", None)
            if callable(close):
                close()
        out.write("Layers:\n")
        for layer in result.layers:
            out.write(f"  {layer.index:>3} {human(layer.size_bytes):>9}  "
                      f"{str(layer.command)[:80]}\n")
        metrics = result.metrics
        out.write(f"Size {human(result.size_bytes)}, efficiency {metrics.efficiency:.1%}, "
                  f"wasted {human(metrics.wasted_bytes)}, reclaimable "
                  f"{human(metrics.reclaimable_bytes)}\n")
        out.write(_read_through(opened))
        return True
    except WorkbenchError as exc:
        out.write(f"(analysis unavailable: {exc})\n")
    except Exception as exc:  # the analysis is optional here: the build itself succeeded
        out.write(f"(analysis unavailable: {type(exc).__name__}: {exc})\n")
    return False


def _read_through(opened: Any) -> str:
    """Which way the layers were read, and why not the fast one when it was not."""
    if opened.info.read_through == "storage":
        return "New layers read from the engine's storage; cached layers were not read.\n"
    note = getattr(opened.source, "note", "")
    return f"Layers read through the save stream{f' ({note})' if note else ''}.\n"


def _print_layers(client: Any, image_id: str, out: TextIO) -> None:
    """The layer summary: the analysis when available, else the engine's history."""
    if _analysis_summary(client, image_id, out):
        return
    from workbench.core.engine.storage import image_history

    out.write("Layers (newest first):\n")
    for row in image_history(client, image_id):
        out.write(f"  {row.short_id:<12} {human(row.size):>9}  {row.instruction[:80]}\n")


def _run_build(args: argparse.Namespace) -> int:
    from workbench.core.engine.build import BuildRequest, run_build
    from workbench.core.engine.connection import connect

    build_args = {}
    for item in args.build_arg or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise WorkbenchError(f"--build-arg {item!r} needs the form KEY=VALUE.")
        build_args[key] = value
    request = BuildRequest(Path(args.context), dockerfile=args.file, tag=args.tag,
                           build_args=build_args, target=args.target, no_cache=args.no_cache,
                           squash=args.squash)
    # A context that cannot be sent fails here, before any engine is involved.
    check_context(Path(args.context), args.file)
    cancel = CancelToken()
    # Ctrl-C cancels cleanly (intermediate containers removed) instead of a traceback.
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, lambda *_: cancel.cancel())
    with connect(args.endpoint) as engine:
        finished = run_build(engine.client, request, StepPrinter(sys.stdout, args.quiet), cancel)
        if not args.no_summary:
            _print_layers(engine.client, finished.image_id, sys.stdout)
    return 0


def _run_context(args: argparse.Namespace) -> int:
    report = scan_context(Path(args.context), args.file)
    if args.json:
        print_json(report.to_json())
        return 1 if report.unreadable else 0
    print(f"Context {report.root}: {report.file_count} files, {report.dir_count} dirs, "
          f"{human(report.total_bytes)} will be sent.")
    if report.largest_files:
        print("Largest files:")
        for path, size in report.largest_files:
            print(f"  {human(size):>9}  {path}")
    if report.largest_dirs:
        print("Largest directories:")
        for path, size in report.largest_dirs:
            print(f"  {human(size):>9}  {path}/")
    if report.excluded:
        print(f".dockerignore excludes {report.excluded_files} files "
              f"({human(report.excluded_bytes)}):")
        for entry in report.excluded[:50]:
            name = entry.path + ("/" if entry.is_dir else "")
            print(f"  {human(entry.size):>9}  {name}  (by {entry.pattern})")
        if len(report.excluded) > 50:
            print(f"  ... and {len(report.excluded) - 50} more")
    for path in report.unreadable:
        print(f"Unreadable: {path} (the build would fail; fix its permissions or exclude it)")
    return 1 if report.unreadable else 0


def register(subparsers: argparse._SubParsersAction) -> None:
    build = subparsers.add_parser("build", help="build an image with live step progress",
                                  description="Build CONTEXT on the engine through the "
                                  "classic builder, one line per step, then the layers. "
                                  "Exit codes: 0 built, 3 no engine, 4 build failed, "
                                  "130 cancelled.")
    build.add_argument("context", help="the build context directory")
    build.add_argument("-f", "--file", default="Dockerfile", help="Dockerfile (relative to "
                       "the context, or a path)")
    build.add_argument("-t", "--tag")
    build.add_argument("--build-arg", action="append", metavar="K=V")
    build.add_argument("--target")
    build.add_argument("--squash", action="store_true", help="squash the new layers "
                       "(needs an experimental daemon)")
    build.add_argument("--no-cache", action="store_true")
    build.add_argument("-q", "--quiet", action="store_true", help="hide RUN output")
    build.add_argument("--no-summary", action="store_true", help="skip the layer summary")
    build.add_argument("-H", "--endpoint", help="engine URL or Docker context name")
    build.set_defaults(func=_run_build)

    context = subparsers.add_parser("context", help="what a build would send to the engine",
                                    description="Files and bytes of the build context, the "
                                    "largest files and dirs, what .dockerignore excludes. "
                                    "Exit code 1 when a file cannot be read.")
    context.add_argument("context")
    context.add_argument("-f", "--file", default="Dockerfile")
    context.add_argument("--json", action="store_true")
    context.set_defaults(func=_run_context)
