"""Logs reach the window through a logging.Handler that emits a Qt signal.

Records may come from worker threads; the signal's queued delivery puts the text on
the UI thread, so the handler never touches a widget itself.
"""

from __future__ import annotations

import contextlib
import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QPlainTextEdit, QWidget


class _Emitter(QObject):
    record = Signal(str, int)  # formatted message, level


class SignalLogHandler(logging.Handler):
    def __init__(self, level: int = logging.INFO) -> None:
        super().__init__(level)
        self.emitter = _Emitter()
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s",
                                            "%H:%M:%S"))

    def emit(self, record: logging.LogRecord) -> None:
        # RuntimeError: the window (and its emitter) is already gone.
        with contextlib.suppress(RuntimeError):
            self.emitter.record.emit(self.format(record), record.levelno)


class LogPanel(QPlainTextEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setMaximumBlockCount(5000)

    def append_record(self, text: str, _level: int) -> None:
        self.appendPlainText(text)
