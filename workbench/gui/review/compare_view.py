"""Compare two images: two builds from the history, two engine images, or two archives.

"Compare with the previous build" takes the newest build of the open Dockerfile and the
build before it that made another image, in one click. The core compares
(``workbench.core.review.compare.compare``) on a worker with progress and cancel. A side
picked from the history carries the Dockerfile text it was built from, so its layers are
linked to its own lines even after the file was edited; hardening findings are compared
when both sides have a Dockerfile.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.engine.connection import connect
from workbench.core.progress import CancelToken, ProgressEvent
from workbench.core.review.compare import Comparison
from workbench.core.review.files_diff import FileChange
from workbench.core.review.history import BuildHistory, BuildRecord, same_file
from workbench.gui.button_bar import button_bar
from workbench.gui.i18n import translate
from workbench.gui.image_picker import ImagePicker
from workbench.gui.review import file_versions
from workbench.gui.review.compare_results import CompareResults, side_name, signed_size
from workbench.gui.review.verdict_view import repository_uri
from workbench.gui.selection import ImageContext
from workbench.gui.worker import Job, JobRunner

Progress = Callable[[ProgressEvent], None]
EXPORTS = {"html": (str(QT_TRANSLATE_NOOP("CompareView", "HTML report")), ".html"),
           "markdown": (str(QT_TRANSLATE_NOOP("CompareView", "Markdown (pull request)")), ".md"),
           "junit": ("JUnit XML", ".xml"), "sarif": ("SARIF 2.1.0", ".sarif"),
           "json": ("JSON", ".json")}



@dataclass(slots=True)
class SidePick:
    source: str
    record: BuildRecord | None = None  # when picked from the history


def _needs_engine(source: str) -> bool:
    from workbench.core.review.run import engine_reference

    return engine_reference(source) is not None


class SourceRow:
    """One side's source field and the buttons that fill it."""

    def __init__(self, view: CompareView, name: str) -> None:
        self.view = view
        self.record: BuildRecord | None = None
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(translate("CompareView", "image name, docker://id, archive or oci://layout"))
        self.edit.textEdited.connect(lambda _text: setattr(self, "record", None))
        self.history_button = QToolButton()
        self.history_button.setText(translate("CompareView", "Build…"))
        self.history_button.setToolTip(translate("CompareView",
                                                 "A build from this window's history"))
        self.history_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.history_button)
        self.menu.aboutToShow.connect(self._fill_menu)
        self.history_button.setMenu(self.menu)
        self.engine_button = QPushButton(translate("CompareView", "Image…"))
        self.engine_button.setToolTip(translate("CompareView", "An image in the engine, picked "
                                                "from a searchable list"))
        self.archive_button = QPushButton(translate("CompareView", "Archive…"))
        self.archive_button.setToolTip(translate("CompareView", "A docker save archive, an OCI "
                                                 "archive or layout"))
        self.engine_button.clicked.connect(lambda: view.pick_engine_image(self))
        self.archive_button.clicked.connect(self._pick_archive)
        self.label = QLabel(name)

    def set_record(self, record: BuildRecord) -> None:
        """The build's time and name are shown; its image id is what is compared."""
        self.record = record
        self.edit.setText(translate("CompareView", "build {label} ({id})").format(
            label=record.label(), id=record.image_id[7:19]))
        self.edit.setCursorPosition(0)  # the time first, when the field is narrow
        self.edit.setToolTip(f"{record.source}\n{record.dockerfile}")

    def set_source(self, source: str) -> None:
        self.record = None
        self.edit.setText(source)
        self.edit.setToolTip(source)

    def pick(self) -> SidePick:
        if self.record is not None:
            return SidePick(self.record.source, self.record)
        return SidePick(self.edit.text().strip())

    def _fill_menu(self) -> None:
        self.menu.clear()
        records = self.view.history().records()
        path = self.view.context.dockerfile_path
        own = [r for r in records if same_file(r.dockerfile, path)]
        rest = [r for r in records if not same_file(r.dockerfile, path)]
        for record in reversed(own + rest):
            where = "" if record in own else "  " + translate(
                "CompareView", "({file} in {folder})").format(
                    file=Path(record.dockerfile).name, folder=Path(record.dockerfile).parent.name)
            action = self.menu.addAction(record.label() + where)
            action.triggered.connect(lambda _=False, r=record: self.set_record(r))
        if not records:
            self.menu.addAction(translate("CompareView", "No builds yet")).setEnabled(False)

    def _pick_archive(self) -> None:
        path = self.view.ask_archive()
        if path:
            self.set_source(path)


