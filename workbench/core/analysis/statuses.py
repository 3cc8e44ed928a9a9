"""Replaying layers like overlayfs does, to tell what each layer did to each path.

A status is relative to the merged filesystem below the layer: ADDED (absent below),
MODIFIED (present below with other content or metadata), UNCHANGED (re-listed with the
same content and metadata: a copy-up or a parent directory entry), REMOVED (deleted by a
whiteout, hidden by an opaque directory, or buried under a non-directory that replaced a
directory). The same replay also attributes bytes that do not survive to the layers
that carried them (see ``reclaimable.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from workbench.core.model import Entry, Kind, LayerScan, Status

# Compact per-entry status storage: one byte per tar member.
STATUS_CODES: tuple[Status, ...] = (Status.ADDED, Status.MODIFIED, Status.REMOVED,
                                    Status.UNCHANGED)
_CODE = {status: code for code, status in enumerate(STATUS_CODES)}


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
    if below.kind is not entry.kind:
        return Status.MODIFIED
    if (below.mode & 0o7777, below.uid, below.gid) != (entry.mode & 0o7777, entry.uid,
                                                       entry.gid):
        return Status.MODIFIED
    kind = entry.kind
    if kind is Kind.FILE:
        if below.size != entry.size:
            return Status.MODIFIED
        if below.digest is not None and below.digest == entry.digest:
            return Status.UNCHANGED
        return Status.MODIFIED
    if kind in (Kind.SYMLINK, Kind.HARDLINK):
        return Status.UNCHANGED if below.link == entry.link else Status.MODIFIED
    return Status.UNCHANGED


# (entry, origin layer, layer that created the path in its current lifetime)
Record = tuple[Entry, int, int]
# Called when a copy of a path stops being visible: (path, record, layer, deleted?)
DeathHook = Callable[[str, Record, int, bool], None]
# Called when a path appears where nothing was below: (path, layer)
BirthHook = Callable[[str, int], None]


class MergedState:
    """The merged filesystem after the layers applied so far."""

    __slots__ = ("children", "layers_applied", "records")

    def __init__(self) -> None:
        self.records: dict[str, Record] = {}
        # parent path -> full paths of its children present in ``records``
        self.children: dict[str, set[str]] = {}
        self.layers_applied = 0

    def get(self, path: str) -> Record | None:
        return self.records.get(path)

    def put(self, path: str, record: Record) -> None:
        if path not in self.records:
            parent = path.rpartition("/")[0]
            siblings = self.children.get(parent)
            if siblings is None:
                self.children[parent] = {path}
            else:
                siblings.add(path)
        self.records[path] = record

    def pop_subtree(self, path: str, include_self: bool = True) -> list[tuple[str, Record]]:
        """Remove ``path`` (optionally) and everything below it; parents come first."""
        removed: list[tuple[str, Record]] = []
        if include_self:
            record = self.records.pop(path, None)
            if record is None:
                return removed
            removed.append((path, record))
            parent = path.rpartition("/")[0]
            siblings = self.children.get(parent)
            if siblings is not None:
                siblings.discard(path)
        stack = [path]
        while stack:
            below = self.children.pop(stack.pop(), None)
            if not below:
                continue
            for child in sorted(below):
                record = self.records.pop(child, None)
                if record is not None:
                    removed.append((child, record))
                    stack.append(child)
        return removed

    def __iter__(self) -> Iterator[tuple[str, Record]]:
        return iter(self.records.items())

    def apply(self, index: int, scan: LayerScan, on_death: DeathHook | None = None,
              on_birth: BirthHook | None = None,
              check: Callable[[], None] | None = None) -> LayerChanges:
        """Apply layer ``index`` on top; return what it did to each path. ``check`` is
        called every 65,536 entries so a huge layer can be cancelled part way (the state
        is then incomplete and must be dropped)."""
        changes = LayerChanges(statuses=bytearray(len(scan.entries)))
        # Opaque directories hide what lies below them, but entries re-created in the
        # same layer are overwrites of the hidden copies, not removals.
        hidden: dict[str, Record] = {}
        for directory in scan.opaque_dirs:
            for path, record in self.pop_subtree(directory, include_self=False):
                hidden[path] = record
        # The loop runs once per tar member of every layer: the hot path of an analysis,
        # so attributes are bound to locals and ``put`` is written out inline.
        statuses = changes.statuses  # zero-filled: code 0 is ADDED
        removed = changes.removed
        records, children = self.records, self.children
        get_record = records.get
        whiteout, directory = Kind.WHITEOUT, Kind.DIR
        removed_code, unchanged_status = _CODE[Status.REMOVED], Status.UNCHANGED
        modified_status = Status.MODIFIED
        added = modified = unchanged = 0
        for i, entry in enumerate(scan.entries):
            if check is not None and not i & 0xFFFF:
                check()
            path = entry.path
            kind = entry.kind
            if kind is whiteout:
                statuses[i] = removed_code
                for gone, record in self.pop_subtree(path):
                    removed.append(Removal(gone, record[0], record[1]))
                    if on_death is not None:
                        on_death(gone, record, index, True)
                continue
            below = get_record(path)
            listed = below is not None  # already among ``children``
            if not listed and hidden:
                below = hidden.pop(path, None)
            if below is None:
                added += 1
                if on_birth is not None:
                    on_birth(path, index)
                record_created = index
            else:
                status = compare(below[0], entry)
                record_created = below[2]
                if on_death is not None:
                    on_death(path, below, index, False)
                if below[0].kind is directory and kind is not directory:
                    # A non-directory over a directory hides the whole subtree.
                    for gone, record in self.pop_subtree(path, include_self=False):
                        removed.append(Removal(gone, record[0], record[1]))
                        if on_death is not None:
                            on_death(gone, record, index, True)
                statuses[i] = _CODE[status]
                if status is unchanged_status:
                    unchanged += 1
                elif status is modified_status:
                    modified += 1
                else:
                    added += 1
            if not listed:
                parent = path.rpartition("/")[0]
                siblings = children.get(parent)
                if siblings is None:
                    children[parent] = {path}
                else:
                    siblings.add(path)
            records[path] = (entry, index, record_created)
        changes.added += added
        changes.modified += modified
        changes.unchanged += unchanged
        for path in sorted(hidden):
            record = hidden[path]
            changes.removed.append(Removal(path, record[0], record[1]))
            if on_death is not None:
                on_death(path, record, index, True)
        self.layers_applied = index + 1
        return changes
