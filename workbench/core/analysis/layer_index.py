"""Per-layer columns and a parent-to-children index, shared by the analysis passes.

An analysis looks at every tar member of every layer several times: the status replay,
dive's metrics, the reclaimable attribution. What costs is touching each member's
path string (hashing it, comparing it, counting a reference to it): they lie all over
memory. So each layer is read once into columns (paths, kinds, a path map, parent
directories), the passes work on whole layers with dict and set operations that reuse
the hashes stored in the tables, and Python-level work goes only to the members that
need it: paths already present below, whiteouts.

``PathIndex`` answers "which paths lie directly below this directory" for the replay
state and for dive's stacked tree. It only ever grows: a path once seen stays listed,
and callers keep the ones present in their own dict. Both of them hold every child of
a present path that is present itself (they add a path's ancestors along with it, or
never look below a missing one), so filtering the index by presence gives exactly
their children. The index is filled lazily, the first time a subtree is asked for:
most layers delete nothing, and an image without deletions never pays for it.
"""

from __future__ import annotations

from collections.abc import Container, Iterator
from itertools import groupby
from operator import itemgetter

from workbench.core.analysis.slices import update_in_slices
from workbench.core.model import Entry, Kind, LayerScan


def parent_paths(paths: list[str], /) -> list[str]:
    """Each path's parent directory ("" at the root)."""
    return [p.rpartition("/")[0] for p in paths]


_PARENT = itemgetter(0)
_CHILD = itemgetter(1)


class LayerColumns:
    """One layer's members as columns, plus its parent directories.

    ``files`` maps each non-whiteout path to its member (the last one when a path is
    listed twice, as dive's tree keeps it), in tar order; ``unique`` says no path is
    listed twice, whiteouts included. ``parents`` holds every proper ancestor of every
    member path (whiteouts included, the root ``""`` excluded).
    """

    __slots__ = ("below", "dirnames", "entries", "files", "kinds", "parents", "paths",
                 "unique", "whiteouts")

    def __init__(self, scan: LayerScan) -> None:
        entries = self.entries = scan.entries
        paths = self.paths = [e.path for e in entries]
        kinds = self.kinds = [e.kind for e in entries]
        whiteout = Kind.WHITEOUT
        if whiteout in kinds:  # most layers only add and change
            self.whiteouts = [i for i, kind in enumerate(kinds) if kind is whiteout]
            self.files = {p: e for p, e, k in zip(paths, entries, kinds, strict=True)
                          if k is not whiteout}
            deleted = {paths[i] for i in self.whiteouts}
            self.unique = (len(deleted) == len(self.whiteouts)
                           and len(self.files) + len(deleted) == len(paths)
                           and not any(p in self.files for p in deleted))
        else:
            self.whiteouts = []
            self.files = {}
            update_in_slices(self.files, paths, entries)
            self.unique = len(self.files) == len(paths)
        dirnames = self.dirnames = parent_paths(paths)
        self.parents = ancestors(set(dirnames))
        # The paths of ``files`` present in the replay state below the layer, filled by
        # the first pass that needs them (the replay or dive's counter).
        self.below: set[str] | None = None


def ancestors(directories: set[str]) -> set[str]:
    """``directories`` (a set of parent paths, possibly with ``""``) with all their
    ancestors, the root excluded. Walks each distinct directory up until it meets one
    already known, so the cost follows the number of directories, not of paths."""
    found: set[str] = set()
    add = found.add
    for directory in directories:
        while directory and directory not in found:
            add(directory)
            directory = directory.rpartition("/")[0]
    return found


def strict_ancestors(paths: list[str]) -> set[str]:
    return ancestors(set(parent_paths(paths)))


class PathIndex:
    """Parent path -> child paths ever added below it (see the module docstring).

    Children are kept in lists, filled a run of siblings at a time without hashing a
    path; a path listed by several layers appears once per listing, so readers take
    the distinct ones (only for the few directories they walk).
    """

    __slots__ = ("_children", "_linked", "_pending")

    def __init__(self) -> None:
        self._children: dict[str, list[str]] = {}
        self._linked: set[str] = set()  # directories already listed under their parent
        # (dirnames, paths) column pairs not folded into ``_children`` yet.
        self._pending: list[tuple[list[str], list[str]]] = []

    def add(self, dirnames: list[str], paths: list[str]) -> None:
        """Register ``paths`` (with ``dirnames[i]`` the parent of ``paths[i]``); adding
        the same columns twice in a row is a no-op (two passes share a layer's)."""
        if paths and not (self._pending and self._pending[-1][1] is paths):
            self._pending.append((dirnames, paths))

    def add_paths(self, paths: list[str]) -> None:
        self.add(parent_paths(paths), paths)

    def children(self, path: str) -> list[str] | None:
        if self._pending:
            self._fold()
        return self._children.get(path)

    def clear_stepwise(self) -> None:
        """Empty the index one item at a time (see ``analyze.release_state``)."""
        self._pending.clear()
        self._linked.clear()
        children = self._children
        while children:
            children.popitem()

    def _fold(self) -> None:
        children, linked = self._children, self._linked
        pending, self._pending = self._pending, []
        for dirnames, paths in pending:
            # Tars list a directory's members one after another: each run of the same
            # parent is appended in one call.
            for parent, run in groupby(zip(dirnames, paths, strict=True), _PARENT):
                kids = children.get(parent)
                if kids is None:
                    children[parent] = list(map(_CHILD, run))
                else:
                    kids.extend(map(_CHILD, run))
                # Link the parent to its own parent, up to the first linked one:
                # directories a tar omits are still reachable from above.
                while parent and parent not in linked:
                    linked.add(parent)
                    grand = parent.rpartition("/")[0]
                    kids = children.get(grand)
                    if kids is None:
                        children[grand] = [parent]
                    else:
                        kids.append(parent)
                    parent = grand


def walk_present(index: PathIndex, present: Container[str], path: str) -> Iterator[str]:
    """Paths below ``path`` that are keys of ``present``: each directory's children
    together in name order, parents before their children, the directories met last
    opened first (the order the replay reports removals in).
    The caller may delete each path from ``present`` as it gets it."""
    stack = [path]
    get_children = index.children
    while stack:
        below = get_children(stack.pop())
        if not below:
            continue
        for child in sorted(set(below)):
            if child in present:
                yield child
                stack.append(child)


def entry_size(entry: Entry | None) -> int:
    return 0 if entry is None else entry.size
