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
from operator import itemgetter

from workbench.core.analysis.layer_index import (
    LayerColumns,
    entry_size,
    strict_ancestors,
    walk_present,
)
from workbench.core.analysis.statuses import MergedState
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


# One copy of a path as dive counts it: (layer, header size).
Visit = tuple[int, int]
# A layer waiting to go on dive's stack: its path map, whiteouts, parents, blank
# opaque directories, and what its whiteouts were found to delete.
_Stacking = tuple[dict[str, Entry], list[str], set[str], set[str], dict[str, list[str]]]


def _go_order(key: str) -> list[str]:
    # dive visits children sorted by name, depth first: leaves come in the order of
    # their name sequences (Go compares UTF-8 bytes, the same order as code points).
    return key.split("/")


def _whiteout_key(path: str) -> str:
    parent, _, name = path.rpartition("/")
    return f"{parent}/.wh.{name}" if parent else f".wh.{name}"


class DiveCounter:
    """dive's metrics fed one layer at a time, alongside the status replay.

    Most paths are counted once, so nothing per path is built for them: each layer's
    leaves stay in the layer's own path map and ``multi`` lists every visit of the
    paths counted more than once. Which leaves were counted before is asked of the
    status replay (``state``, fed each layer right after this counter): a path counted
    before was listed before, so it is present in the state, or was removed from it
    (``state.gone``), or was counted without being listed (a whiteout's path: ``odd``).
    ``stack`` is dive's tree of the layers stacked so far, just enough of it to size
    deleted subtrees: the member per path, ``None`` for a parent the tar omits (dive's
    blank record, size 0, not a directory); it is brought up to date only when a
    whiteout needs it.
    """

    __slots__ = ("_extra", "_inner", "_leaves", "_unstacked", "index", "layer_sizes", "multi",
                 "odd", "stack", "state", "total")

    def __init__(self, state: MergedState) -> None:
        self.state = state
        self.index = state.index
        self.odd: set[str] = set()  # paths counted other than as a leaf member
        self.multi: dict[str, list[Visit]] = {}
        self.stack: dict[str, Entry | None] = {}
        # Layers not put on ``stack`` yet: it is only read at whiteouts, which many
        # images never have, so stacking waits for the first one.
        self._unstacked: list[_Stacking] = []
        self.layer_sizes: list[int] = []  # whiteouts have size 0
        self.total = 0  # Σ sizes over every visit
        # Per layer: its members by path, and those that are not leaves (parents).
        self._leaves: list[dict[str, Entry]] = []
        self._inner: list[set[str]] = []
        self._extra: list[dict[str, int]] = []  # per layer: other visits (path -> size)

    def add_layer(self, layer: int, scan: LayerScan, cols: LayerColumns) -> None:
        """Count layer ``layer``, before ``state`` applies it."""
        self.index.add(cols.dirnames, cols.paths)
        entries = cols.entries
        self.layer_sizes.append(sum([e.size for e in entries]))
        self._leaves.append({})
        self._inner.append(set())
        self._extra.append({})
        # The layer as dive's tree holds it: the last member per path wins; a whiteout
        # is a node of its own (".wh.name"), an opaque marker is dropped.
        files = cols.files
        whiteouts = [cols.paths[i] for i in cols.whiteouts]
        parents = cols.parents
        blank: set[str] = set()
        if scan.opaque_dirs:
            self.index.add_paths(scan.opaque_dirs)
            parents = parents | strict_ancestors(scan.opaque_dirs)
            blank = {d for d in scan.opaque_dirs if d and d not in files}
        if layer == 0:
            self._stack_layer(files, whiteouts, parents, blank, {})  # dive: a copy of layer 0
        if whiteouts:
            self._restack()
        stack = self.stack
        counted: list[tuple[str, str, int]] = []  # (tree key, path, size)
        # Per whiteout of a directory: the paths below it, found while sizing it and
        # removed with it when the layer goes on the stack (the stack is the same then).
        sized: dict[str, list[str]] = {}
        failed_at: str | None = None  # tree key of the first failing whiteout
        failed_path = ""
        for path in whiteouts:
            key = _whiteout_key(path)
            if path not in stack:
                if failed_at is None or _go_order(key) < _go_order(failed_at):
                    failed_at, failed_path = key, path
                continue
            below = stack[path]
            size = 0
            if below is not None and below.kind is Kind.DIR:
                inside = sized[path] = list(walk_present(self.index, stack, path))
                size = below.size + sum([entry_size(stack[child]) for child in inside])
            counted.append((key, path, size))
        if failed_at is None:
            for _key, path, size in counted:
                self._count(path, layer, size)
            self._count_files(files, parents, layer, cols)
            for path in blank:
                if path not in parents:
                    self._count(path, layer, 0)
        else:
            # dive stops visiting this layer at the failing whiteout, which still
            # registers its path with nothing counted (a minimum of -1).
            limit = _go_order(failed_at)
            leaves = list(counted)
            leaves += [(p, p, e.size) for p, e in files.items() if p not in parents]
            leaves += [(p, p, 0) for p in blank if p not in parents]
            for key, path, size in leaves:
                if _go_order(key) < limit:
                    self._count(path, layer, size)
            if self._counted_before(layer, failed_path) is None:
                self.odd.add(failed_path)
                self.multi[failed_path] = []  # no visit: counts for a minimum of -1
        if layer > 0:
            self._stack_layer(files, whiteouts, parents, blank, sized)

    def _counted_before(self, layer: int, path: str) -> Visit | None:
        """The one visit of ``path`` so far, searched from ``layer`` down, or None when it
        was never counted (paths are rarely counted far apart; once counted twice, a
        path is in ``multi`` and never searched for again)."""
        extra, leaves, inner = self._extra, self._leaves, self._inner
        while layer >= 0:
            if path in extra[layer]:
                return layer, extra[layer][path]
            if path in leaves[layer] and path not in inner[layer]:
                return layer, leaves[layer][path].size
            layer -= 1
        return None

    def _count(self, path: str, layer: int, size: int) -> None:
        visit = (layer, size)
        visits = self.multi.get(path)
        if visits is not None:
            visits.append(visit)
        else:
            before = self._counted_before(layer, path)
            if before is not None:
                self.multi[path] = [before, visit]
        self._extra[layer][path] = size
        self.odd.add(path)
        self.total += size

    def _count_files(self, files: dict[str, Entry], parents: set[str], layer: int,
                     cols: LayerColumns) -> None:
        # ``_count`` for every leaf member at once: only the paths that may have been
        # counted before are looked at one by one.
        multi = self.multi
        inner = {p for p in parents if p in files}  # members with members below
        if cols.unique:
            # The leaves' sizes are the layer's, less its parents' and whiteouts'.
            entries = cols.entries
            self.total += (self.layer_sizes[layer] - sum([files[p].size for p in inner])
                           - sum([entries[i].size for i in cols.whiteouts]))
        else:
            self.total += sum([e.size for p, e in files.items() if p not in inner])
        state, keys = self.state, files.keys()
        if cols.below is None:
            cols.below = state.entries.keys() & keys  # shared with the replay
        again = set(cols.below)
        if state.gone:
            again |= keys & state.gone
        if self.odd:
            again |= keys & self.odd
        below_leaves = self._leaves[layer - 1] if layer else {}
        below_inner = self._inner[layer - 1] if layer else set()
        # In tar order (names sorted within each directory), so that sorting the
        # inefficient files at the end finds long sorted runs.
        here = self._extra[layer]  # this layer's whiteout visits, counted already
        for path in ([p for p in files if p in again] if len(again) * 4 > len(files)
                     else sorted(again)):
            if path in inner:
                continue
            visit = (layer, files[path].size)
            visits = multi.get(path)
            if visits is not None:
                visits.append(visit)
                continue
            below = below_leaves.get(path)
            if below is not None and path not in below_inner and path not in here:
                # Counted in the layer just below: the usual case, looked up directly.
                multi[path] = [(layer - 1, below.size), visit]
            else:
                before = self._counted_before(layer, path)
                if before is not None:
                    multi[path] = [before, visit]
        self._leaves[layer] = files  # visible to ``_counted_before`` from here on
        self._inner[layer] = inner

    def _stack_layer(self, files: dict[str, Entry], whiteouts: list[str], parents: set[str],
                     blank: set[str], sized: dict[str, list[str]]) -> None:
        self._unstacked.append((files, whiteouts, parents, blank, sized))

    def _restack(self) -> None:
        """Put the layers waiting for it on ``stack``, in order."""
        pending, self._unstacked = self._unstacked, []
        for stacking in pending:
            self._put_on_stack(*stacking)

    def _put_on_stack(self, files: dict[str, Entry], whiteouts: list[str], parents: set[str],
                      blank: set[str], sized: dict[str, list[str]]) -> None:
        stack, index = self.stack, self.index
        for path in whiteouts:
            if path in stack:
                del stack[path]
                inside = sized.get(path)
                if inside is not None:
                    for child in inside:
                        stack.pop(child, None)  # an earlier whiteout may have taken it
                else:
                    for child in walk_present(index, stack, path):
                        del stack[child]
        stack.update(files)
        for group in (parents, blank):
            for path in group:
                if path not in files:
                    stack[path] = None  # dive's blank record for a parent the tar omits

    def result(self) -> DiveMetrics:
        layer_sizes = self.layer_sizes
        # Σ minimum over paths: every visit's size, less what the paths counted more
        # than once carry above their smallest copy.
        total = minimum = self.total
        layer_wasted = [0] * len(layer_sizes)
        rows: list[tuple[int, str, list[int]]] = []  # (-cumulative, path, layers)
        for path, visits in self.multi.items():
            if not visits:
                minimum -= 1  # a failed whiteout's path that nothing counted after
            if len(visits) < 2:
                continue
            sizes = [size for _, size in visits]
            cumulative = sum(sizes)
            minimum -= cumulative - min(sizes)
            for layer, size in visits:
                layer_wasted[layer] += size
            rows.append((-cumulative, path, [layer for layer, _ in visits]))
        efficiency = 1.0 if total == 0 else minimum / total
        rows.sort(key=itemgetter(0, 1))  # largest first, ties by path
        inefficient = [InefficientFile(path, len(layers), -negative, layers)
                       for negative, path, layers in rows]
        wasted = -sum([row[0] for row in rows])
        # Go divides floats: 0/0 is NaN (one layer), x/0 is +Inf.
        user_percent = _divide(wasted, sum(layer_sizes[1:]))
        return DiveMetrics(efficiency, wasted, user_percent, inefficient, list(layer_sizes),
                           layer_wasted)


def dive_metrics(scans: list[LayerScan], cancel: CancelToken | None = None) -> DiveMetrics:
    state = MergedState()
    counter = DiveCounter(state)
    for layer, scan in enumerate(scans):
        if cancel is not None:
            cancel.check()
        cols = LayerColumns(scan)
        counter.add_layer(layer, scan, cols)
        state.apply(layer, scan, columns=cols)
    return counter.result()


def _divide(numerator: int, denominator: int) -> float:
    if denominator:
        return numerator / denominator
    return math.nan if numerator == 0 else math.inf
