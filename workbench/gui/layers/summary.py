"""The image summary beside the timeline: the same numbers ``workbench analyze`` prints."""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from workbench.core.analysis.totals import Summary, summary_of
from workbench.gui.formatting import human_size
from workbench.gui.i18n import translate
from workbench.gui.layers.steps import step_for_layer
from workbench.gui.selection import ImageContext

# (key, title, hint); QT_TRANSLATE_NOOP marks the texts and returns them unchanged.
FIELDS: tuple[tuple[str, str, str], ...] = tuple(
    (key, str(title), str(hint)) for key, title, hint in (
    ("size", QT_TRANSLATE_NOOP("SummaryWidget", "Total size"),
     QT_TRANSLATE_NOOP("SummaryWidget", "Bytes of all layers' files (what dive counts).")),
    ("layers", QT_TRANSLATE_NOOP("SummaryWidget", "Layers"),
     QT_TRANSLATE_NOOP("SummaryWidget",
                       "Layers in the image; history steps in brackets (metadata included).")),
    ("efficiency", QT_TRANSLATE_NOOP("SummaryWidget", "Efficiency"),
     QT_TRANSLATE_NOOP("SummaryWidget",
                       "dive's efficiency: smallest copy of each path over all copies.")),
    ("wasted", QT_TRANSLATE_NOOP("SummaryWidget", "Wasted"),
     QT_TRANSLATE_NOOP("SummaryWidget",
                       "dive's wasted bytes: every copy of paths stored in 2+ layers.")),
    ("user_wasted", QT_TRANSLATE_NOOP("SummaryWidget", "User wasted"),
     QT_TRANSLATE_NOOP("SummaryWidget",
                       "Wasted bytes over the size of the layers above the base.")),
    ("reclaimable", QT_TRANSLATE_NOOP("SummaryWidget", "Reclaimable"),
     QT_TRANSLATE_NOOP("SummaryWidget",
                       "What squashing would save: all copies but the surviving one.")),
))


def summary_texts(summary: Summary) -> dict[str, str]:
    """Display strings per field; "–" for numbers the analysis did not provide."""
    def percent(value: float | None) -> str:
        if value is None or math.isnan(value):
            return "–"
        return f"{value * 100:.1f} %"

    return {
        "size": human_size(summary.size) if summary.size is not None else "–",
        "layers": translate("SummaryWidget", "{layers} ({steps} steps)").format(
            layers=summary.layers, steps=summary.steps),
        "efficiency": percent(summary.efficiency),
        "wasted": human_size(summary.wasted) if summary.wasted is not None else "–",
        "user_wasted": percent(summary.user_wasted_percent),
        "reclaimable": (human_size(summary.reclaimable)
                        if summary.reclaimable is not None else "–"),
    }


def source_of(analysis: Any, key: str) -> tuple[int | None, str]:
    """Where a summary number comes from: (layer, path) to select when it is clicked.

    Sizes lead to the largest layer; efficiency and wasted bytes to the path that wastes
    the most, in the last layer that wrote it; reclaimable bytes to the path carrying the
    most, in the layer that deleted or overwrote it.
    """
    metrics = getattr(analysis, "metrics", None)
    if key in ("size", "layers"):
        reports = list(getattr(analysis, "layers", []))
        if not reports:
            return None, ""
        if key == "layers":
            return len(reports) - 1, ""
        biggest = max(reports, key=lambda r: getattr(r, "size_bytes", 0))
        return int(biggest.index), ""
    if key == "reclaimable":
        paths = list(getattr(metrics, "reclaimable", None) or [])
        if not paths:
            return None, ""
        top = max(paths, key=lambda p: p.bytes)
        later = top.deleted_in or top.overwritten_in or top.created_in
        return (later[-1] if later else None), top.path
    files = list(getattr(metrics, "inefficient_files", None) or [])
    if not files:
        return None, ""
    top = max(files, key=lambda f: f.size)
    return (top.layers[-1] if top.layers else None), top.path


class SummaryWidget(QWidget):
    def __init__(self, context: ImageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.labels: dict[str, QLabel] = {}
        form = QFormLayout(self)
        for key, title, hint in FIELDS:
            label = QLabel("–")
            label.setObjectName(f"summary_{key}")
            label.setToolTip(self.tr("{hint} Click to see where it comes from.").format(
                hint=translate("SummaryWidget", hint)))
            label.linkActivated.connect(self._on_link)
            self.labels[key] = label
            form.addRow(translate("SummaryWidget", title), label)
        context.analysis_changed.connect(self._on_analysis_changed)
        if context.analysis is not None:
            self._on_analysis_changed(context.analysis)

    def _on_analysis_changed(self, analysis: Any) -> None:
        if analysis is None:
            for label in self.labels.values():
                label.setText("–")
            return
        for key, text in summary_texts(summary_of(analysis)).items():
            # Every number leads back to the layer (and file) it comes from.
            linked = text != "–" and source_of(analysis, key) != (None, "")
            self.labels[key].setText(f'<a href="{key}">{text}</a>' if linked else text)

    def _on_link(self, key: str) -> None:
        analysis = self.context.analysis
        if analysis is None:
            return
        layer, path = source_of(analysis, key)
        if layer is not None:
            self.context.select_step(step_for_layer(analysis, layer))
        if path:
            self.context.select_path(path)
