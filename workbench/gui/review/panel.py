"""The Review dock: the verdict, the build history with its trend, and the comparison.

Three tabs over one ImageContext: "Verdict" reviews the image in the timeline with the
open Dockerfile, "History" lists this Dockerfile's builds with a trend chart, "Compare"
compares two images (two builds picked in the history land there in one click).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from workbench.core.review.history import BuildRecord
from workbench.gui.review.compare_view import CompareView
from workbench.gui.review.history_view import HistoryView
from workbench.gui.review.verdict_view import VerdictView
from workbench.gui.selection import ImageContext
from workbench.gui.worker import JobRunner


class ReviewPanel(QWidget):
    def __init__(self, context: ImageContext, runner: JobRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.verdict = VerdictView(context, runner)
        self.history = HistoryView(context)
        self.compare = CompareView(context, runner)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.verdict, self.tr("Verdict"))
        self.tabs.addTab(self.history, self.tr("History"))
        self.tabs.addTab(self.compare, self.tr("Compare"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.history.compare_requested.connect(self._compare_records)
        self.compare.previous_button.clicked.connect(
            lambda: self.tabs.setCurrentWidget(self.compare))

    @property
    def connect_engine(self) -> Callable[[], Any]:
        return self.verdict.connect_engine

    @connect_engine.setter
    def connect_engine(self, connect: Callable[[], Any]) -> None:
        """The window's endpoint, for both views that open images on the engine."""
        self.verdict.connect_engine = self.compare.connect_engine = connect

    def _compare_records(self, older: BuildRecord, newer: BuildRecord) -> None:
        self.tabs.setCurrentWidget(self.compare)
        self.compare.compare_records(older, newer)
