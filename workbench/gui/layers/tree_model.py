"""A lazy item model over a file tree of any size, for the file explorer.

Two halves, so the UI thread never walks a tree:

- ``build_view`` (plain Python, run in a worker) walks the tree once, applies the status
  and regex filters and the sort order, and returns a ``TreeView``: for every folder with
  something to show, the node numbers of the children to show, in order.
- ``FileTreeModel`` (Qt) serves rows from that ``TreeView``. A row's internal pointer is
  its *parent's* ``_Item``; an ``_Item`` is created only when a folder is first opened,
  so a 500,000-file tree costs the UI thread nothing until folders are expanded. A big
  folder hands its rows to the view ``FETCH_BATCH`` at a time (``fetchMore``), because
  the view lays out every row it is told about, calling back into Python for each.
"""

from __future__ import annotations

import functools
import re
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from workbench.core.analysis.filetree import KINDS
from workbench.core.analysis.filetree import STATUSES as STATUS_CODES
from workbench.core.model import Kind, Status
from workbench.core.progress import CancelToken
from workbench.gui.formatting import human_size
from workbench.gui.i18n import translate

ModelIndex = QModelIndex | QPersistentModelIndex
_CANCEL_EVERY = 20000
_TOP = QModelIndex()  # the invisible root, as a default argument
_NONE: array[int] = array("i")
# Rows a folder hands the view per batch: the view lays out every row it is told about,
# with several calls into Python per row, so a batch must stay in the tens of ms.
FETCH_BATCH = 256

STATUS_COLOURS = {
    Status.ADDED: QColor("#2e9d48"),
    Status.MODIFIED: QColor("#c7850a"),
    Status.REMOVED: QColor("#d23b3b"),
}
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole.value
_SERVED_ROLES = frozenset((_DISPLAY, _FOREGROUND, _TOOLTIP, _ALIGNMENT,
                           Qt.ItemDataRole.UserRole.value))
