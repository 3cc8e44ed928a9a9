"""Offering to clean up sandboxes that a killed earlier run left mounted.

Finding and unmounting them touches /proc/mounts and the disk, so both run as jobs; the
offer is a button that shows only while there is something to clean.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QPushButton

from workbench.gui.worker import JobRunner


class StaleOffer(QObject):
    cleaned = Signal(str)  # what was done, one line per sandbox joined by "; "
    failed = Signal(str)  # a sentence for the user

    def __init__(self, button: QPushButton, runner: JobRunner,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.button, self.runner = button, runner
        self.found: list[Any] = []
        button.clicked.connect(self.clean)

    def find(self) -> None:
        def job(_p: Any, _c: Any) -> Any:
            from workbench.core.overlay.stale import find_stale

            return find_stale()

        self.runner.start(job, name="find stale overlay sandboxes",
                          key=f"overlay-stale-{id(self)}", on_result=self._show)

    def clean(self) -> None:
        found = list(self.found)

        def job(_p: Any, _c: Any) -> Any:
            from workbench.core.overlay.stale import clean_stale

            return clean_stale(found)

        self.runner.start(job, name="clean stale sandboxes", on_result=self._on_cleaned,
                          on_error=self.failed.emit)

    def _show(self, found: list[Any]) -> None:
        self.found = found
        self.button.setVisible(bool(found))
        self.button.setText(self.tr("Clean up {count} stale sandbox(es)").format(
            count=len(found)))
        self.button.setToolTip("\n".join(item.describe() for item in found))

    def _on_cleaned(self, lines: list[str]) -> None:
        self.cleaned.emit("; ".join(lines))
        self._show([])
