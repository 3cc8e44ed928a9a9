"""A compact, navigable file tree for one view of an image (a layer's changes or the
merged filesystem), shared by the file explorer, the CLI and the size advisor.

The tree is stored column-wise: one list of names and a few typed arrays (kind, status,
sizes, mode, owner, layer, parent), indexed by node number; the root is node 0. That
costs about a hundred bytes per node instead of a Python object per node, and holds no
reference cycles and almost no objects the cyclic garbage collector tracks, so a
500,000-file tree is freed by reference counting the moment it is dropped and never
lengthens a collector pass. ``TreeNode`` is a light view of one node, made on demand.

Directory sizes are rolled up and children sorted by name once, when the tree is built.
"""

from __future__ import annotations

import re
import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from workbench.core.model import Entry, Kind, Status

KINDS: tuple[Kind, ...] = tuple(Kind)
STATUSES: tuple[Status, ...] = tuple(Status)
_KIND_CODE = {kind: code for code, kind in enumerate(KINDS)}
_STATUS_CODE = {status: code for code, status in enumerate(STATUSES)}
_DIR = _KIND_CODE[Kind.DIR]
_FILE = _KIND_CODE[Kind.FILE]
_REMOVED = _STATUS_CODE[Status.REMOVED]
_UNCHANGED = _STATUS_CODE[Status.UNCHANGED]
_NO_LAYER = -1
_EMPTY: array[int] = array("i")


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
    """One path in a tree, read from the tree's columns. ``size`` of a directory is the
    sum of what lies below it (removed entries only count inside a removed directory,
    as dive shows them). Two views of the same node compare equal."""

    __slots__ = ("index", "tree")

    def __init__(self, tree: FileTree, index: int) -> None:
        self.tree = tree
        self.index = index

    @property
    def name(self) -> str:
        return self.tree.names[self.index]

    @property
    def kind(self) -> Kind:
        return KINDS[self.tree.kinds[self.index]]

    @property
    def status(self) -> Status:
        return STATUSES[self.tree.statuses[self.index]]

    @property
    def size(self) -> int:
        return self.tree.sizes[self.index]

    @property
    def own_size(self) -> int:
        return self.tree.own_sizes[self.index]

    @property
    def mode(self) -> int:
        return self.tree.modes[self.index]

    @property
    def uid(self) -> int:
        return self.tree.uids[self.index]

    @property
    def gid(self) -> int:
        return self.tree.gids[self.index]

    @property
    def link(self) -> str:
        return self.tree.links[self.index]

    @property
    def layer(self) -> int | None:
        layer = self.tree.layers[self.index]
        return None if layer == _NO_LAYER else layer

    @property
    def parent(self) -> TreeNode | None:
        parent = self.tree.parents[self.index]
        return None if parent < 0 else TreeNode(self.tree, parent)

    @property
    def path(self) -> str:
        return self.tree.path_of(self.index)

    @property
    def is_dir(self) -> bool:
        return self.tree.kinds[self.index] == _DIR

    @property
    def is_setuid(self) -> bool:
        return self.tree.kinds[self.index] == _FILE and bool(self.mode & 0o4000)

    @property
    def is_setgid(self) -> bool:
        return self.tree.kinds[self.index] == _FILE and bool(self.mode & 0o2000)

    @property
    def is_world_writable(self) -> bool:
        return self.kind not in (Kind.SYMLINK, Kind.WHITEOUT) and bool(self.mode & 0o002)

    @property
    def children(self) -> list[TreeNode]:
        """Children sorted by name."""
        tree = self.tree
        return [TreeNode(tree, i) for i in tree.child_indexes(self.index)]

    @property
    def child_count(self) -> int:
        return len(self.tree.child_indexes(self.index))

    def child(self, name: str) -> TreeNode | None:
        found = self.tree.child_index(self.index, name)
        return None if found < 0 else TreeNode(self.tree, found)

    def sorted_children(self, by: str = "name", reverse: bool = False) -> list[TreeNode]:
        """Children sorted by ``name`` or ``size`` (ties by name)."""
        tree = self.tree
        return [TreeNode(tree, i) for i in tree.sorted_child_indexes(self.index, by, reverse)]

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, TreeNode) and other.tree is self.tree
                and other.index == self.index)

    def __hash__(self) -> int:
        return hash((id(self.tree), self.index))

    def __repr__(self) -> str:
        return f"TreeNode({self.path!r}, {self.kind.value}, {self.size}, {self.status.value})"


