"""The image summary beside the timeline: the same numbers ``workbench analyze`` prints."""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from workbench.gui.formatting import human_size
from workbench.gui.layers.steps import Summary, summary_of
from workbench.gui.selection import ImageContext

FIELDS = (
    ("size", "Total size", "Bytes of all layers' files (what dive counts)."),
    ("layers", "Layers", "Layers in the image; history steps in brackets (metadata included)."),
    ("efficiency", "Efficiency", "dive's efficiency: smallest copy of each path over all copies."),
    ("wasted", "Wasted", "dive's wasted bytes: every copy of paths stored in 2+ layers."),
    ("user_wasted", "User wasted", "Wasted bytes over the size of the layers above the base."),
    ("reclaimable", "Reclaimable", "What squashing would save: all copies but the surviving one."),
)


def summary_texts(summary: Summary) -> dict[str, str]:
    """Display strings per field; "–" for numbers the analysis did not provide."""
    def percent(value: float | None) -> str:
        if value is None or math.isnan(value):
            return "–"
        return f"{value * 100:.1f} %"

    return {
        "size": human_size(summary.size) if summary.size is not None else "–",
        "layers": f"{summary.layers} ({summary.steps} steps)",
        "efficiency": percent(summary.efficiency),
        "wasted": human_size(summary.wasted) if summary.wasted is not None else "–",
        "user_wasted": percent(summary.user_wasted_percent),
        "reclaimable": (human_size(summary.reclaimable)
                        if summary.reclaimable is not None else "–"),
    }


class SummaryWidget(QWidget):
    def __init__(self, context: ImageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels: dict[str, QLabel] = {}
        form = QFormLayout(self)
        for key, title, hint in FIELDS:
            label = QLabel("–")
            label.setObjectName(f"summary_{key}")
            label.setToolTip(hint)
            self.labels[key] = label
            form.addRow(title, label)
        context.analysis_changed.connect(self._on_analysis_changed)
        if context.analysis is not None:
            self._on_analysis_changed(context.analysis)

    def _on_analysis_changed(self, analysis: Any) -> None:
        if analysis is None:
            for label in self.labels.values():
                label.setText("–")
            return
        for key, text in summary_texts(summary_of(analysis)).items():
            self.labels[key].setText(text)
