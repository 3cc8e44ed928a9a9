"""Big dictionary updates done a slice at a time.

``dict(zip(...))``, ``dict.update`` and ``dict.fromkeys`` over a million paths are single
calls into C that keep the interpreter lock until they end: 0.1-0.4 s in which no other
thread runs Python, so the window, waiting for the lock to paint, froze while a worker
analysed a big image. Between two slices of ``SLICE`` items the lock can change hands.
The slices are of the lists themselves (a copy of pointers), so the pairs are made as
the single call would make them.
"""

from __future__ import annotations

from typing import Any

SLICE = 20_000  # a few milliseconds of dict work


def update_in_slices(target: dict[Any, Any], keys: list[Any], values: list[Any]) -> None:
    """``target.update(zip(keys, values))``."""
    for start in range(0, len(keys), SLICE):
        target.update(zip(keys[start:start + SLICE], values[start:start + SLICE], strict=True))


def fill_in_slices(target: dict[Any, Any], keys: list[Any], value: Any) -> None:
    """``target.update(dict.fromkeys(keys, value))``."""
    for start in range(0, len(keys), SLICE):
        target.update(dict.fromkeys(keys[start:start + SLICE], value))
