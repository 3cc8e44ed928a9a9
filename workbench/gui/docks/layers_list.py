"""A plain list of the analysed image's steps: size added and command.

Metadata steps (ENV, CMD...) are listed as rows with no size so the list lines up with
the Dockerfile; a click selects the step. Sizes and totals are the core's
(``analysis.totals``), the same the timeline and ``workbench analyze`` show: a layer's
files; the stored tar beside it, labelled, since it is larger by headers and whiteouts.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from workbench.core.analysis.totals import layer_size, layer_tar_size, summary_of
from workbench.gui.formatting import human_size
from workbench.gui.layers.summary import summary_texts
from workbench.gui.selection import ImageContext


def step_rows(analysis: Any) -> list[tuple[int, int | None, int | None, str]]:
    """(history index, file bytes, stored tar bytes, command) per step; the sizes are
    None for a metadata step."""
    info = getattr(analysis, "info", None)
    layers = list(getattr(analysis, "layers", []) or [])
    history = list(getattr(info, "history", []) or [])
    reports = {getattr(layer, "index", i): layer for i, layer in enumerate(layers)}
    rows: list[tuple[int, int | None, int | None, str]] = []
    if history:
        for step in history:
            layer = None if step.empty_layer else step.layer_index
            if layer is None:
                rows.append((step.index, None, None, step.created_by))
            else:
                rows.append((step.index, layer_size(analysis, reports.get(layer), layer),
                             layer_tar_size(analysis, layer), step.created_by))
    else:  # no history in the config: one row per layer
        for i, report in enumerate(layers):
            rows.append((i, layer_size(analysis, report, i), layer_tar_size(analysis, i),
                         getattr(report, "command", "")))
    return rows


class LayersPanel(QWidget):
    def __init__(self, context: ImageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.summary = QLabel(self.tr("No image analysed yet: build (Ctrl+B) or open an image."))
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels(["#", self.tr("Files"), self.tr("Tar"), self.tr("Command")])
        header = self.tree.headerItem()
        header.setToolTip(1, self.tr("Bytes of the layer's files, as dive and the timeline "
                                     "count them"))
        header.setToolTip(2, self.tr("The layer's uncompressed tar as the engine stores it: "
                                     "larger by its headers and whiteouts"))
        self.tree.setColumnWidth(0, 40)
        self.tree.setColumnWidth(1, 90)
        self.tree.setColumnWidth(2, 90)
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
            self.summary.setText(self.tr("No image analysed yet: build (Ctrl+B) or open an "
                                         "image."))
            return
        meta = self.tr("meta")
        for index, size, tar, command in step_rows(analysis):
            item = QTreeWidgetItem([str(index), meta if size is None else human_size(size),
                                    "" if tar is None else human_size(tar),
                                    " ".join(command.split())])
            item.setData(0, Qt.ItemDataRole.UserRole, index)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight)
            item.setToolTip(3, command)
            self.tree.addTopLevelItem(item)
        info = getattr(analysis, "info", None)
        texts = summary_texts(summary_of(analysis))
        parts = [", ".join(getattr(info, "repo_tags", []) or []) or getattr(info, "id", "")[:19],
                 texts["size"],
                 self.tr("efficiency {value}").format(value=texts["efficiency"]),
                 self.tr("wasted {size}").format(size=texts["wasted"]),
                 self.tr("reclaimable {size}").format(size=texts["reclaimable"])]
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
