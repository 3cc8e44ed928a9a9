"""Actions that study what the engine made: the overlay demo, base sizes, hardening
fixes and a review with dive's CI rules."""

from __future__ import annotations

import math

from workbench.core.analysis.analyze import analyze
from workbench.core.analysis.ci_rules import evaluate
from workbench.core.harden.fixes import apply_fixes
from workbench.core.harden.run import harden
from workbench.core.image.open import open_image
from workbench.core.lessons.actions_engine import build
from workbench.core.lessons.model import LessonError
from workbench.core.lessons.operations import Outcome, action
from workbench.core.lessons.workshop import Workshop
from workbench.core.overlay.listing import ListedEntry
from workbench.core.overlay.ops import parse_op
from workbench.core.overlay.sandbox import SandboxView, article_spec, open_sandbox
from workbench.core.sizes.bases import measure_bases
from workbench.core.sizes.variants import build_variants
from workbench.core.units import human_size


def describe_view(view: SandboxView) -> str:
    """The three (or more) dirs as the article's `ls` shows them, with where each comes from."""
    def names(entries: list[ListedEntry]) -> str:
        return "  ".join(e.path + ("(whiteout)" if str(e.kind) == "whiteout" else "")
                         for e in entries) or "(empty)"

    lines = [f"mode: {view.mode}" + (f" ({view.note})" if view.note else "")]
    if view.options:
        lines.append(f"mount -t overlay overlay -o {view.options} merged")
    for name, entries in zip(view.lower_names, view.lowers, strict=True):
        lines.append(f"{name + ':':<8} {names(entries)}")
    lines.append(f"{'upper:':<8} {names(view.upper)}")
    lines.append(f"{'merged:':<8} " + ("  ".join(f"{e.path}[{e.origin}]" for e in view.merged)
                                       or "(empty)"))
    return "\n".join(lines)


def _sandbox_ops(ws: Workshop, ops: list[str]) -> list[str]:
    if ws.sandbox is None:
        raise LessonError("No overlay is mounted yet: run the lesson's first step.")
    lines = []
    for line in ops:
        result = ws.sandbox.apply(parse_op(line))
        lines.append(result.describe())
    return lines


@action("overlay_mount")
def overlay_mount(ws: Workshop, *, lowers: int = 1, order: list[str] | None = None,
                  mode: str = "auto") -> Outcome:
    """Seed lower/upper/work/merged as the article does and mount overlayfs (or simulate)."""
    ws.close_sandbox()
    spec = article_spec(lowers)
    if order:
        spec = spec.reordered(order)
    ws.sandbox = open_sandbox(spec, mode)
    view = ws.sandbox.view()
    return Outcome(describe_view(view), {"overlay_mode": view.mode})


@action("overlay_ops")
def overlay_ops(ws: Workshop, *, ops: list[str]) -> Outcome:
    """Write in the merged dir (touch, echo into, rm...) and show where it lands."""
    lines = _sandbox_ops(ws, ops)
    assert ws.sandbox is not None
    return Outcome("\n".join([*lines, describe_view(ws.sandbox.view())]))


@action("measure_bases")
def bases(ws: Workshop, *, names: list[str]) -> Outcome:
    """Measure candidate base images on this engine; one not here is said to be missing."""
    # No pull: a workshop room may be offline, and a pull that cannot finish only waits.
    results = measure_bases(ws.client, names, pull=False, compressed=False,
                            progress=ws.progress, cancel=ws.cancel)
    lines, values, unavailable = [], {}, []
    for item in results:
        if item.sizes is None:
            lines.append(f"{item.name:<20} not available: {item.note} (lessons never pull: "
                         "load or pull it before the workshop to compare it)")
            unavailable.append(item.name)
            continue
        lines.append(f"{item.name:<20} {human_size(item.sizes.size):>10}  "
                     f"({item.sizes.size} bytes, {len(item.sizes.layers)} layers)")
        values[f"size_{item.name.split(':')[0].replace('/', '_')}"] = str(item.sizes.size)
    values["unavailable"] = ", ".join(unavailable)
    return Outcome("\n".join(lines), values)


@action("build_on_bases")
def build_on_bases(ws: Workshop, *, dockerfile: str, bases: list[str],
                   files: dict[str, str] | None = None) -> Outcome:
    """Build one Dockerfile on each base (its final FROM swapped), measure, remove again."""
    folder = ws.folder("variants", dict(files or {}))
    variants = build_variants(ws.client, dockerfile, folder, bases, pull=False,
                              progress=ws.progress, cancel=ws.cancel)
    lines, values = [], {}
    for variant in variants:
        if variant.size is None:
            lines.append(f"{variant.base:<20} {variant.status}: {variant.error}")
            continue
        lines.append(f"{variant.base:<20} {human_size(variant.size):>10}  ({variant.size} "
                     f"bytes, {variant.layer_count} layers)")
        values[f"variant_{variant.base.split(':')[0].replace('/', '_')}"] = str(variant.size)
    return Outcome("\n".join(lines), values)


@action("harden_fix")
def harden_fix(ws: Workshop, *, dockerfile: str, image: str, fixes: list[str], tag: str = "",
               files: dict[str, str] | None = None, save: str = "fixed") -> Outcome:
    """Run the hardening checks on a Dockerfile and its image, apply the named fixes, rebuild."""
    report = harden(text=dockerfile, image=image, client=ws.client, use_hadolint=False,
                    cancel=ws.cancel)
    chosen = report.fixable(set(fixes))
    if not chosen:
        found = ", ".join(sorted({f.id for f in report.findings})) or "none"
        raise LessonError(f"The checks offer no fix {', '.join(fixes)} for this Dockerfile "
                          f"(findings: {found}).")
    fixed, applied, _skipped = apply_fixes(dockerfile, [f.fix for f in chosen if f.fix])
    titles = "\n".join(f"- {f.id}: {f.title}" for f in chosen)
    built = build(ws, dockerfile=fixed, tag=tag, files=files, save=save)
    built.text = f"Findings fixed:\n{titles}\n\nThe fixed Dockerfile:\n{fixed}\n{built.text}"
    built.values[f"{save}_fixes"] = str(len(applied))
    return built


@action("review")
def review(ws: Workshop, *, image: str, rules: dict[str, str] | None = None) -> Outcome:
    """dive's numbers and its CI rules (.dive-ci) on an image, as ``CI=true dive`` prints."""
    opened = open_image(f"docker://{image}", client=ws.client, progress=ws.progress,
                        cancel=ws.cancel)
    metrics = analyze(opened, progress=ws.progress, cancel=ws.cancel).metrics
    results = evaluate(metrics.efficiency, metrics.wasted_bytes, metrics.user_wasted_percent,
                       {k: str(v) for k, v in (rules or {}).items()})
    percent = metrics.user_wasted_percent
    lines = [f"  efficiency: {metrics.efficiency * 100:.4f} %",
             f"  wastedBytes: {metrics.wasted_bytes} bytes ({human_size(metrics.wasted_bytes)})",
             "  userWastedPercent: " + ("n/a" if math.isnan(percent) else f"{percent * 100:.4f} %"),
             f"  reclaimable (squash would save): {human_size(metrics.reclaimable_bytes)}"]
    for result in results:
        detail = f": {result.message}" if result.message else ""
        lines.append(f"  {result.status.upper()}: {result.name}{detail}")
    verdict = "fail" if any(r.status == "fail" for r in results) else "pass"
    return Outcome("\n".join(lines), {"review": verdict,
                                      "wasted_bytes": str(metrics.wasted_bytes)})