class CompareView(QWidget):
    compared = Signal(object)  # Comparison
    failed = Signal(str)
    file_shown = Signal(object)  # file_versions.Versions

    def __init__(self, context: ImageContext, runner: JobRunner,
                 parent: QWidget | None = None,
                 history: Callable[[], BuildHistory] = BuildHistory) -> None:
        super().__init__(parent)
        self.context = context
        self.runner = runner
        self.history = history
        self.connect_engine: Callable[[], Any] = connect
        self.ask_archive: Callable[[], str] = self._ask_archive
        self.ask_path: Callable[[str], str | None] = self._ask_path
        self.result: Comparison | None = None
        self.sources: tuple[str, str] = ("", "")
        self.dockerfile_b = ""  # the Dockerfile B was built from, when it is a file
        self.job: Job | None = None
        self._temporary: list[Path] = []
        self._key = f"compare-{id(self)}"
        # The temporary Dockerfile copies go with the view (the list, not the view, is
        # bound: the view is gone when ``destroyed`` fires).
        self.destroyed.connect(partial(_remove_all, self._temporary))
        self._build_ui()

    def _build_ui(self) -> None:
        self.row_a = SourceRow(self, self.tr("A (before)"))
        self.row_b = SourceRow(self, self.tr("B (after)"))
        grid = QGridLayout()
        for row, side in enumerate((self.row_a, self.row_b)):
            grid.addWidget(side.label, row, 0)
            grid.addWidget(side.edit, row, 1)
            grid.addWidget(side.history_button, row, 2)
            grid.addWidget(side.engine_button, row, 3)
            grid.addWidget(side.archive_button, row, 4)
        grid.setColumnStretch(1, 1)
        self.compare_button = QPushButton(self.tr("Compare"))
        self.previous_button = QPushButton(self.tr("Compare with the previous build"))
        self.previous_button.setToolTip(self.tr("The last build of the open Dockerfile "
                                                "against the build before it"))
        self.swap_button = QPushButton(self.tr("Swap"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.export_button = QToolButton()
        self.export_button.setText(self.tr("Export…"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        for fmt, (title, _suffix) in EXPORTS.items():
            menu.addAction(translate("CompareView", title)).triggered.connect(
                lambda _=False, f=fmt: self.export_dialog(f))
        self.export_button.setMenu(menu)
        self.status = QLabel(self.tr("Pick two images, or compare the last build with the "
                                     "one before it."))
        self.status.setWordWrap(True)
        self.results = CompareResults()
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(button_bar(self.previous_button, self.compare_button,
                                    self.swap_button, self.cancel_button, self.export_button))
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        self.compare_button.clicked.connect(self.start_compare)
        self.previous_button.clicked.connect(self.compare_with_previous)
        self.swap_button.clicked.connect(self.swap)
        self.cancel_button.clicked.connect(self.cancel)
        self.results.file_selected.connect(self.show_file)
        self.results.line_clicked.connect(self._go_to_line)
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self.job is not None
        for button in (self.compare_button, self.previous_button, self.swap_button):
            button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.export_button.setEnabled(not busy and self.result is not None)

    # -- picking sources ------------------------------------------------------------------
    def _ask_archive(self) -> str:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Compare an image archive"), "",
            self.tr("Image archives (*.tar *.tar.gz *.tgz *.oci);;All files (*)"))
        return path

    def pick_engine_image(self, row: SourceRow) -> None:
        """Connect on a worker, then list the engine's images in the picker."""
        def work(_progress: Progress, _cancel: CancelToken) -> Any:
            return self.connect_engine().client

        def connected(client: Any) -> None:
            picker = ImagePicker(self.runner, client, self,
                                 title=self.tr("Compare: {side}").format(side=row.label.text()))
            picker.setObjectName("compare-image-picker")

            def chosen() -> None:
                name = picker.chosen()
                if name:
                    row.set_source(name if name.startswith("docker://") else
                                   f"docker://{name}")

            picker.accepted.connect(chosen)
            picker.finished.connect(lambda _code: client.close())
            picker.open()

        self.runner.start(work, name="connect", on_result=connected,
                          on_error=self.status.setText)

    def swap(self) -> None:
        a, b = self.row_a.pick(), self.row_b.pick()
        for row, pick in ((self.row_a, b), (self.row_b, a)):
            if pick.record is not None:
                row.set_record(pick.record)
            else:
                row.set_source(pick.source)

    def compare_records(self, older: BuildRecord, newer: BuildRecord) -> None:
        self.row_a.set_record(older)
        self.row_b.set_record(newer)
        self.start_compare()

    def compare_with_previous(self) -> None:
        path = self.context.dockerfile_path
        if not path:
            self.status.setText(self.tr("Open the saved Dockerfile whose builds you want to "
                                        "compare."))
            return
        history = self.history()
        latest = history.latest(path)
        previous = history.previous(path) if latest is not None else None
        if latest is None:
            self.status.setText(self.tr("{file} has no build in this window's history: build "
                                        "it twice to compare.").format(file=Path(path).name))
            return
        if previous is None:
            self.status.setText(self.tr("{file} has one image in this window's history: build "
                                        "it again after a change to compare.").format(
                                            file=Path(path).name))
            return
        self.compare_records(previous, latest)

    # -- running --------------------------------------------------------------------------
    def _dockerfile_for(self, pick: SidePick) -> Path | None:
        """The Dockerfile a history pick was built from: the file itself when it still
        holds that text, else a temporary copy of the text (its context is then absent)."""
        record = pick.record
        if record is None or not record.dockerfile:
            return None
        path = Path(record.dockerfile)
        try:
            if path.is_file() and path.read_text(encoding="utf-8") == record.dockerfile_text:
                return path
        except (OSError, UnicodeDecodeError):
            pass
        if not record.dockerfile_text:
            return None
        folder = Path(tempfile.mkdtemp(prefix="workbench-built-"))
        self._temporary.append(folder)
        copy = folder / path.name
        copy.write_text(record.dockerfile_text, encoding="utf-8")
        return copy

    def start_compare(self) -> None:
        a, b = self.row_a.pick(), self.row_b.pick()
        if not a.source or not b.source:
            self.status.setText(self.tr("Pick both images: A (before) and B (after)."))
            return
        self._clean_temporary()
        dockerfile_a, dockerfile_b = self._dockerfile_for(a), self._dockerfile_for(b)
        engine = any(_needs_engine(s) for s in (a.source, b.source)) or bool(
            dockerfile_a or dockerfile_b)
        context_dir = Path(self.context.dockerfile_path).parent \
            if self.context.dockerfile_path else None

        def work(progress: Progress, cancel: CancelToken) -> Comparison:
            from workbench.core.analysis.ci_rules import check_rules, read_ci_config
            from workbench.core.review.compare import compare

            ci_file = context_dir / ".dive-ci" if context_dir is not None else None
            rules = read_ci_config(ci_file) if ci_file is not None and ci_file.is_file() \
                else {}
            check_rules(rules)
            client = self.connect_engine().client if engine else None
            try:
                return compare(a.source, b.source, dockerfile_a=dockerfile_a,
                               dockerfile_b=dockerfile_b, client=client, rules=rules,
                               progress=progress, cancel=cancel)
            finally:
                if client is not None:
                    client.close()

        def done(result: Comparison) -> None:
            self.result, self.sources = result, (a.source, b.source)
            self.dockerfile_b = str(dockerfile_b) if dockerfile_b else ""
            self.results.show_result(result)
            delta = result.deltas()["size_bytes"]
            self.status.setText(self.tr("Compared {a} with {b}: {delta}, {files} files "
                                        "changed.").format(
                a=side_name(result.a), b=side_name(result.b), delta=signed_size(delta),
                files=len(result.files)))
            self._update_buttons()
            self.compared.emit(result)

        self.status.setText(self.tr("Comparing {a} with {b}…").format(a=a.source[:30],
                                                                     b=b.source[:30]))
        self._start("compare", work, done)

    def _start(self, name: str, work: Callable[[Progress, CancelToken], Any],
               on_result: Callable[[Any], None]) -> None:
        self.job = self.runner.start(work, name=name, key=self._key, on_result=on_result,
                                     on_error=self._on_error, on_progress=self._on_progress,
                                     on_cancelled=lambda: self.status.setText(
                                         self.tr("Cancelled.")),
                                     on_finished=self._on_finished)
        self._update_buttons()

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.status.setText(self.tr("Cancelling…"))

    def _on_finished(self) -> None:
        self.job = None
        self._update_buttons()

    def _on_progress(self, event: ProgressEvent) -> None:
        # The core may report from its own threads: a report that arrives after Cancel
        # must not overwrite "Cancelled.".
        if self.job is None or self.job.cancel_token.cancelled:
            return
        step = f" ({event.done}/{event.total})" if event.total else ""
        self.status.setText(f"{event.message or event.stage}{step}…")

    def _on_error(self, message: str) -> None:
        self.status.setText(message)
        self.failed.emit(message)

    def _clean_temporary(self) -> None:
        _remove_all(self._temporary)

    # -- a file's two versions ------------------------------------------------------------
    def show_file(self, change: FileChange) -> None:
        self.results.detail.setHtml(file_versions.header_html(change) +
                                    f"<p><i>{self.tr('Reading both versions…')}</i></p>" +
                                    file_versions.metadata_html(change))
        if self._b_is_current():  # B is the image in the timeline: its file there too
            self.context.select_path(change.path.lstrip("/"))
        source_a, source_b = self.sources
        engine = any(_needs_engine(s) for s in self.sources)

        def work(_progress: Progress, cancel: CancelToken) -> file_versions.Versions:
            client = self.connect_engine().client if engine else None
            try:
                return file_versions.versions(change, source_a, source_b, client, cancel)
            finally:
                if client is not None:
                    client.close()

        def done(result: file_versions.Versions) -> None:
            current = self.results.files.selected_change()
            if current is not None and current.path != change.path:
                return
            # The diff first: it is what a reader came for; the metadata below it.
            self.results.detail.setHtml(file_versions.header_html(change) +
                                        file_versions.diff_html(result) +
                                        file_versions.metadata_html(change))
            self.file_shown.emit(result)

        self.runner.start(work, name="compare a file", key=f"{self._key}-file",
                          on_result=done, on_error=lambda message: self.results.detail.setHtml(
                              file_versions.header_html(change) + f"<p>{message}</p>" +
                              file_versions.metadata_html(change)))

    def _b_is_current(self) -> bool:
        info = getattr(self.context.analysis, "info", None)
        return self.result is not None and info is not None and info.id == self.result.b.id

    def _go_to_line(self, line: int) -> None:
        if self.dockerfile_b and same_file(self.dockerfile_b, self.context.dockerfile_path):
            self.context.select_lines(line, line)

    # -- export ---------------------------------------------------------------------------
    def _ask_path(self, fmt: str) -> str | None:
        title, suffix = EXPORTS[fmt]
        caption = self.tr("Export the comparison as {format}").format(
            format=translate("CompareView", title))
        path, _ = QFileDialog.getSaveFileName(self, caption, f"compare{suffix}")
        return path or None

    def export_dialog(self, fmt: str) -> None:
        path = self.ask_path(fmt)
        if path:
            self.export(fmt, path)

    def export(self, fmt: str, path: str) -> bool:
        if self.result is None:
            self.status.setText(self.tr("Compare first, then export."))
            return False
        from workbench.core.review.compare_formats import render

        a, b = self.result.a.dockerfile, self.result.b.dockerfile
        data = render(self.result, fmt, uri_a=repository_uri(a) if a else None,
                      uri_b=repository_uri(b) if b else None)
        try:
            Path(path).write_bytes(data)
        except OSError as exc:
            self.status.setText(self.tr("The comparison could not be written to {path}: "
                                        "{reason}.").format(path=path,
                                                            reason=exc.strerror or exc))
            return False
        self.status.setText(self.tr("Wrote the {format} to {path}.").format(
            format=translate("CompareView", EXPORTS[fmt][0]), path=path))
        return True


def _remove_all(folders: list[Path]) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    folders.clear()
