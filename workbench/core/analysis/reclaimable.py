"""Reclaimable bytes: what the layers carry that the final filesystem does not show.

Σ sizes of every entry in every layer minus the size of the flattened filesystem, which
is exactly what squashing the image would save. Each non-surviving copy is charged to
the path it belonged to (with the layers that created, overwrote and deleted it) and to
the layer that carried it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter

from workbench.core.analysis.records import Record
from workbench.core.model import Kind


@dataclass(slots=True)
class ReclaimablePath:
    path: str
    bytes: int = 0  # sizes of every copy of this path that does not survive
    created_in: list[int] = field(default_factory=list)
    overwritten_in: list[int] = field(default_factory=list)
    deleted_in: list[int] = field(default_factory=list)


class ReclaimTracker:
    """Collects, for ``MergedState.apply``, the copies that stop being visible."""

    def __init__(self, layer_count: int) -> None:
        self.paths: dict[str, ReclaimablePath] = {}
        self.per_layer = [0] * layer_count

    def on_death(self, path: str, record: Record, layer: int, deleted: bool) -> None:
        entry, origin, created = record
        if entry.kind is Kind.DIR or entry.kind is Kind.WHITEOUT:
            return  # directories carry no bytes; their files are charged one by one
        item = self.paths.get(path)
        if item is None:
            item = self.paths[path] = ReclaimablePath(path, 0, [created], [], [])
        item.bytes += entry.size
        self.per_layer[origin] += entry.size
        (item.deleted_in if deleted else item.overwritten_in).append(layer)

    def on_birth(self, path: str, layer: int) -> None:
        item = self.paths.get(path)
        if item is not None:
            item.created_in.append(layer)  # re-created after a deletion

    @property
    def total(self) -> int:
        return sum(self.per_layer)

    def ranked(self) -> list[ReclaimablePath]:
        """Paths that waste bytes, largest first; zero-byte churn is left out."""
        items = [item for item in self.paths.values() if item.bytes > 0]
        # Two stable sorts with C-level keys: by path, then by bytes, largest first.
        items.sort(key=attrgetter("path"))
        items.sort(key=attrgetter("bytes"), reverse=True)
        return items

