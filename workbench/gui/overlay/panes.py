"""One pane of the overlay view: a listing shown as a tree, with overlay marks.

Panes know nothing about where listings come from: the panel's jobs build each pane's
rows off the UI thread (``listing_tree``), and a pane only points its model at them,
so showing a layer of tens of thousands of entries costs the UI thread next to nothing;
the view asks for the few rows it draws. Selections are kept in step by the panel
through ``path_clicked`` / ``select_path``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractItemModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QTreeView, QVBoxLayout, QWidget

from workbench.gui.i18n import translate
from workbench.gui.overlay.listing_tree import (
    COLUMNS,
    COPYUP_COLOR,
    EXPAND_BUDGET,
    OPAQUE_COLOR,
    WHITEOUT_COLOR,
    ListingTree,
    Node,
    empty_tree,
)

PATH_ROLE = Qt.ItemDataRole.UserRole
Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()  # the invisible root, as Qt passes it when no parent is given

# The marks in one line; what each means is in its tooltip (LEGEND_DETAIL), so the
# trees keep the panel's height at any font size. Both are shown through ``legend()``
# and ``legend_detail()``, in the window's language.
LEGEND = str(QT_TRANSLATE_NOOP(
    "OverlayLegend",
    "<b>copy-up</b> <span style='color:{copyup}'>■</span> · "
    "<b>whiteout</b> <span style='color:{whiteout}'>■</span> · "
    "<b>opaque</b> <span style='color:{opaque}'>■</span> "
    "(hover for what they mean)"))
LEGEND_DETAIL = str(QT_TRANSLATE_NOOP(
    "OverlayLegend",
    "copy-up: a lower entry changed through merged (even chmod/chown) is copied whole "
    "into upper first.\nwhiteout: deleting a lower entry leaves a char device 0/0 in upper "
    "(.wh.name in a layer tar).\nopaque: a dir removed and made again hides everything "
    "below it (xattr trusted.overlay.opaque=y, .wh..wh..opq in a tar).\nLookup goes upper, "
    "then lowerdirs top-most first."))


def legend() -> str:
    return translate("OverlayLegend", LEGEND).format(
        copyup=COPYUP_COLOR, whiteout=WHITEOUT_COLOR, opaque=OPAQUE_COLOR)


def legend_detail() -> str:
    return translate("OverlayLegend", LEGEND_DETAIL)


class ListingModel(QAbstractItemModel):
    """A read-only model over a prebuilt ``ListingTree``; rows are made when asked for."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tree = empty_tree()
        self._brushes: dict[str, QBrush] = {}
        # Read once: the header asks for its labels on every paint.
        self._headers = [translate("ListingModel", column) for column in COLUMNS]

    def set_tree(self, tree: ListingTree) -> None:
        self.beginResetModel()
        self.tree = tree
        self.endResetModel()

    def node(self, index: Index) -> Node:
        if index.isValid():
            node = index.internalPointer()
            if isinstance(node, Node):
                return node
        return self.tree.root

    def index_of(self, node: Node) -> QModelIndex:
        if node is self.tree.root or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.row, 0, node)

    # -- QAbstractItemModel ------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = ROOT) -> QModelIndex:
        children = self.node(parent).kids()
        if 0 <= row < len(children) and 0 <= column < len(COLUMNS):
            return self.createIndex(row, column, children[row])
        return QModelIndex()

    def parent(self, index: Index = ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        up = self.node(index).parent
        if up is None or up is self.tree.root:
            return QModelIndex()
        return self.createIndex(up.row, 0, up)

    def rowCount(self, parent: Index = ROOT) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).kids())

    def columnCount(self, _parent: Index = ROOT) -> int:
        return len(COLUMNS)

    def hasChildren(self, parent: Index = ROOT) -> bool:
        if parent.isValid() and parent.column() != 0:
            return False
        return self.node(parent).has_kids()  # a folder's rows wait until it is opened

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node, column = self.node(index), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return node.text(column)
        if role == Qt.ItemDataRole.ForegroundRole and column < 2 and node.color:
            brush = self._brushes.get(node.color)
            if brush is None:
                brush = self._brushes[node.color] = QBrush(QColor(node.color))
            return brush
        if role == Qt.ItemDataRole.ToolTipRole and column == 0 and node.entry is not None:
            return node.entry.describe()
        if role == PATH_ROLE:
            return node.path
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(COLUMNS)):
            return self._headers[section]
        return None


class ListingPane(QWidget):
    """A titled tree of listed entries; several groups (one per lowerdir) allowed."""

    path_clicked = Signal(str)

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(f"<b>{title}</b>")
        self.model = ListingModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)  # lets the view skip measuring rows
        self.tree.setAlternatingRowColors(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.tree)
        self.tree.clicked.connect(self._on_clicked)
        self.tree.selectionModel().currentChanged.connect(self._on_current_changed)
        self._syncing = False

    def set_title(self, text: str) -> None:
        self.title.setText(f"<b>{text}</b>")

    def clear(self) -> None:
        self.model.set_tree(empty_tree())

    def set_tree(self, tree: ListingTree) -> None:
        """Show rows built off the UI thread: a model reset, not a walk over the rows."""
        self.model.set_tree(tree)
        for node in tree.rows_to_open(EXPAND_BUDGET):
            self.tree.expand(self.model.index_of(node))
        width = self.fontMetrics().horizontalAdvance("m") * min(tree.longest_name + 6, 48)
        self.tree.setColumnWidth(0, width)

    def row_count(self) -> int:
        return self.model.rowCount()

    def entry_count(self) -> int:
        return self.model.tree.size

    def item_for(self, path: str) -> Node | None:
        return self.model.tree.find(path)

    def index_for(self, path: str) -> QModelIndex:
        node = self.item_for(path)
        return self.model.index_of(node) if node is not None else QModelIndex()

    def select_path(self, path: str) -> bool:
        """Select ``path`` (its first occurrence) without echoing ``path_clicked``."""
        index = self.index_for(path)
        self._syncing = True
        try:
            if not index.isValid():
                self.tree.clearSelection()
                return False
            self.tree.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            self.tree.scrollTo(index)
            return True
        finally:
            self._syncing = False

    def selected_path(self) -> str:
        index = self.tree.currentIndex()
        return self.model.node(index).path if index.isValid() else ""

    def _on_clicked(self, index: QModelIndex) -> None:
        path = self.model.node(index).path if index.isValid() else ""
        if path and not self._syncing:
            self.path_clicked.emit(path)

    def _on_current_changed(self, index: QModelIndex, _previous: QModelIndex) -> None:
        if index.isValid() and not self._syncing:
            path = self.model.node(index).path
            if path:
                self.path_clicked.emit(path)
