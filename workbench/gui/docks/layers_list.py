"""A plain list of the analysed image's steps: size added and command.

Shown when the layer timeline panel is not installed. Metadata steps (ENV, CMD...) are
listed as 0-byte rows so the list lines up with the Dockerfile; a click selects the step.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from workbench.gui.formatting import human_size
from workbench.gui.selection import ImageContext


def step_rows(analysis: Any) -> list[tuple[int, int | None, str]]:
    """(history index, bytes added or None for a metadata step, command) per step."""
    info = getattr(analysis, "info", None)
    layers = list(getattr(analysis, "layers", []) or [])
    history = list(getattr(info, "history", []) or [])
    sizes = {getattr(layer, "index", i): getattr(layer, "size_bytes", None)
             for i, layer in enumerate(layers)}
    rows = []
    if history:
        for step in history:
            size = None if step.empty_layer else sizes.get(step.layer_index)
            rows.append((step.index, size, step.created_by))
    else:  # no history in the config: one row per layer
        for i, layer in enumerate(layers):
            rows.append((i, getattr(layer, "size_bytes", None), getattr(layer, "command", "")))
    return rows


class LayersPanel(QWidget):
    def __init__(self, context: ImageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.summary = QLabel("No image analysed yet: build (Ctrl+B) or open an image.")
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels(["#", "Size", "Command"])
        self.tree.setColumnWidth(0, 40)
        self.tree.setColumnWidth(1, 90)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree)
        context.analysis_changed.connect(self._on_analysis)
        context.step_selected.connect(self._on_step)
        self.tree.currentItemChanged.connect(self._on_current)

    def _on_analysis(self, analysis: Any) -> None:
        self.tree.clear()
        if analysis is None:
            self.summary.setText("No image analysed yet: build (Ctrl+B) or open an image.")
            return
        for index, size, command in step_rows(analysis):
            item = QTreeWidgetItem([str(index), "—" if size is None else human_size(size),
                                    " ".join(command.split())])
            item.setData(0, Qt.ItemDataRole.UserRole, index)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
            item.setToolTip(2, command)
            self.tree.addTopLevelItem(item)
        info = getattr(analysis, "info", None)
        metrics = getattr(analysis, "metrics", None)
        parts = [", ".join(getattr(info, "repo_tags", []) or []) or getattr(info, "id", "")[:19]]
        if info is not None:
            parts.append(human_size(info.size))
        if metrics is not None and getattr(metrics, "efficiency", None) is not None:
            parts.append(f"efficiency {metrics.efficiency:.1%}")
            parts.append(f"wasted {human_size(getattr(metrics, 'wasted_bytes', 0))}")
        self.summary.setText(" · ".join(p for p in parts if p))

    def _on_step(self, index: int) -> None:
        for row in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(row)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == index:
                self.tree.setCurrentItem(item)
                return

    def _on_current(self, item: QTreeWidgetItem | None, _previous: object) -> None:
        if item is not None:
            self.context.select_step(int(item.data(0, Qt.ItemDataRole.UserRole)))
