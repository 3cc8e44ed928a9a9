"""Bar charts for sizes: stacked layer segments, notes instead of bars, exact hover text.

A bar that could not be measured (a base not available, a failed variant) is drawn
as a note at the baseline, never as a 0-byte bar. Every chart exports as PNG and SVG
through pyqtgraph's exporters.

Drawing is the costly part (pyqtgraph items, axis text), and it happens on the UI
thread: a chart keeps its numbers at once (hover text and exports read them) but builds
its graphics only while it is visible, so a chart in a hidden tab or dock costs nothing
until it is shown, and all segments of a chart are one graphics item.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pyqtgraph as pg
import pyqtgraph.exporters
from PySide6.QtCore import QEvent, QPointF
from PySide6.QtGui import QColor, QCursor, QFont, QPainter, QShowEvent
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QToolTip, QWidget

from workbench.core.units import human_size

MB = 1_000_000.0  # the y axis is in decimal megabytes, as docker prints sizes
# Alternating layer shades keep neighbouring layers of one bar apart.
UNCOMPRESSED = ("#3b6ea8", "#5b8ec8")
COMPRESSED = ("#d08a2e", "#e8aa5a")
SINGLE = ("#4f8a4f", "#6faa6f")


@dataclass(slots=True)
class Segment:
    x: float  # bar centre
    bottom: int  # bytes below this segment
    height: int  # bytes of this segment
    width: float
    color: str
    tooltip: str


class BarChart(pg.PlotWidget):
    """A bar chart whose bars are stacks of segments; hovering shows a segment's numbers."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.setBackground("w")
        self.setTitle(title, color="#222")
        self.setLabel("left", self.tr("size"), units="MB")
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.getPlotItem().showGrid(y=True, alpha=0.2)
        # Ranges are set from the numbers; pyqtgraph's auto-range would measure every item
        # again on each change.
        self.getPlotItem().vb.disableAutoRange()
        self.segments: list[Segment] = []
        # x -> (short label drawn instead of a bar, full text shown on hover)
        self.notes: dict[float, tuple[str, str]] = {}
        self.tops: dict[float, str] = {}  # x -> label above a bar (its total, layers...)
        self.categories: list[str] = []
        # Log scale: each bar's height is log10 of its total bytes, its layers sharing it
        # in proportion, so busybox's 2 MB stays visible beside Debian's 199 MB.
        self.log_scale = False
        self._items: list[pg.GraphicsObject] = []
        self._drawn = True  # the graphics show the current numbers
        self._show_axes(False)
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)

    def _show_axes(self, show: bool) -> None:
        # Axis text is most of a repaint's cost (~20 ms); a chart with nothing to show
        # (no bases measured yet) is drawn without axes.
        plot = self.getPlotItem()
        for side in ("left", "bottom"):
            plot.showAxis(side, show)

    def clear_bars(self) -> None:
        self.set_bars([], [])

    def set_bars(self, categories: list[str], segments: list[Segment],
                 notes: dict[float, tuple[str, str]] | None = None,
                 tops: dict[float, str] | None = None) -> None:
        """Show ``segments`` (bytes) over categories at x = 0, 1, 2...; ``notes`` at x
        where there is no bar, ``tops`` as labels above bars. Drawn now if the chart is
        visible, else when it is shown."""
        self.categories = list(categories)
        self.segments = list(segments)
        self.notes = dict(notes or {})
        self.tops = dict(tops or {})
        self._drawn = False
        if self.isVisible():
            self.draw()

    def set_log_scale(self, on: bool) -> None:
        if on != self.log_scale:
            self.log_scale = on
            self._drawn = False
            if self.isVisible():
                self.draw()

    def showEvent(self, event: QShowEvent) -> None:
        if not self._drawn:
            self.draw()
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        # Presentation mode scales the application font: chart text follows it.
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange):
            self._drawn = False
            if self.isVisible():
                self.draw()
        super().changeEvent(event)

    def _y(self, x: float, bytes_: float) -> float:
        """Where ``bytes_`` up the bar at ``x`` is drawn, in axis units."""
        if not self.log_scale:
            return bytes_ / MB
        total = sum(s.height for s in self.segments if s.x == x)
        if total <= 0:
            return 0.0
        return math.log10(max(total, 1)) * bytes_ / total

    def _apply_font(self) -> QFont:
        font = QFont(self.font())
        plot = self.getPlotItem()
        for side in ("left", "bottom"):
            axis = plot.getAxis(side)
            axis.setStyle(tickFont=font)
            axis.label.setFont(font)
        plot.setTitle(plot.titleLabel.text, color="#222",
                      size=f"{max(font.pointSizeF(), 6) * 1.1:.0f}pt")
        return font

    def draw(self) -> None:
        """Build the graphics for the current numbers (only when they changed)."""
        if self._drawn:
            return
        self._drawn = True
        for item in self._items:
            self.removeItem(item)
        self._items = []
        segments, categories = self.segments, self.categories
        self._show_axes(bool(segments or self.notes))
        font = self._apply_font()
        if segments:
            bars = pg.BarGraphItem(
                x=[s.x for s in segments], y0=[self._y(s.x, s.bottom) for s in segments],
                height=[self._y(s.x, s.bottom + s.height) - self._y(s.x, s.bottom)
                        for s in segments],
                width=[s.width for s in segments],
                brushes=[QColor(s.color) for s in segments],
                pen=pg.mkPen("#ffffff", width=0.5))
            self.addItem(bars)
            self._items.append(bars)
        for x, (short, _full) in self.notes.items():
            label = pg.TextItem(short, color="#a02020", anchor=(0.5, 1.0))
            label.setFont(font)
            label.setPos(x, 0)
            self.addItem(label)
            self._items.append(label)
        for x, text in self.tops.items():
            total = sum(s.height for s in segments if s.x == x)
            label = pg.TextItem(text, color="#222222", anchor=(0.5, 1.0))
            label.setFont(font)
            label.setPos(x, self._y(x, total))
            self.addItem(label)
            self._items.append(label)
        axis = self.getPlotItem().getAxis("bottom")
        # "name:tag" on two lines, so neighbouring base names do not run into each other.
        axis.setTicks([[(float(i), name.replace(":", "\n:", 1) if len(name) > 10 else name)
                        for i, name in enumerate(categories)]])
        bars_x = {s.x for s in segments}
        top = max((self._y(x, sum(s.height for s in segments if s.x == x)) for x in bars_x),
                  default=0.0)
        left = self.getPlotItem().getAxis("left")
        if self.log_scale:
            self.setLabel("left", self.tr("size (log)"))
            left.setTicks([[(float(k), human_size(10 ** k)) for k in range(0, 13, 1)]])
        else:
            self.setLabel("left", self.tr("size"), units="MB")
            left.setTicks(None)
        self.setXRange(-0.6, max(len(categories) - 0.4, 0.6), padding=0)
        self.setYRange(0, max(top * 1.15, 0.001), padding=0)

    def _bytes_at(self, x: float, y: float) -> float:
        """The inverse of ``_y`` for the bar under ``x``."""
        if not self.log_scale:
            return y * MB
        bar = next((s.x for s in self.segments if abs(x - s.x) <= s.width / 2), None)
        if bar is None:
            return 0.0
        total = sum(s.height for s in self.segments if s.x == bar)
        scale = math.log10(max(total, 1))
        return y / scale * total if scale > 0 else 0.0

    def tooltip_at(self, x: float, y_bytes: float) -> str:
        """The hover text at a data point (x in categories, y in bytes), "" for none."""
        for segment in self.segments:
            inside_x = abs(x - segment.x) <= segment.width / 2
            if inside_x and segment.bottom <= y_bytes <= segment.bottom + max(segment.height, 1):
                return segment.tooltip
        for note_x, (_short, full) in self.notes.items():
            if abs(x - note_x) <= 0.4:
                return full
        return ""

    def _on_mouse_moved(self, position: QPointF) -> None:
        point = self.getPlotItem().vb.mapSceneToView(position)
        text = self.tooltip_at(point.x(), self._bytes_at(point.x(), point.y()))
        if text:
            QToolTip.showText(QCursor.pos(), text, self)
        else:
            QToolTip.hideText()

    def export_png(self, path: Path) -> None:
        self.draw()
        exporter = pyqtgraph.exporters.ImageExporter(self.getPlotItem())
        exporter.export(str(path))

    def export_svg(self, path: Path) -> None:
        self.draw()
        try:
            exporter = pyqtgraph.exporters.SVGExporter(self.getPlotItem())
            exporter.export(str(path))
        except (ValueError, IndexError):
            # pyqtgraph's exporter cannot parse the path syntax recent Qt versions write
            # (pyqtgraph issue #3485): let Qt's own SVG generator paint the chart instead.
            self._render_svg(path)

    def _render_svg(self, path: Path) -> None:
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(self.size())
        generator.setViewBox(self.rect())
        generator.setTitle(self.getPlotItem().titleLabel.text)
        painter = QPainter(generator)
        try:
            self.render(painter)
        finally:
            painter.end()


def stacked(x: float, width: float, parts: list[tuple[int, str]],
            colors: tuple[str, str]) -> list[Segment]:
    """Segments for one bar from (bytes, tooltip) parts, bottom to top."""
    segments = []
    bottom = 0
    for index, (size, tooltip) in enumerate(parts):
        segments.append(Segment(x, bottom, size, width, colors[index % 2], tooltip))
        bottom += size
    return segments