class FileTree:
    """Columns indexed by node number; node 0 is the image's ``/`` (path ``""``).

    Parents always have a lower number than their children. ``kids`` maps a directory
    with children to their numbers, sorted by name.
    """

    def __init__(self) -> None:
        self.names: list[str] = [""]
        self.kinds = bytearray([_DIR])
        self.statuses = bytearray([_UNCHANGED])
        self.own_sizes = array("q", [0])
        self.sizes = array("q", [0])
        self.modes = array("q", [0])
        self.uids = array("q", [0])
        self.gids = array("q", [0])
        self.links: list[str] = [""]
        self.layers = array("i", [_NO_LAYER])
        self.parents = array("i", [-1])
        self.kids: dict[int, array[int]] = {}
        self.count = 0  # nodes below the root

    @property
    def root(self) -> TreeNode:
        return TreeNode(self, 0)

    def node(self, index: int) -> TreeNode:
        return TreeNode(self, index)

    @classmethod
    def build(cls, specs: Iterable[NodeSpec]) -> FileTree:
        """Build from specs in any order; a repeated path keeps the last spec. Parents
        missing from the specs appear as plain directories without a layer."""
        builder = TreeBuilder()
        for spec in specs:
            builder.add(spec.path, spec.kind, spec.size, spec.mode, spec.uid, spec.gid,
                        spec.link, spec.status, spec.layer)
        return builder.finish()

    # Navigation by node number (what the explorer's model uses) ------------------------
    def child_indexes(self, index: int) -> array[int]:
        return self.kids.get(index, _EMPTY)

    def child_index(self, index: int, name: str) -> int:
        """The number of the child called ``name``, or -1."""
        kids = self.kids.get(index)
        if not kids:
            return -1
        names = self.names
        at = bisect_left(kids, name, key=names.__getitem__)
        return kids[at] if at < len(kids) and names[kids[at]] == name else -1

    def sorted_child_indexes(self, index: int, by: str = "name",
                             reverse: bool = False) -> list[int]:
        kids = self.child_indexes(index)
        if by == "name":
            return list(reversed(kids)) if reverse else list(kids)
        if by == "size":
            sizes, names = self.sizes, self.names
            sign = -1 if reverse else 1
            return sorted(kids, key=lambda i: (sign * sizes[i], names[i]))
        raise ValueError(f"unknown sort key {by!r}: use 'name' or 'size'")

    def path_of(self, index: int) -> str:
        names, parents = self.names, self.parents
        parts: list[str] = []
        while index > 0:
            parts.append(names[index])
            index = parents[index]
        return "/".join(reversed(parts))

    def find(self, path: str) -> TreeNode | None:
        """The node at ``path`` (``""`` or ``"/"`` is the root), or None."""
        index = 0
        for part in path.strip("/").split("/"):
            if not part:
                continue
            index = self.child_index(index, part)
            if index < 0:
                return None
        return TreeNode(self, index)

    def walk_indexes(self, by: str = "name", reverse: bool = False) -> Iterator[tuple[int, str]]:
        """(number, path) of every node below the root, depth first, parents first."""
        names = self.names
        stack: list[tuple[int, str]] = [(i, names[i]) for i in
                                        reversed(self.sorted_child_indexes(0, by, reverse))]
        kids = self.kids
        while stack:
            index, path = stack.pop()
            yield index, path
            if index in kids:
                stack.extend((i, f"{path}/{names[i]}") for i in
                             reversed(self.sorted_child_indexes(index, by, reverse)))

    def walk(self, by: str = "name", reverse: bool = False) -> Iterator[TreeNode]:
        """Every node below the root, depth first, parents before children."""
        for index, _path in self.walk_indexes(by, reverse):
            yield TreeNode(self, index)

    def filter(self, statuses: Iterable[Status] | None = None,
               pattern: str | re.Pattern[str] | None = None) -> FileTree:
        """A new tree with the nodes whose status is in ``statuses`` and whose path
        matches ``pattern`` (a regular expression searched in the path), plus their
        parent directories so the result stays a tree."""
        wanted = {_STATUS_CODE[s] for s in statuses} if statuses is not None else None
        regex = re.compile(pattern) if isinstance(pattern, str) else pattern
        builder = TreeBuilder()
        kept: set[int] = {0}
        codes, parents = self.statuses, self.parents
        for index, path in self.walk_indexes():
            if wanted is not None and codes[index] not in wanted:
                continue
            if regex is not None and not regex.search(path):
                continue
            # Ancestors that did not match keep their own metadata, not a blank directory;
            # the walk is parents-first, so they go in before their children.
            missing: list[int] = []
            parent = parents[index]
            while parent not in kept:
                kept.add(parent)
                missing.append(parent)
                parent = parents[parent]
            for ancestor in reversed(missing):
                self._copy_into(builder, ancestor, self.path_of(ancestor), blank_dir=True)
            kept.add(index)
            self._copy_into(builder, index, path, blank_dir=False)
        return builder.finish()

    def _copy_into(self, builder: TreeBuilder, index: int, path: str, blank_dir: bool) -> None:
        kind = KINDS[self.kinds[index]]
        size = 0 if blank_dir and kind is Kind.DIR else self.own_sizes[index]
        layer = self.layers[index]
        builder.add(path, kind, size, self.modes[index], self.uids[index], self.gids[index],
                    self.links[index], STATUSES[self.statuses[index]],
                    None if layer == _NO_LAYER else layer)

    def __len__(self) -> int:
        return self.count


class TreeBuilder:
    """Adds paths one by one (the hot loop of every view: no per-node objects besides
    the name), then ``finish()`` sorts children and rolls directory sizes up."""

    def __init__(self) -> None:
        self.tree = FileTree()
        self._dirs: dict[str, int] = {"": 0}
        # Per directory, child name -> number; only while building (lookups by name
        # afterwards bisect the sorted children instead).
        self._named: dict[int, dict[str, int]] = {}

    def _names_below(self, parent_path: str) -> tuple[int, dict[str, int]]:
        """The number of the directory ``parent_path`` and its children by name; a
        directory no spec has given (yet) is added as a plain one."""
        parent = self._dirs.get(parent_path)
        if parent is None:
            grand_path, _, name = parent_path.rpartition("/")
            grand, siblings = self._names_below(grand_path)
            parent = siblings.get(name)
            if parent is None:
                parent = siblings[name] = self._append(name, grand, _DIR)
            self._dirs[parent_path] = parent
        named = self._named.get(parent)
        if named is None:
            named = self._named[parent] = {}
        return parent, named

    def _append(self, name: str, parent: int, kind: int, status: int = _UNCHANGED,
                size: int = 0, mode: int = 0, uid: int = 0, gid: int = 0, link: str = "",
                layer: int = _NO_LAYER) -> int:
        tree = self.tree
        index = len(tree.names)
        tree.names.append(sys.intern(name))  # names repeat a lot across folders
        tree.kinds.append(kind)
        tree.statuses.append(status)
        tree.own_sizes.append(size)
        tree.modes.append(mode)
        tree.uids.append(uid)
        tree.gids.append(gid)
        tree.links.append(link)
        tree.layers.append(layer)
        tree.parents.append(parent)
        return index

    def add(self, path: str, kind: Kind, size: int, mode: int, uid: int, gid: int, link: str,
            status: Status, layer: int | None) -> None:
        """Add ``path``; a path added before takes the new metadata."""
        parent_path, _, name = path.rpartition("/")
        parent, named = self._names_below(parent_path)
        code, status_code = _KIND_CODE[kind], _STATUS_CODE[status]
        layer_code = _NO_LAYER if layer is None else layer
        index = named.get(name)
        if index is None:
            index = named[name] = self._append(name, parent, code, status_code, size, mode,
                                               uid, gid, link, layer_code)
        else:
            tree = self.tree
            tree.kinds[index] = code
            tree.statuses[index] = status_code
            tree.own_sizes[index] = size
            tree.modes[index] = mode
            tree.uids[index] = uid
            tree.gids[index] = gid
            tree.links[index] = link
            tree.layers[index] = layer_code
        if code == _DIR:
            self._dirs[path] = index

    def add_entry(self, entry: Entry, status: Status, layer: int | None) -> None:
        self.add(entry.path, entry.kind, entry.size, entry.mode, entry.uid, entry.gid,
                 entry.link, status, layer)

    def finish(self) -> FileTree:
        tree = self.tree
        tree.count = len(tree.names) - 1
        # Popping the per-folder name maps one by one frees them as we go, instead of
        # in one C-level pass over every node that would hold the interpreter lock.
        named_by_parent, self._named, self._dirs = self._named, {}, {}
        kids = tree.kids
        while named_by_parent:
            parent, named = named_by_parent.popitem()
            kids[parent] = array("i", [named[name] for name in sorted(named)])
        sizes = tree.sizes = array("q", tree.own_sizes)
        parents, statuses = tree.parents, tree.statuses
        # Parents always get lower numbers than their children, so going down the
        # numbers visits every child before its parent: one pass rolls sizes up.
        for index in range(len(sizes) - 1, 0, -1):
            parent = parents[index]
            if parent > 0 and (statuses[index] != _REMOVED or statuses[parent] == _REMOVED):
                sizes[parent] += sizes[index]
        sizes[0] = sum(sizes[i] for i in tree.child_indexes(0) if statuses[i] != _REMOVED)
        return tree
