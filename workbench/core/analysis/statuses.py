"""Replaying layers like overlayfs does, to tell what each layer did to each path.

A status is relative to the merged filesystem below the layer: ADDED (absent below),
MODIFIED (present below with other content or metadata), UNCHANGED (re-listed with the
same content and metadata: a copy-up or a parent directory entry), REMOVED (deleted by a
whiteout, hidden by an opaque directory, or buried under a non-directory that replaced a
directory). The same replay also attributes bytes that do not survive to the layers
that carried them (see ``reclaimable.py``).

Members are applied in tar order. Order only matters where a layer lists a path twice,
or deletes (by whiteout, or by putting a file over a directory) a subtree that holds
other members of the same layer; a layer without such conflicts, which is nearly every
layer, is applied column-wise: the paths already present below are compared one by
one, the rest go into the state in one dict update.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from workbench.core.analysis.layer_index import (
    LayerColumns,
    PathIndex,
    walk_present,
)
from workbench.core.analysis.reclaimable import ReclaimTracker
from workbench.core.analysis.records import Record
from workbench.core.analysis.slices import fill_in_slices, update_in_slices
from workbench.core.model import Entry, Kind, LayerScan, Status

# Compact per-entry status storage: one byte per tar member.
STATUS_CODES: tuple[Status, ...] = (Status.ADDED, Status.MODIFIED, Status.REMOVED,
                                    Status.UNCHANGED)
_CODE = {status: code for code, status in enumerate(STATUS_CODES)}
_MODIFIED, _REMOVED, _UNCHANGED = (_CODE[Status.MODIFIED], _CODE[Status.REMOVED],
                                   _CODE[Status.UNCHANGED])


@dataclass(slots=True)
class Removal:
    """A path a layer made disappear, with the copy that was there below."""

    path: str
    entry: Entry
    layer: int  # the layer that copy came from


@dataclass(slots=True)
class LayerChanges:
    """What one layer did: a status per tar member and the paths it removed."""

    statuses: bytearray  # STATUS_CODES index per ``scan.entries`` item
    removed: list[Removal] = field(default_factory=list)
    added: int = 0
    modified: int = 0
    unchanged: int = 0

    def status_of(self, index: int) -> Status:
        return STATUS_CODES[self.statuses[index]]


def compare(below: Entry, entry: Entry) -> Status:
    """MODIFIED or UNCHANGED for a path present below. Equal-size files whose content
    fingerprints are unknown count as MODIFIED: claiming "unchanged" needs proof."""
    return STATUS_CODES[_compare_code(below, entry)]


def _compare_code(below: Entry, entry: Entry) -> int:
    # ``compare`` as a status code: the rule itself, the one place it is written.
    kind = entry.kind
    if below.kind is not kind or below.uid != entry.uid or below.gid != entry.gid or (
            (below.mode ^ entry.mode) & 0o7777):
        return _MODIFIED
    if kind is Kind.FILE:
        if below.size != entry.size:
            return _MODIFIED
        digest = below.digest
        return _UNCHANGED if digest is not None and digest == entry.digest else _MODIFIED
    if kind is Kind.SYMLINK or kind is Kind.HARDLINK:
        return _UNCHANGED if below.link == entry.link else _MODIFIED
    return _UNCHANGED


class MergedState:
    """The merged filesystem after the layers applied so far.

    A layer's members go into ``entries`` with one dict-to-dict update from the layer's
    path map, which reuses the stored hashes and never touches the path strings: most
    of the cost of a big layer. The layer a copy came from is not stored per path: it
    is the topmost layer applied that lists the path (any later listing would have
    replaced the copy, or deleted it, so a present path was last put by that layer),
    found by looking down the layers' path maps when a copy dies or is asked for.
    ``created`` only holds the paths that were present below their current copy (the
    layer that first created them, for reclaimable).
    """

    __slots__ = ("_layers", "_put_here", "_top", "created", "entries", "gone", "index",
                 "layers_applied")

    def __init__(self, index: PathIndex | None = None) -> None:
        self.entries: dict[str, Entry] = {}
        self.created: dict[str, int] = {}
        self.gone: set[str] = set()  # every path ever removed
        self._layers: list[dict[str, Entry]] = []  # per layer applied: its path map
        # The topmost layer whose copies may be present (the one being applied when it
        # is applied member by member: then ``_put_here`` are the paths it put so far).
        self._top = -1
        self._put_here: set[str] | None = None
        # Finds the paths below a directory; may be shared with dive's stacked tree.
        self.index = index if index is not None else PathIndex()
        self.layers_applied = 0

    def _origin(self, path: str) -> int:
        """The layer the present copy of ``path`` came from."""
        put_here = self._put_here
        if put_here is not None and path in put_here:
            return self._top + 1
        layers = self._layers
        for layer in range(self._top, -1, -1):
            if path in layers[layer]:
                return layer
        raise KeyError(f"{path!r} is present but no layer lists it")

    def get(self, path: str) -> Record | None:
        entry = self.entries.get(path)
        if entry is None:
            return None
        origin = self._origin(path)
        return Record(entry, origin, self.created.get(path, origin))

    def _pop(self, path: str) -> Record | None:
        return self._take(path) if path in self.entries else None

    def _take(self, path: str) -> Record:
        """Remove the present ``path`` (not what lies below it); its record."""
        origin = self._origin(path)
        self.gone.add(path)
        return Record(self.entries.pop(path), origin, self.created.pop(path, origin))

    def _put(self, path: str, entry: Entry, origin: int, created: int) -> None:
        self.entries[path] = entry
        if created != origin:
            self.created[path] = created
        else:
            self.created.pop(path, None)

    def pop_subtree(self, path: str, include_self: bool = True) -> list[tuple[str, Record]]:
        """Remove ``path`` (optionally) and everything below it; parents come first."""
        removed: list[tuple[str, Record]] = []
        if include_self:
            record = self._pop(path)
            if record is None:
                return removed
            removed.append((path, record))
        # ``walk_present`` yields present paths only, and lets each be taken as it comes.
        removed += [(child, self._take(child))
                    for child in walk_present(self.index, self.entries, path)]
        return removed

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[tuple[str, Record]]:
        # Every path's layer at once: each layer's paths, lower layers overwritten.
        origins: dict[str, int] = {}
        for layer, files in enumerate(self._layers):
            fill_in_slices(origins, list(files), layer)
        created = self.created
        for path, entry in self.entries.items():
            origin = origins[path]
            yield path, Record(entry, origin, created.get(path, origin))

    def clear_stepwise(self) -> None:
        """Empty the state one item at a time (see ``analyze.release_state``)."""
        for table in (self.entries, self.created):
            while table:
                table.popitem()
        self.gone.clear()
        self._layers.clear()  # the layers' own maps, held by their columns too
        self.index.clear_stepwise()

    def apply(self, index: int, scan: LayerScan, tracker: ReclaimTracker | None = None,
              check: Callable[[], None] | None = None,
              columns: LayerColumns | None = None) -> LayerChanges:
        """Apply layer ``index`` on top; return what it did to each path. ``tracker``
        collects the copies that stop being visible. ``check`` is called between steps
        (every 65,536 members when applied one by one) so a huge layer can be cancelled
        part way (the state is then incomplete and must be dropped). ``columns`` is the
        layer as ``LayerColumns``, when the caller has it already."""
        cols = columns if columns is not None else LayerColumns(scan)
        self.index.add(cols.dirnames, cols.paths)
        self._layers.append(cols.files)
        self._top = index - 1
        changes = LayerChanges(statuses=bytearray(len(cols.paths)))
        # Opaque directories hide what lies below them, but entries re-created in the
        # same layer are overwrites of the hidden copies, not removals.
        hidden: dict[str, Record] = {}
        for directory in scan.opaque_dirs:
            for path, record in self.pop_subtree(directory, include_self=False):
                hidden[path] = record
        if check is not None:
            check()
        if not (cols.unique and self._apply_columns(index, cols, changes, hidden, tracker)):
            self._put_here = set()
            try:
                self._apply_in_order(index, cols, changes, hidden, tracker, check)
            finally:
                self._put_here = None
        for path in sorted(hidden):
            record = hidden[path]
            changes.removed.append(Removal(path, record.entry, record.layer))
            if tracker is not None:
                tracker.on_death(path, record, index, True)
        self.layers_applied = index + 1
        self._top = index
        return changes

    def _remove(self, changes: LayerChanges, path: str, include_self: bool, layer: int,
                tracker: ReclaimTracker | None) -> None:
        for gone, record in self.pop_subtree(path, include_self):
            changes.removed.append(Removal(gone, record.entry, record.layer))
            if tracker is not None:
                tracker.on_death(gone, record, layer, True)

    def _replace(self, changes: LayerChanges, path: str, entry: Entry, below: Record,
                 layer: int, tracker: ReclaimTracker | None) -> int:
        """``entry`` of ``layer`` takes the place of the copy ``below``: its status code,
        counted in ``changes``; the copy below stops being visible."""
        code = _compare_code(below.entry, entry)
        if code == _UNCHANGED:
            changes.unchanged += 1
        else:
            changes.modified += 1
        if tracker is not None:
            tracker.on_death(path, below, layer, False)
        if below.entry.kind is Kind.DIR and entry.kind is not Kind.DIR:
            # A non-directory over a directory hides the whole subtree.
            self._remove(changes, path, False, layer, tracker)
        return code

    def _apply_columns(self, index: int, cols: LayerColumns, changes: LayerChanges,
                       hidden: dict[str, Record], tracker: ReclaimTracker | None) -> bool:
        """Apply a layer whose paths are unique; False (having changed nothing) when its
        member order matters, i.e. it deletes a subtree that holds its own members."""
        entries, paths, kinds, parents = cols.entries, cols.paths, cols.kinds, cols.parents
        if any(paths[i] in parents for i in cols.whiteouts):
            return False
        # Members present below (or hidden by an opaque directory of this layer) and
        # whiteouts: the only ones that need a look of their own, in tar order. Key-view
        # intersections look up the smaller side only: a big layer of new paths on a
        # small state, or a small layer on a big state, costs what is small.
        files = cols.files
        overlap = cols.below if cols.below is not None else self.entries.keys() & files.keys()
        if hidden:
            overlap = overlap | (hidden.keys() & files.keys())
        touched = [i for i, path in enumerate(paths) if path in overlap] if overlap else []
        if cols.whiteouts:
            touched = sorted({*touched, *cols.whiteouts})
        for i in touched:
            if paths[i] in parents and kinds[i] is not Kind.DIR:
                below = self.get(paths[i]) or hidden.get(paths[i])
                if below is not None and below.entry.kind is Kind.DIR:
                    return False  # a file over a directory that this layer also fills

        statuses, created = changes.statuses, self.created
        replaced = 0
        for i in touched:
            path = paths[i]
            if kinds[i] is Kind.WHITEOUT:
                statuses[i] = _REMOVED
                self._remove(changes, path, True, index, tracker)
                continue
            below = self.get(path) or hidden.pop(path)
            statuses[i] = self._replace(changes, path, entries[i], below, index, tracker)
            created[path] = below.created  # before ``index``: the path lives on from below
            replaced += 1
        # Every listed path in tar order (present ones keep their place in the dict).
        update_in_slices(self.entries, list(files), list(files.values()))
        if tracker is not None and tracker.paths:
            for path in tracker.paths.keys() & files.keys():
                if path not in overlap:
                    tracker.on_birth(path, index)  # re-created after a deletion
        changes.added += len(files) - replaced
        return True

    def _apply_in_order(self, index: int, cols: LayerColumns, changes: LayerChanges,
                        hidden: dict[str, Record], tracker: ReclaimTracker | None,
                        check: Callable[[], None] | None) -> None:
        """Apply the members one by one, for layers where their order matters."""
        statuses = changes.statuses
        put_here = self._put_here if self._put_here is not None else set()
        for i, entry in enumerate(cols.entries):
            if check is not None and not i & 0xFFFF:
                check()
            path = entry.path
            if entry.kind is Kind.WHITEOUT:
                statuses[i] = _REMOVED
                self._remove(changes, path, True, index, tracker)
                continue
            below = self.get(path)
            if below is None and hidden:
                below = hidden.pop(path, None)
            if below is None:
                changes.added += 1
                if tracker is not None:
                    tracker.on_birth(path, index)
                self._put(path, entry, index, index)
            else:
                statuses[i] = self._replace(changes, path, entry, below, index, tracker)
                self._put(path, entry, index, below.created)
            put_here.add(path)
