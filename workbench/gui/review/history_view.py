"""The window's builds of the open Dockerfile: a table and a trend chart of their numbers.

The chart draws size, dive's wasted bytes and the reclaimable bytes of each build, in
build order, so a reviewer sees whether the image grows or shrinks from one build to
the next; hovering a point names its build and its exact numbers. Two rows picked in
the table are compared in one click.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QPointF, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from workbench.core.review.history import BuildHistory, BuildRecord
from workbench.core.units import human_size
from workbench.gui.button_bar import button_bar
from workbench.gui.i18n import translate
from workbench.gui.review.recorder import history_events
from workbench.gui.selection import ImageContext

MB = 1_000_000.0
SERIES = (("size", "size_bytes", "#3b6ea8"), ("wasted", "wasted_bytes", "#c0392b"),
          ("reclaimable", "reclaimable_bytes", "#d08a2e"))
# The series' names as the legend and the hover text say them.
SERIES_NAMES = {"size": str(QT_TRANSLATE_NOOP("TrendChart", "size")),
                "wasted": str(QT_TRANSLATE_NOOP("TrendChart", "wasted")),
                "reclaimable": str(QT_TRANSLATE_NOOP("TrendChart", "reclaimable"))}


class TrendChart(pg.PlotWidget):
    """Size, wasted and reclaimable bytes over builds (x = build number from 1)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.setBackground("w")
        self.setTitle(self.tr("Builds of this Dockerfile"), color="#222")
        self.setLabel("left", self.tr("size"), units="MB")
        self.setLabel("bottom", self.tr("build"))
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.getPlotItem().showGrid(y=True, alpha=0.2)
        self.legend = self.getPlotItem().addLegend(offset=(10, 10))
        self.records: list[BuildRecord] = []
        self.series: dict[str, list[int]] = {}
        self._drawn = True
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)

    def set_records(self, records: list[BuildRecord]) -> None:
        """Keep the numbers at once (hover text reads them); draw only when visible:
        pyqtgraph's items cost UI time, and a chart in a hidden tab needs none."""
        self.records = list(records)
        self.series = {name: [int(getattr(r, attr)) for r in records]
                       for name, attr, _colour in SERIES}
        self._drawn = False
        if self.isVisible():
            self._draw()

    def showEvent(self, event: QShowEvent) -> None:
        if not self._drawn:
            self._draw()
        super().showEvent(event)

    def _draw(self) -> None:
        self._drawn = True
        records = self.records
        plot = self.getPlotItem()
        plot.clear()
        self.legend.clear()
        xs = list(range(1, len(records) + 1))
        for name, _attr, colour in SERIES:
            values = self.series[name]
            plot.plot(xs, [v / MB for v in values],
                      name=translate("TrendChart", SERIES_NAMES[name]),
                      pen=pg.mkPen(colour, width=2), symbol="o", symbolSize=7,
                      symbolBrush=colour, symbolPen=colour)
        if records:
            top = max(max(v) for v in self.series.values()) / MB
            plot.setXRange(0.5, len(records) + 0.5, padding=0)
            plot.setYRange(0, max(top * 1.15, 0.001), padding=0)
            plot.getAxis("bottom").setTicks([[(x, str(x)) for x in xs]])

    def text_at(self, build: int) -> str:
        record = self.records[build - 1]
        numbers = ", ".join(f"{translate('TrendChart', SERIES_NAMES[name])} "
                            f"{human_size(self.series[name][build - 1])}"
                            for name, _attr, _colour in SERIES)
        return self.tr("Build {number}: {label}").format(number=build,
                                                         label=record.label()) + f"\n{numbers}"

    def _on_mouse_moved(self, position: QPointF) -> None:
        if not self.records:
            return
        point = self.getPlotItem().vb.mapSceneToView(position)
        build = round(point.x())
        if 1 <= build <= len(self.records) and abs(point.x() - build) < 0.3:
            QToolTip.showText(self.cursor().pos(), self.text_at(build), self)


class HistoryView(QWidget):
    # (older, newer) builds picked for comparison
    compare_requested = Signal(object, object)

    def __init__(self, context: ImageContext, parent: QWidget | None = None,
                 history: Callable[[], BuildHistory] = BuildHistory) -> None:
        super().__init__(parent)
        self.context = context
        self.history = history
        self.records: list[BuildRecord] = []
        self.all_files = QCheckBox(self.tr("Every Dockerfile"))
        self.all_files.setToolTip(self.tr("Show the builds of every Dockerfile, not only the "
                                          "open one"))
        self.compare_button = QPushButton(self.tr("Compare the two selected"))
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([self.tr("Built"), self.tr("Image"),
                                              self.tr("Size"), self.tr("Wasted"),
                                              self.tr("Reclaimable"), "Dockerfile"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in range(5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.chart = TrendChart()
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.chart)
        split.addWidget(self.table)
        layout = QVBoxLayout(self)
        layout.addWidget(button_bar(self.compare_button, self.all_files))
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        self.all_files.toggled.connect(lambda _on: self.refresh())
        self.compare_button.clicked.connect(self.compare_selected)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        context.dockerfile_changed.connect(self._on_dockerfile)
        # A bound method, not a lambda: Qt drops the connection when this view is deleted,
        # while the application-wide events object lives on.
        history_events().recorded.connect(self._on_recorded)
        self._shown_for = ""
        self.refresh()

    def _on_recorded(self, _record: BuildRecord) -> None:
        self.refresh()

    def _on_dockerfile(self, _path: str = "", _text: str = "") -> None:
        if self.context.dockerfile_path != self._shown_for:
            self.refresh()

    def refresh(self) -> None:
        path = self.context.dockerfile_path
        self._shown_for = path
        history = self.history()
        if self.all_files.isChecked():
            records = history.records()
        else:
            records = history.of_dockerfile(path) if path else []
        self.records = records
        self.table.setRowCount(len(records))
        for row, record in enumerate(records):
            cells = [time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(record.time)),
                     record.tags[0] if record.tags else record.image_id[7:19],
                     human_size(record.size_bytes), human_size(record.wasted_bytes),
                     human_size(record.reclaimable_bytes), record.dockerfile]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(record.image_id if column == 1 else text)
                self.table.setItem(row, column, item)
        self.chart.set_records(records)
        name = Path(path).name if path else ""
        if self.all_files.isChecked():
            self.status.setText(self.tr("{count} builds of every Dockerfile.").format(
                count=len(records)))
        elif not path:
            self.status.setText(self.tr("Open a saved Dockerfile to see the history of its "
                                        "builds."))
        elif records:
            self.status.setText(self.tr("{count} builds of {file} in this window's "
                                        "history.").format(count=len(records), file=name))
        else:
            self.status.setText(self.tr("No build of {file} yet: build it (the window records "
                                        "every successful build).").format(file=name))
        self._update_buttons()

    def selected(self) -> list[BuildRecord]:
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        return [self.records[row] for row in rows if row < len(self.records)]

    def _update_buttons(self) -> None:
        ok = len(self.selected()) == 2
        self.compare_button.setEnabled(ok)
        self.compare_button.setToolTip(self.tr("Compare the older selected build with the "
                                               "newer") if ok else
                                       self.tr("Select two builds in the table."))

    def compare_selected(self) -> None:
        picked = self.selected()
        if len(picked) == 2:
            self.compare_requested.emit(picked[0], picked[1])
