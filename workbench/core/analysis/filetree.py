"""A compact, navigable file tree for one view of an image (a layer's changes or the
merged filesystem), shared by the file explorer, the CLI and the size advisor.

Nodes use ``__slots__`` and compute their path from the parent chain, so a tree of
500,000 files stays around a hundred megabytes. Directory sizes are rolled up once when
the tree is built; children are sorted lazily, the first time a view asks for them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from workbench.core.analysis.gcpause import gc_paused
from workbench.core.model import Entry, Kind, Status


@dataclass(slots=True)
class NodeSpec:
    """What a tree is built from: one path with its metadata, status and origin layer."""

    path: str
    kind: Kind
    size: int = 0
    mode: int = 0
    uid: int = 0
    gid: int = 0
    link: str = ""
    status: Status = Status.UNCHANGED
    layer: int | None = None

    @classmethod
    def of(cls, entry: Entry, status: Status, layer: int | None) -> NodeSpec:
        return cls(entry.path, entry.kind, entry.size, entry.mode, entry.uid, entry.gid,
                   entry.link, status, layer)


class TreeNode:
    """One path in a tree. ``size`` of a directory is the sum of what lies below it
    (removed entries only count inside a removed directory, as dive shows them)."""

    __slots__ = ("_children", "_sorted", "gid", "kind", "layer", "link", "mode", "name",
                 "own_size", "parent", "size", "status", "uid")

    def __init__(self, name: str, parent: TreeNode | None, kind: Kind = Kind.DIR) -> None:
        self.name = name
        self.parent = parent
        self.kind = kind
        self.own_size = 0
        self.size = 0
        self.mode = 0
        self.uid = 0
        self.gid = 0
        self.link = ""
        self.status = Status.UNCHANGED
        self.layer: int | None = None
        self._children: dict[str, TreeNode] | None = None
        self._sorted: list[TreeNode] | None = None

    @property
    def path(self) -> str:
        parts: list[str] = []
        node: TreeNode | None = self
        while node is not None and node.parent is not None:
            parts.append(node.name)
            node = node.parent
        return "/".join(reversed(parts))

    @property
    def is_dir(self) -> bool:
        return self.kind is Kind.DIR

    @property
    def is_setuid(self) -> bool:
        return self.kind is Kind.FILE and bool(self.mode & 0o4000)

    @property
    def is_setgid(self) -> bool:
        return self.kind is Kind.FILE and bool(self.mode & 0o2000)

    @property
    def is_world_writable(self) -> bool:
        return self.kind not in (Kind.SYMLINK, Kind.WHITEOUT) and bool(self.mode & 0o002)

    @property
    def children(self) -> list[TreeNode]:
        """Children sorted by name (computed once, on first use)."""
        if self._children is None:
            return []
        if self._sorted is None:
            self._sorted = sorted(self._children.values(), key=_name_key)
        return self._sorted

    @property
    def child_count(self) -> int:
        return len(self._children) if self._children else 0

    def child(self, name: str) -> TreeNode | None:
        return self._children.get(name) if self._children else None

    def sorted_children(self, by: str = "name", reverse: bool = False) -> list[TreeNode]:
        """Children sorted by ``name`` or ``size`` (ties by name)."""
        if by == "name":
            items = self.children
            return list(reversed(items)) if reverse else items
        if by == "size":
            return sorted(self.children, key=lambda n: (-n.size if reverse else n.size, n.name))
        raise ValueError(f"unknown sort key {by!r}: use 'name' or 'size'")

    def __repr__(self) -> str:
        return f"TreeNode({self.path!r}, {self.kind.value}, {self.size}, {self.status.value})"


def _name_key(node: TreeNode) -> str:
    return node.name


class FileTree:
    """A tree of ``TreeNode``; the root is the image's ``/`` (path ``""``)."""

    def __init__(self) -> None:
        self.root = TreeNode("", None, Kind.DIR)
        self.count = 0  # nodes below the root

    @classmethod
    def build(cls, specs: Iterable[NodeSpec]) -> FileTree:
        """Build from specs in any order; a repeated path keeps the last spec. Parents
        missing from the specs appear as plain directories without a layer."""
        with gc_paused():
            builder = TreeBuilder()
            add = builder.add
            for spec in specs:
                add(spec.path, spec.kind, spec.size, spec.mode, spec.uid, spec.gid, spec.link,
                    spec.status, spec.layer)
            return builder.finish()

    def find(self, path: str) -> TreeNode | None:
        """The node at ``path`` (``""`` or ``"/"`` is the root), or None."""
        node: TreeNode | None = self.root
        for part in path.strip("/").split("/"):
            if not part:
                continue
            assert node is not None
            node = node.child(part)
            if node is None:
                return None
        return node

    def walk(self, by: str = "name", reverse: bool = False) -> Iterator[TreeNode]:
        """Every node below the root, depth first, parents before children."""
        stack = list(reversed(self.root.sorted_children(by, reverse)))
        while stack:
            node = stack.pop()
            yield node
            if node.child_count:
                stack.extend(reversed(node.sorted_children(by, reverse)))

    def filter(self, statuses: Iterable[Status] | None = None,
               pattern: str | re.Pattern[str] | None = None) -> FileTree:
        """A new tree with the nodes whose status is in ``statuses`` and whose path
        matches ``pattern`` (a regular expression searched in the path), plus their
        parent directories so the result stays a tree."""
        with gc_paused():
            return self._filter(statuses, pattern)

    def _filter(self, statuses: Iterable[Status] | None,
                pattern: str | re.Pattern[str] | None) -> FileTree:
        wanted = set(statuses) if statuses is not None else None
        regex = re.compile(pattern) if isinstance(pattern, str) else pattern
        builder = TreeBuilder()
        kept: set[str] = set()
        for node in self.walk():
            if wanted is not None and node.status not in wanted:
                continue
            path = node.path
            if regex is not None and not regex.search(path):
                continue
            # Ancestors that did not match keep their own metadata, not a blank directory;
            # the walk is parents-first, so they go in before their children.
            missing: list[TreeNode] = []
            parent = node.parent
            while parent is not None and parent.parent is not None:
                parent_path = parent.path
                if parent_path in kept:
                    break
                kept.add(parent_path)
                missing.append(parent)
                parent = parent.parent
            for ancestor in reversed(missing):
                builder.add(ancestor.path, ancestor.kind, 0 if ancestor.is_dir else
                            ancestor.own_size, ancestor.mode, ancestor.uid, ancestor.gid,
                            ancestor.link, ancestor.status, ancestor.layer)
            kept.add(path)
            builder.add(path, node.kind, node.own_size, node.mode, node.uid, node.gid,
                        node.link, node.status, node.layer)
        return builder.finish()

    def __len__(self) -> int:
        return self.count


