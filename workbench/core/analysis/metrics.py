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
from collections.abc import Iterable
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


class _Stack:
    """dive's tree of layers 0..k stacked, just enough of it to size deleted subtrees:
    header size per path, which paths are directories, and the children of each."""

    __slots__ = ("children", "dirs", "sizes")

    def __init__(self) -> None:
        self.sizes: dict[str, int] = {}
        self.dirs: set[str] = set()
        self.children: dict[str, set[str]] = {}

    def set(self, path: str, size: int, is_dir: bool) -> None:
        if path not in self.sizes:
            parent = path.rpartition("/")[0]
            siblings = self.children.get(parent)
            if siblings is None:
                self.children[parent] = {path}
            else:
                siblings.add(path)
        self.sizes[path] = size
        if is_dir:
            self.dirs.add(path)
        else:
            self.dirs.discard(path)

    def remove(self, path: str) -> None:
        if self.sizes.pop(path, None) is None:
            return
        self.dirs.discard(path)
        siblings = self.children.get(path.rpartition("/")[0])
        if siblings is not None:
            siblings.discard(path)
        stack = [path]
        while stack:
            for child in self.children.pop(stack.pop(), ()):
                self.sizes.pop(child, None)
                self.dirs.discard(child)
                stack.append(child)

    def subtree_size(self, path: str) -> int:
        total = self.sizes.get(path, 0)
        stack = [path]
        while stack:
            for child in self.children.get(stack.pop(), ()):
                total += self.sizes.get(child, 0)
                stack.append(child)
        return total


class _Record:
    """What dive accumulates for a path seen more than once: each copy's layer and size."""

    __slots__ = ("cumulative", "minimum", "visits")

    def __init__(self, layer: int = -1, size: int = 0) -> None:
        self.visits: list[tuple[int, int]] = [] if layer < 0 else [(layer, size)]
        self.cumulative = 0 if layer < 0 else size
        self.minimum = -1 if layer < 0 else size

    def add(self, layer: int, size: int) -> None:
        self.visits.append((layer, size))
        self.cumulative += size
        if self.minimum < 0 or size < self.minimum:
            self.minimum = size


def _go_order(key: str) -> list[str]:
    # dive visits children sorted by name, depth first: leaves come in the order of
    # their name sequences (Go compares UTF-8 bytes, the same order as code points).
    return key.split("/")


def _whiteout_key(path: str) -> str:
    parent, _, name = path.rpartition("/")
    return f"{parent}/.wh.{name}" if parent else f".wh.{name}"


def _parents(paths: Iterable[str]) -> set[str]:
    parents: set[str] = set()
    add = parents.add
    last = ""  # siblings come one after another in a tar: most share the last parent
    for path in paths:
        parent = path.rpartition("/")[0]
        if parent == last:
            continue
        last = parent
        while parent and parent not in parents:
            add(parent)
            parent = parent.rpartition("/")[0]
    return parents


