"""One pane of the overlay view: a listing shown as a tree, with overlay marks.

Panes know nothing about where listings come from; the panel hands them entries and
keeps their selections in step through ``path_clicked`` / ``select_path``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from workbench.core.model import Kind
from workbench.core.overlay.listing import ListedEntry
from workbench.gui.formatting import human_size

PATH_ROLE = Qt.ItemDataRole.UserRole
WHITEOUT_COLOR = QColor("#c62828")
OPAQUE_COLOR = QColor("#6a1b9a")
COPYUP_COLOR = QColor("#1565c0")

LEGEND = (
    "<b>copy-up</b> <span style='color:#1565c0'>■</span>: a lower entry changed through "
    "merged (even chmod/chown) is copied whole into upper first. "
    "<b>whiteout</b> <span style='color:#c62828'>■</span>: deleting a lower entry leaves "
    "a char device 0/0 in upper (<code>.wh.name</code> in a layer tar). "
    "<b>opaque</b> <span style='color:#6a1b9a'>■</span>: a dir removed and made again "
    "hides everything below it (xattr trusted.overlay.opaque=y, "
    "<code>.wh..wh..opq</code> in a tar). Lookup goes upper, then lowerdirs top-most first."
)


def _marks(entry: ListedEntry, copied_up: bool) -> str:
    if entry.kind is Kind.WHITEOUT:
        return f"whiteout (char {entry.rdev})" if entry.rdev else "whiteout"
    marks = []
    if entry.opaque:
        marks.append("opaque")
    if copied_up:
        marks.append("copy-up")
    if entry.kind is Kind.SYMLINK:
        marks.append(f"→ {entry.link}")
    return ", ".join(marks)


class ListingPane(QWidget):
    """A titled tree of ``ListedEntry``; several groups (one per lowerdir) allowed."""

    path_clicked = Signal(str)

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(f"<b>{title}</b>")
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["name", "marks", "mode", "size", "from"])
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.tree)
        self._items: dict[str, list[QTreeWidgetItem]] = {}
        self.tree.itemClicked.connect(self._on_item_clicked)
        self.tree.currentItemChanged.connect(self._on_current_changed)
        self._syncing = False

    def set_title(self, text: str) -> None:
        self.title.setText(f"<b>{text}</b>")

    def clear(self) -> None:
        self.tree.clear()
        self._items.clear()

    def set_groups(self, groups: list[tuple[str, list[ListedEntry]]],
                   copied_up: set[str] | None = None) -> None:
        """Show ``groups``; one unnamed group is shown without a group row."""
        self.tree.setUpdatesEnabled(False)
        self.clear()
        for name, entries in groups:
            parent = None
            if name:
                parent = QTreeWidgetItem(self.tree, [name])
                parent.setFirstColumnSpanned(True)
            self._add(parent, entries, copied_up or set())
        grouped = any(name for name, _ in groups)
        self.tree.expandToDepth(1 if grouped else 0)
        self.tree.resizeColumnToContents(0)
        self.tree.setUpdatesEnabled(True)

    def _add(self, group: QTreeWidgetItem | None, entries: list[ListedEntry],
             copied_up: set[str]) -> None:
        dirs: dict[str, QTreeWidgetItem] = {}
        for entry in entries:
            head, _, name = entry.path.rpartition("/")
            parent = dirs.get(head) if head else group
            size = "" if entry.kind in (Kind.DIR, Kind.WHITEOUT) else human_size(entry.size)
            values = [name, _marks(entry, entry.path in copied_up), f"{entry.mode:04o}",
                      size, entry.origin]
            item = (QTreeWidgetItem(parent, values) if parent is not None
                    else QTreeWidgetItem(self.tree, values))
            item.setData(0, PATH_ROLE, _real_path(entry))
            color = (WHITEOUT_COLOR if entry.kind is Kind.WHITEOUT else OPAQUE_COLOR
                     if entry.opaque else COPYUP_COLOR if entry.path in copied_up else None)
            if color is not None:
                for column in range(2):
                    item.setForeground(column, QBrush(color))
            item.setToolTip(0, entry.describe())
            if entry.kind is Kind.DIR:
                dirs[entry.path] = item
            self._items.setdefault(_real_path(entry), []).append(item)

    def paths(self) -> set[str]:
        return set(self._items)

    def item_for(self, path: str) -> QTreeWidgetItem | None:
        items = self._items.get(path)
        return items[0] if items else None

    def select_path(self, path: str) -> bool:
        """Select ``path`` (its first occurrence) without echoing ``path_clicked``."""
        item = self.item_for(path)
        self._syncing = True
        try:
            if item is None:
                self.tree.clearSelection()
                return False
            self.tree.setCurrentItem(item)
            self.tree.scrollToItem(item)
            return True
        finally:
            self._syncing = False

    def selected_path(self) -> str:
        item = self.tree.currentItem()
        value = item.data(0, PATH_ROLE) if item is not None else None
        return str(value) if value else ""

    def _on_item_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        path = item.data(0, PATH_ROLE)
        if path and not self._syncing:
            self.path_clicked.emit(str(path))

    def _on_current_changed(self, item: QTreeWidgetItem | None, _previous: object) -> None:
        if item is not None and not self._syncing:
            path = item.data(0, PATH_ROLE)
            if path:
                self.path_clicked.emit(str(path))


def _real_path(entry: ListedEntry) -> str:
    """The merged path an entry is about: ``dir/.wh.name`` is about ``dir/name``."""
    head, _, name = entry.path.rpartition("/")
    if name == ".wh..wh..opq":
        return head
    if name.startswith(".wh."):
        return f"{head}/{name[4:]}" if head else name[4:]
    return entry.path


def copied_up(upper: list[ListedEntry], lowers: list[list[ListedEntry]]) -> set[str]:
    """Upper paths that also exist in a lowerdir: what copy-up (or a rewrite) put there."""
    below = {e.path for lower in lowers for e in lower if e.kind is not Kind.WHITEOUT}
    return {e.path for e in upper
            if e.path in below and e.kind is not Kind.WHITEOUT and not e.opaque}
