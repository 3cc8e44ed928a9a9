"""The rows of an overlay pane, built off the UI thread.

A debian layer lists tens of thousands of entries; turning them into rows (names,
marks, sizes, parent links, a path index for selection) is plain Python with no Qt, so
it runs inside the job that produced the listing, and the pane's model only points at
the finished tree. Nothing here may touch a widget.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP

from workbench.core.model import Kind
from workbench.core.overlay.listing import ListedEntry
from workbench.core.progress import CancelToken
from workbench.gui.formatting import human_size

# Header labels, translated by the model. The marks themselves (copy-up, whiteout,
# opaque) are overlayfs's own words and stay as they are; the legend explains them.
COLUMNS: tuple[str, ...] = tuple(map(str, (
    QT_TRANSLATE_NOOP("ListingModel", "name"), QT_TRANSLATE_NOOP("ListingModel", "marks"),
    QT_TRANSLATE_NOOP("ListingModel", "mode"), QT_TRANSLATE_NOOP("ListingModel", "size"),
    QT_TRANSLATE_NOOP("ListingModel", "from"))))
_CANCEL_EVERY = 20_000  # rows between two looks at the cancel token
EXPAND_BUDGET = 2000  # rows that showing a listing may expand at most
WHITEOUT_COLOR = "#c62828"
OPAQUE_COLOR = "#6a1b9a"
COPYUP_COLOR = "#1565c0"


@dataclass(slots=True, eq=False, weakref_slot=True)
class Node:
    """One row: a group (a lowerdir's name) or an entry. Its other columns are
    formatted when the view asks for them, i.e. only for the rows on screen.

    A row holds its parent weakly: with no parent/child cycles, reference counting frees
    a replaced tree at once. Cyclic trees of a million rows waited for a full collection
    of the garbage collector, which took seconds on the UI thread and let gigabytes of
    old trees pile up while the overlay's layer was stepped through."""

    name: str
    path: str = ""  # the merged path the row is about; "" for a group row
    color: str | None = None  # of the name and marks columns
    entry: ListedEntry | None = None
    copied_up: bool = False
    parent_ref: weakref.ref[Node] | None = None
    row: int = 0
    children: list[Node] = field(default_factory=list)
    # Rows not made yet: called once, the first time the children are asked for. A
    # million-entry layer is shown folder by folder, as the user opens them.
    more: Callable[[], list[Node]] | None = None

    @property
    def parent(self) -> Node | None:
        return self.parent_ref() if self.parent_ref is not None else None

    def kids(self) -> list[Node]:
        if self.more is not None:
            more, self.more = self.more, None
            for child in more():
                self.add(child)
        return self.children

    def has_kids(self) -> bool:
        return self.more is not None or bool(self.children)

    def text(self, column: int) -> str:
        entry = self.entry
        if column == 0:
            return self.name
        if entry is None:
            return ""
        if column == 1:
            return marks(entry, self.copied_up)
        if column == 2:
            return f"{entry.mode:04o}"
        if column == 3:
            return "" if entry.kind in (Kind.DIR, Kind.WHITEOUT) else human_size(entry.size)
        return entry.origin if column == 4 else ""

    def add(self, child: Node) -> Node:
        child.parent_ref, child.row = weakref.ref(self), len(self.children)
        self.children.append(child)
        return child


@dataclass(slots=True)
class ListingTree:
    root: Node
    by_path: dict[str, list[Node]]  # path -> its rows, first occurrence first; {} if lazy
    grouped: bool  # rows are under group rows (one per lowerdir)
    longest_name: int = 0  # characters, for the name column's width
    entries: int | None = None  # how many rows a lazy tree holds, made or not

    @property
    def size(self) -> int:
        if self.entries is not None:
            return self.entries
        return sum(len(nodes) for nodes in self.by_path.values())

    def find(self, path: str) -> Node | None:
        """The first row about ``path`` (a lowerdir's before the ones below it)."""
        nodes = self.by_path.get(path)
        if nodes:
            return nodes[0]
        if self.entries is None or not path:
            return None
        for group in self.root.kids() if self.grouped else [self.root]:
            node: Node | None = group
            prefix = ""
            for name in path.split("/"):
                prefix = f"{prefix}/{name}" if prefix else name
                rows = node.kids() if node is not None else []
                node = next((row for row in rows if row.path == prefix), None)
            if node is not None:
                return node
        return None

    def rows_to_open(self, budget: int) -> list[Node]:
        """The group rows (lowerdirs), then top-level directories while the rows they
        expose stay within ``budget``: what a pane opens when it shows the tree (the view
        lays out every expanded row). A lazy tree makes these rows on the way."""
        root = self.root
        opened = list(root.kids()) if self.grouped else [root]
        found = [group for group in opened if group is not root]
        budget -= sum(len(group.kids()) for group in found)
        for group in opened:
            for child in group.kids():
                if child.has_kids() and len(child.kids()) <= budget:
                    found.append(child)
                    budget -= len(child.children)
        return found


def empty_tree() -> ListingTree:
    return ListingTree(Node(""), {}, False)


def build_tree(groups: list[tuple[str, list[ListedEntry]]],
               copied_up: set[str] | None = None,
               cancel: CancelToken | None = None) -> ListingTree:
    """Rows for ``groups``; one unnamed group is shown without a group row."""
    root = Node("")
    tree = ListingTree(root, {}, any(name for name, _ in groups))
    for name, entries in groups:
        parent = root.add(Node(name)) if name else root
        _add(tree, parent, entries, copied_up or set(), cancel)
    return tree


def _add(tree: ListingTree, group: Node, entries: list[ListedEntry],
         copied_up: set[str], cancel: CancelToken | None) -> None:
    dirs: dict[str, Node] = {}
    for count, entry in enumerate(entries):
        if cancel is not None and count % _CANCEL_EVERY == 0:
            cancel.check()
        head, _, name = entry.path.rpartition("/")
        parent = dirs.get(head, group) if head else group
        path = real_path(entry)
        node = parent.add(entry_row(name, path, entry, entry.path in copied_up))
        if entry.kind is Kind.DIR:
            dirs[entry.path] = node
        tree.by_path.setdefault(path, []).append(node)
        tree.longest_name = max(tree.longest_name, len(name))


def entry_row(name: str, path: str, entry: ListedEntry, copied_up: bool = False) -> Node:
    """The row of one entry, coloured by its mark."""
    color = (WHITEOUT_COLOR if entry.kind is Kind.WHITEOUT else OPAQUE_COLOR
             if entry.opaque else COPYUP_COLOR if copied_up else None)
    return Node(name, path, color, entry, copied_up)


def marks(entry: ListedEntry, copied_up: bool) -> str:
    if entry.kind is Kind.WHITEOUT:
        return f"whiteout (char {entry.rdev})" if entry.rdev else "whiteout"
    found = []
    if entry.opaque:
        found.append("opaque")
    if copied_up:
        found.append("copy-up")
    if entry.kind is Kind.SYMLINK:
        found.append(f"→ {entry.link}")
    return ", ".join(found)


def real_path(entry: ListedEntry) -> str:
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


@dataclass(slots=True)
class PaneTrees:
    """The four panes' rows for one view (``work`` is None where there is no workdir)."""

    lowers: ListingTree
    upper: ListingTree
    merged: ListingTree
    work: ListingTree | None


def pane_trees(lowers: list[tuple[str, list[ListedEntry]]], upper: list[ListedEntry],
               merged: list[ListedEntry], work: list[ListedEntry] | None,
               cancel: CancelToken | None = None) -> PaneTrees:
    return PaneTrees(build_tree(lowers, cancel=cancel),
                     build_tree([("", upper)], copied_up(upper, [e for _, e in lowers]),
                                cancel),
                     build_tree([("", merged)], cancel=cancel),
                     None if work is None else build_tree([("", work)], cancel=cancel))


def with_trees(view: Any, cancel: CancelToken | None = None) -> tuple[Any, PaneTrees]:
    """An overlay view (image stack, container or sandbox: ``lower_names``, ``lowers``,
    ``upper``, ``merged``, maybe ``work``) with its panes' rows; called by the job that
    made the view, on its worker, which may cancel it."""
    lowers: list[tuple[str, list[ListedEntry]]] = list(
        zip(view.lower_names, view.lowers, strict=False))
    return view, pane_trees(lowers, view.upper, view.merged, getattr(view, "work", None),
                            cancel)
