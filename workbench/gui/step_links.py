"""Keeps the editor and the shared selection in step: lines ↔ history steps ↔ sizes.

The core's linking aligns the analysed image's history with the open Dockerfile's final
stage; from it the gutter shows the size each instruction's layer added, a cursor move
selects that instruction's step, and a step picked elsewhere lights up its lines.
Parsing and aligning a Dockerfile takes a millisecond or two, so it runs on the UI
thread, once per text and analysis, never per keystroke (cached on the text).
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer

from workbench.core.analysis.totals import layer_size
from workbench.gui.editor.tabs import DocumentTab, EditorArea
from workbench.gui.formatting import human_size
from workbench.gui.i18n import translate
from workbench.gui.selection import ImageContext

log = logging.getLogger(__name__)


def _parse(text: str) -> Any:
    try:
        from workbench.core.dockerfile.parser import parse
    except ImportError:
        return None
    return parse(text)


def compute_links(analysis: Any, dockerfile: Any) -> Any:
    history = getattr(getattr(analysis, "info", None), "history", None)
    if history is None or dockerfile is None:
        return None
    try:
        from workbench.core.linking import link
    except ImportError:
        return None
    return link(history, dockerfile)


def line_sizes(analysis: Any, links: Any, dockerfile: Any) -> dict[int, str]:
    """Gutter text per line: the layer size of each linked instruction, base on FROM."""
    if links is None or not getattr(links, "linked", False):
        return {}
    info = analysis.info
    reports = {getattr(layer, "index", i): layer
               for i, layer in enumerate(getattr(analysis, "layers", []) or [])}
    sizes: dict[int, str] = {}
    base_total = 0
    for link in links.steps:
        step = info.history[link.step]
        layer = None if step.empty_layer else step.layer_index
        size = 0 if layer is None else layer_size(analysis, reports.get(layer), layer)
        if links.is_base(link.step):
            base_total += size
        elif link.line_start:
            # An instruction edited since the build keeps its line but not its number.
            sizes[link.line_start] = (
                translate("StepLinks", "stale") if not link.exact else
                translate("StepLinks", "meta") if step.empty_layer else human_size(size))
    stages = getattr(dockerfile, "stages", [])
    if stages:
        sizes[stages[-1].line] = translate("StepLinks", "base {size}").format(
            size=human_size(base_total))
    return sizes


class StepLinker(QObject):
    def __init__(self, context: ImageContext, area: EditorArea,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.area = area
        self._cache: tuple[str, Any, Any] | None = None  # text, analysis, (df, links)
        self._tab: DocumentTab | None = None
        self._line = 0
        context.analysis_changed.connect(lambda _a: self.refresh())
        context.step_selected.connect(self._on_step)
        context.lines_selected.connect(self._on_lines)
        area.current_changed.connect(self._on_tab)
        area.saved.connect(lambda _t: self.refresh())
        # Sizes follow edits: relinked shortly after typing stops, so a size stays on
        # its instruction's line and an edited instruction shows "stale".
        self._relink = QTimer(self)
        self._relink.setSingleShot(True)
        self._relink.setInterval(150)
        self._relink.timeout.connect(self.refresh)
        area.text_edited.connect(lambda tab: tab is area.current() and self._relink.start())

    def _links(self, tab: DocumentTab) -> tuple[Any, Any]:
        text, analysis = tab.text(), self.context.analysis
        if self._cache and self._cache[0] == text and self._cache[1] is analysis:
            return self._cache[2]
        dockerfile = _parse(text)
        try:
            links = compute_links(analysis, dockerfile)
        except Exception:  # a linking bug must not break editing; the log says what
            log.exception("Linking the history to the Dockerfile failed")
            links = None
        self._cache = (text, analysis, (dockerfile, links))
        return dockerfile, links

    def refresh(self) -> None:
        tab = self.area.current()
        if tab is None:
            return
        dockerfile, links = self._links(tab)
        analysis = self.context.analysis
        tab.editor.set_layer_sizes(line_sizes(analysis, links, dockerfile) if analysis else {})

    def _on_tab(self, tab: DocumentTab | None) -> None:
        if self._tab is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self._tab.editor.cursorPositionChanged.disconnect(self._on_cursor)
        self._tab = tab
        if tab is not None:
            tab.editor.cursorPositionChanged.connect(self._on_cursor)
            self.context.set_dockerfile(tab.path, tab.text())
        self.refresh()

    def _on_cursor(self) -> None:
        tab = self.area.current()
        if tab is None:
            return
        line = tab.editor.textCursor().blockNumber() + 1
        if line == self._line:
            return
        self._line = line
        dockerfile, links = self._links(tab)
        instruction = dockerfile.instruction_at(line) if dockerfile is not None else None
        if instruction is None:
            return
        self.context.select_lines(instruction.line_start, instruction.line_end)
        if links is not None and getattr(links, "linked", False):
            steps = links.steps_for_lines(instruction.line_start, instruction.line_end)
            if steps:
                self.context.select_step(steps[-1])

    def _on_step(self, step: int) -> None:
        tab = self.area.current()
        if tab is None or step < 0:
            return
        _dockerfile, links = self._links(tab)
        if links is None or not getattr(links, "linked", False):
            return
        start, end = links.lines_for_step(step)
        tab.editor.set_step_lines(start, end)

    def _on_lines(self, start: int, end: int) -> None:
        tab = self.area.current()
        if tab is None:
            return
        tab.editor.set_step_lines(start, end)
        cursor_line = tab.editor.textCursor().blockNumber() + 1
        if start and not start <= cursor_line <= end:
            self._line = start
            tab.editor.go_to_line(start, end)
