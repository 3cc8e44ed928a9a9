"""dive-compatible image efficiency, computed the way dive 0.13 computes it.

dive builds one tree per layer from the tar headers (parents a tar does not list appear
as blank nodes; ``.wh..wh..opq`` markers are dropped) and visits each tree's *leaves*.
Every leaf adds its header size to the record of its path; a whiteout leaf adds 0 when it
deleted a file, and the summed header sizes of the deleted subtree (as stacked from the
layers below) when it deleted a directory. Then:

- efficiency = Σ smallest size seen per path / Σ all sizes seen (1.0 when nothing);
- wasted bytes = Σ sizes over paths seen in two or more layers (every copy counted);
- user wasted percent = wasted bytes / Σ sizes of layers 1..n (NaN for one layer).

Quirks kept on purpose so the numbers match dive exactly: a parent directory that a
layer does not list overwrites what lower layers said about it with a blank record (no
longer a directory, size 0); a whiteout of a path missing below stops the visit of that
layer's remaining leaves, after having registered its path with a minimum of -1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from workbench.core.model import Entry, Kind, LayerScan
from workbench.core.progress import CancelToken


@dataclass(slots=True)
class InefficientFile:
    """A path seen in two or more layers (dive's "file reference")."""

    path: str
    count: int
    size: int  # cumulative bytes over every copy, as dive reports it
    layers: list[int] = field(default_factory=list)  # layer of each copy, in order


@dataclass(slots=True)
class DiveMetrics:
    efficiency: float
    wasted_bytes: int
    user_wasted_percent: float  # NaN when there is no layer above the base
    inefficient_files: list[InefficientFile]
    layer_sizes: list[int]  # dive's per-layer size: Σ header sizes of the layer's members
    layer_wasted: list[int]  # wasted bytes attributed to the layer each copy came from

    @property
    def size_bytes(self) -> int:
        return sum(self.layer_sizes)


def header_size(entry: Entry) -> int:
    """The size dive reads for a member: the tar header's, 0 for whiteouts."""
    return 0 if entry.kind is Kind.WHITEOUT else entry.size


class _Node:
    """A node of dive's stacked tree: header size, directory flag, children."""

    __slots__ = ("children", "is_dir", "size")

    def __init__(self) -> None:
        self.size = 0
        self.is_dir = False
        self.children: dict[str, _Node] | None = None


class _Stack:
    """dive's tree of layers 0..k stacked, just enough of it to size deleted subtrees."""

    def __init__(self) -> None:
        self.root = _Node()

    def get(self, path: str) -> _Node | None:
        node: _Node | None = self.root
        for part in path.split("/"):
            if node is None or node.children is None:
                return None
            node = node.children.get(part)
        return node

    def set(self, path: str, size: int, is_dir: bool) -> None:
        node = self.root
        for part in path.split("/"):
            if node.children is None:
                node.children = {}
            child = node.children.get(part)
            if child is None:
                child = node.children[part] = _Node()
            node = child
        node.size = size
        node.is_dir = is_dir

    def remove(self, path: str) -> None:
        parent_path, _, name = path.rpartition("/")
        parent = self.get(parent_path) if parent_path else self.root
        if parent is not None and parent.children:
            parent.children.pop(name, None)

    @staticmethod
    def subtree_size(node: _Node) -> int:
        total = 0
        stack = [node]
        while stack:
            current = stack.pop()
            total += current.size
            if current.children:
                stack.extend(current.children.values())
        return total


class _LayerTree:
    """One layer as dive sees it: explicit members, blank parents, leaves."""

    def __init__(self, scan: LayerScan) -> None:
        # node key (a whiteout keeps its ".wh." name) -> (path, size, is_dir, whiteout)
        self.nodes: dict[str, tuple[str, int, bool, bool]] = {}
        for entry in scan.entries:
            path = entry.path
            if entry.kind is Kind.WHITEOUT:
                parent, _, name = path.rpartition("/")
                key = f"{parent}/.wh.{name}" if parent else f".wh.{name}"
                self.nodes[key] = (path, 0, False, True)
            else:
                self.nodes[path] = (path, entry.size, entry.kind is Kind.DIR, False)
        self.parents: set[str] = set()
        for key in list(self.nodes) + list(scan.opaque_dirs):
            parent = key.rpartition("/")[0]
            while parent and parent not in self.parents:
                self.parents.add(parent)
                parent = parent.rpartition("/")[0]
        for directory in scan.opaque_dirs:
            # The marker itself is dropped; its directory still exists in the tree.
            if directory and directory not in self.nodes:
                self.nodes[directory] = (directory, 0, False, False)
        self.leaves = [key for key in self.nodes if key not in self.parents]

    def stack_onto(self, stack: _Stack) -> None:
        for _key, (path, size, is_dir, whiteout) in self.nodes.items():
            if whiteout:
                stack.remove(path)
            else:
                stack.set(path, size, is_dir)
        for parent in self.parents:
            if parent not in self.nodes:
                stack.set(parent, 0, False)  # dive's blank record for unlisted parents


class _Record:
    """What dive accumulates per path: every copy's (layer, size), total and minimum."""

    __slots__ = ("cumulative", "minimum", "visits")

    def __init__(self) -> None:
        self.visits: list[tuple[int, int]] = []
        self.cumulative = 0
        self.minimum = -1

    def add(self, layer: int, size: int) -> None:
        self.visits.append((layer, size))
        self.cumulative += size
        if self.minimum < 0 or size < self.minimum:
            self.minimum = size


def _go_order(key: str) -> list[str]:
    # dive visits children sorted by name, depth first: leaves come in the order of
    # their name sequences (Go compares UTF-8 bytes, the same order as code points).
    return key.split("/")


def dive_metrics(scans: list[LayerScan], cancel: CancelToken | None = None) -> DiveMetrics:
    records: dict[str, _Record] = {}
    stack = _Stack()
    layer_sizes = [sum(header_size(e) for e in scan.entries) for scan in scans]
    for index, scan in enumerate(scans):
        if cancel is not None:
            cancel.check()
        tree = _LayerTree(scan)
        if index == 0:
            # dive sizes layer 0's whiteouts against a copy of layer 0 itself.
            tree.stack_onto(stack)
        visits: list[tuple[str, int | None]] = []
        failed_at: str | None = None
        for key in tree.leaves:
            path, size, _is_dir, whiteout = tree.nodes[key]
            if whiteout:
                below = stack.get(path)
                if below is None:
                    if failed_at is None or _go_order(key) < _go_order(failed_at):
                        failed_at = key
                    continue
                size = stack.subtree_size(below) if below.is_dir else 0
            visits.append((key, size))
        if failed_at is not None:
            limit = _go_order(failed_at)
            visits = [v for v in visits if _go_order(v[0]) < limit]
            visits.append((failed_at, None))
        for key, counted in visits:
            path = tree.nodes[key][0]
            record = records.get(path)
            if record is None:
                record = records[path] = _Record()
            if counted is not None:  # None: the failing whiteout, registered only
                record.add(index, counted)
        if index > 0:
            tree.stack_onto(stack)
    minimum = sum(r.minimum for r in records.values())
    total = sum(r.cumulative for r in records.values())
    efficiency = 1.0 if total == 0 else minimum / total
    layer_wasted = [0] * len(scans)
    inefficient: list[InefficientFile] = []
    for path, r in records.items():
        if len(r.visits) >= 2:
            inefficient.append(InefficientFile(path, len(r.visits), r.cumulative,
                                               [layer for layer, _ in r.visits]))
            for layer, size in r.visits:
                layer_wasted[layer] += size
    inefficient.sort(key=lambda f: (-f.size, f.path))
    wasted = sum(f.size for f in inefficient)
    user_size = sum(layer_sizes[1:])
    # Go divides floats: 0/0 is NaN (one layer), x/0 is +Inf.
    user_percent = _divide(wasted, user_size)
    return DiveMetrics(efficiency, wasted, user_percent, inefficient, layer_sizes,
                       layer_wasted)


def _divide(numerator: int, denominator: int) -> float:
    if denominator:
        return numerator / denominator
    return math.nan if numerator == 0 else math.inf


def finite_or_none(value: float) -> float | None:
    """JSON has no NaN: a ratio that does not exist is reported as null."""
    return value if math.isfinite(value) else None
