"""The size delta by directory as a two-level squarified treemap, with no drawing in it.

The window paints it with QPainter and the HTML report draws it as SVG; both take their
rectangles from here so the two pictures agree. Each top directory is a block whose area
is how many bytes changed under it (growth and shrinkage both count, so a directory that
swapped one file for another of the same size still shows); inside, its subdirectories,
or the files directly in it, share that area by the bytes each changed.

Squarified layout (Bruls, Huizing and van Wijk, 2000): rows are filled along the short
side while adding a block does not make the row's worst aspect ratio worse.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

HEADER_PX = 18  # a top block's title strip, in pixels, as the window and report draw it


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    width: float
    height: float

    def inset(self, left: float, top: float, right: float, bottom: float) -> Rect:
        """Smaller by the given margins, never below zero size."""
        return Rect(self.x + left, self.y + top, max(0.0, self.width - left - right),
                    max(0.0, self.height - top - bottom))


@dataclass(slots=True)
class Node:
    path: str
    delta: int  # bytes, B minus A
    children: list[Node] = field(default_factory=list)

    @property
    def weight(self) -> int:
        return sum(c.weight for c in self.children) if self.children else abs(self.delta)


class Weighted(Protocol):
    """What the layout needs of a block: its weight and its children's."""

    @property
    def weight(self) -> int: ...

    @property
    def children(self) -> Sequence[Weighted]: ...


def group_by_directory(changes: Iterable[tuple[str, int]]) -> list[Node]:
    """(path, size delta) per changed file -> top directories holding their
    subdirectories (or files), biggest change first. A file at the root goes in "/"."""
    tops: dict[str, dict[str, int]] = {}
    for path, delta in changes:
        if not delta:
            continue
        parts = path.strip("/").split("/")
        top = "/" + parts[0] if len(parts) > 1 else "/"
        inner = "/" + "/".join(parts[:2]) if len(parts) > 1 else path
        bucket = tops.setdefault(top, {})
        bucket[inner] = bucket.get(inner, 0) + delta
    found = []
    for top, bucket in tops.items():
        children = [Node(p, d) for p, d in bucket.items() if d]
        children.sort(key=lambda n: (-n.weight, n.path))
        if children:
            found.append(Node(top, sum(c.delta for c in children), children))
    found.sort(key=lambda n: (-n.weight, n.path))
    return found


def _worst(row: list[float], side: float) -> float:
    total = sum(row)
    if total <= 0 or side <= 0:
        return float("inf")
    return max(max(side * side * r / (total * total), total * total / (side * side * r))
               for r in row if r > 0)


def squarify(weights: Sequence[float], box: Rect) -> list[Rect]:
    """Rectangles filling ``box`` with areas proportional to ``weights`` (biggest first)."""
    total = sum(weights)
    x, y, w, h = box.x, box.y, box.width, box.height
    if total <= 0 or w <= 0 or h <= 0:
        return [Rect(x, y, 0.0, 0.0) for _ in weights]
    areas = [v * w * h / total for v in weights]
    rects: list[Rect] = []
    i = 0
    while i < len(areas):
        side = min(w, h)
        row = [areas[i]]
        i += 1
        while i < len(areas) and _worst([*row, areas[i]], side) <= _worst(row, side):
            row.append(areas[i])
            i += 1
        size = sum(row)
        if w >= h:  # a column on the left
            width = size / h if h else 0
            top = y
            for area in row:
                height = area / width if width else 0
                rects.append(Rect(x, top, width, height))
                top += height
            x, w = x + width, w - width
        else:  # a row along the top
            height = size / w if w else 0
            left = x
            for area in row:
                width = area / height if height else 0
                rects.append(Rect(left, y, width, height))
                left += width
            y, h = y + height, h - height
    return rects


def two_levels(tops: Sequence[Weighted], box: Rect, header: float,
               pad: float = 2.0) -> list[tuple[Rect, list[Rect]]]:
    """Each top block's rectangle and its children's inside it. A block tall enough
    (twice ``header``) keeps a title strip of ``header`` above its children."""
    placed = []
    for top, rect in zip(tops, squarify([t.weight for t in tops], box), strict=True):
        inner = rect.inset(pad, header if rect.height > header * 2 else pad, pad, pad)
        placed.append((rect, squarify([c.weight for c in top.children], inner)))
    return placed
