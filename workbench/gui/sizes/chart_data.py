"""Turning size results into chart bars: kept apart from widgets so it is easy to check."""

from __future__ import annotations

import csv
import io
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP

from workbench.core.advisor.measure import Measurement
from workbench.core.history_text import display_command
from workbench.core.sizes.bases import BaseSize
from workbench.core.sizes.variants import Variant, VariantStatus
from workbench.core.units import human_size
from workbench.gui.i18n import translate
from workbench.gui.sizes.charts import COMPRESSED, SINGLE, UNCOMPRESSED, Segment, stacked

# (category names, segments, notes where a bar is missing, labels above bars)
Bars = tuple[list[str], list[Segment], dict[float, tuple[str, str]], dict[float, str]]


# A variant's status as a note says it; the keys are the core's VariantStatus values.
STATUS_NAMES = {"built": str(QT_TRANSLATE_NOOP("SizesChart", "built")),
                "failed": str(QT_TRANSLATE_NOOP("SizesChart", "failed")),
                "not available": str(QT_TRANSLATE_NOOP("SizesChart", "not available"))}



def status_name(status: object) -> str:
    """A variant status as the window says it."""
    return translate("SizesChart", STATUS_NAMES.get(str(status), str(status)))


def _exact(size: int) -> str:
    return translate("SizesChart", "{size} ({bytes:,} bytes)").format(size=human_size(size),
                                                                     bytes=size)


def base_bars(bases: list[BaseSize]) -> Bars:
    """Two bars per base: uncompressed layers (left) and compressed layers (right)."""
    categories: list[str] = []
    segments: list[Segment] = []
    notes: dict[float, tuple[str, str]] = {}
    tops: dict[float, str] = {}
    for x, base in enumerate(bases):
        categories.append(base.name)
        if base.sizes is None:
            reason = base.note or translate("SizesChart", "not on this engine")
            notes[float(x)] = (translate("SizesChart", "not available"),
                               translate("SizesChart", "{name} is not available: {reason}")
                               .format(name=base.name, reason=reason))
            continue
        if not base.sizes.layers:
            notes[float(x)] = ("0 B", translate(
                "SizesChart", "{name}: 0 B, no layers ({availability})").format(
                    name=base.name, availability=base.availability))
            continue
        tops[x - 0.2] = human_size(total := base.sizes.size)
        parts = [(layer.size, translate("SizesChart", "{name} layer {index}: {size} "
                                        "uncompressed\n{command}\nimage: {total}").format(
                     name=base.name, index=layer.index, size=_exact(layer.size),
                     command=display_command(layer.command)[:80], total=_exact(total)))
                 for layer in base.sizes.layers]
        segments += stacked(x - 0.2, 0.38, parts, UNCOMPRESSED)
        if base.sizes.compressed is not None:
            packed = [(layer.compressed or 0,
                       translate("SizesChart", "{name} layer {index}: {size} compressed "
                                 "({source})\nimage: {total} to transfer").format(
                           name=base.name, index=layer.index, size=_exact(layer.compressed or 0),
                           source=base.sizes.compressed_from,
                           total=_exact(base.sizes.compressed)))
                      for layer in base.sizes.layers]
            segments += stacked(x + 0.2, 0.38, packed, COMPRESSED)
            tops[x + 0.2] = human_size(base.sizes.compressed)
    return categories, segments, notes, tops


def variant_bars(variants: list[Variant]) -> Bars:
    """One bar per base the Dockerfile was built on; failures are notes, not zeros."""
    categories: list[str] = []
    segments: list[Segment] = []
    notes: dict[float, tuple[str, str]] = {}
    tops: dict[float, str] = {}
    for x, variant in enumerate(variants):
        categories.append(variant.base)
        if variant.status is not VariantStatus.BUILT or variant.sizes is None:
            status = status_name(variant.status)
            notes[float(x)] = (status, translate("SizesChart", "on {base}: {status}: {error}")
                               .format(base=variant.base, status=status, error=variant.error))
            continue
        tops[float(x)] = translate("SizesChart", "{size}, {count} layers").format(
            size=human_size(variant.size), count=variant.layer_count)
        parts = [(layer.size, translate("SizesChart", "on {base}, layer {index}: {size}\n"
                                        "{command}\nimage: {total} in {count} layers").format(
                     base=variant.base, index=layer.index, size=_exact(layer.size),
                     command=display_command(layer.command)[:80],
                     total=_exact(variant.sizes.size), count=variant.layer_count))
                 for layer in variant.sizes.layers]
        segments += stacked(float(x), 0.6, parts, SINGLE)
    return categories, segments, notes, tops


def layer_bars(analysis: Any) -> Bars:
    """One bar per layer of the analysed image (its ``layers`` reports)."""
    categories, segments = [], []
    for x, layer in enumerate(getattr(analysis, "layers", None) or []):
        size = int(getattr(layer, "size_bytes", 0))
        command = str(getattr(layer, "command", ""))
        categories.append(str(x))
        segments.append(Segment(float(x), 0, size, 0.7, UNCOMPRESSED[x % 2],
                                translate("SizesChart", "layer {index}: {size}\n{command}").format(
                                    index=x, size=_exact(size), command=command[:100])))
    # Numbers on the bars while they fit beside each other.
    tops = {s.x: human_size(s.height) for s in segments} if len(segments) <= 12 else {}
    return categories, segments, {}, tops


def layers_csv(analysis: Any) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["layer", "diff_id", "bytes", "command"])
    for x, layer in enumerate(getattr(analysis, "layers", None) or []):
        writer.writerow([x, getattr(layer, "diff_id", ""), int(getattr(layer, "size_bytes", 0)),
                         getattr(layer, "command", "")])
    return out.getvalue()


def before_after_bars(measurement: Measurement) -> Bars:
    categories = [translate("SizesChart", "before"), translate("SizesChart", "after")]
    segments: list[Segment] = []
    notes: dict[float, tuple[str, str]] = {}
    tops: dict[float, str] = {}
    for x, measured in enumerate((measurement.before, measurement.after)):
        if measured is None:
            not_built = translate("SizesChart", "not built")
            notes[float(x)] = (not_built, measurement.error or not_built)
            continue
        tops[float(x)] = translate("SizesChart", "{size}, {count} layers").format(
            size=human_size(measured.size), count=measured.layers)
        if x == 1 and measurement.before is not None:
            change = measured.size - measurement.before.size
            sign = "−" if change < 0 else "+"
            tops[float(x)] += f"\n({sign}{human_size(abs(change))})"
        segments.append(Segment(float(x), 0, measured.size, 0.6, UNCOMPRESSED[x],
                                translate("SizesChart", "{name}: {size} in {count} layers").format(
                                    name=categories[x], size=_exact(measured.size),
                                    count=measured.layers)))
    return categories, segments, notes, tops
