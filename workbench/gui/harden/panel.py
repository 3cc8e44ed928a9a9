"""The Harden panel: check the open Dockerfile and its image, fix, rebuild and verify.

The core does the work (``workbench.core.harden``); the panel runs it through the
window's JobRunner with progress and cancel. A fix never edits the editor directly: the
panel shows its diff, asks, and hands (path, the text the report was made for, the new
text) to ``replace_text``, which the window binds to the tab holding exactly that text,
so a fix computed for one document can never land in another. The window applies it
as one undoable edit; after a verify that fails, Undo puts the checked text back.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workbench.core.engine.connection import connect
from workbench.core.harden.fixes import Fix, apply_fixes, unified_diff
from workbench.core.harden.imagefs import image_exists
from workbench.core.harden.model import Finding, redact
from workbench.core.harden.publish import push_and_pin
from workbench.core.harden.run import HardenReport, harden
from workbench.core.harden.verify import VerifyResult, verify
from workbench.core.progress import CancelToken, ProgressEvent
from workbench.gui.button_bar import button_bar
from workbench.gui.harden.findings_tree import FindingsTree, where
from workbench.gui.harden.verify_view import verify_html
from workbench.gui.out_of_date import OutOfDate
from workbench.gui.selection import ImageContext
from workbench.gui.worker import Job, JobRunner

Progress = Callable[[ProgressEvent], None]
# Findings counted per severity, singular and plural ("info" has no plural in English).
COUNTS = {"error": (str(QT_TRANSLATE_NOOP("HardenPanel", "{count} error")),
                    str(QT_TRANSLATE_NOOP("HardenPanel", "{count} errors"))),
          "warning": (str(QT_TRANSLATE_NOOP("HardenPanel", "{count} warning")),
                      str(QT_TRANSLATE_NOOP("HardenPanel", "{count} warnings"))),
          "info": (str(QT_TRANSLATE_NOOP("HardenPanel", "{count} info")),
                   str(QT_TRANSLATE_NOOP("HardenPanel", "{count} info")))}
SEVERITY_NAMES = {"error": str(QT_TRANSLATE_NOOP("HardenPanel", "error")),
                  "warning": str(QT_TRANSLATE_NOOP("HardenPanel", "warning")),
                  "info": str(QT_TRANSLATE_NOOP("HardenPanel", "info"))}
# (path, the text the fix was computed for, the new text) -> applied?
ReplaceText = Callable[[str, str, str], bool]


def _no_editor(_path: str, _old: str, _new: str) -> bool:
    return False


class HardenPanel(QWidget):
    checked = Signal(object)  # HardenReport
    verified = Signal(object)  # VerifyResult
    failed = Signal(str)  # a sentence for the user

    def __init__(self, context: ImageContext, runner: JobRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.runner = runner
        self.connect_engine: Callable[[], Any] = connect
        self.replace_text: ReplaceText = _no_editor  # the window binds its editor here
        # Asked before a fix goes in: (summary, diff) -> go ahead? Tests answer in code.
        self.confirm_fix: Callable[[str, str], bool] = self._ask_fix
        self.ask_registry: Callable[[], str | None] = self._ask_registry
        self.report: HardenReport | None = None
        self.report_path = ""  # the document the report was made for
        self.checked_image: str | None = None
        self.undo_text: str | None = None  # the checked text, before the fixes went in
        self.last_verify: VerifyResult | None = None
        self.job: Job | None = None
        self._key = f"harden-{id(self)}"
        self._build_ui()
        self.tree.currentItemChanged.connect(lambda *_: self._on_selected())
        self.tree.itemActivated.connect(lambda *_: self.go_to_selected())

    # -- layout ---------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.check_button = QPushButton(self.tr("Check"))
        self.check_button.setToolTip(self.tr("Run every hardening check on the open Dockerfile "
                                             "and the image in the timeline"))
        self.use_image = QCheckBox(self.tr("With the image in the timeline"))
        self.use_image.setChecked(True)
        self.fix_button = QPushButton(self.tr("Fix"))
        self.fix_all_button = QPushButton(self.tr("Fix all safe"))
        self.fix_all_button.setToolTip(self.tr("Apply every fix that changes no behaviour"))
        self.push_button = QPushButton(self.tr("Push for a digest…"))
        self.push_button.setToolTip(self.tr("Push a local-only base to a registry you name, "
                                            "then pin the pushed copy by its digest"))
        self.fix_button.setToolTip(self.tr("Show the selected finding's fix as a diff, then "
                                           "apply it"))
        self.verify_button = QPushButton(self.tr("Rebuild and verify"))
        self.verify_button.setToolTip(self.tr("Build the fixed Dockerfile, check it again and "
                                              "start it without network"))
        self.undo_button = QPushButton(self.tr("Undo the fixes"))
        self.undo_button.setToolTip(self.tr("Put the checked Dockerfile back"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.status = QLabel(self.tr("Check the open Dockerfile for what makes its image "
                                     "unsafe."))
        self.status.setWordWrap(True)
        self.out_of_date = OutOfDate(self.context, self.tr("Check"))
        top = button_bar(self.check_button, self.use_image, self.fix_button,
                         self.fix_all_button, self.push_button, self.verify_button,
                         self.undo_button, self.cancel_button)
        self.tree = FindingsTree()
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        split = QSplitter()
        split.addWidget(self.tree)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(top)
        layout.addWidget(self.status)
        layout.addWidget(self.out_of_date)
        layout.addWidget(split, 1)
        self.check_button.clicked.connect(self.check)
        self.fix_button.clicked.connect(self.fix_selected)
        self.fix_all_button.clicked.connect(self.fix_all_safe)
        self.push_button.clicked.connect(self.push_selected)
        self.verify_button.clicked.connect(self.rebuild_and_verify)
        self.undo_button.clicked.connect(self.undo_fixes)
        self.cancel_button.clicked.connect(self.cancel)
        self._tips = {b: b.toolTip() for b in (self.fix_button, self.push_button,
                                               self.fix_all_button, self.verify_button,
                                               self.undo_button)}
        self._disabled_reasons = {
            self.fix_button: self.tr("Select a finding that has a fix."),
            self.push_button: self.tr("Select a base that is only in this engine."),
            self.fix_all_button: self.tr("No finding has a fix that changes no behaviour."),
            self.verify_button: self.tr("Check first."),
            self.undo_button: self.tr("No fix went in since the last check.")}
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self.job is not None
        finding = self.tree.selected_finding()
        self.check_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.fix_button.setEnabled(not busy and finding is not None and
                                   finding.fix is not None and finding.fix.file == "Dockerfile")
        self.fix_all_button.setEnabled(not busy and bool(self._safe_fixes()))
        self.push_button.setEnabled(not busy and finding is not None and
                                    finding.id == "IW-BASE-DIGEST" and finding.fix is None
                                    and bool(finding.evidence.image))
        self.verify_button.setEnabled(not busy and self.report is not None)
        self.undo_button.setEnabled(not busy and self.undo_text is not None)
        for button, why in self._disabled_reasons.items():
            button.setToolTip(self._tips[button] if button.isEnabled() else why)

    # -- jobs -----------------------------------------------------------------------------
    def _start(self, name: str, work: Callable[[Progress, CancelToken], Any],
               on_result: Callable[[Any], None]) -> None:
        self.job = self.runner.start(work, name=name, key=self._key, on_result=on_result,
                                     on_error=self._on_error, on_progress=self._on_progress,
                                     on_cancelled=self._on_cancelled,
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
        text = self.tr("{message} ({done}/{total})…") if event.total else \
            self.tr("{message}…")
        self.status.setText(text.format(message=event.message, done=event.done,
                                        total=event.total))

    def _on_error(self, message: str) -> None:
        self.status.setText(message)
        self.failed.emit(message)

    def _on_cancelled(self) -> None:
        self.status.setText(self.tr("Cancelled."))

    def _client(self) -> Any:
        return self.connect_engine().client

    def _document(self) -> tuple[str, str, Path | None]:
        path = self.context.dockerfile_path
        return path, self.context.dockerfile_text, Path(path).parent if path else None

    # -- check ----------------------------------------------------------------------------
    def check(self) -> None:
        path, text, context_dir = self._document()
        if not text.strip():
            self.status.setText(self.tr("Open a Dockerfile to check."))
            return
        info = getattr(self.context.analysis, "info", None)
        wanted = str(getattr(info, "id", "") or "") if self.use_image.isChecked() else ""

        def work(progress: Progress, cancel: CancelToken) -> tuple[HardenReport, str | None]:
            try:
                client = self._client()
            except Exception:  # no engine: the Dockerfile checks still run
                client = None
            try:
                image = wanted if client is not None and wanted and \
                    image_exists(client, wanted) else None
                report = harden(path or None, text=text, context_dir=context_dir,
                                image=image, client=client, progress=progress,
                                cancel=cancel)
                return report, image
            finally:
                if client is not None:
                    client.close()

        def done(value: tuple[HardenReport, str | None]) -> None:
            report, image = value
            self.undo_text = None
            self._show_report(report, path, image)

        self.status.setText(self.tr("Checking…"))
        self._start("harden", work, done)

    def _show_report(self, report: HardenReport, path: str, image: str | None) -> None:
        self.report, self.report_path, self.checked_image = report, path, image
        self.out_of_date.set_made_for(path, report.text, image)
        self.tree.show_findings(report.findings)
        said: dict[str, str] = {}
        for severity, (one, many) in COUNTS.items():
            n = sum(f.severity == severity for f in report.findings)
            said[severity] = self.tr(many if n != 1 else one).format(count=n)
        text = (self.tr("{error}, {warning}, {info}; checked the image {image}.") if image else
                self.tr("{error}, {warning}, {info}; checked the Dockerfile alone."))
        self.status.setText(text.format(image=(image or "")[:19], **said))
        notes = "".join(f"<li>{escape(note)}</li>" for note in report.notes)
        intro = escape(self.tr("Select a finding to see why it matters and its fix."))
        notes_title = escape(self.tr("Notes:"))
        self.detail.setHtml(f"<p>{intro}</p>"
                            + (f"<p>{notes_title}</p><ul>{notes}</ul>" if notes else ""))
        self._update_buttons()
        self.checked.emit(report)

    # -- selection ------------------------------------------------------------------------
    def _on_selected(self) -> None:
        self._update_buttons()
        finding = self.tree.selected_finding()
        if finding is None or self.report is None:
            return
        self.detail.setHtml(self._finding_html(finding))
        self.go_to_selected()

    def _finding_html(self, finding: Finding) -> str:
        assert self.report is not None
        peers = ", ".join(finding.peer_ids) or self.tr("none")
        severity = self.tr(SEVERITY_NAMES.get(finding.severity, finding.severity))
        facts = self.tr("<b>{rule}</b> ({severity}); peers: {peers}; where: {where}").format(
            rule=escape(finding.id), severity=escape(severity), peers=escape(peers),
            where=escape(where(finding)) or escape(self.tr("the whole image")))
        parts = [f"<h3>{escape(finding.title)}</h3>",
                 f"<p>{escape(finding.why)}</p>",
                 f"<p>{facts}</p>"]
        if finding.fix is not None:
            diff = finding.fix.diff(self.report.text) if finding.fix.file == "Dockerfile" \
                else ""
            fix = (self.tr("<b>Fix:</b> {summary}") if finding.fix.safe else
                   self.tr("<b>Fix:</b> {summary} (changes how the image runs)"))
            parts.append(f"<p>{fix.format(summary=escape(finding.fix.summary))}</p>")
            if diff:
                parts.append("<pre style='white-space: pre-wrap'>"
                             f"{escape(redact(diff, self.report.secrets))}</pre>")
        return "".join(parts)

    def go_to_selected(self) -> None:
        """Select the finding's line in the editor, its layer in the timeline, its file."""
        finding = self.tree.selected_finding()
        if finding is None:
            return
        evidence = finding.evidence
        if evidence.line and self.context.dockerfile_path == self.report_path:
            self.context.select_lines(evidence.line, evidence.line)
        analysis = self.context.analysis
        info = getattr(analysis, "info", None)
        if evidence.layer is not None and analysis is not None and self.checked_image and \
                getattr(info, "id", None) == self.checked_image:
            step = next((s.index for s in analysis.steps() if s.layer is not None
                         and s.layer.index == evidence.layer), None)
            if step is not None:
                self.context.select_step(step)
            if evidence.path:
                self.context.select_path(evidence.path.lstrip("/"))

    # -- fixes ----------------------------------------------------------------------------
    def _safe_fixes(self) -> list[Fix]:
        if self.report is None:
            return []
        return [f.fix for f in self.report.fixable() if f.fix is not None and f.fix.safe]

    def _ask_fix(self, summary: str, diff: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Apply the fix"), summary,
                          parent=self)
        box.setDetailedText(diff)
        box.setStandardButtons(QMessageBox.StandardButton.Apply
                               | QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Apply

    def _apply(self, summary: str, fixes: list[Fix]) -> bool:
        report = self.report
        if report is None or not fixes:
            return False
        new_text, applied, left = apply_fixes(report.text, fixes)
        diff = redact(applied[0].diff(report.text) if len(applied) == 1 else
                      unified_diff(report.text, new_text), report.secrets)
        if not self.confirm_fix(summary, diff):
            return False
        if not self.replace_text(self.report_path, report.text, new_text):
            self.status.setText(self.tr("The Dockerfile changed since the check, or its tab is "
                                        "closed: check again, then fix."))
            return False
        self.undo_text = self.undo_text if self.undo_text is not None else report.text
        # The report now describes the new text: its fixes stay applicable to what is open.
        report.text = new_text
        self.out_of_date.set_made_for(self.report_path, new_text, self.checked_image)
        done = {id(f) for f in applied}
        for finding in report.findings:
            if finding.fix is not None and id(finding.fix) in done:
                finding.fix = None
        self.tree.show_findings(report.findings)
        text = self.tr("Applied {applied} fixes; {left} fixes touch the same lines and wait "
                       "for the next check. Rebuild and verify to prove them.") if left else \
            self.tr("Applied {applied} fixes. Rebuild and verify to prove them.")
        self.status.setText(text.format(applied=len(applied), left=len(left)))
        self._update_buttons()
        return True

    def fix_selected(self) -> bool:
        finding = self.tree.selected_finding()
        if finding is None or finding.fix is None:
            return False
        return self._apply(finding.fix.summary, [finding.fix])

    def fix_all_safe(self) -> bool:
        fixes = self._safe_fixes()
        return self._apply(self.tr("Apply {count} fixes that change no behaviour.").format(
            count=len(fixes)), fixes)

    def undo_fixes(self) -> bool:
        report = self.report
        if report is None or self.undo_text is None:
            return False
        if not self.replace_text(self.report_path, report.text, self.undo_text):
            self.status.setText(self.tr("The Dockerfile changed since the fixes went in: use "
                                        "the editor's undo."))
            return False
        report.text = self.undo_text
        self.out_of_date.set_made_for(self.report_path, report.text, self.checked_image)
        self.undo_text = None
        self.status.setText(self.tr("The fixes are undone: the Dockerfile is as it was "
                                    "checked."))
        self._update_buttons()
        return True

    # -- push for a digest ----------------------------------------------------------------
    def _ask_registry(self) -> str | None:
        name, ok = QInputDialog.getText(self, self.tr("Push for a digest"),
                                        self.tr("Registry (host:port):"), text="localhost:5000")
        return name if ok else None

    def push_selected(self) -> None:
        finding = self.tree.selected_finding()
        report = self.report
        if finding is None or report is None:
            return
        registry = self.ask_registry()
        if not registry:
            return
        text = report.text

        def work(progress: Progress, cancel: CancelToken) -> Fix:
            client = self._client()
            try:
                return push_and_pin(client, finding, text, registry, progress, cancel)
            finally:
                client.close()

        def done(fix: Fix) -> None:
            finding.fix = fix
            self.tree.show_findings(report.findings)
            self._apply(fix.summary, [fix])

        self.status.setText(self.tr("Pushing to {registry}…").format(registry=registry))
        self._start("push for a digest", work, done)

    # -- rebuild and verify ---------------------------------------------------------------
    def rebuild_and_verify(self) -> None:
        report = self.report
        path, text, context_dir = self._document()
        if report is None or context_dir is None:
            self.status.setText(self.tr("Save the Dockerfile in its build context, then "
                                        "verify: the rebuild needs the context directory."))
            return
        if path != self.report_path or text != report.text:
            self.status.setText(self.tr("The open Dockerfile is not the one checked: check "
                                        "again."))
            return
        original = self.undo_text if self.undo_text is not None else text
        image = self.checked_image  # built from ``original``, so it is not rebuilt

        def work(progress: Progress, cancel: CancelToken) -> VerifyResult:
            client = self._client()
            try:
                return verify(client, original, text, context_dir, image=image,
                              progress=progress, cancel=cancel)
            finally:
                client.close()

        def done(result: VerifyResult) -> None:
            self.last_verify = result
            self.detail.setHtml(verify_html(result))
            held = result.ok and not result.error
            self.status.setText(self.tr("Verified: the fixed image builds, starts and its "
                                        "findings are gone.") if held else
                                self.tr("The fix does not hold: {error} Undo puts the checked "
                                        "Dockerfile back.").format(error=result.error))
            self.verified.emit(result)

        self.status.setText(self.tr("Rebuilding…"))
        self._start("rebuild and verify", work, done)
