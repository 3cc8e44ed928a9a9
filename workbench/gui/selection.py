"""One selection drives every view: a Dockerfile line, a timeline step, a file, a problem.

Panels never talk to each other directly; they read and set the current image and
selection here and follow the signals. Setters ignore no-op changes so that a panel
reacting to a signal by setting the same value does not loop.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal


class ImageContext(QObject):
    # The analysed image now shown (workbench.core analysis object), or None.
    analysis_changed = Signal(object)
    # Index into the image's history (metadata steps included), -1 for none.
    step_selected = Signal(int)
    # 1-based inclusive Dockerfile line range, (0, 0) for none.
    lines_selected = Signal(int, int)
    # Path inside the image ("etc/passwd"), "" for none.
    path_selected = Signal(str)
    # The Dockerfile now open in the editor: (path or "", text).
    dockerfile_changed = Signal(str, str)
    # A container to show in the overlay view (its id), and a changed path in it or "".
    container_shown = Signal(str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.analysis: Any = None
        self.step: int = -1
        self.lines: tuple[int, int] = (0, 0)
        self.path: str = ""
        self.dockerfile_path: str = ""
        self.dockerfile_text: str = ""

    def set_analysis(self, analysis: Any) -> None:
        self.analysis = analysis
        self.step = -1
        self.analysis_changed.emit(analysis)

    def select_step(self, index: int) -> None:
        if index != self.step:
            self.step = index
            self.step_selected.emit(index)

    def select_lines(self, start: int, end: int) -> None:
        if (start, end) != self.lines:
            self.lines = (start, end)
            self.lines_selected.emit(start, end)

    def select_path(self, path: str) -> None:
        if path != self.path:
            self.path = path
            self.path_selected.emit(path)

    def show_container(self, container_id: str, path: str = "") -> None:
        """Ask for ``container_id``'s lower, upper and merged dirs; always emitted, as a
        second look at the same container shows what changed since."""
        self.container_shown.emit(container_id, path)

    def set_dockerfile(self, path: str, text: str) -> None:
        if (path, text) != (self.dockerfile_path, self.dockerfile_text):
            self.dockerfile_path, self.dockerfile_text = path, text
            self.dockerfile_changed.emit(path, text)
