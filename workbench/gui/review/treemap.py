"""The size delta by directory as a squarified treemap, drawn with QPainter.

Each top directory is a block whose area is how many bytes changed under it; inside,
its subdirectories (or files directly in it) share that area by the bytes each changed.
Growth is red, shrinkage green, so "what made B bigger" is the biggest red block.
Hovering names a block and its exact delta; clicking one emits its path, which the
comparison uses to filter its file list.

Squarified layout (Bruls, Huizing and van Wijk, 2000): rows are filled along the short
side while adding a block does not make the row's worst aspect ratio worse.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QToolTip, QWidget

from workbench.core.units import human_size

GROW = QColor("#d9534f")
SHRINK = QColor("#4f9a5a")
HEADER = 18  # pixels of a top block's title strip


@dataclass(slots=True)
class Block:
    path: str
    delta: int
    children: list[Block] = field(default_factory=list)
    rect: QRectF = field(default_factory=QRectF)

    @property
    def weight(self) -> int:
        return sum(c.weight for c in self.children) if self.children else abs(self.delta)


def blocks_of(changes: list[tuple[str, int]]) -> list[Block]:
    """(path, size delta) per changed file -> top directories with their subdirectories."""
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
        children = [Block(p, d) for p, d in bucket.items() if d]
        children.sort(key=lambda b: -b.weight)
        if children:
            found.append(Block(top, sum(c.delta for c in children), children))
    found.sort(key=lambda b: -b.weight)
    return found


def _worst(row: list[float], side: float) -> float:
    total = sum(row)
    if total <= 0 or side <= 0:
        return float("inf")
    return max(max(side * side * r / (total * total), total * total / (side * side * r))
               for r in row if r > 0)


def squarify(weights: list[float], box: QRectF) -> list[QRectF]:
    """Rectangles filling ``box`` with areas proportional to ``weights`` (biggest first)."""
    total = sum(weights)
    x, y, w, h = box.x(), box.y(), box.width(), box.height()
    if total <= 0 or w <= 0 or h <= 0:
        return [QRectF() for _ in weights]
    areas = [v * w * h / total for v in weights]
    rects: list[QRectF] = []
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
                rects.append(QRectF(x, top, width, height))
                top += height
            x, w = x + width, w - width
        else:  # a row along the top
            height = size / w if w else 0
            left = x
            for area in row:
                width = area / height if height else 0
                rects.append(QRectF(left, y, width, height))
                left += width
            y, h = y + height, h - height
    return rects


def _signed(delta: int) -> str:
    return ("+" if delta > 0 else "-") + human_size(abs(delta))


class Treemap(QWidget):
    directory_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.blocks: list[Block] = []
        self.setMouseTracking(True)
        self.setMinimumHeight(160)

    def sizeHint(self) -> QSize:
        return QSize(480, 320)

    def set_changes(self, changes: list[tuple[str, int]]) -> None:
        self.blocks = blocks_of(changes)
        self._layout()
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._layout()
        super().resizeEvent(event)

    def _layout(self) -> None:
        box = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        for block, rect in zip(self.blocks, squarify([b.weight for b in self.blocks], box),
                               strict=True):
            block.rect = rect
            inner = rect.adjusted(2, HEADER if rect.height() > HEADER * 2 else 2, -2, -2)
            for child, child_rect in zip(block.children,
                                         squarify([c.weight for c in block.children], inner),
                                         strict=True):
                child.rect = child_rect

    def block_at(self, point: QPointF) -> Block | None:
        """The innermost block under ``point``."""
        for block in self.blocks:
            if block.rect.contains(point):
                return next((c for c in block.children if c.rect.contains(point)), block)
        return None

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().base())
        metrics = QFontMetrics(painter.font())
        if not self.blocks:
            painter.setPen(self.palette().text().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             self.tr("No size changed between the two images."))
            return
        for block in self.blocks:
            painter.setPen(QPen(QColor("#555"), 1))
            painter.fillRect(block.rect, QColor("#e8e8e8"))
            painter.drawRect(block.rect)
            for child in block.children:
                colour = GROW if child.delta > 0 else SHRINK
                painter.fillRect(child.rect, colour.lighter(115))
                painter.setPen(QPen(QColor("#ffffff"), 1))
                painter.drawRect(child.rect)
                self._label(painter, metrics, child.rect.adjusted(3, 2, -3, -2),
                            f"{child.path.rsplit('/', 1)[-1] or child.path}\n"
                            f"{_signed(child.delta)}", QColor("#ffffff"))
            if block.rect.height() > HEADER * 2:
                self._label(painter, metrics, QRectF(block.rect.x() + 4, block.rect.y() + 1,
                                                     block.rect.width() - 8, HEADER - 2),
                            f"{block.path}  {_signed(block.delta)}", QColor("#222"))
        painter.end()

    @staticmethod
    def _label(painter: QPainter, metrics: QFontMetrics, rect: QRectF, text: str,
               colour: QColor) -> None:
        lines = text.split("\n")
        if rect.width() < 24 or rect.height() < metrics.height():
            return
        fit = int(rect.height() // metrics.height())
        shown = [metrics.elidedText(line, Qt.TextElideMode.ElideRight, int(rect.width()))
                 for line in lines[:max(fit, 1)]]
        painter.setPen(colour)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                         "\n".join(shown))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        block = self.block_at(event.position())
        if block is not None:
            QToolTip.showText(event.globalPosition().toPoint(),
                              self.tr("{path}: {delta} ({bytes:+,} bytes)").format(
                                  path=block.path, delta=_signed(block.delta), bytes=block.delta),
                              self)
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        block = self.block_at(event.position())
        if block is not None:
            self.directory_clicked.emit(block.path)
        super().mousePressEvent(event)
