"""The rows the timeline draws, assembled from an analysis and the Dockerfile linking.

Kept free of widgets so the arithmetic (which layer a step made, what it carried, which
steps form the base group) is easy to test and to reuse in the summary.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from workbench.core.analysis.totals import layer_size, number
from workbench.core.history_text import display_command, instruction_of
from workbench.core.linking import Linking, Origin
from workbench.gui.i18n import translate


@dataclass(slots=True)
class StepRow:
    index: int  # history index
    keyword: str  # RUN, COPY, ENV...
    command: str  # human reading of created_by
    size: int  # bytes of the step's layer, 0 for metadata steps
    layer: int | None  # layer index, None for metadata steps
    origin: Origin = Origin.UNKNOWN
    lines: tuple[int, int] = (0, 0)
    exact: bool = False
    added: int | None = None
    modified: int | None = None
    removed: int | None = None
    wasted: int | None = None
    reclaimable: int | None = None

    @property
    def empty(self) -> bool:
        return self.layer is None


def _count(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, int):
        return value
    try:
        return len(value)
    except TypeError:
        return None


def step_rows(analysis: Any, linking: Linking | None) -> list[StepRow]:
    """One row per history step, in build order (metadata steps as 0-byte rows)."""
    info = analysis.info
    reports = {getattr(r, "index", i): r for i, r in enumerate(getattr(analysis, "layers", []))}
    metrics = getattr(analysis, "metrics", None)
    layer_wasted = getattr(metrics, "layer_wasted", None) or []
    rows: list[StepRow] = []
    for position, step in enumerate(info.history):
        layer = None if step.empty_layer else step.layer_index
        report = reports.get(layer) if layer is not None else None
        size = layer_size(analysis, report, layer) if layer is not None else 0
        row = StepRow(step.index, instruction_of(step.created_by) or "?",
                      display_command(step.created_by), size, layer)
        if report is not None:
            row.added = _count(getattr(report, "added", None))
            row.modified = _count(getattr(report, "modified", None))
            row.removed = _count(getattr(report, "removed", None))
            row.reclaimable = number(getattr(report, "reclaimable_bytes", None))
            row.wasted = number(getattr(report, "wasted_bytes", None))
        if row.wasted is None and layer is not None and layer < len(layer_wasted):
            row.wasted = number(layer_wasted[layer])
        if linking is not None and position < len(linking.steps):
            link = linking.steps[position]
            row.origin = link.origin
            row.lines = (link.line_start, link.line_end)
            row.exact = link.exact
        rows.append(row)
    # Layers no history step describes (images made by tools that write no history)
    # still get a column each, numbered after the history's steps.
    for offset, layer in enumerate(unlisted_layers(analysis)):
        report = reports.get(layer)
        size = layer_size(analysis, report, layer)
        command = getattr(report, "command", "") or translate(
            "TimelineCanvas", "layer {layer} (no history entry)").format(layer=layer)
        rows.append(StepRow(len(info.history) + offset, "?", command, size, layer))
    return rows


def unlisted_layers(analysis: Any) -> list[int]:
    """Layers that no history step points at, in order."""
    listed = {s.layer_index for s in analysis.info.history if not s.empty_layer}
    return [i for i in range(len(analysis.info.layers)) if i not in listed]


def own_layer(analysis: Any, step: int) -> int | None:
    """The layer a step made itself, None for metadata steps."""
    history = analysis.info.history
    if 0 <= step < len(history):
        item = history[step]
        return None if item.empty_layer or item.layer_index is None else int(item.layer_index)
    extra = unlisted_layers(analysis)
    position = step - len(history)
    return extra[position] if 0 <= position < len(extra) else None


def layer_for_step(analysis: Any, step: int) -> int | None:
    """The newest layer at or before a step (what the merged view shows for it)."""
    history = analysis.info.history
    if step >= len(history):
        extra = own_layer(analysis, step)
        if extra is not None:
            return extra
    for position in range(min(step, len(history) - 1), -1, -1):
        item = history[position]
        if not item.empty_layer and item.layer_index is not None:
            return int(item.layer_index)
    return None


def step_for_layer(analysis: Any, layer: int) -> int:
    """The step (timeline column) that made a layer, -1 when there is none."""
    for step in analysis.info.history:
        if not step.empty_layer and step.layer_index == layer:
            return int(step.index)
    extra = unlisted_layers(analysis)
    return len(analysis.info.history) + extra.index(layer) if layer in extra else -1


def bar_fraction(size: int, largest: int, log_scale: bool) -> float:
    """Bar height as a fraction of the tallest, linear or log(1 + bytes)."""
    if largest <= 0 or size <= 0:
        return 0.0
    if log_scale:
        return math.log1p(size) / math.log1p(largest)
    return size / largest
