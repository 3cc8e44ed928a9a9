"""Runs lint in the background, debounced, and shows the results for the right tab.

Each edit restarts a single-shot timer; when it fires, one job per document (keyed by
the document) lints a snapshot of the text. A newer job with the same key cancels the
older one and the runner drops its late result, so markers never go back in time.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from workbench.core.lint import LintResult, lint
from workbench.core.progress import CancelToken
from workbench.gui.editor.tabs import DocumentTab, EditorArea
from workbench.gui.worker import JobRunner

DEBOUNCE_MS = 400


class LintController(QObject):
    # (document tab, result) whenever a lint run finishes for a tab still open.
    linted = Signal(object, object)

    def __init__(self, area: EditorArea, runner: JobRunner, parent: QObject | None = None,
                 use_hadolint: bool = True) -> None:
        super().__init__(parent)
        self.area = area
        self.runner = runner
        self.use_hadolint = use_hadolint
        self.results: dict[str, LintResult] = {}
        self._pending: set[DocumentTab] = set()
        self._stopped = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self._run_pending)
        area.text_edited.connect(self.schedule)

    def stop(self) -> None:
        """No more linting: the window is closing."""
        self.timer.stop()
        self._pending.clear()
        self._stopped = True

    def schedule(self, tab: DocumentTab) -> None:
        if self._stopped:
            return
        self._pending.add(tab)
        self.timer.start()

    def lint_now(self, tab: DocumentTab) -> None:
        self._pending.add(tab)
        self._run_pending()

    def _run_pending(self) -> None:
        tabs, self._pending = self._pending, set()
        if self._stopped:
            return
        open_tabs = set(self.area.documents())
        for tab in tabs & open_tabs:
            self._start(tab)

    def _start(self, tab: DocumentTab) -> None:
        text, project_dir, use_hadolint = tab.text(), tab.project_dir, self.use_hadolint

        def work(_progress: Any, cancel: CancelToken) -> LintResult:
            return lint(text, project_dir, cancel=cancel, use_hadolint=use_hadolint)

        def done(result: LintResult) -> None:
            if tab not in self.area.documents():
                return  # closed while linting
            self.results[tab.key] = result
            tab.editor.set_diagnostics(result.diagnostics)
            self.linted.emit(tab, result)

        self.runner.start(work, name="lint", key=f"lint:{id(tab)}", on_result=done,
                          on_error=lambda message: done(LintResult(note=message)))
