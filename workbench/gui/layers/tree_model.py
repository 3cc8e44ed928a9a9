"""A lazy item model over a file tree of any size, for the file explorer.

Two halves, so the UI thread never walks a tree:

- ``build_view`` (plain Python, run in a worker) walks the tree once, applies the status
  and regex filters and the sort order, and returns a ``TreeView``: for every folder with
  something to show, the list of children to show, in order.
- ``FileTreeModel`` (Qt) serves rows from that ``TreeView``. A row's internal pointer is
  its *parent's* ``_Item``; an ``_Item`` is created only when a folder is first opened,
  so a 500,000-file tree costs the UI thread nothing until folders are expanded. A big
  folder hands its rows to the view ``FETCH_BATCH`` at a time (``fetchMore``), because
  the view lays out every row it is told about, calling back into Python for each.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from workbench.core.model import Kind, Status
from workbench.core.progress import CancelToken
from workbench.gui.formatting import human_size

ModelIndex = QModelIndex | QPersistentModelIndex
_CANCEL_EVERY = 20000
_TOP = QModelIndex()  # the invisible root, as a default argument
# Rows a folder hands the view per batch: the view lays out every row it is told about,
# with several calls into Python per row, so a batch must stay in the tens of ms.
FETCH_BATCH = 256

STATUS_COLOURS = {
    Status.ADDED: QColor("#2e9d48"),
    Status.MODIFIED: QColor("#c7850a"),
    Status.REMOVED: QColor("#d23b3b"),
}
KIND_LETTER = {Kind.DIR: "d", Kind.SYMLINK: "l", Kind.CHAR: "c", Kind.BLOCK: "b",
               Kind.FIFO: "p", Kind.HARDLINK: "h", Kind.WHITEOUT: "w"}
COLUMNS = ("Name", "Size", "Status", "Type", "Permissions", "Owner", "Layer", "Marks")


def permission_string(kind: Kind, mode: int) -> str:
    """``drwxr-sr-x`` style: type letter, rwx triplets with s/S and t/T for special bits."""
    chars = [KIND_LETTER.get(kind, "-")]
    for shift, special, letter in ((6, 0o4000, "s"), (3, 0o2000, "s"), (0, 0o1000, "t")):
        bits = (mode >> shift) & 0o7
        chars.append("r" if bits & 4 else "-")
        chars.append("w" if bits & 2 else "-")
        execute = bool(bits & 1)
        if mode & special:
            chars.append(letter if execute else letter.upper())
        else:
            chars.append("x" if execute else "-")
    return "".join(chars)


def marks(node: Any) -> str:
    """Security marks shown beside an entry: set-uid, set-gid, world-writable."""
    found = []
    if node.kind is Kind.FILE and node.mode & 0o4000:
        found.append("set-uid")
    if node.kind is Kind.FILE and node.mode & 0o2000:
        found.append("set-gid")
    if node.kind not in (Kind.SYMLINK, Kind.WHITEOUT) and node.mode & 0o002:
        sticky_dir = node.kind is Kind.DIR and node.mode & 0o1000
        found.append("world-writable" + (" (sticky)" if sticky_dir else ""))
    return ", ".join(found)


@dataclass(slots=True)
class TreeView:
    """What the model shows: visible children per folder (keyed by ``id(node)``)."""

    root: Any
    children_of: dict[int, list[Any]] = field(default_factory=dict)
    shown: int = 0  # nodes visible in total
    matched: int = 0  # nodes that themselves passed the filters
    folders: int = 0  # folders with visible children


def compile_filter(text: str) -> re.Pattern[str] | None:
    """The regex typed by the user, None for none; raises ``re.error`` when invalid."""
    return re.compile(text) if text else None


def build_view(root: Any, statuses: Iterable[Status] | None = None,
               pattern: re.Pattern[str] | None = None, sort: str = "name",
               cancel: CancelToken | None = None) -> TreeView:
    """Walk the tree once (in a worker) and keep what the filters let through.

    A node is shown when its status is wanted and its path matches, or when something
    below it is shown (so matches keep their folders). Folder sizes stay the rolled-up
    sizes of the whole tree: a filter narrows what is listed, not what a folder holds.
    """
    wanted = set(statuses) if statuses is not None else None
    everything = wanted is None or wanted >= set(Status)
    view = TreeView(root)
    counter = 0
    # Post-order walk with an explicit stack: deep trees must not hit the recursion limit.
    # Each frame: (node, its path, its children, next child position, shown children).
    stack: list[tuple[Any, str, list[Any], int, list[Any]]] = [(root, "", _children(root, sort),
                                                               0, [])]
    while stack:
        node, path, children, position, shown = stack[-1]
        if position < len(children):
            stack[-1] = (node, path, children, position + 1, shown)
            child = children[position]
            child_path = f"{path}/{child.name}" if path else child.name
            counter += 1
            if cancel is not None and counter % _CANCEL_EVERY == 0:
                cancel.check()
            if child.child_count:
                stack.append((child, child_path, _children(child, sort), 0, []))
                continue
            if _passes(child, child_path, wanted, everything, pattern):
                shown.append(child)
                view.matched += 1
            continue
        stack.pop()
        if shown:
            view.children_of[id(node)] = shown
            view.folders += 1
            view.shown += len(shown)
        if stack and node is not root:
            passed = _passes(node, path, wanted, everything, pattern)
            view.matched += passed
            if shown or passed:
                stack[-1][4].append(node)
    return view


def _children(node: Any, sort: str) -> list[Any]:
    if not node.child_count:
        return []
    if sort == "size":
        # Largest first: the point of sorting by size is to find what is big.
        return sorted(node.children, key=lambda n: (-n.size, n.name))
    return list(node.children)


def _passes(node: Any, path: str, wanted: set[Status] | None, everything: bool,
            pattern: re.Pattern[str] | None) -> bool:
    if not everything and wanted is not None and node.status not in wanted:
        return False
    return pattern is None or pattern.search(path) is not None


class _Item:
    """A folder the view has opened: its shown children and its place in its parent."""

    __slots__ = ("child_items", "children", "loaded", "node", "parent", "row", "rows_by_name")

    def __init__(self, node: Any, parent: _Item | None, row: int, children: list[Any]) -> None:
        self.node = node
        self.parent = parent
        self.row = row
        self.children = children
        self.loaded = min(len(children), FETCH_BATCH)  # rows the view has been told about
        self.child_items: dict[int, _Item] = {}
        self.rows_by_name: dict[str, int] | None = None


def _unlink(root: _Item) -> None:
    """Break the parent/child cycles of opened folders so reference counting frees them."""
    stack = [root]
    while stack:
        item = stack.pop()
        stack.extend(item.child_items.values())
        item.child_items = {}
        item.parent = None


class FileTreeModel(QAbstractItemModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._view: TreeView | None = None
        self._root = _Item(None, None, 0, [])

    @property
    def view(self) -> TreeView | None:
        return self._view

    def set_view(self, view: TreeView | None) -> None:
        """Show another tree view; a reset costs nothing per node."""
        self.beginResetModel()
        _unlink(self._root)
        self._view = view
        children = view.children_of.get(id(view.root), []) if view else []
        self._root = _Item(view.root if view else None, None, 0, children)
        self.endResetModel()

    # Tree structure -------------------------------------------------------------------
    def _item(self, index: ModelIndex) -> _Item:
        """The opened folder an index stands for (the root for an invalid index)."""
        if not index.isValid():
            return self._root
        parent: _Item = index.internalPointer()
        row = index.row()
        item = parent.child_items.get(row)
        if item is None:
            node = parent.children[row]
            shown = self._view.children_of.get(id(node), []) if self._view else []
            item = _Item(node, parent, row, shown)
            parent.child_items[row] = item
        return item

    def node(self, index: ModelIndex) -> Any:
        if not index.isValid():
            return None
        parent: _Item = index.internalPointer()
        return parent.children[index.row()]

    def index(self, row: int, column: int, parent: ModelIndex = _TOP) -> QModelIndex:
        item = self._item(parent)
        if 0 <= row < item.loaded and 0 <= column < len(COLUMNS):
            return self.createIndex(row, column, item)
        return QModelIndex()

    def parent(self, index: ModelIndex = _TOP) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        item: _Item = index.internalPointer()
        if item.parent is None:
            return QModelIndex()
        return self.createIndex(item.row, 0, item.parent)

    def rowCount(self, parent: ModelIndex = _TOP) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return self._item(parent).loaded

    def canFetchMore(self, parent: ModelIndex) -> bool:
        if parent.isValid() and parent.column() != 0:
            return False
        item = self._item(parent)
        return item.loaded < len(item.children)

    def fetchMore(self, parent: ModelIndex) -> None:
        item = self._item(parent)
        self._load(parent, item, item.loaded + FETCH_BATCH)

    def _load(self, parent: ModelIndex, item: _Item, rows: int) -> None:
        """Tell the view about rows up to ``rows`` (used when scrolling or revealing)."""
        rows = min(rows, len(item.children))
        if rows > item.loaded:
            self.beginInsertRows(parent, item.loaded, rows - 1)
            item.loaded = rows
            self.endInsertRows()

    def columnCount(self, parent: ModelIndex = _TOP) -> int:
        return len(COLUMNS)

    def hasChildren(self, parent: ModelIndex = _TOP) -> bool:
        if not parent.isValid():
            return bool(self._root.children)
        if parent.column() != 0 or self._view is None:
            return False
        return id(self.node(parent)) in self._view.children_of

    def index_for_path(self, path: str) -> QModelIndex:
        """The index of an image path among the shown rows, invalid when hidden."""
        index = QModelIndex()
        for part in (p for p in path.split("/") if p):
            item = self._item(index)
            if item.rows_by_name is None:
                item.rows_by_name = {child.name: row for row, child in enumerate(item.children)}
            row = item.rows_by_name.get(part)
            if row is None:
                return QModelIndex()
            if row >= item.loaded:
                self._load(index, item, row + 1)
            index = self.index(row, 0, index)
        return index

    # Display ----------------------------------------------------------------------
    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self.node(index)
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(node, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = STATUS_COLOURS.get(node.status)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(node)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 6):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return node
        return None

    @staticmethod
    def _text(node: Any, column: int) -> str:
        if column == 0:
            return f"{node.name} → {node.link}" if node.kind is Kind.SYMLINK else node.name
        if column == 1:
            return human_size(node.size)
        if column == 2:
            return str(node.status.value)
        if column == 3:
            return str(node.kind.value)
        if column == 4:
            return permission_string(node.kind, node.mode)
        if column == 5:
            return f"{node.uid}:{node.gid}"
        if column == 6:
            return "" if node.layer is None else str(node.layer)
        return marks(node)

    @staticmethod
    def _tooltip(node: Any) -> str:
        lines = [f"/{node.path}", f"{node.status.value} {node.kind.value}, "
                 f"{human_size(node.size)} ({node.size:,} bytes)"]
        if node.link:
            lines.append(f"link to {node.link}")
        if node.layer is not None:
            lines.append(f"last written by layer {node.layer}")
        found = marks(node)
        if found:
            lines.append(found)
        return "\n".join(lines)
