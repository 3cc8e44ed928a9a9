"""The advisor's list, the selected advice's diff, and its measured before/after bars."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from workbench.core.advisor.advice import Advice, unified_diff
from workbench.core.advisor.measure import Measurement
from workbench.gui.sizes.chart_data import before_after_bars
from workbench.gui.sizes.charts import BarChart


class AdvisorView(QWidget):
    # The user asked to build the advice and compare (Advice).
    try_requested = Signal(object)
    # The user asked to apply the advice to the real files (Advice).
    apply_requested = Signal(object)
    # A line range the selected advice is about: (start, end), 1-based.
    lines_selected = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.advice: list[Advice] = []
        self.measurements: dict[int, Measurement] = {}  # id(advice) -> result
        self.original = ""  # the Dockerfile text the advice was computed for
        self.dockerignore_text = ""  # the context's .dockerignore as it is
        self.list = QListWidget()
        self.why = QLabel()
        self.why.setWordWrap(True)
        self.why.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.diff = QPlainTextEdit()
        self.diff.setReadOnly(True)
        self.diff.setFont(QFont("monospace"))
        self.result = QLabel()
        self.chart = BarChart(self.tr("before / after"))
        self.try_button = QPushButton(self.tr("Try it (build and measure)"))
        self.apply_button = QPushButton(self.tr("Apply…"))
        self.export_button = QPushButton(self.tr("Export before/after…"))
        self.try_button.setEnabled(False)
        self.apply_button.setEnabled(False)
        self.export_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.try_button)
        buttons.addWidget(self.apply_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.why)
        detail_layout.addLayout(buttons)
        detail_layout.addWidget(self.result)
        detail_layout.addWidget(self.diff, 2)
        detail_layout.addWidget(self.chart, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list)
        splitter.addWidget(detail)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([320, 640])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.list.currentRowChanged.connect(self._on_row)
        self.try_button.clicked.connect(lambda: self._emit(self.try_requested))
        self.apply_button.clicked.connect(lambda: self._emit(self.apply_requested))
        self.export_button.clicked.connect(self._ask_export)

    def set_advice(self, advice: list[Advice], original: str, dockerignore_text: str) -> None:
        self.advice = advice
        self.measurements = {}
        self.original = original
        self.dockerignore_text = dockerignore_text
        self.list.clear()
        for item in advice:
            row = QListWidgetItem(f"[{item.kind}] {item.title}")
            row.setToolTip(item.why)
            self.list.addItem(row)
        if not advice:
            self.why.setText(self.tr("No advice: nothing to make smaller was found."))
            self.diff.clear()
        self.list.setCurrentRow(0 if advice else -1)

    @property
    def current(self) -> Advice | None:
        row = self.list.currentRow()
        return self.advice[row] if 0 <= row < len(self.advice) else None

    def diff_text(self, advice: Advice) -> str:
        """What applying would change, as a unified diff of each file it touches."""
        parts = []
        if advice.new_dockerfile is not None:
            parts.append(advice.dockerfile_diff(self.original))
        if advice.new_dockerignore is not None:
            parts.append(unified_diff(self.dockerignore_text, advice.new_dockerignore,
                                      ".dockerignore"))
        return "".join(parts)

    def set_measurement(self, measurement: Measurement) -> None:
        self.measurements[id(measurement.advice)] = measurement
        if measurement.advice is self.current:
            self._show_measurement(measurement)

    def _show_measurement(self, measurement: Measurement | None) -> None:
        self.export_button.setEnabled(measurement is not None)
        if measurement is None:
            self.result.setText("")
            self.chart.clear_bars()
            return
        if measurement.ok:
            self.result.setText(self.tr("Measured: {saving}.").format(
                saving=measurement.saving()))
        else:
            self.result.setText(self.tr("Not measured: {reason}").format(
                reason=measurement.error))
        self.chart.set_bars(*before_after_bars(measurement))

    def _on_row(self, row: int) -> None:
        advice = self.current
        if advice is None:
            self.try_button.setEnabled(False)
            self.apply_button.setEnabled(False)
            return
        note = f"\n{advice.note}" if advice.note else ""
        self.why.setText(f"{advice.why}{note}")
        diff = self.diff_text(advice)
        self.diff.setPlainText(diff or self.tr("This advice changes how the image is built, "
                                               "not the files (e.g. docker build --squash)."))
        self.try_button.setEnabled(advice.measurable)
        self.apply_button.setEnabled(bool(diff))
        self._show_measurement(self.measurements.get(id(advice)))
        if advice.lines[0]:
            self.lines_selected.emit(*advice.lines)

    def _emit(self, signal: SignalInstance) -> None:
        advice = self.current
        if advice is not None:
            signal.emit(advice)

    def export(self, path: Path) -> None:
        """The selected advice's before/after chart (.png/.svg) or numbers (.csv)."""
        measurement = self.measurements.get(id(self.current)) if self.current else None
        suffix = path.suffix.lower()
        if suffix == ".svg":
            self.chart.export_svg(path)
        elif suffix == ".csv":
            rows = ["build,bytes,layers,context_bytes,error"]
            if measurement is not None:
                for name, measured in (("before", measurement.before),
                                       ("after", measurement.after)):
                    rows.append(f"{name},{measured.size},{measured.layers},"
                                f"{measured.context_bytes}," if measured else
                                f"{name},,,,\"{measurement.error}\"")
            path.write_text("\n".join(rows) + "\n")
        else:
            self.chart.export_png(path)

    def _ask_export(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export before/after"), "before-after.png",
            self.tr("PNG image (*.png);;SVG image (*.svg);;CSV numbers (*.csv)"))
        if name:
            try:
                self.export(Path(name))
            except OSError as exc:
                self.result.setText(self.tr("Cannot write {path} ({reason}): pick another "
                                            "place.").format(path=name, reason=exc.strerror))
