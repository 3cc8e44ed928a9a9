"""The layer timeline: one column per history step, in build order, beside the image summary.

Each column's bar height is its layer's bytes (linear or log scale) and its colour the
instruction kind; metadata steps (ENV, CMD...) are 0-byte columns with a stub so they can
still be picked. The base image's steps fold into one column. Clicking a column or
moving with the arrow keys selects the step in the shared ``ImageContext`` (and its
Dockerfile lines when linked); a Dockerfile line selected elsewhere selects its steps.

Linking runs on the UI thread on purpose: aligning a few dozen instructions with a few
dozen steps takes well under a millisecond, and it is redone only when the analysis or
the Dockerfile text changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QHelpEvent, QKeyEvent, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from workbench.core.dockerfile.parser import parse
from workbench.core.linking import Linking, LinkState, Origin, link
from workbench.gui.formatting import human_size
from workbench.gui.i18n import translate
from workbench.gui.layers.steps import StepRow, bar_fraction, step_rows
from workbench.gui.layers.summary import SummaryWidget
from workbench.gui.selection import ImageContext
from workbench.gui.worker import JobRunner

KIND_COLOURS = {
    "RUN": "#e07b39", "COPY": "#3b82c4", "ADD": "#3b82c4",
    "ENV": "#8e6cc0", "ARG": "#8e6cc0", "LABEL": "#8e6cc0", "MAINTAINER": "#8e6cc0",
    "CMD": "#3a9e6e", "ENTRYPOINT": "#3a9e6e", "HEALTHCHECK": "#3a9e6e", "STOPSIGNAL": "#3a9e6e",
    "WORKDIR": "#2a9fa8", "USER": "#2a9fa8", "SHELL": "#2a9fa8", "VOLUME": "#2a9fa8",
    "EXPOSE": "#2a9fa8", "ONBUILD": "#2a9fa8",
}  # fmt: skip
OTHER_COLOUR = "#888888"


def kind_colour(keyword: str) -> QColor:
    return QColor(KIND_COLOURS.get(keyword, OTHER_COLOUR))


@dataclass(slots=True)
class _Slot:
    """A drawn column: one step, or the folded base group (several steps)."""

    rows: list[StepRow] = field(default_factory=list)
    group: bool = False

    @property
    def size(self) -> int:
        return sum(r.size for r in self.rows)

    @property
    def last(self) -> int:
        return self.rows[-1].index


class TimelineCanvas(QWidget):
    """Custom-painted columns; emits ``step_clicked`` with a history index."""

    step_clicked = Signal(int)
    group_toggled = Signal(bool)  # True when the base group is now collapsed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.rows: list[StepRow] = []
        self.base_count = 0
        self.collapsed = True
        self.log_scale = True
        self.selected = -1
        self.highlighted: set[int] = set()  # steps of the selected Dockerfile lines
        self.slots: list[_Slot] = []
        self.scroller: QScrollArea | None = None  # kept scrolled to the selection

    # Data -------------------------------------------------------------------------
    def set_rows(self, rows: list[StepRow], base_count: int) -> None:
        self.rows, self.base_count = rows, base_count
        self._relayout()

    def set_collapsed(self, collapsed: bool) -> None:
        if collapsed != self.collapsed:
            self.collapsed = collapsed
            self._relayout()
            self.group_toggled.emit(collapsed)

    def set_log_scale(self, log_scale: bool) -> None:
        self.log_scale = log_scale
        self.update()

    def set_selected(self, step: int, highlighted: set[int]) -> None:
        self.selected, self.highlighted = step, highlighted
        slot = self.slot_of(step)
        if slot >= 0 and self.scroller is not None:
            rect = self._slot_rect(slot)
            self.scroller.ensureVisible(rect.center().x(), rect.center().y(), rect.width(), 0)
        self.update()

    def _relayout(self) -> None:
        slots: list[_Slot] = []
        base = self.rows[: self.base_count]
        if base and self.collapsed:
            slots.append(_Slot(list(base), group=True))
            rest = self.rows[self.base_count:]
        else:
            rest = self.rows
        slots.extend(_Slot([row]) for row in rest)
        self.slots = slots
        self.updateGeometry()
        self.adjustSize()
        self.update()

    def slot_of(self, step: int) -> int:
        for position, slot in enumerate(self.slots):
            if any(row.index == step for row in slot.rows):
                return position
        return -1

    # Geometry ---------------------------------------------------------------------
    def _column_width(self) -> int:
        metrics = QFontMetrics(self.font())
        return max(metrics.horizontalAdvance("WORKDIR"), metrics.horizontalAdvance("999.9 MB")) + 14

    def _label_height(self) -> int:
        return QFontMetrics(self.font()).height() * 2 + 8

    def _band_height(self) -> int:
        return QFontMetrics(self.font()).height() + 4

    def _slot_rect(self, position: int) -> QRect:
        width = self._column_width()
        return QRect(position * width, 0, width, self.height())

    def sizeHint(self) -> QSize:
        return QSize(max(1, len(self.slots)) * self._column_width(),
                     self._band_height() + self._label_height() + 120)

    def minimumSizeHint(self) -> QSize:
        return QSize(max(1, len(self.slots)) * self._column_width(),
                     self._band_height() + self._label_height() + 40)

    def slot_at(self, point: QPoint) -> int:
        position = point.x() // self._column_width()
        return position if 0 <= position < len(self.slots) else -1

    # Painting ---------------------------------------------------------------------
    def paintEvent(self, _event: Any) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        metrics = QFontMetrics(self.font())
        band, labels = self._band_height(), self._label_height()
        bar_top, bar_bottom = band + 4, self.height() - labels
        largest = max((slot.size for slot in self.slots), default=0)
        base_steps = {row.index for row in self.rows[: self.base_count]}
        for position, slot in enumerate(self.slots):
            rect = self._slot_rect(position)
            is_base = slot.group or slot.rows[0].index in base_steps
            selected = any(row.index == self.selected for row in slot.rows)
            if selected:
                painter.fillRect(rect, palette.highlight().color().lighter(170))
            if is_base:  # the band above base columns names the group; a click folds it
                painter.fillRect(QRect(rect.left(), 0, rect.width(), band),
                                 palette.mid().color())
            colour = kind_colour("BASE" if slot.group else slot.rows[0].keyword)
            if is_base:
                colour.setAlphaF(0.55)
            fraction = bar_fraction(slot.size, largest, self.log_scale)
            height = max(3, int((bar_bottom - bar_top) * fraction))  # a stub for 0 bytes
            bar = QRect(rect.left() + 6, bar_bottom - height, rect.width() - 12, height)
            painter.fillRect(bar, colour)
            if any(row.index in self.highlighted for row in slot.rows):
                painter.fillRect(QRect(bar.left(), bar_bottom + 1, bar.width(), 3),
                                 palette.highlight().color())
            painter.setPen(palette.text().color())
            keyword = self.tr("BASE") if slot.group else slot.rows[0].keyword
            size = (self.tr("meta") if not slot.group and slot.rows[0].empty
                    else human_size(slot.size))
            line = metrics.height()
            painter.drawText(QRect(rect.left(), bar_bottom + 4, rect.width(), line),
                             int(Qt.AlignmentFlag.AlignHCenter), keyword)
            painter.drawText(QRect(rect.left(), bar_bottom + 4 + line, rect.width(), line),
                             int(Qt.AlignmentFlag.AlignHCenter), size)
            if selected:
                pen = QPen(palette.highlight().color(), 3)
                painter.setPen(pen)
                painter.drawRect(rect.adjusted(1, 1, -2, -2))
        if self.base_count and self.slots:
            # Drawn last so the base columns' bands do not cover it.
            folded = self.slots[0].group
            text = self.tr("base image ({steps} steps) {arrow}").format(
                steps=self.base_count, arrow="▸" if folded else "▾")
            painter.setPen(palette.text().color())
            painter.drawText(QRect(4, 0, self.width() - 4, band),
                             int(Qt.AlignmentFlag.AlignVCenter), text)
        painter.end()

    # Interaction ------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        position = self.slot_at(event.position().toPoint())
        self.setFocus()
        if position < 0:
            return
        slot = self.slots[position]
        if slot.group:
            self.set_collapsed(False)
            return
        in_base = slot.rows[0].index < self.base_count
        if in_base and event.position().y() < self._band_height():
            self.set_collapsed(True)
            return
        self.step_clicked.emit(slot.rows[0].index)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        moves = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}
        key = Qt.Key(event.key())
        if key in moves and self.slots:
            current = self.slot_of(self.selected)
            if current < 0:
                target = 0 if moves[key] > 0 else len(self.slots) - 1
            else:
                target = max(0, min(len(self.slots) - 1, current + moves[key]))
            self.step_clicked.emit(self.slots[target].last)
        elif key == Qt.Key.Key_Home and self.slots:
            self.step_clicked.emit(self.slots[0].last)
        elif key == Qt.Key.Key_End and self.slots:
            self.step_clicked.emit(self.slots[-1].last)
        else:
            super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            position = self.slot_at(event.pos())
            if position >= 0:
                QToolTip.showText(event.globalPos(), tooltip(self.slots[position], self.base_count),
                                  self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)


def tooltip(slot: _Slot, base_count: int) -> str:
    """Hover text: the full command, sizes and what the step did to the files."""
    if slot.group:
        return translate("TimelineCanvas", "Base image: {steps} steps, {size}.\n"
                         "Click to show its steps.").format(steps=len(slot.rows),
                                                            size=human_size(slot.size))
    row = slot.rows[0]
    lines = [translate("TimelineCanvas", "Step {step}: {command}").format(
        step=row.index, command=row.command)]
    if row.empty:
        lines.append(translate("TimelineCanvas", "Metadata only: no layer, 0 bytes."))
    else:
        lines.append(translate("TimelineCanvas", "Layer {layer}: {size} ({bytes:,} bytes)").format(
            layer=row.layer, size=human_size(row.size), bytes=row.size))
    if row.added is not None:
        lines.append(translate("TimelineCanvas",
                               "Added {added}, modified {modified}, removed {removed} files")
                     .format(added=row.added, modified=row.modified or 0,
                             removed=row.removed or 0))
    if row.wasted is not None:
        lines.append(translate("TimelineCanvas", "Wasted (dive): {size}").format(
            size=human_size(row.wasted)))
    if row.reclaimable is not None:
        lines.append(translate("TimelineCanvas", "Reclaimable by squashing: {size}").format(
            size=human_size(row.reclaimable)))
    if row.index < base_count:
        lines.append(translate("TimelineCanvas", "From the base image."))
    elif row.origin is Origin.BUILD:
        lines.append(translate("TimelineCanvas",
                               "Added by the build itself (no Dockerfile line)."))
    elif row.lines[0]:
        one = row.lines[0] == row.lines[1]
        if row.exact:
            where = (translate("TimelineCanvas", "Dockerfile line {start}") if one else
                     translate("TimelineCanvas", "Dockerfile lines {start}–{end}"))
        else:
            where = (translate("TimelineCanvas", "Dockerfile line {start} (text differs: "
                                                 "rebuild)") if one else
                     translate("TimelineCanvas", "Dockerfile lines {start}–{end} (text "
                                                 "differs: rebuild)"))
        lines.append(where.format(start=row.lines[0], end=row.lines[1]))
    return "\n".join(lines)


class TimelinePanel(QWidget):
    """The timeline strip with its options and the image summary beside it."""

    linking_changed = Signal(object)  # the new ``Linking`` (or None without an image)

    def __init__(self, context: ImageContext, runner: JobRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.runner = runner
        self.linking: Linking | None = None
        self.rows: list[StepRow] = []
        self.canvas = TimelineCanvas()
        self.canvas.setObjectName("timelineCanvas")
        self.scroller = QScrollArea()
        self.scroller.setWidget(self.canvas)
        # Resizable so the bars use the panel's height; the canvas's minimum width
        # (one column per slot) makes the strip scroll sideways when it is too long.
        self.scroller.setWidgetResizable(True)
        self.canvas.scroller = self.scroller
        self.summary = SummaryWidget(context)
        self.log_box = QCheckBox(self.tr("Log scale"))
        self.log_box.setChecked(True)
        self.log_box.setToolTip(self.tr("Bar heights on a log scale, so small layers stay "
                                        "visible"))
        self.fold_box = QCheckBox(self.tr("Fold base image"))
        self.fold_box.setChecked(True)
        self.link_label = QLabel()
        self.link_label.setWordWrap(True)

        options = QHBoxLayout()
        options.addWidget(self.log_box)
        options.addWidget(self.fold_box)
        options.addWidget(self.link_label, 1)
        left = QVBoxLayout()
        left.addLayout(options)
        left.addWidget(self.scroller, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(self.summary)

        self.log_box.toggled.connect(self.canvas.set_log_scale)
        self.fold_box.toggled.connect(self.canvas.set_collapsed)
        self.canvas.group_toggled.connect(self._on_group_toggled)
        self.canvas.step_clicked.connect(self._on_step_clicked)
        context.analysis_changed.connect(self._on_analysis_changed)
        context.dockerfile_changed.connect(self._on_dockerfile_changed)
        context.step_selected.connect(self._on_step_selected)
        context.lines_selected.connect(self._on_lines_selected)
        if context.analysis is not None:
            self._on_analysis_changed(context.analysis)

    def _on_analysis_changed(self, analysis: Any) -> None:
        self._relink()

    def _on_dockerfile_changed(self, _path: str, _text: str) -> None:
        self._relink()

    def _relink(self) -> None:
        analysis = self.context.analysis
        if analysis is None:
            self.linking, self.rows = None, []
            self.canvas.set_rows([], 0)
            self.link_label.setText(self.tr("No image open."))
            self.linking_changed.emit(None)
            return
        text = self.context.dockerfile_text
        self.linking = link(analysis.info.history, parse(text) if text.strip() else None)
        self.rows = step_rows(analysis, self.linking)
        self.canvas.set_rows(self.rows, self.linking.base_count)
        self.link_label.setText(self._link_text(self.linking))
        self.link_label.setToolTip(self.linking.base_rule)
        self._on_step_selected(self.context.step)
        self.linking_changed.emit(self.linking)

    @staticmethod
    def _link_text(linking: Linking) -> str:
        if linking.state is LinkState.EXACT:
            return translate("TimelinePanel", "Linked to the Dockerfile.")
        if linking.state is LinkState.STALE:
            return translate("TimelinePanel", "Linked, but some lines changed since the build: "
                                              "rebuild to refresh.")
        return linking.problem or translate(
            "TimelinePanel", "Not linked: open the Dockerfile the image was built from.")

    def _on_group_toggled(self, collapsed: bool) -> None:
        if self.fold_box.isChecked() != collapsed:
            self.fold_box.setChecked(collapsed)

    def _on_step_clicked(self, step: int) -> None:
        self.context.select_step(step)

    def _on_step_selected(self, step: int) -> None:
        linking = self.linking
        lines = self.context.lines
        highlighted = set(linking.steps_for_lines(*lines)) if linking and lines[0] else set()
        if linking is not None and linking.linked and step >= 0 and step not in highlighted:
            start, end = linking.lines_for_step(step)
            if (start, end) != lines:
                # (0, 0) for a base step: its lines are none of the file's.
                self.context.select_lines(start, end)
                return  # the lines signal comes back here and repaints
        self.canvas.set_selected(step, highlighted)

    def _on_lines_selected(self, start: int, end: int) -> None:
        if self.linking is None:
            return
        steps = self.linking.steps_for_lines(start, end) if start else []
        if steps and self.context.step not in steps:
            self.context.select_step(steps[-1])
        else:
            self.canvas.set_selected(self.context.step, set(steps))

    def select_relative(self, delta: int) -> None:
        """Next/previous step, for the window's keyboard shortcuts."""
        if not self.rows:
            return
        step = max(0, min(len(self.rows) - 1, self.context.step + delta))
        self.context.select_step(step)