class TreeBuilder:
    """Adds paths one by one (the hot loop of every view: no intermediate objects), then
    ``finish()`` rolls directory sizes up. Callers pause the garbage collector."""

    def __init__(self) -> None:
        self.tree = FileTree()
        self._dirs: dict[str, TreeNode] = {"": self.tree.root}
        self._order: list[TreeNode] = []

    def _directory(self, path: str) -> TreeNode:
        """The node for a parent path no spec has given (yet): a plain directory."""
        parent_path, _, name = path.rpartition("/")
        parent = self._dirs.get(parent_path)
        if parent is None:
            parent = self._directory(parent_path)
        children = parent._children
        if children is None:
            children = parent._children = {}
        node = children.get(name)
        if node is None:
            node = children[name] = TreeNode(name, parent, Kind.DIR)
            parent._sorted = None
            self._order.append(node)
        self._dirs[path] = node
        return node

    def add(self, path: str, kind: Kind, size: int, mode: int, uid: int, gid: int, link: str,
            status: Status, layer: int | None) -> None:
        parent_path, _, name = path.rpartition("/")
        parent = self._dirs.get(parent_path)
        if parent is None:
            parent = self._directory(parent_path)
        children = parent._children
        if children is None:
            children = parent._children = {}
        node = children.get(name)
        if node is None:
            node = children[name] = TreeNode(name, parent, kind)
            parent._sorted = None
            self._order.append(node)
        else:
            node.kind = kind
        node.own_size = size
        node.mode = mode
        node.uid = uid
        node.gid = gid
        node.link = link
        node.status = status
        node.layer = layer
        if kind is Kind.DIR:
            self._dirs[path] = node

    def add_entry(self, entry: Entry, status: Status, layer: int | None) -> None:
        self.add(entry.path, entry.kind, entry.size, entry.mode, entry.uid, entry.gid,
                 entry.link, status, layer)

    def finish(self) -> FileTree:
        order = self._order
        tree = self.tree
        tree.count = len(order)
        removed = Status.REMOVED
        for node in order:
            node.size = node.own_size
        # Parents are always created before their children, so the reverse creation
        # order visits every child before its parent: one pass rolls sizes up.
        root = tree.root
        for node in reversed(order):
            parent = node.parent
            if parent is not None and parent is not root and (
                node.status is not removed or parent.status is removed
            ):
                parent.size += node.size
        root.size = sum(n.size for n in root.children if n.status is not removed)
        return tree
