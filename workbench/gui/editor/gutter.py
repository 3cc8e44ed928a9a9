"""The editor's left margin: line numbers, diagnostic markers, layer sizes, failed step.

It paints only what the editor hands it (``GutterMarks``, the editor's ``gutter_*``): no
state of its own, so it always agrees with the text beside it.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QT_TRANSLATE_NOOP, QRect, QSize, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from workbench.gui.i18n import translate

SEVERITY_COLOURS = {"error": "#d32f2f", "warning": "#f9a825", "info": "#1e88e5",
                    "style": "#8e8e8e"}
MARKER = 10  # px for the diagnostic dot column
# The lint severities (core.lint.SEVERITIES) as the problems list and hover help name them.
SEVERITY_NAMES = {"error": str(QT_TRANSLATE_NOOP("Severity", "error")),
                  "warning": str(QT_TRANSLATE_NOOP("Severity", "warning")),
                  "info": str(QT_TRANSLATE_NOOP("Severity", "info")),
                  "style": str(QT_TRANSLATE_NOOP("Severity", "style"))}


def severity_name(severity: str) -> str:
    """A severity in the window's language (an unknown one as it is)."""
    name = SEVERITY_NAMES.get(severity)
    return translate("Severity", name) if name else severity


class GutterMarks(Protocol):
    """What the gutter shows beside each line, as the editor keeps it."""

    gutter_sizes: dict[int, str]  # line -> the size of the layer it made
    gutter_failed_line: int  # the line of the step that failed, 0 for none

    def gutter_severity(self, line: int) -> str: ...
    def gutter_clicked(self, line: int) -> None: ...


class LineGutter(QWidget):
    def __init__(self, editor: QPlainTextEdit, marks: GutterMarks) -> None:
        super().__init__(editor)
        self.editor = editor
        self.marks = marks
        self.setToolTip("")

    def _number_width(self) -> int:
        digits = len(str(max(1, self.editor.blockCount())))
        return self.editor.fontMetrics().horizontalAdvance("9") * max(2, digits) + 6

    def _size_width(self) -> int:
        sizes = self.marks.gutter_sizes
        if not sizes:
            return 0
        metrics = self.editor.fontMetrics()
        return max(metrics.horizontalAdvance(text) for text in sizes.values()) + 8

    def width_hint(self) -> int:
        return MARKER + 4 + self._number_width() + self._size_width()

    def sizeHint(self) -> QSize:
        return QSize(self.width_hint(), 0)

    def line_at(self, y: int) -> int:
        block = self.editor.firstVisibleBlock()
        offset = self.editor.contentOffset()
        while block.isValid():
            top = self.editor.blockBoundingGeometry(block).translated(offset).top()
            bottom = top + self.editor.blockBoundingRect(block).height()
            if top <= y < bottom:
                return block.blockNumber() + 1
            block = block.next()
        return 0

    def mousePressEvent(self, event: QMouseEvent) -> None:
        line = self.line_at(int(event.position().y()))
        if line:
            self.marks.gutter_clicked(line)

    def paintEvent(self, event: QPaintEvent) -> None:
        editor = self.editor
        painter = QPainter(self)
        palette = editor.palette()
        painter.fillRect(event.rect(), palette.alternateBase())
        dim = palette.placeholderText().color()
        normal = palette.text().color()
        height = editor.fontMetrics().height()
        number_right = MARKER + 4 + self._number_width() - 4
        size_left = number_right + 8
        block = editor.firstVisibleBlock()
        offset = editor.contentOffset()
        current = editor.textCursor().blockNumber()
        while block.isValid():
            geometry = editor.blockBoundingGeometry(block).translated(offset)
            top = int(geometry.top())
            if top > event.rect().bottom():
                break
            if block.isVisible() and geometry.bottom() >= event.rect().top():
                line = block.blockNumber() + 1
                if line == self.marks.gutter_failed_line:
                    painter.fillRect(QRect(0, top, self.width(), height), QColor(211, 47, 47, 70))
                severity = self.marks.gutter_severity(line)
                if severity:
                    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(QColor(SEVERITY_COLOURS.get(severity, "#8e8e8e")))
                    painter.drawEllipse(2, top + (height - 8) // 2, 8, 8)
                painter.setPen(normal if block.blockNumber() == current else dim)
                painter.drawText(0, top, number_right, height,
                                 int(Qt.AlignmentFlag.AlignRight), str(line))
                size = self.marks.gutter_sizes.get(line)
                if size:
                    painter.setPen(dim)
                    painter.drawText(size_left, top, self.width() - size_left - 4, height,
                                     int(Qt.AlignmentFlag.AlignRight), size)
            block = block.next()
        painter.end()
