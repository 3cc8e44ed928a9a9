"""Big dictionary operations done a slice at a time.

``dict(zip(...))``, ``dict.update`` and ``dict.fromkeys`` over a million paths are single
calls into C that keep the interpreter lock until they end: 0.1-0.4 s in which no other
thread runs Python, so the window, waiting for the lock to paint, froze while a worker
analysed a big image. Between two slices of ``SLICE`` items the lock can change hands.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

SLICE = 20_000  # a few milliseconds of dict work
T = TypeVar("T")


def in_slices(items: Iterable[T], size: int = SLICE) -> Iterator[list[T]]:
    """``items`` as lists of at most ``size``, in order."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk
