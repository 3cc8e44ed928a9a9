"""The "inefficient files" list: paths stored in several layers and the bytes they waste.

Each path opens onto the layers that created, overwrote or deleted it; clicking one of
those selects that layer's step in the timeline and the path in the file tree.
"""

from __future__ import annotations

import heapq
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from workbench.gui.formatting import human_size
from workbench.gui.i18n import translate
from workbench.gui.layers.steps import step_for_layer
from workbench.gui.selection import ImageContext

# Listing more rows than anyone reads only costs time on the UI thread; the biggest
# offenders come first, so the cut keeps what matters.
MAX_ROWS = 300
PATH_ROLE = Qt.ItemDataRole.UserRole
LAYER_ROLE = Qt.ItemDataRole.UserRole + 1
ACTION_TEXTS = {
    "created": str(QT_TRANSLATE_NOOP("InefficientList", "layer {layer}: created")),
    "overwritten": str(QT_TRANSLATE_NOOP("InefficientList", "layer {layer}: overwritten")),
    "deleted": str(QT_TRANSLATE_NOOP("InefficientList", "layer {layer}: deleted")),
}


def layer_actions(inefficient: Any, reclaimable: dict[str, Any]) -> list[tuple[int, str]]:
    """(layer, what it did) for each copy of a path, in layer order."""
    record = reclaimable.get(inefficient.path)
    actions: dict[int, str] = {}
    if record is not None:
        for name, layers in (("created", record.created_in), ("overwritten", record.overwritten_in),
                             ("deleted", record.deleted_in)):
            for layer in layers:
                actions.setdefault(layer, name)
    result: list[tuple[int, str]] = []
    for position, layer in enumerate(inefficient.layers):
        default = "created" if position == 0 else "overwritten"
        result.append((layer, actions.get(layer, default)))
    for layer, name in sorted(actions.items()):
        if layer not in inefficient.layers:
            result.append((layer, name))
    return sorted(result)


class InefficientList(QTreeWidget):
    def __init__(self, context: ImageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setHeaderLabels([self.tr("Inefficient file / layer"), self.tr("Wastes"),
                              self.tr("Copies")])
        self.setUniformRowHeights(True)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.setToolTip(self.tr("Paths stored in two or more layers (dive's inefficient "
                                "files). Click a layer to jump to it."))
        self.itemClicked.connect(self._on_item_clicked)
        self.itemActivated.connect(self._on_item_clicked)
        context.analysis_changed.connect(self._on_analysis_changed)
        if context.analysis is not None:
            self._on_analysis_changed(context.analysis)

    def _on_analysis_changed(self, analysis: Any) -> None:
        self.clear()
        metrics = getattr(analysis, "metrics", None)
        files = getattr(metrics, "inefficient_files", None) or []
        if not files:
            return
        # nlargest, not a full sort: the list can hold every path of a big image.
        top = heapq.nlargest(MAX_ROWS, files, key=lambda f: f.size)
        wanted = {f.path for f in top}
        reclaimable = {r.path: r for r in getattr(metrics, "reclaimable", None) or []
                       if r.path in wanted}
        items = []
        for record in top:
            item = QTreeWidgetItem([f"/{record.path}", human_size(record.size),
                                    str(record.count)])
            item.setData(0, PATH_ROLE, record.path)
            item.setToolTip(0, self.tr("/{path}: {count} copies, {bytes:,} bytes counted as "
                                       "wasted").format(path=record.path, count=record.count,
                                                        bytes=record.size))
            for layer, action in layer_actions(record, reclaimable):
                text = translate("InefficientList", ACTION_TEXTS[action]).format(layer=layer)
                child = QTreeWidgetItem([text, "", ""])
                child.setData(0, PATH_ROLE, record.path)
                child.setData(0, LAYER_ROLE, layer)
                item.addChild(child)
            items.append(item)
        self.addTopLevelItems(items)
        if len(files) > MAX_ROWS:
            more = QTreeWidgetItem([self.tr("… {count} more (smaller) paths").format(
                count=len(files) - MAX_ROWS), "", ""])
            more.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addTopLevelItem(more)

    def _on_item_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        path = item.data(0, PATH_ROLE)
        layer = item.data(0, LAYER_ROLE)
        analysis = self.context.analysis
        if layer is not None and analysis is not None:
            step = step_for_layer(analysis, int(layer))
            if step >= 0:
                self.context.select_step(step)
        if path:
            self.context.select_path(str(path))
