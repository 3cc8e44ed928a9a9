"""Records each successful window build in the build history, once its analysis is in.

A build ends before its numbers exist: the window then opens and analyses the new image.
So a finished build is kept pending, and the record is written when the analysis of that
very image arrives in the ImageContext (size, wasted and reclaimable come from it). A
build whose analysis never arrives (cancelled, failed) is not recorded.

``history_events()`` is one object for the whole application, so a panel built before or
after the recorder hears about new records all the same.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from workbench.core.review.history import BuildHistory, BuildRecord
from workbench.gui.selection import ImageContext

log = logging.getLogger(__name__)


class HistoryEvents(QObject):
    recorded = Signal(object)  # BuildRecord


_events: HistoryEvents | None = None


def history_events() -> HistoryEvents:
    global _events
    if _events is None:
        _events = HistoryEvents()
    return _events


class BuildRecorder(QObject):
    recorded = Signal(object)  # BuildRecord

    def __init__(self, builds: Any, context: ImageContext,
                 built_dockerfile: Callable[[], str], parent: QObject | None = None,
                 history: BuildHistory | None = None) -> None:
        """``builds`` is the window's BuildController; ``built_dockerfile`` says which
        Dockerfile the build that just finished was made from."""
        super().__init__(parent)
        self.context = context
        self.history = history
        self.built_dockerfile = built_dockerfile
        self.pending: tuple[str, float, str, str] | None = None  # id, time, path, text
        builds.finished.connect(self._on_build_finished)
        context.analysis_changed.connect(self._on_analysis)

    def _on_build_finished(self, ok: bool, _message: str, image_id: str) -> None:
        if not ok or not image_id:
            self.pending = None
            return
        path = self.built_dockerfile()
        try:
            text = Path(path).read_text(encoding="utf-8") if path else ""
        except (OSError, UnicodeDecodeError):
            text = ""
        self.pending = (image_id, time.time(), path, text)

    def _on_analysis(self, analysis: Any) -> None:
        info = getattr(analysis, "info", None)
        if self.pending is None or info is None or info.id != self.pending[0]:
            return
        image_id, when, path, text = self.pending
        self.pending = None
        metrics = analysis.metrics
        record = BuildRecord(image_id, when, str(Path(path).resolve()) if path else "",
                             analysis.size_bytes, metrics.wasted_bytes,
                             metrics.reclaimable_bytes, tuple(info.repo_tags or ()), text)
        try:
            record = (self.history or BuildHistory()).add(record)
        except OSError as exc:  # a history that cannot be written must not stop builds
            log.warning("The build history could not be written: %s", exc)
            return
        self.recorded.emit(record)
        history_events().recorded.emit(record)
