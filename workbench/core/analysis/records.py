"""What the merged filesystem knows of one present path, shared by the status replay
(``statuses.py``) and the reclaimable attribution (``reclaimable.py``)."""

from __future__ import annotations

from typing import NamedTuple

from workbench.core.model import Entry


class Record(NamedTuple):
    """The copy of a path the merged filesystem shows."""

    entry: Entry
    layer: int  # the layer this copy came from
    created: int  # the layer that created the path in its current lifetime