def dive_metrics(scans: list[LayerScan], cancel: CancelToken | None = None) -> DiveMetrics:
    # A path seen once keeps a plain (layer, size) tuple: most paths are, and a record
    # object per path would double the memory of a 500,000-file image.
    seen: dict[str, tuple[int, int] | _Record] = {}
    stack = _Stack()
    layer_sizes = [sum(e.size for e in scan.entries) for scan in scans]  # whiteouts are 0

    def count(path: str, layer: int, size: int) -> None:
        known = seen.get(path)
        if known is None:
            seen[path] = (layer, size)
        elif isinstance(known, tuple):
            record = seen[path] = _Record(*known)
            record.add(layer, size)
        else:
            known.add(layer, size)

    def count_files(files: dict[str, Entry], parents: set[str], layer: int) -> None:
        # ``count`` written out for the leaves of a layer: one call per file otherwise.
        get = seen.get
        for path, entry in files.items():
            if path in parents:
                continue
            known = get(path)
            if known is None:
                seen[path] = (layer, entry.size)
            elif isinstance(known, tuple):
                record = seen[path] = _Record(*known)
                record.add(layer, entry.size)
            else:
                known.add(layer, entry.size)

    for index, scan in enumerate(scans):
        if cancel is not None:
            cancel.check()
        # The layer as dive's tree holds it: the last member per path wins; a whiteout
        # is a node of its own (".wh.name"), an opaque marker is dropped.
        # One pass over the members sorts them and collects their parent directories.
        files: dict[str, Entry] = {}
        whiteouts: list[str] = []
        parents: set[str] = set()
        add_parent = parents.add
        whiteout = Kind.WHITEOUT
        last = ""  # siblings come one after another in a tar: most share the last parent
        for e in scan.entries:
            path = e.path
            if e.kind is whiteout:
                whiteouts.append(path)
            else:
                files[path] = e
            parent = path.rpartition("/")[0]
            if parent == last:
                continue
            last = parent
            while parent and parent not in parents:
                add_parent(parent)
                parent = parent.rpartition("/")[0]
        parents |= _parents(scan.opaque_dirs)
        blank = {d for d in scan.opaque_dirs if d and d not in files}
        if index == 0:
            _stack_layer(stack, files, whiteouts, parents, blank)  # dive: a copy of layer 0
        counted: list[tuple[str, str, int]] = []  # (tree key, path, size)
        failed_at: str | None = None  # tree key of the first failing whiteout
        failed_path = ""
        for path in whiteouts:
            key = _whiteout_key(path)
            if path not in stack.sizes:
                if failed_at is None or _go_order(key) < _go_order(failed_at):
                    failed_at, failed_path = key, path
                continue
            size = stack.subtree_size(path) if path in stack.dirs else 0
            counted.append((key, path, size))
        if failed_at is None:
            for _key, path, size in counted:
                count(path, index, size)
            count_files(files, parents, index)
            for path in blank:
                if path not in parents:
                    count(path, index, 0)
        else:
            # dive stops visiting this layer at the failing whiteout, which still
            # registers its path with nothing counted (a minimum of -1).
            limit = _go_order(failed_at)
            leaves = list(counted)
            leaves += [(p, p, e.size) for p, e in files.items() if p not in parents]
            leaves += [(p, p, 0) for p in blank if p not in parents]
            for key, path, size in leaves:
                if _go_order(key) < limit:
                    count(path, index, size)
            if failed_path not in seen:
                seen[failed_path] = _Record()
        if index > 0:
            _stack_layer(stack, files, whiteouts, parents, blank)
    minimum = total = 0
    layer_wasted = [0] * len(scans)
    inefficient: list[InefficientFile] = []
    for path, value in seen.items():
        if isinstance(value, tuple):
            minimum += value[1]
            total += value[1]
            continue
        minimum += value.minimum
        total += value.cumulative
        if len(value.visits) >= 2:
            inefficient.append(InefficientFile(path, len(value.visits), value.cumulative,
                                               [layer for layer, _ in value.visits]))
            for layer, size in value.visits:
                layer_wasted[layer] += size
    efficiency = 1.0 if total == 0 else minimum / total
    inefficient.sort(key=lambda f: (-f.size, f.path))
    wasted = sum(f.size for f in inefficient)
    # Go divides floats: 0/0 is NaN (one layer), x/0 is +Inf.
    user_percent = _divide(wasted, sum(layer_sizes[1:]))
    return DiveMetrics(efficiency, wasted, user_percent, inefficient, layer_sizes,
                       layer_wasted)


def _stack_layer(stack: _Stack, files: dict[str, Entry], whiteouts: list[str],
                 parents: set[str], blank: set[str]) -> None:
    for path in whiteouts:
        stack.remove(path)
    # ``stack.set`` written out: this loop visits every member of every layer.
    sizes, dirs, children = stack.sizes, stack.dirs, stack.children
    directory = Kind.DIR
    for path, entry in files.items():
        if path not in sizes:
            parent = path.rpartition("/")[0]
            siblings = children.get(parent)
            if siblings is None:
                children[parent] = {path}
            else:
                siblings.add(path)
        sizes[path] = entry.size
        if entry.kind is directory:
            dirs.add(path)
        elif path in dirs:
            dirs.remove(path)
    for path in parents | blank:
        if path not in files:
            stack.set(path, 0, False)  # dive's blank record for a parent the tar omits


def _divide(numerator: int, denominator: int) -> float:
    if denominator:
        return numerator / denominator
    return math.nan if numerator == 0 else math.inf


def finite_or_none(value: float) -> float | None:
    """JSON has no NaN: a ratio that does not exist is reported as null."""
    return value if math.isfinite(value) else None
