"""One verdict for the image in the timeline and the open Dockerfile, every reason linked.

The core does the review (``workbench.core.review.run.review``: dive's CI rules, the
budgets, hardening and hadolint) on a worker, with progress and cancel. Clicking a
reason selects its Dockerfile line, the step of its layer and its file, but only when
the reviewed image is still the one in the timeline and the Dockerfile the one open:
a reason from another image would point at the wrong layer. Reports are written by the
core's writers, the same bytes ``workbench review --format`` gives.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.engine.connection import connect
from workbench.core.progress import CancelToken, ProgressEvent
from workbench.core.review.verdict import Reason, Review
from workbench.gui.button_bar import button_bar
from workbench.gui.i18n import translate
from workbench.gui.out_of_date import OutOfDate, image_id
from workbench.gui.selection import ImageContext
from workbench.gui.worker import Job, JobRunner

Progress = Callable[[ProgressEvent], None]
REASON_ROLE = Qt.ItemDataRole.UserRole
# Export formats: menu text -> (file suffix, filter)
FORMATS = {"html": (str(QT_TRANSLATE_NOOP("VerdictView", "HTML report")), ".html"),
           "markdown": (str(QT_TRANSLATE_NOOP("VerdictView", "Markdown (pull request)")), ".md"),
           "junit": ("JUnit XML", ".xml"), "sarif": ("SARIF 2.1.0", ".sarif"),
           "json": ("JSON", ".json")}
STATUS_COLOURS = {"fail": "#c0392b", "pass": "#2e7d32", "skip": "#7f7f7f"}


def source_of(analysis: Any) -> str:
    """The source string that opens the analysed image again (engine or archive)."""
    source = getattr(analysis, "source", None)
    described = str(getattr(source, "description", "") or "")
    info = getattr(analysis, "info", None)
    if described.startswith("docker://") or not described:
        return f"docker://{getattr(info, 'id', '')}" if info is not None else described
    if not Path(described).exists():  # "archive:tag", skopeo's spelling
        return f"docker-archive:{described}"
    return described


def render(review: Review, fmt: str, uri: str = "Dockerfile") -> bytes:
    """The report in ``fmt`` as the CLI writes it."""
    from workbench.core.analysis.report_json import json_bytes
    from workbench.core.review import report

    if fmt == "json":
        return json_bytes(report.to_json(review))
    if fmt == "sarif":
        return json_bytes(report.to_sarif(review, uri))
    writers = {"html": report.to_html, "markdown": report.to_markdown,
               "junit": report.to_junit, "text": report.to_text}
    return writers[fmt](review).encode("utf-8")


class VerdictView(QWidget):
    reviewed = Signal(object)  # Review
    failed = Signal(str)

    def __init__(self, context: ImageContext, runner: JobRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.runner = runner
        self.connect_engine: Callable[[], Any] = connect
        # Where an export goes: (format) -> path or None; tests answer in code.
        self.ask_path: Callable[[str], str | None] = self._ask_path
        self.review: Review | None = None
        self.reviewed_dockerfile = ""
        self.job: Job | None = None
        self._key = f"review-{id(self)}"
        self._build_ui()

    def _build_ui(self) -> None:
        self.review_button = QPushButton(self.tr("Review"))
        self.review_button.setToolTip(self.tr("One PASS/FAIL verdict for the image in the "
                                              "timeline and the open Dockerfile: dive's CI "
                                              "rules, budgets, hardening and hadolint"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.export_button = QToolButton()
        self.export_button.setText(self.tr("Export…"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        self.export_actions: dict[str, QAction] = {}
        for fmt, (title, _suffix) in FORMATS.items():
            action = menu.addAction(translate("VerdictView", title))
            action.triggered.connect(lambda _=False, f=fmt: self.export_dialog(f))
            self.export_actions[fmt] = action
        self.export_button.setMenu(menu)
        self.verdict = QLabel(self.tr("No review yet."))
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        self.status = QLabel(self.tr("Build or open an image, open its Dockerfile, then "
                                     "Review."))
        self.status.setWordWrap(True)
        self.out_of_date = OutOfDate(self.context, self.tr("Review"))
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Status"), self.tr("Check"), self.tr("Rule"),
                                   self.tr("Where"), self.tr("Message")])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(True)
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.notes = QLabel("")
        self.notes.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(button_bar(self.review_button, self.cancel_button, self.export_button))
        layout.addWidget(self.verdict)
        layout.addWidget(self.status)
        layout.addWidget(self.out_of_date)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.notes)
        self.review_button.clicked.connect(self.start_review)
        self.cancel_button.clicked.connect(self.cancel)
        self.tree.currentItemChanged.connect(lambda *_: self.go_to_selected())
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self.job is not None
        self.review_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.export_button.setEnabled(not busy and self.review is not None)
        self.export_button.setToolTip(self.tr("Write the report as HTML, Markdown, JUnit, "
                                              "SARIF or JSON") if self.review is not None
                                      else self.tr("Review first."))

    # -- the review -----------------------------------------------------------------------
    def start_review(self) -> None:
        analysis = self.context.analysis
        if analysis is None:
            self.status.setText(self.tr("There is no image in the timeline: build or open "
                                        "one, then review it."))
            return
        from workbench.core.review.run import ReviewInputs

        source = source_of(analysis)
        path = self.context.dockerfile_path
        dockerfile = Path(path) if path and Path(path).is_file() else None
        note = ""
        try:
            saved = dockerfile.read_text(encoding="utf-8", errors="replace") \
                if dockerfile is not None else None
        except OSError as exc:
            self.status.setText(self.tr("The Dockerfile cannot be read: {reason}.").format(
                reason=exc.strerror or exc))
            return
        if saved is None:
            note = self.tr("Without a Dockerfile: save it to review its lines too.")
        elif self.context.dockerfile_text != saved:
            note = self.tr("The editor has unsaved changes: the saved Dockerfile is "
                           "reviewed.")
        folder = dockerfile.parent if dockerfile is not None else None
        ci_file = folder / ".dive-ci" if folder is not None else None
        inputs = ReviewInputs(source, dockerfile, folder,
                              ci_file if ci_file is not None and ci_file.is_file() else None)
        if folder is not None and (folder / ".workbench-review.yaml").is_file():
            inputs.review_config = folder / ".workbench-review.yaml"
        engine = source.startswith("docker://") or dockerfile is not None
        made_for = (path, self.context.dockerfile_text, image_id(self.context))

        def work(progress: Progress, cancel: CancelToken) -> Review:
            from workbench.core.review.run import review

            client = self.connect_engine().client if engine else None
            try:
                return review(inputs, client=client, progress=progress, cancel=cancel)
            finally:
                if client is not None:
                    client.close()

        self.status.setText(" ".join(filter(None, (
            self.tr("Reviewing {source}…").format(source=source[:40]), note))))
        self.job = self.runner.start(work, name="review", key=self._key,
                                     on_result=lambda r: self._show(r, path, note, made_for),
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

    def _show(self, review: Review, dockerfile: str, note: str,
              made_for: tuple[str, str, str]) -> None:
        self.review, self.reviewed_dockerfile = review, dockerfile
        self.out_of_date.set_made_for(*made_for)
        colour = STATUS_COLOURS["pass" if review.passed else "fail"]
        tally = review.tally()
        self.verdict.setText(
            f"<span style='font-size: 150%; font-weight: bold; color: {colour}'>"
            f"{review.verdict}</span> &nbsp; " + escape(self.tr(
                "{name}: {failed} failed, {passed} passed, {skipped} skipped").format(
                name=review.name, failed=tally["fail"], passed=tally["pass"],
                skipped=tally["skip"])))
        self.tree.clear()
        # Failures first (the core's order within each group): they are what to act on.
        for reason in sorted(review.reasons, key=lambda r: r.status != "fail"):
            item = QTreeWidgetItem([reason.status.upper(), reason.kind, reason.rule,
                                    _where(reason), reason.message])
            item.setForeground(0, QBrush(QColor(STATUS_COLOURS[reason.status])))
            item.setToolTip(4, reason.message)
            item.setData(0, REASON_ROLE, reason)
            self.tree.addTopLevelItem(item)
        self.status.setText(" ".join(filter(None, (
            self.tr("Reviewed {name}.").format(name=review.name), note,
            self.tr("Click a reason to see where it comes from.")))))
        self.notes.setText("\n".join(review.notes))
        self._update_buttons()
        self.reviewed.emit(review)

    # -- following a reason ---------------------------------------------------------------
    def selected_reason(self) -> Reason | None:
        item = self.tree.currentItem()
        value = item.data(0, REASON_ROLE) if item is not None else None
        return value if isinstance(value, Reason) else None

    def select_reason(self, rule: str, path: str | None = None) -> Reason | None:
        """Select the first reason of ``rule`` (and ``path``); as a click on it does."""
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            reason = item.data(0, REASON_ROLE) if item is not None else None
            if item is not None and isinstance(reason, Reason) and reason.rule == rule and \
                    (path is None or reason.path == path):
                self.tree.setCurrentItem(item)
                return reason
        return None

    def go_to_selected(self) -> None:
        reason = self.selected_reason()
        if reason is None or self.review is None:
            return
        if reason.line and self.context.dockerfile_path == self.reviewed_dockerfile:
            self.context.select_lines(reason.line, reason.line)
        analysis = self.context.analysis
        if analysis is None or getattr(analysis.info, "id", None) != self.review.image_id:
            return
        if reason.layer is not None:
            step = next((s.index for s in analysis.steps() if s.layer is not None
                         and s.layer.index == reason.layer), None)
            if step is not None:
                self.context.select_step(step)
        if reason.path and reason.path.startswith("/"):
            self.context.select_path(reason.path.lstrip("/"))

    # -- export ---------------------------------------------------------------------------
    def _ask_path(self, fmt: str) -> str | None:
        title, suffix = FORMATS[fmt]
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the review as {format}")
                                              .format(format=translate("VerdictView", title)),
                                              f"review{suffix}")
        return path or None

    def export_dialog(self, fmt: str) -> None:
        path = self.ask_path(fmt)
        if path:
            self.export(fmt, path)

    def export(self, fmt: str, path: str) -> bool:
        if self.review is None:
            self.status.setText(self.tr("Review first, then export the report."))
            return False
        uri = self.reviewed_dockerfile or "Dockerfile"
        try:
            Path(path).write_bytes(render(self.review, fmt, repository_uri(uri)))
        except OSError as exc:
            self.status.setText(self.tr("The report could not be written to {path}: "
                                        "{reason}.").format(path=path,
                                                            reason=exc.strerror or exc))
            return False
        self.status.setText(self.tr("Wrote the {format} to {path}.").format(
            format=translate("VerdictView", FORMATS[fmt][0]), path=path))
        return True


def _where(reason: Reason) -> str:
    """As a reader counts: lines from 1, layers as the timeline shows them."""
    parts = []
    if reason.line is not None:
        parts.append(translate("VerdictView", "line {line}").format(line=reason.line))
    if reason.layer is not None:
        parts.append(translate("VerdictView", "layer {layer}").format(layer=reason.layer))
    if reason.path:
        parts.append(reason.path)
    return ", ".join(parts)


def repository_uri(path: str) -> str:
    """SARIF wants a repository-relative URI: the Dockerfile's name beside its context."""
    return Path(path).name if Path(path).is_absolute() else Path(path).as_posix()
