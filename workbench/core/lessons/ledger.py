"""The workshop ledger: the id of every engine object a lesson made, so reset removes
exactly those and nothing else.

Labels cannot decide it: an image built ``FROM`` a labelled image inherits the label,
so a trainee's own image built on a lesson's image would look like the lesson's. The
ledger is one JSON file in the workbench's state dir (``workshop.json`` beside the
throwaway ledger, same record shape: kind, id, purpose, endpoint, tags, created),
kept by the same code as the throwaway ledger (``workbench.core.ledger``).

Kinds: ``container``, ``image`` (made by a lesson), ``tag`` (a name a lesson gave to an
image, possibly one it did not make: only the name is removed) and ``push`` (a manifest
a lesson pushed to a registry; ``id`` is its digest, ``tags`` its reference).
"""

from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path

from workbench.core.ledger import Entry, Ledger, state_dir

PURPOSE = "lesson"
__all__ = ["PURPOSE", "Entry", "WorkshopLedger"]


class WorkshopLedger(Ledger):
    """Records, lists and forgets what lessons made; safe across processes."""

    KINDS = ("container", "image", "tag", "push")

    @staticmethod
    def default_file() -> Path:
        return state_dir() / "workshop.json"

    @staticmethod
    def key_of(entry: Entry) -> Hashable:
        # A tag a lesson gave and the image it names share an id: both are kept.
        return entry.key

    def image_ids(self, endpoint: str) -> set[str]:
        """Ids of images the workshop made or named on ``endpoint``."""
        return {e.id for e in self.entries(endpoint) if e.kind in ("image", "tag")}
