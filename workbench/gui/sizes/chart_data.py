"""Turning size results into chart bars: kept apart from widgets so it is easy to check."""

from __future__ import annotations

import csv
import io
from typing import Any

from workbench.core.advisor.measure import Measurement
from workbench.core.history_text import display_command
from workbench.core.sizes.bases import BaseSize
from workbench.core.sizes.variants import Variant, VariantStatus
from workbench.core.units import human_size
from workbench.gui.sizes.charts import COMPRESSED, SINGLE, UNCOMPRESSED, Segment, stacked

# (category names, segments, notes where a bar is missing, labels above bars)
Bars = tuple[list[str], list[Segment], dict[float, tuple[str, str]], dict[float, str]]


def _exact(size: int) -> str:
    return f"{human_size(size)} ({size:,} bytes)"


def base_bars(bases: list[BaseSize]) -> Bars:
    """Two bars per base: uncompressed layers (left) and compressed layers (right)."""
    categories: list[str] = []
    segments: list[Segment] = []
    notes: dict[float, tuple[str, str]] = {}
    tops: dict[float, str] = {}
    for x, base in enumerate(bases):
        categories.append(base.name)
        if base.sizes is None:
            notes[float(x)] = ("not available", f"{base.name} is not available: "
                                                f"{base.note or 'not on this engine'}")
            continue
        if not base.sizes.layers:
            notes[float(x)] = ("0 B", f"{base.name}: 0 B, no layers ({base.availability})")
            continue
        tops[x - 0.2] = human_size(total := base.sizes.size)
        parts = [(layer.size, f"{base.name} layer {layer.index}: {_exact(layer.size)} "
                              f"uncompressed\n{display_command(layer.command)[:80]}\n"
                              f"image: {_exact(total)}")
                 for layer in base.sizes.layers]
        segments += stacked(x - 0.2, 0.38, parts, UNCOMPRESSED)
        if base.sizes.compressed is not None:
            packed = [(layer.compressed or 0,
                       f"{base.name} layer {layer.index}: {_exact(layer.compressed or 0)} "
                       f"compressed ({base.sizes.compressed_from})\nimage: "
                       f"{_exact(base.sizes.compressed)} to transfer")
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
            notes[float(x)] = (str(variant.status), f"on {variant.base}: {variant.status}: "
                                                    f"{variant.error}")
            continue
        tops[float(x)] = f"{human_size(variant.size)}, {variant.layer_count} layers"
        parts = [(layer.size, f"on {variant.base}, layer {layer.index}: {_exact(layer.size)}"
                              f"\n{display_command(layer.command)[:80]}\nimage: "
                              f"{_exact(variant.sizes.size)} in {variant.layer_count} layers")
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
                                f"layer {x}: {_exact(size)}\n{command[:100]}"))
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
    categories = ["before", "after"]
    segments: list[Segment] = []
    notes: dict[float, tuple[str, str]] = {}
    tops: dict[float, str] = {}
    for x, measured in enumerate((measurement.before, measurement.after)):
        if measured is None:
            notes[float(x)] = ("not built", measurement.error or "not built")
            continue
        tops[float(x)] = f"{human_size(measured.size)}, {measured.layers} layers"
        if x == 1 and measurement.before is not None:
            change = measured.size - measurement.before.size
            sign = "−" if change < 0 else "+"
            tops[float(x)] += f"\n({sign}{human_size(abs(change))})"
        segments.append(Segment(float(x), 0, measured.size, 0.6, UNCOMPRESSED[x],
                                f"{categories[x]}: {_exact(measured.size)} in "
                                f"{measured.layers} layers"))
    return categories, segments, notes, tops
