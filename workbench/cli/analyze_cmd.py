"""``workbench analyze | layers | files``: the analysis, the timeline and the file explorer
as commands (schema and exit codes: docs/analysis-json.md).

Exit codes: 0 done (or every CI rule passed), 1 a CI rule failed, 2 bad source or
arguments, 3 no engine, 130 interrupted.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from workbench.core.errors import WorkbenchError
from workbench.core.progress import ProgressEvent, no_progress
from workbench.core.units import human_size

# The analysis, the report builders and the CI rules are imported where they are used:
# `workbench analyze` on a cached image needs only part of them, and start-up time is
# most of what a cached report costs.
if TYPE_CHECKING:
    from workbench.core.analysis.analyze import Analysis
    from workbench.core.analysis.result_cache import ImageReport
    from workbench.core.model import Status

# One letter per status (the values of workbench.core.model.Status) in file listings.
_STATUS_MARK = {"added": "A", "modified": "M", "removed": "R", "unchanged": " "}


def _percent(value: float) -> str:
    return "n/a (no bytes above the base layer)" if math.isnan(value) else (
        "inf" if math.isinf(value) else f"{value * 100:.2f} %")


class _StderrProgress:
    """One rewritten status line on stderr, only when stderr is a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.shown = False

    def __call__(self, event: ProgressEvent) -> None:
        total = f"/{event.total}" if event.total else ""
        text = f"{event.stage}: {event.done}{total} {event.unit} {event.message}".strip()
        self.stream.write("\r\033[K" + text[:200])
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()


def _progress_to_stderr() -> _StderrProgress | None:
    return _StderrProgress(sys.stderr) if sys.stderr.isatty() else None


def load(source: str) -> Analysis:
    """Open and analyse ``source``; progress goes to stderr when it is a terminal."""
    from workbench.core.analysis.analyze import analyze
    from workbench.core.image.open import open_image

    reporter = _progress_to_stderr()
    callback = reporter if reporter is not None else no_progress
    try:
        image = open_image(source, progress=callback)
        return analyze(image, progress=callback)
    finally:
        if reporter is not None:
            reporter.close()


def load_report(source: str) -> ImageReport:
    """The report of ``source`` (layers and metrics, no file trees), from the result
    cache when this image was analysed before (``result_cache``)."""
    from workbench.core.analysis.result_cache import report_of

    reporter = _progress_to_stderr()
    try:
        report = report_of(source, progress=reporter if reporter is not None else no_progress)
    finally:
        if reporter is not None:
            reporter.close()
    return report


def _write_json(doc: dict[str, Any], target: str) -> None:
    from workbench.core.analysis.report_json import json_bytes

    _write_bytes(json_bytes(doc), target)


def _write_bytes(data: bytes, target: str) -> None:
    if target == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        Path(target).write_bytes(data)
    except OSError as exc:
        raise WorkbenchError(f"{target}: cannot write the JSON report ({exc.strerror}).") from None


# ---------------------------------------------------------------- analyze

def _ci_rules(args: argparse.Namespace) -> dict[str, str] | None:
    """The CI rules asked for (flags over ``.dive-ci``), None when CI mode is off.

    A bad rules file or threshold fails here, before the long work starts."""
    flags = {"lowestEfficiency": args.lowest_efficiency,
             "highestWastedBytes": args.highest_wasted_bytes,
             "highestUserWastedPercent": args.highest_user_wasted_percent}
    given = {key: value for key, value in flags.items() if value is not None}
    if not (args.ci or given or args.ci_config):
        return None
    from workbench.core.analysis.ci_rules import CiConfigError, parse_bytes, read_ci_config

    config_path = Path(args.ci_config) if args.ci_config else Path(".dive-ci")
    rules: dict[str, str] = {}
    try:
        if args.ci_config or config_path.is_file():
            rules = read_ci_config(config_path)
        if args.highest_wasted_bytes not in (None, "", "disabled", "off", "false"):
            parse_bytes(args.highest_wasted_bytes)
    except CiConfigError as exc:
        raise WorkbenchError(str(exc)) from None
    rules.update(given)  # the command line wins over the file
    return rules


