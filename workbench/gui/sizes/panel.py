"""The Sizes panel: base image sizes, the open Dockerfile on each base, the current image's
layers, and the minimization advisor (article chapter 3).

All engine work runs through the window's JobRunner. Applying advice never edits the
editor directly: it shows the diff, asks, then hands (path, the text the advice was
made for, the new text) to ``replace_text``, which the window binds to the tab that
still holds exactly that text, so advice for one document never lands in another or on
newer edits; a .dockerignore change is written in that document's directory and can be
undone with the panel's Undo button.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.core.advisor.advice import Advice
from workbench.core.advisor.measure import Measurement, measure_advice
from workbench.core.advisor.session import AdvisorReport, run_advisor
from workbench.core.dockerfile.parser import parse
from workbench.core.engine.connection import connect
from workbench.core.progress import CancelToken, ProgressEvent
from workbench.core.sizes.bases import DEFAULT_BASES, BaseSize, measure_bases
from workbench.core.sizes.export import bases_csv, variants_csv
from workbench.core.sizes.variants import Variant, build_variants, final_base
from workbench.gui.button_bar import button_bar
from workbench.gui.selection import ImageContext
from workbench.gui.sizes.advisor_view import AdvisorView
from workbench.gui.sizes.build_output import BuildOutputDialog
from workbench.gui.sizes.chart_data import (
    base_bars,
    layer_bars,
    layers_csv,
    status_name,
    variant_bars,
)
from workbench.gui.sizes.charts import BarChart
from workbench.gui.worker import Job, JobRunner

Progress = Callable[[ProgressEvent], None]
log = logging.getLogger(__name__)


class SizesPanel(QWidget):
    bases_ready = Signal(object)  # list[BaseSize]
    variants_ready = Signal(object)  # list[Variant]
    advice_ready = Signal(object)  # AdvisorReport
    measurement_ready = Signal(object)  # Measurement
    failed = Signal(str)  # a sentence for the user

    def __init__(self, context: ImageContext, runner: JobRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.runner = runner
        self.connect_engine: Callable[[], Any] = connect  # replaceable, e.g. another endpoint
        # Asked before applying: (advice, diff) -> True to go ahead. Tests answer in code.
        self.confirm_apply: Callable[[Advice, str], bool] = self._ask_apply
        self.bases: list[BaseSize] = []
        self.variants: list[Variant] = []
        self.report: AdvisorReport | None = None
        self.report_text = ""  # the Dockerfile text the report was made for
        self.report_path = ""  # and the document it came from
        # (path, old text, new text) -> applied? The window binds its editor here.
        self.replace_text: Callable[[str, str, str], bool] = lambda _p, _o, _n: False
        self.ignore_undo: list[tuple[Path, str | None]] = []  # .dockerignore before each write
        self._key = f"sizes-{id(self)}"
        self.job: Job | None = None
        self._build_ui()
        context.analysis_changed.connect(self._on_analysis)
        if context.analysis is not None:
            self._on_analysis(context.analysis)

    # -- layout ---------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.base_edit = QLineEdit(", ".join(DEFAULT_BASES))
        self.base_edit.setToolTip(self.tr("Base images to compare, separated by commas"))
        self.measure_button = QPushButton(self.tr("Measure bases"))
        self.variants_button = QPushButton(self.tr("Build on each base"))
        self.advise_button = QPushButton(self.tr("Advise"))
        self.keep_box = QCheckBox(self.tr("Keep variant images"))
        self.keep_box.setToolTip(self.tr("Keep the images built on each base (tagged "
                                         "workbench-measure-…) instead of removing them"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.status = QLabel(self.tr("Measure the bases, build your Dockerfile on each, or "
                                     "ask for advice."))
        self.status.setWordWrap(True)
        bases = QHBoxLayout()
        bases.addWidget(QLabel(self.tr("Bases:")))
        bases.addWidget(self.base_edit, 1)
        row = button_bar(self.measure_button, self.variants_button, self.keep_box,
                         self.advise_button, self.cancel_button)
        self.base_chart = BarChart(self.tr("Base images: uncompressed (blue) and compressed "
                                           "(orange)"))
        self.variant_chart = BarChart(self.tr("Your Dockerfile on each base"))
        self.layer_chart = BarChart(self.tr("Layers of the current image"))
        self.tabs = QTabWidget()
        self.tabs.addTab(self.base_chart, self.tr("Base images"))
        self.tabs.addTab(self.variant_chart, self.tr("On each base"))
        self.tabs.addTab(self.layer_chart, self.tr("Layers"))
        export_buttons = []
        for label, kind in (("PNG…", "png"), ("SVG…", "svg"), ("CSV…", "csv")):
            button = QPushButton(self.tr("Export {format}").format(format=label))
            button.clicked.connect(lambda _=False, k=kind: self._ask_export(k))
            export_buttons.append(button)
        self.log_box = QCheckBox(self.tr("Log scale"))
        self.log_box.setToolTip(self.tr("Bar heights by the logarithm of their size, for sizes "
                                        "that span orders of magnitude"))
        self.log_box.toggled.connect(self.set_log_scale)
        self.undo_ignore_button = QPushButton(self.tr("Undo .dockerignore change"))
        self.undo_ignore_button.setEnabled(False)
        self.output_button = QPushButton(self.tr("Build output…"))
        self.output_button.setToolTip(self.tr("The engine's whole output of each build on "
                                              "each base"))
        self.output_button.setEnabled(False)
        exports = button_bar(*export_buttons, self.log_box, self.output_button,
                             self.undo_ignore_button)
        charts = QWidget()
        charts_layout = QVBoxLayout(charts)
        charts_layout.setContentsMargins(0, 0, 0, 0)
        charts_layout.addWidget(self.tabs)
        charts_layout.addWidget(exports)
        self.advisor = AdvisorView()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(charts)
        splitter.addWidget(self.advisor)
        layout = QVBoxLayout(self)
        layout.addLayout(bases)
        layout.addWidget(row)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)
        self.measure_button.clicked.connect(self.measure_bases)
        self.variants_button.clicked.connect(self.build_variants)
        self.advise_button.clicked.connect(self.advise)
        self.cancel_button.clicked.connect(self.cancel)
        self.undo_ignore_button.clicked.connect(self.undo_dockerignore)
        self.output_button.clicked.connect(self.show_build_output)
        self.advisor.try_requested.connect(self.try_advice)
        self.advisor.apply_requested.connect(self.apply_advice)
        self.advisor.lines_selected.connect(self.context.select_lines)

    # -- inputs ---------------------------------------------------------------------------
    def base_names(self) -> list[str]:
        """The bases typed in, plus the open Dockerfile's own base (unless it is a stage)."""
        names = [n.strip() for n in self.base_edit.text().split(",") if n.strip()]
        dockerfile = parse(self.context.dockerfile_text)
        if dockerfile.stages:
            own = dockerfile.stages[-1].base
            stage_names = {s.name for s in dockerfile.stages[:-1] if s.name}
            if own and own.lower() not in stage_names and own not in names:
                names.append(own)
        return names

    def context_dir(self) -> Path | None:
        path = self.context.dockerfile_path
        return Path(path).parent if path else None

    # -- jobs -----------------------------------------------------------------------------
    def _start(self, name: str, shown: str, work: Callable[[Any, Progress, CancelToken], Any],
               on_result: Callable[[Any], None]) -> None:
        """``name`` names the job in the log, ``shown`` says what runs in the window."""
        def job(progress: Progress, cancel: CancelToken) -> Any:
            with self.connect_engine() as engine:
                return work(engine, progress, cancel)

        self.cancel_button.setEnabled(True)
        self.status.setText(self.tr("{action}…").format(action=shown))
        # One key for every job of the panel: a new request supersedes the running one.
        self.job = self.runner.start(job, name=name, key=self._key, on_result=on_result,
                          on_error=self._on_error, on_progress=self._on_progress,
                          on_finished=lambda: self.cancel_button.setEnabled(False),
                          on_cancelled=lambda: self.status.setText(
                              self.tr("{action}: cancelled.").format(action=shown)))

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def measure_bases(self) -> None:
        names = self.base_names()
        self._start("Measuring bases", self.tr("Measuring bases"),
                    lambda engine, progress, cancel: measure_bases(
            engine.client, names, progress=progress, cancel=cancel), self._on_bases)

    def build_variants(self) -> None:
        text = self.context.dockerfile_text
        if not final_base(text):
            self._on_error(self.tr("The open Dockerfile has no FROM line: open or write one "
                                   "first."))
            return
        names, directory, keep = self.base_names(), self.context_dir(), self.keep_box.isChecked()
        self._start("Building on each base", self.tr("Building on each base"),
                    lambda engine, progress, cancel: build_variants(
            engine.client, text, directory, names, keep=keep, progress=progress,
            cancel=cancel), self._on_variants)

    def advise(self) -> None:
        text = self.context.dockerfile_text
        if not final_base(text):
            self._on_error(self.tr("The open Dockerfile has no FROM line: open or write one "
                                   "first."))
            return
        directory = self.context_dir()
        self.report_text, self.report_path = text, self.context.dockerfile_path
        self._start("Advising", self.tr("Advising"), lambda engine, progress, cancel: run_advisor(
            engine.client, text, directory, progress=progress, cancel=cancel),
            self._on_report)

    def report_dir(self) -> Path | None:
        return Path(self.report_path).parent if self.report_path else None

    def try_advice(self, advice: Advice) -> None:
        if not self.report_text:
            self._on_error(self.tr("The Dockerfile changed since this advice: ask for advice "
                                   "again."))
            return
        before = self.report.before if self.report else None
        text, directory = self.report_text, self.report_dir()
        self._start(f"Trying: {advice.title}",
                    self.tr("Trying: {advice}").format(advice=advice.title),
                    lambda engine, progress, cancel: measure_advice(
            engine.client, text, directory, advice, before, progress=progress, cancel=cancel),
            self._on_measurement)

    # -- results --------------------------------------------------------------------------
    def _on_progress(self, event: ProgressEvent) -> None:
        count = f" ({event.done}/{event.total})" if event.total else ""
        if event.message:
            self.status.setText(f"{event.message}{count}")

    def _on_error(self, message: str) -> None:
        self.status.setText(message)
        self.failed.emit(message)

    def _on_bases(self, bases: list[BaseSize]) -> None:
        self.bases = bases
        self.base_chart.set_bars(*base_bars(bases))
        self.tabs.setCurrentWidget(self.base_chart)
        missing = [b.name for b in bases if b.sizes is None]
        measured = len(bases) - len(missing)
        self.status.setText(self.tr("Measured {count} bases; not available: {names}.").format(
            count=measured, names=", ".join(missing)) if missing else
            self.tr("Measured {count} bases.").format(count=measured))
        self.bases_ready.emit(bases)

    def _on_variants(self, variants: list[Variant]) -> None:
        self.variants = variants
        self.output_button.setEnabled(bool(variants))
        self.variant_chart.set_bars(*variant_bars(variants))
        self.tabs.setCurrentWidget(self.variant_chart)
        kept = [v.kept_tag for v in variants if v.kept_tag]
        # A failure is shown with the engine's reason, here and in the Log.
        for variant in variants:
            if variant.error:
                log.warning("Building on %s %s: %s", variant.base, variant.status,
                            variant.error)
        results = "; ".join(f"{v.base}: {status_name(v.status)}"
                            + (f" ({v.error.rstrip('.')})" if v.error else "") for v in variants)
        self.status.setText(self.tr("Built on {results}; kept as {tags}.").format(
            results=results, tags=", ".join(kept)) if kept else
            self.tr("Built on {results}.").format(results=results))
        self.variants_ready.emit(variants)

    def show_build_output(self) -> BuildOutputDialog:
        dialog = BuildOutputDialog(self.variants, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _on_report(self, report: AdvisorReport) -> None:
        self.report = report
        directory = self.report_dir()
        ignore = ""
        if directory is not None and (directory / ".dockerignore").is_file():
            ignore = (directory / ".dockerignore").read_text()
        self.advisor.set_advice(report.advice, self.report_text, ignore)
        self.status.setText(report.build_error or self.tr("{count} advice found.").format(
            count=len(report.advice)))
        self.advice_ready.emit(report)

    def _on_measurement(self, measurement: Measurement) -> None:
        self.advisor.set_measurement(measurement)
        self.status.setText(measurement.error or self.tr("Measured."))
        self.measurement_ready.emit(measurement)

    def _on_analysis(self, analysis: Any) -> None:
        self.layer_chart.set_bars(*layer_bars(analysis))

    # -- applying -------------------------------------------------------------------------
    def _ask_apply(self, advice: Advice, diff: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Apply advice"),
                          f"{advice.title}\n\n" + self.tr("Apply this change?"), parent=self)
        box.setDetailedText(diff)
        box.setStandardButtons(QMessageBox.StandardButton.Apply
                               | QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Apply

    def apply_advice(self, advice: Advice) -> None:
        diff = self.advisor.diff_text(advice)
        if not diff or not self.confirm_apply(advice, diff):
            return
        if advice.new_dockerfile is not None:
            if not self.report_text or not self.replace_text(self.report_path, self.report_text,
                                     advice.new_dockerfile):
                self._on_error(self.tr("The Dockerfile changed since this advice, or its tab "
                                       "is closed: ask for advice again."))
                return
            # The rest of the list was made for the text before this edit: applying one
            # of them now would undo this one.
            self.report_text = ""
        directory = self.report_dir()
        if advice.new_dockerignore is not None and directory is not None:
            target = directory / ".dockerignore"
            old = target.read_text() if target.is_file() else None
            try:
                target.write_text(advice.new_dockerignore)
            except OSError as exc:
                self._on_error(self.tr("Cannot write {path} ({reason}): check its "
                                       "permissions.").format(path=target,
                                                              reason=exc.strerror))
                return
            self.ignore_undo.append((target, old))
            self.undo_ignore_button.setEnabled(True)
        self.status.setText(self.tr("Applied: {advice}. Ask for advice again to refresh.")
                            .format(advice=advice.title))

    def undo_dockerignore(self) -> None:
        if not self.ignore_undo:
            return
        target, old = self.ignore_undo.pop()
        try:
            if old is None:
                target.unlink(missing_ok=True)
            else:
                target.write_text(old)
        except OSError as exc:
            self._on_error(self.tr("Cannot restore {path} ({reason}): check its permissions.")
                           .format(path=target, reason=exc.strerror))
        self.undo_ignore_button.setEnabled(bool(self.ignore_undo))

    def set_log_scale(self, on: bool) -> None:
        for chart in (self.base_chart, self.variant_chart, self.layer_chart,
                      self.advisor.chart):
            chart.set_log_scale(on)

    # -- export ---------------------------------------------------------------------------
    def current_chart(self) -> BarChart:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, BarChart) else self.base_chart

    def export(self, kind: str, path: Path) -> None:
        """Write the current tab's chart as PNG/SVG, or its numbers as CSV."""
        chart = self.current_chart()
        if kind == "png":
            chart.export_png(path)
        elif kind == "svg":
            chart.export_svg(path)
        elif chart is self.variant_chart:
            path.write_text(variants_csv(self.variants))
        elif chart is self.layer_chart:
            path.write_text(layers_csv(self.context.analysis))
        else:
            path.write_text(bases_csv(self.bases))

    def _ask_export(self, kind: str) -> None:
        name, _filter = QFileDialog.getSaveFileName(self, self.tr("Export {format}").format(
                                                        format=kind.upper()),
                                                    f"sizes.{kind}", f"*.{kind}")
        if name:
            try:
                self.export(kind, Path(name))
            except OSError as exc:
                self._on_error(self.tr("Cannot write {path} ({reason}): pick another place.")
                               .format(path=name, reason=exc.strerror))