_RIGHT = (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value


@functools.cache
def _status_brushes() -> tuple[QBrush | None, ...]:
    """By status code; made at the first paint, on the UI thread. Made at import they
    were made on the worker that loads the panels, where PySide's lazily made enum types
    raced the UI thread's ("QGradient has no attribute 'Preset'")."""
    return tuple(QBrush(STATUS_COLOURS[s]) if s in STATUS_COLOURS else None
                 for s in STATUS_CODES)

_SYMLINK = KINDS.index(Kind.SYMLINK)
_HARDLINK = KINDS.index(Kind.HARDLINK)
KIND_LETTER = {Kind.DIR: "d", Kind.SYMLINK: "l", Kind.CHAR: "c", Kind.BLOCK: "b",
               Kind.FIFO: "p", Kind.HARDLINK: "h", Kind.WHITEOUT: "w"}
# QT_TRANSLATE_NOOP marks the texts for the catalogue and returns them unchanged.
COLUMNS: tuple[str, ...] = tuple(map(str, (
    QT_TRANSLATE_NOOP("FileTreeModel", "Name"), QT_TRANSLATE_NOOP("FileTreeModel", "Size"),
    QT_TRANSLATE_NOOP("FileTreeModel", "Status"), QT_TRANSLATE_NOOP("FileTreeModel", "Type"),
    QT_TRANSLATE_NOOP("FileTreeModel", "Permissions"),
    QT_TRANSLATE_NOOP("FileTreeModel", "Owner"), QT_TRANSLATE_NOOP("FileTreeModel", "Layer"),
    QT_TRANSLATE_NOOP("FileTreeModel", "Marks"))))
_COLUMN_COUNT = len(COLUMNS)
# The words cells show, English -> the window's language. Cells are painted often and a
# Qt call per cell waits for the interpreter lock while a worker runs, so the model reads
# this table; ``load_words`` fills it once the translator is installed.
WORDS: tuple[str, ...] = tuple(map(str, (
    QT_TRANSLATE_NOOP("FileTreeModel", "added"), QT_TRANSLATE_NOOP("FileTreeModel", "modified"),
    QT_TRANSLATE_NOOP("FileTreeModel", "removed"),
    QT_TRANSLATE_NOOP("FileTreeModel", "unchanged"),
    QT_TRANSLATE_NOOP("FileTreeModel", "file"), QT_TRANSLATE_NOOP("FileTreeModel", "dir"),
    QT_TRANSLATE_NOOP("FileTreeModel", "symlink"), QT_TRANSLATE_NOOP("FileTreeModel", "hardlink"),
    QT_TRANSLATE_NOOP("FileTreeModel", "char"), QT_TRANSLATE_NOOP("FileTreeModel", "block"),
    QT_TRANSLATE_NOOP("FileTreeModel", "fifo"), QT_TRANSLATE_NOOP("FileTreeModel", "whiteout"),
    QT_TRANSLATE_NOOP("FileTreeModel", "set-uid"), QT_TRANSLATE_NOOP("FileTreeModel", "set-gid"),
    QT_TRANSLATE_NOOP("FileTreeModel", "world-writable"),
    QT_TRANSLATE_NOOP("FileTreeModel", "world-writable (sticky)"),
    QT_TRANSLATE_NOOP("FileTreeModel", "{name} = /{target} (hard link)"),
    QT_TRANSLATE_NOOP("FileTreeModel", "{status} {kind}, {size} ({bytes:,} bytes)"),
    QT_TRANSLATE_NOOP("FileTreeModel", "link to {target}"),
    QT_TRANSLATE_NOOP("FileTreeModel", "last written by layer {layer}"),
)))
_words: dict[str, str] = {}


def load_words() -> None:
    """Read the cells' words in the window's language (on the UI thread)."""
    _words.update({text: translate("FileTreeModel", text) for text in (*COLUMNS, *WORDS)})


def word(text: str) -> str:
    """A header or cell word in the window's language (English before ``load_words``)."""
    return _words.get(text, text)


@lru_cache(maxsize=4096)
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
        found.append(word("set-uid"))
    if node.kind is Kind.FILE and node.mode & 0o2000:
        found.append(word("set-gid"))
    if node.kind not in (Kind.SYMLINK, Kind.WHITEOUT) and node.mode & 0o002:
        sticky_dir = node.kind is Kind.DIR and node.mode & 0o1000
        found.append(word("world-writable (sticky)" if sticky_dir else "world-writable"))
    return ", ".join(found)


def content_size(tree: Any, node: int) -> int:
    """A node's bytes; a hard link's are its file's (its tar header says 0)."""
    if tree.kinds[node] == _HARDLINK:
        target = tree.find(tree.links[node])
        return int(target.size) if target is not None else 0
    return int(tree.sizes[node])


def cell_text(tree: Any, node: int, column: int) -> str:
    """The text of one cell, read straight from the tree's columns (the view asks for
    it on every paint of every visible cell)."""
    if column == 0:
        name: str = tree.names[node]
        if tree.kinds[node] == _SYMLINK:
            return f"{name} → {tree.links[node]}"
        if tree.kinds[node] == _HARDLINK:
            return word("{name} = /{target} (hard link)").format(name=name,
                                                                   target=tree.links[node])
        return name
    if column == 1:
        return human_size(content_size(tree, node))
    if column == 2:
        return word(STATUS_CODES[tree.statuses[node]].value)
    if column == 3:
        return word(KINDS[tree.kinds[node]].value)
    if column == 4:
        return permission_string(KINDS[tree.kinds[node]], tree.modes[node])
    if column == 5:
        return f"{tree.uids[node]}:{tree.gids[node]}"
    if column == 6:
        layer = tree.layers[node]
        return "" if layer < 0 else str(layer)
    return marks(tree.node(node))


@dataclass(slots=True)
class TreeView:
    """What the model shows: for every folder with something to show, the numbers of
    its visible children in display order (keyed by the folder's node number)."""

    root: Any  # the tree's root ``TreeNode``
    children_of: dict[int, Sequence[int]] = field(default_factory=dict)
    shown: int = 0  # nodes visible in total
    matched: int = 0  # nodes that themselves passed the filters
    folders: int = 0  # folders with visible children

    @property
    def tree(self) -> Any:
        return self.root.tree


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
    The walk reads the tree's columns by node number and keeps compact arrays, so the
    view of a 500,000-file tree adds a few megabytes and no garbage-collected objects.
    """
    tree = root.tree
    codes = {STATUS_CODES.index(s) for s in statuses} if statuses is not None else None
    everything = codes is None or codes >= set(range(len(STATUS_CODES)))
    view = TreeView(root)
    kids: dict[int, array[int]] = tree.kids
    if everything and pattern is None:
        # Nothing filtered out: every folder shows all its children.
        for folder, children in kids.items():
            view.children_of[folder] = _ordered(tree, children, sort)
        view.folders = len(kids)
        view.shown = view.matched = tree.count
        return view
    names, node_codes = tree.names, tree.statuses
    counter = 0
    # Post-order walk with an explicit stack: deep trees must not hit the recursion limit.
    # Each frame: [node, its path, its children, next child position, shown children].
    stack: list[list[Any]] = [[root.index, "", _ordered(tree, kids.get(root.index), sort),
                               0, array("i")]]
    while stack:
        frame = stack[-1]
        node, path, children, position, shown = frame
        if position < len(children):
            frame[3] = position + 1
            child = children[position]
            child_path = (f"{path}/{names[child]}" if path else names[child]
                          ) if pattern is not None else ""
            counter += 1
            if cancel is not None and counter % _CANCEL_EVERY == 0:
                cancel.check()
            grandchildren = kids.get(child)
            if grandchildren:
                stack.append([child, child_path, _ordered(tree, grandchildren, sort), 0,
                              array("i")])
                continue
            if ((everything or node_codes[child] in codes)  # type: ignore[operator]
                    and (pattern is None or pattern.search(child_path) is not None)):
                shown.append(child)
                view.matched += 1
            continue
        stack.pop()
        if shown:
            view.children_of[node] = shown
            view.folders += 1
            view.shown += len(shown)
        if stack:
            passed = ((everything or node_codes[node] in codes)  # type: ignore[operator]
                      and (pattern is None or pattern.search(path) is not None))
            view.matched += passed
            if shown or passed:
                stack[-1][4].append(node)
    return view


def _ordered(tree: Any, children: array[int] | None, sort: str) -> Sequence[int]:
    if not children:
        return _NONE
    if sort == "size":
        # Largest first: the point of sorting by size is to find what is big.
        sizes, names = tree.sizes, tree.names
        return array("i", sorted(children, key=lambda n: (-sizes[n], names[n])))
    return children


class _Item:
    """A folder the view has opened: its shown children (node numbers) and its place
    in its parent."""

    __slots__ = ("child_items", "children", "loaded", "node", "parent", "row", "rows_by_name")

    def __init__(self, node: int, parent: _Item | None, row: int,
                 children: Sequence[int]) -> None:
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
        self._tree: Any = None
        self._root = _Item(0, None, 0, _NONE)
        load_words()

    @property
    def view(self) -> TreeView | None:
        return self._view

    def set_view(self, view: TreeView | None) -> None:
        """Show another tree view; a reset costs nothing per node."""
        self.beginResetModel()
        _unlink(self._root)
        self._view = view
        self._tree = view.tree if view else None
        root = view.root.index if view else 0
        children = view.children_of.get(root, _NONE) if view else _NONE
        self._root = _Item(root, None, 0, children)
        self.endResetModel()

    # Tree structure -------------------------------------------------------------------
    def _item(self, index: ModelIndex) -> _Item:
        """The opened folder an index stands for (the root for an invalid index).

        The view calls ``index``/``hasChildren`` (and so this) twice per visible row
        on every relayout, so it stays a handful of operations."""
        parent: _Item | None = index.internalPointer() if index.isValid() else None
        if parent is None:
            return self._root
        row = index.row()
        item = parent.child_items.get(row)
        if item is None:
            node = parent.children[row]
            shown = self._view.children_of.get(node, _NONE) if self._view else _NONE
            item = _Item(node, parent, row, shown)
            parent.child_items[row] = item
        return item

    def node(self, index: ModelIndex) -> Any:
        """The ``TreeNode`` an index shows, None for the invisible root."""
        if not index.isValid() or self._tree is None:
            return None
        parent: _Item = index.internalPointer()
        return self._tree.node(parent.children[index.row()])

    def index(self, row: int, column: int, parent: ModelIndex = _TOP) -> QModelIndex:
        item = self._item(parent)
        if 0 <= row < item.loaded and 0 <= column < _COLUMN_COUNT:
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
        item: _Item | None = parent.internalPointer() if parent.isValid() else None
        if item is None:
            return bool(self._root.children)
        view = self._view
        if view is None or parent.column() != 0:
            return False
        return item.children[parent.row()] in view.children_of

    def index_for_path(self, path: str) -> QModelIndex:
        """The index of an image path among the shown rows, invalid when hidden."""
        index = QModelIndex()
        for part in (p for p in path.split("/") if p):
            item = self._item(index)
            if item.rows_by_name is None:
                names = self._tree.names
                item.rows_by_name = {names[child]: row for row, child in enumerate(item.children)}
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
            return word(COLUMNS[section])
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in _SERVED_ROLES or self._tree is None:
            return None
        parent: _Item = index.internalPointer()
        return self._value(parent.children[index.row()], index.column(), role)

    def multiData(self, index: ModelIndex, roleDataSpan: Any) -> None:
        """Every role a cell needs in one call. The view asks for seven roles per cell
        per paint; answering them through ``data`` costs a call into Python each, and
        each call waits for the interpreter lock while a worker computes a tree."""
        if self._tree is None or not index.isValid():
            return
        parent: _Item = index.internalPointer()
        node = parent.children[index.row()]
        column = index.column()
        value = self._value
        for slot in roleDataSpan:
            role = slot.role()
            if role in _SERVED_ROLES:
                slot.setData(value(node, column, role))
            else:
                slot.clearData()

    def _value(self, node: int, column: int, role: int) -> Any:
        """What a cell shows for ``role``, read from the tree's columns."""
        tree = self._tree
        if role == _DISPLAY:
            return cell_text(tree, node, column)
        if role == _FOREGROUND:
            return _status_brushes()[tree.statuses[node]]
        if role == _ALIGNMENT:
            return _RIGHT if column in (1, 6) else None
        if role == _TOOLTIP:
            return self._tooltip(tree.node(node))
        return tree.node(node)  # UserRole

    @staticmethod
    def _tooltip(node: Any) -> str:
        lines = [f"/{node.path}", word("{status} {kind}, {size} ({bytes:,} bytes)").format(
            status=word(node.status.value), kind=word(node.kind.value),
            size=human_size(node.size), bytes=node.size)]
        if node.link:
            lines.append(word("link to {target}").format(target=node.link))
        if node.layer is not None:
            lines.append(word("last written by layer {layer}").format(layer=node.layer))
        found = marks(node)
        if found:
            lines.append(found)
        return "\n".join(lines)
