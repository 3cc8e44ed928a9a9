"""The size delta by directory as a squarified treemap, drawn with QPainter.

Each top directory is a block whose area is how many bytes changed under it; inside,
its subdirectories (or files directly in it) share that area by the bytes each changed.
Growth is red, shrinkage green, so "what made B bigger" is the biggest red block.
Hovering names a block and its exact delta; clicking one emits its path, which the
comparison uses to filter its file list. The squarified layout is core's
(``core.review.treemap``), shared with the HTML report.
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

from workbench.core.review.treemap import Node, Rect, group_by_directory, two_levels
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


def _block(node: Node) -> Block:
    return Block(node.path, node.delta, [_block(c) for c in node.children])


def blocks_of(changes: list[tuple[str, int]]) -> list[Block]:
    """(path, size delta) per changed file -> top directories with their subdirectories."""
    return [_block(node) for node in group_by_directory(changes)]


def _qrect(rect: Rect) -> QRectF:
    return QRectF(rect.x, rect.y, rect.width, rect.height)


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
        placed = two_levels(self.blocks, Rect(box.x(), box.y(), box.width(), box.height()),
                            HEADER)
        for block, (rect, inner) in zip(self.blocks, placed, strict=True):
            block.rect = _qrect(rect)
            for child, child_rect in zip(block.children, inner, strict=True):
                child.rect = _qrect(child_rect)

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