def _print_summary(report: ImageReport, top: int, out: TextIO) -> None:
    image, body = report.image, report.body
    layers, inefficient = body["layers"], body["inefficient_files"]
    name = image["repo_tags"][0] if image["repo_tags"] else (image["source"] or image["id"])
    out.write(f"Image {name}  {image['id'][:19]}  {len(layers)} layers, "
              f"{human_size(body['size_bytes'])}\n\n")
    out.write(f"{'layer':>5}  {'size':>9}  {'added':>6} {'mod':>5} {'rem':>5}  command\n")
    for layer in layers:
        command = layer["command"]
        command = command if len(command) <= 90 else command[:89] + "…"
        out.write(f"{layer['index']:>5}  {human_size(layer['size_bytes']):>9}  "
                  f"{layer['added']:>6} {layer['modified']:>5} {layer['removed']:>5}  "
                  f"{command}\n")
    wasted, reclaimable = body["wasted_bytes"], body["reclaimable_bytes"]
    out.write("\n")
    out.write(f"Efficiency:          {body['efficiency'] * 100:.4f} %\n")
    out.write(f"Wasted bytes:        {human_size(wasted)} ({wasted} B)\n")
    out.write(f"User wasted percent: {_percent(body['user_wasted_percent'])}\n")
    out.write(f"Reclaimable bytes:   {human_size(reclaimable)} "
              f"({reclaimable} B, what squashing would save)\n")
    if inefficient:
        out.write(f"\nTop inefficient files ({min(top, len(inefficient))} of "
                  f"{len(inefficient)}):\n")
        out.write(f"{'count':>5}  {'wasted':>9}  path\n")
        for item in inefficient[:top]:
            out.write(f"{item['count']:>5}  {human_size(item['size']):>9}  {item['path']}\n")


def _run_analyze(args: argparse.Namespace) -> int:
    from workbench.core.analysis.report_json import document_text

    rules = _ci_rules(args)
    report = load_report(args.source)
    body = report.body
    results = None
    if rules is not None:
        from workbench.core.analysis.ci_rules import evaluate

        results = evaluate(body["efficiency"], body["wasted_bytes"],
                           body["user_wasted_percent"], rules)
    if args.json:
        _write_bytes(document_text(report.image, report.text, results), args.json)
    if args.json != "-":
        _print_summary(report, args.top, sys.stdout)
        if results is not None:
            sys.stdout.write("\nCI rules:\n")
            for result in results:
                line = f"  {result.status.upper():4}  {result.name} ({result.threshold})"
                sys.stdout.write(line + (f": {result.message}" if result.message else "") + "\n")
    if results is not None:
        failed = [r for r in results if r.status == "fail"]
        for result in failed:
            print(f"workbench analyze: CI rule {result.name} failed: {result.message}.",
                  file=sys.stderr)
        return 1 if failed else 0
    return 0


# ---------------------------------------------------------------- layers

def _run_layers(args: argparse.Namespace) -> int:
    from workbench.core.analysis.analyze import LayerReport, history_steps
    from workbench.core.analysis.report_json import steps_document

    report = load_report(args.source)  # steps need no file trees
    layers = (report.analysis.layers if report.analysis is not None
              else [LayerReport(**layer) for layer in report.body["layers"]])
    if report.info is not None:
        info = report.info
    else:  # found by the archive's identity: the history is read now
        from workbench.core.image.open import read_info

        info = read_info(args.source)
    steps = history_steps(info, layers)
    if args.json:
        _write_json(steps_document(info, steps), "-" if args.json is True else args.json)
        return 0
    out = sys.stdout
    out.write(f"{'step':>4}  {'layer':>5}  {'instr':<10} {'size':>9}  {'added':>6} {'mod':>5} "
              f"{'rem':>5}  command\n")
    for step in steps:
        layer = step.layer
        counts = (f"{layer.added:>6} {layer.modified:>5} {layer.removed:>5}" if layer
                  else f"{'-':>6} {'-':>5} {'-':>5}")
        index = str(layer.index) if layer else "-"
        out.write(f"{step.index:>4}  {index:>5}  {step.instruction or '?':<10} "
                  f"{human_size(step.size_bytes):>9}  {counts}  {step.command}\n")
    return 0


# ---------------------------------------------------------------- files

def _statuses(text: str | None) -> set[Status] | None:
    from workbench.core.model import Status

    if not text:
        return None
    wanted: set[Status] = set()
    for word in text.split(","):
        word = word.strip().lower()
        if not word:
            continue
        try:
            wanted.add(Status(word))
        except ValueError:
            raise WorkbenchError(
                f"--status: unknown status '{word}'; use added, modified, removed or unchanged."
            ) from None
    return wanted


def _run_files(args: argparse.Namespace) -> int:
    from workbench.core.analysis.report_json import absolute, files_document, permissions
    from workbench.core.model import Kind

    wanted = _statuses(args.status)
    analysis = load(args.source)
    count = len(analysis.layers)
    layer = args.layer if args.layer >= 0 else count + args.layer
    if not 0 <= layer < count:
        raise WorkbenchError(
            f"--layer {args.layer}: the image has {count} layers (0 to {count - 1}, "
            "or negative counting from the top)."
        )
    tree = analysis.merged(layer) if args.aggregated else analysis.layer_changes(layer)
    if wanted is not None or args.filter:
        tree = tree.filter(wanted, args.filter)
    if args.json:
        _write_json(files_document(analysis, tree, layer, args.aggregated),
                    "-" if args.json is True else args.json)
        return 0
    out = sys.stdout
    for node in tree.walk():
        link = f" -> {node.link}" if node.kind in (Kind.SYMLINK, Kind.HARDLINK) else ""
        origin = "-" if node.layer is None else str(node.layer)
        out.write(f"{_STATUS_MARK[node.status]} {permissions(node)} {node.uid:>5}:{node.gid:<5} "
                  f"{human_size(node.size):>9} {origin:>3}  {absolute(node.path)}{link}\n")
    return 0


# ---------------------------------------------------------------- parser

def register(subparsers: Any) -> None:
    source_help = ("image name, docker://NAME, a docker save / OCI archive, or oci://DIR")
    p = subparsers.add_parser(
        "analyze", help="efficiency, wasted and reclaimable bytes of an image",
        description="Analyse an image: layers, dive-compatible efficiency and wasted bytes, "
                    "reclaimable bytes; optionally check dive's CI rules (exit 1 on failure).")
    p.add_argument("source", help=source_help)
    p.add_argument("--json", metavar="FILE", help="write the JSON report to FILE ('-': stdout)")
    p.add_argument("--top", type=int, default=10, help="inefficient files listed (default 10)")
    p.add_argument("--ci", action="store_true", help="check the CI rules; exit 1 if one fails")
    p.add_argument("--ci-config", metavar="FILE",
                   help="dive CI rules file (default: .dive-ci when present)")
    p.add_argument("--lowest-efficiency", metavar="X",
                   help="fail below this efficiency (0-1; default 0.9; 'disabled' skips)")
    p.add_argument("--highest-wasted-bytes", metavar="SIZE",
                   help="fail above these wasted bytes, e.g. 20MB (default disabled)")
    p.add_argument("--highest-user-wasted-percent", metavar="X",
                   help="fail above this wasted/user-bytes ratio (0-1; default 0.1)")
    p.set_defaults(func=_run_analyze)

    p = subparsers.add_parser(
        "layers", help="the image's timeline: every history step with its layer",
        description="Every history step (metadata steps as 0 B), with layer size and the "
                    "files each layer added, modified and removed.")
    p.add_argument("source", help=source_help)
    p.add_argument("--json", nargs="?", const=True, metavar="FILE",
                   help="JSON to stdout, or to FILE")
    p.set_defaults(func=_run_layers)

    p = subparsers.add_parser(
        "files", help="the files of one layer, or the filesystem up to it",
        description="List a layer's own changes (default) or, with --aggregated, the merged "
                    "filesystem after it, each path with its status in that layer.")
    p.add_argument("source", help=source_help)
    p.add_argument("--layer", type=int, required=True, metavar="N",
                   help="layer index (0 = base; negative counts from the top)")
    p.add_argument("--aggregated", action="store_true",
                   help="the merged filesystem after layers 0..N")
    p.add_argument("--status", metavar="LIST",
                   help="comma-separated statuses to keep: added,modified,removed,unchanged")
    p.add_argument("--filter", metavar="REGEX", help="keep paths matching this expression")
    p.add_argument("--json", nargs="?", const=True, metavar="FILE",
                   help="JSON to stdout, or to FILE")
    p.set_defaults(func=_run_files)

